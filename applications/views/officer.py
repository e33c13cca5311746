"""HTML views of the Expat Centre officers and supervisors: the queue, the officer application page and panel,
the appointments of the day, and the supervisors' access log; the actions are in ``officer_actions``.

Every URL here answers 404 to anyone who is not Expat Centre staff, so applicants and employer members cannot
even learn that the officer pages exist. Each action view validates one form, calls one service of
``applications.services`` and redirects (POST/redirect/GET). Two officers acting at once end in ``Conflict`` or
``WrongState``: the message is shown and the page is loaded again, so the officer sees the state that won.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from applications import search, selectors, services
from applications.constants import State
from applications.forms_officer import (
    ASSIGNEE_ME,
    AppointmentsDayForm,
    AssignForm,
    DocumentReviewForm,
    ExtendTermForm,
    InformationRequestForm,
    IssueForm,
    QueueFilterForm,
    staff_users,
)
from applications.models import Application, Appointment
from applications.selectors import ChecklistRow
from applications.services import MAX_TERM_EXTENSION_DAYS
from applications.services.outputs import service_details
from fees.selectors import missing_mrp_reminder
from qazeta.accounts.constants import Role
from qazeta.accounts.models import Person, PersonalDataAccess, User
from qazeta.accounts.selectors import personal_data_accesses, persons_matching
from qazeta.accounts.services import personal_data_access_record
from qazeta.permissions import is_staff
from qazeta.workcalendar.calendar import OFFICE_TZ

#: Rows per page of the officer queue.
QUEUE_PAGE_SIZE = 25

#: What the privacy audit (PersonalDataAccess.what) records for each officer view of personal data.
SEEN_ON_PAGE = "officer application page"
SEEN_ON_PANEL = "officer panel"


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log in first; then 404 unless the user is an Expat Centre officer or supervisor (404, not 403:
    other roles are not told that the officer pages exist)."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


# --------------------------------------------------------------------------------------------- queue
@staff_only
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The officer queue: open applications by due date, 25 a page, with working days left.

    One query loads a page with its person, host party and assignee (``selectors.officer_queue``, read by key
    after the ``after`` cursor: ``selectors.queue_page``), one or two count the rows (the planner's estimate
    above ``selectors.EXACT_COUNT_BELOW`` on PostgreSQL), one loads the calendar overrides for the working days
    left, one lists the officers for the assignee filter: the number of queries does not grow with the page size
    nor the page number.
    """
    # Only what the assignee filter shows: a login row is wide (password hash, flags, dates).
    officers = list(staff_users().only("pk", "username", "first_name", "last_name"))
    form = QueueFilterForm(request.GET or None, officers=officers)
    data: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    assignee = data.get("assignee", "")
    if assignee == ASSIGNEE_ME:
        assignee = str(request.user.pk)
    applications = selectors.officer_queue(
        service=data.get("service", ""),
        state=data.get("state", ""),
        assignee=assignee,
        include_closed=data.get("closed", False),
    )
    applications = search.filter_applications(applications, data.get("q"))
    # Keyset pages ("after" = the previous page's last row): page 1000 costs what page 1 does.
    page = selectors.queue_page(
        applications,
        request.GET.get("after", ""),
        size=QUEUE_PAGE_SIZE,
        open_only=selectors.queue_is_open_only(state=data.get("state", ""), include_closed=data.get("closed", False)),
    )
    rows = selectors.with_working_days_left(page.rows)
    # A page of persons' names is a bulk read of personal data: one access row naming everyone listed.
    where = "page 1" if page.first else "page after a cursor"
    services.personal_data_viewed(
        user=request.user, applications=[row.application for row in rows], what=f"officer queue {where}"
    )
    filtered = any(data.get(name) for name in ("q", "service", "state", "assignee", "closed"))
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "filtered": filtered,
        "mrp_reminder": missing_mrp_reminder(),
        "own_initiative": _own_initiative_links(request.user),
    }
    return render(request, "applications/queue.html", context)


def _own_initiative_links(user: User) -> list[tuple[str, str]]:
    """``(service name, URL)`` of each service a supervisor may open on the deciding body's initiative
    (``ServiceDefinition.opened_by_staff``; the plug-in's page is named ``"<code>-open"``, ``services.E010``)."""
    import rules
    from django.urls import NoReverseMatch

    from applications.catalogue import get_service
    from applications.registry import get_registry

    # rules' own check: the model backend's permission tables are not read for a page every officer opens.
    if not rules.has_perm("applications.open_on_own_initiative", user):
        return []
    links = []
    for definition in get_registry():
        if definition.opened_by_staff:
            try:
                links.append((get_service(definition.code).name, reverse(f"{definition.code}-open")))
            except NoReverseMatch:
                continue
    return links


# --------------------------------------------------------------------------------------------- application page
def available_actions(application: Application, user: User) -> frozenset[str]:
    """The officer actions the application's state, its service's lifecycle and the user's role allow now
    (``selectors.available_action_names``); this only decides which buttons to show."""
    return selectors.available_action_names(application, user)


#: The content types the portal previews in the browser, and how: "pdf" in a sandboxed <iframe>, "image" in <img>.
PREVIEWABLE = {"application/pdf": "pdf", "image/jpeg": "image", "image/png": "image"}


@dataclass(frozen=True)
class DocumentRow:
    """One checklist item on the officer page with the review form of its current upload (if any) and how its
    file is previewed ("pdf", "image", or "" when the browser cannot show it)."""

    row: ChecklistRow
    form: forms.Form | None
    preview: str = ""


def _load(request: HttpRequest, pk: int) -> Application:
    # The visibility selector decides (staff see every application). A draft is still the filer's own
    # work, not yet sent to the Expat Centre, so officers get a 404 for it, as the queue never lists drafts.
    queryset = selectors.application_detail_queryset(request.user).exclude(state=State.DRAFT)
    return get_object_or_404(queryset, pk=pk)


def _page_url(application: Application) -> str:
    return reverse("officer-application", args=[application.pk])


def _next_url(request: HttpRequest, application: Application) -> str:
    """Where to go after an action: the posted ``next`` when it is this site's, else the officer page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return _page_url(application)


def _panel_context(
    request: HttpRequest,
    application: Application,
    *,
    next_url: str,
    bound: dict[str, forms.Form] | None = None,
) -> dict[str, Any]:
    """Everything the officer panel shows; ``bound`` holds the submitted form that failed, by its key."""
    bound = bound or {}
    checklist = selectors.checklist_status(application)
    documents = []
    for row in checklist:
        form = None
        if row.current is not None:
            key = f"review-{row.current.pk}"
            form = bound.get(key) or DocumentReviewForm(prefix=f"doc-{row.current.pk}")
        preview = PREVIEWABLE.get(row.current.content_type, "") if row.current is not None else ""
        documents.append(DocumentRow(row, form, preview))
    user = request.user
    return {
        "application": application,
        "actions": available_actions(application, user),
        "documents": documents,
        "open_request": application.information_requests.filter(answered_at__isnull=True).first(),
        "appointment": Appointment.objects.filter(application=application).select_related("slot").first(),
        "originals": selectors.originals_to_bring(application) if application.state == State.APPOINTMENT_BOOKED else [],
        "assign_form": bound.get("assign") or AssignForm(initial={"officer": application.assigned_to_id}),
        "information_form": bound.get("information") or InformationRequestForm(checklist=checklist),
        "issue_form": bound.get("issue") or IssueForm(application=application),
        "service_details": service_details(application),
        "officer_notes": selectors.officer_notes(application),
        "next_step": selectors.next_step_label(application),
        "after_approval": selectors.after_approval_text(application),
        "extend_form": bound.get("extend") or ExtendTermForm(),
        "error_forms": list(bound.values()),
        "page_has_error": bool(bound),
        "action_error": "",
        "next_url": next_url,
        "max_extension_days": MAX_TERM_EXTENSION_DAYS,
    }


def _render_page(
    request: HttpRequest,
    application: Application,
    *,
    next_url: str | None = None,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    services.personal_data_viewed(user=request.user, application=application, what=SEEN_ON_PAGE)
    context = _panel_context(request, application, next_url=next_url or _page_url(application), bound=bound)
    context["timeline"] = selectors.timeline(application)
    context.update(_person_records(application))
    return render(request, "applications/officer/application.html", context, status=status)


def _person_records(application: Application) -> dict[str, Any]:
    """The person's visa and residence permit records (qazeta.records), newest expiry first, for the top of the
    officer page: ``visa_records`` and ``permit_records``."""
    from qazeta.records.selectors import permits_of, person_visa_history

    return {
        "visa_records": person_visa_history(application.person_id),
        "permit_records": list(permits_of(application.person_id).order_by("-valid_to", "-pk")),
    }


@staff_only
@require_GET
def application_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The officer's page of one application: documents with their review, every action its state allows."""
    return _render_page(request, _load(request, pk))


@staff_only
@require_GET
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The officer panel as a fragment; the application detail page loads it with htmx.

    Its forms post back to the page the panel sits on (htmx sends that page's address), so after an action
    the officer returns to where they were.
    """
    application = _load(request, pk)
    services.personal_data_viewed(user=request.user, application=application, what=SEEN_ON_PANEL)
    next_url = _page_url(application)
    current = getattr(getattr(request, "htmx", None), "current_url_abs_path", None)
    if current and url_has_allowed_host_and_scheme(current, allowed_hosts={request.get_host()}):
        next_url = current
    context = _panel_context(request, application, next_url=next_url)
    return render(request, "applications/officer/panel.html", context)


# --------------------------------------------------------------------------------------------- appointments
def _appointments_on(day: dt.date) -> list[Appointment]:
    """Appointments whose slot starts on ``day`` in Astana time, earliest first, in one query."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=OFFICE_TZ)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=OFFICE_TZ)
    return list(
        Appointment.objects.filter(slot__starts_at__gte=start, slot__starts_at__lt=end)
        .select_related("slot", "application__person", "application__organisation")
        .order_by("slot__starts_at", "application__reference")
    )


@staff_only
@require_GET
def appointments(request: HttpRequest) -> HttpResponse:
    """The appointments booked on a day (``?date=YYYY-MM-DD``, Astana time; default today), each with an
    "originals received" button while the appointment is still to happen."""
    form = AppointmentsDayForm(request.GET or None)
    day = timezone.localdate(timezone=OFFICE_TZ)
    if form.is_bound and form.is_valid() and form.cleaned_data["date"]:
        day = form.cleaned_data["date"]
    booked = _appointments_on(day)
    services.personal_data_viewed(
        user=request.user, applications=[a.application for a in booked], what=f"appointments of {day:%d.%m.%Y}"
    )
    context = {
        "form": form,
        "day": day,
        "previous_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1),
        "appointments": booked,
        "booked": State.APPOINTMENT_BOOKED,
    }
    return render(request, "applications/officer/appointments.html", context)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@staff_only
@require_GET
def appointments_week(request: HttpRequest) -> HttpResponse:
    """The week's appointments (``?date=`` any day of it, Astana time; default this week): each working day's
    booked places against its capacity, each booked slot with its people, and the no-shows (the slot passed
    without "originals received"; ``selectors.appointments_week``)."""
    form = AppointmentsDayForm(request.GET or None)
    day = timezone.localdate(timezone=OFFICE_TZ)
    if form.is_bound and form.is_valid() and form.cleaned_data["date"]:
        day = form.cleaned_data["date"]
    monday = _monday(day)
    week = selectors.appointments_week(monday)
    services.personal_data_viewed(
        user=request.user,
        applications=[a.application for d in week for slot in d.slots for a in slot.appointments],
        what=f"appointments of the week of {monday:%d.%m.%Y}",
    )
    context = {
        "form": form,
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "previous_week": monday - dt.timedelta(days=7),
        "next_week": monday + dt.timedelta(days=7),
        "week": week,
        "booked": State.APPOINTMENT_BOOKED,
        "capacity": settings.APPOINTMENT_SLOT_CAPACITY,
        "total_booked": sum(d.booked for d in week),
        "total_places": sum(d.places for d in week),
        "total_no_shows": sum(d.no_shows for d in week),
    }
    return render(request, "applications/officer/appointments_week.html", context)


# --------------------------------------------------------------------------------------------- access log
#: Rows per page of the access log.
ACCESS_LOG_PAGE_SIZE = 50
#: A CSV cell starting with one of these is taken for a formula by spreadsheets: it is prefixed with a quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def supervisor_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log in first; then 404 unless the user is a supervisor (officers are not told the page exists either)."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("applications.read_access_log"):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class AccessLogFilterForm(forms.Form):
    """GET filters of the access log: by person, by officer, by Astana dates (inclusive). All optional."""

    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=100,
        help_text=_("Surname and given names, a passport number, an IIN, or #id."),
    )
    officer = forms.ModelChoiceField(label=_("Officer"), required=False, queryset=User.objects.none())
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Former staff too: their reads stay in the log.
        self.fields["officer"].queryset = User.objects.filter(role__in=(Role.OFFICER, Role.SUPERVISOR)).order_by(
            "last_name", "first_name", "username"
        )
        self.fields["officer"].label_from_instance = lambda u: u.get_full_name() or u.username


def _access_log_rows(data: dict[str, Any]) -> tuple[QuerySet[PersonalDataAccess], list[Person]]:
    """The access rows the filters select, and the persons the person filter matched (the search's subjects)."""
    persons = None
    matched: list[Person] = []
    if data.get("person"):
        persons = persons_matching(data["person"])
        matched = list(persons[:100])
    start = end = None
    if data.get("date_from"):
        start = dt.datetime.combine(data["date_from"], dt.time.min, tzinfo=OFFICE_TZ)
    if data.get("date_to"):
        end = dt.datetime.combine(data["date_to"] + dt.timedelta(days=1), dt.time.min, tzinfo=OFFICE_TZ)
    rows = personal_data_accesses(persons=persons, officer=data.get("officer"), on_or_after=start, before=end)
    return rows, matched


def _csv_cell(value: Any) -> str:
    text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _access_log_csv(rows: QuerySet[PersonalDataAccess]) -> StreamingHttpResponse:
    """The selected rows as CSV (UTF-8 with BOM for spreadsheets), streamed: the log can be long."""

    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(["at (Astana)", "officer", "officer name", "what", "persons", "shown (ids)"])
        for access in rows.iterator(chunk_size=500):
            persons = "; ".join(f"{p.full_name} (#{p.pk})" for p in access.persons.all())
            shown = "; ".join(f"{kind} {' '.join(map(str, ids))}" for kind, ids in sorted(access.object_ids.items()))
            at = timezone.localtime(access.at, OFFICE_TZ).strftime("%Y-%m-%d %H:%M:%S")
            user = access.user
            cells = [at, user.username, user.get_full_name(), access.what, persons, shown]
            yield writer.writerow([_csv_cell(c) for c in cells])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="access-log.csv"'
    return response


@supervisor_only
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    """Supervisors search the personal-data access log by person, officer and date, and export it (``?export=csv``).

    Reading the log shows persons' names too, so each search and each export leaves its own access row, naming the
    persons the search matched (issue 6, §5; docs/security.md, "Privacy: what is logged").
    """
    form = AccessLogFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows, matched = _access_log_rows(data)
    if request.GET.get("export") == "csv":
        # Written before the rows are streamed; the export does not list itself.
        own = personal_data_access_record(user=request.user, what="access log export (CSV)", persons=matched)
        return _access_log_csv(rows.exclude(pk=own.pk))
    page = Paginator(rows, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    accesses = list(page.object_list)
    personal_data_access_record(
        user=request.user,
        what=f"access log page {page.number}",
        persons=matched,
        object_ids={"access": [a.pk for a in accesses]},
    )
    context = {"form": form, "page": page, "accesses": accesses, "matched": matched}
    return render(request, "applications/officer/access_log.html", context)


urlpatterns = [
    path("officer/queue/", queue, name="officer-queue"),
    path("officer/access-log/", access_log, name="officer-access-log"),
    path("officer/appointments/", appointments, name="officer-appointments"),
    path("officer/appointments/week/", appointments_week, name="officer-appointments-week"),
    path("officer/applications/<int:pk>/", application_page, name="officer-application"),
    path("officer/applications/<int:pk>/panel/", panel, name="officer-panel"),
]
