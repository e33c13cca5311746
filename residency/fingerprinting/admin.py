"""Fingerprinting settings in the admin: supervisors change them (one row, never deleted), with history."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from qazeta.permissions import is_supervisor

from .models import FingerprintingSettings


@admin.register(FingerprintingSettings)
class FingerprintingSettingsAdmin(SimpleHistoryAdmin):
    """Supervisors (and superusers) only; the single row is edited, never added twice or deleted."""

    list_display = ["__str__", "invitations_earn_waiver", "note"]

    def _allowed(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser or is_supervisor(request.user))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request) and not FingerprintingSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
