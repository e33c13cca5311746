"""Celery tasks of the case engine: e-mails, the documents outcomes produce, the outbox sweeper that hands over
what a broker outage kept back, and the sweeper that finds documents still missing. ``autodiscover_tasks``
imports this module in every worker."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from applications import outbox
from applications.notifications import send_application_email, send_outbox_email

__all__ = [
    "dispatch_outbox",
    "sweep_appointments",
    "render_output",
    "requeue_pending_outputs",
    "send_application_email",
    "send_outbox_email",
]

logger = logging.getLogger(__name__)

#: Leave a just-decided application to the task queued on commit; only older ones count as lost.
GRACE = dt.timedelta(minutes=2)
#: At most this many documents per sweep, oldest decisions first; the next run (every 5 minutes) takes the rest.
BATCH = 200


@shared_task(
    name="applications.tasks.render_output",
    bind=True,
    max_retries=5,
    default_retry_delay=30,
    acks_late=True,
    soft_time_limit=60,
    time_limit=90,
)
def render_output(self, application_id: int, kind: str) -> int | None:  # noqa: ANN001 - celery Task
    """Render the generated output ``kind`` (e.g. ``"invitation_letter"``) of application ``application_id``.

    Returns the IssuedDocument's id, or None when the application does not exist or is not in the output's
    outcome (nothing to do). Idempotent: an output already issued is returned as is, so a redelivered or
    re-queued task is harmless. Any other error is retried (5 times, 30 s apart), then raised.
    """
    from applications.models import Application
    from applications.services.outputs import output_generate

    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        logger.warning("render_output: application %s not found", application_id)
        return None
    try:
        document = output_generate(application=application, kind=kind)
    except Exception as exc:
        raise self.retry(exc=exc) from exc
    return document.pk if document is not None else None


@shared_task(name="applications.tasks.requeue_pending_outputs", acks_late=True, soft_time_limit=60, time_limit=90)
def requeue_pending_outputs() -> int:
    """Queue ``render_output`` again for decided applications whose generated outputs are missing.

    For every registered service and each generated output it declares, finds the applications in that
    output's outcome (decided more than ``GRACE`` ago) with no document of that kind. Returns how many tasks
    were queued. Scheduled by ``CELERY_BEAT_SCHEDULE["requeue-lost-documents"]``; ``manage.py sweep_outputs``
    runs it by hand or from cron on the embedded default.
    """
    from applications.models import Application
    from applications.registry import get_registry
    from qazeta.documents.models import IssuedDocument

    cutoff = timezone.now() - GRACE
    queued = 0
    for definition in get_registry():
        for output in definition.outputs:
            if output.received or queued >= BATCH:
                continue
            has_it = IssuedDocument.objects.filter(application_id=OuterRef("pk"), kind=output.kind)
            pending = (
                Application.objects.filter(service_code=definition.code, state=output.outcome)
                .filter(Q(decided_at__lt=cutoff) | Q(decided_at__isnull=True))
                .filter(~Exists(has_it))
                .order_by("decided_at", "pk")
                .values_list("pk", flat=True)[: BATCH - queued]
            )
            for application_id in pending:
                try:
                    render_output.delay(application_id, output.kind)
                except Exception:
                    # The broker is still down: stop here, the next run tries again.
                    logger.exception("requeue_pending_outputs: could not queue application %s", application_id)
                    return queued
                queued += 1
    if queued:
        logger.warning("requeue_pending_outputs: re-queued %s lost document task(s)", queued)
    return queued


@shared_task(name="applications.tasks.dispatch_outbox", acks_late=True, soft_time_limit=50, time_limit=60)
def dispatch_outbox() -> int:
    """The outbox sweeper: hand to the broker the e-mails and tasks still unsent (``applications.outbox``).

    Returns how many the broker took. Scheduled every minute by ``CELERY_BEAT_SCHEDULE["dispatch-outbox"]``;
    ``manage.py dispatch_outbox`` runs the same from cron, the run script or an operator after an outage.
    """
    return outbox.dispatch_pending()


@shared_task(name="applications.tasks.sweep_appointments", acks_late=True, soft_time_limit=120, time_limit=150)
def sweep_appointments() -> list[int]:
    """Appointment reminders and the cancellation of visits not confirmed in time; returns ``[reminded,
    cancelled]``. Idempotent (``applications.services.appointments_sweep``). Scheduled every 15 minutes by
    ``CELERY_BEAT_SCHEDULE["sweep-appointments"]``; ``manage.py sweep_appointments`` runs the same."""
    from applications.services import appointments_sweep

    return list(appointments_sweep())
