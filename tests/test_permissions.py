"""Issue 6 §1-2: the access rules of qazeta/permissions.py hold on every path (service, page, API).

Each test is one finding of the issue that failed before: an officer acting alone, a removed member keeping
access, holder-only actions taken by another officer, drafts read by staff, a plain filer adding staff, BIN
squatting, and a self-applicant losing her own record when she registers a host party.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from applications import services
from applications.constants import State
from applications.exceptions import ApplicationError, NotAllowed
from qazeta.accounts import services as account_services
from qazeta.accounts.constants import MembershipRole, OrganisationEventKind, VerificationStatus
from qazeta.accounts.models import Organisation, OrganisationEvent
from tests import factories
from tests.clock import FILING_DAY, astana

# Files and submits applications (the fee of the day needs a year with an MRP).
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --------------------------------------------------------------------------------------------- an officer alone
def test_an_officer_cannot_register_a_host_party_add_staff_or_file(officer, employee):
    api = _api(officer)
    r = api.post(
        "/api/v1/organisations/",
        {
            "name": "Shadow Ltd",
            "bin": factories.make_bin(),
            "aifc_registration_number": "AIFC-X",
            "registration_certificate": factories.pdf_file(),
        },
        format="multipart",
    )
    assert r.status_code == 403
    assert not Organisation.objects.filter(name="Shadow Ltd").exists()
    with pytest.raises(account_services.AccountError, match="staff do not register"):
        account_services.organisation_register(
            user=officer, name="Shadow Ltd", bin=factories.make_bin(), aifc_registration_number="AIFC-Y"
        )
    r = api.post("/api/v1/applications/", {"service": "c3-invitation", "person": employee.pk}, format="json")
    assert r.status_code in (403, 404)
    assert not employee.applications.exists()
    with pytest.raises(account_services.AccountError):
        account_services.person_add_to_roster(
            user=officer,
            organisation=employee.organisation,
            surname="X",
            sex="M",
            date_of_birth="1980-01-01",
            nationality="GBR",
            passport_number="X1",
            passport_issuing_state="GBR",
            passport_expires_on="2030-01-01",
        )


def test_a_staff_login_made_a_member_still_cannot_file_for_the_host_party(officer, membership, employee):
    # Even with a membership row (e.g. added through the database), staff never act for a host party.
    membership.organisation.memberships.create(user=officer, role=MembershipRole.ADMIN)
    with pytest.raises(NotAllowed):
        factories.c3_draft(
            membership=type(membership)(user=officer, organisation=membership.organisation), person=employee
        )
    assert not officer.has_perm("accounts.manage_roster", membership.organisation)


# --------------------------------------------------------------------------------------------- holder-only actions
def test_another_officer_cannot_take_holder_only_actions_on_any_path(membership, employee, officer, officer2):
    app = factories.advance(
        factories.c3_draft(membership=membership, person=employee),
        State.IN_REVIEW,
        filer=membership.user,
        officer=officer,
    )
    assert app.assigned_to == officer
    with pytest.raises(NotAllowed):
        services.application_refuse(user=officer2, application=app, reason="Not mine to refuse")
    r = _api(officer2).post(f"/api/v1/applications/{app.pk}/refuse/", {"reason": "No"}, format="json")
    assert r.status_code == 403
    r = _api(officer2).post(f"/api/v1/applications/{app.pk}/request-information/", {"message": "x"}, format="json")
    assert r.status_code == 403
    r = _api(officer2).post(f"/api/v1/applications/{app.pk}/extend-term/", {"days": 5, "reason": "x"}, format="json")
    assert r.status_code == 403
    assert type(app).objects.get(pk=app.pk).state == State.IN_REVIEW
    later = factories.advance(app, State.WITH_AUTHORITY, filer=membership.user, officer=officer)
    with pytest.raises(NotAllowed):
        services.application_issue(user=officer2, application=later, decision_number="N-2")
    supervisor = factories.UserFactory(supervisor=True)
    services.application_issue(user=supervisor, application=later, decision_number="N-3")  # a supervisor may


# --------------------------------------------------------------------------------------------- drafts
def test_a_draft_is_the_filing_sides_own_on_every_path(draft, officer, supervisor):
    for user in (officer, supervisor):
        assert _api(user).get(f"/api/v1/applications/{draft.pk}/").status_code == 404
        assert _page(user).get(reverse("application-detail", args=[draft.pk])).status_code == 404
        assert _page(user).get(reverse("officer-application", args=[draft.pk])).status_code == 404
        assert draft.pk not in [a["id"] for a in _api(user).get("/api/v1/applications/").json()["results"]]


# --------------------------------------------------------------------------------------------- removed members
def test_a_removed_member_loses_what_they_filed_at_once(membership, employee, officer):
    organisation = membership.organisation
    colleague = factories.MembershipFactory(organisation=organisation, role=MembershipRole.FILER)
    app = factories.c3_draft(membership=colleague, person=employee)
    factories.upload_checklist(app, colleague.user)
    upload = app.uploads.first()
    filer = colleague.user
    assert _page(filer).get(reverse("application-detail", args=[app.pk])).status_code == 200

    account_services.member_remove(user=membership.user, membership=colleague)

    page, api = _page(filer), _api(filer)
    assert page.get(reverse("application-detail", args=[app.pk])).status_code == 404
    assert page.get(reverse("upload-download", args=[app.pk, upload.pk])).status_code == 404
    assert api.get(f"/api/v1/applications/{app.pk}/").status_code == 404
    r = api.post(
        f"/api/v1/applications/{app.pk}/documents/",
        {"item": "passport-copy", "file": factories.pdf_file()},
        format="multipart",
    )
    assert r.status_code == 404
    assert api.post(f"/api/v1/applications/{app.pk}/withdraw/", {}, format="json").status_code == 404
    assert page.post(reverse("application-withdraw", args=[app.pk])).status_code == 404
    event = OrganisationEvent.objects.get(organisation=organisation, kind=OrganisationEventKind.MEMBER_REMOVED)
    assert event.detail == filer.username
    assert event.actor == membership.user


def test_admins_remove_members_and_change_roles_from_the_page_and_the_api(membership):
    organisation = membership.organisation
    colleague = factories.MembershipFactory(organisation=organisation, role=MembershipRole.FILER)
    admin = _page(membership.user)
    confirm = admin.get(reverse("member-remove", args=[organisation.pk, colleague.pk]))
    assert "lose access" in confirm.content.decode()
    r = _api(membership.user).patch(
        f"/api/v1/organisations/{organisation.pk}/members/{colleague.pk}/", {"role": "admin"}, format="json"
    )
    assert r.status_code == 200
    assert r.json()["role"] == "admin"
    assert admin.post(reverse("member-remove", args=[organisation.pk, colleague.pk])).status_code == 302
    assert not organisation.memberships.filter(pk=colleague.pk).exists()
    page = admin.get(reverse("organisation-detail", args=[organisation.pk])).content.decode()
    assert "Member removed" in page
    # The last admin cannot be removed, and a filer manages nobody.
    r = _api(membership.user).delete(f"/api/v1/organisations/{organisation.pk}/members/{membership.pk}/")
    assert r.status_code == 400
    filer = factories.MembershipFactory(organisation=organisation, role=MembershipRole.FILER)
    r = _api(filer.user).delete(f"/api/v1/organisations/{organisation.pk}/members/{membership.pk}/")
    assert r.status_code == 403


def test_a_plain_filer_cannot_add_staff_to_the_roster(membership):
    filer = factories.MembershipFactory(organisation=membership.organisation, role=MembershipRole.FILER)
    r = _api(filer.user).post(
        "/api/v1/persons/",
        {
            "organisation": membership.organisation.pk,
            "surname": "DOE",
            "sex": "F",
            "date_of_birth": "1990-01-01",
            "nationality": "GBR",
            "passport_number": "P9999999",
            "passport_issuing_state": "GBR",
            "passport_expires_on": "2031-01-01",
        },
        format="json",
    )
    assert r.status_code == 400
    assert "admin" in str(r.json())
    assert not membership.organisation.staff.filter(surname="DOE").exists()


# --------------------------------------------------------------------------------------------- BIN squatting
def test_a_registered_bin_cannot_be_registered_again_and_a_dispute_goes_to_a_supervisor(membership):
    squatter = factories.UserFactory(username="squatter")
    with pytest.raises(account_services.AccountError, match="already registered"):
        account_services.organisation_register(
            user=squatter, name="Copy", bin=membership.organisation.bin, aifc_registration_number="AIFC-COPY"
        )
    dispute = account_services.bin_dispute_open(
        user=squatter, bin=membership.organisation.bin, organisation_name="The real company", message="I am its CEO."
    )
    assert dispute.organisation == membership.organisation


def test_a_new_host_party_prepares_drafts_but_submits_only_once_verified(officer):
    admin = factories.UserFactory(role="employer")
    organisation = account_services.organisation_register(
        user=admin,
        name="New Ltd",
        bin=factories.make_bin(),
        aifc_registration_number="AIFC-NEW",
        registration_certificate=factories.pdf_file("certificate.pdf"),
    )
    assert organisation.verification_status == VerificationStatus.PENDING
    person = factories.PersonFactory(organisation=organisation)
    membership = organisation.memberships.get(user=admin)
    draft = factories.c3_draft(membership=membership, person=person)
    factories.upload_checklist(draft, admin)
    with pytest.raises(ApplicationError) as excinfo:
        services.application_submit(user=admin, application=draft)
    assert excinfo.value.code == "host_party_not_verified"

    with pytest.raises(account_services.AccountError, match="reason"):
        account_services.organisation_verify(user=officer, organisation=organisation, verified=False)
    account_services.organisation_verify(
        user=officer, organisation=organisation, verified=False, note="The certificate is unreadable."
    )
    page = _page(admin).get(reverse("organisation-detail", args=[organisation.pk])).content.decode()
    assert "The certificate is unreadable." in page
    r = _api(officer).post(f"/api/v1/organisations/{organisation.pk}/verify/", {"verified": True}, format="json")
    assert r.status_code == 200
    assert r.json()["verification_status"] == "verified"
    submitted = services.application_submit(user=admin, application=draft)
    assert submitted.state == State.SUBMITTED
    assert (
        _api(admin)
        .post(f"/api/v1/organisations/{organisation.pk}/verify/", {"verified": True}, format="json")
        .status_code
        == 404
    )


# --------------------------------------------------------------------------------------------- self-applicants
def test_a_self_applicant_who_registers_a_host_party_keeps_her_own_record():
    user = factories.UserFactory(username="maria")
    person = factories.PersonFactory(account=user, organisation=None)
    account_services.organisation_register(
        user=user, name="Maria Consulting", bin=factories.make_bin(), aifc_registration_number="AIFC-M"
    )
    user.refresh_from_db()
    assert user.role == "employer"
    assert _page(user).get(reverse("person-detail", args=[person.pk])).status_code == 200
    assert _api(user).get(f"/api/v1/persons/{person.pk}/").status_code == 200


def test_the_aifc_certificate_gets_every_upload_check():
    # A PDF that is also a web page passes a magic-byte check; the full checks of qazeta.uploads refuse it.
    polyglot = factories.pdf_document(
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
        header=b"%PDF-1.7\n%<html><body><script>alert(1)</script>\n",
    )
    admin = factories.UserFactory(role="employer")
    with pytest.raises(account_services.AccountError) as excinfo:
        account_services.organisation_register(
            user=admin,
            name="Polyglot Ltd",
            bin=factories.make_bin(),
            aifc_registration_number="AIFC-P",
            registration_certificate=factories.pdf_file("certificate.pdf", polyglot),
        )
    assert excinfo.value.field == "registration_certificate"
    assert not Organisation.objects.filter(name="Polyglot Ltd").exists()
