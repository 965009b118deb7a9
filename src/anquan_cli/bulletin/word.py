"""The 调度通报 as a Word document in the GB/T 9704-2012 layout (党政机关公文格式), with python-docx.

The layout: A4; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; a grid of 22 lines
of 28 characters; the title in 方正小标宋简体 二号 (22 pt), centred; the body in 仿宋_GB2312
三号 (16 pt) with a two-character first-line indent; first-level headings (一、) in 黑体,
second-level ones (（一）) in 楷体_GB2312; page numbers in 宋体 四号 as “— 1 —”, odd pages on
the right and even pages on the left, one character in; the attachments each on a new page,
their tables as real Word tables. Fonts a machine lacks are substituted by Word or WPS, as
with any 公文 template.

Deterministic: the same bulletin gives the same bytes (fixed core properties and zip times).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from ..catalogue import Catalogue
from .content import Bulletin
from .text import Block, blocks

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LINES, CHARS = 22, 28
BODY_PT, TITLE_PT, PAGE_NUMBER_PT, TABLE_PT = 16, 22, 14, 10.5
TITLE_FONT, BODY_FONT, HEADING1_FONT, HEADING2_FONT, PAGE_NUMBER_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"
_MM_PT = 72 / 25.4
# the grid: 22 lines in the text block's height, 28 characters in its width
LINE_PITCH_PT = (PAGE_HEIGHT_MM - MARGINS_MM["top"] - MARGINS_MM["bottom"]) * _MM_PT / LINES
CHAR_PITCH_PT = (PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]) * _MM_PT / CHARS
# the body's character spacing, in whole twentieths of a point, that fits 28 characters of 三号 in a line
CHAR_SPACING_TWIPS = int((CHAR_PITCH_PT - BODY_PT) * 20) - 1
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]
LANDSCAPE_TEXT_WIDTH_MM = PAGE_HEIGHT_MM - MARGINS_MM["left"] - MARGINS_MM["right"]
CELL_PADDING_MM = 3.8  # Word's default cell margins, 0.19 cm on either side


def render_docx(b: Bulletin, cat: Catalogue) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(28 - 7)  # the page number 7 mm below the text block's bottom
    _grid(section)
    _page_numbers(doc, section)
    body = list(blocks(b, cat))
    after_break = landscape = False
    for i, block in enumerate(body):
        kind = block.kind
        if kind == "blank":
            doc.add_paragraph(style="Body Text")
        elif kind == "page_break":  # the next paragraph starts a page: an attachment, its tables on landscape pages
            if not landscape:
                _landscape(doc)
                landscape = True
            else:
                after_break = True
            continue
        elif kind == "title":
            p = doc.add_paragraph(style="Title")
            for j, line in enumerate(_title_lines(block.text, cat.notice.number)):
                if j:
                    p.add_run().add_break()
                p.add_run(line)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if not after_break and i + 1 < len(body) and body[i + 1].kind != "subtitle":
                doc.add_paragraph(style="Body Text")  # one blank line between title and what follows
        elif kind == "subtitle":
            p = doc.add_paragraph(block.text, style="Subtitle")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            doc.add_paragraph(style="Body Text")
        elif kind == "recipients":
            p = doc.add_paragraph(block.text, style="Recipients")
        elif kind == "heading1":
            doc.add_paragraph(block.text, style="Heading 1").paragraph_format.page_break_before = after_break
        elif kind == "heading2":
            doc.add_paragraph(block.text, style="Heading 2")
        elif kind == "paragraph":
            doc.add_paragraph(block.text.rstrip(), style="Body Text")
        elif kind == "attachments":
            first, *more = block.text.split("\n")
            doc.add_paragraph(first, style="Attachments")
            for line in more:
                doc.add_paragraph(line.strip("\u3000 "), style="Attachment Line")
        elif kind == "signature":
            p = doc.add_paragraph(block.text, style="Signature")
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.keep_with_next = body[i + 1].kind == "signature"  # the issuer stays with the date
        elif kind == "table":
            _table(doc, block, LANDSCAPE_TEXT_WIDTH_MM if landscape else TEXT_WIDTH_MM)
        after_break = False
    return _deterministic(doc)


def _title_lines(title: str, number: str) -> list[str]:
    """A title too long for one line breaks after the notice's number (关于陵政发〔2025〕1号 /
    落实情况的调度通报), not wherever the line runs out, as a 公文 title keeps its words whole."""
    from ..render import display_width

    # with room to spare: 〔〕 and digits set wider in a title face than their display width says
    fits = display_width(title) * TITLE_PT / 2 <= 0.9 * TEXT_WIDTH_MM * _MM_PT
    at = title.find(number)
    if fits or at < 0 or at + len(number) >= len(title):
        return [title]
    cut = at + len(number)
    return [title[:cut], title[cut:]]


def _styles(doc: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    def font(style: Any, name: str, size: float, *, bold: bool = False) -> None:
        style.font.name = name
        style.font.size = Pt(size)
        style.font.bold = bold
        _east_asian(style.element, name)

    def spacing(style: Any, *, indent: bool) -> None:
        pf = style.paragraph_format
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(LINE_PITCH_PT)
        pf.space_before = pf.space_after = Pt(0)
        pf.first_line_indent = Pt(2 * BODY_PT) if indent else Pt(0)
        pf.widow_control = False

    styles = doc.styles
    normal = styles["Normal"]
    font(normal, BODY_FONT, BODY_PT)
    spacing(normal, indent=False)
    _character_spacing(normal.element, CHAR_SPACING_TWIPS)
    made = {}
    for name, base in (
        ("Body Text", "Normal"),
        ("Recipients", "Normal"),
        ("Attachments", "Normal"),
        ("Attachment Line", "Normal"),
        ("Signature", "Normal"),
        ("Table Text", "Normal"),
    ):
        style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        made[name] = style
    spacing(made["Body Text"], indent=True)
    spacing(made["Recipients"], indent=False)
    spacing(made["Attachments"], indent=True)
    spacing(made["Attachment Line"], indent=False)
    made["Attachment Line"].paragraph_format.left_indent = Pt(5 * BODY_PT)  # under the first attachment's number
    spacing(made["Signature"], indent=False)
    made["Signature"].paragraph_format.right_indent = Pt(4 * BODY_PT)
    table_text = made["Table Text"]
    font(table_text, BODY_FONT, TABLE_PT)
    _character_spacing(table_text.element, 0)
    pf = table_text.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.first_line_indent = Pt(0)
    pf.space_before = pf.space_after = Pt(0)
    _off_grid(table_text.element)  # a table's small type keeps its own line height
    for name, face, size, indent in (
        ("Title", TITLE_FONT, TITLE_PT, False),
        ("Subtitle", BODY_FONT, BODY_PT, False),
        ("Heading 1", HEADING1_FONT, BODY_PT, True),
        ("Heading 2", HEADING2_FONT, BODY_PT, True),
    ):
        style = styles[name]
        font(style, face, size)
        style.font.color.rgb = None
        style.font.italic = False
        spacing(style, indent=indent)
        style.paragraph_format.keep_with_next = name.startswith("Heading")
        if name == "Title":  # 二号 is wider than a grid line: two lines' pitch
            style.paragraph_format.line_spacing = Pt(LINE_PITCH_PT * 1.2)
        _no_border(style.element)


def _east_asian(element: Any, name: str) -> None:
    """The font Word uses for Chinese characters: rFonts' eastAsia (and ascii/hAnsi for the rest)."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _character_spacing(element: Any, twips: int) -> None:
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    for old in rpr.findall(qn("w:spacing")):
        rpr.remove(old)
    el = rpr.makeelement(qn("w:spacing"), {qn("w:val"): str(twips)})
    rpr.append(el)


def _off_grid(element: Any) -> None:
    from docx.oxml.ns import qn

    ppr = element.get_or_add_pPr()
    ppr.append(ppr.makeelement(qn("w:snapToGrid"), {qn("w:val"): "0"}))


def _no_border(element: Any) -> None:
    """python-docx's Title style draws a rule under the title; a 公文 title has none."""
    from docx.oxml.ns import qn

    ppr = element.find(qn("w:pPr"))
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)


def _grid(section: Any) -> None:
    """The line grid: 22 lines a page (w:docGrid). The 28 characters a line come from the
    body's character spacing (see CHAR_SPACING_PT): LibreOffice lays out Word's character
    grid (linesAndChars) with far fewer characters a line than Word does, so the document
    does not rely on it."""
    from docx.oxml.ns import qn

    sect = section._sectPr
    for old in sect.findall(qn("w:docGrid")):
        sect.remove(old)
    grid = sect.makeelement(qn("w:docGrid"), {})
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))  # twentieths of a point
    sect.append(grid)


def _page_numbers(doc: Any, section: Any) -> None:
    """— N — in 宋体 四号: odd pages on the right, even ones on the left, one character in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        p.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
        else:
            p.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)
        for piece in ("— ", None, " —"):
            run = p.add_run(piece or "")
            run.font.size = Pt(PAGE_NUMBER_PT)
            _east_asian(run._element, PAGE_NUMBER_FONT)
            if piece is None:
                _page_field(run)


def _page_field(run: Any) -> None:
    from docx.oxml.ns import qn

    r = run._element
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            el = r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        elif text == " PAGE ":
            el = r.makeelement(qn("w:instrText"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
            el.text = text
        else:
            el = r.makeelement(qn("w:t"), {})
            el.text = text
        r.append(el)


def _landscape(doc: Any) -> None:
    """A new section on landscape pages for the attachments' wide tables (GB/T 9704 allows a
    table its own orientation); same margins, grid and page numbers."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_HEIGHT_MM), Mm(PAGE_WIDTH_MM)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])


def _table(doc: Any, block: Block, width_mm: float) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Mm

    head, *rows = block.rows
    table = doc.add_table(rows=1 + len(rows), cols=len(head))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _column_widths(block.rows, width_mm)
    for c, column in enumerate(table.columns):
        column.width = Mm(widths[c])
        for cell in column.cells:
            cell.width = Mm(widths[c])
    for r, values in enumerate((head, *rows)):
        cells = table.rows[r].cells
        for c, value in enumerate(values):
            cell = cells[c]
            p = cell.paragraphs[0]
            p.style = doc.styles["Table Text"]
            run = p.add_run(value)
            if r == 0:
                run.bold = True
    _repeat_header(table.rows[0])


SHORT_COLUMN = 18  # display width up to which a column is given all it needs: numbers, ranks, statuses


def _column_widths(rows: tuple[tuple[str, ...], ...], width_mm: float) -> list[float]:
    """Widths (mm) that fill `width_mm`: a short column (numbers, dates, ranks) gets all its
    widest value needs, so it never wraps, and its heading wraps instead; the long ones (titles,
    unit lists) share the rest by their need."""
    from ..render import display_width

    unit_mm = TABLE_PT / 2 * 25.4 / 72  # one display column: half a character of 五号
    head, *body = rows
    need = [max([display_width(r[c]) for r in body] + [4, min(display_width(head[c]), 8)]) for c in range(len(head))]
    short = [n <= SHORT_COLUMN for n in need]
    fixed = sum(n * unit_mm + CELL_PADDING_MM for n, s in zip(need, short, strict=True) if s)
    long_need = sum(min(n, 60) for n, s in zip(need, short, strict=True) if not s)
    if not long_need:
        return [width_mm * n / sum(need) for n in need]
    room = max(width_mm - fixed, 20.0 * (len(need) - sum(short)))
    return [n * unit_mm + CELL_PADDING_MM if s else room * min(n, 60) / long_need for n, s in zip(need, short, strict=True)]


def _repeat_header(row: Any) -> None:
    """The header row repeats on every page a long table runs onto."""
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    el = tr_pr.makeelement(qn("w:tblHeader"), {})
    tr_pr.append(el)


_FIXED_TIME = (2025, 1, 1, 0, 0, 0)


def _deterministic(doc: Any) -> bytes:
    """The document's bytes, the same for the same bulletin: fixed core properties, and the
    zip re-written with fixed times and order."""
    import datetime as dt

    props = doc.core_properties
    props.author = props.last_modified_by = "anquan"
    props.created = props.modified = dt.datetime(*_FIXED_TIME)
    props.revision = 1
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name))
    return out.getvalue()
