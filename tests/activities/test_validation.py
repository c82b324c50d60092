"""Every rule an activity obeys, through the service that the forms, the API and CSV share."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.models import Degree
from activities import services
from activities.models import Activity
from tests.activities.conftest import TODAY
from tests.certificates.factories import CertificateFactory
from tests.factories import ActivityFactory, credit_type, topic

pytestmark = pytest.mark.django_db


def _create(owner, **overrides):  # type: ignore[no-untyped-def]
    fields = {
        "title": "Opioid Prescribing Update",
        "provider": "State Medical Association",
        "completed_on": datetime.date(2026, 1, 8),
        "credit_type": credit_type("ama-pra-1"),
        "credits": Decimal("1.50"),
        "format": "enduring",
    }
    fields.update(overrides)
    return services.activity_create(owner=owner, **fields)


def _refused(owner, field: str, **overrides) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        _create(owner, **overrides)
    assert not Activity.objects.exists()
    return " ".join(caught.value.message_dict[field])


def test_a_valid_activity_is_stored_with_its_topics(alice) -> None:
    activity = _create(alice, topics=[topic("opioid-prescribing"), topic("pain-management")])
    activity.refresh_from_db()
    assert activity.owner == alice
    assert activity.credits == Decimal("1.50")
    assert sorted(t.slug for t in activity.topics.all()) == [
        "opioid-prescribing",
        "pain-management",
    ]


def test_a_one_day_activity_starts_on_its_completion_date(alice) -> None:
    activity = _create(alice, started_on=None)
    assert activity.started_on == datetime.date(2026, 1, 8)


def test_zero_credits_are_refused(alice) -> None:
    assert "Enter more than 0 credits." in _refused(alice, "credits", credits=Decimal("0"))


def test_negative_credits_are_refused(alice) -> None:
    assert "Enter more than 0 credits." in _refused(alice, "credits", credits=Decimal("-1"))


def test_more_than_100_credits_are_refused(alice) -> None:
    message = _refused(alice, "credits", credits=Decimal("100.25"))
    assert "at most 100 credits" in message


def test_exactly_100_credits_are_accepted(alice) -> None:
    assert _create(alice, credits=Decimal("100")).credits == Decimal("100")


def test_more_than_two_decimal_places_are_refused(alice) -> None:
    message = _refused(
        alice, "credits", credit_type=credit_type("ama-pra-2"), credits=Decimal("1.125")
    )
    assert "no more than 2 decimal places" in message


@pytest.mark.parametrize("credits", ["0.10", "1.30", "2.60"])
def test_category_1_credits_must_be_quarter_hours(alice, credits: str) -> None:
    message = _refused(alice, "credits", credits=Decimal(credits))
    assert "AMA PRA Category 1 credits are claimed in steps of 0.25" in message


@pytest.mark.parametrize("credits", ["0.25", "0.50", "1.75", "12.00"])
def test_category_1_quarter_hours_are_accepted(alice, credits: str) -> None:
    assert _create(alice, credits=Decimal(credits)).credits == Decimal(credits)


def test_category_2_credits_need_no_quarter_hours(alice) -> None:
    activity = _create(alice, credit_type=credit_type("ama-pra-2"), credits=Decimal("1.10"))
    assert activity.credits == Decimal("1.10")


def test_a_completion_date_in_the_future_is_refused(alice) -> None:
    tomorrow = TODAY + datetime.timedelta(days=1)
    message = _refused(alice, "completed_on", completed_on=tomorrow, started_on=tomorrow)
    assert "The completion date cannot be in the future." in message


def test_today_is_a_valid_completion_date(alice) -> None:
    assert _create(alice, completed_on=TODAY).completed_on == TODAY


def test_completion_before_the_start_is_refused(alice) -> None:
    message = _refused(alice, "completed_on", started_on=datetime.date(2026, 1, 9))
    assert "The completion date cannot be before the start date." in message


def test_category_1_needs_the_accredited_provider(alice) -> None:
    message = _refused(alice, "provider", provider="   ")
    assert "AMA PRA Category 1 credit needs the accredited provider's name" in message


def test_aoa_category_1a_needs_the_provider_too(alice) -> None:
    message = _refused(alice, "provider", provider="", credit_type=credit_type("aoa-1a"))
    assert "AOA Category 1-A credit needs the accredited provider's name" in message


def test_category_2_needs_no_provider(alice) -> None:
    assert _create(alice, provider="", credit_type=credit_type("ama-pra-2")).provider == ""


@pytest.mark.parametrize(("degree", "as_who"), [(Degree.PA, "As a PA"), (Degree.NP, "As an NP")])
def test_a_non_physician_cannot_claim_ama_pra_category_1(alice, degree: str, as_who: str) -> None:
    alice.profile.degree = degree
    alice.profile.save()
    message = _refused(alice, "credit_type")
    assert "AMA PRA Category 1 credit is for physicians (MD, DO)." in message
    assert as_who in message
    assert "log this activity as “Other”" in message


def test_a_non_physician_logs_attendance_as_other(alice) -> None:
    alice.profile.degree = Degree.OTHER
    alice.profile.save()
    activity = _create(
        alice, credit_type=credit_type("other"), notes="AMA PRA Category 1 attendance"
    )
    assert activity.credit_type.slug == "other"


def test_a_do_may_claim_ama_pra_category_1(alice) -> None:
    alice.profile.degree = Degree.DO
    alice.profile.save()
    assert _create(alice).credit_type.slug == "ama-pra-1"


def test_a_title_is_required(alice) -> None:
    assert "This field cannot be blank." in _refused(alice, "title", title="  ")


def test_a_credit_type_is_required(alice) -> None:
    assert "Choose a credit type." in _refused(alice, "credit_type", credit_type=None)


def test_an_unknown_format_is_refused(alice) -> None:
    assert "is not a valid choice" in _refused(alice, "format", format="podcast")


def test_someone_elses_certificate_is_never_linked(alice, bob) -> None:
    certificate = CertificateFactory(owner=bob)
    message = _refused(alice, "certificate", certificate=certificate)
    assert "Choose one of your own certificates." in message


def test_several_problems_are_reported_together(alice) -> None:
    with pytest.raises(ValidationError) as caught:
        _create(alice, provider="", credits=Decimal("0"), title="")
    assert set(caught.value.message_dict) == {"provider", "credits", "title"}
    assert not Activity.objects.exists()


def test_the_database_refuses_non_positive_credits_even_without_validation(alice) -> None:
    with pytest.raises(IntegrityError):
        Activity.objects.create(
            owner=alice,
            title="x",
            completed_on=TODAY,
            credit_type=credit_type("ama-pra-2"),
            credits=Decimal("0"),
        )


def test_updating_applies_the_same_rules_and_keeps_the_old_values(alice) -> None:
    activity = ActivityFactory(owner=alice, credits=Decimal("2.00"))
    with pytest.raises(ValidationError) as caught:
        services.activity_update(activity=activity, credits=Decimal("2.10"))
    assert "steps of 0.25" in caught.value.message_dict["credits"][0]
    activity.refresh_from_db()
    assert activity.credits == Decimal("2.00")


def test_updating_replaces_topics_only_when_given(alice) -> None:
    activity = ActivityFactory(owner=alice, topics=[topic("medical-ethics")])
    services.activity_update(activity=activity, title="Renamed")
    assert [t.slug for t in activity.topics.all()] == ["medical-ethics"]
    services.activity_update(activity=activity, topics=[topic("implicit-bias")])
    assert [t.slug for t in activity.topics.all()] == ["implicit-bias"]


def test_owner_cannot_be_changed_through_update(alice, bob) -> None:
    activity = ActivityFactory(owner=alice)
    with pytest.raises(TypeError):
        services.activity_update(activity=activity, owner=bob)
    activity.refresh_from_db()
    assert activity.owner == alice


def test_duplicating_copies_everything_but_the_certificate(alice) -> None:
    certificate = CertificateFactory(owner=alice)
    source = ActivityFactory(owner=alice, certificate=certificate, topics=[topic("implicit-bias")])
    copy = services.activity_duplicate(activity=source, completed_on=datetime.date(2026, 1, 15))
    assert copy.pk != source.pk
    assert (copy.title, copy.credits, copy.credit_type) == (
        source.title,
        source.credits,
        source.credit_type,
    )
    assert copy.certificate is None
    assert copy.completed_on == datetime.date(2026, 1, 15)
    assert [t.slug for t in copy.topics.all()] == ["implicit-bias"]


def test_deleting_an_activity_keeps_its_certificate(alice) -> None:
    certificate = CertificateFactory(owner=alice)
    activity = ActivityFactory(owner=alice, certificate=certificate)
    services.activity_delete(activity=activity)
    assert not Activity.objects.exists()
    certificate.refresh_from_db()


def test_deleting_a_certificate_unlinks_its_activities(alice) -> None:
    certificate = CertificateFactory(owner=alice)
    activity = ActivityFactory(owner=alice, certificate=certificate)
    certificate.delete()
    activity.refresh_from_db()
    assert activity.certificate is None


def test_the_vocabularies_are_loaded_by_migration() -> None:
    from activities.models import CreditType, Topic

    assert list(CreditType.objects.values_list("slug", flat=True)) == [
        "ama-pra-1",
        "ama-pra-2",
        "aoa-1a",
        "aoa-1b",
        "aoa-2a",
        "aoa-2b",
        "aafp-prescribed",
        "other",
    ]
    assert Topic.objects.count() == 34
    assert {"opioid-prescribing", "implicit-bias", "human-trafficking", "medical-ethics"} <= set(
        Topic.objects.values_list("slug", flat=True)
    )


def test_the_topics_match_the_reference_data() -> None:
    from activities.models import Topic
    from reporting.rule_book import read_rule_book

    # The project's own rule book (what load_state_rules reads).
    slugs = {entry["slug"] for entry in read_rule_book()["topic_slugs"]}
    assert set(Topic.objects.values_list("slug", flat=True)) == slugs


def test_the_vocabularies_come_back_after_a_flush() -> None:
    # Transactional tests flush every table; post_migrate must reload what the migration did.
    from django.core.management import call_command

    from activities.models import CreditType, Topic

    call_command("flush", interactive=False, verbosity=0)
    assert CreditType.objects.count() == 8
    assert Topic.objects.count() == 34


def test_a_completion_date_before_1970_is_refused(alice) -> None:
    import datetime
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from activities.models import Activity, CreditType
    from activities.services import activity_create

    with pytest.raises(ValidationError, match="it is before 1970"):
        activity_create(
            owner=alice,
            title="Typo",
            provider="Provider",
            completed_on=datetime.date(1800, 1, 1),
            credit_type=CreditType.objects.get(slug="ama-pra-1"),
            credits=Decimal("1.00"),
        )
    assert not Activity.objects.exists()
