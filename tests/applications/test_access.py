"""Nobody reaches an application, an uploaded document or an issued PDF they have no right to: 404, per role."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from applications.constants import State
from qazeta.accounts.constants import MembershipRole
from qazeta.accounts.models import PersonalDataAccess
from tests import factories
from tests.clock import FILING_DAY, astana

# Files and submits applications, and submission quotes the fee of the day: a day whose year has an MRP.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]


@pytest.fixture
def issued(membership, employee, officer, django_capture_on_commit_callbacks):
    """An issued C3 application of host party A with its invitation letter."""
    draft = factories.c3_draft(membership=membership, person=employee)
    with django_capture_on_commit_callbacks(execute=True):
        app = factories.advance(draft, State.ISSUED, filer=membership.user, officer=officer)
    assert app.issued_documents.count() == 1
    return app


def _urls(app) -> list[str]:
    upload = app.uploads.first()
    document = app.issued_documents.first()
    return [
        f"/api/v1/applications/{app.pk}/",
        f"/api/v1/applications/{app.pk}/uploads/{upload.pk}/file/",
        f"/api/v1/applications/{app.pk}/issued/{document.pk}/",
    ]


def _as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_member_of_another_host_party_gets_404(issued):
    other = factories.MembershipFactory()
    client = _as(other.user)
    for url in _urls(issued):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/applications/").json()["count"] == 0


def test_unrelated_self_applicant_gets_404(issued):
    stranger = factories.UserFactory()
    factories.PersonFactory(account=stranger)
    client = _as(stranger)
    for url in _urls(issued):
        assert client.get(url).status_code == 404, url


def test_employee_with_applicant_login_sees_only_their_own(issued, membership):
    colleague = factories.PersonFactory(organisation=membership.organisation)
    colleague_app = factories.c3_draft(membership=membership, person=colleague)
    login = factories.UserFactory()
    issued.person.account = login
    issued.person.save()
    client = _as(login)
    for url in _urls(issued):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/api/v1/applications/{colleague_app.pk}/").status_code == 404
    listed = [row["id"] for row in client.get("/api/v1/applications/").json()["results"]]
    assert listed == [issued.pk]
    # Seeing is not acting: the employee cannot file or submit for the host party.
    assert client.post(f"/api/v1/applications/{colleague_app.pk}/submit/").status_code == 404


def test_filer_member_of_the_same_host_party_sees_all_its_applications(issued, membership):
    filer = factories.MembershipFactory(organisation=membership.organisation, role=MembershipRole.FILER).user
    client = _as(filer)
    for url in _urls(issued):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["officer", "supervisor"])
def test_expat_centre_staff_see_every_application_and_views_are_logged(issued, role):
    staff = factories.UserFactory(**{role: True})
    client = _as(staff)
    for url in _urls(issued):
        assert client.get(url).status_code == 200, url
    assert PersonalDataAccess.objects.filter(user=staff, persons=issued.person).count() == 3


def test_anonymous_gets_401_and_no_data(issued):
    client = APIClient()
    for url in _urls(issued):
        assert client.get(url).status_code == 401, url


def test_non_staff_see_an_empty_queue(issued, membership, officer):
    factories.advance(
        factories.c3_draft(membership=membership), State.SUBMITTED, filer=membership.user, officer=officer
    )
    assert _as(officer).get("/api/v1/queue/").json()["count"] == 1
    for user in (membership.user, factories.UserFactory()):
        assert _as(user).get("/api/v1/queue/").json()["count"] == 0
        assert _as(user).get("/api/v1/queue/?state=issued").json()["count"] == 0


def test_filer_cannot_use_officer_actions(issued, membership, draft):
    client = _as(membership.user)
    app = factories.advance(draft, State.SUBMITTED, filer=membership.user, officer=factories.UserFactory(officer=True))
    r = client.post(f"/api/v1/applications/{app.pk}/assign/", {}, format="json")
    assert r.status_code == 403
    assert r.json()["code"] == "not_allowed"
