"""Editable DOCX in the layout of administrative documents (Nghị định 30/2020/NĐ-CP, Phụ lục I).

A4 with the decree's margins, Times New Roman 13, the two-column header table (issuing body over
a short rule | national motto over a rule as long as its second line; then "Số: …" and the
italic place-date on one row, a dispatch's "V/v …" under the number), a centred title with its
subject over a short rule, justified body paragraphs, grid tables whose header row repeats on
every page, page numbers from page 2, and the closing row of recipients ("Nơi nhận") and
signature (authority, room to sign, name). The rules are paragraph bottom borders, real lines
of the document that a reader (or a test) finds in the XML. The summary for UBND tỉnh, the
province's Điều 10 report and the reminder dispatch are all written through ``OfficialDocument``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from warehouse.rules import Issuer

# Characters XML 1.0 (XLSX, DOCX) cannot hold: C0 controls but tab/newline, lone surrogates.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CENTER = WD_ALIGN_PARAGRAPH.CENTER
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
# A line of a header or signature cell: (text, bold, italic).
Line = tuple[str, bool, bool]
# A4 and the margins of NĐ 30/2020 (top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm).
PAGE_CM = (21.0, 29.7)
MARGINS_CM = {"top": 2.0, "bottom": 2.0, "left": 3.0, "right": 2.0}
HEADER_CM = (6.2, 9.8)  # the header table's columns: issuing body | motto
CELL_PADDING_CM = 0.19 * 2  # Word's default cell margins, left and right
BODY_PT = 13
SIGN_LINES = 4  # blank lines left for the signature and the seal


@dataclass(frozen=True)
class Signer:
    """Who signs: the authority lines ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), then the name ("" leaves
    the line blank for the clerk)."""

    authority: tuple[str, ...]
    name: str = ""


def signers(head: str, name: str = "") -> dict[str, Signer]:
    """Return the ways a document of an agency headed by ``head`` ("GIÁM ĐỐC") is signed, by
    their Vietnamese label: a deputy on the head's behalf (KT.) first, then the head."""
    return {
        "Cấp phó ký thay (KT.)": Signer((f"KT. {head}", f"PHÓ {head}"), name),
        "Người đứng đầu ký": Signer((head,), name),
    }


def text_cm(text: str, size_pt: float) -> float:
    """Return an estimate of a line's printed width in Times New Roman (capitals wider)."""
    ems = sum(0.62 if c.isupper() else 0.43 if c.isalpha() else 0.25 for c in text)
    return ems * size_pt / 72 * 2.54


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


# The elements a paragraph's properties list after w:pBdr (the schema's order; Word checks it).
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _rule(paragraph, width_cm: float, room_cm: float) -> None:
    """Make an empty paragraph a centred horizontal rule ``width_cm`` long (its bottom border,
    between indents) in a space ``room_cm`` wide."""
    side = Cm(max((room_cm - width_cm) / 2, 0))
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = side
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(3)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(border, *_AFTER_PBDR)


def _row_flag(row, tag: str) -> None:
    """Set an on/off property of a table row (w:tblHeader, w:cantSplit)."""
    row._tr.get_or_add_trPr().append(OxmlElement(tag))


def _page_field(paragraph) -> None:
    """Append a PAGE field (Word fills in the page's number) to a paragraph."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2")):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


class OfficialDocument:
    """One administrative document being written, top to bottom."""

    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(PAGE_CM[0]), Cm(PAGE_CM[1])
        section.left_margin, section.right_margin = Cm(MARGINS_CM["left"]), Cm(MARGINS_CM["right"])
        section.top_margin, section.bottom_margin = Cm(MARGINS_CM["top"]), Cm(MARGINS_CM["bottom"])
        normal = self.doc.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(BODY_PT)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
        # The page number: centred in the header, from the second page on (NĐ 30/2020).
        section.different_first_page_header_footer = True
        number = section.header.paragraphs[0]
        number.alignment = CENTER
        _page_field(number)

    @property
    def width_cm(self) -> float:
        """Return the width between the margins."""
        return PAGE_CM[0] - MARGINS_CM["left"] - MARGINS_CM["right"]

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
    def _cell(cell, lines: Sequence[Line], size: float = BODY_PT) -> None:
        for k, (text, bold, italic) in enumerate(lines):
            p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
            p.alignment = CENTER
            p.paragraph_format.space_after = Pt(0)
            run = p.add_run(xml_safe(text))
            run.bold, run.italic = bold, italic
            run.font.size = Pt(size)

    def header(
        self, body: Sequence[Line], number: str, *, place: str, year: int, subject: str = ""
    ) -> None:
        """Add the two-column header table. First row: the issuing body's lines over a short
        rule (a third of its last line) | the national motto over a rule as long as its second
        line. Second row, so that they stand level: "Số: …/<number>" and a dispatch's subject
        ("V/v …") | the italic place-date line (number and day left blank for the clerk)."""
        table = self.doc.add_table(rows=2, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _set_widths(table, HEADER_CM)
        left_room, right_room = (w - CELL_PADDING_CM for w in HEADER_CM)
        left, right = table.rows[0].cells
        self._cell(left, body, 12)
        name = text_cm(body[-1][0], 12) if body else left_room
        _rule(left.add_paragraph(), min(name, left_room) * 0.4, left_room)
        self._cell(right, [(MOTTO[0], True, False), (MOTTO[1], True, False)], 12)
        right.paragraphs[1].runs[0].font.size = Pt(13)
        _rule(right.add_paragraph(), min(text_cm(MOTTO[1], 13), right_room), right_room)
        left, right = table.rows[1].cells
        lines = [("", False, False), (f"Số:      /{number}", False, False)]
        self._cell(left, lines + ([(subject, False, False)] if subject else []))
        self._cell(right, [("", False, False), (place_date(place, year), False, True)])
        self.para("")

    def department_header(
        self, issuer: Issuer, number: str, *, year: int, subject: str = ""
    ) -> None:
        """Add the header of a document the department issues: its parent body over its name."""
        body = [(issuer.parent, False, False), (issuer.issuer, True, False)]
        self.header(body, number, place=issuer.place, year=year, subject=subject)

    def title(self, kind: str, subject: str) -> None:
        """Add the document's kind ("BÁO CÁO") and its subject (trích yếu), centred, bold, over a
        short rule."""
        self.para(kind, bold=True, center=True, size=14).paragraph_format.space_after = Pt(0)
        self.para(subject, bold=True, center=True, size=14)
        _rule(self.doc.add_paragraph(), self.width_cm / 4, self.width_cm)
        self.para("")

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Any]], widths_cm) -> None:
        """Add a grid table with a bold header row that Word repeats on every page it spans
        (w:tblHeader; cells as text, 10.5 pt)."""
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        _row_flag(table.rows[0], "w:tblHeader")
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            run = cell.paragraphs[0].add_run(xml_safe(text))
            run.bold = True
            run.font.size = Pt(10.5)
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.paragraphs[0].add_run(xml_safe(str(text))).font.size = Pt(10.5)
        _set_widths(table, widths_cm)
        self.doc.add_paragraph()

    def closing(self, recipients: Sequence[str], signer: Signer) -> None:
        """Add the closing row, kept on one page: the recipients ("Nơi nhận:" bold italic 12 pt,
        items 11 pt, flush left) | the signature block (authority lines bold, room to sign, the
        signer's name bold, a blank line when not given)."""
        table = self.doc.add_table(rows=1, cols=2)
        _set_widths(table, [7.0, 9.0])
        _row_flag(table.rows[0], "w:cantSplit")
        left, right = table.rows[0].cells
        run = left.paragraphs[0].add_run("Nơi nhận:")
        run.bold, run.italic = True, True
        run.font.size = Pt(12)
        for line in recipients:
            p = left.add_paragraph()
            p.paragraph_format.space_after = Pt(0)
            p.add_run(xml_safe(f"- {line}")).font.size = Pt(11)
        blank = [("", False, False)] * SIGN_LINES
        authority = [(line, True, False) for line in signer.authority]
        self._cell(right, [*authority, *blank, (signer.name.strip(), True, False)], BODY_PT)

    def annex(self, title: str) -> None:
        """Start an annex (phụ lục) on a new page: its title, centred and bold."""
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        self.para(title, bold=True, center=True)

    def bytes(self) -> bytes:
        """Return the document as DOCX bytes."""
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()
