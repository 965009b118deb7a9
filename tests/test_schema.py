"""`anquan schema`: JSON Schemas generated from the models, the committed copies in data/schema/
kept equal to them, and the shipped YAML files pointing editors at them (and valid under them)."""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers_cli import DATA, REPO, ok, run

NAMES = ("tasks", "departments", "assignments", "supervision", "progress", "notices", "people")  # in the order `anquan schema` writes them
FILES = [f"{n}.schema.json" for n in NAMES]


class NoTimestampLoader(yaml.SafeLoader):
    """YAML as an editor's language server sees it: 2025-04-07 stays a string."""


NoTimestampLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=NoTimestampLoader)  # a SafeLoader subclass


def schema(name: str) -> dict[str, Any]:
    return json.loads((DATA / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))


def test_schema_writes_one_file_per_kind_of_yaml_file(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    assert ok("schema", "--output-dir", str(out)).splitlines() == [f"已写入：{out / f}" for f in FILES]
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)


def test_committed_schemas_equal_what_anquan_schema_generates(tmp_path: Path) -> None:
    """CI catches drift: after a change to models.py, run `anquan schema --output-dir data/schema`."""
    ok("schema", "--output-dir", str(tmp_path))
    for name in FILES:
        stale = f"data/schema/{name} is stale: run anquan schema --output-dir data/schema"
        assert (tmp_path / name).read_bytes() == (DATA / "schema" / name).read_bytes(), stale
    assert sorted(p.name for p in (DATA / "schema").iterdir()) == sorted(FILES)


@pytest.mark.parametrize("name", NAMES)
def test_print_one_schema(name: str) -> None:
    assert ok("schema", "--print", name) == (DATA / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")


def test_schema_shape() -> None:
    tasks = schema("tasks")
    assert tasks["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert tasks["title"] == "anquan tasks.yaml"
    assert tasks["additionalProperties"] is False  # unknown fields are errors, as in anquan validate
    assert tasks["required"] == ["notice", "sections", "clauses"]
    assert tasks["$defs"]["Task"]["properties"]["id"]["pattern"] == r"^[1-9][0-9]*\.[1-9][0-9]*\.[1-9][0-9]*$"
    assert tasks["$defs"]["Responsibility"]["properties"]["role"]["enum"] == ["负责", "分工负责", "指导督促落实", "牵头"]
    progress = schema("progress")
    assert progress["required"] == ["unit", "entries"]
    entry = progress["$defs"]["ProgressEntry"]["properties"]
    # a unit's four statuses, then the word each office action and a withdrawal is written with
    assert entry["status"]["enum"] == ["未启动", "推进中", "已完成", "已销号", "退回", "撤销销号", "已触发", "撤回", "红牌警告", "黄牌警告"]
    assert entry["kind"]["enum"] == ["update", "verify", "reject", "reopen", "trigger", "withdraw", "red_card", "yellow_card"]
    supervision = schema("supervision")
    assert supervision["required"] == ["title", "bulletin"]
    assert supervision["$defs"]["WarningRule"]["properties"]["rule"]["enum"] == ["lag", "near_due", "overdue", "unreported", "repeated"]
    assert entry["kind"]["default"] == "update"  # entries written before kinds existed are updates
    assert {"period", "about", "replaces"} <= set(entry)
    assert "period" not in progress["$defs"]["ProgressEntry"]["required"]


def test_schema_into_a_file_path_is_a_clean_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = run("--lang", "en", "schema", "--output-dir", str(blocker / "sub"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"anquan: error: cannot create {blocker / 'sub'}: ")


# ── the modeline ──


@pytest.mark.parametrize("name", ["tasks", "departments"])
def test_shipped_yaml_carries_the_modeline(name: str) -> None:
    first = (DATA / f"{name}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=schema/{name}.schema.json"
    target = re.sub(r"^# yaml-language-server: \$schema=", "", first)
    assert (DATA / target).is_file()  # relative to the YAML file, as the language server reads it


def test_the_catalogue_still_loads_with_the_modeline() -> None:
    assert ok("validate").startswith("校验通过：109项任务、21个条款、30个单位，无问题。")


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib")
def test_the_wheel_and_sdist_ship_the_schemas() -> None:
    import tomllib

    conf = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    hatch = conf["tool"]["hatch"]["build"]["targets"]
    assert hatch["wheel"]["force-include"]["data/schema"] == "anquan_cli/data/schema"
    assert "data/schema/*.json" in hatch["sdist"]["include"]


# ── validation with a real JSON Schema validator ──


def validator(name: str) -> Any:
    import jsonschema  # in the test extra: these tests must run, not skip

    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema(name))
    return cls(schema(name), format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("name", ["tasks", "departments"])
def test_shipped_yaml_is_valid_under_its_schema(name: str) -> None:
    errors = list(validator(name).iter_errors(load_yaml(DATA / f"{name}.yaml")))
    assert errors == []


def test_the_example_assignments_point_at_their_schema_and_are_valid_under_it() -> None:
    path = DATA / "examples" / "assignments.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/assignments.schema.json"
    assert (path.parent / re.sub(r"^# yaml-language-server: \$schema=", "", first)).resolve() == (DATA / "schema" / "assignments.schema.json").resolve()
    doc = load_yaml(path)
    assert doc["tasks"]  # a real example, not an empty file
    assert list(validator("assignments").iter_errors(doc)) == []
    doc["tasks"][0]["leader"] = ["yingji"]  # a misspelt field is refused, as anquan validate refuses it
    assert list(validator("assignments").iter_errors(doc))


def test_a_progress_file_written_by_anquan_is_valid_under_its_schema(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ok("init", str(ws))
    ok("--data", str(ws), "update", "5.3.2", "--dept", "应急局", "--status", "推进中", "--percent", "60", "--note", "=x", "--date", "2025-05-20")
    ok("--data", str(ws), "update", "5.3.2", "--dept", "应急局", "--status", "done", "--evidence", "a.pdf", "--date", "2025-06-20")
    doc = load_yaml(ws / "progress" / "yingji.yaml")
    assert len(doc["entries"]) == 2
    assert list(validator("progress").iter_errors(doc)) == []


def _mutations() -> list[tuple[str, Any]]:
    return [
        ("an unknown top-level field", lambda d: d.update(extra=1)),
        ("an unknown task field", lambda d: d["clauses"][0]["tasks"][0].update(owner="x")),
        ("a bad task id", lambda d: d["clauses"][0]["tasks"][0].update(id="1.1")),
        ("a role not in the notice", lambda d: d["clauses"][0]["responsibility"].update(role="协助")),
        ("a bad date", lambda d: d["notice"].update(date="2025-13-01")),
        ("no sections", lambda d: d.pop("sections")),
    ]


@pytest.mark.parametrize(("what", "mutate"), _mutations(), ids=[m[0] for m in _mutations()])
def test_schema_and_loader_refuse_the_same_mistakes(what: str, mutate: Any, workdir: Path) -> None:
    """What the schema refuses in an editor, anquan validate refuses too."""
    doc = copy.deepcopy(load_yaml(DATA / "tasks.yaml"))
    mutate(doc)
    assert list(validator("tasks").iter_errors(doc)), what
    (workdir / "tasks.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("--data", str(workdir), "validate")
    assert result.exit_code == 2, (what, result.output)
