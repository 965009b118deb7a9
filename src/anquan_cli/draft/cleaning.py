"""The notice's text as `notice.txt` holds it: one paragraph per line, nothing else changed.

What extraction adds is taken away: the line breaks of a PDF's lines, spaces inside Chinese
text, page numbers and running headers; full-width digits and letters become ASCII, and the
ASCII brackets, commas and colons of Chinese text full-width (the forms the notice's own
marks take, which the numbering and responsibility patterns read). A text that is already
clean (data/notice.txt) comes out unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..notice import ends_with_responsibility, is_tail_line, join_title, squeeze
from .reading import PAGE_BREAK

_FULL_WIDTH_ALNUM = re.compile("[０-９Ａ-Ｚａ-ｚ]")
_CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]"
# ASCII punctuation between Chinese characters (or next to one): the full-width form.
_ASCII_IN_CHINESE = {"(": "（", ")": "）", ",": "，", ":": "："}
_PAGE_NUMBER = re.compile(r"^(?:[-—–－‒]+\s*)?\d{1,3}(?:\s*[-—–－‒]+)?$|^第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$")
# A line starting with one of these opens a paragraph, however long the line before it.
_OPENS_PARAGRAPH = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|（\d+）|\d{1,2}[.．、](?!\d)|(?:牵头|责任|配合)(?:单位|部门)[：:])")
# How much narrower than a full line a wrapped one may be: a line breaks before a character
# (or a word of digits) that does not fit, so it can stop up to ~3 characters short.
_WRAP_SLACK = 3.0
_ENDS_SENTENCE = "。；;！？：:）)”"


def clean(raw: str, kind: str) -> str:
    """The cleaned text of a notice read as `kind` (txt, docx or pdf), ending in a newline."""
    text = _widths(raw.replace("\r\n", "\n").replace("\r", "\n"))
    pages = [page.split("\n") for page in text.split(PAGE_BREAK)]
    lines = [line for page in _without_page_furniture(pages) for line in page]
    squeezed = [squeeze(line) for line in lines]
    wrapped = kind == "pdf" or (kind == "txt" and _looks_wrapped(squeezed))
    paragraphs = _rejoin(squeezed) if wrapped else [line for line in squeezed if line]
    return "\n".join(join_title(paragraphs)) + "\n"


def _widths(text: str) -> str:
    text = _FULL_WIDTH_ALNUM.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    text = text.replace("\u3000", " ").replace("\u00a0", " ")
    for ascii_mark, full in _ASCII_IN_CHINESE.items():
        escaped = re.escape(ascii_mark)
        text = re.sub(rf"(?<={_CJK}){escaped}|{escaped}(?={_CJK})", full, text)
    return text


def _without_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Pages without their page numbers, and without a header or footer line that repeats on
    most pages (a running title)."""
    stripped = [[line for line in page if not _PAGE_NUMBER.match(line.strip())] for page in pages]
    if len(stripped) < 2:
        return stripped
    edges: Counter[str] = Counter()
    for page in stripped:
        content = [squeeze(line) for line in page if line.strip()]
        edges.update({*content[:1], *content[-1:]})
    running = {line for line, n in edges.items() if n >= max(2, (len(stripped) + 1) // 2) and not is_tail_line(line)}
    return [[line for line in page if squeeze(line) not in running] for page in stripped]


def _display_width(line: str) -> float:
    """Width in Chinese characters: “” and ‘’ (ambiguous width) are set full-width in Chinese fonts."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in line)


def _looks_wrapped(lines: list[str]) -> bool:
    """Whether a plain text keeps an extraction's line breaks: several long lines that stop
    mid-sentence (a clean text ends each paragraph with its mark)."""
    long_lines = [line for line in lines if _display_width(line) >= 20]
    open_ended = [line for line in long_lines if line[-1] not in _ENDS_SENTENCE]
    return len(open_ended) >= max(3, len(long_lines) // 10)


def _rejoin(lines: list[str]) -> list[str]:
    """Join the lines of each paragraph: a line as wide as the page's text continues on the
    next one, unless that one opens a paragraph (a number, a responsibility line)."""
    widths = sorted(_display_width(line) for line in lines if line)
    if not widths:
        return []
    full = widths[int(0.9 * (len(widths) - 1))]  # the width of a full line: most long lines reach it
    paragraphs: list[str] = []
    wrapped = False
    for line in lines:
        if not line:
            continue
        if paragraphs and wrapped and not _OPENS_PARAGRAPH.match(line) and not is_tail_line(line):
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
        # a full line that closes a clause with its units (…负责）) ends the paragraph too
        wrapped = _display_width(line) >= full - _WRAP_SLACK and not ends_with_responsibility(paragraphs[-1])
    return paragraphs
