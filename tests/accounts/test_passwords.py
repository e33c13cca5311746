"""Passwords (issue 6, Accounts): change while signed in, reset by e-mail, 12 characters at least, and the
similarity validator on every path that sets one. Before: no change or reset; 8 characters; the similarity
validator never ran (no user was passed)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from qazeta.accounts import services
from qazeta.accounts.constants import SignInEventKind
from qazeta.accounts.models import SignInEvent, User
from tests import factories

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Juniper-lantern-42"


def _register(client, username: str, password: str):
    data = {"username": username, "password1": password, "password2": password, **factories.person_form()}
    return client.post(reverse("applicant-register"), data)


def _token(user) -> str:
    response = APIClient().post("/api/v1/auth/token/", {"username": user.username, "password": "pass-12345"})
    return response.json()["token"]


def test_signed_in_user_changes_the_password_and_tokens_are_revoked(client):
    user = factories.UserFactory(employer=True)
    token = _token(user)
    client.force_login(user)
    assert reverse("password_change") in client.get(reverse("account")).content.decode()

    response = client.post(
        reverse("password_change"),
        {"old_password": "pass-12345", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/persons/").status_code == 401
    assert SignInEvent.objects.filter(user=user, kind=SignInEventKind.PASSWORD_CHANGED).exists()


def test_password_change_refuses_a_short_one(client):
    user = factories.UserFactory(employer=True)
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "pass-12345", "new_password1": "Short-pw-9", "new_password2": "Short-pw-9"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()


def test_reset_by_e_mail_sets_a_new_password_and_the_answer_is_the_same_for_unknown_addresses(client):
    user = factories.UserFactory(employer=True, email="hr@example.kz")
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()

    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.kz"})
    assert unknown.status_code == 302
    assert not mail.outbox
    known = client.post(reverse("password_reset"), {"email": "hr@example.kz"})
    assert known.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)

    form_page = client.get(link.split("8000", 1)[1], follow=True)
    assert form_page.context["validlink"]
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert SignInEvent.objects.filter(user=user, kind=SignInEventKind.PASSWORD_RESET).exists()
    assert "_auth_user_id" not in client.session  # signs in afresh (staff with their code)


def test_registration_refuses_a_password_under_12_characters(client):
    response = _register(client, "petra", "Tr0mbone-77")  # 11 characters

    assert response.status_code == 400
    assert "at least 12 characters" in response.content.decode()
    assert not User.objects.filter(username="petra").exists()


def test_registration_refuses_a_password_like_the_username(client):
    response = _register(client, "petra.novakova", "petra.novakova1")

    assert response.status_code == 400
    assert "too similar" in response.content.decode()
    assert not User.objects.filter(username="petra.novakova").exists()


def test_registration_refuses_a_password_like_the_applicants_name(client):
    password = "Kovalenkova!1"
    data = {
        "username": "pn1990",
        "password1": password,
        "password2": password,
        **factories.person_form(surname="KOVALENKOVA"),
    }
    response = client.post(reverse("applicant-register"), data)

    assert response.status_code == 400
    assert "too similar" in response.content.decode()


def test_member_add_refuses_a_password_like_the_username(client, membership):
    client.force_login(membership.user)
    data = {
        "username": "aliya.hr",
        "email": "aliya@example.kz",
        "password1": "aliya.hr.2026",
        "password2": "aliya.hr.2026",
        "role": "filer",
    }
    response = client.post(reverse("member-add", args=[membership.organisation.pk]), data)
    assert response.status_code == 400
    assert "too similar" in response.content.decode()


def test_services_check_the_password_with_the_user_on_every_path(membership):
    employee = factories.PersonFactory(organisation=membership.organisation)
    with pytest.raises(ValidationError) as short:
        services.member_add(
            user=membership.user,
            organisation=membership.organisation,
            username="dana",
            email="d@example.kz",
            password="dana-2026",
            role="filer",
        )
    assert "password" in short.value.message_dict
    with pytest.raises(ValidationError) as similar:
        services.applicant_login_grant(
            user=membership.user,
            person=employee,
            username="employee.one",
            email="employee.one@example.kz",
            password="employee.one!!",
        )
    assert "too similar" in similar.value.message_dict["password"][0]
    with pytest.raises(ValidationError):
        services.staff_user_create(username="saule", email="s@ec.kz", password="saule-2026", supervisor=False)
