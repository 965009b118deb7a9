"""Kinds of duty (issue 11, part 2): the shipped reading of all 109 tasks, checked against an
independent keyword reading of the notice's words; the checks on a broken copy of the catalogue,
each with its exact `file:line:col` message; and a catalogue from before kinds were recorded.

The shipped data is read here with plain PyYAML, not with the loader under test."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from anquan_cli.catalogue import load_catalogue
from anquan_cli.errors import DataError
from anquan_cli.labels import set_language
from helpers_cli import run
from test_catalogue import Edit, locate, task_path

KINDS = ("dated", "recurring", "standing", "contingent", "once")

# ── an independent reading: the notice's own signal words, strongest first ──
# A stated time limit makes a task dated, a period recurring (docs/catalogue-format.md).
DATED_WORDS = re.compile(r"(?:\d{4}年)?\d{1,2}月底前|年底前")
RECURRING_WORDS = re.compile(r"每半年|每年|每季度|每月")
# A measure for a case: "对……的，" opening a clause of the sentence (对年内发生…的（不含…），),
# or what follows an event (灾害发生后).
CONTINGENT_WORDS = re.compile(r"(?:^|[，；;])对[^。；;]*?的(?:（[^）]*）)?，|发生后")
# Words for a duty that never ends.
STANDING_WORDS = re.compile(r"常态化|持续|定期|坚持|长效|经常性|不断|动态")


def keyword_kind(text: str) -> str:
    for kind, words in (("dated", DATED_WORDS), ("recurring", RECURRING_WORDS), ("contingent", CONTINGENT_WORDS), ("standing", STANDING_WORDS)):
        if words.search(text):
            return kind
    return "once"


def shipped_tasks(shipped: Path) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((shipped / "tasks.yaml").read_text(encoding="utf-8"))
    return {t["id"]: t for c in data["clauses"] for t in c["tasks"]}


@pytest.fixture(autouse=True)
def _core_messages_in_chinese() -> Iterator[None]:
    """These checks' messages are compared in Chinese (conftest starts the core in English)."""
    set_language("zh")
    yield
    set_language("en")


def problems(root: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_catalogue(root)
    return [str(p) for p in info.value.problems]


# ── the shipped reading ──


def test_every_task_records_its_kind_with_the_notices_words(shipped: Path) -> None:
    tasks = shipped_tasks(shipped)
    assert len(tasks) == 109
    for task_id, task in tasks.items():
        duty = task.get("duty")
        assert duty is not None, task_id
        assert duty["kind"] in KINDS, task_id
        assert set(duty) <= {"kind", "quote", "note"}, task_id
        if duty["kind"] != "once":
            assert duty.get("quote"), f"{task_id}: a {duty['kind']} duty quotes its words"
        if "quote" in duty:
            assert duty["quote"] in task["text"], f"{task_id}: {duty['quote']!r} is not verbatim"


def test_kinds_agree_with_the_keyword_reading_or_say_why(shipped: Path) -> None:
    disagreements = []
    for task_id, task in shipped_tasks(shipped).items():
        read = keyword_kind(task["text"])
        if read != task["duty"]["kind"]:
            disagreements.append(task_id)
            assert task["duty"].get("note"), f"{task_id}: read as {read} from its words, recorded {task['duty']['kind']} without a note"
    # Not many: the recorded kinds are the words' kinds except for judgement calls.
    assert len(disagreements) <= 12, disagreements


def test_keyword_reading_finds_what_the_notice_says(shipped: Path) -> None:
    # Read off the notice by hand, so that the expressions cannot quietly find nothing.
    tasks = shipped_tasks(shipped)
    read = {task_id: keyword_kind(t["text"]) for task_id, t in tasks.items()}
    assert [i for i, k in read.items() if k == "dated"] == ["1.1.3", "4.1.4", "4.4.5", "4.5.2", "5.3.2"]
    assert [i for i, k in read.items() if k == "recurring"] == ["1.1.2", "3.1.1"]
    # the issue's examples: 对年内发生一般及以上生产安全事故的…, 对发生较大及以上生产安全事故的…, 对主动报告重大事故隐患…的
    assert {"1.5.5", "6.1.3", "1.3.5"} <= {i for i, k in read.items() if k == "contingent"}
    assert {"6.3.1", "5.2.3", "2.3.1", "1.1.1"} <= {i for i, k in read.items() if k == "standing"}  # 常态化, 定期


def test_time_limits_decide_dated_and_recurring(shipped: Path) -> None:
    for task_id, task in shipped_tasks(shipped).items():
        kind = task["duty"]["kind"]
        assert (kind == "dated") == bool(task.get("deadlines")), task_id
        assert (kind == "recurring") == ("recurrence" in task), task_id


def test_the_issues_contingent_measures_are_contingent(shipped: Path) -> None:
    tasks = shipped_tasks(shipped)
    for task_id, words in (("1.5.5", "对年内发生一般及以上生产安全事故的"), ("6.1.3", "对发生较大及以上生产安全事故"), ("1.3.5", "对主动报告重大事故隐患")):
        assert tasks[task_id]["duty"]["kind"] == "contingent"
        assert words in tasks[task_id]["duty"]["quote"]


@pytest.mark.parametrize(
    ("task_id", "qualifier"),
    [
        ("1.5.2", "构成犯罪的"),
        ("3.1.10", "违法分包"),
        ("2.1.1", "根据工作需要"),
        ("1.5.5", "年内"),
        ("1.5.5", "不含道路交通"),
        ("6.1.3", "和典型事故"),
        ("4.4.4", "重点乡镇"),
        ("4.4.4", "推动"),
    ],
)
def test_short_titles_keep_the_qualifiers_of_their_text(shipped: Path, task_id: str, qualifier: str) -> None:
    task = shipped_tasks(shipped)[task_id]
    assert qualifier in task["text"]
    assert qualifier in task["title"]


def test_at_least_one_to_two_is_a_floor(shipped: Path) -> None:
    (target,) = shipped_tasks(shipped)["3.1.1"]["targets"]
    assert "至少解决1—2项" in target["quote"]
    assert target["min"] == 1
    assert "max" not in target
    assert "下限" in target["note"]


def test_the_strive_time_limit_is_a_goal(shipped: Path) -> None:
    tasks = shipped_tasks(shipped)
    goals = [(i, d["phrase"]) for i, t in tasks.items() for d in t.get("deadlines", []) if d.get("firm") is False]
    assert goals == [("4.4.5", "年底前")]
    assert "年底前力争" in tasks["4.4.5"]["text"]
    # every other time limit is firm, and none of their texts says 力争
    for task_id, task in tasks.items():
        if task.get("deadlines") and task_id != "4.4.5":
            assert "力争" not in task["text"], task_id


def test_the_preambles_goals_are_quoted(shipped: Path) -> None:
    data = yaml.safe_load((shipped / "tasks.yaml").read_text(encoding="utf-8"))
    notice = (shipped / "notice.txt").read_text(encoding="utf-8")
    sentence = "杜绝重特大事故和自然灾害亡人事故，遏制较大事故，减少一般事故"
    preamble = notice.splitlines()[3]
    assert sentence in preamble
    assert "，".join(g["quote"] for g in data["goals"]) == sentence
    assert [g.quote for g in load_catalogue(shipped).goals] == [g["quote"] for g in data["goals"]]


# ── the checks, on a broken copy ──


@pytest.fixture(autouse=True)
def _in_workdir(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workdir)  # files are then shown as tasks.yaml


@pytest.fixture
def tasks(workdir: Path) -> Path:
    return workdir / "tasks.yaml"


def test_duty_quote_not_in_the_text(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(tasks, "quote: 常态化开展宣传\n", "quote: 常态化开展宣讲\n")  # 6.3.1
    assert problems(tasks.parent) == [f"tasks.yaml:{line}:{col + len('quote: ')}: {task_path(shipped, '6.3.1')}.duty.quote: '常态化开展宣讲' 不在该任务原文中"]


def test_duty_without_its_quote(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = locate(tasks, "kind: standing\n          quote: 常态化开展宣传\n")  # 6.3.1
    edit(tasks, "kind: standing\n          quote: 常态化开展宣传\n", "kind: standing\n")
    assert problems(tasks.parent) == [f"tasks.yaml:{line}:{col}: {task_path(shipped, '6.3.1')}.duty: standing类任务须有 quote：引用其所据的通知原文"]


def test_dated_without_a_deadline(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(tasks, "kind: once\n          quote: 完成年度抢险救援", "kind: dated\n          quote: 完成年度抢险救援")  # 4.2.3
    assert problems(tasks.parent) == [f"tasks.yaml:{line}:{col + len('kind: ')}: {task_path(shipped, '4.2.3')}.duty.kind: kind 为 dated，但任务没有 deadlines"]


def test_a_deadline_makes_a_task_dated(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(tasks, "kind: dated\n          quote: 2025年10月底前\n", "kind: standing\n          quote: 2025年10月底前\n")  # 4.1.4
    assert problems(tasks.parent) == [
        f"tasks.yaml:{line}:{col + len('kind: ')}: {task_path(shipped, '4.1.4')}.duty.kind: "
        "任务有时限“2025年10月底前”，kind 应为 dated，而不是 standing（力争的时限另标 firm: false）"
    ]


def test_recurring_without_a_recurrence(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(tasks, "kind: once\n          quote: 完成年度抢险救援", "kind: recurring\n          quote: 完成年度抢险救援")  # 4.2.3
    assert problems(tasks.parent) == [
        f"tasks.yaml:{line}:{col + len('kind: ')}: {task_path(shipped, '4.2.3')}.duty.kind: kind 为 recurring，但任务没有 recurrence"
    ]


def test_a_recurrence_makes_a_task_recurring(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(tasks, "kind: recurring\n          quote: 每半年\n", "kind: standing\n          quote: 每半年\n")  # 1.1.2
    assert problems(tasks.parent) == [
        f"tasks.yaml:{line}:{col + len('kind: ')}: {task_path(shipped, '1.1.2')}.duty.kind: 任务有周期“每半年”，kind 应为 recurring，而不是 standing"
    ]


def test_once_has_no_time_limit_not_even_a_goal(tasks: Path, shipped: Path, edit: Edit) -> None:
    dated = "kind: dated\n          quote: 年底前\n          note: “年底前力争”"  # 4.4.5
    line, col = edit(tasks, dated, dated.replace("dated", "once"))
    assert problems(tasks.parent) == [
        f"tasks.yaml:{line}:{col + len('kind: ')}: {task_path(shipped, '4.4.5')}.duty.kind: kind 为 once（无时限一次性），但任务有时限“年底前”"
    ]


def test_a_goal_time_limit_does_not_decide_the_kind(tasks: Path, edit: Edit) -> None:
    # 4.4.5's only time limit is 力争 (firm: false): the task may be read as standing, say, with a note
    dated = "kind: dated\n          quote: 年底前\n          note: “年底前力争”"
    edit(tasks, dated, dated.replace("dated", "standing"))
    assert load_catalogue(tasks.parent).tasks["4.4.5"].kind == "standing"


def test_a_goal_time_limit_must_be_worded_with_strive(tasks: Path, shipped: Path, edit: Edit) -> None:
    old = "            phrase: 年底前\n        targets:\n          - quote: 至少开展1次综合性应急演练"  # 4.5.2
    line, col = edit(tasks, old, old.replace("phrase: 年底前\n", "phrase: 年底前\n            firm: false\n"))
    assert problems(tasks.parent) == [
        f"tasks.yaml:{line + 1}:{col + len('            firm: ')}: {task_path(shipped, '4.5.2')}.deadlines[0].firm: firm: false，但原文在“年底前”处没有“力争”"
    ]


def test_a_strive_time_limit_must_be_marked_a_goal(tasks: Path, shipped: Path, edit: Edit) -> None:
    edit(tasks, "            phrase: 年底前\n            firm: false\n", "            phrase: 年底前\n")  # 4.4.5
    line, col = locate(tasks, "phrase: 年底前\n        targets:\n          - quote: 每个村（社区）")
    assert problems(tasks.parent) == [
        f"tasks.yaml:{line}:{col + len('phrase: ')}: {task_path(shipped, '4.4.5')}.deadlines[0].phrase: "
        "原文在“年底前”处写有“力争”：时限是争取的目标，应标 firm: false"
    ]


def test_a_goal_not_quoted_from_the_notice(tasks: Path, edit: Edit) -> None:
    line, col = edit(tasks, "  - quote: 遏制较大事故\n", "  - quote: 遏制重大事故\n")
    assert problems(tasks.parent) == [f"tasks.yaml:{line}:{col + len('  - quote: ')}: goals[1].quote: “遏制重大事故”不是 notice.txt 的原文"]


def test_validate_prints_the_check_in_english_and_exits_2(tasks: Path, shipped: Path, edit: Edit) -> None:
    line, col = edit(tasks, "kind: recurring\n          quote: 每半年\n", "kind: once\n          quote: 每半年\n")  # 1.1.2
    result = run("--lang", "en", "--data", str(tasks.parent), "--no-cache", "validate")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"tasks.yaml:{line}:{col + len('kind: ')}: {task_path(shipped, '1.1.2')}.duty.kind: the task recurs '每半年': its kind is recurring, not once",
        "anquan: 1 problem(s) in the data",
    ]


# ── a catalogue from before kinds were recorded ──


def _without_kinds(text: str) -> str:
    """tasks.yaml as the release before kinds wrote it: no duty, no firm: false, no goals."""
    text = re.sub(r"        duty:\n(?:          .*\n)+", "", text)
    text = text.replace("            firm: false\n", "")
    return re.sub(r"\n# 通知开篇[^\n]*\ngoals:\n(?:  - .*\n)+", "\n", text)


def test_a_catalogue_without_kinds_loads_with_derived_kinds(tasks: Path) -> None:
    tasks.write_text(_without_kinds(tasks.read_text(encoding="utf-8")), encoding="utf-8", newline="")
    assert "duty:" not in tasks.read_text(encoding="utf-8")
    cat = load_catalogue(tasks.parent)
    assert len(cat.tasks) == 109
    for t in cat.tasks.values():
        assert t.task.duty is None
        assert t.kind == ("recurring" if t.task.recurrence else "dated" if t.task.deadlines else "once"), t.id
    assert sorted(t.id for t in cat.tasks.values() if t.kind == "recurring") == ["1.1.2", "3.1.1"]
    assert cat.tasks["4.4.5"].kind == "dated"  # its 年底前 read as firm, as before


def test_an_older_workspace_still_loads_and_shows_its_inferred_kinds(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert run("init", str(ws)).exit_code == 0
    (ws / "tasks.yaml").write_text(_without_kinds((ws / "tasks.yaml").read_text(encoding="utf-8")), encoding="utf-8", newline="")
    assert run("--data", str(ws), "validate").exit_code == 0
    result = run("--data", str(ws), "show", "6.3.1")
    assert result.exit_code == 0
    assert "类型：无时限一次性（据时限推定）" in result.stdout.splitlines()
    shipped = run("show", "6.3.1")
    assert "类型：常态化（据“常态化开展宣传”）" in shipped.stdout.splitlines()


def test_show_in_english() -> None:
    lines = run("--lang", "en", "show", "1.5.5").stdout.splitlines()
    assert "Kind：contingent (from “对年内发生一般及以上生产安全事故的（不含道路交通事故）”)" in lines
