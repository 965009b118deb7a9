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

from . import models
from .dates import period_ends, time_limit_date
from .errors import DataError, Problem
from .labels import Labels, language, message
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
    checker = _Checker(tasks_doc, units_doc, tasks_file, units_file, parse_notice(notice_raw))
    checker.check()
    if checker.problems:
        raise DataError(checker.problems)
    return checker.build(root)


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
                self.problems.append(self.udoc.problem(("units", i, "id"), message("cat_duplicate_unit", id=unit.id)))
            seen.add(unit.id)
            for j, name in enumerate([unit.name, unit.short, *unit.aliases]):
                where: tuple[str | int, ...] = ("units", i, "name" if j == 0 else "short" if j == 1 else "aliases")
                if j > 1:
                    where = (*where, j - 2)
                other = names.get(name)
                if other is not None and other != unit.id:
                    self.problems.append(self.udoc.problem(where, message("cat_name_reused", name=name, other=other)))
                names.setdefault(name, unit.id)
            if unit.in_notice and not any(n in self.notice.text for n in [unit.name, *unit.aliases]):
                self.problems.append(self.udoc.problem(("units", i, "in_notice"), message("cat_not_in_notice", name=unit.name)))
            if unit.members is not None and unit.kind not in ("group", "collective"):
                self.problems.append(self.udoc.problem(("units", i, "members"), message("cat_no_members", kind=Labels(language())(f"kind_{unit.kind}"))))
        for i, unit in enumerate(self.uf.units):
            for j, member in enumerate(unit.members or []):
                member_at: tuple[str | int, ...] = ("units", i, "members", j)
                if member not in self.units:
                    self.problems.append(self.udoc.problem(member_at, message("cat_unknown_member", member=member)))
                elif self.units[member].members is not None or member == unit.id:
                    self.problems.append(self.udoc.problem(member_at, message("cat_group_member", member=member)))

    def _unit_ref(self, doc: YamlDocument, path: tuple[str | int, ...], unit_id: str) -> bool:
        if unit_id in self.units:
            return True
        self.problems.append(doc.problem(path, message("cat_unknown_unit", id=unit_id)))
        return False

    # ── tasks.yaml ──
    def _check_notice(self) -> None:
        n = self.tf.notice
        flat = self.notice.text.replace("\n", "")
        for key, value in (("number", n.number), ("title", n.title)):
            if value not in flat:
                self.problems.append(self.tdoc.problem(("notice", key), message("cat_not_in_notice_text", value=value)))
        self._unit_ref(self.tdoc, ("notice", "issuer"), n.issuer)
        if n.date.year != n.year:
            self.problems.append(self.tdoc.problem(("notice", "year"), message("cat_year_differs", year=n.year, date_year=n.date.year)))
        self.tags = set(self.tf.tags)

    def _check_sections(self) -> None:
        seen: set[str] = set()
        for i, section in enumerate(self.tf.sections):
            if section.id in seen:
                self.problems.append(self.tdoc.problem(("sections", i, "id"), message("cat_duplicate_section", id=section.id)))
            seen.add(section.id)
            stated = self.notice.sections.get(int(section.id))
            if stated is None:
                self.problems.append(self.tdoc.problem(("sections", i, "id"), message("cat_no_section", id=section.id)))
            elif stated != section.heading:
                self.problems.append(self.tdoc.problem(("sections", i, "heading"), message("cat_heading_differs", stated=stated)))
        for number in self.notice.sections:
            if str(number) not in seen:
                self.problems.append(self.tdoc.problem(("sections",), message("cat_section_missing", number=number)))

    def _check_clauses(self) -> None:
        sections = {s.id for s in self.tf.sections}
        seen_clauses: set[str] = set()
        seen_tasks: set[str] = set()
        self.segment_count = 0
        self.uncovered: list[tuple[str, str]] = []
        for ci, clause in enumerate(self.tf.clauses):
            at = ("clauses", ci)
            if clause.id in seen_clauses:
                self.problems.append(self.tdoc.problem((*at, "id"), message("cat_duplicate_clause", id=clause.id)))
            seen_clauses.add(clause.id)
            section_id, number = clause.id.split(".")
            if section_id not in sections:
                self.problems.append(self.tdoc.problem((*at, "id"), message("cat_section_not_listed", id=section_id)))
            stated = self.notice.clauses.get((int(section_id), int(number)))
            if stated is None:
                self.problems.append(self.tdoc.problem((*at, "id"), message("cat_no_clause", id=clause.id)))
                continue
            if stated.heading != clause.heading + "。":
                self.problems.append(self.tdoc.problem((*at, "heading"), message("cat_heading_differs", stated=stated.heading[:-1])))
            self._check_responsibility(at, clause, stated.responsibility)
            for ti, task in enumerate(clause.tasks):
                if task.id in seen_tasks:
                    self.problems.append(self.tdoc.problem((*at, "tasks", ti, "id"), message("cat_duplicate_task", id=task.id)))
                seen_tasks.add(task.id)
                if task.id != f"{clause.id}.{ti + 1}":
                    self.problems.append(
                        self.tdoc.problem((*at, "tasks", ti, "id"), message("cat_task_order", clause=clause.id, expected=f"{clause.id}.{ti + 1}"))
                    )
                self._check_task((*at, "tasks", ti), task, stated.body)
            self._check_coverage(clause, stated.body)
        for key in self.notice.clauses:
            if f"{key[0]}.{key[1]}" not in seen_clauses:
                self.problems.append(self.tdoc.problem(("clauses",), message("cat_clause_missing", id=f"{key[0]}.{key[1]}")))

    def _check_responsibility(self, at: tuple[str | int, ...], clause: models.Clause, stated: str) -> None:
        r = clause.responsibility
        here = (*at, "responsibility")
        # The whole line (for 1.1 its first sentence): a part of it could leave out a unit unnoticed.
        line = stated.split("。")[0]
        if r.quote != line:
            self.problems.append(self.tdoc.problem((*here, "quote"), message("cat_not_whole_line", line=line)))
            return
        # The longest role the quote ends in: 分工负责 also ends in 负责.
        worded = max((role for role in ROLES if r.quote.endswith(role)), key=len, default=None)
        if worded != r.role:
            said = message("cat_role_ends", worded=worded, role=r.role) if worded else message("cat_role_none", role=r.role)
            self.problems.append(self.tdoc.problem((*here, "role"), said))
        if r.open != ("等部门" in r.quote):
            self.problems.append(self.tdoc.problem((*here, "open"), message("cat_open")))
        rest = r.quote
        for ui, unit_id in enumerate(r.units):
            if not self._unit_ref(self.tdoc, (*here, "units", ui), unit_id):
                continue
            name = self.units[unit_id].name
            if name not in rest:
                self.problems.append(self.tdoc.problem((*here, "units", ui), message("cat_unit_not_quoted", name=name)))
            rest = rest.replace(name, "")
        for unit in self.units.values():
            if unit.in_notice and unit.kind != "body" and unit.name in rest:
                self.problems.append(self.tdoc.problem((*here, "units"), message("cat_unit_omitted", name=unit.name, id=unit.id)))

    def _check_task(self, at: tuple[str | int, ...], task: models.Task, body: str) -> None:
        if task.text not in body:
            self.problems.append(self.tdoc.problem((*at, "text"), "not verbatim in this clause of notice.txt"))
        for gi, tag in enumerate(task.tags):
            if tag not in self.tags:
                self.problems.append(self.tdoc.problem((*at, "tags", gi), message("cat_unknown_tag", tag=tag)))
        phrases = set()
        for di, deadline in enumerate(task.deadlines):
            here = (*at, "deadlines", di)
            phrases.add(deadline.phrase)
            self._quote_in_text((*here, "phrase"), deadline.phrase, task.text)
            if deadline.date < self.tf.notice.date:
                self.problems.append(self.tdoc.problem((*here, "date"), message("cat_date_before_notice", date=deadline.date, notice=self.tf.notice.date)))
            meant = time_limit_date(deadline.phrase, self.tf.notice.year)
            if meant is None:
                self.problems.append(self.tdoc.problem((*here, "phrase"), message("cat_not_time_limit", phrase=deadline.phrase)))
            elif meant != deadline.date:
                self.problems.append(self.tdoc.problem((*here, "date"), message("cat_phrase_means", phrase=deadline.phrase, meant=meant, date=deadline.date)))
        if task.recurrence is not None:
            phrases.add(task.recurrence.phrase)
            self._quote_in_text((*at, "recurrence", "phrase"), task.recurrence.phrase, task.text)
            meant_every = PERIODS.get(task.recurrence.phrase)
            if meant_every is None:
                self.problems.append(self.tdoc.problem((*at, "recurrence", "phrase"), message("cat_not_recurrence", phrase=task.recurrence.phrase)))
            elif meant_every != task.recurrence.every:
                self.problems.append(
                    self.tdoc.problem(
                        (*at, "recurrence", "every"),
                        message("cat_phrase_means", phrase=task.recurrence.phrase, meant=meant_every, date=task.recurrence.every),
                    )
                )
        for gi, target in enumerate(task.targets):
            self._quote_in_text((*at, "targets", gi, "quote"), target.quote, task.text)
            if target.min is not None and target.max is not None and target.min > target.max:
                self.problems.append(self.tdoc.problem((*at, "targets", gi, "max"), message("cat_max_below_min")))
        for qi, requirement in enumerate(task.requirements):
            self._quote_in_text((*at, "requirements", qi, "quote"), requirement.quote, task.text)
        for match in TIME_LIMIT.finditer(task.text):
            limit = match.group(0)
            if limit not in _NOT_A_TIME_LIMIT and not any(limit in p for p in phrases):
                self.problems.append(self.tdoc.problem((*at, "text"), message("cat_limit_unencoded", limit=limit)))

    def _quote_in_text(self, path: tuple[str | int, ...], quote: str, text: str) -> None:
        if quote not in text:
            self.problems.append(self.tdoc.problem(path, message("cat_quote_not_in_text", quote=quote)))

    def _check_coverage(self, clause: models.Clause, body: str) -> None:
        for segment in segments(body):
            self.segment_count += 1
            quoting = [t.id for t in clause.tasks if segment in t.text]
            if not quoting:
                self.uncovered.append((clause.id, segment))
            elif len(quoting) > 1:
                self.warnings.append(
                    self.tdoc.problem(("clauses",), message("cat_quoted_twice", clause=clause.id, segment=segment[:20], tasks=", ".join(quoting)))
                )

    def _check_rules(self) -> None:
        clause_ids = [c.id for c in self.tf.clauses]
        for ri, rule in enumerate(self.tf.rules):
            at = ("rules", ri)
            self._unit_ref(self.tdoc, (*at, "unit"), rule.unit)
            if rule.stated_in not in clause_ids:
                self.problems.append(self.tdoc.problem((*at, "stated_in"), message("cat_unknown_clause", id=rule.stated_in)))
                continue
            stated = self.notice.clauses.get(tuple(int(p) for p in rule.stated_in.split(".")))  # type: ignore[arg-type]
            if stated is None or rule.quote not in stated.responsibility:
                self.problems.append(self.tdoc.problem((*at, "quote"), message("cat_rule_not_in_line", clause=rule.stated_in)))
            elif rule.unit in self.units:
                # Like a clause's units and role, the rule's are what its quote says.
                name = self.units[rule.unit].name
                if name not in rule.quote:
                    self.problems.append(self.tdoc.problem((*at, "unit"), message("cat_unit_not_quoted", name=name)))
                elif name + rule.role not in rule.quote:
                    self.problems.append(self.tdoc.problem((*at, "role"), message("cat_rule_role", said=name + rule.role)))

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
