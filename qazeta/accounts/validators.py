"""Validators of the kernel: Kazakhstan's BIN and IIN, ICAO state codes, plausible dates.

BIN and IIN are 12 digits with the 12th a check digit over the first 11 (Tax Code / Law "On national
registers of identification numbers"): weights 1..11, sum mod 11; when that gives 10, weights
3..11,1,2 are tried; a second 10 means the number cannot be valid. See
docs/decisions/0003-own-mrz-and-iin-check-code.md for why this is our own code.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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
        raise ValidationError(gettext("A BIN is exactly 12 digits."), code="bin_format")
    if not is_valid_kz_number(value):
        raise ValidationError(
            gettext("The BIN's check digit (the 12th digit) does not match; please check the number."),
            code="bin_check_digit",
        )


def validate_iin(value: str) -> None:
    """Django validator for an IIN (individual identification number).

    Raises:
        ValidationError: code ``iin_format`` or ``iin_check_digit``.
    """
    if len(value) != 12 or not (value.isascii() and value.isdigit()):
        raise ValidationError(gettext("An IIN is exactly 12 digits."), code="iin_format")
    if not is_valid_kz_number(value):
        raise ValidationError(
            gettext("The IIN's check digit (the 12th digit) does not match; please check the number."),
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
            gettext("Digits 1-6 of the IIN (%(value)s) are not the date of birth %(date_of_birth)s (YYMMDD).")
            % {"value": value[:6], "date_of_birth": format(date_of_birth, "%d.%m.%Y")}
        )
    century_sex = _IIN_CENTURY_SEX.get(value[6])
    if century_sex is None:
        problems.append(
            gettext("Digit 7 of the IIN (%(value)s) must be 1-6 (century of birth and sex).") % {"value": value[6]}
        )
    else:
        century, iin_sex = century_sex
        if not century <= date_of_birth.year < century + 100:
            problems.append(
                gettext("Digit 7 of the IIN (%(value)s) gives another century than the year of birth.")
                % {"value": value[6]}
            )
        if sex in ("M", "F") and iin_sex != sex:
            problems.append(
                gettext("Digit 7 of the IIN (%(value)s) gives another sex than the passport.") % {"value": value[6]}
            )
    return problems


#: Codes ICAO Doc 9303 part 3 (§5, "Representation of the issuing State or organization and nationality") adds to
#: ISO 3166-1 alpha-3 for passports: Germany's one letter, the British nationality classes, United Nations and other
#: organisations, and stateless persons and refugees. RKS (Kosovo) is not in ICAO's list but is printed in Kosovo's
#: passports, which states that recognise Kosovo accept; UNK is ICAO's code for UNMIK travel documents.
ICAO_EXTRA_CODES: dict[str, str] = {
    "D": "Germany",
    "GBD": "British Overseas Territories Citizen",
    "GBN": "British National (Overseas)",
    "GBO": "British Overseas Citizen",
    "GBP": "British Protected Person",
    "GBS": "British Subject",
    "UNO": "United Nations Organization or its official",
    "UNA": "Specialized agency of the United Nations or its official",
    "UNK": "Resident of Kosovo (UNMIK travel document)",
    "RKS": "Kosovo",
    "EUE": "European Union",
    "XBA": "African Development Bank",
    "XIM": "African Export-Import Bank",
    "XCC": "Caribbean Community or one of its emissaries",
    "XCE": "Council of Europe",
    "XCO": "Common Market for Eastern and Southern Africa",
    "XEC": "Economic Community of West African States",
    "XPO": "International Criminal Police Organization (INTERPOL)",
    "XES": "Organisation of Eastern Caribbean States",
    "XMP": "Parliamentary Assembly of the Mediterranean",
    "XOM": "Sovereign Military Order of Malta",
    "XDC": "Southern African Development Community",
    "XXA": "Stateless person (1954 Convention)",
    "XXB": "Refugee (1951 Convention)",
    "XXC": "Refugee (other than the 1951 Convention)",
    "XXX": "Person of unspecified nationality",
}


@cache
def icao_state_codes() -> frozenset[str]:
    """Every code a passport may carry as issuing state or nationality: ISO 3166-1 alpha-3 from ``pycountry``
    (the maintained ISO list, updated with each release) plus ``ICAO_EXTRA_CODES`` (ICAO 9303 part 3)."""
    import pycountry

    return frozenset({country.alpha_3 for country in pycountry.countries} | set(ICAO_EXTRA_CODES))


def validate_icao_state(value: str) -> None:
    """Django validator: ``value`` is an issuing state or nationality code of ICAO Doc 9303 (upper case).

    ISO 3166-1 alpha-3 (``KAZ``, ``GBR``) or one of ICAO's own codes (``D`` for Germany, ``GBN``, ``UNO``,
    ``XXA``…, see ``ICAO_EXTRA_CODES``).

    Raises:
        ValidationError: code ``icao_state`` when the code is not on either list.
    """
    if value not in icao_state_codes():
        raise ValidationError(
            _("“%(value)s” is not a passport country code (ISO 3166-1 alpha-3 as in ICAO 9303, e.g. GBR, KAZ, D)."),
            code="icao_state",
            params={"value": value},
        )


@deconstructible
class DateWithin:
    """Django validator: a date no more than ``years_before`` years before and ``years_after`` years after today.

    "Today" is the Astana day when the check runs, so the window moves with time; an instant is compared by its
    Astana day. It catches what cannot be a
    real date of its kind (a birth in 1800, a contract ending on 0001-01-01); the domain's own rules (a passport
    valid three more months, a slot on a working day) stay in the submission rules and services.

    Raises:
        ValidationError: code ``date_too_early`` or ``date_too_late``.
    """

    def __init__(self, *, years_before: int, years_after: int) -> None:
        self.years_before = years_before
        self.years_after = years_after

    def bounds(self, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
        """``(earliest, latest)`` accepted on ``today`` (default: today in Astana), both included."""
        today = today or timezone.localdate()
        return _years_from(today, -self.years_before), _years_from(today, self.years_after)

    def __call__(self, value: dt.date | dt.datetime) -> None:
        if isinstance(value, dt.datetime):
            value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
        if not isinstance(value, dt.date):
            return
        earliest, latest = self.bounds()
        if value < earliest:
            raise ValidationError(
                _("%(value)s is too far in the past; the earliest date accepted is %(limit)s."),
                code="date_too_early",
                params={"value": value.isoformat(), "limit": earliest.isoformat()},
            )
        if value > latest:
            if self.years_after == 0:
                message = _("%(value)s is in the future.")
            else:
                message = _("%(value)s is too far in the future; the latest date accepted is %(limit)s.")
            raise ValidationError(
                message, code="date_too_late", params={"value": value.isoformat(), "limit": latest.isoformat()}
            )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, DateWithin)
            and self.years_before == other.years_before
            and self.years_after == other.years_after
        )

    def __hash__(self) -> int:
        return hash((self.years_before, self.years_after))


def _years_from(day: dt.date, years: int) -> dt.date:
    """``day`` moved by whole ``years``; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


#: A date of birth: not in the future, at most 120 years ago.
date_of_birth_plausible = DateWithin(years_before=120, years_after=0)
#: A passport's expiry date: passports run at most 10 years (some 20 for older series), and the roster may
#: keep an expired one until it is renewed; 50 years back covers any record a person could still hold.
passport_expiry_plausible = DateWithin(years_before=50, years_after=20)
#: Any other date a service records (a contract's end, a passport's issue, an arrival): 120 years back, 50 ahead.
service_date_plausible = DateWithin(years_before=120, years_after=50)
#: An appointment slot, or the day one is looked up for: from today to a year ahead (the services refuse past slots).
appointment_day_plausible = DateWithin(years_before=0, years_after=1)
