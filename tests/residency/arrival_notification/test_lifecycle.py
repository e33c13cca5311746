"""The arrival notification's own lifecycle, walked through the services: review, approval, then the outcome at
once — no appointment, no state body, no term extension (guide 2025, Other migration and tax services §1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from applications import services
from applications.constants import State
from applications.exceptions import ApplicationError, WrongState
from applications.models import Application, Appointment, StatusChange
from applications.registry import Step, TermUnit, definition_for
from applications.selectors import available_action_names
from qazeta.documents.models import IssuedDocument
from residency.arrival_notification.models import ArrivalNotificationApplication
from tests import factories

from .conftest import ASTANA, SERVICE, arrival_draft

pytestmark = pytest.mark.django_db

#: Filer-side and officer-side actions this service never offers, in any state.
NEVER = {"book_appointment", "cancel_appointment", "receive_originals", "forward_to_authority", "extend_term"}


def _officer_and_filer_actions(app: Application, filer, officer) -> set[str]:
    app = Application.objects.get(pk=app.pk)
    return set(available_action_names(app, filer)) | set(available_action_names(app, officer))


def test_declaration_agrees_with_the_guide():
    definition = definition_for(SERVICE)
    lifecycle = definition.lifecycle

    assert lifecycle.steps == frozenset({Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS})
    assert lifecycle.term_unit == TermUnit.MINUTES
    assert lifecycle.term_extension is False
    assert lifecycle.decision_state == State.DOCUMENTS_APPROVED
    assert lifecycle.path() == [State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.DOCUMENTS_APPROVED, State.ISSUED]
    assert definition.model is ArrivalNotificationApplication
    assert definition.asks_decision_number is False
    assert definition.refusal_grounds == ()
    assert [o.kind for o in definition.outputs] == ["arrival_registration_confirmation"]
    service = definition_for(SERVICE).model(service_code=SERVICE).service
    assert service.requires_appointment is False
    assert service.requires_state_body is False
    assert service.term_minutes == 30
    assert service.filing_enabled is True


def test_walks_its_own_path_end_to_end_through_the_services(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    filer = membership.user
    app = arrival_draft(membership, employee)
    assert app.state == State.DRAFT
    seen = [app.state]
    for state in (State.SUBMITTED, State.IN_REVIEW, State.DOCUMENTS_APPROVED):
        app = factories.advance(app, state, filer=filer, officer=officer)
        seen.append(app.state)
        assert not NEVER & _officer_and_filer_actions(app, filer, officer), app.state

    # Straight after approval the officer records the outcome: "issue" is offered in documents_approved.
    assert "issue" in available_action_names(app, officer)
    assert "refuse" in available_action_names(app, officer)
    with django_capture_on_commit_callbacks(execute=True):
        app = factories.advance(
            app, State.ISSUED, filer=filer, officer=officer, issue={"fields": {"registration_number": "KZ-REG-0042"}}
        )
    seen.append(app.state)

    assert seen == definition_for(SERVICE).lifecycle.path()
    issued = ArrivalNotificationApplication.objects.get(pk=app.pk)
    assert issued.registration_number == "KZ-REG-0042"
    assert issued.decision_number == ""
    assert not NEVER & _officer_and_filer_actions(app, filer, officer)
    (document,) = IssuedDocument.objects.filter(application=app)
    assert document.kind == "arrival_registration_confirmation"
    transitions = list(StatusChange.objects.filter(application=app).values_list("to_state", flat=True))
    assert State.APPOINTMENT_BOOKED not in transitions
    assert State.ORIGINALS_RECEIVED not in transitions
    assert State.WITH_AUTHORITY not in transitions


def test_an_appointment_is_refused_in_every_state(draft, membership, officer):
    filer = membership.user
    slot = factories.next_office_slot()
    app = draft
    for state in (State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.DOCUMENTS_APPROVED):
        if state != State.DRAFT:
            app = factories.advance(app, state, filer=filer, officer=officer)
        assert "book_appointment" not in available_action_names(app, filer)
        with pytest.raises(WrongState):
            services.appointment_book(user=filer, application=app, starts_at=slot)
    # Even where a visit would be booked for other services, nothing was written.
    assert not Appointment.objects.filter(application=app).exists()
    assert Application.objects.get(pk=app.pk).state == State.DOCUMENTS_APPROVED


def test_forwarding_originals_and_term_extension_are_refused(draft, membership, officer, supervisor):
    app = factories.advance(draft, State.DOCUMENTS_APPROVED, filer=membership.user, officer=officer)

    with pytest.raises(WrongState):
        services.authority_forward(user=officer, application=app)
    with pytest.raises(WrongState):
        services.originals_receive(user=officer, application=Application.objects.get(pk=app.pk))
    with pytest.raises(WrongState):
        services.application_extend_term(
            user=supervisor, application=Application.objects.get(pk=app.pk), days=5, reason="late"
        )
    assert Application.objects.get(pk=app.pk).state == State.DOCUMENTS_APPROVED


def test_the_outcome_cannot_be_recorded_before_approval(draft, membership, officer):
    app = factories.advance(draft, State.IN_REVIEW, filer=membership.user, officer=officer)

    assert "issue" not in available_action_names(app, officer)
    with pytest.raises(WrongState):
        services.application_issue(user=officer, application=app, fields={"registration_number": "KZ-1"})


def test_issue_asks_for_the_registration_number(draft, membership, officer):
    app = factories.advance(draft, State.DOCUMENTS_APPROVED, filer=membership.user, officer=officer)

    with pytest.raises(ApplicationError) as missing:
        services.application_issue(user=officer, application=app)
    assert missing.value.code == "registration_number_required"
    assert "Registration number" in missing.value.message
    assert Application.objects.get(pk=app.pk).state == State.DOCUMENTS_APPROVED


@pytest.mark.parametrize("at", [State.IN_REVIEW, State.DOCUMENTS_APPROVED])
def test_refusal_takes_a_free_text_reason_and_produces_no_document(
    draft, membership, officer, at, django_capture_on_commit_callbacks
):
    app = factories.advance(draft, at, filer=membership.user, officer=officer)

    with pytest.raises(ApplicationError) as no_reason:
        services.application_refuse(user=officer, application=app, reason="  ")
    assert no_reason.value.code == "reason_required"
    with pytest.raises(ApplicationError) as ground:
        services.application_refuse(user=officer, application=app, reason="x", grounds=["passport"])
    assert ground.value.code == "bad_ground"

    with django_capture_on_commit_callbacks(execute=True):
        services.application_refuse(
            user=officer, application=app, reason="The passport copy is not the one used at the border."
        )
    refused = Application.objects.get(pk=app.pk)
    assert refused.state == State.REFUSED
    assert refused.refusal_reason == "The passport copy is not the one used at the border."
    assert refused.refusal_grounds == []
    assert not IssuedDocument.objects.filter(application=refused).exists()


def test_information_request_pauses_and_the_answer_restarts_the_30_minutes(draft, membership, officer, clock):
    filer = membership.user
    app = factories.advance(draft, State.IN_REVIEW, filer=filer, officer=officer)
    assert app.due_at == dt.datetime(2026, 6, 16, 10, 30, tzinfo=ASTANA)

    clock.move_to(dt.datetime(2026, 6, 16, 10, 20, tzinfo=ASTANA), tick=False)
    services.information_request(
        user=officer,
        application=app,
        message="Upload the passport page with the entry stamp.",
        item_codes=["passport-copy"],
    )
    app = Application.objects.get(pk=app.pk)
    assert app.state == State.INFORMATION_REQUESTED
    assert {"upload", "answer"} <= set(available_action_names(app, filer))

    clock.move_to(dt.datetime(2026, 6, 16, 16, 45, tzinfo=ASTANA), tick=False)
    services.document_upload(user=filer, application=app, item_code="passport-copy", file=factories.pdf_file())
    services.information_answer(user=filer, application=app, answer="Uploaded the page with the stamp.")
    app = Application.objects.get(pk=app.pk)
    assert app.state == State.IN_REVIEW
    assert app.due_at == dt.datetime(2026, 6, 16, 17, 15, tzinfo=ASTANA)
    assert app.due_date == dt.date(2026, 6, 16)


def test_a_refused_application_never_offers_a_visit(draft, membership, officer):
    app = factories.advance(draft, State.REFUSED, filer=membership.user, officer=officer)

    assert app.state == State.REFUSED
    assert not NEVER & _officer_and_filer_actions(app, membership.user, officer)


def test_the_approval_email_asks_for_no_visit(draft, membership, officer, django_capture_on_commit_callbacks):
    app = factories.advance(draft, State.IN_REVIEW, filer=membership.user, officer=officer)
    for upload in app.uploads.all():
        services.document_review(user=officer, upload=upload, accept=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.documents_approve(user=officer, application=app)

    body = mail.outbox[-1].body
    assert app.reference in body
    assert "appointment" not in body.lower()
