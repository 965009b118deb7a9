"""The fast reader of progress lines (entry_decoding.RowReader) reads what json and pydantic
read, and nothing else.

The reference is the reader without it: every line through json, pydantic and, failing those,
YAML. Each test reads the same file both ways and compares everything the loader gives (rows,
warnings, entries set aside), over lines anquan writes, lines a person might write, and lines
damaged at random. A test also checks that the fast reader does read anquan's own lines, so
that the comparisons are not between two runs of the reference.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anquan_cli import entry_decoding, progress
from anquan_cli.catalogue import Catalogue, load_catalogue, shipped_data_dir
from anquan_cli.models import ProgressEntry
from anquan_cli.validation import validate, validate_many

CAT: Catalogue = load_catalogue(shipped_data_dir())
TASK = next(iter(CAT.tasks.values()))
UNIT = sorted(TASK.may_report)[0]
RECURRING = next(t for t in CAT.tasks.values() if t.kind == "recurring")


BASE: dict[str, Any] = {
    "task": TASK.id, "unit": UNIT, "kind": "update", "status": "推进中", "percent": 40, "date": "2025-05-06", "recorded_at": "2025-05-06T09:30:00+08:00",
}  # fmt: skip


class _NoFastReader(entry_decoding.RowReader):
    def row(self, line: str, start: int = 0) -> None:
        return None


def read(path: Path, *, fast: bool, today: dt.date | None = None) -> tuple[Any, ...]:
    # the loader reads every file with one reader, `progress._READER`: that is the one replaced
    original = progress._READER
    progress._READER = entry_decoding.RowReader() if fast else _NoFastReader()
    try:
        log = progress.load_progress_file(path, CAT, today=today)
    finally:
        progress._READER = original
    return log.rows, [str(w) for w in log.warnings], [str(s) for s in log.set_aside]


def read_both(tmp_path: Path, lines: list[str], unit: str = UNIT, today: dt.date | None = None) -> tuple[Any, ...]:
    """The file of `lines` read with and without the fast reader: asserted equal."""
    path = tmp_path / "progress" / f"{unit}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(("unit: " + unit + "\nentries:\n" + "".join(line + "\n" for line in lines)).encode("utf-8", "surrogatepass"))
    fast, slow = read(path, fast=True, today=today), read(path, fast=False, today=today)
    assert fast == slow
    # equal rows may still differ in what they hold (a zone object of another class)
    assert [[type(v) for v in row] for row in fast[0]] == [[type(v) for v in row] for row in slow[0]]
    return fast


def line_of(record: dict[str, Any], *, ensure_ascii: bool = False) -> str:
    return "- " + json.dumps(record, ensure_ascii=ensure_ascii, separators=(", ", ": "))


def entry(**fields: Any) -> ProgressEntry:
    return validate(ProgressEntry, BASE | fields)


def test_the_fast_reader_reads_the_lines_anquan_writes_as_pydantic_does() -> None:
    written = [
        entry(),
        entry(note="整改完成 3 处，台账见附件"),
        entry(status="已完成", percent=100, evidence="现场照片.zip", recorded_at="2025-05-06T09:30:00.250000+08:00"),
        entry(task=RECURRING.id, period="2025H1", status="未启动", percent=0),
        entry(kind="withdraw", status="撤回", percent=None, replaces="2025-05-05T10:00:00+08:00"),
        entry(unit="anweiban", kind="reject", status="退回", percent=None, about=UNIT, note="材料不全"),
        entry(recorded_at="2025-05-06T01:30:00+00:00", date="2025-12-31"),
        entry(recorded_at="2025-05-06T01:30:00-05:30"),
    ]
    reader = entry_decoding.RowReader()
    for one in written:
        line = progress.entry_line(one)
        assert line.startswith("- {")
        assert line.endswith("\n")
        assert reader.row(line[2:-1]) == progress.entry_row(one), line


@pytest.mark.parametrize(
    "change",
    [
        {"note": "带\\u0085换行"},  # escaped in the line: json's reading
        {"note": 'a "quoted" word'},
        {"note": "a\\b"},
        {"note": "x" * 200_000},
        {"percent": 101},
        {"percent": True},
        {"percent": 40.0},
        {"percent": None},
        {"kind": "later"},
        {"status": "done"},
        {"date": "2025-02-30"},
        {"date": "2025-5-6"},
        {"date": "20250506"},
        {"date": "2025-05-06T00:00:00"},
        {"recorded_at": "2025-05-06T24:00:00+08:00"},
        {"recorded_at": "2025-05-06T09:30:60+08:00"},
        {"recorded_at": "2025-05-06T09:30:00"},  # no zone: local time, read by pydantic
        {"recorded_at": "2025-05-06T09:30:00Z"},
        {"recorded_at": "2025-05-06 09:30:00+08:00"},
        {"recorded_at": "2025-05-06T09:30:00.5+08:00"},
        {"recorded_at": "2025-05-06T09:30:00+24:00"},
        {"recorded_at": "2025-02-29T09:30:00+08:00"},
        {"task": "1.1"},
        {"task": "01.1.1"},
        {"task": "陵政发〔2025〕1号:" + TASK.id},
        {"task": "other〔2024〕9号:" + TASK.id},
        {"task": "a\x1c:" + TASK.id},  # white space to re, not to pydantic's pattern
        {"task": "a\u3000:" + TASK.id},
        {"task": TASK.id + "\n"},
        {"unit": "Caizheng"},
        {"unit": "a" * 65},
        {"unit": "anweiban"},
        {"period": "2025H3"},
        {"period": ""},
        {"about": "x-y"},
        {"replaces": "yesterday"},
        {"replaces": "2025-02-29T09:30:00+08:00"},  # a day that does not exist, in the second time of a line
        {"replaces": "2025-05-06T09:30:00.250000-05:30"},
        {"recorded_at": "2024-02-29T23:59:59.999999-00:00"},
        {"percent": 100},
        {"percent": 999},
        {"extra": 1},
        {"note": 5},
        {"note": None},
        {"evidence": ["a"]},
    ],
)
def test_a_line_the_fast_reader_may_refuse_is_read_as_before(tmp_path: Path, change: dict[str, Any]) -> None:
    record = BASE | change
    read_both(tmp_path, [line_of(record), line_of(record, ensure_ascii=True)], today=dt.date(2025, 6, 1))


def test_lines_a_person_writes_differently_are_read_as_before(tmp_path: Path) -> None:
    record = dict(BASE)
    shuffled = dict(reversed(record.items()))
    lines = [
        line_of(shuffled),
        "- " + json.dumps(record, ensure_ascii=False),  # json's own separators
        line_of(record) + " ",
        line_of(record) + "\r",
        "  " + line_of(record),
        line_of(record)[:-1] + ', "task": "1.1.2"}',  # a second task key: refused
        line_of({k: v for k, v in record.items() if k != "kind"}),
        "- {task: " + TASK.id + ", unit: " + UNIT + ", status: 推进中, date: 2025-05-06, recorded_at: 2025-05-06T09:30:00+08:00}",
        line_of(record).replace("推进中", "推进中\u2028"),  # raw, a character YAML refuses
        line_of(record).replace("推进中", "推进\x85中"),
        line_of(record | {"note": "{" * 40}),  # more brackets than the nesting limit, in a string
    ]
    rows, warnings, _ = read_both(tmp_path, lines)
    assert rows
    assert warnings


def test_the_fast_reader_admits_in_a_notice_qualifier_only_what_pydantic_admits() -> None:
    # re's \s holds every character pydantic's pattern engine counts as white space: checked
    # over every character, as the qualifier of a task id
    candidates = [chr(c) + ":1.1.1" for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    admitted = [text for text in candidates if entry_decoding._compiled().task(text)]
    assert len(admitted) > 1_000_000
    from pydantic import TypeAdapter

    from anquan_cli.models import EntryTaskId

    assert TypeAdapter(list[EntryTaskId]).validate_python(admitted) == admitted


def test_a_string_the_line_expression_admits_holds_only_what_json_and_yaml_read_as_written() -> None:
    # every character but a quote, a backslash, a control character and those YAML refuses
    import re

    string = re.compile(entry_decoding._STRING)
    unsafe = re.compile(progress._YAML_UNSAFE)
    for code in range(0x110000):
        c = chr(code)
        expected = code >= 0x20 and c not in '"\\' and not unsafe.match(c)
        assert bool(string.fullmatch(f'"{c}"')) == expected, hex(code)


def test_a_file_of_entries_anquan_wrote_is_read_the_same_with_and_without_the_fast_reader(tmp_path: Path) -> None:
    lines = []
    for i, task in enumerate(list(CAT.tasks.values())[:40]):
        for unit in sorted(task.may_report)[:3]:
            when = dt.datetime(2025, 4, 8, 8, tzinfo=dt.timezone(dt.timedelta(hours=8))) + dt.timedelta(hours=i, minutes=len(lines))
            fields = {"task": task.id, "unit": unit, "percent": i % 100, "date": when.date().isoformat(), "recorded_at": when.isoformat(), "note": f"第{i}次"}
            one = validate(ProgressEntry, BASE | fields)
            lines.append(progress.entry_line(one).rstrip("\n"))
    rows, warnings, _ = read_both(tmp_path, lines)
    assert warnings  # other units' lines in this unit's file
    assert rows


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_value = st.one_of(st.none(), st.booleans(), st.integers(-3, 130), st.floats(allow_nan=False, width=16), _text, st.lists(st.integers(), max_size=2))
_zones = st.sampled_from([dt.timezone.utc, dt.timezone(dt.timedelta(hours=8)), dt.timezone(dt.timedelta(hours=-9, minutes=-30))])
_moments = st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2026, 12, 31), timezones=_zones)
_fields = st.fixed_dictionaries(
    {
        "task": st.sampled_from([TASK.id, RECURRING.id, "9.9.9", "陵政发〔2025〕1号:" + TASK.id]),
        "unit": st.sampled_from([UNIT, "anweiban", "nobody"]),
        "kind": st.sampled_from(["update", "withdraw", "verify", "reject", "red_card", "trigger"]),
        "status": st.sampled_from(["未启动", "推进中", "已完成", "已销号", "撤回", "退回", "红牌警告", "已触发"]),
        "date": st.dates(dt.date(2025, 1, 1), dt.date(2026, 1, 1)).map(dt.date.isoformat),
        "recorded_at": _moments.map(dt.datetime.isoformat),
    },
    optional={
        "percent": st.one_of(st.none(), st.integers(0, 100), st.integers(101, 1000)),
        "period": st.sampled_from(["", "2025H1", "2025Q2", "2025M05", "E1", "2025H3"]),
        "note": _text,
        "evidence": _text,
        "about": st.sampled_from([UNIT, "nobody", "Bad"]),
        "replaces": _moments.map(dt.datetime.isoformat),
    },
)


def _in_model_order(record: dict[str, Any]) -> dict[str, Any]:
    return {name: record[name] for name in ProgressEntry.__dataclass_fields__ if name in record}


@st.composite
def _lines(draw: st.DrawFn) -> str:
    record = _in_model_order(draw(_fields))
    line = line_of(record)
    how = draw(st.sampled_from(["as written", "a value changed", "a character changed", "a character cut", "a character added"]))
    if how == "a value changed":
        record[draw(st.sampled_from(sorted(record)))] = draw(_value)
        line = line_of(record)
    elif how != "as written" and len(line) > 3:
        at = draw(st.integers(2, len(line) - 1))
        new = draw(st.characters(blacklist_categories=("Cs",)))
        line = line[:at] + ("" if how == "a character cut" else new) + line[at + (how != "a character added") :]
    return line


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_lines(), min_size=1, max_size=8))
def test_any_lines_are_read_the_same_with_and_without_the_fast_reader(tmp_path: Path, lines: list[str]) -> None:
    read_both(tmp_path, [line for line in lines if "\n" not in line], today=dt.date(2025, 9, 1))


@settings(max_examples=300, deadline=None)
@given(_fields)
def test_a_line_the_fast_reader_reads_is_one_pydantic_reads_to_the_same_row(record: dict[str, Any]) -> None:
    line = line_of(_in_model_order(record))[2:]
    row = entry_decoding.RowReader().row(line)
    try:
        [expected] = validate_many(ProgressEntry, [json.loads(line)])
    except Exception:  # any refusal: the fast reader must refuse too
        assert row is None
        return
    if row is not None:
        assert row == progress.entry_row(expected)


def test_the_two_reads_of_read_both_are_by_two_readers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # read_both compared the fast reader with itself once the loader kept one reader for every
    # file (progress._READER) while `read` replaced the class: the fast reader must read the
    # file in one read and not at all in the other
    calls: list[str] = []
    fast_row = entry_decoding.RowReader.row

    def counted(self: entry_decoding.RowReader, line: str, start: int = 0) -> tuple[Any, ...] | None:
        calls.append(line[start:])
        return fast_row(self, line, start)

    monkeypatch.setattr(entry_decoding.RowReader, "row", counted)
    path = tmp_path / "progress" / f"{UNIT}.yaml"
    path.parent.mkdir()
    path.write_text(f"unit: {UNIT}\nentries:\n{progress.entry_line(entry())}", encoding="utf-8")
    slow = read(path, fast=False)
    assert calls == []
    assert read(path, fast=True) == slow
    assert len(calls) == 1
    assert slow[0]


@pytest.mark.parametrize("whole", [True, False], ids=["whole lines", "a last line not yet whole"])
def test_a_file_the_index_read_empty_then_saved_with_a_bom_reads_as_the_loader_reads_it(workdir: Path, whole: bool) -> None:
    # Notepad saves UTF-8 with a BOM: the loader drops it, and so must the index when it reads
    # such a file as lines appended to the empty one it had read
    from helpers_cli import run

    path = workdir / "progress" / f"{UNIT}.yaml"
    path.parent.mkdir()
    path.write_bytes(b"")
    command = ("--data", str(workdir), "progress", "--as-of", "2025-06-01")
    assert run(*command).exit_code == 0  # the empty file, indexed
    text = f"unit: {UNIT}\nentries:\n{progress.entry_line(entry())}"
    path.write_bytes(b"\xef\xbb\xbf" + (text if whole else f"unit: {UNIT}").encode("utf-8"))
    indexed, plain = run(*command), run("--no-cache", *command)
    assert (indexed.exit_code, indexed.stdout, indexed.stderr) == (plain.exit_code, plain.stdout, plain.stderr)
    assert "1:1" not in plain.stderr


def test_the_line_expression_is_compiled_when_lines_are_read_not_when_a_command_starts(tmp_path: Path) -> None:
    # compiling it costs every start several milliseconds: a command on the shipped catalogue
    # (no progress lines) must not, and the first line read must
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from anquan_cli import cli, entry_decoding\n"
        "try:\n"
        "    cli.cli.main(sys.argv[1:], prog_name='anquan')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(entry_decoding._compiled.cache_info().currsize, file=sys.stderr)\n"
    )

    def compiled(*args: str) -> int:
        env = {**os.environ, "ANQUAN_CACHE_DIR": str(tmp_path / "cache")}
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True, cwd=tmp_path)
        return int(done.stderr.strip().splitlines()[-1])

    assert compiled("due", "--before", "2025-06-30", "--as-of", "2025-05-01") == 0
    ws = tmp_path / "ws"
    path = ws / "progress" / f"{UNIT}.yaml"
    shutil.copytree(shipped_data_dir(), ws)
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"unit: {UNIT}\nentries:\n{progress.entry_line(entry())}", encoding="utf-8")
    assert compiled("--no-cache", "--data", str(ws), "progress", "--as-of", "2025-06-01") == 1
