"""Load, check and resolve a catalogue directory (tasks.yaml, departments.yaml, notice.txt).

`load_catalogue` returns a `Catalogue` in which every task knows its clause and section, the
units responsible for it (with where each assignment comes from) and its dated occurrences.
Every problem found is raised at once as a DataError of located problems.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from . import assignments as plans
from . import models
from .assignments import ASSIGNMENTS_FILE, Assignment
from .dates import period_ends, time_limit_date
from .errors import DataError, Problem
from .notice import NoticeText, parse_notice, segments
from .textfile import display_name, read_text

if typing.TYPE_CHECKING:
    from .yamlfile import YamlDocument

T = typing.TypeVar("T")

TASKS_FILE = "tasks.yaml"
DEPARTMENTS_FILE = "departments.yaml"
NOTICE_FILE = "notice.txt"

# Time limits as the notice words them; each one found in a task's text must be encoded.
TIME_LIMIT = re.compile(r"(?:\d{4}年)?\d{1,2}月(?:底|\d{1,2}日)前|年底前|年内|每半年|每季度|每年|每月")
# 年内 sets a window for a condition ("对年内发生…的"), never a due date, so it is not checked.
_NOT_A_TIME_LIMIT = {"年内"}
# The period each recurring time limit states.
PERIODS = {"每半年": "half_year", "每年": "year", "每季度": "quarter", "每月": "month"}
ROLES: tuple[str, ...] = typing.get_args(models.Role)
# The units that report progress themselves; a group or collective reports through its members.
REPORTING_KINDS = ("department", "township")


def shipped_data_dir() -> Path:
    """The catalogue inside the installed package, or `data/` of a source checkout."""
    packaged = Path(str(resources.files("anquan_cli"))) / "data"
    if (packaged / TASKS_FILE).is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class Occurrence:
    """One dated occurrence of a task: a dated task's time limit, or one period of a recurring duty."""

    date: dt.date
    phrase: str  # the notice's wording of the time limit
    period: str  # for a recurrence, which period ("H1", "Q3", "2025"); else ""
    key: str = ""  # what progress entries name it by: "" for a dated task, else e.g. "2025H1"
    start: dt.date | None = None  # when the period opens (None: from the notice date)
    derived: bool = False  # the date is derived from the period (上半年 → 06-30), not stated
    firm: bool = True  # False: a 力争 goal rather than a time limit


@dataclass(frozen=True)
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
    plan: models.AssignmentsFile | None = None  # the 分工方案 (assignments.yaml), local data

    @property
    def pending_tasks(self) -> list[CatalogueTask]:
        """Tasks with a group's part still 待分工."""
        return [t for t in self.tasks.values() if t.pending]

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
    plan_path = root / ASSIGNMENTS_FILE
    plan_doc = _load(plan_path, problems) if plan_path.exists() or plan_path.is_symlink() else None
    plan = _validate(plan_doc, models.AssignmentsFile, problems)
    checker = _Checker(tasks_doc, units_doc, tasks_file, units_file, parse_notice(notice_raw))
    checker.check()
    if checker.problems or problems:
        raise DataError(checker.problems + problems)
    catalogue = checker.build(root)
    if plan is not None:
        assert plan_doc is not None
        notice = {t.id: (t.clause.id, t.assignments) for t in catalogue.tasks.values()}
        found = plans.check_plan(plan_doc, plan, notice, catalogue.units)
        if found:
            raise DataError(found)
        catalogue = with_plan(catalogue, plan)
    return catalogue


def make_task(
    task: models.Task,
    clause: models.Clause,
    section: models.Section,
    assignments: tuple[Assignment, ...],
    occurrences: tuple[Occurrence, ...],
    units: dict[str, models.Unit],
) -> CatalogueTask:
    """A task with the units that report on it worked out from its assignments."""
    reporting = [a for a in assignments if units[a.unit].kind in REPORTING_KINDS]
    reporters = tuple(a.unit for a in reporting if a.reports)
    assisting = tuple(a.unit for a in reporting if a.part == "assisting")
    pending = plans.pending_groups(assignments)
    members = {m for g in pending for m in units[g].members or [] if m not in reporters}
    return CatalogueTask(task, clause, section, assignments, occurrences, reporters, assisting, pending, frozenset({*reporters, *assisting, *members}))


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
        tasks[task_id] = make_task(t.task, t.clause, t.section, applied, t.occurrences, cat.units)
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


class _Checker:
    """The cross-file rules: references, verbatim quotes, time limits, coverage."""

    def __init__(
        self,
        tasks_doc: YamlDocument,
        units_doc: YamlDocument,
        tasks_file: models.TasksFile,
        units_file: models.DepartmentsFile,
        notice: NoticeText,
    ) -> None:
        self.tdoc, self.udoc = tasks_doc, units_doc
        self.tf, self.uf = tasks_file, units_file
        self.notice = notice
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.units = {u.id: u for u in units_file.units}

    def check(self) -> None:
        self._check_units()
        self._check_notice()
        self._check_sections()
        self._check_clauses()
        self._check_rules()

    # ── departments.yaml ──
    def _check_units(self) -> None:
        seen: set[str] = set()
        names: dict[str, str] = {}
        for i, unit in enumerate(self.uf.units):
            if unit.id in seen:
                self.problems.append(self.udoc.problem(("units", i, "id"), f"duplicate unit id {unit.id!r}"))
            seen.add(unit.id)
            for j, name in enumerate([unit.name, unit.short, *unit.aliases]):
                where: tuple[str | int, ...] = ("units", i, "name" if j == 0 else "short" if j == 1 else "aliases")
                if j > 1:
                    where = (*where, j - 2)
                other = names.get(name)
                if other is not None and other != unit.id:
                    self.problems.append(self.udoc.problem(where, f"name {name!r} is also used by unit {other!r}"))
                names.setdefault(name, unit.id)
            if unit.in_notice and not any(n in self.notice.text for n in [unit.name, *unit.aliases]):
                self.problems.append(
                    self.udoc.problem(("units", i, "in_notice"), f"{unit.name!r} is not named in notice.txt; set in_notice: false")
                )
            if unit.members is not None and unit.kind not in ("group", "collective"):
                self.problems.append(self.udoc.problem(("units", i, "members"), f"a {unit.kind} has no members"))
        for i, unit in enumerate(self.uf.units):
            for j, member in enumerate(unit.members or []):
                member_at: tuple[str | int, ...] = ("units", i, "members", j)
                if member not in self.units:
                    self.problems.append(self.udoc.problem(member_at, f"unknown unit {member!r}"))
                elif self.units[member].members is not None or member == unit.id:
                    self.problems.append(self.udoc.problem(member_at, f"{member!r} is a group: groups cannot be members"))

    def _unit_ref(self, doc: YamlDocument, path: tuple[str | int, ...], unit_id: str) -> bool:
        if unit_id in self.units:
            return True
        self.problems.append(doc.problem(path, f"unknown unit {unit_id!r} (not in departments.yaml)"))
        return False

    # ── tasks.yaml ──
    def _check_notice(self) -> None:
        n = self.tf.notice
        flat = self.notice.text.replace("\n", "")
        for key, value in (("number", n.number), ("title", n.title)):
            if value not in flat:
                self.problems.append(self.tdoc.problem(("notice", key), f"{value!r} does not occur in notice.txt"))
        self._unit_ref(self.tdoc, ("notice", "issuer"), n.issuer)
        if n.date.year != n.year:
            self.problems.append(self.tdoc.problem(("notice", "year"), f"year {n.year} differs from the date's {n.date.year}"))
        self.tags = set(self.tf.tags)

    def _check_sections(self) -> None:
        seen: set[str] = set()
        for i, section in enumerate(self.tf.sections):
            if section.id in seen:
                self.problems.append(self.tdoc.problem(("sections", i, "id"), f"duplicate section id {section.id!r}"))
            seen.add(section.id)
            stated = self.notice.sections.get(int(section.id))
            if stated is None:
                self.problems.append(self.tdoc.problem(("sections", i, "id"), f"notice.txt has no section {section.id}"))
            elif stated != section.heading:
                self.problems.append(self.tdoc.problem(("sections", i, "heading"), f"differs from notice.txt: {stated!r}"))
        for number in self.notice.sections:
            if str(number) not in seen:
                self.problems.append(self.tdoc.problem(("sections",), f"section {number} of notice.txt is missing"))

    def _check_clauses(self) -> None:
        sections = {s.id for s in self.tf.sections}
        seen_clauses: set[str] = set()
        seen_tasks: set[str] = set()
        self.segment_count = 0
        self.uncovered: list[tuple[str, str]] = []
        for ci, clause in enumerate(self.tf.clauses):
            at = ("clauses", ci)
            if clause.id in seen_clauses:
                self.problems.append(self.tdoc.problem((*at, "id"), f"duplicate clause id {clause.id!r}"))
            seen_clauses.add(clause.id)
            section_id, number = clause.id.split(".")
            if section_id not in sections:
                self.problems.append(self.tdoc.problem((*at, "id"), f"section {section_id} is not in sections"))
            stated = self.notice.clauses.get((int(section_id), int(number)))
            if stated is None:
                self.problems.append(self.tdoc.problem((*at, "id"), f"notice.txt has no clause {clause.id}"))
                continue
            if stated.heading != clause.heading + "。":
                self.problems.append(self.tdoc.problem((*at, "heading"), f"differs from notice.txt: {stated.heading[:-1]!r}"))
            self._check_responsibility(at, clause, stated.responsibility)
            for ti, task in enumerate(clause.tasks):
                if task.id in seen_tasks:
                    self.problems.append(self.tdoc.problem((*at, "tasks", ti, "id"), f"duplicate task id {task.id!r}"))
                seen_tasks.add(task.id)
                if task.id != f"{clause.id}.{ti + 1}":
                    self.problems.append(
                        self.tdoc.problem((*at, "tasks", ti, "id"), f"task ids run {clause.id}.1, {clause.id}.2 …: expected {clause.id}.{ti + 1}")
                    )
                self._check_task((*at, "tasks", ti), task, stated.body)
            self._check_coverage(clause, stated.body)
        for key in self.notice.clauses:
            if f"{key[0]}.{key[1]}" not in seen_clauses:
                self.problems.append(self.tdoc.problem(("clauses",), f"clause {key[0]}.{key[1]} of notice.txt is missing"))

    def _check_responsibility(self, at: tuple[str | int, ...], clause: models.Clause, stated: str) -> None:
        r = clause.responsibility
        here = (*at, "responsibility")
        # The whole line (for 1.1 its first sentence): a part of it could leave out a unit unnoticed.
        line = stated.split("。")[0]
        if r.quote != line:
            self.problems.append(self.tdoc.problem((*here, "quote"), f"not the clause's whole responsibility line {line!r}"))
            return
        # The longest role the quote ends in: 分工负责 also ends in 负责.
        worded = max((role for role in ROLES if r.quote.endswith(role)), key=len, default=None)
        if worded != r.role:
            said = f"ends in {worded!r}" if worded else "does not end in a role"
            self.problems.append(self.tdoc.problem((*here, "role"), f"the quote {said}, not {r.role!r}"))
        if r.open != ("等部门" in r.quote):
            self.problems.append(self.tdoc.problem((*here, "open"), "open must be true exactly when the quote says 等部门"))
        rest = r.quote
        for ui, unit_id in enumerate(r.units):
            if not self._unit_ref(self.tdoc, (*here, "units", ui), unit_id):
                continue
            name = self.units[unit_id].name
            if name not in rest:
                self.problems.append(self.tdoc.problem((*here, "units", ui), f"{name!r} is not named in the quote"))
            rest = rest.replace(name, "")
        for unit in self.units.values():
            if unit.in_notice and unit.kind != "body" and unit.name in rest:
                self.problems.append(self.tdoc.problem((*here, "units"), f"the quote names {unit.name!r} ({unit.id}) but units omit it"))

    def _check_task(self, at: tuple[str | int, ...], task: models.Task, body: str) -> None:
        if task.text not in body:
            self.problems.append(self.tdoc.problem((*at, "text"), "not verbatim in this clause of notice.txt"))
        for gi, tag in enumerate(task.tags):
            if tag not in self.tags:
                self.problems.append(self.tdoc.problem((*at, "tags", gi), f"unknown tag {tag!r} (add it to tags: first)"))
        phrases = set()
        for di, deadline in enumerate(task.deadlines):
            here = (*at, "deadlines", di)
            phrases.add(deadline.phrase)
            self._quote_in_text((*here, "phrase"), deadline.phrase, task.text)
            if deadline.date < self.tf.notice.date:
                self.problems.append(self.tdoc.problem((*here, "date"), f"{deadline.date} is before the notice date {self.tf.notice.date}"))
            meant = time_limit_date(deadline.phrase, self.tf.notice.year)
            if meant is None:
                self.problems.append(self.tdoc.problem((*here, "phrase"), f"{deadline.phrase!r} is not a time limit (e.g. 2025年6月底前, 年底前)"))
            elif meant != deadline.date:
                self.problems.append(self.tdoc.problem((*here, "date"), f"{deadline.phrase!r} means {meant}, not {deadline.date}"))
        if task.recurrence is not None:
            phrases.add(task.recurrence.phrase)
            self._quote_in_text((*at, "recurrence", "phrase"), task.recurrence.phrase, task.text)
            meant_every = PERIODS.get(task.recurrence.phrase)
            if meant_every is None:
                self.problems.append(self.tdoc.problem((*at, "recurrence", "phrase"), f"{task.recurrence.phrase!r} is not a recurrence (e.g. 每半年, 每年)"))
            elif meant_every != task.recurrence.every:
                self.problems.append(
                    self.tdoc.problem((*at, "recurrence", "every"), f"{task.recurrence.phrase!r} means {meant_every}, not {task.recurrence.every}")
                )
        for gi, target in enumerate(task.targets):
            self._quote_in_text((*at, "targets", gi, "quote"), target.quote, task.text)
            if target.min is not None and target.max is not None and target.min > target.max:
                self.problems.append(self.tdoc.problem((*at, "targets", gi, "max"), "max is below min"))
        for qi, requirement in enumerate(task.requirements):
            self._quote_in_text((*at, "requirements", qi, "quote"), requirement.quote, task.text)
        for match in TIME_LIMIT.finditer(task.text):
            limit = match.group(0)
            if limit not in _NOT_A_TIME_LIMIT and not any(limit in p for p in phrases):
                self.problems.append(self.tdoc.problem((*at, "text"), f"states the time limit {limit!r} but no deadline or recurrence encodes it"))

    def _quote_in_text(self, path: tuple[str | int, ...], quote: str, text: str) -> None:
        if quote not in text:
            self.problems.append(self.tdoc.problem(path, f"{quote!r} is not in the task's text"))

    def _check_coverage(self, clause: models.Clause, body: str) -> None:
        for segment in segments(body):
            self.segment_count += 1
            quoting = [t.id for t in clause.tasks if segment in t.text]
            if not quoting:
                self.uncovered.append((clause.id, segment))
            elif len(quoting) > 1:
                self.warnings.append(
                    self.tdoc.problem(("clauses",), f"clause {clause.id}: {segment[:20]!r}… is quoted by {', '.join(quoting)}")
                )

    def _check_rules(self) -> None:
        clause_ids = [c.id for c in self.tf.clauses]
        for ri, rule in enumerate(self.tf.rules):
            at = ("rules", ri)
            self._unit_ref(self.tdoc, (*at, "unit"), rule.unit)
            if rule.stated_in not in clause_ids:
                self.problems.append(self.tdoc.problem((*at, "stated_in"), f"unknown clause {rule.stated_in!r}"))
                continue
            stated = self.notice.clauses.get(tuple(int(p) for p in rule.stated_in.split(".")))  # type: ignore[arg-type]
            if stated is None or rule.quote not in stated.responsibility:
                self.problems.append(self.tdoc.problem((*at, "quote"), f"not in the responsibility line of clause {rule.stated_in}"))
            elif rule.unit in self.units:
                # Like a clause's units and role, the rule's are what its quote says.
                name = self.units[rule.unit].name
                if name not in rule.quote:
                    self.problems.append(self.tdoc.problem((*at, "unit"), f"{name!r} is not named in the quote"))
                elif name + rule.role not in rule.quote:
                    self.problems.append(self.tdoc.problem((*at, "role"), f"the quote does not say {name + rule.role!r}"))

    # ── resolution ──
    def build(self, root: Path) -> Catalogue:
        tf = self.tf
        sections = {s.id: s for s in tf.sections}
        clause_order = [c.id for c in tf.clauses]
        tasks: dict[str, CatalogueTask] = {}
        for index, clause in enumerate(tf.clauses):
            rules = [rule for rule in tf.rules if clause_order.index(rule.stated_in) < index]
            r = clause.responsibility
            assignments = plans.notice_assignments(r.units, r.role, rules, self.units)
            section = sections[clause.id.split(".")[0]]
            for task in clause.tasks:
                tasks[task.id] = make_task(task, clause, section, assignments, self._occurrences(task), self.units)
        for clause_id, segment in self.uncovered:
            self.warnings.append(self.tdoc.problem(("clauses",), f"clause {clause_id}: no task quotes {segment!r}"))
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

    def _occurrences(self, task: models.Task) -> tuple[Occurrence, ...]:
        year = self.tf.notice.year
        found = [Occurrence(d.date, d.phrase, "", firm=d.firm) for d in task.deadlines]
        if task.recurrence is not None:
            for period, start, end in period_ends(task.recurrence.every, year):
                if end >= self.tf.notice.date:
                    key = period if period == str(year) else f"{year}{period}"
                    found.append(Occurrence(end, task.recurrence.phrase, period, key, max(start, self.tf.notice.date), derived=True))
        return tuple(sorted(found, key=lambda o: o.date))
