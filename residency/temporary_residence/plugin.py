"""The temporary residence permit, declared for the engine's registry (``applications.registry``).

Registered from ``TemporaryResidenceConfig.ready()``. Sources: Expat Centre guide 2025 (seed 001), "Temporary
residence permit" (documents, fee per variant employee / expert, standard or walk-in, "family members included",
1 working day, the review "takes some time"); Decree 807 (seed 003) p.10 (eligibility, exemptions, term, the
host's 3-working-day report of a change of temporary residence). SERVICES.md, "Temporary residence permit".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from applications import hooks
from applications.constants import Action, State
from applications.exceptions import ApplicationError
from applications.registry import (
    MIGRATION_SERVICE,
    FilerKind,
    HostReminder,
    Lifecycle,
    OnRecord,
    Outcome,
    Output,
    ServiceDefinition,
    Step,
    TermUnit,
)
from applications.rules import DEFAULT_RULES, principal_application_filed
from applications.visa_rules import ARRIVAL_NOTIFICATION_KINDS, FINGERPRINTING_KINDS, issued_document_on_record
from qazeta.records.models import PermitKind
from qazeta.records.selectors import current_permit
from qazeta.records.services import RecordError, permit_record_issue
from qazeta.workcalendar import calendar as workcalendar

from .models import TemporaryResidenceApplication
from .rules import PRECONDITIONS, RULES
from .term import principal_trp, term_limit

if TYPE_CHECKING:
    from applications.models import Application
    from fees.selectors import Quote

#: The received output: the scan of the permit the migration police issued.
TRP_KIND = "temporary_residence_permit"
#: Decree 807 p.10: the host reports a change of temporary residence to the internal-affairs bodies within this
#: many working days.
ADDRESS_CHANGE_REPORT_WORKING_DAYS = 3
#: How long after a change of address its reminder stays on the host's home page (calendar days).
ADDRESS_CHANGE_SHOWN_DAYS = 30


# ------------------------------------------------------------------------------------------------ fee
def family_member_with_paid_principal(application: Application, quote: Quote) -> Quote:
    """Guide 2025, TRP tariff row "family members included" (reading: a family member filed with the principal
    pays no separate service fee; the principal's fee covers the family). The principal's TRP application counts
    once submitted with its fee frozen (``fee_total`` set), not withdrawn, and its payment
    (``applications.hooks.fee_payment_status``) neither refunded nor waived (nothing paid to cover the family).
    The note says what the payment says: paid (the receipt uploaded or confirmed), or payable with the principal's
    invoice. The state duty (none for the TRP) is kept. Returns the quote unchanged otherwise."""
    principal = principal_trp(application)
    if principal is None or principal.fee_total is None or principal.state == State.WITHDRAWN:
        return quote
    status = hooks.fee_payment_status(principal)
    if status in ("refunded", "waived"):
        return quote
    if status is None or status in hooks.FEE_PAID:
        note = gettext(
            "Family member filed with %(ref)s (%(name)s), whose service fee is paid: no separate service fee "
            "(family members included)."
        )
    else:
        note = gettext(
            "Family member filed with %(ref)s (%(name)s), whose service fee covers the family: no separate service "
            "fee (family members included). The fee is paid with %(ref)s's invoice."
        )
    return dataclasses.replace(
        quote,
        service_fee=Decimal("0.00"),
        total=quote.state_duty,
        note=note % {"ref": principal.reference, "name": principal.person.full_name},
    )


# ------------------------------------------------------------------------------------------------ references
def current_trp_on_record(application: Application) -> OnRecord | None:
    """ "Current TRP (if any)" is satisfied by the person's TRP record valid today."""
    from django.utils import timezone

    record = current_permit(application.person_id, on=timezone.localdate(), kinds=[PermitKind.TRP])
    if record is None or record.application_id == application.pk:
        return None
    return OnRecord(
        f"TRP {record.number}, valid {record.valid_from:%d.%m.%Y}–{record.valid_to:%d.%m.%Y}",
        reverse("person-detail", args=[application.person_id]),
    )


# ------------------------------------------------------------------------------------------------ officer notes
def officer_notes(application: TemporaryResidenceApplication) -> list[tuple[str, str]]:
    """What the officer checks before recording the permit (``ServiceDefinition.officer_notes``): the latest end
    date Decree 807 allows (``term.term_limit``) for a permit starting on the recorded first day or, before issue,
    today, and why; or why no permit can be issued yet. Computed when the page is read (never the stored copy);
    the outcome hook (:func:`record_issued_trp`) enforces the same limit."""
    from django.utils import timezone

    start = application.permit_valid_from or timezone.localdate()
    limit = term_limit(application, start)
    if application.permit_valid_from:
        when = gettext("for a permit from the recorded first day, %(day)s") % {"day": f"{start:%d.%m.%Y}"}
    else:
        when = gettext("if it starts today, %(day)s") % {"day": f"{start:%d.%m.%Y}"}
    if limit.max_valid_to is None:
        return [(gettext("Latest permitted end date"), gettext("None yet: %(reason)s.") % {"reason": limit.reason})]
    return [
        (
            gettext("Latest permitted end date"),
            f"{limit.max_valid_to:%d.%m.%Y} ({when}): {limit.reason}.",
        )
    ]


# ------------------------------------------------------------------------------------------------ outcome
def record_issued_trp(application: Application, outcome: Outcome) -> None:
    """At issue: refuse a permit ending after Decree 807's limit (``term.term_limit`` from the permit's first day),
    then record it on the person (``qazeta.records.ResidencePermitRecord``, kind ``trp``, with the scan).

    Raises ApplicationError (code ``trp_term``) naming the latest end and why, or (``permit_record``) for an
    inconsistent permit; the outcome is then not recorded.
    """
    if outcome != Outcome.ISSUED:
        return
    if not isinstance(application, TemporaryResidenceApplication):
        raise ApplicationError(gettext("This service keeps no permit fields."), code="permit_record")
    limit = term_limit(application, application.permit_valid_from)
    if limit.max_valid_to is None:
        raise ApplicationError(
            gettext("The permit cannot be issued yet: %(reason)s.") % {"reason": limit.reason}, code="trp_term"
        )
    if application.permit_valid_to is not None and application.permit_valid_to > limit.max_valid_to:
        raise ApplicationError(
            gettext("The permit can run at most to %(max_valid_to)s (from %(start)s): %(reason)s.")
            % {
                "max_valid_to": format(limit.max_valid_to, "%d.%m.%Y"),
                "start": format(limit.start, "%d.%m.%Y"),
                "reason": limit.reason,
            },
            code="trp_term",
        )
    document = application.issued_documents.filter(kind=TRP_KIND).first()
    decision = application.status_changes.filter(action=Action.ISSUE).select_related("actor").order_by("-pk").first()
    try:
        permit_record_issue(
            user=decision.actor if decision is not None else None,
            application=application,
            kind=PermitKind.TRP,
            number=application.permit_number,
            valid_from=application.permit_valid_from,
            valid_to=application.permit_valid_to,
            variant=application.variant,
            document=document,
        )
    except RecordError as exc:
        raise ApplicationError(
            gettext("The permit cannot be recorded: %(message)s") % {"message": exc.message}, code="permit_record"
        ) from None
    if not application.decision_number:
        # The permit's number is the number the state body issued: shown as such on the filer's page.
        application.decision_number = application.permit_number.strip().upper()
    application.save(update_fields=["decision_number"])


# ------------------------------------------------------------------------------------------------ host reminders
def address_change_reports(person_ids: list[int], today: dt.date) -> list[HostReminder]:
    """Decree 807 p.10: the host reports a TRP holder's change of temporary residence to the internal-affairs
    bodies within 3 working days. A change is an issued arrival notification of kind "change of address" for a
    person holding a valid TRP on the day of the move; the reminder is due 3 working days after that day
    (``workcalendar.add_working_days``), shown for 30 calendar days after the move, overdue once the day passed.

    Reads the notification's ``notification_kind`` and ``event_date`` through the engine (``specific()``): the
    arrival notification plug-in is not imported (plug-ins are independent).
    """
    from applications.models import Application

    since = today - dt.timedelta(days=ADDRESS_CHANGE_SHOWN_DAYS)
    notifications = Application.objects.filter(
        service_code="arrival-notification", state=State.ISSUED, person_id__in=person_ids
    ).select_related("person")
    reminders = []
    for notification in notifications:
        specific = notification.specific()
        moved = getattr(specific, "event_date", None)
        if getattr(specific, "notification_kind", "") != "change_of_address" or moved is None or moved < since:
            continue
        permit = current_permit(notification.person_id, on=moved, kinds=[PermitKind.TRP])
        if permit is None:
            continue
        due = workcalendar.add_working_days(moved, ADDRESS_CHANGE_REPORT_WORKING_DAYS)
        reminders.append(
            HostReminder(
                person_id=notification.person_id,
                text=gettext(
                    "%(name)s (TRP %(number)s) moved on %(moved)s: report the change to the internal-affairs bodies "
                    "by %(due)s"
                )
                % {
                    "name": notification.person.full_name,
                    "number": permit.number,
                    "moved": f"{moved:%d.%m.%Y}",
                    "due": f"{due:%d.%m.%Y}",
                },
                due=due,
                url=reverse("application-detail", args=[notification.pk]),
                overdue=today > due,
            )
        )
    return reminders


#: Guide 2025, TRP: the host party files (the catalogue's "who may apply") for an employee or expert who is a
#: CIS/EAEU citizen in Kazakhstan, and for the family. The request process of the guide: documents reviewed, a
#: visit with the originals, then the migration police formalise the permit (Decree 807 p.10); 1 working day, no
#: 30-day extension (the guide writes it for the visa services only). The permit number is the state body's
#: number (no separate decision number). The grounds and the contract end are the principal's: a family
#: member's term follows them.
TEMPORARY_RESIDENCE = ServiceDefinition(
    code="temporary-residence",
    model=TemporaryResidenceApplication,
    lifecycle=Lifecycle(
        steps=frozenset({Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS, Step.APPOINTMENT, Step.STATE_BODY}),
        term_unit=TermUnit.WORKING_DAYS,
        state_body=MIGRATION_SERVICE,
    ),
    filers=frozenset({FilerKind.HOST_PARTY}),
    rules=(*DEFAULT_RULES, principal_application_filed, *RULES),
    preconditions=PRECONDITIONS,
    outputs=(Output(kind=TRP_KIND, title=gettext_lazy("Temporary residence permit"), received=True),),
    fee_adjustments=(family_member_with_paid_principal,),
    outcome_fields={Outcome.ISSUED: ("permit_number", "permit_valid_from", "permit_valid_to")},
    on_outcome=record_issued_trp,
    decision_number=False,
    references={
        "arrival-notification": issued_document_on_record(ARRIVAL_NOTIFICATION_KINDS),
        "fingerprinting-certificate": issued_document_on_record(FINGERPRINTING_KINDS),
        "current-trp": current_trp_on_record,
    },
    principal_fields=("basis", "contract_ends_on"),
    host_reminders=(address_change_reports,),
    officer_notes=officer_notes,
)

DEFINITIONS = (TEMPORARY_RESIDENCE,)
