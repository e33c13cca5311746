"""Countries in the admin: supervisors correct a cell (and its provenance) when a source changes; every change is
kept (django-simple-history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Country


@admin.register(Country)
class CountryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "apostille", "minsk_1993", "chisinau_2002", "cis", "eaeu_member", "visa_free_days"]
    list_filter = ["apostille", "minsk_1993", "chisinau_2002", "cis", "eaeu_member"]
    search_fields = ["code", "alpha3", "name"]
