"""Time anquan's main commands as separate processes and compare them with the targets.

    python benchmarks/run.py [--runs 5] [--quick] [--keep DIR] [--check]

Each command runs as its own process with stdout and stderr piped and drained, as in a shell
pipeline. A figure is the median wall time of --runs runs; peak RSS is the largest ru_maxrss of
the child over those runs (os.wait4). `anquan` is the console script next to sys.executable
when there is one (what users run), else `sys.executable -m anquan_cli`; the header says which.

ANQUAN_CACHE_DIR points at a directory of the harness's own (ANQUAN_NO_CACHE is dropped). A cold
run deletes it first; warm runs follow one untimed run that builds it.
Commands that take --as-of get --as-of 2025-05-01, so every run does the same work. Bytecode is
cached as on a user's machine, in a scratch PYTHONPYCACHEPREFIX (PYTHONDONTWRITEBYTECODE is dropped).

The figures are reported, not asserted: the exit status is 0 unless the harness itself fails
(2), or, with --check, 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import selectors
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATOR = HERE / "make_workspace.py"
AS_OF = "2025-05-01"
DEPT = "应急局"  # 县应急局: named in about 15% of the generated clauses at every size
SEED = 1

# (tasks, units, progress entries)
FULL = (20_000, 100, 200_000)
SMALL = (2_000, 10, 20_000)  # 1/10 of every dimension
QUICK_FULL = (2_000, 100, 20_000)
QUICK_SMALL = (200, 10, 2_000)

# Targets.
STARTUP_RATIO = 2.0  # shipped `due` ≤ 2 × `python -c "import click"`
WARM_SECONDS, WARM_MB = 1.0, 300.0
COLD_SECONDS = 5.0
SCALING_RATIO = 12.0

COMMANDS: list[tuple[str, list[str]]] = [
    ("due", ["due", "--before", "2025-06-30", "--as-of", AS_OF]),
    ("dept", ["dept", DEPT, "--as-of", AS_OF]),
    ("list --dept", ["list", "--dept", DEPT]),
    ("summary", ["summary", "--as-of", AS_OF]),
]


class HarnessError(Exception):
    """The harness cannot go on: a command failed, a workspace could not be made."""


@dataclass
class Run:
    seconds: float
    rss_mb: float
    out_lines: int
    stderr: str


@dataclass
class Measurement:
    runs: list[Run]

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def low(self) -> float:
        return min(r.seconds for r in self.runs)

    @property
    def high(self) -> float:
        return max(r.seconds for r in self.runs)

    @property
    def rss_mb(self) -> float:
        return max(r.rss_mb for r in self.runs)


@dataclass
class Row:
    name: str
    command: str
    value: str  # the figure: seconds, or a ratio
    spread: str
    rss: str
    output: str
    target: str
    ok: bool | None  # None: no target

    @property
    def result(self) -> str:
        return "" if self.ok is None else "PASS" if self.ok else "FAIL"


# ── running a command ──


def run_once(argv: Sequence[str], env: dict[str, str], cwd: Path) -> Run:
    """One run: wall time from spawn to reaping, the child's peak RSS, its output drained."""
    started = time.perf_counter()
    proc = subprocess.Popen(list(argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd)
    assert proc.stdout is not None
    assert proc.stderr is not None
    out_lines, err = 0, bytearray()
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        selector.register(proc.stderr, selectors.EVENT_READ)
        open_streams = 2
        while open_streams:
            for key, _ in selector.select():
                chunk = os.read(key.fd, 1 << 16)
                if not chunk:
                    selector.unregister(key.fileobj)
                    open_streams -= 1
                elif key.fileobj is proc.stdout:
                    out_lines += chunk.count(b"\n")
                else:
                    err += chunk
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    proc.stdout.close()
    proc.stderr.close()
    stderr = err.decode("utf-8", errors="replace")
    if proc.returncode != 0:
        raise HarnessError(f"`{' '.join(argv)}` exited with {proc.returncode}:\n{stderr[-2000:]}")
    return Run(elapsed, usage.ru_maxrss / 1024, out_lines, stderr)  # ru_maxrss is in KiB on Linux


class Bench:
    def __init__(self, anquan: list[str], env: dict[str, str], cwd: Path, cache: Path, runs: int) -> None:
        self.anquan = anquan
        self.env = env
        self.cwd = cwd
        self.cache = cache
        self.runs = runs
        self.notes: list[str] = []

    def clear_cache(self) -> None:
        shutil.rmtree(self.cache, ignore_errors=True)

    def measure(self, argv: Sequence[str], *, cold: bool = False, label: str = "") -> Measurement:
        mode = "cold" if cold else "warm"
        print(f"  {label or ' '.join(argv)} ({mode}) …", end="", file=sys.stderr, flush=True)
        if not cold:
            run_once(argv, self.env, self.cwd)  # untimed: builds the cache
        runs = []
        for _ in range(self.runs):
            if cold:
                self.clear_cache()
            runs.append(run_once(argv, self.env, self.cwd))
        m = Measurement(runs)
        print(f" {m.median:.3f} s, {m.rss_mb:.0f} MB", file=sys.stderr)
        for r in runs:
            if r.stderr.strip():
                self.notes.append(f"`{label}` wrote to stderr: {r.stderr.strip().splitlines()[0][:200]}")
                break
        return m


# ── workspaces ──


def workspace(base: Path, size: tuple[int, int, int], seed: int) -> tuple[Path, float | None]:
    """The workspace of this size under `base`, made now (with the generator's time) or reused."""
    tasks, units, entries = size
    path = base / f"ws-{tasks}t-{units}u-{entries}p-seed{seed}"
    stamp = path / ".benchmark-complete"
    if stamp.is_file():
        return path, None
    if path.exists():
        shutil.rmtree(path)
    command = [sys.executable, str(GENERATOR), "--tasks", str(tasks), "--units", str(units), "--progress", str(entries), "--seed", str(seed), str(path)]
    print(f"making {path.name} …", file=sys.stderr)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise HarnessError(f"the generator failed:\n{done.stderr}")
    stamp.write_text(" ".join(command[2:-1]) + "\n", encoding="utf-8")
    return path, elapsed


def find_anquan() -> tuple[list[str], str]:
    script = Path(sys.executable).parent / "anquan"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)], f"console script {script}"
    return [sys.executable, "-m", "anquan_cli"], f"{sys.executable} -m anquan_cli (no console script next to the interpreter)"


# ── the table ──


def fmt_seconds(m: Measurement) -> tuple[str, str]:
    return f"{m.median:.3f} s", f"{m.low:.3f}–{m.high:.3f}"


def time_row(name: str, command: str, m: Measurement, *, seconds: float | None = None, mb: float | None = None) -> Row:
    value, spread = fmt_seconds(m)
    spread = f"min–max {spread}"
    targets, checks = [], []
    if seconds is not None:
        targets.append(f"≤ {seconds:g} s")
        checks.append(m.median <= seconds)
    if mb is not None:
        targets.append(f"≤ {mb:g} MB")
        checks.append(m.rss_mb <= mb)
    ok = all(checks) if checks else None
    return Row(name, command, value, spread, f"{m.rss_mb:.0f}", f"{m.runs[0].out_lines:,}", ", ".join(targets), ok)


def ratio_row(name: str, command: str, top: Measurement, bottom: Measurement, limit: float) -> Row:
    ratio = top.median / bottom.median
    return Row(name, command, f"{ratio:.2f}×", f"{top.median:.3f} s ÷ {bottom.median:.3f} s", "", "", f"≤ {limit:g}×", ratio <= limit)


def table(rows: list[Row]) -> str:
    header = ["Measurement", "Command", "Figure", "Detail", "Peak RSS (MB)", "Output lines", "Target", "Result"]
    cells = [header, *([r.name, r.command, r.value, r.spread, r.rss, r.output, r.target, r.result] for r in rows)]
    lines = ["| " + " | ".join(c) + " |" for c in cells]
    lines.insert(1, "|" + "|".join("---" for _ in header) + "|")
    return "\n".join(lines)


def label_size(size: tuple[int, int, int]) -> str:
    return f"{size[0]:,} tasks / {size[1]} units / {size[2]:,} entries"


def benchmark(args: argparse.Namespace, scratch: Path) -> tuple[list[Row], list[str]]:
    runs = args.runs if args.runs is not None else (3 if args.quick else 5)
    full, small = (QUICK_FULL, QUICK_SMALL) if args.quick else (FULL, SMALL)
    base = Path(args.keep).resolve() if args.keep else scratch / "workspaces"
    base.mkdir(parents=True, exist_ok=True)
    cache = scratch / "cache"
    cwd = scratch / "cwd"  # not a workspace: the shipped catalogue is what `anquan` finds here
    cwd.mkdir()
    # Users' Pythons cache bytecode; PYTHONDONTWRITEBYTECODE (set in some sandboxes and CI) would
    # make every run compile anquan_cli from source. The cache goes to the scratch directory, not src/.
    env = {k: v for k, v in os.environ.items() if k not in ("ANQUAN_DATA", "ANQUAN_LANG", "ANQUAN_NO_CACHE", "PYTHONDONTWRITEBYTECODE")}
    env["ANQUAN_CACHE_DIR"] = str(cache)
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    anquan, how = find_anquan()
    bench = Bench(anquan, env, cwd, cache, runs)

    info = [
        f"Date: {dt.date.today().isoformat()}; machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}",
        f"Python {platform.python_version()} ({sys.executable}); anquan: {how}",
        f"Runs per figure: {runs} (median); ANQUAN_CACHE_DIR={cache}; bytecode cached in PYTHONPYCACHEPREFIX={env['PYTHONPYCACHEPREFIX']}",
        f"Load average before the run: {', '.join(f'{x:.2f}' for x in os.getloadavg())}",
    ]
    full_ws, made_full = workspace(base, full, args.seed)
    small_ws, made_small = workspace(base, small, args.seed)
    for which, size, path, made in (("FULL", full, full_ws, made_full), ("SMALL", small, small_ws, made_small)):
        generated = f"generated in {made:.1f} s" if made is not None else "reused"
        info.append(f"{which}: {label_size(size)}, seed {args.seed} ({generated}): {path}")

    rows: list[Row] = []
    print("reference points and the shipped catalogue:", file=sys.stderr)
    python = [sys.executable]
    m_pass = bench.measure([*python, "-c", "pass"], label="python -c pass")
    rows.append(time_row("reference", "python -c pass", m_pass))
    m_click = bench.measure([*python, "-c", "import click"], label="python -c 'import click'")
    rows.append(time_row("reference", 'python -c "import click"', m_click))
    due_args = COMMANDS[0][1]
    shown_due = "anquan " + " ".join(due_args)
    m_ship_warm = bench.measure([*anquan, *due_args], label="shipped due")
    rows.append(time_row("target 1: shipped catalogue, warm", shown_due, m_ship_warm))
    rows.append(ratio_row("target 1: warm ÷ import click", shown_due, m_ship_warm, m_click, STARTUP_RATIO))
    m_ship_cold = bench.measure([*anquan, *due_args], cold=True, label="shipped due")
    rows.append(time_row("shipped catalogue, cold (no target)", shown_due, m_ship_cold))

    results: dict[tuple[str, str, str], Measurement] = {}
    for which, path in (("full", full_ws), ("1/10", small_ws)):
        print(f"workspace {which} ({path.name}):", file=sys.stderr)
        for name, argv in COMMANDS:
            command = [*anquan, "--data", str(path), *argv]
            for mode in ("warm", "cold"):
                results[(which, name, mode)] = bench.measure(command, cold=mode == "cold", label=f"{which} {name}")

    for mode in ("warm", "cold"):
        for name, argv in COMMANDS:
            m = results[("full", name, mode)]
            shown = "anquan --data FULL " + " ".join(argv)
            if mode == "warm":
                rows.append(time_row("target 2: FULL, warm", shown, m, seconds=WARM_SECONDS, mb=WARM_MB))
            else:
                rows.append(time_row("target 2: FULL, cold", shown, m, seconds=COLD_SECONDS))
    for mode in ("warm", "cold"):
        for name, argv in COMMANDS:
            m = results[("1/10", name, mode)]
            rows.append(time_row(f"SMALL, {mode}", "anquan --data SMALL " + " ".join(argv), m))
    for mode in ("warm", "cold"):
        for name, _ in COMMANDS:
            rows.append(ratio_row(f"scaling, {mode}: FULL ÷ SMALL", name, results[("full", name, mode)], results[("1/10", name, mode)], SCALING_RATIO))
    return rows, info + bench.notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time anquan's main commands against the performance targets.")
    parser.add_argument("--runs", type=int, default=None, help="timed runs per figure; the median is reported (default 5, 3 with --quick)")
    parser.add_argument("--quick", action="store_true", help=f"smaller workspaces ({label_size(QUICK_FULL)} and 1/10 of it): a smoke check")
    parser.add_argument("--keep", metavar="DIR", help="make the workspaces in DIR and keep them; reuse those of the same size and seed")
    parser.add_argument("--seed", type=int, default=SEED, help=f"generator seed (default {SEED})")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")
    with tempfile.TemporaryDirectory(prefix="anquan-bench-") as scratch:
        try:
            rows, info = benchmark(args, Path(scratch))
        except HarnessError as exc:
            print(f"benchmark harness failed: {exc}", file=sys.stderr)
            return 2
    print("\n".join(f"- {line}" for line in info))
    print()
    print(table(rows))
    failed = [r for r in rows if r.ok is False]
    print()
    print(f"{len(failed)} of {sum(r.ok is not None for r in rows)} targets missed." if failed else "Every target met.")
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
