"""What a browser test does after a click: wait until the click's work is done, never a fixed sleep.

``page.click()`` returns as soon as the click is dispatched, and ``page.wait_for_load_state()`` right after it
returns at once on the page still showing, so a test that reads the database next can run before the request has
been answered (a flaky failure seen in CI). :func:`click_and_wait` waits for the outcome instead.
"""

from __future__ import annotations

#: True when the element is an htmx control, or the button of a form htmx posts: its answer is swapped in, not
#: navigated to. (A form that only refreshes a part on change, like the quote on the new-application form, still
#: navigates when submitted.)
_IS_HTMX = """el => el.hasAttribute('hx-post') || el.hasAttribute('hx-get')
    || !!(el.closest('form') && el.closest('form').hasAttribute('hx-post'))"""

#: True once htmx has neither a request in flight nor a swap settling on the page.
_HTMX_IDLE = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


def click_and_wait(page, target) -> None:  # noqa: ANN001 - Playwright Page and Locator
    """Click ``target`` (a Playwright locator on ``page``) and return when what it started has finished.

    A link or a plain form's button: returns once the page it leads to (after any post/redirect/get) has loaded.
    An htmx control: returns once its answer has arrived and been swapped in and settled.
    Raises Playwright's ``TimeoutError`` when neither happens within the context's default timeout.
    """
    if target.evaluate(_IS_HTMX):
        with page.expect_response(lambda response: response.request.headers.get("hx-request") == "true"):
            target.click()
        page.wait_for_function(_HTMX_IDLE)
        return
    with page.expect_navigation():
        target.click()
    page.wait_for_load_state()
