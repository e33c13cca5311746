"""Reads of the fees app: quotes, the channels and fee table of a service, state duties, the MRP.

Every read here takes the rows from ``fees.cache.fee_tables()`` (process memory, invalidated by a version in the
shared cache): a warm quote runs no database query. The optional ``tables`` argument is a snapshot to read from
(one per quote, so that a quote never mixes two versions); default: the current one.

A quote is computed for a date: the tariff and the state duty in force on that date, and the MRP of that
date's calendar year (each year's budget law sets the MRP from 1 January). All amounts are ``Decimal`` KZT
with two places; rounding happens only in fees.money.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext

from fees.cache import FeeTables, fee_tables
from fees.constants import (
    CURRENCY,
    MAX_VALIDITY_YEARS,
    MIN_VALIDITY_YEARS,
    Channel,
    ValidityBand,
    Variant,
)
from fees.loader import default_fee_data
from fees.models import StateDuty, Tariff
from fees.money import duty_amount, format_kzt, format_mrp_multiple, to_kzt


class QuoteError(ValueError):
    """A quote cannot be given; ``field`` names the input at fault, ``message`` says why (English, for users).

    ``field`` is one of ``service``, ``channel``, ``validity_years``, ``variant``, ``on`` (the API's parameter
    names, so the API answers ``{field: [message]}``).
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Quote:
    """The price of one service on one date, in KZT.

    ``service`` is the service asked for; ``priced_as`` the service whose tariff and duty were used (differs
    for an alias, e.g. an extension, and ``note`` then says so). ``mrp`` is the MRP of ``on``'s year;
    ``state_duty_mrp`` the duty as an MRP multiple; ``state_duty`` = ``mrp`` × ``state_duty_mrp`` rounded half
    up to the tiyn; ``total`` = ``service_fee`` + ``state_duty``.
    """

    service: str
    channel: str
    on: date
    mrp: Decimal
    service_fee: Decimal
    state_duty_mrp: Decimal
    state_duty: Decimal
    total: Decimal
    currency: str = CURRENCY
    note: str = ""
    validity_band: str = ValidityBand.ANY
    variant: str = Variant.NONE
    priced_as: str = ""

    def as_dict(self) -> dict[str, str]:
        """JSON-ready: amounts as 2-place strings ("2162.50"), ``state_duty_mrp`` as "0.5", ``on`` ISO."""
        return {
            "service": self.service,
            "channel": str(self.channel),
            "on": self.on.isoformat(),
            "mrp": format_kzt(self.mrp),
            "service_fee": format_kzt(self.service_fee),
            "state_duty_mrp": format_mrp_multiple(self.state_duty_mrp),
            "state_duty": format_kzt(self.state_duty),
            "total": format_kzt(self.total),
            "currency": self.currency,
            "note": self.note,
            "validity_band": str(self.validity_band),
            "variant": str(self.variant),
            "priced_as": self.priced_as,
        }


@dataclass(frozen=True)
class FeeRow:
    """One line of a service's fee table: the service fee (KZT) for a channel × validity band × variant."""

    channel: str
    validity_band: str
    variant: str
    service_fee: Decimal

    @property
    def channel_label(self) -> str:
        """Human name of the channel."""
        return str(Channel(self.channel).label)

    @property
    def validity_band_label(self) -> str:
        """Human name of the validity band ("Any validity" when the fee does not depend on it)."""
        return str(ValidityBand(self.validity_band).label)

    @property
    def variant_label(self) -> str:
        """Human name of the variant ("Not applicable" for services without variants)."""
        return str(Variant(self.variant).label)


@dataclass(frozen=True)
class StateDutyAmount:
    """The state duty of a service on a date: ``mrp_multiple`` (MRP) × ``mrp`` (KZT) = ``amount`` (KZT)."""

    service: str
    on: date
    mrp_multiple: Decimal
    mrp: Decimal
    amount: Decimal


_CHANNEL_ORDER = {value: i for i, value in enumerate(Channel.values)}
_BAND_ORDER = {value: i for i, value in enumerate(ValidityBand.values)}
_VARIANT_ORDER = {value: i for i, value in enumerate(Variant.values)}


def validity_band_for(validity_years: int) -> ValidityBand:
    """The guide's band for a visa valid ``validity_years`` (1..5): 1-2 up to 2 years, 3-5 three to five.

    Raises ``QuoteError("validity_years")`` outside 1..5 (guide 2025, C3/A5/A6 tables price no other term).
    """
    if not MIN_VALIDITY_YEARS <= validity_years <= MAX_VALIDITY_YEARS:
        raise QuoteError(
            "validity_years",
            gettext("Validity must be between %(MIN_VALIDITY_YEARS)s and %(MAX_VALIDITY_YEARS)s years.")
            % {"MIN_VALIDITY_YEARS": MIN_VALIDITY_YEARS, "MAX_VALIDITY_YEARS": MAX_VALIDITY_YEARS},
        )
    return ValidityBand.UP_TO_2_YEARS if validity_years <= 2 else ValidityBand.FROM_3_TO_5_YEARS


def _has_fee_rows(service: str, tables: FeeTables | None = None) -> bool:
    """Whether ``service`` has a tariff or a state duty row, of any period (rows are never deleted)."""
    return (tables or fee_tables()).has_rows(service)


def priced_as(service: str, *, tables: FeeTables | None = None) -> tuple[str, str]:
    """``(service whose tariff prices `service`, note)``; the note is empty unless ``service`` is an alias.

    Raises ``QuoteError("service")`` for a code with no alias and no tariff or state duty row of any period: the
    fees app does not know that service. A known service with no row in force on a given date is the caller's
    ``QuoteError("on")``, not this one.
    """
    alias = default_fee_data().aliases.get(service)
    if alias is not None:
        return alias.priced_as, alias.note
    if not _has_fee_rows(service, tables):
        raise QuoteError("service", gettext("No fee is recorded for service “%(service)s”.") % {"service": service})
    return service, ""


def priced_services() -> set[str]:
    """Codes of the services a quote can be asked for: those with a tariff row (of any period) and the aliases.

    Whether the tariff is in force on a given date is for ``quote`` to say (``QuoteError("on")``).
    """
    codes = fee_tables().tariff_services()
    return codes | set(default_fee_data().aliases)


def _today() -> date:
    # localdate() is today in TIME_ZONE (Asia/Almaty), not the server's or UTC's date.
    return timezone.localdate()


def _tariffs_in_force(service: str, on: date, tables: FeeTables | None = None) -> list[Tariff]:
    return (tables or fee_tables()).tariffs_in_force(service, on)


def offered_channels(service: str, on: date | None = None) -> list[str]:
    """The channels (Channel values, in Channel order) the service has a tariff for on ``on`` (default today).

    Empty when no tariff is in force that day. Raises ``QuoteError("service")`` for a service without fees.
    Source: guide 2025, the columns of each tariff table.
    """
    target, _note = priced_as(service)
    channels = {t.channel for t in _tariffs_in_force(target, on or _today())}
    return sorted(channels, key=_CHANNEL_ORDER.__getitem__)


def fee_table(service: str, on: date | None = None) -> list[FeeRow]:
    """The service fees in force on ``on`` (default today), ordered by channel, validity band, variant.

    For an alias (an extension) the table of the service it is priced as. Raises ``QuoteError("service")`` for
    a service without fees; empty when no tariff is in force that day.
    """
    target, _note = priced_as(service)
    rows = [
        FeeRow(channel=t.channel, validity_band=t.validity_band, variant=t.variant, service_fee=to_kzt(t.amount))
        for t in _tariffs_in_force(target, on or _today())
    ]
    return sorted(
        rows,
        key=lambda r: (_CHANNEL_ORDER[r.channel], _BAND_ORDER[r.validity_band], _VARIANT_ORDER[r.variant]),
    )


def mrp_for(year: int, *, tables: FeeTables | None = None) -> Decimal:
    """The MRP (KZT) of calendar ``year``. Raises ``QuoteError("on")`` when the table has no such year."""
    mrp = (tables or fee_tables()).mrp(year)
    if mrp is None:
        raise QuoteError("on", gettext("No MRP is recorded for %(year)s.") % {"year": year})
    return to_kzt(mrp)


#: How many calendar days before 1 January staff are reminded that next year's MRP is missing.
MRP_REMINDER_DAYS = 45


def missing_mrp_reminder(today: date | None = None) -> str | None:
    """A reminder for staff when next year's MRP is not recorded and 1 January is near, else ``None``.

    Every quote (and so every submission) on or after 1 January needs that year's MRP, set by the budget law;
    without it they fail with an error on ``on`` rather than use a wrong figure.
    """
    day = today or _today()
    next_year = day.year + 1
    if (date(next_year, 1, 1) - day).days > MRP_REMINDER_DAYS:
        return None
    if fee_tables().mrp(next_year) is not None:
        return None
    return gettext(
        "No MRP is recorded for %(next_year)s. From 1 January %(next_year)s "
        "fees cannot be quoted and applications cannot be submitted until a "
        "supervisor adds it (admin → Fees → MRP) from the %(next_year)s budget "
        "law."
    ) % {"next_year": next_year}


def _state_duty_row(service: str, on: date, tables: FeeTables | None = None) -> StateDuty:
    row = (tables or fee_tables()).state_duty_in_force(service, on)
    if row is None:
        raise QuoteError(
            "on",
            gettext("No state duty for '%(service)s' is in force on %(value)s.")
            % {"service": service, "value": on.isoformat()},
        )
    return row


def state_duty_for(service: str, on: date | None = None) -> StateDutyAmount:
    """The state duty of ``service`` on ``on`` (default today): MRP multiple, MRP of the year, amount in KZT.

    For an alias, the duty of the service it is priced as. Raises ``QuoteError("service")`` for a service
    without fees and ``QuoteError("on")`` when no duty row is in force or no MRP is recorded for the year.
    """
    day = on or _today()
    tables = fee_tables()
    target, _note = priced_as(service, tables=tables)
    multiple = _state_duty_row(target, day, tables).mrp_multiple
    mrp = mrp_for(day.year, tables=tables)
    return StateDutyAmount(service=service, on=day, mrp_multiple=multiple, mrp=mrp, amount=duty_amount(mrp, multiple))


def quote(
    *,
    service: str,
    channel: str,
    validity_years: int | None = None,
    variant: str = "",
    on: date | None = None,
) -> Quote:
    """Price ``service`` through ``channel`` on ``on`` (default: today in Asia/Almaty).

    ``validity_years`` (1..5) is required for services priced by validity band (C3, A5, A6 and their aliases)
    and otherwise only range-checked; ``variant`` ("employee" / "expert") is required for the TRP and ignored
    for services without variants. Raises ``QuoteError`` with ``field``:

    * ``service``: no fee is recorded for the code (no tariff or state duty row of any period, no alias);
    * ``channel``: not a channel, or a channel the guide does not offer for the service (never a zero fee);
    * ``validity_years``: missing where the fee depends on it, or outside 1..5;
    * ``variant``: not a variant, or missing/unpriced where the service has variants;
    * ``on``: no tariff or state duty in force on that date, or no MRP for its year.

    Source: guide 2025 tariff tables (fees/data/tariffs.toml); MRP from the budget laws.
    """
    day = on or _today()
    tables = fee_tables()  # one snapshot for the whole quote: one version, and one load when not cached
    target, note = priced_as(service, tables=tables)
    variant = variant or ""  # a NULL variant column means "none", like the empty string
    if channel not in Channel.values:
        raise QuoteError("channel", gettext("Unknown channel '%(channel)s'.") % {"channel": channel})
    if variant not in Variant.values:
        raise QuoteError("variant", gettext("Unknown variant '%(variant)s'.") % {"variant": variant})
    band_asked = validity_band_for(validity_years) if validity_years is not None else None

    in_force = _tariffs_in_force(target, day, tables)
    if not in_force:
        raise QuoteError(
            "on",
            gettext("No tariff for '%(service)s' is in force on %(value)s.")
            % {"service": service, "value": day.isoformat()},
        )
    offered = sorted({t.channel for t in in_force}, key=_CHANNEL_ORDER.__getitem__)
    if channel not in offered:
        names = ", ".join(str(Channel(c).label) for c in offered)
        raise QuoteError(
            "channel",
            gettext("The %(label)s channel is not offered for this service (offered: %(names)s).")
            % {"label": Channel(channel).label, "names": names},
        )
    candidates = [t for t in in_force if t.channel == channel]

    band = ValidityBand.ANY
    if any(t.validity_band != ValidityBand.ANY for t in candidates):
        if band_asked is None:
            raise QuoteError(
                "validity_years",
                gettext("The fee depends on the visa's validity (up to 2 years, or 3 to 5 years); give it in years."),
            )
        band = band_asked

    chosen_variant = Variant.NONE
    if any(t.variant for t in candidates):
        if not variant:
            names = ", ".join(sorted({str(Variant(t.variant).label) for t in candidates}))
            raise QuoteError(
                "variant",
                gettext("The fee depends on the applicant's variant; choose one of: %(names)s.") % {"names": names},
            )
        chosen_variant = Variant(variant)

    matches = [t for t in candidates if t.validity_band == band and t.variant == chosen_variant]
    if not matches:
        field = "variant" if chosen_variant else "validity_years"
        raise QuoteError(field, gettext("No fee is set for this combination on that date."))
    # The overlap check keeps one row per key in force; the latest start wins should the data ever disagree.
    tariff = max(matches, key=lambda t: t.effective_from)

    duty_row = _state_duty_row(target, day, tables)
    mrp = mrp_for(day.year, tables=tables)
    service_fee = to_kzt(tariff.amount)
    state_duty = duty_amount(mrp, duty_row.mrp_multiple)
    notes = [text for text in (note, default_fee_data().notes.get(service, "")) if text]
    return Quote(
        service=service,
        channel=channel,
        on=day,
        mrp=mrp,
        service_fee=service_fee,
        state_duty_mrp=duty_row.mrp_multiple,
        state_duty=state_duty,
        total=service_fee + state_duty,
        note=" ".join(notes),
        validity_band=band,
        variant=chosen_variant,
        priced_as=target,
    )
