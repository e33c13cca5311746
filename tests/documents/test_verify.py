"""The public verification page: what it shows (and does not), revoked documents, unknown codes, the form."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.services.outputs import document_revoke, output_generate
from tests.clock import FILING_DAY, astana

# Files and submits applications, and submission quotes the fee of the day: a day whose year has an MRP.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]


@pytest.fixture
def letter(issued_c3):
    return output_generate(application=issued_c3, kind="invitation_letter")


def test_verify_page_shows_document_facts_and_initials_without_login(client, letter, issued_c3):
    response = client.get(reverse("verify", kwargs={"code": letter.verification_code}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "VALID" in html
    assert "REVOKED" not in html
    assert "Invitation letter for a C3 work visa" in html
    assert issued_c3.reference in html
    assert letter.issued_on.strftime("%d.%m.%Y") in html
    assert issued_c3.person.initials in html
    assert letter.sha256 in html


def test_verify_page_hides_surname_passport_and_date_of_birth(client, letter, issued_c3):
    person = issued_c3.person
    html = client.get(reverse("verify", kwargs={"code": letter.verification_code})).content.decode()
    assert person.surname not in html
    assert person.passport_number not in html
    for shown in (person.date_of_birth.strftime("%d.%m.%Y"), person.date_of_birth.isoformat()):
        assert shown not in html
    assert person.nationality not in html
    assert issued_c3.organisation.name not in html


def test_revoked_document_shows_revoked_but_not_the_reason(client, letter, supervisor):
    document_revoke(user=supervisor, document=letter, reason="Contract terminated by ACME")
    response = client.get(reverse("verify", kwargs={"code": letter.verification_code}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "REVOKED" in html
    assert "VALID</strong>" not in html
    assert "ACME" not in html


def test_code_is_found_whatever_the_case_spaces_or_dashes(client, letter):
    typed = letter.verification_code.replace("-", " ").lower()
    response = client.get(reverse("verify", kwargs={"code": typed.replace(" ", "")}))
    assert response.status_code == 200
    assert letter.verification_code in response.content.decode()


def test_unknown_code_is_404_and_says_not_found(client, db):
    response = client.get(reverse("verify", kwargs={"code": "7K3M-Q9TX-2HBD-W4ZP"}))
    assert response.status_code == 404
    assert "Code not found" in response.content.decode()


def test_malformed_code_is_404(client, db):
    response = client.get("/verify/not-a-code/")
    assert response.status_code == 404


def test_form_redirects_a_typed_code_to_its_page(client, db):
    response = client.get(reverse("verify_form"), {"code": " 7k3m q9tx 2hbd w4zp "})
    assert response.status_code == 302
    assert response["Location"] == reverse("verify", kwargs={"code": "7K3M-Q9TX-2HBD-W4ZP"})


def test_form_without_code_shows_the_form_and_a_bad_code_an_error(client, db):
    empty = client.get(reverse("verify_form"))
    assert empty.status_code == 200
    assert 'name="code"' in empty.content.decode()
    bad = client.get(reverse("verify_form"), {"code": "12345"})
    assert bad.status_code == 200
    assert "16 letters and digits" in bad.content.decode()


def test_verify_page_is_not_cached_or_indexed(client, letter):
    response = client.get(reverse("verify", kwargs={"code": letter.verification_code}))
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert response["X-Robots-Tag"].startswith("noindex")


def test_a_file_is_compared_with_the_issued_document_by_its_hash(client, letter):
    url = reverse("verify", args=[letter.verification_code])
    with letter.file.open("rb") as fh:
        original = fh.read()
    same = client.post(url, {"file": SimpleUploadedFile("letter.pdf", original, content_type="application/pdf")})
    assert same.status_code == 200
    assert "SAME FILE" in same.content.decode()
    changed = client.post(
        url, {"file": SimpleUploadedFile("letter.pdf", original + b"%", content_type="application/pdf")}
    )
    assert "DIFFERENT FILE" in changed.content.decode()
    assert "SAME FILE" not in changed.content.decode()
