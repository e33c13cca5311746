"""Submission rules of the work visa services that the engine's common rules do not cover.

Source: Expat Centre guide 2025, Work visa §1-§3: the employment contract "states the applicant's position and
period of employment", and the invitation letter names the position (principal only). A family member is never
asked it (``ServiceDefinition.principal_fields``), so the model leaves it blank and this rule asks it of the
principal at submission (the HTML form, the API and direct callers alike).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext

from applications.exceptions import RuleFailure

if TYPE_CHECKING:
    from applications.models import Application


def principal_position_stated(application: Application, today: dt.date) -> list[RuleFailure]:
    """A principal's (the employee's) application states the position; a family member's never does.

    Returns one failure (code ``position_required``) when a principal's ``position`` is blank.
    """
    if application.is_family_member:
        return []
    if not (getattr(application, "position", "") or "").strip():
        return [
            RuleFailure("position_required", gettext("State the employee's position under the employment contract."))
        ]
    return []
