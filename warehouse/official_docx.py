"""Editable DOCX in the layout of administrative documents (Nghị định 30/2020/NĐ-CP).

A4, Times New Roman 13, the two-column header (issuing body and number | national motto and
place-date), a centred title, justified body paragraphs, grid tables, and the closing table of
recipients ("Nơi nhận") and signature. The summary for UBND tỉnh, the province's Điều 10 report
and the reminder dispatch are all written through ``OfficialDocument``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from warehouse.rules import Issuer

# Characters XML 1.0 (XLSX, DOCX) cannot hold: C0 controls but tab/newline, lone surrogates.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CENTER = WD_ALIGN_PARAGRAPH.CENTER
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
# A line of a header or signature cell: (text, bold, italic).
Line = tuple[str, bool, bool]


def xml_safe(value: Any) -> Any:
    """Return text without the characters XLSX/DOCX cannot store; other values unchanged."""
    return _XML_ILLEGAL.sub("", value) if isinstance(value, str) else value


def place_date(place: str, year: int) -> str:
    """Return the place-date line with day and month left blank for the clerk."""
    return f"{place}, ngày      tháng      năm {year}"


def _set_widths(table, widths_cm: Sequence[float]) -> None:
    # Word reads the cell widths, LibreOffice the grid: set both.
    table.autofit = False
    widths = [Cm(w) for w in widths_cm]
    for col, w in zip(table.columns, widths, strict=True):
        col.width = w
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = w


class OfficialDocument:
    """One administrative document being written, top to bottom."""

    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
        normal = self.doc.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(13)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")

    def para(
        self,
        text: str = "",
        *,
        bold: bool = False,
        italic: bool = False,
        center: bool = False,
        size: float | None = None,
        indent: bool = True,
    ):
        """Add a paragraph: centred, or justified with a first-line indent, or flush left."""
        p = self.doc.add_paragraph()
        run = p.add_run(xml_safe(text))
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if center:
            p.alignment = CENTER
        elif indent:
            p.paragraph_format.first_line_indent = Cm(1.0)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.space_after = Pt(4)
        return p

    def heading(self, text: str) -> None:
        """Add a section heading ("I. …"): bold, flush left."""
        self.para(text, bold=True, indent=False)

    @staticmethod
    def _cell(cell, lines: Sequence[Line], size: float = 13) -> None:
        cell.text = ""
        for k, (text, bold, italic) in enumerate(lines):
            p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
            p.alignment = CENTER
            run = p.add_run(xml_safe(text))
            run.bold, run.italic = bold, italic
            run.font.size = Pt(size)

    def header(
        self, body: Sequence[Line], number: str, *, place: str, year: int, subject: str = ""
    ) -> None:
        """Add the two-column header: the issuing body's lines, "Số: …" and a dispatch's subject
        ("V/v …") | the national motto and the place-date line (number and day left blank for
        the clerk)."""
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _set_widths(table, [6.2, 9.8])
        left, right = table.rows[0].cells
        lines = [*body, ("", False, False), (f"Số:      /{number}", False, False)]
        self._cell(left, lines + ([(subject, False, False)] if subject else []), 12)
        motto = [(MOTTO[0], True, False), (MOTTO[1], True, False), ("", False, False)]
        self._cell(right, [*motto, (place_date(place, year), False, True)], 12)
        self.para("")

    def department_header(
        self, issuer: Issuer, number: str, *, year: int, subject: str = ""
    ) -> None:
        """Add the header of a document the department issues: its parent body over its name."""
        body = [(issuer.parent, False, False), (issuer.issuer, True, False)]
        self.header(body, number, place=issuer.place, year=year, subject=subject)

    def title(self, kind: str, subject: str) -> None:
        """Add the document's kind ("BÁO CÁO") and its subject, centred."""
        self.para(kind, bold=True, center=True, size=14)
        self.para(subject, bold=True, center=True)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Any]], widths_cm) -> None:
        """Add a grid table with a bold header row (cells as text, 10.5 pt)."""
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(xml_safe(text))
            run.bold = True
            run.font.size = Pt(10.5)
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(xml_safe(str(text))).font.size = Pt(10.5)
        _set_widths(table, widths_cm)
        self.doc.add_paragraph()

    def closing(self, recipients: Sequence[str], signer: Sequence[str]) -> None:
        """Add the recipients ("Nơi nhận:") | the signature block (capacity lines, then room to
        sign)."""
        table = self.doc.add_table(rows=1, cols=2)
        _set_widths(table, [8.0, 8.0])
        left, right = table.rows[0].cells
        left.text = ""
        run = left.paragraphs[0].add_run("Nơi nhận:")
        run.bold, run.italic = True, True
        run.font.size = Pt(12)
        for line in recipients:
            left.add_paragraph().add_run(xml_safe(f"- {line}")).font.size = Pt(10.5)
        blank = [("", False, False)] * 3
        self._cell(right, [*((line, True, False) for line in signer), *blank])

    def bytes(self) -> bytes:
        """Return the document as DOCX bytes."""
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()
