"""Build the hand-written independent test documents (DOCX) from their .txt sources.

Run: .venv/bin/python tests/independent/build.py

Source markup (one paragraph per line, blank lines ignored):
- ``[header]`` ... ``[/header]``: the two-column header block, lines ``LEFT || RIGHT``; written
  as ONE table row whose two cells hold several paragraphs each (the usual Word layout).
- ``[header rows]`` ... ``[/header]``: the same, but one table row per line (another common layout).
- ``[table]`` ... ``[/table]``: a body table, cells separated by `` | `` (``| |`` an empty
  cell, a ``|`` ending the line an empty last cell); `` // `` inside a cell starts a new
  paragraph of that cell (a signature block laid out as a table).
- ``# text``: a centred bold line (titles); ``! text``: a bold line (headings, signatures).
Every other line is a normal paragraph. The texts are written by hand, not by the sample generator.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
_CELL_SEP = re.compile(r"(?<!\|)\|(?!\|)")
SRC = HERE / "src"
OUT = HERE / "reports"


def _header(doc, rows: list[tuple[str, str]], *, one_row: bool) -> None:
    if one_row:
        table = doc.add_table(rows=1, cols=2)
        for col in (0, 1):
            cell = table.cell(0, col)
            lines = [r[col] for r in rows if r[col].strip()]
            cell.text = lines[0] if lines else ""
            for line in lines[1:]:
                cell.add_paragraph(line)
            for p in cell.paragraphs:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        table = doc.add_table(rows=len(rows), cols=2)
        for i, (left, right) in enumerate(rows):
            table.cell(i, 0).text = left
            table.cell(i, 1).text = right


def build(src: Path, out: Path) -> None:
    """Write ``out`` (DOCX) from the markup in ``src``."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    lines = src.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if line.startswith("[header"):
            one_row = line.strip() == "[header]"
            rows = []
            i += 1
            while lines[i].strip() != "[/header]":
                left, _, right = lines[i].partition("||")
                rows.append((left.strip(), right.strip()))
                i += 1
            _header(doc, rows, one_row=one_row)
        elif line.strip() == "[table]":
            rows = []
            i += 1
            while lines[i].strip() != "[/table]":
                if lines[i].strip():
                    # Single "|" between cells; an empty cell is "| |", a last empty one "|" at
                    # the end of the line.
                    rows.append([c.strip() for c in _CELL_SEP.split(lines[i].strip())])
                i += 1
            ncols = max(len(r) for r in rows)
            table = doc.add_table(rows=len(rows), cols=ncols)
            table.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    first, *more = text.split(" // ")
                    table.cell(r, c).text = first
                    for extra in more:
                        table.cell(r, c).add_paragraph(extra)
        elif line.startswith("# "):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(line[2:]).bold = True
        elif line.startswith("! "):
            doc.add_paragraph().add_run(line[2:]).bold = True
        elif line.strip():
            doc.add_paragraph(line.strip())
        i += 1
    # Fixed core properties and zip timestamps: rebuilding gives the same bytes.
    fixed = datetime(2024, 1, 1)
    doc.core_properties.author = "independent test set"
    doc.core_properties.created = doc.core_properties.modified = fixed
    doc.core_properties.last_modified_by = "independent test set"
    buf = io.BytesIO()
    doc.save(buf)
    out.parent.mkdir(parents=True, exist_ok=True)
    with (
        zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            stable = zipfile.ZipInfo(info.filename, date_time=fixed.timetuple()[:6])
            stable.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(stable, src.read(info.filename))


def main() -> int:
    for src in sorted(SRC.glob("*.txt")):
        build(src, OUT / (src.stem + ".docx"))
        print(f"built {src.stem}.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
