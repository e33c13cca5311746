"""Reads of the case engine: who sees what, checklists, the officer queue, the timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, F, Prefetch, Q, QuerySet, When
from django.utils import timezone

from qazeta.accounts.constants import Role
from qazeta.accounts.models import Person, User
from qazeta.countries.models import Country
from qazeta.countries.selectors import Certification
from qazeta.permissions import visible_applications_q
from qazeta.workcalendar.calendar import WorkingCalendar

from .catalogue import DocumentRequirement
from .constants import FINAL_STATES, ReviewStatus, State
from .hooks import booking_waits_for
from .models import OPEN_STATES, Application, DocumentUpload, StatusChange
from .registry import OnRecord, Reference, ServiceDefinition, get_registry


def visible_applications(user: User, *, probe_own: bool = True) -> QuerySet[Application]:
    """Applications ``user`` may see (``qazeta.permissions.visible_applications_q``): staff every submitted one;
    members their host parties' (current membership); applicants their own.

    Anything outside this queryset is answered with 404 (not 403), so its existence is not revealed.

    For a filer the same rows are selected from ids resolved first (the user's organisations and persons, read
    once per request: ``qazeta.accounts.scope``; and whether they filed any application of their own), so the
    list is ``organisation_id IN (…) OR filer_id = … OR person_id IN (…)`` on the application table alone, each
    branch only when it can hold rows: index scans, no join, no ``DISTINCT`` (issue 10). A draft filed between
    the check and the read shows on the next page load. ``probe_own=False`` keeps the self-application branch
    without asking whether it holds rows: for a lookup by primary key, where the OR costs nothing.
    """
    from qazeta.permissions import is_signed_in, is_staff

    if not is_signed_in(user) or is_staff(user):
        return Application.objects.filter(visible_applications_q(user))
    from qazeta.accounts import scope

    organisations = list(scope.memberships(user))
    persons = scope.own_person_ids(user)
    branches = []
    if organisations:
        branches.append(Q(organisation_id__in=organisations))
    if persons:
        branches.append(Q(person_id__in=persons))
    own = Q(organisation__isnull=True, filer=user)
    # Only the branches that hold rows: an employer's list is then one organisation's, read in the order of
    # its index (organisation, -created_at) instead of filtering the whole history by an OR.
    if not branches or not probe_own or Application.objects.filter(own).exists():
        branches.append(own)
    q = branches[0]
    for branch in branches[1:]:
        q |= branch
    return Application.objects.filter(q)


def actable_by_filer(user: User, application: Application) -> bool:
    """Whether ``user`` may act for the filing side (upload, submit, answer, book, withdraw).

    ``applications.act_as_filer`` (qazeta/permissions.py): a current member of the host party, or the
    self-applicant who filed it; never staff. A person given an applicant login by their employer sees their
    application but does not act on it.
    """
    return user.has_perm("applications.act_as_filer", application)


# --------------------------------------------------------------------------------------------- foreign documents
#: The code of Kazakhstan: its own public documents are not foreign and need nothing.
KAZAKHSTAN = "KZ"


@dataclass(frozen=True)
class ItemCertification:
    """What a foreign public document of one checklist item needs for its issuing state (Decree 1242 p.2.4).

    ``state``: the issuing state (None when unknown: the person's citizenship is not in the table and no state
    was given); ``chosen``: the state the filer gave with the upload (True) or the default, the person's
    citizenship (False); ``on``: the day the answer holds for (the upload day, else today, Astana time);
    ``certification``: ``qazeta.countries.selectors.certification_for`` of that state and day.

    Filers read :attr:`filer_text` (an answer resting on an unconfirmed cell of the country table reads "as the
    Expat Centre confirms", its convention left out); officers read ``certification.text``, the reason, the
    provenance of each cell (:attr:`sources`) and the unconfirmed flag.
    """

    state: Country | None
    chosen: bool
    on: dt.date
    certification: Certification

    @property
    def state_code(self) -> str:
        return self.state.code if self.state is not None else ""

    @property
    def state_name(self) -> str:
        return self.state.local_name if self.state is not None else ""

    @property
    def kind(self) -> str:
        return str(self.certification.kind)

    @property
    def unconfirmed(self) -> bool:
        return self.certification.unconfirmed

    @property
    def filer_text(self) -> str:
        """The requirement in the filer's words: never an unconfirmed cell stated as fact."""
        from django.utils.translation import gettext as _

        from qazeta.countries.selectors import CertificationKind

        text = self.certification.text
        if not self.unconfirmed or self.certification.kind == CertificationKind.UNKNOWN:
            return text  # UNKNOWN's own text already says the Expat Centre confirms
        return _("%(requirement)s, as the Expat Centre confirms.") % {"requirement": text.rstrip(".")}

    @property
    def filer_reason(self) -> str:
        """The convention behind the answer for a filer; empty when it rests on an unconfirmed cell."""
        return "" if self.unconfirmed else self.certification.reason

    @property
    def sources(self) -> list[dict[str, object]]:
        """For officers: the provenance of each country-table cell the answer rests on:
        ``[{"field", "label", "source", "note", "checked_on" (ISO date or None), "unconfirmed"}]``."""
        if self.state is None:
            return []
        return [
            {"field": name, "label": str(Country._meta.get_field(name).verbose_name), **self.state.cell(name)}
            for name in self.certification.cells
        ]


def _certification(country: Country | None, on: dt.date) -> Certification:
    """``certification_for`` of ``country`` on ``on``; a Kazakh document (not foreign at all) needs nothing."""
    from django.utils.translation import gettext as _

    from qazeta.countries.selectors import CertificationKind, certification_for

    if country is not None and country.code == KAZAKHSTAN:
        return Certification(
            country,
            CertificationKind.NONE,
            _("Issued in Kazakhstan: no apostille, legalisation or translation."),
            _("A Kazakh public document is not a foreign one"),
            False,
        )
    return certification_for(country.code if country is not None else None, on=on)


def default_issuing_state(person: Person) -> Country | None:
    """The state a person's foreign public documents are taken to come from until the filer says otherwise: the
    person's nationality, else the passport's issuing state (ICAO 9303 codes, ``country_for``); None if neither
    is in the table (e.g. a stateless person's ``XXA``)."""
    from qazeta.countries.selectors import country_for

    return country_for(person.nationality) or country_for(person.passport_issuing_state)


def item_certification(
    application: Application, upload: DocumentUpload | None, *, today: dt.date | None = None
) -> ItemCertification:
    """What the foreign public document of ``upload`` (or, before an upload, of the person's default state on
    ``today``) needs. One query for the country."""
    from qazeta.countries.selectors import country_for

    day = timezone.localdate(upload.uploaded_at) if upload is not None else (today or timezone.localdate())
    if upload is not None and upload.issuing_state:
        state = country_for(upload.issuing_state)
        return ItemCertification(state, True, day, _certification(state, day))
    state = default_issuing_state(application.person)
    return ItemCertification(state, False, day, _certification(state, day))


@dataclass(frozen=True)
class ChecklistRow:
    """One checklist item of an application with its current (newest) upload and older versions.

    ``on_record``: what the portal already holds that satisfies the item without an upload (a recorded consent,
    an issued arrival notification, a visa record; ``ServiceDefinition.references``), else None.
    ``certification``: for a foreign public document (``DocumentRequirement.foreign_public_document``), what its
    issuing state requires (:class:`ItemCertification`); None for other items.
    """

    requirement: DocumentRequirement
    current: DocumentUpload | None
    history: tuple[DocumentUpload, ...]
    on_record: OnRecord | None = None
    certification: ItemCertification | None = None

    @property
    def status(self) -> str:
        """ "missing", "on_record", or the current upload's review status ("pending", "accepted", "rejected")."""
        if self.current is None:
            return "on_record" if self.on_record is not None else "missing"
        return self.current.review_status

    @property
    def satisfied_by_record(self) -> bool:
        return self.current is None and self.on_record is not None


def references_for(application: Application) -> dict[str, Reference]:
    """The checklist references of ``application``'s service: the engine's, then the service's own (which win)."""
    from .facts import ENGINE_REFERENCES

    definition = get_registry().find(application.service_code)
    return {**ENGINE_REFERENCES, **(dict(definition.references) if definition else {})}


def checklist_status(application: Application) -> list[ChecklistRow]:
    """The application's checklist (service documents filtered by its facts) with uploads; one query for the
    uploads, plus one per item a reference may satisfy and one per foreign public document (its state)."""
    service = application.service
    requirements = service.checklist(application.checklist_facts())
    by_item: dict[str, list[DocumentUpload]] = {}
    uploads = application.uploads.all()  # uses a prefetch when the caller made one
    for upload in sorted(uploads, key=lambda u: (u.item_code, -u.version)):
        by_item.setdefault(upload.item_code, []).append(upload)
    references = references_for(application)
    specific = None
    rows = []
    for req in requirements:
        versions = by_item.get(req.code, [])
        on_record = None
        reference = references.get(req.code)
        if reference is not None and not versions:
            specific = specific or application.specific()
            on_record = reference(specific)
        current = versions[0] if versions else None
        certification = item_certification(application, current) if req.foreign_public_document else None
        rows.append(ChecklistRow(req, current, tuple(versions[1:]), on_record, certification))
    return rows


def all_documents_accepted(application: Application) -> bool:
    """True when every checklist item that has an upload is accepted and every required item has one (or is
    satisfied by something on record)."""
    for row in checklist_status(application):
        if row.current is None:
            if row.requirement.required and row.on_record is None:
                return False
        elif row.current.review_status != ReviewStatus.ACCEPTED:
            return False
    return True


def timeline(application: Application) -> QuerySet[StatusChange]:
    """The application's timeline, oldest first, with the actor loaded."""
    return application.status_changes.select_related("actor")


@dataclass(frozen=True)
class QueueRow:
    """An application of a list with its working days left, whether it is overdue, and what happens next."""

    application: Application
    working_days_left: int | None
    next_step: str = ""
    now: dt.datetime | None = None

    @property
    def overdue(self) -> bool:
        due_at = self.application.due_at
        if due_at is not None and self.application.state not in FINAL_STATES:
            # A term in minutes (arrival notification): overdue once the due moment has passed.
            return self.application.state != State.INFORMATION_REQUESTED and (self.now or timezone.now()) > due_at
        return self.working_days_left is not None and self.working_days_left < 0


def officer_queue(
    *,
    service: str = "",
    state: str = "",
    assignee: str = "",
    include_closed: bool = False,
    **extra: object,
) -> QuerySet[Application]:
    """The officer queue: applications sorted by due date (soonest first, drafts never shown), ordered by
    ``QUEUE_ORDERING`` (due date, submission, id: a total order, so a page can continue after a key).

    ``service``: a service code; ``state``: one state (closed states included then); ``assignee``: a user id,
    or ``"none"`` for unassigned (anything else matches nothing); ``include_closed``: also issued, refused,
    withdrawn and cancelled ones. Other keyword arguments (filters added later, e.g. a search) are ignored here
    when empty and rejected with TypeError otherwise. Loads the person, organisation and assignee in the same
    query (no N+1 whatever the page size).

    Open work is selected positively (``state IN OPEN_STATES``), so PostgreSQL reads the partial indexes of open
    applications (``app_open_*``) and never walks past the closed history.
    """
    unknown = sorted(name for name, value in extra.items() if value)
    if unknown:
        raise TypeError(f"officer_queue() does not filter by {', '.join(unknown)}")
    qs = Application.objects.select_related("person", "organisation", "assigned_to").order_by(*QUEUE_ORDERING)
    if state:
        qs = qs.filter(state=state) if state != State.DRAFT else qs.none()
    elif include_closed:
        qs = qs.exclude(state=State.DRAFT)
    else:
        qs = qs.filter(state__in=OPEN_STATES)
    if service:
        qs = qs.filter(service_code=service)
    if assignee == "none":
        qs = qs.filter(assigned_to__isnull=True)
    elif assignee.isdigit():
        qs = qs.filter(assigned_to_id=int(assignee))
    elif assignee:
        qs = qs.none()
    return qs


def queue_is_open_only(*, state: str = "", include_closed: bool = False) -> bool:
    """Whether :func:`officer_queue` with these filters selects open applications only (``OPEN_STATES``: the
    partial indexes' rows, bounded by the work in hand, not by the history)."""
    return (state in OPEN_STATES) if state else not include_closed


#: The queue's order: a total order (``pk`` breaks ties), matched by the ``app_open_*`` indexes.
QUEUE_ORDERING = (F("due_date").asc(nulls_last=True), F("submitted_at").asc(nulls_last=True), "pk")


def after_queue_key(qs: QuerySet[Application], key: tuple[dt.date | None, dt.datetime | None, int]) -> QuerySet:
    """``qs`` (ordered by :data:`QUEUE_ORDERING`) restricted to the rows after ``key``, the
    ``(due_date, submitted_at, pk)`` of the last row shown: keyset pagination, whose cost does not grow with
    the page number (no OFFSET). Nulls sort last on every database (``QUEUE_ORDERING`` says so): a null
    ``due_date`` or ``submitted_at`` is after every date."""
    due, submitted, pk = key
    if due is None:
        after_due = Q(pk__in=[])
        same_due = Q(due_date__isnull=True)
    else:
        after_due = Q(due_date__gt=due) | Q(due_date__isnull=True)
        same_due = Q(due_date=due)
    if submitted is None:
        after_submitted = Q(pk__in=[])
        same_submitted = Q(submitted_at__isnull=True)
    else:
        after_submitted = Q(submitted_at__gt=submitted) | Q(submitted_at__isnull=True)
        same_submitted = Q(submitted_at=submitted)
    return qs.filter(after_due | (same_due & (after_submitted | (same_submitted & Q(pk__gt=pk)))))


def with_working_days_left(applications: list[Application], *, today: dt.date | None = None) -> list[QueueRow]:
    """Pair each application with the working days left to its due date (negative when overdue).

    Paused clocks (information requested) report the remaining days frozen at the pause. One calendar
    is built for the whole page (one query for the overrides).
    """
    today = today or timezone.localdate()
    now = timezone.now()
    cal = WorkingCalendar.from_db()
    rows = []
    for app in applications:
        if app.state == State.INFORMATION_REQUESTED:
            left = app.clock_remaining_working_days
        elif app.due_date is None or app.state in FINAL_STATES:
            left = None
        else:
            left = cal.working_days_between(today, app.due_date)
        rows.append(QueueRow(app, left, next_step_label(app) if app.state not in FINAL_STATES else "", now))
    return rows


def application_detail_queryset(user: User) -> QuerySet[Application]:
    """Visible applications with everything the detail page needs loaded up front."""
    return (
        visible_applications(user, probe_own=False)
        .select_related("person", "organisation", "assigned_to", "filer", "principal_application__person")
        .prefetch_related(
            Prefetch("uploads", queryset=DocumentUpload.objects.order_by("item_code", "-version")),
            "dependants__person",
        )
    )


#: How far ahead the list of next free slots looks (calendar days); the day picker reaches further.
FREE_SLOTS_HORIZON_DAYS = 60


def free_slots(day: dt.date | None = None, *, count: int = 10, places: int = 1) -> list[tuple[dt.datetime, int]]:
    """Free office slots with the places left in each, ``[(aware start in Asia/Almaty, places left), ...]``.

    With ``day``: every future slot of that Astana day. Without: the first ``count`` future slots from now,
    working days only, looking ``FREE_SLOTS_HORIZON_DAYS`` calendar days ahead. Slots are 09:00-18:00 without
    13:00-14:00 (workcalendar.office_slots, guide 2025); a slot is left out unless it has ``places`` places left
    (a family booking one slot needs one per person). One query per day looked at.
    """
    from django.conf import settings
    from django.db.models import Count

    from qazeta.workcalendar import calendar as workcalendar

    from .models import AppointmentSlot

    now = timezone.now()
    days = (
        [day]
        if day is not None
        else [timezone.localdate() + dt.timedelta(days=n) for n in range(FREE_SLOTS_HORIZON_DAYS)]
    )
    result: list[tuple[dt.datetime, int]] = []
    for one in days:
        starts = [s for s in workcalendar.office_slots(one, slot_minutes=settings.APPOINTMENT_SLOT_MINUTES) if s > now]
        if not starts:
            continue
        booked = {
            slot.starts_at: (slot.capacity, slot.n)
            for slot in AppointmentSlot.objects.filter(starts_at__in=starts).annotate(n=Count("appointments"))
        }
        for start in starts:
            capacity, taken = booked.get(start, (settings.APPOINTMENT_SLOT_CAPACITY, 0))
            if capacity - taken >= places:
                result.append((start, capacity - taken))
                if day is None and len(result) >= count:
                    return result
    return result


def is_original(requirement: DocumentRequirement) -> bool:
    """Whether the catalogue asks for ``requirement`` as an original: its English note is "original" (the guide's
    "(original)") or it is the original passport (``passport-original``)."""
    note = requirement.note_text.texts.get("en", "").strip().lower()
    return note == "original" or requirement.code.endswith("-original")


def originals_to_bring(application: Application) -> list[ChecklistRow]:
    """The checklist items to hand over as originals at the visit, in checklist order.

    The guide marks some items "original" (the state duty receipt, the fingerprinting certificate, the original
    passport): those the application's checklist holds, whether uploaded or not. A service whose checklist marks
    none (the guide then says only "hand over the originals") gets every item with an accepted upload: the
    officer compares each scan with its original. Items satisfied by something on record are never listed.
    """
    rows = checklist_status(application)
    marked = [r for r in rows if is_original(r.requirement) and r.on_record is None]
    if marked:
        return marked
    return [r for r in rows if r.current is not None and r.current.review_status == ReviewStatus.ACCEPTED]


def family_applications(application: Application) -> list[Application]:
    """The family's applications: the principal's (``principal_application``, or this one) and its dependants',
    principal first, then by id."""
    from .models import Application as App

    principal_id = application.principal_application_id or application.pk
    return list(
        App.objects.filter(Q(pk=principal_id) | Q(principal_application_id=principal_id))
        .select_related("person")
        .order_by(Case(When(pk=principal_id, then=0), default=1), "pk")
    )


@dataclass(frozen=True)
class WeekSlot:
    """One booked office slot of the officers' week view: ``capacity`` places, the ``appointments`` in it, and
    ``no_shows``: those whose slot passed while the application is still "appointment booked" (no originals)."""

    starts_at: dt.datetime
    capacity: int
    appointments: tuple
    no_shows: tuple


@dataclass(frozen=True)
class WeekDay:
    """A working day of the week view: its booked slots and totals (places = slots of the day × capacity)."""

    day: dt.date
    slots: tuple[WeekSlot, ...]
    places: int
    booked: int
    no_shows: int


def appointments_week(monday: dt.date) -> list[WeekDay]:
    """The working days of the week starting ``monday`` (Astana time) with their booked slots, capacity and
    no-shows, earliest first; one query for the week's appointments. A no-show: the slot started before now and
    the application is still "appointment booked" (the originals were not marked received)."""
    from django.conf import settings

    from qazeta.workcalendar import calendar as workcalendar

    from .models import Appointment

    start = dt.datetime.combine(monday, dt.time.min, tzinfo=timezone.get_current_timezone())
    rows = list(
        Appointment.objects.filter(slot__starts_at__gte=start, slot__starts_at__lt=start + dt.timedelta(days=7))
        .select_related("slot", "application__person", "application__organisation")
        .order_by("slot__starts_at", "application__reference")
    )
    now = timezone.now()
    week = []
    for n in range(7):
        day = monday + dt.timedelta(days=n)
        starts = workcalendar.office_slots(day, slot_minutes=settings.APPOINTMENT_SLOT_MINUTES)
        if not starts:
            continue
        slots = []
        for slot_start in starts:
            here = tuple(a for a in rows if a.slot.starts_at == slot_start)
            if not here:
                continue
            missed = tuple(a for a in here if slot_start < now and a.application.state == State.APPOINTMENT_BOOKED)
            slots.append(WeekSlot(slot_start, here[0].slot.capacity, here, missed))
        week.append(
            WeekDay(
                day=day,
                slots=tuple(slots),
                places=len(starts) * settings.APPOINTMENT_SLOT_CAPACITY,
                booked=sum(len(s.appointments) for s in slots),
                no_shows=sum(len(s.no_shows) for s in slots),
            )
        )
    return week


# --------------------------------------------------------------------------------------------- who may file
def filer_refusal(user: User, definition: ServiceDefinition, *, for_self: bool) -> str:
    """Why ``user`` may not file ``definition``'s service, in plain words; ``""`` when they may.

    ``for_self``: the user files for themselves (a self-applicant), else for a person on a host party's
    roster. The service says who may file it (``ServiceDefinition.filers``); Expat Centre staff never file.
    """
    from django.utils.translation import gettext as _

    from .catalogue import get_service
    from .registry import FilerKind

    name = get_service(definition.code).name
    if not user.is_authenticated:
        return _("Sign in to file an application.")
    if not user.has_perm("applications.file"):  # qazeta/permissions.py: staff never file
        return _("Expat Centre staff do not file applications.")
    if for_self and FilerKind.PERSON not in definition.filers:
        return _("“%(service)s” is filed by the host party (the employer) for its staff, not by the person.") % {
            "service": name
        }
    if not for_self and FilerKind.HOST_PARTY not in definition.filers:
        return _("“%(service)s” is filed by the person themselves, not by a host party.") % {"service": name}
    return ""


# --------------------------------------------------------------------------------------------- what can happen next
@dataclass(frozen=True)
class AvailableAction:
    """One thing the requesting user may do now: its name, the API call and the fields it takes.

    ``fields`` names the request body's fields; those ending in ``?`` are optional.
    """

    name: str
    method: str
    url: str
    fields: tuple[str, ...] = ()
    label: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "label": self.label,
            "method": self.method,
            "url": self.url,
            "fields": [f.rstrip("?") for f in self.fields],
            "required_fields": [f for f in self.fields if not f.endswith("?")],
        }


#: Filer-side actions by state (the services check them again; this only says what to offer).
_FILER_ACTIONS: dict[str, tuple[str, ...]] = {
    State.DRAFT: ("edit", "upload", "consent", "submit", "withdraw"),
    State.SUBMITTED: ("withdraw",),
    State.IN_REVIEW: ("withdraw",),
    State.INFORMATION_REQUESTED: ("upload", "answer", "withdraw"),
    State.DOCUMENTS_APPROVED: ("book_appointment", "withdraw"),
    State.APPOINTMENT_BOOKED: ("cancel_appointment", "withdraw"),
}


def available_action_names(application: Application, user: User) -> frozenset[str]:
    """The actions the application's state, its service's lifecycle and the user's role allow now.

    State changes follow the FSM with the lifecycle's conditions (``get_available_state_transitions``), so
    an action the service lacks (an appointment for an arrival notification, forwarding for an IIN) is never
    offered; the actions that do not change the state (claim, assign, review a document, extend the term)
    follow the service rules. The services check all of it again.
    """
    from .constants import MAX_TERM_EXTENSION_DAYS
    from .registry import Step

    transitions = {t.name for t in application.get_available_state_transitions()}
    lifecycle = application.lifecycle
    actions: set[str] = set()
    if user.role in (Role.OFFICER, Role.SUPERVISOR):
        is_open = application.state not in FINAL_STATES and application.state != State.DRAFT
        holds = user.has_perm("applications.decide", application)
        if is_open and application.assigned_to_id is None:
            actions.add("claim")
        if is_open and user.role == Role.SUPERVISOR:
            actions.add("assign")
        if application.state == State.IN_REVIEW and holds:
            if lifecycle.has(Step.DOCUMENT_REVIEW):
                actions.add("review")
            actions |= transitions & {"request_information", "approve_documents"}
        actions |= transitions & {"receive_originals", "forward_to_authority", "issue"}
        if "refuse" in transitions and (holds or application.state != State.IN_REVIEW):
            actions.add("refuse")
        if "cancel" in transitions and user.role == Role.SUPERVISOR:
            actions.add("cancel")
        if (
            is_open
            and lifecycle.term_extension
            and application.due_date
            and application.term_extension_days < MAX_TERM_EXTENSION_DAYS
        ):
            actions.add("extend_term")
        return frozenset(actions)
    if not actable_by_filer(user, application):
        return frozenset()
    for name in _FILER_ACTIONS.get(application.state, ()):
        if name == "book_appointment" and ("book_appointment" not in transitions or booking_waits_for(application)):
            continue
        actions.add(name)
    return frozenset(actions)


def available_actions(application: Application, user: User) -> list[AvailableAction]:
    """:func:`available_action_names` as API calls: method, URL and the fields each takes (``actions`` field)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    definition = application.definition
    names = available_action_names(application, user)
    pk = application.pk

    def url(name: str) -> str:
        return reverse(f"api-application-{name}", args=[pk])

    issue_fields = [*(["number"] if definition.asks_decision_number else [])]
    issue_fields += [f"fields.{n}" for n in definition.outcome_fields.get("issued", ())]
    issue_fields += [f"attachments.{o.kind}" for o in definition.outputs_for("issued") if o.received]
    refuse_fields = ["grounds", "reason?"] if definition.refusal_grounds else ["reason"]
    refuse_fields += [f"attachments.{o.kind}" for o in definition.outputs_for("refused") if o.received]
    specs = {
        "edit": ("PATCH", reverse("api-application-detail", args=[pk]), ("service_fields?", "channel?"), _("Change")),
        "upload": ("POST", url("documents"), ("item", "file"), _("Upload a document")),
        "consent": ("POST", url("consent"), (), _("Record consent")),
        "submit": ("POST", url("submit"), (), _("Submit")),
        "answer": ("POST", url("answer"), ("answer",), _("Answer the request for information")),
        "book_appointment": ("POST", url("appointment"), ("starts_at",), _("Book an appointment")),
        "cancel_appointment": ("POST", url("cancel-appointment"), (), _("Cancel the appointment")),
        "withdraw": ("POST", url("withdraw"), ("reason?",), _("Withdraw")),
        "claim": ("POST", url("assign"), (), _("Claim")),
        "assign": ("POST", url("assign"), ("officer",), _("Assign")),
        "review": (
            "POST",
            reverse("api-application-review", args=[pk, 0]).replace("/0/", "/{upload_id}/"),
            ("accept", "reason?"),
            _("Review a document"),
        ),
        "request_information": ("POST", url("request-information"), ("message", "items?"), _("Request information")),
        "approve_documents": ("POST", url("approve-documents"), (), _("Approve the documents")),
        "receive_originals": ("POST", url("receive-originals"), ("received",), _("Originals received")),
        "forward_to_authority": ("POST", url("forward-to-authority"), (), _("Forward to the state body")),
        "issue": ("POST", url("issue"), tuple(issue_fields), _("Record: issued")),
        "refuse": ("POST", url("refuse"), tuple(refuse_fields), _("Refuse")),
        "cancel": ("POST", url("cancel"), ("reason",), _("Cancel")),
        "extend_term": ("POST", url("extend-term"), ("days", "reason"), _("Extend the term")),
    }
    return [
        AvailableAction(name=name, method=method, url=link, fields=fields, label=str(label))
        for name, (method, link, fields, label) in specs.items()
        if name in names
    ]


def next_step_label(application: Application) -> str:
    """What happens next to an open application, for the queue (e.g. "Forward to the state body")."""
    from django.utils.translation import gettext as _

    state = application.state
    try:
        lifecycle = application.lifecycle
    except LookupError:
        return ""
    if state == State.SUBMITTED:
        return _("Claim and review")
    if state == State.IN_REVIEW:
        return _("Review the documents")
    if state == State.INFORMATION_REQUESTED:
        return _("Waiting for the filer's answer")
    if state == State.APPOINTMENT_BOOKED:
        return _("Receive the originals at the appointment")
    if state == State.WITH_AUTHORITY:
        return _("Record the state body's decision")
    if state == lifecycle.forward_from:
        return _("Forward to %(body)s") % {"body": lifecycle.state_body}
    if state == lifecycle.decision_state:
        return _("Record the outcome")
    if state == State.DOCUMENTS_APPROVED:
        return _("Waiting for the filer to book the appointment")
    return ""


def officer_notes(application: Application) -> list[tuple[str, str]]:
    """The service's notes for the officer (``ServiceDefinition.officer_notes``): ``(label, text)`` pairs, or []."""
    try:
        notes = application.definition.officer_notes
    except LookupError:
        return []
    return list(notes(application.specific())) if notes is not None else []


def application_quote(application: Application, *, on: dt.date | None = None):  # noqa: ANN201 - fees Quote
    """The fee quote of ``application`` on ``on`` (default today), after the service's fee adjustments.

    ``fees.selectors.quote`` for the application's service, channel, validity and variant, then each of
    ``ServiceDefinition.fee_adjustments`` in order. Raises ``fees.selectors.QuoteError`` when no fee can be
    computed (e.g. no MRP recorded for the year).
    """
    from fees.selectors import quote

    q = quote(
        service=application.service_code,
        channel=application.channel,
        validity_years=application.validity_years,
        variant=application.variant,
        on=on,
    )
    adjustments = application.definition.fee_adjustments
    if adjustments:
        specific = application.specific()
        for adjust in adjustments:
            q = adjust(specific, q)
    return q


def filer_next_step(application: Application) -> str:
    """What happens next, in the filer's words, for the application's state on its own service's path.

    Asks the lifecycle: a visit is announced only where the service has one, the state body only where it
    forwards, the 30-calendar-day extension only where the guide writes it (DESIGN.md lifecycle; guide, "how a
    service is requested").
    """
    from django.utils.translation import gettext as _

    from .registry import Step, TermUnit

    state = application.state
    lifecycle = application.lifecycle
    if state == State.DRAFT:
        return _(
            "Upload every document on the checklist, record the consent to personal data processing, then submit. "
            "Nothing reaches the Expat Centre until you submit."
        )
    if state == State.SUBMITTED:
        return _("The Expat Centre assigns an officer who checks each document within the service-level term.")
    if state == State.IN_REVIEW:
        return _("An officer is checking each document. If anything is missing you will be asked here and by e-mail.")
    if state == State.INFORMATION_REQUESTED:
        if lifecycle.term_unit == TermUnit.MINUTES:
            return _(
                "Answer the Expat Centre's request below: upload again the documents it names, then send your answer. "
                "The service-level term starts again when you answer."
            )
        return _(
            "Answer the Expat Centre's request below: upload again the documents it names, then send your answer. "
            "The service-level clock is paused until you answer."
        )
    if state == State.DOCUMENTS_APPROVED:
        if lifecycle.has(Step.APPOINTMENT):
            waits = booking_waits_for(application)
            if waits:
                return waits
            return _(
                "The documents are approved. Book an appointment to hand over the originals at the Expat Centre office."
            )
        if lifecycle.has(Step.STATE_BODY):
            return _("The documents are approved; the Expat Centre forwards the file to %(body)s.") % {
                "body": lifecycle.state_body
            }
        if lifecycle.has(Step.ELECTRONIC_DECISION):
            return _("The documents are approved; the decision will be sent to you electronically, here and by e-mail.")
        return _("The documents are approved; the Expat Centre completes the service now. No visit is needed.")
    if state == State.APPOINTMENT_BOOKED:
        return _(
            "Come to the Expat Centre office at the booked time with the original documents "
            "(office hours 09:00-18:00, lunch 13:00-14:00, Astana time)."
        )
    if state == State.ORIGINALS_RECEIVED:
        if lifecycle.has(Step.STATE_BODY):
            return _("The originals were received; the Expat Centre forwards the file to %(body)s.") % {
                "body": lifecycle.state_body
            }
        return _("The originals were received; the Expat Centre decides now.")
    if state == State.WITH_AUTHORITY:
        if lifecycle.term_extension:
            return _(
                "%(body)s is deciding. The term excludes its possible delays and may be extended by up to "
                "30 calendar days."
            ) % {"body": lifecycle.state_body}
        return _("%(body)s is deciding.") % {"body": lifecycle.state_body}
    if state == State.ISSUED:
        return _("Issued. Download the issued documents below.")
    if state == State.REFUSED:
        return _("The application was refused; the reason is shown above.")
    if state == State.WITHDRAWN:
        return _("You withdrew this application. File a new one if you need the service again.")
    if state == State.CANCELLED:
        return _("The Expat Centre cancelled this application; the reason is in the timeline.")
    return ""


def after_approval_text(application: Application) -> str:
    """For officers: what follows the approval of the documents on this service's path."""
    from django.utils.translation import gettext as _

    from .registry import Step

    lifecycle = application.lifecycle
    if lifecycle.has(Step.APPOINTMENT):
        return _("The filer then books an appointment.")
    if lifecycle.has(Step.STATE_BODY):
        return _("You then forward the file to %(body)s.") % {"body": lifecycle.state_body}
    return _("You then record the outcome.")


# --------------------------------------------------------------------------------------------- pages at scale
#: Below this many rows (as the planner estimates) a list is counted exactly; above, the estimate is shown.
EXACT_COUNT_BELOW = 10_000


def estimated_count(qs: QuerySet) -> tuple[int, bool]:
    """``(rows, exact)``: how many rows ``qs`` holds.

    On PostgreSQL the planner's estimate of the query (``EXPLAIN (FORMAT JSON)``, "Plan Rows"; one query, no
    rows read) when it is ``EXACT_COUNT_BELOW`` or more, else an exact ``COUNT`` (cheap then; two queries). On
    other databases always the exact count (one query). ``exact`` is False when the figure is an estimate.
    """
    from django.db import connections

    connection = connections[qs.db]
    if connection.vendor != "postgresql":
        return qs.count(), True
    import json

    from django.core.exceptions import EmptyResultSet

    try:
        sql, params = qs.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # qs.none() or an empty IN list: nothing to ask the database
        return 0, True
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    rows = int(plan[0]["Plan"]["Plan Rows"])
    if rows < EXACT_COUNT_BELOW:
        return qs.count(), True
    return rows, False


@dataclass(frozen=True)
class QueuePage:
    """One page of the officer queue read by key (no OFFSET): ``rows`` (at most the page size),
    ``next_cursor`` (opaque text for the next page; "" on the last page), ``count`` and ``count_exact``
    (:func:`estimated_count` of the whole filtered queue), ``first`` (True for the first page)."""

    rows: list[Application]
    next_cursor: str
    count: int
    count_exact: bool
    first: bool

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor)


def queue_cursor(application: Application) -> str:
    """The opaque cursor continuing after ``application``: urlsafe base64 of its
    ``(due_date, submitted_at, pk)`` as JSON (ISO dates)."""
    import base64
    import json

    key = [
        application.due_date.isoformat() if application.due_date else None,
        application.submitted_at.isoformat() if application.submitted_at else None,
        application.pk,
    ]
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def parse_queue_cursor(cursor: str) -> tuple[dt.date | None, dt.datetime | None, int] | None:
    """The key of a :func:`queue_cursor`, or None when ``cursor`` is empty or not one (the first page then)."""
    import base64
    import binascii
    import json

    if not cursor:
        return None
    try:
        due, submitted, pk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return (
            dt.date.fromisoformat(due) if due else None,
            dt.datetime.fromisoformat(submitted) if submitted else None,
            int(pk),
        )
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None


def queue_page(
    qs: QuerySet[Application], cursor: str = "", *, size: int = 25, count: bool = True, open_only: bool = False
) -> QueuePage:
    """The page of ``qs`` (an :func:`officer_queue`) after ``cursor`` (``queue_cursor`` of the previous page's
    last row; empty or invalid: the first page), ``size`` rows. One query for the rows (``size + 1`` read to know
    whether a next page exists) plus :func:`estimated_count` when ``count``; the same on page 1 and page 1000.
    ``open_only``: ``qs`` holds open applications only (:func:`queue_is_open_only`), a few thousand at most, so
    they are counted exactly at once, without first asking the planner for an estimate (one query fewer)."""
    key = parse_queue_cursor(cursor)
    if not count:
        total, exact = 0, False
    elif open_only:
        total, exact = qs.count(), True
    else:
        total, exact = estimated_count(qs)
    if key is not None:
        qs = after_queue_key(qs, key)
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return QueuePage(rows, queue_cursor(rows[-1]) if more else "", total, exact, key is None)


@dataclass(frozen=True)
class NewestPage:
    """One page of a list newest first, read by key: ``rows``, ``next_cursor`` ("" on the last page),
    ``first`` (True for the first page)."""

    rows: list[Application]
    next_cursor: str
    first: bool

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor)


def newest_page(qs: QuerySet[Application], cursor: str = "", *, size: int = 50) -> NewestPage:
    """The page of ``qs`` newest first (``-created_at``, ``-id``: the ``app_*created_idx`` indexes) after
    ``cursor`` (urlsafe base64 of the previous page's last ``[created_at ISO, id]``; empty or invalid: the first
    page). One query (``size + 1`` rows read) whatever the page."""
    import base64
    import binascii
    import json

    qs = qs.order_by("-created_at", "-pk")
    key = None
    if cursor:
        try:
            created, pk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
            key = (dt.datetime.fromisoformat(created), int(pk))
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            key = None
    if key is not None:
        # The redundant bound lets the index range start at the key; the OR breaks ties on the id.
        qs = qs.filter(created_at__lte=key[0]).filter(Q(created_at__lt=key[0]) | Q(created_at=key[0], pk__lt=key[1]))
    rows = list(qs[: size + 1])
    following = ""
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        raw = json.dumps([last.created_at.isoformat(), last.pk]).encode()
        following = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return NewestPage(rows, following, key is None)
