"""Questions asked of a catalogue: which tasks, which deadlines, whose duties.

Pure functions: they take a catalogue, the filters and an explicit as-of date, and return
data. Progress enters only through `status_of`, so the same code serves a bare catalogue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import Any

from .assignments import Assignment
from .catalogue import Catalogue, CatalogueTask, Occurrence
from .errors import UsageError
from .labels import message
from .notices import plain_id, typed_key
from .records import record

# (task id, occurrence key) → (not_started | in_progress | done | verified, days late when closed)
StatusOf = Callable[[str, str], tuple[str, "int | None"]]
CLOSED = ("done", "verified")
SORTS = ("id", "deadline", "title", "units")


def no_progress(task_id: str, key: str) -> tuple[str, int | None]:
    return "not_started", None


# ── where an assignment comes from ──


def origin(cat: Catalogue, task: CatalogueTask, assignment: Assignment) -> str:
    """direct | rule | group: how the notice's words reach this unit."""
    if assignment.via is None:
        return "direct"
    if assignment.via in cat.rules:
        return "rule"
    parent = assignment_of(task, assignment.via)
    if parent is not None and parent.via in cat.rules:
        return "rule"
    return "group"


def assignment_of(task: CatalogueTask, unit_id: str) -> Assignment | None:
    return next((a for a in task.assignments if a.unit == unit_id), None)


def via_chain(task: CatalogueTask, assignment: Assignment) -> list[str]:
    """The ids an assignment passes through, nearest first (group, then rule)."""
    chain: list[str] = []
    current: Assignment | None = assignment
    while current is not None and current.via is not None:
        chain.append(current.via)
        current = assignment_of(task, current.via)
    return chain


# ── tasks ──


def task_has_unit(task: CatalogueTask, unit_id: str, *, direct: bool = False) -> bool:
    a = assignment_of(task, unit_id)
    return a is not None and (not direct or a.via is None)


def find_task(cat: Catalogue, task_id: str) -> CatalogueTask:
    found = typed_key(cat, task_id, cat.tasks)  # as keyed, qualified, or plain where one notice has it
    if found is not None:
        return cat.tasks[found]
    raise UsageError(message("task_unknown", task=task_id))


def filter_tasks(
    cat: Catalogue,
    *,
    unit: str | None = None,
    direct: bool = False,
    section: str | None = None,
    clause: str | None = None,
    tag: str | None = None,
    has_deadline: bool | None = None,
    search: str | None = None,
    among: Iterable[str] | None = None,
) -> list[CatalogueTask]:
    """The tasks that pass every filter given, in catalogue order. `among`: the ids of the only
    tasks to look at (the index's choice of those that can pass), in catalogue order; the
    filters still decide."""
    if section is not None:
        typed, section = section, typed_key(cat, section, cat.sections)
        if section is None:
            raise UsageError(message("section_unknown", section=typed, sections=", ".join(cat.sections)))
    if clause is not None:
        typed, clause = clause, typed_key(cat, clause, cat.clauses)
        if clause is None:
            raise UsageError(message("clause_unknown", clause=typed))
    if tag is not None and tag not in cat.tags:
        raise UsageError(message("tag_unknown", tag=tag, tags="、".join(cat.tags)))
    found = []
    for task in cat.tasks.values() if among is None else (cat.tasks[t] for t in among):
        if unit is not None and not task_has_unit(task, unit, direct=direct):
            continue
        if section is not None and task.section.id != section:
            continue
        if clause is not None and task.clause.id != clause:
            continue
        if tag is not None and tag not in task.task.tags:
            continue
        if has_deadline is not None and bool(task.occurrences) != has_deadline:
            continue
        if search and search not in task.task.title and search not in task.task.text:
            continue
        found.append(task)
    return found


def reported_tasks(cat: Catalogue, unit: str, *, section: str | None = None) -> list[CatalogueTask]:
    """The tasks `unit` reports on itself (none for a group or a collective, whose members report)."""
    return [t for t in filter_tasks(cat, unit=unit, section=section) if unit in t.reporters]


def sort_tasks(tasks: list[CatalogueTask], by: str) -> list[CatalogueTask]:
    if by == "deadline":
        far = dt.date.max
        return sorted(tasks, key=lambda t: (t.occurrences[0].date if t.occurrences else far, task_order(t)))
    if by == "title":
        return sorted(tasks, key=lambda t: t.task.title)
    if by == "units":
        return sorted(tasks, key=lambda t: (t.assignments[0].unit, task_order(t)))
    return sorted(tasks, key=task_order)


def task_order(task: CatalogueTask) -> tuple[int, ...]:
    """How tasks sort: by their notice's place in notices.yaml (one notice: all alike), then by
    number, part by part."""
    numbers = (int(p) for p in plain_id(task.id).split("."))
    return (task.notice.order if task.notice is not None else 0, *numbers)


# ── deadlines ──


@record(frozen=True)
class DueItem:
    task: CatalogueTask
    occurrence: Occurrence
    days_left: int
    status: str  # not_started | in_progress | done | verified
    overdue: bool
    late_days: int | None = None  # closed: days past the limit it was finished (0: on time)


def due_items(
    cat: Catalogue,
    *,
    as_of: dt.date,
    before: dt.date | None = None,
    after: dt.date | None = None,
    unit: str | None = None,
    tag: str | None = None,
    overdue_only: bool = False,
    status_of: StatusOf = no_progress,
    among: Iterable[str] | None = None,
) -> list[DueItem]:
    """Every dated occurrence in the window (both ends inclusive), by date then task id
    (`among`: as for filter_tasks)."""
    items = []
    for task in filter_tasks(cat, unit=unit, tag=tag, among=among):
        for occ in task.occurrences:
            if not in_window(occ.date, after, before):
                continue
            status, late = status_of(task.id, occ.key)
            days_left, overdue, late = due_state(occ.date, occ.firm, status, late, as_of)
            if overdue_only and not overdue:
                continue
            items.append(DueItem(task, occ, days_left, status, overdue, late))
    return sorted(items, key=lambda i: (i.occurrence.date, task_order(i.task)))


def dated_in_window(cat: Catalogue, after: dt.date | None, before: dt.date | None) -> list[str]:
    """The ids of the tasks with a time limit in the window, in catalogue order (what the
    index's candidates for it are)."""
    return [t.id for t in cat.tasks.values() if any(in_window(o.date, after, before) for o in t.occurrences)]


def in_window(day: dt.date, after: dt.date | None, before: dt.date | None) -> bool:
    """Whether a time limit falls in a due window (both ends inclusive, either open)."""
    return (before is None or day <= before) and (after is None or day >= after)


def due_state(day: dt.date, firm: bool, status: str, late: int | None, as_of: dt.date) -> tuple[int, bool, int | None]:
    """A dated occurrence as a due listing shows it as of a day: days left, overdue (a firm
    limit passed, not closed), and the days late it closed (only when closed)."""
    return (day - as_of).days, day < as_of and status not in CLOSED and firm, late if status in CLOSED else None


# ── units ──


@record(frozen=True)
class Duty:
    task: CatalogueTask
    assignment: Assignment
    origin: str  # direct | rule | group


def unit_duties(cat: Catalogue, unit_id: str, *, direct: bool = False, among: Iterable[str] | None = None) -> list[Duty]:
    """The unit's duties, in catalogue order (`among`: as for filter_tasks)."""
    duties = []
    for task in cat.tasks.values() if among is None else (cat.tasks[t] for t in among):
        a = assignment_of(task, unit_id)
        if a is None or (direct and a.via is not None):
            continue
        duties.append(Duty(task, a, origin(cat, task, a)))
    return duties


@record(frozen=True)
class UnitCounts:
    unit: str
    clauses_direct: int
    tasks_direct: int
    tasks_rule: int
    tasks_group: int
    deadlines: int
    next_deadline: Occurrence | None
    next_task: str | None


def unit_counts(cat: Catalogue, *, as_of: dt.date) -> list[UnitCounts]:
    out = []
    for unit_id in cat.units:
        duties = unit_duties(cat, unit_id)
        by_origin = {k: [d for d in duties if d.origin == k] for k in ("direct", "rule", "group")}
        upcoming = sorted(
            ((o, d.task) for d in duties for o in d.task.occurrences if o.date >= as_of),
            key=lambda p: (p[0].date, task_order(p[1])),
        )
        out.append(
            UnitCounts(
                unit=unit_id,
                clauses_direct=len({d.task.clause.id for d in by_origin["direct"]}),
                tasks_direct=len(by_origin["direct"]),
                tasks_rule=len(by_origin["rule"]),
                tasks_group=len(by_origin["group"]),
                deadlines=sum(len(d.task.occurrences) for d in duties),
                next_deadline=upcoming[0][0] if upcoming else None,
                next_task=upcoming[0][1].id if upcoming else None,
            )
        )
    return out


# ── records for JSON ──


def unit_ref(cat: Catalogue, task: CatalogueTask, a: Assignment) -> dict[str, Any]:
    return {"id": a.unit, "name": cat.units[a.unit].name, "role": a.role, "part": a.part, "planned": a.planned, "via": a.via, "local": a.local}


def occurrence_record(o: Occurrence) -> dict[str, Any]:
    return {"date": o.date.isoformat(), "phrase": o.phrase, "period": o.period or None, "key": o.key or None, "derived": o.derived, "firm": o.firm}


def task_record(cat: Catalogue, task: CatalogueTask) -> dict[str, Any]:
    t = task.task
    return {
        "task": t.id,
        "clause": task.clause.id,
        "section": task.section.id,
        "title": t.title,
        "text": t.text,
        "units": [unit_ref(cat, task, a) for a in task.assignments],
        "responsibility": task.clause.responsibility.quote,
        "open_list": task.clause.responsibility.open,
        "deadlines": [occurrence_record(o) for o in task.occurrences],
        "recurrence": asdict(t.recurrence) if t.recurrence else None,
        "targets": [asdict(g) for g in t.targets],
        "requirements": [asdict(r) for r in t.requirements],
        "tags": list(t.tags),
        "kind": task.kind,
        "duty": asdict(t.duty) if t.duty else None,
        "reporters": list(task.reporters),
        "assisting": list(task.assisting),
        "pending": list(task.pending),
    } | ({"notice": task.source.number} if cat.qualifiers else {})  # several notices: the task's own


def named_units(task: CatalogueTask) -> list[Assignment]:
    """The assignments worth listing in one line: the clause's own units and the rule's,
    not the members a collective expands to or a 分工方案 names for a group."""
    return [a for a in task.assignments if a.via is None or not a.local]
