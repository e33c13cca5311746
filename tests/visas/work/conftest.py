"""Fixtures of the work visa tests (c3-visa, c3-extension, c3-invitation's dependants): a pinned Astana day, the
host party's drafts, a visa on record placed relative to the extension window, the state body's visa scan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from applications.models import Application
from qazeta.accounts.models import Membership, Person
from qazeta.records.models import VisaRecord
from qazeta.workcalendar import calendar as workcalendar
from tests import factories
from tests.clock import FILING_DAY, astana

#: Monday 2 March 2026, 09:00 Astana: a working day of a year with an MRP on record.
TODAY = FILING_DAY
#: The scan of the visa the Migration Service issued (a small PDF whose bytes say which visa it is).
VISA_SCAN = factories.PDF_BYTES + b"% C3 work visa No C30012345, Migration Service\n"
#: The fields the officer enters at issue (the visa record's).
VISA_FIELDS = {
    "visa_number": "C30012345",
    "visa_valid_from": "2026-03-02",
    "visa_valid_to": "2028-03-01",
    "visa_entries": "multiple",
}


@pytest.fixture(autouse=True)
def clock(time_machine):
    """Every test starts at 09:00 on :data:`TODAY` with the clock standing still."""
    time_machine.move_to(astana(TODAY), tick=False)
    return time_machine


def visa_scan(content: bytes = VISA_SCAN) -> SimpleUploadedFile:
    return SimpleUploadedFile("visa.pdf", content, content_type="application/pdf")


def c3_fields(**overrides: object) -> dict[str, object]:
    """``application_create`` keywords of a principal's c3-visa or c3-extension (validity band: up to 2 years)."""
    return {
        "channel": "standard",
        "validity_years": 2,
        "passport_blank_pages": 4,
        "position": "Head of Risk",
        **overrides,
    }


def visa_draft(membership: Membership, person: Person, service: str = "c3-visa", **overrides) -> Application:
    """A draft of ``service`` filed by the host party's admin, with consent (a family member gets no position)."""
    fields = c3_fields(**overrides)
    if person.principal_id is not None:
        fields.pop("position", None)
    return factories.file_draft(service, membership=membership, person=person, **fields)


def visa_expiring_in(person: Person, working_days: int, **kwargs) -> VisaRecord:
    """A C3 visa on record for ``person`` that expires ``working_days`` working days after :data:`TODAY`
    (20: inside the extension window; 60: before it opens; 3: after it closed)."""
    valid_to = workcalendar.add_working_days(TODAY, working_days)
    fields = {"host_party": person.organisation, **kwargs}
    return factories.VisaRecordFactory(
        person=person, valid_from=valid_to - dt.timedelta(days=700), valid_to=valid_to, **fields
    )


@pytest.fixture
def spouse(membership, employee) -> Person:
    return factories.PersonFactory(
        organisation=membership.organisation, principal=employee, relationship="spouse", given_names="JANE", position=""
    )


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client
