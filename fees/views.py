"""HTML views of the fees app: the public fee calculator at /fees/."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from applications.catalogue import get_service
from fees.forms import CalculatorForm
from fees.selectors import QuoteError, fee_table, quote


@require_GET
def calculator(request: HttpRequest) -> HttpResponse:
    """Show the calculator form and, once submitted, the quote breakdown or the error on its field."""
    form = CalculatorForm(request.GET or None)
    result = None
    table = None
    service_label = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            result = quote(
                service=data["service"],
                channel=data["channel"],
                validity_years=data["validity_years"],
                variant=data["variant"] or "",
                on=data["on"],
            )
        except QuoteError as exc:
            form.add_error(exc.field, exc.message)
        table = fee_table(data["service"], on=data["on"])
        # The form offers only catalogue codes, so the catalogue has this one.
        service_label = get_service(data["service"]).name
    context = {"form": form, "quote": result, "fee_table": table, "service_label": service_label}
    return render(request, "fees/calculator.html", context)
