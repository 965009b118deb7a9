"""Drawing listings: a rich table, plain aligned text, JSON or CSV.

Every command builds a `Listing` (display rows for people, records for scripts) and hands it
here. Text from data files is never interpreted: rich gets `Text` objects (no markup) and
control characters are made visible before anything reaches a terminal.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import field
from typing import Any, Literal, TextIO

from .patterns import pattern
from .records import record

FORMATS = ("table", "plain", "json", "csv")

# C0/C1 controls, DEL and the bidirectional overrides that can disguise text. DEL, C1 and
# the overrides are unsafe everywhere; which C0 controls are depends on the output. Lone
# surrogates and U+FFFE/U+FFFF cannot be written as UTF-8 or in XML (an xlsx cell): escaped too.
_DEL_C1_BIDI = "\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"  # + lone surrogates, noncharacters
_UNSAFE = pattern(f"[\x00-\x08\x0b-\x1f{_DEL_C1_BIDI}]")  # text: tab and line feed kept
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Make control characters visible (\\x1b) so data cannot drive the terminal."""
    if value.isprintable():  # most texts: every character _UNSAFE matches is unprintable
        return value
    return _UNSAFE.sub(_visible, value)


def one_line(value: str) -> str:
    """`safe_text` that also shows line breaks and tabs as escapes: a message quoting data
    (an unknown key, a bad value) stays one line, as one problem a line promises."""
    return _UNSAFE_IN_LINE.sub(_visible, value)


_UNSAFE_IN_LINE = pattern(f"[\x00-\x1f\u2028\u2029{_DEL_C1_BIDI}]")  # one line: every break too


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group(0))  # \u202e, not \x202e (which reads as \x20 followed by "2e")
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def cell_text(value: str) -> str:
    if value.isprintable():  # most cells: every character _UNSAFE or a break matches is unprintable
        return value
    return safe_text(value.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def display_width(text: str) -> int:
    """Terminal columns taken by text: 2 for wide (CJK) characters."""
    if text.isascii():  # no wide or combining character: one column each
        return len(text)
    found = _WIDTHS.get(text)
    if found is None:  # a listing repeats its values (units, statuses, dates): each is measured once
        found = _WIDTHS[text] = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)
    return found


_WIDTHS: dict[str, int] = {}


def clip(value: str, limit: int = 60) -> str:
    """Data quoted in a message, at most `limit` characters: a 32,767-character cell or a
    megabyte option value is not echoed whole."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def local_minutes(moment: Any) -> str:
    """A recorded time as people read it: local, to the minute (2025-06-20 09:30)."""
    import contextlib

    with contextlib.suppress(OverflowError, ValueError, OSError):  # at the ends of time: in its own zone
        moment = moment.astimezone()
    return str(moment.strftime("%Y-%m-%d %H:%M"))


def neutralise_formula(value: str) -> str:
    """A spreadsheet must show a cell starting with = + - @ as text, never run it."""
    return "'" + value if value.startswith(_FORMULA_START) else value


@record(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False
    max_width: int | None = None  # table only: wrap longer text
    bar: bool = False  # a percentage: drawn as a bar in a table, a number elsewhere


@record
class Listing:
    columns: list[Column]
    rows: list[dict[str, Any]]  # display values by column key
    # what --format json prints; or what makes it, for a listing whose records cost more than its rows
    records: list[dict[str, Any]] | dict[str, Any] | Callable[[], list[dict[str, Any]]]
    title: str = ""
    empty: str = ""
    notes: list[str] = field(default_factory=list)  # printed after a table or plain listing
    short_names: dict[str, str] = field(default_factory=dict)  # table only: full unit name → short, used when a table is too wide

    def json_records(self) -> list[dict[str, Any]] | dict[str, Any]:
        return self.records() if callable(self.records) else self.records


def to_json(value: Any) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    # json escapes C0 controls; C1 controls must not reach a terminal raw either.
    return re.sub(f"[{_DEL_C1_BIDI}]", lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n"


def to_csv(listing: Listing) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.label for c in listing.columns])
    keys = [c.key for c in listing.columns]
    writer.writerows([_csv_cell(row.get(key, "")) for key in keys] for row in listing.rows)
    return "\ufeff" + buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    if isinstance(value, str):
        return neutralise_formula(safe_text(value))
    return "" if value is None else value


def to_plain(listing: Listing) -> str:
    """Columns padded to equal display width and separated by a tab: aligned on a terminal,
    still split by a tab in a script."""
    lines: list[str] = []
    if listing.title:
        lines.append(cell_text(listing.title))
    if not listing.rows:
        lines.append(listing.empty)
    else:
        keys = [c.key for c in listing.columns]
        table = [[c.label for c in listing.columns]]
        table += [[_plain_cell(row.get(key, "")) for key in keys] for row in listing.rows]
        measured = [list(map(display_width, r)) for r in table]
        widths = list(map(max, zip(*measured, strict=True)))
        for r, m in zip(table, measured, strict=True):
            cells = [value + " " * (width - used) for value, width, used in zip(r, widths, m, strict=True)]
            lines.append("\t".join(cells).rstrip(" "))  # keep empty trailing cells: every line has every tab
    lines += [cell_text(n) for n in listing.notes]
    return "\n".join(lines) + "\n"


def print_table(listing: Listing, out: TextIO, *, width: int | None = None) -> None:
    """A rich table laid out here, not by rich: rich folds a cell anywhere, which splits a
    date, an id or a unit name over two lines. Cells are wrapped only where `atoms` allows,
    unit names are shortened before anything wraps, and a table still too wide is shown in
    parts that repeat the first column."""
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False, soft_wrap=False, width=width)
    if listing.title:
        console.print(Text(cell_text(listing.title), style="bold"))
    if not listing.rows:
        console.print(Text(listing.empty))
    else:
        header = [cell_text(c.label) for c in listing.columns]
        cells = [[_table_text(row.get(c.key, ""), c) for c in listing.columns] for row in listing.rows]
        available = console.width
        extents = _extents(listing.columns, header, cells)  # each column's on its own: a page picks its columns'
        if _table_width(extents[1]) > available and listing.short_names:
            named = [c.key in _UNIT_KEYS for c in listing.columns]  # titles and quotes keep the notice's words
            cells = [[_shorten(text, listing.short_names) if named[i] else text for i, text in enumerate(row)] for row in cells]
            extents = _extents(listing.columns, header, cells)
        pages = _pages(listing.columns, extents[0], available)
        for index in pages:
            columns, low, high = [listing.columns[i] for i in index], [extents[0][i] for i in index], [extents[1][i] for i in index]
            _print_page(console, columns, [header[i] for i in index], [[r[i] for i in index] for r in cells], _layout(low, high, available))
        if len(pages) > 1:
            from .labels import message

            console.print(Text(cell_text(message("table_paged", pages=len(pages))), style="dim"))
    for note in listing.notes:
        console.print(Text(cell_text(note), style="dim"))


# Columns of running text: these may break between any two Chinese characters. Every other
# column breaks only after a list separator, before an opening bracket or at a space.
# Columns that hold units' names, which a table too wide shows by their short names; every
# other column (a title, the notice's text, a rule's quote) is shown as written.
_UNIT_KEYS = frozenset({"units", "unit", "name"})
_PROSE_KEYS = frozenset({"title", "text", "note", "evidence", "section", "clause", "heading", "via", "last_note"})
_BREAK_AFTER = "、，,；;。"
_CLOSING = "、，,；;。：:）)」』》〉”’！!？?%％·"
_OPENING = "（(「『《〈“‘"
_ATOM = pattern(r"[A-Za-z0-9\-.:/%_+#]+|\s+|.", re.S)


def atoms(text: str, *, prose: bool) -> list[tuple[str, bool]]:
    """`text` cut into pieces that are never split, each with whether a line may break
    after it. A date, an id, a number or a Latin word is one piece; so is a unit name (in a
    list column, everything between separators); a line never starts with 、 or a closing bracket."""
    found = _ATOMS.get((text, prose))
    if found is None:  # a table measures each cell more than once, and repeats values (units, dates)
        found = _ATOMS[(text, prose)] = tuple(_atoms(text, prose))
    return list(found)


_ATOMS: dict[tuple[str, bool], tuple[tuple[str, bool], ...]] = {}


def _atoms(text: str, prose: bool) -> list[tuple[str, bool]]:
    pieces: list[str] = [m.group(0) for m in _ATOM.finditer(text)]
    out: list[tuple[str, bool]] = []
    for i, piece in enumerate(pieces):
        nxt = pieces[i + 1] if i + 1 < len(pieces) else ""
        if piece.isspace():
            out.append((" ", True))
            continue
        if nxt[:1] in _CLOSING or piece[-1:] in _OPENING:
            breakable = False
        elif piece[-1:] in _BREAK_AFTER or nxt[:1].isspace() or nxt[:1] in _OPENING:
            breakable = True
        else:
            breakable = prose and (_wide(piece[-1:]) or _wide(nxt[:1]))
        out.append((piece, breakable))
    # join the pieces between break points: those are what must stay on one line
    merged: list[tuple[str, bool]] = []
    for piece, breakable in out:
        if merged and not merged[-1][1]:
            merged[-1] = (merged[-1][0] + piece, breakable)
        else:
            merged.append((piece, breakable))
    return merged


def _wide(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch) in "WF"


def wrap_cell(text: str, width: int, *, prose: bool) -> list[str]:
    """Lines of at most `width` columns, broken only between atoms."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0  # the line so far, and its columns (widths add up: no need to measure it again)
        for atom, _ in atoms(paragraph, prose=prose):
            if line and used + display_width(atom.rstrip()) > width:
                lines.append(line.rstrip())
                line = atom.lstrip()
                used = display_width(line)
            else:
                line += atom
                used += display_width(atom)
        lines.append(line.rstrip())
    return lines


def _is_prose(column: Column) -> bool:
    return column.key in _PROSE_KEYS


def _cell_atoms(column: Column, text: str) -> list[tuple[str, bool]]:
    if column.numeric or column.bar:  # a number, or a bar with its percentage: never split
        return [(text, True)]
    return atoms(text, prose=_is_prose(column))


def _extents(columns: list[Column], header: list[str], cells: list[list[str]]) -> tuple[list[int], list[int]]:
    """Each column's narrowest width (its longest atom) and its widest (its longest cell,
    within the column's max_width when that leaves the atoms whole)."""
    narrowest, widest = [], []
    for i, c in enumerate(columns):
        texts = {row[i] for row in cells}  # a column repeats its values (units, dates): each is measured once
        low = max([display_width(a.strip()) for t in texts for line in t.split("\n") for a, _ in _cell_atoms(c, line)] + [display_width(header[i]), 1])
        high = max([display_width(line) for t in [*texts, header[i]] for line in t.split("\n")] + [1])
        if c.max_width is not None:
            high = max(low, min(high, c.max_width))
        if _is_prose(c):  # running text one character wide is unreadable: keep a few words a line
            low = max(low, min(high, PROSE_MIN_WIDTH))
        narrowest.append(low)
        widest.append(max(low, high))
    return narrowest, widest


def _table_width(widths: list[int]) -> int:
    return sum(widths) + 3 * len(widths) + 1  # rich's borders and one space of padding each side


def _layout(low: list[int], high: list[int], available: int) -> list[int] | None:
    """Column widths that fit `available`: as wide as wanted if that fits, else the room
    left above each column's narrowest shared in proportion to what it wants; None if even
    the narrowest do not fit."""
    if _table_width(high) <= available:
        return high
    if _table_width(low) > available:
        return None
    room = available - _table_width(low)
    want = [h - lo for lo, h in zip(low, high, strict=True)]
    total = sum(want) or 1
    return [lo + room * w // total for lo, w in zip(low, want, strict=True)]


def _pages(columns: list[Column], low: list[int], available: int) -> list[list[int]]:
    """Which columns each part of the table shows (`low`: each one's narrowest width): all of
    them when they fit; else the first column on every part and as many others as fit beside it."""
    if _table_width(low) <= available or len(columns) < 3:
        return [list(range(len(columns)))]
    pages: list[list[int]] = [[0]]
    for i in range(1, len(columns)):
        if len(pages[-1]) > 1 and _table_width([low[j] for j in [*pages[-1], i]]) > available:
            pages.append([0])
        pages[-1].append(i)
    return pages


def _print_page(console: Any, columns: list[Column], header: list[str], cells: list[list[str]], widths: list[int] | None) -> None:
    """A part of the table, its columns `widths` wide (None: they do not fit, rich folds them)."""
    from rich.text import Text

    table = _rich_table(columns, header, widths)
    if widths is None:  # nothing fits: let rich fold, the last resort
        for row in cells:
            table.add_row(*(Text(text) for text in row))
        console.print(table)
        return
    wrapped = [[_wrap(columns[i], text, widths[i]) for i, text in enumerate(row)] for row in cells]
    if FAST_ROWS and _print_rows(console, columns, header, widths, wrapped):
        return
    for cell_lines in wrapped:
        table.add_row(*(Text("\n".join(lines)) for lines in cell_lines))
    console.print(table)


FAST_ROWS = True  # tests turn it off to compare with rich's own rendering


def _rich_table(columns: list[Column], header: list[str], widths: list[int] | None) -> Any:
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for i, c in enumerate(columns):
        justify: Literal["left", "right"] = "right" if c.numeric else "left"
        if widths is None:
            table.add_column(header[i], justify=justify, overflow="fold")
        else:
            table.add_column(header[i], justify=justify, width=widths[i], no_wrap=True, overflow="crop")  # pre-wrapped: nothing to crop
    return table


def _print_rows(console: Any, columns: list[Column], header: list[str], widths: list[int], wrapped: list[list[list[str]]]) -> bool:
    """A page whose cells are laid out already, drawn as rich draws it but without rich's
    per-cell rendering, which makes a table of thousands of rows many times slower than
    plain text: rich draws the header and the frame (a table of one empty row), and each row
    is put in that frame here. Only where rich would measure every line as display_width does
    (else False: rich draws the page), and not on a legacy Windows console."""
    from rich.cells import cell_len

    if console.legacy_windows:
        return False
    measured: set[str] = set()
    for row in wrapped:
        for i, lines in enumerate(row):
            for line in lines:
                if line not in measured:
                    if cell_len(line) != display_width(line) or display_width(line) > widths[i]:
                        return False
                    measured.add(line)
    frame = _rich_table(columns, header, widths)
    frame.add_row(*("" for _ in columns))
    with console.capture() as capture:
        console.print(frame)
    drawn = capture.get().split("\n")
    if len(drawn) < 4 or drawn[-1] != "":
        return False
    head, empty, bottom = drawn[:-3], drawn[-3], drawn[-2]
    if "\x1b" in empty or "\x1b" in bottom or not empty:
        return False
    separators, at = [], 1  # the empty row: edge, then each cell (padded by a space each side) and its separator
    for width in widths:
        if empty[at : at + width + 2] != " " * (width + 2) or at + width + 2 >= len(empty):
            return False
        separators.append(empty[at + width + 2])
        at += width + 3
    if at != len(empty):
        return False
    out = [*head]
    right = [c.numeric for c in columns]
    for row in wrapped:
        for k in range(max(len(lines) for lines in row)):
            parts = [empty[0]]
            for i, lines in enumerate(row):
                text = lines[k] if k < len(lines) else ""
                pad = " " * (widths[i] - display_width(text))
                parts.append(" " + (pad + text if right[i] else text + pad) + " " + separators[i])
            out.append("".join(parts))
    out.append(bottom)
    console.file.write("\n".join(out) + "\n")
    console.file.flush()
    return True


def _wrap(column: Column, text: str, width: int) -> list[str]:
    if column.numeric or column.bar:
        return text.split("\n")
    prose = _is_prose(column)
    found = _WRAPPED.get((text, width, prose))
    if found is None:  # a column repeats its values (units, dates, tags): each is laid out once
        found = _WRAPPED[(text, width, prose)] = wrap_cell(text, width, prose=prose)
    return found


_WRAPPED: dict[tuple[str, int, bool], list[str]] = {}


def _shorten(text: str, short_names: dict[str, str]) -> str:
    for name in sorted(short_names, key=len, reverse=True):
        if name in text:
            text = text.replace(name, short_names[name])
    return text


BAR_WIDTH = 10
PROSE_MIN_WIDTH = 16


def _table_text(value: Any, column: Column) -> str:
    """A cell as the text a table shows: a percentage as a bar with its number beside it."""
    if column.bar and isinstance(value, (int, float)):
        filled = max(0, min(BAR_WIDTH, round(float(value) / 100 * BAR_WIDTH)))
        return "█" * filled + "░" * (BAR_WIDTH - filled) + f" {value:.1f}%"
    return _plain_cell(value)


def _plain_cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    return "" if value is None else cell_text(str(value))


def emit(listing: Listing, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(to_json(listing.json_records()))
    elif fmt == "csv":
        out.write(to_csv(listing))
    elif fmt == "table":
        print_table(listing, out)
    else:
        out.write(to_plain(listing))
