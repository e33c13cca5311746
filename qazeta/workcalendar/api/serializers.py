"""Query and response shapes of the working-day calendar API."""

from datetime import date

from django.utils.translation import gettext
from rest_framework import serializers

#: Dates the API accepts. The package's Islamic holidays and the Government's transfers are only
#: meaningful for nearby years, and the bound keeps date arithmetic far from ``date.max``.
MIN_DATE = date(2000, 1, 1)
MAX_DATE = date(2099, 12, 31)
#: Longest term the due-date endpoint computes (the guide's longest is 45 working days).
MAX_WORKING_DAYS = 365


def _check_range(value: date) -> date:
    if not MIN_DATE <= value <= MAX_DATE:
        raise serializers.ValidationError(
            gettext("Enter a date between %(value)s and %(value2)s.")
            % {"value": MIN_DATE.isoformat(), "value2": MAX_DATE.isoformat()}
        )
    return value


class DueDateQuerySerializer(serializers.Serializer):
    """``?start=YYYY-MM-DD&working_days=N``: a term of N working days from ``start`` (not counted)."""

    start = serializers.DateField(help_text="The day the term starts (not counted), YYYY-MM-DD.")
    working_days = serializers.IntegerField(
        min_value=0, max_value=MAX_WORKING_DAYS, help_text="The term in working days, 0..365."
    )

    def validate_start(self, value: date) -> date:
        return _check_range(value)


class DueDateSerializer(serializers.Serializer):
    """The due date of a term: the ``working_days``-th working day after ``start``."""

    start = serializers.DateField()
    working_days = serializers.IntegerField()
    due_date = serializers.DateField()


class ExtensionWindowQuerySerializer(serializers.Serializer):
    """``?expires=YYYY-MM-DD``: the day the visa expires."""

    expires = serializers.DateField(help_text="The visa's expiry date, YYYY-MM-DD.")

    def validate_expires(self, value: date) -> date:
        return _check_range(value)


class ExtensionWindowSerializer(serializers.Serializer):
    """When to apply for a visa extension: from ``opens`` to ``closes``, both inclusive."""

    expires = serializers.DateField()
    opens = serializers.DateField(help_text="30th working day before the expiry day.")
    closes = serializers.DateField(help_text="5th working day before the expiry day.")
