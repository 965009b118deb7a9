"""percents: one reader for `update --percent` and the sheet's 完成百分比 (issue 13)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anquan_cli.errors import UsageError
from anquan_cli.percents import parse_percent
from helpers_cli import ok, run


@pytest.fixture(autouse=True)
def messages_in_chinese() -> Iterator[None]:
    """The messages below are quoted in Chinese, the default language."""
    from anquan_cli import labels

    labels.set_language("zh")
    yield
    labels.set_language("en")


@pytest.mark.parametrize(
    ("given", "as_percent", "value", "rounded"),
    [
        ("45", False, 45, False),
        ("45.5", False, 46, True),  # half up, not to even
        ("44.5", False, 45, True),
        ("45.4", False, 45, True),
        ("50%", False, 50, False),
        ("50 %", False, 50, False),
        ("５０％", False, 50, False),
        ("0", False, 0, False),
        ("100", False, 100, False),
        ("99.5", False, 100, True),
        (60, False, 60, False),
        (12.5, False, 13, True),
        (0.6, True, 60, False),  # Excel's 60%: 0.6 shown as a percent, not 60.00000000000001
        (0.455, True, 46, True),
        (0.5, False, 1, True),
    ],
)
def test_percents(given: str | float, as_percent: bool, value: int, rounded: bool) -> None:
    read = parse_percent(given, "完成百分比", shown_as_percent=as_percent)
    assert read.value == value
    assert (read.note is not None) == rounded
    if rounded:
        assert read.note is not None
        assert read.note.endswith(f"已四舍五入为 {value}")


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("一半", "--percent '一半' 不是0到100之间的数（可写 45、45.5 或 45%）"),
        ("", "--percent '' 不是0到100之间的数（可写 45、45.5 或 45%）"),
        ("nan", "--percent 'nan' 不是0到100之间的数（可写 45、45.5 或 45%）"),
        ("150", "--percent 150 不在0到100之间"),
        ("-1", "--percent -1 不在0到100之间"),
        ("100.4", "--percent 100.4 不在0到100之间"),
        ("1e999999", "--percent 1e999999 不在0到100之间"),  # refused before rounding, which it has no room for
        ("9" * 100, "--percent " + "9" * 59 + "… 不在0到100之间"),
        (1e308, "--percent 1e+308 不在0到100之间"),
        ("-1e5", "--percent -100000 不在0到100之间"),
        (True, "--percent 'True' 不是0到100之间的数（可写 45、45.5 或 45%）"),
    ],
)
def test_refusals(given: str | float, message: str) -> None:
    with pytest.raises(UsageError) as excinfo:
        parse_percent(given, "--percent")
    assert str(excinfo.value) == message


def test_update_rounds_with_a_note_in_both_languages(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ok("init", str(ws))
    result = run("--data", str(ws), "update", "1.1.3", "--dept", "应急局", "--status", "推进中", "--percent", "45.5", "--date", "2025/6/3")
    assert result.exit_code == 0, result.output
    assert result.stderr == "注意：--percent 45.5 已四舍五入为 46\n"
    line = (ws / "progress" / "yingji.yaml").read_text(encoding="utf-8").splitlines()[-1]
    assert '"percent": 46' in line
    assert '"date": "2025-06-03"' in line
    en = run("--lang", "en", "--data", str(ws), "update", "1.1.4", "--dept", "yingji", "--status", "in_progress", "--percent", "50%", "--date", "6/30")
    assert en.exit_code == 0, en.output
    assert en.stderr == ""
    en = run(
        "--lang",
        "en",
        "--data",
        str(ws),
        "update",
        "1.1.5",
        "--dept",
        "yingji",
        "--status",
        "in_progress",
        "--percent",
        "12.5",
        "--date",
        "二〇二五年六月三十日",
    )
    assert en.stderr == "note: --percent 12.5 rounded to 13\n"
    refused = run("--lang", "en", "--data", str(ws), "update", "1.1.5", "--dept", "yingji", "--status", "in_progress", "--percent", "half")
    assert refused.exit_code == 2
    assert refused.stderr == "anquan: error: --percent 'half' is not a number from 0 to 100 (type 45, 45.5 or 45%)\n"


def test_a_long_value_is_not_echoed_whole() -> None:
    with pytest.raises(UsageError) as excinfo:
        parse_percent("9" * 100_000 + "x", "--percent")
    assert str(excinfo.value) == "--percent '" + "9" * 59 + "…' 不是0到100之间的数（可写 45、45.5 或 45%）"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=12), st.floats(), st.integers(), st.from_regex(r"\A-?\d{1,4}(\.\d{0,8})?%?\Z")), st.booleans())
def test_any_value_is_a_whole_percent_or_a_usage_error(given_value: str | float, as_percent: bool) -> None:
    try:
        read = parse_percent(given_value, "--percent", shown_as_percent=as_percent)
    except UsageError:
        return
    assert 0 <= read.value <= 100
