"""Fixtures of the investor visa tests: a fixed day, valid filing fields per service, drafts filed by a host party
(principal or family member), visa records put on a person, the scan of the state body's visa and a spy on the PDF
renderer that keeps the rendered HTML."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from applications.models import Application
from qazeta.accounts.constants import Relationship
from qazeta.accounts.models import Membership, Organisation, Person
from qazeta.records.models import Entries, RecordSource, VisaRecord
from tests import factories
from tests.clock import astana

#: Tuesday 16 June 2026, 10:00 in Astana: an ordinary working day of a year with an MRP on record.
TODAY = dt.date(2026, 6, 16)

A5_INVITATION = "a5-invitation"
A5_VISA = "a5-visa"
A6_INVITATION = "a6-invitation"
EXTENSION = "investor-visa-extension"
SERVICES = (A5_INVITATION, A5_VISA, A6_INVITATION, EXTENSION)

#: Each service's own filing fields (a principal's), all valid.
OWN_FIELDS: dict[str, dict[str, Any]] = {
    A5_INVITATION: {"petitioner": "aifc_administration", "visa_pickup_place": "Embassy of Kazakhstan, London"},
    A5_VISA: {},
    A6_INVITATION: {"visa_pickup_place": "Embassy of Kazakhstan, Dubai"},
    EXTENSION: {},
}
#: The fields every investor service asks: validity band (fee) and blank passport pages (rule).
COMMON_FIELDS = {"channel": "standard", "validity_years": 2, "passport_blank_pages": 4}
#: The scan of the visa the migration service issued (a small PDF whose bytes say which visa it is).
VISA_SCAN_BYTES = factories.PDF_BYTES + b"% Visa A5 No 123456789, Migration Service\n"


@pytest.fixture(autouse=True)
def _a_fixed_day(time_machine):
    """Every test runs on Tuesday 16 June 2026 at 10:00 Astana (before any person is made: passports expire from
    "today")."""
    time_machine.move_to(astana(TODAY, 10))
    return time_machine


def fields_for(code: str, *, family: bool = False, **overrides: Any) -> dict[str, Any]:
    """Valid filing fields of ``code`` (a family member gives no principal-only field)."""
    own = dict(OWN_FIELDS[code])
    if family:
        own.pop("petitioner", None)
    return {**COMMON_FIELDS, **own, **overrides}


def investor_draft(
    code: str,
    *,
    membership: Membership,
    person: Person | None = None,
    principal: Application | None = None,
    **overrides: Any,
) -> Application:
    """A draft of ``code`` filed by ``membership``'s user (consent recorded)."""
    family = principal is not None or (person is not None and person.principal_id is not None)
    return factories.file_draft(
        code,
        membership=membership,
        person=person,
        principal_application=principal,
        **fields_for(code, family=family, **overrides),
    )


def family_member_of(principal: Person, **kwargs: Any) -> Person:
    """The principal's spouse, on the same roster."""
    return factories.PersonFactory(
        organisation=principal.organisation,
        principal=principal,
        relationship=Relationship.SPOUSE,
        given_names="JANE",
        sex="F",
        position="",
        **kwargs,
    )


def give_visa(
    person: Person,
    category: str = "A5",
    *,
    valid_to: dt.date,
    valid_from: dt.date | None = None,
    host: Organisation | None = None,
    number: str = "",
) -> VisaRecord:
    """A visa on ``person``'s record (issued and confirmed), of the person's host party unless ``host`` is given;
    by default valid from 300 days before today (or before ``valid_to`` if that is earlier)."""
    return VisaRecord.objects.create(
        person=person,
        category=category,
        number=number or f"{category}{person.pk:07d}",
        valid_from=valid_from or min(valid_to, TODAY) - dt.timedelta(days=300),
        valid_to=valid_to,
        entries=Entries.MULTIPLE,
        host_party=host or person.organisation,
        source=RecordSource.ISSUED,
    )


def visa_scan(content: bytes = VISA_SCAN_BYTES) -> SimpleUploadedFile:
    """The scan of the migration service's visa (a fresh file object each call)."""
    return SimpleUploadedFile("visa.pdf", content, content_type="application/pdf")


def visa_fields(number: str = "123456789", *, valid_to: dt.date = dt.date(2028, 6, 30)) -> dict[str, Any]:
    """The visa's fields the officer enters at issue."""
    return {
        "visa_number": number,
        "visa_valid_from": dt.date(2026, 7, 1),
        "visa_valid_to": valid_to,
        "visa_entries": Entries.MULTIPLE,
    }


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
