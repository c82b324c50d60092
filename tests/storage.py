"""One way for a test to store files: a fresh local folder of its own, never var/media."""

from pathlib import Path
from typing import Any


def local_media(settings: Any, tmp_path: Path) -> Path:
    """Point the default storage at an empty folder under `tmp_path`; returns the folder.

    Each test gets its own, so "nothing was stored" is checkable by listing it.
    """
    root = tmp_path / "media"
    root.mkdir(exist_ok=True)
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": "/media/"},
        },
    }
    return root
