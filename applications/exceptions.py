"""Errors the case-engine services raise; views and the API turn them into messages and status codes."""

from __future__ import annotations

from dataclasses import dataclass


class ApplicationError(Exception):
    """Base: a request the application cannot take. ``code`` is stable, ``message`` is for people."""

    code = "application_error"
    http_status = 400

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class NotAllowed(ApplicationError):
    """The acting user may see the application but may not do this to it."""

    code = "not_allowed"
    http_status = 403


class WrongState(ApplicationError):
    """The application is not in a state this action applies to (e.g. approving a draft)."""

    code = "wrong_state"
    http_status = 409


class Conflict(ApplicationError):
    """Someone else changed the application first (two officers acting at once); reload and retry."""

    code = "conflict"
    http_status = 409


class UploadRejected(ApplicationError):
    """An uploaded file was refused (size, type, empty, unknown item); nothing was stored."""

    code = "upload_rejected"


@dataclass(frozen=True)
class RejectedFile:
    """Why one file of a batch upload was refused: the checklist ``item`` it was sent for, a stable ``code``
    (``UploadRejected.code`` of the single upload) and a ``message`` for people."""

    item: str
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"item": self.item, "code": self.code, "message": self.message}


class UploadsRejected(UploadRejected):
    """A batch upload was refused as a whole: ``rejected`` lists every refused file, not only the first; nothing
    was stored, not even the files that passed."""

    code = "uploads_rejected"

    def __init__(self, message: str, rejected: list[RejectedFile]) -> None:
        super().__init__(message)
        self.rejected = rejected


@dataclass(frozen=True)
class RuleFailure:
    """One unmet submission rule: a stable ``rule`` code, a ``message`` and, when it concerns one, the ``item``.

    ``waits``: the filer cannot fix it; it resolves when someone else acts (e.g. the principal's visa is
    recorded). The draft page then offers to notify the filer when the application can be submitted.
    """

    rule: str
    message: str
    item: str = ""
    waits: bool = False

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"rule": self.rule, "message": self.message}
        if self.item:
            data["item"] = self.item
        if self.waits:
            data["waits"] = True
        return data


class SubmissionRefused(ApplicationError):
    """Submission refused: ``failures`` lists every unmet rule, not only the first."""

    code = "submission_refused"

    def __init__(self, failures: list[RuleFailure]) -> None:
        super().__init__("The application cannot be submitted yet: " + "; ".join(f.message for f in failures))
        self.failures = failures


class NotEligible(SubmissionRefused):
    """The service cannot be filed for this person now (``ServiceDefinition.preconditions``): ``failures`` say why
    and what to file instead (e.g. an extension outside its window: a new visa)."""

    code = "not_eligible"

    def __init__(self, failures: list[RuleFailure]) -> None:
        super().__init__(failures)
        self.message = "This service cannot be filed for this person now: " + "; ".join(f.message for f in failures)
        self.args = (self.message,)
