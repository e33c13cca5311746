"""HTML views of the Expat Centre officers and supervisors: the queue, the officer application page and panel,
and the appointments of the day; the actions are in ``officer_actions``.

Every URL here answers 404 to anyone who is not Expat Centre staff, so applicants and employer members cannot
even learn that the officer pages exist. Each action view validates one form, calls one service of
``applications.services`` and redirects (POST/redirect/GET). Two officers acting at once end in ``Conflict`` or
``WrongState``: the message is shown and the page is loaded again, so the officer sees the state that won.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from applications import selectors, services
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
from qazeta.accounts.models import User
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
        if not getattr(request.user, "is_staff_officer", False):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


# --------------------------------------------------------------------------------------------- queue
@staff_only
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The officer queue: open applications by due date, 25 a page, with working days left.

    One query loads a page with its person, host party and assignee (``selectors.officer_queue``), one counts
    the rows, one loads the calendar overrides for the working days left, one lists the officers for the
    assignee filter: the number of queries does not grow with the page size.
    """
    officers = list(staff_users())
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
    page = Paginator(applications, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.with_working_days_left(list(page.object_list))
    filtered = any(data.get(name) for name in ("service", "state", "assignee", "closed"))
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "filtered": filtered,
        "mrp_reminder": missing_mrp_reminder(),
    }
    return render(request, "applications/queue.html", context)


# --------------------------------------------------------------------------------------------- application page
def available_actions(application: Application, user: User) -> frozenset[str]:
    """The officer actions the application's state, its service's lifecycle and the user's role allow now
    (``selectors.available_action_names``); this only decides which buttons to show."""
    return selectors.available_action_names(application, user)


@dataclass(frozen=True)
class DocumentRow:
    """One checklist item on the officer page with the review form of its current upload (if any)."""

    row: ChecklistRow
    form: forms.Form | None


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
        documents.append(DocumentRow(row, form))
    user = request.user
    return {
        "application": application,
        "actions": available_actions(application, user),
        "documents": documents,
        "open_request": application.information_requests.filter(answered_at__isnull=True).first(),
        "appointment": Appointment.objects.filter(application=application).select_related("slot").first(),
        "assign_form": bound.get("assign") or AssignForm(initial={"officer": application.assigned_to_id}),
        "information_form": bound.get("information") or InformationRequestForm(checklist=checklist),
        "issue_form": bound.get("issue") or IssueForm(application=application),
        "service_details": service_details(application),
        "next_step": selectors.next_step_label(application),
        "after_approval": selectors.after_approval_text(application),
        "extend_form": bound.get("extend") or ExtendTermForm(),
        "error_forms": list(bound.values()),
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
    return render(request, "applications/officer/application.html", context, status=status)


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
    context = {
        "form": form,
        "day": day,
        "previous_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1),
        "appointments": _appointments_on(day),
        "booked": State.APPOINTMENT_BOOKED,
    }
    return render(request, "applications/officer/appointments.html", context)


urlpatterns = [
    path("officer/queue/", queue, name="officer-queue"),
    path("officer/appointments/", appointments, name="officer-appointments"),
    path("officer/applications/<int:pk>/", application_page, name="officer-application"),
    path("officer/applications/<int:pk>/panel/", panel, name="officer-panel"),
]
