"""HTML views anyone may open: the home page and the service catalogue (guide 2025) with its fees."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications import hooks
from applications.catalogue import CATEGORIES, CatalogueError, DocumentRequirement, Service, all_services, get_service
from applications.constants import State
from applications.registry import get_registry
from applications.selectors import actable_by_filer, filer_refusal, visible_applications
from qazeta.accounts.models import Person, User
from qazeta.accounts.selectors import self_person
from qazeta.records.selectors import windows_ahead_with_service

#: A checklist condition in words, as the catalogue shows it next to a document (applications.catalogue.CONDITIONS).
CONDITION_WORDS: dict[str, Any] = {
    "principal": _("for the principal only (not for family members)"),
    "family_member": _("family members only"),
    "representative": _("if a representative files"),
    "has_current_visa": _("if the person holds a current Kazakh visa"),
    "has_branch": _("if the host party is a representative office or branch"),
    "b2": _("B2 visa only"),
    "b3": _("B3 visa only"),
    "individual": _("individuals only"),
    "legal_entity": _("legal entities only"),
    "first_application": _("first application only"),
    "employee": _("employees only"),
    "minor_14_18": _("children aged 14 to 18 only"),
    "family_includes_minor_14_18": _("if the family includes a child aged 14 to 18"),
}


def condition_words(requirement: DocumentRequirement) -> list[str]:
    """The conditions of a checklist item in words ("family members only", "if any", ...)."""
    words: list[str] = []
    if requirement.when:
        name = requirement.when.removeprefix("not:")
        text = str(CONDITION_WORDS.get(name, name))
        words.append(
            str(_("except: %(condition)s")) % {"condition": text} if requirement.when.startswith("not:") else text
        )
    if not requirement.required:
        words.append(str(_("if any")))
    return words


def cannot_file_reason(user: User, service: Service) -> str | None:
    """Why ``user`` cannot start filing ``service``, in plain words; None when they can.

    Filing is open (a plug-in files the service and the catalogue opens it), and the user is a host-party member
    where the service is filed by the host party, or a self-applicant where the person files
    (``ServiceDefinition.filers``). Expat Centre staff never file. ``""`` means "no account that could file".
    """
    definition = get_registry().fileable(service.code)
    if definition is None or not user.is_authenticated:
        return ""
    # The ways this user could file: for a host party's staff, and/or for themselves. The first that the
    # service allows wins; otherwise the reason of the last one tried (staff are refused by either).
    ways = [False] if user.memberships.exists() or user.is_staff_officer else []
    if self_person(user) is not None:
        ways.append(True)
    if not ways:
        return ""
    refusals = [filer_refusal(user, definition, for_self=for_self) for for_self in ways]
    return None if "" in refusals else refusals[-1]


def user_can_file(user: User, service: Service) -> bool:
    """Whether ``user`` can start filing ``service`` here (see :func:`cannot_file_reason`)."""
    return cannot_file_reason(user, service) is None


def _employer_dashboard(user: User) -> dict[str, Any]:
    """A host-party member's part of the home page: the visas of the member's host parties' staff that enter
    their extension window in the next 30 calendar days (``qazeta.records.selectors.windows_ahead``)."""
    today = timezone.localdate()
    persons = {
        p.pk: p
        for p in Person.objects.filter(organisation_id__in=user.memberships.values("organisation_id")).only(
            "pk", "surname", "given_names", "organisation_id"
        )
    }
    windows = windows_ahead_with_service(persons, today=today)
    for row in windows:
        row.visa.person = persons[row.visa.person_id]
    # The services' own dated duties of the host party (ServiceDefinition.host_reminders), soonest first.
    person_ids = list(persons)
    reminders = sorted(
        (r for d in get_registry() for source in d.host_reminders for r in source(person_ids, today)),
        key=lambda r: (r.due is None, r.due or today, r.person_id),
    )
    return {
        "host_reminders": reminders,
        "windows_ahead": windows,
        "today": today,
        "can_file": True,
        "show_host_party": user.memberships.count() > 1,
    }


def _own_windows(user: User) -> dict[str, Any]:
    """The home page's part for a user with their own person record (a self-applicant, or an employee given a
    login): their own visas entering the extension window in the next 30 calendar days (``windows_ahead``), with
    the extension to file for a self-applicant; nothing for a user without a person record."""
    person = self_person(user)
    if person is None:
        return {}
    today = timezone.localdate()
    windows = windows_ahead_with_service([person.pk], today=today)
    for row in windows:
        row.visa.person = person
    # An employee given a login by the host party reads their windows; the host party files the extension.
    return {
        "windows_ahead": windows,
        "today": today,
        "can_file": person.organisation_id is None,
        "show_host_party": False,
    }


#: Issued documents stay on the filer's home as "ready to download" this many calendar days after their issue.
READY_DOCUMENTS_DAYS = 30


def _filer_dashboard(user: User) -> dict[str, Any]:
    """What needs a filer now, for the home page: information requested, visits to book (each with
    ``booking_waits``: why booking must wait, e.g. the payment receipt, or ""), visits booked ahead (date and
    time, Astana; ``confirm_by``: the moment to confirm an unconfirmed visit by, None once confirmed or too late),
    and documents issued in the last ``READY_DOCUMENTS_DAYS`` calendar days. The fees due come from the payments
    app's template tag (``{% payments_due %}``): the engine does not import payments.

    Lists only what ``user`` may act on (``applications.act_as_filer``), except the issued documents, which every
    reader of the application may download (a person's own applicant login too). A visit is to book only where
    the service's lifecycle has an appointment (``Step.APPOINTMENT``). Three queries, plus the booking gates'
    own reads for each visit to book.
    """
    from applications.registry import Step
    from qazeta.documents.models import IssuedDocument

    now = timezone.now()
    visible = visible_applications(user)
    open_apps = list(
        visible.filter(
            state__in=[State.DRAFT, State.INFORMATION_REQUESTED, State.DOCUMENTS_APPROVED, State.APPOINTMENT_BOOKED]
        )
        .select_related("person", "appointment__slot")
        .order_by("due_date", "-created_at")
    )
    mine = [a for a in open_apps if actable_by_filer(user, a)]

    def books_a_visit(app: Any) -> bool:
        try:
            return app.lifecycle.has(Step.APPOINTMENT)
        except LookupError:
            return False

    visits = [
        a
        for a in mine
        if a.state == State.APPOINTMENT_BOOKED
        and getattr(a, "appointment", None)
        and a.appointment.slot.starts_at >= now
    ]
    ready = list(
        IssuedDocument.objects.filter(
            application__in=visible,
            revoked_at__isnull=True,
            cancelled_at__isnull=True,
            issued_on__gte=timezone.localdate() - dt.timedelta(days=READY_DOCUMENTS_DAYS),
        )
        .select_related("application__person")
        .order_by("-issued_on", "-pk")
    )
    # A visit to book whose booking waits (a gate, e.g. the payment receipt: applications.hooks) says so instead
    # of offering the booking.
    to_book = [a for a in mine if a.state == State.DOCUMENTS_APPROVED and books_a_visit(a)]
    for app in to_book:
        app.booking_waits = hooks.booking_waits_for(app)
    confirm_hours = settings.APPOINTMENT_CONFIRM_HOURS
    for app in visits:
        deadline = app.appointment.slot.starts_at - dt.timedelta(hours=confirm_hours)
        app.confirm_by = deadline if app.appointment.confirmed_at is None and now < deadline else None
    return {
        "drafts": [a for a in mine if a.state == State.DRAFT],
        "information_requested": [a for a in mine if a.state == State.INFORMATION_REQUESTED],
        "to_book": to_book,
        "visits": sorted(visits, key=lambda a: a.appointment.slot.starts_at),
        "visits_to_confirm": sum(1 for a in visits if a.confirm_by),
        "documents_ready": ready,
        "ready_days": READY_DOCUMENTS_DAYS,
    }


def home(request: HttpRequest) -> HttpResponse:
    """Who the portal is for, the way to the services and, for a filer, what needs them (``_filer_dashboard``)."""
    context: dict[str, Any] = {"services_open": [s for s in all_services() if s.filing_enabled]}
    user = request.user
    if user.is_authenticated and not user.is_staff_officer:
        context.update(_filer_dashboard(user))
        context.update(total=visible_applications(user).count(), is_member=user.memberships.exists())
        if context["is_member"]:
            context.update(_employer_dashboard(user))
        else:
            context.update(_own_windows(user))
    return render(request, "home.html", context)


def service_list(request: HttpRequest) -> HttpResponse:
    """Every service of the guide, grouped by category in the guide's order."""
    groups: dict[str, list[Service]] = {}
    for service in all_services():
        groups.setdefault(service.category, []).append(service)
    categories = [(CATEGORIES[code], groups[code]) for code in CATEGORIES if code in groups]
    return render(request, "catalogue/service_list.html", {"categories": categories})


def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One service: description, who may apply, documents with their conditions in words, fees per channel
    (KZT) with today's state duty (MRP multiple × MRP of the year), the term, and the way to file it."""
    from fees.money import format_mrp_multiple
    from fees.selectors import QuoteError, fee_table, state_duty_for

    try:
        service = get_service(code)
    except CatalogueError:
        raise Http404("No such service.") from None
    try:
        fees = fee_table(code)
    except QuoteError:
        fees = []
    try:
        duty = state_duty_for(code)
    except QuoteError:
        duty = None
    documents = [(doc, condition_words(doc)) for doc in service.documents]
    context = {
        "service": service,
        "documents": documents,
        "fees": fees,
        "fee_by_validity": any(row.validity_band != "any" for row in fees),
        "duty": duty,
        "duty_multiple": format_mrp_multiple(duty.mrp_multiple) if duty else "",
        "can_file": user_can_file(request.user, service),
    }
    return render(request, "catalogue/service_detail.html", context)


urlpatterns = [
    path("", home, name="home"),
    path("services/", service_list, name="service-list"),
    path("services/<slug:code>/", service_detail, name="service-detail"),
]
