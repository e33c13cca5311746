"""Check-digit validation of Kazakhstan's BIN and IIN.

Both are 12 digits with the 12th a check digit over the first 11 (Tax Code / Law "On national
registers of identification numbers"): weights 1..11, sum mod 11; when that gives 10, weights
3..11,1,2 are tried; a second 10 means the number cannot be valid. See
docs/decisions/0003-own-mrz-and-iin-check-code.md for why this is our own code.
"""

from __future__ import annotations

import datetime as dt

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


#: IIN 7th digit → (first year of the century of birth, sex): Law "On national registers of identification
#: numbers", art. 3: 1/2 = 19th century, 3/4 = 20th, 5/6 = 21st; odd = male, even = female.
_IIN_CENTURY_SEX = {
    "1": (1800, "M"),
    "2": (1800, "F"),
    "3": (1900, "M"),
    "4": (1900, "F"),
    "5": (2000, "M"),
    "6": (2000, "F"),
}


def iin_mismatches(value: str, *, date_of_birth: dt.date, sex: str) -> list[str]:
    """What in a (check-digit valid) IIN disagrees with the person: ``[]`` when it agrees.

    Digits 1-6 are the date of birth (YYMMDD); digit 7 the century of birth and the sex (``_IIN_CENTURY_SEX``).
    ``sex`` is ``"M"`` or ``"F"`` (ICAO 9303); any other value (``"X"``) is not compared. Returns English
    messages, one per disagreement.
    """
    problems: list[str] = []
    if value[:6] != date_of_birth.strftime("%y%m%d"):
        problems.append(
            f"Digits 1-6 of the IIN ({value[:6]}) are not the date of birth {date_of_birth:%d.%m.%Y} (YYMMDD)."
        )
    century_sex = _IIN_CENTURY_SEX.get(value[6])
    if century_sex is None:
        problems.append(f"Digit 7 of the IIN ({value[6]}) must be 1-6 (century of birth and sex).")
    else:
        century, iin_sex = century_sex
        if not century <= date_of_birth.year < century + 100:
            problems.append(f"Digit 7 of the IIN ({value[6]}) gives another century than the year of birth.")
        if sex in ("M", "F") and iin_sex != sex:
            problems.append(f"Digit 7 of the IIN ({value[6]}) gives another sex than the passport.")
    return problems
