"""What a cleaned notice says about itself: its head (number, title, issuer, date) and its
sections, clauses and sentences.

The numbering is read by `notice.parse_notice`, the loader's own reader, so that a draft's
clauses are the clauses `anquan validate` checks it against; this module adds the head, read
from the first lines and the signature, and the sentences (`notice.segments`) of each clause.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import field

from ..dates import parse_period
from ..errors import UsageError
from ..notice import NoticeText, is_tail_line, parse_notice, segments
from ..records import record

# 陵政发〔2025〕1号, 晋安发[2025]3号, 安委办〔2025〕12号: an issuer's code, the year, a number.
_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［【(（]\d{4}[〕\]］】)）]\s*\d{1,4}\s*号")
_TITLE_WORDS = re.compile(r"关于|通知$|方案$|要点$|意见$|计划$|办法$|规定$|决定$|通报$")
# A date as a signature writes it: 2025年4月7日, 二〇二五年四月七日.
_DATE_LINE = re.compile(r"^(?:\d{4}|[〇○零一二三四五六七八九]{4})年[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}日$")
_HEAD_LINES = 8  # the number and the title stand in the first lines
# The issuer named before 关于 in a title: 陵川县人民政府关于…, 县安委会关于…
_TITLE_ISSUER = re.compile(r"^(.{2,30}?)关于")


@record(frozen=True)
class Head:
    number: str | None  # as the notice writes it; None when it has none
    title: str
    issuer: str | None  # the signature's name (or the title's, before 关于)
    issuer_from: str  # "signature" | "title" | ""
    date: dt.date | None
    date_phrase: str | None  # the signature's date line, verbatim
    addressees: str | None  # the line ending in ：after the title


@record(frozen=True)
class ClauseDraft:
    section: int
    number: int
    heading: str  # without its 。; "" when the notice states none
    responsibility: str  # the responsibility text (closing parenthesis or 牵头单位… line)
    sentences: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.section}.{self.number}"


@record(frozen=True)
class Structure:
    text: str
    head: Head
    sections: dict[int, str]
    clauses: list[ClauseDraft]
    notice: NoticeText


def read_structure(text: str) -> Structure:
    notice = parse_notice(text)
    clauses = [
        ClauseDraft(c.section, c.clause, c.heading.removesuffix("。"), c.responsibility, [s for s in segments(c.body) if s.strip()])
        for c in notice.clauses.values()
    ]
    if not clauses:  # an empty or blank document too: there is no head to read either
        raise UsageError(_no_clauses())
    head = read_head(text)
    return Structure(text, head, dict(notice.sections), clauses, notice)


def _no_clauses() -> str:
    from ..labels import message

    return message("draft_no_clauses")


def read_head(text: str) -> Head:
    lines = [line for line in text.splitlines() if line.strip()]
    first = lines[:_HEAD_LINES]
    number = next((m.group(0) for line in first if (m := _NUMBER.search(line))), None)
    addressee_at = next((i for i, line in enumerate(first) if line.endswith("：")), None)
    candidates = [line for line in first[: addressee_at if addressee_at is not None else len(first)] if _NUMBER.search(line) is None]
    title = next((line for line in candidates if _TITLE_WORDS.search(line)), candidates[0] if candidates else lines[0])
    date, date_phrase, signature = _signature(lines)
    issuer_from = "signature" if signature else ""
    if signature is None and (m := _TITLE_ISSUER.match(title)):
        signature, issuer_from = m.group(1), "title"
    addressees = first[addressee_at] if addressee_at is not None else None
    return Head(number, title, signature, issuer_from, date, date_phrase, addressees)


def _signature(lines: list[str]) -> tuple[dt.date | None, str | None, str | None]:
    """The date of the signature (the last date line before the copy notes) and the name
    above it."""
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if _DATE_LINE.match(line):
            day = parse_period(line, today=dt.date.today(), year=dt.date.today().year).start
            above = lines[i - 1] if i > 0 else ""
            is_name = 2 <= len(above) <= 30 and not re.search(r"[。；，：]", above) and not is_tail_line(above)
            return day, line, above if is_name else None
    return None, None, None
