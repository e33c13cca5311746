"""Issue 7: a declared visa is confirmed (or rejected, with a reason) by an officer at review, from the officer
application page; only Expat Centre staff can."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from applications.constants import State
from qazeta.accounts.models import PersonalDataAccess
from qazeta.records.models import RecordSource
from tests import factories
from tests.clock import astana

from .conftest import TODAY, visa

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(TODAY))]


@pytest.fixture
def submitted(host, officer):
    """An application in review whose person has a declared visa awaiting confirmation."""
    admin, _filer = host
    person = factories.PersonFactory(organisation=admin.organisation)
    application = factories.advance(
        factories.c3_draft(membership=admin, person=person), State.IN_REVIEW, filer=admin.user, officer=officer
    )
    record = visa(person, valid_to=TODAY + dt.timedelta(days=200), source=RecordSource.DECLARED, number="C3DECL001")
    return application, record


def test_the_officer_page_shows_the_declared_visa_with_confirm_and_reject(client, officer, submitted):
    application, record = submitted
    client.force_login(officer)
    html = client.get(reverse("officer-application", args=[application.pk])).content.decode()
    assert "Declared visas awaiting confirmation" in html
    assert "C3DECL001" in html
    assert reverse("visa-record-confirm", args=[record.pk]) in html
    assert reverse("visa-record-reject", args=[record.pk]) in html
    assert reverse("visa-record-scan", args=[record.pk]) in html
    # The htmx panel carries it too.
    panel = client.get(reverse("officer-panel", args=[application.pk])).content.decode()
    assert reverse("visa-record-confirm", args=[record.pk]) in panel


def test_the_officer_confirms_and_returns_to_the_page(client, officer, submitted):
    application, record = submitted
    client.force_login(officer)
    page = reverse("officer-application", args=[application.pk])
    response = client.post(reverse("visa-record-confirm", args=[record.pk]), {"next": page})
    assert response.status_code == 302
    assert response["Location"] == page
    record.refresh_from_db()
    assert record.confirmed_by == officer
    assert not record.is_pending_confirmation
    assert record.status_label == "valid"
    assert "Declared visas awaiting confirmation" not in client.get(page).content.decode()
    # Twice: told, nothing changes.
    again = client.post(reverse("visa-record-confirm", args=[record.pk]), {"next": page}, follow=True)
    assert "not awaiting confirmation" in again.content.decode()


def test_a_rejection_needs_a_reason_and_then_the_rules_stop_relying_on_the_visa(client, supervisor, submitted):
    _application, record = submitted
    client.force_login(supervisor)
    url = reverse("visa-record-reject", args=[record.pk])
    response = client.post(url, {"reason": "  "}, follow=True)
    assert "Say why the declared visa is rejected." in response.content.decode()
    record.refresh_from_db()
    assert record.rejected_at is None
    response = client.post(url, {"reason": "The scan shows another visa number."})
    assert response.status_code == 302
    assert response["Location"] == reverse("person-detail", args=[record.person_id]) + "#visas"
    record.refresh_from_db()
    assert record.rejected_at is not None
    assert not record.counts
    assert record.rejection_reason == "The scan shows another visa number."


def test_an_open_redirect_is_not_followed(client, officer, submitted):
    _application, record = submitted
    client.force_login(officer)
    response = client.post(reverse("visa-record-confirm", args=[record.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("person-detail", args=[record.person_id]) + "#visas"


def test_only_staff_confirm_or_reject(client, host, submitted):
    admin, filer = host
    _application, record = submitted
    for user in (admin.user, filer.user):
        client.force_login(user)
        assert client.post(reverse("visa-record-confirm", args=[record.pk])).status_code == 404
        assert client.post(reverse("visa-record-reject", args=[record.pk]), {"reason": "x"}).status_code == 404
    record.refresh_from_db()
    assert record.is_pending_confirmation


def test_staff_see_declared_visas_on_the_person_page_and_the_view_is_logged(client, officer, submitted):
    _application, record = submitted
    client.force_login(officer)
    html = client.get(reverse("person-detail", args=[record.person_id])).content.decode()
    assert reverse("visa-record-confirm", args=[record.pk]) in html
    client.get(reverse("visa-record-scan", args=[record.pk]))
    assert PersonalDataAccess.objects.filter(user=officer, what__startswith="visa scan").exists()
