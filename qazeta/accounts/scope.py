"""A request-scoped memo of what a user is to the portal: the host parties they are a current member of (with
their role) and the persons their applicant login is.

Every access check asks these (``qazeta.permissions.is_member``, ``is_admin``, the application lists); one API
request used to read the memberships four times and the persons twice (issue 10: filing). A
``qazeta.request_memo.RequestMemo``: open for each HTTP request, openable elsewhere with :func:`user_scope`;
outside a scope every question reads the database, as before. Saving or deleting a ``Membership`` or a ``Person``
empties it, so a member removed or a person linked in the middle of a request is seen by the rest of it, and a
removal takes effect on the next request of every process (issue 7: removed members lose access at once).
"""

from __future__ import annotations

from typing import Any

from qazeta.request_memo import RequestMemo

memo = RequestMemo("accounts_user_scope")

#: Open a memo scope for the block (nested scopes share the outer one).
user_scope = memo.scope


def memberships(user: Any) -> dict[int, str]:
    """``{organisation id: MembershipRole value}`` of ``user``'s current memberships (one query per scope, or per
    call outside a scope); ``{}`` for an anonymous user."""
    if not getattr(user, "is_authenticated", False):
        return {}

    def read() -> dict[int, str]:
        from .models import Membership

        return dict(Membership.objects.filter(user_id=user.pk).values_list("organisation_id", "role"))

    return memo.remember(("memberships", user.pk), read)


def own_person_ids(user: Any) -> list[int]:
    """The ids of the persons whose applicant login ``user`` is (``Person.account``): usually none or one."""
    if not getattr(user, "is_authenticated", False):
        return []

    def read() -> list[int]:
        from .models import Person

        return list(Person.objects.filter(account_id=user.pk).order_by("pk").values_list("pk", flat=True))

    return memo.remember(("persons", user.pk), read)
