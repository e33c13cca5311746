"""Periodic work of the visa records (Celery beat, ``CELERY_BEAT_SCHEDULE``; on the embedded default, bin/run)."""

from __future__ import annotations

from celery import shared_task

from .reminders import visa_reminders_send


@shared_task(name="qazeta.records.tasks.send_visa_reminders", acks_late=True, soft_time_limit=300, time_limit=360)
def send_visa_reminders() -> int:
    """E-mail host-party admins the extension-window reminders due today (idempotent); returns how many were sent."""
    return visa_reminders_send()
