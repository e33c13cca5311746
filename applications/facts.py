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
    from .registry import Fact, OnRecord, Reference


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


def _consent_on_record(application: Application) -> OnRecord | None:
    # The guide lists "consent to the processing of personal data" as a document; the portal records the consent
    # itself when the filer ticks the box (``services.consent_record``), so no second upload is asked for.
    from django.utils.translation import gettext as _

    from .registry import OnRecord

    consent = application.person.consents.order_by("-given_at").first()
    if consent is None:
        return None
    return OnRecord(
        _("Consent recorded in the portal on %(day)s (text version %(version)s)")
        % {"day": f"{timezone.localtime(consent.given_at):%d.%m.%Y}", "version": consent.text_version}
    )


#: Checklist items the engine can satisfy for any service, by item code (``ServiceDefinition.references`` adds
#: a service's own; the service's entry wins).
ENGINE_REFERENCES: Mapping[str, Reference] = {
    "consent-personal-data": _consent_on_record,
}
