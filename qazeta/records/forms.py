"""Forms of the visa records: a filer declares an existing visa; an officer rejects a declared one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Entries, VisaCategory

#: A filer declares entry visas only: an exit visa is recorded by the Expat Centre.
DECLARABLE_CATEGORIES = [(value, label) for value, label in VisaCategory.choices if value != VisaCategory.EXIT]


class VisaDeclareForm(forms.Form):
    """Shape only; ``services.visa_record_declare`` checks the dates' order, the scan and duplicates."""

    category = forms.ChoiceField(label=_("Category"), choices=DECLARABLE_CATEGORIES)
    number = forms.CharField(label=_("Visa number"), max_length=32)
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    valid_to = forms.DateField(label=_("Valid to"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    entries = forms.ChoiceField(
        label=_("Entries"), choices=[("", _("— not stated —")), *Entries.choices], required=False
    )
    scan = forms.FileField(label=_("Scan of the visa"), help_text=_("PDF, JPEG or PNG."))

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The visa cannot end before it starts."))
        return data


class VisaRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown to the filer on the person's page."),
    )
