"""What a command may record: a unit's update, correction or withdrawal, and the office's
verify (销号), reject (退回), reopen (撤销销号) and trigger (an event that starts a contingent
measure). Each function checks the request against the catalogue and the log as it stands,
and returns the entry to append, or raises UsageError saying why not. Nothing is written here.
"""

from __future__ import annotations

import datetime as dt

from .catalogue import Catalogue, CatalogueTask
from .errors import UsageError
from .labels import message, name_list
from .models import ProgressEntry
from .occurrences import Slot, find_slot, normalise_key, slot_at
from .progress import (
    _DATE,
    _KIND,
    _RECORDED_AT,
    _REPLACES,
    _TASK,
    _UNIT,
    CARD_KINDS,
    OFFICE,
    OFFICE_STATUS,
    STATUS_WORD,
    EntryRow,
    Progress,
    entries_from_rows,
    latest_recorded_at,
    status_percent_clash,
)
from .query import find_task
from .records import record
from .status import OccurrenceState, entry_slot_key, slots_of, task_state

_SHOWN_PENDING = 8  # units named in a refusal; the rest are counted


@record
class Clock:
    """The moments new entries are written at: `today` bounds the dates they may state, and
    each stamp (recorded_at) is `now` or later, strictly after every entry already in the
    workspace and every stamp given before, so that the order of entries never rests on the
    wall clock's second."""

    today: dt.date
    now: dt.datetime
    _last: dt.datetime | None = None

    def stamp(self, log: TaskLog) -> dt.datetime:
        latest = max((t for t in (log.latest, self._last) if t is not None), default=None)
        moment = self.now if latest is None or latest < self.now else latest + dt.timedelta(microseconds=1)
        self._last = moment
        return moment


@record(frozen=True)
class TaskLog:
    """What a write on one task reads of the log: the task's entries, in the order they
    happened, and the latest moment any entry of the workspace was recorded at. The index
    answers both without reading every entry (index.IndexedData.task_log)."""

    task: str
    rows: list[EntryRow]
    latest: dt.datetime | None


def task_log(log: Progress, task_id: str, latest: dt.datetime | None = None) -> TaskLog:
    """The task's part of a whole log (`latest`: the log's latest moment, when the caller has
    worked it out already for several tasks)."""
    return TaskLog(task_id, [row for row in log.rows if row[_TASK] == task_id], latest_recorded_at(log) if latest is None else latest)


def names(cat: Catalogue, units: list[str]) -> str:
    """Unit names for a message: the first few, then how many more."""
    return name_list([cat.units[u].short for u in units], _SHOWN_PENDING)


def _task_rows(log: TaskLog, task: CatalogueTask) -> list[EntryRow]:
    assert log.task == task.id, "the log of another task: the entry would be judged on the wrong entries"
    return log.rows


def _check_date(task: CatalogueTask, date: dt.date, today: dt.date) -> None:
    if date > today:
        raise UsageError(message("date_in_future", date=date, today=today))
    if date < task.source.date:
        raise UsageError(message("date_before_notice", date=date, notice=task.source.date))


def _period_key(task: CatalogueTask, period: str, day: dt.date | None) -> str:
    """The occurrence key a typed --period names; a period typed without its year (H2, 下半年)
    is of the day's year where the task's notice runs over several, else of its one year."""
    years = task.source.years
    return normalise_key(period, day.year if day is not None and day.year in years else years[0])


def _slot(cat: Catalogue, task: CatalogueTask, rows: list[EntryRow], period: str | None, date: dt.date) -> Slot:
    """The occurrence a new entry is about: the one named, else the one open at its date."""
    slots = slots_of(cat, task, rows)
    if period is not None:
        key = _period_key(task, period, date)
        slot = find_slot(slots, key)
        if slot is None:
            known = "、".join(s.key for s in slots if s.key) or message("none")
            raise UsageError(message("no_such_period", period=period, task=task.id, known=known))
        if slot.start > date:
            raise UsageError(message("period_not_open", period=slot.key, start=slot.start, date=date))
        return slot
    slot = slot_at(slots, date)
    if slot is None:
        raise UsageError(message("not_triggered", task=task.id))
    return slot


def _occurrence(cat: Catalogue, task: CatalogueTask, rows: list[EntryRow], key: str, as_of: dt.date) -> OccurrenceState | None:
    return task_state(cat, task, [r for r in rows if r[_DATE] <= as_of], as_of).occurrence(key)


def _check_reporter(cat: Catalogue, task: CatalogueTask, unit: str) -> None:
    u = cat.units[unit]
    if u.kind in ("group", "collective"):
        members = names(cat, list(u.members or []))
        raise UsageError(message("group_reports_through_members", name=u.name, members=members))
    if unit not in task.may_report:
        raise UsageError(message("not_responsible", name=u.name, task=task.id, units=names(cat, [*task.reporters, *task.assisting])))


def _check_unlocked(cat: Catalogue, task: CatalogueTask, rows: list[EntryRow], slot: Slot, today: dt.date) -> None:
    state = _occurrence(cat, task, rows, slot.key, today)
    if state is not None and state.status == "verified":
        raise UsageError(message("locked", task=task.id, period=_period_words(slot), date=state.verified_on))


def _period_words(slot: Slot) -> str:
    return f"（{slot.key}）" if slot.key else ""


def new_update(
    cat: Catalogue,
    log: TaskLog,
    *,
    task_id: str,
    unit: str,
    status: str,
    percent: int | None,
    note: str | None,
    evidence: str | None,
    date: dt.date,
    period: str | None,
    clock: Clock,
    replaces: dt.datetime | None = None,
) -> ProgressEntry:
    """A unit's report on one occurrence. Without a percent, 推进中 keeps the unit's last one."""
    task = find_task(cat, task_id)
    _check_reporter(cat, task, unit)
    _check_date(task, date, clock.today)
    rows = _task_rows(log, task)
    slot = _slot(cat, task, rows, period, date)
    if task.kind == "standing" and status == "done":
        raise UsageError(message("standing_never_done", task=task.id))
    _check_unlocked(cat, task, rows, slot, clock.today)
    if percent is None:
        if status == "in_progress":
            state = _occurrence(cat, task, [r for r in rows if replaces is None or r[_RECORDED_AT] != replaces], slot.key, date)
            mine = None if state is None else (state.units.get(unit) or state.others.get(unit))
            if mine is not None and mine.status == "done":  # its last percent is 100, which 推进中 cannot keep
                raise UsageError(message("percent_after_done", task=task.id))
            percent = mine.percent if mine is not None and mine.status == "in_progress" else 0
        else:
            percent = {"not_started": 0, "done": 100}.get(status)
    clash = status_percent_clash(STATUS_WORD[status], percent)
    if clash:
        raise UsageError(message("status_percent", status=STATUS_WORD[status], percent=percent, why=clash))
    return ProgressEntry(
        task=task.id,
        unit=unit,
        kind="update",
        status=STATUS_WORD[status],  # type: ignore[arg-type]
        percent=percent,
        period=slot.key or None,  # a task with one occurrence names none
        date=date,
        note=note or None,
        evidence=evidence or None,
        recorded_at=clock.stamp(log),
        replaces=replaces,
    )


def latest_own_entry(cat: Catalogue, log: TaskLog, *, task_id: str, unit: str, period: str | None, ref: str | None) -> ProgressEntry:
    """The entry of `unit` that a correction or withdrawal names: the one recorded at `ref`
    (as `history` shows it), else the unit's latest effective update on the occurrence."""
    task = find_task(cat, task_id)
    rows = _task_rows(log, task)
    replaced = {(r[_UNIT], r[_REPLACES]) for r in rows if r[_REPLACES] is not None}
    mine = [r for r in rows if r[_UNIT] == unit and r[_KIND] == "update" and (unit, r[_RECORDED_AT]) not in replaced]
    if ref is not None:
        found = [r for r in mine if _moment_matches(r[_RECORDED_AT], ref)]
        if len(found) != 1:
            raise UsageError(message("no_such_entry" if not found else "entry_ambiguous", ref=ref, task=task.id, name=cat.units[unit].name))
        return entries_from_rows(found)[0]
    if period is not None:
        key = _period_key(task, period, None)
        slots = slots_of(cat, task, rows)
        mine = [r for r in mine if entry_slot_key(r, slots) == key]
    if not mine:
        raise UsageError(message("nothing_to_correct", task=task.id, name=cat.units[unit].name))
    return entries_from_rows([mine[-1]])[0]


def _moment_matches(moment: dt.datetime, ref: str) -> bool:
    """`ref` as history prints a time (2025-06-20 09:30), or in full (ISO, with seconds and more)."""
    text = ref.strip().replace("T", " ")
    full = moment.isoformat(sep=" ")
    return full.startswith(text) or moment.strftime("%Y-%m-%d %H:%M") == text


def new_withdrawal(cat: Catalogue, log: TaskLog, *, replaced: ProgressEntry, note: str | None, date: dt.date, clock: Clock) -> ProgressEntry:
    task = find_task(cat, replaced.task)
    _check_date(task, date, clock.today)
    rows = _task_rows(log, task)
    slots = slots_of(cat, task, rows)
    slot = find_slot(slots, replaced.period or "") if replaced.period is not None else slot_at(slots, replaced.date)
    if slot is not None:
        _check_unlocked(cat, task, rows, slot, clock.today)
    return ProgressEntry(
        task=task.id,
        unit=replaced.unit,
        kind="withdraw",
        status="撤回",
        period=slot.key if slot is not None and slot.key else None,
        date=max(date, replaced.date),
        note=note or None,
        recorded_at=clock.stamp(log),
        replaces=replaced.recorded_at,
    )


def new_office_action(
    cat: Catalogue,
    log: TaskLog,
    *,
    kind: str,
    task_id: str,
    note: str | None,
    date: dt.date,
    period: str | None,
    about: str | None,
    clock: Clock,
) -> ProgressEntry:
    """The office's verify, reject, reopen or trigger of one occurrence of a task."""
    task = find_task(cat, task_id)
    _check_date(task, date, clock.today)
    rows = _task_rows(log, task)
    if kind == "trigger":
        key = _new_event(cat, task, rows, note)
    elif kind in CARD_KINDS:  # on the unit, not on an occurrence
        if about is None or about not in task.may_report:
            raise UsageError(message("card_unit_not_on_task", task=task.id))
        if not note:
            raise UsageError(message("card_needs_unit_and_reason"))
        key = ""
    else:
        if task.kind == "standing":
            raise UsageError(message("standing_not_closed", task=task.id))
        state = task_state(cat, task, [r for r in rows if r[_DATE] <= date], date)
        occurrence = _office_occurrence(cat, task, state.occurrences, kind, period, about, date)
        key = occurrence.key
        if kind == "verify":
            _check_verifiable(cat, task, occurrence)
        elif kind == "reject":
            _check_rejectable(cat, task, occurrence, note, about)
        elif occurrence.status != "verified":  # reopen
            raise UsageError(message("reopen_not_verified", task=task.id, period=_period_words(occurrence.slot)))
        if kind == "reopen" and not note:
            raise UsageError(message("reopen_needs_note"))
    return ProgressEntry(
        task=task.id,
        unit=OFFICE,
        kind=kind,  # type: ignore[arg-type]
        status=OFFICE_STATUS[kind],  # type: ignore[arg-type]
        period=key or None,
        date=date,
        note=note or None,
        recorded_at=clock.stamp(log),
        about=about,
    )


def _new_event(cat: Catalogue, task: CatalogueTask, rows: list[EntryRow], note: str | None) -> str:
    if task.kind != "contingent":
        raise UsageError(message("trigger_not_contingent", task=task.id, kind=task.kind))
    if not note:
        raise UsageError(message("trigger_needs_note"))
    events = [r for r in rows if r[_KIND] == "trigger"]
    return f"E{len(events) + 1}"


def _office_occurrence(
    cat: Catalogue, task: CatalogueTask, occurrences: list[OccurrenceState], kind: str, period: str | None, about: str | None, date: dt.date
) -> OccurrenceState:
    """The occurrence an office action is about: the one named, else the only one it can mean."""
    if period is not None:
        key = _period_key(task, period, date)
        found = next((o for o in occurrences if o.key == key), None)
        if found is None:
            known = "、".join(o.key for o in occurrences if o.key) or message("none")
            raise UsageError(message("no_such_period", period=period, task=task.id, known=known))
        return found
    if not occurrences:
        raise UsageError(message("not_triggered", task=task.id))
    if len(occurrences) == 1:
        return occurrences[0]
    wanted = {"verify": ("done",), "reopen": ("verified",), "reject": ("done", "verified", "in_progress")}[kind]
    fitting = [o for o in occurrences if o.status in wanted and (kind != "reject" or _done_units(o, about))]
    if len(fitting) == 1:
        return fitting[0]
    keys = "、".join(o.key for o in (fitting or occurrences))
    raise UsageError(message("which_period", task=task.id, keys=keys))


def _done_units(o: OccurrenceState, about: str | None) -> list[str]:
    done = [u for u, s in {**o.units, **o.others}.items() if s.status == "done"]
    return [u for u in done if about is None or u == about]


def _check_verifiable(cat: Catalogue, task: CatalogueTask, o: OccurrenceState) -> None:
    if o.status == "verified":
        raise UsageError(message("already_verified", task=task.id, period=_period_words(o.slot)))
    if not o.units:
        raise UsageError(message("verify_pending_division", task=task.id))
    if o.status != "done":
        pending = [u for u, s in o.units.items() if s.status != "done"]
        raise UsageError(message("verify_not_done", task=task.id, period=_period_words(o.slot), pending=names(cat, pending)))


def _check_rejectable(cat: Catalogue, task: CatalogueTask, o: OccurrenceState, note: str | None, about: str | None) -> None:
    if not note:
        raise UsageError(message("reject_needs_note"))
    if about is not None and about not in o.units and about not in o.others:
        raise UsageError(message("reject_not_reporter", name=cat.units[about].name, task=task.id))
    if not _done_units(o, about):
        who = cat.units[about].name if about is not None else message("any_unit")
        raise UsageError(message("reject_nothing_done", task=task.id, period=_period_words(o.slot), who=who))
