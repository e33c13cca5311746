"""Which service extends which visa: the one place that maps a visa record to its extension service's code.

Data, not engine: the codes are the catalogue's (``visas/catalogue.toml``), kept here as strings so the kernel
imports no plug-in. Source: guide 2025, Work visa §3 (C3), Investor visa §3 (A5, A6), Short-term business visa
§2 (B1 and B3 single entry), Long-term business visa §3 (B2 and B3 multiple entry).
"""

from __future__ import annotations

from .models import Entries, VisaCategory, VisaRecord

#: Category → extension service code, where the category alone decides.
EXTENSION_SERVICE_BY_CATEGORY: dict[str, str] = {
    VisaCategory.C3: "c3-extension",
    VisaCategory.A5: "investor-visa-extension",
    VisaCategory.A6: "investor-visa-extension",
    VisaCategory.B1: "business-single-extension",
    VisaCategory.B2: "business-multi-extension",
}
#: A B3 visa is extended by the single- or the multiple-entry service, by its ``entries``.
EXTENSION_SERVICE_B3_BY_ENTRIES: dict[str, str] = {
    Entries.SINGLE: "business-single-extension",
    Entries.MULTIPLE: "business-multi-extension",
}


def extension_service_code(record: VisaRecord) -> str | None:
    """The code of the service that extends ``record``; None for an exit visa or a B3 whose entries are unknown."""
    if record.category == VisaCategory.B3:
        return EXTENSION_SERVICE_B3_BY_ENTRIES.get(record.entries)
    return EXTENSION_SERVICE_BY_CATEGORY.get(record.category)
