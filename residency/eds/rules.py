"""The EDS's precondition, submission rules and checklist fact.

Source: Expat Centre guide 2025 (seed 001), Other migration and tax services §4 (SERVICES.md row 4): the request
is made on pki.gov.kz with the IIN (individual) or the BIN and the first head's IIN (legal entity); the applicant
is registered in the mobile citizens database beforehand; the visit only activates the EDS. Each rule returns the
failures it finds, with a message the filer can act on (``applications.application_submit`` runs them all).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext

from applications.exceptions import RuleFailure

from .models import EdsApplication

if TYPE_CHECKING:
    from qazeta.accounts.models import Organisation, Person


# --------------------------------------------------------------------------------------------- precondition
def person_has_iin(person: Person, organisation: Organisation | None, today: dt.date) -> list[RuleFailure]:
    """The person has an IIN on record: the pki.gov.kz request is made with it (an individual's own, or the
    first head's for a legal entity). Told before the filer types anything."""
    if person.iin:
        return []
    return [
        RuleFailure(
            "iin_missing",
            gettext(
                "%(full_name)s has no IIN on record. An EDS is requested on pki.gov.kz "
                "with the IIN (a legal entity's with its first head's IIN): obtain the "
                "IIN first (the IIN service), then request the EDS."
            )
            % {"full_name": person.full_name},
        )
    ]


# --------------------------------------------------------------------------------------------- rules
def pki_request_given(application: EdsApplication, today: dt.date) -> list[RuleFailure]:
    """The request number on pki.gov.kz is given and well formed: the EDS is requested there, not here."""
    number = application.pki_request_number.strip()
    if not number:
        return [
            RuleFailure(
                "pki_request_missing",
                gettext(
                    "Give the number of the EDS request made on the National Certification "
                    "Centre's portal (pki.gov.kz). The EDS is requested there; the Expat "
                    "Centre visit only activates it."
                ),
            )
        ]
    from django.core.exceptions import ValidationError

    field = application._meta.get_field("pki_request_number")
    try:
        field.run_validators(number)
    except ValidationError as exc:
        return [RuleFailure("pki_request_number", " ".join(exc.messages))]
    return []


def mobile_citizens_registration_declared(application: EdsApplication, today: dt.date) -> list[RuleFailure]:
    """The filer declares the applicant registered in the mobile citizens database (guide §4: check it first)."""
    if application.mobile_citizens_registered:
        return []
    return [
        RuleFailure(
            "mobile_citizens_database",
            gettext(
                "Confirm that the applicant is registered in the mobile citizens "
                "database: the guide asks to check it before the EDS is requested, and "
                "the EDS cannot be activated otherwise."
            ),
        )
    ]


def legal_entity_filed_by_host_party(application: EdsApplication, today: dt.date) -> list[RuleFailure]:
    """A legal entity's EDS is the host party's, requested with its BIN: the host party files it (for its first
    head); a person filing for themselves requests their own EDS."""
    if application.is_legal_entity and application.organisation_id is None:
        return [
            RuleFailure(
                "legal_entity_by_host_party",
                gettext(
                    "A legal entity's EDS is requested with its BIN and its first head's "
                    "IIN: the host party files it for its first head. Filing for yourself, "
                    "choose your own (individual) EDS."
                ),
            )
        ]
    return []


def holder_and_storage_valid(application: EdsApplication, today: dt.date) -> list[RuleFailure]:
    """The choices are ones the form offers (the HTML forms do not run the model's choices; the API does)."""
    failures = []
    for name in ("holder", "key_storage"):
        field = application._meta.get_field(name)
        if getattr(application, name) not in {value for value, _ in field.choices}:
            failures.append(
                RuleFailure(
                    f"invalid_{name}",
                    gettext("%(verbose_name)s: choose one of the options.") % {"verbose_name": field.verbose_name},
                )
            )
    return failures


#: The service's own rules, after the engine's DEFAULT_RULES (documents and consent).
EDS_RULES = (
    holder_and_storage_valid,
    pki_request_given,
    mobile_citizens_registration_declared,
    legal_entity_filed_by_host_party,
)


# --------------------------------------------------------------------------------------------- fact
def is_legal_entity(application: EdsApplication) -> bool:
    """Checklist condition ``legal_entity``: the order appointing the first head is asked for."""
    return application.is_legal_entity
