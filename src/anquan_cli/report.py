"""Progress figures: by section and by unit (the 调度通报 itself is bulletin/).

Pure: everything is computed from a catalogue, the progress entries and an as-of date, so
the same workspace and date always give the same figures and the same text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .catalogue import REPORTING_KINDS, Catalogue
from .labels import form
from .notice import chinese_numeral
from .notices import split_id
from .records import record
from .status import OccurrenceState, TaskState, own_occurrences

if TYPE_CHECKING:
    from .warning_rules import UnitWarning

STATUSES = ("not_started", "in_progress", "done", "verified")


@record(frozen=True)
class Counts:
    tasks: int
    not_started: int
    in_progress: int
    done: int
    verified: int
    overdue: int
    percent: float  # mean completion percent

    @property
    def closed(self) -> int:
        return self.done + self.verified

    @property
    def closed_share(self) -> float:
        return 100.0 * self.closed / self.tasks if self.tasks else 0.0

    def record(self) -> dict[str, Any]:
        """The counts by name, shares to one decimal: a row of a table, a sheet or JSON."""
        return {
            "tasks": self.tasks,
            "not_started": self.not_started,
            "in_progress": self.in_progress,
            "done": self.done,
            "verified": self.verified,
            "overdue": self.overdue,
            "closed_share": round(self.closed_share, 1),
            "percent": round(self.percent, 1),
        }


# What completion figures count of one occurrence: its status, percent and whether it is
# overdue. The index keeps each task's figures per day (index.IndexedData.day_figures).
Figure = tuple[str, float, bool]


def tracked_occurrences(states: list[TaskState]) -> list[OccurrenceState]:
    """What completion figures count: each opened occurrence of a task that can be done —
    not a standing duty (judged on reporting), not an event not yet recorded."""
    return [o for t in states if t.tracked for o in t.occurrences]


# A unit's own figures on one occurrence it must report on (status.own_occurrences): the unit first.
UnitFigure = tuple[str, str, float, bool]


TaskFigures = tuple[tuple[Figure, ...], tuple[UnitFigure, ...]]  # a task's figures, and by unit


def figure(o: OccurrenceState) -> Figure:
    return o.status, o.percent, o.overdue


def task_figures(state: TaskState) -> tuple[Figure, ...]:
    """The figures of a task's tracked occurrences (none for a standing duty or an event not yet recorded)."""
    return tuple(figure(o) for o in state.occurrences) if state.tracked else ()


def unit_task_figures(state: TaskState) -> tuple[UnitFigure, ...]:
    """Each reporting unit's own figures on the task's tracked occurrences, in order."""
    return tuple((unit_id, *figure(o)) for unit_id, o in own_occurrences(state))


def figures_by_unit(unit_figures: Iterable[tuple[UnitFigure, ...]]) -> dict[str, list[Figure]]:
    """Each unit's figures over the tasks given (in their order)."""
    by_unit: dict[str, list[Figure]] = {}
    for task in unit_figures:
        for unit_id, status_code, percent, overdue in task:
            by_unit.setdefault(unit_id, []).append((status_code, percent, overdue))
    return by_unit


def count_states(states: list[TaskState]) -> Counts:
    return count_figures([f for t in states for f in task_figures(t)])


def count_occurrences(items: list[OccurrenceState]) -> Counts:
    return count_figures([figure(o) for o in items])


class _Tally:
    """Counts added up one figure at a time: the one way figures are counted, from objects or
    from the index's rows (the mean's sum runs in the order the figures come)."""

    __slots__ = ("by", "n", "overdue", "percent")

    def __init__(self) -> None:
        self.by, self.n, self.overdue, self.percent = dict.fromkeys(STATUSES, 0), 0, 0, 0.0

    def add(self, status_code: str, percent: float, overdue: int) -> None:
        self.by[status_code] += 1
        self.n += 1
        self.overdue += overdue
        self.percent += percent

    def counts(self) -> Counts:
        by = self.by
        return Counts(self.n, by["not_started"], by["in_progress"], by["done"], by["verified"], self.overdue, self.percent / self.n if self.n else 0.0)


def count_figures(items: list[Figure]) -> Counts:
    tally = _Tally()
    for status_code, percent, overdue in items:
        tally.add(status_code, percent, overdue)
    return tally.counts()


def section_counts(cat: Catalogue, states: dict[str, TaskState], task_ids: list[str]) -> list[tuple[str, Counts]]:
    return section_figure_counts(cat, {t: task_figures(states[t]) for t in task_ids}, task_ids)


def section_figure_counts(cat: Catalogue, figures: dict[str, tuple[Figure, ...]], task_ids: list[str]) -> list[tuple[str, Counts]]:
    """Each section's counts (in the catalogue's order) over its tasks among `task_ids`."""
    return section_tallies(cat, section_rows(cat, figures, task_ids))[0]


def section_rows(cat: Catalogue, figures: dict[str, tuple[Figure, ...]], task_ids: list[str]) -> Iterator[SectionRow]:
    """The rows `section_tallies` adds up, from the figures of `task_ids` (in their order)."""
    section_of = cat.task_sections()  # the index answers without reading any clause
    for t in task_ids:
        counted = figures[t]
        if not counted:
            yield section_of[t], None, 0.0, 0  # its section still shows, with nothing to count
        for status_code, percent, overdue in counted:
            yield section_of[t], status_code, percent, overdue


# A task's figure with its section, in the tasks' order (status None: a task with nothing to
# count): what the index gives for every task at once (index_figures.section_rows).
SectionRow = tuple[str, "str | None", float, int]


def section_tallies(cat: Catalogue, rows: Iterable[SectionRow]) -> tuple[list[tuple[str, Counts]], Counts]:
    """Each section's counts, in the catalogue's order, and the total over all the rows."""
    tallies: dict[str, _Tally] = {}
    total = _Tally()
    for section_id, status_code, percent, overdue in rows:
        tally = tallies.get(section_id)
        if tally is None:
            tally = tallies[section_id] = _Tally()
        if status_code is not None:
            tally.add(status_code, percent, overdue)
            total.add(status_code, percent, overdue)
    return [(section_id, tallies[section_id].counts()) for section_id in cat.sections if section_id in tallies], total.counts()


def total_figure_counts(figures: dict[str, tuple[Figure, ...]], task_ids: list[str]) -> Counts:
    return count_figures([f for t in task_ids for f in figures[t]])


@record(frozen=True)
class UnitProgress:
    unit: str
    tasks: int
    not_started: int
    in_progress: int
    done: int
    overdue: int  # tasks overdue that this unit has not finished
    percent: float
    card: str  # its 预警: "red" | "yellow" | "" (warning_rules.py)
    reasons: tuple[str, ...]

    @property
    def done_share(self) -> float:
        return 100.0 * self.done / self.tasks if self.tasks else 0.0

    def record(self) -> dict[str, Any]:
        """The unit's counts by name, shares to one decimal: a row of a table or a sheet."""
        return {
            "tasks": self.tasks,
            "done": self.done,
            "in_progress": self.in_progress,
            "not_started": self.not_started,
            "overdue": self.overdue,
            "done_share": round(self.done_share, 1),
            "percent": round(self.percent, 1),
        }


def unit_progress(
    cat: Catalogue,
    states: dict[str, TaskState],
    as_of: dt.date,
    task_ids: list[str],
    warnings: dict[str, UnitWarning] | None = None,
    by_unit: dict[str, list[OccurrenceState]] | None = None,
) -> list[UnitProgress]:
    """Each reporting unit's own statuses on the occurrences it must report on (牵头, 责任 —
    not 配合, not a group's part still 待分工), with its 预警 where `warnings` are given,
    best first: by done share, then mean percent, then the catalogue's order."""
    if by_unit is None:  # a caller may have them already: they are the 预警's inputs too
        figures = figures_by_unit(unit_task_figures(states[t]) for t in task_ids)
    else:
        figures = {unit_id: [figure(o) for o in items] for unit_id, items in by_unit.items()}
    return unit_counts_progress(cat, unit_counts(figures), {unit_id: (w.level, w.reasons) for unit_id, w in (warnings or {}).items()})


Card = tuple[str, tuple[str, ...]]  # a unit's 预警: its level ("red" | "yellow" | "") and the reasons


def unit_counts(by_unit: dict[str, list[Figure]]) -> dict[str, Counts]:
    """The counts of each unit with any figure."""
    return {unit_id: count_figures(items) for unit_id, items in by_unit.items() if items}


def tally_counts(tasks: int, not_started: int, in_progress: int, done: int, verified: int, overdue: int, percent_sum: float) -> Counts:
    """Counts from totals summed elsewhere (the index sums a unit's figures in SQL), as count_figures makes them."""
    return Counts(tasks, not_started, in_progress, done, verified, overdue, percent_sum / tasks if tasks else 0.0)


def unit_counts_progress(cat: Catalogue, counts: dict[str, Counts], cards: dict[str, Card]) -> list[UnitProgress]:
    """unit_progress from each unit's counts and 预警."""
    rows = []
    for unit_id, unit in cat.units.items():
        c = counts.get(unit_id)
        if unit.kind not in REPORTING_KINDS or c is None:
            continue
        card, reasons = cards.get(unit_id, ("", ()))
        rows.append(UnitProgress(unit_id, c.tasks, c.not_started, c.in_progress, c.closed, c.overdue, c.percent, card, reasons))
    order = {unit_id: i for i, unit_id in enumerate(cat.units)}
    return sorted(rows, key=lambda r: (-round(r.done_share, 1), -round(r.percent, 1), order[r.unit]))


def section_label(section_id: str, heading: str) -> str:
    """一、加强组织领导; a section of one notice of several names the notice: 【防汛】一、…"""
    qualifier, plain = split_id(section_id)
    label = f"{chinese_numeral(int(plain))}、{heading}"
    return form("qualified_section", notice=qualifier, label=label) if qualifier else label
