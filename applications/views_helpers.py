"""Small helpers shared by the HTML views and the API (reads only)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from .models import Application


def mrp_pending_note(exc: Exception) -> str:
    """The note shown instead of a fee when ``exc`` is a quote error because this year's MRP is not recorded yet.

    Empty for any other error. The fee is quoted and frozen at submission, which is refused until the MRP is in.
    """
    from fees.models import Mrp
    from fees.selectors import QuoteError

    year = timezone.localdate().year
    if not isinstance(exc, QuoteError) or exc.field != "on" or Mrp.objects.filter(year=year).exists():
        return ""
    return gettext("The fee is fixed at submission once the MRP for %(year)s is published.") % {"year": year}


def _pending_mrp_quote(application: Application, note: str) -> dict[str, Any] | None:
    """A draft's fee while only the MRP of the year is missing: the service fee and the duty as an MRP multiple,
    no tenge duty or total. None when the tariff or the duty of today cannot be found either."""
    from fees.constants import ValidityBand, Variant
    from fees.models import StateDuty, in_force_on
    from fees.selectors import fee_table, priced_as, validity_band_for

    day = timezone.localdate()
    target, _alias_note = priced_as(application.service_code)
    duty = StateDuty.objects.filter(in_force_on(day), service=target).order_by("-effective_from").first()
    rows = [r for r in fee_table(application.service_code, day) if r.channel == application.channel]
    if duty is None or not rows:
        return None
    band = ValidityBand.ANY
    if any(r.validity_band != ValidityBand.ANY for r in rows):
        band = validity_band_for(application.validity_years) if application.validity_years else None
    variant = (application.variant or "") if any(r.variant for r in rows) else Variant.NONE
    fees = [r.service_fee for r in rows if r.validity_band == band and r.variant == variant]
    return {
        "on": day,
        "mrp": None,
        "service_fee": fees[0] if len(fees) == 1 else None,
        "state_duty_mrp": duty.mrp_multiple,
        "state_duty": None,
        "total": None,
        "currency": "KZT",
        "frozen": False,
        "pending_mrp": True,
        "note": note,
    }


def fee_quote_for(application: Application) -> dict[str, Any] | None:
    """The frozen fee quote of a submitted application, or today's quote for a draft (None if not quotable).

    A draft that cannot be quoted only because this year's MRP is not recorded yet gets ``pending_mrp`` True,
    its service fee, and ``mrp``, ``state_duty`` and ``total`` None, with a note saying when the fee is fixed.
    """
    from fees.selectors import QuoteError

    from .selectors import application_quote

    if application.fee_quote_frozen:
        return {
            "on": application.fee_on,
            "mrp": application.fee_mrp,
            "service_fee": application.fee_service,
            "state_duty_mrp": application.fee_state_duty_mrp,
            "state_duty": application.fee_state_duty,
            "total": application.fee_total,
            "currency": "KZT",
            "frozen": True,
            "pending_mrp": False,
            "note": application.fee_note,
        }
    try:
        # The same quote submission freezes: the tariff, then the service's fee adjustments.
        q = application_quote(application)
    except QuoteError as exc:
        note = mrp_pending_note(exc)
        return _pending_mrp_quote(application, note) if note else None
    return {
        "on": q.on,
        "mrp": q.mrp,
        "service_fee": q.service_fee,
        "state_duty_mrp": q.state_duty_mrp,
        "state_duty": q.state_duty,
        "total": q.total,
        "currency": "KZT",
        "frozen": False,
        "pending_mrp": False,
        "note": q.note,
    }
