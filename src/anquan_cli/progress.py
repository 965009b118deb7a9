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
import sys
from collections.abc import Callable, Iterable
from dataclasses import field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from .catalogue import DEPARTMENTS_FILE, NOTICE_FILE, TASKS_FILE, Catalogue, shipped_data_dir
from .entry_decoding import RowReader, plain_zone
from .errors import DataError, Problem, UsageError, WorkspaceError
from .labels import message
from .models import ProgressEntry
from .notices import NOTICES_FILE, QUALIFIER, catalogue_files, entry_task_key, split_id, stored_task_id
from .records import record
from .render import clip, one_line
from .supervision import SUPERVISION_FILE
from .textfile import (
    MAX_FILE_BYTES,
    MAX_NESTING_DEPTH,
    append_whole,
    display_name,
    fsync_directory,
    is_link,
    open_for_append,
    read_bytes,
    read_lines_text,
    refuse_unsafe_target,
)

PROGRESS_DIR = "progress"
SCHEMA_DIR = "schema"  # JSON Schemas that the catalogue files' modelines point at
OFFICE = "anweiban"  # 县安委办: the only unit that verifies (销号) or rejects (退回)
STATUS_WORD = {"not_started": "未启动", "in_progress": "推进中", "done": "已完成", "verified": "已销号"}
OFFICE_STATUS = {
    "verify": "已销号", "reject": "退回", "reopen": "撤销销号", "trigger": "已触发", "withdraw": "撤回", "red_card": "红牌警告", "yellow_card": "黄牌警告",
}  # fmt: skip
WORD_STATUS = {v: k for k, v in STATUS_WORD.items()}
CARD_KINDS = ("red_card", "yellow_card")

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
    """The nearest directory, from `start` up, that is a workspace (as git finds a repository).
    The walk stops at a folder owned by another user, as git's does: a workspace planted in a
    shared parent folder must not answer for those below it. Named with --data, it is used."""
    for candidate in [start, *start.parents]:
        owner = _foreign_owner(candidate)
        if owner is not None:
            if is_workspace(candidate):
                raise WorkspaceError(message("foreign_workspace", path=display_name(candidate), owner=owner))
            return None
        if is_workspace(candidate):
            return candidate
    return None


def _foreign_owner(folder: Path) -> int | None:
    """The owner of `folder` (or of its progress/ folder) when that is not the current user.
    Windows has no uid to compare (os.getuid is POSIX only): there the walk is not limited."""
    if not hasattr(os, "getuid"):
        return None
    me = os.getuid()
    for path in (folder, folder / PROGRESS_DIR):
        try:
            owner = os.lstat(path).st_uid
        except OSError:
            continue
        if owner != me:
            return owner
    return None


def init_workspace(target: Path, source: Path) -> list[Path]:
    """Copy the catalogue into `target` and add an empty progress folder. Built in a temporary
    sibling folder and renamed into place, so that a full or read-only disk leaves nothing."""
    import shutil
    import tempfile

    info = os.lstat(target) if os.path.lexists(target) else None
    if info is not None and is_link(info):
        raise WorkspaceError(message("write_link", path=target))
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise WorkspaceError(message("init_not_empty", path=target))
    made_parents = [p for p in reversed(target.parents) if not p.exists()]
    building: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".init"))
        _fill_workspace(building, source)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(building, 0o777 & ~mask)  # mkdtemp makes 0700; a workspace is an ordinary folder
        if target.exists():
            target.rmdir()  # empty (checked above); Windows cannot rename onto it
        os.rename(building, target)
        building = None
    except OSError as exc:
        raise WorkspaceError(message("init_failed", path=target, reason=exc.strerror or exc)) from None
    finally:
        if building is not None:
            shutil.rmtree(building, ignore_errors=True)
            for parent in reversed(made_parents):
                try:
                    parent.rmdir()
                except OSError:
                    break
    names = [TASKS_FILE, DEPARTMENTS_FILE, NOTICE_FILE, *([SUPERVISION_FILE] if (target / SUPERVISION_FILE).is_file() else [])]
    names += [SCHEMA_DIR] if (target / SCHEMA_DIR).is_dir() else []
    return [target / name for name in [*names, PROGRESS_DIR, ".gitattributes", ".gitignore"]]


def _fill_workspace(target: Path, source: Path) -> None:
    import shutil  # only init copies files: every other command starts without it

    for name in (TASKS_FILE, DEPARTMENTS_FILE, NOTICE_FILE):
        shutil.copyfile(source / name, target / name)
    if (source / NOTICES_FILE).is_file():  # a workspace of several notices: each one's catalogue too
        shutil.copyfile(source / NOTICES_FILE, target / NOTICES_FILE)
        for name in catalogue_files(source):
            if (source / name).is_file() and Path(name).name in (TASKS_FILE, NOTICE_FILE):
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source / name, target / name)
    if (source / SUPERVISION_FILE).is_file():  # the office's settings, to edit (local data)
        shutil.copyfile(source / SUPERVISION_FILE, target / SUPERVISION_FILE)
    if (source / SCHEMA_DIR).is_dir():  # what the files' schema modelines point at
        shutil.copytree(source / SCHEMA_DIR, target / SCHEMA_DIR)
    (target / PROGRESS_DIR).mkdir()
    (target / PROGRESS_DIR / ".gitkeep").write_text("", encoding="utf-8")
    (target / ".gitattributes").write_text(_GITATTRIBUTES, encoding="utf-8")
    (target / ".gitignore").write_text(_GITIGNORE, encoding="utf-8")


_OWN_ROOT_FILES = {NOTICE_FILE, ".gitattributes", ".gitignore"}


def is_data_file(path: Path, data_dir: Path) -> bool:
    """Whether writing `path` would overwrite a workspace's own data (or the data read now):
    a progress file or its lock, or a catalogue or local-configuration file at its root
    (tasks.yaml, departments.yaml, notice.txt, assignments.yaml, people.yaml, any *.yaml)."""
    try:
        folder = path.resolve().parent
        current = data_dir.resolve()
    except (OSError, RuntimeError):
        return False
    name = path.name
    if folder == current or is_workspace(folder):
        return name in _OWN_ROOT_FILES or name.endswith((".yaml", ".yml"))
    if folder.name == PROGRESS_DIR and (folder.parent == current or is_workspace(folder.parent)):
        return name.endswith((".yaml", ".yml", ".lock"))
    return False


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
        raise UsageError(message("status_unknown", text=text))
    return aliases[key]


# ── reading ──


@record
class Progress:
    """A log of entries, kept as rows (see `entry_row`) in the order they happened: the
    roll-up reads rows; `entries` makes objects only when they are asked for."""

    rows: list[EntryRow] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # Entries on a notice the workspace no longer lists (one line per file and notice): not
    # counted and no fault of the file; `validate` says how many (progress files are append-only).
    set_aside: list[Problem] = field(default_factory=list)

    @cached_property
    def entries(self) -> list[ProgressEntry]:
        return entries_from_rows(self.rows)

    def entries_of(self, task_id: str) -> list[ProgressEntry]:
        return entries_from_rows(row for row in self.rows if row[_TASK] == task_id)


def about_tasks(log: Progress, tasks: Iterable[str] | dict[str, Any]) -> Progress:
    """The log's entries on `tasks` only (one notice of several), with all its warnings."""
    chosen = tasks if isinstance(tasks, (set, frozenset, dict)) else set(tasks)
    return Progress([row for row in log.rows if row[_TASK] in chosen], log.warnings)


def load_progress(root: Path, cat: Catalogue, today: dt.date | None = None, *, decoded: Callable[[Path], DecodedFile | None] | None = None) -> Progress:
    """Every valid entry of every unit's file; a bad entry is skipped with a located warning.
    With `today`, an entry dated after it is such an entry too. `decoded`: a file's decoding
    made already (by progress_worker), if there is one."""
    parts = [load_progress_file(path, cat, today=today, decoded=decoded and decoded(path)) for path in progress_files(root)]
    warnings, set_aside = [w for part in parts for w in part.warnings], [s for part in parts for s in part.set_aside]
    return Progress(merge_rows(part.rows for part in parts), warnings, set_aside)


def progress_files(root: Path) -> list[Path]:
    folder = root / PROGRESS_DIR
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


# An entry as a tuple of its fields, in the model's order: what the cache keeps. Hundreds of
# thousands of tuples load many times faster than as many objects.
EntryRow = tuple[Any, ...]
_ENTRY_FIELDS = tuple(ProgressEntry.__dataclass_fields__)
assert _ENTRY_FIELDS == ("task", "unit", "kind", "status", "percent", "period", "date", "note", "evidence", "recorded_at", "about", "replaces"), (
    "entry_row's order"
)
_entry_fields = operator.attrgetter(*_ENTRY_FIELDS)
_TASK, _UNIT, _KIND, _STATUS, _PERCENT, _PERIOD, _DATE, _NOTE, _RECORDED_AT, _ABOUT, _REPLACES = (
    _ENTRY_FIELDS.index(name) for name in ("task", "unit", "kind", "status", "percent", "period", "date", "note", "recorded_at", "about", "replaces")
)


def entry_row(entry: ProgressEntry) -> EntryRow:
    # Values that repeat (ids, words, days) become one shared object each: the cache then
    # stores each once, which halves its size and the time to write it.
    task, unit, kind, status, percent, period, date, note, evidence, moment, about, replaces = _entry_fields(entry)
    day = _DAYS.setdefault(date, date)
    return (
        sys.intern(task),
        sys.intern(unit),
        sys.intern(kind),
        sys.intern(status),
        percent,
        None if period is None else sys.intern(period),
        day,
        note,
        evidence,
        plain_zone(moment),
        about,
        None if replaces is None else plain_zone(replaces),
    )


_DAYS: dict[dt.date, dt.date] = {}


def merge_rows(parts: Iterable[list[EntryRow]]) -> list[EntryRow]:
    """Several files' entries in one list, in the order they happened."""
    rows = [row for part in parts for row in part]
    rows.sort(key=operator.itemgetter(_DATE, _RECORDED_AT))
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


def load_progress_file(
    path: Path, cat: Catalogue, raw: bytes | None = None, *, today: dt.date | None = None, numbers: list[int] | None = None, decoded: DecodedFile | None = None
) -> Progress:
    """One unit's file (`raw`: its bytes, when the caller has read them already; `decoded`:
    what `decode_progress_file` made of them, in another process); `numbers` gets the line
    number of each row."""
    shown = display_name(path)
    found = decoded if decoded is not None else decode_progress_file(path, shown, raw, entries=path.stem in cat.units)
    progress = Progress(warnings=list(found.read_problems))
    if found.lines is None:  # unreadable, or not text
        return progress
    unit = path.stem
    if unit not in cat.units:
        progress.warnings.append(Problem(shown, 1, 1, "", message("progress_file_name", unit=unit)))
        return progress
    progress.warnings += found.line_problems
    checked = check_progress_rows(found.lines, shown, unit, cat, progress, today=today)
    if numbers is not None:
        numbers.extend(checked)
    return progress


@record
class DecodedFile:
    """What a progress file's bytes say before the catalogue is asked: what `load_progress_file`
    does without the catalogue, which may run in another process (progress_worker.py)."""

    read_problems: list[Problem]  # the file's encoding, or why it cannot be read at all
    lines: list[tuple[int, EntryRow]] | None  # each entry line's number and row, in order; None: unreadable
    line_problems: list[Problem]  # lines that are not entries, or whose entry is not valid


def decode_progress_file(path: Path, shown: str, raw: bytes | None = None, *, entries: bool = True) -> DecodedFile:
    """`path`'s entries as rows, and the problems found before any catalogue is needed
    (`entries` False: the file's text only, its lines left unread)."""
    try:
        text, read_problems = read_lines_text(read_bytes(path, shown) if raw is None else raw, shown)
    except DataError as exc:
        return DecodedFile(list(exc.problems), None, [])
    line_problems: list[Problem] = []
    if not entries:
        return DecodedFile(read_problems, [], line_problems)
    return DecodedFile(read_problems, decode_progress_lines(text, 1, shown, line_problems), line_problems)


def read_progress_lines(text: str, first: int, shown: str, unit: str, cat: Catalogue, into: Progress, *, today: dt.date | None = None) -> list[int]:
    """The entries and problems of a progress file's lines (`text`, its line `first` on), added
    to `into`; returns the line number of each row added. The index reads only what was
    appended to a file since it last read it, with this same code."""
    rows = decode_progress_lines(text, first, shown, into.warnings)
    return check_progress_rows(rows, shown, unit, cat, into, today=today)


def decode_progress_lines(text: str, first: int, shown: str, problems: list[Problem]) -> list[tuple[int, EntryRow]]:
    """The entry lines of `text` (its line `first` on) as numbered rows, in order; a line that
    is not an entry, or whose entry is not valid, adds to `problems`. No catalogue is asked."""
    # One entry per line is what anquan writes; reading line by line keeps every good entry
    # of a file that has one bad line (a hand edit, an interrupted write).
    reader = _READER
    rows: list[tuple[int, EntryRow]] = []  # the lines as anquan writes them, read at once
    lines: list[tuple[int, str]] = []  # the other entry lines
    # Lines end at \n only, as editors, grep -n and git count them: str.splitlines would also
    # break at \x85, \u2028 … inside a value and shift every later line number.
    for number, line in enumerate(text.split("\n"), start=first):
        if line.startswith("- {"):
            row = reader.row(line, 2)
            if row is not None:
                rows.append((number, row))
                continue
        stripped = line.strip(" \t\r")
        if stripped.startswith("- "):
            lines.append((number, stripped[2:]))
        elif stripped and not stripped.startswith("#") and not re.match(r"^(unit|entries):", stripped):
            problems.append(Problem(shown, number, 1, "", message("progress_not_entry_line")))
    if lines:
        rows = sorted(rows + _parse_rows(lines, shown, problems), key=lambda item: item[0])
    return rows


def check_progress_rows(rows: list[tuple[int, EntryRow]], shown: str, unit: str, cat: Catalogue, into: Progress, *, today: dt.date | None = None) -> list[int]:
    """The numbered rows of `unit`'s file checked against the catalogue: those that stand are
    added to `into`, the others are skipped with a located warning. Returns the line number of
    each row added."""
    progress, numbers = into, []
    unlisted: dict[str, list[int]] = {}  # a notice no longer listed → its entries' line numbers
    keyed = bool(cat.qualifiers)
    for number, row in rows:
        if keyed or QUALIFIER in row[_TASK]:
            row = keyed_row(cat, row)
            retired = unlisted_notice(cat, row[_TASK])
            if retired is not None:
                unlisted.setdefault(retired, []).append(number)
                continue
        problem = row_problem(cat, row, unit) or row_date_problem(cat, row, today)
        if problem:
            progress.warnings.append(Problem(shown, number, 1, "", message("line_skipped", problem=problem)))
            continue
        progress.rows.append(row)
        numbers.append(number)
    for retired, at in unlisted.items():
        progress.set_aside.append(Problem(shown, at[0], 1, "", message("entries_of_unlisted_notice", n=len(at), number=retired)))
    return numbers


# One for every file: each id, word and day is checked once, whichever files it is in.
_READER = RowReader()


# What a notice's number looks like (陵政发〔2025〕1号): how an entry names the notice it is about.
_NOTICE_NUMBER = re.compile(r"〔\d{4}〕\d+号$")


def unlisted_notice(cat: Catalogue, task: str) -> str | None:
    """The number of the notice an entry names when the workspace does not list it (the office
    stopped tracking it); None for an entry of a listed notice, or one naming no notice."""
    qualifier = split_id(task)[0]
    if not qualifier or qualifier in cat.qualifiers or qualifier == cat.notice.number or not _NOTICE_NUMBER.search(qualifier):
        return None  # several notices: `qualifiers` holds every listed one's number and alias
    return qualifier


def keyed_entry(cat: Catalogue, entry: ProgressEntry) -> ProgressEntry:
    """The entry with its task named as the catalogue keys it (in a workspace of several
    notices, a file names it by its notice's number; notices.py)."""
    if not cat.qualifiers and QUALIFIER not in entry.task:
        return entry
    key = entry_task_key(cat, entry.task)
    return entry if key is None or key == entry.task else replace(entry, task=key)


def keyed_row(cat: Catalogue, row: EntryRow) -> EntryRow:
    """`keyed_entry` for a row."""
    key = entry_task_key(cat, row[_TASK])
    return row if key is None or key == row[_TASK] else (sys.intern(key), *row[1:])


def stored_entry(cat: Catalogue, entry: ProgressEntry) -> ProgressEntry:
    """The entry as a file names its task: by its notice's number, where there are several."""
    if not cat.qualifiers:
        return entry
    return replace(entry, task=stored_task_id(cat, entry.task))


def _parse_rows(lines: list[tuple[int, str]], shown: str, warnings: list[Problem]) -> list[tuple[int, EntryRow]]:
    """The rows of numbered lines that `RowReader` does not read: JSON objects validated in
    one pydantic call; any other line, or one that fails, read again as YAML, which locates
    every problem in it. An entry whose text is not valid Unicode (a lone surrogate, which only
    an escape in such a line can write) is skipped: no index or file can hold it as text."""
    decoded = _json_records([text for _, text in lines])
    entries = _parse_entries([(number, text, record) for (number, text), record in zip(lines, decoded, strict=True)], shown, warnings)
    rows = []
    for number, entry in entries:
        problem = text_problem(entry)
        if problem is None:
            rows.append((number, entry_row(entry)))
        else:
            warnings.append(Problem(shown, number, 1, "", message("entry_skipped", problem=problem)))
    return rows


_NOT_UNICODE = re.compile("[\ud800-\udfff]")  # a lone surrogate: what surrogateescape makes of a byte not in UTF-8


def text_problem(entry: ProgressEntry) -> str | None:
    """Why an entry's text cannot be kept as text (a field with a lone surrogate), or None."""
    for name in _ENTRY_FIELDS:
        value = getattr(entry, name)
        if isinstance(value, str) and _NOT_UNICODE.search(value):
            return message("entry_not_unicode", field=name, shown=clip(one_line(value)))
    return None


def _parse_entries(lines: list[tuple[int, str, dict[str, Any] | None]], shown: str, warnings: list[Problem]) -> list[tuple[int, ProgressEntry]]:
    """The entries of numbered lines (each with its JSON object, or None when it is not one):
    the objects validated in one pydantic call; any other line, or one that fails, read again
    as YAML."""
    from pydantic import ValidationError

    from .validation import validate_many

    parsed: list[tuple[int, ProgressEntry]] = []
    fast = [(number, text, decoded) for number, text, decoded in lines if decoded is not None]
    slow = [(number, text) for number, text, decoded in lines if decoded is None]
    try:
        entries = validate_many(ProgressEntry, [decoded for _, _, decoded in fast])
    except ValidationError as exc:
        failed = {error["loc"][0] for error in exc.errors()}
        slow += [(number, text) for i, (number, text, _) in enumerate(fast) if i in failed]
        fast = [line for i, line in enumerate(fast) if i not in failed]
        entries = validate_many(ProgressEntry, [decoded for _, _, decoded in fast])
    parsed += zip((number for number, _, _ in fast), entries, strict=True)
    for number, text in slow:
        entry = _parse_yaml_line(text, shown, number, warnings)
        if entry is not None:
            parsed.append((number, entry))
    return parsed


def _json_records(texts: list[str]) -> list[dict[str, Any] | None]:
    """Each line as a JSON object, or None for anything else (YAML flow style, duplicate
    keys, a torn line). Lines as anquan writes them are decoded all in one call."""
    import json

    if re.search(_YAML_UNSAFE, "\n".join(texts)):
        # characters YAML refuses: those lines must be refused on the YAML path, as anquan
        # never writes them (it escapes them)
        return [None if re.search(_YAML_UNSAFE, text) else _json_record(text) for text in texts]
    if all(text.startswith("{") and text.endswith("}") and not _maybe_too_deep(text) for text in texts):
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

    if not text.startswith("{") or _maybe_too_deep(text):
        return None
    try:
        return _checked_record(text, json.loads(text))
    except ValueError:
        return None


def _maybe_too_deep(text: str) -> bool:
    """A line with more brackets than values may nest: it is read on the YAML path, which
    refuses a value nested too deep at its position (json would recurse until it fails)."""
    return text.count("[") + text.count("{") > MAX_NESTING_DEPTH


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
        return message("clash_done")
    if status_word == "未启动" and percent not in (None, 0):
        return message("clash_not_started")
    if status_word == "推进中" and percent == 100:
        return message("clash_in_progress")
    return None


def entry_problem(cat: Catalogue, entry: ProgressEntry, file_unit: str | None = None) -> str | None:
    """Why an entry cannot stand, or None."""
    return row_problem(cat, _entry_fields(entry), file_unit)


def row_problem(cat: Catalogue, row: EntryRow, file_unit: str | None = None) -> str | None:
    """Why the entry of a row (or of its fields, in the row's order) cannot stand, or None."""
    unit, kind, status = row[_UNIT], row[_KIND], row[_STATUS]
    if file_unit is not None and unit != file_unit:
        return message("entry_wrong_file", unit=unit, file_unit=file_unit)
    task = cat.tasks.get(row[_TASK])
    if task is None:
        return message("entry_unknown_task", task=row[_TASK])
    if kind in ("update", "withdraw"):
        if unit not in task.may_report:
            name = cat.units[unit].name if unit in cat.units else unit
            return message("entry_not_responsible", name=name, task=row[_TASK])
        if kind == "withdraw":
            return None if row[_REPLACES] is not None else message("entry_withdraw_names_nothing")
        if status not in ("未启动", "推进中", "已完成"):
            return message("entry_bad_update_status", status=status)
        clash = status_percent_clash(status, row[_PERCENT])
        if clash:
            return message("entry_status_percent", status=status, percent=row[_PERCENT], why=clash)
        return None
    about = row[_ABOUT]
    if unit != OFFICE:
        return message("entry_office_only", office=OFFICE, kind=kind)
    if about is not None and about not in task.may_report:
        return message("entry_not_responsible", name=about, task=row[_TASK])
    if kind in CARD_KINDS and (about is None or not row[_NOTE]):
        return message("card_needs_unit_and_reason")
    return None


def report_key(e: ProgressEntry) -> tuple[Any, ...]:
    """What makes two entries the same report (the time of recording aside)."""
    return (e.task, e.unit, e.kind, e.status, e.percent, e.period, e.date, e.note, e.evidence)


def recorded_duplicate(entries: Iterable[ProgressEntry], entry: ProgressEntry) -> ProgressEntry | None:
    """The entry already recorded that says exactly what `entry` says, if any: `update` and
    `import` record the same report once."""
    key = report_key(entry)
    return next((e for e in entries if report_key(e) == key), None)


def entry_date_problem(cat: Catalogue, entry: ProgressEntry, today: dt.date | None) -> str | None:
    """Why an entry's date cannot stand (before the notice, after `today`), or None: what
    `update` refuses to write is skipped when written by hand."""
    return row_date_problem(cat, _entry_fields(entry), today)


def row_date_problem(cat: Catalogue, row: EntryRow, today: dt.date | None) -> str | None:
    """`entry_date_problem` for a row."""
    task = cat.tasks.get(row[_TASK])
    notice_date = task.source.date if task is not None else cat.notice.date
    day = row[_DATE]
    if day < notice_date:
        return message("entry_date_before_notice", date=day, notice=notice_date)
    if today is not None and day > today:
        return message("entry_date_in_future", date=day, today=today)
    return None


# ── writing ──


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


def check_append_target(root: Path, unit: str) -> tuple[Path, Path]:
    """The unit's progress file and its lock, refused when a link or not a regular file: what
    `append_entry` writes to. Commands call it first too, so that a refusal comes before any
    reading (and its warnings)."""
    folder = root / PROGRESS_DIR
    path = folder / f"{unit}.yaml"
    lock = Path(str(path) + ".lock")
    try:
        refuse_unsafe_target(folder, display_name(folder), directory=True)
        refuse_unsafe_target(lock, display_name(lock))  # filelock opens it with O_TRUNC
        refuse_unsafe_target(path, display_name(path))  # before the lock, so that a refusal makes no lock file
    except OSError as exc:
        raise WorkspaceError(message("write_failed", path=display_name(path), reason=exc.strerror or exc)) from None
    return path, lock


def append_entry(root: Path, entry: ProgressEntry, unit_name: str) -> Path:
    """Append one entry under an exclusive lock, whole and flushed to disk, or not at all.
    Never through a link (the progress folder, the file or its lock) nor onto a special file."""
    from filelock import FileLock, Timeout

    problem = text_problem(entry)
    if problem is not None:
        raise UsageError(problem)
    path, lock = check_append_target(root, entry.unit)
    try:
        with FileLock(str(lock), timeout=LOCK_WAIT_SECONDS):
            _append_line(path, entry, unit_name)
    except Timeout:
        raise WorkspaceError(message("lock_timeout", path=display_name(path), seconds=LOCK_WAIT_SECONDS)) from None
    except OSError as exc:
        raise WorkspaceError(message("write_failed", path=display_name(path), reason=exc.strerror or exc)) from None
    return path


def _append_line(path: Path, entry: ProgressEntry, unit_name: str) -> None:
    fd, created = open_for_append(path, display_name(path))
    written = False
    try:
        size = os.fstat(fd).st_size
        data = entry_line(entry)
        if size + len(data.encode("utf-8")) + 1 > MAX_FILE_BYTES:
            # readers skip a file over the limit: an entry written there would never count
            raise WorkspaceError(message("file_would_grow", path=display_name(path), limit=MAX_FILE_BYTES))
        if size == 0:
            data = f"# {unit_name} 进度记录：由 anquan 逐条追加，一行一条，请勿改动已有行。\nunit: {entry.unit}\nentries:\n" + data
        elif not _ends_with_newline(fd, size):
            data = "\n" + data  # an earlier write was cut short: keep that line apart
        append_whole(fd, data.encode("utf-8"), size)
        written = True
        if created:
            fsync_directory(path.parent)  # the new file's name, too, survives a power cut
    finally:
        os.close(fd)
        if created and not written:  # the file did not exist: as it was means not there
            path.unlink(missing_ok=True)


def _ends_with_newline(fd: int, size: int) -> bool:
    """Read on the descriptor already open, never by the path again (it could be swapped)."""
    os.lseek(fd, size - 1, os.SEEK_SET)
    return os.read(fd, 1) == b"\n"


def latest_recorded_at(log: Progress) -> dt.datetime | None:
    return max((row[_RECORDED_AT] for row in log.rows), default=None)
