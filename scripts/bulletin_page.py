"""Render the first page of the README's 调度通报 (.docx) to docs/bulletin-page1.png.

    python scripts/bulletin_page.py

It writes the bulletin of scripts/readme_examples.py's season with `anquan summary --format docx`,
converts it to PDF with LibreOffice (soffice) and the first page to PNG with pdftoppm
(poppler-utils): the picture is of the real file, as Word or WPS would print it, with the fonts
this machine has (fonts named by GB/T 9704 that are missing are substituted).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from readme_examples import bulletin_workspace, run

OUT = Path(__file__).resolve().parent.parent / "docs" / "bulletin-page1.png"


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftoppm") is None:
        sys.exit("needs LibreOffice (soffice) and pdftoppm (poppler-utils)")
    ws = bulletin_workspace()
    work = Path(tempfile.mkdtemp(prefix="anquan-page-"))
    docx = work / "bulletin.docx"
    run(f"anquan summary --as-of 2025-07-10 --format docx -o {docx}", workspace=ws)
    profile = work / "profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(docx)],
        check=True,
        capture_output=True,
    )
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(work / "bulletin.pdf"), str(work / "page")], check=True)
    shutil.copyfile(work / "page.png", OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
