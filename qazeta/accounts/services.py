"""Writes for accounts: host parties, their members, the staff roster, applicant logins; the access log."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from .constants import MembershipRole, OrganisationEventKind, Relationship, Role, VerificationStatus
from .models import (
    DUPLICATE_PASSPORT,
    DUPLICATE_PASSPORT_MESSAGE,
    BinDispute,
    Membership,
    Organisation,
    OrganisationEvent,
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
    """A request about accounts that cannot be carried out; ``message`` is for people, ``code`` for programs."""

    def __init__(self, message: str, *, field: str = "", code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


#: The one answer for a username that exists or is reserved: registration must not tell which usernames exist
#: (issue 6; docs/decisions/0009-accounts-security.md).
USERNAME_UNAVAILABLE = gettext("This username cannot be used. Choose another.")
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
    # qazeta/permissions.py: only admins of a host party manage its members and its staff roster; never staff.
    if not user.has_perm("accounts.manage_roster", organisation):
        raise AccountError(gettext("Only an admin of this host party can do this."))


def _require_member(user: User, organisation: Organisation) -> None:
    if not user.has_perm("accounts.file_for_host_party", organisation):
        raise AccountError(gettext("You are not a member of this host party."))


def _event(organisation: Organisation, actor: User | None, kind: str, detail: str = "") -> None:
    OrganisationEvent.objects.create(organisation=organisation, actor=actor, kind=kind, detail=detail[:255])


@transaction.atomic
def organisation_register(
    *,
    user: User,
    name: str,
    bin: str,
    aifc_registration_number: str,
    address: str = "",
    is_branch: bool = False,
    registration_certificate: Any = None,
) -> Organisation:
    """Register an AIFC participant as host party with ``user`` as its first admin.

    ``is_branch``: the host party is a representative office or branch of a foreign legal entity (its general
    power of attorney is then on every checklist; guide 2025, common documents 3).
    ``registration_certificate``: the AIFC registration certificate (an uploaded file), which the officer who
    verifies the host party checks. The host party prepares drafts at once and submits once verified.
    Raises: AccountError (Expat Centre staff never register host parties; a BIN already registered — its holder
    keeps it, a dispute goes to a supervisor: ``bin_dispute_open``); ValidationError (bad BIN check digit,
    duplicate AIFC number).
    """
    if not user.has_perm("accounts.register_organisation"):
        raise AccountError(gettext("Expat Centre staff do not register host parties."))
    if Organisation.objects.filter(bin=bin).exists():
        raise AccountError(
            gettext(
                "A host party with this BIN is already registered. If the BIN is "
                "yours, open a dispute: an Expat Centre supervisor will check it."
            ),
            field="bin",
        )
    org = Organisation(
        name=name, bin=bin, aifc_registration_number=aifc_registration_number, address=address, is_branch=is_branch
    )
    org.full_clean(exclude=["registration_certificate"])
    if registration_certificate is not None:
        extension = _check_certificate(registration_certificate)
        org.registration_certificate.save(f"aifc-registration-{bin}.{extension}", registration_certificate, save=False)
    org.save()
    Membership.objects.create(organisation=org, user=user, role=MembershipRole.ADMIN)
    _event(org, user, OrganisationEventKind.REGISTERED, f"by {user.username}")
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
    membership = Membership.objects.create(organisation=organisation, user=member, role=role)
    _event(organisation, user, OrganisationEventKind.MEMBER_ADDED, f"{username} ({role})")
    return membership


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

    ``data`` holds the ``PERSON_FIELDS``. Only an admin of the host party manages its roster.
    Raises: AccountError (not an admin); ValidationError per field.
    """
    _require_admin(user, organisation)
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
        raise ValidationError({"relationship": gettext("Choose spouse, child or parent.")})
    if principal.organisation_id is not None:
        _require_admin(user, principal.organisation)
    elif principal.account_id != user.pk:
        raise AccountError(gettext("You can add family members only to your own record."))
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
        raise AccountError(gettext("Only staff on a host party's roster get a login this way."))
    _require_admin(user, person.organisation)
    if person.account_id:
        raise AccountError(gettext("This person already has a login."))
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
    registration_certificate: Any = None,
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
        registration_certificate=registration_certificate,
    )
    return user, organisation


#: What supervisors edit in the admin (DESIGN.md: tariffs, the MRP table and the working-day calendar).
SUPERVISOR_PERMISSIONS = (
    ("fees", "mrp"),
    ("fees", "tariff"),
    ("fees", "stateduty"),
    ("workcalendar", "calendaroverride"),
    # The country table (apostille, legal assistance conventions, CIS/EAEU, visa-free days) with its provenance.
    ("countries", "country"),
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


# ----------------------------------------------------------------------------------------------- host party onboarding
def _check_certificate(upload: Any) -> str:
    """The certificate passes every upload check of ``qazeta.uploads`` (type by content, size, PDF structure,
    image pixels, virus scan); returns the extension to store it with. Raises AccountError naming the field."""
    from qazeta import uploads

    try:
        mime, _content = uploads.inspect_upload(upload)
    except uploads.FileRefused as exc:
        raise AccountError(exc.message, field="registration_certificate") from None
    upload.seek(0)
    return uploads.ACCEPTED_TYPES[mime]


@transaction.atomic
def organisation_verify(*, user: User, organisation: Organisation, verified: bool, note: str = "") -> Organisation:
    """An Expat Centre officer verifies a host party's registration (or refuses it, with the reason).

    Verified, it may submit applications (``applications.submit`` in qazeta/permissions.py); refused, it sees
    the reason on its page and may upload a new certificate. Raises: AccountError (not staff; no reason given
    for a refusal).
    """
    from django.utils import timezone

    if not user.has_perm("accounts.verify_organisation"):
        raise AccountError(gettext("Only Expat Centre officers verify host parties."))
    note = note.strip()
    if not verified and not note:
        raise AccountError(gettext("Give the reason the registration cannot be verified."), field="note")
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    locked.verification_status = VerificationStatus.VERIFIED if verified else VerificationStatus.REFUSED
    locked.verified_at = timezone.now() if verified else None
    locked.verified_by = user
    locked.verification_note = "" if verified else note
    locked.save(update_fields=["verification_status", "verified_at", "verified_by", "verification_note"])
    kind = OrganisationEventKind.VERIFIED if verified else OrganisationEventKind.VERIFICATION_REFUSED
    _event(locked, user, kind, note)
    return locked


@transaction.atomic
def member_remove(*, user: User, membership: Membership) -> None:
    """An admin removes a member: their access to the host party's applications ends at once.

    Access follows current membership (qazeta/permissions.py), so nothing else is needed; the removal is on
    the host party's history. Raises: AccountError (not an admin; the last admin cannot be removed).
    """
    organisation = membership.organisation
    _require_admin(user, organisation)
    locked = Membership.objects.select_for_update().filter(organisation=organisation)
    admins = [m for m in locked if m.role == MembershipRole.ADMIN]
    if membership.role == MembershipRole.ADMIN and len(admins) <= 1:
        raise AccountError(gettext("A host party keeps at least one admin; make another member admin first."))
    username = membership.user.username
    membership.delete()
    _event(organisation, user, OrganisationEventKind.MEMBER_REMOVED, username)


@transaction.atomic
def member_role_change(*, user: User, membership: Membership, role: str) -> Membership:
    """An admin makes a member admin or filer. Raises: AccountError (not an admin; unknown role; last admin)."""
    organisation = membership.organisation
    _require_admin(user, organisation)
    if role not in MembershipRole.values:
        raise AccountError(gettext("Choose admin or filer."), field="role")
    locked = list(Membership.objects.select_for_update().filter(organisation=organisation))
    admins = [m for m in locked if m.role == MembershipRole.ADMIN]
    if membership.role == MembershipRole.ADMIN and role != MembershipRole.ADMIN and len(admins) <= 1:
        raise AccountError(gettext("A host party keeps at least one admin; make another member admin first."))
    membership.role = role
    membership.save(update_fields=["role"])
    _event(organisation, user, OrganisationEventKind.MEMBER_ROLE_CHANGED, f"{membership.user.username}: {role}")
    return membership


@transaction.atomic
def bin_dispute_open(*, user: User, bin: str, organisation_name: str, message: str) -> BinDispute:
    """Someone says a registered BIN is theirs; a supervisor settles it (admin → Accounts → BIN disputes).

    Raises: AccountError (no host party holds this BIN; no message; Expat Centre staff).
    """
    if not user.has_perm("accounts.register_organisation"):
        raise AccountError(gettext("Expat Centre staff do not register host parties."))
    organisation = Organisation.objects.filter(bin=bin).first()
    if organisation is None:
        raise AccountError(gettext("No host party holds this BIN; register it instead."), field="bin")
    if not message.strip():
        raise AccountError(gettext("Say why the BIN is yours (e.g. your position in the company)."), field="message")
    return BinDispute.objects.create(
        bin=bin,
        organisation=organisation,
        claimant=user,
        claimant_organisation_name=organisation_name.strip()[:255],
        message=message.strip(),
    )


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
