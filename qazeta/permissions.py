"""Who may do what: every access rule of the portal, as predicates, in one module.

Services, HTML views, DRF permission classes and templates all ask these rules, by name
(``user.has_perm("applications.act_as_filer", application)``, ``{% has_perm ... %}``) or by calling the
predicates; querysets that list what a user may see are built here too, from the same definitions
(``visible_applications_q``, ``visible_persons_q``), so a list and a detail page can never disagree.
Library: ``rules`` (django-rules), see docs/decisions/0013-permissions-in-one-module.md.

It lives in the kernel and knows the engine's rows only by their fields (``state``, ``filer_id``,
``organisation_id``, ``assigned_to_id``, ``person``), so both the kernel and the engine may ask it.

The rules (issue 6, OWASP ASVS L2 V4 access control):
- Expat Centre staff (officers, supervisors) never file, never register host parties, never join them.
- Access to a host party's application follows *current* membership of that host party; a self-applicant
  keeps her own applications; an employee with an applicant login sees (never acts on) his own.
- Drafts are the filing side's own: staff see none, on any path, until submitted.
- The holder of an application (its assigned officer), or a supervisor, takes every holder-only action; an
  unassigned application is first claimed.
- Only admins of a host party manage its members and its staff roster; filers file.
- A host party files at once but submits only once an officer verified its registration.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from qazeta.accounts import scope
from qazeta.accounts.constants import MembershipRole, Role, VerificationStatus

#: The engine's draft state (``applications.constants.State.DRAFT``), by value: the kernel does not import it.
DRAFT = "draft"


# ------------------------------------------------------------------------------------------------ roles
@rules.predicate
def is_staff(user: Any) -> bool:
    """An Expat Centre officer or supervisor."""
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and user.role in (Role.OFFICER, Role.SUPERVISOR)
    )


@rules.predicate
def is_supervisor(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.SUPERVISOR)


@rules.predicate
def is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


# ------------------------------------------------------------------------------------------------ host parties
def _organisation_id(obj: Any) -> int | None:
    """The host party an object belongs to: an Organisation itself, or anything with ``organisation_id``."""
    if obj is None:
        return None
    if obj.__class__.__name__ == "Organisation":
        return obj.pk
    return getattr(obj, "organisation_id", None)


@rules.predicate
def is_member(user: Any, obj: Any) -> bool:
    """A current member (admin or filer) of the host party of ``obj``."""
    org_id = _organisation_id(obj)
    return bool(org_id and user.is_authenticated and org_id in scope.memberships(user))


@rules.predicate
def is_admin(user: Any, obj: Any) -> bool:
    """A current admin of the host party of ``obj``."""
    org_id = _organisation_id(obj)
    return bool(org_id and user.is_authenticated and scope.memberships(user).get(org_id) == MembershipRole.ADMIN)


@rules.predicate
def host_party_verified(user: Any, obj: Any) -> bool:
    """The host party of ``obj`` was verified by an officer (``Organisation.verification_status``); True without one."""
    org_id = _organisation_id(obj)
    if not org_id:
        return True
    from qazeta.accounts.models import Organisation

    return Organisation.objects.filter(pk=org_id, verification_status=VerificationStatus.VERIFIED).exists()


# ------------------------------------------------------------------------------------------------ applications
@rules.predicate
def is_own_self_application(user: Any, application: Any) -> bool:
    """A self-applicant's own application: no host party, filed by her for herself."""
    return bool(
        application is not None
        and application.organisation_id is None
        and application.filer_id == user.pk
        and not is_staff(user)
    )


@rules.predicate
def is_the_person(user: Any, application: Any) -> bool:
    """The person the application is for, through their applicant login (read only)."""
    return bool(application is not None and user.is_authenticated and application.person.account_id == user.pk)


@rules.predicate
def is_draft(user: Any, application: Any) -> bool:
    return bool(application is not None and application.state == DRAFT)


@rules.predicate
def holds(user: Any, application: Any) -> bool:
    """The application's assigned officer, or nobody holds it yet (it is then claimed first)."""
    return bool(application is not None and application.assigned_to_id in (None, user.pk))


@rules.predicate
def is_own_person_or_family(user: Any, person: Any) -> bool:
    """``person`` has no host party and is the user's own person, or a family member of it (a self-applicant)."""
    if person is None or person.organisation_id is not None or not user.is_authenticated:
        return False
    if person.account_id == user.pk:
        return True
    principal = person.principal
    return principal is not None and principal.organisation_id is None and principal.account_id == user.pk


#: The filing side: a current member of the host party, or the self-applicant herself. Never staff.
acts_as_filer = ~is_staff & (is_member | is_own_self_application)
#: Reading an application: the filing side, the person themselves, or staff once it is submitted.
may_view = acts_as_filer | (is_the_person & ~is_staff) | (is_staff & ~is_draft)
#: Officer decisions (review, information requests, approval, originals, forwarding, outcome, extension).
may_decide = is_staff & ~is_draft & (holds | is_supervisor)

rules.add_perm("applications.view_application", may_view)
rules.add_perm("applications.act_as_filer", acts_as_filer)
rules.add_perm("applications.submit", acts_as_filer & host_party_verified)
rules.add_perm("applications.decide", may_decide)
rules.add_perm("applications.claim", is_staff & ~is_draft)
rules.add_perm("applications.assign", is_supervisor)
rules.add_perm("applications.cancel", is_supervisor)
rules.add_perm("applications.revoke_document", is_supervisor)
rules.add_perm("applications.read_access_log", is_supervisor)
#: The supervisors' dashboard of the whole Expat Centre (applications/views/dashboard.py).
rules.add_perm("applications.view_dashboard", is_supervisor)
#: Opening a case on the deciding body's own initiative (``ServiceDefinition.opened_by_staff``): supervisors only.
rules.add_perm("applications.open_on_own_initiative", is_supervisor)
#: Filing at all: never staff. Which service and for whom is the service's own rule (``ServiceDefinition.filers``).
rules.add_perm("applications.file", is_signed_in & ~is_staff)
rules.add_perm("accounts.register_organisation", is_signed_in & ~is_staff)
rules.add_perm("accounts.join_host_party", is_signed_in & ~is_staff)
rules.add_perm("accounts.manage_members", ~is_staff & is_admin)
rules.add_perm("accounts.manage_roster", ~is_staff & is_admin)
rules.add_perm("accounts.file_for_host_party", ~is_staff & is_member)
rules.add_perm("accounts.verify_organisation", is_staff)
#: Declaring a visa the person already holds: the person's filing side (a member of the person's host party, or the
#: self-applicant for herself and her family). Confirming or rejecting it is staff's (``records.confirm_visa``).
# Payments (docs/decisions/0016-payments.md): the filing side pays and uploads the receipt, the holder (or a
# supervisor) confirms or rejects it, a supervisor records a refund; a host party's members read its statement.
rules.add_perm("payments.view", may_view)
rules.add_perm("payments.upload_receipt", acts_as_filer)
rules.add_perm("payments.confirm", may_decide)
rules.add_perm("payments.refund", is_supervisor & ~is_draft)
rules.add_perm("payments.view_statement", ~is_staff & is_member)

rules.add_perm("records.declare_visa", ~is_staff & (is_member | is_own_person_or_family))
rules.add_perm("records.confirm_visa", is_staff)


# ------------------------------------------------------------------------------------------------ querysets
def visible_applications_q(user: Any) -> Q:
    """The filter of the applications ``user`` may see (``applications.view_application`` for a list).

    Staff: every submitted application. Others: the host parties they are a current member of, their own
    self-applications, and the applications for their own person. Nothing for an anonymous or inactive user.
    """
    if not is_signed_in(user):
        return Q(pk__in=[])
    if is_staff(user):
        return ~Q(state=DRAFT)
    return (
        Q(organisation_id__in=_member_organisations(user))
        | Q(organisation__isnull=True, filer=user)
        | Q(person__account=user)
    )


def visible_persons_q(user: Any) -> Q:
    """The filter of the persons ``user`` may see: staff all; members their host parties' rosters; everybody
    their own person and, for a self-applicant, her family members."""
    if not is_signed_in(user):
        return Q(pk__in=[])
    if is_staff(user):
        return Q()
    return (
        Q(organisation_id__in=_member_organisations(user))
        | Q(account=user)
        | Q(principal__account=user, organisation__isnull=True)
    )


def _member_organisations(user: Any):  # noqa: ANN202 - a values_list QuerySet, used as a subquery
    # A subquery, not a join: a join through memberships would repeat rows and need DISTINCT.
    from qazeta.accounts.models import Membership

    return Membership.objects.filter(user=user).values("organisation_id")
