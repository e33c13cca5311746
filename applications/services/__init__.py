"""Writes of the case engine. Every state change goes through one of these functions.

Each function is one atomic verb: it checks who acts, applies the FSM transition, saves, writes the
timeline row in the same transaction, and queues side effects (e-mail, PDF) with ``transaction.on_commit``
so that nothing is sent for a change that rolled back. Raises the errors of ``applications.exceptions``.
"""

from applications.constants import MAX_TERM_EXTENSION_DAYS
from applications.services._base import ALLOWED_UPLOAD_TYPES
from applications.services.filing import (
    MAX_FILES_PER_BATCH,
    FileForItem,
    application_create,
    application_open_on_own_initiative,
    application_submit,
    application_update_draft,
    consent_record,
    document_upload,
    documents_upload,
)
from applications.services.outcome import (
    application_cancel,
    application_issue,
    application_refuse,
    application_withdraw,
    appointment_book,
    appointment_cancel,
    appointment_confirm,
    appointments_sweep,
    authority_forward,
    originals_receive,
    personal_data_viewed,
)
from applications.services.review import (
    application_assign,
    application_extend_term,
    document_review,
    documents_approve,
    information_answer,
    information_request,
)

__all__ = [
    "ALLOWED_UPLOAD_TYPES",
    "MAX_FILES_PER_BATCH",
    "MAX_TERM_EXTENSION_DAYS",
    "FileForItem",
    "application_assign",
    "application_cancel",
    "application_create",
    "application_extend_term",
    "application_issue",
    "application_open_on_own_initiative",
    "application_refuse",
    "application_submit",
    "application_update_draft",
    "application_withdraw",
    "appointment_book",
    "appointment_cancel",
    "appointment_confirm",
    "appointments_sweep",
    "authority_forward",
    "consent_record",
    "document_review",
    "document_upload",
    "documents_approve",
    "documents_upload",
    "information_answer",
    "information_request",
    "originals_receive",
    "personal_data_viewed",
]
