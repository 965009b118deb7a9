"""What a 调度通报 says, as data: computed from the catalogue, the progress log, the office's
settings (supervision.yaml) and the day of the figures; rendered by `text` and `word`.

Pure and deterministic: the same workspace, day, number and comparison day give the same
bulletin. Every figure counts occurrences (each period of a recurring duty on its own);
standing duties are judged on reporting, events not yet recorded are counted apart.
"""

from __future__ import annotations

import datetime as dt
import math

from ..catalogue import REPORTING_KINDS, Catalogue
from ..errors import UsageError
from ..labels import message
from ..progress import _ABOUT, _DATE, _KIND, _NOTE, _TASK, _UNIT, Progress
from ..query import task_order
from ..records import record
from ..report import Counts, UnitProgress, count_occurrences, tracked_occurrences, unit_progress
from ..reporting import Cycle, UnitReporting, closed_cycles, next_due, reporting_record, standing_coverage
from ..status import OccurrenceState, TaskState, expected_percent, rollup, unit_view
from ..supervision import Supervision
from ..warning_rules import StatesAt, UnitWarning, evaluate, label, occurrence_label, unit_occurrences

RANKED_KINDS = ("department", "township")  # 县直部门 and 乡镇 are ranked apart


@record(frozen=True)
class Schedule:
    """序时进度 over the occurrences with a firm time limit that had opened."""

    items: int
    reached: int  # closed, or at or above their 序时进度
    expected: float  # mean 序时进度
    actual: float  # mean percent


@record(frozen=True)
class Overall:
    counts: Counts
    tasks: int
    sections: int
    clauses: int
    unit_tasks: int | None  # with --dept: the unit's tasks
    standing: int
    inactive: int  # contingent duties whose event has not been recorded
    triggered: int  # events recorded
    pending: int  # tasks with a group's part still 待分工
    schedule: Schedule
    notices: int = 1  # the notices it covers (a workspace of several)


@record(frozen=True)
class Highlight:
    unit: str
    label: str  # the occurrence
    title: str
    note: str
    date: dt.date


@record(frozen=True)
class OverdueItem:
    label: str
    title: str
    phrase: str
    due: dt.date
    days: int
    not_started: tuple[str, ...]  # the units that have not finished, by their status
    in_progress: tuple[tuple[str, int], ...]  # (unit, percent)


@record(frozen=True)
class Returned:
    label: str
    title: str
    unit: str
    date: dt.date
    reason: str


@record(frozen=True)
class Card:
    """The office's 红黄牌警告 (notice 2.3.1): a decision, recorded with its reason."""

    level: str  # red | yellow
    unit: str
    task: str
    date: dt.date
    reason: str


@record(frozen=True)
class RankRow:
    rank: int
    tied: bool
    progress: UnitProgress
    missed: int  # closed cycles with nothing reported
    owed: int


@record(frozen=True)
class LedgerRow:
    label: str
    title: str
    kind: str
    phrase: str
    units: tuple[str, ...]
    pending: tuple[str, ...]
    status: str  # not_started | in_progress | done | verified | standing | inactive
    percent: float | None
    reported: tuple[int, int] | None  # a standing duty: (units that reported, units that owed) in the last closed cycle
    overdue_days: int
    late_days: int | None


@record(frozen=True)
class Changes:
    since: dt.date
    basis: str  # since (given), issue (the previous bulletin's day), cycle (the previous due day)
    closed: tuple[str, ...]  # occurrences finished since
    overdue: tuple[str, ...]  # occurrences that became overdue since
    warned: tuple[tuple[str, str], ...]  # (unit, level) newly warned or raised
    lifted: tuple[str, ...]  # units warned then, not now


@record(frozen=True)
class Bulletin:
    number: int
    as_of: dt.date
    unit: str | None  # a unit's own bulletin (--dept)
    supervision: Supervision
    overall: Overall
    warnings: dict[str, UnitWarning]
    reporting: dict[str, UnitReporting]
    last_cycle: Cycle | None  # the latest closed reporting cycle
    next_due: dt.date | None  # the next reporting due day, the day itself included
    good: list[str]  # units ahead: no warning, reported, the best done share in their list
    highlights: list[Highlight]
    overdue: list[OverdueItem]
    coming: list[tuple[str, str, str, dt.date, float]]  # (label, title, phrase, due, percent) within the horizon
    returned: list[Returned]
    cards: list[Card]
    pending_groups: dict[str, int]  # group → tasks still 待分工
    closable: int  # occurrences every unit finished, waiting for 销号
    rankings: dict[str, list[RankRow]]
    ledger: list[LedgerRow]
    changes: Changes | None
    unreported: list[str]  # 未报送 in the last closed cycle
    horizon_days: int = 30
    plan_title: str | None = None
    plan_example: bool = False
    aliases: tuple[str, ...] = ()  # the notices' aliases the ids show (notices.yaml, local data), with several


def issue_number(supervision: Supervision, as_of: dt.date, number: int | None) -> int:
    """The 期号: as given, else the register's for that day, else the one after the last issue
    before it. A number the register gives to a bulletin of another day is refused: two
    bulletins must never carry one number."""
    same = supervision.issue_on(as_of)
    if number is None:
        if same is not None:
            return same.number
        before = [i.number for i in supervision.file.bulletin.issues if i.date < as_of]
        number = max(before) + 1 if before else 1
    taken = next((i for i in supervision.file.bulletin.issues if i.number == number and i.date != as_of), None)
    if taken is not None:
        raise UsageError(message("issue_number_taken", number=number, date=taken.date))
    return number


def comparison_day(cat: Catalogue, supervision: Supervision, as_of: dt.date, since: dt.date | None) -> tuple[dt.date, str] | None:
    """较上期: the day compared with and what it is — `since` (given), the previous issue's day
    (issue), else the due day of the cycle before the last closed one (cycle: the change over the
    last cycle); None on the first cycles."""
    if since is not None:
        if not cat.notice.date <= since < as_of:
            raise UsageError(message("since_out_of_range", since=since, notice=cat.notice.date, as_of=as_of))
        return since, "since"
    issue = supervision.issue_before(as_of)
    if issue is not None:
        return issue.date, "issue"
    closed = closed_cycles(supervision.file.reporting, supervision.cycles_from, as_of)
    return (closed[-2].due, "cycle") if len(closed) >= 2 else None


def build(
    cat: Catalogue,
    log: Progress,
    supervision: Supervision,
    as_of: dt.date,
    *,
    task_ids: list[str],
    unit: str | None = None,
    number: int | None = None,
    since: dt.date | None = None,
    horizon_days: int = 30,
) -> Bulletin:
    if as_of < cat.notice.date:
        raise UsageError(message("bulletin_before_notice", as_of=as_of, notice=cat.notice.date))
    number = issue_number(supervision, as_of, number)
    compared = comparison_day(cat, supervision, as_of, since)
    rollups: dict[dt.date, dict[str, TaskState]] = {}

    def states_at(day: dt.date) -> dict[str, TaskState]:  # each day's roll-up once: 较上期 and escalations ask again
        if day not in rollups:
            rollups[day] = rollup(cat, log, day)
        return rollups[day]

    county = states_at(as_of)
    own = unit is not None and cat.units[unit].kind in REPORTING_KINDS
    all_items = tracked_occurrences([county[t] for t in task_ids])
    states = county
    if own:
        assert unit is not None
        states = unit_view(county, unit, cat)
        task_ids = [t for t in task_ids if t in states]
    chosen = [states[t] for t in task_ids]
    items = tracked_occurrences(chosen)
    closed = closed_cycles(supervision.file.reporting, supervision.cycles_from, as_of)
    records = reporting_record(cat, log, county, closed, as_of, task_ids)
    by_unit = unit_occurrences(county, task_ids)
    warnings = evaluate(cat, log, supervision, as_of, task_ids, county, states_at, by_unit=by_unit, records=records)
    progress = unit_progress(cat, county, as_of, task_ids, warnings, by_unit)
    if own:
        progress = [p for p in progress if p.unit == unit]
        warnings = {u: w for u, w in warnings.items() if u == unit}
        records = {u: r for u, r in records.items() if u == unit}
    last = closed[-1] if closed else None
    rankings = _rankings(cat, progress, records)
    return Bulletin(
        number=number,
        as_of=as_of,
        unit=unit,
        supervision=supervision,
        overall=_overall(cat, chosen, items, task_ids, as_of, unit if own else None),
        warnings=warnings,
        reporting=records,
        last_cycle=last,
        next_due=next_due(supervision.file.reporting, as_of),
        good=_good(rankings, warnings),
        highlights=_highlights(cat, log, county, task_ids, compared[0] if compared else None, as_of, unit if own else None),
        overdue=_overdue(cat, items),
        coming=_coming(cat, states, items, task_ids, as_of, horizon_days),
        returned=[
            Returned(occurrence_label(o), cat.tasks[o.task].task.title, u, us.returned_on or as_of, us.returned)
            for o in items
            for u, us in o.units.items()
            if us.returned
        ],
        cards=_cards(log, as_of, set(task_ids), unit if own else None),
        pending_groups={} if own else _pending_groups(cat, task_ids),
        closable=sum(1 for o in all_items if o.status == "done"),
        rankings=rankings,
        ledger=_ledger(cat, states, task_ids, standing_coverage(cat, log, county, last, as_of, task_ids)),
        changes=None if compared is None else _changes(cat, log, supervision, *compared, states, warnings, task_ids, unit if own else None, states_at),
        unreported=[u for u, r in records.items() if last is not None and last.number in r.missed],
        horizon_days=horizon_days,
        plan_title=cat.plan.title if cat.plan else None,
        plan_example=bool(cat.plan and cat.plan.example),
        aliases=tuple(e.alias for e in cat.workspace_notices.notices) if cat.qualifiers and cat.workspace_notices else (),
    )


def _overall(cat: Catalogue, chosen: list[TaskState], items: list[OccurrenceState], task_ids: list[str], as_of: dt.date, unit: str | None) -> Overall:
    dated = [o for o in items if o.due is not None and o.slot.firm and o.slot.start < as_of]
    # percents are reported in whole points: 0% one day in (序时进度 0.7%) is on schedule
    reached = sum(1 for o in dated if o.closed or o.percent >= math.floor(expected_percent(o.slot, as_of) or 0.0))
    schedule = Schedule(
        len(dated),
        reached,
        sum(expected_percent(o.slot, as_of) or 0.0 for o in dated) / len(dated) if dated else 0.0,
        sum(o.percent for o in dated) / len(dated) if dated else 0.0,
    )
    return Overall(
        count_occurrences(items),
        len(cat.tasks),
        len(cat.sections),
        len(cat.clauses),
        len(task_ids) if unit else None,
        sum(1 for s in chosen if s.kind == "standing"),
        sum(1 for s in chosen if s.kind == "contingent" and s.current is None),
        sum(len(s.occurrences) for s in chosen if s.kind == "contingent"),
        0 if unit else sum(1 for t in task_ids if cat.tasks[t].pending),
        schedule,
        len(cat.notice_catalogues) or 1,
    )


def _overdue(cat: Catalogue, items: list[OccurrenceState]) -> list[OverdueItem]:
    found = []
    for o in sorted((o for o in items if o.overdue), key=lambda o: (-o.overdue_days, task_order(cat.tasks[o.task]), o.key)):
        assert o.due is not None
        left = [(u, us) for u, us in o.units.items() if us.status != "done"]
        found.append(
            OverdueItem(
                occurrence_label(o),
                cat.tasks[o.task].task.title,
                o.slot.phrase,
                o.due,
                o.overdue_days,
                tuple(u for u, us in left if us.status == "not_started"),
                tuple((u, us.percent) for u, us in left if us.status != "not_started"),
            )
        )
    return found


def _coming(
    cat: Catalogue, states: dict[str, TaskState], items: list[OccurrenceState], task_ids: list[str], as_of: dt.date, horizon: int
) -> list[tuple[str, str, str, dt.date, float]]:
    found = [
        (o.due, task_order(cat.tasks[o.task]), o.task, o.key, o.slot.phrase, o.percent)
        for o in items
        if o.due is not None and o.slot.firm and not o.closed and 0 <= (o.due - as_of).days <= horizon
    ]
    for t in task_ids:
        for slot in states[t].upcoming:
            if slot.due is not None and slot.firm and 0 <= (slot.due - as_of).days <= horizon:
                found.append((slot.due, task_order(cat.tasks[t]), t, slot.key, slot.phrase, 0.0))
    return [(label(t, key), cat.tasks[t].task.title, phrase, due, pct) for due, _, t, key, phrase, pct in sorted(found)]


def _highlights(
    cat: Catalogue, log: Progress, states: dict[str, TaskState], task_ids: list[str], since: dt.date | None, as_of: dt.date, unit: str | None
) -> list[Highlight]:
    """The notes units reported since the comparison day: the latest per unit and task, unless
    the office has sent that unit's report back since (a 退回 is no highlight)."""
    wanted = set(task_ids)
    latest: dict[tuple[str, str], tuple[dt.date, str]] = {}
    for row in log.rows:
        if row[_KIND] != "update" or not row[_NOTE] or row[_TASK] not in wanted or row[_DATE] > as_of:
            continue
        if since is not None and row[_DATE] <= since:
            continue
        if cat.units.get(row[_UNIT]) is None or cat.units[row[_UNIT]].kind not in REPORTING_KINDS or (unit and row[_UNIT] != unit):
            continue
        latest[(row[_TASK], row[_UNIT])] = (row[_DATE], " ".join(str(row[_NOTE]).split()))  # one line, whatever was typed
    returned = {(o.task, u) for s in states.values() for o in s.occurrences for u, us in o.units.items() if us.returned}
    latest = {k: v for k, v in latest.items() if k not in returned}
    order = {u: i for i, u in enumerate(cat.units)}
    return [
        Highlight(u, t, cat.tasks[t].task.title, note, day)
        for (t, u), (day, note) in sorted(latest.items(), key=lambda kv: (task_order(cat.tasks[kv[0][0]]), order[kv[0][1]]))
    ]


def _cards(log: Progress, as_of: dt.date, task_ids: set[str], unit: str | None) -> list[Card]:
    found = []
    for row in log.rows:
        if row[_KIND] in ("red_card", "yellow_card") and row[_DATE] <= as_of and row[_TASK] in task_ids and (unit is None or row[_ABOUT] == unit):
            found.append(Card(row[_KIND].split("_")[0], row[_ABOUT], row[_TASK], row[_DATE], row[_NOTE] or ""))
    return found


def _pending_groups(cat: Catalogue, task_ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for t in task_ids:
        for group in cat.tasks[t].pending:
            found[group] = found.get(group, 0) + 1
    return found


def _rankings(cat: Catalogue, progress: list[UnitProgress], records: dict[str, UnitReporting]) -> dict[str, list[RankRow]]:
    """Per list (县直部门, 乡镇): by done share, then mean percent, then fewer cycles unreported;
    equal figures share a rank (并列)."""
    result: dict[str, list[RankRow]] = {}
    order = {u: i for i, u in enumerate(cat.units)}

    def missed(unit: str) -> int:
        record = records.get(unit)
        return len(record.missed) if record else 0

    def key(p: UnitProgress) -> tuple[float, float, int]:
        return (-round(p.done_share, 1), -round(p.percent, 1), missed(p.unit))

    for kind in RANKED_KINDS:
        rows = sorted((p for p in progress if cat.units[p.unit].kind == kind), key=lambda p: (key(p), order[p.unit]))
        ranked: list[RankRow] = []
        for i, p in enumerate(rows):
            same = i > 0 and key(rows[i - 1]) == key(p)
            rank = ranked[-1].rank if same else i + 1
            record = records.get(p.unit)
            ranked.append(RankRow(rank, False, p, missed(p.unit), len(record.owed) if record else 0))
        counts: dict[int, int] = {}
        for r in ranked:
            counts[r.rank] = counts.get(r.rank, 0) + 1
        result[kind] = [RankRow(r.rank, counts[r.rank] > 1, r.progress, r.missed, r.owed) for r in ranked]
    return result


def _good(rankings: dict[str, list[RankRow]], warnings: dict[str, UnitWarning]) -> list[str]:
    """Units ahead: in each list, those at its best done share (above zero), with no 预警 and nothing unreported."""
    found = []
    for rows in rankings.values():
        clean = [r for r in rows if r.progress.done > 0 and warnings.get(r.progress.unit, _NO_WARNING).level == "" and r.missed == 0]
        if clean:
            best = max(round(r.progress.done_share, 1) for r in clean)
            found += [r.progress.unit for r in clean if round(r.progress.done_share, 1) == best]
    return found


_NO_WARNING = UnitWarning("", "", ())


def _ledger(cat: Catalogue, states: dict[str, TaskState], task_ids: list[str], coverage: dict[str, tuple[int, int]]) -> list[LedgerRow]:
    rows = []
    for t in task_ids:
        task, state = cat.tasks[t], states[t]
        phrases = "；".join(d.phrase for d in task.task.deadlines) or (task.task.recurrence.phrase if task.task.recurrence else "")
        units = tuple(task.reporters)
        if state.kind == "standing" or (state.kind == "contingent" and not state.occurrences):
            status = "standing" if state.kind == "standing" else "inactive"
            rows.append(LedgerRow(t, task.task.title, state.kind, phrases, units, task.pending, status, None, coverage.get(t), 0, None))
            continue
        for o in state.occurrences:
            phrase = o.slot.phrase or phrases
            label = occurrence_label(o)
            rows.append(LedgerRow(label, task.task.title, state.kind, phrase, units, task.pending, o.status, o.percent, None, o.overdue_days, o.late_days))
    return rows


def _changes(
    cat: Catalogue,
    log: Progress,
    supervision: Supervision,
    since: dt.date,
    basis: str,
    states: dict[str, TaskState],
    warnings: dict[str, UnitWarning],
    task_ids: list[str],
    unit: str | None,
    states_at: StatesAt,
) -> Changes:
    before = states_at(since)
    if unit is not None:
        before = unit_view(before, unit, cat)
    was = {(o.task, o.key): o for t in task_ids if t in before for o in before[t].occurrences}
    now = [o for t in task_ids for o in states[t].occurrences if states[t].tracked]
    closed = tuple(occurrence_label(o) for o in now if o.closed and not (((o.task, o.key) in was) and was[(o.task, o.key)].closed))
    overdue = tuple(occurrence_label(o) for o in now if o.overdue and not (((o.task, o.key) in was) and was[(o.task, o.key)].overdue))
    then = evaluate(cat, log, supervision, since, task_ids, states_at(since), states_at)
    rank = {"": 0, "yellow": 1, "red": 2}
    warned = tuple((u, w.level) for u, w in warnings.items() if w.level and rank[w.level] > rank[then.get(u, _NO_WARNING).level])
    lifted = tuple(u for u, w in then.items() if w.level and warnings.get(u, _NO_WARNING).level == "" and (unit is None or u == unit))
    return Changes(since, basis, closed, overdue, warned, lifted)
