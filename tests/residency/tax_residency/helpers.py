"""Shared steps of the tax residency certificate tests (drafts, a scan of the tax authority's certificate)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import Application
from tests import factories

#: Tuesday 16 June 2026, 10:00 Astana time: every test's "now".
NOW = dt.datetime(2026, 6, 16, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))
STANDARD = "tax-residency-certificate"
AIFC = "tax-residency-certificate-aifc"
CERTIFICATE = "tax_residency_certificate"
#: The scan the officer attaches: a small PDF whose bytes say which certificate it is.
SCAN_BYTES = factories.PDF_BYTES + b"% Certificate of residency No 620300-2026-000123, State Revenue Department\n"


def scan(content: bytes = SCAN_BYTES, name: str = "certificate.pdf") -> SimpleUploadedFile:
    """The scan of the certificate the tax authority issued (a fresh file object each call)."""
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def standard_draft(*, applicant_kind: str = "individual", **kwargs) -> Application:
    """A draft of the standard certificate (``file_draft`` keyword arguments: membership, or user and person)."""
    fields = {"channel": "standard", "tax_period_year": 2025, "treaty_state": "DEU", **kwargs}
    return factories.file_draft(STANDARD, applicant_kind=applicant_kind, **fields)


def aifc_draft(**kwargs) -> Application:
    """A draft of the AIFC investment residents' certificate."""
    fields = {"channel": "standard", "tax_period_year": 2025, "treaty_state": "GBR", **kwargs}
    return factories.file_draft(AIFC, **fields)


def issue_kwargs(number: str = "620300-2026-000123", content: bytes = SCAN_BYTES) -> dict:
    """``application_issue`` keyword arguments: the certificate's number and its scan."""
    return {"decision_number": number, "attachments": {CERTIFICATE: scan(content)}}


def checklist_codes(application: Application) -> set[str]:
    application = Application.objects.get(pk=application.pk)
    return {r.code for r in application.service.checklist(application.checklist_facts())}
