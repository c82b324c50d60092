"""The dashboard's cards, a license's verdict and its requirement lines are written in Python
(`reporting.licenses.markup`); they must read exactly as the templates they replaced, kept
beside this file (`old_markup/`), escaping and whitespace included."""

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.template import Context, Engine
from django.template.loader import render_to_string

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

OLD = Engine(
    dirs=[Path(__file__).parent / "old_markup", settings.BASE_DIR / "templates"],
    libraries={"compliance": "reporting.templatetags.compliance"},
)
HOSTILE = "<script>alert('x')</script> & \"quoted\""


def old_card(item: LicenseCompliance) -> str:
    return OLD.get_template("reporting/licenses/_license_card.html").render(Context({"item": item}))


def new_card(item: LicenseCompliance) -> str:
    return render_to_string("reporting/licenses/_license_card.html", {"item": item})


def requirements(name: str, context: dict[str, Any]) -> str:
    if name == "old":
        return OLD.get_template("reporting/licenses/_license_requirements.html").render(
            Context(context)
        )
    return render_to_string("reporting/licenses/_license_requirements.html", context)


def assert_both_pages_match(item: LicenseCompliance, as_of: datetime.date) -> None:
    assert new_card(item) == old_card(item)
    for flags in (
        {"lists_on_demand": True},
        # The owner's page after "what if": its query goes into every list's address.
        {"lists_on_demand": True, "what_if_query": f"credits=2&topic={HOSTILE}"},
        {"lists_on_demand": True, "read_only": True},
        # The read-only pages: share links, support, an office (status only: no lists).
        {"read_only": True},
        {"read_only": True, "hide_activities": True},
    ):
        context = {"item": item, "as_of": as_of, **flags}
        assert requirements("new", context) == requirements("old", context), flags


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_judged_cards_read_as_the_templates_wrote_them(alice, load_rules) -> None:
    load_rules("TX", "CA", "FL")
    for code, expires in (
        ("TX-MD", datetime.date(2027, 8, 31)),
        ("CA-MD", datetime.date(2026, 8, 31)),  # ended: judged as a past cycle
        ("FL-MD", datetime.date(2028, 1, 31)),
    ):
        LicenseFactory(
            owner=alice,
            board=Board.objects.get(code=code),
            number=f"{code} <b>\"&'",  # at most 40 characters
            issued_on=datetime.date(2010, 6, 1),
            expires_on=expires,
        )
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
    as_of = datetime.date(2026, 11, 22)

    items = licenses_selectors.dashboard(user=alice, as_of=as_of)

    assert len(items) == 4
    assert any(item.report is None for item in items)
    assert any(item.report is not None and item.report.ended for item in items)
    assert any(item.report is not None and item.report.carryover_in for item in items)
    for item in items:
        assert_both_pages_match(item, as_of)
        assert "<script>" not in new_card(item)


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
def test_hostile_words_are_escaped_as_the_templates_escaped_them(ended, verified) -> None:
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

    assert_both_pages_match(item, datetime.date(2026, 11, 22))
    card = new_card(item)
    assert "<script>" not in card
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot;" in card
    assert "Answer on this license" in card
    assert "Answer in your profile" in card
    assert "(change)" in card
