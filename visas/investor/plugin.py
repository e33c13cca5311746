"""The investor visa services (A5, A6), declared for the engine's registry (``applications.registry``).

Registered from ``InvestorVisasConfig.ready()``. Source: Expat Centre guide 2025 (seed 001), Investor visa §1-4
(SERVICES.md, "Investor visa (A5, A6)", "Work visa (C3)" for the extension rules and step 2). Every service walks
the guide's request process: documents reviewed, a visit with the originals, then the migration service decides.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy

from applications.models import Application
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
    principal_holds_valid_visa,
    principal_visa_on_record,
    record_issued_visa,
)
from qazeta.records.models import IssuedVisaFields, VisaCategory, VisaRecord
from qazeta.records.selectors import current_visa

from .documents import invitation_letter_context
from .models import (
    A5InvitationApplication,
    A5VisaApplication,
    A6InvitationApplication,
    InvestorVisaExtensionApplication,
)

#: The principal's visa a family member waits for. The guide copies C3's "principal's valid work visa" into the
#: investor sections; (reading) the investor visa counts too, so A5, A6 and C3 are accepted.
PRINCIPAL_VISA_CATEGORIES = (VisaCategory.A5, VisaCategory.A6, VisaCategory.C3)
#: The visas an investor visa extension extends.
EXTENDED_CATEGORIES = (VisaCategory.A5, VisaCategory.A6)

#: The received outputs: the state body's visa (its scan), recorded on the person at issue.
A5_VISA_KIND = "a5_visa"
EXTENDED_VISA_KIND = "extended_investor_visa"


def _full_path(*, term_extension: bool, term_unit: TermUnit = TermUnit.WORKING_DAYS) -> Lifecycle:
    """Review, information requests, a visit with the originals, the migration service (guide: request process)."""
    return Lifecycle(
        steps=frozenset({Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS, Step.APPOINTMENT, Step.STATE_BODY}),
        term_unit=term_unit,
        state_body=MIGRATION_SERVICE,
        term_extension=term_extension,
    )


#: Passport valid > 3 months with >= 2 blank pages: every investor visa list (invitation: "passport copy";
#: in Kazakhstan: "original passport", both with the same note).
PASSPORT_RULES = (passport_valid_more_than(months=3), blank_pages_at_least(2))
#: A family member waits for the principal's valid visa (a "waits" failure: "notify me" is offered).
FAMILY_RULE = principal_holds_valid_visa(*PRINCIPAL_VISA_CATEGORIES)

#: A visa issued in Kazakhstan: the person is here, so the portal may already hold their arrival notification,
#: fingerprinting certificate and current visa (SERVICES.md, Work visa §2; issue 7).
IN_COUNTRY_REFERENCES = {
    "arrival-notification": issued_document_on_record(ARRIVAL_NOTIFICATION_KINDS),
    "fingerprinting-certificate": issued_document_on_record(FINGERPRINTING_KINDS),
    "current-visa-copy": current_visa_on_record(),
}


def extended_category(application: Application) -> str:
    """The category of the visa an extension extends: the person's A5 or A6 visa valid on the day the extension
    was submitted (the precondition required one then), else their latest A5/A6 visa on record.

    Returns "" when there is none (``record_issued_visa`` then refuses the outcome: unknown category).
    """
    submitted = timezone.localdate(application.submitted_at) if application.submitted_at else timezone.localdate()
    record = current_visa(application.person_id, on=submitted, categories=EXTENDED_CATEGORIES)
    if record is None:
        record = (
            VisaRecord.objects.filter(
                person_id=application.person_id, category__in=EXTENDED_CATEGORIES, rejected_at__isnull=True
            )
            .exclude(application_id=application.pk)
            .order_by("-valid_to", "-pk")
            .first()
        )
    return record.category if record is not None else ""


#: Guide 2025, Investor visa §1: the host party files for the investor (on the petition of Kazakhstan's
#: authorised investment body or of the AIFC Administration) and the investor's family outside Kazakhstan;
#: 5 working days, extendable by up to 30 calendar days for the state body's delays. The catalogue's
#: "who may apply" names the host party only.
A5_INVITATION = ServiceDefinition(
    code="a5-invitation",
    model=A5InvitationApplication,
    lifecycle=_full_path(term_extension=True),
    filers=frozenset({FilerKind.HOST_PARTY}),
    rules=(*DEFAULT_RULES, *PASSPORT_RULES, FAMILY_RULE),
    outputs=(
        Output(
            kind="invitation_letter",
            title=gettext_lazy("Invitation letter for an A5 investor visa"),
            template="visas/investor/invitation_letter.html",
            context=invitation_letter_context,
            # Kazakh and Russian as the guide's state documents, then English for the invitee and the consulate.
            languages=("kk", "ru", "en"),
            per_language=True,
        ),
    ),
    references={"principal-visa": principal_visa_on_record(*PRINCIPAL_VISA_CATEGORIES)},
    principal_fields=("petitioner",),
)

#: Guide 2025, Investor visa §2: an A5 visa issued in Kazakhstan (the investor and family are here); the
#: migration service's visa is received, its scan attached and its fields recorded at issue; 5 working days,
#: extendable by up to 30 calendar days. The visa number is what the officer records: no separate decision
#: number is asked. (reading) A family member waits for the principal's valid visa, as for the invitation.
A5_VISA = ServiceDefinition(
    code="a5-visa",
    model=A5VisaApplication,
    lifecycle=_full_path(term_extension=True),
    filers=frozenset({FilerKind.HOST_PARTY}),
    rules=(*DEFAULT_RULES, *PASSPORT_RULES, FAMILY_RULE),
    outputs=(Output(kind=A5_VISA_KIND, title="A5 investor visa", received=True),),
    outcome_fields={Outcome.ISSUED: IssuedVisaFields.OUTCOME_FIELDS},
    on_outcome=record_issued_visa(VisaCategory.A5, output_kind=A5_VISA_KIND),
    decision_number=False,
    references=IN_COUNTRY_REFERENCES,
)

#: Guide 2025, Investor visa §3: AIFC investment residents investing under the AIFC Investment Tax Residency
#: programme (and family) outside Kazakhstan, on the AIFC Administration's petition. The catalogue's "who may
#: apply" names the residents themselves, and the section's common documents are the host party's: both the
#: host party and the resident (self-applicant) may file. Step 2 at a Kazakh embassy (SERVICES.md "A6 step 2").
A6_INVITATION = ServiceDefinition(
    code="a6-invitation",
    model=A6InvitationApplication,
    lifecycle=_full_path(term_extension=True),
    filers=frozenset({FilerKind.HOST_PARTY, FilerKind.PERSON}),
    rules=(*DEFAULT_RULES, *PASSPORT_RULES, FAMILY_RULE),
    outputs=(
        Output(
            kind="invitation_letter",
            title=gettext_lazy("Invitation letter for an A6 investor visa"),
            template="visas/investor/invitation_letter.html",
            context=invitation_letter_context,
            # Kazakh and Russian as the guide's state documents, then English for the invitee and the consulate.
            languages=("kk", "ru", "en"),
            per_language=True,
        ),
    ),
    references={"principal-visa": principal_visa_on_record(*PRINCIPAL_VISA_CATEGORIES)},
)

#: Guide 2025, Investor visa §4 (headed "Extension of a work visa"; read as the investor visa's): only inside
#: the window (30th to 5th working day before expiry) and with the same host party, otherwise a new visa
#: (a5-visa) is filed; the list is the A5 in-country list (for A6 too). The guide states no term (TermUnit.NONE)
#: and no 30-day extension; the fee is the a5-visa tariff (fees: ``priced_as``). The new visa is recorded with
#: the category of the visa it extends. A self-applicant may file for their own visa when it has no host party
#: (an A6 holder who filed the invitation themselves); the precondition refuses any other host.
INVESTOR_VISA_EXTENSION = ServiceDefinition(
    code="investor-visa-extension",
    model=InvestorVisaExtensionApplication,
    lifecycle=_full_path(term_extension=False, term_unit=TermUnit.NONE),
    filers=frozenset({FilerKind.HOST_PARTY, FilerKind.PERSON}),
    rules=(*DEFAULT_RULES, *PASSPORT_RULES),
    preconditions=(extends_current_visa(*EXTENDED_CATEGORIES, new_visa_service="a5-visa"),),
    outputs=(Output(kind=EXTENDED_VISA_KIND, title=gettext_lazy("Extended investor visa"), received=True),),
    outcome_fields={Outcome.ISSUED: IssuedVisaFields.OUTCOME_FIELDS},
    on_outcome=record_issued_visa(extended_category, output_kind=EXTENDED_VISA_KIND),
    decision_number=False,
    references={**IN_COUNTRY_REFERENCES, "current-visa-copy": current_visa_on_record(*EXTENDED_CATEGORIES)},
)

DEFINITIONS = (A5_INVITATION, A5_VISA, A6_INVITATION, INVESTOR_VISA_EXTENSION)
