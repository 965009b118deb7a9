"""The draft catalogue itself: the notice's structure, units, limits and kinds put into the
catalogue's models, every inferred value with its review mark, and what was read for each
clause (for --explain)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import field, replace

from .. import models
from ..checks import TIME_LIMIT, unencoded_limits
from ..errors import UsageError
from ..labels import message
from ..progress import OFFICE
from ..records import record
from .limits import TaskReading, read_limits
from .responsibility import ResponsibilityDraft, UnitRegistry, names_of, read_responsibility
from .structure import ClauseDraft, Structure, read_structure

# The office that verifies, as the shipped catalogue names it (progress.OFFICE is its id).
OFFICE_NAMES = ("县安委办", "县安全生产委员会办公室")
OFFICE_SHORT = "安委办"
TITLE_MAX = 20  # a task's title: a short summary (docs/catalogue-format.md)
_NUMBERING = re.compile(r"^(?:\d{1,2}[.．、](?!\d)|（\d{1,2}）|[①-⑳])")
_SUBJECT = re.compile(r"^[^，。；;：]{1,12}?要(?=[\u4e00-\u9fff])")  # 各乡镇各部门各单位要…: the subject, not the measure


@record
class TaskExplained:
    id: str
    text: str
    reading: TaskReading


@record
class ClauseExplained:
    id: str
    heading: str
    stated_heading: bool
    responsibility: ResponsibilityDraft | None
    tasks: list[TaskExplained] = field(default_factory=list)


@record
class Draft:
    text: str  # the cleaned notice: notice.txt
    tasks_file: models.TasksFile
    units: list[models.Unit]
    explained: list[ClauseExplained]

    @property
    def task_count(self) -> int:
        return sum(len(c.tasks) for c in self.tasks_file.clauses)

    @property
    def review_count(self) -> int:
        marked: list[object] = [self.tasks_file.notice, *self.tasks_file.rules, *self.units]
        marked += list(self.tasks_file.clauses) + [t for c in self.tasks_file.clauses for t in c.tasks]
        return sum(1 for m in marked if getattr(m, "review", None) is not None)


def summary(sentence: str) -> str:
    """A title from the text's opening words: its first part, without a leading time limit or
    subject, at most TITLE_MAX characters."""
    part = re.split(r"[，,。；;：:！？]", _NUMBERING.sub("", sentence.strip()), maxsplit=1)[0]
    part = _SUBJECT.sub("", part) or part
    part = re.sub(rf"^在?(?:{TIME_LIMIT.pattern})", "", part) or part
    return (part or sentence)[:TITLE_MAX].rstrip("、（“") or sentence[:TITLE_MAX]


def draft_text(text: str, *, today: dt.date | None = None) -> Draft:
    """The draft of a cleaned notice."""
    structure = read_structure(text)
    return _Assembler(structure, today or dt.date.today()).build()


def _unencoded_limit(sentence: str, reading: TaskReading) -> str | None:
    """The first time limit of the sentence (as validate finds them) that the reading could not encode."""
    encoded = [d.phrase for d in reading.deadlines] + ([reading.recurrence.phrase] if reading.recurrence else [])
    return next(iter(unencoded_limits(sentence, encoded)), None)


def _placeholder_date(where: str, today: dt.date) -> dt.date:
    """A notice without a legible date: 1 January of the year its number or title names (else
    today), so that its own time limits are not before it; always marked for review."""
    m = re.search(r"(20\d{2})", where)
    return dt.date(int(m.group(1)), 1, 1) if m else today


# A plan over several years names them in its title: 三年行动方案（2025—2027年）
_SPAN = re.compile(r"(20\d{2})\s*[—–\-－~～至到]{1,2}\s*(20\d{2})年")


def _span(title: str, year: int) -> models.Span | None:
    """The years the title says the notice's work runs over, quoted; None for one year's work."""
    m = _SPAN.search(title)
    if m is None:
        return None
    first, last = int(m.group(1)), int(m.group(2))
    if not first < last or last < year:
        return None  # not a span of this notice's work: left to a person
    return models.Span(quote=m.group(0), first=first, last=last)


class _Assembler:
    def __init__(self, structure: Structure, today: dt.date) -> None:
        self.s = structure
        self.units = UnitRegistry()
        self.today = today

    def build(self) -> Draft:
        notice = self._notice()
        rules: list[models.Rule] = []
        clauses: list[models.Clause] = []
        explained: list[ClauseExplained] = []
        for c in self.s.clauses:
            r = read_responsibility(c.responsibility)
            clause, why = self._clause(c, r, notice)
            clauses.append(clause)
            explained.append(why)
            if r is not None and r.rule is not None and not rules:
                uid = self.units.add(r.rule.unit)
                review = models.Review(fields=["applies_to"], reason=message("draft_review_rule", quote=r.rule.quote))
                rules.append(
                    models.Rule(id=f"{uid}_rule", quote=r.rule.quote, stated_in=c.id, unit=uid, role=r.rule.role, applies_to="following_clauses", review=review)  # type: ignore[arg-type]
                )
        renamed = self._office()
        sections = [models.Section(id=str(n), heading=h) for n, h in self.s.sections.items() if any(c.section == n for c in self.s.clauses)]
        tasks_file = with_unit_ids(models.TasksFile(notice=notice, rules=rules, sections=sections, clauses=clauses), renamed)
        return Draft(self.s.text, tasks_file, list(self.units.units.values()), explained)

    def _office(self) -> dict[str, str]:
        """县安委办, who verifies (销号) and rejects: the unit the notice names so (its issuer,
        陵川县安全生产委员会办公室, say), else local data, as in the shipped catalogue. Returns the
        drafted id it renames to the office's."""
        if any(u.id == OFFICE for u in self.units.units.values()):
            return {}
        named = next((u for u in self.units.units.values() if any(n in OFFICE_NAMES for n in names_of(u.name))), None)
        used = {n for u in self.units.units.values() if u is not named for n in (u.id, u.name, u.short, *u.aliases)}
        if named is not None:  # the notice names the office itself: that unit is the one who verifies
            aliases = [n for n in dict.fromkeys([*OFFICE_NAMES, *named.aliases]) if n != named.name and n not in used]
            self.units.units[named.name] = replace(
                named,
                id=OFFICE,
                short=OFFICE_SHORT if OFFICE_SHORT not in used else named.short,
                aliases=aliases,
                kind="body",
                review=models.Review(fields=["id", "short", "aliases", "kind"], reason=message("draft_review_office_named", name=named.name)),
            )
            return {named.id: OFFICE}
        names = [n for n in OFFICE_NAMES if not any(n in other for other in used)]
        if not names:
            return {}
        self.units.units[names[0]] = models.Unit(
            id=OFFICE,
            name=names[0],
            short=OFFICE_SHORT if OFFICE_SHORT not in used else names[0],
            aliases=names[1:],
            kind="body",
            in_notice=names[0] in self.s.text,
            review=models.Review(fields=["id", "name"], reason=message("draft_review_office")),
        )
        return {}

    def _notice(self) -> models.Notice:
        head = self.s.head
        issuer_name = head.issuer or head.title
        issuer = self.units.add(issuer_name, issuer=True)
        where = {"signature": "draft_where_signature", "title": "draft_where_title"}.get(head.issuer_from, "draft_where_none")
        fields = ["issuer", "date"] if head.date is not None else ["issuer", "date", "year"]
        date = head.date or _placeholder_date(head.number or head.title, self.today)
        return models.Notice(
            number=head.number or head.title,
            title=head.title,
            issuer=issuer,
            date=date,
            year=date.year,
            span=_span(head.title, date.year),
            review=models.Review(fields=fields if head.number else [*fields, "number"], reason=message("draft_review_notice", where=message(where))),
        )

    def _clause(self, c: ClauseDraft, r: ResponsibilityDraft | None, notice: models.Notice) -> tuple[models.Clause, ClauseExplained]:
        heading = c.heading or summary(c.sentences[0] if c.sentences else c.responsibility or c.id)
        review_fields: list[str] = [] if c.heading else ["heading"]
        reasons: list[str] = [] if c.heading else [message("draft_review_heading")]
        if r is not None and r.names:
            ids = [self.units.add(n) for n in r.names]
            responsibility = models.Responsibility(
                quote=r.quote,
                role=r.role,  # type: ignore[arg-type]
                units=ids,
                open=r.open,
                lead=[self.units.id_of(n) for n in r.lead],
                assisting=[self.units.id_of(n) for n in r.assisting],
            )
        else:
            responsibility = models.Responsibility(quote=self.s.head.issuer or notice.title, role="负责", units=[notice.issuer])
            review_fields.append("responsibility")
            reasons.append(message("draft_review_no_responsibility"))
        explained = ClauseExplained(c.id, heading, bool(c.heading), r)
        tasks = []
        for n, sentence in enumerate(c.sentences, start=1):
            task_id = f"{c.id}.{n}"
            reading = read_limits(sentence, notice.year, notice.date)
            unencoded = _unencoded_limit(sentence, reading)
            if unencoded is not None:  # a time limit the catalogue cannot date: never guessed, never dropped
                raise UsageError(message("draft_unencodable_limit", id=task_id, phrase=unencoded))
            firm = [d for d in reading.deadlines if d.firm]
            if firm and reading.recurrence is not None:  # no kind of duty is both (docs/catalogue-format.md)
                raise UsageError(message("draft_dated_and_recurring", id=task_id, limit=firm[0].phrase, period=reading.recurrence.phrase))
            tasks.append(self._task(task_id, sentence, reading))
            explained.tasks.append(TaskExplained(task_id, sentence, reading))
        if not tasks:  # a heading and units only: no sentence a task could quote
            raise UsageError(message("draft_empty_clause", id=c.id))
        review = models.Review(fields=review_fields, reason="；".join(reasons)) if review_fields else None
        return models.Clause(id=c.id, heading=heading, responsibility=responsibility, tasks=tasks, review=review), explained

    def _task(self, task_id: str, sentence: str, reading: TaskReading) -> models.Task:
        duty = reading.duty or models.Duty(kind="once")
        why = message("draft_reason_kind", kind=duty.kind, quote=duty.quote) if duty.quote else message("draft_reason_once")
        fields = ["title", "duty"] + (["targets"] if reading.targets else [])
        if any(not re.match(r"\d{4}年", d.phrase) for d in reading.deadlines):  # the year is the notice's
            fields.append("deadlines")
        reasons = [message("draft_reason_title"), why, *reading.reasons]
        if any(q.within and "工作日" in q.quote for q in reading.requirements):
            fields.append("requirements")
        return models.Task(
            id=task_id,
            title=summary(sentence),
            text=sentence,
            deadlines=reading.deadlines,
            recurrence=reading.recurrence,
            duty=duty,
            targets=reading.targets,
            requirements=reading.requirements,
            review=models.Review(fields=fields, reason=message("draft_review_task", reasons="；".join(reasons))),
        )


def with_unit_ids(tf: models.TasksFile, ids: dict[str, str]) -> models.TasksFile:
    """The catalogue with its units' ids changed as `ids` says (old → new), wherever it names them."""
    if not ids:
        return tf

    def r(unit: str) -> str:
        return ids.get(unit, unit)

    def responsibility(x: models.Responsibility) -> models.Responsibility:
        return replace(x, units=[r(u) for u in x.units], lead=[r(u) for u in x.lead], assisting=[r(u) for u in x.assisting])

    clauses = [replace(c, responsibility=responsibility(c.responsibility)) for c in tf.clauses]
    rules = [replace(rule, unit=r(rule.unit)) for rule in tf.rules]
    return replace(tf, notice=replace(tf.notice, issuer=r(tf.notice.issuer)), clauses=clauses, rules=rules)
