"""The services of this plug-in, declared for the engine's registry (``applications.registry``).

Registered from ``ArrivalNotificationConfig.ready()``. Source: Expat Centre guide 2025 (seed 001), "Other migration
and tax services" §1: «Келу немесе мекенжайды өзгерту туралы хабарлама» — documents: the address of residence in
Kazakhstan, the legal entity's EDS, consent, a clear copy of the passport used to cross the border; 10,000 KZT;
term 30 minutes.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from applications.registry import FilerKind, Lifecycle, Outcome, Output, ServiceDefinition, Step, TermUnit
from applications.rules import DEFAULT_RULES

from .documents import registration_confirmation_context
from .models import ArrivalNotificationApplication
from .rules import ARRIVAL_RULES

#: The host party (a legal entity with an EDS) notifies the arrival, or the change of address, of a foreigner who
#: is already in Kazakhstan; the Expat Centre files and registers it itself, so no state body decides and nothing
#: waits on one. No appointment: the section's common process ends with a visit to hand in documents, but this
#: service needs no originals (a copy of the passport, an address, the entity's EDS) and its term is 30 minutes,
#: so the outcome is recorded as soon as the documents are approved (``Lifecycle.decision_state`` is then
#: documents_approved). The term counts office minutes (09:00-13:00, 14:00-18:00 Astana, working days). The guide
#: gives no term extension here (it writes the 30-day note for the visa services only). The guide lists none of
#: the common host-party documents for this service, so a representative filing (``filed_by_representative``)
#: adds no power of attorney to the checklist.
ARRIVAL_NOTIFICATION = ServiceDefinition(
    code="arrival-notification",
    model=ArrivalNotificationApplication,
    lifecycle=Lifecycle(
        steps=frozenset({Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS}),
        term_unit=TermUnit.MINUTES,
    ),
    filers=frozenset({FilerKind.HOST_PARTY}),
    rules=(*DEFAULT_RULES, *ARRIVAL_RULES),
    outputs=(
        Output(
            kind="arrival_registration_confirmation",
            title=gettext_lazy("Confirmation of registration of the notification (arrival or change of address)"),
            outcome=Outcome.ISSUED,
            template="residency/arrival_notification/registration_confirmation.html",
            context=registration_confirmation_context,
            languages=("kk", "ru"),
        ),
    ),
    # The number the notification was registered under, printed on the confirmation.
    outcome_fields={Outcome.ISSUED: ("registration_number",)},
    # A refusal takes a free-text reason (the guide declares no grounds) and produces no document.
    refusal_grounds=(),
    decision_number=False,
)

DEFINITIONS = (ARRIVAL_NOTIFICATION,)
