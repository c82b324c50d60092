"""The site's main menu, written once per process for each kind of visitor and section.

Every page drew the menu through a template: ten `{% url %}` and eight conditions on the
resolved view to say which link is the current page, about 0.4 ms of a page that otherwise
takes a few milliseconds. The menu only varies with who looks (signed in, site staff) and where
they are, so its markup is kept per (visitor, section) and the sign-out form's CSRF token is the
only thing written per request. Loaded as the `site_nav` template library (settings.TEMPLATES).
"""

import functools
from html import escape
from typing import Any

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

CURRENT = ' aria-current="page"'
# Where the request's CSRF token goes (not a secret): never in a URL or a label.
CSRF_SLOT = "\x00csrf\x00"

# The organizations pages a physician reaches from "Sharing" (an office's own pages are not).
SHARING_PAGES = frozenset(
    {"sharing", "consent_change", "consent_revoke", "access_log", "invitation"}
)


def section_of(app_name: str | None, url_name: str | None) -> str | None:
    """Which menu entry the page belongs to (None: none of them)."""
    app, name = app_name or "", url_name or ""
    if app == "reporting":
        if "transcript" in name:
            return "transcripts"
        # The record's history, import and share links are reached from the profile.
        if name in ("history", "import", "share_links", "share_link_revoke"):
            return "profile"
        return "dashboard"
    if app in ("activities", "certificates", "rules"):
        return app
    if app == "accounts":
        return "profile"
    if app == "organizations" and name in SHARING_PAGES:
        return "sharing"
    if name in ("support_list", "support_record"):
        return "support"
    return None


def _link(url_name: str, words: str, section: str | None, own: str | None) -> str:
    current = CURRENT if own is not None and section == own else ""
    return f'<li><a href="{escape(reverse(url_name))}"{current}>{words}</a></li>'


@functools.lru_cache(maxsize=64)
def _menu(signed_in: bool, staff: bool, section: str | None, prefix: str) -> str:
    """The menu's markup with `CSRF_SLOT` where the CSRF token goes; `prefix` (the script prefix
    URLs are reversed under) is part of the key so that a reversed URL is never another's."""
    home = escape(reverse("home"))
    lines = [
        '<nav class="nav" aria-label="Main">',
        f'      <a class="brand" href="{home}">CME Track</a>',
        '      <ul class="nav-links">',
    ]
    if signed_in:
        entries = [
            ("reporting:dashboard", "Dashboard", "dashboard"),
            ("activities:list", "Activities", "activities"),
            ("certificates:list", "Certificates", "certificates"),
            ("reporting:transcripts", "Transcripts", "transcripts"),
            ("accounts:profile", "Profile", "profile"),
            ("organizations:sharing", "Sharing", "sharing"),
            ("mfa_index", "Security", None),
        ]
        if staff:
            entries += [
                ("admin:index", "Admin", None),
                ("sharing:support_list", "Support", "support"),
            ]
        lines += [f"        {_link(name, words, section, own)}" for name, words, own in entries]
        logout = escape(reverse("account_logout"))
        lines += [
            "        <li>",
            f'          <form method="post" action="{logout}" class="inline-form">',
            f'            <input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_SLOT}">',
            '            <button type="submit" class="link-button">Sign out</button>',
            "          </form>",
            "        </li>",
        ]
    else:
        lines += [
            f"        {_link('rules:index', 'Rule book', section, 'rules')}",
            f"        {_link('account_login', 'Sign in', section, None)}",
            f'        <li><a class="button" href="{escape(reverse("account_signup"))}">'
            "Create account</a></li>",
        ]
    lines += ["      </ul>", "    </nav>"]
    return "\n".join(lines)


@register.simple_tag(takes_context=True)
def site_nav(context: template.Context) -> SafeString:
    request = context.get("request")
    user: Any = context.get("user")
    match = getattr(request, "resolver_match", None)
    section = section_of(getattr(match, "app_name", None), getattr(match, "url_name", None))
    signed_in = bool(user is not None and user.is_authenticated)
    markup = _menu(signed_in, signed_in and bool(user.is_staff), section, get_script_prefix())
    if signed_in:
        markup = markup.replace(CSRF_SLOT, escape(str(context.get("csrf_token", ""))))
    # The menu's words and URLs are ours, escaped above; the token is escaped here.
    return mark_safe(markup)  # noqa: S308 # nosec B308 B703
