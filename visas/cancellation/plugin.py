"""The visa cancellation services, declared once each for the engine's registry (``applications.registry``).

Registered from ``VisaCancellationConfig.ready()``. Source: Expat Centre guide 2025 (seed 001), Visa cancellation
§1 (after the holder left Kazakhstan: 20,000 KZT, no state duty, 1 working day) and §2 (with an exit visa:
20,000 KZT, state duty 0.5 MRP, 5 working days). The host party files both. The guide writes the 30-calendar-day
term extension for the visa invitation and issuance services only: none here. The guide lists no consent to
personal data processing for the cancellations, so neither service asks for it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from applications.registry import MIGRATION_SERVICE, FilerKind, Lifecycle, Outcome, Output, ServiceDefinition, Step
from applications.rules import required_documents_uploaded
from applications.visa_rules import ARRIVAL_NOTIFICATION_KINDS, current_visa_on_record, issued_document_on_record
from qazeta.records.models import IssuedVisaFields
from qazeta.records.selectors import ENTRY_CATEGORIES

from .models import VisaCancellationApplication, VisaCancellationExitApplication
from .rules import (
    CANCELLATION_CONFIRMATION,
    EXIT_VISA,
    WORK_AND_BUSINESS,
    cancel_visa_and_family,
    contract_already_terminated,
    holds_cancellable_visa,
    issue_exit_visa,
    left_kazakhstan_in_the_past,
)

#: Both services: documents reviewed, the originals handed over at a visit, the migration service decides
#: (the catalogue's requires_appointment and requires_state_body).
_LIFECYCLE_STEPS = frozenset({Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS, Step.APPOINTMENT, Step.STATE_BODY})

#: Guide 2025, Visa cancellation §1. Only the host party of the visa files, only for a current C3, B1, B2 or B3 visa
#: on record (told before typing). At issue the officer enters the state body's number and attaches its
#: cancellation confirmation; the hook cancels the visa and the family members' visas and marks the documents issued
#: for them cancelled (``/verify/`` says CANCELLED).
VISA_CANCELLATION = ServiceDefinition(
    code="visa-cancellation",
    model=VisaCancellationApplication,
    lifecycle=Lifecycle(steps=_LIFECYCLE_STEPS, state_body=MIGRATION_SERVICE, term_extension=False),
    filers=frozenset({FilerKind.HOST_PARTY}),
    rules=(required_documents_uploaded, left_kazakhstan_in_the_past),
    preconditions=(holds_cancellable_visa(*WORK_AND_BUSINESS, service_words=gettext_lazy("business and work visas")),),
    # "Copy of the current visa": the record the precondition found (with its scan) is on the portal already.
    references={"current-visa-copy": current_visa_on_record(*WORK_AND_BUSINESS)},
    outputs=(
        Output(
            kind=CANCELLATION_CONFIRMATION,
            title=gettext_lazy("Confirmation of the visa's cancellation"),
            received=True,
        ),
    ),
    on_outcome=cancel_visa_and_family,
)

#: Guide 2025, Visa cancellation §2. The host party of the current visa files for a person in Kazakhstan; the
#: arrival notification the portal issued satisfies that checklist item. At issue the officer attaches the exit
#: visa's scan and enters its fields; the hook refuses an exit visa valid beyond 15 working days, records it
#: (category EXIT: valid_to is the day to leave by) and cancels the current visa (its documents marked).
VISA_CANCELLATION_EXIT = ServiceDefinition(
    code="visa-cancellation-exit",
    model=VisaCancellationExitApplication,
    lifecycle=Lifecycle(steps=_LIFECYCLE_STEPS, state_body=MIGRATION_SERVICE, term_extension=False),
    filers=frozenset({FilerKind.HOST_PARTY}),
    rules=(required_documents_uploaded, contract_already_terminated),
    preconditions=(
        holds_cancellable_visa(*ENTRY_CATEGORIES, service_words=gettext_lazy("the visas the Expat Centre issues")),
    ),
    references={"arrival-notification": issued_document_on_record(ARRIVAL_NOTIFICATION_KINDS)},
    outputs=(Output(kind=EXIT_VISA, title=gettext_lazy("Exit visa"), received=True),),
    outcome_fields={Outcome.ISSUED: IssuedVisaFields.OUTCOME_FIELDS},
    on_outcome=issue_exit_visa,
    # The visa number the officer records is the state body's number: not asked twice.
    decision_number=False,
)

DEFINITIONS = (VISA_CANCELLATION, VISA_CANCELLATION_EXIT)
