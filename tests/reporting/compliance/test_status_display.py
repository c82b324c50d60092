"""Every license's status in words, on the dashboard, the license page and the staff list.

A physician reads "Overdue" or "Needs your answers", never a code, a tick for 23 of 60 credits,
or "?": each of the six statuses is reached by a real license and read back from the page.
"""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from reporting.models import Attestation, Board, License
from tests.factories import (
    BoardFactory,
    LicenseFactory,
    RequirementFactory,
    RuleSetFactory,
    answers,
)

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 3, 1)
# Codes that must never reach a reader; "ama-pra-1" is the credit type the activities carry.
CODES = re.compile(
    r"needs_answers|cannot_judge|on_track|not_yet_due|not_applicable|direct_patient_care"
    r"|ama-pra-1"
)


class _Text(HTMLParser):
    """What a reader sees: the text of the page, without tags, attributes or scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._skip += tag in {"script", "style"}

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in {"script", "style"} and self._skip > 0

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    parser = _Text()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


def _board(code: str, *, total: str, cannot_judge: tuple[str, ...] = ()) -> Board:
    """A board whose rules ask for `total` credits every two years, and two topic lines."""
    board = BoardFactory(code=code, name=f"{code} Board of Medicine")
    rule_set = RuleSetFactory(board=board, cannot_judge=list(cannot_judge))
    RequirementFactory(rule_set=rule_set, code=f"{code.lower()}.total", credits=Decimal(total))
    RequirementFactory(
        rule_set=rule_set,
        code=f"{code.lower()}.ethics",
        kind="topic",
        label="medical ethics",
        topics=["medical-ethics"],
        credits=Decimal("2"),
        counts_toward_total=True,
    )
    RequirementFactory(
        rule_set=rule_set,
        code=f"{code.lower()}.pain",
        kind="topic",
        label="pain management",
        topics=["pain-management"],
        credits=Decimal("3"),
        condition="pain_clinic",
    )
    return board


def _license(owner, board: Board, *, expires: datetime.date) -> License:  # type: ignore[no-untyped-def]
    return LicenseFactory(
        owner=owner,
        board=board,
        number=f"N-{board.code}",
        issued_on=datetime.date(2010, 7, 1),
        expires_on=expires,
        condition_answers=answers(),
    )


@pytest.fixture
def six(alice, load_rules, log_activity) -> dict[str, License]:  # type: ignore[no-untyped-def]
    """One license per status for alice, who logged 30 credits and attested her ethics hours.

    The cycle of a license expiring 31 Dec 2026 is 14 months old on 1 Mar 2026: the pace is
    17.5 of 30 credits, 35 of 60, and 58.3 of 100.
    """
    log_activity(alice, credits="30.00", completed_on=datetime.date(2025, 6, 1))
    end = datetime.date(2026, 12, 31)
    licenses = {
        "complete": _license(alice, _board("ZA-MD", total="20"), expires=end),
        "on_track": _license(alice, _board("ZB-MD", total="40"), expires=end),
        "behind": _license(alice, _board("ZC-MD", total="100"), expires=end),
        # Judged on 1 Mar 2026, the day after its cycle ended with 70 credits missing.
        "overdue": _license(
            alice, _board("ZD-MD", total="100"), expires=datetime.date(2026, 2, 28)
        ),
        "cannot_judge": _license(
            alice,
            _board("ZE-MD", total="20", cannot_judge=("Half the hours must be live, in person.",)),
            expires=end,
        ),
    }
    for license in licenses.values():
        Attestation.objects.create(
            license=license,
            requirement_code=f"{license.board.code.lower()}.ethics",
            kind="completed",
            completed_on=datetime.date(2025, 5, 2),
        )
    load_rules("TX")
    texas = LicenseFactory(
        owner=alice,
        board=Board.objects.get(code="TX-MD"),
        number="Q1",
        issued_on=datetime.date(2012, 1, 1),
        expires_on=datetime.date(2027, 8, 31),
        # Every question answered but "Do you provide direct patient care?".
        condition_answers={code: False for code in answers() if code != "direct_patient_care"},
    )
    licenses["needs_answers"] = texas
    return licenses


WORDS = {
    "complete": "Complete",
    "on_track": "On track",
    "behind": "Behind the pace",
    "overdue": "Overdue",
    "needs_answers": "Needs your answers",
    "cannot_judge": "Cannot be judged here",
}


SYMBOLS = {
    "complete": "✓",
    "on_track": "◔",
    "behind": "◑",
    "overdue": "✗",
    "needs_answers": "✎",
    "cannot_judge": "!",
}


def _page(client, license: License, as_of: datetime.date = AS_OF) -> str:  # type: ignore[no-untyped-def]
    url = reverse("reporting:license_detail", args=[license.pk])
    return visible_text(client.get(url, {"as_of": as_of.isoformat()}))


def test_the_dashboard_says_each_of_the_six_statuses_in_words(alice_client, six) -> None:
    text = visible_text(alice_client.get(reverse("reporting:dashboard"), {"as_of": "2026-03-01"}))
    for words in WORDS.values():
        assert words in text
    assert not CODES.search(text), CODES.search(text)
    assert "Nothing overdue" not in text


@pytest.mark.parametrize("status", list(WORDS))
def test_the_license_page_says_its_status_in_words(alice_client, six, status: str) -> None:
    text = _page(alice_client, six[status])
    assert f"Status: {SYMBOLS[status]} {WORDS[status]}" in text
    assert not CODES.search(text), CODES.search(text)


def test_an_ended_cycle_says_so_first_and_what_was_missing(alice_client, six) -> None:
    text = _page(alice_client, six["overdue"])
    ended = "This cycle ended on 28 Feb 2026: not met — 70.00 credits in total missing."
    assert ended in text
    assert text.index(ended) < text.index("Total, 100 credits")
    assert "Not met when the cycle ended" not in text  # said once, not twice
    assert "days left" not in text


def test_on_the_due_day_itself_an_unmet_cycle_is_overdue(alice_client, six) -> None:
    text = _page(alice_client, six["behind"], as_of=datetime.date(2026, 12, 31))
    assert "Overdue" in text
    assert "This cycle ended on 31 Dec 2026: not met — 70.00 credits in total missing." in text
    assert "Behind the pace" not in text


def test_every_line_names_its_requirement_even_when_not_required(alice_client, six) -> None:
    text = _page(alice_client, six["on_track"])
    assert "Total, 40 credits" in text
    assert "Medical ethics, 2 h" in text
    # Not required (she told us she works in no pain clinic), and still named with its hours.
    assert re.search(r"Pain management, 3 h ○ Not required Not required: applies only to", text)
    assert "pain-management clinic; you told us you are not. (change)" in text


def test_a_requirement_removed_by_a_profile_answer_links_to_the_profile(
    alice, alice_client, six
) -> None:
    texas = six["needs_answers"]
    texas.condition_answers = answers()  # No to direct patient care, on this license
    texas.save()
    response = alice_client.get(
        reverse("reporting:license_detail", args=[texas.pk]), {"as_of": "2026-03-01"}
    )
    text = visible_text(response)
    assert (
        "Opioid prescribing, 2 h ○ Not required Not required: applies only to physicians with "
        "a direct patient care practice; you told us you are not. (change)"
    ) in text
    assert f'<a href="{reverse("accounts:profile")}">(change)</a>' in response.content.decode()
    # Not required for another reason (a renewal it skips): nothing to change.
    assert "after licensure. (change)" not in text


def test_an_attested_requirement_says_attested_and_when(alice_client, six) -> None:
    text = _page(alice_client, six["complete"])
    assert "Medical ethics, 2 h ✓ Met Attested" in text
    assert "you attested that you completed it on 2 May 2025" in text


def test_an_unanswered_question_reads_may_apply_with_a_link_to_answer_it(alice_client, six) -> None:
    response = alice_client.get(
        reverse("reporting:license_detail", args=[six["needs_answers"].pk]),
        {"as_of": "2026-03-01"},
    )
    text = visible_text(response)
    assert "May apply — answer: Do you provide direct patient care?" in text
    assert "Opioid prescribing, 2 h ✎ May apply" in text
    assert f'href="{reverse("accounts:profile")}"' in response.content.decode()


def test_a_license_question_links_to_the_license_form(alice, alice_client, six) -> None:
    license = six["on_track"]
    license.condition_answers = answers()
    del license.condition_answers["pain_clinic"]
    license.save()
    response = alice_client.get(
        reverse("reporting:license_detail", args=[license.pk]), {"as_of": "2026-03-01"}
    )
    text = visible_text(response)
    assert "Status: ✎ Needs your answers" in text
    assert "Pain management, 3 h ✎ May apply" in text
    assert "May apply — answer: Do you own, operate or practise in a certified" in text
    edit = reverse("reporting:license_edit", args=[license.pk])
    assert f'href="{edit}">Answer on this license' in response.content.decode()


def test_what_the_engine_cannot_judge_is_listed(alice_client, six) -> None:
    text = _page(alice_client, six["cannot_judge"])
    assert "Cannot be judged here: Half the hours must be live, in person." in text


def test_a_board_without_rules_cannot_be_judged_never_a_question_mark(alice, alice_client) -> None:
    license = _license(alice, BoardFactory(code="ZZ-DO"), expires=datetime.date(2026, 12, 31))
    for response in (
        alice_client.get(reverse("reporting:dashboard")),
        alice_client.get(reverse("reporting:license_detail", args=[license.pk])),
    ):
        text = visible_text(response)
        assert "Cannot be judged here: we have no rules on file for this board" in text
        assert '<span aria-hidden="true">!</span> Cannot be judged here</span>' in (
            response.content.decode()
        )


def test_a_requirement_the_engine_cannot_follow_says_so_on_its_line(alice, alice_client) -> None:
    board = _board("ZF-MD", total="20")
    board.rule_sets.get().requirements.filter(code="zf-md.ethics").update(
        cannot_judge="Ethics hours must come from a board-approved provider."
    )
    license = _license(alice, board, expires=datetime.date(2026, 12, 31))
    text = _page(alice_client, license)
    assert "Status: ! Cannot be judged here" in text
    assert (
        "Medical ethics, 2 h ◔ In progress You need 2.00 more credits of medical ethics by "
        "31 Dec 2026. Cannot be judged here: Ethics hours must come from a board-approved "
        "provider."
    ) in text


def test_every_credit_type_the_engine_knows_has_words_on_the_page() -> None:
    from reporting.compliance.presentation import CREDIT_TYPE_WORDS
    from reporting.engine.types import CREDIT_TYPES

    assert set(CREDIT_TYPES) <= set(CREDIT_TYPE_WORDS)
