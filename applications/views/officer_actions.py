"""HTML views: the officer's actions on one application (claim, review, request information, approve,
originals, state body, outcome, term, cancel, revoke). Each posts, calls one service and redirects back
(POST/redirect/GET); posted with htmx (the panel's forms), each answers the re-rendered officer panel instead,
with the error summary or the result to announce, so the officer stays where they were on the page."""

from __future__ import annotations

import json
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from applications import selectors, services
from applications.exceptions import ApplicationError, Conflict, WrongState
from applications.forms_officer import (
    AssignForm,
    DocumentReviewForm,
    ExtendTermForm,
    InformationRequestForm,
    IssueForm,
    ReasonConfirmForm,
    RefuseForm,
)
from applications.models import Application, DocumentUpload
from applications.views.officer import (
    SEEN_ON_PAGE,
    SEEN_ON_PANEL,
    _load,
    _next_url,
    _page_url,
    _panel_context,
    _render_page,
    available_actions,
    staff_only,
)


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
    in_place = bool(getattr(request, "htmx", False))
    try:
        do()
    except (Conflict, WrongState) as exc:
        if in_place:
            return _panel_answer(request, application.pk, next_url, action_error=exc.message)
        messages.error(request, exc.message)
        return redirect(next_url)
    except ApplicationError as exc:
        if form is None:
            if in_place:
                return _panel_answer(request, application.pk, next_url, action_error=exc.message)
            messages.error(request, exc.message)
            return redirect(next_url)
        form.add_error(None, exc.message)
        if in_place:
            return _panel_answer(request, application.pk, next_url, bound={form_key: form})
        fresh = _load(request, application.pk)
        return _render_page(request, fresh, next_url=next_url, bound={form_key: form}, status=exc.http_status)
    if in_place:
        return _panel_answer(request, application.pk, next_url, announce=success)
    messages.success(request, success)
    return redirect(next_url)


def _panel_answer(
    request: HttpRequest,
    pk: int,
    next_url: str,
    *,
    bound: dict[str, forms.Form] | None = None,
    action_error: str = "",
    announce: str = "",
) -> HttpResponse:
    """The answer to an officer action posted with htmx: the officer panel again (fresh from the database),
    with the error summary when the action failed, or with the result to read out when it was done.

    Always 200, so that htmx swaps it in place of the panel (``hx-target="#officer-panel"``); the page around
    it is not reloaded. A result also goes out as the ``qazeta:announce`` event (HX-Trigger) for the live
    region. On the officer's own page the state badge, the payment panel and the timeline come along as
    out-of-band swaps.
    """
    application = _load(request, pk)
    services.personal_data_viewed(user=request.user, application=application, what=SEEN_ON_PANEL)
    context = _panel_context(request, application, next_url=next_url, bound=bound)
    on_page = next_url.split("#")[0].split("?")[0] == _page_url(application)
    context.update(
        {
            "action_error": action_error,
            "announce": announce,
            "out_of_band": on_page,
            "timeline": selectors.timeline(application) if on_page else [],
        }
    )
    response = render(request, "applications/officer/panel.html", context)
    if announce:
        # ASCII JSON (\u escapes), so that Russian and Kazakh survive the header. A failure is not announced
        # here: its error summary is an alert and takes the focus, so it is read out already.
        response["HX-Trigger"] = json.dumps({"qazeta:announce": str(announce)})
    return response


def _load_for(request: HttpRequest, pk: int, perm: str) -> Application:
    """The application for an officer action, checked against the rule (qazeta/permissions.py) before anything
    posted is read: another officer's application, or a supervisor's act, is a 403 with the reason."""
    application = _load(request, pk)
    if not request.user.has_perm(perm, application):
        raise PermissionDenied(_REFUSALS.get(perm, _("Only a supervisor can do this.")))
    return application


#: Why an officer action is refused, by rule (shown on the 403 page).
_REFUSALS = {
    "applications.decide": gettext_lazy(
        "This application is assigned to another officer; a supervisor can reassign it."
    ),
    "applications.assign": gettext_lazy("Officers can claim unassigned applications; a supervisor reassigns work."),
    "applications.cancel": gettext_lazy("Cancelling an application is not possible for officers: ask a supervisor."),
    "applications.revoke_document": gettext_lazy("Only a supervisor revokes an issued document."),
}


def _invalid(request: HttpRequest, application: Application, key: str, form: forms.Form) -> HttpResponse:
    """A form that did not validate: the panel with its errors in place (htmx, 200), else the page (400)."""
    next_url = _next_url(request, application)
    if getattr(request, "htmx", False):
        return _panel_answer(request, application.pk, next_url, bound={key: form})
    return _render_page(request, application, next_url=next_url, bound={key: form}, status=400)


@staff_only
@require_POST
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    """Take an unassigned application; a submitted one moves to review (services.application_assign)."""
    application = _load_for(request, pk, "applications.decide")
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
    application = _load_for(request, pk, "applications.assign")
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
    application = _load_for(request, pk, "applications.decide")
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
    application = _load_for(request, pk, "applications.decide")
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
    """Approve the documents (services.documents_approve); what follows depends on the service's lifecycle."""
    application = _load_for(request, pk, "applications.decide")
    return _act(
        request,
        application,
        lambda: services.documents_approve(user=request.user, application=application),
        success=_("Documents approved.") + " " + selectors.after_approval_text(application),
    )


@staff_only
@require_POST
def receive_originals(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the originals were handed over at the appointment, each ticked (``received``: item codes;
    services.originals_receive, which refuses before the appointment day)."""
    application = _load_for(request, pk, "applications.decide")
    return _act(
        request,
        application,
        lambda: services.originals_receive(
            user=request.user, application=application, received=request.POST.getlist("received")[:50]
        ),
        success=_("Originals received for %(ref)s.") % {"ref": application.reference},
    )


@staff_only
@require_POST
def forward_to_authority(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the file went to the state body (services.authority_forward)."""
    application = _load_for(request, pk, "applications.decide")
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
    application = _load_for(request, pk, "applications.decide")
    form = IssueForm(request.POST, request.FILES, application=application)
    if not form.is_valid():
        return _invalid(request, application, "issue", form)
    number = form.number
    return _act(
        request,
        application,
        lambda: services.application_issue(
            user=request.user,
            application=application,
            decision_number=number,
            fields=form.outcome_fields(),
            attachments=form.attachments(),
        ),
        success=(_("Recorded as issued under No %(number)s.") % {"number": number})
        if number
        else _("Recorded as issued."),
        form=form,
        form_key="issue",
    )


@staff_only
@require_POST
def extend_term(request: HttpRequest, pk: int) -> HttpResponse:
    """Extend the service-level term by calendar days (services.application_extend_term)."""
    application = _load_for(request, pk, "applications.decide")
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
    do: Callable[[Application, forms.Form], object],
    title: str,
    explanation: str,
    button: str,
    success: str,
) -> HttpResponse:
    """GET: a confirmation page with the reason; POST: the decision. Used for refuse and cancel, which end
    the application and cannot be undone, so they never happen on one click from the panel."""
    application = _load_for(request, pk, "applications.cancel" if action == "cancel" else "applications.decide")
    next_url = _next_url(request, application)
    if action not in available_actions(application, request.user):
        messages.error(request, _("This is not possible in the application's current state."))
        return redirect(next_url)
    if action == "refuse":
        form: forms.Form = RefuseForm(request.POST or None, application=application)
    else:
        form = ReasonConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                do(application, form)
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
        do=lambda app, form: services.application_refuse(
            user=request.user,
            application=app,
            reason=form.cleaned_data["reason"],
            grounds=form.cleaned_data.get("grounds", []),
        ),
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
        do=lambda app, form: services.application_cancel(
            user=request.user, application=app, reason=form.cleaned_data["reason"]
        ),
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
    from applications.services.outputs import document_revoke

    application = _load_for(request, pk, "applications.revoke_document")
    document = get_object_or_404(application.issued_documents.all(), pk=doc_pk)
    next_url = _next_url(request, application)
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


urlpatterns = [
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
