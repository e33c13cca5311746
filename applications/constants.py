from django.db import models

# One Channel for the whole portal: the fees app's, whose tariff tables define the channels (guide 2025).
from fees.constants import Channel as Channel


class State(models.TextChoices):
    """The lifecycle of every application (DESIGN.md, "The case engine")."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    INFORMATION_REQUESTED = "information_requested", "Information requested"
    DOCUMENTS_APPROVED = "documents_approved", "Documents approved"
    APPOINTMENT_BOOKED = "appointment_booked", "Appointment booked"
    ORIGINALS_RECEIVED = "originals_received", "Originals received"
    WITH_AUTHORITY = "with_authority", "With the state body"
    ISSUED = "issued", "Issued"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CANCELLED = "cancelled", "Cancelled"


#: States after which nothing more happens to an application.
FINAL_STATES = frozenset({State.ISSUED, State.REFUSED, State.WITHDRAWN, State.CANCELLED})
#: States in which the service-level clock runs (the Expat Centre or the state body holds the file).
CLOCK_RUNNING_STATES = frozenset(
    {
        State.SUBMITTED,
        State.IN_REVIEW,
        State.DOCUMENTS_APPROVED,
        State.APPOINTMENT_BOOKED,
        State.ORIGINALS_RECEIVED,
        State.WITH_AUTHORITY,
    }
)
#: Longest term extension for state-body delays (guide: "may be extended by up to 30 calendar days").
MAX_TERM_EXTENSION_DAYS = 30

#: States in which the filer may upload documents.
UPLOAD_STATES = frozenset({State.DRAFT, State.INFORMATION_REQUESTED})


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Awaiting review"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class Action(models.TextChoices):
    """What a timeline row records; transitions and the officer actions that do not change the state."""

    CREATE = "create", "Application created"
    SUBMIT = "submit", "Submitted"
    ASSIGN = "assign", "Assigned"
    START_REVIEW = "start_review", "Review started"
    DOCUMENT_ACCEPT = "document_accept", "Document accepted"
    DOCUMENT_REJECT = "document_reject", "Document rejected"
    REQUEST_INFORMATION = "request_information", "Information requested"
    ANSWER_INFORMATION = "answer_information", "Information provided"
    APPROVE_DOCUMENTS = "approve_documents", "Documents approved"
    BOOK_APPOINTMENT = "book_appointment", "Appointment booked"
    CANCEL_APPOINTMENT = "cancel_appointment", "Appointment cancelled"
    RECEIVE_ORIGINALS = "receive_originals", "Originals received"
    FORWARD_TO_AUTHORITY = "forward_to_authority", "Forwarded to the state body"
    EXTEND_TERM = "extend_term", "Service-level term extended"
    ISSUE = "issue", "Issued"
    REFUSE = "refuse", "Refused"
    WITHDRAW = "withdraw", "Withdrawn"
    CANCEL = "cancel", "Cancelled"
    DOCUMENT_ISSUED = "document_issued", "Document ready for download"
    DOCUMENT_REVOKED = "document_revoked", "Issued document revoked"
