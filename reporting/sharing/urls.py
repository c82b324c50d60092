"""The addresses a share link's holder opens (no account), and support's read-only pages."""

from django.urls import path

from reporting.sharing import views

app_name = "sharing"

urlpatterns = [
    path("s/<str:secret>", views.shared, name="shared"),
    path("s/<str:secret>/transcript", views.shared_transcript, name="shared_transcript"),
    path(
        "s/<str:secret>/certificates/<uuid:public_id>",
        views.shared_certificate,
        name="shared_certificate",
    ),
    path("support/", views.support_list, name="support_list"),
    path("support/<uuid:public_id>/", views.support_record, name="support_record"),
]
