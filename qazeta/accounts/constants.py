from django.db import models


class Role(models.TextChoices):
    """What a user is to the portal. Employer members also hold a ``Membership`` per organisation."""

    APPLICANT = "applicant", "Applicant"
    EMPLOYER = "employer", "Employer member"
    OFFICER = "officer", "Officer"
    SUPERVISOR = "supervisor", "Supervisor"


class MembershipRole(models.TextChoices):
    ADMIN = "admin", "Admin"
    FILER = "filer", "Filer"


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    UNSPECIFIED = "X", "Unspecified"


class Relationship(models.TextChoices):
    """How a family member relates to the principal (the employee, investor or visa holder)."""

    SPOUSE = "spouse", "Spouse"
    CHILD = "child", "Child"
    PARENT = "parent", "Parent"


class VerificationStatus(models.TextChoices):
    """Where a host party's registration stands: it files drafts at once, submits once verified (issue 6 §2)."""

    PENDING = "pending", "Awaiting verification"
    VERIFIED = "verified", "Verified"
    REFUSED = "refused", "Verification refused"


class OrganisationEventKind(models.TextChoices):
    """What a row of a host party's history records."""

    REGISTERED = "registered", "Registered"
    VERIFIED = "verified", "Verified by the Expat Centre"
    VERIFICATION_REFUSED = "verification_refused", "Verification refused"
    MEMBER_ADDED = "member_added", "Member added"
    MEMBER_REMOVED = "member_removed", "Member removed"
    MEMBER_ROLE_CHANGED = "member_role_changed", "Member's role changed"


class DisputeStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class SignInEventKind(models.TextChoices):
    """What a row of the sign-in log records (docs/security.md, "Accounts and sign-in")."""

    SIGNED_IN = "signed_in", "Signed in (password)"
    FAILED = "failed", "Wrong username or password"
    LOCKED_OUT = "locked_out", "Refused: locked out after repeated failures"
    SECOND_FACTOR_VERIFIED = "2fa_verified", "Second factor verified"
    SECOND_FACTOR_FAILED = "2fa_failed", "Wrong second-factor code"
    SECOND_FACTOR_ADDED = "2fa_added", "Authenticator app added"
    RECOVERY_CODES_NEW = "recovery_codes", "New recovery codes"
    SIGNED_OUT = "signed_out", "Signed out"
    SESSION_EXPIRED = "session_expired", "Session ended by timeout"
    TOKEN_CREATED = "token_created", "API token created"
    TOKEN_REVOKED = "token_revoked", "API token revoked"
    TOKEN_EXPIRED = "token_expired", "API token expired"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    PASSWORD_RESET = "password_reset", "Password reset by e-mail link"
