"""`anquan audit`: the workspace's git history checked against people.yaml.

One `git log -p` pass, oldest commit first, is parsed into each commit's changed lines; the
content of every file is rebuilt commit by commit, so that a merge is judged by what it
changed itself (a line no parent had, a line a parent had that the merge dropped) and the
lines it only brings over from a side are judged at the side's own commits. Found, each with
its commit, author, file and line:

- a line added to a unit's progress file by someone people.yaml does not let write for it,
  or an entry whose `unit` is not its file's;
- an office action (verify, reject, reopen, trigger; any line of progress/anweiban.yaml)
  by someone not of the office;
- any line changed or removed in a progress file, which is append-only;
- backdating: an entry dated before the latest `recorded_at` already in its file by more
  than people.yaml's tolerance;
- a commit that is unsigned, or signed by a key people.yaml does not list for its author,
  where a unit it writes for requires signatures;
- a change to the local configuration (every file outside progress/) by someone not of the office;
- a file committed as a symbolic link;
- in the working tree: lines changed or removed in progress files (a finding) and lines not
  yet committed (a notice: they are not audited until they are committed).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import field
from pathlib import Path
from typing import Any

from .catalogue import Catalogue
from .errors import Problem, UsageError, WorkspaceError
from .labels import message
from .people import People, load_people
from .progress import OFFICE, PROGRESS_DIR, Progress, load_progress_file, merge_rows
from .records import record

OFFICE_KINDS = frozenset({"verify", "reject", "reopen", "trigger", "red_card", "yellow_card"})
_MARK = "\x1eanquan-commit\x1f"
_FIELDS = ("hash", "parents", "author", "email", "sig_status", "sig_key", "sig_signer", "sig_fingerprint", "sig_primary")
_FORMAT = _MARK + "%x1f".join(("%H", "%P", "%an", "%ae", "%G?", "%GK", "%GS", "%GF", "%GP"))
_FORMAT_UNSIGNED = _MARK + "%x1f".join(("%H", "%P", "%an", "%ae"))  # when no unit requires signatures: git checks none
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_PROGRESS_FILE = re.compile(rf"^{PROGRESS_DIR}/([^/]+)\.yaml$")
_SYMLINK_MODE = "120000"
# Git reads its configuration from the user's files: these keep its output in the form parsed here.
_GIT_CONFIG = (
    "core.quotePath=false",
    "log.showSignature=false",
    "diff.noprefix=false",
    "diff.mnemonicPrefix=false",
    "diff.suppressBlankEmpty=false",
    "color.ui=never",
    "color.diff=never",
    "i18n.logOutputEncoding=UTF-8",
)


@record(frozen=True, order=True)
class Finding:
    """One thing the history (or the working tree) shows that people.yaml does not allow."""

    file: str  # relative to the workspace
    line: int  # 1-based in the file as that commit left it (for a removal: as its parent had it); 0: the whole file
    commit: str  # full hash; "" for the working tree
    author: str  # "name <email>"
    kind: str
    message: str

    @property
    def short(self) -> str:
        return self.commit[:7] if self.commit else message("audit_worktree")

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        who = f" {self.author}" if self.author else ""
        return f"{self.short}{who} {where}: {self.message}"

    def record(self) -> dict[str, Any]:
        return {"commit": self.commit, "author": self.author, "file": self.file, "line": self.line, "kind": self.kind, "message": self.message}


@record
class AuditResult:
    commits: int = 0
    entries: int = 0  # entry lines added in the history
    findings: list[Finding] = field(default_factory=list)
    notices: list[Finding] = field(default_factory=list)  # uncommitted lines: shown, not failing
    # progress file → the lines that passed, in the order they were first added
    passed: dict[str, dict[str, None]] = field(default_factory=dict)

    @property
    def honest(self) -> bool:
        return not self.findings


@record
class _FileDiff:
    old_path: str | None  # None: the file is new
    new_path: str | None  # None: the file was deleted
    header: str = ""
    hunks: list[tuple[int, int, list[str], int, list[str]]] = field(default_factory=list)  # old start, old count, removed, new start, added
    symlink: bool = False


@record
class _Commit:
    fields: dict[str, str]
    files: list[_FileDiff] = field(default_factory=list)

    @property
    def parents(self) -> list[str]:
        return self.fields["parents"].split()

    @property
    def author(self) -> str:
        return f"{self.fields['author']} <{self.fields['email']}>"


# ── running git ──


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    command = ["git", "-C", str(root)]
    for setting in _GIT_CONFIG:
        command += ["-c", setting]
    try:
        done = subprocess.run([*command, *args], capture_output=True, check=False, stdin=subprocess.DEVNULL)
    except OSError as exc:
        raise WorkspaceError(message("audit_no_git", error=exc.strerror or exc)) from None
    if check and done.returncode != 0:
        error = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise WorkspaceError(message("audit_git_failed", command=" ".join(args[:2]), error=error[-1] if error else done.returncode))
    return done


def _repository(root: Path) -> str:
    """The workspace's folder inside its repository ("" at the top), refusing what cannot be audited."""
    if shutil.which("git") is None:
        raise WorkspaceError(message("audit_no_git", error="git not found"))
    done = _git(root, "rev-parse", "--show-prefix", "--is-shallow-repository", check=False)
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise WorkspaceError(message("audit_not_repository", root=root, error=said[-1] if said else done.returncode))
    prefix, shallow = done.stdout.decode("utf-8", "replace").splitlines()[:2]
    if shallow.strip() == "true":
        raise WorkspaceError(message("audit_shallow", root=root))
    if _git(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode != 0:
        raise WorkspaceError(message("audit_no_commits", root=root))
    return prefix.strip()


def _log(root: Path, people: People) -> bytes:
    with tempfile.TemporaryDirectory(prefix="anquan-audit-") as folder:
        signers = Path(folder) / "allowed_signers"
        signers.write_text(people.allowed_signers(), encoding="utf-8")
        done = _git(
            root,
            "-c",
            f"gpg.ssh.allowedSignersFile={signers}",
            "log",
            "-p",
            "-U0",
            "--reverse",
            "--topo-order",
            "--no-renames",
            "--text",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--diff-merges=first-parent",
            f"--format={_FORMAT if people.file.signatures_required else _FORMAT_UNSIGNED}",
            "HEAD",
            "--",
        )
    return done.stdout


# ── parsing git's output ──


def _unquote(name: str) -> str:
    """A path as git prints it: C-quoted when it holds a quote, a backslash or a control character."""
    if not name.startswith('"'):
        return name
    raw = name[1:-1].encode("utf-8")
    out = bytearray()
    i = 0
    escapes = {ord("n"): 10, ord("t"): 9, ord('"'): 34, ord("\\"): 92, ord("a"): 7, ord("b"): 8, ord("f"): 12, ord("r"): 13, ord("v"): 11}
    while i < len(raw):
        if raw[i] == 92 and i + 1 < len(raw):
            nxt = raw[i + 1]
            if 48 <= nxt <= 55 and i + 3 < len(raw) + 1:
                out.append(int(raw[i + 1 : i + 4], 8))
                i += 4
                continue
            out.append(escapes.get(nxt, nxt))
            i += 2
            continue
        out.append(raw[i])
        i += 1
    return out.decode("utf-8", "replace")


def _path(text: str) -> str | None:
    name = _unquote(text.rstrip("\t"))
    if name == "/dev/null":
        return None
    return name[2:] if name[:2] in ("a/", "b/") else name


def _parse_diff(lines: Iterator[str], files: list[_FileDiff], first: str) -> str | None:
    """The file diffs of one commit (git's lines after its header); the next commit's header line, or None at the end."""
    current: _FileDiff | None = None
    line: str | None = first
    while line is not None:
        if line.startswith(_MARK):
            return line
        if line.startswith("diff --git "):
            current = _FileDiff("", "", header=line)  # the paths come from ---/+++ below, or from this header
            files.append(current)
        elif current is not None:
            if line.startswith("--- "):
                current.old_path = _path(line[4:])
            elif line.startswith("+++ "):
                current.new_path = _path(line[4:])
            elif line.startswith(("new file mode ", "new mode ")) and line.split()[-1] == _SYMLINK_MODE:
                current.symlink = True
                current.old_path = None if line.startswith("new file") else current.old_path
            elif line.startswith("deleted file mode "):
                current.new_path = None
            elif line.startswith("new file mode "):
                current.old_path = None
            elif match := _HUNK.match(line):
                old_start, old_count, new_start, new_count = match.groups()
                removed: list[str] = []
                added: list[str] = []
                current.hunks.append((int(old_start), 1 if old_count is None else int(old_count), removed, int(new_start), added))
                # -U0: the hunk is exactly its removed lines, then its added ones (and "\\ No newline" marks)
                left = (1 if old_count is None else int(old_count)) + (1 if new_count is None else int(new_count))
                while left > 0:
                    line = next(lines, None)
                    if line is None:
                        return None
                    if line.startswith("\\"):
                        continue
                    (added if line.startswith("+") else removed).append(line[1:])
                    left -= 1
        line = next(lines, None)
    return None


def _header_paths(header: str) -> tuple[str, str]:
    """The paths of `diff --git a/X b/X` for a diff with no ---/+++ lines (a mode change, an empty file)."""
    rest = header[len("diff --git ") :]
    if rest.startswith('"'):
        end = rest.index('" ', 1) + 1
        old, new = rest[:end], rest[end + 1 :]
    else:
        half = len(rest) // 2
        old, new = rest[:half], rest[half + 1 :]
    return _path(old) or "", _path(new) or ""


def _commits(output: bytes) -> Iterator[_Commit]:
    lines = iter(output.decode("utf-8", "replace").split("\n"))
    line = next(lines, None)
    while line is not None:
        if not line.startswith(_MARK):
            line = next(lines, None)
            continue
        values = line[len(_MARK) :].split("\x1f")
        commit = _Commit(dict(zip(_FIELDS, values + [""] * (len(_FIELDS) - len(values)), strict=True)))
        line = _parse_diff(lines, commit.files, next(lines, ""))
        for diff in commit.files:
            if diff.old_path == "" or diff.new_path == "":
                old, new = _header_paths(diff.header)
                diff.old_path = old if diff.old_path == "" else diff.old_path
                diff.new_path = new if diff.new_path == "" else diff.new_path
        yield commit


def _apply(old: tuple[str, ...], diff: _FileDiff) -> tuple[str, ...]:
    """A file's lines after a -U0 diff."""
    if diff.new_path is None:
        return ()
    new: list[str] = []
    at = 0  # lines of `old` consumed
    for old_start, old_count, removed, _new_start, added in diff.hunks:
        start = old_start - 1 if old_count else old_start  # a pure insertion's start is the line it follows
        new.extend(old[at:start])
        new.extend(added)
        at = start + len(removed)
    new.extend(old[at:])
    return tuple(new)


# ── reading entry lines ──


def _record(text: str) -> dict[str, Any] | None:
    """An entry line's fields, read generically (validity is `anquan validate`'s business), or None."""
    stripped = text.strip(" \t\r")
    if not stripped.startswith("- "):
        return None
    body = stripped[2:]
    try:
        record = json.loads(body)
    except (ValueError, RecursionError):  # a hostile line can nest deeper than the parser recurses
        from .errors import DataError
        from .yamlfile import parse_yaml

        try:
            doc = parse_yaml("entry: " + body, "line")
        except (DataError, RecursionError):
            return None
        record = doc.data.get("entry")
    return record if isinstance(record, dict) else None


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value[:10]).date()
        except ValueError:
            return None
    return None


# ── the walk ──


class _Walk:
    """The history, commit by commit, oldest first: each file's lines rebuilt, each change judged."""

    def __init__(self, root: Path, prefix: str, people: People, result: AuditResult, cat: Catalogue) -> None:
        self.root = root
        self.cat = cat
        self.prefix = prefix
        self.people = people
        self.result = result
        self.content: dict[str, dict[str, tuple[str, ...]]] = {}  # commit → path → lines
        self.ancestors: dict[str, int] = {}  # commit → bit set of itself and its ancestors
        self.index: dict[str, int] = {}
        self.intro: dict[tuple[str, str], str] = {}  # (path, line) → the commit that first added it
        self.records: dict[str, dict[str, Any] | None] = {}
        self.entries: dict[str, int] = {}  # commit → entry lines it added

    def local(self, path: str | None) -> str | None:
        """A repository path as a path in the workspace, or None outside it."""
        if path is None or not path.startswith(self.prefix):
            return None
        return path[len(self.prefix) :]

    def unit_name(self, unit: Any) -> str:
        known = self.cat.units.get(unit) if isinstance(unit, str) else None
        return f"{known.name}（{unit}）" if known else repr(unit)

    def record(self, text: str) -> dict[str, Any] | None:
        if text not in self.records:
            self.records[text] = _record(text)
        return self.records[text]

    def latest_recorded(self, lines: tuple[str, ...]) -> dt.date | None:
        days = [_as_date(r.get("recorded_at")) for r in map(self.record, lines) if r is not None]
        known = [d for d in days if d is not None]
        return max(known) if known else None

    def walk(self, commit: _Commit) -> None:
        sha = commit.fields["hash"]
        parents = [p for p in commit.parents if p in self.content]
        if len(parents) != len(commit.parents):  # cannot happen in a full clone, which _repository checks
            raise WorkspaceError(message("audit_shallow", root=self.root))
        self.index[sha] = len(self.index)
        self.ancestors[sha] = 1 << self.index[sha]
        for p in parents:
            self.ancestors[sha] |= self.ancestors[p]
        files = dict(self.content[parents[0]]) if parents else {}
        added: list[tuple[str, int, str]] = []  # (path, line number, text) attributed to this commit
        removed: list[tuple[str, int, str]] = []
        symlinks: list[str] = []
        before: dict[str, tuple[str, ...]] = {}
        for diff in commit.files:
            path = self.local(diff.new_path or diff.old_path)
            if path is None:
                continue  # outside the workspace
            old_path, new_path = self.local(diff.old_path), self.local(diff.new_path)
            old = files.get(old_path, ()) if old_path else ()
            before[path] = old
            new = _apply(old, diff)
            if new_path is None:
                files.pop(path, None)
            else:
                files[path] = new
            # a merge brings a side's link over from the side's commit, where it is reported
            if diff.symlink and (len(parents) <= 1 or all(self.content[p].get(path) != new for p in parents[1:])):
                symlinks.append(path)
            if len(parents) <= 1:
                for start, count, minus, new_start, plus in diff.hunks:
                    removed += [(path, start + i, text) for i, text in enumerate(minus)] if count else []
                    added += [(path, new_start + i, text) for i, text in enumerate(plus)]
        self.content[sha] = files
        if len(parents) > 1:
            added, removed = self.merge_changes(sha, parents, files)
        for path, _, text in added:
            self.intro.setdefault((path, text), sha)
        self.judge(commit, added, removed, symlinks, before)

    def merge_changes(self, sha: str, parents: list[str], files: dict[str, tuple[str, ...]]) -> tuple[list[tuple[str, int, str]], list[tuple[str, int, str]]]:
        """What a merge changed itself: lines no parent had, and lines a parent had that no other side dropped first."""
        added: list[tuple[str, int, str]] = []
        removed: list[tuple[str, int, str]] = []
        paths = {p for parent in parents for p, lines in self.content[parent].items() if files.get(p) is not lines}
        paths |= {p for p in files if any(self.content[parent].get(p) is not files[p] for parent in parents)}
        for path in sorted(paths):
            merged = files.get(path, ())
            have = Counter(merged)
            sides = [self.content[parent].get(path, ()) for parent in parents]
            counts = [Counter(lines) for lines in sides]
            union: Counter[str] = Counter()
            for c in counts:
                union |= c
            extra = have - union
            for number, text in enumerate(merged, start=1):
                if extra[text] > 0:
                    extra[text] -= 1
                    added.append((path, number, text))
            for i, lines in enumerate(sides):
                for number, text in enumerate(lines, start=1):
                    if counts[i][text] <= have[text]:
                        continue
                    intro = self.intro.get((path, text))
                    dropped_by_side = any(
                        j != i and counts[j][text] <= have[text] and intro is not None and self.ancestors[parents[j]] >> self.index[intro] & 1
                        for j in range(len(parents))
                    )
                    if not dropped_by_side:
                        removed.append((path, number, text))
                        have[text] += 1  # reported once, whichever parent had it
        return added, removed

    def judge(
        self,
        commit: _Commit,
        added: list[tuple[str, int, str]],
        removed: list[tuple[str, int, str]],
        symlinks: list[str],
        before: dict[str, tuple[str, ...]],
    ) -> None:
        sha, author, email = commit.fields["hash"], commit.author, commit.fields["email"]
        people = self.people
        findings: list[Finding] = []
        office = people.is_office(email)
        signed_units: list[tuple[str, int]] = []  # (file, line) of changes in units that require signatures
        config_seen: set[str] = set()
        passed: list[tuple[str, str]] = []
        latest: dict[str, dt.date | None] = {}

        def found(path: str, line: int, kind: str, text: str) -> None:
            findings.append(Finding(path, line, sha, author, kind, text))

        def configuration_changed(path: str, line: int) -> None:
            """One finding per file and commit; the office's own changes need its signature where it must sign."""
            if path in config_seen:
                return
            config_seen.add(path)
            if not office:
                found(path, line, "config", message("audit_config"))
            if people.requires_signature(OFFICE):
                signed_units.append((path, line))

        for path in symlinks:
            found(path, 0, "symlink", message("audit_symlink"))
        for path, number, text in removed:
            match = _PROGRESS_FILE.match(path)
            if match:
                found(path, number, "removed", message("audit_removed", text=_shorten(text)))
                if people.requires_signature(match.group(1)):
                    signed_units.append((path, number))
            else:
                configuration_changed(path, number)
        for path, number, text in added:
            match = _PROGRESS_FILE.match(path)
            if not match:
                configuration_changed(path, number)
                continue
            if not text.lstrip(" \t").startswith("- "):
                continue  # the header, a comment, a blank line: not read as entries, so no one's word
            unit = match.group(1)
            before_count = len(findings)
            record = self.record(text)
            self.entries[sha] = self.entries.get(sha, 0) + 1
            kind = record.get("kind") if record else None
            if unit == OFFICE or kind in OFFICE_KINDS:
                if not office:
                    found(path, number, "office_action", message("audit_office_action", kind=kind or "?"))
            elif not people.may_write(email, unit):
                key = "audit_foreign_unit" if people.person(email) else "audit_unknown_author"
                found(path, number, "foreign_unit", message(key, unit=self.unit_name(unit)))
            if record is not None and record.get("unit") != unit:
                found(path, number, "unit_mismatch", message("audit_unit_mismatch", unit=self.unit_name(record.get("unit")), file_unit=self.unit_name(unit)))
            if record is not None:
                if path not in latest:
                    latest[path] = self.latest_recorded(before.get(path, ()))
                day, last = _as_date(record.get("date")), latest[path]
                if day is not None and last is not None and (last - day).days > people.tolerance_days:
                    found(path, number, "backdated", message("audit_backdated", date=day, recorded=last, days=people.tolerance_days))
            if people.requires_signature(unit):
                signed_units.append((path, number))
            if len(findings) == before_count:
                passed.append((path, text))
        if signed_units:
            problem = self.signature_problem(commit)
            if problem:
                path, number = signed_units[0]
                found(path, number, "unsigned", problem)
                passed = []
        for path, text in passed:
            self.result.passed.setdefault(path, {})[text] = None
        self.result.findings += findings

    def signature_problem(self, commit: _Commit) -> str | None:
        """Why the commit's signature does not prove its author, or None when it does."""
        f = commit.fields
        status = f["sig_status"]
        if status == "N":
            return message("audit_unsigned")
        person = self.people.person(f["email"])
        if person is None:
            return message("audit_signature_unknown_author")
        if status == "G" and f["sig_signer"] == self.people.principal(person):
            return None  # an SSH key of the author's (git checked it against the allowed signers made from people.yaml)
        if status in ("G", "U"):
            listed = {k.upper() for k in person.gpg_keys}
            fingerprints = {f["sig_fingerprint"].upper(), f["sig_primary"].upper()}
            if listed & fingerprints or any(fp.endswith(k) for k in listed for fp in fingerprints if fp) or f["sig_key"].upper() in listed:
                return None
            return message("audit_signature_not_listed", signing_key=f["sig_key"] or f["sig_fingerprint"] or "?")
        return message("audit_signature_bad", status=status)


def _shorten(text: str, limit: int = 80) -> str:
    from .render import one_line

    text = one_line(text.strip())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ── the working tree ──


def _worktree(root: Path, prefix: str, result: AuditResult) -> None:
    """Uncommitted changes to progress files: removals are findings, additions notices."""
    diff = _git(root, "diff", "HEAD", "-U0", "--no-renames", "--text", "--no-color", "--no-ext-diff", "--no-textconv", "--", PROGRESS_DIR).stdout
    files: list[_FileDiff] = []
    _parse_diff(iter(diff.decode("utf-8", "replace").split("\n")), files, "")
    for item in files:
        path = item.new_path or item.old_path
        if path is None or not path.startswith(prefix) or not _PROGRESS_FILE.match(path[len(prefix) :]):
            continue
        path = path[len(prefix) :]
        for start, count, minus, new_start, plus in item.hunks:
            if count:
                result.findings += [Finding(path, start + i, "", "", "removed", message("audit_removed", text=_shorten(t))) for i, t in enumerate(minus)]
            result.notices += [Finding(path, new_start + i, "", "", "uncommitted", message("audit_uncommitted")) for i in range(len(plus))]
    others = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", PROGRESS_DIR).stdout.decode("utf-8", "replace")
    for name in filter(None, others.split("\0")):
        local = name  # ls-files -C root prints paths relative to root
        if _PROGRESS_FILE.match(local):
            result.notices.append(Finding(local, 0, "", "", "uncommitted", message("audit_untracked")))


# ── the entry points ──


def run_audit(root: Path, cat: Catalogue, people: People | None = None, *, since: str | None = None) -> AuditResult:
    """The workspace's history and working tree checked against people.yaml (loaded from `root`
    unless given). `since` (a commit, e.g. ORIG_HEAD after a pull): report only the findings of
    commits that it does not contain; the whole history is read all the same, as what a commit
    changed can only be known from everything before it."""
    people = people or load_people(root, cat)
    prefix = _repository(root)
    known = _resolve(root, since) if since is not None else None
    result = AuditResult()
    walk = _Walk(root, prefix, people, result, cat)
    for commit in _commits(_log(root, people)):
        walk.walk(commit)
    seen = walk.ancestors.get(known, 0) if known is not None else 0
    result.findings = [f for f in result.findings if not seen >> walk.index[f.commit] & 1]
    result.commits = sum(1 for i in walk.index.values() if not seen >> i & 1)
    result.entries = sum(n for sha, n in walk.entries.items() if not seen >> walk.index[sha] & 1)
    _worktree(root, prefix, result)
    result.findings.sort(key=lambda f: (walk.index.get(f.commit, len(walk.index)), f.file, f.line, f.kind))
    return result


def _resolve(root: Path, revision: str) -> str:
    done = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}", check=False)
    if done.returncode != 0:
        raise UsageError(message("audit_unknown_revision", revision=revision))
    return done.stdout.decode("ascii", "replace").strip()


def audited_progress(root: Path, cat: Catalogue, result: AuditResult | None = None) -> Progress:
    """The progress log counting only what passed the audit: every line added to a progress
    file by someone allowed to, in a commit that passed, even if a later commit removed it.
    What failed, and what is not yet committed, does not count; a warning says how much."""
    result = result or run_audit(root, cat)
    parts = []
    for path, lines in sorted(result.passed.items()):
        raw = ("\n".join(lines) + "\n").encode("utf-8")
        part = load_progress_file(root / path, cat, raw)
        parts.append(part)
    log = Progress(merge_rows(part.rows for part in parts))
    if result.findings or result.notices:
        log.warnings.append(Problem(PROGRESS_DIR, 0, 0, "", message("audit_left_out", findings=len(result.findings), uncommitted=len(result.notices))))
    return log
