"""The reason a supervisor gives for revoking a document is internal: the filer sees only that it was revoked, and
when (issue 6, §5). Staff keep seeing the reason."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from applications.constants import Action
from applications.services.outputs import document_revoke, output_generate
from tests.clock import FILING_DAY, astana

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]

REASON = "Contract terminated by ACME"


@pytest.fixture
def revoked(issued_c3, supervisor):
    letter = output_generate(application=issued_c3, kind="invitation_letter")
    return document_revoke(user=supervisor, document=letter, reason=REASON)


def test_the_timeline_says_which_document_was_revoked_but_not_why(revoked, issued_c3):
    row = issued_c3.status_changes.get(action=Action.DOCUMENT_REVOKED)
    assert row.reason == revoked.title
    assert revoked.revocation_reason == REASON  # kept on the document


def test_the_filer_page_says_revoked_on_the_date_and_not_why(revoked, issued_c3, membership):
    client = Client()
    client.force_login(membership.user)
    html = client.get(reverse("application-detail", args=[issued_c3.pk])).content.decode()
    assert f"revoked on {revoked.revoked_at:%d.%m.%Y}" in html
    assert "ACME" not in html


def test_the_filer_api_does_not_give_the_reason(revoked, issued_c3, membership):
    client = APIClient()
    client.force_authenticate(membership.user)
    body = client.get(f"/api/v1/applications/{issued_c3.pk}/").content.decode()
    assert "ACME" not in body
    assert revoked.title in body


def test_staff_see_the_reason_on_the_officer_panel(revoked, issued_c3, officer):
    client = Client()
    client.force_login(officer)
    html = client.get(reverse("officer-panel", args=[issued_c3.pk])).content.decode()
    assert REASON in html
