"""Fingerprinting, declared for the engine's registry (``applications.registry``).

Registered from ``FingerprintingConfig.ready()``. Source: Expat Centre guide 2025 (seed 001), "Other migration and
tax services" §5 (SERVICES.md): dactyloscopic registration at the Expat Centre; a certificate is issued (needed for
verification when applying again for a visa or TRP); documents: IIN, original passport, arrival notification,
consent; 10,000 KZT, free when the service fee of a work visa, investor visa or TRP was paid beforehand; 20-30
minutes.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from applications.registry import FilerKind, Lifecycle, OnRecord, Output, ServiceDefinition, Step, TermUnit
from applications.rules import DEFAULT_RULES
from applications.visa_rules import ARRIVAL_NOTIFICATION_KINDS, FINGERPRINTING_KINDS, issued_document_on_record

from .fees import waive_when_visa_or_trp_fee_paid
from .models import FingerprintingApplication

#: The received output: the certificate of fingerprinting, scanned by the officer. Its kind is the one the visa,
#: TRP and permanent residence checklists accept by reference (``applications.visa_rules.FINGERPRINTING_KINDS``).
(CERTIFICATE_KIND,) = FINGERPRINTING_KINDS


def iin_on_record(application: FingerprintingApplication) -> OnRecord | None:
    """The checklist item "IIN" is satisfied by the IIN on the person's record (assigned through the portal or
    recorded on the roster)."""
    iin = application.person.iin
    if not iin:
        return None
    return OnRecord(f"IIN {iin}", reverse("person-detail", args=[application.person_id]))


#: The person comes in person (the appointment) once the uploaded documents are approved; the fingerprints are
#: taken at the Expat Centre, which issues the certificate on the spot: no state body, the outcome is recorded at
#: the visit (``Lifecycle.decision_state``: originals received). The term counts office minutes (the catalogue's
#: 30, the upper bound of "20-30 minutes"); no term extension. Filed by the person or by the host party for a
#: person on its roster (the certificate goes with the visas and TRPs host parties file). A refusal takes a
#: free-text reason and produces no document.
FINGERPRINTING = ServiceDefinition(
    code="fingerprinting",
    model=FingerprintingApplication,
    lifecycle=Lifecycle(
        steps=frozenset({Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS, Step.APPOINTMENT}),
        term_unit=TermUnit.MINUTES,
    ),
    filers=frozenset({FilerKind.HOST_PARTY, FilerKind.PERSON}),
    rules=DEFAULT_RULES,
    outputs=(Output(kind=CERTIFICATE_KIND, title=gettext_lazy("Certificate of fingerprinting"), received=True),),
    fee_adjustments=(waive_when_visa_or_trp_fee_paid,),
    decision_number=False,
    references={
        "iin": iin_on_record,
        "arrival-notification": issued_document_on_record(ARRIVAL_NOTIFICATION_KINDS),
    },
)

DEFINITIONS = (FINGERPRINTING,)
