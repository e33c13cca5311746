"""Countries in the admin: supervisors correct a cell (and its provenance) when a source changes; every change is
kept (django-simple-history).

Only supervisors change the table: the Supervisors group holds add/change/view on ``Country``
(``qazeta.accounts.services.SUPERVISOR_PERMISSIONS``) and this admin checks the role too, so an officer given the
admin flag by mistake still cannot edit it. Rows are never deleted (the checklists read them). Each cell's
provenance (``Country.provenance``) is edited as its own fields beside the value: source, note, checked on,
unconfirmed; the form writes them back to the JSON.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from qazeta.permissions import is_supervisor

from .models import PROVENANCE_FIELDS, Country

#: The provenance keys of one cell, with the form field each is edited through.
_CELL_KEYS = ("source", "note", "checked_on", "unconfirmed")


def _cell_field(name: str, key: str) -> str:
    return f"{name}__{key}"


def _cell_fields() -> dict[str, forms.Field]:
    """Form fields of each cell's provenance: ``<field>__source``, ``__note``, ``__checked_on``, ``__unconfirmed``."""
    fields: dict[str, forms.Field] = {}
    for name in PROVENANCE_FIELDS:
        label = Country._meta.get_field(name).verbose_name
        fields[_cell_field(name, "source")] = forms.CharField(
            label=_("%(cell)s: source") % {"cell": label},
            required=False,
            max_length=40,
            help_text=_("HCCH, DEP, NEWS, SEC or MEM (qazeta/countries/data/SOURCES.md)"),
        )
        fields[_cell_field(name, "note")] = forms.CharField(
            label=_("%(cell)s: note") % {"cell": label}, required=False, max_length=300
        )
        fields[_cell_field(name, "checked_on")] = forms.DateField(
            label=_("%(cell)s: checked on") % {"cell": label},
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
        fields[_cell_field(name, "unconfirmed")] = forms.BooleanField(
            label=_("%(cell)s: unconfirmed") % {"cell": label},
            required=False,
            help_text=_("Shown to officers; filers then read “as the Expat Centre confirms”."),
        )
    return fields


class _CountryFormBase(forms.ModelForm):
    class Meta:
        model = Country
        fields = [
            "code",
            "alpha3",
            "name",
            "apostille",
            "apostille_in_force_from",
            "apostille_detail",
            "minsk_1993",
            "minsk_withdrawn_on",
            "chisinau_2002",
            "cis",
            "eaeu_member",
            "visa_free_days",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in PROVENANCE_FIELDS:
                for key, value in self.instance.cell(name).items():
                    self.initial.setdefault(_cell_field(name, key), value)

    def save(self, commit: bool = True) -> Country:
        provenance = dict(self.instance.provenance or {})
        for name in PROVENANCE_FIELDS:
            day = self.cleaned_data.get(_cell_field(name, "checked_on"))
            provenance[name] = {
                "source": self.cleaned_data.get(_cell_field(name, "source"), ""),
                "note": self.cleaned_data.get(_cell_field(name, "note"), ""),
                "checked_on": day.isoformat() if day else None,
                "unconfirmed": bool(self.cleaned_data.get(_cell_field(name, "unconfirmed"))),
            }
        self.instance.provenance = provenance
        return super().save(commit=commit)


#: The country's values and, per cell of ``PROVENANCE_FIELDS``, its source, note, checked-on day and unconfirmed
#: flag (stored in ``provenance`` as ``{field: {"source", "note", "checked_on", "unconfirmed"}}``).
CountryForm = type("CountryForm", (_CountryFormBase,), _cell_fields())


@admin.register(Country)
class CountryAdmin(SimpleHistoryAdmin):
    form = CountryForm
    list_display = ["code", "name", "apostille", "minsk_1993", "chisinau_2002", "cis", "eaeu_member", "visa_free_days"]
    list_filter = ["apostille", "minsk_1993", "chisinau_2002", "cis", "eaeu_member"]
    search_fields = ["code", "alpha3", "name"]

    def get_fieldsets(self, request: HttpRequest, obj: Country | None = None) -> list:
        values = list(CountryForm.Meta.fields)
        cells = [
            (
                Country._meta.get_field(name).verbose_name,
                {"fields": [_cell_field(name, key) for key in _CELL_KEYS], "classes": ["provenance"]},
            )
            for name in PROVENANCE_FIELDS
        ]
        return [(None, {"fields": values}), *cells]

    def get_readonly_fields(self, request: HttpRequest, obj: Country | None = None) -> list[str]:
        return ["code"] if obj is not None else []

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_supervisor(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_supervisor(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
