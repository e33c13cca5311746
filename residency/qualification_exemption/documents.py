"""What the AIFC Administration's decisions say: the decision (issued) and the refusal (refused), in English.

The guide says only that "the AIFC Administration's decision is sent electronically" (seed 001, qualification
exemption). The portal sends it as a generated document with a verification code and QR (``/verify/``), from what
the officer recorded: the decision number, the decision's terms (issued) or the grounds and reason (refused). AIFC
acts, GR0009 among them, are in English, so the decisions are too. A refusal by the Expat Centre at the document
review (before the file reached the Administration) says so, and says the Administration did not decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from applications.constants import State

from .models import QualificationExemptionApplication, RequestKind
from .rules import AIFC_ADMINISTRATION, opened_on_own_initiative


@dataclass(frozen=True)
class Ground:
    code: str
    label: str


#: Grounds an officer refuses on (``ServiceDefinition.refusal_grounds``): GR0009 point 2 and the guide's scope.
GROUNDS: tuple[Ground, ...] = (
    Ground(
        "controlled_function",
        gettext_lazy(
            "The employee performs a controlled or designated function (AIFC "
            "General Rules 2.2, 2.3): the qualification requirements cannot be "
            "changed for this employee"
        ),
    ),
    Ground(
        "not_justified",
        gettext_lazy(
            "The qualification and experience shown do not justify an exemption "
            "from or a change of the requirements (GR0009, point 2)"
        ),
    ),
    Ground("incomplete_documents", gettext_lazy("The documents are incomplete or do not match the request")),
)


def _common(application: QualificationExemptionApplication) -> dict[str, Any]:
    return {
        "request_kind": RequestKind(application.request_kind).label
        if application.request_kind in RequestKind.values
        else "",
        "own_initiative": opened_on_own_initiative(application),
        "administration": AIFC_ADMINISTRATION,
        "position": application.person.position,
    }


def decision_context(application: QualificationExemptionApplication) -> dict[str, Any]:
    """Context of the decision (issued), on top of the engine's ``output_context``.

    Keys: ``request_kind`` (label), ``own_initiative`` (bool), ``administration``, ``position`` (the employee's, from
    the roster), ``decision_terms`` (what the officer recorded at issue).
    """
    return {**_common(application), "decision_terms": application.decision_terms.strip()}


def refusal_context(application: QualificationExemptionApplication) -> dict[str, Any]:
    """Context of the refusal, on top of the engine's ``output_context``.

    Keys: those of :func:`decision_context` but the terms, plus ``decided_by_administration`` (the file had
    reached the AIFC Administration; otherwise the Expat Centre refused at the document review), ``grounds``
    (labels of the chosen grounds) and ``details`` (the officer's own words).
    """
    chosen = set(application.refusal_grounds or [])
    reached = application.status_changes.filter(to_state=State.WITH_AUTHORITY).exists()
    return {
        **_common(application),
        "decided_by_administration": reached,
        "grounds": [g.label for g in GROUNDS if g.code in chosen],
        "details": (application.refusal_reason or "").strip(),
    }
