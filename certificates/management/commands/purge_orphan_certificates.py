import datetime

from django.core.management.base import BaseCommand, CommandParser

from certificates.services import certificate_orphans_delete


class Command(BaseCommand):
    help = "Delete stored certificate files that no certificate row points at."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than-hours",
            type=int,
            default=24,
            help="Only files at least this old (default 24), so uploads in flight are safe.",
        )

    def handle(self, *args: object, older_than_hours: int, **options: object) -> None:
        removed = certificate_orphans_delete(older_than=datetime.timedelta(hours=older_than_hours))
        for name in removed:
            self.stdout.write(f"deleted {name}")
        self.stdout.write(f"{len(removed)} orphaned file(s) deleted.")
