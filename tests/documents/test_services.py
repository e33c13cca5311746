"""The output pipeline: document_issue through the engine (idempotent, one file, checksum, timeline, e-mail,
race) and document_revoke."""

from __future__ import annotations

import hashlib

import pytest
from django.core import mail

from applications.constants import Action
from applications.exceptions import ApplicationError, NotAllowed, WrongState
from applications.models import StatusChange
from applications.services.outputs import document_revoke, output_generate
from qazeta.documents import services
from qazeta.documents.models import IssuedDocument
from tests.clock import FILING_DAY, astana

INVITATION_LETTER = "invitation_letter"
INVITATION_LETTER_TITLE = "Invitation letter for a C3 work visa"

# Files and submits applications, and submission quotes the fee of the day: a day whose year has an MRP.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]


def _issue(application) -> IssuedDocument:
    return output_generate(application=application, kind=INVITATION_LETTER)


def test_document_issue_stores_pdf_checksum_initials_and_reference(issued_c3, issued_pdf_files):
    document = _issue(issued_c3)
    content = document.file.read()
    assert content.startswith(b"%PDF")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.holder_initials == issued_c3.person.initials
    assert document.reference == issued_c3.reference
    assert document.kind == INVITATION_LETTER
    assert document.is_valid
    assert len(issued_pdf_files()) == 1


def test_document_issue_twice_returns_the_same_row_and_one_file(issued_c3, issued_pdf_files):
    first = _issue(issued_c3)
    second = _issue(issued_c3)
    assert second.pk == first.pk
    assert second.verification_code == first.verification_code
    assert IssuedDocument.objects.filter(application=issued_c3).count() == 1
    assert len(issued_pdf_files()) == 1


def test_document_issue_records_timeline_row_and_queues_document_ready_email(
    issued_c3, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _issue(issued_c3)
    row = StatusChange.objects.filter(application=issued_c3, action=Action.DOCUMENT_ISSUED).get()
    assert row.actor is None
    assert row.from_state == row.to_state == "issued"
    assert row.reason == INVITATION_LETTER_TITLE
    assert len(mail.outbox) == 1
    assert "ready to download" in mail.outbox[0].subject


def test_concurrent_issue_returns_the_winners_row_and_deletes_its_own_file(issued_c3, issued_pdf_files, monkeypatch):
    # Another worker commits its letter after this one checked and before it saves: simulate by hiding the
    # winner from the first look-up only.
    winner = _issue(issued_c3)
    real_existing = services._existing
    calls = {"n": 0}

    def first_lookup_misses(application, kind):
        calls["n"] += 1
        return None if calls["n"] == 1 else real_existing(application, kind)

    monkeypatch.setattr(services, "_existing", first_lookup_misses)
    loser_result = _issue(issued_c3)
    assert loser_result.pk == winner.pk
    assert IssuedDocument.objects.filter(application=issued_c3).count() == 1
    assert [p.name for p in issued_pdf_files()] == [winner.file.name.rsplit("/", 1)[-1]]


def test_failed_render_leaves_no_row_and_no_file(issued_c3, issued_pdf_files, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("pango crashed")

    monkeypatch.setattr("qazeta.documents.pdf.render_pdf", broken)
    with pytest.raises(RuntimeError):
        _issue(issued_c3)
    assert not IssuedDocument.objects.exists()
    assert issued_pdf_files() == []


def test_supervisor_revokes_a_document_with_a_reason(issued_c3, supervisor):
    document = _issue(issued_c3)
    revoked = document_revoke(user=supervisor, document=document, reason="Issued on a forged contract")
    revoked.refresh_from_db()
    assert not revoked.is_valid
    assert revoked.revoked_by == supervisor
    assert revoked.revocation_reason == "Issued on a forged contract"


def test_officer_cannot_revoke(issued_c3, officer):
    document = _issue(issued_c3)
    with pytest.raises(NotAllowed):
        document_revoke(user=officer, document=document, reason="mistake")
    document.refresh_from_db()
    assert document.is_valid


def test_revoke_needs_a_reason_and_happens_once(issued_c3, supervisor):
    document = _issue(issued_c3)
    with pytest.raises(ApplicationError) as excinfo:
        document_revoke(user=supervisor, document=document, reason="   ")
    assert excinfo.value.code == "reason_required"
    document_revoke(user=supervisor, document=document, reason="Duplicate")
    with pytest.raises(WrongState):
        document_revoke(user=supervisor, document=document, reason="Again")
    document.refresh_from_db()
    assert document.revocation_reason == "Duplicate"
