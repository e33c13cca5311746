"""HTML views of a host party's onboarding: members removed or given another role by an admin, officers
verifying registrations, and disputes over a BIN someone else registered.

Each POST calls one service of ``qazeta.accounts.services`` and redirects with a message; who may do what is
asked of ``qazeta.permissions`` (404 for what the user may not even see).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .constants import MembershipRole, VerificationStatus
from .models import Membership, Organisation
from .selectors import organisations_of


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=MembershipRole.choices)


class VerificationForm(forms.Form):
    """An officer's decision on a host party's registration; a refusal needs the reason the admins will read."""

    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("verify", gettext_lazy("Verified")), ("refuse", gettext_lazy("Cannot be verified"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Reason (shown to the host party's admins when refused)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BinDisputeForm(forms.Form):
    bin = forms.CharField(label=gettext_lazy("BIN"), min_length=12, max_length=12)
    organisation_name = forms.CharField(label=gettext_lazy("Your organisation's name"), max_length=255)
    message = forms.CharField(
        label=gettext_lazy("Why is this BIN yours?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Your position in the company and how a supervisor can reach you."),
    )


def _membership(request: HttpRequest, pk: int, member_pk: int) -> Membership:
    organisation = get_object_or_404(organisations_of(request.user), pk=pk)
    return get_object_or_404(organisation.memberships.select_related("user", "organisation"), pk=member_pk)


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """GET: confirm; POST: an admin removes a member, whose access ends at once (services.member_remove)."""
    membership = _membership(request, pk, member_pk)
    organisation = membership.organisation
    if not request.user.has_perm("accounts.manage_members", organisation):
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            services.member_remove(user=request.user, membership=membership)
        except services.AccountError as exc:
            error = exc.message
        else:
            messages.success(request, _("%(user)s was removed.") % {"user": membership.user.username})
            return redirect("organisation-detail", pk=organisation.pk)
    context = {"organisation": organisation, "membership": membership, "error": error, "page_has_error": bool(error)}
    return render(request, "accounts/member_remove.html", context, status=400 if error else 200)


@login_required
@require_POST
def member_role(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """An admin makes a member admin or filer (services.member_role_change)."""
    membership = _membership(request, pk, member_pk)
    if not request.user.has_perm("accounts.manage_members", membership.organisation):
        raise Http404
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose admin or filer."))
    else:
        try:
            services.member_role_change(user=request.user, membership=membership, role=form.cleaned_data["role"])
        except services.AccountError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(user)s is now %(role)s.")
                % {"user": membership.user.username, "role": membership.get_role_display()},
            )
    return redirect("organisation-detail", pk=membership.organisation_id)


@login_required
@require_http_methods(["GET"])
def organisations_to_verify(request: HttpRequest) -> HttpResponse:
    """Officers: host parties awaiting verification, oldest first (404 to anyone else)."""
    if not request.user.has_perm("accounts.verify_organisation"):
        raise Http404
    pending = Organisation.objects.filter(verification_status=VerificationStatus.PENDING).order_by("created_at")
    return render(request, "accounts/organisations_to_verify.html", {"organisations": pending})


@login_required
@require_POST
def organisation_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer verifies a host party's registration or refuses it with the reason (services.organisation_verify)."""
    if not request.user.has_perm("accounts.verify_organisation"):
        raise Http404
    organisation = get_object_or_404(Organisation, pk=pk)
    form = VerificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the registration is verified."))
        return redirect("organisation-detail", pk=pk)
    try:
        services.organisation_verify(
            user=request.user,
            organisation=organisation,
            verified=form.cleaned_data["decision"] == "verify",
            note=form.cleaned_data["note"],
        )
    except services.AccountError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s: decision recorded.") % {"name": organisation.name})
    return redirect("organisation-detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def bin_dispute(request: HttpRequest) -> HttpResponse:
    """Someone whose BIN another account registered asks a supervisor to settle it (services.bin_dispute_open)."""
    form = BinDisputeForm(request.POST or None, initial={"bin": request.GET.get("bin", "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.bin_dispute_open(user=request.user, **form.cleaned_data)
        except services.AccountError as exc:
            form.add_error(exc.field or None, exc.message)
        else:
            messages.success(
                request, _("Your dispute was sent. An Expat Centre supervisor will check it and contact you.")
            )
            return redirect("home")
    return render(request, "accounts/bin_dispute.html", {"form": form}, status=400 if form.errors else 200)
