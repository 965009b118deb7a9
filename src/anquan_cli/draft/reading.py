"""A notice's text as the file holds it: plain text (UTF-8 or GB18030), Word (.docx) or PDF.

A PDF's pages are separated by a form feed (\\f), so that cleaning can find page numbers and
running headers page by page. docx and pypdf are imported only when such a file is read."""

from __future__ import annotations

import io
from pathlib import Path

from ..errors import DataError, Problem
from ..labels import message
from ..textfile import display_name, read_bytes

KINDS = {".txt": "txt", ".text": "txt", ".docx": "docx", ".pdf": "pdf"}
PAGE_BREAK = "\f"


def document_kind(path: Path) -> str:
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise DataError([Problem(display_name(path), 0, 0, "", message("draft_unknown_kind", suffix=path.suffix or "—"))])
    return kind


def read_document(path: Path) -> tuple[str, str]:
    """(text, kind) of the notice at `path`; a DataError naming the file when it cannot be read."""
    shown = display_name(path)
    kind = document_kind(path)
    raw = read_bytes(path, shown)
    try:
        if kind == "docx":
            return _docx_text(raw), kind
        if kind == "pdf":
            return _pdf_text(raw), kind
    except Exception as exc:  # a damaged file: the libraries raise many kinds of error
        raise DataError([Problem(shown, 0, 0, "", message("draft_unreadable", kind=kind, reason=f"{type(exc).__name__}: {exc}"))]) from None
    return _plain_text(raw, shown), kind


def _plain_text(raw: bytes, shown: str) -> str:
    if b"\x00" in raw:
        raise DataError([Problem(shown, 0, 0, "", message("file_binary"))])
    for encoding in ("utf-8-sig", "gb18030"):  # county offices' files are often GBK
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError([Problem(shown, 0, 0, "", message("draft_not_text"))])


def _docx_text(raw: bytes) -> str:
    import docx  # python-docx: only a .docx needs it
    from docx.table import Table

    document = docx.Document(io.BytesIO(raw))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):  # a table's cells, row by row (a 分工 table, a signature block)
            for row in block.rows:
                lines.append("".join(cell.text for cell in row.cells))
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _pdf_text(raw: bytes) -> str:
    import logging

    from pypdf import PdfReader  # only a PDF needs it

    # pypdf logs what it repairs ("EOF marker not found") to stderr: anquan says what matters itself, on one line
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    reader = PdfReader(io.BytesIO(raw))
    return PAGE_BREAK.join(page.extract_text() or "" for page in reader.pages)
