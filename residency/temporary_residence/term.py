"""The latest end date of a temporary residence permit under Decree 807 (seed 003), point 10 of the rules.

What the Expat Centre's service applies (SERVICES.md, "Temporary residence permit", "(reading) Scope"):

- never beyond the immigrant's national passport (the passport's expiry day is the last allowed day);
- AIFC employees (and experts) from visa-free-treaty states, and their families: 1 year, extendable yearly,
  never beyond the employment or civil-law contract (a family member: the principal's contract);
- AIFC investment residents: 1 year on the AIFC Administration's petition, extendable yearly, "not beyond five
  years" — read as at most 5 years in total on TRPs (the days of the person's earlier TRP records are summed);
  their family members: never beyond the resident's own TRP (the principal's TRP record).

"1 year" from a start day ``d`` ends on the day before ``d`` one year later (01.07.2026 → 30.06.2027); 5 years
in total are the calendar days from ``d`` to ``d`` five years later, less the days already held (each earlier
record counts ``valid_to - valid_from + 1`` days). All dates are Astana calendar dates, both ends inclusive.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext

from qazeta.records.models import PermitKind, ResidencePermitRecord
from qazeta.records.selectors import current_permit

from .models import Basis

if TYPE_CHECKING:
    from .models import TemporaryResidenceApplication

#: Decree 807 p.10: an AIFC investment resident's TRPs run "not beyond five years" (in total, SERVICES.md).
INVESTMENT_RESIDENT_TOTAL_YEARS = 5


@dataclass(frozen=True)
class TermLimit:
    """The latest day a TRP starting on ``start`` may end (``max_valid_to``, inclusive) and why (``reason``).

    ``max_valid_to`` is None when it cannot be known yet: a family member of an investment resident whose TRP is
    not on record. A ``max_valid_to`` before ``start`` means no permit can be issued (e.g. the 5 years are used).
    """

    start: dt.date
    max_valid_to: dt.date | None
    reason: str


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved by whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def one_year_from(start: dt.date) -> dt.date:
    """The last day of a 1-year permit starting on ``start``."""
    return add_years(start, 1) - dt.timedelta(days=1)


def principal_trp(application: TemporaryResidenceApplication) -> TemporaryResidenceApplication | None:
    """The principal's TRP application a family member's is filed with (None for a principal, or when the family
    member is not linked to a TRP application)."""
    from .models import TemporaryResidenceApplication

    if application.principal_application_id is None:
        return None
    return TemporaryResidenceApplication.objects.filter(pk=application.principal_application_id).first()


def effective_basis(application: TemporaryResidenceApplication) -> str:
    """The grounds that set the term: the principal's for a family member (the family member is not asked)."""
    principal = principal_trp(application)
    return principal.basis if principal is not None else application.basis


def earlier_trp_days(person_id: int, *, exclude_application_id: int | None) -> int:
    """Calendar days the person held TRPs before (every TRP record not cancelled, but the one of this
    application), each ``valid_to - valid_from + 1``."""
    records = ResidencePermitRecord.objects.filter(person_id=person_id, kind=PermitKind.TRP, cancelled_at__isnull=True)
    if exclude_application_id is not None:
        records = records.exclude(application_id=exclude_application_id)
    return sum((r.valid_to - r.valid_from).days + 1 for r in records)


def resident_trp(application: TemporaryResidenceApplication, start: dt.date) -> ResidencePermitRecord | None:
    """The investment resident's (the principal's) TRP a family member's may not outlast: the record issued on the
    principal's application, else the principal's TRP valid on ``start``."""
    principal_app = principal_trp(application)
    if principal_app is not None:
        record = (
            ResidencePermitRecord.objects.filter(
                application_id=principal_app.pk, kind=PermitKind.TRP, cancelled_at__isnull=True
            )
            .order_by("-valid_to")
            .first()
        )
        if record is not None:
            return record
    principal_id = principal_app.person_id if principal_app is not None else application.person.principal_id
    if principal_id is None:
        return None
    return current_permit(principal_id, on=start, kinds=[PermitKind.TRP])


def term_limit(application: TemporaryResidenceApplication, start: dt.date | None = None) -> TermLimit:
    """The latest end of a TRP for ``application`` starting on ``start`` (default: today, Astana), with its reason.

    Takes the earliest of the caps that apply (module docstring); the reason names every cap that binds on that
    day, with Decree 807's source. Reads the person's passport, the principal's application and TRP record, and
    the person's earlier TRP records; writes nothing.
    """
    start = start or timezone.localdate()
    person = application.person
    family = application.is_family_member
    basis = effective_basis(application)
    caps: list[tuple[dt.date, str]] = [
        (
            person.passport_expires_on,
            gettext(
                "the passport expires on %(passport_expires_on)s (Decree 807 p.10: never beyond the national passport)"
            )
            % {"passport_expires_on": format(person.passport_expires_on, "%d.%m.%Y")},
        )
    ]
    if basis == Basis.AIFC_INVESTMENT_RESIDENT:
        caps.append(
            (
                one_year_from(start),
                gettext(
                    "1 year on the AIFC Administration's petition (Decree 807 p.10: AIFC "
                    "investment residents, extendable yearly)"
                ),
            )
        )
        if family:
            record = resident_trp(application, start)
            if record is None:
                return TermLimit(
                    start,
                    None,
                    gettext(
                        "the investment resident's TRP is not on record yet; a family member's "
                        "TRP never runs beyond the resident's (Decree 807 p.10): issue the "
                        "resident's TRP first"
                    ),
                )
            caps.append(
                (
                    record.valid_to,
                    gettext(
                        "the investment resident's TRP %(number)s ends on %(valid_to)s (Decree "
                        "807 p.10: a family member's never beyond the resident's)"
                    )
                    % {"number": record.number, "valid_to": format(record.valid_to, "%d.%m.%Y")},
                )
            )
        else:
            used = earlier_trp_days(person.pk, exclude_application_id=application.pk)
            total = (add_years(start, INVESTMENT_RESIDENT_TOTAL_YEARS) - start).days
            caps.append(
                (
                    start + dt.timedelta(days=total - used - 1),
                    gettext(
                        "at most %(INVESTMENT_RESIDENT_TOTAL_YEARS)s years in total on TRPs, "
                        "%(used)s calendar days already held on earlier TRPs (Decree 807 p.10: "
                        "AIFC investment residents)"
                    )
                    % {"INVESTMENT_RESIDENT_TOTAL_YEARS": INVESTMENT_RESIDENT_TOTAL_YEARS, "used": used},
                )
            )
    else:
        caps.append(
            (
                one_year_from(start),
                gettext(
                    "1 year (Decree 807 p.10: AIFC employees from visa-free states and "
                    "their families, extendable yearly)"
                ),
            )
        )
        principal = principal_trp(application) if family else application
        contract_end = principal.contract_ends_on if principal is not None else None
        if contract_end is not None:
            if family:
                text = gettext(
                    "the principal's employment or civil-law contract ends on %(contract_end)s "
                    "(Decree 807 p.10: never beyond the contract)"
                )
            else:
                text = gettext(
                    "the employment or civil-law contract ends on %(contract_end)s "
                    "(Decree 807 p.10: never beyond the contract)"
                )
            caps.append(
                (
                    contract_end,
                    text % {"contract_end": format(contract_end, "%d.%m.%Y")},
                )
            )
    latest = min(day for day, _ in caps)
    reason = "; ".join(why for day, why in caps if day == latest)
    return TermLimit(start, latest, reason[:1].upper() + reason[1:])


def refresh_limit_fields(application: TemporaryResidenceApplication) -> None:
    """Set ``max_valid_to`` and ``max_valid_to_reason`` for a permit issued today (or from the recorded
    ``permit_valid_from`` once issued). Called on every save of the filing model."""
    if application.person_id is None:
        return
    limit = term_limit(application, application.permit_valid_from or None)
    application.max_valid_to = limit.max_valid_to
    application.max_valid_to_reason = limit.reason[:500]
