"""PDF reader for files with a text layer, with per-page OCR fallback where that layer is unusable.

Glyphs are taken from PDFium through pypdfium2's raw API (measured on a 45-page born-digital
report on the 2-core machine: ~110 pages/s for the whole reader, against 13 pages/s for
pdfplumber's extract_words alone) and laid out again by geometry: LibreOffice and Word draw
accented Vietnamese letters in separate text objects, so content-stream order is not reading
order. Lines are rebuilt here from glyph positions, split where a large horizontal gap separates
columns (the two-column header, table cells); ingest/readers/layout.py, shared with OCR, joins
them into paragraphs because field rules need whole sentences.
"""

from __future__ import annotations

import bisect
import ctypes
import dataclasses
import io
import operator
import re
import struct
import zlib
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.lzw import LZWDecoder
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfexceptions import PDFObjectNotFound
from pdfminer.pdfparser import PDFParser, PDFStreamParser
from pdfminer.pdftypes import PDFObjRef, PDFStream
from pdfminer.psexceptions import PSEOF, PSException
from pdfminer.psparser import LIT, PSLiteral

from ingest.document import Document
from ingest.errors import CorruptFile, EncryptedFile, ReportsError, TooLarge, ToolMissing
from ingest.readers.layout import (
    Line,
    is_column_gap,
    join_marks,
    pages_to_blocks,
    reorder_header,
)
from ingest.readers.ocr import ocr_pdf_pages
from ingest.readers.quality import syllable_share
from ingest.text import normalize_text

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
# A text layer whose words are mostly not Vietnamese syllables, even once legacy fonts are
# decoded, is not trusted (a phone-scanner app's invisible OCR layer with a broken font
# encoding). Chosen on real text: every page of the corpora's PDFs with 20 words or more scores
# 0.73 or higher (short pages of names and acronyms are the lowest); a mis-encoded layer scores
# far less. Pages with fewer words are not judged.
MIN_LAYER_SYLLABLE_SHARE = 0.5
MIN_LAYER_WORDS = 20
_CID_RE = re.compile(r"\(cid:\d+\)")
_BOLD_NAME_RE = re.compile(r"bold|heavy|black|semibold|demi", re.I)
_SUBSET_RE = re.compile(r"^[A-Z]{6}\+")


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
# U+FFFE: PDFium's mark for a hyphen that ends a line ("Đài PT-" / "TH Bắc Ninh").
_LINE_END_HYPHEN = "\ufffe"
_SPECIAL_CHARS = _SKIP_CHARS | _SPACE_CHARS | {"\x02", _LINE_END_HYPHEN}
# Glyphs without a usable Unicode mapping: control codes, private use area, replacement chars.
_BAD_CHARS_RE = re.compile("[\x00\x01\x03-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff\ufffd\uffff]")


def table_rules(page) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Return the page's thin path objects (table borders), top-down: the horizontal ones as
    (y, x0, x1), the vertical ones as (x, top, bottom)."""
    top_edge = page.get_cropbox()[3]
    across: list[tuple[float, float, float]] = []
    down: list[tuple[float, float, float]] = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom < 2.5 and right - left > 15:
            across.append((top_edge - (top + bottom) / 2, left, right))
        elif right - left < 2.5 and top - bottom > 8:
            down.append(((left + right) / 2, top_edge - top, top_edge - bottom))
    return across, down


def extract_page(page, number: int) -> _PageText:
    """Return the page's text lines (segments) rebuilt from glyph positions, with the text of
    the form fields the page shows in place."""
    textpage = page.get_textpage()
    try:
        pt = _extract(textpage, number, page.get_cropbox())
    finally:
        textpage.close()
    fields = field_texts(page)
    if fields:
        pt.lines = place_fields(pt.lines, fields, number)
    return pt


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
            if ch == _LINE_END_HYPHEN:
                ch = "-"
            elif ch == "\x02":
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
    lines = _build_lines(join_marks(glyphs), spaces, textpage, number)
    if direction != "right":
        turn = _TURNS[direction]
        for ln in lines:
            ln.turn = turn
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


# The quarter turn (counter-clockwise degrees, as PIL.Image.rotate takes it) that brings a
# rendered page into the frame `_turn` measures a page in whose text runs this way.
_TURNS = {"down": 90, "up": 270, "left": 180}


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


def _poor_layer(lines: list[Line]) -> str | None:
    """Return why a page's text layer is not Vietnamese text, or None when it reads well.

    The layer is judged as written and as the text layer will decode it (legacy fonts), so a
    TCVN3 or VNI page passes and a mis-encoded one fails both ways.
    """
    share, words = syllable_share("\n".join(ln.text for ln in lines))
    if words < MIN_LAYER_WORDS or share >= MIN_LAYER_SYLLABLE_SHARE:
        return None
    decoded, _ = syllable_share("\n".join(normalize_text(ln.text, ln.fonts) for ln in lines))
    share = max(share, decoded)
    if share >= MIN_LAYER_SYLLABLE_SHARE:
        return None
    return (
        f"text layer not readable as Vietnamese ({share:.0%} of {words} words are valid "
        "syllables; a broken font encoding)"
    )


def _pages_by_reason(pages: list[int], reasons: dict[int, str]) -> str:
    """Return "page(s) 1, 2: reason; page(s) 3: other reason" for 0-based page numbers."""
    groups: dict[str, list[int]] = {}
    for i in pages:
        groups.setdefault(reasons[i], []).append(i + 1)
    return "; ".join(
        f"page(s) {', '.join(str(n) for n in numbers[:20])}: {reason}"
        for reason, numbers in groups.items()
    )


# Annotations the page does not show: hidden, or not drawn on screen.
_UNSHOWN_ANNOT_FLAGS = pdfium_c.FPDF_ANNOT_FLAG_HIDDEN | pdfium_c.FPDF_ANNOT_FLAG_NOVIEW
# Annotations whose text is drawn on the page: form fields and free-text boxes.
_TEXT_ANNOT_KEYS = {pdfium_c.FPDF_ANNOT_WIDGET: "V", pdfium_c.FPDF_ANNOT_FREETEXT: "Contents"}
# Fields whose value is text the page shows (a check box's value is a state name: "Off").
_TEXT_FIELD_TYPES = frozenset({pdfium_c.FPDF_FORMFIELD_TEXTFIELD, pdfium_c.FPDF_FORMFIELD_COMBOBOX})
# Pieces of a document number ("11" + "/TB-UBND") join without a space.
_GLUE = "/-"


def _utf16_value(fn, *args) -> str:
    """Return the UTF-16LE string a PDFium getter writes (called for its size first)."""
    size = fn(*args, None, 0)
    if size <= 2:
        return ""
    buf = (ctypes.c_ushort * (size // 2))()
    fn(*args, buf, size)
    return bytes(buf)[: size - 2].decode("utf-16-le", "replace")


def field_texts(page) -> list[tuple[float, float, float, float, str]]:
    """Return the text of the form fields and free-text boxes the page shows.

    E-office systems stamp the document number and the day into form fields at issuance; the
    text layer does not hold them. Each is (top, bottom, x0, x1, text) in top-down points, as the
    glyphs are. Hidden or never-viewed annotations, and those off the page or of no size, are
    left out: the page does not show them.
    """
    handle = page.raw
    count = pdfium_c.FPDFPage_GetAnnotCount(handle)
    if count <= 0:
        return []
    left, bottom, right, top = page.get_cropbox()
    formenv = page.formenv
    found = []
    rect = pdfium_c.FS_RECTF()
    for k in range(count):
        annot = pdfium_c.FPDFPage_GetAnnot(handle, k)
        if not annot:
            continue
        try:
            key = _TEXT_ANNOT_KEYS.get(pdfium_c.FPDFAnnot_GetSubtype(annot))
            if key is None or pdfium_c.FPDFAnnot_GetFlags(annot) & _UNSHOWN_ANNOT_FLAGS:
                continue
            if not pdfium_c.FPDFAnnot_GetRect(annot, rect):
                continue
            x0, x1 = sorted((rect.left, rect.right))
            y0, y1 = sorted((rect.bottom, rect.top))
            inside = x0 < right and x1 > left and y0 < top and y1 > bottom
            if not inside or x1 - x0 < 1 or y1 - y0 < 1:
                continue
            if key == "V" and formenv:  # the field's value, inherited from its parent too
                if pdfium_c.FPDFAnnot_GetFormFieldType(formenv, annot) not in _TEXT_FIELD_TYPES:
                    continue
                text = _utf16_value(pdfium_c.FPDFAnnot_GetFormFieldValue, formenv, annot)
            else:
                text = _utf16_value(pdfium_c.FPDFAnnot_GetStringValue, annot, key.encode())
            text = " ".join(text.split())
            if text:
                found.append((top - y1, top - y0, x0, x1, text))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return found


def place_fields(lines: list[Line], fields: list[tuple], number: int) -> list[Line]:
    """Return `lines` with each field's text put in place: among the words of the line segment
    it sits on, or as a line of its own in reading order."""
    lines = list(lines)
    for top, bottom, x0, x1, text in fields:
        on_row = [k for k, ln in enumerate(lines) if _overlap(ln, top, bottom)]
        if on_row:
            k = min(on_row, key=lambda k: _x_distance(lines[k], x0, x1))
            lines[k] = _with_word(lines[k], (x0, x1, text))
            continue
        at = next((k for k, ln in enumerate(lines) if ln.top > top), len(lines))
        row = lines[at].row if at < len(lines) else (lines[-1].row + 1 if lines else 0)
        em = max(1.0, 0.7 * (bottom - top))
        new = Line(number, x0, x1, top, bottom, text, em, words=((x0, x1, text),), row=row)
        lines = [
            *lines[:at],
            new,
            *(dataclasses.replace(ln, row=ln.row + 1) for ln in lines[at:]),
        ]
    return lines


def _overlap(ln: Line, top: float, bottom: float) -> bool:
    """Tell whether a field box and a line share at least half the lower one's height."""
    shared = min(ln.bottom, bottom) - max(ln.top, top)
    return shared >= 0.5 * min(ln.bottom - ln.top, bottom - top)


def _x_distance(ln: Line, x0: float, x1: float) -> float:
    return max(0.0, ln.x0 - x1, x0 - ln.x1)


def _with_word(ln: Line, word: tuple[float, float, str]) -> Line:
    """Return the line with one more word at its place by x; it glues to a "/" beside it."""
    words = sorted([*ln.words, word])
    k = words.index(word)
    texts = [w[2] for w in words]
    text = texts[0]
    for j in range(1, len(texts)):
        beside = j in (k, k + 1)
        glue = beside and (texts[j - 1].endswith("/") or texts[j].startswith("/"))
        text += ("" if glue else " ") + texts[j]
    return dataclasses.replace(
        ln, words=tuple(words), text=text, x0=min(ln.x0, word[0]), x1=max(ln.x1, word[1])
    )


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


# -- bombs, checked on the parsed objects before PDFium opens the file --------------------------

_OBJECT_RE = re.compile(rb"(?<![0-9])(\d{1,10})\s+(\d{1,5})\s+obj\b")
_INFLATE_STEP = 1 << 20
_FLATE = frozenset({"FlateDecode", "Fl"})
_OBJSTM, _XREF, _IMAGE = LIT("ObjStm"), LIT("XRef"), LIT("Image")


# What pdfminer raises on a damaged object: the object is skipped (PDFium judges the file).
_PARSE_ERRORS = (PSEOF, PSException, ValueError, TypeError, KeyError, IndexError, AssertionError)


class _TooBig(Exception):
    """A decoded stream went past the limit it was measured against."""


class _Objects:
    """The file's indirect objects by number, as pdfminer's parser resolves references.

    Objects are found by their "N G obj" headers and parsed by pdfminer, like its own recovery of
    a damaged cross-reference table: every object in the file is checked, whatever the table
    says, the later definition of a number winning as in an incremental update.
    """

    decipher = None

    def __init__(self) -> None:
        self.table: dict[int, object] = {}

    def getobj(self, objid: int) -> object:
        try:
            return self.table[objid]
        except KeyError:
            raise PDFObjectNotFound(objid) from None

    def resolve(self, value: object, depth: int = 0) -> object:
        """Return ``value`` with references followed (a cycle or a missing object: None)."""
        while isinstance(value, PDFObjRef) and depth < 32:
            value, depth = self.table.get(value.objid), depth + 1
        return None if isinstance(value, PDFObjRef) else value


def _name(value: object) -> str | None:
    return value.name if isinstance(value, PSLiteral) else None


def _inflate(data: bytes, limit: int, keep: bool) -> bytes | int:
    """Inflate a zlib stream, stopping past ``limit`` (raises _TooBig); return the bytes or,
    unless ``keep``, only their count (memory stays at a MiB at a time)."""
    d = zlib.decompressobj()
    out = bytearray() if keep else None
    size, pos = 0, 0
    try:
        while not d.eof and pos < len(data):
            chunk = d.decompress(data[pos : pos + 65536], _INFLATE_STEP)
            pos += 65536
            while True:
                size += len(chunk)
                if size > limit:
                    raise _TooBig
                if out is not None:
                    out += chunk
                if not d.unconsumed_tail:
                    break
                chunk = d.decompress(d.unconsumed_tail, _INFLATE_STEP)
    except zlib.error:
        pass  # damaged: what inflated so far is what PDFium would get too
    return bytes(out) if out is not None else size


def _run_length(data: bytes, limit: int, keep: bool) -> bytes | int:
    """Decode RunLengthDecode data (a run byte repeats up to 128 times), stopping past ``limit``."""
    out = bytearray() if keep else None
    size, i, n = 0, 0, len(data)
    while i < n and data[i] != 128:
        length = data[i]
        if length < 128:
            part = data[i + 1 : i + 2 + length]
            i += 2 + length
        else:
            part = data[i + 1 : i + 2] * (257 - length)
            i += 2
        size += len(part)
        if size > limit:
            raise _TooBig
        if out is not None:
            out += part
    return bytes(out) if out is not None else size


def _lzw(data: bytes, limit: int, keep: bool) -> bytes | int:
    out = bytearray() if keep else None
    size = 0
    try:
        for chunk in LZWDecoder(io.BytesIO(data)).run():
            size += len(chunk)
            if size > limit:
                raise _TooBig
            if out is not None:
                out += chunk
    except (ValueError, IndexError, EOFError):
        pass
    return bytes(out) if out is not None else size


def _decoded(
    stream: PDFStream, objects: _Objects, limit: int, *, keep: bool = False
) -> bytes | int | None:
    """Decode a stream through its filters (references resolved), stopping past ``limit``.

    Returns the decoded bytes (``keep``) or their count; None for a stream whose last filter is
    an image codec (DCT, JPX, JBIG2, CCITT) or unknown: images are judged by their pixels.
    """
    filters = objects.resolve(stream.get_any(("F", "Filter")))
    filters = [objects.resolve(f) for f in (filters if isinstance(filters, list) else [filters])]
    filters = [f for f in filters if f is not None]
    data = stream.rawdata or b""
    if stream.decipher is not None and stream.objid is not None:
        data = stream.decipher(stream.objid, stream.genno or 0, data, stream.attrs)
    for k, f in enumerate(filters):
        name, last = _name(f), k == len(filters) - 1
        want = keep or not last
        if name in _FLATE:
            data = _inflate(data, limit, want)
        elif name in ("ASCIIHexDecode", "AHx"):
            data = asciihexdecode(data)
        elif name in ("ASCII85Decode", "A85"):
            data = ascii85decode(data)
        elif name in ("RunLengthDecode", "RL"):
            data = _run_length(data, limit, want)
        elif name in ("LZWDecode", "LZW"):
            data = _lzw(data, limit, want)
        else:
            return None
        if isinstance(data, int):
            return data
        if len(data) > limit:
            raise _TooBig
    return data if keep else len(data)


def _parse_objects(raw: bytes, objects: _Objects) -> list[tuple[int, PDFStream]]:
    """Parse every "N G obj" of the file into ``objects``; return the streams and offsets."""
    streams: list[tuple[int, PDFStream]] = []
    parser = PDFParser(io.BytesIO(raw))
    parser.set_document(objects)
    for m in _OBJECT_RE.finditer(raw):
        objid, genno = int(m.group(1)), int(m.group(2))
        # The recovery mode reads a stream up to its first "endstream"; a second read through
        # /Length (known once every object is) follows below.
        parser.fallback = True
        try:
            parser.seek(m.end())
            _, obj = parser.nextobject()
        except _PARSE_ERRORS:
            continue
        if isinstance(obj, PDFStream):
            obj.set_objid(objid, genno)
            streams.append((m.end(), obj))
        objects.table[objid] = obj
    return streams


def _by_length(raw: bytes, offset: int, stream: PDFStream, objects: _Objects) -> PDFStream | None:
    """Return the stream read again through its /Length, when that differs from the first read."""
    length = objects.resolve(stream.get("Length"))
    if not isinstance(length, int) or length <= len(stream.rawdata or b""):
        return None
    parser = PDFParser(io.BytesIO(raw))
    parser.set_document(objects)
    try:
        parser.seek(offset)
        _, obj = parser.nextobject()
    except _PARSE_ERRORS:
        return None
    if not isinstance(obj, PDFStream):
        return None
    obj.set_objid(stream.objid or 0, stream.genno or 0)
    obj.decipher = stream.decipher
    return obj


def _unpack_object_stream(stream: PDFStream, objects: _Objects, limits: Limits) -> None:
    """Add the objects of an object stream (decoded within the stream limit) to ``objects``."""
    try:
        data = _decoded(stream, objects, limits.max_pdf_stream_bytes, keep=True)
    except _TooBig:
        return  # refused by the stream check
    n = objects.resolve(stream.get("N"))
    if not isinstance(data, bytes) or not isinstance(n, int) or n <= 0:
        return
    parser = PDFStreamParser(data)
    parser.set_document(objects)
    values: list[object] = []
    try:
        while len(values) < 2 * n + n:
            values.append(parser.nextobject()[1])
    except _PARSE_ERRORS:
        pass
    for k in range(min(n, max(0, len(values) - 2 * n))):
        if isinstance(values[2 * k], int):
            objects.table[values[2 * k]] = values[2 * n + k]


def _encrypted(raw: bytes, streams: list[PDFStream], objects: _Objects) -> bool:
    """Tell whether a trailer or a cross-reference stream has /Encrypt (names parsed)."""
    if any(objects.resolve(s.get("Type")) is _XREF and "Encrypt" in s.attrs for s in streams):
        return True
    parser = PDFParser(io.BytesIO(raw))
    parser.set_document(objects)
    for m in re.finditer(rb"trailer", raw):
        try:
            parser.seek(m.end())
            _, trailer = parser.nextobject()
        except _PARSE_ERRORS:
            continue
        if isinstance(trailer, dict) and "Encrypt" in trailer:
            return True
    return False


def _decipher(raw: bytes):
    """Return the decryption function of an encrypted PDF (empty user password), or None."""
    try:
        document = PDFDocument(PDFParser(io.BytesIO(raw)), fallback=False)
    except Exception:  # a user password (PDFium says so) or a table pdfminer cannot read
        return None
    return document.decipher if document.encryption else None


def check_pdf_streams(path: Path, limits: Limits) -> None:
    """Refuse a PDF whose compressed content inflates past the limits, before PDFium parses it.

    A "PDF bomb" of a few hundred KB can hold a page whose content stream inflates to hundreds of
    MB; PDFium would parse all of it when the page is loaded. Every object is parsed (pdfminer)
    and every stream decoded through its filters as PDFium would see them (references
    resolved, escaped names decoded, filter arrays, object streams, encryption with an empty
    password), stopping past the limit. Image streams are not decoded, but their pixel count
    (/Width, /Height resolved) is capped: PDFium decodes a whole image to render a page for OCR.
    What pdfminer cannot parse is left to PDFium, inside the worker's memory limit.
    """
    raw = path.read_bytes()
    objects = _Objects()
    found = _parse_objects(raw, objects)
    streams = [s for _, s in found]
    if _encrypted(raw, streams, objects):
        decipher = _decipher(raw)
        for s in streams:
            if objects.resolve(s.get("Type")) is not _XREF:  # never encrypted
                s.decipher = decipher
    for s in streams:
        if objects.resolve(s.get("Type")) is _OBJSTM:
            _unpack_object_stream(s, objects, limits)
    total = 0
    for offset, s in found:
        if objects.resolve(s.get("Subtype")) is _IMAGE:
            width = objects.resolve(s.get_any(("Width", "W")))
            height = objects.resolve(s.get_any(("Height", "H")))
            pixels = width * height if isinstance(width, int) and isinstance(height, int) else 0
            if pixels > limits.max_image_pixels:
                raise TooLarge(
                    f"PDF image object {s.objid} declares {pixels:,} pixels, over the limit "
                    f"of {limits.max_image_pixels:,}; refusing a likely image bomb",
                    path=str(path),
                )
            continue
        size = 0
        try:
            for read in (s, _by_length(raw, offset, s, objects)):
                if read is not None:
                    size = max(size, _decoded(read, objects, limits.max_pdf_stream_bytes) or 0)
        except _TooBig:
            size = limits.max_pdf_stream_bytes + 1
        if size > limits.max_pdf_stream_bytes:
            raise TooLarge(
                f"compressed PDF stream object {s.objid} inflates to over "
                f"{limits.max_pdf_stream_bytes:,} bytes; refusing a likely PDF bomb",
                path=str(path),
            )
        total += size
        if total > limits.max_unzipped_bytes:
            raise TooLarge(
                f"compressed PDF streams inflate to over {limits.max_unzipped_bytes:,} bytes in "
                "all; refusing a likely PDF bomb",
                path=str(path),
            )


def read_checked_pdf(path: str | Path, limits: Limits) -> Document:
    """Refuse a likely PDF bomb, then read the PDF (the reader FORMATS names)."""
    check_pdf_streams(Path(path), limits)
    return read_pdf(path, limits)


def read_pdf(path: str | Path, limits: Limits) -> Document:
    """Read a PDF: text layer where usable, OCR for pages without one ("pdf-ocr")."""
    p = Path(path)
    _check_complete(p)
    pdf = open_pdf(p)
    try:
        pdf.init_forms()  # form field values, inherited ones too (nothing without an AcroForm)
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
        column_rules: dict[int, list[tuple[float, float, float]]] = {}
        need_ocr: list[int] = []
        reasons: dict[int, str] = {}
        fallback: dict[int, list[Line]] = {}  # poor text layers, kept if OCR is missing
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
                    # Only a page whose picture is an image (a scan under a text layer) can be
                    # read better by OCR; garbage drawn as text stays text.
                    poor = (
                        _poor_layer(lines) if _has_scan_image(page, MIN_SCAN_IMAGE_SHARE) else None
                    )
                    if poor:
                        need_ocr.append(i)
                        reasons[i] = poor
                        fallback[i] = lines
                        continue
                    if i == 0:
                        lines = reorder_header(lines, pt.height)
                    page_lines[i] = lines
                    if any(ln.solo and not ln.in_header for ln in lines):
                        rules[i], column_rules[i] = table_rules(page)
            finally:
                page.close()
        fmt = "pdf"
        ocr_lines: dict[int, list[Line]] = {}
        if need_ocr:
            try:
                scanned = ocr_pdf_pages(pdf, need_ocr, limits, path=p)
                ocr_lines = {i: lines for i, (lines, _) in scanned.items()}
                rules.update({i: page_rules for i, (_, page_rules) in scanned.items()})
                fmt = "pdf-ocr"
                warnings.append(f"OCR used for {_pages_by_reason(need_ocr, reasons)}")
            except ToolMissing:
                if not any(page_lines.values()) and not fallback:
                    raise
                skipped = [i for i in need_ocr if i not in fallback]
                if skipped:
                    warnings.append(
                        f"{len(skipped)} page(s) without a usable text layer skipped: "
                        "no OCR available"
                    )
                if fallback:
                    kept = _pages_by_reason(sorted(fallback), reasons)
                    warnings.append(f"no OCR available: text layer kept for {kept}")
                for i, lines in fallback.items():
                    page_lines[i] = reorder_header(lines, heights[i]) if i == 0 else lines
    except ReportsError as e:
        e.path = e.path or str(p)
        raise
    finally:
        pdf.close()

    pages = {i: ocr_lines.get(i, page_lines.get(i)) for i in range(n_pages)}
    kinds = {i: "ocr" if i in ocr_lines else "body" for i in range(n_pages)}
    blocks = pages_to_blocks(pages, kinds, heights, rules, warnings, column_rules)
    return Document(path=str(p), format=fmt, blocks=blocks, pages=n_pages, warnings=warnings)
