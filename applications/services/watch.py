"""Waiting drafts: a filer asks to be told when a draft that waits for someone else can be submitted.

A submission rule may fail with ``RuleFailure.waits`` (e.g. a dependant waits for the principal's valid visa:
guide 2025, Work visa §1, "principal's valid work visa"). The draft page then offers "notify me"
(:func:`submission_watch`); when a visa record starts to count, :func:`watches_recheck` re-runs the rules of the
drafts watched for that person or their family and e-mails the filer once per draft that no longer waits.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from applications import outbox
from applications.constants import State
from applications.exceptions import ApplicationError, WrongState
from applications.models import Application, SubmissionWatch
from applications.services._base import _require_filer, _today
from applications.services.filing import submission_failures
from qazeta.accounts.models import User

logger = logging.getLogger(__name__)


def waiting_failures(application: Application) -> list:
    """The failures of ``application`` the filer cannot fix (``RuleFailure.waits``), if it were submitted today."""
    if application.state != State.DRAFT:
        return []
    return [f for f in submission_failures(application, _today()) if f.waits]


@transaction.atomic
def submission_watch(*, user: User, application: Application) -> SubmissionWatch:
    """Ask to be e-mailed when ``application`` (a draft that waits) can be submitted; once per user and draft.

    Raises: NotAllowed (not the filer side); WrongState (not a draft); ApplicationError (code ``not_waiting``)
    when nothing outside the filer's hands holds it back.
    """
    _require_filer(user, application)
    if application.state != State.DRAFT:
        raise WrongState(gettext("Only a draft can wait to be submitted."))
    if not waiting_failures(application):
        raise ApplicationError(
            gettext("This draft does not wait for anyone: submit it, or fix what the checklist says."),
            code="not_waiting",
        )
    watch, _created = SubmissionWatch.objects.get_or_create(application=application, user=user)
    if watch.notified_at is not None:
        watch.notified_at = None
        watch.save(update_fields=["notified_at"])
    return watch


def watches_recheck(person_id: int) -> int:
    """Re-check the drafts watched for person ``person_id`` or their family; e-mail each filer whose draft no
    longer waits (once). Returns the e-mails queued. Called after a visa record of that person counts."""
    watches = (
        SubmissionWatch.objects.filter(notified_at__isnull=True, application__state=State.DRAFT)
        .filter(
            Q(application__person_id=person_id)
            | Q(application__person__principal_id=person_id)
            | Q(application__principal_application__person_id=person_id)
        )
        .select_related("application")
    )
    sent = 0
    for watch in watches:
        if waiting_failures(watch.application):
            continue
        with transaction.atomic():
            updated = SubmissionWatch.objects.filter(pk=watch.pk, notified_at__isnull=True).update(
                notified_at=timezone.now()
            )
            if updated:
                outbox.email_later(watch.application, "can_submit")
                sent += 1
    return sent


def on_visa_recorded(sender: object, record: object, **kwargs: object) -> None:
    """Receiver of ``qazeta.records.signals.visa_recorded`` and ``permit_recorded`` (``ApplicationsConfig.ready``)."""
    try:
        watches_recheck(record.person_id)  # type: ignore[attr-defined]
    except Exception:  # a failed re-check must never undo or fail the record; the next record re-checks
        logger.exception("re-checking drafts waiting for person %s failed", getattr(record, "person_id", "?"))
