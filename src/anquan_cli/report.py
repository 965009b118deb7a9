"""Progress figures and the 调度通报: by section, by unit, and the summary text.

Pure: everything is computed from a catalogue, the progress entries and an as-of date, so
the same workspace and date always give the same figures and the same text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .catalogue import REPORTING_KINDS, Catalogue
from .notice import chinese_numeral
from .progress import STATUS_WORD
from .render import display_width
from .status import OccurrenceState, TaskState, expected_percent, unit_occurrence, unit_view

STATUSES = ("not_started", "in_progress", "done", "verified")


@dataclass(frozen=True)
class Counts:
    tasks: int
    not_started: int
    in_progress: int
    done: int
    verified: int
    overdue: int
    percent: float  # mean completion percent

    @property
    def closed(self) -> int:
        return self.done + self.verified

    @property
    def closed_share(self) -> float:
        return 100.0 * self.closed / self.tasks if self.tasks else 0.0

    def record(self) -> dict[str, Any]:
        """The counts by name, shares to one decimal: a row of a table, a sheet or JSON."""
        return {
            "tasks": self.tasks,
            "not_started": self.not_started,
            "in_progress": self.in_progress,
            "done": self.done,
            "verified": self.verified,
            "overdue": self.overdue,
            "closed_share": round(self.closed_share, 1),
            "percent": round(self.percent, 1),
        }


def tracked_occurrences(states: list[TaskState]) -> list[OccurrenceState]:
    """What completion figures count: each opened occurrence of a task that can be done —
    not a standing duty (judged on reporting), not an event not yet recorded."""
    return [o for t in states if t.tracked for o in t.occurrences]


def count_states(states: list[TaskState]) -> Counts:
    return count_occurrences(tracked_occurrences(states))


def count_occurrences(items: list[OccurrenceState]) -> Counts:
    by = dict.fromkeys(STATUSES, 0)
    for o in items:
        by[o.status] += 1
    mean = sum(o.percent for o in items) / len(items) if items else 0.0
    return Counts(len(items), by["not_started"], by["in_progress"], by["done"], by["verified"], sum(o.overdue for o in items), mean)


def section_counts(cat: Catalogue, states: dict[str, TaskState], task_ids: list[str]) -> list[tuple[str, Counts]]:
    by_section: dict[str, list[TaskState]] = {}  # one pass over the tasks, not one per section
    for t in task_ids:
        by_section.setdefault(cat.tasks[t].section.id, []).append(states[t])
    return [(section_id, count_states(by_section[section_id])) for section_id in cat.sections if section_id in by_section]


@dataclass(frozen=True)
class UnitProgress:
    unit: str
    tasks: int
    not_started: int
    in_progress: int
    done: int
    overdue: int  # tasks overdue that this unit has not finished
    percent: float
    card: str  # "red" | "yellow" | ""
    reasons: tuple[str, ...]

    @property
    def done_share(self) -> float:
        return 100.0 * self.done / self.tasks if self.tasks else 0.0

    def record(self) -> dict[str, Any]:
        """The unit's counts by name, shares to one decimal: a row of a table or a sheet."""
        return {
            "tasks": self.tasks,
            "done": self.done,
            "in_progress": self.in_progress,
            "not_started": self.not_started,
            "overdue": self.overdue,
            "done_share": round(self.done_share, 1),
            "percent": round(self.percent, 1),
        }


def unit_progress(cat: Catalogue, states: dict[str, TaskState], as_of: dt.date, task_ids: list[str]) -> list[UnitProgress]:
    """Each reporting unit's own statuses on the occurrences it must report on (牵头, 责任 —
    not 配合, not a group's part still 待分工), with its 红牌/黄牌."""
    th = cat.thresholds
    rows = []
    by_unit: dict[str, list[OccurrenceState]] = {}  # one pass over the tasks, not one per unit
    for t in task_ids:
        state = states[t]
        if not state.tracked:
            continue
        for o in state.occurrences:
            for unit_id in o.units:
                by_unit.setdefault(unit_id, []).append(unit_occurrence(o, unit_id))
    for unit_id, unit in cat.units.items():
        if unit.kind not in REPORTING_KINDS:
            continue
        mine = by_unit.get(unit_id, [])
        if not mine:
            continue
        c = count_occurrences(mine)
        overdue = [_label(o) for o in mine if o.overdue]
        near = [_label(o) for o in mine if not o.closed and o.due is not None and o.slot.firm and 0 <= (o.due - as_of).days <= th.yellow_days]
        dated = [(expected_percent(o.slot, as_of), o.percent) for o in mine if o.due is not None and o.slot.firm and not o.overdue]
        reasons: list[str] = []
        card = "red" if overdue else ""
        if overdue:
            reasons.append("逾期：" + "、".join(overdue))
        if near:
            reasons.append(f"{th.yellow_days}天内到期未完成：" + "、".join(near))
        if dated:
            expected = sum(e or 0.0 for e, _ in dated) / len(dated)
            actual = sum(p for _, p in dated) / len(dated)
            if actual < expected - th.lag_points:
                reasons.append(f"有时限事项平均进度{actual:.0f}%落后序时进度{expected:.0f}%")
        if not card and reasons:
            card = "yellow"
        rows.append(UnitProgress(unit_id, c.tasks, c.not_started, c.in_progress, c.closed, c.overdue, c.percent, card, tuple(reasons)))
    order = {unit_id: i for i, unit_id in enumerate(cat.units)}
    return sorted(rows, key=lambda r: (-r.done_share, -r.percent, order[r.unit]))


def _label(o: OccurrenceState) -> str:
    """An occurrence in a list of reasons: the task id, and the period of a recurring duty."""
    return f"{o.task}（{o.key}）" if o.key else o.task


CARD_WORD = {"red": "红牌", "yellow": "黄牌", "": ""}


def pct(part: float, whole: float) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "0.0%"


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def summary_text(
    cat: Catalogue,
    states: dict[str, TaskState],
    as_of: dt.date,
    *,
    task_ids: list[str],
    unit: str | None = None,
    markdown: bool = False,
    horizon_days: int = 30,
) -> str:
    """The 调度通报: overall figures, overdue items, coming deadlines, units ranked, next steps.
    Figures count occurrences (each period of a recurring duty on its own); standing duties
    and events not yet recorded are counted apart. For one reporting unit, every figure is
    that unit's own (see `status.unit_view`)."""
    n = cat.notice
    own = unit is not None and cat.units[unit].kind in REPORTING_KINDS
    all_items = tracked_occurrences([states[t] for t in task_ids])
    closable = sum(1 for o in all_items if o.status == "done")  # every unit done: ready for 销号
    pending = [t for t in task_ids if cat.tasks[t].pending]
    if own:
        assert unit is not None
        states = unit_view(states, unit, cat)
        task_ids = [t for t in task_ids if t in states]
    progress_word, whose = ("本单位进度", "本单位") if own else ("平均进度", "事项")
    chosen = [states[t] for t in task_ids]
    items = tracked_occurrences(chosen)
    c = count_occurrences(items)
    standing = sum(1 for s in chosen if s.kind == "standing")
    inactive = sum(1 for s in chosen if s.kind == "contingent" and s.current is None)
    scope = f"（{cat.units[unit].name}）" if unit else ""
    h = (lambda s: f"## {s}") if markdown else (lambda s: s)
    dated_items = [o for o in items if o.due is not None and o.slot.firm]
    expected = [expected_percent(o.slot, as_of) or 0.0 for o in dated_items]
    schedule = ""
    if dated_items:
        actual = sum(o.percent for o in dated_items) / len(dated_items)
        schedule = f"有时限事项序时进度{sum(expected) / len(expected):.1f}%，平均进度{actual:.1f}%；"
    overall = (
        f"《{n.title}》（{n.number}）共{len(cat.sections)}个部分、{len(cat.clauses)}个条款、{len(cat.tasks)}项任务"
        + (f"，其中{cat.units[unit].name}承担{len(task_ids)}项" if unit else "")
        + f"。截至{cn_date(as_of)}，纳入进度统计的事项{c.tasks}个（各周期分别计）：已销号{c.verified}个、已完成待销号{c.done}个，"
        + f"合计{c.closed}个（{pct(c.closed, c.tasks)}）；推进中{c.in_progress}个（{pct(c.in_progress, c.tasks)}）；"
        + f"未启动{c.not_started}个（{pct(c.not_started, c.tasks)}）；逾期{c.overdue}个（{pct(c.overdue, c.tasks)}）。"
        + schedule
        + f"{whose}平均完成进度{c.percent:.1f}%。"
        + f"另有常态化工作{standing}项（按报送情况评价，不计完成率）"
        + (f"、待触发事项{inactive}项（发生相应情形后启动）" if inactive else "")
        + "。"
        + (f"尚有{len(pending)}项任务涉及的群组单位待分工（以分工方案明确后计入各单位）。" if pending and not own else "")
        + (_plan_sentence(cat.plan) if cat.plan else "")
    )
    title = ("# " if markdown else "") + f"{n.number}落实情况调度通报{scope}"
    lines = [title, f"（截至{cn_date(as_of)}）", "", h("一、总体情况"), overall, "", h("二、逾期事项")]
    overdue = sorted((o for o in items if o.overdue), key=lambda o: (-o.overdue_days, _key(o.task), o.key))
    if not overdue:
        lines.append("无。")
    for i, o in enumerate(overdue, 1):
        task = cat.tasks[o.task]
        due = o.due
        assert due is not None
        pending_units = [f"{cat.units[u].name}（{STATUS_WORD[us.status]}，{us.percent}%）" for u, us in o.units.items() if us.status != "done"]
        lines.append(
            f"{i}. {_label(o)} {task.task.title}：时限“{o.slot.phrase}”（{cn_date(due)}），已逾期{o.overdue_days}天；"
            f"未完成单位：{'、'.join(pending_units)}。"
        )
    returned = [(o, u, us) for o in items for u, us in o.units.items() if us.returned]
    if returned:
        lines += ["", h("退回事项")]
        for i, (o, u, us) in enumerate(returned, 1):
            when = cn_date(us.returned_on or as_of)
            lines.append(f"{i}. {_label(o)} {cat.tasks[o.task].task.title}：{cat.units[u].name}于{when}被退回，原因：{us.returned}。")
    lines += ["", h(f"三、近{horizon_days}天到期事项")]
    coming = sorted(
        ((o, cat.tasks[o.task]) for o in items if o.due is not None and not o.closed and 0 <= (o.due - as_of).days <= horizon_days),
        key=lambda p: (p[0].due, _key(p[1].id)),
    )
    opening = [(t, slot) for t in task_ids for slot in states[t].upcoming if slot.due is not None and 0 <= (slot.due - as_of).days <= horizon_days]
    coming += sorted(((_upcoming(states[t], slot), cat.tasks[t]) for t, slot in opening), key=lambda p: (p[0].due, _key(p[1].id)))
    if not coming:
        lines.append("无。")
    for i, (o, task) in enumerate(coming, 1):
        assert o.due is not None
        lines.append(
            f"{i}. {cn_date(o.due)}（剩{(o.due - as_of).days}天）{_label(o)} {task.task.title}：时限“{o.slot.phrase}”；"
            f"当前状态{STATUS_WORD[o.status]}，{progress_word}{o.percent:.0f}%。"
        )
    lines += ["", h("四、各单位推进情况")]
    units = unit_progress(cat, states, as_of, task_ids)
    if unit:
        units = [u for u in units if u.unit == unit]
    lines += _unit_table(cat, units, markdown)
    lines += ["", h("五、下一步工作")]
    lines.append(_next_steps(cat, units, closable))
    return "\n".join(lines) + "\n"


def _plan_sentence(plan: Any) -> str:
    example = "（示例）" if plan.example and "示例" not in plan.title else ""
    return f"各任务牵头、责任、配合单位依据《{plan.title}》{example}（本地配置，非通知原文）。"


def _upcoming(state: TaskState, slot: Any) -> OccurrenceState:
    """An occurrence not yet opened, as a state: nothing reported."""
    return OccurrenceState(state.task, slot, "not_started", 0.0, {}, {}, 0, None)


def _key(task_id: str) -> tuple[int, ...]:
    return tuple(int(p) for p in task_id.split("."))


def _unit_table(cat: Catalogue, units: list[UnitProgress], markdown: bool) -> list[str]:
    header = ["排名", "单位", "事项数", "已完成", "推进中", "未启动", "逾期", "完成率", "平均进度", "预警"]
    rows = [
        [
            str(i),
            cat.units[u.unit].name,
            str(u.tasks),
            str(u.done),
            str(u.in_progress),
            str(u.not_started),
            str(u.overdue),
            f"{u.done_share:.1f}%",
            f"{u.percent:.1f}%",
            CARD_WORD[u.card],
        ]
        for i, u in enumerate(units, 1)
    ]
    if not rows:
        return ["无。"]
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        return out + ["| " + " | ".join(r) + " |" for r in rows]
    table = [header, *rows]
    widths = [max(display_width(r[i]) for r in table) for i in range(len(header))]
    return ["  ".join(cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(r)).rstrip() for r in table]


def _next_steps(cat: Catalogue, units: list[UnitProgress], closable: int) -> str:
    red = [cat.units[u.unit].name for u in units if u.card == "red"]
    yellow = [cat.units[u.unit].name for u in units if u.card == "yellow"]
    parts = ["请各责任单位对照任务清单，实行清单整改、动态推进、闭环管理，按时报送进展。"]
    if red:
        parts.append(f"对亮红牌的{'、'.join(red)}，请说明逾期原因，制定整改措施，明确完成时限。")
    if yellow:
        parts.append(f"对亮黄牌的{'、'.join(yellow)}，请加快推进，确保按期完成。")
    if closable:
        parts.append(f"已完成待销号的{closable}个事项，请县安委办组织核验销号。")
    return "".join(parts)


def section_label(section_id: str, heading: str) -> str:
    return f"{chinese_numeral(int(section_id))}、{heading}"
