"""Dates as people and the notice write them.

`parse_period` reads what a user types (ISO days and months, Chinese dates, named and
relative dates) as an inclusive span of days; callers take its start or end. The notice's own
time limits ("2025年6月底前", "年底前") go through `time_limit_date`, and recurring duties
(每半年, 每年) through `period_ends`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .errors import UsageError
from .labels import message

ACCEPTED_FORMS = (
    "2025-06-30, 2025-06, 2025年6月30日, 2025年6月底, 2025年6月, 6月底, 6月30日, 年底, 上半年, 下半年, "
    "第三季度 (or Q3), today, eom, eoq, eoy, +30d, -2w, 3m, +1y"
)

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
_RELATIVE = re.compile(r"^([+-]?)(\d+)\s*([dwmy])$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_CN_DAY = re.compile(r"^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]$")
_CN_MONTH_END = re.compile(r"^(?:(\d{4})年)?(\d{1,2})月(?:底|末)$")
_CN_MONTH = re.compile(r"^(\d{4})年(\d{1,2})月$")
_CN_YEAR = re.compile(r"^(\d{4})年?$")
_QUARTER = re.compile(r"^(?:(\d{4})年?)?(?:第?([一二三四])季度|[Qq]([1-4]))$")
_HALF = re.compile(r"^(?:(\d{4})年)?([上下])半年$")
_YEAR_END = re.compile(r"^(?:(\d{4})年年?|年)(?:底|末)$")  # 年底, 2025年底, 2025年年底; never a bare 底


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date


def month_end(year: int, month: int) -> dt.date:
    import calendar

    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise UsageError(message("date_no_day", text=text)) from None


def _month(year: int, month: int, text: str) -> Period:
    if not 1 <= month <= 12:
        raise UsageError(message("date_no_month", text=text, month=month))
    return Period(dt.date(year, month, 1), month_end(year, month))


def _quarter(year: int, quarter: int) -> Period:
    first = 3 * quarter - 2
    return Period(dt.date(year, first, 1), month_end(year, first + 2))


def parse_period(text: str, *, today: dt.date, year: int) -> Period:
    """Read a date as typed; `year` is the notice year for forms without one (6月底, 上半年)."""
    s = text.strip().replace(" ", "")
    if s.endswith("前") and len(s) > 1:  # "2025年6月底前" as the notice writes it
        s = s[:-1]
    lowered = s.lower()
    named = _named(lowered, today)
    if named is not None:
        return Period(named, named)
    if m := _RELATIVE.match(lowered):
        from dateutil.relativedelta import relativedelta  # only relative dates need it

        sign = -1 if m.group(1) == "-" else 1
        n = sign * int(m.group(2))
        unit = m.group(3)
        delta = {
            "d": relativedelta(days=n),
            "w": relativedelta(weeks=n),
            "m": relativedelta(months=n),
            "y": relativedelta(years=n),
        }[unit]
        day = today + delta
        return Period(day, day)
    if m := _ISO_DAY.match(s):
        day = _day(int(m.group(1)), int(m.group(2)), int(m.group(3)), text)
        return Period(day, day)
    if m := _ISO_MONTH.match(s):
        return _month(int(m.group(1)), int(m.group(2)), text)
    if m := _CN_DAY.match(s):
        day = _day(int(m.group(1) or year), int(m.group(2)), int(m.group(3)), text)
        return Period(day, day)
    if m := _CN_MONTH_END.match(s):
        end = _month(int(m.group(1) or year), int(m.group(2)), text).end
        return Period(end, end)
    if m := _CN_MONTH.match(s):
        return _month(int(m.group(1)), int(m.group(2)), text)
    if m := _YEAR_END.match(s):
        end = dt.date(int(m.group(1) or year), 12, 31)
        return Period(end, end)
    if m := _QUARTER.match(s):
        quarter = _CN_DIGITS[m.group(2)] if m.group(2) else int(m.group(3))
        return _quarter(int(m.group(1) or year), quarter)
    if m := _HALF.match(s):
        y = int(m.group(1) or year)
        if m.group(2) == "上":
            return Period(dt.date(y, 1, 1), dt.date(y, 6, 30))
        return Period(dt.date(y, 7, 1), dt.date(y, 12, 31))
    if m := _CN_YEAR.match(s):
        y = int(m.group(1))
        return Period(dt.date(y, 1, 1), dt.date(y, 12, 31))
    raise UsageError(message("date_unreadable", text=text, forms=ACCEPTED_FORMS))


def _named(s: str, today: dt.date) -> dt.date | None:
    if s in ("today", "今天", "今日"):
        return today
    if s in ("eom", "本月底"):
        return month_end(today.year, today.month)
    if s in ("eoq", "本季度末"):
        return _quarter(today.year, (today.month - 1) // 3 + 1).end
    if s in ("eoy", "今年底"):
        return dt.date(today.year, 12, 31)
    return None


_LIMIT = re.compile(r"^(?:(\d{4})年)?(?:(\d{1,2})月(?:(底)|(\d{1,2})日)|年(底))前$")


def time_limit_date(phrase: str, year: int) -> dt.date | None:
    """The date a time limit of the notice means, or None for a phrase that is not one."""
    m = _LIMIT.match(phrase)
    if not m:
        return None
    y = int(m.group(1) or year)
    if m.group(5):
        return dt.date(y, 12, 31)
    month = int(m.group(2))
    try:
        if m.group(3):
            return month_end(y, month)
        return dt.date(y, month, int(m.group(4)))
    except ValueError:  # 13月底前, 2月30日前: no such day, so not a time limit
        return None


def period_ends(every: str, year: int) -> list[tuple[str, dt.date]]:
    """The periods of a recurring duty within the notice year, as (code, last day)."""
    if every == "year":
        return [(str(year), dt.date(year, 12, 31))]
    if every == "half_year":
        return [("H1", dt.date(year, 6, 30)), ("H2", dt.date(year, 12, 31))]
    if every == "quarter":
        return [(f"Q{q}", _quarter(year, q).end) for q in range(1, 5)]
    if every == "month":
        return [(f"M{m:02d}", month_end(year, m)) for m in range(1, 13)]
    raise ValueError(every)
