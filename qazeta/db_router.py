"""An optional read replica for officer lists, dashboards and exports (docs/decisions/0019-…).

On only when ``DATABASE_REPLICA_URL`` is set (``settings.DATABASES["replica"]``). Nothing reads from the replica
unless asked to, in one of two ways:

- :class:`ReplicaReadsMiddleware` turns replica reads on for the GET/HEAD requests of the views named in
  ``settings.DATABASE_REPLICA_VIEWS`` (URL names: the officer queue, the dashboard and its CSV exports, ...), for
  the time the view runs and its response is rendered, when the replica is reachable (else the primary serves);
- :func:`reading_from_replica`, a context manager, for any other code (a management command's export).

While replica reads are on, :class:`ReplicaRouter` sends reads of every model to the replica except those of
``PRIMARY_ONLY_APPS`` (users, sessions, second factor, tokens, lockouts: what a sign-in has just written and a
lagging replica would not have yet). Writes always go to the primary ("default"), and so do reads in a
transaction the request opened on it (Django routes a query inside ``atomic()`` by the router as usual: the lists
served from the replica open none). The replica lags the primary by its replication delay (seconds at most on
streaming replication): the lists it serves may miss a change made a moment ago, never the officer's own action
page, which is not in DATABASE_REPLICA_VIEWS.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse

#: The alias of the replica in ``settings.DATABASES``.
REPLICA = "replica"

#: Apps whose rows are always read from the primary (sign-in state a lagging replica may not have yet).
PRIMARY_ONLY_APPS = frozenset(
    {"accounts", "auth", "sessions", "contenttypes", "otp_totp", "otp_static", "knox", "axes", "admin"}
)

logger = logging.getLogger(__name__)

_reads_to_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("reads_to_replica", default=False)


def replica_configured() -> bool:
    """True when ``settings.DATABASES`` has a "replica" alias (DATABASE_REPLICA_URL was set)."""
    return REPLICA in settings.DATABASES


def replica_alias() -> str:
    """``"replica"`` when one is configured, else ``"default"``: for an explicit ``.using(replica_alias())``."""
    return REPLICA if replica_configured() else "default"


def replica_reads_on() -> bool:
    """True inside :func:`reading_from_replica` (or a view of DATABASE_REPLICA_VIEWS) with a replica configured."""
    return _reads_to_replica.get() and replica_configured()


@contextlib.contextmanager
def reading_from_replica() -> Iterator[None]:
    """Within the block, reads (outside PRIMARY_ONLY_APPS) go to the replica when one is configured; nests."""
    token = _reads_to_replica.set(True)
    try:
        yield
    finally:
        _reads_to_replica.reset(token)


def replica_reachable() -> bool:
    """Whether the replica can be used now: its connection is open or opens (a persistent connection that fails its
    health check is reopened first). When it cannot, the request is served from the primary and a warning is
    logged: a replica outage slows the officer lists down, it does not take them away."""
    replica = connections[REPLICA]
    try:
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except DatabaseError:
        logger.warning("read replica unreachable: serving from the primary", exc_info=True)
        return False
    return True


class ReplicaRouter:
    """Django database router (settings.DATABASE_ROUTERS): replica reads only when switched on, see the module."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        """``"replica"`` for a read of ``model`` while replica reads are on; None (the default) otherwise."""
        if replica_reads_on() and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return None

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        """Always None: every write goes to the primary."""
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        """Rows of the primary and the replica are the same rows: relations between them are allowed."""
        databases = {obj1._state.db, obj2._state.db}
        return True if databases <= {"default", REPLICA} else None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        """Never migrate the replica: it replicates the primary's schema."""
        return False if db == REPLICA else None


class ReplicaReadsMiddleware:
    """Turns replica reads on for GET/HEAD requests to the views named in ``settings.DATABASE_REPLICA_VIEWS``.

    From the view's start (``process_view``) to the end of the response's rendering. A streamed response's body
    is read after this middleware returns, from the primary.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.view_names = frozenset(getattr(settings, "DATABASE_REPLICA_VIEWS", ()))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Django renders a TemplateResponse before it comes back up the middleware chain: inside the block.
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_replica_reads_token", None)
            if token is not None:
                del request._replica_reads_token
                with contextlib.suppress(ValueError):  # set in another context (an async handler's thread): gone
                    _reads_to_replica.reset(token)

    def process_view(self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict) -> None:
        """Switch replica reads on when this is a read-only request to one of the named views."""
        match = request.resolver_match
        if (
            request.method in ("GET", "HEAD")
            and match is not None
            and match.url_name in self.view_names
            and replica_configured()
            and replica_reachable()
        ):
            request._replica_reads_token = _reads_to_replica.set(True)
