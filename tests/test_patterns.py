"""patterns.pattern stands for the compiled expression, compiled once, at its first use."""

from __future__ import annotations

import re

from anquan_cli import dates, notice
from anquan_cli.patterns import LazyPattern, pattern


def test_a_lazy_pattern_answers_as_the_compiled_one_and_compiles_once() -> None:
    lazy = pattern(r"(\d{4})年(\d{1,2})月", re.S)
    assert isinstance(lazy, LazyPattern)
    assert "_compiled" not in vars(lazy)  # nothing compiled by making it
    compiled = re.compile(r"(\d{4})年(\d{1,2})月", re.S)
    text = "2025年6月底前，2026年12月"
    m = lazy.search(text)
    assert m is not None
    assert m.groups() == compiled.search(text).groups()  # type: ignore[union-attr]
    assert [x.group(0) for x in lazy.finditer(text)] == ["2025年6月", "2026年12月"]
    assert lazy.sub("X", text) == compiled.sub("X", text)
    assert (lazy.pattern, lazy.flags, lazy.groups) == (compiled.pattern, compiled.flags, compiled.groups)
    first = vars(lazy)["_compiled"]
    lazy.match(text)
    assert vars(lazy)["_compiled"] is first
    assert vars(lazy)["search"] == first.search  # the bound method is kept: later uses look it up directly


def test_the_modules_patterns_still_read_what_they_read() -> None:
    day = dates.dt.date
    assert dates.parse_period("二〇二五年六月三十日", today=day(2025, 5, 1), year=2025).start == day(2025, 6, 30)
    assert dates.time_limit_date("2026年底前", 2025) == day(2026, 12, 31)
    assert notice.RESPONSIBILITY_WORDS.search("县应急局牵头") is not None
