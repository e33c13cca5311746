"""E-mails to the filer when something happens that they must know or act on.

Sent by a Celery task queued on commit (``applications.services._base._notify_on_commit``): the task takes the
application id, renders ``templates/applications/email/<kind>.txt`` and retries when the mail server fails.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

SUBJECTS = {
    "submitted": "Application {ref} received",
    "information_requested": "Application {ref}: the Expat Centre needs information from you",
    "information_answered": "Application {ref}: your answer was received",
    "documents_approved": "Application {ref}: documents approved — book your appointment",
    "appointment_booked": "Application {ref}: appointment booked",
    "issued": "Application {ref}: issued",
    "refused": "Application {ref}: refused",
    "document_ready": "Application {ref}: your document is ready to download",
}


def recipients(application) -> list[str]:  # noqa: ANN001 - applications.models.Application
    """The filer's e-mail and the person's own, without duplicates or blanks."""
    found = [application.filer.email, application.person.email]
    return sorted({e for e in found if e})


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_application_email(self, application_id: int, kind: str) -> int:  # noqa: ANN001
    """Send the ``kind`` e-mail for an application. Returns the number of messages sent (0 if nobody to tell).

    Retries up to 5 times, a minute apart, when the mail backend raises.
    """
    from .models import Application

    application = Application.objects.select_related("filer", "person").filter(pk=application_id).first()
    if application is None:
        logger.warning("send_application_email: application %s is gone", application_id)
        return 0
    to = recipients(application)
    if not to:
        return 0
    from .selectors import filer_next_step

    context = {
        "application": application,
        "service": application.service,
        "site_url": settings.SITE_URL,
        "next_step": filer_next_step(application),
    }
    body = render_to_string(f"applications/email/{kind}.txt", context)
    subject = SUBJECTS[kind].format(ref=application.reference or f"#{application.pk}")
    try:
        return send_mail(subject, body, None, to)
    except Exception as exc:  # the SMTP backends raise many types; all are worth a retry
        raise self.retry(exc=exc) from exc
