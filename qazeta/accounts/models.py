"""Users, organisations (host parties), their members, and the persons applications are for."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import MembershipRole, Relationship, Role, Sex
from .validators import validate_bin, validate_iin

#: Error code of a second person with the same passport (issuing state + number).
DUPLICATE_PASSPORT = "duplicate_passport"
DUPLICATE_PASSPORT_MESSAGE = _("A person with this passport is already registered.")


class User(AbstractUser):
    """A login. ``role`` decides which part of the portal the user works in."""

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.APPLICANT)

    @property
    def is_staff_officer(self) -> bool:
        """True for Expat Centre staff (officers and supervisors)."""
        return self.role in (Role.OFFICER, Role.SUPERVISOR)

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR


class Organisation(models.Model):
    """An AIFC participant acting as host party (қабылдаушы тарап) for its foreign staff."""

    name = models.CharField(max_length=255)
    bin = models.CharField(
        "BIN",
        max_length=12,
        unique=True,
        validators=[validate_bin],
        help_text="12-digit business identification number",
    )
    aifc_registration_number = models.CharField("AIFC registration number", max_length=32, unique=True)
    address = models.CharField(max_length=255, blank=True)
    is_branch = models.BooleanField(
        _("Representative office or branch of a foreign legal entity"),
        default=False,
        help_text=_(
            "Its general power of attorney is then asked for with every application (guide, common documents)."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} (BIN {self.bin})"


class Membership(models.Model):
    """A user's role in an organisation: admins manage members and staff, filers file applications."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=8, choices=MembershipRole.choices, default=MembershipRole.FILER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="uniq_membership")]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.role})"


class Person(models.Model):
    """A foreign national an application is for, with the data of the passport they travel on.

    Belongs to an organisation's staff roster (``organisation`` set) or to a self-applicant (``account``
    set, no organisation). Family members point at their principal through ``principal``.
    """

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="Applicant login of this person; they see only their own applications.",
    )
    principal = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="family_members"
    )
    relationship = models.CharField(max_length=8, choices=Relationship.choices, blank=True)

    surname = models.CharField(max_length=100)
    given_names = models.CharField(max_length=150, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField()
    nationality = models.CharField(max_length=3, help_text="ICAO 9303 three-letter code, e.g. GBR")
    passport_number = models.CharField(max_length=9)
    passport_issuing_state = models.CharField(max_length=3, help_text="ICAO 9303 three-letter code")
    passport_expires_on = models.DateField()
    email = models.EmailField(blank=True)
    position = models.CharField(max_length=150, blank=True, help_text="Job title in the host party (employees)")
    iin = models.CharField(
        "IIN",
        max_length=12,
        blank=True,
        validators=[validate_iin],
        help_text="Individual identification number, once assigned (12 digits)",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["surname", "given_names"]
        constraints = [
            models.UniqueConstraint(
                fields=["passport_issuing_state", "passport_number"],
                name="uniq_person_passport",
                violation_error_code=DUPLICATE_PASSPORT,
                violation_error_message=DUPLICATE_PASSPORT_MESSAGE,
            ),
            # An IIN is unique and unchangeable (guide 2025, IIN): two persons can never hold the same one, even
            # when two officers record it at the same moment.
            models.UniqueConstraint(
                fields=["iin"],
                condition=~models.Q(iin=""),
                name="uniq_person_iin",
                violation_error_message=_("Another person already holds this IIN."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.surname} {self.given_names}".strip()

    @property
    def initials(self) -> str:
        """Initials only ("J. S."): what a public page may show of a person."""
        parts = [*self.given_names.split(), *self.surname.split()]
        return " ".join(f"{p[0]}." for p in parts if p)

    def passport_valid_on(self, day: dt.date) -> bool:
        return self.passport_expires_on >= day


class Consent(models.Model):
    """Consent to personal data processing: which text version, given by whom, for whom, when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consents")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents")
    text_version = models.CharField(max_length=16)
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"Consent {self.text_version} by {self.user} for {self.person} at {self.given_at:%Y-%m-%d %H:%M}"


class PersonalDataAccess(models.Model):
    """Expat Centre staff saw persons' data: one row per page, API answer or download (the privacy access log).

    A single read (an application page, a passport scan, a person page) and a bulk read (a queue page, a staff
    roster, an API list) are each one row. ``persons`` names every person whose data the page showed, so a search
    by person finds both kinds. ``what`` says where, in words ("officer queue page 2", "upload passport-copy v1
    of EC-2026-000012"); ``object_ids`` lists what was shown by id, e.g. ``{"application": [12, 14]}``: the
    kernel keeps the case engine's ids as plain numbers because it imports no domain app
    (docs/decisions/0011-outbox-and-access-log.md). Written only by ``services.personal_data_access_record``;
    read by supervisors on the access-log page. Rows are never updated or deleted by the portal.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=200)
    persons = models.ManyToManyField(Person, blank=True, related_name="data_accesses")
    object_ids = models.JSONField(default=dict, blank=True, help_text='What was shown, by id: {"application": [..]}')
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "personal data access"
        verbose_name_plural = "personal data accesses"

    def __str__(self) -> str:
        return f"{self.user_id} saw {self.what} at {self.at:%Y-%m-%d %H:%M}"
