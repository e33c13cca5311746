"""API tokens: sign in for a token (password, plus the second factor for staff), sign out to revoke it.

Tokens are django-rest-knox tokens (only a SHA-512 digest is stored), one per named device, valid 10 hours
after their last use and at most 24 hours (settings ``REST_KNOX``). Send them as ``Authorization: Token <token>``.
The password goes through ``django.contrib.auth.authenticate`` with the request, so django-axes counts failures
and locks out here as on the login page; ``ScopedRateThrottle`` (scope ``sign-in``) also caps requests per address.
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from knox.auth import TokenAuthentication
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from qazeta.accounts.constants import SignInEventKind
from qazeta.accounts.services import AccountError
from qazeta.accounts.signin import services
from qazeta.accounts.signin.client import client_of
from qazeta.accounts.signin.lockout import lockout_response
from qazeta.accounts.signin.policy import second_factor_required


class TokenObtainSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})
    otp = serializers.CharField(
        max_length=16,
        required=False,
        allow_blank=True,
        help_text="Staff (officers, supervisors, admin users) only: the current code of their authenticator app, "
        "or one of their recovery codes. Filers leave it out.",
    )
    device = serializers.CharField(
        max_length=100,
        required=False,
        default="api",
        help_text="A name for the device or system the token is for (e.g. 'hr-system'). A new token for the same "
        "device replaces its earlier one.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as 'Authorization: Token <token>'. Shown only this once.")
    expiry = serializers.DateTimeField(help_text="When the token stops working unless used (then moved on).")
    device = serializers.CharField()


_WRONG_CREDENTIALS = "Unable to log in with provided credentials."


class TokenObtainView(APIView):
    """Exchange username and password (and, for staff, the second-factor code) for an API token."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "sign-in"

    @extend_schema(
        request=TokenObtainSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description="Wrong credentials, or a missing or wrong second-factor code"),
            429: OpenApiResponse(description="Locked out after repeated failures, or throttled; see Retry-After"),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenObtainSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        http_request = request._request  # django-axes reads and marks the Django request, not DRF's wrapper
        user = authenticate(http_request, username=data["username"], password=data["password"])
        if user is None:
            if getattr(http_request, "axes_locked_out", False):
                return lockout_response(http_request)
            raise ValidationError({"non_field_errors": [_WRONG_CREDENTIALS]})
        client = client_of(http_request)
        if second_factor_required(user):
            if not data.get("otp"):
                raise ValidationError({"otp": ["Staff need the code of their authenticator app (field 'otp')."]})
            if services.second_factor_verify(user=user, code=data["otp"], client=client).device is None:
                raise ValidationError({"otp": ["This code is not right, or too many wrong codes: wait and retry."]})
        services.signin_event_record(kind=SignInEventKind.SIGNED_IN, client=client, user=user, detail="API token")
        try:
            token, text = services.api_token_create(user=user, device_name=data["device"], client=client)
        except AccountError as exc:
            raise ValidationError({exc.field or "non_field_errors": [exc.message]}) from None
        body = {"token": text, "expiry": token.expiry, "device": token.device_name}
        return Response(TokenSerializer(body).data)


class TokenLogoutView(APIView):
    """Revoke the token this request is authenticated with."""

    authentication_classes = (TokenAuthentication,)
    permission_classes = (IsAuthenticated,)

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        services.api_token_revoke(user=request.user, token=request.auth, client=client_of(request._request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenLogoutAllView(APIView):
    """Revoke every token of the user (all devices)."""

    authentication_classes = (TokenAuthentication,)
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        request=None, responses={200: inline_serializer("TokensRevoked", {"revoked": serializers.IntegerField()})}
    )
    def post(self, request: Request) -> Response:
        count = services.api_tokens_revoke_all(
            user=request.user, client=client_of(request._request), reason="logout from all devices"
        )
        return Response({"revoked": count})
