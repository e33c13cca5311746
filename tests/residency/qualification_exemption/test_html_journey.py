"""The qualification exemption in the browser (Django test client): the host party's form asks what is asked, the
criteria not met and the declaration (refused without it, citing the General Rules); uploads only, no visit; the
officer forwards the file to the AIFC Administration and records its decision; the filer downloads the decision."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from applications.constants import State
from applications.models import Application
from qazeta.documents.models import IssuedDocument
from tests import factories

from .conftest import CRITERIA, SERVICE, TERMS, html_text, logged_in

pytestmark = pytest.mark.django_db


def test_host_party_files_and_downloads_the_decision(membership, employee, officer, django_capture_on_commit_callbacks):
    filer, staff = logged_in(membership.user), logged_in(officer)
    new_url = reverse("application-new") + f"?service={SERVICE}&person={employee.pk}"
    body = html.unescape(filer.get(new_url).content.decode())
    for name in ("request_kind", "unmet_criteria", "no_controlled_function"):
        assert f'name="{name}"' in body, name
    assert 'name="decision_terms"' not in body
    assert "AIFC General Rules 2.2 and 2.3" in body
    assert "60,000" in body
    r = filer.post(
        new_url,
        {
            "service": SERVICE,
            "person": employee.pk,
            "principal_application": "",
            "channel": "standard",
            "request_kind": "exemption",
            "unmet_criteria": CRITERIA,
            "consent": "on",
        },
    )
    assert r.status_code == 302, html_text(r.content.decode())[:2000]
    app = Application.objects.get(service_code=SERVICE, person=employee)
    detail_url = reverse("application-detail", args=[app.pk])
    for row in app.specific().service.checklist(app.checklist_facts()):
        if row.required and row.code != "consent-personal-data":
            r = filer.post(
                reverse("application-upload", args=[app.pk]), {"item_code": row.code, "file": factories.pdf_file()}
            )
            assert r.status_code == 302
    # Without the declaration: refused, with the rule's message.
    r = filer.post(reverse("application-submit", args=[app.pk]))
    assert r.status_code == 400
    assert "(AIFC General Rules 2.2 and 2.3)" in html_text(r.content.decode())
    r = filer.post(
        reverse("application-edit", args=[app.pk]),
        {
            "channel": "standard",
            "request_kind": "exemption",
            "unmet_criteria": CRITERIA,
            "no_controlled_function": "on",
        },
    )
    assert r.status_code == 302, html_text(r.content.decode())[:2000]
    with django_capture_on_commit_callbacks(execute=True):
        assert filer.post(reverse("application-submit", args=[app.pk])).status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.SUBMITTED

    officer_page = reverse("officer-application", args=[app.pk])
    assert staff.post(reverse("officer-claim", args=[app.pk]), {"next": officer_page}).status_code == 302
    for upload in Application.objects.get(pk=app.pk).uploads.all():
        r = staff.post(
            reverse("officer-review-document", args=[app.pk, upload.pk]), {f"doc-{upload.pk}-decision": "accept"}
        )
        assert r.status_code == 302
    assert staff.post(reverse("officer-approve-documents", args=[app.pk])).status_code == 302
    # Uploads only: the approved file offers the filer no visit to book.
    assert reverse("appointment-book", args=[app.pk]) not in filer.get(detail_url).content.decode()
    assert staff.post(reverse("officer-forward", args=[app.pk])).status_code == 302
    body = staff.get(officer_page).content.decode()
    assert 'name="decision_terms"' in body
    assert "the AIFC Administration" in html.unescape(body)
    with django_capture_on_commit_callbacks(execute=True):
        r = staff.post(
            reverse("officer-issue", args=[app.pk]), {"decision_number": "AIFCA-QR-2026-017", "decision_terms": TERMS}
        )
    assert r.status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.ISSUED
    document = IssuedDocument.objects.get(application_id=app.pk)
    link = reverse("issued-download", args=[app.pk, document.pk])
    assert link in html.unescape(filer.get(detail_url).content.decode())
    assert b"".join(filer.get(link).streaming_content).startswith(b"%PDF")
