"""Check-digit validation of Kazakhstan's BIN and IIN.

Both are 12 digits with the 12th a check digit over the first 11 (Tax Code / Law "On national
registers of identification numbers"): weights 1..11, sum mod 11; when that gives 10, weights
3..11,1,2 are tried; a second 10 means the number cannot be valid. See
docs/decisions/0003-own-mrz-and-iin-check-code.md for why this is our own code.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

_FIRST_WEIGHTS = tuple(range(1, 12))
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def kz_check_digit(first11: str) -> int | None:
    """Return the check digit for the first 11 digits of a BIN/IIN, or ``None`` if none exists.

    Args:
        first11: exactly 11 ASCII digits.
    Raises:
        ValueError: if ``first11`` is not 11 digits.
    """
    if len(first11) != 11 or not (first11.isascii() and first11.isdigit()):
        raise ValueError("expected 11 digits")
    digits = [int(c) for c in first11]
    for weights in (_FIRST_WEIGHTS, _SECOND_WEIGHTS):
        check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if check != 10:
            return check
    return None


def is_valid_kz_number(value: str) -> bool:
    """True if ``value`` is 12 digits whose last digit is the correct BIN/IIN check digit."""
    if len(value) != 12 or not (value.isascii() and value.isdigit()):
        return False
    expected = kz_check_digit(value[:11])
    return expected is not None and expected == int(value[11])


def validate_bin(value: str) -> None:
    """Django validator for a BIN (business identification number).

    Raises:
        ValidationError: code ``bin_format`` if not 12 digits, ``bin_check_digit`` if the check digit is wrong.
    """
    if len(value) != 12 or not (value.isascii() and value.isdigit()):
        raise ValidationError("A BIN is exactly 12 digits.", code="bin_format")
    if not is_valid_kz_number(value):
        raise ValidationError(
            "The BIN's check digit (the 12th digit) does not match; please check the number.",
            code="bin_check_digit",
        )


def validate_iin(value: str) -> None:
    """Django validator for an IIN (individual identification number).

    Raises:
        ValidationError: code ``iin_format`` or ``iin_check_digit``.
    """
    if len(value) != 12 or not (value.isascii() and value.isdigit()):
        raise ValidationError("An IIN is exactly 12 digits.", code="iin_format")
    if not is_valid_kz_number(value):
        raise ValidationError(
            "The IIN's check digit (the 12th digit) does not match; please check the number.",
            code="iin_check_digit",
        )
