"""A drafted notice added to a workspace that tracks another (`anquan draft NOTICE --into WS`).

The draft's units are matched to the workspace's by name (its full name, short name or an
alias, or the office's id): a unit both notices name keeps the workspace's id, so its duties
from both appear in one list. Units only the new notice names are appended to the
workspace's departments.yaml, still marked for review. The notice's tasks.yaml and notice.txt
go to a folder of their own, and notices.yaml lists it beside the workspace's own notice.

Everything is loaded as `anquan validate` loads the workspace, in a temporary copy, before
anything is written; then each file is written whole, and never through a link.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path, PurePosixPath

from .. import models
from ..catalogue import DEPARTMENTS_FILE, NOTICE_FILE, TASKS_FILE, Catalogue
from ..errors import DataError, UsageError, WorkspaceError
from ..labels import message
from ..notices import HOME, NOTICES_FILE, inside_workspace, load_workspace_catalogue, workspace_files
from ..progress import OFFICE
from ..records import record
from ..textfile import display_name, is_link, read_text, refuse_unsafe_target, write_atomic
from .assemble import Draft, with_unit_ids
from .responsibility import names_of
from .writing import draft_files, plain

NOTICES_FOLDER = "notices"  # where an added notice's folder goes by default
_NOTICES_HEADER = """\
# yaml-language-server: $schema=schema/notices.schema.json
# 本工作区跟踪的文件（本地数据，由县安委办确定，可编辑）：
#   alias：文件的简称，多份文件时任务编号带上它，如 防汛:1.2.1；
#   dir：该文件的任务目录（tasks.yaml、notice.txt）所在文件夹，. 为工作区本身。
# 进度记录以文号区分文件，改简称不影响已有记录。
"""


@record
class Joined:
    """What joining a draft writes: each file's path (relative to the workspace) and bytes."""

    folder: str
    files: dict[str, bytes]
    matched: dict[str, str]  # drafted unit id → the workspace's
    added: list[models.Unit]


def join_draft(draft: Draft, workspace: Path, *, alias: str, folder: str | None, home_alias: str | None) -> Joined:
    """The files that add `draft` to `workspace` as the notice `alias`, checked as a whole."""
    current = load_workspace_catalogue(workspace)  # a workspace that does not load is mended first
    listed = current.workspace_notices
    if any(e.alias == alias for e in (listed.notices if listed else [])):
        raise UsageError(message("join_alias_taken", alias=alias))
    target = folder or f"{NOTICES_FOLDER}/{_folder_name(alias, draft)}"
    if not inside_workspace(target):  # refused before anything, the check's temporary copy included, is written
        raise UsageError(message("notices_dir_outside", dir=target))
    target = str(PurePosixPath(target))
    if (workspace / target).exists() or os.path.lexists(workspace / target):
        raise WorkspaceError(message("join_folder_exists", path=display_name(workspace / target)))
    matched, added = _match_units(draft.units, current)
    drafted = draft_files(replace(draft, tasks_file=with_unit_ids(draft.tasks_file, matched), units=added))
    files = {
        f"{target}/{TASKS_FILE}": drafted[TASKS_FILE],
        f"{target}/{NOTICE_FILE}": drafted[NOTICE_FILE],
        DEPARTMENTS_FILE: _with_units(workspace, added, draft.tasks_file.notice.number),
        NOTICES_FILE: _with_notice(workspace, listed, current, alias, target, home_alias),
    }
    _check(workspace, files)
    return Joined(target, files, matched, added)


def write_joined(workspace: Path, joined: Joined) -> None:
    """Write the files, every target refused first if it is a link or not a regular file."""
    for name in joined.files:
        path = workspace / name
        for parent in list(PurePosixPath(name).parents)[:-1]:
            at = workspace / parent
            if os.path.lexists(at) and (is_link(os.lstat(at)) or not at.is_dir()):
                raise WorkspaceError(message("write_link", path=display_name(at)))
        refuse_unsafe_target(path, display_name(path))
    (workspace / joined.folder).mkdir(parents=True, exist_ok=False)
    for name in sorted(joined.files, key=lambda n: n in (DEPARTMENTS_FILE, NOTICES_FILE)):  # the listing last
        write_atomic(workspace / name, joined.files[name])


def _folder_name(alias: str, draft: Draft) -> str:
    from .responsibility import pinyin

    full, _ = pinyin(alias)
    name = full if full.isascii() and full.isalnum() else ""
    return name or "notice" + str(len(draft.text) % 1000)


def _match_units(units: list[models.Unit], current: Catalogue) -> tuple[dict[str, str], list[models.Unit]]:
    """Drafted id → the workspace's id of the same unit; the units the workspace lacks, with ids
    it does not use."""
    by_name: dict[str, str] = {}
    for u in current.units.values():
        for name in (u.name, u.short, *u.aliases):
            by_name.setdefault(name, u.id)
    matched, added = {}, []
    taken = set(current.units)
    for u in units:
        same = OFFICE if u.id == OFFICE and OFFICE in current.units else next((by_name[n] for n in names_of(u.name) if n in by_name), None)
        if same is not None:
            matched[u.id] = same
            continue
        new_id, n = u.id, 2
        while new_id in taken:
            new_id, n = f"{u.id}_{n}", n + 1
        taken.add(new_id)
        matched[u.id] = new_id
        added.append(replace(u, id=new_id, aliases=[a for a in u.aliases if a not in by_name]))
    return matched, added


def _with_units(workspace: Path, added: list[models.Unit], number: str) -> bytes:
    """departments.yaml with `added` appended to its list of units, in the list's own indent."""
    path = workspace / DEPARTMENTS_FILE
    text = read_text(path, display_name(path))
    if not added:
        return text.encode("utf-8")

    indent = " " * _item_indent(text, ("units", 0), path)
    dumped = _dump([plain(u) for u in added])
    comment = message("join_units_comment", number=number)
    head = f"{indent}# ── {comment} ──\n"
    block = head + "".join(indent + line + "\n" for line in dumped.splitlines())
    return (text.rstrip("\n") + "\n\n" + block).encode("utf-8")


def _with_notice(workspace: Path, listed: models.NoticesFile | None, current: Catalogue, alias: str, folder: str, home_alias: str | None) -> bytes:
    """notices.yaml listing the new notice: a new file names the workspace's own notice first."""
    entry = f"- alias: {_scalar(alias)}\n  dir: {_scalar(folder)}\n"
    path = workspace / NOTICES_FILE
    if listed is None:
        home = home_alias or current.notice.number
        if home == alias:
            raise UsageError(message("join_alias_taken", alias=alias))
        first = f"- alias: {_scalar(home)}\n  dir: {HOME}\n"
        return (_NOTICES_HEADER + "notices:\n" + _indented(first, 2) + _indented(entry, 2)).encode("utf-8")
    if home_alias is not None:
        raise UsageError(message("join_home_alias_listed"))
    text = read_text(path, display_name(path))
    return (text.rstrip("\n") + "\n" + _indented(entry, _item_indent(text, ("notices", 0), path))).encode("utf-8")


def _item_indent(text: str, where: tuple[str, int], path: Path) -> int:
    """How far the list's first item (its '-') is indented: where an appended item must start."""
    from ..yamlfile import parse_yaml

    line, _ = parse_yaml(text, display_name(path)).position(where)
    first = text.split("\n")[line - 1]
    if not first.lstrip(" ").startswith("- "):  # a list written in flow style ([…]): nothing can be appended to it
        raise UsageError(message("join_flow_list", file=display_name(path), list=where[0]))
    return len(first) - len(first.lstrip(" "))


def _indented(block: str, n: int) -> str:
    return "".join(" " * n + line + "\n" for line in block.splitlines())


def _scalar(value: str) -> str:
    return _dump(value).removesuffix("\n...\n").strip()


def _dump(data: object) -> str:
    import yaml

    return str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False))


def _check(workspace: Path, files: dict[str, bytes]) -> None:
    """The workspace as it would be, loaded in a temporary copy of its catalogue files."""
    with tempfile.TemporaryDirectory(prefix="anquan-join-") as folder:
        copy = Path(folder)
        for name in workspace_files(workspace):
            source = workspace / name
            if source.is_file() and not is_link(os.lstat(source)):
                (copy / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, copy / name)
        for name, data in files.items():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            (copy / name).write_bytes(data)
        try:
            load_workspace_catalogue(copy)
        except DataError as exc:
            shown = display_name(workspace)
            moved = []
            for p in exc.problems:  # located in the files as they would be written
                moved.append(dataclasses.replace(p, file=_as_written(p.file, copy, shown)))
            raise DataError(moved) from None


def _as_written(file: str, copy: Path, shown: str) -> str:
    """A problem's file in the temporary copy, named as in the workspace; any other file (the
    shipped defaults, on another drive on Windows) as it is."""
    for resolved in (os.path.abspath(file), os.path.realpath(file)):
        try:
            relative = os.path.relpath(resolved, os.path.realpath(copy))
        except ValueError:  # another drive
            continue
        if not relative.startswith(".."):
            return str(Path(shown) / relative)
    return file
