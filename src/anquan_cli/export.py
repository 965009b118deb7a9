"""Exports (`anquan export`): the catalogue with its computed status as JSON, CSV, Markdown,
an Excel 工作台账 or an iCalendar file of the deadlines.

Every builder is pure: it takes the catalogue, the roll-up at an explicit as-of date
(`status.rollup`), an optional unit and the labels, and returns text or bytes; the command
writes them with `textfile.write_atomic`. Text from the data goes into spreadsheets as text:
a cell starting with = + - @, a tab or a carriage return is neutralised (`render.neutralise_formula`)
so that no spreadsheet runs it as a formula.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import re
from collections.abc import Callable
from itertools import zip_longest
from typing import TYPE_CHECKING, Any

from . import query, report
from .catalogue import REPORTING_KINDS, Catalogue, CatalogueTask, Occurrence
from .labels import Labels
from .notices import plain_id
from .records import record
from .render import Column, Listing, cell_text, display_width, neutralise_formula, one_line, safe_text, to_csv, to_json
from .status import TaskState, UnitState, occurrence_status, unit_view
from .views import closed_text, occurrence_text, period_text, plan_note, rule_text, units_cell

if TYPE_CHECKING:
    from .warning_rules import UnitWarning

FORMATS = ("json", "csv", "markdown", "xlsx", "ics")
SUFFIXES = {".json": "json", ".csv": "csv", ".md": "markdown", ".markdown": "markdown", ".xlsx": "xlsx", ".ics": "ics"}
BINARY_FORMATS = ("xlsx",)
JSON_VERSION = 1

# The workbook's hidden sheet: which unit each fill-in sheet belongs to, and its task ids.
META_SHEET = "_anquan"
META_MAGIC = "anquan-workbook"
META_VERSION = 2
# Each fill-in sheet carries its key in a hidden cell, so that it is found however it is renamed.
SHEET_MARK = "anquan-sheet:"

# A fill-in sheet: title and instructions, then its own 填报日期, then the header row.
FILL_HEADER_ROW = 3
STATED_DATE_CELL = "B2"
# Column keys of a unit's fill-in sheet, in order; the headings come from labels.py.
FILL_KEYS = ("status", "percent", "note", "evidence", "as_of_date")


# ── what is exported ──


def scope_tasks(cat: Catalogue, unit: str | None) -> list[CatalogueTask]:
    """The tasks of the export: every task, or those of one unit (any kind of unit)."""
    return query.filter_tasks(cat, unit=unit)


def current_due(task: CatalogueTask, state: TaskState, as_of: dt.date) -> dt.date | None:
    """The deadline that matters at the as-of date: the earliest missed one while the task is
    overdue (the one 逾期 counts from), else the next one, else the last one."""
    if not task.occurrences:
        return None
    if state.overdue:
        return min(o.date for o in task.occurrences if o.date < as_of)
    if state.next_due is not None:
        return state.next_due
    return task.occurrences[-1].date


def counted(cat: Catalogue, states: dict[str, TaskState], unit: str | None, task_ids: list[str]) -> tuple[dict[str, TaskState], list[str]]:
    """What an export's figures count: for a reporting unit, its own status on the tasks it must
    report on (not those it assists or that are still 待分工); else the county's on every task."""
    if unit is None or cat.units[unit].kind not in REPORTING_KINDS:
        return states, task_ids
    own = unit_view(states, unit, cat)
    return own, [t for t in task_ids if t in own]


def status_word(status: str, overdue: bool, L: Labels) -> str:
    return L("overdue") if overdue else L(status)


# ── json ──


def export_json(cat: Catalogue, states: dict[str, TaskState], as_of: dt.date, unit: str | None) -> str:
    """The catalogue with each task's computed status; field names are stable across languages."""
    tasks = scope_tasks(cat, unit)
    records = []
    for task in tasks:
        s = states[task.id]
        due = current_due(task, s, as_of)
        record = query.task_record(cat, task)
        record.update(
            {
                "status": s.status,
                "overdue": s.overdue,
                "overdue_days": s.overdue_days,
                "percent": round(s.percent, 1),
                "due": due.isoformat() if due else None,
                "next_due": s.next_due.isoformat() if s.next_due else None,
                "progress": {
                    u: {"status": us.status, "percent": us.percent, "date": us.date.isoformat() if us.date else None, "note": us.note}
                    for u, us in s.units.items()
                },
            }
        )
        records.append(record)
    own, ids = counted(cat, states, unit, [t.id for t in tasks])
    counts = report.count_states([own[t] for t in ids])
    n = cat.notice
    document = {
        "format": "anquan-export",
        "version": JSON_VERSION,
        "notice": {"number": n.number, "title": n.title, "date": n.date.isoformat(), "year": n.year},
        "as_of": as_of.isoformat(),
        "unit": {"id": unit, "name": cat.units[unit].name} if unit else None,
        "counts": {
            "tasks": counts.tasks,
            "not_started": counts.not_started,
            "in_progress": counts.in_progress,
            "done": counts.done,
            "verified": counts.verified,
            "overdue": counts.overdue,
            "percent": round(counts.percent, 1),
        },
        "tasks": records,
    }
    if cat.qualifiers:  # several notices: "notice" joins them; each on its own
        from .notices import notices_overview

        document["notices"] = notices_overview(cat)
    return to_json(document)


# ── csv ──


def export_csv(cat: Catalogue, states: dict[str, TaskState], as_of: dt.date, unit: str | None, L: Labels) -> str:
    """One row per task, UTF-8 with a BOM; with a reporting unit, also that unit's own progress."""
    own = unit is not None and cat.units[unit].kind in REPORTING_KINDS
    columns = _csv_columns(L)
    if own:
        columns += [
            Column("unit_status", L("unit_status")),
            Column("percent", L("percent"), numeric=True),
            Column("as_of_date", L("as_of_date")),
            Column("note", L("note")),
        ]
    rows = []
    for task in scope_tasks(cat, unit):
        s = states[task.id]
        row = _csv_row(catalogue_cells(cat, task, L), task_summary(task, s, as_of), L)
        if own and unit in s.units:
            us = s.units.get(unit) or UnitState()
            row.update(
                {
                    "unit_status": L(us.status),
                    "percent": us.percent,
                    "as_of_date": us.date.isoformat() if us.date else "",
                    "note": us.note or "",
                }
            )
        rows.append(row)
    return to_csv(Listing(columns, rows, []))


def export_csv_rows(rows: list[TaskRow], L: Labels) -> str:
    """`export_csv` of every task, without a unit, from every task's row (task_rows: what the
    index keeps, or worked out from the states)."""
    return to_csv(Listing(_csv_columns(L), [_csv_row(c, s, L) for c, s in rows], []))


def _csv_columns(L: Labels) -> list[Column]:
    return [
        Column("task", L("task")),
        Column("section", L("section")),
        Column("clause", L("clause")),
        Column("title", L("title")),
        Column("text", L("text")),
        Column("units", L("units")),
        Column("due", L("due")),
        Column("deadlines", L("deadlines")),
        Column("status", L("status")),
        Column("mean", L("mean_percent"), numeric=True),
    ]


_CATALOGUE_COLUMNS = ("task", "section", "clause", "title", "text", "units", "deadlines", "tags")
CATALOGUE_CELLS = len(_CATALOGUE_COLUMNS)  # how many cells catalogue_cells gives


def catalogue_cells(cat: Catalogue, task: CatalogueTask, L: Labels) -> list[str]:
    """What a task's row of the csv and of the workbook's ledger shows of the catalogue (the
    columns of _CATALOGUE_COLUMNS; the csv has no tags), the same every day: the index keeps them."""
    return [
        task.id,
        report.section_label(task.section.id, task.section.heading),
        f"{task.clause.id} {task.clause.heading}",
        task.task.title,
        task.task.text,
        units_cell(cat, task, L),
        "；".join(occurrence_text(o, L) for o in task.occurrences),
        "、".join(task.task.tags),
    ]


# A task's row of an export of every task: its catalogue cells (catalogue_cells) and its own
# state as of the day (task_summary), both kept by the index.
TaskRow = tuple[list[str], "TaskSummary"]


def task_rows(cat: Catalogue, states: dict[str, TaskState], as_of: dt.date, L: Labels) -> list[TaskRow]:
    """Every task's row, worked out from the states (what the index keeps, when it does not)."""
    return [(catalogue_cells(cat, task, L), task_summary(task, states[task.id], as_of)) for task in cat.tasks.values()]


def _csv_row(cells: list[str], summary: TaskSummary, L: Labels) -> dict[str, Any]:
    status, overdue, percent, due = summary
    row: dict[str, Any] = dict(zip(_CATALOGUE_COLUMNS, cells, strict=True))
    row.update({"due": due or "", "status": status_word(status, overdue, L), "mean": round(percent, 1)})
    return row


# A task's own state as of a day, as an export's row shows it: its status, whether overdue,
# its mean percent, and the deadline that matters then (current_due), as a day's ISO text.
TaskSummary = tuple[str, bool, float, "str | None"]


def task_summary(task: CatalogueTask, state: TaskState, as_of: dt.date) -> TaskSummary:
    due = current_due(task, state, as_of)
    return (state.status, state.overdue, state.percent, due.isoformat() if due else None)


# ── markdown ──


def _md_cell(value: str) -> str:
    return cell_text(value).replace("|", "\\|") or " "


def export_markdown(cat: Catalogue, states: dict[str, TaskState], as_of: dt.date, unit: str | None, L: Labels) -> str:
    """The 任务分工 table (序号 | 重点任务 | 责任单位 | 完成时限 | 进展情况), one per section."""
    tasks = scope_tasks(cat, unit)
    own = unit is not None and cat.units[unit].kind in REPORTING_KINDS
    scope = f"{cat.units[unit].name} " if unit else ""
    lines = ["# " + one_line(L("md_title", number=cat.notice.number, scope=scope, date=as_of.isoformat()))]
    header = [L("seq"), L("key_task"), L("units"), L("deadline"), L("progress_col")]
    number = 0
    for section_id, section in cat.sections.items():
        chosen = [t for t in tasks if t.section.id == section_id]
        if not chosen:
            continue
        lines += ["", f"## {report.section_label(section_id, section.heading)}", ""]
        lines += ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        for task in chosen:
            number += 1
            s = states[task.id]
            deadline = "；".join(occurrence_text(o, L) for o in task.occurrences) or "—"
            cells = [str(number), f"{task.id} {task.task.title}", units_cell(cat, task, L), deadline, _progress_text(s, unit if own else None, L)]
            lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    if not tasks:
        lines += ["", L("empty")]
    if any(a.planned for t in tasks for a in t.assignments):
        lines += ["", cell_text(plan_note(cat, L))]
    if any(a.via in cat.rules for t in tasks for a in t.assignments):
        rules = "；".join(rule_text(r, L) for r in cat.rules.values())
        lines += ["", f"※ {cell_text(rules)}"]
    return "\n".join(lines) + "\n"


def _progress_text(s: TaskState, unit: str | None, L: Labels) -> str:
    """进展情况: the unit's own status and note, or the task's status and mean progress."""
    if unit is not None:
        us = s.units.get(unit) or UnitState()
        text = L(us.status) + (f" {us.percent}%" if us.status == "in_progress" else "")
        if us.date is not None:
            text += f"（{us.date.isoformat()}）"
        if us.note:
            text += f"：{us.note}"
    else:
        text = L(s.status) + (f"（{L('average')} {s.percent:.0f}%）" if s.status == "in_progress" else "")
    if s.overdue and (unit is None or (s.units.get(unit) or UnitState()).status != "done"):
        text += ("，" if L.lang == "zh" else ", ") + L("overdue_days", n=s.overdue_days)
    return text


def _due_item_text(item: query.DueItem, L: Labels) -> str:
    """One occurrence's status: 逾期N天 only while it is not done; 按期完成 or 逾期完成N天 once it is."""
    if item.late_days is not None:
        return L(item.status) + ("，" if L.lang == "zh" else ", ") + closed_text(item.late_days, L)
    if item.overdue:
        return L("overdue_days", n=-item.days_left)
    return L(item.status)


# ── ics ──


def occurrence_uid(cat: Catalogue, task_id: str, occurrence: Occurrence) -> str:
    """A UID that stays the same from one export to the next, so that a calendar re-importing the
    file updates its events instead of adding copies. It rests on the notice, the task and the
    period (H1, Q3 …) or the notice's wording of the deadline, not on dates, status or as-of."""
    key = occurrence.period or occurrence.phrase
    # the task's own notice and id: a second notice joining the workspace changes no UID
    task = cat.tasks[task_id]
    plain = plain_id(task.id)
    digest = hashlib.sha256(f"{task.source.number}\x1f{plain}\x1f{key}".encode()).hexdigest()[:16]
    return f"{plain}-{digest}@anquan"  # the plain id: an alias (added or renamed) is not part of it


def export_ics(
    cat: Catalogue,
    states: dict[str, TaskState],
    as_of: dt.date,
    unit: str | None,
    L: Labels,
    *,
    remind_days: int,
    stamp: dt.datetime,
) -> str:
    """One all-day VEVENT per deadline occurrence, each with a VALARM `remind_days` days before."""
    from icalendar import Alarm, Calendar, Event

    n = cat.notice
    calendar = Calendar()
    calendar.add("prodid", one_line(f"-//anquan//{n.number}//{L.lang.upper()}"))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", one_line(f"{n.number} {L('deadlines')}" + (f"（{cat.units[unit].name}）" if unit else "")))
    stamp_utc = stamp.astimezone(dt.timezone.utc)
    own = unit if unit is not None and cat.units[unit].kind in REPORTING_KINDS else None  # a reporting unit sees its own status
    items = query.due_items(cat, as_of=as_of, unit=unit, status_of=occurrence_status(states, cat, own))
    for item in items:
        task, o = item.task, item.occurrence
        period = period_text(o, L)
        summary = f"{task.id} {task.task.title}" + (f"（{period}）" if period else "")
        description = "\n".join(
            [
                f"{task.source.number} {task.clause.id} {task.clause.heading}",  # the task's own notice
                f"{L('text')}：{task.task.text}",
                f"{L('phrase')}：{o.phrase}" + (f"（{period}）" if period else ""),
                f"{L('units')}：{units_cell(cat, task, L)}",
                f"{L('status')}（{as_of.isoformat()}）：{_due_item_text(item, L)}",
            ]
        )
        event = Event()
        event.add("uid", occurrence_uid(cat, task.id, o))
        event.add("dtstamp", stamp_utc)
        event.add("dtstart", o.date)
        event.add("dtend", o.date + dt.timedelta(days=1))
        event.add("summary", safe_text(summary))
        event.add("description", safe_text(description))
        event.add("transp", "TRANSPARENT")
        if task.task.tags:
            event.add("categories", list(task.task.tags))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", safe_text(summary))
        alarm.add("trigger", dt.timedelta(days=-remind_days))
        event.add_component(alarm)
        calendar.add_component(event)
    return str(calendar.to_ical().decode("utf-8"))


# ── xlsx ──


@record(frozen=True)
class _Col:
    key: str
    label: str
    kind: str = "text"  # text | long | date | int | float
    fill: bool = False  # a column the unit fills in


_HEADER_FILL = "D9E1F2"
_FILL_FILL = "FFF2CC"  # the columns a unit fills in
_OVERDUE_FILL = "FFC7CE"  # overdue rows
_BORDER_COLOR = "BFBFBF"
_WIDTH_CAP = {"text": 40, "long": 60, "date": 12, "int": 10, "float": 10}
_FILL_WIDTH = {"text": 8, "long": 30, "date": 12, "int": 10, "float": 10}
_NUMBER_FORMATS = {"date": "yyyy-mm-dd", "float": "0.0"}


class _Formats:
    """XlsxWriter's cell formats, each made once: a workbook holds one format per look, and
    20,000 rows share a handful of them."""

    def __init__(self, book: Any) -> None:
        self._book = book
        self._made: dict[tuple[tuple[str, Any], ...], Any] = {}

    def __call__(self, **properties: Any) -> Any:
        key = tuple(sorted(properties.items()))
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = self._book.add_format(properties)
        return found

    def fill(self, color: str) -> dict[str, Any]:
        return {"pattern": 1, "bg_color": "#" + color}

    def border(self) -> dict[str, Any]:
        return {"border": 1, "border_color": "#" + _BORDER_COLOR}


_PLAIN_CELLS = frozenset({"String", "Number", "Datetime", "Blank"})  # XlsxWriter's names of its cells' kinds


@functools.cache
def _worksheet_class() -> type:
    """XlsxWriter's worksheet, writing out two attributes it leaves to their defaults (a fit-to-page
    width of 1 page, a range check's "between"), as openpyxl wrote them: a reader that does not
    apply the defaults (openpyxl itself) reads what the sheet means. Its plain cells are written
    faster, byte for byte as XlsxWriter writes them."""
    from xlsxwriter.utility import xl_rowcol_to_cell_fast
    from xlsxwriter.worksheet import Worksheet

    class ExplicitWorksheet(Worksheet):  # type: ignore[misc]
        def _write_cell(self, row: int, col: int, cell: Any) -> None:
            # The ledger's 200,000 cells are text, numbers, dates and blanks, each with a format:
            # written here as XlsxWriter writes them (the same bytes), without its per-cell
            # attribute lists and escaping (a reference and an index need none).
            kind = type(cell).__name__
            if cell.format is None or self.constant_memory or kind not in _PLAIN_CELLS:
                super()._write_cell(row, col, cell)
                return
            at, xf = xl_rowcol_to_cell_fast(row, col), cell.format._get_xf_index()
            if kind == "String":
                self.fh.write(f'<c r="{at}" s="{xf}" t="s"><v>{cell.string}</v></c>')
            elif kind == "Blank":
                self.fh.write(f'<c r="{at}" s="{xf}"/>')
            else:
                self.fh.write(f'<c r="{at}" s="{xf}"><v>{cell.number:.16G}</v></c>')

        def _xml_start_tag(self, tag: str, attributes: list[tuple[str, Any]] | None = None) -> None:
            attributes = list(attributes or [])
            if tag == "dataValidation" and ("type", "decimal") in attributes and not any(k == "operator" for k, _ in attributes):
                attributes.insert(attributes.index(("type", "decimal")) + 1, ("operator", "between"))
            super()._xml_start_tag(tag, attributes)

        def _xml_empty_tag(self, tag: str, attributes: list[tuple[str, Any]] | None = None) -> None:
            attributes = list(attributes or [])
            if tag == "pageSetup" and self.fit_page and not any(k == "fitToWidth" for k, _ in attributes):
                attributes.append(("fitToWidth", self.fit_width))
            super()._xml_empty_tag(tag, attributes)

    return ExplicitWorksheet


def _sheet_name(taken: list[str], wanted: str) -> str:
    """A sheet name Excel accepts and no other sheet has (compared as Excel does, ignoring case):
    a name taken gets a number after it, as openpyxl named them (汇总 → 汇总1)."""
    name = wanted.strip("'") or "_"  # Excel refuses a name that starts or ends with an apostrophe
    lowered = {t.lower() for t in taken}
    if name.lower() not in lowered:
        return name
    n = 1
    while f"{name}{n}".lower() in lowered:
        n += 1
    return f"{name}{n}"


@record(frozen=True)
class WorkbookFigures:
    """What the workbook's summary sheet counts: each section's counts over the export's tasks
    (in the catalogue's order) and their total, and each reporting unit's progress with its 预警."""

    sections: list[tuple[str, report.Counts]]
    total: report.Counts
    units: list[report.UnitProgress]


def unit_workbook_figures(
    cat: Catalogue, states: dict[str, TaskState], as_of: dt.date, unit: str, warnings: Callable[[list[str]], dict[str, UnitWarning]]
) -> WorkbookFigures:
    """The summary sheet's figures for one unit's workbook: the counts of its tasks (for a
    reporting unit, its own statuses) and its own row of the units' table."""
    task_ids = [t.id for t in scope_tasks(cat, unit)]
    own, ids = counted(cat, states, unit, task_ids)
    units = report.unit_progress(cat, states, as_of, task_ids, warnings(task_ids))
    return WorkbookFigures(report.section_counts(cat, own, ids), report.count_states([own[t] for t in ids]), [u for u in units if u.unit == unit])


def export_xlsx(
    cat: Catalogue,
    as_of: dt.date,
    unit: str | None,
    L: Labels,
    figures: WorkbookFigures,
    *,
    rows: list[TaskRow] | None = None,
    states: dict[str, TaskState] | None = None,
    unit_sheets: bool = False,
) -> bytes:
    """The 工作台账 workbook: `figures` for its summary sheet; `rows` (task_rows) for the ledger
    of every task; `states` for a unit's fill-in sheets.

    Without a unit: a ledger sheet of every task, a summary sheet of counts, and with
    `unit_sheets` a fill-in sheet per reporting unit. With a reporting unit: its own fill-in
    sheet as the ledger, and the summary of its tasks. A hidden sheet records which unit each
    fill-in sheet belongs to and which task ids it holds, with each sheet's key and a digest of
    it all (`workbook_meta`), for `anquan import`.

    Written with XlsxWriter (about three times faster than openpyxl on 20,000 rows, in a third
    of the memory); `anquan import` reads it back with openpyxl.
    """
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    formats = _Formats(book)
    names: list[str] = []

    def add_sheet(wanted: str) -> Any:
        names.append(_sheet_name(names, wanted))
        return book.add_worksheet(names[-1], worksheet_class=_worksheet_class())

    ledger = add_sheet(L("sheet_ledger"))
    fill_sheets: list[tuple[str, str, list[str]]] = []
    scope = f"{cat.units[unit].name} " if unit else ""
    title = L("ledger_title", number=cat.notice.number, scope=scope, date=as_of.isoformat())
    if unit is not None:
        assert states is not None, "a unit's sheet shows its own states"
        ids = _unit_sheet(ledger, formats, cat, states, as_of, unit, L, title)
        fill_sheets.append((ledger.name, unit, ids))
    else:
        assert rows is not None, "the ledger shows every task's row"
        _catalogue_sheet(ledger, formats, rows, L, title)
    summary = add_sheet(L("sheet_summary"))
    _summary_sheet(summary, formats, cat, figures, L, title)
    if unit is None and unit_sheets:
        assert states is not None, "a unit's sheet shows its own states"
        for unit_id, u in cat.units.items():
            if u.kind not in REPORTING_KINDS:
                continue
            sheet = add_sheet(re.sub(r"[\[\]:*?/\\]", "_", one_line(u.name))[:31])  # Excel's limits on a sheet name
            unit_title = L("ledger_title", number=cat.notice.number, scope=f"{u.name} ", date=as_of.isoformat())
            fill_sheets.append((sheet.name, unit_id, _unit_sheet(sheet, formats, cat, states, as_of, unit_id, L, unit_title)))
    meta = add_sheet(META_SHEET)
    # with several notices, the number each alias in the ids stands for: a sheet survives a renamed alias
    aliases = {t.source.alias: t.source.number for t in cat.tasks.values()} if cat.qualifiers else {}
    for i, row in enumerate(workbook_meta(cat.notice.number, as_of, "unit" if unit is not None else "all", fill_sheets, aliases)):
        for j, value in enumerate(row):
            _put(meta, i, j, value)
    meta.very_hidden()
    stamp = dt.datetime.combine(as_of, dt.time())
    book.set_properties({"author": "anquan", "title": one_line(title), "created": stamp})  # also the time it was modified
    book.close()
    return buffer.getvalue()


def _put(ws: Any, row: int, col: int, value: Any, cell_format: Any = None) -> None:
    """One cell (0-based): text always as text, whatever it starts with; dates as dates."""
    if isinstance(value, str) and value:
        ws.write_string(row, col, _text(value), cell_format)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, value, cell_format)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(row, col, value, cell_format)
    elif cell_format is not None:  # nothing (None, ""): an empty cell, still in its row's look
        ws.write_blank(row, col, None, cell_format)


def _catalogue_sheet(ws: Any, formats: _Formats, task_rows: list[TaskRow], L: Labels, title: str) -> None:
    cols = [
        _Col("task", L("task")),
        _Col("section", L("section")),
        _Col("clause", L("clause")),
        _Col("title", L("title")),
        _Col("text", L("text"), "long"),
        _Col("units", L("units"), "long"),
        _Col("due", L("due"), "date"),
        _Col("deadlines", L("deadlines")),
        _Col("status", L("status")),
        _Col("mean", L("mean_percent"), "float"),
        _Col("tags", L("tags")),
    ]
    rows, overdue = [], []
    for cells, summary in task_rows:
        row = _csv_row(cells, summary, L)  # the csv's row, with the tags
        row["due"] = dt.date.fromisoformat(row["due"]) if row["due"] else None  # a date: the cell is one
        rows.append(row)
        overdue.append(summary[1])
    _table(ws, formats, title, cols, rows, overdue)


def _unit_sheet(ws: Any, formats: _Formats, cat: Catalogue, states: dict[str, TaskState], as_of: dt.date, unit: str, L: Labels, title: str) -> list[str]:
    """A unit's own rows: what it reported so far, and the yellow columns to fill in.

    Row 1 is the title and the instructions, row 2 the sheet's own 填报日期 (the export's as-of
    date, for the unit to change) which rows with an empty 填报日期 take, row 3 the header. A hidden
    column after the last holds the sheet's key (`SHEET_MARK`), which the hidden sheet lists."""
    cols = [
        _Col("task", L("task")),
        _Col("title", L("title")),
        _Col("due", L("due"), "date"),
        _Col("deadlines", L("deadlines")),
        _Col("task_status", L("task_status")),
        _Col("unit_status", L("unit_status")),
        _Col("last_percent", L("last_percent"), "int"),
        _Col("last_date", L("last_date"), "date"),
        _Col("last_note", L("last_note"), "long"),
        _Col("status", L("status"), fill=True),
        _Col("percent", L("percent"), "int", fill=True),
        _Col("note", L("note"), "long", fill=True),
        _Col("evidence", L("evidence"), "long", fill=True),
        _Col("as_of_date", L("as_of_date"), "date", fill=True),
    ]
    rows, overdue, ids = [], [], []
    for task in query.reported_tasks(cat, unit):  # the rows of its fill-in sheet
        s = states[task.id]
        us = s.units.get(unit) or UnitState()
        ids.append(task.id)
        rows.append(
            {
                "task": task.id,
                "title": task.task.title,
                "due": current_due(task, s, as_of),
                "deadlines": "；".join(occurrence_text(o, L) for o in task.occurrences),
                "task_status": status_word(s.status, s.overdue, L),
                "unit_status": L(us.status),
                "last_percent": us.percent if us.date else None,
                "last_date": us.date,
                "last_note": (f"{L('returned_reason')}：{us.returned}；" if us.returned else "") + (us.note or ""),
            }
        )
        overdue.append(s.overdue and us.status != "done")
    _table(ws, formats, title + "\n" + L("fill_hint"), cols, rows, overdue, header_row=FILL_HEADER_ROW)
    _stated_date(ws, formats, as_of, len(cols), L)
    _fill_validation(ws, cols, len(rows), L)
    _print_setup(ws, len(cols), len(rows))
    mark = len(cols)  # the column after the last, 0-based
    ws.write_string(0, mark, SHEET_MARK + sheet_key(cat.notice.number, as_of, unit, ids))
    ws.set_column_pixels(mark, mark, _pixels(13), None, {"hidden": True})
    return ids


def _summary_sheet(ws: Any, formats: _Formats, cat: Catalogue, figures: WorkbookFigures, L: Labels, title: str) -> None:
    count_cols = [
        _Col("tasks", L("tasks_n"), "int"),
        _Col("not_started", L("not_started"), "int"),
        _Col("in_progress", L("in_progress"), "int"),
        _Col("done", L("done"), "int"),
        _Col("verified", L("verified"), "int"),
        _Col("overdue", L("overdue"), "int"),
        _Col("closed_share", L("closed_share") + "%", "float"),
        _Col("percent", L("mean_percent"), "float"),
    ]
    bold = formats(bold=True)
    ws.write_string(0, 0, _text(title), formats(bold=True, font_size=12, valign="top"))
    ws.write_string(1, 0, L("sections_table"), bold)
    section_rows = []
    for section_id, c in figures.sections:
        section_rows.append({"section": report.section_label(section_id, cat.sections[section_id].heading), **c.record()})
    section_rows.append({"section": L("total"), **figures.total.record()})
    cols = [_Col("section", L("section")), *count_cols]
    widths = _write_rows(ws, formats, 3, cols, section_rows, [False] * len(section_rows))
    start = 3 + len(section_rows) + 2
    units = figures.units
    unit_cols = [
        _Col("rank", L("rank"), "int"),
        _Col("unit", L("unit")),
        _Col("tasks", L("tasks_n"), "int"),
        _Col("done", L("done"), "int"),
        _Col("in_progress", L("in_progress"), "int"),
        _Col("not_started", L("not_started"), "int"),
        _Col("overdue", L("overdue"), "int"),
        _Col("done_share", L("closed_share") + "%", "float"),
        _Col("percent", L("mean_percent"), "float"),
        _Col("card", L("card")),
    ]
    unit_rows = [
        {
            "rank": i,
            "unit": cat.units[u.unit].name,
            **u.record(),
            "card": L(f"card_{u.card}") if u.card else "",
        }
        for i, u in enumerate(units, 1)
    ]
    if unit_rows:
        ws.write_string(start - 2, 0, L("units_table"), bold)
        more = _write_rows(ws, formats, start, unit_cols, unit_rows, [u.card == "red" for u in units])
        widths = [max(a, b) for a, b in zip_longest(widths, more, fillvalue=0)]
    _set_widths(ws, widths)


def _text(value: str) -> str:
    """Text for a spreadsheet cell: controls made visible, a formula start neutralised."""
    return neutralise_formula(safe_text(value))


def _table(ws: Any, formats: _Formats, title: str, cols: list[_Col], rows: list[dict[str, Any]], overdue: list[bool], *, header_row: int = 2) -> None:
    """A title row, a header row frozen with the task id column, then the rows. Rows are
    counted from 1 here, as Excel shows them; XlsxWriter counts from 0."""
    ws.merge_range(0, 0, 0, len(cols) - 1, _text(title), formats(bold=True, font_size=12, text_wrap=True, valign="top"))
    ws.set_row(0, 20 * (title.count("\n") + 1) + (20 if "\n" in title else 0))
    widths = _write_rows(ws, formats, header_row, cols, rows, overdue)
    _set_widths(ws, widths)
    ws.freeze_panes(header_row, 1)
    if rows:
        ws.autofilter(header_row - 1, 0, header_row - 1 + len(rows), len(cols) - 1)


def _write_rows(ws: Any, formats: _Formats, header_row: int, cols: list[_Col], rows: list[dict[str, Any]], highlight: list[bool]) -> list[int]:
    """The header at `header_row` (from 1), the rows below it; returns each column's width."""
    widths = []
    at = header_row - 1
    for j, col in enumerate(cols):
        shade = formats.fill(_FILL_FILL if col.fill else _HEADER_FILL)
        look = formats(bold=True, text_wrap=True, valign="vcenter", align="center", **formats.border(), **shade)
        ws.write_string(at, j, col.label, look)
        widths.append(display_width(col.label))
    caps = [_WIDTH_CAP[c.kind] for c in cols]
    plain = [formats(text_wrap=True, valign="top", **formats.border(), **_number_format(c)) for c in cols]
    shaded = [formats(text_wrap=True, valign="top", **formats.border(), **_number_format(c), **formats.fill(_FILL_FILL)) if c.fill else None for c in cols]
    hot = [formats(text_wrap=True, valign="top", **formats.border(), **_number_format(c), **formats.fill(_OVERDUE_FILL)) for c in cols]
    keys = [c.key for c in cols]
    looks = [shade or look for shade, look in zip(shaded, plain, strict=True)]
    write_string = ws.write_string
    for i, (row, overdue) in enumerate(zip(rows, highlight, strict=True), at + 1):
        row_looks = hot if overdue else looks
        for j, key in enumerate(keys):
            value = row.get(key)
            if isinstance(value, str) and value:
                text = _text(value)
                write_string(i, j, text, row_looks[j])
                if widths[j] < caps[j]:  # past the cap, no need to measure
                    widths[j] = max(widths[j], _cell_width(text))
            else:
                _put(ws, i, j, value, row_looks[j])
    for j, col in enumerate(cols):
        if col.kind == "date" and rows:
            widths[j] = max(widths[j], 10)
    # Room to type in the columns a unit fills in, however empty they are now.
    return [max(min(w, _WIDTH_CAP[c.kind]), _FILL_WIDTH[c.kind] if c.fill else 0) for w, c in zip(widths, cols, strict=True)]


def _cell_width(text: str) -> int:
    """The width of a cell's widest line."""
    return max(map(display_width, text.split("\n"))) if "\n" in text else display_width(text)


def _number_format(col: _Col) -> dict[str, str]:
    found = _NUMBER_FORMATS.get(col.kind)
    return {"num_format": found} if found else {}


def _pixels(width: int) -> int:
    """A column width in XlsxWriter's pixels that it stores as exactly `width` characters: it
    counts 7 pixels a character (Calibri 11's digit) and adds 5 of padding to a width given in
    characters, so a width given in pixels is the one stored as it was meant."""
    return width * 7


def _set_widths(ws: Any, widths: list[int]) -> None:
    for j, w in enumerate(widths):
        ws.set_column_pixels(j, j, _pixels(max(w, 6) + 2))


def _fill_validation(ws: Any, cols: list[_Col], n_rows: int, L: Labels) -> None:
    """Checks on the columns to fill in that accept all that `anquan import` accepts.

    Status: a drop-down of the three words, as a warning only (the importer also takes the English
    words). Percent: any number from 0 to 100 (a typed 45.5 is rounded on import, a typed 50%
    is Excel's 0.5 shown as 50%). Dates: no check Excel can express allows 6月底, 下月底 or
    2025.6.28 as well as real dates, so only a prompt listing the forms; the importer names each
    cell it cannot read."""
    if not n_rows:
        return
    where = {c.key: j for j, c in enumerate(cols)}
    first, last = FILL_HEADER_ROW, FILL_HEADER_ROW + n_rows - 1  # from 0
    checks: list[tuple[str, dict[str, Any]]] = [
        ("status", {"validate": "list", "source": [L(s) for s in ("not_started", "in_progress", "done")], "error_type": "warning"}),
        ("percent", {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100}),
        ("as_of_date", {"validate": "any", "show_error": False}),
    ]
    for key, check in checks:
        prompt = {"input_title": L(key)[:32], "input_message": L(f"prompt_{key}")[:255], "ignore_blank": True, "show_input": True}
        ws.data_validation(first, where[key], last, where[key], {**check, **prompt})
    stated = {"input_title": L("stated_date")[:32], "input_message": L("prompt_as_of_date")[:255]}
    ws.data_validation(STATED_DATE_CELL, {"validate": "any", "show_error": False, "ignore_blank": True, "show_input": True, **stated})


def _stated_date(ws: Any, formats: _Formats, as_of: dt.date, n_cols: int, L: Labels) -> None:
    """Row 2: the sheet's 填报日期, which rows with an empty 填报日期 take."""
    at = FILL_HEADER_ROW - 2  # from 0
    ws.write_string(at, 0, L("stated_date"), formats(bold=True))
    ws.write_datetime(STATED_DATE_CELL, as_of, formats(bold=True, num_format="yyyy-mm-dd", **formats.fill(_FILL_FILL)))
    ws.merge_range(at, 2, at, n_cols - 1, L("stated_date_hint"), formats(valign="vcenter"))


def _print_setup(ws: Any, n_cols: int, n_rows: int) -> None:
    """A4 landscape, one page wide, the header row on every page; the title and instructions
    print on the first page; the hidden key column is outside the print area."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # as many pages down as the rows need
    ws.repeat_rows(FILL_HEADER_ROW - 1)
    ws.print_area(0, 0, FILL_HEADER_ROW - 1 + max(n_rows, 1), n_cols - 1)


def sheet_key(notice: str, as_of: dt.date, unit: str, task_ids: list[str] | tuple[str, ...]) -> str:
    """A fill-in sheet's key: a hash of what it is for, so that a hidden sheet edited to name
    another unit (or other tasks) no longer matches the key the sheet itself carries."""
    text = "\x1f".join([notice, as_of.isoformat(), unit, ",".join(task_ids)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def meta_digest(rows: list[list[Any]]) -> str:
    """The hash of the hidden sheet's rows (all but the digest row), as text."""
    text = "\x1e".join("\x1f".join(str(v) for v in row) for row in rows)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def workbook_meta(
    notice: str, as_of: dt.date, scope: str, fill_sheets: list[tuple[str, str, list[str]]], aliases: dict[str, str] | None = None
) -> list[list[Any]]:
    """The hidden sheet's rows: format, notice, as-of date, scope (one unit, or all), with several
    notices the number each alias in the ids stands for (so that a sheet still imports after an
    alias is renamed), one row per fill-in sheet (key, title as exported, unit, task ids), and
    the digest of them all."""
    rows: list[list[Any]] = [[META_MAGIC, META_VERSION], ["notice", notice], ["as_of", as_of.isoformat()], ["scope", scope]]
    if aliases:
        rows.append(["aliases", *(f"{alias}={number}" for alias, number in aliases.items())])
    for title, unit, ids in fill_sheets:
        rows.append(["sheet", sheet_key(notice, as_of, unit, ids), title, unit, ",".join(ids)])
    return [*rows, ["digest", meta_digest(rows)]]
