"""Submission rules and checklist facts of the tax residency certificates.

Rules (``applications.rules``: each returns the ``RuleFailure``s it finds, run together at submission):
the service fields pass their model validation, the tax period must have begun, and the standard
certificate's applicant kind must agree with the legal entity's details. Facts (``ServiceDefinition.facts``):
the checklist conditions ``individual`` and ``legal_entity`` (standard certificate, from the declared applicant
kind) and ``first_application`` (AIFC certificate, from the certificates the portal recorded and the filer's
declaration).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext

from applications.constants import State
from applications.exceptions import RuleFailure

from .models import ApplicantKind

if TYPE_CHECKING:
    from applications.models import Application

    from .models import AifcTaxResidencyCertificateApplication, TaxResidencyCertificateApplication

#: Service codes (catalogue ``residency/catalogue.toml``).
STANDARD = "tax-residency-certificate"
AIFC = "tax-residency-certificate-aifc"
#: The received output both services produce: the certificate the tax authority issued, scanned by the officer.
CERTIFICATE = "tax_residency_certificate"


# --------------------------------------------------------------------------------------------- rules
def tax_period_begun(application: Application, today: dt.date) -> list[RuleFailure]:
    """Residency is confirmed for a tax period (calendar year) that has begun: this year or an earlier one."""
    year = application.tax_period_year
    if year is not None and year > today.year:
        return [
            RuleFailure(
                "tax_period_future",
                gettext(
                    "The tax period %(year)s has not begun; residency can be confirmed for "
                    "%(year2)s or an earlier year."
                )
                % {"year": year, "year2": today.year},
            )
        ]
    return []


def applicant_details_agree(application: TaxResidencyCertificateApplication, today: dt.date) -> list[RuleFailure]:
    """A legal entity's certificate names the entity; an individual's carries no entity details.

    Guide §3: the certificate is for a foreign legal entity resident by its place of effective management, or
    for a resident foreigner or stateless person; the entity is the one whose residency is confirmed.
    """
    if application.applicant_kind == ApplicantKind.LEGAL_ENTITY and not application.entity_name.strip():
        return [
            RuleFailure(
                "entity_name_missing",
                gettext("Give the legal entity's name: the certificate is issued to the foreign legal entity."),
            )
        ]
    if application.applicant_kind == ApplicantKind.INDIVIDUAL and (application.entity_name or application.entity_bin):
        return [
            RuleFailure(
                "entity_details_for_individual",
                gettext(
                    "The applicant is an individual: clear the legal entity's name and "
                    "BIN, or choose the foreign legal entity as the applicant."
                ),
            )
        ]
    return []


def service_fields_valid(application: Application, today: dt.date) -> list[RuleFailure]:
    """Each of the service model's own fields passes its model validation (choices, range, validators).

    The API validates them at filing (its serializer is built from the model), but the HTML filing and draft
    forms are plain forms built with ``fields_for_model`` and the engine saves without ``full_clean``, so the
    model validators (e.g. the treaty state is not Kazakhstan, the BIN's check digit) would never run on that
    path. Checking them again at submission holds every path to the same rules.
    """
    from django.core.exceptions import ValidationError

    failures = []
    for name in application.definition.field_names():
        field = application._meta.get_field(name)
        try:
            field.clean(getattr(application, name), application)
        except ValidationError as exc:
            failures.append(
                RuleFailure(
                    f"invalid_{name}",
                    gettext("%(verbose_name)s: %(value)s")
                    % {"verbose_name": field.verbose_name, "value": " ".join(exc.messages)},
                )
            )
    return failures


# --------------------------------------------------------------------------------------------- facts
def is_individual(application: TaxResidencyCertificateApplication) -> bool:
    return application.applicant_kind == ApplicantKind.INDIVIDUAL


def is_legal_entity(application: TaxResidencyCertificateApplication) -> bool:
    return application.applicant_kind == ApplicantKind.LEGAL_ENTITY


def earlier_aifc_certificate(application: Application) -> Application | None:
    """The person's earliest AIFC tax residency application issued through the portal before this one, if any.

    The same person: the same ``Person`` (an IIN is unique to one person; a renewed passport updates it). Counted
    only when decided before this application was submitted (before now for a draft), so an old application's
    checklist never changes afterwards, and only when its certificate scan was not revoked.
    """
    from applications.models import Application
    from qazeta.documents.models import IssuedDocument

    revoked = IssuedDocument.objects.filter(application=OuterRef("pk"), kind=CERTIFICATE, revoked_at__isnull=False)
    before = application.submitted_at or timezone.now()
    return (
        Application.objects.filter(
            person_id=application.person_id, service_code=AIFC, state=State.ISSUED, decided_at__lt=before
        )
        .exclude(pk=application.pk)
        .exclude(Exists(revoked))
        .order_by("decided_at")
        .first()
    )


def is_first_application(application: AifcTaxResidencyCertificateApplication) -> bool:
    """Whether the internal-affairs body's letter is asked for (checklist condition ``first_application``).

    Guide §3-1 (seed 001): "Бастапқы өтініш берген кезде резиденттікті растайтын құжат берілген жағдайда, кейін
    ... ішкі істер органы берген растау хатты ұсыну талап етілмейді" — once a residency document was issued on
    the initial application, the letter is not required with later tax applications. The digest's reading
    (SERVICES.md, 3-1): if no residency document was issued on the initial application, the letter is still
    required. So an earlier application that was refused or withdrawn does not count: only an issued one. The
    portal counts the certificates it recorded (:func:`earlier_aifc_certificate`) and the number of one the
    filer declares was issued outside it (``initial_certificate_number``).
    """
    if application.initial_certificate_number.strip():
        return False
    return earlier_aifc_certificate(application) is None
