"""Fixtures of the EDS tests: a fixed Astana clock, persons with an IIN, drafts, clients."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from rest_framework.test import APIClient

from applications.models import Application
from qazeta.accounts.constants import Role
from qazeta.accounts.validators import kz_check_digit
from tests import factories

SERVICE = "eds"
ASTANA = ZoneInfo("Asia/Almaty")
#: Tuesday 16 June 2026, 10:00 in Astana: a working day inside office hours, in a year with an MRP on record.
TUESDAY_10 = dt.datetime(2026, 6, 16, 10, 0, tzinfo=ASTANA)


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(TUESDAY_10, tick=False)
    return time_machine


def make_iin(date_of_birth: dt.date, sex: str, serial: int = 1) -> str:
    """A valid IIN for this birth date and sex, with a correct check digit."""
    century = {1900: 3, 2000: 5}[date_of_birth.year // 100 * 100]
    first11 = f"{date_of_birth:%y%m%d}{century + (1 if sex == 'F' else 0)}{serial:04d}"
    check = kz_check_digit(first11)
    return f"{first11}{check}" if check is not None else make_iin(date_of_birth, sex, serial + 1)


@pytest.fixture
def employee(membership):
    """The host party's first head, with an IIN on record."""
    person = factories.PersonFactory(organisation=membership.organisation, position="Chief executive officer")
    person.iin = make_iin(person.date_of_birth, person.sex, 11)
    person.save(update_fields=["iin"])
    return person


@pytest.fixture
def self_applicant(db):
    """A foreigner with an applicant login and their own person record (no host party), with an IIN."""
    user = factories.UserFactory(role=Role.APPLICANT)
    person = factories.PersonFactory(account=user, organisation=None)
    person.iin = make_iin(person.date_of_birth, person.sex, 21)
    person.save(update_fields=["iin"])
    return user, person


def eds_fields(**overrides: Any) -> dict[str, Any]:
    return {
        "channel": "standard",
        "holder": "individual",
        "pki_request_number": "NUC-2026-0061543",
        "key_storage": "token",
        "mobile_citizens_registered": True,
        **overrides,
    }


def eds_draft(*, membership=None, user=None, person=None, **overrides: Any) -> Application:
    return factories.file_draft(SERVICE, membership=membership, user=user, person=person, **eds_fields(**overrides))


def api_client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def html_text(page: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())
