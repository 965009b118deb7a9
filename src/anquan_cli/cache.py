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

import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalogue import DEPARTMENTS_FILE, NOTICE_FILE, TASKS_FILE, Catalogue, load_catalogue
from .errors import DataError, Problem
from .progress import Progress, load_progress_file, merge_progress, progress_files
from .textfile import MAX_FILE_BYTES, display_name, read_text

FORMAT = 1  # bump when what is pickled changes shape
ENV_CACHE_DIR = "ANQUAN_CACHE_DIR"
_CATALOGUE_FILES = (TASKS_FILE, DEPARTMENTS_FILE, NOTICE_FILE)


def default_cache_dir() -> Path:
    """$ANQUAN_CACHE_DIR, else the platform's user cache directory (~/.cache/anquan on Linux)."""
    configured = os.environ.get(ENV_CACHE_DIR)
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("anquan", appauthor=False))


def _version() -> str:
    from . import __version__

    return f"{__version__}/{FORMAT}/{sys.version_info[:2]}"


try:  # the module behind hashlib.blake2b, without loading OpenSSL for nothing
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b


def _digest(data: bytes) -> str:
    return blake2b(data, digest_size=20).hexdigest()


def _read_bytes(path: Path) -> bytes | None:
    """A file's bytes, or None when it cannot be read or is over the size limit."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


@dataclass
class _FileResult:
    digest: str
    progress: Progress


@dataclass
class _Record:
    """What one cache file holds for one data directory."""

    version: str
    root: str
    cwd: str  # messages name files relative to the working directory
    catalogue_key: str
    catalogue: Catalogue
    files: dict[str, _FileResult] = field(default_factory=dict)
    merged_key: str = ""  # the digests of every progress file, in order
    merged: Progress | None = None


class CachedData:
    """The catalogue and progress of one directory, from the cache when it is current.

    `cache_dir` None turns the cache off: everything is read from the files, nothing written."""

    def __init__(self, root: Path, cache_dir: Path | None) -> None:
        self.root = root
        self.cache_dir = cache_dir
        self._record: _Record | None = None
        self._cached: _Record | None = None  # as read from the cache file
        self._dirty = False

    # ── the catalogue ──

    def catalogue(self) -> Catalogue:
        if self._record is None:
            self._record = self._load_catalogue()
        return self._record.catalogue

    def _load_catalogue(self) -> _Record:
        key = self._catalogue_key()
        cached = self._read_cache()
        if cached is not None and cached.catalogue_key == key and self._messages_fit(cached.catalogue.warnings):
            return cached
        catalogue = load_catalogue(self.root)
        record = _Record(_version(), str(self.root.resolve()), os.getcwd(), key, catalogue)
        # A file edited while it was being loaded: the result matches neither version, so it
        # must not be kept under either key.
        self._dirty = key == self._catalogue_key()
        return record

    def _catalogue_key(self) -> str:
        parts = []
        for name in _CATALOGUE_FILES:
            raw = _read_bytes(self.root / name)
            parts.append(f"{name}:{'-' if raw is None else _digest(raw)}")  # None: the loader says why
        return _digest("\n".join(parts).encode())

    # ── progress ──

    def progress(self) -> Progress:
        record = self._record or self._load_catalogue()
        self._record = record
        cached = self._cached if self._cached is not None and self._cached.catalogue_key == record.catalogue_key else None
        files: dict[str, _FileResult] = {}
        for path in progress_files(self.root):
            files[path.name] = self._progress_file(path, record.catalogue, cached)
        merged_key = _digest("\n".join(f"{name}:{r.digest}" for name, r in files.items()).encode())
        if record.merged is not None and record.merged_key == merged_key and self._messages_fit(record.merged.warnings):
            return record.merged
        merged = merge_progress(r.progress for r in files.values())
        record.files, record.merged_key, record.merged = files, merged_key, merged
        self._dirty = True
        return merged

    def _progress_file(self, path: Path, catalogue: Catalogue, cached: _Record | None) -> _FileResult:
        raw = _read_bytes(path)
        if raw is None:
            return _FileResult("-", load_progress_file(path, catalogue))  # reports why
        digest = _digest(raw)
        hit = cached.files.get(path.name) if cached is not None else None
        if hit is not None and hit.digest == digest and self._messages_fit(hit.progress.warnings):
            return hit
        try:
            text = read_text(path, display_name(path), raw)
        except DataError as exc:
            return _FileResult(digest, Progress(warnings=list(exc.problems)))
        return _FileResult(digest, load_progress_file(path, catalogue, text))

    def _messages_fit(self, warnings: list[Problem]) -> bool:
        """Cached warnings name files relative to the directory they were made in."""
        return not warnings or (self._cached is not None and self._cached.cwd == os.getcwd())

    # ── the cache file ──

    def _path(self) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"{_digest(str(self.root.resolve()).encode())}.pickle"

    def _read_cache(self) -> _Record | None:
        path = self._path()
        if path is None:
            return None
        try:
            with path.open("rb") as f:
                record = _SafeUnpickler(f).load()
        except Exception:  # any unreadable cache is rebuilt, whatever the reason
            return None
        if not isinstance(record, _Record) or record.version != _version() or record.root != str(self.root.resolve()):
            return None
        self._cached = record
        return record

    def save(self) -> None:
        """Write what was loaded, if anything new was; never fails a command."""
        path = self._path()
        if path is None or self._record is None or not self._dirty:
            return
        import tempfile

        self._record.cwd = os.getcwd()
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
            try:
                with os.fdopen(fd, "wb") as f:
                    pickle.dump(self._record, f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except (OSError, pickle.PicklingError, RecursionError):
            pass  # a read-only or full disk only costs speed
        self._dirty = False


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


def clear(cache_dir: Path) -> int:
    """Remove every cache file; returns how many were removed."""
    removed = 0
    for path in cache_dir.glob("*.pickle"):
        try:
            path.unlink()
            removed += 1
        except OSError:
            pass
    return removed


