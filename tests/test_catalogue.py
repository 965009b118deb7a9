"""The loader on mutated copies of the shipped data: each problem is `file:line:col: path: message`.

Then the resolution rules, on the shipped data itself: the 乡镇 rule, group members, recurrences.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from anquan_cli.catalogue import Catalogue, load_catalogue
from anquan_cli.errors import DataError

Edit = Callable[[Path, str, str], tuple[int, int]]  # the `edit` fixture of conftest.py
DATE_HELP = "use YYYY-MM-DD, a real calendar day"


@pytest.fixture(autouse=True)
def _in_workdir(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workdir)  # files are then shown as tasks.yaml, departments.yaml


@pytest.fixture
def tasks(workdir: Path) -> Path:
    return workdir / "tasks.yaml"


@pytest.fixture
def departments(workdir: Path) -> Path:
    return workdir / "departments.yaml"


def problems(root: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_catalogue(root)
    found = [str(p) for p in info.value.problems]
    assert str(info.value) == "\n".join(found)
    return found


def locate(path: Path, needle: str) -> tuple[int, int]:
    """(line, column) of the one occurrence of `needle` in a file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(needle) == 1, f"{needle!r} occurs {text.count(needle)} times"
    start = text.index(needle)
    return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1


def _shipped_yaml(shipped: Path, name: str) -> dict[str, Any]:
    return yaml.safe_load((shipped / name).read_text(encoding="utf-8"))


def clause_path(shipped: Path, clause_id: str) -> str:
    """`clauses[i]` of a clause, read with plain PyYAML, not with the loader under test."""
    ids = [c["id"] for c in _shipped_yaml(shipped, "tasks.yaml")["clauses"]]
    return f"clauses[{ids.index(clause_id)}]"


def text_position(tasks: Path, task_id: str) -> tuple[int, int]:
    """(line, column) of a task's `text` value: tasks are written `- id`, `title`, `text`, one per line."""
    line, col = locate(tasks, f'- id: "{task_id}"\n')
    return line + 2, col + len("- text: ")


def task_path(shipped: Path, task_id: str) -> str:
    clause_id = task_id.rsplit(".", 1)[0]
    clause = next(c for c in _shipped_yaml(shipped, "tasks.yaml")["clauses"] if c["id"] == clause_id)
    return f"{clause_path(shipped, clause_id)}.tasks[{[t['id'] for t in clause['tasks']].index(task_id)}]"


def unit_path(shipped: Path, unit_id: str) -> str:
    ids = [u["id"] for u in _shipped_yaml(shipped, "departments.yaml")["units"]]
    return f"units[{ids.index(unit_id)}]"


def test_copy_of_shipped_data_loads(workdir: Path) -> None:
    # Every mutation below starts from this: a failure here is the data's, not the test's.
    assert len(load_catalogue(workdir).tasks) > 0


# ── shapes and values (pydantic) ──


def test_impossible_month(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(tasks, "date: 2025-10-31", "date: 2025-13-01")  # 4.1.4: 2025年10月底前完成自然灾害救助应急预案修订发布
    assert problems(tasks.parent) == [f"tasks.yaml:{line}:{col + 6}: {task_path(shipped, '4.1.4')}.deadlines[0].date: invalid date '2025-13-01': {DATE_HELP}"]


def test_impossible_day(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(tasks, "date: 2025-06-30", "date: 2025-02-30")  # 5.3.2: 2025年6月底前完成煤矿区域性隐蔽致灾因素普查
    assert problems(tasks.parent) == [f"tasks.yaml:{line}:{col + 6}: {task_path(shipped, '5.3.2')}.deadlines[0].date: invalid date '2025-02-30': {DATE_HELP}"]


def test_unknown_field_in_a_task(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(tasks, "        title: 修订发布自然灾害救助预案\n", "        owner: yingji\n        title: 修订发布自然灾害救助预案\n")
    assert problems(tasks.parent) == [f"tasks.yaml:{line}:{col + 8}: {task_path(shipped, '4.1.4')}.owner: unknown field"]


def test_unknown_field_in_a_unit(departments: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(departments, "    short: 财政局\n", "    phone: 0356-6212345\n    short: 财政局\n")
    assert problems(departments.parent) == [f"departments.yaml:{line}:{col + 4}: {unit_path(shipped, 'caizheng')}.phone: unknown field"]


def test_missing_required_field_is_located_at_its_parent(tasks: Path, shipped: Path, edit: Edit) -> None:
    edit(tasks, "        title: 修订发布自然灾害救助预案\n", "")
    line, col = locate(tasks, 'id: "4.1.4"')
    assert problems(tasks.parent) == [f"tasks.yaml:{line}:{col}: {task_path(shipped, '4.1.4')}.title: missing required field"]


@pytest.mark.parametrize(
    ("old", "new", "offset", "clause", "suffix", "message"),
    [
        pytest.param(
            "min: 10\n",
            "min: 十\n",
            5,
            "1.1",
            ".tasks[2].targets[0].min",
            "Input should be a valid integer, unable to parse string as an integer (got '十')",
            id="text-for-a-number",
        ),
        pytest.param(
            "units: [anweihui_members, xiangzhen]",
            "units: anweihui_members",
            7,
            "1.1",
            ".responsibility.units",
            "Input should be a valid list (got 'anweihui_members')",
            id="text-for-a-list",
        ),
        pytest.param(
            '- id: "1.2"\n',
            "- id: 1.2\n",
            6,
            "1.2",
            ".id",
            "Input should be a valid string (got 1.2)",
            id="unquoted-clause-id",
        ),
        pytest.param(
            '      open: false\n    tasks:\n      - id: "1.1.1"',
            '      open: 不\n    tasks:\n      - id: "1.1.1"',
            12,
            "1.1",
            ".responsibility.open",
            "Input should be a valid boolean, unable to interpret input (got '不')",
            id="text-for-a-bool",
        ),
    ],
)
def test_wrong_type(tasks: Path, shipped: Path, edit: Edit, old: str, new: str, offset: int, clause: str, suffix: str, message: str) -> None:
    line, col = edit(tasks, old, new)
    assert problems(tasks.parent) == [f"tasks.yaml:{line}:{col + offset}: {clause_path(shipped, clause)}{suffix}: {message}"]


def test_role_outside_the_vocabulary(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(tasks, "指导督促落实\n      units: [jianguan_bumen]\n", "督促\n      units: [jianguan_bumen]\n")
    assert problems(tasks.parent) == [
        f"tasks.yaml:{line}:{col}: {clause_path(shipped, '1.4')}.responsibility.role: Input should be '负责', '分工负责', '指导督促落实' or '牵头' (got '督促')"
    ]


# ── references ──


def test_unknown_unit_in_a_clause(tasks: Path, shipped: Path, edit: Edit) -> None:
    # 4.2: （县林业局、县自然资源局、县应急局、县消防救援大队等部门分工负责）
    line, col = edit(tasks, "[linye, ziranziyuan, yingji, xiaofang]", "[linye, ziranziyuan, yingjiju, xiaofang]")
    here = f"{clause_path(shipped, '4.2')}.responsibility"
    assert problems(tasks.parent) == [
        f"tasks.yaml:{line}:{col}: {here}.units: the quote names '县应急局' (yingji) but units omit it",
        f"tasks.yaml:{line}:{col + len('[linye, ziranziyuan, ')}: {here}.units[2]: unknown unit 'yingjiju' (not in departments.yaml)",
    ]


def test_unknown_unit_as_a_group_member(departments: Path, shipped: Path, edit: Edit) -> None:
    members = "[caizheng, ziranziyuan, linye, shuiwu, nongye, zhujian, yingji, xiaofang,"  # of anweihui_members
    line, col = edit(departments, members, members.replace("caizheng", "caizhengju"))
    assert problems(departments.parent) == [
        f"departments.yaml:{line}:{col + 1}: {unit_path(shipped, 'anweihui_members')}.members[0]: unknown unit 'caizhengju'"
    ]


def test_unknown_tag(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(tasks, "tags: [应急预案, 救灾救助, 自然灾害]", "tags: [应急预案, 救灾, 自然灾害]")
    assert problems(tasks.parent) == [
        f"tasks.yaml:{line}:{col + len('tags: [应急预案, ')}: {task_path(shipped, '4.1.4')}.tags[1]: unknown tag '救灾' (add it to tags: first)"
    ]


# ── fidelity to notice.txt ──


@pytest.mark.parametrize(
    ("task_id", "old", "new"),
    [
        pytest.param("4.1.4", "应急预案修订发布。", "应急预案修订并发布。", id="word-added"),
        pytest.param("4.2.2", "专职消防队建设，完善", "专职消防队建设,完善", id="ascii-comma"),
        pytest.param("1.3.1", "规定的11项职责", "规定的 11 项职责", id="pdf-spaces"),
    ],
)
def test_task_text_not_verbatim(tasks: Path, shipped: Path, edit: Edit, task_id: str, old: str, new: str) -> None:
    edited_line, _ = edit(tasks, old, new)
    line, col = text_position(tasks, task_id)
    assert edited_line == line
    assert problems(tasks.parent) == [f"tasks.yaml:{line}:{col}: {task_path(shipped, task_id)}.text: not verbatim in this clause of notice.txt"]


def test_deadline_before_the_notice_date(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(tasks, "date: 2025-06-30", "date: 2025-03-31")  # 5.3.2, notice dated 2025-04-07
    here = f"tasks.yaml:{line}:{col + 6}: {task_path(shipped, '5.3.2')}.deadlines[0].date"
    assert problems(tasks.parent) == [
        f"{here}: '2025年6月底前' means 2025-06-30, not 2025-03-31",
        f"{here}: 2025-03-31 is before the notice date 2025-04-07",
    ]


def test_deadline_contradicting_its_phrase(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(tasks, "date: 2025-10-31", "date: 2025-11-30")
    assert problems(tasks.parent) == [
        f"tasks.yaml:{line}:{col + 6}: {task_path(shipped, '4.1.4')}.deadlines[0].date: '2025年10月底前' means 2025-10-31, not 2025-11-30"
    ]


def test_deadline_phrase_that_is_no_time_limit(tasks: Path, shipped: Path, edit: Edit) -> None:
    # 4.2.3 says 完成年度抢险救援专业队伍力量普查: 年度 is verbatim but not a time limit (docs/catalogue-format.md)
    anchor = "        title: 队伍力量普查与规范化建设\n"
    phrase = "            phrase: 年度\n"
    line, _ = edit(tasks, anchor, anchor + "        deadlines:\n          - date: 2025-12-31\n" + phrase)
    kind_line, kind_col = locate(tasks, "kind: once\n          quote: 完成年度抢险救援专业队伍力量普查")
    assert problems(tasks.parent) == [
        f"tasks.yaml:{line + 3}:{phrase.index('年度') + 1}: {task_path(shipped, '4.2.3')}.deadlines[0].phrase: "
        "'年度' is not a time limit (e.g. 2025年6月底前, 年底前)",
        # and a task with a deadline is a dated one (docs/catalogue-format.md, kinds of duty)
        f"tasks.yaml:{kind_line}:{kind_col + len('kind: ')}: {task_path(shipped, '4.2.3')}.duty.kind: "
        "the task has the time limit '年度': its kind is dated, not once (mark a 力争 time limit firm: false)",
    ]


def test_deadline_phrase_not_in_the_task_text(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(tasks, "phrase: 2025年10月底前\n", "phrase: 2025年9月底前\n")  # the phrase, not the text
    col += len("phrase: ")
    edit(tasks, "date: 2025-10-31", "date: 2025-09-30")
    text_line, text_col = text_position(tasks, "4.1.4")
    task = task_path(shipped, "4.1.4")
    assert problems(tasks.parent) == [
        f"tasks.yaml:{text_line}:{text_col}: {task}.text: states the time limit '2025年10月底前' but no deadline or recurrence encodes it",
        f"tasks.yaml:{line}:{col}: {task}.deadlines[0].phrase: '2025年9月底前' is not in the task's text",
    ]


def test_recurrence_period_contradicting_its_phrase(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(tasks, "every: half_year", "every: year")  # 1.1.2: 每半年至少召开1次专题会议
    assert problems(tasks.parent) == [
        f"tasks.yaml:{line}:{col + len('every: ')}: {task_path(shipped, '1.1.2')}.recurrence.every: '每半年' means half_year, not year"
    ]


@pytest.mark.parametrize(
    ("task_id", "encoding", "limit"),
    [
        pytest.param("4.1.4", "        deadlines:\n          - date: 2025-10-31\n            phrase: 2025年10月底前\n", "2025年10月底前", id="deadline"),
        pytest.param("3.1.1", "        recurrence:\n          every: year\n          phrase: 每年\n", "每年", id="recurrence"),
    ],
)
def test_time_limit_in_the_text_left_unencoded(tasks: Path, shipped: Path, edit: Edit, task_id: str, encoding: str, limit: str) -> None:
    edit(tasks, encoding, "")
    line, col = text_position(tasks, task_id)
    kind = "dated" if task_id == "4.1.4" else "recurring"
    kind_line, kind_col = locate(tasks, f"kind: {kind}\n          quote: {limit}\n")
    missing = "kind dated needs a deadline (deadlines:)" if kind == "dated" else "kind recurring needs a recurrence (recurrence:)"
    assert problems(tasks.parent) == [
        f"tasks.yaml:{line}:{col}: {task_path(shipped, task_id)}.text: states the time limit {limit!r} but no deadline or recurrence encodes it",
        f"tasks.yaml:{kind_line}:{kind_col + len('kind: ')}: {task_path(shipped, task_id)}.duty.kind: {missing}",
    ]


# ── responsibility ──


@pytest.mark.parametrize(
    ("clause", "old", "new", "worded"),
    [
        # 2.1: （县自然资源局、…、县气象局等部门分工负责）: 分工负责 also ends in 负责
        pytest.param(
            "2.1", "分工负责\n      units: [ziranziyuan, linye, shuiwu,", "负责\n      units: [ziranziyuan, linye, shuiwu,", "分工负责", id="fengong-as-fuze"
        ),
        # 1.4: （县级负有安全生产监管职责的部门指导督促落实）
        pytest.param("1.4", "指导督促落实\n      units: [jianguan_bumen]\n", "负责\n      units: [jianguan_bumen]\n", "指导督促落实", id="zhidao-as-fuze"),
        # 1.2: （县安委会有关成员单位负责）
        pytest.param(
            "1.2",
            '负责\n      units: [anweihui_members]\n      open: false\n    tasks:\n      - id: "1.2.1"',
            '分工负责\n      units: [anweihui_members]\n      open: false\n    tasks:\n      - id: "1.2.1"',
            "负责",
            id="fuze-as-fengong",
        ),
    ],
)
def test_wrong_role(tasks: Path, shipped: Path, edit: Edit, clause: str, old: str, new: str, worded: str) -> None:
    line, col = edit(tasks, old, new)
    role = new.split("\n")[0]
    assert problems(tasks.parent) == [
        f"tasks.yaml:{line}:{col}: {clause_path(shipped, clause)}.responsibility.role: the quote ends in {worded!r}, not {role!r}"
    ]


@pytest.mark.parametrize(
    ("clause", "old", "new", "missing"),
    [
        pytest.param("1.3", "units: [jianguan_bumen, caizheng]", "units: [jianguan_bumen]", "'县财政局' (caizheng)", id="department"),
        pytest.param("1.1", "units: [anweihui_members, xiangzhen]", "units: [anweihui_members]", "'各乡镇人民政府' (xiangzhen)", id="townships-in-1.1"),
    ],
)
def test_missing_unit(tasks: Path, shipped: Path, edit: Edit, clause: str, old: str, new: str, missing: str) -> None:
    line, col = edit(tasks, old, new)
    assert problems(tasks.parent) == [
        f"tasks.yaml:{line}:{col + len('units: ')}: {clause_path(shipped, clause)}.responsibility.units: the quote names {missing} but units omit it"
    ]


def test_unit_not_named_by_the_clause(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(tasks, "units: [jianguan_bumen, caizheng]", "units: [jianguan_bumen, caizheng, yingji]")
    assert problems(tasks.parent) == [
        f"tasks.yaml:{line}:{col + len('units: [jianguan_bumen, caizheng, ')}: "
        f"{clause_path(shipped, '1.3')}.responsibility.units[2]: '县应急局' is not named in the quote"
    ]


def test_shortened_quote_cannot_hide_a_unit(tasks: Path, shipped: Path, edit: Edit) -> None:
    # 1.3 names 县级负有安全生产监管职责的部门 and 县财政局; quoting only the end drops the first.
    line, col = edit(tasks, "quote: 县级负有安全生产监管职责的部门、县财政局指导督促落实", "quote: 县财政局指导督促落实")
    edit(tasks, "units: [jianguan_bumen, caizheng]", "units: [caizheng]")
    assert problems(tasks.parent) == [
        f"tasks.yaml:{line}:{col + len('quote: ')}: {clause_path(shipped, '1.3')}.responsibility.quote: "
        "not the clause's whole responsibility line '县级负有安全生产监管职责的部门、县财政局指导督促落实'"
    ]


def test_open_list_must_say_so(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(tasks, 'open: true\n    tasks:\n      - id: "2.1.1"', 'open: false\n    tasks:\n      - id: "2.1.1"')
    assert problems(tasks.parent) == [
        f"tasks.yaml:{line}:{col + len('open: ')}: {clause_path(shipped, '2.1')}.responsibility.open: open must be true exactly when the quote says 等部门"
    ]


# rules[0] quotes 以下均需各乡镇人民政府负责，不再一一列出
@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        pytest.param("xiangzhen\n    role: 负责\n", "yingji\n    role: 负责\n", "unit", "'县应急局' is not named in the quote", id="unit"),
        pytest.param("负责\n    applies_to:", "分工负责\n    applies_to:", "role", "the quote does not say '各乡镇人民政府分工负责'", id="role"),
    ],
)
def test_rule_says_what_its_quote_says(tasks: Path, edit: Edit, old: str, new: str, field: str, message: str) -> None:
    line, col = edit(tasks, old, new)
    assert problems(tasks.parent) == [f"tasks.yaml:{line}:{col}: rules[0].{field}: {message}"]


# ── task ids ──


def test_duplicate_task_id(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(tasks, '"1.2.6"', '"1.2.5"')
    here = f"tasks.yaml:{line}:{col}: {task_path(shipped, '1.2.6')}.id"
    assert problems(tasks.parent) == [
        f"{here}: duplicate task id '1.2.5'",
        f"{here}: task ids run 1.2.1, 1.2.2 …: expected 1.2.6",
    ]


def test_non_sequential_task_id(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(tasks, '"1.2.6"', '"1.2.7"')
    assert problems(tasks.parent) == [f"tasks.yaml:{line}:{col}: {task_path(shipped, '1.2.6')}.id: task ids run 1.2.1, 1.2.2 …: expected 1.2.6"]


# ── all at once ──


def test_problems_in_two_files_are_reported_together_and_sorted(tasks: Path, departments: Path, shipped: Path, edit: Edit) -> None:
    # Made in reverse order of the report, to show the sorting is the loader's.
    date_line, date_col = edit(tasks, "date: 2025-10-31", "date: 2025-11-30")
    id_line, id_col = edit(tasks, '"1.2.6"', '"1.2.7"')
    office = "    in_notice: false  # 本地配置：负责调度通报"  # 县安委办: not named by the notice
    unit_line, unit_col = edit(departments, office, office.replace("false", "true"))
    assert problems(tasks.parent) == [
        f"departments.yaml:{unit_line}:{unit_col + len('    in_notice: ')}: {unit_path(shipped, 'anweiban')}.in_notice: "
        "'县安委办' is not named in notice.txt; set in_notice: false",
        f"tasks.yaml:{id_line}:{id_col}: {task_path(shipped, '1.2.6')}.id: task ids run 1.2.1, 1.2.2 …: expected 1.2.6",
        f"tasks.yaml:{date_line}:{date_col + 6}: {task_path(shipped, '4.1.4')}.deadlines[0].date: '2025年10月底前' means 2025-10-31, not 2025-11-30",
    ]


def test_file_level_problems_in_every_file_are_reported_together(tasks: Path, departments: Path, shipped: Path, edit: Edit) -> None:
    date_line, date_col = edit(tasks, "date: 2025-06-30", "date: 2025-02-30")
    field_line, field_col = edit(departments, "    short: 财政局\n", "    phone: 0356-6212345\n    short: 财政局\n")
    notice = tasks.parent / "notice.txt"
    notice.write_bytes(notice.read_bytes().replace("陵政发".encode(), b"\x00", 1))
    assert problems(tasks.parent) == [
        f"departments.yaml:{field_line}:{field_col + 4}: {unit_path(shipped, 'caizheng')}.phone: unknown field",
        "notice.txt:1:1: binary data (NUL byte): not a text file",
        f"tasks.yaml:{date_line}:{date_col + 6}: {task_path(shipped, '5.3.2')}.deadlines[0].date: invalid date '2025-02-30': {DATE_HELP}",
    ]


# ── resolution (on the shipped data) ──


@pytest.fixture
def catalogue(shipped: Path) -> Catalogue:
    return load_catalogue(shipped)


def test_township_rule_applies_after_1_1_only(catalogue: Catalogue, shipped: Path) -> None:
    # 1.1: （县安委会有关成员单位和各乡镇人民政府负责。以下均需各乡镇人民政府负责，不再一一列出）
    rule_ids = [r["id"] for r in _shipped_yaml(shipped, "tasks.yaml")["rules"] if r["unit"] == "xiangzhen"]
    assert len(rule_ids) == 1
    clause_ids = list(catalogue.clauses)
    assert clause_ids[0] == "1.1"
    first = [a for a in catalogue.clause_assignments("1.1") if a.unit == "xiangzhen"]
    assert [(a.role, a.via, a.local) for a in first] == [("负责", None, False)]
    for clause_id in clause_ids[1:]:
        township = [a for a in catalogue.clause_assignments(clause_id) if a.unit == "xiangzhen"]
        assert [(a.role, a.via, a.local) for a in township] == [("负责", rule_ids[0], False)], clause_id


def test_every_task_carries_its_clause_assignments(catalogue: Catalogue) -> None:
    for task in catalogue.tasks.values():
        assert task.assignments == catalogue.clause_assignments(task.clause.id)
        assert task.id.startswith(task.clause.id + ".")
        assert task.clause.id.startswith(task.section.id + ".")


def test_named_units_are_direct_and_members_come_via_their_collective(catalogue: Catalogue) -> None:
    # A collective (各乡镇人民政府) is expanded into its members (local data); a group
    # (县安委会有关成员单位: *有关* names no one) stays one 待分工 assignment and adds no member.
    collectives = {u.id: u.members for u in catalogue.units.values() if u.kind == "collective"}
    groups = {u.id: u.members for u in catalogue.units.values() if u.kind == "group"}
    assert set(collectives) == {"xiangzhen"}
    assert {"anweihui_members", "jianguan_bumen"} <= set(groups)
    seen_group = seen_collective = False
    for clause_id, clause in catalogue.clauses.items():
        assignments = {a.unit: a for a in catalogue.clause_assignments(clause_id)}
        for unit in clause.responsibility.units:
            got = assignments[unit]
            assert (got.role, got.via, got.local) == (clause.responsibility.role, None, False)
            assert got.part == ("pending" if unit in groups else "responsible"), (clause_id, unit)
        for group, members in groups.items():
            if group not in assignments:
                continue
            seen_group = True
            for member in members or []:
                if member in assignments:  # only where the clause names it itself
                    assert member in clause.responsibility.units, (clause_id, member)
                    assert assignments[member].via is None
        for collective, members in collectives.items():
            if collective not in assignments:
                continue
            seen_collective = True
            for member in members or []:
                got = assignments[member]
                assert (got.via, got.local, got.role) == (collective, True, assignments[collective].role), (clause_id, member)
    assert seen_group
    assert seen_collective


def test_group_members_in_1_3(catalogue: Catalogue) -> None:
    # 1.3: （县级负有安全生产监管职责的部门、县财政局指导督促落实）; the townships come in by the rule
    assignments = {a.unit: a for a in catalogue.clause_assignments("1.3")}
    assert (assignments["caizheng"].via, assignments["caizheng"].local, assignments["caizheng"].part) == (None, False, "responsible")
    group = assignments["jianguan_bumen"]
    assert (group.role, group.via, group.local, group.part) == ("指导督促落实", None, False, "pending")
    for member in catalogue.members("jianguan_bumen"):
        assert member not in assignments  # 待分工: no member is assigned until a 分工方案 says so
    for township in catalogue.members("xiangzhen"):
        assert (assignments[township].role, assignments[township].via, assignments[township].local) == ("负责", "xiangzhen", True)
    task = catalogue.tasks["1.3.1"]
    assert task.pending == ("jianguan_bumen",)
    assert set(task.reporters) == {"caizheng", *catalogue.members("xiangzhen")}
    # any member of the pending group may report, though it counts in no member's duties
    assert set(catalogue.members("jianguan_bumen")) <= task.may_report


def test_half_yearly_duty_falls_due_at_each_half_year_end(catalogue: Catalogue) -> None:
    # 1.1: 每半年至少召开1次专题会议
    task = catalogue.tasks["1.1.2"]
    assert "每半年" in task.task.text
    assert [(o.date, o.phrase, o.period) for o in task.occurrences] == [
        (dt.date(2025, 6, 30), "每半年", "H1"),
        (dt.date(2025, 12, 31), "每半年", "H2"),
    ]


def test_yearly_duty_falls_due_at_year_end(catalogue: Catalogue) -> None:
    # 3.1: 每年至少解决1—2项制约安全发展的突出问题
    task = catalogue.tasks["3.1.1"]
    assert "每年" in task.task.text
    assert [(o.date, o.phrase, o.period) for o in task.occurrences] == [(dt.date(2025, 12, 31), "每年", "2025")]


def test_deadline_is_one_occurrence(catalogue: Catalogue) -> None:
    task = catalogue.tasks["4.1.4"]  # 2025年10月底前完成自然灾害救助应急预案修订发布
    assert [(o.date, o.phrase, o.period) for o in task.occurrences] == [(dt.date(2025, 10, 31), "2025年10月底前", "")]


def test_task_without_time_limit_has_no_occurrence(catalogue: Catalogue) -> None:
    task = catalogue.tasks["1.2.1"]  # 尽快明确…: 尽快 is not a time limit
    assert "尽快" in task.task.text
    assert task.occurrences == ()
