"""Checklist facts the engine can tell for any application (``applications.catalogue.CONDITIONS``).

A checklist item's ``when`` names a condition; something must set it, or the item never appears (or always
does). The engine answers the conditions that follow from data every application has: what the filer
declared (a representative files), the roster (family member, employee), the host party (a branch) and the
person (age). A service answers its own conditions (B2 vs B3, first application…) in
``ServiceDefinition.facts``; ``applications.checks`` fails ``manage.py check`` when a condition a registered
service's checklist uses is answered by neither.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.utils import timezone

if TYPE_CHECKING:
    from .models import Application
    from .registry import Fact


def _family_member(application: Application) -> bool:
    return application.principal_application_id is not None or application.person.principal_id is not None


def _principal(application: Application) -> bool:
    return not _family_member(application)


def _representative(application: Application) -> bool:
    # Declared by the filer on the filing form ("A representative files under a power of attorney").
    return application.filed_by_representative


def _employee(application: Application) -> bool:
    return application.organisation_id is not None and not _family_member(application)


def _has_branch(application: Application) -> bool:
    # The host party declared at registration that it is a representative office or branch of a foreign
    # legal entity; a family member's application is hosted by the principal's host party.
    host = application.host_party
    return bool(host is not None and host.is_branch)


def _minor_14_18(application: Application) -> bool:
    # Guide, permanent residence: "notarised consent of a child aged 14-18"; age on the day it is asked.
    born = application.person.date_of_birth
    age = relativedelta(timezone.localdate(), born).years
    return 14 <= age < 18


#: Conditions every application can answer, by name.
ENGINE_FACTS: Mapping[str, Fact] = {
    "principal": _principal,
    "family_member": _family_member,
    "representative": _representative,
    "employee": _employee,
    "has_branch": _has_branch,
    "minor_14_18": _minor_14_18,
}
