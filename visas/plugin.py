"""The visa services this app files, declared once each for the engine's registry (``applications.registry``).

Registered from ``VisasConfig.ready()``. Sources: Expat Centre guide 2025 (seed 001), Work visa section.
"""

from __future__ import annotations

from applications.registry import FilerKind, Lifecycle, Output, ServiceDefinition, Step
from applications.rules import (
    DEFAULT_RULES,
    blank_pages_at_least,
    passport_valid_more_than,
    principal_application_filed,
)

from .documents import invitation_letter_context
from .models import C3InvitationApplication

#: The state body that decides on visas and invitations (the migration service of the internal-affairs bodies).
MIGRATION_SERVICE = "the Migration Service (Ministry of Internal Affairs)"

#: Guide 2025, Work visa §1: the host party files for its employee and the employee's family outside
#: Kazakhstan; documents reviewed, originals handed over at a visit, the migration service decides; 5 working
#: days, extendable by up to 30 calendar days for the state body's delays.
C3_INVITATION = ServiceDefinition(
    code="c3-invitation",
    model=C3InvitationApplication,
    lifecycle=Lifecycle(
        steps=frozenset({Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS, Step.APPOINTMENT, Step.STATE_BODY}),
        state_body=MIGRATION_SERVICE,
        term_extension=True,
    ),
    filers=frozenset({FilerKind.HOST_PARTY}),
    # Passport valid > 3 months with >= 2 blank pages; all documents; consent; the principal first.
    rules=(*DEFAULT_RULES, passport_valid_more_than(months=3), blank_pages_at_least(2), principal_application_filed),
    outputs=(
        Output(
            kind="invitation_letter",
            title="Invitation letter for a C3 work visa",
            template="visas/invitation_letter.html",
            context=invitation_letter_context,
            # English for the invitee and the consulate, with the Kazakh heading the letter carries.
            languages=("en", "kk"),
        ),
    ),
)

DEFINITIONS = (C3_INVITATION,)
