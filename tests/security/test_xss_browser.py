"""Script payloads stored in a physician's record are shown as text, in Chromium.

The payloads go straight into the rows (so no form's validation can hide a template that forgets
to escape) and each page a physician or staff member sees them on is opened in headless
Chromium with the site's real Content-Security-Policy. A listener installed before any page
script counts `securitypolicyviolation` events, and every dialog is recorded: both must stay at
zero, the DOM must hold no element the payloads made (no `on*` handler, no script, no
`javascript:` link), and the payload must be on the page as text, so the page did show it.
"""

import json
from collections.abc import Callable, Iterator

import pytest
from django.urls import get_resolver, reverse

from reporting.models import License, RuleSet
from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD
from tests.security.conftest import certificate_of
from tests.security.mfa import enable_totp
from tests.security.production import production_settings

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCRIPT = "<script>alert('xss-script')</script>"
IMG = "\"><img src=x onerror=alert('xss-img')>"
SVG = "'><svg onload=alert('xss-svg')>"
ATTRIBUTE = "\" autofocus onfocus=\"alert('xss-attr')"
TEXTAREA = "</textarea><script>alert('xss-textarea')</script>"
JS_URL = "javascript:alert('xss-url')"

TITLE = f"Grand rounds {SCRIPT}{IMG}"
PROVIDER = f"Riverside {SVG}{ATTRIBUTE}"
NOTES = f"{TEXTAREA} see {JS_URL}"
NUMBER = IMG  # the license number field holds 40 characters
FULL_NAME = f"Dana {SCRIPT}{SVG}"
FILENAME = f"{IMG}.pdf"
BOARD_NAME = f"Texas Medical Board {SCRIPT}"

PROBE = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""
# Anything the payloads could have turned into markup: handlers, scripts, javascript: links.
INJECTED = """() => {
  const found = [];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const value = attribute.value.trim().toLowerCase();
      if (attribute.name.startsWith('on')) found.push(`${element.tagName} ${attribute.name}`);
      if (['href', 'src', 'action', 'formaction'].includes(attribute.name)
          && value.startsWith('javascript:')) found.push(`${element.tagName} ${attribute.name}`);
    }
    if (element.tagName === 'SCRIPT' && element.textContent.includes('xss-'))
      found.push('inline SCRIPT');
  }
  return found;
}"""
SHOWN = """() => [document.title, document.body.innerText,
  ...[...document.querySelectorAll('input, textarea')].map((field) => field.value)].join('\\n')"""


class Probe:
    """A browser context that records dialogs and CSP violations on every page it opens."""

    def __init__(self, context) -> None:  # type: ignore[no-untyped-def]
        context.add_init_script(PROBE)
        self.page = context.new_page()
        self.dialogs: list[str] = []
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:  # type: ignore[no-untyped-def]
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def problems(self, *expected: str, dialogs_before: int = 0) -> list[str]:
        """Dialogs, CSP violations and injected markup on the open page; `expected` not shown."""
        found = self.dialogs[dialogs_before:]
        found += self.page.evaluate("window.__cspViolations")
        found += self.page.evaluate(INJECTED)
        shown = self.page.evaluate(SHOWN)
        return found + [f"not shown as text: {text!r}" for text in expected if text not in shown]

    def visit(self, path: str, *expected: str) -> list[str]:
        """Open `path`; the problems found there (empty when the page is clean)."""
        before = len(self.dialogs)
        response = self.page.goto(path, wait_until="networkidle")
        found = (
            []
            if response and response.status == 200
            else [f"status {response and response.status}"]
        )
        found += self.problems(*expected, dialogs_before=before)
        return [f"{path}: {problem}" for problem in found]


@pytest.fixture(scope="module")
def production_csp() -> dict:
    return production_settings(["CONTENT_SECURITY_POLICY"])["CONTENT_SECURITY_POLICY"]


@pytest.fixture
def probe(browser, live_server, settings, production_csp) -> Iterator[Callable[[], Probe]]:  # type: ignore[no-untyped-def]
    settings.CONTENT_SECURITY_POLICY = production_csp
    get_resolver().url_patterns  # noqa: B018 - import the URLconf outside the first page's timeout
    contexts = []

    def new_probe() -> Probe:
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return Probe(context)

    yield new_probe
    for context in contexts:
        context.close()


@pytest.fixture
def hostile_record(vocabulary, demo_physician):  # type: ignore[no-untyped-def]
    """The demo physician's record with a payload in every free-text field a page shows."""
    user = demo_physician
    activity = user.activities.order_by("-completed_on").first()
    certificate = certificate_of(user, "Certificate of Completion")
    certificate.filename = FILENAME
    certificate.save()
    activity.title, activity.provider, activity.notes = TITLE, PROVIDER, NOTES
    activity.certificate = certificate
    activity.save()
    license = License.objects.filter(owner=user, board__code="TX-MD").get()
    license.number = NUMBER
    license.save()
    license.board.name = BOARD_NAME
    license.board.save()
    user.profile.full_name = FULL_NAME
    user.profile.save()
    return user, activity, certificate, license


def test_the_probe_would_see_a_payload_that_became_markup(
    probe, hostile_record, browser_sign_in
) -> None:
    """The detectors are live: unescaped markup is found, blocked by CSP, and an alert counted."""
    user, *_ = hostile_record
    watcher = probe()
    browser_sign_in(watcher.page, user)
    assert watcher.visit("/dashboard/") == []
    # What a template that forgot to escape would have sent: the payload as markup.
    markup = json.dumps(IMG)
    watcher.page.evaluate(
        f"() => document.querySelector('main').insertAdjacentHTML('beforeend', {markup})"
    )
    watcher.page.wait_for_function("window.__cspViolations.length > 0")
    found = watcher.problems()
    assert "IMG onerror" in found
    assert any(problem.startswith("script-src") for problem in found)
    assert watcher.dialogs == []  # CSP held: the handler never ran
    watcher.page.evaluate("() => alert('from a page script')")
    assert watcher.dialogs == ["alert: from a page script"]


def test_payloads_in_a_physicians_record_stay_text_on_every_page(
    probe, hostile_record, browser_sign_in, live_server
) -> None:
    user, activity, certificate, license = hostile_record
    physician = probe()
    browser_sign_in(physician.page, user)
    header = physician.page.goto("/dashboard/").headers["content-security-policy"]
    assert "script-src 'self'" in header
    assert "unsafe-inline" not in header

    pages = {
        "/dashboard/": [NUMBER, BOARD_NAME],
        "/activities/": [TITLE, FILENAME],
        f"/activities/?q={IMG}": [IMG],  # reflected into the search box
        f"/activities/{activity.pk}/": [TITLE, PROVIDER, NOTES, FILENAME],
        f"/activities/{activity.pk}/edit": [TITLE, PROVIDER, NOTES],
        f"/dashboard/licenses/{license.pk}/": [NUMBER, BOARD_NAME],
        f"/dashboard/licenses/{license.pk}/edit": [NUMBER],
        "/dashboard/history/": [TITLE],
        "/certificates/": [FILENAME],
        f"/certificates/{certificate.pk}/": [FILENAME],
        "/profile/": [FULL_NAME],
        "/dashboard/transcripts/": [],
    }
    problems = [p for path, shown in pages.items() for p in physician.visit(path, *shown)]
    assert problems == []
    assert physician.dialogs == []


def test_payloads_stay_text_in_the_admin(probe, hostile_record, browser_sign_in) -> None:
    """Staff keep the rule tables and accounts: the admin pages they have still show text."""
    user, _activity, _certificate, _license = hostile_record
    staff = UserFactory(email="staff@example.com", password=PASSWORD, is_staff=True)
    staff.is_superuser = True
    staff.save()
    enable_totp(staff)  # the admin is closed to staff without two-factor
    admin = probe()
    browser_sign_in(admin.page, staff)

    def admin_url(name: str, *args: object) -> str:
        return reverse(f"admin:{name}", args=args)

    pages = {
        admin_url("accounts_user_changelist"): [user.email],
        admin_url("accounts_user_changelist") + f"?q={SCRIPT}": [SCRIPT],
        admin_url("accounts_user_change", user.pk): [user.email],
        admin_url("reporting_board_changelist"): [BOARD_NAME],
    }
    problems = [p for path, shown in pages.items() for p in admin.visit(path, *shown)]
    assert problems == []
    assert admin.dialogs == []


def test_payloads_stay_text_for_those_the_physician_shares_with(
    probe, hostile_record, browser_sign_in
) -> None:
    """An office's roster and an anonymous share link show the same record to other people."""
    from reporting.sharing.links import share_link_create
    from tests.factories import MembershipFactory, consent_grant

    user, _activity, _certificate, license = hostile_record
    membership = MembershipFactory(
        user=UserFactory(email="office@example.com", password=PASSWORD),
        organization__name=f"Memorial {SCRIPT}",
    )
    consent_grant(user, membership.organization, license)
    office = probe()
    browser_sign_in(office.page, membership.user)
    slug = membership.organization.slug
    pages = {
        reverse("organizations:roster", args=[slug]): [FULL_NAME, NUMBER],
        reverse("organizations:license", args=[slug, license.pk]): [NUMBER],
    }
    problems = [p for path, shown in pages.items() for p in office.visit(path, *shown)]
    _link, secret = share_link_create(owner=user, license_id=license.pk, label=f"Employer {SCRIPT}")
    holder = probe()
    problems += holder.visit(reverse("sharing:shared", args=[secret]), NUMBER)
    assert problems == []
    assert office.dialogs == holder.dialogs == []


def test_a_javascript_url_among_a_rule_sets_sources_is_not_a_link(
    probe, hostile_record, browser_sign_in
) -> None:
    user, _activity, _certificate, license = hostile_record
    # Rule sets are staff-edited data (admin JSON field, state rules document).
    RuleSet.objects.filter(board=license.board).update(sources=[{"url": JS_URL, "type": "statute"}])
    physician = probe()
    browser_sign_in(physician.page, user)
    assert physician.visit(f"/dashboard/licenses/{license.pk}/", JS_URL) == []
