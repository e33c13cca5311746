"""Issue 9, item 7: the filer's home lists what needs them — information requested, payments due (unpaid or
receipt rejected), visits to book (or why booking waits) and visits booked ahead with their confirmation, documents
ready to download (issued in the last 30 days), the visas entering their extension window; and, when nothing
waits, what will appear there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils import timezone

from applications import services as engine
from applications.constants import State
from applications.models import Application, Appointment
from payments import services as payments
from payments.constants import PaymentStatus
from payments.models import Payment
from tests import factories
from tests.clock import FILING_DAY, astana

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]


@pytest.fixture
def walk(membership, officer, django_capture_on_commit_callbacks):
    def make(state: str):
        draft = factories.c3_draft(membership=membership)
        # The issued letter renders in an on-commit task (the outbox).
        with django_capture_on_commit_callbacks(execute=True):
            return factories.advance(draft, state, filer=membership.user, officer=officer)

    return make


def section(body: str, marker: str) -> str:
    """The card of the home page with id ``marker`` (up to the next card), or ""."""
    start = body.find(f'id="{marker}"')
    if start < 0:
        return ""
    end = body.find('class="next-step card"', start)
    return body[start : end if end > 0 else None]


def test_information_requested_and_visit_to_book(filer_client, walk, membership):
    asked = walk(State.INFORMATION_REQUESTED)
    approved = walk(State.DOCUMENTS_APPROVED)
    payments.receipt_upload(user=membership.user, application=approved, file=factories.pdf_file("r.pdf"))
    body = filer_client.get(reverse("home")).content.decode()
    assert asked.reference in body
    assert f"{reverse('application-detail', args=[approved.pk])}#appointment" in body
    assert "Documents approved: book an appointment" in body


def test_a_booked_visit_shows_its_time_until_it_has_passed(filer_client, walk, time_machine):
    booked = walk(State.APPOINTMENT_BOOKED)
    starts_at = booked.appointment.slot.starts_at
    card = section(filer_client.get(reverse("home")).content.decode(), "home-visits")
    assert booked.reference in card
    local = timezone.localtime(starts_at)
    assert f'datetime="{local.isoformat()}"' in card
    time_machine.move_to(starts_at + dt.timedelta(hours=1))
    assert booked.reference not in section(filer_client.get(reverse("home")).content.decode(), "home-visits")


def test_issued_documents_are_ready_to_download_for_30_days(filer_client, walk, time_machine):
    issued = walk(State.ISSUED)
    documents = list(issued.issued_documents.all())
    assert documents
    card = section(filer_client.get(reverse("home")).content.decode(), "home-documents-ready")
    for doc in documents:
        assert reverse("issued-download", args=[issued.pk, doc.pk]) in card
    time_machine.move_to(astana(FILING_DAY + dt.timedelta(days=60)))
    assert 'id="home-documents-ready"' not in filer_client.get(reverse("home")).content.decode()


def test_a_revoked_document_is_not_offered(filer_client, walk, supervisor):
    issued = walk(State.ISSUED)
    issued.issued_documents.update(revoked_at=timezone.now())
    assert 'id="home-documents-ready"' not in filer_client.get(reverse("home")).content.decode()


def test_another_host_partys_documents_are_not_listed(client, walk):
    issued = walk(State.ISSUED)
    stranger = factories.MembershipFactory()
    client.force_login(stranger.user)
    body = client.get(reverse("home")).content.decode()
    assert issued.reference not in body
    assert 'id="home-documents-ready"' not in body


# ------------------------------------------------------------------------------------------------ payments due


def test_an_unpaid_invoice_is_a_payment_due_with_amount_reference_and_links(filer_client, walk):
    approved = walk(State.DOCUMENTS_APPROVED)
    card = section(filer_client.get(reverse("home")).content.decode(), "home-payments-due")
    assert approved.reference in card
    assert f"{reverse('application-detail', args=[approved.pk])}#payment" in card
    assert reverse("payment-invoice", args=[approved.pk]) in card
    assert f"{intcomma(approved.fee_total)} KZT" in card
    assert 'class="stack"' in card
    assert 'data-label="Amount"' in card
    assert "Unpaid" in card


def test_a_rejected_receipt_is_due_again_with_the_reason(filer_client, walk, membership, officer):
    approved = walk(State.DOCUMENTS_APPROVED)
    payments.receipt_upload(user=membership.user, application=approved, file=factories.pdf_file("r.pdf"))
    assert 'id="home-payments-due"' not in filer_client.get(reverse("home")).content.decode()
    payments.payment_reject(user=officer, application=approved, reason="The amount is short by 500 KZT")
    card = section(filer_client.get(reverse("home")).content.decode(), "home-payments-due")
    assert approved.reference in card
    assert "Receipt not accepted" in card
    assert "The amount is short by 500 KZT" in card
    assert "Upload a new receipt" in card


def test_confirmed_and_waived_payments_are_not_due(filer_client, walk, membership, officer):
    paid = walk(State.DOCUMENTS_APPROVED)
    payments.receipt_upload(user=membership.user, application=paid, file=factories.pdf_file("r.pdf"))
    payments.payment_confirm(user=officer, application=paid)
    free = walk(State.DOCUMENTS_APPROVED)
    Payment.objects.filter(application=free).update(status=PaymentStatus.WAIVED, total=0)
    Application.objects.filter(pk=free.pk).update(fee_total=0)
    assert 'id="home-payments-due"' not in filer_client.get(reverse("home")).content.decode()


def test_payments_due_only_for_the_filing_side(client, walk, membership):
    approved = walk(State.DOCUMENTS_APPROVED)
    # The employee's own login reads the application but does not pay for it.
    person = approved.person
    person.account = factories.UserFactory()
    person.save()
    for user in (person.account, factories.MembershipFactory().user):
        client.force_login(user)
        assert 'id="home-payments-due"' not in client.get(reverse("home")).content.decode()


def test_a_visit_waiting_for_the_payment_says_so_instead_of_offering_the_booking(filer_client, walk, membership):
    approved = walk(State.DOCUMENTS_APPROVED)
    card = section(filer_client.get(reverse("home")).content.decode(), "home-to-book")
    assert "Booking opens once the payment receipt is uploaded" in card
    assert f"{reverse('application-detail', args=[approved.pk])}#payment" in card
    payments.receipt_upload(user=membership.user, application=approved, file=factories.pdf_file("r.pdf"))
    card = section(filer_client.get(reverse("home")).content.decode(), "home-to-book")
    assert f"{reverse('application-detail', args=[approved.pk])}#appointment" in card
    assert "Booking opens once" not in card


# ------------------------------------------------------------------------------------------------ visits to confirm
def test_an_unconfirmed_visit_offers_the_confirmation_until_its_deadline(filer_client, walk, membership, time_machine):
    booked = walk(State.DOCUMENTS_APPROVED)
    factories.settle_booking_gates(booked, membership.user)
    starts_at = factories.next_office_slot(after=timezone.localdate() + dt.timedelta(days=3))
    engine.appointment_book(user=membership.user, application=booked, starts_at=starts_at)
    assert Appointment.objects.get(application=booked).confirmed_at is None
    card = section(filer_client.get(reverse("home")).content.decode(), "home-visits")
    assert reverse("appointment-confirm", args=[booked.pk]) in card
    assert "Confirm the visit by" in card
    # Past the deadline (24 hours before) the link is gone: the sweep cancels the visit.
    # (The session of the clock's first day has expired by then: sign in again.)
    time_machine.move_to(starts_at - dt.timedelta(hours=23))
    filer_client.force_login(membership.user)
    card = section(filer_client.get(reverse("home")).content.decode(), "home-visits")
    assert booked.reference in card
    assert reverse("appointment-confirm", args=[booked.pk]) not in card
    time_machine.move_to(starts_at - dt.timedelta(days=2))
    filer_client.force_login(membership.user)
    engine.appointment_confirm(user=membership.user, application=booked)
    card = section(filer_client.get(reverse("home")).content.decode(), "home-visits")
    assert booked.reference in card
    assert reverse("appointment-confirm", args=[booked.pk]) not in card
    assert '<span class="badge ok">confirmed</span>' in card


def test_nothing_waiting_explains_what_will_appear(client):
    client.force_login(factories.MembershipFactory().user)
    body = client.get(reverse("home")).content.decode()
    assert 'id="home-nothing-waiting"' in body
    assert "an invoice is due" in body
    assert reverse("service-list") in body


# ------------------------------------------------------------------------------------------------ visa windows
def test_a_self_applicants_own_visa_window_is_shown(client):
    person = factories.PersonFactory(organisation=None, account=factories.UserFactory())
    today = timezone.localdate()
    record = factories.VisaRecordFactory(
        person=person,
        host_party=None,
        valid_from=today - dt.timedelta(days=300),
        valid_to=today + dt.timedelta(days=20),
    )
    client.force_login(person.account)
    body = client.get(reverse("home")).content.decode()
    assert 'id="windows-ahead"' in body
    assert record.number in body
