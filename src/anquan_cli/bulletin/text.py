"""The 调度通报 as text: plain (to paste into a document: paragraphs indented with two
full-width spaces, tables separated by tabs, which Word, WPS and WeChat keep), Markdown, and a
short `brief` that fits one WeChat message. Every word comes from labels.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..catalogue import Catalogue
from ..labels import form, grouped_names, message, numeral, shortened
from ..records import record
from ..warning_rules import LEVEL_WORDS
from .content import Bulletin, LedgerRow, RankRow

_CARD_WORDS = {"red": "office_card_red", "yellow": "office_card_yellow"}
_RANKING_TITLES = {"department": "b_ranking_department", "township": "b_ranking_township"}
_STATUS_WORDS = {
    "not_started": "b_status_not_started", "in_progress": "b_status_in_progress", "done": "b_status_done",
    "verified": "b_status_verified", "standing": "b_status_standing", "inactive": "b_status_inactive",
}  # fmt: skip


def day_text(day: dt.date) -> str:
    return message("b_date", year=day.year, month=day.month, day=day.day)


def share(part: float, whole: float) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "0.0%"


@record(frozen=True)
class Block:
    """One piece of the bulletin, in reading order, for any renderer."""

    kind: str  # title | subtitle | recipients | paragraph | heading1 | heading2 | attachments | signature | table | page_break
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()  # a table: the header first


def blocks(b: Bulletin, cat: Catalogue) -> list[Block]:
    """The whole bulletin: its body, 落款 and 附件."""
    names = _namer(b, cat)
    limit = b.supervision.file.bulletin.name_limit
    group = lambda units: grouped_names([names(u) for u in units], limit)  # noqa: E731
    n = cat.notice
    return [
        Block("title", message("b_title", number=n.number) + (form("b_title_unit", unit=names(b.unit)) if b.unit else "")),
        Block("subtitle", message("b_issue", number=b.number)),
        Block("recipients", form("b_recipients", recipients=names(b.unit) if b.unit else b.supervision.file.bulletin.recipients)),
        Block("paragraph", message("b_opening", title=n.title, number=n.number, date=day_text(b.as_of))),
        Block("heading1", message("b_h_overall")),
        *[Block("paragraph", p) for p in _overall(b, group)],
        Block("heading1", message("b_h_good")),
        *[Block("paragraph", p) for p in _good(b, names, group)],
        Block("heading1", message("b_h_problems")),
        *_problems(b, cat, names, group),
        Block("heading1", message("b_h_next")),
        *[Block("paragraph", p) for p in _next(b, group)],
        Block("paragraph", _local_note(b)),
        Block("blank"),
        Block("attachments", message("b_attachments")),
        Block("blank"),
        Block("signature", b.supervision.file.bulletin.issuer),
        Block("signature", day_text(b.as_of)),
        Block("page_break"),
        Block("heading1", message("b_attachment", n=1)),
        Block("title", message("b_ranking_title")),
        *_rankings(b, names),
        Block("page_break"),
        Block("heading1", message("b_attachment", n=2)),
        Block("title", message("b_ledger_title")),
        Block("table", rows=_ledger(b, names)),
    ]


def render_text(b: Bulletin, cat: Catalogue, *, markdown: bool = False) -> str:
    indent = "" if markdown else form("b_indent")  # a 公文 paragraph's first line: two full-width spaces
    lines: list[str] = []
    for block in blocks(b, cat):
        if block.kind == "blank":
            lines.append("")
        elif block.kind == "page_break":
            lines += ["", "———" if not markdown else "---", ""]
        elif block.kind == "title":
            lines.append(("# " if markdown else "") + block.text)
        elif block.kind in ("subtitle", "recipients", "attachments", "signature"):
            lines.append(block.text if not markdown or block.kind != "subtitle" else f"**{block.text}**")
            if block.kind == "subtitle" or (markdown and block.kind == "recipients"):
                lines.append("")  # in Markdown the 主送 line is a paragraph of its own
        elif block.kind == "heading1":
            lines += ["", ("## " if markdown else "") + block.text]
        elif block.kind == "heading2":
            lines.append(("### " if markdown else indent) + block.text)
        elif block.kind == "paragraph":
            lines.append(indent + block.text.rstrip())
            if markdown:
                lines.append("")
        elif block.kind == "table":
            lines += _table(block.rows, markdown)
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip("\n") + "\n"


def render_brief(b: Bulletin, cat: Catalogue) -> str:
    """The gist in one short message: figures, who is warned, who did not report, what is due next."""
    names = _namer(b, cat)
    limit = min(3, b.supervision.file.bulletin.name_limit)
    c = b.overall.counts
    head = message("b_brief_head", number=cat.notice.number, issue=b.number, date=message("month_day", month=b.as_of.month, day=b.as_of.day))
    parts = [message("b_brief_counts", items=c.tasks, closed=c.closed, share=share(c.closed, c.tasks), overdue=c.overdue)]
    s = b.overall.schedule
    if s.items:
        parts.append(message("b_brief_schedule", reached=s.reached, items=s.items))
    for level in ("red", "yellow"):
        units = [u for u, w in b.warnings.items() if w.level == level]
        if units:
            parts.append(form("b_brief_warned", level=message(LEVEL_WORDS[level]), units=grouped_names([names(u) for u in units], limit)))
    if b.unreported and b.last_cycle is not None:
        parts.append(message("b_brief_unreported", n=b.last_cycle.number, units=grouped_names([names(u) for u in b.unreported], limit)))
    if b.next_due is not None:
        parts.append(message("b_brief_next", date=message("month_day", month=b.next_due.month, day=b.next_due.day)))
    return head + form("b_brief_join").join(parts) + form("b_end") + form("b_brief_sign", issuer=b.supervision.file.bulletin.issuer) + "\n"


def _namer(b: Bulletin, cat: Catalogue) -> Callable[[str | None], str]:
    def name(unit: str | None) -> str:
        return cat.units[unit].name if unit is not None else ""

    return name


def _overall(b: Bulletin, group: Callable[[list[str]], str]) -> list[str]:
    o = b.overall
    c = o.counts
    scope = message("b_scope_unit", n=o.unit_tasks) if o.unit_tasks is not None else ""
    counted = {"sections": o.sections, "clauses": o.clauses, "tasks": o.tasks, "scope": scope}
    first = (message("b_overall_scope", **counted) if o.notices == 1 else message("b_overall_scope_many", notices=o.notices, **counted)) + message(
        "b_overall_counts",
        items=c.tasks,
        closed=c.closed,
        closed_share=share(c.closed, c.tasks),
        verified=c.verified,
        in_progress=c.in_progress,
        in_progress_share=share(c.in_progress, c.tasks),
        not_started=c.not_started,
        not_started_share=share(c.not_started, c.tasks),
        overdue=c.overdue,
        overdue_share=share(c.overdue, c.tasks),
        mean=f"{c.percent:.1f}",
    )
    s = o.schedule
    if s.items:
        first += message(
            "b_overall_schedule",
            items=s.items,
            reached=s.reached,
            reached_share=share(s.reached, s.items),
            behind=s.items - s.reached,
            behind_share=share(s.items - s.reached, s.items),
            expected=f"{s.expected:.1f}",
            actual=f"{s.actual:.1f}",
        )
    else:
        first += message("b_overall_no_schedule")
    first += message("b_overall_standing", n=o.standing)
    if o.inactive or o.triggered:
        first += message("b_overall_contingent", inactive=o.inactive, triggered=o.triggered)
    if o.pending:
        first += message("b_overall_pending", n=o.pending)
    paragraphs = [first]
    if b.last_cycle is not None and b.unit is not None:
        last = b.last_cycle
        key = "b_unit_unreported" if b.unit in b.unreported else "b_unit_reported"
        paragraphs.append(message(key, n=last.number, start=day_text(last.start), due=day_text(last.due)))
    elif b.last_cycle is not None:
        owed = [u for u, r in b.reporting.items() if b.last_cycle.number in r.owed]
        missed = len(b.unreported)
        paragraphs.append(
            message(
                "b_overall_reporting",
                n=b.last_cycle.number,
                start=day_text(b.last_cycle.start),
                due=day_text(b.last_cycle.due),
                owed=len(owed),
                reported=len(owed) - missed,
                missed=missed,
            )
        )
    elif b.supervision.file.reporting is None:
        paragraphs.append(message("b_overall_no_cycle"))
    ch = b.changes
    if ch is not None:
        parts = [
            message("b_change_closed", n=len(ch.closed), items=_items(ch.closed)) if ch.closed else message("b_change_closed_none"),
            message("b_change_overdue", n=len(ch.overdue), items=_items(ch.overdue)) if ch.overdue else message("b_change_overdue_none"),
        ]
        warned = [(lvl, [u for u, level in ch.warned if level == lvl]) for lvl in ("red", "yellow")]
        warned_text = form("list_sep2").join(form("b_change_level", level=message(LEVEL_WORDS[lvl]), units=group(units)) for lvl, units in warned if units)
        parts.append(message("b_change_warned", n=len(ch.warned), units=warned_text) if ch.warned else message("b_change_warned_none"))
        if ch.lifted:
            parts.append(message("b_change_lifted", n=len(ch.lifted), units=group(list(ch.lifted))))
        lead = message("b_change_cycle" if ch.basis == "cycle" else "b_change", date=day_text(ch.since))
        paragraphs.append(lead + form("list_sep2").join(parts) + form("b_end"))
    return paragraphs


def _after(label: str, title: str) -> str:
    """A title after its task's label: 5.3.2 完成…, but 1.1.2（2025H1）落实… (no space after a bracket)."""
    return title if label.endswith("）") else " " + title


def _items(labels: tuple[str, ...], limit: int = 8) -> str:
    return shortened(list(labels), limit, "b_items_more", form("list_sep"))


def _good(b: Bulletin, names: Callable[[str | None], str], group: Callable[[list[str]], str]) -> list[str]:
    if b.unit is not None:  # a unit's own bulletin: its figures are the ranking's one row
        out = []
    elif not b.good:
        out = [message("b_good_none")]
    elif not b.supervision.rules:
        out = [message("b_good_units_no_rules", units=group(b.good))]
    elif b.supervision.file.reporting is None:
        out = [message("b_good_units_no_cycle", units=group(b.good))]
    else:
        out = [message("b_good_units", units=group(b.good))]
    if b.highlights:
        out.append(message("b_highlights"))
        same: dict[tuple[str, str, str], list[str]] = {}  # one line for the units that reported the same note on a task
        for h in b.highlights:
            same.setdefault((h.label, h.title, h.note.rstrip("。.")), []).append(h.unit)
        out += [
            form("b_highlight", i=i, unit=group(units), task=label, title=_after(label, title), note=note)
            for i, ((label, title, note), units) in enumerate(same.items(), 1)
        ]
    return out or [message("b_none")]


def _problems(b: Bulletin, cat: Catalogue, names: Callable[[str | None], str], group: Callable[[list[str]], str]) -> list[Block]:
    out: list[Block] = []
    number = iter(range(1, 100))

    def heading(key: str) -> None:
        out.append(Block("heading2", form("b_sub", n=numeral(next(number))) + message(key)))

    if b.overdue:
        heading("b_p_overdue")
        for i, item in enumerate(b.overdue, 1):
            who = []
            if item.not_started:
                who.append(message("b_overdue_not_started", units=group(list(item.not_started))))
            if item.in_progress:
                percents = form("list_sep").join(form("b_unit_percent", unit=names(u), percent=p) for u, p in item.in_progress)
                who.append(message("b_overdue_in_progress", units=percents))
            title = _after(item.label, item.title)
            head = message("b_overdue_item", i=i, task=item.label, title=title, phrase=item.phrase, due=day_text(item.due), days=item.days)
            out.append(Block("paragraph", head + form("list_sep2").join(who) + form("b_end")))
    warned = {lvl: [(u, w) for u, w in b.warnings.items() if w.level == lvl] for lvl in ("red", "yellow")}
    if warned["red"] or warned["yellow"]:
        heading("b_p_warned")
        for lvl in ("red", "yellow"):
            if warned[lvl]:
                units = form("list_sep").join(names(u) for u, _ in warned[lvl])  # all of them: the reasons below group them
                out.append(Block("paragraph", message("b_warned_level", level=message(LEVEL_WORDS[lvl]), n=len(warned[lvl]), units=units)))
                by_reason: dict[str, list[str]] = {}  # units warned for the same reasons are named together
                for u, w in warned[lvl]:
                    by_reason.setdefault(form("list_sep3").join(w.reasons), []).append(u)
                out += [Block("paragraph", form("b_warned_unit", unit=group(named), reasons=why)) for why, named in by_reason.items()]
    if b.unreported:
        heading("b_p_unreported")
        if b.last_cycle is not None:
            last = b.last_cycle
            out.append(Block("paragraph", message("b_unreported", n=last.number, due=day_text(last.due), units=group(b.unreported))))
    if b.returned:
        heading("b_p_returned")
        for i, r in enumerate(b.returned, 1):
            title = _after(r.label, r.title)
            line = message("b_returned_item", i=i, task=r.label, title=title, unit=names(r.unit), date=day_text(r.date), reason=r.reason.rstrip("。."))
            out.append(Block("paragraph", line))
    if b.cards:
        heading("b_p_cards")
        for c in b.cards:
            level = message(_CARD_WORDS[c.level])
            line = message("b_card_item", date=day_text(c.date), unit=names(c.unit), level=level, task=c.task, reason=c.reason.rstrip("。."))
            out.append(Block("paragraph", line))
    if b.pending_groups:
        heading("b_p_pending")
        groups = form("list_sep").join(message("b_group_count", group=names(g), n=n) for g, n in b.pending_groups.items())
        out.append(Block("paragraph", message("b_pending", n=b.overall.pending, groups=groups)))
    if not out:
        out.append(Block("paragraph", message("b_problems_none")))
    return out


def _next(b: Bulletin, group: Callable[[list[str]], str]) -> list[str]:
    steps = []
    if b.next_due is not None:
        steps.append(message("b_next_report_unit" if b.unit is not None else "b_next_report", date=day_text(b.next_due)))
    else:
        steps.append(message("b_next_report_no_cycle"))
    red = [u for u, w in b.warnings.items() if w.level == "red"]
    yellow = [u for u, w in b.warnings.items() if w.level == "yellow"]
    if red:
        steps.append(message("b_next_red", units=group(red)))
    if yellow:
        steps.append(message("b_next_yellow", units=group(yellow)))
    if b.unreported:
        steps.append(message("b_next_unreported", units=group(b.unreported)))
    if b.coming:
        items = form("list_sep").join(form("b_coming_item", task=label, date=day_text(due), phrase=phrase) for label, _, phrase, due, _ in b.coming)
        steps.append(message("b_next_coming", days=b.horizon_days, n=len(b.coming), items=items))
    if b.closable and b.unit is None:
        steps.append(message("b_next_closable", n=b.closable))
    return [form("b_step", i=i, text=text) for i, text in enumerate(steps, 1)]


def _local_note(b: Bulletin) -> str:
    used = []
    if b.plan_title:
        used.append(message("b_local_plan", title=b.plan_title) + (message("b_local_example") if b.plan_example and "示例" not in b.plan_title else ""))
    sup = b.supervision.file
    marked = "示例" in sup.title or "默认" in sup.title
    what = message("b_local_supervision" if sup.reporting is not None else "b_local_rules", title=sup.title)
    used.append(what + (message("b_local_example") if sup.example and not marked else ""))
    if b.aliases:
        used.append(message("b_local_aliases", aliases=form("list_sep").join(b.aliases)))
    return message("b_local", files=form("list_sep").join(used))


def _rankings(b: Bulletin, names: Callable[[str | None], str]) -> list[Block]:
    out: list[Block] = []
    cycles = b.supervision.file.reporting is not None  # without a cycle nothing is unreported: no column for it
    columns = ["b_col_rank", "b_col_unit", "b_col_items", "b_col_done", "b_col_in_progress", "b_col_not_started", "b_col_overdue"]
    columns += ["b_col_share", "b_col_percent", *(["b_col_missed"] if cycles else []), "b_col_warning"]
    header = tuple(message(k) for k in columns)
    for i, (kind, rows) in enumerate(b.rankings.items(), 1):
        if not rows:
            continue
        out.append(Block("heading2", form("b_sub", n=numeral(i)) + message(_RANKING_TITLES[kind])))
        out.append(Block("table", rows=(header, *(_rank_row(r, names, cycles) for r in rows))))
    if not out:
        out.append(Block("paragraph", message("b_none")))
    return out


def _rank_row(r: RankRow, names: Callable[[str | None], str], cycles: bool) -> tuple[str, ...]:
    p = r.progress
    rank = message("b_rank_tied", rank=r.rank) if r.tied else str(r.rank)
    return (
        rank, names(p.unit), str(p.tasks), str(p.done), str(p.in_progress), str(p.not_started), str(p.overdue),
        f"{p.done_share:.1f}%", f"{p.percent:.1f}%", *([str(r.missed)] if cycles else []), message(LEVEL_WORDS[p.card]) if p.card else "",
    )  # fmt: skip


def _ledger(b: Bulletin, names: Callable[[str | None], str]) -> tuple[tuple[str, ...], ...]:
    header = tuple(message(k) for k in ("b_col_seq", "b_col_task", "b_col_title", "b_col_limit", "b_col_units", "b_col_status", "b_col_percent"))
    return (header, *(_ledger_row(i, r, names) for i, r in enumerate(b.ledger, 1)))


def _ledger_row(i: int, r: LedgerRow, names: Callable[[str | None], str]) -> tuple[str, ...]:
    units = [names(u) for u in r.units] + [message("b_pending_group", group=names(g)) for g in r.pending]
    status = message(_STATUS_WORDS[r.status])
    if r.reported is not None:
        status += message("b_standing_reported", reported=r.reported[0], owed=r.reported[1])
    if r.overdue_days:
        status += message("b_overdue_days", days=r.overdue_days)
    elif r.late_days:
        status += message("b_late_days", days=r.late_days)
    percent = "" if r.percent is None else f"{r.percent:.0f}%"
    return (str(i), r.label, r.title, r.phrase, form("list_sep").join(units), status, percent)


def _table(rows: tuple[tuple[str, ...], ...], markdown: bool) -> list[str]:
    if markdown:
        head, *body = rows
        out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
        return [*out, *("| " + " | ".join(cell.replace("|", "\\|") for cell in r) + " |" for r in body), ""]
    return ["\t".join(r) for r in rows]
