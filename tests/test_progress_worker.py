"""Progress files decoded by a worker process (progress_worker) give what this process gives.

The worker runs for real (a second interpreter, started as the CLI starts it) on a generated
workspace with hand-damaged lines; its threshold is set to nothing so that small files are
enough. Each test compares the worker's path with the serial one: the decodings themselves,
then what commands print (`--no-cache`, `validate`, an index built anew), warnings included.
No timing here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from anquan_cli import entry_decoding, labels, progress_worker
from anquan_cli.catalogue import load_catalogue
from anquan_cli.index import IndexedData
from anquan_cli.progress import decode_progress_file, load_progress, progress_files
from anquan_cli.textfile import display_name
from helpers_cli import run

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "benchmarks" / "make_workspace.py"


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated workspace whose files hold what a person or a cut write leaves: lines of
    another shape, bad values, text that is not Unicode, a wrong unit, a stray byte, a torn
    last line, a file named by no unit, and entries of another time zone."""
    out = tmp_path_factory.mktemp("worker") / "ws"
    command = [sys.executable, str(GENERATOR), "--tasks", "300", "--units", "12", "--progress", "3000", "--seed", "7", str(out)]
    subprocess.run(command, capture_output=True, text=True, check=True)
    files = sorted((out / "progress").glob("*.yaml"))
    lines = files[0].read_text(encoding="utf-8").split("\n")
    good = json.loads(lines[5][2:])
    lines[6] = lines[6].replace('"update"', '"verify"')  # only the office verifies
    lines[7] = lines[7][:40]  # cut short
    lines[8] = "  not an entry"
    lines[9] = lines[9].replace('"2025-', '"2024-', 1)  # before the notice
    lines[10] = '- {task: "1.1.1", unit: x}'  # YAML, fields missing
    other = {**good, "recorded_at": good["recorded_at"].replace("+08:00", "-05:30"), "note": "另一时区"}
    lines.insert(11, "- " + json.dumps(other, ensure_ascii=False))
    lines.insert(12, "- " + json.dumps({**good, "note": "\ud800"}))  # a lone surrogate, as an escape: skipped
    files[0].write_text("\n".join(lines), encoding="utf-8")
    raw = files[1].read_bytes().split(b"\n")
    raw[4] = b"- \xff\xfe not UTF-8"
    raw[6] = raw[6].replace(b'"unit": "', b'"unit": "zz', 1)  # another unit's entry
    files[1].write_bytes(b"\n".join(raw) + b'- {"task": "1.1.1"')  # a torn last line
    (out / "progress" / "nobody.yaml").write_bytes(files[2].read_bytes())
    return out


def always_from_worker(monkeypatch: pytest.MonkeyPatch) -> list[progress_worker.Decoding]:
    """Make every load of progress files start the worker, and take each file from it: `take`
    first waits for the worker to finish, so that no file is decoded here instead (which the
    loader does when the worker is behind). Returns the list of the decodings started."""
    started: list[progress_worker.Decoding] = []
    real_start, real_take = progress_worker.start, progress_worker.Decoding.take

    def start(paths: list[Path], shown: list[str]) -> progress_worker.Decoding | None:
        decoding = real_start(paths, shown)
        assert decoding is not None  # the worker must start: the test is of its path
        started.append(decoding)
        return decoding

    def take(self: progress_worker.Decoding, path: Path, digest: str | None = None) -> object:
        self._process.wait(timeout=60)
        self._thread.join(timeout=60)
        return real_take(self, path, digest)

    monkeypatch.setattr(progress_worker, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(progress_worker, "start", start)
    monkeypatch.setattr(progress_worker.Decoding, "take", take)
    return started


def test_the_worker_decodes_each_file_as_this_process_does(damaged: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_worker, "PARALLEL_BYTES", 0)
    paths = progress_files(damaged)
    shown = [display_name(path) for path in paths]
    for lang in ("zh", "en"):  # the worker words its problems in the language of this process
        labels.set_language(lang)
        decoding = progress_worker.start(paths, shown)
        assert decoding is not None
        try:
            decoding._process.wait(timeout=60)
            decoding._thread.join(timeout=60)
            for path, name in zip(paths, shown, strict=True):
                theirs = decoding.take(path)
                assert theirs is not None, path
                ours = decode_progress_file(path, name)
                assert theirs == ours
                assert [str(p) for p in theirs.read_problems + theirs.line_problems] == [str(p) for p in ours.read_problems + ours.line_problems]
                for (_, row), (_, mine) in zip(theirs.lines or [], ours.lines or [], strict=True):
                    assert row[9].tzinfo is mine[9].tzinfo is entry_decoding.shared_zone(row[9].utcoffset())  # each offset's one zone, this process's own
            assert decoding.taken == len(paths)
        finally:
            decoding.close()
    zones = {row[9].utcoffset() for path in paths for _, row in decode_progress_file(path, display_name(path)).lines or []}
    assert dt.timedelta(hours=-5, minutes=-30) in zones  # the line of another zone was decoded, not skipped


def test_a_decoding_of_other_content_is_not_taken(damaged: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_worker, "PARALLEL_BYTES", 0)
    paths = progress_files(damaged)
    decoding = progress_worker.start(paths, [display_name(path) for path in paths])
    assert decoding is not None
    try:
        decoding._process.wait(timeout=60)
        decoding._thread.join(timeout=60)
        assert decoding.take(paths[0], digest="0" * 40) is None  # the file changed since the worker read it
        assert decoding.take(paths[0]) is None  # and is taken once at most
        assert decoding.take(paths[1]) is not None
    finally:
        decoding.close()


def test_small_files_start_no_worker(damaged: Path) -> None:
    paths = progress_files(damaged)
    assert sum(path.stat().st_size for path in paths) < progress_worker.PARALLEL_BYTES
    assert progress_worker.start(paths, [display_name(path) for path in paths]) is None


def test_a_worker_that_cannot_start_is_done_without(damaged: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_worker, "PARALLEL_BYTES", 0)
    paths = progress_files(damaged)
    shown = [display_name(path) for path in paths]
    started: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def popen(*args: object, **kwargs: object) -> subprocess.Popen[bytes]:
        started.append(real_popen(*args, **kwargs))  # type: ignore[call-overload]
        return started[-1]

    def no_thread(self: object) -> None:
        raise RuntimeError("can't start new thread")

    with monkeypatch.context() as patch:
        patch.setattr(subprocess, "Popen", popen)
        patch.setattr(progress_worker.threading.Thread, "start", no_thread)
        assert progress_worker.start(paths, shown) is None
    assert [process.returncode is not None for process in started] == [True]  # started, then stopped
    with monkeypatch.context() as patch:
        patch.setattr(progress_worker, "_BOOT", "")
        patch.setattr(progress_worker.sys, "executable", str(damaged / "no-such-python"))
        assert progress_worker.start(paths, shown) is None


def test_the_log_is_the_same_with_the_worker(damaged: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started = always_from_worker(monkeypatch)
    cat = load_catalogue(damaged)
    today = dt.date(2025, 9, 1)
    serial = load_progress(damaged, cat, today=today)
    data = IndexedData(damaged, None, today=today)
    data.catalogue()
    parallel = data.progress()
    data.save()
    assert [d.taken for d in started] == [len(progress_files(damaged))]
    assert parallel.rows == serial.rows
    assert [str(w) for w in parallel.warnings] == [str(w) for w in serial.warnings]
    assert [str(s) for s in parallel.set_aside] == [str(s) for s in serial.set_aside]


COMMANDS = [
    ("--no-cache", "due", "--before", "2025-06-30", "--as-of", "2025-05-01"),
    ("--no-cache", "--lang", "en", "summary", "--as-of", "2025-05-01"),
    ("validate",),
    ("progress", "--as-of", "2025-05-01"),  # an index built anew, then (below) read warm
]


def outputs(damaged: Path, cache: Path) -> list[tuple[int, str, str]]:
    found = []
    for args in COMMANDS:
        result = run("--data", str(damaged), *args, env={"ANQUAN_CACHE_DIR": str(cache)})
        found.append((result.exit_code, result.stdout, result.stderr))
    result = run("--data", str(damaged), "progress", "--as-of", "2025-05-01", env={"ANQUAN_CACHE_DIR": str(cache)})
    return [*found, (result.exit_code, result.stdout, result.stderr)]


def test_commands_print_the_same_with_the_worker(damaged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = outputs(damaged, tmp_path / "serial")
    assert serial[2][0] == 2  # validate fails on the damaged lines
    assert ".yaml:13:1" in serial[0][2]  # the line of a lone surrogate, skipped with a warning
    assert "nobody.yaml:1:1" in serial[0][2]
    started = always_from_worker(monkeypatch)
    parallel = outputs(damaged, tmp_path / "parallel")
    assert parallel == serial
    # --no-cache twice, validate, and the index built anew: each took every file from the worker
    assert [d.taken for d in started] == [len(progress_files(damaged))] * 4


def test_a_worker_that_fails_changes_nothing(damaged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = outputs(damaged, tmp_path / "serial")
    monkeypatch.setattr(progress_worker, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(progress_worker, "_BOOT", "import sys; sys.stdout.buffer.write(b'not an answer'); sys.exit(3)")
    assert outputs(damaged, tmp_path / "failing") == serial


def test_the_module_entry_point_runs_the_worker(damaged: Path, tmp_path: Path) -> None:
    """`python -m anquan_cli` as a user runs it, the worker on: the worker is a fresh
    interpreter running progress_worker only, so the command runs once and prints as the
    serial run does."""
    marks = tmp_path / "started"
    code = (
        "import sys, runpy; marks = sys.argv.pop(1); sys.argv[0] = 'anquan';"
        "import anquan_cli.progress_worker as w; w.PARALLEL_BYTES = 0; start = w.start;"
        "w.start = lambda *a: open(marks, 'a').write('worker\\n') and start(*a);"
        "runpy.run_module('anquan_cli', run_name='__main__', alter_sys=True)"
    )
    args = ["--no-cache", "--data", str(damaged), "due", "--before", "2025-06-30", "--as-of", "2025-05-01"]
    env = {**os.environ, "ANQUAN_LANG": "en"}
    parallel = subprocess.run([sys.executable, "-c", code, str(marks), *args], capture_output=True, text=True, env=env, check=False)
    assert marks.read_text() == "worker\n"
    serial = subprocess.run([sys.executable, "-m", "anquan_cli", *args], capture_output=True, text=True, env=env, check=False)
    assert (parallel.returncode, parallel.stdout, parallel.stderr) == (serial.returncode, serial.stdout, serial.stderr)
    assert "nobody.yaml:1:1" in serial.stderr
