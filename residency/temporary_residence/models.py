"""The filing model of the temporary residence permit (a child of ``applications.Application``).

Sources: Expat Centre guide 2025 (seed 001), "Temporary residence permit" (CIS citizens staying more than 30
calendar days, EAEU citizens more than 90; variants employee / expert; "family members included"); Decree 807
(seed 003), point 10 of the rules on the entry and stay of immigrants: the permit never runs beyond the national
passport; AIFC employees from visa-free states and their families 1 year, never beyond the employment or
civil-law contract; AIFC investment residents 1 year on the AIFC Administration's petition, at most 5 years in
total, family members never beyond the resident's permit; exempt: entered on a Kazakh visa, diplomatic or
service passport, under 16 (SERVICES.md, "Temporary residence permit").

The officer records the permit the migration police issued (number, from, to) at issue; the latest end date
Decree 807 allows is computed (``term.term_limit``) and kept on the row (``max_valid_to`` and its reason) so the
officer's page, the filer's page and the API show it; the outcome hook recomputes it and refuses a later end.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application


class Basis(models.TextChoices):
    """Decree 807 p.10: the two categories the Expat Centre's service serves (SERVICES.md, "(reading) Scope")."""

    AIFC_EMPLOYEE = "aifc_employee", _("Employee or expert of an AIFC participant (employment or civil-law contract)")
    AIFC_INVESTMENT_RESIDENT = (
        "aifc_investment_resident",
        _("AIFC investment resident (on the AIFC Administration's petition)"),
    )


class PassportKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary (national) passport")
    DIPLOMATIC = "diplomatic", _("Diplomatic passport")
    SERVICE = "service", _("Service passport")


class TemporaryResidenceApplication(Application):
    """Obtaining or extending a TRP for a CIS or EAEU citizen in Kazakhstan (the employee or expert, or a family
    member filed with the principal's application)."""

    basis = models.CharField(
        _("Grounds for the permit"),
        max_length=32,
        choices=Basis.choices,
        default=Basis.AIFC_EMPLOYEE,
        help_text=_("Decree 807, point 10: an AIFC participant's employee or expert, or an AIFC investment resident"),
    )
    planned_stay_days = models.PositiveIntegerField(
        _("Planned stay (calendar days)"),
        null=True,
        blank=True,
        help_text=_(
            "How many calendar days the person plans to stay in Kazakhstan. A TRP is needed by CIS citizens staying "
            "more than 30 days and EAEU citizens staying more than 90."
        ),
    )
    passport_kind = models.CharField(
        _("Kind of passport"),
        max_length=12,
        choices=PassportKind.choices,
        default=PassportKind.ORDINARY,
        help_text=_("Holders of a diplomatic or service passport need no TRP (Decree 807)"),
    )
    entered_on_kazakh_visa = models.BooleanField(
        _("Entered Kazakhstan on a Kazakh visa"),
        default=False,
        help_text=_("A person who entered on a Kazakh visa needs no TRP (Decree 807)"),
    )
    contract_ends_on = models.DateField(
        _("Employment or civil-law contract ends on"),
        null=True,
        blank=True,
        help_text=_("The permit never runs beyond the contract (Decree 807, AIFC employees)"),
    )
    # Computed, never typed: the latest end date Decree 807 allows, if issued today, and why (term.term_limit).
    max_valid_to = models.DateField(_("Latest permit end allowed"), null=True, blank=True, editable=False)
    max_valid_to_reason = models.CharField(_("Why this is the latest end"), max_length=500, blank=True, editable=False)
    # Recorded by the officer at issue (ServiceDefinition.outcome_fields), never by the filer.
    permit_number = models.CharField(_("Permit number"), max_length=32, blank=True)
    permit_valid_from = models.DateField(_("Permit valid from"), null=True, blank=True)
    permit_valid_to = models.DateField(_("Permit valid to"), null=True, blank=True)

    class Meta:
        verbose_name = "temporary residence permit application"

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - Model.save's signature
        """Keep the computed limit current on every save (the officer's page reads it)."""
        from .term import refresh_limit_fields

        refresh_limit_fields(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "max_valid_to", "max_valid_to_reason"}
        super().save(*args, **kwargs)
