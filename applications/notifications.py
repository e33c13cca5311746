"""E-mails to the filer when something happens that they must know or act on.

A service records the e-mail in the outbox in its own transaction (``applications.outbox.email_later``, through
``applications.services._base._notify_on_commit``); after commit the outbox hands :func:`send_outbox_email` the
row's id. The task renders ``templates/applications/email/<kind>.txt``, sends, and marks the row sent in the same
step, holding the row's lock: a redelivered or re-queued task finds it sent and sends nothing. It retries when
the mail server fails.
"""

from __future__ import annotations

import logging
import uuid

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qazeta.accounts.logfilters import mask_personal_data

logger = logging.getLogger(__name__)

#: Subject of each e-mail kind; ``%(ref)s`` is the application's reference (``#<id>`` for a draft).
SUBJECTS = {
    "submitted": _("Application %(ref)s received"),
    "information_requested": _("Application %(ref)s: the Expat Centre needs information from you"),
    "information_answered": _("Application %(ref)s: your answer was received"),
    "documents_approved": _("Application %(ref)s: documents approved — book your appointment"),
    "appointment_booked": _("Application %(ref)s: appointment booked"),
    "appointment_reminder": _("Application %(ref)s: confirm your appointment"),
    "appointment_lapsed": _("Application %(ref)s: appointment cancelled, it was not confirmed"),
    "issued": _("Application %(ref)s: issued"),
    "refused": _("Application %(ref)s: refused"),
    "document_ready": _("Application %(ref)s: your document is ready to download"),
    "can_submit": _("Draft %(ref)s: it can now be submitted"),
}


def recipients(application) -> list[str]:  # noqa: ANN001 - applications.models.Application
    """The filer's e-mail and the person's own, without duplicates or blanks.

    A case opened on the deciding body's own initiative (its filer is the supervisor who opened it,
    ``services.application_open_on_own_initiative``): the host party's members instead of the filer.
    """
    return sorted({email for emails in recipients_by_language(application).values() for email in emails})


def recipients_by_language(application) -> dict[str, list[str]]:  # noqa: ANN001 - applications.models.Application
    """The addresses of :func:`recipients`, grouped by the language each recipient reads: ``{"kk": [...], ...}``.

    A user's language is ``User.language`` (the one they last chose with the switcher, or on the account page).
    The person, when they have no login of their own, gets the filer's language. An address two recipients share
    goes once, in the first one's language (the filer before the person). Empty lists are left out.
    """
    from qazeta.accounts.constants import Role

    filer = application.filer
    found: list[tuple[str, str]] = []
    if filer.role in (Role.OFFICER, Role.SUPERVISOR) and application.organisation_id is not None:
        members = application.organisation.memberships.values_list("user__email", "user__language")
        found += [(email, language) for email, language in members]
        fallback = members[0][1] if members else settings.LANGUAGE_CODE
    else:
        found.append((filer.email, filer.language))
        fallback = filer.language
    person = application.person
    account = person.account if person.account_id else None
    found.append((person.email, account.language if account is not None else fallback))
    groups: dict[str, list[str]] = {}
    seen: set[str] = set()
    for email, language in found:
        if not email or email in seen:
            continue
        seen.add(email)
        groups.setdefault(language or settings.LANGUAGE_CODE, []).append(email)
    return {language: sorted(emails) for language, emails in sorted(groups.items())}


def deliver(application_id: int, kind: str) -> int:
    """Render and send the ``kind`` e-mail of application ``application_id`` now, one message per language of its
    recipients (:func:`recipients_by_language`), each rendered in that language; returns the messages sent (0 when
    the application is gone or nobody has an address). Raises what the mail backend raises."""
    from .models import Application
    from .selectors import filer_next_step

    application = Application.objects.select_related("filer", "person").filter(pk=application_id).first()
    if application is None:
        logger.warning("e-mail %s: application %s is gone", kind, application_id)
        return 0
    groups = recipients_by_language(application)
    if not groups:
        return 0
    context = {
        "application": application,
        "service": application.service,
        "site_url": settings.SITE_URL,
        "confirm_hours": settings.APPOINTMENT_CONFIRM_HOURS,
    }
    originals = None
    if kind.startswith("appointment_"):
        from .selectors import originals_to_bring

        originals = originals_to_bring(application)
    sent = 0
    for language, to in groups.items():
        # Each group reads the e-mail in its own language: the subject, the body, the next step, dates and amounts.
        with translation.override(language):
            context["next_step"] = filer_next_step(application)
            context["office_address"] = gettext(settings.EXPAT_CENTRE_ADDRESS)
            if originals is not None:
                context["originals"] = originals
            body = render_to_string(f"applications/email/{kind}.txt", context)
            subject = SUBJECTS[kind] % {"ref": application.reference or f"#{application.pk}"}
        sent += send_mail(subject, body, None, to)
    return sent


def send_once(message_id: int) -> int:
    """Send the e-mail of outbox row ``message_id`` unless it was sent; returns the messages sent (0: already sent,
    gone, or nobody to tell).

    The row is locked while the e-mail is sent and marked sent before the lock is released, so two deliveries of
    the same message (a redelivered task, the sweeper's second hand-over) send it once: the second waits for the
    lock, then finds ``sent_at`` set. A failure is recorded on the row (masked) and raised. If the mail server took
    the e-mail and the database then failed to record it, it can go twice: at least once, never lost.
    """
    from .models import OutboxMessage

    failure: Exception | None = None
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None:
            logger.warning("e-mail: outbox message %s is gone", message_id)
            return 0
        if message.sent_at is not None:
            return 0  # redelivered: this e-mail was sent already
        application_id, kind = message.args
        try:
            sent = deliver(application_id, kind)
        except Exception as exc:  # the SMTP backends raise many types; the row keeps the last one
            failure = exc
            message.last_error = mask_personal_data(f"{type(exc).__name__}: {exc}")[:1000]
            message.save(update_fields=["last_error"])
        else:
            message.sent_at = timezone.now()
            message.last_error = ""
            message.save(update_fields=["sent_at", "last_error"])
    if failure is not None:
        raise failure
    logger.info("e-mail %s of application %s sent (outbox message %s)", kind, application_id, message_id)
    return sent


@shared_task(
    name="applications.notifications.send_outbox_email",
    bind=True,
    max_retries=5,
    default_retry_delay=60,
    acks_late=True,
    soft_time_limit=60,
    time_limit=90,
)
def send_outbox_email(self, message_id: int) -> int:  # noqa: ANN001 - celery Task
    """Send the e-mail of outbox row ``message_id`` once (see :func:`send_once`); returns the messages sent.

    Retries 5 times, a minute apart, when the mail server fails; after that the outbox sweeper hands the message
    over again later (``applications.outbox.REDISPATCH_AFTER``).
    """
    try:
        return send_once(message_id)
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            logger.error("e-mail of outbox message %s failed %s times", message_id, self.max_retries + 1)
        raise self.retry(exc=exc) from exc


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_application_email(self, application_id: int, kind: str) -> int:  # noqa: ANN001
    """Deprecated: the e-mail task before the outbox, kept for messages still queued when the outbox is deployed.

    Records the e-mail in the outbox under the Celery task's id (the same on every redelivery) and sends it once
    (:func:`send_once`). Remove when no such message is left.
    """
    from .models import OutboxMessage

    message, _ = OutboxMessage.objects.get_or_create(
        # Called as a plain function there is no task id: then it is a message of its own.
        idempotency_key=f"celery:{self.request.id or uuid.uuid4()}",
        defaults={
            "kind": OutboxMessage.Kind.EMAIL,
            "task_name": send_outbox_email.name,
            "args": [application_id, kind],
        },
    )
    try:
        return send_once(message.pk)
    except Exception as exc:
        raise self.retry(exc=exc) from exc
