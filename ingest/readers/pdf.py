"""PDF reader for files with a text layer, with per-page OCR fallback where that layer is unusable.

Glyphs are taken from PDFium through pypdfium2's raw API (measured on a 45-page born-digital
report on the 2-core machine: ~110 pages/s for the whole reader, against 13 pages/s for
pdfplumber's extract_words alone) and laid out again by geometry: LibreOffice and Word draw
accented Vietnamese letters in separate text objects, so content-stream order is not reading
order. Lines are rebuilt from glyph positions, split where a large horizontal gap separates
columns (the two-column header, table cells), and joined into paragraphs because field rules
need whole sentences.
"""

from __future__ import annotations

import bisect
import ctypes
import dataclasses
import itertools
import operator
import re
import statistics
import struct
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.document import BLOCK_START_RE, Block, Document, Location
from ingest.errors import CorruptFile, EncryptedFile, ReportsError, TooLarge, ToolMissing
from ingest.text import fold

if TYPE_CHECKING:
    from ingest.readers.base import Limits

# A page with fewer glyphs than this is blank or a scan (decided by its images).
MIN_PAGE_GLYPHS = 20
# Share of unmapped/garbage glyphs above which a page's text layer is not trusted.
MAX_BAD_GLYPH_SHARE = 0.25
# A scan page: an image covering at least this share of the page.
MIN_SCAN_IMAGE_SHARE = 0.3
# A page-size image (this share of the page or more) with fewer glyphs than SPARSE_PAGE_GLYPHS
# is a scan carrying a stamp or an app watermark ("Scanned by ..."), not a text page.
FULL_PAGE_IMAGE = 0.6
SPARSE_PAGE_GLYPHS = 300
# The document header (agency | national motto) sits in this top share of page 1.
HEADER_ZONE = 0.4
# A horizontal gap wider than this many font sizes separates columns (header, table cells).
COLUMN_GAP_EM = 1.5
# Running page headers and footers live in this top/bottom share of a page.
RUNNING_ZONE = 0.09

_CID_RE = re.compile(r"\(cid:\d+\)")
# Block starts: bullets, Roman/Arabic/letter headings ("I.", "1.", "1.2.", "a)", "đ)").
_PAGE_NUMBER_RE = re.compile(
    r"^\s*[-–—]?\s*(?:Trang\s*)?\d{1,3}\s*[-–—]?\s*(?:/\s*\d{1,3})?\s*$", re.I
)
# Header lines that are never the wrapped end of the line above them.
_HEADER_STARTS_RE = re.compile(r"\d|:|^(?:Số|SỐ|Độc lập|ĐỘC LẬP|V/v)\b")
_BLANK_FIELD_RE = re.compile(r"(?:ngày|tháng|năm|số:?|Số:?|SỐ:?|[.…_]{2,})$")
_BOLD_NAME_RE = re.compile(r"bold|heavy|black|semibold|demi", re.I)
_SUBSET_RE = re.compile(r"^[A-Z]{6}\+")


@dataclass
class Line:
    """A line segment in top-down page coordinates (points), from the text layer or from OCR."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    em: float  # estimated font size
    fonts: tuple[str, ...] = ()
    bold: bool = False
    solo: bool = False  # part of a multi-column line: never joined with neighbours
    row: int = 0  # text row on the page: segments of one row share it
    part: str = ""  # "header"/"footer" for running page headers and footers
    measured: bool = True  # em is a real font size (text layer), not estimated from OCR boxes
    in_header: bool = False  # in the two-column document header of page 1
    cell: tuple[int, int, int] | None = None  # (table, row, column) when in a table
    words: tuple[tuple[float, float, str], ...] = ()  # (x0, x1, text) of each word

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class _Para:
    lines: list[Line] = field(default_factory=list)

    @property
    def last(self) -> Line:
        return self.lines[-1]


@dataclass
class _PageGeometry:
    left: float
    right: float
    pitch: float

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2


def _geometry(lines: list[Line]) -> _PageGeometry:
    flow = [ln for ln in lines if not ln.solo] or lines
    xs0 = sorted(ln.x0 for ln in flow)
    widest = max(ln.x1 - ln.x0 for ln in flow)
    xs1 = sorted(ln.x1 for ln in flow if ln.x1 - ln.x0 >= 0.5 * widest)
    left = xs0[len(xs0) // 10]
    right = xs1[int(len(xs1) * 0.9)] if xs1 else max(ln.x1 for ln in flow)
    pitches = [
        b.top - a.top
        for a, b in itertools.pairwise(flow)
        if a.page == b.page and 0 < b.top - a.top < 3 * a.em
    ]
    # The lower quartile: the pitch inside paragraphs, not the wider one between them.
    pitches.sort()
    pitch = pitches[len(pitches) // 4] if pitches else 1.3 * statistics.median(ln.em for ln in flow)
    return _PageGeometry(left=left, right=right, pitch=pitch)


def _next_word_fits(prev: Line, nxt: Line, geo: _PageGeometry) -> bool:
    """Tell whether the first word of `nxt` would have fitted at the end of `prev`.

    Ragged-right text wraps a line early when its next word is long: a line that stops short
    ended its paragraph only if that word had room there.
    """
    if nxt.words:
        width = nxt.words[0][1] - nxt.words[0][0]
    else:
        first = nxt.text.split(maxsplit=1)[0] if nxt.text.strip() else ""
        width = len(first) * (nxt.x1 - nxt.x0) / max(len(nxt.text), 1)
    space = 0.3 * max(prev.em, 1.0)
    return geo.right - prev.x1 > width + space


def _joins(para: _Para, nxt: Line, geo: _PageGeometry) -> bool:
    """Decide whether `nxt` continues the paragraph (same column, close, same style)."""
    prev = para.last
    if prev.solo or nxt.solo or prev.page != nxt.page:
        return False
    if prev.part != nxt.part:
        return False
    em = max(prev.em, 1.0)
    if nxt.top - prev.top > max(1.3 * geo.pitch, 1.1 * em) + 1 or nxt.top < prev.top:
        return False
    size_tolerance = 0.2 if prev.measured and nxt.measured else 0.4
    if BLOCK_START_RE.match(nxt.text) or abs(nxt.em - prev.em) > size_tolerance * em:
        return False
    if nxt.bold != prev.bold:
        return False
    width = max(geo.right - geo.left, 1.0)
    if abs(nxt.center - geo.center) < em and nxt.x0 > geo.left + 2 * em:
        # The next line is centred: it continues only a wrapped centred title whose first
        # line is nearly as wide as the text column.
        return abs(prev.center - geo.center) < em and prev.x1 - prev.x0 > 0.7 * width
    if prev.x1 < geo.right - 2.5 * em and _next_word_fits(prev, nxt, geo):
        return False  # the previous line stops short: its paragraph ended there
    if len(para.lines) == 1:
        if prev.x0 > geo.left + em and abs(nxt.x0 - prev.x0) < 0.5 * em:
            # Two lines with the same first-line indent: the second starts a paragraph,
            # unless the first is full to the margin (a block-indented paragraph).
            return prev.x1 >= geo.right - 0.5 * em
        return nxt.x0 <= prev.x0 + 0.5 * em
    body_x0 = min(ln.x0 for ln in para.lines[1:])
    return abs(nxt.x0 - body_x0) < 0.6 * em


def lines_to_paragraphs(lines: list[Line], geo: _PageGeometry | None = None) -> list[list[Line]]:
    """Group one page's lines (in reading order) into paragraphs."""
    if not lines:
        return []
    geo = geo or _geometry(lines)
    paras: list[_Para] = []
    for ln in lines:
        if paras and _joins(paras[-1], ln, geo):
            paras[-1].lines.append(ln)
        else:
            paras.append(_Para([ln]))
    return [p.lines for p in paras]


def paragraphs_to_blocks(paras: list[list[Line]], part: str, start: int) -> list[Block]:
    """Turn paragraphs of lines into Blocks numbered from `start` (`part` unless a line says)."""
    blocks = []
    for lines in paras:
        text = " ".join(ln.text.strip() for ln in lines if ln.text.strip())
        if not text:
            continue
        fonts = tuple(dict.fromkeys(f for ln in lines for f in ln.fonts))
        table, row, cell = lines[0].cell or (None, None, None)
        loc = Location(
            page=lines[0].page,
            paragraph=start + len(blocks),
            table=table,
            row=row,
            cell=cell,
            part=lines[0].part or part,
        )
        blocks.append(
            Block(text=text, location=loc, fonts=fonts, bold=all(ln.bold for ln in lines))
        )
    return blocks


def mark_running_lines(pages: dict[int, list[Line]], heights: dict[int, float]) -> None:
    """Mark lines repeated at the top/bottom of several pages (and bare page numbers) there."""
    if len(pages) < 2:
        return
    seen: dict[tuple[str, str], set[int]] = {}
    zones: list[tuple[Line, str]] = []
    for i, lines in pages.items():
        h = heights[i]
        for ln in lines:
            zone = "header" if ln.bottom <= RUNNING_ZONE * h else ""
            zone = "footer" if ln.top >= (1 - RUNNING_ZONE) * h else zone
            if zone:
                key = re.sub(r"\d+", "#", ln.text.strip().lower())
                seen.setdefault((zone, key), set()).add(i)
                zones.append((ln, zone))
    for ln, zone in zones:
        key = re.sub(r"\d+", "#", ln.text.strip().lower())
        # A bare number alone on its row is a page number; beside other cells it is data.
        if len(seen[(zone, key)]) >= 2 or (not ln.solo and _PAGE_NUMBER_RE.match(ln.text)):
            ln.part = zone
            ln.solo = True


def _continues(prev: list[Line], nxt: list[Line], geo_prev: _PageGeometry, geo_next) -> bool:
    """Tell whether the first paragraph of a page continues the last one of the page before."""
    a, b = prev[-1], nxt[0]
    if a.solo or b.solo or a.part or b.part or abs(a.em - b.em) > 0.2 * a.em or a.bold != b.bold:
        return False
    if a.text.rstrip().endswith((".", ":", ";", "!", "?")) or BLOCK_START_RE.match(b.text):
        return False
    full = a.x1 >= geo_prev.right - 2.5 * a.em
    return full and abs(b.x0 - geo_next.left) < 0.6 * b.em


def document_paragraphs(pages: dict[int, list[Line]]) -> list[list[Line]]:
    """Group every page's lines into paragraphs, joining a sentence cut by a page break."""
    out: list[list[Line]] = []
    everything = [ln for i in sorted(pages) for ln in pages[i]]
    if not everything:
        return out
    # Margins and line pitch are the document's: a sparse last page has too few lines to tell.
    geo = _geometry(everything)
    for i in sorted(pages):
        paras = lines_to_paragraphs(pages[i], geo)
        body = [k for k, para in enumerate(paras) if not para[0].part]
        if out and body:
            last = next((p for p in reversed(out) if not p[0].part), None)
            first = paras[body[0]]
            adjacent = last is not None and last[0].page == first[0].page - 1
            if adjacent and _continues(last, first, geo, geo):
                last.extend(first)
                paras.pop(body[0])
        out.extend(paras)
    return out


# Lines of a digital-signature stamp ("Ký bởi: Sở ...", "Email: ...", "Cơ quan: ...", "Thời gian
# ký: 05.01.2021 08:12:34 +07:00"), as signing tools (VGCA, vSign) draw it over a page; folded.
_STAMP_LINE_RE = re.compile(
    r"^\W{0,3}(ky (?:so )?boi|nguoi ky|signed by|thoi gian ky|ngay ky|ky ngay|signing time"
    r"|e-?mail|co quan|don vi|chuc vu|to chuc)\s*:"
)
_STAMP_SIGNER = ("ky boi", "ky so boi", "nguoi ky", "signed by")
_STAMP_TIME = ("thoi gian ky", "ngay ky", "ky ngay", "signing time")


def set_aside_stamps(lines: list[Line]) -> list[list[Line]]:
    """Take a page's digital-signature stamps out of its lines; return them, a list a stamp.

    A stamp is a stack of "key: value" lines, one below the other at one left edge, that names
    a signer and a signing time: neither part of the report's text nor its date. A form's
    "Họ và tên:/Chức vụ:/Email:" lines name no signing time and stay.
    """
    keyed = [
        (ln, m.group(1))
        for ln in lines
        if ":" in ln.text[:20] and (m := _STAMP_LINE_RE.match(fold(ln.text)))
    ]
    if len(keyed) < 2:
        return []
    keyed.sort(key=lambda lk: lk[0].top)
    stacks: list[list[tuple[Line, str]]] = []
    for ln, key in keyed:
        last = stacks[-1][-1][0] if stacks else None
        if last and ln.top - last.bottom < 1.5 * last.em and abs(ln.x0 - last.x0) < 2 * last.em:
            stacks[-1].append((ln, key))
        else:
            stacks.append([(ln, key)])
    stamps: list[list[Line]] = []
    for stack in stacks:
        keys = {key for _, key in stack}
        if keys.isdisjoint(_STAMP_SIGNER) or keys.isdisjoint(_STAMP_TIME):
            continue
        top, bottom = stack[0][0].top, stack[-1][0].bottom
        x0 = min(ln.x0 for ln, _ in stack)
        # With the keyed lines go the values wrapped onto lines of their own inside the stack.
        stamp = [ln for ln in lines if top <= ln.top < bottom and abs(ln.x0 - x0) < 3 * ln.em]
        stamps.append(stamp)
    taken = {id(ln) for stamp in stamps for ln in stamp}
    lines[:] = [ln for ln in lines if id(ln) not in taken]
    return stamps


def pages_to_blocks(
    pages: dict[int, list[Line] | None],
    kinds: dict[int, str],
    heights: dict[int, float],
    rules: dict[int, list[tuple[float, float, float]]] | None = None,
    warnings: list[str] | None = None,
) -> list[Block]:
    """Turn pages of lines into numbered blocks; runs of pages of one kind share paragraphs.

    Digital-signature stamps are set aside, each named in ``warnings``.
    """
    runs: list[tuple[str, dict[int, list[Line]]]] = []
    for i in sorted(pages):
        lines = pages[i]
        if lines is None:
            continue
        for stamp in set_aside_stamps(lines):
            if warnings is not None:
                text = " | ".join(ln.text for ln in stamp)
                warnings.append(f"digital signature stamp on page {i + 1} set aside: {text}")
        if runs and runs[-1][0] == kinds[i] and i - 1 in runs[-1][1]:
            runs[-1][1][i] = lines
        else:
            runs.append((kinds[i], {i: lines}))
    blocks: list[Block] = []
    tables = TableState()
    for kind, run in runs:
        mark_running_lines(run, heights)
        for i in sorted(run):
            mark_tables(run[i], tables, (rules or {}).get(i, []))
        blocks.extend(paragraphs_to_blocks(document_paragraphs(run), kind, len(blocks)))
    return blocks


def _column_of(ln: Line, starts: list[float]) -> int | None:
    """Return the column whose band [start, next start) holds the line, or None."""
    for c, x in enumerate(starts):
        end = starts[c + 1] if c + 1 < len(starts) else float("inf")
        if x - ln.em <= ln.x0 < end - ln.em:
            return c if ln.x1 <= end + 0.5 * ln.em else None
    return None


def _split_at_columns(ln: Line, starts: list[float]) -> list[Line]:
    """Split a line whose words run on into the next table column (a narrow cell gap)."""
    if len(ln.words) < 2:
        return [ln]
    parts: list[list[tuple[float, float, str]]] = [[ln.words[0]]]
    for prev, word in itertools.pairwise(ln.words):
        if any(prev[1] <= s + 0.25 * ln.em and word[0] >= s - 0.25 * ln.em for s in starts):
            parts.append([word])
        else:
            parts[-1].append(word)
    if len(parts) == 1:
        return [ln]
    return [
        dataclasses.replace(
            ln,
            x0=part[0][0],
            x1=part[-1][1],
            text=" ".join(w[2] for w in part),
            words=tuple(part),
            solo=True,
        )
        for part in parts
    ]


def _column_starts(rows: list[list[Line]]) -> list[float]:
    xs = sorted(ln.x0 for row in rows if len(row) > 1 for ln in row)
    starts: list[float] = []
    for x in xs:
        if not starts or x - starts[-1] > 2 * rows[0][0].em:
            starts.append(x)
    return starts


@dataclass
class TableState:
    """Table numbering across pages, and the table left open at the bottom of the last page."""

    next: int = 0
    open: tuple[int, list[float], int] | None = None  # (table, column starts, last row)


def mark_tables(
    lines: list[Line], state: TableState, rules: list[tuple[float, float, float]] = ()
) -> None:
    """Give the lines of a page's tables a (table, row, column).

    A table is two or more consecutive multi-column rows, with the single lines between or
    right below them that fit in one column (a cell's wrapped text); one such row is enough
    at the bottom of a page or when it continues the table that ended the page before. Where
    the table has horizontal rules, a rule between two text rows starts a new table row and
    no rule means the same row (wrapped cells); without rules every multi-column text row is
    a new row. Document headers and running headers/footers are not tables here.
    """
    rows: list[list[Line]] = []
    for ln in lines:
        if rows and rows[-1][0].row == ln.row:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    body = [k for k, row in enumerate(rows) if not any(ln.in_header or ln.part for ln in row)]
    opened, state.open = state.open, None
    if not body:
        return
    k = body[0]
    while k < len(rows):
        if len(rows[k]) < 2 or any(ln.in_header or ln.part for ln in rows[k]):
            k += 1
            continue
        region = [rows[k]]
        j = k + 1
        while j < len(rows):
            row = rows[j]
            if any(ln.in_header or ln.part for ln in row):
                break
            if len(row) == 1:
                ln = row[0]
                below = ln.top - max(x.bottom for x in region[-1])
                if below > ln.em or _column_of(ln, _column_starts(region)) is None:
                    break
            region.append(row)
            j += 1
        starts = _column_starts(region)
        at_bottom = j > body[-1]
        continuing = (
            k == body[0]
            and opened is not None
            and len(opened[1]) == len(starts)
            and all(abs(a - b) < 2 * rows[k][0].em for a, b in zip(opened[1], starts, strict=True))
        )
        multi = sum(1 for row in region if len(row) > 1)
        if multi < 2 and not (at_bottom or continuing):
            k += 1
            continue
        for row in region:
            for ln in list(row):
                parts = _split_at_columns(ln, starts)
                if len(parts) > 1:
                    at = row.index(ln)
                    row[at : at + 1] = parts
                    at = lines.index(ln)
                    lines[at : at + 1] = parts
        if continuing:
            table, row_no = opened[0], opened[2]
        else:
            table, row_no = state.next, -1
            state.next += 1
        x0 = min(ln.x0 for row in region for ln in row)
        x1 = max(ln.x1 for row in region for ln in row)
        ys = [y for y, a, b in rules if a < x1 and b > x0]
        top = min(ln.top for ln in region[0])
        bottom = max(ln.bottom for ln in region[-1])
        ruled = any(top <= y <= bottom for y in ys)
        prev_bottom = None
        for row in region:
            row_top = min(ln.top for ln in row)
            if ruled and prev_bottom is not None:
                if any(prev_bottom - 1 <= y <= row_top + 1 for y in ys):
                    row_no += 1
            elif len(row) > 1 or prev_bottom is None:
                row_no += 1
            prev_bottom = max(ln.bottom for ln in row)
            for ln in row:
                col = _column_of(ln, starts)
                ln.cell = (table, max(row_no, 0), col if col is not None else 0)
                ln.solo = True
        if at_bottom:
            state.open = (table, starts, row_no)
        k = j


def reorder_header(lines: list[Line], page_height: float) -> list[Line]:
    """Put the two-column document header of page 1 in column order (left column first)."""
    zone = page_height * HEADER_ZONE
    split = [ln for ln in lines if ln.solo and ln.bottom <= zone]
    if not split:
        return lines
    rows: dict[int, list[Line]] = {}
    for ln in split:
        rows.setdefault(ln.row, []).append(ln)
    gaps, left_centres, right_centres = [], [], []
    for row in rows.values():
        if len(row) != 2:
            return lines  # a table, not a two-column header
        a, b = sorted(row, key=lambda s: s.x0)
        gaps.append((a.x1 + b.x0) / 2)
        left_centres.append(a.center)
        right_centres.append(b.center)
    boundary = statistics.median(gaps)
    centres = (statistics.median(left_centres), statistics.median(right_centres))
    first_row, last_row = min(rows), max(rows)
    start = next(k for k, ln in enumerate(lines) if ln.row == first_row)
    end = start
    last_bottom = lines[start].top
    while end < len(lines):
        ln = lines[end]
        if ln.x0 < boundary < ln.x1 or ln.bottom > zone:
            break  # a centred title or body text: the header is over
        if ln.row > last_row:
            # Below the last two-column row only lines centred in a column still belong
            # ("Số: ..." under the agency); a title or body line does not.
            centre = centres[0] if ln.x1 <= boundary else centres[1]
            if abs(ln.center - centre) > 0.6 * ln.em or ln.top - last_bottom > 2.5 * ln.em:
                break
        last_bottom = max(last_bottom, ln.bottom)
        end += 1
    region = lines[start:end]
    left = [ln for ln in region if ln.x1 <= boundary]
    right = [ln for ln in region if ln.x0 >= boundary]
    # Header cells centre their lines: a cell is about twice as wide as its centre's distance
    # from the column boundary.
    if left:
        left = _join_wrapped(left, 2 * (boundary - statistics.median(ln.center for ln in left)))
    if right:
        right = _join_wrapped(right, 2 * (statistics.median(ln.center for ln in right) - boundary))
    for ln in left + right:
        ln.solo = True  # header lines are separate blocks, as the table cells of a DOCX
        ln.in_header = True
    return lines[:start] + left + right + lines[end:]


def _would_not_fit(prev: Line, nxt: Line, extent: float) -> bool:
    """Tell whether the next line's first word would overflow the cell after `prev`."""
    first = nxt.text.split()[0]
    first_width = (nxt.x1 - nxt.x0) * len(first) / max(len(nxt.text), 1)
    return (prev.x1 - prev.x0) + 0.25 * prev.em + first_width > extent


def _join_wrapped(column: list[Line], extent: float) -> list[Line]:
    """Join a header line that filled its cell with the few words it wrapped onto.

    "ỦY BAN NHÂN DÂN TỈNH HÀ" + "NAM" is one name; "UBND TỈNH HÀ NAM" + "SỞ Y TẾ" are two.
    """
    out: list[Line] = []
    for ln in column:
        prev = out[-1] if out else None
        if (
            prev is not None
            and len(ln.text.split()) <= 3
            and not _HEADER_STARTS_RE.search(ln.text)
            and prev.bold == ln.bold
            and abs(prev.em - ln.em) <= 0.1 * prev.em
            and _would_not_fit(prev, ln, extent)
            and ln.x1 - ln.x0 < prev.x1 - prev.x0
            and 0 <= ln.top - prev.bottom < 0.8 * ln.em
            and prev.text[-1:].isalpha()
        ):
            out[-1] = Line(
                page=prev.page,
                x0=min(prev.x0, ln.x0),
                x1=max(prev.x1, ln.x1),
                top=prev.top,
                bottom=ln.bottom,
                text=f"{prev.text} {ln.text}",
                em=prev.em,
                fonts=tuple(dict.fromkeys(prev.fonts + ln.fonts)),
                bold=prev.bold,
                solo=True,
                row=prev.row,
            )
        else:
            out.append(ln)
    return out


# -- text layer ---------------------------------------------------------------------------------


@dataclass
class _PageText:
    lines: list[Line]
    glyphs: int
    bad: int
    cid: bool
    height: float = 0.0  # page height in reading orientation (width for sideways text)


class _FontReader:
    """Font facts of a text page's characters, read through bare-address prototypes."""

    def __init__(self, textpage):
        fns = _font_functions()
        self._info, self._weight, self._size = fns
        self._handle = _address(textpage)
        self._buf = ctypes.create_string_buffer(128)
        self._buf_addr = ctypes.addressof(self._buf)
        self._flags = ctypes.c_int()
        self._flags_addr = ctypes.addressof(self._flags)
        self._cache: dict[int, tuple[str, bool, float]] = {}

    def __call__(self, index: int) -> tuple[str, bool, float]:
        """Return (font name without subset prefix, bold, size in points) of one character."""
        found = self._cache.get(index)
        if found is None:
            handle, buf = self._handle, self._buf
            n = self._info(handle, index, self._buf_addr, len(buf), self._flags_addr)
            raw = buf.value if n else b""
            named = _FONT_NAMES.get(raw)
            if named is None:
                name = _SUBSET_RE.sub("", raw.decode("utf-8", "replace"))
                named = (name, bool(_BOLD_NAME_RE.search(name)))
                if len(_FONT_NAMES) < 4096:  # font names recur across files; odd ones are few
                    _FONT_NAMES[raw] = named
            name, bold_name = named
            weight = self._weight(handle, index)
            size = self._size(handle, index)
            found = name, weight >= 600 or bold_name, size
            self._cache[index] = found
        return found


# Raw font name (bytes, as PDFium gives it) -> (name without subset prefix, bold by its name).
_FONT_NAMES: dict[bytes, tuple[str, bool]] = {}


_FONT_FUNCTIONS = None


def _font_functions():
    """Return FPDFText_GetFontInfo/GetFontWeight/GetFontSize taking bare addresses."""
    global _FONT_FUNCTIONS
    if _FONT_FUNCTIONS is None:
        vp, c_int = ctypes.c_void_p, ctypes.c_int
        info = ctypes.CFUNCTYPE(ctypes.c_ulong, vp, c_int, vp, ctypes.c_ulong, vp)
        weight = ctypes.CFUNCTYPE(c_int, vp, c_int)
        size = ctypes.CFUNCTYPE(ctypes.c_double, vp, c_int)
        _FONT_FUNCTIONS = tuple(
            proto(ctypes.cast(fn, vp).value)
            for proto, fn in (
                (info, pdfium_c.FPDFText_GetFontInfo),
                (weight, pdfium_c.FPDFText_GetFontWeight),
                (size, pdfium_c.FPDFText_GetFontSize),
            )
        )
    return _FONT_FUNCTIONS


_SKIP_CHARS = frozenset("\r\n")  # PDFium's generated line ends
_SPACE_CHARS = frozenset(" \t\u00a0\u2002\u2003\u2009\u3000")
_SPECIAL_CHARS = _SKIP_CHARS | _SPACE_CHARS | {"\x02"}
# Glyphs without a usable Unicode mapping: control codes, private use area, replacement chars.
_BAD_CHARS_RE = re.compile("[\x00\x01\x03-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff\ufffd-\uffff]")


def horizontal_rules(page) -> list[tuple[float, float, float]]:
    """Return thin horizontal path objects (table borders) as (y top-down, x0, x1)."""
    top_edge = page.get_cropbox()[3]
    rules = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom < 2.5 and right - left > 15:
            rules.append((top_edge - (top + bottom) / 2, left, right))
    return rules


def extract_page(page, number: int) -> _PageText:
    """Return the page's text lines (segments) rebuilt from glyph positions."""
    textpage = page.get_textpage()
    try:
        return _extract(textpage, number, page.get_cropbox())
    finally:
        textpage.close()


_LOOSE_CHAR_BOX = None


def _loose_char_box():
    """Return FPDFText_GetLooseCharBox as a prototype taking bare addresses (ints)."""
    global _LOOSE_CHAR_BOX
    if _LOOSE_CHAR_BOX is None:
        proto = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
        address = ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value
        _LOOSE_CHAR_BOX = proto(address)
    return _LOOSE_CHAR_BOX


_UNICODE_MAP_ERROR = None


def _unicode_map_error():
    """Return FPDFText_HasUnicodeMapError as a prototype taking a bare address."""
    global _UNICODE_MAP_ERROR
    if _UNICODE_MAP_ERROR is None:
        proto = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int)
        address = ctypes.cast(pdfium_c.FPDFText_HasUnicodeMapError, ctypes.c_void_p).value
        _UNICODE_MAP_ERROR = proto(address)
    return _UNICODE_MAP_ERROR


def _address(textpage) -> int:
    """Return the address of a pypdfium2 text page's PDFium handle."""
    return ctypes.cast(textpage.raw, ctypes.c_void_p).value


def _extract(textpage, number: int, cropbox) -> _PageText:
    height = cropbox[3] - cropbox[1]
    n = pdfium_c.FPDFText_CountChars(textpage)
    if n <= 0:
        return _PageText([], 0, 0, False, height)
    buf = (ctypes.c_ushort * (n + 1))()
    got = pdfium_c.FPDFText_GetText(textpage, 0, n, buf)
    text = bytes(buf)[: 2 * max(got - 1, 0)].decode("utf-16-le", "replace")
    if len(text) != n:  # surrogate pairs: fall back to one call per character
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(n))
    top_edge = cropbox[3]
    # Loose boxes span the glyph's advance and the font's ascent/descent: letters of a word
    # touch, punctuation is as tall as letters, so gaps and rows are easy to read.
    rect = pdfium_c.FS_RECTF()
    # One call per glyph: through a bare-address prototype (no argument type checks, no
    # pypdfium2 wrapper property per call), about 2.5x cheaper than the binding's own.
    get_box = _loose_char_box()
    prect = ctypes.addressof(rect)
    handle = _address(textpage)
    glyphs: list[tuple[float, float, float, float, str, int]] = []
    spaces: list[tuple[float, float, float, float]] = []
    add_glyph, add_space = glyphs.append, spaces.append
    unpack = struct.Struct("4f").unpack_from  # FS_RECTF: left, top, right, bottom
    for i, ch in enumerate(text):
        if ch in _SPECIAL_CHARS:  # one test for the common case, a letter
            if ch in _SKIP_CHARS:
                continue
            if ch == "\x02":
                # PDFium's mark for a soft hyphen: in TCVN3 text U+00AD is the letter "ư", and
                # ingest.text drops it elsewhere.
                ch = "\u00ad"
            else:  # a space
                get_box(handle, i, prect)
                left, top, right, bottom = unpack(rect)
                if right > left or top > bottom:  # a real space (generated ones have no size)
                    add_space((top_edge - top, top_edge - bottom, left, right))
                continue
        get_box(handle, i, prect)
        left, top, right, bottom = unpack(rect)
        add_glyph((top_edge - top, top_edge - bottom, left, right, ch, i))
    bad = len(_BAD_CHARS_RE.findall(text))
    if glyphs:
        step = max(1, len(glyphs) // 200)
        sample = glyphs[::step]
        map_error = _unicode_map_error()
        errors = sum(1 for g in sample if map_error(handle, g[5]) == 1)
        bad = max(bad, round(errors * len(glyphs) / len(sample)))
    direction = _direction(glyphs)
    if direction != "right":
        glyphs, spaces, height = _turn(glyphs, spaces, direction, cropbox)
    lines = _build_lines(glyphs, spaces, textpage, number)
    return _PageText(lines, len(glyphs), bad, bool(_CID_RE.search(text)), height)


def _direction(glyphs: list[tuple]) -> str:
    """Return which way most text runs on the page: right, left (upside down), down or up."""
    right = left = down = up = 0
    head = glyphs[:800]
    xs = [g[2] for g in head]
    ys = [g[0] for g in head]
    for xa, xb, ya, yb in zip(xs[:-1], xs[1:], ys[:-1], ys[1:], strict=True):
        dx, dy = xb - xa, yb - ya
        if abs(dx) >= abs(dy):
            if dx:
                if dx > 0:
                    right += 1
                else:
                    left += 1
        elif dy > 0:
            down += 1
        else:
            up += 1
    votes = {"right": right, "left": left, "down": down, "up": up}
    best = max(votes, key=lambda k: votes[k])
    return best if votes[best] > 2 * votes["right"] else "right"


def _turn(glyphs: list[tuple], spaces: list[tuple], direction: str, cropbox) -> tuple:
    """Rotate boxes (y0, y1, x0, x1, ...) so that the text runs left to right, top to bottom.

    Sideways pages (a landscape page stored portrait with /Rotate, a table turned on its
    side) and upside-down ones; returns the glyphs, spaces and page height after the turn.
    """
    right_edge = cropbox[2]
    height = cropbox[3] - cropbox[1]
    width = cropbox[2] - cropbox[0]

    def turn(box: tuple) -> tuple:
        y0, y1, x0, x1 = box[:4]
        if direction == "down":  # reading downwards, lines stacked right to left
            new = (right_edge - x1, right_edge - x0, y0, y1)
        elif direction == "up":  # reading upwards, lines stacked left to right
            new = (x0 - cropbox[0], x1 - cropbox[0], height - y1, height - y0)
        else:  # upside down
            new = (
                height - y1,
                height - y0,
                right_edge - x1 + cropbox[0],
                right_edge - x0 + cropbox[0],
            )
        return new + tuple(box[4:])

    new_height = width if direction in ("down", "up") else height
    return [turn(g) for g in glyphs], [turn(sp) for sp in spaces], new_height


def is_column_gap(word_before: str, gap: float, em: float) -> bool:
    """Tell whether a horizontal gap after a word separates columns, not words.

    Blank form fields ("ngày    tháng 12", "Số:      /BC-UBND") are wide gaps inside one line.
    """
    return gap > COLUMN_GAP_EM * em and not _BLANK_FIELD_RE.search(word_before)


def _word_text(word: list[tuple]) -> str:
    return "".join(g[4] for g in word)


_x0 = operator.itemgetter(2)  # a glyph's left edge
_bottom = operator.itemgetter(1)  # a box's bottom (top-down coordinates)
_char = operator.itemgetter(4)  # a glyph's character


def _centre2(g: tuple) -> float:
    return g[0] + g[1]  # twice the vertical centre: sorts like the centre


_ROW_FOLLOWERS = frozenset(".,;:!?…'\"’”»)]}")


def _build_lines(glyphs, spaces, textpage, number: int) -> list[Line]:
    if not glyphs:
        return []
    heights = sorted([g[1] - g[0] for g in glyphs[:: max(1, len(glyphs) // 400)]])
    median_h = heights[len(heights) // 2] or 1.0
    # Cluster the letters into text rows by vertical centre; punctuation and marks (small
    # boxes near the baseline or above it) join the row whose band holds their centre.
    # Punctuation joins a row, never starts one: with tight boxes (a bold heading font without
    # ascent/descent) a full stop can be just over half a letter tall and off the row's centre.
    half = 0.5 * median_h
    tall = [g for g in glyphs if g[1] - g[0] >= half and g[4] not in _ROW_FOLLOWERS]
    tall.sort(key=_centre2)
    small = [g for g in glyphs if g[1] - g[0] < half or g[4] in _ROW_FOLLOWERS]
    rows: list[list[tuple]] = []
    bands: list[list[float]] = []  # [sum of centres, count, top, bottom]
    # The current band in locals, written back into `bands` when the next row starts.
    b_sum, b_count, b_top, b_bottom = 0.0, 1, 0.0, 0.0
    row: list[tuple] = []
    add = row.append
    for g in tall:
        y0, y1 = g[0], g[1]
        c, h = (y0 + y1) / 2, y1 - y0
        if row:
            bh = b_bottom - b_top
            tol = 0.4 * (h if h < bh else bh)
            if abs(c - b_sum / b_count) <= (tol if tol > 0.4 else 0.4):
                add(g)
                b_sum += c
                b_count += 1
                if y0 < b_top:
                    b_top = y0
                if y1 > b_bottom:
                    b_bottom = y1
                continue
            bands[-1] = [b_sum, b_count, b_top, b_bottom]
        row = [g]
        add = row.append
        b_sum, b_count, b_top, b_bottom = c, 1, y0, y1
        rows.append(row)
        bands.append([])
    if rows:
        bands[-1] = [b_sum, b_count, b_top, b_bottom]
    for g in small:
        c = (g[0] + g[1]) / 2
        best = None
        for k, band in enumerate(bands):
            slack = 0.35 * (band[3] - band[2])
            if band[2] - slack <= c <= band[3] + slack:
                dist = abs(c - (band[2] + band[3]) / 2)
                if best is None or dist < best[0]:
                    best = (dist, k)
        if best is None:
            rows.append([g])
            bands.append([c, 1, g[0], g[1]])
        else:
            rows[best[1]].append(g)
            band = bands[best[1]]
            band[2], band[3] = min(band[2], g[0]), max(band[3], g[1])
    default_h = median_h
    spaces.sort(key=_bottom)
    space_ys = [s[1] for s in spaces]  # baselines (bottom of the loose box)
    font_info = _FontReader(textpage)
    lines: list[Line] = []
    bisect_left, bisect_right = bisect.bisect_left, bisect.bisect_right
    order = sorted(range(len(rows)), key=lambda k: bands[k][2])
    for row_no, k in enumerate(order):
        row = rows[k]
        row.sort(key=_x0)
        top, bottom = bands[k][2], bands[k][3]
        hs = sorted([g[1] - g[0] for g in row])
        h = hs[len(hs) // 2] or default_h
        em = max(hs[-1] * 0.75, h)  # loose boxes are about one font size tall
        # Real space characters whose baseline falls in this row mark word breaks.
        lo, hi = bisect_left(space_ys, top), bisect_right(space_ys, bottom + 0.3 * em)
        space_xs = sorted([(s[2] + s[3]) / 2 for s in spaces[lo:hi]])
        n_spaces = len(space_xs)
        widths = sorted([g[3] - g[2] for g in row])
        word_gap = 0.3 * (widths[len(widths) // 2] or em / 2)
        half_em = 0.5 * em
        prev = row[0]
        word = [prev]
        segment = [word]
        segments: list[list[list[tuple]]] = [segment]
        for g in islice(row, 1, None):
            gx0 = g[2]
            if -0.5 < gx0 - prev[2] < 0.5 and g[4] == prev[4]:
                continue  # the same glyph drawn twice (fake bold)
            gap = gx0 - prev[3]
            if gap > half_em and is_column_gap(_word_text(word), gap, em):
                word = [g]
                segment = [word]
                segments.append(segment)
            elif gap > word_gap:
                word = [g]
                segment.append(word)
            elif n_spaces:
                # A real space whose centre lies between the two glyphs' centres separates them.
                j = bisect_left(space_xs, (prev[2] + prev[3]) / 2)
                if j < n_spaces and space_xs[j] <= (gx0 + g[3]) / 2:
                    word = [g]
                    segment.append(word)
                else:
                    word.append(g)
            else:
                word.append(g)
            prev = g
        solo = len(segments) > 1
        for seg in segments:
            texts = ["".join(map(_char, w)) for w in seg]
            fonts: list[str] = []
            bold = True
            sizes = []
            # Fonts of the first, middle and last word: a line rarely changes font more often.
            # (The first, middle and last word objects, each once, in that order.)
            first, middle, last = seg[0], seg[len(seg) // 2], seg[-1]
            picks = [first]
            if middle is not first:
                picks.append(middle)
            if last is not first and last is not middle:
                picks.append(last)
            for word in picks:
                name, is_bold, size = font_info(word[0][5])
                if name and name not in fonts:
                    fonts.append(name)
                bold = bold and is_bold
                if size > 0:
                    sizes.append(size)
            lines.append(
                Line(
                    page=number,
                    x0=seg[0][0][2],
                    x1=seg[-1][-1][3],
                    top=top,
                    bottom=bottom,
                    text=" ".join(texts),
                    words=tuple((w[0][2], w[-1][3], t) for w, t in zip(seg, texts, strict=True)),
                    em=max(sizes) if sizes else em,
                    fonts=tuple(fonts),
                    bold=bold,
                    solo=solo,
                    row=row_no,
                )
            )
    return lines


def _has_scan_image(page, share: float) -> bool:
    """Tell whether one image covers at least `share` of the page."""
    area = max(page.get_width() * page.get_height(), 1.0)
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) >= share * area:
            return True
    return False


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """Open a PDF with PDFium, mapping its failures to the project's errors."""
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise EncryptedFile(
                "PDF is encrypted with a user (open) password or an unsupported security handler",
                path=str(path),
            ) from e
        raise CorruptFile(f"PDF cannot be opened by PDFium ({e})", path=str(path)) from e


def _check_complete(path: Path) -> None:
    """Refuse a truncated PDF: its last 1 KiB must hold the %%EOF marker."""
    with path.open("rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 1024))
        tail = fh.read()
    if b"%%EOF" not in tail:
        raise CorruptFile(
            f"PDF is truncated: no %%EOF marker in its last 1024 bytes ({size:,} bytes in all)",
            path=str(path),
        )


def read_pdf(path: str | Path, limits: Limits) -> Document:
    """Read a PDF: text layer where usable, OCR for pages without one ("pdf-ocr")."""
    p = Path(path)
    _check_complete(p)
    pdf = open_pdf(p)
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise CorruptFile("PDF has no pages", path=str(p))
        if n_pages > limits.max_pages:
            raise TooLarge(
                f"PDF has {n_pages} pages, over the limit of {limits.max_pages}", path=str(p)
            )
        warnings: list[str] = []
        chars = 0
        page_lines: dict[int, list[Line]] = {}
        heights: dict[int, float] = {}
        rules: dict[int, list[tuple[float, float, float]]] = {}
        need_ocr: list[int] = []
        reasons: dict[int, str] = {}
        for i in range(n_pages):
            try:
                page = pdf[i]
            except pdfium.PdfiumError as e:
                raise CorruptFile(f"PDF page {i + 1} cannot be loaded ({e})", path=str(p)) from e
            try:
                pt = extract_page(page, i + 1)
                chars += pt.glyphs
                if chars > limits.max_pdf_chars:
                    raise TooLarge(
                        f"PDF text layer holds over {limits.max_pdf_chars:,} characters by page "
                        f"{i + 1}; far more text than any report",
                        path=str(p),
                    )
                heights[i] = pt.height
                if pt.cid or (pt.glyphs and pt.bad > MAX_BAD_GLYPH_SHARE * pt.glyphs):
                    need_ocr.append(i)
                    reasons[i] = "unmapped glyphs ((cid:NN) garbage)"
                elif pt.glyphs < MIN_PAGE_GLYPHS and _has_scan_image(page, MIN_SCAN_IMAGE_SHARE):
                    need_ocr.append(i)
                    reasons[i] = "no text layer (scanned image)"
                elif pt.glyphs < SPARSE_PAGE_GLYPHS and _has_scan_image(page, FULL_PAGE_IMAGE):
                    need_ocr.append(i)
                    reasons[i] = "a page-size image with a few words of text (stamp, watermark)"
                else:
                    lines = pt.lines
                    if i == 0:
                        lines = reorder_header(lines, pt.height)
                    page_lines[i] = lines
                    if any(ln.solo and not ln.in_header for ln in lines):
                        rules[i] = horizontal_rules(page)
            finally:
                page.close()
        fmt = "pdf"
        ocr_lines: dict[int, list[Line]] = {}
        if need_ocr:
            from ingest.readers import ocr

            try:
                scanned = ocr.ocr_pdf_pages(pdf, need_ocr, limits, path=p)
                ocr_lines = {i: lines for i, (lines, _) in scanned.items()}
                rules.update({i: page_rules for i, (_, page_rules) in scanned.items()})
                fmt = "pdf-ocr"
                pages_txt = ", ".join(str(i + 1) for i in need_ocr[:20])
                warnings.append(f"OCR used for page(s) {pages_txt}: {reasons[need_ocr[0]]}")
            except ToolMissing:
                if not any(page_lines.values()):
                    raise
                warnings.append(
                    f"{len(need_ocr)} page(s) without a usable text layer skipped: no OCR available"
                )
    except ReportsError as e:
        e.path = e.path or str(p)
        raise
    finally:
        pdf.close()

    pages = {i: ocr_lines.get(i, page_lines.get(i)) for i in range(n_pages)}
    kinds = {i: "ocr" if i in ocr_lines else "body" for i in range(n_pages)}
    blocks = pages_to_blocks(pages, kinds, heights, rules, warnings)
    return Document(path=str(p), format=fmt, blocks=blocks, pages=n_pages, warnings=warnings)
