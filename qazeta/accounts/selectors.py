"""Reads for accounts: which organisations and persons a user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .constants import Role
from .models import Organisation, Person, User


def organisations_of(user: User) -> QuerySet[Organisation]:
    """Host parties ``user`` is a member of (all of them for Expat Centre staff)."""
    if user.role in (Role.OFFICER, Role.SUPERVISOR):
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user).distinct()


def persons_visible_to(user: User) -> QuerySet[Person]:
    """Persons ``user`` may see: staff see all; members their organisations' roster; applicants themselves
    and their family members. Everything else is answered with 404."""
    qs = Person.objects.select_related("organisation", "principal", "account")
    if not user.is_authenticated:
        return qs.none()
    if user.role in (Role.OFFICER, Role.SUPERVISOR):
        return qs
    if user.role == Role.EMPLOYER:
        return qs.filter(organisation__memberships__user=user).distinct()
    return qs.filter(Q(account=user) | Q(principal__account=user, organisation__isnull=True))


def self_person(user: User) -> Person | None:
    """The person record of a self-applicant (or of an employee given a login), if any."""
    return Person.objects.filter(account=user).first()
