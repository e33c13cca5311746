"""The work visa rules, each with its refusal and message: a family member waits for the principal's valid C3
visa (and may ask to be told), an extension only inside its window and with the same host party (told before
typing), items satisfied by what the portal holds, the 30-day term extension only where the guide writes it, the
principal's own fields never asked of a family member, the passport rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from applications import services
from applications.constants import State
from applications.exceptions import NotEligible, SubmissionRefused
from applications.models import Application, SubmissionWatch
from applications.registry import definition_for
from qazeta.records.models import VisaRecord
from tests import factories

from .conftest import TODAY, VISA_FIELDS, api_client_for, c3_fields, logged_in, visa_draft, visa_expiring_in, visa_scan

pytestmark = pytest.mark.django_db


def _upload_all_but(application: Application, user, *skip: str) -> None:
    for req in application.service.checklist(application.checklist_facts()):
        if req.required and req.code not in skip:
            services.document_upload(user=user, application=application, item_code=req.code, file=factories.pdf_file())


def _submit_failures(application: Application, user) -> list:
    with pytest.raises(SubmissionRefused) as refused:
        services.application_submit(user=user, application=Application.objects.get(pk=application.pk))
    return refused.value.failures


# ------------------------------------------------------------------------------------- family member waits
def _principal_and_dependant(membership, employee, spouse, officer, service="c3-visa"):
    principal = visa_draft(membership, employee, service)
    principal = factories.advance(principal, State.WITH_AUTHORITY, filer=membership.user, officer=officer)
    dependant = visa_draft(membership, spouse, service, principal_application=principal)
    _upload_all_but(dependant, membership.user, "consent-personal-data", "principal-work-visa")
    return principal, dependant


def test_a_family_member_waits_for_the_principals_valid_visa_and_is_told_when_it_is_recorded(
    membership, employee, spouse, officer, django_capture_on_commit_callbacks
):
    principal, dependant = _principal_and_dependant(membership, employee, spouse, officer)

    missing, failure = _submit_failures(dependant, membership.user)
    assert failure.rule == "principal_visa_missing"
    assert failure.waits is True
    assert (missing.rule, missing.item, missing.waits) == ("document_missing", "principal-work-visa", False)
    assert failure.message.startswith(f"{employee.full_name}'s valid C3 visa is not on record yet.")

    # The draft page says it waits and offers to notify the filer; the filer asks.
    filer = logged_in(membership.user)
    page = filer.get(reverse("application-detail", args=[dependant.pk])).content.decode()
    assert "This application waits:" in page
    assert "Notify me when it can be submitted" in page
    assert filer.post(reverse("application-watch", args=[dependant.pk])).status_code == 302
    assert SubmissionWatch.objects.filter(application=dependant, notified_at__isnull=True).exists()
    page = filer.get(reverse("application-detail", args=[dependant.pk])).content.decode()
    assert "We will e-mail you as soon as it can be submitted." in page

    # The principal's visa is issued and recorded: the filer is e-mailed once, and the draft can go.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_issue(
            user=officer,
            application=Application.objects.get(pk=principal.pk),
            decision_number="MS-1",
            fields=VISA_FIELDS,
            attachments={"c3_visa": visa_scan()},
        )
    assert VisaRecord.objects.get(person=employee).number == "C30012345"
    assert SubmissionWatch.objects.get(application=dependant).notified_at is not None
    (notice,) = [m for m in mail.outbox if "can now be submitted" in m.subject]
    assert membership.user.email in notice.to
    # The principal's visa now stands for the "principal's valid work visa" item.
    row = {
        r["code"]: r
        for r in api_client_for(membership.user).get(f"/api/v1/applications/{dependant.pk}/").json()["checklist"]
    }
    assert row["principal-work-visa"]["status"] == "on_record"
    assert row["principal-work-visa"]["on_record"]["label"].endswith("C3 visa C30012345, valid 02.03.2026–01.03.2028")
    submitted = services.application_submit(user=membership.user, application=Application.objects.get(pk=dependant.pk))
    assert submitted.state == State.SUBMITTED


def test_an_expired_principal_visa_does_not_count(membership, employee, spouse, officer):
    factories.VisaRecordFactory(person=employee, valid_from=dt.date(2024, 1, 1), valid_to=TODAY - dt.timedelta(days=1))
    _principal, dependant = _principal_and_dependant(membership, employee, spouse, officer)
    assert [f.rule for f in _submit_failures(dependant, membership.user)] == [
        "document_missing",
        "principal_visa_missing",
    ]


def test_the_c3_invitations_dependant_waits_for_the_principals_visa_too(membership, employee, spouse, officer):
    principal = factories.c3_draft(membership=membership, person=employee)
    principal = factories.advance(principal, State.SUBMITTED, filer=membership.user, officer=officer)
    dependant = factories.c3_draft(membership=membership, person=spouse, principal=principal)
    _upload_all_but(dependant, membership.user, "consent-personal-data", "principal-work-visa")
    codes = {f.rule: f for f in _submit_failures(dependant, membership.user)}
    assert set(codes) == {"principal_visa_missing", "document_missing"}
    assert codes["principal_visa_missing"].waits is True
    assert codes["document_missing"].item == "principal-work-visa"

    factories.VisaRecordFactory(person=employee)
    # On record now: the item needs no upload, and the application goes.
    submitted = services.application_submit(user=membership.user, application=Application.objects.get(pk=dependant.pk))
    assert submitted.state == State.SUBMITTED


# ------------------------------------------------------------------------------------- extension preconditions
def _not_eligible(membership, person) -> list:
    with pytest.raises(NotEligible) as refused:
        visa_draft(membership, person, "c3-extension")
    return refused.value.failures


def _told_before_typing(membership, person) -> str:
    page = logged_in(membership.user).get(reverse("application-new") + f"?service=c3-extension&person={person.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "This service cannot be filed for this person now" in html
    return html


def test_an_extension_before_its_window_is_refused_and_says_when_it_opens(membership, employee):
    record = visa_expiring_in(employee, 60)
    (failure,) = _not_eligible(membership, employee)
    assert failure.rule == "extension_window"
    assert "it is not open yet" in failure.message
    assert f"valid {record.valid_from:%d.%m.%Y}–{record.valid_to:%d.%m.%Y}" in failure.message
    assert "it is not open yet" in _told_before_typing(membership, employee)
    assert not Application.objects.exists()


def test_an_extension_after_its_window_is_refused_and_names_the_new_visa(membership, employee):
    visa_expiring_in(employee, 3)
    (failure,) = _not_eligible(membership, employee)
    assert failure.rule == "extension_window"
    assert "closed on" in failure.message
    assert "File “C3 work visa issued in Kazakhstan” instead" in failure.message
    assert "C3 work visa issued in Kazakhstan" in _told_before_typing(membership, employee)


def test_an_extension_with_another_host_party_is_refused(membership, employee):
    other = factories.OrganisationFactory(name="Previous Employer LLP")
    visa_expiring_in(employee, 20, host_party=other)
    (failure,) = _not_eligible(membership, employee)
    assert failure.rule == "extension_host_party"
    assert "was issued for the host party Previous Employer LLP" in failure.message
    assert "With a new host party, file “C3 work visa issued in Kazakhstan”." in failure.message
    assert "Previous Employer LLP" in _told_before_typing(membership, employee)


def test_an_extension_without_a_visa_on_record_is_refused(membership, employee):
    (failure,) = _not_eligible(membership, employee)
    assert failure.rule == "no_current_visa"
    assert f"{employee.full_name} has no valid C3 visa on record" in failure.message
    assert "has no valid C3 visa on record" in _told_before_typing(membership, employee)


def test_an_extension_refused_over_the_api_lists_the_reasons(membership, employee):
    r = api_client_for(membership.user).post(
        "/api/v1/applications/",
        {"service": "c3-extension", "person": employee.pk, "validity_years": 2, "consent": True},
        format="json",
    )
    assert r.status_code == 400, r.content
    assert [e["rule"] for e in r.json()["errors"]] == ["no_current_visa"]


def test_an_extension_inside_its_window_with_the_same_host_party_opens(membership, employee):
    visa_expiring_in(employee, 20)
    page = logged_in(membership.user).get(reverse("application-new") + f"?service=c3-extension&person={employee.pk}")
    assert "This service cannot be filed for this person now" not in page.content.decode()
    assert visa_draft(membership, employee, "c3-extension").state == State.DRAFT


def test_an_extension_whose_window_closed_while_it_was_a_draft_is_refused_at_submission(membership, employee, clock):
    record = visa_expiring_in(employee, 20)
    draft = visa_draft(membership, employee, "c3-extension")
    _upload_all_but(draft, membership.user, "consent-personal-data", "current-visa-copy")
    clock.move_to(dt.datetime.combine(record.valid_to - dt.timedelta(days=1), dt.time(9), tzinfo=dt.UTC))
    assert "extension_window" in {f.rule for f in _submit_failures(draft, membership.user)}


# ------------------------------------------------------------------------------------- references
def test_the_arrival_notification_on_record_is_not_asked_again(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    arrival = factories.file_draft(
        "arrival-notification",
        membership=membership,
        person=employee,
        notification_kind="arrival",
        event_date=TODAY - dt.timedelta(days=2),
        address="Astana, Kabanbay Batyr Ave 11, flat 5",
        stay_until=dt.date(2027, 3, 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        factories.advance(
            arrival,
            State.ISSUED,
            filer=membership.user,
            officer=officer,
            issue={"fields": {"registration_number": "KZ-REG-0042"}},
        )
    confirmation = arrival.issued_documents.get(kind="arrival_registration_confirmation")

    draft = visa_draft(membership, employee)
    detail = api_client_for(membership.user).get(f"/api/v1/applications/{draft.pk}/").json()
    rows = {r["code"]: r for r in detail["checklist"]}
    assert rows["arrival-notification"]["status"] == "on_record"
    verify = reverse("verify", args=[confirmation.verification_code])
    assert rows["arrival-notification"]["on_record"]["url"] == verify
    assert rows["fingerprinting-certificate"]["status"] == "missing"
    page = logged_in(membership.user).get(reverse("application-detail", args=[draft.pk])).content.decode()
    assert f'href="{verify}"' in page
    assert APIClient().get(verify).status_code == 200

    # Submission does not ask for it: everything else uploaded, it goes.
    _upload_all_but(draft, membership.user, "consent-personal-data", "arrival-notification")
    submitted = services.application_submit(user=membership.user, application=Application.objects.get(pk=draft.pk))
    assert submitted.state == State.SUBMITTED
    assert not submitted.uploads.filter(item_code="arrival-notification").exists()


def test_another_persons_arrival_notification_does_not_count(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    colleague = factories.PersonFactory(organisation=membership.organisation)
    arrival = factories.file_draft(
        "arrival-notification",
        membership=membership,
        person=colleague,
        notification_kind="arrival",
        event_date=TODAY - dt.timedelta(days=2),
        address="Astana, Kabanbay Batyr Ave 11, flat 5",
        stay_until=dt.date(2027, 3, 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        factories.advance(
            arrival,
            State.ISSUED,
            filer=membership.user,
            officer=officer,
            issue={"fields": {"registration_number": "R1"}},
        )
    draft = visa_draft(membership, employee)
    _upload_all_but(draft, membership.user, "consent-personal-data", "arrival-notification")
    failures = _submit_failures(draft, membership.user)
    assert [(f.rule, f.item) for f in failures] == [("document_missing", "arrival-notification")]
    assert failures[0].message == "Upload “Arrival notification”."


# ------------------------------------------------------------------------------------- term extension
def test_the_30_day_term_extension_exists_for_the_c3_visa_and_not_for_its_extension(membership, employee, officer):
    assert definition_for("c3-invitation").lifecycle.term_extension is True
    assert definition_for("c3-visa").lifecycle.term_extension is True
    assert definition_for("c3-extension").lifecycle.term_extension is False

    visa = factories.advance(visa_draft(membership, employee), State.IN_REVIEW, filer=membership.user, officer=officer)
    staff = api_client_for(officer)
    actions = {a["name"] for a in staff.get(f"/api/v1/applications/{visa.pk}/").json()["actions"]}
    assert "extend_term" in actions
    extended = services.application_extend_term(
        user=officer, application=visa, days=10, reason="The Migration Service is late."
    )
    assert extended.term_extension_days == 10

    visa_expiring_in(employee, 20)
    extension = factories.advance(
        visa_draft(membership, employee, "c3-extension"), State.IN_REVIEW, filer=membership.user, officer=officer
    )
    actions = {a["name"] for a in staff.get(f"/api/v1/applications/{extension.pk}/").json()["actions"]}
    assert "extend_term" not in actions
    r = staff.post(f"/api/v1/applications/{extension.pk}/extend-term/", {"days": 5, "reason": "x"}, format="json")
    assert r.status_code in (400, 409), r.content


# ------------------------------------------------------------------------------------- principal's own fields
@pytest.mark.parametrize("service", ["c3-invitation", "c3-visa"])
def test_the_filing_form_asks_no_position_of_a_family_member(membership, employee, spouse, service):
    client = logged_in(membership.user)
    base = reverse("application-new") + f"?service={service}"
    assert 'name="position"' in client.get(f"{base}&person={employee.pk}").content.decode()
    html = client.get(f"{base}&person={spouse.pk}").content.decode()
    assert 'name="position"' not in html
    assert 'name="contract_ends_on"' not in html


def test_a_position_given_for_a_family_member_is_refused(membership, spouse):
    with pytest.raises(Exception, match="“position” is not a field of this service"):
        factories.file_draft("c3-visa", membership=membership, person=spouse, **c3_fields())


def test_a_principal_must_state_the_position(membership, employee):
    draft = visa_draft(membership, employee, position="")
    _upload_all_but(draft, membership.user, "consent-personal-data")
    (failure,) = _submit_failures(draft, membership.user)
    assert failure.rule == "position_required"
    assert failure.message == "State the employee's position under the employment contract."


# ------------------------------------------------------------------------------------- passport
def test_the_passport_must_be_valid_more_than_3_months_with_2_blank_pages(membership):
    person = factories.PersonFactory(organisation=membership.organisation, passport_expires_on=dt.date(2026, 5, 20))
    draft = visa_draft(membership, person, passport_blank_pages=1)
    _upload_all_but(draft, membership.user, "consent-personal-data")
    messages = {f.rule: f.message for f in _submit_failures(draft, membership.user)}
    assert messages == {
        "passport_validity": "The passport must be valid for more than 3 months after submission "
        "(it expires on 20.05.2026; it must expire after 02.06.2026).",
        "blank_pages": "The passport needs at least 2 blank pages; 1 declared.",
    }
