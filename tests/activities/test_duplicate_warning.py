"""Nothing twice: the add form warns (with a link) before logging what is already logged."""

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from activities.models import Activity
from activities.selectors import activity_duplicates
from certificates.models import Certificate
from tests.certificates.bundles import certificate_lines
from tests.certificates.factories import make_pdf
from tests.certificates.helpers import store, upload
from tests.factories import ActivityFactory, credit_type

pytestmark = pytest.mark.django_db

CREATE = reverse("activities:create")


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Grand Rounds: Sepsis",
        "provider": "Riverside General Hospital",
        "completed_on": "2026-01-10",
        "credit_type": credit_type("ama-pra-1").pk,
        "credits": "1.00",
        "format": "live",
    }
    data.update(overrides)
    return data


def test_logging_the_same_activity_again_warns_with_a_link_and_saves_nothing(
    alice, alice_client
) -> None:
    logged = ActivityFactory(owner=alice, title="Grand Rounds: Sepsis")
    response = alice_client.post(CREATE, _form(title="grand rounds:  SEPSIS"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Already in your record?" in page
    assert reverse("activities:detail", args=[logged.pk]) in page
    assert "Nothing was saved" in page
    assert Activity.objects.count() == 1


def test_saving_again_after_the_warning_logs_it_twice(alice, alice_client) -> None:
    ActivityFactory(owner=alice, title="Grand Rounds: Sepsis")
    response = alice_client.post(CREATE, _form(duplicate_ok="1"))
    assert response.status_code == 302
    assert Activity.objects.count() == 2


@pytest.mark.parametrize(
    "change",
    [{"completed_on": "2026-01-11"}, {"credits": "1.25"}, {"title": "Grand Rounds: Stroke"}],
)
def test_another_date_credits_or_title_is_not_a_duplicate(alice, alice_client, change) -> None:
    ActivityFactory(owner=alice, title="Grand Rounds: Sepsis")
    assert alice_client.post(CREATE, _form(**change)).status_code == 302
    assert Activity.objects.count() == 2


def test_someone_elses_activity_is_never_a_duplicate(alice, bob, bob_client) -> None:
    ActivityFactory(owner=alice, title="Grand Rounds: Sepsis")
    response = bob_client.post(CREATE, _form())
    assert response.status_code == 302
    assert Activity.objects.filter(owner=bob).count() == 1


def test_the_same_certificate_file_already_backing_an_activity_warns(alice, alice_client) -> None:
    certificate = store(alice, make_pdf(certificate_lines("Sepsis Bundles")))
    logged = ActivityFactory(owner=alice, title="Something else", certificate=certificate)
    response = alice_client.post(CREATE, _form(certificate=certificate.pk))
    assert reverse("activities:detail", args=[logged.pk]) in response.content.decode()
    assert Activity.objects.count() == 1
    # Uploading those same bytes again, under another name, is the same certificate.
    with certificate.file.open("rb") as stored:
        again = upload(stored.read(), "renamed.pdf")
    response = alice_client.post(CREATE, {**_form(), "upload": again})
    assert "Already in your record?" in response.content.decode()
    assert Activity.objects.count() == 1
    assert Certificate.objects.count() == 1


def test_a_certificate_already_logged_warns_as_soon_as_its_review_opens(
    alice, alice_client
) -> None:
    ActivityFactory(
        owner=alice,
        title="Sepsis Bundles",
        completed_on=datetime.date(2025, 3, 4),
        credits=Decimal("1.00"),
    )
    certificate = store(alice, make_pdf(certificate_lines("Sepsis Bundles")), "reprint.pdf")
    page = alice_client.get(CREATE, {"draft": certificate.drafts.get().pk}).content.decode()
    assert "Already in your record?" in page
    assert "Nothing was saved" not in page


def test_a_photo_of_a_certificate_already_on_file_as_pdf_is_recognised(
    alice, alice_client, tmp_path
) -> None:
    pdf = make_pdf(certificate_lines("Sepsis Bundles in Practice", credits="2.00"))
    on_file = store(alice, pdf, "original.pdf")
    ActivityFactory(
        owner=alice,
        title="Sepsis Bundles in Practice",
        completed_on=datetime.date(2025, 3, 4),
        credits=Decimal("2.00"),
        certificate=on_file,
    )
    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run(
        [
            shutil.which("pdftoppm"),
            "-png",
            "-r",
            "150",
            "-singlefile",
            tmp_path / "c.pdf",
            tmp_path / "c",
        ],
        check=True,
    )
    photo = store(alice, (tmp_path / "c.png").read_bytes(), "photo.png")
    assert photo.pk != on_file.pk
    page = alice_client.get(CREATE, {"draft": photo.drafts.get().pk}).content.decode()
    assert "Already in your record?" in page
    assert reverse("activities:detail", args=[Activity.objects.get().pk]) in page


def test_one_function_finds_duplicates_as_the_csv_import_keys_them(alice) -> None:
    logged = ActivityFactory(owner=alice, title="Grand  Rounds")
    found = activity_duplicates(
        user=alice,
        title="grand rounds",
        completed_on=logged.completed_on,
        credits=Decimal("1"),
        credit_type="ama-pra-1",
    )
    assert found == [logged]
    other_type = activity_duplicates(
        user=alice,
        title="grand rounds",
        completed_on=logged.completed_on,
        credits=Decimal("1"),
        credit_type="ama-pra-2",
    )
    assert other_type == []
