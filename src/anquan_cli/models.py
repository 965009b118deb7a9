"""The data files' models: frozen stdlib dataclasses whose annotations carry the constraints.

Pydantic validates them (`validation.py`: shapes and values; cross-file rules live in
`catalogue.py`; unknown fields are errors everywhere), but they do not depend on it: a cached,
already validated catalogue loads without importing pydantic, which keeps every command fast.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import Annotated, Any, ClassVar, Literal

from .records import record


class Constraint:
    """Annotation metadata that pydantic applies (and writes into the JSON Schema) without
    this module importing pydantic: the keywords of pydantic's core schema for the type,
    e.g. pattern= and max_length= for a string, ge= and le= for an integer, min_length= for a list."""

    def __init__(self, **keywords: object) -> None:
        self.keywords = keywords

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        schema.update(self.keywords)
        return schema


def Pattern(regex: str, **more: object) -> Constraint:
    return Constraint(pattern=regex, **more)


NonEmpty = Constraint(min_length=1)

# The shapes of ids, by name: yamlfile words a mismatch by them (PATTERN_SHAPES).
UNIT_ID = r"^[a-z][a-z0-9_]*$"
CLAUSE_ID = r"^[1-9][0-9]*\.[1-9][0-9]*$"
TASK_ID = r"^[1-9][0-9]*\.[1-9][0-9]*\.[1-9][0-9]*$"
ENTRY_TASK_ID = r"^([^:\s]{1,80}:)?[1-9][0-9]*\.[1-9][0-9]*\.[1-9][0-9]*$"
SECTION_ID = r"^[1-9][0-9]*$"
WITHIN = r"^[1-9][0-9]*[hdw]$"
OCCURRENCE_KEY = r"^(|[0-9]{4}(H[12]|Q[1-4]|M(0[1-9]|1[0-2]))?|E[1-9][0-9]*)$"
ALIAS = r"^[^:\s]{1,20}$"
PATTERN_SHAPES = {
    UNIT_ID: "shape_unit_id",
    CLAUSE_ID: "shape_clause_id",
    TASK_ID: "shape_task_id",
    ENTRY_TASK_ID: "shape_entry_task_id",
    SECTION_ID: "shape_section_id",
    WITHIN: "shape_within",
    OCCURRENCE_KEY: "shape_occurrence_key",
    ALIAS: "shape_alias",
}

UnitId = Annotated[str, Pattern(UNIT_ID, max_length=64)]
ClauseId = Annotated[str, Pattern(CLAUSE_ID)]
TaskId = Annotated[str, Pattern(TASK_ID)]
# A progress entry names its task as the catalogue numbers it, or qualified by the notice it
# belongs to (its number or the office's alias): 陵政发〔2025〕1号:5.3.2. A workspace with
# several notices writes the qualified form (notices.py).
EntryTaskId = Annotated[str, Pattern(ENTRY_TASK_ID)]
Text = Annotated[str, NonEmpty]
Role = Literal["负责", "分工负责", "指导督促落实", "牵头"]  # 牵头: a line that also names 配合 or 责任 units
Period = Literal["half_year", "year", "quarter", "month"]
UnitKind = Literal["department", "collective", "group", "township", "body", "addressee"]


class Strict:
    """Base of every model: unknown fields are errors."""

    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}


@record(frozen=True, kw_only=True)
class Review(Strict):
    """A mark `anquan draft` leaves on what it inferred rather than copied (a title, a kind, a
    unit's id or short name …): listed by `anquan validate` until a person checks the values
    and deletes the mark. Quotes are never marked: validate proves them."""

    fields: Annotated[list[Text], NonEmpty]  # the keys inferred, e.g. [title, duty]
    reason: Text


@record(frozen=True, kw_only=True)
class Deadline(Strict):
    date: dt.date
    phrase: Text  # the notice's own wording, e.g. 2025年6月底前
    firm: bool = True  # False for a time limit the notice words with 力争: a goal, not a limit


# The kinds of duty (docs/catalogue-format.md): each has its own rules for occurrences and status.
DutyKind = Literal["dated", "recurring", "standing", "contingent", "once"]


@record(frozen=True, kw_only=True)
class Duty(Strict):
    """What kind of duty a task is, with the notice's words it is read from."""

    kind: DutyKind
    quote: str | None = None  # verbatim in the task's text; required except for `once`
    note: str | None = None  # why, where the reading is a judgement


@record(frozen=True, kw_only=True)
class Goal(Strict):
    """An outcome the notice states for the whole year (e.g. in its preamble), quoted."""

    quote: Text


@record(frozen=True, kw_only=True)
class Recurrence(Strict):
    every: Period
    phrase: Text  # e.g. 每半年


@record(frozen=True, kw_only=True)
class Target(Strict):
    quote: Text
    firm: bool = True  # False for a target the notice words with 力争
    min: int | None = None
    max: int | None = None
    unit: str | None = None
    per: str | None = None
    level: str | None = None
    note: str | None = None  # how the quote is read, where that is a judgement (e.g. a floor)


@record(frozen=True, kw_only=True)
class Requirement(Strict):
    quote: Text
    within: Annotated[str, Pattern(WITHIN)]


@record(frozen=True, kw_only=True)
class Task(Strict):
    id: TaskId
    title: Text
    text: Text
    tags: list[Text] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    recurrence: Recurrence | None = None
    duty: Duty | None = None  # None (older catalogues): read from deadlines and recurrence
    targets: list[Target] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    note: str | None = None
    review: Review | None = None  # a draft's inferred values, until a person checks them


@record(frozen=True, kw_only=True)
class Responsibility(Strict):
    quote: Text
    role: Role
    units: Annotated[list[UnitId], NonEmpty]
    open: bool = False  # the notice's list ends with 等部门
    # With role 牵头: which of `units` lead (牵头) and which assist (配合); the rest are 责任 units.
    lead: list[UnitId] = field(default_factory=list)
    assisting: list[UnitId] = field(default_factory=list)


@record(frozen=True, kw_only=True)
class Clause(Strict):
    id: ClauseId
    heading: Text  # the notice's heading; a summary where the notice states none (then under review)
    responsibility: Responsibility
    tasks: Annotated[list[Task], NonEmpty]
    review: Review | None = None


@record(frozen=True, kw_only=True)
class Section(Strict):
    id: Annotated[str, Pattern(SECTION_ID)]
    heading: Text


@record(frozen=True, kw_only=True)
class Rule(Strict):
    """An assignment the notice states once for many clauses."""

    id: UnitId
    quote: Text
    stated_in: ClauseId
    unit: UnitId
    role: Role
    applies_to: Literal["following_clauses"]
    review: Review | None = None


@record(frozen=True, kw_only=True)
class Span(Strict):
    """The years a notice's work runs over, as it states them (a 三年行动: （2025—2027年）)."""

    quote: Text  # verbatim in the notice
    first: Annotated[int, Constraint(ge=2000, le=2100)]
    last: Annotated[int, Constraint(ge=2000, le=2100)]


@record(frozen=True, kw_only=True)
class Notice(Strict):
    number: Text
    title: Text
    issuer: UnitId
    date: dt.date
    year: Annotated[int, Constraint(ge=2000, le=2100)]
    span: Span | None = None  # None: the work of `year`
    review: Review | None = None

    @property
    def years(self) -> tuple[int, ...]:
        """The years whose periods its recurring duties owe, in order."""
        if self.span is None:
            return (self.year,)
        return tuple(range(self.span.first, self.span.last + 1))


StatusWord = Literal["未启动", "推进中", "已完成", "已销号", "退回", "撤销销号", "已触发", "撤回", "红牌警告", "黄牌警告"]
# update and withdraw are a unit's; the rest are the office's (县安委办), written to its own file.
# red_card, yellow_card: the notice's 红黄牌警告 (2.3.1), a decision of the office on one unit (`about`)
EntryKind = Literal["update", "verify", "reject", "reopen", "trigger", "withdraw", "red_card", "yellow_card"]
OFFICE_KINDS = ("verify", "reject", "reopen", "trigger", "red_card", "yellow_card")
# The occurrence an entry is about: "" (a task with one), a period of a recurring duty
# ("2025H1", "2025Q3", "2025", "2025M05") or an event of a contingent one ("E1", "E2" …).
OccurrenceKey = Annotated[str, Pattern(OCCURRENCE_KEY)]


@record(frozen=True, kw_only=True)
class ProgressEntry(Strict):
    """One line of a progress file: what a unit reported (or withdrew), or an office action."""

    task: EntryTaskId
    unit: UnitId
    kind: EntryKind = "update"
    status: StatusWord
    percent: Annotated[int, Constraint(ge=0, le=100, strict=True)] | None = None  # strict: true is not 1%
    period: OccurrenceKey | None = None  # None (older entries): the occurrence open at `date`
    date: dt.date  # the day the progress is as of
    note: str | None = None
    evidence: str | None = None
    recorded_at: dt.datetime  # when the entry was written; strictly increasing in a workspace
    about: UnitId | None = None  # an office action on one unit only (reject --dept)
    replaces: dt.datetime | None = None  # the recorded_at of the same unit's entry this corrects or withdraws


@record(frozen=True, kw_only=True)
class Thresholds(Strict):
    """The 预警 thresholds of catalogues from before supervision.yaml: still read, no longer used
    (anquan validate says where they went)."""

    yellow_days: Annotated[int, Constraint(ge=0, le=366)] = 15  # 黄牌: a deadline this near and not done
    lag_points: Annotated[int, Constraint(ge=0, le=100)] = 20  # 黄牌: progress this far behind 序时进度


@record(frozen=True, kw_only=True)
class TasksFile(Strict):
    notice: Notice
    warnings: Thresholds | None = None  # moved to supervision.yaml
    rules: list[Rule] = field(default_factory=list)
    tags: list[Text] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    sections: Annotated[list[Section], NonEmpty]
    clauses: Annotated[list[Clause], NonEmpty]


@record(frozen=True, kw_only=True)
class Unit(Strict):
    id: UnitId
    name: Text
    short: Text
    aliases: list[Text] = field(default_factory=list)
    kind: UnitKind
    in_notice: bool  # False: local data, not named by the notice
    members: list[UnitId] | None = None  # always local data
    division_code: str | None = None
    note: str | None = None
    review: Review | None = None


@record(frozen=True, kw_only=True)
class PlanEntry(Strict):
    """One row of a 分工方案 (任务分解表): the units of one task, or of every task of a clause."""

    task: TaskId | None = None
    clause: ClauseId | None = None
    lead: list[UnitId] = field(default_factory=list)  # 牵头单位
    responsible: list[UnitId] = field(default_factory=list)  # 责任单位
    assisting: list[UnitId] = field(default_factory=list)  # 配合单位
    note: str | None = None


@record(frozen=True, kw_only=True)
class AssignmentsFile(Strict):
    """assignments.yaml: the county's own 分工方案, local data that refines the notice."""

    title: Text
    example: bool = False  # a worked example (示例), not a decision of the county
    issued: dt.date | None = None  # the day the county issued it
    tasks: list[PlanEntry] = field(default_factory=list)


@record(frozen=True, kw_only=True)
class NoticeEntry(Strict):
    """One notice a workspace tracks: its catalogue's folder and the office's short name for it."""

    alias: Annotated[str, Pattern(ALIAS)]  # what qualified ids show: 安全:5.3.2
    dir: Text  # relative to the workspace: "." for the catalogue beside notices.yaml


@record(frozen=True, kw_only=True)
class NoticesFile(Strict):
    """notices.yaml: the notices one workspace tracks together (local data)."""

    notices: Annotated[list[NoticeEntry], NonEmpty]


@record(frozen=True, kw_only=True)
class DepartmentsFile(Strict):
    units: Annotated[list[Unit], NonEmpty]
