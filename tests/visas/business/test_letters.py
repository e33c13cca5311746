"""The invitation letters: one text per category (B1/B3 single entry, B2/B3 multiple entry), each with the host
party, the invitee's passport data, the decision number and the step-2 instructions (embassy or international
airport); issued as a PDF the filer downloads and anyone verifies."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from applications.constants import State
from qazeta.documents.models import IssuedDocument
from tests import factories

from .conftest import MULTI_INVITATION, SINGLE_INVITATION, draft_of, html_text

pytestmark = pytest.mark.django_db

TEMPLATE = "visas/business/invitation_letter.html"
STEP_2 = (
    "Step 2: present this letter, with the visa questionnaire with a 3.5 × 4.5 cm colour or black-and-white photo "
    "and the original passport (valid for more than 3 months, with at least 2 blank pages), at a Kazakh embassy or "
    "consulate or, on arrival, at a Kazakh international airport."
)


@pytest.mark.parametrize(
    ("service", "category", "visa", "heading_kk", "invitee_is"),
    [
        (
            SINGLE_INVITATION,
            "B1",
            "B1 — single-entry business visa",
            "Шақыру хаты — біржолғы іскерлік визаны (B1) алу үшін",
            "a business partner coming for negotiations, conferences, forums, exhibitions, scientific events or to "
            "sign contracts",
        ),
        (
            SINGLE_INVITATION,
            "B3",
            "B3 — single-entry business visa",
            "Шақыру хаты — біржолғы іскерлік визаны (B3) алу үшін",
            "a founder or board member of the host party, or a business immigrant",
        ),
        (
            MULTI_INVITATION,
            "B2",
            "B2 — multiple-entry business visa",
            "Шақыру хаты — көп мәртелі іскерлік визаны (B2) алу үшін",
            "a foreign expert coming to install, repair or maintain equipment or to provide consulting or audit "
            "services under a contract",
        ),
        (
            MULTI_INVITATION,
            "B3",
            "B3 — multiple-entry business visa",
            "Шақыру хаты — көп мәртелі іскерлік визаны (B3) алу үшін",
            "a founder or member of the board of directors of the host party",
        ),
    ],
)
def test_each_category_has_its_letter(
    service,
    category,
    visa,
    heading_kk,
    invitee_is,
    membership,
    employee,
    officer,
    rendered_html,
    django_capture_on_commit_callbacks,
):
    draft = draft_of(service, membership, employee, visa_category=category, visa_pickup_place="Embassy, Berlin")
    with django_capture_on_commit_callbacks(execute=True):
        app = factories.advance(draft, State.ISSUED, filer=membership.user, officer=officer)

    (document,) = IssuedDocument.objects.filter(application_id=app.pk)
    assert document.kind == "invitation_letter"
    assert document.title == (
        "Invitation letter for a single-entry business visa"
        if service == SINGLE_INVITATION
        else "Invitation letter for a multiple-entry business visa"
    )
    (page,) = [h for name, h in rendered_html if name == TEMPLATE]
    text = html_text(page)
    org = membership.organisation
    for phrase in (
        heading_kk,
        f"invites the foreign national named below, {invitee_is}, to the Republic of Kazakhstan on a {visa}, and "
        "that the invitation was approved under decision No WV-2026-0001.",
        f"Organisation {org.name}",
        f"BIN {org.bin}",
        f"Surname {employee.surname}",
        f"Passport number {employee.passport_number}",
        f"Category {visa}",
        "Visa obtained at Embassy, Berlin",
        f"Application reference {app.reference}",
        STEP_2,
        "The invitee of an AIFC participant may apply at any Kazakh embassy",
        "Date of issue 16.06.2026",
    ):
        assert phrase in text, phrase
    # The other categories' words are not in this letter.
    for other in {"B1", "B2", "B3"} - {category}:
        assert f"({other})" not in text

    client = Client()
    client.force_login(membership.user)
    response = client.get(reverse("issued-download", args=[app.pk, document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("verify", args=[document.verification_code])).status_code == 200
