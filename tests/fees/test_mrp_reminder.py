"""Next year's MRP: staff are reminded before 1 January, and a submission without it is refused clearly."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from applications import services
from applications.exceptions import ApplicationError
from applications.models import Application
from fees.models import Mrp
from fees.selectors import missing_mrp_reminder
from tests import factories
from tests.clock import astana

pytestmark = pytest.mark.django_db


def test_reminder_only_within_45_days_of_new_year_and_only_while_missing():
    assert missing_mrp_reminder(dt.date(2026, 11, 16)) is None
    message = missing_mrp_reminder(dt.date(2026, 11, 17))
    assert message is not None
    assert "2027" in message
    Mrp.objects.create(year=2027, amount="4500.00", source="test")
    assert missing_mrp_reminder(dt.date(2026, 12, 20)) is None


@pytest.mark.time_machine(astana("2026-12-20"))
def test_reminder_is_shown_on_the_queue(client, officer):
    client.force_login(officer)
    response = client.get("/officer/queue/")
    assert "No MRP is recorded for 2027" in response.content.decode()


def test_submission_without_the_years_mrp_is_refused_and_stays_a_draft(draft, filer):
    factories.upload_checklist(draft, filer)
    Mrp.objects.filter(year=timezone.localdate().year).delete()
    with pytest.raises(ApplicationError) as err:
        services.application_submit(user=filer, application=draft)
    assert err.value.code == "fee_unavailable"
    assert "No MRP is recorded" in err.value.message
    assert Application.objects.get(pk=draft.pk).state == "draft"
