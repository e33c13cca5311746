"""Appointment, originals, the state body's outcome, withdrawal and cancellation; the privacy log."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from applications.constants import Action, State
from applications.exceptions import (
    ApplicationError,
    NotAllowed,
    WrongState,
)
from applications.models import (
    Application,
    Appointment,
    AppointmentSlot,
    PersonalDataAccess,
)
from applications.registry import issue_hook
from applications.selectors import actable_by_filer
from applications.services._base import (
    _notify_on_commit,
    _require_filer,
    _require_staff,
    _transition,
)
from qazeta.accounts.constants import Role
from qazeta.accounts.models import User
from qazeta.workcalendar import calendar as workcalendar


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
    PersonalDataAccess.objects.create(user=user, application=application, what=what[:128])
