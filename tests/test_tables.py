"""Tables at the widths people's terminals have (80 and 120 columns): no cell splits a date,
an id or a unit name, a line never starts with 、, and every percentage shows beside its bar.

Each table is compared with the plain listing of the same command: a token that the plain
listing shows n times must appear whole, n times, on the table's lines."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers_cli import DATA, read_terminal, run, width

WIDTHS = (80, 120)
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TASK_ID = re.compile(r"(?<![\d.])\d\.\d{1,2}\.\d{1,2}(?![\d.])")
PERCENT = re.compile(r"\d+\.\d%")


def short_names() -> list[str]:
    units = yaml.safe_load((DATA / "departments.yaml").read_text(encoding="utf-8"))["units"]
    # a short name that is part of the full one: a table may show either, and both contain it
    return sorted({u["short"] for u in units if u.get("short") and u["short"] in u["name"]}, key=len, reverse=True)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("tables") / "ws"
    assert run("init", str(ws)).exit_code == 0
    for task, unit, status, percent, date in [
        ("4.1.1", "应急局", "推进中", "45", "2025-06-20"),
        ("4.5.2", "住建局", "已完成", "100", "2025-06-25"),  # clause 4.5 names 县住建局: its done counts
        ("5.3.2", "县消防救援大队", "推进中", "30", "2025-06-28"),
        ("1.1.2", "崇文镇", "推进中", "60", "2025-06-29"),
    ]:
        args = ["--data", str(ws), "update", task, "--dept", unit, "--status", status, "--percent", percent, "--date", date]
        assert run(*args).exit_code == 0
    return ws


COMMANDS = [
    ["list"],
    ["list", "--dept", "县消防救援大队"],
    ["due", "--as-of", "2025-05-01"],
    ["dept"],
    ["dept", "应急局"],
    ["progress", "--as-of", "2025-09-30"],
    ["progress", "--by", "dept", "--as-of", "2025-09-30"],
    ["progress", "--section", "4", "--as-of", "2025-09-30"],
    ["progress", "--section", "1", "--as-of", "2025-09-30"],
    ["progress", "--dept", "应急局", "--as-of", "2025-09-30"],
    ["history", "4.1.1"],
]


def table(ws: Path, columns: int, *args: str, lang: str = "zh") -> list[str]:
    result = run("--lang", lang, "--data", str(ws), *args, "--format", "table", env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def plain(ws: Path, *args: str, lang: str = "zh") -> list[str]:
    result = run("--lang", lang, "--data", str(ws), *args, "--format", "plain")
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def occurrences(lines: list[str], token: str) -> int:
    return sum(line.count(token) for line in lines)


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_cell_splits_a_token_and_the_table_fits(workspace: Path, args: list[str], columns: int, lang: str) -> None:
    lines = table(workspace, columns, *args, lang=lang)
    reference = plain(workspace, *args, lang=lang)
    assert all(width(line) <= columns for line in lines), "\n".join(lines)
    text = "\n".join(reference)
    tokens = set(DATE.findall(text)) | set(TASK_ID.findall(text)) | {n for n in short_names() if n in text}
    assert tokens or (args[:1] == ["progress"] and len(args) == 3), "the listing has no token to check"
    for token in tokens:
        assert occurrences(lines, token) >= occurrences(reference, token), f"{token!r} split\n" + "\n".join(lines)
    for line in lines:  # a cell's line never starts with a separator or a closing bracket
        for cell in line.strip("│┃").split("│"):
            assert not cell.strip().startswith(("、", "，", "）", "”")), line


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("args", [["progress"], ["progress", "--by", "dept"]], ids=lambda a: " ".join(a))
def test_every_percentage_is_shown_beside_its_bar(workspace: Path, args: list[str], columns: int) -> None:
    lines = table(workspace, columns, *args, "--as-of", "2025-09-30")
    records = json.loads(run("--data", str(workspace), *args, "--as-of", "2025-09-30", "--format", "json").stdout)
    key = "closed_share" if "closed_share" in records[0] else "done_share"
    shares = [f"{r[key]:.1f}%" for r in records]
    if "dept" in args:
        assert any(s != "0.0%" for s in shares)  # some progress: not only zeros to find
    bar_lines = [line for line in lines if "█" in line or "░" in line]
    assert len(bar_lines) == len(records)
    for line, share in zip(bar_lines, shares, strict=True):
        assert re.search(rf"[█░]+ {re.escape(share)}", line), line


def test_a_matrix_too_wide_for_80_columns_comes_in_parts_with_a_hint(workspace: Path) -> None:
    lines = table(workspace, 80, "progress", "--section", "5", "--as-of", "2025-09-30")
    headers = [line for line in lines if line.startswith("┃")]
    assert len([h for h in headers if "任务编号" in h]) >= 2  # several parts, each with the task column
    assert "--format csv" in lines[-1] or any("--format csv" in line for line in lines[-3:])
    assert all(width(line) <= 80 for line in lines)
    wide = table(workspace, 400, "progress", "--section", "5", "--as-of", "2025-09-30")
    assert not any("--format csv" in line for line in wide)  # a table that fits needs no hint


def test_long_unit_names_are_shortened_before_anything_wraps(workspace: Path) -> None:
    at80 = "\n".join(table(workspace, 80, "progress", "--by", "dept", "--as-of", "2025-09-30"))
    at400 = "\n".join(table(workspace, 400, "progress", "--by", "dept", "--as-of", "2025-09-30"))
    assert "县消防救援大队" in at400  # wide enough: the full name
    assert "县消防救援大队" not in at80
    assert "消防救援大队" in at80


def test_a_table_too_wide_shortens_unit_names_but_never_a_title_or_quote(workspace: Path) -> None:
    # 县人民政府 (short 县政府) stands inside the notice's title: the title is the notice's words
    lines = table(workspace, 80, "notices")
    header = next(line for line in lines if "标题" in line).split("┃")
    at = next(i for i, cell in enumerate(header) if "标题" in cell)
    first_page = lines[: next(i for i, line in enumerate(lines) if line.startswith("└"))]  # the table comes in parts
    title = "".join(line.split("│")[at].strip() for line in first_page if line.startswith("│"))  # the cell, its lines joined
    assert title == "陵川县人民政府关于做好2025年安全生产工作的通知"


def test_english_unit_table_has_distinct_column_names(workspace: Path) -> None:
    header = plain(workspace, "progress", "--by", "dept", "--as-of", "2025-09-30", lang="en")[0]
    names = [c.strip() for c in header.split("\t")]
    assert len({n.lower() for n in names}) == len(names), names


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")
def test_on_a_real_80_column_terminal(workspace: Path) -> None:
    """No COLUMNS: rich reads the width from the terminal itself, as in a tmux pane of 80."""
    import fcntl
    import pty
    import struct
    import termios

    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR") and (not k.startswith("ANQUAN_") or k == "ANQUAN_CACHE_DIR")}
    env["TERM"] = "xterm"
    args = ["--data", str(workspace), "progress", "--by", "dept", "--as-of", "2025-09-30"]
    proc = subprocess.Popen([sys.executable, "-m", "anquan_cli", *args], stdout=secondary, stderr=subprocess.PIPE, env=env)
    os.close(secondary)
    output = read_terminal(primary)  # while it writes: a pseudo-terminal's buffer is small
    assert proc.wait(timeout=60) == 0
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output.decode("utf-8")).replace("\r", "")
    lines = text.splitlines()
    assert lines[0].startswith("┏")  # a table: stdout is a terminal
    assert all(width(line) <= 80 for line in lines), text
    assert len([line for line in lines if re.search(r"[█░]+ \d+\.\d%", line)]) == len(json.loads(run(*args, "--format", "json").stdout))
    for name in short_names():
        if name in "".join(plain(workspace, "progress", "--by", "dept", "--as-of", "2025-09-30")):
            assert name in text, name


class _Terminal:
    """A text stream that says it is a terminal, as rich sees one: colours and styles on."""

    def __init__(self) -> None:
        import io

        self.buffer = io.StringIO()

    def write(self, text: str) -> int:
        return self.buffer.write(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rows_put_in_rich_s_frame_are_what_rich_draws(workspace: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    """render._print_rows draws a table's rows without rich's per-cell rendering: the bytes
    are those rich draws, styles included, for every listing at every width."""
    from anquan_cli import render

    listings: list[render.Listing] = []
    real = render.print_table
    monkeypatch.setattr(render, "print_table", lambda listing, out, **kw: listings.append(listing) or real(listing, out, **kw))
    for args in COMMANDS:
        table(workspace, 120, *args, lang=lang)
    assert len(listings) == len(COMMANDS)
    monkeypatch.setattr(render, "print_table", real)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    fast_drawn = 0
    drawn_here: list[bool] = []
    real_rows = render._print_rows
    monkeypatch.setattr(render, "_print_rows", lambda *a: drawn_here.append(real_rows(*a)) or drawn_here[-1])
    for listing in listings:
        for columns in (60, 80, 120, 200):
            drawn = {}
            for fast in (True, False):
                monkeypatch.setattr(render, "FAST_ROWS", fast)
                out = _Terminal()
                render.print_table(listing, out, width=columns)  # type: ignore[arg-type]
                drawn[fast] = out.buffer.getvalue()
            assert drawn[True] == drawn[False], (listing.title, columns)
            fast_drawn += "\x1b[1m" in drawn[True] and "│" in drawn[True]
    assert fast_drawn > len(listings)  # styled, framed tables, drawn both ways
    assert sum(drawn_here) > len(listings)  # most pages were put in the frame, not drawn by rich


def test_a_long_lived_process_keeps_no_cell_laid_out_for_a_table_it_has_drawn() -> None:
    """render._WRAPPED lays out a repeated cell once within a table; a process that draws many
    tables of other texts (a server, a test run) must not keep every one of them."""
    import io

    from anquan_cli import render

    columns = [render.Column("task", "编号"), render.Column("title", "名称"), render.Column("units", "单位")]
    drawn = []
    for n in range(300):
        rows = [{"task": f"{n}.{i}", "title": f"第{n}张表第{i}行的一段需要折行的较长文字", "units": "县应急局、县住建局"} for i in range(5)]
        out = io.StringIO()
        render.print_table(render.Listing(columns, rows, []), out, width=40)
        drawn.append(out.getvalue())
    assert all(f"{n}.4" in text for n, text in enumerate(drawn))  # every table was drawn, its cells wrapped
    assert len(render._WRAPPED) <= 5 * len(columns)  # at most one table's cells, not 300 tables'
