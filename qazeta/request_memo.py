"""Request-scoped memos: answers kept while a scope is open, forgotten when a watched model changes.

A :class:`RequestMemo` holds a dict while a scope is open: each HTTP request opens one (``request_started``) and
drops it (``request_finished``), and code outside a request (a task, a command, a test) may open one with
:meth:`RequestMemo.scope`. Outside a scope nothing is kept and every question reads the database. Saving or
deleting a watched model through the ORM (``post_save`` / ``post_delete``) empties the open scope, so the rest of
the request sees the change; nothing is kept between requests, so an edit in one process is seen by the next
request of every other process, and a rolled-back test transaction leaves nothing stale behind.

Used by the country table (``qazeta.countries.cache``) and a user's memberships and persons
(``qazeta.accounts.scope``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import models

_T = TypeVar("_T")


class RequestMemo:
    """A dict of answers that lives as long as the open scope (see the module)."""

    def __init__(self, name: str) -> None:
        self.name = name
        #: ``None`` outside a scope; in a scope, the answers kept so far.
        self._memo: ContextVar[dict[Hashable, Any] | None] = ContextVar(name, default=None)

    def is_open(self) -> bool:
        """Whether a scope is open (in a request, or inside :meth:`scope`)."""
        return self._memo.get() is not None

    def remember(self, key: Hashable, read: Callable[[], _T]) -> _T:
        """``read()``'s answer for ``key``: read once per scope; read every time outside a scope."""
        memo = self._memo.get()
        if memo is None:
            return read()
        if key not in memo:
            memo[key] = read()
        return memo[key]

    @contextlib.contextmanager
    def scope(self) -> Iterator[None]:
        """Open a scope for the block (nested scopes share the outer one)."""
        if self._memo.get() is not None:
            yield
            return
        token = self._memo.set({})
        try:
            yield
        finally:
            self._memo.reset(token)

    def clear(self, **kwargs: Any) -> None:
        """Empty the open scope (a watched model was saved or deleted); no-op outside a scope."""
        memo = self._memo.get()
        if memo is not None:
            memo.clear()

    def open_for_request(self, **kwargs: Any) -> None:
        """``request_started``: a fresh, empty scope for this request (never one left by an earlier request)."""
        self._memo.set({})

    def close_for_request(self, **kwargs: Any) -> None:
        """``request_finished``: drop the request's scope."""
        self._memo.set(None)

    def connect(self, *, watch: Iterable[type[models.Model]]) -> None:
        """Open and close the scope with each request, and empty it when a ``watch`` model is saved or deleted
        (call from an ``AppConfig.ready``)."""
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_delete, post_save

        request_started.connect(self.open_for_request, dispatch_uid=f"{self.name}.open")
        request_finished.connect(self.close_for_request, dispatch_uid=f"{self.name}.close")
        for model in watch:
            label = model._meta.label_lower
            post_save.connect(self.clear, sender=model, dispatch_uid=f"{self.name}.clear_save.{label}")
            post_delete.connect(self.clear, sender=model, dispatch_uid=f"{self.name}.clear_delete.{label}")
