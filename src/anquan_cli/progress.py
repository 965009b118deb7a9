"""Progress: the workspace, append-only entries per unit, and the roll-up at an as-of date.

A workspace is a catalogue directory with a `progress/` folder. Each reporting unit appends
to its own `progress/<unit-id>.yaml`, one complete entry per line, so that units working in
separate git clones merge without conflicts (and `merge=union` keeps even same-file appends).
"""

from __future__ import annotations

import datetime as dt
import operator
import os
import re
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .catalogue import DEPARTMENTS_FILE, NOTICE_FILE, TASKS_FILE, Catalogue, CatalogueTask, shipped_data_dir
from .errors import DataError, Problem, UsageError, WorkspaceError
from .labels import message, name_list
from .models import ProgressEntry
from .query import find_task
from .textfile import MAX_FILE_BYTES, display_name, read_bytes, read_lines_text

PROGRESS_DIR = "progress"
SCHEMA_DIR = "schema"  # JSON Schemas that the catalogue files' modelines point at
OFFICE = "anweiban"  # 县安委办: the only unit that verifies (销号) or rejects (退回)
STATUS_WORD = {"not_started": "未启动", "in_progress": "推进中", "done": "已完成", "verified": "已销号"}
WORD_STATUS = {v: k for k, v in STATUS_WORD.items()}

_GITATTRIBUTES = "# 进度文件只追加：合并时保留双方新增的行\nprogress/*.yaml merge=union\n"
_GITIGNORE = "progress/*.lock\n"
# Characters PyYAML refuses in a stream, or reads as line breaks: written as \\u escapes.
_YAML_UNSAFE = "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"


# ── the workspace ──


def is_workspace(path: Path) -> bool:
    """A folder with progress/ and a tasks.yaml, or with progress files: one whose
    tasks.yaml went missing is still a workspace (and loading it says so), never a reason
    to fall back to the shipped catalogue and report that nothing was done."""
    folder = path / PROGRESS_DIR
    return folder.is_dir() and ((path / TASKS_FILE).exists() or (path / TASKS_FILE).is_symlink() or any(folder.glob("*.yaml")))


def find_workspace(start: Path) -> Path | None:
    """The nearest directory, from `start` up, that is a workspace (as git finds a repository)."""
    for candidate in [start, *start.parents]:
        if is_workspace(candidate):
            return candidate
    return None


def init_workspace(target: Path, source: Path) -> list[Path]:
    """Copy the catalogue into `target` and add an empty progress folder."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise WorkspaceError(message("init_not_empty", path=target))
    target.mkdir(parents=True, exist_ok=True)
    made = []
    for name in (TASKS_FILE, DEPARTMENTS_FILE, NOTICE_FILE):
        shutil.copyfile(source / name, target / name)
        made.append(target / name)
    if (source / SCHEMA_DIR).is_dir():  # what the files' schema modelines point at
        shutil.copytree(source / SCHEMA_DIR, target / SCHEMA_DIR)
        made.append(target / SCHEMA_DIR)
    (target / PROGRESS_DIR).mkdir()
    (target / PROGRESS_DIR / ".gitkeep").write_text("", encoding="utf-8")
    (target / ".gitattributes").write_text(_GITATTRIBUTES, encoding="utf-8")
    (target / ".gitignore").write_text(_GITIGNORE, encoding="utf-8")
    made += [target / PROGRESS_DIR, target / ".gitattributes", target / ".gitignore"]
    return made


def require_workspace(root: Path) -> Path:
    if not is_workspace(root):
        if root == shipped_data_dir():  # never name the package's own folder: say how to get into a workspace
            raise WorkspaceError(message("not_in_workspace"))
        raise WorkspaceError(message("not_a_workspace", path=display_name(root)))
    return root


def parse_status(text: str) -> str:
    aliases = {
        "未启动": "not_started",
        "not_started": "not_started",
        "推进中": "in_progress",
        "in_progress": "in_progress",
        "已完成": "done",
        "done": "done",
    }
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in aliases:
        raise UsageError(f"unknown status {text!r}: use 未启动, 推进中 or 已完成 (not_started, in_progress, done)")
    return aliases[key]


# ── reading ──


@dataclass
class Progress:
    """A log of entries, kept as rows (see `entry_row`) in the order they happened: the
    roll-up reads rows; `entries` makes objects only when they are asked for."""

    rows: list[EntryRow] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @cached_property
    def entries(self) -> list[ProgressEntry]:
        return entries_from_rows(self.rows)

    def entries_of(self, task_id: str) -> list[ProgressEntry]:
        return entries_from_rows(row for row in self.rows if row[_TASK] == task_id)


def load_progress(root: Path, cat: Catalogue) -> Progress:
    """Every valid entry of every unit's file; a bad entry is skipped with a located warning."""
    parts = [load_progress_file(path, cat) for path in progress_files(root)]
    return Progress(merge_rows(part.rows for part in parts), [w for part in parts for w in part.warnings])


def progress_files(root: Path) -> list[Path]:
    folder = root / PROGRESS_DIR
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


# An entry as a tuple of its fields, in the model's order: what the cache keeps. Hundreds of
# thousands of tuples load many times faster than as many objects.
EntryRow = tuple[Any, ...]
_ENTRY_FIELDS = tuple(ProgressEntry.__dataclass_fields__)
assert _ENTRY_FIELDS == ("task", "unit", "kind", "status", "percent", "date", "note", "evidence", "recorded_at"), "entry_row's order"
_entry_fields = operator.attrgetter(*_ENTRY_FIELDS)
_TASK, _UNIT, _KIND, _STATUS, _PERCENT, _DATE, _NOTE, _RECORDED_AT = (
    _ENTRY_FIELDS.index(name) for name in ("task", "unit", "kind", "status", "percent", "date", "note", "recorded_at")
)


def entry_row(entry: ProgressEntry) -> EntryRow:
    # Values that repeat (ids, words, days) become one shared object each: the cache then
    # stores each once, which halves its size and the time to write it.
    task, unit, kind, status, percent, date, note, evidence, moment = _entry_fields(entry)
    day = _DAYS.setdefault(date, date)
    return (sys.intern(task), sys.intern(unit), sys.intern(kind), sys.intern(status), percent, day, note, evidence, _plain_zone(moment))


_DAYS: dict[dt.date, dt.date] = {}


_ZONES: dict[dt.timedelta, dt.timezone] = {}


def _plain_zone(moment: dt.datetime) -> dt.datetime:
    """`moment` with a plain datetime.timezone, one object for each offset. A time written
    without a zone is local time (anquan always writes one): left naive, it could not be
    compared with the others. A zone of pydantic's own class becomes a plain offset, which
    the cache can hold; sharing one zone object per offset keeps the cache small."""
    offset = moment.utcoffset()
    if offset is None:
        try:
            return _plain_zone(moment.astimezone())
        except (ValueError, OverflowError):  # at the ends of time (year 1, 9999) local time cannot be known
            return moment.replace(tzinfo=dt.timezone.utc)
    zone = _ZONES.get(offset)
    if zone is moment.tzinfo:
        return moment
    if zone is None:
        zone = _ZONES[offset] = dt.timezone(offset)
    return moment.replace(tzinfo=zone)


def merge_rows(parts: Iterable[list[EntryRow]]) -> list[EntryRow]:
    """Several files' entries in one list, in the order they happened."""
    rows = [row for part in parts for row in part]
    rows.sort(key=lambda r: (r[_DATE], r[_RECORDED_AT]))
    return rows


def entries_from_rows(rows: Iterable[EntryRow]) -> list[ProgressEntry]:
    """Rows made by `entry_row` from entries already validated, back into entries. Filling
    the instance dict directly skips the frozen dataclass's __init__, which costs twice as
    much and would only check again what was checked when the row was made."""
    new, fields, entries = object.__new__, _ENTRY_FIELDS, []
    for row in rows:
        entry = new(ProgressEntry)
        entry.__dict__.update(zip(fields, row, strict=True))
        entries.append(entry)
    return entries


def load_progress_file(path: Path, cat: Catalogue, raw: bytes | None = None) -> Progress:
    """One unit's file (`raw`: its bytes, when the caller has read them already)."""
    progress = Progress()
    shown = display_name(path)
    try:
        text, progress.warnings = read_lines_text(read_bytes(path, shown) if raw is None else raw, shown)
    except DataError as exc:
        progress.warnings.extend(exc.problems)
        return progress
    unit = path.stem
    if unit not in cat.units:
        progress.warnings.append(Problem(shown, 1, 1, "", message("progress_file_name", unit=unit)))
        return progress
    # One entry per line is what anquan writes; reading line by line keeps every good entry
    # of a file that has one bad line (a hand edit, an interrupted write).
    lines: list[tuple[int, str]] = []
    # Lines end at \n only, as editors, grep -n and git count them: str.splitlines would also
    # break at \x85, \u2028 … inside a value and shift every later line number.
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip(" \t\r")
        if stripped.startswith("- "):
            lines.append((number, stripped[2:]))
        elif stripped and not stripped.startswith("#") and not re.match(r"^(unit|entries):", stripped):
            progress.warnings.append(Problem(shown, number, 1, "", message("progress_not_entry_line")))
    for number, entry in _parse_entries(lines, shown, progress.warnings):
        problem = entry_problem(cat, entry, unit)
        if problem:
            progress.warnings.append(Problem(shown, number, 1, "", message("line_skipped", problem=problem)))
            continue
        progress.rows.append(entry_row(entry))
    return progress


def _parse_entries(lines: list[tuple[int, str]], shown: str, warnings: list[Problem]) -> list[tuple[int, ProgressEntry]]:
    """The entries of numbered lines, in line order. Lines as anquan writes them (JSON) are
    read by json and validated in one pydantic call; any other line, or one that fails,
    is read again as YAML, which locates every problem in it."""
    from pydantic import ValidationError

    from .validation import validate_many

    parsed: list[tuple[int, ProgressEntry]] = []
    fast: list[tuple[int, str, dict[str, Any]]] = []
    slow: list[tuple[int, str]] = []
    for (number, text), record in zip(lines, _json_records([text for _, text in lines]), strict=True):
        if record is None:
            slow.append((number, text))
        else:
            fast.append((number, text, record))
    try:
        entries = validate_many(ProgressEntry, [record for _, _, record in fast])
    except ValidationError as exc:
        failed = {error["loc"][0] for error in exc.errors()}
        slow += [(number, text) for i, (number, text, _) in enumerate(fast) if i in failed]
        fast = [line for i, line in enumerate(fast) if i not in failed]
        entries = validate_many(ProgressEntry, [record for _, _, record in fast])
    parsed += zip((number for number, _, _ in fast), entries, strict=True)
    for number, text in slow:
        entry = _parse_yaml_line(text, shown, number, warnings)
        if entry is not None:
            parsed.append((number, entry))
    return sorted(parsed, key=lambda item: item[0])


def _json_records(texts: list[str]) -> list[dict[str, Any] | None]:
    """Each line as a JSON object, or None for anything else (YAML flow style, duplicate
    keys, a torn line). Lines as anquan writes them are decoded all in one call."""
    import json

    if re.search(_YAML_UNSAFE, "\n".join(texts)):
        # characters YAML refuses: those lines must be refused on the YAML path, as anquan
        # never writes them (it escapes them)
        return [None if re.search(_YAML_UNSAFE, text) else _json_record(text) for text in texts]
    if all(text.startswith("{") and text.endswith("}") for text in texts):
        try:
            records = json.loads("[" + ",".join(texts) + "]")
        except ValueError:
            pass  # some line is not JSON: find it below, line by line
        else:
            if len(records) == len(texts):  # else a line held "},{": decode one by one
                return [_checked_record(text, record) for text, record in zip(texts, records, strict=True)]
    return [_json_record(text) for text in texts]


def _json_record(text: str) -> dict[str, Any] | None:
    import json

    if not text.startswith("{"):
        return None
    try:
        return _checked_record(text, json.loads(text))
    except ValueError:
        return None


def _checked_record(text: str, record: Any) -> dict[str, Any] | None:
    import json

    if not isinstance(record, dict):
        return None
    # json keeps the last of duplicate keys without a word. anquan writes '": ' after each
    # key only; when the count differs, decode again with a hook that sees every key.
    if text.count('": ') != len(record):
        try:
            record = json.loads(text, object_pairs_hook=_refuse_duplicates)
        except ValueError:
            return None
    checked: dict[str, Any] = record
    return checked


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record = dict(pairs)
    if len(record) != len(pairs):
        raise ValueError("duplicate key")
    return record


def _parse_yaml_line(text: str, shown: str, number: int, warnings: list[Problem]) -> ProgressEntry | None:
    from .validation import validate_document
    from .yamlfile import parse_yaml

    try:
        doc = parse_yaml("entry: " + text, shown)
    except DataError as exc:
        for p in exc.problems:
            warnings.append(Problem(shown, number, max(1, p.column - 5), "", message("entry_skipped", problem=p.message)))
        return None
    entry, problems = validate_document(doc, ProgressEntry, ("entry",))
    for p in problems:
        warnings.append(Problem(shown, number, max(1, p.column - 5), p.path.removeprefix("entry."), message("entry_skipped", problem=p.message)))
    return entry


def status_percent_clash(status_word: str, percent: int | None) -> str | None:
    """Why a status and a percent cannot go together, or None: `update` refuses such a pair,
    and a line written by hand with one is skipped."""
    if status_word == "已完成" and percent not in (None, 100):
        return "a done task is 100%"
    if status_word == "未启动" and percent not in (None, 0):
        return "a task not started is 0%"
    if status_word == "推进中" and percent == 100:
        return "report 已完成 instead"
    return None


def entry_problem(cat: Catalogue, entry: ProgressEntry, file_unit: str | None = None) -> str | None:
    """Why an entry cannot stand, or None."""
    if file_unit is not None and entry.unit != file_unit:
        return f"entry of unit {entry.unit!r} in the file of {file_unit!r}"
    task = cat.tasks.get(entry.task)
    if task is None:
        return f"unknown task {entry.task!r}"
    if entry.kind == "update":
        if entry.unit not in task.reporters:
            return f"{cat.units[entry.unit].name if entry.unit in cat.units else entry.unit} is not responsible for task {entry.task}"
        if entry.status not in ("未启动", "推进中", "已完成"):
            return f"an update cannot set status {entry.status!r}"
        clash = status_percent_clash(entry.status, entry.percent)
        if clash:
            return f"status {entry.status} with percent {entry.percent}: {clash}"
    elif entry.unit != OFFICE:
        return f"only {OFFICE} (县安委办) can {entry.kind} a task"
    return None


# ── writing ──


def new_update(
    cat: Catalogue,
    *,
    task_id: str,
    unit: str,
    status: str,
    percent: int | None,
    note: str | None,
    evidence: str | None,
    date: dt.date,
    today: dt.date,
    now: dt.datetime,
) -> ProgressEntry:
    task = find_task(cat, task_id)
    u = cat.units[unit]
    if u.kind in ("group", "collective"):
        members = "、".join(cat.units[m].name for m in (u.members or [])[:4])
        raise UsageError(f"{u.name} is a {'group' if u.kind == 'group' else 'collective'}: each member reports for itself (e.g. {members} …)")
    if unit not in task.reporters:
        owners = "、".join(cat.units[x].short for x in task.reporters[:8])
        raise UsageError(f"{u.name} is not responsible for task {task.id}; its units: {owners} …")
    _check_date(cat, date, today)
    if percent is None:
        percent = {"not_started": 0, "done": 100}.get(status)
    clash = status_percent_clash(STATUS_WORD[status], percent)
    if clash:
        raise UsageError(f"status {STATUS_WORD[status]} with --percent {percent}: {clash}")
    if percent is not None and not 0 <= percent <= 100:
        raise UsageError(f"percent {percent} is not between 0 and 100")
    return ProgressEntry(
        task=task.id,
        unit=unit,
        kind="update",
        status=STATUS_WORD[status],  # type: ignore[arg-type]
        percent=percent,
        date=date,
        note=note or None,
        evidence=evidence or None,
        recorded_at=now,
    )


def new_office_action(
    cat: Catalogue,
    progress: Progress,
    *,
    kind: str,
    task_id: str,
    note: str | None,
    date: dt.date,
    today: dt.date,
    now: dt.datetime,
) -> ProgressEntry:
    task = find_task(cat, task_id)
    _check_date(cat, date, today)
    state = rollup(cat, progress, date)[task.id]
    if kind == "verify" and state.status != "done":
        pending = [cat.units[u].short for u, s in state.units.items() if s.status != "done"]
        if state.status == "verified":
            raise UsageError(f"task {task.id} is already verified (已销号)")
        raise UsageError(f"task {task.id} cannot be verified: not every unit reports 已完成 (pending: {name_list(pending)})")
    if kind == "reject":
        if not note:
            raise UsageError("reject needs --note with the reason (退回原因)")
        if state.status not in ("done", "verified") and not any(s.status == "done" for s in state.units.values()):
            raise UsageError(f"task {task.id}: no unit reports 已完成, nothing to reject")
    return ProgressEntry(
        task=task.id,
        unit=OFFICE,
        kind=kind,  # type: ignore[arg-type]
        status="已销号" if kind == "verify" else "退回",
        percent=None,
        date=date,
        note=note or None,
        evidence=None,
        recorded_at=now,
    )


def report_key(e: ProgressEntry) -> tuple[Any, ...]:
    """What makes two entries the same report (the time of recording aside)."""
    return (e.task, e.unit, e.kind, e.status, e.percent, e.date, e.note, e.evidence)


def recorded_duplicate(entries: Iterable[ProgressEntry], entry: ProgressEntry) -> ProgressEntry | None:
    """The entry already recorded that says exactly what `entry` says, if any: `update` and
    `import` record the same report once."""
    key = report_key(entry)
    return next((e for e in entries if report_key(e) == key), None)


def _check_date(cat: Catalogue, date: dt.date, today: dt.date) -> None:
    if date > today:
        raise UsageError(message("date_future", date=date, today=today))
    if date < cat.notice.date:
        raise UsageError(message("date_before_notice", date=date, notice=cat.notice.date))


def entry_record(entry: ProgressEntry) -> dict[str, Any]:
    """An entry's fields in the order of the model (and of every line written)."""
    return {name: getattr(entry, name) for name in ProgressEntry.__dataclass_fields__}


def entry_line(entry: ProgressEntry) -> str:
    """One entry as one line of YAML (a JSON object is a YAML flow mapping)."""
    import json

    record = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in entry_record(entry).items() if v is not None}
    text = json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
    return "- " + re.sub(_YAML_UNSAFE, lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n"


LOCK_WAIT_SECONDS = 30


def append_entry(root: Path, entry: ProgressEntry, unit_name: str) -> Path:
    """Append one entry under an exclusive lock, in one write, flushed to disk."""
    from filelock import FileLock, Timeout

    path = root / PROGRESS_DIR / f"{entry.unit}.yaml"
    try:
        with FileLock(str(path) + ".lock", timeout=LOCK_WAIT_SECONDS):
            _append_line(path, entry, unit_name)
    except Timeout:
        raise WorkspaceError(message("lock_timeout", path=display_name(path), seconds=LOCK_WAIT_SECONDS)) from None
    except OSError as exc:
        raise WorkspaceError(message("cannot_write", path=display_name(path), reason=exc.strerror or exc)) from None
    return path


def _append_line(path: Path, entry: ProgressEntry, unit_name: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        size = os.fstat(fd).st_size
        data = entry_line(entry)
        if size + len(data.encode("utf-8")) + 1 > MAX_FILE_BYTES:
            # readers skip a file over the limit: an entry written there would never count
            raise WorkspaceError(message("file_would_grow", path=display_name(path), limit=MAX_FILE_BYTES))
        if size == 0:
            data = f"# {unit_name} 进度记录：由 anquan 逐条追加，一行一条，请勿改动已有行。\nunit: {entry.unit}\nentries:\n" + data
        elif not _ends_with_newline(path, size):
            data = "\n" + data  # an earlier write was cut short: keep that line apart
        os.write(fd, data.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def _ends_with_newline(path: Path, size: int) -> bool:
    with path.open("rb") as f:
        f.seek(size - 1)
        return f.read(1) == b"\n"


# ── roll-up ──


@dataclass
class UnitState:
    status: str = "not_started"
    percent: int = 0
    date: dt.date | None = None
    note: str | None = None


@dataclass
class TaskState:
    task: str
    status: str  # not_started | in_progress | done | verified
    percent: float
    units: dict[str, UnitState]
    overdue_days: int  # days past the earliest missed deadline; 0 when not overdue
    next_due: dt.date | None  # the next deadline on or after the as-of date
    last_action: ProgressEntry | None = None  # the office's latest verify or reject

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0

    @property
    def closed(self) -> bool:
        return self.status in ("done", "verified")


def rollup(cat: Catalogue, log: Progress, as_of: dt.date) -> dict[str, TaskState]:
    """Each task's state as it stood at the end of `as_of`: later entries are ignored."""
    by_task: dict[str, list[EntryRow]] = {}
    for row in log.rows:  # already in the order they happened
        if row[_DATE] <= as_of:
            by_task.setdefault(row[_TASK], []).append(row)
    return {task.id: _task_state(task, by_task.get(task.id, []), as_of) for task in cat.tasks.values()}


def _task_state(task: CatalogueTask, rows: list[EntryRow], as_of: dt.date) -> TaskState:
    units = {u: UnitState() for u in task.reporters}
    unfinished = dict.fromkeys(units, 0)  # each unit's last percent short of done: what a 退回 leaves it
    verified = False
    last_action = None
    for row in rows:
        kind = row[_KIND]
        if kind == "update":
            if row[_UNIT] in units:
                status = WORD_STATUS[row[_STATUS]]
                percent = row[_PERCENT] if row[_PERCENT] is not None else 0
                units[row[_UNIT]] = UnitState(status, percent, row[_DATE], row[_NOTE])
                if status != "done":
                    unfinished[row[_UNIT]] = percent
                verified = verified and status == "done"
        elif kind == "verify":
            # A verify counts only if every unit is done at its date: an update dated before it
            # but recorded later (or merged from another clone) can leave a unit unfinished, and
            # that unit reporting done afterwards must not make the task 已销号 unverified.
            verified, last_action = all(s.status == "done" for s in units.values()), row
        else:  # reject: every unit that reported done is back to 推进中, at its percent before
            verified, last_action = False, row
            for unit, state in units.items():
                if state.status == "done":
                    state.status, state.percent = "in_progress", unfinished[unit]
    statuses = [s.status for s in units.values()]
    if units and all(s == "done" for s in statuses):
        status = "verified" if verified else "done"
    elif any(s != "not_started" for s in statuses):
        status = "in_progress"
    else:
        status = "not_started"
    percent = sum(s.percent for s in units.values()) / len(units) if units else 0.0
    closed = status in ("done", "verified")
    missed = [o.date for o in task.occurrences if o.date < as_of]
    upcoming = [o.date for o in task.occurrences if o.date >= as_of]
    overdue_days = (as_of - missed[0]).days if missed and not closed else 0
    action = entries_from_rows([last_action])[0] if last_action is not None else None
    return TaskState(task.id, status, percent, units, overdue_days, upcoming[0] if upcoming else None, action)


def schedule_percent(cat: Catalogue, as_of: dt.date) -> float:
    """序时进度: the share of the notice year elapsed at the end of `as_of`, in percent."""
    year = cat.notice.year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if as_of < start:
        return 0.0
    if as_of >= end:
        return 100.0
    return 100.0 * ((as_of - start).days + 1) / ((end - start).days + 1)
