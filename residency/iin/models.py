"""The IIN filing model: what the registration form asks beyond the person's passport record.

Source: Expat Centre guide 2025 (seed 001), Other migration and tax services §2 (IIN: personal presence, the
passport used to enter Kazakhstan, 1 working day). The guide gives no form; the fields follow the application
form of order 004 (seed 004, Annex 1 to the algorithm; an expired pilot, used by analogy, SERVICES.md "IIN
formation under order 004"): name, surname and patronymic in Latin AND Cyrillic transcription, date of birth,
sex, citizenship, nationality (ethnicity), country of arrival, the identity document (type, number, issue
date, expiry, issuing country), place of birth (country, region, district, address), the two consents.

Date of birth, sex, citizenship and the passport's number, expiry and issuing state are already on the person
(``qazeta.accounts.models.Person``) and are not asked again: the forms and documents show the person's.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from qazeta.accounts.validators import validate_iin

#: A name in Latin letters (as in the passport's machine-readable zone): words of letters joined by spaces,
#: hyphens, apostrophes or dots.
LATIN_NAME = r"^[A-Za-z]+(?:[ '.-]+[A-Za-z]+)*[.]?$"
#: A name in Cyrillic letters (Kazakh, Russian or any other Cyrillic letter), joined the same way.
CYRILLIC_NAME = r"^[\u0400-\u04FF]+(?:[ '.-]+[\u0400-\u04FF]+)*[.]?$"

latin_name = RegexValidator(
    LATIN_NAME,
    _("Use Latin letters only (as in the passport's machine-readable zone)."),
    code="not_latin",
)
cyrillic_name = RegexValidator(
    CYRILLIC_NAME,
    _("Use Cyrillic letters only."),
    code="not_cyrillic",
)
phone_number = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{5,22}[0-9]$",
    _("Give a phone number with its country code, e.g. +7 701 234 5678."),
    code="bad_phone",
)


class IdentityDocumentType(models.TextChoices):
    """Order 004, Annex 1: «Жеке басын куәландыратын құжат түрі»; p.6: a valid foreign passport unless a treaty
    of Kazakhstan provides otherwise."""

    PASSPORT = "passport", _("Passport of a foreign state")
    STATELESS = "stateless", _("Travel document of a stateless person")
    OTHER = "other", _("Other identity document under an international treaty")


class IinApplication(Application):
    """Forming a foreigner's individual identification number (IIN), decided by the Expat Centre.

    The officer records the IIN formed (``assigned_iin``) when issuing; it is then kept on the person
    (``Person.iin``) by the plug-in's outcome hook (``residency.iin.rules.keep_issued_iin``).
    """

    # --- Names in both transcriptions (order 004, Annex 1; p.9: surname, name and patronymic from the MRZ).
    surname_latin = models.CharField(
        _("Surname (Latin)"),
        max_length=100,
        validators=[latin_name],
        help_text=_("As in the passport's machine-readable zone."),
    )
    given_names_latin = models.CharField(
        _("Given names (Latin)"),
        max_length=150,
        validators=[latin_name],
        help_text=_("As in the passport's machine-readable zone."),
    )
    patronymic_latin = models.CharField(
        _("Patronymic (Latin)"), max_length=100, blank=True, validators=[latin_name], help_text=_("If any.")
    )
    surname_cyrillic = models.CharField(
        _("Surname (Cyrillic)"),
        max_length=100,
        validators=[cyrillic_name],
        help_text=_("Cyrillic transcription, as in the notarised translation of the passport."),
    )
    given_names_cyrillic = models.CharField(
        _("Given names (Cyrillic)"),
        max_length=150,
        validators=[cyrillic_name],
        help_text=_("Cyrillic transcription, as in the notarised translation of the passport."),
    )
    patronymic_cyrillic = models.CharField(
        _("Patronymic (Cyrillic)"), max_length=100, blank=True, validators=[cyrillic_name], help_text=_("If any.")
    )
    ethnicity = models.CharField(
        _("Nationality (ethnicity)"),
        max_length=100,
        blank=True,
        help_text=_("Optional; the form's «Ұлты» (ethnic origin), not the citizenship."),
    )

    # --- Place of birth (order 004, Annex 1: country, region, district, address; p.9: from the visual zone).
    birth_country = models.CharField(_("Country of birth"), max_length=100)
    birth_region = models.CharField(_("Region of birth"), max_length=100, blank=True, help_text=_("If any."))
    birth_locality = models.CharField(
        _("District or locality of birth"),
        max_length=150,
        blank=True,
        help_text=_("As the passport gives the place of birth (city, district or village)."),
    )

    # --- The identity document beyond what the person's record holds (type and issue date).
    identity_document_type = models.CharField(
        _("Identity document"),
        max_length=16,
        choices=IdentityDocumentType.choices,
        default=IdentityDocumentType.PASSPORT,
        help_text=_("The passport used to enter Kazakhstan (its number and expiry are on the person's record)."),
    )
    passport_issued_on = models.DateField(_("Passport issued on"))

    # --- Stay and contacts.
    arrival_country = models.CharField(
        _("Country of arrival"),
        max_length=100,
        help_text=_("The country the person came to Kazakhstan from (the form's «Келген елі»)."),
    )
    purpose = models.CharField(
        _("What the IIN is needed for"),
        max_length=255,
        help_text=_("The form's purpose line “I request an IIN for …”, e.g. employment, a bank account."),
    )
    address_in_kazakhstan = models.CharField(_("Address in Kazakhstan"), max_length=255)
    phone = models.CharField(_("Phone"), max_length=24, validators=[phone_number])
    contact_email = models.EmailField(
        _("Contact e-mail"), blank=True, help_text=_("If other than the e-mail on the person's record.")
    )

    # --- The form's second consent (order 004, Annex 1): the first, to personal data processing, is the
    # portal's own consent record (``applications.rules.consent_recorded``).
    secrets_consent = models.BooleanField(
        _("Consent to the use of information constituting secrets protected by law in information systems"),
        default=False,
        help_text=_(
            "The registration form's second consent (“Ақпараттық жүйелерде заңмен қорғалатын құпиядан тұратын "
            "мәліметтерді пайдалануға келісемін”). Needed to submit."
        ),
    )

    # --- Recorded by the officer at issue (ServiceDefinition.outcome_fields), never by the filer.
    assigned_iin = models.CharField(
        _("IIN assigned"),
        max_length=12,
        blank=True,
        validators=[validate_iin],
        help_text=_("The 12-digit IIN formed for the person; kept on the person's record."),
    )

    class Meta:
        verbose_name = "IIN application"
