"""`anquan validate` on a workspace also checks every progress file."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from anquan_cli.cli import cli


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={"ANQUAN_DATA": "", "ANQUAN_LANG": ""})
    return result.exit_code, result.stdout, result.stderr


def test_validate_lists_bad_progress_entries(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert invoke("init", str(ws))[0] == 0
    code, _, err = invoke("--data", str(ws), "update", "5.3.2", "--dept", "yingji", "--status", "done", "--date", "2025-06-01")
    assert (code, err) == (0, "")
    code, out, _ = invoke("--data", str(ws), "validate")
    assert code == 0
    # and the office is told how many tasks still have a group's part 待分工: the 59 tasks of the
    # clauses naming 县安委会有关成员单位 and the 24 naming 县级负有安全生产监管职责的部门
    assert out.splitlines()[-2:] == [
        "进度记录：1条，均有效。",
        "尚有83项任务涉及的群组单位待分工（见 anquan list --dept 群组名称；分工方案：assignments.yaml）。",
    ]

    path = ws / "progress" / "yingji.yaml"
    with path.open("a", encoding="utf-8") as f:
        f.write("- {garbage\n")
        f.write('- {"task": "9.9.9", "unit": "yingji", "status": "已完成", "date": "2025-06-01", "recorded_at": "2025-06-01T00:00:00Z"}\n')
    code, _, err = invoke("--lang", "en", "--data", str(ws), "validate")
    assert code == 2
    lines = err.splitlines()
    # at the { that is never closed
    assert lines[0].startswith(f"{path}:5:3: YAML syntax: ") or lines[0].startswith("progress/yingji.yaml:5:3")
    assert lines[1].endswith(":6:1: unknown task '9.9.9'; skipped")
    assert lines[2] == "anquan: 2 problem(s) in the data"

    # other commands keep the good entry and warn about the rest
    code, out, err = invoke("--lang", "en", "--data", str(ws), "history", "5.3.2", "--format", "json")
    assert code == 0
    assert '"status": "已完成"' in out
    assert err.count("skipped") == 2
