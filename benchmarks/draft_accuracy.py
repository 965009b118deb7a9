"""How faithfully `anquan draft` reproduces the hand-made catalogue.

Drafts the shipped notice (data/notice.txt, or the file given) and compares the draft with the
hand-encoded data/tasks.yaml, field by field, as precision (how much of what the draft wrote is
in the catalogue) and recall (how much of the catalogue the draft found):

- clauses: (clause id, heading);
- task boundaries: (clause id, task text) — a task is found when its text is the same;
- units and roles: (clause id, unit name, role word), the 以下均需… rule included as (stated in, unit, role);
- time limits: (clause id, phrase, date, firm); recurrences: (clause id, phrase, period);
  duration requirements: (clause id, within) with the draft's quote containing or inside the catalogue's;
- targets: a draft target matches a catalogue target of the same clause when one quote contains the other;
- kinds of duty: (task, kind), each draft task compared with the catalogue task whose text holds it.

The catalogue is read with plain PyYAML, not with the code under test. Usage:

    python benchmarks/draft_accuracy.py                 # a plain table
    python benchmarks/draft_accuracy.py --markdown      # the table README shows
    python benchmarks/draft_accuracy.py --misses        # also every miss and every invention
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from anquan_cli import models
from anquan_cli.draft.assemble import Draft, draft_text

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("dated", "recurring", "standing", "contingent", "once")


@dataclass
class Score:
    field: str
    drafted: int
    expected: int
    matched: int
    misses: list[str] = field(default_factory=list)
    inventions: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.drafted if self.drafted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0


def exact(name: str, drafted: Iterable[Any], expected: Iterable[Any]) -> Score:
    d, e = Counter(drafted), Counter(expected)
    both = d & e
    return Score(name, sum(d.values()), sum(e.values()), sum(both.values()), [str(x) for x in e - d], [str(x) for x in d - e])


def paired(name: str, drafted: list[Any], expected: list[Any], same: Callable[[Any, Any], bool]) -> Score:
    """Each expected item matched to at most one drafted item for which `same` holds."""
    free = list(drafted)
    misses = []
    for item in expected:
        hit = next((d for d in free if same(d, item)), None)
        if hit is None:
            misses.append(str(item))
        else:
            free.remove(hit)
    return Score(name, len(drafted), len(expected), len(expected) - len(misses), misses, [str(x) for x in free])


def compare(draft: Draft, catalogue: dict[str, Any], units: dict[str, str]) -> list[Score]:
    tf: models.TasksFile = draft.tasks_file
    names = {u.id: u.name for u in draft.units}
    shipped = catalogue["clauses"]
    d_tasks = [(c.id, t) for c in tf.clauses for t in c.tasks]
    s_tasks = [(c["id"], t) for c in shipped for t in c["tasks"]]
    scores = [
        exact("clauses", [(c.id, c.heading) for c in tf.clauses], [(c["id"], c["heading"]) for c in shipped]),
        exact("task boundaries", [(cid, t.text) for cid, t in d_tasks], [(cid, t["text"]) for cid, t in s_tasks]),
    ]

    def unit_roles_drafted() -> list[tuple[str, str, str]]:
        out = []
        for c in tf.clauses:
            r = c.responsibility
            for u in r.units:
                role = "牵头" if u in r.lead else "配合" if u in r.assisting else r.role
                out.append((c.id, names[u], role))
        out += [(r.stated_in, names[r.unit], f"rule:{r.role}") for r in tf.rules]
        return out

    def unit_roles_expected() -> list[tuple[str, str, str]]:
        out = [(c["id"], units[u], c["responsibility"]["role"]) for c in shipped for u in c["responsibility"]["units"]]
        out += [(r["stated_in"], units[r["unit"]], f"rule:{r['role']}") for r in catalogue.get("rules", [])]
        return out

    scores.append(exact("units and roles", unit_roles_drafted(), unit_roles_expected()))
    scores.append(
        exact(
            "time limits",
            [(cid, d.phrase, d.date.isoformat(), d.firm) for cid, t in d_tasks for d in t.deadlines],
            [(cid, d["phrase"], str(d["date"]), d.get("firm", True)) for cid, t in s_tasks for d in t.get("deadlines", [])],
        )
    )
    scores.append(
        exact(
            "recurrences",
            [(cid, t.recurrence.phrase, t.recurrence.every) for cid, t in d_tasks if t.recurrence],
            [(cid, t["recurrence"]["phrase"], t["recurrence"]["every"]) for cid, t in s_tasks if t.get("recurrence")],
        )
    )

    def overlapping(a: tuple[str, str, Any], b: tuple[str, str, Any]) -> bool:
        return a[0] == b[0] and (a[1] in b[1] or b[1] in a[1]) and a[2] == b[2]

    scores.append(
        paired(
            "requirements",
            [(cid, q.quote, q.within) for cid, t in d_tasks for q in t.requirements],
            [(cid, q["quote"], q["within"]) for cid, t in s_tasks for q in t.get("requirements", [])],
            overlapping,
        )
    )
    scores.append(
        paired(
            "targets",
            [(cid, q.quote, q.firm) for cid, t in d_tasks for q in t.targets],
            [(cid, q["quote"], q.get("firm", True)) for cid, t in s_tasks for q in t.get("targets", [])],
            overlapping,
        )
    )
    # Kinds: each draft task against the catalogue task whose text holds its text.
    holder = {}
    for cid, t in d_tasks:
        holder[t.id] = next((s for scid, s in s_tasks if scid == cid and t.text in s["text"]), None)
    drafted_kinds = [(t.id, t.duty.kind if t.duty else "once") for _, t in d_tasks]
    expected_kinds = [(t.id, holder[t.id]["duty"]["kind"]) for _, t in d_tasks if holder[t.id] is not None]
    scores.append(exact("kinds of duty (all)", drafted_kinds, expected_kinds))
    for kind in KINDS:
        scores.append(exact(f"  kind {kind}", [x for x in drafted_kinds if x[1] == kind], [x for x in expected_kinds if x[1] == kind]))
    return scores


def load(notice: Path) -> tuple[Draft, dict[str, Any], dict[str, str]]:
    catalogue = yaml.safe_load((ROOT / "data" / "tasks.yaml").read_text(encoding="utf-8"))
    departments = yaml.safe_load((ROOT / "data" / "departments.yaml").read_text(encoding="utf-8"))
    units = {u["id"]: u["name"] for u in departments["units"]}
    draft = draft_text(notice.read_text(encoding="utf-8"), today=dt.date(2025, 4, 7))
    return draft, catalogue, units


def table(scores: list[Score], markdown: bool) -> str:
    rows = [(s.field, s.drafted, s.expected, s.matched, f"{s.precision:.3f}", f"{s.recall:.3f}") for s in scores]
    head = ("field", "drafted", "in catalogue", "matched", "precision", "recall")
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(str(c).replace("  kind", "&nbsp;&nbsp;kind") for c in row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in [head, *rows]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notice", nargs="?", type=Path, default=ROOT / "data" / "notice.txt")
    parser.add_argument("--markdown", action="store_true", help="a Markdown table")
    parser.add_argument("--misses", action="store_true", help="list every miss and every invention")
    args = parser.parse_args(argv)
    draft, catalogue, units = load(args.notice)
    scores = compare(draft, catalogue, units)
    sys.stdout.write(table(scores, args.markdown))
    if args.misses:
        for s in scores:
            for m in s.misses:
                sys.stdout.write(f"missed    {s.field.strip()}: {m}\n")
            for i in s.inventions:
                sys.stdout.write(f"not in catalogue  {s.field.strip()}: {i}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
