"""A validated cache of what a data directory loads to: the catalogue and every progress file.

Loading means parsing YAML and validating with pydantic, which costs far more than answering
a question. So the result of a successful load is kept in the user's cache directory, keyed by
the content of every file it came from. Each run reads and hashes those files (cheap) and
uses the cached result only when every hash matches, so an edit is seen at once and stale
data is never served. Progress is kept per file: after one unit's update only that unit's
file is read again. A cache that cannot be read, for any reason, is ignored and rebuilt, and
one that cannot be written is simply not written. Only data that loaded without errors is
cached; errors are found again by every run.

The cache is a pickle, read by an unpickler that only admits the project's own data classes
and a few standard value types: a tampered cache file cannot make anquan run code.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .assignments import ASSIGNMENTS_FILE
from .catalogue import DEPARTMENTS_FILE, NOTICE_FILE, TASKS_FILE, Catalogue, load_catalogue
from .errors import DataError, Problem
from .labels import language
from .progress import EntryRow, Progress, load_progress_file, merge_rows, progress_files
from .supervision import SUPERVISION_FILE
from .textfile import read_bytes, refuse_unsafe_target, write_atomic

ENV_CACHE_DIR = "ANQUAN_CACHE_DIR"
_CATALOGUE_FILES = (TASKS_FILE, DEPARTMENTS_FILE, NOTICE_FILE, ASSIGNMENTS_FILE, SUPERVISION_FILE)  # the last two are optional


def default_cache_dir() -> Path:
    """$ANQUAN_CACHE_DIR, else the platform's user cache directory (~/.cache/anquan on Linux)."""
    configured = os.environ.get(ENV_CACHE_DIR)
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("anquan", appauthor=False))


@functools.cache
def _version() -> str:
    """What a cache must have been written by: this very code (its sources' digest, so that
    even an unreleased change never reads a cache of another shape) and this Python."""
    sources = b"".join(path.read_bytes() for path in sorted(Path(__file__).parent.glob("*.py")))
    return f"{sys.version_info[:2]}/{_digest(sources)}"


try:  # the module behind hashlib.blake2b, without loading OpenSSL for nothing
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b


def _digest(data: bytes) -> str:
    return blake2b(data, digest_size=20).hexdigest()


def _read_bytes(path: Path) -> bytes | None:
    """A file's bytes, or None when it cannot be read (the loader then says why)."""
    try:
        return read_bytes(path, "")
    except DataError:
        return None


@dataclass
class _CatalogueRecord:
    version: str
    root: str
    cwd: str  # messages name files relative to the working directory
    key: str  # the digest of the catalogue's files
    catalogue: Catalogue


@dataclass
class _FileRows:
    digest: str
    rows: list[EntryRow]
    warnings: list[Problem]


@dataclass
class _ProgressRecord:
    version: str
    root: str
    cwd: str
    catalogue_key: str  # entries were checked against this catalogue
    today: dt.date | None  # … and against this day (an entry dated after it is skipped)
    files: dict[str, _FileRows]
    merged_key: str  # the digests of every progress file, in order
    merged_rows: list[EntryRow]  # every file's entries in the order they happened


class CachedData:
    """The catalogue and progress of one directory, from the cache when it is current.

    `cache_dir` None turns the cache off: everything is read from the files, nothing written.
    The catalogue and the progress are kept apart, so that a question about the catalogue
    alone never pays for reading the progress."""

    def __init__(self, root: Path, cache_dir: Path | None, today: dt.date | None = None) -> None:
        self.root = root
        self.cache_dir = cache_dir
        self.today = today
        self._root_text = str(root.resolve())  # what the cache is for, however the path was written
        self._catalogue: _CatalogueRecord | None = None
        self._progress: Progress | None = None
        self._dirty: list[_CatalogueRecord | _ProgressRecord] = []

    # ── the catalogue ──

    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            self._catalogue = self._load_catalogue()
        return self._catalogue.catalogue

    def _load_catalogue(self) -> _CatalogueRecord:
        key = self._catalogue_key()
        cached = self._read("catalogue", _CatalogueRecord)
        if cached is not None and cached.key == key and _fits(cached.cwd, cached.catalogue.warnings):
            return cached
        record = _CatalogueRecord(_version(), self._root_text, os.getcwd(), key, load_catalogue(self.root))
        # A file edited while it was being loaded: the result matches neither version, so it
        # must not be kept under either key.
        if key == self._catalogue_key():
            self._dirty.append(record)
        return record

    def _catalogue_key(self) -> str:
        parts = []
        for name in _CATALOGUE_FILES:
            raw = _read_bytes(self.root / name)
            parts.append(f"{name}:{'-' if raw is None else _digest(raw)}")  # None: the loader says why
        return _digest("\n".join(parts).encode())

    # ── progress ──

    def progress(self) -> Progress:
        if self._progress is None:
            self._progress = self._load_progress()
        return self._progress

    def _load_progress(self) -> Progress:
        catalogue = self.catalogue()
        assert self._catalogue is not None
        catalogue_key = self._catalogue.key
        cached = self._read("progress", _ProgressRecord)
        stale = cached is not None and (cached.catalogue_key != catalogue_key or cached.today != self.today)
        if cached is not None and (stale or not _fits(cached.cwd, _warnings(cached.files))):
            cached = None
        files = {path.name: self._progress_file(path, catalogue, cached) for path in progress_files(self.root)}
        merged_key = _digest("\n".join(f"{name}:{f.digest}" for name, f in files.items()).encode())
        if cached is not None and cached.merged_key == merged_key:
            rows = cached.merged_rows
        else:
            rows = merge_rows(f.rows for f in files.values())
            record = _ProgressRecord(_version(), self._root_text, os.getcwd(), catalogue_key, self.today, files, merged_key, rows)
            self._dirty.append(record)
        return Progress(rows, _warnings(files))

    def _progress_file(self, path: Path, catalogue: Catalogue, cached: _ProgressRecord | None) -> _FileRows:
        raw = _read_bytes(path)
        if raw is None:  # unreadable or too big: the loader says why
            return _FileRows("-", [], load_progress_file(path, catalogue, today=self.today).warnings)
        digest = _digest(raw)
        hit = cached.files.get(path.name) if cached is not None else None
        if hit is not None and hit.digest == digest:
            return hit
        loaded = load_progress_file(path, catalogue, raw, today=self.today)
        return _FileRows(digest, loaded.rows, loaded.warnings)

    # ── the cache files ──

    def _path(self, kind: str) -> Path | None:
        if self.cache_dir is None:
            return None
        # messages (skipped entries, warnings) are cached as text: one cache per language
        return self.cache_dir / f"{_digest(self._root_text.encode())}.{language()}.{kind}.pickle"

    def _read(self, kind: str, expected: type[_R]) -> _R | None:
        path = self._path(kind)
        if path is None:
            return None
        try:
            if refuse_unsafe_target(path) is None:  # a link or a FIFO is never opened
                return None
            with path.open("rb") as f:
                record = _SafeUnpickler(f).load()
        except Exception:  # any unreadable cache is rebuilt, whatever the reason
            return None
        if not isinstance(record, expected) or record.version != _version() or record.root != self._root_text:
            return None
        return record

    def save(self) -> None:
        """Write what was loaded afresh. A full or read-only disk only costs speed; a link or
        a special file where a cache file belongs (planted: anquan never makes one) is refused
        with WorkspaceError, and nothing is written through it."""
        dirty, self._dirty = self._dirty, []
        for record in dirty:
            path = self._path("catalogue" if isinstance(record, _CatalogueRecord) else "progress")
            if path is not None:
                _write(path, record)


_R = TypeVar("_R", _CatalogueRecord, _ProgressRecord)


def _warnings(files: dict[str, _FileRows]) -> list[Problem]:
    return [w for f in files.values() for w in f.warnings]


def _fits(cwd: str, warnings: list[Problem]) -> bool:
    """Cached warnings name files relative to the directory they were made in."""
    return not warnings or cwd == os.getcwd()


def _write(path: Path, record: object) -> None:
    refuse_unsafe_target(path)  # WorkspaceError: the command says so
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(path, pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # a read-only or full disk only costs speed


# What a cache file may name: the project's own classes and plain standard values. Anything
# else (os.system, builtins.eval …) makes the file unreadable, and so ignored.
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
        if (module, name) in _STD_ALLOWED or (module.startswith("anquan_cli.") and "." not in name):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
