"""Who must report on a task: the notice's own words, refined by the county's 分工方案.

The notice names units per clause with a role word (负责, 分工负责, 指导督促落实). A collective
(各乡镇人民政府) is expanded into its members, from local data. A group (县安委会有关成员单位,
县级负有安全生产监管职责的部门) names no one by itself — *有关* means "the relevant ones" — so
until a 分工方案 says which members, the group's part of the task is 待分工 ("pending"): it
counts in no member's duties, rates or rankings, though any member may report on it.

A 分工方案 (`assignments.yaml`, local data) gives per task or per clause the units that lead
(牵头), are responsible (责任) and assist (配合), chosen from the units the notice names for the
task or the members of a group or collective it names. It refines the notice and never
contradicts it: a named unit it does not mention keeps its part, and every name it gives must
come from the notice's list. Leads and responsible units must report; assisting units may.
"""

from __future__ import annotations

import typing
from dataclasses import replace

from . import models
from .errors import Problem
from .labels import message
from .records import record

if typing.TYPE_CHECKING:
    from .yamlfile import YamlDocument

ASSIGNMENTS_FILE = "assignments.yaml"
PARTS = ("lead", "responsible", "assisting")  # the 分工方案's columns, in order
REPORTING_PARTS = ("lead", "responsible")  # the parts that count in completion and 销号
GROUP_PARTS = ("pending", "divided")  # a group's own assignment: 待分工, or divided by the plan


@record(frozen=True)
class Assignment:
    unit: str
    role: str  # the notice's role word for the clause
    via: str | None  # None: the clause names the unit; else the id of the rule, group or collective
    local: bool  # rests on local data (a membership list or the 分工方案), not on the notice's words
    part: str = "responsible"  # lead | responsible | assisting, or a group's pending | divided
    planned: bool = False  # the part was set by the 分工方案

    @property
    def reports(self) -> bool:
        return self.part in REPORTING_PARTS


def notice_assignments(
    named: list[str],
    role: str,
    rules: list[models.Rule],
    units: dict[str, models.Unit],
    *,
    lead: list[str] | tuple[str, ...] = (),
    assisting: list[str] | tuple[str, ...] = (),
) -> tuple[Assignment, ...]:
    """A clause's assignments as the notice words them: its named units, then the units of the
    rules in force, then the members of any collective among them (from local data). A group
    stays one pending assignment. A line that names 牵头 and 配合 units (role 牵头) gives them
    those parts; the other units it names are 责任 (responsible) units."""
    out: list[Assignment] = []
    seen: set[str] = set()

    def add(assignment: Assignment) -> None:
        if assignment.unit not in seen:
            seen.add(assignment.unit)
            out.append(assignment)

    for unit_id in named:
        part = "lead" if unit_id in lead else "assisting" if unit_id in assisting else "responsible"
        worded = role if not (lead or assisting) else {"lead": "牵头", "assisting": "配合"}.get(part, "负责")
        add(Assignment(unit_id, worded, None, False, "pending" if units[unit_id].kind == "group" and part != "assisting" else part))
    for rule in rules:
        add(Assignment(rule.unit, rule.role, rule.id, False))
    # Members come last: a unit the clause names itself keeps that direct assignment.
    for assignment in list(out):
        if units[assignment.unit].kind == "collective":
            for member in units[assignment.unit].members or []:
                part = assignment.part if assignment.part in PARTS else "responsible"
                add(Assignment(member, assignment.role, assignment.unit, True, part))
    return tuple(out)


def eligible_units(assignments: tuple[Assignment, ...], units: dict[str, models.Unit]) -> dict[str, str | None]:
    """The units a 分工方案 may name for a task, each with the group or collective it belongs
    to (None: named by the notice itself)."""
    eligible: dict[str, str | None] = {}
    for a in assignments:
        kind = units[a.unit].kind
        if kind in ("group", "collective"):
            for member in units[a.unit].members or []:
                eligible.setdefault(member, a.unit)
        elif a.via is None or a.via not in units:
            eligible.setdefault(a.unit, None)
    return eligible


def planned_assignments(assignments: tuple[Assignment, ...], entry: models.PlanEntry, units: dict[str, models.Unit]) -> tuple[Assignment, ...]:
    """A task's assignments with the 分工方案's parts applied (the entry has been checked)."""
    parts = {unit: part for part in PARTS for unit in getattr(entry, part)}
    out: list[Assignment] = []
    for a in assignments:
        if a.unit in parts:
            out.append(replace(a, part=parts.pop(a.unit), planned=True, local=True))
        elif a.part == "pending":
            chosen = [u for u in parts if u in (units[a.unit].members or [])]
            out.append(replace(a, part="divided" if chosen else "pending", planned=bool(chosen), local=a.local or bool(chosen)))
            out += [Assignment(u, a.role, a.unit, True, parts.pop(u), True) for u in chosen]
        else:
            out.append(a)
    return tuple(out)


def plan_entries(plan: models.AssignmentsFile, clause_of: dict[str, str]) -> dict[str, models.PlanEntry]:
    """The entry that governs each task: its own, else its clause's."""
    by_clause = {e.clause: e for e in plan.tasks if e.clause is not None}
    by_task = {e.task: e for e in plan.tasks if e.task is not None}
    chosen = {}
    for task_id, clause_id in clause_of.items():
        entry = by_task.get(task_id) or by_clause.get(clause_id)
        if entry is not None:
            chosen[task_id] = entry
    return chosen


def check_plan(
    doc: YamlDocument,
    plan: models.AssignmentsFile,
    notice: dict[str, tuple[str, tuple[Assignment, ...]]],
    units: dict[str, models.Unit],
) -> list[Problem]:
    """Every way the 分工方案 can fail the notice, located. `notice`: task id → (clause id, the
    notice's assignments of that task)."""
    problems: list[Problem] = []
    clauses: dict[str, list[str]] = {}
    for task_id, (clause_id, _) in notice.items():
        clauses.setdefault(clause_id, []).append(task_id)
    seen: dict[str, int] = {}
    for i, entry in enumerate(plan.tasks):
        at: tuple[str | int, ...] = ("tasks", i)
        if (entry.task is None) == (entry.clause is None):
            problems.append(doc.problem(at, message("plan_task_or_clause")))
            continue
        key = entry.task if entry.task is not None else entry.clause
        assert key is not None
        field_name = "task" if entry.task is not None else "clause"
        if entry.task is not None and entry.task not in notice:
            problems.append(doc.problem((*at, "task"), message("plan_unknown_task", task=entry.task)))
            continue
        if entry.clause is not None and entry.clause not in clauses:
            problems.append(doc.problem((*at, "clause"), message("plan_unknown_clause", clause=entry.clause)))
            continue
        if key in seen:
            problems.append(doc.problem((*at, field_name), message("plan_duplicate", what=key, other=seen[key] + 1)))
        seen[key] = i
        task_ids = [entry.task] if entry.task is not None else clauses[key]
        problems += _check_units(doc, at, entry, task_ids, notice, units)
        if not entry.lead and not entry.responsible:
            problems.append(doc.problem(at, message("plan_no_responsible", what=key)))
    return problems


def _check_units(
    doc: YamlDocument,
    at: tuple[str | int, ...],
    entry: models.PlanEntry,
    task_ids: list[str],
    notice: dict[str, tuple[str, tuple[Assignment, ...]]],
    units: dict[str, models.Unit],
) -> list[Problem]:
    problems: list[Problem] = []
    listed: set[str] = set()
    eligible = eligible_units(notice[task_ids[0]][1], units)  # every task of a clause has the clause's units
    for part in PARTS:
        for j, unit_id in enumerate(getattr(entry, part)):
            where = (*at, part, j)
            if unit_id not in units:
                problems.append(doc.problem(where, message("plan_unknown_unit", unit=unit_id)))
            elif units[unit_id].kind in ("group", "collective"):
                problems.append(doc.problem(where, message("plan_group_unit", name=units[unit_id].name)))
            elif unit_id in listed:
                problems.append(doc.problem(where, message("plan_unit_twice", name=units[unit_id].name)))
            elif unit_id not in eligible:
                problems.append(doc.problem(where, message("plan_not_eligible", name=units[unit_id].name, task=task_ids[0])))
            listed.add(unit_id)
    return problems


def pending_groups(assignments: tuple[Assignment, ...]) -> tuple[str, ...]:
    return tuple(a.unit for a in assignments if a.part == "pending")
