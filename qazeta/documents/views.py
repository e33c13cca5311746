"""Public verification of issued documents: anyone, without logging in, checks a code or a scanned QR.

The page shows what the document is, its reference, date of issue, the holder's initials and whether it
is valid — nothing else of the person (their data stays behind login).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .codes import normalise_code
from .selectors import verify


def _public(response: HttpResponse) -> HttpResponse:
    # Verification pages are for the person holding the paper, not for search engines.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def verify_form(request: HttpRequest) -> HttpResponse:
    """``GET /verify/``: the form; ``?code=...`` redirects to that code's page (the code normalised)."""
    raw = request.GET.get("code", "").strip()
    error = ""
    if raw:
        code = normalise_code(raw)
        if code is not None:
            return redirect("verify", code=code)
        error = "A verification code has 16 letters and digits, e.g. 7K3M-Q9TX-2HBD-W4ZP."
    return _public(render(request, "documents/verify_form.html", {"code": raw, "error": error}))


@never_cache  # a revocation must show at once
@require_GET
def verify_document(request: HttpRequest, code: str) -> HttpResponse:
    """``GET /verify/<code>/``: the document's public facts and VALID / REVOKED; 404 for an unknown code."""
    document = verify(code)
    if document is None:
        response = render(request, "documents/verify_not_found.html", {"code": code}, status=404)
        return _public(response)
    return _public(render(request, "documents/verify.html", {"document": document}))
