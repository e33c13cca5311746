"""What the decision and the refusal say: the request or the Administration's own initiative, the employee and the
host party, the decision's terms and number; a refusal's grounds, and who refused (the Administration, or the Expat
Centre at the document review); each verifies at /verify/."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from applications.constants import State
from qazeta.documents.models import IssuedDocument
from tests import factories

from .conftest import TERMS, html_text, qe_draft

pytestmark = pytest.mark.django_db


def _issue(app, membership, officer, capture):
    with capture(execute=True):
        return factories.advance(
            app,
            State.ISSUED,
            filer=membership.user,
            officer=officer,
            issue={"decision_number": "AIFCA-QR-2026-017", "fields": {"decision_terms": TERMS}},
        )


def test_the_decision_on_the_host_partys_request(
    membership, employee, officer, rendered_html, django_capture_on_commit_callbacks
):
    app = _issue(qe_draft(membership, employee), membership, officer, django_capture_on_commit_callbacks)
    (document,) = IssuedDocument.objects.filter(application_id=app.pk)
    assert document.kind == "qualification_exemption_decision"
    assert document.title == "Decision of the AIFC Administration on the qualification requirements"
    ((template, page),) = rendered_html
    assert template == "residency/qualification_exemption/decision.html"
    text = html_text(page)
    assert "Decision No: AIFCA-QR-2026-017" in text
    assert "Exemption from the qualification requirements — AIFC act GR0009 of 10 December 2017" in text
    assert "On the request of the AIFC participant named below" in text
    assert "performs no controlled or designated function (AIFC General Rules 2.2 and 2.3)" in text
    assert employee.surname in text
    assert membership.organisation.name in text
    assert TERMS in text
    assert document.verification_code in text
    page = Client().get(reverse("verify", args=[document.verification_code]))
    assert page.status_code == 200
    assert "VALID" in page.content.decode()


def test_a_refusal_by_the_administration_names_its_grounds(
    membership, employee, officer, rendered_html, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        app = factories.advance(
            qe_draft(membership, employee),
            State.REFUSED,
            filer=membership.user,
            officer=officer,
            refuse={"reason": "The employee heads the compliance function.", "grounds": ["controlled_function"]},
        )
    (document,) = IssuedDocument.objects.filter(application_id=app.pk)
    assert document.kind == "qualification_exemption_refusal"
    ((template, page),) = rendered_html
    assert template == "residency/qualification_exemption/refusal.html"
    text = html_text(page)
    assert "The AIFC Administration has refused the request" in text
    assert "The employee performs a controlled or designated function (AIFC General Rules 2.2, 2.3)" in text
    assert "The employee heads the compliance function." in text


def test_a_refusal_at_the_document_review_is_the_expat_centres(
    membership, employee, officer, rendered_html, django_capture_on_commit_callbacks
):
    app = factories.advance(qe_draft(membership, employee), State.IN_REVIEW, filer=membership.user, officer=officer)
    from applications import services

    with django_capture_on_commit_callbacks(execute=True):
        services.application_refuse(
            user=officer, application=app, reason="The CV is missing pages.", grounds=["incomplete_documents"]
        )
    ((_, page),) = rendered_html
    text = html_text(page)
    assert "The AIFC Expat Centre has refused the request at the review of its documents" in text
    assert "The AIFC Administration has refused" not in text
    assert "The documents are incomplete or do not match the request" in text
