"""Rules, limits and facts of the permanent residence permit.

Source: Expat Centre guide 2025 (seed 001), "Permanent residence permit" (SERVICES.md): the permit is valid for at
most 10 years and never beyond the expiry of the foreigner's passport; the passport is valid for more than 180
calendar days on the day of application; the notarised consent of a child aged 14 to 18 is asked for. Dates are
Astana calendar days; a validity of N years from day D ends on D + N years - 1 day (both ends inclusive, as
``ResidencePermitRecord`` keeps them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from applications.exceptions import RuleFailure
from qazeta.accounts.constants import Relationship

from .models import MAX_VALIDITY_YEARS

if TYPE_CHECKING:
    from qazeta.accounts.models import Person

    from .models import PermanentResidenceApplication


def end_after_years(start: dt.date, years: int) -> dt.date:
    """The last day of a validity of ``years`` whole years starting on ``start`` (inclusive)."""
    return start + relativedelta(years=years) - dt.timedelta(days=1)


@dataclass(frozen=True)
class ValidityLimit:
    """The latest end date of a permit starting on ``start``: ``latest`` and the reason, in words.

    ``by_passport``: True when the passport's expiry is the limit (it comes before the 10 years end).
    """

    start: dt.date
    latest: dt.date
    by_passport: bool
    passport_expires_on: dt.date

    @property
    def reason(self) -> str:
        if self.by_passport:
            return gettext(
                "the passport expires on %(passport_expires_on)s, before 10 years from "
                "%(start)s end; the permit never runs beyond the passport"
            ) % {
                "passport_expires_on": format(self.passport_expires_on, "%d.%m.%Y"),
                "start": format(self.start, "%d.%m.%Y"),
            }
        return gettext("at most %(MAX_VALIDITY_YEARS)s years from %(start)s (the passport expires later)") % {
            "MAX_VALIDITY_YEARS": MAX_VALIDITY_YEARS,
            "start": format(self.start, "%d.%m.%Y"),
        }


def validity_limit(person: Person, start: dt.date) -> ValidityLimit:
    """min(start + 10 years - 1 day, the passport's expiry) for a permit starting on ``start`` (guide 2025)."""
    ten_years = end_after_years(start, MAX_VALIDITY_YEARS)
    expires = person.passport_expires_on
    if expires < ten_years:
        return ValidityLimit(start, expires, True, expires)
    return ValidityLimit(start, ten_years, False, expires)


def whole_years_within_passport(person: Person, start: dt.date) -> int:
    """The most whole years (0..10) a permit starting on ``start`` can run without passing the passport's expiry."""
    years = 0
    while years < MAX_VALIDITY_YEARS and end_after_years(start, years + 1) <= person.passport_expires_on:
        years += 1
    return years


# --------------------------------------------------------------------------------------------- rules
def requested_validity_within_limits(application: PermanentResidenceApplication, today: dt.date) -> list[RuleFailure]:
    """The requested validity is 1 to 10 whole years and, counted from the day of submission, ends no later than
    the passport's expiry (guide 2025: "at most 10 years, never beyond the passport's expiry")."""
    years = application.requested_validity_years
    if years is None or years < 1:
        return [RuleFailure("validity_years", gettext("Give the requested validity: 1 to 10 whole years."))]
    if years > MAX_VALIDITY_YEARS:
        return [
            RuleFailure(
                "validity_over_10_years",
                gettext(
                    "A permanent residence permit is valid for at most "
                    "%(MAX_VALIDITY_YEARS)s years; %(years)s were asked for."
                )
                % {"MAX_VALIDITY_YEARS": MAX_VALIDITY_YEARS, "years": years},
            )
        ]
    end = end_after_years(today, years)
    expires = application.person.passport_expires_on
    if end > expires:
        most = whole_years_within_passport(application.person, today)
        instead = (
            ngettext(
                "ask for at most %(n)s year, or renew the passport first",
                "ask for at most %(n)s years, or renew the passport first",
                most,
            )
            % {"n": most}
            if most
            else gettext("renew the passport first")
        )
        return [
            RuleFailure(
                "validity_beyond_passport",
                gettext(
                    "A permit of %(years)s years from %(today)s would end on %(end)s, "
                    "after the passport expires (%(expires)s); the permit never runs "
                    "beyond the passport: %(instead)s."
                )
                % {
                    "years": years,
                    "today": format(today, "%d.%m.%Y"),
                    "end": format(end, "%d.%m.%Y"),
                    "expires": format(expires, "%d.%m.%Y"),
                    "instead": instead,
                },
            )
        ]
    return []


# --------------------------------------------------------------------------------------------- facts
def _age(born: dt.date, on: dt.date) -> int:
    return relativedelta(on, born).years


def family_children_14_18(application: PermanentResidenceApplication) -> list[Person]:
    """The children aged 14 to 18 (14 included, 18 not) in the family of the person filed for, from the roster's
    dates of birth, on the day of submission (today for a draft).

    The family: the principal (the person, or the person's principal) and every family member recorded under them;
    a child is a family member with the relationship "child", or the person themselves when filed as one.
    """
    person = application.person
    principal = person.principal or person
    on = timezone.localdate(application.submitted_at) if application.submitted_at else timezone.localdate()
    children = [m for m in principal.family_members.all() if m.relationship == Relationship.CHILD]
    return [c for c in children if 14 <= _age(c.date_of_birth, on) < 18]


def family_includes_minor_14_18(application: PermanentResidenceApplication) -> bool:
    """Checklist condition ``family_includes_minor_14_18``: the child's notarised consent is asked for (guide 2025,
    "notarised consent of a child aged 14-18 to permanent residence", read as: when the family includes one)."""
    return bool(family_children_14_18(application))
