from django.urls import path

from . import views

app_name = "organizations_connect"

urlpatterns = [
    path("organizations/<slug:slug>/api-tokens/", views.token_list, name="tokens"),
    path("organizations/<slug:slug>/api-tokens/new", views.token_create, name="token_create"),
    path(
        "organizations/<slug:slug>/api-tokens/<int:pk>/revoke",
        views.token_revoke,
        name="token_revoke",
    ),
    path("organizations/<slug:slug>/digest", views.digest_setting, name="digest"),
    path("sign-in/organization", views.sign_in, name="sign_in"),
]
