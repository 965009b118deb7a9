"""Catalogue answers turned into listings and text for people (labels applied here)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from typing import Any

from .assignments import Assignment
from .catalogue import Catalogue, CatalogueTask, Occurrence
from .labels import Labels
from .models import ProgressEntry, Rule
from .notice import chinese_numeral
from .notices import notice_holding, plain_id, split_id
from .progress import STATUS_WORD
from .query import (
    DueItem,
    Duty,
    UnitCounts,
    due_state,
    in_window,
    named_units,
    occurrence_record,
    task_order,
    task_record,
    unit_ref,
    via_chain,
)
from .records import record
from .render import Column, Listing, local_minutes
from .report import Counts, UnitProgress, section_label
from .status import OccurrenceStatuses, TaskState, UnitState

RULE_MARK = "※"
PLAN_MARK = "◇"  # a part set by the 分工方案: local data


def _rule_note(cat: Catalogue, L: Labels) -> str:
    rules = "；".join(rule_text(r, L) for r in cat.rules.values())
    return f"{RULE_MARK} {rules}"


def rule_text(rule: Rule, L: Labels) -> str:
    """据“…”（第1.1条）: the rule and the clause that states it (of which notice, where there are several)."""
    notice, clause = split_id(rule.stated_in)
    return L("via_rule_of", quote=rule.quote, clause=clause, notice=notice) if notice else L("via_rule", quote=rule.quote, clause=clause)


def units_cell(cat: Catalogue, task: CatalogueTask, L: Labels | None = None) -> str:
    """The clause's units in one line: a unit the 乡镇 rule adds is marked ※, a group still to
    be divided says 待分工, and a part the 分工方案 sets is named and marked ◇ (local data)."""
    L = L or Labels()
    parts = []
    for a in named_units(task):
        name = cat.units[a.unit].name
        if a.part == "pending":
            name += f"（{L('part_pending')}）"
        elif a.planned and a.part in ("lead", "responsible", "assisting"):
            name += f"（{L('part_' + a.part)}）{PLAN_MARK}"
        parts.append(name + RULE_MARK if a.via in cat.rules else name)
    members = [a for a in task.assignments if a.planned and a.via is not None and cat.units[a.via].kind == "group"]
    parts += [f"{cat.units[a.unit].name}（{L('part_' + a.part)}）{PLAN_MARK}" for a in members]
    return "、".join(parts)


def _plan_notes(cat: Catalogue, L: Labels) -> list[str]:
    """Under a progress table: that the units counted follow the 分工方案 (local data)."""
    return [plan_note(cat, L)] if cat.plan is not None else []


def plan_note(cat: Catalogue, L: Labels) -> str:
    """Where the parts marked ◇ come from: the 分工方案, local data (and an example, if it says so)."""
    title = cat.plan.title if cat.plan is not None else ""
    example = f"（{L('example')}）" if cat.plan is not None and cat.plan.example else ""
    return f"{PLAN_MARK} {L('plan_note', title=title)}{example}"


def _notes(cat: Catalogue, tasks: list[CatalogueTask], L: Labels) -> list[str]:
    return _notes_for(cat, _uses_rule(cat, tasks), any(a.planned for t in tasks for a in t.assignments), L)


def _notes_for(cat: Catalogue, rule: bool, planned: bool, L: Labels) -> list[str]:
    """Under a listing: what ※ means (a unit some task of it has by a rule), and ◇ (a part from the 分工方案)."""
    return ([_rule_note(cat, L)] if rule else []) + ([plan_note(cat, L)] if planned else [])


def period_text(o: Occurrence, L: Labels) -> str:
    """上半年, Q3, 2025; a period of a notice over several years with its year: 2026年上半年."""
    year, code = (o.period[:4], o.period[4:]) if len(o.period) > 4 and o.period[:4].isdigit() else ("", o.period)
    if code in ("H1", "H2"):
        word = L(f"period_{code}")
    elif code[:1] == "Q" and code[1:].isdigit():
        word = L("period_quarter", n=chinese_numeral(int(code[1:])) if L.index == 0 else code[1:])
    elif code[:1] == "M" and code[1:].isdigit():
        word = L("period_month", n=int(code[1:]))
    else:
        word = code  # a year (每年: 2025)
    return L("period_of_year", year=year, period=word) if year else word


def occurrence_text(o: Occurrence, L: Labels) -> str:
    period = period_text(o, L)
    return f"{o.date.isoformat()}（{o.phrase}{'·' + period if period else ''}）"


def via_text(cat: Catalogue, task: CatalogueTask, a: Assignment, L: Labels) -> str:
    steps = []
    for via in via_chain(task, a):
        if via in cat.rules:
            rule = cat.rules[via]
            steps.append(rule_text(rule, L))
        else:
            steps.append(L("via_group", group=cat.units[via].name))
    return "；".join(steps) if steps else L("via_direct")


def _uses_rule(cat: Catalogue, tasks: list[CatalogueTask]) -> bool:
    return any(a.via in cat.rules for t in tasks for a in t.assignments)


def task_listing(cat: Catalogue, tasks: list[CatalogueTask], L: Labels) -> Listing:
    columns = [
        Column("task", L("task")),
        Column("title", L("title"), max_width=30),
        Column("units", L("units"), max_width=40),
        Column("deadlines", L("deadlines"), max_width=34),
        Column("tags", L("tags"), max_width=24),
    ]
    rows = [
        {
            "task": t.id,
            "title": t.task.title,
            "units": units_cell(cat, t, L),
            "deadlines": "；".join(occurrence_text(o, L) for o in t.occurrences),
            "tags": "、".join(t.task.tags),
        }
        for t in tasks
    ]
    return Listing(columns, rows, lambda: [task_record(cat, t) for t in tasks], empty=L("empty"), notes=_notes(cat, tasks, L))


def due_listing(cat: Catalogue, items: list[DueItem], L: Labels) -> Listing:
    parts: dict[str, dict[str, Any]] = {}  # each task's cells, once

    def line(i: DueItem) -> DueLine:
        task = parts.get(i.task.id)
        if task is None:
            task = parts[i.task.id] = dict(zip(DUE_TASK_CELLS, _due_task_cells(cat, i.task, L), strict=True))
        occurrence = dict(zip(DUE_OCCURRENCE_CELLS, _due_occurrence_cells(i.occurrence, L), strict=True))
        return DueLine(task, occurrence, i.days_left, i.status, i.overdue, i.late_days)

    return due_lines_listing(cat, [line(i) for i in items], L)


# What a due listing shows of a task and of each of its dated occurrences that the catalogue
# alone decides, with what choosing and ordering them needs: the index keeps these per task, as
# JSON (`due_cells`, read back by `read_due_cells`), and a listing adds the day's state
# (`DueLine`). Each cell's JSON type, for reading them back.
DUE_TASK_CELLS: dict[str, type] = {
    "task": str,
    "clause": str,
    "title": str,
    "units": str,
    "unit_ids": list,  # of str
    "order": list,  # of int: query.task_order
    "rule": bool,  # a unit of it comes by a rule (the note ※)
    "planned": bool,  # a part of it comes from the 分工方案 (the note ◇)
}
DUE_OCCURRENCE_CELLS: dict[str, tuple[type, ...]] = {
    "due": (str,),  # the time limit, ISO: first, kept_due_lines reads it by its place
    "key": (str,),  # the occurrence's key ("" for a dated task, else its period)
    "firm": (bool,),
    "phrase_cell": (str,),
    "phrase": (str,),
    "period": (str, type(None)),
}
DueCells = tuple[dict[str, Any], list[list[Any]]]  # a task's cells, and its occurrences' (in DUE_OCCURRENCE_CELLS' order)


def due_cells(cat: Catalogue, task: CatalogueTask, L: Labels) -> list[Any]:
    """The task's due cells as the index keeps them: its own cells, then a list of each dated
    occurrence's, in its order (see DUE_TASK_CELLS, DUE_OCCURRENCE_CELLS)."""
    return [*_due_task_cells(cat, task, L), [_due_occurrence_cells(o, L) for o in task.occurrences]]


def read_due_cells(task_id: str, value: Any) -> DueCells | None:
    """Task `task_id`'s due cells as `due_cells` made them (read back from the index); None for
    anything else (another task's cells among them)."""
    if not isinstance(value, list) or tuple(map(type, value)) != _TASK_TYPES:
        return None
    *own, occurrences = value
    task = dict(zip(DUE_TASK_CELLS, own, strict=True))
    if task["task"] != task_id or set(map(type, task["unit_ids"])) - {str} or set(map(type, task["order"])) - {int}:
        return None
    if any(type(o) is not list or tuple(map(type, o)) not in _OCCURRENCE_TYPES or _iso_day(o[0]) is None for o in occurrences):
        return None
    return task, occurrences


def _iso_day(text: str) -> dt.date | None:
    """The day `text` is as isoformat writes it (kept_due_lines reads it, and sorts by it as
    text), else None; each text once (a listing's time limits are a few hundred days)."""
    try:
        return _ISO_DAYS[text]
    except KeyError:
        pass
    found: dt.date | None
    try:
        found = dt.date.fromisoformat(text)
    except ValueError:
        found = None
    if found is not None and found.isoformat() != text:  # 20250630: fromisoformat reads it too
        found = None
    if len(_ISO_DAYS) < 10_000:
        _ISO_DAYS[text] = found
    return found


_ISO_DAYS: dict[str, dt.date | None] = {}


def due_occurrence_keys(cells: DueCells) -> set[str]:
    """The keys of a task's dated occurrences, from its due cells: those its kept statuses must have."""
    return {o[1] for o in cells[1]}  # "key"


# The types of a task's due cells as JSON gives them back, and those of an occurrence's
_TASK_TYPES = (*DUE_TASK_CELLS.values(), list)
_OCCURRENCE_TYPES = set(itertools.product(*DUE_OCCURRENCE_CELLS.values()))


def _due_task_cells(cat: Catalogue, task: CatalogueTask, L: Labels) -> list[Any]:
    return [
        task.id,
        task.clause.id,
        task.task.title,
        units_cell(cat, task, L),
        [a.unit for a in task.assignments],
        list(task_order(task)),
        _uses_rule(cat, [task]),
        any(a.planned for a in task.assignments),
    ]


def _due_occurrence_cells(o: Occurrence, L: Labels) -> list[Any]:
    return [o.date.isoformat(), o.key, o.firm, occurrence_text(o, L).split("（", 1)[1].rstrip("）"), o.phrase, o.period or None]


# What the index keeps for a due listing: each task's due cells, and its occurrences' statuses as of a day
DueLinesKept = tuple[Mapping[str, DueCells], Mapping[str, OccurrenceStatuses]]


@record(frozen=True)
class DueLine:
    """A line of a due listing: a task's cells and its occurrence's, and its state as of the day."""

    task: dict[str, Any]
    occurrence: dict[str, Any]
    days_left: int
    status: str  # not_started | in_progress | done | verified
    overdue: bool
    late_days: int | None  # closed: days past the limit it was finished (0: on time)


def kept_due_lines(
    cells: Mapping[str, DueCells],
    statuses: Mapping[str, OccurrenceStatuses],
    *,
    as_of: dt.date,
    after: dt.date | None,
    before: dt.date | None,
    overdue_only: bool,
) -> list[DueLine]:
    """The lines of `query.due_items` for every unit, from kept cells (task id → its cells, in
    catalogue order) and kept statuses (task id → occurrence key → status, days late)."""
    lines = []
    for task_id, (task, occurrences) in cells.items():
        own = statuses[task_id]
        for values in occurrences:
            day = _iso_day(values[0])  # "due", a day: read_due_cells checked it
            assert day is not None
            if not in_window(day, after, before):
                continue
            o = dict(zip(DUE_OCCURRENCE_CELLS, values, strict=True))
            status, late = own.get(o["key"], ("not_started", None))
            days_left, overdue, late = due_state(day, o["firm"], status, late, as_of)
            if overdue_only and not overdue:
                continue
            lines.append(DueLine(task, o, days_left, status, overdue, late))
    return sorted(lines, key=lambda line: (line.occurrence["due"], line.task["order"]))


def due_lines_listing(cat: Catalogue, lines: list[DueLine], L: Labels) -> Listing:
    columns = [
        Column("due", L("due")),
        Column("days_left", L("days_left"), numeric=True),
        Column("task", L("task")),
        Column("title", L("title"), max_width=28),
        Column("units", L("units"), max_width=36),
        Column("phrase", L("phrase")),
        Column("status", L("status")),
    ]
    rows = [
        {
            "due": line.occurrence["due"],
            "days_left": _days_text(line.days_left, L) if line.late_days is None else closed_text(line.late_days, L),
            "task": line.task["task"],
            "title": line.task["title"],
            "units": line.task["units"],
            "phrase": line.occurrence["phrase_cell"],
            "status": L("overdue") if line.overdue else L(line.status),
        }
        for line in lines
    ]
    notes = _notes_for(cat, any(line.task["rule"] for line in lines), any(line.task["planned"] for line in lines), L)
    return Listing(columns, rows, lambda: [_due_record(line) for line in lines], empty=L("empty"), notes=notes)


def _due_record(line: DueLine) -> dict[str, Any]:
    t, o = line.task, line.occurrence
    return {
        "task": t["task"],
        "clause": t["clause"],
        "title": t["title"],
        "due": o["due"],
        "phrase": o["phrase"],
        "period": o["period"],
        "units": list(t["unit_ids"]),
        "days_left": line.days_left,
        "late_days": line.late_days,
        "status": "overdue" if line.overdue else line.status,
    }


def closed_text(late_days: int, L: Labels) -> str:
    """A done or verified occurrence: 按期完成, or 逾期完成N天 — never 逾期N天."""
    return L("done_on_time") if late_days <= 0 else L("done_late", n=late_days)


def _days_text(days: int, L: Labels) -> str:
    if days < 0:
        return L("overdue_days", n=-days)
    if days == 0:
        return L("due_today")
    return L("days_left_n", n=days)


def undated_listing(cat: Catalogue, tasks: list[CatalogueTask], L: Labels) -> Listing:
    listing = task_listing(cat, tasks, L)
    listing.columns = [c for c in listing.columns if c.key != "deadlines"]
    return listing


def unit_overview_listing(cat: Catalogue, counts: list[UnitCounts], L: Labels) -> Listing:
    columns = [
        Column("id", L("id")),
        Column("name", L("name")),
        Column("kind", L("kind")),
        Column("clauses_direct", L("clauses_direct"), numeric=True),
        Column("tasks_direct", L("tasks_direct"), numeric=True),
        Column("tasks_rule", L("tasks_rule"), numeric=True),
        Column("tasks_group", L("tasks_group"), numeric=True),
        Column("deadline_count", L("deadline_count"), numeric=True),
        Column("next_deadline", L("next_deadline")),
    ]
    rows, records = [], []
    for c in counts:
        unit = cat.units[c.unit]
        kind = L(f"kind_{unit.kind}") + ("" if unit.in_notice else f"（{L('local')}）")
        nxt = f"{c.next_deadline.date.isoformat()} {c.next_task}" if c.next_deadline else ""
        rows.append(
            {
                "id": unit.id,
                "name": unit.name,
                "kind": kind,
                "clauses_direct": c.clauses_direct,
                "tasks_direct": c.tasks_direct,
                "tasks_rule": c.tasks_rule,
                "tasks_group": c.tasks_group,
                "deadline_count": c.deadlines,
                "next_deadline": nxt,
            }
        )
        records.append(
            {
                "id": unit.id,
                "name": unit.name,
                "short": unit.short,
                "kind": unit.kind,
                "in_notice": unit.in_notice,
                "members": unit.members,
                "clauses_direct": c.clauses_direct,
                "tasks_direct": c.tasks_direct,
                "tasks_rule": c.tasks_rule,
                "tasks_group": c.tasks_group,
                "deadlines": c.deadlines,
                "next_deadline": ({"date": c.next_deadline.date.isoformat(), "task": c.next_task} if c.next_deadline else None),
            }
        )
    return Listing(columns, rows, records, empty=L("empty"))


def unit_record(cat: Catalogue, unit_id: str) -> dict[str, Any]:
    unit = cat.units[unit_id]
    return {
        "id": unit.id,
        "name": unit.name,
        "short": unit.short,
        "aliases": list(unit.aliases),
        "kind": unit.kind,
        "in_notice": unit.in_notice,
        "members": unit.members,
        "member_of": cat.groups_of(unit_id),
    }


def duties_listing(cat: Catalogue, unit_id: str, duties: list[Duty], L: Labels) -> Listing:
    columns = [
        Column("clause", L("clause"), max_width=24),
        Column("task", L("task")),
        Column("title", L("title"), max_width=28),
        Column("role", L("role")),
        Column("part", L("part")),
        Column("via", L("via"), max_width=36),
        Column("deadlines", L("deadlines"), max_width=30),
    ]
    rows, records = [], []
    last_section, last_clause = "", ""
    for d in duties:
        t = d.task
        if t.section.id != last_section:
            rows.append({"clause": section_label(t.section.id, t.section.heading)})
            last_section = t.section.id
        clause_cell = ""
        if t.clause.id != last_clause:
            clause_cell = f"{t.clause.id} {t.clause.heading}"
            last_clause = t.clause.id
        rows.append(
            {
                "clause": clause_cell,
                "task": t.id,
                "title": t.task.title,
                "role": d.assignment.role,
                "part": L("part_" + d.assignment.part) + (f"（{L('plan_local')}）" if d.assignment.planned else ""),
                "via": via_text(cat, t, d.assignment, L),
                "deadlines": "；".join(occurrence_text(o, L) for o in t.occurrences),
            }
        )
        records.append(
            {
                "task": t.id,
                **({"notice": t.source.number} if cat.qualifiers else {}),  # the document it comes from
                "clause": t.clause.id,
                "section": t.section.id,
                "title": t.task.title,
                "role": d.assignment.role,
                "part": d.assignment.part,
                "planned": d.assignment.planned,
                "via": d.assignment.via,
                "origin": d.origin,
                "local": d.assignment.local,
                "deadlines": [occurrence_record(o) for o in t.occurrences],
            }
        )
    unit = cat.units[unit_id]
    return Listing(
        columns,
        rows,
        {"unit": unit_record(cat, unit_id), "duties": records},
        title=L("duties_of", name=f"{unit.name}（{unit.id}）"),
        empty=L("empty"),
    )


def _cn(n: int) -> str:
    return chinese_numeral(n)


def notice_lines(cat: Catalogue, t: CatalogueTask, L: Labels) -> list[str]:
    """Where a task comes from, in a workspace of several notices."""
    if not cat.qualifiers:
        return []
    n = t.source
    return [f"{L('source_notice')}：{n.number}《{n.title}》（{n.alias}）"]


def task_detail(cat: Catalogue, t: CatalogueTask, L: Labels) -> str:
    task = t.task
    lines = [
        f"{task.id}　{task.title}",
        f"{L('section')}：{section_label(t.section.id, t.section.heading)}",
        *notice_lines(cat, t, L),
        f"{L('clause')}：{t.clause.id} {t.clause.heading}",
        f"{L('text')}：{task.text}",
        *duty_lines(t, L),
        f"{L('responsibility')}：（{t.clause.responsibility.quote}）" + (L("open_list") if t.clause.responsibility.open else ""),
        f"{L('units')}：",
    ]
    for a in t.assignments:
        unit = cat.units[a.unit]
        part = L("part_" + a.part) + (f"（{L('plan_local')}）" if a.planned else "")
        lines.append(f"  {unit.name}（{unit.id}）　{a.role}　{part}　{via_text(cat, t, a, L)}")
    if t.occurrences:
        lines.append(f"{L('deadlines')}：" + "；".join(occurrence_text(o, L) for o in t.occurrences))
    for g in task.targets:
        lines.append(f"{L('targets')}：{g.quote}" + (f"（{L('strive')}）" if not g.firm else ""))
    for r in task.requirements:
        lines.append(f"{L('requirements')}：{r.quote}")
    if task.tags:
        lines.append(f"{L('tags')}：" + "、".join(task.tags))
    return "\n".join(lines) + "\n"


def duty_lines(t: CatalogueTask, L: Labels) -> list[str]:
    """The task's kind of duty with the notice's words it is read from (and why, where that is a
    judgement); a catalogue that records no kind shows the one its time limits imply, marked so."""
    duty = t.task.duty
    kind = L(f"duty_kind_{t.kind}")
    if duty is None:
        return [f"{L('duty_kind')}：{kind}{L('duty_derived')}"]
    lines = [f"{L('duty_kind')}：{kind}" + (L("duty_from", quote=duty.quote) if duty.quote else "")]
    if duty.note:
        lines.append(f"{L('duty_note')}：{duty.note}")
    return lines


def progress_lines(cat: Catalogue, state: TaskState, L: Labels) -> list[str]:
    """A task's occurrences as they stand: status, on time or late, and every unit the office
    sent back with its reason (for `show` in a workspace)."""
    lines = []
    for o in state.occurrences:
        word = L(o.status) + (f"（{closed_text(o.late_days, L)}）" if o.late_days is not None else "")
        if o.overdue:
            word = L("overdue_days", n=o.overdue_days)
        pending = [cat.units[u].short for u, s in o.units.items() if s.status != "done"]
        line = f"  {o.key or L('occurrence_single')}：{word}"
        if pending and o.status != "verified":
            line += L("pending_units", units="、".join(pending[:8]) + (f"等{len(pending)}个" if len(pending) > 8 else ""))
        lines.append(line)
        for u, s in {**o.units, **o.others}.items():
            if s.returned:
                lines.append("    " + L("returned_line", unit=cat.units[u].name, date=s.returned_on, reason=s.returned))
    if state.kind == "contingent" and not state.occurrences:
        lines.append("  " + L("inactive_line"))
    return lines


def returned_notes(cat: Catalogue, states: Mapping[str, TaskState], unit: str, L: Labels) -> list[str]:
    """The occurrences on which the office sent `unit` back, with the reason (for `dept`).
    Only the tasks the unit may report on can hold its state: only theirs are asked for."""
    found = [
        f"{o.task}{'（' + o.key + '）' if o.key else ''} " + L("returned_line", unit=cat.units[unit].name, date=s.returned_on, reason=s.returned)
        for task_id in states
        if unit in cat.tasks[task_id].may_report
        for o in states[task_id].occurrences
        for u, s in {**o.units, **o.others}.items()
        if u == unit and s.returned
    ]
    return [L("returned_in_dept"), *found] if found else []


def clause_detail(cat: Catalogue, clause_id: str, L: Labels) -> str:
    clause = cat.clauses[clause_id]
    stated = notice_holding(cat, clause_id).notice_text.clauses[tuple(int(p) for p in plain_id(clause_id).split("."))]  # type: ignore[index]
    tasks = [t for t in cat.tasks.values() if t.clause.id == clause_id]
    lines = [f"{clause.id}　{clause.heading}", f"{L('text')}：{stated.paragraph}", ""]
    for t in tasks:
        lines.append(task_detail(cat, t, L))
    return "\n".join(lines)


def clause_record(cat: Catalogue, clause_id: str) -> dict[str, Any]:
    clause = cat.clauses[clause_id]
    tasks = [t for t in cat.tasks.values() if t.clause.id == clause_id]
    first = tasks[0]
    return {
        "clause": clause.id,
        "section": first.section.id,
        "heading": clause.heading,
        "responsibility": {
            "quote": clause.responsibility.quote,
            "role": clause.responsibility.role,
            "open_list": clause.responsibility.open,
            "units": [unit_ref(cat, first, a) for a in first.assignments],
        },
        "tasks": [task_record(cat, t) for t in tasks],
    }


def month_grid(year: int, month: int, marked: set[int], L: Labels) -> str:
    """A calendar month, deadline days in brackets; every cell is 4 columns wide."""
    lines = [L("month_title", year=year, month=month).center(28).rstrip()]
    lines.append("".join(f"{d:>4}" if L.lang == "en" else f"  {d}" for d in L("weekdays").split()))
    import calendar

    for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month):
        cells = []
        for day in week:
            if day == 0:
                cells.append("    ")
            elif day in marked:
                cells.append(f"[{day:>2}]")
            else:
                cells.append(f"{day:>4}")
        lines.append("".join(cells).rstrip())
    return "\n".join(lines) + "\n"


# ── progress ──


def _count_columns(L: Labels) -> list[Column]:
    return [
        Column("tasks", L("tasks_n"), numeric=True),
        Column("not_started", L("not_started"), numeric=True),
        Column("in_progress", L("in_progress"), numeric=True),
        Column("done", L("done"), numeric=True),
        Column("verified", L("verified"), numeric=True),
        Column("overdue", L("overdue"), numeric=True),
        Column("closed_share", L("closed_share"), numeric=True, bar=True),
        Column("percent", L("mean_percent"), numeric=True),
    ]


def section_progress_listing(cat: Catalogue, rows_in: list[tuple[str, Counts]], total: Counts, L: Labels) -> Listing:
    columns = [Column("section", L("section"), max_width=30), *_count_columns(L)]
    rows, records = [], []
    for section_id, c in rows_in:
        rows.append({"section": section_label(section_id, cat.sections[section_id].heading), **c.record()})
        records.append({"section": section_id, "heading": cat.sections[section_id].heading, **c.record()})
    rows.append({"section": L("total"), **total.record()})
    records.append({"section": None, "heading": L("total"), **total.record()})
    return Listing(columns, rows, records, empty=L("empty"), notes=_plan_notes(cat, L))


def unit_progress_listing(cat: Catalogue, units: list[UnitProgress], L: Labels) -> Listing:
    columns = [
        Column("rank", L("rank"), numeric=True),
        Column("unit", L("unit")),
        Column("tasks", L("tasks_n"), numeric=True),
        Column("done", L("done"), numeric=True),
        Column("in_progress", L("in_progress"), numeric=True),
        Column("not_started", L("not_started"), numeric=True),
        Column("overdue", L("overdue"), numeric=True),
        Column("done_share", L("closed_share"), numeric=True, bar=True),
        Column("percent", L("mean_percent"), numeric=True),
        Column("card", L("card")),
    ]
    rows, records = [], []
    for i, u in enumerate(units, 1):
        cells = u.record()
        rows.append({"rank": i, "unit": cat.units[u.unit].name, **cells, "card": L(f"card_{u.card}") if u.card else ""})
        records.append({"rank": i, "unit": u.unit, "name": cat.units[u.unit].name, **cells, "card": u.card or None, "reasons": list(u.reasons)})
    return Listing(columns, rows, records, empty=L("empty"), notes=_plan_notes(cat, L))


def _state_cell(status: str, percent: float, L: Labels) -> str:
    word = L(status)
    return f"{word}{percent:.0f}%" if status == "in_progress" else word


def matrix_listing(cat: Catalogue, states: dict[str, TaskState], task_ids: list[str], L: Labels) -> Listing:
    """Tasks down, reporting units across: each cell the unit's own status."""
    units: list[str] = []
    for t in task_ids:
        units += [u for u in states[t].units if u not in units]
    columns = [Column("task", L("task")), Column("title", L("title"), max_width=20), Column("status", L("status"))]
    columns += [Column(u, cat.units[u].short) for u in units]
    rows, records = [], []
    for t in task_ids:
        s = states[t]
        row: dict[str, Any] = {"task": t, "title": cat.tasks[t].task.title, "status": L("overdue") if s.overdue else L(s.status)}
        for u, us in s.units.items():
            row[u] = _state_cell(us.status, us.percent, L)
        rows.append(row)
        records.append(
            {
                "task": t,
                "status": s.status,
                "overdue": s.overdue,
                "percent": round(s.percent, 1),
                "units": {u: {"status": us.status, "percent": us.percent, "date": us.date.isoformat() if us.date else None} for u, us in s.units.items()},
            }
        )
    return Listing(columns, rows, records, empty=L("empty"), notes=_plan_notes(cat, L))


def unit_matrix_listing(cat: Catalogue, states: dict[str, TaskState], own: dict[str, TaskState], unit: str, task_ids: list[str], L: Labels) -> Listing:
    """One unit's tasks: its own status (`own`: status.unit_view) beside the task's overall status."""
    columns = [
        Column("task", L("task")),
        Column("title", L("title"), max_width=28),
        Column("unit_status", L("unit_status")),
        Column("percent", L("percent"), numeric=True),
        Column("date", L("as_of_date")),
        Column("status", L("task_status")),
        Column("next_due", L("next_deadline")),
        Column("returned", L("returned_reason"), max_width=24),
    ]
    rows, records = [], []
    for t in task_ids:
        s, mine = states[t], own[t]
        us = mine.units.get(unit) or UnitState()
        rows.append(
            {
                "task": t,
                "title": cat.tasks[t].task.title + (f"（{mine.current.key}）" if mine.current is not None and mine.current.key else ""),
                "unit_status": L(us.status),
                "returned": us.returned or "",
                "percent": us.percent,
                "date": us.date.isoformat() if us.date else "",
                "status": L("overdue") if s.overdue else L(s.status),
                "next_due": s.next_due.isoformat() if s.next_due else "",
            }
        )
        records.append(
            {
                "task": t,
                "unit": unit,
                "unit_status": us.status,
                "percent": us.percent,
                "date": us.date.isoformat() if us.date else None,
                "status": s.status,
                "period": mine.current.key if mine.current is not None else None,
                "overdue": mine.overdue,
                "next_due": mine.next_due.isoformat() if mine.next_due else None,
                "returned": us.returned,
            }
        )
    return Listing(columns, rows, records, title=L("duties_of", name=cat.units[unit].name), empty=L("empty"), notes=_plan_notes(cat, L))


def history_listing(cat: Catalogue, entries: list[ProgressEntry], L: Labels) -> Listing:
    columns = [
        Column("date", L("as_of_date")),
        Column("unit", L("unit")),
        Column("period", L("period")),
        Column("status", L("status")),
        Column("percent", L("percent"), numeric=True),
        Column("note", L("note"), max_width=30),
        Column("evidence", L("evidence"), max_width=24),
        Column("recorded_at", L("recorded_at")),
    ]
    rows = [
        {
            "date": e.date.isoformat(),
            "unit": cat.units[e.unit].name if e.unit in cat.units else e.unit,
            "period": e.period or "",
            "status": _entry_status(e, cat, L),
            "percent": "" if e.percent is None else e.percent,
            "note": e.note or "",
            "evidence": e.evidence or "",
            "recorded_at": local_minutes(e.recorded_at),
        }
        for e in entries
    ]
    records = [
        {
            "task": e.task,
            "unit": e.unit,
            "kind": e.kind,
            "period": e.period,
            "about": e.about,
            "replaces": e.replaces.isoformat() if e.replaces else None,
            "date": e.date.isoformat(),
            "status": e.status,
            "percent": e.percent,
            "note": e.note,
            "evidence": e.evidence,
            "recorded_at": e.recorded_at.isoformat(timespec="seconds"),
        }
        for e in entries
    ]
    return Listing(columns, rows, records, empty=L("no_history"))


def _entry_status(e: ProgressEntry, cat: Catalogue, L: Labels) -> str:
    """The entry's status word, with what it acts on: the unit an office action names, the
    entry a correction or withdrawal replaces."""
    reverse = {v: k for k, v in STATUS_WORD.items()}
    word = e.status if L.lang == "zh" else L(reverse[e.status]) if e.status in reverse else L("entry_" + e.kind)
    if e.about is not None:
        word += f"（{cat.units[e.about].short if e.about in cat.units else e.about}）"
    if e.replaces is not None:
        word += L("replaces", moment=e.replaces.strftime("%Y-%m-%d %H:%M:%S"))
    return word


def notices_listing(rows: list[dict[str, Any]], L: Labels) -> Listing:
    """The notices of a workspace (notices.overview's rows)."""
    listed = any(r["alias"] for r in rows)  # else no notices.yaml: the workspace's one notice
    keys = ("alias", "number", "title", "date", "years", "dir", "sections", "clauses", "tasks")[0 if listed else 1 :]
    columns = [Column(k, L("notice_" + k), max_width=40 if k == "title" else None) for k in keys]
    shown = [{**r, "years": "—".join(dict.fromkeys(str(y) for y in r["years"]))} for r in rows]
    return Listing(columns, shown, rows, title=L("notices_of"), empty=L("empty"), notes=[L("notices_local" if listed else "notices_none")])
