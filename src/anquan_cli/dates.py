"""Dates as people and the notice write them.

`parse_period` reads what a user types (ISO days and months, Chinese dates, named and
relative dates) as an inclusive span of days; callers take its start or end. The notice's own
time limits ("2025年6月底前", "年底前") go through `time_limit_date`, and recurring duties
(每半年, 每年) through `period_ends`.
"""

from __future__ import annotations

import datetime as dt

from .errors import UsageError
from .labels import message
from .patterns import pattern
from .records import record
from .render import clip

ACCEPTED_FORMS = (
    "2025-06-30, 2025/6/30, 2025.6.30, 6/30, 2025-06, 2025年6月30日, 二〇二五年六月三十日, 2025年6月底, 2025年6月, "
    "6月底, 6月30日, 本月底, 下月底, 上月底, 本周五, 下周五, 年底, 上半年, 下半年, 第三季度, Q3, "
    "today, eom, eoq, eoy, +30d, -2w, 3m, +1y"
)

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
_RELATIVE = pattern(r"^([+-]?)(\d+)\s*([dwmy])$")
_ISO_DAY = pattern(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")  # 2025-6-3, 2025/6/3, 2025.6.28
_ISO_MONTH = pattern(r"^(\d{4})[-/](\d{1,2})$")  # 2025-06, 2025/6 (never 2025.6: a number)
_MONTH_DAY = pattern(r"^(\d{1,2})/(\d{1,2})$")  # 6/30: month first, as Chinese offices write it
_AMBIGUOUS = pattern(r"^\d{1,2}([-/.])\d{1,2}\1\d{2,4}$|^\d{1,2}\.\d{1,2}$|^\d{2}[-/.]\d{1,2}[-/.]\d{1,2}$")
_CN_DAY = pattern(r"^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]$")
_CN_MONTH_END = pattern(r"^(?:(\d{4})年)?(\d{1,2})月(?:底|末)$")
_CN_MONTH = pattern(r"^(\d{4})年(\d{1,2})月$")
_CN_YEAR = pattern(r"^(\d{4})年?$")
_QUARTER = pattern(r"^(?:(\d{4})年?)?(?:第?([一二三四])季度|[Qq]([1-4]))$")
_HALF = pattern(r"^(?:(\d{4})年)?([上下])半年$")
_YEAR_END = pattern(r"^(?:(\d{4})年年?|年)(?:底|末)$")  # 年底, 2025年底, 2025年年底; never a bare 底


@record(frozen=True)
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
        raise UsageError(message("date_no_such_day", text=clip(text), forms=ACCEPTED_FORMS)) from None


def _month(year: int, month: int, text: str) -> Period:
    if not 1 <= month <= 12:
        raise UsageError(message("date_no_month", text=clip(text), month=month, forms=ACCEPTED_FORMS))
    return Period(dt.date(year, month, 1), month_end(year, month))


def _quarter(year: int, quarter: int) -> Period:
    first = 3 * quarter - 2
    return Period(dt.date(year, first, 1), month_end(year, first + 2))


def parse_period(text: str, *, today: dt.date, year: int) -> Period:
    """Read a date as typed; `year` is the notice year for forms without one (6月底, 6/30, 上半年).

    Full-width digits and separators (２０２５／６／３) and Chinese numerals (二〇二五年六月三十日)
    are read as the digits they stand for. A form that could mean two days (30/6, 6.30,
    25/6/3) is refused rather than guessed."""
    s = _normalise(text)
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
        day = _day(int(m.group(1)), int(m.group(3)), int(m.group(4)), text)
        return Period(day, day)
    if m := _ISO_MONTH.match(s):
        return _month(int(m.group(1)), int(m.group(2)), text)
    if m := _MONTH_DAY.match(s):
        month, day_of_month = int(m.group(1)), int(m.group(2))
        if month > 12:  # 30/6: day first, which this form never is
            raise UsageError(message("date_ambiguous", text=clip(text), forms=ACCEPTED_FORMS))
        day = _day(year, month, day_of_month, text)
        return Period(day, day)
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
    if _AMBIGUOUS.match(s):
        raise UsageError(message("date_ambiguous", text=clip(text), forms=ACCEPTED_FORMS))
    raise UsageError(message("date_unreadable", text=clip(text), forms=ACCEPTED_FORMS))


_NUMERAL = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_YEAR_DIGITS = pattern(r"([〇○零一二三四五六七八九]{4})年")
_CN_MONTH_DAY_NUMBER = pattern(r"([一二三四五六七八九十]{1,3})(?=[月日号])")


def _cn_number(numerals: str) -> str:
    """一 … 三十一 as digits; anything else is left as written (and then not read)."""
    if "十" not in numerals:
        return str(_NUMERAL[numerals]) if len(numerals) == 1 else numerals
    tens, _, ones = numerals.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return numerals
    return str((_NUMERAL[tens] if tens else 1) * 10 + (_NUMERAL[ones] if ones else 0))


def _normalise(text: str) -> str:
    """What the patterns read: NFKC (full-width digits and ／ become ASCII), no spaces, and the
    Chinese numerals of a year (二〇二五年) and of a month or day (六月三十日) as digits."""
    if text.isascii():  # NFKC changes no ASCII, and the numerals below are Chinese
        return text.strip().replace(" ", "")
    import unicodedata

    s = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    s = _CN_YEAR_DIGITS.sub(lambda m: "".join(str(_NUMERAL[c]) for c in m.group(1)) + "年", s)
    return _CN_MONTH_DAY_NUMBER.sub(lambda m: _cn_number(m.group(1)), s)


_WEEKDAY = pattern(r"^([本这下上])(?:周|星期|礼拜)([一二三四五六日天])$")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


def _named(s: str, today: dt.date) -> dt.date | None:
    if s in ("today", "今天", "今日"):
        return today
    if s in ("eom", "本月底", "本月末", "月底", "月末"):
        return month_end(today.year, today.month)
    if s in ("下月底", "下月末", "下个月底"):
        return month_end(today.year + today.month // 12, today.month % 12 + 1)
    if s in ("上月底", "上月末", "上个月底"):
        return dt.date(today.year, today.month, 1) - dt.timedelta(days=1)
    if s in ("eoq", "本季度末"):
        return _quarter(today.year, (today.month - 1) // 3 + 1).end
    if s in ("eoy", "今年底"):
        return dt.date(today.year, 12, 31)
    if not s.isascii() and (m := _WEEKDAY.match(s)):  # weeks run Monday to Sunday: 下周五 is the Friday of next week
        monday = today - dt.timedelta(days=today.weekday())
        weeks = {"下": 1, "上": -1}.get(m.group(1), 0)
        return monday + dt.timedelta(days=7 * weeks + _WEEKDAYS[m.group(2)])
    return None


# 6月底前, 2025年6月30日前, 年底前, 2026年底前 (a plan over several years names the year)
_LIMIT = pattern(r"^(?:(\d{4})年|年(?=底))?(?:(\d{1,2})月(?:(底)|(\d{1,2})日)|(底))前$")


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


def period_ends(every: str, year: int) -> list[tuple[str, dt.date, dt.date]]:
    """The periods of a recurring duty within the notice year, as (code, first day, last day)."""
    if every == "year":
        return [(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31))]
    if every == "half_year":
        return [("H1", dt.date(year, 1, 1), dt.date(year, 6, 30)), ("H2", dt.date(year, 7, 1), dt.date(year, 12, 31))]
    if every == "quarter":
        return [(f"Q{q}", _quarter(year, q).start, _quarter(year, q).end) for q in range(1, 5)]
    if every == "month":
        return [(f"M{m:02d}", dt.date(year, m, 1), month_end(year, m)) for m in range(1, 13)]
    raise ValueError(every)
