"""API views of the fees app: the public fee quote."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fees.api.serializers import QuoteQuerySerializer, QuoteSerializer
from fees.selectors import QuoteError, quote


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
        query = QuoteQuerySerializer(data=params)
        if not query.is_valid():
            return Response(query.errors, status=400)
        try:
            result = quote(**query.validated_data)
        except QuoteError as exc:
            return Response({exc.field: [exc.message]}, status=400)
        # ``as_dict`` is already the documented shape (QuoteSerializer, used for the schema and checked equal in
        # tests/fees/test_cache.py): running the serializer again cost more than the quote itself.
        return Response(result.as_dict())
