import factory
from allauth.account.models import EmailAddress

from accounts.models import Degree, Profile, User


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a verified primary address and a physician profile."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"clinician{n}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")
    profile = factory.RelatedFactory("tests.accounts.factories.ProfileFactory", "user")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory, profile=None)
    full_name = factory.Faker("name")
    degree = Degree.MD
