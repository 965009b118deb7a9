"""Status as of a day: of each unit on each occurrence, of each occurrence, of each task.

Rules (docs/supervision.md has the reading they come from):
- Entries are read in the order they happened (date, then recorded_at). A unit's status on an
  occurrence is its latest effective update dated on or before the day; one that another
  entry of the unit corrects or withdraws stops counting from that entry's date on.
- An update without a percent keeps the unit's last percent on that occurrence.
- The office's 退回 (reject) puts the units it names (or every unit done, if it names none)
  back to 推进中 at their last percent short of done, with its reason.
- 已销号 (verify) holds only if every unit that must report (牵头, 责任) was done when it was
  recorded; once verified the occurrence is locked: later updates do not change it until the
  office records a reopen (撤销销号).
- 配合 units and members of a group still 待分工 may report: their reports are shown, and
  never block or count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import field

from .catalogue import Catalogue, CatalogueTask
from .models import ProgressEntry
from .occurrences import Slot, slot_at, task_slots
from .progress import (
    _ABOUT,
    _DATE,
    _KIND,
    _NOTE,
    _PERCENT,
    _PERIOD,
    _RECORDED_AT,
    _REPLACES,
    _STATUS,
    _TASK,
    _UNIT,
    WORD_STATUS,
    EntryRow,
    Progress,
    entries_from_rows,
)
from .records import record

CLOSED = ("done", "verified")
StatusLookup = Callable[[str, str], "tuple[str, int | None]"]
TRACKED_KINDS = ("dated", "recurring", "once", "contingent")  # standing duties are judged on reporting


@record
class UnitState:
    status: str = "not_started"  # not_started | in_progress | done
    percent: int = 0
    date: dt.date | None = None  # the day of its latest report
    note: str | None = None
    done_on: dt.date | None = None  # the day it reported done (while done)
    returned: str | None = None  # the office's reason, while sent back and not done since
    returned_on: dt.date | None = None
    reported: bool = False  # any effective report at all


@record
class OccurrenceState:
    task: str
    slot: Slot
    status: str  # not_started | in_progress | done | verified
    percent: float
    units: dict[str, UnitState]  # the units that must report
    others: dict[str, UnitState]  # 配合 units and members of a 待分工 group that reported
    overdue_days: int  # past the time limit and not done; 0 otherwise
    late_days: int | None  # done or verified: days past the limit the last unit finished (0: on time)
    last_action: ProgressEntry | None = None  # the office's latest verify, reject or reopen
    verified_on: dt.date | None = None

    @property
    def key(self) -> str:
        return self.slot.key

    @property
    def due(self) -> dt.date | None:
        return self.slot.due

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0

    @property
    def closed(self) -> bool:
        return self.status in CLOSED


@record
class TaskState:
    """A task as of a day: its occurrences, and the one that stands for it (`current`): the
    earliest open occurrence not yet closed, else the latest one opened."""

    task: str
    kind: str
    occurrences: list[OccurrenceState] = field(default_factory=list)  # those opened by the day
    upcoming: list[Slot] = field(default_factory=list)  # those not yet opened
    current: OccurrenceState | None = None

    @property
    def status(self) -> str:
        """not_started | in_progress | done | verified, or standing (常态化) or inactive (未触发)."""
        if self.kind == "standing":
            return "standing"
        if self.current is None:
            return "inactive"
        return self.current.status

    @property
    def percent(self) -> float:
        return self.current.percent if self.current is not None else 0.0

    @property
    def units(self) -> dict[str, UnitState]:
        return self.current.units if self.current is not None else {}

    @property
    def overdue_days(self) -> int:
        return self.current.overdue_days if self.current is not None else 0

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0

    @property
    def closed(self) -> bool:
        return self.status in CLOSED

    @property
    def tracked(self) -> bool:
        """Counted in completion figures: not a standing duty, not an event not yet recorded."""
        return self.kind in TRACKED_KINDS and self.current is not None

    @property
    def next_due(self) -> dt.date | None:
        """The nearest time limit of an occurrence not yet closed, from the day on."""
        dates = [o.due for o in self.occurrences if o.due is not None and not o.closed and not o.overdue]
        dates += [s.due for s in self.upcoming if s.due is not None]
        return min(dates) if dates else None

    @property
    def last_action(self) -> ProgressEntry | None:
        return self.current.last_action if self.current is not None else None

    def occurrence(self, key: str) -> OccurrenceState | None:
        return next((o for o in self.occurrences if o.key == key), None)


def triggers_of(rows: Iterable[EntryRow]) -> dict[str, list[tuple[str, dt.date]]]:
    """The office's recorded events, per task: (key, day) in the order they were recorded."""
    found: dict[str, list[tuple[str, dt.date]]] = {}
    for row in rows:
        if row[_KIND] == "trigger":
            events = found.setdefault(row[_TASK], [])
            key = row[_PERIOD] or f"E{len(events) + 1}"
            if all(k != key for k, _ in events):
                events.append((key, row[_DATE]))
    return found


def slots_of(cat: Catalogue, task: CatalogueTask, rows: Iterable[EntryRow]) -> list[Slot]:
    """Every occurrence of one task, the events among `rows` (the log) included."""
    events = triggers_of(rows).get(task.id, []) if task.kind == "contingent" else []  # only an event opens one
    return task_slots(task, task.source.date, events)


def entry_slot_key(row: EntryRow, slots: list[Slot]) -> str | None:
    """The occurrence an entry reports on: the one it names, else the one open at its date."""
    if row[_PERIOD] is not None:
        return str(row[_PERIOD])
    slot = slot_at(slots, row[_DATE])
    return None if slot is None else slot.key


def rollup(cat: Catalogue, log: Progress, as_of: dt.date) -> dict[str, TaskState]:
    """Each task's state as it stood at the end of `as_of`: later entries are ignored."""
    by_task: dict[str, list[EntryRow]] = {}
    for row in log.rows:  # already in the order they happened
        if row[_DATE] <= as_of:
            by_task.setdefault(row[_TASK], []).append(row)
    return {task.id: task_state(cat, task, by_task.get(task.id, []), as_of) for task in cat.tasks.values()}


def task_state(cat: Catalogue, task: CatalogueTask, rows: list[EntryRow], as_of: dt.date) -> TaskState:
    """One task's state from its entries dated on or before `as_of`, in order."""
    slots = slots_of(cat, task, rows)
    replaced = {(row[_UNIT], row[_REPLACES]) for row in rows if row[_REPLACES] is not None}
    by_slot: dict[str, list[EntryRow]] = {}
    for row in rows:
        if row[_KIND] in ("trigger", "withdraw") or (replaced and (row[_UNIT], row[_RECORDED_AT]) in replaced):
            continue
        key = entry_slot_key(row, slots)
        if key is not None:
            by_slot.setdefault(key, []).append(row)
    state = TaskState(task.id, task.kind)
    for slot in slots:
        if slot.start > as_of:
            state.upcoming.append(slot)
        else:
            state.occurrences.append(_occurrence_state(task, slot, by_slot.get(slot.key, []), as_of))
    state.current = current_occurrence(state.occurrences)
    return state


def current_occurrence(occurrences: list[OccurrenceState]) -> OccurrenceState | None:
    """The occurrence that stands for a task: the earliest opened one not yet closed, else the latest."""
    open_ones = [o for o in occurrences if not o.closed]
    return open_ones[0] if open_ones else (occurrences[-1] if occurrences else None)


def _occurrence_state(task: CatalogueTask, slot: Slot, rows: list[EntryRow], as_of: dt.date) -> OccurrenceState:
    units = {u: UnitState() for u in task.reporters}
    others: dict[str, UnitState] = {}
    unfinished: dict[str, int] = {}  # each unit's last percent short of done: what a 退回 leaves it
    verified_on: dt.date | None = None
    last_action = None
    for row in rows:
        kind = row[_KIND]
        if kind == "update":
            if verified_on is not None:
                continue  # locked: shown in history, no effect until the office reopens it
            unit = row[_UNIT]
            if unit in units:
                mine = units[unit]
            elif unit in task.may_report:
                mine = others.setdefault(unit, UnitState())
            else:
                continue
            _apply_update(mine, row, unfinished, unit)
        elif kind == "verify":
            # A verify counts only if every unit is done at its date: an update dated before it
            # but recorded later (or merged from another clone) can leave a unit unfinished.
            ready = bool(units) and all(s.status == "done" for s in units.values())
            verified_on, last_action = (row[_DATE] if ready else None), row
        elif kind == "reject":
            verified_on, last_action = None, row
            targets = [row[_ABOUT]] if row[_ABOUT] is not None else [u for u, s in {**units, **others}.items() if s.status == "done"]
            for unit in targets:
                sent_back = units.get(unit) or others.get(unit)
                if sent_back is not None:
                    mine = sent_back
                    mine.status, mine.percent, mine.done_on = "in_progress", unfinished.get(unit, 0), None
                    mine.returned, mine.returned_on = row[_NOTE], row[_DATE]
        elif kind == "reopen":
            verified_on, last_action = None, row
    statuses = [s.status for s in units.values()]
    if units and all(s == "done" for s in statuses):
        status = "verified" if verified_on is not None else "done"
    elif any(s.reported and s.status != "not_started" for s in units.values()):
        status = "in_progress"
    else:
        status = "not_started"
    percent = sum(s.percent for s in units.values()) / len(units) if units else 0.0
    overdue_days = late_days = 0
    if slot.due is not None and slot.firm:
        if status in CLOSED:
            finished = max(s.done_on or slot.due for s in units.values())
            late_days = max(0, (finished - slot.due).days)
        elif as_of > slot.due:
            overdue_days = (as_of - slot.due).days
    action = entries_from_rows([last_action])[0] if last_action is not None else None
    return OccurrenceState(task.id, slot, status, percent, units, others, overdue_days, late_days if status in CLOSED else None, action, verified_on)


def _apply_update(mine: UnitState, row: EntryRow, unfinished: dict[str, int], unit: str) -> None:
    status = WORD_STATUS[row[_STATUS]]
    percent = row[_PERCENT]
    if percent is None:  # an update without a percent keeps the last one
        percent = {"not_started": 0, "done": 100}.get(status, mine.percent if mine.status != "done" else unfinished.get(unit, 0))
    if status == "done":
        if mine.status != "done":
            mine.done_on = row[_DATE]
        mine.returned = mine.returned_on = None  # done again: the 退回 is answered
    else:
        mine.done_on = None
        unfinished[unit] = percent
    mine.status, mine.percent, mine.date, mine.note, mine.reported = status, percent, row[_DATE], row[_NOTE], True


def unit_occurrence(o: OccurrenceState, unit: str) -> OccurrenceState:
    """An occurrence as one unit sees it: its own status and percent (a verified occurrence
    is verified for everyone), overdue only while the unit has not finished, and late by its
    own done date."""
    mine = o.units.get(unit) or o.others.get(unit) or UnitState()
    status = "verified" if o.status == "verified" else mine.status
    overdue = late = 0
    if o.due is not None and o.slot.firm:
        if status in CLOSED:
            late = max(0, ((mine.done_on or o.due) - o.due).days)
        else:
            overdue = o.overdue_days
    return OccurrenceState(
        o.task,
        o.slot,
        status,
        100.0 if status == "verified" else float(mine.percent),
        {unit: mine},
        {},
        overdue,
        late if status in CLOSED else None,
        o.last_action,
        o.verified_on,
    )


def own_occurrences(state: TaskState) -> Iterator[tuple[str, OccurrenceState]]:
    """Each reporting unit's own view of a tracked task's occurrences (`unit_occurrence`), in
    the order of the occurrences and of their units: what the figures by unit count."""
    if state.tracked:
        for o in state.occurrences:
            for unit_id in o.units:
                yield unit_id, unit_occurrence(o, unit_id)


def unit_view(states: Mapping[str, TaskState], unit: str, cat: Catalogue) -> dict[str, TaskState]:
    """The tasks `unit` must report on, as that unit sees them (see `unit_occurrence`)."""
    view = {}
    for task_id in states:
        if unit not in cat.tasks[task_id].reporters:
            continue  # before its state is asked for: a lazy roll-up (rollup.py) never works it out
        state = states[task_id]
        mine = TaskState(task_id, state.kind, [unit_occurrence(o, unit) for o in state.occurrences], state.upcoming)
        mine.current = current_occurrence(mine.occurrences)
        view[task_id] = mine
    return view


def expected_percent(slot: Slot, as_of: dt.date) -> float | None:
    """序时进度 of a dated occurrence: the share of the time from its opening to its limit that
    has passed by the end of `as_of`, capped at 100; None for one without a time limit."""
    if slot.due is None:
        return None
    span = (slot.due - slot.start).days
    if span <= 0:
        return 100.0 if as_of >= slot.due else 0.0
    return max(0.0, min(100.0, 100.0 * (as_of - slot.start).days / span))


def occurrence_status(states: Mapping[str, TaskState], cat: Catalogue, unit: str | None = None) -> StatusLookup:
    """(task id, occurrence key) → (status, days late when closed), as `query.due_items` asks:
    the county's status, or with `unit` that unit's own where it must report."""
    mine = unit_view(states, unit, cat) if unit is not None else {}

    def lookup(task_id: str, key: str) -> tuple[str, int | None]:
        return _listed_status(mine.get(task_id) or states[task_id], key)

    return lookup


OccurrenceStatuses = dict[str, tuple[str, "int | None"]]  # occurrence key → (status, days late when closed)


def occurrence_statuses(task: CatalogueTask, state: TaskState) -> OccurrenceStatuses:
    """Each of the task's dated occurrences' status (key → status, days late when closed), as
    the county's `occurrence_status` gives it: what the index keeps for a due listing."""
    return {o.key: _listed_status(state, o.key) for o in task.occurrences}


def _listed_status(state: TaskState, key: str) -> tuple[str, int | None]:
    o = state.occurrence(key)
    return ("not_started", None) if o is None else (o.status, o.late_days)
