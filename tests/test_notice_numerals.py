"""Section and clause numbers beyond 十: 十一 … 九十九, both ways, and in parse_notice."""

from __future__ import annotations

import pytest

from anquan_cli.notice import chinese_numeral, numeral_value, parse_notice

KNOWN = {
    1: "一",
    2: "二",
    9: "九",
    10: "十",
    11: "十一",
    15: "十五",
    19: "十九",
    20: "二十",
    21: "二十一",
    37: "三十七",
    50: "五十",
    90: "九十",
    99: "九十九",
}


@pytest.mark.parametrize(("number", "text"), sorted(KNOWN.items()))
def test_known_numerals(number: int, text: str) -> None:
    assert chinese_numeral(number) == text
    assert numeral_value(text) == number


def test_round_trip_1_to_99() -> None:
    texts = [chinese_numeral(n) for n in range(1, 100)]
    assert len(set(texts)) == 99
    assert [numeral_value(t) for t in texts] == list(range(1, 100))


@pytest.mark.parametrize("number", [0, -1, 100, 101])
def test_out_of_range_number(number: int) -> None:
    with pytest.raises(ValueError, match="1 to 99"):
        chinese_numeral(number)


@pytest.mark.parametrize("text", ["", "零", "百", "一百", "一十", "十十", "二十十", "十一一", "二二", "二三十", "十百", "x"])
def test_not_a_numeral(text: str) -> None:
    with pytest.raises(ValueError, match="not a Chinese numeral"):
        numeral_value(text)


def test_parse_notice_numbers_past_ten() -> None:
    lines = ["陵政发〔2025〕1号", "标题", "各乡镇人民政府：", "序言。"]
    for s in (1, 11, 20, 99):
        lines.append(f"{chinese_numeral(s)}、第{s}部分")
        for c in (1, 10, 12, 45, 99):
            lines.append(f"（{chinese_numeral(c)}）条款{s}之{c}。正文{s}之{c}。（县应急局负责）")
    notice = parse_notice("\n".join(lines) + "\n")
    assert sorted(notice.sections) == [1, 11, 20, 99]
    assert notice.sections[99] == "第99部分"
    assert len(notice.clauses) == 20
    clause = notice.clauses[(99, 45)]
    assert (clause.heading, clause.body, clause.responsibility) == ("条款99之45。", "正文99之45。", "县应急局负责")
    assert notice.clauses[(20, 12)].heading == "条款20之12。"
