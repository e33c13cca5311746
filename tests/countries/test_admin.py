"""The country table in the admin: only supervisors change it, each cell's provenance is edited as its own fields
(source, note, checked on, unconfirmed), every change is kept in the history, and rows are never deleted."""

from __future__ import annotations

import datetime as dt

import pytest

from qazeta.accounts import services as account_services
from qazeta.countries.models import PROVENANCE_FIELDS, Country
from qazeta.countries.selectors import certification_for

pytestmark = pytest.mark.django_db

URL = "/admin/countries/country/UA/change/"
PASSWORD = "Str0ng-pass-2025!"


@pytest.fixture
def supervisor_client(client):
    supervisor = account_services.staff_user_create(
        username="sup", email="sup@example.com", password=PASSWORD, supervisor=True
    )
    client.force_login(supervisor)
    return client


def _form_data(client, url: str = URL) -> dict:
    """The change form's current values, as a browser would post them back."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def test_the_change_form_edits_each_cells_provenance(supervisor_client):
    data = _form_data(supervisor_client)
    assert data["apostille__source"] == "MEM"
    assert data["apostille__unconfirmed"] is True
    assert "apostille__checked_on" not in data  # MEM: never checked
    # A supervisor checks the apostille cell against the HCCH status table.
    data.update({"apostille__source": "HCCH", "apostille__checked_on": "2026-05-04", "apostille__note": "status table"})
    del data["apostille__unconfirmed"]
    response = supervisor_client.post(URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    ukraine = Country.objects.get(code="UA")
    assert ukraine.cell("apostille") == {
        "source": "HCCH",
        "note": "status table",
        "checked_on": "2026-05-04",
        "unconfirmed": False,
    }
    # The other cells keep their provenance; the history records who changed what (the loaded rows have none).
    assert set(ukraine.provenance) == set(PROVENANCE_FIELDS)
    assert ukraine.cell("minsk_1993")["source"] == "NEWS"
    change = ukraine.history.get()
    assert change.history_user.username == "sup"
    assert change.provenance["apostille"]["checked_on"] == "2026-05-04"
    assert supervisor_client.get(f"{URL.removesuffix('change/')}history/").status_code == 200


def test_a_cell_a_supervisor_marks_unconfirmed_reaches_the_officers_flag(supervisor_client):
    germany = URL.replace("UA", "DE")
    assert certification_for("DE", on=dt.date(2026, 6, 16)).unconfirmed is False
    response = supervisor_client.post(
        germany, {**_form_data(supervisor_client, germany), "apostille__unconfirmed": "on"}
    )
    assert response.status_code == 302
    assert certification_for("DE", on=dt.date(2026, 6, 16)).unconfirmed is True


def test_an_officer_cannot_change_the_table_even_with_the_admin_flag_and_the_groups_permissions(client):
    from django.contrib.auth.models import Group

    officer = account_services.staff_user_create(
        username="off", email="off@example.com", password=PASSWORD, supervisor=False
    )
    client.force_login(officer)
    assert client.get(URL).status_code == 302  # no admin access at all: to the admin sign-in
    # Even if someone gives the officer the admin flag and the supervisors' group, the role is checked.
    account_services.supervisors_group_sync()
    officer.is_staff = True
    officer.save(update_fields=["is_staff"])
    officer.groups.add(Group.objects.get(name=account_services.SUPERVISORS_GROUP))
    response = client.post(URL, {"code": "UA", "name": "Changed", "visa_free_days": "1"})
    assert response.status_code == 403
    assert Country.objects.get(code="UA").name == "Ukraine"


def test_supervisors_hold_the_countries_permissions_and_nobody_deletes_a_row(supervisor_client):
    from django.contrib.auth.models import Group

    codenames = set(
        Group.objects.get(name=account_services.SUPERVISORS_GROUP).permissions.values_list("codename", flat=True)
    )
    assert {"add_country", "change_country", "view_country"} <= codenames
    assert "delete_country" not in codenames
    response = supervisor_client.post("/admin/countries/country/UA/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Country.objects.filter(code="UA").exists()
