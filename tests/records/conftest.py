"""Visa records on pages and in reminders: a host party with staff and visas, on a pinned day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from qazeta.accounts.constants import MembershipRole
from qazeta.records.models import RecordSource, VisaRecord
from qazeta.workcalendar.calendar import WorkingCalendar
from tests import factories
from tests.clock import FILING_DAY

#: The day the tests run on (a working Monday); every visa's dates are computed from it.
TODAY = FILING_DAY


def visa(person, *, category="C3", valid_to, valid_from=None, entries="", source=RecordSource.ISSUED, **extra):
    """A visa record of ``person`` with its host party; a declared one gets a scan."""
    record = VisaRecord(
        person=person,
        category=category,
        number=extra.pop("number", f"{category}{VisaRecord.objects.count() + 1:07d}"),
        valid_from=valid_from or TODAY - dt.timedelta(days=300),
        valid_to=valid_to,
        entries=entries,
        host_party_id=person.organisation_id,
        source=source,
        **extra,
    )
    if source == RecordSource.DECLARED:
        record.scan.save("visa.pdf", ContentFile(factories.PDF_BYTES), save=False)
    record.save()
    return record


@pytest.fixture
def calendar(db):
    return WorkingCalendar.from_db()


@pytest.fixture
def host(db):
    """An admin and a filer of one host party."""
    admin = factories.MembershipFactory()
    filer = factories.MembershipFactory(organisation=admin.organisation, role=MembershipRole.FILER)
    return admin, filer
