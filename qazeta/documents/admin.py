"""Issued documents in the admin: read-only (documents are issued and revoked only through services)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import IssuedDocument


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    list_display = ("verification_code", "kind", "reference", "issued_on", "valid", "status")
    list_filter = ("kind", "issued_on")
    search_fields = ("verification_code", "reference")
    date_hierarchy = "issued_on"
    readonly_fields = [f.name for f in IssuedDocument._meta.fields]

    @admin.display(boolean=True, description="valid")
    def valid(self, obj: IssuedDocument) -> bool:
        return obj.is_valid

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: IssuedDocument | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: IssuedDocument | None = None) -> bool:
        return False
