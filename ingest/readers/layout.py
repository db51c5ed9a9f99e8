"""The layout engine the PDF and OCR readers share: positioned lines -> paragraphs -> blocks.

Both readers produce `Line`s (text with a box in top-down page points); this module puts the
two-column document header in column order, finds tables and their cells, sets aside running
headers/footers and digital-signature stamps, and joins lines into paragraphs, because field
rules need whole sentences.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from ingest.document import BLOCK_START_RE, Block, Box, Location, Word
from ingest.text import fold

# The document header (agency | national motto) sits in this top share of page 1.
HEADER_ZONE = 0.4
# A horizontal gap wider than this many font sizes separates columns (header, table cells).
COLUMN_GAP_EM = 1.5
# A gap narrower than this many font sizes is a space between words, never a cell gap.
WORD_SPACE_MAX_EM = 0.4
# Running page headers and footers live in this top/bottom share of a page.
RUNNING_ZONE = 0.09

# A bare page number: "2", "- 2 -", "Trang 2", "2/5".
_PAGE_NUMBER_RE = re.compile(
    r"^\s*[-–—]?\s*(?:Trang\s*)?\d{1,3}\s*[-–—]?\s*(?:/\s*\d{1,3})?\s*$", re.I
)
# Header lines that are never the wrapped end of the line above them.
_HEADER_STARTS_RE = re.compile(r"\d|:|^(?:Số|SỐ|Độc lập|ĐỘC LẬP|V/v)\b")
_BLANK_FIELD_RE = re.compile(r"(?:ngày|tháng|năm|số:?|Số:?|SỐ:?|[.…_]{2,})$")


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
    # OCR word boxes (x0, top, x1, bottom, text), kept apart from `words` so that the layout
    # rules read OCR lines as before: only evidence boxes use them.
    ink: tuple[tuple[float, float, float, float, str], ...] = ()
    turn: int = 0  # the page's frame: see ingest.document.Box.turn

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
            box=_block_box(lines),
        )
        blocks.append(
            Block(
                text=text,
                location=loc,
                fonts=fonts,
                bold=all(ln.bold for ln in lines),
                words=tuple(w for ln in lines for w in line_words(ln)),
            )
        )
    return blocks


def _block_box(lines: list[Line]) -> Box:
    """Return the union of a paragraph's lines on its first page."""
    first = lines[0]
    box = Box(first.page, first.x0, first.top, first.x1, first.bottom, first.turn)
    for ln in lines[1:]:
        if ln.page == first.page:
            box = box.union(Box(ln.page, ln.x0, ln.top, ln.x1, ln.bottom))
    return box


def line_words(ln: Line) -> list[Word]:
    """Return a line's words with their places: OCR word boxes, the text layer's words on the
    line's band, or, without either, the line's width shared out by characters."""
    if ln.ink:
        return [(ln.page, x0, top, x1, bottom, t) for x0, top, x1, bottom, t in ln.ink]
    if ln.words:
        return [(ln.page, x0, ln.top, x1, ln.bottom, t) for x0, x1, t in ln.words]
    out: list[Word] = []
    per_char = (ln.x1 - ln.x0) / max(len(ln.text), 1)
    for m in re.finditer(r"\S+", ln.text):
        x0 = ln.x0 + m.start() * per_char
        out.append((ln.page, x0, ln.top, ln.x0 + m.end() * per_char, ln.bottom, m.group()))
    return out


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
    column_rules: dict[int, list[tuple[float, float, float]]] | None = None,
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
    notes: list[tuple[str, list[Line]]] = []
    tables = TableState()
    for kind, run in runs:
        mark_running_lines(run, heights)
        for i in sorted(run):
            mark_tables(run[i], tables, (rules or {}).get(i, []), (column_rules or {}).get(i, []))
            if kind != "ocr":  # OCR's font sizes are estimates: too rough to tell a footnote
                mark_footnotes(run[i], heights[i])
        paras = document_paragraphs(run)
        notes += [(kind, p) for p in paras if p[0].part == "footnote"]
        body = [p for p in paras if p[0].part != "footnote"]
        blocks.extend(paragraphs_to_blocks(body, kind, len(blocks)))
    # Footnotes are read after the text they annotate, not inside the sentence a page cut.
    for kind, para in notes:
        blocks.extend(paragraphs_to_blocks([para], kind, len(blocks)))
    return blocks


# Footnotes are printed smaller than the text: at most this share of the page's median size
# (Word: 10 pt under 13-14 pt; LibreOffice: 10 pt under 12 pt).
SMALL_PRINT = 0.85
# The first line of a footnote opens with its number ("1 Kết quả năm 2021 …") or a star.
_FOOTNOTE_START = re.compile(r"^\s*(?:\d{1,2}|\*{1,3})\s*\S")


def mark_footnotes(lines: list[Line], height: float) -> None:
    """Mark a page's footnotes: the lines at the bottom of its text, in a font clearly smaller
    than the page's own (SMALL_PRINT of its median size), each note's first line opening with
    its number. The notes' numbers raised in the text are taken out.

    Word's footnotes exported to PDF sit between the body and the page's footer; read in place
    they cut a sentence that runs on to the next page, and their text ("3 Họp báo thường kỳ …
    do Văn phòng UBND tỉnh chủ trì") reads as the body's.
    """
    body = [ln for ln in lines if not ln.part and ln.cell is None]
    if len(body) < 6:
        return
    sizes = sorted(ln.em for ln in body)
    size = sizes[len(sizes) // 2]
    tail: list[Line] = []
    for ln in sorted(body, key=lambda x: x.top, reverse=True):
        if ln.top < 0.5 * height:
            break
        # A note's first line may measure as large as the body's: its number is raised.
        opens_note = tail and tail[-1].em <= SMALL_PRINT * size and _FOOTNOTE_START.match(ln.text)
        if ln.em > SMALL_PRINT * size and not opens_note:
            break
        tail.append(ln)
    if not tail or not _FOOTNOTE_START.match(tail[-1].text):
        return
    for ln in tail:
        ln.part = "footnote"
    # The notes' numbers raised in the text stand as lines of their own ("1" above "- Đề nghị
    # …"): no text of the page.
    numbers = {m.group() for ln in tail if (m := re.match(r"\d{1,2}", ln.text.strip()))}
    lines[:] = [
        ln
        for ln in lines
        if not (ln.text.strip() in numbers and ln.em <= 0.7 * size and ln.part != "footnote")
    ]


def _column_of(ln: Line, starts: list[float]) -> int | None:
    """Return the column whose band [start, next start) holds the line, or None."""
    for c, x in enumerate(starts):
        end = starts[c + 1] if c + 1 < len(starts) else float("inf")
        if x - ln.em <= ln.x0 < end - ln.em:
            return c if ln.x1 <= end + 0.5 * ln.em else None
    return None


def _spilled_into(ln: Line, starts: list[float]) -> int | None:
    """Return the column a line mostly lies in when it begins just left of that column's start.

    Centred text wider than the column's header begins left of the header's start: "Tổng số"
    over centred counts.
    """
    col = max((c for c, x in enumerate(starts) if x - ln.em <= ln.x0), default=0)
    nxt = col + 1
    if nxt < len(starts) and starts[nxt] - ln.x0 < 2 * ln.em:
        end = starts[nxt + 1] if nxt + 1 < len(starts) else float("inf")
        if min(ln.x1, end) - starts[nxt] > starts[nxt] - ln.x0 and ln.x1 <= end + 0.5 * ln.em:
            return nxt
    return None


def _spilling_column(ln: Line, starts: list[float]) -> int:
    """Return the column of a line that runs over a column start: the column it spilled into
    from just left of its start, else (a merged cell's line) the column where it begins."""
    spilled = _spilled_into(ln, starts)
    if spilled is not None:
        return spilled
    return max((c for c, x in enumerate(starts) if x - ln.em <= ln.x0), default=0)


def _fits_columns(ln: Line, starts: list[float]) -> bool:
    """Tell whether a line lies in one column, or splits at column starts into pieces that do."""
    return all(
        _column_of(part, starts) is not None or _spilled_into(part, starts) is not None
        for part in _split_at_columns(ln, starts)
    )


def _pieces(ln: Line) -> list[tuple[float, float, str]]:
    """Return a line's words as (x0, x1, text): the text layer's, else OCR's word boxes."""
    return list(ln.words) or [(x0, x1, t) for x0, _, x1, _, t in ln.ink]


# A vertical rule between two cells as OCR reads it: a word of its own made of these, maybe
# with the speck of a rule's corner ("__|").
_RULE_GLYPHS = frozenset("|¦¡!Ì{}[]")


def _is_rule_glyph(text: str) -> bool:
    return all(ch in _RULE_GLYPHS or ch == "_" for ch in text) and not _RULE_GLYPHS.isdisjoint(text)


def _split_at_columns(ln: Line, starts: list[float]) -> list[Line]:
    """Split a line whose words run on into the next table column (a narrow cell gap).

    OCR lines split at their word boxes: Tesseract reads a short label and a far cell as one
    line when the label ends like a blank form field ("tổng số", then the next cell), and it
    reads the rule between two cells as a word ("3_ | Yêu cầu …", "Đã thực ¡ Tống số"): the
    line splits there, without the rule and the speck of the rule's corner ("3_").
    """
    pieces = _pieces(ln)
    if len(pieces) < 2:
        return [ln]
    ocr = not ln.words
    parts: list[list[int]] = [[0]]
    for k, (prev, word) in enumerate(itertools.pairwise(pieces), start=1):
        if ocr and (_is_rule_glyph(word[2]) or _is_rule_glyph(prev[2])):
            parts.append([k])
            continue
        # A word space (about a quarter of an em) inside a merged cell that spans a column start
        # is no cell gap: "Báo Bắc Ninh; Đài PT-TH" across the columns it covers stays whole.
        if word[0] - prev[1] < WORD_SPACE_MAX_EM * ln.em:
            parts[-1].append(k)
            continue
        if any(prev[1] <= s + 0.25 * ln.em and word[0] >= s - 0.25 * ln.em for s in starts):
            parts.append([k])
        else:
            parts[-1].append(k)
    if ocr:
        parts = [part for part in parts if not _is_rule_glyph(pieces[part[0]][2])]
    if not parts or (len(parts) == 1 and len(parts[0]) == len(pieces)):
        return [ln]
    out = []
    for part in parts:
        ink = [ln.ink[k] for k in part] if ocr else []
        if ocr and len(parts) > 1:
            last = ink[-1]
            ink[-1] = (*last[:4], last[4].rstrip("_") or last[4])
        words = [ln.words[k] for k in part] if not ocr else []
        texts = [w[4] for w in ink] if ocr else [w[2] for w in words]
        out.append(
            dataclasses.replace(
                ln,
                x0=pieces[part[0]][0],
                x1=pieces[part[-1]][1],
                text=" ".join(texts),
                words=tuple(words),
                ink=tuple(ink) if ocr else ln.ink,
                solo=True,
            )
        )
    return out


def _column_starts(rows: list[list[Line]]) -> list[float]:
    """Return the left edges of a table's columns, from its multi-column rows.

    A start counts where lines of the rows begin. A start where only the header's line begins
    and the lines of other rows run across is no column's: a header centred in a wide column
    ("Nội dung" over left-aligned labels); a merged cell runs across a start body rows begin
    at too. Nor is a start whose lines are centred where the lines of the column
    before are: a centred value column begins wherever its header and each value do ("Kết quả"
    above "Ông Trần Đức Lợi - Phó Chủ", "214", "Không").
    """
    multi = [ln for row in rows if len(row) > 1 for ln in row]
    em = rows[0][0].em
    clusters: list[list[Line]] = []
    for ln in sorted(multi, key=lambda ln: ln.x0):
        if not clusters or ln.x0 - clusters[-1][0].x0 > 2 * em:
            clusters.append([ln])
        else:
            clusters[-1].append(ln)
    kept = clusters[:1]
    for cluster in clusters[1:]:
        x = cluster[0].x0
        across = {ln.row for ln in multi if ln.x0 < x - em < x + em < ln.x1}
        if {ln.row for ln in cluster} == {multi[0].row} and len(across) > 1:
            continue
        offset = abs(
            statistics.median(ln.center for ln in cluster)
            - statistics.median(ln.center for ln in kept[-1])
        )
        # Centred alike; a photo's centring is rougher where the column's own lines run across.
        if offset < 0.5 * em or (offset < 1.5 * em and any(ln.x1 > x + em for ln in kept[-1])):
            kept[-1] = kept[-1] + cluster
            continue
        kept.append(cluster)
    return [cluster[0].x0 for cluster in kept]


def _ruled_columns(
    rows: list[list[Line]], column_rules: list[tuple[float, float, float]]
) -> list[float] | None:
    """Return the left edges of a table's columns drawn as vertical rules, or None.

    A rule counts where it runs beside some of the table's text rows (a merged cell's row lacks
    the rule its cell covers); the rules count when at least three of them (two borders and a
    column's) enclose every line: a table's grid, not a box around a text.
    """
    top = min(ln.top for ln in rows[0])
    bottom = max(ln.bottom for ln in rows[-1])
    x0 = min(ln.x0 for row in rows for ln in row)
    x1 = max(ln.x1 for row in rows for ln in row)
    em = rows[0][0].em
    xs: list[float] = []
    for x in sorted(x for x, t, b in column_rules if t < bottom - 0.5 * em and b > top + 0.5 * em):
        if not xs or x - xs[-1] > 2:
            xs.append(x)
    if len(xs) < 3 or xs[0] > x0 + 0.5 * em or xs[-1] < x1 - 0.5 * em:
        return None
    return xs[:-1]


# A table row's number at the start of its first cell: "3", "3_", "3.", "(3)", "3 |" (a rule
# read as a bar).
_ROW_NUMBER_RE = re.compile(r"^\(?(\d{1,2})(?:[._)|]|\s*\|)?(?:\s|$)")


def _first_cell(row: list[Line], starts: list[float]) -> str | None:
    """Return the text of a multi-column text row's line in the first column, or None."""
    first = min(row, key=lambda ln: ln.x0)
    if len(row) < 2 or _column_of(first, starts) not in (0, None):
        return None
    if first.x0 > starts[0] + 2 * first.em:
        return None
    return first.text.strip()


def _row_number(row: list[Line], starts: list[float], last: int | None) -> int | None:
    """Return the number of the table row a text row's first cell gives, or None.

    The next row number ("4" after "3", "3_", "(3)", "3 |") gives it; so does a number cell of
    its own, a few characters, however OCR read it against the rule ("1_j", "31" for "3|"): a
    label's wrapped line never starts with one. "15 ngày" after row 2 gives none.
    """
    text = _first_cell(row, starts)
    if text is None:
        return None
    m = _ROW_NUMBER_RE.match(text)
    if m and (last is None or last < int(m.group(1)) <= last + 2):
        return int(m.group(1))
    if len(text) <= 3 and text[:1].isdigit():
        return (last or 0) + 1
    return None


@dataclass
class TableState:
    """Table numbering across pages, and the table left open at the bottom of the last page."""

    next: int = 0
    open: tuple[int, list[float], int] | None = None  # (table, column starts, last row)


def mark_tables(
    lines: list[Line],
    state: TableState,
    rules: list[tuple[float, float, float]] = (),
    column_rules: list[tuple[float, float, float]] = (),
) -> None:
    """Give the lines of a page's tables a (table, row, column).

    A table is two or more consecutive multi-column rows, with the single lines between or
    right below them that fit in one column (a cell's wrapped text); one such row is enough
    at the bottom of a page or when it continues the table that ended the page before. Where
    the table has horizontal rules, a rule between two text rows starts a new table row, as
    does the next row number in the first column (a photo's rule not found), and no rule means
    the same row (wrapped cells); without rules every multi-column text row is a new row.
    Where vertical rules (``column_rules``, (x, top, bottom)) enclose the table's text, they
    are its columns; else the columns are where its lines begin (``_column_starts``).
    Document headers and running headers/footers are not tables here.
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
                if below > ln.em or not _fits_columns(ln, _column_starts(region)):
                    break
            region.append(row)
            j += 1
        starts = _ruled_columns(region, column_rules) or _column_starts(region)
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
        last_number = None
        for row in region:
            row_top = min(ln.top for ln in row)
            number = _row_number(row, starts, last_number)
            opens = prev_bottom is None or len(row) > 1
            if ruled and prev_bottom is not None:
                # A rule between the text rows opens a table row; so does the next row number
                # where a photo's faint or bent rule was not found.
                opens = any(prev_bottom - 1 <= y <= row_top + 1 for y in ys) or (
                    number is not None and last_number is not None
                )
            if opens:
                row_no += 1
                last_number = number if number is not None else last_number
            prev_bottom = max(ln.bottom for ln in row)
            for ln in row:
                col = _column_of(ln, starts)
                if col is None:
                    # A line of a merged cell runs over the next column's start: it belongs to the
                    # column where it begins. A line holding a column rule that OCR read as "|"
                    # spans several cells, not one merged cell: it stays in the first column.
                    col = 0 if "|" in ln.text else _spilling_column(ln, starts)
                ln.cell = (table, max(row_no, 0), col)
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
                words=prev.words + ln.words if prev.words and ln.words else (),
                ink=prev.ink + ln.ink if prev.ink and ln.ink else (),
                turn=prev.turn,
            )
        else:
            out.append(ln)
    return out


# Spacing accents a PDF may draw over a base letter as a glyph of their own, as the combining
# mark each stands for. Combining marks (U+0300-U+036F) stand for themselves.
_SPACING_MARKS = {
    "\u00b4": "\u0301",  # acute
    "`": "\u0300",
    "\u02cb": "\u0300",  # modifier grave
    "\u02ca": "\u0301",  # modifier acute
    "\u02d8": "\u0306",  # breve
    "^": "\u0302",
    "\u02c6": "\u0302",  # modifier circumflex
    "~": "\u0303",
    "\u02dc": "\u0303",  # small tilde
    "\u02c0": "\u0309",  # glottal stop: the usual stand-in for a hook above
}
# Marks that change the letter come before the tone: "A" + circumflex + acute is "Ấ".
_SHAPE_MARKS = frozenset("\u0302\u0306\u031b")


def _mark_of(ch: str) -> str | None:
    if len(ch) == 1 and "\u0300" <= ch <= "\u036f":
        return ch
    return _SPACING_MARKS.get(ch)


def join_marks(glyphs: list[tuple]) -> list[tuple]:
    """Merge glyphs that are marks into the letter they are drawn on; return the glyphs.

    Glyphs are (top, bottom, x0, x1, char, ...) in top-down page coordinates. A mark glyph
    (a combining mark, or a spacing accent such as "´" placed over a letter) belongs to the
    letter whose box holds the mark's horizontal centre and whose vertical centre is nearest,
    within one letter height; it is then composed into that letter (NFC: "O" + "´" -> "Ó") and
    no longer exists as a glyph of its own, so it can neither start a text row of its own nor
    split a word. Marks over nothing (a lone "^" or "~" between words) stay as they are.
    """
    marks = [k for k, g in enumerate(glyphs) if _mark_of(g[4]) is not None]
    if not marks:
        return glyphs
    bases = sorted(
        (k for k, g in enumerate(glyphs) if g[4].isalpha() and _mark_of(g[4]) is None),
        key=lambda k: glyphs[k][2],
    )
    starts = [glyphs[k][2] for k in bases]
    widest = max((glyphs[k][3] - glyphs[k][2] for k in bases), default=0.0)
    attached: dict[int, list[str]] = {}
    for k in marks:
        m = glyphs[k]
        cx, cy = (m[2] + m[3]) / 2, (m[0] + m[1]) / 2
        best: tuple[float, int] | None = None
        # Bases starting left of the mark's centre, no wider than the widest letter away.
        lo = bisect.bisect_left(starts, cx - widest)
        hi = bisect.bisect_right(starts, cx)
        for j in range(lo, hi):
            b = glyphs[bases[j]]
            width, height = b[3] - b[2], b[1] - b[0]
            if not (b[2] + 0.1 * width <= cx <= b[3] - 0.1 * width):
                continue
            dist = abs(cy - (b[0] + b[1]) / 2)
            if dist <= height and (best is None or dist < best[0]):
                best = (dist, bases[j])
        if best is not None:
            attached.setdefault(best[1], []).append(k)
    if not attached:
        return glyphs
    taken = {k for found in attached.values() for k in found}
    out = []
    for k, g in enumerate(glyphs):
        if k in taken:
            continue
        found = attached.get(k)
        if found:
            combining = [_mark_of(glyphs[j][4]) for j in found]
            combining.sort(key=lambda c: c not in _SHAPE_MARKS)
            g = (*g[:4], unicodedata.normalize("NFC", g[4] + "".join(combining)), *g[5:])
        out.append(g)
    return out


def is_column_gap(word_before: str, gap: float, em: float) -> bool:
    """Tell whether a horizontal gap after a word separates columns, not words.

    Blank form fields ("ngày    tháng 12", "Số:      /BC-UBND") are wide gaps inside one line.
    """
    return gap > COLUMN_GAP_EM * em and not _BLANK_FIELD_RE.search(word_before)
