"""API views of the fees app: the public fee quote."""

import datetime as dt
from functools import lru_cache
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fees.api.serializers import QuoteQuerySerializer, QuoteSerializer
from fees.cache import fee_tables
from fees.selectors import QuoteError, quote

#: How many distinct answers ``QuoteView`` keeps (least recently used dropped first): a calculator asks a few
#: hundred combinations of service, channel, validity and variant.
ANSWERS_KEPT = 1024


def _answer(params: dict[str, str]) -> tuple[int, dict[str, Any]]:
    """``(status, body)`` of a quote request with these parameters: 200 and the quote, or 400 and the errors."""
    query = QuoteQuerySerializer(data=params)
    if not query.is_valid():
        return 400, dict(query.errors)
    try:
        result = quote(**query.validated_data)
    except QuoteError as exc:
        return 400, {exc.field: [exc.message]}
    # ``as_dict`` is already the documented shape (QuoteSerializer, used for the schema and checked equal in
    # tests/fees/test_cache.py): running the serializer again cost more than the quote itself.
    return 200, result.as_dict()


def remembered_answer(params: dict[str, str]) -> tuple[int, dict[str, Any]]:
    """``_answer``, kept in process memory for the same parameters, language, day (Asia/Almaty) and fee tables
    version (``fees.cache``: a change to any fee table gives a new version, so an answer is never older than the
    tables). Not kept when the tables are read outside the cache (``version`` empty: uncommitted fee writes in
    this thread, or the shared cache unreachable). Issue 10: the quote at ≥ 70 % of an empty DRF view's rate."""
    version = fee_tables().version
    if not version:
        return _answer(params)
    return _kept_answer(tuple(sorted(params.items())), get_language(), timezone.localdate(), version)


@lru_cache(maxsize=ANSWERS_KEPT)
def _kept_answer(
    params: tuple[tuple[str, str], ...], language: str, day: dt.date, version: str
) -> tuple[int, dict[str, Any]]:
    # ``language``, ``day`` and ``version`` are the key only: ``_answer`` reads them as they are now, the same.
    return _answer(dict(params))


class QuoteView(APIView):
    """``GET /api/v1/fees/quote``: the service fee, state duty and total for a service on a date."""

    permission_classes = [AllowAny]
    # Public and read-only: no authentication, so a stale token cannot turn a price lookup into a 401.
    authentication_classes: list = []

    @extend_schema(
        operation_id="fees_quote",
        summary="Quote the fee of a service",
        description=(
            "Service fee (Expat Centre tariff for the channel, validity band and variant) plus state duty "
            "(MRP multiple × MRP of the date's year), in KZT as decimal strings. "
            'A 400 names the parameter at fault: {"channel": ["..."]}.'
        ),
        parameters=[QuoteQuerySerializer],
        responses={
            200: QuoteSerializer,
            400: OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description="A parameter is missing or wrong: {parameter: [message]}.",
                examples=[
                    OpenApiExample(
                        "Channel not offered",
                        value={"channel": ["The Walk-in (priority submission) channel is not offered ..."]},
                    )
                ],
            ),
        },
        tags=["fees"],
    )
    def get(self, request: Request) -> Response:
        # An empty parameter (a blank form field) means "not given", not "invalid".
        params = {key: value for key, value in request.query_params.items() if value != ""}
        status, body = remembered_answer(params)
        return Response(body, status=status)
