"""Both certificates walked through the services: their own paths, the steps they lack, the received output,
the rules, refusal with a free-text reason, and who may file."""

from __future__ import annotations

import hashlib

import pytest
from django_fsm import TransitionNotAllowed

from applications import services
from applications.constants import Action, State
from applications.exceptions import ApplicationError, NotAllowed, SubmissionRefused, UploadRejected, WrongState
from applications.models import Application, Appointment, StatusChange
from applications.selectors import available_action_names
from qazeta.documents.models import IssuedDocument
from qazeta.documents.selectors import verify
from tests import factories

from .helpers import (
    AIFC,
    CERTIFICATE,
    SCAN_BYTES,
    STANDARD,
    aifc_draft,
    issue_kwargs,
    scan,
    standard_draft,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_on_approval")]


def _reload(app: Application) -> Application:
    return Application.objects.get(pk=app.pk)


def _to_review(app: Application, filer, officer) -> Application:
    factories.upload_checklist(app, filer)
    services.application_submit(user=filer, application=app)
    services.application_assign(user=officer, application=_reload(app), officer=officer)
    app = _reload(app)
    for upload in app.uploads.all():
        services.document_review(user=officer, upload=upload, accept=True)
    return app


def _walked(app: Application) -> list[str]:
    """The states the timeline went through: creation, then every row that changed the state."""
    changes = app.status_changes.all()
    return [c.to_state for c in changes if c.action == Action.CREATE or c.from_state != c.to_state]


# --------------------------------------------------------------------------------------------- paths
def test_standard_certificate_walks_appointment_then_originals_then_the_tax_authority(membership, officer):
    filer = membership.user
    app = _to_review(standard_draft(membership=membership), filer, officer)
    services.documents_approve(user=officer, application=app)
    app = _reload(app)
    assert app.state == State.DOCUMENTS_APPROVED
    assert "book_appointment" in available_action_names(app, filer)
    # Forwarding before the visit is refused: the originals come first.
    with pytest.raises(WrongState):
        services.authority_forward(user=officer, application=app)

    services.appointment_book(user=filer, application=app, starts_at=factories.soonest_office_slot())
    app = _reload(app)
    assert app.state == State.APPOINTMENT_BOOKED
    with pytest.raises(WrongState):
        services.authority_forward(user=officer, application=app)
    factories.receive_originals(officer, app)
    app = _reload(app)
    assert app.state == State.ORIGINALS_RECEIVED
    assert available_action_names(app, officer) >= {"forward_to_authority"}
    assert "issue" not in available_action_names(app, officer)  # the tax authority decides, not the EC
    services.authority_forward(user=officer, application=app)
    app = _reload(app)
    assert app.state == State.WITH_AUTHORITY
    assert available_action_names(app, officer) == {"issue", "refuse"}

    services.application_issue(user=officer, application=app, **issue_kwargs())
    app = _reload(app)
    assert app.state == State.ISSUED
    assert app.decision_number == "620300-2026-000123"
    assert _walked(app) == app.lifecycle.path()
    assert app.lifecycle.path() == [
        State.DRAFT,
        State.SUBMITTED,
        State.IN_REVIEW,
        State.DOCUMENTS_APPROVED,
        State.APPOINTMENT_BOOKED,
        State.ORIGINALS_RECEIVED,
        State.WITH_AUTHORITY,
        State.ISSUED,
    ]


def test_aifc_certificate_walks_approval_then_the_tax_authority_without_an_appointment(membership, officer):
    filer = membership.user
    app = _to_review(aifc_draft(membership=membership), filer, officer)
    services.documents_approve(user=officer, application=app)
    app = _reload(app)
    assert app.state == State.DOCUMENTS_APPROVED
    # No appointment: never offered to the filer, refused when forced, at every level.
    assert available_action_names(app, filer) == {"withdraw"}
    assert "book_appointment" not in {t.name for t in app.get_available_state_transitions()}
    with pytest.raises(WrongState):
        services.appointment_book(user=filer, application=app, starts_at=factories.next_office_slot())
    assert not Appointment.objects.filter(application=app).exists()
    with pytest.raises(TransitionNotAllowed):
        app.book_appointment()
    with pytest.raises(WrongState):
        services.originals_receive(user=officer, application=_reload(app))
    # The officer forwards straight from approval; nothing is issued before the tax authority decides.
    app = _reload(app)
    assert available_action_names(app, officer) == {"forward_to_authority"}
    with pytest.raises(WrongState):
        services.application_issue(user=officer, application=app, **issue_kwargs())
    services.authority_forward(user=officer, application=app)
    app = _reload(app)
    assert app.state == State.WITH_AUTHORITY

    services.application_issue(user=officer, application=app, **issue_kwargs())
    app = _reload(app)
    assert app.state == State.ISSUED
    states = _walked(app)
    assert states == app.lifecycle.path()
    assert states == [
        State.DRAFT,
        State.SUBMITTED,
        State.IN_REVIEW,
        State.DOCUMENTS_APPROVED,
        State.WITH_AUTHORITY,
        State.ISSUED,
    ]
    assert State.APPOINTMENT_BOOKED not in states


@pytest.mark.parametrize("code", [STANDARD, AIFC])
def test_no_term_extension_is_offered_or_accepted(code, membership, officer):
    draft = standard_draft(membership=membership) if code == STANDARD else aifc_draft(membership=membership)
    app = factories.advance(draft, State.WITH_AUTHORITY, filer=membership.user, officer=officer)
    assert "extend_term" not in available_action_names(app, officer)
    with pytest.raises(ApplicationError):
        services.application_extend_term(user=officer, application=app, days=10, reason="Tax authority delay")
    assert _reload(app).term_extension_days == 0


@pytest.mark.parametrize("code", [STANDARD, AIFC])
def test_information_request_pauses_and_resumes(code, membership, officer):
    draft = standard_draft(membership=membership) if code == STANDARD else aifc_draft(membership=membership)
    app = factories.advance(draft, State.INFORMATION_REQUESTED, filer=membership.user, officer=officer)
    assert app.state == State.INFORMATION_REQUESTED
    services.information_answer(user=membership.user, application=app, answer="The visa copy is now notarised.")
    assert _reload(app).state == State.IN_REVIEW


# --------------------------------------------------------------------------------------------- the received output
@pytest.mark.parametrize("code", [STANDARD, AIFC])
def test_issuing_without_the_certificate_scan_is_refused_and_changes_nothing(code, membership, officer):
    draft = standard_draft(membership=membership) if code == STANDARD else aifc_draft(membership=membership)
    app = factories.advance(draft, State.WITH_AUTHORITY, filer=membership.user, officer=officer)
    changes = app.status_changes.count()

    with pytest.raises(UploadRejected) as exc:
        services.application_issue(user=officer, application=app, decision_number="620300-2026-000123")

    assert exc.value.code == "attachment_missing"
    assert exc.value.message == "Attach the scan of the “Tax residency certificate” the state body issued."
    app = _reload(app)
    assert app.state == State.WITH_AUTHORITY
    assert app.decision_number == ""
    assert app.decided_at is None
    assert app.status_changes.count() == changes
    assert not IssuedDocument.objects.filter(application=app).exists()


def test_issuing_without_the_certificate_number_is_refused(membership, officer):
    app = factories.advance(
        aifc_draft(membership=membership), State.WITH_AUTHORITY, filer=membership.user, officer=officer
    )
    with pytest.raises(ApplicationError) as exc:
        services.application_issue(user=officer, application=app, attachments={CERTIFICATE: scan()})
    assert exc.value.code == "number_required"
    assert _reload(app).state == State.WITH_AUTHORITY
    assert not IssuedDocument.objects.filter(application=app).exists()


def test_a_scan_that_is_not_a_document_is_refused(membership, officer):
    app = factories.advance(
        standard_draft(membership=membership), State.WITH_AUTHORITY, filer=membership.user, officer=officer
    )
    with pytest.raises(UploadRejected) as exc:
        services.application_issue(user=officer, application=app, **issue_kwargs(content=b"<html>certificate</html>"))
    assert exc.value.code == "file_type"
    assert _reload(app).state == State.WITH_AUTHORITY


@pytest.mark.parametrize("code", [STANDARD, AIFC])
def test_the_certificate_output_is_the_tax_authoritys_scan_and_verifies(code, membership, officer):
    draft = standard_draft(membership=membership) if code == STANDARD else aifc_draft(membership=membership)
    app = factories.advance(draft, State.ISSUED, filer=membership.user, officer=officer, issue=issue_kwargs())

    (document,) = IssuedDocument.objects.filter(application=app)
    assert document.kind == CERTIFICATE
    assert document.title == "Tax residency certificate"
    assert document.received is True
    assert document.reference == app.reference
    with document.file.open("rb") as f:
        assert f.read() == SCAN_BYTES
    assert document.sha256 == hashlib.sha256(SCAN_BYTES).hexdigest()
    assert verify(document.verification_code) == document
    assert StatusChange.objects.filter(application=app, action=Action.DOCUMENT_ISSUED).exists()


# --------------------------------------------------------------------------------------------- refusal
@pytest.mark.parametrize("code", [STANDARD, AIFC])
def test_tax_authority_refusal_is_recorded_with_its_free_text_reason_and_no_document(code, membership, officer):
    draft = standard_draft(membership=membership) if code == STANDARD else aifc_draft(membership=membership)
    app = factories.advance(draft, State.WITH_AUTHORITY, filer=membership.user, officer=officer)
    with pytest.raises(ApplicationError) as exc:
        services.application_refuse(user=officer, application=app, reason="  ")
    assert exc.value.code == "reason_required"
    with pytest.raises(ApplicationError) as exc:
        services.application_refuse(user=officer, application=app, grounds=["not_resident"], reason="x")
    assert exc.value.code == "bad_ground"

    reason = "The tax authority found fewer than 183 days of presence in 2025."
    services.application_refuse(user=officer, application=app, reason=reason)
    app = _reload(app)
    assert app.state == State.REFUSED
    assert app.refusal_reason == reason
    assert app.refusal_grounds == []
    assert not IssuedDocument.objects.filter(application=app).exists()


def test_the_expat_centre_may_refuse_at_review(membership, officer):
    app = _to_review(aifc_draft(membership=membership), membership.user, officer)
    services.application_refuse(user=officer, application=app, reason="The AIFC letter covers another period.")
    assert _reload(app).state == State.REFUSED


# --------------------------------------------------------------------------------------------- rules
def test_a_future_tax_period_is_refused_at_submission(membership):
    draft = standard_draft(membership=membership, tax_period_year=2027)
    factories.upload_checklist(draft, membership.user)
    with pytest.raises(SubmissionRefused) as exc:
        services.application_submit(user=membership.user, application=draft)
    assert [f.as_dict() for f in exc.value.failures] == [
        {
            "rule": "tax_period_future",
            "message": "The tax period 2027 has not begun; residency can be confirmed for 2026 or an earlier year.",
        }
    ]
    assert _reload(draft).state == State.DRAFT


def test_the_current_tax_period_may_be_confirmed(membership):
    draft = aifc_draft(membership=membership, tax_period_year=2026)
    factories.upload_checklist(draft, membership.user)
    assert services.application_submit(user=membership.user, application=draft).state == State.SUBMITTED


def test_a_legal_entity_must_be_named(membership):
    draft = standard_draft(membership=membership, applicant_kind="legal_entity")
    factories.upload_checklist(draft, membership.user)
    with pytest.raises(SubmissionRefused) as exc:
        services.application_submit(user=membership.user, application=draft)
    assert [(f.rule, f.message) for f in exc.value.failures] == [
        (
            "entity_name_missing",
            "Give the legal entity's name: the certificate is issued to the foreign legal entity.",
        )
    ]


def test_an_individual_carries_no_legal_entity_details(membership):
    draft = standard_draft(membership=membership, entity_name="Steppe Holdings B.V.")
    factories.upload_checklist(draft, membership.user)
    with pytest.raises(SubmissionRefused) as exc:
        services.application_submit(user=membership.user, application=draft)
    assert [(f.rule, f.message) for f in exc.value.failures] == [
        (
            "entity_details_for_individual",
            "The applicant is an individual: clear the legal entity's name and BIN, or choose the foreign legal "
            "entity as the applicant.",
        )
    ]


def test_the_model_fields_checks_refuse_bad_values_when_the_draft_is_created(membership):
    # The engine runs each service field's own checks at creation (page, API and service alike): nothing is saved.
    with pytest.raises(ApplicationError) as exc:
        aifc_draft(membership=membership, treaty_state="KAZ", tax_period_year=1990)
    assert "Tax period (year): Ensure this value is greater than or equal to 2000." in exc.value.message
    assert "Treaty state: Name the other state, whose tax relief is claimed, not Kazakhstan." in exc.value.message
    with pytest.raises(ApplicationError, match="Legal entity's BIN: A BIN is exactly 12 digits."):
        standard_draft(membership=membership, applicant_kind="legal_entity", entity_name="X", entity_bin="1")
    assert not Application.objects.exists()


def test_every_unmet_rule_is_listed_at_once(membership):
    draft = standard_draft(membership=membership, applicant_kind="legal_entity", tax_period_year=2030)
    with pytest.raises(SubmissionRefused) as exc:
        services.application_submit(user=membership.user, application=draft)
    rules = [f.rule for f in exc.value.failures]
    assert rules.count("document_missing") == 2  # the tax application and the management proof
    assert {"tax_period_future", "entity_name_missing"} <= set(rules)


def test_a_legal_entity_with_its_name_and_bin_is_submitted(membership):
    draft = standard_draft(
        membership=membership,
        applicant_kind="legal_entity",
        entity_name="Steppe Holdings B.V.",
        entity_bin=factories.make_bin(),
    )
    factories.upload_checklist(draft, membership.user)
    app = services.application_submit(user=membership.user, application=draft)
    assert app.state == State.SUBMITTED
    assert {u.item_code for u in app.uploads.all()} == {"tax-residency-application", "effective-management-proof"}


def test_consent_is_not_a_rule_of_these_services(membership):
    # The guide lists consent service by service, and not for either tax residency certificate.
    for draft in (
        standard_draft(membership=membership, consent=False),
        aifc_draft(membership=membership, consent=False),
    ):
        factories.upload_checklist(draft, membership.user)
        assert services.application_submit(user=membership.user, application=draft).state == State.SUBMITTED


# --------------------------------------------------------------------------------------------- who may file
@pytest.mark.parametrize("draft", [standard_draft, aifc_draft])
def test_the_host_party_files_for_a_person_on_its_roster(draft, membership):
    app = draft(membership=membership)
    assert app.organisation == membership.organisation
    assert app.filer == membership.user


@pytest.mark.parametrize("draft", [standard_draft, aifc_draft])
def test_the_person_files_for_themselves(draft, self_applicant):
    user, person = self_applicant
    app = draft(user=user, person=person)
    assert app.organisation is None
    factories.upload_checklist(app, user)
    assert services.application_submit(user=user, application=app).state == State.SUBMITTED


@pytest.mark.parametrize("code", [STANDARD, AIFC])
def test_expat_centre_staff_cannot_file(code, officer, employee):
    with pytest.raises(NotAllowed) as exc:
        services.application_create(
            user=officer, service_code=code, person=employee, tax_period_year=2025, treaty_state="DEU"
        )
    assert exc.value.message == "Expat Centre staff do not file applications."
    assert not Application.objects.filter(service_code=code).exists()


def test_a_host_party_cannot_file_for_someone_off_its_roster(membership, self_applicant):
    _, stranger = self_applicant
    with pytest.raises(NotAllowed):
        standard_draft(user=membership.user, person=stranger)
