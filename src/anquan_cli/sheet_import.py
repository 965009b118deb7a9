"""The Excel round trip (`anquan import`): a unit's filled-in 工作台账 read back as progress entries.

`anquan export --format xlsx --dept UNIT` writes a fill-in sheet and a hidden sheet naming the
unit and the task ids the sheet holds. `read_workbook` reads every fill-in sheet of a workbook and
judges each row by the rules of `anquan update` (`progress.new_update`): the unit must report on
the task, the status must be one of the three words, the percent must fit the status, the date
must lie between the notice and today. It also refuses a row whose task id was altered: an id
the sheet did not hold, or one that no longer matches the row's task title.

Pure: it takes the workbook's bytes, the catalogue, the entries already recorded and explicit
dates, and returns one result per filled row. Writing is the caller's job, and only once every
row is valid (or the user asked for the valid rows alone).
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import progress
from .catalogue import REPORTING_KINDS, Catalogue
from .dates import parse_period
from .errors import Problem, UsageError
from .export import FILL_KEYS, META_MAGIC, META_SHEET, META_VERSION
from .labels import LANGS, Labels, message
from .models import ProgressEntry
from .render import neutralise_formula, safe_text

MAX_BYTES = 32 * 1024 * 1024
HEADER_KEYS = ("task", "title", *FILL_KEYS)
_HEADER_SCAN = 10  # the header row is among the first rows of a sheet


@dataclass(frozen=True)
class SheetSpec:
    """A fill-in sheet as the hidden sheet describes it."""

    title: str
    unit: str
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class RowResult:
    sheet: str
    row: int  # the spreadsheet's own row number
    unit: str
    task: str
    entry: ProgressEntry | None = None  # set when the row is valid
    problem: str | None = None  # why the row is refused
    duplicate: bool = False  # the same entry is already recorded: nothing to write

    @property
    def where(self) -> str:
        return f"{self.sheet}!R{self.row}"


@dataclass
class WorkbookImport:
    name: str  # the file, as shown in messages
    rows: list[RowResult] = field(default_factory=list)  # every filled row, in sheet order
    blank: int = 0  # rows left blank: no status and nothing else filled in

    @property
    def refused(self) -> list[RowResult]:
        return [r for r in self.rows if r.problem is not None]

    @property
    def problems(self) -> list[Problem]:
        """One located problem per refused row, in sheet order: `住建局.xlsx:工作台账!R7: …`."""
        return [Problem(f"{self.name}:{r.where}", 0, 0, "", r.problem) for r in self.refused if r.problem]


def read_workbook(
    data: bytes,
    name: str,
    cat: Catalogue,
    *,
    existing: Iterable[ProgressEntry],
    today: dt.date,
    now: dt.datetime,
) -> WorkbookImport:
    """Every filled row of every fill-in sheet, judged. A file anquan cannot use at all (not an
    xlsx, not exported by anquan, another notice, an unknown unit) raises UsageError."""
    wb = _open(data, name)
    specs = _specs(wb, name, cat)
    recorded = {_key(e) for e in existing}
    result = WorkbookImport(name)
    seen: dict[tuple[str, str], RowResult] = {}
    for spec in specs:
        ws = wb[spec.title]
        header_row, columns = _header(ws, name, spec.title)
        for row in range(header_row + 1, ws.max_row + 1):
            outcome = _row(ws, row, columns, spec, cat, today=today, now=now)
            if outcome is None:
                result.blank += 1
                continue
            first = seen.get((spec.unit, outcome.task))
            if outcome.problem is None and first is not None:
                outcome = RowResult(spec.title, row, spec.unit, outcome.task, problem=message("sheet_task_twice", task=outcome.task, first=first.where))
            elif outcome.entry is not None:
                seen[(spec.unit, outcome.task)] = outcome
                if _key(outcome.entry) in recorded:
                    outcome = RowResult(spec.title, row, spec.unit, outcome.task, entry=outcome.entry, duplicate=True)
            result.rows.append(outcome)
    return result


def _key(e: ProgressEntry) -> tuple[Any, ...]:
    return progress.report_key(e)


# ── the workbook ──


def _open(data: bytes, name: str) -> Any:
    from openpyxl import load_workbook

    if len(data) > MAX_BYTES:
        raise UsageError(message("sheet_too_large", name=name, size=len(data), limit=MAX_BYTES // (1024 * 1024)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            return load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # a zip error, a missing part, bad XML: all mean the same to the user
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise UsageError(message("sheet_unreadable", name=name, reason=reason)) from None


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _specs(wb: Any, name: str, cat: Catalogue) -> list[SheetSpec]:
    """The fill-in sheets the hidden sheet lists, each checked against the catalogue."""
    export_hint = message("sheet_export_hint")
    if META_SHEET not in wb.sheetnames:
        raise UsageError(message("sheet_no_meta", name=name, meta=META_SHEET, hint=export_hint))
    rows = [[_cell_text(v) for v in r] for r in wb[META_SHEET].iter_rows(values_only=True)]
    if not rows or rows[0][:1] != [META_MAGIC]:
        raise UsageError(message("sheet_meta_altered", name=name, meta=META_SHEET, hint=export_hint))
    if len(rows[0]) < 2 or rows[0][1] != str(META_VERSION):
        raise UsageError(message("sheet_other_version", name=name, version=rows[0][1:2], hint=export_hint))
    fields = {r[0]: r[1:] for r in rows[1:] if r and r[0] and r[0] != "sheet"}
    number = (fields.get("notice") or [""])[0]
    if number != cat.notice.number:
        raise UsageError(message("sheet_other_notice", name=name, number=number, expected=cat.notice.number))
    specs = []
    for r in rows[1:]:
        if not r or r[0] != "sheet":
            continue
        title, unit, ids = [*r[1:4], "", "", ""][:3]
        if not unit:
            raise UsageError(message("sheet_whose", name=name, meta=META_SHEET, title=title, hint=export_hint))
        if unit not in cat.units:
            raise UsageError(message("sheet_unit_unknown", name=name, title=title, unit=unit))
        if cat.units[unit].kind not in REPORTING_KINDS:
            raise UsageError(message("sheet_unit_not_reporting", name=name, title=title, unit=cat.units[unit].name))
        if title not in wb.sheetnames:
            raise UsageError(message("sheet_missing", name=name, title=title, unit=cat.units[unit].name))
        specs.append(SheetSpec(title, unit, tuple(t for t in ids.split(",") if t)))
    if not specs:
        raise UsageError(message("sheet_none", name=name, hint=export_hint))
    return specs


def _header(ws: Any, name: str, title: str) -> tuple[int, dict[str, tuple[int, str]]]:
    """The header row and, by column key, (column number, heading as written)."""
    known: dict[str, str] = {}
    for lang in LANGS:
        labels = Labels(lang)
        for key in HEADER_KEYS:
            known.setdefault(labels(key), key)
    for row in range(1, min(ws.max_row, _HEADER_SCAN) + 1):
        columns: dict[str, tuple[int, str]] = {}
        for col in range(1, ws.max_column + 1):
            text = _cell_text(ws.cell(row, col).value)
            if text in known and known[text] not in columns:
                columns[known[text]] = (col, text)
        if "task" in columns:
            missing = [Labels("zh")(k) for k in HEADER_KEYS if k not in columns]
            if missing:
                raise UsageError(message("sheet_no_column", where=f"{name}:{title}!R{row}", headings="、".join(missing)))
            return row, columns
    raise UsageError(message("sheet_no_header", where=f"{name}:{title}", task=Labels("zh")("task"), rows=_HEADER_SCAN))


# ── one row ──


def _row(
    ws: Any,
    row: int,
    columns: dict[str, tuple[int, str]],
    spec: SheetSpec,
    cat: Catalogue,
    *,
    today: dt.date,
    now: dt.datetime,
) -> RowResult | None:
    """The row judged, or None for a row left blank."""
    cells = {key: ws.cell(row, col) for key, (col, _) in columns.items()}
    heading = {key: text for key, (_, text) in columns.items()}
    filled = [k for k in FILL_KEYS if _cell_text(cells[k].value)]
    task_id = _cell_text(cells["task"].value)

    def refuse(problem: str) -> RowResult:
        return RowResult(spec.title, row, spec.unit, task_id, problem=problem)

    if not filled:
        return None
    if "status" not in filled:
        return refuse(message("sheet_status_empty", status=heading["status"], filled="、".join(heading[k] for k in filled)))
    for key in FILL_KEYS:
        if cells[key].data_type == "f":
            return refuse(message("sheet_formula", cell=cells[key].coordinate, formula=str(cells[key].value)[:40]))
    if not task_id:
        return refuse(message("sheet_task_empty", heading=heading["task"]))
    try:
        status = progress.parse_status(_cell_text(cells["status"].value))
        percent = _percent(cells["percent"], heading["percent"])
        date = _date(cells["as_of_date"].value, heading["as_of_date"], cat, today)
        entry = progress.new_update(
            cat,
            task_id=task_id,
            unit=spec.unit,
            status=status,
            percent=percent,
            note=_cell_text(cells["note"].value) or None,
            evidence=_cell_text(cells["evidence"].value) or None,
            date=date,
            today=today,
            now=now,
        )
    except UsageError as exc:
        # update's messages name its options; here the user sees the sheet's column headings.
        text = str(exc).replace("--percent ", heading["percent"] + " ").replace("--date ", heading["as_of_date"] + " ")
        return refuse(text)
    if task_id not in spec.tasks:
        return refuse(message("sheet_task_not_exported", task=task_id))
    title = _cell_text(cells["title"].value)
    expected = cat.tasks[task_id].task.title
    if title not in (expected, neutralise_formula(safe_text(expected))):
        return refuse(message("sheet_title_differs", task=task_id, expected=expected, heading=heading["title"], title=title))
    return RowResult(spec.title, row, spec.unit, task_id, entry=entry)


def _percent(cell: Any, heading: str) -> int | None:
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise UsageError(f"{heading} {value!r} is not a number from 0 to 100")
    if isinstance(value, (int, float)):
        number = float(value) * (100 if "%" in str(cell.number_format) else 1)  # 60% typed in Excel is 0.6
    elif isinstance(value, str):
        try:
            number = float(value.strip().rstrip("%％").strip())
        except ValueError:
            raise UsageError(f"{heading} {value!r} is not a number from 0 to 100") from None
    else:
        raise UsageError(f"{heading} {value!r} is not a number from 0 to 100")
    number = round(number, 6)
    if not number.is_integer():
        raise UsageError(f"{heading} {number:g} is not a whole number")
    if not 0 <= number <= 100:
        raise UsageError(f"{heading} {number:g} is not between 0 and 100")
    return int(number)


def _date(value: Any, heading: str, cat: Catalogue, today: dt.date) -> dt.date:
    """A real date cell, or text as `update --date` reads it; blank means today."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell_text(value)
    if not text:
        return today
    if not isinstance(value, str):
        raise UsageError(f"{heading} {text!r} is not a date (type 2025-06-30 or format the cell as a date)")
    try:
        return parse_period(text, today=today, year=cat.notice.year).end
    except UsageError as exc:
        raise UsageError(f"{heading}: {exc}") from None
