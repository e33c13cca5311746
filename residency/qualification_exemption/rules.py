"""The qualification exemption's precondition, submission rules, checklist reference and own-initiative reading.

Source: Expat Centre guide 2025 (seed 001), "Exemption from or change of AIFC qualification requirements"; AIFC act
GR0009 of 10 December 2017, point 2 (the AIFC Administration changes the requirements of Annex 1 parts A and B on a
participant's request or on its own initiative), only for employees who perform no controlled or designated
function (AIFC General Rules 2.2, 2.3). Each rule returns the failures it finds with a message the filer can act on.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext, gettext_lazy

from applications.exceptions import RuleFailure
from applications.registry import OnRecord
from qazeta.accounts.constants import Role

from .models import QualificationExemptionApplication, RequestKind

if TYPE_CHECKING:
    from applications.models import Application
    from qazeta.accounts.models import Organisation, Person

#: The body that decides (``Lifecycle.state_body``); the case is forwarded to it after the document review.
AIFC_ADMINISTRATION = gettext_lazy("the AIFC Administration")


def opened_on_own_initiative(application: Application) -> bool:
    """The case was opened by a supervisor for the AIFC Administration, not requested by the host party
    (``applications.services.application_open_on_own_initiative`` makes the supervisor its ``filer``)."""
    return application.filer.role in (Role.OFFICER, Role.SUPERVISOR)


# --------------------------------------------------------------------------------------------- precondition
def for_an_employee(person: Person, organisation: Organisation | None, today: dt.date) -> list[RuleFailure]:
    """The requirements are an employee's (GR0009: qualifications necessary for employment in the AIFC): never a
    family member's. Told before the filer types anything."""
    if person.principal_id is None:
        return []
    return [
        RuleFailure(
            "not_an_employee",
            gettext(
                "%(full_name)s is recorded as a family member. The AIFC qualification "
                "requirements (GR0009) apply to the host party's employees: file for "
                "the employee."
            )
            % {"full_name": person.full_name},
        )
    ]


# --------------------------------------------------------------------------------------------- rules
def no_controlled_function_declared(application: QualificationExemptionApplication, today: dt.date) -> list:
    """The filer declares the employee performs no controlled or designated function (AIFC General Rules 2.2, 2.3)."""
    if application.no_controlled_function:
        return []
    return [
        RuleFailure(
            "controlled_function",
            gettext(
                "Declare that the employee performs no controlled or designated "
                "function: the AIFC Administration changes the qualification "
                "requirements only for such employees (AIFC General Rules 2.2 and "
                "2.3). An employee who performs one cannot be exempted this way."
            ),
        )
    ]


def unmet_criteria_given(application: QualificationExemptionApplication, today: dt.date) -> list[RuleFailure]:
    """The request says which GR0009 criteria the employee does not meet (the AIFC Administration decides on them)."""
    if application.unmet_criteria.strip():
        return []
    return [
        RuleFailure(
            "unmet_criteria",
            gettext(
                "Say which education or work-experience criteria of GR0009 (Annex 1, "
                "parts A and B) the employee does not meet, and why the exemption or "
                "change is asked."
            ),
        )
    ]


def request_kind_valid(application: QualificationExemptionApplication, today: dt.date) -> list[RuleFailure]:
    """The request is an exemption or a change (the HTML forms do not run the model's choices; the API does)."""
    if application.request_kind in RequestKind.values:
        return []
    return [
        RuleFailure(
            "invalid_request_kind", gettext("What is asked: choose an exemption or a change of the requirements.")
        )
    ]


#: The service's own rules, after the engine's DEFAULT_RULES (documents and consent).
QUALIFICATION_RULES = (request_kind_valid, no_controlled_function_declared, unmet_criteria_given)


# --------------------------------------------------------------------------------------------- reference
def host_application_on_record(application: Application) -> OnRecord | None:
    """Checklist item ``qualification-exemption-application`` (the host party's application in the set form): a
    case the AIFC Administration opened on its own initiative has none, and needs none (GR0009 point 2)."""
    if opened_on_own_initiative(application):
        return OnRecord(
            gettext("Opened by %(AIFC_ADMINISTRATION)s on its own initiative: no application of the host party")
            % {"AIFC_ADMINISTRATION": AIFC_ADMINISTRATION}
        )
    return None
