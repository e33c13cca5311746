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
