"""Serializers of the fee quote endpoint: the query parameters in, the quote out."""

import copy
from typing import Any

from django.utils.translation import gettext
from rest_framework import serializers

from applications.catalogue import CatalogueError, get_service
from fees.constants import MAX_VALIDITY_YEARS, MIN_VALIDITY_YEARS, Channel, ValidityBand, Variant
from fees.loader import SERVICE_CODE_MAX_LENGTH


class QuoteQuerySerializer(serializers.Serializer):
    """Query parameters of ``GET /api/v1/fees/quote``; an empty parameter counts as absent."""

    service = serializers.CharField(
        max_length=SERVICE_CODE_MAX_LENGTH,
        help_text="Service code of the catalogue (GET /api/v1/services), e.g. c3-invitation.",
    )
    channel = serializers.ChoiceField(choices=Channel.choices, help_text="Submission channel.")
    validity_years = serializers.IntegerField(
        required=False,
        min_value=MIN_VALIDITY_YEARS,
        max_value=MAX_VALIDITY_YEARS,
        help_text="Visa validity in years (1..5); required for C3, A5 and A6 services and their extensions.",
    )
    variant = serializers.ChoiceField(
        choices=Variant.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="TRP applicant variant (employee or expert); required for temporary-residence.",
    )
    on = serializers.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="Date the quote is for, YYYY-MM-DD; default: today in Asia/Almaty.",
    )

    def get_fields(self) -> dict[str, Any]:
        # DRF deep-copies the declared fields for every instance, re-running each field's __init__: that was half
        # of this cheap endpoint's own time (issue 10 §4). The fields hold no per-request state until bound, and
        # binding sets attributes on the copy, so a shallow copy of each is enough.
        return {name: copy.copy(field) for name, field in self._declared_fields.items()}

    def validate_service(self, value: str) -> str:
        """Accept only a code of the service catalogue; whether it has a fee is ``quote``'s to say."""
        try:
            get_service(value)
        except CatalogueError:
            raise serializers.ValidationError(
                gettext("Unknown service “%(value)s”: not a service of the catalogue.") % {"value": value}
            ) from None
        return value


class QuoteSerializer(serializers.Serializer):
    """A fee quote in KZT; amounts are decimal strings with two places (``"2162.50"``)."""

    service = serializers.CharField(help_text="The service asked for.")
    channel = serializers.ChoiceField(choices=Channel.choices)
    on = serializers.DateField(help_text="Date the quote is for.")
    mrp = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="MRP of the date's year, KZT.")
    service_fee = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="Service fee, KZT.")
    state_duty_mrp = serializers.CharField(help_text='State duty as an MRP multiple, decimal string ("0.5").')
    state_duty = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="State duty, KZT (MRP × multiple, rounded half up)."
    )
    total = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="Service fee + state duty, KZT.")
    currency = serializers.CharField(help_text="Always KZT.")
    note = serializers.CharField(allow_blank=True, help_text="How the quote was made, when not obvious.")
    validity_band = serializers.ChoiceField(choices=ValidityBand.choices)
    variant = serializers.ChoiceField(choices=Variant.choices, allow_blank=True)
    priced_as = serializers.CharField(help_text="Service whose tariff and duty were used (differs for extensions).")
