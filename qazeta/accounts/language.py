"""The language switcher, remembering the choice on the signed-in user (``User.language``) for their e-mails."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language`` (cookie + redirect to ``next``); a signed-in user's choice is also stored on the
    user, so the e-mails the portal sends them later are in that language. POST only (``language``, ``next``)."""
    response = django_set_language(request)
    code = request.POST.get("language", "")
    user = request.user
    if (
        user.is_authenticated
        and code in dict(settings.LANGUAGES)
        and check_for_language(code)
        and user.language != code
    ):
        user.language = code
        user.save(update_fields=["language"])
    return response
