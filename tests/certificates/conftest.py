from pathlib import Path

import pytest

from tests.storage import local_media


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    """Every test here stores into its own empty folder, so "nothing was stored" is checkable."""
    return local_media(settings, tmp_path)


def stored_files(root: Path) -> list[str]:
    """Every file under the media root, as paths relative to it."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
