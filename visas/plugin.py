"""The visa services this app files, declared once each for the engine's registry (``applications.registry``).

Registered from ``VisasConfig.ready()``. Sources: Expat Centre guide 2025 (seed 001), Work visa section (§1 the
invitation, §2 the visa issued in Kazakhstan, §3 the extension); SERVICES.md "Work visa (C3)".
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
from applications.rules import (
    DEFAULT_RULES,
    blank_pages_at_least,
    passport_valid_more_than,
    principal_application_filed,
)
from applications.visa_rules import (
    ARRIVAL_NOTIFICATION_KINDS,
    FINGERPRINTING_KINDS,
    current_visa_on_record,
    extends_current_visa,
    issued_document_on_record,
    principal_holds_valid_visa,
    principal_visa_on_record,
    record_issued_visa,
)
from qazeta.records.models import IssuedVisaFields, VisaCategory

from .documents import invitation_letter_context
from .models import C3ExtensionApplication, C3InvitationApplication, C3VisaApplication
from .rules import principal_position_stated

#: Document review with information requests, a visit with the originals, the Migration Service decides
#: (guide 2025, "How a service is requested"; the catalogue's requires_appointment and requires_state_body).
_VISIT_AND_STATE_BODY = frozenset({Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS, Step.APPOINTMENT, Step.STATE_BODY})

#: The employee's own fields: a family member is never asked them (issue 7, "no position for a spouse").
_PRINCIPAL_FIELDS = ("position", "contract_ends_on")

#: Work visa §1 and §2: passport valid for more than 3 months with at least 2 blank pages; the employee's position
#: (principal only); a family member's request waits for the principal's valid work visa (the visa record, not
#: the pending request).
_C3_RULES = (
    *DEFAULT_RULES,
    passport_valid_more_than(months=3),
    blank_pages_at_least(2),
    principal_position_stated,
    principal_holds_valid_visa(VisaCategory.C3),
)

#: Checklist items a visa issued in Kazakhstan can take from what the portal holds (Work visa §2): the person's
#: issued arrival notification and fingerprinting certificate, their current visa and the principal's C3 visa.
_IN_COUNTRY_REFERENCES = {
    "arrival-notification": issued_document_on_record(ARRIVAL_NOTIFICATION_KINDS),
    "fingerprinting-certificate": issued_document_on_record(FINGERPRINTING_KINDS),
    "current-visa-copy": current_visa_on_record(),
    "principal-work-visa": principal_visa_on_record(VisaCategory.C3),
}

#: Guide 2025, Work visa §1: the host party files for its employee and the employee's family outside
#: Kazakhstan; documents reviewed, originals handed over at a visit, the migration service decides; 5 working
#: days, extendable by up to 30 calendar days for the state body's delays. A family member waits for the
#: principal's valid work visa (the guide: "principal's valid work visa"), which the visa record shows.
C3_INVITATION = ServiceDefinition(
    code="c3-invitation",
    model=C3InvitationApplication,
    lifecycle=Lifecycle(steps=_VISIT_AND_STATE_BODY, state_body=MIGRATION_SERVICE, term_extension=True),
    filers=frozenset({FilerKind.HOST_PARTY}),
    # Passport valid > 3 months with >= 2 blank pages; all documents; consent; the principal first and with a
    # valid work visa for a family member.
    rules=(*_C3_RULES, principal_application_filed),
    outputs=(
        Output(
            kind="invitation_letter",
            title=gettext_lazy("Invitation letter for a C3 work visa"),
            template="visas/invitation_letter.html",
            context=invitation_letter_context,
            # Kazakh and Russian as the guide's state documents, then English for the invitee and the consulate.
            languages=("kk", "ru", "en"),
            per_language=True,
        ),
    ),
    references={"principal-work-visa": principal_visa_on_record(VisaCategory.C3)},
    principal_fields=_PRINCIPAL_FIELDS,
)

#: Guide 2025, Work visa §2: the host party files for its employee (and family) already in Kazakhstan; the same
#: path as the invitation; 5 working days, extendable by up to 30 calendar days (the guide's 30-day note names
#: "C3 1-2"). The Migration Service's visa is a received output: the officer attaches its scan and enters the
#: record's fields, and the visa is kept on the person (category C3, host party, this application).
C3_VISA = ServiceDefinition(
    code="c3-visa",
    model=C3VisaApplication,
    lifecycle=Lifecycle(steps=_VISIT_AND_STATE_BODY, state_body=MIGRATION_SERVICE, term_extension=True),
    filers=frozenset({FilerKind.HOST_PARTY}),
    rules=_C3_RULES,
    outputs=(Output(kind="c3_visa", title="C3 work visa", received=True),),
    outcome_fields={Outcome.ISSUED: IssuedVisaFields.OUTCOME_FIELDS},
    on_outcome=record_issued_visa(VisaCategory.C3, output_kind="c3_visa"),
    references=_IN_COUNTRY_REFERENCES,
    principal_fields=_PRINCIPAL_FIELDS,
    # The visa number the officer records is the state body's number: not asked twice.
    decision_number=False,
)

#: Guide 2025, Work visa §3: only inside the window (30th to 5th working day before expiry) and with the same
#: host party, else a new visa (c3-visa) is filed; the same documents as §2. The guide states no term (so none
#: is counted and no 30-day extension exists) and no fee (quoted as c3-visa, fees/data/tariffs.toml alias).
C3_EXTENSION = ServiceDefinition(
    code="c3-extension",
    model=C3ExtensionApplication,
    lifecycle=Lifecycle(steps=_VISIT_AND_STATE_BODY, state_body=MIGRATION_SERVICE, term_unit=TermUnit.NONE),
    filers=frozenset({FilerKind.HOST_PARTY}),
    rules=_C3_RULES,
    preconditions=(extends_current_visa(VisaCategory.C3, new_visa_service="c3-visa"),),
    outputs=(Output(kind="c3_visa_extension", title=gettext_lazy("C3 work visa (extension)"), received=True),),
    outcome_fields={Outcome.ISSUED: IssuedVisaFields.OUTCOME_FIELDS},
    on_outcome=record_issued_visa(VisaCategory.C3, output_kind="c3_visa_extension"),
    references=_IN_COUNTRY_REFERENCES,
    principal_fields=_PRINCIPAL_FIELDS,
    # The visa number the officer records is the state body's number: not asked twice.
    decision_number=False,
)

DEFINITIONS = (C3_INVITATION, C3_VISA, C3_EXTENSION)
