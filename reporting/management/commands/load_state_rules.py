import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting.rule_book import RULE_BOOK, read_rule_book
from reporting.rules.services import state_rules_load


class Command(BaseCommand):
    help = (
        "Load the state CME rules (64 boards + US-DEA). Idempotent: unchanged boards are left "
        "alone; a board whose rules changed gets a new rule-set version."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--file",
            type=Path,
            default=RULE_BOOK,
            help="A rule-book directory (meta.json, federal.json, boards/) or one reference JSON.",
        )
        parser.add_argument(
            "--effective-from",
            type=datetime.date.fromisoformat,
            default=None,
            help="Start date of new versions for changed boards (default: today).",
        )

    def handle(self, *args, file: Path, effective_from: datetime.date | None, **options):  # type: ignore[no-untyped-def]
        try:
            if file.is_dir():
                document = read_rule_book(file)
            else:
                document = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            outcome = state_rules_load(document=document, effective_from=effective_from)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"State rules: {outcome['created']} created, {outcome['versioned']} new versions, "
            f"{outcome['unchanged']} unchanged."
        )
