"""Progress tracking end to end: workspaces, updates, history, the roll-up, the tables and
the 调度通报, run through the real entry point on real temporary workspaces.

Every command goes through `anquan_cli.cli.main` inside click's CliRunner isolation:
`runner.invoke(cli, …)` would skip main's translation of errors into a message and exit 2.
Dates are explicit and in 2025, the notice year; the real today (later) only bounds --date.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from anquan_cli.catalogue import shipped_data_dir
from anquan_cli.cli import main
from helpers_cli import tasks_yaml

GOLDEN = Path(__file__).parent / "golden"

TOWNSHIPS = ["chongwen", "liyi", "fucheng", "xihedi", "pingcheng", "yangcun", "lucheng", "duohuo", "magedang", "gujiao", "liuquan"]
DEPARTMENTS = ["caizheng", "ziranziyuan", "linye", "shuiwu", "nongye", "zhujian", "yingji", "xiaofang", "qixiang", "jiaotong", "fagai"]
# The reporting units of some tasks, as `anquan show` lists them (departments of the clause, then
# the townships: the 乡镇 rule of clause 1.1 applies to every later clause).
UNITS_5_3 = ["yingji", "zhujian", "jiaotong", "shuiwu", "fagai", "xiaofang", *TOWNSHIPS]  # 17
UNITS_5_2 = ["yingji", "zhujian", "fagai", "xiaofang", *TOWNSHIPS]  # 15
UNITS_4_2 = ["linye", "ziranziyuan", "yingji", "xiaofang", *TOWNSHIPS]  # 15
# 1.1 names the group 县安委会有关成员单位, which names no one until a 分工方案 divides it: without
# one only the townships report; the example plan (data/examples/assignments.yaml) adds three.
UNITS_1_1 = TOWNSHIPS
UNITS_1_1_PLANNED = ["yingji", "zhujian", "jiaotong", *TOWNSHIPS]
EXAMPLE_PLAN = Path(__file__).resolve().parent.parent / "data" / "examples" / "assignments.yaml"


def with_example_plan(ws: Path) -> Path:
    (ws / "assignments.yaml").write_bytes(EXAMPLE_PLAN.read_bytes())
    return ws


ANSI = re.compile("\x1b\\[")


# ── running the CLI ──


@dataclass
class Run:
    code: int
    out: str
    err: str


def anquan(*args: str, env: dict[str, str] | None = None) -> Run:
    """`anquan ARGS` as installed (the console script calls cli.main), output captured."""
    environment: dict[str, str | None] = {"ANQUAN_DATA": None, "ANQUAN_LANG": None}
    environment.update(env or {})
    runner = CliRunner()
    with runner.isolation(env=environment) as (out, err, _mixed):
        saved = sys.argv
        sys.argv = ["anquan", *args]
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            sys.argv = saved
            sys.stdout.flush()
            sys.stderr.flush()
    return Run(code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"))


def ok(*args: str, env: dict[str, str] | None = None) -> Run:
    run = anquan(*args, env=env)
    assert run.code == 0, (args, run.out, run.err)
    assert run.err == "", (args, run.err)
    return run


def at(ws: Path, *args: str) -> Run:
    """A command on workspace `ws` that must succeed without warnings."""
    return ok("--data", str(ws), *args)


def js(ws: Path, *args: str) -> object:
    return json.loads(at(ws, *args, "--format", "json").out)


def update(ws: Path, task: str, unit: str, status: str, date: str, *more: str) -> Run:
    return at(ws, "update", task, "--dept", unit, "--status", status, "--date", date, *more)


def all_done(ws: Path, task: str, units: list[str], date: str, *more: str) -> None:
    for unit in units:
        update(ws, task, unit, "done", date, *more)


def refused(*args: str, lang: str = "en") -> Run:
    """A refused command: exit 2 and one line on stderr, nothing on stdout (by default in
    English, which the messages below quote)."""
    run = anquan(*args, env={"ANQUAN_LANG": lang})
    assert run.code == 2, (args, run.out, run.err)
    assert run.out == ""
    assert run.err.startswith("anquan: error: " if lang == "en" else "anquan：错误："), run.err
    assert run.err.count("\n") == 1, run.err
    assert run.err.endswith("\n")
    return run


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below root, by relative path, with its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def entries(ws: Path, unit: str) -> list[dict[str, object]]:
    """The entry lines of a unit's progress file, parsed as the JSON objects they are."""
    lines = (ws / "progress" / f"{unit}.yaml").read_text(encoding="utf-8").splitlines()
    return [json.loads(line[2:]) for line in lines if line.startswith("- ")]


def record(records: object, key: str, value: str) -> dict[str, object]:
    assert isinstance(records, list)
    found = [r for r in records if r[key] == value]
    assert len(found) == 1, (key, value)
    return found[0]


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    path = tmp_path / "ws"
    ok("init", str(path))
    return path


# ── init and finding the workspace ──


def test_init_creates_a_workspace_and_prints_next_steps(tmp_path: Path) -> None:
    target = tmp_path / "county"
    run = ok("init", str(target))
    shipped = shipped_data_dir()
    for name in ("tasks.yaml", "departments.yaml", "notice.txt"):
        assert (target / name).read_bytes() == (shipped / name).read_bytes()
    assert (target / "progress").is_dir()
    assert sorted(p.name for p in (target / "progress").iterdir()) == [".gitkeep"]
    assert (target / ".gitattributes").read_text(encoding="utf-8").splitlines()[-1] == "progress/*.yaml merge=union"
    assert (target / ".gitignore").read_text(encoding="utf-8") == "progress/*.lock\n"
    assert run.out == (
        f"已创建工作区 {target}。\n下一步：\n  cd {target}\n"
        "  git init && git add . && git commit -m 初始化   # 可选：各单位通过 git 协同\n"
        "  anquan update 1.1.3 --dept 应急局 --status 推进中 --percent 30 --note ……\n"
        "  anquan progress\n  anquan summary\n"
    )
    # the copy is a working catalogue
    assert len(js(target, "list")) == 109  # type: ignore[arg-type]


def test_init_into_an_existing_empty_directory(tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    ok("init", str(target))
    assert (target / "tasks.yaml").is_file()
    assert (target / "progress" / ".gitkeep").is_file()


@pytest.mark.parametrize("existing", ["notes.txt", "progress/yingji.yaml"])
def test_init_into_a_non_empty_directory_is_refused_and_changes_nothing(tmp_path: Path, existing: str) -> None:
    target = tmp_path / "busy"
    (target / existing).parent.mkdir(parents=True)
    (target / existing).write_text("keep me\n", encoding="utf-8")
    before = snapshot(target)
    run = refused("init", str(target))
    assert "exists and is not empty" in run.err
    assert snapshot(target) == before
    assert sorted(p.name for p in target.iterdir()) == [existing.split("/")[0]]


def test_init_over_a_workspace_is_refused(ws: Path) -> None:
    update(ws, "5.3.2", "yingji", "推进中", "2025-05-10", "--percent", "40")
    before = snapshot(ws)
    refused("init", str(ws))
    assert snapshot(ws) == before


@pytest.mark.parametrize("subdir", [".", "progress", "docs/2025/七月"])
def test_commands_find_the_workspace_from_it_or_below_it(ws: Path, monkeypatch: pytest.MonkeyPatch, subdir: str) -> None:
    (ws / subdir).mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(ws / subdir)
    run = ok("update", "5.3.2", "--dept", "应急局", "--status", "推进中", "--percent", "40", "--date", "2025-05-10")
    assert run.out.startswith("已记录：县应急局 5.3.2 推进中 → ")
    assert [(e["unit"], e["task"], e["percent"]) for e in entries(ws, "yingji")] == [("yingji", "5.3.2", 40)]
    history = json.loads(ok("history", "5.3.2", "--format", "json").out)
    assert [(h["unit"], h["status"]) for h in history] == [("yingji", "推进中")]


def test_data_option_and_environment_variable(ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    ok("--data", str(ws), "update", "5.3.2", "--dept", "yingji", "--status", "推进中", "--percent", "10", "--date", "2025-05-01")
    ok("update", "5.3.2", "--dept", "yingji", "--status", "推进中", "--percent", "20", "--date", "2025-05-02", env={"ANQUAN_DATA": str(ws)})
    assert [e["percent"] for e in entries(ws, "yingji")] == [10, 20]
    assert list(elsewhere.iterdir()) == []
    # --data wins over the workspace around the working directory
    other = tmp_path / "other"
    ok("init", str(other))
    monkeypatch.chdir(other)
    ok("--data", str(ws), "update", "5.3.2", "--dept", "yingji", "--status", "推进中", "--percent", "30", "--date", "2025-05-03")
    assert [e["percent"] for e in entries(ws, "yingji")] == [10, 20, 30]
    assert not (other / "progress" / "yingji.yaml").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["update", "5.3.2", "--dept", "应急局", "--status", "推进中", "--percent", "40", "--date", "2025-05-10"],
        ["verify", "5.3.2", "--date", "2025-05-10"],
        ["reject", "5.3.2", "--note", "材料不全", "--date", "2025-05-10"],
    ],
)
def test_a_write_without_a_workspace_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    shipped = shipped_data_dir()
    before = snapshot(shipped)
    empty = tmp_path / "no-workspace-here"
    empty.mkdir()
    monkeypatch.chdir(empty)
    run = refused(*command)
    # one message that says how to get into a workspace, and names no folder inside the package
    for way in ("anquan init DIR", "cd DIR", "--data DIR"):
        assert way in run.err
    assert "not in a workspace" in run.err
    assert str(shipped) not in run.err
    assert "site-packages" not in run.err
    assert snapshot(shipped) == before
    assert not (shipped / "progress").exists()
    assert list(empty.iterdir()) == []
    # reading still works on the shipped catalogue, with no progress, and says so in one line
    for lang, words in (("zh", "随软件附带的任务目录，不含任何进度"), ("en", "showing the shipped catalogue, without any progress")):
        read = anquan("--lang", lang, "history", "5.3.2", "--format", "json")
        assert (read.code, json.loads(read.out)) == (0, [])
        assert read.err.count("\n") == 1, read.err
        assert words in read.err
        assert "anquan init" in read.err


def test_a_workspace_whose_tasks_yaml_went_missing_says_so(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a silent fall back to the shipped catalogue, which would answer that nothing was done."""
    update(ws, "5.3.2", "应急局", "推进中", "2025-05-01", "--percent", "10")
    (ws / "tasks.yaml").unlink()
    monkeypatch.chdir(ws)
    run = anquan("--lang", "en", "history", "5.3.2")
    assert (run.code, run.out) == (2, "")
    assert run.err.splitlines() == ["tasks.yaml: cannot read: No such file or directory", "anquan: 1 problem(s) in the data"]


def test_a_catalogue_copy_without_progress_folder_is_not_a_workspace(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    for name in ("tasks.yaml", "departments.yaml", "notice.txt"):
        (plain / name).write_bytes((shipped_data_dir() / name).read_bytes())
    before = snapshot(plain)
    run = refused("--data", str(plain), "update", "5.3.2", "--dept", "yingji", "--status", "done", "--date", "2025-05-10")
    assert "anquan init" in run.err
    assert snapshot(plain) == before


# ── update ──


@pytest.mark.parametrize(
    ("status", "percent", "word", "stored_percent"),
    [
        ("未启动", None, "未启动", 0),
        ("not_started", None, "未启动", 0),
        ("Not-Started", "0", "未启动", 0),
        ("推进中", "40", "推进中", 40),
        ("in_progress", "0", "推进中", 0),
        ("in progress", "99", "推进中", 99),
        ("推进中", None, "推进中", 0),  # a first report without a percent keeps the last one: none yet, so 0
        ("已完成", None, "已完成", 100),
        ("done", None, "已完成", 100),
        ("DONE", "100", "已完成", 100),
    ],
)
def test_update_status_words_and_aliases(ws: Path, status: str, percent: str | None, word: str, stored_percent: int | None) -> None:
    extra = ["--percent", percent] if percent is not None else []
    run = update(ws, "5.3.2", "应急局", status, "2025-05-10", *extra)
    assert run.out == f"已记录：县应急局 5.3.2 {word} → {ws / 'progress' / 'yingji.yaml'}\n"
    [entry] = entries(ws, "yingji")
    assert entry["status"] == word
    assert entry.get("percent") == stored_percent
    assert entry["kind"] == "update"
    assert entry["date"] == "2025-05-10"


@pytest.mark.parametrize(
    ("status", "percent", "message"),
    [
        ("已完成", "90", "status 已完成 with --percent 90: a done task is 100%"),
        ("done", "0", "status 已完成 with --percent 0: a done task is 100%"),
        ("未启动", "10", "status 未启动 with --percent 10: a task not started is 0%"),
        ("推进中", "100", "status 推进中 with --percent 100: report 已完成 instead"),
    ],
)
def test_update_refuses_inconsistent_percent(ws: Path, status: str, percent: str, message: str) -> None:
    update(ws, "5.3.2", "yingji", "推进中", "2025-05-01", "--percent", "5")
    before = snapshot(ws)
    run = refused("--data", str(ws), "update", "5.3.2", "--dept", "yingji", "--status", status, "--percent", percent, "--date", "2025-05-10")
    assert run.err == f"anquan: error: {message}\n"
    assert snapshot(ws) == before


@pytest.mark.parametrize("percent", ["101", "-1", "forty"])
def test_update_percent_must_be_0_to_100(ws: Path, percent: str) -> None:
    before = snapshot(ws)
    run = anquan("--data", str(ws), "update", "5.3.2", "--dept", "yingji", "--status", "推进中", "--percent", percent, "--date", "2025-05-10")
    assert run.code == 2
    assert "--percent" in run.err
    assert snapshot(ws) == before


@pytest.mark.parametrize("name", ["yingji", "YingJi", "县应急局", "应急局", "县应急管理局", "yingjiju", "yjj"])
def test_update_dept_in_every_name_form(ws: Path, name: str) -> None:
    run = update(ws, "5.3.2", name, "推进中", "2025-05-10", "--percent", "40")
    assert run.out.startswith("已记录：县应急局 5.3.2 推进中 → ")
    assert [(e["unit"], e["percent"]) for e in entries(ws, "yingji")] == [("yingji", 40)]
    assert sorted(p.name for p in (ws / "progress").glob("*.yaml")) == ["yingji.yaml"]


@pytest.mark.parametrize(("task", "name"), [("5.3.2", "崇文镇"), ("2.1.1", "崇文镇人民政府"), ("6.3.5", "chongwen")])
def test_a_township_reports_on_a_later_clause_through_the_xiangzhen_rule(ws: Path, task: str, name: str) -> None:
    run = update(ws, task, name, "推进中", "2025-05-10", "--percent", "30")
    assert run.out.startswith(f"已记录：崇文镇 {task} 推进中 → ")
    assert [(e["task"], e["unit"]) for e in entries(ws, "chongwen")] == [(task, "chongwen")]


def _tomorrow() -> str:
    return (dt.date.today() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("task", "unit", "status", "date", "message"),
    [
        ("5.3.2", "县财政局", "推进中", "2025-05-10", "县财政局 is not responsible for task 5.3.2; its units: 应急局、住建局、交通局"),
        ("5.3.2", "县安委办", "推进中", "2025-05-10", "县安委办 is not responsible for task 5.3.2"),
        ("5.3.2", "各乡镇人民政府", "推进中", "2025-05-10", "各乡镇人民政府 reports through its members (e.g. 崇文镇、礼义镇"),
        ("1.1.1", "县安委会有关成员单位", "推进中", "2025-05-10", "县安委会有关成员单位 reports through its members"),
        ("9.9.9", "应急局", "推进中", "2025-05-10", "no task '9.9.9'"),
        ("5.3", "应急局", "推进中", "2025-05-10", "no task '5.3'"),
        ("5.3.2", "应急局", "已完", "2025-05-10", "unknown status '已完': use 未启动, 推进中 or 已完成"),
        ("5.3.2", "应急局", "finished", "2025-05-10", "unknown status 'finished'"),
        ("5.3.2", "应急局", "推进中", _tomorrow(), f"--date {_tomorrow()} is in the future (today is {dt.date.today()})"),
        ("5.3.2", "应急局", "推进中", "2025-04-06", "--date 2025-04-06 is before the notice was issued (2025-04-07)"),
        ("5.3.2", "应急局", "推进中", "2025-02-30", "invalid date '2025-02-30': no such day"),
        ("5.3.2", "不存在局", "推进中", "2025-05-10", "no unit matches '不存在局'"),
    ],
)
def test_update_refusals_change_nothing(ws: Path, task: str, unit: str, status: str, date: str, message: str) -> None:
    # every unit involved already has a file, so a stray append would show
    update(ws, "5.3.2", "yingji", "推进中", "2025-05-01", "--percent", "5")
    update(ws, "1.1.1", "chongwen", "推进中", "2025-05-01", "--percent", "5")
    update(ws, "5.3.2", "liyi", "推进中", "2025-05-01", "--percent", "5")
    before = snapshot(ws)
    run = refused("--data", str(ws), "update", task, "--dept", unit, "--status", status, "--percent", "20", "--date", date)
    assert message in run.err
    assert snapshot(ws) == before


def test_the_notice_date_itself_is_accepted(ws: Path) -> None:
    update(ws, "5.3.2", "yingji", "推进中", "2025-04-07", "--percent", "1")
    update(ws, "5.3.2", "yingji", "推进中", "2025年6月底", "--percent", "2")
    assert [e["date"] for e in entries(ws, "yingji")] == ["2025-04-07", "2025-06-30"]


def test_each_entry_records_note_evidence_and_recorded_at(ws: Path) -> None:
    before = dt.datetime.now().astimezone().replace(microsecond=0)
    update(ws, "5.3.2", "zhujian", "已完成", "2025-05-12", "--note", "普查报告已报送", "--evidence", "http://example.cn/a.pdf")
    at(ws, "update", "5.3.2", "--dept", "zhujian", "--status", "done")  # no --date: today
    after = dt.datetime.now().astimezone()
    first, second = entries(ws, "zhujian")
    assert first == {
        "task": "5.3.2",
        "unit": "zhujian",
        "kind": "update",
        "status": "已完成",
        "percent": 100,
        "date": "2025-05-12",
        "note": "普查报告已报送",
        "evidence": "http://example.cn/a.pdf",
        "recorded_at": first["recorded_at"],
    }
    for entry in (first, second):
        recorded = dt.datetime.fromisoformat(str(entry["recorded_at"]))
        assert recorded.tzinfo is not None
        assert before <= recorded <= after
    assert second["date"] in {before.date().isoformat(), after.date().isoformat()}
    text = (ws / "progress" / "zhujian.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[:3] == [
        "# 县住建局 进度记录：由 anquan 逐条追加，一行一条，请勿改动已有行。",
        "unit: zhujian",
        "entries:",
    ]
    assert (ws / "schema" / "progress.schema.json").is_file()  # what the modeline points at
    assert len(yaml.safe_load(text)["entries"]) == 2


# ── history ──


def test_history_lists_entries_in_date_order_with_every_field(ws: Path) -> None:
    # written out of date order, and across three files
    update(ws, "5.3.2", "yingji", "推进中", "2025-06-20", "--percent", "60", "--note", "第二次")
    update(ws, "5.3.2", "zhujian", "done", "2025-05-12", "--evidence", "报告.pdf")
    update(ws, "5.3.2", "yingji", "推进中", "2025-05-10", "--percent", "40", "--note", "第一次")
    update(ws, "5.3.2", "chongwen", "未启动", "2025-06-01")
    update(ws, "5.3.3", "yingji", "推进中", "2025-05-11", "--percent", "10")  # another task: not listed
    records = js(ws, "history", "5.3.2")
    assert isinstance(records, list)
    fields = {"task", "unit", "kind", "period", "about", "replaces", "date", "status", "percent", "note", "evidence", "recorded_at"}
    assert [set(r) for r in records] == [fields] * 4
    assert [(r["date"], r["unit"], r["status"], r["percent"], r["note"], r["evidence"]) for r in records] == [
        ("2025-05-10", "yingji", "推进中", 40, "第一次", None),
        ("2025-05-12", "zhujian", "已完成", 100, None, "报告.pdf"),
        ("2025-06-01", "chongwen", "未启动", 0, None, None),
        ("2025-06-20", "yingji", "推进中", 60, "第二次", None),
    ]
    assert {r["task"] for r in records} == {"5.3.2"}
    assert {r["kind"] for r in records} == {"update"}
    for r in records:
        assert dt.datetime.fromisoformat(r["recorded_at"]).tzinfo is not None

    plain = at(ws, "history", "5.3.2", "--format", "plain").out.splitlines()
    assert [c.strip() for c in plain[0].split("\t")] == ["填报日期", "单位", "周期", "状态", "完成百分比", "进展情况", "佐证材料", "记录时间"]
    assert [[c.strip() for c in line.split("\t")][:7] for line in plain[1:]] == [
        ["2025-05-10", "县应急局", "", "推进中", "40", "第一次", ""],
        ["2025-05-12", "县住建局", "", "已完成", "100", "", "报告.pdf"],
        ["2025-06-01", "崇文镇", "", "未启动", "0", "", ""],
        ["2025-06-20", "县应急局", "", "推进中", "60", "第二次", ""],
    ]

    csv = at(ws, "history", "5.3.2", "--format", "csv").out
    assert csv.startswith("\ufeff填报日期,单位,周期,状态,完成百分比,进展情况,佐证材料,记录时间\r\n")
    rows = csv.removeprefix("\ufeff").split("\r\n")
    assert rows[-1] == ""
    assert [r.split(",")[:7] for r in rows[1:-1]] == [
        ["2025-05-10", "县应急局", "", "推进中", "40", "第一次", ""],
        ["2025-05-12", "县住建局", "", "已完成", "100", "", "报告.pdf"],
        ["2025-06-01", "崇文镇", "", "未启动", "0", "", ""],
        ["2025-06-20", "县应急局", "", "推进中", "60", "第二次", ""],
    ]


def test_history_of_a_task_without_entries_and_of_an_unknown_task(ws: Path) -> None:
    assert at(ws, "history", "5.3.2", "--format", "plain").out == "（该任务尚无进度记录）\n"
    assert js(ws, "history", "5.3.2") == []
    refused("--data", str(ws), "history", "9.9.9")


def test_history_shows_verify_and_reject(ws: Path) -> None:
    all_done(ws, "5.2.1", UNITS_5_2, "2025-05-15")
    at(ws, "reject", "5.2.1", "--note", "佐证材料不全", "--date", "2025-05-16")
    all_done(ws, "5.2.1", UNITS_5_2, "2025-05-18")
    at(ws, "verify", "5.2.1", "--note", "核验通过", "--date", "2025-05-20")
    records = js(ws, "history", "5.2.1")
    assert isinstance(records, list)
    assert len(records) == 2 * 15 + 2
    office = [(r["date"], r["unit"], r["kind"], r["status"], r["percent"], r["note"]) for r in records if r["unit"] == "anweiban"]
    assert office == [
        ("2025-05-16", "anweiban", "reject", "退回", None, "佐证材料不全"),
        ("2025-05-20", "anweiban", "verify", "已销号", None, "核验通过"),
    ]
    assert [r["kind"] for r in records].index("reject") == 15
    assert records[-1]["kind"] == "verify"


# ── the roll-up ──


def _task(ws: Path, task: str, as_of: str) -> dict[str, object]:
    section = task.split(".")[0]
    return record(js(ws, "progress", "--section", section, "--as-of", as_of), "task", task)


def tracked(as_of: str, section: str | None = None) -> int:
    """What completion figures count as of a day, read from tasks.yaml on its own: one item per
    dated task and undated one-off, one per period of a recurring duty opened by then, none for
    standing duties and for events not recorded."""
    day = dt.date.fromisoformat(as_of)
    count = 0
    for clause in tasks_yaml()["clauses"]:
        if section is not None and not clause["id"].startswith(section + "."):
            continue
        for task in clause["tasks"]:
            kind = task["duty"]["kind"]
            if kind in ("once", "dated"):
                count += 1
            elif kind == "recurring":
                every = task["recurrence"]["every"]
                count += {"year": 1, "half_year": 1 + (day >= dt.date(2025, 7, 1))}[every]
    return count


def _totals(ws: Path, as_of: str) -> dict[str, object]:
    rows = js(ws, "progress", "--as-of", as_of)
    assert isinstance(rows, list)
    assert rows[-1]["section"] is None
    return rows[-1]


def test_a_task_is_done_only_when_every_reporting_unit_reports_done(ws: Path) -> None:
    all_done(ws, "5.3.2", UNITS_5_3[:-1], "2025-06-01")
    state = _task(ws, "5.3.2", "2025-06-15")
    assert state["status"] == "in_progress"
    assert state["percent"] == round(16 * 100 / 17, 1) == 94.1
    units = state["units"]
    assert isinstance(units, dict)
    assert list(units) == UNITS_5_3
    assert units["liuquan"] == {"status": "not_started", "percent": 0, "date": None}
    assert units["yingji"] == {"status": "done", "percent": 100, "date": "2025-06-01"}

    update(ws, "5.3.2", "六泉乡", "推进中", "2025-06-10", "--percent", "50")
    assert _task(ws, "5.3.2", "2025-06-15")["percent"] == round((16 * 100 + 50) / 17, 1) == 97.1
    update(ws, "5.3.2", "六泉乡", "已完成", "2025-06-20")
    state = _task(ws, "5.3.2", "2025-06-25")
    assert state["status"] == "done"
    assert state["percent"] == 100.0
    n = tracked("2025-06-25")
    assert _totals(ws, "2025-06-25") | {"heading": None} == {
        "section": None,
        "heading": None,
        "tasks": n,
        "not_started": n - 1,
        "in_progress": 0,
        "done": 1,
        "verified": 0,
        "overdue": 0,
        "closed_share": round(100 / n, 1),
        "percent": round(100 / n, 1),
    }


def test_a_later_report_replaces_a_units_earlier_one(ws: Path) -> None:
    all_done(ws, "5.3.2", UNITS_5_3, "2025-06-01")
    update(ws, "5.3.2", "住建局", "推进中", "2025-06-05", "--percent", "80")  # found a problem
    state = _task(ws, "5.3.2", "2025-06-10")
    assert state["status"] == "in_progress"
    assert state["percent"] == round((16 * 100 + 80) / 17, 1)
    assert _task(ws, "5.3.2", "2025-06-03")["status"] == "done"


def test_as_of_ignores_entries_dated_later(ws: Path) -> None:
    update(ws, "5.3.2", "yingji", "推进中", "2025-06-15", "--percent", "40")
    all_done(ws, "5.3.2", UNITS_5_3, "2025-07-15")
    before = _totals(ws, "2025-06-14")
    assert (before["not_started"], before["in_progress"], before["done"], before["overdue"]) == (tracked("2025-06-14"), 0, 0, 0)
    june = _totals(ws, "2025-06-30")
    # on the deadline day itself nothing is overdue yet (1.1.2's first half and 5.3.2 fall due on 6-30)
    assert (june["not_started"], june["in_progress"], june["done"], june["overdue"]) == (tracked("2025-06-30") - 1, 1, 0, 0)
    assert _task(ws, "5.3.2", "2025-06-30")["percent"] == round(40 / 17, 1) == 2.4
    july = _totals(ws, "2025-07-01")
    # from 07-01 1.1.2's second half counts too, and its first half is overdue
    assert (july["not_started"], july["in_progress"], july["done"], july["overdue"]) == (tracked("2025-07-01") - 1, 1, 0, 2)
    later = _totals(ws, "2025-07-31")
    assert (later["not_started"], later["in_progress"], later["done"], later["overdue"]) == (tracked("2025-07-31") - 1, 0, 1, 1)
    # the same in the other tables: a unit's own view at each date
    mine = record(js(ws, "progress", "--dept", "应急局", "--as-of", "2025-06-30"), "task", "5.3.2")
    assert (mine["unit_status"], mine["percent"], mine["date"], mine["overdue"]) == ("in_progress", 40, "2025-06-15", False)
    mine = record(js(ws, "progress", "--dept", "应急局", "--as-of", "2025-07-14"), "task", "5.3.2")
    assert (mine["unit_status"], mine["percent"], mine["date"], mine["overdue"]) == ("in_progress", 40, "2025-06-15", True)
    mine = record(js(ws, "progress", "--dept", "应急局", "--as-of", "2025-07-15"), "task", "5.3.2")
    assert (mine["unit_status"], mine["percent"], mine["date"], mine["status"], mine["overdue"]) == ("done", 100, "2025-07-15", "done", False)


def test_verify_needs_every_unit_done(ws: Path) -> None:
    all_done(ws, "5.2.1", UNITS_5_2[:-1], "2025-05-15")
    before = snapshot(ws)
    run = refused("--data", str(ws), "verify", "5.2.1", "--date", "2025-05-20")
    assert run.err == "anquan: error: task 5.2.1 cannot be verified: not every unit reports 已完成 (pending: 六泉乡)\n"
    assert snapshot(ws) == before
    update(ws, "5.2.1", "liuquan", "done", "2025-05-18")
    # a verification dated before the last unit finished is refused too
    refused("--data", str(ws), "verify", "5.2.1", "--date", "2025-05-17")
    assert _task(ws, "5.2.1", "2025-05-19")["status"] == "done"
    run = at(ws, "verify", "5.2.1", "--note", "核验通过", "--date", "2025-05-20")
    assert run.out == f"已记录：县安委办 5.2.1 已销号 → {ws / 'progress' / 'anweiban.yaml'}\n"
    [entry] = entries(ws, "anweiban")
    assert (entry["task"], entry["kind"], entry["status"], entry["note"], entry["date"]) == ("5.2.1", "verify", "已销号", "核验通过", "2025-05-20")
    assert "percent" not in entry
    assert _task(ws, "5.2.1", "2025-05-19")["status"] == "done"
    assert _task(ws, "5.2.1", "2025-05-20")["status"] == "verified"
    totals = _totals(ws, "2025-05-20")
    assert (totals["done"], totals["verified"], totals["closed_share"]) == (0, 1, round(100 / tracked("2025-05-20"), 1))
    before = snapshot(ws)
    run = refused("--data", str(ws), "verify", "5.2.1", "--date", "2025-05-21")
    assert run.err == "anquan: error: task 5.2.1 is already verified (已销号)\n"
    assert snapshot(ws) == before


def test_verify_of_a_task_nobody_started_names_the_pending_units(ws: Path) -> None:
    run = refused("--data", str(ws), "verify", "4.2.1", "--date", "2025-05-20")
    # the first eight, and how many more (the list is cut, and says so)
    assert re.search(r"pending: 林业局、自然资源局、应急局、消防救援大队、崇文镇、礼义镇、附城镇、西河底镇 … \(15 in all\)\)", run.err), run.err


def test_a_verification_made_void_by_an_earlier_dated_report_does_not_stick(ws: Path) -> None:
    """A unit's report dated before a verification but merged in from another clone shows the
    task was not finished when verified: when that unit later reports done, the task is 已完成
    awaiting verification, not 已销号 unverified."""
    all_done(ws, "5.2.1", UNITS_5_2, "2025-06-01")
    at(ws, "verify", "5.2.1", "--date", "2025-06-10")
    # the line another clone wrote on 06-05 (before the verification), merged in afterwards
    line = {
        "task": "5.2.1",
        "unit": "zhujian",
        "kind": "update",
        "status": "推进中",
        "percent": 80,
        "date": "2025-06-05",
        "recorded_at": "2025-06-05T10:00:00+08:00",
    }
    with (ws / "progress" / "zhujian.yaml").open("a", encoding="utf-8") as f:
        f.write("- " + json.dumps(line, ensure_ascii=False) + "\n")
    assert _task(ws, "5.2.1", "2025-06-12")["status"] == "in_progress"
    update(ws, "5.2.1", "住建局", "已完成", "2025-06-20")
    assert _task(ws, "5.2.1", "2025-06-25")["status"] == "done"
    at(ws, "verify", "5.2.1", "--date", "2025-06-25")
    assert _task(ws, "5.2.1", "2025-06-25")["status"] == "verified"


def test_a_verified_task_is_locked_until_the_office_reopens_it(ws: Path) -> None:
    all_done(ws, "5.2.1", UNITS_5_2, "2025-06-01")
    at(ws, "verify", "5.2.1", "--date", "2025-06-10")
    before = snapshot(ws)
    run = refused("--data", str(ws), "update", "5.2.1", "--dept", "应急局", "--status", "推进中", "--percent", "90", "--date", "2025-06-15")
    assert run.err == (
        "anquan: error: task 5.2.1 was verified (已销号) on 2025-06-10 and takes no more reports: the office must reopen it first "
        "(anquan reopen 5.2.1 --note REASON)\n"
    )
    assert snapshot(ws) == before
    refused("--data", str(ws), "reopen", "5.2.1", "--note", "", "--date", "2025-06-14")
    at(ws, "reopen", "5.2.1", "--note", "抽查发现台账不全", "--date", "2025-06-14")
    assert _task(ws, "5.2.1", "2025-06-13")["status"] == "verified"
    assert _task(ws, "5.2.1", "2025-06-14")["status"] == "done"  # reopened: every unit still done, awaiting 销号
    update(ws, "5.2.1", "应急局", "推进中", "2025-06-15", "--percent", "90")
    assert _task(ws, "5.2.1", "2025-06-15")["status"] == "in_progress"
    update(ws, "5.2.1", "应急局", "已完成", "2025-06-16")
    assert _task(ws, "5.2.1", "2025-06-16")["status"] == "done"


def test_reject_needs_a_note(ws: Path) -> None:
    all_done(ws, "5.2.1", UNITS_5_2, "2025-05-15")
    before = snapshot(ws)
    run = anquan("--lang", "en", "--data", str(ws), "reject", "5.2.1", "--date", "2025-05-20")
    assert run.code == 2
    assert "Missing option '--note'" in run.err
    run = refused("--data", str(ws), "reject", "5.2.1", "--note", "", "--date", "2025-05-20")
    assert run.err == "anquan: error: reject needs --note with the reason (退回原因)\n"
    assert snapshot(ws) == before


def test_reject_with_nothing_done_is_refused(ws: Path) -> None:
    update(ws, "5.2.1", "应急局", "推进中", "2025-05-15", "--percent", "50")
    before = snapshot(ws)
    run = refused("--data", str(ws), "reject", "5.2.1", "--note", "无", "--date", "2025-05-20")
    assert run.err == "anquan: error: task 5.2.1: no unit reports no 已完成, nothing to reject\n"
    assert snapshot(ws) == before


def test_reject_sets_done_units_back_to_in_progress(ws: Path) -> None:
    all_done(ws, "5.2.1", UNITS_5_2[1:], "2025-05-15")
    update(ws, "5.2.1", "应急局", "推进中", "2025-05-15", "--percent", "70")
    at(ws, "reject", "5.2.1", "--note", "佐证材料不全", "--date", "2025-05-20")
    state = _task(ws, "5.2.1", "2025-05-20")
    units = state["units"]
    assert isinstance(units, dict)
    assert state["status"] == "in_progress"
    assert {u: s["status"] for u, s in units.items()} == dict.fromkeys(UNITS_5_2, "in_progress")
    assert units["yingji"]["percent"] == 70
    assert _task(ws, "5.2.1", "2025-05-19")["status"] == "in_progress"
    # a verified task can be sent back as well; then it needs everyone done and a new verify
    all_done(ws, "5.2.1", UNITS_5_2, "2025-05-25")
    at(ws, "verify", "5.2.1", "--date", "2025-05-26")
    at(ws, "reject", "5.2.1", "--note", "复核发现问题", "--date", "2025-05-28")
    assert _task(ws, "5.2.1", "2025-05-27")["status"] == "verified"
    assert _task(ws, "5.2.1", "2025-05-28")["status"] == "in_progress"
    refused("--data", str(ws), "verify", "5.2.1", "--date", "2025-05-29")
    all_done(ws, "5.2.1", UNITS_5_2, "2025-06-01")
    assert _task(ws, "5.2.1", "2025-06-01")["status"] == "done"
    at(ws, "verify", "5.2.1", "--date", "2025-06-02")
    assert _task(ws, "5.2.1", "2025-06-02")["status"] == "verified"


def test_a_rejected_unit_drops_back_to_its_percent_before_done(ws: Path) -> None:
    update(ws, "5.2.1", "住建局", "推进中", "2025-05-10", "--percent", "40")
    update(ws, "5.2.1", "住建局", "已完成", "2025-05-12")
    update(ws, "5.2.1", "发改局", "已完成", "2025-05-12")  # done without reporting a percent before
    units_before = _task(ws, "5.2.1", "2025-05-12")["units"]
    assert isinstance(units_before, dict)
    assert (units_before["zhujian"]["percent"], units_before["fagai"]["percent"]) == (100, 100)
    at(ws, "reject", "5.2.1", "--note", "佐证材料不全", "--date", "2025-05-20")
    units = _task(ws, "5.2.1", "2025-05-20")["units"]
    assert isinstance(units, dict)
    assert {u: (units[u]["status"], units[u]["percent"]) for u in ("zhujian", "fagai")} == {
        "zhujian": ("in_progress", 40),
        "fagai": ("in_progress", 0),
    }


def test_a_hand_written_status_that_contradicts_its_percent_is_skipped(ws: Path) -> None:
    with (ws / "progress" / "yingji.yaml").open("a", encoding="utf-8") as f:
        f.write("unit: yingji\nentries:\n")
        f.write("- " + _line("5.3.2", "yingji", "已完成", 50, "2025-05-10") + "\n")  # line 3
        f.write("- " + _line("5.3.2", "yingji", "推进中", 100, "2025-05-11") + "\n")  # line 4
        f.write("- " + _line("5.3.2", "yingji", "未启动", 30, "2025-05-12") + "\n")  # line 5
    run = anquan("--lang", "en", "--data", str(ws), "validate")
    assert run.code == 2
    assert [line.split(": ", 1)[1] for line in run.err.splitlines()[:3]] == [
        "status 已完成 with percent 50: a done task is 100%; skipped",
        "status 推进中 with percent 100: report 已完成 instead; skipped",
        "status 未启动 with percent 30: a task not started is 0%; skipped",
    ]
    assert [line.split(": ", 1)[0].rsplit(":", 2)[-2] for line in run.err.splitlines()[:3]] == ["3", "4", "5"]


def test_overdue_when_a_deadline_passed_and_not_done(ws: Path) -> None:
    update(ws, "5.3.2", "应急局", "推进中", "2025-06-01", "--percent", "40")
    due = js(ws, "due", "--overdue", "--as-of", "2025-07-10")
    assert isinstance(due, list)
    assert [(d["task"], d["due"], d["days_left"], d["status"]) for d in due] == [
        ("1.1.2", "2025-06-30", -10, "overdue"),
        ("5.3.2", "2025-06-30", -10, "overdue"),
    ]
    assert js(ws, "due", "--overdue", "--as-of", "2025-06-30") == []
    state = _task(ws, "5.3.2", "2025-07-10")
    assert (state["status"], state["overdue"]) == ("in_progress", True)
    assert "5.3.2 完成煤矿隐蔽致灾因素普查：时限“2025年6月底前”（2025年6月30日），已逾期10天；" in at(ws, "summary", "--as-of", "2025-07-10").out
    # done is not overdue, and neither is verified
    all_done(ws, "5.3.2", UNITS_5_3, "2025-07-05")
    due = js(ws, "due", "--overdue", "--as-of", "2025-07-10")
    assert isinstance(due, list)
    assert [d["task"] for d in due] == ["1.1.2"]
    assert _task(ws, "5.3.2", "2025-07-10")["overdue"] is False
    assert _task(ws, "5.3.2", "2025-07-04")["overdue"] is True
    at(ws, "verify", "5.3.2", "--date", "2025-07-06")
    state = _task(ws, "5.3.2", "2025-12-31")
    assert (state["status"], state["overdue"]) == ("verified", False)


def test_a_recurring_task_done_before_its_first_deadline_is_not_overdue_later(ws: Path) -> None:
    all_done(ws, "1.1.2", UNITS_1_1, "2025-06-20")
    assert _task(ws, "1.1.2", "2025-07-10")["overdue"] is False
    # 1.1.3 falls due at the end of the year only
    assert _task(ws, "1.1.3", "2025-12-31")["overdue"] is False
    assert _task(ws, "1.1.3", "2026-01-01")["overdue"] is True


# ── 红牌 / 黄牌 ──


def _cards(ws: Path, as_of: str) -> dict[str, tuple[str | None, list[str]]]:
    rows = js(ws, "progress", "--by", "dept", "--as-of", as_of)
    assert isinstance(rows, list)
    return {r["unit"]: (r["card"], r["reasons"]) for r in rows}


def _rules(ws: Path, *rules: dict[str, object]) -> None:
    """The workspace's supervision.yaml with these 预警 rules only."""
    path = ws / "supervision.yaml"
    settings = yaml.safe_load(path.read_text(encoding="utf-8"))
    settings["warnings"] = list(rules)
    path.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")


OVERDUE_RED = {"level": "red", "rule": "overdue", "days": 1}


def test_red_warning_for_overdue_tasks(ws: Path) -> None:
    with_example_plan(ws)
    _rules(ws, OVERDUE_RED)
    update(ws, "1.1.2", "住建局", "已完成", "2025-06-01")
    update(ws, "5.3.2", "住建局", "已完成", "2025-06-01")  # 住建局 only assists (配合) on 5.3.2
    cards = _cards(ws, "2025-07-01")
    rule = "（规则：超过时限1天及以上未完成为红色预警）"
    assert cards["yingji"] == ("red", ["1.1.2（2025H1）已逾期1天、5.3.2已逾期1天" + rule])
    assert cards["jiaotong"] == ("red", ["1.1.2（2025H1）已逾期1天" + rule])  # assists on 5.3.2: it does not count
    assert cards["chongwen"] == ("red", ["1.1.2（2025H1）已逾期1天、5.3.2已逾期1天" + rule])
    assert cards["zhujian"] == (None, [])  # the overdue tasks are late, but not because of 住建局
    assert cards["xiaofang"] == (None, [])  # 配合 on 5.3.2 and no other unit's lateness
    assert len(cards) == 22
    assert {c for c, _ in cards.values()} == {"red", None}
    assert _cards(ws, "2025-06-30")["yingji"] == (None, [])  # the day of the limit: not overdue yet


def test_yellow_warning_days_come_from_the_workspace_rules(ws: Path) -> None:
    with_example_plan(ws)
    update(ws, "1.1.2", "住建局", "已完成", "2025-06-01")
    update(ws, "5.3.2", "发改局", "已完成", "2025-06-01")
    _rules(ws, {"level": "yellow", "rule": "near_due", "days": 15, "below": 100})
    # on 6-10 the 6-30 deadlines are 20 days away: beyond 15 days, no warning for anyone
    cards = _cards(ws, "2025-06-10")
    assert len(cards) == 22
    assert set(map(repr, cards.values())) == {"(None, [])"}
    assert _cards(ws, "2025-06-15")["yingji"] == (
        "yellow",
        ["1.1.2（2025H1）距时限15天，进度0%；5.3.2距时限15天，进度0%（规则：时限前15天内进度低于100%为黄色预警）"],
    )
    assert _cards(ws, "2025-06-14")["yingji"] == (None, [])
    _rules(ws, {"level": "yellow", "rule": "near_due", "days": 30, "below": 100}, OVERDUE_RED)
    cards = _cards(ws, "2025-06-10")
    assert cards["yingji"][0] == "yellow"
    assert cards["jiaotong"] == ("yellow", ["1.1.2（2025H1）距时限20天，进度0%（规则：时限前30天内进度低于100%为黄色预警）"])  # assists on 5.3.2
    assert cards["zhujian"] == (None, [])  # done with 1.1.2, assists on 5.3.2
    assert _cards(ws, "2025-05-31")["yingji"][0] == "yellow"  # 30 days left
    assert _cards(ws, "2025-05-30")["yingji"] == (None, [])  # 31 days left
    # red, and the yellow reasons that also apply are kept: 1.1.2's second half, 1.1.3 and 4.5.2 fall due 12-31
    cards = _cards(ws, "2025-12-05")
    assert cards["yingji"] == (
        "red",
        [
            "1.1.2（2025H1）已逾期158天、5.3.2已逾期158天（规则：超过时限1天及以上未完成为红色预警）",
            "1.1.2（2025H2）距时限26天，进度0%；1.1.3距时限26天，进度0%；4.5.2距时限26天，进度0%（规则：时限前30天内进度低于100%为黄色预警）",
        ],
    )


def test_yellow_warning_for_lagging_behind_the_schedule(ws: Path) -> None:
    """序时进度 is per dated occurrence, from the notice date (or its period's start) to its
    own time limit; undated, standing and contingent duties and 力争 goals have none."""
    with_example_plan(ws)
    _rules(ws, {"level": "yellow", "rule": "lag", "points": 20})
    assert _cards(ws, "2025-04-07") == {u: (None, []) for u in _cards(ws, "2025-04-07")}  # nothing on the issue day
    # As of 06-10, 64 days after the notice (04-07), 应急局's dated occurrences are 1.1.2's first
    # half and 5.3.2 (due 06-30: 64 of 84 days, 76%), 1.1.3 and 4.5.2 (due 12-31: 64 of 268, 24%).
    assert (round(100 * 64 / 84, 1), round(100 * 64 / 268, 1)) == (76.2, 23.9)
    rule = "（规则：进度落后序时进度超过20个百分点为黄色预警）"
    cards = _cards(ws, "2025-06-10")
    assert cards["yingji"] == (
        "yellow",
        [
            "1.1.2（2025H1）进度0%，序时进度76.2%，落后76.2个百分点；1.1.3进度0%，序时进度23.9%，落后23.9个百分点；"
            "4.5.2进度0%，序时进度23.9%，落后23.9个百分点等4个事项" + rule
        ],
    )
    update(ws, "1.1.2", "应急局", "已完成", "2025-06-01")
    update(ws, "5.3.2", "应急局", "推进中", "2025-06-01", "--percent", "57")  # 76.2 − 57 = 19.2
    update(ws, "1.1.3", "应急局", "推进中", "2025-06-01", "--percent", "4")  # 23.9 − 4 = 19.9
    update(ws, "4.5.2", "应急局", "推进中", "2025-06-01", "--percent", "3")  # 23.9 − 3 = 20.9: more than 20
    assert _cards(ws, "2025-06-10")["yingji"] == ("yellow", ["4.5.2进度3%，序时进度23.9%，落后20.9个百分点" + rule])
    _rules(ws, {"level": "yellow", "rule": "lag", "points": 21})
    assert _cards(ws, "2025-06-10")["yingji"] == (None, [])


# ── progress tables ──


@pytest.fixture
def county(ws: Path) -> Path:
    """A few tasks in every state, as of 2025-07-10, under the example 分工方案."""
    with_example_plan(ws)
    all_done(ws, "5.2.1", UNITS_5_2, "2025-05-15")
    at(ws, "verify", "5.2.1", "--date", "2025-05-20")
    all_done(ws, "4.2.1", UNITS_4_2, "2025-06-10")
    update(ws, "5.3.2", "应急局", "推进中", "2025-06-01", "--percent", "40")
    update(ws, "1.1.2", "交通局", "推进中", "2025-06-15", "--percent", "50")
    return ws


REPORTERS_5_3_2 = ["yingji", "fagai", *TOWNSHIPS]  # the example plan makes the other named units 配合


def test_progress_by_section(county: Path) -> None:
    rows = js(county, "progress", "--as-of", "2025-07-10")
    assert isinstance(rows, list)
    table = {r["section"]: (r["tasks"], r["not_started"], r["in_progress"], r["done"], r["verified"], r["overdue"]) for r in rows}
    n = {s: tracked("2025-07-10", s) for s in "123456"}
    assert table == {
        "1": (n["1"], n["1"] - 1, 1, 0, 0, 1),  # 1.1.2's first half: 县交通局 推进中, past 6-30; its second half not started
        "2": (n["2"], n["2"], 0, 0, 0, 0),
        "3": (n["3"], n["3"], 0, 0, 0, 0),
        "4": (n["4"], n["4"] - 1, 0, 1, 0, 0),  # 4.2.1 done
        "5": (n["5"], n["5"] - 2, 1, 0, 1, 1),  # 5.2.1 verified, 5.3.2 推进中 and overdue
        "6": (n["6"], n["6"], 0, 0, 0, 0),
        None: (tracked("2025-07-10"), tracked("2025-07-10") - 4, 2, 1, 1, 2),
    }
    shares = {r["section"]: (r["closed_share"], r["percent"]) for r in rows}
    assert shares["1"] == (0.0, round(50 / len(UNITS_1_1_PLANNED) / n["1"], 1))
    assert shares["4"] == (round(100 / n["4"], 1), round(100 / n["4"], 1))
    assert shares["5"] == (round(100 / n["5"], 1), round((100 + 40 / len(REPORTERS_5_3_2)) / n["5"], 1))
    total = tracked("2025-07-10")
    assert shares[None] == (round(200 / total, 1), round((50 / len(UNITS_1_1_PLANNED) + 100 + 100 + 40 / len(REPORTERS_5_3_2)) / total, 1))
    assert rows[0]["heading"] == "提高政治站位，扣紧压实安全责任链条"

    plain = at(county, "progress", "--as-of", "2025-07-10").out.splitlines()
    assert len(plain) == 1 + 6 + 1 + 1  # the header, the sections, the total, the note on the 分工方案
    assert [c.strip() for c in plain[0].split("\t")] == ["部分", "事项数", "未启动", "推进中", "已完成", "已销号", "逾期", "完成率", "平均进度%"]
    assert [c.strip() for c in plain[-2].split("\t")][:7] == ["合计", str(total), str(total - 4), "2", "1", "1", "2"]
    assert plain[-1].startswith("◇ ")
    assert "本地配置" in plain[-1]


def own_items(unit: str, as_of: str) -> int:
    """The occurrences `unit` must report on under the example plan, read from tasks.yaml and the
    plan on their own: clauses that name it (unless the plan makes it 配合), and the plan's
    lead and responsible units; standing and contingent duties left out."""
    plan = yaml.safe_load(EXAMPLE_PLAN.read_text(encoding="utf-8"))["tasks"]
    day = dt.date.fromisoformat(as_of)
    count = 0
    for clause in tasks_yaml()["clauses"]:
        for task in clause["tasks"]:
            entry = next((e for e in plan if e.get("task") == task["id"]), None) or next((e for e in plan if e.get("clause") == clause["id"]), None)
            named = unit in clause["responsibility"]["units"] or unit in TOWNSHIPS  # 1.1 names 各乡镇人民政府, later clauses by its rule
            if entry is not None and unit in entry.get("assisting", []):
                continue
            if not named and not (entry is not None and unit in entry.get("lead", []) + entry.get("responsible", [])):
                continue
            kind = task["duty"]["kind"]
            if kind in ("once", "dated"):
                count += 1
            elif kind == "recurring":
                count += 1 + (task["recurrence"]["every"] == "half_year" and day >= dt.date(2025, 7, 1))
    return count


def test_progress_by_dept(county: Path) -> None:
    rows = js(county, "progress", "--by", "dept", "--as-of", "2025-07-10")
    assert isinstance(rows, list)
    by_unit = {r["unit"]: r for r in rows}
    assert set(by_unit) == set(DEPARTMENTS) | set(TOWNSHIPS)
    for unit, r in by_unit.items():
        assert r["tasks"] == own_items(unit, "2025-07-10"), unit
    # 县气象局 reports only where the notice names it (2 tasks), not on every 县安委会成员单位 task
    assert by_unit["qixiang"]["tasks"] == 2
    yingji = by_unit["yingji"]
    assert (yingji["done"], yingji["in_progress"], yingji["overdue"]) == (2, 1, 2)  # 5.2.1, 4.2.1; 5.3.2; 5.3.2 and 1.1.2's first half
    assert yingji["reasons"][0] == "1.1.2（2025H1）已逾期10天、5.3.2已逾期10天（规则：超过时限1天及以上未完成为红色预警）"
    assert yingji["percent"] == round((100 + 100 + 40) / yingji["tasks"], 1)
    jiaotong = by_unit["jiaotong"]
    assert (jiaotong["in_progress"], jiaotong["overdue"], jiaotong["percent"]) == (1, 1, round(50 / jiaotong["tasks"], 1))
    assert by_unit["xiaofang"]["overdue"] == 0  # it only assists (配合) on 5.3.2
    # ranked by share done, then mean percent, then the order of departments.yaml
    keys = [(-r["done_share"], -r["percent"]) for r in rows]
    assert keys == sorted(keys)
    assert [r["rank"] for r in rows] == list(range(1, 23))


def test_progress_section_matrix(county: Path) -> None:
    rows = js(county, "progress", "--section", "5", "--as-of", "2025-07-10")
    assert isinstance(rows, list)
    assert len(rows) == 22
    assert [r["task"] for r in rows][:3] == ["5.1.1", "5.1.2", "5.1.3"]
    assert {r["status"] for r in rows} == {"not_started", "in_progress", "verified", "standing"}
    verified = record(rows, "task", "5.2.1")
    assert (verified["status"], verified["overdue"], verified["percent"]) == ("verified", False, 100.0)
    assert verified["units"] == {u: {"status": "done", "percent": 100, "date": "2025-05-15"} for u in UNITS_5_2}
    late = record(rows, "task", "5.3.2")
    assert (late["status"], late["overdue"], late["percent"]) == ("in_progress", True, round(40 / len(REPORTERS_5_3_2), 1))
    assert late["units"]["yingji"] == {"status": "in_progress", "percent": 40, "date": "2025-06-01"}
    assert list(late["units"]) == REPORTERS_5_3_2  # 配合 units are no column of completion
    refused("--data", str(county), "progress", "--section", "9")


def test_progress_of_one_unit(county: Path) -> None:
    rows = js(county, "progress", "--dept", "应急局", "--as-of", "2025-07-10")
    assert isinstance(rows, list)
    assert {r["unit"] for r in rows} == {"yingji"}
    mine = record(rows, "task", "5.3.2")
    assert (mine["unit_status"], mine["percent"], mine["date"], mine["status"], mine["overdue"]) == ("in_progress", 40, "2025-06-01", "in_progress", True)
    assert record(rows, "task", "1.1.2")["next_due"] == "2025-12-31"
    assert record(rows, "task", "5.2.1")["status"] == "verified"
    township = js(county, "progress", "--dept", "崇文镇", "--section", "5", "--as-of", "2025-07-10")
    assert isinstance(township, list)
    assert len(township) == 22
    assert [r["unit_status"] for r in township].count("done") == 1
    run = refused("--data", str(county), "progress", "--dept", "各乡镇")
    assert run.err == "anquan: error: 各乡镇人民政府 does not report itself: name one of its members, e.g. 崇文镇、礼义镇、附城镇、西河底镇 … (11 in all)\n"


# ── the 调度通报 ──


def build_summary_workspace(path: Path) -> Path:
    """The fixed, scripted workspace behind tests/golden/summary-*."""
    ok("init", str(path))
    with_example_plan(path)
    all_done(path, "5.2.1", UNITS_5_2, "2025-05-15")
    at(path, "verify", "5.2.1", "--note", "核验通过", "--date", "2025-05-20")
    all_done(path, "4.2.1", UNITS_4_2, "2025-06-10")
    update(path, "5.2.2", "应急局", "已完成", "2025-06-01")
    update(path, "5.2.2", "住建局", "推进中", "2025-06-01", "--percent", "60")
    update(path, "5.3.2", "礼义镇", "未启动", "2025-05-01")
    update(path, "5.3.2", "应急局", "推进中", "2025-05-10", "--percent", "40")
    update(path, "5.3.2", "应急局", "推进中", "2025-06-20", "--percent", "60", "--note", "已完成主要矿区")
    update(path, "5.3.2", "住建局", "已完成", "2025-06-25")
    update(path, "5.3.2", "崇文镇", "推进中", "2025-06-28", "--percent", "30")
    update(path, "1.1.2", "交通局", "推进中", "2025-06-15", "--percent", "50")
    # after 2025-07-10: 1.1.2's first-half meetings reported late, then its second half started
    update(path, "4.1.4", "应急局", "推进中", "2025-07-20", "--percent", "20")
    all_done(path, "1.1.2", UNITS_1_1_PLANNED, "2025-07-25", "--period", "2025H1")
    update(path, "1.1.2", "应急局", "推进中", "2025-09-01", "--percent", "50", "--note", "下半年专题会议已筹备")
    all_done(path, "5.3.2", REPORTERS_5_3_2, "2025-08-15")
    at(path, "verify", "5.3.2", "--date", "2025-08-20")
    return path


SUMMARIES = {
    "summary-2025-07-10.txt": ["summary", "--as-of", "2025-07-10"],
    "summary-2025-10-20.txt": ["summary", "--as-of", "2025-10-20"],
    "summary-yingji-2025-07-10.txt": ["summary", "--dept", "应急局", "--as-of", "2025-07-10"],
    "summary-2025-07-10.md": ["summary", "--format", "markdown", "--as-of", "2025-07-10"],
}


@pytest.fixture(scope="module")
def summary_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_summary_workspace(tmp_path_factory.mktemp("summary") / "ws")


@pytest.mark.parametrize("name", sorted(SUMMARIES))
def test_summary_matches_golden_file(summary_ws: Path, name: str) -> None:
    text = at(summary_ws, *SUMMARIES[name]).out
    if os.environ.get("ANQUAN_UPDATE_GOLDEN") == "1":  # see tests/test_bulletin.py
        (GOLDEN / name).write_text(text, encoding="utf-8")
    assert text == (GOLDEN / name).read_text(encoding="utf-8")
    assert not ANSI.search(text)
    assert at(summary_ws, *SUMMARIES[name]).out == text


def test_summary_is_the_same_for_a_workspace_rebuilt_at_another_time(summary_ws: Path, tmp_path: Path) -> None:
    time.sleep(1.1)  # recorded_at has whole seconds: make sure the clock has moved on
    again = build_summary_workspace(tmp_path / "again")
    assert snapshot(again) != snapshot(summary_ws)  # other recorded_at times
    for args in SUMMARIES.values():
        assert at(again, *args).out == at(summary_ws, *args).out


def _headline(text: str) -> str:
    lines = text.splitlines()
    return lines[lines.index("一、总体情况") + 1].removeprefix("\u3000\u3000")


def test_summary_headline_figures_worked_by_hand(summary_ws: Path) -> None:
    # 2025-07-10, under the example plan. Counted: one item per dated task and undated one-off,
    # 1.1.2's two halves (the second opened 07-01), 3.1.1's year; not the 21 standing duties nor
    # the 9 contingent ones. 5.2.1 verified; 4.2.1 done; 推进中: 1.1.2's first half (交通局 50% of
    # 14 reporters), 5.2.2 (应急局 done, 住建局 60%, of 15), 5.3.2 (应急局 60%, 崇文镇 30%, of 13:
    # 住建局's 已完成 does not count, it assists); overdue: 1.1.2's first half and 5.3.2 (10 days).
    n = tracked("2025-07-10")
    standing = sum(1 for c in tasks_yaml()["clauses"] for t in c["tasks"] if t["duty"]["kind"] == "standing")
    contingent = sum(1 for c in tasks_yaml()["clauses"] for t in c["tasks"] if t["duty"]["kind"] == "contingent")
    mean = (100 + 100 + 50 / 14 + (100 + 60) / 15 + (60 + 30) / 13) / n
    # 序时进度 of the dated occurrences with a firm limit (4.4.5's 力争 goal has none): 1.1.2's
    # first half and 5.3.2 are past their limit (100%); 1.1.2's second half has run 9 of its 183
    # days; 1.1.3, 3.1.1 and 4.5.2 94 of the 268 days from the notice to 12-31; 4.1.4 94 of 207.
    expected = (100 + 100 + 100 * 9 / 183 + 3 * 100 * 94 / 268 + 100 * 94 / 207) / 7
    actual = (50 / 14 + 90 / 13) / 7
    # 待分工: tasks of clauses that name a group, less those the example plan divides (1.1, 1.2.1, 1.4)
    group_clauses = [c for c in tasks_yaml()["clauses"] if {"anweihui_members", "jianguan_bumen"} & set(c["responsibility"]["units"])]
    pending = sum(len(c["tasks"]) for c in group_clauses if c["id"] not in ("1.1", "1.4")) - 1
    text = at(summary_ws, "summary", "--as-of", "2025-07-10").out
    assert _headline(text) == (
        "通知共6个部分、21个条款、109项任务。"
        f"纳入进度统计的事项{n}个（各周期分别计），已完成2个（{100 * 2 / n:.1f}%，其中已销号1个），"
        f"推进中3个（{100 * 3 / n:.1f}%），未启动{n - 5}个（{100 * (n - 5) / n:.1f}%），逾期2个（{100 * 2 / n:.1f}%）；事项平均进度{mean:.1f}%。"
        f"有时限事项7个，达到序时进度0个（0.0%），未达到7个（100.0%）；序时进度平均{expected:.1f}%，实际平均进度{actual:.1f}%。"
        f"另有常态化工作{standing}项，按报送情况评价，不计完成率。待触发事项{contingent}项（发生相应情形后启动），已触发0次。"
        f"尚有{pending}项任务涉及的群组单位待分工，暂不计入各单位。"
    )
    assert "说明：本通报采用的分工方案《陵川县2025年安全生产工作任务分解表（示例）》" in text
    overdue = [line.removeprefix("\u3000\u3000") for line in text.splitlines() if "已逾期10天；" in line]
    assert overdue[0].startswith("1. 1.1.2（2025H1）落实党政领导干部安全生产责任制：时限“每半年”（2025年6月30日），已逾期10天；未启动的有县应急局")
    assert overdue[0].endswith("；推进中的有县交通局（50%）。")
    assert overdue[1].startswith("2. 5.3.2 完成煤矿隐蔽致灾因素普查：时限“2025年6月底前”（2025年6月30日），已逾期10天；未启动的有")
    assert overdue[1].endswith("；推进中的有县应急局（60%）、崇文镇（30%）。")
    assert "县住建局" not in overdue[1]  # done, and only assisting
    ranking = text.split("附件1\n", 1)[1].split("附件2\n", 1)[0]
    rows = [line.split("\t") for line in ranking.splitlines() if "\t" in line]
    assert rows[0] == ["排名", "单位", "事项数", "已完成", "推进中", "未启动", "逾期", "完成率", "平均进度", "未报送（期）", "预警"]
    yingji = next(r for r in rows if r[1] == "县应急局")
    items = own_items("yingji", "2025-07-10")
    # 5.2.1, 4.2.1, 5.2.2 done; 5.3.2 at 60%; overdue 1.1.2's first half and 5.3.2; nothing in the
    # first reporting cycle (04-07 to 04-25): one cycle unreported
    assert yingji[2:] == [str(items), "3", "1", str(items - 4), "2", f"{300 / items:.1f}%", f"{360 / items:.1f}%", "1", "红色预警"]
    assert len(rows) == 2 + 22  # a header for each list: 县直部门, 乡镇

    later = at(summary_ws, "summary", "--as-of", "2025-10-20").out
    # 2025-10-20: 1.1.2's first half done late by all 14 (07-25), 5.3.2 verified (08-20); 5.2.2 and
    # 1.1.2's second half (应急局 50%) in progress; 4.1.4 still 待分工 for 应急局, whose report
    # therefore counts nowhere.
    assert "逾期未完成" not in later
    assert "已完成4个（" in _headline(later)
    assert "其中已销号2个" in _headline(later)
    assert "近30天到期事项1个：4.1.4时限“2025年10月底前”（2025年10月31日），请相关单位确保按期完成。" in later
    assert "已完成待销号的2个事项，请县安委办组织核验销号。" in later


def test_summary_markdown_has_headings_and_a_table(summary_ws: Path) -> None:
    text = at(summary_ws, "summary", "--format", "markdown", "--as-of", "2025-07-10").out
    plain = at(summary_ws, "summary", "--as-of", "2025-07-10").out
    assert text.startswith("# 关于陵政发〔2025〕1号落实情况的调度通报\n**（第1期）**\n")
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## 一、总体情况",
        "## 二、进展较好",
        "## 三、存在问题",
        "## 四、下步工作要求",
        "## 附件1",
        "## 附件2",
    ]
    items = own_items("yingji", "2025-07-10")
    assert f"| 县应急局 | {items} | 3 | 1 | {items - 4} | 2 | {300 / items:.1f}% | {360 / items:.1f}% | 1 | 红色预警 |" in text
    assert _headline(text.replace("## ", "")) == _headline(plain)


# ── damaged progress files ──


def _line(task: str, unit: str, status: str, percent: int, date: str, recorded_at: str = "2025-06-01T09:00:00+08:00") -> str:
    return json.dumps(
        {"task": task, "unit": unit, "kind": "update", "status": status, "percent": percent, "date": date, "recorded_at": recorded_at},
        ensure_ascii=False,
    )


def test_bad_lines_are_skipped_with_a_located_warning(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ws)
    update(ws, "5.3.2", "应急局", "推进中", "2025-05-10", "--percent", "40")
    update(ws, "5.3.3", "应急局", "推进中", "2025-05-11", "--percent", "20")
    update(ws, "1.3.2", "财政局", "推进中", "2025-05-12", "--percent", "50")  # clause 1.3 names 县财政局
    path = ws / "progress" / "yingji.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) == 5
    lines[4:4] = [
        "this line is garbage: [\n",  # line 5
        "- " + _line("5.3.2", "yingji", "推进中", 45, "2025-05-15")[:-9] + "\n",  # 6: cut short
        "- " + _line("9.9.9", "yingji", "推进中", 10, "2025-05-16") + "\n",  # 7: no such task
        # 8: a hand-written time without a zone is read as local time, not a crash
        "- " + _line("5.3.2", "yingji", "推进中", 50, "2025-05-20", "2025-05-20T09:00:00") + "\n",
    ]
    path.write_text("".join(lines), encoding="utf-8")
    with (ws / "progress" / "caizheng.yaml").open("a", encoding="utf-8") as f:
        f.write("- " + _line("5.3.2", "caizheng", "推进中", 10, "2025-05-17") + "\n")  # line 5: not its task
    # appended after the bad lines (line 10); update reads the log too, and says what it skipped
    written = anquan("--data", str(ws), "update", "5.3.2", "--dept", "应急局", "--status", "推进中", "--date", "2025-06-01", "--percent", "60")
    assert written.code == 0
    assert "yingji.yaml:5:1" in written.err

    expected = [
        "警告：progress/caizheng.yaml:5:1: 县财政局不承担任务 5.3.2；已跳过",
        "警告：progress/yingji.yaml:5:1: 不是记录行（记录行以“- {…}”开头）；已跳过",
        "警告：progress/yingji.yaml:6:",
        "警告：progress/yingji.yaml:7:1: 未知任务 '9.9.9'；已跳过",
    ]
    for args in (
        ["history", "5.3.2", "--format", "json"],
        ["progress", "--dept", "应急局", "--as-of", "2025-06-30", "--format", "json"],
        ["summary", "--as-of", "2025-06-30"],
    ):
        run = anquan(*args)
        assert run.code == 0, run.err
        warnings = run.err.splitlines()
        assert len(warnings) == 4
        assert warnings[0] == expected[0]
        assert warnings[1] == expected[1]
        assert warnings[2].startswith(expected[2])
        assert "YAML 语法错误" in warnings[2]
        assert warnings[2].endswith("；该条已跳过")
        assert warnings[3] == expected[3]
        if args[0] == "history":
            history = json.loads(run.out)
            assert [(h["date"], h["unit"], h["percent"]) for h in history] == [
                ("2025-05-10", "yingji", 40),
                ("2025-05-20", "yingji", 50),
                ("2025-06-01", "yingji", 60),
            ]
            assert dt.datetime.fromisoformat(history[1]["recorded_at"]).tzinfo is not None
        elif args[0] == "progress":
            mine = json.loads(run.out)
            assert record(mine, "task", "5.3.2")["percent"] == 60
            assert record(mine, "task", "5.3.3")["percent"] == 20
        else:
            assert "县应急局（推进中，60%）" not in run.out  # 5.3.2 is not overdue on 6-30
            assert "推进中2个" in run.out  # 5.3.2 and 1.3.2 (县财政局's good line); 5.3.3 is standing: not counted
    # a write is not blocked by the bad lines either, and leaves them alone
    assert path.read_text(encoding="utf-8").count("this line is garbage") == 1


def test_an_interrupted_write_does_not_swallow_the_next_entry(ws: Path) -> None:
    update(ws, "5.3.2", "应急局", "推进中", "2025-05-10", "--percent", "40")
    path = ws / "progress" / "yingji.yaml"
    with path.open("a", encoding="utf-8") as f:
        f.write('- {"task": "5.3.2", "unit": "yingji", "kind": "upd')  # no newline: the write was cut
    written = anquan("--data", str(ws), "update", "5.3.2", "--dept", "应急局", "--status", "推进中", "--date", "2025-05-20", "--percent", "50")
    assert (written.code, len(written.err.splitlines())) == (0, 1)  # the torn line, skipped with a warning
    cut, last = path.read_text(encoding="utf-8").splitlines()[-2:]
    assert cut == '- {"task": "5.3.2", "unit": "yingji", "kind": "upd'
    assert last.startswith('- {"task": "5.3.2", "unit": "yingji", "kind": "update", "status": "推进中", "percent": 50, "date": "2025-05-20", ')
    run = anquan("--data", str(ws), "history", "5.3.2", "--format", "json")
    assert run.code == 0
    assert [h["percent"] for h in json.loads(run.out)] == [40, 50]
    assert len(run.err.splitlines()) == 1
    assert "yingji.yaml:5:" in run.err


def test_a_file_not_named_after_a_unit_is_skipped(ws: Path) -> None:
    update(ws, "5.3.2", "应急局", "推进中", "2025-05-10", "--percent", "40")
    (ws / "progress" / "yingji-copy.yaml").write_text("- " + _line("5.3.2", "yingji", "已完成", 100, "2025-05-11") + "\n", encoding="utf-8")
    run = anquan("--data", str(ws), "history", "5.3.2", "--format", "json")
    assert run.code == 0
    assert [h["percent"] for h in json.loads(run.out)] == [40]
    assert run.err == f"警告：{ws / 'progress' / 'yingji-copy.yaml'}:1:1: 文件名 'yingji-copy' 不是单位标识；该文件已跳过\n"
