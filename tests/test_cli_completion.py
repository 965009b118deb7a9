"""Shell completion (click's protocol): subcommands, unit names and task ids."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from anquan_cli.cli import cli


def complete(words: str) -> list[str]:
    """What bash would be offered for the last word of `words` (click's bash_complete)."""
    parts = words.split(" ")
    env = {"_ANQUAN_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1), "ANQUAN_DATA": ""}
    result = CliRunner().invoke(cli, [], env=env, prog_name="anquan")
    assert result.exit_code == 0, result.output
    # bash_complete prints "type,value" per line
    return [line.split(",", 1)[1] for line in result.output.splitlines() if line]


def test_subcommands_complete() -> None:
    assert complete("anquan d") == ["dept", "draft", "due"]
    assert "summary" in complete("anquan ")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("anquan dept ying", ["yingji"]),
        ("anquan dept 应急", ["应急局"]),
        ("anquan due --dept xiang", ["xiangzhen"]),
    ],
)
def test_unit_names_complete(words: str, expected: list[str]) -> None:
    assert complete(words) == expected


def test_task_ids_complete() -> None:
    assert complete("anquan show 5.3.") == ["5.3.1", "5.3.2", "5.3.3", "5.3.4", "5.3.5", "5.3.6"]
    assert complete("anquan history 4.1.") == ["4.1.1", "4.1.2", "4.1.3", "4.1.4", "4.1.5"]


def test_task_ids_of_several_notices_complete_plain_or_within_the_notice_chosen(tmp_path: Path) -> None:
    from helpers_cli import DATA, ok

    ws = tmp_path / "ws"
    ok("init", str(ws))
    ok("draft", str(DATA / "examples" / "flood-notice.txt"), "--into", str(ws), "--alias", "防汛", "--home-alias", "安全")
    data = f"anquan --data {ws}"
    assert complete(f"{data} show 5.3.") == [f"安全:5.3.{n}" for n in range(1, 7)]  # a plain id, as typed where one notice has it
    assert complete(f"{data} show 防汛:1.1") == ["防汛:1.1.1", "防汛:1.1.2", "防汛:1.1"]
    flood = ["防汛:1.1.1", "防汛:1.1.2", "防汛:1.1"]
    assert complete(f"{data} --notice 防汛 show 1.1") == flood
    assert complete(f"{data} show --notice 防汛 1.1") == flood
    assert {"安全:1.1.1", "防汛:1.1.1"} <= set(complete(f"{data} show 1.1.1"))
