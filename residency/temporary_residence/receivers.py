"""Keep the computed limit (``max_valid_to`` and its reason) current on undecided TRP applications when what it
reads changes: a permit is recorded (the resident's TRP caps the family's; earlier TRPs count to 5 years) or a
person's passport is changed on the roster."""

from __future__ import annotations

from typing import Any

from applications.constants import FINAL_STATES

from .models import TemporaryResidenceApplication


def refresh_open_applications(person_ids: list[int]) -> None:
    """Re-save (which recomputes) each undecided TRP application of these persons or of their family members."""
    from django.db.models import Q

    open_apps = TemporaryResidenceApplication.objects.filter(
        Q(person_id__in=person_ids) | Q(person__principal_id__in=person_ids)
    ).exclude(state__in=FINAL_STATES)
    for application in open_apps:
        application.save(update_fields=["max_valid_to", "max_valid_to_reason"])


def on_permit_recorded(sender: Any, record: Any, **kwargs: Any) -> None:
    refresh_open_applications([record.person_id])


def on_person_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if not created:
        refresh_open_applications([instance.pk])
