"""Payments (issue 9, item 4): statuses and transitions, who may do what, the invoice, the booking gate, the
statement, the API, the e-mails."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from applications import services as engine
from applications.constants import State
from applications.exceptions import NotAllowed, UploadRejected, WrongState
from payments import services
from payments.constants import PaymentStatus
from payments.models import Payment
from tests import factories
from tests.clock import FILING_DAY, astana
from tests.documents.pdftext import pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]

GATE = override_settings(APPOINTMENT_BOOKING_GATES=["payments.gates.booking_gate"])


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    membership, person = factories.employer_with_staff()
    officer = factories.UserFactory(officer=True)
    with django_capture_on_commit_callbacks(execute=True):
        app = factories.advance(
            factories.c3_draft(membership=membership, person=person),
            State.DOCUMENTS_APPROVED,
            filer=membership.user,
            officer=officer,
        )
    return {
        "app": app,
        "filer": membership.user,
        "organisation": membership.organisation,
        "officer": officer,
        "other_officer": factories.UserFactory(officer=True),
        "supervisor": factories.UserFactory(supervisor=True),
        "stranger": factories.MembershipFactory().user,
    }


def _status(app) -> str:
    return Payment.objects.get(application=app).status


def test_approval_issues_the_invoice_with_the_frozen_fee(world):
    app = world["app"]
    payment = Payment.objects.get(application=app)
    assert payment.status == PaymentStatus.UNPAID
    assert payment.total == app.fee_total > 0
    assert payment.service_fee == app.fee_service
    assert payment.state_duty == app.fee_state_duty
    assert payment.service_fee + payment.state_duty == payment.total
    assert payment.organisation == world["organisation"]
    assert payment.payer_name == world["organisation"].name
    assert [e.kind for e in payment.events.all()] == ["invoice_issued"]


def test_no_invoice_before_approval():
    membership, person = factories.employer_with_staff()
    officer = factories.UserFactory(officer=True)
    app = factories.advance(
        factories.c3_draft(membership=membership, person=person),
        State.IN_REVIEW,
        filer=membership.user,
        officer=officer,
    )
    assert not Payment.objects.filter(application=app).exists()
    with pytest.raises(WrongState):
        services.receipt_upload(user=membership.user, application=app, file=factories.pdf_file("r.pdf"))


def test_a_zero_fee_is_waived(world):
    app = world["app"]
    Payment.objects.filter(application=app).delete()
    type(app).objects.filter(pk=app.pk).update(fee_total=Decimal("0.00"), fee_service=0, fee_state_duty=0)
    app.refresh_from_db()
    payment = services.invoice_issue(app)
    assert payment.status == PaymentStatus.WAIVED
    assert [e.kind for e in payment.events.all()] == ["waived"]


def test_upload_confirm_refund_walk(world, django_capture_on_commit_callbacks):
    app = world["app"]
    with django_capture_on_commit_callbacks(execute=True):
        services.receipt_upload(user=world["filer"], application=app, file=factories.pdf_file("receipt.pdf"))
    assert _status(app) == PaymentStatus.RECEIPT_UPLOADED
    with django_capture_on_commit_callbacks(execute=True):
        services.payment_confirm(user=world["officer"], application=app)
    payment = Payment.objects.get(application=app)
    assert payment.status == PaymentStatus.CONFIRMED
    assert payment.confirmed_by == world["officer"]
    with django_capture_on_commit_callbacks(execute=True):
        services.payment_refund(user=world["supervisor"], application=app, reason="Application withdrawn")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert payment.refund_reason == "Application withdrawn"
    assert [(e.kind, e.from_status, e.to_status) for e in payment.events.all()] == [
        ("invoice_issued", "", "unpaid"),
        ("receipt_uploaded", "unpaid", "receipt_uploaded"),
        ("confirmed", "receipt_uploaded", "confirmed"),
        ("refunded", "confirmed", "refunded"),
    ]
    subjects = [m.subject for m in mail.outbox if "payment" in m.subject.lower() or "invoice" in m.subject.lower()]
    ref = app.reference
    assert subjects == [
        f"Application {ref}: your invoice is ready — pay, then upload the receipt",
        f"Application {ref}: payment receipt received",
        f"Application {ref}: payment confirmed",
        f"Application {ref}: payment refunded",
    ]
    assert all(world["filer"].email in m.to for m in mail.outbox if ref in m.subject)
    assert payment.events.filter(emailed_at__isnull=True).count() == 0


def test_reject_returns_to_unpaid_with_the_reason(world, django_capture_on_commit_callbacks):
    app = world["app"]
    services.receipt_upload(user=world["filer"], application=app, file=factories.pdf_file("receipt.pdf"))
    with pytest.raises(Exception, match="Say why"):
        services.payment_reject(user=world["officer"], application=app, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.payment_reject(user=world["officer"], application=app, reason="The amount is short by 500 KZT")
    payment = Payment.objects.get(application=app)
    assert payment.status == PaymentStatus.UNPAID
    assert payment.rejection_reason == "The amount is short by 500 KZT"
    assert "The amount is short by 500 KZT" in mail.outbox[-1].body
    # The filer may upload again.
    services.receipt_upload(user=world["filer"], application=app, file=factories.pdf_file("receipt2.pdf"))
    assert _status(app) == PaymentStatus.RECEIPT_UPLOADED


@pytest.mark.parametrize(
    ("step", "who"),
    [
        ("upload", "officer"),
        ("upload", "stranger"),
        ("upload", "supervisor"),
        ("confirm", "filer"),
        ("confirm", "other_officer"),
        ("refund", "officer"),
        ("refund", "filer"),
    ],
)
def test_who_may_do_what(world, step, who):
    app = world["app"]
    if step != "upload":
        services.receipt_upload(user=world["filer"], application=app, file=factories.pdf_file("receipt.pdf"))
    if step == "refund":
        services.payment_confirm(user=world["officer"], application=app)
    before = _status(app)
    with pytest.raises(NotAllowed):
        {
            "upload": lambda u: services.receipt_upload(user=u, application=app, file=factories.pdf_file("x.pdf")),
            "confirm": lambda u: services.payment_confirm(user=u, application=app),
            "refund": lambda u: services.payment_refund(user=u, application=app, reason="r"),
        }[step](world[who])
    assert _status(app) == before


def test_a_supervisor_may_confirm_and_wrong_states_are_refused(world):
    app = world["app"]
    with pytest.raises(WrongState):
        services.payment_confirm(user=world["supervisor"], application=app)
    with pytest.raises(WrongState):
        services.payment_refund(user=world["supervisor"], application=app, reason="r")
    services.receipt_upload(user=world["filer"], application=app, file=factories.pdf_file("receipt.pdf"))
    services.payment_confirm(user=world["supervisor"], application=app)
    with pytest.raises(WrongState):
        services.receipt_upload(user=world["filer"], application=app, file=factories.pdf_file("again.pdf"))


def test_no_receipt_after_a_withdrawal(world):
    app = world["app"]
    engine.application_withdraw(user=world["filer"], application=app, reason="Plans changed")
    app.refresh_from_db()
    with pytest.raises(WrongState):
        services.receipt_upload(user=world["filer"], application=app, file=factories.pdf_file("receipt.pdf"))
    assert _status(app) == PaymentStatus.UNPAID


def test_upload_checks_refuse_a_bad_file(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    app = world["app"]
    bad = SimpleUploadedFile("receipt.pdf", b"<html><script>x</script></html>", content_type="application/pdf")
    with pytest.raises(UploadRejected):
        services.receipt_upload(user=world["filer"], application=app, file=bad)
    assert _status(app) == PaymentStatus.UNPAID


def test_invoice_text(world, client):
    app = world["app"]
    client.force_login(world["filer"])
    response = client.get(reverse("payment-invoice", args=[app.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    payment = Payment.objects.get(application=app)
    for expected in (
        f"Invoice for application {app.reference}",
        world["organisation"].name,
        app.person.full_name,
        "Service fee",
        "State duty",
        "[TO BE FILLED: KBK]",
        "[TO BE FILLED BY THE EXPAT CENTRE: beneficiary]",
        f"Quote the reference {app.reference}",
    ):
        assert expected in text, expected
    assert f"{payment.total:,.2f}" in text
    assert f"{payment.state_duty:,.2f}" in text


@GATE
def test_booking_waits_for_the_receipt(world):
    app = world["app"]
    with pytest.raises(WrongState) as caught:
        engine.appointment_book(user=world["filer"], application=app, starts_at=factories.next_office_slot())
    assert caught.value.code == "booking_waits"
    services.receipt_upload(user=world["filer"], application=app, file=factories.pdf_file("receipt.pdf"))
    engine.appointment_book(user=world["filer"], application=app, starts_at=factories.next_office_slot())
    app.refresh_from_db()
    assert app.state == State.APPOINTMENT_BOOKED


@GATE
def test_booking_page_says_pay_first(world, client):
    client.force_login(world["filer"])
    page = client.get(reverse("application-detail", args=[world["app"].pk])).content.decode()
    assert "Pay the fee using the invoice below" in page
    assert reverse("appointment-book", args=[world["app"].pk]) not in page
    assert 'data-payment-status="unpaid"' in page


def test_api_shows_the_status(world, client):
    app = world["app"]
    client.force_login(world["filer"])
    data = client.get(reverse("api-payment", args=[app.pk])).json()
    assert data["status"] == "unpaid"
    assert data["total"] == f"{app.fee_total:.2f}"
    assert data["invoice_url"].endswith(reverse("payment-invoice", args=[app.pk]))
    services.receipt_upload(user=world["filer"], application=app, file=factories.pdf_file("receipt.pdf"))
    data = client.get(reverse("api-payment", args=[app.pk])).json()
    assert data["status"] == "receipt_uploaded"
    assert [e["kind"] for e in data["events"]] == ["invoice_issued", "receipt_uploaded"]
    client.force_login(world["stranger"])
    assert client.get(reverse("api-payment", args=[app.pk])).status_code == 404


def test_html_forms_upload_confirm_and_refund(world, client):
    app = world["app"]
    client.force_login(world["filer"])
    response = client.post(
        reverse("payment-receipt-upload", args=[app.pk]), {"receipt": factories.pdf_file("receipt.pdf")}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("application-detail", args=[app.pk]) + "#payment")
    assert _status(app) == PaymentStatus.RECEIPT_UPLOADED
    assert client.get(reverse("payment-receipt", args=[app.pk])).status_code == 200
    client.force_login(world["officer"])
    page = client.get(reverse("officer-application", args=[app.pk])).content.decode()
    assert "Confirm the payment" in page
    assert client.post(reverse("payment-confirm", args=[app.pk])).status_code == 302
    assert _status(app) == PaymentStatus.CONFIRMED
    assert client.post(reverse("payment-refund", args=[app.pk]), {"reason": "x"}).status_code == 403
    client.force_login(world["supervisor"])
    client.post(reverse("payment-refund", args=[app.pk]), {"reason": "Paid twice"})
    assert _status(app) == PaymentStatus.REFUNDED


def _paid(membership, officer, day, *, refund_on=None):
    with time_machine.travel(astana(day)):
        app = factories.advance(
            factories.c3_draft(membership=membership), State.DOCUMENTS_APPROVED, filer=membership.user, officer=officer
        )
        services.receipt_upload(user=membership.user, application=app, file=factories.pdf_file("r.pdf"))
        services.payment_confirm(user=officer, application=app)
    if refund_on:
        with time_machine.travel(astana(refund_on)):
            services.payment_refund(user=factories.UserFactory(supervisor=True), application=app, reason="r")
    return Payment.objects.get(application=app)


def test_statement_csv_sums(client):
    import datetime as dt

    membership = factories.MembershipFactory()
    officer = factories.UserFactory(officer=True)
    year, month = FILING_DAY.year, FILING_DAY.month
    first = dt.date(year, month, 1)
    a = _paid(membership, officer, FILING_DAY)
    b = _paid(membership, officer, FILING_DAY)
    c = _paid(membership, officer, first - dt.timedelta(days=20), refund_on=FILING_DAY)  # paid before, refunded now
    _paid(factories.MembershipFactory(), officer, FILING_DAY)  # another host party's
    client.force_login(membership.user)
    response = client.get(
        reverse("payment-statement", args=[membership.organisation.pk]),
        {"month": f"{year}-{month:02d}", "format": "csv"},
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    body, total = rows[1:-1], rows[-1]
    assert sorted((r[1], r[4]) for r in body) == sorted(
        [(a.application.reference, "Paid"), (b.application.reference, "Paid"), (c.application.reference, "Refunded")]
    )
    expected = a.total + b.total - c.total
    assert Decimal(total[7]) == expected
    assert sum(Decimal(r[7]) for r in body) == expected
    assert Decimal(total[5]) + Decimal(total[6]) == expected
    pdf = client.get(reverse("payment-statement", args=[membership.organisation.pk]), {"month": f"{year}-{month:02d}"})
    assert pdf["Content-Type"] == "application/pdf"
    assert f"{expected:,.2f}" in pdf_text(pdf.content)


def test_statement_is_for_members_only(client):
    membership = factories.MembershipFactory()
    url = reverse("payment-statement", args=[membership.organisation.pk])
    for user in (factories.MembershipFactory().user, factories.UserFactory(officer=True)):
        client.force_login(user)
        assert client.get(url).status_code in (403, 404)
    client.force_login(membership.user)
    page = client.get(reverse("organisation-detail", args=[membership.organisation.pk])).content.decode()
    assert "Download the statement" in page
    assert client.get(url, {"month": "2026-13"}).status_code == 302


def test_the_panel_agrees_with_the_status_when_no_invoice_was_issued(world, client):
    """An application approved before invoices existed has no payment row: the panel shows "unpaid" with the fee
    due (never "no fee to pay"); one with a fee of 0 KZT shows "no fee to pay"."""
    app = world["app"]
    Payment.objects.filter(application=app).delete()
    client.force_login(world["filer"])
    page = client.get(reverse("application-detail", args=[app.pk])).content.decode()
    assert 'data-payment-status="unpaid"' in page
    assert "There is no fee to pay." not in page
    assert f"Pay it quoting the reference {app.reference}" in page
    type(app).objects.filter(pk=app.pk).update(fee_total=Decimal("0.00"), fee_service=0, fee_state_duty=0)
    page = client.get(reverse("application-detail", args=[app.pk])).content.decode()
    assert 'data-payment-status="waived"' in page
    assert "There is no fee to pay." in page


def test_payment_emails_are_written_in_the_language_each_recipient_reads(world, django_capture_on_commit_callbacks):
    """The filer chose Kazakh: the receipt e-mail's subject and body are Kazakh and the amount is written as Kazakh
    writes money (``360 000,00 ₸``), not "KZT"."""
    filer = world["filer"]
    filer.language = "kk"
    filer.save(update_fields=["language"])
    app = world["app"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.receipt_upload(user=filer, application=app, file=factories.pdf_file("receipt.pdf"))
    with django_capture_on_commit_callbacks(execute=True):
        services.payment_confirm(user=world["officer"], application=app)
    to_filer = [m for m in mail.outbox if filer.email in m.to]
    assert len(to_filer) == 2
    for message in to_filer:
        assert "payment" not in message.subject.lower(), message.subject
        assert app.reference in message.subject
    confirmed = to_filer[-1]
    assert "KZT" not in confirmed.body
    assert "₸" in confirmed.body
