"""The transactional outbox: e-mails and tasks recorded with the change that causes them, handed to Celery later.

A service calls :func:`email_later` or :func:`task_later` inside its transaction: the ``OutboxMessage`` row
commits with the state change or not at all. After commit, :func:`dispatch` hands the row to the broker, best
effort: a broker that is down is logged and recorded on the row, never raised to the user (the change is
committed; the user gets their answer). :func:`dispatch_pending`, run by Celery beat every minute
(``applications.tasks.dispatch_outbox``) and by ``manage.py dispatch_outbox``, hands over what is still unsent.

Tasks are named, not imported: services call this module, and tasks sit above services (import-linter layers).
With ``CELERY_TASK_ALWAYS_EAGER`` (the embedded default, the tests) the hand-over runs the task at once.
See docs/decisions/0011-outbox-and-access-log.md.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError

from applications.models import Application, OutboxMessage, StatusChange
from qazeta.accounts.logfilters import mask_personal_data

logger = logging.getLogger(__name__)

#: The e-mail task (``applications.notifications.send_outbox_email``); it takes the outbox row's id.
SEND_EMAIL_TASK = "applications.notifications.send_outbox_email"
#: A row never handed over is left this long to its own on-commit hand-over before the sweeper takes it
#: (unless that hand-over already failed: then at once).
GRACE = dt.timedelta(seconds=60)
#: An e-mail handed over but still not sent after this long (its task was lost, or gave up after its retries:
#: 5 tries a minute apart) is handed over again.
REDISPATCH_AFTER = dt.timedelta(minutes=15)
#: Hand-overs the broker took before the sweeper gives an e-mail up (then it stays unsent, with its last error,
#: and is logged as an error for an operator).
MAX_ATTEMPTS = 5
#: At most this many rows per sweep, oldest first; the next run takes the rest.
BATCH = 500


def _record(*, kind: str, task_name: str, args: Sequence[Any], key: str) -> OutboxMessage:
    """Write the row (once per ``key``) in the caller's transaction, and hand it over after commit."""
    message, created = OutboxMessage.objects.get_or_create(
        idempotency_key=key[:200], defaults={"kind": kind, "task_name": task_name, "args": list(args)}
    )
    if created:
        # robust: an exception here must never reach the user whose change has just committed.
        transaction.on_commit(partial(dispatch, [message.pk]), robust=True)
    return message


def email_later(application: Application, kind: str) -> OutboxMessage:
    """Record the ``kind`` e-mail of ``application`` (a template of ``applications/email/``), sent after commit.

    Call inside the transaction of the change the e-mail tells about. The idempotency key is the application,
    the kind and the newest timeline row (the change this transaction wrote), so each event has one e-mail.
    Returns the outbox row (an existing one when the same event was recorded already).
    """
    change = StatusChange.objects.filter(application_id=application.pk).order_by("-pk").values_list("pk", flat=True)
    key = f"email:{application.pk}:{kind}:{change.first() or 0}"
    return _record(kind=OutboxMessage.Kind.EMAIL, task_name=SEND_EMAIL_TASK, args=[application.pk, kind], key=key)


def task_later(task_name: str, args: Sequence[Any], *, key: str) -> OutboxMessage:
    """Record a Celery task ``task_name(*args)`` (JSON arguments), queued after commit; ``key`` names the work
    (e.g. ``"render_output:12:invitation_letter"``), so recording it twice records it once. The task must be
    idempotent: the sweeper may hand it over again."""
    return _record(kind=OutboxMessage.Kind.TASK, task_name=task_name, args=args, key=f"task:{key}")


def dispatch(message_ids: Iterable[int]) -> int:
    """Hand the unsent messages ``message_ids`` to the broker, oldest first; returns how many it took.

    Never raises. A broker that cannot be reached (``kombu`` ``OperationalError``) is recorded on the row
    (``last_error``) and ends the run: the rest wait for the sweeper. Any other error (an eager task that failed)
    is recorded and the next message is tried. A task row is sent once the broker took it; an e-mail row once
    its task has sent it.
    """
    from celery import current_app

    handed = 0
    for message in OutboxMessage.objects.filter(pk__in=list(message_ids), sent_at__isnull=True).order_by("pk"):
        args = [message.pk] if message.kind == OutboxMessage.Kind.EMAIL else list(message.args)
        try:
            # Celery's default publish retry policy gives up within a second when the broker refuses connections
            # (the request that committed is waiting); the sweeper is the real retry.
            current_app.signature(message.task_name, args=args).apply_async()
        except Exception as exc:
            error = mask_personal_data(f"{type(exc).__name__}: {exc}")[:1000]
            OutboxMessage.objects.filter(pk=message.pk).update(last_error=error)
            if isinstance(exc, OperationalError):
                logger.warning("outbox: broker unreachable, message %s left to the sweeper: %s", message.pk, error)
                return handed
            logger.exception("outbox: message %s (%s) failed", message.pk, message.task_name)
            continue
        now = timezone.now()
        changes: dict[str, Any] = {"dispatched_at": now, "attempts": F("attempts") + 1}
        if message.kind == OutboxMessage.Kind.TASK:
            changes.update(sent_at=now, last_error="")
        OutboxMessage.objects.filter(pk=message.pk).update(**changes)
        handed += 1
    return handed


def pending(now: dt.datetime | None = None) -> list[int]:
    """Ids of the messages the sweeper should hand over now, oldest first (at most ``BATCH``).

    Unsent, fewer than ``MAX_ATTEMPTS`` hand-overs, and either never handed over (older than ``GRACE``, or its
    on-commit hand-over failed) or handed over more than ``REDISPATCH_AFTER`` ago.
    """
    now = now or timezone.now()
    never = Q(dispatched_at__isnull=True) & (Q(created_at__lt=now - GRACE) | ~Q(last_error=""))
    stale = Q(dispatched_at__lt=now - REDISPATCH_AFTER)
    rows = (
        OutboxMessage.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .filter(never | stale)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    return list(rows[:BATCH])


def dispatch_pending(now: dt.datetime | None = None) -> int:
    """The sweeper: hand over every message :func:`pending` finds; returns how many the broker took. Never raises."""
    handed = dispatch(pending(now))
    if handed:
        logger.info("outbox: handed %s message(s) to the broker", handed)
    return handed
