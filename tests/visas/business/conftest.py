"""Fixtures of the business visa tests: a fixed Astana clock, drafts of each service, visa records, clients."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from rest_framework.test import APIClient

from applications.models import Application
from qazeta.records.models import RecordSource, VisaRecord
from tests import factories

ASTANA = ZoneInfo("Asia/Almaty")
#: Tuesday 16 June 2026, 10:00 in Astana: a working day inside office hours, in a year with an MRP on record.
TUESDAY_10 = dt.datetime(2026, 6, 16, 10, 0, tzinfo=ASTANA)
TODAY = TUESDAY_10.date()

SINGLE_INVITATION = "business-single-invitation"
SINGLE_EXTENSION = "business-single-extension"
MULTI_INVITATION = "business-multi-invitation"
MULTI_VISA = "business-multi-visa"
MULTI_EXTENSION = "business-multi-extension"

#: The state body's visa as scanned by the officer.
VISA_SCAN = factories.PDF_BYTES + b"% Multiple-entry business visa No 123456789, Migration Service\n"
#: Expiry of a visa whose extension window is open on TODAY (opens ~30, closes ~5 working days before it).
IN_WINDOW_EXPIRY = dt.date(2026, 7, 15)


@pytest.fixture(autouse=True)
def clock(time_machine):
    """Every test starts at :data:`TUESDAY_10` with the clock standing still."""
    time_machine.move_to(TUESDAY_10, tick=False)
    return time_machine


def fields_for(service: str, **overrides: Any) -> dict[str, Any]:
    """The filer's fields of ``service`` (common and own), overridable."""
    common: dict[str, Any] = {"channel": "standard", "passport_blank_pages": 4}
    own: dict[str, Any] = {
        SINGLE_INVITATION: {
            "visa_category": "B1",
            "visit_purpose": "Negotiations on the supply contract",
            "visa_pickup_place": "Embassy of Kazakhstan, Berlin",
        },
        MULTI_INVITATION: {
            "visa_category": "B2",
            "visit_purpose": "Installation of equipment under contract No 17",
            "visa_pickup_place": "Astana International Airport",
        },
        MULTI_VISA: {"visa_category": "B2"},
    }.get(service, {})
    return {**common, **own, **overrides}


def draft_of(service: str, membership, person=None, **overrides: Any) -> Application:
    """A draft of ``service`` filed by ``membership``'s admin (through ``application_create``), consent recorded."""
    return factories.file_draft(service, membership=membership, person=person, **fields_for(service, **overrides))


def visa_record(person, *, category: str = "B2", valid_to: dt.date = IN_WINDOW_EXPIRY, host=None, **kw) -> VisaRecord:
    """A confirmed visa record of ``person`` (declared earlier and confirmed), hosted by ``host``."""
    return VisaRecord.objects.create(
        person=person,
        category=category,
        number=kw.pop("number", f"{category}0000111"),
        valid_from=kw.pop("valid_from", dt.date(2025, 7, 16)),
        valid_to=valid_to,
        entries=kw.pop("entries", "multiple" if category in ("B2", "B3") else "single"),
        host_party=host,
        source=RecordSource.DECLARED,
        confirmed_at=TUESDAY_10,
        **kw,
    )


def scan(content: bytes = VISA_SCAN, name: str = "visa.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def visa_fields(number: str = "123456789", valid_to: str = "2027-06-15", entries: str = "multiple") -> dict:
    """The visa record's fields the officer enters at issue."""
    return {"visa_number": number, "visa_valid_from": "2026-06-25", "visa_valid_to": valid_to, "visa_entries": entries}


def api_client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def html_text(page: str) -> str:
    """Rendered HTML as plain text (tags dropped, entities decoded, spaces collapsed)."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


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
