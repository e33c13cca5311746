"""Typed factories shared by the test suite (factory_boy). Lifecycle states are reached through the services,
never by assigning ``state`` (see ``advance``)."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Iterator

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications import services
from applications.constants import State
from applications.models import Application
from qazeta.accounts.constants import MembershipRole, Role, VerificationStatus
from qazeta.accounts.models import Membership, Organisation, Person, User
from qazeta.accounts.validators import kz_check_digit
from qazeta.records.models import Entries, RecordSource, VisaCategory, VisaRecord
from visas.models import C3InvitationApplication


def pdf_document(catalog: bytes, *objects: bytes, header: bytes = b"%PDF-1.7\n") -> bytes:
    """A well-formed PDF (cross-reference table, trailer, startxref) whose objects 1, 2… are ``catalog`` and
    ``objects``, written as given: tests build plain and hostile documents with it."""
    out = bytearray(header)
    offsets = []
    for number, body in enumerate((catalog, *objects), start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref)
    return bytes(out)


#: The page tree of a one-page A4 document: objects 2 and 3 after the catalog.
PDF_ONE_PAGE = (b"<</Type/Pages/Kids[3 0 R]/Count 1>>", b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>")
#: A plain one-page PDF standing in for a scan.
PDF_BYTES = pdf_document(b"<</Type/Catalog/Pages 2 0 R>>", *PDF_ONE_PAGE)
#: A 1×1 white PNG (written by Pillow).
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63f8ffff3f0005fe02fe0def"
    "46b80000000049454e44ae426082"
)


def jpeg_bytes(width: int = 8, height: int = 8) -> bytes:
    """A small grey JPEG written by Pillow."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (width, height), 200).save(buffer, "JPEG")
    return buffer.getvalue()


_bin_counter = itertools.count(1)


def make_bin() -> str:
    """A fresh, valid 12-digit BIN (check digit computed by the project's own algorithm)."""
    while True:
        first11 = f"{250440:06d}{next(_bin_counter):05d}"
        check = kz_check_digit(first11)
        if check is not None:
            return f"{first11}{check}"


def person_form(**overrides: str) -> dict[str, str]:
    """A roster or registration form's person fields, valid as they are (Petra Novák, Czech passport)."""
    return {
        "surname": "NOVAK",
        "given_names": "PETRA",
        "sex": "F",
        "date_of_birth": "1990-03-01",
        "nationality": "CZE",
        "passport_number": "45123987",
        "passport_issuing_state": "CZE",
        "passport_expires_on": "2031-05-31",
        "email": "petra@example.com",
        "position": "Compliance officer",
        **overrides,
    }


def pdf_file(name: str = "scan.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    role = Role.APPLICANT
    password = factory.django.Password("pass-12345")

    class Params:
        officer = factory.Trait(role=Role.OFFICER)
        supervisor = factory.Trait(role=Role.SUPERVISOR)
        employer = factory.Trait(role=Role.EMPLOYER)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Participant {n} Ltd")
    bin = factory.LazyFunction(make_bin)
    aifc_registration_number = factory.Sequence(lambda n: f"AIFC-{n:06d}")
    address = "55/17 Mangilik El Ave, Astana"
    # Most tests file and submit: a host party an officer has verified (qazeta/permissions.py).
    verification_status = VerificationStatus.VERIFIED

    class Params:
        unverified = factory.Trait(verification_status=VerificationStatus.PENDING)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory, employer=True)
    role = MembershipRole.ADMIN


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    surname = factory.Sequence(lambda n: f"SMITH{n}")
    given_names = "JOHN"
    sex = "M"
    date_of_birth = dt.date(1985, 4, 12)
    nationality = "GBR"
    passport_number = factory.Sequence(lambda n: f"P{n:07d}")
    passport_issuing_state = "GBR"
    passport_expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=3 * 365))
    email = factory.LazyAttribute(lambda o: f"{o.passport_number.lower()}@example.com")
    position = "Senior analyst"


class VisaRecordFactory(factory.django.DjangoModelFactory):
    """A visa the person holds, as the portal records it (default: a C3 visa issued through the portal, valid from
    a year before today's date to a year after it, for the person's host party). Pass ``valid_from``/``valid_to``
    to place it relative to a pinned day; ``source=RecordSource.DECLARED`` for a declared one."""

    class Meta:
        model = VisaRecord

    person = factory.SubFactory(PersonFactory)
    category = VisaCategory.C3
    number = factory.Sequence(lambda n: f"C3{n:07d}")
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=365))
    valid_to = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=365))
    entries = Entries.MULTIPLE
    host_party = factory.LazyAttribute(lambda o: o.person.organisation)
    source = RecordSource.ISSUED
    confirmed_at = factory.LazyFunction(timezone.now)


def employer_with_staff() -> tuple[Membership, Person]:
    """An admin member of a host party and one employee on its roster."""
    membership = MembershipFactory()
    person = PersonFactory(organisation=membership.organisation)
    return membership, person


def c3_draft(
    *,
    membership: Membership | None = None,
    person: Person | None = None,
    principal: Application | None = None,
    consent: bool = True,
    **overrides,
) -> C3InvitationApplication:
    """A C3 invitation draft filed by a host party's admin (through ``application_create``). A family member's
    draft (``principal`` given, or the person has a principal) is not given the principal's own fields
    (position, contract end)."""
    if membership is None:
        membership, person = employer_with_staff()
    person = person or PersonFactory(organisation=membership.organisation)
    family = principal is not None or person.principal_id is not None
    fields = {
        "channel": "standard",
        "validity_years": 2,
        "passport_blank_pages": 4,
        "position": "Senior analyst",
        "visa_pickup_place": "Embassy of Kazakhstan, London",
        **overrides,
    }
    if family:
        for name in ("position", "contract_ends_on"):
            fields.pop(name, None)
    application = services.application_create(
        user=membership.user,
        service_code="c3-invitation",
        person=person,
        organisation=membership.organisation,
        principal_application=principal,
        **fields,
    )
    if consent:
        services.consent_record(user=membership.user, person=person)
    return application


def upload_checklist(application: Application, user: User) -> None:
    """Upload a small PDF for every required checklist item."""
    for req in application.service.checklist(application.checklist_facts()):
        if req.required:
            services.document_upload(user=user, application=application, item_code=req.code, file=pdf_file())


def next_office_slot(after: dt.date | None = None) -> dt.datetime:
    """The first 10:00 office slot on a working day after ``after`` (default today)."""
    from qazeta.workcalendar import calendar as workcalendar

    day = workcalendar.add_working_days(after or timezone.localdate(), 1)
    return [s for s in workcalendar.office_slots(day) if timezone.localtime(s).hour == 10][0]


@contextlib.contextmanager
def on_visit_day(app: Application | int) -> Iterator[list[str]]:
    """The clock at the start of ``app``'s booked visit (moved there only while it is before the visit's day), yielding
    the checklist codes of its originals: what the officer ticks at the visit (the rule refuses before its day)."""
    import time_machine

    from applications.models import Appointment
    from applications.selectors import originals_to_bring

    app_id = app if isinstance(app, int) else app.pk
    application = Application.objects.get(pk=app_id)
    start = Appointment.objects.select_related("slot").get(application_id=app_id).slot.starts_at
    received = [row.requirement.code for row in originals_to_bring(application)]
    if timezone.localdate() >= timezone.localdate(start):
        yield received
        return
    with time_machine.travel(start, tick=False):
        yield received


def receive_originals(officer: User, app: Application) -> Application:
    """Mark every original of ``app`` received, as the officer does on the visit's day (:func:`on_visit_day`); without
    a booked visit, the bare call (which the service refuses)."""
    from applications.models import Appointment

    if not Appointment.objects.filter(application_id=app.pk).exists():
        return services.originals_receive(user=officer, application=app, received=[])
    with on_visit_day(app) as received:
        return services.originals_receive(user=officer, application=app, received=received)


def soonest_office_slot() -> dt.datetime:
    """The first office slot still ahead today (so the visit's day is today and the originals can be received
    without moving the clock), else :func:`next_office_slot`."""
    from qazeta.workcalendar import calendar as workcalendar

    now = timezone.now()
    today = [s for s in workcalendar.office_slots(timezone.localdate()) if s > now]
    return today[0] if today else next_office_slot()


def settle_booking_gates(application: Application, filer: User) -> None:
    """Do what the filing side does before booking the visit of ``application`` (documents approved) while a
    booking gate waits (``applications.hooks``): with the payments gate, upload a payment receipt (a small PDF)
    through ``payments.services.receipt_upload``; any other gate through its own ``settle`` (the demo's way).
    Nothing when booking does not wait."""
    from applications import hooks

    if not hooks.booking_waits_for(application):
        return
    from payments.services import receipt_upload

    receipt_upload(user=filer, application=application, file=pdf_file("payment-receipt.pdf"))
    hooks.settle_booking_gates(application, filer)


#: The order C3's happy path walks (every step); a service's own path is ``app.lifecycle.path()``.
HAPPY_PATH = [
    State.DRAFT,
    State.SUBMITTED,
    State.IN_REVIEW,
    State.DOCUMENTS_APPROVED,
    State.APPOINTMENT_BOOKED,
    State.ORIGINALS_RECEIVED,
    State.WITH_AUTHORITY,
    State.ISSUED,
]


def file_draft(
    service_code: str,
    *,
    user: User | None = None,
    membership: Membership | None = None,
    person: Person | None = None,
    consent: bool = True,
    **fields,
) -> Application:
    """A draft of any service through ``application_create``: filed by ``membership``'s user for a person on its
    roster (host party), or by ``user`` for their own person (self-applicant, ``person.account == user``)."""
    if membership is not None:
        user = membership.user
        person = person or PersonFactory(organisation=membership.organisation)
        organisation = membership.organisation
    else:
        if user is None or person is None:
            raise ValueError("give a membership, or a user with their own person")
        organisation = None
    application = services.application_create(
        user=user, service_code=service_code, person=person, organisation=organisation, **fields
    )
    if consent:
        services.consent_record(user=user, person=person)
    return application


def advance(
    application: Application,
    to: str,
    *,
    filer: User,
    officer: User,
    issue: dict | None = None,
    refuse: dict | None = None,
) -> Application:
    """Walk ``application`` through the services up to state ``to`` along its own service's lifecycle path
    (``lifecycle.path()``), or to information_requested, refused, withdrawn, cancelled.

    ``issue``: keyword arguments for ``application_issue`` (default: a decision number where the service asks
    for one); ``refuse``: for ``application_refuse`` (default: a reason, or the first declared ground).
    """
    app = Application.objects.get(pk=application.pk)
    definition = app.definition

    def at(state: str) -> bool:
        return app.state == state

    if to == State.INFORMATION_REQUESTED:
        advance(app, State.IN_REVIEW, filer=filer, officer=officer)
        app.refresh_from_db()
        services.information_request(user=officer, application=app, message="Please send a clearer passport scan.")
        return Application.objects.get(pk=app.pk)
    if to == State.WITHDRAWN:
        advance(app, State.SUBMITTED, filer=filer, officer=officer)
        services.application_withdraw(user=filer, application=Application.objects.get(pk=app.pk), reason="no longer")
        return Application.objects.get(pk=app.pk)
    if to == State.REFUSED:
        advance(app, app.lifecycle.decision_state, filer=filer, officer=officer)
        if refuse is None:
            grounds = [definition.refusal_grounds[0][0]] if definition.refusal_grounds else []
            refuse = {"reason": "State body refused", "grounds": grounds}
        services.application_refuse(user=officer, application=Application.objects.get(pk=app.pk), **refuse)
        return Application.objects.get(pk=app.pk)
    if to == State.CANCELLED:
        advance(app, State.SUBMITTED, filer=filer, officer=officer)
        supervisor = UserFactory(supervisor=True)
        services.application_cancel(user=supervisor, application=Application.objects.get(pk=app.pk), reason="Duplicate")
        return Application.objects.get(pk=app.pk)

    path = app.lifecycle.path()
    target = path.index(State(to))
    issue_kwargs = issue if issue is not None else {}
    if issue is None and definition.asks_decision_number:
        issue_kwargs = {"decision_number": "WV-2026-0001"}
    steps = {
        State.DRAFT: lambda: (
            upload_checklist(app, filer),
            services.application_submit(user=filer, application=app),
        ),
        State.SUBMITTED: lambda: services.application_assign(user=officer, application=app, officer=officer),
        State.IN_REVIEW: lambda: (
            [services.document_review(user=officer, upload=u, accept=True) for u in app.uploads.all()],
            services.documents_approve(user=officer, application=app),
        ),
        State.APPOINTMENT_BOOKED: lambda: receive_originals(officer, app),
    }

    def next_step() -> None:
        state = State(app.state)
        if state in steps:
            steps[state]()
        elif state == app.lifecycle.decision_state:
            services.application_issue(user=officer, application=app, **issue_kwargs)
        elif state == app.lifecycle.forward_from:
            services.authority_forward(user=officer, application=app)
        elif state == State.DOCUMENTS_APPROVED:
            settle_booking_gates(app, filer)
            services.appointment_book(user=filer, application=app, starts_at=soonest_office_slot())
        else:  # pragma: no cover - a state off the path
            raise AssertionError(f"no step from {state}")

    while path.index(State(app.state)) < target:
        next_step()
        app = Application.objects.get(pk=app.pk)
        assert not at(State.DRAFT) or target == 0
    return app
