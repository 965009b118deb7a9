"""Progress lines as anquan writes them, checked and made into rows without pydantic.

Reading 200,000 entries through json and pydantic and then into rows (`progress.entry_row`) is
most of the time `validate`, `--no-cache` and a first index build take. Nearly every line is one
that anquan wrote (`progress.entry_line`): a JSON object of plain strings and whole numbers in
the model's field order, its times written by `isoformat`. `RowReader.row` reads such a line
with one regular expression and checks its values against `ProgressEntry`.

It accepts only what json and pydantic accept, with the same values: every check here is as
strict as pydantic's or stricter (a pattern matched in full by `re`, whose `\\s` holds every
character pydantic's engine counts as white space; a day or a time only in the one form anquan
writes; a time only with its offset). Any other line (None) is read as before, by json and
pydantic or YAML, which word the problem if there is one. tests/test_entry_decoding.py
compares the two.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
from typing import Any, get_args

from .models import ENTRY_TASK_ID, OCCURRENCE_KEY, EntryKind, StatusWord, UnitId


class _Patterns:
    """The line's expression and the ids' patterns, compiled when lines are first read rather
    than on every command's start (`_compiled`)."""

    def __init__(self) -> None:
        self.line = re.compile(_LINE_PATTERN).fullmatch
        self.task, self.period = _whole(ENTRY_TASK_ID), _whole(OCCURRENCE_KEY)
        unit = get_args(UnitId)[1].keywords  # its pattern and its max_length
        unit_shape, longest = _whole(str(unit["pattern"])), unit["max_length"]
        self.unit = lambda text: len(text) <= longest and unit_shape(text) is not None


@functools.cache
def _compiled() -> _Patterns:
    return _Patterns()


def _whole(pattern: str) -> Any:
    """The model's pattern (`^…$`), matched against a whole string: `re`'s `$` would also
    match before a final line break, which pydantic's does not."""
    assert pattern.startswith("^"), pattern
    assert pattern.endswith("$"), pattern
    return re.compile(pattern[1:-1]).fullmatch


_DAY = r"([0-9]{4}-[0-9]{2}-[0-9]{2})"
# A time as `datetime.isoformat` writes one with a zone, in three parts: the day, the time of
# day (with microseconds or none) and an offset in whole minutes. The ranges are the real ones, so that
# nothing pydantic refuses (hour 24, minute 60) is read here; `fromisoformat` checks the day.
_MOMENT = r"([0-9]{4}-[0-9]{2}-[0-9]{2})T((?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{6})?)([+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"

# A JSON string with no escape in it, whose text is its value: no quote, backslash or control
# character, and none of the characters YAML refuses (progress._YAML_UNSAFE, which anquan
# writes as escapes and a line must not hold raw). Written as what it excludes: a class of a few
# ranges compiles in a tenth of the time of the same class written as what it admits.
_STRING = r'"([^\x00-\x1f"\\\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]*)"'
# A line as `progress.entry_line` writes it (without its "- "): the fields in the model's order,
# those without a value left out, ", " and ": " between. Its keys are distinct and its values
# plain, so json would decode it to exactly these texts and numbers.
_LINE_PATTERN = (
    rf'\{{"task": {_STRING}, "unit": {_STRING}, "kind": {_STRING}, "status": {_STRING}'
    r'(?:, "percent": (0|[1-9][0-9]{0,2}))?'
    rf'(?:, "period": {_STRING})?, "date": "{_DAY}"(?:, "note": {_STRING})?(?:, "evidence": {_STRING})?'
    rf', "recorded_at": "{_MOMENT}"(?:, "about": {_STRING})?(?:, "replaces": "{_MOMENT}")?\}}'
)


class RowReader:
    """Makes rows, sharing one object for each id, word, day and zone (as `progress.entry_row`
    does). Each id and day is checked the first time it is met."""

    def __init__(self) -> None:
        self._patterns: _Patterns | None = None  # compiled when the first line is read, not when progress is imported
        self._days: dict[str, dt.date | None] = {}
        self._tasks: dict[str, str] = {}  # a valid text → itself, interned
        self._units: dict[str, str] = {}
        self._periods: dict[str, str] = {}

    def _compile(self) -> _Patterns:
        self._patterns = _compiled()
        return self._patterns

    def row(self, line: str, start: int = 0) -> tuple[Any, ...] | None:
        """The entry row of a progress line (from `start`, after its "- ") when it is one as
        anquan writes them and its values are surely valid; None for any other: pydantic must
        read it."""
        patterns = self._patterns or self._compile()
        match = patterns.line(line, start)
        if match is None:
            return None
        (task, unit, kind, status, percent, period, day, note, evidence, recorded_day, time, offset, about,
         replaced_day, replaced_time, replaced_offset) = match.groups()  # fmt: skip
        task = self._tasks.get(task) or _checked(self._tasks, task, patterns.task)
        unit = self._units.get(unit) or _checked(self._units, unit, patterns.unit)
        kind, status = _KIND_WORDS.get(kind), _STATUS_WORDS.get(status)
        if task is None or unit is None or kind is None or status is None:
            return None
        if percent is not None:
            percent = _PERCENTS.get(percent)
            if percent is None:  # over 100
                return None
        if period is not None:
            found = self._periods.get(period)
            period = found if found is not None else _checked(self._periods, period, patterns.period)
            if period is None:
                return None
        if about is not None and (self._units.get(about) or _checked(self._units, about, patterns.unit)) is None:
            return None
        days = self._days
        day = days.get(day) or self._new_day(day)
        moment = self._moment(recorded_day, time, offset)
        replaces = None if replaced_day is None else self._moment(replaced_day, replaced_time, replaced_offset)
        if day is None or moment is None or (replaced_day is not None and replaces is None):
            return None
        # in the model's field order, as progress.entry_row makes a row (progress checks the order)
        return (task, unit, kind, status, percent, period, day, note, evidence, moment, about, replaces)

    def _moment(self, day_text: str, time: str, offset: str) -> dt.datetime | None:
        """A time as the line writes it, in the zone `plain_zone` shares for its offset; None
        for a day that does not exist."""
        day = self._days.get(day_text) or self._new_day(day_text)
        if day is None:
            return None
        zone = _OFFSETS.get(offset)
        if zone is None:
            zone = _OFFSETS[offset] = plain_zone(dt.datetime.fromisoformat(f"{day_text}T{time}{offset}")).tzinfo
        return _combine(day, _time_of_day(time), zone)

    def _new_day(self, text: str) -> dt.date | None:
        day = self._days[text] = _day(text)
        return day


_KIND_WORDS = {word: sys.intern(word) for word in get_args(EntryKind)}
_PERCENTS = {str(n): n for n in range(101)}
_combine, _time_of_day = dt.datetime.combine, dt.time.fromisoformat
_STATUS_WORDS = {word: sys.intern(word) for word in get_args(StatusWord)}


def _checked(seen: dict[str, str], text: str, valid: Any) -> str | None:
    """`text` interned and kept in `seen` if `valid` accepts it, else None."""
    if not valid(text):
        return None
    found = seen[text] = sys.intern(text)
    return found


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:  # a day that does not exist
        return None


_OFFSETS: dict[str, dt.tzinfo | None] = {}  # an offset as written → its zone


_ZONES: dict[dt.timedelta, dt.timezone] = {}


def plain_zone(moment: dt.datetime) -> dt.datetime:
    """`moment` with a plain datetime.timezone, one object for each offset. A time written
    without a zone is local time (anquan always writes one): left naive, it could not be
    compared with the others. A zone of pydantic's own class becomes a plain offset; sharing
    one zone object per offset lets times of one zone compare by their fields, without asking
    the zone its offset (sorting the log is 4 times faster)."""
    offset = moment.utcoffset()
    if offset is None:
        try:
            return plain_zone(moment.astimezone())
        except (ValueError, OverflowError):  # at the ends of time (year 1, 9999) local time cannot be known
            return moment.replace(tzinfo=dt.timezone.utc)
    zone = _ZONES.get(offset)
    if zone is moment.tzinfo:
        return moment
    return moment.replace(tzinfo=zone or shared_zone(offset))


def shared_zone(offset: dt.timedelta) -> dt.timezone:
    """The one zone object of `offset` that `plain_zone` gives every time of that offset (and
    rows decoded in another process are given when they arrive: progress_worker)."""
    zone = _ZONES.get(offset)
    if zone is None:
        zone = _ZONES[offset] = dt.timezone(offset)
    return zone
