"""Load, check and resolve a catalogue directory (tasks.yaml, departments.yaml, notice.txt).

`load_catalogue` returns a `Catalogue` in which every task knows its clause and section, the
units responsible for it (with where each assignment comes from) and its dated occurrences.
Every problem found is raised at once as a DataError of located problems.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import field
from pathlib import Path

from . import assignments as plans
from . import models
from .assignments import ASSIGNMENTS_FILE, Assignment
from .dates import period_ends
from .errors import DataError, Problem
from .labels import message
from .notice import NoticeText, parse_notice
from .records import record
from .supervision import Supervision, load_supervision
from .textfile import display_name, read_text

if typing.TYPE_CHECKING:
    from .checks import Findings
    from .yamlfile import YamlDocument

T = typing.TypeVar("T")

TASKS_FILE = "tasks.yaml"
DEPARTMENTS_FILE = "departments.yaml"
NOTICE_FILE = "notice.txt"

# The units that report progress themselves; a group or collective reports through its members.
REPORTING_KINDS = ("department", "township")


def shipped_data_dir() -> Path:
    """The catalogue inside the installed package, or `data/` of a source checkout."""
    here = Path(__file__).parent / "data"  # an installed package: the files beside the code
    if (here / TASKS_FILE).is_file():
        return here
    checkout = Path(__file__).resolve().parents[2] / "data"
    if (checkout / TASKS_FILE).is_file():
        return checkout
    from importlib import resources  # a package in a zip: importlib.resources (it loads zipfile, tempfile …)

    return Path(str(resources.files("anquan_cli"))) / "data"


@record(frozen=True)
class Occurrence:
    """One dated occurrence of a task: a dated task's time limit, or one period of a recurring duty."""

    date: dt.date
    phrase: str  # the notice's wording of the time limit
    period: str  # for a recurrence, which period ("H1", "Q3", "2025"; "2026H1" in a notice over several years); else ""
    key: str = ""  # what progress entries name it by: "" for a dated task, else e.g. "2025H1"
    start: dt.date | None = None  # when the period opens (None: from the notice date)
    derived: bool = False  # the date is derived from the period (上半年 → 06-30), not stated
    firm: bool = True  # False: a 力争 goal rather than a time limit


@record(frozen=True)
class NoticeRef:
    """The notice a task comes from, as its rules need it (occurrences, dates, qualified ids)."""

    alias: str  # the office's short name for it; "" in a workspace of one notice (ids unqualified)
    number: str
    title: str
    date: dt.date
    years: tuple[int, ...]  # the years its work runs over
    order: int = 0  # its place in notices.yaml: how tasks of several notices sort

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.years[-1], 12, 31)


def notice_ref(notice: models.Notice, alias: str = "") -> NoticeRef:
    return NoticeRef(alias, notice.number, notice.title, notice.date, notice.years)


@record(frozen=True)
class CatalogueTask:
    task: models.Task
    clause: models.Clause
    section: models.Section
    assignments: tuple[Assignment, ...]
    occurrences: tuple[Occurrence, ...]
    reporters: tuple[str, ...]  # the units that must report on it (牵头 and 责任): departments and townships
    assisting: tuple[str, ...] = ()  # 配合 units: they may report, never block or count
    pending: tuple[str, ...] = ()  # groups whose part is still 待分工: any member may report
    may_report: frozenset[str] = frozenset()  # reporters, assisting units and members of pending groups
    notice: NoticeRef | None = None  # set on every task of a loaded catalogue

    @property
    def id(self) -> str:
        """The task's id in the workspace: qualified by its notice's alias where there are several."""
        return self.task.id

    @property
    def source(self) -> NoticeRef:
        assert self.notice is not None
        return self.notice

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


@record(frozen=True)
class Coverage:
    segments: int
    uncovered: tuple[tuple[str, str], ...]  # (clause id, segment)

    @property
    def percent(self) -> float:
        return 100.0 if not self.segments else 100.0 * (self.segments - len(self.uncovered)) / self.segments


@record
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
    goals: list[models.Goal] = field(default_factory=list)  # the notice's outcome goals, quoted
    plan: models.AssignmentsFile | None = None  # the 分工方案 (assignments.yaml), local data
    reviews: list[Problem] = field(default_factory=list)  # values a draft marked for review, not yet checked
    supervision: Supervision | None = None  # supervision.yaml or the shipped default, local data
    # A workspace of several notices (notices.py): each one's own catalogue, ids qualified;
    # empty for one notice. `notice` is then the workspace's (numbers and titles joined).
    notice_catalogues: tuple[Catalogue, ...] = ()
    workspace_notices: models.NoticesFile | None = None
    qualifiers: dict[str, str] = field(default_factory=dict)  # a notice's number or alias → its alias
    home: str = ""  # the alias of the notice in the workspace's own folder, if one is

    @property
    def pending_tasks(self) -> list[CatalogueTask]:
        """Tasks with a group's part still 待分工."""
        return [t for t in self.tasks.values() if t.pending]

    def task_sections(self) -> dict[str, str]:
        """Each task's section id, in the catalogue's order (the index keeps them apart from the clauses)."""
        return {task_id: task.section.id for task_id, task in self.tasks.items()}

    def members(self, unit_id: str) -> list[str]:
        return list(self.units[unit_id].members or [])

    def groups_of(self, unit_id: str) -> list[str]:
        return [u.id for u in self.units.values() if unit_id in (u.members or [])]

    def clause_assignments(self, clause_id: str) -> tuple[Assignment, ...]:
        first = next(iter(t for t in self.tasks.values() if t.clause.id == clause_id))
        return first.assignments


def load_catalogue(root: Path, units_root: Path | None = None, other_texts: tuple[str, ...] | None = ()) -> Catalogue:
    """The catalogue in `root`; its units from `units_root`'s departments.yaml (the workspace's,
    for a notice kept in a folder of its own), else its own. `other_texts`: the texts of the
    workspace's other notices, which may name a unit this one does not (None: one of them cannot
    be read, so whether a unit is named by none is not checked)."""
    problems: list[Problem] = []
    tasks_doc = _load(root / TASKS_FILE, problems)
    units_doc = _load((units_root or root) / DEPARTMENTS_FILE, problems)
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
    plan_path = root / ASSIGNMENTS_FILE
    plan_doc = _load(plan_path, problems) if plan_path.exists() or plan_path.is_symlink() else None
    plan = _validate(plan_doc, models.AssignmentsFile, problems)
    from .checks import run_checks  # only a catalogue read from its files is checked

    found = run_checks(tasks_doc, units_doc, tasks_file, units_file, parse_notice(notice_raw), other_texts)
    if found.problems or problems:
        raise DataError(found.problems + problems)
    catalogue = _Resolver(found).build(root)
    catalogue.goals = list(tasks_file.goals)
    if plan is not None:
        assert plan_doc is not None
        notice = {t.id: (t.clause.id, t.assignments) for t in catalogue.tasks.values()}
        plan_problems = plans.check_plan(plan_doc, plan, notice, catalogue.units)
        if plan_problems:
            raise DataError(plan_problems)
        catalogue = with_plan(catalogue, plan)
    catalogue.supervision = load_supervision(units_root or root, shipped_data_dir(), catalogue.notice.date)
    return catalogue


def make_task(
    task: models.Task,
    clause: models.Clause,
    section: models.Section,
    assignments: tuple[Assignment, ...],
    occurrences: tuple[Occurrence, ...],
    units: dict[str, models.Unit],
    notice: NoticeRef | None,
) -> CatalogueTask:
    """A task with the units that report on it worked out from its assignments."""
    reporting = [a for a in assignments if units[a.unit].kind in REPORTING_KINDS]
    reporters = tuple(a.unit for a in reporting if a.reports)
    assisting = tuple(a.unit for a in reporting if a.part == "assisting")
    pending = plans.pending_groups(assignments)
    members = {m for g in pending for m in units[g].members or [] if m not in reporters}
    may_report = frozenset({*reporters, *assisting, *members})
    return CatalogueTask(task, clause, section, assignments, occurrences, reporters, assisting, pending, may_report, notice)


def with_plan(cat: Catalogue, plan: models.AssignmentsFile) -> Catalogue:
    """The catalogue with the 分工方案 (already checked against it) applied to its tasks."""
    from dataclasses import replace

    entries = plans.plan_entries(plan, {t.id: t.clause.id for t in cat.tasks.values()})
    tasks = {}
    for task_id, t in cat.tasks.items():
        entry = entries.get(task_id)
        if entry is None:
            tasks[task_id] = t
            continue
        applied = plans.planned_assignments(t.assignments, entry, cat.units)
        tasks[task_id] = make_task(t.task, t.clause, t.section, applied, t.occurrences, cat.units, t.notice)
    return replace(cat, tasks=tasks, plan=plan)


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
        self.reviews = found.reviews

    # ── resolution ──
    def build(self, root: Path) -> Catalogue:
        tf = self.tf
        source = notice_ref(tf.notice)
        sections = {s.id: s for s in tf.sections}
        clause_order = [c.id for c in tf.clauses]
        tasks: dict[str, CatalogueTask] = {}
        for index, clause in enumerate(tf.clauses):
            rules = [rule for rule in tf.rules if clause_order.index(rule.stated_in) < index]
            r = clause.responsibility
            assignments = plans.notice_assignments(r.units, r.role, rules, self.units, lead=r.lead, assisting=r.assisting)
            section = sections[clause.id.split(".")[0]]
            for task in clause.tasks:
                tasks[task.id] = make_task(task, clause, section, assignments, self._occurrences(task), self.units, source)
        for clause_id, segment in self.uncovered:
            self.warnings.append(self.tdoc.problem(("clauses",), message("cat_uncovered", clause=clause_id, segment=segment)))
        if tf.warnings is not None:  # local settings, now kept where the office keeps the others
            self.warnings.append(self.tdoc.problem(("warnings",), message("cat_thresholds_moved"), key=True))
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
            reviews=self.reviews,
        )

    def _occurrences(self, task: models.Task) -> tuple[Occurrence, ...]:
        notice = self.tf.notice
        found = [Occurrence(d.date, d.phrase, "", firm=d.firm) for d in task.deadlines]
        if task.recurrence is not None:  # each period of each year the notice's work runs over
            for year in notice.years:
                for period, start, end in period_ends(task.recurrence.every, year):
                    if end >= notice.date:
                        key = period if period == str(year) else f"{year}{period}"
                        shown = period if len(notice.years) == 1 else key  # over several years, each period names its year
                        found.append(Occurrence(end, task.recurrence.phrase, shown, key, max(start, notice.date), derived=True))
        return tuple(sorted(found, key=lambda o: o.date))
