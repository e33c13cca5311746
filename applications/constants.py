from django.db import models
from django.utils.translation import gettext_lazy as _

# One Channel for the whole portal: the fees app's, whose tariff tables define the channels (guide 2025).
from fees.constants import Channel as Channel


class State(models.TextChoices):
    """The lifecycle of every application (DESIGN.md, "The case engine")."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    DOCUMENTS_APPROVED = "documents_approved", _("Documents approved")
    APPOINTMENT_BOOKED = "appointment_booked", _("Appointment booked")
    ORIGINALS_RECEIVED = "originals_received", _("Originals received")
    WITH_AUTHORITY = "with_authority", _("With the state body")
    ISSUED = "issued", _("Issued")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")


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
    PENDING = "pending", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Action(models.TextChoices):
    """What a timeline row records; transitions and the officer actions that do not change the state."""

    CREATE = "create", _("Application created")
    SUBMIT = "submit", _("Submitted")
    ASSIGN = "assign", _("Assigned")
    START_REVIEW = "start_review", _("Review started")
    DOCUMENT_ACCEPT = "document_accept", _("Document accepted")
    DOCUMENT_REJECT = "document_reject", _("Document rejected")
    REQUEST_INFORMATION = "request_information", _("Information requested")
    ANSWER_INFORMATION = "answer_information", _("Information provided")
    APPROVE_DOCUMENTS = "approve_documents", _("Documents approved")
    BOOK_APPOINTMENT = "book_appointment", _("Appointment booked")
    CANCEL_APPOINTMENT = "cancel_appointment", _("Appointment cancelled")
    RECEIVE_ORIGINALS = "receive_originals", _("Originals received")
    FORWARD_TO_AUTHORITY = "forward_to_authority", _("Forwarded to the state body")
    EXTEND_TERM = "extend_term", _("Service-level term extended")
    ISSUE = "issue", _("Issued")
    REFUSE = "refuse", _("Refused")
    WITHDRAW = "withdraw", _("Withdrawn")
    CANCEL = "cancel", _("Cancelled")
    DOCUMENT_ISSUED = "document_issued", _("Document ready for download")
    DOCUMENT_REVOKED = "document_revoked", _("Issued document revoked")
