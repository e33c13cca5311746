"""Reads for accounts: which organisations and persons a user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from qazeta.permissions import is_staff, visible_persons_q

from .models import Organisation, Person, User


def organisations_of(user: User) -> QuerySet[Organisation]:
    """Host parties ``user`` is a current member of (all of them for Expat Centre staff)."""
    if is_staff(user):
        return Organisation.objects.all()
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=user.memberships.values("organisation_id"))


def persons_visible_to(user: User) -> QuerySet[Person]:
    """Persons ``user`` may see (``qazeta.permissions.visible_persons_q``): staff see all; members their host
    parties' rosters; everybody their own person (a self-applicant who registers a host party keeps hers) and a
    self-applicant her family members. Everything else is answered with 404."""
    return Person.objects.select_related("organisation", "principal", "account").filter(visible_persons_q(user))


def self_person(user: User) -> Person | None:
    """The person record of a self-applicant (or of an employee given a login), if any."""
    return Person.objects.filter(account=user).first()
