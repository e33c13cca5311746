"""Signal receivers that keep the sign-in log and stamp new sessions; connected in ``AccountsConfig.ready``.

Django sends ``user_logged_in``, ``user_login_failed`` and ``user_logged_out`` on every path that signs in or
out through ``django.contrib.auth`` (login page, admin, registration's automatic sign-in, the test client's
``force_login``); django-rest-knox sends ``token_expired`` when it deletes an expired token. django-axes' own
``user_login_failed`` receiver runs first ("axes" precedes "qazeta.accounts" in ``INSTALLED_APPS``), so a
request it has just locked out already carries ``axes_locked_out`` here.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest
from knox.signals import token_expired

from qazeta.accounts.constants import SignInEventKind
from qazeta.accounts.models import User

from . import services
from .client import SignInClient, client_of
from .middleware import session_start


def on_logged_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """A password sign-in succeeded: stamp the session for the timeouts and log ``signed_in``."""
    if request is not None and hasattr(request, "session"):
        session_start(request)
    services.signin_event_record(kind=SignInEventKind.SIGNED_IN, client=client_of(request), user=user)


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """A password sign-in failed: ``locked_out`` when django-axes refused or has just locked the client, else
    ``failed``. The username is logged as typed; the password never reaches here (Django cleanses it)."""
    username = str(credentials.get("username") or "")
    locked = bool(getattr(request, "axes_locked_out", False))
    kind = SignInEventKind.LOCKED_OUT if locked else SignInEventKind.FAILED
    user = User.objects.filter(username=username).first() if username else None
    services.signin_event_record(kind=kind, client=client_of(request), user=user, username=username)


def on_logged_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    """Log ``signed_out`` (not again when the session-timeout middleware has logged the expiry)."""
    if user is None or getattr(request, "signin_session_expired", False):
        return
    services.signin_event_record(kind=SignInEventKind.SIGNED_OUT, client=client_of(request), user=user)


def on_token_expired(sender: Any, username: str, **kwargs: Any) -> None:
    """django-rest-knox deleted an expired API token of ``username``."""
    user = User.objects.filter(username=username).first()
    services.signin_event_record(
        kind=SignInEventKind.TOKEN_EXPIRED, client=SignInClient(), user=user, username=username
    )


def connect() -> None:
    """Connect the receivers (idempotent: each has a ``dispatch_uid``)."""
    user_logged_in.connect(on_logged_in, dispatch_uid="qazeta.signin.logged_in")
    user_login_failed.connect(on_login_failed, dispatch_uid="qazeta.signin.login_failed")
    user_logged_out.connect(on_logged_out, dispatch_uid="qazeta.signin.logged_out")
    token_expired.connect(on_token_expired, dispatch_uid="qazeta.signin.token_expired")
