"""The A5 and A6 invitation letters: what they say (the engine's output pipeline renders and issues them).

Source: Expat Centre guide 2025, Investor visa §1 (A5) and §3 (A6); SERVICES.md "Step 2 of an invitation" and
"A6 step 2". The approved invitation (step 1) is presented with the visa questionnaire (3.5 x 4.5 cm photo) and
the original passport (valid more than 3 months, at least 2 blank pages): for A5 at a Kazakh embassy or, on
arrival, at a Kazakh international airport; for A6 at a Kazakh embassy (the guide's A6 step 2 names only the
embassy). The guide gives no consular fee: the invitee asks the embassy (or the airport's service).
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy, ngettext

from qazeta.accounts.models import Organisation

from .models import A5InvitationApplication, A6InvitationApplication, Petitioner

#: Category line of each letter (principal; a family member's adds "family member of …").
CATEGORY_TEXT = {
    "A5": gettext_lazy("A5 — investor visa"),
    "A6": gettext_lazy("A6 — investor visa (AIFC investment resident, AIFC Investment Tax Residency programme)"),
}
#: The Kazakh heading under the English title.
HEADING_KK = {
    "A5": "Шақыру хаты — A5 инвесторлық визасын алу үшін",
    "A6": "Шақыру хаты — A6 инвесторлық визасын алу үшін",
}
#: Where step 2 happens, per category (A6: embassy only, SERVICES.md "A6 step 2").
STEP_2_PLACE = {
    "A5": gettext_lazy("at a Kazakh embassy or consulate, or on arrival at an international airport of Kazakhstan"),
    "A6": gettext_lazy("at a Kazakh embassy or consulate"),
}
#: Who is asked about consular fees and any further document, per category.
STEP_2_ASK = {
    "A5": gettext_lazy("the embassy or, at the airport, its visa service"),
    "A6": gettext_lazy("the embassy"),
}
PETITION_TEXT = {
    Petitioner.INVESTMENT_BODY: gettext_lazy("Petition of Kazakhstan's authorised investment body"),
    Petitioner.AIFC_ADMINISTRATION: gettext_lazy("Petition of the AIFC Administration"),
}

InvestorInvitation = A5InvitationApplication | A6InvitationApplication


def _category(application: InvestorInvitation) -> str:
    return "A5" if isinstance(application, A5InvitationApplication) else "A6"


def _principal_name(application: InvestorInvitation) -> str:
    principal = application.principal_application
    if principal is not None:
        return principal.person.full_name
    person_principal = application.person.principal
    return person_principal.full_name if person_principal is not None else ""


def _host_party(application: InvestorInvitation) -> Organisation | None:
    # A family member's application may be filed without the organisation; the principal's host invites them.
    # A self-filing AIFC investment resident (A6) has no host party: the letter then names none.
    return application.host_party


def visa_category(application: InvestorInvitation) -> str:
    """``"A5 — investor visa"``, or with ``" (family member of <principal's full name>)"`` for a dependant."""
    text = CATEGORY_TEXT[_category(application)]
    if application.is_family_member:
        name = _principal_name(application)
        return (
            gettext("%(text)s (family member of %(name)s)") % {"text": text, "name": name}
            if name
            else gettext("%(text)s (family member)") % {"text": text}
        )
    return text


def petition_text(application: InvestorInvitation) -> str:
    """The petition the invitation rests on: A6 always the AIFC Administration's; A5 the principal's choice."""
    if isinstance(application, A6InvitationApplication):
        return PETITION_TEXT[Petitioner.AIFC_ADMINISTRATION]
    return PETITION_TEXT.get(application.petitioner, "")


def validity_display(years: int | None) -> str:
    """``"2 years"``; "not stated" when the validity was not given."""
    if not years:
        return gettext("not stated")
    return ngettext("%(n)s year", "%(n)s years", years) % {"n": years}


def invitation_letter_context(application: InvestorInvitation) -> dict[str, Any]:
    """The template context of an A5 or A6 letter (without the ``document`` block ``document_issue`` adds).

    Keys: ``application``, ``person``, ``host_party`` (Organisation or None), ``category`` ("A5"/"A6"),
    ``visa_category``, ``heading_kk``, ``petition`` (text, "" when a family member's A5 gives none),
    ``validity``, ``is_family_member``, ``visa_pickup_place``, ``step_2_place``, ``step_2_ask``, ``reference``,
    ``decision_number``.
    """
    category = _category(application)
    return {
        "application": application,
        "person": application.person,
        "host_party": _host_party(application),
        "category": category,
        # Lazy: the letter is rendered once per language (Output.per_language), each in its own language.
        "visa_category": lazy(visa_category, str)(application),
        "heading_kk": HEADING_KK[category],
        "petition": petition_text(application),
        "validity": lazy(validity_display, str)(application.validity_years),
        "is_family_member": application.is_family_member,
        "visa_pickup_place": application.visa_pickup_place,
        "step_2_place": STEP_2_PLACE[category],
        "step_2_ask": STEP_2_ASK[category],
        "reference": application.reference or "",
        "decision_number": application.decision_number,
    }
