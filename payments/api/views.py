"""REST API of the payments app: an application's payment (status, amounts, history, links), and the writes of
the HTML pages — the filing side uploads the receipt, the officer holding the application (or a supervisor)
confirms or rejects it, a supervisor records a refund.

Each write finds the application among those the caller may see (404 otherwise, whatever was sent), asks the
same rule as the HTML view (``qazeta/permissions.py``; 403 ``{"detail", "code": "not_allowed"}``) before the
body is read, then calls the same service (``payments/services.py``). A service's error becomes
``{"detail", "code"}`` with its status: 400 (no reason, a refused file), 403, 409 (``wrong_state``: the
payment is not in a state the action applies to — e.g. a second officer confirming a receipt another officer
has just confirmed: the services lock the payment's row, so the second call finds it confirmed).
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, parser_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from applications.api.serializers import ErrorSerializer
from applications.exceptions import ApplicationError
from applications.models import Application
from applications.selectors import visible_applications
from payments import services
from payments.selectors import payment_of, status_of
from qazeta.parsers import FormParser, JSONParser, MultiPartParser

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
_ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="No reason given, or the file was refused."),
    403: OpenApiResponse(ErrorSerializer, description="You may see the application but not do this."),
    404: OpenApiResponse(ErrorSerializer, description="No such application among those you may see."),
    409: OpenApiResponse(ErrorSerializer, description="The payment is not in a state this action applies to."),
}


class PaymentReceiptUploadSerializer(serializers.Serializer):
    receipt = serializers.FileField(help_text="The bank's receipt or payment order: PDF, JPEG or PNG.")


class PaymentReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Shown to the filer (and in the payment's history).")


def _body(request: Request, application: Application) -> dict[str, Any]:
    payment = payment_of(application)
    status = status_of(application, payment)
    pk = application.pk
    return {
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


def _application(request: Request, pk: int, perm: str, message: str) -> Application:
    """The application ``pk`` if the caller may see it (else 404) and has ``perm`` on it (else 403)."""
    application = get_object_or_404(visible_applications(request.user), pk=pk)
    if not request.user.has_perm(perm, application):
        raise PermissionDenied({"detail": message, "code": "not_allowed"})
    return application


def _error(exc: ApplicationError) -> Response:
    return Response({"detail": exc.message, "code": exc.code}, status=exc.http_status)


def _invalid(errors: dict[str, Any], detail: str) -> Response:
    return Response({"detail": detail, "code": "invalid", "errors": errors}, status=400)


@extend_schema(responses=_PAYMENT, summary="The payment of an application")
@api_view(["GET"])
def payment_detail(request: Request, pk: int) -> Response:
    """The payment of application ``pk`` for those who may see it (404 otherwise). ``status`` is null before the
    documents are approved; amounts are KZT strings with two places, copied from the fee frozen at submission."""
    application = get_object_or_404(visible_applications(request.user), pk=pk)
    return Response(_body(request, application))


@extend_schema(
    request={"multipart/form-data": PaymentReceiptUploadSerializer},
    responses={201: _PAYMENT, **_ERRORS},
    summary="Upload the payment receipt (the filing side)",
)
@api_view(["POST"])
@parser_classes([MultiPartParser, FormParser])
def receipt_upload(request: Request, pk: int) -> Response:
    """The filer (or a member of the host party) uploads the receipt, multipart field ``receipt`` (PDF, JPEG or
    PNG): ``unpaid`` → ``receipt_uploaded`` (a receipt awaiting confirmation is replaced). 201 with the payment;
    409 before the documents are approved, after a refusal or withdrawal, or once confirmed, waived or refunded;
    400 for a missing or refused file (nothing is stored)."""
    application = _application(
        request, pk, "payments.upload_receipt", "Only the filer or a member of the host party can upload it."
    )
    ser = PaymentReceiptUploadSerializer(data=request.data)
    if not ser.is_valid():
        return _invalid(ser.errors, "Give the receipt file.")
    try:
        services.receipt_upload(user=request.user, application=application, file=ser.validated_data["receipt"])
    except ApplicationError as exc:
        return _error(exc)
    return Response(_body(request, application), status=201)


@extend_schema(request=None, responses={200: _PAYMENT, **_ERRORS}, summary="Confirm the payment (the officer)")
@api_view(["POST"])
def payment_confirm(request: Request, pk: int) -> Response:
    """The officer holding the application, or a supervisor, confirms the uploaded receipt: → ``confirmed``.
    409 unless a receipt awaits confirmation (e.g. another officer confirmed or rejected it first)."""
    application = _application(
        request, pk, "payments.confirm", "Only the officer holding this application or a supervisor can confirm it."
    )
    try:
        services.payment_confirm(user=request.user, application=application)
    except ApplicationError as exc:
        return _error(exc)
    return Response(_body(request, application))


@extend_schema(
    request=PaymentReasonSerializer, responses={200: _PAYMENT, **_ERRORS}, summary="Reject the receipt (the officer)"
)
@api_view(["POST"])
@parser_classes([JSONParser, FormParser, MultiPartParser])
def payment_reject(request: Request, pk: int) -> Response:
    """The officer holding the application, or a supervisor, rejects the uploaded receipt with ``reason`` (the
    filer reads it): → ``unpaid``. 400 without a reason; 409 unless a receipt awaits confirmation."""
    application = _application(
        request, pk, "payments.confirm", "Only the officer holding this application or a supervisor can reject it."
    )
    ser = PaymentReasonSerializer(data=request.data)
    if not ser.is_valid():
        return _invalid(ser.errors, "Say why the receipt is rejected.")
    try:
        services.payment_reject(user=request.user, application=application, reason=ser.validated_data["reason"])
    except ApplicationError as exc:
        return _error(exc)
    return Response(_body(request, application))


@extend_schema(
    request=PaymentReasonSerializer, responses={200: _PAYMENT, **_ERRORS}, summary="Record a refund (a supervisor)"
)
@api_view(["POST"])
@parser_classes([JSONParser, FormParser, MultiPartParser])
def payment_refund(request: Request, pk: int) -> Response:
    """A supervisor records the refund of a confirmed payment with ``reason``: → ``refunded``. 400 without a
    reason; 409 unless the payment is confirmed (e.g. already refunded)."""
    application = _application(request, pk, "payments.refund", "Only a supervisor can record a refund.")
    ser = PaymentReasonSerializer(data=request.data)
    if not ser.is_valid():
        return _invalid(ser.errors, "Say why the payment is refunded.")
    try:
        services.payment_refund(user=request.user, application=application, reason=ser.validated_data["reason"])
    except ApplicationError as exc:
        return _error(exc)
    return Response(_body(request, application))
