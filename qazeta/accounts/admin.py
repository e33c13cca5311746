from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, Consent, Membership, Organisation, Person, SignInEvent, User


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


@admin.register(SignInEvent)
class SignInEventAdmin(admin.ModelAdmin):
    """The sign-in log, read-only: supervisors search it by username, address or detail and filter by kind and
    date (docs/security.md, "Accounts and sign-in")."""

    list_display = ("at", "kind", "username", "user", "ip_address", "path", "detail")
    list_filter = ("kind", ("at", admin.DateFieldListFilter))
    search_fields = ("username", "ip_address", "detail", "user_agent")
    date_hierarchy = "at"
    list_select_related = ("user",)
    readonly_fields = ("at", "kind", "user", "username", "ip_address", "user_agent", "path", "detail")

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """API tokens (digests only): an admin revokes one by deleting it; tokens are issued by the API only."""

    list_display = ("user", "device_name", "token_key", "created", "expiry")
    search_fields = ("user__username", "device_name", "token_key")
    readonly_fields = ("user", "device_name", "token_key", "digest", "created", "expiry")

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False
