"""benchmarks/make_workspace.py writes a valid workspace, the same bytes for the same seed,
and only progress entries of units that own the task. No timing here."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "benchmarks" / "make_workspace.py"
TASKS, UNITS, ENTRIES, SEED = 300, 12, 2000, 3
REPORTING_KINDS = ("department", "township")
ENTRY_KEYS = ["task", "unit", "kind", "status", "percent", "date", "note", "evidence", "recorded_at"]
HEADER = re.compile(r"# \S+ 进度记录：由 anquan 逐条追加，一行一条，请勿改动已有行。\nunit: ([a-z][a-z0-9_]*)\nentries:\n")


def generate(out: Path, seed: int = SEED) -> None:
    command = [sys.executable, str(GENERATOR), "--tasks", str(TASKS), "--units", str(UNITS), "--progress", str(ENTRIES), "--seed", str(seed), str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "ws"
    generate(out)
    return out


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def owners(workspace: Path) -> dict[str, set[str]]:
    """task id → the departments and townships that report on it, worked out from the YAML files:
    the clause's units, the rule's unit in every clause after the one stating it, group members."""
    units = {u["id"]: u for u in load(workspace / "departments.yaml")["units"]}
    catalogue = load(workspace / "tasks.yaml")
    order = [c["id"] for c in catalogue["clauses"]]
    result: dict[str, set[str]] = {}
    for index, clause in enumerate(catalogue["clauses"]):
        named = list(clause["responsibility"]["units"])
        named += [r["unit"] for r in catalogue["rules"] if order.index(r["stated_in"]) < index]
        expanded = {m for u in named for m in [u, *(units[u].get("members") or [])]}
        reporting = {u for u in expanded if units[u]["kind"] in REPORTING_KINDS}
        for task in clause["tasks"]:
            result[task["id"]] = reporting
    return result


def test_workspace_validates_with_the_requested_counts(workspace: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("ANQUAN_DATA", "ANQUAN_LANG")}
    done = subprocess.run(
        [sys.executable, "-m", "anquan_cli", "--lang", "en", "--data", str(workspace), "validate", "--strict"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert re.fullmatch(rf"Valid: {TASKS} tasks, \d+ clauses, {UNITS} units, no problems\.", lines[0]), lines[0]
    assert re.fullmatch(r"Coverage: (\d+) of the body's \1 sentences quoted \(100\.0%\)\.", lines[1]), lines[1]
    # a generated workspace has no supervision.yaml: the shipped default applies, and validate says so
    assert lines[2].startswith("Supervision “县安委办督办设置（默认）” (supervision.yaml, local data: a default or example"), lines[2]
    assert lines[3] == f"Progress: {ENTRIES} entries, all valid."
    # the generator's groups name no one until a 分工方案 divides them: validate says how many wait
    assert all(re.fullmatch(r"\d+ tasks still have a group's part 待分工 .*", line) for line in lines[4:]), lines[4:]


def test_same_seed_same_bytes(workspace: Path, tmp_path: Path) -> None:
    generate(tmp_path / "again")
    assert tree(tmp_path / "again") == tree(workspace)
    generate(tmp_path / "other", seed=SEED + 1)
    assert tree(tmp_path / "other")["tasks.yaml"] != tree(workspace)["tasks.yaml"]


def test_refuses_a_directory_that_is_not_empty(workspace: Path) -> None:
    command = [sys.executable, str(GENERATOR), "--tasks", "10", "--units", "10", "--progress", "0", str(workspace)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert "not empty" in done.stderr


def test_tasks_have_1_to_8_reporting_units_and_some_time_limits(workspace: Path) -> None:
    owned = owners(workspace)
    assert len(owned) == TASKS
    assert all(1 <= len(units) <= 8 for units in owned.values())
    tasks = [t for c in load(workspace / "tasks.yaml")["clauses"] for t in c["tasks"]]
    assert any(t.get("deadlines") for t in tasks)
    assert any(t.get("recurrence") for t in tasks)
    months = {d["date"].month for t in tasks for d in t.get("deadlines", [])}
    assert len(months) >= 6  # spread over the year


def test_every_entry_belongs_to_a_task_its_unit_owns(workspace: Path) -> None:
    owned = owners(workspace)
    units = {u["id"]: u for u in load(workspace / "departments.yaml")["units"]}
    total = 0
    files = sorted((workspace / "progress").glob("*.yaml"))
    assert len(files) > 1
    for path in files:
        text = path.read_text(encoding="utf-8")
        header = HEADER.match(text)
        assert header, path
        assert header.group(1) == path.stem
        assert text.startswith(f"# {units[path.stem]['name']} ")
        dates = []
        for line in text[header.end() :].splitlines():
            assert line.startswith("- {"), line
            entry = json.loads(line[2:])
            # the exact form `anquan update` appends: keys in the model's order, JSON with ", " and ": "
            assert list(entry) == [k for k in ENTRY_KEYS if k in entry]
            assert line[2:] == json.dumps(entry, ensure_ascii=False, separators=(", ", ": "))
            assert entry["unit"] == path.stem
            assert path.stem in owned[entry["task"]], f"{path.stem} does not own {entry['task']}"
            assert "2025-04-07" <= entry["date"] <= "2025-12-31"
            assert entry["recorded_at"].startswith(entry["date"] + "T")
            dates.append(entry["date"])
            total += 1
        assert dates == sorted(dates)  # appended in date order
    assert total == ENTRIES
