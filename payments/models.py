"""The payment of one application and its history.

Amounts are KZT (``Decimal``, 2 places), copied from the application's fee frozen at submission when the
invoice is issued (the documents approved), so a later tariff change never changes an invoice or a statement.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from qazeta.accounts.models import Organisation

from .constants import EventKind, PaymentStatus


class Payment(models.Model):
    """What the filer owes for one application, how it is being paid and where that stands."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="payment")
    provider = models.CharField(
        max_length=32, help_text="The payment provider's code (payments.providers.PROVIDERS), e.g. 'receipt'."
    )
    status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.UNPAID)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
        help_text="The paying host party; empty when the person pays for themselves.",
    )
    payer_name = models.CharField(max_length=255)
    service_fee = models.DecimalField(max_digits=12, decimal_places=2, help_text="KZT")
    state_duty = models.DecimalField(max_digits=12, decimal_places=2, help_text="KZT")
    total = models.DecimalField(max_digits=12, decimal_places=2, help_text="KZT")
    invoiced_at = models.DateTimeField(auto_now_add=True)

    receipt = models.FileField(upload_to="receipts/%Y/%m/", blank=True)
    receipt_name = models.CharField(max_length=255, blank=True)
    receipt_content_type = models.CharField(max_length=64, blank=True)
    receipt_sha256 = models.CharField(max_length=64, blank=True)
    receipt_uploaded_at = models.DateTimeField(null=True, blank=True)

    confirmed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rejection_reason = models.TextField(blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True, db_index=True)
    refund_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("payment")

    def __str__(self) -> str:
        return f"{self.application} — {self.status} {self.total} KZT"


class PaymentEvent(models.Model):
    """The payment's own history: one row per change, e-mailed to the filer once (``emailed_at``)."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for the system.",
    )
    from_status = models.CharField(max_length=20, choices=PaymentStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=PaymentStatus.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.payment_id}: {self.kind} → {self.to_status}"
