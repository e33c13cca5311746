"""Small helpers shared by the HTML views and the API (reads only)."""

from __future__ import annotations

from typing import Any

from .models import Application


def fee_quote_for(application: Application) -> dict[str, Any] | None:
    """The frozen fee quote of a submitted application, or today's quote for a draft (None if not quotable)."""
    from fees.selectors import QuoteError, quote

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
            "note": application.fee_note,
        }
    try:
        q = quote(
            service=application.service_code,
            channel=application.channel,
            validity_years=application.validity_years,
            variant=application.variant,
        )
    except QuoteError:
        return None
    return {
        "on": q.on,
        "mrp": q.mrp,
        "service_fee": q.service_fee,
        "state_duty_mrp": q.state_duty_mrp,
        "state_duty": q.state_duty,
        "total": q.total,
        "currency": "KZT",
        "frozen": False,
        "note": q.note,
    }
