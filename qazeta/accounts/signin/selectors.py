"""Reads of the sign-in part: a user's API tokens and second-factor devices, the sign-in log."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from qazeta.accounts.models import ApiToken, User


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """``user``'s API tokens that have not expired, newest first (expired ones are deleted on their next use)."""
    return ApiToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")


def authenticator_of(user: User) -> TOTPDevice | None:
    """``user``'s confirmed authenticator app (TOTP device), if any."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user: User) -> int:
    """How many unused recovery codes ``user`` has (0 without any)."""
    return StaticToken.objects.filter(device__in=StaticDevice.objects.devices_for_user(user, confirmed=True)).count()
