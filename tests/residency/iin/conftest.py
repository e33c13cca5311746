"""Fixtures of the IIN plug-in tests: a fixed day, valid filing fields, IINs that agree with a person, drafts filed
by a host party or by the person themselves, and a spy on the PDF renderer that keeps the rendered HTML."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string

from applications.models import Application
from qazeta.accounts.constants import Role
from qazeta.accounts.models import Person, User
from qazeta.accounts.validators import kz_check_digit
from tests import factories

ALMATY = ZoneInfo("Asia/Almaty")
#: Tuesday 16 June 2026, 10:00 in Astana: an ordinary working day.
TUESDAY = dt.datetime(2026, 6, 16, 10, 0, tzinfo=ALMATY)


@pytest.fixture(autouse=True)
def _a_fixed_day(time_machine):
    """Every IIN test runs on Tuesday 16 June 2026 (before any person is made: passports expire from "today")."""
    time_machine.move_to(TUESDAY)
    return time_machine


def make_iin(date_of_birth: dt.date, sex: str, serial: int = 1) -> str:
    """A valid IIN for this birth date and sex (digit 7: century and sex), with a correct check digit."""
    century = {1800: 1, 1900: 3, 2000: 5}[date_of_birth.year // 100 * 100]
    first11 = f"{date_of_birth:%y%m%d}{century + (1 if sex == 'F' else 0)}{serial:04d}"
    check = kz_check_digit(first11)
    if check is None:  # this serial has no check digit; the next one does
        return make_iin(date_of_birth, sex, serial + 1)
    return f"{first11}{check}"


def iin_for(person: Person, serial: int = 1) -> str:
    return make_iin(person.date_of_birth, person.sex, serial)


def iin_fields(**overrides: Any) -> dict[str, Any]:
    """The filing form's own fields, all valid, the second consent given."""
    return {
        "surname_latin": "SMITH",
        "given_names_latin": "JOHN",
        "patronymic_latin": "",
        "surname_cyrillic": "СМИТ",
        "given_names_cyrillic": "ДЖОН",
        "patronymic_cyrillic": "",
        "ethnicity": "",
        "birth_country": "United Kingdom",
        "birth_region": "England",
        "birth_locality": "London",
        "identity_document_type": "passport",
        "passport_issued_on": dt.date(2022, 5, 10),
        "arrival_country": "United Kingdom",
        "purpose": "Employment at an AIFC participant",
        "address_in_kazakhstan": "55/17 Mangilik El Ave, Astana",
        "phone": "+7 701 234 5678",
        "contact_email": "",
        "secrets_consent": True,
        **overrides,
    }


def iin_draft(*, membership=None, user: User | None = None, person: Person | None = None, **fields: Any) -> Application:
    """An IIN draft through ``application_create``: by ``membership``'s user (host party) or ``user`` for their own
    ``person`` (self-applicant); consent to personal data processing recorded."""
    channel = fields.pop("channel", "standard")
    consent = fields.pop("consent", True)
    return factories.file_draft(
        "iin", membership=membership, user=user, person=person, channel=channel, consent=consent, **iin_fields(**fields)
    )


@pytest.fixture
def self_applicant(db) -> tuple[User, Person]:
    """A foreigner with their own applicant login and their own person record (no host party)."""
    user = factories.UserFactory(role=Role.APPLICANT)
    person = factories.PersonFactory(account=user, organisation=None, position="")
    return user, person


@pytest.fixture
def rendered_html(monkeypatch) -> list[tuple[str, str]]:
    """``[(template name, HTML)]`` of every PDF rendered while the test runs (the PDF is still made)."""
    from qazeta.documents import pdf

    original = pdf.render_pdf
    seen: list[tuple[str, str]] = []

    def spy(template_name: str, context: dict[str, Any]) -> bytes:
        seen.append((template_name, render_to_string(template_name, context)))
        return original(template_name, context)

    monkeypatch.setattr(pdf, "render_pdf", spy)
    return seen
