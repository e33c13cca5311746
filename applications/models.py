"""The case engine's tables: the Application parent, uploads, requests for information, appointments, timeline.

``Application`` is the concrete parent of every service's own model (multi-table inheritance, see
docs/decisions/0004-application-multi-table-inheritance.md), so the officer queue is one query on one table.
Its ``state`` is a protected FSM field: it changes only through the transitions below, and those are called
only from ``applications.services``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from qazeta.accounts.models import Organisation, Person

from .catalogue import Service, get_service
from .constants import Action, Channel, ReviewStatus, State
from .registry import ServiceDefinition, Step, definition_for

_FILER_ACTIVE = [
    State.DRAFT,
    State.SUBMITTED,
    State.IN_REVIEW,
    State.INFORMATION_REQUESTED,
    State.DOCUMENTS_APPROVED,
    State.APPOINTMENT_BOOKED,
]
_OFFICER_OPEN = [*_FILER_ACTIVE[1:], State.ORIGINALS_RECEIVED, State.WITH_AUTHORITY]
#: The officer's open work: submitted and not yet final (no draft, no issued/refused/withdrawn/cancelled). The
#: condition of the partial indexes ``app_open_*``; a query must say ``state__in=OPEN_STATES`` to use them.
OPEN_STATES = tuple(str(s) for s in _OFFICER_OPEN)
_OPEN = models.Q(state__in=OPEN_STATES)


# Transition conditions: per-service differences are data in the service's lifecycle profile
# (applications.registry.Lifecycle), asked here; the FSM itself is the same for every service.
def _has_information_requests(app: Application) -> bool:
    return app.lifecycle.has(Step.INFORMATION_REQUESTS)


def _has_appointment(app: Application) -> bool:
    return app.lifecycle.has(Step.APPOINTMENT)


def _at_forwarding_point(app: Application) -> bool:
    return app.lifecycle.forward_from == app.state


def _at_decision_point(app: Application) -> bool:
    return app.lifecycle.decision_state == app.state


def _may_refuse_here(app: Application) -> bool:
    # The Expat Centre refuses at review; otherwise only where the decision is taken.
    return app.state == State.IN_REVIEW or _at_decision_point(app)


class Application(ConcurrentTransitionMixin, models.Model):
    """One request for one service for one person.

    Dates that mean days (``due_date``) are ``date`` in Astana time; instants are aware UTC datetimes.
    Money fields hold the fee quote frozen at submission, in KZT (``Decimal``, 2 places).
    """

    reference = models.CharField(max_length=20, unique=True, null=True, blank=True, editable=False)
    service_code = models.CharField(max_length=48, db_index=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="applications")
    filer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="filed_applications")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        help_text="The host party, when an employer files.",
    )
    principal_application = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dependants",
        help_text="For a family member: the principal's application this one is linked to.",
    )
    filed_by_representative = models.BooleanField(
        default=False, help_text="A representative files under a power of attorney."
    )
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.STANDARD)
    validity_years = models.PositiveSmallIntegerField(null=True, blank=True)
    variant = models.CharField(max_length=16, blank=True)
    passport_blank_pages = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Blank passport pages, as declared by the filer."
    )

    state = FSMField(default=State.DRAFT, choices=State.choices, protected=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    # Service-level clock (working days on the Kazakhstan calendar).
    due_date = models.DateField(null=True, blank=True, db_index=True)
    due_at = models.DateTimeField(
        null=True, blank=True, help_text="For terms counted in minutes: the due moment (inside office hours)."
    )
    clock_paused_on = models.DateField(null=True, blank=True)
    clock_remaining_working_days = models.IntegerField(null=True, blank=True)
    term_extension_days = models.PositiveSmallIntegerField(
        default=0, help_text="Calendar days added for state-body delays (at most 30)."
    )

    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_applications",
    )

    # Fee quote frozen at submission (KZT; the duty is MRP x multiple, unrounded to the tiyn).
    fee_on = models.DateField(null=True, blank=True)
    fee_mrp = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    fee_service = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    fee_state_duty_mrp = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    fee_state_duty = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    fee_total = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    fee_note = models.CharField(max_length=255, blank=True)

    decision_number = models.CharField(max_length=64, blank=True)
    refusal_reason = models.TextField(blank=True)
    refusal_grounds = models.JSONField(
        default=list, blank=True, help_text="Codes of the service's refusal grounds the officer chose."
    )
    withdrawal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "due_date"], name="app_state_due_idx"),
            # Open work only (a few thousand rows however long the history): the queue by due date, by
            # assignee and by service, in the queue's order (selectors.QUEUE_ORDERING).
            models.Index(fields=["due_date", "submitted_at", "id"], condition=_OPEN, name="app_open_due_idx"),
            models.Index(
                fields=["assigned_to", "due_date", "submitted_at", "id"], condition=_OPEN, name="app_open_assignee_idx"
            ),
            models.Index(
                fields=["service_code", "due_date", "submitted_at", "id"], condition=_OPEN, name="app_open_service_idx"
            ),
            # The queue with closed applications included (an officer's search of the whole history): its full
            # order, so a walk for a common name reads rows in order instead of sorting whole due-date groups.
            models.Index(
                fields=["due_date", "submitted_at", "id"],
                condition=~models.Q(state=State.DRAFT),
                name="app_queue_all_idx",
            ),
            # Every list's default order (-created_at, id breaking ties), alone and per owner.
            models.Index(fields=["-created_at", "-id"], name="app_created_idx"),
            models.Index(fields=["organisation", "-created_at", "-id"], name="app_org_created_idx"),
            # A self-applicant's own filings (organisation empty): also answers "did this user file any?".
            models.Index(
                fields=["filer", "-created_at", "-id"],
                condition=models.Q(organisation__isnull=True),
                name="app_own_filer_created_idx",
            ),
            models.Index(fields=["person", "-created_at", "-id"], name="app_person_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference or f'draft #{self.pk}'} — {self.service_code}"

    # ---------------------------------------------------------------- helpers
    @property
    def service(self) -> Service:
        return get_service(self.service_code)

    @property
    def definition(self) -> ServiceDefinition:
        """The service's plug-in declaration. Raises ServiceNotRegistered for a code no plug-in files."""
        return definition_for(self.service_code)

    @property
    def lifecycle(self):  # noqa: ANN201 - applications.registry.Lifecycle
        return self.definition.lifecycle

    @property
    def is_family_member(self) -> bool:
        """Linked to a principal's application, or filed for a person recorded as someone's family member."""
        return self.principal_application_id is not None or self.person.principal_id is not None

    @property
    def host_party(self) -> Organisation | None:
        """The host party: the filing organisation, or for a family member the principal application's."""
        if self.organisation_id is not None:
            return self.organisation
        principal = self.principal_application
        return principal.organisation if principal is not None else None

    def checklist_facts(self) -> dict[str, bool]:
        """Every checklist condition (``applications.catalogue.CONDITIONS``) this application answers.

        The engine's facts (``applications.facts.ENGINE_FACTS``) and the service's own
        (``ServiceDefinition.facts``), evaluated on the service model's row.
        """
        from .facts import ENGINE_FACTS

        specific = self.specific()
        facts = {name: bool(fact(specific)) for name, fact in ENGINE_FACTS.items()}
        definition = self.definition
        facts.update({name: bool(fact(specific)) for name, fact in definition.facts.items()})
        return facts

    def specific(self) -> Application:
        """The service's own child row (e.g. ``C3InvitationApplication``); ``self`` if it already is one.

        One query (the child joined to its parent row). The related rows this instance already loaded (person,
        host party, principal application…, through ``select_related`` or an earlier access) are handed to the
        child, so reading them there costs no second query. A fresh object on every call: a caller may change
        and save it.
        """
        from .registry import filing_model

        model = filing_model(self.service_code)
        if model is None or isinstance(self, model):
            return self
        child = model.objects.get(pk=self.pk)
        for name, related in self._state.fields_cache.items():
            child._state.fields_cache.setdefault(name, related)
        return child

    @property
    def refusal_text(self) -> str:
        """The refusal as the filer reads it: the labels of the chosen grounds, then the officer's own words."""
        chosen = set(self.refusal_grounds or [])
        labels = [str(label) for code, label in self.definition.refusal_grounds if code in chosen]
        return "; ".join([*labels, *([self.refusal_reason] if self.refusal_reason else [])])

    @property
    def fee_quote_frozen(self) -> bool:
        return self.fee_total is not None

    # ---------------------------------------------------------------- lifecycle
    # Transition methods only set fields; the services check permissions and rules and write the timeline.
    @transition(field=state, source=State.DRAFT, target=State.SUBMITTED)
    def submit(self, *, at: dt.datetime, due_date: dt.date | None, due_at: dt.datetime | None = None) -> None:
        self.submitted_at = at
        self.due_date = due_date
        self.due_at = due_at

    @transition(field=state, source=State.SUBMITTED, target=State.IN_REVIEW)
    def start_review(self) -> None:
        pass

    @transition(
        field=state,
        source=State.IN_REVIEW,
        target=State.INFORMATION_REQUESTED,
        conditions=[_has_information_requests],
    )
    def request_information(self, *, on: dt.date, remaining_working_days: int) -> None:
        self.clock_paused_on = on
        self.clock_remaining_working_days = remaining_working_days

    @transition(field=state, source=State.INFORMATION_REQUESTED, target=State.IN_REVIEW)
    def answer_information(self, *, due_date: dt.date | None, due_at: dt.datetime | None = None) -> None:
        self.clock_paused_on = None
        self.clock_remaining_working_days = None
        self.due_date = due_date
        self.due_at = due_at

    @transition(field=state, source=State.IN_REVIEW, target=State.DOCUMENTS_APPROVED)
    def approve_documents(self) -> None:
        pass

    @transition(
        field=state, source=State.DOCUMENTS_APPROVED, target=State.APPOINTMENT_BOOKED, conditions=[_has_appointment]
    )
    def book_appointment(self) -> None:
        pass

    @transition(field=state, source=State.APPOINTMENT_BOOKED, target=State.DOCUMENTS_APPROVED)
    def cancel_appointment(self) -> None:
        pass

    @transition(field=state, source=State.APPOINTMENT_BOOKED, target=State.ORIGINALS_RECEIVED)
    def receive_originals(self) -> None:
        pass

    @transition(
        field=state,
        source=[State.ORIGINALS_RECEIVED, State.DOCUMENTS_APPROVED],
        target=State.WITH_AUTHORITY,
        conditions=[_at_forwarding_point],
    )
    def forward_to_authority(self) -> None:
        pass

    @transition(
        field=state,
        source=[State.WITH_AUTHORITY, State.ORIGINALS_RECEIVED, State.DOCUMENTS_APPROVED],
        target=State.ISSUED,
        conditions=[_at_decision_point],
    )
    def issue(self, *, decision_number: str, at: dt.datetime) -> None:
        self.decision_number = decision_number
        self.decided_at = at

    @transition(
        field=state,
        source=[State.IN_REVIEW, State.WITH_AUTHORITY, State.ORIGINALS_RECEIVED, State.DOCUMENTS_APPROVED],
        target=State.REFUSED,
        conditions=[_may_refuse_here],
    )
    def refuse(self, *, refusal_reason: str, refusal_grounds: list[str], at: dt.datetime) -> None:
        self.refusal_reason = refusal_reason
        self.refusal_grounds = refusal_grounds
        self.decided_at = at

    @transition(field=state, source=_FILER_ACTIVE, target=State.WITHDRAWN)
    def withdraw(self, *, withdrawal_reason: str, at: dt.datetime) -> None:
        self.withdrawal_reason = withdrawal_reason
        self.decided_at = at

    @transition(field=state, source=_OFFICER_OPEN, target=State.CANCELLED)
    def cancel(self, *, cancellation_reason: str, at: dt.datetime) -> None:
        self.refusal_reason = cancellation_reason
        self.decided_at = at


class DocumentUpload(models.Model):
    """One version of one checklist item's file. The newest version of an item is the one reviewed."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="uploads")
    item_code = models.CharField(max_length=64)
    version = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to="uploads/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField(help_text="bytes")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    review_status = models.CharField(max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.PENDING)
    review_reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    issuing_state = models.CharField(
        max_length=2,
        blank=True,
        help_text="ISO 3166-1 alpha-2 code of the state that issued the document (a foreign public document "
        "only; qazeta.countries). Empty for other items, or when no state is known.",
    )

    class Meta:
        ordering = ["item_code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["application", "item_code", "version"], name="uniq_upload_version")
        ]

    def __str__(self) -> str:
        return f"{self.item_code} v{self.version} ({self.original_name})"


class InformationRequest(models.Model):
    """An officer's request for information; the service-level clock is paused until it is answered."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="information_requests")
    message = models.TextField()
    item_codes = models.JSONField(default=list, blank=True, help_text="Checklist items to upload again.")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Information request on {self.application_id} at {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class AppointmentSlot(models.Model):
    """A bookable office slot (Astana time) with a capacity; rows exist once someone books the slot."""

    starts_at = models.DateTimeField(unique=True)
    capacity = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} ({self.capacity})"


class Appointment(models.Model):
    """A booked visit to hand over originals; one per application (each person has their own)."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="appointment")
    slot = models.ForeignKey(AppointmentSlot, on_delete=models.PROTECT, related_name="appointments")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(auto_now_add=True)
    #: Appointments booked together for a family (one slot) share it: one confirmation confirms them all.
    #: Empty for a person's own appointment.
    group = models.UUIDField(null=True, blank=True, db_index=True, editable=False)
    #: When the filer confirmed the visit (or booked inside the reminder window, which confirms it); unconfirmed
    #: ``APPOINTMENT_CONFIRM_HOURS`` before the slot, the appointment is cancelled (services.appointments_sweep).
    confirmed_at = models.DateTimeField(null=True, blank=True)
    #: When the reminder e-mail with the link to confirm was recorded in the outbox (sent once).
    reminded_at = models.DateTimeField(null=True, blank=True)
    #: Checklist item codes of the originals the officer ticked as received, with who and when.
    originals_received = models.JSONField(default=list, blank=True)
    originals_received_at = models.DateTimeField(null=True, blank=True)
    originals_received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    def __str__(self) -> str:
        return f"{self.application} at {self.slot.starts_at:%Y-%m-%d %H:%M}"


class StatusChange(models.Model):
    """The timeline: one row per transition and per officer action (who, from, to, when, reason)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="status_changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for the system (e.g. a background task).",
    )
    action = models.CharField(max_length=32, choices=Action.choices)
    from_state = models.CharField(max_length=32, choices=State.choices)
    to_state = models.CharField(max_length=32, choices=State.choices)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_state} → {self.to_state} ({self.action})"


class OutboxMessage(models.Model):
    """An e-mail or a task recorded in the transaction of the change that causes it (the transactional outbox).

    A service writes the row next to its state change, so both commit or neither does; after commit the row is
    handed to the broker (``applications.outbox.dispatch``), and the sweeper (``dispatch_pending``: Celery beat
    every minute, ``manage.py dispatch_outbox``) hands over what a broker outage left behind. A submission or a
    decision therefore never fails, and nothing is lost, because the broker is down.

    ``sent_at``: for an e-mail, when the mail server took it (the e-mail task sets it in the step that sends, so a
    redelivered task finds it sent and sends nothing); for a task, when the broker took it (the task itself is
    idempotent). ``dispatched_at``: the last hand-over to the broker; ``attempts``: hand-overs the broker took;
    ``last_error``: the last failure, personal data masked. ``idempotency_key`` names the event, so the same
    event is never recorded twice. See docs/decisions/0011-outbox-and-access-log.md.
    """

    class Kind(models.TextChoices):
        EMAIL = "email", "E-mail"
        TASK = "task", "Task"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    task_name = models.CharField(max_length=200, help_text="The Celery task's registered name.")
    args = models.JSONField(default=list, blank=True, help_text="The task's arguments; an e-mail's: application, kind.")
    idempotency_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # The sweeper's question, every minute: what is not sent yet?
            models.Index(fields=["created_at"], condition=models.Q(sent_at__isnull=True), name="outbox_unsent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.idempotency_key} ({'sent' if self.sent_at else 'pending'})"


class SubmissionWatch(models.Model):
    """A filer asked to be told when a waiting draft can be submitted (a ``RuleFailure`` with ``waits``).

    E.g. a dependant's draft waits for the principal's valid visa: when a visa record starts to count
    (``qazeta.records.signals.visa_recorded``), the engine re-checks the watched drafts and e-mails the filer once
    (``notified_at``) for each that no longer waits.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="watches")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "user"], name="uniq_submission_watch")]

    def __str__(self) -> str:
        return f"{self.user} watches application {self.application_id}"
