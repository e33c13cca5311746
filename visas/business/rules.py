"""Rules, facts and record helpers of the business visa services.

Sources: Expat Centre guide 2025, Short-term business visa §1-2 and Long-term business visa §1-3; SERVICES.md
("Offer B1 and B3 here; B2 is the multiple-entry service"; "B2 needs the contract …, B3 needs confirmation of
membership"; extensions: "rules as for the work visa").
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext

from applications.exceptions import RuleFailure
from qazeta.records.selectors import current_visa

if TYPE_CHECKING:
    from applications.models import Application
    from applications.rules import Rule
    from qazeta.records.models import VisaRecord

#: Categories each kind of business visa has (guide 2025; SERVICES.md reading for the single entry).
SINGLE_ENTRY = ("B1", "B3")
MULTIPLE_ENTRY = ("B2", "B3")


def category_offered(allowed: tuple[str, ...], service_words: str) -> Rule:
    """Rule factory: the chosen ``visa_category`` is one of ``allowed`` (e.g. a single-entry invitation refuses B2).

    The filing form only offers ``allowed``; the rule also catches a category left blank or written around it.
    """

    def rule(application: Application, today: dt.date) -> list[RuleFailure]:
        chosen = getattr(application, "visa_category", "") or ""
        if chosen in allowed:
            return []
        offered = f" {gettext('or')} ".join(allowed)
        if not chosen:
            return [
                RuleFailure("visa_category", gettext("Choose the visa category: %(offered)s.") % {"offered": offered})
            ]
        hint = gettext(" File the multiple-entry business visa invitation for B2.") if chosen == "B2" else ""
        return [
            RuleFailure(
                "visa_category",
                gettext("A %(service_words)s is issued in category %(offered)s only, not %(chosen)s.%(hint)s")
                % {"service_words": service_words, "offered": offered, "chosen": chosen, "hint": hint},
            )
        ]

    rule.__name__ = f"category_offered_{'_'.join(allowed)}"
    return rule


def _filing_day(application: Application) -> dt.date:
    """The day the extension is judged on: its submission day (Astana), or today while it is a draft."""
    if application.submitted_at is not None:
        return timezone.localdate(application.submitted_at)
    return timezone.localdate()


def extended_visa(application: Application, categories: tuple[str, ...]) -> VisaRecord | None:
    """The visa an extension extends: the person's current visa of ``categories`` on the filing day, or None."""
    return current_visa(application.person_id, on=_filing_day(application), categories=categories)


def extended_category(categories: tuple[str, ...]):
    """``fn(application) -> "B1"|"B2"|"B3"|""``: the category of the extended visa (for ``record_issued_visa``).

    An empty string when no such visa is on record; ``visa_record_issue`` then refuses the outcome.
    """

    def category(application: Application) -> str:
        record = extended_visa(application, categories)
        return record.category if record is not None else ""

    return category


def chosen_category(application: Application) -> str:
    """The category the filer chose (``visa_category``), for ``record_issued_visa`` of the in-country visa."""
    return application.visa_category


def is_category(category: str, *, extension_of: tuple[str, ...] = ()):
    """Fact factory for the checklist conditions ``b2``/``b3``: the chosen category, or (``extension_of`` given)
    the category of the visa being extended."""

    def fact(application: Application) -> bool:
        if extension_of:
            record = extended_visa(application, extension_of)
            return record is not None and record.category == category
        return getattr(application, "visa_category", "") == category

    fact.__name__ = f"is_{category.lower()}"
    return fact
