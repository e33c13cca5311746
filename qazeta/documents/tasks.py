"""Periodic work of issued documents: re-queue documents lost while the broker was down."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger(__name__)

#: Leave a just-issued application to the task queued on commit; only older ones count as lost.
GRACE = dt.timedelta(minutes=2)
#: At most this many applications per run, oldest first; the next run (every 5 minutes) takes the rest.
BATCH = 200


@shared_task(
    name="qazeta.documents.tasks.requeue_pending_documents",
    acks_late=True,
    soft_time_limit=60,
    time_limit=90,
)
def requeue_pending_documents() -> int:
    """Call the issue hook again for issued applications that have no issued document yet.

    Covers services with a registered issue hook (``applications.registry.issue_hook``) only. The hooks
    queue idempotent tasks, so calling one twice costs a render at most. Returns how many were re-queued.
    Scheduled by ``CELERY_BEAT_SCHEDULE["requeue-lost-documents"]``.
    """
    from applications.catalogue import all_services
    from applications.constants import State
    from applications.models import Application
    from applications.registry import issue_hook

    hooks = {s.code: hook for s in all_services() if (hook := issue_hook(s.code)) is not None}
    if not hooks:
        return 0
    cutoff = timezone.now() - GRACE
    pending = (
        Application.objects.filter(state=State.ISSUED, service_code__in=list(hooks), issued_documents__isnull=True)
        .filter(Q(decided_at__lt=cutoff) | Q(decided_at__isnull=True))
        .order_by("decided_at", "pk")
        .values_list("pk", "service_code")[:BATCH]
    )
    count = 0
    for application_id, service_code in pending:
        try:
            hooks[service_code](application_id)
        except Exception:
            # One broken application must not stop the others; it is tried again on the next run.
            logger.exception("requeue_pending_documents: hook failed for application %s", application_id)
            continue
        count += 1
    if count:
        logger.warning("requeue_pending_documents: re-queued %s lost document task(s)", count)
    return count
