"""`anquan draft`: a catalogue drafted from a notice, every quote verbatim and every inferred
value marked for review (models.Review) until a person checks it.

reading (txt, .docx, PDF → text) → cleaning (the text as notice.txt holds it) → structure
(head, sections, clauses, sentences; notice.parse_notice is the one reader of the numbering)
→ responsibility (who, in which role) → limits (time limits, recurrences, kinds, targets)
→ writing (tasks.yaml, departments.yaml, notice.txt into a workspace).

Nothing here is imported by the other commands: docx and pypdf load only to read such a file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .assemble import Draft


def draft_document(path: Path, *, today: dt.date | None = None) -> Draft:
    """The draft of the notice in the file at `path` (.txt, .docx or .pdf)."""
    from .assemble import draft_text
    from .cleaning import clean
    from .reading import read_document

    raw, kind = read_document(path)
    return draft_text(clean(raw, kind), today=today)
