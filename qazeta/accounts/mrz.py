"""Parsing of a passport's machine-readable zone (ICAO Doc 9303 part 4, TD3: two lines of 44 characters).

The IIN pilot (joint order of 27-28 Mar 2025, order 004) has the officer take the surname and given names
from the MRZ; the portal reads the MRZ the applicant types or pastes, checks every check digit and
reports each failure next to its field. See docs/decisions/0003-own-mrz-and-iin-check-code.md for why
this is our own code and not the GPL ``mrz`` package.

Layout (0-based positions)::

    line 1: 0-1 document code (P + type or '<'), 2-4 issuing state, 5-43 surname<<given<names
    line 2: 0-8 passport number, 9 check, 10-12 nationality, 13-18 birth date YYMMDD, 19 check,
            20 sex (M/F/<), 21-26 expiry date YYMMDD, 27 check, 28-41 personal number, 42 check,
            43 composite check over 0-9, 13-19 and 21-42
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext

TD3_LINE_LENGTH = 44
FILLER = "<"
_WEIGHTS = (7, 3, 1)
_MRZ_CHARS = re.compile(r"[A-Z0-9<]*")


class MrzFormatError(ValueError):
    """The two lines cannot be parsed as a TD3 MRZ at all (a line is not text or is empty)."""


@dataclass(frozen=True, slots=True)
class MrzResult:
    """The fields of a TD3 MRZ and the problems found in it.

    Text fields have fillers turned into single spaces and are stripped. ``date_of_birth`` and
    ``expiry_date`` are ``None`` when the six characters are not a valid date; ``sex`` is ``None`` when
    the character is not M, F, X or '<' ('<' reads as "X", unspecified).

    ``errors`` maps a key to a message for the person who typed the MRZ: ``passport_number``,
    ``date_of_birth``, ``expiry_date``, ``personal_number`` and ``composite`` for check-digit failures
    (and, for the two dates, a value that is not a date), ``format`` for a line that is not 44
    characters, characters outside A-Z, 0-9 and '<', a sex other than M/F/X/'<' or a document code that
    does not start with 'P'. Empty means the MRZ is consistent.
    """

    document_code: str
    issuing_state: str
    surname: str
    given_names: str
    passport_number: str
    nationality: str
    date_of_birth: date | None
    sex: str | None
    expiry_date: date | None
    personal_number: str
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        """True if no check digit failed and the format is sound."""
        return not self.errors


def mrz_check_digit(data: str) -> int:
    """The ICAO 9303 check digit (0-9) of ``data``.

    Each character's value (0-9 for digits, A=10 .. Z=35, '<'=0) is multiplied by the weights 7, 3, 1
    repeating; the check digit is the sum modulo 10 (ICAO Doc 9303 part 3, "check digits").

    Raises:
        ValueError: if ``data`` holds a character other than 0-9, A-Z (upper case) or '<'.
    """
    total = 0
    for position, char in enumerate(data):
        if char == FILLER:
            value = 0
        elif "0" <= char <= "9":
            value = ord(char) - ord("0")
        elif "A" <= char <= "Z":
            value = ord(char) - ord("A") + 10
        else:
            raise ValueError(f"{char!r} is not an MRZ character")
        total += value * _WEIGHTS[position % 3]
    return total % 10


def parse_td3(line1: str, line2: str, *, today: date | None = None) -> MrzResult:
    """Parse the two 44-character lines of a passport MRZ (ICAO 9303 TD3).

    Surrounding whitespace is ignored and lower case is read as upper case. Check-digit failures do not
    raise: each is reported in ``MrzResult.errors`` under its field's key, so a form can show it next to
    the field. Two-digit years: a birth date that would lie after ``today`` is in the 1900s; an expiry
    date is always in the 2000s. A line that is not 44 characters long is reported under
    ``errors["format"]`` and read as if cut or padded with fillers to 44.

    Args:
        line1: the upper line (document code, issuing state, name).
        line2: the lower line (numbers, dates, check digits).
        today: the date birth dates are compared with; defaults to today in Astana.

    Raises:
        MrzFormatError: if a line is not a string or is empty once stripped.
    """
    errors: dict[str, str] = {}
    format_problems: list[str] = []
    lines: list[str] = []
    for number, raw in enumerate((line1, line2), start=1):
        if not isinstance(raw, str):
            raise MrzFormatError(gettext("Line %(number)s of the MRZ must be text.") % {"number": number})
        line = raw.strip().upper()
        if not line:
            raise MrzFormatError(gettext("Line %(number)s of the MRZ is empty.") % {"number": number})
        if len(line) != TD3_LINE_LENGTH:
            format_problems.append(
                gettext("Line %(number)s has %(value)s characters; a passport's MRZ lines have 44.")
                % {"number": number, "value": len(line)}
            )
            # Fields sit at fixed positions: read what is there (a short line 1 usually only lost
            # trailing fillers) and let the check digits tell which fields are off.
            line = line[:TD3_LINE_LENGTH].ljust(TD3_LINE_LENGTH, FILLER)
        lines.append(line)
    upper, lower = lines
    today = today or timezone.localdate()

    for number, line in enumerate(lines, start=1):
        if not _MRZ_CHARS.fullmatch(line):
            bad = "".join(sorted({c for c in line if not _MRZ_CHARS.fullmatch(c)}))
            format_problems.append(
                gettext(
                    "Line %(number)s holds characters an MRZ cannot contain (%(bad)s); "
                    "only A-Z, 0-9 and '<' are allowed."
                )
                % {"number": number, "bad": repr(bad)}
            )
    if not upper.startswith("P"):
        format_problems.append(gettext("Line 1 does not start with 'P'; this is not a passport's MRZ."))

    passport_number_raw = lower[0:9]
    birth_raw = lower[13:19]
    expiry_raw = lower[21:27]
    personal_raw = lower[28:42]

    checks = (
        ("passport_number", gettext("passport number"), passport_number_raw, lower[9], False),
        ("date_of_birth", gettext("date of birth"), birth_raw, lower[19], False),
        ("expiry_date", gettext("expiry date"), expiry_raw, lower[27], False),
        # ICAO 9303 part 4: when the personal number is unused its check digit may be '<' (read as 0).
        ("personal_number", gettext("personal number"), personal_raw, lower[42], True),
        ("composite", "line 2 as a whole", lower[0:10] + lower[13:20] + lower[21:43], lower[43], False),
    )
    for key, label, data, check_char, filler_is_zero in checks:
        message = _check_digit_problem(label, data, check_char, filler_is_zero=filler_is_zero)
        if message:
            errors[key] = message

    date_of_birth = _parse_yymmdd(birth_raw, century=None, today=today)
    if date_of_birth is None:
        _add(
            errors,
            "date_of_birth",
            gettext("The date of birth %(birth_raw)s is not a valid date (YYMMDD).") % {"birth_raw": repr(birth_raw)},
        )
    expiry_date = _parse_yymmdd(expiry_raw, century=2000, today=today)
    if expiry_date is None:
        _add(
            errors,
            "expiry_date",
            gettext("The expiry date %(expiry_raw)s is not a valid date (YYMMDD).") % {"expiry_raw": repr(expiry_raw)},
        )

    sex_char = lower[20]
    # ICAO writes an unspecified sex as '<'; some states print 'X' in the MRZ as they do on the data page.
    sex: str | None = {"M": "M", "F": "F", FILLER: "X", "X": "X"}.get(sex_char)
    if sex is None:
        format_problems.append(gettext("The sex %(sex_char)s is not M, F, X or '<'.") % {"sex_char": repr(sex_char)})

    if format_problems:
        errors["format"] = " ".join(format_problems)

    surname, given_names = _split_name(upper[5:])
    return MrzResult(
        document_code=_text(upper[0:2]),
        issuing_state=_text(upper[2:5]),
        surname=surname,
        given_names=given_names,
        passport_number=_text(passport_number_raw),
        nationality=_text(lower[10:13]),
        date_of_birth=date_of_birth,
        sex=sex,
        expiry_date=expiry_date,
        personal_number=_text(personal_raw),
        errors=errors,
    )


def _text(raw: str) -> str:
    """Fillers to single spaces, stripped: 'ANNA<MARIA<<<' -> 'ANNA MARIA'."""
    return " ".join(raw.replace(FILLER, " ").split())


def _split_name(raw: str) -> tuple[str, str]:
    """Surname and given names: the first '<<' separates them (ICAO 9303 part 4)."""
    surname, _, given = raw.partition(FILLER * 2)
    return _text(surname), _text(given)


def _check_digit_problem(label: str, data: str, check_char: str, *, filler_is_zero: bool) -> str | None:
    """A message if ``check_char`` is not the check digit of ``data``, else ``None``."""
    try:
        expected = mrz_check_digit(data)
    except ValueError:
        # A character outside the MRZ alphabet: the format error names it; the digit cannot match.
        return gettext(
            "The check digit of the %(label)s cannot be verified: it holds a character an MRZ cannot contain."
        ) % {"label": label}
    found = 0 if filler_is_zero and check_char == FILLER else check_char
    if found == expected or found == str(expected):
        return None
    return gettext(
        "The check digit of the %(label)s is %(check_char)s but the %(label)s "
        "gives %(expected)s; compare both with the passport."
    ) % {"label": label, "check_char": repr(check_char), "expected": expected}


def _parse_yymmdd(raw: str, *, century: int | None, today: date) -> date | None:
    """A date from YYMMDD, or ``None`` if it is not one.

    ``century`` fixes the century (2000 for expiry dates); ``None`` means a birth date: 20YY unless that
    lies after ``today``, then 19YY.
    """
    if not (raw.isascii() and raw.isdigit()):
        return None
    yy, month, day = int(raw[0:2]), int(raw[2:4]), int(raw[4:6])
    centuries = (century,) if century is not None else (2000, 1900)
    for base in centuries:
        try:
            candidate = date(base + yy, month, day)
        except ValueError:
            continue
        if century is not None or candidate <= today:
            return candidate
    return None


def _add(errors: dict[str, str], key: str, message: str) -> None:
    """Append ``message`` to ``errors[key]`` so a date that is wrong twice shows both reasons."""
    errors[key] = f"{errors[key]} {message}" if key in errors else message
