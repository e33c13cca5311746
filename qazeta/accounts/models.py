"""Users, organisations (host parties), their members, and the persons applications are for."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import (
    DisputeStatus,
    MembershipRole,
    OrganisationEventKind,
    Relationship,
    Role,
    Sex,
    SignInEventKind,
    VerificationStatus,
)
from .validators import (
    date_of_birth_plausible,
    passport_expiry_plausible,
    validate_bin,
    validate_icao_state,
    validate_iin,
)

#: Error code of a second person with the same passport (issuing state + number).
DUPLICATE_PASSPORT = "duplicate_passport"
DUPLICATE_PASSPORT_MESSAGE = _("A person with this passport is already registered.")


class User(AbstractUser):
    """A login. ``role`` decides which part of the portal the user works in."""

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.APPLICANT)
    #: The language of the user's e-mails and the one they last chose with the switcher (``settings.LANGUAGES``).
    language = models.CharField(
        _("Language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The portal's e-mails to you are written in this language."),
    )

    class Meta(AbstractUser.Meta):
        indexes = [
            # The staff list every officer page's assignee filter and the assign form read
            # (``applications.forms_officer.staff_users``): a few dozen rows among every filer's and
            # applicant's login (102,042 users at 1M applications: a sequential scan took 9 ms; issue 10).
            models.Index(
                fields=["last_name", "first_name", "username"],
                condition=models.Q(role__in=[Role.OFFICER, Role.SUPERVISOR]),
                name="user_staff_by_name_idx",
            ),
        ]

    @property
    def language_choices(self) -> list[tuple[str, str]]:
        """``settings.LANGUAGES``: (code, name), each name in its own language ("Қазақша", "Русский")."""
        return list(settings.LANGUAGES)

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
    registration_certificate = models.FileField(
        _("AIFC registration certificate"),
        upload_to="organisations/%Y/%m/",
        blank=True,
        help_text=_("The certificate of registration as an AIFC participant (PDF, JPEG or PNG)."),
    )
    verification_status = models.CharField(
        max_length=16, choices=VerificationStatus.choices, default=VerificationStatus.PENDING
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verification_note = models.TextField(blank=True, help_text="The officer's reason when verification is refused.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} (BIN {self.bin})"

    @property
    def is_verified(self) -> bool:
        """An officer checked the registration: the host party may submit applications."""
        return self.verification_status == VerificationStatus.VERIFIED


class OrganisationEvent(models.Model):
    """A host party's history: registration, verification, members added, removed or given another role."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=32, choices=OrganisationEventKind.choices)
    detail = models.CharField(max_length=255, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.kind} {self.detail}"


class BinDispute(models.Model):
    """Someone says a registered BIN is theirs: a supervisor settles it (issue 6 §2, no BIN squatting)."""

    bin = models.CharField("BIN", max_length=12)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="disputes")
    claimant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    claimant_organisation_name = models.CharField(max_length=255)
    message = models.TextField()
    status = models.CharField(max_length=16, choices=DisputeStatus.choices, default=DisputeStatus.OPEN)
    resolution = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"BIN {self.bin} disputed by {self.claimant_id}"


class Membership(models.Model):
    """A user's role in an organisation: admins manage members and staff, filers file applications."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=8, choices=MembershipRole.choices, default=MembershipRole.FILER)
    created_at = models.DateTimeField(auto_now_add=True)

    #: For templates: the roles a member can be given.
    ROLE_CHOICES = MembershipRole.choices

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
    date_of_birth = models.DateField(validators=[date_of_birth_plausible])
    nationality = models.CharField(
        max_length=3, validators=[validate_icao_state], help_text="ICAO 9303 three-letter code, e.g. GBR"
    )
    passport_number = models.CharField(max_length=9)
    passport_issuing_state = models.CharField(
        max_length=3, validators=[validate_icao_state], help_text="ICAO 9303 three-letter code"
    )
    passport_expires_on = models.DateField(validators=[passport_expiry_plausible])
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
        indexes = [
            # Search by passport number alone (applications.search); the unique constraint's index leads with
            # the issuing state and cannot serve it. The name's trigram index is PostgreSQL-only: migration 0010.
            models.Index(fields=["passport_number"], name="person_passport_number"),
        ]
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


class SignInEvent(models.Model):
    """One row of the sign-in log: who (or which username was tried), from where, what happened, when.

    Written by ``qazeta.accounts.signin.services.signin_event_record`` only (from Django's login signals, the
    lockout handler, the second-factor pages and the API token services); never changed afterwards. Kept for
    ``settings.SIGN_IN_EVENT_RETENTION_DAYS`` days (``manage.py signin_events_prune``; docs/security.md).
    """

    at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=20, choices=SignInEventKind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="sign_in_events"
    )
    #: The username as typed (also for unknown usernames, where ``user`` is empty).
    username = models.CharField(max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    #: Where: the page, the admin or the API path that was used.
    path = models.CharField(max_length=255, blank=True)
    #: Free text for people: the token's device, "recovery code", "idle 30 min".
    detail = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}"


class ApiTokenDevice(models.Model):
    """The device an API token was issued for (django-rest-knox's ``AuthToken`` stores only the token's SHA-512
    digest, its user and expiry; this row adds the name the user gave the device).

    One token per (user, device name): a new token for the same device replaces the old one
    (``signin.services.api_token_create``). Deleted with its token.
    """

    token = models.OneToOneField("knox.AuthToken", primary_key=True, on_delete=models.CASCADE, related_name="device")
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


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
