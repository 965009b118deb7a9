"""anquan draft on real Word and PDF files made here: a .docx written with python-docx (running
header, page-number field) and the PDF LibreOffice makes of it, each drafted and validated in
a real workspace, and the two drafts compared: the PDF's line breaks, page numbers and header
must leave the same catalogue as the Word paragraphs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from anquan_cli.draft.reading import read_document
from helpers_cli import DATA, ok, run, tab_lines
from helpers_documents import CAMPAIGN_PARAGRAPHS, RUNNING_HEADER, convert_to_pdf, write_docx


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("documents")
    docx_path = write_docx(folder / "campaign.docx", CAMPAIGN_PARAGRAPHS, spacer_pages=True)
    return {"docx": docx_path, "pdf": convert_to_pdf(docx_path)}


def draft(tmp_path: Path, source: Path) -> tuple[Path, dict[str, Any]]:
    ws = tmp_path / f"ws-{source.suffix[1:]}"
    result = run("draft", str(source), "-o", str(ws))
    assert result.exit_code == 0, result.output
    return ws, yaml.safe_load((ws / "tasks.yaml").read_text(encoding="utf-8"))


def test_the_pdf_has_what_cleaning_must_remove(documents: dict[str, Path]) -> None:
    """The test is only worth something if the PDF really has pages, headers, numbers and wrapped lines."""
    raw, kind = read_document(documents["pdf"])
    assert kind == "pdf"
    pages = raw.split("\f")
    assert len(pages) >= 2
    assert all(RUNNING_HEADER in page for page in pages)
    assert [page.strip().splitlines()[-1].strip() for page in pages] == [str(n) for n in range(1, len(pages) + 1)]
    longest = max(CAMPAIGN_PARAGRAPHS, key=len)
    assert longest not in raw.replace(" ", "")  # wrapped over several lines


def test_a_word_notice_drafts_and_validates(tmp_path: Path, documents: dict[str, Path]) -> None:
    ws, tasks = draft(tmp_path, documents["docx"])
    out = ok("--data", str(ws), "validate")
    assert "4个条款" in out
    assert "（100.0%）" in out
    notice = (ws / "notice.txt").read_text(encoding="utf-8")
    assert RUNNING_HEADER not in notice
    assert notice.splitlines() == CAMPAIGN_PARAGRAPHS
    assert tasks["notice"]["number"] == "陵安委发〔2025〕2号"
    assert tasks["notice"]["date"] == dt.date(2025, 5, 6)  # 二〇二五年五月六日
    assert [s["heading"] for s in tasks["sections"]] == ["重点任务", "保障措施"]
    clauses = {c["id"]: c for c in tasks["clauses"]}
    headings = {cid: c["heading"] for cid, c in clauses.items()}
    assert headings == {"1.1": "燃气安全专项整治", "1.2": "道路交通安全专项整治", "2.1": "强化组织领导", "2.2": "严格督导考核"}
    assert [c["responsibility"]["role"] for c in clauses.values()] == ["负责", "分工负责", "指导督促落实", "牵头"]
    assert tasks["rules"][0]["quote"] == "以下均需各乡镇人民政府负责，不再一一列出"
    units = {u["id"]: u for u in yaml.safe_load((ws / "departments.yaml").read_text(encoding="utf-8"))["units"]}
    lead = clauses["2.2"]["responsibility"]
    assert [units[u]["name"] for u in lead["lead"]] == ["县安委会办公室"]
    assert [units[u]["name"] for u in lead["assisting"]] == ["县应急局", "县财政局"]
    limits = sorted((d["phrase"], str(d["date"])) for c in tasks["clauses"] for t in c["tasks"] for d in t.get("deadlines", []))
    assert limits == [("2025年8月底前", "2025-08-31"), ("2025年9月30日前", "2025-09-30"), ("年底前", "2025-12-31")]
    periods = [(t["id"], t["recurrence"]["every"]) for c in tasks["clauses"] for t in c["tasks"] if "recurrence" in t]
    assert periods == [("1.1.2", "month"), ("2.1.1", "half_year")]
    kinds = {t["id"]: t["duty"]["kind"] for c in tasks["clauses"] for t in c["tasks"]}
    assert kinds["1.2.2"] == "contingent"  # 对发生较大及以上道路交通事故的，
    rows = tab_lines(ok("--data", str(ws), "due", "--as-of", "2025-05-07"))[1:]
    assert [(r[0], r[2].strip(), r[5].strip()) for r in rows][:2] == [("2025-05-31", "1.1.2", "每月·5月"), ("2025-06-30", "1.1.2", "每月·6月")]
    dated = next(r for r in rows if r[2].strip() == "1.1.1")
    assert (dated[0], dated[5].strip()) == ("2025-08-31", "2025年8月底前")
    # the rule applies to the clauses after 1.1: 各乡镇人民政府 is named for 2.2's work too
    assert "各乡镇人民政府※" in next(r for r in rows if r[2].strip() == "2.2.1")[4]


def test_the_pdf_of_the_same_notice_drafts_the_same_catalogue(tmp_path: Path, documents: dict[str, Path]) -> None:
    ws_docx, from_docx = draft(tmp_path, documents["docx"])
    ws_pdf, from_pdf = draft(tmp_path, documents["pdf"])
    assert (ws_pdf / "notice.txt").read_text(encoding="utf-8") == (ws_docx / "notice.txt").read_text(encoding="utf-8")
    assert from_pdf == from_docx
    out = ok("--data", str(ws_pdf), "validate")
    assert "（100.0%）" in out


def test_the_shipped_notice_as_word_and_as_pdf_drafts_what_its_text_drafts(tmp_path: Path) -> None:
    """notice.txt set as a Word document and printed to PDF (6 pages, lines wrapped at the page
    width, a running header and page numbers): both clean back to notice.txt exactly, so the
    accuracy benchmark's figures hold for a PDF of the notice too."""
    notice = (DATA / "notice.txt").read_text(encoding="utf-8")
    docx_path = write_docx(tmp_path / "shipped.docx", notice.splitlines())
    pdf_path = convert_to_pdf(docx_path)
    raw, _ = read_document(pdf_path)
    assert raw.count("\f") >= 3  # several pages
    from_text = tmp_path / "notice.txt"
    from_text.write_text(notice, encoding="utf-8")
    drafts = {}
    for source in (from_text, docx_path, pdf_path):
        ws = tmp_path / f"ws-{source.suffix[1:]}"
        assert run("draft", str(source), "-o", str(ws)).exit_code == 0
        assert (ws / "notice.txt").read_text(encoding="utf-8") == notice
        drafts[source.suffix] = (ws / "tasks.yaml").read_text(encoding="utf-8")
    assert drafts[".pdf"] == drafts[".docx"] == drafts[".txt"]
