"""The public fee calculator form (GET)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fees.constants import MAX_VALIDITY_YEARS, MIN_VALIDITY_YEARS, Channel, ServiceCode, Variant


class CalculatorForm(forms.Form):
    """Inputs of ``quote``; names equal ``QuoteError.field`` values so an error lands on its field."""

    service = forms.ChoiceField(label=_("Service"), choices=ServiceCode.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.STANDARD)
    validity_years = forms.IntegerField(
        label=_("Visa validity, years"),
        required=False,
        min_value=MIN_VALIDITY_YEARS,
        max_value=MAX_VALIDITY_YEARS,
        help_text=_("Needed for C3, A5 and A6 visas and their extensions (1 to 5 years)."),
    )
    variant = forms.ChoiceField(
        label=_("Applicant (temporary residence permit)"),
        choices=Variant.choices,
        required=False,
        help_text=_("Needed for the temporary residence permit: employee or expert."),
    )
    on = forms.DateField(
        label=_("Date"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Fees and the MRP change over time; empty means today."),
    )
