"""Background work of the visa services: the invitation letter PDF, queued when an application is issued."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=5, default_retry_delay=30, acks_late=True, soft_time_limit=60, time_limit=90)
def render_invitation_letter(self, application_id: int) -> int | None:  # noqa: ANN001 - celery Task
    """Issue the invitation letter PDF of C3 invitation application ``application_id``.

    Returns the IssuedDocument's id, or None when the application does not exist or is not issued (nothing
    to do). Idempotent: a letter already issued is returned as is, so a redelivered or re-queued task is
    harmless. Any other error is retried (5 times, 30 s apart), then raised.
    """
    try:
        return _render_invitation_letter(application_id)
    except Exception as exc:
        raise self.retry(exc=exc) from exc


def _render_invitation_letter(application_id: int) -> int | None:
    from applications.constants import State
    from qazeta.documents.constants import DocumentKind
    from qazeta.documents.models import IssuedDocument

    from .documents import issue_invitation_letter
    from .models import C3InvitationApplication

    application = (
        C3InvitationApplication.objects.select_related(
            "person__principal",
            "organisation",
            "principal_application__person",
            "principal_application__organisation",
        )
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        logger.warning("render_invitation_letter: C3 invitation application %s not found", application_id)
        return None
    if application.state != State.ISSUED:
        logger.info("render_invitation_letter: application %s is %s, not issued", application_id, application.state)
        return None
    done = (
        IssuedDocument.objects.filter(application_id=application_id, kind=DocumentKind.INVITATION_LETTER)
        .values_list("pk", flat=True)
        .first()
    )
    if done is not None:
        return done
    return issue_invitation_letter(application).pk


def queue_invitation_letter(application_id: int) -> None:
    """The "c3-invitation" issue hook (``applications.registry``): queue the letter task.

    Called on commit of ``application_issue``. If the broker is unreachable the error is logged, not raised,
    because the decision is already committed; ``qazeta.documents.tasks.requeue_pending_documents`` picks
    the application up on its next run.
    """
    try:
        render_invitation_letter.delay(application_id)
    except Exception:
        logger.exception(
            "queue_invitation_letter: could not queue application %s; the sweeper will retry", application_id
        )
