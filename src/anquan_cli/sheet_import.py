"""The Excel round trip (`anquan import`): a unit's filled-in 工作台账 read back as progress entries.

`anquan export --format xlsx --dept UNIT` writes a fill-in sheet and a hidden sheet naming the
unit and the task ids the sheet holds. `read_workbook` reads every fill-in sheet of a workbook and
judges each row by the rules of `anquan update` (`recording.new_update`): the unit must report on
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
from dataclasses import dataclass, field
from typing import Any

from . import progress
from .catalogue import REPORTING_KINDS, Catalogue
from .dates import parse_period
from .errors import Problem, UsageError
from .export import FILL_KEYS, META_MAGIC, META_SHEET, META_VERSION
from .labels import LANGS, Labels
from .models import ProgressEntry
from .progress import Progress
from .recording import Clock, new_update
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
    log: Progress,
    today: dt.date,
    now: dt.datetime,
) -> WorkbookImport:
    """Every filled row of every fill-in sheet, judged. A file anquan cannot use at all (not an
    xlsx, not exported by anquan, another notice, an unknown unit) raises UsageError."""
    wb = _open(data, name)
    specs = _specs(wb, name, cat)
    recorded = {_key(e) for e in log.entries}
    clock = Clock(today, now)
    result = WorkbookImport(name)
    seen: dict[tuple[str, str], RowResult] = {}
    for spec in specs:
        ws = wb[spec.title]
        header_row, columns = _header(ws, name, spec.title)
        for row in range(header_row + 1, ws.max_row + 1):
            outcome = _row(ws, row, columns, spec, cat, log, clock)
            if outcome is None:
                result.blank += 1
                continue
            first = seen.get((spec.unit, outcome.task))
            if outcome.problem is None and first is not None:
                outcome = RowResult(spec.title, row, spec.unit, outcome.task, problem=f"task {outcome.task} is filled in twice ({first.where} and here)")
            elif outcome.entry is not None:
                seen[(spec.unit, outcome.task)] = outcome
                if _key(outcome.entry) in recorded:
                    outcome = RowResult(spec.title, row, spec.unit, outcome.task, entry=outcome.entry, duplicate=True)
            result.rows.append(outcome)
    return result


def _key(e: ProgressEntry) -> tuple[Any, ...]:
    """What makes two entries the same report (the time of recording aside)."""
    return (e.task, e.unit, e.kind, e.status, e.percent, e.period, e.date, e.note, e.evidence)


# ── the workbook ──


def breakdown_workbook(data: bytes, name: str) -> Any | None:
    """The workbook, if it is a 任务分解表 (`export --format breakdown`), else None."""
    from .breakdown import is_breakdown

    wb = _open(data, name)
    return wb if is_breakdown(wb) else None


def _open(data: bytes, name: str) -> Any:
    from openpyxl import load_workbook

    if len(data) > MAX_BYTES:
        raise UsageError(f"{name}: {len(data)} bytes is too large for a 工作台账 (limit {MAX_BYTES // (1024 * 1024)} MB)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            return load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # a zip error, a missing part, bad XML: all mean the same to the user
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise UsageError(f"{name}: not an Excel workbook (.xlsx) that can be read ({reason})") from None


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _specs(wb: Any, name: str, cat: Catalogue) -> list[SheetSpec]:
    """The fill-in sheets the hidden sheet lists, each checked against the catalogue."""
    export_hint = "export one with `anquan export --format xlsx --dept UNIT -o FILE.xlsx`"
    if META_SHEET not in wb.sheetnames:
        raise UsageError(f"{name}: not a 工作台账 exported by anquan for a unit (its hidden sheet {META_SHEET!r} is missing): {export_hint}")
    rows = [[_cell_text(v) for v in r] for r in wb[META_SHEET].iter_rows(values_only=True)]
    if not rows or rows[0][:1] != [META_MAGIC]:
        raise UsageError(f"{name}: the hidden sheet {META_SHEET!r} was altered: {export_hint}")
    if len(rows[0]) < 2 or rows[0][1] != str(META_VERSION):
        raise UsageError(f"{name}: written by another version of anquan (workbook format {rows[0][1:2]}); {export_hint}")
    fields = {r[0]: r[1:] for r in rows[1:] if r and r[0] and r[0] != "sheet"}
    number = (fields.get("notice") or [""])[0]
    if number != cat.notice.number:
        raise UsageError(f"{name}: exported for notice {number!r}, not {cat.notice.number}")
    specs = []
    for r in rows[1:]:
        if not r or r[0] != "sheet":
            continue
        title, unit, ids = [*r[1:4], "", "", ""][:3]
        if not unit:
            raise UsageError(f"{name}: the hidden sheet {META_SHEET!r} does not say whose sheet {title!r} is: {export_hint}")
        if unit not in cat.units:
            raise UsageError(f"{name}: sheet {title!r} belongs to unit {unit!r}, which is not in this catalogue's departments.yaml")
        if cat.units[unit].kind not in REPORTING_KINDS:
            raise UsageError(f"{name}: sheet {title!r} belongs to {cat.units[unit].name}, which does not report itself")
        if title not in wb.sheetnames:
            raise UsageError(f"{name}: sheet {title!r} of {cat.units[unit].name} is missing (renamed or deleted?)")
        specs.append(SheetSpec(title, unit, tuple(t for t in ids.split(",") if t)))
    if not specs:
        raise UsageError(f"{name}: no unit's fill-in sheet in this workbook (a whole-catalogue export has none unless --unit-sheets): {export_hint}")
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
                raise UsageError(f"{name}:{title}!R{row}: no column headed {'、'.join(missing)}: export the sheet again")
            return row, columns
    raise UsageError(f"{name}:{title}: no header row with {Labels('zh')('task')} in the first {_HEADER_SCAN} rows: export the sheet again")


# ── one row ──


def _row(
    ws: Any,
    row: int,
    columns: dict[str, tuple[int, str]],
    spec: SheetSpec,
    cat: Catalogue,
    log: Progress,
    clock: Clock,
) -> RowResult | None:
    """The row judged, or None for a row left blank."""
    cells = {key: ws.cell(row, col) for key, (col, _) in columns.items()}
    heading = {key: text for key, (_, text) in columns.items()}
    filled = [k for k in FILL_KEYS if _cell_text(cells[k].value)]
    task_id = _cell_text(cells["task"].value)

    def refuse(message: str) -> RowResult:
        return RowResult(spec.title, row, spec.unit, task_id, problem=message)

    if not filled:
        return None
    if "status" not in filled:
        return refuse(f"{heading['status']} is empty but {'、'.join(heading[k] for k in filled)} is filled in: choose a status or clear the row")
    for key in FILL_KEYS:
        if cells[key].data_type == "f":
            return refuse(f"{cells[key].coordinate} holds a formula ({str(cells[key].value)[:40]}); type the value itself")
    if not task_id:
        return refuse(f"{heading['task']} is empty")
    try:
        status = progress.parse_status(_cell_text(cells["status"].value))
        percent = _percent(cells["percent"], heading["percent"])
        date = _date(cells["as_of_date"].value, heading["as_of_date"], cat, clock.today)
        entry = new_update(
            cat,
            log,
            task_id=task_id,
            unit=spec.unit,
            status=status,
            percent=percent,
            note=_cell_text(cells["note"].value) or None,
            evidence=_cell_text(cells["evidence"].value) or None,
            date=date,
            period=None,
            clock=clock,
        )
    except UsageError as exc:
        # update's messages name its options; here the user sees the sheet's column headings.
        message = str(exc).replace("--percent ", heading["percent"] + " ").replace("--date ", heading["as_of_date"] + " ")
        return refuse(message)
    if task_id not in spec.tasks:
        return refuse(f"task {task_id} was not in this sheet as exported (task id altered?)")
    title = _cell_text(cells["title"].value)
    expected = cat.tasks[task_id].task.title
    if title not in (expected, neutralise_formula(safe_text(expected))):
        return refuse(f"task {task_id} is {expected!r}, but the row's {heading['title']} is {title!r} (task id altered?)")
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
