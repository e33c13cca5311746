"""Who needs a second factor and how long a session may last: pure functions of the user and the settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from qazeta.accounts.constants import Role


def is_portal_staff(user: Any) -> bool:
    """True for Expat Centre officers and supervisors and for anyone who may open the Django admin.

    These accounts see every host party's data, so they sign in with a second factor and get the short idle
    timeout (issue 6, "Accounts"). ``user`` may be anonymous (then False).
    """
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role in (Role.OFFICER, Role.SUPERVISOR) or user.is_staff or user.is_superuser


def second_factor_required(user: Any) -> bool:
    """True when ``user`` must pass a TOTP code (or a recovery code) after the password; filers keep password only."""
    return is_portal_staff(user)


def idle_timeout(user: Any) -> dt.timedelta:
    """How long a session of ``user`` may stay unused: 30 minutes for staff, 2 hours for others (settings)."""
    return settings.SESSION_IDLE_TIMEOUT_STAFF if is_portal_staff(user) else settings.SESSION_IDLE_TIMEOUT


def absolute_timeout() -> dt.timedelta:
    """How long any session may last after sign-in, used or not (12 hours, ``settings.SESSION_ABSOLUTE_TIMEOUT``)."""
    return settings.SESSION_ABSOLUTE_TIMEOUT
