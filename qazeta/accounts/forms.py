"""HTML forms of the accounts pages: registration, members, the staff roster (with MRZ fill), family, logins.

Forms only check the shape of the input; the rules (BIN check digit, unique passport, who may act) are the
services' (``qazeta.accounts.services``), whose ``ValidationError``/``AccountError`` the views put back on
the fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .constants import MembershipRole, Relationship, Sex
from .models import User
from .services import PERSON_FIELDS
from .validators import date_of_birth_plausible, passport_expiry_plausible, validate_icao_state

_DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "input_formats": ["%Y-%m-%d"]}


class StateCodeField(forms.CharField):
    """An ICAO 9303 issuing state or nationality code, read in upper case (``validators.validate_icao_state``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=3, validators=[validate_icao_state], **kwargs)

    def to_python(self, value: Any) -> str:
        return super().to_python(value).upper()


class LoginDetailsForm(forms.Form):
    """Username, e-mail and a password typed twice (Django's password validators apply, with the user)."""

    username = forms.CharField(
        label=_("Username"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            try:
                # With the user-to-be, so the similarity validator compares the password with the username,
                # e-mail and names (Django skips that check without a user).
                password_validation.validate_password(p1, user=self.user_to_be())
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data

    def user_to_be(self) -> User:
        """An unsaved ``User`` with the typed username, e-mail and (where the form asks) names."""
        data = self.cleaned_data
        return User(
            username=data.get("username", ""),
            email=data.get("email", ""),
            first_name=data.get("given_names", "") or data.get("first_name", ""),
            last_name=data.get("surname", "") or data.get("last_name", ""),
        )


class EmployerRegistrationForm(LoginDetailsForm):
    """A new login plus the AIFC participant it registers as host party (BIN checked by the service)."""

    organisation_name = forms.CharField(label=_("Organisation name"), max_length=255)
    bin = forms.CharField(
        label=_("BIN"), max_length=12, min_length=12, help_text=_("12-digit business identification number")
    )
    aifc_registration_number = forms.CharField(label=_("AIFC registration number"), max_length=32)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    registration_certificate = forms.FileField(
        label=_("AIFC registration certificate"),
        help_text=_("PDF, JPEG or PNG. The Expat Centre checks it before your applications can be submitted."),
    )
    is_branch = forms.BooleanField(
        label=_("We are a representative office or branch of a foreign legal entity"),
        required=False,
        help_text=_("Our general power of attorney is then asked for with every application."),
    )


class PersonForm(forms.Form):
    """Passport data of a person (the fields of ``services.PERSON_FIELDS``)."""

    surname = forms.CharField(label=_("Surname"), max_length=100)
    given_names = forms.CharField(label=_("Given names"), max_length=150, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    date_of_birth = forms.DateField(label=_("Date of birth"), validators=[date_of_birth_plausible], **_DATE)
    nationality = StateCodeField(label=_("Nationality"), help_text=_("ICAO three-letter code, e.g. GBR"))
    passport_number = forms.CharField(label=_("Passport number"), max_length=9)
    passport_issuing_state = StateCodeField(label=_("Passport issuing state"), help_text=_("ICAO three-letter code"))
    passport_expires_on = forms.DateField(
        label=_("Passport expires on"), validators=[passport_expiry_plausible], **_DATE
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)

    def clean_passport_number(self) -> str:
        return self.cleaned_data["passport_number"].upper()

    def person_data(self) -> dict[str, Any]:
        """The cleaned Person fields, ready for the roster services."""
        return {k: v for k, v in self.cleaned_data.items() if k in PERSON_FIELDS}


class StaffForm(PersonForm):
    """An employee for the roster; the two MRZ lines may be pasted to fill the passport fields."""

    mrz = forms.CharField(
        label=_("Paste the two MRZ lines"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false", "autocomplete": "off", "class": "mrz"}),
        help_text=_("The two lines of 44 characters at the bottom of the passport's data page."),
    )


def mrz_lines(text: str) -> tuple[str, str]:
    """Split pasted MRZ text into its two lines (blank lines and surrounding spaces dropped)."""
    lines = [line.strip().replace(" ", "").upper() for line in text.splitlines() if line.strip()]
    first = lines[0] if lines else ""
    second = lines[1] if len(lines) > 1 else ""
    return first, second


class ApplicantRegistrationForm(LoginDetailsForm, PersonForm):
    """A foreign national signing up to file for themselves: login and their passport data."""


class FamilyMemberForm(PersonForm):
    """A family member of an employee or of a self-applicant."""

    relationship = forms.ChoiceField(label=_("Relationship"), choices=Relationship.choices)

    field_order = ["relationship"]


class MemberAddForm(LoginDetailsForm):
    """An admin gives a colleague a login to the organisation."""

    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.FILER)


class ApplicantLoginForm(LoginDetailsForm):
    """An admin gives an employee on the roster an applicant login (they see only their own applications)."""
