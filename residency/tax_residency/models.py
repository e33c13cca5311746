"""Filing models of the tax residency certificates (children of ``applications.Application``).

Two services, two models. Sources: Expat Centre guide 2025 (seed 001), "Other migration and tax services"
§3 (tax residency certificate) and §3-1 (the same certificate for AIFC investment residents).

Why two models and not one shared: a filing model's own fields *are* the filing form, the API's
``service_fields`` and the pages (``ServiceDefinition.field_names``). The two services ask different things:
§3 is filed by a resident individual or by a foreign legal entity resident by its place of effective
management (the applicant kind decides the checklist), §3-1 only by an individual investment resident, who
may declare the residency document issued on the initial application (it decides whether the
internal-affairs letter is asked for). One shared model would put the applicant kind on the AIFC form and the
initial-document number on the standard one. The fields both need (the tax period and the treaty state) are
built by the same functions below, so they read the same on both forms.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from qazeta.accounts.validators import validate_bin

#: How Kazakhstan itself may be written in the treaty-state field (ISO 3166 alpha-3/alpha-2, names in en/ru/kk).
KAZAKHSTAN_SPELLINGS = frozenset(
    {
        "kaz",
        "kz",
        "kazakhstan",
        "republic of kazakhstan",
        "казахстан",
        "республика казахстан",
        "қазақстан",
        "қазақстан республикасы",
    }
)


def validate_treaty_state(value: str) -> None:
    """The treaty state is the *other* state, whose tax relief the certificate is for, never Kazakhstan.

    Guide §3: the certificate confirms that the income recipient is resident "in a state with which
    Kazakhstan has an international treaty"; a certificate addressed to Kazakhstan itself makes no sense.
    """
    normalised = " ".join(value.replace(".", " ").split()).casefold()
    normalised = normalised.removeprefix("the ")
    if normalised in KAZAKHSTAN_SPELLINGS:
        raise ValidationError(
            _("Name the other state, whose tax relief is claimed, not Kazakhstan."), code="treaty_state_kazakhstan"
        )


def tax_period_year_field() -> models.PositiveSmallIntegerField:
    """The calendar year (Kazakh tax period) whose residency the certificate confirms."""
    return models.PositiveSmallIntegerField(
        _("Tax period (year)"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The calendar year for which residency in Kazakhstan is to be confirmed, e.g. 2025."),
    )


def treaty_state_field() -> models.CharField:
    """The state whose tax relief (under its double taxation treaty with Kazakhstan) is claimed."""
    return models.CharField(
        _("Treaty state"),
        max_length=100,
        validators=[validate_treaty_state],
        help_text=_(
            "The state with which Kazakhstan has a double taxation treaty and whose tax relief is claimed: "
            "its ISO 3166 three-letter code (e.g. DEU) or its name."
        ),
    )


class ApplicantKind(models.TextChoices):
    """Who the standard certificate is for (guide §3: resident individuals, or foreign legal entities)."""

    INDIVIDUAL = "individual", _("A foreign individual or stateless person resident in Kazakhstan")
    LEGAL_ENTITY = (
        "legal_entity",
        _("A foreign legal entity resident in Kazakhstan by its place of effective management"),
    )


class TaxResidencyCertificateApplication(Application):
    """Tax residency certificate (guide §3), to claim treaty relief from double taxation.

    ``applicant_kind`` is declared by the filer and answers the checklist conditions ``individual`` (notarised
    passport, proof of the period of stay, residence permit if any) and ``legal_entity`` (notarised proof of
    the place of effective management). An ``Application`` is always for a person: for a legal entity it is the
    person who files for it (its head or representative), and the entity is named in ``entity_name``.
    """

    applicant_kind = models.CharField(
        _("Applicant"),
        max_length=16,
        choices=ApplicantKind.choices,
        help_text=_("Whose residency is to be confirmed: the person, or a foreign legal entity they act for."),
    )
    entity_name = models.CharField(
        _("Legal entity's name"),
        max_length=200,
        blank=True,
        help_text=_("Foreign legal entity only: its full name, as registered."),
    )
    entity_bin = models.CharField(
        _("Legal entity's BIN"),
        max_length=12,
        blank=True,
        validators=[validate_bin],
        help_text=_("Foreign legal entity only: its business identification number in Kazakhstan, if assigned."),
    )
    tax_period_year = tax_period_year_field()
    treaty_state = treaty_state_field()

    class Meta:
        verbose_name = "Tax residency certificate application"

    @property
    def is_legal_entity(self) -> bool:
        return self.applicant_kind == ApplicantKind.LEGAL_ENTITY


class AifcTaxResidencyCertificateApplication(Application):
    """Tax residency certificate for AIFC investment residents (guide §3-1).

    Every document is electronic, so there is no visit. The internal-affairs body's letter (the person is not
    one whose Kazakh citizenship ended in the 20 years before the initial application to the AIFC Investment
    Tax Residency programme) is not asked for again once a residency document was issued on the initial
    application: the portal knows of the certificates it recorded, and ``initial_certificate_number`` lets the
    filer declare one issued before or outside the portal (the officer checks it against the tax authority).
    """

    tax_period_year = tax_period_year_field()
    treaty_state = treaty_state_field()
    initial_certificate_number = models.CharField(
        _("Residency document issued on the initial application"),
        max_length=64,
        blank=True,
        help_text=_(
            "Only if a tax residency document was issued on your initial application under the AIFC Investment "
            "Tax Residency programme outside this portal: its number. Then the internal-affairs letter is not "
            "needed again. Leave empty otherwise."
        ),
    )

    class Meta:
        verbose_name = "AIFC investment resident's tax residency certificate application"
