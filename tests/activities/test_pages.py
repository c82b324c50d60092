import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Degree
from activities.models import Activity
from certificates.models import Certificate
from tests.activities.conftest import TODAY
from tests.certificates.factories import CertificateFactory, make_pdf
from tests.factories import ActivityFactory, credit_type, topic

pytestmark = pytest.mark.django_db

CERTIFICATE_LINES = [
    "Certificate of Completion",
    "This certifies that Alice Ng has participated in the enduring material titled",
    "Safe Opioid Prescribing 2026",
    "State Medical Association designates this enduring material for a maximum of",
    "1.50 AMA PRA Category 1 Credits(TM). Completed on January 8, 2026.",
]


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Safe Opioid Prescribing 2026",
        "provider": "State Medical Association",
        "started_on": "2026-01-08",
        "completed_on": "2026-01-08",
        "credit_type": credit_type("ama-pra-1").pk,
        "credits": "1.50",
        "format": "enduring",
        "topics": [topic("opioid-prescribing").pk],
        "notes": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- The list --------------------------------------------------------------------------------
def test_the_list_requires_sign_in(client) -> None:
    response = client.get(reverse("activities:list"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_an_empty_record_says_what_to_do_next(alice_client) -> None:
    page = alice_client.get(reverse("activities:list")).content.decode()
    assert "No activities yet" in page
    assert reverse("activities:create") in page
    assert reverse("activities:quick") in page
    assert reverse("activities:import") in page


def test_filters_that_match_nothing_offer_to_clear_them(alice, alice_client) -> None:
    ActivityFactory(owner=alice)
    page = alice_client.get(reverse("activities:list"), {"q": "nothing like this"}).content.decode()
    assert "No activities match these filters" in page


def test_the_list_shows_only_my_activities(alice, bob, bob_client) -> None:
    ActivityFactory(owner=alice, title="Alice's secret grand rounds")
    ActivityFactory(owner=bob, title="Bob journal CME", credits=Decimal("2.00"))
    response = bob_client.get(reverse("activities:list"))
    page = response.content.decode()
    assert "Bob journal CME" in page
    assert "secret grand rounds" not in page
    assert response.context["totals"].credits == Decimal("2.00")
    assert response.context["totals"].count == 1


def _titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [row["title"] for row in response.context["rows"]]


def test_the_list_filters_by_dates_type_topic_certificate_and_search(alice, alice_client) -> None:
    certificate = CertificateFactory(owner=alice)
    ActivityFactory(
        owner=alice,
        title="Old ethics",
        completed_on=datetime.date(2025, 3, 1),
        topics=[topic("medical-ethics")],
    )
    ActivityFactory(
        owner=alice,
        title="New ethics",
        completed_on=datetime.date(2026, 1, 5),
        topics=[topic("medical-ethics")],
        certificate=certificate,
    )
    ActivityFactory(
        owner=alice, title="Reading", credit_type=credit_type("ama-pra-2"), provider="NEJM Group"
    )
    url = reverse("activities:list")
    assert _titles(alice_client.get(url, {"completed_after": "2026-01-01"})) == [
        "Reading",
        "New ethics",
    ]
    assert _titles(alice_client.get(url, {"completed_before": "2025-12-31"})) == ["Old ethics"]
    assert _titles(alice_client.get(url, {"credit_type": "ama-pra-2"})) == ["Reading"]
    assert set(_titles(alice_client.get(url, {"topic": "medical-ethics"}))) == {
        "Old ethics",
        "New ethics",
    }
    assert _titles(alice_client.get(url, {"certificate": "yes"})) == ["New ethics"]
    assert set(_titles(alice_client.get(url, {"certificate": "no"}))) == {"Old ethics", "Reading"}
    assert _titles(alice_client.get(url, {"q": "nejm"})) == ["Reading"]  # the provider
    assert _titles(alice_client.get(url, {"q": "OLD"})) == ["Old ethics"]  # the title


def test_each_row_links_its_pages_and_certificate_and_names_its_topics(alice, alice_client) -> None:
    certificate = CertificateFactory(owner=alice, filename="ethics <final>.pdf")
    linked = ActivityFactory(
        owner=alice,
        title="Ethics & law",
        topics=[topic("medical-ethics"), topic("implicit-bias")],
        certificate=certificate,
    )
    bare = ActivityFactory(owner=alice, title="Reading")
    page = alice_client.get(reverse("activities:list")).content.decode()
    for activity in (linked, bare):
        for name in ("detail", "edit", "duplicate", "delete"):
            assert f'href="{reverse(f"activities:{name}", args=[activity.pk])}"' in page
    assert f'hx-post="{reverse("activities:delete", args=[bare.pk])}"' in page
    certificate_url = reverse("certificates:detail", args=[certificate.pk])
    assert f'<a href="{certificate_url}">ethics &lt;final&gt;.pdf</a>' in page
    assert '<td data-label="Topics">Implicit bias, Medical ethics</td>' in page  # in name order
    assert 'Delete<span class="visually-hidden"> Ethics &amp; law</span>' in page
    row = re.search(rf'<tr id="activity-{bare.pk}">.*?</tr>', page, re.DOTALL).group(0)
    assert '<span class="muted">none</span>' in row
    assert '<td data-label="Topics" class="cell-empty"></td>' in row  # no topics


def test_the_filter_form_shows_the_chosen_filters(alice, alice_client) -> None:
    ActivityFactory(owner=alice)
    page = alice_client.get(
        reverse("activities:list"), {"topic": "medical-ethics", "credit_type": "ama-pra-2"}
    ).content.decode()
    assert '<option value="medical-ethics" selected>Medical ethics</option>' in page
    assert '<option value="ama-pra-2" selected>AMA PRA Category 2</option>' in page
    assert '<option value="" selected>With or without</option>' in page
    assert '<option value="" selected>Any topic</option>' not in page


def test_unknown_filter_values_are_ignored_not_an_error(alice, alice_client) -> None:
    ActivityFactory(owner=alice)
    response = alice_client.get(
        reverse("activities:list"),
        {"credit_type": "bogus", "topic": "nope", "completed_after": "soon", "page": "x"},
    )
    assert response.status_code == 200
    assert len(_titles(response)) == 1


def test_sorting_uses_only_whitelisted_fields(alice, alice_client) -> None:
    ActivityFactory(
        owner=alice, title="B", credits=Decimal("3.00"), completed_on=datetime.date(2026, 1, 1)
    )
    ActivityFactory(
        owner=alice, title="A", credits=Decimal("1.00"), completed_on=datetime.date(2026, 1, 2)
    )
    ActivityFactory(
        owner=alice, title="C", credits=Decimal("2.00"), completed_on=datetime.date(2026, 1, 3)
    )
    url = reverse("activities:list")
    assert _titles(alice_client.get(url)) == ["C", "A", "B"]
    assert _titles(alice_client.get(url, {"sort": "title"})) == ["A", "B", "C"]
    assert _titles(alice_client.get(url, {"sort": "-credits"})) == ["B", "C", "A"]
    response = alice_client.get(url, {"sort": "owner__password"})
    assert response.status_code == 200
    assert _titles(response) == ["C", "A", "B"]
    assert _titles(alice_client.get(url, {"sort": "password"})) == ["C", "A", "B"]


def test_the_list_pages_by_25_and_totals_the_whole_filtered_set(alice, alice_client) -> None:
    for day in range(1, 31):
        ActivityFactory(
            owner=alice, completed_on=datetime.date(2025, 12, day), credits=Decimal("1.25")
        )
    ActivityFactory(owner=alice, credit_type=credit_type("ama-pra-2"), credits=Decimal("2.00"))
    response = alice_client.get(reverse("activities:list"))
    assert len(_titles(response)) == 25
    totals = response.context["totals"]
    assert totals.count == 31
    assert totals.credits == Decimal("39.50")
    assert [(row.slug, row.credits) for row in totals.by_credit_type] == [
        ("ama-pra-1", Decimal("37.50")),
        ("ama-pra-2", Decimal("2.00")),
    ]
    page = response.content.decode()
    assert "39.50" in page
    assert "AMA PRA Category 1: 37.50" in page
    second = alice_client.get(reverse("activities:list"), {"page": 2})
    assert len(_titles(second)) == 6
    filtered = alice_client.get(reverse("activities:list"), {"credit_type": "ama-pra-2"})
    assert filtered.context["totals"].credits == Decimal("2.00")


def test_htmx_filtering_returns_only_the_results(alice, alice_client) -> None:
    ActivityFactory(owner=alice, title="Implicit bias workshop")
    response = alice_client.get(
        reverse("activities:list"),
        {"q": "bias"},
        headers={"HX-Request": "true", "HX-Target": "activity-results"},
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="activity-results">')
    assert "<html" not in page
    assert "Implicit bias workshop" in page
    assert "HX-Request" in response["Vary"]


def test_an_htmx_history_restore_gets_the_whole_page(alice_client) -> None:
    response = alice_client.get(
        reverse("activities:list"),
        headers={
            "HX-Request": "true",
            "HX-Target": "activity-results",
            "HX-History-Restore-Request": "true",
        },
    )
    assert "<html" in response.content.decode()


def test_the_filter_form_updates_the_table_with_htmx_and_works_without_it(alice_client) -> None:
    page = alice_client.get(reverse("activities:list")).content.decode()
    form = re.search(r'<form method="get"[^>]*>', page).group(0)
    assert f'action="{reverse("activities:list")}"' in form
    assert 'hx-get="' in form
    assert 'hx-push-url="true"' in form
    assert 'hx-target="#activity-results"' in form


def _create_activities(owner, count: int) -> None:  # type: ignore[no-untyped-def]
    certificate = CertificateFactory(owner=owner)
    for number in range(count):
        ActivityFactory(
            owner=owner,
            topics=[topic("medical-ethics"), topic("implicit-bias")],
            certificate=certificate if number % 2 else None,
            credit_type=credit_type("ama-pra-1" if number % 3 else "ama-pra-2"),
        )


def test_the_list_makes_the_same_number_of_queries_for_5_and_50_activities(
    alice, alice_client, django_assert_num_queries
) -> None:
    _create_activities(alice, 5)
    alice_client.get(reverse("activities:list"))  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as five:
        alice_client.get(reverse("activities:list"))
    _create_activities(alice, 45)
    with django_assert_num_queries(len(five)):
        response = alice_client.get(reverse("activities:list"))
    assert response.context["totals"].count == 50


# --- Adding ----------------------------------------------------------------------------------
def test_adding_an_activity_stores_it_and_shows_it_in_the_list(alice, alice_client) -> None:
    response = alice_client.post(reverse("activities:create"), _form(), follow=True)
    assert "“Safe Opioid Prescribing 2026” was added to your record." in response.content.decode()
    activity = Activity.objects.get()
    assert activity.owner == alice
    assert activity.credits == Decimal("1.50")
    assert [t.slug for t in activity.topics.all()] == ["opioid-prescribing"]
    assert "Safe Opioid Prescribing 2026" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"credits": "0"}, "Enter more than 0 credits."),
        ({"credits": "150"}, "One activity can carry at most 100 credits."),
        ({"credits": "1.30"}, "claimed in steps of 0.25"),
        ({"completed_on": "2026-02-01", "started_on": "2026-02-01"}, "cannot be in the future"),
        ({"started_on": "2026-01-09"}, "cannot be before the start date"),
        ({"provider": ""}, "needs the accredited provider&#x27;s name"),
        ({"title": ""}, "This field is required."),
        ({"completed_on": "2026-02-30"}, "Enter a valid date."),
    ],
)
def test_the_add_form_refuses_bad_input_beside_the_field(
    alice_client, overrides: dict[str, str], message: str
) -> None:
    response = alice_client.post(reverse("activities:create"), _form(**overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'aria-invalid="true"' in page
    assert not Activity.objects.exists()


def test_a_pa_is_told_to_log_category_1_attendance_as_other(alice, alice_client) -> None:
    alice.profile.degree = Degree.PA
    alice.profile.save()
    response = alice_client.post(reverse("activities:create"), _form())
    page = response.content.decode()
    assert "AMA PRA Category 1 credit is for physicians (MD, DO). As a PA" in page
    assert "log this activity as “Other”" in page
    assert response.context["form"].errors["credit_type"]
    assert not Activity.objects.exists()


def test_the_add_form_is_prefilled_from_my_certificate(alice, alice_client) -> None:
    certificate = CertificateFactory(owner=alice, text="\n".join(CERTIFICATE_LINES))
    response = alice_client.get(reverse("activities:create"), {"certificate": certificate.pk})
    page = response.content.decode()
    assert "Filled in from your certificate — please check" in page
    form = response.context["form"]
    assert form.initial["certificate"] == certificate.pk
    assert form.initial.get("credits") == Decimal("1.50")
    assert form.initial.get("completed_on") == datetime.date(2026, 1, 8)
    assert form.initial.get("credit_type") == credit_type("ama-pra-1").pk


def test_saving_from_a_certificate_links_it(alice, alice_client) -> None:
    certificate = CertificateFactory(owner=alice)
    url = reverse("activities:create") + f"?certificate={certificate.pk}"
    alice_client.post(url, _form(certificate=certificate.pk))
    assert Activity.objects.get().certificate == certificate


def test_someone_elses_certificate_in_the_add_form_is_404(alice, bob_client) -> None:
    certificate = CertificateFactory(owner=alice)
    url = reverse("activities:create")
    assert bob_client.get(url, {"certificate": certificate.pk}).status_code == 404
    assert bob_client.post(f"{url}?certificate={certificate.pk}", _form()).status_code == 404
    assert bob_client.get(url, {"certificate": "abc"}).status_code == 404
    assert not Activity.objects.exists()


def test_someone_elses_certificate_cannot_be_posted_either(alice, bob, bob_client) -> None:
    CertificateFactory(owner=bob)
    certificate = CertificateFactory(owner=alice)
    response = bob_client.post(reverse("activities:create"), _form(certificate=certificate.pk))
    assert "Select a valid choice" in response.content.decode()
    assert not Activity.objects.exists()


def test_uploading_a_certificate_while_adding_stores_and_links_it(alice, alice_client) -> None:
    upload = SimpleUploadedFile("opioids.pdf", make_pdf(CERTIFICATE_LINES), "application/pdf")
    response = alice_client.post(reverse("activities:create"), _form(upload=upload))
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.certificate is not None
    assert activity.certificate.owner == alice
    assert activity.certificate.filename == "opioids.pdf"


def test_a_refused_upload_shows_its_message_on_the_file_field_and_stores_nothing(
    alice, alice_client
) -> None:
    upload = SimpleUploadedFile(
        "notes.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"
    )
    response = alice_client.post(reverse("activities:create"), _form(upload=upload))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "This file is not a PDF, PNG or JPEG" in errors["upload"][0]
    assert not Activity.objects.exists()
    assert not Certificate.objects.exists()


def test_an_invalid_activity_does_not_store_its_upload(alice, alice_client) -> None:
    upload = SimpleUploadedFile("opioids.pdf", make_pdf(CERTIFICATE_LINES), "application/pdf")
    response = alice_client.post(reverse("activities:create"), _form(upload=upload, credits="0"))
    assert "Enter more than 0 credits." in response.content.decode()
    assert not Activity.objects.exists()
    assert not Certificate.objects.exists()


# --- Quick Category 2 logging ---------------------------------------------------------------
def test_quick_logging_defaults_to_ama_pra_category_2(alice_client) -> None:
    form = alice_client.get(reverse("activities:quick")).context["form"]
    assert form["credit_type"].value() == credit_type("ama-pra-2").pk
    assert form["completed_on"].value() == TODAY


def test_quick_logging_stores_reading_in_four_fields(alice, alice_client) -> None:
    response = alice_client.post(
        reverse("activities:quick"),
        {
            "title": "Reading: NEJM",
            "completed_on": "2026-01-19",
            "credits": "1.5",
            "credit_type": credit_type("ama-pra-2").pk,
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.owner, activity.credits, activity.format) == (alice, Decimal("1.50"), "other")


def test_quick_logging_category_1_without_a_provider_says_why(alice_client) -> None:
    response = alice_client.post(
        reverse("activities:quick"),
        {
            "title": "Webinar",
            "completed_on": "2026-01-19",
            "credits": "1",
            "credit_type": credit_type("ama-pra-1").pk,
        },
    )
    assert "needs the accredited provider&#x27;s name" in response.content.decode()
    assert not Activity.objects.exists()


def test_quick_logging_from_the_list_page_works_without_js(alice_client) -> None:
    page = alice_client.get(reverse("activities:list")).content.decode()
    assert f'action="{reverse("activities:quick")}"' in page


# --- Detail, edit, duplicate, delete --------------------------------------------------------
def test_editing_saves_the_changes(alice, alice_client) -> None:
    activity = ActivityFactory(owner=alice, topics=[topic("medical-ethics")])
    response = alice_client.post(
        reverse("activities:edit", args=[activity.pk]),
        _form(title="Renamed", topics=[topic("implicit-bias").pk]),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Renamed"
    assert [t.slug for t in activity.topics.all()] == ["implicit-bias"]


def test_a_refused_edit_changes_nothing(alice, alice_client) -> None:
    activity = ActivityFactory(owner=alice, title="Original")
    response = alice_client.post(
        reverse("activities:edit", args=[activity.pk]), _form(title="New", credits="0")
    )
    assert "Enter more than 0 credits." in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "Original"


def test_duplicating_prefills_the_form_with_todays_date_and_no_certificate(
    alice, alice_client
) -> None:
    source = ActivityFactory(
        owner=alice, title="Weekly grand rounds", certificate=CertificateFactory(owner=alice)
    )
    response = alice_client.get(reverse("activities:duplicate", args=[source.pk]))
    form = response.context["form"]
    assert form["title"].value() == "Weekly grand rounds"
    assert form["completed_on"].value() == TODAY
    assert form["certificate"].value() is None
    response = alice_client.post(
        reverse("activities:duplicate", args=[source.pk]),
        _form(title="Weekly grand rounds", completed_on="2026-01-17", started_on="2026-01-17"),
    )
    assert response.status_code == 302
    assert Activity.objects.filter(title="Weekly grand rounds").count() == 2


def test_deleting_asks_for_confirmation_first(alice, alice_client) -> None:
    activity = ActivityFactory(owner=alice)
    response = alice_client.get(reverse("activities:delete", args=[activity.pk]))
    page = response.content.decode()
    assert "data-confirm=" in page
    assert Activity.objects.filter(pk=activity.pk).exists()
    response = alice_client.post(reverse("activities:delete", args=[activity.pk]), follow=True)
    assert "was deleted" in response.content.decode()
    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_deleting_from_a_list_row_with_htmx_returns_the_updated_table(alice, alice_client) -> None:
    keep = ActivityFactory(owner=alice, title="Keep me", credits=Decimal("2.00"))
    gone = ActivityFactory(owner=alice, title="Delete me")
    list_url = "http://testserver" + reverse("activities:list") + "?sort=title"
    response = alice_client.post(
        reverse("activities:delete", args=[gone.pk]),
        headers={"HX-Request": "true", "HX-Target": "activity-results", "HX-Current-URL": list_url},
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="activity-results">')
    assert "“Delete me” was deleted." in page
    assert "Keep me" in page
    assert response.context["totals"].credits == Decimal("2.00")
    assert response.context["filters"].sort == "title"
    assert list(Activity.objects.all()) == [keep]


def test_list_rows_delete_with_htmx_and_fall_back_to_the_confirmation_page(
    alice, alice_client
) -> None:
    activity = ActivityFactory(owner=alice)
    page = alice_client.get(reverse("activities:list")).content.decode()
    delete_url = reverse("activities:delete", args=[activity.pk])
    assert f'href="{delete_url}"' in page
    assert f'hx-post="{delete_url}"' in page
    assert "hx-confirm=" in page


@pytest.mark.parametrize("name", ["detail", "edit", "duplicate", "delete"])
def test_bob_gets_404_for_alices_activity_pages(alice, bob_client, name: str) -> None:
    activity = ActivityFactory(owner=alice, title="Alice's")
    url = reverse(f"activities:{name}", args=[activity.pk])
    assert bob_client.get(url).status_code == 404
    if name != "detail":
        assert bob_client.post(url, _form(title="Bob's now")).status_code == 404
    activity.refresh_from_db()
    assert activity.title == "Alice's"
    assert Activity.objects.count() == 1


def test_the_detail_page_shows_the_activity(alice, alice_client) -> None:
    certificate = CertificateFactory(owner=alice, filename="ethics.pdf")
    activity = ActivityFactory(
        owner=alice, title="Ethics", topics=[topic("medical-ethics")], certificate=certificate
    )
    page = alice_client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "Ethics" in page
    assert "Medical ethics" in page
    assert "ethics.pdf" in page


# --- Accessibility and CSP ------------------------------------------------------------------
@pytest.mark.parametrize("name", ["list", "create", "quick", "import"])
def test_every_input_is_labelled_and_no_script_is_inline(alice, alice_client, name: str) -> None:
    CertificateFactory(owner=alice)
    ActivityFactory(owner=alice)
    page = alice_client.get(reverse(f"activities:{name}")).content.decode()
    labelled = set(re.findall(r'<label[^>]* for="([^"]+)"', page))
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "an id is used twice"
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", page):
        if re.search(r'type="(hidden|submit)"', tag):
            continue
        id_ = re.search(r'id="([^"]+)"', tag)
        assert id_, f"no id: {tag}"
        assert id_.group(1) in labelled, f"unlabelled: {tag}"
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert not re.search(r"\son[a-z]+=", page)


def test_uploading_a_certificate_while_editing_links_it(alice, alice_client) -> None:
    activity = ActivityFactory(owner=alice)
    upload = SimpleUploadedFile("later.pdf", make_pdf(CERTIFICATE_LINES), "application/pdf")
    response = alice_client.post(
        reverse("activities:edit", args=[activity.pk]), _form(upload=upload)
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.certificate.filename == "later.pdf"
    page = alice_client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert reverse("certificates:download", args=[activity.certificate.public_id]) in page


def test_a_list_without_certificates_offers_no_certificate_choice(alice, alice_client) -> None:
    form = alice_client.get(reverse("activities:create")).context["form"]
    assert "certificate" not in form.fields
    assert "upload" in form.fields
