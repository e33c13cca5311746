"""Bad input gets a clear error and loses nothing (issue §5)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from applications import services
from applications.constants import Action, State
from applications.exceptions import (
    ApplicationError,
    Conflict,
    NotAllowed,
    SubmissionRefused,
    UploadRejected,
    WrongState,
)
from applications.models import Application, StatusChange
from tests import factories
from tests.clock import FILING_DAY, astana

# Files and submits applications, and submission quotes the fee of the day: a day whose year has an MRP.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64


def _snapshot(application: Application) -> tuple:
    application = Application.objects.get(pk=application.pk)
    return (application.state, application.updated_at, application.uploads.count(), application.status_changes.count())


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.pdf", b"", "empty_file"),
        ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "file_type"),
        ("setup.pdf", ELF, "file_type"),
        ("setup.exe.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "file_type"),
        ("notes.pdf", b"just some text, not a scan", "file_type"),
    ],
)
def test_rejected_upload_leaves_the_application_as_it_was(draft, filer, name, content, code):
    before = _snapshot(draft)
    with pytest.raises(UploadRejected) as err:
        services.document_upload(
            user=filer, application=draft, item_code="passport-copy", file=SimpleUploadedFile(name, content)
        )
    assert err.value.code == code
    assert _snapshot(draft) == before


def _pdf_of_size(size: int) -> bytes:
    """A well-formed one-page PDF padded with a comment line to exactly ``size`` bytes."""

    def padded(padding: int) -> bytes:
        header = b"%PDF-1.7\n%" + b"0" * padding + b"\n"
        return factories.pdf_document(b"<</Type/Catalog/Pages 2 0 R>>", *factories.PDF_ONE_PAGE, header=header)

    padding = size - len(factories.PDF_BYTES)
    while len(document := padded(padding)) != size:  # the startxref offset's digits grow with the padding
        padding += size - len(document)
    return document


def test_upload_over_10_mb_is_rejected(draft, filer):
    big = SimpleUploadedFile("big.pdf", _pdf_of_size(10 * 1024 * 1024 + 1))
    with pytest.raises(UploadRejected, match="limit is 10 MB") as err:
        services.document_upload(user=filer, application=draft, item_code="passport-copy", file=big)
    assert err.value.code == "file_too_large"
    assert not draft.uploads.exists()


def test_upload_of_exactly_10_mb_pdf_is_accepted(draft, filer):
    exact = SimpleUploadedFile("ok.pdf", _pdf_of_size(10 * 1024 * 1024))
    upload = services.document_upload(user=filer, application=draft, item_code="passport-copy", file=exact)
    assert upload.size == 10 * 1024 * 1024
    assert upload.content_type == "application/pdf"


def test_png_and_jpeg_are_accepted_and_versions_grow(draft, filer):
    jpeg = factories.jpeg_bytes()
    first = services.document_upload(
        user=filer, application=draft, item_code="passport-copy", file=SimpleUploadedFile("a.png", factories.PNG_BYTES)
    )
    second = services.document_upload(
        user=filer, application=draft, item_code="passport-copy", file=SimpleUploadedFile("b.jpg", jpeg)
    )
    assert (first.version, first.content_type) == (1, "image/png")
    assert (second.version, second.content_type) == (2, "image/jpeg")


def test_upload_for_an_item_not_on_the_checklist_is_rejected(draft, filer):
    # Family-member items are not on a principal's checklist.
    with pytest.raises(UploadRejected, match="not on this application's checklist"):
        services.document_upload(
            user=filer, application=draft, item_code="principal-work-visa", file=factories.pdf_file()
        )


def test_submission_lists_every_unmet_rule(membership, employee, filer):
    employee.passport_expires_on = timezone.localdate() - dt.timedelta(days=1)
    employee.save()
    draft = factories.c3_draft(membership=membership, person=employee, consent=False, passport_blank_pages=1)
    with pytest.raises(SubmissionRefused) as err:
        services.application_submit(user=filer, application=draft)
    rules = {f.rule for f in err.value.failures}
    assert rules == {"document_missing", "consent", "passport_expired", "blank_pages"}
    assert Application.objects.get(pk=draft.pk).state == State.DRAFT


@pytest.mark.parametrize(
    ("months_left", "days_extra", "accepted"),
    [(3, 0, False), (3, 1, True), (2, 20, False), (12, 0, True)],
)
def test_passport_must_be_valid_more_than_three_months(membership, employee, filer, months_left, days_extra, accepted):
    from dateutil.relativedelta import relativedelta

    employee.passport_expires_on = timezone.localdate() + relativedelta(months=months_left, days=days_extra)
    employee.save()
    draft = factories.c3_draft(membership=membership, person=employee)
    factories.upload_checklist(draft, filer)
    if accepted:
        assert services.application_submit(user=filer, application=draft).state == State.SUBMITTED
    else:
        with pytest.raises(SubmissionRefused) as err:
            services.application_submit(user=filer, application=draft)
        assert [f.rule for f in err.value.failures] == ["passport_validity"]


def test_blank_pages_must_be_declared_and_at_least_two(membership, employee, filer):
    draft = factories.c3_draft(membership=membership, person=employee, passport_blank_pages=None)
    factories.upload_checklist(draft, filer)
    with pytest.raises(SubmissionRefused, match="Declare how many blank pages"):
        services.application_submit(user=filer, application=draft)
    draft = services.application_update_draft(user=filer, application=draft, passport_blank_pages=2)
    assert services.application_submit(user=filer, application=draft).state == State.SUBMITTED


def test_submitting_twice_is_refused_and_changes_nothing(draft, filer):
    factories.upload_checklist(draft, filer)
    services.application_submit(user=filer, application=draft)
    app = Application.objects.get(pk=draft.pk)
    reference, due = app.reference, app.due_date
    with pytest.raises(WrongState, match="already submitted"):
        services.application_submit(user=filer, application=app)
    app.refresh_from_db()
    assert (app.reference, app.due_date, app.state) == (reference, due, State.SUBMITTED)
    assert app.status_changes.filter(action=Action.SUBMIT).count() == 1


def test_stale_copy_submitting_again_is_a_conflict(draft, filer):
    factories.upload_checklist(draft, filer)
    stale = Application.objects.get(pk=draft.pk)
    services.application_submit(user=filer, application=draft)
    with pytest.raises(Conflict):
        services.application_submit(user=filer, application=stale)
    assert StatusChange.objects.filter(application=draft, action=Action.SUBMIT).count() == 1


def test_transition_from_the_wrong_state_is_refused(draft, filer, officer):
    # A draft is the filing side's own: an officer cannot act on it at all (qazeta/permissions.py).
    with pytest.raises(NotAllowed):
        services.documents_approve(user=officer, application=draft)
    app = factories.advance(draft, State.SUBMITTED, filer=filer, officer=officer)
    with pytest.raises(WrongState):
        services.application_issue(user=officer, application=app, decision_number="X-1")
    assert Application.objects.get(pk=draft.pk).state == State.SUBMITTED


def test_two_officers_approving_at_once_one_wins(draft, filer, officer, officer2, supervisor):
    app = factories.advance(draft, State.IN_REVIEW, filer=filer, officer=officer)
    for upload in app.uploads.all():
        services.document_review(user=officer, upload=upload, accept=True)
    first = Application.objects.get(pk=app.pk)
    second = Application.objects.get(pk=app.pk)
    services.documents_approve(user=officer, application=first)
    with pytest.raises(Conflict, match="Someone else changed this application"):
        services.documents_approve(user=supervisor, application=second)
    app.refresh_from_db()
    assert app.state == State.DOCUMENTS_APPROVED
    assert app.status_changes.filter(action=Action.APPROVE_DOCUMENTS).count() == 1


def test_two_officers_claiming_at_once_one_wins(draft, filer, officer, officer2):
    app = factories.advance(draft, State.SUBMITTED, filer=filer, officer=officer)
    first = Application.objects.get(pk=app.pk)
    second = Application.objects.get(pk=app.pk)
    services.application_assign(user=officer, application=first, officer=officer)
    with pytest.raises(Conflict):
        services.application_assign(user=officer2, application=second, officer=officer2)
    app.refresh_from_db()
    assert app.assigned_to == officer
    assert app.state == State.IN_REVIEW


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL")
def test_concurrent_approvals_in_two_threads_leave_one_transition():
    officer = factories.UserFactory(officer=True)
    other = factories.UserFactory(supervisor=True)
    membership, person = factories.employer_with_staff()
    app = factories.advance(
        factories.c3_draft(membership=membership, person=person),
        State.IN_REVIEW,
        filer=membership.user,
        officer=officer,
    )
    for upload in app.uploads.all():
        services.document_review(user=officer, upload=upload, accept=True)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(user):
        from django.db import connections

        copy = Application.objects.get(pk=app.pk)
        barrier.wait()
        try:
            services.documents_approve(user=user, application=copy)
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(u,)) for u in (officer, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert StatusChange.objects.filter(application=app, action=Action.APPROVE_DOCUMENTS).count() == 1


def test_draft_update_refuses_fields_of_the_application_parent(draft, filer):
    from applications.exceptions import ApplicationError

    for name, value in [("reference", "EC-2026-999999"), ("fee_total", "1.00"), ("due_date", None)]:
        with pytest.raises(ApplicationError, match="cannot be changed"):
            services.application_update_draft(user=filer, application=draft, **{name: value})
    app = Application.objects.get(pk=draft.pk)
    assert app.reference is None
    assert app.fee_total is None
    updated = services.application_update_draft(user=filer, application=draft, position="Chief economist")
    assert updated.position == "Chief economist"


def test_the_issue_service_itself_refuses_a_number_over_its_column(draft, filer, officer):
    app = factories.advance(draft, State.WITH_AUTHORITY, filer=filer, officer=officer)
    with pytest.raises(ApplicationError) as excinfo:
        services.application_issue(user=officer, application=app, decision_number="N" * 65)
    assert excinfo.value.code == "invalid_number"
    assert Application.objects.get(pk=app.pk).state == State.WITH_AUTHORITY
