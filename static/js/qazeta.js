/* QazETA's own behaviour on every page (loaded with defer from templates/base.html; the Content-Security-Policy
 * forbids inline script).
 *
 * - The error summary (#error-summary, tabindex="-1") takes the focus when the page opens and after every htmx
 *   swap that brings one, so the keyboard and the screen reader start at the errors.
 * - After an htmx swap without errors the focus goes back to the control that had it (same id) without scrolling,
 *   or to the swapped part's [data-focus-after-swap] element, so work continues where it was; only when the swap
 *   took the focus away (a focus the person has since moved to another control stays there).
 * - An htmx swap keeps the scroll position, and the title starts with "Error:" while an answer's summary shows.
 * - Document previews ([data-preview-src]) load one at a time, on load and after each swap.
 * - A response may ask for a sentence to be read out: the HX-Trigger event "qazeta:announce" (its value is the
 *   text), or a [data-announce] element in the swapped content; the text goes to the polite live region #announce.
 */
(function () {
  "use strict";

  var lastFocusedId = "";
  // The focus is placed once per htmx answer (afterSettle fires for each swapped element, out-of-band ones too).
  var focusPending = false;

  var lastSpoken = "";
  var lastSpokenAt = 0;

  function announce(text) {
    var region = document.getElementById("announce");
    if (!region || !text) {
      return;
    }
    // The same result may come twice (the HX-Trigger event and the swapped [data-announce]): read it once.
    var now = Date.now();
    if (text === lastSpoken && now - lastSpokenAt < 2000) {
      return;
    }
    lastSpoken = text;
    lastSpokenAt = now;
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

  // After a swap the title says whether the page shows an error, as a whole page does ("Error: …"): the summary
  // an answer brings names the prefix in its language (data-title-prefix).
  var titlePrefix = "";

  function markTitle() {
    var summary = document.getElementById("error-summary");
    var prefix = summary ? summary.getAttribute("data-title-prefix") : "";
    if (prefix) {
      titlePrefix = prefix;
      if (document.title.indexOf(prefix) !== 0) {
        document.title = prefix + " " + document.title;
      }
    } else if (!summary && titlePrefix && document.title.indexOf(titlePrefix + " ") === 0) {
      document.title = document.title.slice(titlePrefix.length + 1);
    }
  }

  // Document previews (officer panel) load one after the other rather than all at once: a page of ten scans does
  // not send ten requests together, each of which writes its access-log row.
  var previewQueue = [];
  var previewLoading = false;

  function nextPreview() {
    var element = previewQueue.shift();
    // One replaced by a swap before its turn is skipped.
    while (element && !document.body.contains(element)) {
      element = previewQueue.shift();
    }
    if (!element) {
      previewLoading = false;
      // Says that every preview has answered (the browser tests wait for it).
      document.documentElement.setAttribute("data-previews-loaded", "");
      return;
    }
    previewLoading = true;
    document.documentElement.removeAttribute("data-previews-loaded");
    var finished = false;
    var done = function () {
      if (finished) {
        return;
      }
      finished = true;
      element.removeEventListener("load", done);
      element.removeEventListener("error", done);
      nextPreview();
    };
    element.addEventListener("load", done);
    element.addEventListener("error", done);
    // A frame that never reports (a viewer that hangs) does not hold up the others.
    window.setTimeout(done, 10000);
    element.setAttribute("src", element.getAttribute("data-preview-src"));
  }

  function loadPreviews() {
    var waiting = document.querySelectorAll("[data-preview-src]:not([src])");
    for (var i = 0; i < waiting.length; i++) {
      if (previewQueue.indexOf(waiting[i]) === -1) {
        previewQueue.push(waiting[i]);
      }
    }
    if (!previewLoading) {
      nextPreview();
    }
  }

  function onLoad() {
    focusSummary(true);
    loadPreviews();
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
    loadPreviews();
    markTitle();
    if (!focusPending) {
      return;
    }
    focusPending = false;
    if (focusSummary(true)) {
      return;
    }
    // Someone already moved on (typing in another field while the answer came back): the focus stays with them.
    // Only a focus lost with the swapped part (on the body, or on an element no longer in the page) is restored.
    var current = document.activeElement;
    if (current && current !== document.body && document.documentElement.contains(current)) {
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
