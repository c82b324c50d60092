"""Two sets of pages: the provider's staff (`providers:`) and the learner's (`claims:`)."""

from django.urls import path

from .views import exports, learner, staff

staff_patterns = [
    path("", staff.provider_home, name="home"),
    path("activities/<int:pk>/", staff.offering_detail, name="offering"),
    path("activities/<int:pk>/edit", staff.offering_edit, name="offering_edit"),
    path("activities/<int:pk>/sessions", staff.session_add, name="session_add"),
    path("activities/<int:pk>/questions", staff.question_add, name="question_add"),
    path(
        "activities/<int:pk>/<str:part>/<int:part_pk>/delete",
        staff.part_delete,
        name="part_delete",
    ),
    path("activities/<int:pk>/codes", staff.codes, name="codes"),
    path("activities/<int:pk>/roster", staff.roster_import, name="roster_import"),
    path("activities/<int:pk>/codes/<int:code_pk>/screen", staff.code_screen, name="code_screen"),
    path("activities/<int:pk>/claims", staff.claims, name="claims"),
    path("activities/<int:pk>/claims/<int:claim_pk>/", staff.claim_detail, name="claim_detail"),
    path(
        "activities/<int:pk>/claims/<int:claim_pk>/withdraw",
        staff.claim_withdraw,
        name="claim_withdraw",
    ),
    path(
        "activities/<int:pk>/claims/<int:claim_pk>/certificate.pdf",
        staff.claim_certificate,
        name="claim_certificate",
    ),
    path("activities/<int:pk>/evaluation", staff.evaluation, name="evaluation"),
    path("activities/<int:pk>/exports", exports.exports, name="exports"),
    path("activities/<int:pk>/exports/<slug:kind>", exports.export_download, name="export"),
    path("<slug:slug>/", staff.provider_detail, name="detail"),
    path("<slug:slug>/settings", staff.provider_settings, name="settings"),
    path("<slug:slug>/activities/new", staff.offering_create, name="offering_create"),
]

learner_patterns = [
    path("claim", learner.claim_enter, name="enter"),
    path("claim/<str:code>", learner.claim, name="claim_by_code"),
    path("claims/", learner.my_claims, name="list"),
    path("claims/<int:pk>/", learner.my_claim, name="detail"),
    path("claims/<int:pk>/certificate.pdf", learner.my_certificate, name="certificate"),
]

staff_urls = (staff_patterns, "providers")
learner_urls = (learner_patterns, "claims")
