"""Issuing records the IIN the officer enters: checked against the person (birth date, century and sex digits,
check digit, uniqueness), refused with a clear message and nothing written, else kept on the person and shown
wherever the person is."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from applications import services
from applications.constants import Action, State
from applications.exceptions import ApplicationError
from applications.models import Application, StatusChange
from qazeta.accounts.models import Person
from qazeta.accounts.validators import kz_check_digit
from qazeta.documents.models import IssuedDocument
from residency.iin.models import IinApplication
from tests import factories

from .conftest import iin_draft, iin_for, make_iin

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_decision(membership, employee, officer) -> Application:
    """An IIN application of a man born 12.04.1985, its originals received: the Expat Centre decides now."""
    draft = iin_draft(membership=membership, person=employee)
    return factories.advance(draft, State.ORIGINALS_RECEIVED, filer=membership.user, officer=officer)


def _with_check_digit(first11: str) -> str:
    check = kz_check_digit(first11)
    assert check is not None
    return f"{first11}{check}"


def _nothing_changed(app: Application, person: Person) -> None:
    fresh = IinApplication.objects.get(pk=app.pk)
    assert fresh.state == State.ORIGINALS_RECEIVED
    assert fresh.assigned_iin == ""
    assert fresh.decided_at is None
    assert Person.objects.get(pk=person.pk).iin == ""
    assert not IssuedDocument.objects.filter(application_id=app.pk).exists()
    assert not StatusChange.objects.filter(application_id=app.pk, action=Action.ISSUE).exists()


@pytest.mark.parametrize(
    ("iin", "code", "message"),
    [
        # Digits 1-6 are 13.04.1985, not 12.04.1985.
        (
            _with_check_digit("85041330001"),
            "iin_mismatch",
            "Digits 1-6 of the IIN (850413) are not the date of birth 12.04.1985 (YYMMDD).",
        ),
        # Digit 7 = 4: a woman born in the 20th century; the passport says M.
        (
            _with_check_digit("85041240001"),
            "iin_mismatch",
            "Digit 7 of the IIN (4) gives another sex than the passport.",
        ),
        # Digit 7 = 5: born in the 21st century.
        (
            _with_check_digit("85041250001"),
            "iin_mismatch",
            "Digit 7 of the IIN (5) gives another century than the year of birth.",
        ),
    ],
)
def test_an_iin_that_disagrees_with_the_person_is_refused(at_decision, employee, officer, iin, code, message):
    with pytest.raises(ApplicationError) as excinfo:
        services.application_issue(user=officer, application=at_decision, fields={"assigned_iin": iin})

    assert excinfo.value.code == code
    assert excinfo.value.message.startswith("The IIN does not agree with the person's passport data: ")
    assert message in excinfo.value.message
    _nothing_changed(at_decision, employee)


def test_a_bad_check_digit_is_refused(at_decision, employee, officer):
    good = iin_for(employee)
    bad = good[:11] + str((int(good[11]) + 1) % 10)

    with pytest.raises(ApplicationError) as excinfo:
        services.application_issue(user=officer, application=at_decision, fields={"assigned_iin": bad})

    assert excinfo.value.code == "invalid_assigned_iin"
    assert "check digit (the 12th digit) does not match" in excinfo.value.message
    _nothing_changed(at_decision, employee)


@pytest.mark.parametrize("value", ["85041230001", "8504123000AB", "850412 30001"])
def test_an_iin_that_is_not_twelve_digits_is_refused(at_decision, employee, officer, value):
    with pytest.raises(ApplicationError) as excinfo:
        services.application_issue(user=officer, application=at_decision, fields={"assigned_iin": value})
    assert excinfo.value.code == "invalid_assigned_iin"
    _nothing_changed(at_decision, employee)


def test_issuing_without_the_iin_is_refused(at_decision, employee, officer):
    with pytest.raises(ApplicationError) as excinfo:
        services.application_issue(user=officer, application=at_decision)
    assert excinfo.value.code == "assigned_iin_required"
    _nothing_changed(at_decision, employee)


def test_an_iin_another_person_has_is_refused(at_decision, employee, officer):
    iin = iin_for(employee)
    other = factories.PersonFactory(date_of_birth=employee.date_of_birth, sex=employee.sex)
    Person.objects.filter(pk=other.pk).update(iin=iin)

    with pytest.raises(ApplicationError) as excinfo:
        services.application_issue(user=officer, application=at_decision, fields={"assigned_iin": iin})

    assert excinfo.value.code == "iin_taken"
    assert excinfo.value.message == (
        "Another person in the portal's records already has this IIN; an IIN is unique. Check the number."
    )
    _nothing_changed(at_decision, employee)


def test_an_iin_recorded_on_the_person_meanwhile_is_never_replaced(at_decision, employee, officer):
    existing = iin_for(employee, serial=7)
    Person.objects.filter(pk=employee.pk).update(iin=existing)

    with pytest.raises(ApplicationError) as excinfo:
        services.application_issue(user=officer, application=at_decision, fields={"assigned_iin": iin_for(employee)})

    assert excinfo.value.code == "iin_taken"
    assert Person.objects.get(pk=employee.pk).iin == existing
    assert IinApplication.objects.get(pk=at_decision.pk).state == State.ORIGINALS_RECEIVED


def test_a_matching_iin_is_kept_on_the_person(at_decision, employee, officer):
    iin = iin_for(employee)

    services.application_issue(user=officer, application=at_decision, fields={"assigned_iin": iin})

    app = IinApplication.objects.get(pk=at_decision.pk)
    assert app.state == State.ISSUED
    assert app.assigned_iin == iin
    assert app.decision_number == ""
    assert Person.objects.get(pk=employee.pk).iin == iin


def test_a_woman_born_in_this_century_gets_digit_six(membership, officer):
    person = factories.PersonFactory(organisation=membership.organisation, sex="F", date_of_birth=dt.date(2003, 2, 28))
    iin = make_iin(person.date_of_birth, "F")
    assert iin[:7] == "0302286"
    app = factories.advance(
        iin_draft(membership=membership, person=person),
        State.ISSUED,
        filer=membership.user,
        officer=officer,
        issue={"fields": {"assigned_iin": iin}},
    )
    assert app.state == State.ISSUED
    assert Person.objects.get(pk=person.pk).iin == iin


def test_the_iin_is_shown_on_the_person_application_and_officer_pages_after_issue(
    at_decision, employee, officer, membership
):
    iin = iin_for(employee)
    filer, staff = Client(), Client()
    filer.force_login(membership.user)
    staff.force_login(officer)
    assert iin not in filer.get(reverse("person-detail", args=[employee.pk])).content.decode()

    services.application_issue(user=officer, application=at_decision, fields={"assigned_iin": iin})

    person_page = filer.get(reverse("person-detail", args=[employee.pk])).content.decode()
    application_page = filer.get(reverse("application-detail", args=[at_decision.pk])).content.decode()
    officer_page = staff.get(reverse("officer-application", args=[at_decision.pk])).content.decode()
    roster = filer.get(reverse("organisation-detail", args=[membership.organisation.pk])).content.decode()
    for page in (person_page, application_page, officer_page, roster):
        assert iin in page
