"""HTML views of the Expat Centre officers and supervisors: the queue, the officer application page and its
actions, and the appointments of the day.

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
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications import selectors, services
from applications.constants import FINAL_STATES, State
from applications.exceptions import ApplicationError, Conflict, WrongState
from applications.forms_officer import (
    ASSIGNEE_ME,
    AppointmentsDayForm,
    AssignForm,
    DocumentReviewForm,
    ExtendTermForm,
    InformationRequestForm,
    IssueForm,
    QueueFilterForm,
    ReasonConfirmForm,
    staff_users,
)
from applications.models import Application, Appointment, DocumentUpload
from applications.selectors import ChecklistRow
from applications.services import MAX_TERM_EXTENSION_DAYS
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
    """The officer actions the application's state and the user's role allow now.

    State changes follow the FSM (``get_available_state_transitions``); the actions that do not change the
    state (claim, assign, review a document, extend the term) follow the service rules. The services check
    all of it again: this only decides which buttons to show.
    """
    transitions = {t.name for t in application.get_available_state_transitions()}
    is_open = application.state not in FINAL_STATES and application.state != State.DRAFT
    holds = application.assigned_to_id in (None, user.pk) or user.is_supervisor
    actions: set[str] = set()
    if is_open and application.assigned_to_id is None:
        actions.add("claim")
    if is_open and user.is_supervisor:
        actions.add("assign")
    if application.state == State.IN_REVIEW and holds:
        actions.add("review")
        actions |= transitions & {"request_information", "approve_documents"}
    actions |= transitions & {"receive_originals", "forward_to_authority", "issue"}
    if "refuse" in transitions and (holds or application.state != State.IN_REVIEW):
        actions.add("refuse")
    if "cancel" in transitions and user.is_supervisor:
        actions.add("cancel")
    if is_open and application.due_date and application.term_extension_days < MAX_TERM_EXTENSION_DAYS:
        actions.add("extend_term")
    return frozenset(actions)


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
        "issue_form": bound.get("issue") or IssueForm(),
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


# --------------------------------------------------------------------------------------------- actions
def _act(
    request: HttpRequest,
    application: Application,
    do: Callable[[], object],
    *,
    success: str,
    form: forms.Form | None = None,
    form_key: str = "",
) -> HttpResponse:
    """Call one service and redirect with a message.

    ``Conflict`` and ``WrongState`` mean someone else moved the application first: show why and load the
    page again, so the officer sees the state that won. Any other ``ApplicationError`` is a problem with what
    was entered: the page is shown again with the message on the form.
    """
    next_url = _next_url(request, application)
    try:
        do()
    except (Conflict, WrongState) as exc:
        messages.error(request, exc.message)
        return redirect(next_url)
    except ApplicationError as exc:
        if form is None:
            messages.error(request, exc.message)
            return redirect(next_url)
        form.add_error(None, exc.message)
        fresh = _load(request, application.pk)
        return _render_page(request, fresh, next_url=next_url, bound={form_key: form}, status=exc.http_status)
    messages.success(request, success)
    return redirect(next_url)


def _invalid(request: HttpRequest, application: Application, key: str, form: forms.Form) -> HttpResponse:
    return _render_page(request, application, next_url=_next_url(request, application), bound={key: form}, status=400)


@staff_only
@require_POST
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    """Take an unassigned application; a submitted one moves to review (services.application_assign)."""
    application = _load(request, pk)
    return _act(
        request,
        application,
        lambda: services.application_assign(user=request.user, application=application, officer=request.user),
        success=_("You now hold %(ref)s.") % {"ref": application.reference},
    )


@staff_only
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """A supervisor assigns the application to an officer (services.application_assign)."""
    application = _load(request, pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _invalid(request, application, "assign", form)
    officer = form.cleaned_data["officer"]
    return _act(
        request,
        application,
        lambda: services.application_assign(user=request.user, application=application, officer=officer),
        success=_("Assigned to %(name)s.") % {"name": officer.get_full_name() or officer.username},
        form=form,
        form_key="assign",
    )


@staff_only
@require_POST
def review_document(request: HttpRequest, pk: int, upload_pk: int) -> HttpResponse:
    """Accept or reject one uploaded document version (services.document_review)."""
    application = _load(request, pk)
    upload = get_object_or_404(DocumentUpload, pk=upload_pk, application=application)
    key = f"review-{upload.pk}"
    form = DocumentReviewForm(request.POST, prefix=f"doc-{upload.pk}")
    if not form.is_valid():
        return _invalid(request, application, key, form)
    accept, reason = form.accept, form.cleaned_data["reason"]
    name = application.service.document(upload.item_code).name
    return _act(
        request,
        application,
        lambda: services.document_review(user=request.user, upload=upload, accept=accept, reason=reason),
        success=(_("Accepted: %(doc)s.") if accept else _("Rejected: %(doc)s.")) % {"doc": name},
        form=form,
        form_key=key,
    )


@staff_only
@require_POST
def request_information(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the filer for information; the clock pauses (services.information_request)."""
    application = _load(request, pk)
    form = InformationRequestForm(request.POST, checklist=selectors.checklist_status(application))
    if not form.is_valid():
        return _invalid(request, application, "information", form)
    data = form.cleaned_data
    return _act(
        request,
        application,
        lambda: services.information_request(
            user=request.user, application=application, message=data["message"], item_codes=data["items"]
        ),
        success=_("Information requested; the service-level clock is paused until the filer answers."),
        form=form,
        form_key="information",
    )


@staff_only
@require_POST
def approve_documents(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve the documents so the filer can book an appointment (services.documents_approve)."""
    application = _load(request, pk)
    return _act(
        request,
        application,
        lambda: services.documents_approve(user=request.user, application=application),
        success=_("Documents approved; the filer can now book an appointment."),
    )


@staff_only
@require_POST
def receive_originals(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the originals were handed over at the appointment (services.originals_receive)."""
    application = _load(request, pk)
    return _act(
        request,
        application,
        lambda: services.originals_receive(user=request.user, application=application),
        success=_("Originals received for %(ref)s.") % {"ref": application.reference},
    )


@staff_only
@require_POST
def forward_to_authority(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the file went to the state body (services.authority_forward)."""
    application = _load(request, pk)
    return _act(
        request,
        application,
        lambda: services.authority_forward(user=request.user, application=application),
        success=_("Forwarded to the state body."),
    )


@staff_only
@require_POST
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the document issued by the state body with its number (services.application_issue)."""
    application = _load(request, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        return _invalid(request, application, "issue", form)
    number = form.cleaned_data["decision_number"]
    return _act(
        request,
        application,
        lambda: services.application_issue(user=request.user, application=application, decision_number=number),
        success=_("Recorded as issued under No %(number)s.") % {"number": number},
        form=form,
        form_key="issue",
    )


@staff_only
@require_POST
def extend_term(request: HttpRequest, pk: int) -> HttpResponse:
    """Extend the service-level term by calendar days (services.application_extend_term)."""
    application = _load(request, pk)
    form = ExtendTermForm(request.POST)
    if not form.is_valid():
        return _invalid(request, application, "extend", form)
    days, reason = form.cleaned_data["days"], form.cleaned_data["reason"]
    return _act(
        request,
        application,
        lambda: services.application_extend_term(user=request.user, application=application, days=days, reason=reason),
        success=_("Term extended by %(days)s calendar days.") % {"days": days},
        form=form,
        form_key="extend",
    )


def _confirm_decision(
    request: HttpRequest,
    pk: int,
    *,
    action: str,
    do: Callable[[Application, str], object],
    title: str,
    explanation: str,
    button: str,
    success: str,
) -> HttpResponse:
    """GET: a confirmation page with the reason; POST: the decision. Used for refuse and cancel, which end
    the application and cannot be undone, so they never happen on one click from the panel."""
    application = _load(request, pk)
    next_url = _next_url(request, application)
    if action not in available_actions(application, request.user):
        messages.error(request, _("This is not possible in the application's current state."))
        return redirect(next_url)
    form = ReasonConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            try:
                do(application, reason)
            except (Conflict, WrongState) as exc:
                messages.error(request, exc.message)
                return redirect(next_url)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                status = exc.http_status
            else:
                messages.success(request, success)
                return redirect(next_url)
        else:
            status = 400
    services.personal_data_viewed(user=request.user, application=application, what=SEEN_ON_PAGE)
    context = {
        "application": application,
        "form": form,
        "title": title,
        "explanation": explanation,
        "button": button,
        "next_url": next_url,
    }
    return render(request, "applications/officer/confirm.html", context, status=status)


@staff_only
@require_http_methods(["GET", "POST"])
def refuse(request: HttpRequest, pk: int) -> HttpResponse:
    """Refuse the application with a reason, after a confirmation step (services.application_refuse)."""
    return _confirm_decision(
        request,
        pk,
        action="refuse",
        do=lambda app, reason: services.application_refuse(user=request.user, application=app, reason=reason),
        title=_("Refuse the application"),
        explanation=_("The filer is told the refusal and its reason by e-mail. A refusal cannot be undone."),
        button=_("Refuse the application"),
        success=_("The application was refused."),
    )


@staff_only
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """A supervisor cancels the application (e.g. a duplicate), after a confirmation step
    (services.application_cancel)."""
    return _confirm_decision(
        request,
        pk,
        action="cancel",
        do=lambda app, reason: services.application_cancel(user=request.user, application=app, reason=reason),
        title=_("Cancel the application"),
        explanation=_("Cancelling closes the application and frees any booked appointment. It cannot be undone."),
        button=_("Cancel the application"),
        success=_("The application was cancelled."),
    )


@staff_only
@require_http_methods(["GET", "POST"])
def revoke_document(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    """A supervisor revokes an issued document after a confirmation step (documents.services.document_revoke);
    its public verification page then says REVOKED."""
    from qazeta.documents.services import document_revoke

    application = _load(request, pk)
    document = get_object_or_404(application.issued_documents.all(), pk=doc_pk)
    next_url = _next_url(request, application)
    if not request.user.is_supervisor:
        raise Http404("Only supervisors revoke documents.")
    form = ReasonConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                document_revoke(user=request.user, document=document, reason=form.cleaned_data["reason"])
            except ApplicationError as exc:
                messages.error(request, exc.message)
                return redirect(next_url)
            messages.success(request, _("%(title)s was revoked.") % {"title": document.title})
            return redirect(next_url)
        status = 400
    context = {
        "application": application,
        "form": form,
        "title": _("Revoke %(title)s") % {"title": document.title},
        "explanation": _(
            "Anyone who checks verification code %(code)s will see that the document is revoked. The reason stays "
            "internal. A revocation cannot be undone."
        )
        % {"code": document.verification_code},
        "button": _("Revoke the document"),
        "next_url": next_url,
    }
    return render(request, "applications/officer/confirm.html", context, status=status)


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
    path("officer/applications/<int:pk>/claim/", claim, name="officer-claim"),
    path("officer/applications/<int:pk>/assign/", assign, name="officer-assign"),
    path(
        "officer/applications/<int:pk>/documents/<int:upload_pk>/review/",
        review_document,
        name="officer-review-document",
    ),
    path(
        "officer/applications/<int:pk>/request-information/",
        request_information,
        name="officer-request-information",
    ),
    path("officer/applications/<int:pk>/approve/", approve_documents, name="officer-approve-documents"),
    path("officer/applications/<int:pk>/receive-originals/", receive_originals, name="officer-receive-originals"),
    path("officer/applications/<int:pk>/forward/", forward_to_authority, name="officer-forward"),
    path("officer/applications/<int:pk>/issue/", issue, name="officer-issue"),
    path("officer/applications/<int:pk>/refuse/", refuse, name="officer-refuse"),
    path("officer/applications/<int:pk>/extend-term/", extend_term, name="officer-extend-term"),
    path("officer/applications/<int:pk>/cancel/", cancel, name="officer-cancel"),
    path("officer/applications/<int:pk>/issued/<int:doc_pk>/revoke/", revoke_document, name="officer-revoke-document"),
]
