"""The completion figures the index keeps per day (index_figures.py): always those the roll-up
gives, after any change to the log, and worked out again only for the tasks a change touched."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from anquan_cli import index_figures, status
from anquan_cli.catalogue import load_catalogue
from anquan_cli.index import IndexedData
from anquan_cli.progress import load_progress
from anquan_cli.report import Card, TaskFigures, count_figures, figures_by_unit, task_figures, unit_task_figures
from helpers_cli import ok, run

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "benchmarks" / "make_workspace.py"
TODAY = dt.date(2025, 9, 1)  # some generated entries are dated after it: they do not count
DAYS = [dt.date(2025, 4, 20), dt.date(2025, 5, 1), dt.date(2025, 8, 15), dt.date(2025, 12, 31)]

Figures = dict[str, TaskFigures]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "ws"
    command = [sys.executable, str(GENERATOR), "--tasks", "300", "--units", "12", "--progress", "3000", "--seed", "7", str(out)]
    subprocess.run(command, capture_output=True, text=True, check=True)
    return out


@pytest.fixture
def ws(generated: Path, tmp_path: Path) -> Path:
    path = tmp_path / "ws"
    shutil.copytree(generated, path)
    return path


def expected(ws: Path, day: dt.date, today: dt.date = TODAY) -> Figures:
    """The figures of every task as status.rollup gives them, from the files."""
    cat = load_catalogue(ws)
    states = status.rollup(cat, load_progress(ws, cat, today=today), day)
    return {t: (task_figures(states[t]), unit_task_figures(states[t])) for t in cat.tasks}


class Asked:
    """A work_out for day_figures that records which tasks it was asked for."""

    def __init__(self, ws: Path, day: dt.date, today: dt.date = TODAY) -> None:
        self.figures = expected(ws, day, today)
        self.asked: list[list[str]] = []

    def __call__(self, missing: list[str]) -> Figures:
        self.asked.append(missing)
        return {t: self.figures[t] for t in missing}


def figures(ws: Path, cache_dir: Path, day: dt.date, work_out: Callable[[list[str]], Figures], today: dt.date = TODAY) -> Figures:
    """What a command reads: the index brought up to date with the files, then the figures."""
    data = IndexedData(ws, cache_dir, today=today)
    ids = list(data.catalogue().tasks)
    assert data.task_entries(day) is not None  # the log read through the index
    found = data.day_figures(day, ids, work_out, units=True)
    assert found is not None
    assert list(found) == ids
    data.save()
    return found


def never(missing: list[str]) -> Figures:
    raise AssertionError(f"worked out again: {missing[:5]}")


def index_path(ws: Path, cache_dir: Path) -> Path:
    path = IndexedData(ws, cache_dir).path
    assert path is not None
    return path


def append(ws: Path, unit: str, **fields: object) -> str:
    """A line added to a unit's file as another writer would add it (a git pull); its task."""
    path = ws / "progress" / f"{unit}.yaml"
    line = next(json.loads(t[2:]) for t in path.read_text(encoding="utf-8").splitlines() if t.startswith("- {"))
    line.update(fields)
    with path.open("a", encoding="utf-8") as f:
        f.write("- " + json.dumps(line, ensure_ascii=False) + "\n")
    task: str = line["task"]
    return task


def file_tasks(ws: Path, unit: str) -> set[str]:
    path = ws / "progress" / f"{unit}.yaml"
    return {json.loads(t[2:])["task"] for t in path.read_text(encoding="utf-8").splitlines() if t.startswith("- {")}


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_figures_kept_are_the_rollups_and_are_read_without_working_them_out(ws: Path, cache_dir: Path, day: dt.date) -> None:
    first = Asked(ws, day)
    assert figures(ws, cache_dir, day, first) == first.figures
    assert [len(m) for m in first.asked] == [len(first.figures)]  # every task, the first time
    assert figures(ws, cache_dir, day, never) == first.figures


def test_an_appended_line_forgets_the_figures_of_its_task_only(ws: Path, cache_dir: Path) -> None:
    day = dt.date(2025, 8, 15)
    figures(ws, cache_dir, day, Asked(ws, day))
    unit = sorted(p.stem for p in (ws / "progress").glob("*.yaml"))[0]
    task = append(ws, unit, status="推进中", percent=63, date="2025-08-01", recorded_at="2025-08-01T10:00:00+08:00")
    again = Asked(ws, day)
    assert figures(ws, cache_dir, day, again) == again.figures
    assert again.asked == [[task]]
    assert any(percent == 63.0 or status_word == "in_progress" for status_word, percent, _ in again.figures[task][0])


def test_an_update_forgets_the_figures_of_its_task_only(ws: Path, cache_dir: Path) -> None:
    day = dt.date(2025, 8, 15)
    figures(ws, cache_dir, day, Asked(ws, day))
    cat = load_catalogue(ws)
    task = next(t for t in cat.tasks.values() if t.kind == "dated" and t.reporters)
    unit = cat.units[task.reporters[0]].name
    ok("--data", str(ws), "update", task.id, "--dept", unit, "--status", "推进中", "--percent", "37", "--date", "2025-08-10")
    again = Asked(ws, day, today=dt.date.today())
    assert figures(ws, cache_dir, day, again, today=dt.date.today()) == again.figures
    assert again.asked in ([[task.id]], [list(again.figures)])  # a new today is a new key: all, once
    assert figures(ws, cache_dir, day, never, today=dt.date.today()) == again.figures


def test_a_file_read_again_forgets_the_figures_of_every_task_it_had_and_has(ws: Path, cache_dir: Path) -> None:
    day = dt.date(2025, 8, 15)
    figures(ws, cache_dir, day, Asked(ws, day))
    unit = sorted(p.stem for p in (ws / "progress").glob("*.yaml"))[1]
    path = ws / "progress" / f"{unit}.yaml"
    before = file_tasks(ws, unit)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("- {")] + [line for line in lines if line.startswith("- {")][::2]
    path.write_text("".join(kept), encoding="utf-8")  # every other entry gone: an edit, not an append
    again = Asked(ws, day)
    assert figures(ws, cache_dir, day, again) == again.figures
    assert len(again.asked) == 1
    assert set(again.asked[0]) <= before
    assert set(again.asked[0]) >= before - file_tasks(ws, unit)  # those that lost an entry, at least


def test_a_deleted_file_forgets_the_figures_of_its_tasks(ws: Path, cache_dir: Path) -> None:
    day = dt.date(2025, 12, 31)
    figures(ws, cache_dir, day, Asked(ws, day))
    unit = sorted(p.stem for p in (ws / "progress").glob("*.yaml"))[2]
    gone = file_tasks(ws, unit)
    (ws / "progress" / f"{unit}.yaml").unlink()
    again = Asked(ws, day)
    assert figures(ws, cache_dir, day, again) == again.figures
    assert [set(m) for m in again.asked] == [gone]


def test_a_catalogue_change_forgets_every_figure(ws: Path, cache_dir: Path) -> None:
    day = dt.date(2025, 8, 15)
    figures(ws, cache_dir, day, Asked(ws, day))
    with (ws / "tasks.yaml").open("a", encoding="utf-8") as f:
        f.write("# 改过：另一份目录\n")  # any change to a catalogue file is another catalogue
    again = Asked(ws, day)
    assert figures(ws, cache_dir, day, again) == again.figures
    assert [len(m) for m in again.asked] == [len(again.figures)]


def test_a_later_today_counts_the_entries_dated_up_to_it(ws: Path, cache_dir: Path) -> None:
    day = dt.date(2025, 12, 31)
    early = Asked(ws, day, today=TODAY)
    late = Asked(ws, day, today=day)
    assert early.figures != late.figures  # entries dated after TODAY count only the later day
    assert figures(ws, cache_dir, day, early, today=TODAY) == early.figures
    assert figures(ws, cache_dir, day, late, today=day) == late.figures
    assert figures(ws, cache_dir, day, never, today=TODAY) == early.figures


def test_figures_worked_out_while_another_run_changed_the_log_are_not_kept(ws: Path, cache_dir: Path) -> None:
    day = dt.date(2025, 8, 15)
    figures(ws, cache_dir, day, Asked(ws, day))
    unit = sorted(p.stem for p in (ws / "progress").glob("*.yaml"))[0]
    task = append(ws, unit, status="推进中", percent=41, date="2025-08-02", recorded_at="2025-08-02T10:00:00+08:00")
    stale = Asked(ws, dt.date(2025, 8, 15))
    stale.figures[task] = ((("not_started", 0.0, False),), ())  # what this run works out, before the other's line counts

    def meanwhile(missing: list[str]) -> Figures:
        found = stale(missing)
        other = IndexedData(ws, cache_dir, today=TODAY)
        append(ws, unit, status="推进中", percent=42, date="2025-08-03", recorded_at="2025-08-03T10:00:00+08:00")
        other.progress()  # another run reads the new line into the index meanwhile
        other.save()
        return found

    figures(ws, cache_dir, day, meanwhile)
    assert stale.asked == [[task]]
    fresh = Asked(ws, day)
    assert figures(ws, cache_dir, day, fresh) == fresh.figures  # worked out again: nothing stale was kept
    assert fresh.asked == [[task]]


def test_only_the_days_used_last_are_kept(ws: Path, cache_dir: Path) -> None:
    days = [dt.date(2025, 5, 1) + dt.timedelta(days=7 * i) for i in range(index_figures.DAYS_KEPT + 3)]
    for day in days:
        figures(ws, cache_dir, day, Asked(ws, day))
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        kept = sorted(dt.date.fromisoformat(d) for (d,) in db.execute("SELECT day FROM figure_days"))
        orphans = db.execute("SELECT count(*) FROM figures WHERE day NOT IN (SELECT id FROM figure_days)").fetchone()
    db.close()
    assert kept == days[-index_figures.DAYS_KEPT :]
    assert orphans == (0,)
    assert figures(ws, cache_dir, days[-1], never) == expected(ws, days[-1])


def season(ws: Path, same: Callable[[list[str]], None]) -> None:
    """`same(units)` after each kind of change to the log: twice at first (the second reads what
    the first kept), then after updates, a verification, a line pulled from git and a reopening,
    all on one dated task (`units`: the names of the units that report on it)."""
    cat = load_catalogue(ws)
    task = min((t for t in cat.tasks.values() if t.kind == "dated" and len(t.reporters) >= 2), key=lambda t: len(t.reporters))
    units = [cat.units[u].name for u in task.reporters]
    same(units)
    same(units)
    ok("--data", str(ws), "update", task.id, "--dept", units[0], "--status", "已完成", "--date", "2025-08-01")
    same(units)
    for unit in units[1:]:
        ok("--data", str(ws), "update", task.id, "--dept", unit, "--status", "已完成", "--date", "2025-08-02")
    ok("--data", str(ws), "verify", task.id, "--date", "2025-08-03")
    same(units)
    append(ws, sorted(p.stem for p in (ws / "progress").glob("*.yaml"))[3], date="2025-07-01", recorded_at="2025-07-01T09:00:00+08:00")
    same(units)
    ok("--data", str(ws), "reopen", task.id, "--note", "复查", "--date", "2025-08-04")
    same(units)


def test_progress_answers_the_same_with_and_without_the_index_through_a_season(ws: Path) -> None:
    """The command itself: progress by section and by unit, its figures and 预警 kept, after each kind of change."""
    today = dt.date.today().isoformat()

    def same(_: list[str]) -> None:
        for day in ("2025-05-01", "2025-08-15", today):
            for fmt in ("plain", "json"):
                for by in ("section", "dept"):
                    command = ["progress", "--by", by, "--as-of", day, "--format", fmt]
                    indexed, plain = run("--data", str(ws), *command), run("--data", str(ws), "--no-cache", *command)
                    assert (indexed.exit_code, indexed.stdout, indexed.stderr) == (plain.exit_code, plain.stdout, plain.stderr), command

    season(ws, same)


def verify_one(ws: Path, day: str) -> str:
    """A task every reporting unit reports done on `day`, verified the same day: its id."""
    cat = load_catalogue(ws)
    task = min((t for t in cat.tasks.values() if t.kind == "dated" and t.reporters), key=lambda t: len(t.reporters))
    for unit in task.reporters:
        ok("--data", str(ws), "update", task.id, "--dept", cat.units[unit].name, "--status", "已完成", "--date", day)
    ok("--data", str(ws), "verify", task.id, "--date", day)
    return task.id


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_index_sums_each_units_figures_as_python_counts_them(ws: Path, cache_dir: Path, day: dt.date) -> None:
    verified = verify_one(ws, "2025-04-15")
    asked = Asked(ws, day)
    assert any(fig[1] == "verified" for fig in asked.figures[verified][1])
    figures(ws, cache_dir, day, asked)
    data = IndexedData(ws, cache_dir, today=TODAY)
    assert data.task_entries(day) is not None
    tally = data.day_unit_tally(day)
    assert tally is not None
    counted = {unit: count_figures(items) for unit, items in figures_by_unit(by_unit for _, by_unit in asked.figures.values()).items()}
    assert set(tally) == set(counted)
    for unit, (n, not_started, in_progress, done, verified, overdue, percent_sum) in tally.items():
        c = counted[unit]
        assert (n, not_started, in_progress, done, verified, overdue) == (c.tasks, c.not_started, c.in_progress, c.done, c.verified, c.overdue)
        assert percent_sum / n == c.percent  # exact: whole percents sum alike in any order

    data.save()


def test_the_cards_are_kept_while_the_log_stays_as_it_is(ws: Path, cache_dir: Path) -> None:
    day = dt.date(2025, 8, 15)
    calls: list[int] = []

    def cards(value: str) -> Callable[[], dict[str, Card]]:
        def work_out() -> dict[str, Card]:
            calls.append(1)
            return {"yingji": (value, ("理由一", "理由二"))}

        return work_out

    def read(work_out: Callable[[], dict[str, Card]]) -> dict[str, Card] | None:
        data = IndexedData(ws, cache_dir, today=TODAY)
        assert data.task_entries(day) is not None
        found = data.day_cards(day, work_out)
        data.save()
        return found

    assert read(cards("yellow")) == {"yingji": ("yellow", ("理由一", "理由二"))}
    assert read(cards("red")) == {"yingji": ("yellow", ("理由一", "理由二"))}  # kept
    assert len(calls) == 1
    append(ws, sorted(p.stem for p in (ws / "progress").glob("*.yaml"))[0], date="2025-08-01", recorded_at="2025-08-01T08:00:00+08:00")
    assert read(cards("red")) == {"yingji": ("red", ("理由一", "理由二"))}  # the log changed: worked out again
    assert len(calls) == 2


@pytest.mark.parametrize("kept", ["not json", "[]", '{"yingji": ["orange", []]}', '{"yingji": ["red", [1]]}', '{"yingji": ["red"]}', "[" * 100_000])
def test_kept_cards_that_are_not_what_anquan_wrote_are_worked_out_and_written_again(ws: Path, cache_dir: Path, kept: str) -> None:
    command = ["--data", str(ws), "progress", "--by", "dept", "--as-of", "2025-08-15"]
    first = ok(*command)
    path = index_path(ws, cache_dir)
    with sqlite3.connect(path) as db:
        assert db.execute("UPDATE day_cards SET cards = ?", (kept,)).rowcount == 1
    db.close()
    assert ok(*command) == first
    with sqlite3.connect(path) as db:
        [(again,)] = db.execute("SELECT cards FROM day_cards")
    db.close()
    assert again != kept


def test_cards_worked_out_from_entries_read_before_another_run_wrote_are_not_kept(ws: Path) -> None:
    """`progress --by dept` reads the log for the units' figures, then works out their 预警 from
    what it read: an update recorded by another run in between must not leave those 预警 kept
    as if they were the new log's."""
    from anquan_cli.cli import State

    day = dt.date(2025, 8, 15)
    cat = load_catalogue(ws)
    states = status.rollup(cat, load_progress(ws, cat, today=dt.date.today()), day)
    task, unit = next((t.id, u) for t in cat.tasks.values() if t.kind == "dated" for u, o in status.own_occurrences(states[t.id]) if o.overdue_days > 0)
    state = State(ws, "en")  # the index of English messages, as the runs below read
    state.unit_counts(day)  # this run's figures, from the log as it was
    ok("--lang", "en", "--data", str(ws), "update", task, "--dept", cat.units[unit].name, "--status", "已完成", "--date", "2025-08-01")  # another run
    state.cards(day)  # its 预警, from what it read before
    state.data.save()
    command = ["progress", "--by", "dept", "--as-of", day.isoformat(), "--format", "json"]
    indexed, plain = run("--lang", "en", "--data", str(ws), *command), run("--lang", "en", "--data", str(ws), "--no-cache", *command)
    assert indexed.exit_code == plain.exit_code == 0
    assert json.loads(indexed.stdout) == json.loads(plain.stdout)


def test_figures_a_run_worked_out_before_another_run_wrote_are_not_kept_after(ws: Path) -> None:
    """A run that works out a task's figures (its own entries only), then reads the figures
    again after another run changed that task (as `progress --by dept` does when the sum by
    unit finds a task forgotten meanwhile): what it worked out before must not be kept as
    the new log's figures."""
    from anquan_cli.cli import State

    day = dt.date(2025, 8, 15)
    command = ["progress", "--as-of", day.isoformat(), "--format", "json"]
    ok("--lang", "en", "--data", str(ws), *command)  # every task's figures kept
    unit = sorted(p.stem for p in (ws / "progress").glob("*.yaml"))[0]
    task = append(ws, unit, status="推进中", percent=11, date="2025-08-01", recorded_at="2025-08-01T10:00:00+08:00")
    state = State(ws, "en")  # the index of English messages, as the runs here read
    state.figures(day)  # this run works out that task's figures, from its entries
    cat = load_catalogue(ws)
    name = cat.units[unit].name
    ok("--lang", "en", "--data", str(ws), "update", task, "--dept", name, "--status", "推进中", "--percent", "77", "--date", "2025-08-02")  # another run
    state.unit_counts(day)  # reads the figures again: that task's are gone, worked out anew
    state.data.save()
    indexed, plain = run("--lang", "en", "--data", str(ws), *command), run("--lang", "en", "--data", str(ws), "--no-cache", *command)
    assert indexed.exit_code == plain.exit_code == 0
    assert json.loads(indexed.stdout) == json.loads(plain.stdout)


def test_the_section_rows_the_index_gives_add_up_as_the_figures_do(ws: Path, cache_dir: Path) -> None:
    """progress reads every task's figures with its section in one query: the same rows, in the
    same order, as the figures give; none while some task's figures are not kept."""
    from anquan_cli.report import section_rows, section_tallies

    day = dt.date(2025, 8, 15)
    asked = Asked(ws, day)
    figures(ws, cache_dir, day, asked)
    cat = load_catalogue(ws)
    data = IndexedData(ws, cache_dir, today=TODAY)
    assert data.task_entries(day) is not None
    rows = data.day_section_rows(day)
    data.save()
    assert rows is not None
    expected = list(section_rows(cat, {t: f for t, (f, _) in asked.figures.items()}, list(cat.tasks)))
    assert [tuple(r) for r in rows] == expected
    assert section_tallies(cat, rows) == section_tallies(cat, expected)
    unit = sorted(p.stem for p in (ws / "progress").glob("*.yaml"))[0]
    append(ws, unit, date="2025-08-01", recorded_at="2025-08-01T11:00:00+08:00")  # that task's figures are forgotten
    data = IndexedData(ws, cache_dir, today=TODAY)
    assert data.task_entries(day) is not None
    assert data.day_section_rows(day) is None
    assert data.day_unit_tally(day) is None
    assert data.fill_day_figures(day, Asked(ws, day))
    assert data.day_section_rows(day) is not None
    data.save()


# ── an export's rows: each task's catalogue cells and its own state as of a day ──


def csv_same(ws: Path, *more: str) -> str:
    """`export --format csv` with the index and without it: asserted the same; its output."""
    command = ["export", "--format", "csv", *more]
    indexed, plain = run("--data", str(ws), *command), run("--data", str(ws), "--no-cache", *command)
    assert (indexed.exit_code, indexed.stdout, indexed.stderr) == (plain.exit_code, plain.stdout, plain.stderr), command
    assert indexed.exit_code == 0, indexed.output
    return indexed.stdout


def kept_counts(ws: Path, cache_dir: Path, *tables: str) -> tuple[int, ...]:
    """How many rows each of the index's `tables` holds (a table kept per day: over every day)."""
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        counts = tuple(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables)
    db.close()
    return counts


def kept_rows(ws: Path, cache_dir: Path) -> tuple[int, ...]:
    """How many tasks have their export cells kept, and how many task states are kept (any day)."""
    return kept_counts(ws, cache_dir, "task_cells", "task_states")


def test_the_csv_export_is_the_same_with_and_without_the_index_through_a_season(ws: Path) -> None:
    def same(units: list[str]) -> None:
        for day in ("2025-05-01", "2025-08-15", dt.date.today().isoformat()):
            csv_same(ws, "--as-of", day)
            csv_same(ws, "--as-of", day, "--dept", units[0])  # a unit's own columns: not from the kept rows
        indexed = run("--lang", "en", "--data", str(ws), "export", "--format", "csv", "--as-of", "2025-08-15")
        plain = run("--lang", "en", "--data", str(ws), "--no-cache", "export", "--format", "csv", "--as-of", "2025-08-15")
        assert (indexed.stdout, indexed.stderr) == (plain.stdout, plain.stderr)

    season(ws, same)
    tasks_file = ws / "tasks.yaml"
    title = next(line for line in tasks_file.read_text(encoding="utf-8").splitlines() if line.startswith("        title: "))
    tasks_file.write_text(tasks_file.read_text(encoding="utf-8").replace(title, title[:-1] + '（修订）"', 1), encoding="utf-8")
    assert "（修订）" in csv_same(ws, "--as-of", "2025-08-15")  # a new catalogue: its cells, not the old ones


def test_the_csv_exports_rows_are_kept_and_read_back_without_working_them_out(ws: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from anquan_cli import export

    first = csv_same(ws, "--as-of", "2025-08-15")
    tasks = len(load_catalogue(ws).tasks)
    assert kept_rows(ws, cache_dir) == (tasks, tasks)

    def never_again(*args: object) -> None:
        raise AssertionError("worked out again")

    with monkeypatch.context() as patched:
        patched.setattr(export, "task_summary", never_again)
        patched.setattr(export, "catalogue_cells", never_again)
        assert ok("--data", str(ws), "export", "--format", "csv", "--as-of", "2025-08-15") == first

    after = only_the_appended_task_worked_out(ws, monkeypatch, lambda: ok("--data", str(ws), "export", "--format", "csv", "--as-of", "2025-08-15"))
    assert after == csv_same(ws, "--as-of", "2025-08-15")


_R = TypeVar("_R")


def only_the_appended_task_worked_out(ws: Path, monkeypatch: pytest.MonkeyPatch, export_once: Callable[[], _R]) -> _R:
    """`export_once()` after a line is appended to a unit's file (as a git pull adds one),
    asserted to work out the own state (export.task_summary) of that line's task only; what it gave."""
    from anquan_cli import export

    asked: list[str] = []
    summary = export.task_summary

    def counted(task: object, state: object, as_of: dt.date) -> object:
        asked.append(getattr(task, "id", ""))
        return summary(task, state, as_of)  # type: ignore[arg-type]

    unit = sorted(p.stem for p in (ws / "progress").glob("*.yaml"))[0]
    appended = append(ws, unit, status="推进中", percent=63, date="2025-08-01", recorded_at="2025-08-01T10:00:00+08:00")
    with monkeypatch.context() as patched:
        patched.setattr(export, "task_summary", counted)
        found = export_once()
    assert asked == [appended]  # the one task the new line is about
    return found


def every_kind_of_write(tmp_path: Path, same: Callable[[list[str]], None]) -> Path:
    """`same(days)` on the shipped catalogue as `anquan init` copies it (tasks of every kind), on
    more days than the index keeps (twice: the second reads what the first kept), and after each
    kind of write: updates, a verification, a reopening, a rejection, a correction, a withdrawal,
    a contingent duty triggered, a unit's workbook imported; then a 分工方案 is added, and the
    workspace returned for the caller's last checks."""
    from test_cli_import import fill

    ws = tmp_path / "ws"
    ok("init", str(ws))
    cat = load_catalogue(ws)
    many = MANY_DAYS
    assert len(many) > index_figures.DAYS_KEPT
    same(many)
    same(many)  # from what is kept (the first days forgotten since)
    task = next(t for t in cat.tasks.values() if t.kind == "dated" and len(t.reporters) >= 2)
    units = [cat.units[u].name for u in task.reporters]
    contingent = next(t for t in cat.tasks.values() if t.kind == "contingent")
    writes = [
        ("update", task.id, "--dept", units[0], "--status", "已完成", "--date", "2025-06-01"),
        *(("update", task.id, "--dept", unit, "--status", "已完成", "--date", "2025-07-02") for unit in units[1:]),
        ("verify", task.id, "--date", "2025-08-03"),
        ("reopen", task.id, "--note", "再查", "--date", "2025-08-04"),
        ("reject", task.id, "--note", "材料不全", "--dept", units[0], "--date", "2025-08-05"),
        ("correct", task.id, "--dept", units[1], "--status", "推进中", "--percent", "60", "--date", "2025-07-02"),
        ("withdraw", task.id, "--dept", units[1]),
        ("trigger", contingent.id, "--note", "发生较大事故", "--date", "2025-07-01"),
    ]
    for write in writes:
        ok("--data", str(ws), *write)
        if write[0] != "update" or write[3] in (units[0], units[-1]):
            same(["2025-07-01", "2025-08-15", "2026-01-01"])
    book = tmp_path / "book.xlsx"
    ok("--data", str(ws), "export", "--format", "xlsx", "--dept", "县住建局", "--as-of", "2025-05-01", "-o", str(book))
    rows: dict[str, dict[str, object]] = {
        "2.1.1": {"状态": "推进中", "完成百分比": 30, "填报日期": "2025-06-20"},
        "5.3.2": {"状态": "已完成", "进展情况": "已核查", "填报日期": "2025-06-10"},
    }
    ok("--data", str(ws), "import", str(fill(book, rows)))
    same(many)
    shutil.copy(REPO / "data" / "examples" / "assignments.yaml", ws / "assignments.yaml")
    return ws


MANY_DAYS = ["2025-04-07", "2025-05-01", "2025-06-30", "2025-07-01", "2025-08-15", "2025-12-31", "2026-01-01", "2026-06-30", "2027-01-01"]


def test_the_csv_export_is_the_same_with_and_without_the_index_after_every_kind_of_write(tmp_path: Path, cache_dir: Path) -> None:
    ws = tmp_path / "ws"

    def same(days: list[str]) -> None:
        for lang in ("zh", "en"):
            for day in days:
                command = ["--lang", lang, "--data", str(ws), "export", "--format", "csv", "--as-of", day]
                indexed, plain = run(*command), run("--no-cache", *command)
                assert (indexed.exit_code, indexed.stdout, indexed.stderr) == (plain.exit_code, plain.stdout, plain.stderr), command

    assert every_kind_of_write(tmp_path, same) == ws
    assert "◇" in csv_same(ws, "--as-of", "2025-08-15")  # the 分工方案's parts, not the cells kept before
    same(MANY_DAYS)
    assert kept_rows(ws, cache_dir)[0] == len(load_catalogue(ws).tasks)  # the exports compared were read from the rows kept


@pytest.mark.parametrize("kept", ["not json", '["too", "few"]', '[1, 2, 3, 4, 5, 6, 7]', "[" * 100_000 + "]" * 100_000], ids=["text", "few", "numbers", "deep"])
def test_export_cells_that_are_not_what_anquan_wrote_are_worked_out_and_written_again(ws: Path, cache_dir: Path, kept: str) -> None:
    first = csv_same(ws, "--as-of", "2025-08-15")
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        db.execute("UPDATE task_cells SET cells = ? WHERE position = 3", (kept,))
    db.close()
    assert ok("--data", str(ws), "export", "--format", "csv", "--as-of", "2025-08-15") == first
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        [(again,)] = db.execute("SELECT cells FROM task_cells WHERE position = 3")
    db.close()
    assert again != kept
