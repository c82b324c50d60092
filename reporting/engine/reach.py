"""Which of a physician's credits a license's verdict can look at, before any is read.

A career holds many cycles of credits; judging one cycle needs only the credits of the spans its
requirements count (the cycle, look-back windows, the previous cycle for carry-over) and, for
topic requirements, every credit on their topics whatever its date (a topic credit outside its
window is listed as not counted, with the reason). Reading only those keeps a page's cost
bounded by the cycle instead of growing with the whole history, with the same verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .evaluate import cycle_of, plans_for
from .types import Credit, Kind, LicenseFacts, RuleSetSpec


@dataclass(frozen=True, slots=True)
class Reach:
    """Credits completed after `after`, and credits on any of `topics` whatever their date.

    `after` is None when a requirement can count credits of any date (a one-time requirement
    with no start that is not about a topic): then every credit is needed.
    """

    after: date | None
    topics: frozenset[str]

    def __or__(self, other: Reach) -> Reach:
        after = None if self.after is None or other.after is None else min(self.after, other.after)
        return Reach(after=after, topics=self.topics | other.topics)

    def __contains__(self, credit: Credit) -> bool:
        return (
            self.after is None
            or credit.completed_on > self.after
            or not self.topics.isdisjoint(credit.topics)
        )


def credits_reach(rule_set: RuleSetSpec, license: LicenseFacts, as_of: date) -> Reach:
    """The credits `evaluate(rule_set, license, credits, as_of)` can look at: judging with only
    the credits in the reach gives the same report as judging with all of them."""
    cycle = cycle_of(rule_set, license)
    starts = [cycle.span.start]
    previous = cycle.previous()  # the carry-over reads the previous cycle's credits
    if previous is not None:
        starts.append(previous.span.start)
    topics: set[str] = set()
    for plan in plans_for(rule_set, license, cycle, as_of).plans:
        if plan.spec.kind is Kind.TOPIC:
            topics |= plan.spec.topics  # every credit on the topic, counted or listed as not
            continue
        starts.extend(span.start for span in plan.spans)
    after = min(starts)
    return Reach(after=None if after == date.min else after, topics=frozenset(topics))
