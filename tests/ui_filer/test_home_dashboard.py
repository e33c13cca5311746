"""Issue 9, item 7: the filer's home lists what needs them — information requested, visits to book and visits
booked ahead, documents ready to download (issued in the last 30 days)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.constants import State
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


def test_information_requested_and_visit_to_book(filer_client, walk):
    asked = walk(State.INFORMATION_REQUESTED)
    approved = walk(State.DOCUMENTS_APPROVED)
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
