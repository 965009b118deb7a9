"""The Excel round trip (`anquan import`): a unit's filled-in 工作台账 read back as progress entries.

`anquan export --format xlsx --dept UNIT` writes a fill-in sheet and a hidden sheet (`_anquan`)
naming, for each fill-in sheet, its key, its unit and the task ids it holds, with a digest of it
all (export.workbook_meta). `read_workbook` checks that hidden sheet against its digest and each
listed sheet against its key, finds the sheet by the key it carries in a hidden cell (so a renamed
sheet still imports), and judges each row by the rules of `anquan update` (`recording.new_update`):
the unit must report on the task, the status must be one of the three words, the percent must
fit the status, the date must lie between the notice and today. It also refuses a row whose task
id was altered: an id the sheet did not hold, or one that no longer matches the row's task title.
A row with an empty 填报日期 takes the sheet's own 填报日期 (row 2), or is refused without one.

One workbook reports for one unit: a unit's workbook for its unit only, and a workbook of every
unit's sheet (`--unit-sheets`) only for the unit the caller picks.

Pure: it takes the workbook's bytes (read and opened with bounded work by `workbooks`), the
catalogue, the entries already recorded and explicit dates, and returns one result per filled
row. Writing is the caller's job, and only once every row is valid (or the user asked for the
valid rows alone).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import field
from typing import Any

from . import progress
from .catalogue import REPORTING_KINDS, Catalogue
from .dates import parse_period
from .errors import Problem, UsageError
from .export import FILL_KEYS, META_MAGIC, META_SHEET, META_VERSION, SHEET_MARK, meta_digest, sheet_key
from .labels import LANGS, Labels, forms, message
from .models import ProgressEntry
from .notices import QUALIFIER, split_id
from .percents import parse_percent
from .progress import Progress
from .query import find_task
from .recording import Clock, new_update, task_log
from .records import record
from .render import clip, neutralise_formula, one_line, safe_text
from .workbooks import Book, Cell, Sheet, open_book

HEADER_KEYS = ("task", "title", *FILL_KEYS)
_HEADER_SCAN = 10  # the header row is among the first rows of a sheet


@record(frozen=True)
class SheetSpec:
    """A fill-in sheet as the hidden sheet describes it."""

    title: str  # as exported; the sheet is found by its key, whatever it is called now
    unit: str
    tasks: tuple[str, ...]
    key: str
    as_of: dt.date  # the export's as-of date: what 本月底 or 下周五 typed in the sheet count from
    rekey: Callable[[str], str] = str  # a task id as exported → as the workspace now keys it


@record(frozen=True)
class RowResult:
    sheet: str
    row: int  # the spreadsheet's own row number
    unit: str
    task: str
    entry: ProgressEntry | None = None  # set when the row is valid
    problem: str | None = None  # why the row is refused
    duplicate: bool = False  # the same entry is already recorded: nothing to write
    notes: tuple[str, ...] = ()  # what was read other than as typed (a rounded percent)

    @property
    def where(self) -> str:
        return f"{self.sheet}!R{self.row}"


@record
class WorkbookImport:
    name: str  # the file, as shown in messages
    rows: list[RowResult] = field(default_factory=list)  # every filled row, in sheet order
    blank: int = 0  # rows left blank: no status and nothing else filled in
    skipped: int = 0  # other units' sheets of a workbook for every unit, not imported

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
    unit: str | None = None,
) -> WorkbookImport:
    """Every filled row of the one unit's fill-in sheet, judged. A file anquan cannot use at all
    (not a workbook, not exported by anquan, another notice, an unknown unit, a hidden sheet that
    does not match its digest) raises UsageError. `unit` picks one unit's sheet of a workbook
    with a sheet for every unit (`export --unit-sheets`), which is refused without it."""
    book = open_book(data, name)
    specs, skipped = _specs(book, name, cat, unit)
    recorded = {_key(e) for e in log.entries}
    latest = progress.latest_recorded_at(log)  # once: each row's stamp comes after it
    clock = Clock(today, now)
    result = WorkbookImport(name, skipped=skipped)
    seen: dict[tuple[str, str], RowResult] = {}
    for spec in specs:
        ws = _find_sheet(book, spec, name)
        header_row, columns = _header(ws, name, ws.title)
        stated = _stated_date(ws, header_row, cat, spec.as_of)
        for row in range(header_row + 1, ws.max_row + 1):
            outcome = _row(ws, row, columns, spec, cat, stated, log, latest, clock)
            if outcome is None:
                result.blank += 1
                continue
            first = seen.get((spec.unit, outcome.task))
            if outcome.problem is None and first is not None:
                outcome = RowResult(ws.title, row, spec.unit, outcome.task, problem=message("import_task_twice", task=outcome.task, first=first.where))
            elif outcome.entry is not None:
                seen[(spec.unit, outcome.task)] = outcome
                if _key(outcome.entry) in recorded:
                    outcome = RowResult(ws.title, row, spec.unit, outcome.task, entry=outcome.entry, duplicate=True, notes=outcome.notes)
            result.rows.append(outcome)
    return result


def _key(e: ProgressEntry) -> tuple[Any, ...]:
    return progress.report_key(e)


# ── the hidden sheet ──


def breakdown_book(data: bytes, name: str) -> Book | None:
    """The workbook, if it is a 任务分解表 (`export --format breakdown`), else None."""
    from .breakdown import is_breakdown

    book = open_book(data, name)
    return book if is_breakdown(book) else None


def _meta_rows(book: Book) -> list[list[str]] | None:
    """The hidden sheet's rows as text: the sheet named _anquan, else one whose A1 is the magic."""
    sheets = [s for s in book.sheets if s.title == META_SHEET] or [s for s in book.sheets if _cell_text(s.cell(1, 1).value) == META_MAGIC]
    if not sheets:
        return None
    meta = sheets[0]
    return [[_cell_text(meta.cell(r, c).value) for c in range(1, meta.max_column + 1)] for r in range(1, meta.max_row + 1)]


def _specs(book: Book, name: str, cat: Catalogue, only: str | None) -> tuple[list[SheetSpec], int]:
    """The fill-in sheet to import, as the hidden sheet lists it, checked against its digest and
    the catalogue; and how many other units' sheets are left alone."""
    raw = _meta_rows(book)
    if raw is None:
        raise UsageError(message("import_no_meta", file=name, sheet=META_SHEET))
    rows = [_trim(r) for r in raw]
    rows = [r for r in rows if r]
    if not rows or rows[0][:1] != [META_MAGIC]:
        raise UsageError(message("import_meta_altered", file=name, sheet=META_SHEET))
    if len(rows[0]) < 2 or rows[0][1] != str(META_VERSION):
        raise UsageError(message("import_other_version", file=name, version=clip(one_line((rows[0][1:2] or ["?"])[0]))))
    fields = {r[0]: r[1:] for r in rows[1:] if r[0] != "sheet"}
    number = (fields.get("notice") or [""])[0]
    known = {m.notice.number for m in cat.notice_catalogues}
    # one notice's sheet, of several; or several notices' (joined as the exporting language joins them), all still here
    joined = "|".join(re.escape(sep) for sep in forms("notices_joined"))  # as the exporting language joined them
    if number != cat.notice.number and number not in known and not (known and set(re.split(joined, number)) <= known):
        raise UsageError(message("import_other_notice", file=name, number=number, expected=cat.notice.number))
    body = [r for r in rows if r[0] != "digest"]
    digests = [r for r in rows if r[0] == "digest"]
    if len(digests) != 1 or digests[0][1:2] != [meta_digest(body)] or rows[-1][0] != "digest":
        raise UsageError(message("import_meta_altered", file=name, sheet=META_SHEET))
    try:
        as_of = dt.date.fromisoformat((fields.get("as_of") or [""])[0])
    except ValueError:
        raise UsageError(message("import_meta_altered", file=name, sheet=META_SHEET)) from None
    scope = (fields.get("scope") or [""])[0]
    rekey = _rekeyed(fields.get("aliases") or [], cat)
    specs: list[SheetSpec] = []
    for r in rows[1:]:
        if r[0] != "sheet":
            continue
        key, title, unit, ids = [*r[1:5], "", "", "", ""][:4]
        tasks = tuple(t for t in ids.split(",") if t)
        if not unit:
            raise UsageError(message("import_meta_altered", file=name, sheet=META_SHEET))
        if key != sheet_key(number, as_of, unit, tasks):
            raise UsageError(message("import_meta_altered", file=name, sheet=META_SHEET))
        if any(s.key == key or s.unit == unit or s.title == title for s in specs):
            raise UsageError(message("import_sheet_twice", file=name, sheet=title, sheet_meta=META_SHEET))
        if unit not in cat.units:
            raise UsageError(message("import_unknown_unit", file=name, sheet=title, unit=unit))
        if cat.units[unit].kind not in REPORTING_KINDS:
            raise UsageError(message("import_unit_not_reporting", file=name, sheet=title, unit=cat.units[unit].name))
        specs.append(SheetSpec(title, unit, tuple(rekey(t) for t in tasks), key, as_of, rekey))
    if not specs:
        raise UsageError(message("import_no_fill_sheet", file=name))
    if scope == "unit":
        if len(specs) != 1:
            raise UsageError(message("import_meta_altered", file=name, sheet=META_SHEET))
        if only is not None and only != specs[0].unit:
            raise UsageError(message("import_other_unit", file=name, unit=cat.units[specs[0].unit].name, asked=cat.units[only].name))
        return specs, 0
    if scope != "all":
        raise UsageError(message("import_meta_altered", file=name, sheet=META_SHEET))
    if only is None:
        raise UsageError(message("import_pick_unit", file=name, n=len(specs)))
    chosen = [s for s in specs if s.unit == only]
    if not chosen:
        raise UsageError(message("import_unit_absent", file=name, unit=cat.units[only].name))
    return chosen, len(specs) - 1


def _trim(row: list[str]) -> list[str]:
    """A row without the empty cells at its end."""
    while row and not row[-1]:
        row = row[:-1]
    return row


def _find_sheet(book: Book, spec: SheetSpec, name: str) -> Sheet:
    """The sheet that carries the spec's key in its first rows, whatever it is now called; a
    sheet without any key (an older copy) only under its exported title."""
    mark = SHEET_MARK + spec.key
    found = [s for s in book.sheets if s.title != META_SHEET and mark in _marks(s)]
    if len(found) > 1:
        raise UsageError(message("import_sheet_copied", file=name, sheets="、".join(repr(s.title) for s in found)))
    if found:
        return found[0]
    by_title = [s for s in book.sheets if s.title == spec.title and not _marks(s)]
    if by_title:
        return by_title[0]
    raise UsageError(message("import_sheet_missing", file=name, sheet=spec.title))


def _marks(ws: Sheet) -> set[str]:
    return {
        text
        for r in range(1, min(ws.max_row, _HEADER_SCAN) + 1)
        for c in range(1, ws.max_column + 1)
        if (text := _cell_text(ws.cell(r, c).value)).startswith(SHEET_MARK)
    }


def _header(ws: Sheet, name: str, title: str) -> tuple[int, dict[str, tuple[int, str]]]:
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
                raise UsageError(message("import_no_column", where=f"{name}:{title}!R{row}", headings="、".join(missing)))
            return row, columns
    raise UsageError(message("import_no_header", where=f"{name}:{title}", heading=Labels("zh")("task"), n=_HEADER_SCAN))


@record(frozen=True)
class StatedDate:
    """The sheet's own 填报日期 above its header: the day rows with an empty 填报日期 take."""

    day: dt.date | None  # None: the cell is empty, or there is no such cell
    where: str  # the cell, for messages
    problem: str | None = None  # the cell holds something that is not a date


def _stated_date(ws: Sheet, header_row: int, cat: Catalogue, reference: dt.date) -> StatedDate:
    labels = {Labels(lang)("stated_date") for lang in LANGS}
    for row in range(1, header_row):
        for col in range(1, ws.max_column):
            if _cell_text(ws.cell(row, col).value) in labels:
                cell = ws.cell(row, col + 1)
                if not _cell_text(cell.value):
                    return StatedDate(None, f"{ws.title}!{cell.coordinate}")
                try:
                    return StatedDate(_date(cell, _cell_text(ws.cell(row, col).value), cat, reference), f"{ws.title}!{cell.coordinate}")
                except UsageError as exc:
                    return StatedDate(None, f"{ws.title}!{cell.coordinate}", str(exc))
    return StatedDate(None, ws.title)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# ── one row ──


def _row(
    ws: Sheet,
    row: int,
    columns: dict[str, tuple[int, str]],
    spec: SheetSpec,
    cat: Catalogue,
    stated: StatedDate,
    log: Progress,
    latest: dt.datetime | None,
    clock: Clock,
) -> RowResult | None:
    """The row judged, or None for a row left blank."""
    cells = {key: ws.cell(row, col) for key, (col, _) in columns.items()}
    heading = {key: text for key, (_, text) in columns.items()}
    filled = [k for k in FILL_KEYS if _cell_text(cells[k].value)]
    task_id = spec.rekey(_cell_text(cells["task"].value))

    def refuse(message_text: str) -> RowResult:
        return RowResult(ws.title, row, spec.unit, task_id, problem=message_text)

    if not filled:
        return None
    if "status" not in filled:
        return refuse(message("import_no_status", heading=heading["status"], filled="、".join(heading[k] for k in filled)))
    for key in FILL_KEYS:
        if cells[key].formula:
            return refuse(message("import_formula", cell=cells[key].coordinate, formula=str(cells[key].value)[:40]))
    if not task_id:
        return refuse(message("import_no_task", heading=heading["task"]))
    notes: list[str] = []
    try:
        status = progress.parse_status(_cell_text(cells["status"].value))
        percent = _percent(cells["percent"], heading["percent"], notes)
        if _cell_text(cells["as_of_date"].value):
            date = _date(cells["as_of_date"], heading["as_of_date"], cat, spec.as_of)
        elif stated.problem is not None:
            raise UsageError(message("import_stated_date_bad", heading=heading["as_of_date"], where=stated.where, problem=stated.problem))
        elif stated.day is None:
            raise UsageError(message("import_no_date", heading=heading["as_of_date"], where=stated.where))
        else:
            date = stated.day
        task = find_task(cat, task_id)
        entry = new_update(
            cat,
            task_log(log, task.id, latest),
            task_id=task.id,
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
        text = str(exc).replace("--percent ", heading["percent"] + " ").replace("--date ", heading["as_of_date"] + " ")
        return refuse(text)
    if task_id not in spec.tasks:
        return refuse(message("import_task_not_exported", task=task_id))
    title = _cell_text(cells["title"].value)
    expected = cat.tasks[task_id].task.title
    if title not in (expected, neutralise_formula(safe_text(expected))):
        return refuse(message("import_title_mismatch", task=task_id, expected=expected, heading=heading["title"], title=clip(title)))
    return RowResult(ws.title, row, spec.unit, task_id, entry=entry, notes=tuple(notes))


def _rekeyed(aliases: list[str], cat: Catalogue) -> Callable[[str], str]:
    """A task id as a sheet exported it → as the workspace keys it now: the alias it carries is
    read as the notice number it stood for (the hidden sheet says), then as that notice's alias
    now. A sheet from before aliases were kept, or of one notice, keeps its ids."""
    numbers = dict(a.split("=", 1) for a in aliases if "=" in a)
    if not numbers or not cat.qualifiers:
        return str

    def rekey(task_id: str) -> str:
        alias, plain = split_id(task_id)
        now = cat.qualifiers.get(numbers.get(alias, ""))
        return f"{now}{QUALIFIER}{plain}" if alias and now else task_id

    return rekey


def _percent(cell: Cell, heading: str, notes: list[str]) -> int | None:
    """The percent as `update --percent` reads it; a cell formatted as a percent holds a fraction."""
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, (str, int, float)):
        value = str(value)
    read = parse_percent(value, heading, shown_as_percent="%" in cell.number_format)
    if read.note:
        notes.append(read.note)
    return read.value


def _date(cell: Cell, heading: str, cat: Catalogue, reference: dt.date) -> dt.date:
    """A real date cell, or text as `update --date` reads it. Relative text (本月底, 下周五)
    counts from `reference`, the day the sheet was exported for, never from the import day."""
    value = cell.value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell_text(value)
    if not isinstance(value, str):
        raise UsageError(message("import_not_a_date", heading=heading, text=clip(text)))
    try:
        return parse_period(text, today=reference, year=cat.notice.year).end
    except UsageError as exc:
        raise UsageError(f"{heading}: {exc}") from None
