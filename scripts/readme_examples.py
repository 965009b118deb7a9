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

from anquan_cli import progress, recording
from anquan_cli.catalogue import Catalogue, load_catalogue, shipped_data_dir
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


_ZONE = dt.timezone(dt.timedelta(hours=8))


def record(root: Path, cat: Catalogue, task: str, unit: str, status: str, percent: int | None, date: dt.date, note: str | None, now: dt.datetime) -> None:
    """One update, as `anquan update` writes it, at fixed times."""
    log = progress.load_progress(root, cat)
    entry = recording.new_update(
        cat, log, task_id=task, unit=unit, status=status, percent=percent, note=note, evidence=None, date=date, period=None, clock=recording.Clock(date, now)
    )
    progress.append_entry(root, entry, cat.units[unit].name)


def demo_workspace() -> Path:
    """A workspace with a few progress entries, the same every time."""
    global _DEMO
    if _DEMO is None:
        root = Path(tempfile.mkdtemp(prefix="anquan-readme-")) / "ws"
        progress.init_workspace(root, shipped_data_dir())
        cat = load_catalogue(root)
        for i, (task, unit, status, percent, day, note) in enumerate(DEMO_UPDATES):
            record(root, cat, task, unit, status, percent, dt.date.fromisoformat(day), note, dt.datetime(2025, 6, 30, 9, i, tzinfo=_ZONE))
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
    header = next(r for r in range(1, 11) if ws.cell(r, 1).value in ("任务编号", "Task"))  # row 3: below the title and the sheet's 填报日期
    col = {c.value: c.column for c in ws[header]}
    where = {ws.cell(r, 1).value: r for r in range(header + 1, ws.max_row + 1)}
    for task, values in rows.items():
        for heading, value in values.items():
            ws.cell(where[task], col[heading]).value = value
    wb.save(path)


def audit_workspace() -> Path:
    """A workspace in git as in the README's audit example: the office and two liaisons of the
    example people.yaml commit (fixed dates, so the commit hashes are the same every time),
    then 王芳 of 应急局 records a report for 住建局."""
    import subprocess

    root = Path(tempfile.mkdtemp(prefix="anquan-readme-audit-")) / "ws"
    progress.init_workspace(root, shipped_data_dir())
    shutil.copyfile(Path(__file__).resolve().parent.parent / "docs" / "people.example.yaml", root / "people.yaml")
    cat = load_catalogue(root)
    home = root.parent / "home"
    home.mkdir()
    (home / "gitconfig").write_text("", encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    base.update(HOME=str(home), GIT_CONFIG_GLOBAL=str(home / "gitconfig"), GIT_CONFIG_NOSYSTEM="1")

    def commit(message: str, name: str, email: str, minute: int) -> None:
        stamp = f"2025-06-30T10:{minute:02d}:00+08:00"
        who = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}
        env = {**base, **who, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        subprocess.run(["git", "add", "-A"], cwd=root, env=env, check=True)
        subprocess.run(["git", "commit", "-q", "-m", message], cwd=root, env=env, check=True)

    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, env=base, check=True)
    commit("初始化工作区", "李明", "liming@lingchuan.example", 0)
    reports = [
        ("5.3.2", "yingji", "in_progress", 60, "王芳", "wangfang@lingchuan.example"),
        ("5.3.2", "zhujian", "done", None, "张伟", "zhangwei@lingchuan.example"),
        ("1.1.3", "zhujian", "done", None, "王芳", "wangfang@lingchuan.example"),  # 王芳 writes for 住建局
    ]
    for i, (task, unit, status, percent, name, email) in enumerate(reports, start=1):
        record(root, cat, task, unit, status, percent, dt.date(2025, 6, 30), None, dt.datetime(2025, 6, 30, 10, i, tzinfo=_ZONE))
        commit(f"{cat.units[unit].short}：{task}", name, email, i)
    return root


def supervision_workspace(*, plan: bool = True) -> Path:
    """A workspace with the example 分工方案 (unless `plan` is false) and, at fixed times: 1.1.2's
    first half done by 县应急局 on 06-20, its second half at 50% on 11-25; and a mistaken 已完成 on
    5.3.2 that 县应急局 corrects two days later."""
    root = Path(tempfile.mkdtemp(prefix="anquan-readme-supervision-")) / "ws"
    progress.init_workspace(root, shipped_data_dir())
    if not plan:
        return root
    shutil.copyfile(Path(__file__).resolve().parent.parent / "data" / "examples" / "assignments.yaml", root / "assignments.yaml")
    cat = load_catalogue(root)
    reports = [  # in the order they were written
        ("5.3.2", "done", None, "2025-05-10", None, None),
        ("5.3.2", "in_progress", 40, "2025-05-12", "更正：误报已完成，普查完成四成", "replace"),
        ("1.1.2", "done", None, "2025-06-20", "上半年专题会议已召开", None),
        ("1.1.2", "in_progress", 50, "2025-11-25", "下半年专题会议已筹备", None),
    ]
    last = None
    for i, (task, status, percent, day, note, replace) in enumerate(reports):
        date = dt.date.fromisoformat(day)
        clock = recording.Clock(date, dt.datetime.combine(date, dt.time(9, i), tzinfo=_ZONE))
        entry = recording.new_update(
            cat,
            progress.load_progress(root, cat),
            task_id=task,
            unit="yingji",
            status=status,
            percent=percent,
            note=note,
            evidence=None,
            date=date,
            period=None,
            clock=clock,
            replaces=last.recorded_at if replace and last is not None else None,
        )
        progress.append_entry(root, entry, cat.units["yingji"].name)
        last = entry
    return root


def grep(command: str, prefix: str, *, workspace: Path) -> str:
    """`command | grep ^prefix`, as typed, then the lines it keeps."""
    out = run(command, workspace=workspace).splitlines()[1:]
    kept = [line for line in out if line.lstrip("\ufeff").startswith(prefix)]
    return f"$ {command} | grep ^{prefix}\n" + "".join(line + "\n" for line in kept)


def draft_folder() -> Path:
    """A folder holding the example notice in another layout (data/examples/flood-notice.txt) as
    汛期通知.txt, for the README's `anquan draft` example; the draft is written inside it."""
    folder = Path(tempfile.mkdtemp(prefix="anquan-readme-draft-"))
    shutil.copyfile(Path(__file__).resolve().parent.parent / "data" / "examples" / "flood-notice.txt", folder / "汛期通知.txt")
    return folder
