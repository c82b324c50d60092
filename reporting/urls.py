from django.urls import path

from . import account_views, portability_views, transcript_views, views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("licenses/new", views.license_create, name="license_create"),
    path("licenses/<int:pk>/", views.license_detail, name="license_detail"),
    path("licenses/<int:pk>/edit", views.license_edit, name="license_edit"),
    path("licenses/<int:pk>/delete", views.license_delete, name="license_delete"),
    path(
        "licenses/<int:pk>/requirements/<str:code>/attest",
        views.attestation_edit,
        name="attestation_edit",
    ),
    path(
        "licenses/<int:pk>/requirements/<str:code>/attest/delete",
        views.attestation_delete,
        name="attestation_delete",
    ),
    # Transcripts, audit packets and the deadline calendar (issue #5)
    path("transcripts/", transcript_views.transcript_list, name="transcripts"),
    path("transcripts/new", transcript_views.transcript_request, name="transcript_request"),
    path(
        "transcripts/<uuid:pk>/status", transcript_views.transcript_status, name="transcript_status"
    ),
    path(
        "transcripts/<uuid:pk>/download",
        transcript_views.transcript_download,
        name="transcript_download",
    ),
    path("transcripts/<uuid:pk>/retry", transcript_views.transcript_retry, name="transcript_retry"),
    path("calendar/<str:token>.ics", transcript_views.calendar_feed, name="calendar_feed"),
    path(
        "calendar/regenerate",
        transcript_views.calendar_feed_regenerate,
        name="calendar_feed_regenerate",
    ),
    path("practice/", account_views.practice, name="practice"),
    # Your history and account deletion (issue 7)
    path("history/", account_views.history, name="history"),
    path("account/delete", account_views.account_delete_view, name="account_delete"),
    # Export and import of the whole record (issue 6)
    path("export.zip", portability_views.export_download, name="export"),
    path("import/", portability_views.import_page, name="import"),
]
