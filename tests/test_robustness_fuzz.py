"""Damaged input never crashes `anquan`: every run ends in success (exit 0) or in the
project's own error (exit 2, one line per problem on stderr) — never a traceback, never exit 1.

Property-based: hypothesis mutates valid catalogue files (tasks.yaml, departments.yaml,
notice.txt) and progress files of a workspace, and runs the commands in-process with click's
CliRunner. Every (file, mutation) pair is its own test, so that one bug cannot hide another.
A few fixed mutations are also run as real processes (`python -m anquan_cli`), and the
per-line promise of progress files is checked: one damaged line costs that line only, and
the warning names `file:line`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from anquan_cli import yamlfile
from anquan_cli.catalogue import load_catalogue
from anquan_cli.cli import cli
from anquan_cli.progress import load_progress
from helpers_cli import BASE_ENV

REPO = Path(__file__).resolve().parent.parent
AS_OF = "2025-05-01"

CATALOGUE_COMMANDS = [
    ["validate"],
    ["due", "--before", "2025-06-30", "--as-of", AS_OF],
    ["summary", "--as-of", AS_OF],
    ["progress", "--as-of", AS_OF],
]
# Reading commands that must still succeed when only progress files are damaged: a bad
# entry is skipped with a warning, it does not stop the report.
PROGRESS_READERS = [
    ["summary", "--as-of", AS_OF],
    ["progress", "--as-of", AS_OF],
    ["history", "5.3.2", "--format", "json"],
]

# Entries of the base workspace, made with `anquan update` / `anquan reject`. Every note is unique.
UPDATES = [
    ("5.3.2", "应急局", "推进中", "60", "应急局-普查过半", "2025-04-20"),
    ("5.3.2", "崇文镇", "已完成", None, "崇文镇-普查完成", "2025-04-21"),
    ("1.1.3", "应急局", "推进中", "10", "应急局-清单", "2025-04-22"),
    ("5.3.2", "应急局", "推进中", "70", "应急局-第二次", "2025-04-23"),
    ("5.3.2", "应急局", "推进中", "75", "应急局-第三次", "2025-04-26"),
    ("5.3.2", "应急局", "推进中", "80", "应急局-第四次", "2025-04-28"),
]
REJECT = ("5.3.2", "退回-佐证不足", "2025-04-25")
YINGJI_NOTES = [u[4] for u in UPDATES if u[1] == "应急局"]

# What must never reach a terminal raw (README: control characters are shown as \x1b).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
PROBLEM_LINE = re.compile(r"^\S*?(?:tasks\.yaml|departments\.yaml|notice\.txt|progress/\w+\.yaml)(?::\d+:\d+)?: .")
WARNING = "警告："
DATA_ERROR_TAIL = re.compile(r"^anquan(?:：数据中有|: )(\d+)(?:个问题| problem\(s\) in the data)$")  # Chinese (the default) or English
MORE_PROBLEMS = re.compile(r"^…… 另有(\d+)个问题未列出$")  # after the first 100 problems

# Examples per (file, mutation) pair, and per one-line property: the whole file stays under a minute on 2 cores.
# Shrinking a failure to its smallest form can take minutes per test, so it is off unless FUZZ_SHRINK=1:
# a failure still shows every draw and the damaged file.
PHASES = tuple(Phase) if os.environ.get("FUZZ_SHRINK") else (Phase.explicit, Phase.reuse, Phase.generate)
FUZZ = settings(max_examples=8, deadline=None, phases=PHASES, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
LINE_FUZZ = settings(FUZZ, max_examples=30)


# ── running ──


def invoke(ws: Path, args: list[str]) -> Result:
    # color=True: click then keeps ANSI sequences, as it does on a terminal (it strips them only
    # when the output is not one), so that what a terminal would receive is what is checked
    return CliRunner().invoke(cli, ["--data", str(ws), *args], env=BASE_ENV, catch_exceptions=True, color=True)


def stderr_lines(result: Result) -> list[str]:
    # split on "\n" only: a line is what a terminal shows as one
    return result.stderr.removesuffix("\n").split("\n") if result.stderr else []


def check_handled(result: Result, args: list[str], note: str = "") -> None:
    """The run ended as the README promises: exit 0, or exit 2 with one line per problem."""
    where = f"{note}\n$ anquan {' '.join(args)}\nexit {result.exit_code}\nstderr:\n{result.stderr}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        assert result.exc_info is not None
        pytest.fail("uncaught exception (a bug: exit 1)\n" + where + "\n" + "".join(traceback.format_exception(*result.exc_info)))
    assert result.exit_code in (0, 2), where
    assert "Traceback" not in result.output, where
    assert not UNSAFE.search(result.stdout), f"raw control character on stdout\n{where}\nstdout: {result.stdout[:2000]!r}"
    assert not UNSAFE.search(result.stderr), f"raw control character on stderr\n{where}"
    lines = stderr_lines(result)
    others = [line for line in lines if not line.startswith(WARNING)]
    for line in lines:
        if line.startswith(WARNING) and not MORE_PROBLEMS.match(line.removeprefix(WARNING)):
            assert PROBLEM_LINE.match(line.removeprefix(WARNING)), f"a warning that names no file\n{where}"
    if result.exit_code == 0:
        assert others == [], where
        return
    assert others, f"exit 2 without a message\n{where}"
    tail = DATA_ERROR_TAIL.match(others[-1])
    if tail:
        problems = others[:-1]
        more = MORE_PROBLEMS.match(problems[-1]) if problems else None
        if more:  # the first 100 shown, then how many more
            problems = problems[:-1]
            assert len(problems) == 100, where
            assert len(problems) + int(more.group(1)) == int(tail.group(1)), where
        assert more or len(problems) == int(tail.group(1)), f"not one line per problem\n{where}"
        for line in problems:
            assert PROBLEM_LINE.match(line), f"a problem that names no file\n{where}"
    else:
        assert len(others) == 1, where
        assert others[0].startswith(("anquan：错误：", "anquan: error: ")), where


def setup_workspace(root: Path) -> Path:
    ws = root / "ws"
    result = invoke(REPO / "data", ["init", str(ws)])
    assert result.exit_code == 0, result.output
    for task, dept, status, percent, note, date in UPDATES:
        args = ["update", task, "--dept", dept, "--status", status, "--note", note, "--date", date]
        result = invoke(ws, [*args, "--percent", percent] if percent else args)
        assert result.exit_code == 0, result.output
    task, note, date = REJECT
    result = invoke(ws, ["reject", task, "--note", note, "--date", date])
    assert result.exit_code == 0, result.output
    return ws


@pytest.fixture(scope="module")
def base_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with entries in progress/yingji.yaml, chongwen.yaml and anweiban.yaml. Never written to."""
    with pytest.MonkeyPatch.context() as mp:  # made before conftest's per-test cache directory exists
        mp.setenv("ANQUAN_CACHE_DIR", str(tmp_path_factory.mktemp("base-cache")))
        return setup_workspace(tmp_path_factory.mktemp("base"))


@pytest.fixture
def ws(base_ws: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(base_ws, tmp_path / "ws"))


def test_the_base_workspace_is_valid(base_ws: Path) -> None:
    """Otherwise every property below would be vacuous: the mutations start from valid files."""
    result = invoke(base_ws, ["validate"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert f"进度记录：{len(UPDATES) + 1}条，均有效。" in result.stdout
    for args in PROGRESS_READERS:
        result = invoke(base_ws, args)
        assert (result.exit_code, result.stderr) == (0, ""), args


# ── mutations: (raw bytes, hypothesis data) -> damaged bytes ──

Mutation = Callable[[bytes, st.DataObject], bytes]

KEY_LINE = re.compile(rb"^( *)(- )?([A-Za-z_][A-Za-z0-9_]*):(?= |\r?\n|$)")
FLOW_PAIR = re.compile(rb'"([a-z_]+)": ("(?:[^"\\]|\\.)*"|[^,}]+)')
YAML_VALUES = [
    "[a, b]",
    "{x: 1}",
    "[]",
    "{}",
    "'2025'",
    '"4"',
    "2025",
    "-1",
    "0",
    "1.5",
    "1e400",
    ".nan",
    ".inf",
    "true",
    "no",
    "null",
    "~",
    "''",
    "2025-02-30",
    "0001-01-01",
    "9999-12-31",
    "2025-04-07 10:00:00",
    "99999999999999999999999999",
    "'[red]粗体[/red]'",
    '"\\e[31m红\\e[0m"',
    '"\\u202e反向"',
    "'=1+1'",
    "!!str x",
    "&anchor x",
    "*anchor",
    "|",
    ">-",
    "- x",
]
FLOW_VALUES = [
    "[1, 2]",
    '{"a": 1}',
    "[]",
    "{}",
    '"60"',
    "60",
    "-5",
    "101",
    "1e400",
    "null",
    "true",
    '""',
    '"2025-02-30"',
    '"0001-01-01"',
    '"9999-12-31"',
    '"verify"',
    '"reject"',
    '"已销号"',
    '"anweiban"',
    '"chongwen"',
    '"9.9.9"',
    '"1.1.1"',
    '"\\u001b[31m"',
    "*x",
]
OFFSETS = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
# Values hypothesis makes up, as YAML flow text: strings (json.dumps is valid YAML), numbers, dates, datetimes with and without a zone.
MADE_UP = st.one_of(
    st.text(max_size=12).map(lambda s: json.dumps(s, ensure_ascii=False)),
    st.integers().map(str),
    st.dates().map(lambda d: json.dumps(d.isoformat())),
    st.datetimes(timezones=st.none() | OFFSETS).map(lambda d: json.dumps(d.isoformat())),
).map(lambda s: s.encode("utf-8", "surrogatepass"))
CONTROL = st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Cs", "Co"])
ENCODINGS = ["gbk", "gb18030", "big5", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "double-utf-8"]
KEYS = ["id", "name", "task", "unit", "tasks", "units", "bogus", "date", "status", "percent", "recorded_at", "kind", "note"]
# A key hypothesis makes up, quoted: any character, control characters included.
MADE_UP_KEY = st.text(min_size=1, max_size=8).map(lambda s: json.dumps(s, ensure_ascii=False))


def split_lines(raw: bytes) -> list[bytes]:
    return raw.splitlines(keepends=True)  # bytes: only \n, \r and \r\n end a line


def truncate(raw: bytes, data: st.DataObject) -> bytes:
    return raw[: data.draw(st.integers(0, len(raw) - 1), label="cut at byte")]


def flip_bytes(raw: bytes, data: st.DataObject) -> bytes:
    out = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 4), label="flips")):
        at = data.draw(st.integers(0, len(out) - 1), label="byte")
        out[at] ^= data.draw(st.integers(1, 255), label="xor")
    return bytes(out)


def _key_lines(lines: list[bytes]) -> list[int]:
    return [i for i, line in enumerate(lines) if KEY_LINE.match(line) or FLOW_PAIR.search(line)]


def _pick_key_line(lines: list[bytes], data: st.DataObject) -> int:
    candidates = _key_lines(lines)
    assert candidates, "the file has no key: the mutation does not apply to it"
    return data.draw(st.sampled_from(candidates), label="key line")


def _value(data: st.DataObject, flow: bool) -> bytes:
    fixed = FLOW_VALUES if flow else YAML_VALUES
    return data.draw(st.sampled_from(fixed).map(str.encode) | MADE_UP, label="value")


def insert_key_line(raw: bytes, data: st.DataObject) -> bytes:
    """A new `key: value` line among the keys (or a key inside a progress entry's {…})."""
    lines = split_lines(raw)
    key = data.draw(st.sampled_from(KEYS) | MADE_UP_KEY, label="key").encode("utf-8", "surrogatepass")
    candidates = _key_lines(lines)
    if not candidates:  # notice.txt: a stray key line anywhere
        at = data.draw(st.integers(0, len(lines)), label="line")
        return b"".join([*lines[:at], key + b": " + _value(data, False) + b"\n", *lines[at:]])
    i = data.draw(st.sampled_from(candidates), label="key line")
    line = lines[i]
    block = KEY_LINE.match(line)
    if block is None:
        brace = line.index(b"{") + 1
        quoted = key if key.startswith(b'"') else b'"' + key + b'"'
        lines[i] = line[:brace] + quoted + b": " + _value(data, True) + b", " + line[brace:]
    else:
        indent = len(block.group(1)) + (2 if block.group(2) else 0)
        lines.insert(i + 1, b" " * indent + key + b": " + _value(data, False) + b"\n")
    return b"".join(lines)


def duplicate_key_line(raw: bytes, data: st.DataObject) -> bytes:
    """The same key twice in one mapping."""
    lines = split_lines(raw)
    i = _pick_key_line(lines, data)
    line = lines[i]
    block = KEY_LINE.match(line)
    if block is None:
        pair = data.draw(st.sampled_from([m.group(0) for m in FLOW_PAIR.finditer(line)]), label="pair")
        brace = line.index(b"{") + 1
        lines[i] = line[:brace] + pair + b", " + line[brace:]
    else:
        same_mapping = line.replace(b"- ", b"  ", 1) if block.group(2) else line
        lines.insert(i + 1, same_mapping if same_mapping.endswith(b"\n") else same_mapping + b"\n")
    return b"".join(lines)


def swap_value(raw: bytes, data: st.DataObject) -> bytes:
    """A scalar becomes a list, a mapping, a number for a string, a string for a number, an impossible date …"""
    lines = split_lines(raw)
    i = _pick_key_line(lines, data)
    line = lines[i]
    block = KEY_LINE.match(line)
    if block is None:
        pair = data.draw(st.sampled_from(list(FLOW_PAIR.finditer(line))), label="pair")
        old = pair.group(2)
        retyped = old[1:-1] if old.startswith(b'"') else b'"' + old + b'"'
        new = (
            data.draw(st.just(retyped) | st.just(b"[" + old + b"]") | st.just(b'{"v": ' + old + b"}"), label="retyped")
            if data.draw(st.booleans(), label="retype the old value")
            else _value(data, True)
        )
        lines[i] = line[: pair.start(2)] + new + line[pair.end(2) :]
    else:
        old = line[block.end() :].strip()
        retyped = old.strip(b"'\"") if old[:1] in (b"'", b'"') else b"'" + old + b"'"
        new = retyped if old and data.draw(st.booleans(), label="retype the old value") else _value(data, False)
        lines[i] = line[: block.end()] + b" " + new + b"\n"
    return b"".join(lines)


def reencode(raw: bytes, data: st.DataObject) -> bytes:
    """Saved by an editor in another encoding (characters it cannot hold become '?')."""
    text = raw.decode("utf-8")
    encoding = data.draw(st.sampled_from(ENCODINGS), label="encoding")
    if encoding == "double-utf-8":  # UTF-8 read as latin-1 and saved as UTF-8 again
        return text.encode("utf-8").decode("latin-1").encode("utf-8")
    return text.encode(encoding, errors="replace")


def _char_position(text: str, data: st.DataObject) -> int:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return data.draw(st.sampled_from(starts) | st.integers(0, len(text)), label="char position")


def insert_tab(raw: bytes, data: st.DataObject) -> bytes:
    text = raw.decode("utf-8")
    at = _char_position(text, data)
    return (text[:at] + "\t" + text[at:]).encode("utf-8")


def insert_nul(raw: bytes, data: st.DataObject) -> bytes:
    at = data.draw(st.integers(0, len(raw)), label="byte position")
    return raw[:at] + b"\x00" + raw[at:]


def insert_control(raw: bytes, data: st.DataObject) -> bytes:
    """C0/C1 controls, DEL, format characters (BOM, bidi overrides), line/paragraph separators, lone surrogates, private use."""
    text = raw.decode("utf-8")
    at = _char_position(text, data)
    chars = data.draw(st.text(CONTROL, min_size=1, max_size=3), label="characters")
    return (text[:at] + chars + text[at:]).encode("utf-8", "surrogatepass")


def delete_line(raw: bytes, data: st.DataObject) -> bytes:
    lines = split_lines(raw)
    del lines[data.draw(st.integers(0, len(lines) - 1), label="line")]
    return b"".join(lines)


def duplicate_line(raw: bytes, data: st.DataObject) -> bytes:
    lines = split_lines(raw)
    i = data.draw(st.integers(0, len(lines) - 1), label="line")
    lines.insert(i, lines[i])
    return b"".join(lines)


def nest_deeply(raw: bytes, data: st.DataObject) -> bytes:
    """A value nested hundreds of levels deep, in flow ([[{…}]]) or block style, in place of a
    value (or on a line of its own): refused where it starts, never a RecursionError."""
    depth = data.draw(st.integers(20, 1500), label="depth")
    opener = data.draw(st.sampled_from(["[", "{x: ", '{"x": ']), label="opener")
    closer = "]" if opener == "[" else "}"
    flow = (opener * depth + "1" + closer * depth).encode()
    lines = split_lines(raw)
    candidates = _key_lines(lines)
    if not candidates or data.draw(st.booleans(), label="own line"):
        at = data.draw(st.integers(0, len(lines)), label="line")
        if data.draw(st.booleans(), label="block style"):
            block = "deep:\n" + "".join(" " * (i + 1) + "k:\n" for i in range(depth)) + " " * (depth + 1) + "k: 1\n"
            return b"".join([*lines[:at], block.encode(), *lines[at:]])
        return b"".join([*lines[:at], b"deep: " + flow + b"\n", *lines[at:]])
    i = data.draw(st.sampled_from(candidates), label="key line")
    line = lines[i]
    pair = FLOW_PAIR.search(line)
    if pair is not None:  # a progress entry: the value of one of its keys
        lines[i] = line[: pair.start(2)] + flow + line[pair.end(2) :]
    else:
        colon = line.index(b":") + 1
        lines[i] = line[:colon] + b" " + flow + b"\n"
    return b"".join(lines)


MUTATIONS: dict[str, Mutation] = {
    "truncate": truncate,
    "flip-bytes": flip_bytes,
    "insert-key-line": insert_key_line,
    "duplicate-key-line": duplicate_key_line,
    "swap-value": swap_value,
    "re-encode": reencode,
    "insert-tab": insert_tab,
    "insert-nul": insert_nul,
    "insert-control": insert_control,
    "delete-line": delete_line,
    "duplicate-line": duplicate_line,
    "nest-deeply": nest_deeply,
}
KEYED = {"duplicate-key-line", "swap-value"}  # need a `key:` in the file: not for notice.txt

CATALOGUE_FILES = ["tasks.yaml", "departments.yaml", "notice.txt"]
PROGRESS_FILES = ["progress/yingji.yaml", "progress/anweiban.yaml"]


def cases(files: list[str]) -> Iterator[object]:
    for name in files:
        for kind in MUTATIONS:
            if kind in KEYED and name.endswith(".txt"):
                continue
            yield pytest.param(name, kind, id=f"{name}-{kind}")


@pytest.mark.parametrize(("name", "kind"), list(cases(CATALOGUE_FILES)))
@FUZZ
@given(data=st.data())
def test_damaged_catalogue_file_is_refused_or_accepted_never_a_crash(base_ws: Path, name: str, kind: str, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(shutil.copytree(base_ws, Path(tmp) / "ws"))
        damaged = MUTATIONS[kind]((ws / name).read_bytes(), data)
        (ws / name).write_bytes(damaged)
        note = f"{kind} of {name}: {damaged[:300]!r}…"
        validate, *others = CATALOGUE_COMMANDS
        checked = invoke(ws, validate)
        check_handled(checked, validate, note)
        refused = checked.exit_code == 2 and checked.stdout == ""  # the catalogue did not load
        if refused:
            # every command loads the catalogue the same way: one more is enough to show it
            others = others[:1]
        for args in others:
            result = invoke(ws, args)
            check_handled(result, args, note)
            if refused:
                assert (result.exit_code, result.stderr) == (2, checked.stderr), note


@pytest.mark.parametrize(("name", "kind"), list(cases(PROGRESS_FILES)))
@FUZZ
@given(data=st.data())
def test_damaged_progress_file_is_skipped_with_warnings_never_a_crash(base_ws: Path, name: str, kind: str, data: st.DataObject) -> None:
    """Readers still succeed (exit 0), warning on stderr; validate fails on exactly those warnings."""
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(shutil.copytree(base_ws, Path(tmp) / "ws"))
        damaged = MUTATIONS[kind]((ws / name).read_bytes(), data)
        (ws / name).write_bytes(damaged)
        note = f"{kind} of {name}: {damaged!r}"
        warnings = None
        for args in PROGRESS_READERS:
            result = invoke(ws, args)
            check_handled(result, args, note)
            assert result.exit_code == 0, note
            found = [line.removeprefix(WARNING) for line in stderr_lines(result)]
            assert all(Path(name).name in line for line in found if not MORE_PROBLEMS.match(line)), note  # only the damaged file is blamed
            assert warnings is None or found == warnings, note  # every reader reports the same problems
            warnings = found
        result = invoke(ws, ["validate"])
        check_handled(result, ["validate"], note)
        if warnings:
            assert result.exit_code == 2, note
            problems = stderr_lines(result)
            more = MORE_PROBLEMS.match(warnings[-1])
            total = len(warnings) - 1 + int(more.group(1)) if more else len(warnings)
            assert problems[-1] == f"anquan：数据中有{total}个问题", note
            assert problems[:-1] == warnings, note  # the same problems, in the same order, cut at the same one
        else:
            assert result.exit_code == 0, note


# ── an entry's fields of any type, any date ──

FIELD_VALUES = st.one_of(
    st.booleans(),
    st.none(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["0001-01-01", "9999-12-31", "2025-04-06", "2025-04-07", "2025-02-30", "2025-04-20T10:00:00+08:00"]),
    st.recursive(st.integers(0, 3), lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.sampled_from(["x", "y"]), inner, max_size=2), max_leaves=6),
)


@LINE_FUZZ
@given(data=st.data())
def test_an_entry_with_fields_of_any_type_is_refused_or_counted_never_a_crash(base_ws: Path, data: st.DataObject) -> None:
    """`"percent": true`, a date in year 1 or 9999, a list as a note …: one located warning at most."""
    entry = {"task": "5.3.2", "unit": "yingji", "kind": "update", "status": "推进中", "percent": 50, "date": "2025-04-22"}
    entry["recorded_at"] = "2025-04-22T10:00:00+08:00"
    for key in data.draw(st.lists(st.sampled_from([*entry, "note", "evidence"]), min_size=1, max_size=3, unique=True), label="fields"):
        entry[key] = data.draw(FIELD_VALUES, label=key)
    line = "- " + json.dumps(entry, ensure_ascii=False) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(shutil.copytree(base_ws, Path(tmp) / "ws"))
        path = ws / "progress" / "yingji.yaml"
        path.write_bytes(path.read_bytes() + line.encode("utf-8", "surrogatepass"))
        number = path.read_bytes().count(b"\n")
        for args in [["validate"], *PROGRESS_READERS]:
            result = invoke(ws, args)
            check_handled(result, args, line)
            if args != ["validate"]:
                assert result.exit_code == 0, line
            for warning in stderr_lines(result):
                assert warning.startswith(("anquan: ", "anquan：")) or f"yingji.yaml:{number}:" in warning, (line, warning)
        if isinstance(entry["percent"], bool) or entry["date"] in ("0001-01-01", "9999-12-31", "2025-04-06"):
            assert invoke(ws, ["validate"]).exit_code == 2, line  # never read as 1%, never outside the notice's time


# ── one damaged progress line costs that line only ──


def _entry_line_numbers(path: Path) -> list[int]:
    return [n for n, line in enumerate(path.read_bytes().split(b"\n"), start=1) if line.startswith(b"- ")]


@pytest.fixture(scope="module")
def yingji_lines(base_ws: Path) -> list[int]:
    """The line numbers of progress/yingji.yaml's entries, in the order of YINGJI_NOTES."""
    lines = _entry_line_numbers(base_ws / "progress" / "yingji.yaml")
    assert len(lines) == len(YINGJI_NOTES)
    return lines


def check_one_line_damaged(ws: Path, line_number: int, index: int, damaged: str, note: str) -> None:
    """Every other entry of the file still counts; the damaged line is still a good entry, or it is
    reported with this file and this line, or it is no entry at all any more (blank, a comment)."""
    log = load_progress(ws, load_catalogue(ws))
    warnings = [str(w) for w in log.warnings]
    loaded = [e.note for e in log.entries if e.unit == "yingji"]
    for other in YINGJI_NOTES[:index] + YINGJI_NOTES[index + 1 :]:
        assert other in loaded, f"{note}\nthe undamaged entry {other!r} was lost; warnings: {warnings}"
    assert {(Path(w.file).name, w.line) for w in log.warnings} <= {("yingji.yaml", line_number)}, f"{note}\n{warnings}"
    gone = damaged.strip() == "" or damaged.strip().startswith("#")
    if len(loaded) < len(YINGJI_NOTES):
        assert log.warnings or gone, f"{note}\nthe damaged entry vanished without a warning"
    else:
        assert not log.warnings, f"{note}\n{warnings}"
    result = invoke(ws, ["history", "5.3.2", "--format", "json"])
    check_handled(result, ["history", "5.3.2"], note)
    assert result.exit_code == 0, note
    for line in stderr_lines(result):
        assert re.match(rf"^{WARNING}\S+/progress/yingji\.yaml:{line_number}:\d+: ", line), f"{note}\n{result.stderr}"


LINE_CHARS = st.characters(exclude_characters="\n\r", exclude_categories=["Cs"])  # \n or \r would make two lines


@LINE_FUZZ
@given(data=st.data())
def test_one_damaged_progress_line_by_an_editor_costs_that_line_only(base_ws: Path, yingji_lines: list[int], data: st.DataObject) -> None:
    """Text edits within one entry line: cut short, characters removed, replaced or inserted (any character but a line break)."""
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(shutil.copytree(base_ws, Path(tmp) / "ws"))
        path = ws / "progress" / "yingji.yaml"
        lines = path.read_text(encoding="utf-8").split("\n")
        index = data.draw(st.integers(0, len(yingji_lines) - 1), label="entry")
        number = yingji_lines[index]
        line = lines[number - 1]
        a = data.draw(st.integers(0, len(line)), label="from")
        b = data.draw(st.integers(a, len(line)), label="to")
        how = data.draw(st.sampled_from(["cut", "delete", "replace", "insert"]), label="edit")
        if how == "cut":
            line = line[:a]
        elif how == "delete":
            line = line[:a] + line[b:]
        else:
            new = data.draw(st.text(LINE_CHARS, min_size=1, max_size=3), label="characters")
            line = line[:a] + new + line[b if how == "replace" else a :]
        lines[number - 1] = line
        path.write_text("\n".join(lines), encoding="utf-8")
        check_one_line_damaged(ws, number, index, line, f"{how} on line {number}: {line!r}")


@LINE_FUZZ
@given(data=st.data())
def test_one_damaged_progress_line_at_byte_level_costs_that_line_only(base_ws: Path, yingji_lines: list[int], data: st.DataObject) -> None:
    """A flipped byte or a line torn at any byte (as a write cut short, then followed by the next append)."""
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(shutil.copytree(base_ws, Path(tmp) / "ws"))
        path = ws / "progress" / "yingji.yaml"
        lines = path.read_bytes().split(b"\n")
        index = data.draw(st.integers(0, len(yingji_lines) - 1), label="entry")
        number = yingji_lines[index]
        line = bytearray(lines[number - 1])
        at = data.draw(st.integers(0, len(line) - 1), label="byte")
        if data.draw(st.booleans(), label="flip (else tear)"):
            xor = data.draw(st.integers(1, 255).filter(lambda x: line[at] ^ x not in b"\n\r"), label="xor")
            line[at] ^= xor
        else:
            del line[max(at, 1) :]  # a torn write leaves at least its first byte
        lines[number - 1] = bytes(line)
        path.write_bytes(b"\n".join(lines))
        check_one_line_damaged(ws, number, index, bytes(line).decode("utf-8", "replace"), f"line {number}: {bytes(line)!r}")


# ── reproducers found by the properties above, kept as plain tests ──


def _entry(note: str, recorded_at: str = "2025-04-21T10:00:00+08:00") -> str:
    return json.dumps(
        {"task": "5.3.2", "unit": "yingji", "status": "推进中", "percent": 50, "date": "2025-04-21", "note": note, "recorded_at": recorded_at},
        ensure_ascii=False,
    )


@pytest.mark.parametrize("recorded_at", ["0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "9999-12-31T23:59:59"])
def test_an_entry_recorded_at_the_ends_of_time_is_no_crash(ws: Path, recorded_at: str) -> None:
    """A hand-edited recorded_at at year 1 or 9999: the entry counts or is skipped, the report still runs."""
    with (ws / "progress" / "yingji.yaml").open("a", encoding="utf-8") as f:
        f.write(f"- {_entry('手写时间', recorded_at)}\n")
    for args in PROGRESS_READERS:
        result = invoke(ws, args)
        check_handled(result, args, recorded_at)
        assert result.exit_code == 0
    loaded = [e.note for e in load_progress(ws, load_catalogue(ws)).entries]
    assert set(YINGJI_NOTES) <= set(loaded)


@pytest.mark.parametrize("separator", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"], ids=ascii)
def test_a_line_separator_inside_an_entry_does_not_shift_later_line_numbers(ws: Path, separator: str) -> None:
    """Lines are what `\\n` ends, as editors, grep -n and git count them (and as anquan writes them).

    Python's str.splitlines also breaks at \\v \\f \\x1c-\\x1e \\x85 \\u2028 \\u2029: a stray one in
    line 10 then makes every later warning name the wrong line.
    """
    path = ws / "progress" / "yingji.yaml"
    with path.open("a", encoding="utf-8", newline="") as f:
        f.write(f"- {_entry('分隔')}".replace("分隔", f"分{separator}隔") + "\n")
        f.write("- {bad\n")
    lines = path.read_bytes().split(b"\n")
    assert lines[-2] == b"- {bad"
    bad_line = len(lines) - 1
    separator_line = bad_line - 1
    result = invoke(ws, ["history", "5.3.2", "--format", "json"])
    check_handled(result, ["history"], repr(separator))
    named = [int(m.group(1)) for m in re.finditer(r"yingji\.yaml:(\d+):", result.stderr)]
    assert bad_line in named, result.stderr
    assert set(named) <= {separator_line, bad_line}, result.stderr


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param("清单".encode(), b"\x00", id="a-nul-byte"),  # as a crash leaves in a block written half
        pytest.param("清单".encode(), b"\xff", id="a-byte-that-is-never-utf-8"),
        pytest.param("清单".encode(), "清单".encode()[:2], id="a-character-cut-in-half"),
    ],
)
def test_one_bad_byte_in_a_progress_line_costs_that_line_only(ws: Path, yingji_lines: list[int], old: bytes, new: bytes) -> None:
    index = YINGJI_NOTES.index("应急局-清单")
    path = ws / "progress" / "yingji.yaml"
    lines = path.read_bytes().split(b"\n")
    lines[yingji_lines[index] - 1] = lines[yingji_lines[index] - 1].replace(old, new)
    path.write_bytes(b"\n".join(lines))
    check_one_line_damaged(ws, yingji_lines[index], index, "", f"{new!r} in line {yingji_lines[index]}")


@pytest.mark.parametrize("char", ["\x7f", "\x01", "\x9b", "\ufffe"], ids=ascii)
def test_a_control_character_in_tasks_yaml_is_one_located_problem(ws: Path, char: str) -> None:
    """YAML refuses the character: the problem is one line, at its line and column (not PyYAML's
    two-line `in "<unicode string>", position N`)."""
    path = ws / "tasks.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("\n  number: ") + len("\n  number: ")
    path.write_text(text[:at] + char + text[at:], encoding="utf-8")
    line, column = text.count("\n", 0, at) + 1, len("  number: ") + 1
    result = invoke(ws, ["validate"])
    check_handled(result, ["validate"], repr(char))
    assert result.exit_code == 2
    (problem, tail) = stderr_lines(result)
    assert problem.startswith(f"{path}:{line}:{column}: "), result.stderr
    assert tail == "anquan：数据中有1个问题"


def test_a_control_character_in_a_progress_line_is_one_located_warning(ws: Path) -> None:
    path = ws / "progress" / "yingji.yaml"
    number = _entry_line_numbers(path)[1]
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = lines[number - 1].replace("应急局-清单", "应急局\x7f清单")
    path.write_text("\n".join(lines), encoding="utf-8")
    result = invoke(ws, ["history", "5.3.2"])
    check_handled(result, ["history"])
    assert result.exit_code == 0
    (warning,) = stderr_lines(result)
    assert warning.startswith(f"{WARNING}{path}:{number}:{lines[number - 1].index(chr(0x7F)) + 1}: "), warning


@pytest.mark.parametrize(
    ("key", "name"),
    [
        pytest.param('"\\e]0;pwned\\a\\e[2J\\e[31mRED"', "tasks.yaml", id="terminal-escapes-in-tasks-yaml"),
        pytest.param('"a\\nb"', "tasks.yaml", id="newline-in-tasks-yaml"),
        pytest.param('"\\u202eevil"', "departments.yaml", id="bidi-override-in-departments-yaml"),
    ],
)
def test_an_unknown_key_is_named_with_its_control_characters_escaped(ws: Path, key: str, name: str) -> None:
    """`file:line:col: path: unknown field` quotes the key from the file: it must not carry escape
    sequences to the terminal, nor break the one-line-per-problem rule."""
    path = ws / name
    path.write_text(f"{key}: 1\n" + path.read_text(encoding="utf-8"), encoding="utf-8")  # an unknown top-level key
    result = invoke(ws, ["validate"])
    check_handled(result, ["validate"], key)
    assert result.exit_code == 2


def test_an_unknown_key_in_a_progress_entry_is_named_with_its_control_characters_escaped(ws: Path) -> None:
    with (ws / "progress" / "yingji.yaml").open("a", encoding="utf-8") as f:
        f.write("- " + _entry("键").replace('"note"', '"\\u001b[2J\\u001b]0;pwned\\u0007"', 1) + "\n")
    for args in PROGRESS_READERS:
        result = invoke(ws, args)
        check_handled(result, args)
        assert result.exit_code == 0
        assert len(stderr_lines(result)) == 1


# ── real processes ──


def environment() -> dict[str, str]:
    # no data or language override; ANQUAN_CACHE_DIR stays: conftest points it at the test's own cache
    # the messages these runs check are the English ones
    return {**{k: v for k, v in os.environ.items() if k not in ("ANQUAN_DATA", "ANQUAN_LANG")}, "ANQUAN_LANG": "en"}


def anquan_process(cwd: Path, *args: str, memory_mib: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        import resource  # POSIX only, like the tests that set a limit

        if memory_mib is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory_mib << 20, memory_mib << 20))

    return subprocess.run(
        [sys.executable, "-m", "anquan_cli", *args],
        cwd=cwd,
        env=environment(),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        preexec_fn=limit if memory_mib is not None else None,
    )


def check_refused(run: subprocess.CompletedProcess[str], *problems: str) -> list[str]:
    """Exit 2, no traceback, and stderr is one line per problem, then their count. Each problem
    line must start with a `file:` (or `file:line:col:`), and with the given text if any is given."""
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    lines = run.stderr.removesuffix("\n").split("\n")
    tail = DATA_ERROR_TAIL.match(lines[-1])
    assert tail, run.stderr
    assert len(lines) - 1 == int(tail.group(1)), f"not one line per problem:\n{run.stderr}"
    for line in lines[:-1]:
        assert PROBLEM_LINE.match(line), run.stderr
    if problems:
        assert len(lines) - 1 == len(problems), run.stderr
        for line, expected in zip(lines, problems, strict=False):
            assert line.startswith(expected), run.stderr
    return lines[:-1]


def utf8_error_position(raw: bytes) -> str:
    """`line:col` of the first byte that is not UTF-8, the column counted in characters."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line, column = before.count(b"\n") + 1, len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        return f"{line}:{column}"
    raise AssertionError("the file is UTF-8")


def test_process_truncated_tasks_yaml(ws: Path) -> None:
    path = ws / "tasks.yaml"
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    problems = check_refused(anquan_process(ws, "--data", ".", "validate"))
    assert all(p.startswith("tasks.yaml:") for p in problems)


def test_process_gbk_departments_yaml(ws: Path) -> None:
    path = ws / "departments.yaml"
    gbk = path.read_text(encoding="utf-8").encode("gbk")
    path.write_bytes(gbk)
    run = anquan_process(ws, "--data", ".", "due", "--before", "2025-06-30", "--as-of", AS_OF)
    (problem,) = check_refused(run)
    assert problem == (
        f"departments.yaml:{utf8_error_position(gbk)}: file is GBK/GB18030-encoded, not UTF-8; convert it, e.g. "
        "`iconv -f GB18030 -t UTF-8 departments.yaml > tmp && mv tmp departments.yaml`, or save it as UTF-8 in the editor"
    )
    assert run.stdout == ""


def test_process_utf16_notice_and_nul_in_tasks_yaml(ws: Path) -> None:
    """Two damaged files: both are reported, each on its own line."""
    (ws / "notice.txt").write_bytes((ws / "notice.txt").read_text(encoding="utf-8").encode("utf-16"))
    raw = (ws / "tasks.yaml").read_bytes()
    at = raw.index(b"\nnotice:") + len(b"\nnotice:")
    (ws / "tasks.yaml").write_bytes(raw[:at] + b"\x00" + raw[at:])
    line = raw.count(b"\n", 0, at) + 1
    notice, tasks = check_refused(anquan_process(ws, "--data", ".", "validate"))
    assert re.fullmatch(r"notice\.txt:1:\d+: binary data \(NUL byte\): not a text file", notice)
    assert tasks == f"tasks.yaml:{line}:8: binary data (NUL byte): not a text file"


def test_process_progress_file_with_a_flipped_byte(ws: Path) -> None:
    path = ws / "progress" / "yingji.yaml"
    lines = path.read_bytes().split(b"\n")
    damaged = YINGJI_NOTES.index("应急局-第二次")
    number = _entry_line_numbers(path)[damaged]
    lines[number - 1] = lines[number - 1].replace(b"{", b"z", 1)  # "{" ^ 0x01
    path.write_bytes(b"\n".join(lines))
    (problem,) = check_refused(anquan_process(ws, "--data", ".", "validate"))
    assert problem.startswith(f"progress/yingji.yaml:{number}:")
    assert problem.endswith("; entry skipped")
    run = anquan_process(ws, "--data", ".", "history", "5.3.2", "--format", "json")
    assert run.returncode == 0
    assert run.stderr == f"warning: {problem}\n"
    notes = {r["note"] for r in json.loads(run.stdout)}
    assert notes == {u[4] for u in UPDATES if u[0] == "5.3.2"} - {"应急局-第二次"} | {REJECT[1]}


# ── files over the size limit, and files that are not files ──

POSIX = pytest.mark.skipif(os.name != "posix", reason="sets a memory limit (RLIMIT_AS) in the child process")
SMALL_MEMORY_MIB = 112  # a normal run fits; reading a 64 MiB file (and decoding it) would not


def _sparse(path: Path, size: int) -> None:
    with path.open("r+b" if path.exists() else "wb") as f:
        f.truncate(size)  # a hole: no disk used


@POSIX
def test_process_fits_in_the_small_memory_limit(ws: Path) -> None:
    """The control for the tests below: a normal run fits in SMALL_MEMORY_MIB."""
    run = anquan_process(ws, "--data", ".", "validate", memory_mib=SMALL_MEMORY_MIB)
    assert run.returncode == 0, run.stderr


@POSIX
def test_process_tasks_yaml_over_the_size_limit_is_refused_unread(ws: Path) -> None:
    _sparse(ws / "tasks.yaml", yamlfile.MAX_CATALOGUE_BYTES + 1)
    run = anquan_process(ws, "--data", ".", "validate", memory_mib=SMALL_MEMORY_MIB)
    assert check_refused(run) == [f"tasks.yaml: file is {yamlfile.MAX_CATALOGUE_BYTES + 1} bytes, over the limit of {yamlfile.MAX_CATALOGUE_BYTES}"]


@POSIX
def test_process_progress_file_over_the_size_limit_is_refused_unread(ws: Path) -> None:
    _sparse(ws / "progress" / "yingji.yaml", yamlfile.MAX_FILE_BYTES + 1)
    message = f"progress/yingji.yaml: file is {yamlfile.MAX_FILE_BYTES + 1} bytes, over the limit of {yamlfile.MAX_FILE_BYTES}"
    assert check_refused(anquan_process(ws, "--data", ".", "validate", memory_mib=SMALL_MEMORY_MIB)) == [message]
    run = anquan_process(ws, "--data", ".", "summary", "--as-of", AS_OF, memory_mib=SMALL_MEMORY_MIB)
    assert run.returncode == 0, run.stderr
    assert run.stderr == f"warning: {message}\n"


@POSIX
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_process_tasks_yaml_that_is_an_endless_device_is_refused(ws: Path) -> None:
    """stat() gives st_size 0 for a device or a pipe: the size check must not be the only bound."""
    (ws / "tasks.yaml").unlink()
    (ws / "tasks.yaml").symlink_to("/dev/zero")
    run = anquan_process(ws, "--data", ".", "validate", memory_mib=SMALL_MEMORY_MIB)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith("tasks.yaml"), run.stderr


@POSIX
def test_process_tasks_yaml_that_is_a_named_pipe_is_refused_without_blocking(ws: Path) -> None:
    """Opening a FIFO for reading waits for a writer: the type must be known before the open."""
    (ws / "tasks.yaml").unlink()
    os.mkfifo(ws / "tasks.yaml")
    try:
        run = subprocess.run(
            [sys.executable, "-m", "anquan_cli", "--data", ".", "validate"], cwd=ws, env=environment(), capture_output=True, text=True, timeout=10
        )
    except subprocess.TimeoutExpired:
        pytest.fail("anquan blocked on a named pipe as tasks.yaml")
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith("tasks.yaml"), run.stderr


# ── an update the readers would not see ──


@pytest.mark.parametrize("damage", ["over-the-size-limit", "gbk-encoded"])
def test_an_update_is_never_acknowledged_into_a_file_the_readers_skip(ws: Path, damage: str) -> None:
    """`已记录` must mean the entry counts: into a file that every reader skips as a whole, the
    update is refused (exit 2, nothing written), or else the entry must be read back."""
    path = ws / "progress" / "yingji.yaml"
    if damage == "over-the-size-limit":
        _sparse(path, yamlfile.MAX_FILE_BYTES + 1)
    else:
        path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    before = path.stat().st_size
    args = ["update", "5.3.2", "--dept", "应急局", "--status", "推进中", "--percent", "90", "--note", "看不见的一条", "--date", "2025-04-30"]
    result = invoke(ws, args)
    check_handled(result, args)
    if result.exit_code == 2:
        assert path.stat().st_size == before  # nothing written
    else:
        result = invoke(ws, ["history", "5.3.2", "--format", "json"])
        assert "看不见的一条" in [r["note"] for r in json.loads(result.stdout)], result.stderr


# ── a progress file that is not a plain file: every writer refuses, every reader goes on ──

SPECIAL_KINDS = ["link-to-file", "dangling-link", "link-to-dir", "link-to-device", "fifo", "socket", "directory"]


def _make_special(path: Path, kind: str, outside: Path) -> None:
    import socket

    if kind == "link-to-file":
        path.symlink_to(outside)
    elif kind == "dangling-link":
        path.symlink_to(outside.parent / "nowhere.yaml")
    elif kind == "link-to-dir":
        path.symlink_to(outside.parent)
    elif kind == "link-to-device":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    else:
        path.mkdir()


@POSIX
@pytest.mark.parametrize("kind", SPECIAL_KINDS)
def test_process_a_progress_file_that_is_not_a_plain_file(ws: Path, tmp_path: Path, kind: str) -> None:
    """Real processes (a FIFO must not hang them): `update` refuses with one line and writes
    nothing anywhere; readers warn about that file and still answer."""
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n", encoding="utf-8")
    path = ws / "progress" / "xiaofang.yaml"
    _make_special(path, kind, outside)
    before = sorted(p.name for p in (ws / "progress").iterdir())
    run = anquan_process(ws, "--data", ".", "update", "5.3.2", "--dept", "消防救援大队", "--status", "推进中", "--date", "2025-04-20")
    assert run.returncode == 2, run.stderr
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1
    assert run.stderr.startswith("anquan: error: progress/xiaofang.yaml")
    assert sorted(p.name for p in (ws / "progress").iterdir()) == before  # not even a lock file
    assert outside.read_text(encoding="utf-8") == "keep\n"
    assert not (tmp_path / "nowhere.yaml").exists()
    for args in (["summary", "--as-of", AS_OF], ["validate"]):
        run = anquan_process(ws, "--data", ".", *args)
        assert run.returncode in (0, 2), run.stderr
        assert "Traceback" not in run.stderr
        assert "internal error" not in run.stderr
