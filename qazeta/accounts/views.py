"""HTML pages of accounts: registration, the organisation (members, staff roster), persons and their family.

Views are thin: a Django form checks the input's shape, one service of ``qazeta.accounts.services`` does the
work, and its ``ValidationError``/``AccountError`` go back onto the form's fields. Organisations and persons
are looked up through ``qazeta.accounts.selectors`` so anyone else's are a 404. Expat Centre staff may see every
roster and person: each such page leaves a row in the access log (``services.personal_data_access_record``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from qazeta.records.forms import VisaDeclareForm
from qazeta.records.selectors import current_visas, exit_deadlines, person_visa_history, windows_ahead_with_service

from . import services
from .forms import (
    ApplicantLoginForm,
    ApplicantRegistrationForm,
    EmployerRegistrationForm,
    FamilyMemberForm,
    MemberAddForm,
    StaffForm,
    mrz_lines,
)
from .forms_mrz import person_fields_from_mrz
from .models import Membership, Organisation, Person, User
from .selectors import organisations_of, persons_visible_to
from .signin.throttle import registration_clash_count, registration_paused_until

#: Model field → form field, where the registration form names a field differently from the model.
_ORG_FIELD = {"name": "organisation_name", "password": "password1"}
_PASSWORD_FIELD = {"password": "password1"}
#: Passports expiring within this many days are flagged on the roster (a C3 invitation needs > 3 months).
EXPIRY_WARNING_DAYS = 180


def _errors_to_form(form: forms.Form, exc: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Put a service's ``ValidationError`` on the matching form fields (unknown keys: on the form)."""
    rename = rename or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for key, errors in exc.message_dict.items():
        name = rename.get(key, key)
        form.add_error(name if name in form.fields else None, errors)


def _registration_paused(request: HttpRequest, form: forms.Form) -> bool:
    """True (with the reason on the form) while this address may not register: too many usernames in use were
    tried (``signin.throttle``)."""
    until = registration_paused_until(request)
    if until is None:
        return False
    form.add_error(
        None,
        _("Too many registration attempts from your address. Try again after %(time)s (Astana time).")
        % {"time": timezone.localtime(until).strftime("%H:%M")},
    )
    return True


def _account_error_to_form(request: HttpRequest, form: forms.Form, exc: services.AccountError) -> None:
    """Put an ``AccountError`` on the form; an unavailable username also counts towards the registration pause."""
    if exc.code == services.USERNAME_UNAVAILABLE_CODE:
        registration_clash_count(request)
    form.add_error(exc.field or None, exc.message)


def _is_admin(user: User, organisation: Organisation) -> bool:
    # qazeta/permissions.py: admins (never staff) manage a host party's members and roster.
    return user.has_perm("accounts.manage_members", organisation)


# ----------------------------------------------------------------------------------------------- registration
@require_http_methods(["GET", "POST"])
def employer_register(request: HttpRequest) -> HttpResponse:
    """A new employer login together with its organisation (host party); the BIN check digit is validated."""
    form = EmployerRegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and _registration_paused(request, form):
        return render(request, "accounts/employer_register.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, organisation = services.employer_register(
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                name=data["organisation_name"],
                bin=data["bin"],
                aifc_registration_number=data["aifc_registration_number"],
                address=data["address"],
                is_branch=data["is_branch"],
                registration_certificate=data["registration_certificate"],
            )
        except services.AccountError as exc:
            _account_error_to_form(request, form, exc)
        except ValidationError as exc:
            _errors_to_form(form, exc, _ORG_FIELD)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("%(name)s is registered; add your staff to the roster.") % {"name": organisation.name}
            )
            return redirect("organisation-detail", pk=organisation.pk)
    return render(request, "accounts/employer_register.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def applicant_register(request: HttpRequest) -> HttpResponse:
    """A foreign national creates a login to file for themselves (services.applicant_register)."""
    form = ApplicantRegistrationForm(request.POST or None)
    if request.method == "POST" and _registration_paused(request, form):
        return render(request, "accounts/applicant_register.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, _person = services.applicant_register(
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                **{k: v for k, v in form.person_data().items() if k not in ("email", "position")},
            )
        except services.AccountError as exc:
            _account_error_to_form(request, form, exc)
        except ValidationError as exc:
            _errors_to_form(form, exc, _PASSWORD_FIELD)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account is ready. Choose a service to file."))
            return redirect("home")
    return render(request, "accounts/applicant_register.html", {"form": form}, status=400 if form.errors else 200)


# ----------------------------------------------------------------------------------------------- organisation
@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The host parties the user belongs to; straight to the organisation's page when there is one."""
    organisations = list(organisations_of(request.user))
    if len(organisations) == 1 and not request.user.is_staff_officer:
        return redirect("organisation-detail", pk=organisations[0].pk)
    return render(request, "accounts/organisation_list.html", {"organisations": organisations})


#: Sections that apps above the kernel add to a host party's page: ``(template name, function (request,
#: organisation) -> context or None)``; the template is included with ``section`` set to that context, and left
#: out when the function returns None (e.g. the payments app's monthly statement, for members only). Registered
#: from their ``AppConfig.ready()``, so the kernel imports none of them.
organisation_page_sections: list[tuple[str, Callable[[HttpRequest, Organisation], dict[str, Any] | None]]] = []


def _organisation_context(request: HttpRequest, organisation: Organisation, **extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    staff = list(organisation.staff.select_related("principal", "account").order_by("surname", "given_names"))
    for person in staff:
        person.passport_expired = person.passport_expires_on < today
        person.passport_expiring = not person.passport_expired and (
            person.passport_expires_on <= today + dt.timedelta(days=EXPIRY_WARNING_DAYS)
        )
    # Each person's current visa with its days left, and the day an exit visa's holder must leave by
    # (qazeta.records; issue 7, "The employer sees what is coming").
    ids = [person.pk for person in staff]
    visas = current_visas(ids, on=today)
    exits = exit_deadlines(ids, on=today)
    for person in staff:
        person.visa = visas.get(person.pk)
        person.visa_days_left = person.visa.days_left(today) if person.visa else None
        person.exit_visa = exits.get(person.pk)
    by_id = {person.pk: person for person in staff}
    windows = windows_ahead_with_service(ids, today=today)
    for row in windows:
        row.visa.person = by_id[row.visa.person_id]
    services.personal_data_access_record(
        user=request.user,
        what=f"staff roster of {organisation.name}",
        persons=staff,
        object_ids={"organisation": [organisation.pk]},
    )
    return {
        "organisation": organisation,
        "members": organisation.memberships.select_related("user").order_by("user__username"),
        "staff": staff,
        "today": today,
        "windows_ahead": windows,
        "can_file": request.user.has_perm("accounts.file_for_host_party", organisation),
        "events": organisation.events.select_related("actor")[:50],
        "member_form": (member_form := extra.pop("member_form", None) or MemberAddForm()),
        # A failed "add a member" puts "Error:" in the page title (templates/base.html).
        "page_has_error": member_form.is_bound and bool(member_form.errors),
        "page_sections": [
            (template_name, section)
            for template_name, build in organisation_page_sections
            if (section := build(request, organisation)) is not None
        ],
        **extra,
    }


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Members, the staff roster with passport expiry, and (for admins) the form to add a member."""
    organisation = get_object_or_404(organisations_of(request.user), pk=pk)
    return render(request, "accounts/organisation_detail.html", _organisation_context(request, organisation))


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """An admin gives a colleague a login to the organisation (services.member_add)."""
    organisation = get_object_or_404(organisations_of(request.user), pk=pk)
    if not request.user.has_perm("accounts.manage_roster", organisation):
        raise PermissionDenied(_("Only an admin of this host party can do this."))
    form = MemberAddForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.member_add(
                user=request.user,
                organisation=organisation,
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                role=data["role"],
            )
        except services.AccountError as exc:
            form.add_error(exc.field or None, exc.message)
        except ValidationError as exc:
            _errors_to_form(form, exc, _PASSWORD_FIELD)
        else:
            messages.success(
                request,
                _("%(user)s can now log in as %(role)s.")
                % {"user": membership.user.username, "role": membership.get_role_display()},
            )
            return redirect("organisation-detail", pk=organisation.pk)
    context = _organisation_context(request, organisation, member_form=form)
    return render(request, "accounts/organisation_detail.html", context, status=400)


# ----------------------------------------------------------------------------------------------- roster
def _field_rows(form: forms.Form, extra: dict[str, str]) -> list[dict[str, Any]]:
    """Each field of ``form`` with the MRZ message that belongs next to it (if any)."""
    return [{"field": form[name], "extra": extra.get(name, "")} for name in form.fields]


def _staff_page(
    request: HttpRequest,
    organisation: Organisation,
    form: StaffForm,
    *,
    mrz_errors: dict[str, str] | None = None,
    warnings: dict[str, str] | None = None,
    status: int = 200,
    announce: str = "",
) -> HttpResponse:
    """The roster form, whole (``staff_add.html``) or, to htmx, its fields fragment (``_staff_fields.html``).

    ``announce`` is read out by the page's live region after the swap (static/js/qazeta.js), e.g. the result of
    "Fill from MRZ"; the focus stays on the button that asked for it.
    """
    mrz_errors = mrz_errors or {}
    context = {
        "organisation": organisation,
        "form": form,
        "rows": _field_rows(form, mrz_errors),
        "mrz_error": mrz_errors.get("mrz", ""),
        "mrz_errors": mrz_errors,
        "warnings": warnings or {},
        "mrz_announce": announce,
    }
    if request.htmx:
        # htmx swaps only 2xx answers; check-digit findings are part of the fragment, not a failed request.
        return render(request, "accounts/_staff_fields.html", context)
    return render(request, "accounts/staff_add.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def staff_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an employee to the roster (services.person_add_to_roster); passport fields may come from the MRZ."""
    organisation = get_object_or_404(organisations_of(request.user), pk=pk)
    if not request.user.has_perm("accounts.manage_roster", organisation):
        raise PermissionDenied(_("Only an admin of this host party can do this."))
    if request.method == "GET":
        return _staff_page(request, organisation, StaffForm())
    form = StaffForm(request.POST)
    if form.is_valid():
        try:
            person = services.person_add_to_roster(user=request.user, organisation=organisation, **form.person_data())
        except services.AccountError as exc:
            form.add_error(exc.field or None, exc.message)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("%(name)s is on the staff roster.") % {"name": person.full_name})
            return redirect("person-detail", pk=person.pk)
    return _staff_page(request, organisation, form, status=400)


@login_required
@require_POST
def staff_mrz(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill the passport fields from the pasted MRZ; each wrong check digit is shown next to its field.

    Answers the fields fragment to htmx and the whole page to a plain form submit. Nothing is saved.
    """
    organisation = get_object_or_404(organisations_of(request.user), pk=pk)
    if not request.user.has_perm("accounts.manage_roster", organisation):
        raise PermissionDenied(_("Only an admin of this host party can do this."))
    initial: dict[str, Any] = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    line1, line2 = mrz_lines(request.POST.get("mrz", ""))
    if not (line1 or line2):
        return _staff_page(
            request,
            organisation,
            StaffForm(initial=initial),
            mrz_errors={"mrz": _("Paste the two MRZ lines.")},
            status=400,
            announce=_("Paste the two MRZ lines."),
        )
    fields, errors = person_fields_from_mrz(line1, line2)
    initial.update({k: v for k, v in fields.items() if v not in (None, "")})
    warnings = {}
    expires = fields.get("passport_expires_on")
    if isinstance(expires, dt.date) and expires < timezone.localdate():
        warnings["passport_expires_on"] = _("This passport expired on %(date)s.") % {
            "date": expires.strftime("%d.%m.%Y")
        }
    return _staff_page(
        request,
        organisation,
        StaffForm(initial=initial),
        mrz_errors=errors,
        warnings=warnings,
        status=400 if errors else 200,
        announce=_("Filled from the MRZ; some check digits do not match: compare the fields marked with the passport.")
        if errors
        else _("Filled from the MRZ."),
    )


# ----------------------------------------------------------------------------------------------- persons
#: Functions ``(request, person) -> context`` that apps above the kernel add to the person page (the case
#: engine adds the person's applications and the services that can be filed for them). Registered from their
#: ``AppConfig.ready()``, so the kernel imports none of them.
person_page_extensions: list[Callable[[HttpRequest, Person], dict[str, Any]]] = []


def _person_context(request: HttpRequest, person: Person, **extra: Any) -> dict[str, Any]:
    """The person page: ``citizenship`` is the country-table row of the person's nationality (visa-free days in
    Kazakhstan; staff also see the cell's source and unconfirmed flag), None when the table lacks it."""
    from qazeta.countries.selectors import country_for

    can_manage = (
        person.organisation_id is not None
        and Membership.objects.filter(user=request.user, organisation_id=person.organisation_id).exists()
    ) or (person.organisation_id is None and person.account_id == request.user.pk)
    is_admin = person.organisation is not None and _is_admin(request.user, person.organisation)
    family = list(person.family_members.order_by("surname", "given_names"))
    services.personal_data_access_record(user=request.user, what="person page", persons=[person, *family])
    today = timezone.localdate()
    visa_records = person_visa_history(person.pk)
    for record in visa_records:
        record.days_left_today = record.days_left(today)
        record.is_current = record.is_valid_on(today)
    context = {
        "person": person,
        "family": family,
        "today": today,
        "visa_records": visa_records,
        "can_declare": request.user.has_perm("records.declare_visa", person),
        "declare_form": (declare_form := extra.pop("declare_form", None) or VisaDeclareForm(prefix="visa")),
        "can_manage": can_manage,
        "can_grant_login": is_admin and person.account_id is None,
        "passport_expired": person.passport_expires_on < timezone.localdate(),
        "citizenship": country_for(person.nationality),
        "family_form": (family_form := extra.pop("family_form", None) or FamilyMemberForm(prefix="family")),
        "login_form": (login_form := extra.pop("login_form", None) or ApplicantLoginForm(prefix="login")),
        # A failed form of the page puts "Error:" in the page title (templates/base.html).
        "page_has_error": any(f.is_bound and bool(f.errors) for f in (declare_form, family_form, login_form)),
        **extra,
    }
    for extension in person_page_extensions:
        context.update(extension(request, person))
    return context


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's passport data, family members, applications; forms to add family and grant a login."""
    person = get_object_or_404(persons_visible_to(request.user), pk=pk)
    return render(request, "accounts/person_detail.html", _person_context(request, person))


@login_required
@require_POST
def family_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a spouse, child or parent of ``person`` (services.family_member_add)."""
    principal = get_object_or_404(persons_visible_to(request.user), pk=pk)
    own_record = principal.organisation_id is None and principal.account_id == request.user.pk
    if not (own_record or request.user.has_perm("accounts.manage_roster", principal.organisation)):
        raise PermissionDenied(_("Only an admin of this host party can do this."))
    form = FamilyMemberForm(request.POST, prefix="family")
    if form.is_valid():
        try:
            member = services.family_member_add(
                user=request.user,
                principal=principal,
                relationship=form.cleaned_data["relationship"],
                **form.person_data(),
            )
        except services.AccountError as exc:
            form.add_error(exc.field or None, exc.message)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("%(name)s is added as a family member.") % {"name": member.full_name})
            return redirect("person-detail", pk=principal.pk)
    context = _person_context(request, principal, family_form=form)
    return render(request, "accounts/person_detail.html", context, status=400)


@login_required
@require_POST
def applicant_login_grant(request: HttpRequest, pk: int) -> HttpResponse:
    """An admin gives an employee an applicant login (services.applicant_login_grant)."""
    person = get_object_or_404(persons_visible_to(request.user), pk=pk)
    if not request.user.has_perm("accounts.manage_roster", person.organisation):
        raise PermissionDenied(_("Only an admin of this host party can do this."))
    form = ApplicantLoginForm(request.POST, prefix="login")
    if form.is_valid():
        data = form.cleaned_data
        try:
            account = services.applicant_login_grant(
                user=request.user,
                person=person,
                username=data["username"],
                email=data["email"],
                password=data["password1"],
            )
        except services.AccountError as exc:
            form.add_error(exc.field or None, exc.message)
        except ValidationError as exc:
            _errors_to_form(form, exc, _PASSWORD_FIELD)
        else:
            messages.success(
                request,
                _("%(name)s can now log in as %(username)s and follow their applications.")
                % {"name": person.full_name, "username": account.username},
            )
            return redirect("person-detail", pk=person.pk)
    context = _person_context(request, person, login_form=form)
    return render(request, "accounts/person_detail.html", context, status=400)
