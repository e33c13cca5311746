"""Every page kind of the portal in a real browser (issue 9, items 2 and 9): each page, in English, Russian and
Kazakh, at 320, 390 and 1280 px wide, must

- pass axe-core's WCAG 2.0/2.1 A and AA rules with no violation of any impact (at 390 and 1280 px),
- never scroll sideways (``scrollWidth <= innerWidth``, at 320 and 390 px),
- leave a full-page screenshot in the screenshots folder (:func:`tests.browser.conftest.screenshot_dir`).

The page states are built once for the module (host party, officer, supervisor, a C3 invitation in each notable
state, an issued letter to verify) and kept for all its tests; the module empties the database when it is done, as
a transactional test would. One browser context per role, language and width is opened once and reused.

Plus what axe cannot measure: the focus ring's contrast against the page and against the header (≥ 3:1, WCAG 2.1
1.4.11).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from applications.constants import State
from applications.models import Application
from payments import services as payment_services
from qazeta.documents.models import IssuedDocument
from tests import factories
from tests.browser.actions import click_and_wait
from tests.clock import FILING_DAY, astana

from .conftest import BROWSER_LOCALES, screenshot_dir

LANGUAGES = ("en", "ru", "kk")
#: Widths (CSS px) and what is checked at each: axe and a screenshot at 390 and 1280, the sideways scroll at 320 and
#: 390 (a screenshot at 320 only of what is wrong there).
AXE_WIDTHS = (390, 1280)
SCROLL_WIDTHS = (320, 390)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@dataclass(frozen=True)
class Visit:
    """One page state: who looks (``anonymous``, ``filer``, ``officer``, ``supervisor``), the path, and an optional
    step the user takes on the page before it is checked (e.g. submitting a form to show its errors)."""

    role: str
    path: str
    then: Callable | None = None
    status: int = 200


def _track(reference: str, passport: str) -> Callable:
    def step(page) -> None:  # noqa: ANN001 - a Playwright page
        page.locator("input[name=reference]").fill(reference)
        page.locator("input[name=passport_number]").fill(passport)
        click_and_wait(page, page.locator("main form button[type=submit]"))

    return step


def _submit_empty(page) -> None:  # noqa: ANN001
    """Submit the page's main form as it is, to show its errors."""
    click_and_wait(page, page.locator("main form[method=post] button[type=submit]").last)


#: Every page kind; the key names the screenshot file and the test.
PAGE_NAMES = [
    # Anyone
    "home-anonymous",
    "services",
    "service-detail",
    "fees-calculator",
    "verify-form",
    "verify-valid",
    "verify-not-found",
    "track-form",
    "track-found",
    "login",
    "login-errors",
    "employer-register",
    "applicant-register",
    "password-reset",
    "bin-dispute",
    # A host party's admin
    "home-filer",
    "applications",
    "application-draft",
    "application-submitted",
    "application-information-requested",
    "application-documents-approved",
    "application-appointment-booked",
    "application-issued",
    "application-refused",
    "new-c3-invitation",
    "new-c3-invitation-errors",
    "new-temporary-residence",
    "new-business-multi-invitation",
    "edit-draft",
    "person",
    "organisations",
    "organisation",
    "staff-add",
    "application-receipt-uploaded",
    "account",
    # Officers and supervisors
    "officer-queue",
    "officer-application-in-review",
    "officer-application-issued",
    "officer-application-receipt-uploaded",
    "officer-appointments-day",
    "officer-appointments-week",
    "officer-person",
    "organisations-to-verify",
    "officer-organisation",
    "supervisor-dashboard",
    "supervisor-access-log",
    "supervisor-queue",
    "supervisor-qualification-exemption",
]


@dataclass
class World:
    """The module's data: users by role and the page states by name."""

    users: dict
    visits: dict[str, Visit]


# The module builds its data once and keeps it across tests, so it must not run inside pytest-django's per-test
# transactional database (which empties the database after each test): these two overrides of the root fixtures
# keep the live server's settings and the media folder module-wide instead.
@pytest.fixture(autouse=True)
def _live_server_helper(request):  # noqa: ANN201 - overrides pytest-django's, which asks for transactional_db
    if "live_server" not in request.fixturenames:
        yield
        return
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture(autouse=True)
def _media_root():  # overrides tests/conftest.py's per-test folder: the module's uploads live as long as its data
    return None


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:  # noqa: ARG001
    clock = time_machine.travel(astana(FILING_DAY, 10), tick=True)
    clock.start()
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    media.enable()
    with django_db_blocker.unblock():
        try:
            yield _build_world()
        finally:
            # What a transactional test does after itself: the next module starts from an empty database.
            call_command("flush", interactive=False, verbosity=0)
            media.disable()
            clock.stop()


def _build_world() -> World:
    membership, employee = factories.employer_with_staff()
    filer = membership.user
    officer = factories.UserFactory(officer=True, username="sweep.officer")
    supervisor = factories.UserFactory(supervisor=True, username="sweep.supervisor")
    organisation = membership.organisation

    def in_state(state: str) -> Application:
        person = factories.PersonFactory(organisation=organisation)
        draft = factories.c3_draft(membership=membership, person=person)
        return factories.advance(draft, state, filer=filer, officer=officer)

    apps = {
        state: in_state(state)
        for state in (
            State.DRAFT,
            State.SUBMITTED,
            State.IN_REVIEW,
            State.INFORMATION_REQUESTED,
            State.DOCUMENTS_APPROVED,
            State.APPOINTMENT_BOOKED,
            State.ISSUED,
            State.REFUSED,
        )
    }
    issued = apps[State.ISSUED]
    paying = in_state(State.DOCUMENTS_APPROVED)  # the invoice is paid: the receipt waits for the officer
    payment_services.receipt_upload(user=filer, application=paying, file=factories.pdf_file("receipt.pdf"))
    document = IssuedDocument.objects.filter(application=issued).first()
    assert document is not None, "the issued C3 invitation has no letter to verify"
    tracked = apps[State.SUBMITTED]
    day = FILING_DAY.isoformat()

    def app(state: str) -> str:
        return f"/applications/{apps[state].pk}/"

    visits = {
        "home-anonymous": Visit("anonymous", "/"),
        "services": Visit("anonymous", "/services/"),
        "service-detail": Visit("anonymous", "/services/c3-invitation/"),
        "fees-calculator": Visit("anonymous", "/fees/"),
        "verify-form": Visit("anonymous", "/verify/"),
        "verify-valid": Visit("anonymous", f"/verify/{document.verification_code}/"),
        "verify-not-found": Visit("anonymous", "/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ/", status=404),
        "track-form": Visit("anonymous", "/track/"),
        "track-found": Visit("anonymous", "/track/", _track(tracked.reference, tracked.person.passport_number)),
        "login": Visit("anonymous", "/accounts/login/"),
        "login-errors": Visit("anonymous", "/accounts/login/", _submit_empty),
        "employer-register": Visit("anonymous", "/register/employer/"),
        "applicant-register": Visit("anonymous", "/register/applicant/"),
        "password-reset": Visit("anonymous", "/accounts/password/reset/"),
        "bin-dispute": Visit("anonymous", "/register/bin-dispute/"),
        "home-filer": Visit("filer", "/"),
        "applications": Visit("filer", "/applications/"),
        "application-draft": Visit("filer", app(State.DRAFT)),
        "application-submitted": Visit("filer", app(State.SUBMITTED)),
        "application-information-requested": Visit("filer", app(State.INFORMATION_REQUESTED)),
        "application-documents-approved": Visit("filer", app(State.DOCUMENTS_APPROVED)),
        "application-appointment-booked": Visit("filer", app(State.APPOINTMENT_BOOKED)),
        "application-issued": Visit("filer", app(State.ISSUED)),
        "application-refused": Visit("filer", app(State.REFUSED)),
        "new-c3-invitation": Visit("filer", f"/applications/new/?service=c3-invitation&person={employee.pk}"),
        "new-c3-invitation-errors": Visit(
            "filer", f"/applications/new/?service=c3-invitation&person={employee.pk}", _submit_empty
        ),
        "new-temporary-residence": Visit(
            "filer", f"/applications/new/?service=temporary-residence&person={employee.pk}"
        ),
        "new-business-multi-invitation": Visit("filer", "/applications/new/?service=business-multi-invitation"),
        "edit-draft": Visit("filer", f"/applications/{apps[State.DRAFT].pk}/edit/"),
        "person": Visit("filer", f"/persons/{issued.person_id}/"),
        "organisations": Visit("filer", "/organisation/"),
        "organisation": Visit("filer", f"/organisation/{organisation.pk}/"),
        "staff-add": Visit("filer", f"/organisation/{organisation.pk}/staff/add/"),
        "application-receipt-uploaded": Visit("filer", f"/applications/{paying.pk}/"),
        "account": Visit("filer", "/accounts/"),
        "officer-queue": Visit("officer", "/officer/queue/"),
        "officer-application-in-review": Visit("officer", f"/officer/applications/{apps[State.IN_REVIEW].pk}/"),
        "officer-application-issued": Visit("officer", f"/officer/applications/{issued.pk}/"),
        "officer-application-receipt-uploaded": Visit("officer", f"/officer/applications/{paying.pk}/"),
        "officer-appointments-day": Visit("officer", f"/officer/appointments/?date={day}"),
        "officer-appointments-week": Visit("officer", f"/officer/appointments/week/?date={day}"),
        "officer-person": Visit("officer", f"/persons/{issued.person_id}/"),
        "organisations-to-verify": Visit("officer", "/officer/organisations/"),
        "officer-organisation": Visit("officer", f"/organisation/{organisation.pk}/"),
        "supervisor-dashboard": Visit("supervisor", "/officer/dashboard/"),
        "supervisor-access-log": Visit("supervisor", "/officer/access-log/"),
        "supervisor-queue": Visit("supervisor", "/officer/queue/"),
        "supervisor-qualification-exemption": Visit("supervisor", "/officer/qualification-exemption/open/"),
    }
    assert set(visits) == set(PAGE_NAMES)
    return World(users={"filer": filer, "officer": officer, "supervisor": supervisor}, visits=visits)


@pytest.fixture(scope="module")
def sessions(world) -> dict[str, str]:
    """A signed-in session key per role (staff with the second factor passed, as ``signed_in`` does)."""
    from qazeta.accounts.signin.policy import second_factor_required
    from tests.conftest import mark_second_factor_passed

    keys = {}
    for role, user in world.users.items():
        client = Client()
        client.force_login(user)
        if second_factor_required(user):
            mark_second_factor_passed(client, user)
        keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


@pytest.fixture(scope="module")
def browser_page(chromium_browser, live_server, sessions) -> Iterator[Callable]:
    """``browser_page(role, language, width)`` → the one Playwright page of that role, language and width."""
    contexts: dict[tuple[str, str, int], object] = {}

    def get(role: str, language: str, width: int):  # noqa: ANN202
        key = (role, language, width)
        if key not in contexts:
            context = chromium_browser.new_context(
                base_url=live_server.url,
                viewport={"width": width, "height": 900},
                locale=BROWSER_LOCALES[language],
                # axe is injected with page.evaluate; the portal's Content-Security-Policy refuses inline scripts.
                bypass_csp=True,
            )
            cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
            if role != "anonymous":
                cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": sessions[role], "url": live_server.url})
            context.add_cookies(cookies)
            context.set_default_timeout(15_000)
            contexts[key] = (context, context.new_page())
        return contexts[key][1]

    yield get
    for context, _page in contexts.values():
        context.close()


def _axe_violations(page) -> list[str]:  # noqa: ANN001
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    found = []
    for violation in results.response["violations"]:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
        found.append(f"{violation['id']} ({violation['impact']}): {', '.join(targets)}")
    return found


def _overflow(page) -> str | None:  # noqa: ANN001
    """None, or what sticks out: the page's width and the widest elements past the viewport's right edge."""
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width <= inner:
        return None
    culprits = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= window.innerWidth + 0.5)
            .slice(0, 4)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
               + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().replace(/\\s+/g, '.') : '')
               + ' ' + Math.round(e.getBoundingClientRect().width) + 'px')"""
    )
    return f"scrollWidth {width} > {inner}: {'; '.join(culprits)}"


def _cut_controls(page) -> list[str]:  # noqa: ANN001
    """Buttons and file inputs whose own text does not fit in them (the checklist's "Cho" and "Uplo" at 390 px)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('button, .button, input[type=file], input[type=submit]')]
            .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
            .slice(0, 4)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' "'
                      + (e.innerText || e.value || e.type).trim().slice(0, 40) + '" '
                      + e.scrollWidth + ' > ' + e.clientWidth + 'px')"""
    )


def _check(page, name: str, language: str, width: int, folder: Path, *, axe: bool, screenshot: bool) -> list[str]:  # noqa: ANN001
    """The findings on ``page`` as it is now: sideways scroll (at the phone widths) and axe's violations (``axe``);
    a screenshot is saved when asked or when something was found."""
    found = []
    if width in SCROLL_WIDTHS and (overflow := _overflow(page)):
        found.append(f"{name} [{language}, {width}px] sideways scroll: {overflow}")
    if width in SCROLL_WIDTHS and (cut := _cut_controls(page)):
        found.append(f"{name} [{language}, {width}px] text cut off: {'; '.join(cut)}")
    if axe:
        found += [f"{name} [{language}, {width}px] axe {v}" for v in _axe_violations(page)]
    if screenshot or found:
        # JPEG: a full-page PNG of a 7,000 px page takes longer to encode than the page takes to load.
        page.screenshot(path=str(folder / f"{name}-{language}-{width}.jpg"), full_page=True, type="jpeg", quality=70)
    return found


#: Page states whose remaining findings are in templates another engineer owns (issue 9's split); strict=False so
#: the test passes as soon as the owner's fix is merged. Filled from the sweep's first runs.
KNOWN: dict[str, str] = {}


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_is_accessible_fits_a_phone_and_is_screenshotted(name, world, browser_page, request):
    if name in KNOWN:
        request.applymarker(pytest.mark.xfail(reason=KNOWN[name], strict=False))
    visit = world.visits[name]
    folder = screenshot_dir()
    for old in folder.glob(f"{name}-*-*.jpg"):  # an earlier run's: the folder shows what this run saw
        if old.stem.rsplit("-", 2)[0] == name:
            old.unlink()
    problems = []
    for language in LANGUAGES:
        for width in AXE_WIDTHS:
            page = browser_page(visit.role, language, width)
            response = page.goto(visit.path)
            assert response is not None
            assert response.status == visit.status, f"{name} [{language}, {width}px]: HTTP {response.status}"
            if visit.then is not None:
                visit.then(page)
            # The page is in the language asked for (the sweep would otherwise check English three times).
            assert page.evaluate("document.documentElement.lang") == language, f"{name} [{language}]"
            problems += _check(page, name, language, width, folder, axe=True, screenshot=True)
            if width == 390:
                # 320 px: the same page narrowed (the media queries apply as on a 320 px phone), one load fewer.
                page.set_viewport_size({"width": 320, "height": 900})
                try:
                    problems += _check(page, name, language, 320, folder, axe=False, screenshot=False)
                finally:
                    page.set_viewport_size({"width": 390, "height": 900})
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [320, 390])
def test_checklist_is_one_card_per_document_with_a_full_width_upload_on_a_phone(world, browser_page, width):
    page = browser_page("filer", "en", width)
    page.goto(world.visits["application-draft"].path)
    cards = page.locator("#checklist tbody tr[id^=item-]")
    assert cards.count() >= 3
    for index in range(cards.count()):
        card = cards.nth(index)
        box = card.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width, f"card {index} sticks out"
        cell = card.locator("td.upload")
        cell_width = cell.bounding_box()["width"]
        for control in (cell.locator("input[type=file]"), cell.get_by_role("button", name="Upload")):
            control_box = control.bounding_box()
            assert control_box["width"] >= 0.9 * cell_width, "the upload controls take the card's width"
            # Nothing cut: the control's content fits inside it ("Cho", "Uplo" before).
            assert control.evaluate("e => e.scrollWidth <= e.clientWidth"), control.evaluate("e => e.outerHTML")
        # The column's name is shown before each value, since the table's header is hidden on a phone.
        label = cell.evaluate("e => getComputedStyle(e, '::before').content")
        assert label == '"Upload"'


# ---- Focus ring (WCAG 2.1 1.4.11 non-text contrast: 3:1 against what is next to it) ----


def _luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG relative luminance of an sRGB colour given as 0..255 channels."""
    channels = [c / 255 for c in rgb]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """The WCAG contrast ratio of two colours, 1.0 to 21.0."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rgb(css: str) -> tuple[int, int, int]:
    """``rgb(…)``/``rgba(…)`` as computed by the browser → channels; an opaque colour is required."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    assert len(numbers) == 3 or numbers[3] == 1, f"a see-through colour cannot be judged: {css}"
    return int(numbers[0]), int(numbers[1]), int(numbers[2])


def test_contrast_formula_matches_wcag_examples():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((240, 165, 0), (255, 255, 255)) == pytest.approx(2.08, abs=0.01)  # the old ring: too faint
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


def test_focus_ring_has_3_to_1_against_the_page_and_the_header(world, browser_page):
    page = browser_page("filer", "en", 1280)
    page.goto("/accounts/")
    page_bg = _rgb(page.evaluate("getComputedStyle(document.body).backgroundColor"))
    header_bg = _rgb(page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor"))
    seen = {"header": 0, "main": 0}
    kinds = set()
    page.locator("body").click(position={"x": 1, "y": 1})  # keyboard focus starts at the top of the page
    for _ in range(40):
        page.keyboard.press("Tab")
        ring = page.evaluate(
            """() => { const e = document.activeElement, s = getComputedStyle(e);
                 return {tag: e.tagName.toLowerCase(), type: e.type || '', visible: e.matches(':focus-visible'),
                         style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor,
                         inHeader: !!e.closest('.site-header'), inMain: !!e.closest('main')}; }"""
        )
        if ring["tag"] == "body":
            continue
        where = "header" if ring["inHeader"] else "main" if ring["inMain"] else None
        label = f"{ring['tag']}[{ring['type']}] in {where or 'page'}"
        assert ring["visible"], f"{label} is focused without :focus-visible"
        assert ring["style"] != "none", f"no focus ring on {label}"
        assert ring["width"] >= 2, f"a hairline focus ring on {label}"
        color = _rgb(ring["color"])
        assert contrast(color, page_bg) >= 3, f"{label}: ring {ring['color']} on the page {page_bg}"
        assert contrast(color, header_bg) >= 3, f"{label}: ring {ring['color']} on the header {header_bg}"
        if where:
            seen[where] += 1
            kinds.add(ring["tag"])
    # Both backgrounds were really tried.
    assert seen["header"], seen
    assert seen["main"], seen
    assert {"a", "button"} <= kinds or {"a", "input"} <= kinds, kinds


def test_screenshots_folder_is_the_configured_one(monkeypatch, tmp_path):
    monkeypatch.setenv("QAZETA_SCREENSHOTS", str(tmp_path / "shots"))
    assert screenshot_dir() == tmp_path / "shots"
    assert screenshot_dir().is_dir()
    monkeypatch.delenv("QAZETA_SCREENSHOTS")
    assert screenshot_dir() == Path(settings.BASE_DIR) / ".artifacts" / "screenshots"
