"""qazeta.widgets.Select writes the markup Django's own select templates write (issue 10: the queue's filter)."""

from __future__ import annotations

import re

import pytest
from django import forms

from qazeta.widgets import Select

CHOICES = [("", "All <services>"), ("a&b", 'A "quoted" label'), ("7", "Ерлан Әбілов")]


def _same(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", ["", "a&b", "7", None, "not a choice"])
def test_the_markup_is_djangos(value):
    attrs = {"aria-describedby": "id_service_helptext", "required": True, "disabled": False}
    ours = Select(choices=CHOICES, attrs=attrs).render("service", value, {"id": "id_service"})
    djangos = forms.Select(choices=CHOICES, attrs=attrs).render("service", value, {"id": "id_service"})
    assert _same(ours) == _same(djangos)
    assert "&lt;services&gt;" in ours
    assert 'value="a&amp;b"' in ours


def test_option_groups_are_left_to_djangos_templates():
    grouped = [("Visas", [("c3", "C3")]), ("Residence", [("trp", "TRP")])]
    ours = Select(choices=grouped).render("service", "trp")
    assert _same(ours) == _same(forms.Select(choices=grouped).render("service", "trp"))
    assert '<optgroup label="Visas">' in ours


def test_the_queue_filter_uses_it():
    from applications.forms_officer import QueueFilterForm

    form = QueueFilterForm()
    assert all(isinstance(form.fields[name].widget, Select) for name in ("service", "state", "assignee"))
