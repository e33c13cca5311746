"""The C3 invitation letter: what it says (the engine's output pipeline renders and issues it).

Source: Expat Centre guide 2025, Work visa §1. The approved invitation (step 1) is presented, with the visa
questionnaire and the original passport, at a Kazakh embassy or international airport (step 2), so the
letter names the host party, the invitee's passport data, the visa category and the place of issue.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext

from qazeta.accounts.models import Organisation

from .models import C3InvitationApplication


def _principal_name(application: C3InvitationApplication) -> str:
    principal = application.principal_application
    if principal is not None:
        return principal.person.full_name
    person_principal = application.person.principal
    return person_principal.full_name if person_principal is not None else ""


def _host_party(application: C3InvitationApplication) -> Organisation | None:
    # A family member's application may be filed without the organisation; the principal's host invites them.
    if application.organisation is not None:
        return application.organisation
    principal = application.principal_application
    return principal.organisation if principal is not None else None


def visa_category(application: C3InvitationApplication) -> str:
    """``"C3 — work visa"``, or ``"C3 — work visa (family member of <principal's full name>)"``."""
    if application.is_family_member:
        name = _principal_name(application)
        return (
            gettext("C3 — work visa (family member of %(name)s)") % {"name": name}
            if name
            else gettext("C3 — work visa (family member)")
        )
    return gettext("C3 — work visa")


def validity_display(years: int | None) -> str:
    """``"2 years"``; "not stated" when the validity was not given (the guide does not state the number of entries)."""
    if not years:
        return gettext("not stated")
    return ngettext("%(n)s year", "%(n)s years", years) % {"n": years}


def invitation_letter_context(application: C3InvitationApplication) -> dict[str, Any]:
    """The template context of the letter (without the ``document`` block that ``document_issue`` adds).

    Keys: ``application``, ``person``, ``host_party`` (Organisation or None), ``visa_category``, ``validity``,
    ``is_family_member``, ``position`` (principal only, else ""), ``contract_ends_on`` (date or None),
    ``visa_pickup_place``, ``reference``, ``decision_number``.
    """
    family = application.is_family_member
    return {
        "application": application,
        "person": application.person,
        "host_party": _host_party(application),
        # Lazy: the letter is rendered once per language (Output.per_language), each in its own language.
        "visa_category": lazy(visa_category, str)(application),
        "validity": lazy(validity_display, str)(application.validity_years),
        "is_family_member": family,
        "position": "" if family else application.position,
        "contract_ends_on": None if family else application.contract_ends_on,
        "visa_pickup_place": application.visa_pickup_place,
        "reference": application.reference or "",
        "decision_number": application.decision_number,
    }
