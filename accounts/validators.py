from django.core.exceptions import ValidationError

# An NPI's check digit is the Luhn digit of "80840" + its first nine digits
# (CMS, "Requirements for National Provider Identifier Check Digit").
_NPI_PREFIX = "80840"


def _luhn_check_digit(digits: str) -> int:
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 0:  # doubled: the rightmost payload digit sits next to the check digit
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def validate_npi(value: str) -> None:
    """An NPI is ten ASCII digits whose last digit is the Luhn check digit."""
    if len(value) != 10 or not (value.isascii() and value.isdigit()):
        raise ValidationError("An NPI is exactly 10 digits (0-9).", code="npi_format")
    if _luhn_check_digit(_NPI_PREFIX + value[:9]) != int(value[9]):
        raise ValidationError(
            "This NPI's check digit is wrong; please check it against your NPPES record.",
            code="npi_check_digit",
        )
