"""``manage.py check`` fails, naming the service, on each broken registration (applications/checks.py)."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from applications.catalogue import DocumentRequirement, LocalText, get_service
from applications.checks import check_registry, check_services
from applications.models import Application
from applications.registry import FilerKind, Lifecycle, Output, Registry, ServiceDefinition, Step, TermUnit
from visas.plugin import C3_INVITATION


def _registry(*definitions: ServiceDefinition) -> Registry:
    registry = Registry()
    for definition in definitions:
        registry.register(definition)
    return registry


def _ids(errors) -> list[str]:
    return [e.id for e in errors]


def test_the_portal_registry_is_sound():
    assert check_services() == []


def test_a_registered_code_without_catalogue_entry_is_e001():
    broken = dataclasses.replace(C3_INVITATION, code="c3-typo")
    errors = check_registry(_registry(broken), services=[get_service("c3-invitation")])
    assert "services.E001" in _ids(errors)
    assert any("c3-typo" in e.msg for e in errors)


def test_a_catalogue_entry_open_for_filing_without_plug_in_is_e002():
    errors = check_registry(Registry(), services=[get_service("c3-invitation")])
    assert _ids(errors) == ["services.E002"]
    assert "c3-invitation" in errors[0].msg


def test_a_filing_model_that_is_not_a_child_of_application_is_e003():
    broken = dataclasses.replace(C3_INVITATION, model=Application)
    errors = check_registry(_registry(broken), services=[get_service("c3-invitation")])
    assert "services.E003" in _ids(errors)


def test_a_channel_without_tariff_row_is_e004():
    # C3 has no personal-manager tariff in the guide; a catalogue entry offering it is caught.
    service = dataclasses.replace(get_service("c3-invitation"), channels=("standard", "personal_manager"))
    errors = check_registry(_registry(C3_INVITATION), services=[service])
    assert _ids(errors) == ["services.E004"]
    assert "personal_manager" in errors[0].msg


def test_a_checklist_condition_set_by_nothing_is_e005():
    item = DocumentRequirement(code="b2-contract", name_text=LocalText({"en": "Contract"}), when="b2")
    service = get_service("c3-invitation")
    service = dataclasses.replace(service, documents=(*service.documents, item))
    errors = check_registry(_registry(C3_INVITATION), services=[service])
    assert _ids(errors) == ["services.E005"]
    assert "b2" in errors[0].msg
    assert "c3-invitation" in errors[0].msg
    # Declared by the service, the condition is set: no error.
    answered = dataclasses.replace(C3_INVITATION, facts={"b2": lambda app: False})
    assert check_registry(_registry(answered), services=[service]) == []


def test_an_output_whose_template_does_not_exist_is_e006():
    broken = dataclasses.replace(
        C3_INVITATION, outputs=(Output(kind="letter", title="Letter", template="visas/no_such_letter.html"),)
    )
    errors = check_registry(_registry(broken), services=[get_service("c3-invitation")])
    assert _ids(errors) == ["services.E006"]


@pytest.mark.parametrize(
    "lifecycle",
    [
        # The catalogue counts 5 working days and asks for a visit and the state body.
        Lifecycle(
            steps=frozenset({Step.DOCUMENT_REVIEW, Step.APPOINTMENT, Step.STATE_BODY}),
            state_body="Body",
            term_unit=TermUnit.MINUTES,
        ),
        Lifecycle(steps=frozenset({Step.DOCUMENT_REVIEW, Step.STATE_BODY}), state_body="Body"),
        Lifecycle(steps=frozenset({Step.DOCUMENT_REVIEW, Step.APPOINTMENT})),
    ],
)
def test_a_lifecycle_that_disagrees_with_the_catalogue_is_e007(lifecycle):
    broken = dataclasses.replace(C3_INVITATION, lifecycle=lifecycle)
    errors = check_registry(_registry(broken), services=[get_service("c3-invitation")])
    assert _ids(errors) == ["services.E007"]


def test_an_unknown_fact_or_outcome_field_is_e008():
    broken = dataclasses.replace(
        C3_INVITATION, facts={"no_such_condition": lambda app: True}, outcome_fields={"issued": ("no_field",)}
    )
    errors = check_registry(_registry(broken), services=[get_service("c3-invitation")])
    assert _ids(errors) == ["services.E008", "services.E008"]


def test_manage_py_check_fails_on_a_broken_registry(monkeypatch):
    broken = dataclasses.replace(C3_INVITATION, filers=frozenset({FilerKind.PERSON}), code="c3-typo")
    monkeypatch.setattr("applications.registry.registry", _registry(broken))
    with pytest.raises(SystemCheckError, match=r"services\.E001.*c3-typo"):
        call_command("check")
