"""A 调度通报's text kept in the index (index_figures.day_bulletins): while the log stays as it is
the next `summary` with the same options reads it back; any change to the log, the catalogue or
an option makes it anew. Always what `--no-cache` prints, byte for byte."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from anquan_cli.bulletin import content
from helpers_cli import ok, run
from test_index_figures import MANY_DAYS, REPO, append, every_kind_of_write, generated, index_path, kept_counts, season  # noqa: F401  (a fixture)
from test_index_figures import ws as ws

OPTIONS = [[], ["--format", "markdown"], ["--brief"], ["--horizon", "10"], ["--number", "7"], ["--since", "2025-05-10"]]


def summary_same(ws: Path, *options: str, lang: str = "zh") -> str:
    """`summary OPTIONS` with the index and without it: asserted the same (stdout, stderr, exit); its output."""
    command = ["--lang", lang, "--data", str(ws), "summary", *options]
    indexed, plain = run(*command), run("--no-cache", *command)
    assert (indexed.exit_code, indexed.stdout, indexed.stderr) == (plain.exit_code, plain.stdout, plain.stderr), command
    return indexed.stdout


def builds_counted(monkeypatch: pytest.MonkeyPatch) -> list[dt.date]:
    """The as-of day of each bulletin built from here on (content.build), in order."""
    built: list[dt.date] = []
    build = content.build

    def counted(*args: object, **kwargs: object) -> content.Bulletin:
        built.append(args[3])  # type: ignore[arg-type]
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(content, "build", counted)
    return built


def kept_bulletins(ws: Path, cache_dir: Path) -> int:
    return kept_counts(ws, cache_dir, "day_bulletins")[0]


def test_the_bulletin_is_the_same_with_and_without_the_index_through_a_season(ws: Path, cache_dir: Path) -> None:
    today = dt.date.today().isoformat()

    def same(units: list[str]) -> None:
        for day in ("2025-05-01", "2025-08-15", today):
            for options in OPTIONS:
                summary_same(ws, "--as-of", day, *options)
        summary_same(ws, "--as-of", "2025-08-15", "--dept", units[0])
        summary_same(ws, "--as-of", "2025-08-15", lang="en")

    season(ws, same)
    assert kept_bulletins(ws, cache_dir) > 0  # texts were kept (those read back are compared in the test of every option)
    shipped = (REPO / "data" / "supervision.yaml").read_text(encoding="utf-8")
    assert "各乡镇人民政府，县安委会各成员单位" in summary_same(ws, "--as-of", "2025-08-15")
    (ws / "supervision.yaml").write_text(shipped.replace("recipients: 各乡镇人民政府，县安委会各成员单位", "recipients: 县应急局（修订）"), encoding="utf-8")
    assert "县应急局（修订）" in summary_same(ws, "--as-of", "2025-08-15")  # the office's settings changed: made anew


def test_the_bulletin_is_the_same_with_and_without_the_index_after_every_kind_of_write(tmp_path: Path, cache_dir: Path) -> None:
    def same(days: list[str]) -> None:
        for day in days:
            summary_same(tmp_path / "ws", "--as-of", day)
        summary_same(tmp_path / "ws", "--as-of", days[-1], "--brief", lang="en")

    ws = every_kind_of_write(tmp_path, same)
    same(MANY_DAYS)  # with the 分工方案 the last step added
    assert kept_bulletins(ws, cache_dir) > 0


def test_a_kept_bulletin_is_read_back_without_working_it_out_until_the_log_changes(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = summary_same(ws, "--as-of", "2025-08-15")
    built = builds_counted(monkeypatch)
    assert ok("--data", str(ws), "summary", "--as-of", "2025-08-15") == first
    assert built == []  # read back
    other = ok("--data", str(ws), "summary", "--as-of", "2025-08-15", "--horizon", "10")
    assert built == [dt.date(2025, 8, 15)]  # another option: made, not another's text
    assert ok("--data", str(ws), "summary", "--as-of", "2025-08-15", "--horizon", "10") == other
    assert len(built) == 1
    unit = sorted(p.stem for p in (ws / "progress").glob("*.yaml"))[0]
    append(ws, unit, status="推进中", percent=63, date="2025-08-01", recorded_at="2025-08-01T10:00:00+08:00", note="新报送的进展")
    after = ok("--data", str(ws), "summary", "--as-of", "2025-08-15")
    assert len(built) == 2  # the log changed: made anew
    monkeypatch.undo()
    assert after == summary_same(ws, "--as-of", "2025-08-15")
    ok("--data", str(ws), "update", _a_task(ws, unit), "--dept", unit, "--status", "推进中", "--note", "又一次报送", "--date", "2025-08-02")
    assert "又一次报送" in summary_same(ws, "--as-of", "2025-08-15")  # an update: made anew, with it


def _a_task(ws: Path, unit: str) -> str:
    import json

    line = next(t for t in (ws / "progress" / f"{unit}.yaml").read_text(encoding="utf-8").splitlines() if t.startswith("- {"))
    task: str = json.loads(line[2:])["task"]
    return task


@pytest.mark.parametrize("kept", [b"\x00not text", None], ids=["bytes", "gone"])
def test_a_kept_bulletin_that_is_not_text_is_made_again(ws: Path, cache_dir: Path, kept: object) -> None:
    first = summary_same(ws, "--as-of", "2025-08-15")
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        db.execute("UPDATE day_bulletins SET text = ?", (kept,)) if kept is not None else db.execute("DELETE FROM day_bulletins")
    db.close()
    assert ok("--data", str(ws), "summary", "--as-of", "2025-08-15") == first
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        [(again,)] = db.execute("SELECT text FROM day_bulletins")
    db.close()
    assert again == first


def test_a_kept_bulletin_that_is_not_utf8_is_made_again_and_kept(ws: Path, cache_dir: Path) -> None:
    """A row whose text is not UTF-8 (a damaged or tampered index) is worked out and written
    again, as any other text not what anquan wrote: not left to fail every later read."""
    first = summary_same(ws, "--as-of", "2025-08-15")
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        assert db.execute("UPDATE day_bulletins SET text = CAST(? AS TEXT)", (b"\xff\xfe\x80",)).rowcount == 1
    db.close()
    assert ok("--data", str(ws), "summary", "--as-of", "2025-08-15") == first
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        [(again,)] = db.execute("SELECT CAST(text AS BLOB) FROM day_bulletins")
    db.close()
    assert again == first.encode("utf-8")


def test_a_bulletin_kept_for_an_older_log_is_never_read(ws: Path, cache_dir: Path) -> None:
    first = summary_same(ws, "--as-of", "2025-08-15")
    with sqlite3.connect(index_path(ws, cache_dir)) as db:
        db.execute("UPDATE day_bulletins SET text = '旧的通报'")
        db.execute("UPDATE meta SET value = CAST(value + 1 AS TEXT) WHERE key = 'generation'")  # as another run's write moves it on
    db.close()
    assert ok("--data", str(ws), "summary", "--as-of", "2025-08-15") == first


# Every option that shapes the text, both --since forms (a day, relative to today) and a refusal.
READ_BACK = [
    [],
    ["--brief"],
    ["--format", "markdown"],
    ["--dept", "崇文镇"],
    ["--dept", "县应急局", "--brief"],
    ["--number", "7"],
    ["--since", "2025-05-10"],
    ["--since", "6月底", "--format", "markdown"],
    ["--horizon", "10"],
    ["--as-of", "+30d", "--since", "-20d"],
    ["--as-of", "2025-01-01"],  # before the notice: refused, nothing kept
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bulletin_read_back_is_what_no_cache_prints_for_every_option_with_skipped_lines(tmp_path: Path, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second `summary` with the same options reads back what the first kept (it builds
    nothing), and prints what --no-cache prints, byte for byte: stdout, exit code, and on stderr
    the warnings of the lines the log skips (a bad line, one dated after today); so does -o."""
    ws = tmp_path / "ws"
    ok("init", str(ws))
    ok("--data", str(ws), "update", "5.3.2", "--dept", "县应急局", "--status", "推进中", "--percent", "40", "--note", "已开展普查", "--date", "2025-06-01")
    ok("--data", str(ws), "update", "1.1.2", "--dept", "崇文镇", "--status", "已完成", "--note", "已落实", "--date", "2025-06-20")
    later = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    with (ws / "progress" / "yingji.yaml").open("a", encoding="utf-8") as f:
        f.write("- not an entry\n")
        f.write(f'- {{"task": "5.3.2", "unit": "yingji", "kind": "update", "status": "已完成", "date": "{later}", "recorded_at": "{later}T09:00:00+08:00"}}\n')
    built = builds_counted(monkeypatch)
    for options in READ_BACK:
        command = ["--lang", lang, "--data", str(ws), "summary", *(["--as-of", "2025-08-15"] if "--as-of" not in options else []), *options]
        first = run(*command)
        before = len(built)
        again, plain = run(*command), run("--no-cache", *command)
        assert "yingji.yaml:" in plain.stderr, command  # the skipped lines are said
        for indexed in (first, again):
            assert (indexed.exit_code, indexed.stdout, indexed.stderr) == (plain.exit_code, plain.stdout, plain.stderr), command
        if plain.exit_code == 0:
            assert len(built) == before + 1, command  # only --no-cache built it: the second was read back
            if "--brief" not in options:
                files = [tmp_path / f"{name}.txt" for name in ("indexed", "plain")]
                ok(*command, "-o", str(files[0]))
                ok("--no-cache", *command, "-o", str(files[1]))
                assert files[0].read_bytes() == files[1].read_bytes(), command
