"""Each task's completion figures as of a day, kept in the index: the roll-up pushed down.

A progress table by section counts, over every task, the status, percent and overdue flag of
each occurrence it tracks (report.task_figures). Working them out means reading every entry
and running the status rules on every task; between two changes to the log they are the same.
So the index keeps them, per day, one row per occurrence counted (a task without one has a row
with seq -1: worked out, nothing to count):

- Kept under the catalogue's key, the day asked for and the last day whose entries count (the
  day, or today when it is later: entries dated after today are skipped): another catalogue, or
  a new today, never reads them.
- A change to the log forgets the figures of the tasks it touches, in the same transaction
  (index.py: an appended line, a file read again, a file gone; all of them when the catalogue
  changed). The next read works out those tasks only, from their entries.
- Every such change also moves the log's generation on. Figures worked out are written back
  only when the generation is still the one read before the entries were: figures computed
  from entries another run has since added to are never kept.
- At most a few days are kept; the least recently used goes first.

Like the rest of the index, a cache: deleting it loses nothing.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .report import Figure

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
"""
DAYS_KEPT = 8
# Past this many tasks touched at once (a first build, a file read again) every day's figures
# are dropped: cheaper than forgetting them task by task.
_FORGET_ALL_ABOVE = 2_000


def generation(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    return int(row[0]) if row is not None else 0


def forget(db: sqlite3.Connection, tasks: Iterable[str] | None) -> None:
    """The log changed for `tasks` (None: for any task): forget their figures. Inside the
    caller's write transaction, the one that changes the entries."""
    db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(generation(db) + 1),))
    touched = None if tasks is None else set(tasks)
    if touched is None or len(touched) > _FORGET_ALL_ABOVE:
        db.execute("DELETE FROM figures")
        db.execute("DELETE FROM figure_days")
    elif touched:
        db.executemany("DELETE FROM figures WHERE task = ?", ((t,) for t in touched))


def read(db: sqlite3.Connection, catalogue: str, day: str, last: str) -> dict[str, tuple[Figure, ...]]:
    """The figures kept for the day, of the tasks whose figures are kept."""
    row = db.execute("SELECT id FROM figure_days WHERE catalogue = ? AND day = ? AND last = ?", (catalogue, day, last)).fetchone()
    if row is None:
        return {}
    found: dict[str, list[Figure]] = {}
    for task, seq, status, percent, overdue in db.execute("SELECT task, seq, status, percent, overdue FROM figures WHERE day = ? ORDER BY task, seq", row):
        counted = found.setdefault(task, [])
        if seq >= 0:
            counted.append((status, percent, bool(overdue)))
    return {task: tuple(figures) for task, figures in found.items()}


def write(db: sqlite3.Connection, catalogue: str, day: str, last: str, read_at: int, figures: dict[str, tuple[Figure, ...]]) -> None:
    """Keep `figures`, worked out from the entries of generation `read_at`: only if the log is
    still that generation (else another run changed it meanwhile, and they may be stale)."""
    with db:
        db.execute("BEGIN IMMEDIATE")
        if generation(db) != read_at:
            return
        db.execute(
            "INSERT INTO figure_days(catalogue, day, last, used_ns) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(catalogue, day, last) DO UPDATE SET used_ns = excluded.used_ns",
            (catalogue, day, last, time.time_ns()),
        )
        [(key,)] = db.execute("SELECT id FROM figure_days WHERE catalogue = ? AND day = ? AND last = ?", (catalogue, day, last))
        rows: list[tuple[int, str, int, str | None, float | None, int | None]] = []
        for task, counted in figures.items():
            if not counted:
                rows.append((key, task, -1, None, None, None))
            rows += [(key, task, seq, status, percent, int(overdue)) for seq, (status, percent, overdue) in enumerate(counted)]
        db.executemany("INSERT OR REPLACE INTO figures VALUES (?, ?, ?, ?, ?, ?)", rows)
        old = [r[0] for r in db.execute("SELECT id FROM figure_days ORDER BY used_ns DESC LIMIT -1 OFFSET ?", (DAYS_KEPT,))]
        db.executemany("DELETE FROM figures WHERE day = ?", ((d,) for d in old))
        db.executemany("DELETE FROM figure_days WHERE id = ?", ((d,) for d in old))
