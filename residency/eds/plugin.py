"""The EDS service, declared for the engine's registry (``applications.registry``).

Registered from ``EdsConfig.ready()``. Source: Expat Centre guide 2025 (seed 001), Other migration and tax
services §4 (SERVICES.md row 4, and "How a service is requested": "EDS: the request is made online, and the visit
is only to activate it").

The lifecycle: the filer uploads the pki.gov.kz request (and, for a legal entity, the order appointing the first
head) with the consent; an officer reviews them; the applicant books the visit, at which the EDS is activated;
the officer records the activation as the outcome. No state body step: the National Certification Centre received
the request on its own portal before filing, and the Expat Centre forwards nothing (the catalogue's
requires_state_body is corrected to false for that reason). No document is issued: the EDS's keys are on the
holder's storage; a refusal is recorded with a free-text reason (the guide states no grounds). 1 working day; the
guide's 30-day extension is written only for the visa services.
"""

from __future__ import annotations

from applications.registry import FilerKind, Lifecycle, ServiceDefinition, Step, TermUnit
from applications.rules import DEFAULT_RULES

from .models import EdsApplication
from .rules import EDS_RULES, is_legal_entity, person_has_iin

EDS = ServiceDefinition(
    code="eds",
    model=EdsApplication,
    lifecycle=Lifecycle(
        steps=frozenset({Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS, Step.APPOINTMENT}),
        term_unit=TermUnit.WORKING_DAYS,
        term_extension=False,
    ),
    # Catalogue who_may_apply: "An individual, or a legal entity through its first head": the person for their
    # own EDS, or the host party (for its first head's legal-entity EDS, or for an employee's own EDS).
    filers=frozenset({FilerKind.PERSON, FilerKind.HOST_PARTY}),
    rules=(*DEFAULT_RULES, *EDS_RULES),
    facts={"legal_entity": is_legal_entity},
    preconditions=(person_has_iin,),
    decision_number=False,
)

DEFINITIONS = (EDS,)
