"""An index of what a data directory loads to, in SQLite: a cache, never a source of truth.

The YAML files are the data; the index only saves reading and validating them again. It lives
in the user's cache directory (one file per directory and language, `ANQUAN_CACHE_DIR` to put
it elsewhere), and deleting it loses nothing.

- Change detection: each file's size, modification and change times and inode are kept with a
  hash of its content. A file whose stat is unchanged (and old enough that a write in the same
  clock tick cannot hide behind it, as git's "racily clean" rule has it) is not read. Where the
  inode means nothing (Windows), or anything in the stat moved, the hash decides.
- Progress files are append-only: for each the index keeps how many bytes (whole lines) it has
  read and the hash of those bytes. When the file has grown and those bytes are unchanged, only
  what was appended is read, with progress.py's own line reader; any change before that point
  (an edit, a truncation, a replaced file) reads the whole file again.
- Entries are rows of a table: a command asks for those dated on or before its as-of day, in
  the order they happened, and the status rules (status.py) run on them as they do on a log
  read from the files. Whether an entry is dated after today is decided when it is read, not
  when it was indexed.
- Each task's completion figures are kept per day asked for (index_figures.py): a change to
  the entries forgets those of the tasks it touches, in the same transaction.
- The catalogue is kept in parts, each read when a command first needs it (indexed_catalogue.py),
  as pickles read by an unpickler that admits only the project's data classes (dataclasses
  without side effects) and a few standard value types: a tampered index cannot make anquan run code.
- An index that cannot be read (not SQLite, another schema, another directory, another version
  of anquan) is deleted and built again; one that cannot be written only costs speed. A link
  or a special file planted where the index belongs is refused (WorkspaceError).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import pickle
import re
import sqlite3
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import index_figures, indexed_catalogue
from .catalogue import TASKS_FILE, Catalogue
from .errors import DataError, Problem
from .labels import language, message
from .models import OFFICE_KINDS, ProgressEntry
from .notices import load_workspace_catalogue as load_catalogue
from .notices import workspace_files
from .progress import (
    PROGRESS_DIR,
    DecodedFile,
    EntryRow,
    Progress,
    entry_date_problem,
    entry_line,
    entry_problem,
    entry_row,
    keyed_entry,
    load_progress,
    load_progress_file,
    progress_files,
    read_progress_lines,
)
from .textfile import MAX_FILE_BYTES, content_digest, display_name, read_bytes, refuse_unsafe_target

if TYPE_CHECKING:
    from .export import TaskSummary
    from .progress_worker import Decoding
    from .report import Card, SectionRow, TaskFigures
    from .status import OccurrenceStatuses

_T = TypeVar("_T")
_V = TypeVar("_V")
_FiguresKey = tuple[str, str, str]  # the catalogue's key, the day, the last day whose entries count
ENV_CACHE_DIR = "ANQUAN_CACHE_DIR"
SCHEMA_VERSION = "7"
# A file changed less than this before its stat was recorded may change again within the same
# timestamp tick: its stat is not trusted, its content is hashed (git's "racily clean").
_RACY_NS = 2_000_000_000
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_ENTRY_COLUMNS = "e.task, e.unit, e.kind, e.status, e.percent, e.period, e.date, e.note, e.evidence, e.recorded_at, e.about, e.replaces"
_MICROSECOND = dt.timedelta(microseconds=1)

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources(
    name TEXT PRIMARY KEY,      -- a catalogue file, or progress/<unit>.yaml
    size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, inode INTEGER,
    seen_ns INTEGER,            -- when that stat was taken
    hash TEXT,                  -- of the bytes read so far (progress: of the first `consumed`)
    consumed INTEGER,           -- progress: bytes read, up to the end of the last whole line
    lines INTEGER,              -- progress: lines in those bytes
    clean INTEGER,              -- progress: those bytes were UTF-8 without a problem of encoding
    full_reads INTEGER NOT NULL DEFAULT 0,
    appended_reads INTEGER NOT NULL DEFAULT 0,
    bytes_read INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE entries(
    file TEXT NOT NULL, line INTEGER NOT NULL,
    task TEXT, unit TEXT, kind TEXT, status TEXT, percent INTEGER, period TEXT, date TEXT,
    note TEXT, evidence TEXT, recorded_at TEXT, about TEXT, replaces TEXT,
    recorded_us INTEGER,        -- recorded_at as microseconds since 1970 UTC: the order of events
    PRIMARY KEY (file, line)    -- kept in file order: a file's rows are written, and dropped, together
) WITHOUT ROWID;
CREATE TABLE problems(file TEXT NOT NULL, line INTEGER, col INTEGER, path TEXT, message TEXT, named TEXT);
CREATE INDEX problems_by_file ON problems(file);
"""
_OFFICE_KINDS_SQL = ", ".join(f"'{kind}'" for kind in OFFICE_KINDS)
_ENTRY_INDEXES = f"""
-- the order things happened in: date, then time of recording, then file name and line (see _read_progress)
CREATE INDEX entries_in_order ON entries(date, recorded_us, file, line);
CREATE INDEX entries_by_task ON entries(task, date);
-- the office's actions, few among the entries: which tasks it sent back, verified … (a partial index)
CREATE INDEX entries_of_the_office ON entries(kind, task) WHERE kind IN ({_OFFICE_KINDS_SQL});
"""
_BULK_ROWS = 20_000  # more new entries than this in one write: the indexes are made again after, not kept up row by row


def default_cache_dir() -> Path:
    """$ANQUAN_CACHE_DIR, else the platform's user cache directory, where platformdirs'
    `user_cache_dir("anquan", appauthor=False)` puts it: %LOCALAPPDATA%\\anquan\\Cache on Windows,
    ~/Library/Caches/anquan on macOS, $XDG_CACHE_HOME/anquan or ~/.cache/anquan elsewhere.
    Worked out here because importing platformdirs cost about a tenth of a start."""
    configured = os.environ.get(ENV_CACHE_DIR)
    if configured:
        return Path(configured)
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA", "").strip()
        return Path(local or Path.home() / "AppData" / "Local") / "anquan" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "anquan"
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return Path(xdg or Path.home() / ".cache") / "anquan"


_digest = content_digest


def _code_version() -> str:
    """What an index must have been written by: this code (its sources' names, sizes and
    times, so that even an unreleased change never reads an index of another shape), this Python,
    and this local time zone (a recorded_at written without one is read, and kept, in it)."""
    import time

    here = Path(__file__).parent
    parts = []
    for entry in sorted(os.scandir(here), key=lambda e: e.name):
        if entry.name.endswith(".py"):
            info = entry.stat()
            parts.append(f"{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    zone = f"{time.tzname}/{time.timezone}/{time.altzone}"
    return _digest(f"{sys.version_info[:2]}/{SCHEMA_VERSION}/{zone}/{'|'.join(parts)}".encode())


class _Stat:
    __slots__ = ("ctime_ns", "inode", "mtime_ns", "seen_ns", "size")

    def __init__(self, info: os.stat_result, seen_ns: int) -> None:
        self.size, self.mtime_ns, self.ctime_ns, self.inode = info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino
        self.seen_ns = seen_ns

    def same_as(self, row: sqlite3.Row | tuple[Any, ...]) -> bool:
        """Unchanged by its stat alone: never where inodes are not kept (Windows), nor for a
        file changed within a clock tick of when its stat was recorded."""
        size, mtime_ns, ctime_ns, inode, seen_ns = row
        if os.name != "posix" or not self.inode or seen_ns is None or mtime_ns is None or ctime_ns is None:
            return False
        if seen_ns - max(mtime_ns, ctime_ns) < _RACY_NS:
            return False
        return (self.size, self.mtime_ns, self.ctime_ns, self.inode) == (size, mtime_ns, ctime_ns, inode)

    def values(self) -> tuple[int, int, int, int, int]:
        return self.size, self.mtime_ns, self.ctime_ns, self.inode, self.seen_ns


def _stat(path: Path) -> _Stat | None:
    """A regular file's stat, or None (missing, a link, a special file: the loader says why)."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    import stat as stat_module

    if not stat_module.S_ISREG(info.st_mode):
        return None
    import time

    return _Stat(info, time.time_ns())


class _Part:
    """Entries read from a progress file this time only (never kept in the index)."""

    __slots__ = ("log", "numbers", "whole")

    def __init__(self, log: Progress, numbers: list[int], *, whole: bool = False) -> None:
        self.log, self.numbers, self.whole = log, numbers, whole  # whole: the file read as one


class _Plan:
    """What one look at the progress files found for the index to do."""

    __slots__ = ("gone", "parts", "records", "reset", "stored")

    def __init__(self) -> None:
        self.stored: tuple[Any, list[tuple[str, tuple[Any, ...]]]] = (None, [])  # what the index held when this was worked out
        self.reset = False  # the entries were checked against another catalogue: all read again
        self.gone: list[str] = []  # files no longer there
        self.records: list[_FileRecord] = []  # files to write (whole, or their appended lines)
        self.parts: dict[str, _Part] = {}  # read this time only

    @property
    def writes(self) -> bool:
        return bool(self.reset or self.gone or self.records)


class _FileRecord:
    """What the index writes for one progress file it read."""

    __slots__ = ("bytes", "clean", "consumed", "full", "hash", "lines", "log", "name", "numbers", "shown", "stat")

    def __init__(self, name: str, stat: _Stat | None, shown: str) -> None:
        self.name, self.stat, self.shown = name, stat, shown
        self.hash: str | None = None
        self.consumed: int | None = None  # None: never trusted by its stat, read each time
        self.lines = 0
        self.clean = False
        self.full = True
        self.bytes = 0
        self.log = Progress()
        self.numbers: list[int] = []


class IndexedData:
    """The catalogue and progress of one directory, from the index when it is current.

    `cache_dir` None turns the index off: everything is read from the files, nothing written.
    The catalogue and the progress are kept apart, so that a question about the catalogue
    alone never pays for reading the progress."""

    def __init__(self, root: Path, cache_dir: Path | None, today: dt.date | None = None) -> None:
        self.root = root
        self.cache_dir = cache_dir
        self.today = today
        self._root_text = str(root.resolve())  # what the index is for, however the path was written
        self._catalogue: Catalogue | None = None
        self._catalogue_key: str | None = None
        self._progress: dict[dt.date | None, Progress] = {}
        self._db: sqlite3.Connection | None = None
        self._opened = False
        self._parts: dict[str, _Part] | None = None  # what the progress files added this run, once ingested
        self._ingested_at: int | None = None  # the log's generation once ingested: what every entry this run reads is of, while it stays
        self._decoding: Decoding | None = None  # a worker decoding the progress files meanwhile (progress_worker)
        self._decoding_tried = False

    @property
    def path(self) -> Path | None:
        """Where this directory's index is: one per directory and language (messages, such as
        skipped entries' reasons, are kept as text)."""
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"{_digest(self._root_text.encode())}.{language()}.sqlite3"

    # ── the catalogue ──

    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            self._catalogue = self._load_catalogue()
        return self._catalogue

    def _load_catalogue(self) -> Catalogue:
        """The catalogue from the index, else from its files (and then kept in the index). An
        index broken past what opening it reads (a file cut short) is made anew, once, as one
        that does not open is: nothing of this run was read from it yet."""
        loaded: tuple[str, Catalogue] | None = None  # the key before the files were loaded, and what they gave
        for attempt in (1, 2):
            db = self._connection()
            if db is None:
                if loaded is None:
                    self.read_progress_ahead()  # everything is read from the files: the progress too
                return loaded[1] if loaded else load_catalogue(self.root)
            try:
                key, changed = self._catalogue_sources(db)
                if loaded is None:
                    assert self.path is not None
                    cached = indexed_catalogue.load(self.path, key, os.getcwd(), functools.partial(load_catalogue, self.root))
                    if cached is not None:  # else none, another catalogue's, or unreadable: loaded again and replaced
                        self._catalogue_key = key
                        if changed:
                            with db:
                                self._record_sources(db, changed)
                        return cached
                    loaded = key, self._catalogue_from_files()  # a DataError leaves the index as it was
                    key, changed = self._catalogue_sources(db)
                # A file edited while it was being loaded: the result matches neither version, so
                # it must not be kept under either key.
                if key == loaded[0]:
                    with db:
                        db.execute("BEGIN IMMEDIATE")
                        indexed_catalogue.store(db, loaded[1], key, os.getcwd())
                        self._record_sources(db, changed)
                    self._catalogue_key = key
                return loaded[1]
            except sqlite3.Error:
                self._drop()
                if attempt == 2:
                    break
                self._opened = False
            except (pickle.PicklingError, RecursionError):
                self._drop()
                break
        return loaded[1] if loaded else load_catalogue(self.root)

    def _catalogue_from_files(self) -> Catalogue:
        self.read_progress_ahead()  # a catalogue read again means every progress file is checked again
        status = _Status()
        info = _stat(self.root / TASKS_FILE)
        if info is not None and info.size >= _SLOW_CATALOGUE_BYTES:
            status.say(message("index_catalogue"), now=True)
        try:
            return load_catalogue(self.root)
        finally:
            status.done()

    def _catalogue_sources(self, db: sqlite3.Connection) -> tuple[str, list[tuple[str, _Stat | None, str]]]:
        """The catalogue files' combined key, and the files whose record must be rewritten."""
        names = workspace_files(self.root)
        known = {
            r[0]: r[1:]
            for r in db.execute(
                f"SELECT name, size, mtime_ns, ctime_ns, inode, seen_ns, hash FROM sources WHERE name IN ({','.join('?' * len(names))})",
                names,
            )
        }
        parts, changed = [], []
        for name in names:
            path = self.root / name
            info = _stat(path)
            stored = known.get(name)
            if info is not None and stored is not None and stored[5] is not None and info.same_as(stored[:5]):
                digest = stored[5]
            elif info is None and stored is not None and stored[5] == "-":
                digest = "-"  # still missing (the optional 分工方案), or still not a file
            else:
                try:
                    raw = read_bytes(path, "") if info is not None else None
                except DataError:
                    raw = None
                digest = "-" if raw is None else _digest(raw)  # "-": the loader says why
                changed.append((name, info, digest))
            parts.append(f"{name}:{digest}")
        return _digest("\n".join(parts).encode()), changed

    def _record_sources(self, db: sqlite3.Connection, changed: list[tuple[str, _Stat | None, str]]) -> None:
        for name, info, digest in changed:
            values = info.values() if info is not None else (None,) * 5
            db.execute(
                "INSERT INTO sources(name, size, mtime_ns, ctime_ns, inode, seen_ns, hash) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET size=excluded.size, mtime_ns=excluded.mtime_ns, ctime_ns=excluded.ctime_ns, "
                "inode=excluded.inode, seen_ns=excluded.seen_ns, hash=excluded.hash",
                (name, *values, digest),
            )

    # ── progress ──

    def progress(self, until: dt.date | None = None) -> Progress:
        """Every unit's valid entries, in the order they happened, with the warnings of every
        file; with `until`, only the entries dated on or before it (what a roll-up as of that
        day reads: status.rollup ignores the others)."""
        found = self._progress.get(until)
        if found is None:
            found = self._progress[until] = self._load_progress(until)
        return found

    def _load_progress(self, until: dt.date | None) -> Progress:
        catalogue = self.catalogue()
        db = self._connection() if self._catalogue_key is not None else None
        if db is None:
            try:
                return _until(load_progress(self.root, catalogue, today=self.today, decoded=self.decoded_progress), until)
            finally:
                self._stop_decoding()
        try:
            return self._read_progress(db, until, self._ingested(db, catalogue))
        except sqlite3.Error:
            self._drop()
            return _until(load_progress(self.root, catalogue, today=self.today, decoded=self.decoded_progress), until)
        finally:
            self._stop_decoding()

    def read_progress_ahead(self) -> None:
        """Have a worker decode the progress files meanwhile, when they are large: for a read of
        all of them from the files that comes next (progress_worker). Once a run."""
        if not self._decoding_tried:
            self._decoding_tried = True
            from . import progress_worker

            paths = progress_files(self.root)
            self._decoding = progress_worker.start(paths, [display_name(path) for path in paths]) if paths else None

    def decoded_progress(self, path: Path, digest: str | None = None) -> DecodedFile | None:
        """The worker's decoding of the progress file `path` (of content of `digest`), if it
        has come; else None."""
        return None if self._decoding is None else self._decoding.take(path, digest)

    def _stop_decoding(self) -> None:
        if self._decoding is not None:
            self._decoding.close()
            self._decoding = None

    def _ingested(self, db: sqlite3.Connection, catalogue: Catalogue) -> dict[str, _Part]:
        if self._parts is None:
            self._parts = self._ingest(db, catalogue)
            self._ingested_at = index_figures.generation(db)
        return self._parts

    def tasks_with_entries(self, kind: str, task_ids: list[str]) -> list[str]:
        """Those of `task_ids` with an entry of `kind`, one of the office's, in the log the index
        holds, in their order (all of them when the index cannot tell). Only after task_entries
        has brought the index up to date this run."""
        assert kind in OFFICE_KINDS, kind  # what the partial index entries_of_the_office holds

        def having(db: sqlite3.Connection) -> set[str]:
            # the index's own condition, word for word: what lets SQLite read it
            return {t for (t,) in db.execute(f"SELECT DISTINCT task FROM entries WHERE kind IN ({_OFFICE_KINDS_SQL}) AND kind = ?", (kind,))}

        found = self._snapshot(having)
        return task_ids if found is None else [t for t in task_ids if t in found]

    def task_entries(self, until: dt.date) -> tuple[list[Problem], Callable[[list[str]], dict[str, list[EntryRow]]]] | None:
        """The warnings of every progress file, and a function that gives the entries of some
        tasks dated on or before `until` (each task's in the order they happened, as in the
        whole log): what a roll-up of a few tasks reads. None when the index cannot answer
        so (turned off, or some file is read apart from it this time): read the whole log."""
        catalogue = self.catalogue()
        db = self._connection() if self._catalogue_key is not None else None
        if db is None:
            return None
        try:
            if self._ingested(db, catalogue):
                return None
            warnings = self._warnings(db, set()) + self._future(db, set())
        except sqlite3.Error:
            self._drop()
            return None
        last = min(d for d in (until, self.today) if d is not None).isoformat()

        def rows_of(task_ids: list[str]) -> dict[str, list[EntryRow]]:
            found: dict[str, list[EntryRow]] = {t: [] for t in task_ids}
            index_figures.choose_tasks(db, task_ids)
            cursor = db.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM entries e WHERE e.task IN (SELECT task FROM chosen_tasks) AND e.date <= ? "
                "ORDER BY e.date, e.recorded_us, e.file, e.line",
                (last,),
            )
            for row in _rows(cursor):
                found[row[0]].append(row)
            return found

        return warnings, rows_of

    def task_log(self, task_id: str) -> tuple[list[Problem], list[EntryRow], dt.datetime | None] | None:
        """What a write on one task reads (`update`, `correct`, `verify` …), and `history`: the
        warnings of every progress file, the task's entries dated up to today in the order they
        happened, and the latest moment any entry of the workspace was recorded at (each new
        stamp comes after it). None when the index cannot answer so: read the whole log."""
        selected = self.task_entries(self.today or dt.date.max)
        db = self._db
        if selected is None or db is None:
            return None
        warnings, rows_of = selected
        last = (self.today or dt.date.max).isoformat()
        try:
            rows = rows_of([task_id])[task_id]
            # the latest instant, as comparing the log's aware datetimes finds it: of equal instants
            # (written in two zones), the first in the log's order, as max() over the log keeps it
            found = db.execute(
                "SELECT recorded_at FROM entries WHERE date <= ? ORDER BY recorded_us DESC, date, file, line LIMIT 1", (last,)
            ).fetchone()
        except sqlite3.Error:
            self._drop()
            return None
        return warnings, rows, None if found is None else dt.datetime.fromisoformat(found[0])

    def day_figures(
        self, as_of: dt.date, task_ids: list[str], work_out: Callable[[list[str]], dict[str, TaskFigures]], *, units: bool
    ) -> dict[str, TaskFigures] | None:
        """Each task's completion figures as of the day, and by unit where `units` (`task_ids`:
        the catalogue's): those the index keeps, and for the rest those `work_out` gives, which
        it keeps then (index_figures.py). None when the index cannot answer so: the log was not
        read through it this run (task_entries), or some file is read apart from it this time."""
        return self._kept_per_task(as_of, task_ids, lambda db, where: index_figures.read(db, *where, units=units), work_out, index_figures.write)

    def day_states(self, as_of: dt.date, task_ids: list[str], work_out: Callable[[list[str]], dict[str, TaskSummary]]) -> dict[str, TaskSummary] | None:
        """Each task's own state as of the day (export.task_summary), kept and worked out as
        `day_figures` keeps and works out figures; None when the index cannot answer so."""
        return self._kept_per_task(as_of, task_ids, lambda db, where: index_figures.read_states(db, *where), work_out, index_figures.write_states)

    def day_occurrence_states(
        self, as_of: dt.date, keys: Mapping[str, set[str]], work_out: Callable[[list[str]], dict[str, OccurrenceStatuses]]
    ) -> dict[str, OccurrenceStatuses] | None:
        """Each task's dated occurrences' status as of the day (status.occurrence_statuses), for
        the tasks `keys` names (task id → its occurrences' keys, which kept statuses must have),
        kept and worked out as `day_figures` keeps and works out figures, for these tasks only;
        None when the index cannot answer so."""
        task_ids = list(keys)
        return self._kept_per_task(
            as_of, task_ids, lambda db, where: index_figures.read_occurrence_states(db, *where, keys), work_out, index_figures.write_occurrence_states
        )

    def _kept_per_task(
        self,
        as_of: dt.date,
        task_ids: list[str],
        read_kept: Callable[[sqlite3.Connection, _FiguresKey], dict[str, _V]],
        work_out: Callable[[list[str]], dict[str, _V]],
        write: Callable[[sqlite3.Connection, str, str, str, int, dict[str, _V]], bool],
    ) -> dict[str, _V] | None:
        """What the index keeps per task for the day (`read_kept`), and for the tasks it does not
        keep what `work_out` gives, kept then (`write`): every task's, in `task_ids`' order."""

        def read(db: sqlite3.Connection, where: _FiguresKey, _: int) -> tuple[dict[str, _V], dict[str, _V]]:
            kept = read_kept(db, where)
            missing = [t for t in task_ids if t not in kept]
            return kept, work_out(missing) if missing else {}

        snapshot = self._in_snapshot(as_of, read)
        if snapshot is None:
            return None
        where, read_at, (kept, found) = snapshot
        if found:
            self._keep(read_at, write, where, found)
        kept.update(found)
        return {t: kept[t] for t in task_ids}

    def task_cells(self, width: int, work_out: Callable[[], list[list[str]]]) -> list[list[str]] | None:
        """Every task's catalogue cells of an export row (export.catalogue_cells: `width`
        texts, the first its id), in the catalogue's order: kept with the catalogue's parts, else
        those `work_out` gives, kept then. None when the catalogue was not read from the index this run."""
        db, key = self._db, self._catalogue_key
        if db is None or key is None:
            return None
        import json

        def kept_cells(db: sqlite3.Connection) -> tuple[int, list[tuple[str | None, str]]] | None:
            if not _holds_catalogue(db, key):
                return None
            cells = "SELECT t.id, c.cells FROM task_cells c LEFT JOIN tasks t ON t.position = c.position ORDER BY c.position"
            return db.execute("SELECT count(*) FROM tasks").fetchone()[0], db.execute(cells).fetchall()

        snapshot = self._snapshot(kept_cells)
        if snapshot is None:
            return None
        tasks, kept = snapshot
        if kept and len(kept) == tasks:
            # a cell not what anquan wrote (another task's among them): all worked out and written again
            read = index_figures.json_values([cells for _, cells in kept])
            if all(
                isinstance(c, list) and len(c) == width and all(isinstance(t, str) for t in c) and c[0] == task
                for (task, _), c in zip(kept, read, strict=True)
            ):
                return read
        found = work_out()
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                if _holds_catalogue(db, key) and len(found) == tasks:
                    db.execute("DELETE FROM task_cells")
                    db.executemany("INSERT INTO task_cells VALUES (?, ?)", ((i, json.dumps(c, ensure_ascii=False)) for i, c in enumerate(found)))
        except sqlite3.Error:
            pass  # not kept: the next export works them out again
        return found

    def due_cells(self, task_ids: list[str], work_out: Callable[[list[str]], dict[str, Any]], read: Callable[[str, Any], _V | None]) -> dict[str, _V] | None:
        """Each of `task_ids`' due cells (views.due_cells) as `read` reads them, in their order:
        kept with the catalogue's parts, else those `work_out` gives for the rest, kept then;
        a kept value `read` refuses is worked out again. None when the catalogue was not read
        from the index this run."""
        db, key = self._db, self._catalogue_key
        if db is None or key is None:
            return None
        import json

        def kept_cells(db: sqlite3.Connection) -> list[tuple[str, str]] | None:
            if not _holds_catalogue(db, key):
                return None
            index_figures.choose_tasks(db, task_ids)
            chosen = "SELECT t.id, c.cells FROM due_cells c JOIN tasks t ON t.position = c.position WHERE t.id IN (SELECT task FROM chosen_tasks)"
            return db.execute(chosen).fetchall()

        kept_text = self._snapshot(kept_cells)
        if kept_text is None:
            return None
        kept: dict[str, _V] = {}
        for task, value in zip((t for t, _ in kept_text), index_figures.json_values([text for _, text in kept_text]), strict=True):
            found = read(task, value)
            if found is not None:  # else not what anquan wrote: worked out and written again
                kept[task] = found
        missing = [t for t in task_ids if t not in kept]
        if missing:
            made = work_out(missing)
            for t in missing:
                found = read(t, made[t])
                assert found is not None, t
                kept[t] = found
            try:
                with db:
                    db.execute("BEGIN IMMEDIATE")
                    if _holds_catalogue(db, key):
                        db.executemany(
                            "INSERT OR REPLACE INTO due_cells SELECT position, ? FROM tasks WHERE id = ?",
                            ((json.dumps(made[t], ensure_ascii=False), t) for t in missing),
                        )
            except sqlite3.Error:
                pass  # not kept: the next listing works them out again
        return {t: kept[t] for t in task_ids}

    def day_cards(self, as_of: dt.date, work_out: Callable[[], dict[str, Card]]) -> dict[str, Card] | None:
        """Each unit's 预警 over every task as of the day: kept in the index while the log stays
        as it is (they rest on all of it), else those `work_out` gives, kept then. None when
        the index cannot answer so (see day_figures)."""
        return self._kept_for_the_log(as_of, index_figures.read_cards, index_figures.write_cards, work_out)

    def day_bulletin(self, as_of: dt.date, options: str, work_out: Callable[[], str]) -> str | None:
        """A 调度通报's text as of the day with `options` (what else shapes it): kept in the index
        while the log stays as it is (it rests on all of it), else the one `work_out` gives, kept
        then. None when the index cannot answer so (see day_figures)."""
        read = functools.partial(index_figures.read_bulletin, options=options)
        return self._kept_for_the_log(as_of, read, functools.partial(index_figures.write_bulletin, options=options), work_out)

    def _kept_for_the_log(
        self,
        as_of: dt.date,
        read: Callable[[sqlite3.Connection, str, str, str, int], _V | None],
        write: Callable[[sqlite3.Connection, str, str, str, int, _V], bool],
        work_out: Callable[[], _V],
    ) -> _V | None:
        """What rests on the whole log as of the day (`read` and `write`: its row in the index,
        under the day's key and the log's generation): read back while the log stays as it is,
        else the one `work_out` gives, kept then. None when the index cannot answer so."""

        def in_snapshot(db: sqlite3.Connection, where: _FiguresKey, read_at: int) -> tuple[bool, _V]:
            kept = read(db, *where, read_at)
            return kept is not None, work_out() if kept is None else kept

        snapshot = self._in_snapshot(as_of, in_snapshot)
        if snapshot is None:
            return None
        where, read_at, (was_kept, found) = snapshot
        if not was_kept:
            self._keep(read_at, write, where, found)
        return found

    def fill_day_figures(self, as_of: dt.date, work_out: Callable[[list[str]], dict[str, TaskFigures]]) -> bool:
        """Work out the figures of the tasks whose figures for the day are not kept, and keep
        them: whether every task's are kept then (see day_figures)."""

        def read(db: sqlite3.Connection, where: _FiguresKey, _: int) -> dict[str, TaskFigures] | None:
            missing = index_figures.missing(db, *where)
            return work_out(missing) if missing else None

        snapshot = self._in_snapshot(as_of, read)
        if snapshot is None:
            return False
        where, read_at, found = snapshot
        return found is None or self._keep(read_at, index_figures.write, where, found)

    def day_section_rows(self, as_of: dt.date) -> list[SectionRow] | None:
        """Every task's figures kept for the day with its section (index_figures.section_rows), or None."""
        snapshot = self._in_snapshot(as_of, lambda db, where, _: index_figures.section_rows(db, *where))
        return None if snapshot is None else snapshot[2]

    def day_unit_tally(self, as_of: dt.date) -> dict[str, tuple[int, int, int, int, int, int, float]] | None:
        """Each unit's totals over the figures kept for the day (index_figures.unit_tally), or None."""
        snapshot = self._in_snapshot(as_of, lambda db, where, _: index_figures.unit_tally(db, *where))
        return None if snapshot is None else snapshot[2]

    def _in_snapshot(self, as_of: dt.date, read: Callable[[sqlite3.Connection, _FiguresKey, int], _T]) -> tuple[_FiguresKey, int, _T] | None:
        """`read(db, where, generation)` in one read transaction of the index (what is kept, and
        the entries of what is not, as they stood together), with what the day's figures are kept
        under and the log's generation; None when the index cannot answer for the day's figures,
        or fails."""
        where = self._figures_key(as_of)
        if where is None:
            return None

        def in_snapshot(db: sqlite3.Connection) -> tuple[_FiguresKey, int, _T]:
            read_at = index_figures.generation(db)
            return where, read_at, read(db, where, read_at)

        return self._snapshot(in_snapshot)

    def _snapshot(self, read: Callable[[sqlite3.Connection], _T]) -> _T | None:
        """`read(db)` in one read transaction of the index; None when there is no index, or it fails."""
        db = self._db
        if db is None:
            return None
        try:
            db.execute("BEGIN")
            try:
                return read(db)
            finally:
                db.execute("COMMIT")
        except sqlite3.Error:
            return None

    def _keep(self, read_at: int, write: Callable[[sqlite3.Connection, str, str, str, int, _V], bool], where: _FiguresKey, value: _V) -> bool:
        """Keep what was worked out from the entries of generation `read_at`: only if they are what
        this run ingested (else they may rest on entries read before another run's write), and
        only if `write` finds the log still at that generation. Whether it was kept; a failure
        to write costs only the next run's speed."""
        if read_at != self._ingested_at:
            return False
        assert self._db is not None
        try:
            return write(self._db, *where, read_at, value)
        except sqlite3.Error:
            return False

    def _figures_key(self, as_of: dt.date) -> _FiguresKey | None:
        """What the figures of a day are kept under: the catalogue, the day, and the last day
        whose entries count; None when the log was not read through the index this run."""
        if self._db is None or self._catalogue_key is None or self._parts != {}:
            return None
        return self._catalogue_key, as_of.isoformat(), min(d for d in (as_of, self.today) if d is not None).isoformat()

    def record_appended(self, path: Path, entry: ProgressEntry) -> None:
        """`entry` was just appended to the progress file `path` by this run (`anquan update`):
        index it now, so that the next run reads none of the file's lines. Only when the file is
        what the index read plus exactly that one line (its bytes are compared) and the entry
        passes the loader's checks; anything else is left to the next run to read."""
        db = self._db
        if db is None or self._parts is None or self._parts or self._catalogue_key is None:
            return  # the index was not read this run, or some file is read apart from it
        name = f"{PROGRESS_DIR}/{path.name}"
        try:
            known = db.execute("SELECT consumed, lines, hash, clean FROM sources WHERE name = ?", (name,)).fetchone()
            if known is None or not known[3] or known[0] is None:
                return
            consumed, lines, digest, _ = known
            raw = read_bytes(path, "")
            line = entry_line(entry).encode("utf-8")
            if raw[consumed:] != line or _digest(raw[:consumed]) != digest:
                return
            cat = self.catalogue()
            entry = keyed_entry(cat, entry)  # as the file names its task; the index keeps the catalogue's key
            if entry_problem(cat, entry, path.stem) or entry_date_problem(cat, entry, None):
                return
            info = _stat(path)
            if info is None or info.size != len(raw):
                return
            with db:
                db.execute("BEGIN IMMEDIATE")
                if db.execute("SELECT consumed, lines, hash, clean FROM sources WHERE name = ?", (name,)).fetchone() != known:
                    return  # another run indexed the file meanwhile
                db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", _entry_values(name, [lines + 1], [entry_row(entry)]))
                index_figures.forget(db, [entry.task])
                db.execute(
                    "UPDATE sources SET size = ?, mtime_ns = ?, ctime_ns = ?, inode = ?, seen_ns = ?, hash = ?, consumed = ?, lines = ? WHERE name = ?",
                    (*info.values(), _digest(raw), len(raw), lines + 1, name),
                )
        except (sqlite3.Error, DataError, OSError):
            return

    def _future(self, db: sqlite3.Connection, skip: set[str]) -> list[Problem]:
        """Entries dated after today are skipped, as the loader skips them (`skip`: files read apart this time)."""
        today = self.today
        if today is None:
            return []
        rows = db.execute("SELECT file, line, date FROM entries WHERE date > ?", (today.isoformat(),))
        return [_future(self.root / name, line, dt.date.fromisoformat(date), today) for name, line, date in rows if name not in skip]

    def _ingest(self, db: sqlite3.Connection, cat: Catalogue) -> dict[str, _Part]:
        """Bring the index up to date with the progress files. Returns what is read each time
        and never kept: a last line not yet whole (a write in progress, a file without its
        final newline), and files that cannot be read in parts.

        What to write is worked out again once the write lock is held: another run may have
        read the same appended lines meanwhile, and a line must never be indexed twice."""
        plan = self._plan(db, cat)
        if not plan.writes:
            return plan.parts
        with db:
            db.execute("BEGIN IMMEDIATE")
            if self._stored(db) != plan.stored:  # another run wrote meanwhile: what it wrote decides
                plan = self._plan(db, cat)
            index_figures.forget(db, None if plan.reset else _touched(db, plan))
            if plan.reset:
                db.execute("DELETE FROM entries")
                db.execute("DELETE FROM problems")
                db.execute("DELETE FROM sources WHERE name LIKE 'progress/%'")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('catalogue', ?)", (self._catalogue_key,))
            for name in plan.gone:
                db.execute("DELETE FROM entries WHERE file = ?", (name,))
                db.execute("DELETE FROM problems WHERE file = ?", (name,))
                db.execute("DELETE FROM sources WHERE name = ?", (name,))
            bulk = sum(len(r.log.rows) for r in plan.records) > _BULK_ROWS
            if bulk:  # a first build: one sort per index after the rows, not one insertion per row
                for name in re.findall(r"CREATE INDEX (\w+)", _ENTRY_INDEXES):
                    db.execute(f"DROP INDEX IF EXISTS {name}")
            for record in plan.records:
                self._store_file(db, record)
            if bulk:
                for statement in _ENTRY_INDEXES.split(";"):
                    if statement.strip():
                        db.execute(statement)
        return plan.parts

    def _stored(self, db: sqlite3.Connection) -> tuple[Any, list[tuple[str, tuple[Any, ...]]]]:
        """What the index holds of the progress files: the catalogue they were checked
        against, and each file's recorded state."""
        files = db.execute(
            "SELECT name, size, mtime_ns, ctime_ns, inode, seen_ns, hash, consumed, lines, clean FROM sources WHERE name LIKE 'progress/%' ORDER BY name"
        )
        return db.execute("SELECT value FROM meta WHERE key = 'catalogue'").fetchone(), [(r[0], tuple(r[1:])) for r in files]

    def _plan(self, db: sqlite3.Connection, cat: Catalogue) -> _Plan:
        """What the progress files hold that the index does not: to write, or to read apart."""
        plan = _Plan()
        plan.stored = self._stored(db)
        stored = dict(plan.stored[1])
        plan.reset = plan.stored[0] != (self._catalogue_key,)
        if plan.reset:  # entries were checked against another catalogue
            stored = {}
        paths = progress_files(self.root)
        names = [f"{PROGRESS_DIR}/{p.name}" for p in paths]
        plan.gone = sorted(set(stored) - set(names))
        status = _Status()
        for done, (name, path) in enumerate(zip(names, paths, strict=True)):
            old = stored.get(name)
            info = _stat(path)
            if info is not None and old is not None and old[6] is not None and info.same_as(old[:5]):
                if old[6] < info.size:  # a last line not yet whole
                    plan.parts[name] = self._read_rest(path, cat, old[6], old[7])
                continue
            status.say(message("index_progress", done=done, total=len(paths)))
            plan.records.append(self._read_file(path, name, cat, info, old, plan.parts))
        status.done()
        return plan

    def _read_file(self, path: Path, name: str, cat: Catalogue, info: _Stat | None, old: tuple[Any, ...] | None, parts: dict[str, _Part]) -> _FileRecord:
        """What to write for a file whose stat changed: its appended lines when what was read
        before is unchanged, else the whole file."""
        shown = display_name(path)
        record = _FileRecord(name, info, shown)
        raw: bytes | None = None
        if info is not None and info.size <= MAX_FILE_BYTES:
            try:
                raw = read_bytes(path, shown)
            except DataError:
                raw = None
        if raw is None:  # unreadable, too big, not a regular file: the loader says why, every time
            numbers: list[int] = []
            parts[name] = _Part(load_progress_file(path, cat, today=None, numbers=numbers), numbers)
            return record
        consumed = raw.rfind(b"\n") + 1  # whole lines only
        head = raw[:consumed]
        record.hash, record.consumed, record.lines = _digest(head), consumed, head.count(b"\n")
        if old is not None and old[8] and old[6] is not None and old[6] <= consumed and _digest(raw[: old[6]]) == old[5]:
            text = _clean_text(raw[old[6] : consumed], at_start=old[6] == 0)
            if text is not None:  # appended whole lines of UTF-8: read alone, as the loader would read them
                record.full, record.clean, record.bytes = False, True, consumed - old[6]
                record.numbers = read_progress_lines(text, old[7] + 1, shown, path.stem, cat, record.log)
                if consumed < len(raw):
                    parts[name] = self._parse_rest(raw[consumed:], path, shown, cat, record.lines)
                return record
        record.clean = _clean_text(head) is not None and path.stem in cat.units
        record.bytes = len(raw)
        if consumed < len(raw) and not record.clean:  # a file to be read as one, each time
            numbers = []
            parts[name] = _Part(load_progress_file(path, cat, raw, today=None, numbers=numbers, decoded=self.decoded_progress(path, _digest(raw))), numbers)
            record.consumed = None
            return record
        record.log = load_progress_file(path, cat, head, today=None, numbers=record.numbers, decoded=self.decoded_progress(path, record.hash))
        if consumed < len(raw):
            parts[name] = self._parse_rest(raw[consumed:], path, shown, cat, record.lines)
        return record

    def _read_rest(self, path: Path, cat: Catalogue, consumed: int, lines: int) -> _Part:
        try:
            with path.open("rb") as f:
                f.seek(consumed)
                rest = f.read(MAX_FILE_BYTES)
        except OSError:
            rest = b""
        return self._parse_rest(rest, path, display_name(path), cat, lines)

    def _parse_rest(self, rest: bytes, path: Path, shown: str, cat: Catalogue, lines: int) -> _Part:
        """A last line not yet whole, read after the lines already indexed."""
        text = _clean_text(rest, at_start=lines == 0)
        if text is None:  # not UTF-8 through: the whole file, as the loader reads it
            numbers: list[int] = []
            return _Part(load_progress_file(path, cat, today=None, numbers=numbers), numbers, whole=True)
        log = Progress()
        return _Part(log, read_progress_lines(text, lines + 1, shown, path.stem, cat, log))

    def _store_file(self, db: sqlite3.Connection, r: _FileRecord) -> None:
        name = r.name
        if r.full:
            db.execute("DELETE FROM entries WHERE file = ?", (name,))
            db.execute("DELETE FROM problems WHERE file = ?", (name,))
        db.executemany(
            "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _entry_values(name, r.numbers, r.log.rows),
        )
        db.executemany(
            "INSERT INTO problems VALUES (?, ?, ?, ?, ?, ?)",
            [(name, p.line, p.column, p.path, p.message, None if p.file == r.shown else p.file) for p in r.log.warnings],
        )
        stat_values = r.stat.values() if r.stat is not None else (None,) * 5
        full, appended = (1, 0) if r.full else (0, int(r.bytes > 0))  # a touch without a change is no read
        db.execute(
            "INSERT INTO sources(name, size, mtime_ns, ctime_ns, inode, seen_ns, hash, consumed, lines, clean, full_reads, appended_reads, bytes_read) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET size=excluded.size, mtime_ns=excluded.mtime_ns, "
            "ctime_ns=excluded.ctime_ns, inode=excluded.inode, seen_ns=excluded.seen_ns, hash=excluded.hash, consumed=excluded.consumed, "
            "lines=excluded.lines, clean=excluded.clean, full_reads=full_reads+excluded.full_reads, "
            "appended_reads=appended_reads+excluded.appended_reads, bytes_read=bytes_read+excluded.bytes_read",
            (name, *stat_values, r.hash, r.consumed, r.lines, int(r.clean), full, appended, r.bytes),
        )

    def _read_progress(self, db: sqlite3.Connection, until: dt.date | None, parts: dict[str, _Part]) -> Progress:
        today = self.today
        last = min((d for d in (until, today) if d is not None), default=None)
        where, args = "", tuple[str, ...]()
        if last is not None:
            where, args = "WHERE e.date <= ?", (last.isoformat(),)
        whole = {name for name, part in parts.items() if part.whole}
        if whole:  # a file read whole this time: its indexed lines do not count
            where += (" AND " if where else "WHERE ") + f"e.file NOT IN ({','.join('?' * len(whole))})"
            args += tuple(whole)
        # In the order merge_rows gives: by date and time of recording, then as the files are
        # listed (by name: a file with entries is named by a unit id, lower-case ASCII, so
        # SQLite's byte order is the order of progress_files on every platform), then by line.
        placed = ", e.file, e.line" if parts else ""  # to sort the rows read this time among them
        cursor = db.execute(f"SELECT {_ENTRY_COLUMNS}{placed} FROM entries e {where} ORDER BY e.date, e.recorded_us, e.file, e.line", args)
        rows = _rows(cursor)
        warnings = self._warnings(db, whole)
        warnings += self._future(db, whole)
        if not parts:
            return Progress(rows, warnings)
        for name, part in parts.items():
            warnings.extend(part.log.warnings)
            for number, row in zip(part.numbers, part.log.rows, strict=True):
                if today is not None and row[6] > today:
                    warnings.append(_future(self.root / name, number, row[6], today))
                elif last is None or row[6] <= last:
                    rows.append((*row, name, number))
        rows.sort(key=lambda r: (r[6], r[9], r[12], r[13]))
        return Progress([row[:12] for row in rows], warnings)

    def _warnings(self, db: sqlite3.Connection, skip: set[str]) -> list[Problem]:
        shown: dict[str, str] = {}
        found = []
        for name, line, col, path, text, named in db.execute("SELECT file, line, col, path, message, named FROM problems ORDER BY rowid"):
            if name in skip:
                continue
            if named is None:
                named = shown.get(name)
                if named is None:
                    named = shown[name] = display_name(self.root / name)
            found.append(Problem(named, line, col, path, text))
        return found

    # ── the index file ──

    def _connection(self) -> sqlite3.Connection | None:
        """The open index, made or rebuilt as needed; None when there is none to be had (turned
        off, or the cache directory cannot be written: that only costs speed)."""
        if self._opened:
            return self._db
        self._opened = True
        path = self.path
        if path is None:
            return None
        for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            refuse_unsafe_target(part)  # WorkspaceError: the command says so
        for attempt in (1, 2):
            try:
                self._db = self._open(path)
                return self._db
            except sqlite3.Error:
                self._close()
                _delete(path)
                if attempt == 2:
                    return None
            except OSError:
                self._close()
                return None
        return None

    def _open(self, path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        version = _code_version()
        wanted = {"schema": SCHEMA_VERSION, "code": version, "root": self._root_text}
        db = self._db = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
        meta = _meta(db)
        if meta == wanted:
            return db
        if meta is not None or _has_tables(db):  # of another schema or version, or another directory's: built anew
            self._close()
            _delete(path)
            db = self._db = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # in WAL mode: durable enough for a cache, one sync a checkpoint
        with db:
            db.execute("BEGIN IMMEDIATE")
            meta = _meta(db)  # another run may have made it meanwhile
            if meta is None:
                for statement in (_SCHEMA + _ENTRY_INDEXES + indexed_catalogue.SCHEMA + index_figures.SCHEMA).split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.executemany("INSERT INTO meta VALUES (?, ?)", list(wanted.items()))
            elif meta != wanted:
                raise sqlite3.DatabaseError("another run made an index of another version")
        return db

    def _drop(self) -> None:
        """An index found broken while in use: deleted, rebuilt by the next run."""
        path = self.path
        self._close()
        if path is not None:
            _delete(path)

    def _close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None

    def save(self) -> None:
        """The index is written as things are read; this closes it."""
        self._stop_decoding()
        self._close()

    # the files the index read, with how often and how much (for tests and --verbose readers)
    def source_reads(self) -> dict[str, tuple[int, int, int]]:
        db = self._connection()
        if db is None:
            return {}
        return {r[0]: (r[1], r[2], r[3]) for r in db.execute("SELECT name, full_reads, appended_reads, bytes_read FROM sources")}


class _Status:
    """One line on stderr saying what a long first read is doing: on a terminal only, and only
    once the work has taken a second (a pipe or a log gets nothing). Cleared when done."""

    def __init__(self, stream: Any = None, clock: Callable[[], float] | None = None) -> None:
        import time

        self.stream = sys.stderr if stream is None else stream
        self.clock = clock or time.monotonic
        self.started = self.clock()
        self.shown = False
        try:
            self.terminal = self.stream.isatty()
        except (AttributeError, ValueError):
            self.terminal = False

    def say(self, text: str, *, now: bool = False) -> None:
        """Show `text`, in place of the last: at once with `now`, else once a second has passed."""
        if self.terminal and (self.shown or now or self.clock() - self.started >= 1.0):
            self.stream.write("\r" + text + "\x1b[K")
            self.stream.flush()
            self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


_SLOW_CATALOGUE_BYTES = 2 * 1024 * 1024  # a tasks.yaml this big takes about a second to load


def _meta(db: sqlite3.Connection) -> dict[str, str] | None:
    """What the index says it is (schema, code, root), or None for an empty file."""
    try:
        rows = db.execute("SELECT key, value FROM meta WHERE key IN ('schema', 'code', 'root')").fetchall()
    except sqlite3.OperationalError:  # no such table: an empty file (other errors: not an index)
        return None
    return {str(key): str(value) for key, value in rows}


def _touched(db: sqlite3.Connection, plan: _Plan) -> set[str]:
    """The tasks whose entries a write of `plan` changes: those of the lines it adds, and those
    of every line of a file it reads again or forgets (before they are deleted)."""
    touched = {row[0] for r in plan.records for row in r.log.rows}
    for name in [*plan.gone, *(r.name for r in plan.records if r.full)]:
        touched.update(task for (task,) in db.execute("SELECT DISTINCT task FROM entries WHERE file = ?", (name,)))
    return touched


def _has_tables(db: sqlite3.Connection) -> bool:
    return bool(db.execute("SELECT count(*) FROM sqlite_master").fetchone() != (0,))


def _until(log: Progress, until: dt.date | None) -> Progress:
    if until is None:
        return log
    return Progress([row for row in log.rows if row[6] <= until], log.warnings)


def _holds_catalogue(db: sqlite3.Connection, key: str) -> bool:
    """Whether the index's catalogue parts are those of catalogue `key` (cells kept beside them
    are read and written only then)."""
    held: bool = db.execute("SELECT key FROM catalogue").fetchone() == (key,)
    return held


def _clean_text(raw: bytes, *, at_start: bool = False) -> str | None:
    """`raw` as text when it is UTF-8 through and through (what a part may be read alone as),
    else None: the whole file is read then, as the loader reads it. At the file's start a BOM
    is dropped, as the loader drops it (a file indexed empty, then saved by Notepad)."""
    if b"\x00" in raw:
        return None
    try:
        return raw.decode("utf-8-sig" if at_start else "utf-8")
    except UnicodeDecodeError:
        return None


def _future(path: Path, line: int, date: dt.date, today: dt.date) -> Problem:
    problem = message("entry_date_in_future", date=date, today=today)
    return Problem(display_name(path), line, 1, "", message("line_skipped", problem=problem))


def _entry_values(name: str, numbers: list[int], rows: list[EntryRow]) -> list[tuple[Any, ...]]:
    """The `entries` table's rows for the rows of file `name` (their line `numbers`): written
    out in one loop, each day's text made once, as a first build writes 200,000 of them."""
    days: dict[dt.date, str] = {}
    epoch, microsecond = _EPOCH, _MICROSECOND
    values = []
    for number, (task, unit, kind, status, percent, period, date, note, evidence, moment, about, replaces) in zip(numbers, rows, strict=True):
        day = days.get(date)
        if day is None:
            day = days[date] = date.isoformat()
        values.append((
            name, number, task, unit, kind, status, percent, period, day, note, evidence, moment.isoformat(), about,
            None if replaces is None else replaces.isoformat(), (moment - epoch) // microsecond,
        ))  # fmt: skip
    return values


def _rows(cursor: sqlite3.Cursor) -> list[tuple[Any, ...]]:
    """Rows as progress.entry_row makes them (days and moments as objects, one per value),
    followed by any further columns selected (a file's name, a line number)."""
    days: dict[str, dt.date] = {}
    moments: dict[str, dt.datetime] = {}
    day_of, moment_of = dt.date.fromisoformat, dt.datetime.fromisoformat
    out = []
    for task, unit, kind, status, percent, period, date, note, evidence, recorded_at, about, replaces, *placed in cursor:
        day = days.get(date)
        if day is None:
            day = days[date] = day_of(date)
        if replaces is not None:
            seen = moments.get(replaces)
            replaces = moments[replaces] = seen if seen is not None else moment_of(replaces)
        out.append((task, unit, kind, status, percent, period, day, note, evidence, moment_of(recorded_at), about, replaces, *placed))
    return out


def _delete(path: Path) -> None:
    for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        try:
            part.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            pass
