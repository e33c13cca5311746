"""HTML views of the payments app: the invoice, the receipt, the officer's decisions, the monthly statement.

Each view finds the application among those the user may see (404 otherwise), asks the rule
(``qazeta/permissions.py``; 403 with the reason), then reads the body. Every POST redirects back to the page
it came from (the filer's or the officer's application page, at the payment panel), with the result as a
message (post/redirect/get).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from applications import selectors as engine
from applications import services as engine_services
from applications.exceptions import ApplicationError
from applications.models import Application
from qazeta.accounts.models import Organisation

from . import services
from .documents import invoice_pdf, statement_csv, statement_pdf
from .forms import ReasonForm, ReceiptForm, StatementForm
from .selectors import payment_of, statement_rows


def _visible(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(engine.visible_applications(request.user), pk=pk)


def _back(request: HttpRequest, application: Application) -> HttpResponseRedirect:
    name = "officer-application" if request.user.is_staff_officer else "application-detail"
    return redirect(reverse(name, args=[application.pk]) + "#payment")


def _require(request: HttpRequest, perm: str, application: Application, message: str) -> None:
    if not request.user.has_perm(perm, application):
        raise PermissionDenied(message)


@login_required
@require_GET
def invoice_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The invoice PDF of the application's payment; before the invoice exists, back to the page with a note."""
    application = _visible(request, pk)
    payment = payment_of(application)
    if payment is None:
        messages.info(request, _("The invoice is issued once the Expat Centre has approved the documents."))
        return _back(request, application)
    if request.user.is_staff_officer:
        engine_services.personal_data_viewed(user=request.user, application=application, what="payment invoice")
    response = HttpResponse(invoice_pdf(payment), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="invoice-{application.reference}.pdf"'
    return response


@login_required
@require_GET
def receipt_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploaded payment receipt, for those who may see the application; without one, back to the page."""
    application = _visible(request, pk)
    payment = payment_of(application)
    if payment is None or not payment.receipt:
        messages.info(request, _("No payment receipt has been uploaded."))
        return _back(request, application)
    if request.user.is_staff_officer:
        engine_services.personal_data_viewed(user=request.user, application=application, what="payment receipt")
    return FileResponse(
        payment.receipt.open("rb"),
        as_attachment=True,
        filename=payment.receipt_name,
        content_type=payment.receipt_content_type,
    )


@login_required
@require_POST
def receipt_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """The filing side uploads the receipt (services.receipt_upload)."""
    application = _visible(request, pk)
    _require(request, "payments.upload_receipt", application, _("Only the filing side can upload the receipt."))
    form = ReceiptForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the receipt file to upload."))
        return _back(request, application)
    try:
        services.receipt_upload(user=request.user, application=application, file=form.cleaned_data["receipt"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Receipt uploaded. You can book the visit now."))
    return _back(request, application)


@login_required
@require_POST
def payment_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The officer confirms the receipt (services.payment_confirm)."""
    application = _visible(request, pk)
    _require(request, "payments.confirm", application, _("Only the officer holding it or a supervisor can."))
    try:
        services.payment_confirm(user=request.user, application=application)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Payment confirmed."))
    return _back(request, application)


@login_required
@require_POST
def payment_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """The officer rejects the receipt with a reason (services.payment_reject)."""
    application = _visible(request, pk)
    _require(request, "payments.confirm", application, _("Only the officer holding it or a supervisor can."))
    form = ReasonForm(request.POST)
    try:
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.payment_reject(user=request.user, application=application, reason=reason)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Receipt rejected; the filer is told why."))
    return _back(request, application)


@login_required
@require_POST
def payment_refund(request: HttpRequest, pk: int) -> HttpResponse:
    """A supervisor records a refund (services.payment_refund)."""
    application = _visible(request, pk)
    _require(request, "payments.refund", application, _("Only a supervisor can record a refund."))
    form = ReasonForm(request.POST)
    try:
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.payment_refund(user=request.user, application=application, reason=reason)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Refund recorded."))
    return _back(request, application)


@login_required
@require_GET
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    """A host party's monthly statement (``?month=YYYY-MM&format=pdf|csv``; default: this month, PDF), for its
    members. A wrong month goes back to the organisation page with the error."""
    organisation = get_object_or_404(Organisation, pk=pk)
    if not request.user.has_perm("payments.view_statement", organisation):
        raise PermissionDenied(_("Only members of this host party can read its statement."))
    today = timezone.localdate()
    data = {"month": f"{today:%Y-%m}", "format": "pdf", **request.GET.dict()}
    form = StatementForm(data)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(reverse("organisation-detail", args=[pk]) + "#statement")
    year, month = form.cleaned_data["month"]
    rows = statement_rows(organisation, year, month)
    name = f"statement-{organisation.bin or organisation.pk}-{year}-{month:02d}"
    if form.cleaned_data["format"] == "csv":
        response = HttpResponse(statement_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    response = HttpResponse(statement_pdf(organisation, year, month, rows), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def statement_section(request: HttpRequest, organisation: Organisation) -> dict[str, Any] | None:
    """The organisation page's statement section (``qazeta.accounts.views.organisation_page_sections``): a month
    picker for members, nothing for anyone else."""
    if not request.user.has_perm("payments.view_statement", organisation):
        return None
    return {"organisation": organisation, "form": StatementForm(initial={"month": f"{timezone.localdate():%Y-%m}"})}
