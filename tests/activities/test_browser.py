"""A physician uploads a certificate, checks the prefilled activity, saves it, finds it listed."""

import pytest
from django.test import Client

from activities.models import Activity
from tests.certificates.factories import make_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CERTIFICATE = [
    "Certificate of Completion",
    "This certifies that Dana Rivera has participated in the enduring material titled",
    "\u201cSafe Opioid Prescribing 2026\u201d",
    "and is awarded 1.50 AMA PRA Category 1 Credits\u2122.",
    "Provider: State Medical Association",
    "State Medical Association designates this enduring material for a maximum of 1.50",
    "AMA PRA Category 1 Credits\u2122. Completed on January 8, 2026.",
]


def _sign_in(page, live_server, user) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_upload_prefill_save_and_find_it_in_the_list(page, live_server, alice) -> None:
    _sign_in(page, live_server, alice)
    page.goto("/certificates/upload")
    page.get_by_label("Certificate file").set_input_files(
        {"name": "opioids.pdf", "mimeType": "application/pdf", "buffer": make_pdf(CERTIFICATE)}
    )
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url("**/activities/new?certificate=*")

    assert page.get_by_text("Filled in from your certificate — please check").is_visible()
    assert page.get_by_label("Title").input_value() == "Safe Opioid Prescribing 2026"
    assert page.get_by_label("Credits").input_value() == "1.50"
    assert page.get_by_label("Completion date").input_value() == "2026-01-08"
    assert page.get_by_label("Credit type").input_value() == str(
        Activity.credit_type.field.related_model.objects.get(slug="ama-pra-1").pk
    )
    page.get_by_label("Accredited provider").fill("State Medical Association")
    page.get_by_label("Opioid prescribing").check()
    page.get_by_role("button", name="Save activity").click()
    page.wait_for_url("**/activities/")

    assert page.get_by_text("“Safe Opioid Prescribing 2026” was added to your record.").is_visible()
    row = page.get_by_role("row", name="Safe Opioid Prescribing 2026")
    assert row.get_by_text("opioids.pdf").is_visible()
    activity = Activity.objects.get(owner=alice)
    assert activity.certificate.filename == "opioids.pdf"
    assert [topic.slug for topic in activity.topics.all()] == ["opioid-prescribing"]


def test_filters_update_the_table_in_place_and_deleting_a_row_asks_first(
    page, live_server, alice
) -> None:
    from tests.factories import ActivityFactory

    ActivityFactory(owner=alice, title="Implicit bias workshop")
    ActivityFactory(owner=alice, title="Sepsis update")
    _sign_in(page, live_server, alice)
    page.goto("/activities/")
    page.get_by_text("Filter activities").click()  # the filters fold away until asked for
    page.get_by_label("Search").fill("bias")
    page.wait_for_url("**/activities/?*q=bias*")
    assert page.get_by_role("row", name="Sepsis update").count() == 0
    assert page.get_by_role("row", name="Implicit bias workshop").is_visible()

    page.get_by_label("Search").fill("")
    page.wait_for_url("**/activities/?*q=&*")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("row", name="Sepsis update").get_by_role("link", name="Delete").click()
    page.get_by_text("“Sepsis update” was deleted.").wait_for()
    assert page.get_by_role("row", name="Sepsis update").count() == 0
    assert list(Activity.objects.values_list("title", flat=True)) == ["Implicit bias workshop"]
