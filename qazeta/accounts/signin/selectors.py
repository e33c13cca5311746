"""Reads of the sign-in part: a user's API tokens and second-factor devices, the sign-in log."""

from __future__ import annotations

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from qazeta.accounts.models import User

#: The device name of a token issued without one (only the admin of django-rest-knox does that).
NO_DEVICE = "api"


def api_tokens_of(user: User, *, expired: bool = False) -> QuerySet[AuthToken]:
    """``user``'s API tokens, newest first, each with ``device_name`` (django-rest-knox deletes expired ones on
    their next use; without ``expired`` they are left out)."""
    tokens = AuthToken.objects.filter(user=user)
    if not expired:
        tokens = tokens.filter(expiry__gt=timezone.now())
    return tokens.annotate(device_name=Coalesce(F("device__name"), Value(NO_DEVICE))).order_by("-created")


def authenticator_of(user: User) -> TOTPDevice | None:
    """``user``'s confirmed authenticator app (TOTP device), if any."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user: User) -> int:
    """How many unused recovery codes ``user`` has (0 without any)."""
    return StaticToken.objects.filter(device__in=StaticDevice.objects.devices_for_user(user, confirmed=True)).count()
