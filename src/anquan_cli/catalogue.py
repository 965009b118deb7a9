"""Load, check and resolve a catalogue directory (tasks.yaml, departments.yaml, notice.txt).

`load_catalogue` returns a `Catalogue` in which every task knows its clause and section, the
units responsible for it (with where each assignment comes from) and its dated occurrences.
Every problem found is raised at once as a DataError of located problems.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from . import models
from .checks import Findings, run_checks
from .dates import period_ends
from .errors import DataError, Problem
from .labels import message
from .notice import NoticeText, parse_notice
from .textfile import display_name, read_text

if typing.TYPE_CHECKING:
    from .yamlfile import YamlDocument

T = typing.TypeVar("T")

TASKS_FILE = "tasks.yaml"
DEPARTMENTS_FILE = "departments.yaml"
NOTICE_FILE = "notice.txt"

# The units that report progress themselves; a group or collective reports through its members.
REPORTING_KINDS = ("department", "township")


def shipped_data_dir() -> Path:
    """The catalogue inside the installed package, or `data/` of a source checkout."""
    packaged = Path(str(resources.files("anquan_cli"))) / "data"
    if (packaged / TASKS_FILE).is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class Assignment:
    unit: str
    role: str
    via: str | None  # None: the clause names the unit; else the id of the rule or group
    local: bool  # rests on local membership data, not on the notice's words


@dataclass(frozen=True)
class Occurrence:
    date: dt.date
    phrase: str  # the notice's wording of the time limit
    period: str  # for a recurrence, which period ("H1", "Q3", "2025"); else ""


@dataclass(frozen=True)
class CatalogueTask:
    task: models.Task
    clause: models.Clause
    section: models.Section
    assignments: tuple[Assignment, ...]
    occurrences: tuple[Occurrence, ...]
    reporters: tuple[str, ...]  # the units that report on it: departments and townships

    @property
    def id(self) -> str:
        return self.task.id

    @property
    def kind(self) -> str:
        """dated | recurring | standing | contingent | once (see models.DutyKind)."""
        return duty_kind(self.task)


def duty_kind(task: models.Task) -> str:
    """The task's kind of duty: as the catalogue records it, or (a catalogue from before
    kinds were recorded) as its deadlines and recurrence imply."""
    if task.duty is not None:
        return task.duty.kind
    if task.recurrence is not None:
        return "recurring"
    return "dated" if task.deadlines else "once"


@dataclass(frozen=True)
class Coverage:
    segments: int
    uncovered: tuple[tuple[str, str], ...]  # (clause id, segment)

    @property
    def percent(self) -> float:
        return 100.0 if not self.segments else 100.0 * (self.segments - len(self.uncovered)) / self.segments


@dataclass
class Catalogue:
    root: Path
    notice: models.Notice
    notice_text: NoticeText
    units: dict[str, models.Unit]
    rules: dict[str, models.Rule]
    sections: dict[str, models.Section]
    clauses: dict[str, models.Clause]
    tasks: dict[str, CatalogueTask]
    tags: list[str]
    coverage: Coverage
    warnings: list[Problem] = field(default_factory=list)
    thresholds: models.Thresholds = field(default_factory=models.Thresholds)
    goals: list[models.Goal] = field(default_factory=list)  # the notice's outcome goals, quoted

    def members(self, unit_id: str) -> list[str]:
        return list(self.units[unit_id].members or [])

    def groups_of(self, unit_id: str) -> list[str]:
        return [u.id for u in self.units.values() if unit_id in (u.members or [])]

    def clause_assignments(self, clause_id: str) -> tuple[Assignment, ...]:
        first = next(iter(t for t in self.tasks.values() if t.clause.id == clause_id))
        return first.assignments


def load_catalogue(root: Path) -> Catalogue:
    problems: list[Problem] = []
    tasks_doc = _load(root / TASKS_FILE, problems)
    units_doc = _load(root / DEPARTMENTS_FILE, problems)
    notice_path = root / NOTICE_FILE
    try:
        notice_raw = read_text(notice_path, display_name(notice_path))
    except DataError as exc:
        problems.extend(exc.problems)
        notice_raw = None
    tasks_file = _validate(tasks_doc, models.TasksFile, problems)
    units_file = _validate(units_doc, models.DepartmentsFile, problems)
    if problems or tasks_file is None or units_file is None or notice_raw is None:
        raise DataError(problems)
    assert tasks_doc is not None
    assert units_doc is not None
    found = run_checks(tasks_doc, units_doc, tasks_file, units_file, parse_notice(notice_raw))
    if found.problems:
        raise DataError(found.problems)
    catalogue = _Resolver(found).build(root)
    catalogue.goals = list(tasks_file.goals)
    return catalogue


def _load(path: Path, problems: list[Problem]) -> YamlDocument | None:
    from .yamlfile import load_yaml  # only a catalogue read from its files needs YAML

    try:
        return load_yaml(path)
    except DataError as exc:
        problems.extend(exc.problems)
        return None


def _validate(doc: YamlDocument | None, model: type[T], problems: list[Problem]) -> T | None:
    from .validation import validate_document

    if doc is None:
        return None
    value, found = validate_document(doc, model)
    problems.extend(found)
    return value


class _Resolver:
    """The resolution: each task with its clause, section, units and occurrences (the checks
    are checks.py's; this reads what they found)."""

    def __init__(self, found: Findings) -> None:
        self.tdoc = found.tdoc
        self.tf = found.tf
        self.notice = found.notice
        self.units = found.units
        self.warnings = found.warnings
        self.segment_count = found.segment_count
        self.uncovered = found.uncovered

    # ── resolution ──
    def build(self, root: Path) -> Catalogue:
        tf = self.tf
        sections = {s.id: s for s in tf.sections}
        clause_order = [c.id for c in tf.clauses]
        tasks: dict[str, CatalogueTask] = {}
        for index, clause in enumerate(tf.clauses):
            assignments = self._assignments(clause, index, clause_order)
            reporters = tuple(a.unit for a in assignments if self.units[a.unit].kind in REPORTING_KINDS)
            section = sections[clause.id.split(".")[0]]
            for task in clause.tasks:
                tasks[task.id] = CatalogueTask(task, clause, section, assignments, self._occurrences(task), reporters)
        for clause_id, segment in self.uncovered:
            self.warnings.append(self.tdoc.problem(("clauses",), message("cat_uncovered", clause=clause_id, segment=segment)))
        return Catalogue(
            root=root,
            notice=tf.notice,
            notice_text=self.notice,
            units=self.units,
            rules={r.id: r for r in tf.rules},
            sections=sections,
            clauses={c.id: c for c in tf.clauses},
            tasks=tasks,
            tags=list(tf.tags),
            coverage=Coverage(self.segment_count, tuple(self.uncovered)),
            warnings=self.warnings,
            thresholds=tf.warnings,
        )

    def _assignments(self, clause: models.Clause, index: int, order: list[str]) -> tuple[Assignment, ...]:
        out: list[Assignment] = []
        seen: set[str] = set()

        def add(unit_id: str, role: str, via: str | None, local: bool) -> None:
            if unit_id in seen:
                return
            seen.add(unit_id)
            out.append(Assignment(unit_id, role, via, local))

        named = clause.responsibility.units
        for unit_id in named:
            add(unit_id, clause.responsibility.role, None, False)
        for rule in self.tf.rules:
            if order.index(rule.stated_in) < index:
                add(rule.unit, rule.role, rule.id, False)
        # Members come last: their assignment rests on local data, and a unit the clause
        # names itself keeps that direct assignment.
        for assignment in list(out):
            for member in self.units[assignment.unit].members or []:
                add(member, assignment.role, assignment.unit, True)
        return tuple(out)

    def _occurrences(self, task: models.Task) -> tuple[Occurrence, ...]:
        found = [Occurrence(d.date, d.phrase, "") for d in task.deadlines]
        if task.recurrence is not None:
            for period, end in period_ends(task.recurrence.every, self.tf.notice.year):
                if end >= self.tf.notice.date:
                    found.append(Occurrence(end, task.recurrence.phrase, period))
        return tuple(sorted(found, key=lambda o: o.date))
