"""The occurrences of a task as of a day, and which one an entry reports on.

A dated task and an undated one-off have one occurrence (key ""); a recurring duty one per
period (2025H1, 2025H2 …, from the catalogue); a standing duty one that never closes; a
contingent measure none until the office records the event (`trigger`), then one per event
(E1, E2 …). Each occurrence is reported, judged and closed on its own.
"""

from __future__ import annotations

import datetime as dt

from .catalogue import CatalogueTask, Occurrence
from .records import record


@record(frozen=True)
class Slot:
    """One occurrence a unit can report on: its key, its time limit (if any) and its span."""

    key: str
    due: dt.date | None  # None: no time limit (undated, standing, or an event without one)
    start: dt.date  # the day it opens: the notice date, a period's first day, an event's day
    phrase: str  # the notice's wording of the time limit, or ""
    occurrence: Occurrence | None  # the catalogue's dated occurrence, if it is one
    firm: bool = True  # False: the time limit is a 力争 goal


def task_slots(task: CatalogueTask, notice_date: dt.date, triggers: list[tuple[str, dt.date]]) -> list[Slot]:
    """Every occurrence of `task`; `triggers` are the office's recorded events (key, day), for a
    contingent task only."""
    kind = task.kind
    if kind == "contingent":
        return [Slot(key, None, day, "", None) for key, day in triggers]
    if kind == "recurring":
        return [Slot(o.key, o.date, o.start or notice_date, o.phrase, o) for o in task.occurrences]
    if task.occurrences and kind == "dated":
        first = task.occurrences[0]  # a task with several stated limits is judged on the first
        return [Slot("", first.date, notice_date, first.phrase, first, first.firm)]
    return [Slot("", None, notice_date, "", None)]


def slot_at(slots: list[Slot], day: dt.date) -> Slot | None:
    """The occurrence open on `day`: the one whose span holds it, else the last one opened
    before it (a late report on the last period), else None (an event not yet recorded)."""
    last_opened = last_within = None
    for s in slots:  # one pass, no lists: the roll-up asks this for every entry
        if s.start <= day:
            last_opened = s
            if s.due is None or day <= s.due:
                last_within = s
    return last_within if last_within is not None else last_opened


def find_slot(slots: list[Slot], key: str) -> Slot | None:
    return next((s for s in slots if s.key == key), None)


def normalise_key(text: str, year: int) -> str:
    """What a user types for --period (2025H2, H2, 下半年, 2025Q3, Q3, 第三季度, 2025, E1, 事件1)
    as an occurrence key; unknown forms are returned as typed, for the caller to refuse."""
    s = text.strip().upper().replace(" ", "")
    words = {"上半年": "H1", "下半年": "H2", "第一季度": "Q1", "第二季度": "Q2", "第三季度": "Q3", "第四季度": "Q4", "全年": str(year), "年度": str(year)}
    for word, code in words.items():
        if s.endswith(word.upper()):
            s = s[: -len(word)].removesuffix("年") + code
    if s.startswith("事件"):
        s = "E" + s[2:]
    if s[:1] in ("H", "Q", "M") and s[1:].isdigit():
        s = f"{year}{s[0]}{int(s[1:]):02d}" if s[0] == "M" else f"{year}{s}"
    return s
