"""Download headers shared by every app: how a file's name reaches the physician's browser."""

import re
from urllib.parse import quote

from django.utils.http import content_disposition_header


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987).

    Names physicians upload can hold anything; older browsers and mail clients read only the
    plain `filename`, so it carries a safe spelling beside the exact one.
    """
    fallback = re.sub(r"[^A-Za-z0-9._ ()-]", "_", filename).strip() or "certificate"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def attachment(filename: str) -> str:
    """The header for a name we chose ourselves (plain ASCII): Django spells it."""
    return content_disposition_header(as_attachment=True, filename=filename) or "attachment"


def inline(filename: str) -> str:
    """Shown in place (a calendar feed), still named for whoever saves it."""
    return content_disposition_header(as_attachment=False, filename=filename) or "inline"
