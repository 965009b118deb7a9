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

from anquan_cli import progress, query, recording
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


def task_log(cat: Catalogue, root: Path, task: str) -> recording.TaskLog:
    """What a write on `task` reads, from the files: its entries and the workspace's latest stamp."""
    return recording.task_log(progress.load_progress(root, cat), query.find_task(cat, task).id)


_ZONE = dt.timezone(dt.timedelta(hours=8))


def record(root: Path, cat: Catalogue, task: str, unit: str, status: str, percent: int | None, date: dt.date, note: str | None, now: dt.datetime) -> None:
    """One update, as `anquan update` writes it, at fixed times."""
    entry = recording.new_update(
        cat, task_log(cat, root, task), task_id=task, unit=unit, status=status, percent=percent, note=note, evidence=None, date=date, period=None,
        clock=recording.Clock(date, now),
    )  # fmt: skip
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
            task_log(cat, root, task),
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


# The README's 调度通报: a season in which every unit reports on the 20th of April, May and June, on
# its first standing duty and 5 points ahead of 序时进度 on each duty with a time limit, and on
# 06-28 finishes the two due on 06-30. Except: 财政局 and 气象局 never report; 农业农村局 stops after
# April; 交通局 stays at 10%; 崇文镇 does not finish 5.3.2. The office has sent two bulletins.
SEASON_LIMITS = {"1.1.2": "2025-06-30", "1.1.3": "2025-12-31", "3.1.1": "2025-12-31", "4.1.4": "2025-10-31", "4.5.2": "2025-12-31", "5.3.2": "2025-06-30"}
SEASON_ISSUES = "issues:\n    - {number: 1, date: 2025-04-07}\n    - {number: 2, date: 2025-05-26}\n    - {number: 3, date: 2025-06-26}\n"


def bulletin_workspace() -> Path:
    """The season above, at fixed times, under the example 分工方案 and the shipped supervision.yaml."""
    import math

    from anquan_cli.catalogue import REPORTING_KINDS

    repo = Path(__file__).resolve().parent.parent
    root = Path(tempfile.mkdtemp(prefix="anquan-readme-bulletin-")) / "ws"
    progress.init_workspace(root, shipped_data_dir())
    shutil.copyfile(repo / "data" / "examples" / "assignments.yaml", root / "assignments.yaml")
    settings = root / "supervision.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("issues: []\n", SEASON_ISSUES), encoding="utf-8")
    cat = load_catalogue(root)
    moment = iter(range(10_000))

    def clock(day: dt.date) -> recording.Clock:
        return recording.Clock(day, dt.datetime.combine(day, dt.time(9), tzinfo=_ZONE) + dt.timedelta(seconds=next(moment)))

    def report(task: str, unit: str, status: str, percent: int | None, day: str, note: str | None = None) -> None:
        date = dt.date.fromisoformat(day)
        period = "2025H1" if task == "1.1.2" else None
        entry = recording.new_update(
            cat, task_log(cat, root, task), task_id=task, unit=unit, status=status, percent=percent,
            note=note, evidence=None, date=date, period=period, clock=clock(date),
        )  # fmt: skip
        progress.append_entry(root, entry, cat.units[unit].name)

    def office(kind: str, task: str, day: str, note: str | None = None, about: str | None = None) -> None:
        date = dt.date.fromisoformat(day)
        entry = recording.new_office_action(
            cat, task_log(cat, root, task), kind=kind, task_id=task, note=note, date=date, period=None, about=about, clock=clock(date)
        )
        progress.append_entry(root, entry, cat.units[progress.OFFICE].name)

    units = [u for u, unit in cat.units.items() if unit.kind in REPORTING_KINDS and any(u in t.reporters for t in cat.tasks.values())]
    mine = {u: [t for t in cat.tasks.values() if u in t.reporters] for u in units}
    never, stops, laggard = {"caizheng", "qixiang"}, {"nongye"}, "jiaotong"
    for n, day in enumerate(("2025-04-20", "2025-05-20", "2025-06-20")):
        for u in units:
            if u in never or (n and u in stops):
                continue
            standing = next((t.id for t in mine[u] if t.kind == "standing"), mine[u][0].id)
            report(standing, u, "in_progress", None, day, "按月报送")
            for t in (t for t in mine[u] if t.id in SEASON_LIMITS):
                elapsed = (dt.date.fromisoformat(day) - cat.notice.date).days / (dt.date.fromisoformat(SEASON_LIMITS[t.id]) - cat.notice.date).days
                report(t.id, u, "in_progress", 10 if u == laggard else min(95, math.ceil(100 * elapsed) + 5), day)
    for u in units:
        for task in ("5.3.2", "1.1.2"):
            if any(t.id == task for t in mine[u]) and u not in never | stops | {laggard} and (u, task) != ("chongwen", "5.3.2"):
                report(task, u, "done", None, "2025-06-28")
    for u in cat.tasks["5.2.1"].reporters:
        report("5.2.1", u, "done", None, "2025-05-15")
    office("verify", "5.2.1", "2025-05-20", "核验通过")
    office("yellow_card", "2.3.1", "2025-07-01", "隐患整改不力", "zhujian")
    for u in cat.tasks["5.2.2"].reporters:
        report("5.2.2", u, "done", None, "2025-07-05", "专项检查全部完成")
    return root


def bulletin_body(command: str, *, workspace: Path) -> str:
    """`command`'s bulletin up to its attachments (the ranking and the 台账 follow in the real output)."""
    out = run(command, workspace=workspace)
    return out.split("\n———\n", 1)[0] + "\n"


def notices_folder() -> Path:
    """A folder holding a workspace (ws) that tracks the shipped notice, and beside it the flood
    notice (汛期通知.txt) and the three-year plan (三年行动.txt) of data/examples, for the README's
    workspace of several notices; ws gets one update on the flood notice, at a fixed time, once
    the flood notice has joined (see `add_flood_update`)."""
    folder = Path(tempfile.mkdtemp(prefix="anquan-readme-notices-"))
    examples = Path(__file__).resolve().parent.parent / "data" / "examples"
    shutil.copyfile(examples / "flood-notice.txt", folder / "汛期通知.txt")
    shutil.copyfile(examples / "three-year-plan.txt", folder / "三年行动.txt")
    progress.init_workspace(folder / "ws", shipped_data_dir())
    return folder


def add_flood_update(root: Path) -> None:
    """县应急局's report on the flood notice's 1.1.1, as `anquan update` writes it, at a fixed time."""
    from anquan_cli.notices import load_workspace_catalogue

    cat = load_workspace_catalogue(root)
    day = dt.date(2025, 5, 10)
    entry = recording.new_update(
        cat, task_log(cat, root, "防汛:1.1.1"), task_id="防汛:1.1.1", unit="yingji", status="in_progress", percent=60, note="已排查隐患点23处", evidence=None,
        date=day, period=None, clock=recording.Clock(day, dt.datetime(2025, 5, 10, 9, 0, tzinfo=_ZONE)),
    )
    progress.append_entry(root, progress.stored_entry(cat, entry), cat.units["yingji"].name)


def draft_folder() -> Path:
    """A folder holding the example notice in another layout (data/examples/flood-notice.txt) as
    汛期通知.txt, for the README's `anquan draft` example; the draft is written inside it."""
    folder = Path(tempfile.mkdtemp(prefix="anquan-readme-draft-"))
    shutil.copyfile(Path(__file__).resolve().parent.parent / "data" / "examples" / "flood-notice.txt", folder / "汛期通知.txt")
    return folder
