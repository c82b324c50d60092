"""The project's documents stand on their own: every relative link leads to a file in the repo."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    ROOT / "reporting" / "data" / "rules" / "README.md",
    ROOT / "bench" / "README.md",
]
# [text](target) and ![alt](target), not inside code spans; targets end at a space or ")".
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)


def _links(document: Path) -> list[str]:
    return LINK.findall(CODE.sub("", document.read_text(encoding="utf-8")))


def _anchors(document: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    headings = re.findall(r"^#+\s+(.+?)\s*$", document.read_text(encoding="utf-8"), re.M)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_resolves_to_a_file_in_the_repository(document: Path) -> None:
    broken = []
    for target in _links(document):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto: …
            continue
        path, _, anchor = target.partition("#")
        resolved = (document.parent / path).resolve() if path else document
        missing = not resolved.is_relative_to(ROOT) or not resolved.exists()
        if missing or (anchor and resolved.suffix == ".md" and anchor not in _anchors(resolved)):
            broken.append(target)
    assert broken == [], f"{document.relative_to(ROOT)} links to what is not here: {broken}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_document_points_outside_the_repository(document: Path) -> None:
    text = document.read_text(encoding="utf-8")

    assert "../shared" not in text
    for name in ("DESIGN.md", "API.md", "STYLE.md", "security-test-plan.md"):
        assert not re.search(rf"(?<![\w/]){re.escape(name)}", text), name


def test_the_link_check_finds_a_broken_link(tmp_path: Path) -> None:
    document = tmp_path / "x.md"
    document.write_text("See [the design](../shared/DESIGN.md) and [api](api.md).")

    assert _links(document) == ["../shared/DESIGN.md", "api.md"]
