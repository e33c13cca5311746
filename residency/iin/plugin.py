"""The services of this plug-in, declared for the engine's registry (``applications.registry``).

Registered from ``IinConfig.ready()``. Sources: Expat Centre guide 2025 (seed 001), Other migration and tax
services §2 (IIN); order 004 (seed 004) by analogy for the form, the refusal grounds, the documents and the
appeal route (SERVICES.md, "IIN formation under order 004").
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from applications.registry import FilerKind, Lifecycle, Outcome, Output, ServiceDefinition, Step, TermUnit
from applications.rules import DEFAULT_RULES

from .documents import GROUNDS, refusal_notice_context, registration_certificate_context
from .models import IinApplication
from .rules import (
    iin_not_yet_assigned,
    keep_issued_iin,
    names_in_both_scripts,
    passport_dates_consistent,
    passport_not_expired,
    secrets_consent_given,
)

#: Guide 2025 §2: documents uploaded and reviewed, then the person comes in person with the original of the
#: passport used to enter Kazakhstan (a visit booked as for every service: "how a service is requested"). The
#: Expat Centre forms the IIN itself: no state body step. 1 working day, the day of application not counted
#: (order 004, p.5; ``services._base.due_moment``); the guide's 30-day extension is written only for visas.
IIN = ServiceDefinition(
    code="iin",
    model=IinApplication,
    lifecycle=Lifecycle(
        steps=frozenset({Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS, Step.APPOINTMENT}),
        term_unit=TermUnit.WORKING_DAYS,
        term_extension=False,
    ),
    # The person for themselves, or the host party for a person on its roster.
    filers=frozenset({FilerKind.HOST_PARTY, FilerKind.PERSON}),
    rules=(
        *DEFAULT_RULES,
        passport_not_expired,
        passport_dates_consistent,
        names_in_both_scripts,
        secrets_consent_given,
        iin_not_yet_assigned,
    ),
    outputs=(
        Output(
            kind="iin_registration_certificate",
            title=gettext_lazy("IIN registration certificate"),
            outcome=Outcome.ISSUED,
            template="residency/iin/registration_certificate.html",
            context=registration_certificate_context,
            languages=("kk", "ru"),
        ),
        Output(
            kind="iin_refusal_notice",
            title=gettext_lazy("Notice of refusal to form an IIN"),
            outcome=Outcome.REFUSED,
            template="residency/iin/refusal_notice.html",
            context=refusal_notice_context,
            languages=("kk", "ru"),
        ),
    ),
    outcome_fields={Outcome.ISSUED: ("assigned_iin",)},
    refusal_grounds=tuple((g.code, g.en) for g in GROUNDS),
    on_outcome=keep_issued_iin,
    # The Expat Centre decides: no state body's number; the IIN itself is what the officer records.
    decision_number=False,
)

DEFINITIONS = (IIN,)
