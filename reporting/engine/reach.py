"""Which of a physician's credits a license's verdict can look at, before any is read.

A career holds many cycles of credits; judging one cycle needs only the credits of the spans its
requirements count: the cycle, the previous cycle (carry-over) and each requirement's own spans
(look-back windows and topic windows included; a one-time requirement with no start means every
credit). Reading only those keeps a page's cost bounded by the cycle instead of growing with the
whole history, with the same verdict and the same credits counted for every requirement.

What the bound leaves out is only a topic credit older than every span: the report lists it as
"not counted: completed outside the window". A page that shows those lists asks for them
(`old_topic_credits`), and then every credit on a topic requirement's topics is in reach too.
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
    with no start): then every credit is needed. `topics` is empty unless the old topic credits
    listed as not counted were asked for.
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


def credits_reach(
    rule_set: RuleSetSpec, license: LicenseFacts, as_of: date, *, old_topic_credits: bool = False
) -> Reach:
    """The credits `evaluate(rule_set, license, credits, as_of)` can look at.

    Judging with only the credits in the reach gives the same verdict, and each requirement the
    same status and the same credits counted, as judging with all of them; a topic
    requirement's "not counted" list then lacks only the credits older than all of its spans.
    With `old_topic_credits` the reach holds those too and the whole report is the same.
    """
    cycle = cycle_of(rule_set, license)
    starts = [cycle.span.start]
    previous = cycle.previous()  # the carry-over reads the previous cycle's credits
    if previous is not None:
        starts.append(previous.span.start)
    topics: set[str] = set()
    for plan in plans_for(rule_set, license, cycle, as_of).plans:
        # A topic's own window, an annual slice or a look-back: a credit before every span
        # of every requirement can only be listed as "completed outside the window".
        starts.extend(span.start for span in plan.spans)
        if old_topic_credits and plan.spec.kind is Kind.TOPIC:
            topics |= plan.spec.topics
    after = min(starts)
    return Reach(after=None if after == date.min else after, topics=frozenset(topics))
