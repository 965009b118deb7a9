"""Progress files decoded in a second process while this one loads the catalogue.

A first read of a large workspace (`--no-cache`, `validate`, an index built anew) spends about
as long decoding its progress files as loading its catalogue, and decoding needs no catalogue
(`progress.decode_progress_file`). So when the progress files are large, a worker decodes them
meanwhile on another core: a fresh interpreter running this module (started alike on Windows
and elsewhere: nothing is forked, nothing of this process is imported again), which decodes the
files from the last one back and sends each file's rows as soon as it has them. This process
then checks the files in their order, taking the worker's rows for a file when they have come
and decoding the file itself when they have not: neither waits for the other, and a worker that
is slow, fails or never starts costs nothing but its start. What either process decodes is the
same (the same function, in the same language); the problems come out in the same order.

Small workspaces (the shipped notice, most real ones) start no worker: a start costs more than
decoding a few megabytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import os
import pickle
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

from .entry_decoding import shared_zone
from .labels import language, set_language
from .progress import DecodedFile, decode_progress_file
from .textfile import MAX_FILE_BYTES, content_digest, read_bytes

# Progress files this large in all are decoded by a worker: about a quarter of a second's
# decoding (36,000 entries), where a worker costs this process some 15 ms to start and gives its
# first answer after about 0.2 s. Tests set it lower, to run the worker on small files.
PARALLEL_BYTES = 8 * 1024 * 1024

_HEAD = struct.Struct("<IQ")  # before each answer: the file's position, the answer's length
_NICENESS = 10  # the worker's lower priority: it takes a core only when the machine has one spare
_LONGEST_ANSWER = 16 * MAX_FILE_BYTES  # a file's rows, pickled, are a few times its size at most

# What the worker runs: this module, from the directory this package was loaded from.
_BOOT = "import sys; sys.path.insert(0, sys.argv[1]); from anquan_cli.progress_worker import serve; serve()"


class Decoding:
    """The worker's decodings of some progress files, as they come."""

    def __init__(self, paths: list[Path], shown: list[str], process: subprocess.Popen[bytes]) -> None:
        self._positions = {str(path): i for i, path in enumerate(paths)}
        self._process = process
        self._done: dict[int, bytes] = {}  # each file's answer, pickled: filled by the receiving thread
        self.taken = 0  # files whose worker's decoding was used (for tests)
        jobs = pickle.dumps((language(), [str(path) for path in paths], shown), protocol=pickle.HIGHEST_PROTOCOL)
        self._thread = threading.Thread(target=self._receive, args=(jobs,), daemon=True)
        self._thread.start()

    def _receive(self, jobs: bytes) -> None:
        """Send the jobs, then keep what comes back until the worker ends, as it comes: this
        thread only reads (and so lets the loading go on), the loader unpickles what it takes.
        Any failure (the worker died, or was stopped) only means that this process decodes the rest."""
        process = self._process
        assert process.stdin is not None
        assert process.stdout is not None
        try:
            process.stdin.write(jobs)
            process.stdin.close()
            answers = process.stdout
            while True:
                head = answers.read(_HEAD.size)
                if len(head) < _HEAD.size:
                    return
                position, size = _HEAD.unpack(head)
                if size > _LONGEST_ANSWER:  # not an answer of the worker's: something else wrote there
                    return
                answer = answers.read(size)
                if len(answer) < size:
                    return
                self._done[position] = answer
        except Exception:  # whatever stopped the worker, this process reads on
            return

    def take(self, path: Path, digest: str | None = None) -> DecodedFile | None:
        """The worker's decoding of `path`, if it has come (and, with `digest`, was of content
        of that digest); else None: the caller decodes the file itself."""
        position = self._positions.pop(str(path), None)
        answer = None if position is None else self._done.pop(position, None)
        if answer is None:
            return None
        try:
            found_digest, decoded = pickle.loads(answer)
        except Exception:  # not what the worker sends: this process decodes the file
            return None
        if not isinstance(decoded, DecodedFile) or (digest is not None and found_digest != digest):
            return None
        if not self.taken:
            # The answers come in the worker's order, from the last file back: with this one, every
            # later file's has come too, and the files before it this process has read already.
            with contextlib.suppress(OSError):
                self._process.kill()
        self.taken += 1
        return decoded

    def close(self) -> None:
        """Stop the worker, whatever it still has to do."""
        process = self._process
        with contextlib.suppress(OSError):
            process.kill()
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            process.wait(timeout=5)
        self._thread.join(timeout=5)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


def start(paths: list[Path], shown: list[str]) -> Decoding | None:
    """A worker decoding `paths` (named in problems as `shown`), when they are large enough
    to be worth it and a worker can be started; else None."""
    total = 0
    for path in paths:
        with contextlib.suppress(OSError):
            size = os.stat(path).st_size
            total += size if size <= MAX_FILE_BYTES else 0  # a file over the limit is refused unread
    if total < PARALLEL_BYTES or getattr(sys, "frozen", False) or not sys.executable:
        return None
    package_parent = str(Path(__file__).resolve().parent.parent)
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", _BOOT, package_parent],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # the worker says nothing: what it finds comes back as problems
            # Windows: no console window flashing up, and the worker below the command itself, as os.nice puts it elsewhere
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0) | getattr(subprocess, "BELOW_NORMAL_PRIORITY_CLASS", 0),
        )
    except (OSError, ValueError, MemoryError):  # MemoryError: under a limit on the address space
        return None
    try:
        return Decoding(paths, shown, process)
    except (RuntimeError, MemoryError):  # no thread to be had: this process decodes every file
        with contextlib.suppress(OSError):
            process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()
        return None


def serve(source: IO[bytes] | None = None, sink: IO[bytes] | None = None) -> None:
    """The worker: decode the files it is given, from the last one back, sending each file's
    position, the digest of the bytes it read and their decoding as each is done."""
    gc.disable()  # as the command itself runs: rows are acyclic, and freed by reference counting
    if hasattr(os, "nice"):  # spare time only: on a busy machine the command itself goes first (Windows: its creation flag)
        with contextlib.suppress(OSError):
            os.nice(_NICENESS)
    source = source or sys.stdin.buffer
    sink = sink or sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the answers
    lang, paths, shown = pickle.load(source)
    set_language(lang)
    for position in reversed(range(len(paths))):
        path = Path(paths[position])
        raw: bytes | None
        try:
            raw = read_bytes(path, shown[position], MAX_FILE_BYTES)
        except Exception:  # this process reads such a file itself, and says why
            raw = None
        if raw is None:
            continue
        answer = io.BytesIO()
        _Sender(answer, protocol=pickle.HIGHEST_PROTOCOL).dump((content_digest(raw), decode_progress_file(path, shown[position], raw)))
        try:
            sink.write(_HEAD.pack(position, answer.tell()))
            sink.write(answer.getbuffer())
            sink.flush()
        except OSError:  # the reader went away: its process ended, or it took every file itself
            return


def _zone(zone: dt.timezone) -> tuple[Any, ...]:
    offset = zone.utcoffset(None)
    return shared_zone, (offset,)


class _Sender(pickle.Pickler):
    """A zone arrives as the receiving process's own shared zone of its offset, as its own
    decoding gives it (times of one zone then compare without asking the zone)."""

    dispatch_table = {dt.timezone: _zone}  # noqa: RUF012 - the pickler's own class attribute
