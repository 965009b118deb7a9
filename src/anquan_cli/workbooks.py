"""Workbooks read with bounded work: the file, its zip members and its sheets' extents are checked
before a parser is let loose on them, and both formats come out as one small `Sheet` interface.

- `.xlsx` (Excel 2007+, WPS, LibreOffice): a zip. Refused before openpyxl loads it when it has too
  many members, a member too large unpacked or packed too tightly (a zip bomb: one 1 GiB shared
  string in a 1 MB file), too many shared strings, or a sheet whose stated dimension or any
  range it names (a merged cell, a hyperlink) reaches past MAX_ROWS × MAX_COLUMNS: openpyxl
  makes a cell object for every cell of such a range. After loading, the cells actually present
  are checked against the same limits.
- `.xls` (Excel 97-2003, WPS's old default): its shared-string count is read from the workbook
  stream's SST record before xlrd builds the strings, and xlrd's sheets are checked against the
  same extents. xlrd reads a formula cell as its last computed value and cannot say it was one, so
  the formula refusal of `anquan import` applies to .xlsx only.

`read_file` is the one place the file itself is read: a FIFO, a device or an oversized file is
refused after a stat, before any byte is read.
"""

from __future__ import annotations

import io
import os
import re
import stat
import warnings
import zipfile
from pathlib import Path
from typing import Any, Protocol

from .errors import UsageError
from .labels import message
from .records import record

MAX_BYTES = 32 * 1024 * 1024  # the file
MAX_MEMBERS = 1000  # zip members of an xlsx
MAX_MEMBER_BYTES = 16 * 1024 * 1024  # one member, unpacked
MAX_TOTAL_BYTES = 64 * 1024 * 1024  # all members, unpacked
MAX_RATIO = 100  # unpacked / packed, for members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_SHARED_STRINGS = 500_000
MAX_ROWS = 10_000  # per sheet; a unit's sheet has about 100
MAX_COLUMNS = 200

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file header of .xls
_ZIP = b"PK\x03\x04"
_XLS_SST, _XLS_EOF = 0x00FC, 0x000A  # BIFF8 record types
_REF = re.compile(rb'\bref="([A-Za-z$]{0,4}\$?\d{0,8})(?::([A-Za-z$]{1,4}\$?\d{1,8}))?"')
_CELL = re.compile(rb"\$?([A-Za-z]{1,3})\$?(\d+)")
_SST_COUNT = re.compile(rb'uniqueCount="(\d+)"')


@record(frozen=True)
class Cell:
    value: Any  # None, str, int, float, bool, datetime
    coordinate: str
    formula: bool = False
    number_format: str = "General"


class Sheet(Protocol):
    title: str
    max_row: int
    max_column: int

    def cell(self, row: int, column: int) -> Cell: ...


@record
class Book:
    sheets: list[Sheet]


def read_file(path: Path) -> bytes:
    """The bytes of a workbook file, refused before reading when it is not a regular file (a FIFO,
    a device) or larger than MAX_BYTES; at most MAX_BYTES + 1 bytes are ever read."""
    shown = str(path)
    limit = MAX_BYTES // (1024 * 1024)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(message("import_not_regular", file=shown))
        if info.st_size > MAX_BYTES:
            raise UsageError(message("import_too_large", file=shown, size=info.st_size, limit=limit))
        # O_NONBLOCK: a file swapped for a FIFO after the stat does not make open wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise UsageError(message("import_not_regular", file=shown))
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UsageError(message("import_cannot_read", file=shown, reason=exc.strerror or exc)) from None
    if len(data) > MAX_BYTES:
        raise UsageError(message("import_too_large", file=shown, size=len(data), limit=limit))
    return data


def open_book(data: bytes, name: str) -> Book:
    """The workbook's sheets, .xlsx or .xls by the file's first bytes, within the limits above."""
    if len(data) > MAX_BYTES:
        raise UsageError(message("import_too_large", file=name, size=len(data), limit=MAX_BYTES // (1024 * 1024)))
    if data.startswith(_OLE2):
        return _open_xls(data, name)
    if data.startswith(_ZIP):
        _check_zip(data, name)
    return _open_xlsx(data, name)


def _unreadable(name: str, exc: Exception) -> UsageError:
    reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    reason = " ".join(reason.split())  # a parser's message may quote the bad bytes, line breaks included: one line
    return UsageError(message("import_not_a_workbook", file=name, reason=reason))


def _extent_refused(name: str, sheet: str, rows: int, columns: int) -> UsageError:
    from openpyxl.utils import get_column_letter

    corner = f"{get_column_letter(min(max(columns, 1), 18278))}{rows}"
    return UsageError(message("import_sheet_too_big", file=name, sheet=sheet, corner=corner, rows=MAX_ROWS, columns=MAX_COLUMNS))


def _check_extent(name: str, sheet: str, rows: int, columns: int) -> None:
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise _extent_refused(name, sheet, rows, columns)


# ── xlsx ──


def _check_zip(data: bytes, name: str) -> None:
    """Sizes, ratios and counts from the zip's directory, and each sheet's extent from its XML,
    before openpyxl parses anything. (zipfile never unpacks more than a member's stated size.)"""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _unreadable(name, exc) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise UsageError(message("import_zip_members", file=name, n=len(members), limit=MAX_MEMBERS))
        total = 0
        for info in members:
            total += info.file_size
            packed_too_tight = info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)
            if info.file_size > MAX_MEMBER_BYTES or packed_too_tight:
                raise UsageError(
                    message(
                        "import_zip_member",
                        file=name,
                        member=info.filename,
                        size=info.file_size,
                        packed=info.compress_size,
                        limit=MAX_MEMBER_BYTES // (1024 * 1024),
                    )
                )
        if total > MAX_TOTAL_BYTES:
            raise UsageError(message("import_zip_total", file=name, size=total, limit=MAX_TOTAL_BYTES // (1024 * 1024)))
        try:
            for info in members:
                lowered = info.filename.lower()
                if lowered.endswith("sharedstrings.xml"):
                    head = archive.open(info).read(4096)
                    found = _SST_COUNT.search(head)
                    if found and int(found.group(1)) > MAX_SHARED_STRINGS:
                        raise UsageError(message("import_shared_strings", file=name, n=int(found.group(1)), limit=MAX_SHARED_STRINGS))
                elif lowered.startswith("xl/worksheets/") and lowered.endswith(".xml"):
                    _check_sheet_xml(archive.read(info), name, info.filename)
        except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile) as exc:
            raise _unreadable(name, exc) from None


def _check_sheet_xml(xml: bytes, name: str, member: str) -> None:
    """Every range a sheet names (its dimension, merged cells, hyperlinks, filters) within the limits."""
    from openpyxl.utils import column_index_from_string

    for found in _REF.finditer(xml):
        for part in found.groups():
            if not part:
                continue
            cell = _CELL.fullmatch(part)
            if cell is None:
                continue
            try:
                column = column_index_from_string(cell.group(1).decode().upper())
            except ValueError:
                column = MAX_COLUMNS + 1
            _check_extent(name, member, int(cell.group(2)), column)


class _XlsxSheet:
    def __init__(self, ws: Any) -> None:
        self._ws = ws
        self.title: str = ws.title
        self.max_row: int = ws.max_row
        self.max_column: int = ws.max_column

    def cell(self, row: int, column: int) -> Cell:
        from openpyxl.utils import get_column_letter

        found = self._ws._cells.get((row, column))  # never ws.cell(): that would create the cell
        if found is None:
            return Cell(None, f"{get_column_letter(column)}{row}")
        return Cell(found.value, found.coordinate, found.data_type == "f", str(found.number_format))


def _open_xlsx(data: bytes, name: str) -> Book:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            wb = load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # a zip error, a missing part, bad XML: all mean the same to the user
        raise _unreadable(name, exc) from None
    sheets: list[Sheet] = []
    for ws in wb.worksheets:
        _check_extent(name, ws.title, ws.max_row, ws.max_column)
        sheets.append(_XlsxSheet(ws))
    return Book(sheets)


# ── xls ──


class _XlsSheet:
    def __init__(self, sheet: Any, book: Any) -> None:
        self._sheet = sheet
        self._book = book
        self.title: str = sheet.name
        self.max_row: int = sheet.nrows
        self.max_column: int = sheet.ncols

    def cell(self, row: int, column: int) -> Cell:
        import xlrd
        from openpyxl.utils import get_column_letter

        coordinate = f"{get_column_letter(column)}{row}"
        r, c = row - 1, column - 1
        if r >= self._sheet.nrows or c >= self._sheet.row_len(r):
            return Cell(None, coordinate)
        found = self._sheet.cell(r, c)
        kind = found.ctype
        number_format = "General"
        xf = self._book.xf_list[found.xf_index] if found.xf_index is not None and found.xf_index < len(self._book.xf_list) else None
        if xf is not None and xf.format_key in self._book.format_map:
            number_format = self._book.format_map[xf.format_key].format_str
        value: Any
        if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            value = None
        elif kind == xlrd.XL_CELL_DATE:
            try:
                value = xlrd.xldate.xldate_as_datetime(found.value, self._book.datemode)
            except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                value = found.value
        elif kind == xlrd.XL_CELL_BOOLEAN:
            value = bool(found.value)
        elif kind == xlrd.XL_CELL_ERROR:
            value = xlrd.error_text_from_code.get(found.value, "#ERROR")
        else:
            value = found.value
        return Cell(value, coordinate, False, number_format)


def _check_xls(data: bytes, name: str) -> None:
    """The shared-string count from the workbook stream's SST record, before xlrd builds them all."""
    import struct

    from xlrd.compdoc import CompDoc

    document = CompDoc(data, logfile=io.StringIO())
    stream = document.get_named_stream("Workbook") or document.get_named_stream("Book")
    if not stream:
        return
    at = 0
    while at + 4 <= len(stream):
        record, length = struct.unpack_from("<HH", stream, at)
        if record == _XLS_SST and length >= 8:
            unique = struct.unpack_from("<I", stream, at + 8)[0]
            if unique > MAX_SHARED_STRINGS:
                raise UsageError(message("import_shared_strings", file=name, n=unique, limit=MAX_SHARED_STRINGS))
            return
        if record == _XLS_EOF:  # the end of the workbook globals: the SST comes before it
            return
        at += 4 + length


def _open_xls(data: bytes, name: str) -> Book:
    import xlrd

    try:
        _check_xls(data, name)
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, ragged_rows=True, on_demand=True)
        sheets: list[Sheet] = []
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            _check_extent(name, sheet.name, sheet.nrows, sheet.ncols)
            sheets.append(_XlsSheet(sheet, book))
    except UsageError:
        raise
    except Exception as exc:  # xlrd's XLRDError, CompDocError, struct errors: an unreadable file
        raise _unreadable(name, exc) from None
    return Book(sheets)
