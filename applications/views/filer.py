"""HTML views of the filing side: filing a new application, its detail page and every filer action on it.

Each POST validates a Django form, calls ONE service of ``applications.services`` and redirects with a
message (POST/redirect/GET); an ``ApplicationError`` re-renders the page with its message next to what caused
it. Every lookup goes through ``selectors.visible_applications`` (or ``application_detail_queryset``), so an
application the user may not see is a 404, never a 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications import selectors, services
from applications.catalogue import CatalogueError, get_service
from applications.constants import State
from applications.exceptions import ApplicationError, NotEligible, RuleFailure, SubmissionRefused
from applications.forms import (
    AnswerForm,
    ApplicationCreateForm,
    AppointmentBookForm,
    DraftEditForm,
    QuoteForm,
    SlotDayForm,
    UploadForm,
    WithdrawForm,
)
from applications.hooks import booking_waits_for
from applications.models import Application, Appointment
from applications.registry import Step, TermUnit, get_registry, service_field_names
from applications.services.outputs import service_details
from applications.views.catalogue import cannot_file_reason
from applications.views_helpers import fee_quote_for, mrp_pending_note
from fees.money import format_mrp_multiple
from qazeta.accounts.models import Person
from qazeta.countries.models import Country


def _visible(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(selectors.visible_applications(request.user), pk=pk)


def _for_filer(request: HttpRequest, pk: int) -> Application:
    """The application, for a filing-side action: 404 when the user may not see it, 403 when they may see but not
    act on it (``applications.act_as_filer``), checked before anything posted is read."""
    application = _visible(request, pk)
    if not selectors.actable_by_filer(request.user, application):
        raise PermissionDenied(_("Only the filing side can do this."))
    return application


def _back(application: Application, anchor: str = "") -> HttpResponse:
    url = reverse("application-detail", args=[application.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


# ------------------------------------------------------------------------------------------------ list
@login_required
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    """The user's visible applications, newest first, ``LIST_PAGE_SIZE`` a page (keyset: ``?after=`` the
    previous page's cursor, ``selectors.newest_page``), with state, due date and working days left; filter by
    state. The same queries on every page, whatever the size of the history."""
    state = request.GET.get("state", "")
    qs = selectors.visible_applications(request.user).select_related("person", "organisation")
    if state in State.values:
        qs = qs.filter(state=state)
    else:
        state = ""
    page = selectors.newest_page(qs, request.GET.get("after", ""), size=LIST_PAGE_SIZE)
    rows = selectors.with_working_days_left(page.rows)
    # Staff see every application here: a bulk read of persons' names (logged only for staff).
    services.personal_data_viewed(
        user=request.user, applications=[row.application for row in rows], what="application list"
    )
    context = {"rows": rows, "page": page, "state": state, "states": State.choices}
    return render(request, "applications/list.html", context)


#: Rows per page of the application list.
LIST_PAGE_SIZE = 50


# ------------------------------------------------------------------------------------------------ filing
def _quote_context(service_code: str, channel: str, validity_years: Any, variant: str = "") -> dict[str, Any]:
    """Today's quote for the filing form's choices, or the reason there is none (for the quote partial)."""
    from fees.constants import ValidityBand
    from fees.selectors import QuoteError, quote

    try:
        years = int(validity_years) if validity_years not in (None, "") else None
        q = quote(service=service_code, channel=channel, validity_years=years, variant=variant)
    except (QuoteError, ValueError) as exc:
        # No MRP for this year yet: say when the fee will be fixed rather than only that the MRP is missing.
        return {"quote": None, "quote_error": mrp_pending_note(exc) or getattr(exc, "message", str(exc))}
    return {"quote": q, "band_label": ValidityBand(q.validity_band).label, "quote_error": ""}


@login_required
@require_GET
def application_quote(request: HttpRequest) -> HttpResponse:
    """The live fee quote partial of the filing form: service fee + state duty (MRP multiple × MRP) = total KZT."""
    form = QuoteForm(request.GET)
    if not form.is_valid():
        context: dict[str, Any] = {"quote": None, "quote_error": _("Choose the channel to see the fee.")}
    else:
        d = form.cleaned_data
        context = _quote_context(d["service"], d["channel"], d["validity_years"], d["variant"] or "")
    return render(request, "applications/_quote.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def application_new(request: HttpRequest) -> HttpResponse:
    """The filing form: ``?service=<code>&person=<id>[&principal=<application id>]`` → a draft.

    Calls ``services.application_create`` and, when the box is ticked, ``services.consent_record``.
    """
    from fees.selectors import QuoteError, fee_table, offered_channels

    code = request.GET.get("service") or request.POST.get("service") or ""
    try:
        service = get_service(code)
    except CatalogueError:
        raise Http404("No such service.") from None
    reason = cannot_file_reason(request.user, service)
    if reason is not None:
        return render(request, "applications/cannot_file.html", {"service": service, "reason": reason}, status=403)
    try:
        channels = offered_channels(code)
        rows = fee_table(code)
        fee_by_validity = any(row.validity_band != "any" for row in rows)
        variants = tuple(dict.fromkeys(row.variant for row in rows if row.variant))
    except QuoteError:
        channels, fee_by_validity, variants = [], False, ()
    initial = {"person": request.GET.get("person"), "principal_application": request.GET.get("principal")}
    # A link may prefill the service's own fields (e.g. the roster's "file the extension" names the visa).
    initial.update({name: request.GET[name] for name in service_field_names(code) if name in request.GET})
    kwargs = {
        "user": request.user,
        "service": service,
        "channels": channels,
        "fee_by_validity": fee_by_validity,
        "variants": variants,
    }
    not_eligible: list[RuleFailure] = []
    if request.method == "POST":
        form = ApplicationCreateForm(request.POST, **kwargs)
        if "recalculate" not in request.POST and form.is_valid():
            data = form.cleaned_data
            person: Person = data["person"]
            try:
                with transaction.atomic():
                    application = services.application_create(
                        user=request.user,
                        service_code=service.code,
                        person=person,
                        channel=data["channel"],
                        validity_years=data.get("validity_years"),
                        variant=data.get("variant") or "",
                        passport_blank_pages=data.get("passport_blank_pages"),
                        principal_application=data.get("principal_application"),
                        filed_by_representative=data["filed_by_representative"],
                        organisation=person.organisation,
                        **form.service_fields(),
                    )
                    if data["consent"]:
                        services.consent_record(user=request.user, person=person)
            except NotEligible as exc:
                not_eligible = exc.failures
                form.add_error(None, _("This service cannot be filed for %(name)s now.") % {"name": person.full_name})
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("Draft created for %(name)s. Now upload the documents.") % {"name": person.full_name}
                )
                return _back(application, "checklist")
        values = request.POST
    else:
        form = ApplicationCreateForm(initial={k: v for k, v in initial.items() if v}, **kwargs)
        values = {
            "channel": channels[0] if channels else "",
            "validity_years": 2 if fee_by_validity else "",
            "variant": variants[0] if variants else "",
        }
        # Told before typing: why this person cannot have the service now (e.g. outside an extension window).
        chosen = (
            form.fields["person"].queryset.filter(pk=initial["person"]).first()
            if str(initial["person"] or "").isdigit()
            else None
        )
        definition = get_registry().find(code)
        if chosen is not None and definition is not None:
            not_eligible = definition.check_preconditions(chosen, chosen.organisation, timezone.localdate())
    context = {
        "service": service,
        "not_eligible": not_eligible,
        "form": form,
        "consent_version": _consent_version(),
        **_quote_context(
            service.code, values.get("channel", ""), values.get("validity_years"), values.get("variant") or ""
        ),
    }
    status = 400 if request.method == "POST" and "recalculate" not in request.POST else 200
    return render(request, "applications/new.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft's filing details (services.application_update_draft): channel, validity, blank pages,
    representative, and the service's own fields. Only drafts, only the filing side."""
    from fees.selectors import QuoteError, fee_table, offered_channels

    application = _for_filer(request, pk)
    if application.state != State.DRAFT:
        messages.info(request, _("This application was submitted; its filing details can no longer be changed."))
        return _back(application)
    try:
        channels = offered_channels(application.service_code)
        fee_by_validity = any(row.validity_band != "any" for row in fee_table(application.service_code))
    except QuoteError:
        channels, fee_by_validity = [], False
    kwargs = {"application": application, "channels": channels, "fee_by_validity": fee_by_validity}
    form = DraftEditForm(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update_draft(user=request.user, application=application, **form.changes())
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Draft updated."))
            return _back(application)
    context = {"application": application, "form": form, "service": application.service}
    return render(request, "applications/edit.html", context, status=400 if form.errors else 200)


def _consent_version() -> str:
    from django.conf import settings

    return settings.CONSENT_TEXT_VERSION


# ------------------------------------------------------------------------------------------------ detail
def _render_detail(request: HttpRequest, pk: int, *, status: int = 200, **extra: Any) -> HttpResponse:
    application = get_object_or_404(selectors.application_detail_queryset(request.user), pk=pk)
    user = request.user
    if user.is_staff_officer:
        services.personal_data_viewed(user=user, application=application, what="application detail page")
    can_act = selectors.actable_by_filer(user, application)
    state = application.state
    open_request = application.information_requests.filter(answered_at__isnull=True).first()
    appointment = Appointment.objects.filter(application=application).select_related("slot").first()
    slots: list[tuple[dt.datetime, int]] = []
    next_slots: list[tuple[dt.datetime, int]] = []
    family_to_book: list[Application] = []
    originals: list[selectors.ChecklistRow] = []
    day_form = SlotDayForm(request.GET if "date" in request.GET else None)
    booking = state == State.DOCUMENTS_APPROVED and can_act and application.lifecycle.has(Step.APPOINTMENT)
    if booking:
        next_slots = selectors.free_slots()
        if day_form.is_bound and day_form.is_valid():
            slots = selectors.free_slots(day_form.cleaned_data["date"])
        family_to_book = [
            member
            for member in selectors.family_applications(application)
            if member.state == State.DOCUMENTS_APPROVED and selectors.actable_by_filer(user, member)
        ]
        if len(family_to_book) < 2:
            family_to_book = []
    if application.lifecycle.has(Step.APPOINTMENT) and state in (State.DOCUMENTS_APPROVED, State.APPOINTMENT_BOOKED):
        originals = selectors.originals_to_bring(application)
    issued = list(application.issued_documents.all()) if hasattr(application, "issued_documents") else []
    upload_errors: dict[str, str] = extra.pop("upload_errors", {})
    rows = [
        {"row": row, "error": upload_errors.get(row.requirement.code, "")}
        for row in selectors.checklist_status(application)
    ]
    asked_items = set(open_request.item_codes) if open_request else set()
    can_upload = can_act and state in (State.DRAFT, State.INFORMATION_REQUESTED)
    # The states a foreign public document may come from (the upload form's choice), only when one is asked.
    countries = (
        Country.objects.only("code", "name").order_by("name")
        if can_upload and any(r["row"].certification for r in rows)
        else []
    )
    fee = fee_quote_for(application)
    waiting: list[RuleFailure] = []
    watching = False
    if state == State.DRAFT and can_act:
        from applications.models import SubmissionWatch
        from applications.services.watch import waiting_failures

        waiting = waiting_failures(application)
        watching = SubmissionWatch.objects.filter(application=application, user=user, notified_at__isnull=True).exists()
    context = {
        "application": application,
        "specific": application.specific(),
        "service_details": service_details(application),
        "rows": rows,
        "upload_errors": upload_errors,
        "checklist": [r["row"] for r in rows],
        "asked_items": asked_items,
        "waiting": waiting,
        "watching": watching,
        "can_act": can_act,
        "can_upload": can_upload,
        "countries": countries,
        "can_withdraw": can_act
        and state
        in (
            State.DRAFT,
            State.SUBMITTED,
            State.IN_REVIEW,
            State.INFORMATION_REQUESTED,
            State.DOCUMENTS_APPROVED,
            State.APPOINTMENT_BOOKED,
        ),
        "fee": fee,
        "fee_duty_multiple": format_mrp_multiple(fee["state_duty_mrp"]) if fee else "",
        "working_days_left": selectors.with_working_days_left([application])[0].working_days_left,
        "clock_paused": state == State.INFORMATION_REQUESTED,
        "next_step": selectors.filer_next_step(application),
        "has_appointment": application.lifecycle.has(Step.APPOINTMENT),
        "minute_term": application.lifecycle.term_unit == TermUnit.MINUTES,
        "consent": application.person.consents.first(),
        "consent_version": _consent_version(),
        "open_request": open_request,
        "answer_form": extra.pop("answer_form", None) or AnswerForm(),
        "appointment": appointment,
        "booking_waits": booking_waits_for(application) if state == State.DOCUMENTS_APPROVED else "",
        "day_form": day_form if day_form.is_bound else SlotDayForm(initial={"date": timezone.localdate()}),
        "slots": slots,
        "next_slots": next_slots,
        "family_to_book": family_to_book,
        "originals": originals,
        "office_address": settings.EXPAT_CENTRE_ADDRESS,
        "confirm_hours": settings.APPOINTMENT_CONFIRM_HOURS,
        "confirm_by": appointment.slot.starts_at - dt.timedelta(hours=settings.APPOINTMENT_CONFIRM_HOURS)
        if appointment
        else None,
        "timeline": selectors.timeline(application),
        "issued_documents": issued,
        "dependants": list(application.dependants.all()),
        "family_members": list(application.person.family_members.all()) if not application.is_family_member else [],
        **extra,
    }
    # Any failed action shows the error summary at the top (focused; the title starts with "Error:").
    context["page_has_error"] = status >= 400
    return render(request, "applications/detail.html", context, status=status)


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one application, and the filer's actions that fit its state."""
    return _render_detail(request, pk)


@login_required
@require_POST
def application_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a new version of one checklist item (services.document_upload); a refused file changes nothing."""
    application = _for_filer(request, pk)
    form = UploadForm(request.POST, request.FILES)
    item = request.POST.get("item_code", "")
    if not form.is_valid():
        return _render_detail(request, pk, status=400, upload_errors={item: _("Choose a file to upload.")})
    try:
        upload = services.document_upload(
            user=request.user,
            application=application,
            item_code=form.cleaned_data["item_code"],
            file=form.cleaned_data["file"],
            issuing_state=form.cleaned_data["issuing_state"],
        )
    except ApplicationError as exc:
        return _render_detail(request, pk, status=400, upload_errors={item: exc.message})
    messages.success(
        request,
        _("“%(name)s” uploaded (version %(v)s).")
        % {"name": application.service.document(upload.item_code).name, "v": upload.version},
    )
    return _back(application, "checklist")


@login_required
@require_POST
def application_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Record consent to personal data processing for the application's person (services.consent_record)."""
    application = _for_filer(request, pk)
    if not selectors.actable_by_filer(request.user, application):
        return _render_detail(request, pk, status=403, error=_("Only the filer can record consent."))
    services.consent_record(user=request.user, person=application.person)
    messages.success(request, _("Consent recorded."))
    return _back(application, "consent")


@login_required
@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit the draft (services.application_submit); a refusal lists every unmet rule."""
    application = _for_filer(request, pk)
    try:
        application = services.application_submit(user=request.user, application=application)
    except SubmissionRefused as exc:
        return _render_detail(request, pk, status=400, submit_failures=exc.failures)
    except ApplicationError as exc:
        return _render_detail(request, pk, status=exc.http_status, error=exc.message)
    messages.success(request, _("Submitted. Your reference is %(ref)s.") % {"ref": application.reference})
    return _back(application)


@login_required
@require_POST
def application_watch(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask to be e-mailed when this waiting draft can be submitted (services.watch.submission_watch)."""
    from applications.services.watch import submission_watch

    application = _for_filer(request, pk)
    try:
        submission_watch(user=request.user, application=application)
    except ApplicationError as exc:
        return _render_detail(request, pk, status=exc.http_status, error=exc.message)
    messages.success(request, _("We will e-mail you as soon as this application can be submitted."))
    return _back(application)


@login_required
@require_POST
def application_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer the open request for information (services.information_answer); review resumes."""
    application = _for_filer(request, pk)
    form = AnswerForm(request.POST)
    missing: list[tuple[str, str]] = []
    if form.is_valid():
        try:
            services.information_answer(user=request.user, application=application, answer=form.cleaned_data["answer"])
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            if exc.code == "items_missing":
                missing = _items_not_uploaded_again(application)
        else:
            messages.success(request, _("Your answer was sent; the review resumes."))
            return _back(application)
    return _render_detail(request, pk, status=400, answer_form=form, answer_missing=missing)


def _items_not_uploaded_again(application: Application) -> list[tuple[str, str]]:
    """``(item code, document name)`` of each item the open request asks for again that has no upload since the
    request (what ``services.information_answer`` refuses with ``items_missing``), for links to the checklist."""
    request = application.information_requests.filter(answered_at__isnull=True).order_by("-requested_at").first()
    if request is None:
        return []
    return [
        (code, application.service.document(code).name)
        for code in request.item_codes
        if not application.uploads.filter(item_code=code, uploaded_at__gt=request.requested_at).exists()
    ]


@login_required
@require_POST
def appointment_book(request: HttpRequest, pk: int) -> HttpResponse:
    """Book the chosen free slot (services.appointment_book)."""
    application = _for_filer(request, pk)
    form = AppointmentBookForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, pk, status=400, appointment_error=_("Choose a time."))
    try:
        appointment = services.appointment_book(
            user=request.user,
            application=application,
            starts_at=form.cleaned_data["starts_at"],
            family=form.cleaned_data["family"],
        )
    except ApplicationError as exc:
        if not application.lifecycle.has(Step.APPOINTMENT):
            # The page has no appointment section for this service: say it at the top.
            return _render_detail(request, pk, status=exc.http_status, error=exc.message)
        return _render_detail(request, pk, status=exc.http_status, appointment_error=exc.message)
    local = timezone.localtime(appointment.slot.starts_at)
    messages.success(
        request, _("Appointment booked for %(when)s (Astana time).") % {"when": local.strftime("%d.%m.%Y %H:%M")}
    )
    return _back(application, "appointment")


@login_required
@require_http_methods(["GET", "POST"])
def appointment_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The reminder e-mail's link: ask (GET), then confirm the visit (POST, services.appointment_confirm)."""
    application = _for_filer(request, pk)
    if request.method == "POST":
        try:
            services.appointment_confirm(user=request.user, application=application)
        except ApplicationError as exc:
            return _render_detail(request, pk, status=exc.http_status, appointment_error=exc.message)
        messages.success(request, _("Thank you: the visit is confirmed."))
        return _back(application, "appointment")
    appointment = Appointment.objects.filter(application=application).select_related("slot").first()
    if appointment is None:
        return _render_detail(
            request, pk, status=409, appointment_error=_("There is no booked appointment to confirm.")
        )
    when = timezone.localtime(appointment.slot.starts_at)
    return render(
        request,
        "applications/confirm.html",
        {
            "application": application,
            "title": _("Confirm the visit?"),
            "text": _("%(when)s (Astana time) at %(address)s. Bring the passport and the originals listed.")
            % {"when": when.strftime("%d.%m.%Y %H:%M"), "address": settings.EXPAT_CENTRE_ADDRESS},
            "action": reverse("appointment-confirm", args=[application.pk]),
            "button": _("Yes, I will come"),
        },
    )


def _ics_text(value: str) -> str:
    """Escape a TEXT value of RFC 5545 (backslash, semicolon, comma, newline)."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ics_fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1): CRLF and a space before each continuation."""
    raw = line.encode()
    parts = []
    while len(raw) > 75:
        cut = 75 if not parts else 74
        while cut > 0 and (raw[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        parts.append(raw[:cut].decode())
        raw = raw[cut:]
    parts.append(raw.decode())
    return "\r\n ".join(parts)


@login_required
@require_GET
def appointment_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The booked visit as an iCalendar file (RFC 5545, UTC times): the office address, the originals to bring.
    404 without a booked appointment."""
    application = _visible(request, pk)
    appointment = get_object_or_404(Appointment.objects.select_related("slot"), application=application)
    start = appointment.slot.starts_at.astimezone(dt.UTC)
    end = start + dt.timedelta(minutes=settings.APPOINTMENT_SLOT_MINUTES)
    originals = "\n".join(f"- {row.requirement.name}" for row in selectors.originals_to_bring(application))
    description = (
        _("Application %(ref)s (%(person)s). Bring the passport and these originals:")
        % {"ref": application.reference, "person": application.person.full_name}
        + "\n"
        + originals
    )
    stamp = f"{timezone.now().astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//AIFC Expat Centre//QazETA//EN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:appointment-{appointment.pk}-{start:%Y%m%dT%H%M%SZ}@qazeta",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
        f"DTEND:{end:%Y%m%dT%H%M%SZ}",
        "SUMMARY:" + _ics_text(str(_("Expat Centre visit: %(ref)s") % {"ref": application.reference})),
        "LOCATION:" + _ics_text(str(_("AIFC Expat Centre, %(address)s") % {"address": settings.EXPAT_CENTRE_ADDRESS})),
        "DESCRIPTION:" + _ics_text(str(description)),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    body = "\r\n".join(_ics_fold(line) for line in lines) + "\r\n"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="appointment-{application.reference or application.pk}.ics"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def appointment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for confirmation (GET), then cancel the booked appointment (services.appointment_cancel)."""
    application = _visible(request, pk)
    user = request.user
    if not (selectors.actable_by_filer(user, application) or user.has_perm("applications.decide", application)):
        raise PermissionDenied(_("Only the filing side or the officer can cancel the appointment."))
    if request.method == "POST":
        try:
            services.appointment_cancel(user=request.user, application=application)
        except ApplicationError as exc:
            return _render_detail(request, pk, status=exc.http_status, error=exc.message)
        messages.success(request, _("The appointment is cancelled; you can book another time."))
        return _back(application, "appointment")
    return render(
        request,
        "applications/confirm.html",
        {
            "application": application,
            "title": _("Cancel the appointment?"),
            "text": _("The slot is freed for others; you can then book another time."),
            "action": reverse("appointment-cancel", args=[application.pk]),
            "button": _("Yes, cancel the appointment"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for confirmation (GET), then withdraw the application (services.application_withdraw)."""
    application = _for_filer(request, pk)
    form = WithdrawForm(request.POST or None)
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                user=request.user, application=application, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as exc:
            return _render_detail(request, pk, status=exc.http_status, error=exc.message)
        messages.success(request, _("The application is withdrawn."))
        return _back(application)
    return render(
        request,
        "applications/confirm.html",
        {
            "application": application,
            "form": form,
            "title": _("Withdraw this application?"),
            "text": _(
                "The Expat Centre stops working on it and any booked appointment is cancelled. This cannot be undone."
            ),
            "action": reverse("application-withdraw", args=[application.pk]),
            "button": _("Yes, withdraw"),
        },
        status=status,
    )


# ------------------------------------------------------------------------------------------------ downloads
def _log_officer_view(request: HttpRequest, application: Application, what: str) -> None:
    if request.user.is_staff_officer:
        services.personal_data_viewed(user=request.user, application=application, what=what)


@login_required
@require_GET
def upload_download(request: HttpRequest, pk: int, upload_id: int) -> FileResponse:
    """One uploaded file, for those who may see the application (404 otherwise); officers' views are logged."""
    application = _visible(request, pk)
    upload = get_object_or_404(application.uploads.all(), pk=upload_id)
    _log_officer_view(request, application, f"upload {upload.item_code} v{upload.version}")
    return FileResponse(
        upload.file.open("rb"), as_attachment=True, filename=upload.original_name, content_type=upload.content_type
    )


#: The policy of a previewed upload's own response: nothing runs (``sandbox``: a unique origin, no scripts, no
#: forms), nothing is fetched, and only the portal's own pages may frame it.
PREVIEW_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox"

#: The content types an upload is previewed as (the upload service accepts only these: PDF, JPEG, PNG).
PREVIEW_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


@login_required
@require_GET
@xframe_options_sameorigin
def upload_preview(request: HttpRequest, pk: int, upload_id: int) -> FileResponse:
    """One uploaded file shown in the browser (the officer page frames it beside its review buttons).

    The same access rule as the download (404 to whoever may not see the application; officers' views are logged
    as "preview …"), answered ``inline`` with the upload's content type, ``X-Content-Type-Options: nosniff``,
    the sandboxing ``PREVIEW_POLICY`` and framing by this site only. 404 for a type the browser cannot show.
    """
    application = _visible(request, pk)
    upload = get_object_or_404(application.uploads.all(), pk=upload_id)
    if upload.content_type not in PREVIEW_TYPES:
        raise Http404("No preview for this file type.")
    _log_officer_view(request, application, f"preview {upload.item_code} v{upload.version}")
    response = FileResponse(
        upload.file.open("rb"), as_attachment=False, filename=upload.original_name, content_type=upload.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = PREVIEW_POLICY
    # An upload version never changes (a new file is a new version): the officer's browser may keep it a while.
    response["Cache-Control"] = "private, max-age=600"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@login_required
@require_GET
def issued_download(request: HttpRequest, pk: int, doc_id: int) -> FileResponse:
    """One issued document (a PDF, or a state body's scan), for those who may see the application (404 otherwise)."""
    application = _visible(request, pk)
    if not hasattr(application, "issued_documents"):
        raise Http404("No issued documents.")
    document = get_object_or_404(application.issued_documents.all(), pk=doc_id)
    _log_officer_view(request, application, f"issued document {document.pk}")
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.download_name,
        content_type=document.content_type,
    )


urlpatterns = [
    path("applications/", application_list, name="application-list"),
    path("applications/new/", application_new, name="application-new"),
    path("applications/new/quote/", application_quote, name="application-quote"),
    path("applications/<int:pk>/", application_detail, name="application-detail"),
    path("applications/<int:pk>/edit/", application_edit, name="application-edit"),
    path("applications/<int:pk>/upload/", application_upload, name="application-upload"),
    path("applications/<int:pk>/consent/", application_consent, name="application-consent"),
    path("applications/<int:pk>/submit/", application_submit, name="application-submit"),
    path("applications/<int:pk>/watch/", application_watch, name="application-watch"),
    path("applications/<int:pk>/answer/", application_answer, name="application-answer"),
    path("applications/<int:pk>/appointment/", appointment_book, name="appointment-book"),
    path("applications/<int:pk>/appointment/cancel/", appointment_cancel, name="appointment-cancel"),
    path("applications/<int:pk>/appointment/confirm/", appointment_confirm, name="appointment-confirm"),
    path("applications/<int:pk>/appointment.ics", appointment_ics, name="appointment-ics"),
    path("applications/<int:pk>/withdraw/", application_withdraw, name="application-withdraw"),
    path("applications/<int:pk>/uploads/<int:upload_id>/", upload_download, name="upload-download"),
    path("applications/<int:pk>/uploads/<int:upload_id>/preview/", upload_preview, name="upload-preview"),
    path("applications/<int:pk>/issued/<int:doc_id>/", issued_download, name="issued-download"),
]


def person_page_context(request: HttpRequest, person: Person) -> dict[str, Any]:
    """What the case engine adds to a person's page (``qazeta.accounts.views.person_page_extensions``): the
    person's applications the user may see, and the services the user can file for this person now."""
    from applications.catalogue import all_services
    from applications.registry import get_registry

    registry = get_registry()
    for_self = person.organisation_id is None
    fileable = [
        service
        for service in all_services()
        if (definition := registry.fileable(service.code)) is not None
        and not selectors.filer_refusal(request.user, definition, for_self=for_self)
    ]
    return {
        "applications": selectors.visible_applications(request.user).filter(person=person).order_by("-created_at"),
        "fileable_services": fileable,
    }
