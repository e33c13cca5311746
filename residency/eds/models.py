"""The EDS filing model: what the Expat Centre needs to activate an EDS requested on pki.gov.kz.

Source: Expat Centre guide 2025 (seed 001), Other migration and tax services §4 (SERVICES.md row 4): the EDS is
requested on the National Certification Centre's portal, pki.gov.kz (an individual gives the IIN; a legal entity
the BIN and its first head's IIN; the key storage is chosen there); the applicant comes to the Expat Centre in
person only to activate it, and must be registered in the mobile citizens database first. Documents: for an
individual, the pki.gov.kz request and the consent; for a legal entity, the request, the order appointing the
first head and the consent. 1 working day.

The application is always for a person (``Application.person``): the individual, or the legal entity's first
head, whose IIN the legal entity's request carries; the legal entity is the host party filing it.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application

pki_request_number = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9/-]{2,39}$",
    _("Give the request number as pki.gov.kz shows it: letters, digits, hyphens or slashes (3 to 40)."),
    code="bad_pki_request_number",
)


class EdsHolder(models.TextChoices):
    """Whose EDS is requested (guide §4: an individual, or a legal entity through its first head)."""

    INDIVIDUAL = "individual", _("The individual (the person's own EDS)")
    LEGAL_ENTITY = "legal_entity", _("The legal entity (the host party's EDS, held by its first head)")


class KeyStorage(models.TextChoices):
    """Where the keys are kept, as chosen on pki.gov.kz (guide §4: "for example a computer or a USB token")."""

    COMPUTER = "computer", _("A file on a computer")
    TOKEN = "token", _("A USB token or another secure device")


class EdsApplication(Application):
    """Activating an EDS (electronic digital signature) requested on pki.gov.kz.

    ``holder`` answers the checklist condition ``legal_entity`` (the order appointing the first head is asked
    for a legal entity's EDS only).
    """

    holder = models.CharField(
        _("Whose EDS"),
        max_length=16,
        choices=EdsHolder.choices,
        default=EdsHolder.INDIVIDUAL,
        help_text=_(
            "The person's own EDS, or the legal entity's EDS held by its first head (the person this application is "
            "for). A legal entity's EDS is filed by the host party."
        ),
    )
    pki_request_number = models.CharField(
        _("pki.gov.kz request number"),
        max_length=40,
        blank=True,
        validators=[pki_request_number],
        help_text=_(
            "The EDS is requested on the National Certification Centre's portal, pki.gov.kz, not here: make the "
            "request there first (IIN for an individual; BIN and the first head's IIN for a legal entity) and give "
            "its number. The visit to the Expat Centre only activates the EDS."
        ),
    )
    key_storage = models.CharField(
        _("Key storage"),
        max_length=16,
        choices=KeyStorage.choices,
        default=KeyStorage.COMPUTER,
        help_text=_("Where the keys are kept, as chosen in the pki.gov.kz request."),
    )
    mobile_citizens_registered = models.BooleanField(
        _("Registered in the mobile citizens database"),
        default=False,
        help_text=_(
            "The applicant is registered in the mobile citizens database (check it before the request: the EDS "
            "cannot be issued otherwise). Needed to submit."
        ),
    )

    class Meta:
        verbose_name = "EDS application"

    @property
    def is_legal_entity(self) -> bool:
        return self.holder == EdsHolder.LEGAL_ENTITY
