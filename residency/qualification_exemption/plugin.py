"""The qualification exemption, declared for the engine's registry (``applications.registry``).

Registered from ``QualificationExemptionConfig.ready()``. Sources: Expat Centre guide 2025 (seed 001), "Exemption
from or change of AIFC qualification requirements" (SERVICES.md, same section); AIFC act GR0009, point 2.

Filed by the host party (an AIFC participant) for a foreign employee; the documents are uploaded only (no visit:
``Step.ELECTRONIC_DECISION``); the Expat Centre reviews them and forwards the file to the AIFC Administration, which
decides within the 30 working days; the officer records its decision number and terms, and the portal sends the
decision electronically as a generated document with a verification code (a refusal too). The Administration may
also open a case on its own initiative (GR0009 point 2): a supervisor opens it for a host party's employee
(``opened_by_staff``; the view is ``views.open_on_own_initiative``), and the host party's application in the set
form is then not asked for. No 30-day extension (the guide writes it only for the visa services).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from applications.registry import FilerKind, Lifecycle, Outcome, Output, ServiceDefinition, Step, TermUnit
from applications.rules import DEFAULT_RULES

from .documents import GROUNDS, decision_context, refusal_context
from .models import QualificationExemptionApplication
from .rules import AIFC_ADMINISTRATION, QUALIFICATION_RULES, for_an_employee, host_application_on_record

QUALIFICATION_EXEMPTION = ServiceDefinition(
    code="qualification-exemption",
    model=QualificationExemptionApplication,
    lifecycle=Lifecycle(
        steps=frozenset({Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS, Step.ELECTRONIC_DECISION, Step.STATE_BODY}),
        term_unit=TermUnit.WORKING_DAYS,
        state_body=AIFC_ADMINISTRATION,
        term_extension=False,
    ),
    # Catalogue who_may_apply: "The host party (an AIFC participant), for a foreign employee ...".
    filers=frozenset({FilerKind.HOST_PARTY}),
    rules=(*DEFAULT_RULES, *QUALIFICATION_RULES),
    preconditions=(for_an_employee,),
    references={"qualification-exemption-application": host_application_on_record},
    outputs=(
        Output(
            kind="qualification_exemption_decision",
            title=gettext_lazy("Decision of the AIFC Administration on the qualification requirements"),
            template="residency/qualification_exemption/decision.html",
            context=decision_context,
            languages=("en",),
        ),
        Output(
            kind="qualification_exemption_refusal",
            title=gettext_lazy("Refusal of the exemption from or change of the qualification requirements"),
            outcome=Outcome.REFUSED,
            template="residency/qualification_exemption/refusal.html",
            context=refusal_context,
            languages=("en",),
        ),
    ),
    outcome_fields={Outcome.ISSUED: ("decision_terms",)},
    refusal_grounds=tuple((g.code, g.label) for g in GROUNDS),
    opened_by_staff=True,
)

DEFINITIONS = (QUALIFICATION_EXEMPTION,)
