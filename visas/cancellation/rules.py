"""Rules, preconditions and outcome hooks of the visa cancellation services, read from the visa records.

Source: Expat Centre guide 2025 (seed 001), Visa cancellation:
- §1 "Cancellation after the holder left": the host party may apply once the foreigner left Kazakhstan after the
  employment/expert contract ended; it cancels the existing **business or work** visa, family members' visas
  included. SERVICES.md (reading): cancel another visa (e.g. A5) only after the EC confirms, so the precondition
  refuses A5/A6 and says why.
- §2 "Cancellation with an exit visa": the person is in Kazakhstan; the existing visa is cancelled and an exit visa
  is issued "for up to 15 working days"; the holder must leave within it.
- Both: "after cancellation no one can enter Kazakhstan on the cancelled visa" — the documents the portal issued
  for a cancelled visa verify as CANCELLED (``qazeta.documents.services.document_mark_cancelled``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from applications.exceptions import ApplicationError, RuleFailure
from applications.registry import Outcome
from applications.visa_rules import record_issued_visa
from qazeta.documents.models import IssuedDocument
from qazeta.documents.services import document_mark_cancelled
from qazeta.records.models import VisaCategory, VisaRecord
from qazeta.records.selectors import ENTRY_CATEGORIES, counted_records
from qazeta.records.services import visas_cancel
from qazeta.workcalendar.calendar import add_working_days

if TYPE_CHECKING:
    from applications.models import Application
    from applications.registry import Precondition
    from qazeta.accounts.models import Organisation, Person

#: Visas §1 cancels: the guide names "business or work" visas only (C3 work; B1, B2, B3 business).
WORK_AND_BUSINESS = (VisaCategory.C3, VisaCategory.B1, VisaCategory.B2, VisaCategory.B3)
#: Output kinds (received: the state body's own documents, scanned by the officer at the outcome).
CANCELLATION_CONFIRMATION = "visa_cancellation_confirmation"
EXIT_VISA = "exit_visa"
#: Guide 2025, Visa cancellation §2: "the exit visa is issued for up to 15 working days".
EXIT_VISA_MAX_WORKING_DAYS = 15


def _visa_words(record: VisaRecord) -> str:
    return gettext("%(category)s visa %(number)s, valid %(valid_from)s–%(valid_to)s") % {
        "category": record.category,
        "number": record.number,
        "valid_from": format(record.valid_from, "%d.%m.%Y"),
        "valid_to": format(record.valid_to, "%d.%m.%Y"),
    }


def _valid_visas(person_id: int, today: dt.date) -> list[VisaRecord]:
    """The person's entry visas valid on ``today`` (counted, not cancelled), longest-running first."""
    return list(
        counted_records([person_id])
        .filter(category__in=ENTRY_CATEGORIES, cancelled_at__isnull=True, valid_from__lte=today, valid_to__gte=today)
        .order_by("-valid_to", "-pk")
    )


def visas_to_cancel(person_id: int, host_party_id: int | None, today: dt.date, categories: Iterable[str]) -> list:
    """The person's visas of ``categories`` this host party may cancel: counted, not cancelled, not expired on
    ``today`` (a later visa of the same host, e.g. an extension not yet in force, goes with the current one), and
    issued for / declared with ``host_party_id``. Newest expiry first."""
    return list(
        counted_records([person_id])
        .filter(
            category__in=list(categories),
            cancelled_at__isnull=True,
            valid_to__gte=today,
            host_party_id=host_party_id,
        )
        .order_by("-valid_to", "-pk")
    )


# ------------------------------------------------------------------------------------------------ preconditions
def holds_cancellable_visa(*categories: str, service_words: str) -> Precondition:
    """Precondition factory: the person's current visa of ``categories`` is on record and was issued for (or
    declared with) the host party filing. Told before typing and again at submission; each failure names what is
    wrong: no visa on record, a visa of a category this service does not cancel, a visa of another host party.

    ``service_words``: how the message names the service's scope (e.g. "business and work visas").
    """
    allowed = tuple(categories)

    def precondition(person: Person, organisation: Organisation | None, today: dt.date) -> list[RuleFailure]:
        valid = _valid_visas(person.pk, today)
        if not valid:
            return [
                RuleFailure(
                    "no_visa_on_record",
                    gettext(
                        "%(full_name)s has no valid visa on record, so there is nothing to "
                        "cancel. Declare the current visa, with its scan, on %(full_name)s's "
                        "page first."
                    )
                    % {"full_name": person.full_name},
                )
            ]
        of_category = [r for r in valid if r.category in allowed]
        if not of_category:
            return [
                RuleFailure(
                    "visa_category",
                    gettext(
                        "%(full_name)s's %(value)s cannot be cancelled by this service: the "
                        "guide names %(service_words)s only (%(value2)s). Ask the Expat Centre "
                        "how to cancel a %(category)s visa."
                    )
                    % {
                        "full_name": person.full_name,
                        "value": _visa_words(r),
                        "service_words": service_words,
                        "value2": ", ".join(allowed),
                        "category": r.category,
                    },
                )
                for r in valid
            ]
        host_id = organisation.pk if organisation is not None else None
        if any(r.host_party_id == host_id for r in of_category):
            return []
        failures = []
        for record in of_category:
            host = record.host_party.name if record.host_party is not None else gettext("no host party")
            failures.append(
                RuleFailure(
                    "visa_host_party",
                    gettext(
                        "%(full_name)s's %(value)s was issued for or declared with %(host)s, "
                        "not with the host party filing: only the visa's own host party can "
                        "ask to cancel it."
                    )
                    % {"full_name": person.full_name, "value": _visa_words(record), "host": host},
                )
            )
        return failures

    precondition.__name__ = f"holds_cancellable_visa_{'_'.join(allowed)}"
    return precondition


# ------------------------------------------------------------------------------------------------ rules
def left_kazakhstan_in_the_past(application: Application, today: dt.date) -> list[RuleFailure]:
    """§1 is for a holder who has left: the departure day is not after the submission day (Astana)."""
    left = getattr(application, "left_kazakhstan_on", None)
    if left is not None and left > today:
        return [
            RuleFailure(
                "not_left_yet",
                gettext(
                    "The holder is to leave on %(left)s: this cancellation is filed once "
                    "the holder has left Kazakhstan. For a person still in Kazakhstan, "
                    "file the cancellation with an exit visa."
                )
                % {"left": format(left, "%d.%m.%Y")},
            )
        ]
    return []


def contract_already_terminated(application: Application, today: dt.date) -> list[RuleFailure]:
    """§2 is for a terminated contract: the termination day is not after the submission day (Astana)."""
    ended = getattr(application, "contract_terminated_on", None)
    if ended is not None and ended > today:
        return [
            RuleFailure(
                "contract_not_terminated",
                gettext(
                    "The contract is terminated on %(ended)s: file the cancellation with "
                    "an exit visa once the service or employment contract has been "
                    "terminated."
                )
                % {"ended": format(ended, "%d.%m.%Y")},
            )
        ]
    return []


# ------------------------------------------------------------------------------------------------ outcome
def _mark_documents(records: list[VisaRecord], application: Application) -> list[IssuedDocument]:
    """Mark cancelled every document the portal issued for ``records``: each record's own document (the received
    visa scan) and the documents of the application that produced it (e.g. the invitation letter). Returns the
    documents newly marked."""
    query = Q(pk__in=[r.document_id for r in records if r.document_id is not None]) | Q(
        application_id__in=[r.application_id for r in records if r.application_id is not None]
    )
    documents = IssuedDocument.objects.filter(query, cancelled_at__isnull=True).exclude(application_id=application.pk)
    by_document = {r.document_id: r for r in records if r.document_id is not None}
    by_application = {r.application_id: r for r in records if r.application_id is not None}
    marked = []
    for document in documents:
        record = by_document.get(document.pk) or by_application.get(document.application_id)
        visa = f"{record.category} visa {record.number}" if record is not None else "the visa"
        note = gettext("%(visa)s cancelled by application %(reference)s") % {
            "visa": visa,
            "reference": application.reference,
        }
        if document_mark_cancelled(document, note) is not None:
            marked.append(document)
    return marked


def _cancel(records: list[VisaRecord], application: Application) -> list[VisaRecord]:
    cancelled = visas_cancel(records=records, application=application)
    _mark_documents(cancelled, application)
    return cancelled


def family_visas(person: Person, host_party_id: int | None, today: dt.date) -> list[VisaRecord]:
    """The visas of ``person``'s family members (persons whose principal is ``person``) this host party may cancel
    with the principal's: any entry category, not expired, not cancelled, of the same host party."""
    records: list[VisaRecord] = []
    for member_id in person.family_members.values_list("pk", flat=True):
        records += visas_to_cancel(member_id, host_party_id, today, ENTRY_CATEGORIES)
    return records


def cancel_visa_and_family(application: Application, outcome: Outcome) -> None:
    """Outcome hook of §1: at issue, cancel the person's work/business visa(s) of the host party and the visas of
    the family members on the same principal, and mark the documents issued for them cancelled.

    Raises ApplicationError (code ``no_visa_to_cancel``) when no such visa is on record any more (it expired or was
    cancelled meanwhile): the outcome is then not recorded.
    """
    if outcome != Outcome.ISSUED:
        return
    today = timezone.localdate()
    host = application.host_party
    host_id = host.pk if host is not None else None
    own = visas_to_cancel(application.person_id, host_id, today, WORK_AND_BUSINESS)
    if not own:
        raise ApplicationError(
            gettext(
                "%(full_name)s has no work or business visa of this host party on "
                "record any more (it expired or was cancelled): there is nothing to "
                "cancel. Refuse the application instead."
            )
            % {"full_name": application.person.full_name},
            code="no_visa_to_cancel",
        )
    _cancel([*own, *family_visas(application.person, host_id, today)], application)


def exit_visa_term_problem(valid_from: dt.date | None, valid_to: dt.date | None) -> str:
    """Why an exit visa's validity is too long, or "" when it is at most 15 working days from its issue.

    Counted like the portal's terms (``add_working_days``): the day of issue (``valid_from``) is not counted, so the
    last allowed ``valid_to`` is the 15th working day after it. Guide 2025, Visa cancellation §2.
    """
    if valid_from is None or valid_to is None:
        return ""  # the visa fields' own check names the missing dates
    latest = add_working_days(valid_from, EXIT_VISA_MAX_WORKING_DAYS)
    if valid_to > latest:
        return gettext(
            "An exit visa is issued for at most %(EXIT_VISA_MAX_WORKING_DAYS)s "
            "working days: issued on %(valid_from)s, it can be valid until "
            "%(latest)s at the latest, not %(valid_to)s. Check the dates on the "
            "exit visa."
        ) % {
            "EXIT_VISA_MAX_WORKING_DAYS": EXIT_VISA_MAX_WORKING_DAYS,
            "valid_from": format(valid_from, "%d.%m.%Y"),
            "latest": format(latest, "%d.%m.%Y"),
            "valid_to": format(valid_to, "%d.%m.%Y"),
        }
    return ""


_record_exit_visa = record_issued_visa(VisaCategory.EXIT, output_kind=EXIT_VISA)


def issue_exit_visa(application: Application, outcome: Outcome) -> None:
    """Outcome hook of §2: at issue, check the exit visa's term (at most 15 working days from ``visa_valid_from``),
    record it (category EXIT, ``valid_to`` = the day by which the person must leave), then cancel the person's
    current visa(s) of the host party and mark the documents issued for them cancelled.

    Raises ApplicationError: code ``exit_visa_term`` when the exit visa runs too long; code ``visa_record`` when its
    fields are incomplete. Nothing is written then.
    """
    if outcome != Outcome.ISSUED:
        return
    problem = exit_visa_term_problem(application.visa_valid_from, application.visa_valid_to)
    if problem:
        raise ApplicationError(problem, code="exit_visa_term")
    _record_exit_visa(application, outcome)
    host = application.host_party
    today = timezone.localdate()
    _cancel(visas_to_cancel(application.person_id, host.pk if host else None, today, ENTRY_CATEGORIES), application)
