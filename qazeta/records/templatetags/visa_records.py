"""Template tags of the visa records, for pages of other apps that show a person's visas (the officer panel)."""

from __future__ import annotations

from django import template

from qazeta.records.forms import VisaRejectForm
from qazeta.records.selectors import pending_declarations

register = template.Library()


@register.simple_tag
def declared_visas_awaiting(person_id: int) -> list:
    """The person's declared visas awaiting the Expat Centre's confirmation, each with a reject form
    (``[(record, form)]``)."""
    records = pending_declarations([person_id])
    return [(record, VisaRejectForm(auto_id=f"id_reject_{record.pk}_%s")) for record in records]
