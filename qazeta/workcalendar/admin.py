"""Admin for the working-day calendar: supervisors add and edit dated overrides here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CalendarOverride


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(SimpleHistoryAdmin):
    list_display = ("day", "kind", "name", "source", "created_at")
    list_filter = ("kind",)
    search_fields = ("name", "source")
    date_hierarchy = "day"
    ordering = ("-day",)
    readonly_fields = ("created_at",)
    fields = ("day", "kind", "name", "source", "created_at")
