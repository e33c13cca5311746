"""A request-scoped memo of what a user is to the portal: the host parties they are a current member of (with
their role) and the persons their applicant login is.

Every access check asks these (``qazeta.permissions.is_member``, ``is_admin``, the application lists); one API
request used to read the memberships four times and the persons twice (issue 10: filing). The memo lives only
while a scope is open: each HTTP request opens one (``request_started``; closed on ``request_finished``), code
outside a request (a task, a command, a test calling a service) may open one with :func:`user_scope`, and outside
a scope every question reads the database, as before. Saving or deleting a ``Membership`` or a ``Person`` through
the ORM empties the open scope (``post_save`` / ``post_delete``), so a member removed or a person linked in the
middle of a request is seen by the rest of it; nothing is kept between requests, so a removal in one process
takes effect on the next request of every other process (issue 7: removed members lose access at once).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

#: ``None`` outside a scope; in a scope, ``{(kind, user id): answer}`` for the questions asked so far.
_memo: ContextVar[dict[tuple[str, int], Any] | None] = ContextVar("accounts_user_scope", default=None)


def memberships(user: Any) -> dict[int, str]:
    """``{organisation id: MembershipRole value}`` of ``user``'s current memberships (one query per scope, or per
    call outside a scope); ``{}`` for an anonymous user."""
    if not getattr(user, "is_authenticated", False):
        return {}

    def read() -> dict[int, str]:
        from .models import Membership

        return dict(Membership.objects.filter(user_id=user.pk).values_list("organisation_id", "role"))

    return _remember("memberships", user.pk, read)


def own_person_ids(user: Any) -> list[int]:
    """The ids of the persons whose applicant login ``user`` is (``Person.account``): usually none or one."""
    if not getattr(user, "is_authenticated", False):
        return []

    def read() -> list[int]:
        from .models import Person

        return list(Person.objects.filter(account_id=user.pk).order_by("pk").values_list("pk", flat=True))

    return _remember("persons", user.pk, read)


def _remember(kind: str, user_id: int, read: Any) -> Any:
    memo = _memo.get()
    if memo is None:
        return read()
    key = (kind, user_id)
    if key not in memo:
        memo[key] = read()
    return memo[key]


@contextlib.contextmanager
def user_scope() -> Iterator[None]:
    """Open a memo scope for the block (nested scopes share the outer one)."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def clear(**kwargs: Any) -> None:
    """Empty the open scope (a membership or a person was saved or deleted); no-op outside a scope."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


def open_for_request(**kwargs: Any) -> None:
    """``request_started``: a fresh, empty scope for this request (never one left by an earlier request)."""
    _memo.set({})


def close_for_request(**kwargs: Any) -> None:
    """``request_finished``: drop the request's scope."""
    _memo.set(None)
