"""The plug-in contract's visa additions, on a throw-away service: preconditions told before typing and re-checked
at submission, checklist items satisfied by what the portal holds, principal-only fields, and waiting drafts
with "notify me". Also the shared visa rules of ``applications.visa_rules`` on the person's visa records.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from applications import catalogue, services
from applications.catalogue import DocumentRequirement, LocalText, get_service
from applications.checks import check_registry
from applications.constants import State
from applications.exceptions import ApplicationError, NotEligible, RuleFailure, SubmissionRefused
from applications.models import OutboxMessage, SubmissionWatch
from applications.registry import FilerKind, Lifecycle, OnRecord, Registry, ServiceDefinition, Step, get_registry
from applications.rules import DEFAULT_RULES
from applications.selectors import checklist_status
from applications.services.watch import submission_watch, watches_recheck
from applications.visa_rules import extends_current_visa, principal_holds_valid_visa
from fees.models import StateDuty, Tariff
from qazeta.accounts.constants import Relationship
from qazeta.records.models import VisaRecord
from qazeta.records.selectors import current_visa, extension_window, windows_ahead
from qazeta.records.services import RecordError, visa_record_declare, visa_record_issue, visa_record_reject
from qazeta.workcalendar.calendar import subtract_working_days
from tests import factories
from tests.throwaway.models import ThrowawayApplication

pytestmark = pytest.mark.django_db

ASTANA = ZoneInfo("Asia/Almaty")
TODAY = dt.date(2026, 6, 16)  # a Tuesday, a working day
FIELDS = {"badge_colour": "teal", "arrives_on": dt.date(2026, 7, 1), "nights": 4}


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 16, 10, 0, tzinfo=ASTANA))


#: Switched by the tests: whether the throw-away precondition refuses.
GATE = {"open": True}


def _gate(person, organisation, today) -> list[RuleFailure]:
    if GATE["open"]:
        return []
    return [RuleFailure("gate_closed", f"The gate is closed for {person.full_name} on {today:%d.%m.%Y}.")]


def _on_record(application) -> OnRecord | None:
    if application.nights == 7:
        return OnRecord("A week's pass on record", "/verify/ABCD-EFGH-JKMN-PQRS/")
    return None


def _register(monkeypatch, code: str, **kwargs) -> ServiceDefinition:
    registry = Registry()
    for definition in get_registry():
        registry.register(definition)
    definition = ServiceDefinition(
        code=code,
        model=ThrowawayApplication,
        lifecycle=Lifecycle(steps=frozenset({Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS})),
        filers=frozenset({FilerKind.HOST_PARTY}),
        **kwargs,
    )
    registry.register(definition)
    documents = (
        DocumentRequirement(code="passport-copy", name_text=LocalText({"en": "Passport copy"})),
        DocumentRequirement(code="week-pass", name_text=LocalText({"en": "Week pass"})),
        DocumentRequirement(code="consent-personal-data", name_text=LocalText({"en": "Consent"})),
    )
    entry = dataclasses.replace(
        get_service("c3-invitation"),
        code=code,
        name_text=LocalText({"en": f"Throw-away {code}"}),
        channels=("standard",),
        documents=documents,
        term_working_days=3,
        term_working_days_max=None,
        requires_appointment=False,
        requires_state_body=False,
        filing_enabled=True,
    )
    monkeypatch.setitem(catalogue._REGISTRY, code, entry)
    Tariff.objects.create(service=code, channel="standard", amount=Decimal(1000), effective_from=dt.date(2020, 1, 1))
    StateDuty.objects.create(service=code, mrp_multiple=Decimal(0), effective_from=dt.date(2020, 1, 1))
    monkeypatch.setattr("applications.registry.registry", registry)
    return definition


def _upload(app, user, *codes):
    for code in codes:
        services.document_upload(user=user, application=app, item_code=code, file=factories.pdf_file())


# ------------------------------------------------------------------------------------------------ preconditions
def test_a_precondition_refuses_the_draft_and_the_new_application_page_says_why_before_typing(
    monkeypatch, membership, employee, client
):
    _register(monkeypatch, "tw-gate", preconditions=(_gate,))
    GATE["open"] = False
    try:
        with pytest.raises(NotEligible) as excinfo:
            factories.file_draft("tw-gate", membership=membership, person=employee, **FIELDS)
        assert [f.rule for f in excinfo.value.failures] == ["gate_closed"]
        assert not ThrowawayApplication.objects.exists()

        client.force_login(membership.user)
        page = client.get(reverse("application-new") + f"?service=tw-gate&person={employee.pk}").content.decode()
        assert "This service cannot be filed for this person now" in page
        assert f"The gate is closed for {employee.full_name} on 16.06.2026." in page

        api = APIClient()
        api.force_authenticate(membership.user)
        refused = api.post(
            "/api/v1/applications/",
            {
                "service": "tw-gate",
                "person": employee.pk,
                "service_fields": {"badge_colour": "teal", "arrives_on": "2026-07-01", "nights": 2},
            },
            format="json",
        )
        assert refused.status_code == 400
        assert refused.json()["code"] == "not_eligible"
        assert refused.json()["errors"][0]["rule"] == "gate_closed"
    finally:
        GATE["open"] = True


def test_a_precondition_is_checked_again_at_submission(monkeypatch, membership, employee):
    _register(monkeypatch, "tw-gate", preconditions=(_gate,), rules=DEFAULT_RULES)
    app = factories.file_draft("tw-gate", membership=membership, person=employee, **FIELDS)
    _upload(app, membership.user, "passport-copy", "week-pass")
    GATE["open"] = False
    try:
        with pytest.raises(SubmissionRefused) as excinfo:
            services.application_submit(user=membership.user, application=app)
        assert [f.rule for f in excinfo.value.failures] == ["gate_closed"]
    finally:
        GATE["open"] = True
    services.application_submit(user=membership.user, application=app)
    app.refresh_from_db()
    assert app.state == State.SUBMITTED


# ------------------------------------------------------------------------------------------------ references
def test_an_item_on_record_needs_no_upload_and_every_view_shows_the_link(monkeypatch, membership, employee, client):
    _register(monkeypatch, "tw-ref", references={"week-pass": _on_record}, rules=DEFAULT_RULES)
    app = factories.file_draft("tw-ref", membership=membership, person=employee, **{**FIELDS, "nights": 7})
    rows = {row.requirement.code: row for row in checklist_status(app)}
    assert rows["week-pass"].status == "on_record"
    assert rows["week-pass"].on_record.url == "/verify/ABCD-EFGH-JKMN-PQRS/"
    # The engine's own reference: the consent recorded when the draft was filed satisfies the consent item.
    assert rows["consent-personal-data"].status == "on_record"
    assert rows["passport-copy"].status == "missing"

    client.force_login(membership.user)
    page = client.get(reverse("application-detail", args=[app.pk])).content.decode()
    assert "A week&#x27;s pass on record" in page
    assert "/verify/ABCD-EFGH-JKMN-PQRS/" in page
    api = APIClient()
    api.force_authenticate(membership.user)
    checklist = {i["code"]: i for i in api.get(f"/api/v1/applications/{app.pk}/").json()["checklist"]}
    assert checklist["week-pass"]["on_record"] == {
        "label": "A week's pass on record",
        "url": "/verify/ABCD-EFGH-JKMN-PQRS/",
    }
    assert checklist["passport-copy"]["on_record"] is None

    with pytest.raises(SubmissionRefused) as excinfo:
        services.application_submit(user=membership.user, application=app)
    assert {f.item for f in excinfo.value.failures} == {"passport-copy"}
    _upload(app, membership.user, "passport-copy")
    services.application_submit(user=membership.user, application=app)


def test_without_a_recorded_consent_the_consent_item_asks_for_an_upload(monkeypatch, membership, employee):
    _register(monkeypatch, "tw-ref", rules=(DEFAULT_RULES[0],))
    app = factories.file_draft("tw-ref", membership=membership, person=employee, consent=False, **FIELDS)
    rows = {row.requirement.code: row for row in checklist_status(app)}
    assert rows["consent-personal-data"].status == "missing"


def test_a_reference_to_an_item_the_checklist_lacks_fails_the_system_check(monkeypatch):
    definition = _register(monkeypatch, "tw-ref", references={"no-such-item": _on_record})
    registry = Registry()
    registry.register(definition)
    errors = [e for e in check_registry(registry) if e.id == "services.E009"]
    assert errors
    assert "no-such-item" in errors[0].msg


# ------------------------------------------------------------------------------------------------ principal fields
def test_a_family_member_is_not_asked_the_principals_own_fields(monkeypatch, membership, employee, client):
    _register(monkeypatch, "tw-family", principal_fields=("badge_colour",))
    spouse = factories.PersonFactory(
        organisation=membership.organisation, principal=employee, relationship=Relationship.SPOUSE
    )
    client.force_login(membership.user)
    family_page = client.get(reverse("application-new") + f"?service=tw-family&person={spouse.pk}").content.decode()
    principal_page = client.get(
        reverse("application-new") + f"?service=tw-family&person={employee.pk}"
    ).content.decode()
    assert 'name="badge_colour"' not in family_page
    assert 'name="badge_colour"' in principal_page
    assert "The principal only; not for a family member." in principal_page

    principal = factories.file_draft("tw-family", membership=membership, person=employee, **FIELDS)
    with pytest.raises(ApplicationError) as excinfo:
        factories.file_draft(
            "tw-family", membership=membership, person=spouse, principal_application=principal, **FIELDS
        )
    assert excinfo.value.code == "bad_field"
    own = {k: v for k, v in FIELDS.items() if k != "badge_colour"}
    dependant = factories.file_draft(
        "tw-family", membership=membership, person=spouse, principal_application=principal, **own
    )
    edit_page = client.get(reverse("application-edit", args=[dependant.pk])).content.decode()
    assert 'name="badge_colour"' not in edit_page
    assert 'name="nights"' in edit_page


# ------------------------------------------------------------------------------------------------ waiting drafts
def _principal_visa(employee, membership, **kwargs) -> VisaRecord:
    values = {
        "category": "C3",
        "number": "C3-0001",
        "valid_from": dt.date(2026, 1, 10),
        "valid_to": dt.date(2027, 1, 9),
        "entries": "multiple",
    }
    values.update(kwargs)
    principal_app = factories.file_draft(
        "c3-invitation", membership=membership, person=employee, position="CFO", validity_years=2
    )
    return visa_record_issue(user=None, application=principal_app, **values)


def test_a_dependant_waits_for_the_principals_valid_visa_and_the_filer_is_told_when_it_is_recorded(
    monkeypatch, membership, employee, client, django_capture_on_commit_callbacks
):
    _register(monkeypatch, "tw-wait", rules=(principal_holds_valid_visa("C3"),))
    spouse = factories.PersonFactory(
        organisation=membership.organisation, principal=employee, relationship=Relationship.SPOUSE
    )
    principal = factories.file_draft("tw-wait", membership=membership, person=employee, **FIELDS)
    app = factories.file_draft(
        "tw-wait", membership=membership, person=spouse, principal_application=principal, **FIELDS
    )

    with pytest.raises(SubmissionRefused) as excinfo:
        services.application_submit(user=membership.user, application=app)
    (failure,) = excinfo.value.failures
    assert failure.rule == "principal_visa_missing"
    assert failure.waits
    assert f"{employee.full_name}'s valid C3 visa is not on record yet" in failure.message

    client.force_login(membership.user)
    page = client.get(reverse("application-detail", args=[app.pk])).content.decode()
    assert "Notify me when it can be submitted" in page
    api = APIClient()
    api.force_authenticate(membership.user)
    assert api.get(f"/api/v1/applications/{app.pk}/").json()["waiting"][0]["rule"] == "principal_visa_missing"
    assert client.post(reverse("application-watch", args=[app.pk])).status_code == 302
    assert SubmissionWatch.objects.filter(application=app, user=membership.user, notified_at=None).exists()
    assert (
        "We will e-mail you as soon as it can be submitted."
        in client.get(reverse("application-detail", args=[app.pk])).content.decode()
    )

    # An expired visa of the principal does not end the wait; a valid one does, and the filer is e-mailed once.
    with django_capture_on_commit_callbacks(execute=True):
        _principal_visa(
            employee, membership, number="OLD-1", valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2025, 1, 1)
        )
    assert not OutboxMessage.objects.filter(args=[app.pk, "can_submit"]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        _principal_visa(employee, membership)
    assert OutboxMessage.objects.filter(args=[app.pk, "can_submit"]).count() == 1
    assert any("can now be submitted" in m.subject for m in mail.outbox)
    assert watches_recheck(employee.pk) == 0  # already told: nothing more

    services.application_submit(user=membership.user, application=app)
    app.refresh_from_db()
    assert app.state == State.SUBMITTED


def test_a_draft_that_does_not_wait_cannot_be_watched(monkeypatch, membership, employee):
    _register(monkeypatch, "tw-wait", rules=(principal_holds_valid_visa("C3"),))
    app = factories.file_draft("tw-wait", membership=membership, person=employee, **FIELDS)
    with pytest.raises(ApplicationError) as excinfo:
        submission_watch(user=membership.user, application=app)
    assert excinfo.value.code == "not_waiting"


# ------------------------------------------------------------------------------------------------ visa records
def test_the_current_visa_ignores_cancelled_rejected_and_expired_records(membership, employee, officer):
    valid = _principal_visa(employee, membership)
    assert current_visa(employee.pk, on=TODAY) == valid
    assert current_visa(employee.pk, on=TODAY, categories=("A5",)) is None
    assert current_visa(employee.pk, on=dt.date(2027, 1, 10)) is None  # expired the day before
    VisaRecord.objects.filter(pk=valid.pk).update(cancelled_at=dt.datetime(2026, 6, 1, tzinfo=ASTANA))
    assert current_visa(employee.pk, on=TODAY) is None

    declared = visa_record_declare(
        user=membership.user,
        person=employee,
        category="C3",
        number="c3-777",
        valid_from=dt.date(2026, 2, 1),
        valid_to=dt.date(2026, 12, 31),
        entries="multiple",
        scan=factories.pdf_file(),
    )
    assert declared.number == "C3-777"
    assert declared.is_pending_confirmation
    assert current_visa(employee.pk, on=TODAY) == declared  # counts until an officer rejects it
    with pytest.raises(RecordError):
        visa_record_reject(user=membership.user, record=declared, reason="not the person's")  # staff only
    visa_record_reject(user=officer, record=declared, reason="The scan shows another passport number.")
    assert current_visa(employee.pk, on=TODAY) is None


def test_a_declared_visa_with_a_bad_scan_stores_nothing(membership, employee):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(RecordError) as excinfo:
        visa_record_declare(
            user=membership.user,
            person=employee,
            category="C3",
            number="C3-1",
            valid_from=dt.date(2026, 2, 1),
            valid_to=dt.date(2026, 12, 31),
            scan=SimpleUploadedFile("visa.pdf", b"<html>not a pdf</html>"),
        )
    assert excinfo.value.code == "scan"
    with pytest.raises(RecordError) as excinfo:
        visa_record_declare(
            user=membership.user,
            person=employee,
            category="C3",
            number="",
            valid_from=dt.date(2026, 12, 31),
            valid_to=dt.date(2026, 2, 1),
            scan=factories.pdf_file(),
        )
    assert "Give the visa number." in excinfo.value.message
    assert "The visa cannot end before it starts." in excinfo.value.message
    assert not VisaRecord.objects.exists()


def test_the_extension_precondition_reads_the_window_and_the_host_party(membership, employee):
    precondition = extends_current_visa("C3", new_visa_service="c3-visa")
    (no_visa,) = precondition(employee, membership.organisation, TODAY)
    assert no_visa.rule == "no_current_visa"
    assert "C3 work visa issued in Kazakhstan" in no_visa.message or "c3-visa" in no_visa.message

    record = _principal_visa(employee, membership, valid_to=dt.date(2026, 8, 31))
    window = extension_window(record)
    assert window.opens == subtract_working_days(dt.date(2026, 8, 31), 30)
    assert window.closes == subtract_working_days(dt.date(2026, 8, 31), 5)
    (early,) = precondition(employee, membership.organisation, TODAY)
    assert early.rule == "extension_window"
    assert "not open yet" in early.message
    assert f"from {window.opens:%d.%m.%Y} to {window.closes:%d.%m.%Y}" in early.message
    assert precondition(employee, membership.organisation, window.opens) == []
    assert precondition(employee, membership.organisation, window.closes) == []
    (late,) = precondition(employee, membership.organisation, window.closes + dt.timedelta(days=1))
    assert late.rule == "extension_window"
    assert "closed on" in late.message

    other = factories.OrganisationFactory()
    (host,) = precondition(employee, other, window.opens)
    assert host.rule == "extension_host_party"
    assert membership.organisation.name in host.message

    assert [w.visa for w in windows_ahead([employee.pk], today=window.opens - dt.timedelta(days=30))] == [record]
    assert windows_ahead([employee.pk], today=window.opens - dt.timedelta(days=31)) == []
    assert windows_ahead([employee.pk], today=window.closes + dt.timedelta(days=1)) == []
