"""The organization API: an office's own systems read its roster with an organization token.

The token names the organization, so no address carries one. It opens only these endpoints,
and a personal token opens none of them: each kind is looked up only in its own table. What
the roster shows is what each physician consented to, judged today; every read is written to
the physician's access log, like a look at the roster page.
"""

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer

from accounts.models import RecordAccess
from accounts.record_access import record_access_log
from cmetrack.lib.pagination import api_page
from reporting.licenses.api import ComplianceOut, compliance_out

from . import records
from .models import Consent, Organization, OrganizationToken
from .roster import RosterRow, roster_rows
from .tokens import organization_token_authenticate

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
STATUSES = ("complete", "on_track", "behind", "overdue", "needs_answers", "cannot_judge")


class OrganizationBearer(HttpBearer):
    """`Authorization: Bearer <token>` with an organization's token (it starts `cmo_`)."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> OrganizationToken | None:
        organization_token = organization_token_authenticate(token)
        if organization_token is None:
            return None
        if request.method not in SAFE_METHODS:
            raise HttpError(403, "Organization tokens only read.")
        return organization_token


router = Router(tags=["organization"], auth=OrganizationBearer())


class RosterRowOut(Schema):
    physician_id: int
    physician_name: str
    physician_email: str
    license_id: int
    license: str = Field(description="The license in words: board and number.")
    state: str = Field(description="The state's two-letter code (`US` for a DEA registration).")
    status: str = Field(
        description="complete, on_track, behind, overdue, needs_answers or cannot_judge"
    )
    status_label: str = Field(description="The status in words.")
    shortfall: str = Field(description="What is still missing, in words; empty when nothing.")
    next_deadline: datetime.date | None
    scope: str = Field(
        description="What the physician's consent allows: status, transcripts or everything."
    )


class RosterPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[RosterRowOut]


class RosterQuery(Schema):
    state: str | None = Field(None, description="Only licenses of this state, e.g. `TX`.")
    status: Literal[STATUSES] | None = Field(  # type: ignore[valid-type]
        None, description="Only licenses with this status."
    )
    due_within_days: int | None = Field(
        None, ge=0, le=3650, description="Only licenses whose next deadline is this close."
    )
    sort: Literal["deadline", "status", "name", "state"] = Field(
        "deadline",
        description="deadline (soonest first), status (most urgent first), name (physician's) "
        "or state.",
    )
    page: int = 1
    page_size: int = 25


def _organization(request: HttpRequest) -> tuple[Organization, OrganizationToken]:
    token: OrganizationToken = request.auth  # type: ignore[attr-defined]
    organization = token.organization
    # Only a credentialing office keeps a roster; a CME provider's token reads none.
    if organization.kind != Organization.Kind.CREDENTIALING:
        raise Http404("No roster.")
    return organization, token


def _by_label(organization: Organization, token: OrganizationToken) -> str:
    return f"{organization.name}, through its API token “{token.name}”"


def _roster_looks(
    organization: Organization, token: OrganizationToken, rows: list[RosterRow]
) -> None:
    """One entry per physician on the page read: which of their licenses it showed.

    Written in one insert, as the roster page's are (`records.roster_looks`): a page of 100
    rows was 50 inserts, most of the API's time once the verdicts come from the cache."""
    shown: dict[int, list[str]] = {}
    for row in rows:
        shown.setdefault(row.physician_id, []).append(row.license_label)
    label = _by_label(organization, token)[:300]
    RecordAccess.objects.bulk_create(
        RecordAccess(
            physician_id=physician_id,
            channel=RecordAccess.Channel.ORGANIZATION,
            by_label=label,
            what=f"Roster (API): status of {', '.join(labels)}"[:300],
        )
        for physician_id, labels in shown.items()
    )


def roster_row_out(row: RosterRow) -> RosterRowOut:
    return RosterRowOut(
        physician_id=row.physician_id,
        physician_name=row.physician_name,
        physician_email=row.physician_email,
        license_id=row.license_id,
        license=row.license_label,
        state=row.state,
        status=row.status,
        status_label=row.status_label,
        shortfall=row.shortfall,
        next_deadline=row.next_deadline,
        scope=row.scope,
    )


@router.get("organization/roster", response=RosterPage)
def organization_roster(request: HttpRequest, query: Query[RosterQuery]) -> dict[str, Any]:
    """The organization's roster as of today: one row per consented license, with its status,
    shortfall in words and next deadline. Filters as on the roster page; pages of up to 100."""
    organization, token = _organization(request)
    rows = roster_rows(
        organization,
        as_of=timezone.localdate(),
        state=query.state.upper() if query.state else None,
        status=query.status,
        due_within_days=query.due_within_days,
        sort=query.sort,
    )
    page = api_page(request, rows, page=query.page, page_size=query.page_size, out=lambda r: r)
    _roster_looks(organization, token, page["results"])
    page["results"] = [roster_row_out(row) for row in page["results"]]
    return page


@router.get("organization/roster/{int:license_id}", response=ComplianceOut)
def organization_roster_license(request: HttpRequest, license_id: int) -> ComplianceOut:
    """One consented license's compliance as of today: each requirement, what was earned and
    what remains. 404 for a license the organization has no live consent for."""
    organization, token = _organization(request)
    today = timezone.localdate()
    license, consent = records.consented_license(
        organization=organization, license_id=license_id, as_of=today
    )
    compliance = compliance_out(records.license_compliance(license=license, as_of=today))
    if consent.scope == Consent.Scope.STATUS:
        # Status only: what is met and what is missing, not which of the physician's activities
        # counted (that is the transcript, which this consent does not include).
        for requirement in compliance.requirements:
            requirement.activities = []
    record_access_log(
        physician=license.owner,
        channel=RecordAccess.Channel.ORGANIZATION,
        by_label=_by_label(organization, token),
        what=f"{records.license_words(license)}: compliance (API)",
    )
    return compliance
