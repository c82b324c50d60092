import datetime
from decimal import Decimal
from typing import Any, cast

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from cmetrack.lib.bounds import date_or_none
from cmetrack.lib.typing import AuthenticatedHttpRequest
from reporting.compliance import selectors as compliance_selectors
from reporting.licenses import selectors, services
from reporting.licenses.schemas import LicenseOut, license_facts
from reporting.models import Board, License, RuleSet
from reporting.rules import selectors as rules_selectors

router = Router(tags=["licenses and compliance"])


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


# --- Boards -----------------------------------------------------------------------------------
class BoardRequirementOut(Schema):
    id: str
    kind: str
    topic: str | None
    credits: str | None = Field(description="Decimal with two places; null = a course, no hours.")
    description: str


class BoardOut(Schema):
    code: str
    state: str
    degrees: list[str]
    name: str
    cycle_years: int | None
    requirements: list[BoardRequirementOut]


def _board_out(board: Board, rule_set: RuleSet | None, degrees: list[str]) -> BoardOut:
    rows = rule_set.requirements.all() if rule_set else []
    return BoardOut(
        code=board.code,
        state=board.state,
        degrees=degrees,
        name=board.name,
        cycle_years=rule_set.cycle_years if rule_set else None,
        requirements=[
            BoardRequirementOut(
                id=row.code,
                kind=row.kind,
                topic=row.topics[0] if row.topics else None,
                credits=_money(row.credits),
                description=row.description or row.label,
            )
            for row in rows
        ],
    )


def _boards_out(boards: list[Board]) -> list[BoardOut]:
    today = timezone.localdate()
    versions = rules_selectors.rule_sets_for_boards(boards)
    degrees: dict[int, list[str]] = {}
    for board in rules_selectors.board_list():
        if board.degree:
            degrees.setdefault(board.rules_board.pk, []).append(board.degree)
    return [
        _board_out(
            board,
            rules_selectors.rule_set_in_force(versions.get(board.rules_board.pk, []), today),
            sorted(degrees.get(board.rules_board.pk, [])),
        )
        for board in boards
    ]


@router.get("boards", response=list[BoardOut])
def boards_list(request: AuthenticatedHttpRequest) -> list[BoardOut]:
    """Every board with the requirements of the rule set in force today."""
    return _boards_out(list(rules_selectors.board_list()))


@router.get("boards/{code}", response=BoardOut)
def boards_read(request: HttpRequest, code: str) -> BoardOut:
    return _boards_out([rules_selectors.board_get(code=code)])[0]


# --- Licenses ---------------------------------------------------------------------------------
class LicenseIn(Schema):
    board: str = Field(description="Board code, e.g. TX-MD, or US-DEA for a DEA registration.")
    number: str
    issued_on: datetime.date
    expires_on: datetime.date
    cycle_start: datetime.date | None = Field(
        default=None,
        description="Only if the board counts CME over another period than the license's: "
        "the first day of that period (credits completed on it count); with `cycle_end`, its "
        "last day. Null: derived from `expires_on` and the board's cycle.",
    )
    cycle_end: datetime.date | None = None
    conditions: list[str] | None = Field(
        default=None,
        description=(
            "Condition codes that are true. When sent, every other condition the board's rules "
            "ask about counts as answered No (except those in `unanswered`); when left out, "
            "nothing is answered and the license needs answers."
        ),
    )
    unanswered: list[str] | None = Field(
        default=None, description="Condition codes to leave unanswered on purpose."
    )


class LicensePatch(Schema):
    board: str | None = None
    number: str | None = None
    issued_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    cycle_start: datetime.date | None = None
    cycle_end: datetime.date | None = None
    conditions: list[str] | None = None
    unanswered: list[str] | None = None


def _license_out(
    license: License, answers: compliance_selectors.PracticeAnswers | None = None
) -> LicenseOut:
    answers = answers or compliance_selectors.practice_answers(owner_ids=[license.owner_id])
    effective = answers.for_license(license)
    asked = rules_selectors.conditions_asked(
        rules_selectors.board_rule_set(
            board=license.board, on=rules_selectors.license_cycle_end(license)
        )
    )
    return LicenseOut(
        **license_facts(license),
        conditions=sorted(code for code, yes in effective.items() if yes),
        derived_conditions=(["dea_registrant"] if license.owner_id in answers.dea_holders else []),
        unanswered=[code for code in asked if code not in effective],
    )


def _license_fields(payload: dict[str, Any]) -> dict[str, Any]:
    """Resolve the board code; unknown codes are a 400 listing the valid ones."""
    fields = dict(payload)
    if "board" in fields:
        code = fields["board"]
        board = Board.objects.filter(code__iexact=code or "").first()
        if board is None:
            valid = ", ".join(rules_selectors.board_list().values_list("code", flat=True))
            raise ValidationError({"board": f"Unknown board code {code!r}. Valid: {valid}."})
        fields["board"] = board
    return fields


@router.get("licenses", response=list[LicenseOut])
def licenses_list(request: AuthenticatedHttpRequest) -> list[LicenseOut]:
    answers = compliance_selectors.practice_answers(owner_ids=[request.user.pk])
    return [_license_out(license, answers) for license in selectors.license_list(user=request.user)]


@router.post("licenses", response={201: LicenseOut})
def licenses_create(request: AuthenticatedHttpRequest, payload: LicenseIn) -> Status[LicenseOut]:
    fields = payload.dict()
    if "conditions" not in payload.model_fields_set:
        fields.pop("conditions")
    license = services.license_create(owner=request.user, **_license_fields(fields))
    return Status(201, _license_out(license))


@router.get("licenses/{license_id}", response=LicenseOut)
def licenses_read(request: AuthenticatedHttpRequest, license_id: int) -> LicenseOut:
    return _license_out(selectors.license_get(user=request.user, pk=license_id))


@router.patch("licenses/{license_id}", response=LicenseOut)
def licenses_update(
    request: AuthenticatedHttpRequest, license_id: int, payload: LicensePatch
) -> LicenseOut:
    license = selectors.license_get(user=request.user, pk=license_id)
    fields = _license_fields(payload.dict(exclude_unset=True))
    return _license_out(services.license_update(license=license, **fields))


@router.delete("licenses/{license_id}", response={204: None})
def licenses_delete(request: AuthenticatedHttpRequest, license_id: int) -> Status[None]:
    services.license_delete(owner=request.user, pk=license_id)
    return Status(204, None)


# --- Compliance -------------------------------------------------------------------------------
class SourceOut(Schema):
    url: str
    type: str | None = None


class RuleSetOut(Schema):
    effective_from: datetime.date
    confidence: str
    sources: list[SourceOut]


class CycleOut(Schema):
    start: datetime.date
    end: datetime.date


class RequirementResultOut(Schema):
    id: str
    kind: str
    topic: str | None
    topics: list[str]
    required: str | None
    earned: str
    remaining: str
    status: str = Field(description="met, short, not_applicable or not_yet_due")
    advisory: bool
    due_on: datetime.date | None
    explanation: str
    activities: list[int]
    label: str = Field(description="The requirement in words.")
    attested: bool = Field(
        description="True where the physician attested completion or exemption instead of "
        "logging an activity."
    )
    needs_answers: list[str] = Field(
        description="Unanswered condition codes that decide whether it applies; until answered "
        "it is judged as if it applied."
    )
    cannot_judge: str | None = Field(
        description="The part of this rule the engine cannot check, in words (null if none)."
    )


class ComplianceOut(Schema):
    license: int
    board: str
    rule_set: RuleSetOut | None
    cycle: CycleOut | None
    compliant: bool | None
    status: str = Field(
        description="complete, on_track, behind, overdue, needs_answers or cannot_judge"
    )
    ended: bool = Field(description="True when as_of is on or after the cycle's end.")
    unanswered: list[str]
    cannot_judge: list[str]
    summary: str
    requirements: list[RequirementResultOut]


@router.get("licenses/{license_id}/compliance", response=ComplianceOut)
def licenses_compliance(
    request: AuthenticatedHttpRequest, license_id: int, as_of: datetime.date | None = None
) -> ComplianceOut:
    """Whether this license meets its board's rules as of a date (default today)."""
    as_of = as_of or timezone.localdate()
    if date_or_none(as_of) is None:
        raise HttpError(400, "as_of must be a date between 1900-01-01 and 2100-12-31.")
    version = compliance_selectors.record_version(user=request.user, as_of=as_of)

    def answer() -> ComplianceOut:
        item = selectors.license_compliance(
            user=request.user,
            pk=license_id,
            as_of=as_of,
            rules_revision=version.rules_revision,
        )
        return compliance_out(item)

    if not version.cache_seconds:
        return answer()  # a date other than today: computed, never stored
    key = f"compliance:{version.key}:{license_id}"
    return cast(ComplianceOut, cache.get_or_set(key, answer, version.cache_seconds))


NO_RULES = "We have no rules on file for this board for this cycle, so we cannot judge it."


def compliance_out(item: compliance_selectors.LicenseCompliance) -> ComplianceOut:
    report, rule_set = item.report, item.rule_set
    if report is None or rule_set is None:
        return ComplianceOut(
            license=item.license.pk,
            board=item.license.board.code,
            rule_set=None,
            cycle=None,
            compliant=None,
            status="cannot_judge",
            ended=False,
            unanswered=[],
            cannot_judge=[NO_RULES],
            summary=NO_RULES,
            requirements=[],
        )
    return ComplianceOut(
        license=item.license.pk,
        board=item.license.board.code,
        rule_set=RuleSetOut(
            effective_from=rule_set.effective_from,
            confidence=rule_set.confidence,
            sources=[SourceOut(**source) for source in rule_set.sources],
        ),
        cycle=CycleOut(start=report.cycle_start, end=report.cycle_end),
        compliant=report.compliant,
        status=report.status.value,
        ended=report.ended,
        unanswered=list(report.unanswered),
        cannot_judge=list(report.cannot_judge),
        summary=report.summary,
        requirements=[
            RequirementResultOut(
                id=result.requirement_id,
                kind=result.kind.value,
                topic=result.topic or None,
                topics=list(result.topics),
                required=_money(result.required),
                earned=_money(result.earned) or "0.00",
                remaining=_money(result.remaining) or "0.00",
                status=result.status.value,
                advisory=result.advisory,
                due_on=result.due_on,
                explanation=result.explanation,
                activities=[int(i) for i in result.counted],
                label=result.label,
                attested=result.attested,
                needs_answers=list(result.needs_answers),
                cannot_judge=result.cannot_judge or None,
            )
            for result in report.results
        ],
    )
