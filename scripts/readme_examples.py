"""Helpers for the cog blocks in README.md: run anquan as a user would and show its output.

Every example fixes its dates (--as-of, --date, and the recorded_at of demo entries), so
`cog --check README.md` in CI proves that README shows what the tool really prints.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import tempfile
from pathlib import Path

from click.testing import CliRunner

from anquan_cli import progress
from anquan_cli.catalogue import load_catalogue, shipped_data_dir
from anquan_cli.cli import cli

_DEMO: Path | None = None

# (task, unit, status, percent, date, note)
DEMO_UPDATES = [
    ("5.3.2", "yingji", "in_progress", 60, "2025-05-20", "已完成3个矿区隐蔽致灾因素普查"),
    ("5.3.2", "zhujian", "done", None, "2025-06-10", "不涉及煤矿，已核查"),
    ("1.1.3", "yingji", "in_progress", 30, "2025-05-30", "已梳理问题清单12项"),
    ("4.1.4", "yingji", "done", None, "2025-06-20", "预案已发布"),
    ("5.3.2", "chongwen", "done", None, "2025-06-25", None),
]


def demo_workspace() -> Path:
    """A workspace with a few progress entries, the same every time."""
    global _DEMO
    if _DEMO is None:
        root = Path(tempfile.mkdtemp(prefix="anquan-readme-")) / "ws"
        progress.init_workspace(root, shipped_data_dir())
        cat = load_catalogue(root)
        for i, (task, unit, status, percent, day, note) in enumerate(DEMO_UPDATES):
            date = dt.date.fromisoformat(day)
            entry = progress.new_update(
                cat,
                task_id=task,
                unit=unit,
                status=status,
                percent=percent,
                note=note,
                evidence=None,
                date=date,
                today=date,
                now=dt.datetime(2025, 6, 30, 9, i, tzinfo=dt.timezone(dt.timedelta(hours=8))),
            )
            progress.append_entry(root, entry, cat.units[unit].name)
        _DEMO = root
    return _DEMO


def run(command: str, *, workspace: bool = False) -> str:
    """`command` as typed (starting with `anquan`), then its output, for a ```console block."""
    args = shlex.split(command)[1:]
    env = {"ANQUAN_DATA": str(demo_workspace())} if workspace else {"ANQUAN_DATA": ""}
    old = os.environ.pop("ANQUAN_DATA", None)
    try:
        result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False, prog_name="anquan")
    finally:
        if old is not None:
            os.environ["ANQUAN_DATA"] = old
    return f"$ {command}\n{result.output}"
