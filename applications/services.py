"""Writes of the case engine. Every state change goes through one of these functions.

Each function is one atomic verb: it checks who acts, applies the FSM transition, saves, writes the
timeline row in the same transaction, and queues side effects (e-mail, PDF) with ``transaction.on_commit``
so that nothing is sent for a change that rolled back. Raises the errors of ``applications.exceptions``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from qazeta.accounts.constants import Role
from qazeta.accounts.models import Consent, Organisation, Person, User
from qazeta.workcalendar import calendar as workcalendar

from . import notifications
from .catalogue import CatalogueError, get_service
from .constants import UPLOAD_STATES, Action, ReviewStatus, State
from .exceptions import (
    ApplicationError,
    Conflict,
    NotAllowed,
    RuleFailure,
    SubmissionRefused,
    UploadRejected,
    WrongState,
)
from .models import (
    Application,
    Appointment,
    AppointmentSlot,
    DocumentUpload,
    InformationRequest,
    StatusChange,
)
from .registry import filing_model, issue_hook
from .rules import DEFAULT_RULES
from .selectors import actable_by_filer, all_documents_accepted

#: What the portal accepts as a scan: MIME type detected from the content → allowed extensions.
ALLOWED_UPLOAD_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
#: Longest term extension for state-body delays (guide: "may be extended by up to 30 calendar days").
MAX_TERM_EXTENSION_DAYS = 30


# --------------------------------------------------------------------------------------------- helpers
def _require_staff(user: User) -> None:
    if user.role not in (Role.OFFICER, Role.SUPERVISOR):
        raise NotAllowed("Only Expat Centre officers can do this.")


def _require_filer(user: User, application: Application) -> None:
    if not actable_by_filer(user, application):
        raise NotAllowed("Only the filer or a member of the host party can do this.")


def _record(
    application: Application, *, actor: User | None, action: str, from_state: str, reason: str = ""
) -> StatusChange:
    return StatusChange.objects.create(
        application=application,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=application.state,
        reason=reason,
    )


def _transition(
    application: Application,
    *,
    actor: User | None,
    action: str,
    method: str,
    reason: str = "",
    update_fields: Iterable[str] = (),
    **kwargs: Any,
) -> None:
    """Apply one FSM transition, save it and write the timeline row, inside the caller's transaction.

    ``ConcurrentTransitionMixin`` makes the UPDATE conditional on the state we read: when another officer
    moved the application first, zero rows match and we raise ``Conflict`` instead of overwriting.
    """
    from_state = application.state
    try:
        getattr(application, method)(**kwargs)
    except TransitionNotAllowed:
        raise WrongState(
            f"This application is “{State(from_state).label}”; “{Action(action).label.lower()}” is not possible now."
        ) from None
    try:
        application.save()
    except ConcurrentTransition:
        raise Conflict(
            "Someone else changed this application at the same moment; reload the page to see its state."
        ) from None
    _record(application, actor=actor, action=action, from_state=from_state, reason=reason)


def _notify_on_commit(application: Application, kind: str) -> None:
    app_id = application.pk
    transaction.on_commit(lambda: notifications.send_application_email.delay(app_id, kind))


def _today() -> dt.date:
    return timezone.localdate()


# --------------------------------------------------------------------------------------------- filing
@transaction.atomic
def application_create(
    *,
    user: User,
    service_code: str,
    person: Person,
    channel: str = "standard",
    validity_years: int | None = None,
    variant: str = "",
    passport_blank_pages: int | None = None,
    principal_application: Application | None = None,
    filed_by_representative: bool = False,
    organisation: Organisation | None = None,
    **service_fields: Any,
) -> Application:
    """Open a draft application for ``person`` and ``service_code``.

    Call when a filer starts filing. ``service_fields`` are the service model's own fields (e.g. ``position``
    for C3). The fee quote is computed now for display and frozen at submission.

    Raises:
        ApplicationError: the service cannot be filed yet, the channel is not offered, validity is out of
            range, the person is not on the host party's roster, or the principal application is not the
            same host party's.
        NotAllowed: the user is neither a member of the host party nor the self-applicant.
    """
    from fees.selectors import QuoteError, quote

    try:
        service = get_service(service_code)
    except CatalogueError:
        raise ApplicationError(f"Unknown service “{service_code}”.", code="unknown_service") from None
    model = filing_model(service_code)
    if model is None or not service.filing_enabled:
        raise ApplicationError(f"“{service.name}” cannot be filed through the portal yet.", code="filing_not_available")
    if organisation is not None:
        if not user.memberships.filter(organisation=organisation).exists():
            raise NotAllowed("You are not a member of this host party.")
        if person.organisation_id != organisation.pk:
            raise ApplicationError("This person is not on the host party's staff roster.", code="not_on_roster")
    elif not (person.account_id == user.pk and user.role == Role.APPLICANT):
        raise NotAllowed("You can file for yourself, or for staff of a host party you are a member of.")
    if principal_application is not None:
        if principal_application.organisation_id != (organisation.pk if organisation else None):
            raise ApplicationError("The principal application belongs to another filer.", code="principal")
        if principal_application.principal_application_id is not None:
            raise ApplicationError("Link a family member to the principal's own application.", code="principal")
        if person.principal_id != principal_application.person_id:
            raise ApplicationError(
                f"{person.full_name} is not recorded as a family member of {principal_application.person.full_name}.",
                code="principal",
            )
    try:
        quote(service=service_code, channel=channel, validity_years=validity_years, variant=variant)
    except QuoteError as exc:
        raise ApplicationError(str(exc), code=f"invalid_{exc.field}") from None

    application = model.objects.create(
        service_code=service_code,
        person=person,
        filer=user,
        organisation=organisation,
        principal_application=principal_application,
        filed_by_representative=filed_by_representative,
        channel=channel,
        validity_years=validity_years,
        variant=variant,
        passport_blank_pages=passport_blank_pages,
        **service_fields,
    )
    _record(application, actor=user, action=Action.CREATE, from_state=State.DRAFT)
    return application


@transaction.atomic
def application_update_draft(*, user: User, application: Application, **fields: Any) -> Application:
    """Change a draft's filing details (channel, validity, blank pages, representative, service fields).

    Raises: NotAllowed; WrongState unless the application is a draft; ApplicationError for a bad fee key.
    """
    from fees.selectors import QuoteError, quote

    _require_filer(user, application)
    if application.state != State.DRAFT:
        raise WrongState("Only a draft can be changed; this application was already submitted.")
    allowed = {"channel", "validity_years", "variant", "passport_blank_pages", "filed_by_representative"}
    specific = application.specific()
    own = {f.name for f in type(specific)._meta.get_fields() if f.concrete} - {"state"}
    for name, value in fields.items():
        if name not in allowed and name not in own:
            raise ApplicationError(f"“{name}” cannot be changed.", code="bad_field")
        setattr(specific, name, value)
    try:
        quote(
            service=specific.service_code,
            channel=specific.channel,
            validity_years=specific.validity_years,
            variant=specific.variant,
        )
    except QuoteError as exc:
        raise ApplicationError(str(exc), code=f"invalid_{exc.field}") from None
    specific.save()
    return specific


def consent_record(*, user: User, person: Person) -> Consent:
    """Record consent to personal data processing (text version ``settings.CONSENT_TEXT_VERSION``) for ``person``.

    Call when the filer ticks the consent box. Returns the new row; earlier consents are kept.
    """
    return Consent.objects.create(user=user, person=person, text_version=settings.CONSENT_TEXT_VERSION)


def _check_upload(upload: UploadedFile) -> tuple[str, bytes]:
    """Return (detected MIME type, content) or raise UploadRejected. The type comes from the bytes, not the name."""
    import filetype

    if upload.size is None or upload.size == 0:
        raise UploadRejected("The file is empty.", code="empty_file")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise UploadRejected(
            f"The file is {upload.size / 1_048_576:.1f} MB; the limit is {settings.UPLOAD_MAX_BYTES // 1_048_576} MB.",
            code="file_too_large",
        )
    content = b"".join(upload.chunks())
    kind = filetype.guess(content)
    if kind is None or kind.mime not in ALLOWED_UPLOAD_TYPES:
        found = kind.mime if kind else "not a recognised document"
        raise UploadRejected(f"Only PDF, JPEG or PNG files are accepted; “{upload.name}” is {found}.", code="file_type")
    return kind.mime, content


@transaction.atomic
def document_upload(*, user: User, application: Application, item_code: str, file: UploadedFile) -> DocumentUpload:
    """Store a new version of a checklist item's file.

    Allowed while the application is a draft or information was requested. The file is checked before
    anything is written: a rejected file leaves the application exactly as it was.

    Raises: NotAllowed; WrongState; UploadRejected (unknown item, empty, > 10 MB, not PDF/JPEG/PNG by content).
    """
    from django.core.files.base import ContentFile

    _require_filer(user, application)
    if application.state not in UPLOAD_STATES:
        raise WrongState(
            "Documents can be uploaded while the application is a draft or when the Expat Centre asks for information."
        )
    codes = {r.code for r in application.service.checklist(application.checklist_facts())}
    if item_code not in codes:
        raise UploadRejected(f"“{item_code}” is not on this application's checklist.", code="unknown_item")
    mime, content = _check_upload(file)
    # Lock the application row so two uploads of the same item cannot both take the same version.
    Application.objects.select_for_update().filter(pk=application.pk).first()
    last = application.uploads.filter(item_code=item_code).aggregate(v=Max("version"))["v"] or 0
    name = f"{application.pk}-{item_code}-v{last + 1}.{ALLOWED_UPLOAD_TYPES[mime]}"
    upload = DocumentUpload(
        application=application,
        item_code=item_code,
        version=last + 1,
        original_name=(file.name or name)[:255],
        content_type=mime,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user,
    )
    upload.file.save(name, ContentFile(content), save=False)
    # If the row cannot be written, remove the stored file so nothing half-done remains.
    try:
        upload.save()
    except IntegrityError:
        upload.file.delete(save=False)
        raise Conflict("Another upload of this item happened at the same moment; try again.") from None
    return upload


def _run_rules(application: Application, today: dt.date) -> list[RuleFailure]:
    specific = application.specific()
    rules = getattr(specific, "submission_rules", DEFAULT_RULES)
    failures: list[RuleFailure] = []
    for rule in rules:
        failures.extend(rule(specific, today))
    return failures


@transaction.atomic
def application_submit(*, user: User, application: Application) -> Application:
    """Submit a draft: check every rule, freeze the fee quote, set the reference and the due date, e-mail the filer.

    The due date is the service's term in working days after the submission day (guide: terms in working
    days; the start day is not counted). Raises: NotAllowed; WrongState (already submitted);
    SubmissionRefused listing every unmet rule.
    """
    from fees.selectors import quote

    _require_filer(user, application)
    if application.state != State.DRAFT:
        raise WrongState(
            f"This application was already submitted (reference {application.reference}); it cannot be submitted again."
        )
    today = _today()
    failures = _run_rules(application, today)
    if failures:
        raise SubmissionRefused(failures)
    q = quote(
        service=application.service_code,
        channel=application.channel,
        validity_years=application.validity_years,
        variant=application.variant,
        on=today,
    )
    application.fee_on = q.on
    application.fee_mrp = q.mrp
    application.fee_service = q.service_fee
    application.fee_state_duty_mrp = q.state_duty_mrp
    application.fee_state_duty = q.state_duty
    application.fee_total = q.total
    application.fee_note = q.note[:255]
    due = workcalendar.add_working_days(today, application.service.sla_working_days)
    # The reference comes from the primary key, so two submissions can never take the same number.
    application.reference = f"EC-{today:%Y}-{application.pk:06d}"
    _transition(application, actor=user, action=Action.SUBMIT, method="submit", at=timezone.now(), due_date=due)
    _notify_on_commit(application, "submitted")
    return application


# --------------------------------------------------------------------------------------------- officer
@transaction.atomic
def application_assign(*, user: User, application: Application, officer: User) -> Application:
    """Assign ``officer`` (claim when ``officer`` is ``user``); a submitted application moves to review.

    Officers may claim unassigned work; only a supervisor reassigns work someone else holds.
    Raises: NotAllowed; ApplicationError if ``officer`` is not Expat Centre staff; WrongState when closed.
    """
    _require_staff(user)
    if officer.role not in (Role.OFFICER, Role.SUPERVISOR) or not officer.is_active:
        raise ApplicationError("Applications can only be assigned to Expat Centre officers.", code="bad_assignee")
    if application.state in (State.DRAFT, State.ISSUED, State.REFUSED, State.WITHDRAWN, State.CANCELLED):
        raise WrongState("Only open, submitted applications can be assigned.")
    current = application.assigned_to_id
    if user.role != Role.SUPERVISOR and not (officer == user and current in (None, user.pk)):
        raise NotAllowed("Officers can claim unassigned applications; a supervisor reassigns work.")
    # Conditional update: two officers claiming at once cannot both win.
    updated = Application.objects.filter(pk=application.pk, assigned_to_id=current).update(
        assigned_to=officer, updated_at=timezone.now()
    )
    if not updated:
        raise Conflict("Someone else assigned this application a moment ago; reload to see who holds it.")
    application.assigned_to = officer
    _record(
        application,
        actor=user,
        action=Action.ASSIGN,
        from_state=application.state,
        reason=f"Assigned to {officer.get_full_name() or officer.username}",
    )
    if application.state == State.SUBMITTED:
        _transition(application, actor=user, action=Action.START_REVIEW, method="start_review")
    return application


def _require_holder(user: User, application: Application) -> None:
    _require_staff(user)
    if application.assigned_to_id not in (user.pk, None) and user.role != Role.SUPERVISOR:
        raise NotAllowed("This application is assigned to another officer.")
    if application.state not in (State.IN_REVIEW,):
        raise WrongState(
            f"This application is “{State(application.state).label}”; documents are reviewed, information "
            "requested and documents approved only while it is in review."
        )


@transaction.atomic
def document_review(*, user: User, upload: DocumentUpload, accept: bool, reason: str = "") -> DocumentUpload:
    """Accept or reject one uploaded document version (a reason is required to reject).

    Raises: NotAllowed; WrongState unless in review; ApplicationError if rejecting without a reason or
    reviewing a superseded version.
    """
    application = upload.application
    _require_holder(user, application)
    if not accept and not reason.strip():
        raise ApplicationError("Give the reason for rejecting the document.", code="reason_required")
    newest = application.uploads.filter(item_code=upload.item_code).aggregate(v=Max("version"))["v"]
    if upload.version != newest:
        raise ApplicationError("A newer version of this document was uploaded; review that one.", code="stale")
    upload.review_status = ReviewStatus.ACCEPTED if accept else ReviewStatus.REJECTED
    upload.review_reason = "" if accept else reason.strip()
    upload.reviewed_by = user
    upload.reviewed_at = timezone.now()
    upload.save(update_fields=["review_status", "review_reason", "reviewed_by", "reviewed_at"])
    requirement = application.service.document(upload.item_code)
    _record(
        application,
        actor=user,
        action=Action.DOCUMENT_ACCEPT if accept else Action.DOCUMENT_REJECT,
        from_state=application.state,
        reason=f"{requirement.name}" + ("" if accept else f": {upload.review_reason}"),
    )
    return upload


@transaction.atomic
def information_request(
    *, user: User, application: Application, message: str, item_codes: list[str] | None = None
) -> InformationRequest:
    """Ask the filer for information or new files; the service-level clock pauses until they answer.

    The working days left are frozen now and given back in full on the answer (DESIGN: the clock pauses
    while information is requested). Raises: NotAllowed; WrongState unless in review; ApplicationError
    for an empty message or an unknown item.
    """
    _require_holder(user, application)
    if not message.strip():
        raise ApplicationError("Write what the filer must provide.", code="message_required")
    item_codes = list(item_codes or [])
    codes = {r.code for r in application.service.checklist(application.checklist_facts())}
    unknown = [c for c in item_codes if c not in codes]
    if unknown:
        raise ApplicationError(f"Not on the checklist: {', '.join(unknown)}.", code="unknown_item")
    today = _today()
    remaining = workcalendar.working_days_between(today, application.due_date) if application.due_date else 0
    _transition(
        application,
        actor=user,
        action=Action.REQUEST_INFORMATION,
        method="request_information",
        reason=message.strip(),
        on=today,
        remaining_working_days=remaining,
    )
    request = InformationRequest.objects.create(
        application=application, message=message.strip(), item_codes=item_codes, requested_by=user
    )
    _notify_on_commit(application, "information_requested")
    return request


@transaction.atomic
def information_answer(*, user: User, application: Application, answer: str) -> InformationRequest:
    """The filer answers the open request; review resumes and the clock restarts with the days it had left.

    Raises: NotAllowed; WrongState unless information was requested; ApplicationError if items the officer
    asked for were not uploaded again or the answer is empty.
    """
    _require_filer(user, application)
    if application.state != State.INFORMATION_REQUESTED:
        raise WrongState("There is no open request for information on this application.")
    request = application.information_requests.filter(answered_at__isnull=True).order_by("-requested_at").first()
    if request is None:  # pragma: no cover - the state guarantees one; keep the error clear if data was edited
        raise WrongState("There is no open request for information on this application.")
    if not answer.strip():
        raise ApplicationError("Write an answer for the Expat Centre.", code="answer_required")
    missing = [
        code
        for code in request.item_codes
        if not application.uploads.filter(item_code=code, uploaded_at__gt=request.requested_at).exists()
    ]
    if missing:
        names = ", ".join(application.service.document(c).name for c in missing)
        raise ApplicationError(f"Upload a new file for: {names}.", code="items_missing")
    today = _today()
    remaining = application.clock_remaining_working_days or 0
    if remaining >= 0:
        due = workcalendar.add_working_days(today, remaining)
    else:
        due = workcalendar.subtract_working_days(today, -remaining)
    request.answer = answer.strip()
    request.answered_by = user
    request.answered_at = timezone.now()
    request.save(update_fields=["answer", "answered_by", "answered_at"])
    _transition(
        application,
        actor=user,
        action=Action.ANSWER_INFORMATION,
        method="answer_information",
        reason=answer.strip(),
        due_date=due,
    )
    _notify_on_commit(application, "information_answered")
    return request


@transaction.atomic
def documents_approve(*, user: User, application: Application) -> Application:
    """Approve the documents; the filer can then book an appointment. All documents must be accepted.

    Raises: NotAllowed; WrongState; Conflict when another officer acted first; ApplicationError when a
    document is not accepted yet.
    """
    _require_holder(user, application)
    if not all_documents_accepted(application):
        raise ApplicationError(
            "Accept every document before approving (or request information for the rejected ones).",
            code="documents_not_accepted",
        )
    _transition(application, actor=user, action=Action.APPROVE_DOCUMENTS, method="approve_documents")
    _notify_on_commit(application, "documents_approved")
    return application


@transaction.atomic
def application_extend_term(*, user: User, application: Application, days: int, reason: str) -> Application:
    """Extend the service-level term by ``days`` calendar days for state-body delays (at most 30 in total).

    Source: guide 2025, "may be extended by up to 30 calendar days". Raises: NotAllowed; ApplicationError.
    """
    _require_staff(user)
    if application.due_date is None or application.state in (
        State.ISSUED,
        State.REFUSED,
        State.WITHDRAWN,
        State.CANCELLED,
    ):
        raise WrongState("Only an open, submitted application's term can be extended.")
    if days < 1 or application.term_extension_days + days > MAX_TERM_EXTENSION_DAYS:
        raise ApplicationError(
            f"The term can be extended by at most {MAX_TERM_EXTENSION_DAYS} calendar days in total "
            f"({application.term_extension_days} used).",
            code="extension_limit",
        )
    if not reason.strip():
        raise ApplicationError("Give the reason for the extension.", code="reason_required")
    application.term_extension_days += days
    application.due_date = application.due_date + dt.timedelta(days=days)
    application.save(update_fields=["term_extension_days", "due_date", "updated_at"])
    _record(
        application,
        actor=user,
        action=Action.EXTEND_TERM,
        from_state=application.state,
        reason=f"+{days} calendar days: {reason.strip()}",
    )
    return application


# --------------------------------------------------------------------------------------------- appointment
@transaction.atomic
def appointment_book(*, user: User, application: Application, starts_at: dt.datetime) -> Appointment:
    """Book the visit to hand over originals at ``starts_at`` (aware datetime).

    Slots: working days only, 09:00-18:00 Asia/Almaty without 13:00-14:00, in the future, at most
    ``settings.APPOINTMENT_SLOT_CAPACITY`` people per slot. Raises: NotAllowed; WrongState unless the
    documents are approved; ApplicationError if the slot is not an office slot or is full.
    """
    _require_filer(user, application)
    if application.state != State.DOCUMENTS_APPROVED:
        raise WrongState("An appointment can be booked once the Expat Centre has approved the documents.")
    if timezone.is_naive(starts_at):
        raise ApplicationError("The slot time must include its time zone.", code="bad_slot")
    if not workcalendar.is_office_slot(starts_at):
        raise ApplicationError(
            "Choose a slot on a working day between 09:00 and 18:00 (not 13:00-14:00), Astana time.",
            code="bad_slot",
        )
    if starts_at <= timezone.now():
        raise ApplicationError("Choose a slot in the future.", code="bad_slot")
    slot, _ = AppointmentSlot.objects.get_or_create(
        starts_at=starts_at, defaults={"capacity": settings.APPOINTMENT_SLOT_CAPACITY}
    )
    # Lock the slot row so two people cannot take its last place at the same moment.
    slot = AppointmentSlot.objects.select_for_update().get(pk=slot.pk)
    if slot.appointments.count() >= slot.capacity:
        raise ApplicationError("This slot is full; choose another time.", code="slot_full")
    appointment = Appointment.objects.create(application=application, slot=slot, booked_by=user)
    local = timezone.localtime(starts_at)
    _transition(
        application,
        actor=user,
        action=Action.BOOK_APPOINTMENT,
        method="book_appointment",
        reason=f"{local:%d.%m.%Y %H:%M} (Astana time)",
    )
    _notify_on_commit(application, "appointment_booked")
    return appointment


@transaction.atomic
def appointment_cancel(*, user: User, application: Application) -> Application:
    """Cancel the booked appointment so another can be booked. Raises: NotAllowed; WrongState."""
    if not (actable_by_filer(user, application) or user.role in (Role.OFFICER, Role.SUPERVISOR)):
        raise NotAllowed("Only the filer or an officer can cancel the appointment.")
    if application.state != State.APPOINTMENT_BOOKED:
        raise WrongState("There is no booked appointment to cancel.")
    Appointment.objects.filter(application=application).delete()
    _transition(application, actor=user, action=Action.CANCEL_APPOINTMENT, method="cancel_appointment")
    return application


@transaction.atomic
def originals_receive(*, user: User, application: Application) -> Application:
    """The officer received the original documents at the appointment. Raises: NotAllowed; WrongState."""
    _require_staff(user)
    _transition(application, actor=user, action=Action.RECEIVE_ORIGINALS, method="receive_originals")
    return application


@transaction.atomic
def authority_forward(*, user: User, application: Application) -> Application:
    """The officer forwarded the file to the state body (migration service). Raises: NotAllowed; WrongState."""
    _require_staff(user)
    _transition(application, actor=user, action=Action.FORWARD_TO_AUTHORITY, method="forward_to_authority")
    return application


@transaction.atomic
def application_issue(*, user: User, application: Application, decision_number: str) -> Application:
    """Record that the state body issued the document under ``decision_number``; queue the PDF on commit.

    Raises: NotAllowed; WrongState unless with the state body; ApplicationError without a number.
    """
    _require_staff(user)
    decision_number = decision_number.strip()
    if not decision_number:
        raise ApplicationError("Enter the number the state body issued.", code="number_required")
    _transition(
        application,
        actor=user,
        action=Action.ISSUE,
        method="issue",
        reason=f"No {decision_number}",
        decision_number=decision_number,
        at=timezone.now(),
    )
    _notify_on_commit(application, "issued")
    hook = issue_hook(application.service_code)
    if hook is not None:
        app_id = application.pk
        transaction.on_commit(lambda: hook(app_id))
    return application


@transaction.atomic
def application_refuse(*, user: User, application: Application, reason: str) -> Application:
    """Record a refusal (by the Expat Centre at review, or by the state body) with its reason.

    Raises: NotAllowed; WrongState; ApplicationError without a reason.
    """
    _require_staff(user)
    if not reason.strip():
        raise ApplicationError("Give the reason for the refusal.", code="reason_required")
    _transition(
        application,
        actor=user,
        action=Action.REFUSE,
        method="refuse",
        reason=reason.strip(),
        refusal_reason=reason.strip(),
        at=timezone.now(),
    )
    _notify_on_commit(application, "refused")
    return application


@transaction.atomic
def application_withdraw(*, user: User, application: Application, reason: str = "") -> Application:
    """The filer withdraws the application before a decision. Raises: NotAllowed; WrongState."""
    _require_filer(user, application)
    _transition(
        application,
        actor=user,
        action=Action.WITHDRAW,
        method="withdraw",
        reason=reason.strip(),
        withdrawal_reason=reason.strip(),
        at=timezone.now(),
    )
    Appointment.objects.filter(application=application).delete()
    return application


@transaction.atomic
def application_cancel(*, user: User, application: Application, reason: str) -> Application:
    """A supervisor cancels an open application (e.g. a duplicate). Raises: NotAllowed; WrongState; ApplicationError."""
    if user.role != Role.SUPERVISOR:
        raise NotAllowed("Only a supervisor can cancel an application.")
    if not reason.strip():
        raise ApplicationError("Give the reason for cancelling.", code="reason_required")
    _transition(
        application,
        actor=user,
        action=Action.CANCEL,
        method="cancel",
        reason=reason.strip(),
        cancellation_reason=reason.strip(),
        at=timezone.now(),
    )
    Appointment.objects.filter(application=application).delete()
    return application


def personal_data_viewed(*, user: User, application: Application, what: str) -> None:
    """Log that Expat Centre staff viewed personal data of an application (privacy audit, DESIGN.md)."""
    from .models import PersonalDataAccess

    PersonalDataAccess.objects.create(user=user, application=application, what=what[:128])
