"""Which model files which service: plug-in apps register their Application subclasses here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Application

_FILING_MODELS: dict[str, type[Application]] = {}


def register_filing_model(service_code: str, model: type[Application]) -> None:
    """Declare that applications for ``service_code`` are filed as ``model`` (a child of Application)."""
    _FILING_MODELS[service_code] = model


def filing_model(service_code: str) -> type[Application] | None:
    """The child model filing ``service_code``, or None if the service cannot be filed yet."""
    return _FILING_MODELS.get(service_code)


_ISSUE_HOOKS: dict[str, Callable[[int], None]] = {}


def register_issue_hook(service_code: str, hook: Callable[[int], None]) -> None:
    """Run ``hook(application_id)`` after an application of ``service_code`` is issued (on commit).

    Plug-in apps use it to queue the output document (e.g. the invitation letter PDF task).
    """
    _ISSUE_HOOKS[service_code] = hook


def issue_hook(service_code: str) -> Callable[[int], None] | None:
    return _ISSUE_HOOKS.get(service_code)


def service_field_names(service_code: str) -> list[str]:
    """The filing model's own fields (e.g. C3: position, contract_ends_on, visa_pickup_place), in model order.

    Only the child model's fields: the Application parent's (reference, state, fee, filer ...) never appear.
    """
    from django.db import models

    model = filing_model(service_code)
    if model is None:
        return []
    return [
        f.name
        for f in model._meta.local_concrete_fields
        if not (isinstance(f, models.OneToOneField) and f.remote_field.parent_link)
    ]
