"""Money and MRP in the active language's format; ``{% load qazeta_formats %}`` (``TEMPLATES`` "libraries").

``{{ amount|money }}``: "360,000.00 KZT" (en), "360 000,00 ₸" (ru, kk; non-breaking spaces, from the catalogues).
``{{ multiple|mrp }}``: "0.5 MRP" (en), "0,5 МРП" (ru), "0,5 АЕК" (kk); up to three decimals, trailing zeros dropped.
Both accept a ``Decimal``, an ``int``/``float`` or a numeric string; ``None`` and "" give "", anything else is
returned unchanged."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.numberformat import format as number_format
from django.utils.translation import gettext, pgettext

register = template.Library()


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def _localised(value: Decimal, places: int) -> str:
    from django.utils.formats import get_format

    return number_format(
        value,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=places,
        grouping=get_format("NUMBER_GROUPING"),
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


def format_money(value: Any) -> str:
    """``value`` tenge as the active language writes money, two decimals: "360 000,00 ₸"."""
    if value is None or value == "":
        return ""
    amount = _decimal(value)
    if amount is None:
        return str(value)
    # Translators: the currency after an amount of tenge; ru and kk write the sign "₸".
    return pgettext("money", "%(amount)s KZT") % {"amount": _localised(amount, 2)}


def format_mrp(value: Any) -> str:
    """``value`` monthly calculation indices (MRP / МРП / АЕК) in the active language: "0,5 АЕК"."""
    if value is None or value == "":
        return ""
    multiple = _decimal(value)
    if multiple is None:
        return str(value)
    multiple = multiple.quantize(Decimal("0.001")).normalize()
    places = max(0, -multiple.as_tuple().exponent)
    return gettext("%(count)s MRP") % {"count": _localised(multiple, places)}


register.filter("money", format_money, is_safe=True)
register.filter("mrp", format_mrp, is_safe=True)
