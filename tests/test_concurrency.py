"""Many processes appending to one workspace at once: no entry lost, none torn.

The 400-entry test runs 8 worker processes, each a small Python script that loads the
catalogue and the progress log once and calls `recording.new_update` and
`progress.append_entry` 50 times — the same two calls `anquan update` makes — all on the same
unit file. (400 launches of
`python -m anquan_cli` take about a minute of CPU on a 2-core machine, too slow for the
suite.) A second test runs the real CLI: 8 concurrent `python -m anquan_cli --data WS update`
processes at a time, 5 rounds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

WORKERS = 8
EACH = 50

WORKER = textwrap.dedent(
    """
    import datetime as dt
    import sys
    import time
    from pathlib import Path

    from anquan_cli.catalogue import load_catalogue
    from anquan_cli.progress import append_entry, load_progress
    from anquan_cli.recording import Clock, new_update, task_log

    root, worker, go = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    cat = load_catalogue(root)
    log = task_log(load_progress(root, cat), "5.3.2")
    deadline = time.monotonic() + 60
    while not go.exists():  # start together, to collide as much as possible
        if time.monotonic() > deadline:
            sys.exit("no go signal")
        time.sleep(0.002)
    # one clock for the process, read again before each entry, as each `anquan update` reads it:
    # stamps strictly increase within the process and are real times across processes
    clock = Clock(dt.date.today(), dt.datetime.now().astimezone())
    for i in range({each}):
        clock.now = dt.datetime.now().astimezone()
        entry = new_update(
            cat,
            log,
            task_id="5.3.2",
            unit="yingji",
            status="in_progress",
            percent=i,
            note=f"w{{worker}}-{{i}}",
            evidence=None,
            date=dt.date(2025, 5, 1) + dt.timedelta(days=i),
            period=None,
            clock=clock,
        )
        append_entry(root, entry, cat.units["yingji"].name)
    """
).format(each=EACH)


def environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("ANQUAN_")}


def anquan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "anquan_cli", *args], env=environment(), capture_output=True, text=True, check=False, timeout=60)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    run = anquan("init", str(tmp_path / "ws"))
    assert run.returncode == 0, run.stderr
    return tmp_path / "ws"


def entry_lines(path: Path) -> tuple[list[str], list[dict[str, object]]]:
    """The header lines and the parsed entry lines of a progress file; every line must be one or the other."""
    header, entries = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("- "):
            entries.append(json.loads(line[2:]))
        else:
            header.append(line)
    return header, entries


def history_notes(ws: Path, task: str) -> list[str]:
    run = anquan("--data", str(ws), "history", task, "--format", "json")
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""  # no line was skipped as damaged
    return [r["note"] for r in json.loads(run.stdout)]


def test_eight_processes_append_fifty_entries_each_to_one_file(ws: Path, tmp_path: Path) -> None:
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, str(script), str(ws), str(w), str(go)],
            env=environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(WORKERS)
    ]
    go.touch()
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        assert (out, err) == ("", "")

    path = ws / "progress" / "yingji.yaml"
    header, entries = entry_lines(path)
    assert header == ["# 县应急局 进度记录：由 anquan 逐条追加，一行一条，请勿改动已有行。", "unit: yingji", "entries:"]  # written once
    assert len(entries) == WORKERS * EACH == 400
    expected = {f"w{w}-{i}" for w in range(WORKERS) for i in range(EACH)}
    assert {e["note"] for e in entries} == expected
    assert len(yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]) == 400
    # each process's own entries are in the order it wrote them
    for w in range(WORKERS):
        assert [e["note"] for e in entries if str(e["note"]).startswith(f"w{w}-")] == [f"w{w}-{i}" for i in range(EACH)]

    notes = history_notes(ws, "5.3.2")
    assert len(notes) == 400
    assert set(notes) == expected
    # ordered by date (2025-05-01 + i): the 8 entries of day i come before those of day i + 1
    assert [int(n.split("-")[1]) for n in notes] == sorted(int(n.split("-")[1]) for n in notes)


def test_concurrent_cli_processes(ws: Path) -> None:
    rounds = 5
    units = ["应急局", "崇文镇"]  # 4 processes on each file at a time
    for r in range(rounds):
        procs = [
            subprocess.Popen(
                [
                    *(sys.executable, "-m", "anquan_cli", "--data", str(ws), "update", "5.3.2"),
                    *("--dept", units[w % 2], "--status", "推进中", "--percent", str(10 * r + w)),
                    *("--note", f"cli-r{r}-w{w}", "--date", f"2025-06-{10 + r:02d}"),
                ],
                env=environment(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for w in range(WORKERS)
        ]
        for proc in procs:
            out, err = proc.communicate(timeout=60)
            assert proc.returncode == 0, err
            assert err == ""
            assert out.startswith("已记录：")
    expected = {f"cli-r{r}-w{w}" for r in range(rounds) for w in range(WORKERS)}
    notes = history_notes(ws, "5.3.2")
    assert len(notes) == rounds * WORKERS == 40
    assert set(notes) == expected
    for unit, parity in (("yingji", 0), ("chongwen", 1)):
        header, entries = entry_lines(ws / "progress" / f"{unit}.yaml")
        assert len(header) == 3
        assert header[1:] == [f"unit: {unit}", "entries:"]
        assert {e["note"] for e in entries} == {f"cli-r{r}-w{w}" for r in range(rounds) for w in range(parity, WORKERS, 2)}
        assert {e["unit"] for e in entries} == {unit}
