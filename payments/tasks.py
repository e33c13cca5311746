"""The payment e-mails: one per history entry of a payment, sent once (queued through the engine's outbox)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.notifications import recipients_by_language

logger = logging.getLogger(__name__)


def _subject(kind: str, reference: str) -> str:
    subjects = {
        "invoice_issued": _("Application %(ref)s: your invoice is ready — pay, then upload the receipt"),
        "waived": _("Application %(ref)s: there is no fee to pay"),
        "receipt_uploaded": _("Application %(ref)s: payment receipt received"),
        "confirmed": _("Application %(ref)s: payment confirmed"),
        "rejected": _("Application %(ref)s: payment receipt rejected"),
        "refunded": _("Application %(ref)s: payment refunded"),
    }
    return subjects[kind] % {"ref": reference}


def send_event_email(event_id: int) -> int:
    """Send the e-mail of payment history entry ``event_id`` unless it was sent, in each recipient's language
    (``User.language``); returns the messages sent.

    The entry is locked while sending and ``emailed_at`` set before the lock is released, so a redelivered task
    sends nothing. Raises what the mail backend raises (the task retries)."""
    from .models import PaymentEvent

    with transaction.atomic():
        event = (
            PaymentEvent.objects.select_for_update()
            .select_related("payment__application__person", "payment__application__filer")
            .filter(pk=event_id)
            .first()
        )
        if event is None or event.emailed_at is not None:
            return 0
        application = event.payment.application
        sent = 0
        # One e-mail per language its recipients read (applications.notifications.recipients_by_language).
        for language, to in recipients_by_language(application).items():
            with translation.override(language):
                body = render_to_string(
                    f"payments/email/{event.kind}.txt",
                    {
                        "event": event,
                        "payment": event.payment,
                        "application": application,
                        "site_url": settings.SITE_URL,
                    },
                )
                subject = _subject(event.kind, application.reference or f"#{application.pk}")
            sent += send_mail(subject, body, None, to)
        event.emailed_at = timezone.now()
        event.save(update_fields=["emailed_at"])
    return sent


@shared_task(name="payments.tasks.send_payment_email", bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_payment_email(self, event_id: int) -> int:  # noqa: ANN001 - celery Task
    """Celery task around :func:`send_event_email`; retries 5 times a minute apart when the mail server fails."""
    try:
        return send_event_email(event_id)
    except Exception as exc:
        raise self.retry(exc=exc) from exc
