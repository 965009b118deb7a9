"""`anquan draft --explain`: per clause, what was read and why, one line per finding."""

from __future__ import annotations

from ..labels import message
from .assemble import Draft

_FORMS = {
    "role_word": "draft_form_role_word",
    "lead_assist": "draft_form_lead_assist",
    "with_assisting": "draft_form_with_assisting",
    "part_lines": "draft_form_part_lines",
}


def explain_lines(draft: Draft) -> list[str]:
    tf = draft.tasks_file
    n = tf.notice
    units = {u.id: u for u in draft.units}
    lines = [message("draft_explain_head", number=n.number, title=n.title, issuer=units[n.issuer].name, date=n.date.isoformat())]
    for clause in draft.explained:
        lines.append(message("draft_explain_clause", id=clause.id, heading=clause.heading if clause.stated_heading else f"〔{clause.heading}〕"))
        r = clause.responsibility
        if r is None or not r.names:
            lines.append(message("draft_explain_none"))
        else:
            named = []
            for name in r.names:
                part = "（牵头）" if name in r.lead else "（配合）" if name in r.assisting else ""
                named.append(f"{name}{part}")
            lines.append(
                message(
                    "draft_explain_units",
                    quote=r.quote,
                    form=message(_FORMS[r.form]),
                    units="、".join(named),
                    role=r.role,
                    open=message("draft_explain_open") if r.open else "",
                )
            )
            if r.rule is not None:
                lines.append(message("draft_explain_rule", quote=r.rule.quote, unit=r.rule.unit))
        for task in clause.tasks:
            reading = task.reading
            duty = reading.duty
            assert duty is not None
            why = message("draft_reason_kind", kind=duty.kind, quote=duty.quote) if duty.quote else message("draft_reason_once")
            lines.append(message("draft_explain_task", id=task.id, kind=duty.kind, why=why))
            for d in reading.deadlines:
                lines.append(message("draft_explain_limit", phrase=d.phrase, date=d.date.isoformat(), goal="" if d.firm else message("draft_explain_goal")))
            if reading.recurrence is not None:
                lines.append(message("draft_explain_period", phrase=reading.recurrence.phrase, every=reading.recurrence.every))
            for q in reading.requirements:
                lines.append(message("draft_explain_requirement", quote=q.quote, within=q.within))
            for t in reading.targets:
                lines.append(message("draft_explain_target", quote=t.quote))
            for skipped in reading.skipped:
                lines.append(message("draft_explain_skipped", why=skipped))
    return lines
