"""Officer side: assignment, document review, requests for information, approval, term extension."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from applications.constants import MAX_TERM_EXTENSION_DAYS, Action, ReviewStatus, State
from applications.exceptions import (
    ApplicationError,
    Conflict,
    NotAllowed,
    WrongState,
)
from applications.models import (
    Application,
    DocumentUpload,
    InformationRequest,
)
from applications.registry import Step, TermUnit
from applications.selectors import all_documents_accepted
from applications.services._base import (
    _notify_on_commit,
    _record,
    _require_decider,
    _require_filer,
    _require_staff,
    _today,
    _transition,
    due_moment,
)
from qazeta.accounts.constants import Role
from qazeta.accounts.models import User
from qazeta.workcalendar import calendar as workcalendar


# --------------------------------------------------------------------------------------------- officer
@transaction.atomic
def application_assign(*, user: User, application: Application, officer: User) -> Application:
    """Assign ``officer`` (claim when ``officer`` is ``user``); a submitted application moves to review.

    Officers may claim unassigned work; only a supervisor reassigns work someone else holds.
    Raises: NotAllowed; ApplicationError if ``officer`` is not Expat Centre staff; WrongState when closed.
    """
    _require_staff(user)
    if officer.role not in (Role.OFFICER, Role.SUPERVISOR) or not officer.is_active:
        raise ApplicationError(
            gettext("Applications can only be assigned to Expat Centre officers."), code="bad_assignee"
        )
    if application.state in (State.DRAFT, State.ISSUED, State.REFUSED, State.WITHDRAWN, State.CANCELLED):
        raise WrongState(gettext("Only open, submitted applications can be assigned."))
    current = application.assigned_to_id
    if user.role != Role.SUPERVISOR and not (officer == user and current in (None, user.pk)):
        raise NotAllowed(gettext("Officers can claim unassigned applications; a supervisor reassigns work."))
    # Conditional update: two officers claiming at once cannot both win.
    updated = Application.objects.filter(pk=application.pk, assigned_to_id=current).update(
        assigned_to=officer, updated_at=timezone.now()
    )
    if not updated:
        raise Conflict(gettext("Someone else assigned this application a moment ago; reload to see who holds it."))
    application.assigned_to = officer
    _record(
        application,
        actor=user,
        action=Action.ASSIGN,
        from_state=application.state,
        reason=gettext("Assigned to %(value)s") % {"value": officer.get_full_name() or officer.username},
    )
    if application.state == State.SUBMITTED:
        _transition(application, actor=user, action=Action.START_REVIEW, method="start_review")
    return application


def _require_holder(user: User, application: Application) -> None:
    _require_decider(user, application)
    if application.state not in (State.IN_REVIEW,):
        raise WrongState(
            gettext(
                "This application is “%(label)s”; documents are reviewed, information "
                "requested and documents approved only while it is in review."
            )
            % {"label": State(application.state).label}
        )


@transaction.atomic
def document_review(*, user: User, upload: DocumentUpload, accept: bool, reason: str = "") -> DocumentUpload:
    """Accept or reject one uploaded document version (a reason is required to reject).

    Raises: NotAllowed; WrongState unless in review; ApplicationError if rejecting without a reason or
    reviewing a superseded version.
    """
    application = upload.application
    _require_holder(user, application)
    if not application.lifecycle.has(Step.DOCUMENT_REVIEW):
        raise WrongState(gettext("This service has no review of single documents; approve the application instead."))
    if not accept and not reason.strip():
        raise ApplicationError(gettext("Give the reason for rejecting the document."), code="reason_required")
    newest = application.uploads.filter(item_code=upload.item_code).aggregate(v=Max("version"))["v"]
    if upload.version != newest:
        raise ApplicationError(gettext("A newer version of this document was uploaded; review that one."), code="stale")
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
        raise ApplicationError(gettext("Write what the filer must provide."), code="message_required")
    item_codes = list(item_codes or [])
    codes = {r.code for r in application.service.checklist(application.checklist_facts())}
    unknown = [c for c in item_codes if c not in codes]
    if unknown:
        raise ApplicationError(
            gettext("Not on the checklist: %(value)s.") % {"value": ", ".join(unknown)}, code="unknown_item"
        )
    today = _today()
    remaining = 0
    if application.due_date and application.lifecycle.term_unit == TermUnit.WORKING_DAYS:
        remaining = workcalendar.working_days_between(today, application.due_date)
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
        raise WrongState(gettext("There is no open request for information on this application."))
    request = application.information_requests.filter(answered_at__isnull=True).order_by("-requested_at").first()
    if request is None:  # pragma: no cover - the state guarantees one; keep the error clear if data was edited
        raise WrongState(gettext("There is no open request for information on this application."))
    if not answer.strip():
        raise ApplicationError(gettext("Write an answer for the Expat Centre."), code="answer_required")
    missing = [
        code
        for code in request.item_codes
        if not application.uploads.filter(item_code=code, uploaded_at__gt=request.requested_at).exists()
    ]
    if missing:
        names = ", ".join(application.service.document(c).name for c in missing)
        raise ApplicationError(gettext("Upload a new file for: %(names)s.") % {"names": names}, code="items_missing")
    today = _today()
    due_at = None
    if application.lifecycle.term_unit == TermUnit.WORKING_DAYS:
        remaining = application.clock_remaining_working_days or 0
        if remaining >= 0:
            due = workcalendar.add_working_days(today, remaining)
        else:
            due = workcalendar.subtract_working_days(today, -remaining)
    else:
        # A term in minutes starts again from the answer: it counts the officer's work on a complete file.
        due, due_at = due_moment(application, timezone.now())
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
        due_at=due_at,
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
    if application.lifecycle.has(Step.DOCUMENT_REVIEW) and not all_documents_accepted(application):
        raise ApplicationError(
            gettext("Accept every document before approving (or request information for the rejected ones)."),
            code="documents_not_accepted",
        )
    _transition(application, actor=user, action=Action.APPROVE_DOCUMENTS, method="approve_documents")
    _notify_on_commit(application, "documents_approved")
    return application


@transaction.atomic
def application_extend_term(*, user: User, application: Application, days: int, reason: str) -> Application:
    """Extend the service-level term by ``days`` calendar days for state-body delays (at most 30 in total).

    Only for services whose lifecycle has the guide's 30-day note (``Lifecycle.term_extension``: the visa
    invitation and issuance services). Source: guide 2025, "may be extended by up to 30 calendar days".
    The cap holds across parallel requests: the row is locked and the days used are read under the lock.
    Returns ``application`` with ``term_extension_days`` and ``due_date`` as saved.
    Raises: NotAllowed; WrongState when the service has no such extension or the application is closed;
    ApplicationError (``extension_limit``, ``reason_required``).
    """
    _require_decider(user, application)
    if not application.lifecycle.term_extension:
        raise WrongState(
            gettext("The guide allows no term extension for this service (only for visa invitations and issuance)."),
        )
    # Two officers extending at once, each on the row they loaded: without the lock both see the days used before
    # either extension and both pass the cap (20 + 20 > 30). The second now waits here for the first to commit and
    # checks the cap against what it wrote. (SQLite has no row locks, but it lets one writer at a time in.)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.due_date is None or locked.state in (
        State.ISSUED,
        State.REFUSED,
        State.WITHDRAWN,
        State.CANCELLED,
    ):
        raise WrongState(gettext("Only an open, submitted application's term can be extended."))
    if days < 1 or locked.term_extension_days + days > MAX_TERM_EXTENSION_DAYS:
        raise ApplicationError(
            gettext(
                "The term can be extended by at most %(MAX_TERM_EXTENSION_DAYS)s "
                "calendar days in total (%(term_extension_days)s used)."
            )
            % {"MAX_TERM_EXTENSION_DAYS": MAX_TERM_EXTENSION_DAYS, "term_extension_days": locked.term_extension_days},
            code="extension_limit",
        )
    if not reason.strip():
        raise ApplicationError(gettext("Give the reason for the extension."), code="reason_required")
    locked.term_extension_days += days
    locked.due_date = locked.due_date + dt.timedelta(days=days)
    locked.save(update_fields=["term_extension_days", "due_date", "updated_at"])
    _record(
        locked,
        actor=user,
        action=Action.EXTEND_TERM,
        from_state=locked.state,
        reason=f"+{days} calendar days: {reason.strip()}",
    )
    application.term_extension_days = locked.term_extension_days
    application.due_date = locked.due_date
    application.updated_at = locked.updated_at
    return application
