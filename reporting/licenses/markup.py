"""A license's verdict and requirement lines as the dashboard's cards, the owner's license page
and the read-only pages (share links, support, an office) print them, written in one pass in
Python: one writer of a requirement line, whoever reads it.

A dashboard judged after a change drew each card through three templates: a requirement line
was an include with a tag, a `{% url %}` per link and half a dozen filters, and each card
computed its verdict twice (its badge and its words). That was a quarter of the request. The
markup here is the one those templates wrote, whitespace included. Every value typed by a
physician or staff goes through `escape` (Django's `escape` is `html.escape`);
`tests/reporting/licenses/test_card_markup.py` and
`tests/reporting/sharing/test_read_only_requirements.py` hold it to that.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from cmetrack.lib.urls import url
from reporting.compliance import presentation
from reporting.compliance.selectors import (
    LicenseCompliance,
    RequirementLine,
    requirement_percent,
)
from reporting.engine import Kind, RequirementResult, Status
from reporting.templatetags.compliance import (
    badge_markup,
    counted_items,
    credit_type_words,
    credits,
    date_words,
    uncounted_items,
)

EN_DASH = "\u2013"  # between a cycle's first and last day


@dataclass(frozen=True)
class Links:
    """Where the owner answers a question: on the license's form or in the profile; reversed
    once per license, not once per line."""

    license_edit: str
    profile: str

    @classmethod
    def of(cls, license_pk: int) -> "Links":
        return cls(
            license_edit=escape(url("reporting:license_edit", license_pk)),
            profile=escape(url("accounts:profile")),
        )

    def answer(self, on_license: bool) -> str:
        where = " on this license" if on_license else " in your profile"
        return f' <a href="{self.license_edit if on_license else self.profile}">Answer{where}</a>'


def _number(value: Decimal) -> str:
    """A Decimal as a template prints it (`{{ value }}`: localized, no thousands separator)."""
    return f"{value:f}"


def _pluralize(count: int, singular: str, plural: str) -> str:
    return singular if count == 1 else plural


def verdict_block(
    item: LicenseCompliance,
    *,
    verdict: presentation.Verdict | None = None,
    show_badge: bool = False,
    read_only: bool = False,
    links: Links | None = None,
) -> str:
    """The whole license's verdict (a past cycle says first that it ended; unanswered questions
    link to where they are asked, unless `read_only`); `verdict`, if the caller has it."""
    report = item.report
    verdict = verdict or presentation.verdict(report)
    badge = (
        f'<p class="verdict-status">Status: {badge_markup(verdict.badge)}</p>' if show_badge else ""
    )
    parts = ['\n\n\n<div class="verdict">\n  ', badge, "\n  "]
    if report is not None:
        parts.append("\n    ")
        if verdict.ended_line:
            parts.append(
                f'\n      <p class="verdict-ended"><strong>{escape(verdict.ended_line)}'
                "</strong></p>\n    "
            )
        else:
            parts.append(f"\n      <p>{escape(verdict.summary)}</p>\n    ")
        parts.append("\n    ")
        if verdict.questions:
            links = links or Links.of(item.license.pk)
            these = _pluralize(len(verdict.questions), "this question", "these questions")
            parts.append(
                f"\n      <p>Answer {these} to know which requirements apply:</p>"
                '\n      <ul class="questions">\n        '
            )
            for question in verdict.questions:
                answer = "" if read_only else links.answer(question.on_license)
                parts.append(f"\n          <li>{escape(question.words)}{answer}</li>\n        ")
            parts.append("\n      </ul>\n    ")
        parts.append("\n    ")
        if verdict.cannot_judge:
            reasons = "".join(f"<li>{escape(reason)}</li>" for reason in verdict.cannot_judge)
            parts.append(
                "\n      <p>Cannot be judged here:</p>"
                f'\n      <ul class="cannot-judge">{reasons}</ul>\n    '
            )
        parts.append("\n  ")
    else:
        expires = date_words(item.license.expires_on) if item.license.expires_on else ""
        parts.append(
            "\n    <p>Cannot be judged here: we have no rules on file for this board for a cycle"
            f" ending {expires}.</p>\n  "
        )
    parts.append("\n</div>\n")
    return "".join(parts)


def _conditions(item: LicenseCompliance) -> dict[str, str]:
    """Each requirement's own condition expression, by code (prefetched with the rule set)."""
    conditions: dict[str, str] = {}
    if item.rule_set is not None:
        for row in item.rule_set.requirements.all():
            conditions.setdefault(row.code, row.condition)
    return conditions


def requirement_head(
    result: RequirementResult,
    item: LicenseCompliance,
    *,
    read_only: bool = False,
    links: Links | None = None,
    conditions: dict[str, str] | None = None,
) -> str:
    """A requirement line's name, size and status, then what the engine found; `read_only`
    (share links, support) drops the links to where the owner answers or changes things."""
    report = item.report
    if conditions is None:
        conditions = _conditions(item)
    view = presentation.requirement_view(
        result,
        ended=bool(report and report.ended),
        condition=conditions.get(result.requirement_id, ""),
    )
    badge = "" if view.is_limit else badge_markup(view.badge, bool(view.advisory))
    attested = ' <span class="badge badge-attested">Attested</span>' if view.attested else ""
    change = ""
    if view.answered_on_license is not None and not read_only:
        links = links or Links.of(item.license.pk)
        where = links.license_edit if view.answered_on_license else links.profile
        change = f' <a href="{where}">(change)</a>'
    parts = [
        '\n\n\n<div class="requirement-head">\n  <span class="requirement-name">',
        escape(view.heading),
        f'</span>\n  <span class="requirement-badges">{badge}{attested}</span>\n</div>\n',
        f'<p class="requirement-detail">{escape(view.detail)}{change}</p>\n',
    ]
    for question in view.questions:
        links = links or Links.of(item.license.pk)
        answer = "" if read_only else links.answer(question.on_license)
        parts.append(
            '\n  <p class="requirement-question">May apply — answer: '
            f"{escape(question.words)}{answer}</p>\n"
        )
    parts.append("\n")
    if view.cannot_judge:
        parts.append(
            '<p class="requirement-cannot-judge">Cannot be judged here: '
            f"{escape(view.cannot_judge)}</p>"
        )
    parts.append("\n")
    return "".join(parts)


def _progress(result: RequirementResult) -> str:
    """The line's bar, for a requirement with a size that still counts credits."""
    if (
        not result.required
        or result.kind is Kind.CATEGORY_CAP
        or result.status is Status.NOT_APPLICABLE
        or result.attested
    ):
        return ""
    earned, required = credits(result.earned), credits(result.required)
    percent = requirement_percent(result)
    return (
        f'\n            <progress max="{_number(result.required)}" value="{_number(result.earned)}"'
        f' aria-label="{earned} of {required} credits">{percent}%</progress>\n          '
    )


@dataclass(frozen=True)
class Card:
    """A dashboard card around its progress chart, which keeps its own template."""

    top: SafeString  # up to the chart: the license, its cycle, verdict and carried-over credits
    bottom: SafeString  # after it: the requirement lines and where the rules come from


def license_card(item: LicenseCompliance) -> Card:
    """A license's dashboard card, its verdict computed once."""
    license: Any = item.license
    board = license.board
    report = item.report
    verdict = presentation.verdict(report)
    pk = license.pk
    links = Links.of(pk)
    detail = escape(url("reporting:license_detail", pk))
    top = [
        f'\n<article class="card license-card" aria-labelledby="license-{pk}-title">'
        f'\n  <header class="card-head">\n    <h2 id="license-{pk}-title"><a href="{detail}">'
        f"{escape(board.code)}</a>\n      "
        f'<span class="muted">· {escape(str(license.number))}</span></h2>\n    '
        f"{badge_markup(verdict.badge)}\n  </header>\n"
        f'  <p class="muted">{escape(board.name)}</p>\n  ',
    ]
    if report is not None:
        left = ""
        if not report.ended:
            days = item.days_left
            left = f"· <strong>{days} day{_pluralize(days, '', 's')} left</strong>"
        # The engine's spans are (start, end]: the cycle's first day is the day after.
        first = date_words(report.cycle_start + datetime.timedelta(days=1))
        last = date_words(report.cycle_end)
        top.append(f"\n    <p>CME cycle {first} {EN_DASH} {last}\n      {left}</p>\n  ")
    top.append("\n  ")
    top.append(verdict_block(item, verdict=verdict, links=links))
    top.append("\n  ")
    bottom = []
    if report is not None:
        top.append("\n    ")
        if report.carryover_in:
            carried = ", ".join(
                f"{escape(credit.title)} ({credits(amount)})" for credit, amount in item.carried
            )
            ended = date_words(report.carryover_from[1]) if report.carryover_from else ""
            top.append(
                f'<p class="muted carried-over">Includes {credits(report.carryover_in)} credits'
                f" carried over from the cycle ending {ended}: {carried}.</p>"
            )
        top.append("\n    ")
        # The chart goes here.
        bottom.append('\n    <ul class="requirements">\n      ')
        conditions = _conditions(item)
        # The results, not `item.lines`: a card lists no credits, so it need not gather them.
        for result in report.results:
            not_required = (
                " requirement-not-required" if result.status is Status.NOT_APPLICABLE else ""
            )
            head = requirement_head(result, item, links=links, conditions=conditions)
            bottom.append(
                f'\n        <li class="requirement{not_required}">\n          {head}\n          '
                f"{_progress(result)}\n        </li>\n      "
            )
        bottom.append("\n    </ul>\n    ")
        rule_set: Any = item.rule_set  # None only in a report built by hand
        verified_on = getattr(rule_set, "verified_on", None)
        verified = f"last verified {date_words(verified_on)}" if verified_on else ""
        confidence = escape(str(getattr(rule_set, "confidence", "")))
        rules = escape(url("rules:board", board.code))
        bottom.append(
            f'<p class="provenance">Rules {verified}, confidence {confidence}.'
            f' <a href="{rules}">Details and sources<span class="visually-hidden"> of the'
            f" {escape(board.name)}'s rules</span></a> — verify with your board.</p>\n  "
        )
    # The card's template ends the line.
    bottom.append("\n</article>")
    # Every value above is escaped (or is a date or a number we formatted, or our own markup).
    return Card(
        top=mark_safe("".join(top)),  # noqa: S308 # nosec B308 B703
        bottom=mark_safe("".join(bottom)),  # noqa: S308 # nosec B308 B703
    )


def credit_lists(line: RequirementLine, item: LicenseCompliance) -> str:
    """A requirement's credits: those counted, those carried over from the last cycle, and
    those not counted with the reason. The owner's page fetches them when a requirement is
    opened (`_requirement_credits.html`); the read-only pages write them inline."""
    parts = []
    if line.counted:
        parts.append(f"\n  <ul>{counted_items(line.counted)}</ul>\n")
    parts.append("\n")
    if line.carried:
        report = item.report
        span = report.carryover_from if report is not None else None
        # The engine's spans are (start, end]: the cycle's first day is the day after.
        first = date_words(span[0] + datetime.timedelta(days=1)) if span else ""
        last = date_words(span[1]) if span else ""
        carried = "".join(
            f"<li>{date_words(credit.completed_on)} — {escape(credit.title)} ({credits(amount)}"
            f" of its {credits(credit.credits)}"
            f" {escape(credit_type_words(credit.credit_type))} credits)</li>"
            for credit, amount in line.carried
        )
        parts.append(
            f"\n  <p>Carried over from the cycle {first} to {last}:</p>\n  <ul>{carried}</ul>\n"
        )
    parts.append("\n")
    if line.uncounted:
        parts.append(f"\n  <p>Not counted:</p>\n  <ul>{uncounted_items(line.uncounted)}</ul>\n")
    parts.append("\n")
    if not line.counted and not line.carried and not line.uncounted:
        parts.append(
            '\n  <p class="muted">None of your activities is on this requirement yet.</p>\n'
        )
    return "".join(parts)


def _lists_on_demand(
    line: RequirementLine, item: LicenseCompliance, *, as_of: datetime.date | None, what_if: str
) -> str:
    """A `<details>` whose lists are fetched when it is opened (`reporting:requirement_credits`,
    also a page of its own without scripts): the owner's page carries only what is read first."""
    result = line.result
    if not (line.counted or line.uncounted or line.carried or result.kind is Kind.TOPIC):
        return ""
    label = escape(result.label or result.requirement_id)
    lists = escape(url("reporting:requirement_credits", item.license.pk, result.requirement_id))
    query = f"?as_of={as_of.isoformat() if as_of else ''}" + (
        f"&amp;{escape(what_if)}" if what_if else ""
    )
    not_counted = " and which did not" if line.uncounted or result.kind is Kind.TOPIC else ""
    return (
        "\n              \n"
        f'              <details class="credit-lists" hx-get="{lists}{query}"'
        ' hx-trigger="toggle once" hx-target="find .credit-lists-body" hx-swap="innerHTML">\n'
        f"                <summary>Which activities counted{not_counted}</summary>\n"
        '                <div class="credit-lists-body" aria-live="off">\n'
        f'                  <p><a href="{lists}{query}">Show the activities'
        f'<span class="visually-hidden"> for {label}</span></a></p>\n'
        "                </div>\n              </details>\n            "
    )


def _lists_inline(line: RequirementLine, item: LicenseCompliance) -> str:
    """A `<details>` with the lists in it: a read-only page (share link, support, an office)
    shows every credit counted and not counted, with the reason, without fetching anything."""
    if not (line.counted or line.uncounted or line.carried):
        return ""
    not_counted = " and which did not" if line.uncounted else ""
    return (
        "\n            <details>\n"
        f"              <summary>Which activities counted{not_counted}</summary>\n"
        f"              \n\n{credit_lists(line, item)}\n\n            </details>\n          "
    )


def _attest_link(line: RequirementLine, item: LicenseCompliance) -> str:
    """The owner's way to attest a requirement instead of logging an activity, or to change
    the attestation. Limits on credits are not attested, and nothing is offered for a
    requirement that does not apply or is already met by logged credits."""
    result = line.result
    words = ""
    if result.attested:
        words = "Change or remove the attestation"
    elif (
        result.kind is not Kind.CATEGORY_CAP
        and result.status is not Status.MET
        and result.status is not Status.NOT_APPLICABLE
    ) or result.needs_answers:
        words = "Attest instead"
    if not words:
        return "\n\n"
    attest = escape(url("reporting:attestation_edit", item.license.pk, result.requirement_id))
    label = escape(result.label or result.requirement_id)
    return (
        f'\n\n  <p class="attest-link"><a href="{attest}">{words}'
        f'<span class="visually-hidden"> for {label}</span></a></p>\n\n'
    )


def requirement_line(
    line: RequirementLine,
    item: LicenseCompliance,
    *,
    lists: str,
    read_only: bool,
    links: Links,
    conditions: dict[str, str],
) -> str:
    """A requirement's `<li>`: its head, its bar and the words under it, then `lists` (the
    credits, or the way to them) and, for the owner, the way to attest it."""
    result = line.result
    parts = [
        '\n        <li class="requirement">\n          ',
        requirement_head(result, item, read_only=read_only, links=links, conditions=conditions),
        "\n          ",
    ]
    bar = _progress(result)
    if bar:
        due = f" · due {date_words(result.due_on)}" if result.due_on else ""
        parts.append(
            f'{bar[:-11]}\n            <p class="muted">{credits(result.earned)} of '
            f"{credits(result.required)} credits{due}</p>\n          "
        )
    parts.append("\n          ")
    parts.append(lists)
    parts.append("\n          ")
    if not read_only:
        parts.append(_attest_link(line, item))
    parts.append("\n        </li>\n      ")
    return "".join(parts)


def requirement_lines_on_demand(
    item: LicenseCompliance, *, as_of: datetime.date | None, what_if_query: str, read_only: bool
) -> str:
    """Every requirement's `<li>` of the owner's license page, whose lists of credits are
    fetched when the requirement is opened (a license page judged after a change spent more on
    a template loop's tags, includes and `{% url %}`s than on judging)."""
    links, conditions = Links.of(item.license.pk), _conditions(item)
    return "".join(
        requirement_line(
            line,
            item,
            lists="\n            "
            + _lists_on_demand(line, item, as_of=as_of, what_if=what_if_query)
            + "\n          ",
            read_only=read_only,
            links=links,
            conditions=conditions,
        )
        for line in item.lines
    )


def requirement_lines_read_only(item: LicenseCompliance, *, hide_activities: bool) -> str:
    """Every requirement's `<li>` for someone the physician shares the record with (a share
    link's holder, support, a credentialing office): no links to edit, answer or attest, and
    the lists of credits inline, unless the consent is to the status only (`hide_activities`).

    Their pages judge with `old_topic_credits`, so an old course on a topic is listed as not
    counted, with the reason, as on the owner's opened lists."""
    links, conditions = Links.of(item.license.pk), _conditions(item)
    return "".join(
        requirement_line(
            line,
            item,
            lists="\n          " if hide_activities else _lists_inline(line, item),
            read_only=True,
            links=links,
            conditions=conditions,
        )
        for line in item.lines
    )
