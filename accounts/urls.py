from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("delete", views.account_delete, name="delete"),
    path("tokens/new", views.api_token_create, name="token_create"),
    path("tokens/<int:pk>/revoke", views.api_token_revoke, name="token_revoke"),
    path("support/", views.support_access, name="support"),
    path("support/<int:pk>/close", views.support_access_close, name="support_close"),
]
