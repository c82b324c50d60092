"""Which of a physician's credits a license's verdict can look at, before any is read.

A career holds many cycles of credits; judging one cycle needs only the credits of the spans its
requirements count: the cycle and, where the board carries credits over, the previous cycle for
every credit; and for the
credits on a topic, that topic requirement's own spans too (a look-back of eight years, annual
slices; a one-time course with no start means every credit on its topics). Reading only those
keeps a page's cost bounded by the cycle instead of growing with the whole history, with the
same verdict and the same credits counted for every requirement.

What the bound leaves out is only a topic credit older than all of its requirement's spans: the
report lists it as "not counted: completed outside the window". A page that shows those lists
asks for them (`old_topic_credits`), and then every credit on a topic requirement's topics is in
reach whatever its date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from .evaluate import cycle_of, plans_for
from .types import Credit, Kind, LicenseFacts, RuleSetSpec


@dataclass(frozen=True, slots=True)
class Reach:
    """Credits completed after `after`, and credits on a topic of `topics` completed after
    that topic's own date (None: whatever their date).

    `after` is None when every credit is needed.
    """

    after: date | None
    topics: Mapping[str, date | None] = field(default_factory=lambda: MappingProxyType({}))

    def __or__(self, other: Reach) -> Reach:
        after = None if self.after is None or other.after is None else min(self.after, other.after)
        topics = dict(self.topics)
        for slug, since in other.topics.items():
            topics[slug] = _earliest(topics[slug], since) if slug in topics else since
        return Reach(after=after, topics=MappingProxyType(topics))

    def __contains__(self, credit: Credit) -> bool:
        if self.after is None or credit.completed_on > self.after:
            return True
        for slug in credit.topics:
            if slug in self.topics:
                since = self.topics[slug]
                if since is None or credit.completed_on > since:
                    return True
        return False


def _earliest(one: date | None, other: date | None) -> date | None:
    return None if one is None or other is None else min(one, other)


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
    previous = cycle.previous()
    if previous is not None and rule_set.carryover_cap is not None:
        starts.append(previous.span.start)  # the carry-over reads the previous cycle's credits
    plans = plans_for(rule_set, license, cycle, as_of).plans
    # A topic requirement counts the credits on its sub-minimums' topics too (their hours are
    # part of it), within its own spans.
    children: dict[str, set[str]] = {}
    for plan in plans:
        if plan.spec.parent:
            children.setdefault(plan.spec.parent, set()).update(plan.spec.topics)
    topics: dict[str, date | None] = {}
    for plan in plans:
        if plan.spec.kind is not Kind.TOPIC:
            starts.extend(span.start for span in plan.spans)
            continue
        if old_topic_credits:
            since: date | None = None  # listed as not counted, however old
        elif plan.spans:
            first = min(span.start for span in plan.spans)
            since = None if first == date.min else first
        else:
            continue  # decided without counting (does not apply): reads no credit
        for slug in plan.spec.topics | children.get(plan.spec.id, set()):
            topics[slug] = _earliest(topics[slug], since) if slug in topics else since
    after = min(starts)
    # A topic's credits after `after` are in reach anyway.
    topics = {slug: since for slug, since in topics.items() if since is None or since < after}
    return Reach(after=after, topics=MappingProxyType(topics))
