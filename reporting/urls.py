"""The physician's pages of the report, room by room, under /dashboard/ and one namespace
(`reporting:`), so every link written before the rooms existed still resolves."""

from django.urls import path
from django.views.generic import RedirectView

from reporting.deadlines import views as deadline_views
from reporting.licenses import views as license_views
from reporting.record import views as record_views
from reporting.sharing import views as sharing_views
from reporting.transcripts import views as transcript_views

app_name = "reporting"

licenses = [
    path("", license_views.dashboard, name="dashboard"),
    path("licenses/new", license_views.license_create, name="license_create"),
    path("licenses/<int:pk>/", license_views.license_detail, name="license_detail"),
    path("licenses/<int:pk>/edit", license_views.license_edit, name="license_edit"),
    path("licenses/<int:pk>/delete", license_views.license_delete, name="license_delete"),
    path(
        "licenses/<int:pk>/requirements/<str:code>/credits",
        license_views.requirement_credits,
        name="requirement_credits",
    ),
    path(
        "licenses/<int:pk>/requirements/<str:code>/attest",
        license_views.attestation_edit,
        name="attestation_edit",
    ),
    path(
        "licenses/<int:pk>/requirements/<str:code>/attest/delete",
        license_views.attestation_delete,
        name="attestation_delete",
    ),
    path("practice/", license_views.practice, name="practice"),
]

transcripts = [
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
    path(
        "transcripts/<uuid:pk>/remake", transcript_views.transcript_remake, name="transcript_remake"
    ),
]

deadlines = [
    # Calendar apps hold this address: it never moves.
    path("calendar/<str:token>.ics", deadline_views.calendar_feed, name="calendar_feed"),
    path(
        "calendar/regenerate",
        deadline_views.calendar_feed_regenerate,
        name="calendar_feed_regenerate",
    ),
]

record = [
    path("history/", record_views.history, name="history"),
    path("export.zip", record_views.export_download, name="export"),
    path("import/", record_views.import_page, name="import"),
]

sharing = [
    path("share-links/", sharing_views.share_links, name="share_links"),
    path("share-links/<int:pk>/revoke", sharing_views.share_link_revoke, name="share_link_revoke"),
]

moved = [
    # Account deletion belongs to the account (/profile/delete): the old address sends you on.
    path("account/delete", RedirectView.as_view(pattern_name="accounts:delete", permanent=True)),
]

urlpatterns = [*licenses, *transcripts, *deadlines, *record, *sharing, *moved]
