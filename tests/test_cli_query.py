"""The query commands (due, dept, list, show, calendar) checked against the notice itself.

Expected values come from reading 陵政发〔2025〕1号 and data/tasks.yaml by hand, not from the
program's output: the notice names 7 dated tasks (8 deadlines, as 每半年 gives two), its
clauses name the units, and "以下均需各乡镇人民政府负责，不再一一列出" (clause 1.1) puts
各乡镇人民政府 on every clause after 1.1.
"""

from __future__ import annotations

import datetime as dt

import pytest

from helpers_cli import AS_OF, TOWNSHIPS, departments_yaml, notice_text, ok, ok_json, run, tab_lines, task_ids, tasks_yaml

# Every deadline the notice states, as (date, task, notice wording, period of a recurrence).
ALL_DEADLINES = [
    ("2025-06-30", "1.1.2", "每半年", "H1"),
    ("2025-06-30", "5.3.2", "2025年6月底前", None),
    ("2025-10-31", "4.1.4", "2025年10月底前", None),
    ("2025-12-31", "1.1.2", "每半年", "H2"),
    ("2025-12-31", "1.1.3", "2025年12月底前", None),
    ("2025-12-31", "3.1.1", "每年", "2025"),
    ("2025-12-31", "4.4.5", "年底前", None),
    ("2025-12-31", "4.5.2", "年底前", None),
]
DATED_TASKS = ["1.1.2", "1.1.3", "3.1.1", "4.1.4", "4.4.5", "4.5.2", "5.3.2"]
ALL_TASKS = [t["id"] for c in tasks_yaml()["clauses"] for t in c["tasks"]]
# 县安委会有关成员单位 is responsible for these clauses (their closing parentheses say so).
ANWEIHUI_CLAUSES = ["1.1", "1.2", "1.5", "2.2", "2.3", "4.1", "4.3", "5.1", "6.1", "6.2", "6.3"]
NAMED_53 = ["yingji", "zhujian", "jiaotong", "shuiwu", "fagai", "xiaofang"]  # 5.3: 县应急局、县住建局、县交通局、县水务局、县发改局、县消防救援大队


def due_rows(*args: str) -> list[tuple[str, str, str, str | None]]:
    records = ok_json("due", "--as-of", AS_OF, *args)
    return [(r["due"], r["task"], r["phrase"], r.get("period")) for r in records]


def listed(*args: str) -> list[str]:
    return task_ids(ok_json("list", *args))


def clause_tasks(*clauses: str) -> list[str]:
    return [t for t in ALL_TASKS if t.rsplit(".", 1)[0] in clauses]


def test_catalogue_has_the_109_tasks_of_the_notice() -> None:
    assert len(ALL_TASKS) == 109
    assert listed() == ALL_TASKS


# ── due ──


def test_due_lists_every_deadline_sorted_by_date_then_task() -> None:
    assert due_rows() == ALL_DEADLINES


def test_due_before_is_inclusive_and_takes_both_june_deadlines() -> None:
    assert due_rows("--before", "2025-06-30") == ALL_DEADLINES[:2]
    assert due_rows("--before", "2025-06-29") == []


@pytest.mark.parametrize("before", ["2025-06-30", "2025-06", "6月底", "2025年6月底前", "2025年6月30日", "上半年", "Q2", "eoq"])
def test_due_before_accepts_every_date_form(before: str) -> None:
    assert [(d, t) for d, t, _, _ in due_rows("--before", before)] == [("2025-06-30", "1.1.2"), ("2025-06-30", "5.3.2")]


def test_due_after_is_inclusive() -> None:
    assert due_rows("--after", "2025-10-31") == ALL_DEADLINES[2:]
    assert due_rows("--after", "2025-11-01") == ALL_DEADLINES[3:]
    assert due_rows("--after", "2025-12-31") == ALL_DEADLINES[3:]
    assert due_rows("--after", "2026-01-01") == []


def test_due_after_and_before_together() -> None:
    assert due_rows("--after", "2025-07-01", "--before", "下半年") == ALL_DEADLINES[2:]
    assert due_rows("--after", "第三季度", "--before", "第三季度") == []
    assert due_rows("--after", "2025-10", "--before", "2025-10") == [ALL_DEADLINES[2]]


def test_each_half_of_a_half_yearly_duty_is_its_own_row() -> None:
    rows = [r for r in due_rows() if r[1] == "1.1.2"]
    assert rows == [("2025-06-30", "1.1.2", "每半年", "H1"), ("2025-12-31", "1.1.2", "每半年", "H2")]
    plain = [line for line in tab_lines(ok("due", "--as-of", AS_OF)) if line[2].strip() == "1.1.2"]
    assert [(line[0], line[5].strip()) for line in plain] == [("2025-06-30", "每半年·上半年"), ("2025-12-31", "每半年·下半年")]


def test_due_json_contract() -> None:
    records = ok_json("due", "--as-of", AS_OF, "--before", "2025-06-30")
    assert [set(r) >= {"task", "clause", "title", "due", "phrase", "units", "days_left", "status"} for r in records] == [True, True]
    first, second = records
    assert (first["task"], first["clause"], first["title"]) == ("1.1.2", "1.1", "落实党政领导干部安全生产责任制")
    assert (second["task"], second["clause"], second["title"]) == ("5.3.2", "5.3", "完成煤矿隐蔽致灾因素普查")
    assert second["phrase"] == "2025年6月底前"
    # 2025-05-01 → 2025-06-30 is 60 days; nothing is recorded as done.
    assert [r["days_left"] for r in records] == [60, 60]
    assert [r["status"] for r in records] == ["not_started", "not_started"]
    # units are ids: the clause's own, in the notice's order, then the 乡镇 rule, then the townships.
    assert second["units"][:7] == [*NAMED_53, "xiangzhen"]
    assert set(second["units"][7:]) == TOWNSHIPS
    assert first["units"][:2] == ["anweihui_members", "xiangzhen"]


def test_due_days_left_counts_from_as_of() -> None:
    as_of = dt.date.fromisoformat(AS_OF)
    records = ok_json("due", "--as-of", AS_OF)
    assert [r["days_left"] for r in records] == [(dt.date.fromisoformat(r["due"]) - as_of).days for r in records]
    assert sorted({r["days_left"] for r in records}) == [60, 183, 244]


@pytest.mark.parametrize(
    ("as_of", "within", "expected"),
    [
        ("2025-05-01", "30d", []),
        ("2025-06-01", "30d", ["1.1.2", "5.3.2"]),
        ("2025-06-01", "29d", ["1.1.2", "5.3.2"]),  # 06-01 + 29 days = 06-30: inclusive
        ("2025-06-01", "28d", []),
        ("2025-06-01", "4w", []),
        ("2025-06-01", "1m", ["1.1.2", "5.3.2"]),
        ("2025-10-15", "2m", ["4.1.4"]),
        ("2025-07-01", "1y", ["4.1.4", "1.1.2", "1.1.3", "3.1.1", "4.4.5", "4.5.2"]),  # nothing already past
    ],
)
def test_due_within_runs_from_as_of(as_of: str, within: str, expected: list[str]) -> None:
    assert task_ids(ok_json("due", "--as-of", as_of, "--within", within)) == expected


def test_due_overdue() -> None:
    records = ok_json("due", "--as-of", "2025-07-01", "--overdue")
    assert [(r["task"], r["due"], r["days_left"], r["status"]) for r in records] == [
        ("1.1.2", "2025-06-30", -1, "overdue"),
        ("5.3.2", "2025-06-30", -1, "overdue"),
    ]
    plain = tab_lines(ok("due", "--as-of", "2025-07-01", "--overdue"))
    assert [(line[1].strip(), line[6].strip()) for line in plain[1:]] == [("逾期1天", "逾期"), ("逾期1天", "逾期")]


def test_a_deadline_on_the_as_of_day_is_due_not_overdue() -> None:
    assert ok_json("due", "--as-of", "2025-06-30", "--overdue") == []
    records = ok_json("due", "--as-of", "2025-06-30", "--before", "2025-06-30")
    assert [(r["days_left"], r["status"]) for r in records] == [(0, "not_started"), (0, "not_started")]
    assert "今日到期" in ok("due", "--as-of", "2025-06-30", "--before", "2025-06-30")


def test_due_undated_lists_the_tasks_without_a_time_limit() -> None:
    records = ok_json("due", "--as-of", AS_OF, "--undated")
    assert task_ids(records) == [t for t in ALL_TASKS if t not in DATED_TASKS]
    assert len(records) == 102
    assert all(r["deadlines"] == [] for r in records)
    header = tab_lines(ok("due", "--as-of", AS_OF, "--undated"))[0]
    assert "完成时限" not in [h.strip() for h in header]


def test_due_undated_with_dept_and_tag() -> None:
    # 县气象局 is named only in 2.1; its membership of 县安委会有关成员单位 adds nothing (待分工).
    assert task_ids(ok_json("due", "--undated", "--dept", "气象局", "--tag", "应急管理体制")) == ["2.1.1", "2.1.2"]


@pytest.mark.parametrize(
    ("dept", "expected"),
    [
        # 县住建局 is named in 2.1, 4.5, 5.2 and 5.3: of the dated tasks, 5.3.2 and 4.5.2. Its
        # membership of 县安委会有关成员单位 (1.1, 4.1) gives it nothing until a 分工方案 does.
        ("住建局", [ALL_DEADLINES[1], ALL_DEADLINES[7]]),
        # 县应急局 is named in 4.4 and 4.5 and 5.3 too: 4.4.5 as well.
        ("应急局", [ALL_DEADLINES[1], ALL_DEADLINES[6], ALL_DEADLINES[7]]),
        # 县财政局: named only in 1.3, which has no time limit.
        ("县财政局", []),
        # a group's own duties: 县级负有安全生产监管职责的部门 is named in 1.3, 1.4, 3.1, 3.2;
        # only 3.1.1 (每年) is dated. 县安委会有关成员单位: 1.1.2 (two halves), 1.1.3, 4.1.4.
        ("jianguan_bumen", [ALL_DEADLINES[5]]),
        ("anweihui_members", [ALL_DEADLINES[0], ALL_DEADLINES[2], ALL_DEADLINES[3], ALL_DEADLINES[4]]),
        ("崇文镇", ALL_DEADLINES),
        ("县人民政府", []),
    ],
)
def test_due_dept(dept: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    assert due_rows("--dept", dept) == expected


def test_due_tag() -> None:
    assert due_rows("--tag", "应急演练") == [ALL_DEADLINES[7]]
    assert due_rows("--tag", "煤矿") == [ALL_DEADLINES[1]]
    # 4.1.4 (预案修订) is 县安委会有关成员单位's and the townships': 待分工 for 县应急局
    assert due_rows("--tag", "应急预案", "--dept", "崇文镇") == [ALL_DEADLINES[2]]
    assert due_rows("--tag", "应急预案", "--dept", "应急局") == []


# ── dept ──


def test_dept_overview_has_every_unit_with_counts() -> None:
    records = ok_json("dept", "--as-of", AS_OF)
    assert [r["id"] for r in records] == [u["id"] for u in departments_yaml()["units"]]
    assert all({"id", "name", "kind"} <= set(r) for r in records)
    by_id = {r["id"]: r for r in records}
    counts = {uid: (r["clauses_direct"], r["tasks_direct"], r["tasks_rule"], r["tasks_group"], r["deadlines"]) for uid, r in by_id.items()}
    # 县应急局 is named in 2.1, 4.2, 4.4, 4.5, 5.2, 5.3 (26 tasks; deadlines 4.4.5, 4.5.2, 5.3.2).
    # Membership of a group (县安委会有关成员单位, 监管部门) gives it nothing: their part is 待分工.
    assert counts["yingji"] == (6, 26, 0, 0, 3)
    # 县气象局: named only in 2.1 (2 tasks, undated).
    assert counts["qixiang"] == (1, 2, 0, 0, 0)
    assert counts["caizheng"] == (1, 5, 0, 0, 0)  # 1.3 only
    # the groups keep their own duties: 1.1.2 (two halves), 1.1.3, 4.1.4; and 3.1.1
    assert counts["anweihui_members"] == (11, 59, 0, 0, 4)
    assert counts["jianguan_bumen"] == (4, 24, 0, 0, 1)
    # 各乡镇人民政府: named in 1.1 (5 tasks); the rule covers the 104 tasks after it.
    assert counts["xiangzhen"] == (1, 5, 104, 0, 8)
    # 崇文镇: through 各乡镇人民政府 (a collective is expanded), which 1.1 names (5) and the rule carries (104).
    assert counts["chongwen"] == (0, 0, 104, 5, 8)
    assert counts["zhengfu"] == (0, 0, 0, 0, 0)
    assert (by_id["chongwen"]["name"], by_id["chongwen"]["kind"]) == ("崇文镇", "township")
    assert (by_id["xiangzhen"]["name"], by_id["xiangzhen"]["kind"]) == ("各乡镇人民政府", "collective")
    assert by_id["yingji"]["next_deadline"] == {"date": "2025-06-30", "task": "5.3.2"}
    assert by_id["chongwen"]["next_deadline"] == {"date": "2025-06-30", "task": "1.1.2"}
    assert by_id["jianguan_bumen"]["next_deadline"] == {"date": "2025-12-31", "task": "3.1.1"}
    assert by_id["caizheng"]["next_deadline"] is None
    assert by_id["zhengfu"]["next_deadline"] is None


def test_dept_overview_next_deadline_follows_as_of() -> None:
    by_id = {r["id"]: r for r in ok_json("dept", "--as-of", "2025-07-01")}
    # past 5.3.2 (06-30): 4.4.5 and 4.5.2 are both 12-31, 4.4.5 first
    assert by_id["yingji"]["next_deadline"] == {"date": "2025-12-31", "task": "4.4.5"}
    assert by_id["yingji"]["deadlines"] == 3  # the count does not depend on the date
    assert by_id["chongwen"]["next_deadline"] == {"date": "2025-10-31", "task": "4.1.4"}


def test_dept_overview_plain_has_one_row_per_unit() -> None:
    rows = tab_lines(ok("dept", "--as-of", AS_OF))
    assert len(rows) == 1 + 30
    row = next(r for r in rows if r[0].strip() == "yingji")
    assert [c.strip() for c in row[1:8]] == ["县应急局", "县直部门", "6", "26", "0", "0", "3"]


def test_dept_name_groups_duties_by_section_and_clause() -> None:
    out = ok("dept", "应急局", "--as-of", AS_OF)
    lines = out.splitlines()
    assert lines[0] == "县应急局（yingji）的任务"
    headings = [line.rstrip() for line in lines if line[:2] in ("一、", "二、", "三、", "四、", "五、", "六、")]
    # 县应急局 is named in no clause of sections 一, 三 and 六 (those are its groups', 待分工).
    assert headings == [
        "二、严格防范措施，健全安全风险防控机制",
        "四、强化应急准备，提高事故灾害处置能力",
        "五、加强基础建设，提升应急管理综合水平",
    ]
    rows = [r for r in tab_lines(out)[1:] if r[1].strip()]  # task rows, not the section headings
    clause_cells = [r[0].strip() for r in rows if r[0].strip()]
    assert clause_cells == [
        "2.1 完善应急管理体制",
        "4.2 加强应急队伍建设",
        "4.4 加强物资装备保障",
        "4.5 开展应急救援队伍实战练兵",
        "5.2 推进标准化建设",
        "5.3 开展安全工程治理",
    ]
    by_task = {r[1].strip(): [c.strip() for c in r] for r in rows}
    assert list(by_task) == clause_tasks("2.1", "4.2", "4.4", "4.5", "5.2", "5.3")
    # columns: 条款, 任务编号, 任务, 职责 (the notice's role word), 分工 (its part), 责任来源, 完成时限
    assert by_task["2.1.1"][3:6] == ["分工负责", "责任", "通知点名"]
    assert by_task["5.3.2"][6] == "2025-06-30（2025年6月底前）"
    assert by_task["4.4.5"][6] == "2025-12-31（年底前）"


def test_dept_name_of_a_group_shows_its_part_pending() -> None:
    rows = {r[1].strip(): [c.strip() for c in r] for r in tab_lines(ok("dept", "县安委会有关成员单位", "--as-of", AS_OF))[1:] if r[1].strip()}
    assert list(rows) == clause_tasks(*ANWEIHUI_CLAUSES)
    assert rows["1.1.1"][3:6] == ["负责", "待分工", "通知点名"]
    assert rows["1.1.2"][6] == "2025-06-30（每半年·上半年）；2025-12-31（每半年·下半年）"
    data = ok_json("dept", "anweihui_members", "--as-of", AS_OF)
    assert {(d["part"], d["via"], d["local"]) for d in data["duties"]} == {("pending", None, False)}


def test_dept_name_json_contract() -> None:
    data = ok_json("dept", "县应急局", "--as-of", AS_OF)
    assert {"id": "yingji", "name": "县应急局"}.items() <= data["unit"].items()
    duties = {d["task"]: d for d in data["duties"]}
    assert list(duties) == clause_tasks("2.1", "4.2", "4.4", "4.5", "5.2", "5.3")
    assert all({"task", "clause", "title", "role", "part", "via", "local", "deadlines"} <= set(d) for d in data["duties"])
    assert {k: duties["2.1.1"][k] for k in ("clause", "title", "role", "part", "via", "local")} == {
        "clause": "2.1",
        "title": "根据工作需要推动恢复设立防减救灾委等",
        "role": "分工负责",
        "part": "responsible",
        "via": None,
        "local": False,
    }
    assert "1.1.1" not in duties  # 县安委会有关成员单位's part of 1.1 is 待分工: no member's duty yet
    assert [(d["date"], d["phrase"]) for d in duties["5.3.2"]["deadlines"]] == [("2025-06-30", "2025年6月底前")]
    assert duties["4.4.5"]["deadlines"][0]["date"] == "2025-12-31"
    assert duties["2.1.1"]["deadlines"] == []


def test_dept_direct_keeps_only_the_units_the_notice_names() -> None:
    data = ok_json("dept", "qixiang", "--direct", "--as-of", AS_OF)
    assert [(d["task"], d["role"], d["via"]) for d in data["duties"]] == [("2.1.1", "分工负责", None), ("2.1.2", "分工负责", None)]
    data = ok_json("dept", "财政局", "--direct", "--as-of", AS_OF)
    assert [(d["task"], d["role"]) for d in data["duties"]] == [(t, "指导督促落实") for t in clause_tasks("1.3")]
    data = ok_json("dept", "各乡镇人民政府", "--direct", "--as-of", AS_OF)
    assert [(d["task"], d["role"]) for d in data["duties"]] == [(t, "负责") for t in clause_tasks("1.1")]


def test_township_gets_its_duties_through_the_collective_and_the_rule() -> None:
    data = ok_json("dept", "崇文镇", "--as-of", AS_OF)
    assert {"id": "chongwen", "name": "崇文镇"}.items() <= data["unit"].items()
    assert [d["task"] for d in data["duties"]] == ALL_TASKS
    assert {(d["role"], d["via"]) for d in data["duties"]} == {("负责", "xiangzhen")}

    rows = {r[1].strip(): r[5].strip() for r in tab_lines(ok("dept", "崇文镇", "--as-of", AS_OF))[1:] if r[1].strip()}
    quote = "以下均需各乡镇人民政府负责，不再一一列出"
    assert f"（县安委会有关成员单位和各乡镇人民政府负责。{quote}）" in notice_text()
    rule = f"据“{quote}”（第1.1条）"
    # 1.1 names 各乡镇人民政府 itself; from 1.2 on the duty comes from the rule stated in 1.1.
    assert rows["1.1.1"] == "经各乡镇人民政府（本地配置）"
    assert rows["1.2.1"] == f"经各乡镇人民政府（本地配置）；{rule}"
    assert rows["6.3.5"] == f"经各乡镇人民政府（本地配置）；{rule}"
    duties = {d["task"]: d for d in data["duties"]}
    assert [(d["date"], d["phrase"], d["key"]) for d in duties["1.1.2"]["deadlines"]] == [
        ("2025-06-30", "每半年", "2025H1"),
        ("2025-12-31", "每半年", "2025H2"),
    ]
    assert duties["4.1.4"]["deadlines"][0]["date"] == "2025-10-31"


def test_township_has_no_duty_named_directly() -> None:
    assert ok_json("dept", "崇文镇", "--direct", "--as-of", AS_OF)["duties"] == []
    out = ok("dept", "崇文镇", "--direct", "--as-of", AS_OF)
    assert out.splitlines() == ["崇文镇（chongwen）的任务", "（无符合条件的记录）"]


# ── list ──


def test_list_dept() -> None:
    assert listed("--dept", "气象局", "--direct") == ["2.1.1", "2.1.2"]
    # 县财政局 is named in 1.3 only; 县安委会有关成员单位's clauses stay 待分工, not its own
    assert listed("--dept", "县财政局") == clause_tasks("1.3")
    assert listed("--dept", "县安委会有关成员单位") == clause_tasks(*ANWEIHUI_CLAUSES)
    assert listed("--dept", "崇文镇") == ALL_TASKS
    assert listed("--dept", "崇文镇", "--direct") == []


def test_list_section_orders_task_ids_numerically() -> None:
    ids = listed("--section", "3")
    assert ids == [f"3.1.{n}" for n in range(1, 13)] + ["3.2.1", "3.2.2", "3.2.3"]


def test_list_clause() -> None:
    assert listed("--clause", "5.3") == [f"5.3.{n}" for n in range(1, 7)]


def test_list_tag() -> None:
    assert listed("--tag", "应急演练") == ["4.5.1", "4.5.2", "4.5.3", "6.3.4"]
    assert listed("--tag", "校园") == ["3.1.12", "5.1.9", "6.3.4"]


def test_list_has_deadline_and_no_deadline_split_the_catalogue() -> None:
    dated = listed("--has-deadline")
    undated = listed("--no-deadline")
    assert dated == DATED_TASKS
    assert undated == [t for t in ALL_TASKS if t not in DATED_TASKS]


def test_list_search_looks_in_title_and_text() -> None:
    # 4.3.4 says 无人机 in its text only; 4.3.5 in its title too.
    assert listed("--search", "无人机") == ["4.3.4", "4.3.5"]
    assert listed("--search", "灾害发生后2小时内") == ["4.1.5"]
    assert listed("--search", "不在通知里的词") == []


def test_list_sort_deadline() -> None:
    ids = listed("--sort", "deadline")
    assert ids[:7] == ["1.1.2", "5.3.2", "4.1.4", "1.1.3", "3.1.1", "4.4.5", "4.5.2"]
    assert ids[7:] == [t for t in ALL_TASKS if t not in DATED_TASKS]


def test_list_sort_title() -> None:
    records = ok_json("list", "--section", "6", "--sort", "title")
    titles = [r["title"] for r in records]
    assert titles == sorted(titles)
    assert sorted(task_ids(records)) == sorted(clause_tasks("6.1", "6.2", "6.3"))


def test_list_sort_units_groups_tasks_by_their_first_unit() -> None:
    records = ok_json("list", "--section", "4", "--sort", "units")
    firsts = [r["units"][0]["id"] for r in records]
    assert firsts == sorted(firsts)
    assert sorted(task_ids(records), key=ALL_TASKS.index) == clause_tasks("4.1", "4.2", "4.3", "4.4", "4.5")
    # within one unit, by task id: 4.1 and 4.3 both start with 县安委会有关成员单位
    assert task_ids(records)[:11] == clause_tasks("4.1", "4.3")


def test_list_filters_combine() -> None:
    assert listed("--section", "4", "--has-deadline") == ["4.1.4", "4.4.5", "4.5.2"]
    # 县交通局 is named in 4.5; 6.3.4 is 县安委会有关成员单位's (待分工) and the townships'.
    assert listed("--dept", "交通局", "--tag", "应急演练") == ["4.5.1", "4.5.2", "4.5.3"]
    assert listed("--dept", "交通局", "--tag", "应急演练", "--direct") == ["4.5.1", "4.5.2", "4.5.3"]
    assert listed("--dept", "崇文镇", "--tag", "应急演练") == ["4.5.1", "4.5.2", "4.5.3", "6.3.4"]
    assert listed("--clause", "1.1", "--search", "清单") == ["1.1.2", "1.1.3"]
    assert listed("--section", "5", "--tag", "煤矿", "--has-deadline", "--sort", "deadline") == ["5.3.2"]


def test_list_json_contract() -> None:
    records = {r["task"]: r for r in ok_json("list", "--clause", "5.3")}
    keys = {"task", "clause", "section", "title", "text", "units", "deadlines", "targets", "tags"}
    assert all(keys <= set(r) for r in records.values())
    r = records["5.3.2"]
    assert (r["clause"], r["section"], r["title"]) == ("5.3", "5", "完成煤矿隐蔽致灾因素普查")
    assert r["text"] == "全面推行“地质透明化”建设三年行动，2025年6月底前完成煤矿区域性隐蔽致灾因素普查。"
    assert r["text"] in notice_text()
    assert [{k: d[k] for k in ("date", "phrase")} for d in r["deadlines"]] == [{"date": "2025-06-30", "phrase": "2025年6月底前"}]
    assert r["tags"] == ["安全工程", "煤矿"]
    assert r["targets"] == []
    units = [{k: u[k] for k in ("id", "name", "role", "via")} for u in r["units"]]
    assert units[:7] == [
        {"id": "yingji", "name": "县应急局", "role": "分工负责", "via": None},
        {"id": "zhujian", "name": "县住建局", "role": "分工负责", "via": None},
        {"id": "jiaotong", "name": "县交通局", "role": "分工负责", "via": None},
        {"id": "shuiwu", "name": "县水务局", "role": "分工负责", "via": None},
        {"id": "fagai", "name": "县发改局", "role": "分工负责", "via": None},
        {"id": "xiaofang", "name": "县消防救援大队", "role": "分工负责", "via": None},
        {"id": "xiangzhen", "name": "各乡镇人民政府", "role": "负责", "via": "xiangzhen_rule"},
    ]
    assert {(u["id"], u["role"], u["via"]) for u in units[7:]} == {(t, "负责", "xiangzhen") for t in TOWNSHIPS}
    assert records["5.3.4"]["targets"][0]["quote"] == "全力推动化工园区安全风险达到D级"
    assert records["5.3.4"]["targets"][0]["level"] == "D级"


def test_list_json_targets_and_recurring_deadlines() -> None:
    records = {r["task"]: r for r in ok_json("list", "--has-deadline")}
    target = records["4.4.5"]["targets"][0]
    assert (target["quote"], target["firm"], target["min"], target["per"]) == ("每个村（社区）至少建立1处应急避难场所", False, 1, "每个村（社区）")
    assert [(d["date"], d["phrase"]) for d in records["1.1.2"]["deadlines"]] == [("2025-06-30", "每半年"), ("2025-12-31", "每半年")]
    assert [(d["date"], d["phrase"]) for d in records["3.1.1"]["deadlines"]] == [("2025-12-31", "每年")]
    assert [(d["date"], d["phrase"]) for d in records["4.5.2"]["deadlines"]] == [("2025-12-31", "年底前")]
    # 1.1 names 各乡镇人民政府 itself, so there it comes from the clause, not from the rule.
    xiangzhen = next(u for u in records["1.1.2"]["units"] if u["id"] == "xiangzhen")
    assert (xiangzhen["role"], xiangzhen["via"]) == ("负责", None)


def test_list_plain_marks_units_the_rule_adds() -> None:
    rows = {r[0].strip(): [c.strip() for c in r] for r in tab_lines(ok("list", "--clause", "1.2"))[1:]}
    assert list(rows) == clause_tasks("1.2")
    # ※: added by the rule; a group's part not yet divided by a 分工方案 is marked 待分工
    assert rows["1.2.1"][2] == "县安委会有关成员单位（待分工）、各乡镇人民政府※"
    rows = {r[0].strip(): [c.strip() for c in r] for r in tab_lines(ok("list", "--clause", "1.1"))[1:]}
    assert rows["1.1.1"][2] == "县安委会有关成员单位（待分工）、各乡镇人民政府"
    rows = {r[0].strip(): [c.strip() for c in r] for r in tab_lines(ok("list", "--clause", "5.3"))[1:]}
    assert rows["5.3.2"][2].startswith("县应急局、县住建局")  # named units have no mark
    assert "待分工" not in rows["5.3.2"][2]


# ── show ──


def test_show_task_text() -> None:
    out = ok("show", "5.3.2")
    lines = out.splitlines()
    assert lines[:7] == [
        "5.3.2　完成煤矿隐蔽致灾因素普查",
        "部分：五、加强基础建设，提升应急管理综合水平",
        "条款：5.3 开展安全工程治理",
        "原文：全面推行“地质透明化”建设三年行动，2025年6月底前完成煤矿区域性隐蔽致灾因素普查。",
        "类型：限时完成（据“2025年6月底前”）",
        "类型说明：“三年行动”不是本年时限，本年考核“2025年6月底前完成…普查”。",
        "责任分工：（县应急局、县住建局、县交通局、县水务局、县发改局、县消防救援大队等部门分工负责）（原文为“等部门”，名单未尽）",
    ]
    # each unit: the notice's role word, its part (责任: must report), where the duty comes from
    assert "  县应急局（yingji）　分工负责　责任　通知点名" in lines
    assert "  各乡镇人民政府（xiangzhen）　负责　责任　据“以下均需各乡镇人民政府负责，不再一一列出”（第1.1条）" in lines
    assert "  崇文镇（chongwen）　负责　责任　经各乡镇人民政府（本地配置）；据“以下均需各乡镇人民政府负责，不再一一列出”（第1.1条）" in lines
    assert "完成时限：2025-06-30（2025年6月底前）" in lines
    assert lines[-1] == "标签：安全工程、煤矿"


def test_show_task_text_targets_and_requirements() -> None:
    assert "目标：每个村（社区）至少建立1处应急避难场所（力争）" in ok("show", "4.4.5").splitlines()
    assert "目标：至少研究解决10项具体问题" in ok("show", "1.1.3").splitlines()
    assert "时效要求：灾害发生后2小时内" in ok("show", "4.1.5").splitlines()
    lines = ok("show", "1.1.2").splitlines()
    assert "完成时限：2025-06-30（每半年·上半年）；2025-12-31（每半年·下半年）" in lines
    assert "  县安委会有关成员单位（anweihui_members）　负责　待分工　通知点名" in lines
    assert not any(line.startswith("  县应急局") for line in lines)  # a member is not expanded


def test_show_task_json_is_the_list_record() -> None:
    record = ok_json("show", "5.3.2")
    assert record == ok_json("list", "--clause", "5.3")[1]
    assert record["task"] == "5.3.2"


def test_show_clause() -> None:
    out = ok("show", "5.3")
    lines = out.splitlines()
    assert lines[0] == "5.3　开展安全工程治理"
    assert lines[1].startswith("原文：（三）开展安全工程治理。依托国家“两重”“两新”政策")
    assert [line.split("　")[0] for line in lines if line[:4] == "5.3." and "　" in line] == [f"5.3.{n}" for n in range(1, 7)]

    record = ok_json("show", "5.3")
    assert (record["clause"], record["section"], record["heading"]) == ("5.3", "5", "开展安全工程治理")
    responsibility = record["responsibility"]
    assert responsibility["quote"] == "县应急局、县住建局、县交通局、县水务局、县发改局、县消防救援大队等部门分工负责"
    assert (responsibility["role"], responsibility["open_list"]) == ("分工负责", True)
    assert [u["id"] for u in responsibility["units"]][:6] == NAMED_53
    assert task_ids(record["tasks"]) == [f"5.3.{n}" for n in range(1, 7)]


# ── calendar ──


def grid(out: str, title: str) -> list[str]:
    """The lines of one month grid: its title line, the weekday line and the weeks."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == title)
    end = next(i for i in range(start + 2, len(lines)) if not lines[i].strip() or "\t" in lines[i])
    return lines[start:end]


def test_calendar_month_marks_the_deadline_day() -> None:
    out = ok("calendar", "--month", "2025-06", "--as-of", AS_OF)
    june = grid(out, "2025年6月")
    assert june[1] == "  一  二  三  四  五  六  日"
    # 2025-06-01 is a Sunday: the first week has one day, in the last of seven 4-column cells.
    assert dt.date(2025, 6, 1).weekday() == 6
    assert june[2] == " " * 27 + "1"
    assert june[-1] == "[30]"
    assert "".join(june).count("[") == 1
    rows = tab_lines(out)
    assert [(r[0], r[2].strip()) for r in rows[1:]] == [("2025-06-30", "1.1.2"), ("2025-06-30", "5.3.2")]


def test_calendar_month_without_deadlines() -> None:
    out = ok("calendar", "--month", "2025-07", "--as-of", AS_OF)
    assert "[" not in "".join(grid(out, "2025年7月"))
    assert "本月无时限。" in out.splitlines()


def test_calendar_lists_every_month_with_deadlines() -> None:
    out = ok("calendar", "--as-of", AS_OF)
    titles = [line.strip() for line in out.splitlines() if line.strip().startswith("2025年") and line.strip().endswith("月")]
    assert titles == ["2025年6月", "2025年10月", "2025年12月"]
    assert grid(out, "2025年10月")[-1].endswith("[31]")
    assert grid(out, "2025年12月")[-1].endswith("[31]")
    dec_rows = [r for r in tab_lines(out) if r[0] == "2025-12-31"]
    assert [r[2].strip() for r in dec_rows] == ["1.1.2", "1.1.3", "3.1.1", "4.4.5", "4.5.2"]


def test_calendar_dept_and_json() -> None:
    out = ok("calendar", "--dept", "监管部门", "--as-of", AS_OF)
    assert [line.strip() for line in out.splitlines() if line.strip().endswith("月") and "年" in line] == ["2025年12月"]
    assert task_ids(ok_json("calendar", "--month", "2025-06", "--as-of", AS_OF)) == ["1.1.2", "5.3.2"]


# ── options that mean nothing together are refused, never silently ignored ──


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--direct"], "--direct goes with --dept UNIT"),
        (["dept", "--direct"], "--direct goes with NAME"),
        (["due", "--undated", "--before", "2025-06-30"], "--undated cannot be combined with --before"),
        (["due", "--undated", "--within", "30d", "--overdue"], "--undated cannot be combined with --within, --overdue"),
        (["progress", "--by", "dept", "--section", "5"], "--by cannot be combined with --section"),
        (["progress", "--by", "section", "--dept", "应急局"], "--by cannot be combined with --dept"),
    ],
)
def test_options_that_mean_nothing_together_are_refused(args: list[str], message: str) -> None:
    result = run("--lang", "en", *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"anquan: error: {message}\n"
