"""Writes of the payments app. Each function checks who acts (``qazeta/permissions.py``), changes the payment
under a row lock, writes the payment's history and records the filer's e-mail in the engine's outbox in the
same transaction. Raises the engine's errors (``applications.exceptions``): NotAllowed (403), WrongState (409),
UploadRejected (400), ApplicationError (400), so views and the API handle them as the engine's own.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from applications import outbox
from applications.exceptions import ApplicationError, NotAllowed, UploadRejected, WrongState
from applications.models import Application
from qazeta import uploads
from qazeta.accounts.models import User

from .constants import EventKind, PaymentStatus
from .models import Payment, PaymentEvent
from .providers import provider_for
from .selectors import PAYABLE_STATES, payer_of

#: The e-mail task (``payments.tasks.send_payment_email``), named: tasks sit above services.
SEND_EMAIL_TASK = "payments.tasks.send_payment_email"


def _event(payment: Payment, *, kind: str, actor: User | None, from_status: str, note: str = "") -> PaymentEvent:
    event = PaymentEvent.objects.create(
        payment=payment, kind=kind, actor=actor, from_status=from_status, to_status=payment.status, note=note
    )
    outbox.task_later(SEND_EMAIL_TASK, [event.pk], key=f"payment_email:{event.pk}")
    return event


@transaction.atomic
def invoice_issue(application: Application) -> Payment | None:
    """Open the payment of ``application`` (once; later calls return the same row): the amounts of the fee frozen
    at submission (KZT), the payer, the configured provider; ``waived`` when the frozen total is 0 KZT, else
    ``unpaid``. Returns None when no fee was frozen (nothing to invoice). Called when the documents are approved
    (``payments.receivers``), and by :func:`_payment_for_update` for applications approved before."""
    existing = Payment.objects.filter(application_id=application.pk).first()
    if existing is not None or application.fee_total is None:
        return existing
    organisation, payer = payer_of(application)
    waived = application.fee_total == 0
    payment = Payment.objects.create(
        application=application,
        provider=provider_for().code,
        status=PaymentStatus.WAIVED if waived else PaymentStatus.UNPAID,
        organisation=organisation,
        payer_name=payer,
        service_fee=application.fee_service or 0,
        state_duty=application.fee_state_duty or 0,
        total=application.fee_total,
    )
    _event(payment, kind=EventKind.WAIVED if waived else EventKind.INVOICE_ISSUED, actor=None, from_status="")
    return payment


def _payment_for_update(application: Application) -> Payment:
    if application.state not in PAYABLE_STATES and not Payment.objects.filter(application_id=application.pk).exists():
        raise WrongState("The fee is due once the Expat Centre has approved the documents.")
    if invoice_issue(application) is None:
        raise WrongState("No fee was fixed for this application; there is nothing to pay.")
    return Payment.objects.select_for_update().get(application_id=application.pk)


@transaction.atomic
def receipt_upload(*, user: User, application: Application, file: UploadedFile) -> Payment:
    """The filing side uploads the payment receipt (PDF, JPEG or PNG, checked by ``qazeta.uploads.inspect_upload``);
    ``unpaid`` (or a receipt not yet confirmed, which it replaces) → ``receipt_uploaded``.

    Raises NotAllowed unless the user acts for the filer; WrongState before approval or after a refusal,
    withdrawal or cancellation, when nothing is due, or when it is already confirmed, waived or refunded;
    UploadRejected when the file is refused (nothing is stored)."""
    if not user.has_perm("payments.upload_receipt", application):
        raise NotAllowed("Only the filer or a member of the host party can upload the payment receipt.")
    if application.state not in PAYABLE_STATES:
        raise WrongState("A receipt is taken while the application goes on, from the approval of its documents.")
    payment = _payment_for_update(application)
    if not provider_for(payment.provider).accepts_receipts:
        raise WrongState("This payment is confirmed by the payment provider; no receipt is needed.")
    if payment.status not in (PaymentStatus.UNPAID, PaymentStatus.RECEIPT_UPLOADED):
        raise WrongState(f"The payment is “{PaymentStatus(payment.status).label}”; no receipt is needed now.")
    try:
        mime, content = uploads.inspect_upload(file)
    except uploads.FileRefused as exc:
        raise UploadRejected(exc.message, code=exc.code) from None
    name = uploads.clean_file_name(file.name, default="receipt")
    before = payment.status
    payment.receipt.save(name, ContentFile(content), save=False)
    payment.receipt_name = name
    payment.receipt_content_type = mime
    payment.receipt_sha256 = hashlib.sha256(content).hexdigest()
    payment.receipt_uploaded_at = timezone.now()
    payment.rejection_reason = ""
    payment.status = PaymentStatus.RECEIPT_UPLOADED
    payment.save()
    _event(payment, kind=EventKind.RECEIPT_UPLOADED, actor=user, from_status=before, note=name)
    return payment


@transaction.atomic
def payment_confirm(*, user: User, application: Application) -> Payment:
    """The officer holding the application (or a supervisor) confirms the uploaded receipt: → ``confirmed``.
    Raises NotAllowed; WrongState unless a receipt awaits confirmation."""
    if not user.has_perm("payments.confirm", application):
        raise NotAllowed("Only the officer holding this application or a supervisor can confirm the payment.")
    payment = _payment_for_update(application)
    if payment.status != PaymentStatus.RECEIPT_UPLOADED:
        raise WrongState("There is no payment receipt to confirm.")
    payment.status = PaymentStatus.CONFIRMED
    payment.confirmed_at = timezone.now()
    payment.confirmed_by = user
    payment.save()
    _event(payment, kind=EventKind.CONFIRMED, actor=user, from_status=PaymentStatus.RECEIPT_UPLOADED)
    return payment


@transaction.atomic
def payment_reject(*, user: User, application: Application, reason: str) -> Payment:
    """The officer rejects the uploaded receipt with a reason the filer reads: → ``unpaid`` (the filer pays or
    uploads again). Raises NotAllowed; ApplicationError without a reason; WrongState unless a receipt awaits."""
    if not user.has_perm("payments.confirm", application):
        raise NotAllowed("Only the officer holding this application or a supervisor can reject the receipt.")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Say why the receipt is rejected.", code="reason_required")
    payment = _payment_for_update(application)
    if payment.status != PaymentStatus.RECEIPT_UPLOADED:
        raise WrongState("There is no payment receipt to reject.")
    payment.status = PaymentStatus.UNPAID
    payment.rejection_reason = reason
    payment.save()
    _event(payment, kind=EventKind.REJECTED, actor=user, from_status=PaymentStatus.RECEIPT_UPLOADED, note=reason)
    return payment


@transaction.atomic
def payment_refund(*, user: User, application: Application, reason: str) -> Payment:
    """A supervisor records the refund of a confirmed payment (the provider returns the money): → ``refunded``.
    Raises NotAllowed; ApplicationError without a reason; WrongState unless the payment is confirmed."""
    if not user.has_perm("payments.refund", application):
        raise NotAllowed("Only a supervisor can record a refund.")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Say why the payment is refunded.", code="reason_required")
    payment = _payment_for_update(application)
    if payment.status != PaymentStatus.CONFIRMED:
        raise WrongState("Only a confirmed payment can be refunded.")
    provider_for(payment.provider).refund(payment, reason=reason)
    payment.status = PaymentStatus.REFUNDED
    payment.refunded_at = timezone.now()
    payment.refund_reason = reason
    payment.save()
    _event(payment, kind=EventKind.REFUNDED, actor=user, from_status=PaymentStatus.CONFIRMED, note=reason)
    return payment
