"""The supervisor's form to open a case on the AIFC Administration's own initiative (GR0009 point 2)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qazeta.accounts.constants import VerificationStatus
from qazeta.accounts.models import Organisation, Person

from .models import RequestKind


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} · {obj.passport_issuing_state} {obj.passport_number} · {obj.position or '—'}"


class HostPartyForm(forms.Form):
    """Step 1 (GET): the host party whose employee the case is for."""

    organisation = forms.ModelChoiceField(
        label=_("Host party (AIFC participant)"),
        queryset=Organisation.objects.filter(verification_status=VerificationStatus.VERIFIED).order_by("name"),
    )


class OpenOnOwnInitiativeForm(forms.Form):
    """Step 2 (POST): the employee, what the Administration will consider, the scope declaration and a note."""

    organisation = forms.ModelChoiceField(
        label=_("Host party (AIFC participant)"),
        queryset=Organisation.objects.filter(verification_status=VerificationStatus.VERIFIED),
        widget=forms.HiddenInput,
    )
    person = EmployeeChoiceField(label=_("Employee"), queryset=Person.objects.none())
    request_kind = forms.ChoiceField(label=_("What the Administration considers"), choices=RequestKind.choices)
    unmet_criteria = forms.CharField(
        label=_("Criteria not met"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Which criteria of GR0009 (Annex 1, parts A and B) the employee does not meet, for which position."
        ),
    )
    no_controlled_function = forms.BooleanField(
        label=_("The employee performs no controlled or designated function (AIFC General Rules 2.2 and 2.3)"),
        required=True,
    )
    note = forms.CharField(
        label=_("Note for the timeline"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the Administration opens the case; the host party reads it on the timeline."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].initial = organisation.pk
        # The host party's employees: persons on its roster who are not family members.
        self.fields["person"].queryset = Person.objects.filter(
            organisation=organisation, principal__isnull=True
        ).order_by("surname", "given_names")
