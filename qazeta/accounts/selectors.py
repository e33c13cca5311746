"""Reads for accounts: which organisations and persons a user may see; the access log."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from qazeta.permissions import is_staff, visible_persons_q

from .models import Organisation, Person, PersonalDataAccess, User


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


def persons_matching(text: str) -> QuerySet[Person]:
    """Persons ``text`` names: ``#<id>``, a passport number or an IIN (exactly), or words each found in the surname
    or the given names (case ignored). Blank text matches nobody."""
    text = text.strip()
    if not text:
        return Person.objects.none()
    if text.startswith("#") and text[1:].isdigit():
        return Person.objects.filter(pk=int(text[1:]))
    names = Q()
    for word in text.split():
        names &= Q(surname__icontains=word) | Q(given_names__icontains=word)
    return Person.objects.filter(Q(passport_number__iexact=text) | Q(iin=text) | names)


def personal_data_accesses(
    *,
    persons: QuerySet[Person] | None = None,
    officer: User | None = None,
    on_or_after: dt.datetime | None = None,
    before: dt.datetime | None = None,
) -> QuerySet[PersonalDataAccess]:
    """The access log, newest first, with the officer and the persons loaded; each filter applies when given.

    ``persons``: rows that showed any of them; ``officer``: rows of that staff member; ``on_or_after`` / ``before``:
    aware instants bounding ``at`` (the caller turns Astana dates into instants).
    """
    rows = PersonalDataAccess.objects.select_related("user").prefetch_related("persons")
    if persons is not None:
        rows = rows.filter(pk__in=PersonalDataAccess.objects.filter(persons__in=persons).values("pk"))
    if officer is not None:
        rows = rows.filter(user=officer)
    if on_or_after is not None:
        rows = rows.filter(at__gte=on_or_after)
    if before is not None:
        rows = rows.filter(at__lt=before)
    return rows.order_by("-at", "-pk")
