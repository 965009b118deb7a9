"""`due` of every unit from what the index keeps: each task's due cells (views.due_cells, kept
with the catalogue's parts) and its occurrences' statuses as of the day (kept per day and task,
forgotten with the figures). The listing must be what it is without the index, after any write."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from anquan_cli import status, views
from anquan_cli.catalogue import load_catalogue, shipped_data_dir
from helpers_cli import ok, run
from test_index_figures import MANY_DAYS, REPO, append, every_kind_of_write, generated, index_path, kept_counts, season  # noqa: F401  (a fixture)
from test_index_figures import ws as ws

# Windows and filters of the listing: the kept path serves those without --dept and --tag
WINDOWS = [
    ("--before", "2025-06-30"),
    ("--before", "2025-12-31", "--after", "2025-07-01"),
    ("--within", "45"),
    ("--overdue",),
    ("--after", "2025-09-01"),
    (),
]


def due_same(ws: Path, *more: str, lang: str = "zh") -> str:
    """`due` with the index and without it: asserted the same (status, output, messages); its output."""
    command = ["--lang", lang, "--data", str(ws), "due", *more]
    indexed, plain = run(*command), run("--no-cache", *command)
    assert (indexed.exit_code, indexed.stdout, indexed.stderr) == (plain.exit_code, plain.stdout, plain.stderr), command
    return indexed.stdout


def kept(ws: Path, cache_dir: Path) -> tuple[int, ...]:
    """How many tasks have their due cells kept, and how many occurrence statuses are kept (any day)."""
    return kept_counts(ws, cache_dir, "due_cells", "occurrence_states")


def test_due_is_the_same_with_and_without_the_index_through_a_season(ws: Path) -> None:
    def same(units: list[str]) -> None:
        for day in ("2025-05-01", "2025-08-15", dt.date.today().isoformat()):
            for window in WINDOWS:
                due_same(ws, *window, "--as-of", day)
            due_same(ws, "--before", "2025-12-31", "--as-of", day, "--format", "json")
            due_same(ws, "--before", "2025-12-31", "--as-of", day, "--dept", units[0])  # a unit's own: not from the kept rows
        due_same(ws, "--before", "2025-12-31", "--as-of", "2025-08-15", lang="en")
        due_same(ws, "--before", "2025-12-31", "--as-of", "2025-08-15", "--format", "csv")

    season(ws, same)
    tasks_file = ws / "tasks.yaml"
    cat = load_catalogue(ws)
    dated = next(t for t in cat.tasks.values() if t.occurrences)
    text = tasks_file.read_text(encoding="utf-8")
    assert text.count(f'title: "{dated.task.title}"') == 1
    tasks_file.write_text(text.replace(f'title: "{dated.task.title}"', f'title: "{dated.task.title}（修订）"'), encoding="utf-8")
    assert f"{dated.task.title}（修订）"[:20] in due_same(ws, "--as-of", "2025-05-01")  # a new catalogue: its cells, not the old ones


def test_dues_cells_and_statuses_are_kept_and_read_back_without_working_them_out(ws: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = due_same(ws, "--as-of", "2025-08-15")
    dated = sum(1 for t in load_catalogue(ws).tasks.values() if t.occurrences)
    cells, statuses = kept(ws, cache_dir)
    assert cells >= dated  # the listing's, and those --no-cache left (none: it writes nothing)
    assert statuses >= dated

    def never_again(*args: object) -> None:
        raise AssertionError("worked out again")

    with monkeypatch.context() as patched:
        patched.setattr(views, "due_cells", never_again)
        patched.setattr(status, "occurrence_statuses", never_again)
        assert ok("--data", str(ws), "due", "--as-of", "2025-08-15") == first
        windowed = ok("--data", str(ws), "due", "--before", "2025-06-30", "--as-of", "2025-08-15")  # fewer tasks, all kept
    assert windowed == due_same(ws, "--before", "2025-06-30", "--as-of", "2025-08-15")

    asked: list[str] = []
    statuses_of = status.occurrence_statuses

    def counted(task: object, state: object) -> object:
        asked.append(getattr(task, "id", ""))
        return statuses_of(task, state)  # type: ignore[arg-type]

    cat = load_catalogue(ws)
    target = next(t for t in cat.tasks.values() if t.occurrences and t.kind == "dated")
    unit = next(p.stem for p in sorted((ws / "progress").glob("*.yaml")) if p.stem in target.reporters)
    appended = append(ws, unit, task=target.id, status="已完成", percent=100, date="2025-08-01", recorded_at="2025-08-01T10:00:00+08:00")
    with monkeypatch.context() as patched:
        patched.setattr(status, "occurrence_statuses", counted)
        patched.setattr(views, "due_cells", never_again)  # the catalogue did not change
        after = ok("--data", str(ws), "due", "--as-of", "2025-08-15")
    assert asked == [appended]  # the one task the new line is about
    assert after == due_same(ws, "--as-of", "2025-08-15")


def test_due_is_the_same_with_and_without_the_index_after_every_kind_of_write(tmp_path: Path, cache_dir: Path) -> None:
    # the shipped catalogue: dated, recurring (each half on its own), 力争 goals (never overdue),
    # contingent duties triggered, in both languages, on more days than the index keeps
    cat = load_catalogue(shipped_data_dir())
    assert any(not o.firm for t in cat.tasks.values() for o in t.occurrences)  # a 力争 goal is listed, never overdue
    assert any(o.key for t in cat.tasks.values() for o in t.occurrences)  # a period of a recurring duty

    ws = tmp_path / "ws"

    def same(days: list[str]) -> None:
        for lang in ("zh", "en"):
            for day in days:
                due_same(ws, "--as-of", day, lang=lang)
                due_same(ws, "--overdue", "--as-of", day, lang=lang)
                due_same(ws, "--before", "2025-09-30", "--as-of", day, "--format", "json", lang=lang)

    assert every_kind_of_write(tmp_path, same) == ws
    assert "◇" in due_same(ws, "--as-of", "2025-08-15")  # the 分工方案's parts, not the cells kept before
    same(MANY_DAYS)
    assert kept(ws, cache_dir)[0] == sum(1 for t in cat.tasks.values() if t.occurrences)  # the listings compared were read from what is kept


@pytest.mark.parametrize(
    ("table", "kept_value"),
    [
        ("due_cells", "not json"),
        ("due_cells", '["too", "few"]'),
        ("due_cells", '["1.1.1", "1.1", "t", "u", ["x"], [1, 1, 1], false, false, [["2025-06-30", "", true, "p", "p", 7]]]'),
        ("due_cells", '["1.1.1", "1.1", "t", "u", ["x"], ["1"], false, false, []]'),
        ("occurrence_states", "not json"),
        ("occurrence_states", '{"": ["finished", null]}'),
        ("occurrence_states", '{"": ["done", "3"]}'),
        ("occurrence_states", "[]"),
    ],
)
def test_kept_due_rows_that_are_not_what_anquan_wrote_are_worked_out_and_written_again(ws: Path, cache_dir: Path, table: str, kept_value: str) -> None:
    first = due_same(ws, "--as-of", "2025-08-15")
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        column = "cells" if table == "due_cells" else "statuses"
        if table == "due_cells":
            db.execute("UPDATE due_cells SET cells = ? WHERE position = (SELECT min(position) FROM due_cells)", (kept_value,))
        else:
            assert db.execute("SELECT count(*) FROM figure_days").fetchone() == (1,)
            db.execute("UPDATE occurrence_states SET statuses = ?", (kept_value,))  # every task's
    db.close()
    assert ok("--data", str(ws), "due", "--as-of", "2025-08-15") == first
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        again = {value for (value,) in db.execute(f"SELECT {column} FROM {table}")}
    db.close()
    assert kept_value not in again


def _first_row(db: sqlite3.Connection) -> tuple[int, list[object]]:
    """The position and the cells of the first task whose due cells are kept and that has a time limit."""
    import json

    for position, text in db.execute("SELECT position, cells FROM due_cells ORDER BY position"):
        cells = json.loads(text)
        if cells[-1]:
            return position, cells
    raise AssertionError("no dated task's cells kept")


def _with_due(cells: list[object], due: str) -> list[object]:
    occurrences = [list(o) for o in cells[-1]]  # type: ignore[union-attr]
    occurrences[0][0] = due
    return [*cells[:-1], occurrences]


def _other_tasks(db: sqlite3.Connection, position: int, cells: list[object]) -> list[object]:
    import json

    [(text,)] = db.execute("SELECT cells FROM due_cells WHERE position > ? AND cells LIKE '%\"20%' ORDER BY position LIMIT 1", (position,))
    return list(json.loads(text))


# a kept row changed so that its shape is still right: each must be refused (worked out again)
# and never crash or change the listing
TAMPERED_CELLS = {
    "a time limit not a date": lambda db, position, cells: _with_due(cells, "2025-6-30"),
    "a time limit not in ISO form": lambda db, position, cells: _with_due(cells, "20250630"),  # what fromisoformat also reads
    "another task's cells": _other_tasks,
}


@pytest.mark.parametrize("tamper", list(TAMPERED_CELLS))
def test_kept_due_cells_of_the_right_shape_but_not_the_tasks_are_worked_out_again(ws: Path, cache_dir: Path, tamper: str) -> None:
    import json

    first = due_same(ws, "--as-of", "2025-08-15")
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        position, cells = _first_row(db)
        changed = json.dumps(TAMPERED_CELLS[tamper](db, position, cells), ensure_ascii=False)
        if tamper == "another task's cells":
            assert views.read_due_cells(str(json.loads(changed)[0]), json.loads(changed)) is not None  # the shape alone does not tell
        db.execute("UPDATE due_cells SET cells = ? WHERE position = ?", (changed, position))
    db.close()
    result = run("--data", str(ws), "due", "--as-of", "2025-08-15")
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", first)
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        [(again,)] = db.execute("SELECT cells FROM due_cells WHERE position = ?", (position,))
    db.close()
    assert json.loads(again) == cells  # written again as anquan writes it


@pytest.mark.parametrize("table", ["due_cells", "occurrence_states"])
def test_kept_due_rows_nested_too_deep_to_decode_are_worked_out_again(ws: Path, cache_dir: Path, table: str) -> None:
    first = due_same(ws, "--as-of", "2025-08-15")
    deep = "[" * 100_000 + "]" * 100_000  # JSON, but deeper than Python's decoder recurses
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        if table == "due_cells":
            db.execute("UPDATE due_cells SET cells = ? WHERE position = (SELECT min(position) FROM due_cells)", (deep,))
        else:
            db.execute("UPDATE occurrence_states SET statuses = ? WHERE task = (SELECT min(task) FROM occurrence_states)", (deep,))
    db.close()
    result = run("--data", str(ws), "due", "--as-of", "2025-08-15")
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", first)


def test_kept_statuses_of_another_task_are_worked_out_again(ws: Path, cache_dir: Path) -> None:
    """A task's kept statuses whose occurrences are not the task's (another task's row, a
    batch read out of step) are refused, not read as 'not started'."""
    import json

    first = due_same(ws, "--as-of", "2025-08-15")
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        rows = dict(db.execute("SELECT task, statuses FROM occurrence_states"))
        periodic = next(t for t, text in rows.items() if '""' not in text and any(s != "not_started" for s, _ in json.loads(text).values()))
        dated = next(t for t, text in rows.items() if text.startswith('{"": '))
        db.execute("UPDATE occurrence_states SET statuses = ? WHERE task = ?", (rows[dated], periodic))
    db.close()
    assert ok("--data", str(ws), "due", "--as-of", "2025-08-15") == first
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        [(again,)] = db.execute("SELECT statuses FROM occurrence_states WHERE task = ?", (periodic,))
    db.close()
    assert json.loads(again) == json.loads(rows[periodic])


def test_due_is_the_same_with_and_without_the_index_across_notices_and_workspace_edits(tmp_path: Path) -> None:
    """What the kept cells rest on besides tasks.yaml: a second notice (its ids, its place in
    notices.yaml: the order), an alias renamed, a unit renamed, a 分工方案 added and removed,
    supervision.yaml changed, an entry dated after today (skipped, and said so); on days before
    and after today, in both languages."""
    from test_notices import FLOOD

    ws = tmp_path / "ws"
    ok("init", str(ws))
    ok("--lang", "zh", "draft", str(FLOOD), "--into", str(ws), "--alias", "防汛", "--home-alias", "安全")
    later = (dt.date.today() + dt.timedelta(days=400)).isoformat()

    def same(check: str) -> None:
        for lang in ("zh", "en"):
            for day in ("2025-05-20", "2025-08-15", later):
                listed = due_same(ws, "--as-of", day, lang=lang)
                due_same(ws, "--before", "2025-12-31", "--as-of", day, "--format", "json", lang=lang)
                due_same(ws, "--overdue", "--as-of", day, lang=lang)
        assert check in listed, check

    same("防汛:1.1.1")
    ok("--data", str(ws), "update", "防汛:1.1.1", "--dept", "应急局", "--status", "已完成", "--date", "2025-05-10")
    ok("--data", str(ws), "update", "安全:1.1.3", "--dept", "财政局", "--status", "推进中", "--percent", "40", "--date", "2025-05-12")
    same("防汛:1.1.1")
    listing = ws / "notices.yaml"
    text = listing.read_text(encoding="utf-8")
    home, flood = "  - alias: 安全\n    dir: .\n", "  - alias: 防汛\n    dir: notices/fangxun\n"
    assert home + flood in text
    listing.write_text(text.replace(home + flood, flood + home), encoding="utf-8")  # the flood notice's tasks first
    same("防汛:1.1.1")
    listing.write_text(listing.read_text(encoding="utf-8").replace("alias: 防汛", "alias: 汛期"), encoding="utf-8")
    same("汛期:1.1.1")
    units = ws / "departments.yaml"
    text = units.read_text(encoding="utf-8")
    assert text.count("name: 崇文镇,") == 1
    units.write_text(text.replace("name: 崇文镇,", "name: 崇文镇（更名）,"), encoding="utf-8")  # a unit the notice does not name (a listing shows its group)
    same("各乡镇人民政府")
    shutil.copy(REPO / "data" / "examples" / "assignments.yaml", ws / "assignments.yaml")
    same("◇")
    (ws / "assignments.yaml").unlink()
    same("1.1.3")
    supervision = ws / "supervision.yaml"
    supervision.write_text(supervision.read_text(encoding="utf-8").replace("due_day: 25", "due_day: 20"), encoding="utf-8")
    same("1.1.3")
    append(ws, "caizheng", task="安全:1.1.3", status="已完成", percent=100, date=later, recorded_at=f"{later}T09:00:00+08:00")
    same("1.1.3")
