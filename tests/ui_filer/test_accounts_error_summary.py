"""Issue 9 on the accounts pages: a failed form answers with the page title starting "Error:" (also when the page's
form is not named ``form``: ``page_has_error``), one focusable error summary, and the forms post to
``…#error-summary`` so that without JavaScript the browser opens the answer at the summary."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from qazeta.accounts.models import Membership, Person
from tests import factories
from tests.ui_filer.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def _summary_tag(html: str) -> str:
    """The opening tag of the page's one error summary (asserts there is exactly one)."""
    assert html.count('id="error-summary"') == 1
    tag = re.search(r'<div[^>]*id="error-summary"[^>]*>', html).group(0)
    assert 'tabindex="-1"' in tag
    assert 'role="alert"' in tag
    return tag


def _action(html: str, url: str) -> str:
    """The action of the page's form that posts to ``url`` (asserts there is one)."""
    actions = re.findall(r'<form method="post" action="([^"]*)"', html)
    matching = [a for a in actions if a.split("#")[0] == url]
    assert len(matching) == 1, actions
    return matching[0]


def test_a_failed_staff_add_says_error_in_the_title_and_posts_to_the_summary(filer_client, membership, employee):
    url = reverse("staff-add", args=[membership.organisation.pk])
    page = filer_client.get(url).content.decode()
    assert not _title(page).startswith("Error:")
    assert _action(page, url) == f"{url}#error-summary"

    data = factories.person_form(passport_number=employee.passport_number, passport_issuing_state="GBR")
    response = filer_client.post(url, data)

    assert response.status_code == 400
    html = response.content.decode()
    assert _title(html).startswith("Error:")
    _summary_tag(html)
    assert _action(html, url) == f"{url}#error-summary"


@pytest.mark.parametrize("form", ["family", "login", "visa"])
def test_a_failed_form_of_the_person_page_says_error_in_the_title(filer_client, employee, form):
    """The person page's forms are ``family_form``, ``login_form`` and ``declare_form``, none named ``form``:
    the view sets ``page_has_error``."""
    urls = {
        "family": reverse("family-member-add", args=[employee.pk]),
        "login": reverse("applicant-login-grant", args=[employee.pk]),
        "visa": reverse("visa-record-declare", args=[employee.pk]),
    }
    page = filer_client.get(reverse("person-detail", args=[employee.pk])).content.decode()
    assert not _title(page).startswith("Error:")
    assert "error-summary" not in page.split("<main", 1)[1].replace("#error-summary", "")
    for url in urls.values():
        assert _action(page, url) == f"{url}#error-summary"

    invalid = {
        "family": {"family-surname": "NOVAK"},  # the other fields are missing
        "login": {
            "login-username": "john",
            "login-email": "john@example.com",
            "login-password1": PASSWORD,
            "login-password2": PASSWORD + "x",
        },
        "visa": {"visa-number": "123"},
    }[form]
    response = filer_client.post(urls[form], invalid)

    assert response.status_code == 400
    html = response.content.decode()
    assert _title(html).startswith("Error:")
    _summary_tag(html)
    assert _action(html, urls[form]) == f"{urls[form]}#error-summary"
    assert not Person.objects.filter(surname="NOVAK").exists()


def test_a_failed_member_add_says_error_in_the_title(filer_client, membership):
    org = membership.organisation
    url = reverse("member-add", args=[org.pk])
    page = filer_client.get(reverse("organisation-detail", args=[org.pk])).content.decode()
    assert not _title(page).startswith("Error:")
    assert _action(page, url) == f"{url}#error-summary"

    data = {"username": "filer2", "email": "f2@example.kz", "password1": PASSWORD, "password2": "", "role": "filer"}
    response = filer_client.post(url, data)

    assert response.status_code == 400
    html = response.content.decode()
    assert _title(html).startswith("Error:")
    _summary_tag(html)
    assert not Membership.objects.filter(user__username="filer2").exists()


def test_removing_the_last_admin_says_error_in_the_title_at_the_summary(filer_client, membership):
    assert membership.role == "admin"
    assert not Membership.objects.filter(organisation=membership.organisation, role="admin").exclude(pk=membership.pk)
    url = reverse("member-remove", args=[membership.organisation.pk, membership.pk])
    page = filer_client.get(url).content.decode()
    assert not _title(page).startswith("Error:")
    assert 'action="#error-summary"' in page

    response = filer_client.post(url)

    assert response.status_code == 400
    html = response.content.decode()
    assert _title(html).startswith("Error:")
    assert "at least one admin" in _summary_tag(html) + html
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("name", ["employer-register", "applicant-register"])
def test_a_failed_registration_says_error_in_the_title_and_posts_to_the_summary(client, name):
    url = reverse(name)
    page = client.get(url).content.decode()
    assert not _title(page).startswith("Error:")
    assert 'action="#error-summary"' in page

    response = client.post(url, {"username": "someone"})

    assert response.status_code == 400
    html = response.content.decode()
    assert _title(html).startswith("Error:")
    _summary_tag(html)
    assert 'action="#error-summary"' in html
