"""The officer's desk and the filer's errors in a real browser (issue 9, items 1 and 6), at 390 px and on a desktop.

A failed upload or submit opens with the focus on the error summary; an officer accepts a document in place (no
navigation, the scroll kept, the result read out by the live region), and each document's preview loads; "Fill from
MRZ" keeps the focus on its button and reads out the result.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from playwright.sync_api import expect

from applications.constants import ReviewStatus, State
from tests import factories
from tests.browser.actions import click_and_wait
from tests.clock import FILING_DAY, astana
from tests.ui_filer.conftest import SPECIMEN_MRZ

pytestmark = [pytest.mark.django_db(transaction=True)]

WIDTHS = [390, 1280]


def _active_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def _wait_until(page, script: str, *, tries: int = 50) -> None:
    """Poll ``script`` (an expression) until it is true: ``wait_for_function`` evaluates a string, which the
    portal's Content-Security-Policy (no 'unsafe-eval') refuses."""
    for _ in range(tries):
        if page.evaluate(script):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {script}")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_failed_submit_and_a_failed_upload_put_the_focus_on_the_error_summary(signed_in, time_machine, width):
    time_machine.move_to(astana(FILING_DAY, 10), tick=True)
    membership, person = factories.employer_with_staff()
    draft = factories.c3_draft(membership=membership, person=person)
    page = signed_in(membership.user, width=width)
    page.goto(f"/applications/{draft.pk}/")

    click_and_wait(page, page.get_by_role("button", name="Submit the application"))
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert _active_id(page) == "error-summary"
    assert page.title().startswith("Error:")
    first_item = page.locator("#error-summary a[href^='#item-']").first
    target = first_item.get_attribute("href")
    assert page.locator(target).count() == 1
    # The summary is in view: the page opened at it, not at the top of a long page.
    box = summary.bounding_box()
    assert box is not None
    assert -2 <= box["y"] < page.viewport_size["height"]

    # Uploading without choosing a file.
    row = page.locator("#checklist tbody tr").first
    code = row.get_attribute("id").removeprefix("item-")
    click_and_wait(page, row.get_by_role("button", name="Upload"))
    assert _active_id(page) == "error-summary"
    assert page.locator(f"#error-summary a[href='#item-{code}']").count() == 1
    assert "Choose a file to upload." in page.locator("#error-summary").inner_text()


@pytest.mark.parametrize("width", WIDTHS)
def test_an_officer_accepts_a_document_in_place_beside_its_preview(signed_in, time_machine, officer, width):
    time_machine.move_to(astana(FILING_DAY, 10), tick=True)
    membership, person = factories.employer_with_staff()
    draft = factories.c3_draft(membership=membership, person=person)
    app = factories.advance(draft, State.IN_REVIEW, filer=membership.user, officer=officer)
    # One document is a photo, so that both previews (image and PDF) are on the page.
    photo = app.uploads.order_by("pk").last()
    photo.file.save("scan.jpg", ContentFile(factories.jpeg_bytes(64, 48)), save=False)
    photo.content_type = "image/jpeg"
    photo.save(update_fields=["file", "content_type"])
    photo_item = photo.item_code
    pdf = app.uploads.exclude(item_code=photo_item).order_by("pk").first()
    page = signed_in(officer, width=width)
    page.goto(f"/officer/applications/{app.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll

    # The preview of each document loads from the portal.
    image = page.locator(".desk-preview-image").first
    image.scroll_into_view_if_needed()
    _wait_until(page, "document.querySelector('.desk-preview-image').naturalWidth > 0")
    src = page.locator(f"#document-{pdf.item_code} iframe.desk-preview-frame").get_attribute("data-preview-src")
    # The PDF opens in its frame (framed by the portal's own page: frame-ancestors 'self'); a frame the browser
    # refused would be a chrome-error:// page. The headers are checked in tests/ui_officer/test_desk.py.
    for _ in range(100):
        loaded = [f for f in page.frames if f.url.endswith(src)]
        if loaded:
            break
        page.wait_for_timeout(100)
    assert loaded, [f.url for f in page.frames]
    # Wait for the last previews, loaded one after the other, before the test's own requests.
    _wait_until(page, "document.documentElement.hasAttribute('data-previews-loaded')")

    form = page.locator(f"#document-{pdf.item_code} form")
    form.scroll_into_view_if_needed()
    page.evaluate("window.__stillHere = true")
    before = page.evaluate("window.scrollY")
    assert before > 0
    form.get_by_label("Accept", exact=True).check()
    form.get_by_role("button", name="Save review").click()
    expect(page.locator("#announce")).to_contain_text("Accepted")

    assert page.evaluate("window.__stillHere") is True  # no navigation: the panel was swapped in place
    assert abs(page.evaluate("window.scrollY") - before) <= 2
    pdf.refresh_from_db()
    assert pdf.review_status == ReviewStatus.ACCEPTED
    assert "Accepted" in page.locator(f"#document-{pdf.item_code}").inner_text()
    # The focus stays on the button the officer used, ready for the next document.
    assert _active_id(page) == f"review-save-{pdf.pk}"


def test_an_officer_error_in_place_is_focused_in_the_panel(signed_in, time_machine, officer):
    time_machine.move_to(astana(FILING_DAY, 10), tick=True)
    membership, person = factories.employer_with_staff()
    draft = factories.c3_draft(membership=membership, person=person)
    app = factories.advance(draft, State.IN_REVIEW, filer=membership.user, officer=officer)
    upload = app.uploads.order_by("pk").first()
    page = signed_in(officer)
    page.goto(f"/officer/applications/{app.pk}/")
    page.evaluate("window.__stillHere = true")

    form = page.locator(f"#document-{upload.item_code} form")
    form.get_by_label("Reject", exact=True).check()
    form.get_by_role("button", name="Save review").click()  # a rejection needs a reason
    _wait_until(page, "document.activeElement && document.activeElement.id === 'error-summary'")

    assert page.evaluate("window.__stillHere") is True
    assert page.locator("#officer-panel #error-summary").is_visible()
    assert page.title().startswith("Error: ")
    upload.refresh_from_db()
    assert upload.review_status == ReviewStatus.PENDING


def test_fill_from_mrz_keeps_the_focus_on_its_button_and_announces_the_result(signed_in, time_machine):
    time_machine.move_to(astana(FILING_DAY, 10), tick=True)
    membership, _ = factories.employer_with_staff()
    page = signed_in(membership.user, width=390)
    page.goto(reverse("staff-add", args=[membership.organisation.pk]))

    page.get_by_label("Paste the two MRZ lines").fill("\n".join(SPECIMEN_MRZ))
    page.get_by_role("button", name="Fill from MRZ").focus()
    page.keyboard.press("Enter")

    expect(page.locator("#announce")).to_contain_text("Filled from the MRZ")
    assert _active_id(page) == "mrz-fill"
    assert page.get_by_label("Surname").input_value() == "ERIKSSON"


def test_a_swap_does_not_take_the_focus_from_a_field_the_filer_moved_to(signed_in, time_machine):
    """The fee preview is swapped in after the channel changes; a filer who meanwhile went on to the next field
    and types there keeps typing there (the swap used to put the focus back on the field focused before it, and
    the typing went into that field: "4" blank pages became "4300")."""
    time_machine.move_to(astana(FILING_DAY, 10), tick=True)
    membership, person = factories.employer_with_staff()
    page = signed_in(membership.user, width=1280)
    page.goto(f"/applications/new/?service=c3-invitation&person={person.pk}")
    held = []
    page.route("**/applications/new/quote/**", lambda route: held.append(route))

    page.locator("#id_passport_blank_pages").fill("4")
    page.locator("#id_channel").select_option("walk_in")  # the fee preview's request starts, and is held
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the fee preview was not requested"
    page.locator("#id_position").click()  # the filer moves on before the answer arrives
    held[0].continue_()
    _wait_until(page, "document.querySelector('#quote') && !document.querySelector('.htmx-request')")
    page.wait_for_timeout(300)  # the swap settles
    page.keyboard.type("Chief risk officer")

    assert _active_id(page) == "id_position"
    expect(page.locator("#id_position")).to_have_value("Chief risk officer")
    expect(page.locator("#id_passport_blank_pages")).to_have_value("4")
