"""The A5 and A6 invitation letters: each category's text, the petition, a family member's line and the step-2
instructions (A5: embassy or international airport; A6: embassy only), rendered by the one output pipeline."""

from __future__ import annotations

import html
import re

import pytest

from applications.constants import State
from qazeta.documents.models import IssuedDocument
from tests import factories
from tests.documents.pdftext import pdf_text

from .conftest import A5_INVITATION, A6_INVITATION, TODAY, family_member_of, give_visa, investor_draft

pytestmark = pytest.mark.django_db

TEMPLATE = "visas/investor/invitation_letter.html"


def _issue(code, membership, person, officer, capture, **fields):
    draft = investor_draft(code, membership=membership, person=person, **fields)
    with capture(execute=True):
        return factories.advance(
            draft, State.ISSUED, filer=membership.user, officer=officer, issue={"decision_number": "MS-2026-0042"}
        )


def _text(rendered: list[tuple[str, str]]) -> str:
    (page,) = [h for name, h in rendered if name == TEMPLATE]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_a5_letter_names_the_category_the_petition_and_embassy_or_airport(
    membership, employee, officer, rendered_html, django_capture_on_commit_callbacks
):
    app = _issue(
        A5_INVITATION, membership, employee, officer, django_capture_on_commit_callbacks, petitioner="investment_body"
    )
    text = _text(rendered_html)

    assert "Invitation letter" in text
    assert "Шақыру хаты — A5 инвесторлық визасын алу үшін" in text
    assert "invited to the Republic of Kazakhstan for an A5 investor visa" in text
    assert "Category A5 — investor visa " in text
    assert "Petition Petition of Kazakhstan's authorised investment body" in text
    assert "approved under decision No MS-2026-0042" in text
    assert membership.organisation.name in text
    assert employee.passport_number in text
    assert "Validity 2 years" in text
    assert "Visa obtained at Embassy of Kazakhstan, London" in text
    assert (
        "Present this letter at a Kazakh embassy or consulate, or on arrival at an international airport of "
        "Kazakhstan, with the visa questionnaire bearing a 3.5 × 4.5 cm colour or black-and-white photo and the "
        "original passport (valid for more than 3 months, with at least 2 blank pages)."
    ) in text
    assert "ask the embassy or, at the airport, its visa service" in text

    document = IssuedDocument.objects.get(application_id=app.pk)
    assert document.title == "Invitation letter for an A5 investor visa"
    with document.file.open("rb") as f:
        assert "A5 — investor visa" in pdf_text(f.read())


def test_the_a6_letter_sends_the_invitee_to_an_embassy_only(
    membership, employee, officer, rendered_html, django_capture_on_commit_callbacks
):
    _issue(A6_INVITATION, membership, employee, officer, django_capture_on_commit_callbacks)
    text = _text(rendered_html)

    assert "Шақыру хаты — A6 инвесторлық визасын алу үшін" in text
    assert "for an A6 investor visa" in text
    assert "Category A6 — investor visa (AIFC investment resident, AIFC Investment Tax Residency programme)" in text
    assert "Petition Petition of the AIFC Administration" in text
    assert "Present this letter at a Kazakh embassy or consulate, with the visa questionnaire" in text
    assert "airport" not in text
    assert "Consular fees and any further documents: ask the embassy." in text


def test_a_family_members_letter_names_the_principal(
    membership, employee, officer, rendered_html, django_capture_on_commit_callbacks
):
    give_visa(employee, "A5", valid_to=TODAY.replace(year=2028))
    spouse = family_member_of(employee)
    _issue(A5_INVITATION, membership, spouse, officer, django_capture_on_commit_callbacks)
    text = _text(rendered_html)

    assert f"Category A5 — investor visa (family member of {employee.full_name})" in text
    assert spouse.passport_number in text
