"""Forms of the payments pages."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _


class ReceiptForm(forms.Form):
    receipt = forms.FileField(
        label=_("Payment receipt"),
        help_text=_("The bank's receipt or payment order: PDF, JPEG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class StatementForm(forms.Form):
    """A month (``YYYY-MM``) and a file format."""

    month = forms.CharField(
        label=_("Month"), max_length=7, widget=forms.DateInput(attrs={"type": "month"}), help_text=_("YYYY-MM")
    )
    format = forms.ChoiceField(label=_("Format"), choices=[("pdf", "PDF"), ("csv", "CSV")], initial="pdf")

    def clean_month(self) -> tuple[int, int]:
        """``(year, month)``; raises ValidationError for anything else than an existing ``YYYY-MM``."""
        try:
            year, month = (int(part) for part in self.cleaned_data["month"].split("-"))
            day = dt.date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_("Enter a month as YYYY-MM, e.g. 2026-11.")) from None
        return day.year, day.month
