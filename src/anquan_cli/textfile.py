"""Reading a data file as text: size limit, BOM and CRLF, and no binary or GBK data
passed off as UTF-8. No YAML here, so that what only reads files stays light."""

from __future__ import annotations

from pathlib import Path

from .errors import DataError, Problem

MAX_FILE_BYTES = 64 * 1024 * 1024


def display_name(path: Path) -> str:
    """A path relative to the working directory when it is below it, else absolute."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_text(path: Path, shown: str, raw: bytes | None = None) -> str:
    """Read a UTF-8 data file (BOM and CRLF allowed), refusing what is not text.
    `raw`: the file's bytes, when the caller has read them already."""
    if raw is None:
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise DataError([Problem(shown, 0, 0, "", f"file is {size} bytes, over the limit of {MAX_FILE_BYTES}")])
            raw = path.read_bytes()
        except OSError as exc:
            raise DataError([Problem(shown, 0, 0, "", f"cannot read: {exc.strerror or exc}")]) from None
    if b"\x00" in raw:
        return _refuse_binary(raw, shown)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(raw, exc.start)
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            message = f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        else:
            message = (
                "file is GBK/GB18030-encoded, not UTF-8; convert it, e.g. "
                f"`iconv -f GB18030 -t UTF-8 {shown} > tmp && mv tmp {shown}`, "
                "or save it as UTF-8 in the editor"
            )
        raise DataError([Problem(shown, line, column, "", message)]) from None


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """The (line, column) of a byte offset, the column counted in characters as an editor shows it."""
    start = raw.rfind(b"\n", 0, offset) + 1
    before = raw[start:offset].decode("utf-8", errors="replace")
    if start == 0:
        before = before.removeprefix("\ufeff")
    return raw.count(b"\n", 0, offset) + 1, len(before) + 1


def _refuse_binary(raw: bytes, shown: str) -> str:
    line, column = _byte_position(raw, raw.index(b"\x00"))
    raise DataError([Problem(shown, line, column, "", "binary data (NUL byte): not a text file")])
