"""Helpers for the CLI tests: run a command in-process, read the catalogue's own files."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

from anquan_cli.cli import cli

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
AS_OF = "2025-05-01"  # after the notice (2025-04-07), before every deadline

# The environment must not leak into the tests: no language or data override, and a wide
# "terminal" so that rich never folds a cell a test looks for.
BASE_ENV: dict[str, str | None] = {"ANQUAN_LANG": None, "ANQUAN_DATA": None, "ANQUAN_NOTICE": None, "COLUMNS": "400", "LINES": "100"}

TOWNSHIPS = {"chongwen", "liyi", "fucheng", "xihedi", "pingcheng", "yangcun", "lucheng", "duohuo", "magedang", "gujiao", "liuquan"}


def run(*args: str, env: dict[str, str | None] | None = None) -> Result:
    """Invoke `anquan ARGS` in-process; exceptions propagate so a failure shows its traceback."""
    return CliRunner().invoke(cli, list(args), env={**BASE_ENV, **(env or {})}, catch_exceptions=False)


def ok(*args: str, env: dict[str, str | None] | None = None) -> str:
    """stdout of a command that must succeed."""
    result = run(*args, env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def ok_json(*args: str, env: dict[str, str | None] | None = None) -> Any:
    return json.loads(ok(*args, "--format", "json", env=env))


def task_ids(records: list[dict[str, Any]]) -> list[str]:
    return [r["task"] for r in records]


def tasks_yaml() -> dict[str, Any]:
    return yaml.safe_load((DATA / "tasks.yaml").read_text(encoding="utf-8"))


def departments_yaml() -> dict[str, Any]:
    return yaml.safe_load((DATA / "departments.yaml").read_text(encoding="utf-8"))


def notice_text() -> str:
    return (DATA / "notice.txt").read_text(encoding="utf-8")


def width(text: str) -> int:
    """Terminal columns of text: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def tab_lines(output: str) -> list[list[str]]:
    """The lines of a plain listing that are table rows (header included), split into cells."""
    return [line.split("\t") for line in output.splitlines() if "\t" in line]


def read_terminal(primary: int) -> bytes:
    """Everything written to a pseudo-terminal, read from its primary side until the other
    side is closed; the primary is closed after."""
    import os

    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # EIO: the other side is closed and everything was read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    return b"".join(chunks)
