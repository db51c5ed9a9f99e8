"""The one shape every reader returns: text blocks in reading order with their location."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A line that starts a paragraph of its own whatever came before: a bullet, a numbered or
# lettered item, a Roman-numbered heading, "Điều 3", "Phần II" (the readers never join it on).
# A Roman numeral as OCR misreads it: its I's read as "l", "1" or "H" (two I's run together).
# Folded text matches OCR_ROMAN.lower().
OCR_ROMAN = r"(?=[IVX]*[Hl1])[IVXHl1]{1,4}"
BLOCK_START_RE = re.compile(
    r"^\s*(?:[-+•–—·*▪●○◦]\s|[IVXLC]{1,5}[.)]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ][.)]\s"
    r"|(?:Điều|Phần|PHẦN|Mục|MỤC|Chương|CHƯƠNG)\s+[\dIVXLC]+\b"
    # A heading's Roman numeral as OCR reads it ("HI." for III, "H." or "Il." for II) before
    # the capitals of the heading.
    + "|"
    + OCR_ROMAN
    + r"[.)]\s+(?=[A-ZÀ-ỸĐ]{2}))"
)


@dataclass(frozen=True)
class Box:
    """A rectangle on a page in points, top-down from the page's top-left corner.

    turn: the counter-clockwise quarter turn (degrees, as ``PIL.Image.rotate`` takes it) that
    puts the rendered page in the frame the box was measured in: a PDF page whose text runs
    down or up, a scan read by OCR only after turning it upright. 0 for an upright page.
    """

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    turn: int = 0

    def union(self, other: Box) -> Box:
        """Return the smallest box holding both (on this box's page and frame)."""
        return Box(
            self.page,
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
            self.turn,
        )

    def to_dict(self) -> dict:
        return {
            "page": self.page,
            "x0": round(self.x0, 1),
            "top": round(self.top, 1),
            "x1": round(self.x1, 1),
            "bottom": round(self.bottom, 1),
            "turn": self.turn,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Box:
        return cls(
            int(d["page"]),
            float(d["x0"]),
            float(d["top"]),
            float(d["x1"]),
            float(d["bottom"]),
            int(d.get("turn", 0)),
        )


# One word of a block as the reader placed it: (page, x0, top, x1, bottom, text), points.
Word = tuple[int, float, float, float, float, str]


@dataclass(frozen=True)
class Location:
    """Where a block sits in its file; every field is optional because formats differ.

    page: 1-based page (PDF, OCR, or a DOCX page break count when known).
    paragraph: 0-based index of the block (of its first paragraph, where the reader joined a
        paragraph cut at every line) in the document's reading order.
    table/row/cell: 0-based table index in the document, row and cell inside it.
    part: body | header | footer | textbox | control (DOCX content control) | ocr.
    box: the union of the block's lines on its first page (PDF and OCR readers only; a DOCX
        has no pages until it is rendered). Not part of ``to_dict``: the CLI's JSON and the
        goldens keep the location as a reader of the text sees it.
    """

    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    part: str = "body"
    box: Box | None = None

    def describe(self) -> str:
        """Return a short Vietnamese description: 'trang 2, đoạn 14', 'bảng 1, hàng 3, ô 2'."""
        bits: list[str] = []
        if self.part not in ("body", "ocr"):
            bits.append(
                {
                    "header": "đầu trang",
                    "footer": "chân trang",
                    "textbox": "khung văn bản",
                    "footnote": "chú thích cuối trang",
                }.get(self.part, self.part)
            )
        if self.page is not None:
            bits.append(f"trang {self.page}")
        if self.table is not None:
            bits.append(f"bảng {self.table + 1}")
            if self.row is not None:
                bits.append(f"hàng {self.row + 1}")
            if self.cell is not None:
                bits.append(f"ô {self.cell + 1}")
        elif self.paragraph is not None:
            bits.append(f"đoạn {self.paragraph + 1}")
        return ", ".join(bits) or "không rõ vị trí"

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None and k != "box"}


@dataclass(frozen=True)
class Block:
    """One paragraph, table cell or OCR line, already NFC and converted from legacy encodings."""

    text: str
    location: Location
    fonts: tuple[str, ...] = ()
    bold: bool = False
    # The block's words with their places (PDF and OCR readers), in the order of ``text``'s
    # words: what a quote is narrowed to (ingest.evidence).
    words: tuple[Word, ...] = ()


@dataclass
class Document:
    """A file's text as blocks in reading order.

    format: docx | pdf | pdf-ocr | doc | odt | rtf | image | txt.
    warnings: English notes on what the reader had to work around (logged, not shown raw).
    """

    path: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    pages: int = 1
    warnings: list[str] = field(default_factory=list)

    def text(self) -> str:
        """Return all block texts joined by newlines."""
        return "\n".join(b.text for b in self.blocks)
