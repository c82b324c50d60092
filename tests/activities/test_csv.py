import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities import spreadsheets
from activities.models import Activity
from tests.certificates.factories import CertificateFactory
from tests.factories import ActivityFactory, credit_type, topic

pytestmark = pytest.mark.django_db

HEADER = "title,provider,started_on,completed_on,credit_type,credits,format,topics,notes\n"
GOOD_ROW = (
    "Opioid update,State Medical Association,2026-01-05,2026-01-05,ama-pra-1,1.50,live,"
    "opioid-prescribing;pain-management,\n"
)


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(rows)).encode()


def _rows(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _row_set(data: bytes) -> list[tuple[tuple[str, str], ...]]:
    return sorted(
        tuple(sorted(row.items())) for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    )


def _upload(client, data: bytes, name: str = "activities.csv"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("activities:import"), {"file": SimpleUploadedFile(name, data, "text/csv")}
    )


# --- Export ----------------------------------------------------------------------------------
def test_the_template_has_exactly_the_columns(alice_client) -> None:
    response = alice_client.get(reverse("activities:import_template"))
    assert response["Content-Disposition"] == 'attachment; filename="cme-activities-template.csv"'
    assert response.content.decode() == HEADER.replace("\n", "\r\n")


def test_export_writes_what_the_list_shows(alice, bob, alice_client) -> None:
    ActivityFactory(
        owner=alice,
        title="Ethics",
        topics=[topic("medical-ethics"), topic("implicit-bias")],
        notes="Two\nlines",
    )
    ActivityFactory(
        owner=alice, title="Reading", credit_type=credit_type("ama-pra-2"), credits=Decimal("2.5")
    )
    ActivityFactory(owner=bob, title="Bob only")
    response = alice_client.get(reverse("activities:export"), {"credit_type": "ama-pra-1"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows == [
        {
            "title": "Ethics",
            "provider": "Riverside General Hospital",
            "started_on": "2026-01-10",
            "completed_on": "2026-01-10",
            "credit_type": "ama-pra-1",
            "credits": "1.00",
            "format": "live",
            "topics": "implicit-bias;medical-ethics",
            "notes": "Two\nlines",
        }
    ]
    assert [row["title"] for row in _rows(alice_client.get(reverse("activities:export")))] == [
        "Reading",
        "Ethics",
    ]


def test_bobs_export_never_includes_alices_rows(alice, bob_client) -> None:
    ActivityFactory(owner=alice, title="Alice only")
    assert _rows(bob_client.get(reverse("activities:export"))) == []


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB"])
def test_export_neutralises_spreadsheet_formulas(alice, alice_client, formula: str) -> None:
    ActivityFactory(owner=alice, title=formula, provider=formula, notes=formula)
    row = _rows(alice_client.get(reverse("activities:export")))[0]
    assert row["title"] == row["provider"] == row["notes"] == f"'{formula}"


def test_export_then_import_into_another_account_gives_the_same_rows(
    alice, bob, alice_client, bob_client
) -> None:
    certificate = CertificateFactory(owner=alice)
    ActivityFactory(
        owner=alice, title="=cmd|' /C calc'!A0", topics=[topic("medical-ethics")], notes="- bullet"
    )
    ActivityFactory(
        owner=alice,
        title="Conference",
        started_on=datetime.date(2025, 10, 1),
        completed_on=datetime.date(2025, 10, 3),
        credits=Decimal("18.25"),
        certificate=certificate,
    )
    ActivityFactory(
        owner=alice,
        title="Teaching",
        provider="",
        credit_type=credit_type("ama-pra-2"),
        format="teaching",
        credits=Decimal("3.10"),
    )
    exported = alice_client.get(reverse("activities:export")).content
    preview = _upload(bob_client, exported)
    assert len(preview.context["preview"].new) == 3
    response = bob_client.post(
        reverse("activities:import"), {"payload": preview.context["payload"]}
    )
    assert response.status_code == 302
    again = bob_client.get(reverse("activities:export")).content
    # Rows completed on one day are listed newest-first by creation, so compare them unordered.
    assert _row_set(again) == _row_set(exported)
    assert Activity.objects.filter(owner=bob).count() == 3
    assert Activity.objects.filter(owner=alice).count() == 3


# --- Import preview --------------------------------------------------------------------------
def test_the_preview_shows_errors_per_row_with_the_forms_messages(alice, alice_client) -> None:
    data = _csv(
        GOOD_ROW,
        "Zero,Provider,,2026-01-05,ama-pra-1,0,live,,\n",
        "Quarter,Provider,,2026-01-05,ama-pra-1,1.30,live,,\n",
        "Future,Provider,,2026-03-01,ama-pra-2,1,other,,\n",
        "No provider,,,2026-01-05,ama-pra-1,1,live,,\n",
        "Bad type,P,,2026-01-05,cme-gold,1,live,,\n",
        "Bad topic,P,,2026-01-05,ama-pra-2,1,live,opioid-prescribing;astrology,\n",
        "Bad date,P,,2026-13-45,ama-pra-2,1,live,,\n",
        "Bad number,P,,2026-01-05,ama-pra-2,lots,live,,\n",
        ",P,,2026-01-05,ama-pra-2,1,live,,\n",
    )
    response = _upload(alice_client, data)
    preview = response.context["preview"]
    messages = {row.line: " ".join(row.messages) for row in preview.rows}
    assert messages[2] == ""
    assert "Enter more than 0 credits." in messages[3]
    assert "claimed in steps of 0.25" in messages[4]
    assert "The completion date cannot be in the future." in messages[5]
    assert "needs the accredited provider's name" in messages[6]
    assert (
        "Unknown credit type “cme-gold”; use one of AMA PRA Category 1, AMA PRA Category 2"
        in messages[7]
    )
    assert "Unknown topic “astrology”." in messages[8]
    assert "Enter a valid date (YYYY-MM-DD)." in messages[9]
    assert "Enter a number." in messages[10]
    assert "title: This field cannot be blank." in messages[11]
    page = response.content.decode()
    assert "Nothing is imported while any row has an error" in page
    assert 'name="payload"' not in page
    assert not Activity.objects.exists()


def test_a_pa_importing_category_1_gets_the_same_message_as_the_form(alice, alice_client) -> None:
    alice.profile.degree = "PA"
    alice.profile.save()
    preview = _upload(alice_client, _csv(GOOD_ROW)).context["preview"]
    assert (
        "credit type: AMA PRA Category 1 credit is for physicians (MD, DO). As a PA"
        in preview.rows[0].messages[0]
    )


def test_importing_stores_every_row_with_topics(alice, alice_client) -> None:
    data = _csv(GOOD_ROW, "Reading,,,01/12/2026,AMA PRA Category 2,2,other,,Read NEJM\n")
    preview = _upload(alice_client, data)
    assert "Import 2 activities" in preview.content.decode()
    response = alice_client.post(
        reverse("activities:import"), {"payload": preview.context["payload"]}, follow=True
    )
    assert "Imported 2 activities; skipped 0" in response.content.decode()
    first = Activity.objects.get(title="Opioid update")
    assert first.owner == alice
    assert first.credits == Decimal("1.50")
    assert sorted(t.slug for t in first.topics.all()) == ["opioid-prescribing", "pain-management"]
    reading = Activity.objects.get(title="Reading")
    assert reading.completed_on == datetime.date(2026, 1, 12)  # US dates as Excel saves them
    assert reading.started_on == reading.completed_on
    assert reading.credit_type.slug == "ama-pra-2"


def test_reimporting_the_same_file_creates_no_duplicates(alice, alice_client) -> None:
    data = _csv(GOOD_ROW)
    spreadsheets.activity_import(owner=alice, data=data)
    preview = _upload(alice_client, data)
    rows = preview.context["preview"].rows
    assert rows[0].status == "duplicate"
    assert rows[0].duplicate_of == "already in your record"
    assert "Duplicate — already in your record; skipped" in preview.content.decode()
    assert spreadsheets.activity_import(owner=alice, data=data).created == 0
    assert Activity.objects.count() == 1


def test_a_row_repeated_in_one_file_is_imported_once(alice) -> None:
    data = _csv(GOOD_ROW, GOOD_ROW.replace("Opioid update", "OPIOID  update"))
    preview = spreadsheets.activity_import_preview(owner=alice, data=data)
    assert [row.status for row in preview.rows] == ["new", "duplicate"]
    assert preview.rows[1].duplicate_of == "same as line 2"
    result = spreadsheets.activity_import(owner=alice, data=data)
    assert (result.created, result.skipped) == (1, 1)


def test_another_users_rows_are_not_duplicates_of_mine(alice, bob) -> None:
    spreadsheets.activity_import(owner=bob, data=_csv(GOOD_ROW))
    assert spreadsheets.activity_import(owner=alice, data=_csv(GOOD_ROW)).created == 1


def test_import_is_all_or_nothing(alice) -> None:
    data = _csv(
        GOOD_ROW,
        GOOD_ROW.replace("Opioid update", "Other"),
        "Broken,P,,2026-01-05,ama-pra-1,0,live,,\n",
    )
    with pytest.raises(ValidationError) as caught:
        spreadsheets.activity_import(owner=alice, data=data)
    assert "1 rows have errors; nothing was imported." in caught.value.messages[0]
    assert not Activity.objects.exists()


def test_a_tampered_confirmation_imports_nothing(alice, alice_client) -> None:
    preview = _upload(alice_client, _csv(GOOD_ROW))
    payload = preview.context["payload"]
    response = alice_client.post(
        reverse("activities:import"), {"payload": payload[:-2] + "xx"}, follow=True
    )
    assert "That preview has expired" in response.content.decode()
    assert not Activity.objects.exists()


def test_bob_cannot_confirm_alices_preview(alice, alice_client, bob_client) -> None:
    payload = _upload(alice_client, _csv(GOOD_ROW)).context["payload"]
    bob_client.post(reverse("activities:import"), {"payload": payload})
    assert not Activity.objects.exists()


# --- Files that are not an activities CSV ---------------------------------------------------
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("Titel,Datum\r\nÉthique,2026-01-05\r\n".encode("latin-1"), "This file is not UTF-8 text."),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 50, "This is not a CSV file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "This file is not UTF-8 text."),
        (b"", "The submitted file is empty."),
        (b"  \n", "This file is empty. Start from the template."),
        (b"name,date\nx,y\n", "the first row must name the columns title, provider"),
        (HEADER.encode(), "This file has no activities below the header row."),
        (
            b"\xef\xbb\xbf" + HEADER.encode() + b'"unterminated,\n' + b"x" * 140_000,
            "could not be read as CSV",
        ),
    ],
)
def test_files_that_are_not_an_activities_csv_are_refused_clearly(
    alice_client, data: bytes, message: str
) -> None:
    response = _upload(alice_client, data)
    assert message in " ".join(response.context["form"].errors["file"])
    assert "preview" not in response.context
    assert not Activity.objects.exists()


def test_more_than_5000_rows_are_refused(alice_client) -> None:
    data = _csv(*[GOOD_ROW.replace("Opioid update", f"Row {n}") for n in range(5001)])
    response = _upload(alice_client, data)
    assert "more than 5,000 activities" in response.context["form"].errors["file"][0]
    assert not Activity.objects.exists()


def test_files_over_2_mb_are_refused(alice_client) -> None:
    data = _csv(GOOD_ROW.replace("Opioid update", "x" * 280) * 7500)
    response = _upload(alice_client, data)
    assert "larger than 2 MB" in response.context["form"].errors["file"][0]


def test_5000_rows_import_in_one_go(alice) -> None:
    rows = [
        f"Row {n},P,,2026-01-{n % 19 + 1:02d},ama-pra-2,1.00,other,medical-ethics,\n"
        for n in range(5000)
    ]
    result = spreadsheets.activity_import(owner=alice, data=_csv(*rows))
    assert result.created == 5000
    assert Activity.objects.filter(owner=alice, topics__slug="medical-ethics").count() == 5000


def test_a_bom_semicolon_free_excel_file_with_extra_columns_imports(alice) -> None:
    header = "\ufeffTitle,Completed_On,Credit_Type,Credits,Comment\n"
    data = (header + "Reading,2026-01-02,ama-pra-2,1,ignored\n").encode()
    assert spreadsheets.activity_import(owner=alice, data=data).created == 1
