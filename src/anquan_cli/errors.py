"""The one exception tree. `cli.main` turns these into messages and exit codes.

AnquanError (exit 2: something the user can fix)
├── UsageError     bad option value, unknown unit or task, ambiguous name
├── DataError      one or more located problems in data files
└── WorkspaceError a write that needs a workspace, or a refused write
Anything else reaching `cli.main` is a bug: exit 1, with a short message.
"""

from __future__ import annotations

from .records import record

EXIT_USER_ERROR = 2
EXIT_BUG = 1
MAX_QUOTED_CHARS = 80  # a value quoted in a message: a 50 MB value is not echoed whole


def clip(text: str, limit: int = MAX_QUOTED_CHARS) -> str:
    """`text` cut to `limit` characters, with … where it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@record(frozen=True, order=True)
class Problem:
    """One thing wrong in a data file, located as precisely as the parser allows."""

    file: str
    line: int  # 1-based; 0 when unknown
    column: int  # 1-based; 0 when unknown
    path: str  # "clauses[4].tasks[2].deadlines[0].date", or "" for the whole file
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        # a path names keys from the file, and a message can quote a value: whatever quotes them
        # (a check that forgot to clip), a problem stays one readable line
        path, message = clip(self.path, 4 * MAX_QUOTED_CHARS), clip(self.message, 8 * MAX_QUOTED_CHARS)
        return f"{where}: {path}: {message}" if self.path else f"{where}: {message}"


class AnquanError(Exception):
    exit_code = EXIT_USER_ERROR


class UsageError(AnquanError):
    pass


class WorkspaceError(AnquanError):
    pass


class DataError(AnquanError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
