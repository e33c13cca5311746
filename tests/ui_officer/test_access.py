"""Every officer URL is a 404 for applicants and employer members, and asks anonymous visitors to log in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications.constants import State
from qazeta.accounts.models import PersonalDataAccess
from tests import factories
from tests.clock import FILING_DAY, astana

# Files and submits applications, and submission quotes the fee of the day: a day whose year has an MRP.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]

#: (URL name, needs the application pk, needs an upload pk, method) for every officer URL.
OFFICER_URLS = [
    ("officer-queue", False, False, "get"),
    ("officer-appointments", False, False, "get"),
    ("officer-application", True, False, "get"),
    ("officer-panel", True, False, "get"),
    ("officer-claim", True, False, "post"),
    ("officer-assign", True, False, "post"),
    ("officer-review-document", True, True, "post"),
    ("officer-request-information", True, False, "post"),
    ("officer-approve-documents", True, False, "post"),
    ("officer-receive-originals", True, False, "post"),
    ("officer-forward", True, False, "post"),
    ("officer-issue", True, False, "post"),
    ("officer-refuse", True, False, "get"),
    ("officer-refuse", True, False, "post"),
    ("officer-extend-term", True, False, "post"),
    ("officer-cancel", True, False, "get"),
    ("officer-cancel", True, False, "post"),
]


def _url(name: str, with_pk: bool, with_upload: bool, app) -> str:
    args = [app.pk] if with_pk else []
    if with_upload:
        args.append(app.uploads.first().pk)
    return reverse(name, args=args)


@pytest.fixture
def submitted(make_application):
    return make_application(State.IN_REVIEW)


@pytest.mark.parametrize("role", ["applicant", "employer member of the host party"])
@pytest.mark.parametrize(("name", "with_pk", "with_upload", "method"), OFFICER_URLS)
def test_non_staff_get_404_on_every_officer_url(
    client, submitted, membership, role, name, with_pk, with_upload, method
):
    user = factories.UserFactory() if role == "applicant" else membership.user
    client.force_login(user)

    response = getattr(client, method)(_url(name, with_pk, with_upload, submitted))

    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.state == State.IN_REVIEW
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize(("name", "with_pk", "with_upload", "method"), OFFICER_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, submitted, name, with_pk, with_upload, method):
    response = getattr(client, method)(_url(name, with_pk, with_upload, submitted))

    assert response.status_code == 302
    assert "next=" in response["Location"]
    submitted.refresh_from_db()
    assert submitted.state == State.IN_REVIEW


@pytest.mark.parametrize("name", ["officer-queue", "officer-appointments"])
def test_staff_pages_render_for_officers_and_supervisors(client, officer, supervisor, name):
    for user in (officer, supervisor):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 200


def test_unknown_application_is_404_for_staff(officer_client):
    assert officer_client.get(reverse("officer-application", args=[999999])).status_code == 404
