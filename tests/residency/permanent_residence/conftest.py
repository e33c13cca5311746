"""Fixtures of the permanent residence permit tests: a fixed day, drafts filed by a host party, an investor visa on
record and the scan of the migration service's permit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import Application
from qazeta.accounts.models import Membership, Person
from qazeta.records.models import Entries, RecordSource, VisaRecord
from tests import factories
from tests.clock import astana

#: Tuesday 16 June 2026, 10:00 in Astana: an ordinary working day of a year with an MRP on record.
TODAY = dt.date(2026, 6, 16)
CODE = "permanent-residence"
PERMIT_SCAN_BYTES = factories.PDF_BYTES + b"% Permanent residence permit No 000123456, Migration Service\n"


@pytest.fixture(autouse=True)
def _a_fixed_day(time_machine):
    time_machine.move_to(astana(TODAY, 10))
    return time_machine


def long_passport(**kwargs: Any) -> dict[str, Any]:
    """A passport valid past any 10-year permit filed on TODAY."""
    return {"passport_expires_on": dt.date(2038, 1, 1), **kwargs}


def pr_draft(membership: Membership, person: Person | None = None, *, years: int = 10) -> Application:
    person = person or factories.PersonFactory(organisation=membership.organisation, **long_passport())
    return factories.file_draft(CODE, membership=membership, person=person, requested_validity_years=years)


def give_investor_visa(person: Person, category: str = "A5") -> VisaRecord:
    return VisaRecord.objects.create(
        person=person,
        category=category,
        number=f"{category}{person.pk:07d}",
        valid_from=TODAY - dt.timedelta(days=100),
        valid_to=TODAY + dt.timedelta(days=600),
        entries=Entries.MULTIPLE,
        host_party=person.organisation,
        source=RecordSource.ISSUED,
    )


def permit_scan() -> SimpleUploadedFile:
    return SimpleUploadedFile("permit.pdf", PERMIT_SCAN_BYTES, content_type="application/pdf")
