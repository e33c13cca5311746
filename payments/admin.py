from django.contrib import admin

from .models import Payment, PaymentEvent


class PaymentEventInline(admin.TabularInline):
    model = PaymentEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "actor", "from_status", "to_status", "note", "at", "emailed_at")


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ("application", "status", "total", "organisation", "confirmed_at")
    list_select_related = ("application", "organisation")
    list_filter = ("status", "provider")
    search_fields = ("application__reference", "payer_name")
    readonly_fields = [f.name for f in Payment._meta.fields]
    inlines = [PaymentEventInline]
