"""Cross-cutting views: the health check used by load balancers."""

from django.db import connection
from django.http import HttpRequest, JsonResponse


def healthz(request: HttpRequest) -> JsonResponse:
    """200 ``{"status": "ok"}`` when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database error means "not healthy"; the body says no more on purpose
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
