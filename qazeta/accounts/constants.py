from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user is to the portal. Employer members also hold a ``Membership`` per organisation."""

    APPLICANT = "applicant", _("Applicant")
    EMPLOYER = "employer", _("Employer member")
    OFFICER = "officer", _("Officer")
    SUPERVISOR = "supervisor", _("Supervisor")


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("Admin")
    FILER = "filer", _("Filer")


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    UNSPECIFIED = "X", _("Unspecified")


class Relationship(models.TextChoices):
    """How a family member relates to the principal (the employee, investor or visa holder)."""

    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")


class VerificationStatus(models.TextChoices):
    """Where a host party's registration stands: it files drafts at once, submits once verified (issue 6 §2)."""

    PENDING = "pending", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REFUSED = "refused", _("Verification refused")


class OrganisationEventKind(models.TextChoices):
    """What a row of a host party's history records."""

    REGISTERED = "registered", _("Registered")
    VERIFIED = "verified", _("Verified by the Expat Centre")
    VERIFICATION_REFUSED = "verification_refused", _("Verification refused")
    MEMBER_ADDED = "member_added", _("Member added")
    MEMBER_REMOVED = "member_removed", _("Member removed")
    MEMBER_ROLE_CHANGED = "member_role_changed", _("Member's role changed")


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class SignInEventKind(models.TextChoices):
    """What a row of the sign-in log records (docs/security.md, "Accounts and sign-in")."""

    SIGNED_IN = "signed_in", _("Signed in (password)")
    FAILED = "failed", _("Wrong username or password")
    LOCKED_OUT = "locked_out", _("Refused: locked out after repeated failures")
    SECOND_FACTOR_VERIFIED = "2fa_verified", _("Second factor verified")
    SECOND_FACTOR_FAILED = "2fa_failed", _("Wrong second-factor code")
    SECOND_FACTOR_ADDED = "2fa_added", _("Authenticator app added")
    RECOVERY_CODES_NEW = "recovery_codes", _("New recovery codes")
    SIGNED_OUT = "signed_out", _("Signed out")
    SESSION_EXPIRED = "session_expired", _("Session ended by timeout")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    TOKEN_EXPIRED = "token_expired", _("API token expired")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset by e-mail link")
