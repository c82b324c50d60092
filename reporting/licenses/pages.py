"""The license page's body cached under the physician's record version.

A repeat visit of a license page is the commonest request after the dashboard. The record
version changes with every change to the physician's record (the profile's degree included,
which the page weighs against the board), to the rules, and with the day, so a body found
under it is the body the page would render now; and it is found only under its owner's version,
stored after the license was read as theirs, so a hit needs neither the license read nor a
verdict. The request that misses and the write-time warm-up (`warm.py`) both store it here.
"""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString

from accounts.models import User
from reporting.compliance.selectors import LicenseCompliance, RecordVersion
from reporting.licenses import selectors
from reporting.licenses.degrees import degree_mismatch
from reporting.licenses.forms import what_if_form
from reporting.models import License


@dataclass(frozen=True)
class LicensePage:
    """What the page shows of one license: the board's code (its tab's title) and the body."""

    board_code: str
    body: SafeString  # our own template's output


def license_page_key(token: str, license_id: int) -> str:
    """The cache key of a license page's body under a record version's key (`token`)."""
    return f"license-page:{token}:{license_id}"


def degree_warning(license: License) -> str:
    """Why the physician's degree and the board disagree, or ""."""
    profile = getattr(license.owner, "profile", None)  # accounts made outside signup
    return degree_mismatch(degree=profile.degree, board=license.board) if profile else ""


def license_page_cached(*, version: RecordVersion, pk: int) -> LicensePage | None:
    """The body stored under this version for the license `pk`, if any: only its owner's
    version names it."""
    if not version.cache_seconds:
        return None
    found = cache.get(license_page_key(version.key, pk))
    return LicensePage(*found) if isinstance(found, tuple) and len(found) == 2 else None


def license_page_render(
    *,
    user: User,
    license: License,
    version: RecordVersion,
    as_of: datetime.date,
    item: LicenseCompliance | None = None,
) -> LicensePage:
    """Judge (unless `item` is the judged license) and render the body, and store it under the
    version. `license` must be `user`'s, as `selectors.license_get` reads it."""
    judged = item or SimpleLazyObject(
        lambda: selectors.license_compliance(
            user=user,
            pk=license.pk,
            as_of=as_of,
            rules_revision=version.rules_revision,
            license=license,
        )
    )
    page = LicensePage(
        board_code=license.board.code,
        body=render_to_string(
            "reporting/licenses/_license_page_body.html",
            {
                "license": license,
                "item": judged,
                "as_of": as_of,
                "what_if_form": what_if_form(),
                "what_if": None,
                "degree_warning": degree_warning(license),
            },
        ),
    )
    if version.cache_seconds:
        # Plain values (the code and Django's SafeString), not this class: a page cached by one
        # release stays readable by the next whatever becomes of this module.
        cached = (page.board_code, page.body)
        cache.set(license_page_key(version.key, license.pk), cached, version.cache_seconds)
    return page
