"""预警: computed warnings by the rules the office keeps in supervision.yaml, each explained.

Rules (supervision.WarningRule has the kinds):
- They judge a unit on the occurrences it must report on (牵头, 责任; not 配合, not a group's
  part still 待分工), each by its own 序时进度: time-based rules only see occurrences with a
  firm time limit (standing, contingent-without-limit and undated duties have none), and the
  reporting rule sees the closed reporting cycles.
- Nothing fires on or before the notice's issue day, and no time-based rule fires on the
  day an occurrence opens: no one can be behind on a day's work before the day is out.
- A unit's level is the highest level of the rules it meets; every rule it meets is kept
  with its figures, so each warning says why.
- `repeated` escalates: a unit at yellow now and at the due day of each of the previous
  cycles - 1 closed cycles is red.

The notice's own 红黄牌警告 (2.3.1) is not computed here: it is an office decision, recorded
with `anquan card` and shown as such.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from .catalogue import Catalogue
from .labels import form, message, shortened
from .progress import Progress
from .records import record
from .reporting import UnitReporting, closed_cycles, reporting_record
from .status import OccurrenceState, TaskState, expected_percent, own_occurrences, rollup
from .supervision import LEVELS, Supervision, WarningRule

WarningLevel = Literal["yellow", "red", ""]
FINDINGS_SHOWN = 3  # occurrences named in one reason; the rest are counted
LEVEL_WORDS = {"yellow": "level_yellow", "red": "level_red"}  # their messages
_RULE_MESSAGES = {"lag": "warn_lag", "near_due": "warn_near_due", "overdue": "warn_overdue", "unreported": "warn_unreported", "repeated": "warn_repeated"}


@record(frozen=True)
class Finding:
    """One occurrence (or cycle) a rule found, with the figures it judged."""

    label: str  # 5.3.2, 1.1.2（2025H1）, or a cycle's due day
    percent: float | None = None
    expected: float | None = None
    days: int | None = None


@record(frozen=True)
class Hit:
    rule: WarningRule
    findings: tuple[Finding, ...]


@record(frozen=True)
class UnitWarning:
    unit: str
    level: WarningLevel
    hits: tuple[Hit, ...]  # red rules first, in the file's order

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(explain(h) for h in self.hits)


def label(task: str, key: str) -> str:
    """An occurrence in a list: the task id, and the period of a recurring duty (or the event)."""
    return f"{task}（{key}）" if key else task


def occurrence_label(o: OccurrenceState) -> str:
    return label(o.task, o.key)


def unit_occurrences(states: dict[str, TaskState], task_ids: list[str]) -> dict[str, list[OccurrenceState]]:
    """Each reporting unit's own view of the tracked occurrences it must report on."""
    by_unit: dict[str, list[OccurrenceState]] = {}
    for t in task_ids:
        for unit_id, mine in own_occurrences(states[t]):
            by_unit.setdefault(unit_id, []).append(mine)
    return by_unit


StatesAt = Callable[[dt.date], dict[str, TaskState]]


def evaluate(
    cat: Catalogue,
    log: Progress,
    supervision: Supervision,
    as_of: dt.date,
    task_ids: list[str],
    states: dict[str, TaskState] | None = None,
    states_at: StatesAt | None = None,
    *,
    by_unit: dict[str, list[OccurrenceState]] | None = None,
    records: dict[str, UnitReporting] | None = None,
) -> dict[str, UnitWarning]:
    """Every reporting unit's 预警 as of the end of `as_of` (units with none: level "").
    `states_at` gives the roll-up as of a day (a caller that needs several days keeps them);
    `by_unit` and `records`, a caller's own `unit_occurrences` and `reporting_record` of that day."""
    states_at = states_at or (lambda day: rollup(cat, log, day))
    states = states if states is not None else states_at(as_of)
    found = _base(cat, log, supervision, as_of, task_ids, states, by_unit, records)
    escalations = [r for r in supervision.rules if r.rule == "repeated"]
    if not escalations:
        return found
    closed = closed_cycles(supervision.file.reporting, supervision.cycles_from, as_of)
    past: dict[dt.date, dict[str, UnitWarning]] = {}
    result = {}
    for unit, warning in found.items():
        hits = list(warning.hits)
        for rule in escalations:
            assert rule.cycles is not None
            earlier = closed[-(rule.cycles - 1) :] if rule.cycles > 1 else []
            if warning.level != "yellow" or len(earlier) < rule.cycles - 1:  # red already: nothing to raise
                continue
            for c in earlier:
                if c.due not in past:
                    past[c.due] = _base(cat, log, supervision, c.due, task_ids, states_at(c.due))
            if all(past[c.due].get(unit, _NONE).level != "" for c in earlier):
                hits.append(Hit(rule, tuple(Finding(_day(c.due)) for c in earlier)))
        result[unit] = _unit_warning(unit, hits)
    return result


_NONE = UnitWarning("", "", ())


def _base(
    cat: Catalogue,
    log: Progress,
    supervision: Supervision,
    as_of: dt.date,
    task_ids: list[str],
    states: dict[str, TaskState],
    by_unit: dict[str, list[OccurrenceState]] | None = None,
    records: dict[str, UnitReporting] | None = None,
) -> dict[str, UnitWarning]:
    """The warnings of every rule but `repeated`."""
    if by_unit is None:
        by_unit = unit_occurrences(states, task_ids)
    if records is None:
        records = {}
        if any(r.rule == "unreported" for r in supervision.rules):
            closed = closed_cycles(supervision.file.reporting, supervision.cycles_from, as_of)
            records = reporting_record(cat, log, states, closed, as_of, task_ids)
    order = {u: i for i, u in enumerate(cat.units)}
    units = sorted(set(by_unit) | set(records), key=order.__getitem__)
    result = {}
    for unit in units:
        hits = []
        if as_of > cat.notice.date:
            # only open occurrences with a firm limit can be behind, near or past it: sorted out once, not per rule
            timed = [o for o in by_unit.get(unit, []) if o.slot.due is not None and o.slot.firm and not o.closed]
            for rule in supervision.rules:
                findings = _findings(rule, timed, records.get(unit), as_of)
                if findings:
                    hits.append(Hit(rule, findings))
        result[unit] = _unit_warning(unit, hits)
    return result


def _findings(rule: WarningRule, timed: list[OccurrenceState], record: UnitReporting | None, as_of: dt.date) -> tuple[Finding, ...]:
    """What `rule` finds among a unit's open occurrences with a firm limit (`timed`) or in its record."""
    if rule.rule == "unreported":
        assert rule.cycles is not None
        if record is None or record.missed_in_a_row < rule.cycles:
            return ()
        return (Finding(str(record.missed_in_a_row), days=record.missed_in_a_row),)
    if rule.rule == "repeated":
        return ()
    found = []
    for o in timed:
        assert o.due is not None
        if rule.rule == "overdue":
            assert rule.days is not None
            if o.overdue_days >= max(1, rule.days):
                found.append(Finding(occurrence_label(o), o.percent, days=o.overdue_days))
            continue
        if o.overdue or as_of <= o.slot.start:
            continue
        if rule.rule == "lag":
            assert rule.points is not None
            expected = expected_percent(o.slot, as_of) or 0.0
            if expected - o.percent > rule.points:
                found.append(Finding(occurrence_label(o), o.percent, expected))
        elif rule.rule == "near_due":
            assert rule.days is not None
            assert rule.below is not None
            left = (o.due - as_of).days
            if 0 <= left <= rule.days and o.percent < rule.below:
                found.append(Finding(occurrence_label(o), o.percent, days=left))
    return tuple(found)


def _unit_warning(unit: str, hits: list[Hit]) -> UnitWarning:
    # of two rules of one kind met at once (未报送 1 cycle: yellow, 2: red), the higher one says it
    top = {h.rule.rule: max(LEVELS.index(g.rule.level) for g in hits if g.rule.rule == h.rule.rule) for h in hits}
    hits = [h for h in hits if LEVELS.index(h.rule.level) == top[h.rule.rule]]
    level: WarningLevel = ""
    for h in hits:
        if level == "" or LEVELS.index(h.rule.level) > LEVELS.index(level):
            level = h.rule.level
    ordered = sorted(hits, key=lambda h: -LEVELS.index(h.rule.level))  # stable: the file's order within a level
    return UnitWarning(unit, level, tuple(ordered))


def _day(day: dt.date) -> str:
    return message("month_day", month=day.month, day=day.day)


def explain(hit: Hit) -> str:
    """One line: what was found, with its figures, and the rule that judged it."""
    rule = hit.rule
    # findings with their own commas (进度…，序时进度…) are set apart with ；, short ones with 、
    sep = form("list_sep2" if rule.rule in ("lag", "near_due") else "list_sep")
    shown = [_finding_text(rule, f) for f in hit.findings[:FINDINGS_SHOWN]]  # only those shown are worded
    items = shortened(shown, FINDINGS_SHOWN, "findings_more", sep, total=len(hit.findings))
    level = message(LEVEL_WORDS[rule.level])
    if rule.rule == "unreported" and hit.findings[0].days == 1:
        return message("warn_unreported_one", cycles=rule.cycles, level=level)
    return message(_RULE_MESSAGES[rule.rule], items=items, points=rule.points, days=rule.days, below=rule.below, cycles=rule.cycles, level=level)


def figure(value: float) -> str:
    """A percent or a gap as a reason states it: to one decimal, without a trailing .0, so that a
    gap just over a threshold never reads as the threshold itself (20.2, not 20)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _finding_text(rule: WarningRule, f: Finding) -> str:
    if rule.rule == "lag":
        assert f.percent is not None
        assert f.expected is not None
        return message("finding_lag", task=f.label, percent=figure(f.percent), expected=figure(f.expected), gap=figure(f.expected - f.percent))
    if rule.rule == "near_due":
        assert f.percent is not None
        return message("finding_near_due", task=f.label, percent=figure(f.percent), days=f.days)
    if rule.rule == "overdue":
        return message("finding_overdue", task=f.label, days=f.days)
    return f.label
