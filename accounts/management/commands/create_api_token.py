from django.core.management.base import BaseCommand, CommandError

from accounts.models import ApiToken, User
from accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create a personal API token for a user; the token is the last line printed."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("email")
        parser.add_argument("--name", default="command line")
        parser.add_argument("--read-only", action="store_true")

    def handle(self, *args, email: str, name: str, read_only: bool, **options):  # type: ignore[no-untyped-def]
        try:
            user = User.objects.get(email__iexact=email)
        except User.DoesNotExist:
            raise CommandError(f"No user with the e-mail address {email!r}.") from None
        scope = ApiToken.Scope.READ if read_only else ApiToken.Scope.READ_WRITE
        token, raw = api_token_create(user=user, name=name, scope=scope)
        self.stdout.write(
            f"Created {token.get_scope_display().lower()} token {token.name!r} for {user}:"
        )
        self.stdout.write(raw)
