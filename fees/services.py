"""Writes of the fees app.

Fee data is written in two places only: ``load_tariffs`` (fees.loader) seeds the rows the database lacks from
fees/data/tariffs.toml, and supervisors edit rows in the admin (which runs the overlap check of
``EffectiveDated.clean``). Quotes are reads: see fees.selectors (``quote``, ``fee_table``,
``offered_channels``, ``state_duty_for``).
"""

from fees.loader import LoadResult, load_tariffs

__all__ = ["LoadResult", "load_tariffs"]
