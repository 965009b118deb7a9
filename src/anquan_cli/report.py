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
from .progress import STATUS_WORD, TaskState, UnitState, schedule_percent
from .render import display_width

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


def count_states(states: list[TaskState]) -> Counts:
    by = {s: sum(1 for t in states if t.status == s) for s in STATUSES}
    mean = sum(t.percent for t in states) / len(states) if states else 0.0
    return Counts(len(states), by["not_started"], by["in_progress"], by["done"], by["verified"], sum(t.overdue for t in states), mean)


def section_counts(cat: Catalogue, states: dict[str, TaskState], task_ids: list[str]) -> list[tuple[str, Counts]]:
    out = []
    for section_id in cat.sections:
        chosen = [states[t] for t in task_ids if cat.tasks[t].section.id == section_id]
        if chosen:
            out.append((section_id, count_states(chosen)))
    return out


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
    """Each reporting unit's own statuses on its tasks, with its 红牌/黄牌."""
    th = cat.thresholds
    schedule = schedule_percent(cat, as_of)
    rows = []
    by_unit: dict[str, list[tuple[TaskState, UnitState]]] = {}  # one pass over the tasks, not one per unit
    for t in task_ids:
        for unit_id, unit_state in states[t].units.items():
            by_unit.setdefault(unit_id, []).append((states[t], unit_state))
    for unit_id, unit in cat.units.items():
        if unit.kind not in REPORTING_KINDS:
            continue
        mine = by_unit.get(unit_id, [])
        if not mine:
            continue
        done = sum(1 for ts, us in mine if us.status == "done" or ts.status == "verified")
        in_progress = sum(1 for ts, us in mine if us.status == "in_progress" and ts.status != "verified")
        overdue = [ts.task for ts, us in mine if ts.overdue and us.status != "done"]
        near = [
            ts.task
            for ts, us in mine
            if us.status != "done" and ts.next_due is not None and (ts.next_due - as_of).days <= th.yellow_days
        ]
        percent = sum(100 if ts.status == "verified" else us.percent for ts, us in mine) / len(mine)
        reasons: list[str] = []
        if overdue:
            card = "red"
            reasons.append("逾期：" + "、".join(overdue))
        else:
            card = ""
        if near:
            reasons.append(f"{th.yellow_days}天内到期未完成：" + "、".join(near))
        if percent < schedule - th.lag_points:
            reasons.append(f"平均进度{percent:.0f}%落后序时进度{schedule:.0f}%")
        if not card and reasons:
            card = "yellow"
        rows.append(UnitProgress(unit_id, len(mine), len(mine) - done - in_progress, in_progress, done, len(overdue), percent, card, tuple(reasons)))
    order = {unit_id: i for i, unit_id in enumerate(cat.units)}
    return sorted(rows, key=lambda r: (-r.done_share, -r.percent, order[r.unit]))


CARD_WORD = {"red": "红牌", "yellow": "黄牌", "": ""}


def pct(part: float, whole: float) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "0.0%"


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def unit_view(states: dict[str, TaskState], unit: str) -> dict[str, TaskState]:
    """The tasks `unit` reports on, as that unit sees them: its own status and percent (a
    verified task is verified for everyone), overdue only while the unit has not finished."""
    view = {}
    for task_id, state in states.items():
        mine = state.units.get(unit)
        if mine is None:
            continue
        verified = state.status == "verified"
        status = "verified" if verified else mine.status
        view[task_id] = TaskState(
            task_id,
            status,
            100.0 if verified else float(mine.percent),
            {unit: mine},
            0 if status in ("done", "verified") else state.overdue_days,
            state.next_due,
            state.last_action,
        )
    return view


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
    For one reporting unit, every figure is that unit's own (see `unit_view`)."""
    n = cat.notice
    own = unit is not None and cat.units[unit].kind in REPORTING_KINDS
    closable = sum(1 for t in task_ids if states[t].status == "done")  # every unit done: ready for 销号
    if own:
        assert unit is not None
        states = unit_view(states, unit)
        task_ids = [t for t in task_ids if t in states]
    progress_word, whose = ("本单位进度", "本单位") if own else ("平均进度", "任务")
    chosen = [states[t] for t in task_ids]
    c = count_states(chosen)
    dated = [t for t in task_ids if cat.tasks[t].occurrences]
    occurrences = sum(len(cat.tasks[t].occurrences) for t in task_ids)
    scope = f"（{cat.units[unit].name}）" if unit else ""
    h = (lambda s: f"## {s}") if markdown else (lambda s: s)
    lines = [
        ("# " if markdown else "") + f"{n.number}落实情况调度通报{scope}",
        f"（截至{cn_date(as_of)}）",
        "",
        h("一、总体情况"),
        (
            f"《{n.title}》（{n.number}）共{len(cat.sections)}个部分、{len(cat.clauses)}个条款、{len(cat.tasks)}项任务"
            + (f"，其中{cat.units[unit].name}承担{c.tasks}项" if unit else "")
            + f"；明确完成时限的任务{len(dated)}项、时限节点{occurrences}个。"
            + f"截至{cn_date(as_of)}，已销号{c.verified}项、已完成待销号{c.done}项，合计{c.closed}项（{pct(c.closed, c.tasks)}）；"
            + f"推进中{c.in_progress}项（{pct(c.in_progress, c.tasks)}）；未启动{c.not_started}项（{pct(c.not_started, c.tasks)}）；"
            + f"逾期{c.overdue}项（{pct(c.overdue, c.tasks)}）。序时进度{schedule_percent(cat, as_of):.1f}%，{whose}平均完成进度{c.percent:.1f}%。"
        ),
        "",
        h("二、逾期事项"),
    ]
    overdue = sorted((s for s in chosen if s.overdue), key=lambda s: (-s.overdue_days, _key(s.task)))
    if not overdue:
        lines.append("无。")
    for i, s in enumerate(overdue, 1):
        task = cat.tasks[s.task]
        missed = next(o for o in task.occurrences if o.date < as_of)
        pending = [f"{cat.units[u].name}（{STATUS_WORD[us.status]}，{us.percent}%）" for u, us in s.units.items() if us.status != "done"]
        lines.append(
            f"{i}. {task.id} {task.task.title}：时限“{missed.phrase}”（{cn_date(missed.date)}），已逾期{s.overdue_days}天；"
            f"未完成单位：{'、'.join(pending)}。"
        )
    lines += ["", h(f"三、近{horizon_days}天到期事项")]
    coming = sorted(
        (
            (o, cat.tasks[t])
            for t in task_ids
            for o in cat.tasks[t].occurrences
            if 0 <= (o.date - as_of).days <= horizon_days
        ),
        key=lambda p: (p[0].date, _key(p[1].id)),
    )
    if not coming:
        lines.append("无。")
    for i, (o, task) in enumerate(coming, 1):
        s = states[task.id]
        lines.append(
            f"{i}. {cn_date(o.date)}（剩{(o.date - as_of).days}天）{task.id} {task.task.title}：时限“{o.phrase}”；"
            f"当前状态{STATUS_WORD[s.status]}，{progress_word}{s.percent:.0f}%。"
        )
    lines += ["", h("四、各单位推进情况")]
    units = unit_progress(cat, states, as_of, task_ids)
    if unit:
        units = [u for u in units if u.unit == unit]
    lines += _unit_table(cat, units, markdown)
    lines += ["", h("五、下一步工作")]
    lines.append(_next_steps(cat, units, closable))
    return "\n".join(lines) + "\n"


def _key(task_id: str) -> tuple[int, ...]:
    return tuple(int(p) for p in task_id.split("."))


def _unit_table(cat: Catalogue, units: list[UnitProgress], markdown: bool) -> list[str]:
    header = ["排名", "单位", "任务数", "已完成", "推进中", "未启动", "逾期", "完成率", "平均进度", "预警"]
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
        parts.append(f"已完成待销号的{closable}项任务，请县安委办组织核验销号。")
    return "".join(parts)


def section_label(section_id: str, heading: str) -> str:
    return f"{chinese_numeral(int(section_id))}、{heading}"
