"""Issue 9, items 1 and 6 on the filer's side: every failed action answers with one error summary at the top
(``id="error-summary"``, focusable, an alert, links to the checklist item), the forms post to ``…#error-summary``,
the title starts with "Error:", every success redirects, and a refusal or an issued document is at the top."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from applications import services
from applications.constants import State
from applications.models import Application
from tests import factories
from tests.clock import FILING_DAY, astana
from tests.ui_filer.conftest import SPECIMEN_MRZ

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]

HTMX = {"HTTP_HX_REQUEST": "true"}


def detail(app: Application) -> str:
    return reverse("application-detail", args=[app.pk])


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def _summary(html: str) -> str:
    """The error summary's markup (asserts there is exactly one, focusable, as an alert)."""
    assert html.count('id="error-summary"') == 1
    match = re.search(r'<div[^>]*id="error-summary"[^>]*>(.*?)</div>', html, re.S)
    assert match is not None
    tag = html[html.rfind("<div", 0, match.start(1)) : match.start(1)]
    assert 'tabindex="-1"' in tag
    assert 'role="alert"' in tag
    return match.group(1)


def _upload(client, app, item, file=None):
    data = {"item_code": item}
    if file is not None:
        data["file"] = file
    return client.post(reverse("application-upload", args=[app.pk]), data)


# --------------------------------------------------------------------------------------------- error summary
def test_submitting_with_a_missing_document_answers_the_summary_with_links_to_the_items(filer_client, draft):
    response = filer_client.post(reverse("application-submit", args=[draft.pk]))

    assert response.status_code == 400
    html = response.content.decode()
    summary = _summary(html)
    links = re.findall(r'href="#item-([a-z0-9-]+)"', summary)
    assert links
    for code in links:
        assert f'id="item-{code}"' in html
    assert _title(html).startswith("Error:")
    # The summary is the first thing after the heading, above the facts and the checklist.
    assert html.index('id="error-summary"') < html.index('id="checklist"')


def test_uploading_without_a_file_answers_the_summary_linking_the_item(filer_client, draft):
    item = draft.service.checklist(draft.checklist_facts())[0].code

    response = _upload(filer_client, draft, item)

    assert response.status_code == 400
    summary = _summary(response.content.decode())
    assert f'href="#item-{item}"' in summary
    assert "Choose a file to upload." in summary


def test_a_refused_file_is_in_the_summary_once_with_its_item(filer_client, draft):
    item = draft.service.checklist(draft.checklist_facts())[0].code

    response = _upload(filer_client, draft, item, factories.pdf_file("notes.pdf", b"not a pdf at all"))

    assert response.status_code == 400
    summary = _summary(response.content.decode())
    assert summary.count(f'href="#item-{item}"') == 1


def test_answering_before_uploading_again_links_each_item_asked(filer_client, filer, officer, draft):
    app = factories.advance(draft, State.IN_REVIEW, filer=filer, officer=officer)
    services.information_request(user=officer, application=app, message="Blurred.", item_codes=["passport-copy"])

    response = filer_client.post(reverse("application-answer", args=[app.pk]), {"answer": "Here it is."})

    assert response.status_code == 400
    summary = _summary(response.content.decode())
    assert 'href="#item-passport-copy"' in summary
    assert "Upload a new file for: Passport copy" in summary


def test_a_page_without_an_error_has_no_summary_and_a_plain_title(filer_client, draft):
    html = filer_client.get(detail(draft)).content.decode()

    assert 'id="error-summary"' not in html
    assert not _title(html).startswith("Error:")


def test_the_filer_forms_post_to_the_error_summary(filer_client, draft):
    html = filer_client.get(detail(draft)).content.decode()

    for name in ("application-upload", "application-submit", "application-consent"):
        url = reverse(name, args=[draft.pk])
        if f'action="{url}' in html:
            assert f'action="{url}#error-summary"' in html
    assert f'action="{reverse("application-submit", args=[draft.pk])}#error-summary"' in html
    assert f'action="{reverse("application-upload", args=[draft.pk])}#error-summary"' in html
    edit = filer_client.get(reverse("application-edit", args=[draft.pk])).content.decode()
    assert f'action="{reverse("application-edit", args=[draft.pk])}#error-summary"' in edit


def test_a_failed_draft_edit_focuses_the_summary_and_says_error_in_the_title(filer_client, draft):
    response = filer_client.post(reverse("application-edit", args=[draft.pk]), {"channel": "no-such-channel"})

    assert response.status_code == 400
    html = response.content.decode()
    _summary(html)
    assert _title(html).startswith("Error:")


def test_the_new_application_form_answers_its_errors_at_the_summary(filer_client, employee):
    url = reverse("application-new") + "?service=c3-invitation"

    response = filer_client.post(url, {"service": "c3-invitation", "person": employee.pk})

    assert response.status_code == 400
    html = response.content.decode()
    _summary(html)
    assert 'action="/applications/new/?service=c3-invitation#error-summary"' in html
    assert _title(html).startswith("Error:")


# --------------------------------------------------------------------------------------------- post/redirect/get
def test_every_successful_filer_action_redirects(filer_client, filer, officer, draft, employee):
    item = draft.service.checklist(draft.checklist_facts())[0].code
    assert _upload(filer_client, draft, item, factories.pdf_file()).status_code == 302
    assert filer_client.post(reverse("application-consent", args=[draft.pk])).status_code == 302
    edit = filer_client.post(
        reverse("application-edit", args=[draft.pk]),
        {
            "channel": draft.channel,
            "validity_years": 2,
            "passport_blank_pages": 4,
            "position": "CFO",
            "visa_pickup_place": "Embassy of Kazakhstan, London",
        },
    )
    assert edit.status_code == 302, edit.content.decode()[:2000]
    factories.upload_checklist(draft, filer)
    assert filer_client.post(reverse("application-submit", args=[draft.pk])).status_code == 302
    app = factories.advance(draft, State.INFORMATION_REQUESTED, filer=filer, officer=officer)
    answered = filer_client.post(reverse("application-answer", args=[app.pk]), {"answer": "Done."})
    assert answered.status_code == 302
    withdrawn = filer_client.post(reverse("application-withdraw", args=[app.pk]), {"reason": "no longer"})
    assert withdrawn.status_code == 302


def test_a_withdrawal_with_an_invalid_reason_is_a_400_with_the_summary(filer_client, filer, officer, draft):
    response = filer_client.post(reverse("application-withdraw", args=[draft.pk]), {"reason": "x" * 10_000})

    assert response.status_code == 400
    _summary(response.content.decode())
    assert Application.objects.get(pk=draft.pk).state == State.DRAFT


# --------------------------------------------------------------------------------------------- outcome on top
def test_a_refused_application_shows_the_reason_at_the_top(filer_client, filer, officer, draft):
    app = factories.advance(draft, State.REFUSED, filer=filer, officer=officer)

    html = filer_client.get(detail(app)).content.decode()

    assert 'id="outcome"' in html
    top = html[html.index('id="outcome"') : html.index('id="fee-heading"')]
    assert "Reason for refusal" in top
    assert str(app.refusal_text) in top
    assert html.index('id="outcome"') < html.index('class="next-step"')


def test_an_issued_document_is_at_the_top_with_its_download_and_verification_code(
    filer_client, filer, officer, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        app = factories.advance(draft, State.ISSUED, filer=filer, officer=officer)
    document = app.issued_documents.get()

    html = filer_client.get(detail(app)).content.decode()

    issued = html[html.index('id="issued"') : html.index('id="fee-heading"')]
    assert reverse("issued-download", args=[app.pk, document.pk]) in issued
    assert document.verification_code in issued
    assert html.index('id="issued"') < html.index('id="checklist"')


# --------------------------------------------------------------------------------------------- MRZ
def test_fill_from_mrz_keeps_the_focus_on_its_button_and_announces_the_result(filer_client, membership):
    url = reverse("staff-mrz", args=[membership.organisation.pk])

    filled = filer_client.post(url, {"mrz": "\n".join(SPECIMEN_MRZ)}, **HTMX).content.decode()
    empty = filer_client.post(url, {"mrz": ""}, **HTMX).content.decode()

    assert 'id="mrz-fill"' in filled
    assert 'data-announce="Filled from the MRZ' in filled
    assert 'data-announce="Paste the two MRZ lines."' in empty


# --------------------------------------------------------------------------------------------- aria-describedby
class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for ref in (values.get("aria-describedby") or "").split():
            self.described.append((values.get("name") or values.get("id") or tag, ref))


def dangling_describedby(html: str) -> list[tuple[str, str]]:
    """``(element, id)`` of each aria-describedby reference to an id the page does not have."""
    parser = _Ids()
    parser.feed(html)
    return [(element, ref) for element, ref in parser.described if ref not in parser.ids]


def test_the_check_finds_a_dangling_reference():
    assert dangling_describedby('<input name="a" aria-describedby="nowhere"><p id="here"></p>') == [("a", "nowhere")]
    assert dangling_describedby('<input name="a" aria-describedby="here"><p id="here"></p>') == []


def test_no_filer_page_points_aria_describedby_at_a_missing_id(
    filer_client, filer, officer, draft, employee, membership
):
    edit_url = reverse("application-edit", args=[draft.pk])
    mrz_url = reverse("staff-mrz", args=[membership.organisation.pk])
    pages = {
        "staff add": filer_client.get(reverse("staff-add", args=[membership.organisation.pk])),
        "MRZ filled": filer_client.post(mrz_url, {"mrz": "\n".join(SPECIMEN_MRZ)}),
        "MRZ missing": filer_client.post(mrz_url, {"mrz": ""}),
        "detail": filer_client.get(detail(draft)),
        "edit": filer_client.get(edit_url),
        "edit with errors": filer_client.post(edit_url, {"channel": "nope", "passport_blank_pages": "x"}),
        "new": filer_client.get(reverse("application-new") + f"?service=c3-invitation&person={employee.pk}"),
        "new with errors": filer_client.post(reverse("application-new") + "?service=c3-invitation", {}),
        "submit refused": filer_client.post(reverse("application-submit", args=[draft.pk])),
        "upload refused": _upload(filer_client, draft, "passport-copy"),
        "withdraw": filer_client.get(reverse("application-withdraw", args=[draft.pk])),
    }
    for name, response in pages.items():
        assert response.status_code in (200, 400), name
        assert dangling_describedby(response.content.decode()) == [], name
