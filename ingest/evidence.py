"""Where a value's quote sits on the page: the box a reviewer sees highlighted.

A quote is cut from one block or joined from a few ("label | … | 0" from a table row, "label:
value" from two blocks, a sentence shortened with "…"). Each piece is looked for, accent-folded,
first in the block the value's location names and its neighbours (the same table row, the blocks
around it), then anywhere in the document; the words each piece covers give the box. Pure: the
readers give the words their places (``Block.words``), this module only reads them.

Readers with pages (PDF, OCR) place boxes as they read. A Word, ODT, RTF or .doc file has no
pages until LibreOffice lays it out: the warehouse renders it to PDF when a reviewer asks for a
page, reads that PDF and calls ``find_box`` on it without a location hint.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.document import Block, Box, Document, Location
from ingest.fields.strings import fold_aligned
from ingest.record import FieldValue

# Formats whose readers place words on pages (the rest are located through a rendered PDF).
PAGED_FORMATS = frozenset({"pdf", "pdf-ocr", "image-ocr", "photos-ocr"})
# Pieces the cite helpers join a quote from: table cells, an elision, "label: value".
_SEPARATORS = re.compile(r"\s+\|\s+|\s*…\s*|(?<=\w):\s+(?=\S)")
# A piece this short (a row number, a bare count) is only looked for near the hinted block.
_SHORT = 3
# Blocks either side of the hinted one searched before the whole document.
_NEAR = 4
# A row-number cell or a lettered item: no label ("2", "II", "a)", "1.").
_ROW_NUMBER = re.compile(r"^\W*(?:\d{1,3}|[IVXLC]{1,5}|[a-zđ])\W*$", re.I)
_NUMBER_CELL = re.compile(r"^\W*[\d.,]+\W*$")


def pieces(quote: str) -> list[str]:
    """Return the parts of a quote worth looking for, longest first."""
    parts = [p.strip(" .;,") for p in _SEPARATORS.split(quote.strip().rstrip("…"))]
    return sorted({p for p in parts if p}, key=len, reverse=True)


def _fold(s: str) -> str:
    return " ".join(fold_aligned(s).split())


def _word_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of a text's words in its whitespace-squashed fold."""
    spans, at = [], 0
    for word in text.split():
        spans.append((at, at + len(word)))
        at += len(word) + 1
    return spans


def _covered(block: Block, piece: str) -> list[Box] | None:
    """Return the boxes of the block's words the piece covers (None: not in the block)."""
    if not block.words:
        return None
    text = _fold(block.text)
    # Whole words only: the count "0" is not the last digit of "2020".
    m = re.search(rf"(?<!\w){re.escape(_fold(piece))}(?!\w)", text)
    if m is None:
        return None
    start, end = m.span()
    spans = _word_spans(text)
    if len(spans) != len(block.words):
        # The reader's words and the text's do not line up (a decoded legacy font joined or
        # split some): the whole block, on its first page.
        return [block.location.box] if block.location.box else None
    turn = block.location.box.turn if block.location.box else 0
    return [
        Box(w[0], w[1], w[2], w[3], w[4], turn)
        for w, (a, b) in zip(block.words, spans, strict=True)
        if a < end and b > start
    ]


def _order(doc: Document, hint: Location | None) -> list[Block]:
    """Return the blocks to search: the hinted one and its neighbours first, then the rest."""
    blocks = doc.blocks
    if hint is None or hint.paragraph is None or not 0 <= hint.paragraph < len(blocks):
        return list(blocks)
    k = hint.paragraph
    near = [blocks[k]]
    if hint.table is not None:
        near += [
            b
            for b in blocks
            if b.location.table == hint.table and b.location.row == hint.row and b is not blocks[k]
        ]
    for d in range(1, _NEAR + 1):
        near += [blocks[j] for j in (k - d, k + d) if 0 <= j < len(blocks)]
    seen = {id(b) for b in near}
    return near + [b for b in blocks if id(b) not in seen]


def find_box(doc: Document, quote: str | None, hint: Location | None = None) -> Box | None:
    """Return the box on one page around the words the quote was cut from, or None.

    The longest piece found decides the page; the other pieces found on that page widen the box.
    """
    if not quote:
        return None
    order = _order(doc, hint)
    near = len(order) if hint is None else min(len(order), 1 + 2 * _NEAR + 8)
    found: list[Box] = []
    for piece in pieces(quote):
        reach = order[:near] if len(_fold(piece)) <= _SHORT else order
        for block in reach:
            boxes = _covered(block, piece)
            if boxes and (not found or boxes[0].page == found[0].page):
                found += [b for b in boxes if b.page == boxes[0].page]
                break
    if not found:
        return None
    box = found[0]
    for b in found[1:]:
        box = box.union(b)
    return box


def place_quotes(doc: Document, fields: dict[str, FieldValue]) -> None:
    """Give each value read from a paged document the box of its quote on the page.

    A derived value (computed, not stated) has no box of its own; a value whose quote is not
    found keeps its block's box.
    """
    if doc.format not in PAGED_FORMATS:
        return
    for fv in fields.values():
        if fv.derived or fv.location is None:
            continue
        box = find_box(doc, fv.quote, fv.location) or fv.location.box
        if box is not None:
            fv.location = replace(fv.location, box=box)


def readable_quote(quote: str | None) -> str | None:
    """Return a table row's quote as "label: value" ("2 | Số cuộc họp báo | 0" -> "Số cuộc
    họp báo: 0"); any other quote as it is.

    Row-number cells are dropped; the label is the text cells, the value the last number cell.
    """
    if not quote or " | " not in quote:
        return quote
    head, sep, row = quote.rpartition(" … ")
    cells = [c.strip() for c in row.split(" | ") if c.strip()]
    cells = [c for k, c in enumerate(cells) if not (k == 0 and _ROW_NUMBER.match(c))]
    numbers = [c for c in cells if _NUMBER_CELL.match(c)]
    labels = [c for c in cells if not _NUMBER_CELL.match(c)]
    if not numbers or not labels:
        return quote
    shown = f"{' – '.join(labels)}: {numbers[-1]}"
    # A total row ("Cộng | 124") keeps the column headers it was quoted with.
    return f"{head}{sep}{shown}" if sep else shown
