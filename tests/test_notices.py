"""Several notices in one workspace (notices.yaml, notices.py, --notice, draft --into), and a
notice whose work runs over several years."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from helpers_cli import DATA, ok, ok_json, run

FLOOD = DATA / "examples" / "flood-notice.txt"
HOME_NUMBER = "陵政发〔2025〕1号"
FLOOD_NUMBER = "陵安办发〔2025〕3号"

# A three-year plan of our own (data/examples): each year's periods are owed, a time limit names its year.
PLAN = (DATA / "examples" / "three-year-plan.txt").read_text(encoding="utf-8")


def _workspace(tmp_path: Path, name: str = "ws") -> Path:
    ws = tmp_path / name
    ok("init", str(ws))
    return ws


@pytest.fixture
def two(tmp_path: Path) -> Path:
    """A workspace made by `anquan init`, with the flood notice drafted into it."""
    ws = _workspace(tmp_path)
    out = ok("--lang", "zh", "draft", str(FLOOD), "--into", str(ws), "--alias", "防汛", "--home-alias", "安全")
    assert "防汛" in out
    assert FLOOD_NUMBER in out
    return ws


def _ids(ws: Path, *args: str) -> list[str]:
    return [r["task"] for r in ok_json("--data", str(ws), "list", *args)]


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line[2:]) for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("- {")]


# ── the workspace and its listing ──


def test_draft_into_lists_both_notices_and_qualifies_every_id(two: Path) -> None:
    listed = yaml.safe_load((two / "notices.yaml").read_text(encoding="utf-8"))
    assert listed == {"notices": [{"alias": "安全", "dir": "."}, {"alias": "防汛", "dir": "notices/fangxun"}]}
    rows = ok_json("--data", str(two), "notices")
    assert [(r["alias"], r["number"], r["dir"]) for r in rows] == [("安全", HOME_NUMBER, "."), ("防汛", FLOOD_NUMBER, "notices/fangxun")]
    home = _ids(two, "--notice", "安全")
    flood = _ids(two, "--notice", "防汛")
    assert [r["tasks"] for r in rows] == [len(home), len(flood)]
    shipped = [r["task"] for r in ok_json("--data", str(DATA), "list")]
    assert home == [f"安全:{t}" for t in shipped]  # the home notice's tasks, each qualified
    assert flood
    assert all(t.startswith("防汛:") for t in flood)
    assert _ids(two) == home + flood  # every command works across both by default


def test_validate_checks_both_notices_and_names_their_files(two: Path) -> None:
    out = ok("--data", str(two), "--lang", "en", "validate")
    shipped = len(ok_json("--data", str(DATA), "list"))
    flood = len(_ids(two, "--notice", "防汛"))
    assert f"{shipped + flood} tasks" in out
    assert f"  安全 ({HOME_NUMBER}): {shipped} tasks, 21 clauses" in out.splitlines()
    assert f"  防汛 ({FLOOD_NUMBER}): {flood} tasks, 4 clauses" in out.splitlines()
    assert "notices/fangxun/tasks.yaml:" in out  # the draft's review marks, in the file they are in


def test_units_both_notices_name_keep_one_id_and_new_ones_are_appended(two: Path) -> None:
    units = yaml.safe_load((two / "departments.yaml").read_text(encoding="utf-8"))["units"]
    ids = [u["id"] for u in units]
    assert len(ids) == len(set(ids))
    shipped_ids = [u["id"] for u in yaml.safe_load((DATA / "departments.yaml").read_text(encoding="utf-8"))["units"]]
    assert ids[: len(shipped_ids)] == shipped_ids  # the workspace's units stay as they were
    added = units[len(shipped_ids) :]
    assert "县教育局" in [u["name"] for u in added]
    assert all(u["in_notice"] and "review" in u for u in added)
    flood = yaml.safe_load((two / "notices" / "fangxun" / "tasks.yaml").read_text(encoding="utf-8"))
    named = {u for c in flood["clauses"] for u in c["responsibility"]["units"]}
    assert {"yingji", "shuiwu", "xiangzhen"} <= named  # 县应急局, 县水务局, 各乡镇人民政府: the workspace's ids
    # its issuer 陵川县安全生产委员会办公室 is the workspace's 县安委办 (县安全生产委员会办公室), not a second office
    assert flood["notice"]["issuer"] == "anweiban"
    assert "陵川县安全生产委员会办公室" not in [u["name"] for u in added]


def test_a_units_duties_from_both_notices_appear_in_one_list_with_their_source(two: Path) -> None:
    duties = ok_json("--data", str(two), "dept", "应急局")["duties"]
    assert {(d["task"].split(":")[0], d["notice"]) for d in duties} == {("安全", HOME_NUMBER), ("防汛", FLOOD_NUMBER)}
    flood = ok_json("--data", str(two), "--notice", "防汛", "dept", "应急局")["duties"]
    assert [d["task"] for d in duties if d["notice"] == FLOOD_NUMBER] == [d["task"] for d in flood]
    out = ok("--data", str(two), "--lang", "zh", "dept", "应急局", "--format", "plain")
    assert "【防汛】一、" in out
    assert "【安全】二、" in out
    detail = ok("--data", str(two), "--lang", "zh", "show", "防汛:1.1.1")
    assert f"来源文件：{FLOOD_NUMBER}" in detail


# ── typed ids ──


def test_ids_are_typed_qualified_by_alias_or_number_or_plain_where_one_notice_has_them(two: Path) -> None:
    by_alias = ok_json("--data", str(two), "show", "防汛:1.1.1")
    by_number = ok_json("--data", str(two), "show", f"{FLOOD_NUMBER}:1.1.1")
    assert by_alias == by_number
    assert by_alias["task"] == "防汛:1.1.1"
    assert ok_json("--data", str(two), "show", "5.3.2")["task"] == "安全:5.3.2"  # only the home notice has a 5.3.2
    ambiguous = run("--data", str(two), "--lang", "en", "show", "1.1.1")
    assert ambiguous.exit_code == 2
    assert "安全:1.1.1, 防汛:1.1.1;" in ambiguous.stderr  # English punctuation in English
    assert "安全:1.1.1、防汛:1.1.1；" in run("--data", str(two), "--lang", "zh", "show", "1.1.1").stderr
    assert "Traceback" not in ambiguous.output
    assert ok_json("--data", str(two), "--notice", "防汛", "show", "1.1.1")["task"] == "防汛:1.1.1"
    unknown = run("--data", str(two), "show", "其他:1.1.1")
    assert unknown.exit_code == 2


def test_notice_is_chosen_before_or_after_the_command_or_by_environment(two: Path) -> None:
    flood = _ids(two, "--notice", "防汛")
    before = [r["task"] for r in ok_json("--data", str(two), "--notice", "防汛", "list")]
    by_number = _ids(two, "--notice", FLOOD_NUMBER)
    by_folder = _ids(two, "--notice", "notices/fangxun")
    by_env = [r["task"] for r in ok_json("--data", str(two), "list", env={"ANQUAN_NOTICE": "防汛"})]
    assert flood == before == by_number == by_folder == by_env
    assert _ids(two, "--notice", "notices\\fangxun") == _ids(two, "--notice", "notices/fangxun/") == flood  # as Windows writes a folder
    wrong = run("--data", str(two), "--lang", "en", "due", "--notice", "台风")
    assert wrong.exit_code == 2
    assert f"安全 ({HOME_NUMBER}), 防汛 ({FLOOD_NUMBER})" in wrong.stderr  # in English, English punctuation


def test_a_one_notice_workspace_takes_its_own_number_and_refuses_another(workdir: Path) -> None:
    assert _ids(workdir, "--notice", HOME_NUMBER) == _ids(workdir)
    assert run("--data", str(workdir), "list", "--notice", FLOOD_NUMBER).exit_code == 2


def test_a_workspace_listing_one_notice_takes_its_alias_as_a_qualifier_as_it_takes_its_number(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    (ws / "notices.yaml").write_text("notices:\n  - alias: 安全\n    dir: .\n", encoding="utf-8")
    assert _ids(ws)[0] == "1.1.1"  # one notice: ids stay unqualified
    assert ok_json("--data", str(ws), "show", "安全:5.3.2")["task"] == "5.3.2"  # as --notice 安全 is taken
    assert ok_json("--data", str(ws), "show", f"{HOME_NUMBER}:5.3.2")["task"] == "5.3.2"
    assert run("--data", str(ws), "show", "防汛:5.3.2").exit_code == 2


# ── progress ──


def test_entries_name_their_notice_by_number_and_survive_an_alias_renamed(two: Path) -> None:
    for task, percent in (("防汛:1.1.1", "40"), ("5.3.2", "30")):
        ok("--data", str(two), "update", task, "--dept", "应急局", "--status", "推进中", "--percent", percent, "--date", "2025-05-10")
    written = _lines(two / "progress" / "yingji.yaml")
    assert [e["task"] for e in written] == [f"{FLOOD_NUMBER}:1.1.1", f"{HOME_NUMBER}:5.3.2"]
    listing = (two / "notices.yaml").read_text(encoding="utf-8")
    (two / "notices.yaml").write_text(listing.replace("alias: 防汛", "alias: 汛期"), encoding="utf-8")
    history = ok_json("--data", str(two), "history", "汛期:1.1.1")
    assert [e["percent"] for e in history] == [40]
    assert ok_json("--data", str(two), "--notice", "汛期", "show", "1.1.1")["task"] == "汛期:1.1.1"


def test_entries_written_before_the_second_notice_stay_the_home_notices(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    ok("--data", str(ws), "update", "1.1.1", "--dept", "应急局", "--status", "推进中", "--percent", "20", "--date", "2025-05-10")
    before = ok_json("--data", str(ws), "history", "1.1.1")
    ok("draft", str(FLOOD), "--into", str(ws), "--alias", "防汛", "--home-alias", "安全")
    after = ok_json("--data", str(ws), "history", "安全:1.1.1")
    assert [e["task"] for e in before] == ["1.1.1"]
    assert [e["task"] for e in after] == ["安全:1.1.1"]
    assert [{**e, "task": ""} for e in after] == [{**e, "task": ""} for e in before]
    assert ok_json("--data", str(ws), "history", "防汛:1.1.1") == []  # a plain id never moves to the new notice
    audit = run("--data", str(ws), "--lang", "en", "validate")
    assert audit.exit_code == 0
    assert "skipped" not in audit.output.lower()


def test_progress_and_summary_work_across_notices_or_on_one(two: Path) -> None:
    ok("--data", str(two), "update", "防汛:1.1.1", "--dept", "应急局", "--status", "已完成", "--date", "2025-05-10")
    across = ok_json("--data", str(two), "progress", "--as-of", "2025-05-20")
    flood = ok_json("--data", str(two), "--notice", "防汛", "progress", "--as-of", "2025-05-20")
    home = ok_json("--data", str(two), "--notice", "安全", "progress", "--as-of", "2025-05-20")
    sections = [r["section"] for r in across[:-1]]
    assert sections == [r["section"] for r in home[:-1]] + [r["section"] for r in flood[:-1]]
    assert all(s.startswith("安全:") for s in sections[:6])
    assert all(s.startswith("防汛:") for s in sections[6:])
    total, flood_total, home_total = across[-1], flood[-1], home[-1]
    assert total["tasks"] == home_total["tasks"] + flood_total["tasks"]
    assert total["done"] == flood_total["done"] == 1
    assert home_total["done"] == 0
    both = ok("--data", str(two), "--lang", "zh", "summary", "--as-of", "2025-05-26")
    assert both.splitlines()[0] == f"关于{HOME_NUMBER}、{FLOOD_NUMBER}落实情况的调度通报"
    assert "2份文件共" in both
    one = ok("--data", str(two), "--lang", "zh", "--notice", "防汛", "summary", "--as-of", "2025-05-26")
    assert one.splitlines()[0] == f"关于{FLOOD_NUMBER}落实情况的调度通报"
    assert HOME_NUMBER not in one
    assert "通知共1个部分" in one


def test_exports_and_calendar_across_notices(two: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    ok("--data", str(two), "export", "--format", "csv", "-o", str(out))
    import csv

    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [r[0] for r in rows[1:]] == _ids(two)
    calendar = ok_json("--data", str(two), "calendar")
    assert {r["task"].split(":")[0] for r in calendar} == {"安全", "防汛"}


def test_calendar_uids_of_the_home_notice_do_not_change_when_a_notice_joins(tmp_path: Path) -> None:
    from icalendar import Calendar

    ws = _workspace(tmp_path)

    def uids(path: Path) -> dict[str, str]:
        cal = Calendar.from_ical(path.read_bytes())
        return {str(e["uid"]): str(e["summary"]) for e in cal.walk("VEVENT")}

    ok("--data", str(ws), "export", "--format", "ics", "-o", str(tmp_path / "one.ics"))
    before = uids(tmp_path / "one.ics")
    ok("draft", str(FLOOD), "--into", str(ws), "--alias", "防汛", "--home-alias", "安全")
    ok("--data", str(ws), "--notice", "安全", "export", "--format", "ics", "-o", str(tmp_path / "two.ics"))
    after = uids(tmp_path / "two.ics")
    assert set(before) == set(after)  # the whole UID: a calendar re-importing updates, not duplicates
    assert [s.split(" ", 1)[1] for s in before.values()] == [s.split(" ", 1)[1] for s in after.values()]
    (ws / "notices.yaml").write_text((ws / "notices.yaml").read_text(encoding="utf-8").replace("alias: 防汛", "alias: 汛期"), encoding="utf-8")
    ok("--data", str(ws), "export", "--format", "ics", "-o", str(tmp_path / "renamed.ics"))
    ok("--data", str(ws), "--notice", "汛期", "export", "--format", "ics", "-o", str(tmp_path / "flood.ics"))
    flood = uids(tmp_path / "flood.ics")
    assert flood
    assert set(uids(tmp_path / "renamed.ics")) == set(before) | set(flood)  # renaming an alias changes no UID either
    for event in Calendar.from_ical((tmp_path / "renamed.ics").read_bytes()).walk("VEVENT"):
        number = FLOOD_NUMBER if str(event["summary"]).startswith("汛期:") else HOME_NUMBER
        assert str(event["description"]).startswith(number + " ")  # the task's own notice, not all of them


def test_every_command_gives_the_same_output_with_and_without_the_index(two: Path) -> None:
    ok("--data", str(two), "update", "防汛:1.1.1", "--dept", "应急局", "--status", "推进中", "--percent", "50", "--date", "2025-05-10")
    commands = [
        ("list",),
        ("due", "--before", "2025-12-31", "--as-of", "2025-05-20"),
        ("dept", "应急局", "--as-of", "2025-05-20"),
        ("progress", "--as-of", "2025-05-20"),
        ("progress", "--by", "dept", "--as-of", "2025-05-20"),
        ("summary", "--as-of", "2025-05-26"),
        ("calendar", "--as-of", "2025-05-20"),
        ("notices",),
        ("history", "防汛:1.1.1"),
    ]
    for args in commands:
        for notice in ((), ("--notice", "防汛")):
            warm = [ok("--data", str(two), *notice, *args) for _ in range(2)]
            cold = ok("--data", str(two), "--no-cache", *notice, *args)
            assert warm[0] == warm[1] == cold, args


def test_the_index_sees_notices_yaml_and_the_added_notices_files(two: Path, edit: object) -> None:
    assert "防汛:1.1.1" in _ids(two)
    listing = two / "notices.yaml"
    listing.write_text(listing.read_text(encoding="utf-8").replace("alias: 防汛", "alias: 汛期"), encoding="utf-8")
    assert "汛期:1.1.1" in _ids(two)
    tasks = two / "notices" / "fangxun" / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    title = re.search(r"title: (完成辖区内山洪[^\n]*)", text)
    assert title is not None
    tasks.write_text(text.replace(title.group(0), "title: 山洪隐患点排查"), encoding="utf-8")
    assert ok_json("--data", str(two), "show", "汛期:1.1.1")["title"] == "山洪隐患点排查"


# ── notices.yaml refused ──


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda t: t.replace("alias: 防汛", "alias: 安全"), "alias '安全' is given twice"),
        (lambda t: t.replace("dir: notices/fangxun", "dir: ../elsewhere"), "inside the workspace"),
        (lambda t: t.replace("dir: notices/fangxun", "dir: ."), "listed twice"),
        (lambda t: t.replace("alias: 防汛", "alias: 防 汛"), "notices[1].alias"),
    ],
)
def test_a_wrong_notices_yaml_is_refused_where_it_is_wrong(two: Path, change: object, says: str) -> None:
    listing = two / "notices.yaml"
    listing.write_text(change(listing.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    result = run("--data", str(two), "--lang", "en", "list")
    assert result.exit_code == 2
    assert says in result.stderr, result.stderr
    assert re.search(r"notices\.yaml:\d+:\d+: ", result.stderr)
    assert "Traceback" not in result.output


def test_two_folders_holding_the_same_notice_are_refused(two: Path) -> None:
    shutil.copytree(two / "notices" / "fangxun", two / "notices" / "again")
    with (two / "notices.yaml").open("a", encoding="utf-8") as f:
        f.write("  - alias: 再次\n    dir: notices/again\n")
    result = run("--data", str(two), "--lang", "en", "list")
    assert result.exit_code == 2
    assert f"number {FLOOD_NUMBER} is already the notice '防汛'" in result.stderr


# ── draft --into refused, writing nothing ──


def _snapshot(ws: Path) -> dict[str, bytes]:
    return {str(p.relative_to(ws)): p.read_bytes() for p in sorted(ws.rglob("*")) if p.is_file()}


def test_draft_into_refusals_write_nothing(two: Path, tmp_path: Path) -> None:
    before = _snapshot(two)
    for args in (
        ("--into", str(two), "--alias", "防汛"),  # the alias is taken
        ("--into", str(two), "--alias", "汛期", "--dir", "notices/fangxun"),  # the folder exists
        ("--into", str(two), "--alias", "汛期", "--home-alias", "安全"),  # the home notice has its alias
        ("--into", str(two)),  # no alias
        ("--into", str(two), "--alias", "汛期", "-o", str(tmp_path / "new")),
    ):
        result = run("--lang", "en", "draft", str(FLOOD), *args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output
    assert run("draft", str(FLOOD), "-o", str(tmp_path / "x"), "--alias", "汛期").exit_code == 2
    assert _snapshot(two) == before


def test_draft_into_a_folder_outside_the_workspace_is_refused_and_nothing_is_written_anywhere(
    two: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))  # where the check's copy is made
    before = _snapshot(tmp_path)
    for folder in ("../escaped", "../../escaped", str(tmp_path / "absolute"), "notices\\fx", "C:/fx", "notices/../../up"):
        result = run("--lang", "en", "draft", str(FLOOD), "--into", str(two), "--alias", "汛期", "--dir", folder)
        assert result.exit_code == 2, folder
        assert f"folder {folder!r} must be a relative path inside the workspace" in result.stderr
    assert _snapshot(tmp_path) == before
    assert not (tmp_path / "escaped").exists()
    assert not (tmp_path / "absolute").exists()


def test_draft_into_a_workspace_that_does_not_load_writes_nothing(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    (ws / "departments.yaml").write_text("units: [\n", encoding="utf-8")
    before = _snapshot(ws)
    result = run("draft", str(FLOOD), "--into", str(ws), "--alias", "防汛")
    assert result.exit_code == 2
    assert "departments.yaml:" in result.stderr
    assert _snapshot(ws) == before


def test_a_third_notice_is_appended_to_notices_yaml(two: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    ok("draft", str(plan), "--into", str(two), "--alias", "攻坚")
    rows = ok_json("--data", str(two), "notices")
    assert [r["alias"] for r in rows] == ["安全", "防汛", "攻坚"]
    assert rows[2]["years"] == [2025, 2027]


# ── a notice over several years ──


@pytest.fixture
def plan_ws(tmp_path: Path) -> Path:
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    ws = tmp_path / "plan"
    ok("draft", str(plan), "-o", str(ws))
    return ws


def test_a_three_year_plan_states_its_span_and_owes_every_period_of_each_year(plan_ws: Path) -> None:
    notice = yaml.safe_load((plan_ws / "tasks.yaml").read_text(encoding="utf-8"))["notice"]
    assert notice["span"] == {"quote": "2025—2027年", "first": 2025, "last": 2027}
    shown = ok_json("--data", str(plan_ws), "show", "1.1.1")
    keys = [o["key"] for o in shown["deadlines"]]
    assert keys == [f"{y}{h}" for y in (2025, 2026, 2027) for h in ("H1", "H2")]
    yearly = [o["key"] for o in ok_json("--data", str(plan_ws), "show", "1.2.1")["deadlines"]]
    assert yearly == ["2025", "2026", "2027"]
    dated = ok_json("--data", str(plan_ws), "show", "1.3.1")["deadlines"]
    assert [(o["date"], o["phrase"]) for o in dated] == [("2026-12-31", "2026年底前")]  # its own year, not the notice's
    due = ok("--data", str(plan_ws), "--lang", "zh", "due", "--format", "plain", "--as-of", "2025-06-01")
    assert "每半年·2026年上半年" in due
    assert "每半年·2027年下半年" in due


def test_a_period_typed_without_its_year_is_of_the_reports_year(plan_ws: Path) -> None:
    ok("--data", str(plan_ws), "update", "1.1.1", "--dept", "应急局", "--status", "已完成", "--period", "2026H1", "--date", "2026-03-01")
    ok("--data", str(plan_ws), "update", "1.1.1", "--dept", "应急局", "--status", "推进中", "--percent", "10", "--period", "下半年", "--date", "2026-08-01")
    periods = [e["period"] for e in _lines(plan_ws / "progress" / "yingji.yaml")]
    assert periods == ["2026H1", "2026H2"]


def test_a_date_without_a_year_is_the_as_of_year_within_the_span(plan_ws: Path) -> None:
    def due(as_of: str) -> list[tuple[str, str]]:
        rows = ok_json("--data", str(plan_ws), "due", "--before", "6月底", "--after", "1月1日", "--as-of", as_of)
        return [(r["task"], r["due"]) for r in rows]

    assert due("2026-03-01") == [("1.1.1", "2026-06-30")]  # 2026's 上半年, as --period 上半年 is on that day
    assert due("2025-03-01") == [("1.1.1", "2025-06-30")]
    assert due("2029-03-01") == [("1.1.1", "2025-06-30")]  # after the span: the notice's year, as for a one-year notice


def test_calendar_events_of_each_year_are_distinct(plan_ws: Path, tmp_path: Path) -> None:
    from icalendar import Calendar

    out = tmp_path / "plan.ics"
    ok("--data", str(plan_ws), "export", "--format", "ics", "-o", str(out))
    events = list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    uids = [str(e["uid"]) for e in events]
    assert len(uids) == len(set(uids)) == 6 + 3 + 1


def test_a_span_the_text_does_not_state_is_refused(plan_ws: Path) -> None:
    tasks = plan_ws / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    tasks.write_text(text.replace("quote: 2025—2027年", "quote: 2025—2028年"), encoding="utf-8")
    result = run("--data", str(plan_ws), "--lang", "en", "validate")
    assert result.exit_code == 2
    assert re.search(r"tasks\.yaml:\d+:\d+: notice\.span\.quote", result.stderr), result.stderr
    tasks.write_text(text.replace("last: 2027", "last: 2024"), encoding="utf-8")
    result = run("--data", str(plan_ws), "--lang", "en", "validate")
    assert result.exit_code == 2
    assert "notice.span" in result.stderr


def test_a_standing_duty_is_owed_in_every_year_of_the_plan(plan_ws: Path) -> None:
    # 1.4.1 常态化…（县消防救援大队负责）: the unit's only duty, so it owes a report only for it
    duties = ok_json("--data", str(plan_ws), "dept", "消防救援大队")["duties"]
    assert [d["task"] for d in duties] == ["1.4.1"]
    bulletin = ok("--data", str(plan_ws), "--lang", "zh", "summary", "--as-of", "2027-03-26")
    unreported = next(line for line in bulletin.splitlines() if line.strip().startswith("第") and "未报送的有" in line)
    assert "县消防救援大队" in unreported
    beyond = ok("--data", str(plan_ws), "--lang", "zh", "summary", "--as-of", "2028-03-26")
    assert not any("县消防救援大队" in line and "未报送的有" in line for line in beyond.splitlines())


# ── the Excel round trips, per notice ──


def _fill(path: Path, rows: dict[str, dict[str, object]], header: str) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    first = next(r for r in range(1, 11) if header in [c.value for c in ws[r]])
    col = {c.value: c.column for c in ws[first]}
    key = next(c for c in col if c in ("任务编号", "Task"))
    where = {ws.cell(r, col[key]).value: r for r in range(first + 1, ws.max_row + 1)}
    for task, values in rows.items():
        for heading, value in values.items():
            ws.cell(where[task], col[heading]).value = value
    wb.save(path)


def test_a_units_workbook_of_one_notice_imports_into_the_workspace(two: Path, tmp_path: Path) -> None:
    book = tmp_path / "应急局.xlsx"
    ok("--data", str(two), "--notice", "防汛", "export", "--format", "xlsx", "--dept", "应急局", "--as-of", "2025-05-10", "-o", str(book))
    _fill(book, {"防汛:1.1.1": {"状态": "推进中", "完成百分比": 50}}, "任务编号")
    ok("--data", str(two), "import", str(book))
    written = _lines(two / "progress" / "yingji.yaml")
    assert [(e["task"], e["percent"]) for e in written] == [(f"{FLOOD_NUMBER}:1.1.1", 50)]
    assert [e["percent"] for e in ok_json("--data", str(two), "history", "防汛:1.1.1")] == [50]


def test_a_workbook_of_both_notices_imports_in_the_other_language_and_after_a_third_notice_joins(two: Path, tmp_path: Path) -> None:
    book = tmp_path / "yingji.xlsx"
    ok("--data", str(two), "--lang", "en", "export", "--format", "xlsx", "--dept", "应急局", "--as-of", "2025-05-10", "-o", str(book))
    _fill(book, {"防汛:1.1.1": {"Status": "in progress", "Percent": 40}, "安全:5.3.2": {"Status": "in progress", "Percent": 20}}, "Task")
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    ok("draft", str(plan), "--into", str(two), "--alias", "攻坚")  # while the sheet was out with the unit
    ok("--data", str(two), "--lang", "zh", "import", str(book))
    written = _lines(two / "progress" / "yingji.yaml")
    assert sorted((e["task"], e["percent"]) for e in written) == [(f"{FLOOD_NUMBER}:1.1.1", 40), (f"{HOME_NUMBER}:5.3.2", 20)]


def test_a_breakdown_is_one_notices_and_its_plan_goes_to_that_notices_folder(two: Path, tmp_path: Path) -> None:
    refused = run("--data", str(two), "--lang", "en", "export", "--format", "breakdown", "-o", str(tmp_path / "all.xlsx"))
    assert refused.exit_code == 2
    assert "--notice" in refused.stderr
    book = tmp_path / "分解表.xlsx"
    ok("--data", str(two), "--notice", "防汛", "export", "--format", "breakdown", "-o", str(book))
    _fill(book, {"防汛:1.4.1": {"牵头单位": "县应急局", "责任单位": "县教育局"}}, "任务编号")  # 县应急局、县教育局分工负责
    ok("--data", str(two), "import", str(book))
    plan = yaml.safe_load((two / "notices" / "fangxun" / "assignments.yaml").read_text(encoding="utf-8"))
    entry = next(e for e in plan["tasks"] if e["task"] == "1.4.1")  # as its own notice numbers it
    assert (entry["lead"], entry["responsible"]) == (["yingji"], ["jiaoyu"])
    assert not (two / "assignments.yaml").exists()  # the home notice's plan is untouched
    units = {u["id"]: u["part"] for u in ok_json("--data", str(two), "show", "防汛:1.4.1")["units"]}
    assert units == {"yingji": "lead", "jiaoyu": "responsible"}
    # every output that rests on it names it as local data, across the notices too
    note = next(line for line in ok("--data", str(two), "--lang", "zh", "summary", "--as-of", "2025-05-26").splitlines() if "说明：" in line)
    assert "分工方案《分解表》" in note
    assert "文件简称（安全、防汛，notices.yaml）" in note
    assert "◇ 分工按分工方案《分解表》" in ok("--data", str(two), "--lang", "zh", "due", "--dept", "教育局", "--as-of", "2025-05-26", "--format", "plain")


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_breakdown_is_never_written_through_a_linked_notice_folder(two: Path, tmp_path: Path) -> None:
    book = tmp_path / "分解表.xlsx"
    ok("--data", str(two), "--notice", "防汛", "export", "--format", "breakdown", "-o", str(book))
    _fill(book, {"防汛:1.4.1": {"牵头单位": "县应急局", "责任单位": "县教育局"}}, "任务编号")
    elsewhere = tmp_path / "elsewhere"
    shutil.move(two / "notices" / "fangxun", elsewhere)
    (two / "notices" / "fangxun").symlink_to(elsewhere, target_is_directory=True)
    assert _ids(two, "--notice", "防汛")  # read through the link, as before
    refused = run("--data", str(two), "--lang", "en", "import", str(book))
    assert refused.exit_code == 2
    assert "is a symbolic link" in refused.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == ["notice.txt", "tasks.yaml"]  # no assignments.yaml written there


def test_the_json_export_names_each_task_s_notice_and_lists_the_notices(two: Path, tmp_path: Path) -> None:
    ok("--data", str(two), "export", "--format", "json", "-o", str(tmp_path / "all.json"))
    document = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    listed = [(n["alias"], n["number"], n["tasks"]) for n in document["notices"]]
    flood = _ids(two, "--notice", "防汛")
    assert listed == [("安全", HOME_NUMBER, len(document["tasks"]) - len(flood)), ("防汛", FLOOD_NUMBER, len(flood))]
    numbers = {t["task"].split(":")[0]: set() for t in document["tasks"]}
    for t in document["tasks"]:
        numbers[t["task"].split(":")[0]].add(t["notice"])
    assert numbers == {"安全": {HOME_NUMBER}, "防汛": {FLOOD_NUMBER}}
    single = json.loads(ok("--data", str(_workspace(tmp_path, "one")), "export", "--format", "json"))
    assert "notices" not in single  # one notice: as before
    assert all("notice" not in t for t in single["tasks"])


def test_an_alias_that_is_another_notice_s_number_is_refused(two: Path, tmp_path: Path) -> None:
    # entries name a notice by its number: such an alias would move the other notice's entries to this one
    listing = two / "notices.yaml"
    text = listing.read_text(encoding="utf-8")
    listing.write_text(text.replace("alias: 防汛", f"alias: {HOME_NUMBER}"), encoding="utf-8")
    refused = run("--data", str(two), "--lang", "en", "list")
    assert refused.exit_code == 2
    assert f"notices.yaml:9:12: notices[1].alias: alias '{HOME_NUMBER}' is the number of another notice ('安全')" in refused.stderr
    listing.write_text(text.replace("alias: 安全", f"alias: {HOME_NUMBER}"), encoding="utf-8")  # its own number: fine
    assert _ids(two, "--notice", HOME_NUMBER)[0] == f"{HOME_NUMBER}:1.1.1"
    listing.write_text(text, encoding="utf-8")
    before = {p: p.read_bytes() for p in two.rglob("*") if p.is_file()}
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    joined = run("--data", str(two), "draft", str(plan), "--into", str(two), "--alias", FLOOD_NUMBER)
    assert joined.exit_code == 2
    assert {p: p.read_bytes() for p in two.rglob("*") if p.is_file()} == before  # refused: nothing written


def test_the_word_bulletin_across_notices_names_both_in_its_title(two: Path, tmp_path: Path) -> None:
    import docx

    out = tmp_path / "通报.docx"
    ok("--data", str(two), "--lang", "zh", "summary", "--as-of", "2025-05-26", "--format", "docx", "-o", str(out))
    title = docx.Document(str(out)).paragraphs[0].text
    assert title == f"关于{HOME_NUMBER}、{FLOOD_NUMBER}\n落实情况的调度通报"  # broken after the numbers, as GB/T 9704 titles are


def test_every_command_answers_in_a_workspace_of_two_notices(two: Path, tmp_path: Path) -> None:
    """Each command of `anquan --help`, once across the notices and once on one of them."""
    from anquan_cli.cli import cli

    d = ("--data", str(two))
    steps = [
        ("validate",),
        ("notices",),
        ("list", "--dept", "应急局"),
        ("show", "防汛:1.1"),
        ("show", "安全:5.3.2"),
        ("due", "--before", "2025-12-31", "--as-of", "2025-05-01"),
        ("dept", "应急局", "--as-of", "2025-05-01"),
        ("calendar", "--month", "2025-05", "--as-of", "2025-05-01"),
        ("update", "防汛:1.1.1", "--dept", "应急局", "--status", "已完成", "--date", "2025-05-10"),
        ("update", "防汛:1.1.1", "--dept", "水务局", "--status", "推进中", "--percent", "20", "--date", "2025-05-10"),
        ("update", "安全:1.1.2", "--dept", "崇文镇", "--status", "推进中", "--percent", "30", "--period", "2025H1", "--date", "2025-05-11"),
        ("correct", "安全:1.1.2", "--dept", "崇文镇", "--period", "2025H1", "--status", "推进中", "--percent", "40", "--date", "2025-05-12"),
        ("withdraw", "防汛:1.1.1", "--dept", "水务局", "--date", "2025-05-12"),
        ("verify", "防汛:1.1.1", "--date", "2025-05-13"),
        ("reopen", "防汛:1.1.1", "--note", "台账不全", "--date", "2025-05-14"),
        ("update", "防汛:1.1.1", "--dept", "应急局", "--status", "已完成", "--note", "补齐台账", "--date", "2025-05-15"),
        ("reject", "防汛:1.1.1", "--note", "佐证不足", "--date", "2025-05-16"),
        ("card", "安全:2.3.1", "--dept", "住建局", "--level", "yellow", "--note", "整改不力", "--date", "2025-05-16"),
        ("trigger", "安全:1.5.5", "--note", "某企业发生一般事故", "--date", "2025-05-17"),
        ("history", "防汛:1.1.1"),
        ("progress", "--as-of", "2025-05-20"),
        ("progress", "--by", "dept", "--as-of", "2025-05-20"),
        ("progress", "--section", "防汛:1", "--as-of", "2025-05-20"),
        ("progress", "--dept", "应急局", "--as-of", "2025-05-20"),
        ("summary", "--as-of", "2025-05-26"),
        ("summary", "--as-of", "2025-05-26", "--dept", "应急局", "--format", "markdown"),
        ("export", "--format", "json", "--as-of", "2025-05-20", "-o", str(tmp_path / "e.json")),
        ("export", "--format", "markdown", "--as-of", "2025-05-20", "-o", str(tmp_path / "e.md")),
        ("export", "--format", "xlsx", "--as-of", "2025-05-20", "-o", str(tmp_path / "e.xlsx")),
        ("export", "--format", "ics", "-o", str(tmp_path / "e.ics")),
        ("schema", "--output-dir", str(tmp_path / "schema")),
    ]
    for args in steps:
        ok(*d, *args)
    for args in steps:
        if args[0] in ("validate", "notices", "list", "due", "dept", "calendar", "progress", "summary") and "--section" not in args:
            ok(*d, "--notice", "防汛", *args)
    assert {s[0] for s in steps} | {"init", "draft", "import", "audit"} == set(cli.commands)
    history = ok_json(*d, "history", "防汛:1.1.1")
    assert [e["kind"] for e in history] == ["update", "update", "withdraw", "verify", "reopen", "update", "reject"]
    audit = run(*d, "--lang", "en", "audit")  # no people.yaml nor git here: it says so, in one line
    assert audit.exit_code == 2
    assert "people.yaml" in audit.stderr


def test_notice_is_refused_where_it_means_nothing_unless_it_is_the_standing_choice(two: Path, tmp_path: Path) -> None:
    for args in (("init", str(tmp_path / "new")), ("schema", "--output-dir", str(tmp_path / "s")), ("audit",)):
        result = run("--data", str(two), "--lang", "en", "--notice", "防汛", *args)
        assert result.exit_code == 2, args
        assert "means nothing" in result.stderr
    assert not (tmp_path / "new").exists()
    ok("init", str(tmp_path / "new"), env={"ANQUAN_NOTICE": "防汛"})
    assert run("init", str(tmp_path / "other"), "--notice", "防汛").exit_code == 2  # init takes no --notice of its own


def test_notice_aliases_and_qualified_ids_complete(two: Path) -> None:
    from click.testing import CliRunner

    from anquan_cli.cli import cli

    def complete(words: str) -> list[str]:
        env = {"_ANQUAN_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1), "ANQUAN_DATA": str(two)}
        result = CliRunner().invoke(cli, [], env=env, prog_name="anquan")
        assert result.exit_code == 0, result.output
        return [line.split(",", 1)[1] for line in result.output.splitlines() if line]

    assert complete("anquan due --notice ") == ["安全", "防汛"]
    assert complete("anquan --notice 防") == ["防汛"]
    assert complete("anquan show 防汛:1.1.") == ["防汛:1.1.1", "防汛:1.1.2"]


def test_a_breakdown_imported_with_notice_goes_to_that_notices_folder_too(two: Path, tmp_path: Path) -> None:
    book = tmp_path / "分解表.xlsx"
    ok("--data", str(two), "--notice", "防汛", "export", "--format", "breakdown", "-o", str(book))
    _fill(book, {"防汛:1.4.1": {"牵头单位": "县应急局", "责任单位": "县教育局"}}, "任务编号")
    ok("--data", str(two), "--notice", "防汛", "import", str(book))
    assert (two / "notices" / "fangxun" / "assignments.yaml").is_file()
    assert not (two / "assignments.yaml").exists()
    wrong = run("--data", str(two), "--lang", "en", "--notice", "安全", "import", str(book))  # the sheet is the flood notice's
    assert wrong.exit_code == 2
    assert HOME_NUMBER in wrong.stderr  # not a breakdown of the notice chosen


def test_a_workspace_listing_one_notice_in_a_folder_keeps_plain_ids(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    folder = ws / "notices" / "anquan"
    folder.mkdir(parents=True)
    for name in ("tasks.yaml", "notice.txt"):
        (ws / name).rename(folder / name)
    (ws / "notices.yaml").write_text("notices:\n  - alias: 安全\n    dir: notices/anquan\n", encoding="utf-8")
    ids = _ids(ws)
    assert ids == [r["task"] for r in ok_json("--data", str(DATA), "list")]
    assert _ids(ws, "--notice", "安全") == ids == _ids(ws, "--notice", HOME_NUMBER)
    assert [r["dir"] for r in ok_json("--data", str(ws), "notices")] == ["notices/anquan"]


def test_init_from_a_workspace_of_several_notices_copies_every_notice(two: Path, tmp_path: Path) -> None:
    new = tmp_path / "copy"
    ok("--data", str(two), "init", str(new))
    assert (new / "notices.yaml").read_bytes() == (two / "notices.yaml").read_bytes()
    for name in ("tasks.yaml", "notice.txt"):
        assert (new / "notices" / "fangxun" / name).read_bytes() == (two / "notices" / "fangxun" / name).read_bytes()
    assert _ids(new) == _ids(two)
    assert not list((new / "progress").glob("*.yaml"))  # a new workspace: no progress of the old one


def test_notices_keep_the_order_notices_yaml_gives_them_in_every_listing(two: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    ok("draft", str(plan), "--into", str(two), "--alias", "三年")  # 三 sorts before 安 and 防 by code point
    order = ["安全", "防汛", "三年"]
    ids = _ids(two)
    assert list(dict.fromkeys(t.split(":")[0] for t in ids)) == order
    assert ids == _ids(two, "--sort", "id")
    rows = ok_json("--data", str(two), "due", "--before", "2025-12-31", "--as-of", "2025-05-01")
    for day in {r["due"] for r in rows}:
        same_day = [r["task"].split(":")[0] for r in rows if r["due"] == day]
        assert same_day == sorted(same_day, key=order.index), day
    sections = [r["section"] for r in ok_json("--data", str(two), "progress", "--as-of", "2025-05-20")[:-1]]
    assert list(dict.fromkeys(s.split(":")[0] for s in sections)) == order


def test_reporting_cycles_are_counted_from_the_first_notice_with_or_without_notice(two: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    ok("draft", str(plan), "--into", str(two), "--alias", "三年")  # dated 2025-05-06, after the first cycle's due day

    def cycle_line(*notice: str) -> str:
        out = ok("--data", str(two), "--lang", "zh", *notice, "summary", "--as-of", "2025-06-30")
        return next(line for line in out.splitlines() if "报送情况：" in line)

    across, plan_only = cycle_line(), cycle_line("--notice", "三年")
    number = re.search(r"第(\d+)个报送周期（([^）]*)）", across)
    assert number is not None
    assert number.group(1) == "3"  # 04-07 → 04-25, 04-26 → 05-25, 05-26 → 06-25: the workspace's third
    assert f"第3个报送周期（{number.group(2)}）" in plan_only  # the plan alone does not restart the count


def test_a_listed_folder_without_its_files_is_named_and_nothing_else_is_blamed(two: Path) -> None:
    (two / "notices" / "fangxun" / "notice.txt").unlink()
    result = run("--data", str(two), "--lang", "en", "validate")
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert any("notices/fangxun/notice.txt" in line for line in lines), result.stderr
    assert not any("in_notice" in line for line in lines), result.stderr  # 县教育局 is named there: not its fault


def test_draft_into_refuses_a_flow_style_list_and_the_workspaces_own_folders(two: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    for folder in ("progress/plan", "schema/plan", ".git/plan"):
        result = run("--lang", "en", "draft", str(plan), "--into", str(two), "--alias", "三年", "--dir", folder)
        assert result.exit_code == 2, folder
        assert "outside progress/ and schema/" in result.stderr
    (two / "notices.yaml").write_text("notices: [{alias: 安全, dir: .}, {alias: 防汛, dir: notices/fangxun}]\n", encoding="utf-8")
    before = _snapshot(two)
    result = run("--lang", "en", "draft", str(plan), "--into", str(two), "--alias", "三年")
    assert result.exit_code == 2
    assert "notices.yaml writes its notices list in flow style" in result.stderr
    assert _snapshot(two) == before


def test_notices_in_a_workspace_without_notices_yaml_says_how_to_add_one(workdir: Path) -> None:
    out = ok("--data", str(workdir), "--lang", "en", "notices", "--format", "plain")
    assert "Alias" not in out.splitlines()[1]  # no alias column: there is none to show
    assert "no notices.yaml" in out
    assert "anquan draft FILE --into WORKSPACE --alias ALIAS" in out
    [row] = ok_json("--data", str(workdir), "notices")
    assert (row["alias"], row["number"], row["years"]) == (None, HOME_NUMBER, [2025, 2025])


def test_a_notice_no_longer_listed_leaves_its_entries_aside_without_failing_anything(two: Path) -> None:
    ok("--data", str(two), "update", "防汛:1.1.1", "--dept", "应急局", "--status", "推进中", "--percent", "40", "--date", "2025-05-10")
    ok("--data", str(two), "update", "防汛:1.2.1", "--dept", "水务局", "--status", "推进中", "--percent", "10", "--date", "2025-05-10")
    ok("--data", str(two), "update", "安全:5.3.2", "--dept", "应急局", "--status", "推进中", "--percent", "30", "--date", "2025-05-11")
    ok("--data", str(two), "update", "防汛:1.1.1", "--dept", "应急局", "--status", "推进中", "--percent", "60", "--date", "2025-05-12")
    listing = two / "notices.yaml"
    listing.write_text(listing.read_text(encoding="utf-8").replace("  - alias: 防汛\n    dir: notices/fangxun\n", ""), encoding="utf-8")
    units = two / "departments.yaml"  # the units only the flood notice names are no longer named by any notice
    text = units.read_text(encoding="utf-8")
    units.write_text(re.sub(r"(name: 县教育局\n(?:.*\n)*?\s+)in_notice: true", r"\1in_notice: false", text), encoding="utf-8")
    out = ok("--data", str(two), "--lang", "en", "validate")
    notes = [line for line in out.splitlines() if FLOOD_NUMBER in line]
    assert len(notes) == 2  # one line per file: yingji.yaml (2 entries) and shuiwu.yaml (1)
    assert any(re.search(r"progress/yingji\.yaml:\d+:1: 2 entries from this line on are about", n) for n in notes), notes
    assert any("progress/shuiwu.yaml" in n and ": 1 entries" not in n and "1 entry" in n for n in notes), notes
    due = run("--data", str(two), "due", "--as-of", "2025-05-20")
    assert due.exit_code == 0
    assert due.stderr == ""  # nothing skipped, nothing to warn of
    assert [e["percent"] for e in ok_json("--data", str(two), "history", "5.3.2")] == [30]


def test_a_workbook_sent_out_before_an_alias_was_renamed_still_imports(two: Path, tmp_path: Path) -> None:
    book = tmp_path / "应急局.xlsx"
    ok("--data", str(two), "export", "--format", "xlsx", "--dept", "应急局", "--as-of", "2025-05-10", "-o", str(book))
    listing = two / "notices.yaml"
    listing.write_text(listing.read_text(encoding="utf-8").replace("alias: 防汛", "alias: 汛期"), encoding="utf-8")
    _fill(book, {"防汛:1.1.1": {"状态": "推进中", "完成百分比": 70}}, "任务编号")  # the id as the sheet shows it
    ok("--data", str(two), "import", str(book))
    assert [e["percent"] for e in ok_json("--data", str(two), "history", "汛期:1.1.1")] == [70]
    assert [(e["task"], e["percent"]) for e in _lines(two / "progress" / "yingji.yaml")] == [(f"{FLOOD_NUMBER}:1.1.1", 70)]


def test_a_value_of_the_wrong_shape_is_worded_in_chinese_with_what_it_should_be(two: Path) -> None:
    listing = two / "notices.yaml"
    listing.write_text(listing.read_text(encoding="utf-8").replace("alias: 防汛", "alias: 防 汛"), encoding="utf-8")
    result = run("--data", str(two), "--lang", "zh", "validate")
    assert result.exit_code == 2
    assert "notices[1].alias: 格式不符：应为不含冒号和空白、至多20字的简称，如 防汛（实际为 '防 汛'）" in result.stderr
    assert "pattern" not in result.stderr
    units = two / "departments.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("- id: caizheng", "- id: CaiZheng", 1), encoding="utf-8")
    listing.write_text(listing.read_text(encoding="utf-8").replace("alias: 防 汛", "alias: 防汛"), encoding="utf-8")
    result = run("--data", str(two), "--lang", "zh", "validate")
    assert "units[0].id: 格式不符：应为小写字母开头、只含小写字母、数字和下划线的标识" in result.stderr
