"""Request body parsers of the REST API: DRF's, with limits on size and nesting (docs/decisions/0010).

``REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]`` names these and ``REST_FRAMEWORK["EXCEPTION_HANDLER"]`` names
``exception_handler``. A body too large is a 413 and a JSON document nested too deeply a 400, both before a view sees
the data; without them Python's ``json`` raises RecursionError (a 500) on a few thousand nested brackets, and
Django's own size refusal reaches an API client as an HTML page.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import parsers, status, views
from rest_framework.exceptions import APIException, ParseError
from rest_framework.response import Response

#: Deepest nesting of objects and arrays a JSON body may have; the API's own bodies have two or three levels.
MAX_JSON_DEPTH = 32


class PayloadTooLarge(APIException):
    """413: the request body (or a file in it) is over the upload or data limits."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload_too_large"


def _content_length(parser_context: dict[str, Any] | None) -> int:
    request = (parser_context or {}).get("request")
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
    except ValueError:
        return 0


def _refuse_over_data_limit(parser_context: dict[str, Any] | None) -> None:
    """Refuse a non-file body over ``settings.DATA_UPLOAD_MAX_MEMORY_SIZE`` before reading it (DRF itself reads any
    size: Django checks that limit only in ``request.body`` and ``request.POST``)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    length = _content_length(parser_context)
    if limit is not None and length > limit:
        raise PayloadTooLarge(f"The request body is {length} bytes; at most {limit} are accepted.")


def json_depth(value: Any, *, limit: int) -> int:
    """How deeply ``value`` (parsed JSON) nests objects and arrays, counted without recursion; stops past ``limit``.

    A scalar is 0, ``[]`` and ``{}`` are 1, ``{"a": [1]}`` is 2.
    """
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > limit:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser: a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is a 413, deeper than ``MAX_JSON_DEPTH`` a 400."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict[str, Any] | None = None) -> Any:
        _refuse_over_data_limit(parser_context)
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON parse error - nested more than {MAX_JSON_DEPTH} levels deep.") from None
        if json_depth(data, limit=MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
            raise ParseError(f"JSON parse error - nested more than {MAX_JSON_DEPTH} levels deep.")
        return data


class FormParser(parsers.FormParser):
    """DRF's form parser; a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is a 413."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict[str, Any] | None = None) -> Any:
        _refuse_over_data_limit(parser_context)
        return super().parse(stream, media_type, parser_context)


class MultiPartParser(parsers.MultiPartParser):
    """DRF's multipart parser; the upload limits of ``qazeta.uploads.CappedUploadHandler`` answer 413."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict[str, Any] | None = None) -> Any:
        from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent

        try:
            return super().parse(stream, media_type, parser_context)
        except RequestDataTooBig as exc:
            raise PayloadTooLarge(str(exc)) from None
        except (TooManyFieldsSent, TooManyFilesSent) as exc:
            raise ParseError(f"Multipart form parse error - {exc}") from None


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler, plus Django's refusals of a request body as JSON: ``RequestDataTooBig`` (a body over
    ``DATA_UPLOAD_MAX_MEMORY_SIZE``, which DRF ≥ 3.16 checks when it reads the body) is a 413, too many fields or
    files a 400. Anything else is DRF's answer (``None``: not handled, Django answers)."""
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent

    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge(str(exc))
    elif isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        exc = ParseError(str(exc))
    return views.exception_handler(exc, context)
