"""A workspace of several notices: notices.yaml names each notice's folder and the office's
short name (alias) for it.

Each notice's catalogue is loaded and checked on its own, against its own notice.txt, with the
workspace's departments.yaml and supervision.yaml. Its ids are then qualified by its alias
(安全:5.3.2, clause 安全:5.3, section 安全:5) and the catalogues are merged into one, so every
command lists, counts and reports across them, or on one (`--notice`).

A progress file names a task of such a workspace by the notice's number
(陵政发〔2025〕1号:5.3.2): the number is the document's own and does not change when the office
renames an alias. A plain id names a task of the notice in the workspace's own folder, as every
entry written before a second notice came does.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from . import models
from .catalogue import DEPARTMENTS_FILE, NOTICE_FILE, TASKS_FILE, Catalogue, Coverage, load_catalogue, shipped_data_dir
from .errors import DataError, Problem, UsageError
from .labels import form, message
from .supervision import load_supervision
from .textfile import display_name, read_text

if typing.TYPE_CHECKING:
    from .yamlfile import YamlDocument

NOTICES_FILE = "notices.yaml"
QUALIFIER = ":"  # between a notice's alias (or number) and a task's id
HOME = "."  # the folder of the workspace itself


def split_id(key: str) -> tuple[str, str]:
    """(qualifier, id) of a task, clause or section id; the qualifier is "" when there is none."""
    qualifier, _, plain = key.rpartition(QUALIFIER)
    return qualifier, plain


def plain_id(key: str) -> str:
    return key.rpartition(QUALIFIER)[2]


def workspace_files(root: Path) -> list[str]:
    """Every file the workspace's catalogue is read from, relative to it: its own (the last four
    optional) and those of each folder notices.yaml lists. What the index watches, and what a
    check of the workspace as it would be copies."""
    from .assignments import ASSIGNMENTS_FILE
    from .supervision import SUPERVISION_FILE

    own = [TASKS_FILE, DEPARTMENTS_FILE, NOTICE_FILE, ASSIGNMENTS_FILE, SUPERVISION_FILE, NOTICES_FILE]
    return [*own, *catalogue_files(root)]


def catalogue_files(root: Path) -> list[str]:
    """The files a workspace's catalogue is read from, relative to it (beyond the root's own):
    each folder notices.yaml lists, its tasks.yaml, notice.txt and assignments.yaml. Read for
    change detection on every run, so without validating (the loader does, and says what is
    wrong): a notices.yaml that cannot be read lists nothing more."""
    path = root / NOTICES_FILE
    if not path.is_file():
        return []
    import yaml

    try:
        data = yaml.load(path.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError, ValueError):
        return []
    listed = data.get("notices") if isinstance(data, dict) else None
    folders = [e.get("dir") for e in listed if isinstance(e, dict)] if isinstance(listed, list) else []
    from .assignments import ASSIGNMENTS_FILE

    names = []
    for folder in folders:
        if isinstance(folder, str) and inside_workspace(folder) and PurePosixPath(folder) != PurePosixPath(HOME):
            names += [f"{PurePosixPath(folder)}/{name}" for name in (TASKS_FILE, NOTICE_FILE, ASSIGNMENTS_FILE)]
    return names


def _read_listing(path: Path) -> tuple[models.NoticesFile, list[Problem], YamlDocument]:
    from .validation import validate_document
    from .yamlfile import load_yaml

    doc = load_yaml(path)
    parsed, problems = validate_document(doc, models.NoticesFile)
    if parsed is None:
        raise DataError(problems)
    seen_alias: set[str] = set()
    seen_dir: set[str] = set()
    for i, entry in enumerate(parsed.notices):
        if entry.alias in seen_alias:
            problems.append(doc.problem(("notices", i, "alias"), message("notices_alias_twice", alias=entry.alias)))
        folder = str(PurePosixPath(entry.dir))
        if not inside_workspace(entry.dir):
            problems.append(doc.problem(("notices", i, "dir"), message("notices_dir_outside", dir=entry.dir)))
        elif folder in seen_dir:
            problems.append(doc.problem(("notices", i, "dir"), message("notices_dir_twice", dir=entry.dir)))
        seen_alias.add(entry.alias)
        seen_dir.add(folder)
    return parsed, problems, doc


# The workspace's own folders: a notice's catalogue never goes into them.
_RESERVED = ("progress", "schema", ".git")


def inside_workspace(folder: str) -> bool:
    """A relative folder that stays inside the workspace (written with / on every system), and
    out of its progress/, schema/ and .git/."""
    path = PurePosixPath(folder)
    if "\\" in folder or path.is_absolute() or ".." in path.parts or ":" in folder:
        return False
    return not path.parts or path.parts[0] not in _RESERVED


def load_workspace_catalogue(root: Path) -> Catalogue:
    """The workspace's catalogue: its own notice, or every notice notices.yaml lists, merged."""
    path = root / NOTICES_FILE
    if not (path.exists() or path.is_symlink()):
        return load_catalogue(root)
    listed, problems, doc = _read_listing(path)
    if problems:
        raise DataError(problems)
    if len(listed.notices) == 1:  # one notice: ids stay as the notice numbers them
        return dataclasses.replace(load_catalogue(root / listed.notices[0].dir, units_root=root), root=root, workspace_notices=listed)
    texts = [_notice_text(root / entry.dir) for entry in listed.notices]
    members: list[Catalogue] = []
    for i, entry in enumerate(listed.notices):
        # a notice whose text cannot be read is reported by its own load; the units only it names
        # are then not reported as named by none (other_texts None: that check is left out)
        others = None if None in texts else tuple(t for j, t in enumerate(texts) if j != i and t is not None)
        try:
            members.append(qualify(load_catalogue(root / entry.dir, units_root=root, other_texts=others), entry.alias, root, i))
        except DataError as exc:
            problems += exc.problems
    if problems:
        raise DataError(sorted(set(problems), key=problems.index))  # departments.yaml's problems, once
    numbers: dict[str, str] = {}
    for i, m in enumerate(members):  # progress entries name a notice by its number
        if m.notice.number in numbers:
            problems.append(doc.problem(("notices", i, "dir"), message("notices_number_twice", number=m.notice.number, other=numbers[m.notice.number])))
        numbers.setdefault(m.notice.number, listed.notices[i].alias)
    for i, entry in enumerate(listed.notices):  # an entry's number must name its own notice, never another
        other = numbers.get(entry.alias)
        if other is not None and members[i].notice.number != entry.alias:
            problems.append(doc.problem(("notices", i, "alias"), message("notices_alias_is_number", alias=entry.alias, other=other)))
    if problems:
        raise DataError(problems)
    return merge(root, members, listed)


def _notice_text(folder: Path) -> str | None:
    try:
        return read_text(folder / NOTICE_FILE, display_name(folder / NOTICE_FILE))
    except DataError:
        return None  # its own load says why


def qualify(cat: Catalogue, alias: str, root: Path, order: int = 0) -> Catalogue:
    """One notice's catalogue with every id qualified by its alias; `order`: its place in notices.yaml."""

    def q(key: str) -> str:
        return f"{alias}{QUALIFIER}{key}"

    replace = dataclasses.replace
    sections = {q(k): replace(s, id=q(s.id)) for k, s in cat.sections.items()}
    clauses = {q(k): replace(c, id=q(c.id)) for k, c in cat.clauses.items()}
    rules = {q(k): replace(r, id=q(r.id), stated_in=q(r.stated_in)) for k, r in cat.rules.items()}
    tasks = {}
    for key, t in cat.tasks.items():
        assert t.notice is not None
        assignments = tuple(replace(a, via=q(a.via)) if a.via in cat.rules else a for a in t.assignments)
        tasks[q(key)] = replace(
            t,
            task=replace(t.task, id=q(t.task.id)),
            clause=clauses[q(t.clause.id)],
            section=sections[q(t.section.id)],
            assignments=assignments,
            notice=replace(t.notice, alias=alias, order=order),
        )
    uncovered = tuple((q(clause), segment) for clause, segment in cat.coverage.uncovered)
    return replace(cat, root=root, sections=sections, clauses=clauses, rules=rules, tasks=tasks, coverage=Coverage(cat.coverage.segments, uncovered))


def merge(root: Path, members: list[Catalogue], listed: models.NoticesFile) -> Catalogue:
    """The notices' qualified catalogues as one: the workspace's."""
    first = min(members, key=lambda m: m.notice.date)
    notice = models.Notice(
        number=form("notices_joined").join(m.notice.number for m in members),
        title=form("notices_joined_titles").join(m.notice.title for m in members),
        issuer=first.notice.issuer,
        date=first.notice.date,
        year=first.notice.year,
        span=models.Span(quote="", first=min(m.notice.years[0] for m in members), last=max(m.notice.years[-1] for m in members)),
    )
    aliases = {entry.alias: entry for entry in listed.notices}
    qualifiers = {m.notice.number: alias for m, alias in zip(members, aliases, strict=True)} | {alias: alias for alias in aliases}
    home = next((e.alias for e in listed.notices if PurePosixPath(e.dir) == PurePosixPath(HOME)), "")
    supervision = load_supervision(root, shipped_data_dir(), notice.date)  # one office, from the first notice on
    plans = [m.plan for m in members if m.plan is not None]
    # What notes and the bulletin name as the 分工方案 used: each notice's own (local data)
    plan = plans[0] if len(plans) == 1 else None
    if len(plans) > 1:
        plan = models.AssignmentsFile(title=form("notices_joined_titles").join(p.title for p in plans), example=any(p.example for p in plans))
    members = [dataclasses.replace(m, supervision=supervision, qualifiers=qualifiers, home=home, workspace_notices=listed) for m in members]
    return Catalogue(
        root=root,
        notice=notice,
        notice_text=first.notice_text,
        units=members[0].units,
        rules={k: v for m in members for k, v in m.rules.items()},
        sections={k: v for m in members for k, v in m.sections.items()},
        clauses={k: v for m in members for k, v in m.clauses.items()},
        tasks={k: v for m in members for k, v in m.tasks.items()},
        tags=list(dict.fromkeys(tag for m in members for tag in m.tags)),
        coverage=Coverage(sum(m.coverage.segments for m in members), tuple(u for m in members for u in m.coverage.uncovered)),
        warnings=list(dict.fromkeys(w for m in members for w in m.warnings)),
        goals=[g for m in members for g in m.goals],
        reviews=list(dict.fromkeys(r for m in members for r in m.reviews)),
        supervision=supervision,
        plan=plan,
        notice_catalogues=tuple(members),
        qualifiers=qualifiers,
        home=home,
        workspace_notices=listed,
    )


# ── naming a notice and a task ──


def notice_of(cat: Catalogue, name: str) -> Catalogue:
    """The catalogue of the one notice `name` (its alias, number or folder) names: the whole
    catalogue in a workspace of one notice that it names."""
    wanted = name.strip()
    if not cat.notice_catalogues:  # one notice: the workspace's only one, or one of several already chosen
        own = _entry_of(cat)
        if wanted in (cat.notice.number, cat.notice.title) or (own is not None and wanted in (own.alias, own.dir, str(PurePosixPath(own.dir)))):
            return cat
        raise UsageError(message("notice_unknown", name=name, known=cat.notice.number))
    assert cat.workspace_notices is not None
    folder = str(PurePosixPath(wanted.replace("\\", "/")))  # a folder as Windows writes it (notices\fangxun) too
    for m, entry in zip(cat.notice_catalogues, cat.workspace_notices.notices, strict=True):
        if wanted in (entry.alias, m.notice.number, entry.dir) or folder == str(PurePosixPath(entry.dir)):
            return m
    pairs = zip(cat.notice_catalogues, cat.workspace_notices.notices, strict=True)
    known = form("list_sep").join(form("notice_with_number", alias=e.alias, number=m.notice.number) for m, e in pairs)
    raise UsageError(message("notice_unknown", name=name, known=known))


def alias_of(cat: Catalogue) -> str:
    """The alias of the one notice `cat` is ("" where ids are unqualified)."""
    return next(iter(cat.tasks.values())).source.alias if cat.tasks else ""


def _entry_of(cat: Catalogue) -> models.NoticeEntry | None:
    """notices.yaml's entry for the one notice `cat` is, if notices.yaml lists it."""
    if cat.workspace_notices is None:
        return None
    entries = cat.workspace_notices.notices
    if not cat.qualifiers:  # notices.yaml lists this one notice only
        return entries[0]
    alias = alias_of(cat)
    return next((e for e in entries if e.alias == alias), None)


def notice_holding(cat: Catalogue, key: str) -> Catalogue:
    """The catalogue of the notice whose task, clause or section `key` is: `cat` itself where
    there is one notice (or one was chosen)."""
    qualifier = split_id(key)[0]
    found = next((m for m in cat.notice_catalogues if alias_of(m) == qualifier), None)
    return cat if found is None else found


def notice_folder(cat: Catalogue) -> str:
    """The folder (relative to the workspace) of the one notice `cat` is."""
    entry = _entry_of(cat)
    return HOME if entry is None else entry.dir


def entry_task_key(cat: Catalogue, written: str) -> str | None:
    """The task a progress entry's `task` names, as the catalogue keys it; None if none. Strict:
    a plain id is the home notice's, whatever other notice has the same id."""
    qualifier, plain = split_id(written)
    if not cat.qualifiers:  # one notice
        return plain if qualifier in ("", cat.notice.number) else None
    alias = cat.home if not qualifier else cat.qualifiers.get(qualifier)
    return f"{alias}{QUALIFIER}{plain}" if alias else None


def stored_task_id(cat: Catalogue, key: str) -> str:
    """How a progress entry names the task `key`: by its notice's number where there are several."""
    if not cat.qualifiers:
        return key
    return f"{cat.tasks[key].source.number}{QUALIFIER}{plain_id(key)}"


def typed_key(cat: Catalogue, typed: str, keys: Mapping[str, object]) -> str | None:
    """The key among `keys` (tasks, clauses or sections) a person's typed id names: the key
    itself, the id qualified by its notice's alias or number, or a plain id that one notice
    has; None when none has it. UsageError when several notices do."""
    key = typed.strip()
    if key in keys:
        return key
    qualifier, plain = split_id(key)
    if qualifier:
        if not cat.qualifiers:  # one notice: its own number (or the alias notices.yaml gives it) may qualify its ids
            entry = _entry_of(cat)
            own = (cat.notice.number, *([entry.alias] if entry is not None else []))
            return plain if qualifier in own and plain in keys else None
        alias = cat.qualifiers.get(qualifier)
        found = f"{alias}{QUALIFIER}{plain}" if alias else None
        return found if found in keys else None
    matches = [k for k in keys if plain_id(k) == plain] if cat.qualifiers else []
    if len(matches) > 1:
        raise UsageError(message("id_ambiguous", id=typed, ids=form("list_sep").join(matches), example=matches[0]))
    return matches[0] if matches else None


def notices_overview(cat: Catalogue) -> list[dict[str, object]]:
    """Each notice of the workspace: alias, number, title, date, years, folder, its counts."""
    rows: list[dict[str, object]] = []
    for m in cat.notice_catalogues or (cat,):  # every notice, or the one chosen
        entry = _entry_of(m) or models.NoticeEntry(alias="", dir=HOME)  # no notices.yaml: the workspace's own
        years = m.notice.years
        rows.append(
            {
                "alias": entry.alias or None,  # None: no notices.yaml, the workspace's one notice
                "number": m.notice.number,
                "title": m.notice.title,
                "date": m.notice.date.isoformat(),
                "years": [years[0], years[-1]],
                "dir": entry.dir,
                "sections": len(m.sections),
                "clauses": len(m.clauses),
                "tasks": len(m.tasks),
            }
        )
    return rows
