"""The system check of the service registry: ``manage.py check`` (and so CI) fails on a broken plug-in.

One check walks the registry (``applications.registry``) and names the service at fault. It reads code and
data files (the catalogue, ``fees/data/tariffs.toml``, templates), never the database. Registering a code
twice raises ``RegistryError`` at import already, so every process fails fast; the errors below are the
ones only a whole view of the registry can find. Pattern: Wagtail's ``wagtail/checks.py``.

| id | what is wrong |
|---|---|
| services.E001 | a registered service has no catalogue entry |
| services.E002 | the catalogue opens a service for filing but no plug-in files it |
| services.E003 | the filing model is not a concrete child of ``Application`` |
| services.E004 | a channel the service offers has no tariff row (``fees/data/tariffs.toml``) |
| services.E005 | a checklist condition of the service is set by nothing (neither the engine nor the service) |
| services.E006 | an output's template does not resolve |
| services.E007 | the lifecycle disagrees with the catalogue (term unit, appointment, state body) |
| services.E008 | a declared fact, outcome field or rule is not what it should be |
| services.E009 | a checklist reference names no item of the service's checklist |
| services.E010 | a service staff may open on own initiative has no page named ``<code>-open`` |
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core import checks

from .registry import Registry, Step, TermUnit, get_registry


def _error(code: int, service: str, message: str, hint: str = "") -> checks.Error:
    return checks.Error(f"service “{service}”: {message}", hint=hint or None, id=f"services.E{code:03d}")


def _tariff_channels() -> dict[str, set[str]] | None:
    """``{service: channels with a tariff row}`` from the fee data file (aliases take their target's), or None
    if the fees app is not installed."""
    from django.apps import apps

    if not apps.is_installed("fees"):
        return None
    from fees.loader import default_fee_data

    data = default_fee_data()
    channels: dict[str, set[str]] = {}
    for tariff in data.tariffs:
        channels.setdefault(tariff.service, set()).add(tariff.channel)
    for alias in data.aliases.values():
        channels[alias.service] = channels.get(alias.priced_as, set())
    return channels


def check_registry(registry: Registry, *, services: Iterable[Any] | None = None) -> list[checks.Error]:
    """Every error of ``registry`` against the catalogue (``services``: catalogue entries, default all).

    Pure function of its arguments and the data files, so tests pass a throw-away registry.
    """
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    from .catalogue import CONDITIONS, all_services
    from .facts import ENGINE_FACTS
    from .models import Application

    catalogue = {s.code: s for s in (all_services() if services is None else services)}
    tariffs = _tariff_channels()
    errors: list[checks.Error] = []

    for service in catalogue.values():
        if service.filing_enabled and service.code not in registry:
            errors.append(
                _error(
                    2,
                    service.code,
                    "the catalogue opens it for filing but no plug-in registers it.",
                    "Register a ServiceDefinition from the plug-in's AppConfig.ready(), or set filing_enabled = false.",
                )
            )

    for definition in registry:
        code = definition.code
        service = catalogue.get(code)
        if service is None:
            errors.append(
                _error(1, code, "no catalogue entry has this code.", "Add it to the plug-in's catalogue.toml.")
            )
            continue
        model = definition.model
        if not (isinstance(model, type) and issubclass(model, Application) and model is not Application) or (
            model._meta.abstract or model._meta.proxy
        ):
            errors.append(_error(3, code, f"{model!r} is not a concrete child model of Application."))
        if tariffs is not None and service.filing_enabled:
            missing = [ch for ch in service.channels if ch not in tariffs.get(code, set())]
            if missing:
                errors.append(
                    _error(
                        4,
                        code,
                        f"no tariff row for channel(s) {', '.join(missing)}.",
                        "Add the tariff to fees/data/tariffs.toml or drop the channel from the catalogue.",
                    )
                )
        answered = set(ENGINE_FACTS) | set(definition.facts)
        for document in service.documents:
            condition = document.when.removeprefix("not:")
            if condition and condition not in answered:
                errors.append(
                    _error(
                        5,
                        code,
                        f"checklist item “{document.code}” depends on “{condition}”, which nothing sets.",
                        "Declare it in ServiceDefinition.facts (from a field the filer fills or data the portal has).",
                    )
                )
        for output in definition.outputs:
            if output.template:
                try:
                    get_template(output.template)
                except TemplateDoesNotExist:
                    errors.append(_error(6, code, f"output “{output.kind}”: template {output.template!r} not found."))
        lifecycle = definition.lifecycle
        unit_ok = {
            TermUnit.MINUTES: bool(service.term_minutes),
            TermUnit.WORKING_DAYS: bool(service.term_working_days),
            TermUnit.NONE: not (service.term_minutes or service.term_working_days),
        }[lifecycle.term_unit]
        if not unit_ok:
            errors.append(
                _error(7, code, f"the lifecycle counts its term in {lifecycle.term_unit}, the catalogue does not.")
            )
        if service.requires_appointment != lifecycle.has(Step.APPOINTMENT):
            errors.append(_error(7, code, "the catalogue's requires_appointment disagrees with the lifecycle."))
        if service.requires_state_body != lifecycle.has(Step.STATE_BODY):
            errors.append(_error(7, code, "the catalogue's requires_state_body disagrees with the lifecycle."))
        for name, fact in definition.facts.items():
            if name not in CONDITIONS or not callable(fact):
                errors.append(_error(8, code, f"fact “{name}” is not a known condition with a function."))
        concrete = isinstance(model, type) and issubclass(model, Application)
        own = set(definition.field_names()) if concrete else set()
        for outcome, names in definition.outcome_fields.items():
            for name in names:
                if name not in own:
                    errors.append(
                        _error(8, code, f"outcome field “{name}” ({outcome}) is not a field of {model.__name__}.")
                    )
        if definition.opened_by_staff:
            from django.urls import NoReverseMatch, reverse

            try:
                reverse(f"{code}-open")
            except NoReverseMatch:
                errors.append(
                    _error(
                        10,
                        code,
                        "it may be opened by staff but has no page to open it.",
                        f"Give the plug-in's own-initiative page the URL name “{code}-open”.",
                    )
                )
        items = {document.code for document in service.documents}
        for item_code, reference in definition.references.items():
            if item_code not in items or not callable(reference):
                errors.append(
                    _error(9, code, f"reference “{item_code}” is not an item of its checklist with a function.")
                )
        notes = (definition.officer_notes,) if definition.officer_notes is not None else ()
        for item in (*definition.rules, *definition.fee_adjustments, *definition.preconditions, *notes):
            if not callable(item):
                errors.append(_error(8, code, f"{item!r} is not callable."))
    return errors


@checks.register("services")
def check_services(app_configs: Any = None, **kwargs: Any) -> list[checks.Error]:
    """The registered check: :func:`check_registry` on the portal's registry."""
    return check_registry(get_registry())
