"""The service's submission rules, each refusing with its own message (and the engine's documents and consent)."""

from __future__ import annotations

import datetime as dt

import pytest

from applications import services
from applications.constants import State
from applications.exceptions import SubmissionRefused
from applications.models import Application
from tests import factories

from .conftest import api_client_for, arrival_draft

pytestmark = pytest.mark.django_db


def _refusals(app: Application, user) -> dict[str, str]:
    factories.upload_checklist(app, user)
    with pytest.raises(SubmissionRefused) as refused:
        services.application_submit(user=user, application=app)
    assert Application.objects.get(pk=app.pk).state == State.DRAFT
    return {f.rule: f.message for f in refused.value.failures}


def test_a_complete_arrival_notification_submits(membership, employee):
    app = arrival_draft(membership, employee)
    factories.upload_checklist(app, membership.user)

    submitted = services.application_submit(user=membership.user, application=app)

    assert submitted.state == State.SUBMITTED


def test_a_complete_change_of_address_submits(membership, employee):
    app = arrival_draft(
        membership, employee, notification_kind="change_of_address", previous_address="Astana, Turan Ave 1, flat 2"
    )
    factories.upload_checklist(app, membership.user)

    assert services.application_submit(user=membership.user, application=app).state == State.SUBMITTED


def test_change_of_address_needs_the_previous_address(membership, employee):
    app = arrival_draft(membership, employee, notification_kind="change_of_address")

    assert _refusals(app, membership.user) == {
        "previous_address_required": "For a change of address, give the previous address in Kazakhstan (the "
        "address the person moved from)."
    }


def test_change_of_address_needs_a_new_address(membership, employee):
    app = arrival_draft(
        membership,
        employee,
        notification_kind="change_of_address",
        address="Astana, Kabanbay Batyr Ave 11, flat 5",
        previous_address="astana,  kabanbay batyr ave 11 flat 5",
    )

    assert _refusals(app, membership.user) == {
        "same_address": "The new address is the same as the previous address; a change of address needs a new address."
    }


def test_an_arrival_has_no_previous_address(membership, employee):
    app = arrival_draft(membership, employee, previous_address="Almaty, Abay Ave 1")

    assert _refusals(app, membership.user) == {
        "previous_address_not_for_arrival": "An arrival notification has no previous address: clear it, or file a "
        "change of address instead."
    }


def test_arrival_date_after_today_is_refused(membership, employee):
    app = arrival_draft(membership, employee, event_date=dt.date(2026, 6, 17))

    assert _refusals(app, membership.user) == {
        "event_date_in_future": "The date of arrival (17.06.2026) is after today: the notification is filed for a "
        "person already in Kazakhstan."
    }


def test_change_date_after_today_is_refused(membership, employee):
    app = arrival_draft(
        membership,
        employee,
        notification_kind="change_of_address",
        previous_address="Astana, Turan Ave 1",
        event_date=dt.date(2026, 7, 1),
    )

    assert _refusals(app, membership.user) == {
        "event_date_in_future": "The date of the change of address (01.07.2026) is after today: notify the change "
        "once the person has moved."
    }


def test_arrival_today_is_accepted(membership, employee):
    app = arrival_draft(membership, employee, event_date=dt.date(2026, 6, 16), stay_until=dt.date(2026, 6, 16))
    factories.upload_checklist(app, membership.user)

    assert services.application_submit(user=membership.user, application=app).state == State.SUBMITTED


def test_stay_ending_before_the_arrival_is_refused(membership, employee):
    app = arrival_draft(membership, employee, event_date=dt.date(2026, 6, 10), stay_until=dt.date(2026, 6, 9))

    assert _refusals(app, membership.user) == {
        "stay_before_event": "The planned stay ends (09.06.2026) before the date of arrival (10.06.2026)."
    }


def test_stay_already_over_is_refused(membership, employee):
    app = arrival_draft(membership, employee, event_date=dt.date(2026, 6, 1), stay_until=dt.date(2026, 6, 15))

    assert _refusals(app, membership.user) == {
        "stay_over": "The planned stay ended on 15.06.2026; the notification is for a person still staying in "
        "Kazakhstan."
    }


def test_documents_and_consent_are_required_and_all_failures_are_listed(membership, employee):
    app = factories.file_draft(
        "arrival-notification",
        membership=membership,
        person=employee,
        consent=False,
        notification_kind="change_of_address",
        event_date=dt.date(2026, 6, 14),
        address="Astana, Kabanbay Batyr Ave 11",
        stay_until=dt.date(2027, 6, 1),
    )

    with pytest.raises(SubmissionRefused) as refused:
        services.application_submit(user=membership.user, application=app)

    failures = refused.value.failures
    assert {f.item for f in failures if f.rule == "document_missing"} == {
        "legal-entity-eds",
        "consent-personal-data",
        "passport-copy",
    }
    # The address is taken on the form: its checklist item is shown but never required.
    assert "address-in-kazakhstan" not in {f.item for f in failures}
    assert {"consent", "previous_address_required"} <= {f.rule for f in failures}


def test_the_api_lists_the_rule_failures(membership, employee):
    app = arrival_draft(membership, employee, notification_kind="change_of_address")
    factories.upload_checklist(app, membership.user)

    response = api_client_for(membership.user).post(f"/api/v1/applications/{app.pk}/submit/")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["rule"] for e in errors] == ["previous_address_required"]
    assert "give the previous address in Kazakhstan" in errors[0]["message"]
