"""Who the TRP is for, what exempts a person, and the submission rules.

Sources: Expat Centre guide 2025 (seed 001), "Temporary residence permit": only for citizens of CIS states
planning to stay more than 30 calendar days and of EAEU states more than 90 (a state in both: the EAEU threshold;
``qazeta.countries.selectors.trp_stay_threshold``); Decree 807 (seed 003) p.10: exempt are persons who entered on a
Kazakh visa, holders of a diplomatic or service passport, and persons under 16; the term (``term.term_limit``).

Preconditions ``(person, host party, today)`` run before a draft is opened (the filer is told before typing) and
again at submission; rules ``(application, today)`` run at submission, all at once.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext

from applications.exceptions import RuleFailure
from qazeta.countries.selectors import CIS_STAY_DAYS, EAEU_STAY_DAYS, country_for, trp_stay_threshold
from qazeta.records.selectors import current_visa

from .models import Basis, PassportKind
from .term import principal_trp, term_limit

if TYPE_CHECKING:
    from qazeta.accounts.models import Organisation, Person

    from .models import TemporaryResidenceApplication

#: Decree 807 p.10: persons under 16 need no TRP.
EXEMPT_UNDER_AGE = 16
#: What a citizen of another state files instead (a visa issued in Kazakhstan; catalogue codes).
VISA_INSTEAD = ("c3-visa", "c3-invitation")


def _service_name(code: str) -> str:
    from applications.catalogue import CatalogueError, get_service

    try:
        return get_service(code).name
    except CatalogueError:
        return code


def _age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# ------------------------------------------------------------------------------------------------ preconditions
def citizenship_needs_trp(person: Person, organisation: Organisation | None, today: dt.date) -> list[RuleFailure]:
    """The person is a citizen of a CIS or EAEU state (``Person.nationality``, ICAO code); otherwise the TRP is not
    this person's service: they need a visa (guide 2025, TRP: "only for citizens of these countries")."""
    if trp_stay_threshold(person.nationality) is not None:
        return []
    country = country_for(person.nationality)
    state = f"{country.name} ({person.nationality})" if country is not None else person.nationality
    instead = " or ".join(f"“{_service_name(code)}”" for code in VISA_INSTEAD)
    return [
        RuleFailure(
            "trp_citizenship",
            gettext(
                "The temporary residence permit is only for citizens of CIS and EAEU "
                "states; %(full_name)s is a citizen of %(state)s. A visa is needed "
                "instead: for an employee in Kazakhstan file %(instead)s."
            )
            % {"full_name": person.full_name, "state": state, "instead": instead},
        )
    ]


def not_under_16(person: Person, organisation: Organisation | None, today: dt.date) -> list[RuleFailure]:
    """Decree 807 p.10: a person under 16 (from the date of birth, on ``today``) needs no TRP."""
    age = _age_on(person.date_of_birth, today)
    if age >= EXEMPT_UNDER_AGE:
        return []
    turns = person.date_of_birth.replace(year=person.date_of_birth.year + EXEMPT_UNDER_AGE)
    return [
        RuleFailure(
            "trp_exempt_under_16",
            gettext(
                "%(full_name)s is %(age)s and needs no temporary residence permit: "
                "persons under 16 are exempt (Decree 807, point 10). A TRP can be "
                "filed from %(turns)s."
            )
            % {"full_name": person.full_name, "age": age, "turns": format(turns, "%d.%m.%Y")},
        )
    ]


def no_kazakh_visa_on_record(person: Person, organisation: Organisation | None, today: dt.date) -> list[RuleFailure]:
    """Decree 807 p.10: a person who entered on a Kazakh visa needs no TRP; a valid visa of the person on record
    (``qazeta.records``) says so before anything is typed (the filing field says it for a visa not on record)."""
    visa = current_visa(person.pk, on=today)
    if visa is None:
        return []
    return [
        RuleFailure(
            "trp_exempt_kazakh_visa",
            gettext(
                "%(full_name)s holds the Kazakh %(category)s visa %(number)s, valid to "
                "%(valid_to)s: a person who entered on a Kazakh visa needs no "
                "temporary residence permit (Decree 807, point 10)."
            )
            % {
                "full_name": person.full_name,
                "category": visa.category,
                "number": visa.number,
                "valid_to": format(visa.valid_to, "%d.%m.%Y"),
            },
        )
    ]


PRECONDITIONS = (citizenship_needs_trp, not_under_16, no_kazakh_visa_on_record)


# ------------------------------------------------------------------------------------------------ rules
def planned_stay_over_threshold(application: TemporaryResidenceApplication, today: dt.date) -> list[RuleFailure]:
    """The planned stay (calendar days) is given and exceeds the citizenship's threshold: more than 30 for a CIS
    state, more than 90 for an EAEU state (a state in both: 90). Guide 2025, TRP."""
    threshold = trp_stay_threshold(application.person.nationality)
    if threshold is None:
        return []  # the citizenship precondition says why
    days = application.planned_stay_days
    if days is None:
        return [
            RuleFailure("trp_planned_stay_required", gettext("Give the planned stay in Kazakhstan, in calendar days."))
        ]
    if days > threshold:
        return []
    group = "EAEU" if threshold == EAEU_STAY_DAYS else "CIS"
    return [
        RuleFailure(
            "trp_stay_below_threshold",
            gettext(
                "A citizen of a %(group)s state needs a temporary residence permit "
                "only for a stay of more than %(threshold)s calendar days; the planned "
                "stay is %(days)s. No TRP is needed for it (CIS: more than "
                "%(CIS_STAY_DAYS)s days, EAEU: more than %(EAEU_STAY_DAYS)s)."
            )
            % {
                "group": group,
                "threshold": threshold,
                "days": days,
                "CIS_STAY_DAYS": CIS_STAY_DAYS,
                "EAEU_STAY_DAYS": EAEU_STAY_DAYS,
            },
        )
    ]


def not_entered_on_kazakh_visa(application: TemporaryResidenceApplication, today: dt.date) -> list[RuleFailure]:
    """Decree 807 p.10: a person who entered on a Kazakh visa is exempt (the filer's own statement)."""
    if not application.entered_on_kazakh_visa:
        return []
    return [
        RuleFailure(
            "trp_exempt_kazakh_visa",
            gettext(
                "%(full_name)s entered Kazakhstan on a Kazakh visa and needs no "
                "temporary residence permit (Decree 807, point 10)."
            )
            % {"full_name": application.person.full_name},
        )
    ]


def ordinary_passport(application: TemporaryResidenceApplication, today: dt.date) -> list[RuleFailure]:
    """Decree 807 p.10: holders of a diplomatic or service passport are exempt."""
    if application.passport_kind == PassportKind.ORDINARY:
        return []
    return [
        RuleFailure(
            "trp_exempt_passport",
            gettext("Holders of a %(value)s need no temporary residence permit (Decree 807, point 10).")
            % {"value": application.get_passport_kind_display().lower()},
        )
    ]


def contract_end_given(application: TemporaryResidenceApplication, today: dt.date) -> list[RuleFailure]:
    """An AIFC employee's (principal's) permit never runs beyond the employment or civil-law contract (Decree 807
    p.10): its end is asked, and it has not passed."""
    if application.is_family_member or application.basis != Basis.AIFC_EMPLOYEE:
        return []
    end = application.contract_ends_on
    if end is None:
        return [
            RuleFailure(
                "trp_contract_end_required",
                gettext("Give the day the employment or civil-law contract ends: the permit never runs beyond it."),
            )
        ]
    if end < today:
        return [
            RuleFailure(
                "trp_contract_ended",
                gettext("The contract ended on %(end)s; no permit can follow it.") % {"end": format(end, "%d.%m.%Y")},
            )
        ]
    return []


def family_member_with_principal_trp(application: TemporaryResidenceApplication, today: dt.date) -> list[RuleFailure]:
    """A family member's TRP is filed with the principal's TRP application (its grounds and term follow the
    principal's: Decree 807 p.10, "and their families")."""
    if not application.is_family_member or principal_trp(application) is not None:
        return []
    return [
        RuleFailure(
            "trp_principal_application",
            gettext(
                "%(full_name)s is a family member: file the principal's temporary "
                "residence permit and choose it as the principal's application (the "
                "family member's term follows the principal's)."
            )
            % {"full_name": application.person.full_name},
        )
    ]


def term_possible(application: TemporaryResidenceApplication, today: dt.date) -> list[RuleFailure]:
    """A permit starting today could run at least one day under Decree 807 (``term.term_limit``): not when the
    passport has expired or an investment resident's 5 years on TRPs are used up."""
    limit = term_limit(application, today)
    if limit.max_valid_to is None or limit.max_valid_to >= today:
        return []  # unknown until the resident's TRP is recorded: the officer's issue step checks it
    return [
        RuleFailure(
            "trp_no_term_left",
            gettext(
                "No temporary residence permit can be issued: the latest end would be %(max_valid_to)s. %(reason)s."
            )
            % {"max_valid_to": format(limit.max_valid_to, "%d.%m.%Y"), "reason": limit.reason},
        )
    ]


RULES = (
    planned_stay_over_threshold,
    not_entered_on_kazakh_visa,
    ordinary_passport,
    contract_end_given,
    family_member_with_principal_trp,
    term_possible,
)
