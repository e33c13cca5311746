"""Where a sign-in request comes from: the client address (behind trusted proxies) and its user agent."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address: ``REMOTE_ADDR``, or with ``TRUSTED_PROXY_COUNT`` = n proxies in front of the app,
    the n-th address from the right of ``X-Forwarded-For`` (the one the outermost trusted proxy saw).

    Counting from the right is what makes it safe: addresses a client puts into the header itself stand to the
    left and are never read. Same rule as DRF's ``NUM_PROXIES`` (the token endpoint's throttle). None when the
    value is not an IP address.
    """
    candidate = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            candidate = addresses[-min(proxies, len(addresses))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


@dataclass(frozen=True)
class SignInClient:
    """What the sign-in log keeps of a request: address, user agent (cut to 255 characters) and path."""

    ip_address: str | None = None
    user_agent: str = ""
    path: str = ""


def client_of(request: HttpRequest | None) -> SignInClient:
    """The :class:`SignInClient` of ``request`` (an empty one for ``None``, e.g. a management command)."""
    if request is None:
        return SignInClient()
    return SignInClient(
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:255],
        path=getattr(request, "path", "")[:255],
    )
