"""The visas issued in Kazakhstan are records: issuing an A5 visa or an investor visa extension records the visa the
officer entered on the person (with the scan as its document); the outcome is refused when a field or the scan is
missing; a refusal records nothing; and a dependant waiting for the principal's visa is told when it is issued."""

from __future__ import annotations

import datetime as dt

import pytest

from applications import services
from applications.constants import State
from applications.exceptions import ApplicationError, UploadRejected
from applications.models import Application, OutboxMessage, SubmissionWatch
from applications.services.watch import submission_watch
from qazeta.records.models import RecordSource, VisaRecord
from qazeta.records.selectors import current_visa
from tests import factories

from .conftest import (
    A5_INVITATION,
    A5_VISA,
    EXTENSION,
    TODAY,
    family_member_of,
    give_visa,
    investor_draft,
    visa_fields,
    visa_scan,
)

pytestmark = pytest.mark.django_db


def _at_decision(code, membership, person, officer) -> Application:
    draft = investor_draft(code, membership=membership, person=person)
    return factories.advance(draft, State.WITH_AUTHORITY, filer=membership.user, officer=officer)


def _issue(app: Application, officer, *, fields=None, scan=True, kind="a5_visa") -> Application:
    return services.application_issue(
        user=officer,
        application=Application.objects.get(pk=app.pk),
        fields=visa_fields() if fields is None else fields,
        attachments={kind: visa_scan()} if scan else {},
    )


def test_issuing_an_a5_visa_records_it_on_the_person(membership, employee, officer, django_capture_on_commit_callbacks):
    app = _at_decision(A5_VISA, membership, employee, officer)
    with django_capture_on_commit_callbacks(execute=True):
        _issue(app, officer, fields={**visa_fields(" ab123 ")})

    record = VisaRecord.objects.get(person=employee)
    assert (record.category, record.number, record.source) == ("A5", "AB123", RecordSource.ISSUED)
    assert record.application_id == app.pk
    assert record.host_party_id == membership.organisation_id
    assert record.document.kind == "a5_visa"
    assert record.document.received
    assert current_visa(employee.pk, on=dt.date(2026, 7, 1)) == record


@pytest.mark.parametrize(
    ("fields", "scan", "error"),
    [
        ({**visa_fields(), "visa_valid_to": ""}, True, "visa_valid_to_required"),
        (visa_fields(valid_to=dt.date(2026, 6, 1)), True, "visa_record"),  # ends before it starts
        (visa_fields(), False, None),
    ],
)
def test_an_issue_without_the_visas_fields_or_scan_is_refused_and_nothing_is_recorded(
    fields, scan, error, membership, employee, officer
):
    app = _at_decision(A5_VISA, membership, employee, officer)

    with pytest.raises((ApplicationError, UploadRejected)) as caught:
        _issue(app, officer, fields=fields, scan=scan)

    if error:
        assert caught.value.code == error
    assert Application.objects.get(pk=app.pk).state == State.WITH_AUTHORITY
    assert not VisaRecord.objects.exists()
    assert not app.issued_documents.exists()


def test_a_refused_a5_visa_records_nothing(membership, employee, officer):
    draft = investor_draft(A5_VISA, membership=membership, person=employee)
    factories.advance(draft, State.REFUSED, filer=membership.user, officer=officer)
    assert not VisaRecord.objects.exists()


def test_an_extended_a5_visa_is_recorded_as_a5(membership, employee, officer):
    old = give_visa(employee, "A5", valid_to=TODAY + dt.timedelta(days=20))
    app = _at_decision(EXTENSION, membership, employee, officer)
    _issue(app, officer, fields=visa_fields("A5NEW"), kind="extended_investor_visa")

    new = VisaRecord.objects.get(application_id=app.pk)
    assert (new.category, new.number, new.valid_to) == ("A5", "A5NEW", dt.date(2028, 6, 30))
    assert VisaRecord.objects.get(pk=old.pk).cancelled_at is None  # the old one simply runs out


def test_the_extension_keeps_its_category_even_once_the_old_visa_has_expired(
    membership, employee, officer, time_machine
):
    give_visa(employee, "A6", valid_to=TODAY + dt.timedelta(days=20))
    app = _at_decision(EXTENSION, membership, employee, officer)
    time_machine.move_to(dt.datetime(2026, 7, 20, 10, 0, tzinfo=dt.UTC))  # the state body took its time

    _issue(app, officer, fields=visa_fields("A6NEW"), kind="extended_investor_visa")

    assert VisaRecord.objects.get(application_id=app.pk).category == "A6"


def test_the_dependant_waiting_for_the_principals_visa_is_told_when_it_is_issued(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    spouse = family_member_of(employee)
    waiting = investor_draft(A5_INVITATION, membership=membership, person=spouse)
    factories.upload_checklist(Application.objects.get(pk=waiting.pk), membership.user)
    submission_watch(user=membership.user, application=Application.objects.get(pk=waiting.pk))

    principal_visa = _at_decision(A5_VISA, membership, employee, officer)
    with django_capture_on_commit_callbacks(execute=True):
        _issue(principal_visa, officer, fields={**visa_fields(), "visa_valid_from": dt.date(2026, 9, 1)})
    assert SubmissionWatch.objects.get(application_id=waiting.pk).notified_at is None  # not valid yet today

    principal_visa = _at_decision(A5_VISA, membership, employee, officer)
    with django_capture_on_commit_callbacks(execute=True):
        _issue(principal_visa, officer, fields={**visa_fields("A5NOW"), "visa_valid_from": TODAY})

    assert SubmissionWatch.objects.get(application_id=waiting.pk).notified_at is not None
    assert any(m.args and m.args[0] == waiting.pk and "can_submit" in m.args for m in OutboxMessage.objects.all())
    services.application_submit(user=membership.user, application=Application.objects.get(pk=waiting.pk))
    assert Application.objects.get(pk=waiting.pk).state == State.SUBMITTED


def test_the_record_names_the_officer_who_recorded_it(membership, employee, officer):
    app = _at_decision(A5_VISA, membership, employee, officer)
    _issue(app, officer)
    record = VisaRecord.objects.get(person=employee)
    assert record.recorded_by == officer
    assert record.confirmed_by == officer
