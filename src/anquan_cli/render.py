"""Drawing listings: a rich table, plain aligned text, JSON or CSV.

Every command builds a `Listing` (display rows for people, records for scripts) and hands it
here. Text from data files is never interpreted: rich gets `Text` objects (no markup) and
control characters are made visible before anything reaches a terminal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, TextIO

FORMATS = ("table", "plain", "json", "csv")

# C0/C1 controls, DEL and the bidirectional overrides that can disguise text. DEL, C1 and
# the overrides are unsafe everywhere; which C0 controls are depends on the output. Lone
# surrogates and U+FFFE/U+FFFF cannot be written as UTF-8 or in XML (an xlsx cell): escaped too.
_DEL_C1_BIDI = "\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"  # + lone surrogates, noncharacters
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f{_DEL_C1_BIDI}]")  # text: tab and line feed kept
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Make control characters visible (\\x1b) so data cannot drive the terminal."""
    return _UNSAFE.sub(_visible, value)


def one_line(value: str) -> str:
    """`safe_text` that also shows line breaks and tabs as escapes: a message quoting data
    (an unknown key, a bad value) stays one line, as one problem a line promises."""
    return _UNSAFE_IN_LINE.sub(_visible, value)


_UNSAFE_IN_LINE = re.compile(f"[\x00-\x1f\u2028\u2029{_DEL_C1_BIDI}]")  # one line: every break too


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group(0))  # \u202e, not \x202e (which reads as \x20 followed by "2e")
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def cell_text(value: str) -> str:
    return safe_text(value.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def display_width(text: str) -> int:
    """Terminal columns taken by text: 2 for wide (CJK) characters."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def clip(value: str, limit: int = 60) -> str:
    """Data quoted in a message, at most `limit` characters: a 32,767-character cell or a
    megabyte option value is not echoed whole."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def neutralise_formula(value: str) -> str:
    """A spreadsheet must show a cell starting with = + - @ as text, never run it."""
    return "'" + value if value.startswith(_FORMULA_START) else value


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False
    max_width: int | None = None  # table only: wrap longer text
    bar: bool = False  # a percentage: drawn as a bar in a table, a number elsewhere


@dataclass
class Listing:
    columns: list[Column]
    rows: list[dict[str, Any]]  # display values by column key
    records: list[dict[str, Any]] | dict[str, Any]  # what --format json prints
    title: str = ""
    empty: str = ""
    notes: list[str] = field(default_factory=list)  # printed after a table or plain listing


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
    for row in listing.rows:
        writer.writerow([_csv_cell(row.get(c.key, "")) for c in listing.columns])
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
        table = [[c.label for c in listing.columns]]
        table += [[_plain_cell(row.get(c.key, "")) for c in listing.columns] for row in listing.rows]
        widths = [max(display_width(r[i]) for r in table) for i in range(len(listing.columns))]
        for r in table:
            cells = [value + " " * (widths[i] - display_width(value)) for i, value in enumerate(r)]
            lines.append("\t".join(cells).rstrip(" "))  # keep empty trailing cells: every line has every tab
    lines += [cell_text(n) for n in listing.notes]
    return "\n".join(lines) + "\n"


def print_table(listing: Listing, out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, highlight=False, soft_wrap=False)
    if listing.title:
        console.print(Text(cell_text(listing.title), style="bold"))
    if not listing.rows:
        console.print(Text(listing.empty))
    else:
        table = Table(show_lines=False, header_style="bold")
        for c in listing.columns:
            table.add_column(c.label, justify="right" if c.numeric else "left", max_width=c.max_width, overflow="fold")
        for row in listing.rows:
            table.add_row(*(_table_cell(row.get(c.key, ""), c) for c in listing.columns))
        console.print(table)
    for note in listing.notes:
        console.print(Text(cell_text(note), style="dim"))


def _table_cell(value: Any, column: Column) -> Any:
    from rich.console import Group
    from rich.progress_bar import ProgressBar
    from rich.text import Text

    if column.bar and isinstance(value, (int, float)):
        return Group(ProgressBar(total=100, completed=float(value), width=16), Text(f"{value:.1f}%"))
    return Text(_plain_cell(value))


def _plain_cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    return "" if value is None else cell_text(str(value))


def emit(listing: Listing, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(to_json(listing.records))
    elif fmt == "csv":
        out.write(to_csv(listing))
    elif fmt == "table":
        print_table(listing, out)
    else:
        out.write(to_plain(listing))
