"""REST API of the payments app: an application's payment (status, amounts, history, links)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from applications.selectors import visible_applications
from payments.selectors import payment_of, status_of

_EVENT = inline_serializer(
    "PaymentEvent",
    {
        "kind": serializers.CharField(),
        "from_status": serializers.CharField(),
        "to_status": serializers.CharField(),
        "note": serializers.CharField(),
        "at": serializers.DateTimeField(),
    },
)
_PAYMENT = inline_serializer(
    "Payment",
    {
        "status": serializers.CharField(allow_null=True),
        "status_label": serializers.CharField(),
        "provider": serializers.CharField(allow_null=True),
        "service_fee": serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True),
        "state_duty": serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True),
        "total": serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True),
        "currency": serializers.CharField(),
        "invoice_url": serializers.CharField(allow_null=True),
        "receipt_url": serializers.CharField(allow_null=True),
        "rejection_reason": serializers.CharField(),
        "events": _EVENT,
    },
)


@extend_schema(responses=_PAYMENT, summary="The payment of an application")
@api_view(["GET"])
def payment_detail(request: Request, pk: int) -> Response:
    """The payment of application ``pk`` for those who may see it (404 otherwise). ``status`` is null before the
    documents are approved; amounts are KZT strings with two places, copied from the fee frozen at submission."""
    application = get_object_or_404(visible_applications(request.user), pk=pk)
    payment = payment_of(application)
    status = status_of(application, payment)
    return Response(
        {
            "status": status.value if status else None,
            "status_label": str(status.label) if status else "",
            "provider": payment.provider if payment else None,
            "service_fee": f"{payment.service_fee:.2f}" if payment else None,
            "state_duty": f"{payment.state_duty:.2f}" if payment else None,
            "total": f"{payment.total:.2f}" if payment else None,
            "currency": "KZT",
            "invoice_url": request.build_absolute_uri(reverse("payment-invoice", args=[pk])) if payment else None,
            "receipt_url": request.build_absolute_uri(reverse("payment-receipt", args=[pk]))
            if payment and payment.receipt
            else None,
            "rejection_reason": payment.rejection_reason if payment else "",
            "events": [
                {"kind": e.kind, "from_status": e.from_status, "to_status": e.to_status, "note": e.note, "at": e.at}
                for e in (payment.events.all() if payment else [])
            ],
        }
    )
