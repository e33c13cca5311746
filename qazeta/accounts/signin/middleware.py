"""Session limits and the second factor staff must pass, checked on every request.

Both sit after Django's ``AuthenticationMiddleware`` and django-otp's ``OTPMiddleware`` (settings.MIDDLEWARE).
Requests authenticated by an API token carry no session user here; the token itself is the proof for them
(staff get one only with their second factor: ``qazeta.accounts.api.auth``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _

from qazeta.accounts.constants import SignInEventKind

from . import services
from .client import client_of
from .policy import absolute_timeout, idle_timeout, second_factor_required
from .selectors import authenticator_of

#: Session keys: when the user signed in and when the session was last used (POSIX seconds).
SIGNED_IN_AT = "signin_at"
LAST_SEEN = "signin_last_seen"
#: The last-seen time is written at most once a minute, so most requests do not save the session.
LAST_SEEN_RESOLUTION_SECONDS = 60

#: URL names an authenticated member of staff may open before passing the second factor.
SECOND_FACTOR_EXEMPT = frozenset(
    {
        "two-factor-verify",
        "two-factor-setup",
        "logout",
        "admin:logout",
        "set_language",
        "healthz",
        "api-token",
    }
)


def session_start(request: HttpRequest) -> None:
    """Stamp a new signed-in session with its start (called on ``user_logged_in``)."""
    now = timezone.now().timestamp()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now


class SessionTimeoutMiddleware:
    """End a session unused for ``idle_timeout(user)`` (30 min staff, 2 h others) or older than 12 hours.

    The user is signed out before the view runs (so the page answers as to any visitor: a login redirect), the
    sign-in log gets a ``session_expired`` row, and the next page says why.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request, user)
        return self.get_response(request)

    def _check(self, request: HttpRequest, user: Any) -> None:
        session = request.session
        now = timezone.now().timestamp()
        started, last_seen = session.get(SIGNED_IN_AT), session.get(LAST_SEEN)
        if started is None or last_seen is None:  # a session opened before these limits existed
            session_start(request)
            return
        idle = idle_timeout(user)
        if now - started > absolute_timeout().total_seconds():
            reason = _("Your session ended: sessions last at most %(hours)d hours. Sign in again.") % {
                "hours": absolute_timeout().total_seconds() // 3600
            }
            detail = "absolute limit"
        elif now - last_seen > idle.total_seconds():
            reason = _("Your session ended after %(minutes)d minutes without activity. Sign in again.") % {
                "minutes": idle.total_seconds() // 60
            }
            detail = f"idle {int(idle.total_seconds() // 60)} min"
        else:
            if now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
                session[LAST_SEEN] = now
            return
        services.signin_event_record(
            kind=SignInEventKind.SESSION_EXPIRED, client=client_of(request), user=user, detail=detail
        )
        request.signin_session_expired = True  # the logout receiver logs no second row
        logout(request)
        messages.info(request, reason)


class SecondFactorMiddleware(MiddlewareMixin):
    """Staff (officers, supervisors, admin users) get no page and no API answer before their second factor.

    An unverified session is sent to the code page, or to add an authenticator app when it has none; the API
    answers 403 ``second_factor_required``. Filers are not affected.
    """

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not second_factor_required(user):
            return None
        is_verified = getattr(user, "is_verified", None)
        if is_verified is not None and is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_FACTOR_EXEMPT:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": _("Staff must pass the second factor: sign in again with your authenticator code."),
                    "code": "second_factor_required",
                },
                status=403,
            )
        # Without an authenticator app (never added, or removed by an admin after a lost phone) staff add one;
        # leftover recovery codes alone do not count, or a user who has used them all could never get in.
        target = "two-factor-verify" if authenticator_of(user) is not None else "two-factor-setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
