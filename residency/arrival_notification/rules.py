"""Submission rules of the arrival notification (``applications.application_submit`` runs them all at once).

Source: Expat Centre guide 2025, "Other migration and tax services" §1 («Келу немесе мекенжайды өзгерту туралы
хабарлама»): the notification is filed for a foreigner who is already in Kazakhstan, at the address of residence
there. Each rule returns the failures it finds, with a message the filer can act on.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext

from applications.exceptions import RuleFailure

from .models import ArrivalNotificationApplication


def _norm(address: str) -> str:
    return " ".join(address.casefold().replace(",", " ").split())


def previous_address_matches_kind(application: ArrivalNotificationApplication, today: dt.date) -> list[RuleFailure]:
    """A change of address names the address left (and it differs from the new one); an arrival names none."""
    previous = application.previous_address.strip()
    if application.is_change_of_address:
        if not previous:
            return [
                RuleFailure(
                    "previous_address_required",
                    gettext(
                        "For a change of address, give the previous address in Kazakhstan (the "
                        "address the person moved from)."
                    ),
                )
            ]
        if _norm(previous) == _norm(application.address):
            return [
                RuleFailure(
                    "same_address",
                    gettext(
                        "The new address is the same as the previous address; a change of address needs a new address."
                    ),
                )
            ]
        return []
    if previous:
        return [
            RuleFailure(
                "previous_address_not_for_arrival",
                gettext(
                    "An arrival notification has no previous address: clear it, or file a change of address instead."
                ),
            )
        ]
    return []


def event_date_not_after_today(application: ArrivalNotificationApplication, today: dt.date) -> list[RuleFailure]:
    """The person has already arrived (or moved): the date is not after the day of submission."""
    if application.event_date <= today:
        return []
    day = f"{application.event_date:%d.%m.%Y}"
    if application.is_change_of_address:
        message = gettext(
            "The date of the change of address (%(day)s) is after today: notify the change once the person has moved."
        ) % {"day": day}
    else:
        message = gettext(
            "The date of arrival (%(day)s) is after today: the notification is "
            "filed for a person already in Kazakhstan."
        ) % {"day": day}
    return [RuleFailure("event_date_in_future", message)]


def stay_not_over(application: ArrivalNotificationApplication, today: dt.date) -> list[RuleFailure]:
    """The planned stay has not ended: it runs at least to the day of submission and not before the event date."""
    until = application.stay_until
    if until < application.event_date:
        what = gettext("change of address") if application.is_change_of_address else "arrival"
        return [
            RuleFailure(
                "stay_before_event",
                gettext("The planned stay ends (%(until)s) before the date of %(what)s (%(event_date)s).")
                % {
                    "until": format(until, "%d.%m.%Y"),
                    "what": what,
                    "event_date": format(application.event_date, "%d.%m.%Y"),
                },
            )
        ]
    if until < today:
        return [
            RuleFailure(
                "stay_over",
                gettext(
                    "The planned stay ended on %(until)s; the notification is for a person still staying in Kazakhstan."
                )
                % {"until": format(until, "%d.%m.%Y")},
            )
        ]
    return []


#: The service's own rules, after the engine's DEFAULT_RULES (documents and consent).
ARRIVAL_RULES = (previous_address_matches_kind, event_date_not_after_today, stay_not_over)
