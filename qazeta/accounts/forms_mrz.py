"""Turning the two MRZ lines of a passport into roster fields, with check-digit errors per field."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from .mrz import MrzFormatError, parse_td3
from .validators import date_of_birth_plausible, passport_expiry_plausible, validate_icao_state

#: MRZ field → roster (Person) field, so errors land next to the right form input.
MRZ_TO_PERSON = {
    "passport_number": "passport_number",
    "date_of_birth": "date_of_birth",
    "expiry_date": "passport_expires_on",
    "personal_number": "passport_number",
    "composite": "mrz",
    "format": "mrz",
}


def person_fields_from_mrz(line1: str, line2: str) -> tuple[dict[str, Any], dict[str, str]]:
    """Parse a TD3 passport MRZ into ``(person_fields, errors)``; errors are keyed by Person field name.

    Wrong check digits are reported field by field (ICAO 9303 part 4); unparseable lines give ``{"mrz": ...}``.
    The values read are checked as typed ones are: the issuing state and nationality against ICAO 9303's codes,
    the dates against their plausible windows (``validators``).
    """
    try:
        result = parse_td3(line1, line2)
    except MrzFormatError as exc:
        return {}, {"mrz": str(exc)}
    fields = {
        "surname": result.surname,
        "given_names": result.given_names,
        "sex": result.sex,
        "date_of_birth": result.date_of_birth,
        "nationality": result.nationality,
        "passport_number": result.passport_number,
        "passport_issuing_state": result.issuing_state,
        "passport_expires_on": result.expiry_date,
    }
    errors: dict[str, str] = {}

    def add(target: str, message: str) -> None:
        errors[target] = f"{errors[target]} {message}".strip() if target in errors else message

    for key, message in result.errors.items():
        add(MRZ_TO_PERSON.get(key, "mrz"), message)
    checks = (
        ("nationality", validate_icao_state),
        ("passport_issuing_state", validate_icao_state),
        ("date_of_birth", date_of_birth_plausible),
        ("passport_expires_on", passport_expiry_plausible),
    )
    for name, validator in checks:
        value = fields[name]
        if value in (None, ""):
            continue
        try:
            validator(value)
        except ValidationError as exc:
            add(name, " ".join(exc.messages))
    return fields, errors
