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
HEADER = 3  # row 1: title and instructions, row 2: the sheet's own 填报日期, row 3: the header


@pytest.fixture(name="ws")
def ws_fixture(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    ok("init", str(root))
    return root


@pytest.fixture(name="book")
def book_fixture(ws: Path, tmp_path: Path) -> Path:
    """县住建局's workbook, as exported for it: the 17 tasks of 2.1, 4.5, 5.2 and 5.3, the clauses
    that name it (its groups' clauses are 待分工 and owe it nothing)."""
    path = tmp_path / "住建局.xlsx"
    ok("--data", str(ws), "export", "--format", "xlsx", "--dept", "县住建局", "--as-of", AS_OF, "-o", str(path))
    return path


def rows_of(path: Path, sheet: str = SHEET) -> dict[str, int]:
    """Task id → spreadsheet row number, as exported."""
    ws = openpyxl.load_workbook(path)[sheet]
    return {ws.cell(r, 1).value: r for r in range(HEADER + 1, ws.max_row + 1)}


def fill(path: Path, rows: dict[str, dict[str, Any]], *, sheet: str = SHEET, out: Path | None = None) -> Path:
    """Type values into the cells under the given headings of each task's row, as a user would."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    col = {c.value: c.column for c in ws[HEADER]}
    where = {ws.cell(r, 1).value: r for r in range(HEADER + 1, ws.max_row + 1)}
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
            "2.1.1": {"状态": "未启动", "完成百分比": 0, "填报日期": dt.datetime(2025, 5, 1)},
            "4.5.2": {"状态": "in progress", "完成百分比": "30%", "进展情况": "演练方案已印发", "佐证材料": "演练方案.pdf", "填报日期": "2025年6月底"},
            "5.2.1": {"状态": "推进中", "完成百分比": 40, "进展情况": "已梳理问题清单12项", "填报日期": "2025-06-20"},
            "5.3.2": {"状态": "已完成", "进展情况": "不涉及煤矿，已核查", "佐证材料": "https://example.invalid/5.3.2.pdf", "填报日期": dt.date(2025, 6, 10)},
        },
    )
    result = import_(ws, str(filled))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        f"已记录：工作台账!R{at['2.1.1']} 2.1.1 未启动 0% 2025-05-01",
        f"已记录：工作台账!R{at['4.5.2']} 4.5.2 推进中 30% 2025-06-30",
        f"已记录：工作台账!R{at['5.2.1']} 5.2.1 推进中 40% 2025-06-20",
        f"已记录：工作台账!R{at['5.3.2']} 5.3.2 已完成 100% 2025-06-10",
        "导入完成：县住建局 4条 → progress/zhujian.yaml",
        "未填状态的13行未导入。",
    ]
    assert entries(ws, "zhujian") == [
        {"task": "2.1.1", "unit": "zhujian", "kind": "update", "status": "未启动", "percent": 0, "date": "2025-05-01"},
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
        {"task": "5.2.1", "unit": "zhujian", "kind": "update", "status": "推进中", "percent": 40, "date": "2025-06-20", "note": "已梳理问题清单12项"},
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
    filled = fill(book, {"5.3.2": {"状态": "已完成", "填报日期": "2025-06-10"}, "5.2.1": {"状态": "推进中", "完成百分比": 10, "填报日期": "2025-06-01"}})
    assert import_(ws, str(filled)).exit_code == 0
    before = snapshot(ws)
    result = import_(ws, str(filled))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"已有相同记录，跳过：工作台账!R{at['5.2.1']} 5.2.1",
        f"已有相同记录，跳过：工作台账!R{at['5.3.2']} 5.3.2",
        "未填状态的15行未导入。",
    ]
    assert snapshot(ws) == before


def test_a_blank_date_is_the_sheets_stated_date_and_a_percent_cell_is_read_as_excel_shows_it(ws: Path, book: Path) -> None:
    filled = fill(book, {"5.2.1": {"状态": "推进中", "完成百分比": (0.6, "0%")}})
    assert import_(ws, str(filled)).exit_code == 0
    # the sheet's 填报日期 (B2) is the export's as-of day: never the import day
    assert entries(ws, "zhujian") == [{"task": "5.2.1", "unit": "zhujian", "kind": "update", "status": "推进中", "percent": 60, "date": AS_OF}]


def test_an_untouched_workbook_records_nothing(ws: Path, book: Path) -> None:
    result = import_(ws, str(book))
    assert result.exit_code == 0
    assert result.stdout == "没有填写状态的行：未写入任何记录。\n未填状态的17行未导入。\n"
    assert entries(ws, "zhujian") == []


# ── refusals: nothing is written ──


def _refusal_book(book: Path) -> tuple[Path, dict[str, int]]:
    """Five filled rows, four of them wrong."""
    at = rows_of(book)
    wb = openpyxl.load_workbook(book)
    ws = wb[SHEET]
    ws.cell(at["2.1.1"], 1).value = "4.2.1"  # a task 县住建局 does not own
    wb.save(book)
    filled = fill(
        book,
        {
            "4.2.1": {"状态": "推进中", "完成百分比": 10, "填报日期": "2025-06-01"},
            "5.2.1": {"状态": "完成了", "填报日期": "2025-06-01"},
            "5.2.2": {"状态": "推进中", "完成百分比": 150, "填报日期": "2025-06-01"},
            "5.2.4": {"状态": "推进中", "完成百分比": 20, "填报日期": "2099-01-01"},
            "5.3.2": {"状态": "已完成", "填报日期": "2025-06-10", "进展情况": "已核查"},
        },
    )
    return filled, at


def _refusal_lines(at: dict[str, int]) -> list[str]:
    """What an import with `--lang en` says about _refusal_book's rows."""
    return [
        # 4.2 names 县林业局、县自然资源局、县应急局、县消防救援大队, and the rule the 11 townships
        f"filled-住建局.xlsx:工作台账!R{at['2.1.1']}: 县住建局 is not responsible for task 4.2.1; "
        "its units: 林业局、自然资源局、应急局、消防救援大队、崇文镇、礼义镇、附城镇、西河底镇 … (15 in all)",
        f"filled-住建局.xlsx:工作台账!R{at['5.2.1']}: unknown status '完成了': use 未启动, 推进中 or 已完成 (not_started, in_progress, done)",
        f"filled-住建局.xlsx:工作台账!R{at['5.2.2']}: 完成百分比 150 is not between 0 and 100",
        f"filled-住建局.xlsx:工作台账!R{at['5.2.4']}: 填报日期 2099-01-01 is in the future (today is {TODAY})",
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
        "12 rows without a status were not imported.",
    ]
    assert result.stderr.splitlines() == [*_refusal_lines(at), "anquan: error: 4 of 5 filled rows refused; 1 valid row(s) recorded"]
    assert entries(ws, "zhujian") == [
        {"task": "5.3.2", "unit": "zhujian", "kind": "update", "status": "已完成", "percent": 100, "date": "2025-06-10", "note": "已核查"}
    ]


def _edit(book: Path, task: str, heading: str, value: Any) -> None:
    wb = openpyxl.load_workbook(book)
    ws = wb[SHEET]
    col = {c.value: c.column for c in ws[HEADER]}
    ws.cell(rows_of(book)[task], col[heading]).value = value
    wb.save(book)


@pytest.mark.parametrize(
    ("edits", "values", "message"),
    [
        # an id altered to another task of the unit: its title no longer matches
        (
            [("2.1.1", "任务编号", "2.1.2")],
            {"状态": "推进中"},
            "task 2.1.2 is '理顺乡镇应急管理体制', but the row's 任务 is '根据工作需要推动恢复设立防减救灾委等' (task id altered?)",
        ),
        ([("2.1.1", "任务编号", "9.9.9")], {"状态": "推进中"}, "no task '9.9.9' (task ids look like 5.3.2; `anquan list` shows them)"),
        ([("2.1.1", "任务编号", None)], {"状态": "推进中"}, "任务编号 is empty"),
        ([], {"进展情况": "已部署"}, "状态 is empty but 进展情况 is filled in: choose a status or clear the row"),
        ([], {"状态": "推进中", "进展情况": "=1+1"}, "L{row} holds a formula (=1+1); type the value itself"),
        ([], {"状态": "已完成", "完成百分比": 50}, "status 已完成 with 完成百分比 50: a done task is 100%"),
        ([], {"状态": "推进中", "完成百分比": 100}, "status 推进中 with 完成百分比 100: report 已完成 instead"),
        ([], {"状态": "推进中", "完成百分比": "一半"}, "完成百分比 '一半' is not a number from 0 to 100 (type 45, 45.5 or 45%)"),
        ([], {"状态": "推进中", "完成百分比": "-5%"}, "完成百分比 -5 is not between 0 and 100"),
        ([], {"状态": "推进中", "填报日期": "2025-01-01"}, "填报日期 2025-01-01 is before the notice was issued (2025-04-07)"),
        ([], {"状态": "推进中", "填报日期": 45000}, "填报日期 2023-03-15 is before the notice was issued (2025-04-07)"),  # a date cell: Excel's day 45000
        ([], {"状态": "推进中", "填报日期": True}, "填报日期 'True' is not a date (type 2025-06-30 or format the cell as a date)"),
        ([], {"状态": "推进中", "填报日期": "下周"}, "填报日期: cannot read date '下周'; accepted forms: " + ACCEPTED_FORMS),
        (
            [],
            {"状态": "推进中", "填报日期": "30/6"},
            "填报日期: ambiguous date '30/6' (day first? which year?): write 2025-06-30 or 2025年6月30日; accepted forms: " + ACCEPTED_FORMS,
        ),
    ],
)
def test_row_refusals(ws: Path, book: Path, edits: list[tuple[str, str, Any]], values: dict[str, Any], message: str) -> None:
    row = rows_of(book)["2.1.1"]
    for task, heading, value in edits:
        _edit(book, task, heading, value)
    wb = openpyxl.load_workbook(book)
    sheet = wb[SHEET]
    col = {c.value: c.column for c in sheet[HEADER]}
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
    sheet.cell(at["2.1.1"], 1).value, sheet.cell(at["2.1.1"], 2).value = "5.3.2", "完成煤矿隐蔽致灾因素普查"
    wb.save(book)
    wb = openpyxl.load_workbook(book)
    sheet = wb[SHEET]
    for r in (at["2.1.1"], at["5.3.2"]):
        sheet.cell(r, 10).value = "推进中"
    wb.save(book)
    result = import_(ws, str(book), lang="en")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"住建局.xlsx:工作台账!R{at['5.3.2']}: task 5.3.2 is filled in twice (工作台账!R{at['2.1.1']} and here)"


# ── files anquan cannot use ──


def _one_error(ws: Path, path: Path, *args: str) -> str:
    before = snapshot(ws)
    result = import_(ws, str(path), *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert snapshot(ws) == before
    return result.stderr


def test_a_file_that_is_not_a_workbook(ws: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("任务编号,状态\n5.3.2,已完成\n", encoding="utf-8")
    assert _one_error(ws, path) == "anquan：错误：x.xlsx：不是可读取的 Excel 工作簿（.xlsx 或 .xls）（BadZipFile: File is not a zip file）\n"


def test_a_truncated_workbook(ws: Path, book: Path) -> None:
    data = book.read_bytes()
    book.write_bytes(data[: len(data) // 2])
    assert _one_error(ws, book).startswith("anquan：错误：住建局.xlsx：不是可读取的 Excel 工作簿（.xlsx 或 .xls）（")


def test_a_workbook_not_exported_by_anquan(ws: Path, tmp_path: Path) -> None:
    path = tmp_path / "自制.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["任务编号", "状态"])
    wb.save(path)
    assert _one_error(ws, path) == (
        "anquan：错误：自制.xlsx：不是 anquan 为某单位导出的工作台账（缺少隐藏工作表 '_anquan'）："
        "请用 anquan export --format xlsx --dept 单位 -o 文件.xlsx 导出\n"
    )
    en = run("--lang", "en", "--data", str(ws), "import", str(path))
    assert en.stderr == (
        "anquan: error: 自制.xlsx: not a 工作台账 exported by anquan for a unit (its hidden sheet '_anquan' is missing): "
        "export one with `anquan export --format xlsx --dept UNIT -o FILE.xlsx`\n"
    )


ALTERED = "隐藏工作表 '_anquan' 与其校验值不符（被改动过）：请用 anquan export --format xlsx --dept 单位 重新导出"


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ((5, 4), "yingji", "：" + ALTERED),  # the sheet's unit edited: the digest no longer matches
        ((5, 5), "1.1.1", "：" + ALTERED),  # its task ids edited
        ((6, 2), "0" * 64, "：" + ALTERED),  # the digest itself
        ((2, 2), "晋政发〔2025〕1号", "：是为通知 '晋政发〔2025〕1号' 导出的，不是 陵政发〔2025〕1号"),
        ((1, 2), 9, "：由另一版本的 anquan 导出（工作簿格式 9）：请重新导出"),
    ],
)
def test_the_unit_identity_travels_in_the_workbook_and_is_checked(ws: Path, book: Path, cell: tuple[int, int], value: Any, message: str) -> None:
    wb = openpyxl.load_workbook(book)
    wb["_anquan"].cell(*cell).value = value
    wb.save(book)
    assert _one_error(ws, book) == f"anquan：错误：住建局.xlsx{message}\n"


def test_a_whole_catalogue_workbook_has_no_sheet_to_import(ws: Path, tmp_path: Path) -> None:
    path = _export(ws, tmp_path / "全县.xlsx")
    assert _one_error(ws, path).startswith("anquan：错误：全县.xlsx：没有任何单位的填报表（全目录导出只有加 --unit-sheets 才有）")


def test_import_needs_a_workspace(book: Path, shipped: Path) -> None:
    result = run("--lang", "en", "--data", str(shipped), "import", str(book))
    assert result.exit_code == 2
    # the shipped catalogue (here the repository's data/, or the installed copy) is no workspace
    assert "workspace" in result.stderr
    assert "anquan init" in result.stderr


def test_import_of_a_missing_file(ws: Path, tmp_path: Path) -> None:
    result = import_(ws, str(tmp_path / "无.xlsx"), lang="en")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


# ── workbooks with several units, and in English ──


def test_a_unit_sheets_workbook_imports_one_unit_at_a_time_with_dept(ws: Path, tmp_path: Path) -> None:
    path = _export(ws, tmp_path / "全县.xlsx", "--unit-sheets")
    path = fill(path, {"5.3.2": {"状态": "已完成", "填报日期": "2025-06-10"}}, sheet="县住建局")
    path = fill(path, {"5.3.2": {"状态": "推进中", "完成百分比": 50, "填报日期": "2025-06-12"}}, sheet="崇文镇", out=path)
    before = snapshot(ws)
    refused = import_(ws, str(path))
    assert refused.exit_code == 2
    assert refused.stderr == "anquan：错误：filled-全县.xlsx 含全部22个单位的填报表：一个工作簿只为一个单位导入，请用 --dept 单位 指定\n"
    assert snapshot(ws) == before
    result = import_(ws, str(path), "--dept", "崇文镇")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"已记录：崇文镇!R{rows_of(path, '崇文镇')['5.3.2']} 5.3.2 推进中 50% 2025-06-12",
        "导入完成：崇文镇 1条 → progress/chongwen.yaml",
        f"未填状态的{len(rows_of(path, '崇文镇')) - 1}行未导入。",
        "其他21个单位的填报表未导入（只导入 --dept 指定的单位）。",
    ]
    assert entries(ws, "zhujian") == []
    assert [e["percent"] for e in entries(ws, "chongwen")] == [50]
    assert import_(ws, str(path), "--dept", "住建局").exit_code == 0
    assert [e["status"] for e in entries(ws, "zhujian")] == ["已完成"]


def test_a_unit_workbook_cannot_be_imported_for_another_unit(ws: Path, book: Path) -> None:
    filled = fill(book, {"5.3.2": {"状态": "已完成", "填报日期": "2025-06-10"}})
    assert _one_error(ws, filled, "--dept", "应急局") == "anquan：错误：filled-住建局.xlsx 是为县住建局导出的，不能为县应急局导入\n"
    assert import_(ws, str(filled), "--dept", "zhujian").exit_code == 0


def test_a_workbook_exported_in_english_imports(ws: Path, tmp_path: Path) -> None:
    path = tmp_path / "zhujian.xlsx"
    ok("--lang", "en", "--data", str(ws), "export", "--format", "xlsx", "--dept", "zhujian", "--as-of", AS_OF, "-o", str(path))
    filled = fill(path, {"5.2.1": {"Status": "done", "Note": "finished", "As of": "2025-06-30"}}, sheet="Ledger")
    result = run("--lang", "en", "--data", str(ws), "import", str(filled))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"Recorded: Ledger!R{rows_of(path, 'Ledger')['5.2.1']} 5.2.1 done 100% 2025-06-30"
    assert entries(ws, "zhujian") == [
        {"task": "5.2.1", "unit": "zhujian", "kind": "update", "status": "已完成", "percent": 100, "date": "2025-06-30", "note": "finished"}
    ]
