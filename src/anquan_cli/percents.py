"""Percents as people type them: `45`, `45.5`, `50%`, `５０％`, or a spreadsheet's 0.5 shown as 50%.

One reader for `anquan update --percent` and for a sheet's 完成百分比 column, so the two never
disagree. A fraction is rounded half up to a whole percent (45.5 → 46) and the caller is handed
a note saying so, which it prints: progress is recorded in whole percents.
"""

from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_UP, Decimal, DecimalException

from .errors import UsageError
from .labels import message
from .records import record
from .render import clip


@record(frozen=True)
class Percent:
    value: int
    note: str | None = None  # set when the number given was rounded


def parse_percent(given: str | float, heading: str, *, shown_as_percent: bool = False) -> Percent:
    """A whole percent from 0 to 100. `heading` names the field in messages (`--percent`,
    `完成百分比`); `shown_as_percent` says a number is a spreadsheet fraction (0.5 is 50%)."""
    unreadable = UsageError(message("percent_unreadable", heading=heading, text=clip(str(given))))
    if isinstance(given, bool):
        raise unreadable
    try:
        if isinstance(given, (int, float)):
            number = Decimal(repr(given)) * (100 if shown_as_percent else 1)
        else:
            text = unicodedata.normalize("NFKC", given).strip()
            number = Decimal(text[:-1].strip() if text.endswith("%") else text)
        if not number.is_finite():
            raise unreadable
        if not 0 <= number <= 100:  # before rounding: 1e999999 has no six-decimal form
            raise UsageError(message("percent_out_of_range", heading=heading, text=clip(format(number, "f") if abs(number) < 10**9 else str(given))))
        number = number.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)  # 0.6 * 100 is 60, not 60.00000000000001
    except DecimalException:
        raise unreadable from None
    shown = format(number.normalize(), "f")  # 45.500000 as 45.5
    whole = int(number.to_integral_value(rounding=ROUND_HALF_UP))
    if number == whole:
        return Percent(whole)
    return Percent(whole, message("percent_rounded", heading=heading, text=shown, value=whole))
