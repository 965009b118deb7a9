"""`anquan export`: every format read back with a real reader (json, csv with its BOM, openpyxl,
icalendar) on a real workspace with progress, and the file written whole with -o."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from icalendar import Calendar

from helpers_cli import TOWNSHIPS, ok, run

AS_OF = "2025-07-05"  # 1.1.2 (H1) and 5.3.2 are overdue: their 2025-06-30 deadline passed
FORMULA_NOTE = '=HYPERLINK("http://example.invalid","点此")'
# Each reporter is a unit that must report on the task: 5.3 and 4.5 name 县应急局 and 县住建局
# themselves; 4.1 names only 县安委会有关成员单位 (待分工: no member owes it) and, by the rule,
# the townships, so 崇文镇 reports there.
UPDATES = [
    ("5.3.2", "yingji", "in_progress", "60", "2025-05-20", "已完成3个矿区"),
    ("5.3.2", "zhujian", "done", "100", "2025-06-10", FORMULA_NOTE),
    ("4.5.2", "zhujian", "in_progress", "30", "2025-05-30", "-5%预算 | 待批复"),
    ("4.1.4", "chongwen", "done", "100", "2025-06-20", "预案已发布"),
]
LEDGER_HEADER = ["任务编号", "部分", "条款", "任务", "原文", "责任单位", "截止日期", "完成时限", "状态", "平均进度%", "标签"]
UNIT_HEADER = [
    "任务编号",
    "任务",
    "截止日期",
    "完成时限",
    "任务状态",
    "本单位状态",
    "已报进度%",
    "上次填报",
    "上次进展",
    "状态",
    "完成百分比",
    "进展情况",
    "佐证材料",
    "填报日期",
]
OVERDUE_FILL = "FFC7CE"  # the colour; the alpha byte before it is the writer's (Excel ignores it in a fill)
# 县住建局 is named in 2.1, 4.5, 5.2 and 5.3 (2 + 3 + 6 + 6 tasks); its membership of
# 县安委会有关成员单位 adds no task until a 分工方案 divides the group's part.
ZHUJIAN_CLAUSES = ("2.1", "4.5", "5.2", "5.3")
ZHUJIAN_STANDING = {"4.5.1", "5.2.3", "5.3.1", "5.3.3"}  # 常态化: never done, not counted
DEADLINES = 8  # dated occurrences in the catalogue: 1.1.2 twice (每半年), six others once
# As of 2025-07-05 the counts are over occurrences: 109 tasks less 21 standing and 9 contingent
# not triggered is 79, and 1.1.2's second half (opened 07-01) makes 80.
COUNTED = 80


def zhujian_tasks() -> list[str]:
    return [t["task"] for t in json.loads(ok("list", "--format", "json")) if t["clause"] in ZHUJIAN_CLAUSES]


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export") / "ws"
    ok("init", str(root))
    for task, unit, status, percent, date, note in UPDATES:
        ok("--data", str(root), "update", task, "--dept", unit, "--status", status, "--percent", percent, "--date", date, "--note", note)
    return root


def export(ws: Path, *args: str) -> str:
    return ok("--data", str(ws), "export", "--as-of", AS_OF, *args)


def export_bytes(ws: Path, *args: str) -> bytes:
    result = run("--data", str(ws), "export", "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def refused(ws: Path, *args: str) -> str:
    result = run("--lang", "en", "--data", str(ws), *args)  # the messages checked are the English ones
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    return result.stderr


# ── json ──


def test_json_is_the_catalogue_with_computed_status(ws: Path) -> None:
    doc = json.loads(export(ws, "--format", "json"))
    assert list(doc) == ["format", "version", "notice", "as_of", "unit", "counts", "tasks"]
    assert (doc["format"], doc["version"], doc["as_of"], doc["unit"]) == ("anquan-export", 1, AS_OF, None)
    assert doc["notice"] == {"number": "陵政发〔2025〕1号", "title": "陵川县人民政府关于做好2025年安全生产工作的通知", "date": "2025-04-07", "year": 2025}
    assert len(doc["tasks"]) == 109
    # in progress: 5.3.2, 4.5.2 and 4.1.4 (崇文镇 done, ten townships to go); overdue: 5.3.2 and
    # 1.1.2's first half. percent: (160/17 + 30/18 + 100/11) / 80 occurrences = 0.25
    assert doc["counts"] == {"tasks": COUNTED, "not_started": 77, "in_progress": 3, "done": 0, "verified": 0, "overdue": 2, "percent": 0.3}
    task = next(t for t in doc["tasks"] if t["task"] == "5.3.2")
    assert {k: task[k] for k in ("status", "overdue", "overdue_days", "due", "next_due", "clause", "title")} == {
        "status": "in_progress",
        "overdue": True,
        "overdue_days": 5,
        "due": "2025-06-30",
        "next_due": None,
        "clause": "5.3",
        "title": "完成煤矿隐蔽致灾因素普查",
    }
    assert task["progress"]["yingji"] == {"status": "in_progress", "percent": 60, "date": "2025-05-20", "note": "已完成3个矿区"}
    assert task["progress"]["zhujian"] == {"status": "done", "percent": 100, "date": "2025-06-10", "note": FORMULA_NOTE}
    assert task["progress"]["jiaotong"] == {"status": "not_started", "percent": 0, "date": None, "note": None}
    assert [{k: d[k] for k in ("date", "phrase", "period", "key")} for d in task["deadlines"]] == [
        {"date": "2025-06-30", "phrase": "2025年6月底前", "period": None, "key": None}
    ]
    # standing and untriggered contingent duties are exported with their own status, uncounted
    statuses = {t["task"]: t["status"] for t in doc["tasks"]}
    assert (statuses["5.3.3"], statuses["1.5.1"]) == ("standing", "inactive")
    # a group's part not yet divided: shown as pending, and none of its members reports
    task = next(t for t in doc["tasks"] if t["task"] == "4.1.4")
    assert task["pending"] == ["anweihui_members"]
    assert set(task["progress"]) == set(task["reporters"]) == TOWNSHIPS
    assert (task["status"], task["percent"]) == ("in_progress", round(100 / 11, 1))


def test_json_field_names_and_values_do_not_depend_on_the_language(ws: Path) -> None:
    assert export(ws, "--format", "json") == ok("--lang", "en", "--data", str(ws), "export", "--as-of", AS_OF, "--format", "json")


def test_json_of_one_unit(ws: Path) -> None:
    doc = json.loads(export(ws, "--format", "json", "--dept", "住建局"))
    assert doc["unit"] == {"id": "zhujian", "name": "县住建局"}
    ids = [t["task"] for t in doc["tasks"]]
    assert ids == zhujian_tasks()
    assert len(ids) == 17
    assert doc["counts"]["tasks"] == 17 - len(ZHUJIAN_STANDING)


# ── csv ──


def read_csv_file(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM, so that Excel reads UTF-8"
    assert b"\r\n" in raw
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_csv_file_with_bom_read_back_by_the_csv_module(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "tasks.csv"
    assert export(ws, "--format", "csv", "-o", str(out)) == f"已导出：{out}\n"
    rows = read_csv_file(out)
    assert rows[0] == ["任务编号", "部分", "条款", "任务", "原文", "责任单位", "截止日期", "完成时限", "状态", "平均进度%"]
    assert len(rows) == 1 + 109
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["5.3.2"][3:] == [
        "完成煤矿隐蔽致灾因素普查",
        "全面推行“地质透明化”建设三年行动，2025年6月底前完成煤矿区域性隐蔽致灾因素普查。",
        "县应急局、县住建局、县交通局、县水务局、县发改局、县消防救援大队、各乡镇人民政府※",
        "2025-06-30",
        "2025-06-30（2025年6月底前）",
        "逾期",
        "9.4",
    ]
    assert by_id["1.1.2"][6:9] == ["2025-06-30", "2025-06-30（每半年·上半年）；2025-12-31（每半年·下半年）", "逾期"]
    assert by_id["4.1.4"][6:9] == ["2025-10-31", "2025-10-31（2025年10月底前）", "推进中"]
    assert by_id["1.1.2"][5] == "县安委会有关成员单位（待分工）、各乡镇人民政府"
    assert by_id["1.1.1"][6:9] == ["", "", "常态化"]
    assert by_id["1.5.1"][6:9] == ["", "", "未触发"]


def test_csv_of_a_unit_neutralises_formulas(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "zhujian.csv"
    export(ws, "--dept", "zhujian", "-o", str(out))  # the format comes from the extension
    rows = read_csv_file(out)
    assert rows[0][-4:] == ["本单位状态", "完成百分比", "填报日期", "进展情况"]
    by_id = {r[0]: r for r in rows[1:]}
    assert list(by_id) == zhujian_tasks()
    assert by_id["5.3.2"][-4:] == ["已完成", "100", "2025-06-10", "'" + FORMULA_NOTE]
    assert by_id["4.5.2"][-4:] == ["推进中", "30", "2025-05-30", "'-5%预算 | 待批复"]
    starts = {cell[:1] for row in rows for cell in row}
    assert not starts & {"=", "+", "-", "@", "\t", "\r"}


def test_csv_to_stdout(ws: Path) -> None:
    data = export_bytes(ws, "--format", "csv", "--dept", "应急局")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert len(rows) == 1 + 26  # 县应急局 is named in 2.1, 4.2, 4.4, 4.5, 5.2, 5.3
    assert {r[0]: r[-4:] for r in rows[1:]}["5.3.2"] == ["推进中", "60", "2025-05-20", "已完成3个矿区"]


# ── markdown ──


def test_markdown_is_the_division_of_tasks_grouped_by_section(ws: Path) -> None:
    text = export(ws, "--format", "markdown")
    lines = text.splitlines()
    assert lines[:9] == [
        "# 陵政发〔2025〕1号任务分工（截至2025-07-05）",
        "",
        "## 一、提高政治站位，扣紧压实安全责任链条",
        "",
        "| 序号 | 重点任务 | 责任单位 | 完成时限 | 进展情况 |",
        "|---|---|---|---|---|",
        "| 1 | 1.1.1 学习贯彻重要讲话和指示批示 | 县安委会有关成员单位（待分工）、各乡镇人民政府 | — | 常态化 |",
        "| 2 | 1.1.2 落实党政领导干部安全生产责任制 | 县安委会有关成员单位（待分工）、各乡镇人民政府 "
        "| 2025-06-30（每半年·上半年）；2025-12-31（每半年·下半年） | 未启动，逾期5天 |",
        "| 3 | 1.1.3 “办实事、解难题”清单解决具体问题 | 县安委会有关成员单位（待分工）、各乡镇人民政府 | 2025-12-31（2025年12月底前） | 未启动 |",
    ]
    assert [line for line in lines if line.startswith("## ")] == [
        "## 一、提高政治站位，扣紧压实安全责任链条",
        "## 二、严格防范措施，健全安全风险防控机制",
        "## 三、深化专项整治，严控重点领域安全风险",
        "## 四、强化应急准备，提高事故灾害处置能力",
        "## 五、加强基础建设，提升应急管理综合水平",
        "## 六、强化宣传教育，抓好安全生产素质提升",
    ]
    rows = [line for line in lines if line.startswith("| ") and not line.startswith("| 序号")]
    assert [r.split(" | ")[0] for r in rows] == [f"| {n}" for n in range(1, 110)]
    assert (
        "| 93 | 5.3.2 完成煤矿隐蔽致灾因素普查 | 县应急局、县住建局、县交通局、县水务局、县发改局、县消防救援大队、各乡镇人民政府※ "
        "| 2025-06-30（2025年6月底前） | 推进中（平均进度 9%），逾期5天 |"
    ) in rows
    assert (
        "| 56 | 4.1.4 修订发布自然灾害救助预案 | 县安委会有关成员单位（待分工）、各乡镇人民政府※ | 2025-10-31（2025年10月底前） | 推进中（平均进度 9%） |"
    ) in rows
    assert "| 21 | 1.5.1 责任不落实和瞒报迟报灾情的问责 | 县安委会有关成员单位（待分工）、各乡镇人民政府※ | — | 未触发 |" in rows
    assert lines[-1] == "※ 据“以下均需各乡镇人民政府负责，不再一一列出”（第1.1条）"


def test_markdown_of_a_unit_shows_its_own_progress_and_escapes_pipes(ws: Path) -> None:
    lines = export(ws, "--format", "markdown", "--dept", "住建局").splitlines()
    assert lines[0] == "# 陵政发〔2025〕1号任务分工（县住建局 截至2025-07-05）"
    assert (
        "| 4 | 4.5.2 开展综合性应急演练 | 县住建局、县交通局、县水务局、县应急局、县消防救援大队、县自然资源局、县林业局、各乡镇人民政府※ "
        "| 2025-12-31（年底前） | 推进中 30%（2025-05-30）：-5%预算 \\| 待批复 |"
    ) in lines
    row = next(line for line in lines if "5.3.2" in line)
    assert row.endswith(f"| 已完成（2025-06-10）：{FORMULA_NOTE} |")  # done: no longer overdue for this unit
    assert sum(1 for line in lines if line.startswith("| ") and not line.startswith("| 序号")) == 17
    # 县应急局 has not finished 5.3.2: overdue for it
    lines = export(ws, "--format", "markdown", "--dept", "应急局").splitlines()
    row = next(line for line in lines if "5.3.2" in line)
    assert row.endswith("| 推进中 60%（2025-05-20）：已完成3个矿区，逾期5天 |")


def test_markdown_in_english(ws: Path) -> None:
    lines = ok("--lang", "en", "--data", str(ws), "export", "--format", "markdown", "--as-of", AS_OF).splitlines()
    assert lines[0] == "# 陵政发〔2025〕1号: tasks and units (as of 2025-07-05)"
    assert lines[4] == "| No. | Task | Units | Deadline | Progress |"
    assert lines[6].endswith("| standing |")
    assert lines[7].endswith("| not started, 5 days overdue |")
    # the words around the units are English too, as `list --lang en` has them
    assert "| 县安委会有关成员单位（to be divided）、各乡镇人民政府 |" in lines[7]


# ── xlsx ──


def load(data: bytes) -> Any:
    return openpyxl.load_workbook(BytesIO(data))


def fill_color(cell: Any) -> str:
    """A cell's fill colour as RRGGBB."""
    return str(cell.fill.fgColor.rgb)[-6:]


def rows_by_task(sheet: Any, header_row: int = 2) -> dict[str, int]:
    return {sheet.cell(r, 1).value: r for r in range(header_row + 1, sheet.max_row + 1)}


def test_xlsx_ledger_and_summary(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    export(ws, "--format", "xlsx", "-o", str(out))
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["工作台账", "汇总", "_anquan"]
    assert wb["_anquan"].sheet_state == "veryHidden"
    ledger = wb["工作台账"]
    assert ledger.cell(1, 1).value == "陵政发〔2025〕1号工作台账（截至2025-07-05）"
    assert [c.value for c in ledger[2]] == LEDGER_HEADER
    assert ledger.freeze_panes == "B3"
    assert ledger.auto_filter.ref == "A2:K111"
    rows = rows_by_task(ledger)
    assert list(rows) == [t["task"] for t in json.loads(ok("list", "--format", "json"))]  # all 109, in notice order
    due = LEDGER_HEADER.index("截止日期") + 1
    status = LEDGER_HEADER.index("状态") + 1
    # deadlines are real dates, shown as dates
    assert ledger.cell(rows["4.1.4"], due).value == dt.datetime(2025, 10, 31)
    assert ledger.cell(rows["4.1.4"], due).is_date
    assert ledger.cell(rows["4.1.4"], due).number_format == "yyyy-mm-dd"
    assert ledger.cell(rows["1.1.2"], due).value == dt.datetime(2025, 6, 30)  # the missed one, while overdue
    assert ledger.cell(rows["1.1.1"], due).value is None
    # overdue rows highlighted, every cell of them; others not
    for task in ("1.1.2", "5.3.2"):
        assert ledger.cell(rows[task], status).value == "逾期"
        assert {fill_color(ledger.cell(rows[task], c)) for c in range(1, len(LEDGER_HEADER) + 1)} == {OVERDUE_FILL}
    assert fill_color(ledger.cell(rows["4.1.4"], 1)) != OVERDUE_FILL
    overdue_rows = {r for r in rows.values() if fill_color(ledger.cell(r, 1)) == OVERDUE_FILL}
    assert overdue_rows == {rows["1.1.2"], rows["5.3.2"]}
    # wrapped text, and columns wide enough for Chinese (two columns a character), capped for long text
    assert ledger.cell(rows["5.3.2"], 5).alignment.wrap_text
    widths = {c: ledger.column_dimensions[c].width for c in "ABCDEFGHIJK"}
    assert widths["D"] >= 2 * len("“办实事、解难题”清单解决具体问题")
    assert widths["E"] == 62  # 原文: capped at 60, plus padding
    assert widths["A"] >= 10
    # the summary: counts by section and by unit
    summary = wb["汇总"]
    values = [[c.value for c in row] for row in summary.iter_rows()]
    assert values[2][:9] == ["部分", "事项数", "未启动", "推进中", "已完成", "已销号", "逾期", "完成率%", "平均进度%"]
    # 一: 1.1.2 (both halves open by 07-05), 1.1.3, 1.1.4, 1.2.1–1.2.5, 1.3.2–1.3.4, 1.4.1, 1.4.3,
    # 1.4.4 = 15 occurrences (the rest are standing, or contingent and not triggered); 1.1.2's
    # first half is overdue
    assert values[3][:9] == ["一、提高政治站位，扣紧压实安全责任链条", 15, 15, 0, 0, 0, 1, 0, 0]
    # 四: 4.1.4 and 4.5.2 in progress: (100/11 + 30/18) / 19 = 0.57
    assert values[6][:9] == ["四、强化应急准备，提高事故灾害处置能力", 19, 17, 2, 0, 0, 0, 0, 0.6]
    assert values[9][:9] == ["合计", COUNTED, 77, 3, 0, 0, 2, 0, 0.3]
    unit_header = values.index(["排名", "单位", "事项数", "已完成", "推进中", "未启动", "逾期", "完成率%", "平均进度%", "预警"])
    assert len(values) - unit_header - 1 == 22  # every reporting unit
    ranking = {v[1]: v[2:] for v in values[unit_header + 1 :]}
    # 县住建局's own: 13 counted tasks; 5.3.2 done (on time, so not overdue), 4.5.2 at 30%
    assert ranking["县住建局"] == [13, 1, 1, 11, 0, round(100 / 13, 1), 10, None]
    # 崇文镇 owes all 80 occurrences; 4.1.4 done; 1.1.2 (上半年) and 5.3.2 overdue
    assert ranking["崇文镇"] == [80, 1, 0, 79, 2, 1.2, 1.2, "红色预警"]
    assert ranking["县应急局"][:5] == [22, 0, 1, 21, 1]  # 26 tasks less 4 standing; 5.3.2 overdue


def test_xlsx_for_a_unit_is_its_fill_in_sheet(ws: Path) -> None:
    wb = load(export_bytes(ws, "--format", "xlsx", "--dept", "县住建局"))
    assert wb.sheetnames == ["工作台账", "汇总", "_anquan"]
    sheet = wb["工作台账"]
    assert sheet.cell(1, 1).value.startswith("陵政发〔2025〕1号工作台账（县住建局 截至2025-07-05）\n请填写黄色列：")
    # row 2: the sheet's own 填报日期, the export's as-of day, for rows left without one
    assert [sheet.cell(2, c).value for c in (1, 2)] == ["本表填报日期", dt.datetime(2025, 7, 5)]
    assert sheet["B2"].number_format == "yyyy-mm-dd"
    assert [c.value for c in sheet[3]][: len(UNIT_HEADER)] == UNIT_HEADER
    assert sheet.freeze_panes == "B4"
    rows = rows_by_task(sheet, 3)
    assert list(rows) == zhujian_tasks()
    col = {h: i for i, h in enumerate(UNIT_HEADER, 1)}
    r = rows["5.3.2"]
    assert [sheet.cell(r, col[h]).value for h in ("任务状态", "本单位状态", "已报进度%", "上次填报")] == ["逾期", "已完成", 100, dt.datetime(2025, 6, 10)]
    # a note that starts with = is text, neutralised: never a formula
    note = sheet.cell(r, col["上次进展"])
    assert note.data_type == "s"
    assert note.value == "'" + FORMULA_NOTE
    assert sheet.cell(rows["4.5.2"], col["上次进展"]).value == "'-5%预算 | 待批复"
    # done by this unit: not highlighted although the task is overdue (and nothing else of its is)
    assert fill_color(sheet.cell(r, 1)) != OVERDUE_FILL
    assert all(fill_color(sheet.cell(row, 1)) != OVERDUE_FILL for row in rows.values())
    # the columns to fill in are empty, yellow, with drop-down and range checks
    for h in ("状态", "完成百分比", "进展情况", "佐证材料", "填报日期"):
        assert fill_color(sheet.cell(3, col[h])) == "FFF2CC"
        assert all(sheet.cell(row, col[h]).value is None for row in rows.values())
    # the hidden sheet says whose sheet it is and which tasks it holds; the sheet carries its key
    meta = [[c for c in row if c is not None] for row in wb["_anquan"].iter_rows(values_only=True)]
    assert meta[:4] == [["anquan-workbook", 2], ["notice", "陵政发〔2025〕1号"], ["as_of", AS_OF], ["scope", "unit"]]
    assert meta[4][0] == "sheet"
    assert meta[4][2:4] == ["工作台账", "zhujian"]
    assert meta[4][4].split(",") == list(rows)
    assert sheet.cell(1, len(UNIT_HEADER) + 1).value == "anquan-sheet:" + meta[4][1]
    assert sheet.column_dimensions["O"].hidden
    assert meta[5][0] == "digest"
    assert len(meta) == 6
    summary = [[c.value for c in row] for row in wb["汇总"].iter_rows()]
    assert summary[-1][:3] == [1, "县住建局", 17 - len(ZHUJIAN_STANDING)]
    # 县应急局 has not finished 5.3.2: its row is highlighted in its own sheet
    sheet = load(export_bytes(ws, "--format", "xlsx", "--dept", "县应急局"))["工作台账"]
    rows = rows_by_task(sheet, 3)
    assert [t for t, row in rows.items() if fill_color(sheet.cell(row, 1)) == OVERDUE_FILL] == ["5.3.2"]
    assert [sheet.cell(rows["5.3.2"], col[h]).value for h in ("任务状态", "本单位状态", "已报进度%")] == ["逾期", "推进中", 60]


def test_a_units_export_counts_its_own_status(ws: Path) -> None:
    """A unit's export counts what the unit itself owes (issue 11: "a unit's view (--dept)
    everywhere shows that unit's own status"): 县住建局 finished 5.3.2 on time and has 4.5.2 at
    30%, so nothing of its own is overdue, as its own ranking row in the same workbook says."""
    own = {"tasks": 13, "not_started": 11, "in_progress": 1, "done": 1, "verified": 0, "overdue": 0}
    counts = json.loads(export(ws, "--format", "json", "--dept", "住建局"))["counts"]
    assert {k: counts[k] for k in own} == own
    summary = [[c.value for c in row] for row in load(export_bytes(ws, "--format", "xlsx", "--dept", "县住建局"))["汇总"].iter_rows()]
    total = next(v for v in summary if v[0] == "合计")
    ranking = summary[-1]
    assert (ranking[1], ranking[3], ranking[6]) == ("县住建局", 1, 0)  # its own: 1 done, 0 overdue
    assert total[1:7] == [own[k] for k in ("tasks", "not_started", "in_progress", "done", "verified", "overdue")]


def test_xlsx_with_a_sheet_for_every_reporting_unit(ws: Path) -> None:
    wb = load(export_bytes(ws, "--format", "xlsx", "--unit-sheets"))
    names = wb.sheetnames
    assert names[:2] == ["工作台账", "汇总"]
    assert names[-1] == "_anquan"
    assert len(names[2:-1]) == 22
    assert names[2:5] == ["县财政局", "县自然资源局", "县林业局"]
    assert names[-2] == "六泉乡"
    assert [c.value for c in wb["县住建局"][3]][: len(UNIT_HEADER)] == UNIT_HEADER
    units = [row[3] for row in wb["_anquan"].iter_rows(values_only=True) if row[0] == "sheet"]
    assert len(units) == 22
    assert "zhujian" in units


def test_xlsx_sheet_names_excel_refuses_or_repeats_are_made_unique(tmp_path: Path) -> None:
    """A unit named as another sheet is (汇总) gets a number after its name; a name in apostrophes,
    which Excel refuses as a sheet name, loses them. The hidden sheet names each sheet as written."""
    root = tmp_path / "ws"
    ok("init", str(root))
    units = root / "departments.yaml"
    text = units.read_text(encoding="utf-8")
    text = text.replace("name: 礼义镇, short: 礼义镇", "name: 汇总, short: 礼义镇").replace("name: 附城镇, short: 附城镇", "name: \"'附城镇'\", short: 附城镇")
    units.write_text(text, encoding="utf-8")
    ok("--data", str(root), "validate")
    wb = load(export_bytes(root, "--format", "xlsx", "--unit-sheets"))
    names = wb.sheetnames
    assert names[:2] == ["工作台账", "汇总"]
    assert "汇总1" in names
    assert "附城镇" in names
    assert len(set(names)) == len(names)
    sheets = {row[3]: row[2] for row in wb["_anquan"].iter_rows(values_only=True) if row[0] == "sheet"}
    assert (sheets["liyi"], sheets["fucheng"]) == ("汇总1", "附城镇")
    assert wb["汇总1"].cell(1, len(UNIT_HEADER) + 1).value.startswith("anquan-sheet:")


def test_xlsx_in_english(ws: Path) -> None:
    result = run("--lang", "en", "--data", str(ws), "export", "--format", "xlsx", "--dept", "zhujian", "--as-of", AS_OF)
    assert result.exit_code == 0
    wb = load(result.stdout_bytes)
    assert wb.sheetnames == ["Ledger", "Summary", "_anquan"]
    assert [c.value for c in wb["Ledger"][3]][-6:-1] == ["Status", "Percent", "Note", "Evidence", "As of"]
    assert wb["Ledger"]["A2"].value == "Sheet as-of date"


def test_xlsx_is_refused_for_a_unit_that_does_not_report(ws: Path) -> None:
    err = refused(ws, "export", "--format", "xlsx", "--dept", "各乡镇人民政府")
    assert err == "anquan: error: 各乡镇人民政府 does not report itself: export a sheet for one of its members, or --unit-sheets\n"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_xlsx_is_not_written_to_a_terminal(ws: Path) -> None:
    import pty

    primary, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANQUAN_")}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "anquan_cli", "--lang", "en", "--data", str(ws), "export", "--format", "xlsx"],
            stdout=secondary,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
            check=False,
        )
    finally:
        os.close(secondary)
        os.close(primary)
    assert proc.returncode == 2
    assert proc.stderr.decode() == "anquan: error: xlsx is a binary file, not for a terminal: write it with -o FILE.xlsx (or redirect stdout)\n"


# ── ics ──


def events(text: str) -> list[Any]:
    return list(Calendar.from_ical(text).walk("VEVENT"))


def test_ics_one_all_day_event_per_deadline(ws: Path) -> None:
    found = events(export(ws, "--format", "ics"))
    due = json.loads(ok("--data", str(ws), "due", "--as-of", AS_OF, "--format", "json"))
    assert len(found) == len(due) == DEADLINES
    assert [(str(e["summary"]), e.decoded("dtstart")) for e in found] == [
        ("1.1.2 落实党政领导干部安全生产责任制（上半年）", dt.date(2025, 6, 30)),
        ("5.3.2 完成煤矿隐蔽致灾因素普查", dt.date(2025, 6, 30)),
        ("4.1.4 修订发布自然灾害救助预案", dt.date(2025, 10, 31)),
        ("1.1.2 落实党政领导干部安全生产责任制（下半年）", dt.date(2025, 12, 31)),
        ("1.1.3 “办实事、解难题”清单解决具体问题", dt.date(2025, 12, 31)),
        ("3.1.1 每年解决制约安全发展突出问题（2025）", dt.date(2025, 12, 31)),
        ("4.4.5 编制规划建设应急避难场所", dt.date(2025, 12, 31)),
        ("4.5.2 开展综合性应急演练", dt.date(2025, 12, 31)),
    ]
    assert [e.decoded("dtstart").isoformat() for e in found] == [d["due"] for d in due]
    for e in found:
        start = e.decoded("dtstart")
        assert type(start) is dt.date  # all day
        assert e.decoded("dtend") == start + dt.timedelta(days=1)
        [alarm] = e.walk("VALARM")
        assert alarm.decoded("trigger") == dt.timedelta(days=-15)  # supervision.yaml's near_due rule
        assert str(alarm["action"]) == "DISPLAY"
    first = found[1]
    assert str(first["description"]).splitlines() == [
        "陵政发〔2025〕1号 5.3 开展安全工程治理",
        "原文：全面推行“地质透明化”建设三年行动，2025年6月底前完成煤矿区域性隐蔽致灾因素普查。",
        "原文时限：2025年6月底前",
        "责任单位：县应急局、县住建局、县交通局、县水务局、县发改局、县消防救援大队、各乡镇人民政府※",
        "状态（2025-07-05）：逾期5天",
    ]
    # each occurrence its own status: 1.1.2's first half overdue, its second not started
    assert str(found[0]["description"]).splitlines()[-1] == "状态（2025-07-05）：逾期5天"
    assert str(found[3]["description"]).splitlines()[-1] == "状态（2025-07-05）：未启动"
    assert str(found[2]["description"]).splitlines()[-1] == "状态（2025-07-05）：推进中"


def test_ics_uids_are_stable_and_unique(ws: Path) -> None:
    first = [str(e["uid"]) for e in events(export(ws, "--format", "ics"))]
    again = [str(e["uid"]) for e in events(ok("--data", str(ws), "export", "--format", "ics", "--as-of", "2025-12-01", "--remind-days", "3"))]
    assert first == again
    assert len(set(first)) == DEADLINES
    assert first[1] == "5.3.2-576d8c09028f0d85@anquan"  # fixed: a calendar re-importing the file updates this event
    unit = [str(e["uid"]) for e in events(export(ws, "--format", "ics", "--dept", "住建局"))]
    assert unit
    assert set(unit) < set(first)
    assert unit == [first[1], first[7]]  # 住建局's dated tasks: 5.3.2 and 4.5.2 (the rest are its groups', 待分工)


def test_ics_remind_days(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "时限.ics"
    export(ws, "-o", str(out), "--remind-days", "3")
    found = events(out.read_text(encoding="utf-8"))
    assert {a.decoded("trigger") for e in found for a in e.walk("VALARM")} == {dt.timedelta(days=-3)}


# ── options and files ──


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "choose a format: --format json|csv|markdown|xlsx|ics (or -o FILE with one of those extensions)"),
        (["-o", "x.txt"], "choose a format: --format json|csv|markdown|xlsx|ics (or -o FILE with one of those extensions)"),
        (["--format", "json", "--unit-sheets"], "--unit-sheets goes with --format xlsx and no --dept"),
        (["--format", "xlsx", "--unit-sheets", "--dept", "zhujian"], "--unit-sheets goes with --format xlsx and no --dept"),
        (["--format", "json", "--remind-days", "3"], "--remind-days goes with --format ics"),
    ],
)
def test_export_option_errors(ws: Path, args: list[str], message: str) -> None:
    assert refused(ws, "export", *args) == f"anquan: error: {message}\n"


def test_output_into_a_missing_directory_is_a_clean_error(ws: Path, tmp_path: Path) -> None:
    err = refused(ws, "export", "--format", "json", "-o", str(tmp_path / "no" / "such" / "x.json"))
    assert err.startswith(f"anquan: error: cannot write {tmp_path / 'no' / 'such' / 'x.json'}: ")
    assert not (tmp_path / "no").exists()


def test_output_replaces_a_file_whole_and_leaves_no_temporary_file(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    out.write_text("old", encoding="utf-8")
    export(ws, "-o", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["as_of"] == AS_OF
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_export_works_on_the_shipped_catalogue_without_a_workspace(tmp_path: Path) -> None:
    doc = json.loads(ok("export", "--format", "json", "--as-of", "2025-05-01"))
    # 79 counted: 109 less 21 standing and 9 contingent; each recurring duty's first occurrence is open
    assert (doc["counts"]["tasks"], doc["counts"]["not_started"]) == (79, 79)
    assert load(run("export", "--format", "xlsx", "--as-of", "2025-05-01").stdout_bytes).sheetnames == ["工作台账", "汇总", "_anquan"]


def test_the_workbooks_plain_cells_are_written_byte_for_byte_as_xlsxwriter_writes_them() -> None:
    """The worksheet class writes text, numbers, dates and blanks itself (export._worksheet_class):
    the sheet's XML is what XlsxWriter's own worksheet writes, for every kind of cell and look."""
    import zipfile

    import xlsxwriter
    from xlsxwriter.worksheet import Worksheet

    from anquan_cli import export

    def sheet_xml(worksheet_class: type) -> str:
        buffer = BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        look = book.add_format({"text_wrap": True, "border": 1})
        dated = book.add_format({"num_format": "yyyy-mm-dd"})
        ws = book.add_worksheet("s", worksheet_class=worksheet_class)
        ws.set_column(5, 5, 12, book.add_format({"bold": True}))  # a column's look, for cells without their own
        ws.set_row(3, None, book.add_format({"italic": True}))  # a row's look
        texts = ["任务", 'a "quoted" <tag> & more', " lead", "line\nbreak", "\x07bell", "=1+1", "x" * 40_000]
        numbers = [0, 1, -2.5, 63.3, 1e20, 1 / 3, 12345678901234567890]
        for row in range(6):
            for col, text in enumerate(texts):
                ws.write_string(row, col, text, look if (row + col) % 3 else None)
            for col, number in enumerate(numbers, len(texts)):
                ws.write_number(row, col, number, look if row % 2 else None)
            ws.write_datetime(row, 20, dt.datetime(2025, 6, 30), dated)
            ws.write_blank(row, 21, None, look)
            ws.write_blank(row, 22, None)  # no look: XlsxWriter writes no cell
            ws.write_boolean(row, 23, True, look)  # not a plain cell: XlsxWriter's own path
            ws.write_formula(row, 24, "=A1", look)
        book.set_properties({"created": dt.datetime(2025, 1, 1)})
        book.close()
        with zipfile.ZipFile(buffer) as z:
            return z.read("xl/worksheets/sheet1.xml").decode("utf-8")

    base_path: list[int] = []

    class Counted(export._worksheet_class()):  # type: ignore[misc]
        def _xml_string_element(self, *args: Any) -> None:
            base_path.append(1)
            super()._xml_string_element(*args)

        def _xml_number_element(self, *args: Any) -> None:
            base_path.append(1)
            super()._xml_number_element(*args)

    ours, theirs = sheet_xml(Counted), sheet_xml(Worksheet)
    assert ours == theirs
    # only the text and numbers without a look of their own went XlsxWriter's way
    assert len(base_path) == sum((row + col) % 3 == 0 for row in range(6) for col in range(7)) + 3 * 7
