"""Signal receivers: the payments app learns of the engine's transitions without the engine naming it."""

from __future__ import annotations

from typing import Any

from applications.constants import State
from applications.models import Application


def on_application_transition(sender: type, instance: Any, name: str, source: str, target: str, **kwargs: Any) -> None:
    """django-fsm's ``post_transition``: when an application's documents are approved, issue its invoice in the
    same transaction (the engine saves the transition next; if that fails, both roll back)."""
    if not isinstance(instance, Application) or target != State.DOCUMENTS_APPROVED or source != State.IN_REVIEW:
        return
    from .services import invoice_issue

    # Two officers approving at once: lock the row as it is in the database. The first holds the lock until its
    # transition commits; the second then finds the state changed, issues nothing here, and its own save fails as
    # the engine's concurrent-transition conflict (409), never as a duplicate invoice.
    if not Application.objects.select_for_update().filter(pk=instance.pk, state=source).exists():
        return
    invoice_issue(instance)
