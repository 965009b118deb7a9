"""The 任务分解表: the 分工方案 as a workbook the county fills in, and back as assignments.yaml.

`export_breakdown` writes one row per task (序号, 任务编号, 任务, 原文, 牵头单位, 责任单位,
配合单位, 完成时限) with the parts as they stand; `read_breakdown` reads a filled-in copy back
into 分工方案 rows, checked against the notice by the same rules as assignments.yaml, each
problem located as `file:sheet!R<row>C<col>`; `plan_text` writes the result as assignments.yaml.
Nothing is written unless every row is valid.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import field
from typing import Any

from . import models
from .assignments import PARTS, check_plan
from .catalogue import Catalogue, CatalogueTask
from .errors import Problem, UsageError
from .labels import Labels, message
from .notices import plain_id
from .records import record
from .units import UnitIndex
from .workbooks import Book, Sheet

MAGIC = "anquan-breakdown"
META_SHEET = "_anquan"
COLUMNS = ("seq", "task", "title", "text", "lead", "responsible", "assisting", "deadlines")
_SPLIT = re.compile(r"[、，,；;\s]+")
_MARKS = re.compile(r"（[^）]*）|\([^)]*\)|[※◇]")


def _part_names(cat: Catalogue, task: CatalogueTask, part: str) -> str:
    """The units of one part, as the notice and the plan name them: a collective by its own name
    (its members all take the part), a group still to be divided marked 待分工."""
    names = []
    for a in task.assignments:
        unit = cat.units[a.unit]
        if a.part == part and not (a.via is not None and cat.units.get(a.via) is not None and cat.units[a.via].kind == "collective"):
            names.append(unit.name)
        elif part == "responsible" and a.part == "pending":
            names.append(f"{unit.name}（待分工）")
    return "、".join(names)


def export_breakdown(cat: Catalogue, L: Labels) -> bytes:
    """The 任务分解表 of every task, for the county to divide the groups' tasks."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from .views import occurrence_text

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = L("breakdown_sheet")
    ws.append([L("breakdown_title", number=cat.notice.number)])
    ws.append([L("breakdown_hint")])
    ws.append([L("breakdown_title_col" if key == "title" else "breakdown_" + key) for key in COLUMNS])
    for i, task in enumerate(cat.tasks.values(), 1):
        ws.append(
            [
                i,
                task.id,
                task.task.title,
                task.task.text,
                _part_names(cat, task, "lead"),
                _part_names(cat, task, "responsible"),
                _part_names(cat, task, "assisting"),
                "；".join(occurrence_text(o, L) for o in task.occurrences),
            ]
        )
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.number_format = "@"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGH", (6, 10, 28, 60, 18, 30, 24, 24), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A4"
    meta = wb.create_sheet(META_SHEET)
    meta.append([MAGIC, 1])
    meta.append(["notice", cat.notice.number])
    meta.sheet_state = "veryHidden"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _meta(book: Book) -> Sheet | None:
    return next((s for s in book.sheets if s.title == META_SHEET), None)


def is_breakdown(book: Book) -> bool:
    meta = _meta(book)
    return meta is not None and meta.cell(1, 1).value == MAGIC


@record
class BreakdownImport:
    """What a filled-in 任务分解表 says: the plan rows, and where each came from."""

    name: str
    sheet: str
    entries: list[models.PlanEntry] = field(default_factory=list)
    cells: list[dict[str, tuple[int, int]]] = field(default_factory=list)  # per entry: part → (row, column)
    problems: list[Problem] = field(default_factory=list)


class _SheetPlaces:
    """Locates a 分工方案 problem in the sheet, as a YAML document locates it in the file."""

    def __init__(self, result: BreakdownImport) -> None:
        self.result = result

    def problem(self, path: Any, text: str) -> Problem:
        parts = tuple(path)
        cells = self.result.cells[parts[1]] if len(parts) > 1 and isinstance(parts[1], int) else {}
        row, column = cells.get(str(parts[2]) if len(parts) > 2 else "task", cells.get("task", (0, 0)))
        return Problem(f"{self.result.name}:{self.result.sheet}!R{row}C{column}", 0, 0, "", text)


def workbook_number(book: Book) -> str | None:
    """The number of the notice a 任务分解表 was made for, as its metadata sheet says."""
    meta = _meta(book)
    value = meta.cell(2, 2).value if meta is not None else None
    return None if value is None else str(value)


def read_breakdown(book: Book, name: str, cat: Catalogue) -> BreakdownImport:
    """The filled-in rows of a 任务分解表 (.xlsx or .xls) as 分工方案 entries, one per task whose
    parts differ from the notice's, checked against the notice."""
    meta = _meta(book)
    if meta is None or meta.cell(2, 2).value != cat.notice.number:
        raise UsageError(message("breakdown_other_notice", name=name, number=cat.notice.number))
    ws = next(s for s in book.sheets if s.title != META_SHEET)
    result = BreakdownImport(name, ws.title)
    index = UnitIndex(cat.units.values())
    header = _header_row(ws, name)
    columns = {key: i + 1 for i, key in enumerate(COLUMNS)}
    for row in range(header + 1, ws.max_row + 1):
        task_id = _text(ws.cell(row, columns["task"]).value)
        if not task_id:
            continue
        task = cat.tasks.get(task_id)
        if task is None:
            result.problems.append(Problem(f"{name}:{ws.title}!R{row}C{columns['task']}", 0, 0, "", message("plan_unknown_task", task=task_id)))
            continue
        parts: dict[str, list[str]] = {}
        cells = {"task": (row, columns["task"])}
        for part in PARTS:
            cells[part] = (row, columns[part])
            parts[part] = _units(index, cat, _text(ws.cell(row, columns[part]).value), f"{name}:{ws.title}!R{row}C{columns[part]}", result)
        if _differs(task, parts):
            result.entries.append(models.PlanEntry(task=task_id, lead=parts["lead"], responsible=parts["responsible"], assisting=parts["assisting"]))
            result.cells.append(cells)
    if not result.problems:
        notice = {t.id: (t.clause.id, t.assignments) for t in cat.tasks.values()}
        plan = models.AssignmentsFile(title=name, tasks=result.entries)
        result.problems += check_plan(_SheetPlaces(result), plan, notice, cat.units)  # type: ignore[arg-type]
    return result


def _header_row(ws: Sheet, name: str) -> int:
    for row in range(1, min(ws.max_row, 10) + 1):
        if _text(ws.cell(row, 2).value) in (Labels("zh")("breakdown_task"), Labels("en")("breakdown_task")):
            return int(row)
    raise UsageError(message("breakdown_no_header", name=name))


def _units(index: UnitIndex, cat: Catalogue, text: str, where: str, result: BreakdownImport) -> list[str]:
    """The units a cell names; collectives and groups (the notice's own wording) are skipped:
    a collective's members keep their part, a group stays 待分工 unless its members are named."""
    found = []
    for name in _SPLIT.split(_MARKS.sub("", text)):
        if not name:
            continue
        try:
            unit = index.resolve(name)
        except UsageError as exc:
            result.problems.append(Problem(where, 0, 0, "", str(exc)))
            continue
        if cat.units[unit].kind not in ("group", "collective"):
            found.append(unit)
    return found


def _differs(task: CatalogueTask, parts: dict[str, list[str]]) -> bool:
    """Whether the row says more than the notice: a lead, an assisting unit, or a responsible
    unit the notice does not name itself (a group's member)."""
    named = {a.unit for a in task.assignments if a.part == "responsible" and not a.planned}
    return bool(parts["lead"] or parts["assisting"] or set(parts["responsible"]) - named)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def plan_text(entries: list[models.PlanEntry], title: str) -> str:
    """assignments.yaml for the entries, with the header that says it is local data."""
    lines = [
        "# yaml-language-server: $schema=schema/assignments.schema.json",
        "# 分工方案（任务分解表）：本地配置，由县安委办确定，不是通知原文。由 anquan import 从任务分解表写入。",
        "# 每行：task（任务编号）、lead（牵头单位）、responsible（责任单位）、assisting（配合单位）；单位 id 见 departments.yaml。",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        "tasks:" if entries else "tasks: []",
    ]
    for e in entries:
        task = plain_id(e.task or "")  # as its notice numbers it
        fields = [f'task: "{task}"'] + [f"{part}: [{', '.join(getattr(e, part))}]" for part in PARTS if getattr(e, part)]
        lines.append("  - {" + ", ".join(fields) + "}")
    return "\n".join(lines) + "\n"
