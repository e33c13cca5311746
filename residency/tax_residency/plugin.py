"""The tax residency certificates, declared once each for the engine's registry (``applications.registry``).

Registered from ``TaxResidencyConfig.ready()``. Sources: Expat Centre guide 2025 (seed 001), "Other migration
and tax services" §3 and §3-1; the digest SERVICES.md rows 3 and 3-1.

Both: filed by the person (a self-applicant) or by the host party for a person on its roster; 3-5 working
days (the engine counts the upper bound); no 30-day extension (the guide writes that note only for the visa
services); the Expat Centre reviews the documents and forwards the file to the tax authority, which issues
the certificate; the officer records its number and attaches its scan (a *received* output, verifiable on
``/verify/``). A refusal, by the Expat Centre or the tax authority, is recorded with a free-text reason: the
guide states no refusal grounds and no refusal document.

Consent to personal data processing is not a submission rule here: the guide lists it service by service
and not for either tax residency certificate (SERVICES.md, "Consent ... Not listed for: ... either tax
residency certificate"), so only the checklist rule of ``DEFAULT_RULES`` is kept.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from applications.registry import FilerKind, Lifecycle, Output, ServiceDefinition, Step
from applications.rules import required_documents_uploaded

from .models import AifcTaxResidencyCertificateApplication, TaxResidencyCertificateApplication
from .rules import (
    AIFC,
    CERTIFICATE,
    STANDARD,
    applicant_details_agree,
    is_first_application,
    is_individual,
    is_legal_entity,
    service_fields_valid,
    tax_period_begun,
)

#: The body that issues the certificate. Seed 001 does not name it; seed 002 (Decree 1081, list of
#: abbreviations) names it "Қазақстан Республикасы Қаржы министрлігінің Мемлекеттік кірістер комитеті".
#: The Expat Centre forwards the file to it; its territorial department issues the certificate.
STATE_REVENUE_COMMITTEE = gettext_lazy(
    "the State Revenue Committee of the Ministry of Finance (its territorial department)"
)

#: Who files both: the person for themselves, or the host party for a person on its staff roster.
FILERS = frozenset({FilerKind.PERSON, FilerKind.HOST_PARTY})


def _certificate_output() -> Output:
    # Received: the tax authority's own certificate, scanned by the officer at issue (no template). Its
    # languages are the authority's, not the portal's: the default (kk, ru) is left; the scan is kept as issued.
    return Output(kind=CERTIFICATE, title=gettext_lazy("Tax residency certificate"), received=True)


#: Guide §3: documents uploaded and approved, an appointment to hand over the notarised copies, then the
#: tax authority decides. The catalogue's requires_appointment = true agrees.
TAX_RESIDENCY_CERTIFICATE = ServiceDefinition(
    code=STANDARD,
    model=TaxResidencyCertificateApplication,
    lifecycle=Lifecycle(
        steps=frozenset({Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS, Step.APPOINTMENT, Step.STATE_BODY}),
        state_body=STATE_REVENUE_COMMITTEE,
    ),
    filers=FILERS,
    rules=(required_documents_uploaded, service_fields_valid, tax_period_begun, applicant_details_agree),
    outputs=(_certificate_output(),),
    facts={"individual": is_individual, "legal_entity": is_legal_entity},
)

#: Guide §3-1: every document is electronic (e-notarised copies, e-letters, the e-receipt of the fee), so
#: nothing original is handed over and there is no appointment (catalogue: requires_appointment = false).
#: The fixed fee stays until an act abolishes it (Decree 1242 only instructs the Government; see the fee data).
AIFC_TAX_RESIDENCY_CERTIFICATE = ServiceDefinition(
    code=AIFC,
    model=AifcTaxResidencyCertificateApplication,
    lifecycle=Lifecycle(
        steps=frozenset({Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS, Step.STATE_BODY}),
        state_body=STATE_REVENUE_COMMITTEE,
    ),
    filers=FILERS,
    rules=(required_documents_uploaded, service_fields_valid, tax_period_begun),
    outputs=(_certificate_output(),),
    facts={"first_application": is_first_application},
)

DEFINITIONS = (TAX_RESIDENCY_CERTIFICATE, AIFC_TAX_RESIDENCY_CERTIFICATE)
