"""Issue 7, "The employer sees what is coming": the staff roster and the employer's dashboard show each person's
current visa with its days left, an exit visa's leave-by day, and the visas entering their extension window in
the next 30 days with a "file the extension" link prefilled from the record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qazeta.records.extensions import extension_service_code
from qazeta.records.models import RecordSource, VisaRecord
from tests import factories
from tests.clock import astana

from .conftest import TODAY, visa

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(TODAY))]


@pytest.fixture
def staff(host, calendar):
    """Four employees: a visa far from expiry, one in its window today, a B3 whose window opens within 30 days,
    one whose window opens later than that; and one leaving on an exit visa."""
    admin, _filer = host
    org = admin.organisation
    far, in_window, soon, later, leaving = (factories.PersonFactory(organisation=org) for _ in range(5))
    records = {
        "far": visa(far, valid_to=TODAY + dt.timedelta(days=200), number="C3FAR0001"),
        "in_window": visa(in_window, valid_to=calendar.add_working_days(TODAY, 20), number="C3WIN0001"),
        "soon": visa(
            soon, category="B3", entries="multiple", valid_to=calendar.add_working_days(TODAY, 45), number="B3SOON01"
        ),
        "later": visa(later, valid_to=TODAY + dt.timedelta(days=150), number="C3LATER01"),
        "exit": visa(leaving, category="EXIT", valid_from=TODAY, valid_to=TODAY + dt.timedelta(days=12), number="EX1"),
    }
    return admin, records


def _windows_section(html: str) -> str:
    start = html.index('id="windows-ahead"')
    return html[start : html.index("</section>", start)]


def test_roster_shows_each_current_visa_with_days_left_and_the_exit_visas_leave_by_day(client, staff):
    admin, records = staff
    client.force_login(admin.user)
    html = client.get(reverse("organisation-detail", args=[admin.organisation.pk])).content.decode()
    far = records["far"]
    assert "C3 C3FAR0001" in html
    assert f"valid to {far.valid_to:%d.%m.%Y}" in html
    assert "200 days left" in html
    assert f"exit visa: must leave by {records['exit'].valid_to:%d.%m.%Y}" in html


def test_roster_marks_a_declared_visa_awaiting_confirmation(client, host):
    admin, _filer = host
    person = factories.PersonFactory(organisation=admin.organisation)
    visa(person, valid_to=TODAY + dt.timedelta(days=100), source=RecordSource.DECLARED)
    client.force_login(admin.user)
    html = client.get(reverse("organisation-detail", args=[admin.organisation.pk])).content.decode()
    assert "100 days left" in html
    assert "declared, awaiting the Expat Centre&#x27;s confirmation" in html


def test_roster_lists_the_windows_of_the_next_30_days_with_their_dates_and_the_extension_link(client, staff, calendar):
    admin, records = staff
    client.force_login(admin.user)
    section = _windows_section(
        client.get(reverse("organisation-detail", args=[admin.organisation.pk])).content.decode()
    )
    in_window, soon = records["in_window"], records["soon"]
    opens, closes = calendar.extension_window(in_window.valid_to)
    assert opens <= TODAY <= closes
    assert f"{opens:%d.%m.%Y}–{closes:%d.%m.%Y}" in section
    new = reverse("application-new")
    assert f'href="{new}?service=c3-extension&amp;person={in_window.person_id}"' in section
    soon_opens, soon_closes = calendar.extension_window(soon.valid_to)
    assert TODAY < soon_opens <= TODAY + dt.timedelta(days=30)
    assert f"{soon_opens:%d.%m.%Y}–{soon_closes:%d.%m.%Y}" in section
    assert f"From {soon_opens:%d.%m.%Y}" in section  # not open yet: no link to a refusal
    assert f"person={soon.person_id}" not in section
    assert "C3FAR0001" not in section
    assert "C3LATER01" not in section
    assert "EX1" not in section


def test_staff_see_the_windows_but_no_filing_link(client, staff, officer):
    admin, records = staff
    client.force_login(officer)
    section = _windows_section(
        client.get(reverse("organisation-detail", args=[admin.organisation.pk])).content.decode()
    )
    assert "C3WIN0001" in section
    assert "File the extension" not in section


def test_the_employers_dashboard_shows_the_same_windows(client, staff):
    admin, records = staff
    client.force_login(admin.user)
    section = _windows_section(client.get(reverse("home")).content.decode())
    assert "C3WIN0001" in section
    assert "B3SOON01" in section
    assert "C3FAR0001" not in section
    assert f"service=c3-extension&amp;person={records['in_window'].person_id}" in section


def test_the_dashboard_of_a_self_applicant_has_no_windows_section(client):
    person = factories.PersonFactory(organisation=None, account=factories.UserFactory())
    client.force_login(person.account)
    assert 'id="windows-ahead"' not in client.get(reverse("home")).content.decode()


def test_another_host_partys_windows_are_not_shown(client, staff):
    _admin, _records = staff
    stranger = factories.MembershipFactory()
    client.force_login(stranger.user)
    html = client.get(reverse("home")).content.decode()
    assert "C3WIN0001" not in html


@pytest.mark.parametrize(
    ("category", "entries", "code"),
    [
        ("C3", "", "c3-extension"),
        ("A5", "multiple", "investor-visa-extension"),
        ("A6", "", "investor-visa-extension"),
        ("B1", "single", "business-single-extension"),
        ("B3", "single", "business-single-extension"),
        ("B2", "multiple", "business-multi-extension"),
        ("B3", "multiple", "business-multi-extension"),
        ("B3", "", None),
        ("EXIT", "", None),
    ],
)
def test_each_visa_is_extended_by_its_categorys_service(category, entries, code):
    assert extension_service_code(VisaRecord(category=category, entries=entries)) == code


def test_the_extension_codes_are_services_of_the_catalogue():
    from applications.catalogue import get_service
    from qazeta.records.extensions import EXTENSION_SERVICE_B3_BY_ENTRIES, EXTENSION_SERVICE_BY_CATEGORY

    for code in {*EXTENSION_SERVICE_BY_CATEGORY.values(), *EXTENSION_SERVICE_B3_BY_ENTRIES.values()}:
        assert get_service(code).code == code
