from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.emails import email_normalise
from accounts.models import ApiToken, User
from accounts.services import api_token_create


def _user_for(email: str) -> User:
    """The account with exactly this (normalised) address; a case-insensitive match only if
    it is the only one: look-alike addresses can match each other case-insensitively."""
    try:
        normalised = email_normalise(email)
    except ValidationError:
        raise CommandError(f"{email!r} is not a valid e-mail address.") from None
    # Exactly as stored now, then exactly as typed (an older row stored before normalising).
    user = (
        User.objects.filter(email=normalised).first()
        or User.objects.filter(email=email.strip()).first()
    )
    if user is not None:
        return user
    matches = list(User.objects.filter(email__iexact=email)[:2])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise CommandError(f"No user with the e-mail address {email!r}.")
    raise CommandError(
        f"Several accounts match {email!r} ignoring case: "
        f"{', '.join(repr(u.email) for u in matches)}; give one of them exactly."
    )


class Command(BaseCommand):
    help = "Create a personal API token for a user; the token is the last line printed."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("email")
        parser.add_argument("--name", default="command line")
        parser.add_argument("--read-only", action="store_true")

    def handle(self, *args, email: str, name: str, read_only: bool, **options):  # type: ignore[no-untyped-def]
        user = _user_for(email)
        scope = ApiToken.Scope.READ if read_only else ApiToken.Scope.READ_WRITE
        token, raw = api_token_create(user=user, name=name, scope=scope)
        self.stdout.write(
            f"Created {token.get_scope_display().lower()} token {token.name!r} for {user}:"
        )
        self.stdout.write(raw)
