"""Paying in a real browser (issue 9, item 4): after approval the filer downloads the invoice, uploads the
payment receipt, and can then book the visit; the officer confirms the payment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import override_settings

from applications.constants import State
from payments.models import Payment
from tests import factories
from tests.browser.actions import click_and_wait
from tests.clock import astana
from tests.documents.pdftext import pdf_text

pytestmark = [pytest.mark.django_db(transaction=True)]

#: A working Tuesday whose year has an MRP on record.
DAY = dt.date(2026, 6, 16)


@pytest.fixture
def receipt(tmp_path):
    path = tmp_path / "receipt.pdf"
    path.write_bytes(factories.PDF_BYTES)
    return str(path)


@override_settings(APPOINTMENT_BOOKING_GATES=["payments.gates.booking_gate"])
def test_filer_downloads_the_invoice_and_uploads_the_receipt(signed_in, receipt, time_machine):
    time_machine.move_to(astana(DAY, 10), tick=True)
    membership, person = factories.employer_with_staff()
    officer = factories.UserFactory(officer=True)
    application = factories.advance(
        factories.c3_draft(membership=membership, person=person),
        State.DOCUMENTS_APPROVED,
        filer=membership.user,
        officer=officer,
    )
    page = signed_in(membership.user, width=390)
    page.goto(f"/applications/{application.pk}/")
    panel = page.locator("#payment")
    assert panel.locator("[data-payment-status]").inner_text() == "Unpaid"
    assert "Pay the fee using the invoice below" in page.content()
    assert page.get_by_role("button", name="Show free times").count() == 0

    with page.expect_download() as download_info:
        panel.get_by_role("link", name="Download the invoice (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"invoice-{application.reference}.pdf"
    text = pdf_text(Path(download.path()).read_bytes())
    assert f"Quote the reference {application.reference}" in text

    panel.get_by_label("Payment receipt").set_input_files(receipt)
    click_and_wait(page, panel.get_by_role("button", name="Upload the receipt"))
    assert "Receipt uploaded. You can book the visit now." in page.content()
    assert page.locator("#payment [data-payment-status]").inner_text() == "Receipt uploaded"
    assert page.get_by_role("button", name="Show free times").count() == 1
    assert Payment.objects.get(application=application).status == "receipt_uploaded"

    officer_page = signed_in(officer)
    officer_page.goto(f"/officer/applications/{application.pk}/")
    click_and_wait(officer_page, officer_page.locator("#payment").get_by_role("button", name="Confirm the payment"))
    assert officer_page.locator("#payment [data-payment-status]").inner_text() == "Payment confirmed"
