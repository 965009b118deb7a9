"""The SQLite index: a cache of the files, never their substitute.

An edited (not appended) progress file, a deleted one, one replaced by another of the same size
and modification time, a corrupt index and a foreign one are each detected and rebuilt, with
output byte for byte that of --no-cache; only the bytes appended to a progress file are read
(counted by the index's own table of file states); every command answers the same with and
without the index, on the shipped catalogue and on a generated workspace. No timing here."""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from anquan_cli import index as index_module
from anquan_cli import labels, status
from anquan_cli.catalogue import load_catalogue
from anquan_cli.index import IndexedData
from anquan_cli.progress import load_progress
from anquan_cli.rollup import Rollup
from conftest import Edit
from helpers_cli import AS_OF, ok, run

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "benchmarks" / "make_workspace.py"


def index_files(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("*.sqlite3"))


def index_of(ws: Path, cache_dir: Path) -> Path:
    """The index that commands (in Chinese, the default) use for `ws`."""
    path = IndexedData(ws, cache_dir).path
    assert path is not None
    return path.with_name(path.name.replace(f".{labels.language()}.", ".zh."))


def reads(ws: Path, cache_dir: Path) -> dict[str, tuple[int, int, int]]:
    """(full reads, appended reads, bytes read) of each progress file, from the index's own table."""
    with sqlite3.connect(index_of(ws, cache_dir)) as db:
        return {r[0]: r[1:] for r in db.execute("SELECT name, full_reads, appended_reads, bytes_read FROM sources WHERE name LIKE 'progress/%'")}


@pytest.fixture
def trusted_stat(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust a file's stat even just after it was written (a test cannot wait for the clock
    tick that the index otherwise waits for): what the stat misses, the test then shows."""
    monkeypatch.setattr(index_module, "_RACY_NS", 0)


READS = [
    ["due", "--before", "2025-12-31", "--as-of", AS_OF],
    ["progress", "--as-of", AS_OF],
    ["progress", "--by", "dept", "--as-of", AS_OF],
    ["summary", "--as-of", AS_OF],
    ["history", "1.1.1"],
    ["dept", "应急局", "--as-of", AS_OF],
]


def same_as_without_index(ws: Path, commands: list[list[str]] = READS) -> None:
    for command in commands:
        indexed = run("--data", str(ws), *command)
        plain = run("--data", str(ws), "--no-cache", *command)
        assert (indexed.exit_code, indexed.stdout, indexed.stderr) == (plain.exit_code, plain.stdout, plain.stderr), command


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace where two units reported on a few tasks."""
    path = tmp_path / "ws"
    ok("init", str(path))
    for task, dept, percent in (("1.1.1", "县应急局", "10"), ("1.1.1", "县住建局", "20"), ("5.3.2", "县应急局", "30")):
        ok("--data", str(path), "update", task, "--dept", dept, "--status", "推进中", "--percent", percent, "--date", AS_OF)
    return path


def update(ws: Path, task: str, dept: str, percent: str) -> None:
    ok("--data", str(ws), "update", task, "--dept", dept, "--status", "推进中", "--percent", percent, "--date", AS_OF)


# ── building and reading ──


def test_the_first_run_builds_the_index_and_the_next_gives_the_same_answer(ws: Path, cache_dir: Path) -> None:
    index_of(ws, cache_dir).unlink()  # the updates made it
    cold = ok("--data", str(ws), "due", "--before", "2025-12-31", "--as-of", AS_OF)
    assert index_of(ws, cache_dir) in index_files(cache_dir)
    warm = ok("--data", str(ws), "due", "--before", "2025-12-31", "--as-of", AS_OF)
    plain = ok("--data", str(ws), "--no-cache", "due", "--before", "2025-12-31", "--as-of", AS_OF)
    assert cold == warm == plain
    assert "2025-06-30" in warm


def test_only_the_appended_bytes_are_read(ws: Path, cache_dir: Path, trusted_stat: None) -> None:
    same_as_without_index(ws)
    before = reads(ws, cache_dir)
    assert set(before) == {"progress/yingji.yaml", "progress/zhujian.yaml"}
    ok("--data", str(ws), "progress")
    assert reads(ws, cache_dir) == before  # nothing changed, nothing read
    path = ws / "progress" / "zhujian.yaml"
    size = path.stat().st_size
    line = json.loads(path.read_text(encoding="utf-8").splitlines()[-1][2:])
    line.update(task="1.1.2", percent=25, recorded_at="2025-05-01T11:00:00+08:00")
    with path.open("a", encoding="utf-8") as f:  # a line as anquan writes it, by another clone (git pull)
        f.write("- " + json.dumps(line, ensure_ascii=False, separators=(", ", ": ")) + "\n")
    appended = path.stat().st_size - size
    assert "25" in ok("--data", str(ws), "history", "1.1.2")
    after = reads(ws, cache_dir)
    full, parts, read = before["progress/zhujian.yaml"]
    assert after["progress/zhujian.yaml"] == (full, parts + 1, read + appended)  # the new line only
    assert after["progress/yingji.yaml"] == before["progress/yingji.yaml"]  # not read at all
    same_as_without_index(ws)


def test_an_update_indexes_its_own_line_and_the_next_run_reads_none(ws: Path, cache_dir: Path) -> None:
    same_as_without_index(ws)
    before = reads(ws, cache_dir)
    update(ws, "1.1.2", "县住建局", "25")
    assert reads(ws, cache_dir) == before  # the update wrote its line to the index as well
    assert "25" in ok("--data", str(ws), "history", "1.1.2")
    assert reads(ws, cache_dir) == before  # and the next run read no line of the file
    same_as_without_index(ws)
    update_argv = ["update", "1.1.3", "--dept", "县住建局", "--status", "推进中", "--percent", "5", "--date", AS_OF]
    loaded_modules(ws, cache_dir, *update_argv)
    assert loaded_modules(ws, cache_dir, "summary", "--as-of", AS_OF) == []  # the first read after it parses nothing


def loaded_modules(ws: Path, cache_dir: Path, *args: str) -> list[str]:
    """Which of yaml, pydantic, rich and openpyxl a run of `anquan --data WS ARGS` imported."""
    code = (
        "import sys\n"
        "from anquan_cli.cli import cli\n"
        "try:\n"
        "    cli.main(sys.argv[1:], prog_name='anquan')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('yaml', 'pydantic', 'rich', 'openpyxl') if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**os.environ, "ANQUAN_CACHE_DIR": str(cache_dir)}
    done = subprocess.run([sys.executable, "-c", code, "--data", str(ws), *args], capture_output=True, text=True, env=env, check=True)
    found: list[str] = json.loads(done.stderr.strip().splitlines()[-1].replace("'", '"'))
    return found


def test_an_edit_before_the_end_reads_the_whole_file_again(ws: Path, cache_dir: Path, trusted_stat: None) -> None:
    same_as_without_index(ws)
    path = ws / "progress" / "yingji.yaml"
    info = path.stat()
    before = reads(ws, cache_dir)["progress/yingji.yaml"]
    text = path.read_text(encoding="utf-8")
    assert text.count('"percent": 10') == 1
    path.write_text(text.replace('"percent": 10', '"percent": 15'), encoding="utf-8")  # same size
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # and the same modification time
    assert path.stat().st_size == info.st_size
    shown = ok("--data", str(ws), "history", "1.1.1")
    assert "15" in shown
    assert "10 " not in shown
    assert reads(ws, cache_dir)["progress/yingji.yaml"][0] == before[0] + 1  # read whole
    same_as_without_index(ws)


def test_an_edit_and_an_append_together_read_the_whole_file(ws: Path, cache_dir: Path) -> None:
    same_as_without_index(ws)
    path = ws / "progress" / "yingji.yaml"
    before = reads(ws, cache_dir)["progress/yingji.yaml"]
    path.write_text(path.read_text(encoding="utf-8").replace('"percent": 30', '"percent": 35'), encoding="utf-8")
    update(ws, "5.3.1", "县应急局", "5")
    assert "35" in ok("--data", str(ws), "history", "5.3.2")
    assert reads(ws, cache_dir)["progress/yingji.yaml"][0] == before[0] + 1
    same_as_without_index(ws)


def test_a_deleted_progress_file_is_forgotten(ws: Path, cache_dir: Path, trusted_stat: None) -> None:
    same_as_without_index(ws)
    (ws / "progress" / "zhujian.yaml").unlink()
    assert "县住建局" not in ok("--data", str(ws), "history", "1.1.1")
    assert set(reads(ws, cache_dir)) == {"progress/yingji.yaml"}
    same_as_without_index(ws)


def test_a_file_replaced_by_another_of_the_same_size_and_time_is_read(ws: Path, cache_dir: Path, trusted_stat: None) -> None:
    same_as_without_index(ws)
    path = ws / "progress" / "zhujian.yaml"
    info = path.stat()
    other = ws / "progress" / "zhujian.new"
    other.write_text(path.read_text(encoding="utf-8").replace('"percent": 20', '"percent": 60'), encoding="utf-8")
    os.utime(other, ns=(info.st_atime_ns, info.st_mtime_ns))
    os.replace(other, path)
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (info.st_size, info.st_mtime_ns)
    assert "60" in ok("--data", str(ws), "history", "1.1.1")
    same_as_without_index(ws)


def test_a_catalogue_edit_of_the_same_size_and_time_is_seen(workdir: Path, edit: Edit, trusted_stat: None) -> None:
    def titles() -> str:
        return ok("--data", str(workdir), "list", "--clause", "1.1")

    assert "学习贯彻重要讲话和指示批示" in titles()
    tasks = workdir / "tasks.yaml"
    info = tasks.stat()
    edit(tasks, "title: 学习贯彻重要讲话和指示批示", "title: 学习贯彻重要讲话和指示精神")  # same length in bytes
    os.utime(tasks, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert tasks.stat().st_size == info.st_size
    assert "学习贯彻重要讲话和指示精神" in titles()


def test_a_catalogue_change_reads_the_progress_again(ws: Path, cache_dir: Path, edit: Edit) -> None:
    """Entries are checked against the catalogue: another catalogue, another check."""
    same_as_without_index(ws)
    edit(ws / "tasks.yaml", 'id: "5.3.2"', 'id: "5.3.9"')  # the entry on 5.3.2 now names no task
    result = run("--data", str(ws), "history", "1.1.1")
    assert "5.3.2" in result.stderr
    same_as_without_index(ws, [["progress", "--as-of", AS_OF], ["history", "1.1.1"]])


def test_a_broken_edit_after_a_warm_run_is_still_reported(workdir: Path, edit: Edit) -> None:
    ok("--data", str(workdir), "list")
    edit(workdir / "departments.yaml", "name: 县财政局", "name: ''")
    result = run("--data", str(workdir), "list")
    assert result.exit_code == 2
    assert "departments.yaml:" in result.stderr


def test_a_last_line_without_its_newline_is_read_every_time_and_never_kept(ws: Path, cache_dir: Path, trusted_stat: None) -> None:
    path = ws / "progress" / "zhujian.yaml"
    line = json.loads(path.read_text(encoding="utf-8").splitlines()[-1][2:])
    line.update(task="1.1.3", percent=70, recorded_at="2025-05-01T10:00:00+08:00")
    with path.open("a", encoding="utf-8") as f:
        f.write("- " + json.dumps(line, ensure_ascii=False))  # no newline: a write not finished, or a hand edit
    for _ in range(2):
        assert "70" in ok("--data", str(ws), "history", "1.1.3")
        same_as_without_index(ws)
    with path.open("a", encoding="utf-8") as f:
        f.write('\n- {"task": "1.1.3", "broken\n')
    same_as_without_index(ws, [["history", "1.1.3"], ["progress", "--as-of", AS_OF]])


def test_an_appended_line_that_is_not_utf8_is_read_as_the_loader_reads_it(ws: Path, cache_dir: Path) -> None:
    same_as_without_index(ws)
    path = ws / "progress" / "yingji.yaml"
    with path.open("ab") as f:
        f.write(b'- {"task": "1.1.2", "note": "' + "进展".encode("gbk") + b'"}\n')
    result = run("--data", str(ws), "history", "1.1.1")
    assert "yingji.yaml:" in result.stderr
    same_as_without_index(ws)


def test_warnings_name_files_relative_to_where_the_command_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = tmp_path / "ws"
    ok("init", str(ws))
    (ws / "progress" / "yingji.yaml").write_text("unit: yingji\nentries:\n- {broken\n", encoding="utf-8")
    monkeypatch.chdir(ws)
    assert "progress/yingji.yaml:3:" in run("progress").stderr
    monkeypatch.chdir(tmp_path)
    assert "ws/progress/yingji.yaml:3:" in run("--data", "ws", "progress").stderr


# ── a broken, foreign or tampered index ──


@pytest.mark.parametrize("content", [b"", b"not a database at all", None], ids=["empty", "garbage", "truncated"])
def test_a_corrupt_index_is_rebuilt(ws: Path, cache_dir: Path, content: bytes | None) -> None:
    expected = ok("--data", str(ws), "--no-cache", "history", "1.1.1")
    assert ok("--data", str(ws), "history", "1.1.1") == expected
    path = index_of(ws, cache_dir)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 3] if content is None else content)
    assert ok("--data", str(ws), "history", "1.1.1") == expected
    with sqlite3.connect(path) as db:  # rebuilt: a whole index again
        assert db.execute("SELECT count(*) FROM entries").fetchone() == (3,)
    same_as_without_index(ws)


@pytest.mark.parametrize("kept", [0.1, 0.25, 0.5, 0.75, 0.9])
def test_an_index_cut_short_anywhere_is_rebuilt_by_the_run_that_finds_it(ws: Path, cache_dir: Path, kept: float) -> None:
    # a cut the opening does not notice (the pages it reads are whole) shows later, when the
    # catalogue is read or stored: the index is made anew then, in the same run
    expected = ok("--data", str(ws), "--no-cache", "history", "1.1.1")
    assert ok("--data", str(ws), "history", "1.1.1") == expected
    path = index_of(ws, cache_dir)
    for part in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        part.unlink(missing_ok=True)  # the cut file alone, as a copy or a full disk leaves it
    whole = path.read_bytes()
    path.write_bytes(whole[: int(len(whole) * kept) // 4096 * 4096 + 100])
    assert ok("--data", str(ws), "history", "1.1.1") == expected
    with sqlite3.connect(path) as db:  # rebuilt: a whole index again
        assert db.execute("SELECT count(*) FROM entries").fetchone() == (3,)
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    same_as_without_index(ws)


def test_an_index_of_another_workspace_or_schema_is_rebuilt(ws: Path, tmp_path: Path, cache_dir: Path) -> None:
    other = tmp_path / "other"
    ok("init", str(other))
    update(other, "2.1.1", "县应急局", "90")
    ok("--data", str(other), "progress")
    shutil.copyfile(index_of(other, cache_dir), index_of(ws, cache_dir))  # another directory's index, under this one's name
    same_as_without_index(ws)
    assert "90" not in ok("--data", str(ws), "history", "2.1.1")
    with sqlite3.connect(index_of(ws, cache_dir)) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'root'").fetchone() == (str(ws.resolve()),)
        db.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
        db.execute("DELETE FROM entries")  # what an index of another schema would hold instead
    same_as_without_index(ws)


class _RunsCode:
    """A pickle payload that would create a file if unpickled by a plain pickle.load."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


class _NotData:
    """A class of the package that is not a data class: refused too."""

    def __reduce__(self) -> tuple[object, tuple[()]]:
        from anquan_cli.index import IndexedData as not_data

        return (not_data, ())


@pytest.mark.parametrize("payload", ["code", "class"])
@pytest.mark.parametrize("part", ["catalogue.head", "catalogue.notice_text", "clauses.data"])
def test_a_tampered_index_cannot_run_code(ws: Path, cache_dir: Path, tmp_path: Path, payload: str, part: str) -> None:
    command = ["show", "1.1", "--format", "json"]  # the clause, its tasks and the notice's text
    expected = ok("--data", str(ws), "--no-cache", *command)
    assert ok("--data", str(ws), *command) == expected
    marker = tmp_path / "pwned"
    data = pickle.dumps(_RunsCode(marker) if payload == "code" else _NotData())
    table, column = part.split(".")
    with sqlite3.connect(index_of(ws, cache_dir)) as db:
        db.execute(f"UPDATE {table} SET {column} = ?", (data,))
    assert ok("--data", str(ws), *command) == expected
    assert ok("--data", str(ws), *command) == expected
    assert not marker.exists()
    with sqlite3.connect(index_of(ws, cache_dir)) as db:  # rebuilt
        assert data not in {row[0] for row in db.execute(f"SELECT {column} FROM {table}")}


def test_no_cache_neither_reads_nor_writes(ws: Path, cache_dir: Path) -> None:
    path = index_of(ws, cache_dir)
    path.unlink()  # the updates made it
    ok("--data", str(ws), "--no-cache", "list")
    assert not path.exists()
    ok("--data", str(ws), "list", env={"ANQUAN_NO_CACHE": "1"})
    assert not path.exists()
    ok("--data", str(ws), "progress")
    assert path.exists()
    stamp = path.read_bytes(), path.stat().st_mtime_ns
    with (ws / "progress" / "yingji.yaml").open("a", encoding="utf-8") as f:  # what the index has not seen
        f.write('- {"task": "1.1.2", "unit": "yingji", "status": "推进中", "percent": 5, "date": "2025-05-01", "recorded_at": "2025-05-01T09:00:00+08:00"}\n')
    assert "5" in ok("--data", str(ws), "--no-cache", "history", "1.1.2")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == stamp


def test_an_unwritable_cache_dir_only_costs_speed(ws: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory", encoding="utf-8")
    out = ok("--data", str(ws), "history", "1.1.1", env={"ANQUAN_CACHE_DIR": str(blocked / "cache")})
    assert "县住建局" in out


def test_two_directories_with_the_same_files_keep_their_own_index(shipped: Path, tmp_path: Path, cache_dir: Path) -> None:
    a, b = Path(shutil.copytree(shipped, tmp_path / "a")), Path(shutil.copytree(shipped, tmp_path / "b"))
    before = set(index_files(cache_dir))
    for root in (a, b, a):
        data = IndexedData(root, cache_dir)
        assert data.catalogue().root == root
        data.save()
    assert len(set(index_files(cache_dir)) - before) == 2


@pytest.mark.parametrize("command", [["due", "--before", "2025-06-30"], ["progress", "--by", "dept"], ["summary"]])
def test_a_warm_run_imports_neither_yaml_nor_pydantic(ws: Path, cache_dir: Path, command: list[str]) -> None:
    with (ws / "progress" / "zhujian.yaml").open("a", encoding="utf-8") as f:  # a hand-written entry, another zone
        f.write('- {task: "1.1.1", unit: zhujian, status: 推进中, percent: 30, date: 2025-04-30, recorded_at: "2025-04-30T09:00:00+08:00"}\n')
    args = ["--data", str(ws), *command, "--as-of", AS_OF]
    code = (
        "import sys\n"
        "from anquan_cli.cli import cli\n"
        "try:\n"
        f"    cli.main({args!r}, prog_name='anquan')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('yaml', 'pydantic', 'rich', 'openpyxl') if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**os.environ, "ANQUAN_CACHE_DIR": str(cache_dir)}
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert cold.stderr.strip() == "['pydantic', 'yaml']"
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert warm.stderr.strip() == "[]"
    assert warm.stdout == cold.stdout
    assert warm.stdout.strip()


# ── the index answers as the files do ──


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated workspace (benchmarks/make_workspace.py), with hand-written lines added:
    another time zone, two entries recorded in the same second in two files, a bad line."""
    out = tmp_path_factory.mktemp("gen") / "ws"
    command = [sys.executable, str(GENERATOR), "--tasks", "300", "--units", "12", "--progress", "3000", "--seed", "5", str(out)]
    subprocess.run(command, capture_output=True, text=True, check=True)
    files = sorted((out / "progress").glob("*.yaml"))
    first, second = (json.loads(f.read_text(encoding="utf-8").splitlines()[-1][2:]) for f in files[:2])
    for path, line in ((files[0], first), (files[1], second)):
        line.update(date="2025-04-20", recorded_at="2025-04-20T08:00:00+08:00")
        with path.open("a", encoding="utf-8") as f:
            f.write("- " + json.dumps(line, ensure_ascii=False) + "\n")
            f.write('- {"task": "1.1.1", "percent": 5}\n')
    first.update(date="2025-04-21", recorded_at="2025-04-21T00:30:00Z")
    with files[0].open("a", encoding="utf-8") as f:
        f.write(
            f'- {{task: "{first["task"]}", unit: {first["unit"]}, status: 推进中, percent: 1, date: 2025-04-21, recorded_at: "2025-04-20T23:30:00-01:00"}}\n'
        )
    return out


def test_the_index_reads_the_same_log_as_the_files(generated: Path, cache_dir: Path) -> None:
    cat = load_catalogue(generated)
    today = dt.date(2025, 9, 1)  # some entries are dated after it: skipped with a warning
    expected = load_progress(generated, cat, today=today)
    for _ in range(2):  # cold, then warm
        data = IndexedData(generated, cache_dir, today=today)
        log = data.progress()
        assert log.rows == expected.rows
        assert sorted(log.warnings) == sorted(expected.warnings)
        assert any("2025-09-01" in str(w) for w in log.warnings)
        data.save()


@pytest.mark.parametrize("as_of", ["2025-04-20", "2025-05-01", "2025-08-15", "2025-12-31"])
def test_the_entries_the_index_selects_for_a_day_give_the_same_rollup(generated: Path, cache_dir: Path, as_of: str) -> None:
    """status.rollup ignores entries dated after its day; the index leaves them out: the same
    states, from status.rollup and from the lazy roll-up (rollup.py) that commands use."""
    day = dt.date.fromisoformat(as_of)
    cat = load_catalogue(generated)
    whole = load_progress(generated, cat)
    data = IndexedData(generated, cache_dir)
    selected = data.progress(until=day)
    assert selected.rows == [row for row in whole.rows if row[6] <= day]
    assert len(selected.rows) < len(whole.rows) or as_of == "2025-12-31"
    expected = status.rollup(cat, whole, day)
    assert status.rollup(cat, selected, day) == expected
    lazy = Rollup(cat, selected, day)  # what commands use: each task's state when asked for
    some = list(expected)[::7]
    assert [lazy[t] for t in some] == [expected[t] for t in some]
    assert list(lazy) == list(expected)
    assert dict(lazy) == expected
    data.save()


EVERY_READ = [
    ["list"],
    ["list", "--dept", "应急局"],
    ["show", "1.1.1"],
    ["due", "--before", "2025-12-31", "--as-of", AS_OF],
    ["due", "--overdue", "--as-of", "2025-10-01"],
    ["due", "--dept", "应急局", "--after", "2025-06-01", "--before", "2025-09-30", "--as-of", "2025-08-01"],
    ["due", "--dept", "各乡镇人民政府", "--as-of", "2025-08-01"],
    ["dept", "应急局", "--as-of", AS_OF],
    ["dept", "住建局", "--direct", "--as-of", "2025-12-31"],
    ["list", "--dept", "住建局", "--direct", "--sort", "deadline"],
    ["calendar", "--as-of", AS_OF],
    ["progress", "--as-of", "2025-08-01"],
    ["progress", "--by", "dept", "--as-of", "2025-08-01"],
    ["progress", "--dept", "应急局", "--as-of", "2025-08-01"],
    ["summary", "--as-of", "2025-08-01"],
    ["history", "1.1.1"],
    ["export", "--format", "csv", "--as-of", "2025-08-01"],
    ["export", "--format", "json", "--as-of", "2025-08-01"],
]


@pytest.mark.parametrize("where", ["shipped", "generated"])
def test_every_command_answers_the_same_with_and_without_the_index(where: str, generated: Path, tmp_path: Path) -> None:
    if where == "shipped":
        ws = tmp_path / "ws"
        ok("init", str(ws))
        update(ws, "1.1.1", "县应急局", "40")
    else:
        ws = generated
    for formats in (["--format", "plain"], ["--format", "json"]):
        commands = [c if c[0] == "export" else [*c, *formats] for c in EVERY_READ]
        for _ in range(2):  # the run that builds the index, and one that reads it
            same_as_without_index(ws, commands)


def test_the_entries_the_index_selects_for_some_tasks_are_theirs_in_the_logs_order(generated: Path, cache_dir: Path) -> None:
    day = dt.date(2025, 8, 1)
    cat = load_catalogue(generated)
    whole = load_progress(generated, cat, today=dt.date(2025, 9, 1))
    data = IndexedData(generated, cache_dir, today=dt.date(2025, 9, 1))
    data.progress()  # built
    selected = data.task_entries(day)
    assert selected is not None
    warnings, rows_of = selected
    assert sorted(warnings) == sorted(whole.warnings)
    some = list(cat.tasks)[::5]
    found = rows_of(some)
    assert set(found) == set(some)
    for task_id in some:
        assert found[task_id] == [row for row in whole.rows if row[0] == task_id and row[6] <= day]
    assert any(found.values())
    data.save()


def later_in_two_zones(ws: Path, task: str, units: tuple[str, str]) -> None:
    """Two hand-written entries recorded far ahead, in two zones, so that the latest instant
    is not the latest text: 02:00 UTC is after 09:00 at +08:00 (01:00 UTC). Every stamp a
    write gives comes after them, the same on every run: the tests can compare whole files."""
    for unit, moment in zip(units, ("2999-01-01T02:00:00+00:00", "2999-01-01T09:00:00+08:00"), strict=True):
        line = {"task": task, "unit": unit, "kind": "update", "status": "推进中", "percent": 7, "date": "2025-04-20", "recorded_at": moment}
        with (ws / "progress" / f"{unit}.yaml").open("a", encoding="utf-8") as f:
            f.write("- " + json.dumps(line, ensure_ascii=False) + "\n")


def test_the_task_log_the_index_gives_is_the_whole_logs_part(generated: Path, tmp_path: Path, cache_dir: Path) -> None:
    """What a write reads: the task's entries, in the log's order, and the latest instant of
    the whole workspace, not the latest text."""
    from anquan_cli.progress import latest_recorded_at

    ws = tmp_path / "ws"
    shutil.copytree(generated, ws)
    cat = load_catalogue(ws)
    task = next(t for t in cat.tasks.values() if len(t.may_report) >= 2)
    later_in_two_zones(ws, task.id, tuple(sorted(task.may_report))[:2])  # type: ignore[arg-type]
    today = dt.date(2025, 9, 1)  # some entries are dated after it: skipped, with a warning
    whole = load_progress(ws, cat, today=today)
    latest = latest_recorded_at(whole)
    assert latest is not None
    assert latest.isoformat() == "2999-01-01T02:00:00+00:00"
    for _ in range(2):  # the run that builds the index, and one that reads it
        data = IndexedData(ws, cache_dir, today=today)
        data.progress()
        for task_id in [*list(cat.tasks)[::9], task.id]:
            found = data.task_log(task_id)
            assert found is not None
            warnings, rows, moment = found
            assert sorted(warnings) == sorted(whole.warnings)
            assert rows == [row for row in whole.rows if row[0] == task_id]
            assert moment == latest
            assert moment.utcoffset() == dt.timedelta(0)
        data.save()
    assert IndexedData(ws, None, today=today).task_log(task.id) is None  # no index: the whole log is read


@pytest.mark.parametrize("first_zone", ["+08:00", "+00:00"])
def test_of_two_latest_stamps_at_one_instant_the_task_log_keeps_the_logs_first(generated: Path, tmp_path: Path, cache_dir: Path, first_zone: str) -> None:
    """The same instant written in two zones, in two files: the new stamp follows the one the
    whole log puts first (max keeps the first of equals), whichever zone that is."""
    from anquan_cli.progress import latest_recorded_at

    ws = tmp_path / "ws"
    shutil.copytree(generated, ws)
    cat = load_catalogue(ws)
    task = next(t for t in cat.tasks.values() if len(t.may_report) >= 2)
    units = sorted(task.may_report)[:2]  # files in this order: the log's order among equal times
    moments = {"+08:00": "2999-01-01T10:00:00+08:00", "+00:00": "2999-01-01T02:00:00+00:00"}
    second_zone = next(z for z in moments if z != first_zone)
    for unit, zone in zip(units, (first_zone, second_zone), strict=True):
        line = {"task": task.id, "unit": unit, "kind": "update", "status": "推进中", "percent": 9, "date": "2025-04-20", "recorded_at": moments[zone]}
        with (ws / "progress" / f"{unit}.yaml").open("a", encoding="utf-8") as f:
            f.write("- " + json.dumps(line, ensure_ascii=False) + "\n")
    today = dt.date(2025, 9, 1)
    expected = latest_recorded_at(load_progress(ws, cat, today=today))
    assert expected is not None
    assert expected.isoformat() == moments[first_zone]
    for _ in range(2):
        data = IndexedData(ws, cache_dir, today=today)
        data.progress()
        found = data.task_log(task.id)
        assert found is not None
        assert found[2] is not None
        assert found[2].isoformat() == moments[first_zone]
        data.save()


WRITES = [
    *(["update", "1.1.3", "--dept", town, "--status", "已完成", "--date", AS_OF] for town in ("崇文镇", "礼义镇", "附城镇", "西河底镇", "平城镇", "杨村镇")),
    *(["update", "1.1.3", "--dept", town, "--status", "已完成", "--date", AS_OF] for town in ("潞城镇", "夺火乡", "马圪当乡", "古郊乡", "六泉乡")),
    ["update", "1.1.3", "--dept", "崇文镇", "--status", "已完成", "--date", AS_OF],  # the same report again: recorded once
    ["reject", "1.1.3", "--dept", "崇文镇", "--note", "材料不全", "--date", "2025-05-02"],
    ["update", "1.1.3", "--dept", "崇文镇", "--status", "已完成", "--note", "已补齐", "--date", "2025-05-03"],
    ["verify", "1.1.3", "--note", "核验通过", "--date", "2025-05-04"],
    ["update", "1.1.3", "--dept", "崇文镇", "--status", "推进中", "--percent", "50", "--date", "2025-05-05"],  # locked
    ["reopen", "1.1.3", "--note", "复查发现问题", "--date", "2025-05-05"],
    ["correct", "5.3.2", "--dept", "县应急局", "--status", "推进中", "--percent", "35", "--date", AS_OF],
    ["withdraw", "5.3.2", "--dept", "县住建局", "--note", "误报", "--date", AS_OF],
    ["trigger", "1.3.5", "--note", "发生险情", "--date", "2025-05-06"],
    ["update", "1.3.5", "--dept", "县财政局", "--status", "推进中", "--percent", "10", "--date", "2025-05-07"],
    ["update", "9.9.9", "--dept", "县应急局", "--status", "推进中", "--date", AS_OF],
    ["update", "1.1.3", "--dept", "县应急局", "--status", "推进中", "--date", AS_OF],  # a unit that may report on it
    ["verify", "5.3.2", "--date", AS_OF],
    ["history", "1.1.3"],
    ["history", "5.3.2"],
    ["history", "1.3.5", "--dept", "县财政局"],
    ["history", "1.1.3", "--as-of", "2025-05-03"],
]


def test_every_write_records_and_answers_the_same_with_and_without_the_index(tmp_path: Path) -> None:
    """update, correct, withdraw and the office's actions read one task's entries from the
    index: the same answers, refusals and lines (stamps included) as from the whole log."""
    original = tmp_path / "original"
    ok("init", str(original))
    for task, dept in (("5.3.2", "县应急局"), ("5.3.2", "县住建局"), ("1.1.1", "崇文镇")):
        ok("--data", str(original), "update", task, "--dept", dept, "--status", "推进中", "--percent", "20", "--date", AS_OF)
    later_in_two_zones(original, "5.3.2", ("yingji", "zhujian"))
    ws = tmp_path / "ws"  # one path for both runs: the messages name the files written
    answers: dict[str, list[tuple[int, str, str]]] = {}
    files: dict[str, dict[str, bytes]] = {}
    for how in ("indexed", "--no-cache"):
        shutil.rmtree(ws, ignore_errors=True)
        shutil.copytree(original, ws)
        flags = [] if how == "indexed" else ["--no-cache"]
        answers[how] = [(r.exit_code, r.stdout, r.stderr) for r in (run("--data", str(ws), *flags, *command) for command in WRITES)]
        files[how] = {p.name: p.read_bytes() for p in sorted((ws / "progress").glob("*.yaml"))}
    assert answers["indexed"] == answers["--no-cache"]
    assert files["indexed"] == files["--no-cache"]
    codes = [code for code, _, _ in answers["indexed"]]
    assert codes.count(2) == 3
    assert codes.count(0) == len(WRITES) - 3
    stamps = [json.loads(line[2:])["recorded_at"] for line in files["indexed"]["anweiban.yaml"].decode("utf-8").splitlines() if line.startswith("- ")]
    assert stamps[0].startswith("2999-01-01T02:00:00.0000")
    assert stamps == sorted(stamps)


def test_a_write_the_index_can_answer_loads_no_whole_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = tmp_path / "ws"
    ok("init", str(ws))
    update(ws, "5.3.2", "县应急局", "20")
    ok("--data", str(ws), "history", "5.3.2")  # the index is up to date

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the whole log was loaded")

    monkeypatch.setattr(IndexedData, "_read_progress", refused)
    update(ws, "5.3.2", "县应急局", "30")
    assert "30" in ok("--data", str(ws), "history", "5.3.2")
    ok("--data", str(ws), "correct", "5.3.2", "--dept", "县应急局", "--status", "推进中", "--percent", "25", "--date", AS_OF)
    ok("--data", str(ws), "withdraw", "5.3.2", "--dept", "县应急局", "--date", AS_OF)


def test_the_tasks_the_index_chooses_hold_every_task_a_filter_keeps(generated: Path, cache_dir: Path) -> None:
    from anquan_cli import query
    from anquan_cli.indexed_catalogue import IndexedCatalogue

    IndexedData(generated, cache_dir).catalogue()  # built
    indexed = IndexedData(generated, cache_dir).catalogue()
    assert isinstance(indexed, IndexedCatalogue)
    cat = load_catalogue(generated)
    for unit in cat.units:
        chosen = indexed.candidates(unit=unit)
        assert chosen == sorted(chosen, key=list(cat.tasks).index)
        keeps = {t.id for t in query.filter_tasks(cat, unit=unit)} | {t.id for t in cat.tasks.values() if unit in t.may_report}
        assert keeps <= set(chosen), unit
    low, high = dt.date(2025, 6, 1), dt.date(2025, 6, 30)
    in_window = {t.id for t in cat.tasks.values() if any(low <= o.date <= high for o in t.occurrences)}
    assert in_window == set(indexed.candidates(after=low, before=high))
    assert in_window
    assert list(indexed.tasks) == list(cat.tasks)
    assert dict(indexed.tasks.items()) == cat.tasks
    assert list(indexed.clauses) == list(cat.clauses)
    assert indexed.clauses["1.2"] == cat.clauses["1.2"]
    assert indexed.notice_text == cat.notice_text


def test_a_long_first_read_says_what_it_does_on_a_terminal_only() -> None:
    import io

    from anquan_cli.index import _Status

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    now = [0.0]
    terminal = Terminal()
    status = _Status(terminal, clock=lambda: now[0])
    status.say("1/3")
    assert terminal.getvalue() == ""  # quick: nothing shown
    now[0] = 1.2
    status.say("2/3")
    status.say("3/3")
    status.done()
    assert terminal.getvalue() == "\r2/3\x1b[K\r3/3\x1b[K\r\x1b[K"  # each in place of the last, then cleared
    pipe = io.StringIO()
    piped = _Status(pipe, clock=lambda: now[0])
    now[0] = 10.0
    piped.say("1/3", now=True)
    piped.done()
    assert pipe.getvalue() == ""


@pytest.mark.parametrize("xdg", [None, "", "  ", "/tmp/xdg-cache"])
def test_the_cache_directory_is_where_platformdirs_puts_it(monkeypatch: pytest.MonkeyPatch, xdg: str | None) -> None:
    from platformdirs.macos import MacOS
    from platformdirs.unix import Unix

    monkeypatch.delenv(index_module.ENV_CACHE_DIR, raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    monkeypatch.setattr(sys, "platform", "linux")
    assert index_module.default_cache_dir() == Path(Unix("anquan", appauthor=False).user_cache_dir)
    monkeypatch.setattr(sys, "platform", "darwin")
    if not (xdg or "").strip():  # newer platformdirs read XDG_CACHE_HOME on macOS too; ~/Library/Caches is its documented place
        assert index_module.default_cache_dir() == Path(MacOS("anquan", appauthor=False).user_cache_dir)
    assert index_module.default_cache_dir() == Path.home() / "Library" / "Caches" / "anquan"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", "/c/Users/liaison/AppData/Local")  # platformdirs' Windows answer, through its own env fallback
    assert index_module.default_cache_dir() == Path("/c/Users/liaison/AppData/Local/anquan/Cache")
    monkeypatch.setenv(index_module.ENV_CACHE_DIR, str(Path("/elsewhere")))
    assert index_module.default_cache_dir() == Path("/elsewhere")


@pytest.mark.skipif(not hasattr(__import__("time"), "tzset"), reason="the local time zone is set by TZ only where time.tzset exists")
def test_a_time_written_without_a_zone_is_read_in_the_local_zone_of_each_run(ws: Path, cache_dir: Path) -> None:
    """A hand-written recorded_at without a zone is local time: the zone of the run that reads
    it, not of the run that indexed it (a laptop taken across zones, TZ set otherwise)."""
    line = {"task": "5.3.2", "unit": "yingji", "kind": "update", "status": "推进中", "percent": 40, "date": "2025-05-02", "recorded_at": "2025-05-02T09:00:00"}
    with (ws / "progress" / "yingji.yaml").open("a", encoding="utf-8") as f:
        f.write("- " + json.dumps(line, ensure_ascii=False) + "\n")

    def history(zone: str, *cache: str) -> str:
        env = {**os.environ, "ANQUAN_CACHE_DIR": str(cache_dir), "TZ": zone, "ANQUAN_LANG": "en"}
        command = [sys.executable, "-m", "anquan_cli", "--data", str(ws), *cache, "history", "5.3.2", "--format", "json"]
        return subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout

    history("Asia/Shanghai")  # indexed in one zone
    assert "2025-05-02T09:00:00+08:00" in history("Asia/Shanghai", "--no-cache")
    assert history("UTC") == history("UTC", "--no-cache")  # read in another
    assert "2025-05-02T09:00:00+00:00" in history("UTC")


def test_dept_works_out_only_the_states_that_can_hold_a_unit_sent_back_and_lists_them_as_without_the_index(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 被退回的事项 under `dept`: only a task with a 退回 in the log can hold one, so only those
    # tasks' states are worked out; the notes are those of every task's state without the index
    from anquan_cli import rollup

    ws = tmp_path / "ws"
    ok("init", str(ws))
    cat = load_catalogue(ws)
    for task, unit in (("5.3.2", "县应急局"), ("5.3.2", "县住建局"), ("1.1.3", "崇文镇"), ("2.1.1", "县应急局")):
        ok("--data", str(ws), "update", task, "--dept", unit, "--status", "已完成", "--date", "2025-05-01")
    ok("--data", str(ws), "reject", "5.3.2", "--dept", "县应急局", "--note", "佐证材料不全", "--date", "2025-05-02")
    ok("--data", str(ws), "reject", "1.1.3", "--note", "材料不全", "--date", "2025-05-03")  # every unit done on it, sent back
    worked_out: list[str] = []
    task_state = rollup.task_state

    def counted(cat: object, task: object, rows: object, as_of: dt.date) -> object:
        worked_out.append(getattr(task, "id", ""))
        return task_state(cat, task, rows, as_of)  # type: ignore[arg-type]

    for unit in ("县应急局", "崇文镇", "县住建局", "县财政局"):
        for day in ("2025-05-01", "2025-05-02", "2025-06-30"):
            command = ["--data", str(ws), "dept", unit, "--as-of", day]
            plain = run("--no-cache", *command)
            worked_out.clear()
            with monkeypatch.context() as patched:
                patched.setattr(rollup, "task_state", counted)
                indexed = run(*command)
            assert (indexed.exit_code, indexed.stdout, indexed.stderr) == (plain.exit_code, plain.stdout, plain.stderr), command
            assert set(worked_out) <= {"5.3.2", "1.1.3"}, worked_out
    shown = ok("--data", str(ws), "dept", "县应急局", "--as-of", "2025-06-30")
    assert "5.3.2" in shown.split(labels.Labels()("returned_in_dept"))[1]
    assert "崇文镇" in ok("--data", str(ws), "dept", "崇文镇", "--as-of", "2025-06-30").split("被退回的事项：")[1]
    assert len(cat.tasks) > 50  # many tasks name these units: their states were not worked out
