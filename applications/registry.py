"""The service plug-in contract: one declaration per service code, kept in one registry.

A plug-in app (``visas``, ``residency`` …) declares each service it files once, as a frozen
:class:`ServiceDefinition`, and registers it from its ``AppConfig.ready()``::

    registry.register(ServiceDefinition(code="iin", model=IinApplication, lifecycle=..., filers=...))

The definition joins what the engine needs to know of a service: its catalogue entry (looked up by code in
``applications.catalogue``), the filing model (a concrete child of ``Application``), the lifecycle profile
(which steps the one FSM walks for it and what its term counts), who may file it, its submission rules, the
documents it produces per outcome, the checklist facts only it can tell, and its fee adjustments. Nothing else
in the portal keeps a map of service codes: the engine asks the registry, and ``applications.checks`` walks it
at start-up (``manage.py check``) so a broken declaration fails CI, naming the service.

Idea taken from Open Forms' plug-in registries (``openforms/plugins/registry.py``): every aspect of a type
lives in one registry object, registering a code twice raises, and an unknown code is a typed error.
See docs/decisions/0008-service-plug-in-contract.md and docs/adding-a-service.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    import datetime as dt

    from fees.selectors import Quote
    from qazeta.accounts.models import Organisation, Person

    from .exceptions import RuleFailure
    from .models import Application
    from .rules import Rule


class RegistryError(Exception):
    """A service was registered twice, or its declaration contradicts itself (raised at import time)."""


class ServiceNotRegistered(LookupError):  # noqa: N818 - reads as the condition it reports
    """No plug-in files this service code (it may still be a catalogue entry)."""


class Step(StrEnum):
    """Steps a service's lifecycle may have on top of submission and the outcome (DESIGN.md, "The case engine")."""

    #: An officer checks each uploaded document and approves the set.
    DOCUMENT_REVIEW = "document_review"
    #: The officer may ask the filer for information or new files (the clock pauses).
    INFORMATION_REQUESTS = "information_requests"
    #: After approval the filer books a visit and hands over the originals (guide: "how a service is requested").
    APPOINTMENT = "appointment"
    #: The Expat Centre forwards the file to a state body, which decides (``Lifecycle.state_body`` says which).
    STATE_BODY = "state_body"
    #: The decision is sent electronically: no visit at all (guide, qualification exemption).
    ELECTRONIC_DECISION = "electronic_decision"


class TermUnit(StrEnum):
    """What a service-level term counts (guide 2025: "Service terms are in working days"; a few are minutes)."""

    WORKING_DAYS = "working_days"
    MINUTES = "minutes"  # office minutes, counted inside office hours (arrival notification: 30 minutes)
    NONE = "none"  # the guide states no term


class FilerKind(StrEnum):
    """Who may file a service through the portal. Expat Centre staff never file."""

    HOST_PARTY = "host_party"  # a member of the host party (employer), for a person on its staff roster
    PERSON = "person"  # the foreign national for themselves (a self-applicant)


class Outcome(StrEnum):
    """The decided states that can produce documents."""

    ISSUED = "issued"
    REFUSED = "refused"


#: The state body that decides on visas, invitations, exit visas and residence permits: the migration service of
#: the internal-affairs bodies (guide 2025). Plug-ins name it in ``Lifecycle.state_body``.
MIGRATION_SERVICE = gettext_lazy("the Migration Service (Ministry of Internal Affairs)")


@dataclass(frozen=True)
class Lifecycle:
    """Which steps of the one FSM a service walks, and what its term counts.

    The FSM's states never change per service; transitions into a step the service lacks are refused by their
    conditions (``Application``'s transitions ask :meth:`has`). The path is always
    ``submitted → in_review [⇄ information_requested] → documents_approved [→ appointment_booked →
    originals_received] [→ with_authority] → issued | refused``.

    ``state_body``: the body that decides when :attr:`Step.STATE_BODY` is a step (English name, shown to
    officers and filers). ``term_extension``: the guide's "may be extended by up to 30 calendar days", which
    it writes only for the visa invitation and issuance services (SERVICES.md, "The 30-day note").
    """

    steps: frozenset[Step]
    term_unit: TermUnit = TermUnit.WORKING_DAYS
    state_body: str = ""
    term_extension: bool = False

    def __post_init__(self) -> None:
        if Step.APPOINTMENT in self.steps and Step.ELECTRONIC_DECISION in self.steps:
            raise RegistryError("a lifecycle cannot have both an appointment and an electronic decision")
        if (Step.STATE_BODY in self.steps) != bool(self.state_body):
            raise RegistryError("name the state body exactly when the lifecycle has the state_body step")
        if Step.INFORMATION_REQUESTS in self.steps and Step.DOCUMENT_REVIEW not in self.steps:
            raise RegistryError("information requests happen during document review")

    def has(self, step: Step) -> bool:
        return step in self.steps

    @property
    def decision_state(self) -> str:
        """The state in which the outcome (issued or refused) is recorded for this service."""
        from .constants import State

        if self.has(Step.STATE_BODY):
            return State.WITH_AUTHORITY
        if self.has(Step.APPOINTMENT):
            return State.ORIGINALS_RECEIVED
        return State.DOCUMENTS_APPROVED

    @property
    def forward_from(self) -> str | None:
        """The state from which the file is forwarded to the state body; None without that step."""
        from .constants import State

        if not self.has(Step.STATE_BODY):
            return None
        return State.ORIGINALS_RECEIVED if self.has(Step.APPOINTMENT) else State.DOCUMENTS_APPROVED

    def path(self) -> list[str]:
        """The states of the happy path, in order, from draft to issued."""
        from .constants import State

        states = [State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.DOCUMENTS_APPROVED]
        if self.has(Step.APPOINTMENT):
            states += [State.APPOINTMENT_BOOKED, State.ORIGINALS_RECEIVED]
        if self.has(Step.STATE_BODY):
            states.append(State.WITH_AUTHORITY)
        states.append(State.ISSUED)
        return states


#: Builds extra template context for a generated output from the application's service-model instance.
ContextBuilder = Callable[["Application"], Mapping[str, Any]]
#: Answers one checklist condition (``applications.catalogue.CONDITIONS``) for an application.
Fact = Callable[["Application"], bool]
#: Changes the quote of one application (e.g. a family member filed with a paid principal pays no service fee).
FeeAdjustment = Callable[["Application", "Quote"], "Quote"]
#: Tells, before a draft is opened and again at submission, why this person cannot have this service now
#: (e.g. an extension outside its window). Arguments: the person, the host party filing (None for a
#: self-applicant) and the day (Astana). Returns every failure; empty when the person may have it.
Precondition = Callable[["Person", "Organisation | None", "dt.date"], list["RuleFailure"]]
#: Says whether a checklist item is already satisfied by something the portal holds (a consent record, an
#: issued arrival notification, a visa record): an :class:`OnRecord`, or None when a file must be uploaded.
Reference = Callable[["Application"], "OnRecord | None"]
#: Runs inside the outcome's transaction, after the transition (e.g. keep the issued IIN on the person).
#: Raises ``applications.exceptions.ApplicationError`` to refuse the outcome; then nothing is written.
OutcomeHook = Callable[["Application", Outcome], None]
#: What the officer should see before deciding, computed from the portal's data: ``(label, text)`` pairs shown on
#: the officer page (e.g. "Latest permitted end date": "12.03.2031 — the passport expires then"). Staff only.
OfficerNotes = Callable[["Application"], "list[tuple[str, str]]"]


@dataclass(frozen=True)
class HostReminder:
    """A dated duty of the host party about one person on its roster, shown on the host's home page.

    E.g. ``HostReminder(person_id=7, text="ALIEV Timur moved on 16.06.2026: report the change to the
    internal-affairs bodies by 19.06.2026", due=date(2026, 6, 19))``. ``text`` is the whole sentence, its date
    included; ``due``: the last day (Astana date) the duty can be met, None when it has no deadline (the page
    sorts by it); ``overdue``: the source found ``due`` passed on the day it was asked for.
    """

    person_id: int
    text: str
    due: dt.date | None = None
    url: str = ""
    overdue: bool = False


#: The host-party reminders a service adds to the home page: called with the ids of the persons on the member's
#: host parties' rosters and the day (Astana); returns them in any order (the page sorts them by ``due``).
HostReminderSource = Callable[[list[int], "dt.date"], list[HostReminder]]


@dataclass(frozen=True)
class OnRecord:
    """What satisfies a checklist item without an upload: a label for people and, when there is one, a link.

    E.g. ``OnRecord("Arrival notification EC-2026-000123, confirmed 02.03.2026", "/verify/ABCD-…/")``.
    """

    label: str
    url: str = ""


@dataclass(frozen=True)
class Output:
    """A document an outcome produces.

    ``kind``: unique per application, stored on ``IssuedDocument.kind`` (e.g. ``"iin_certificate"``).
    Generated outputs name a ``template`` (rendered by the one PDF pipeline, with a verification code and QR)
    and may add ``context``; received outputs (``received=True``) are the state body's own document, whose
    scan the officer attaches when recording the outcome (verified on ``/verify/`` by code and file hash).
    ``languages``: the languages the document is written in (the guide's state documents: Kazakh and Russian).
    ``per_language``: the template is written once, with ``{% translate %}``; the pipeline renders it once per
    language of ``languages``, in that order, into the one PDF (each version on its own pages). False: the
    template writes its languages itself (e.g. Kazakh and Russian side by side) and is rendered once.
    """

    kind: str
    title: str
    outcome: Outcome = Outcome.ISSUED
    template: str = ""
    received: bool = False
    context: ContextBuilder | None = None
    languages: tuple[str, ...] = ("kk", "ru")
    per_language: bool = False

    def __post_init__(self) -> None:
        if self.received == bool(self.template):
            raise RegistryError(f"output {self.kind!r}: give a template (generated) or received=True, not both")


@dataclass(frozen=True)
class ServiceDefinition:
    """Everything the engine needs to know of one service, declared once by its plug-in.

    ``model``: the concrete child of ``Application`` that files it; its own fields become the filing form,
    the draft edit form, the API's ``service_fields`` (read and write), the filer and officer pages and the
    PDF context. ``rules``: submission rules (``applications.rules``), all run at submission. ``facts``:
    checklist conditions only this service can answer (the engine answers the common ones,
    ``applications.facts.ENGINE_FACTS``). ``outcome_fields``: the model's fields the officer fills when recording
    that outcome (e.g. the IIN at issue). ``refusal_grounds``: ``(code, label)`` pairs the officer chooses from
    when refusing; empty means a free-text reason. ``decision_number``: whether issuing asks for the state
    body's number (default: when the service has a state body). ``preconditions``: checks on the person and
    the host party run before a draft is opened (the filer is told before typing) and again at submission
    (e.g. an extension only inside its window). ``references``: checklist items (by code) that something the
    portal already holds can satisfy, with a link instead of an upload (the engine adds its own, e.g. the
    recorded consent: ``applications.facts.ENGINE_REFERENCES``). ``principal_fields``: own fields asked only of
    the principal (the employee or investor), never of a family member (e.g. C3's position). ``officer_notes``:
    limits and facts the officer sees on the officer page before deciding (e.g. a permit's latest end date and
    why); the ``on_outcome`` hook enforces them. ``opened_by_staff``: the deciding body may open a case on its own
    initiative for a host party's employee (``applications.services.application_open_on_own_initiative``; a
    supervisor acts for it; e.g. the AIFC Administration changing the qualification requirements, GR0009 point
    2). Filers never see the difference but in the timeline; only services filed by a host party may declare it.
    ``host_reminders``: functions giving the dated duties a host party has about persons on its roster, shown on
    the host's home page (e.g. the TRP holder's change of temporary residence, reported within 3 working days:
    Decree 807).
    """

    code: str
    model: type[Application]
    lifecycle: Lifecycle
    filers: frozenset[FilerKind]
    rules: tuple[Rule, ...] = ()
    outputs: tuple[Output, ...] = ()
    facts: Mapping[str, Fact] = field(default_factory=dict)
    fee_adjustments: tuple[FeeAdjustment, ...] = ()
    outcome_fields: Mapping[Outcome, tuple[str, ...]] = field(default_factory=dict)
    refusal_grounds: tuple[tuple[str, str], ...] = ()
    on_outcome: OutcomeHook | None = None
    decision_number: bool | None = None
    preconditions: tuple[Precondition, ...] = ()
    references: Mapping[str, Reference] = field(default_factory=dict)
    principal_fields: tuple[str, ...] = ()
    officer_notes: OfficerNotes | None = None
    opened_by_staff: bool = False
    host_reminders: tuple[HostReminderSource, ...] = ()

    def __post_init__(self) -> None:
        if not self.filers:
            raise RegistryError(f"{self.code}: say who may file it (FilerKind.HOST_PARTY and/or PERSON)")
        if self.opened_by_staff and FilerKind.HOST_PARTY not in self.filers:
            raise RegistryError(f"{self.code}: a case opened by staff is a host party's; add FilerKind.HOST_PARTY")
        kinds = [o.kind for o in self.outputs]
        if len(kinds) != len(set(kinds)):
            raise RegistryError(f"{self.code}: two outputs share a kind")

    @property
    def asks_decision_number(self) -> bool:
        if self.decision_number is not None:
            return self.decision_number
        return self.lifecycle.has(Step.STATE_BODY)

    def outputs_for(self, outcome: Outcome | str) -> tuple[Output, ...]:
        return tuple(o for o in self.outputs if o.outcome == outcome)

    def output(self, kind: str) -> Output:
        """Raises: ServiceNotRegistered when the service has no output of this kind."""
        for o in self.outputs:
            if o.kind == kind:
                return o
        raise ServiceNotRegistered(f"service {self.code!r} has no output {kind!r}")

    def field_names(self) -> list[str]:
        """The filing model's own fields, in model order (never the ``Application`` parent's)."""
        from django.db import models

        return [
            f.name
            for f in self.model._meta.local_concrete_fields
            if not (isinstance(f, models.OneToOneField) and f.remote_field.parent_link)
        ]

    def filing_field_names(self, *, family_member: bool = False) -> list[str]:
        """The own fields the filer gives: all of them but those the officer fills at an outcome, those the
        portal computes (``editable=False``, shown on the pages and the API but never asked) and, for a family
        member, the principal's own fields."""
        officer = {name for names in self.outcome_fields.values() for name in names}
        computed = {f.name for f in self.model._meta.local_concrete_fields if not f.editable}
        skip = officer | computed | (set(self.principal_fields) if family_member else set())
        return [name for name in self.field_names() if name not in skip]

    def check_preconditions(
        self, person: Person, organisation: Organisation | None, today: dt.date
    ) -> list[RuleFailure]:
        """Every failure of :attr:`preconditions` for ``person`` filed by ``organisation`` on ``today``."""
        failures: list[RuleFailure] = []
        for precondition in self.preconditions:
            failures.extend(precondition(person, organisation, today))
        return failures


class Registry:
    """The service definitions by code. One global instance, :data:`registry`; tests build their own.

    Registering a code twice raises :class:`RegistryError` at once (at import, so every process fails fast);
    looking up an unknown code raises :class:`ServiceNotRegistered`.
    """

    def __init__(self) -> None:
        self._definitions: dict[str, ServiceDefinition] = {}

    def register(self, definition: ServiceDefinition) -> ServiceDefinition:
        if definition.code in self._definitions:
            raise RegistryError(f"service {definition.code!r} is registered twice")
        self._definitions[definition.code] = definition
        return definition

    def __contains__(self, code: object) -> bool:
        return code in self._definitions

    def __iter__(self) -> Iterator[ServiceDefinition]:
        return iter(self._definitions.values())

    def __len__(self) -> int:
        return len(self._definitions)

    def get(self, code: str) -> ServiceDefinition:
        """Raises: ServiceNotRegistered."""
        try:
            return self._definitions[code]
        except KeyError:
            raise ServiceNotRegistered(f"no plug-in files service {code!r}") from None

    def find(self, code: str) -> ServiceDefinition | None:
        return self._definitions.get(code)

    def fileable(self, code: str) -> ServiceDefinition | None:
        """The definition when the service can be filed now: registered and open for filing in the catalogue."""
        from .catalogue import CatalogueError, get_service

        definition = self._definitions.get(code)
        if definition is None:
            return None
        try:
            return definition if get_service(code).filing_enabled else None
        except CatalogueError:
            return None

    def fileable_codes(self) -> list[str]:
        return [d.code for d in self if self.fileable(d.code)]

    def models(self) -> list[type[Application]]:
        """Every filing model, once each (several codes may share one model)."""
        seen: list[type[Application]] = []
        for d in self:
            if d.model not in seen:
                seen.append(d.model)
        return seen


#: The portal's registry; plug-in apps fill it from ``AppConfig.ready()``.
registry = Registry()


def definition_for(code: str) -> ServiceDefinition:
    """The registered definition of ``code``. Raises: ServiceNotRegistered."""
    return registry.get(code)


def filing_model(service_code: str) -> type[Application] | None:
    """The child model filing ``service_code``, or None if no plug-in files it."""
    definition = registry.find(service_code)
    return definition.model if definition else None


def service_field_names(service_code: str, *, family_member: bool = False) -> list[str]:
    """The filing model's own fields the filer gives (e.g. C3: position, contract_ends_on, visa_pickup_place; a
    family member's C3: visa_pickup_place only)."""
    definition = registry.find(service_code)
    return definition.filing_field_names(family_member=family_member) if definition else []


def get_registry() -> Registry:
    """The registry in force (looked up at call time, so a test can swap ``applications.registry.registry``)."""
    return registry
