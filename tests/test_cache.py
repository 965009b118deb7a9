"""The validated cache: an edit is seen by the next run, a corrupt or hostile cache is rebuilt,
--no-cache neither reads nor writes it, and a warm run needs neither YAML nor pydantic."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from anquan_cli import cache as cache_module
from anquan_cli.cache import CachedData
from conftest import Edit
from helpers_cli import AS_OF, ok, run


def cache_files(cache_dir: Path, kind: str = "*") -> list[Path]:
    return sorted(cache_dir.glob(f"*.{kind}.pickle"))


def titles(data: Path) -> list[str]:
    return [line.split("\t")[1].strip() for line in ok("--data", str(data), "list", "--clause", "1.1").splitlines()[1:] if "\t" in line]


def test_the_first_run_writes_the_cache_and_the_second_gives_the_same_answer(workdir: Path, cache_dir: Path) -> None:
    assert cache_files(cache_dir) == []
    cold = ok("--data", str(workdir), "due", "--before", "2025-12-31", "--as-of", AS_OF)
    assert [p.name.split(".")[-2] for p in cache_files(cache_dir)] == ["catalogue", "progress"]
    warm = ok("--data", str(workdir), "due", "--before", "2025-12-31", "--as-of", AS_OF)
    uncached = ok("--data", str(workdir), "--no-cache", "due", "--before", "2025-12-31", "--as-of", AS_OF)
    assert cold == warm == uncached
    assert "2025-06-30" in warm


def test_an_edit_is_seen_even_with_the_same_size_and_modification_time(workdir: Path, edit: Edit) -> None:
    tasks = workdir / "tasks.yaml"
    before = titles(workdir)
    assert "学习贯彻重要讲话和指示批示" in before
    stat = tasks.stat()
    edit(tasks, "title: 学习贯彻重要讲话和指示批示", "title: 学习贯彻重要讲话和指示精神")  # same length in bytes
    os.utime(tasks, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert tasks.stat().st_size == stat.st_size
    after = titles(workdir)
    assert "学习贯彻重要讲话和指示精神" in after
    assert "学习贯彻重要讲话和指示批示" not in after


def test_a_broken_edit_after_a_warm_run_is_still_reported(workdir: Path, edit: Edit) -> None:
    ok("--data", str(workdir), "list")
    edit(workdir / "departments.yaml", "name: 县财政局", "name: ''")
    result = run("--data", str(workdir), "list")
    assert result.exit_code == 2
    assert "departments.yaml:" in result.stderr
    assert "name" in result.stderr


def test_a_progress_entry_is_seen_by_the_next_run(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ok("init", str(ws))
    assert "1.1.1" not in ok("--data", str(ws), "history", "1.1.1")
    ok("--data", str(ws), "update", "1.1.1", "--dept", "县应急局", "--status", "推进中", "--percent", "40", "--date", AS_OF)
    assert "40" in ok("--data", str(ws), "history", "1.1.1")
    # a hand edit that changes a value but not the size is seen too
    path = ws / "progress" / "yingji.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"percent": 40', '"percent": 45'), encoding="utf-8")
    shown = ok("--data", str(ws), "history", "1.1.1")
    assert "45" in shown
    assert "40" not in shown


def test_only_the_changed_progress_file_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = tmp_path / "ws"
    ok("init", str(ws))
    for dept in ("县应急局", "县住建局"):
        ok("--data", str(ws), "update", "1.1.1", "--dept", dept, "--status", "推进中", "--percent", "10", "--date", AS_OF)
    ok("--data", str(ws), "progress")  # warm the cache
    read: list[str] = []
    real = cache_module.load_progress_file
    monkeypatch.setattr(cache_module, "load_progress_file", lambda path, *a, **k: read.append(path.name) or real(path, *a, **k))
    ok("--data", str(ws), "progress")
    assert read == []
    ok("--data", str(ws), "update", "1.1.2", "--dept", "县住建局", "--status", "推进中", "--percent", "20", "--date", AS_OF)
    read.clear()
    ok("--data", str(ws), "progress")
    assert read == ["zhujian.yaml"]


@pytest.mark.parametrize("content", [b"", b"not a pickle at all", b"\x80\x05\x95", None], ids=["empty", "garbage", "truncated", "old-format"])
def test_a_corrupt_cache_is_ignored_and_rebuilt(workdir: Path, cache_dir: Path, content: bytes | None) -> None:
    expected = ok("--data", str(workdir), "list", "--section", "2")
    [path] = cache_files(cache_dir, "catalogue")
    if content is None:  # a cache another version wrote: a valid pickle of something else
        content = pickle.dumps({"version": "0.0.0"})
    path.write_bytes(content)
    assert ok("--data", str(workdir), "list", "--section", "2") == expected
    assert path.read_bytes() != content  # rebuilt
    assert ok("--data", str(workdir), "list", "--section", "2") == expected


@pytest.mark.parametrize("content", [b"", b"\x80\x05\x95", None], ids=["empty", "truncated", "half-of-itself"])
def test_a_corrupt_progress_cache_is_ignored_and_rebuilt(tmp_path: Path, cache_dir: Path, content: bytes | None) -> None:
    ws = tmp_path / "ws"
    ok("init", str(ws))
    ok("--data", str(ws), "update", "5.3.2", "--dept", "应急局", "--status", "推进中", "--percent", "30", "--date", AS_OF)
    expected = ok("--data", str(ws), "history", "5.3.2")
    assert "30" in expected
    [path] = cache_files(cache_dir, "progress")
    whole = path.read_bytes()
    content = whole[: len(whole) // 2] if content is None else content
    path.write_bytes(content)
    assert ok("--data", str(ws), "history", "5.3.2") == expected
    assert path.read_bytes() == whole  # rebuilt, the same as before


class _RunsCode:
    """A pickle payload that would create a file if unpickled by a plain pickle.load."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def test_a_tampered_cache_cannot_run_code(workdir: Path, cache_dir: Path, tmp_path: Path) -> None:
    expected = ok("--data", str(workdir), "list", "--tag", "消防")
    [path] = cache_files(cache_dir, "catalogue")
    marker = tmp_path / "pwned"
    path.write_bytes(pickle.dumps(_RunsCode(marker)))
    assert ok("--data", str(workdir), "list", "--tag", "消防") == expected
    assert not marker.exists()


def test_no_cache_neither_reads_nor_writes(workdir: Path, cache_dir: Path, edit: Edit) -> None:
    ok("--data", str(workdir), "--no-cache", "list")
    assert cache_files(cache_dir) == []
    ok("--data", str(workdir), "list")
    [path] = cache_files(cache_dir, "catalogue")
    stamp = path.stat().st_mtime_ns
    edit(workdir / "tasks.yaml", "title: 学习贯彻重要讲话和指示批示", "title: 学习贯彻重要讲话和指示精神")
    assert "学习贯彻重要讲话和指示精神" in ok("--data", str(workdir), "--no-cache", "list", "--clause", "1.1")
    assert path.stat().st_mtime_ns == stamp  # not rewritten
    assert "学习贯彻重要讲话和指示精神" in ok("--data", str(workdir), "list", "--clause", "1.1", env={"ANQUAN_NO_CACHE": None})


def test_an_unwritable_cache_dir_only_costs_speed(workdir: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory", encoding="utf-8")
    out = ok("--data", str(workdir), "list", "--section", "6", env={"ANQUAN_CACHE_DIR": str(blocked / "cache")})
    assert "6.1.1" in out


def test_two_directories_with_the_same_files_keep_their_own_entries(shipped: Path, tmp_path: Path, cache_dir: Path) -> None:
    import shutil

    a, b = Path(shutil.copytree(shipped, tmp_path / "a")), Path(shutil.copytree(shipped, tmp_path / "b"))
    assert CachedData(a, cache_dir).catalogue().root == a
    CachedData(a, cache_dir).save()
    data_a = CachedData(a, cache_dir)
    data_a.catalogue()
    data_a.save()
    data_b = CachedData(b, cache_dir)
    assert data_b.catalogue().root == b
    data_b.save()
    assert len(cache_files(cache_dir, "catalogue")) == 2


def test_warnings_name_files_relative_to_where_the_command_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = tmp_path / "ws"
    ok("init", str(ws))
    (ws / "progress" / "yingji.yaml").write_text("unit: yingji\nentries:\n- {broken\n", encoding="utf-8")
    monkeypatch.chdir(ws)
    here = run("progress")
    assert "progress/yingji.yaml:3:" in here.stderr
    monkeypatch.chdir(tmp_path)
    above = run("--data", "ws", "progress")
    assert "ws/progress/yingji.yaml:3:" in above.stderr


@pytest.mark.parametrize("command", [["due", "--before", "2025-06-30"], ["progress", "--by", "dept"], ["summary"]])
def test_a_warm_run_imports_neither_yaml_nor_pydantic(tmp_path: Path, cache_dir: Path, command: list[str]) -> None:
    ws = tmp_path / "ws"
    ok("init", str(ws))
    ok("--data", str(ws), "update", "1.1.1", "--dept", "县应急局", "--status", "推进中", "--percent", "40", "--date", AS_OF)
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
        "print(sorted(m for m in ('yaml', 'pydantic', 'rich') if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**os.environ, "ANQUAN_CACHE_DIR": str(cache_dir)}
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert cold.stderr.strip() == "['pydantic', 'yaml']"
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert warm.stderr.strip() == "[]"
    assert warm.stdout == cold.stdout
    assert warm.stdout.strip()
