"""Public verification of issued documents: anyone, without logging in, checks a code or a scanned QR.

The page shows what the document is, its reference, date of issue, the holder's initials and whether it
is valid — nothing else of the person (their data stays behind login).
"""

from __future__ import annotations

import hashlib

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

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
        error = gettext("A verification code has 16 letters and digits, e.g. 7K3M-Q9TX-2HBD-W4ZP.")
    return _public(render(request, "documents/verify_form.html", {"code": raw, "error": error}))


class FileCheckForm(forms.Form):
    """A copy of the document to compare with the issued one, by SHA-256 (nothing is stored)."""

    file = forms.FileField(label=gettext_lazy("Check a file against this document"))

    def clean_file(self):  # noqa: ANN201 - an UploadedFile
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                gettext("The file is larger than %(value)s MB.") % {"value": settings.UPLOAD_MAX_BYTES // 1048576}
            )
        return upload


@never_cache  # a revocation must show at once
@require_http_methods(["GET", "POST"])
def verify_document(request: HttpRequest, code: str) -> HttpResponse:
    """``GET /verify/<code>/``: the document's public facts and VALID / CANCELLED / REVOKED; 404 for an unknown code.

    ``POST`` with a file: whether that file is, byte for byte, the issued document (its SHA-256 compared with the
    one kept at issue). This is how a state body's document, whose scan carries no QR, is checked. The file is
    hashed in memory and not kept.
    """
    document = verify(code)
    if document is None:
        response = render(request, "documents/verify_not_found.html", {"code": code}, status=404)
        return _public(response)
    form = FileCheckForm(request.POST or None, request.FILES or None)
    matches = None
    if request.method == "POST" and form.is_valid():
        digest = hashlib.sha256()
        for chunk in form.cleaned_data["file"].chunks():
            digest.update(chunk)
        matches = digest.hexdigest() == document.sha256
    context = {"document": document, "form": form, "matches": matches}
    return _public(render(request, "documents/verify.html", context, status=400 if form.errors else 200))
