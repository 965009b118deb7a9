"""Each task's completion figures and own state as of a day, kept in the index: the roll-up pushed down.

A progress table by section counts, over every task, the status, percent and overdue flag of
each occurrence it tracks (report.task_figures). Working them out means reading every entry
and running the status rules on every task; between two changes to the log they are the same.
So the index keeps them, per day, one row per occurrence counted (a task without one has a row
with seq -1: worked out, nothing to count), and one row per unit's own view of each occurrence
(report.unit_task_figures: what `progress --by dept` counts):

- Kept under the catalogue's key, the day asked for and the last day whose entries count (the
  day, or today when it is later: entries dated after today are skipped): another catalogue, or
  a new today, never reads them.
- A change to the log forgets the figures of the tasks it touches, in the same transaction
  (index.py: an appended line, a file read again, a file gone; all of them when the catalogue
  changed). The next read works out those tasks only, from their entries.
- Every such change also moves the log's generation on. Figures worked out are written back
  only when the generation is still the one the run's entries are of (the one it read once it
  had brought the index up to date): figures computed from entries another run has since
  added to are never kept.
- At most a few days are kept; those written longest ago go first.
- Each unit's totals are summed in SQL (unit_tally) only when they are exact in any order.
- The 预警 of every unit (level and reasons) rest on the whole log: they are kept for the
  generation they were worked out at, and no longer. So is a 调度通报's text, under the options
  that shape it.
- Each task's own state as of the day, as an export's row shows it (export.task_summary:
  status, overdue or not, mean percent, the deadline that matters), is kept per day and task as
  the figures are, and forgotten with them.

Like the rest of the index, a cache: deleting it loses nothing.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .export import TaskSummary
    from .report import Card, Figure, SectionRow, TaskFigures, UnitFigure
    from .status import OccurrenceStatuses

SCHEMA = """
CREATE TABLE figure_days(
    id INTEGER PRIMARY KEY, catalogue TEXT NOT NULL, day TEXT NOT NULL, last TEXT NOT NULL,
    used_ns INTEGER NOT NULL, UNIQUE (catalogue, day, last)
);
CREATE TABLE figures(
    day INTEGER NOT NULL, task TEXT NOT NULL,
    seq INTEGER NOT NULL,       -- the occurrence's place among the task's counted ones, or -1: none
    status TEXT, percent REAL, overdue INTEGER,
    PRIMARY KEY (day, task, seq)
) WITHOUT ROWID;
CREATE INDEX figures_by_task ON figures(task);
CREATE TABLE unit_figures(
    day INTEGER NOT NULL, task TEXT NOT NULL,
    seq INTEGER NOT NULL,       -- the figure's place among the task's, occurrence by occurrence and unit by unit
    unit TEXT NOT NULL, status TEXT NOT NULL, percent REAL NOT NULL, overdue INTEGER NOT NULL,
    PRIMARY KEY (day, task, seq)
) WITHOUT ROWID;
CREATE INDEX unit_figures_by_task ON unit_figures(task);
-- each task's own state as of a day (report.task_summary): what an export's row shows of it
CREATE TABLE task_states(
    day INTEGER NOT NULL, task TEXT NOT NULL,
    status TEXT NOT NULL, overdue INTEGER NOT NULL, percent REAL NOT NULL, due TEXT,
    PRIMARY KEY (day, task)
) WITHOUT ROWID;
CREATE INDEX task_states_by_task ON task_states(task);
-- each dated occurrence's status as a due listing shows the county's (status.occurrence_statuses),
-- per task: JSON, key → [status, days late or null]
CREATE TABLE occurrence_states(
    day INTEGER NOT NULL, task TEXT NOT NULL, statuses TEXT NOT NULL,
    PRIMARY KEY (day, task)
) WITHOUT ROWID;
CREATE INDEX occurrence_states_by_task ON occurrence_states(task);
-- each unit's 预警 over every task, as of a day: they rest on the whole log, so they are kept
-- for the log's generation only
CREATE TABLE day_cards(
    catalogue TEXT NOT NULL, day TEXT NOT NULL, last TEXT NOT NULL, generation INTEGER NOT NULL, written_ns INTEGER NOT NULL,
    cards TEXT NOT NULL,                -- JSON: unit → [level, [reason, …]]
    PRIMARY KEY (catalogue, day, last)
) WITHOUT ROWID;
-- each 调度通报 as written (text, Markdown or brief) as of a day, with the options that shape
-- it: it rests on the whole log, so it is kept for the log's generation only, as the 预警
CREATE TABLE day_bulletins(
    catalogue TEXT NOT NULL, day TEXT NOT NULL, last TEXT NOT NULL, options TEXT NOT NULL,
    generation INTEGER NOT NULL, written_ns INTEGER NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (catalogue, day, last, options)
) WITHOUT ROWID;
"""
DAYS_KEPT = 8
# Past this many tasks touched at once (a first build, a file read again) every day's figures
# are dropped: cheaper than forgetting them task by task.
_FORGET_ALL_ABOVE = 2_000


_PER_TASK = ("figures", "unit_figures", "task_states", "occurrence_states")  # what is kept per day and task
_DAY = "SELECT id FROM figure_days WHERE catalogue = ? AND day = ? AND last = ?"


def choose_tasks(db: sqlite3.Connection, task_ids: list[str]) -> None:
    """Make the temporary table chosen_tasks hold `task_ids`: what a query reads some tasks' rows by."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS chosen_tasks(task TEXT PRIMARY KEY) WITHOUT ROWID")
    db.execute("DELETE FROM chosen_tasks")
    db.executemany("INSERT OR IGNORE INTO chosen_tasks VALUES (?)", ((t,) for t in task_ids))


def json_values(texts: list[str]) -> list[Any]:
    """Each text's JSON value, decoded at once (None for one that is not JSON)."""
    import json

    try:
        values: list[Any] = json.loads("[" + ",".join(texts) + "]")
        if len(values) == len(texts):
            return values
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the decoder goes
        pass
    found = []
    for text in texts:  # some text is not what anquan wrote: each on its own
        try:
            found.append(json.loads(text))
        except (ValueError, RecursionError):
            found.append(None)
    return found


def generation(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    return int(row[0]) if row is not None else 0


def forget(db: sqlite3.Connection, tasks: Iterable[str] | None) -> None:
    """The log changed for `tasks` (None: for any task): forget their figures, and every day's
    预警 by moving the generation on. Inside the caller's write transaction, the one that
    changes the entries."""
    touched = None if tasks is None else set(tasks)
    if touched == set():  # a file's stat recorded again, its entries as they were
        return
    db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(generation(db) + 1),))
    if touched is None or len(touched) > _FORGET_ALL_ABOVE:
        for table in (*_PER_TASK, "figure_days", "day_cards", "day_bulletins"):
            db.execute(f"DELETE FROM {table}")
    elif touched:
        for table in _PER_TASK:
            db.executemany(f"DELETE FROM {table} WHERE task = ?", ((t,) for t in touched))


def read(db: sqlite3.Connection, catalogue: str, day: str, last: str, *, units: bool) -> dict[str, TaskFigures]:
    """The figures kept for the day, of the tasks whose figures are kept (`units`: with the
    figures by unit; else those are left empty)."""
    from .report import STATUSES

    row = db.execute(_DAY, (catalogue, day, last)).fetchone()
    if row is None:
        return {}
    found: dict[str, list[Figure]] = {}
    refused: set[str] = set()  # a figure not as `write` writes it: the task's worked out and written again
    for task, seq, status, percent, overdue in db.execute("SELECT task, seq, status, percent, overdue FROM figures WHERE day = ? ORDER BY task, seq", row):
        counted = found.setdefault(task, [])
        if seq >= 0:
            counted.append((status, percent, bool(overdue)))
            if not _figure(status, percent, overdue, STATUSES):
                refused.add(task)
        elif (status, percent, overdue) != (None, None, None):
            refused.add(task)
    by_unit: dict[str, list[UnitFigure]] = {}
    if units:
        for task, unit, status, percent, overdue in db.execute(
            "SELECT task, unit, status, percent, overdue FROM unit_figures WHERE day = ? ORDER BY task, seq", row
        ):
            by_unit.setdefault(task, []).append((unit, status, percent, bool(overdue)))
            if not _figure(status, percent, overdue, STATUSES):
                refused.add(task)
    return {task: (tuple(figures), tuple(by_unit.get(task, ()))) for task, figures in found.items() if task not in refused}


def _figure(status: Any, percent: Any, overdue: Any, statuses: tuple[str, ...]) -> bool:
    """Whether a kept figure is one as `write` writes it (an index file changed by another hand
    may hold anything: SQLite keeps any value in any column)."""
    return status in statuses and type(percent) is float and 0.0 <= percent <= 100.0 and type(overdue) is int and overdue in (0, 1)


# The same, in SQL: section_rows adds up the figures there only when none is refused so.
_FIGURE_AS_WRITTEN = (
    "status IN ('not_started', 'in_progress', 'done', 'verified') AND typeof(percent) = 'real' AND percent BETWEEN 0 AND 100 "
    "AND typeof(overdue) = 'integer' AND overdue IN (0, 1)"
)


def write(db: sqlite3.Connection, catalogue: str, day: str, last: str, read_at: int, figures: dict[str, TaskFigures]) -> bool:
    """Keep `figures`, worked out from the entries of generation `read_at`: only if the log is
    still that generation (else another run changed it meanwhile, and they may be stale).
    Whether they were kept."""
    rows: list[tuple[str, int, str | None, float | None, int | None]] = []
    unit_rows: list[tuple[str, int, str, str, float, int]] = []
    for task, (counted, by_unit) in figures.items():
        if not counted:
            rows.append((task, -1, None, None, None))
        rows += [(task, seq, status, percent, int(overdue)) for seq, (status, percent, overdue) in enumerate(counted)]
        unit_rows += [(task, seq, unit, status, percent, int(overdue)) for seq, (unit, status, percent, overdue) in enumerate(by_unit)]
    return _write_day(db, (catalogue, day, last), read_at, {"figures": rows, "unit_figures": unit_rows})


def read_states(db: sqlite3.Connection, catalogue: str, day: str, last: str) -> dict[str, TaskSummary]:
    """The tasks' own states kept for the day (export.task_summary), of those that are kept."""
    found: dict[str, TaskSummary] = {}
    for task, status, overdue, percent, due in db.execute(
        f"SELECT task, status, overdue, percent, due FROM task_states WHERE day = ({_DAY})", (catalogue, day, last)
    ):
        if _task_summary(status, overdue, percent, due):  # else not what anquan wrote: worked out and written again
            found[task] = (status, bool(overdue), percent, due)
    return found


# A task's own status (status.TaskState.status): an occurrence's, or standing (常态化) or inactive (未触发).
_TASK_STATUSES = ("not_started", "in_progress", "done", "verified", "standing", "inactive")


def _task_summary(status: Any, overdue: Any, percent: Any, due: Any) -> bool:
    """Whether a kept row is a task's own state as write_states writes it: a status, 0 or 1, a
    percent (a REAL column holds any value SQLite is given), and no deadline or one as
    isoformat writes it (the workbook reads it as a day)."""
    from .views import _iso_day

    return (
        status in _TASK_STATUSES
        and type(overdue) is int
        and overdue in (0, 1)
        and type(percent) is float
        and 0.0 <= percent <= 100.0
        and (due is None or (type(due) is str and _iso_day(due) is not None))
    )


def write_states(db: sqlite3.Connection, catalogue: str, day: str, last: str, read_at: int, states: dict[str, TaskSummary]) -> bool:
    """Keep the tasks' own states, as `write` keeps figures: whether they were kept."""
    rows = [(task, status, int(overdue), percent, due) for task, (status, overdue, percent, due) in states.items()]
    return _write_day(db, (catalogue, day, last), read_at, {"task_states": rows})


def read_occurrence_states(db: sqlite3.Connection, catalogue: str, day: str, last: str, keys: Mapping[str, set[str]]) -> dict[str, OccurrenceStatuses]:
    """The occurrence statuses kept for the day of the tasks `keys` names they are kept for
    (task id → its occurrences' keys); one that is not what anquan writes (not of those keys:
    another task's) is left out (worked out and written again)."""
    from .report import STATUSES

    choose_tasks(db, list(keys))
    kept = db.execute(
        f"SELECT task, statuses FROM occurrence_states WHERE day = ({_DAY}) AND task IN (SELECT task FROM chosen_tasks)", (catalogue, day, last)
    ).fetchall()
    found: dict[str, OccurrenceStatuses] = {}
    for (task, _), value in zip(kept, json_values([text for _, text in kept]), strict=True):
        if isinstance(value, dict) and value.keys() == keys[task] and all(_status_pair(v, STATUSES) for v in value.values()):
            found[task] = {key: (status, late) for key, (status, late) in value.items()}
    return found


def _status_pair(value: Any, statuses: tuple[str, ...]) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and value[0] in statuses
        and (value[1] is None or type(value[1]) is int)
    )


def write_occurrence_states(db: sqlite3.Connection, catalogue: str, day: str, last: str, read_at: int, statuses: dict[str, OccurrenceStatuses]) -> bool:
    """Keep the tasks' occurrence statuses, as `write` keeps figures: whether they were kept."""
    import json

    rows = [(task, json.dumps(found, ensure_ascii=False)) for task, found in statuses.items()]
    return _write_day(db, (catalogue, day, last), read_at, {"occurrence_states": rows})


def _write_day(db: sqlite3.Connection, where: tuple[str, str, str], read_at: int, tables: dict[str, list[Any]]) -> bool:
    """Write each table's rows (without their day, which comes first) under the day `where`
    names, if the log is still of generation `read_at`; then drop the days written longest ago."""
    with db:
        db.execute("BEGIN IMMEDIATE")
        if generation(db) != read_at:
            return False
        db.execute(
            "INSERT INTO figure_days(catalogue, day, last, used_ns) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(catalogue, day, last) DO UPDATE SET used_ns = excluded.used_ns",
            (*where, time.time_ns()),
        )
        [(key,)] = db.execute(_DAY, where)
        for table, rows in tables.items():
            if rows:
                marks = ", ".join("?" * (len(rows[0]) + 1))
                db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", ((key, *row) for row in rows))
        old = [r[0] for r in db.execute("SELECT id FROM figure_days ORDER BY used_ns DESC LIMIT -1 OFFSET ?", (DAYS_KEPT,))]
        for table in _PER_TASK:
            db.executemany(f"DELETE FROM {table} WHERE day = ?", ((d,) for d in old))
        db.executemany("DELETE FROM figure_days WHERE id = ?", ((d,) for d in old))
    return True


def missing(db: sqlite3.Connection, catalogue: str, day: str, last: str) -> list[str]:
    """The tasks of the catalogue the index holds whose figures for the day are not kept, in its order."""
    query = f"SELECT id FROM tasks WHERE id NOT IN (SELECT task FROM figures WHERE day = ({_DAY})) ORDER BY position"
    return [task for (task,) in db.execute(query, (catalogue, day, last))]


def section_rows(db: sqlite3.Connection, catalogue: str, day: str, last: str) -> list[SectionRow] | None:
    """Every task's figures with its section, in the tasks' order (report.section_tallies adds
    them up; a task with nothing to count has one row with status None); None unless every
    task's figures are kept. Inside the caller's read transaction."""
    row = db.execute(_DAY, (catalogue, day, last)).fetchone()
    if row is None or missing(db, catalogue, day, last):
        return None
    none = "seq = -1 AND status IS NULL AND percent IS NULL AND overdue IS NULL"  # a task with nothing to count
    refused = f"SELECT 1 FROM figures WHERE day = ? AND NOT (({none}) OR (seq >= 0 AND {_FIGURE_AS_WRITTEN}))"
    if db.execute(f"SELECT EXISTS ({refused})", row).fetchone()[0]:
        return None  # read through `read`, which refuses them
    found: list[SectionRow] = db.execute(
        "SELECT t.section, f.status, ifnull(f.percent, 0.0), ifnull(f.overdue, 0) FROM figures f JOIN tasks t ON t.id = f.task "
        "WHERE f.day = ? ORDER BY t.position, f.seq",
        row,
    ).fetchall()
    return found


def unit_tally(db: sqlite3.Connection, catalogue: str, day: str, last: str) -> dict[str, tuple[int, int, int, int, int, int, float]] | None:
    """Each unit's totals over the day's figures by unit, summed in SQL: figures, not started,
    in progress, done, verified, overdue, and the sum of percents. Only when every task's
    figures are kept, and every percent is a whole number (a unit's own percent is), so that
    the sum is exact in any order: None otherwise (the caller counts them in Python). Inside
    the caller's read transaction."""
    row = db.execute(_DAY, (catalogue, day, last)).fetchone()
    if row is None or missing(db, catalogue, day, last):
        return None
    found = {}
    # a figure not as `write` writes it (`read` refuses it) shows in the totals: a status not
    # one of the four, a percent not a whole number (a text is not) or past 0 to 100, overdue
    # past 0 and 1 (a text is) or not a whole number (its sum is not an integer)
    for unit, n, not_started, in_progress, done, verified, overdue, percent_sum, fractions, in_range in db.execute(
        "SELECT unit, count(*), sum(status = 'not_started'), sum(status = 'in_progress'), sum(status = 'done'), sum(status = 'verified'), "
        "sum(overdue), sum(percent), sum(percent != round(percent)), "
        "min(percent) >= 0 AND max(percent) <= 100 AND min(overdue) >= 0 AND max(overdue) <= 1 FROM unit_figures WHERE day = ? GROUP BY unit",
        row,
    ):
        if fractions or not in_range or type(overdue) is not int or n != not_started + in_progress + done + verified:
            return None  # counted in Python, from what `read` keeps
        found[unit] = (n, not_started, in_progress, done, verified, overdue, float(percent_sum))
    return found


def read_cards(db: sqlite3.Connection, catalogue: str, day: str, last: str, read_at: int) -> dict[str, Card] | None:
    """Each unit's 预警 as of the day, if kept for the log's generation `read_at`."""
    row = db.execute("SELECT generation, cards FROM day_cards WHERE catalogue = ? AND day = ? AND last = ?", (catalogue, day, last)).fetchone()
    if row is None or row[0] != read_at:
        return None
    [kept] = json_values([row[1]])
    if not (isinstance(kept, dict) and all(_card(value) for value in kept.values())):
        return None  # not what anquan writes: worked out and written again
    return {unit: (level, tuple(reasons)) for unit, (level, reasons) in kept.items()}


def _card(value: Any) -> bool:
    """Whether `value` is a unit's 预警 as write_cards writes it: [level, [reason, …]]."""
    return (
        isinstance(value, list)
        and len(value) == 2
        and value[0] in ("", "yellow", "red")
        and isinstance(value[1], list)
        and all(type(reason) is str for reason in value[1])
    )


def write_cards(db: sqlite3.Connection, catalogue: str, day: str, last: str, read_at: int, cards: dict[str, Card]) -> bool:
    """Keep the units' 预警 worked out from the log of generation `read_at`, if it still is: whether they were kept."""
    import json

    return _keep_for_the_log(db, "day_cards", read_at, catalogue=catalogue, day=day, last=last, cards=json.dumps(cards, ensure_ascii=False))


def _keep_for_the_log(db: sqlite3.Connection, table: str, read_at: int, **values: str) -> bool:
    """Keep a row of `table` (its `values`) worked out from the log of generation `read_at`, if
    the log still is at it: whether it was kept. Rows of an older log go, never to be read again."""
    row: dict[str, object] = {**values, "generation": read_at, "written_ns": time.time_ns()}
    with db:
        db.execute("BEGIN IMMEDIATE")
        if generation(db) != read_at:
            return False
        db.execute(f"DELETE FROM {table} WHERE generation != ?", (read_at,))
        db.execute(f"INSERT OR REPLACE INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
        _keep_newest(db, table)
    return True


def _keep_newest(db: sqlite3.Connection, table: str) -> None:
    """Of what `table` keeps (each row written at written_ns), only the DAYS_KEPT written last."""
    newest = f"SELECT written_ns FROM {table} ORDER BY written_ns DESC LIMIT ?"
    db.execute(f"DELETE FROM {table} WHERE written_ns < (SELECT min(written_ns) FROM ({newest}))", (DAYS_KEPT,))


def read_bulletin(db: sqlite3.Connection, catalogue: str, day: str, last: str, read_at: int, *, options: str) -> str | None:
    """A 调度通报's text as of the day with these options, if kept for the log's generation `read_at`."""
    # as bytes: a text that is not UTF-8 would fail the read, and be neither used nor replaced
    row = db.execute(
        "SELECT generation, typeof(text), CAST(text AS BLOB) FROM day_bulletins WHERE catalogue = ? AND day = ? AND last = ? AND options = ?",
        (catalogue, day, last, options),
    ).fetchone()
    if row is None or row[0] != read_at or row[1] != "text":
        return None
    try:
        text: str = row[2].decode("utf-8")
    except UnicodeDecodeError:
        return None  # not what anquan writes: worked out and written again
    return text


def write_bulletin(db: sqlite3.Connection, catalogue: str, day: str, last: str, read_at: int, text: str, *, options: str) -> bool:
    """Keep a 调度通报's text (with these options) worked out from the log of generation
    `read_at`, if it still is: whether it was kept. The last few written are kept."""
    return _keep_for_the_log(db, "day_bulletins", read_at, catalogue=catalogue, day=day, last=last, options=options, text=text)
