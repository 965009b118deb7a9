"""Helpers for the cog blocks in README.md: run anquan as a user would and show its output.

Every example fixes its dates (--as-of, --date, and the recorded_at of demo entries), so
`cog --check README.md` in CI proves that README shows what the tool really prints.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import shutil
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from anquan_cli import progress
from anquan_cli.catalogue import load_catalogue, shipped_data_dir
from anquan_cli.cli import cli

_DEMO: Path | None = None

# Times are shown in the reader's local zone: the README's in the county's, whatever the machine's.
os.environ["TZ"] = "CST-8"
if hasattr(time, "tzset"):
    time.tzset()

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


def run(command: str, *, workspace: bool | Path = False) -> str:
    """`command` as typed (starting with `anquan`), then its output, for a ```console block.

    `workspace=True` runs it on the demo workspace; a path runs it inside that workspace, so that
    file names in the command and its output are short."""
    args = shlex.split(command)[1:]
    data = workspace if isinstance(workspace, Path) else demo_workspace() if workspace else None
    env = {"ANQUAN_DATA": str(data) if data else ""}
    old = os.environ.pop("ANQUAN_DATA", None)
    cwd = Path.cwd()
    try:
        if isinstance(workspace, Path):
            os.chdir(workspace)
        result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False, prog_name="anquan")
    finally:
        os.chdir(cwd)
        if old is not None:
            os.environ["ANQUAN_DATA"] = old
    return f"$ {command}\n{result.output}"


def excel_workspace() -> Path:
    """A copy of the demo workspace for the Excel round trip, so the import changes no other example."""
    root = Path(tempfile.mkdtemp(prefix="anquan-readme-excel-")) / "ws"
    shutil.copytree(demo_workspace(), root)
    return root


def fill_workbook(path: Path, rows: dict[str, dict[str, object]]) -> None:
    """Type values under the given headings of each task's row, as a unit does in Excel."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    col = {c.value: c.column for c in ws[2]}
    where = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}
    for task, values in rows.items():
        for heading, value in values.items():
            ws.cell(where[task], col[heading]).value = value
    wb.save(path)
