"""dates: what users type (parse_period), the notice's time limits and recurring periods."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anquan_cli.dates import ACCEPTED_FORMS, Period, parse_period, period_ends, time_limit_date
from anquan_cli.errors import UsageError
from anquan_cli.labels import set_language
from helpers_cli import tasks_yaml


@pytest.fixture(autouse=True)
def messages_in_chinese() -> Iterator[None]:
    """The messages below are quoted in Chinese, the default language."""
    from anquan_cli import labels

    labels.set_language("zh")
    yield
    labels.set_language("en")


D = dt.date
TODAY = D(2025, 5, 1)
YEAR = 2025  # the notice year


def parse(text: str, today: dt.date = TODAY, year: int = YEAR) -> tuple[dt.date, dt.date]:
    period = parse_period(text, today=today, year=year)
    assert isinstance(period, Period)
    return period.start, period.end


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025-06-30", D(2025, 6, 30), D(2025, 6, 30)),
        ("2025-6-3", D(2025, 6, 3), D(2025, 6, 3)),
        ("2025-06", D(2025, 6, 1), D(2025, 6, 30)),
        ("2025-02", D(2025, 2, 1), D(2025, 2, 28)),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        ("2025年6月30日", D(2025, 6, 30), D(2025, 6, 30)),
        ("6月30日", D(2025, 6, 30), D(2025, 6, 30)),
        ("2025年6月底", D(2025, 6, 30), D(2025, 6, 30)),
        ("2025年2月底", D(2025, 2, 28), D(2025, 2, 28)),
        ("2025年6月", D(2025, 6, 1), D(2025, 6, 30)),
        ("6月底", D(2025, 6, 30), D(2025, 6, 30)),
        ("10月底", D(2025, 10, 31), D(2025, 10, 31)),
        ("年底", D(2025, 12, 31), D(2025, 12, 31)),
        ("2026年底", D(2026, 12, 31), D(2026, 12, 31)),
        ("上半年", D(2025, 1, 1), D(2025, 6, 30)),
        ("下半年", D(2025, 7, 1), D(2025, 12, 31)),
        ("2026年上半年", D(2026, 1, 1), D(2026, 6, 30)),
        ("第一季度", D(2025, 1, 1), D(2025, 3, 31)),
        ("第三季度", D(2025, 7, 1), D(2025, 9, 30)),
        ("第四季度", D(2025, 10, 1), D(2025, 12, 31)),
        ("Q3", D(2025, 7, 1), D(2025, 9, 30)),
        ("q2", D(2025, 4, 1), D(2025, 6, 30)),
        ("2026Q1", D(2026, 1, 1), D(2026, 3, 31)),
        ("2025年第三季度", D(2025, 7, 1), D(2025, 9, 30)),
        # the notice's own wording, with 前
        ("2025年6月底前", D(2025, 6, 30), D(2025, 6, 30)),
        ("2025年10月底前", D(2025, 10, 31), D(2025, 10, 31)),
        ("年底前", D(2025, 12, 31), D(2025, 12, 31)),
        ("6月底前", D(2025, 6, 30), D(2025, 6, 30)),
        ("2025-06-30前", D(2025, 6, 30), D(2025, 6, 30)),
        (" 2025-06-30 ", D(2025, 6, 30), D(2025, 6, 30)),
    ],
)
def test_absolute_forms(text: str, start: dt.date, end: dt.date) -> None:
    assert parse(text) == (start, end)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6月底", D(2026, 6, 30)),
        ("年底", D(2026, 12, 31)),
        ("6月30日", D(2026, 6, 30)),
        ("2025年6月底", D(2025, 6, 30)),  # a written year wins over the notice year
    ],
)
def test_forms_without_a_year_take_the_notice_year(text: str, expected: dt.date) -> None:
    assert parse(text, today=D(2030, 1, 1), year=2026)[1] == expected


def test_halves_and_quarters_take_the_notice_year_not_today() -> None:
    assert parse("上半年", today=D(2030, 8, 8), year=2026) == (D(2026, 1, 1), D(2026, 6, 30))
    assert parse("Q3", today=D(2030, 8, 8), year=2026) == (D(2026, 7, 1), D(2026, 9, 30))


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("today", D(2025, 5, 1), D(2025, 5, 1)),
        ("TODAY", D(2025, 5, 1), D(2025, 5, 1)),
        ("eom", D(2025, 5, 1), D(2025, 5, 31)),
        ("eom", D(2025, 2, 10), D(2025, 2, 28)),
        ("eom", D(2024, 2, 10), D(2024, 2, 29)),
        ("eoq", D(2025, 5, 1), D(2025, 6, 30)),
        ("eoq", D(2025, 1, 1), D(2025, 3, 31)),
        ("eoq", D(2025, 11, 15), D(2025, 12, 31)),
        ("eoy", D(2025, 5, 1), D(2025, 12, 31)),
        ("eoy", D(2027, 1, 1), D(2027, 12, 31)),
    ],
)
def test_named_days_are_relative_to_today(text: str, today: dt.date, expected: dt.date) -> None:
    assert parse(text, today=today) == (expected, expected)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("+30d", D(2025, 5, 1), D(2025, 5, 31)),
        ("30d", D(2025, 5, 1), D(2025, 5, 31)),
        ("0d", D(2025, 5, 1), D(2025, 5, 1)),
        ("-2w", D(2025, 5, 1), D(2025, 4, 17)),
        ("2w", D(2025, 5, 1), D(2025, 5, 15)),
        ("3m", D(2025, 5, 1), D(2025, 8, 1)),
        ("+1y", D(2025, 5, 1), D(2026, 5, 1)),
        # dateutil semantics: the day is clipped to the month's last day, never rolled over
        ("+1m", D(2025, 1, 31), D(2025, 2, 28)),
        ("1m", D(2024, 1, 31), D(2024, 2, 29)),
        ("-1m", D(2025, 3, 31), D(2025, 2, 28)),
        ("3m", D(2025, 1, 31), D(2025, 4, 30)),
        ("+1y", D(2024, 2, 29), D(2025, 2, 28)),
        ("+30D", D(2025, 5, 1), D(2025, 5, 31)),
    ],
)
def test_relative_offsets(text: str, today: dt.date, expected: dt.date) -> None:
    assert parse(text, today=today) == (expected, expected)


@pytest.mark.parametrize(
    "text",
    ["", "前", "next week", "Q5", "第五季度", "30x", "+d", "底", "末", "中半年", "June"],
)
def test_unreadable_input_names_the_accepted_forms(text: str) -> None:
    with pytest.raises(UsageError) as excinfo:
        parse(text)
    message = str(excinfo.value)
    assert repr(text) in message
    assert ACCEPTED_FORMS in message
    for form in ("2025-06-30", "2025-06", "6月底", "上半年", "第三季度", "Q3", "today", "eom", "+30d", "3m"):
        assert form in ACCEPTED_FORMS


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2025-13-45", "no such day"),
        ("2025-02-29", "no such day"),
        ("6月31日", "no such day"),
        ("2025年2月30日", "no such day"),
        ("2025-13", "no month 13"),
        ("2025-00", "no month 0"),
        ("13月底", "no month 13"),
        ("2025年13月", "no month 13"),
    ],
)
def test_impossible_dates_are_usage_errors(text: str, reason: str) -> None:
    set_language("en")
    with pytest.raises(UsageError, match=reason) as excinfo:
        parse(text)
    assert repr(text) in str(excinfo.value)
    assert str(excinfo.value).endswith("; accepted forms: " + ACCEPTED_FORMS)


# ── the notice's time limits ──


@pytest.mark.parametrize(
    ("phrase", "year", "expected"),
    [
        ("2025年6月底前", 2025, D(2025, 6, 30)),
        ("2025年10月底前", 2025, D(2025, 10, 31)),
        ("2025年12月底前", 2025, D(2025, 12, 31)),
        ("年底前", 2025, D(2025, 12, 31)),
        ("年底前", 2026, D(2026, 12, 31)),
        ("6月30日前", 2025, D(2025, 6, 30)),
        ("2月底前", 2024, D(2024, 2, 29)),
        ("2月底前", 2025, D(2025, 2, 28)),
        ("2026年3月15日前", 2025, D(2026, 3, 15)),
    ],
)
def test_time_limit_date(phrase: str, year: int, expected: dt.date) -> None:
    assert time_limit_date(phrase, year) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "及时",
        "尽快",
        "每半年",
        "每年",
        "年内",
        "2025年6月底",  # without 前 it is no time limit of the notice's form
        "灾害发生后2小时内",
        # no such day: not a time limit (and never a crash while checking a catalogue)
        "2025年13月底前",
        "2月30日前",
        "2025年0月底前",
    ],
)
def test_time_limit_date_none_for_other_phrases(phrase: str) -> None:
    assert time_limit_date(phrase, 2025) is None


def test_every_deadline_phrase_in_the_catalogue_means_its_date() -> None:
    deadlines = [d for c in tasks_yaml()["clauses"] for t in c["tasks"] for d in t.get("deadlines", [])]
    assert sorted((d["phrase"], str(d["date"])) for d in deadlines) == [
        ("2025年10月底前", "2025-10-31"),
        ("2025年12月底前", "2025-12-31"),
        ("2025年6月底前", "2025-06-30"),
        ("年底前", "2025-12-31"),
        ("年底前", "2025-12-31"),
    ]
    for d in deadlines:
        assert time_limit_date(d["phrase"], YEAR) == d["date"]


# ── recurring duties ──


def test_period_ends_half_year() -> None:
    # Each period is its own occurrence, so it has a first day as well as a last.
    assert period_ends("half_year", 2025) == [
        ("H1", D(2025, 1, 1), D(2025, 6, 30)),
        ("H2", D(2025, 7, 1), D(2025, 12, 31)),
    ]


def test_period_ends_year() -> None:
    assert period_ends("year", 2025) == [("2025", D(2025, 1, 1), D(2025, 12, 31))]


def test_period_ends_quarter() -> None:
    assert period_ends("quarter", 2025) == [
        ("Q1", D(2025, 1, 1), D(2025, 3, 31)),
        ("Q2", D(2025, 4, 1), D(2025, 6, 30)),
        ("Q3", D(2025, 7, 1), D(2025, 9, 30)),
        ("Q4", D(2025, 10, 1), D(2025, 12, 31)),
    ]


def test_period_ends_month() -> None:
    ends = period_ends("month", 2024)
    assert [code for code, _, _ in ends] == [f"M{m:02d}" for m in range(1, 13)]
    assert ends[0] == ("M01", D(2024, 1, 1), D(2024, 1, 31))
    assert ends[1] == ("M02", D(2024, 2, 1), D(2024, 2, 29))
    assert ends[3] == ("M04", D(2024, 4, 1), D(2024, 4, 30))
    assert period_ends("month", 2025)[1] == ("M02", D(2025, 2, 1), D(2025, 2, 28))
    # The periods tile the year: each starts the day after the one before ends.
    assert all(b[1] == a[2] + dt.timedelta(days=1) for a, b in itertools.pairwise(ends))


def test_period_ends_rejects_an_unknown_period() -> None:
    with pytest.raises(ValueError, match="week"):
        period_ends("week", 2025)


# ── the forms clerks type (issue 13) ──

MONDAY = D(2025, 5, 5)  # a Monday; 2025-05-09 is its Friday


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("2025/6/3", TODAY, D(2025, 6, 3)),
        ("2025/06/30", TODAY, D(2025, 6, 30)),
        ("2025.6.28", TODAY, D(2025, 6, 28)),
        ("2025.06.30", TODAY, D(2025, 6, 30)),
        ("6/30", TODAY, D(2025, 6, 30)),  # the notice year
        ("6/30", D(2031, 1, 1), D(2025, 6, 30)),  # the notice year, not today's
        ("2025/6", TODAY, D(2025, 6, 30)),
        ("２０２５／６／３", TODAY, D(2025, 6, 3)),  # full-width, as a Chinese IME types it
        ("２０２５年６月３０日", TODAY, D(2025, 6, 30)),
        ("二〇二五年六月三十日", TODAY, D(2025, 6, 30)),
        ("二〇二五年六月底", TODAY, D(2025, 6, 30)),
        ("二〇二五年十二月三十一日", TODAY, D(2025, 12, 31)),
        ("二〇二五年十月一日", TODAY, D(2025, 10, 1)),
        ("六月三十日", TODAY, D(2025, 6, 30)),
        ("十一月二十日", TODAY, D(2025, 11, 20)),
        ("二月底", TODAY, D(2025, 2, 28)),
        ("6月30号", TODAY, D(2025, 6, 30)),
        ("本月底", D(2025, 5, 1), D(2025, 5, 31)),
        ("月底", D(2025, 2, 3), D(2025, 2, 28)),
        ("下月底", D(2025, 5, 1), D(2025, 6, 30)),
        ("下月底", D(2025, 12, 15), D(2026, 1, 31)),
        ("下月底", D(2024, 1, 31), D(2024, 2, 29)),
        ("上月底", D(2025, 3, 10), D(2025, 2, 28)),
        ("上月底", D(2025, 1, 10), D(2024, 12, 31)),
        ("本周五", MONDAY, D(2025, 5, 9)),
        ("下周五", MONDAY, D(2025, 5, 16)),
        ("下周五", D(2025, 5, 11), D(2025, 5, 16)),  # a Sunday: next week is the one from Monday 12th
        ("下星期一", D(2025, 5, 9), D(2025, 5, 12)),
        ("上周日", MONDAY, D(2025, 5, 4)),
    ],
)
def test_forms_clerks_type(text: str, today: dt.date, expected: dt.date) -> None:
    assert parse(text, today=today)[1] == expected


@pytest.mark.parametrize(
    "text",
    ["30/6", "6.30", "30.6.2025", "6/30/2025", "25/6/3", "3.6.25", "13/1"],
)
def test_ambiguous_forms_are_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(UsageError) as excinfo:
        parse(text)
    assert str(excinfo.value) == (f"日期 {text!r} 有歧义（先日后月？哪一年？）：请写成 2025-06-30 或 2025年6月30日；可用写法：{ACCEPTED_FORMS}")


@pytest.mark.parametrize(
    ("text", "reason"), [("2025/2/30", "no such day"), ("2025.13.1", "no such day"), ("2/30", "no such day"), ("二〇二五年十三月", "no month 13")]
)
def test_impossible_typed_forms_are_refused(text: str, reason: str) -> None:
    set_language("en")
    with pytest.raises(UsageError, match=reason):
        parse(text)


def test_the_refusal_is_in_both_languages() -> None:
    with pytest.raises(UsageError) as zh:
        parse("下周")
    assert str(zh.value) == f"无法识别日期 '下周'；可用写法：{ACCEPTED_FORMS}"
    set_language("en")
    with pytest.raises(UsageError) as en:
        parse("下周")
    assert str(en.value) == f"cannot read date '下周'; accepted forms: {ACCEPTED_FORMS}"
    for form in ("2025/6/30", "2025.6.30", "6/30", "二〇二五年六月三十日", "下月底", "本月底", "下周五"):
        assert form in ACCEPTED_FORMS
        parse(form)  # every form the message lists is read


def test_a_long_input_is_not_echoed_whole() -> None:
    with pytest.raises(UsageError) as excinfo:
        parse("x" * 1_000_000)
    message = str(excinfo.value)
    assert "'" + "x" * 59 + "…'" in message
    assert len(message) < len(ACCEPTED_FORMS) + 200


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789-/.年月日号底末前周下本上一二三四五六七八九十〇季度半Qq+dwmy ２０／"), max_size=14))
def test_any_typed_text_is_a_period_or_a_usage_error(text: str) -> None:
    try:
        period = parse_period(text, today=TODAY, year=YEAR)
    except UsageError:
        return
    assert period.start <= period.end
