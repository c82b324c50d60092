"""The engine's verdicts in the words a physician (or a board reviewer) reads.

Plain functions over `ComplianceReport` and `RequirementResult`: no Django, no database, so the
pages, the transcript PDF, the reminder e-mail and the staff list all say the same thing.
Internal codes (`needs_answers`, `ama-pra-1`) never reach the screen: each status has words, a
symbol (colour is never the only signal) and a badge style.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reporting import conditions as vocabulary
from reporting.engine import (
    ComplianceReport,
    Kind,
    LicenseStatus,
    RequirementResult,
    Status,
    explain,
)
from reporting.engine import vocabulary as vocabulary_names


@dataclass(frozen=True)
class Badge:
    words: str
    symbol: str
    style: str  # a CSS class suffix, never shown


LICENSE_BADGES = {
    LicenseStatus.COMPLETE: Badge("Complete", "✓", "complete"),
    LicenseStatus.ON_TRACK: Badge("On track", "◔", "on-track"),
    LicenseStatus.BEHIND: Badge("Behind the pace", "◑", "behind"),
    LicenseStatus.OVERDUE: Badge("Overdue", "✗", "overdue"),
    LicenseStatus.NEEDS_ANSWERS: Badge("Needs your answers", "✎", "needs-answers"),
    LicenseStatus.CANNOT_JUDGE: Badge("Cannot be judged here", "!", "cannot-judge"),
}
NO_RULES_BADGE = Badge("Cannot be judged here", "!", "cannot-judge")
NO_RULES = "We have no rules on file for this board."

# One requirement's status. "In progress" rather than "not yet due": a reviewer reads the due
# date next to it, and a past cycle never has one (it is judged as ended).
REQUIREMENT_BADGES = {
    Status.MET: Badge("Met", "✓", "met"),
    Status.SHORT: Badge("Short", "✗", "short"),
    Status.NOT_YET_DUE: Badge("In progress", "◔", "not_yet_due"),
    Status.NOT_APPLICABLE: Badge("Not required", "○", "not_applicable"),
}
MAY_APPLY_BADGE = Badge("May apply", "✎", "may-apply")
NOT_MET_BADGE = Badge("Not met", "✗", "short")


# The credit types' names, from the one vocabulary (kept for callers that read the mapping).
CREDIT_TYPE_WORDS = vocabulary_names.CREDIT_TYPE_NAMES


def credit_type_words(code: str) -> str:
    return vocabulary_names.credit_type_name(code)


def topic_words(codes: tuple[str, ...] | list[str] | frozenset[str]) -> str:
    return ", ".join(explain.topic_words(code) for code in codes)


def license_badge(status: LicenseStatus | str | None) -> Badge:
    """The badge of a whole license; None (no rules on file) cannot be judged here."""
    if status is None:
        return NO_RULES_BADGE
    return LICENSE_BADGES[LicenseStatus(status)]


def status_words(status: LicenseStatus | str | None) -> str:
    return license_badge(status).words


@dataclass(frozen=True)
class Question:
    """A question the rules ask that the physician has not answered yet."""

    code: str  # for the link only, never shown
    words: str
    on_license: bool  # asked on the license form; otherwise on the profile


@dataclass(frozen=True)
class Verdict:
    """The whole license at a glance, ready to print."""

    badge: Badge
    # The first thing to say: the cycle ended, and whether it was met (empty while it runs).
    ended_line: str
    summary: str
    questions: tuple[Question, ...]
    cannot_judge: tuple[str, ...]

    @property
    def words(self) -> str:
        return self.badge.words


def questions(codes: tuple[str, ...] | list[str]) -> tuple[Question, ...]:
    known = vocabulary.conditions()
    return tuple(
        Question(
            code=code,
            words=vocabulary.words(code),
            on_license=code in known and known[code].asked_on == vocabulary.LICENSE,
        )
        for code in codes
    )


def verdict(report: ComplianceReport | None) -> Verdict:
    if report is None:
        return Verdict(NO_RULES_BADGE, "", NO_RULES, (), (NO_RULES,))
    return Verdict(
        badge=license_badge(report.status),
        ended_line=ended_line(report),
        summary=report.summary,
        questions=questions(report.unanswered),
        cannot_judge=tuple(report.cannot_judge),
    )


def missing(result: RequirementResult) -> str:
    """What an unmet requirement lacks: "2.00 medical ethics credits missing"."""
    if result.required is None:
        return f"a course on {result.label}"
    if result.kind is Kind.TOTAL:
        return f"{explain.amount(result.remaining)} credits in total missing"
    return f"{explain.amount(result.remaining)} {result.label} credits missing"


def ended_line(report: ComplianceReport) -> str:
    """ "This cycle ended on 30 Apr 2026: not met — 2.00 ethics credits missing" ("" if running)."""
    if not report.ended:
        return ""
    short = [r for r in report.results if r.status is Status.SHORT and not r.advisory]
    head = f"This cycle ended on {explain.day(report.cycle_end)}"
    if short:
        return f"{head}: not met — {'; '.join(missing(r) for r in short)}."
    return f"{head}: met."


def transcript_status_line(report: ComplianceReport | None) -> str:
    """A transcript's first line: a past cycle says it ended and whether it was met."""
    if report is None:
        return f"Cannot be judged here: {NO_RULES[:1].lower()}{NO_RULES[1:]}"
    if report.ended:
        # The engine's summary already reads "Not met when the cycle ended on …: …".
        return report.summary
    words = status_words(report.status)
    if report.summary.lower().startswith(words.lower()):
        return report.summary
    return f"{words}. {report.summary}"


@dataclass(frozen=True)
class RequirementView:
    """One requirement line: its name and size first, then what the engine found."""

    heading: str
    badge: Badge
    detail: str
    questions: tuple[Question, ...]
    attested: bool
    cannot_judge: str
    advisory: bool
    # Not required because of an answer the physician gave: where to change it (None: not so).
    answered_on_license: bool | None = None
    # A limit on what counts (a category cap) is neither met nor short: no badge, its sentence
    # says what counts and what does not.
    is_limit: bool = False


def heading(result: RequirementResult) -> str:
    """ "Human trafficking, 1 h", "Total, 50 credits", "Category 2, at most 24 credits",
    "Category 2, not counted"."""
    name = "total" if result.kind is Kind.TOTAL else (result.label or "requirement")
    name = name[:1].upper() + name[1:]
    if result.required is None:
        return f"{name} (a course)" if result.kind is Kind.TOPIC else name
    size = explain.hours(Decimal(result.required))
    if result.kind is Kind.TOPIC:
        return f"{name}, {size} h"
    if result.kind is Kind.CATEGORY_CAP:
        # A cap of nothing is a board that takes no credit of that kind ("at most 0" read oddly).
        return f"{name}, not counted" if not result.required else f"{name}, at most {size} credits"
    return f"{name}, {size} credits"


def _detail(result: RequirementResult, title: str) -> str:
    """The engine's sentence without a name the heading already gives."""
    text = result.explanation
    for prefix in (title, heading_as_engine_writes(result)):
        if prefix and text.startswith(prefix + " — "):
            rest = text[len(prefix) + 3 :]
            return rest[:1].upper() + rest[1:]
    return text


def heading_as_engine_writes(result: RequirementResult) -> str:
    """The engine names a cap "Category 2, 24 credits" at the head of its sentences."""
    if result.kind is not Kind.CATEGORY_CAP or result.required is None:
        return heading(result)
    name = (result.label or "requirement")[:1].upper() + (result.label or "requirement")[1:]
    return f"{name}, {explain.hours(Decimal(result.required))} credits"


def _answered_on_license(result: RequirementResult, detail: str, condition: str) -> bool | None:
    """Whether the answer that removed this requirement is asked on the license (else on the
    profile); None when it is not required for another reason (a renewal it skips, ...)."""
    if result.status is not Status.NOT_APPLICABLE or result.attested or condition in ("", "all"):
        return None
    if detail != explain.not_applicable_condition(condition):
        return None
    known = vocabulary.conditions()
    codes = vocabulary.codes_in(condition)
    return any(code in known and known[code].asked_on == vocabulary.LICENSE for code in codes)


def requirement_view(
    result: RequirementResult, *, ended: bool = False, condition: str = ""
) -> RequirementView:
    """`condition` is the requirement's own condition expression, when the caller has it."""
    title = heading(result)
    if result.needs_answers:
        badge = MAY_APPLY_BADGE
    elif ended and result.status is Status.SHORT:
        badge = NOT_MET_BADGE
    else:
        badge = REQUIREMENT_BADGES[result.status]
    detail = _detail(result, title)
    return RequirementView(
        heading=title,
        badge=badge,
        detail=detail,
        questions=questions(result.needs_answers),
        attested=result.attested,
        cannot_judge=result.cannot_judge,
        advisory=result.advisory,
        answered_on_license=_answered_on_license(result, detail, condition),
        is_limit=result.kind is Kind.CATEGORY_CAP and not result.needs_answers,
    )


def requirement_status_words(result: RequirementResult, *, ended: bool = False) -> str:
    """A transcript row's status column."""
    view = requirement_view(result, ended=ended)
    if view.is_limit:
        return "Limit — some not counted" if result.uncounted else "Limit — all counted"
    return f"Attested — {view.badge.words.lower()}" if result.attested else view.badge.words
