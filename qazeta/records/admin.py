"""Visa records in the admin: read-only; records are written through the services (issue, declare, cancel)."""

from django.contrib import admin

from .models import VisaRecord


@admin.register(VisaRecord)
class VisaRecordAdmin(admin.ModelAdmin):
    list_display = ["person", "category", "number", "valid_from", "valid_to", "source", "cancelled_at"]
    list_filter = ["category", "source"]
    list_select_related = ["person"]
    search_fields = ["number", "person__surname", "person__passport_number"]

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False
