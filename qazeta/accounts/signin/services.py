"""Writes of the sign-in part: the sign-in log, API tokens, the second factor and what follows a new password.

Every function that changes an account's sign-in state writes its ``SignInEvent`` row in the same transaction
(CONVENTIONS 3). Views pass a :class:`~qazeta.accounts.signin.client.SignInClient` for the log; services never
read the request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from qazeta.accounts.constants import SignInEventKind
from qazeta.accounts.models import ApiTokenDevice, SignInEvent, User
from qazeta.accounts.services import AccountError

from .client import SignInClient
from .selectors import NO_DEVICE, api_tokens_of

#: Names of the devices the portal creates, as the account page shows them.
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"


def signin_event_record(
    *,
    kind: str,
    client: SignInClient,
    user: User | None = None,
    username: str = "",
    detail: str = "",
) -> SignInEvent:
    """Append one row to the sign-in log.

    ``kind``: a ``SignInEventKind``; ``username``: as typed (defaults to ``user``'s); ``detail``: a short note
    for people (the token's device, "recovery code"). Never raises on long input: text is cut to the columns.
    """
    if user is not None and not username:
        username = user.get_username()
    return SignInEvent.objects.create(
        at=timezone.now(),
        kind=kind,
        user=user,
        username=(username or "")[:150],
        ip_address=client.ip_address,
        user_agent=client.user_agent[:255],
        path=client.path[:255],
        detail=detail[:255],
    )


def signin_events_prune(*, older_than_days: int | None = None) -> int:
    """Delete sign-in log rows older than ``older_than_days`` (default ``settings.SIGN_IN_EVENT_RETENTION_DAYS``).

    Returns the number of rows deleted. The retention is written down in docs/security.md.
    """
    days = settings.SIGN_IN_EVENT_RETENTION_DAYS if older_than_days is None else older_than_days
    deleted, _ = SignInEvent.objects.filter(at__lt=timezone.now() - dt.timedelta(days=days)).delete()
    return deleted


# ----------------------------------------------------------------------------------------------- API tokens
@transaction.atomic
def api_token_create(*, user: User, device_name: str, client: SignInClient) -> tuple[AuthToken, str]:
    """Issue a new API token for ``user``'s device ``device_name``; the token text is returned once, only its
    SHA-512 digest is stored (django-rest-knox).

    One token per device: an earlier token of the same device is revoked first. Returns ``(row, token text)``;
    the row's ``expiry`` is 10 hours ahead (``REST_KNOX["TOKEN_TTL"]``), moved on by use up to 24 hours after
    issue. Raises ``AccountError`` when the user already has ``REST_KNOX["TOKEN_LIMIT_PER_USER"]`` devices.
    The caller has checked the password (and the second factor, for staff).
    """
    device_name = (device_name or NO_DEVICE).strip()[:100] or NO_DEVICE
    # Locks the user's row: two sign-ins of one device at once would otherwise both keep a token.
    User.objects.select_for_update().filter(pk=user.pk).first()
    for old in api_tokens_of(user, expired=True).filter(device__name=device_name):
        _token_delete(old, client=client, detail=f"{device_name}: replaced by a new token")
    limit = settings.REST_KNOX.get("TOKEN_LIMIT_PER_USER")
    if limit and api_tokens_of(user).count() >= limit:
        raise AccountError(
            gettext("You have %(limit)s API tokens already; revoke one on your account page first.") % {"limit": limit},
            field="device",
        )
    row, text = AuthToken.objects.create(user=user)
    ApiTokenDevice.objects.create(token=row, name=device_name)
    row.device_name = device_name
    signin_event_record(kind=SignInEventKind.TOKEN_CREATED, client=client, user=user, detail=device_name)
    return row, text


def _device_name(token: AuthToken) -> str:
    name = getattr(token, "device_name", None)
    if name is None:
        name = ApiTokenDevice.objects.filter(token=token).values_list("name", flat=True).first() or NO_DEVICE
    return name


def _token_delete(token: AuthToken, *, client: SignInClient, detail: str) -> None:
    signin_event_record(kind=SignInEventKind.TOKEN_REVOKED, client=client, user=token.user, detail=detail)
    token.delete()


@transaction.atomic
def api_token_revoke(*, user: User, token: AuthToken, client: SignInClient) -> None:
    """Revoke one of ``user``'s API tokens (API logout, or the account page). Raises ``AccountError`` when the
    token belongs to someone else."""
    if token.user_id != user.pk:
        raise AccountError(gettext("This token is not yours."))
    _token_delete(token, client=client, detail=_device_name(token))


@transaction.atomic
def api_tokens_revoke_all(*, user: User, client: SignInClient, reason: str = "") -> int:
    """Revoke every API token of ``user`` (logout everywhere, a new password). Returns how many were revoked."""
    tokens = list(api_tokens_of(user, expired=True))
    for token in tokens:
        _token_delete(token, client=client, detail=f"{token.device_name}{': ' + reason if reason else ''}")
    return len(tokens)


# ----------------------------------------------------------------------------------------------- second factor
@dataclass(frozen=True)
class SecondFactorCheck:
    """The outcome of a code: the ``device`` that accepted it, or ``None`` and, when too many wrong codes were
    typed, the moment (aware UTC) before which no code is looked at (django-otp's throttling, doubling the wait
    after each failure)."""

    device: Device | None
    retry_after: dt.datetime | None = None


def _devices_for_check(user: User) -> list[Device]:
    totp = list(TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk"))
    static = list(StaticDevice.objects.devices_for_user(user, confirmed=True).order_by("pk"))
    return [*totp, *static]


@transaction.atomic
def second_factor_verify(*, user: User, code: str, client: SignInClient) -> SecondFactorCheck:
    """Check a six-digit authenticator code or a recovery code of ``user``, and log the outcome.

    A recovery code is used up. A TOTP code is accepted once (django-otp keeps the last time step used), within
    one 30-second step either side. Wrong codes make the devices wait 1, 2, 4, … seconds before the next check.
    Returns :class:`SecondFactorCheck`; the caller marks the session verified (``django_otp.login``).
    """
    code = "".join((code or "").split())
    devices = _devices_for_check(user)
    accepted = None
    if code:
        for device in devices:
            accepted = verify_token(user, device.persistent_id, code)
            if accepted is not None:
                break
    if accepted is not None:
        detail = "recovery code" if isinstance(accepted, StaticDevice) else accepted.name
        signin_event_record(kind=SignInEventKind.SECOND_FACTOR_VERIFIED, client=client, user=user, detail=detail)
        return SecondFactorCheck(device=accepted)
    signin_event_record(kind=SignInEventKind.SECOND_FACTOR_FAILED, client=client, user=user)
    retry_after = None
    for device in devices:
        device.refresh_from_db()
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            retry_after = max(retry_after or data["locked_until"], data["locked_until"])
    return SecondFactorCheck(device=None, retry_after=retry_after)


@transaction.atomic
def second_factor_enrol_start(*, user: User) -> TOTPDevice:
    """The authenticator device ``user`` is adding: an unconfirmed TOTP device with a fresh random key (reused
    while it stays unconfirmed, so reloading the page keeps the QR code). Raises ``AccountError`` when the user
    already has a confirmed one (they remove it first, or an admin does)."""
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        raise AccountError(gettext("You already have an authenticator app."))
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


@transaction.atomic
def second_factor_enrol_confirm(*, user: User, code: str, client: SignInClient) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator ``user`` is adding with a first code from it, and issue the recovery codes.

    Returns ``(device, recovery codes)``: the codes are shown once and stored by django-otp only for checking.
    Raises ``AccountError`` (field ``code``) when the code is wrong or no device is being added.
    """
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        raise AccountError(gettext("Start again: no authenticator app is being added."), field="code")
    if not device.verify_token("".join((code or "").split())):
        signin_event_record(
            kind=SignInEventKind.SECOND_FACTOR_FAILED, client=client, user=user, detail="while adding the app"
        )
        raise AccountError(
            gettext("This code is not right. Check the app's clock and try the current code."), field="code"
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    signin_event_record(kind=SignInEventKind.SECOND_FACTOR_ADDED, client=client, user=user, detail=device.name)
    return device, recovery_codes_new(user=user, client=client)


@transaction.atomic
def recovery_codes_new(*, user: User, client: SignInClient) -> list[str]:
    """Replace ``user``'s recovery codes with ``settings.SECOND_FACTOR_RECOVERY_CODES`` (10) new one-time codes.

    Returns the codes; the old ones stop working. Each code works once in place of an authenticator code.
    """
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_CODES_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.SECOND_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    signin_event_record(kind=SignInEventKind.RECOVERY_CODES_NEW, client=client, user=user)
    return codes


# ----------------------------------------------------------------------------------------------- passwords
@transaction.atomic
def password_changed(*, user: User, client: SignInClient, by_reset: bool) -> int:
    """What follows a new password: every API token of ``user`` is revoked and the change is logged.

    (Django itself ends the other browser sessions: their stored hash no longer matches.) ``by_reset``: the
    password came from an e-mailed reset link rather than the change form. Returns the number of tokens revoked.
    """
    revoked = api_tokens_revoke_all(user=user, client=client, reason="new password")
    kind = SignInEventKind.PASSWORD_RESET if by_reset else SignInEventKind.PASSWORD_CHANGED
    signin_event_record(kind=kind, client=client, user=user)
    return revoked
