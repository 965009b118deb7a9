"""Progress: the workspace, append-only entries per unit, and the roll-up at an as-of date.

A workspace is a catalogue directory with a `progress/` folder. Each reporting unit appends
to its own `progress/<unit-id>.yaml`, one complete entry per line, so that units working in
separate git clones merge without conflicts (and `merge=union` keeps even same-file appends).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .catalogue import DEPARTMENTS_FILE, NOTICE_FILE, TASKS_FILE, Catalogue, CatalogueTask
from .errors import DataError, Problem, UsageError, WorkspaceError
from .models import ProgressEntry
from .textfile import display_name, read_text

PROGRESS_DIR = "progress"
OFFICE = "anweiban"  # 县安委办: the only unit that verifies (销号) or rejects (退回)
STATUS_WORD = {"not_started": "未启动", "in_progress": "推进中", "done": "已完成", "verified": "已销号"}
WORD_STATUS = {v: k for k, v in STATUS_WORD.items()}
REPORTING_KINDS = ("department", "township")

_GITATTRIBUTES = "# 进度文件只追加：合并时保留双方新增的行\nprogress/*.yaml merge=union\n"
_GITIGNORE = "progress/*.lock\n"
# Characters PyYAML refuses in a stream, or reads as line breaks: written as \\u escapes.
_YAML_UNSAFE = "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"


# ── the workspace ──


def is_workspace(path: Path) -> bool:
    return (path / TASKS_FILE).is_file() and (path / PROGRESS_DIR).is_dir()


def find_workspace(start: Path) -> Path | None:
    """The nearest directory, from `start` up, that is a workspace (as git finds a repository)."""
    for candidate in [start, *start.parents]:
        if is_workspace(candidate):
            return candidate
    return None


def init_workspace(target: Path, source: Path) -> list[Path]:
    """Copy the catalogue into `target` and add an empty progress folder."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise WorkspaceError(f"{target} exists and is not empty: choose a new directory")
    target.mkdir(parents=True, exist_ok=True)
    made = []
    for name in (TASKS_FILE, DEPARTMENTS_FILE, NOTICE_FILE):
        shutil.copyfile(source / name, target / name)
        made.append(target / name)
    (target / PROGRESS_DIR).mkdir()
    (target / PROGRESS_DIR / ".gitkeep").write_text("", encoding="utf-8")
    (target / ".gitattributes").write_text(_GITATTRIBUTES, encoding="utf-8")
    (target / ".gitignore").write_text(_GITIGNORE, encoding="utf-8")
    made += [target / PROGRESS_DIR, target / ".gitattributes", target / ".gitignore"]
    return made


def require_workspace(root: Path) -> Path:
    if not is_workspace(root):
        raise WorkspaceError(
            f"{display_name(root)} is not a workspace (no {PROGRESS_DIR}/ folder); the shipped catalogue is read-only: "
            "run `anquan init DIR` and work there (or pass --data DIR)"
        )
    return root


# ── who reports ──


def reporting_units(cat: Catalogue, task: CatalogueTask) -> list[str]:
    """The units that report on a task: departments and townships, not groups or collectives."""
    return [a.unit for a in task.assignments if cat.units[a.unit].kind in REPORTING_KINDS]


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
    entries: list[ProgressEntry] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def load_progress(root: Path, cat: Catalogue) -> Progress:
    """Every valid entry of every unit's file; a bad entry is skipped with a located warning."""
    return merge_progress([load_progress_file(path, cat) for path in progress_files(root)])


def progress_files(root: Path) -> list[Path]:
    folder = root / PROGRESS_DIR
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def merge_progress(parts: Iterable[Progress]) -> Progress:
    """One log of several files' entries, in the order they happened."""
    merged = Progress()
    for part in parts:
        merged.entries.extend(part.entries)
        merged.warnings.extend(part.warnings)
    merged.entries.sort(key=lambda e: (e.date, e.recorded_at))
    return merged


def load_progress_file(path: Path, cat: Catalogue, text: str | None = None) -> Progress:
    """One unit's file (`text`, when the caller has read it already)."""
    progress = Progress()
    shown = display_name(path)
    if text is None:
        try:
            text = read_text(path, shown)
        except DataError as exc:
            progress.warnings.extend(exc.problems)
            return progress
    unit = path.stem
    if unit not in cat.units:
        progress.warnings.append(Problem(shown, 1, 1, "", f"file name {unit!r} is not a unit id; file skipped"))
        return progress
    # One entry per line is what anquan writes; reading line by line keeps every good entry
    # of a file that has one bad line (a hand edit, an interrupted write).
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("- "):
            if stripped and not stripped.startswith("#") and not re.match(r"^(unit|entries):", stripped):
                progress.warnings.append(Problem(shown, number, 1, "", "not an entry line (entries are '- {…}' lines); skipped"))
            continue
        entry = _parse_line(stripped[2:], shown, number, progress.warnings)
        if entry is None:
            continue
        problem = entry_problem(cat, entry, unit)
        if problem:
            progress.warnings.append(Problem(shown, number, 1, "", problem + "; skipped"))
            continue
        progress.entries.append(entry)
    return progress


def _parse_line(text: str, shown: str, number: int, warnings: list[Problem]) -> ProgressEntry | None:
    from pydantic import ValidationError

    from .validation import validate

    record = _json_record(text)
    if record is not None:  # the line as anquan writes it: JSON, read fast
        try:
            entry = validate(ProgressEntry, record)
        except ValidationError:
            entry = None  # read it again as YAML below, for located messages
        if entry is not None:
            return _with_zone(entry)
    return _parse_yaml_line(text, shown, number, warnings)


def _json_record(text: str) -> dict[str, Any] | None:
    """The line as a JSON object, or None for anything else (YAML flow style, duplicate
    keys, a torn line): those take the slower YAML path, which locates every problem."""
    import json

    if not text.startswith("{"):
        return None
    try:
        record = json.loads(text, object_pairs_hook=_refuse_duplicates)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


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
            warnings.append(Problem(shown, number, max(1, p.column - 5), "", p.message + "; entry skipped"))
        return None
    entry, problems = validate_document(doc, ProgressEntry, ("entry",))
    for p in problems:
        warnings.append(Problem(shown, number, max(1, p.column - 5), p.path.removeprefix("entry."), p.message + "; entry skipped"))
    return None if entry is None else _with_zone(entry)


def _with_zone(entry: ProgressEntry) -> ProgressEntry:
    moment = entry.recorded_at
    if moment.tzinfo is None:
        # anquan writes the zone; a hand-written time without one is local time. Left naive,
        # it could not be compared with the others and sorting every entry would fail.
        return replace(entry, recorded_at=moment.astimezone())
    if type(moment.tzinfo) is not dt.timezone:
        # pydantic's own zone class: a plain offset reads back (from the cache) without pydantic
        offset = moment.utcoffset()
        assert offset is not None
        return replace(entry, recorded_at=moment.replace(tzinfo=dt.timezone(offset)))
    return entry


def entry_problem(cat: Catalogue, entry: ProgressEntry, file_unit: str | None = None) -> str | None:
    """Why an entry cannot stand, or None."""
    if file_unit is not None and entry.unit != file_unit:
        return f"entry of unit {entry.unit!r} in the file of {file_unit!r}"
    task = cat.tasks.get(entry.task)
    if task is None:
        return f"unknown task {entry.task!r}"
    if entry.kind == "update":
        if entry.unit not in reporting_units(cat, task):
            return f"{cat.units[entry.unit].name if entry.unit in cat.units else entry.unit} is not responsible for task {entry.task}"
        if entry.status not in ("未启动", "推进中", "已完成"):
            return f"an update cannot set status {entry.status!r}"
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
    task = _task(cat, task_id)
    u = cat.units[unit]
    if u.kind in ("group", "collective"):
        members = "、".join(cat.units[m].name for m in (u.members or [])[:4])
        raise UsageError(f"{u.name} is a {'group' if u.kind == 'group' else 'collective'}: each member reports for itself (e.g. {members} …)")
    if unit not in reporting_units(cat, task):
        owners = "、".join(cat.units[x].short for x in reporting_units(cat, task)[:8])
        raise UsageError(f"{u.name} is not responsible for task {task.id}; its units: {owners} …")
    _check_date(cat, date, today)
    if percent is None:
        percent = {"not_started": 0, "done": 100}.get(status)
    if status == "done" and percent != 100:
        raise UsageError(f"status 已完成 with --percent {percent}: a done task is 100%")
    if status == "not_started" and percent not in (0, None):
        raise UsageError(f"status 未启动 with --percent {percent}: a task not started is 0%")
    if status == "in_progress" and percent == 100:
        raise UsageError("status 推进中 with --percent 100: report 已完成 instead")
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
    task = _task(cat, task_id)
    _check_date(cat, date, today)
    state = rollup(cat, progress.entries, date)[task.id]
    if kind == "verify" and state.status != "done":
        pending = [cat.units[u].short for u, s in state.units.items() if s.status != "done"]
        if state.status == "verified":
            raise UsageError(f"task {task.id} is already verified (已销号)")
        raise UsageError(f"task {task.id} cannot be verified: not every unit reports 已完成 (pending: {'、'.join(pending[:8])})")
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


def _task(cat: Catalogue, task_id: str) -> CatalogueTask:
    task = cat.tasks.get(task_id.strip())
    if task is None:
        raise UsageError(f"no task {task_id!r} (task ids look like 5.3.2; `anquan list` shows them)")
    return task


def _check_date(cat: Catalogue, date: dt.date, today: dt.date) -> None:
    if date > today:
        raise UsageError(f"--date {date} is in the future (today is {today})")
    if date < cat.notice.date:
        raise UsageError(f"--date {date} is before the notice was issued ({cat.notice.date})")


def entry_record(entry: ProgressEntry) -> dict[str, Any]:
    """An entry's fields in the order of the model (and of every line written)."""
    return {name: getattr(entry, name) for name in ProgressEntry.__dataclass_fields__}


def entry_line(entry: ProgressEntry) -> str:
    """One entry as one line of YAML (a JSON object is a YAML flow mapping)."""
    import json

    record = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in entry_record(entry).items() if v is not None}
    text = json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
    return "- " + re.sub(_YAML_UNSAFE, lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n"


def append_entry(root: Path, entry: ProgressEntry, unit_name: str) -> Path:
    """Append one entry under an exclusive lock, in one write, flushed to disk."""
    from filelock import FileLock

    path = root / PROGRESS_DIR / f"{entry.unit}.yaml"
    with FileLock(str(path) + ".lock", timeout=30):
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            data = entry_line(entry)
            if size == 0:
                data = f"# {unit_name} 进度记录：由 anquan 逐条追加，一行一条，请勿改动已有行。\nunit: {entry.unit}\nentries:\n" + data
            elif not _ends_with_newline(path, size):
                data = "\n" + data  # an earlier write was cut short: keep that line apart
            os.write(fd, data.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    return path


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


def rollup(cat: Catalogue, entries: Iterable[ProgressEntry], as_of: dt.date) -> dict[str, TaskState]:
    """Each task's state as it stood at the end of `as_of`: later entries are ignored."""
    by_task: dict[str, list[ProgressEntry]] = {}
    for e in entries:
        if e.date <= as_of:
            by_task.setdefault(e.task, []).append(e)
    states = {}
    for task in cat.tasks.values():
        states[task.id] = _task_state(cat, task, sorted(by_task.get(task.id, []), key=lambda e: (e.date, e.recorded_at)), as_of)
    return states


def _task_state(cat: Catalogue, task: CatalogueTask, entries: list[ProgressEntry], as_of: dt.date) -> TaskState:
    units = {u: UnitState() for u in reporting_units(cat, task)}
    verified = False
    last_action = None
    for e in entries:
        if e.kind == "update":
            if e.unit in units:
                status = WORD_STATUS[e.status]
                units[e.unit] = UnitState(status, e.percent if e.percent is not None else 0, e.date, e.note)
                verified = verified and status == "done"
        elif e.kind == "verify":
            # A verify counts only if every unit is done at its date: an update dated before it
            # but recorded later (or merged from another clone) can leave a unit unfinished, and
            # that unit reporting done afterwards must not make the task 已销号 unverified.
            verified, last_action = all(s.status == "done" for s in units.values()), e
        else:  # reject: every unit that reported done is back to 推进中
            verified, last_action = False, e
            for state in units.values():
                if state.status == "done":
                    state.status = "in_progress"
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
    return TaskState(task.id, status, percent, units, overdue_days, upcoming[0] if upcoming else None, last_action)


def schedule_percent(cat: Catalogue, as_of: dt.date) -> float:
    """序时进度: the share of the notice year elapsed at the end of `as_of`, in percent."""
    year = cat.notice.year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if as_of < start:
        return 0.0
    if as_of >= end:
        return 100.0
    return 100.0 * ((as_of - start).days + 1) / ((end - start).days + 1)
