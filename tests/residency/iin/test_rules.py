"""Each submission rule of the IIN refuses with its own clear message, and the draft stays a draft."""

from __future__ import annotations

import datetime as dt

import pytest

from applications import services
from applications.constants import State
from applications.exceptions import ApplicationError, SubmissionRefused
from applications.models import Application
from tests import factories

from .conftest import iin_draft, iin_for

pytestmark = pytest.mark.django_db


def _refusals(app: Application, user) -> dict[str, list[str]]:
    """Submit ``app`` expecting a refusal: ``{rule: [messages]}``; the draft must stay untouched."""
    factories.upload_checklist(app, user)
    with pytest.raises(SubmissionRefused) as excinfo:
        services.application_submit(user=user, application=app)
    fresh = Application.objects.get(pk=app.pk)
    assert fresh.state == State.DRAFT
    assert fresh.reference is None
    assert fresh.due_date is None
    found: dict[str, list[str]] = {}
    for failure in excinfo.value.failures:
        found.setdefault(failure.rule, []).append(failure.message)
    return found


def test_a_complete_draft_is_submitted(membership, employee):
    app = iin_draft(membership=membership, person=employee)
    factories.upload_checklist(app, membership.user)
    assert services.application_submit(user=membership.user, application=app).state == State.SUBMITTED


def test_without_the_second_consent_submission_is_refused(membership, employee):
    app = iin_draft(membership=membership, person=employee, secrets_consent=False)

    found = _refusals(app, membership.user)

    assert list(found) == ["secrets_consent"]
    (message,) = found["secrets_consent"]
    assert "consent to the use of information constituting secrets protected by law in information systems" in message


def test_without_consent_to_personal_data_processing_submission_is_refused(membership, employee):
    app = iin_draft(membership=membership, person=employee, consent=False)
    assert list(_refusals(app, membership.user)) == ["consent"]


def test_missing_documents_are_listed(membership, employee):
    app = iin_draft(membership=membership, person=employee)
    with pytest.raises(SubmissionRefused) as excinfo:
        services.application_submit(user=membership.user, application=app)
    missing = {f.item for f in excinfo.value.failures if f.rule == "document_missing"}
    # The consent recorded in the portal satisfies the consent item: no second upload (issue 7).
    assert missing == {"passport-copy", "entry-passport-data-page", "passport-original"}


def test_an_expired_passport_is_refused(membership):
    person = factories.PersonFactory(organisation=membership.organisation, passport_expires_on=dt.date(2026, 6, 15))
    app = iin_draft(membership=membership, person=person, passport_issued_on=dt.date(2016, 6, 16))

    found = _refusals(app, membership.user)

    assert found["passport_expired"] == [
        "The passport expired on 15.06.2026; an IIN is formed only on a valid passport."
    ]


def test_a_passport_valid_today_is_accepted(membership):
    person = factories.PersonFactory(organisation=membership.organisation, passport_expires_on=dt.date(2026, 6, 16))
    app = iin_draft(membership=membership, person=person, passport_issued_on=dt.date(2016, 6, 17))
    factories.upload_checklist(app, membership.user)
    assert services.application_submit(user=membership.user, application=app).state == State.SUBMITTED


@pytest.mark.parametrize(
    ("issued_on", "message"),
    [
        (dt.date(2026, 6, 17), "The passport's issue date 17.06.2026 is in the future."),
        (dt.date(1980, 1, 1), "The passport's issue date 01.01.1980 is before the date of birth 12.04.1985."),
    ],
)
def test_an_impossible_passport_issue_date_is_refused(membership, employee, issued_on, message):
    app = iin_draft(membership=membership, person=employee, passport_issued_on=issued_on)
    assert _refusals(app, membership.user) == {"passport_issued_on": [message]}


def test_a_passport_not_issued_before_its_expiry_is_refused(membership):
    person = factories.PersonFactory(organisation=membership.organisation, passport_expires_on=dt.date(2026, 6, 16))
    app = iin_draft(membership=membership, person=person, passport_issued_on=dt.date(2026, 6, 16))
    assert _refusals(app, membership.user) == {
        "passport_issued_on": ["The passport's issue date 16.06.2026 is not before its expiry 16.06.2026."]
    }


def test_names_must_be_given_in_latin_and_in_cyrillic_letters(membership, employee):
    # The model fields' validators run when the draft is created (page, API and service alike): nothing is saved.
    with pytest.raises(ApplicationError) as excinfo:
        iin_draft(
            membership=membership,
            person=employee,
            surname_latin="СМИТ",
            given_names_cyrillic="JOHN",
            patronymic_cyrillic="Paul",
        )
    message = excinfo.value.message
    assert "Surname (Latin): Use Latin letters only" in message
    assert "Given names (Cyrillic): Use Cyrillic letters only" in message
    assert "Patronymic (Cyrillic): Use Cyrillic letters only" in message
    assert not employee.applications.exists()


def test_kazakh_cyrillic_letters_hyphens_and_a_patronymic_are_accepted(membership, employee):
    app = iin_draft(
        membership=membership,
        person=employee,
        surname_latin="O'BRIEN-SMITH",
        given_names_latin="JOHN PAUL",
        patronymic_latin="IVANOVICH",
        surname_cyrillic="Әбдіқадыр-Смит",
        given_names_cyrillic="Жұлдыз Өмір",
        patronymic_cyrillic="Иванович",
    )
    factories.upload_checklist(app, membership.user)
    assert services.application_submit(user=membership.user, application=app).state == State.SUBMITTED


# --------------------------------------------------------------------------------------------- an IIN only once
def test_a_person_who_already_has_an_iin_is_refused(membership, employee):
    employee.iin = iin_for(employee)
    employee.save()
    app = iin_draft(membership=membership, person=employee)

    found = _refusals(app, membership.user)

    assert found == {
        "iin_already_assigned": [
            f"{employee.full_name} already has an IIN ({employee.iin}). An IIN is formed once and never changes: "
            "no new one can be formed."
        ]
    }


def test_another_person_with_the_same_passport_and_an_iin_is_found(membership, employee):
    # The roster keeps one person per passport; the same passport typed in another case is another row.
    twin = factories.PersonFactory(
        surname="DOE",
        given_names="JANE",
        sex="F",
        date_of_birth=dt.date(1990, 1, 2),
        passport_number=employee.passport_number.lower(),
        passport_issuing_state=employee.passport_issuing_state.lower(),
    )
    twin.iin = iin_for(twin)
    twin.save()
    app = iin_draft(membership=membership, person=employee)

    found = _refusals(app, membership.user)

    assert list(found) == ["iin_same_passport"]
    (message,) = found["iin_same_passport"]
    assert message.startswith("A person with the same passport already has an IIN")
    assert "DOE" not in message
    assert "JANE" not in message
    assert twin.iin not in message


def test_another_person_with_the_same_name_and_date_of_birth_and_an_iin_is_found(membership):
    person = factories.PersonFactory(
        organisation=membership.organisation,
        surname="SMITH",
        given_names="JOHN  PAUL",
        date_of_birth=dt.date(1985, 4, 12),
    )
    namesake = factories.PersonFactory(surname="Smith", given_names="John Paul", date_of_birth=dt.date(1985, 4, 12))
    namesake.iin = iin_for(namesake)
    namesake.save()
    app = iin_draft(membership=membership, person=person)

    found = _refusals(app, membership.user)

    assert list(found) == ["iin_same_name_and_birth"]
    (message,) = found["iin_same_name_and_birth"]
    assert message.startswith("A person with the same name and date of birth already has an IIN")
    assert namesake.passport_number not in message
    assert namesake.iin not in message


def test_namesakes_born_another_day_or_without_an_iin_do_not_block(membership):
    person = factories.PersonFactory(
        organisation=membership.organisation, surname="SMITH", given_names="JOHN", date_of_birth=dt.date(1985, 4, 12)
    )
    born_later = factories.PersonFactory(surname="SMITH", given_names="JOHN", date_of_birth=dt.date(1985, 4, 13))
    born_later.iin = iin_for(born_later)
    born_later.save()
    factories.PersonFactory(surname="SMITH", given_names="JOHN", date_of_birth=dt.date(1985, 4, 12))  # no IIN
    app = iin_draft(membership=membership, person=person)
    factories.upload_checklist(app, membership.user)
    assert services.application_submit(user=membership.user, application=app).state == State.SUBMITTED


def test_a_second_application_while_one_is_under_way_is_refused(membership, employee, officer):
    first = iin_draft(membership=membership, person=employee)
    first = factories.advance(first, State.IN_REVIEW, filer=membership.user, officer=officer)
    second = iin_draft(membership=membership, person=employee)

    found = _refusals(second, membership.user)

    assert found == {
        "iin_application_open": [
            f"An IIN application for {employee.full_name} is already under way (reference {first.reference}); "
            "wait for its outcome."
        ]
    }


def test_after_a_refusal_the_person_may_file_again(membership, employee, officer):
    first = iin_draft(membership=membership, person=employee)
    factories.advance(first, State.REFUSED, filer=membership.user, officer=officer)
    second = iin_draft(membership=membership, person=employee)
    factories.upload_checklist(second, membership.user)
    assert services.application_submit(user=membership.user, application=second).state == State.SUBMITTED


def test_every_unmet_rule_is_listed_at_once(membership, employee):
    employee.iin = iin_for(employee)
    employee.save()
    app = iin_draft(membership=membership, person=employee, secrets_consent=False)

    found = _refusals(app, membership.user)

    assert set(found) == {"secrets_consent", "iin_already_assigned"}
