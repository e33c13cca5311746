"""Fixtures of the TRP tests: a fixed day, CIS/EAEU employees on a host party's roster, valid filing fields,
drafts (principal or family member), TRP records put on a person and the scan of the permit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import Application
from qazeta.accounts.constants import Relationship
from qazeta.accounts.models import Membership, Person
from qazeta.records.models import PermitKind, ResidencePermitRecord
from tests import factories
from tests.clock import astana

#: Tuesday 16 June 2026, 10:00 in Astana: an ordinary working day of a year with an MRP on record.
TODAY = dt.date(2026, 6, 16)
SERVICE = "temporary-residence"
#: The permit scan the migration police issued.
PERMIT_SCAN_BYTES = factories.PDF_BYTES + b"% TRP No 0012345, Migration Service\n"

PRINCIPAL_FIELDS = {
    "basis": "aifc_employee",
    "planned_stay_days": 365,
    "contract_ends_on": dt.date(2027, 3, 31),
}


@pytest.fixture(autouse=True)
def _a_fixed_day(time_machine):
    time_machine.move_to(astana(TODAY, 10))
    return time_machine


def cis_person(membership: Membership, nationality: str = "UZB", **kwargs: Any) -> Person:
    """A citizen of ``nationality`` (ICAO code; UZB: CIS only, KGZ: CIS and EAEU) on the host party's roster,
    passport valid to 31.12.2029 unless given."""
    kwargs.setdefault("passport_expires_on", dt.date(2029, 12, 31))
    return factories.PersonFactory(
        organisation=membership.organisation, nationality=nationality, passport_issuing_state=nationality, **kwargs
    )


def family_member_of(principal: Person, **kwargs: Any) -> Person:
    kwargs.setdefault("passport_expires_on", dt.date(2029, 12, 31))
    kwargs.setdefault("date_of_birth", dt.date(1988, 2, 3))
    return factories.PersonFactory(
        organisation=principal.organisation,
        principal=principal,
        relationship=Relationship.SPOUSE,
        nationality=principal.nationality,
        given_names="DILNOZA",
        sex="F",
        position="",
        **kwargs,
    )


def trp_draft(
    membership: Membership,
    person: Person,
    *,
    principal: Application | None = None,
    variant: str = "employee",
    **overrides: Any,
) -> Application:
    """A TRP draft filed by ``membership``'s user (consent recorded); a family member gives no principal field."""
    family = principal is not None or person.principal_id is not None
    fields = {"planned_stay_days": 365} if family else dict(PRINCIPAL_FIELDS)
    fields.update(overrides)
    return factories.file_draft(
        SERVICE,
        membership=membership,
        person=person,
        principal_application=principal,
        channel="standard",
        variant=variant,
        **fields,
    )


def give_trp(
    person: Person, *, valid_from: dt.date, valid_to: dt.date, application: Application | None = None
) -> ResidencePermitRecord:
    return ResidencePermitRecord.objects.create(
        person=person,
        kind=PermitKind.TRP,
        number=f"TRP{person.pk:05d}{valid_from:%y}",
        valid_from=valid_from,
        valid_to=valid_to,
        host_party=person.organisation,
        application=application,
    )


def permit_scan() -> SimpleUploadedFile:
    return SimpleUploadedFile("trp.pdf", PERMIT_SCAN_BYTES, content_type="application/pdf")
