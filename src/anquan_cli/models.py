"""Pydantic models of the data files. They check shapes and values; cross-file rules live
in `catalogue.py`. Unknown fields are errors everywhere."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

UnitId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
ClauseId = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]*\.[1-9][0-9]*$")]
TaskId = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]*\.[1-9][0-9]*\.[1-9][0-9]*$")]
Text = Annotated[str, StringConstraints(min_length=1)]
Role = Literal["负责", "分工负责", "指导督促落实"]
Period = Literal["half_year", "year", "quarter", "month"]
UnitKind = Literal["department", "collective", "group", "township", "body", "addressee"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Deadline(Strict):
    date: dt.date
    phrase: Text  # the notice's own wording, e.g. 2025年6月底前


class Recurrence(Strict):
    every: Period
    phrase: Text  # e.g. 每半年


class Target(Strict):
    quote: Text
    firm: bool = True  # False for a target the notice words with 力争
    min: int | None = None
    max: int | None = None
    unit: str | None = None
    per: str | None = None
    level: str | None = None


class Requirement(Strict):
    quote: Text
    within: Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]*[hdw]$")]


class Task(Strict):
    id: TaskId
    title: Text
    text: Text
    tags: list[Text] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    recurrence: Recurrence | None = None
    targets: list[Target] = Field(default_factory=list)
    requirements: list[Requirement] = Field(default_factory=list)
    note: str | None = None


class Responsibility(Strict):
    quote: Text
    role: Role
    units: list[UnitId] = Field(min_length=1)
    open: bool = False  # the notice's list ends with 等部门


class Clause(Strict):
    id: ClauseId
    heading: Text
    responsibility: Responsibility
    tasks: list[Task] = Field(min_length=1)


class Section(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]*$")]
    heading: Text


class Rule(Strict):
    """An assignment the notice states once for many clauses."""

    id: UnitId
    quote: Text
    stated_in: ClauseId
    unit: UnitId
    role: Role
    applies_to: Literal["following_clauses"]


class Notice(Strict):
    number: Text
    title: Text
    issuer: UnitId
    date: dt.date
    year: int = Field(ge=2000, le=2100)


StatusWord = Literal["未启动", "推进中", "已完成", "已销号", "退回"]
EntryKind = Literal["update", "verify", "reject"]


class ProgressEntry(Strict):
    """One line of a progress file: what a unit reported, or the office's verify/reject."""

    task: TaskId
    unit: UnitId
    kind: EntryKind = "update"
    status: StatusWord
    percent: int | None = Field(default=None, ge=0, le=100)
    date: dt.date  # the day the progress is as of
    note: str | None = None
    evidence: str | None = None
    recorded_at: dt.datetime  # when the entry was written


class Thresholds(Strict):
    """预警 thresholds: kept with the catalogue so a county can set its own."""

    yellow_days: int = Field(default=15, ge=0, le=366)  # 黄牌: a deadline this near and not done
    lag_points: int = Field(default=20, ge=0, le=100)  # 黄牌: progress this far behind 序时进度


class TasksFile(Strict):
    notice: Notice
    warnings: Thresholds = Field(default_factory=lambda: Thresholds())
    rules: list[Rule] = Field(default_factory=list)
    tags: list[Text] = Field(default_factory=list)
    sections: list[Section] = Field(min_length=1)
    clauses: list[Clause] = Field(min_length=1)


class Unit(Strict):
    id: UnitId
    name: Text
    short: Text
    aliases: list[Text] = Field(default_factory=list)
    kind: UnitKind
    in_notice: bool  # False: local data, not named by the notice
    members: list[UnitId] | None = None  # always local data
    division_code: str | None = None
    note: str | None = None


class DepartmentsFile(Strict):
    units: list[Unit] = Field(min_length=1)
