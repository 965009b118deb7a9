"""The roll-up as a mapping that works out a task's state when it is asked for.

`status.rollup` works out every task's state at once; a command that shows twenty rows needs
twenty. `Rollup` answers the same (the same `status.task_state`, on the same entries, in the
same order: tests/test_index.py compares it with status.rollup), task by task, on demand.
The rules stay in status.py; this only decides when they run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from .catalogue import Catalogue
from .progress import _DATE, _TASK, EntryRow, Progress
from .status import TaskState, task_state


class Rollup(Mapping[str, TaskState]):
    """task id → its state as of the end of `as_of`, in the catalogue's order, as status.rollup gives."""

    def __init__(self, cat: Catalogue, log: Progress, as_of: dt.date) -> None:
        self.cat, self.as_of = cat, as_of
        by_task: dict[str, list[EntryRow]] = {}
        for row in log.rows:  # already in the order they happened
            if row[_DATE] <= as_of:
                by_task.setdefault(row[_TASK], []).append(row)
        self._rows = by_task
        self._states: dict[str, TaskState] = {}

    def __getitem__(self, task_id: str) -> TaskState:
        found = self._states.get(task_id)
        if found is None:
            task = self.cat.tasks[task_id]  # KeyError for a task the catalogue does not have
            found = self._states[task_id] = task_state(self.cat, task, self._rows.get(task_id, []), self.as_of)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.cat.tasks)

    def __len__(self) -> int:
        return len(self.cat.tasks)

    def __contains__(self, task_id: object) -> bool:
        return task_id in self.cat.tasks
