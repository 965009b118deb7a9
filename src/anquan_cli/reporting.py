"""Reporting cycles and 未报送: who reported in each cycle the office set (supervision.yaml).

Rules:
- Cycles run from the notice date: the first ends on the first due day on or after it, each
  next one on the next due day. A cycle is closed once its due day has passed.
- A reporting unit owes a report in a cycle when it must report (牵头, 责任) on an occurrence
  opened by the cycle's due day that it had not finished before the cycle began (as far as
  the day of the figures shows: finished means done, since that day, or 销号). Standing duties
  are never finished, so a unit with one owes every cycle of the notice's year; after it, only
  unfinished dated and one-off work is owed.
- It reported when it has an update of its own dated within the cycle (dates are what the
  unit reports as of; a report dated after the due day counts in the cycle it falls in).
- A standing duty is judged on reporting: for each cycle, which of its units reported on it.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from collections.abc import Iterable

from .catalogue import REPORTING_KINDS, Catalogue
from .progress import _DATE, _KIND, _TASK, _UNIT, Progress
from .records import record
from .status import CLOSED, TaskState
from .supervision import ReportingCycle


@record(frozen=True)
class Cycle:
    number: int  # 1 for the cycle the notice date falls in
    start: dt.date
    due: dt.date  # the last day to report on, inclusive

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.due


def _due_after(setting: ReportingCycle, day: dt.date) -> dt.date:
    """The first due day on or after `day`."""
    if setting.every == "week":
        return day + dt.timedelta(days=(setting.due_day - 1 - day.weekday()) % 7)
    year, month = day.year, day.month
    while True:
        if setting.every == "month" or month % 3 == 0:
            due = dt.date(year, month, min(setting.due_day, calendar.monthrange(year, month)[1]))
            if due >= day:
                return due
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def cycles(setting: ReportingCycle, first_day: dt.date, until: dt.date) -> list[Cycle]:
    """Every cycle from the one holding `first_day` to the one holding `until`."""
    found: list[Cycle] = []
    start = first_day
    while start <= until or not found:
        due = _due_after(setting, start)
        found.append(Cycle(len(found) + 1, start, due))
        start = due + dt.timedelta(days=1)
    return found


def closed_cycles(setting: ReportingCycle | None, first_day: dt.date, as_of: dt.date) -> list[Cycle]:
    """The cycles whose due day has passed by `as_of`."""
    if setting is None:
        return []
    return [c for c in cycles(setting, first_day, as_of) if c.due < as_of]


def next_due(setting: ReportingCycle | None, as_of: dt.date) -> dt.date | None:
    """The next due day for reports, `as_of` itself included."""
    return None if setting is None else _due_after(setting, as_of)


@record(frozen=True)
class UnitReporting:
    """One unit's record over the closed cycles."""

    unit: str
    owed: tuple[int, ...]  # the cycles it owed a report in
    missed: tuple[int, ...]  # those it sent nothing in: 未报送

    @property
    def missed_in_a_row(self) -> int:
        """未报送 in how many of the latest owed cycles, counted back from the last one."""
        run = 0
        for number in reversed(self.owed):
            if number not in self.missed:
                break
            run += 1
        return run


def reporting_record(
    cat: Catalogue, log: Progress, states: dict[str, TaskState], closed: list[Cycle], as_of: dt.date, task_ids: Iterable[str]
) -> dict[str, UnitReporting]:
    """Each reporting unit's record over the closed cycles, from the entries dated by `as_of`."""
    chosen = list(task_ids)
    # cycles are consecutive and numbered from 1: the one holding a day, and the run an occurrence
    # is owed in, are found by bisection
    starts, dues = [c.start for c in closed], [c.due for c in closed]
    reported: dict[str, set[int]] = {}  # unit → cycles with a report of its own
    for row in log.rows:
        if row[_KIND] != "update" or row[_DATE] > as_of:
            continue
        at = bisect.bisect_left(dues, row[_DATE])  # the first cycle due on or after the day
        if at < len(closed) and starts[at] <= row[_DATE]:
            reported.setdefault(row[_UNIT], set()).add(at + 1)
    owed: dict[str, set[int]] = {}
    for task_id in chosen:
        task, state = cat.tasks[task_id], states[task_id]
        in_year = bisect.bisect_right(starts, task.source.last_day)  # standing duties: the notice's years' work
        for unit in task.reporters:
            if cat.units[unit].kind not in REPORTING_KINDS:
                continue
            mine = owed.setdefault(unit, set())
            for o in state.occurrences:
                if len(mine) == len(closed):
                    break  # owed in every cycle already
                us = o.units.get(unit)
                finished_on = o.verified_on if o.status == "verified" else (us.done_on if us is not None and us.status in CLOSED else None)
                first = bisect.bisect_left(dues, o.slot.start)  # the cycles due on or after the occurrence opened
                last = len(closed) if finished_on is None else bisect.bisect_right(starts, finished_on)  # begun by its finish
                if state.kind == "standing":
                    last = min(last, in_year)
                mine.update(range(first + 1, last + 1))
    order = {unit: i for i, unit in enumerate(cat.units)}
    return {
        unit: UnitReporting(
            unit,
            tuple(sorted(numbers)),
            tuple(sorted(n for n in numbers if n not in reported.get(unit, set()))),
        )
        for unit, numbers in sorted(owed.items(), key=lambda kv: order[kv[0]])
    }


def standing_coverage(
    cat: Catalogue, log: Progress, states: dict[str, TaskState], last: Cycle | None, as_of: dt.date, task_ids: Iterable[str]
) -> dict[str, tuple[int, int]]:
    """Each standing duty judged on reporting: (units that reported on it, units that must) in the
    last closed cycle."""
    if last is None:
        return {}
    standing = [t for t in task_ids if states[t].kind == "standing"]
    wanted = set(standing)
    seen = {(row[_TASK], row[_UNIT]) for row in log.rows if row[_KIND] == "update" and row[_TASK] in wanted and last.holds(row[_DATE]) and row[_DATE] <= as_of}
    result = {}
    for t in standing:
        units = [u for u in cat.tasks[t].reporters if cat.units[u].kind in REPORTING_KINDS]
        result[t] = (sum(1 for u in units if (t, u) in seen), len(units))
    return result
