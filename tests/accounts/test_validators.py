import pytest
from django.core.exceptions import ValidationError

from accounts.validators import validate_npi

# "1234567893" in full-width digits: str.isdigit() accepts them, an NPI must not.
FULL_WIDTH_NPI = "".join(chr(0xFF10 + int(d)) for d in "1234567893")


@pytest.mark.parametrize("npi", ["1234567893", "1245319599", "1003000126"])
def test_valid_npis_pass(npi: str) -> None:
    validate_npi(npi)


@pytest.mark.parametrize(
    ("npi", "message"),
    [
        ("1234567890", "check digit is wrong"),
        ("1234567894", "check digit is wrong"),
        ("123456789", "exactly 10 digits"),
        ("12345678931", "exactly 10 digits"),
        ("12345abcde", "exactly 10 digits"),
        (FULL_WIDTH_NPI, "exactly 10 digits"),
        ("", "exactly 10 digits"),
    ],
)
def test_bad_npis_are_refused_with_a_reason(npi: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        validate_npi(npi)
