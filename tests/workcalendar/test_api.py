"""The calendar API: /api/v1/calendar/due-date and /api/v1/calendar/extension-window."""

from datetime import date

import pytest
from django.urls import include, path, reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from qazeta.workcalendar.constants import OverrideKind
from qazeta.workcalendar.models import CalendarOverride

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    # Anonymous: both endpoints are public (AllowAny).
    return APIClient()


def test_due_date_answers_for_an_anonymous_caller(client):
    response = client.get(reverse("calendar-due-date"), {"start": "2025-03-07", "working_days": "5"})

    assert response.status_code == 200
    # Sat 8, Sun 9, Mon 10 (Women's Day observed) are skipped; see test_calendar.
    assert response.json() == {"start": "2025-03-07", "working_days": 5, "due_date": "2025-03-17"}


def test_due_date_uses_overrides(client):
    CalendarOverride.objects.create(day=date(2025, 3, 11), kind=OverrideKind.DAY_OFF, source="Test order")

    response = client.get(reverse("calendar-due-date"), {"start": "2025-03-07", "working_days": "5"})

    assert response.json()["due_date"] == "2025-03-18"


def test_due_date_with_zero_working_days_is_the_start(client):
    response = client.get(reverse("calendar-due-date"), {"start": "2025-03-08", "working_days": "0"})

    assert response.status_code == 200
    assert response.json()["due_date"] == "2025-03-08"


def test_extension_window_answers(client):
    response = client.get(reverse("calendar-extension-window"), {"expires": "2025-04-01"})

    assert response.status_code == 200
    # Counted by hand in test_calendar.test_extension_window_of_a_visa_expiring_1_april_2025.
    assert response.json() == {"expires": "2025-04-01", "opens": "2025-02-12", "closes": "2025-03-20"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"working_days": "5"}, "start"),
        ({"start": "2025-03-07"}, "working_days"),
        ({"start": "2025-02-30", "working_days": "5"}, "start"),
        ({"start": "07.03.2025", "working_days": "5"}, "start"),
        ({"start": "1999-12-31", "working_days": "5"}, "start"),
        ({"start": "2025-03-07", "working_days": "-1"}, "working_days"),
        ({"start": "2025-03-07", "working_days": "366"}, "working_days"),
        ({"start": "2025-03-07", "working_days": "five"}, "working_days"),
    ],
)
def test_due_date_rejects_bad_or_missing_values(client, params, field):
    response = client.get(reverse("calendar-due-date"), params)

    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert isinstance(body[field], list)
    assert body[field]
    assert all(isinstance(message, str) for message in body[field])


def test_due_date_accepts_the_upper_bound_of_working_days(client):
    response = client.get(reverse("calendar-due-date"), {"start": "2025-03-07", "working_days": "365"})

    assert response.status_code == 200
    assert response.json()["due_date"] > "2026-03-07"


@pytest.mark.parametrize("params", [{}, {"expires": "2025-13-01"}, {"expires": "tomorrow"}, {"expires": "2100-01-01"}])
def test_extension_window_rejects_bad_or_missing_expiry(client, params):
    response = client.get(reverse("calendar-extension-window"), params)

    assert response.status_code == 400
    assert list(response.json()) == ["expires"]


def test_openapi_schema_is_warning_free_and_documents_the_parameters():
    patterns = [path("api/v1/", include("qazeta.workcalendar.api.urls"))]
    GENERATOR_STATS.reset()

    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)

    assert not GENERATOR_STATS, "drf-spectacular emitted warnings or errors for the calendar API"
    due_date = schema["paths"]["/api/v1/calendar/due-date"]["get"]
    assert {(p["name"], p["required"]) for p in due_date["parameters"]} == {
        ("start", True),
        ("working_days", True),
    }
    assert set(due_date["responses"]) == {"200", "400"}
    window = schema["paths"]["/api/v1/calendar/extension-window"]["get"]
    assert {p["name"] for p in window["parameters"]} == {"expires"}
    assert set(schema["components"]["schemas"]["ExtensionWindow"]["properties"]) == {
        "expires",
        "opens",
        "closes",
    }
