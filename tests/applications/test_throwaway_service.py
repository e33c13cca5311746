"""A service the engine has never heard of plugs in through the contract alone.

``tests/throwaway`` holds a filing model that exists only in the tests. Registered in a throw-away registry (the
global one is swapped where it is looked up, never changed), its fields appear in the filing and edit forms, the
API (read and write), the filer and officer pages and the PDF; and five lifecycle profiles each walk their own
path while every step they lack is refused, at every state, through the services and the ``actions`` list.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from applications import catalogue, services
from applications.catalogue import DocumentRequirement, LocalText, get_service
from applications.constants import State
from applications.exceptions import ApplicationError, WrongState
from applications.models import Application
from applications.registry import (
    FilerKind,
    Lifecycle,
    Outcome,
    Output,
    Registry,
    ServiceDefinition,
    Step,
    TermUnit,
    get_registry,
)
from applications.selectors import available_action_names
from applications.services.outputs import output_context
from fees.models import StateDuty, Tariff
from tests import factories
from tests.documents.pdftext import pdf_text
from tests.throwaway.models import ThrowawayApplication

pytestmark = pytest.mark.django_db

ASTANA = ZoneInfo("Asia/Almaty")
REVIEW = {Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS}

#: code → (lifecycle, catalogue term in working days, in minutes)
PROFILES: dict[str, tuple[Lifecycle, int | None, int | None]] = {
    "tw-full": (
        Lifecycle(
            steps=frozenset({*REVIEW, Step.APPOINTMENT, Step.STATE_BODY}), state_body="Test body", term_extension=True
        ),
        5,
        None,
    ),
    "tw-visit": (Lifecycle(steps=frozenset({*REVIEW, Step.APPOINTMENT})), 1, None),
    "tw-body": (Lifecycle(steps=frozenset({*REVIEW, Step.STATE_BODY}), state_body="Test body"), 3, None),
    "tw-desk": (Lifecycle(steps=frozenset(REVIEW), term_unit=TermUnit.MINUTES), None, 30),
    "tw-electronic": (
        Lifecycle(steps=frozenset({Step.DOCUMENT_REVIEW, Step.ELECTRONIC_DECISION}), term_unit=TermUnit.NONE),
        None,
        None,
    ),
}


def _definition(code: str, lifecycle: Lifecycle) -> ServiceDefinition:
    return ServiceDefinition(
        code=code,
        model=ThrowawayApplication,
        lifecycle=lifecycle,
        filers=frozenset({FilerKind.HOST_PARTY, FilerKind.PERSON}),
        outputs=(
            Output(
                kind="throwaway_certificate",
                title="Throw-away certificate",
                template="throwaway/certificate.html",
                context=lambda app: {"extra": f"from the plug-in, {app.nights} nights"},
            ),
        ),
        outcome_fields={Outcome.ISSUED: ("register_number",)},
        decision_number=False,
    )


@pytest.fixture(autouse=True)
def _today(time_machine):
    # Tuesday 16 June 2026, 10:00 in Astana: a working day with an MRP recorded.
    time_machine.move_to(dt.datetime(2026, 6, 16, 10, 0, tzinfo=ASTANA))


@pytest.fixture
def throwaway(monkeypatch):
    """Register the five throw-away services in a throw-away registry and catalogue, with a tariff each."""
    registry = Registry()
    for definition in get_registry():
        registry.register(definition)
    template = get_service("c3-invitation")
    passport = DocumentRequirement(code="passport-copy", name_text=LocalText({"en": "Passport copy"}))
    for code, (lifecycle, days, minutes) in PROFILES.items():
        registry.register(_definition(code, lifecycle))
        entry = dataclasses.replace(
            template,
            code=code,
            name_text=LocalText({"en": f"Throw-away service {code}"}),
            channels=("standard",),
            documents=(passport,),
            term_working_days=days,
            term_working_days_max=None,
            term_minutes=minutes,
            requires_appointment=lifecycle.has(Step.APPOINTMENT),
            requires_state_body=lifecycle.has(Step.STATE_BODY),
            filing_enabled=True,
        )
        monkeypatch.setitem(catalogue._REGISTRY, code, entry)
        Tariff.objects.create(
            service=code, channel="standard", amount=Decimal(1000), effective_from=dt.date(2020, 1, 1)
        )
        StateDuty.objects.create(service=code, mrp_multiple=Decimal(0), effective_from=dt.date(2020, 1, 1))
    monkeypatch.setattr("applications.registry.registry", registry)
    return registry


SERVICE_FIELDS = {"badge_colour": "teal", "arrives_on": dt.date(2026, 7, 1), "nights": 4}


def _draft(membership, code: str = "tw-full") -> Application:
    return factories.file_draft(code, membership=membership, **SERVICE_FIELDS)


def test_the_throwaway_models_fields_are_in_the_forms_api_pages_and_pdf(
    throwaway, membership, employee, officer, client, django_capture_on_commit_callbacks
):
    client.force_login(membership.user)
    new_page = client.get(reverse("application-new") + f"?service=tw-full&person={employee.pk}").content.decode()
    for label in ("Badge colour", "Arrives on", "Nights", "Colour of the visitor"):
        assert label in new_page, label
    assert "Register number" not in new_page  # the officer records it at issue, the filer never types it

    posted = client.post(
        reverse("application-new") + "?service=tw-full",
        {
            "service": "tw-full",
            "person": employee.pk,
            "channel": "standard",
            "badge_colour": "amber",
            "arrives_on": "2026-07-01",
            "nights": "3",
        },
    )
    assert posted.status_code == 302, posted.content.decode()[:2000]
    app = ThrowawayApplication.objects.get(person=employee)
    assert (app.badge_colour, app.arrives_on, app.nights) == ("amber", dt.date(2026, 7, 1), 3)

    edit_page = client.get(reverse("application-edit", args=[app.pk])).content.decode()
    assert 'value="3"' in edit_page
    assert "Badge colour" in edit_page
    client.post(
        reverse("application-edit", args=[app.pk]),
        {"channel": "standard", "badge_colour": "teal", "arrives_on": "2026-07-02", "nights": "5"},
    )
    app.refresh_from_db()
    assert (app.badge_colour, app.nights) == ("teal", 5)

    api = APIClient()
    api.force_authenticate(membership.user)
    detail = api.get(f"/api/v1/applications/{app.pk}/").json()
    assert detail["service_fields"] == {
        "badge_colour": "teal",
        "arrives_on": "2026-07-02",
        "nights": 5,
        "register_number": "",
    }
    created = api.post(
        "/api/v1/applications/",
        {
            "service": "tw-visit",
            "person": employee.pk,
            "service_fields": {"badge_colour": "amber", "arrives_on": "2026-08-01", "nights": 2},
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["service_fields"]["badge_colour"] == "amber"
    refused = api.post(
        "/api/v1/applications/",
        {"service": "tw-visit", "person": employee.pk, "service_fields": {"badge_colour": "purple"}},
        format="json",
    )
    assert refused.status_code == 400
    assert set(refused.json()["service_fields"]) == {"badge_colour", "arrives_on", "nights"}

    filer_page = client.get(reverse("application-detail", args=[app.pk])).content.decode()
    assert "Badge colour" in filer_page
    assert "Teal" in filer_page
    assert "02.07.2026" in filer_page

    factories.advance(app, State.WITH_AUTHORITY, filer=membership.user, officer=officer)
    client.force_login(officer)
    officer_page = client.get(reverse("officer-application", args=[app.pk])).content.decode()
    assert "Teal" in officer_page
    assert "Register number" in officer_page  # the issue form asks for it
    assert "Number issued by the state body" not in officer_page  # decision_number=False

    with django_capture_on_commit_callbacks(execute=True):
        issued = client.post(reverse("officer-issue", args=[app.pk]), {"register_number": "R-77"})
    assert issued.status_code == 302
    app.refresh_from_db()
    assert app.state == State.ISSUED
    assert app.register_number == "R-77"
    context = output_context(app, throwaway.get("tw-full").output("throwaway_certificate"))
    assert ("Badge colour", "Teal") in context["service_details"]
    assert context["extra"] == "from the plug-in, 5 nights"
    document = app.issued_documents.get(kind="throwaway_certificate")
    text = pdf_text(document.file.open("rb").read())
    for expected in ("Throw-away certificate", "Teal", "02.07.2026", "R-77", "from the plug-in, 5 nights"):
        assert expected in text, expected


def test_an_outcome_field_is_required_and_validated_by_its_model_field(throwaway, membership, officer):
    app = factories.advance(_draft(membership), State.WITH_AUTHORITY, filer=membership.user, officer=officer)
    with pytest.raises(ApplicationError, match="Enter the Register number"):
        services.application_issue(user=officer, application=app)
    with pytest.raises(ApplicationError, match="Register number"):
        services.application_issue(user=officer, application=app, fields={"register_number": "R" * 30})
    app.refresh_from_db()
    assert app.state == State.WITH_AUTHORITY


#: Every step a lifecycle may lack, and how to try it through the services.
def _try_step(step: str, app: Application, filer, officer) -> None:
    app = Application.objects.get(pk=app.pk)
    if step == "book_appointment":
        services.appointment_book(user=filer, application=app, starts_at=factories.next_office_slot())
    elif step == "forward_to_authority":
        services.authority_forward(user=officer, application=app)
    elif step == "request_information":
        services.information_request(user=officer, application=app, message="More, please.")
    elif step == "extend_term":
        services.application_extend_term(user=officer, application=app, days=5, reason="State body delay")
    elif step == "review":
        upload = app.uploads.first()
        services.document_review(user=officer, upload=upload, accept=True)


def _lacking(lifecycle: Lifecycle) -> list[str]:
    lacking = []
    if not lifecycle.has(Step.APPOINTMENT):
        lacking.append("book_appointment")
    if not lifecycle.has(Step.STATE_BODY):
        lacking.append("forward_to_authority")
    if not lifecycle.has(Step.INFORMATION_REQUESTS):
        lacking.append("request_information")
    if not lifecycle.term_extension:
        lacking.append("extend_term")
    return lacking


@pytest.mark.parametrize("code", list(PROFILES))
def test_each_profile_walks_its_path_and_never_enters_a_step_it_lacks(throwaway, membership, officer, code):
    lifecycle = PROFILES[code][0]
    filer = membership.user
    app = _draft(membership, code)
    seen = []
    for state in lifecycle.path()[1:]:
        app = factories.advance(app, state, filer=filer, officer=officer, issue={"fields": {"register_number": "R-1"}})
        assert app.state == state
        seen.append(state)
        for step in _lacking(lifecycle):
            for user in (filer, officer):
                assert step not in available_action_names(app, user), (state, step)
            with pytest.raises((WrongState, ApplicationError)):
                _try_step(step, app, filer, officer)
            assert Application.objects.get(pk=app.pk).state == state
    assert seen[-1] == State.ISSUED
    if not lifecycle.has(Step.APPOINTMENT):
        assert State.APPOINTMENT_BOOKED not in seen
    if not lifecycle.has(Step.STATE_BODY):
        assert State.WITH_AUTHORITY not in seen


@pytest.mark.parametrize("code", list(PROFILES))
def test_each_profile_can_be_refused_where_it_decides(throwaway, membership, officer, code):
    app = factories.advance(_draft(membership, code), State.REFUSED, filer=membership.user, officer=officer)
    assert app.state == State.REFUSED
    assert app.refusal_reason == "State body refused"


@pytest.mark.parametrize(
    ("submitted", "due"),
    [
        (dt.datetime(2026, 6, 16, 10, 0, tzinfo=ASTANA), dt.datetime(2026, 6, 16, 10, 30, tzinfo=ASTANA)),
        (
            dt.datetime(2026, 6, 16, 12, 50, tzinfo=ASTANA),
            dt.datetime(2026, 6, 16, 14, 20, tzinfo=ASTANA),
        ),  # lunch 13:00-14:00 not counted
        (dt.datetime(2026, 6, 16, 17, 50, tzinfo=ASTANA), dt.datetime(2026, 6, 17, 9, 20, tzinfo=ASTANA)),
        (
            dt.datetime(2026, 6, 20, 9, 30, tzinfo=ASTANA),
            dt.datetime(2026, 6, 22, 9, 30, tzinfo=ASTANA),
        ),  # Saturday: from Monday's opening
    ],
)
def test_a_30_minute_service_is_due_30_office_minutes_after_submission(
    throwaway, membership, time_machine, submitted, due
):
    app = _draft(membership, "tw-desk")
    factories.upload_checklist(app, membership.user)
    time_machine.move_to(submitted)
    submitted_app = services.application_submit(user=membership.user, application=app)
    assert submitted_app.due_at == due
    assert submitted_app.due_date == due.date()


def test_a_service_with_no_stated_term_has_no_due_date(throwaway, membership):
    app = _draft(membership, "tw-electronic")
    factories.upload_checklist(app, membership.user)
    submitted = services.application_submit(user=membership.user, application=app)
    assert (submitted.due_date, submitted.due_at) == (None, None)


def test_a_services_fee_adjustment_applies_to_the_draft_quote_and_to_the_fee_frozen_at_submission(
    throwaway, membership, monkeypatch
):
    # E.g. "free when …" (fingerprinting) or "a family member filed with a paid principal pays no service fee" (TRP).
    def no_service_fee(application, quote):
        return dataclasses.replace(quote, service_fee=Decimal("0.00"), total=quote.state_duty, note="Waived.")

    adjusted = dataclasses.replace(throwaway.get("tw-desk"), fee_adjustments=(no_service_fee,))
    registry = Registry()
    for definition in throwaway:
        registry.register(adjusted if definition.code == "tw-desk" else definition)
    monkeypatch.setattr("applications.registry.registry", registry)

    from applications.views_helpers import fee_quote_for

    app = _draft(membership, "tw-desk")
    draft_quote = fee_quote_for(app)
    assert draft_quote["service_fee"] == Decimal("0.00")
    assert draft_quote["note"] == "Waived."
    factories.upload_checklist(app, membership.user)
    submitted = services.application_submit(user=membership.user, application=app)
    assert submitted.fee_service == Decimal("0.00")
    assert submitted.fee_total == submitted.fee_state_duty
    assert submitted.fee_note == "Waived."
    # Another service of the same registry keeps its tariff.
    assert fee_quote_for(_draft(membership, "tw-visit"))["service_fee"] == Decimal("1000.00")
