from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path

from providers.urls import learner_urls, staff_urls
from providers.views.learner import verify as claim_verify
from reporting.transcripts.views import verify

from . import health, views
from .api import api, server_error, unknown_path

# The plain Django admin login would bypass allauth's rate limits and MFA.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "CME Track administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("profile/", include("accounts.urls")),
    path("dashboard/", include("reporting.urls")),
    path("rules/", include("reporting.rules.urls")),
    path("activities/", include("activities.urls")),
    path("certificates/", include("certificates.urls")),
    path("organizations/", include("organizations.urls")),
    # An office's API tokens and digest setting, and signing in with an organization's own
    # identity provider (their paths name the organization themselves).
    path("", include("organizations.connect.urls")),
    path("providers/", include(staff_urls)),
    path("cme/", include(learner_urls)),
    path("offers/", include("providers.offer_urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", unknown_path),  # JSON 404, not the HTML page
    path("admin/", admin.site.urls),
    # A provider's certificate: its own room under /verify/ (a transcript's code has no "/").
    path("verify/cme/<str:code>", claim_verify, name="claim_verify"),
    path("verify/<str:code>", verify, name="verify"),
    # Share links (anyone holding one, no account) and support's read-only pages.
    path("", include("reporting.sharing.urls")),
]

handler500 = server_error
