"""Admin for supervisors: the MRP table, tariffs and state duties.

Rows cannot be deleted here: a supervisor ends a row with ``effective_to`` and adds its successor, so that
every quote frozen on an application keeps the row it came from, and because the loader would re-insert a
deleted seed row on the next ``migrate``. The overlap check runs through the model's ``clean()``.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from applications.catalogue import CatalogueError, all_services, get_service
from fees.models import Mrp, StateDuty, Tariff


def _service_name(code: str) -> str:
    try:
        return get_service(code).name
    except CatalogueError:
        return "(not in the catalogue)"


class ServiceRowForm(forms.ModelForm):
    """A tariff or state duty row whose ``service`` is picked from the service catalogue, not typed.

    The column is a plain code (the catalogue owns the list); a row already holding a code the catalogue lacks
    keeps it as a choice so that it can still be ended.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(s.code, f"{s.name} ({s.code})") for s in all_services()]
        current = self.instance.service if self.instance.pk else ""
        if current and current not in {code for code, _name in choices}:
            choices.append((current, f"{current} (not in the catalogue)"))
        field = self.fields["service"]
        self.fields["service"] = forms.ChoiceField(
            label=field.label,
            help_text=field.help_text,
            choices=[("", "---------"), *choices],
        )


class NoDeleteAdmin(SimpleHistoryAdmin):
    """End a row with effective_to instead of deleting it (see the module docstring)."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Mrp)
class MrpAdmin(NoDeleteAdmin):
    list_display = ["year", "amount", "source"]
    search_fields = ["year", "source"]
    ordering = ["-year"]


class ServiceRowAdmin(NoDeleteAdmin):
    """Tariffs and state duties: the service chosen from the catalogue and shown by its name too."""

    form = ServiceRowForm

    @admin.display(description="service name")
    def service_name(self, obj: Tariff | StateDuty) -> str:
        return _service_name(obj.service)


@admin.register(Tariff)
class TariffAdmin(ServiceRowAdmin):
    list_display = [
        "service",
        "service_name",
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
class StateDutyAdmin(ServiceRowAdmin):
    list_display = ["service", "service_name", "mrp_multiple", "effective_from", "effective_to"]
    list_filter = ["service", "effective_from"]
    search_fields = ["service", "source"]
    date_hierarchy = "effective_from"
