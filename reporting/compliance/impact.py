"""What a rule change would do to the licenses it judges, before staff save it.

Pure reads over querysets: a fixed number of queries whatever the number of licenses or
activities. The admin shows the result; nothing here writes.
"""

import dataclasses
import datetime
from collections import Counter
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce

from reporting.compliance import presentation, selectors
from reporting.engine import ComplianceReport, Credit, RuleSetSpec, Status, evaluate
from reporting.models import Board, License, Requirement, RuleSet
from reporting.rules import adapters
from reporting.rules import selectors as rules_selectors

# Kinds of change listed; past this many the preview says how many more there are.
LISTED = 50
NOTHING_SHORT = "nothing short"


@dataclasses.dataclass(frozen=True)
class ShortfallChange:
    """A shortfall the change would turn into another, and how many licenses it would do it to.

    Staff maintain rules, they do not read physicians' records: the preview names no license,
    no number, no renewal date (a birth-month board's renewal date is half a birthday), only
    what the rules would ask for differently and how often.
    """

    before: str
    after: str
    licenses: int
    compliant_before: bool
    compliant_after: bool


@dataclasses.dataclass(frozen=True)
class Impact:
    """How many licenses the candidate rules would judge differently from the rules in force."""

    considered: int
    compliant_to_non_compliant: int
    non_compliant_to_compliant: int
    unchanged: int
    # Each way a shortfall would change (the most frequent LISTED first), with its count, and
    # how many licenses would change in all.
    changes: tuple[ShortfallChange, ...] = ()
    changes_total: int = 0

    @property
    def changes_not_listed(self) -> int:
        return self.changes_total - sum(change.licenses for change in self.changes)

    @property
    def changed(self) -> int:
        return self.compliant_to_non_compliant + self.non_compliant_to_compliant


def licenses_judged_by(
    *, board: Board, effective_from: datetime.date, effective_to: datetime.date | None = None
) -> QuerySet[License]:
    """Licenses of `board`'s rules (combined boards included) whose cycle ends in the range."""
    rules_board = board.rules_board
    licenses = (
        License.objects.filter(Q(board=rules_board) | Q(board__shares_rules_with=rules_board))
        .select_related("board", "board__shares_rules_with")
        .alias(judged_on=Coalesce("cycle_end", "expires_on"))
        .filter(judged_on__gte=effective_from)
        .order_by("pk")
    )
    if effective_to is not None:
        licenses = licenses.filter(judged_on__lte=effective_to)
    return licenses


@dataclasses.dataclass(frozen=True)
class CyclesJudged:
    """The cycles a rule-set version judges: editing it in place changes all their verdicts."""

    effective_from: datetime.date
    effective_to: datetime.date | None
    licenses: int  # licenses whose current cycle ends while the version is in force
    ended: int  # of them, those whose cycle has already ended (a verdict already given)


def cycles_judged(*, rule_set: RuleSet, as_of: datetime.date) -> CyclesJudged:
    """Two counts, whatever the number of licenses."""
    licenses = licenses_judged_by(
        board=rule_set.board,
        effective_from=rule_set.effective_from,
        effective_to=rule_set.effective_to,
    )
    return CyclesJudged(
        effective_from=rule_set.effective_from,
        effective_to=rule_set.effective_to,
        licenses=licenses.count(),
        ended=licenses.filter(
            Q(cycle_end__lt=as_of) | Q(cycle_end__isnull=True, expires_on__lt=as_of)
        ).count(),
    )


def rule_change_impact(
    *,
    candidate: RuleSetSpec,
    board: Board,
    effective_from: datetime.date,
    as_of: datetime.date,
) -> Impact:
    """Judge every license the candidate would judge, with the rules in force and with it.

    A mid-cycle license is "on track" under any rules (nothing is due yet), so comparing
    verdicts as of today would show no impact at all for a rule that starts next year. Each
    license is therefore judged at its renewal (the day after its cycle ends, or `as_of` if
    that is later) on the credits logged by `as_of`: "if they logged nothing more, would they
    meet these rules?".
    A license with no rule set in force for its cycle end counts as compliant before (nothing
    was required of it).
    """
    rules_board = board.rules_board
    licenses = list(
        licenses_judged_by(
            board=rules_board, effective_from=effective_from, effective_to=candidate.effective_to
        )
    )
    batch = selectors.judging(
        licenses, versions=rules_selectors.rule_sets_for_boards([rules_board])
    )

    worse = better = 0
    changes: Counter[tuple[str, str, bool, bool]] = Counter()
    for license in licenses:
        # Judged as ended: a requirement unmet on its due date is short.
        cycle_end = rules_selectors.license_cycle_end(license)
        judged_on = max(as_of, cycle_end)
        logged = _logged_by(batch.credits.get(license.owner_id, []), as_of)
        facts = batch.answers.facts(license)
        in_force = batch.rule_set(license)
        report_before = (
            evaluate(batch.spec(in_force), facts, logged, judged_on) if in_force else None
        )
        report_after = evaluate(candidate, facts, logged, judged_on)
        before = report_before.compliant if report_before else True
        after = report_after.compliant
        worse += before and not after
        better += after and not before
        short_before, short_after = shortfall(report_before), shortfall(report_after)
        if short_before != short_after:
            changes[(short_before, short_after, before, after)] += 1
    return Impact(
        considered=len(licenses),
        compliant_to_non_compliant=worse,
        non_compliant_to_compliant=better,
        unchanged=len(licenses) - worse - better,
        changes=tuple(
            ShortfallChange(before, after, count, compliant_before, compliant_after)
            for (before, after, compliant_before, compliant_after), count in sorted(
                changes.items(), key=lambda item: (-item[1], item[0])
            )[:LISTED]
        ),
        changes_total=sum(changes.values()),
    )


def shortfall(report: ComplianceReport | None) -> str:
    """What the license lacks at its renewal: "8.00 credits in total missing; …" (or nothing)."""
    if report is None:
        return "no rules in force: nothing required"
    short = [r for r in report.results if r.status is Status.SHORT and not r.advisory]
    return "; ".join(presentation.missing(r) for r in short) or NOTHING_SHORT


def new_version_impact(
    *, rule_set: RuleSet, effective_from: datetime.date, as_of: datetime.date
) -> Impact:
    """The impact of copying `rule_set` unchanged to start on `effective_from`.

    The copy holds the same rules, so verdicts only change where a license's cycle end falls
    under a different version today; mostly this says how many licenses the copy will judge.
    """
    rule_set = (
        RuleSet.objects.select_related("board", "board__shares_rules_with")
        .prefetch_related("requirements", "board__sharing_boards")
        .get(pk=rule_set.pk)
    )
    candidate = dataclasses.replace(
        adapters.rule_set_spec(rule_set),
        effective_from=effective_from,
        effective_to=rule_set.effective_to,
    )
    return rule_change_impact(
        candidate=candidate, board=rule_set.board, effective_from=effective_from, as_of=as_of
    )


def rule_set_candidate(*, rule_set: RuleSet, requirements: Iterable[Requirement]) -> RuleSetSpec:
    """The engine's view of a rule set and its requirements as edited, saved or not.

    `rule_set` must already exist (its combined boards are read from the database);
    `requirements` are taken in position order as given, unsaved rows included.
    """
    saved = adapters.rule_set_spec(rule_set)
    ordered = sorted(requirements, key=lambda row: row.position)
    return dataclasses.replace(
        saved, requirements=tuple(adapters.requirement_spec(row) for row in ordered)
    )


def _logged_by(credits: list[Credit], as_of: datetime.date) -> list[Credit]:
    return [credit for credit in credits if credit.completed_on <= as_of]
