"""Admin: read-mostly. States change only through the services (the portal's officer pages), never here."""

from django.contrib import admin

from .models import (
    Application,
    Appointment,
    AppointmentSlot,
    DocumentUpload,
    InformationRequest,
    StatusChange,
)


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("at", "actor", "action", "from_state", "to_state", "reason")

    def has_add_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("reference", "service_code", "person", "organisation", "state", "due_date", "assigned_to")
    list_filter = ("service_code", "state", "channel")
    search_fields = ("reference", "person__surname", "person__passport_number")
    readonly_fields = [f.name for f in Application._meta.concrete_fields]
    inlines = [StatusChangeInline]

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False


@admin.register(DocumentUpload)
class DocumentUploadAdmin(admin.ModelAdmin):
    list_display = ("application", "item_code", "version", "review_status", "uploaded_at")
    list_filter = ("review_status",)
    readonly_fields = [f.name for f in DocumentUpload._meta.concrete_fields]


admin.site.register(InformationRequest)
admin.site.register(AppointmentSlot)
admin.site.register(Appointment)
