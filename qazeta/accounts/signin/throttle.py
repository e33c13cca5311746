"""A pause on registration for an address that keeps trying usernames already in use.

Registration answers one generic message for a username that exists or is reserved, but an answer still
differs from a successful registration; counting those answers per address bounds how fast anyone can probe
usernames (``REGISTRATION_USERNAME_CLASH_LIMIT`` an hour; docs/decisions/0009-accounts-security.md). Counts live
in Django's cache (``CACHE_URL``; per process on the embedded default).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from .client import client_ip

WINDOW = dt.timedelta(hours=1)


def _key(request: HttpRequest) -> str:
    return f"qazeta:registration-clash:{client_ip(request) or 'unknown'}"


def registration_paused_until(request: HttpRequest) -> dt.datetime | None:
    """When this address may register again (aware UTC), or ``None`` when it may now."""
    entry = cache.get(_key(request))
    if not entry or entry["count"] < settings.REGISTRATION_USERNAME_CLASH_LIMIT:
        return None
    return dt.datetime.fromtimestamp(entry["until"], tz=dt.UTC)


def registration_clash_count(request: HttpRequest) -> int:
    """Count one registration refused for an unavailable username from this address; returns the count in the
    current hour (the hour starts at the first one)."""
    now = timezone.now().timestamp()
    entry = cache.get(_key(request))
    if not entry or entry["until"] <= now:
        entry = {"count": 0, "until": now + WINDOW.total_seconds()}
    entry["count"] += 1
    cache.set(_key(request), entry, timeout=max(int(entry["until"] - now), 1))
    return entry["count"]
