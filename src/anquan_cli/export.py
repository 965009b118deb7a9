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
import hashlib
import io
import re
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from itertools import zip_longest
from typing import TYPE_CHECKING, Any

from . import query, report
from .catalogue import REPORTING_KINDS, Catalogue, CatalogueTask, Occurrence
from .labels import Labels
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


def status_word(state: TaskState, L: Labels) -> str:
    return L("overdue") if state.overdue else L(state.status)


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
    columns = [
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
        due = current_due(task, s, as_of)
        row: dict[str, Any] = {
            "task": task.id,
            "section": report.section_label(task.section.id, task.section.heading),
            "clause": f"{task.clause.id} {task.clause.heading}",
            "title": task.task.title,
            "text": task.task.text,
            "units": units_cell(cat, task, L),
            "due": due.isoformat() if due else "",
            "deadlines": "；".join(occurrence_text(o, L) for o in task.occurrences),
            "status": status_word(s, L),
            "mean": round(s.percent, 1),
        }
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
    plain = task.task.id.rpartition(":")[2]
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


@dataclass(frozen=True)
class _Col:
    key: str
    label: str
    kind: str = "text"  # text | long | date | int | float
    fill: bool = False  # a column the unit fills in


_HEADER_FILL = "D9E1F2"
_FILL_FILL = "FFF2CC"  # the columns a unit fills in
_OVERDUE_FILL = "FFC7CE"  # overdue rows
_WIDTH_CAP = {"text": 40, "long": 60, "date": 12, "int": 10, "float": 10}
_FILL_WIDTH = {"text": 8, "long": 30, "date": 12, "int": 10, "float": 10}


def export_xlsx(
    cat: Catalogue,
    states: dict[str, TaskState],
    as_of: dt.date,
    unit: str | None,
    L: Labels,
    *,
    unit_sheets: bool = False,
    warnings: Callable[[list[str]], dict[str, UnitWarning]] | None = None,
) -> bytes:
    """The 工作台账 workbook (`warnings`: the units' 预警 over some tasks, for the summary sheet).

    Without a unit: a ledger sheet of every task, a summary sheet of counts, and with
    `unit_sheets` a fill-in sheet per reporting unit. With a reporting unit: its own fill-in
    sheet as the ledger, and the summary of its tasks. A hidden sheet records which unit each
    fill-in sheet belongs to and which task ids it holds, with each sheet's key and a digest of
    it all (`workbook_meta`), for `anquan import`.
    """
    from openpyxl import Workbook

    wb = Workbook()
    ledger = wb.active
    assert ledger is not None
    ledger.title = L("sheet_ledger")
    fill_sheets: list[tuple[str, str, list[str]]] = []
    scope = f"{cat.units[unit].name} " if unit else ""
    title = L("ledger_title", number=cat.notice.number, scope=scope, date=as_of.isoformat())
    if unit is not None:
        ids = _unit_sheet(ledger, cat, states, as_of, unit, L, title)
        fill_sheets.append((ledger.title, unit, ids))
        task_ids = [t.id for t in scope_tasks(cat, unit)]
    else:
        _catalogue_sheet(ledger, cat, states, as_of, L, title)
        task_ids = list(cat.tasks)
    summary = wb.create_sheet(L("sheet_summary"))
    _summary_sheet(summary, cat, states, as_of, unit, task_ids, L, title, warnings(task_ids) if warnings else None)
    if unit is None and unit_sheets:
        for unit_id, u in cat.units.items():
            if u.kind not in REPORTING_KINDS:
                continue
            sheet = wb.create_sheet(re.sub(r"[\[\]:*?/\\]", "_", one_line(u.name))[:31])  # Excel's limits on a sheet name
            unit_title = L("ledger_title", number=cat.notice.number, scope=f"{u.name} ", date=as_of.isoformat())
            fill_sheets.append((sheet.title, unit_id, _unit_sheet(sheet, cat, states, as_of, unit_id, L, unit_title)))
    meta = wb.create_sheet(META_SHEET)
    for row in workbook_meta(cat.notice.number, as_of, "unit" if unit is not None else "all", fill_sheets):
        meta.append(row)
    meta.sheet_state = "veryHidden"
    wb.properties.creator = "anquan"
    wb.properties.title = one_line(title)
    stamp = dt.datetime.combine(as_of, dt.time())
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _catalogue_sheet(ws: Any, cat: Catalogue, states: dict[str, TaskState], as_of: dt.date, L: Labels, title: str) -> None:
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
    for task in cat.tasks.values():
        s = states[task.id]
        rows.append(
            {
                "task": task.id,
                "section": report.section_label(task.section.id, task.section.heading),
                "clause": f"{task.clause.id} {task.clause.heading}",
                "title": task.task.title,
                "text": task.task.text,
                "units": units_cell(cat, task, L),
                "due": current_due(task, s, as_of),
                "deadlines": "；".join(occurrence_text(o, L) for o in task.occurrences),
                "status": status_word(s, L),
                "mean": round(s.percent, 1),
                "tags": "、".join(task.task.tags),
            }
        )
        overdue.append(s.overdue)
    _table(ws, title, cols, rows, overdue)


def _unit_sheet(ws: Any, cat: Catalogue, states: dict[str, TaskState], as_of: dt.date, unit: str, L: Labels, title: str) -> list[str]:
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
                "task_status": status_word(s, L),
                "unit_status": L(us.status),
                "last_percent": us.percent if us.date else None,
                "last_date": us.date,
                "last_note": (f"{L('returned_reason')}：{us.returned}；" if us.returned else "") + (us.note or ""),
            }
        )
        overdue.append(s.overdue and us.status != "done")
    _table(ws, title + "\n" + L("fill_hint"), cols, rows, overdue, header_row=FILL_HEADER_ROW)
    _stated_date(ws, as_of, len(cols), L)
    _fill_validation(ws, cols, len(rows), L)
    _print_setup(ws, len(cols), len(rows))
    mark = ws.cell(1, len(cols) + 1, SHEET_MARK + sheet_key(cat.notice.number, as_of, unit, ids))
    ws.column_dimensions[mark.column_letter].hidden = True
    return ids


def _summary_sheet(
    ws: Any,
    cat: Catalogue,
    states: dict[str, TaskState],
    as_of: dt.date,
    unit: str | None,
    task_ids: list[str],
    L: Labels,
    title: str,
    unit_warnings: dict[str, UnitWarning] | None,
) -> None:
    from openpyxl.styles import Alignment, Font

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
    ws.cell(1, 1, _text(title)).font = Font(bold=True, size=12)
    ws.cell(2, 1, L("sections_table")).font = Font(bold=True)
    section_rows = []
    own, ids = counted(cat, states, unit, task_ids)
    for section_id, c in report.section_counts(cat, own, ids):
        section_rows.append({"section": report.section_label(section_id, cat.sections[section_id].heading), **c.record()})
    section_rows.append({"section": L("total"), **report.count_states([own[t] for t in ids]).record()})
    cols = [_Col("section", L("section")), *count_cols]
    widths = _write_rows(ws, 3, cols, section_rows, [False] * len(section_rows))
    start = 3 + len(section_rows) + 2
    units = report.unit_progress(cat, states, as_of, task_ids, unit_warnings)
    if unit is not None:
        units = [u for u in units if u.unit == unit]
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
        ws.cell(start - 1, 1, L("units_table")).font = Font(bold=True)
        more = _write_rows(ws, start, unit_cols, unit_rows, [u.card == "red" for u in units])
        widths = [max(a, b) for a, b in zip_longest(widths, more, fillvalue=0)]
    _set_widths(ws, widths)
    ws.cell(1, 1).alignment = Alignment(vertical="top")


def _text(value: str) -> str:
    """Text for a spreadsheet cell: controls made visible, a formula start neutralised."""
    return neutralise_formula(safe_text(value))


def _table(ws: Any, title: str, cols: list[_Col], rows: list[dict[str, Any]], overdue: list[bool], *, header_row: int = 2) -> None:
    """A title row, a header row frozen with the task id column, then the rows."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.cell(1, 1, _text(title)).font = Font(bold=True, size=12)
    ws.cell(1, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(cols))
    ws.row_dimensions[1].height = 20 * (title.count("\n") + 1) + (20 if "\n" in title else 0)
    widths = _write_rows(ws, header_row, cols, rows, overdue)
    _set_widths(ws, widths)
    ws.freeze_panes = f"B{header_row + 1}"
    if rows:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(cols))}{len(rows) + header_row}"


def _write_rows(ws: Any, header_row: int, cols: list[_Col], rows: list[dict[str, Any]], highlight: list[bool]) -> list[int]:
    """The header at `header_row`, the rows below it; returns each column's width."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    header_fill = PatternFill(fill_type="solid", start_color=_HEADER_FILL, end_color=_HEADER_FILL)
    fill_fill = PatternFill(fill_type="solid", start_color=_FILL_FILL, end_color=_FILL_FILL)
    overdue_fill = PatternFill(fill_type="solid", start_color=_OVERDUE_FILL, end_color=_OVERDUE_FILL)
    widths = []
    for j, col in enumerate(cols, 1):
        cell = ws.cell(header_row, j, col.label)
        cell.font = Font(bold=True)
        cell.fill = fill_fill if col.fill else header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = border
        widths.append(display_width(col.label))
    # Setting a style object per cell is slow in openpyxl (it looks each one up again), so each
    # combination is built once and its style indexes copied to the other cells.
    styles: dict[tuple[str, str], Any] = {}
    for i, (row, hot) in enumerate(zip(rows, highlight, strict=True), header_row + 1):
        for j, col in enumerate(cols, 1):
            value = row.get(col.key)
            cell = ws.cell(i, j)
            if isinstance(value, str):
                cell.value = _text(value)
                cell.data_type = "s"  # text, whatever it starts with
                widths[j - 1] = max(widths[j - 1], max((display_width(part) for part in cell.value.split("\n")), default=0))
            elif value is not None:
                cell.value = value
            if col.kind == "date":
                widths[j - 1] = max(widths[j - 1], 10)
            number_format = {"date": "yyyy-mm-dd", "float": "0.0"}.get(col.kind, "General")
            shade = "overdue" if hot else "fill" if col.fill else ""
            key = (number_format, shade)
            if key in styles:
                cell._style = copy(styles[key])
                continue
            cell.number_format = number_format
            cell.alignment = wrap
            cell.border = border
            if shade:
                cell.fill = overdue_fill if hot else fill_fill
            styles[key] = copy(cell._style)
    # Room to type in the columns a unit fills in, however empty they are now.
    return [max(min(w, _WIDTH_CAP[c.kind]), _FILL_WIDTH[c.kind] if c.fill else 0) for w, c in zip(widths, cols, strict=True)]


def _set_widths(ws: Any, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for j, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = max(w, 6) + 2


def _fill_validation(ws: Any, cols: list[_Col], n_rows: int, L: Labels) -> None:
    """Checks on the columns to fill in that accept all that `anquan import` accepts.

    Status: a drop-down of the three words, as a warning only (the importer also takes the English
    words). Percent: any number from 0 to 100 (a typed 45.5 is rounded on import, a typed 50%
    is Excel's 0.5 shown as 50%). Dates: no check Excel can express allows 6月底, 下月底 or
    2025.6.28 as well as real dates, so only a prompt listing the forms; the importer names each
    cell it cannot read."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    if not n_rows:
        return
    where = {c.key: get_column_letter(j) for j, c in enumerate(cols, 1)}
    first, last = FILL_HEADER_ROW + 1, FILL_HEADER_ROW + n_rows
    words = ",".join(L(s) for s in ("not_started", "in_progress", "done"))
    checks = [
        ("status", DataValidation(type="list", formula1=f'"{words}"', allow_blank=True, errorStyle="warning")),
        ("percent", DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)),
        ("as_of_date", DataValidation(allow_blank=True)),
    ]
    for key, dv in checks:
        dv.showErrorMessage = dv.type is not None
        dv.showInputMessage = True
        dv.promptTitle = L(key)[:32]
        dv.prompt = L(f"prompt_{key}")[:255]
        ws.add_data_validation(dv)
        dv.add(f"{where[key]}{first}:{where[key]}{last}")
    stated = DataValidation(allow_blank=True, showInputMessage=True, promptTitle=L("stated_date")[:32], prompt=L("prompt_as_of_date")[:255])
    ws.add_data_validation(stated)
    stated.add(STATED_DATE_CELL)


def _stated_date(ws: Any, as_of: dt.date, n_cols: int, L: Labels) -> None:
    """Row 2: the sheet's 填报日期, which rows with an empty 填报日期 take."""
    from openpyxl.styles import Alignment, Font, PatternFill

    fill = PatternFill(fill_type="solid", start_color=_FILL_FILL, end_color=_FILL_FILL)
    label = ws.cell(FILL_HEADER_ROW - 1, 1, L("stated_date"))
    label.font = Font(bold=True)
    cell = ws[STATED_DATE_CELL]
    cell.value = as_of
    cell.number_format = "yyyy-mm-dd"
    cell.fill = fill
    cell.font = Font(bold=True)
    hint = ws.cell(FILL_HEADER_ROW - 1, 3, L("stated_date_hint"))
    hint.alignment = Alignment(vertical="center")
    ws.merge_cells(start_row=FILL_HEADER_ROW - 1, start_column=3, end_row=FILL_HEADER_ROW - 1, end_column=n_cols)


def _print_setup(ws: Any, n_cols: int, n_rows: int) -> None:
    """A4 landscape, one page wide, the header row on every page; the title and instructions
    print on the first page; the hidden key column is outside the print area."""
    from openpyxl.utils import get_column_letter

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{FILL_HEADER_ROW}:{FILL_HEADER_ROW}"
    ws.print_area = f"A1:{get_column_letter(n_cols)}{FILL_HEADER_ROW + max(n_rows, 1)}"
    ws.print_options.gridLines = False


def sheet_key(notice: str, as_of: dt.date, unit: str, task_ids: list[str] | tuple[str, ...]) -> str:
    """A fill-in sheet's key: a hash of what it is for, so that a hidden sheet edited to name
    another unit (or other tasks) no longer matches the key the sheet itself carries."""
    text = "\x1f".join([notice, as_of.isoformat(), unit, ",".join(task_ids)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def meta_digest(rows: list[list[Any]]) -> str:
    """The hash of the hidden sheet's rows (all but the digest row), as text."""
    text = "\x1e".join("\x1f".join(str(v) for v in row) for row in rows)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def workbook_meta(notice: str, as_of: dt.date, scope: str, fill_sheets: list[tuple[str, str, list[str]]]) -> list[list[Any]]:
    """The hidden sheet's rows: format, notice, as-of date, scope (one unit, or all), one row per
    fill-in sheet (key, title as exported, unit, task ids), and the digest of them all."""
    rows: list[list[Any]] = [[META_MAGIC, META_VERSION], ["notice", notice], ["as_of", as_of.isoformat()], ["scope", scope]]
    for title, unit, ids in fill_sheets:
        rows.append(["sheet", sheet_key(notice, as_of, unit, ids), title, unit, ",".join(ids)])
    return [*rows, ["digest", meta_digest(rows)]]
