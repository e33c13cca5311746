"""Writes for accounts: host parties, their members, the staff roster, applicant logins; the access log."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from .constants import MembershipRole, Relationship, Role
from .models import (
    DUPLICATE_PASSPORT,
    DUPLICATE_PASSPORT_MESSAGE,
    Membership,
    Organisation,
    Person,
    PersonalDataAccess,
    User,
)

PERSON_FIELDS = (
    "surname",
    "given_names",
    "sex",
    "date_of_birth",
    "nationality",
    "passport_number",
    "passport_issuing_state",
    "passport_expires_on",
    "email",
    "position",
)


class AccountError(Exception):
    """A request about accounts that cannot be carried out; ``message`` is for people."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _require_admin(user: User, organisation: Organisation) -> None:
    if not Membership.objects.filter(user=user, organisation=organisation, role=MembershipRole.ADMIN).exists():
        raise AccountError("Only an admin of this host party can do this.")


def _require_member(user: User, organisation: Organisation) -> None:
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise AccountError("You are not a member of this host party.")


@transaction.atomic
def organisation_register(
    *,
    user: User,
    name: str,
    bin: str,
    aifc_registration_number: str,
    address: str = "",
    is_branch: bool = False,
) -> Organisation:
    """Register an AIFC participant as host party with ``user`` as its first admin.

    ``is_branch``: the host party is a representative office or branch of a foreign legal entity (its general
    power of attorney is then on every checklist; guide 2025, common documents 3).
    Raises: ValidationError (bad BIN check digit, duplicate BIN or AIFC number).
    """
    org = Organisation(
        name=name, bin=bin, aifc_registration_number=aifc_registration_number, address=address, is_branch=is_branch
    )
    org.full_clean()
    org.save()
    Membership.objects.create(organisation=org, user=user, role=MembershipRole.ADMIN)
    if user.role == Role.APPLICANT:
        user.role = Role.EMPLOYER
        user.save(update_fields=["role"])
    return org


@transaction.atomic
def member_add(
    *, user: User, organisation: Organisation, username: str, email: str, password: str, role: str
) -> Membership:
    """An admin adds a member (admin or filer) with a new login. Raises: AccountError."""
    _require_admin(user, organisation)
    if User.objects.filter(username=username).exists():
        raise AccountError("This username is taken.", field="username")
    member = User.objects.create_user(username=username, email=email, password=password, role=Role.EMPLOYER)
    return Membership.objects.create(organisation=organisation, user=member, role=role)


def _validate_person(person: Person) -> None:
    """``full_clean`` with a duplicate passport reported on the passport number field (by code, not by text)."""
    try:
        person.full_clean(exclude=["organisation", "account", "principal"])
    except ValidationError as exc:
        errors = exc.error_dict
        duplicate = [e for e in errors.get(NON_FIELD_ERRORS, []) if e.code == DUPLICATE_PASSPORT]
        if duplicate:
            raise ValidationError({"passport_number": duplicate}) from None
        raise


@transaction.atomic
def person_add_to_roster(*, user: User, organisation: Organisation, **data: Any) -> Person:
    """Add an employee with passport data to the host party's staff roster.

    ``data`` holds the ``PERSON_FIELDS``. Raises: AccountError (not a member); ValidationError per field.
    """
    _require_member(user, organisation)
    person = Person(organisation=organisation, **{k: v for k, v in data.items() if k in PERSON_FIELDS})
    _validate_person(person)
    try:
        person.save()
    except IntegrityError:
        raise ValidationError(
            {"passport_number": ValidationError(DUPLICATE_PASSPORT_MESSAGE, code=DUPLICATE_PASSPORT)}
        ) from None
    return person


@transaction.atomic
def family_member_add(*, user: User, principal: Person, relationship: str, **data: Any) -> Person:
    """Add a family member (spouse, child, parent) of ``principal`` to the same roster or self-applicant.

    Raises: AccountError; ValidationError.
    """
    if relationship not in Relationship.values:
        raise ValidationError({"relationship": "Choose spouse, child or parent."})
    if principal.organisation_id is not None:
        _require_member(user, principal.organisation)
    elif principal.account_id != user.pk:
        raise AccountError("You can add family members only to your own record.")
    person = Person(
        organisation_id=principal.organisation_id,
        principal=principal,
        relationship=relationship,
        **{k: v for k, v in data.items() if k in PERSON_FIELDS},
    )
    _validate_person(person)
    person.save()
    return person


@transaction.atomic
def applicant_login_grant(*, user: User, person: Person, username: str, email: str, password: str) -> User:
    """Give a person on the roster an applicant login: they then see only their own applications.

    Raises: AccountError (not an admin of the host party, person already has a login, username taken).
    """
    if person.organisation is None:
        raise AccountError("Only staff on a host party's roster get a login this way.")
    _require_admin(user, person.organisation)
    if person.account_id:
        raise AccountError("This person already has a login.")
    if User.objects.filter(username=username).exists():
        raise AccountError("This username is taken.", field="username")
    account = User.objects.create_user(username=username, email=email, password=password, role=Role.APPLICANT)
    person.account = account
    person.save(update_fields=["account", "updated_at"])
    return account


@transaction.atomic
def applicant_register(*, username: str, email: str, password: str, **data: Any) -> tuple[User, Person]:
    """A foreign national signs up to file for themselves. Raises: AccountError; ValidationError."""
    if User.objects.filter(username=username).exists():
        raise AccountError("This username is taken.", field="username")
    user = User.objects.create_user(username=username, email=email, password=password, role=Role.APPLICANT)
    person = Person(account=user, email=email, **{k: v for k, v in data.items() if k in PERSON_FIELDS and k != "email"})
    _validate_person(person)
    person.save()
    return user, person


@transaction.atomic
def employer_register(
    *,
    username: str,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    name: str,
    bin: str,
    aifc_registration_number: str,
    address: str = "",
    is_branch: bool = False,
) -> tuple[User, Organisation]:
    """Sign up an AIFC participant: a new employer login and its organisation, the login as first admin.

    Raises: AccountError (username taken); ValidationError (bad BIN check digit, duplicate BIN/AIFC number).
    Nothing is created unless everything is valid.
    """
    if User.objects.filter(username=username).exists():
        raise AccountError("This username is taken.", field="username")
    user = User.objects.create_user(
        username=username,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        role=Role.EMPLOYER,
    )
    organisation = organisation_register(
        user=user,
        name=name,
        bin=bin,
        aifc_registration_number=aifc_registration_number,
        address=address,
        is_branch=is_branch,
    )
    return user, organisation


#: What supervisors edit in the admin (DESIGN.md: tariffs, the MRP table and the working-day calendar).
SUPERVISOR_PERMISSIONS = (
    ("fees", "mrp"),
    ("fees", "tariff"),
    ("fees", "stateduty"),
    ("workcalendar", "calendaroverride"),
)
SUPERVISORS_GROUP = "Supervisors"


def supervisors_group_sync() -> None:
    """Create the Supervisors group with add/change/view permissions on tariffs, MRP, duties and the calendar."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=SUPERVISORS_GROUP)
    perms = Permission.objects.filter(
        content_type__app_label__in={a for a, _ in SUPERVISOR_PERMISSIONS},
        content_type__model__in={m for _, m in SUPERVISOR_PERMISSIONS},
        codename__regex=r"^(add|change|view)_",
    )
    group.permissions.set(perms)


@transaction.atomic
def staff_user_create(*, username: str, email: str, password: str, supervisor: bool, **names: str) -> User:
    """Create an Expat Centre officer or supervisor login (supervisors may use the admin for tariffs/calendar)."""
    from django.contrib.auth.models import Group

    user = User.objects.create_user(
        username=username,
        email=email,
        password=password,
        role=Role.SUPERVISOR if supervisor else Role.OFFICER,
        is_staff=supervisor,
        **names,
    )
    if supervisor:
        supervisors_group_sync()
        user.groups.add(Group.objects.get(name=SUPERVISORS_GROUP))
    return user


# ----------------------------------------------------------------------------------------------- access log
def personal_data_access_record(
    *,
    user: User,
    what: str,
    persons: Iterable[Person | int] = (),
    object_ids: Mapping[str, Iterable[int]] | None = None,
) -> PersonalDataAccess | None:
    """Log that Expat Centre staff saw persons' data: one row for one page, API answer or download.

    ``what``: where, in words, cut to 200 characters ("officer queue page 2"); ``persons``: every person (row or id)
    whose data it showed, each linked once; ``object_ids``: what was shown by id, ``{"application": [12, 14]}``.
    Only officers' and supervisors' reads are logged (the privacy audit of DESIGN.md, "Audit and privacy"; issue 6,
    §5); for anyone else nothing is written and None returned. Call it from the view that shows the data.
    """
    if not user.is_authenticated or not user.is_staff_officer:
        return None
    person_ids = sorted({p if isinstance(p, int) else p.pk for p in persons})
    ids = {kind: sorted(set(values)) for kind, values in (object_ids or {}).items()}
    with transaction.atomic():
        access = PersonalDataAccess.objects.create(user=user, what=what[:200], object_ids=ids)
        # One INSERT for all the links (``persons.add`` would first read which exist): pages log on every view.
        link = PersonalDataAccess.persons.through
        link.objects.bulk_create([link(personaldataaccess_id=access.pk, person_id=pk) for pk in person_ids])
    return access
