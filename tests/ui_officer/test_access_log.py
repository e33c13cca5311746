"""Every officer read of personal data leaves an access row, single or bulk; supervisors search and export the log
(issue 6, §5)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from applications import services
from applications.constants import State
from qazeta.accounts.models import PersonalDataAccess
from qazeta.accounts.services import personal_data_access_record
from tests import factories
from tests.clock import FILING_DAY, astana

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]


def _persons(access: PersonalDataAccess) -> set[int]:
    return set(access.persons.values_list("pk", flat=True))


def _only(user, what: str) -> PersonalDataAccess:
    return PersonalDataAccess.objects.get(user=user, what=what)


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def two_submitted(make_application, membership):
    other = factories.PersonFactory(organisation=membership.organisation)
    return [make_application(State.SUBMITTED), make_application(State.SUBMITTED, person=other)]


# --------------------------------------------------------------------------------------------- bulk reads
def test_a_queue_page_is_one_access_row_naming_every_person_listed(officer_client, officer, two_submitted):
    assert officer_client.get(reverse("officer-queue")).status_code == 200

    access = _only(officer, "officer queue page 1")
    assert _persons(access) == {a.person_id for a in two_submitted}
    assert access.object_ids == {"application": sorted(a.pk for a in two_submitted)}


def test_an_empty_queue_page_logs_nothing(officer_client, officer):
    assert officer_client.get(reverse("officer-queue")).status_code == 200
    assert not PersonalDataAccess.objects.exists()


def test_the_queue_api_and_the_application_list_api_log_their_page(officer, two_submitted):
    client = _api(officer)
    assert client.get("/api/v1/queue/").status_code == 200
    assert client.get("/api/v1/applications/").status_code == 200

    expected = {a.person_id for a in two_submitted}
    assert _persons(_only(officer, "queue (API) page 1")) == expected
    assert _persons(_only(officer, "application list (API) page 1")) == expected


def test_the_application_list_page_is_logged_for_staff_only(officer_client, officer, filer, two_submitted):
    assert officer_client.get(reverse("application-list")).status_code == 200
    assert _persons(_only(officer, "application list")) == {a.person_id for a in two_submitted}

    filer_client = Client()
    filer_client.force_login(filer)
    assert filer_client.get(reverse("application-list")).status_code == 200
    assert not PersonalDataAccess.objects.filter(user=filer).exists()


def test_the_appointments_of_the_day_are_logged(client, officer, make_application):
    app = make_application(State.APPOINTMENT_BOOKED)
    day = app.appointment.slot.starts_at.date()
    client.force_login(officer)
    assert client.get(reverse("officer-appointments"), {"date": day.isoformat()}).status_code == 200
    assert _persons(_only(officer, f"appointments of {day:%d.%m.%Y}")) == {app.person_id}


def test_a_staff_roster_seen_by_an_officer_is_one_row_naming_the_staff(officer, membership):
    staff = [factories.PersonFactory(organisation=membership.organisation) for _ in range(3)]
    client = Client()
    client.force_login(officer)
    assert client.get(reverse("organisation-detail", args=[membership.organisation.pk])).status_code == 200

    access = _only(officer, f"staff roster of {membership.organisation.name}")
    assert _persons(access) == {p.pk for p in staff}
    assert access.object_ids == {"organisation": [membership.organisation.pk]}


def test_the_roster_seen_by_its_own_admin_is_not_logged(membership):
    factories.PersonFactory(organisation=membership.organisation)
    client = Client()
    client.force_login(membership.user)
    assert client.get(reverse("organisation-detail", args=[membership.organisation.pk])).status_code == 200
    assert not PersonalDataAccess.objects.exists()


def test_a_person_page_names_the_person_and_the_family_shown(officer, employee, membership):
    spouse = factories.PersonFactory(
        organisation=membership.organisation, principal=employee, relationship="spouse", given_names="JANE"
    )
    client = Client()
    client.force_login(officer)
    assert client.get(reverse("person-detail", args=[employee.pk])).status_code == 200
    assert _persons(_only(officer, "person page")) == {employee.pk, spouse.pk}


def test_the_persons_api_logs_its_list_page_and_each_person_read(supervisor, employee, membership):
    other = factories.PersonFactory(organisation=membership.organisation)
    client = _api(supervisor)
    assert client.get("/api/v1/persons/").status_code == 200
    assert client.get(f"/api/v1/persons/{employee.pk}/").status_code == 200
    assert _persons(_only(supervisor, "person list (API) page 1")) == {employee.pk, other.pk}
    assert _persons(_only(supervisor, "person (API)")) == {employee.pk}


def test_downloads_name_the_person_and_the_application(officer, filer, draft):
    factories.upload_checklist(draft, filer)
    services.application_submit(user=filer, application=draft)  # a draft is the filer's own, even for staff
    upload = draft.uploads.get(item_code="passport-copy")
    client = _api(officer)
    assert client.get(f"/api/v1/applications/{draft.pk}/uploads/{upload.pk}/file/").status_code == 200
    access = PersonalDataAccess.objects.get(user=officer)
    draft.refresh_from_db()
    assert access.what == f"upload passport-copy {draft.reference}"
    assert _persons(access) == {draft.person_id}
    assert access.object_ids == {"application": [draft.pk]}


def test_the_service_logs_staff_reads_only(officer, filer, employee):
    assert personal_data_access_record(user=filer, what="page", persons=[employee]) is None
    access = personal_data_access_record(user=officer, what="x" * 300, persons=[employee, employee.pk])
    assert len(access.what) == 200
    assert _persons(access) == {employee.pk}


# --------------------------------------------------------------------------------------------- the log page
@pytest.fixture
def logged(officer, officer2, make_application, membership):
    """Three reads: officer saw Alice on day 1, officer2 saw Bob on day 2, officer saw both on day 3."""
    alice = factories.PersonFactory(organisation=membership.organisation, surname="ALDER", given_names="ALICE")
    bob = factories.PersonFactory(organisation=membership.organisation, surname="BAKER", given_names="BOB")
    day = astana(FILING_DAY)
    with time_machine.travel(day, tick=False):
        personal_data_access_record(user=officer, what="person page", persons=[alice])
    with time_machine.travel(day + dt.timedelta(days=1), tick=False):
        personal_data_access_record(user=officer2, what="person page", persons=[bob])
    with time_machine.travel(day + dt.timedelta(days=2), tick=False):
        personal_data_access_record(user=officer, what="=HYPERLINK(1)", persons=[alice, bob])
    return alice, bob


@pytest.fixture
def logged_ids(logged) -> list[int]:
    return list(PersonalDataAccess.objects.order_by("at").values_list("pk", flat=True))


@pytest.fixture
def supervisor_client(client, supervisor):
    client.force_login(supervisor)
    return client


def _rows(response) -> list[str]:
    html = response.content.decode()
    return [line for line in html.splitlines() if line.strip().startswith('<tr id="access-')]


def test_supervisors_search_the_log_by_person(supervisor_client, logged):
    alice, _bob = logged
    response = supervisor_client.get(reverse("officer-access-log"), {"person": "alice alder"})
    assert response.status_code == 200
    assert len(_rows(response)) == 2
    assert supervisor_client.get(reverse("officer-access-log"), {"person": alice.passport_number}).status_code == 200


def test_supervisors_search_the_log_by_officer_and_by_date(supervisor_client, officer, officer2, logged_ids):
    by_officer2 = supervisor_client.get(reverse("officer-access-log"), {"officer": officer2.pk})
    assert len(_rows(by_officer2)) == 1
    day2 = (FILING_DAY + dt.timedelta(days=1)).isoformat()
    on_day2 = supervisor_client.get(reverse("officer-access-log"), {"date_from": day2, "date_to": day2})
    assert len(_rows(on_day2)) == 1
    from_day2 = supervisor_client.get(reverse("officer-access-log"), {"date_from": day2, "officer": officer.pk})
    assert [row.split('"')[1] for row in _rows(from_day2)] == [f"access-{logged_ids[2]}"]


def test_the_search_itself_is_logged_with_the_persons_it_matched(supervisor_client, supervisor, logged):
    alice, _bob = logged
    supervisor_client.get(reverse("officer-access-log"), {"person": "ALDER"})
    access = _only(supervisor, "access log page 1")
    assert _persons(access) == {alice.pk}
    assert len(access.object_ids["access"]) == 2


def test_supervisors_export_the_selected_rows_as_csv(supervisor_client, supervisor, logged):
    response = supervisor_client.get(reverse("officer-access-log"), {"person": "baker", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["at (Astana)", "officer", "officer name", "what", "persons", "shown (ids)"]
    assert [r[3] for r in rows[1:]] == ["'=HYPERLINK(1)", "person page"]  # a formula is never a formula
    assert "BAKER BOB" in rows[2][4]
    assert PersonalDataAccess.objects.filter(user=supervisor, what="access log export (CSV)").exists()


@pytest.mark.parametrize("who", ["officer", "filer"])
def test_the_access_log_is_404_to_anyone_but_supervisors(client, officer, filer, who, logged):
    client.force_login(officer if who == "officer" else filer)
    assert client.get(reverse("officer-access-log")).status_code == 404
    assert client.get(reverse("officer-access-log"), {"export": "csv"}).status_code == 404


def test_the_queue_links_the_access_log_for_supervisors_only(client, officer, supervisor):
    client.force_login(supervisor)
    assert reverse("officer-access-log") in client.get(reverse("officer-queue")).content.decode()
    client.force_login(officer)
    assert reverse("officer-access-log") not in client.get(reverse("officer-queue")).content.decode()
