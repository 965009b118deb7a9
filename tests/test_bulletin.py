"""The 调度通报 (issue 12): a scripted season and its bulletins at several dates (golden files),
the reporting cycles and 未报送, every 预警 rule at its boundaries, the office's 红黄牌警告, the
bulletin's 公文 form, --brief, --lang en, and the Word document read back with python-docx and
rendered to PDF by LibreOffice (page count and text through pdftotext).

Golden files: tests/golden/bulletin-*. After a deliberate change of the bulletin, regenerate
them with `ANQUAN_UPDATE_GOLDEN=1 python -m pytest tests/test_bulletin.py` and read the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from test_progress import ANSI, UNITS_4_2, UNITS_5_2, all_done, anquan, at, ok, update, with_example_plan

GOLDEN = Path(__file__).parent / "golden"
UPDATE_GOLDEN = os.environ.get("ANQUAN_UPDATE_GOLDEN") == "1"

# The office's settings of the scripted season (local data): monthly by the 25th, the shipped rules,
# and two bulletins already sent.
SEASON_SETTINGS = {
    "title": "县安委办督办设置（测试）",
    "reporting": {"every": "month", "due_day": 25},
    "warnings": [
        {"level": "yellow", "rule": "lag", "points": 20},
        {"level": "yellow", "rule": "near_due", "days": 15, "below": 80},
        {"level": "yellow", "rule": "unreported", "cycles": 1},
        {"level": "red", "rule": "overdue", "days": 1},
        {"level": "red", "rule": "unreported", "cycles": 2},
        {"level": "red", "rule": "repeated", "cycles": 3},
    ],
    "bulletin": {
        "issuer": "陵川县安全生产委员会办公室",
        "recipients": "各乡镇人民政府，县安委会各成员单位",
        "name_limit": 5,
        "issues": [{"number": 1, "date": "2025-04-07"}, {"number": 2, "date": "2025-05-26"}, {"number": 3, "date": "2025-06-26"}],
    },
}
# The season: every unit reports on the 20th of April, May and June, on its first standing duty and
# on each of its duties with a time limit, 5 points ahead of 序时进度; on 06-28 they finish the two
# due on 06-30. Except: 财政局 and 气象局 never report; 农业农村局 stops after April; 交通局 reports
# but stays at 10%; 崇文镇 does not finish 5.3.2.
REPORTERS_5_2_2 = UNITS_5_2  # 5.2's named departments and the townships
NEVER = {"caizheng", "qixiang"}
STOPS_AFTER_FIRST = {"nongye"}
LAGGARD = "jiaotong"
NOTICE_DATE = dt.date(2025, 4, 7)
LIMITS = {"1.1.2": "2025-06-30", "1.1.3": "2025-12-31", "3.1.1": "2025-12-31", "4.1.4": "2025-10-31", "4.5.2": "2025-12-31", "5.3.2": "2025-06-30"}
REPORT_DAYS = ("2025-04-20", "2025-05-20", "2025-06-20")


def ahead_of_schedule(task: str, day: str) -> int:
    start, due, on = NOTICE_DATE, dt.date.fromisoformat(LIMITS[task]), dt.date.fromisoformat(day)
    return min(95, math.ceil(100 * (on - start).days / (due - start).days) + 5)


def duties(ws: Path, unit: str) -> tuple[str, list[str]]:
    """The unit's first standing duty (else its first duty) and its duties with a time limit, as lead or responsible unit."""
    rows = [r for r in json.loads(at(ws, "list", "--dept", unit, "--format", "json").out) if unit in r["reporters"]]
    standing = next((r["task"] for r in rows if r["kind"] == "standing"), rows[0]["task"])
    return standing, [r["task"] for r in rows if r["task"] in LIMITS]


def write_settings(ws: Path, settings: dict[str, Any]) -> None:
    (ws / "supervision.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")


def first_duty(ws: Path, unit: str) -> str:
    """The first task the unit must report on (as lead or responsible unit)."""
    rows = json.loads(at(ws, "list", "--dept", unit, "--format", "json").out)
    return next(str(r["task"]) for r in rows if any(unit in (u["id"], u["name"], u["name"][1:]) for u in r["units"] if u["id"] in r["reporters"]))


def reporting_units(ws: Path) -> list[str]:
    rows = json.loads(at(ws, "progress", "--by", "dept", "--format", "json", "--as-of", "2025-04-07").out)
    return [str(r["unit"]) for r in rows]


def build_season(ws: Path) -> Path:
    ok("init", str(ws))
    with_example_plan(ws)
    write_settings(ws, SEASON_SETTINGS)
    units = reporting_units(ws)
    plan = {u: duties(ws, u) for u in units}
    for n, day in enumerate(REPORT_DAYS):
        for u in units:
            if u in NEVER or (n and u in STOPS_AFTER_FIRST):
                continue
            standing, dated = plan[u]
            update(ws, standing, u, "推进中", day, "--note", "按月报送")
            for task in dated:
                percent = 10 if u == LAGGARD else ahead_of_schedule(task, day)
                update(ws, task, u, "推进中", day, "--percent", str(percent), *(["--period", "2025H1"] if task == "1.1.2" else []))
    for u in units:
        for task in ("5.3.2", "1.1.2"):
            if task in plan[u][1] and u not in NEVER | STOPS_AFTER_FIRST | {LAGGARD} and (u, task) != ("chongwen", "5.3.2"):
                update(ws, task, u, "已完成", "2025-06-28", *(["--period", "2025H1"] if task == "1.1.2" else []))
    all_done(ws, "5.2.1", UNITS_5_2, "2025-05-15")
    at(ws, "verify", "5.2.1", "--note", "核验通过", "--date", "2025-05-20")
    all_done(ws, "4.2.1", UNITS_4_2, "2025-06-10")
    update(ws, "5.3.2", "应急局", "已完成", "2025-07-03", "--note", "已完成主要矿区普查。")
    at(ws, "card", "2.3.1", "--dept", "住建局", "--level", "yellow", "--note", "隐患整改不力", "--date", "2025-07-01")
    at(ws, "reject", "4.2.1", "--dept", "林业局", "--note", "佐证材料不全", "--date", "2025-07-02")
    all_done(ws, "5.2.2", REPORTERS_5_2_2, "2025-07-05", "--note", "专项检查全部完成")
    return ws


@pytest.fixture(scope="module")
def season(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_season(tmp_path_factory.mktemp("season") / "ws")


BULLETINS = {
    "bulletin-2025-04-07.txt": ["summary", "--as-of", "2025-04-07"],
    "bulletin-2025-05-26.txt": ["summary", "--as-of", "2025-05-26"],
    "bulletin-2025-07-10.txt": ["summary", "--as-of", "2025-07-10"],
    "bulletin-2025-07-10.md": ["summary", "--format", "markdown", "--as-of", "2025-07-10"],
    "bulletin-2025-07-10-en.txt": ["--lang", "en", "summary", "--as-of", "2025-07-10"],
    "bulletin-2025-07-10-brief.txt": ["summary", "--brief", "--as-of", "2025-07-10"],
    "bulletin-yingji-2025-07-10.txt": ["summary", "--dept", "应急局", "--as-of", "2025-07-10"],
}


@pytest.mark.parametrize("name", sorted(BULLETINS))
def test_bulletin_matches_its_golden_file(season: Path, name: str) -> None:
    text = at(season, *BULLETINS[name]).out
    golden = GOLDEN / name
    if UPDATE_GOLDEN:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    assert not ANSI.search(text)
    assert at(season, *BULLETINS[name]).out == text  # the same workspace and day: the same bytes


# ── what the golden bulletins must say, worked out from the script above ──


def section(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def problem(text: str, heading: str) -> str:
    """One part of 三、存在问题, found by its heading whatever its number: （二）预警单位."""
    problems = section(text, "三、存在问题", "四、下步工作要求")
    parts = re.split(r"\u3000\u3000（[一二三四五六七八九十]+）", problems)
    return next(p for p in parts if p.startswith(heading))


def test_the_issue_day_has_no_warning_and_nothing_unreported(season: Path) -> None:
    text = at(season, "summary", "--as-of", "2025-04-07").out
    assert "预警" not in section(text, "三、存在问题", "四、下步工作要求")
    assert "未报送" not in section(text, "三、存在问题", "四、下步工作要求")
    rows = json.loads(at(season, "progress", "--by", "dept", "--format", "json", "--as-of", "2025-04-07").out)
    assert all(r["card"] is None and r["reasons"] == [] for r in rows)
    assert "（第1期）" in text  # the register's issue of that day
    assert "较上期" not in text  # the first


def test_unreported_units_are_named_and_escalate(season: Path) -> None:
    text = at(season, "summary", "--as-of", "2025-05-26").out
    assert "（第2期）" in text  # the register's issue of that day
    assert "较上期（2025年4月7日）" in text
    assert "报送情况：第2个报送周期（2025年4月26日至2025年5月25日）应报送22个单位，已报送19个，未报送3个。" in text
    assert "第2个报送周期（截至2025年5月25日）未报送的有县财政局、县农业农村局、县气象局。" in text
    warned = problem(text, "预警单位")
    # 2 cycles without a report: red; 农业农村局 missed one: yellow
    assert "红色预警2个单位：县财政局、县气象局。" in warned
    assert "县农业农村局：上一报送周期未报送（规则：连续1个周期未报送为黄色预警）" in warned
    assert "县财政局、县气象局：连续2个报送周期未报送（规则：连续2个周期未报送为红色预警）" in warned


def test_july_bulletin_compares_with_the_last_issue(season: Path) -> None:
    text = at(season, "summary", "--as-of", "2025-07-10").out
    assert "（第4期）" in text
    changes = next(line for line in text.splitlines() if "较上期（2025年6月26日）" in line)
    assert "新完成事项1个（5.2.2）" in changes
    assert "新增逾期事项2个（1.1.2（2025H1）、5.3.2）" in changes
    problems = section(text, "三、存在问题", "四、下步工作要求")
    assert "县安委办于2025年7月1日对县住建局作出黄牌警告（2.3.1），原因：隐患整改不力。" in problems
    assert "县林业局于2025年7月2日被退回，原因：佐证材料不全。" in problems
    highlights = section(text, "工作亮点", "三、存在问题")
    assert "县应急局（5.3.2 完成煤矿隐蔽致灾因素普查）：已完成主要矿区普查。" in highlights  # reported 07-03, after the last issue
    assert "等15个单位（5.2.2 煤矿重大灾害防治和“三违”治理）：专项检查全部完成。" in highlights  # one line for one note
    assert "按月报送" not in highlights  # reported 06-20: before the last issue
    assert "陵川县安全生产委员会办公室\n2025年7月10日\n" in text


def test_rankings_are_per_list_with_ties(season: Path) -> None:
    text = at(season, "summary", "--as-of", "2025-07-10").out
    attachment = text.split("附件1", 2)[-1].split("附件2", 1)[0]
    departments = section(attachment, "（一）县直部门", "（二）乡镇")
    townships = attachment.split("（二）乡镇", 1)[1]
    dept_rows = [line.split("\t") for line in departments.strip().splitlines()[1:] if "\t" in line]
    town_rows = [line.split("\t") for line in townships.strip().splitlines()[1:] if "\t" in line]
    assert {r[1] for r in town_rows} == {"崇文镇", "礼义镇", "附城镇", "西河底镇", "平城镇", "杨村镇", "潞城镇", "夺火乡", "马圪当乡", "古郊乡", "六泉乡"}
    assert not {r[1] for r in dept_rows} & {r[1] for r in town_rows}
    # ten townships did the same (崇文镇 did not finish 5.3.2): they share the first rank
    assert [r[0] for r in town_rows] == ["1（并列）"] * 10 + ["11"]
    assert town_rows[-1][1] == "崇文镇"
    # ranks follow the figures: a rank is 1 + the number of units with better (share, percent)
    for rows in (dept_rows, town_rows):
        figures = [(float(r[7].rstrip("%")), float(r[8].rstrip("%")), -int(r[9])) for r in rows]  # share, percent, fewer unreported
        for row, mine in zip(rows, figures, strict=True):
            better = sum(1 for f in figures if f > mine)
            tied = sum(1 for f in figures if f == mine) > 1
            assert row[0] == (f"{better + 1}（并列）" if tied else str(better + 1))


def test_the_brief_fits_a_message(season: Path) -> None:
    brief = at(season, "summary", "--brief", "--as-of", "2025-07-10").out
    assert brief.count("\n") == 1
    assert len(brief) <= 500
    assert brief.startswith("【陵政发〔2025〕1号调度通报第4期】截至7月10日：")
    assert "请于7月25日前报送进展" in brief


def test_english_bulletin_has_no_chinese_but_the_data(season: Path) -> None:
    text = at(season, "--lang", "en", "summary", "--as-of", "2025-07-10").out
    names = {u["name"] for u in yaml.safe_load((season / "departments.yaml").read_text(encoding="utf-8"))["units"]}
    tasks = yaml.safe_load((season / "tasks.yaml").read_text(encoding="utf-8"))
    data = set(names) | {tasks["notice"]["title"], tasks["notice"]["number"], "陵川县安全生产委员会办公室", "各乡镇人民政府，县安委会各成员单位"}
    data |= {t["title"] for c in tasks["clauses"] for t in c["tasks"]}
    data |= {d["phrase"] for c in tasks["clauses"] for t in c["tasks"] for d in t.get("deadlines", [])}
    data |= {t["recurrence"]["phrase"] for c in tasks["clauses"] for t in c["tasks"] if t.get("recurrence")}
    data |= {"分工方案", "已完成主要矿区普查", "县安委办督办设置（测试）", "陵川县2025年安全生产工作任务分解表（示例）"}
    data |= {"隐患整改不力", "佐证材料不全", "专项检查全部完成", "按月报送"}
    rest = text
    for word in sorted(data, key=len, reverse=True):
        rest = rest.replace(word, "")
    assert not re.findall(r"[\u4e00-\u9fff]+", rest.replace("（", "").replace("）", ""))
    assert "Progress bulletin on 陵政发〔2025〕1号" in text
    assert "(No. 4)" in text


def test_number_and_since_can_be_given(season: Path) -> None:
    text = at(season, "summary", "--as-of", "2025-07-10", "--number", "7", "--since", "2025-05-01").out
    assert "（第7期）" in text
    assert "较上期（2025年5月1日）" in text
    assert "新完成事项2个（5.2.1、5.2.2）" in text  # 4.2.1 was done on 06-10, and sent back on 07-02


def test_without_a_cycle_there_is_no_unreported_list(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ok("init", str(ws))
    settings = {k: v for k, v in SEASON_SETTINGS.items() if k != "reporting"}
    settings["warnings"] = [r for r in SEASON_SETTINGS["warnings"] if r["rule"] not in ("unreported", "repeated")]  # type: ignore[union-attr]
    write_settings(ws, settings)
    text = at(ws, "summary", "--as-of", "2025-07-10").out
    assert "尚未设置报送周期（supervision.yaml），不统计未报送。" in text
    assert "（三）未报送" not in text


# ── the rules, one at a time, at their boundaries ──


def rule_ws(tmp_path: Path, *rules: dict[str, Any], reporting: bool = True) -> Path:
    ws = tmp_path / "ws"
    if not ws.exists():
        ok("init", str(ws))
    settings: dict[str, Any] = {**SEASON_SETTINGS, "warnings": list(rules)}
    if not reporting:
        settings.pop("reporting")
    write_settings(ws, settings)
    return ws


def warning_of(ws: Path, unit: str, as_of: str) -> tuple[str | None, list[str]]:
    rows = json.loads(at(ws, "progress", "--by", "dept", "--format", "json", "--as-of", as_of).out)
    row = next(r for r in rows if r["unit"] == unit)
    return row["card"], row["reasons"]


# 5.3.2: 2025年6月底前, from the notice date 2025-04-07: 84 days; 05-19 is day 42, 序时进度 50%.
def test_lag_fires_only_beyond_its_points(tmp_path: Path) -> None:
    ws = rule_ws(tmp_path, {"level": "yellow", "rule": "lag", "points": 20})
    update(ws, "5.3.2", "应急局", "推进中", "2025-05-10", "--percent", "30")
    assert warning_of(ws, "yingji", "2025-05-19") == (None, [])  # 50 − 30 = 20: not more than 20
    update(ws, "5.3.2", "应急局", "推进中", "2025-05-11", "--percent", "29")
    assert warning_of(ws, "yingji", "2025-05-19") == (
        "yellow",
        ["5.3.2进度29%，序时进度50%，落后21个百分点（规则：进度落后序时进度超过20个百分点为黄色预警）"],
    )


def test_near_due_counts_days_and_percent(tmp_path: Path) -> None:
    ws = rule_ws(tmp_path, {"level": "yellow", "rule": "near_due", "days": 15, "below": 80})
    update(ws, "5.3.2", "应急局", "推进中", "2025-06-01", "--percent", "79")
    assert warning_of(ws, "yingji", "2025-06-14")[0] is None  # 16 days left
    assert warning_of(ws, "yingji", "2025-06-15") == ("yellow", ["5.3.2距时限15天，进度79%（规则：时限前15天内进度低于80%为黄色预警）"])
    update(ws, "5.3.2", "应急局", "推进中", "2025-06-02", "--percent", "80")
    assert warning_of(ws, "yingji", "2025-06-15")[0] is None  # 80 is not under 80
    assert warning_of(ws, "fagai", "2025-06-30")[0] == "yellow"  # the day of the limit: 0 days left
    assert warning_of(ws, "fagai", "2025-07-01")[0] is None  # overdue is another rule's


def test_overdue_counts_from_the_day_after_the_limit(tmp_path: Path) -> None:
    ws = rule_ws(tmp_path, {"level": "red", "rule": "overdue", "days": 5})
    assert warning_of(ws, "fagai", "2025-07-04")[0] is None
    assert warning_of(ws, "fagai", "2025-07-05") == ("red", ["5.3.2已逾期5天（规则：超过时限5天及以上未完成为红色预警）"])
    update(ws, "5.3.2", "发改局", "已完成", "2025-07-05")
    assert warning_of(ws, "fagai", "2025-07-05")[0] is None  # done: not overdue, whatever the lateness


def test_unreported_counts_closed_cycles_in_a_row(tmp_path: Path) -> None:
    ws = rule_ws(tmp_path, {"level": "red", "rule": "unreported", "cycles": 2})
    assert warning_of(ws, "qixiang", "2025-05-25")[0] is None  # cycle 2 is due today: one closed cycle missed
    assert warning_of(ws, "qixiang", "2025-05-26") == ("red", ["连续2个报送周期未报送（规则：连续2个周期未报送为红色预警）"])
    duty = first_duty(ws, "气象局")
    update(ws, duty, "气象局", "推进中", "2025-05-25", "--percent", "10")  # on the due day: counts in cycle 2
    assert warning_of(ws, "qixiang", "2025-05-26")[0] is None
    assert warning_of(ws, "qixiang", "2025-07-26")[0] == "red"  # cycles 3 and 4 missed since


def test_a_late_report_counts_in_the_cycle_it_falls_in(tmp_path: Path) -> None:
    ws = rule_ws(tmp_path, {"level": "yellow", "rule": "unreported", "cycles": 1})
    duty = first_duty(ws, "气象局")
    update(ws, duty, "气象局", "推进中", "2025-04-26", "--percent", "10")  # a day after cycle 1's due day
    assert warning_of(ws, "qixiang", "2025-04-26")[0] == "yellow"  # cycle 1 had nothing
    assert warning_of(ws, "qixiang", "2025-05-26")[0] is None  # cycle 2 has it


def test_repeated_yellows_escalate_to_red(tmp_path: Path) -> None:
    lag = {"level": "yellow", "rule": "lag", "points": 20}
    ws = rule_ws(tmp_path, lag, {"level": "red", "rule": "repeated", "cycles": 3})
    # 5.3.2 (84 days from 04-07) at 0%: more than 20 points behind from 04-25 (day 18: 21.4%) on
    assert warning_of(ws, "fagai", "2025-04-23")[0] is None  # day 16: 19.0%
    assert warning_of(ws, "fagai", "2025-04-25")[0] == "yellow"
    assert warning_of(ws, "fagai", "2025-05-25")[0] == "yellow"  # yellow at 04-25 (a due day) and now: 2 in a row
    card, reasons = warning_of(ws, "fagai", "2025-06-25")  # at 04-25, 05-25 and now: 3
    assert card == "red"
    assert reasons[0] == "4月25日、5月25日报送截止日及今日均有预警（规则：连续3个报送周期有预警升级为红色预警）"
    update(ws, "5.3.2", "发改局", "推进中", "2025-06-25", "--percent", "90")  # caught up: no yellow now, nothing to raise
    assert warning_of(ws, "fagai", "2025-06-25")[0] is None


def test_no_rule_fires_on_the_issue_day(tmp_path: Path) -> None:
    every = [
        {"level": "yellow", "rule": "lag", "points": 0},
        {"level": "yellow", "rule": "near_due", "days": 366, "below": 100},
        {"level": "red", "rule": "overdue", "days": 0},
        {"level": "red", "rule": "unreported", "cycles": 1},
    ]
    ws = rule_ws(tmp_path, *every)
    rows = json.loads(at(ws, "progress", "--by", "dept", "--format", "json", "--as-of", "2025-04-07").out)
    assert all(r["card"] is None for r in rows)
    # the next day the same rules fire: every unit with a dated task is a day behind 序时进度
    later = {r["unit"]: r["card"] for r in json.loads(at(ws, "progress", "--by", "dept", "--format", "json", "--as-of", "2025-04-08").out)}
    assert later["yingji"] == later["fagai"] == "yellow"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"level": "yellow", "rule": "lag"}, "lag 规则须写明 points"),
        ({"level": "yellow", "rule": "lag", "points": 10, "days": 3}, "lag 规则不用 days（会被忽略），请删去"),
        ({"level": "yellow", "rule": "repeated", "cycles": 2}, "repeated（连续黄色预警升级）规则的 level 只能是 red"),
        ({"level": "orange", "rule": "lag", "points": 10}, "orange"),
        ({"level": "yellow", "rule": "lag", "points": 101}, "100"),
    ],
)
def test_a_bad_rule_is_refused_with_its_place(tmp_path: Path, rule: dict[str, Any], message: str) -> None:
    ws = rule_ws(tmp_path, rule)
    run = anquan("--data", str(ws), "summary", "--as-of", "2025-07-10")
    assert run.code == 2
    assert run.out == ""
    problem, count = run.err.splitlines()  # the problem, at its place, then how many there are
    assert re.match(r".*supervision\.yaml:\d+:\d+: warnings\[0\]", problem), run.err
    assert message in problem
    assert count == "anquan：数据中有1个问题"
    assert "Traceback" not in run.err


def test_an_unreported_rule_without_a_cycle_is_refused(tmp_path: Path) -> None:
    ws = rule_ws(tmp_path, {"level": "red", "rule": "unreported", "cycles": 2}, reporting=False)
    run = anquan("--data", str(ws), "validate")
    assert run.code == 2
    assert "unreported 规则需要先设置 reporting（报送周期）" in run.err


# ── the office's 红黄牌警告 ──


def test_a_card_needs_a_unit_of_the_task_and_a_reason(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ok("init", str(ws))
    run = anquan("--data", str(ws), "card", "5.3.2", "--dept", "气象局", "--level", "red", "--note", "x", "--date", "2025-07-01")
    assert run.code == 2
    assert "红黄牌警告的对象须是任务 5.3.2 的责任单位（--dept）" in run.err
    before = sorted(p.name for p in (ws / "progress").iterdir())
    run = anquan("--data", str(ws), "card", "5.3.2", "--dept", "应急局", "--level", "red", "--note", "", "--date", "2025-07-01")
    assert run.code == 2
    assert sorted(p.name for p in (ws / "progress").iterdir()) == before
    at(ws, "card", "5.3.2", "--dept", "应急局", "--level", "red", "--note", "屡禁不止", "--date", "2025-07-01")
    history = at(ws, "history", "5.3.2").out
    assert "红牌警告" in history
    text = at(ws, "summary", "--as-of", "2025-07-10").out
    assert "县安委办于2025年7月1日对县应急局作出红牌警告（5.3.2），原因：屡禁不止。" in text
    assert "（2.3.1" not in text
    # a decision, not a computed warning: it changes no unit's 预警
    rows = json.loads(at(ws, "progress", "--by", "dept", "--format", "json", "--as-of", "2025-07-10").out)
    assert all("红牌" not in " ".join(r["reasons"]) for r in rows)


# ── the Word document ──


@pytest.fixture(scope="module")
def docx_path(season: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx") / "第3期.docx"
    at(season, "summary", "--as-of", "2025-07-10", "--format", "docx", "-o", str(out))
    return out


def test_docx_has_the_gbt_9704_layout(docx_path: Path) -> None:
    from docx import Document
    from docx.shared import Mm, Pt

    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    doc = Document(str(docx_path))
    s = doc.sections[0]

    def mm(length: Any) -> float:  # Word keeps twentieths of a point: 210 mm is 11906
        return round(length / Mm(1), 1)

    assert (mm(s.page_width), mm(s.page_height)) == (210, 297)
    assert (mm(s.top_margin), mm(s.bottom_margin), mm(s.left_margin), mm(s.right_margin)) == (37, 35, 28, 26)
    grid = s._sectPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docGrid")
    pitch = int(grid.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}linePitch")) / 20
    assert round((297 - 37 - 35) / 25.4 * 72 / pitch) == 22  # 22 lines a page

    def east_asian(style: Any) -> str:  # the style's own font for Chinese, else its base style's
        fonts = style.element.rPr.find(W + "rFonts") if style.element.rPr is not None else None
        return str(fonts.get(W + "eastAsia")) if fonts is not None else east_asian(style.base_style)

    def size(style: Any) -> Any:
        return style.font.size if style.font.size is not None else size(style.base_style)

    styles = doc.styles
    assert (east_asian(styles["Title"]), size(styles["Title"])) == ("方正小标宋简体", Pt(22))
    assert (east_asian(styles["Body Text"]), size(styles["Body Text"])) == ("仿宋_GB2312", Pt(16))
    assert east_asian(styles["Heading 1"]) == "黑体"
    assert east_asian(styles["Heading 2"]) == "楷体_GB2312"
    assert styles["Body Text"].paragraph_format.first_line_indent == Pt(32)
    # 28 characters of 三号 fit in a line, 29 do not
    width_pt = (210 - 28 - 26) / 25.4 * 72
    spacing = styles["Normal"].element.rPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}spacing")
    pitch_char = 16 + int(spacing.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")) / 20
    assert 28 * pitch_char <= width_pt < 29 * pitch_char


def test_docx_says_what_the_text_says(docx_path: Path, season: Path) -> None:
    from docx import Document

    doc = Document(str(docx_path))
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs if p.text]
    text = at(season, "summary", "--as-of", "2025-07-10").out
    assert paragraphs[0] == ("Title", "关于陵政发〔2025〕1号\n落实情况的调度通报")
    assert paragraphs[1] == ("Subtitle", "（第4期）")
    assert paragraphs[2] == ("Recipients", "各乡镇人民政府，县安委会各成员单位：")
    headings = [t for s, t in paragraphs if s == "Heading 1"]
    assert headings[:4] == ["一、总体情况", "二、进展较好", "三、存在问题", "四、下步工作要求"]
    assert headings[4:] == ["附件1", "附件2"]
    assert [t for s, t in paragraphs if s == "Signature"] == ["陵川县安全生产委员会办公室", "2025年7月10日"]
    body = [t for s, t in paragraphs if s == "Body Text"]
    assert body
    assert all(("\u3000\u3000" + t) in text for t in body)
    # the tables are the text's tab-separated tables, cell by cell
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    rows_in_text = [line.split("\t") for line in text.splitlines() if "\t" in line]
    assert [row for t in tables for row in t] == rows_in_text
    assert len(tables) == 3  # 县直部门, 乡镇, 台账


def test_docx_is_the_same_bytes_each_time(season: Path, docx_path: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.docx"
    at(season, "summary", "--as-of", "2025-07-10", "--format", "docx", "-o", str(again))
    assert again.read_bytes() == docx_path.read_bytes()


def test_docx_needs_a_file(season: Path) -> None:
    run = anquan("--data", str(season), "summary", "--format", "docx")
    assert run.code == 2
    assert run.err == "anquan：错误：Word 文档须用 -o 指定文件，如 -o 第3期.docx\n"
    assert run.out == ""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(soffice() is None or shutil.which("pdftotext") is None, reason="needs LibreOffice and pdftotext (.ci/run installs them)")
def test_docx_renders_to_pdf_with_libreoffice(docx_path: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profile"  # a profile of its own: another soffice running does not block this one
    subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = tmp_path / "第3期.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.M)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    page_texts = text.split("\f")
    if page_texts and not page_texts[-1].strip():
        page_texts.pop()
    assert len(page_texts) == pages
    # every page carries its number, — N —, odd ones on the right and even ones on the left
    for n, page in enumerate(page_texts, 1):
        assert re.search(rf"—\s*{n}\s*—", page), (n, page[-200:])
    first = re.sub(r"\s+", "", page_texts[0])
    assert first.startswith("关于陵政发〔2025〕1号落实情况的调度通报（第4期）各乡镇人民政府，县安委会各成员单位：")
    # the body ends with the signature, then each attachment starts a page
    starts = [re.sub(r"\s+", "", p)[:3] for p in page_texts]
    assert "附件1" in starts
    assert "附件2" in starts
    assert starts.index("附件1") < starts.index("附件2")
    body = "".join(re.sub(r"\s+", "", p) for p in page_texts[: starts.index("附件1")])
    assert body.endswith(re.sub(r"\s+", "", "陵川县安全生产委员会办公室2025年7月10日") + f"—{starts.index('附件1')}—")
    assert 3 <= pages <= 40


def test_calendar_reminders_follow_the_near_due_rule(tmp_path: Path) -> None:
    from icalendar import Calendar

    ws = rule_ws(tmp_path, {"level": "yellow", "rule": "near_due", "days": 10, "below": 80})
    out = tmp_path / "due.ics"
    at(ws, "export", "--format", "ics", "-o", str(out), "--as-of", "2025-05-01")
    alarms = [a.decoded("trigger") for a in Calendar.from_ical(out.read_bytes()).walk("VALARM")]
    assert alarms
    assert set(alarms) == {dt.timedelta(days=-10)}


def test_old_thresholds_in_tasks_yaml_are_reported_not_used(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ok("init", str(ws))
    tasks = ws / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8").replace("\nrules:\n", "\nwarnings:\n  yellow_days: 3\n  lag_points: 99\n\nrules:\n", 1)
    tasks.write_text(text, encoding="utf-8")
    line = text.splitlines().index("warnings:") + 1
    run = anquan("--data", str(ws), "validate")
    assert run.code == 0
    moved = "warnings（预警阈值）已不再使用：报送周期和预警规则在 supervision.yaml 中设置（本地配置），请删去这一段"
    assert f"tasks.yaml:{line}:1: warnings: {moved}" in run.out + run.err
    assert anquan("--data", str(ws), "validate", "--strict").code == 2


def test_validate_says_which_supervision_settings_apply(season: Path, tmp_path: Path) -> None:
    out = at(season, "validate").out
    assert "督办设置《县安委办督办设置（测试）》（supervision.yaml，本地配置）：每月25日前报送；预警规则6条；已登记通报3期。" in out
    ws = rule_ws(tmp_path, {"level": "red", "rule": "overdue", "days": 1}, reporting=False)
    assert "：未设置报送周期；预警规则1条；已登记通报3期。" in at(ws, "validate").out
    fresh = tmp_path / "fresh"
    ok("init", str(fresh))
    assert "本地配置，默认或示例，请按本县决定修改）：每月25日前报送；预警规则6条；已登记通报0期。" in at(fresh, "validate").out
