"""The license form proposes the expiry the board's rule gives; the demo's licenses follow it."""

import datetime
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.demo import DEMO_EMAIL
from reporting.models import Board, License
from reporting.reference.expiry import expiry_anchor, next_expiry
from reporting.rule_book import read_rule_book

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)


def _record(board_id: str) -> dict:
    return next(r for r in read_rule_book()["boards"] if r["board_id"] == board_id)


def _hint(page: str) -> str:
    found = re.search(r'<p class="help expiry-proposal" id="expiry-proposal">(.*?)</p>', page, re.S)
    assert found, "no expiry proposal on the form"
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())


# --- The rule, as dates ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("board_id", "birth", "issued", "expected"),
    [
        # Arkansas: the last day of the birth month, every year.
        ("AR", datetime.date(1980, 4, 12), None, datetime.date(2027, 4, 30)),
        # North Carolina: the birthday, every year (a December birthday still this year).
        ("NC", datetime.date(1975, 12, 20), None, datetime.date(2026, 12, 20)),
        # California: the last day of the month of first licensure, every two years from it.
        ("CA-MD", None, datetime.date(2015, 5, 17), datetime.date(2027, 5, 31)),
        ("CA-MD", None, datetime.date(2016, 5, 17), datetime.date(2028, 5, 31)),
        # Texas: the anniversary of first licensure, every two years.
        ("TX", None, datetime.date(2014, 9, 1), datetime.date(2028, 9, 1)),
        # Colorado: 30 April of odd years, whoever you are.
        ("CO", None, None, datetime.date(2027, 4, 30)),
    ],
)
def test_the_rule_gives_one_date(board_id, birth, issued, expected) -> None:
    proposal = next_expiry(
        expiry_anchor(_record(board_id)), birth_date=birth, issued_on=issued, on_or_after=TODAY
    )

    assert proposal is not None
    assert proposal.on == expected
    assert proposal.candidates == ()


def test_a_two_year_birth_month_rule_names_both_years_and_picks_neither() -> None:
    proposal = next_expiry(
        expiry_anchor(_record("GA")),
        birth_date=datetime.date(1980, 4, 12),
        issued_on=None,
        on_or_after=TODAY,
    )

    assert proposal.on is None
    assert proposal.candidates == (datetime.date(2027, 4, 30), datetime.date(2028, 4, 30))
    assert proposal.rule == "Licenses expire on the last day of your birth month, every 2 years."


def test_without_a_birth_date_the_rule_says_what_it_needs() -> None:
    proposal = next_expiry(
        expiry_anchor(_record("AR")), birth_date=None, issued_on=None, on_or_after=TODAY
    )

    assert proposal.on is None
    assert proposal.needs == "your date of birth (on your profile)"


def test_a_last_name_rule_proposes_nothing() -> None:
    anchor = expiry_anchor(_record("OH"))

    assert next_expiry(anchor, birth_date=None, issued_on=None, on_or_after=TODAY) is None


# --- The form -------------------------------------------------------------------------------
@pytest.fixture
def boards(load_rules) -> None:  # type: ignore[no-untyped-def]
    load_rules("AR", "CA", "GA")


@time_machine.travel(datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC), tick=False)
def test_the_form_fills_in_the_expiry_from_the_profiles_birth_date(alice, alice_client, boards):
    alice.profile.birth_date = datetime.date(1980, 4, 12)
    alice.profile.save()
    arkansas = Board.objects.get(code="AR-MD")

    page = alice_client.get(
        reverse("reporting:license_create") + f"?board={arkansas.pk}"
    ).content.decode()

    assert re.search(r'name="expires_on" value="2027-04-30"', page)
    assert _hint(page) == (
        "Licenses expire on the last day of your birth month, every year. "
        "That gives 30 Apr 2027 (filled in): check it against your license."
    )


@time_machine.travel(datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC), tick=False)
def test_a_rule_counted_from_first_licensure_follows_the_date_typed(alice_client, boards):
    california = Board.objects.get(code="CA-MD")
    url = reverse("reporting:license_create")

    before = alice_client.get(url + f"?board={california.pk}").content.decode()
    after = alice_client.get(
        url + f"?board={california.pk}&issued_on=2016-05-17&expires_on="
    ).content.decode()

    assert _hint(before).endswith("With the date you were first licensed we can work out the date.")
    assert 'name="expires_on" value="2028-05-31"' in after
    assert "That gives 31 May 2028 (filled in)" in _hint(after)


@time_machine.travel(datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC), tick=False)
def test_a_date_the_physician_typed_is_kept_and_a_proposed_one_follows_the_board(
    alice, alice_client, boards
) -> None:
    alice.profile.birth_date = datetime.date(1980, 4, 12)
    alice.profile.save()
    arkansas = Board.objects.get(code="AR-MD")
    california = Board.objects.get(code="CA-MD")
    url = reverse("reporting:license_create")

    typed = alice_client.get(
        url + f"?board={arkansas.pk}&expires_on=2027-01-31&expiry_proposed=2027-04-30"
    ).content.decode()
    followed = alice_client.get(
        url + f"?board={california.pk}&issued_on=2016-05-17"
        "&expires_on=2027-04-30&expiry_proposed=2027-04-30"
    ).content.decode()

    assert 'name="expires_on" value="2027-01-31"' in typed
    assert "(filled in)" not in _hint(typed)
    assert 'name="expires_on" value="2028-05-31"' in followed


@time_machine.travel(datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC), tick=False)
def test_a_rule_that_leaves_the_year_open_fills_in_nothing(alice, alice_client, boards):
    alice.profile.birth_date = datetime.date(1980, 4, 12)
    alice.profile.save()
    georgia = Board.objects.get(code="GA-MD")

    page = alice_client.get(
        reverse("reporting:license_create") + f"?board={georgia.pk}"
    ).content.decode()

    assert not re.search(r'name="expires_on" value="\d', page)
    assert _hint(page).endswith(
        "That gives 30 Apr 2027 or 30 Apr 2028: which year, your license says."
    )
    assert License.objects.count() == 0


# --- The demo -------------------------------------------------------------------------------
def test_the_demo_licenses_expire_as_their_boards_rules_say(load_rules) -> None:
    load_rules("TX", "CA")
    call_command("seed_demo", stdout=io.StringIO())

    licenses = {
        license.board.code: license for license in License.objects.filter(owner__email=DEMO_EMAIL)
    }
    texas, california = licenses["TX-MD"], licenses["CA-MD"]
    # Texas: the anniversary of first licensure, a whole number of two-year terms later.
    assert (texas.expires_on.month, texas.expires_on.day) == (
        texas.issued_on.month,
        texas.issued_on.day,
    )
    assert (texas.expires_on.year - texas.issued_on.year) % 2 == 0
    # California: the last day of the month of first licensure, every two years.
    following = california.expires_on + datetime.timedelta(days=1)
    assert following.day == 1
    assert california.expires_on.month == california.issued_on.month
    assert (california.expires_on.year - california.issued_on.year) % 2 == 0
    # Both still ahead, and the next renewal: the demo shows running cycles.
    today = timezone.localdate()
    for license in (texas, california):
        assert today <= license.expires_on < today + datetime.timedelta(days=2 * 366)
