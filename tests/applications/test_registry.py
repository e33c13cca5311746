"""The service plug-in contract: the registry, lifecycle profiles and definitions refuse contradictions."""

from __future__ import annotations

import pytest

from applications.constants import State
from applications.registry import (
    FilerKind,
    Lifecycle,
    Output,
    Registry,
    RegistryError,
    ServiceDefinition,
    ServiceNotRegistered,
    Step,
    get_registry,
)
from visas.models import C3InvitationApplication

REVIEW = frozenset({Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS})


def _definition(code: str = "throwaway", **overrides) -> ServiceDefinition:
    fields = {
        "code": code,
        "model": C3InvitationApplication,
        "lifecycle": Lifecycle(steps=REVIEW),
        "filers": frozenset({FilerKind.HOST_PARTY}),
        **overrides,
    }
    return ServiceDefinition(**fields)


def test_registering_a_code_twice_raises_naming_the_service():
    registry = Registry()
    registry.register(_definition("twice"))
    with pytest.raises(RegistryError, match="'twice' is registered twice"):
        registry.register(_definition("twice"))
    assert len(registry) == 1


def test_an_unknown_code_is_a_typed_error_not_a_key_error():
    with pytest.raises(ServiceNotRegistered, match="no-such-service"):
        Registry().get("no-such-service")
    assert Registry().find("no-such-service") is None


def test_the_portal_registry_files_c3_through_its_plug_in():
    definition = get_registry().get("c3-invitation")
    assert definition.model is C3InvitationApplication
    assert definition.filers == {FilerKind.HOST_PARTY}
    assert definition.lifecycle.term_extension is True
    assert [o.kind for o in definition.outputs] == ["invitation_letter"]


@pytest.mark.parametrize(
    ("steps", "state_body", "message"),
    [
        ({Step.APPOINTMENT, Step.ELECTRONIC_DECISION}, "", "both an appointment and an electronic decision"),
        ({Step.STATE_BODY}, "", "name the state body"),
        (set(), "Ministry", "name the state body"),
        ({Step.INFORMATION_REQUESTS}, "", "during document review"),
    ],
)
def test_a_lifecycle_that_contradicts_itself_is_refused(steps, state_body, message):
    with pytest.raises(RegistryError, match=message):
        Lifecycle(steps=frozenset(steps), state_body=state_body)


def test_a_definition_needs_filers_and_distinct_output_kinds():
    with pytest.raises(RegistryError, match="who may file"):
        _definition(filers=frozenset())
    letter = Output(kind="letter", title="Letter", template="visas/invitation_letter.html")
    with pytest.raises(RegistryError, match="share a kind"):
        _definition(outputs=(letter, letter))


def test_an_output_is_generated_or_received_never_both():
    with pytest.raises(RegistryError):
        Output(kind="x", title="X", template="a.html", received=True)
    with pytest.raises(RegistryError):
        Output(kind="x", title="X")


@pytest.mark.parametrize(
    ("steps", "state_body", "path", "decision"),
    [
        (
            {*REVIEW, Step.APPOINTMENT, Step.STATE_BODY},
            "Body",
            [
                "draft",
                "submitted",
                "in_review",
                "documents_approved",
                "appointment_booked",
                "originals_received",
                "with_authority",
                "issued",
            ],
            State.WITH_AUTHORITY,
        ),
        (
            {*REVIEW, Step.APPOINTMENT},
            "",
            [
                "draft",
                "submitted",
                "in_review",
                "documents_approved",
                "appointment_booked",
                "originals_received",
                "issued",
            ],
            State.ORIGINALS_RECEIVED,
        ),
        (
            {*REVIEW, Step.STATE_BODY},
            "Body",
            ["draft", "submitted", "in_review", "documents_approved", "with_authority", "issued"],
            State.WITH_AUTHORITY,
        ),
        (
            set(REVIEW),
            "",
            ["draft", "submitted", "in_review", "documents_approved", "issued"],
            State.DOCUMENTS_APPROVED,
        ),
        (
            {*REVIEW, Step.ELECTRONIC_DECISION},
            "",
            ["draft", "submitted", "in_review", "documents_approved", "issued"],
            State.DOCUMENTS_APPROVED,
        ),
    ],
)
def test_each_profile_has_its_own_path_and_decision_point(steps, state_body, path, decision):
    lifecycle = Lifecycle(steps=frozenset(steps), state_body=state_body)
    assert lifecycle.path() == path
    assert lifecycle.decision_state == decision
