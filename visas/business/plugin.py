"""The business visa services, declared once each for the engine's registry (``applications.registry``).

Registered from ``BusinessVisasConfig.ready()``. Sources: Expat Centre guide 2025 (seed 001), "Short-term business
visa" §1-2 and "Long-term business visa" §1-3; SERVICES.md, the same sections and "How a service is requested".

Every service: the host party files (for a person on its roster); documents reviewed, originals handed over at a
visit, the Migration Service decides. Invitations produce a generated letter per category; the in-country visa and
the extensions produce the state body's visa (received: the officer attaches the scan and enters the visa's
fields), which the portal records on the person (``qazeta.records``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from applications.registry import (
    MIGRATION_SERVICE,
    FilerKind,
    Lifecycle,
    Outcome,
    Output,
    ServiceDefinition,
    Step,
    TermUnit,
)
from applications.rules import DEFAULT_RULES, blank_pages_at_least, passport_valid_more_than
from applications.visa_rules import (
    ARRIVAL_NOTIFICATION_KINDS,
    FINGERPRINTING_KINDS,
    current_visa_on_record,
    extends_current_visa,
    issued_document_on_record,
    record_issued_visa,
)
from qazeta.records.models import IssuedVisaFields

from .documents import invitation_letter_context
from .models import (
    BusinessMultiExtensionApplication,
    BusinessMultiInvitationApplication,
    BusinessMultiVisaApplication,
    BusinessSingleExtensionApplication,
    BusinessSingleInvitationApplication,
)
from .rules import MULTIPLE_ENTRY, SINGLE_ENTRY, category_offered, chosen_category, extended_category, is_category

#: Documents reviewed, originals at a visit, the Migration Service decides (guide: "How a service is requested").
_STEPS = frozenset({Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS, Step.APPOINTMENT, Step.STATE_BODY})
#: The guide's 30-calendar-day note: written for the single-entry invitation and multiple-entry 1-2 only.
_WITH_TERM_EXTENSION = Lifecycle(steps=_STEPS, state_body=MIGRATION_SERVICE, term_extension=True)
#: Extensions: the guide states no term ("not stated") and no 30-day note.
_EXTENSION = Lifecycle(steps=_STEPS, state_body=MIGRATION_SERVICE, term_unit=TermUnit.NONE)
#: Passport valid more than 3 months with at least 2 blank pages (every business visa list; extensions: "same list").
_PASSPORT = (passport_valid_more_than(months=3), blank_pages_at_least(2))

#: Visas issued in Kazakhstan: the person is in the country; what the portal already holds satisfies the item.
_IN_COUNTRY_REFERENCES = {
    "arrival-notification": issued_document_on_record(ARRIVAL_NOTIFICATION_KINDS),
    "fingerprinting-certificate": issued_document_on_record(FINGERPRINTING_KINDS),
    "current-visa-copy": current_visa_on_record(),
}
_VISA_FIELDS = {Outcome.ISSUED: IssuedVisaFields.OUTCOME_FIELDS}


def _letter(title: str) -> Output:
    return Output(
        kind="invitation_letter",
        title=title,
        template="visas/business/invitation_letter.html",
        context=invitation_letter_context,
        # Kazakh and Russian as the guide's state documents, then English for the invitee and the consulate.
        languages=("kk", "ru", "en"),
        per_language=True,
    )


#: Guide 2025, Short-term business visa §1: 5 working days (+ up to 30 calendar days); B1 or B3 (SERVICES.md).
BUSINESS_SINGLE_INVITATION = ServiceDefinition(
    code="business-single-invitation",
    model=BusinessSingleInvitationApplication,
    lifecycle=_WITH_TERM_EXTENSION,
    filers=frozenset({FilerKind.HOST_PARTY}),
    rules=(*DEFAULT_RULES, *_PASSPORT, category_offered(SINGLE_ENTRY, gettext_lazy("single-entry business visa"))),
    outputs=(_letter(gettext_lazy("Invitation letter for a single-entry business visa")),),
)

#: Guide 2025, Long-term business visa §1: B2 with the contract, B3 with the membership confirmation.
BUSINESS_MULTI_INVITATION = ServiceDefinition(
    code="business-multi-invitation",
    model=BusinessMultiInvitationApplication,
    lifecycle=_WITH_TERM_EXTENSION,
    filers=frozenset({FilerKind.HOST_PARTY}),
    rules=(*DEFAULT_RULES, *_PASSPORT, category_offered(MULTIPLE_ENTRY, gettext_lazy("multiple-entry business visa"))),
    outputs=(_letter(gettext_lazy("Invitation letter for a multiple-entry business visa")),),
    facts={"b2": is_category("B2"), "b3": is_category("B3")},
)

#: Guide 2025, Long-term business visa §2: issued in Kazakhstan; 5 working days (+ up to 30 calendar days).
BUSINESS_MULTI_VISA = ServiceDefinition(
    code="business-multi-visa",
    model=BusinessMultiVisaApplication,
    lifecycle=_WITH_TERM_EXTENSION,
    filers=frozenset({FilerKind.HOST_PARTY}),
    rules=(*DEFAULT_RULES, *_PASSPORT, category_offered(MULTIPLE_ENTRY, gettext_lazy("multiple-entry business visa"))),
    outputs=(Output(kind="business_visa", title=gettext_lazy("Multiple-entry business visa"), received=True),),
    facts={"b2": is_category("B2"), "b3": is_category("B3")},
    outcome_fields=_VISA_FIELDS,
    references=_IN_COUNTRY_REFERENCES,
    on_outcome=record_issued_visa(chosen_category, output_kind="business_visa"),
    # The visa number the officer records is the state body's number: not asked twice.
    decision_number=False,
)

#: Guide 2025, Short-term business visa §2: inside the window, same host party; the invitation's list (SERVICES.md).
BUSINESS_SINGLE_EXTENSION = ServiceDefinition(
    code="business-single-extension",
    model=BusinessSingleExtensionApplication,
    lifecycle=_EXTENSION,
    filers=frozenset({FilerKind.HOST_PARTY}),
    rules=(*DEFAULT_RULES, *_PASSPORT),
    outputs=(
        Output(
            kind="business_visa_extension", title=gettext_lazy("Extended single-entry business visa"), received=True
        ),
    ),
    outcome_fields=_VISA_FIELDS,
    preconditions=(extends_current_visa(*SINGLE_ENTRY, new_visa_service="business-single-invitation"),),
    on_outcome=record_issued_visa(extended_category(SINGLE_ENTRY), output_kind="business_visa_extension"),
    # The visa number the officer records is the state body's number: not asked twice.
    decision_number=False,
)

#: Guide 2025, Long-term business visa §3: inside the window, same host party; the in-country list (§2).
BUSINESS_MULTI_EXTENSION = ServiceDefinition(
    code="business-multi-extension",
    model=BusinessMultiExtensionApplication,
    lifecycle=_EXTENSION,
    filers=frozenset({FilerKind.HOST_PARTY}),
    rules=(*DEFAULT_RULES, *_PASSPORT),
    outputs=(
        Output(
            kind="business_visa_extension", title=gettext_lazy("Extended multiple-entry business visa"), received=True
        ),
    ),
    facts={
        "b2": is_category("B2", extension_of=MULTIPLE_ENTRY),
        "b3": is_category("B3", extension_of=MULTIPLE_ENTRY),
    },
    outcome_fields=_VISA_FIELDS,
    references=_IN_COUNTRY_REFERENCES,
    preconditions=(extends_current_visa(*MULTIPLE_ENTRY, new_visa_service="business-multi-visa"),),
    on_outcome=record_issued_visa(extended_category(MULTIPLE_ENTRY), output_kind="business_visa_extension"),
    # The visa number the officer records is the state body's number: not asked twice.
    decision_number=False,
)

DEFINITIONS = (
    BUSINESS_SINGLE_INVITATION,
    BUSINESS_SINGLE_EXTENSION,
    BUSINESS_MULTI_INVITATION,
    BUSINESS_MULTI_VISA,
    BUSINESS_MULTI_EXTENSION,
)
