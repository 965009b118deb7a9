"""JSON Schemas of the data files, generated from the models (`anquan schema`).

Editors that speak the yaml-language-server modeline (`# yaml-language-server: $schema=…`)
validate and complete tasks.yaml, departments.yaml, progress files and people.yaml with them. The schemas
come from `pydantic.TypeAdapter`, which reads pydantic models and stdlib dataclasses alike.
A copy is committed in data/schema/; a test keeps it equal to what this module generates.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ConfigDict, TypeAdapter, with_config
from typing_extensions import TypedDict

from . import models

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = "schema"  # beside the data files: data/schema/tasks.schema.json


@with_config(ConfigDict(extra="forbid"))
class ProgressFile(TypedDict):
    """A progress file as anquan writes it: the unit's id, then its entries, one per line."""

    unit: models.UnitId
    entries: list[models.ProgressEntry]


_DESCRIPTIONS = {
    "tasks": (
        "anquan tasks.yaml",
        "The task catalogue of a notice: metadata, rules, tags, sections and clauses with their tasks. "
        "anquan validate also checks what a schema cannot: references, verbatim quotes, time limits, coverage.",
    ),
    "departments": ("anquan departments.yaml", "Every unit the notice names, and the county's local units and memberships."),
    "assignments": (
        "anquan assignments.yaml",
        "The county's 分工方案 (local data): per task or clause, the units that lead, are responsible and assist. "
        "anquan validate checks each unit against the units the notice names for the task.",
    ),
    "supervision": (
        "anquan supervision.yaml",
        "Local data: the office's reporting cycle, 预警 rules and the 调度通报's addressees, issuer and issue register. "
        "anquan validate also checks each rule's thresholds.",
    ),
    "progress": (
        "anquan progress file",
        "progress/<unit-id>.yaml: a unit's append-only progress entries, written by anquan update and anquan import.",
    ),
    "notices": (
        "anquan notices.yaml",
        "Local data: the notices one workspace tracks together, each with the office's alias and its catalogue's folder. "
        "anquan validate also checks that aliases, folders and the notices' numbers differ.",
    ),
    "people": (
        "anquan people.yaml",
        "Local data: who may write for which unit (git author emails, signing keys), checked by anquan audit against the git history.",
    ),
}

NAMES = tuple(_DESCRIPTIONS)


def _adapter(name: str) -> TypeAdapter[Any]:
    if name == "tasks":
        return TypeAdapter(models.TasksFile)
    if name == "departments":
        return TypeAdapter(models.DepartmentsFile)
    if name == "progress":
        return TypeAdapter(ProgressFile)
    if name == "assignments":
        return TypeAdapter(models.AssignmentsFile)
    if name == "supervision":
        from .supervision import SupervisionFile

        return TypeAdapter(SupervisionFile)
    if name == "notices":
        return TypeAdapter(models.NoticesFile)
    if name == "people":
        from .people import PeopleFile

        return TypeAdapter(PeopleFile)
    raise ValueError(name)


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of data file: tasks, departments or progress."""
    title, description = _DESCRIPTIONS[name]
    generated = _adapter(name).json_schema()
    generated.pop("title", None)
    generated.pop("description", None)
    return {"$schema": DIALECT, "title": title, "description": description, **generated}


def file_name(name: str) -> str:
    return f"{name}.schema.json"


def schema_text(name: str) -> str:
    """The schema as written to disk: stable key order, UTF-8, two-space indent, final newline."""
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"


def all_schemas() -> dict[str, str]:
    """File name → text, for every data file kind."""
    return {file_name(name): schema_text(name) for name in NAMES}
