"""Writes for accounts: host parties, their members, the staff roster, applicant logins."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from .constants import MembershipRole, Relationship, Role
from .models import DUPLICATE_PASSPORT, DUPLICATE_PASSPORT_MESSAGE, Membership, Organisation, Person, User

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
    """A request about accounts that cannot be carried out; ``message`` is for people, ``code`` for programs."""

    def __init__(self, message: str, *, field: str = "", code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


#: The one answer for a username that exists or is reserved: registration must not tell which usernames exist
#: (issue 6; docs/decisions/0009-accounts-security.md).
USERNAME_UNAVAILABLE = "This username cannot be used. Choose another."
USERNAME_UNAVAILABLE_CODE = "username_unavailable"
#: Usernames nobody registers: they would pass for the Expat Centre in e-mails and on the roster.
RESERVED_USERNAMES = frozenset(
    {"admin", "administrator", "root", "staff", "support", "officer", "supervisor", "expatcentre", "qazeta"}
)


def _require_username_free(username: str, password: str) -> None:
    """Raise ``AccountError`` (code ``username_unavailable``) when ``username`` exists or is reserved.

    The same message either way; the password is hashed anyway so the answer takes as long as a registration
    that goes through (a timing difference would tell too).
    """
    if username.casefold() in RESERVED_USERNAMES or User.objects.filter(username=username).exists():
        make_password(password)
        raise AccountError(USERNAME_UNAVAILABLE, field="username", code=USERNAME_UNAVAILABLE_CODE)


def _validate_password(password: str, user: User) -> None:
    """Django's password validators with the user (12 characters at least, not like the username, e-mail or
    names, not common, not all digits). Raises ``ValidationError({"password": [...]})``."""
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None


def _create_login(*, username: str, email: str, password: str, role: str, **extra: Any) -> User:
    """``create_user`` after the password validators have seen the new user (every password-setting path)."""
    user = User(username=username, email=email, role=role, **extra)
    _validate_password(password, user)
    return User.objects.create_user(username=username, email=email, password=password, role=role, **extra)


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
    """An admin adds a member (admin or filer) with a new login.

    Raises: AccountError (not an admin; username unavailable); ValidationError (``password``: the validators).
    """
    _require_admin(user, organisation)
    _require_username_free(username, password)
    member = _create_login(username=username, email=email, password=password, role=Role.EMPLOYER)
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

    Raises: AccountError (not an admin of the host party, person already has a login, username unavailable);
    ValidationError (``password``: the validators, which compare it with the username, e-mail and names).
    """
    if person.organisation is None:
        raise AccountError("Only staff on a host party's roster get a login this way.")
    _require_admin(user, person.organisation)
    if person.account_id:
        raise AccountError("This person already has a login.")
    _require_username_free(username, password)
    account = _create_login(
        username=username,
        email=email,
        password=password,
        role=Role.APPLICANT,
        first_name=person.given_names[:150],
        last_name=person.surname[:150],
    )
    person.account = account
    person.save(update_fields=["account", "updated_at"])
    return account


@transaction.atomic
def applicant_register(*, username: str, email: str, password: str, **data: Any) -> tuple[User, Person]:
    """A foreign national signs up to file for themselves.

    Raises: AccountError (username unavailable: the same answer whether it exists or is reserved);
    ValidationError (``password``: the validators, with the user's names; person fields).
    """
    _require_username_free(username, password)
    user = _create_login(
        username=username,
        email=email,
        password=password,
        role=Role.APPLICANT,
        first_name=str(data.get("given_names", ""))[:150],
        last_name=str(data.get("surname", ""))[:150],
    )
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

    Raises: AccountError (username unavailable: the same answer whether it exists or is reserved);
    ValidationError (``password``: the validators; bad BIN check digit, duplicate BIN/AIFC number).
    Nothing is created unless everything is valid.
    """
    _require_username_free(username, password)
    user = _create_login(
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
    # The sign-in log (read-only in the admin: add/change are refused there whatever the group holds).
    ("accounts", "signinevent"),
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
    """Create an Expat Centre officer or supervisor login (supervisors may use the admin for tariffs/calendar).

    Staff add an authenticator app at their first sign-in (``qazeta.accounts.signin``). Raises: ValidationError
    (``password``: the validators).
    """
    from django.contrib.auth.models import Group

    user = _create_login(
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
