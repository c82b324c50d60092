import datetime
from decimal import Decimal

import factory

from activities.models import Activity, CreditType, Format, Topic
from tests.accounts.factories import UserFactory


def credit_type(slug: str) -> CreditType:
    return CreditType.objects.get(slug=slug)


def topic(slug: str) -> Topic:
    return Topic.objects.get(slug=slug)


class ActivityFactory(factory.django.DjangoModelFactory):
    """A valid AMA PRA Category 1 activity completed ten days before 2026-01-20."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Grand Rounds {n}")
    provider = "Riverside General Hospital"
    started_on = factory.SelfAttribute("completed_on")
    completed_on = datetime.date(2026, 1, 10)
    credit_type = factory.LazyFunction(lambda: credit_type("ama-pra-1"))
    credits = Decimal("1.00")
    format = Format.LIVE

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.topics.set(extracted)
