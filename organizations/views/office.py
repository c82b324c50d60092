"""The office's pages: the roster, its CSV, a consented license, and its documents."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from activities.spreadsheets import cell_safe
from cmetrack.lib.downloads import attachment
from cmetrack.lib.typing import AuthenticatedHttpRequest
from reporting.models import Transcript
from reporting.transcripts.downloads import transcript_file_response

from .. import records
from ..access import STAFF_ROLES, organization_view
from ..forms import RosterFilterForm, TranscriptRequestForm
from ..models import Membership, Organization, Role
from ..roster import RosterRow, live_consents, physician_name, roster_rows, roster_states

ROWS_PER_PAGE = 50
CSV_COLUMNS = (
    "physician", "email", "license", "state", "status", "status code", "missing",
    "next deadline", "consent",
)  # fmt: skip
# What each role may do, said on the page so nobody has to guess.
ROLE_CAN = {
    Role.OWNER: "As an owner you read the roster, request and download documents, and manage "
    "members.",
    Role.STAFF: "As credentialing staff you read the roster and request and download documents.",
    Role.VIEWER: "As a read-only viewer you read the roster and download documents already made; "
    "credentialing staff and owners request new ones.",
}


def _filtered(
    request: AuthenticatedHttpRequest, organization: Organization
) -> tuple[RosterFilterForm, list[RosterRow]]:
    today = timezone.localdate()
    form = RosterFilterForm(request.GET or None, states=roster_states(organization, as_of=today))
    filters = form.filters() if form.is_bound else {"sort": "deadline"}
    return form, roster_rows(organization, as_of=today, **filters)


@organization_view()
def roster(
    request: AuthenticatedHttpRequest, organization: Organization, membership: Membership
) -> HttpResponse:
    """Physicians by licenses under a live consent: status, what is missing, next deadline."""
    form, rows = _filtered(request, organization)
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    records.roster_looks(
        organization=organization, member=request.user, rows=page.object_list, what="Roster"
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organizations/roster.html",
        {
            "organization": organization,
            "membership": membership,
            "role_can": ROLE_CAN[Role(membership.role)],
            "form": form,
            "page": page,
            "filtering": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
            "query": f"{query.urlencode()}&" if query else "",
            "csv_query": query.urlencode(),
            "any_consent": bool(rows)
            or live_consents(organization, as_of=timezone.localdate()).exists(),
        },
    )


@organization_view()
def roster_csv(
    request: AuthenticatedHttpRequest, organization: Organization, membership: Membership
) -> HttpResponse:
    """The filtered roster as a spreadsheet; cells a spreadsheet would run are made text."""
    _, rows = _filtered(request, organization)
    records.roster_looks(
        organization=organization, member=request.user, rows=rows, what="Roster CSV export"
    )
    stream = io.StringIO()
    stream.write("\ufeff")  # Excel reads UTF-8 only with a byte-order mark
    writer = csv.writer(stream)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        cells = [
            row.physician_name, row.physician_email, row.license_label, row.state,
            row.status_label, row.status, row.shortfall,
            row.next_deadline.isoformat() if row.next_deadline else "",
            row.scope,
        ]  # fmt: skip
        writer.writerow([cell_safe(cell) for cell in cells])
    filename = f"roster-{organization.slug}-{timezone.localdate().isoformat()}.csv"
    return HttpResponse(
        stream.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": attachment(filename)},
    )


@organization_view()
def license_detail(
    request: AuthenticatedHttpRequest,
    organization: Organization,
    membership: Membership,
    license_id: int,
) -> HttpResponse:
    """One consented license, read-only: the physician's own compliance page, and the
    documents the consent opens."""
    today = timezone.localdate()
    license, consent = records.consented_license(
        organization=organization, license_id=license_id, as_of=today
    )
    item = records.license_compliance(license=license, as_of=today)
    kinds = records.kinds_allowed(consent)
    records.record_look(
        organization=organization,
        member=request.user,
        physician_id=license.owner_id,
        what=f"{records.license_words(license)}: compliance",
    )
    return render(
        request,
        "organizations/license_detail.html",
        {
            "organization": organization,
            "membership": membership,
            "license": license,
            "label": records.license_words(license),
            "physician": physician_name(license.owner),
            "consent": consent,
            "item": item,
            "kinds": kinds,
            "transcripts": records.requested_transcripts(
                organization=organization, license=license, consent=consent
            ),
            "may_request": membership.role in STAFF_ROLES and kinds,
            "request_form": TranscriptRequestForm(kinds=kinds) if kinds else None,
            "read_only": True,
            "hide_activities": consent.scope == consent.Scope.STATUS,
        },
    )


@require_POST
@organization_view(roles=STAFF_ROLES)
def transcript_request(
    request: AuthenticatedHttpRequest,
    organization: Organization,
    membership: Membership,
    license_id: int,
) -> HttpResponse:
    today = timezone.localdate()
    _, consent = records.consented_license(
        organization=organization, license_id=license_id, as_of=today
    )
    kinds = records.kinds_allowed(consent)
    if not kinds:  # a status-only consent opens no document
        raise Http404("No such document.")
    form = TranscriptRequestForm(request.POST, kinds=kinds)
    if not form.is_valid():
        messages.error(request, "Choose which document to make.")
    else:
        try:
            records.organization_transcript_request(
                organization=organization,
                member=request.user,
                license_id=license_id,
                kind=form.cleaned_data["kind"],
                as_of=today,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, "The document is being made; it appears below when it is ready."
            )
    return redirect("organizations:license", organization.slug, license_id)


@organization_view()
def transcript_download(
    request: AuthenticatedHttpRequest,
    organization: Organization,
    membership: Membership,
    pk: str,
) -> HttpResponseBase:
    today = timezone.localdate()
    transcript = records.organization_transcript_get(organization=organization, pk=pk, as_of=today)
    if transcript.status != Transcript.Status.READY or not transcript.file:
        messages.warning(request, "This document is not ready yet.")
        return redirect("organizations:license", organization.slug, transcript.license_id)
    assert transcript.license is not None  # noqa: S101 - organization_transcript_get checks it
    records.record_look(
        organization=organization,
        member=request.user,
        physician_id=transcript.owner_id,
        what=f"{records.license_words(transcript.license)}: "
        f"{records.DOCUMENT_WORDS[Transcript.Kind(transcript.kind)]} PDF",
    )
    return transcript_file_response(transcript)
