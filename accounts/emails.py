"""E-mail addresses as people type them, and as an impostor might: one form, one look-alike key.

Two addresses that render the same (`example-mail.com` and the same with a dotless i, U+0131,
or a Cyrillic a, U+0430, for the Latin letter) must not become two accounts that staff, a
case-insensitive query or a physician reading an e-mail cannot tell apart. Every address is
stored normalised (NFKC, lower case, the domain IDNA-encoded to its ASCII form), and a new one
whose skeleton matches an existing account's is refused. The skeleton maps each character to
one representative of its class in Unicode's confusables table (TR39 data, through the
maintained confusable_homoglyphs package); look-alikes made of several characters ("rn" for
"m") are not covered.
"""

import contextlib
import functools
import unicodedata

from confusable_homoglyphs import confusables
from django.core.exceptions import ValidationError

LOOKALIKE_MESSAGE = (
    "This address looks the same as one already registered with CME Track. "
    "If it is yours, sign in with it or reset its password."
)


def email_normalise(email: str) -> str:
    """NFKC, lower case, the domain in its ASCII (IDNA) form; a domain IDNA refuses is invalid."""
    email = unicodedata.normalize("NFKC", email.strip())
    local, at, domain = email.rpartition("@")
    if not at:
        return email.lower()
    try:
        ascii_domain = domain.encode("idna").decode("ascii") if not domain.isascii() else domain
    except UnicodeError:
        raise ValidationError("Enter a valid e-mail address.", code="invalid") from None
    return f"{local.lower()}@{ascii_domain.lower()}"


@functools.cache
def _representative(character: str) -> str:
    """One stand-in for everything the confusables table says looks like `character`."""
    candidates = {character}
    for homoglyph in confusables.confusables_data.get(character, ()):
        glyph = homoglyph["c"].strip("\u200e\u200f")
        if len(glyph) == 1:
            candidates.add(glyph)
    ascii_candidates = sorted(c for c in candidates if c.isascii())
    return ascii_candidates[0] if ascii_candidates else min(candidates)


def email_skeleton(email: str) -> str:
    """The address as it looks: equal skeletons are addresses a reader cannot tell apart."""
    local, _, domain = unicodedata.normalize("NFKC", email.strip()).rpartition("@")
    if domain.startswith("xn--") or ".xn--" in domain:
        with contextlib.suppress(UnicodeError):  # not decodable: compare it as written
            domain = domain.encode("ascii").decode("idna")
    text = f"{local}@{domain}".casefold()
    return "".join(_representative(character) for character in text)
