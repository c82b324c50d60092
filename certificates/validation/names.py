"""The upload's file name: refused if it smuggles a path, else made safe to display."""

import re
import unicodedata

from .rejection import UploadRejected
from .sniffing import JPEG, PDF, PNG

EXTENSIONS = {PDF: (".pdf",), PNG: (".png",), JPEG: (".jpg", ".jpeg", ".jpe")}
_WINDOWS_DEVICES = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?$", re.IGNORECASE)
_UNSAFE_CHARACTERS = re.compile(r'[<>:"|?*;]')
MAX_FILENAME_LENGTH = 150


def filename_check(name: str) -> str:
    """Refuse names with folder parts or control characters; the name is only ever displayed."""
    if "/" in name or "\\" in name:
        raise UploadRejected(
            "The file name must not contain folder names (“/” or “\\”); "
            "please upload the file itself."
        )
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise UploadRejected(
            "The file name contains control characters; please rename the file and try again."
        )
    return name


def filename_sanitise(name: str, *, content_type: str) -> str:
    """A display name that is safe in any header, file system or page, ending in the right type.

    Format characters (bidi overrides that make "gpj.exe" read as "exe.jpg", zero-width spaces)
    are dropped, characters Windows refuses become "_", and the extension follows the content.
    """
    name = unicodedata.normalize("NFC", name)
    name = "".join(
        char for char in name if unicodedata.category(char)[0] not in "CZ" or char == " "
    )
    name = _UNSAFE_CHARACTERS.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    allowed = EXTENSIONS[content_type]
    suffix = f".{extension.lower()}" if f".{extension.lower()}" in allowed else allowed[0]
    if suffix != f".{extension.lower()}":
        stem = name  # "scan.pdf.html" holding a PDF becomes "scan.pdf.html.pdf"
    stem = stem.strip(" .")[: MAX_FILENAME_LENGTH - len(suffix)].rstrip(" .") or "certificate"
    if _WINDOWS_DEVICES.match(stem):
        stem = f"_{stem}"
    return f"{stem}{suffix}"
