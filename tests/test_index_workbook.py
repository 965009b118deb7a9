"""The workbook of every task (`export --format xlsx`, no --dept, no --unit-sheets) from what the
index keeps: each task's row as the csv's (export.task_rows) and the figures of `progress` and
`progress --by dept` (sections, units, 预警). Byte for byte the workbook made without the index."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from anquan_cli import export, report, warning_rules
from anquan_cli.catalogue import load_catalogue
from helpers_cli import ok, run
from test_index_figures import MANY_DAYS, append, every_kind_of_write, generated, kept_rows, only_the_appended_task_worked_out, season  # noqa: F401  (a fixture)
from test_index_figures import ws as ws


def book_same(ws: Path, out: Path, *options: str, lang: str = "zh") -> bytes:
    """`export --format xlsx OPTIONS` with the index and without it: asserted byte for byte the same."""
    made = []
    for cache in ([], ["--no-cache"]):
        path = out / f"book{len(made)}.xlsx"
        path.unlink(missing_ok=True)
        result = run("--lang", lang, *cache, "--data", str(ws), "export", "--format", "xlsx", "-o", str(path), *options)
        assert result.exit_code == 0, result.output
        made.append(path.read_bytes())
    assert made[0] == made[1], options
    return made[0]


def test_the_workbook_is_the_same_with_and_without_the_index_through_a_season(ws: Path, tmp_path: Path) -> None:
    today = dt.date.today().isoformat()

    def same(units: list[str]) -> None:
        for day in ("2025-05-01", "2025-08-15", today):
            book_same(ws, tmp_path, "--as-of", day)
            book_same(ws, tmp_path, "--as-of", day, "--dept", units[0])  # a unit's workbook: from the states
        book_same(ws, tmp_path, "--as-of", "2025-08-15", lang="en")
        book_same(ws, tmp_path, "--as-of", "2025-08-15", "--unit-sheets")

    season(ws, same)
    tasks_file = ws / "tasks.yaml"
    title = next(line for line in tasks_file.read_text(encoding="utf-8").splitlines() if line.startswith("        title: "))
    tasks_file.write_text(tasks_file.read_text(encoding="utf-8").replace(title, title[:-1] + '（修订）"', 1), encoding="utf-8")
    (tmp_path / "new.xlsx").write_bytes(book_same(ws, tmp_path, "--as-of", "2025-08-15"))
    ledger = openpyxl.load_workbook(tmp_path / "new.xlsx", read_only=True).worksheets[0]
    assert any("（修订）" in str(cell) for row in ledger.iter_rows(values_only=True) for cell in row)  # a new catalogue's cells


def test_the_workbook_is_the_same_with_and_without_the_index_after_every_kind_of_write(tmp_path: Path, cache_dir: Path) -> None:
    out = tmp_path / "books"
    out.mkdir()

    def same(days: list[str]) -> None:
        for day in days:
            book_same(tmp_path / "ws", out, "--as-of", day)
        book_same(tmp_path / "ws", out, "--as-of", days[-1], lang="en")

    ws = every_kind_of_write(tmp_path, same)
    same(MANY_DAYS)  # with the 分工方案 the last step added
    assert kept_rows(ws, cache_dir)[0] == len(load_catalogue(ws).tasks)  # the workbooks compared were made from the rows kept


def test_the_workbooks_rows_and_figures_are_kept_and_read_back_without_working_them_out(
    ws: Path, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = book_same(ws, tmp_path, "--as-of", "2025-08-15")
    tasks = len(load_catalogue(ws).tasks)
    assert kept_rows(ws, cache_dir) == (tasks, tasks)

    def never_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("worked out again")

    path = tmp_path / "kept.xlsx"
    with monkeypatch.context() as patched:
        for module, name in [(export, "task_summary"), (export, "catalogue_cells"), (report, "unit_progress"), (warning_rules, "evaluate")]:
            patched.setattr(module, name, never_again)
        ok("--data", str(ws), "export", "--format", "xlsx", "--as-of", "2025-08-15", "-o", str(path))
    assert path.read_bytes() == first

    path.unlink()
    only_the_appended_task_worked_out(ws, monkeypatch, lambda: ok("--data", str(ws), "export", "--format", "xlsx", "--as-of", "2025-08-15", "-o", str(path)))
    assert path.read_bytes() == book_same(ws, tmp_path, "--as-of", "2025-08-15")


def read_through_the_index(ws: Path, out: Path) -> bytes:
    """`export --format xlsx --as-of 2025-08-15` through the index: its workbook, asserted made
    without a word on stderr (a kept value refused is worked out again, in silence)."""
    path = out / "indexed.xlsx"
    result = run("--data", str(ws), "export", "--format", "xlsx", "--as-of", "2025-08-15", "-o", str(path))
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return path.read_bytes()


# a kept task state changed in the index file: each must be refused (worked out and written
# again), never crash the export or change the workbook
TAMPERED_STATES = {
    "a deadline not a date": "due = '2025-6-30'",
    "a deadline not in ISO form": "due = replace(due, '-', '')",  # what fromisoformat also reads
    "a status anquan has not": "status = 'finished'",
    "a percent not a number": "percent = 'abc'",
    "a percent past 100": "percent = 1e400",
    "overdue not 0 or 1": "overdue = 'x'",
}


@pytest.mark.parametrize("tamper", list(TAMPERED_STATES))
def test_kept_task_states_that_are_not_what_anquan_wrote_are_worked_out_again(ws: Path, tmp_path: Path, cache_dir: Path, tamper: str) -> None:
    import sqlite3

    from test_index_figures import index_path

    first = book_same(ws, tmp_path, "--as-of", "2025-08-15")
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        kept = db.execute("SELECT task, status, overdue, percent, due FROM task_states WHERE due IS NOT NULL ORDER BY task LIMIT 1").fetchone()
        assert db.execute(f"UPDATE task_states SET {TAMPERED_STATES[tamper]} WHERE task = ?", (kept[0],)).rowcount == 1
    db.close()
    assert read_through_the_index(ws, tmp_path) == first
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        again = db.execute("SELECT task, status, overdue, percent, due FROM task_states WHERE task = ?", (kept[0],)).fetchone()
    db.close()
    assert again == kept  # written again as anquan writes it


def test_kept_catalogue_cells_of_another_task_are_worked_out_again(ws: Path, tmp_path: Path, cache_dir: Path) -> None:
    """A task's kept cells of the right shape but another task's (a row copied over it) are
    refused, as due's are, not shown on the task's row."""
    import sqlite3

    from test_index_figures import index_path

    first = book_same(ws, tmp_path, "--as-of", "2025-08-15")
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        [(mine,)] = db.execute("SELECT cells FROM task_cells WHERE position = 3")
        assert db.execute("UPDATE task_cells SET cells = (SELECT cells FROM task_cells WHERE position = 4) WHERE position = 3").rowcount == 1
    db.close()
    assert read_through_the_index(ws, tmp_path) == first
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        [(again,)] = db.execute("SELECT cells FROM task_cells WHERE position = 3")
    db.close()
    assert again == mine  # written again as anquan writes it


# a kept figure changed in the index file (the summary sheet's counts rest on them, as
# `progress` does): each must be refused, its task's figures worked out and written again
TAMPERED_FIGURES = {
    "a status anquan has not": ("figures", "status = 'finished'"),
    "a percent not a number": ("figures", "percent = 'abc'"),
    "a percent past 100": ("figures", "percent = 1e400"),
    "overdue not 0 or 1": ("figures", "overdue = 'x'"),
    "a unit's status anquan has not": ("unit_figures", "status = 'finished'"),
    "a unit's percent not a number": ("unit_figures", "percent = 'abc'"),
    "a unit's percent below 0": ("unit_figures", "percent = -5"),
    "a unit's overdue not 0 or 1": ("unit_figures", "overdue = 7"),
}


@pytest.mark.parametrize("tamper", list(TAMPERED_FIGURES))
def test_kept_figures_that_are_not_what_anquan_wrote_are_worked_out_again(ws: Path, tmp_path: Path, cache_dir: Path, tamper: str) -> None:
    import sqlite3

    from test_index_figures import index_path

    first = book_same(ws, tmp_path, "--as-of", "2025-08-15")
    by_dept = ok("--data", str(ws), "--no-cache", "progress", "--by", "dept", "--as-of", "2025-08-15")
    table, change = TAMPERED_FIGURES[tamper]
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        [(task, seq)] = db.execute(f"SELECT task, seq FROM {table} WHERE seq >= 0 ORDER BY task, seq LIMIT 1").fetchall()
        kept = db.execute(f"SELECT * FROM {table} WHERE task = ? AND seq = ?", (task, seq)).fetchall()
        assert db.execute(f"UPDATE {table} SET {change} WHERE task = ? AND seq = ?", (task, seq)).rowcount == 1
    db.close()
    assert read_through_the_index(ws, tmp_path) == first
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        again = db.execute(f"SELECT * FROM {table} WHERE task = ? AND seq = ?", (task, seq)).fetchall()
        assert db.execute(f"UPDATE {table} SET {change} WHERE task = ? AND seq = ?", (task, seq)).rowcount == 1
    db.close()
    assert again == kept  # written again as anquan writes it
    assert ok("--data", str(ws), "progress", "--by", "dept", "--as-of", "2025-08-15") == by_dept  # the figures by unit read apart
