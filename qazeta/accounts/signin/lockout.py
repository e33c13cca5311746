"""Lockout after repeated sign-in failures (django-axes hooks): three limits, and the answer a locked client gets.

django-axes counts failed password sign-ins on every path that calls ``django.contrib.auth.authenticate`` with
the request: the login page, the admin login and the API token endpoint. Its settings give one limit for all of
``AXES_LOCKOUT_PARAMETERS``; the portal wants a different limit for each (settings, "Accounts and sign-in"):

- one username from one address: ``AXES_FAILURE_LIMIT`` (5): someone guessing one password;
- one username from any address: ``SIGN_IN_FAILURE_LIMIT_PER_ACCOUNT`` (10): guessing spread over addresses;
- one address for any usernames: ``SIGN_IN_FAILURE_LIMIT_PER_ADDRESS`` (20): password spraying; higher, because
  an office behind one NAT address shares it.

Failures count for ``AXES_COOLOFF_TIME`` (30 minutes) after the latest one.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .client import client_ip as _client_ip


def client_ip(request: HttpRequest) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: the address failures are counted against (see ``client.client_ip``)."""
    return _client_ip(request)


def failure_limits() -> list[int]:
    """The limit of each entry of ``AXES_LOCKOUT_PARAMETERS``, in the same order (username+address, username,
    address)."""
    return [
        settings.AXES_FAILURE_LIMIT,
        settings.SIGN_IN_FAILURE_LIMIT_PER_ACCOUNT,
        settings.SIGN_IN_FAILURE_LIMIT_PER_ADDRESS,
    ]


class SignInLockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with one limit per lockout parameter (``AXES_HANDLER``).

    axes compares one number with ``AXES_FAILURE_LIMIT``; this handler scales each parameter's failure count to
    that limit (``count × AXES_FAILURE_LIMIT // own limit``, rounded down so nobody is locked a failure early)
    and returns the largest, so a client is locked exactly when one of the three counts reaches its own limit.
    """

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        base = settings.AXES_FAILURE_LIMIT
        scaled = [0]
        for attempts, limit in zip(self.get_user_attempts(request, credentials), failure_limits(), strict=False):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            scaled.append(count * base // limit)
        return max(scaled)


def retry_at(request: HttpRequest | None = None) -> dt.datetime:
    """When a client locked out now may try again: the cool-off after this (latest) failure, aware UTC."""
    return timezone.now() + (get_cool_off(request) or dt.timedelta(0))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: 429 with the time to try again, as JSON on the API and as a page elsewhere.

    Says nothing about whether the username exists: an unknown username is locked the same way.
    """
    when = retry_at(request)
    seconds = max(math.ceil((when - timezone.now()).total_seconds()), 1)
    message = _("Too many failed sign-in attempts. Try again after %(time)s (Astana time).") % {
        "time": timezone.localtime(when).strftime("%H:%M")
    }
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": message, "retry_after": when.isoformat(), "code": "locked_out"}, status=429
        )
    else:
        response = render(request, "registration/locked_out.html", {"retry_at": when, "message": message}, status=429)
    response["Retry-After"] = str(seconds)
    return response
