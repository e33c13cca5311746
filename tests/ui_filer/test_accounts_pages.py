"""Registration, the organisation page, the staff roster with the MRZ fill, family members and logins."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from qazeta.accounts.constants import MembershipRole, Role
from qazeta.accounts.models import Membership, Organisation, Person, User
from tests import factories
from tests.ui_filer.conftest import PASSWORD, SPECIMEN_MRZ

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _employer_form(bin_: str, **overrides: str) -> dict[str, str]:
    return {
        "username": "hr-admin",
        "email": "hr@example.kz",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "organisation_name": "Steppe Capital Ltd",
        "bin": bin_,
        "aifc_registration_number": "AIFC-190640",
        "address": "55/17 Mangilik El Ave",
        "registration_certificate": factories.pdf_file("aifc-certificate.pdf"),
        **overrides,
    }


def test_employer_registration_creates_the_login_the_organisation_and_admin_membership():
    client = Client()
    response = client.post(reverse("employer-register"), _employer_form(factories.make_bin()))
    organisation = Organisation.objects.get(name="Steppe Capital Ltd")
    assert response.status_code == 302
    assert response["Location"] == reverse("organisation-detail", args=[organisation.pk])
    user = User.objects.get(username="hr-admin")
    assert user.role == Role.EMPLOYER
    assert Membership.objects.get(user=user, organisation=organisation).role == MembershipRole.ADMIN
    # Logged in straight away.
    assert client.get(reverse("organisation-list")).status_code == 302


def test_employer_registration_with_a_wrong_bin_check_digit_shows_the_error_and_creates_nothing():
    good = factories.make_bin()
    bad = good[:11] + str((int(good[11]) + 1) % 10)
    response = Client().post(reverse("employer-register"), _employer_form(bad))
    assert response.status_code == 400
    assert "check digit" in response.content.decode()
    assert not User.objects.filter(username="hr-admin").exists()
    assert not Organisation.objects.exists()


def test_applicant_self_registration_creates_the_login_and_the_person():
    data = {"username": "petra", "password1": PASSWORD, "password2": PASSWORD, **factories.person_form()}
    response = Client().post(reverse("applicant-register"), data)
    assert response.status_code == 302
    user = User.objects.get(username="petra")
    assert user.role == Role.APPLICANT
    assert Person.objects.get(account=user).passport_number == "45123987"


def test_organisation_page_lists_members_and_roster_with_passport_expiry(filer_client, membership, employee):
    response = filer_client.get(reverse("organisation-detail", args=[membership.organisation.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert membership.user.username in body
    assert employee.full_name in body
    assert employee.passport_expires_on.strftime("%d.%m.%Y") in body
    assert "Add a member" in body  # the user is an admin


def test_organisation_list_goes_to_the_only_organisation(filer_client, membership):
    response = filer_client.get(reverse("organisation-list"))
    assert response["Location"] == reverse("organisation-detail", args=[membership.organisation.pk])


def test_another_organisations_page_and_staff_are_404(other_client, membership, employee):
    assert other_client.get(reverse("organisation-detail", args=[membership.organisation.pk])).status_code == 404
    assert other_client.get(reverse("staff-add", args=[membership.organisation.pk])).status_code == 404
    assert other_client.get(reverse("person-detail", args=[employee.pk])).status_code == 404


def test_admin_adds_a_member_and_a_filer_cannot(filer_client, membership):
    org = membership.organisation
    data = {
        "username": "filer2",
        "email": "f2@example.kz",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "role": "filer",
    }
    response = filer_client.post(reverse("member-add", args=[org.pk]), data)
    assert response.status_code == 302
    new = Membership.objects.get(user__username="filer2", organisation=org)
    assert new.role == MembershipRole.FILER

    filer2 = Client()
    filer2.force_login(new.user)
    refused = filer2.post(reverse("member-add", args=[org.pk]), {**data, "username": "filer3"})
    assert refused.status_code == 403
    assert "Only an admin" in refused.content.decode()
    assert not User.objects.filter(username="filer3").exists()


def test_mrz_fill_with_htmx_returns_the_filled_passport_fields(filer_client, membership):
    response = filer_client.post(
        reverse("staff-mrz", args=[membership.organisation.pk]), {"mrz": "\n".join(SPECIMEN_MRZ)}, **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body  # the fragment only
    assert 'value="ERIKSSON"' in body
    assert 'value="ANNA MARIA"' in body
    assert 'value="L898902C3"' in body
    assert 'value="1974-08-12"' in body
    assert 'value="UTO"' in body
    # The specimen expired on 15 April 2012: filled, but flagged.
    assert 'value="2012-04-15"' in body
    assert "This passport expired on 15.04.2012" in body
    assert not Person.objects.filter(passport_number="L898902C3").exists()  # nothing is saved by a fill


def test_mrz_fill_without_javascript_renders_the_whole_page(filer_client, membership):
    response = filer_client.post(
        reverse("staff-mrz", args=[membership.organisation.pk]), {"mrz": "\n".join(SPECIMEN_MRZ), "position": "CFO"}
    )
    body = response.content.decode()
    assert "<html" in body
    assert 'value="ERIKSSON"' in body
    assert 'value="CFO"' in body  # what the user had typed is kept


def test_mrz_with_a_corrupted_check_digit_shows_the_error_next_to_its_field(filer_client, membership):
    line2 = SPECIMEN_MRZ[1][:9] + "5" + SPECIMEN_MRZ[1][10:]  # passport number check digit 6 → 5
    response = filer_client.post(
        reverse("staff-mrz", args=[membership.organisation.pk]), {"mrz": f"{SPECIMEN_MRZ[0]}\n{line2}"}, **HTMX
    )
    body = response.content.decode()
    # 200: htmx swaps only 2xx answers, and the findings are the fragment's content.
    assert response.status_code == 200
    assert 'id="id_passport_number-mrz-error"' in body
    error_at = body.index('id="id_passport_number-mrz-error"')
    assert "check digit of the passport number" in body[error_at : error_at + 300]
    assert 'id="id_date_of_birth-mrz-error"' not in body


def test_mrz_fill_of_garbage_reports_the_whole_mrz(filer_client, membership):
    response = filer_client.post(reverse("staff-mrz", args=[membership.organisation.pk]), {"mrz": "hello"}, **HTMX)
    assert response.status_code == 200
    assert 'id="mrz-error"' in response.content.decode()


def test_staff_add_creates_the_person_on_the_roster(filer_client, membership):
    response = filer_client.post(reverse("staff-add", args=[membership.organisation.pk]), factories.person_form())
    person = Person.objects.get(passport_number="45123987")
    assert response["Location"] == reverse("person-detail", args=[person.pk])
    assert person.organisation == membership.organisation


def test_staff_add_refuses_a_passport_already_registered(filer_client, membership, employee):
    data = factories.person_form(passport_number=employee.passport_number, passport_issuing_state="GBR")
    response = filer_client.post(reverse("staff-add", args=[membership.organisation.pk]), data)
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert Person.objects.filter(passport_number=employee.passport_number).count() == 1


def test_family_member_is_added_to_an_employee(filer_client, employee):
    data = {f"family-{k}": v for k, v in factories.person_form(position="").items()}
    data["family-relationship"] = "spouse"
    response = filer_client.post(reverse("family-member-add", args=[employee.pk]), data)
    assert response.status_code == 302
    spouse = Person.objects.get(passport_number="45123987")
    assert spouse.principal == employee
    assert spouse.relationship == "spouse"
    assert spouse.organisation == employee.organisation
    assert spouse.full_name in filer_client.get(reverse("person-detail", args=[employee.pk])).content.decode()


def test_admin_grants_an_employee_an_applicant_login(filer_client, employee):
    data = {
        "login-username": "john",
        "login-email": "john@example.com",
        "login-password1": PASSWORD,
        "login-password2": PASSWORD,
    }
    response = filer_client.post(reverse("applicant-login-grant", args=[employee.pk]), data)
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.account.username == "john"
    assert employee.account.role == Role.APPLICANT


def test_login_and_logout_pages_work(filer):
    client = Client()
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": filer.username, "password": "pass-12345"})
    assert response.status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("application-list")).status_code == 302  # logged out: sent to log in


def test_an_empty_or_wrong_login_shows_the_error_summary_and_keeps_the_username(filer):
    """The browser does not block the form (``novalidate``): the server's error summary names each empty field,
    and a wrong password says so without losing the username typed."""
    client = Client()
    empty = client.post(reverse("login") + "?next=/applications/", {"username": "", "password": ""}).content.decode()
    assert 'id="error-summary"' in empty
    assert '<a href="#id_username">' in empty
    assert '<a href="#id_password">' in empty
    assert 'action="/accounts/login/?next=/applications/#error-summary"' in empty

    wrong = client.post(reverse("login"), {"username": filer.username, "password": "not-it"}).content.decode()
    assert 'id="error-summary"' in wrong
    assert "enter a correct username and password" in wrong
    assert f'value="{filer.username}"' in wrong
    assert "_auth_user_id" not in client.session


def test_mrz_fill_without_javascript_answers_the_whole_page_with_400(filer_client, membership):
    response = filer_client.post(reverse("staff-mrz", args=[membership.organisation.pk]), {"mrz": "hello"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "<html" in body
    assert 'id="mrz-error"' in body
