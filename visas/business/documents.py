"""The business visa invitation letters: what they say (the engine's output pipeline renders and issues them).

Sources: Expat Centre guide 2025, Short-term business visa §1 (single entry, B1 or B3) and Long-term business visa
§1 (multiple entry, B2 or B3); SERVICES.md "Work visa", "Step 2 of an invitation" (the same for every invitation):
the approved invitation is presented, with a visa questionnaire with a 3.5 x 4.5 cm photo and the original
passport, at a Kazakh embassy or, on arrival, at a Kazakh international airport. Adapted from the C3 letter
(``visas/documents.py``), which this plug-in may not import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from .models import BusinessMultiInvitationApplication, BusinessSingleInvitationApplication

Invitation = BusinessSingleInvitationApplication | BusinessMultiInvitationApplication


@dataclass(frozen=True)
class CategoryText:
    """The words of one letter: the visa (English), its Kazakh heading and who the category is for."""

    visa: str
    heading_kk: str
    purpose: str


#: ``{(entries, category): text}``; entries "single" or "multiple" (guide 2025, business visa sections).
TEXTS: dict[tuple[str, str], CategoryText] = {
    ("single", "B1"): CategoryText(
        gettext_lazy("B1 — single-entry business visa"),
        "Шақыру хаты — біржолғы іскерлік визаны (B1) алу үшін",
        gettext_lazy(
            "a business partner coming for negotiations, conferences, forums, "
            "exhibitions, scientific events or to sign contracts"
        ),
    ),
    ("single", "B3"): CategoryText(
        gettext_lazy("B3 — single-entry business visa"),
        "Шақыру хаты — біржолғы іскерлік визаны (B3) алу үшін",
        gettext_lazy("a founder or board member of the host party, or a business immigrant"),
    ),
    ("multiple", "B2"): CategoryText(
        gettext_lazy("B2 — multiple-entry business visa"),
        "Шақыру хаты — көп мәртелі іскерлік визаны (B2) алу үшін",
        gettext_lazy(
            "a foreign expert coming to install, repair or maintain equipment or "
            "to provide consulting or audit services under a contract"
        ),
    ),
    ("multiple", "B3"): CategoryText(
        gettext_lazy("B3 — multiple-entry business visa"),
        "Шақыру хаты — көп мәртелі іскерлік визаны (B3) алу үшін",
        gettext_lazy("a founder or member of the board of directors of the host party"),
    ),
}

#: Step 2 (SERVICES.md, "Step 2 of an invitation"; the business sections give the AIFC sentence in full).
STEP_2 = gettext_lazy(
    "Step 2: present this letter, with the visa questionnaire with a 3.5 × "
    "4.5 cm colour or black-and-white photo and the original passport "
    "(valid for more than 3 months, with at least 2 blank pages), at a "
    "Kazakh embassy or consulate or, on arrival, at a Kazakh international "
    "airport. The invitee of an AIFC participant may apply at any Kazakh "
    "embassy, with no requirements specific to citizenship. Consular fees "
    "and any further documents are set by the embassy or the airport's "
    "consular point: ask them before travelling."
)


def entries_of(application: Invitation) -> str:
    """``"single"`` or ``"multiple"``, from the filing model."""
    return "multiple" if isinstance(application, BusinessMultiInvitationApplication) else "single"


def category_text(application: Invitation) -> CategoryText:
    """The letter's words for the application's service and chosen category. Raises KeyError for a category the
    service does not offer (the submission rule ``category_offered`` refuses those before any letter exists)."""
    return TEXTS[(entries_of(application), application.visa_category)]


def invitation_letter_context(application: Invitation) -> dict[str, Any]:
    """The template context of the letter (without the ``document`` block that ``document_issue`` adds).

    Keys: ``application``, ``person``, ``host_party`` (Organisation or None), ``visa_category`` (e.g.
    ``"B2 — multiple-entry business visa"``), ``heading_kk``, ``invitee_is`` (who the category is for),
    ``visit_purpose``, ``visa_pickup_place``, ``step_2``, ``reference``, ``decision_number``.
    """
    text = category_text(application)
    return {
        "application": application,
        "person": application.person,
        "host_party": application.organisation,
        "visa_category": text.visa,
        "heading_kk": text.heading_kk,
        "invitee_is": text.purpose,
        "visit_purpose": application.visit_purpose,
        "visa_pickup_place": application.visa_pickup_place,
        "step_2": STEP_2,
        "reference": application.reference or "",
        "decision_number": application.decision_number,
    }
