"""Data files as bytes and text: reading with a size limit, BOM and CRLF, and no binary or
GBK data passed off as UTF-8; writing a file whole or not at all. No YAML here, so that
what only reads files stays light."""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

from . import labels
from .errors import DataError, Problem, WorkspaceError
from .labels import message

MAX_FILE_BYTES = 64 * 1024 * 1024
# tasks.yaml and departments.yaml: the largest real one (benchmarks/make_workspace.py, 50,000
# tasks) is under 15 MiB; a bigger file would only cost minutes and gigabytes to refuse.
MAX_CATALOGUE_BYTES = 24 * 1024 * 1024
# How deep a value in a data file may nest: far deeper than any of anquan's files needs
# (tasks.yaml: clauses[].tasks[].targets[].quote). yamlfile refuses a deeper value where it
# starts, before building it (600 levels of [[[…]]] would exhaust Python's recursion limit);
# progress reads a line with more brackets than this on the YAML path, which does.
MAX_NESTING_DEPTH = 32


try:  # the module behind hashlib.blake2b, without loading OpenSSL for nothing
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b


def content_digest(data: bytes) -> str:
    """What the index keeps of a file's content to tell whether it changed."""
    return blake2b(data, digest_size=20).hexdigest()


def display_name(path: Path) -> str:
    """A path relative to the working directory when it is below it, else absolute. The last
    part is kept as it is: a link is named, not what it points to."""
    try:
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_bytes(path: Path, shown: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """A data file's bytes, refusing one over the size limit before reading it, and anything
    that is not a regular file (a device or a pipe could be endless)."""
    try:
        # checked before opening too: opening a named pipe would wait for a writer
        if not stat.S_ISREG(path.stat().st_mode):
            raise _not_regular(shown)
        with path.open("rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):  # replaced between the two looks
                raise _not_regular(shown)
            if info.st_size > limit:
                raise DataError([Problem(shown, 0, 0, "", message("file_too_large", size=info.st_size, limit=limit))])
            raw = f.read(limit + 1)  # bounded even if the file grows while it is read
    except OSError as exc:
        raise DataError([Problem(shown, 0, 0, "", message("file_unreadable", reason=exc.strerror or exc))]) from None
    if len(raw) > limit:
        raise DataError([Problem(shown, 0, 0, "", message("file_over_limit", limit=limit))])
    return raw


def _not_regular(shown: str) -> DataError:
    return DataError([Problem(shown, 0, 0, "", message("file_not_regular"))])


def read_text(path: Path, shown: str, limit: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 data file (BOM and CRLF allowed), refusing what is not text."""
    return decode_text(read_bytes(path, shown, limit), shown)


def decode_text(raw: bytes, shown: str) -> str:
    """A data file's bytes as text: UTF-8, BOM and CRLF allowed; anything else refused."""
    if b"\x00" in raw:
        return _refuse_binary(raw, shown)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError([_encoding_problem(raw, exc.start, shown)]) from None


def read_lines_text(raw: bytes, shown: str) -> tuple[str, list[Problem]]:
    """A line-by-line file (progress) as text, keeping every line that is UTF-8. A line
    that is not (a write cut inside a character, a stray byte) becomes empty and is
    reported; a file that is not UTF-8 at all (GBK, binary) is refused as `read_text` does."""
    try:
        return decode_text(raw, shown), []
    except DataError:
        lines = raw.split(b"\n")
        bad = {i for i, line in enumerate(lines) if b"\x00" in line or _first_bad_byte(line) is not None}
        with_text = {i for i, line in enumerate(lines) if b"\x00" in line or not line.isascii()}
        if bad == with_text:  # not one line of UTF-8 text: it is the file's encoding (GBK, UTF-16)
            raise
    problems = []
    offset = 0
    for i, line in enumerate(lines):
        if i in bad:
            nul = line.find(b"\x00")
            at = offset + (nul if nul >= 0 else _first_bad_byte(line) or 0)
            problems.append(_encoding_problem(raw, at, shown, line_only=True))
            lines[i] = b""
        offset += len(line) + 1
    return b"\n".join(lines).decode("utf-8-sig"), problems


def _first_bad_byte(line: bytes) -> int | None:
    """Where `line` stops being UTF-8, or None when it is."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return None


def _encoding_problem(raw: bytes, start: int, shown: str, *, line_only: bool = False) -> Problem:
    line, column = _byte_position(raw, start)
    if line_only:
        what = message("file_nul_line") if raw[start] == 0 else message("file_not_utf8_line", byte=f"{raw[start]:02x}")
        return Problem(shown, line, column, "", what)
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        text = message("file_not_utf8", byte=f"{raw[start]:02x}")
    else:
        text = message("file_gbk", path=shown)
    return Problem(shown, line, column, "", text)


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """The (line, column) of a byte offset, the column counted in characters as an editor shows it."""
    start = raw.rfind(b"\n", 0, offset) + 1
    before = raw[start:offset].decode("utf-8", errors="replace")
    if start == 0:
        before = before.removeprefix("\ufeff")
    return raw.count(b"\n", 0, offset) + 1, len(before) + 1


def _refuse_binary(raw: bytes, shown: str) -> str:
    line, column = _byte_position(raw, raw.index(b"\x00"))
    raise DataError([Problem(shown, line, column, "", message("file_binary"))])


# ── writing: never through a link, never onto a device or a pipe, whole or not at all ──

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # POSIX; on Windows `refuse_unsafe_target` checks first
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO must not block the open
_NOCTTY = getattr(os, "O_NOCTTY", 0)
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_REPARSE_POINT = getattr(stat, "FILE_ATTRIBUTE_REPARSE_POINT", 0x400)


def is_link(info: os.stat_result) -> bool:
    """A symbolic link, or on Windows any reparse point (a junction, a mount point)."""
    return stat.S_ISLNK(info.st_mode) or bool(getattr(info, "st_file_attributes", 0) & _REPARSE_POINT)


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def refuse_unsafe_target(path: Path, shown: str | None = None, *, directory: bool = False) -> os.stat_result | None:
    """What is at `path` (None: nothing), refusing a link and anything but a regular file (a
    directory, with `directory`): a write goes to the file named, or nowhere."""
    info = _lstat(path)
    name = shown or display_name(path)
    if info is None:
        return None
    if is_link(info):
        raise WorkspaceError(labels.message("write_link", path=name))
    if stat.S_ISDIR(info.st_mode) if directory else stat.S_ISREG(info.st_mode):
        return info
    raise WorkspaceError(labels.message("write_not_dir" if directory else "write_special", path=name))


def open_for_append(path: Path, shown: str) -> tuple[int, bool]:
    """A descriptor to append to the regular file `path` (made when missing), and whether it
    was made: never through a link (O_NOFOLLOW), never a FIFO or a device (checked on the
    open descriptor, opened without blocking)."""
    existed = refuse_unsafe_target(path, shown) is not None
    flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | _NOFOLLOW | _NONBLOCK | _NOCTTY | _BINARY
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):  # a link planted since the check (EMLINK: FreeBSD)
            raise WorkspaceError(labels.message("write_link", path=shown)) from None
        if exc.errno == errno.ENXIO:  # a FIFO without a reader
            raise WorkspaceError(labels.message("write_special", path=shown)) from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise WorkspaceError(labels.message("write_special", path=shown))
    return fd, not existed


def write_all(fd: int, data: bytes) -> None:
    """Write every byte: a short write is continued, one that writes nothing is an error."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[written:]


def append_whole(fd: int, data: bytes, old_size: int) -> None:
    """Append `data` and fsync it; on any failure cut the file back to `old_size`, so that it
    is as it was, and raise."""
    try:
        write_all(fd, data)
        os.fsync(fd)
    except BaseException:
        try:
            os.ftruncate(fd, old_size)
            os.fsync(fd)
        except OSError:
            pass  # nothing more can be done; the caller reports the first error
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write a whole file or nothing: a temporary file in the same directory, then a rename.
    Refuses a link or a special file at `path` (a rename would replace a FIFO or a device by
    a regular file); a file replaced keeps its mode."""
    import tempfile  # only writes need it: kept off every command's start-up

    existing = refuse_unsafe_target(path, str(path))
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o644
    directory = path.parent
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_directory(directory)


def fsync_directory(directory: Path) -> None:
    """Make a new name in `directory` (a rename, a file made) survive a power cut. Best effort:
    the data itself is already on disk; Windows cannot open a directory, and has no need."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
