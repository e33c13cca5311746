"""Shared steps of the case-engine services: permission checks, one transition with its timeline row, e-mails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from applications import outbox
from applications.constants import Action, State
from applications.exceptions import (
    Conflict,
    NotAllowed,
    UploadRejected,
    WrongState,
)
from applications.models import (
    Application,
    StatusChange,
)
from applications.selectors import actable_by_filer
from qazeta import uploads
from qazeta.accounts.models import User
from qazeta.permissions import is_staff
from qazeta.workcalendar import calendar as workcalendar

#: What the portal accepts as a scan: MIME type detected from the content → allowed extensions.
ALLOWED_UPLOAD_TYPES = uploads.ACCEPTED_TYPES


# --------------------------------------------------------------------------------------------- helpers
def _require_staff(user: User) -> None:
    if not is_staff(user):
        raise NotAllowed(gettext("Only Expat Centre officers can do this."))


def _require_decider(user: User, application: Application) -> None:
    """The holder of the application (its assigned officer, or nobody yet) or a supervisor: every officer
    decision on every path (``applications.decide``, qazeta/permissions.py)."""
    _require_staff(user)
    if not user.has_perm("applications.decide", application):
        raise NotAllowed(gettext("This application is assigned to another officer; a supervisor can reassign it."))


def _require_filer(user: User, application: Application) -> None:
    if not actable_by_filer(user, application):
        raise NotAllowed(gettext("Only the filer or a member of the host party can do this."))


def _record(
    application: Application, *, actor: User | None, action: str, from_state: str, reason: str = ""
) -> StatusChange:
    return StatusChange.objects.create(
        application=application,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=application.state,
        reason=reason,
    )


def _transition(
    application: Application,
    *,
    actor: User | None,
    action: str,
    method: str,
    reason: str = "",
    update_fields: Iterable[str] = (),
    **kwargs: Any,
) -> None:
    """Apply one FSM transition, save it and write the timeline row, inside the caller's transaction.

    ``ConcurrentTransitionMixin`` makes the UPDATE conditional on the state we read: when another officer
    moved the application first, zero rows match and we raise ``Conflict`` instead of overwriting.
    """
    from_state = application.state
    try:
        getattr(application, method)(**kwargs)
    except TransitionNotAllowed:
        raise WrongState(
            gettext("This application is “%(label)s”; “%(label2)s” is not possible now.")
            % {"label": State(from_state).label, "label2": Action(action).label.lower()}
        ) from None
    try:
        application.save()
    except ConcurrentTransition:
        raise Conflict(
            gettext("Someone else changed this application at the same moment; reload the page to see its state.")
        ) from None
    _record(application, actor=actor, action=action, from_state=from_state, reason=reason)


def _notify_on_commit(application: Application, kind: str) -> None:
    """Record the ``kind`` e-mail in the outbox, in the caller's transaction; it is sent after commit, once.

    A broker that is down delays the e-mail (the outbox sweeper sends it later) but never fails the change.
    """
    outbox.email_later(application, kind)


def _today() -> dt.date:
    return timezone.localdate()


def due_moment(application: Application, start: dt.datetime) -> tuple[dt.date | None, dt.datetime | None]:
    """``(due_date, due_at)`` of a service-level term that starts at the aware instant ``start``.

    By the service's ``Lifecycle.term_unit``: working days → the catalogue's term (upper bound of a range) in
    working days after ``start``'s Astana day, which is not counted (guide: terms in working days; order 004
    p.5: "the day of application is not counted"), ``due_at`` None; minutes → ``due_at`` that many office
    minutes after ``start`` inside office hours, ``due_date`` its day; no term → ``(None, None)``.
    """
    from applications.registry import TermUnit

    unit = application.lifecycle.term_unit
    service = application.service
    if unit == TermUnit.MINUTES:
        # Counted from the whole minute: a due moment is shown, and kept, to the minute.
        at = workcalendar.add_office_minutes(start.replace(second=0, microsecond=0), service.term_minutes or 0)
        return timezone.localdate(at), at
    if unit == TermUnit.NONE:
        return None, None
    return workcalendar.add_working_days(timezone.localdate(start), service.sla_working_days), None


def check_upload(upload: UploadedFile) -> tuple[str, bytes]:
    """Return (detected MIME type, content) or raise UploadRejected; nothing is stored either way.

    Accepts PDF, JPEG and PNG (``ALLOWED_UPLOAD_TYPES``) of at most ``settings.UPLOAD_MAX_BYTES`` bytes. The type
    comes from the bytes, not the name. Then, in the order of ``qazeta.uploads``: the size is enforced while
    reading (a file larger than it claims is not read past the limit); a file with HTML markup in its first KB
    (a polyglot) is refused; a PDF must parse (pypdf), have pages and carry no JavaScript, launch actions or
    embedded files; an image must decode (Pillow) with at most ``settings.UPLOAD_MAX_IMAGE_PIXELS`` pixels; the
    virus scanner runs when one is configured (``settings.UPLOAD_SCANNER``). See
    docs/decisions/0010-input-hardening.md. UploadRejected's code says which check refused the file.
    """
    from qazeta import uploads

    try:
        return uploads.inspect_upload(upload)
    except uploads.FileRefused as exc:
        raise UploadRejected(exc.message, code=exc.code) from None
