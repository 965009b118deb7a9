"""The draft as files: tasks.yaml, departments.yaml and notice.txt, written as a workspace.

The files are made and loaded (`load_catalogue`, every check of `anquan validate`) in a
temporary folder first; only a draft that loads is written. A new directory becomes a
workspace as `anquan init` makes one (progress/ and all); with `force`, an existing
workspace's catalogue files are replaced one by one, each whole or not at all, and never
through a link.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..catalogue import DEPARTMENTS_FILE, NOTICE_FILE, TASKS_FILE, Catalogue, load_catalogue, shipped_data_dir
from ..errors import DataError, WorkspaceError
from ..labels import message
from ..textfile import display_name, is_link, refuse_unsafe_target, write_atomic
from .assemble import Draft

_TASKS_HEADER = """\
# yaml-language-server: $schema=schema/tasks.schema.json
# 由 anquan draft 从通知起草的任务目录。text / phrase / quote 均为原文（anquan validate 逐字核对）；
# 带 review 的各处是程序推定的值（标题、任务类别、目标的数量、单位标识等），核对无误后删除该处 review。
# Drafted by `anquan draft`. Quotes are verbatim (anquan validate proves them); each `review` marks values
# the program inferred: check them, then delete the mark.
"""
_UNITS_HEADER = """\
# yaml-language-server: $schema=schema/departments.schema.json
# 通知中出现的单位（in_notice: true：名称见于原文）。标识、简称、别名（拼音首字母）和类别由程序推定（review）。
# 群组（有关单位）和集合（各乡镇）的成员（members）是本地配置，通知没有列出，请按本县实际补充。
"""


def plain(value: Any) -> Any:
    """A model as YAML data: fields in their order, without empty and default values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            default: Any = f.default
            if f.default_factory is not dataclasses.MISSING:
                default = f.default_factory()
            if item is None or item == [] or (item == default and f.name not in ("in_notice",)):
                continue
            out[f.name] = plain(item)
        return out
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def draft_files(draft: Draft) -> dict[str, bytes]:
    import yaml

    def dump(data: Any) -> str:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)

    tasks = _TASKS_HEADER + dump(plain(draft.tasks_file))
    units = _UNITS_HEADER + dump({"units": plain(draft.units)})
    return {TASKS_FILE: tasks.encode("utf-8"), DEPARTMENTS_FILE: units.encode("utf-8"), NOTICE_FILE: draft.text.encode("utf-8")}


def check_draft(files: dict[str, bytes], target: Path) -> Catalogue:
    """The draft loaded as `anquan validate` loads a catalogue; if it does not, its problems,
    located in the files as they would be written at `target`."""
    with tempfile.TemporaryDirectory(prefix="anquan-draft-") as folder:
        for name, data in files.items():
            (Path(folder) / name).write_bytes(data)
        try:
            return load_catalogue(Path(folder))
        except DataError as exc:
            shown = display_name(target)
            raise DataError([replace(p, file=str(Path(shown) / Path(p.file).name)) for p in exc.problems]) from None


def write_draft(target: Path, files: dict[str, bytes], *, force: bool) -> None:
    """Write the draft's files as a workspace at `target` (see the module's docstring)."""
    from ..progress import PROGRESS_DIR, SCHEMA_DIR, init_workspace
    from ..supervision import SUPERVISION_FILE

    info = os.lstat(target) if os.path.lexists(target) else None
    if info is not None and is_link(info):
        raise WorkspaceError(message("write_link", path=target))
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        if not force or not target.is_dir():
            raise WorkspaceError(message("draft_not_empty", path=target))
        for name in files:
            refuse_unsafe_target(target / name)  # all refused before any is written
        for name, data in files.items():
            write_atomic(target / name, data)
        progress = target / PROGRESS_DIR
        if not os.path.lexists(progress):
            progress.mkdir()
        return
    with tempfile.TemporaryDirectory(prefix="anquan-draft-") as folder:
        for name, data in files.items():
            (Path(folder) / name).write_bytes(data)
        shipped = shipped_data_dir()
        if (shipped / SCHEMA_DIR).is_dir():  # what the files' yaml-language-server modelines point at
            shutil.copytree(shipped / SCHEMA_DIR, Path(folder) / SCHEMA_DIR)
        if (shipped / SUPERVISION_FILE).is_file():  # the office's default settings, as anquan init copies them
            shutil.copyfile(shipped / SUPERVISION_FILE, Path(folder) / SUPERVISION_FILE)
        init_workspace(target, Path(folder))


def written_summary(target: Path, draft: Draft) -> str:
    return message(
        "draft_written", path=target, clauses=len(draft.tasks_file.clauses), tasks=draft.task_count, units=len(draft.units), reviews=draft.review_count
    )
