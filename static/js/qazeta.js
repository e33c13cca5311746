/* QazETA's own behaviour on every page (loaded with defer from templates/base.html; the Content-Security-Policy
 * forbids inline script).
 *
 * - The error summary (#error-summary, tabindex="-1") takes the focus when the page opens and after every htmx
 *   swap that brings one, so the keyboard and the screen reader start at the errors.
 * - After an htmx swap without errors the focus goes back to the control that had it (same id) without scrolling,
 *   or to the swapped part's [data-focus-after-swap] element, so work continues where it was.
 * - A response may ask for a sentence to be read out: the HX-Trigger event "qazeta:announce" (its value is the
 *   text), or a [data-announce] element in the swapped content; the text goes to the polite live region #announce.
 */
(function () {
  "use strict";

  var lastFocusedId = "";
  // The focus is placed once per htmx answer (afterSettle fires for each swapped element, out-of-band ones too).
  var focusPending = false;

  function announce(text) {
    var region = document.getElementById("announce");
    if (!region || !text) {
      return;
    }
    // Emptied first so that the same sentence twice is read twice.
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = text;
    }, 50);
  }

  function focusSummary(scroll) {
    var summary = document.getElementById("error-summary");
    if (!summary || summary.hasAttribute("data-focused")) {
      return false;
    }
    summary.setAttribute("data-focused", "");
    if (!summary.hasAttribute("tabindex")) {
      summary.setAttribute("tabindex", "-1");
    }
    summary.focus({ preventScroll: !scroll });
    if (scroll) {
      summary.scrollIntoView({ block: "start" });
    }
    return true;
  }

  function onLoad() {
    focusSummary(true);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }

  document.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    lastFocusedId = active && active.id ? active.id : "";
    focusPending = true;
  });

  // An answer swapped in place keeps the page where it was: the browser's scroll anchoring may otherwise jump
  // when a long part of the page is replaced (an error summary still scrolls to itself, below).
  var scrollBeforeSwap = null;
  document.addEventListener("htmx:beforeSwap", function () {
    scrollBeforeSwap = window.scrollY;
  });
  document.addEventListener("htmx:afterSwap", function () {
    if (scrollBeforeSwap !== null && window.scrollY !== scrollBeforeSwap) {
      window.scrollTo(window.scrollX, scrollBeforeSwap);
    }
  });

  document.addEventListener("qazeta:announce", function (event) {
    var detail = event.detail || {};
    announce(typeof detail === "string" ? detail : detail.value);
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var swapped = event.detail && event.detail.elt ? event.detail.elt : event.target;
    var spoken = swapped && swapped.querySelector ? swapped.querySelector("[data-announce]") : null;
    if (!spoken) {
      spoken = document.querySelector("[data-announce]:not([data-announced])");
    }
    if (spoken && !spoken.hasAttribute("data-announced")) {
      spoken.setAttribute("data-announced", "");
      announce(spoken.getAttribute("data-announce") || spoken.textContent.trim());
    }
    if (scrollBeforeSwap !== null && window.scrollY !== scrollBeforeSwap) {
      window.scrollTo(window.scrollX, scrollBeforeSwap);
    }
    scrollBeforeSwap = null;
    if (!focusPending) {
      return;
    }
    focusPending = false;
    if (focusSummary(true)) {
      return;
    }
    var target = lastFocusedId ? document.getElementById(lastFocusedId) : null;
    if (!target) {
      target = document.querySelector("[data-focus-after-swap]:not([data-focused])");
      if (target) {
        target.setAttribute("data-focused", "");
      }
    }
    if (target && target !== document.activeElement) {
      target.focus({ preventScroll: true });
    }
  });
})();
