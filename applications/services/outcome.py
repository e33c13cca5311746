"""Appointment, originals, the state body's outcome, withdrawal and cancellation; the privacy log."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from applications.constants import Action, State
from applications.exceptions import (
    ApplicationError,
    NotAllowed,
    WrongState,
)
from applications.hooks import booking_waits_for
from applications.models import (
    Application,
    Appointment,
    AppointmentSlot,
)
from applications.registry import Outcome, Step
from applications.selectors import actable_by_filer, family_applications, originals_to_bring
from applications.services import outputs
from applications.services._base import (
    _notify_on_commit,
    _require_decider,
    _require_filer,
    _transition,
)
from qazeta.accounts.models import User
from qazeta.accounts.services import personal_data_access_record
from qazeta.workcalendar import calendar as workcalendar


# --------------------------------------------------------------------------------------------- appointment
def _family_to_book(user: User, application: Application) -> list[Application]:
    """The family's applications (``selectors.family_applications``) this filer can book now: the service has a
    visit, the documents are approved, the filer may act. Raises ApplicationError when only this one is."""
    members = [
        member
        for member in family_applications(application)
        if member.state == State.DOCUMENTS_APPROVED
        and member.lifecycle.has(Step.APPOINTMENT)
        and actable_by_filer(user, member)
    ]
    if application not in members or len(members) < 2:
        raise ApplicationError(
            gettext("No other person of this family can book now; book this person's own slot."), code="no_family"
        )
    return members


@transaction.atomic
def appointment_book(
    *, user: User, application: Application, starts_at: dt.datetime, family: bool = False
) -> Appointment:
    """Book the visit to hand over originals at ``starts_at`` (aware datetime); returns ``application``'s.

    Slots: working days only, 09:00-18:00 Asia/Almaty without 13:00-14:00, in the future, at most
    ``settings.APPOINTMENT_SLOT_CAPACITY`` people per slot. ``family``: one slot for the whole family (the
    principal's application and those linked to it through ``principal_application`` whose documents are approved),
    one place per person, one confirmation for all; otherwise each person books their own. A visit starting
    within ``APPOINTMENT_REMINDER_HOURS`` is confirmed by booking it (there is no time left to remind).

    Raises: NotAllowed; WrongState unless the documents are approved, or (code ``booking_waits``) while a booking
    gate (``applications.hooks``) says wait; ApplicationError if the slot is not an
    office slot, is in the past or has too few places, or if ``family`` and no other family member can book.
    """
    _require_filer(user, application)
    if application.state != State.DOCUMENTS_APPROVED:
        raise WrongState(gettext("An appointment can be booked once the Expat Centre has approved the documents."))
    waits = booking_waits_for(application)
    if waits:
        # A booking gate (settings.APPOINTMENT_BOOKING_GATES, e.g. the payment) says the visit must wait.
        raise WrongState(waits, code="booking_waits")
    if timezone.is_naive(starts_at):
        raise ApplicationError(gettext("The slot time must include its time zone."), code="bad_slot")
    if not workcalendar.is_office_slot(starts_at, slot_minutes=settings.APPOINTMENT_SLOT_MINUTES):
        raise ApplicationError(
            gettext("Choose a slot on a working day between 09:00 and 18:00 (not 13:00-14:00), Astana time."),
            code="bad_slot",
        )
    now = timezone.now()
    if starts_at <= now:
        raise ApplicationError(gettext("Choose a slot in the future."), code="bad_slot")
    members = _family_to_book(user, application) if family else [application]
    slot, _ = AppointmentSlot.objects.get_or_create(
        starts_at=starts_at, defaults={"capacity": settings.APPOINTMENT_SLOT_CAPACITY}
    )
    # Lock the slot row so two people cannot take its last place at the same moment.
    slot = AppointmentSlot.objects.select_for_update().get(pk=slot.pk)
    left = slot.capacity - slot.appointments.count()
    if left < len(members):
        if len(members) > 1:
            raise ApplicationError(
                gettext("This slot has %(value)s place(s) left and the family needs %(value2)s; choose another time.")
                % {"value": max(left, 0), "value2": len(members)},
                code="slot_full",
            )
        raise ApplicationError(gettext("This slot is full; choose another time."), code="slot_full")
    within_reminder = starts_at - now <= dt.timedelta(hours=settings.APPOINTMENT_REMINDER_HOURS)
    group = uuid.uuid4() if len(members) > 1 else None
    local = timezone.localtime(starts_at)
    booked: dict[int, Appointment] = {}
    for member in members:
        booked[member.pk] = Appointment.objects.create(
            application=member,
            slot=slot,
            booked_by=user,
            group=group,
            confirmed_at=now if within_reminder else None,
        )
        reason = gettext("%(local)s (Astana time)") % {"local": format(local, "%d.%m.%Y %H:%M")}
        _transition(
            member,
            actor=user,
            action=Action.BOOK_APPOINTMENT,
            method="book_appointment",
            reason=gettext("%(reason)s, with the family") % {"reason": reason} if group else reason,
        )
        _notify_on_commit(member, "appointment_booked")
    return booked[application.pk]


def _confirm_deadline(appointment: Appointment) -> dt.datetime:
    return appointment.slot.starts_at - dt.timedelta(hours=settings.APPOINTMENT_CONFIRM_HOURS)


@transaction.atomic
def appointment_confirm(*, user: User, application: Application) -> Appointment:
    """The filer confirms the booked visit (the reminder's link); a family's appointment booked together is
    confirmed for every person in it. Confirming twice changes nothing.

    Raises: NotAllowed; WrongState without a booked appointment; ApplicationError after the deadline
    (``APPOINTMENT_CONFIRM_HOURS`` hours before the slot, the Expat Centre's rule).
    """
    _require_filer(user, application)
    appointment = Appointment.objects.select_for_update().select_related("slot").filter(application=application).first()
    # A family member's row may be stale here: the family booking moved it; read the state as stored.
    state = Application.objects.filter(pk=application.pk).values_list("state", flat=True).first()
    if state != State.APPOINTMENT_BOOKED or appointment is None:
        raise WrongState(gettext("There is no booked appointment to confirm."))
    if appointment.confirmed_at is not None:
        return appointment
    if timezone.now() >= _confirm_deadline(appointment):
        raise ApplicationError(
            gettext(
                "Appointments must be confirmed %(APPOINTMENT_CONFIRM_HOURS)s hours "
                "before the visit; this one was not and is being cancelled. Book "
                "another time."
            )
            % {"APPOINTMENT_CONFIRM_HOURS": settings.APPOINTMENT_CONFIRM_HOURS},
            code="confirm_too_late",
        )
    now = timezone.now()
    together = Appointment.objects.filter(pk=appointment.pk)
    if appointment.group is not None:
        together = Appointment.objects.filter(group=appointment.group)
    together.filter(confirmed_at__isnull=True).update(confirmed_at=now)
    appointment.confirmed_at = now
    return appointment


@transaction.atomic
def appointment_cancel(*, user: User, application: Application) -> Application:
    """Cancel the booked appointment so another can be booked (this person's only, even when the family booked
    together). Raises: NotAllowed; WrongState."""
    if not (actable_by_filer(user, application) or user.has_perm("applications.decide", application)):
        raise NotAllowed(gettext("Only the filer or an officer can cancel the appointment."))
    if application.state != State.APPOINTMENT_BOOKED:
        raise WrongState(gettext("There is no booked appointment to cancel."))
    Appointment.objects.filter(application=application).delete()
    _transition(application, actor=user, action=Action.CANCEL_APPOINTMENT, method="cancel_appointment")
    return application


def appointments_sweep(now: dt.datetime | None = None) -> tuple[int, int]:
    """The visits' confirmation rule, run by the beat task ``sweep_appointments``; returns ``(reminded, cancelled)``.

    Reminder: an unconfirmed appointment whose slot starts within ``APPOINTMENT_REMINDER_HOURS`` (48: the day
    before the deadline) gets the ``appointment_reminder`` e-mail with the link to confirm, once
    (``reminded_at``). Cancellation: one still unconfirmed ``APPOINTMENT_CONFIRM_HOURS`` (24) before its slot is
    deleted, its place freed, the application back to "documents approved" (timeline: no actor) and the filer
    told (``appointment_lapsed``). Each appointment is handled in its own transaction with its row locked and its
    conditions read again, so a second run, or two at once, does nothing twice.
    """
    now = now or timezone.now()
    reminder = dt.timedelta(hours=settings.APPOINTMENT_REMINDER_HOURS)
    deadline = dt.timedelta(hours=settings.APPOINTMENT_CONFIRM_HOURS)
    open_ = Appointment.objects.filter(confirmed_at__isnull=True, application__state=State.APPOINTMENT_BOOKED)
    cancelled = 0
    for pk in open_.filter(slot__starts_at__lte=now + deadline).values_list("pk", flat=True):
        with transaction.atomic():
            appointment = (
                Appointment.objects.select_for_update()
                .select_related("slot", "application")
                .filter(pk=pk, confirmed_at__isnull=True, slot__starts_at__lte=now + deadline)
                .first()
            )
            if appointment is None or appointment.application.state != State.APPOINTMENT_BOOKED:
                continue
            application = appointment.application
            local = timezone.localtime(appointment.slot.starts_at)
            appointment.delete()
            _transition(
                application,
                actor=None,
                action=Action.CANCEL_APPOINTMENT,
                method="cancel_appointment",
                reason=gettext("%(local)s: not confirmed %(APPOINTMENT_CONFIRM_HOURS)s hours before")
                % {
                    "local": format(local, "%d.%m.%Y %H:%M"),
                    "APPOINTMENT_CONFIRM_HOURS": settings.APPOINTMENT_CONFIRM_HOURS,
                },
            )
            _notify_on_commit(application, "appointment_lapsed")
            cancelled += 1
    reminded = 0
    due = open_.filter(
        reminded_at__isnull=True, slot__starts_at__gt=now + deadline, slot__starts_at__lte=now + reminder
    )
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            appointment = (
                Appointment.objects.select_for_update()
                .select_related("application")
                .filter(pk=pk, reminded_at__isnull=True, confirmed_at__isnull=True)
                .first()
            )
            if appointment is None or appointment.application.state != State.APPOINTMENT_BOOKED:
                continue
            appointment.reminded_at = now
            appointment.save(update_fields=["reminded_at"])
            _notify_on_commit(appointment.application, "appointment_reminder")
            reminded += 1
    return reminded, cancelled


@transaction.atomic
def originals_receive(*, user: User, application: Application, received: Iterable[str] = ()) -> Application:
    """The officer received the original documents at the appointment, ticking each one.

    ``received``: the checklist item codes of the originals handed over; every item of
    ``selectors.originals_to_bring`` must be among them (they are stored on the appointment with who and when).
    Allowed on or after the appointment's Astana day, never before. Raises: NotAllowed; WrongState without a
    booked appointment; ApplicationError before the day, for an unticked original or an unknown item.
    """
    _require_decider(user, application)
    appointment = Appointment.objects.select_for_update().select_related("slot").filter(application=application).first()
    if application.state != State.APPOINTMENT_BOOKED or appointment is None:
        raise WrongState(gettext("The originals are received at a booked appointment; none is booked."))
    day = timezone.localdate(appointment.slot.starts_at)
    if timezone.localdate() < day:
        raise ApplicationError(
            gettext(
                "The originals can be marked received on the day of the appointment (%(day)s) or later, not before."
            )
            % {"day": format(day, "%d.%m.%Y")},
            code="before_appointment_day",
        )
    expected = {row.requirement.code: row.requirement.name for row in originals_to_bring(application)}
    ticked = list(dict.fromkeys(received))
    unknown = [code for code in ticked if code not in expected]
    if unknown:
        raise ApplicationError(
            gettext("“%(value)s” is not an original of this application.") % {"value": unknown[0]}, code="bad_original"
        )
    missing = [name for code, name in expected.items() if code not in ticked]
    if missing:
        raise ApplicationError(
            gettext("Tick each original received; not ticked: %(value)s.") % {"value": ", ".join(missing)},
            code="originals_missing",
        )
    appointment.originals_received = [code for code in expected if code in ticked]
    appointment.originals_received_at = timezone.now()
    appointment.originals_received_by = user
    appointment.save(update_fields=["originals_received", "originals_received_at", "originals_received_by"])
    _transition(
        application,
        actor=user,
        action=Action.RECEIVE_ORIGINALS,
        method="receive_originals",
        reason=", ".join(expected[c] for c in appointment.originals_received),
    )
    return application


@transaction.atomic
def authority_forward(*, user: User, application: Application) -> Application:
    """The officer forwarded the file to the state body (migration service). Raises: NotAllowed; WrongState."""
    _require_decider(user, application)
    _transition(application, actor=user, action=Action.FORWARD_TO_AUTHORITY, method="forward_to_authority")
    return application


def _outcome_values(application: Application, outcome: Outcome, values: Mapping[str, Any] | None) -> dict[str, Any]:
    """Check the service model's fields the officer fills for ``outcome`` (``ServiceDefinition.outcome_fields``).

    Each is required and validated by its model field (type, length, validators). Returns the cleaned values;
    raises ApplicationError naming the first field at fault.
    """
    from django.core.exceptions import ValidationError

    values = dict(values or {})
    names = application.definition.outcome_fields.get(outcome, ())
    unknown = set(values) - set(names)
    if unknown:
        raise ApplicationError(
            gettext("“%(value)s” is not recorded with this outcome.") % {"value": sorted(unknown)[0]}, code="bad_field"
        )
    cleaned = {}
    for name in names:
        field = application._meta.get_field(name)
        raw = values.get(name)
        if raw in (None, ""):
            raise ApplicationError(
                gettext("Enter the %(verbose_name)s.") % {"verbose_name": field.verbose_name}, code=f"{name}_required"
            )
        try:
            cleaned[name] = field.clean(raw, application)
        except ValidationError as exc:
            raise ApplicationError(
                gettext("%(verbose_name)s: %(value)s")
                % {"verbose_name": field.verbose_name, "value": " ".join(exc.messages)},
                code=f"invalid_{name}",
            ) from None
    return cleaned


def _decide(
    application: Application,
    *,
    outcome: Outcome,
    fields: Mapping[str, Any] | None,
    attachments: Mapping[str, UploadedFile] | None,
    transition: Callable[[Application], None],
) -> Application:
    """Record an outcome: check the officer's fields and the attached scans first, then transition, keep the
    fields and scans, run the service's outcome hook, and queue the generated documents, all in one transaction.
    """
    specific = application.specific()
    definition = specific.definition
    cleaned = _outcome_values(specific, outcome, fields)
    checked = outputs.check_received_outputs(definition, outcome, attachments)
    for name, value in cleaned.items():
        setattr(specific, name, value)
    transition(specific)  # saves the row, the officer's fields with it
    outputs.store_received_outputs(specific, outcome, checked)
    if definition.on_outcome is not None:
        definition.on_outcome(specific, outcome)
    outputs.queue_generated_outputs(specific, outcome)
    return specific


@transaction.atomic
def application_issue(
    *,
    user: User,
    application: Application,
    decision_number: str = "",
    fields: Mapping[str, Any] | None = None,
    attachments: Mapping[str, UploadedFile] | None = None,
) -> Application:
    """Record that the service was issued; queue the service's generated documents on commit.

    Called where the service's lifecycle takes the decision (``Lifecycle.decision_state``: with the state
    body, after the originals, or after approval). ``decision_number``: the state body's number, required
    when the service asks for it (``ServiceDefinition.asks_decision_number``). ``fields``: the service model's
    fields the officer records at issue (e.g. the IIN). ``attachments``: ``{output kind: file}``, the scans of
    the documents the state body issued (received outputs), each required.

    Raises: NotAllowed; WrongState when the service does not decide in this state; ApplicationError for a
    missing number or field; UploadRejected for a missing or bad scan. Nothing is written when it raises.
    """
    _require_decider(user, application)
    decision_number = decision_number.strip()
    if application.definition.asks_decision_number and not decision_number:
        raise ApplicationError(gettext("Enter the number the state body issued."), code="number_required")
    limit = Application._meta.get_field("decision_number").max_length
    if len(decision_number) > limit:
        raise ApplicationError(
            gettext("The number is at most %(limit)s characters long.") % {"limit": limit}, code="invalid_number"
        )

    def transition(specific: Application) -> None:
        _transition(
            specific,
            actor=user,
            action=Action.ISSUE,
            method="issue",
            reason=f"No {decision_number}" if decision_number else "",
            decision_number=decision_number,
            at=timezone.now(),
        )

    specific = _decide(
        application, outcome=Outcome.ISSUED, fields=fields, attachments=attachments, transition=transition
    )
    _notify_on_commit(specific, "issued")
    return specific


@transaction.atomic
def application_refuse(
    *,
    user: User,
    application: Application,
    reason: str = "",
    grounds: list[str] | None = None,
    attachments: Mapping[str, UploadedFile] | None = None,
) -> Application:
    """Record a refusal (by the Expat Centre at review, or where the service is decided) with its reason.

    Services that declare ``refusal_grounds`` are refused on one or more of those grounds (codes in
    ``grounds``, kept in ``refusal_grounds``; ``reason`` then adds optional detail); the others need a free-text
    ``reason``. ``refusal_reason`` keeps the officer's own words; ``Application.refusal_text`` joins both. The service's
    refusal documents (e.g. a refusal notice) follow on commit. Raises: NotAllowed; WrongState;
    ApplicationError without a reason or with an unknown ground.
    """
    _require_decider(user, application)
    reason = reason.strip()
    grounds = list(dict.fromkeys(grounds or []))
    declared = dict(application.definition.refusal_grounds)
    unknown = [g for g in grounds if g not in declared]
    if unknown:
        raise ApplicationError(
            gettext("Unknown refusal ground “%(value)s”.") % {"value": unknown[0]}, code="bad_ground"
        )
    if declared and not grounds:
        raise ApplicationError(gettext("Choose the grounds for the refusal."), code="grounds_required")
    if not declared and not reason:
        raise ApplicationError(gettext("Give the reason for the refusal."), code="reason_required")
    ordered = [code for code in declared if code in grounds]
    text = "; ".join([*(str(declared[c]) for c in ordered), *([reason] if reason else [])])

    def transition(specific: Application) -> None:
        _transition(
            specific,
            actor=user,
            action=Action.REFUSE,
            method="refuse",
            reason=text,
            refusal_reason=reason,
            refusal_grounds=ordered,
            at=timezone.now(),
        )

    specific = _decide(
        application, outcome=Outcome.REFUSED, fields=None, attachments=attachments, transition=transition
    )
    _notify_on_commit(specific, "refused")
    return specific


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
    if not user.has_perm("applications.cancel", application):
        raise NotAllowed(gettext("Only a supervisor can cancel an application."))
    if not reason.strip():
        raise ApplicationError(gettext("Give the reason for cancelling."), code="reason_required")
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


def personal_data_viewed(
    *,
    user: User,
    what: str,
    application: Application | None = None,
    applications: Iterable[Application] = (),
) -> None:
    """Log that Expat Centre staff saw persons' data: of one ``application`` or of a list of ``applications``.

    One row either way (``qazeta.accounts.models.PersonalDataAccess``), naming the person of every application shown
    and the applications' ids. For one application ``what`` gets its reference ("officer application page
    EC-2026-000012"); a list says where it was ("officer queue page 2") and an empty list logs nothing. Only staff
    reads are logged: for anyone else this does nothing (privacy audit: DESIGN.md, "Audit and privacy"; issue 6, §5).
    """
    rows = [application] if application is not None else list(applications)
    if not rows:
        return
    if application is not None:
        what = f"{what} {application.reference or f'#{application.pk}'}"
    personal_data_access_record(
        user=user,
        what=what,
        persons=[row.person_id for row in rows],
        object_ids={"application": [row.pk for row in rows]},
    )
