"""The catalogue as the index keeps it: in parts, each read when a command first needs it.

A catalogue of 20,000 tasks takes longer to load whole than most commands take to answer. So
the index keeps it in parts: a head (the notice, units, sections, rules, tags …, small), one
part per clause (the clause with its tasks, resolved), the notice's text; and tables that say
which tasks name a unit and which have a time limit on a day, for commands to choose the tasks
they look at (`candidates`). An `IndexedCatalogue` is a `Catalogue` whose `tasks`, `clauses`
and `notice_text` load when first used: a task's clause on `tasks[id]`, every clause on
iteration over the values. Code that reads a catalogue cannot tell the difference.

Each part is a pickle read by an unpickler that admits only the project's data classes
(dataclasses, whose construction only sets fields) and a few standard value types: a tampered
index cannot make anquan run code. A part that is missing or unreadable (another run rebuilt the
index meanwhile, or it was tampered with) makes the whole catalogue load from its files.
"""

from __future__ import annotations

import datetime as dt
import io
import pickle
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from . import models
from .catalogue import Catalogue, CatalogueTask

SCHEMA = """
CREATE TABLE catalogue(id INTEGER PRIMARY KEY CHECK (id = 1), key TEXT NOT NULL, cwd TEXT NOT NULL, head BLOB NOT NULL, notice_text BLOB NOT NULL);
CREATE TABLE clauses(position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, data BLOB NOT NULL);
CREATE TABLE tasks(position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, clause INTEGER NOT NULL, section TEXT NOT NULL);
-- every unit a task names in any way (assigned, reporting, assisting, may report): a superset
-- of what any filter on a unit keeps, which runs on the tasks chosen here
CREATE TABLE task_units(unit TEXT NOT NULL, task INTEGER NOT NULL, PRIMARY KEY (unit, task)) WITHOUT ROWID;
CREATE TABLE task_dates(date TEXT NOT NULL, task INTEGER NOT NULL, PRIMARY KEY (date, task)) WITHOUT ROWID;
-- what each task's row of an export shows of the catalogue (export.catalogue_cells), as
-- JSON: written by the first export that needs them, dropped with the parts
CREATE TABLE task_cells(position INTEGER PRIMARY KEY, cells TEXT NOT NULL);
-- what a due listing shows of each dated occurrence of a task (views.due_cells), as JSON:
-- written by the listings that need them, task by task, dropped with the parts
CREATE TABLE due_cells(position INTEGER PRIMARY KEY, cells TEXT NOT NULL);
"""
_LAZY = ("tasks", "clauses", "notice_text")


def store(db: sqlite3.Connection, cat: Catalogue, key: str, cwd: str) -> None:
    """Write `cat` in parts (inside the caller's transaction), replacing what was there."""
    for table in ("catalogue", "clauses", "tasks", "task_units", "task_dates", "task_cells", "due_cells"):
        db.execute(f"DELETE FROM {table}")
    head = object.__new__(Catalogue)
    head.__dict__.update(cat.__dict__, tasks={}, clauses={}, notice_text=None)
    db.execute("INSERT INTO catalogue VALUES (1, ?, ?, ?, ?)", (key, cwd, _dumps(head), _dumps(cat.notice_text)))
    by_clause: dict[str, list[CatalogueTask]] = {}
    for task in cat.tasks.values():
        by_clause.setdefault(task.clause.id, []).append(task)
    clause_position = {clause_id: i for i, clause_id in enumerate(cat.clauses)}
    db.executemany(
        "INSERT INTO clauses VALUES (?, ?, ?)",
        ((i, clause_id, _dumps((clause, by_clause.get(clause_id, [])))) for i, (clause_id, clause) in enumerate(cat.clauses.items())),
    )
    tasks, units, dates = [], [], []
    for position, task in enumerate(cat.tasks.values()):
        tasks.append((position, task.id, clause_position[task.clause.id], task.section.id))
        named = {a.unit for a in task.assignments} | set(task.reporters) | set(task.assisting) | set(task.pending) | task.may_report
        units += [(unit, position) for unit in named]
        dates += [(day, position) for day in {o.date.isoformat() for o in task.occurrences}]
    db.executemany("INSERT INTO tasks VALUES (?, ?, ?, ?)", tasks)
    db.executemany("INSERT INTO task_units VALUES (?, ?)", units)
    db.executemany("INSERT INTO task_dates VALUES (?, ?)", dates)


def load(path: Path, key: str, cwd: str, whole: Callable[[], Catalogue]) -> IndexedCatalogue | None:
    """The catalogue stored under `key` in the index at `path`, its parts still there; None when
    there is none (or its head is unreadable). The parts are read on a connection of their own,
    in one read transaction: what it reads is what was there when the head was read, whatever
    another run writes meanwhile. `whole` loads the catalogue from its files: what an
    unreadable part falls back to."""
    db = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
    try:
        db.execute("BEGIN")  # a snapshot of the index, kept while the command runs
        row = db.execute("SELECT cwd, head FROM catalogue WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error:
        db.close()
        raise
    head = _loads(row[1]) if row is not None else None
    if not isinstance(head, Catalogue) or (head.warnings and row[0] != cwd):  # warnings name files relative to cwd
        db.close()
        return None
    cat = object.__new__(IndexedCatalogue)
    fields = dict(head.__dict__)
    for name in _LAZY:
        fields.pop(name, None)
    cat.__dict__.update(fields)
    cat.__dict__["_parts"] = _Parts(db, path, key, whole)
    return cat


class IndexedCatalogue(Catalogue):
    """A catalogue whose tasks, clauses and notice text are read from the index when first used."""

    def __getattr__(self, name: str) -> Any:
        if name not in _LAZY:
            raise AttributeError(name)
        parts: _Parts = self.__dict__["_parts"]
        if name == "tasks":
            value: Any = _LazyTasks(parts)
        elif name == "clauses":
            value = _LazyClauses(parts)
        else:
            value = parts.notice_text()
        self.__dict__[name] = value
        return value

    def task_sections(self) -> dict[str, str]:
        parts: _Parts = self.__dict__["_parts"]
        return parts.task_sections()

    def candidates(self, *, unit: str | None = None, after: dt.date | None = None, before: dt.date | None = None, load: bool = True) -> list[str]:
        """The ids of the tasks that name `unit` in any way and have a time limit between
        `after` and `before` (both ends inclusive), in catalogue order: the tasks a filter on
        them can keep. A superset: the command still applies its own filter to each. `load`:
        read their clauses now, as the caller will look at them (a listing from kept cells does not)."""
        parts: _Parts = self.__dict__["_parts"]
        return parts.candidates(unit, after, before, load)


class _Parts:
    """The index's parts of one catalogue, and the clauses read so far."""

    def __init__(self, db: sqlite3.Connection, path: Path, key: str, whole: Callable[[], Catalogue]) -> None:
        self.db, self.path, self.key, self.whole_loader = db, path, key, whole
        self.single_reads = 0  # clauses read one at a time: past a few dozen, all are read at once
        self.ids: dict[str, int] | None = None  # task id → its clause's position
        self.clause_ids: dict[str, int] | None = None  # clause id → its position, in order
        self.clauses: dict[int, tuple[models.Clause, dict[str, CatalogueTask]]] = {}
        self.complete = False
        self.fallback: Catalogue | None = None

    def _query(self, sql: str, args: Iterable[Any] = ()) -> list[Any]:
        """Rows of the index's snapshot; any failure makes the catalogue from its files answer."""
        try:
            return self.db.execute(sql, tuple(args)).fetchall()
        except sqlite3.Error:
            raise _Stale from None

    def files(self) -> Catalogue:
        if self.fallback is None:
            self.fallback = self.whole_loader()
        return self.fallback

    def unreadable(self) -> None:
        """A part that does not unpickle to what it must: the next run builds the index anew."""
        try:
            with sqlite3.connect(self.path, timeout=5) as db:
                db.execute("DELETE FROM catalogue WHERE key = ?", (self.key,))
            db.close()
        except sqlite3.Error:
            pass

    def task_ids(self) -> dict[str, int]:
        if self.ids is None:
            self.ids = dict(self._query("SELECT id, clause FROM tasks ORDER BY position"))
        return self.ids

    def task_sections(self) -> dict[str, str]:
        try:
            return dict(self._query("SELECT id, section FROM tasks ORDER BY position"))
        except _Stale:
            return self.files().task_sections()

    def clause_positions(self) -> dict[str, int]:
        if self.clause_ids is None:
            self.clause_ids = dict(self._query("SELECT id, position FROM clauses ORDER BY position"))
        return self.clause_ids

    def clause(self, position: int) -> tuple[models.Clause, dict[str, CatalogueTask]]:
        found = self.clauses.get(position)
        if found is None:
            self.single_reads += 1
            if self.single_reads > 64 and self.single_reads > len(self.clause_positions()) // 2:  # going through every task: one query for all
                self.load_all()
                return self.clauses[position]
            [(data,)] = self._query("SELECT data FROM clauses WHERE position = ?", (position,))
            found = self.clauses[position] = self._clause_part(data)
        return found

    def load_all(self) -> None:
        if not self.complete:
            for position, data in self._query("SELECT position, data FROM clauses ORDER BY position"):
                if position not in self.clauses:
                    self.clauses[position] = self._clause_part(data)
            self.complete = True

    def _clause_part(self, data: bytes) -> tuple[models.Clause, dict[str, CatalogueTask]]:
        value = _loads(data)
        if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], models.Clause) and isinstance(value[1], list)):
            self.unreadable()
            raise _Stale
        clause, tasks = value
        return clause, {t.id: t for t in tasks if isinstance(t, CatalogueTask)}

    def notice_text(self) -> Any:
        try:
            [(data,)] = self._query("SELECT notice_text FROM catalogue")
            value = _loads(data)
        except _Stale:
            return self.files().notice_text
        from .notice import NoticeText

        if isinstance(value, NoticeText):
            return value
        self.unreadable()
        return self.files().notice_text

    def candidates(self, unit: str | None, after: dt.date | None, before: dt.date | None, load: bool) -> list[str]:
        where, args = [], []
        if unit is not None:
            where.append("position IN (SELECT task FROM task_units WHERE unit = ?)")
            args.append(unit)
        if after is not None or before is not None:
            low, high = (after or dt.date.min).isoformat(), (before or dt.date.max).isoformat()
            where.append("position IN (SELECT task FROM task_dates WHERE date BETWEEN ? AND ?)")
            args += [low, high]
        chosen = " WHERE " + " AND ".join(where) if where else ""
        try:
            ids = [r[0] for r in self._query(f"SELECT id FROM tasks{chosen} ORDER BY position", args)]
            # the caller looks at these tasks next: their clauses are read now, in one query
            clauses = f"SELECT position, data FROM clauses WHERE position IN (SELECT clause FROM tasks{chosen})"
            for position, data in self._query(clauses, args) if load else []:
                if position not in self.clauses:
                    self.clauses[position] = self._clause_part(data)
            return ids
        except _Stale:
            return list(self.files().tasks)


class _Stale(Exception):
    """The index no longer holds this catalogue's parts."""


_V = TypeVar("_V")


class _LazyParts(Mapping[str, _V]):
    """A mapping whose keys come from the index's parts and whose values are read on demand:
    one clause part when a value is first asked for, every part when all the values are. Any
    failure of the index makes the catalogue loaded from its files answer instead."""

    def __init__(self, parts: _Parts) -> None:
        self.parts = parts

    def _positions(self) -> Mapping[str, int]:
        """key → the position of the clause part that holds its value."""
        raise NotImplementedError

    def _pick(self, part: tuple[models.Clause, dict[str, CatalogueTask]], key: str) -> _V:
        """The value of `key` in the clause part that holds it."""
        raise NotImplementedError

    def _files(self, cat: Catalogue) -> Mapping[str, _V]:
        """The same mapping in the catalogue loaded from its files."""
        raise NotImplementedError

    def _ids(self) -> Mapping[str, Any]:
        try:
            return self._positions()
        except _Stale:
            return self._files(self.parts.files())

    def __getitem__(self, key: str) -> _V:
        parts = self.parts
        if parts.fallback is None:
            try:
                return self._pick(parts.clause(self._positions()[key]), key)  # KeyError: no such key
            except _Stale:
                pass
        return self._files(parts.files())[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids())

    def __len__(self) -> int:
        return len(self._ids())

    def __contains__(self, key: object) -> bool:
        return key in self._ids()

    def values(self) -> Any:
        return [value for _, value in self.items()]

    def items(self) -> Any:
        parts = self.parts
        if parts.fallback is None:
            try:
                positions = self._positions()
                parts.load_all()
                return [(key, self._pick(parts.clauses[position], key)) for key, position in positions.items()]
            except (_Stale, KeyError):
                pass
        return list(self._files(parts.files()).items())


class _LazyTasks(_LazyParts[CatalogueTask]):
    """task id → task, in catalogue order; a task's clause is read when it is first asked for,
    every clause when the values are."""

    def _positions(self) -> Mapping[str, int]:
        return self.parts.task_ids()

    def _pick(self, part: tuple[models.Clause, dict[str, CatalogueTask]], key: str) -> CatalogueTask:
        return part[1][key]

    def _files(self, cat: Catalogue) -> Mapping[str, CatalogueTask]:
        return cat.tasks


class _LazyClauses(_LazyParts[models.Clause]):
    """clause id → clause, in catalogue order, read as _LazyTasks reads them."""

    def _positions(self) -> Mapping[str, int]:
        return self.parts.clause_positions()

    def _pick(self, part: tuple[models.Clause, dict[str, CatalogueTask]], key: str) -> models.Clause:
        return part[0]

    def _files(self, cat: Catalogue) -> Mapping[str, models.Clause]:
        return cat.clauses


def _dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


# What the catalogue's pickles may name: the project's data classes (dataclasses, whose
# construction only sets fields) and plain standard values. Anything else (os.system,
# builtins.eval, any other class of the package …) makes a part unreadable.
_DATA_MODULES = ("anquan_cli.models", "anquan_cli.catalogue", "anquan_cli.notice", "anquan_cli.assignments", "anquan_cli.errors", "anquan_cli.supervision")
_STD_ALLOWED = {
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "timezone"),
    ("datetime", "timedelta"),
    ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"),
    ("pathlib", "Path"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
}


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        found = _ADMITTED.get((module, name))
        if found is not None:
            return found
        if (module, name) in _STD_ALLOWED:
            found = super().find_class(module, name)
        elif module in _DATA_MODULES and "." not in name:
            import dataclasses

            found = super().find_class(module, name)
            if not (isinstance(found, type) and dataclasses.is_dataclass(found) and not hasattr(found, "__post_init__")):
                found = None
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the index")
        _ADMITTED[(module, name)] = found  # each part names the same few classes: checked once
        return found


_ADMITTED: dict[tuple[str, str], Any] = {}


def _loads(data: bytes) -> object:
    try:
        return _SafeUnpickler(io.BytesIO(data)).load()
    except Exception:  # any unreadable part is read again from the files, whatever the reason
        return None
