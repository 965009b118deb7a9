"""supervision.yaml: how the office supervises — the reporting cycle, the 预警 rules and the
调度通报's 主送, 落款 and issue register. Local data, never the notice's: every output that uses
it says so.

A workspace made by `anquan init` gets a copy of the shipped default (data/supervision.yaml),
which the office edits; a workspace without one (or the shipped catalogue) uses that default.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import field
from pathlib import Path
from typing import Annotated, Literal

from .errors import DataError
from .labels import message
from .models import Constraint, NonEmpty, Strict, Text
from .records import record

SUPERVISION_FILE = "supervision.yaml"

Level = Literal["yellow", "red"]
RuleKind = Literal["lag", "near_due", "overdue", "unreported", "repeated"]
LEVELS: tuple[Level, ...] = ("yellow", "red")  # in rising order
DEFAULT_REMIND_DAYS = 15

# what each kind of rule needs, and what it must not have (a stray threshold would be ignored)
RULE_PARAMETERS: dict[str, tuple[str, ...]] = {
    "lag": ("points",),
    "near_due": ("days", "below"),
    "overdue": ("days",),
    "unreported": ("cycles",),
    "repeated": ("cycles",),
}


@record(frozen=True, kw_only=True)
class ReportingCycle(Strict):
    """Units report once a cycle, by its due day: e.g. every month by the 25th."""

    every: Literal["month", "quarter", "week"] = "month"
    # month, quarter: the day of the (quarter's last) month, clipped to its length; week: 1 = Monday … 7
    due_day: Annotated[int, Constraint(ge=1, le=31, strict=True)] = 25


@record(frozen=True, kw_only=True)
class WarningRule(Strict):
    """One 预警 rule. lag: an occurrence's percent more than `points` behind 序时进度;
    near_due: a time limit within `days` days and the percent under `below`; overdue: at least
    `days` days past a time limit; unreported: 未报送 in `cycles` cycles in a row; repeated:
    a yellow 预警 at the due day of `cycles` cycles in a row."""

    level: Level
    rule: RuleKind
    points: Annotated[int, Constraint(ge=0, le=100, strict=True)] | None = None
    days: Annotated[int, Constraint(ge=0, le=366, strict=True)] | None = None
    below: Annotated[int, Constraint(ge=1, le=100, strict=True)] | None = None
    cycles: Annotated[int, Constraint(ge=1, le=60, strict=True)] | None = None


@record(frozen=True, kw_only=True)
class Issue(Strict):
    """A 调度通报 already sent: its 期号 and the day it reported as of."""

    number: Annotated[int, Constraint(ge=1, le=9999, strict=True)]
    date: dt.date


@record(frozen=True, kw_only=True)
class BulletinSettings(Strict):
    issuer: Text  # the 落款
    recipients: Text  # the 主送 line, without its colon
    name_limit: Annotated[int, Constraint(ge=1, le=100, strict=True)] = 5  # names listed before 等N个单位
    issues: list[Issue] = field(default_factory=list)


@record(frozen=True, kw_only=True)
class SupervisionFile(Strict):
    title: Text
    example: bool = False  # shipped default or example, not the office's decision yet
    reporting: ReportingCycle | None = None  # None: no cycle set, no 未报送
    warnings: list[WarningRule] = field(default_factory=list)
    bulletin: BulletinSettings
    source: Annotated[str, NonEmpty] | None = None  # where it came from, e.g. a 通知 of the office


@record(frozen=True)
class Supervision:
    """The checked settings, and whether they are the workspace's own file or the default."""

    file: SupervisionFile
    own: bool
    cycles_from: dt.date  # reporting cycles run from here: the (first) notice's date, one count for the workspace

    @property
    def rules(self) -> list[WarningRule]:
        return self.file.warnings

    @property
    def remind_days(self) -> int:
        """How many days before a time limit a calendar reminds: the first near_due rule's days."""
        return next((r.days for r in self.rules if r.rule == "near_due" and r.days is not None), DEFAULT_REMIND_DAYS)

    def issue_on(self, day: dt.date) -> Issue | None:
        return next((i for i in self.file.bulletin.issues if i.date == day), None)

    def issue_before(self, day: dt.date) -> Issue | None:
        earlier = [i for i in self.file.bulletin.issues if i.date < day]
        return max(earlier, key=lambda i: i.date) if earlier else None


def describe(supervision: Supervision) -> str:
    """One line for `anquan validate`: which settings apply, and that they are local data."""
    file, cycle = supervision.file, supervision.file.reporting
    if cycle is None:
        when = message("sup_no_cycle")
    else:
        when = message({"month": "sup_monthly", "quarter": "sup_quarterly", "week": "sup_weekly"}[cycle.every], day=cycle.due_day)
    key = "sup_line_example" if file.example else "sup_line"
    return message(key, title=file.title, cycle=when, rules=len(file.warnings), issues=len(file.bulletin.issues))


def load_supervision(root: Path, shipped: Path, notice_date: dt.date) -> Supervision:
    """The workspace's supervision.yaml, else the shipped default (in `shipped`); DataError when it is wrong."""
    path = root / SUPERVISION_FILE
    own = path.exists() or path.is_symlink()
    return Supervision(_read(path if own else shipped / SUPERVISION_FILE, notice_date), own, notice_date)


def _read(path: Path, notice_date: dt.date) -> SupervisionFile:
    from .validation import validate_document
    from .yamlfile import load_yaml

    doc = load_yaml(path)
    parsed, problems = validate_document(doc, SupervisionFile)
    if parsed is None:
        raise DataError(problems)
    if parsed.reporting is not None and parsed.reporting.every == "week" and parsed.reporting.due_day > 7:
        problems.append(doc.problem(("reporting", "due_day"), message("cycle_weekday")))
    for i, rule in enumerate(parsed.warnings):
        wanted = RULE_PARAMETERS[rule.rule]
        for name in ("points", "days", "below", "cycles"):
            given = getattr(rule, name) is not None
            if name in wanted and not given:
                problems.append(doc.problem(("warnings", i), message("rule_needs", rule=rule.rule, name=name)))
            elif name not in wanted and given:
                problems.append(doc.problem(("warnings", i, name), message("rule_stray", rule=rule.rule, name=name)))
        if rule.rule == "repeated" and rule.level != "red":
            problems.append(doc.problem(("warnings", i, "level"), message("rule_repeated_red")))
        if rule.rule in ("unreported", "repeated") and parsed.reporting is None:
            problems.append(doc.problem(("warnings", i, "rule"), message("rule_needs_cycle")))
    numbers: dict[int, int] = {}
    for i, issue in enumerate(parsed.bulletin.issues):
        if issue.number in numbers:
            problems.append(doc.problem(("bulletin", "issues", i, "number"), message("issue_number_twice", number=issue.number, first=numbers[issue.number])))
        numbers.setdefault(issue.number, i + 1)
        if issue.date < notice_date:
            problems.append(doc.problem(("bulletin", "issues", i, "date"), message("issue_before_notice", date=issue.date, notice=notice_date)))
    ordered = sorted(enumerate(parsed.bulletin.issues), key=lambda p: p[1].number)
    for (_, a), (j, b) in itertools.pairwise(ordered):
        if a.date >= b.date:
            problems.append(doc.problem(("bulletin", "issues", j, "date"), message("issue_dates_order")))
    if problems:
        raise DataError(problems)
    return parsed
