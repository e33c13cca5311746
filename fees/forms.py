"""The public fee calculator form (GET)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.catalogue import all_services
from fees.constants import MAX_VALIDITY_YEARS, MIN_VALIDITY_YEARS, Channel, Variant
from fees.selectors import priced_services


def calculator_service_choices() -> list[tuple[str, str]]:
    """``(code, name)`` of the catalogue's services that have a fee recorded, in the catalogue's (guide) order.

    Names are in the active language. A catalogue service with no tariff and no alias is left out rather than
    offered only to fail; a code the catalogue lacks is never offered.
    """
    priced = priced_services()
    return [(service.code, service.name) for service in all_services() if service.code in priced]


class CalculatorForm(forms.Form):
    """Inputs of ``quote``; names equal ``QuoteError.field`` values so an error lands on its field."""

    # Choices are set per form in __init__: the catalogue is filled in the apps' ready(), after this module is
    # imported, and the names follow the request's language.
    service = forms.ChoiceField(label=_("Service"), choices=())
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = calculator_service_choices()
