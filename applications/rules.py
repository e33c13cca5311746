"""Submission rules: each takes an application and the submission day and returns the failures it finds.

A service model lists its rules in ``submission_rules``; ``application_submit`` runs them all and refuses
with every failure at once. Rules read; they never write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext, ngettext

from .constants import ReviewStatus, State
from .exceptions import RuleFailure

if TYPE_CHECKING:
    from .models import Application

Rule = Callable[["Application", dt.date], list[RuleFailure]]


def required_documents_uploaded(application: Application, today: dt.date) -> list[RuleFailure]:
    """Every required checklist item has a current upload that is not rejected (guide: "attach the documents")."""
    from .selectors import checklist_status

    failures = []
    for row in checklist_status(application):
        if not row.requirement.required:
            continue
        if row.current is None:
            if row.on_record is not None:
                continue  # satisfied by something the portal holds (ServiceDefinition.references)
            failures.append(
                RuleFailure(
                    "document_missing",
                    gettext("Upload “%(name)s”.") % {"name": row.requirement.name},
                    row.requirement.code,
                )
            )
        elif row.current.review_status == ReviewStatus.REJECTED:
            failures.append(
                RuleFailure(
                    "document_rejected",
                    gettext("“%(name)s” was rejected (%(review_reason)s); upload a new file.")
                    % {"name": row.requirement.name, "review_reason": row.current.review_reason},
                    row.requirement.code,
                )
            )
    return failures


def passport_valid_more_than(*, months: int = 0, days: int = 0) -> Rule:
    """Rule factory: the passport must still be valid for more than ``months`` (+ ``days``) after submission.

    Guide 2025, Work visa §1: "passport valid for more than 3 months"; Permanent residence: "more than
    180 calendar days". "More than" is strict: a passport expiring exactly 3 months later fails.
    """

    def rule(application: Application, today: dt.date) -> list[RuleFailure]:
        expires = application.person.passport_expires_on
        limit = today + relativedelta(months=months, days=days)
        if expires < today:
            return [
                RuleFailure(
                    "passport_expired",
                    gettext("The passport expired on %(expires)s.") % {"expires": format(expires, "%d.%m.%Y")},
                )
            ]
        if expires <= limit:
            if months:
                span = ngettext("%(n)s month", "%(n)s months", months) % {"n": months}
            else:
                span = ngettext("%(n)s calendar day", "%(n)s calendar days", days) % {"n": days}
            return [
                RuleFailure(
                    "passport_validity",
                    gettext(
                        "The passport must be valid for more than %(span)s after submission "
                        "(it expires on %(expires)s; it must expire after %(limit)s)."
                    )
                    % {"span": span, "expires": format(expires, "%d.%m.%Y"), "limit": format(limit, "%d.%m.%Y")},
                )
            ]
        return []

    rule.__name__ = f"passport_valid_more_than_{months}m_{days}d"
    return rule


def blank_pages_at_least(minimum: int) -> Rule:
    """Rule factory: the filer declares at least ``minimum`` blank passport pages (guide: "at least 2 blank pages")."""

    def rule(application: Application, today: dt.date) -> list[RuleFailure]:
        pages = application.passport_blank_pages
        if pages is None:
            return [RuleFailure("blank_pages", gettext("Declare how many blank pages the passport has."))]
        if pages < minimum:
            return [
                RuleFailure(
                    "blank_pages",
                    gettext("The passport needs at least %(minimum)s blank pages; %(pages)s declared.")
                    % {"minimum": minimum, "pages": pages},
                )
            ]
        return []

    rule.__name__ = f"blank_pages_at_least_{minimum}"
    return rule


def consent_recorded(application: Application, today: dt.date) -> list[RuleFailure]:
    """Consent to personal data processing is recorded for the person (guide: every service lists it)."""
    if not application.person.consents.exists():
        return [RuleFailure("consent", gettext("Record the consent to personal data processing for this person."))]
    return []


def principal_application_filed(application: Application, today: dt.date) -> list[RuleFailure]:
    """A family member's application goes with its principal's: the principal must be submitted first or together."""
    principal = application.principal_application
    if principal is not None and principal.state == State.DRAFT:
        return [
            RuleFailure(
                "principal_not_submitted",
                gettext("Submit the principal's application (%(full_name)s) first.")
                % {"full_name": principal.person.full_name},
            )
        ]
    return []


#: Rules every filed service runs unless it says otherwise.
DEFAULT_RULES: tuple[Rule, ...] = (required_documents_uploaded, consent_recorded)
