"""The roll-up as a mapping that works out a task's state when it is asked for.

`status.rollup` works out every task's state at once; a command that shows twenty rows needs
twenty. `Rollup` answers the same (the same `status.task_state`, on the same entries, in the
same order: tests/test_index.py compares it with status.rollup), task by task, on demand.
The rules stay in status.py; this only decides when they run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping

from .catalogue import Catalogue
from .progress import _DATE, _TASK, EntryRow, Progress
from .status import TaskState, task_state


class Rollup(Mapping[str, TaskState]):
    """task id → its state as of the end of `as_of`, in the catalogue's order, as status.rollup
    gives. With `among` (ids in catalogue order), iteration goes over those tasks only: what a
    listing of one unit's tasks looks at (any task's state can still be asked for).

    The entries come from `log` (the whole log, or its entries up to the day), or from
    `rows_of`: a function that gives some tasks' entries up to the day (the index selects them),
    asked once for the tasks looked at and then for any other task asked for."""

    def __init__(
        self,
        cat: Catalogue,
        log: Progress,
        as_of: dt.date,
        among: list[str] | None = None,
        rows_of: Callable[[list[str]], dict[str, list[EntryRow]]] | None = None,
    ) -> None:
        self.cat, self.as_of, self.among, self.rows_of = cat, as_of, among, rows_of
        by_task: dict[str, list[EntryRow]] = {}
        if rows_of is None:
            for row in log.rows:  # already in the order they happened
                if row[_DATE] <= as_of:
                    by_task.setdefault(row[_TASK], []).append(row)
        self._rows = by_task
        self._states: dict[str, TaskState] = {}

    def _entries(self, task_id: str) -> list[EntryRow]:
        if self.rows_of is None:
            return self._rows.get(task_id, [])
        found = self._rows.get(task_id)
        if found is None:
            wanted = [task_id]
            if self.among is not None and task_id in self._looked_at():
                wanted = [t for t in self.among if t not in self._rows]  # the rest of a listing's tasks, at once
            self._rows.update(self.rows_of(wanted))
            found = self._rows[task_id]
        return found

    def _looked_at(self) -> frozenset[str]:
        found: frozenset[str] | None = self.__dict__.get("_among_set")
        if found is None:
            found = self.__dict__["_among_set"] = frozenset(self.among or ())
        return found

    def __getitem__(self, task_id: str) -> TaskState:
        found = self._states.get(task_id)
        if found is None:
            task = self.cat.tasks[task_id]  # KeyError for a task the catalogue does not have
            found = self._states[task_id] = task_state(self.cat, task, self._entries(task_id), self.as_of)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.cat.tasks if self.among is None else self.among)

    def __len__(self) -> int:
        return len(self.cat.tasks if self.among is None else self.among)

    def looking_at(self, among: list[str] | None) -> Rollup:
        """The same states (worked out once, shared), iterated over `among` only."""
        view = object.__new__(Rollup)
        view.__dict__.update(self.__dict__, among=among)
        view.__dict__.pop("_among_set", None)
        return view

    def __contains__(self, task_id: object) -> bool:
        return task_id in self.cat.tasks if self.among is None else task_id in self._looked_at()
