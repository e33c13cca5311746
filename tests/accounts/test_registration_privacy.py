"""Registration does not tell which usernames exist (issue 6, Accounts): one answer for a username in use or
reserved, and an address that keeps trying usernames in use is paused. Before: "This username is taken."."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qazeta.accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "Juniper-lantern-42"


def _employer(username: str, **overrides: str) -> dict[str, str]:
    return {
        "username": username,
        "email": "hr@example.kz",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "organisation_name": "Steppe Capital Ltd",
        "bin": factories.make_bin(),
        "aifc_registration_number": "AIFC-190640",
        "registration_certificate": factories.pdf_file("aifc-certificate.pdf"),
        **overrides,
    }


def _errors(response) -> list[str]:
    form = response.context["form"]
    return [str(e) for e in form.errors.get("username", [])]


def test_a_username_in_use_gets_the_same_answer_as_a_reserved_one(client):
    factories.UserFactory(username="hr-admin")

    existing = client.post(reverse("employer-register"), _employer("hr-admin"), REMOTE_ADDR="203.0.113.9")
    reserved = client.post(reverse("employer-register"), _employer("administrator"), REMOTE_ADDR="203.0.113.9")

    assert existing.status_code == reserved.status_code == 400
    assert _errors(existing) == _errors(reserved) == ["This username cannot be used. Choose another."]
    for response in (existing, reserved):
        body = response.content.decode().lower()
        assert "taken" not in body
        assert "exists" not in body


def test_an_address_that_keeps_trying_usernames_in_use_is_paused(client):
    for n in range(5):
        factories.UserFactory(username=f"taken{n}")
        client.post(reverse("employer-register"), _employer(f"taken{n}"), REMOTE_ADDR="203.0.113.10")

    paused = client.post(reverse("employer-register"), _employer("brand-new-user"), REMOTE_ADDR="203.0.113.10")
    elsewhere = client.post(reverse("employer-register"), _employer("brand-new-user"), REMOTE_ADDR="192.0.2.1")

    assert paused.status_code == 429
    assert "Too many registration attempts" in paused.content.decode()
    assert elsewhere.status_code == 302
    assert User.objects.filter(username="brand-new-user").count() == 1


def test_applicant_registration_answers_the_same_way(client):
    factories.UserFactory(username="maria")
    data = {
        "username": "maria",
        "email": "m@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "surname": "GARCIA",
        "sex": "F",
        "date_of_birth": "1992-02-14",
        "nationality": "ESP",
        "passport_number": "PAB654321",
        "passport_issuing_state": "ESP",
        "passport_expires_on": "2031-01-01",
    }
    response = client.post(reverse("applicant-register"), data)
    assert response.status_code == 400
    assert _errors(response) == ["This username cannot be used. Choose another."]


def test_the_login_page_answers_the_same_for_an_unknown_username_and_a_wrong_password(client):
    factories.UserFactory(username="known")
    unknown = client.post(reverse("login"), {"username": "unknown", "password": "whatever-123"})
    wrong = client.post(reverse("login"), {"username": "known", "password": "whatever-123"})
    assert unknown.context["form"].non_field_errors() == wrong.context["form"].non_field_errors()
