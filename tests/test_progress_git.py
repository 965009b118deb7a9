"""Units working in separate git clones of one workspace: their appends merge without conflict.

Real git and real `python -m anquan_cli` processes. Each unit appends to its own
progress/<unit>.yaml, and `anquan init` writes `.gitattributes` with `merge=union`, so even two
clones appending to the same file merge cleanly. Git runs with no global or system config;
every commit names its author with `-c user.name=… -c user.email=…`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command")

HEADER = ("# ", "unit: ", "entries:")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "ANQUAN_"))}
    home = tmp_path / "home"
    home.mkdir()
    environment.update(
        HOME=str(home),
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_TERMINAL_PROMPT="0",
        LC_ALL="C.UTF-8",
    )
    return environment


def git(env: dict[str, str], cwd: Path, *args: str, who: str = "县安委办") -> str:
    identity = ["-c", f"user.name={who}", "-c", f"user.email={who}@lingchuan.example"]
    run = subprocess.run(["git", *identity, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, (args, run.stdout, run.stderr)
    return run.stdout + run.stderr


def anquan(env: dict[str, str], cwd: Path, *args: str) -> str:
    """`anquan ARGS` as a process in `cwd` (which finds the workspace): must succeed, silently on stderr."""
    run = subprocess.run([sys.executable, "-m", "anquan_cli", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, (args, run.stdout, run.stderr)
    assert run.stderr == ""
    return run.stdout


def update(env: dict[str, str], clone: Path, task: str, unit: str, status: str, date: str, *more: str) -> None:
    out = anquan(env, clone, "update", task, "--dept", unit, "--status", status, "--date", date, *more)
    assert out.startswith("已记录：")


def commit(env: dict[str, str], clone: Path, message: str, who: str) -> None:
    git(env, clone, "add", "-A")
    git(env, clone, "commit", "-q", "-m", message, who=who)


def parse_progress(clone: Path) -> dict[str, list[dict[str, object]]]:
    """Every progress file, checked line by line and as YAML: unit id → entries."""
    found = {}
    for path in sorted((clone / "progress").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert "<<<<<<<" not in text
        assert ">>>>>>>" not in text
        lines = text.splitlines()
        entries = [json.loads(line[2:]) for line in lines if line.startswith("- ")]
        assert all(line.startswith(("- ", *HEADER)) for line in lines), text
        document = yaml.safe_load(text)
        assert document["unit"] == path.stem
        assert document["entries"] == entries
        assert {e["unit"] for e in entries} == {path.stem}
        found[path.stem] = entries
    return found


def history(env: dict[str, str], clone: Path, task: str) -> list[tuple[str, str, str, int]]:
    records = json.loads(anquan(env, clone, "history", task, "--format", "json"))
    return [(r["date"], r["unit"], r["status"], r["percent"]) for r in records]


@pytest.fixture
def hub(tmp_path: Path, env: dict[str, str]) -> Path:
    """A shared bare repository holding a workspace with one entry of 县应急局."""
    anquan(env, tmp_path, "init", "origin")
    origin = tmp_path / "origin"
    update(env, origin, "5.3.2", "应急局", "推进中", "2025-05-01", "--percent", "20")
    git(env, origin, "init", "-q", "-b", "main")
    commit(env, origin, "初始化", "县安委办")
    assert git(env, origin, "check-attr", "merge", "progress/yingji.yaml").strip() == "progress/yingji.yaml: merge: union"
    git(env, tmp_path, "clone", "-q", "--bare", "origin", "hub.git")
    return tmp_path / "hub.git"


def test_two_clones_merge_without_conflict_and_every_entry_counts(tmp_path: Path, env: dict[str, str], hub: Path) -> None:
    git(env, tmp_path, "clone", "-q", str(hub), "a")
    git(env, tmp_path, "clone", "-q", str(hub), "b")
    a, b = tmp_path / "a", tmp_path / "b"

    # clone A: 县应急局 reports, appending to progress/yingji.yaml
    update(env, a, "5.3.2", "应急局", "推进中", "2025-05-20", "--percent", "50")
    update(env, a, "5.3.3", "应急局", "推进中", "2025-05-21", "--percent", "30")
    commit(env, a, "应急局填报", "县应急局")
    git(env, a, "push", "-q", "origin", "main")

    # clone B: 县住建局 and 崇文镇 report, and one more 县应急局 line goes into the same file as A's
    update(env, b, "5.3.2", "住建局", "已完成", "2025-05-21", "--note", "普查完成")
    update(env, b, "5.3.2", "崇文镇", "推进中", "2025-05-22", "--percent", "30")
    update(env, b, "5.3.2", "应急局", "推进中", "2025-05-23", "--percent", "60")
    commit(env, b, "住建局、崇文镇填报", "县住建局")
    merged = git(env, b, "pull", "--no-rebase", "--no-edit", "origin", "main", who="县住建局")
    assert "CONFLICT" not in merged
    assert git(env, b, "ls-files", "-u") == ""
    assert git(env, b, "status", "--porcelain") == ""
    assert len(git(env, b, "log", "--merges", "--format=%H").split()) == 1
    git(env, b, "push", "-q", "origin", "main")
    git(env, a, "pull", "-q", "--no-rebase", "origin", "main")

    for clone in (a, b):
        files = parse_progress(clone)
        assert {unit: len(entries) for unit, entries in files.items()} == {"yingji": 4, "zhujian": 1, "chongwen": 1}
        assert sorted((e["date"], e["percent"]) for e in files["yingji"]) == [
            ("2025-05-01", 20),
            ("2025-05-20", 50),
            ("2025-05-21", 30),
            ("2025-05-23", 60),
        ]
    # the same files in both clones now (lock files are left behind, ignored by .gitignore)
    assert {p.name: p.read_bytes() for p in (a / "progress").glob("*.yaml")} == {p.name: p.read_bytes() for p in (b / "progress").glob("*.yaml")}
    assert git(env, a, "rev-parse", "HEAD") == git(env, b, "rev-parse", "HEAD")
    assert git(env, b, "check-ignore", "progress/zhujian.yaml.lock").strip() == "progress/zhujian.yaml.lock"

    for clone in (a, b):
        assert "进度记录：6条，均有效。" in anquan(env, clone, "validate").splitlines()
        assert history(env, clone, "5.3.2") == [
            ("2025-05-01", "yingji", "推进中", 20),
            ("2025-05-20", "yingji", "推进中", 50),
            ("2025-05-21", "zhujian", "已完成", 100),
            ("2025-05-22", "chongwen", "推进中", 30),
            ("2025-05-23", "yingji", "推进中", 60),
        ]
        assert history(env, clone, "5.3.3") == [("2025-05-21", "yingji", "推进中", 30)]

    rows = json.loads(anquan(env, b, "progress", "--section", "5", "--as-of", "2025-06-30", "--format", "json"))
    task = next(r for r in rows if r["task"] == "5.3.2")
    assert task["status"] == "in_progress"
    assert task["percent"] == round((60 + 100 + 30) / 17, 1)
    assert task["units"]["yingji"] == {"status": "in_progress", "percent": 60, "date": "2025-05-23"}
    assert task["units"]["zhujian"] == {"status": "done", "percent": 100, "date": "2025-05-21"}
    assert task["units"]["chongwen"] == {"status": "in_progress", "percent": 30, "date": "2025-05-22"}
    total = json.loads(anquan(env, b, "progress", "--as-of", "2025-06-30", "--format", "json"))[-1]
    # Counted: the 79 tasks that are neither standing (21, 5.3.3 among them: its report is not a
    # step towards done) nor contingent and not triggered (9); by 06-30 each recurring one has
    # only its first occurrence open. So 5.3.2 is the one in progress.
    assert (total["tasks"], total["in_progress"], total["not_started"]) == (79, 1, 78)

    summary = anquan(env, b, "summary", "--as-of", "2025-07-10")
    # by 07-10 1.1.2's second half (2025H2) has opened too: 80 occurrences; overdue are 5.3.2
    # and 1.1.2's first half
    assert "纳入进度统计的事项80个（各周期分别计）" in summary
    assert "推进中1个（1.2%），未启动79个（98.8%），逾期2个（2.5%）" in summary
    assert "另有常态化工作21项，按报送情况评价，不计完成率。待触发事项9项" in summary
    line = next(x for x in summary.splitlines() if x.startswith("\u3000\u30002. 5.3.2 "))
    assert "推进中的有县应急局（60%）、崇文镇（30%）" in line  # 应急局 from clone B, dated after clone A's 50%; 崇文镇 clone B
    assert "县住建局" not in line  # done in clone B
    assert anquan(env, a, "summary", "--as-of", "2025-07-10") == summary


def test_two_clones_creating_the_same_unit_file_merge_too(tmp_path: Path, env: dict[str, str], hub: Path) -> None:
    """No progress/xiaofang.yaml in the base: both clones create it (an add/add merge)."""
    git(env, tmp_path, "clone", "-q", str(hub), "a")
    git(env, tmp_path, "clone", "-q", str(hub), "b")
    a, b = tmp_path / "a", tmp_path / "b"
    update(env, a, "5.3.2", "消防大队", "推进中", "2025-06-01", "--percent", "10")
    update(env, a, "5.3.2", "应急局", "推进中", "2025-06-01", "--percent", "25")
    commit(env, a, "消防大队填报（A）", "县消防救援大队")
    git(env, a, "push", "-q", "origin", "main")
    update(env, b, "4.2.1", "消防大队", "已完成", "2025-06-02")
    update(env, b, "5.3.2", "应急局", "推进中", "2025-06-03", "--percent", "35")
    commit(env, b, "消防大队填报（B）", "县消防救援大队")
    merged = git(env, b, "pull", "--no-rebase", "--no-edit", "origin", "main", who="县消防救援大队")
    assert "CONFLICT" not in merged
    assert git(env, b, "ls-files", "-u") == ""
    assert git(env, b, "status", "--porcelain") == ""

    files = parse_progress(b)
    assert {unit: len(entries) for unit, entries in files.items()} == {"xiaofang": 2, "yingji": 3}
    assert "进度记录：5条，均有效。" in anquan(env, b, "validate").splitlines()
    assert sorted((e["task"], e["status"]) for e in files["xiaofang"]) == [("4.2.1", "已完成"), ("5.3.2", "推进中")]
    assert history(env, b, "5.3.2") == [
        ("2025-05-01", "yingji", "推进中", 20),
        ("2025-06-01", "xiaofang", "推进中", 10),
        ("2025-06-01", "yingji", "推进中", 25),
        ("2025-06-03", "yingji", "推进中", 35),
    ]
    assert history(env, b, "4.2.1") == [("2025-06-02", "xiaofang", "已完成", 100)]
    rows = json.loads(anquan(env, b, "progress", "--dept", "xiaofang", "--as-of", "2025-06-30", "--format", "json"))
    assert [(r["task"], r["unit_status"], r["percent"]) for r in rows if r["date"]] == [("4.2.1", "done", 100), ("5.3.2", "in_progress", 10)]
