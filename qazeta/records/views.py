"""HTML views of the visa records: a filer declares an existing visa on the person's page; an officer confirms
or rejects a declared visa from the officer application page (or the person's page).

Each view validates one form, calls one service of ``qazeta.records.services`` and redirects (POST/redirect/GET);
a refused declaration re-renders the person's page with the errors next to the fields (400).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qazeta.accounts.selectors import persons_visible_to
from qazeta.accounts.services import personal_data_access_record
from qazeta.accounts.views import _person_context
from qazeta.permissions import is_staff

from . import services
from .forms import VisaDeclareForm, VisaRejectForm
from .models import VisaRecord

#: RecordError code → the declare form's field that shows it (others go on top of the form).
_DECLARE_ERROR_FIELD = {"scan": "scan", "duplicate": "number"}


@login_required
@require_POST
def visa_record_declare(request: HttpRequest, pk: int) -> HttpResponse:
    """Declare a visa ``person`` already holds, with its scan (``services.visa_record_declare``).

    Allowed to the person's filing side (``records.declare_visa``, qazeta/permissions.py); anyone else who can see
    the person gets 403.
    Nothing is stored when the form or the service refuses (a bad scan included).
    """
    person = get_object_or_404(persons_visible_to(request.user), pk=pk)
    if not request.user.has_perm("records.declare_visa", person):
        raise PermissionDenied(_("Only the person's host party or the self-applicant can declare a visa."))
    form = VisaDeclareForm(request.POST, request.FILES, prefix="visa")
    if form.is_valid():
        data = form.cleaned_data
        try:
            record = services.visa_record_declare(
                user=request.user,
                person=person,
                category=data["category"],
                number=data["number"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                entries=data["entries"],
                scan=data["scan"],
            )
        except services.RecordError as exc:
            form.add_error(_DECLARE_ERROR_FIELD.get(exc.code), exc.message)
        else:
            messages.success(
                request,
                _("Visa %(number)s is recorded; the Expat Centre confirms it at the next review.")
                % {"number": record.number},
            )
            return redirect(reverse("person-detail", args=[person.pk]) + "#visas")
    context = _person_context(request, person, declare_form=form)
    return render(request, "accounts/person_detail.html", context, status=400)


_SCAN_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


@login_required
@require_GET
def visa_record_scan(request: HttpRequest, pk: int) -> FileResponse:
    """The scan of a declared visa, for those who may see the person (404 otherwise); every view is logged."""
    record = get_object_or_404(
        VisaRecord.objects.filter(person__in=persons_visible_to(request.user)).exclude(scan=""), pk=pk
    )
    personal_data_access_record(
        user=request.user, what=f"visa scan {record.number}", persons=[record.person], object_ids={"visa": [pk]}
    )
    extension = record.scan.name.rsplit(".", 1)[-1].lower()
    return FileResponse(
        record.scan.open("rb"),
        as_attachment=True,
        filename=f"visa-{record.number}.{extension}",
        content_type=_SCAN_TYPES.get(extension, "application/octet-stream"),
    )


def _staff_record(request: HttpRequest, pk: int) -> VisaRecord:
    # 404, not 403: other roles are not told that officer actions exist (as the officer pages).
    if not is_staff(request.user):
        raise Http404
    return get_object_or_404(VisaRecord.objects.select_related("person"), pk=pk)


def _back(request: HttpRequest, record: VisaRecord) -> HttpResponse:
    """To the posted ``next`` when it is this site's (the officer page the panel sits on), else the person's page."""
    candidate = request.POST.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(candidate)
    return redirect(reverse("person-detail", args=[record.person_id]) + "#visas")


@login_required
@require_POST
def visa_record_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer confirms a declared visa against its scan (``services.visa_record_confirm``); staff only."""
    record = _staff_record(request, pk)
    try:
        services.visa_record_confirm(user=request.user, record=record)
    except services.RecordError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Visa %(number)s is confirmed.") % {"number": record.number})
    return _back(request, record)


@login_required
@require_POST
def visa_record_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer rejects a declared visa with a reason (``services.visa_record_reject``); staff only."""
    record = _staff_record(request, pk)
    form = VisaRejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the declared visa is rejected."))
        return _back(request, record)
    try:
        services.visa_record_reject(user=request.user, record=record, reason=form.cleaned_data["reason"])
    except services.RecordError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Visa %(number)s is rejected; the rules no longer rely on it.") % {"number": record.number}
        )
    return _back(request, record)
