"""The supervision model (issue 11) through the CLI on real workspaces: the 分工方案, the kinds
of duty, one status per occurrence and per unit, and corrections that lose nothing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import openpyxl
import pytest
from icalendar import Calendar

from helpers_cli import REPO, run

EXAMPLE_PLAN = REPO / "data" / "examples" / "assignments.yaml"
TOWNSHIPS = ["chongwen", "liyi", "fucheng", "xihedi", "pingcheng", "yangcun", "lucheng", "duohuo", "magedang", "gujiao", "liuquan"]


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    path = tmp_path / "ws"
    assert run("init", str(path)).exit_code == 0
    return path


@pytest.fixture
def planned(ws: Path) -> Path:
    (ws / "assignments.yaml").write_bytes(EXAMPLE_PLAN.read_bytes())
    return ws


def at(ws: Path, *args: str, lang: str = "zh") -> str:
    result = run("--lang", lang, "--data", str(ws), *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def refused(ws: Path, *args: str) -> str:
    """A refused command in English: exit 2, one line, nothing written."""
    before = {p: p.read_bytes() for p in ws.rglob("*") if p.is_file()}
    result = run("--lang", "en", "--data", str(ws), *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert {p: p.read_bytes() for p in ws.rglob("*") if p.is_file()} == before
    return result.stderr.removeprefix("anquan: error: ").rstrip("\n")


def js(ws: Path, *args: str) -> object:
    return json.loads(at(ws, *args, "--format", "json"))


def task_row(ws: Path, task: str, as_of: str, *more: str) -> dict[str, object]:
    rows = js(ws, "progress", "--section", task.split(".")[0], "--as-of", as_of, *more)
    assert isinstance(rows, list)
    return next(r for r in rows if r["task"] == task)


def own(ws: Path, unit: str, task: str, as_of: str) -> dict[str, object]:
    rows = js(ws, "progress", "--dept", unit, "--as-of", as_of)
    assert isinstance(rows, list)
    return next(r for r in rows if r["task"] == task)


# ── the sequences quoted in the issue ──


def test_a_recurring_duty_has_one_status_per_half(planned: Path) -> None:
    at(planned, "update", "1.1.2", "--dept", "应急局", "--status", "已完成", "--date", "2025-06-20")
    # the second half counts as its own occurrence: not held because the first one was
    due = js(planned, "due", "--dept", "应急局", "--as-of", "2026-01-05")
    assert isinstance(due, list)
    halves = {r["period"]: r for r in due if r["task"] == "1.1.2"}
    assert (halves["H1"]["status"], halves["H1"]["late_days"]) == ("done", 0)
    assert (halves["H2"]["status"], halves["H2"]["late_days"]) == ("overdue", None)
    # a later report is about the half open at its date, and leaves the first half alone
    at(planned, "update", "1.1.2", "--dept", "应急局", "--status", "推进中", "--percent", "50", "--date", "2025-11-25")
    entries = [json.loads(line[2:]) for line in (planned / "progress" / "yingji.yaml").read_text(encoding="utf-8").splitlines() if line.startswith("- ")]
    assert [e["period"] for e in entries] == ["2025H1", "2025H2"]
    due = js(planned, "due", "--dept", "应急局", "--as-of", "2026-01-05", "--overdue")
    assert isinstance(due, list)
    assert [(r["task"], r["period"], r["days_left"]) for r in due if r["task"] == "1.1.2"] == [("1.1.2", "H2", -5)]
    text = at(planned, "summary", "--dept", "应急局", "--as-of", "2026-01-05")
    assert "1.1.2（2025H2）落实党政领导干部安全生产责任制：时限“每半年”（2025年12月31日），已逾期5天；推进中的有县应急局（50%）。" in text
    assert "1.1.2（2025H1）" not in text.split("附件1", 1)[0]  # done on time: only in the 台账
    assert "\t1.1.2（2025H1）\t落实党政领导干部安全生产责任制\t每半年\t" in text.split("附件2", 1)[1]
    plain = at(planned, "due", "--dept", "应急局", "--as-of", "2026-01-05", "--format", "csv")
    first_half = next(line for line in plain.splitlines() if line.startswith("2025-06-30,") and ",1.1.2," in line)
    assert first_half.split(",")[1] == "按期完成"


def test_verify_closes_one_half_only(planned: Path) -> None:
    for unit in ["yingji", "zhujian", "jiaotong", *TOWNSHIPS]:
        at(planned, "update", "1.1.2", "--dept", unit, "--status", "done", "--date", "2025-06-20")
    # on 07-01 two halves are open: the office says which, or the one that is done
    at(planned, "verify", "1.1.2", "--date", "2025-07-01")
    [entry] = [json.loads(line[2:]) for line in (planned / "progress" / "anweiban.yaml").read_text(encoding="utf-8").splitlines() if line.startswith("- ")]
    assert entry["period"] == "2025H1"
    occurrences = {o["period"]: o for o in js(planned, "due", "--as-of", "2025-12-01") if o["task"] == "1.1.2"}  # type: ignore[union-attr]
    assert occurrences["H1"]["status"] == "verified"
    assert occurrences["H2"]["status"] == "not_started"
    assert refused(planned, "verify", "1.1.2", "--period", "2025H2", "--date", "2025-07-02").startswith(
        "task 1.1.2（2025H2） cannot be verified: not every unit reports 已完成"
    )
    # a report on the verified half is refused until the office reopens it
    message = refused(planned, "update", "1.1.2", "--dept", "应急局", "--status", "推进中", "--period", "上半年", "--date", "2025-07-03")
    assert message.startswith("task 1.1.2（2025H1） was verified (已销号) on 2025-07-01")
    at(planned, "update", "1.1.2", "--dept", "应急局", "--status", "推进中", "--percent", "10", "--date", "2025-07-03")  # the second half


def test_groups_are_pending_until_the_plan_divides_them(ws: Path) -> None:
    # 县气象局 is a member of 县安委会有关成员单位 but the notice names it in two tasks only
    duties = js(ws, "dept", "县气象局")
    assert isinstance(duties, dict)
    assert len(duties["duties"]) == 2
    rows = js(ws, "progress", "--by", "dept", "--as-of", "2025-07-10")
    assert isinstance(rows, list)
    assert next(r for r in rows if r["unit"] == "qixiang")["tasks"] == 2
    # a member may still report on a task still 待分工; it counts in no member's figures
    at(ws, "update", "1.1.3", "--dept", "财政局", "--status", "推进中", "--percent", "30", "--date", "2025-05-10")
    assert own_units(ws, "1.1.3", "2025-05-11") == TOWNSHIPS
    assert "待分工" in at(ws, "list", "--clause", "1.1")
    checked = at(ws, "validate")
    assert "尚有" in checked
    assert "待分工" in checked
    listing = js(ws, "list", "--dept", "县安委会有关成员单位")
    assert isinstance(listing, list)
    assert all(any(u["id"] == "anweihui_members" and u["part"] == "pending" for u in t["units"]) for t in listing)


def own_units(ws: Path, task: str, as_of: str) -> list[str]:
    units = task_row(ws, task, as_of)["units"]
    assert isinstance(units, dict)
    return list(units)


def test_assisting_units_never_block_or_count(planned: Path) -> None:
    # the example plan: 5.3.2 led by 县应急局 with 县发改局; 住建局, 交通局, 水务局, 消防救援大队 assist
    reporters = ["yingji", "fagai", *TOWNSHIPS]
    assert own_units(planned, "5.3.2", "2025-07-10") == reporters
    for unit in reporters:
        at(planned, "update", "5.3.2", "--dept", unit, "--status", "done", "--date", "2025-06-28")
    at(planned, "update", "5.3.2", "--dept", "消防救援大队", "--status", "推进中", "--percent", "10", "--date", "2025-06-28")
    assert task_row(planned, "5.3.2", "2025-07-10")["status"] == "done"
    at(planned, "verify", "5.3.2", "--date", "2025-07-01")
    summary = at(planned, "summary", "--as-of", "2025-07-10")
    assert "5.3.2" not in summary.split("三、存在问题", 1)[1].split("四、", 1)[0]  # verified: neither overdue nor waiting on 配合 units
    text = at(planned, "show", "5.3.2", "--as-of", "2025-07-10")
    assert "县消防救援大队（xiaofang）　分工负责　配合（分工方案，本地配置）" in text
    assert "本任务：已销号（按期完成）" in text


def test_a_standing_duty_is_never_done_and_counts_in_no_rate(ws: Path) -> None:
    assert "常态化" in at(ws, "show", "5.3.3")
    assert refused(ws, "update", "5.3.3", "--dept", "应急局", "--status", "done", "--date", "2025-05-10") == (
        "task 5.3.3 is a standing duty and is never done: report 推进中 with this cycle's progress"
    )
    before = js(ws, "progress", "--as-of", "2025-05-10")
    at(ws, "update", "5.3.3", "--dept", "应急局", "--status", "推进中", "--percent", "30", "--date", "2025-05-10")
    assert js(ws, "progress", "--as-of", "2025-05-10") == before  # reported, and no completion figure moved
    assert task_row(ws, "5.3.3", "2025-05-10")["status"] == "standing"
    assert refused(ws, "verify", "5.3.3", "--date", "2025-05-11") == "task 5.3.3 is a standing duty: it is neither verified nor sent back"


def test_a_contingent_measure_starts_when_the_office_records_the_event(ws: Path) -> None:
    assert task_row(ws, "1.5.5", "2025-07-10")["status"] == "inactive"
    total = js(ws, "progress", "--as-of", "2025-07-10")
    assert refused(ws, "update", "1.5.5", "--dept", "崇文镇", "--status", "推进中", "--date", "2025-07-05").startswith(
        "task 1.5.5 applies only once the office records the event"
    )
    assert refused(ws, "trigger", "5.3.2", "--note", "x", "--date", "2025-07-04") == "task 5.3.2 is not triggered by an event (its kind: dated)"
    at(ws, "trigger", "1.5.5", "--note", "7月3日某企业发生一般生产安全事故", "--date", "2025-07-04")
    after = js(ws, "progress", "--as-of", "2025-07-10")
    assert isinstance(total, list)
    assert isinstance(after, list)
    assert after[-1]["tasks"] == total[-1]["tasks"] + 1  # the event's occurrence now counts
    at(ws, "update", "1.5.5", "--dept", "崇文镇", "--status", "推进中", "--percent", "20", "--date", "2025-07-05")
    units = task_row(ws, "1.5.5", "2025-07-10")["units"]
    assert isinstance(units, dict)
    assert units["chongwen"]["percent"] == 20
    assert js(ws, "history", "1.5.5")[0]["period"] == "E1"  # type: ignore[index]


# ── one unit's picture is its own ──


def test_a_units_overdue_list_leaves_out_what_it_finished_on_time(planned: Path) -> None:
    at(planned, "update", "5.3.2", "--dept", "应急局", "--status", "done", "--date", "2025-06-20")
    county = js(planned, "due", "--overdue", "--as-of", "2025-07-05")
    mine = js(planned, "due", "--overdue", "--dept", "应急局", "--as-of", "2025-07-05")
    assert isinstance(county, list)
    assert isinstance(mine, list)
    assert "5.3.2" in [r["task"] for r in county]  # the county still waits for the others
    assert "5.3.2" not in [r["task"] for r in mine]
    assert own(planned, "应急局", "5.3.2", "2025-07-05")["overdue"] is False


def test_the_calendar_says_nothing_overdue_of_a_half_not_due(planned: Path, tmp_path: Path) -> None:
    at(planned, "update", "1.1.2", "--dept", "应急局", "--status", "done", "--date", "2025-06-20")
    out = tmp_path / "d.ics"
    at(planned, "export", "--format", "ics", "--dept", "应急局", "--as-of", "2025-07-05", "-o", str(out))
    events = {str(e.get("summary")): str(e.get("description")) for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    second = next(d for s, d in events.items() if s.startswith("1.1.2") and "下半年" in s)
    first = next(d for s, d in events.items() if s.startswith("1.1.2") and "上半年" in s)
    assert "逾期" not in second
    assert "按期完成" in first


# ── corrections lose nothing ──


def test_an_update_without_a_percent_keeps_the_last_one(ws: Path) -> None:
    at(ws, "update", "5.3.2", "--dept", "应急局", "--status", "推进中", "--percent", "60", "--date", "2025-05-10")
    at(ws, "update", "5.3.2", "--dept", "应急局", "--status", "推进中", "--note", "继续推进", "--date", "2025-05-20")
    assert own(ws, "应急局", "5.3.2", "2025-05-21")["percent"] == 60


def test_in_progress_again_after_done_needs_its_percent(ws: Path) -> None:
    """A unit that reported 已完成 and finds more to do says how far it is: its last percent was
    100, which 推进中 cannot keep, and anquan never guesses one."""
    at(ws, "update", "5.3.2", "--dept", "应急局", "--status", "推进中", "--percent", "60", "--date", "2025-05-20")
    at(ws, "update", "5.3.2", "--dept", "应急局", "--status", "已完成", "--date", "2025-06-10")
    err = refused(ws, "update", "5.3.2", "--dept", "应急局", "--status", "推进中", "--date", "2025-06-15", "--note", "发现遗漏")
    assert err == "the unit last reported 5.3.2 done: to report it in progress again, give the percent now with --percent"
    at(ws, "update", "5.3.2", "--dept", "应急局", "--status", "推进中", "--percent", "80", "--date", "2025-06-15", "--note", "发现遗漏")
    assert own(ws, "应急局", "5.3.2", "2025-06-16")["percent"] == 80


def test_a_unit_corrects_and_withdraws_its_own_entry(ws: Path) -> None:
    at(ws, "update", "5.3.2", "--dept", "应急局", "--status", "已完成", "--date", "2025-05-10")
    at(ws, "correct", "5.3.2", "--dept", "应急局", "--status", "推进中", "--percent", "40", "--note", "更正：误报已完成", "--date", "2025-05-12")
    history = js(ws, "history", "5.3.2")
    assert isinstance(history, list)
    assert [(h["status"], h["percent"]) for h in history] == [("已完成", 100), ("推进中", 40)]
    assert history[1]["replaces"] == history[0]["recorded_at"]
    assert own(ws, "应急局", "5.3.2", "2025-05-11")["unit_status"] == "done"  # what a bulletin of 05-11 said stays said
    assert (own(ws, "应急局", "5.3.2", "2025-05-12")["unit_status"], own(ws, "应急局", "5.3.2", "2025-05-12")["percent"]) == ("in_progress", 40)
    at(ws, "withdraw", "5.3.2", "--dept", "应急局", "--note", "误报", "--date", "2025-05-13")
    assert own(ws, "应急局", "5.3.2", "2025-05-13")["unit_status"] == "not_started"
    assert len(js(ws, "history", "5.3.2")) == 3  # type: ignore[arg-type]
    assert "撤回" in at(ws, "history", "5.3.2")
    assert refused(ws, "withdraw", "5.3.2", "--dept", "住建局") == "县住建局 has no entry on task 5.3.2 to correct or withdraw"


def test_reject_sends_back_one_unit_with_its_reason(planned: Path, tmp_path: Path) -> None:
    at(planned, "update", "5.3.2", "--dept", "应急局", "--status", "done", "--date", "2025-06-01")
    at(planned, "update", "5.3.2", "--dept", "发改局", "--status", "done", "--date", "2025-06-01")
    at(planned, "reject", "5.3.2", "--dept", "应急局", "--note", "佐证材料不全", "--date", "2025-06-05")
    row = task_row(planned, "5.3.2", "2025-06-06")
    units = row["units"]
    assert isinstance(units, dict)
    assert (units["yingji"]["status"], units["fagai"]["status"]) == ("in_progress", "done")
    assert "退回：县应急局（2025-06-05）原因：佐证材料不全" in at(planned, "show", "5.3.2", "--as-of", "2025-06-06")
    assert "佐证材料不全" in at(planned, "dept", "应急局", "--as-of", "2025-06-06", "--format", "plain")
    assert "原因：佐证材料不全" in at(planned, "summary", "--as-of", "2025-06-06")
    sheet = tmp_path / "yingji.xlsx"
    at(planned, "export", "--format", "xlsx", "--dept", "应急局", "--as-of", "2025-06-06", "-o", str(sheet))
    cells = [str(c.value) for row in openpyxl.load_workbook(sheet).worksheets[0].iter_rows() for c in row if c.value]
    assert any("佐证材料不全" in c for c in cells)
    assert refused(planned, "reject", "5.3.2", "--dept", "崇文镇", "--note", "x", "--date", "2025-06-06").startswith("task 5.3.2: 崇文镇 reports no 已完成")


# ── the 分工方案 ──


def test_the_breakdown_goes_out_and_comes_back_as_an_xlsx(ws: Path, tmp_path: Path) -> None:
    book = tmp_path / "分解表.xlsx"
    at(ws, "export", "--format", "breakdown", "-o", str(book))
    wb = openpyxl.load_workbook(book)
    sheet = wb.worksheets[0]
    assert [c.value for c in sheet[3]] == ["序号", "任务编号", "任务", "原文", "牵头单位", "责任单位", "配合单位", "完成时限"]
    for row in sheet.iter_rows(min_row=4):
        if row[1].value == "1.1.2":
            assert "县安委会有关成员单位（待分工）" in str(row[5].value)
            row[4].value = "县应急局"
            row[5].value = "县住建局、" + str(row[5].value)
        if row[1].value == "5.3.2":
            row[4].value = "县应急局"
            row[5].value = "县发改局"
            row[6].value = "县住建局、县交通局、县水务局、县消防救援大队"
    wb.save(book)
    out = at(ws, "import", str(book))
    assert out.startswith(f"已写入分工方案（本地配置）：{ws / 'assignments.yaml'}，2项任务")
    assert own_units(ws, "1.1.2", "2025-05-01") == ["yingji", "zhujian", *TOWNSHIPS]
    assert own_units(ws, "5.3.2", "2025-05-01") == ["yingji", "fagai", *TOWNSHIPS]
    # and out again: the written plan is what the next breakdown shows
    again = tmp_path / "again.xlsx"
    at(ws, "export", "--format", "breakdown", "-o", str(again))
    rows = {r[1].value: r for r in openpyxl.load_workbook(again).worksheets[0].iter_rows(min_row=4)}
    assert (rows["5.3.2"][4].value, rows["5.3.2"][6].value) == ("县应急局", "县住建局、县交通局、县水务局、县消防救援大队")


def test_a_breakdown_naming_a_unit_the_notice_does_not_is_refused_and_nothing_written(ws: Path, tmp_path: Path) -> None:
    book = tmp_path / "分解表.xlsx"
    at(ws, "export", "--format", "breakdown", "-o", str(book))
    wb = openpyxl.load_workbook(book)
    sheet = wb.worksheets[0]
    row_number = next(r[0].row for r in sheet.iter_rows(min_row=4) if r[1].value == "5.3.2")
    sheet.cell(row_number, 5).value = "县气象局"
    wb.save(book)
    result = run("--lang", "en", "--data", str(ws), "import", str(book))
    assert result.exit_code == 2
    assert f"分解表.xlsx:任务分解表!R{row_number}C5: 县气象局 is neither named by the notice for task 5.3.2 nor a member of a group it names" in result.stderr
    assert not (ws / "assignments.yaml").exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ('  - {task: "9.9.9", lead: [yingji]}', "tasks[0].task: no task '9.9.9'"),
        ('  - {task: "5.3.2", lead: [qixiang]}', "tasks[0].lead[0]: 县气象局 is neither named by the notice for task 5.3.2 nor a member of a group it names"),
        ('  - {task: "5.3.2", assisting: [xiaofang]}', "tasks[0]: 5.3.2 is left with no lead or responsible unit"),
        ('  - {clause: "1.1", lead: [anweihui_members]}', "tasks[0].lead[0]: 县安委会有关成员单位 is a group or collective: name its members"),
        ('  - {task: "5.3.2", lead: [nobody]}', "tasks[0].lead[0]: unknown unit 'nobody' (not in departments.yaml)"),
    ],
)
def test_validate_checks_the_plan_with_located_errors(ws: Path, row: str, message: str) -> None:
    (ws / "assignments.yaml").write_text(f"title: 试\ntasks:\n{row}\n", encoding="utf-8")
    result = run("--lang", "en", "--data", str(ws), "validate")
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(("assignments.yaml:3:", f"{ws / 'assignments.yaml'}:3:")), first
    assert first.endswith(message)


def test_the_shipped_example_plan_says_it_is_an_example() -> None:
    text = EXAMPLE_PLAN.read_text(encoding="utf-8")
    assert "示例" in text.splitlines()[1]
    assert "example: true" in text


# ── old workspaces ──


def test_entries_without_an_occurrence_report_on_the_one_open_at_their_date(planned: Path) -> None:
    """A workspace made before occurrences were recorded: its lines name none."""
    line = {"task": "1.1.2", "unit": "yingji", "kind": "update", "status": "推进中", "percent": 50, "date": "2025-11-25"}
    line["recorded_at"] = "2025-11-25T09:00:00+08:00"
    (planned / "progress" / "yingji.yaml").write_text("unit: yingji\nentries:\n- " + json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    assert "均有效" in at(planned, "validate")
    halves = {r["period"]: r for r in js(planned, "due", "--dept", "应急局", "--as-of", "2025-12-01") if r["task"] == "1.1.2"}  # type: ignore[union-attr]
    assert halves["H2"]["status"] == "in_progress"
    assert halves["H1"]["status"] == "overdue"


def test_a_merge_of_two_clones_keeps_each_units_occurrences(planned: Path, tmp_path: Path) -> None:
    def git(cwd: Path, *args: str, who: str = "office") -> None:
        env = {
            "GIT_AUTHOR_NAME": who,
            "GIT_AUTHOR_EMAIL": f"{who}@example.cn",
            "GIT_COMMITTER_NAME": who,
            "GIT_COMMITTER_EMAIL": f"{who}@example.cn",
            "HOME": str(tmp_path),
            "PATH": "/usr/bin:/bin:/usr/local/bin",
        }
        subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)

    git(planned, "init", "-q", "-b", "main")
    git(planned, "add", ".")
    git(planned, "commit", "-qm", "init")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(planned), str(clone))
    at(clone, "update", "1.1.2", "--dept", "应急局", "--status", "done", "--period", "2025H1", "--date", "2025-06-20")
    git(clone, "add", ".")
    git(clone, "commit", "-qm", "应急局", who="yingji")
    at(planned, "update", "1.1.2", "--dept", "应急局", "--status", "推进中", "--percent", "20", "--period", "2025H2", "--date", "2025-07-20")
    git(planned, "add", ".")
    git(planned, "commit", "-qm", "应急局 H2", who="yingji2")
    git(planned, "pull", "-q", "--no-rebase", "--no-edit", str(clone), "main")
    halves = {r["period"]: r for r in js(planned, "due", "--dept", "应急局", "--as-of", "2025-08-01") if r["task"] == "1.1.2"}  # type: ignore[union-attr]
    assert (halves["H1"]["status"], halves["H2"]["status"]) == ("done", "in_progress")


def test_a_reject_in_the_same_second_as_the_done_report_is_never_lost(ws: Path) -> None:
    """Entries are ordered by date, then recorded_at, which every write keeps strictly after
    every entry already in the workspace: the wall clock's second decides nothing (issue 16)."""
    for trial in range(5):
        task = ["5.3.2", "5.2.1", "5.2.2", "4.5.2", "4.2.1"][trial]
        at(ws, "update", task, "--dept", "应急局", "--status", "done", "--date", "2025-06-01")
        at(ws, "reject", task, "--dept", "应急局", "--note", "佐证不全", "--date", "2025-06-01")
        units = task_row(ws, task, "2025-06-01")["units"]
        assert isinstance(units, dict)
        assert units["yingji"]["status"] == "in_progress", trial
    lines = [line for name in ("yingji", "anweiban") for line in (ws / "progress" / f"{name}.yaml").read_text(encoding="utf-8").splitlines()]
    moments = [json.loads(line[2:])["recorded_at"] for line in lines if line.startswith("- ")]
    assert len(set(moments)) == len(moments)  # no two entries share a moment
