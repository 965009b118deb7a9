"""The shipped catalogue against the notice, read here with plain PyYAML and our own parsing of
notice.txt, so that these checks do not rest on the loader's own."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from anquan_cli.catalogue import load_catalogue
from anquan_cli.notice import clean_extracted_text

NUMERALS = "一二三四五六七八九十"
ROLES = ("指导督促落实", "分工负责", "负责")  # longest first: 分工负责 also ends in 负责
# The notice's time limits: 2025年6月底前, 年底前, 每半年, 每年 (not 年内, 年度, 及时, 定期 …).
TIME_LIMIT = re.compile(r"(?:\d{4}年)?\d{1,2}月底前|年底前|每半年|每年")
SEGMENT = re.compile(r"[^。；;！？]*[。；;！？]")
SOURCE_NAME = "lingchuan-2025-safety-notice.txt"


def _yaml(shipped: Path, name: str) -> Any:
    return yaml.safe_load((shipped / name).read_text(encoding="utf-8"))


@pytest.fixture
def notice(shipped: Path) -> str:
    return (shipped / "notice.txt").read_text(encoding="utf-8")


@pytest.fixture
def clauses(shipped: Path) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in _yaml(shipped, "tasks.yaml")["clauses"]}


@pytest.fixture
def units(shipped: Path) -> dict[str, dict[str, Any]]:
    return {u["id"]: u for u in _yaml(shipped, "departments.yaml")["units"]}


def notice_clauses(notice: str) -> dict[str, dict[str, str]]:
    """Each clause paragraph of notice.txt: heading, body and the closing parenthesis."""
    found: dict[str, dict[str, str]] = {}
    section = 0
    for paragraph in notice.splitlines():
        if m := re.match(f"([{NUMERALS}])、", paragraph):
            section = NUMERALS.index(m.group(1)) + 1
        elif section and (m := re.match(f"（([{NUMERALS}])）([^。]+)。", paragraph)):
            assert paragraph.endswith("）"), paragraph[:20]
            opening = paragraph.rindex("（")
            found[f"{section}.{NUMERALS.index(m.group(1)) + 1}"] = {
                "heading": m.group(2),
                "body": paragraph[m.end() : opening],
                "responsibility": paragraph[opening + 1 : -1],
            }
    return found


def notice_date(notice: str) -> dt.date:
    (day,) = re.findall(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$", notice, flags=re.MULTILINE)
    return dt.date(*map(int, day))


def limit_date(phrase: str, year: int) -> dt.date:
    if phrase == "年底前":
        return dt.date(year, 12, 31)
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月底前", phrase)
    assert m, phrase
    y, month = int(m.group(1)), int(m.group(2))
    return dt.date(y, month, calendar.monthrange(y, month)[1])


def test_notice_has_21_clauses_in_six_sections(notice: str) -> None:
    sections = re.findall(f"^([{NUMERALS}])、", notice, flags=re.MULTILINE)
    assert sections == list("一二三四五六")
    # 一 has （一）…（五）, 二 （一）…（三）, 三 two, 四 five, 五 three, 六 three
    assert len(notice_clauses(notice)) == 5 + 3 + 2 + 5 + 3 + 3 == 21


def test_loads_without_problems_or_warnings_and_covers_everything(shipped: Path, notice: str) -> None:
    catalogue = load_catalogue(shipped)
    assert catalogue.warnings == []
    assert list(catalogue.clauses) == list(notice_clauses(notice))
    assert catalogue.coverage.uncovered == ()
    assert catalogue.coverage.percent == 100.0
    assert catalogue.coverage.segments == sum(len(SEGMENT.findall(c["body"])) for c in notice_clauses(notice).values())


def test_clause_tasks_are_the_body_whole_and_in_order(notice: str, clauses: dict[str, dict[str, Any]]) -> None:
    stated = notice_clauses(notice)
    assert list(clauses) == list(stated)
    for clause_id, clause in clauses.items():
        body = stated[clause_id]["body"]
        assert clause["heading"] == stated[clause_id]["heading"], clause_id
        assert "".join(t["text"] for t in clause["tasks"]) == body, clause_id
        assert SEGMENT.sub("", body) == "", clause_id  # the body ends in a full stop: no segment is left over
        assert [t["id"] for t in clause["tasks"]] == [f"{clause_id}.{n}" for n in range(1, len(clause["tasks"]) + 1)]
        for task in clause["tasks"]:
            pieces = SEGMENT.findall(task["text"])
            assert "".join(pieces) == task["text"], f"{task['id']} cuts a segment"


def test_units_and_role_match_each_responsibility_line(notice: str, clauses: dict[str, dict[str, Any]], units: dict[str, dict[str, Any]]) -> None:
    by_name = {u["name"]: uid for uid, u in units.items()}
    for clause_id, stated in notice_clauses(notice).items():
        line = stated["responsibility"].split("。")[0]  # 1.1 goes on: 以下均需各乡镇人民政府负责…
        role = next(r for r in ROLES if line.endswith(r))
        names = line[: -len(role)]
        is_open = names.endswith("等部门")
        names = names.removesuffix("等部门")
        named = [by_name[name] for name in re.split("[、和]", names)]
        r = clauses[clause_id]["responsibility"]
        assert (r["quote"], r["role"], r["units"], r.get("open", False)) == (line, role, named, is_open), clause_id


def test_township_rule_is_the_second_sentence_of_1_1(shipped: Path, notice: str, units: dict[str, dict[str, Any]]) -> None:
    _, second = notice_clauses(notice)["1.1"]["responsibility"].split("。")
    assert second == "以下均需各乡镇人民政府负责，不再一一列出"
    (rule,) = _yaml(shipped, "tasks.yaml")["rules"]
    assert (rule["quote"], rule["stated_in"], units[rule["unit"]]["name"], rule["role"]) == (second, "1.1", "各乡镇人民政府", "负责")
    assert rule["applies_to"] == "following_clauses"


def test_notice_header_matches_notice_txt(shipped: Path, notice: str) -> None:
    header = _yaml(shipped, "tasks.yaml")["notice"]
    lines = notice.splitlines()
    assert (header["number"], header["title"]) == (lines[0], lines[1])
    assert header["date"] == notice_date(notice) == dt.date(2025, 4, 7)
    assert header["year"] == header["date"].year


def test_every_time_limit_in_the_notice_is_encoded_on_its_task(notice: str, clauses: dict[str, dict[str, Any]]) -> None:
    year = notice_date(notice).year
    stated: set[tuple[str, str]] = set()
    for clause_id, paragraph in notice_clauses(notice).items():
        for segment in SEGMENT.findall(paragraph["body"]):
            for limit in TIME_LIMIT.findall(segment):
                (task,) = [t for t in clauses[clause_id]["tasks"] if segment in t["text"]]
                stated.add((task["id"], limit))
                if limit.startswith("每"):
                    every = {"每半年": "half_year", "每年": "year"}[limit]
                    assert task["recurrence"] == {"every": every, "phrase": limit}, task["id"]
                    assert task.get("deadlines", []) == [], task["id"]
                else:
                    worded = [{"date": d["date"], "phrase": d["phrase"]} for d in task["deadlines"]]
                    assert {"date": limit_date(limit, year), "phrase": limit} in worded, task["id"]
    # Read off the notice by hand, so that the regular expression cannot quietly find nothing:
    # 1.1 每半年, 2025年12月底前; 3.1 每年; 4.1 2025年10月底前; 4.4, 4.5 年底前; 5.3 2025年6月底前.
    assert {limit for _, limit in stated} == {"每半年", "2025年12月底前", "每年", "2025年10月底前", "年底前", "2025年6月底前"}
    assert sorted(task_id.rsplit(".", 1)[0] for task_id, _ in stated) == ["1.1", "1.1", "3.1", "4.1", "4.4", "4.5", "5.3"]
    encoded = set()
    for clause in clauses.values():
        for task in clause["tasks"]:
            encoded.update((task["id"], d["phrase"]) for d in task.get("deadlines", []))
            if "recurrence" in task:
                encoded.add((task["id"], task["recurrence"]["phrase"]))
    assert encoded == stated  # and nothing invented


def test_no_deadline_phrase_outside_its_task_text(clauses: dict[str, dict[str, Any]]) -> None:
    for clause in clauses.values():
        for task in clause["tasks"]:
            quoted = [d["phrase"] for d in task.get("deadlines", [])]
            quoted += [task["recurrence"]["phrase"]] if "recurrence" in task else []
            quoted += [t["quote"] for t in task.get("targets", [])] + [r["quote"] for r in task.get("requirements", [])]
            for phrase in quoted:
                assert phrase in task["text"], (task["id"], phrase)


def test_notice_txt_is_the_cleaned_source(shipped: Path, notice: str) -> None:
    source = shipped.parent.parent / "shared" / "source" / SOURCE_NAME
    if not source.is_file():
        pytest.skip(f"the PDF extraction {SOURCE_NAME} is not at {source} (it lives in the project's shared workspace, not in the repo)")
    raw = source.read_text(encoding="utf-8")
    assert clean_extracted_text(raw) == notice
    assert re.sub(r"\s", "", raw) == re.sub(r"\s", "", notice)


def test_units_in_notice_are_named_there(notice: str, units: dict[str, dict[str, Any]]) -> None:
    for unit in units.values():
        if unit["in_notice"]:
            assert unit["name"] in notice, unit["id"]
        else:
            assert not any(n in notice for n in [unit["name"], *unit.get("aliases", [])]), unit["id"]


def test_townships_are_local_members_of_xiangzhen(notice: str, units: dict[str, dict[str, Any]]) -> None:
    townships = [uid for uid, u in units.items() if u["kind"] == "township"]
    assert len(townships) == 11  # 7 镇 and 4 乡
    assert units["xiangzhen"]["members"] == townships
    for uid in townships:
        assert units[uid]["in_notice"] is False
        assert units[uid]["name"] not in notice


def test_townships_follow_the_township_list(shipped: Path, units: dict[str, dict[str, Any]]) -> None:
    source = shipped.parent.parent / "shared" / "source" / "lingchuan-townships.md"
    if not source.is_file():
        pytest.skip(f"the township list is not at {source} (it lives in the project's shared workspace, not in the repo)")
    rows = re.findall(r"^\| [镇乡] \| (\S+) \| (\d*) ?\|$", source.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert len(rows) == 11
    listed = [(u["name"], u.get("division_code") or "") for u in units.values() if u["kind"] == "township"]
    assert listed == rows
