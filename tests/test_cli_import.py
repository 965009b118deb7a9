"""The Excel round trip: `anquan export --format xlsx --dept UNIT`, filled in with openpyxl as a
unit would in Excel, then `anquan import`: exactly what was filled in is recorded, under the rules
of `anquan update`, and a refused import writes nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from anquan_cli.dates import ACCEPTED_FORMS
from helpers_cli import ok, run

AS_OF = "2025-07-05"
TODAY = dt.date.today().isoformat()
SHEET = "工作台账"
EXPORT_HINT = "export one with `anquan export --format xlsx --dept UNIT -o FILE.xlsx`"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    ok("init", str(root))
    return root


@pytest.fixture
def book(ws: Path, tmp_path: Path) -> Path:
    """县住建局's workbook, as exported for it."""
    path = tmp_path / "住建局.xlsx"
    ok("--data", str(ws), "export", "--format", "xlsx", "--dept", "县住建局", "--as-of", AS_OF, "-o", str(path))
    return path


def rows_of(path: Path, sheet: str = SHEET) -> dict[str, int]:
    """Task id → spreadsheet row number, as exported."""
    ws = openpyxl.load_workbook(path)[sheet]
    return {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}


def fill(path: Path, rows: dict[str, dict[str, Any]], *, sheet: str = SHEET, out: Path | None = None) -> Path:
    """Type values into the cells under the given headings of each task's row, as a user would."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    col = {c.value: c.column for c in ws[2]}
    where = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}
    for task, values in rows.items():
        for heading, value in values.items():
            cell = ws.cell(where[task], col[heading])
            if isinstance(value, tuple):  # (value, number format)
                cell.value, cell.number_format = value
            else:
                cell.value = value
    target = out or path.with_name("filled-" + path.name)
    wb.save(target)
    return target


def import_(ws: Path, *args: str, lang: str = "zh") -> Any:
    return run("--lang", lang, "--data", str(ws), "import", *args)


def entries(ws: Path, unit: str) -> list[dict[str, Any]]:
    """A unit's progress entries without the time of recording."""
    path = ws / "progress" / f"{unit}.yaml"
    if not path.exists():
        return []
    found = [json.loads(line[2:]) for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("- ")]
    for e in found:
        assert e.pop("recorded_at")
    return found


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# ── the round trip ──


def test_round_trip_records_exactly_what_was_filled_in(ws: Path, book: Path) -> None:
    at = rows_of(book)
    filled = fill(
        book,
        {
            "1.1.1": {"状态": "未启动", "完成百分比": 0, "填报日期": dt.datetime(2025, 5, 1)},
            "1.1.3": {"状态": "推进中", "完成百分比": 40, "进展情况": "已梳理问题清单12项", "填报日期": "2025-06-20"},
            "4.5.2": {"状态": "in progress", "完成百分比": "30%", "进展情况": "演练方案已印发", "佐证材料": "演练方案.pdf", "填报日期": "2025年6月底"},
            "5.3.2": {"状态": "已完成", "进展情况": "不涉及煤矿，已核查", "佐证材料": "https://example.invalid/5.3.2.pdf", "填报日期": dt.date(2025, 6, 10)},
        },
    )
    result = import_(ws, str(filled))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        f"已记录：工作台账!R{at['1.1.1']} 1.1.1 未启动 0% 2025-05-01",
        f"已记录：工作台账!R{at['1.1.3']} 1.1.3 推进中 40% 2025-06-20",
        f"已记录：工作台账!R{at['4.5.2']} 4.5.2 推进中 30% 2025-06-30",
        f"已记录：工作台账!R{at['5.3.2']} 5.3.2 已完成 100% 2025-06-10",
        "导入完成：县住建局 4条 → progress/zhujian.yaml",
        "未填状态的96行未导入。",
    ]
    assert entries(ws, "zhujian") == [
        {"task": "1.1.1", "unit": "zhujian", "kind": "update", "status": "未启动", "percent": 0, "date": "2025-05-01"},
        {"task": "1.1.3", "unit": "zhujian", "kind": "update", "status": "推进中", "percent": 40, "date": "2025-06-20", "note": "已梳理问题清单12项"},
        {
            "task": "4.5.2",
            "unit": "zhujian",
            "kind": "update",
            "status": "推进中",
            "percent": 30,
            "date": "2025-06-30",
            "note": "演练方案已印发",
            "evidence": "演练方案.pdf",
        },
        {
            "task": "5.3.2",
            "unit": "zhujian",
            "kind": "update",
            "status": "已完成",
            "percent": 100,
            "date": "2025-06-10",
            "note": "不涉及煤矿，已核查",
            "evidence": "https://example.invalid/5.3.2.pdf",
        },
    ]
    assert sorted(p.name for p in (ws / "progress").glob("*.yaml")) == ["zhujian.yaml"]
    history = json.loads(ok("--data", str(ws), "history", "5.3.2", "--format", "json"))
    assert [(h["unit"], h["status"], h["date"], h["note"], h["evidence"]) for h in history] == [
        ("zhujian", "已完成", "2025-06-10", "不涉及煤矿，已核查", "https://example.invalid/5.3.2.pdf")
    ]
    # the next export shows what was recorded
    again = openpyxl.load_workbook(
        _export(ws, book.with_name("again.xlsx"), "--dept", "zhujian"),
    )[SHEET]
    assert [again.cell(at["5.3.2"], c).value for c in (6, 7, 8, 9)] == ["已完成", 100, dt.datetime(2025, 6, 10), "不涉及煤矿，已核查"]


def _export(ws: Path, path: Path, *args: str) -> Path:
    ok("--data", str(ws), "export", "--format", "xlsx", "--as-of", AS_OF, "-o", str(path), *args)
    return path


def test_importing_the_same_workbook_again_records_nothing_new(ws: Path, book: Path) -> None:
    at = rows_of(book)
    filled = fill(book, {"5.3.2": {"状态": "已完成", "填报日期": "2025-06-10"}, "1.1.3": {"状态": "推进中", "完成百分比": 10, "填报日期": "2025-06-01"}})
    assert import_(ws, str(filled)).exit_code == 0
    before = snapshot(ws)
    result = import_(ws, str(filled))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"已有相同记录，跳过：工作台账!R{at['1.1.3']} 1.1.3",
        f"已有相同记录，跳过：工作台账!R{at['5.3.2']} 5.3.2",
        "未填状态的98行未导入。",
    ]
    assert snapshot(ws) == before


def test_a_blank_date_is_today_and_a_percent_cell_is_read_as_excel_shows_it(ws: Path, book: Path) -> None:
    filled = fill(book, {"1.1.3": {"状态": "推进中", "完成百分比": (0.6, "0%")}})
    assert import_(ws, str(filled)).exit_code == 0
    assert entries(ws, "zhujian") == [{"task": "1.1.3", "unit": "zhujian", "kind": "update", "status": "推进中", "percent": 60, "date": TODAY}]


def test_an_untouched_workbook_records_nothing(ws: Path, book: Path) -> None:
    result = import_(ws, str(book))
    assert result.exit_code == 0
    assert result.stdout == "没有填写状态的行：未写入任何记录。\n未填状态的100行未导入。\n"
    assert entries(ws, "zhujian") == []


# ── refusals: nothing is written ──


def _refusal_book(book: Path) -> tuple[Path, dict[str, int]]:
    """Five filled rows, four of them wrong."""
    at = rows_of(book)
    wb = openpyxl.load_workbook(book)
    ws = wb[SHEET]
    ws.cell(at["1.1.1"], 1).value = "4.2.1"  # a task 县住建局 does not own
    wb.save(book)
    filled = fill(
        book,
        {
            "4.2.1": {"状态": "推进中", "完成百分比": 10, "填报日期": "2025-06-01"},
            "1.1.3": {"状态": "完成了", "填报日期": "2025-06-01"},
            "1.1.4": {"状态": "推进中", "完成百分比": 150, "填报日期": "2025-06-01"},
            "1.1.5": {"状态": "推进中", "完成百分比": 20, "填报日期": "2099-01-01"},
            "5.3.2": {"状态": "已完成", "填报日期": "2025-06-10", "进展情况": "已核查"},
        },
    )
    return filled, at


def _refusal_lines(at: dict[str, int]) -> list[str]:
    return [
        f"filled-住建局.xlsx:工作台账!R{at['1.1.1']}: 县住建局 is not responsible for task 4.2.1; "
        "its units: 林业局、自然资源局、应急局、消防救援大队、崇文镇、礼义镇、附城镇、西河底镇 …",
        f"filled-住建局.xlsx:工作台账!R{at['1.1.3']}: unknown status '完成了': use 未启动, 推进中 or 已完成 (not_started, in_progress, done)",
        f"filled-住建局.xlsx:工作台账!R{at['1.1.4']}: 完成百分比 150 is not between 0 and 100",
        f"filled-住建局.xlsx:工作台账!R{at['1.1.5']}: 填报日期 2099-01-01 is in the future (today is {TODAY})",
    ]


def test_a_refused_import_reports_every_bad_row_and_writes_nothing(ws: Path, book: Path) -> None:
    filled, at = _refusal_book(book)
    before = snapshot(ws)
    result = import_(ws, str(filled), lang="en")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        *_refusal_lines(at),
        "anquan: error: 4 of 5 filled rows refused; nothing written (correct them and import again, or use --partial to record the valid rows)",
    ]
    assert snapshot(ws) == before  # byte for byte


def test_partial_records_the_valid_rows_and_still_fails(ws: Path, book: Path) -> None:
    filled, at = _refusal_book(book)
    result = import_(ws, str(filled), "--partial", lang="en")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"Recorded: 工作台账!R{at['5.3.2']} 5.3.2 done 100% 2025-06-10",
        "Imported: 县住建局, 1 entries → progress/zhujian.yaml",
        "95 rows without a status were not imported.",
    ]
    assert result.stderr.splitlines() == [*_refusal_lines(at), "anquan: error: 4 of 5 filled rows refused; 1 valid row(s) recorded"]
    assert entries(ws, "zhujian") == [
        {"task": "5.3.2", "unit": "zhujian", "kind": "update", "status": "已完成", "percent": 100, "date": "2025-06-10", "note": "已核查"}
    ]


def _edit(book: Path, task: str, heading: str, value: Any) -> None:
    wb = openpyxl.load_workbook(book)
    ws = wb[SHEET]
    col = {c.value: c.column for c in ws[2]}
    ws.cell(rows_of(book)[task], col[heading]).value = value
    wb.save(book)


@pytest.mark.parametrize(
    ("edits", "values", "message"),
    [
        # an id altered to another task of the unit: its title no longer matches
        (
            [("1.1.1", "任务编号", "1.1.2")],
            {"状态": "推进中"},
            "task 1.1.2 is '落实党政领导干部安全生产责任制', but the row's 任务 is '学习贯彻重要讲话和指示批示' (task id altered?)",
        ),
        ([("1.1.1", "任务编号", "9.9.9")], {"状态": "推进中"}, "no task '9.9.9' (task ids look like 5.3.2; `anquan list` shows them)"),
        ([("1.1.1", "任务编号", None)], {"状态": "推进中"}, "任务编号 is empty"),
        ([], {"进展情况": "已部署"}, "状态 is empty but 进展情况 is filled in: choose a status or clear the row"),
        ([], {"状态": "推进中", "进展情况": "=1+1"}, "L{row} holds a formula (=1+1); type the value itself"),
        ([], {"状态": "已完成", "完成百分比": 50}, "status 已完成 with 完成百分比 50: a done task is 100%"),
        ([], {"状态": "推进中", "完成百分比": 100}, "status 推进中 with 完成百分比 100: report 已完成 instead"),
        ([], {"状态": "推进中", "完成百分比": 12.5}, "完成百分比 12.5 is not a whole number"),
        ([], {"状态": "推进中", "完成百分比": "一半"}, "完成百分比 '一半' is not a number from 0 to 100"),
        ([], {"状态": "推进中", "填报日期": "2025-01-01"}, "填报日期 2025-01-01 is before the notice was issued (2025-04-07)"),
        ([], {"状态": "推进中", "填报日期": 45000}, "填报日期 2023-03-15 is before the notice was issued (2025-04-07)"),  # a date cell: Excel's day 45000
        ([], {"状态": "推进中", "填报日期": True}, "填报日期 'True' is not a date (type 2025-06-30 or format the cell as a date)"),
        ([], {"状态": "推进中", "填报日期": "下周"}, "填报日期: cannot read date '下周'; accepted forms: " + ACCEPTED_FORMS),
    ],
)
def test_row_refusals(ws: Path, book: Path, edits: list[tuple[str, str, Any]], values: dict[str, Any], message: str) -> None:
    row = rows_of(book)["1.1.1"]
    for task, heading, value in edits:
        _edit(book, task, heading, value)
    wb = openpyxl.load_workbook(book)
    sheet = wb[SHEET]
    col = {c.value: c.column for c in sheet[2]}
    for heading, value in values.items():
        sheet.cell(row, col[heading]).value = value
    wb.save(book)
    before = snapshot(ws)
    result = import_(ws, str(book), lang="en")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"住建局.xlsx:工作台账!R{row}: {message.format(row=row)}"
    assert snapshot(ws) == before


def test_a_task_filled_in_twice_is_refused(ws: Path, book: Path) -> None:
    at = rows_of(book)
    wb = openpyxl.load_workbook(book)
    sheet = wb[SHEET]
    sheet.cell(at["1.1.1"], 1).value, sheet.cell(at["1.1.1"], 2).value = "5.3.2", "完成煤矿隐蔽致灾因素普查"
    wb.save(book)
    wb = openpyxl.load_workbook(book)
    sheet = wb[SHEET]
    for r in (at["1.1.1"], at["5.3.2"]):
        sheet.cell(r, 10).value = "推进中"
    wb.save(book)
    result = import_(ws, str(book), lang="en")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"住建局.xlsx:工作台账!R{at['5.3.2']}: task 5.3.2 is filled in twice (工作台账!R{at['1.1.1']} and here)"


# ── files anquan cannot use ──


def _one_error(ws: Path, path: Path) -> str:
    before = snapshot(ws)
    result = import_(ws, str(path), lang="en")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert snapshot(ws) == before
    return result.stderr


def test_a_file_that_is_not_a_workbook(ws: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("任务编号,状态\n5.3.2,已完成\n", encoding="utf-8")
    assert _one_error(ws, path) == "anquan: error: x.xlsx: not an Excel workbook (.xlsx) that can be read (BadZipFile: File is not a zip file)\n"


def test_a_truncated_workbook(ws: Path, book: Path) -> None:
    data = book.read_bytes()
    book.write_bytes(data[: len(data) // 2])
    assert _one_error(ws, book).startswith("anquan: error: 住建局.xlsx: not an Excel workbook (.xlsx) that can be read (")


def test_a_workbook_not_exported_by_anquan(ws: Path, tmp_path: Path) -> None:
    path = tmp_path / "自制.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["任务编号", "状态"])
    wb.save(path)
    assert _one_error(ws, path) == (
        "anquan: error: 自制.xlsx: not a 工作台账 exported by anquan for a unit (its hidden sheet '_anquan' is missing): "
        "export one with `anquan export --format xlsx --dept UNIT -o FILE.xlsx`\n"
    )


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ((4, 3), "nobody", "sheet '工作台账' belongs to unit 'nobody', which is not in this catalogue's departments.yaml"),
        ((4, 3), None, "the hidden sheet '_anquan' does not say whose sheet '工作台账' is: " + EXPORT_HINT),
        ((4, 3), "xiangzhen", "sheet '工作台账' belongs to 各乡镇人民政府, which does not report itself"),
        ((4, 2), "改名", "sheet '改名' of 县住建局 is missing (renamed or deleted?)"),
        ((2, 2), "晋政发〔2025〕1号", "exported for notice '晋政发〔2025〕1号', not 陵政发〔2025〕1号"),
        ((1, 2), 9, "written by another version of anquan (workbook format ['9']); " + EXPORT_HINT),
    ],
)
def test_the_unit_identity_travels_in_the_workbook_and_is_checked(ws: Path, book: Path, cell: tuple[int, int], value: Any, message: str) -> None:
    wb = openpyxl.load_workbook(book)
    wb["_anquan"].cell(*cell).value = value
    wb.save(book)
    assert _one_error(ws, book) == f"anquan: error: 住建局.xlsx: {message}\n"


def test_a_whole_catalogue_workbook_has_no_sheet_to_import(ws: Path, tmp_path: Path) -> None:
    path = _export(ws, tmp_path / "全县.xlsx")
    assert _one_error(ws, path).startswith("anquan: error: 全县.xlsx: no unit's fill-in sheet in this workbook")


def test_import_needs_a_workspace(book: Path, shipped: Path) -> None:
    result = run("--lang", "en", "--data", str(shipped), "import", str(book))
    assert result.exit_code == 2
    assert "not in a workspace" in result.stderr


def test_import_of_a_missing_file(ws: Path, tmp_path: Path) -> None:
    result = import_(ws, str(tmp_path / "无.xlsx"), lang="en")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


# ── workbooks with several units, and in English ──


def test_unit_sheets_import_for_each_unit(ws: Path, tmp_path: Path) -> None:
    path = _export(ws, tmp_path / "全县.xlsx", "--unit-sheets")
    path = fill(path, {"5.3.2": {"状态": "已完成", "填报日期": "2025-06-10"}}, sheet="县住建局")
    path = fill(path, {"5.3.2": {"状态": "推进中", "完成百分比": 50, "填报日期": "2025-06-12"}}, sheet="崇文镇", out=path)
    at = rows_of(path, "崇文镇")
    result = import_(ws, str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:4] == [
        f"已记录：县住建局!R{rows_of(path, '县住建局')['5.3.2']} 5.3.2 已完成 100% 2025-06-10",
        f"已记录：崇文镇!R{at['5.3.2']} 5.3.2 推进中 50% 2025-06-12",
        "导入完成：县住建局 1条 → progress/zhujian.yaml",
        "导入完成：崇文镇 1条 → progress/chongwen.yaml",
    ]
    assert [e["status"] for e in entries(ws, "zhujian")] == ["已完成"]
    assert [e["percent"] for e in entries(ws, "chongwen")] == [50]


def test_a_workbook_exported_in_english_imports(ws: Path, tmp_path: Path) -> None:
    path = tmp_path / "zhujian.xlsx"
    ok("--lang", "en", "--data", str(ws), "export", "--format", "xlsx", "--dept", "zhujian", "--as-of", AS_OF, "-o", str(path))
    filled = fill(path, {"1.1.3": {"Status": "done", "Note": "finished", "As of": "2025-06-30"}}, sheet="Ledger")
    result = run("--lang", "en", "--data", str(ws), "import", str(filled))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"Recorded: Ledger!R{rows_of(path, 'Ledger')['1.1.3']} 1.1.3 done 100% 2025-06-30"
    assert entries(ws, "zhujian") == [
        {"task": "1.1.3", "unit": "zhujian", "kind": "update", "status": "已完成", "percent": 100, "date": "2025-06-30", "note": "finished"}
    ]
