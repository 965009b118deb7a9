"""The small things of issue 13 that looked broken: a closed pipe, the pending list of verify,
a unit without members, a duplicate update, history's filters and times."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers_cli import run

PIPED = [["calendar"], ["list"], ["due", "--as-of", "2025-05-01"], ["progress", "--by", "dept"], ["--help"]]


def environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("ANQUAN_") or k == "ANQUAN_CACHE_DIR"}


@pytest.mark.parametrize("args", PIPED, ids=lambda a: " ".join(a))
def test_a_closed_pipe_exits_zero(args: list[str], tmp_path: Path) -> None:
    """`anquan calendar | head -1`: the reader goes away after one line, or before anything is
    written. Both, several times each (the timing differs from run to run): exit 0, no noise."""
    command = [sys.executable, "-m", "anquan_cli", *args]
    for _ in range(4):
        early = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, env=environment())
        assert early.stdout is not None
        assert early.stderr is not None
        early.stdout.close()  # gone before the first write
        err = early.stderr.read()
        assert early.wait(timeout=60) == 0, err
        assert b"Traceback" not in err
        assert b"Exception" not in err
        assert err.count(b"\n") <= 1  # at most the note that this is the shipped catalogue
        late = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, env=environment())
        assert late.stdout is not None
        assert late.stderr is not None
        assert late.stdout.readline()
        late.stdout.close()  # gone after one line, as head -1 does
        err = late.stderr.read()
        assert late.wait(timeout=60) == 0, err
        assert b"Traceback" not in err
        assert b"Exception ignored" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell pipeline")
def test_calendar_piped_into_head_exits_zero(tmp_path: Path) -> None:
    script = f"{sys.executable} -m anquan_cli calendar | head -1 >/dev/null; exit ${{PIPESTATUS[0]}}"
    for _ in range(6):
        proc = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=environment(), capture_output=True, timeout=60, check=False)
        assert proc.returncode == 0, proc.stderr


# ── in a workspace ──


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    assert run("init", str(ws)).exit_code == 0
    return ws


def update(ws: Path, *args: str, lang: str = "zh") -> object:
    return run("--lang", lang, "--data", str(ws), "update", *args)


def entries(ws: Path, unit: str) -> list[dict[str, object]]:
    path = ws / "progress" / f"{unit}.yaml"
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]) if path.exists() else []


def test_verify_says_how_many_pending_units_it_leaves_out(ws: Path) -> None:
    result = run("--lang", "en", "--data", str(ws), "verify", "5.3.2", "--date", "2025-05-10")
    assert result.exit_code == 2
    matrix = json.loads(run("--data", str(ws), "progress", "--section", "5", "--as-of", "2025-05-10", "--format", "json").stdout)
    count = len(next(r for r in matrix if r["task"] == "5.3.2")["units"])  # none has reported: all pending
    assert count > 8
    line = result.stderr.strip()
    shown = line.split("pending: ")[1].removesuffix(")")
    names, _, total = shown.partition(" … ")
    assert len(names.split("、")) == 8
    assert total == f"({count} in all)"
    chinese = run("--data", str(ws), "verify", "5.3.2", "--date", "2025-05-10")
    assert f"等{count}个" in chinese.stderr  # 等N个 counts them all, as Chinese lists do


def test_a_unit_without_members_is_said_not_to_report(ws: Path) -> None:
    zh = run("--data", str(ws), "progress", "--dept", "县安委办")
    assert zh.exit_code == 2
    assert "不单独填报" in zh.stderr
    assert "成员" in zh.stderr  # says it has none
    en = run("--lang", "en", "--data", str(ws), "progress", "--dept", "县安委办")
    assert "does not report" in en.stderr
    assert "one of its members" not in en.stderr
    group = run("--lang", "en", "--data", str(ws), "progress", "--dept", "安委会成员单位")
    assert "name one of its members, e.g. " in group.stderr  # a group has members to name


def test_an_exact_duplicate_update_is_skipped_as_import_skips_it(ws: Path) -> None:
    args = ["5.3.2", "--dept", "应急局", "--status", "推进中", "--percent", "40", "--note", "已部署", "--date", "2025-05-10"]
    first = update(ws, *args)
    assert first.exit_code == 0
    assert len(entries(ws, "yingji")) == 1
    again = update(ws, *args)
    assert again.exit_code == 0
    assert "完全相同的记录" in again.stdout
    assert len(entries(ws, "yingji")) == 1  # nothing written
    english = update(ws, *args, lang="en")
    assert "already has exactly this entry" in english.stdout
    changed = update(ws, *args[:-4], "--note", "已部署并检查", "--date", "2025-05-10")
    assert changed.exit_code == 0
    assert len(entries(ws, "yingji")) == 2  # a different note is a new report


def test_history_filters_by_unit_and_date_and_shows_local_minutes(ws: Path) -> None:
    update(ws, "5.3.2", "--dept", "应急局", "--status", "推进中", "--percent", "40", "--date", "2025-05-10")
    update(ws, "5.3.2", "--dept", "住建局", "--status", "推进中", "--percent", "20", "--date", "2025-05-12")
    update(ws, "5.3.2", "--dept", "应急局", "--status", "推进中", "--percent", "60", "--date", "2025-06-01")

    def rows(*args: str) -> list[list[str]]:
        out = run("--data", str(ws), "history", "5.3.2", *args, "--format", "plain").stdout
        return [[c.strip() for c in line.split("\t")] for line in out.splitlines()[1:]]

    # columns: 填报日期, 单位, 周期, 状态, 完成百分比, …
    assert [(r[0], r[1], r[4]) for r in rows()] == [("2025-05-10", "县应急局", "40"), ("2025-05-12", "县住建局", "20"), ("2025-06-01", "县应急局", "60")]
    assert [(r[0], r[4]) for r in rows("--dept", "应急局")] == [("2025-05-10", "40"), ("2025-06-01", "60")]
    assert [(r[0], r[4]) for r in rows("--as-of", "2025-05-31")] == [("2025-05-10", "40"), ("2025-05-12", "20")]
    assert [(r[0], r[4]) for r in rows("--dept", "住建局", "--as-of", "5月底")] == [("2025-05-12", "20")]
    recorded = rows()[0][-1]

    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", recorded), recorded  # local, to the minute, no zone
    stored = entries(ws, "yingji")[0]["recorded_at"]

    moment = stored if isinstance(stored, dt.datetime) else dt.datetime.fromisoformat(str(stored))
    assert recorded == moment.astimezone().strftime("%Y-%m-%d %H:%M")
