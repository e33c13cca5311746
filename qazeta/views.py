"""Cross-cutting views: the health check used by load balancers, the site icon."""

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control


def healthz(request: HttpRequest) -> JsonResponse:
    """200 ``{"status": "ok"}`` when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database error means "not healthy"; the body says no more on purpose
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


#: The portal's icon (static/favicon.ico), read once per process.
_FAVICON: bytes | None = None


def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``: the icon browsers ask for at the site's root (200, ``image/x-icon``, cached a day). Read
    through the static files finders (development, tests) or the collected static files (production)."""
    global _FAVICON
    if _FAVICON is None:
        path = finders.find("favicon.ico")
        if path:
            with open(path, "rb") as fh:
                _FAVICON = fh.read()
        else:
            with staticfiles_storage.open("favicon.ico") as fh:
                _FAVICON = fh.read()
    response = HttpResponse(_FAVICON, content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=86400)
    return response
