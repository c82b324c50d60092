"""The dashboard's cards, a license's verdict and its requirement lines, written in Python
(`reporting.licenses.markup`): the words shown for each status, the links for the owner and
none for those she shares with, the bars' labels, and everything typed by a physician or staff
(titles, license numbers, board names, engine sentences fed by them) kept as text."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from reporting.compliance.selectors import LicenseCompliance
from reporting.engine import (
    CarriedCredit,
    ComplianceReport,
    Credit,
    Kind,
    LicenseStatus,
    RequirementResult,
    Status,
    UncountedCredit,
    explain,
)
from reporting.licenses import selectors as licenses_selectors
from reporting.models import Board, RuleSet
from tests.factories import (
    BoardFactory,
    LicenseFactory,
    RequirementFactory,
    RuleSetFactory,
    log_activity,
)

HOSTILE = "<script>alert('x')</script> & \"quoted\""
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot;"
AS_OF = datetime.date(2026, 11, 22)


def card(item: LicenseCompliance) -> str:
    return render_to_string("reporting/licenses/_license_card.html", {"item": item})


def owners_page(item: LicenseCompliance, **context: Any) -> str:
    """The owner's license page's requirements, their lists fetched when opened."""
    return render_to_string(
        "reporting/licenses/_license_requirements.html",
        {"item": item, "as_of": AS_OF, "lists_on_demand": True, **context},
    )


def read_only_page(item: LicenseCompliance, **context: Any) -> str:
    """The requirements as a share link's holder, support or an office read them."""
    return render_to_string(
        "reporting/licenses/_license_requirements.html",
        {"item": item, "as_of": AS_OF, "read_only": True, **context},
    )


def lines(page: str) -> list[str]:
    """Each requirement's `<li>`, in the report's order."""
    return page.split('<li class="requirement')[1:]


def assert_no_markup_from_data(page: str) -> None:
    assert "<script>" not in page
    assert "<b>" not in page
    assert "<i>" not in page


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_judged_cards_and_pages_say_the_verdict_and_keep_the_physicians_words_text(
    alice, load_rules
) -> None:
    load_rules("TX", "CA", "FL")
    licenses = {
        code: LicenseFactory(
            owner=alice,
            board=Board.objects.get(code=code),
            number=f"{code} <b>\"&'",  # at most 40 characters
            issued_on=datetime.date(2010, 6, 1),
            expires_on=expires,
        )
        for code, expires in (
            ("TX-MD", datetime.date(2027, 8, 31)),
            ("CA-MD", datetime.date(2026, 8, 31)),  # ended: judged as a past cycle
            ("FL-MD", datetime.date(2028, 1, 31)),
        )
    }
    LicenseFactory(owner=alice, board=BoardFactory(name=f"No rules {HOSTILE}"))
    for month, amount in ((1, "2.5"), (3, "30"), (6, "1"), (9, "7")):
        log_activity(alice, credits=amount, completed_on=datetime.date(2026, month, 3))
    # Texas's last cycle: 30 + 22 credits against 48; the last course carries 4 over, with a
    # title that must stay text.
    log_activity(alice, credits="30", completed_on=datetime.date(2024, 3, 1))
    log_activity(
        alice, title=f"Surplus {HOSTILE}", credits="22", completed_on=datetime.date(2025, 5, 1)
    )
    log_activity(
        alice,
        title=f"Ethics {HOSTILE}",
        credits="2",
        completed_on=datetime.date(2026, 2, 3),
        topics=["medical-ethics"],
    )

    items = {
        item.license.board.code: item
        for item in licenses_selectors.dashboard(user=alice, as_of=AS_OF, old_topic_credits=True)
    }

    assert len(items) == 4
    for item in items.values():
        for page in (card(item), owners_page(item), read_only_page(item)):
            assert_no_markup_from_data(page)
    texas, california = items["TX-MD"], items["CA-MD"]
    texas_card = card(texas)
    detail = reverse("reporting:license_detail", args=[licenses["TX-MD"].pk])
    assert f'<h2 id="license-{texas.license.pk}-title"><a href="{detail}">TX-MD</a>' in texas_card
    assert "· TX-MD &lt;b&gt;&quot;&amp;&#x27;</span></h2>" in texas_card
    assert f"Surplus {ESCAPED} (4.00)" in texas_card  # carried over, by name
    assert "CME cycle 1 Sep 2025 \u2013 31 Aug 2027" in texas_card
    assert (
        f'<a href="{reverse("rules:board", args=["TX-MD"])}">Details and sources'
        '<span class="visually-hidden"> of the Texas Medical Board\'s rules</span></a>'
    ) in texas_card
    # Every line of the owner's page offers its lists; the read-only page writes them.
    assert len(lines(owners_page(texas))) == len(texas.lines) == len(lines(read_only_page(texas)))
    assert f"Ethics {ESCAPED} (2.00" in read_only_page(texas)
    assert f"Ethics {ESCAPED}" not in owners_page(texas)
    assert "<strong>This cycle ended on 31 Aug 2026" in card(california)
    assert "days left" not in card(california)
    no_rules = next(item for item in items.values() if item.report is None)
    assert "Cannot be judged here: we have no rules on file for this board" in card(no_rules)
    assert f"No rules {ESCAPED}" in card(no_rules)


def _result(code: str, **fields: Any) -> RequirementResult:
    values: dict[str, Any] = {
        "requirement_id": code,
        "kind": Kind.TOPIC,
        "topics": ("medical-ethics",),
        "required": Decimal("2"),
        "earned": Decimal("0.5"),
        "remaining": Decimal("1.5"),
        "status": Status.NOT_YET_DUE,
        "advisory": False,
        "due_on": datetime.date(2027, 5, 31),
        "counted": (1,),
        "uncounted": (UncountedCredit(2, f"too old {HOSTILE}"),),
        "explanation": f"You need more {HOSTILE}.",
        "label": f"ethics {HOSTILE}",
    }
    return RequirementResult(**(values | fields))


def _hostile_item(*, ended: bool, rule_set: RuleSet | None, license: Any) -> LicenseCompliance:
    condition = explain.not_applicable_condition("state_cs_registrant")
    results = (
        _result("zz.ethics"),
        _result("zz.advisory", advisory=True, status=Status.SHORT),
        _result("zz.attested", attested=True, status=Status.MET),
        _result("zz.questions", needs_answers=("dea_registrant", "state_cs_registrant")),
        _result("zz.cannot", cannot_judge=f"no way {HOSTILE}", required=None),
        _result(
            "zz.cap",
            kind=Kind.CATEGORY_CAP,
            required=Decimal("24"),
            earned=Decimal("30"),
            explanation=f"Category 2, 24 credits — counts at most 24 {HOSTILE}",
            label="category 2",
        ),
        _result("zz.answered", status=Status.NOT_APPLICABLE, explanation=condition),
        _result("zz.answered-profile", status=Status.NOT_APPLICABLE, explanation="x"),
        _result("zz.short", status=Status.SHORT, kind=Kind.TOTAL, required=Decimal("1E+1")),
        _result("zz.zero", required=Decimal("0"), status=Status.MET),
    )
    report = ComplianceReport(
        board="ZZ-MD",
        as_of=datetime.date(2026, 11, 22),
        cycle_start=datetime.date(2025, 5, 31),
        cycle_end=datetime.date(2027, 5, 31),
        compliant=False,
        results=results,
        carryover_in=Decimal("3.5"),
        waived_by_moc=True,
        initial_cycle=False,
        renewal_number=2,
        summary=f"Behind {HOSTILE}",
        status=LicenseStatus.BEHIND,
        ended=ended,
        unanswered=("dea_registrant",) if ended else ("dea_registrant", "state_cs_registrant"),
        cannot_judge=(f"reason {HOSTILE}", "another"),
        carryover_from=(datetime.date(2023, 5, 31), datetime.date(2025, 5, 31)),
        carried_over=(CarriedCredit(3, Decimal("2.25")), CarriedCredit(4, Decimal("1.25"))),
    )
    credits = {
        n: Credit(
            activity_id=n,
            completed_on=datetime.date(2025, 1, n),
            credit_type="ama-pra-1",
            credits=Decimal("2.5"),
            title=f"Course {n} {HOSTILE}",
        )
        for n in (1, 2, 3, 4)
    }
    return LicenseCompliance(license=license, rule_set=rule_set, report=report, credits=credits)


@pytest.mark.django_db
@pytest.mark.parametrize("ended", [False, True])
@pytest.mark.parametrize("verified", [True, False])
def test_hostile_words_stay_text_and_each_status_reads_in_words(ended, verified) -> None:
    board = BoardFactory(name=f"Board {HOSTILE}", code="ZZ-MD")
    rule_set = RuleSetFactory(
        board=board,
        confidence="medium",
        verified_on=datetime.date(2025, 1, 15) if verified else None,
    )
    RequirementFactory(rule_set=rule_set, code="zz.answered", condition="state_cs_registrant")
    RequirementFactory(rule_set=rule_set, code="zz.answered-profile", condition="dea_registrant")
    license = LicenseFactory(board=board, number="<i>\"&'", expires_on=datetime.date(2027, 5, 31))
    item = _hostile_item(ended=ended, rule_set=rule_set, license=license)
    edit = reverse("reporting:license_edit", args=[license.pk])
    profile = reverse("accounts:profile")

    the_card, owners, read_only = card(item), owners_page(item), read_only_page(item)

    for page in (the_card, owners, read_only):
        assert_no_markup_from_data(page)
        assert f"reason {ESCAPED}" in page  # the license cannot be judged, and why
        assert f"Cannot be judged here: no way {ESCAPED}" in page
    assert "· &lt;i&gt;&quot;&amp;&#x27;</span>" in the_card
    assert f"Board {ESCAPED}" in the_card
    assert ("Rules last verified 15 Jan 2025," in the_card) is verified
    # The owner answers the questions where they are asked; the read-only page only asks.
    for page in (the_card, owners):
        assert f'<a href="{profile}">Answer in your profile</a>' in page
        assert f'<a href="{edit}">Answer on this license</a>' in page
        assert f'<a href="{edit}">(change)</a>' in page
    assert "Do you hold a federal DEA registration?" in read_only
    assert "<a " not in read_only
    # The words shown for each status.
    by_code = dict(zip([r.requirement_id for r in item.report.results], lines(owners), strict=True))
    short = "Not met" if ended else "Short"
    assert "◔</span> In progress</span>" in by_code["zz.ethics"]
    assert f'✗</span> {short}</span> <span class="badge badge-advisory"' in by_code["zz.advisory"]
    assert (
        '✓</span> Met</span>\n <span class="badge badge-attested">Attested</span>'
        in (by_code["zz.attested"])
    )
    assert "✎</span> May apply</span>" in by_code["zz.questions"]
    assert f"✗</span> {short}</span>" in by_code["zz.short"]
    assert 'class="status' not in by_code["zz.cap"]  # a limit is no status
    assert 'class="requirement-badges"></span>' in by_code["zz.cap"]
    # The bar says its numbers in words; an attested requirement or a limit has none.
    assert (
        '<progress max="2" value="0.5" aria-label="0.50 of 2.00 credits">25%</progress>'
        in (by_code["zz.ethics"])
    )
    assert "<progress" not in by_code["zz.attested"] + by_code["zz.cap"]
    assert "0.50 of 2.00 credits · due 31 May 2027" in by_code["zz.ethics"]
    # The owner attests (or changes an attestation); the lists come when a line is opened.
    attest = reverse("reporting:attestation_edit", args=[license.pk, "zz.ethics"])
    assert (
        f'<a href="{attest}">Attest instead<span class="visually-hidden"> for ethics {ESCAPED}'
    ) in by_code["zz.ethics"]
    assert "Change or remove the attestation" in by_code["zz.attested"]
    assert "Attest instead" not in by_code["zz.cap"] + by_code["zz.zero"]
    lists = reverse("reporting:requirement_credits", args=[license.pk, "zz.ethics"])
    assert f'hx-get="{lists}?as_of=2026-11-22"' in by_code["zz.ethics"]
    assert (
        f'<a href="{lists}?as_of=2026-11-22">Show the activities'
        f'<span class="visually-hidden"> for ethics {ESCAPED}</span></a>'
    ) in by_code["zz.ethics"]
    # Read-only: the same lines and words, the lists inline, no owner's link.
    assert len(lines(read_only)) == len(item.report.results)
    assert "Attest instead" not in read_only
    assert "Change or remove the attestation" not in read_only
    assert "hx-get" not in read_only
    assert f"<li>Course 2 {ESCAPED} (2.50): too old {ESCAPED}</li>" in read_only
    assert f"— Course 1 {ESCAPED} (2.50 AMA PRA Category 1)</li>" in read_only
    assert "Which activities counted and which did not" in read_only


def _zz_item() -> LicenseCompliance:
    """The hostile report on a license of a plain board, its cycle still running."""
    board = BoardFactory(code="ZZ-MD")
    rule_set = RuleSetFactory(board=board)
    license = LicenseFactory(board=board, expires_on=datetime.date(2027, 5, 31))
    return _hostile_item(ended=False, rule_set=rule_set, license=license)


@pytest.mark.django_db
def test_a_what_if_query_goes_escaped_into_every_lists_address() -> None:
    item = _zz_item()

    page = owners_page(item, what_if_query=f"credits=2&topic={HOSTILE}")

    query = f"?as_of=2026-11-22&amp;credits=2&amp;topic={ESCAPED}"
    assert page.count(f'{query}"') == 2 * page.count("<details")  # hx-get and the link
    assert_no_markup_from_data(page)


@pytest.mark.django_db
def test_a_status_only_page_has_the_lines_and_no_credit() -> None:
    item = _zz_item()

    page = read_only_page(item, hide_activities=True)

    assert len(lines(page)) == len(item.report.results)
    assert "Course " not in page
    assert "<details" not in page
