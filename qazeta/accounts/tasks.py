"""Periodic work of accounts: the sign-in log's retention (Celery beat, ``CELERY_BEAT_SCHEDULE``)."""

from __future__ import annotations

from celery import shared_task

from .signin.services import signin_events_prune


@shared_task(name="qazeta.accounts.tasks.prune_signin_events", acks_late=True, soft_time_limit=60, time_limit=90)
def prune_signin_events() -> int:
    """Delete sign-in log rows older than ``SIGN_IN_EVENT_RETENTION_DAYS`` (idempotent); returns how many."""
    return signin_events_prune()
