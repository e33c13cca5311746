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
