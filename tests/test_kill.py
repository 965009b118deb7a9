"""Writers killed with SIGKILL at any moment leave every progress file whole.

Real processes append entries in a loop, the same two calls `anquan update` makes
(`recording.new_update`, `progress.append_entry`), and print each entry's unique note only after
`append_entry` returned. They are killed with SIGKILL at random moments: while starting, while
loading the catalogue, in the middle of the loop, two of them on the same file. Afterwards
`anquan validate` must pass (no damaged line anywhere) and every acknowledged entry must be there.
A round of real `python -m anquan_cli update` processes is killed the same way.

A torn write (half a line, no newline) is simulated too: the earlier entries still count, the
torn line is reported as `file:line`, and the next `anquan update` starts on a new line.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from anquan_cli.catalogue import load_catalogue
from anquan_cli.cli import cli
from anquan_cli.progress import load_progress
from helpers_cli import BASE_ENV

pytestmark = pytest.mark.skipif(os.name != "posix" or not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")

REPO = Path(__file__).resolve().parent.parent

WRITER = textwrap.dedent(
    """
    import datetime as dt
    import sys
    from pathlib import Path

    from anquan_cli.catalogue import load_catalogue
    from anquan_cli.progress import append_entry, load_progress
    from anquan_cli.recording import Clock, new_update, task_log

    root, unit, tag = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    cat = load_catalogue(root)
    log = task_log(load_progress(root, cat), "5.3.2")
    name = cat.units[unit].name
    # one clock for the process, read again before each entry, as each `anquan update` reads it:
    # stamps strictly increase within the process and are real times across processes
    clock = Clock(dt.date.today(), dt.datetime.now().astimezone())
    print("ready", flush=True)
    i = 0
    while True:
        note = f"{tag}-{i}-进度说明" + "较长的说明" * (i % 7)
        clock.now = dt.datetime.now().astimezone()
        entry = new_update(
            cat,
            log,
            task_id="5.3.2",
            unit=unit,
            status="in_progress",
            percent=i % 100,
            note=note,
            evidence=None,
            date=dt.date(2025, 5, 1),
            period=None,
            clock=clock,
        )
        append_entry(root, entry, name)
        sys.stdout.write(note + "\\n")  # the acknowledgement: only once the entry is written
        sys.stdout.flush()
        i += 1
    """
)


def environment() -> dict[str, str]:
    # no data or language override; ANQUAN_CACHE_DIR stays: conftest points it at the test's own cache
    return {k: v for k, v in os.environ.items() if k not in ("ANQUAN_DATA", "ANQUAN_LANG")}


def invoke(ws: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--data", str(ws), *args], env=BASE_ENV, catch_exceptions=False)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    result = invoke(REPO / "data", "init", str(tmp_path / "ws"))
    assert result.exit_code == 0, result.output
    return tmp_path / "ws"


class Writer:
    """One writer process; a thread collects its acknowledgements as they come."""

    def __init__(self, script: Path, ws: Path, unit: str, tag: str, log: Path) -> None:
        self.tag = tag
        self.log = log
        with log.open("w") as err:
            self.proc = subprocess.Popen(
                [sys.executable, str(script), str(ws), unit, tag], env=environment(), stdout=subprocess.PIPE, stderr=err, text=True, encoding="utf-8"
            )
        self.ready_at: float | None = None
        self.lines: list[str] = []
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def _drain(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line == "ready\n":
                self.ready_at = time.monotonic()
            else:
                self.lines.append(line)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.thread.join(timeout=30)
        assert self.proc.returncode == -signal.SIGKILL, f"{self.tag} ended by itself ({self.proc.returncode}): {self.log.read_text()}"

    def acknowledged(self) -> list[str]:
        return [line[:-1] for line in self.lines if line.endswith("\n")]  # a cut-off acknowledgement does not count


def kill_round(script: Path, ws: Path, tmp: Path, rng: random.Random, round_no: int) -> list[str]:
    """Three writers, two of them on the same file, each killed at its own moment."""
    units = ["yingji", "yingji", "chongwen"]
    writers = [Writer(script, ws, unit, f"r{round_no}w{w}", tmp / f"r{round_no}w{w}.log") for w, unit in enumerate(units)]
    started = time.monotonic()
    plans = []
    for _ in writers:
        if round_no == 0 or rng.random() < 0.2:
            plans.append(("spawn", rng.uniform(0.0, 0.4)))  # very early: starting up or loading the catalogue
        else:
            plans.append(("ready", rng.uniform(0.0, 0.35)))  # in the middle of the loop
    alive = set(range(len(writers)))
    while alive:
        if time.monotonic() - started > 60:
            pytest.fail(f"round {round_no}: a writer never became ready")
        for w in sorted(alive):
            mode, delay = plans[w]
            base = started if mode == "spawn" else writers[w].ready_at
            if base is not None and time.monotonic() >= base + delay:
                writers[w].kill()
                alive.discard(w)
        time.sleep(0.001)
    return [note for writer in writers for note in writer.acknowledged()]


def check_whole(ws: Path, acknowledged: list[str]) -> None:
    """Every file parses, no line is skipped, and every acknowledged entry is there."""
    result = invoke(ws, "validate")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    log = load_progress(ws, load_catalogue(ws))
    assert log.warnings == []
    notes = {e.note for e in log.entries}
    missing = [n for n in acknowledged if n not in notes]
    assert missing == [], f"{len(missing)} acknowledged entries lost, e.g. {missing[:5]}"
    assert f"进度记录：{len(log.entries)}条，均有效。" in result.stdout


def test_writers_killed_at_random_moments_lose_no_acknowledged_entry(ws: Path, tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    acknowledged: list[str] = []
    for round_no in range(7):
        acknowledged += kill_round(script, ws, tmp_path, rng, round_no)
        check_whole(ws, acknowledged)  # after every round: a later writer must cope with what a killed one left
    assert len(acknowledged) > 0, f"seed {seed}: no writer got to write: the test proved nothing"
    # no lock was left behind: a normal update still goes through at once
    started = time.monotonic()
    result = invoke(ws, "update", "5.3.2", "--dept", "应急局", "--status", "推进中", "--percent", "90", "--note", "最后一条", "--date", "2025-05-02")
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 5
    check_whole(ws, [*acknowledged, "最后一条"])


def test_cli_updates_killed_at_random_moments_lose_no_reported_entry(ws: Path) -> None:
    rng = random.Random()
    reported: list[str] = []
    for round_no in range(2):
        procs = []
        for k in range(6):
            note = f"cli-r{round_no}-{k}"
            args = ["update", "5.3.2", "--dept", ["应急局", "崇文镇"][k % 2], "--status", "推进中", "--percent", str(k), "--note", note]
            proc = subprocess.Popen(
                [sys.executable, "-m", "anquan_cli", "--data", str(ws), *args, "--date", "2025-05-03"],
                env=environment(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            procs.append((note, proc, rng.uniform(0.05, 1.0)))
        started = time.monotonic()
        for note, proc, delay in sorted(procs, key=lambda p: p[2]):
            time.sleep(max(0.0, started + delay - time.monotonic()))
            proc.kill()  # no effect on a process that already ended
            out, err = proc.communicate(timeout=30)
            if proc.returncode == 0:
                assert out.startswith("已记录：")
                reported.append(note)
            else:
                assert proc.returncode == -signal.SIGKILL, err
        check_whole(ws, reported)


# ── a torn write ──


def _history(ws: Path) -> tuple[list[str], list[str]]:
    result = invoke(ws, "history", "5.3.2", "--format", "json")
    assert result.exit_code == 0, result.output
    return [r["note"] for r in json.loads(result.stdout)], result.stderr.splitlines()


@pytest.mark.parametrize("cut", ["at-a-character-boundary", "inside-a-multibyte-character"])
def test_a_torn_last_line_costs_that_line_only_and_the_next_update_starts_a_new_line(ws: Path, cut: str) -> None:
    for note, date in (("第一条", "2025-04-20"), ("第二条", "2025-04-21")):
        result = invoke(ws, "update", "5.3.2", "--dept", "应急局", "--status", "推进中", "--percent", "10", "--note", note, "--date", date)
        assert result.exit_code == 0, result.output
    path = ws / "progress" / "yingji.yaml"
    raw = path.read_bytes()
    lines = raw.split(b"\n")
    assert lines[-1] == b""
    torn_number = len(lines)  # the torn line comes after the last complete one
    whole = lines[-2].replace("第二条".encode(), "第三条进度".encode())
    half = whole.index(b'"date"') if cut == "at-a-character-boundary" else whole.index("第三条".encode()) + 1
    with path.open("ab") as f:
        f.write(whole[:half])  # a write cut short: half a line, no newline
    shown = f"progress/yingji.yaml:{torn_number}:"

    notes, warnings = _history(ws)
    assert notes == ["第一条", "第二条"]
    assert len(warnings) == 1
    assert shown in warnings[0]
    result = invoke(ws, "validate")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 2
    assert shown in result.stderr.splitlines()[0]

    result = invoke(ws, "update", "5.3.2", "--dept", "应急局", "--status", "推进中", "--percent", "30", "--note", "第四条", "--date", "2025-04-23")
    assert result.exit_code == 0, result.output
    after = path.read_bytes().split(b"\n")
    assert after[torn_number - 1] == whole[:half]  # left as it was
    assert after[torn_number].startswith(b'- {"task": "5.3.2"')  # the new entry is on a line of its own
    assert "第四条".encode() in after[torn_number]
    notes, warnings = _history(ws)
    assert notes == ["第一条", "第二条", "第四条"]
    assert len(warnings) == 1
    assert shown in warnings[0]


# ── a lock that is not released ──


def test_a_lock_held_too_long_is_a_user_error_not_a_crash(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer stopped while holding the lock (SIGSTOP, a hung network disk): the next update
    waits, then gives up with a message and exit 2, not an internal error."""
    import filelock

    from anquan_cli import progress

    class QuickLock(filelock.FileLock):  # the same lock with a short wait, so that the test is quick
        def __init__(self, lock_file: str, timeout: float = -1, **kwargs: object) -> None:
            super().__init__(lock_file, timeout=0.2, **kwargs)

    monkeypatch.setattr(filelock, "FileLock", QuickLock)
    monkeypatch.setattr(progress, "FileLock", QuickLock, raising=False)
    held = filelock.FileLock(str(ws / "progress" / "yingji.yaml.lock"))
    args = ["--data", str(ws), "update", "5.3.2", "--dept", "应急局", "--status", "推进中", "--percent", "5", "--date", "2025-05-01"]
    with held:
        result = CliRunner().invoke(cli, args, env={**BASE_ENV, "ANQUAN_LANG": "en"}, catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2
    assert result.stderr.startswith("anquan: error: ")
    assert "yingji.yaml" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not (ws / "progress" / "yingji.yaml").exists()  # nothing was written
    result = invoke(ws, *args[2:])  # released: the update goes through
    assert result.exit_code == 0, result.output
