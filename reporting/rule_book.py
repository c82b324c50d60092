"""The bundled rule book on disk: one JSON file per board, read into one reference document.

`reporting/data/rules/` holds `meta.json` (vocabularies and conventions), `federal.json` (the
DEA record) and `boards/<board_id>.json`, each board's record with the sentences and sources
its values were read from. One file per board keeps a board's review to one diff.
"""

import json
from pathlib import Path
from typing import Any

RULE_BOOK = Path(__file__).resolve().parent / "data" / "rules"


def read_rule_book(root: Path = RULE_BOOK) -> dict[str, Any]:
    """The reference document `rule_sets_from_reference` reads, assembled from `root`."""
    document: dict[str, Any] = json.loads((root / "meta.json").read_text(encoding="utf-8"))
    document["federal"] = json.loads((root / "federal.json").read_text(encoding="utf-8"))
    document["boards"] = [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((root / "boards").glob("*.json"))
    ]
    return document
