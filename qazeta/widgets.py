"""Form widgets the portal renders often enough for their cost to matter.

``Select`` is Django's ``forms.Select`` with the same markup, written in Python instead of through Django's widget
templates (``select.html`` includes ``select_option.html`` and ``attrs.html`` once per option). The officer queue's
filter has three selects (services, states, every officer) on a page every officer opens many times a day; through
the templates they took about 2.3 ms of its 22 ms (issue 10: the queue page p95 ≤ 30 ms at 1,000,000
applications). No option groups: a choice list with groups is rendered by Django's own templates, unchanged.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    """Django's ``attrs.html``: `` name="value"`` per attribute, a bare name for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(format_html(' {}="{}"', name, str(value)))
    return "".join(parts)


class Select(forms.Select):
    """``forms.Select``, rendered in Python (same HTML as Django's templates, without their whitespace)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        context = self.get_context(name, value, attrs)["widget"]
        groups = context["optgroups"]
        if any(group_name for group_name, _options, _index in groups):
            return super().render(name, value, attrs, renderer)
        options = "".join(
            format_html(
                '<option value="{}"{}>{}</option>',
                str(option["value"]),
                mark_safe(_attrs(option["attrs"])),  # noqa: S308 - every name and value escaped by _attrs
                option["label"],
            )
            for _name, group, _index in groups
            for option in group
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            context["name"],
            mark_safe(_attrs(context["attrs"])),  # noqa: S308 - every name and value escaped by _attrs
            mark_safe(options),  # noqa: S308 - built with format_html above
        )
