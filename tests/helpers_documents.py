"""Notices in other layouts than the shipped one, and the real files the tests make of them:
a Word document (python-docx) with a running header and page numbers, and a PDF converted
from it by LibreOffice (`soffice --headless --convert-to pdf`), as an office would make one."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

# Numbered 1. 2. 3. with no 一、 sections; 牵头/配合 in parentheses; a heading on a line of its
# own with a 牵头单位：X；责任单位：Y line; 等部门分工负责; a 力争 goal; a duration; a quarter.
# README's draft example drafts the same file.
FLOOD_NOTICE = (Path(__file__).resolve().parent.parent / "data" / "examples" / "flood-notice.txt").read_text(encoding="utf-8")

# 一、 sections with 1. clauses (no （一）), （1） items inside a clause, no document number.
PLAN_NOTICE = """\
陵川县2025年安全生产工作要点
为贯彻落实上级部署，现提出2025年全县安全生产工作要点如下：
一、压实安全责任
1.落实党政领导责任。各乡镇要在2025年3月底前完成安全生产责任清单修订。（各乡镇人民政府负责）
2.落实部门监管责任。县直各部门要制定年度监督检查计划，并报县安委办备案。（县应急局牵头，县直有关部门配合）
二、开展专项整治
1.开展燃气安全整治。重点做好以下工作：
（1）排查餐饮场所燃气安全隐患，10个工作日内完成整改；
（2）督促燃气企业每月开展1次入户安检。
牵头单位：县住房和城乡建设局；责任单位：县市场监管局、各乡镇人民政府
2.开展道路交通安全整治。持续开展“两客一危”车辆动态监控，全县农村公路安全防护设施覆盖率达到90%以上。（县交通运输局、县公安局交警大队等部门分工负责）
陵川县安全生产委员会
2025年2月10日
"""

# 一、 sections with （一） clauses whose headings stand on their own line and whose bodies run
# over several paragraphs (1. items inside); each responsibility a paragraph of its own; the
# 以下均需… rule; 指导督促落实; 牵头/配合; a date in Chinese numerals.
CAMPAIGN_PARAGRAPHS = [
    "陵安委发〔2025〕2号",
    "陵川县安全生产委员会关于印发2025年安全生产专项整治工作方案的通知",
    "各乡镇人民政府，县直有关单位：",
    "现将《2025年安全生产专项整治工作方案》印发给你们，请认真贯彻落实。",
    "一、重点任务",
    "（一）燃气安全专项整治",
    "1.全面排查城镇燃气管网和餐饮场所燃气使用安全隐患，建立问题隐患和整改措施“两个清单”，2025年8月底前完成排查整治。",
    "2.每月开展1次联合检查，对检查发现的重大事故隐患实行挂牌督办，督促企业落实安全生产主体责任，确保隐患动态清零。",
    "（县住建局负责。以下均需各乡镇人民政府负责，不再一一列出）",
    "（二）道路交通安全专项整治",
    "加强“两客一危”重点车辆动态监控，持续开展酒驾醉驾、超员超载等严重交通违法行为整治。"
    "对发生较大及以上道路交通事故的，按规定约谈相关企业主要负责人。"
    "2025年9月30日前完成农村公路临水临崖路段安全防护设施建设，至少建设护栏100处。",
    "（县交通局、县公安局等部门分工负责）",
    "二、保障措施",
    "（一）强化组织领导",
    "各单位要建立专项整治工作专班，明确分管领导和联络员，每半年向县安委办报送一次工作进展。推动重点企业安全生产标准化达到三级以上。",
    "（县级负有安全生产监管职责的部门指导督促落实）",
    "（二）严格督导考核",
    "县安委办适时组织督导检查，对工作推进缓慢、整改不力的单位进行通报，年底前对各单位专项整治情况进行考核。",
    "（县安委会办公室牵头，县应急局、县财政局配合）",
    "陵川县安全生产委员会",
    "二〇二五年五月六日",
]
RUNNING_HEADER = "陵川县安全生产委员会文件"
CHINESE_FONT = "WenQuanYi Micro Hei"  # .ci/run installs it (fonts-wqy-microhei) where there is no Chinese font


def write_docx(path: Path, paragraphs: list[str], *, spacer_pages: bool = False) -> Path:
    """A Word document with the notice's paragraphs, a running header and a footer with the
    page number (a PAGE field, as offices number pages). `spacer_pages` adds space before
    each section heading, so that the text runs over several pages."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    # One Chinese font for every character: with a Western font for “” (Word's default for
    # them), LibreOffice sets the marks apart from their words and extraction reorders them.
    normal = document.styles["Normal"]
    normal.font.name = CHINESE_FONT
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), CHINESE_FONT)
    section = document.sections[0]
    section.header.paragraphs[0].text = RUNNING_HEADER
    footer = section.footer.paragraphs[0]
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)
    for paragraph in paragraphs:
        added = document.add_paragraph(paragraph)
        if spacer_pages and paragraph.startswith(("一、", "二、")):
            added.paragraph_format.space_before = Pt(300)
    document.save(str(path))
    return path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx_path: Path) -> Path:
    """The PDF LibreOffice makes of a Word document (in the same folder)."""
    command = soffice()
    assert command is not None, "LibreOffice (soffice) is needed: .ci/run installs it"
    profile = docx_path.parent / "lo-profile"  # its own profile: a running LibreOffice must not take the job
    subprocess.run(
        [command, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", str(docx_path.parent), str(docx_path)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = docx_path.with_suffix(".pdf")
    assert pdf.is_file(), f"soffice made no {pdf.name}"
    return pdf
