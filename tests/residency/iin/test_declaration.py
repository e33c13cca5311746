"""The IIN declaration agrees with the catalogue, the tariffs and the system check; its lifecycle has no state body."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from applications.catalogue import get_service
from applications.checks import check_registry
from applications.constants import State
from applications.registry import FilerKind, Outcome, Step, TermUnit, get_registry
from fees.selectors import quote
from residency.iin.models import IinApplication

pytestmark = pytest.mark.django_db


def test_manage_py_check_passes_with_the_iin_fileable():
    call_command("check")  # raises SystemCheckError on any services.E0xx error
    assert [e for e in check_registry(get_registry()) if "“iin”" in e.msg] == []
    assert get_registry().fileable("iin") is not None


def test_catalogue_entry_agrees_with_the_lifecycle():
    service = get_service("iin")
    definition = get_registry().get("iin")
    assert service.filing_enabled
    assert service.requires_appointment is True
    assert service.requires_state_body is False
    assert service.term_working_days == 1
    assert definition.model is IinApplication
    lifecycle = definition.lifecycle
    assert lifecycle.steps == {Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS, Step.APPOINTMENT}
    assert not lifecycle.has(Step.STATE_BODY)
    assert lifecycle.state_body == ""
    assert lifecycle.term_unit == TermUnit.WORKING_DAYS
    assert lifecycle.term_extension is False
    assert lifecycle.forward_from is None
    assert lifecycle.decision_state == State.ORIGINALS_RECEIVED
    assert State.WITH_AUTHORITY not in lifecycle.path()
    assert lifecycle.path() == [
        State.DRAFT,
        State.SUBMITTED,
        State.IN_REVIEW,
        State.DOCUMENTS_APPROVED,
        State.APPOINTMENT_BOOKED,
        State.ORIGINALS_RECEIVED,
        State.ISSUED,
    ]


def test_who_files_what_is_recorded_and_what_is_produced():
    definition = get_registry().get("iin")
    assert definition.filers == {FilerKind.HOST_PARTY, FilerKind.PERSON}
    assert definition.asks_decision_number is False
    assert definition.outcome_fields == {Outcome.ISSUED: ("assigned_iin",)}
    assert "assigned_iin" not in definition.filing_field_names()
    assert "secrets_consent" in definition.filing_field_names()
    assert [(o.kind, o.outcome, o.received, o.languages) for o in definition.outputs] == [
        ("iin_registration_certificate", Outcome.ISSUED, False, ("kk", "ru")),
        ("iin_refusal_notice", Outcome.REFUSED, False, ("kk", "ru")),
    ]
    assert [code for code, _ in definition.refusal_grounds] == [
        "incomplete_documents",
        "data_mismatch",
        "iin_already_assigned",
        "false_data",
    ]


@pytest.mark.parametrize(("channel", "fee"), [("standard", 10000), ("walk_in", 20000), ("personal_manager", 60000)])
def test_every_channel_has_the_guides_fee_and_no_state_duty(channel, fee):
    q = quote(service="iin", channel=channel)
    assert q.service_fee == Decimal(fee)
    assert q.state_duty == 0
