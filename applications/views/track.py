"""Tracking without an account (issue 9, item 8): the reference plus the passport number shows the state and what
happens next, nothing more.

What the page shows for a match: the reference (as typed), the state's label and ``selectors.filer_next_step``. No
names, no service fields, no documents, no dates. A wrong pair, an unknown reference and a draft (drafts have no
reference) all get the same answer from the same single query, so the page cannot tell which references exist.

Rate limit (Django's cache, fixed windows, like the sign-in throttle: set ``CACHE_URL`` to a shared cache in
production): at most ``TRACK_LIMIT_PER_ADDRESS`` lookups per client address and ``TRACK_LIMIT_PER_REFERENCE``
lookups of one reference from any address per ``TRACK_WINDOW_SECONDS``. Past either, the answer is HTTP 429 before
anything is looked up. The counters count every lookup, found or not, so guessing the passport number of a known
reference is capped whatever the number of addresses used.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from applications import selectors, services
from applications.constants import State
from applications.models import Application
from qazeta.accounts.signin.client import client_ip

logger = logging.getLogger("qazeta.track")

#: Defaults of the limits (settings of the same names override them).
TRACK_LIMIT_PER_ADDRESS = 20
TRACK_LIMIT_PER_REFERENCE = 10
TRACK_WINDOW_SECONDS = 3600

#: What the access log (``PersonalDataAccess.what``) records when staff look an application up here.
SEEN_ON_TRACK = "tracking page"


def _limits() -> tuple[int, int, int]:
    """``(per address, per reference, window in seconds)`` from settings, or the defaults above."""
    return (
        getattr(settings, "TRACK_LIMIT_PER_ADDRESS", TRACK_LIMIT_PER_ADDRESS),
        getattr(settings, "TRACK_LIMIT_PER_REFERENCE", TRACK_LIMIT_PER_REFERENCE),
        getattr(settings, "TRACK_WINDOW_SECONDS", TRACK_WINDOW_SECONDS),
    )


def _key(kind: str, value: str) -> str:
    """A cache key of fixed length (the reference is typed by anyone: never a key of the visitor's choosing)."""
    return f"track:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def _count(key: str, window: int) -> int:
    """Add one lookup to the counter ``key`` (created with ``window`` seconds to live); its new value."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def over_limit(address: str, reference: str) -> bool:
    """Whether a lookup of ``reference`` from ``address`` is refused; counts it when it is not."""
    per_address, per_reference, window = _limits()
    address_key, reference_key = _key("ip", address), _key("ref", reference)
    if (cache.get(address_key) or 0) >= per_address or (cache.get(reference_key) or 0) >= per_reference:
        return True
    _count(address_key, window)
    _count(reference_key, window)
    return False


class TrackForm(forms.Form):
    """The reference (``EC-2026-000012``) and the passport number of the person it is for, as typed (case and
    spaces ignored)."""

    reference = forms.CharField(
        label=_("Application reference"), max_length=32, help_text=_("For example EC-2026-000012.")
    )
    passport_number = forms.CharField(label=_("Passport number"), max_length=16)

    def clean_reference(self) -> str:
        return "".join(self.cleaned_data["reference"].split()).upper()

    def clean_passport_number(self) -> str:
        return "".join(self.cleaned_data["passport_number"].split()).upper()


def find_tracked(reference: str, passport_number: str) -> Application | None:
    """The submitted application with ``reference`` whose person's passport number is ``passport_number``, or
    None. One query whatever the reason for no match (unknown reference, wrong passport, draft)."""
    return (
        Application.objects.exclude(state=State.DRAFT)
        .filter(reference=reference, person__passport_number__iexact=passport_number)
        .first()
    )


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """``GET``: the form. ``POST``: the state and next step of a matching application, or one answer for any
    mismatch; HTTP 429 past the rate limit. The passport number is posted, never put in the address."""
    form = TrackForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, "applications/track.html", context, status=200 if request.method == "GET" else 400)
    reference = form.cleaned_data["reference"]
    address = client_ip(request) or "unknown"
    if over_limit(address, reference):
        logger.warning("tracking refused (rate limit) from %s", address)
        window = _limits()[2]
        response = render(
            request,
            "applications/track.html",
            {**context, "limited": True, "retry_minutes": -(-window // 60)},
            status=429,
        )
        response["Retry-After"] = str(window)
        return response
    application = find_tracked(reference, form.cleaned_data["passport_number"])
    logger.info("tracking lookup from %s: %s", address, "found" if application else "no match")
    if application is None:
        context["not_found"] = True
        return render(request, "applications/track.html", context)
    # The state of a person's application is their data: staff looking here leave a row like anywhere else.
    services.personal_data_viewed(user=request.user, application=application, what=SEEN_ON_TRACK)
    context.update(
        found=True,
        reference=application.reference,
        state_label=application.get_state_display(),
        next_step=selectors.filer_next_step(application),
    )
    return render(request, "applications/track.html", context)


urlpatterns = [path("track/", track, name="track")]
