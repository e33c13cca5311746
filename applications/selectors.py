"""Reads of the case engine: who sees what, checklists, the officer queue, the timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from qazeta.accounts.constants import Role
from qazeta.accounts.models import User
from qazeta.workcalendar.calendar import WorkingCalendar

from .catalogue import DocumentRequirement
from .constants import FINAL_STATES, ReviewStatus, State
from .models import Application, DocumentUpload, StatusChange


def visible_applications(user: User) -> QuerySet[Application]:
    """Applications ``user`` may see: staff see all; employer members their organisations'; applicants theirs.

    Anything outside this queryset is answered with 404 (not 403), so its existence is not revealed.
    """
    qs = Application.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.role in (Role.OFFICER, Role.SUPERVISOR):
        return qs
    own = Q(filer=user) | Q(person__account=user)
    if user.role == Role.EMPLOYER:
        return qs.filter(own | Q(organisation__memberships__user=user)).distinct()
    return qs.filter(own)


def actable_by_filer(user: User, application: Application) -> bool:
    """Whether ``user`` may act for the filing side (upload, submit, answer, book, withdraw).

    The filer, any member of the host party, or the self-applicant who filed it. A person given an
    applicant login by their employer sees their application but does not act on it.
    """
    if application.filer_id == user.pk:
        return True
    if application.organisation_id is not None:
        return user.memberships.filter(organisation_id=application.organisation_id).exists()
    return False


@dataclass(frozen=True)
class ChecklistRow:
    """One checklist item of an application with its current (newest) upload and older versions."""

    requirement: DocumentRequirement
    current: DocumentUpload | None
    history: tuple[DocumentUpload, ...]

    @property
    def status(self) -> str:
        """ "missing", or the current upload's review status ("pending", "accepted", "rejected")."""
        return "missing" if self.current is None else self.current.review_status


def checklist_status(application: Application) -> list[ChecklistRow]:
    """The application's checklist (service documents filtered by its facts) with uploads; one query."""
    service = application.service
    requirements = service.checklist(application.checklist_facts())
    by_item: dict[str, list[DocumentUpload]] = {}
    uploads = application.uploads.all()  # uses a prefetch when the caller made one
    for upload in sorted(uploads, key=lambda u: (u.item_code, -u.version)):
        by_item.setdefault(upload.item_code, []).append(upload)
    rows = []
    for req in requirements:
        versions = by_item.get(req.code, [])
        rows.append(ChecklistRow(req, versions[0] if versions else None, tuple(versions[1:])))
    return rows


def all_documents_accepted(application: Application) -> bool:
    """True when every checklist item that has an upload is accepted and every required item has one."""
    for row in checklist_status(application):
        if row.current is None:
            if row.requirement.required:
                return False
        elif row.current.review_status != ReviewStatus.ACCEPTED:
            return False
    return True


def timeline(application: Application) -> QuerySet[StatusChange]:
    """The application's timeline, oldest first, with the actor loaded."""
    return application.status_changes.select_related("actor")


@dataclass(frozen=True)
class QueueRow:
    application: Application
    working_days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.working_days_left is not None and self.working_days_left < 0


def officer_queue(
    *,
    service: str = "",
    state: str = "",
    assignee: str = "",
    include_closed: bool = False,
) -> QuerySet[Application]:
    """The officer queue: applications sorted by due date (soonest first, drafts never shown).

    ``service``: a service code; ``state``: one state (closed states included then); ``assignee``: a user id,
    or ``"none"`` for unassigned (anything else matches nothing); ``include_closed``: also issued, refused,
    withdrawn and cancelled ones. Loads the person, organisation and assignee in the same query (no N+1
    whatever the page size).
    """
    qs = (
        Application.objects.exclude(state=State.DRAFT)
        .select_related("person", "organisation", "assigned_to")
        .order_by("due_date", "submitted_at", "pk")
    )
    if not include_closed and not state:
        qs = qs.exclude(state__in=FINAL_STATES)
    if service:
        qs = qs.filter(service_code=service)
    if state:
        qs = qs.filter(state=state)
    if assignee == "none":
        qs = qs.filter(assigned_to__isnull=True)
    elif assignee.isdigit():
        qs = qs.filter(assigned_to_id=int(assignee))
    elif assignee:
        qs = qs.none()
    return qs


def with_working_days_left(applications: list[Application], *, today: dt.date | None = None) -> list[QueueRow]:
    """Pair each application with the working days left to its due date (negative when overdue).

    Paused clocks (information requested) report the remaining days frozen at the pause. One calendar
    is built for the whole page (one query for the overrides).
    """
    today = today or timezone.localdate()
    cal = WorkingCalendar.from_db()
    rows = []
    for app in applications:
        if app.state == State.INFORMATION_REQUESTED:
            left = app.clock_remaining_working_days
        elif app.due_date is None or app.state in FINAL_STATES:
            left = None
        else:
            left = cal.working_days_between(today, app.due_date)
        rows.append(QueueRow(app, left))
    return rows


def application_detail_queryset(user: User) -> QuerySet[Application]:
    """Visible applications with everything the detail page needs loaded up front."""
    return (
        visible_applications(user)
        .select_related("person", "organisation", "assigned_to", "filer", "principal_application__person")
        .prefetch_related(
            Prefetch("uploads", queryset=DocumentUpload.objects.order_by("item_code", "-version")),
            "dependants__person",
        )
    )


def free_slots(day: dt.date) -> list[tuple[dt.datetime, int]]:
    """Office slots of ``day`` still in the future with the places left in each (Astana time).

    Working days only, 09:00-18:00 without 13:00-14:00 (workcalendar.office_slots); one query for the
    bookings of the day. Full slots are left out.
    """
    from django.conf import settings
    from django.db.models import Count

    from qazeta.workcalendar import calendar as workcalendar

    from .models import AppointmentSlot

    starts = workcalendar.office_slots(day, slot_minutes=settings.APPOINTMENT_SLOT_MINUTES)
    if not starts:
        return []
    booked = {
        slot.starts_at: (slot.capacity, slot.n)
        for slot in AppointmentSlot.objects.filter(starts_at__in=starts).annotate(n=Count("appointments"))
    }
    now = timezone.now()
    result = []
    for start in starts:
        capacity, taken = booked.get(start, (settings.APPOINTMENT_SLOT_CAPACITY, 0))
        if start > now and taken < capacity:
            result.append((start, capacity - taken))
    return result
