from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Consent, Membership, Organisation, Person, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = (*BaseUserAdmin.fieldsets, ("Portal", {"fields": ("role",)}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("Portal", {"fields": ("role",)}))


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "bin", "aifc_registration_number", "is_branch")
    search_fields = ("name", "bin", "aifc_registration_number")
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = (
        "surname",
        "given_names",
        "nationality",
        "passport_number",
        "passport_expires_on",
        "organisation",
    )
    list_filter = ("organisation", "nationality")
    search_fields = ("surname", "given_names", "passport_number")
    raw_id_fields = ("account", "principal")


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ("person", "user", "text_version", "given_at")
    readonly_fields = ("person", "user", "text_version", "given_at")

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False
