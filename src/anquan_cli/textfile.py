"""Data files as bytes and text: reading with a size limit, BOM and CRLF, and no binary or
GBK data passed off as UTF-8; writing a file whole or not at all. No YAML here, so that
what only reads files stays light."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import DataError, Problem
from .labels import message

MAX_FILE_BYTES = 64 * 1024 * 1024


def display_name(path: Path) -> str:
    """A path relative to the working directory when it is below it, else absolute."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_bytes(path: Path, shown: str) -> bytes:
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
            if info.st_size > MAX_FILE_BYTES:
                raise DataError([Problem(shown, 0, 0, "", message("file_too_large", size=info.st_size, limit=MAX_FILE_BYTES))])
            raw = f.read(MAX_FILE_BYTES + 1)  # bounded even if the file grows while it is read
    except OSError as exc:
        raise DataError([Problem(shown, 0, 0, "", message("file_unreadable", reason=exc.strerror or exc))]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise DataError([Problem(shown, 0, 0, "", message("file_over_limit", limit=MAX_FILE_BYTES))])
    return raw


def _not_regular(shown: str) -> DataError:
    return DataError([Problem(shown, 0, 0, "", message("file_not_regular"))])


def read_text(path: Path, shown: str) -> str:
    """Read a UTF-8 data file (BOM and CRLF allowed), refusing what is not text."""
    return decode_text(read_bytes(path, shown), shown)


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


def write_atomic(path: Path, data: bytes) -> None:
    """Write a whole file or nothing: a temporary file in the same directory, then a rename."""
    import tempfile  # only writes need it: kept off every command's start-up

    directory = path.parent
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
