"""The investor visa services' rules, each with the refusal and its plain-words message: the petition, the passport
(more than 3 months, at least 2 blank pages), a family member waiting for the principal's valid visa (and the
"principal's visa" item satisfied by the record), the extension's window and host party (told before a draft is
opened and again at submission), and the in-country items satisfied by what the portal holds."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse

from applications import services
from applications.exceptions import NotEligible, SubmissionRefused
from applications.models import Application
from applications.registry import definition_for, service_field_names
from applications.selectors import checklist_status
from qazeta.documents.services import document_receive
from qazeta.records.selectors import extension_window
from tests import factories
from tests.clock import astana

from .conftest import (
    A5_INVITATION,
    A5_VISA,
    A6_INVITATION,
    EXTENSION,
    TODAY,
    family_member_of,
    give_visa,
    investor_draft,
)

pytestmark = pytest.mark.django_db


def _upload_all_but(application: Application, user, *skip: str) -> None:
    application = Application.objects.get(pk=application.pk)
    for row in checklist_status(application):
        if row.requirement.required and row.on_record is None and row.requirement.code not in skip:
            services.document_upload(
                user=user, application=application, item_code=row.requirement.code, file=factories.pdf_file()
            )


def _refusal(application: Application, user) -> SubmissionRefused:
    with pytest.raises(SubmissionRefused) as caught:
        services.application_submit(user=user, application=Application.objects.get(pk=application.pk))
    assert Application.objects.get(pk=application.pk).state == "draft"
    return caught.value


def _messages(refusal: SubmissionRefused) -> dict[str, list[str]]:
    by_rule: dict[str, list[str]] = {}
    for failure in refusal.failures:
        by_rule.setdefault(failure.rule, []).append(failure.message)
    return by_rule


# ------------------------------------------------------------------------------------------- invitations
@pytest.mark.parametrize(
    ("code", "item", "name"),
    [
        (
            A5_INVITATION,
            "investment-petition",
            "Petition of Kazakhstan's authorised investment body or of the AIFC Administration",
        ),
        (
            A5_VISA,
            "investment-petition",
            "Petition of Kazakhstan's authorised investment body or of the AIFC Administration",
        ),
        (A6_INVITATION, "aifc-administration-petition", "Petition of the AIFC Administration"),
    ],
)
def test_the_petition_is_required(code, item, name, membership, employee):
    app = investor_draft(code, membership=membership, person=employee)
    _upload_all_but(app, membership.user, item)

    refusal = _refusal(app, membership.user)

    (failure,) = refusal.failures
    assert (failure.rule, failure.item) == ("document_missing", item)
    assert failure.message == f"Upload “{name}”."


@pytest.mark.parametrize("code", [A5_INVITATION, A5_VISA, A6_INVITATION])
def test_a_passport_valid_3_months_or_less_and_one_blank_page_are_refused_together(code, membership):
    person = factories.PersonFactory(
        organisation=membership.organisation, passport_expires_on=TODAY + relativedelta(months=3)
    )
    app = investor_draft(code, membership=membership, person=person, passport_blank_pages=1)
    _upload_all_but(app, membership.user, "passport-copy", "passport-original")

    messages = _messages(_refusal(app, membership.user))

    assert messages["passport_validity"] == [
        "The passport must be valid for more than 3 months after submission (it expires on 16.09.2026; it must "
        "expire after 16.09.2026)."
    ]
    assert messages["blank_pages"] == ["The passport needs at least 2 blank pages; 1 declared."]
    assert "document_missing" in messages  # every failure at once


def test_a_passport_valid_one_day_more_than_3_months_passes(membership):
    person = factories.PersonFactory(
        organisation=membership.organisation, passport_expires_on=TODAY + relativedelta(months=3, days=1)
    )
    app = investor_draft(A5_INVITATION, membership=membership, person=person)
    _upload_all_but(app, membership.user)
    services.application_submit(user=membership.user, application=Application.objects.get(pk=app.pk))
    assert Application.objects.get(pk=app.pk).state == "submitted"


# ------------------------------------------------------------------------------------------- family members
@pytest.mark.parametrize("code", [A5_INVITATION, A6_INVITATION, A5_VISA])
def test_a_family_member_waits_for_the_principals_valid_visa(code, membership, employee):
    spouse = family_member_of(employee)
    app = investor_draft(code, membership=membership, person=spouse)
    codes = {r.requirement.code for r in checklist_status(Application.objects.get(pk=app.pk))}
    assert "family-relationship-certificate" in codes
    _upload_all_but(app, membership.user, "principal-visa")

    (failure, *others) = [f for f in _refusal(app, membership.user).failures if f.rule == "principal_visa_missing"]
    assert not others
    assert failure.waits is True  # the page offers "notify me when it can be submitted"
    assert failure.message.startswith(f"{employee.full_name}'s valid A5 or A6 or C3 visa is not on record yet.")

    # An expired visa does not count either.
    give_visa(employee, "A5", valid_to=TODAY - dt.timedelta(days=1))
    assert "principal_visa_missing" in _messages(_refusal(app, membership.user))

    # The principal's valid investor visa is recorded: the dependant's application goes in, and the
    # "principal's visa" item (invitations) is satisfied by the record, with a link instead of an upload.
    give_visa(employee, "A6", valid_to=TODAY + dt.timedelta(days=400), number="A6000777")
    if code != A5_VISA:
        row = next(
            r for r in checklist_status(Application.objects.get(pk=app.pk)) if r.requirement.code == "principal-visa"
        )
        assert row.on_record is not None
        assert "A6 visa A6000777" in row.on_record.label
        assert row.on_record.url == reverse("person-detail", args=[employee.pk])
    services.application_submit(user=membership.user, application=Application.objects.get(pk=app.pk))
    assert Application.objects.get(pk=app.pk).state == "submitted"


def test_the_principals_work_visa_counts_for_an_investor_dependant(membership, employee):
    give_visa(employee, "C3", valid_to=TODAY + dt.timedelta(days=200))
    app = investor_draft(A5_INVITATION, membership=membership, person=family_member_of(employee))
    _upload_all_but(app, membership.user)
    services.application_submit(user=membership.user, application=Application.objects.get(pk=app.pk))
    assert Application.objects.get(pk=app.pk).state == "submitted"


def test_a_family_member_is_not_asked_the_principals_petition_choice():
    assert "petitioner" in service_field_names(A5_INVITATION)
    assert "petitioner" not in service_field_names(A5_INVITATION, family_member=True)
    assert service_field_names(A5_INVITATION, family_member=True) == ["visa_pickup_place"]
    # The visa's fields are the officer's, at issue: never asked of the filer.
    assert service_field_names(A5_VISA) == []
    assert service_field_names(EXTENSION) == []


# ------------------------------------------------------------------------------------------- extension
def test_an_extension_needs_a_valid_investor_visa(membership, employee):
    give_visa(employee, "C3", valid_to=TODAY + dt.timedelta(days=20))  # a work visa is not extended here

    with pytest.raises(NotEligible) as caught:
        investor_draft(EXTENSION, membership=membership, person=employee)

    (failure,) = caught.value.failures
    assert failure.rule == "no_current_visa"
    assert failure.message == (
        f"{employee.full_name} has no valid A5 or A6 visa on record, and only a valid visa can be extended. Declare "
        f"the current visa on {employee.full_name}'s page, or file “A5 investor visa issued in Kazakhstan”."
    )
    assert not Application.objects.exists()


def test_an_extension_before_its_window_opens_is_refused_with_the_dates(membership, employee):
    visa = give_visa(employee, "A5", valid_to=TODAY + dt.timedelta(days=120), number="A5111")
    window = extension_window(visa)

    with pytest.raises(NotEligible) as caught:
        investor_draft(EXTENSION, membership=membership, person=employee)

    (failure,) = caught.value.failures
    assert failure.rule == "extension_window"
    assert f"can be filed from {window.opens:%d.%m.%Y} to {window.closes:%d.%m.%Y}" in failure.message
    assert "it is not open yet" in failure.message


def test_an_extension_after_its_window_closed_names_the_new_visa_to_file(membership, employee):
    visa = give_visa(employee, "A5", valid_to=TODAY + dt.timedelta(days=3))
    window = extension_window(visa)
    assert window.closes < TODAY

    with pytest.raises(NotEligible) as caught:
        investor_draft(EXTENSION, membership=membership, person=employee)

    (failure,) = caught.value.failures
    assert failure.rule == "extension_window"
    assert f"closed on {window.closes:%d.%m.%Y}" in failure.message
    assert "File “A5 investor visa issued in Kazakhstan” instead" in failure.message


def test_an_extension_with_another_host_party_is_refused(membership, employee):
    other = factories.OrganisationFactory(name="Previous Host Ltd")
    give_visa(employee, "A6", valid_to=TODAY + dt.timedelta(days=20), host=other)

    with pytest.raises(NotEligible) as caught:
        investor_draft(EXTENSION, membership=membership, person=employee)

    (failure,) = caught.value.failures
    assert failure.rule == "extension_host_party"
    assert "was issued for the host party Previous Host Ltd" in failure.message
    assert "With a new host party, file “A5 investor visa issued in Kazakhstan”." in failure.message


def test_the_window_is_checked_again_at_submission(membership, employee, time_machine):
    visa = give_visa(employee, "A5", valid_to=TODAY + dt.timedelta(days=20))
    app = investor_draft(EXTENSION, membership=membership, person=employee)
    _upload_all_but(app, membership.user)
    window = extension_window(visa)

    time_machine.move_to(astana(window.closes + dt.timedelta(days=1), 10))
    messages = _messages(_refusal(app, membership.user))

    assert any(f"closed on {window.closes:%d.%m.%Y}" in m for m in messages["extension_window"])


def test_the_extension_checklist_is_the_a5_in_country_list_with_the_current_visa_on_record(membership, employee):
    give_visa(employee, "A5", valid_to=TODAY + dt.timedelta(days=20), number="A5000123")
    app = investor_draft(EXTENSION, membership=membership, person=employee)
    rows = {r.requirement.code: r for r in checklist_status(Application.objects.get(pk=app.pk))}
    a5_visa = investor_draft(A5_VISA, membership=membership, person=employee)
    assert set(rows) == {r.requirement.code for r in checklist_status(Application.objects.get(pk=a5_visa.pk))}
    assert "A5 visa A5000123" in rows["current-visa-copy"].on_record.label


def test_an_arrival_notification_and_fingerprinting_certificate_on_record_are_not_asked_again(membership, employee):
    earlier = factories.c3_draft(membership=membership, person=employee)
    arrival = document_receive(
        application=earlier,
        kind="arrival_registration_confirmation",
        title="Confirmation of registration of the notification",
        content=factories.PDF_BYTES,
    )
    document_receive(
        application=earlier,
        kind="fingerprinting_certificate",
        title="Fingerprinting certificate",
        content=factories.PDF_BYTES,
    )
    app = investor_draft(A5_VISA, membership=membership, person=employee)
    rows = {r.requirement.code: r for r in checklist_status(Application.objects.get(pk=app.pk))}

    assert rows["arrival-notification"].on_record.url.endswith(f"{arrival.verification_code}/")
    assert rows["fingerprinting-certificate"].on_record is not None
    _upload_all_but(app, membership.user)
    assert app.uploads.filter(item_code__in=["arrival-notification", "fingerprinting-certificate"]).count() == 0
    services.application_submit(user=membership.user, application=Application.objects.get(pk=app.pk))
    assert Application.objects.get(pk=app.pk).state == "submitted"


# ------------------------------------------------------------------------------------------- declarations
def test_the_30_day_term_extension_exists_for_the_invitations_and_the_a5_visa_only():
    assert definition_for(A5_INVITATION).lifecycle.term_extension
    assert definition_for(A5_VISA).lifecycle.term_extension
    assert definition_for(A6_INVITATION).lifecycle.term_extension
    assert not definition_for(EXTENSION).lifecycle.term_extension


def test_who_may_file():
    from applications.registry import FilerKind

    assert definition_for(A5_INVITATION).filers == {FilerKind.HOST_PARTY}
    assert definition_for(A5_VISA).filers == {FilerKind.HOST_PARTY}
    assert definition_for(A6_INVITATION).filers == {FilerKind.HOST_PARTY, FilerKind.PERSON}
