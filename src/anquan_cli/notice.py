"""The notice's text: cleaning the PDF extraction, and splitting it into sentences.

`data/notice.txt` is the source text with the extraction artefacts removed (spaces and
line breaks inside Chinese text, leading spaces after page breaks) and nothing else
changed; `clean_extracted_text` is the function that made it, kept so a test can prove it.
"""

from __future__ import annotations

import re

from .patterns import pattern
from .records import record

_HEADING = pattern(r"^(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、)")
# A wrapped line in the source is close to the page width; a shorter one ends its paragraph.
_WRAPPED_MIN_CHARS = 24
# Whitespace is an artefact unless it separates two ASCII words ("Excel 2016").
_ARTEFACT_SPACE = pattern(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")
_SECTION = pattern(r"^([一二三四五六七八九十]+)、(.+)$")
# A segment is the smallest unit a task quotes: text up to and including 。；; or ！？.
_SEGMENT = pattern(r"[^。；;！？]*[。；;！？]")
CHINESE_NUMERALS = "一二三四五六七八九十"


def squeeze(line: str) -> str:
    return _ARTEFACT_SPACE.sub("", line.strip())


def clean_extracted_text(raw: str) -> str:
    """Rejoin the paragraphs of the PDF extraction, one paragraph per line.

    The title, which the PDF sets over several short lines, becomes one line.
    """
    lines = [squeeze(line) for line in raw.splitlines()]
    lines = [line for line in lines if line]
    paragraphs: list[str] = []
    previous_wrapped = False
    for line in lines:
        if paragraphs and previous_wrapped and not _HEADING.match(line):
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
        previous_wrapped = len(line) >= _WRAPPED_MIN_CHARS
    return "\n".join(join_title(paragraphs)) + "\n"


def join_title(paragraphs: list[str]) -> list[str]:
    # The title runs from the line after the document number to the line before the
    # addressees (the first line ending in a colon).
    try:
        addressees = next(i for i, p in enumerate(paragraphs) if p.endswith("："))
    except StopIteration:
        return paragraphs
    if addressees < 2:
        return paragraphs
    return [paragraphs[0], "".join(paragraphs[1:addressees]), *paragraphs[addressees:]]


@record(frozen=True)
class ClauseText:
    section: int
    clause: int
    heading: str  # "压实党政领导安全责任。"
    paragraph: str  # the whole paragraph, heading and responsibility line included
    body: str  # the paragraph without its heading and its closing responsibility line
    responsibility: str  # the closing parenthesis, without the brackets


@record(frozen=True)
class NoticeText:
    text: str
    title: str
    sections: dict[int, str]  # section number → heading
    clauses: dict[tuple[int, int], ClauseText]


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九: section and clause numbers as the notice writes them."""
    if not 1 <= n <= 99:
        raise ValueError(f"no Chinese numeral for {n}: numbering runs from 1 to 99")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CHINESE_NUMERALS[ones - 1]
    return ("" if tens == 1 else CHINESE_NUMERALS[tens - 1]) + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def numeral_value(s: str) -> int:
    """The inverse of `chinese_numeral`: 一 … 九十九; anything else is a ValueError."""
    m = re.fullmatch("(?:([二三四五六七八九])?十([一二三四五六七八九])?|([一二三四五六七八九]))", s)
    if m is None:
        raise ValueError(f"not a Chinese numeral from 一 to 九十九: {s!r}")
    tens, ones, single = m.groups()
    if single:
        return CHINESE_NUMERALS.index(single) + 1
    return 10 * (CHINESE_NUMERALS.index(tens) + 1 if tens else 1) + (CHINESE_NUMERALS.index(ones) + 1 if ones else 0)


# Where a clause's units are named: the closing （…） of its paragraph when it holds one of
# these words, or a line of its own (牵头单位：X；责任单位：Y).
RESPONSIBILITY_WORDS = pattern(r"负责|牵头|配合|落实|责任单位|责任部门")
_RESPONSIBILITY_LINE = pattern(r"^(?:牵头|责任|配合)(?:单位|部门)[：:]")
# The numbering of a clause in a document without （一）: 1. 1． 1、 (never 1.5, a number).
_ITEM = pattern(r"^([1-9][0-9]?)[.．、](?![0-9])")
_CN_CLAUSE = pattern(r"^（([一二三四五六七八九十]+)）")
# A clause numbered 1. opens with a heading only when its first sentence is this short.
_ITEM_HEADING_MAX = 30
# The lines that end the body of a document: the signature, its date, copy notes.
_TAIL = pattern(r"^(?:附件|抄送|（此件|\(此件|.{0,30}(?:\d{4}|[〇○零一二三四五六七八九]{4})年.{1,3}月.{1,3}日(?:印发)?$)")


def _responsibility(paragraph: str) -> tuple[str, str]:
    """Split off the closing （…负责） of a clause paragraph."""
    if not paragraph.endswith("）"):
        return paragraph, ""
    depth = 0
    for i in range(len(paragraph) - 1, -1, -1):
        ch = paragraph[i]
        if ch == "）":
            depth += 1
        elif ch == "（":
            depth -= 1
            if depth == 0:
                inside = paragraph[i + 1 : -1]
                if not RESPONSIBILITY_WORDS.search(inside):
                    return paragraph, ""
                return paragraph[:i], inside
    return paragraph, ""


def _heading(rest: str, numbered: bool, more: bool) -> tuple[str, str]:
    """A clause's heading (with its 。, or "" where it states none) and the text after it.

    （一） clauses open with a heading sentence; a 1. clause does only when its first sentence
    is short and more follows, on its line or below (else the whole item is its body). A line
    with no 。 at all is a heading whose body is on the lines below."""
    if "。" not in rest:
        return rest, ""
    head, _, after = rest.partition("。")
    if numbered and (len(head) > _ITEM_HEADING_MAX or not (after or more)):
        return "", rest
    return head + "。", after


def ends_with_responsibility(paragraph: str) -> bool:
    """Whether the paragraph closes with its units (（…负责）): the end of a clause."""
    return bool(_responsibility(paragraph)[1])


def is_tail_line(paragraph: str) -> bool:
    """The signature, its date, 附件 and copy notes: after the last clause, never part of it."""
    return bool(_TAIL.match(paragraph))


def parse_notice(text: str) -> NoticeText:
    """Find the sections and clauses of the cleaned notice.

    Sections are numbered 一、; clauses （一） within them, or 1. where the document has no
    （一）. A document without 一、 sections is one section, headed by its title. A clause is
    its numbered paragraph and the paragraphs after it, up to the next number, its
    responsibility (which closes it) or the signature."""
    paragraphs = text.splitlines()
    # the title follows the document number (陵政发〔2025〕1号); a document without one opens with it
    numbered_head = bool(paragraphs) and bool(re.search(r"[〔\[［【]\d{4}[〕\]］】]\s*\d+\s*号", paragraphs[0]))
    title = (paragraphs[1] if len(paragraphs) > 1 else "") if numbered_head else (paragraphs[0] if paragraphs else "")
    has_sections = any(_SECTION.match(p) for p in paragraphs)
    numbered = not any(_CN_CLAUSE.match(p) for p in paragraphs)
    clause_mark = _ITEM if numbered else _CN_CLAUSE
    sections: dict[int, str] = {}
    clauses: dict[tuple[int, int], ClauseText] = {}
    current = 0
    parts: list[str] = []  # the open clause's paragraphs: heading line first
    key: tuple[int, int] | None = None
    closed = True

    def finish() -> None:
        if key is None:
            return
        first = parts[0]
        mark = clause_mark.match(first)
        assert mark is not None
        heading, after = _heading(first[mark.end() :], numbered, len(parts) > 1 and not _RESPONSIBILITY_LINE.match(parts[1]))
        body_lines = [after, *parts[1:]] if after else parts[1:]
        responsibility = ""
        if body_lines and _RESPONSIBILITY_LINE.match(body_lines[-1]):
            responsibility = body_lines.pop().rstrip("。")
        elif body_lines:
            body_lines[-1], responsibility = _responsibility(body_lines[-1])
            if not body_lines[-1]:
                body_lines.pop()
        clauses[key] = ClauseText(
            section=key[0],
            clause=key[1],
            heading=heading,
            paragraph="\n".join(parts),
            body="\n".join(body_lines),
            responsibility=responsibility,
        )

    for paragraph in paragraphs:
        section_match = _SECTION.match(paragraph) if has_sections else None
        if section_match:
            finish()
            key, parts, closed = None, [], True
            current = numeral_value(section_match.group(1))
            sections[current] = section_match.group(2)
            continue
        clause_match = clause_mark.match(paragraph)
        if clause_match and (current or not has_sections):
            finish()
            if not has_sections and not current:
                current = 1
                sections[1] = title
            number = int(clause_match.group(1)) if numbered else numeral_value(clause_match.group(1))
            key, parts = (current, number), [paragraph]
            closed = bool(_responsibility(paragraph)[1])
            continue
        if key is not None and not closed:
            if is_tail_line(paragraph):
                finish()
                key, parts, closed = None, [], True
                continue
            parts.append(paragraph)
            closed = bool(_RESPONSIBILITY_LINE.match(paragraph) or _responsibility(paragraph)[1])
    finish()
    return NoticeText(text=text, title=title, sections=sections, clauses=clauses)


def segments(body: str) -> list[str]:
    """Split clause body text into the segments a task quotes whole (never across a line)."""
    found: list[str] = []
    for line in body.split("\n"):
        here = [m.group(0) for m in _SEGMENT.finditer(line)]
        tail = line[sum(len(s) for s in here) :]
        if tail.strip():
            here.append(tail)
        found += here
    return found
