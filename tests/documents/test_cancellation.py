"""A document whose visa was cancelled: ``document_mark_cancelled`` (once, idempotent) and ``/verify/`` saying
CANCELLED with the day, distinct from VALID and REVOKED, without the staff note (guide 2025, Visa cancellation)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from applications.services.outputs import document_revoke, output_generate
from qazeta.documents.models import IssuedDocument
from qazeta.documents.services import document_mark_cancelled
from tests.clock import FILING_DAY, astana

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]

NOTE = "C3 visa 0123456 cancelled by EC-2026-000042"


@pytest.fixture
def letter(issued_c3):
    return output_generate(application=issued_c3, kind="invitation_letter")


def test_a_fresh_document_is_valid_and_not_cancelled(letter):
    assert letter.status == "valid"
    assert letter.is_valid
    assert not letter.is_cancelled
    assert letter.cancelled_at is None


def test_mark_cancelled_keeps_the_moment_and_the_note(letter, time_machine):
    time_machine.move_to(astana(dt.date(2026, 3, 4), 11, 30))
    marked = document_mark_cancelled(letter, NOTE)
    assert marked is not None
    stored = IssuedDocument.objects.get(pk=letter.pk)
    assert stored.status == "cancelled"
    assert stored.is_cancelled
    assert not stored.is_valid
    assert stored.cancelled_at == astana(dt.date(2026, 3, 4), 11, 30)
    assert stored.cancellation_note == NOTE
    assert stored.revoked_at is None  # cancelled is not revoked


def test_mark_cancelled_is_idempotent_and_keeps_the_first_day(letter, time_machine):
    document_mark_cancelled(document=letter, note=NOTE)
    first = IssuedDocument.objects.get(pk=letter.pk).cancelled_at
    time_machine.move_to(astana(dt.date(2026, 3, 10)))
    assert document_mark_cancelled(document=letter, note="again") is None
    stored = IssuedDocument.objects.get(pk=letter.pk)
    assert stored.cancelled_at == first
    assert stored.cancellation_note == NOTE


def test_verify_page_says_cancelled_with_the_day_and_not_the_note(client, letter, time_machine):
    time_machine.move_to(astana(dt.date(2026, 3, 4)))
    document_mark_cancelled(letter, NOTE)
    response = client.get(reverse("verify", kwargs={"code": letter.verification_code}))
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    assert "<strong>CANCELLED</strong> — the visa this document was issued for was cancelled on 04.03.2026" in html
    assert "VALID</strong>" not in html
    assert "REVOKED" not in html
    assert "0123456" not in html
    assert "EC-2026-000042" not in html
    # The public facts are still shown.
    assert letter.verification_code in html
    assert letter.sha256 in html


def test_a_revoked_document_stays_revoked_when_its_visa_is_cancelled(client, letter, supervisor):
    document_revoke(user=supervisor, document=letter, reason="Issued on a forged contract")
    assert document_mark_cancelled(letter, NOTE) is not None
    stored = IssuedDocument.objects.get(pk=letter.pk)
    assert stored.status == "revoked"
    assert not stored.is_cancelled
    html = client.get(reverse("verify", kwargs={"code": letter.verification_code})).content.decode()
    assert "REVOKED" in html
    assert "CANCELLED" not in html


def test_the_api_output_of_a_cancelled_document_is_not_valid(letter, issued_c3, membership):
    from rest_framework.test import APIClient

    document_mark_cancelled(letter, NOTE)
    api = APIClient()
    api.force_authenticate(membership.user)
    outputs = api.get(f"/api/v1/applications/{issued_c3.pk}/").json()["outputs"]
    (output,) = [o for o in outputs if o["kind"] == "invitation_letter"]
    assert output["is_valid"] is False
    assert "CANCELLED" in api.get(output["verify_url"]).content.decode()
