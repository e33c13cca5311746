"""The output task on the invitation letter (idempotent, retries), queued on issue, the letter's content, and
the sweeper."""

from __future__ import annotations

import datetime as dt

import pytest
from celery.exceptions import Retry
from django.template.loader import render_to_string
from django.utils import timezone

from applications.constants import State
from applications.models import Application
from applications.tasks import render_output
from applications.tasks import requeue_pending_outputs as requeue_pending_documents
from qazeta.documents.models import IssuedDocument
from qazeta.documents.pdf import render_pdf as real_render_pdf
from tests import factories
from tests.clock import FILING_DAY, astana
from visas.documents import invitation_letter_context
from visas.models import C3InvitationApplication

INVITATION_LETTER = "invitation_letter"
INVITATION_LETTER_TEMPLATE = "visas/invitation_letter.html"


class _LetterTask:
    """The generic output task, bound to the C3 invitation letter (what these tests exercised before)."""

    def delay(self, application_id):
        return render_output.delay(application_id, INVITATION_LETTER)

    def apply(self, args, **kwargs):
        return render_output.apply(args=[*args, INVITATION_LETTER], **kwargs)


render_invitation_letter = _LetterTask()

# Files and submits applications, and submission quotes the fee of the day: a day whose year has an MRP.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]


def test_task_issues_one_invitation_letter_for_an_issued_application(issued_c3, issued_pdf_files):
    document_id = render_invitation_letter.delay(issued_c3.pk).get()
    document = IssuedDocument.objects.get(pk=document_id)
    assert document.application_id == issued_c3.pk
    assert document.kind == INVITATION_LETTER
    assert document.title == "Invitation letter for a C3 work visa"
    assert len(issued_pdf_files()) == 1


def test_task_run_again_returns_the_same_letter(issued_c3, issued_pdf_files):
    first = render_invitation_letter.delay(issued_c3.pk).get()
    second = render_invitation_letter.delay(issued_c3.pk).get()
    assert first == second
    assert IssuedDocument.objects.count() == 1
    assert len(issued_pdf_files()) == 1


def test_task_does_nothing_for_an_application_not_issued(membership, employee, officer, issued_pdf_files):
    draft = factories.c3_draft(membership=membership, person=employee)
    app = factories.advance(draft, State.WITH_AUTHORITY, filer=membership.user, officer=officer)
    assert render_invitation_letter.delay(app.pk).get() is None
    assert not IssuedDocument.objects.exists()
    assert issued_pdf_files() == []


def test_task_for_a_missing_application_returns_none_without_retrying(monkeypatch):
    def no_retry(*args, **kwargs):
        raise AssertionError("retried")

    monkeypatch.setattr(render_output, "retry", no_retry)
    assert render_invitation_letter.delay(987654).get() is None


def test_task_retried_after_a_failed_render_ends_with_exactly_one_letter(issued_c3, issued_pdf_files, monkeypatch):
    calls = {"n": 0}

    def fails_once(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("font cache locked")
        return real_render_pdf(*args, **kwargs)

    monkeypatch.setattr("qazeta.documents.pdf.render_pdf", fails_once)
    # Eager mode runs the retry at once; throw=False lets Celery's apply() catch the Retry and run it
    # (with eager propagation on, the Retry itself would be raised to the caller instead).
    result = render_invitation_letter.apply(args=[issued_c3.pk], throw=False)
    assert calls["n"] == 2
    assert IssuedDocument.objects.filter(application=issued_c3).count() == 1
    assert result.get() == IssuedDocument.objects.get(application=issued_c3).pk
    assert len(issued_pdf_files()) == 1


def test_task_failure_schedules_a_retry_30_seconds_later(issued_c3, monkeypatch):
    def always_fails(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("qazeta.documents.pdf.render_pdf", always_fails)
    with pytest.raises(Retry) as excinfo:
        render_invitation_letter.apply(args=[issued_c3.pk])
    assert excinfo.value.when == 30
    assert isinstance(excinfo.value.exc, OSError)
    assert not IssuedDocument.objects.exists()


def test_task_raises_the_error_after_the_fifth_retry(issued_c3, monkeypatch):
    def always_fails(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("qazeta.documents.pdf.render_pdf", always_fails)
    with pytest.raises(OSError, match="disk full"):
        render_invitation_letter.apply(args=[issued_c3.pk], retries=5)
    assert not IssuedDocument.objects.exists()


def test_issuing_the_application_produces_the_letter_through_the_hook(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    draft = factories.c3_draft(membership=membership, person=employee)
    with django_capture_on_commit_callbacks(execute=True):
        app = factories.advance(draft, State.ISSUED, filer=membership.user, officer=officer)
    document = IssuedDocument.objects.get(application=app)
    assert document.kind == INVITATION_LETTER
    assert document.reference == app.reference


def test_letter_names_host_party_invitee_visa_and_decision(issued_c3):
    context = invitation_letter_context(issued_c3)
    context["document"] = {"verification_code": "7K3M-Q9TX-2HBD-W4ZP", "issued_on": dt.date(2026, 3, 2)}
    html = render_to_string(INVITATION_LETTER_TEMPLATE, context)
    person, org = issued_c3.person, issued_c3.organisation
    for expected in (
        org.name,
        org.bin,
        org.aifc_registration_number,
        org.address,
        person.surname,
        person.given_names,
        person.get_sex_display(),
        person.date_of_birth.strftime("%d.%m.%Y"),
        person.nationality,
        person.passport_number,
        person.passport_expires_on.strftime("%d.%m.%Y"),
        "C3 — work visa",
        "2 years",
        issued_c3.visa_pickup_place,
        issued_c3.position,
        issued_c3.reference,
        "WV-2026-0001",
        "02.03.2026",
    ):
        assert expected in html, expected
    assert "family member" not in html


def test_family_members_letter_names_the_principal_and_no_position(membership, employee, officer):
    principal = factories.c3_draft(membership=membership, person=employee)
    spouse = factories.PersonFactory(
        organisation=membership.organisation, principal=employee, relationship="spouse", given_names="JANE"
    )
    draft = factories.c3_draft(membership=membership, person=spouse, principal=principal, position="")
    app = C3InvitationApplication.objects.get(pk=draft.pk)
    context = invitation_letter_context(app)
    assert context["visa_category"] == f"C3 — work visa (family member of {employee.full_name})"
    assert context["position"] == ""
    assert context["host_party"] == membership.organisation


def test_sweeper_requeues_an_issued_application_whose_letter_was_lost(issued_c3):
    # The issue hook never ran (the broker was down); make the decision older than the grace period.
    Application.objects.filter(pk=issued_c3.pk).update(decided_at=timezone.now() - dt.timedelta(minutes=10))
    assert requeue_pending_documents() == 1
    assert IssuedDocument.objects.filter(application=issued_c3, kind=INVITATION_LETTER).count() == 1
    assert requeue_pending_documents() == 0


def test_sweeper_leaves_a_just_issued_application_to_its_own_task(issued_c3):
    assert issued_c3.decided_at > timezone.now() - dt.timedelta(minutes=1)
    assert requeue_pending_documents() == 0
    assert not IssuedDocument.objects.exists()


def test_sweeper_ignores_applications_not_issued(membership, employee, officer):
    draft = factories.c3_draft(membership=membership, person=employee)
    factories.advance(draft, State.WITH_AUTHORITY, filer=membership.user, officer=officer)
    Application.objects.update(decided_at=timezone.now() - dt.timedelta(hours=1))
    assert requeue_pending_documents() == 0
    assert not IssuedDocument.objects.exists()
