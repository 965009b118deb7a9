"""Time limits, recurrences, duration requirements, kinds of duty and targets, each with the
exact words it is read from.

Time limits are found with the pattern `anquan validate` checks every task's text against
(checks.TIME_LIMIT) and dated with the loader's own reading (dates.time_limit_date): a date is
written only where the notice states one. A 力争 time limit is a goal (firm: false), as
checks.strive_worded decides. The kind of duty is read from signal words, strongest first,
and is always marked for review: it decides how a task is judged.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import field

from .. import models
from ..checks import NOT_A_TIME_LIMIT, PERIODS, TIME_LIMIT, strive_worded
from ..dates import time_limit_date
from ..records import record

# Signal words of each kind (docs/catalogue-format.md, “Kinds of duty”).
# 对……的， opening a part of the sentence; what follows an event (灾害发生后); 涉及……问题要 (a case).
CONTINGENT_WORDS = re.compile(r"(?:^|(?<=[，；;]))对[^。；;，]*?的(?:（[^）]*）)?(?=，)|[\u4e00-\u9fff]{0,6}发生后|涉及[^。；;]*?问题(?=要)")
STANDING_WORDS = re.compile(r"常态化|持续|定期|坚持|长效|经常性|不断|动态")
# A duration: 灾害发生后2小时内, 5个工作日内, 3日内.
REQUIREMENT = re.compile(r"(?:[\u4e00-\u9fff]{2}发生后)?(\d{1,3})(?:个)?(小时|工作日|日|天|周)内")
_WITHIN_UNIT = {"小时": "h", "日": "d", "天": "d", "工作日": "d", "周": "w"}
# Targets: a floor, a level, full coverage, a share.
_TARGET_TRIGGER = re.compile(
    r"至少|不少于|不低于|达到[^，。；;]*?(?:[一二三四五]级|[A-Da-d]级)|全覆盖|\d+(?:\.\d+)?[%％]以上|\d+(?:[家处所座项]|个(?!工作日|月|小时))[^，。；;]*?(?:完成|建成|达到)"
)
_PART = re.compile(r"[^，,。；;！？]+")
_COUNT = re.compile(r"(?<![\d.])(\d+)(?:\s*[—\-－~～至到]\s*(\d+))?\s*(项|个|处|次|家|所|支|名|人|场|座|台|套|条|户|批|期)")
_PERCENT = re.compile(r"(?<![\d.])(\d+)()\s*([%％])")  # 90%以上: a whole-number share (groups as _COUNT's)
_PER = re.compile(r"每[个座家所名]?[\u4e00-\u9fff（）]{1,10}?(?=至少|不少于)")
_LEVEL = re.compile(r"[一二三四五]级(?:及以上)?|[A-Da-d]级|全覆盖")
_LEADING_LIMIT = re.compile(rf"^(?:{TIME_LIMIT.pattern})?(?:力争)?")
_STRIVE = "力争"
# Time words that are no time limit (docs/catalogue-format.md): --explain says they were seen.
_OTHER_TIME_WORDS = re.compile(r"[上下]半年|第?[一二三四]季度(?:末)?|汛(?:期|前)|及时|尽快|适时|限期|逐步")


@record
class TaskReading:
    """What one task's text states, and how each part was read (for --explain)."""

    deadlines: list[models.Deadline] = field(default_factory=list)
    recurrence: models.Recurrence | None = None
    requirements: list[models.Requirement] = field(default_factory=list)
    targets: list[models.Target] = field(default_factory=list)
    duty: models.Duty | None = None
    reasons: list[str] = field(default_factory=list)  # why each inferred value is so
    skipped: list[str] = field(default_factory=list)  # time words seen and not encoded, and why


def read_limits(text: str, year: int, notice_date: dt.date) -> TaskReading:
    from ..labels import message

    r = TaskReading()
    for match in TIME_LIMIT.finditer(text):
        phrase = match.group(0)
        if phrase in NOT_A_TIME_LIMIT:
            r.skipped.append(message("draft_skip_window", phrase=phrase))
            continue
        if phrase in PERIODS:
            if r.recurrence is None:
                r.recurrence = models.Recurrence(every=PERIODS[phrase], phrase=phrase)  # type: ignore[arg-type]
            elif r.recurrence.phrase != phrase:
                r.skipped.append(message("draft_skip_second_period", phrase=phrase, first=r.recurrence.phrase))
            continue
        day = time_limit_date(phrase, year)
        if day is None or day < notice_date:
            r.skipped.append(message("draft_skip_limit", phrase=phrase))
            continue
        if any(d.phrase == phrase for d in r.deadlines):
            continue
        firm = not strive_worded(phrase, text)
        r.deadlines.append(models.Deadline(date=day, phrase=phrase, firm=firm))
        if not re.match(r"\d{4}年", phrase):
            r.reasons.append(message("draft_reason_year", phrase=phrase, year=year))
    for match in REQUIREMENT.finditer(text):
        unit = match.group(2)
        r.requirements.append(models.Requirement(quote=match.group(0), within=f"{int(match.group(1))}{_WITHIN_UNIT[unit]}"))
        if unit == "工作日":
            r.reasons.append(message("draft_reason_working_days", quote=match.group(0)))
    for match in _OTHER_TIME_WORDS.finditer(text):  # said, but not a limit the catalogue dates
        r.skipped.append(message("draft_skip_time_word", phrase=match.group(0)))
    r.targets = read_targets(text)
    if r.targets:
        r.reasons.append(message("draft_reason_targets"))
    r.duty = read_kind(text, r)
    return r


def read_kind(text: str, r: TaskReading) -> models.Duty:
    """The kind of duty, from the strongest signal: a time limit, a period, an event, a standing
    word; else a one-off."""
    firm = [d for d in r.deadlines if d.firm]
    if firm:
        return models.Duty(kind="dated", quote=firm[0].phrase)
    if r.recurrence is not None:
        return models.Duty(kind="recurring", quote=r.recurrence.phrase)
    if r.deadlines:  # only 力争 goals: the horizon is still the time limit (as 4.4.5's)
        return models.Duty(kind="dated", quote=r.deadlines[0].phrase)
    # 灾害发生后2小时内 is how fast a measure must act (a requirement), not what starts it
    durations = [m.span() for m in REQUIREMENT.finditer(text)]
    event = next((m for m in CONTINGENT_WORDS.finditer(text) if not any(m.start() < end and start < m.end() for start, end in durations)), None)
    if event is not None:
        return models.Duty(kind="contingent", quote=event.group(0))
    if m := STANDING_WORDS.search(text):
        return models.Duty(kind="standing", quote=m.group(0))
    return models.Duty(kind="once")


def read_targets(text: str) -> list[models.Target]:
    targets: list[models.Target] = []
    for part_match in _PART.finditer(text):
        part = part_match.group(0)
        trigger = _TARGET_TRIGGER.search(part)
        if trigger is None:
            continue
        firm = _STRIVE not in part
        quote = _LEADING_LIMIT.sub("", part) or part
        count = _COUNT.search(quote) or _PERCENT.search(quote)
        per = _PER.search(quote)
        level = _LEVEL.search(quote)
        targets.append(
            models.Target(
                quote=quote,
                firm=firm,
                min=int(count.group(1)) if count else None,
                unit=count.group(3) if count else None,
                per=per.group(0) if per else None,
                level=level.group(0) if level else None,
            )
        )
    return targets
