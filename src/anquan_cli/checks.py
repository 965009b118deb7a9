"""The catalogue's cross-file rules: references, verbatim quotes, time limits, kinds of duty, coverage.

`run_checks` checks validated tasks.yaml and departments.yaml against each other and against
notice.txt, one function per file or part of a file, and returns a `Findings` of located problems
(which refuse the catalogue) and warnings (which do not). Resolution is catalogue.py's.
"""

from __future__ import annotations

import re
import typing
from dataclasses import field

from . import models
from .dates import time_limit_date
from .errors import Problem
from .labels import Labels, language, message
from .notice import NoticeText, segments
from .records import record

if typing.TYPE_CHECKING:
    from .yamlfile import YamlDocument

Where = tuple[str | int, ...]

# Time limits as the notice words them; each one found in a task's text must be encoded.
TIME_LIMIT = re.compile(r"(?:\d{4}年)?\d{1,2}月(?:底|\d{1,2}日)前|(?:\d{4})?年底前|年内|每半年|每季度|每年|每月")
# 年内 sets a window for a condition ("对年内发生…的"), never a due date, so it is not checked.
NOT_A_TIME_LIMIT = {"年内"}
# The period each recurring time limit states.
PERIODS = {"每半年": "half_year", "每年": "year", "每季度": "quarter", "每月": "month"}
ROLES: tuple[str, ...] = typing.get_args(models.Role)
LEAD_ROLE, ASSIST_WORD = "牵头", "配合"
RESPONSIBLE_LINE = re.compile(r"^责任(?:单位|部门)[：:]")
# The word that makes a time limit a goal (firm: false), and where it must stand: in the same
# part of the sentence as the time limit (between two of these marks), e.g. 年底前力争….
STRIVE = "力争"
_SENTENCE_PARTS = re.compile(r"[，,。；;：:！？]")


@record
class Findings:
    """What the checks found, and what resolution needs of it (the coverage of the notice's body)."""

    tdoc: YamlDocument
    udoc: YamlDocument
    tf: models.TasksFile
    uf: models.DepartmentsFile
    notice: NoticeText
    units: dict[str, models.Unit] = field(init=False)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    segment_count: int = 0
    uncovered: list[tuple[str, str]] = field(default_factory=list)  # (clause id, segment)
    reviews: list[Problem] = field(default_factory=list)  # the values a draft marked for review
    other_texts: tuple[str, ...] | None = ()  # the workspace's other notices (a unit may be named there); None: unknown

    def __post_init__(self) -> None:
        self.units = {u.id: u for u in self.uf.units}

    def task_problem(self, path: Where, text: str) -> None:
        self.problems.append(self.tdoc.problem(path, text))

    def unit_ref(self, doc: YamlDocument, path: Where, unit_id: str) -> bool:
        if unit_id in self.units:
            return True
        self.problems.append(doc.problem(path, message("cat_unknown_unit", id=unit_id)))
        return False


def run_checks(
    tasks_doc: YamlDocument,
    units_doc: YamlDocument,
    tasks_file: models.TasksFile,
    units_file: models.DepartmentsFile,
    notice: NoticeText,
    other_texts: tuple[str, ...] | None = (),
) -> Findings:
    found = Findings(tasks_doc, units_doc, tasks_file, units_file, notice, other_texts=other_texts)
    check_units(found)
    check_notice(found)
    check_goals(found)
    check_sections(found)
    check_clauses(found)
    check_rules(found)
    collect_reviews(found)
    return found


def collect_reviews(f: Findings) -> None:
    """Every value still marked for review (by `anquan draft`), where it stands in its file."""
    n = f.tf.notice
    if n.review is not None:
        f.reviews.append(f.tdoc.problem(("notice", "review"), _review_text(n.review, "notice")))
    for ri, rule in enumerate(f.tf.rules):
        if rule.review is not None:
            f.reviews.append(f.tdoc.problem(("rules", ri, "review"), _review_text(rule.review, rule.id)))
    for ci, clause in enumerate(f.tf.clauses):
        if clause.review is not None:
            f.reviews.append(f.tdoc.problem(("clauses", ci, "review"), _review_text(clause.review, clause.id)))
        for ti, task in enumerate(clause.tasks):
            if task.review is not None:
                f.reviews.append(f.tdoc.problem(("clauses", ci, "tasks", ti, "review"), _review_text(task.review, task.id)))
    for ui, unit in enumerate(f.uf.units):
        if unit.review is not None:
            f.reviews.append(f.udoc.problem(("units", ui, "review"), _review_text(unit.review, unit.id)))


def _review_text(review: models.Review, what: str) -> str:
    return message("review_mark", what=what, fields=", ".join(review.fields), reason=review.reason)


# ── departments.yaml ──


def check_units(f: Findings) -> None:
    seen: set[str] = set()
    names: dict[str, str] = {}
    for i, unit in enumerate(f.uf.units):
        if unit.id in seen:
            f.problems.append(f.udoc.problem(("units", i, "id"), message("cat_duplicate_unit", id=unit.id)))
        seen.add(unit.id)
        for j, name in enumerate([unit.name, unit.short, *unit.aliases]):
            where: Where = ("units", i, "name" if j == 0 else "short" if j == 1 else "aliases")
            if j > 1:
                where = (*where, j - 2)
            other = names.get(name)
            if other is not None and other != unit.id:
                f.problems.append(f.udoc.problem(where, message("cat_name_reused", name=name, other=other)))
            names.setdefault(name, unit.id)
        named = f.other_texts is None or any(n in text for text in (f.notice.text, *f.other_texts) for n in [unit.name, *unit.aliases])
        if unit.in_notice and not named:
            f.problems.append(f.udoc.problem(("units", i, "in_notice"), message("cat_not_in_notice", name=unit.name)))
        if unit.members is not None and unit.kind not in ("group", "collective"):
            f.problems.append(f.udoc.problem(("units", i, "members"), message("cat_no_members", kind=Labels(language())(f"kind_{unit.kind}"))))
    for i, unit in enumerate(f.uf.units):
        for j, member in enumerate(unit.members or []):
            member_at: Where = ("units", i, "members", j)
            if member not in f.units:
                f.problems.append(f.udoc.problem(member_at, message("cat_unknown_member", member=member)))
            elif f.units[member].members is not None or member == unit.id:
                f.problems.append(f.udoc.problem(member_at, message("cat_group_member", member=member)))


# ── tasks.yaml: the notice, its goals and sections ──


def check_notice(f: Findings) -> None:
    n = f.tf.notice
    flat = f.notice.text.replace("\n", "")
    for key, value in (("number", n.number), ("title", n.title)):
        if value not in flat:
            f.task_problem(("notice", key), message("cat_not_in_notice_text", value=value))
    f.unit_ref(f.tdoc, ("notice", "issuer"), n.issuer)
    if n.date.year != n.year:
        f.task_problem(("notice", "year"), message("cat_year_differs", year=n.year, date_year=n.date.year))
    if n.span is not None:
        _quote_in_text(f, ("notice", "span", "quote"), n.span.quote, flat)
        if n.span.first > n.span.last or n.span.last < n.year:
            f.task_problem(("notice", "span"), message("cat_span_excludes_year", first=n.span.first, last=n.span.last, year=n.year))
        elif not all(str(y) in n.span.quote for y in (n.span.first, n.span.last)):
            f.task_problem(("notice", "span", "quote"), message("cat_span_not_quoted", first=n.span.first, last=n.span.last))


def check_goals(f: Findings) -> None:
    flat = f.notice.text.replace("\n", "")
    for gi, goal in enumerate(f.tf.goals):
        if goal.quote not in flat:
            f.task_problem(("goals", gi, "quote"), message("goal_not_in_notice", quote=goal.quote))


def check_sections(f: Findings) -> None:
    seen: set[str] = set()
    for i, section in enumerate(f.tf.sections):
        if section.id in seen:
            f.task_problem(("sections", i, "id"), message("cat_duplicate_section", id=section.id))
        seen.add(section.id)
        stated = f.notice.sections.get(int(section.id))
        if stated is None:
            f.task_problem(("sections", i, "id"), message("cat_no_section", id=section.id))
        elif stated != section.heading:
            f.task_problem(("sections", i, "heading"), message("cat_heading_differs", stated=stated))
    for number in f.notice.sections:
        if str(number) not in seen:
            f.task_problem(("sections",), message("cat_section_missing", number=number))


# ── tasks.yaml: clauses and their tasks ──


def check_clauses(f: Findings) -> None:
    sections = {s.id for s in f.tf.sections}
    tags = set(f.tf.tags)
    seen_clauses: set[str] = set()
    seen_tasks: set[str] = set()
    for ci, clause in enumerate(f.tf.clauses):
        at: Where = ("clauses", ci)
        if clause.id in seen_clauses:
            f.task_problem((*at, "id"), message("cat_duplicate_clause", id=clause.id))
        seen_clauses.add(clause.id)
        section_id, number = clause.id.split(".")
        if section_id not in sections:
            f.task_problem((*at, "id"), message("cat_section_not_listed", id=section_id))
        stated = f.notice.clauses.get((int(section_id), int(number)))
        if stated is None:
            f.task_problem((*at, "id"), message("cat_no_clause", id=clause.id))
            continue
        stated_heading = stated.heading.removesuffix("。")
        if stated_heading and stated_heading != clause.heading:  # a notice's clause with no heading: the catalogue's summary
            f.task_problem((*at, "heading"), message("cat_heading_differs", stated=stated_heading))
        _check_responsibility(f, at, clause, stated.responsibility)
        for ti, task in enumerate(clause.tasks):
            if task.id in seen_tasks:
                f.task_problem((*at, "tasks", ti, "id"), message("cat_duplicate_task", id=task.id))
            seen_tasks.add(task.id)
            if task.id != f"{clause.id}.{ti + 1}":
                f.task_problem((*at, "tasks", ti, "id"), message("cat_task_order", clause=clause.id, expected=f"{clause.id}.{ti + 1}"))
            _check_task(f, (*at, "tasks", ti), task, stated.body, tags)
        _check_coverage(f, clause, stated.body)
    for key in f.notice.clauses:
        if f"{key[0]}.{key[1]}" not in seen_clauses:
            f.task_problem(("clauses",), message("cat_clause_missing", id=f"{key[0]}.{key[1]}"))


def _check_responsibility(f: Findings, at: Where, clause: models.Clause, stated: str) -> None:
    r = clause.responsibility
    here = (*at, "responsibility")
    # The whole line (for 1.1 its first sentence): a part of it could leave out a unit unnoticed.
    line = stated.split("。")[0]
    if not line and clause.review is not None and "responsibility" in clause.review.fields:
        # The notice names no unit for the clause: a draft's placeholder, listed for review.
        for ui, unit_id in enumerate(r.units):
            f.unit_ref(f.tdoc, (*here, "units", ui), unit_id)
        return
    if r.quote != line:
        f.task_problem((*here, "quote"), message("cat_not_whole_line", line=line))
        return
    if r.lead or r.assisting:
        _check_parts(f, here, r)
    else:
        # The longest role the quote ends in: 分工负责 also ends in 负责; a line 责任单位：X says 负责.
        worded = max((role for role in ROLES if r.quote.endswith(role)), key=len, default=None)
        if worded is None and RESPONSIBLE_LINE.match(r.quote):
            worded = "负责"
        if worded != r.role:
            said = message("cat_role_ends", worded=worded, role=r.role) if worded else message("cat_role_none", role=r.role)
            f.task_problem((*here, "role"), said)
    if r.open != ("等部门" in r.quote):
        f.task_problem((*here, "open"), message("cat_open"))
    rest = r.quote
    for ui, unit_id in enumerate(r.units):
        if not f.unit_ref(f.tdoc, (*here, "units", ui), unit_id):
            continue
        name = f.units[unit_id].name
        if name not in rest:
            f.task_problem((*here, "units", ui), message("cat_unit_not_quoted", name=name))
        rest = rest.replace(name, "")
    for unit in f.units.values():
        if unit.in_notice and unit.kind != "body" and unit.name in rest:
            f.task_problem((*here, "units"), message("cat_unit_omitted", name=unit.name, id=unit.id))


def _check_parts(f: Findings, here: Where, r: models.Responsibility) -> None:
    """A line naming lead (牵头) or assisting (配合) units: role 牵头 with leads, each part worded
    in the quote and each of its units among the units the line names."""
    # Without a lead (（X负责，Y配合）), the role X is named with; 责任单位：X；配合单位：Y says 负责.
    unled = r.role in r.quote or (r.role == "负责" and RESPONSIBLE_LINE.match(r.quote) is not None)
    if not (r.role == LEAD_ROLE if r.lead else unled):
        f.task_problem((*here, "role"), message("cat_parts_role", role=r.role))
    for key, word, ids in (("lead", LEAD_ROLE, r.lead), ("assisting", ASSIST_WORD, r.assisting)):
        if ids and word not in r.quote:
            f.task_problem((*here, key), message("cat_part_unworded", word=word))
        for i, unit_id in enumerate(ids):
            if unit_id not in r.units:
                f.task_problem((*here, key, i), message("cat_part_not_listed", id=unit_id))


def _check_task(f: Findings, at: Where, task: models.Task, body: str, tags: set[str]) -> None:
    if task.text not in body:
        f.task_problem((*at, "text"), message("cat_not_verbatim"))
    for gi, tag in enumerate(task.tags):
        if tag not in tags:
            f.task_problem((*at, "tags", gi), message("cat_unknown_tag", tag=tag))
    phrases = set()
    year, notice_date = f.tf.notice.year, f.tf.notice.date
    for di, deadline in enumerate(task.deadlines):
        here = (*at, "deadlines", di)
        phrases.add(deadline.phrase)
        _quote_in_text(f, (*here, "phrase"), deadline.phrase, task.text)
        if deadline.date < notice_date:
            f.task_problem((*here, "date"), message("cat_date_before_notice", date=deadline.date, notice=notice_date))
        meant = time_limit_date(deadline.phrase, year)
        if meant is None:
            f.task_problem((*here, "phrase"), message("cat_not_time_limit", phrase=deadline.phrase))
        elif meant != deadline.date:
            f.task_problem((*here, "date"), message("cat_phrase_means", phrase=deadline.phrase, meant=meant, date=deadline.date))
        _check_firmness(f, here, deadline, task)
    if task.recurrence is not None:
        phrases.add(task.recurrence.phrase)
        _quote_in_text(f, (*at, "recurrence", "phrase"), task.recurrence.phrase, task.text)
        meant_every = PERIODS.get(task.recurrence.phrase)
        if meant_every is None:
            f.task_problem((*at, "recurrence", "phrase"), message("cat_not_recurrence", phrase=task.recurrence.phrase))
        elif meant_every != task.recurrence.every:
            every = message("cat_phrase_means", phrase=task.recurrence.phrase, meant=meant_every, date=task.recurrence.every)
            f.task_problem((*at, "recurrence", "every"), every)
    if task.duty is not None:
        _check_duty(f, (*at, "duty"), task, task.duty)
    for gi, target in enumerate(task.targets):
        _quote_in_text(f, (*at, "targets", gi, "quote"), target.quote, task.text)
        if target.min is not None and target.max is not None and target.min > target.max:
            f.task_problem((*at, "targets", gi, "max"), message("cat_max_below_min"))
    for qi, requirement in enumerate(task.requirements):
        _quote_in_text(f, (*at, "requirements", qi, "quote"), requirement.quote, task.text)
    for limit in unencoded_limits(task.text, phrases):
        f.task_problem((*at, "text"), message("cat_limit_unencoded", limit=limit))


def unencoded_limits(text: str, phrases: typing.Iterable[str]) -> list[str]:
    """The time limits `text` states that none of the encoded `phrases` (deadlines, recurrence) covers."""
    encoded = list(phrases)
    return [m.group(0) for m in TIME_LIMIT.finditer(text) if m.group(0) not in NOT_A_TIME_LIMIT and not any(m.group(0) in p for p in encoded)]


def _quote_in_text(f: Findings, path: Where, quote: str, text: str) -> None:
    if quote not in text:
        f.task_problem(path, message("cat_quote_not_in_text", quote=quote))


def strive_worded(phrase: str, text: str) -> bool:
    """Whether the text says 力争 in the same part of a sentence as the time limit `phrase`."""
    return any(phrase in part and STRIVE in part for part in _SENTENCE_PARTS.split(text))


def _check_firmness(f: Findings, here: Where, deadline: models.Deadline, task: models.Task) -> None:
    if deadline.phrase not in task.text:
        return  # reported as not in the task's text
    worded = strive_worded(deadline.phrase, task.text)
    if not deadline.firm and not worded:
        f.task_problem((*here, "firm"), message("deadline_goal_unworded", phrase=deadline.phrase))
    elif deadline.firm and worded and task.duty is not None:
        # Only where kinds are recorded: a catalogue from before them (an older workspace's copy)
        # never had firm: false to write, and must still load.
        f.task_problem((*here, "phrase"), message("deadline_strive_firm", phrase=deadline.phrase))


def _check_duty(f: Findings, here: Where, task: models.Task, duty: models.Duty) -> None:
    """A duty's kind must be what the task's own time limits say, and its quote the notice's words.

    A deadline makes a task dated, unless every deadline it has is a goal (firm: false): a goal
    does not decide how the task is judged, so such a task may be of another kind (not `once`,
    which has no time limit of any sort)."""
    if duty.quote is None:
        if duty.kind != "once":
            f.task_problem(here, message("duty_quote_missing", kind=duty.kind))
    else:
        _quote_in_text(f, (*here, "quote"), duty.quote, task.text)
    kind_at = (*here, "kind")
    firm = [d for d in task.deadlines if d.firm]
    if duty.kind == "dated" and not task.deadlines:
        f.task_problem(kind_at, message("duty_dated_without_deadline"))
    if duty.kind != "dated" and firm:
        f.task_problem(kind_at, message("duty_deadline_not_dated", phrase=firm[0].phrase, kind=duty.kind))
    if duty.kind == "recurring" and task.recurrence is None:
        f.task_problem(kind_at, message("duty_recurring_without_recurrence"))
    if duty.kind != "recurring" and task.recurrence is not None:
        f.task_problem(kind_at, message("duty_recurrence_not_recurring", phrase=task.recurrence.phrase, kind=duty.kind))
    if duty.kind == "once" and task.deadlines and not firm:
        f.task_problem(kind_at, message("duty_once_with_deadline", phrase=task.deadlines[0].phrase))


def _check_coverage(f: Findings, clause: models.Clause, body: str) -> None:
    for segment in segments(body):
        f.segment_count += 1
        quoting = [t.id for t in clause.tasks if segment in t.text]
        if not quoting:
            f.uncovered.append((clause.id, segment))
        elif len(quoting) > 1:
            f.warnings.append(f.tdoc.problem(("clauses",), message("cat_quoted_twice", clause=clause.id, segment=segment[:20], tasks=", ".join(quoting))))


# ── tasks.yaml: rules ──


def check_rules(f: Findings) -> None:
    clause_ids = [c.id for c in f.tf.clauses]
    for ri, rule in enumerate(f.tf.rules):
        at: Where = ("rules", ri)
        f.unit_ref(f.tdoc, (*at, "unit"), rule.unit)
        if rule.stated_in not in clause_ids:
            f.task_problem((*at, "stated_in"), message("cat_unknown_clause", id=rule.stated_in))
            continue
        stated = f.notice.clauses.get(tuple(int(p) for p in rule.stated_in.split(".")))  # type: ignore[arg-type]
        if stated is None or rule.quote not in stated.responsibility:
            f.task_problem((*at, "quote"), message("cat_rule_not_in_line", clause=rule.stated_in))
        elif rule.unit in f.units:
            # Like a clause's units and role, the rule's are what its quote says.
            name = f.units[rule.unit].name
            if name not in rule.quote:
                f.task_problem((*at, "unit"), message("cat_unit_not_quoted", name=name))
            elif name + rule.role not in rule.quote:
                f.task_problem((*at, "role"), message("cat_rule_role", said=name + rule.role))
