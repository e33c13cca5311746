"""Admin for supervisors: the MRP table, tariffs and state duties.

Rows cannot be deleted here: a supervisor ends a row with ``effective_to`` and adds its successor, so that
every quote frozen on an application keeps the row it came from, and because the loader would re-insert a
deleted seed row on the next ``migrate``. The overlap check runs through the model's ``clean()``.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from fees.models import Mrp, StateDuty, Tariff


class NoDeleteAdmin(SimpleHistoryAdmin):
    """End a row with effective_to instead of deleting it (see the module docstring)."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Mrp)
class MrpAdmin(NoDeleteAdmin):
    list_display = ["year", "amount", "source"]
    search_fields = ["year", "source"]
    ordering = ["-year"]


@admin.register(Tariff)
class TariffAdmin(NoDeleteAdmin):
    list_display = [
        "service",
        "channel",
        "validity_band",
        "variant",
        "amount",
        "effective_from",
        "effective_to",
    ]
    list_filter = ["service", "channel", "validity_band", "variant", "effective_from"]
    search_fields = ["service", "source"]
    date_hierarchy = "effective_from"
    fieldsets = [
        (None, {"fields": ["service", "channel", "validity_band", "variant", "amount"]}),
        ("Period and source", {"fields": ["effective_from", "effective_to", "source"]}),
    ]


@admin.register(StateDuty)
class StateDutyAdmin(NoDeleteAdmin):
    list_display = ["service", "mrp_multiple", "effective_from", "effective_to"]
    list_filter = ["service", "effective_from"]
    search_fields = ["service", "source"]
    date_hierarchy = "effective_from"
