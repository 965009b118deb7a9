"""Hardening against a hostile workspace (issue 16): no write through a link or onto a special
file, a full disk leaves every file as it was, and hostile input costs bounded work.

Real workspaces from `anquan init`, real links, FIFOs and devices, real git, real processes;
where a machine can give one, a real full (or read-only) filesystem: a tiny tmpfs mounted in a
private mount namespace (`unshare`), skipped where that is not allowed.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from anquan_cli import progress, textfile, yamlfile
from anquan_cli.errors import WorkspaceError
from anquan_cli.index import IndexedData
from anquan_cli.models import ProgressEntry
from test_cli_import import _export, fill
from test_progress import Run, anquan, ok, snapshot
from test_progress import refused as refused_in


def refused(*args: str) -> Run:
    """A refused command, in Chinese (the messages below quote the default language)."""
    return refused_in(*args, lang="zh")


REPO = Path(__file__).resolve().parent.parent
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links, FIFOs and devices")
ESC_BEL_RLO = ("\x1b", "\x07", "\u202e")


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    path = tmp_path / "ws"
    ok("init", str(path))
    return path


def update_args(ws: Path, unit: str = "应急局", note: str = "普查过半") -> list[str]:
    return ["--data", str(ws), "update", "5.3.2", "--dept", unit, "--status", "推进中", "--percent", "60", "--note", note, "--date", "2025-04-20"]


def process(*args: str, cwd: Path | None = None, timeout: float = 60, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m anquan_cli ARGS` as a real process; `timeout` only guards against a hang."""
    environment = {k: v for k, v in os.environ.items() if k not in ("ANQUAN_DATA", "ANQUAN_LANG")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "anquan_cli", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=environment, check=False)


def one_error(run: subprocess.CompletedProcess[str]) -> str:
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert "已记录" not in run.stdout
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith(("anquan: error: ", "anquan：错误：")), run.stderr
    return lines[0]


# ── 1. no write through a link ──


@POSIX
@pytest.mark.parametrize("dangling", [False, True])
def test_update_refuses_a_progress_file_that_is_a_link(ws: Path, tmp_path: Path, dangling: bool) -> None:
    outside = tmp_path / "outside-target.txt"
    if not dangling:
        outside.write_text("keep me\n", encoding="utf-8")
    (ws / "progress" / "yingji.yaml").symlink_to(Path("..", "..", outside.name))
    before = snapshot(ws)
    run = refused(*update_args(ws, note="$(touch pwned)"))
    assert "progress/yingji.yaml" in run.err
    assert "符号链接" in run.err
    assert snapshot(ws) == before
    assert (outside.read_text(encoding="utf-8") == "keep me\n") if not dangling else not outside.exists()


@POSIX
def test_update_refuses_a_progress_folder_that_is_a_link(ws: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(ws / "progress")
    (ws / "progress").symlink_to(elsewhere)
    run = refused(*update_args(ws))
    assert "progress" in run.err
    assert "符号链接" in run.err
    assert list(elsewhere.iterdir()) == []


@POSIX
def test_update_refuses_a_lock_file_that_is_a_link(ws: Path, tmp_path: Path) -> None:
    """The lock is opened with O_TRUNC by filelock: through a link it would empty the target."""
    outside = tmp_path / "bashrc"
    outside.write_text("export PATH\n", encoding="utf-8")
    (ws / "progress" / "yingji.yaml.lock").symlink_to(outside)
    refused(*update_args(ws))
    assert outside.read_text(encoding="utf-8") == "export PATH\n"
    assert not (ws / "progress" / "yingji.yaml").exists()


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull, "HOME": str(cwd)}
    identity = ["-c", "user.name=liaison", "-c", "user.email=liaison@xiaofang.example", "-c", "init.defaultBranch=main"]
    done = subprocess.run(["git", *identity, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@POSIX
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_link_planted_through_git_is_refused_for_update(tmp_path: Path) -> None:
    """A liaison commits progress/xiaofang.yaml -> ../../.bashrc; the office pulls and records."""
    home = tmp_path / "office"
    home.mkdir()
    bashrc = home / ".bashrc"
    bashrc.write_text("alias ll='ls -l'\n", encoding="utf-8")
    shared = home / "shared"
    ok("init", str(shared))
    _git(shared, "init", "-q")
    _git(shared, "add", ".")
    _git(shared, "commit", "-qm", "init")
    liaison = tmp_path / "liaison"
    _git(tmp_path, "clone", "-q", str(shared), str(liaison))
    (liaison / "progress" / "xiaofang.yaml").symlink_to(Path("..", "..", ".bashrc"))
    _git(liaison, "add", "progress/xiaofang.yaml")
    _git(liaison, "commit", "-qm", "消防 progress")
    _git(liaison, "push", "-q", "origin", "HEAD:refs/heads/liaison")
    _git(shared, "merge", "-q", "liaison")
    assert (shared / "progress" / "xiaofang.yaml").is_symlink()
    run = refused("--data", str(shared), "update", "5.3.2", "--dept", "消防救援大队", "--status", "推进中", "--date", "2025-04-20")
    assert "progress/xiaofang.yaml" in run.err
    assert bashrc.read_text(encoding="utf-8") == "alias ll='ls -l'\n"


@POSIX
def test_import_refuses_a_progress_file_that_is_a_link(ws: Path, tmp_path: Path) -> None:
    path = _export(ws, tmp_path / "住建局.xlsx", "--dept", "县住建局")
    path = fill(path, {"5.3.2": {"状态": "推进中", "完成百分比": 50, "填报日期": "2025-06-12"}})
    outside = tmp_path / "bashrc"
    outside.write_text("x\n", encoding="utf-8")
    (ws / "progress" / "zhujian.yaml").symlink_to(outside)
    run = anquan("--data", str(ws), "import", str(path))
    assert run.code == 2, (run.out, run.err)
    assert "符号链接" in run.err, (run.out, run.err)
    assert "已记录" not in run.out, (run.out, run.err)
    assert outside.read_text(encoding="utf-8") == "x\n"


@POSIX
@pytest.mark.parametrize("kind", ["link", "dangling", "fifo", "chardev", "stdout"])
def test_export_o_refuses_a_link_or_a_special_file(ws: Path, tmp_path: Path, kind: str) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n", encoding="utf-8")
    target = tmp_path / "out.json"
    if kind == "link":
        target.symlink_to(outside)
    elif kind == "dangling":
        target.symlink_to(tmp_path / "nowhere.json")
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "chardev":  # a null device of our own: a bug here must not replace the real /dev/null
        if not hasattr(os, "getuid") or os.getuid() != 0:
            pytest.skip("needs root to make a device node")
        os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    else:
        target = Path("/proc/self/fd/1")
        if not target.is_symlink():
            pytest.skip("no /proc")
    before = os.lstat(target)
    line = one_error(process("--data", str(ws), "export", "--format", "json", "-o", str(target), timeout=30))
    assert str(target) in line
    after = os.lstat(target)
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode)
    assert after.st_ino == before.st_ino
    assert outside.read_text(encoding="utf-8") == "keep\n"
    assert not (tmp_path / "nowhere.json").exists()


@POSIX
def test_schema_output_dir_refuses_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n", encoding="utf-8")
    out = tmp_path / "schemas"
    out.mkdir()
    (out / "tasks.schema.json").symlink_to(outside)
    run = refused("schema", "--output-dir", str(out))
    assert "tasks.schema.json" in run.err
    assert (out / "tasks.schema.json").is_symlink()
    assert outside.read_text(encoding="utf-8") == "keep\n"


@POSIX
def test_the_cache_refuses_to_write_through_a_link(ws: Path, tmp_path: Path, cache_dir: Path) -> None:
    outside = tmp_path / "bashrc"
    outside.write_text("keep\n", encoding="utf-8")
    cache_file = IndexedData(ws, cache_dir).path
    assert cache_file is not None
    cache_file.symlink_to(outside)
    run = anquan("--data", str(ws), "list", "--clause", "5.3")
    assert run.code == 2, run.err
    assert run.err.count("\n") == 1
    assert str(cache_file.name) in run.err
    assert "符号链接" in run.err
    assert cache_file.is_symlink()
    assert outside.read_text(encoding="utf-8") == "keep\n"


@POSIX
@pytest.mark.parametrize("dangling", [False, True])
def test_init_refuses_a_link(tmp_path: Path, dangling: bool) -> None:
    elsewhere = tmp_path / "elsewhere"
    if not dangling:
        elsewhere.mkdir()
    (tmp_path / "ws").symlink_to(elsewhere)
    run = refused("init", str(tmp_path / "ws"))
    assert "符号链接" in run.err
    assert (list(elsewhere.iterdir()) == []) if not dangling else not elsewhere.exists()


@POSIX
@pytest.mark.parametrize("kind", ["link", "fifo"])
def test_a_link_or_fifo_planted_after_the_check_is_refused_on_open(tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second line of defence: O_NOFOLLOW, and the type of the descriptor actually opened."""
    outside = tmp_path / "bashrc"
    outside.write_text("keep\n", encoding="utf-8")
    path = tmp_path / "yingji.yaml"
    if kind == "link":
        path.symlink_to(outside)
    else:
        os.mkfifo(path)
    monkeypatch.setattr(textfile, "refuse_unsafe_target", lambda *args, **kwargs: None)  # the race: the check saw nothing
    with pytest.raises(WorkspaceError, match="symbolic link" if kind == "link" else "not a regular file"):  # core messages: English in tests
        textfile.open_for_append(path, "yingji.yaml")
    assert outside.read_text(encoding="utf-8") == "keep\n"


# ── 2. special files, modes, the workspace's own files ──


@POSIX
def test_a_fifo_as_progress_file_does_not_hang_update(ws: Path) -> None:
    os.mkfifo(ws / "progress" / "yingji.yaml")
    line = one_error(process(*update_args(ws), timeout=30))
    assert "progress/yingji.yaml" in line
    assert "不是普通文件" in line
    assert stat.S_ISFIFO(os.lstat(ws / "progress" / "yingji.yaml").st_mode)


@POSIX
def test_export_keeps_the_mode_of_the_file_it_replaces(ws: Path, tmp_path: Path) -> None:
    target = tmp_path / "private.json"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    ok("--data", str(ws), "export", "--format", "json", "-o", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text(encoding="utf-8"))["notice"]["number"] == "陵政发〔2025〕1号"


@pytest.mark.parametrize("name", ["progress/yingji.yaml", "tasks.yaml", "departments.yaml", "notice.txt", "assignments.yaml", "people.yaml"])
def test_export_refuses_to_overwrite_the_workspaces_own_files(ws: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    ok(*update_args(ws))
    if not (ws / name).exists():  # a valid file of its kind: assignments.yaml is read with the catalogue
        (ws / name).write_text("# local data\n" + ("title: 试\ntasks: []\n" if name == "assignments.yaml" else ""), encoding="utf-8")
    before = snapshot(ws)
    run = refused("--data", str(ws), "export", "--format", "json", "-o", str(ws / name))
    assert "工作区" in run.err
    assert snapshot(ws) == before
    monkeypatch.chdir(ws / "progress")  # found from inside, named relative to it
    run = refused("export", "--format", "csv", "-o", "../" + name)
    assert snapshot(ws) == before


# ── 3. a full disk ──


def _entry(note: str = "普查过半") -> ProgressEntry:
    return ProgressEntry(
        task="5.3.2",
        unit="yingji",
        status="推进中",
        percent=60,
        date=dt.date(2025, 4, 20),
        note=note,
        recorded_at=dt.datetime(2025, 4, 20, 9, 0, tzinfo=dt.timezone.utc),
    )


def test_an_append_loops_on_short_writes(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write
    calls: list[int] = []

    def short_write(fd: int, data: bytes) -> int:
        calls.append(len(data))
        return real_write(fd, bytes(data[:7]))  # a disk that takes 7 bytes at a time

    progress.append_entry(ws, _entry("第一条"), "县应急局")
    before = (ws / "progress" / "yingji.yaml").read_bytes()
    monkeypatch.setattr(os, "write", short_write)
    progress.append_entry(ws, _entry("第二条"), "县应急局")
    monkeypatch.undo()
    assert len(calls) > 5
    assert (ws / "progress" / "yingji.yaml").read_bytes() == before + progress.entry_line(_entry("第二条")).encode("utf-8")


@pytest.mark.parametrize("fail_after", [0, 1, 3])
def test_a_full_disk_leaves_the_progress_file_as_it_was(ws: Path, monkeypatch: pytest.MonkeyPatch, fail_after: int) -> None:
    ok(*update_args(ws))
    path = ws / "progress" / "yingji.yaml"
    before = path.read_bytes()
    real_write = os.write
    calls = {"n": 0}

    def full_disk(fd: int, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] > fail_after:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, bytes(data[:10]))

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(WorkspaceError, match=r"progress/yingji\.yaml"):
        progress.append_entry(ws, _entry(), "县应急局")
    monkeypatch.undo()
    assert path.read_bytes() == before


def test_a_full_disk_on_the_first_entry_leaves_no_file(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full_disk)
    run = anquan(*update_args(ws))
    monkeypatch.undo()
    assert run.code == 2, (run.out, run.err)
    assert "已记录" not in run.out, (run.out, run.err)
    assert run.err.startswith(("anquan: error: ", "anquan：错误：")), (run.out, run.err)
    assert not (ws / "progress" / "yingji.yaml").exists()


def test_write_atomic_checks_the_written_length(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "write", lambda fd, data: 0)  # a device that takes nothing
    with pytest.raises(OSError, match="No space left"):
        textfile.write_atomic(target, b"new contents")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def _unshare_available() -> bool:
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return False
    mount = "mount -t tmpfs -o size=64k tmpfs /mnt || mount -t tmpfs -o size=64k tmpfs /tmp"
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", mount], capture_output=True, check=False)
    return probe.returncode == 0


TINY_FS = pytest.mark.skipif(not _unshare_available(), reason="needs a private mount namespace to mount a tiny tmpfs")


def in_tiny_fs(mount: Path, script: str, *, size: str = "64k", ro: bool = False) -> subprocess.CompletedProcess[str]:
    """Run a shell script with a fresh tmpfs of `size` mounted at `mount` (seen by it alone)."""
    options = f"size={size}" + (",ro" if ro else "")
    shell = f"mount -t tmpfs -o {options} tmpfs {mount} && cd {mount} && {script}"
    env = {k: v for k, v in os.environ.items() if k not in ("ANQUAN_DATA", "ANQUAN_LANG")}
    return subprocess.run(["unshare", "-rm", "sh", "-c", shell], capture_output=True, text=True, timeout=120, env=env, check=False)


@TINY_FS
def test_update_on_a_really_full_disk_exits_2_and_changes_nothing(ws: Path, tmp_path: Path) -> None:
    """progress/ on a 16 kB tmpfs: one entry fits, then a filler takes the rest of the disk."""
    anquan_cmd = f"{sys.executable} -m anquan_cli"
    before = tmp_path / "before.yaml"
    note = "很长的进展情况" * 400  # ~8.4 kB: more than the disk has left
    script = (
        f"{anquan_cmd} {shlex.join(update_args(ws, note='第一条'))} > /dev/null && "
        "head -c 1000000 /dev/zero > filler 2>/dev/null; "
        f"cp yingji.yaml {before} && {anquan_cmd} {shlex.join(update_args(ws, note=note))}; echo rc=$?; "
        f"cmp {before} yingji.yaml && echo same"
    )
    run = in_tiny_fs(ws / "progress", script, size="16k")
    assert "rc=2" in run.stdout, (run.stdout, run.stderr)
    assert "same" in run.stdout, (run.stdout, run.stderr)
    assert "已记录" not in run.stdout, (run.stdout, run.stderr)
    assert before.read_bytes().count(b"\n- ") == 1
    errors = run.stderr.splitlines()
    assert len(errors) == 1, run.stderr
    assert errors[0].startswith(("anquan: error: ", "anquan：错误：")), run.stderr
    assert "yingji.yaml" in errors[0], run.stderr


@TINY_FS
def test_export_on_a_really_full_disk_keeps_the_old_file(ws: Path, tmp_path: Path) -> None:
    mount = tmp_path / "disk"
    mount.mkdir()
    script = (
        "echo old > out.json && head -c 100000 /dev/zero > filler 2>/dev/null; "
        f"{sys.executable} -m anquan_cli --data {ws} export --format json -o out.json; echo rc=$?; cat out.json; ls -a"
    )
    run = in_tiny_fs(mount, script)
    assert "rc=2" in run.stdout, (run.stdout, run.stderr)
    assert "\nold\n" in run.stdout
    assert ".tmp" not in run.stdout
    assert "out.json" in run.stderr
    assert "Traceback" not in run.stderr


# ── 4. nesting depth ──


def _deep(n: int) -> str:
    return "[" * n + "]" * n


def test_a_deeply_nested_progress_line_is_a_located_error(ws: Path) -> None:
    ok(*update_args(ws))
    path = ws / "progress" / "yingji.yaml"
    with path.open("a", encoding="utf-8") as f:
        f.write('- {"task": "5.3.2", "unit": "yingji", "status": "推进中", "note": ' + _deep(600) + "}\n")
        f.write("- {task: 5.3.2, unit: yingji, status: 推进中, note: " + _deep(600) + "}\n")
    lines = path.read_text(encoding="utf-8").splitlines()
    run = anquan("--data", str(ws), "validate")
    assert run.code == 2, run.err
    assert "RecursionError" not in run.err, run.err
    for number in (len(lines) - 1, len(lines)):
        assert any(line.startswith(f"progress/yingji.yaml:{number}:") or f"yingji.yaml:{number}:" in line for line in run.err.splitlines()), run.err
    assert "嵌套" in run.err
    report = anquan("--data", str(ws), "summary", "--as-of", "2025-05-01")
    assert report.code == 0
    assert "RecursionError" not in report.err


@pytest.mark.parametrize("name", ["tasks.yaml", "departments.yaml"])
@pytest.mark.parametrize("style", ["flow", "block"])
def test_deep_nesting_in_a_catalogue_file_is_a_located_error(ws: Path, name: str, style: str) -> None:
    path = ws / name
    block = "deep:\n" + "".join(" " * (i + 1) + "k:\n" for i in range(600)) + " " * 601 + "k: 1\n"
    extra = "deep: " + _deep(600) + "\n" if style == "flow" else block
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    run = anquan("--data", str(ws), "validate")
    assert run.code == 2, run.err
    assert "RecursionError" not in run.err
    assert "internal error" not in run.err
    first = run.err.splitlines()[0]
    assert re.match(rf"^\S*{re.escape(name)}:\d+:\d+: ", first), first  # file:line:col
    assert "嵌套" in first


# ── 5. bounded work and messages ──


def test_many_problems_are_cut_after_a_hundred(ws: Path) -> None:
    path = ws / "tasks.yaml"
    text = path.read_text(encoding="utf-8")
    unknown = "".join(f"  - {{id: '{i}', heading: h, x{i}: 1}}\n" for i in range(20000))
    path.write_text(text.replace("sections:\n", "sections:\n" + unknown, 1), encoding="utf-8")
    run = anquan("--data", str(ws), "validate")
    assert run.code == 2
    lines = run.err.splitlines()
    assert len(lines) <= 103, len(lines)
    assert any("19900" in line or "更多" in line or "另有" in line for line in lines[-2:]), lines[-3:]


def test_a_catalogue_over_its_size_limit_is_refused_before_it_is_read(ws: Path) -> None:
    path = ws / "tasks.yaml"
    with path.open("a", encoding="utf-8") as f:
        f.write("# " + "x" * (textfile.MAX_CATALOGUE_BYTES) + "\n")
    run = anquan("--data", str(ws), "validate")
    assert run.code == 2
    assert f"超过上限{textfile.MAX_CATALOGUE_BYTES}字节" in run.err


def test_the_largest_benchmark_catalogue_fits_the_limit(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "make_workspace.py"), "--tasks", "50000", "--units", "100", "--progress", "10", str(tmp_path / "big")],
        check=True,
        capture_output=True,
    )
    biggest = max((tmp_path / "big" / name).stat().st_size for name in ("tasks.yaml", "departments.yaml"))
    assert biggest * 3 // 2 <= textfile.MAX_CATALOGUE_BYTES  # room to grow by half
    items = yamlfile.item_count((tmp_path / "big" / "tasks.yaml").read_text(encoding="utf-8"))
    assert items * 2 <= yamlfile.MAX_CATALOGUE_ITEMS
    parsed = yamlfile.load_yaml(tmp_path / "big" / "tasks.yaml")  # read and parsed, not refused
    assert len(parsed.data["clauses"]) > 9000


def test_a_catalogue_of_tiny_items_is_refused_before_it_is_parsed(ws: Path) -> None:
    """Under the size limit, but 1.6 million keys: it would cost what three real catalogues of its size do."""
    path = ws / "tasks.yaml"
    text = path.read_text(encoding="utf-8")
    unknown = "".join(f"  - {{id: '{i}', h: x{i}: 1}}\n" for i in range(400_000))
    path.write_text(text.replace("sections:\n", "sections:\n" + unknown, 1), encoding="utf-8")
    assert path.stat().st_size < textfile.MAX_CATALOGUE_BYTES
    run = anquan("--data", str(ws), "validate")
    assert run.code == 2
    lines = run.err.splitlines()
    assert len(lines) == 2
    assert "超过上限1500000" in lines[0]
    assert lines[0].startswith(str(ws / "tasks.yaml") + ": ") or lines[0].startswith("tasks.yaml: ")


def test_a_huge_value_is_cut_in_the_message(ws: Path, edit: object) -> None:
    path = ws / "tasks.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  year: 2025", "  year: " + "九" * 200000, 1), encoding="utf-8")
    run = anquan("--data", str(ws), "validate")
    assert run.code == 2
    assert max(len(line) for line in run.err.splitlines()) < 400
    assert "…" in run.err


def test_a_huge_task_id_in_a_progress_line_is_cut_in_the_warning(ws: Path) -> None:
    ok(*update_args(ws))
    path = ws / "progress" / "yingji.yaml"
    line = json.loads(path.read_text(encoding="utf-8").splitlines()[-1][2:])
    line["task"] = "9.9." + "9" * 1_000_000
    with path.open("a", encoding="utf-8") as f:
        f.write("- " + json.dumps(line, ensure_ascii=False) + "\n")
    run = anquan("--data", str(ws), "summary", "--as-of", "2025-05-01")
    assert run.code == 0
    assert "yingji.yaml:" in run.err
    assert max(len(line) for line in run.err.splitlines()) < 1000


# ── 6 and 7. control characters from data ──


def _rename_township(ws: Path, new_yaml: str) -> None:
    """崇文镇's name: a township's name is local data (the notice names 各乡镇), so any text will do."""
    path = ws / "departments.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("name: 崇文镇,") == 1
    path.write_text(text.replace("name: 崇文镇,", f"name: {new_yaml},"), encoding="utf-8")


def test_update_does_not_echo_control_characters_of_a_unit_name(ws: Path) -> None:
    _rename_township(ws, '"崇文镇\\e]0;pwned\\a\\e[31m\\u202e"')
    run = ok(*update_args(ws, unit="chongwen"))
    assert not any(ch in run.out for ch in ESC_BEL_RLO), run.out
    assert "\\x1b" in run.out


def test_import_does_not_echo_control_characters_of_a_sheet_name(ws: Path, tmp_path: Path) -> None:
    """A hostile liaison renames a sheet (and the hidden sheet's record of it) in Excel."""
    path = _export(ws, tmp_path / "全县.xlsx", "--unit-sheets")
    path = fill(path, {"5.3.2": {"状态": "推进中", "完成百分比": 50, "填报日期": "2025-06-12"}}, sheet="县住建局")
    wb = openpyxl.load_workbook(path)
    wb["县住建局"].title = "县住建局\u202e"
    for row in wb["_anquan"].iter_rows():
        if row[1].value == "县住建局":
            row[1].value = "县住建局\u202e"
    wb.save(path)
    run = anquan("--data", str(ws), "import", str(path), "--dept", "住建局")  # a workbook of every unit's sheet: one unit at a time
    assert run.code == 0, run.err
    assert not any(ch in run.out + run.err for ch in ESC_BEL_RLO), run.out
    assert "\\u202e" in run.out


def test_markdown_title_and_calendar_name_carry_no_control_characters(ws: Path) -> None:
    path = ws / "tasks.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  number: 陵政发〔2025〕1号", '  number: "陵政发〔2025〕1号\\e[2J\\a\\u202e"', 1), encoding="utf-8")
    notice = ws / "notice.txt"
    notice.write_text(notice.read_text(encoding="utf-8").replace("陵政发〔2025〕1号", "陵政发〔2025〕1号\x1b[2J\x07\u202e", 1), encoding="utf-8")
    for fmt in ("markdown", "ics"):
        run = anquan("--data", str(ws), "export", "--format", fmt, "--as-of", "2025-05-01")
        assert run.code == 0, run.err
        assert not any(ch in run.out for ch in ESC_BEL_RLO), fmt


def _well_formed(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(z.read(name))  # raises on XML that is not well-formed


def test_xlsx_stays_well_formed_with_noncharacters_and_controls(ws: Path, tmp_path: Path) -> None:
    _rename_township(ws, '"崇文镇\\x01\\x1b\\ufffe"')
    ok(*update_args(ws, note="备注\ufffe\uffff结束"))
    out = tmp_path / "all.xlsx"
    ok("--data", str(ws), "export", "--format", "xlsx", "--unit-sheets", "--as-of", "2025-05-01", "-o", str(out))
    _well_formed(out)
    openpyxl.load_workbook(out)


# ── 8. workspace discovery and ownership ──


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to give a folder to another user")
def test_discovery_stops_at_a_workspace_owned_by_another_user(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for path in [ws, *ws.rglob("*")]:
        os.chown(path, 65534, 65534, follow_symlinks=False)
    (ws / "sub").mkdir()
    monkeypatch.chdir(ws / "sub")
    run = refused("progress")
    assert "其他用户" in run.err
    assert "--data" in run.err
    ok("--data", str(ws), "progress")  # named explicitly, it is used


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to give a folder to another user")
def test_discovery_does_not_walk_past_a_folder_owned_by_another_user(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    below = ws / "shared"
    below.mkdir()
    os.chown(below, 65534, 65534)
    monkeypatch.chdir(below)
    run = refused("update", "5.3.2", "--dept", "应急局", "--status", "推进中", "--date", "2025-04-20")
    assert "不在工作区" in run.err or "不是工作区" in run.err
    assert not (ws / "progress" / "yingji.yaml").exists()


# ── 9. strict entries ──


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ('"percent": true', "percent"),
        ('"percent": 50.0', "percent"),
        ('"date": "0001-01-01"', "早于通知印发日期"),
        ('"date": "9999-12-31"', "晚于今天"),
    ],
)
def test_entries_of_the_wrong_type_or_outside_the_notice_year_are_refused(ws: Path, fields: str, message: str) -> None:
    ok(*update_args(ws))
    path = ws / "progress" / "yingji.yaml"
    line = json.loads(path.read_text(encoding="utf-8").splitlines()[-1][2:])
    line.pop("percent")
    line["date"] = "2025-04-21"
    text = json.dumps(line, ensure_ascii=False, separators=(", ", ": "))
    key = fields.split(":")[0].strip('"')
    line.pop(key, None)
    text = json.dumps(line, ensure_ascii=False, separators=(", ", ": "))[:-1] + ", " + fields + "}"
    with path.open("a", encoding="utf-8") as f:
        f.write("- " + text + "\n")
    number = len(path.read_text(encoding="utf-8").splitlines())
    run = anquan("--data", str(ws), "validate")
    assert run.code == 2
    assert f"progress/yingji.yaml:{number}:" in run.err, run.err
    assert message in run.err, run.err
    history = anquan("--data", str(ws), "history", "5.3.2", "--format", "json")
    assert history.code == 0
    assert len(json.loads(history.out)) == 1
    assert f"progress/yingji.yaml:{number}:" in history.err
    assert "已跳过" in history.err


# ── 10. init on a read-only or full disk ──


@TINY_FS
@pytest.mark.parametrize(("size", "ro"), [("64k", False), ("1m", True)])
def test_init_on_a_read_only_or_full_disk_leaves_nothing(tmp_path: Path, size: str, ro: bool) -> None:
    mount = tmp_path / "disk"
    mount.mkdir()
    run = in_tiny_fs(mount, f"{sys.executable} -m anquan_cli init ws; echo rc=$?; ls -A", size=size, ro=ro)
    assert "rc=2" in run.stdout, (run.stdout, run.stderr)
    assert run.stdout.strip().splitlines()[-1] == "rc=2", run.stdout  # nothing listed after it
    errors = run.stderr.splitlines()
    assert len(errors) == 1, run.stderr
    assert errors[0].startswith(("anquan: error: ", "anquan：错误：")), run.stderr
    assert "ws" in errors[0], run.stderr


def test_the_cache_does_not_keep_an_entry_skipped_as_future_past_its_day(ws: Path, cache_dir: Path) -> None:
    """Skipping an entry dated after today depends on the day: a cache from yesterday must not decide."""
    ok(*update_args(ws))
    path = ws / "progress" / "yingji.yaml"
    line = json.loads(path.read_text(encoding="utf-8").splitlines()[-1][2:])
    line["date"] = "2025-04-25"
    with path.open("a", encoding="utf-8") as f:
        f.write("- " + json.dumps(line, ensure_ascii=False) + "\n")
    before = IndexedData(ws, cache_dir, today=dt.date(2025, 4, 22))
    assert len(before.progress().rows) == 1
    assert "2025-04-25" in str(before.progress().warnings[0])
    before.save()
    after = IndexedData(ws, cache_dir, today=dt.date(2025, 4, 25))
    assert [row[progress._DATE] for row in after.progress().rows] == [dt.date(2025, 4, 20), dt.date(2025, 4, 25)]
    assert after.progress().warnings == []


def test_a_printable_cell_is_shown_as_it_is_and_every_other_character_as_before() -> None:
    # cell_text and safe_text pass a printable text through without their replacements and
    # escapes: sound only if every character those change is one str.isprintable refuses
    # (checked for every one)
    from anquan_cli.render import _UNSAFE, _visible, cell_text, safe_text

    def changed(ch: str) -> bool:
        return _UNSAFE.sub(_visible, ch.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")) != ch

    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if ch.isprintable():
            assert not changed(ch), hex(code)
            assert cell_text(ch) == ch
            assert _UNSAFE.sub(_visible, ch) == ch  # what safe_text would do without its own shortcut
        else:
            assert cell_text(ch) == safe_text(ch.replace("\n", " ").replace("\t", " ")), hex(code)
    assert cell_text("甲\r\n乙\t丙\x1b") == "甲 乙 丙\\x1b"


# ── text that is not valid Unicode: a byte the terminal could not decode ──


def test_a_note_that_is_not_valid_unicode_is_refused_and_nothing_written(ws: Path) -> None:
    """On a terminal not in UTF-8 Python hands a byte it cannot decode on as a lone surrogate
    (a\\udcffb): no index or file can hold it as text, so update refuses it, in one line, exit 2."""
    before = snapshot(ws)
    run = process(*update_args(ws, note="a\udcffb"), env={"PYTHONIOENCODING": "utf-8:surrogateescape"})
    assert "note" in one_error(run)
    assert snapshot(ws) == before


@pytest.mark.parametrize("command", [["progress"], ["summary"], ["export", "--format", "csv"], ["export", "--format", "xlsx", "-o", "BOOK"], ["due"]])
def test_a_line_written_by_hand_with_text_that_is_not_valid_unicode_is_skipped_with_and_without_the_index(ws: Path, tmp_path: Path, command: list[str]) -> None:
    command = [str(tmp_path / "book.xlsx") if word == "BOOK" else word for word in command]  # never into the working directory
    moment = dt.datetime(2025, 4, 20, 9, tzinfo=dt.timezone.utc)
    line = progress.entry_line(ProgressEntry(task="5.3.2", unit="yingji", status="推进中", date=dt.date(2025, 4, 20), note="NOTE", recorded_at=moment))
    with (ws / "progress" / "yingji.yaml").open("a", encoding="utf-8") as f:
        f.write(line.replace('"NOTE"', '"a\\udcffb"'))  # the escape JSON writes a lone surrogate as
    outputs = []
    for cache in ([], ["--no-cache"], []):
        run = anquan(*cache, "--data", str(ws), *command, "--as-of", "2025-05-01")
        assert run.code == 0, run.err
        assert re.fullmatch(r"警告：[^\n]*progress/yingji\.yaml:\d+:1: note 含有不是有效 Unicode 的字符（a\\udcffb，[^\n]*；该条已跳过\n", run.err), run.err
        outputs.append((run.out.replace(str(ws), "WS"), run.err))
    assert outputs[0] == outputs[1] == outputs[2]
