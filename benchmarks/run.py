"""Time anquan's main commands as separate processes and compare them with the targets.

    python benchmarks/run.py [--runs 5] [--quick] [--keep DIR] [--check] [--no-xl] [--no-taskwarrior]

Each command runs as its own process with stdout and stderr piped and drained, as in a shell
pipeline (or, for the terminal figure, on a pseudo-terminal). A figure is the median wall time
of --runs runs; peak RSS is the largest ru_maxrss of the child over those runs (os.wait4).
`anquan` is the console script next to sys.executable when there is one (what users run), else
`sys.executable -m anquan_cli`; the header says which.

ANQUAN_CACHE_DIR points at a directory of the harness's own (ANQUAN_NO_CACHE is dropped). A cold
run deletes it first; warm runs follow one untimed run that builds it.
Commands that take --as-of get --as-of 2025-05-01, so every run does the same work. Bytecode is
cached as on a user's machine, in a scratch PYTHONPYCACHEPREFIX (PYTHONDONTWRITEBYTECODE is dropped).

When Taskwarrior's `task` is on PATH, the same tasks (each with its earliest time limit as its
due date) are imported into a throw-away TASKRC/TASKDATA and `task due.before:2025-06-30 list`
is timed beside anquan's `due`. A ratio (anquan's start ÷ `import click`, anquan ÷ Taskwarrior)
compares runs taken in turn (a b a b …), so that the machine's speed drifting between two
blocks of runs does not move it.

The figures are reported, not asserted: the exit status is 0 unless the harness itself fails
(2), or, with --check, 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import selectors
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATOR = HERE / "make_workspace.py"
AS_OF = "2025-05-01"
DEPT = "应急局"  # 县应急局: named in about 15% of the generated clauses at every size
SEED = 1

# (tasks, units, progress entries)
FULL = (20_000, 100, 200_000)
SMALL = (1_000, 100, 10_000)  # the size of the Taskwarrior comparison at 1k
XL = (50_000, 100, 500_000)
QUICK_FULL = (2_000, 100, 20_000)
QUICK_SMALL = (200, 100, 2_000)
QUICK_XL = (5_000, 100, 50_000)

# Targets (issue 14).
STARTUP_RATIO = 1.5  # shipped `due` ≤ 1.5 × `python -c "import click"`
WARM_SECONDS = 0.3  # FULL, warm: due, summary, progress, progress --by dept, dept, list --dept
WARM_MB = 64.0  # peak RSS of any FULL read command, warm
XLSX_SECONDS, CSV_SECONDS = 2.0, 0.5  # FULL export, warm
COLD_SECONDS = 3.0  # FULL cold (empty index) `due`, and `--no-cache due`
VALIDATE_SECONDS = 3.0  # FULL validate (reads and checks everything by design)
XL_RATIO = 2.5  # XL warm progress ≤ 2.5 × the FULL figure: linear in the data
AFTER_UPDATE_SECONDS = 0.3  # FULL warm, the first summary after one update
TERMINAL_SECONDS = 0.5  # FULL list --dept on a terminal (a table)
TASKWARRIOR_SMALL, TASKWARRIOR_FULL = 1.0, 0.5  # anquan due ÷ task due.before:… list

DUE = ["due", "--before", "2025-06-30", "--as-of", AS_OF]
WARM_COMMANDS: list[tuple[str, list[str]]] = [
    ("due", DUE),
    ("summary", ["summary", "--as-of", AS_OF]),
    ("progress", ["progress", "--as-of", AS_OF]),
    ("progress --by dept", ["progress", "--by", "dept", "--as-of", AS_OF]),
    ("dept", ["dept", DEPT, "--as-of", AS_OF]),
    ("list --dept", ["list", "--dept", DEPT]),
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


def run_on_terminal(argv: Sequence[str], env: dict[str, str], cwd: Path, columns: int = 160) -> Run:
    """One run with stdout on a pseudo-terminal of `columns` columns (what a user at a terminal
    gets: a table), stderr piped; the terminal's output is drained as it comes."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    started = time.perf_counter()
    proc = subprocess.Popen(list(argv), stdout=slave, stderr=subprocess.PIPE, env={**env, "COLUMNS": str(columns)}, cwd=cwd)
    os.close(slave)
    assert proc.stderr is not None
    out_lines, err = 0, bytearray()
    with selectors.DefaultSelector() as selector:
        selector.register(master, selectors.EVENT_READ)
        selector.register(proc.stderr, selectors.EVENT_READ)
        open_streams = 2
        while open_streams:
            for key, _ in selector.select():
                try:
                    chunk = os.read(key.fd, 1 << 16)
                except OSError:  # EIO: the terminal's last writer is gone
                    chunk = b""
                if not chunk:
                    selector.unregister(key.fileobj)
                    open_streams -= 1
                elif key.fileobj == master:
                    out_lines += chunk.count(b"\n")
                else:
                    err += chunk
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    os.close(master)
    proc.stderr.close()
    stderr = err.decode("utf-8", errors="replace")
    if proc.returncode != 0:
        raise HarnessError(f"`{' '.join(argv)}` exited with {proc.returncode}:\n{stderr[-2000:]}")
    return Run(elapsed, usage.ru_maxrss / 1024, out_lines, stderr)


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

    def measure(
        self,
        argv: Sequence[str] | Callable[[], Sequence[str]],
        *,
        cold: bool = False,
        label: str = "",
        terminal: bool = False,
        before: Callable[[], None] | None = None,
        env: dict[str, str] | None = None,
    ) -> Measurement:
        """--runs timed runs of `argv`: after one untimed run (warm), or each after the cache
        is removed (cold); `before` runs, untimed, before each timed run. A callable `argv`
        gives each run its own command (a write that must not repeat the one before)."""
        mode = "cold" if cold else "warm"
        command = argv if callable(argv) else lambda: argv
        print(f"  {label or ' '.join(command())} ({mode}) …", end="", file=sys.stderr, flush=True)
        environment = env or self.env
        once = run_on_terminal if terminal else run_once
        if not cold:
            once(command(), environment, self.cwd)  # untimed: builds the cache
        runs = []
        for _ in range(self.runs):
            if cold:
                self.clear_cache()
            if before is not None:
                before()
            runs.append(once(command(), environment, self.cwd))
        m = Measurement(runs)
        print(f" {m.median:.3f} s, {m.rss_mb:.0f} MB", file=sys.stderr)
        for r in runs:
            if r.stderr.strip():
                self.notes.append(f"`{label}` wrote to stderr: {r.stderr.strip().splitlines()[0][:200]}")
                break
        return m


    def measure_pair(
        self, a: Sequence[str], b: Sequence[str], *, label: str, env_a: dict[str, str] | None = None, env_b: dict[str, str] | None = None
    ) -> tuple[Measurement, Measurement]:
        """--runs warm runs each of `a` and `b`, taken in turn (a b a b …) after one untimed run
        of each: a ratio of the two then compares runs made at the same moments, so that the
        machine's speed drifting between two blocks of runs does not move it."""
        print(f"  {label} (warm, in turn) …", end="", file=sys.stderr, flush=True)
        env_a, env_b = env_a or self.env, env_b or self.env
        run_once(a, env_a, self.cwd)
        run_once(b, env_b, self.cwd)
        runs_a, runs_b = [], []
        for _ in range(self.runs):
            runs_a.append(run_once(a, env_a, self.cwd))
            runs_b.append(run_once(b, env_b, self.cwd))
        m_a, m_b = Measurement(runs_a), Measurement(runs_b)
        print(f" {m_a.median:.3f} s ÷ {m_b.median:.3f} s", file=sys.stderr)
        return m_a, m_b


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


# ── Taskwarrior, the reference ──


def taskwarrior_version() -> str | None:
    task = shutil.which("task")
    if task is None:
        return None
    done = subprocess.run([task, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or None


def taskwarrior_data(base: Path, ws: Path, anquan: list[str], env: dict[str, str], cwd: Path) -> tuple[list[str], dict[str, str]]:
    """A throw-away Taskwarrior holding the workspace's tasks, each with the earliest time limit
    of its occurrences as its due date (made once per workspace and kept beside it). Returns
    the `task` command and its environment (TASKRC, TASKDATA)."""
    folder = base / f"taskwarrior-{ws.name}"
    rc = folder / "taskrc"
    data = folder / "data"
    tw_env = {**env, "TASKRC": str(rc), "TASKDATA": str(data)}
    task = [shutil.which("task") or "task"]
    stamp = folder / ".imported"
    if not stamp.is_file():
        shutil.rmtree(folder, ignore_errors=True)
        data.mkdir(parents=True)
        # data.location, no confirmation, no hooks, no colour or news: what a script would set
        rc.write_text(f"data.location={data}\nconfirmation=off\nhooks=off\ncolor=off\nnews.version=2.6.0\nverbose=nothing\n", encoding="utf-8")
        listed = subprocess.run([*anquan, "--data", str(ws), "list", "--format", "json"], capture_output=True, check=True, env=env, cwd=cwd)
        every_limit = [*anquan, "--data", str(ws), "due", "--before", "2025-12-31", "--as-of", AS_OF, "--format", "json"]
        due = subprocess.run(every_limit, capture_output=True, check=True, env=env, cwd=cwd)
        first_due: dict[str, str] = {}
        for item in json.loads(due.stdout):
            first_due.setdefault(item["task"], item["due"])
        tasks = []
        for t in json.loads(listed.stdout):
            record = {"description": f"{t['task']} {t['title']}", "status": "pending", "entry": "20250407T000000Z"}
            if t["task"] in first_due:
                record["due"] = first_due[t["task"]].replace("-", "") + "T000000Z"
            tasks.append(record)
        source = folder / "tasks.json"
        source.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
        print(f"importing {len(tasks):,} tasks into Taskwarrior …", file=sys.stderr)
        subprocess.run([*task, "rc.verbose=nothing", "import", str(source)], capture_output=True, check=True, env=tw_env, cwd=cwd)
        stamp.write_text(f"{len(tasks)}\n", encoding="utf-8")
    return task, tw_env


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
    full, small, xl = (QUICK_FULL, QUICK_SMALL, QUICK_XL) if args.quick else (FULL, SMALL, XL)
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
    tw_version = None if args.no_taskwarrior else taskwarrior_version()

    info = [
        f"Date: {dt.date.today().isoformat()}; machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}",
        f"Python {platform.python_version()} ({sys.executable}); anquan: {how}",
        f"Runs per figure: {runs} (median); ANQUAN_CACHE_DIR={cache}; bytecode cached in PYTHONPYCACHEPREFIX={env['PYTHONPYCACHEPREFIX']}",
        f"Load average before the run: {', '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"Taskwarrior: {tw_version or 'not run (no `task` on PATH, or --no-taskwarrior)'}",
    ]
    sizes = [("FULL", full), ("SMALL", small)] + ([] if args.no_xl else [("XL", xl)])
    paths: dict[str, Path] = {}
    for which, size in sizes:
        path, made = workspace(base, size, args.seed)
        paths[which] = path
        generated = f"generated in {made:.1f} s" if made is not None else "reused"
        info.append(f"{which}: {label_size(size)}, seed {args.seed} ({generated}): {path}")

    rows: list[Row] = []
    print("reference points and the shipped catalogue:", file=sys.stderr)
    python = [sys.executable]
    m_pass = bench.measure([*python, "-c", "pass"], label="python -c pass")
    rows.append(time_row("reference", "python -c pass", m_pass))
    shown_due = "anquan " + " ".join(DUE)
    m_ship_warm, m_click = bench.measure_pair([*anquan, *DUE], [*python, "-c", "import click"], label="shipped due, python -c 'import click'")
    rows.append(time_row("reference", 'python -c "import click"', m_click))
    rows.append(time_row("shipped catalogue, warm", shown_due, m_ship_warm))
    rows.append(ratio_row("shipped, warm ÷ import click", shown_due, m_ship_warm, m_click, STARTUP_RATIO))
    m_help = bench.measure([*anquan, "--help"], label="--help")
    rows.append(time_row("shipped catalogue (no target)", "anquan --help", m_help))
    m_ship_cold = bench.measure([*anquan, *DUE], cold=True, label="shipped due")
    rows.append(time_row("shipped catalogue, cold (no target)", shown_due, m_ship_cold))

    ws = paths["FULL"]
    data = [*anquan, "--data", str(ws)]
    print(f"workspace FULL ({ws.name}):", file=sys.stderr)
    warm: dict[str, Measurement] = {}
    for name, argv in WARM_COMMANDS:
        warm[name] = m = bench.measure([*data, *argv], label=f"FULL {name}")
        rows.append(time_row("FULL, warm", "anquan --data FULL " + " ".join(argv), m, seconds=WARM_SECONDS, mb=WARM_MB))
    for fmt, limit in (("xlsx", XLSX_SECONDS), ("csv", CSV_SECONDS)):
        argv = ["export", "--format", fmt, "--as-of", AS_OF]
        m = bench.measure([*data, *argv], label=f"FULL export {fmt}")
        rows.append(time_row("FULL, warm", "anquan --data FULL " + " ".join(argv), m, seconds=limit))
    m = bench.measure([*data, "list", "--dept", DEPT], label="FULL list --dept, terminal", terminal=True)
    rows.append(time_row("FULL, warm, on a terminal (160 columns)", f"anquan --data FULL list --dept {DEPT}", m, seconds=TERMINAL_SECONDS))
    m = bench.measure([*data, *DUE], cold=True, label="FULL due")
    rows.append(time_row("FULL, cold (index removed)", "anquan --data FULL " + " ".join(DUE), m, seconds=COLD_SECONDS))
    m = bench.measure([*anquan, "--no-cache", "--data", str(ws), *DUE], label="FULL --no-cache due")
    rows.append(time_row("FULL, --no-cache", "anquan --no-cache --data FULL " + " ".join(DUE), m, seconds=COLD_SECONDS))
    m = bench.measure([*data, "validate"], label="FULL validate")
    rows.append(time_row("FULL (reads everything)", "anquan --data FULL validate", m, seconds=VALIDATE_SECONDS))

    # The first read after one update: on a copy, so that the workspaces stay as generated.
    copy = scratch / "after-update"
    shutil.copytree(ws, copy)
    counter = iter(range(1_000_000))
    task_id = _a_task_of(copy, "yingji")

    def update_argv() -> list[str]:
        return [*anquan, "--data", str(copy), "update", task_id, "--dept", DEPT, "--status", "推进中", "--note", f"第{next(counter)}次", "--date", AS_OF]

    def one_update() -> None:
        run_once(update_argv(), env, cwd)

    m = bench.measure(update_argv, label="FULL update")  # what a liaison runs most: it reads one task's entries
    rows.append(time_row("FULL, warm (no target)", f"anquan --data FULL update TASK --dept {DEPT} --status 推进中 --note …", m))
    summary = ["summary", "--as-of", AS_OF]
    m = bench.measure([*anquan, "--data", str(copy), *summary], label="FULL summary after one update", before=one_update)
    rows.append(time_row("FULL, warm, the first read after one update", "anquan --data FULL " + " ".join(summary), m, seconds=AFTER_UPDATE_SECONDS))

    if "XL" in paths:
        print(f"workspace XL ({paths['XL'].name}):", file=sys.stderr)
        argv = ["progress", "--as-of", AS_OF]
        m_xl = bench.measure([*anquan, "--data", str(paths["XL"]), *argv], label="XL progress")
        rows.append(time_row("XL, warm (no target of its own)", "anquan --data XL " + " ".join(argv), m_xl))
        rows.append(ratio_row("XL ÷ FULL, warm: linear in the data", "progress", m_xl, warm["progress"], XL_RATIO))

    if tw_version is not None:
        for which, limit in (("SMALL", TASKWARRIOR_SMALL), ("FULL", TASKWARRIOR_FULL)):
            path = paths[which]
            print(f"Taskwarrior beside anquan ({which}):", file=sys.stderr)
            task, tw_env = taskwarrior_data(base, path, anquan, env, cwd)
            pair = ([*anquan, "--data", str(path), *DUE], [*task, "due.before:2025-06-30", "list"])
            m_due, m_task = bench.measure_pair(*pair, label=f"{which} due, task list", env_b=tw_env)
            rows.append(time_row(f"{which}, Taskwarrior {tw_version}", "task due.before:2025-06-30 list", m_task))
            if which == "SMALL":
                rows.append(time_row("SMALL, warm", "anquan --data SMALL " + " ".join(DUE), m_due))
            rows.append(ratio_row(f"{which}: anquan ÷ Taskwarrior", "due ÷ task … list", m_due, m_task, limit))
    return rows, info + bench.notes


def _a_task_of(ws: Path, unit: str) -> str:
    """A task `unit` reports on in a generated workspace: the one of its file's first entry."""
    for line in (ws / "progress" / f"{unit}.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("- {"):
            task: str = json.loads(line[2:])["task"]
            return task
    raise HarnessError(f"no entry of {unit} in {ws}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time anquan's main commands against the performance targets.")
    parser.add_argument("--runs", type=int, default=None, help="timed runs per figure; the median is reported (default 5, 3 with --quick)")
    parser.add_argument("--quick", action="store_true", help=f"smaller workspaces ({label_size(QUICK_FULL)} and smaller): a smoke check")
    parser.add_argument("--keep", metavar="DIR", help="make the workspaces in DIR and keep them; reuse those of the same size and seed")
    parser.add_argument("--seed", type=int, default=SEED, help=f"generator seed (default {SEED})")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--no-xl", action="store_true", help=f"skip the largest workspace ({label_size(XL)}) and its target")
    parser.add_argument("--no-taskwarrior", action="store_true", help="skip the Taskwarrior reference even when `task` is installed")
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
