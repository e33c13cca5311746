"""The qualification exemption's filing model: what the host party asks the AIFC Administration to change.

Source: Expat Centre guide 2025 (seed 001), "Exemption from or change of AIFC qualification requirements"
(SERVICES.md, same section): for a foreign employee who does not meet the education or experience criteria of AIFC
act GR0009 of 10 December 2017 ("Qualifications necessary for employment in the AIFC"). Under its point 2 the AIFC
Administration may change the requirements of Annex 1 parts A and B on a participant's request or on its own
initiative, only for employees who do not perform controlled or designated functions (AIFC General Rules 2.2, 2.3).
Documents are uploaded only; the decision is sent electronically. 30 working days; fee 60,000 KZT.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application


class RequestKind(models.TextChoices):
    """What is asked (the guide's title: "exemption from or change of" the qualification requirements)."""

    EXEMPTION = "exemption", _("Exemption from the qualification requirements")
    CHANGE = "change", _("Change of the qualification requirements (GR0009 Annex 1, parts A and B)")


class QualificationExemptionApplication(Application):
    """Exemption from, or change of, the AIFC qualification requirements for one foreign employee.

    ``no_controlled_function`` is the filer's declaration the guide's scope requires (refused without it);
    ``decision_terms`` is what the AIFC Administration decided, recorded by the officer at issue and printed on
    the decision document.
    """

    request_kind = models.CharField(
        _("What is asked"),
        max_length=16,
        choices=RequestKind.choices,
        default=RequestKind.EXEMPTION,
        help_text=_("An exemption from the requirements, or a change of the requirements of Annex 1 parts A and B."),
    )
    unmet_criteria = models.TextField(
        _("Criteria not met"),
        max_length=4000,
        blank=True,
        help_text=_(
            "Which education or work-experience criteria of AIFC act GR0009 (Annex 1, parts A and B) the employee "
            "does not meet, for which position, and why the exemption or change is asked."
        ),
    )
    no_controlled_function = models.BooleanField(
        _("The employee performs no controlled or designated function"),
        default=False,
        help_text=_(
            "I declare that the employee does not and will not perform a controlled function or a designated "
            "function (AIFC General Rules 2.2 and 2.3). The requirements can be changed only for such employees. "
            "Needed to submit."
        ),
    )
    # --- Recorded by the officer at issue (ServiceDefinition.outcome_fields), never by the filer.
    decision_terms = models.TextField(
        _("The AIFC Administration's decision"),
        max_length=4000,
        blank=True,
        help_text=_(
            "What the AIFC Administration decided: the exemption granted, or the requirements as changed; printed "
            "on the decision document."
        ),
    )

    class Meta:
        verbose_name = "qualification exemption application"
