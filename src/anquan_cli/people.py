"""people.yaml: who may write for which unit, proved through git (local data, not the notice).

Each person is named by the git author email(s) they commit with, the units they may record
progress for, and optionally the keys they sign commits with. The people of 县安委办 (unit
`anweiban`) alone may write office actions and change the workspace's local configuration.
`anquan audit` (audit.py) checks the workspace's git history against this file.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Annotated

from .catalogue import Catalogue
from .errors import DataError, Problem, WorkspaceError
from .labels import message
from .models import Constraint, NonEmpty, Pattern, Strict, Text, UnitId
from .progress import OFFICE
from .records import record

PEOPLE_FILE = "people.yaml"
DEFAULT_BACKDATE_DAYS = 3

Email = Annotated[str, Pattern(r"^[^@\s<>]+@[^@\s<>]+$", max_length=254)]
SshKey = Annotated[
    str,
    Pattern(r"^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+=*( .*)?$"),
]
GpgKey = Annotated[str, Pattern(r"^([0-9A-Fa-f]{16}|[0-9A-Fa-f]{40}|[0-9A-Fa-f]{64})$")]  # a long key id or a fingerprint


@record(frozen=True, kw_only=True)
class Person(Strict):
    name: Text
    emails: Annotated[list[Email], NonEmpty]  # the git author emails they commit with
    units: Annotated[list[UnitId], NonEmpty]  # the units they may write for; anweiban: the office
    ssh_keys: list[SshKey] = field(default_factory=list)  # public keys, as in id_ed25519.pub
    gpg_keys: list[GpgKey] = field(default_factory=list)  # fingerprints (or long key ids) of keys in the auditor's keyring
    note: str | None = None


@record(frozen=True, kw_only=True)
class PeopleFile(Strict):
    people: Annotated[list[Person], NonEmpty]
    # units whose progress files only signed commits may change (anweiban: also the local configuration)
    signatures_required: list[UnitId] = field(default_factory=list)
    # days an entry's date may lie before the latest recorded_at already in its file (later: backdating)
    backdate_tolerance_days: Annotated[int, Constraint(ge=0, le=366)] = DEFAULT_BACKDATE_DAYS


@record
class People:
    """people.yaml, checked, with look-ups by email."""

    file: PeopleFile
    by_email: dict[str, Person]

    @property
    def tolerance_days(self) -> int:
        return self.file.backdate_tolerance_days

    def person(self, email: str) -> Person | None:
        return self.by_email.get(email.strip().lower())

    def is_office(self, email: str) -> bool:
        person = self.person(email)
        return person is not None and OFFICE in person.units

    def may_write(self, email: str, unit: str) -> bool:
        """The office may write every unit's file: it records the workbooks units hand in (anquan import)."""
        person = self.person(email)
        return person is not None and (unit in person.units or OFFICE in person.units)

    def requires_signature(self, unit: str) -> bool:
        return unit in self.file.signatures_required

    def principal(self, person: Person) -> str:
        """The name an SSH allowed-signers file gives a person's keys (git reports it as %GS)."""
        return f"person{self.file.people.index(person) + 1}"

    def allowed_signers(self) -> str:
        """An allowed-signers file (gpg.ssh.allowedSignersFile) of everyone's SSH keys."""
        return "".join(f'{self.principal(p)} namespaces="git" {key}\n' for p in self.file.people for key in p.ssh_keys)


def people_path(root: Path) -> Path:
    return root / PEOPLE_FILE


def load_people(root: Path, cat: Catalogue) -> People:
    """people.yaml of the workspace at `root`, checked against its units; DataError when it is wrong."""
    from .validation import validate_document
    from .yamlfile import load_yaml

    path = people_path(root)
    if not path.exists() and not path.is_symlink():
        raise WorkspaceError(message("people_missing", root=root))
    doc = load_yaml(path)
    parsed, problems = validate_document(doc, PeopleFile)
    if parsed is None:
        raise DataError(problems)
    by_email: dict[str, Person] = {}
    first: dict[str, tuple[int, int]] = {}
    for i, person in enumerate(parsed.people):
        for j, unit in enumerate(person.units):
            if unit not in cat.units:
                problems.append(doc.problem(("people", i, "units", j), message("people_unknown_unit", unit=unit)))
        for j, email in enumerate(person.emails):
            key = email.lower()
            if key in by_email:
                line = first[key][0]
                problems.append(doc.problem(("people", i, "emails", j), message("people_duplicate_email", email=email, line=line)))
                continue
            by_email[key] = person
            first[key] = doc.position(("people", i, "emails", j))
    for j, unit in enumerate(parsed.signatures_required):
        if unit not in cat.units:
            problems.append(doc.problem(("signatures_required", j), message("people_unknown_unit", unit=unit)))
    if not any(OFFICE in p.units for p in parsed.people):
        problems.append(doc.problem(("people",), message("people_no_office", office=OFFICE)))
    if problems:
        raise DataError(problems)
    return People(parsed, by_email)


def check_people(root: Path, cat: Catalogue) -> list[Problem]:
    """What is wrong with people.yaml, if the workspace has one (for anquan validate)."""
    path = people_path(root)
    if not path.exists() and not path.is_symlink():
        return []
    try:
        load_people(root, cat)
    except DataError as exc:
        return exc.problems
    return []
