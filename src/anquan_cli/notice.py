"""The notice's text: cleaning the PDF extraction, and splitting it into sentences.

`data/notice.txt` is the source text with the extraction artefacts removed (spaces and
line breaks inside Chinese text, leading spaces after page breaks) and nothing else
changed; `clean_extracted_text` is the function that made it, kept so a test can prove it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、)")
# A wrapped line in the source is close to the page width; a shorter one ends its paragraph.
_WRAPPED_MIN_CHARS = 24
# Whitespace is an artefact unless it separates two ASCII words ("Excel 2016").
_ARTEFACT_SPACE = re.compile(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")
_SECTION = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
_CLAUSE = re.compile(r"^（([一二三四五六七八九十]+)）([^。]+。)")
# A segment is the smallest unit a task quotes: text up to and including 。；; or ！？.
_SEGMENT = re.compile(r"[^。；;！？]*[。；;！？]")
CHINESE_NUMERALS = "一二三四五六七八九十"


def _squeeze(line: str) -> str:
    return _ARTEFACT_SPACE.sub("", line.strip())


def clean_extracted_text(raw: str) -> str:
    """Rejoin the paragraphs of the PDF extraction, one paragraph per line.

    The title, which the PDF sets over several short lines, becomes one line.
    """
    lines = [_squeeze(line) for line in raw.splitlines()]
    lines = [line for line in lines if line]
    paragraphs: list[str] = []
    previous_wrapped = False
    for line in lines:
        if paragraphs and previous_wrapped and not _HEADING.match(line):
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
        previous_wrapped = len(line) >= _WRAPPED_MIN_CHARS
    return "\n".join(_join_title(paragraphs)) + "\n"


def _join_title(paragraphs: list[str]) -> list[str]:
    # The title runs from the line after the document number to the line before the
    # addressees (the first line ending in a colon).
    try:
        addressees = next(i for i, p in enumerate(paragraphs) if p.endswith("："))
    except StopIteration:
        return paragraphs
    if addressees < 2:
        return paragraphs
    return [paragraphs[0], "".join(paragraphs[1:addressees]), *paragraphs[addressees:]]


@dataclass(frozen=True)
class ClauseText:
    section: int
    clause: int
    heading: str  # "压实党政领导安全责任。"
    paragraph: str  # the whole paragraph, heading and responsibility line included
    body: str  # the paragraph without its heading and its closing responsibility line
    responsibility: str  # the closing parenthesis, without the brackets


@dataclass(frozen=True)
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
                return paragraph[:i], paragraph[i + 1 : -1]
    return paragraph, ""


def parse_notice(text: str) -> NoticeText:
    """Find the sections and clauses of the cleaned notice."""
    paragraphs = text.splitlines()
    title = paragraphs[1] if len(paragraphs) > 1 else ""
    sections: dict[int, str] = {}
    clauses: dict[tuple[int, int], ClauseText] = {}
    current = 0
    for paragraph in paragraphs:
        section_match = _SECTION.match(paragraph)
        if section_match:
            current = numeral_value(section_match.group(1))
            sections[current] = section_match.group(2)
            continue
        clause_match = _CLAUSE.match(paragraph)
        if clause_match and current:
            number = numeral_value(clause_match.group(1))
            heading = clause_match.group(2)
            rest, responsibility = _responsibility(paragraph[clause_match.end() :])
            clauses[(current, number)] = ClauseText(
                section=current,
                clause=number,
                heading=heading,
                paragraph=paragraph,
                body=rest,
                responsibility=responsibility,
            )
    return NoticeText(text=text, title=title, sections=sections, clauses=clauses)


def segments(body: str) -> list[str]:
    """Split clause body text into the segments a task quotes whole."""
    found = [m.group(0) for m in _SEGMENT.finditer(body)]
    tail = body[sum(len(s) for s in found) :]
    if tail.strip():
        found.append(tail)
    return found
