from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from .models import Consent, Membership, Organisation, Person, SignInEvent, User
from .search import filter_persons


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
    list_select_related = ("organisation",)
    # Shown as the search box's hint; the search itself is qazeta.accounts.search (passport number, name).
    search_fields = ("surname", "given_names", "passport_number")
    search_help_text = _("A passport number or words of the name (case and accents ignored).")
    raw_id_fields = ("account", "principal")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Person], search_term: str
    ) -> tuple[QuerySet[Person], bool]:
        # Indexed on PostgreSQL (passport b-tree, name trigram), unlike the admin's OR of icontains; no join added.
        return filter_persons(queryset, search_term), False


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ("person", "user", "text_version", "given_at")
    list_select_related = ("person", "user")
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


# django-rest-knox's own admin issues tokens without a device and outside the sign-in log: replaced by a
# read-only list where an admin revokes a token by deleting it. Tokens are issued by the API only.
if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """API tokens (digests only), with their device."""

    list_display = ("user", "device", "token_key", "created", "expiry")
    list_select_related = ("user", "device")
    search_fields = ("user__username", "device__name", "token_key")
    readonly_fields = ("user", "token_key", "digest", "created", "expiry")
    fields = readonly_fields

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False
