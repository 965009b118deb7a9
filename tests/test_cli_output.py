"""Output formats and safety: table, plain, json, csv; hostile data; language; exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers_cli import AS_OF, DATA, ok, ok_json, read_terminal, run, tab_lines, width

LIST_LABELS = ["任务编号", "任务", "责任单位", "完成时限", "标签"]
DUE_LABELS = ["截止日期", "剩余天数", "任务编号", "任务", "责任单位", "原文时限", "状态"]
EMPTY_ZH = "（无符合条件的记录）"
SHIPPED_NOTICE_ZH = "注意：当前不在工作区，显示的是随软件附带的任务目录，不含任何进度（进入工作区：anquan init 目录、cd 目录 或 --data 目录）"
EMPTY_EN = "(nothing matches)"


def read_csv(output: str) -> list[list[str]]:
    assert output.startswith("\ufeff"), "CSV must start with a BOM so spreadsheets read it as UTF-8"
    return list(csv.reader(io.StringIO(output[1:], newline="")))


# ── the four formats ──


def test_format_table() -> None:
    out = ok("list", "--clause", "5.3", "--format", "table")
    assert "\t" not in out
    assert out.splitlines()[0].startswith("┏")
    header = out.splitlines()[1]
    assert [h.strip() for h in header.strip("┃").split("┃")] == LIST_LABELS
    assert all(f"5.3.{n}" in out for n in range(1, 7))


def test_format_plain() -> None:
    out = ok("list", "--clause", "5.3", "--format", "plain")
    rows = tab_lines(out)
    assert [c.strip() for c in rows[0]] == LIST_LABELS
    assert [r[0].strip() for r in rows[1:]] == [f"5.3.{n}" for n in range(1, 7)]
    assert [c.strip() for c in rows[2]][3:] == ["2025-06-30（2025年6月底前）", "安全工程、煤矿"]


def test_format_json() -> None:
    records = json.loads(ok("list", "--clause", "5.3", "--format", "json"))
    assert [r["task"] for r in records] == [f"5.3.{n}" for n in range(1, 7)]


def test_format_csv() -> None:
    result = run("list", "--clause", "5.3", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in result.stdout_bytes
    rows = read_csv(result.stdout)
    assert rows[0] == LIST_LABELS
    assert [r[0] for r in rows[1:]] == [f"5.3.{n}" for n in range(1, 7)]
    assert rows[2] == [
        "5.3.2",
        "完成煤矿隐蔽致灾因素普查",
        "县应急局、县住建局、县交通局、县水务局、县发改局、县消防救援大队、各乡镇人民政府※",
        "2025-06-30（2025年6月底前）",
        "安全工程、煤矿",
    ]


def test_due_csv_has_one_row_per_deadline() -> None:
    rows = read_csv(ok("due", "--as-of", AS_OF, "--format", "csv"))
    assert rows[0] == DUE_LABELS
    assert [(r[0], r[2], r[5]) for r in rows[1:3]] == [("2025-06-30", "1.1.2", "每半年·上半年"), ("2025-06-30", "5.3.2", "2025年6月底前")]
    assert len(rows) == 1 + 8


def test_plain_is_the_default_when_stdout_is_not_a_terminal() -> None:
    for args in (["list", "--clause", "5.3"], ["due", "--as-of", AS_OF], ["dept", "--as-of", AS_OF]):
        default = ok(*args)
        assert default == ok(*args, "--format", "plain")
        assert "\t" in default
        assert "┃" not in default


def run_on_terminal(*args: str, data: Path | None = None) -> tuple[int, bytes]:
    """Run the real entry point with stdout on a pseudo-terminal; return (exit code, output)."""
    import pty

    primary, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANQUAN_") or k == "ANQUAN_CACHE_DIR"}
    env.update(COLUMNS="300", LINES="50", TERM="xterm")
    env.pop("NO_COLOR", None)
    extra = ["--data", str(data)] if data else []
    try:
        proc = subprocess.run([sys.executable, "-m", "anquan_cli", *extra, *args], stdout=secondary, stderr=subprocess.PIPE, env=env, timeout=60, check=False)
    finally:
        os.close(secondary)
    output = read_terminal(primary)
    assert proc.stderr == b"", proc.stderr
    return proc.returncode, output


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_table_is_the_default_on_a_terminal() -> None:
    code, out = run_on_terminal("list", "--clause", "5.3")
    assert code == 0
    text = out.decode("utf-8")
    assert "┏" in text
    assert "\t" not in text
    assert "完成煤矿隐蔽致灾因素普查" in text


# ── CJK alignment in plain output ──


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--section", "1"],
        ["due", "--as-of", AS_OF],
        ["dept", "--as-of", AS_OF],
        ["dept", "崇文镇", "--as-of", AS_OF],
        ["--lang", "en", "due", "--as-of", AS_OF],
    ],
)
def test_plain_columns_have_equal_display_width(args: list[str]) -> None:
    rows = tab_lines(ok(*args, "--format", "plain"))
    assert len(rows) > 2
    # every row has every column, so a script can split on tabs …
    assert {len(r) for r in rows} == {len(rows[0])}
    # … and every column but the last is padded to one display width, CJK counting double.
    for i in range(len(rows[0]) - 1):
        widths = {width(r[i]) for r in rows}
        assert len(widths) == 1, (i, sorted(widths))
        assert widths == {max(width(r[i].rstrip(" ")) for r in rows)}  # padded to the widest, no more


# ── hostile data: markup and control characters in a title ──

EVIL = "[red]x[/red]\x1b[31m普查"  # rich markup and an ANSI colour sequence
EVIL_SHOWN = "[red]x[/red]\\x1b[31m普查"
BIDI = "@SUM(1+1)\u202e预案"  # a formula start and a right-to-left override
BIDI_SHOWN = "@SUM(1+1)\\u202e预案"
FORMULAS = {"4.5.2": '=HYPERLINK("http://x")', "4.4.5": "-2+3避难", "3.1.1": "+1解决问题"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of data/ whose task titles carry markup, escape sequences and formulas."""
    root = Path(shutil.copytree(DATA, tmp_path_factory.mktemp("hostile") / "data"))
    path = root / "tasks.yaml"
    text = path.read_text(encoding="utf-8")
    titles = {
        "完成煤矿隐蔽致灾因素普查": EVIL,  # 5.3.2
        "修订发布自然灾害救助预案": BIDI,  # 4.1.4
        "开展综合性应急演练": FORMULAS["4.5.2"],
        "编制规划建设应急避难场所": FORMULAS["4.4.5"],
        "每年解决制约安全发展突出问题": FORMULAS["3.1.1"],
    }
    for old, new in titles.items():
        line = f"        title: {old}\n"
        assert text.count(line) == 1, old
        text = text.replace(line, f"        title: {json.dumps(new, ensure_ascii=True)}\n")  # a JSON string is a YAML string
    path.write_text(text, encoding="utf-8")
    return root


HOSTILE_COMMANDS = [
    ["list", "--clause", "5.3"],
    ["due", "--as-of", AS_OF],
    ["dept", "yingji", "--as-of", AS_OF],
    ["calendar", "--month", "2025-06", "--as-of", AS_OF],
]


@pytest.mark.parametrize("fmt", ["table", "plain", "json", "csv"])
@pytest.mark.parametrize("args", HOSTILE_COMMANDS, ids=lambda a: a[0])
def test_markup_and_escapes_are_shown_literally(hostile: Path, args: list[str], fmt: str) -> None:
    out = ok("--data", str(hostile), *args, "--format", fmt)
    assert "\x1b" not in out
    assert "\u202e" not in out
    if fmt == "json":
        records = json.loads(out)
        records = records["duties"] if isinstance(records, dict) else records
        assert EVIL in [r["title"] for r in records]
        assert "\\u001b" in out
    else:
        assert EVIL_SHOWN in out
        assert "[red]x[/red]" in out


def test_bidi_override_is_made_visible(hostile: Path) -> None:
    for fmt in ("table", "plain"):
        out = ok("--data", str(hostile), "due", "--as-of", AS_OF, "--format", fmt)
        assert BIDI_SHOWN in out
        assert "\u202e" not in out
    records = ok_json("--data", str(hostile), "due", "--as-of", AS_OF)
    assert BIDI in [r["title"] for r in records]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_show_makes_escapes_visible(hostile: Path, fmt: str) -> None:
    out = ok("--data", str(hostile), "show", "5.3.2", "--format", fmt)
    assert "\x1b" not in out
    if fmt == "json":
        assert json.loads(out)["title"] == EVIL
    else:
        assert out.splitlines()[0] == f"5.3.2　{EVIL_SHOWN}"


def test_csv_neutralises_formula_cells(hostile: Path) -> None:
    rows = read_csv(ok("--data", str(hostile), "due", "--as-of", AS_OF, "--format", "csv"))
    titles = {r[2]: r[3] for r in rows[1:]}
    for task, formula in FORMULAS.items():
        assert titles[task] == "'" + formula
    assert titles["4.1.4"] == "'" + BIDI_SHOWN
    assert titles["5.3.2"] == EVIL_SHOWN  # starts with "[": nothing to neutralise
    assert titles["1.1.3"] == "“办实事、解难题”清单解决具体问题"
    # JSON is data for programs, not a spreadsheet: it keeps the value as it is.
    records = ok_json("--data", str(hostile), "due", "--as-of", AS_OF)
    assert {r["task"]: r["title"] for r in records}["4.5.2"] == FORMULAS["4.5.2"]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_terminal_table_never_interprets_markup_or_escapes(hostile: Path) -> None:
    code, out = run_on_terminal("due", "--as-of", AS_OF, data=hostile)
    assert code == 0
    assert b"\x1b[31m" not in out  # neither rich's [red] nor the raw sequence from the data
    assert EVIL_SHOWN.encode() in out


# ── language ──


def test_lang_en_switches_labels() -> None:
    rows = tab_lines(ok("--lang", "en", "list", "--clause", "5.3"))
    assert [c.strip() for c in rows[0]] == ["Task", "Title", "Units", "Deadlines", "Tags"]
    rows = tab_lines(ok("--lang", "en", "due", "--as-of", AS_OF, "--before", "2025-06-30"))
    assert [c.strip() for c in rows[0]] == ["Due", "Days left", "Task", "Title", "Units", "Notice wording", "Status"]
    assert [(r[1].strip(), r[5].strip(), r[6].strip()) for r in rows[1:]] == [
        ("60 days left", "每半年·first half", "not started"),
        ("60 days left", "2025年6月底前", "not started"),
    ]
    assert ok("--lang", "en", "due", "--as-of", AS_OF, "--within", "30d") == EMPTY_EN + "\n"


def test_anquan_lang_env_switches_labels() -> None:
    assert ok("list", "--clause", "5.3", env={"ANQUAN_LANG": "en"}) == ok("--lang", "en", "list", "--clause", "5.3")
    assert "Duties of 县气象局（qixiang）" in ok("dept", "气象局", "--as-of", AS_OF, env={"ANQUAN_LANG": "en"}).splitlines()
    # the option wins over the environment
    assert [c.strip() for c in tab_lines(ok("--lang", "zh", "list", "--clause", "5.3", env={"ANQUAN_LANG": "en"}))[0]] == LIST_LABELS


def test_lang_en_calendar() -> None:
    lines = ok("--lang", "en", "calendar", "--month", "2025-06", "--as-of", AS_OF).splitlines()
    assert lines[0].strip() == "2025-06"
    assert lines[1] == "  Mo  Tu  We  Th  Fr  Sa  Su"


def test_lang_en_csv_header() -> None:
    assert read_csv(ok("--lang", "en", "due", "--as-of", AS_OF, "--format", "csv"))[0] == [
        "Due", "Days left", "Task", "Title", "Units", "Notice wording", "Status",
    ]  # fmt: skip


# ── exit codes, through the real entry point ──


def anquan(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANQUAN_")}
    return subprocess.run([sys.executable, "-m", "anquan_cli", *args], capture_output=True, text=True, encoding="utf-8", env=env, timeout=60, check=False)


def test_success_exits_zero() -> None:
    proc = anquan("list", "--clause", "5.3")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert "5.3.2" in proc.stdout


def test_the_process_exits_without_teardown_yet_writes_everything_and_keeps_its_status(tmp_path: Path) -> None:
    """The console script ends with os._exit (cli._hard_exit): its whole output still arrives,
    through a pipe and into a file, its status is the command's, and what it wrote is on disk."""
    in_process = ok("list", "--format", "json")
    piped = anquan("list", "--format", "json")
    assert piped.returncode == 0
    assert piped.stdout == in_process
    assert len(json.loads(piped.stdout)) > 100
    to_file = tmp_path / "list.json"
    with to_file.open("wb") as sink:
        status = subprocess.run([sys.executable, "-m", "anquan_cli", "list", "--format", "json"], stdout=sink, stderr=subprocess.PIPE, timeout=60, check=False)
    assert (status.returncode, to_file.read_text(encoding="utf-8")) == (0, in_process)
    refused = anquan("show", "9.9.9")
    assert (refused.returncode, refused.stdout, refused.stderr.count("\n")) == (2, "", 1)
    ws = tmp_path / "ws"
    assert anquan("init", str(ws)).returncode == 0
    assert anquan("--data", str(ws), "update", "5.3.2", "--dept", "yingji", "--status", "推进中", "--date", AS_OF).returncode == 0
    assert '"task": "5.3.2"' in (ws / "progress" / "yingji.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [["list", "--clause", "5.3"], ["due", "--as-of", AS_OF], ["export", "--format", "csv"]])
def test_a_command_without_stdout_runs_and_exits_zero(args: list[str]) -> None:
    """Under pythonw sys.stdout is None: a listing has nowhere to go, but is no internal error."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANQUAN_")}
    for entry in ("main", "script_main"):
        code = f"import sys; sys.stdout = None; sys.argv = ['anquan', *{args!r}]; from anquan_cli.cli import {entry}; {entry}()"
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", env=env, timeout=60, check=False)
        assert run.returncode == 0, (entry, run.stderr)
        assert "内部错误" not in run.stderr
        assert "Traceback" not in run.stderr


@pytest.mark.parametrize("missing", ["stdout", "stderr"])
@pytest.mark.parametrize("args", [["list", "--clause", "5.3"], ["show", "9.9.9"]])
def test_the_console_script_ends_as_main_does_without_a_standard_stream(missing: str, args: list[str]) -> None:
    """pythonw (a Windows shortcut, a scheduled task) starts with sys.stdout or sys.stderr None:
    the console script's exit (cli._hard_exit) keeps main()'s status and messages, and adds no
    traceback of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANQUAN_")}

    def ended(entry: str) -> subprocess.CompletedProcess[str]:
        code = f"import sys; sys.{missing} = None; sys.argv = ['anquan', *{args!r}]; from anquan_cli.cli import {entry}; {entry}()"
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", env=env, timeout=60, check=False)

    by_main, by_script = ended("main"), ended("script_main")
    assert (by_script.returncode, by_script.stdout, by_script.stderr) == (by_main.returncode, by_main.stdout, by_main.stderr)
    assert "Traceback" not in by_script.stderr
    if missing == "stderr":
        assert by_script.returncode == (2 if args[0] == "show" else 0)


@pytest.mark.parametrize(
    "args",
    [
        ["due", "--as-of", AS_OF, "--within", "30d"],
        ["list", "--dept", "崇文镇", "--direct"],
        ["list", "--search", "不在通知里的词", "--format", "table"],
    ],
)
def test_an_empty_result_exits_zero_and_says_so(args: list[str]) -> None:
    proc = anquan(*args)
    # outside a workspace, a command that reads progress says it shows the shipped catalogue
    assert proc.returncode == 0
    assert proc.stderr in ("", SHIPPED_NOTICE_ZH + "\n"), proc.stderr
    assert proc.stdout.strip() == EMPTY_ZH


def test_an_empty_result_in_json_and_csv() -> None:
    proc = anquan("due", "--as-of", AS_OF, "--within", "30d", "--format", "json")
    assert (proc.returncode, json.loads(proc.stdout)) == (0, [])
    proc = anquan("due", "--as-of", AS_OF, "--within", "30d", "--format", "csv")
    assert proc.returncode == 0
    assert read_csv(proc.stdout) == [DUE_LABELS]


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["dept", "公安局"], ["公安局"]),
        (["list", "--dept", "县应急管局"], ["县应急管局", "县应急局"]),
        (["dept", "县"], ["ambiguous", "县应急局 (yingji)", "县财政局 (caizheng)"]),
        (["due", "--dept", "县"], ["ambiguous"]),
        (["show", "9.9.9"], ["9.9.9"]),
        (["show", "5.3.99"], ["5.3.99"]),
        (["due", "--before", "2025-13-45"], ["2025-13-45"]),
        (["due", "--after", "next week"], ["next week", "2025-06-30"]),
        (["due", "--as-of", "2025-13-45"], ["2025-13-45"]),
        (["calendar", "--month", "2025-13"], ["2025-13"]),
        (["list", "--section", "7"], ["7"]),
        (["list", "--clause", "9.1"], ["9.1"]),
        (["list", "--tag", "无此标签"], ["无此标签"]),
    ],
)
def test_bad_usage_exits_two_with_one_line(args: list[str], mentions: list[str]) -> None:
    proc = anquan("--lang", "en", *args)  # the words checked are the English ones
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("anquan: error: ")
    for word in mentions:
        assert word in lines[0]


def test_click_usage_errors_exit_two_without_traceback() -> None:
    proc = anquan("list", "--format", "xml")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "xml" in proc.stderr
