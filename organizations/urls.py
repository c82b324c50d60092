from django.urls import path

from .views import members, office, physician

app_name = "organizations"

urlpatterns = [
    # The physician's side.
    path("sharing/", physician.sharing, name="sharing"),
    path("sharing/consents/<int:pk>/change", physician.consent_change, name="consent_change"),
    path("sharing/consents/<int:pk>/revoke", physician.consent_revoke, name="consent_revoke"),
    path("sharing/access-log/", physician.access_log, name="access_log"),
    path("invitations/<str:token>", members.invitation, name="invitation"),
    # The organizations one works for.
    path("", members.organization_list, name="list"),
    path("<slug:slug>/", office.roster, name="roster"),
    path("<slug:slug>/roster.csv", office.roster_csv, name="roster_csv"),
    path("<slug:slug>/licenses/<int:license_id>/", office.license_detail, name="license"),
    path(
        "<slug:slug>/licenses/<int:license_id>/documents",
        office.transcript_request,
        name="transcript_request",
    ),
    path(
        "<slug:slug>/documents/<uuid:pk>/download",
        office.transcript_download,
        name="transcript_download",
    ),
    path("<slug:slug>/members/", members.members, name="members"),
    path("<slug:slug>/members/invite", members.invite, name="invite"),
    path("<slug:slug>/members/<int:pk>/role", members.member_role, name="member_role"),
    path("<slug:slug>/members/<int:pk>/remove", members.member_remove, name="member_remove"),
    path("<slug:slug>/members/two-factor", members.require_mfa, name="require_mfa"),
    path(
        "<slug:slug>/invitations/<int:pk>/withdraw",
        members.invitation_withdraw,
        name="invitation_withdraw",
    ),
]
