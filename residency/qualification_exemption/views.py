"""The supervisor's page to open a qualification exemption on the AIFC Administration's own initiative.

GR0009 point 2: the AIFC Administration may change the requirements "on a participant's request or on its own
initiative". A supervisor acts for it: chooses the host party (step 1, GET), then its employee, what is considered,
the scope declaration and a note (step 2, POST); ``applications.services.application_open_on_own_initiative``
creates the case in review, the host party's. Supervisors only: everyone else gets 404 (officers are not told the
page exists), an anonymous visitor the login page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from applications import services
from applications.exceptions import ApplicationError, NotEligible
from qazeta.accounts.services import personal_data_access_record

from .forms import HostPartyForm, OpenOnOwnInitiativeForm

SERVICE = "qualification-exemption"


@login_required
def open_on_own_initiative(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("applications.open_on_own_initiative"):
        raise Http404
    host_form = HostPartyForm(request.GET or None)
    source = request.POST if request.method == "POST" else None
    organisation = None
    if request.method == "POST":
        organisation_form = HostPartyForm(request.POST)
        if organisation_form.is_valid():
            organisation = organisation_form.cleaned_data["organisation"]
    elif host_form.is_valid():
        organisation = host_form.cleaned_data["organisation"]
    if organisation is None:
        return render(request, "residency/qualification_exemption/open.html", {"host_form": host_form, "form": None})

    form = OpenOnOwnInitiativeForm(source, organisation=organisation)
    status = 200
    if source is not None and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.application_open_on_own_initiative(
                user=request.user,
                service_code=SERVICE,
                person=data["person"],
                organisation=organisation,
                note=data["note"],
                request_kind=data["request_kind"],
                unmet_criteria=data["unmet_criteria"],
                no_controlled_function=True,
            )
        except NotEligible as exc:
            for failure in exc.failures:
                form.add_error(None, failure.message)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Case %(ref)s opened on the AIFC Administration's initiative; the host party sees it.")
                % {"ref": application.reference},
            )
            return redirect(reverse("officer-application", args=[application.pk]))
        status = 400
    elif source is not None:
        status = 400
    personal_data_access_record(
        user=request.user,
        what="qualification exemption: employees of a host party (own initiative)",
        persons=list(form.fields["person"].queryset),
    )
    context = {"host_form": HostPartyForm(initial={"organisation": organisation.pk}), "form": form}
    context["organisation"] = organisation
    return render(request, "residency/qualification_exemption/open.html", context, status=status)
