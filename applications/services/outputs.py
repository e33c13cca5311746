"""The documents an outcome produces (``ServiceDefinition.outputs``): one pipeline for every service.

*Generated* outputs are rendered by a Celery task recorded in the outbox with the outcome and queued after
commit (``applications.tasks.render_output``, through ``applications.outbox``), idempotent by (application,
kind), retried, and swept up when the broker lost them (the outbox sweeper, and
``applications.tasks.requeue_pending_outputs`` for a task that ran out of retries). *Received* outputs are the
state body's own documents: the officer attaches the scan when recording the outcome, in the same transaction.
Both get a verification code (``/verify/``); both can be revoked by a supervisor.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext

from applications import outbox
from applications.constants import Action
from applications.exceptions import ApplicationError, NotAllowed, UploadRejected, WrongState
from applications.models import Application, StatusChange
from applications.registry import Outcome, Output, ServiceDefinition
from applications.services._base import ALLOWED_UPLOAD_TYPES, _notify_on_commit, check_upload
from qazeta.accounts.models import User
from qazeta.documents.models import IssuedDocument
from qazeta.documents.services import document_issue, document_mark_revoked, document_receive

logger = logging.getLogger(__name__)

#: The Celery task that renders one generated output (``applications.tasks.render_output``).
RENDER_OUTPUT_TASK = "applications.tasks.render_output"


def service_details(application: Application) -> list[tuple[str, Any]]:
    """The service model's own fields as ``(label, display value)`` pairs, in model order; empty ones left out.

    Choices show their label, dates stay ``date`` (templates format them). Built from the model's fields, so
    it names no service's field (the filer page, the officer page, the API and the PDFs all use it).
    """
    specific = application.specific()
    try:
        definition = application.definition
    except LookupError:
        return []
    rows = []
    for name in definition.field_names():
        field = specific._meta.get_field(name)
        value = getattr(specific, name)
        if value in (None, ""):
            continue
        if field.choices:
            value = getattr(specific, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = "✓" if value else "—"
        rows.append((str(field.verbose_name), value))
    return rows


def refusal_ground_labels(application: Application) -> list[str]:
    """The labels of the refusal grounds the officer chose, in the service's order."""
    chosen = set(application.refusal_grounds or [])
    return [str(label) for code, label in application.definition.refusal_grounds if code in chosen]


def output_context(application: Application, output: Output) -> dict[str, Any]:
    """The template context of a generated output: what every document may print, plus the service's own.

    Keys: ``application`` (the service model's row), ``person``, ``host_party``, ``service`` (catalogue entry),
    ``service_details`` (see :func:`service_details`), ``reference``, ``decision_number``, ``decided_at``,
    ``refusal_reason``, ``refusal_grounds`` (labels), then what ``output.context`` adds.
    """
    specific = application.specific()
    context: dict[str, Any] = {
        "application": specific,
        "person": specific.person,
        "host_party": specific.host_party,
        "service": specific.service,
        "service_details": service_details(specific),
        "reference": specific.reference or "",
        "decision_number": specific.decision_number,
        "decided_at": specific.decided_at,
        "refusal_reason": specific.refusal_reason,
        "refusal_grounds": refusal_ground_labels(specific),
    }
    if output.context is not None:
        context.update(output.context(specific))
    return context


def _timeline_and_email(application: Application, title: str) -> Any:
    """``on_created`` of the kernel: the "document ready" timeline row, and its e-mail queued on commit."""

    def on_created(document: IssuedDocument) -> None:
        StatusChange.objects.create(
            application=application,
            actor=None,
            action=Action.DOCUMENT_ISSUED,
            from_state=application.state,
            to_state=application.state,
            reason=title,
        )
        _notify_on_commit(application, "document_ready")

    return on_created


def output_generate(*, application: Application, kind: str) -> IssuedDocument | None:
    """Render (once) the generated output ``kind`` of a decided application; the task calls it.

    Returns the document, or None when the application is not in the output's outcome (nothing to do).
    Idempotent: an output already issued is returned as it is. Raises ServiceNotRegistered for an unknown
    kind, and what rendering or storage raises (the task retries).
    """
    specific = application.specific()
    output = specific.definition.output(kind)
    if output.received or specific.state != output.outcome:
        return None
    existing = IssuedDocument.objects.filter(application=specific, kind=kind).first()
    if existing is not None:
        return existing
    return document_issue(
        application=specific,
        kind=kind,
        title=output.title,
        template_name=output.template,
        context=output_context(specific, output),
        on_created=_timeline_and_email(specific, output.title),
        languages=output.languages if output.per_language else (),
    )


def queue_generated_outputs(application: Application, outcome: Outcome) -> None:
    """Record in the outbox the render task of each generated output the service declares for ``outcome``.

    Call inside the outcome's transaction: the tasks commit with it and are queued after commit, by name (tasks
    sit above services, which do not import them). A broker that is down is logged, not raised: the outbox
    sweeper queues them when it is back (``applications.outbox``).
    """
    for output in application.definition.outputs_for(outcome):
        if not output.received:
            outbox.task_later(
                RENDER_OUTPUT_TASK, [application.pk, output.kind], key=f"render_output:{application.pk}:{output.kind}"
            )


def check_received_outputs(
    definition: ServiceDefinition, outcome: Outcome, attachments: Mapping[str, UploadedFile] | None
) -> dict[str, tuple[str, bytes]]:
    """Check the scans an officer attaches for the received outputs of ``outcome``: each one, and nothing else.

    Returns ``{kind: (mime type, content)}``. Raises UploadRejected naming the first missing or bad file;
    nothing has been written then.
    """
    attachments = dict(attachments or {})
    expected = [o for o in definition.outputs_for(outcome) if o.received]
    unknown = set(attachments) - {o.kind for o in expected}
    if unknown:
        raise UploadRejected(
            gettext("This outcome has no document “%(value)s”.") % {"value": sorted(unknown)[0]}, code="unknown_output"
        )
    checked = {}
    for output in expected:
        upload = attachments.get(output.kind)
        if upload is None:
            raise UploadRejected(
                gettext("Attach the scan of the “%(title)s” the state body issued.") % {"title": output.title},
                code="attachment_missing",
            )
        checked[output.kind] = check_upload(upload)
    return checked


def store_received_outputs(
    application: Application, outcome: Outcome, checked: Mapping[str, tuple[str, bytes]]
) -> list[IssuedDocument]:
    """Keep the checked scans (see :func:`check_received_outputs`) as the application's received outputs.

    Call inside the outcome's transaction; each gets a verification code and a timeline row.
    """
    documents = []
    for output in application.definition.outputs_for(outcome):
        if not output.received:
            continue
        mime, content = checked[output.kind]
        documents.append(
            document_receive(
                application=application,
                kind=output.kind,
                title=output.title,
                content=content,
                extension=ALLOWED_UPLOAD_TYPES[mime],
                on_created=_timeline_and_email(application, output.title),
            )
        )
    return documents


@transaction.atomic
def document_revoke(*, user: User, document: IssuedDocument, reason: str) -> IssuedDocument:
    """A supervisor revokes an issued document; its public page then says REVOKED (the reason stays internal).

    Records who, when and why on the document row (staff see the reason on the officer panel), and on the
    application's timeline the document's title only: the filer reads that timeline, and the reason is internal
    (issue 6, §5). Raises: NotAllowed
    unless ``user`` is a supervisor; ApplicationError (code "reason_required") without a reason; WrongState if
    it is already revoked.
    """
    if not user.has_perm("applications.revoke_document", document):
        raise NotAllowed(gettext("Only a supervisor can revoke an issued document."))
    reason = reason.strip()
    if not reason:
        raise ApplicationError(gettext("Give the reason for revoking the document."), code="reason_required")
    revoked = document_mark_revoked(document=document, user=user, reason=reason)
    if revoked is None:
        raise WrongState(gettext("This document was already revoked."))
    if revoked.application_id is not None:
        application = Application.objects.get(pk=revoked.application_id)
        StatusChange.objects.create(
            application=application,
            actor=user,
            action=Action.DOCUMENT_REVOKED,
            from_state=application.state,
            to_state=application.state,
            reason=revoked.title,
        )
    return revoked
