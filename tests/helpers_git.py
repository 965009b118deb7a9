"""Helpers for the audit tests: real git repositories with several authors, real signing keys.

Git runs with an empty global configuration of its own (never the user's) and each commit
names its author and committer through GIT_AUTHOR_* and GIT_COMMITTER_*. Progress lines are
written by the real CLI (in-process, with --data), as a liaison's `anquan update` writes them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpers_cli import REPO, run

EXAMPLE_PEOPLE = REPO / "docs" / "people.example.yaml"


@dataclass
class Person:
    name: str
    email: str
    ssh_key: Path | None = None  # private key file; the public one is beside it (.pub)
    gpg_key: str | None = None  # fingerprint
    units: list[str] = field(default_factory=list)


def git_env(tmp_path: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "ANQUAN_", "GNUPGHOME"))}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    config = home / "gitconfig"
    config.write_text("", encoding="utf-8")
    gnupg = home / "gnupg"
    gnupg.mkdir(mode=0o700, exist_ok=True)
    environment.update(
        HOME=str(home),
        GIT_CONFIG_GLOBAL=str(config),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_TERMINAL_PROMPT="0",
        GNUPGHOME=str(gnupg),
        LC_ALL="C.UTF-8",
        ANQUAN_NO_CACHE="1",  # anquan run by a git hook: never the user's cache
    )
    return environment


def git(env: dict[str, str], cwd: Path, *args: str, who: Person | None = None, sign: bool = False, check: bool = True) -> str:
    environment = dict(env)
    settings: list[str] = []
    if who is not None:
        environment.update(GIT_AUTHOR_NAME=who.name, GIT_AUTHOR_EMAIL=who.email, GIT_COMMITTER_NAME=who.name, GIT_COMMITTER_EMAIL=who.email)
        if sign and who.ssh_key is not None:
            settings += ["-c", "gpg.format=ssh", "-c", f"user.signingkey={who.ssh_key}"]
        elif sign and who.gpg_key is not None:
            settings += ["-c", "gpg.format=openpgp", "-c", f"user.signingkey={who.gpg_key}"]
    if args and args[0] in ("commit", "merge", "pull") and not sign:
        settings += ["-c", "commit.gpgSign=false"]
    if sign:
        settings += ["-c", "commit.gpgSign=true"]
    done = subprocess.run(["git", *settings, *args], cwd=cwd, env=environment, capture_output=True, text=True, check=False)
    if check:
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def commit(env: dict[str, str], clone: Path, message: str, who: Person, *, sign: bool = False) -> str:
    """Commit everything as `who`; the new commit's full hash."""
    git(env, clone, "add", "-A")
    git(env, clone, "commit", "-q", "-m", message, who=who, sign=sign)
    return head(env, clone)


def head(env: dict[str, str], clone: Path) -> str:
    return git(env, clone, "rev-parse", "HEAD").strip()


def anquan(env: dict[str, str], clone: Path, *args: str, lang: str | None = None) -> str:
    """The real CLI on the clone (as whoever commits next); must succeed."""
    result = run("--no-cache", "--data", str(clone), *args, env={**env, "ANQUAN_LANG": lang})
    assert result.exit_code == 0, result.output
    return result.stdout


def new_workspace(env: dict[str, str], path: Path) -> None:
    """`anquan init PATH` from the shipped catalogue."""
    result = run("--no-cache", "init", str(path), env={**env, "ANQUAN_DATA": None})
    assert result.exit_code == 0, result.output


def repository(env: dict[str, str], path: Path, office: Person, people: list[Person], *, signed: list[str] | None = None) -> Path:
    """A new workspace at `path` with people.yaml for `people`, made a git repository by the office's first commit."""
    new_workspace(env, path)
    write_people(path, people, signed=signed)
    git(env, path, "init", "-q", "-b", "main")
    commit(env, path, "初始化工作区", office, sign=office.ssh_key is not None and bool(signed) and "anweiban" in signed)
    return path


@dataclass
class Clones:
    """The office's clone and a liaison's, with the three people who commit in them."""

    env: dict[str, str]
    office_clone: Path
    liaison_clone: Path
    office: Person
    wang: Person
    zhang: Person


def audit(env: dict[str, str], clone: Path, *args: str) -> tuple[int, str]:
    result = run("--no-cache", "--data", str(clone), "audit", *args, env=dict(env))
    return result.exit_code, result.stdout + result.stderr


def ssh_key(folder: Path, name: str) -> Path:
    key = folder / f"{name}_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True, capture_output=True)
    return key


def gpg_key(env: dict[str, str], uid: str) -> str | None:
    """A new passphrase-less signing key in env's GNUPGHOME; its fingerprint, or None where gpg does not work."""
    if shutil.which("gpg") is None:
        return None
    made = subprocess.run(
        ["gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key", uid, "ed25519", "sign", "never"],
        env=env,
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        return None
    listed = subprocess.run(["gpg", "--batch", "--with-colons", "--list-keys", uid], env=env, capture_output=True, text=True, check=False)
    fingerprints = [line.split(":")[9] for line in listed.stdout.splitlines() if line.startswith("fpr:")]
    return fingerprints[0] if fingerprints else None


def write_people(clone: Path, people: list[Person], *, signed: list[str] | None = None, tolerance: int | None = None) -> None:
    """people.yaml for these people, starting from the shipped example (its header and settings)."""
    document = yaml.safe_load(EXAMPLE_PEOPLE.read_text(encoding="utf-8"))
    document["people"] = []
    for p in people:
        record: dict[str, object] = {"name": p.name, "emails": [p.email], "units": p.units}
        if p.ssh_key is not None:
            record["ssh_keys"] = [p.ssh_key.with_suffix(".pub").read_text(encoding="utf-8").strip()]
        if p.gpg_key is not None:
            record["gpg_keys"] = [p.gpg_key]
        document["people"].append(record)
    document["signatures_required"] = signed or []
    if tolerance is not None:
        document["backdate_tolerance_days"] = tolerance
    header = "".join(line for line in EXAMPLE_PEOPLE.read_text(encoding="utf-8").splitlines(keepends=True) if line.startswith("#"))
    (clone / "people.yaml").write_text(header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def line_number(path: Path, needle: str) -> int:
    """The 1-based number of the one line of `path` that contains `needle`."""
    found = [i for i, line in enumerate(lines_of(path), start=1) if needle in line]
    assert len(found) == 1, (needle, found)
    return found[0]


def remove_line(path: Path, needle: str) -> int:
    """Delete the one line that contains `needle`, as a hand edit does; its number."""
    number = line_number(path, needle)
    lines = lines_of(path)
    del lines[number - 1]
    path.write_text("\n".join(lines), encoding="utf-8")
    return number
