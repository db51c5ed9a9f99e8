"""Write a document, described as a list of blocks, to a reproducible DOCX file.

Blocks are plain data (paragraphs, tables, the two-column header and signature blocks) so that the
same content can be written as Unicode, as decomposed Unicode (NFD) or in the TCVN3 legacy
encoding, the way old offices still type with ".VnTime" fonts.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

Run = tuple[str, str]  # (text, flags) with flags a subset of "bi" (bold, italic)


@dataclass
class Para:
    """One paragraph: runs of text with bold/italic flags, alignment and spacing."""

    runs: list[Run]
    align: str = "justify"  # left | center | right | justify
    indent: bool = True  # first-line indent like body text
    size: float | None = None
    space_after: float = 3
    keep_caps_font: bool = False  # TCVN3: whole paragraph in the capitals font

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


@dataclass
class Table:
    """A body table; cells are strings or lists of paragraphs. First row may be a bold header."""

    rows: list[list[str | list[Para]]]
    widths_cm: list[float] | None = None
    grid: bool = True
    header: bool = True
    size: float | None = 12


@dataclass
class PageBreak:
    """A hard page break."""


Block = Para | Table | PageBreak


@dataclass
class Meta:
    """Core properties written into docProps/core.xml (fixed so the bytes are reproducible)."""

    author: str
    created: dt.datetime
    title: str = ""
    last_modified_by: str = ""
    revision: int = 1
    page_numbers: bool = False  # centred PAGE field in the footer, as many offices set


@dataclass
class Encoding:
    """How text reaches the XML: 'nfc', 'nfd' or 'tcvn3' (with the encoder to use)."""

    kind: str = "nfc"
    encode: Callable[[str], str] | None = None
    body_font: str = "Times New Roman"
    caps_font: str = "Times New Roman"
    extra: dict = field(default_factory=dict)


def p(text: str, flags: str = "", **kw) -> Para:
    """Return a paragraph with a single run."""
    return Para([(text, flags)], **kw)


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _set_run_font(run, name: str, size: float | None) -> None:
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)
    if size:
        run.font.size = Pt(size)


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _write_runs(paragraph, para: Para, enc: Encoding, default_size: float) -> None:
    paragraph.alignment = _ALIGN[para.align]
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(para.space_after)
    fmt.space_before = Pt(0)
    if para.indent and para.align == "justify":
        fmt.first_line_indent = Cm(1)
    for text, flags in para.runs:
        if not text:
            continue
        font = enc.body_font
        out = text
        if enc.kind == "nfd":
            out = unicodedata.normalize("NFD", text)
        elif enc.kind == "tcvn3":
            assert enc.encode is not None
            if para.keep_caps_font or _is_caps(text):
                # The ".VnTimeH" font draws the lowercase codes as capitals.
                out = enc.encode(text.lower())
                font = enc.caps_font
            else:
                out = enc.encode(text)
        run = paragraph.add_run(out)
        run.bold = "b" in flags or None
        run.italic = "i" in flags or None
        _set_run_font(run, font, para.size or default_size)


def _fill_cell(cell, content: str | list[Para], enc: Encoding, size: float, bold: bool) -> None:
    paras = (
        [Para([(content, "b" if bold else "")], align="left", indent=False)]
        if isinstance(content, str)
        else content
    )
    first = True
    for para in paras:
        target = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        if para.size is None:
            para = Para(
                para.runs, para.align, para.indent, size, para.space_after, para.keep_caps_font
            )
        _write_runs(target, para, enc, size)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = borders.makeelement(qn(f"w:{edge}"), {qn("w:val"): "nil"})
        borders.append(el)
    tbl_pr.append(borders)


def build_docx(blocks: list[Block], meta: Meta, enc: Encoding, *, font_size: float = 13) -> bytes:
    """Return the bytes of a DOCX holding ``blocks``, with fixed metadata and zip timestamps."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.name = enc.body_font
    normal.font.size = Pt(font_size)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), enc.body_font)
    body = doc.element.body
    # Drop the template's empty first paragraph so the header table comes first.
    for el in list(body):
        if el.tag == qn("w:p"):
            body.remove(el)
    for block in blocks:
        if isinstance(block, Para):
            _write_runs(doc.add_paragraph(), block, enc, font_size)
        elif isinstance(block, PageBreak):
            doc.add_page_break()
        else:
            ncols = max(len(r) for r in block.rows)
            table = doc.add_table(rows=len(block.rows), cols=ncols)
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            if block.grid:
                table.style = "Table Grid"
            else:
                _no_borders(table)
            for r, cells in enumerate(block.rows):
                for c, content in enumerate(cells):
                    bold = block.header and r == 0 and block.grid
                    _fill_cell(table.cell(r, c), content, enc, block.size or font_size, bold)
            if block.widths_cm:
                # LibreOffice lays out by the grid columns, Word by the cell widths: set both.
                table.autofit = False
                for c, w in enumerate(block.widths_cm[:ncols]):
                    table.columns[c].width = Cm(w)
                for r in table.rows:
                    for c, w in enumerate(block.widths_cm[:ncols]):
                        r.cells[c].width = Cm(w)
    if meta.page_numbers:
        _page_number_footer(section)
    cp = doc.core_properties
    cp.author = meta.author
    cp.last_modified_by = meta.last_modified_by or meta.author
    cp.created = meta.created
    cp.modified = meta.created + dt.timedelta(minutes=47)
    cp.last_printed = meta.created + dt.timedelta(minutes=50)
    cp.revision = meta.revision
    cp.title = meta.title
    cp.subject = ""
    cp.comments = ""
    cp.keywords = ""
    cp.category = ""
    buf = io.BytesIO()
    doc.save(buf)
    return _fix_zip(buf.getvalue(), meta.created)


def _page_number_footer(section) -> None:
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = footer.add_run()
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind:
            el = run._element.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
            run._element.append(el)
        elif text == "1":
            t = run._element.makeelement(qn("w:t"), {})
            t.text = text
            run._element.append(t)
        else:
            instr = run._element.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            instr.text = text
            run._element.append(instr)


def _fix_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite the zip with every member stamped ``when`` so that output bytes are stable."""
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second - when.second % 2)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def write_docx(path: Path, blocks: list[Block], meta: Meta, enc: Encoding, **kw) -> None:
    """Write ``blocks`` to ``path`` (parents created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build_docx(blocks, meta, enc, **kw))
