"""A clinician generates a transcript in Chromium and downloads the PDF (eager Celery)."""

import pytest
from django.conf import settings
from django.test import Client

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_generate_see_it_ready_and_download_the_pdf(
    alice, cme_record, eager_celery, page, live_server, tmp_path
) -> None:
    client = Client()
    client.force_login(alice)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto("/dashboard/")
    page.get_by_role("link", name="Transcripts").click()
    page.get_by_role("group", name="License and CME cycle").get_by_role("radio").first.check()
    page.get_by_label("Audit packet (transcript + certificates)").check()
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_label("Full name (as on your license)").input_value() == "Alice Ng"
    page.get_by_role("button", name="Generate the PDF").click()
    status = page.locator(".transcript-status").first
    status.get_by_text("Ready").wait_for()
    assert status.get_attribute("data-status") == "ready"
    with page.expect_download() as info:
        status.get_by_role("link", name="Download PDF").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert info.value.suggested_filename.startswith("cme-audit-packet-TX-MD-")
    assert path.read_bytes().startswith(b"%PDF")


def test_an_out_of_date_transcript_says_so_and_one_click_makes_a_new_one(
    alice, cme_record, eager_celery, page, live_server
) -> None:
    from django.urls import reverse

    from reporting import transcripts

    requested = transcripts.transcript_request(owner=alice, license_id=alice.licenses.get().pk)
    transcripts.transcript_render(transcript_id=requested.pk)
    activity = cme_record[0]
    activity.title = "Cardiology update, corrected"
    activity.save()
    client = Client()
    client.force_login(alice)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(reverse("reporting:transcripts"))
    old = page.locator(f"#transcript-{requested.pk}")
    old.get_by_text("Out of date").wait_for()
    old.get_by_role("button", name="Make a new one").click()
    page.get_by_text("A new PDF is queued").wait_for()
    rows = page.locator(".transcript-status")
    assert rows.count() == 2
    rows.first.get_by_text("Ready").wait_for()
    assert "Out of date" not in rows.first.inner_text()
    assert "Out of date" in page.locator(f"#transcript-{requested.pk}").inner_text()
