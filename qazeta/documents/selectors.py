"""Reads of issued documents: public verification."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from .codes import normalise_code
from .models import IssuedDocument


def verify(code: str) -> IssuedDocument | None:
    """The document a typed or scanned verification code names, or None if there is none.

    Case, spaces and dashes are ignored (see ``codes.normalise_code``). Revoked and cancelled documents
    are returned too: the page must say "revoked" or "cancelled", not "not found".
    """
    normalised = normalise_code(code)
    if normalised is None:
        return None
    return IssuedDocument.objects.filter(verification_code=normalised).first()


def verification_url(code: str) -> str:
    """The absolute public URL of a code's verification page: ``settings.SITE_URL`` + ``/verify/<code>/``."""
    return settings.SITE_URL.rstrip("/") + reverse("verify", kwargs={"code": code})
