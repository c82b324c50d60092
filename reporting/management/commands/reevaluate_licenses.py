import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from reporting.compliance.evaluation import licenses_reevaluate
from reporting.models import Board, License


class Command(BaseCommand):
    help = (
        "Judge every license against the rules in force for its cycle and store the verdict "
        "(is_compliant). Safe to run twice."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--board",
            metavar="CODE",
            help="Only licenses judged by this board's rules (e.g. TX-MD, which includes TX-DO).",
        )
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            default=None,
            help="The date to judge on (default: today).",
        )

    def handle(self, *args, board: str | None, as_of: datetime.date | None, **options):  # type: ignore[no-untyped-def]
        as_of = as_of or timezone.localdate()
        licenses = License.objects.all()
        board_ids = None
        if board:
            found = Board.objects.filter(code__iexact=board).first()
            if found is None:
                raise CommandError(f"No board with the code {board!r}.")
            board_ids = [found.pk]
            licenses = licenses.filter(Q(board=found) | Q(board__shares_rules_with=found))
        judged = licenses_reevaluate(board_ids=board_ids, as_of=as_of)
        non_compliant = licenses.filter(is_compliant=False).count()
        unknown = licenses.filter(is_compliant__isnull=True).count()
        self.stdout.write(
            f"Evaluated {judged} licenses as of {as_of.isoformat()}: "
            f"{non_compliant} non-compliant, {unknown} without rules in force."
        )
        if judged.failed:
            self.stderr.write(f"{judged.failed} license(s) could not be judged; see the log.")
