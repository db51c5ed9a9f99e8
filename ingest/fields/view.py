"""The document as the rules read it: blocks with their folded text, the header zone, the title,
headings and the part of the report each block belongs to, its tables, and the place-date line.

The rules follow the structure of Vietnamese administrative reports: a two-column header (parent
body and agency | motto, number | place and date), the title, the "báo cáo ... như sau"
sentence, numbered sections (results, assessment, tasks, recommendations), recipients and
signature.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from ingest.classify import is_title
from ingest.document import OCR_ROMAN, Block, Document, Location
from ingest.fields.strings import (
    HAS_DIGIT,
    HAS_WORD_CHAR,
    clean_number,
    find_numbers,
    fold_aligned,
)
from ingest.fields.vocabulary import STRENGTH_WORDS
from ingest.text import ParsedNumber

# A table: row -> cell -> block, per table index.
Tables = dict[int, dict[int, dict[int, "ViewBlock"]]]

_NUMBERING = re.compile(
    r"^\s*(?:(?P<part>phan\s+(?:[ivx]+|\d+|thu\s+\w+))|(?P<roman>[ivx]+)\s*[.)/:-]"
    r"|(?P<multi>\d+\.\d+(?:\.\d+)*)\.?|(?P<num>\d{1,2})\s*[.)/-](?!\s*\d)|(?P<bare>\d)\s+(?=\S)"
    r"|(?P<letter>[a-z])\s*[.)]|(?P<ocr_roman>" + OCR_ROMAN.lower() + r")\s*[.)])\s*"
)

_SECTION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "recommendations",
        # Not the press's requests the part reports on, nor the corrections the form counts: "4.
        # Trả lời đề nghị cung cấp thông tin của cơ quan báo chí", "Tiếp nhận đề nghị của phóng
        # viên", "3.5. Trả lời bằng văn bản, đề nghị cải chính".
        re.compile(
            r"kien nghi|de xuat|(?<!tra loi )(?<!tiep nhan )(?<!giai quyet )(?<!xu ly )de nghi"
            r"(?! (?:cung cap thong tin|phong van|cai chinh|dinh chinh)\b"
            r"| cua (?:cac )?(?:co quan bao chi|phong vien))"
        ),
    ),
    (
        "tasks",
        # "được giao nhiệm vụ phát ngôn" is not the tasks part: the heading opens with the word.
        re.compile(
            r"^\W*(?:nhung\s+)?(?:nhiem vu|phuong huong|giai phap)|thoi gian toi"
            r"|ke hoach .*(?:toi|nam \d{4})"
        ),
    ),
    ("assessment", re.compile(r"danh gia|uu diem|han che|ton tai|nhan xet|kho khan")),
    ("spokesperson", re.compile(r"nguoi phat ngon")),
    ("results", re.compile(r"ket qua|tinh hinh|trien khai|thuc hien|hop bao|cung cap thong tin")),
)
# A numbered line that names a count ("Số cuộc họp báo: 02", "Tổng số yêu cầu …") is a line of
# the part above it, never a part of its own, whatever words its label holds ("đề nghị").
_COUNT_LINE = re.compile(
    r"^\W*(?:tong\s+)?so\s+(?:luot|lan|cuoc|vu|yeu cau|de nghi|tin|bai|buoi)\b"
)
# Where the body ends: the closing sentence, recipients, signature ("TM.", "KT." lines are short).
# Unnumbered lead-in lines that open a part ("Đề xuất, kiến nghị:", "nhiệm vụ sau:").
PSEUDO_HEADING = 4
_LEAD_IN = re.compile(
    r"^\W*(?:cac\s+)?(?:de xuat|kien nghi)|nhiem vu (?:sau|nhu sau|trong tam)|giai phap sau"
)
# An annex after the signature: "PHỤ LỤC", "Phụ lục 01", "PHỤ LỤC I".
_ANNEX = re.compile(r"^\W*phu luc\b(?:\s+(?:so\s+)?(?:\d{1,2}|[ivx]{1,4}))?\W*$")
_CLOSING = re.compile(
    r"^\s*(?:tren day la|noi nhan|\(?ky,? ghi ro|(?:tm|kt|ttl|tl)\.\s.{0,40}$)"
    r"|^.{0,120}\btran trong bao cao\W*$|^.{0,200}\./\.\s*$"
    # The agency reporting to its addressee "for it to compile" ("UBND xã X báo cáo Sở Văn hóa …
    # tổng hợp"), the body's last sentence even when OCR reads its "./." as "...".
    r"|^\W*(?:ubnd|uy ban nhan dan|so|ban|phong|van phong|trung tam|chi cuc|cuc)\b"
    r"(?![^;:]*\b(?:de nghi|kien nghi|de xuat|chi dao|yeu cau)\b)[^;:]{0,100}"
    r"\bbao cao (?:de )?(?:so|ubnd|uy ban|bo|ban)\b[^;:]{0,120}"
    r"\b(?:tong hop|biet|theo doi)\W*$"
)
# What a block must hold for _CLOSING to match it (its four branches), checked first: the
# regex's ".{0,200}" branches scan every block. Folded text has " " for every whitespace.
_CLOSING_STARTS = ("tren day la", "noi nhan", "(ky", "ky", "tm.", "kt.", "ttl.", "tl.")
_CLOSING_ENDS = ("tong hop", "biet", "theo doi")
_TRAILING = re.compile(r"\W+$")


def is_closing(f: str) -> bool:
    """Return whether a folded block opens the closing part (see _CLOSING)."""
    if (
        "./." in f
        or "tran trong bao cao" in f
        or f.lstrip(" ").startswith(_CLOSING_STARTS)
        or ("bao cao" in f and _TRAILING.sub("", f).endswith(_CLOSING_ENDS))
    ):
        return _CLOSING.match(f) is not None
    return False


_BASIS = re.compile(
    r"^\s*[-+]?\s*(?:can cu|thuc hien (?:quyet dinh|cong van|van ban|ke hoach|chi thi|huong dan"
    r"|nghi dinh|thong tu|che do|y kien|chi dao)|theo (?:de nghi|quyet dinh|cong van|van ban))"
)


@dataclass
class ViewBlock:
    """A non-empty block with its folded copy and view facts."""

    i: int
    text: str
    f: str
    loc: Location
    bold: bool
    heading_level: int | None = None
    kind: str = "intro"
    basis: bool = False
    closing: bool = False


def _heading_level(b: Block, f: str) -> int | None:
    text = b.text.strip()
    if len(text) > 160 or not text:
        return None
    m = _NUMBERING.match(f)
    letters = "".join(filter(str.isalpha, text))
    upper = bool(letters) and sum(map(str.isupper, letters)) >= 0.8 * len(letters)
    if m:
        rest = f[m.end() :]
        # A numbered line that goes on into a long sentence is content, not a heading; so is a
        # full sentence ("3. Trong năm, UBND huyện không tổ chức họp báo.").
        if len(rest) > 110 and not upper:
            return None
        if not upper and text.endswith(".") and len(rest.split()) >= 8:
            return None
        if m.group("part"):
            return 0
        if m.group("roman"):
            # "C." / "D." are letters, "I." / "V." roman numerals: capitals decide.
            return 1
        if m.group("ocr_roman"):
            # "HI. NHIỆM VỤ …": OCR's reading of "III." before a heading in capitals.
            return 1 if upper else None
        if m.group("multi"):
            return 3
        if m.group("num"):
            return 2
        if m.group("bare"):
            # "3 Đánh giá" (a PDF put the dot on its own line): a heading only before a capital.
            return 2 if text[m.end() : m.end() + 1].isupper() and len(text) < 80 else None
        if m.group("letter"):
            return 1 if text[: m.end()].strip()[:1].isupper() else 3
    if (
        upper
        and len(text.split()) >= 2
        and b.location.table is None
        and len(text) <= 120
        and not text.endswith((".", ";", ","))
    ):
        return 1
    return None


@dataclass
class View:
    """A document's blocks with their layout facts; tables and the date line are found once."""

    blocks: list[ViewBlock]
    title_index: int | None  # index into blocks of the "BÁO CÁO" title (None: not found)
    header_end: int  # blocks[:header_end] are the header zone

    def body(self) -> Iterator[ViewBlock]:
        """Return the blocks after the header zone."""
        return iter(self.blocks[self.header_end :])

    @cached_property
    def tables(self) -> Tables:
        """Return table -> row -> cell -> block (cells with several paragraphs are joined)."""
        return _build_tables(self)

    @cached_property
    def date_line(self) -> DateLine | None:
        """Return the place-date line ("Hà Nam, ngày 10 tháng 12 năm 2021"), or None."""
        return _find_date_line(self)


# The place-date line of the header: "Cần Thơ, ngày 07 tháng 12 năm 2020", "ngày ... /12/2020".
PLACE_DATE = re.compile(
    r"(?:(?P<place>[^\n,;:]{2,40}?)\s*,\s*|^\s*)ngay\s*(?P<d>\d{1,2}"
    r"|[ .…_—–-]*)\s*(?:thang\s*(?P<m>\d{1,2}|[ .…_—–-]*)"
    r"\s*nam\s*(?P<y>\d{4})|[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4}))"
)


@dataclass(frozen=True)
class DateLine:
    """The place-date line: its match on the folded ``text`` (maybe two lines joined)."""

    match: re.Match[str]
    text: str
    block: ViewBlock

    @property
    def year(self) -> int:
        """Return the year the line names (a title without one falls back on it)."""
        return int(self.match.group("y") or self.match.group("y2"))


def _find_date_line(view: View) -> DateLine | None:
    """Return the place-date line: the first date with its place ("Vĩnh Long, ngày 12 …"), else
    the first bare one. A receipt stamp ("ĐẾN Số: 4817 / Ngày 16/12/2024") dates the arrival."""
    zone = view.blocks[: max(view.header_end, 1)]
    bare: DateLine | None = None
    for k, b in enumerate(zone + view.blocks[-15:]):
        text, f = b.text, b.f
        m = PLACE_DATE.search(f)
        if not m and re.search(r"\bngay\b", f) and k + 1 < len(zone):
            # A narrow header cell wraps "Nam Định, ngày 10 tháng 12 năm" / "2021".
            text = f"{b.text} {zone[k + 1].text}"
            f = fold_aligned(text)
            m = PLACE_DATE.search(f)
        if not m:
            continue
        if m.group("place"):
            return DateLine(m, text, b)
        stamped = any(_RECEIPT_STAMP.match(x.f) for x in zone[max(0, k - 2) : k + 1])
        if bare is None and not stamped:
            bare = DateLine(m, text, b)
    return bare


# The receipt stamp an office puts on what it receives: "ĐẾN", "Số: …", "Ngày: …".
_RECEIPT_STAMP = re.compile(r"^\W*d\W{0,2}e\W{0,2}n\b")


# "Báo cáo kết quả/tình hình/về ..." written in sentence case as the title, without a full stop.
_SENTENCE_TITLE = re.compile(
    r"^\W*bao cao\s+(?:ket qua|tinh hinh|ve\b|cong tac|so ket|tong ket|thuc hien)[^.:]{10,230}$"
)


def _bold_heading(b: ViewBlock) -> bool:
    """Return True for a short bold line that names a part of the report: no number, no full
    stop, a few words, outside tables, with a part's wording ("Kiến nghị", "Đánh giá")."""
    text = b.text.strip()
    return (
        b.loc.table is None
        and len(text.split()) <= 6
        and not text.endswith((".", ";", ",", ":"))
        and not HAS_DIGIT.search(text)
        and any(rx.search(b.f) for _, rx in _SECTION_KINDS)
    )


def build_view(doc: Document) -> View:
    """Return the view of a document: its non-empty blocks, header zone, title and parts."""
    blocks: list[ViewBlock] = []
    for i, b in enumerate(doc.blocks):
        # Blocks of bare punctuation are PDF debris (a heading's dot pushed onto its own line).
        if HAS_WORD_CHAR.search(b.text):
            blocks.append(ViewBlock(i, b.text, fold_aligned(b.text), b.location, b.bold))
    title_index = next((k for k, b in enumerate(blocks[:60]) if is_title(b.text, "bao cao")), None)
    if title_index is not None:
        header_end = title_index
    else:
        header_end = next(
            (k for k, b in enumerate(blocks[:25]) if len(b.text) > 150 or _BASIS.match(b.f)),
            min(len(blocks), 12),
        )
        # A sentence-case title on one line ("Báo cáo kết quả ... Quý I/2022") ends the header.
        title_index = next(
            (
                k
                for k, b in enumerate(blocks[:header_end])
                if b.loc.table is None and _SENTENCE_TITLE.match(b.f) and "nhu sau" not in b.f
            ),
            None,
        )
        if title_index is not None:
            header_end = title_index
    stack: list[tuple[int, str | None]] = []
    closing = False
    for k, b in enumerate(blocks):
        if k < header_end:
            b.kind = "header"
            continue
        if closing and _ANNEX.match(b.f) and len(b.text) < 80:
            # "PHỤ LỤC" after the signature: the annex's figures are the report's again.
            closing = False
            stack = [(0, "results")]
            b.heading_level, b.kind = 0, "results"
            continue
        if closing or is_closing(b.f):
            closing = True
            b.closing = True
            b.kind = "closing"
            continue
        b.basis = bool(_BASIS.match(b.f) or b.f.lstrip().startswith("kinh gui"))
        if b.loc.table is None or k > header_end + 2:
            b.heading_level = (
                _heading_level(doc.blocks[b.i], b.f) if k > (title_index or -1) + 1 else None
            )
        if (
            b.heading_level is None
            and not b.basis
            and b.loc.table is None
            and len(b.text) <= 100
            and b.text.rstrip().endswith(":")
            and _LEAD_IN.search(b.f)
        ):
            # "Đề xuất, kiến nghị:" / "... tập trung thực hiện một số nhiệm vụ sau:" open a part
            # without numbering: the deepest heading level.
            b.heading_level = PSEUDO_HEADING
        if b.heading_level is None and b.bold and _bold_heading(b):
            # An unnumbered bold line naming a part ("Kiến nghị", "Về người phát ngôn").
            b.heading_level = PSEUDO_HEADING
        if b.heading_level is not None:
            title = _NUMBERING.sub("", b.f, count=1)
            kind = next((name for name, rx in _SECTION_KINDS if rx.search(title)), None)
            if _COUNT_LINE.match(title):
                kind = None  # "3. Số lượt trả lời/tổng số đề nghị: 0/0" is a line of its part
            while stack and stack[-1][0] >= b.heading_level:
                stack.pop()
            # "a) Những kết quả đạt được" under "ĐÁNH GIÁ" heads the strengths, not results.
            if kind == "results" and stack and stack[-1][1] == "assessment":
                kind = "assessment" if STRENGTH_WORDS.search(title) else kind
            stack.append((b.heading_level, kind))
        b.kind = next((kd for _, kd in reversed(stack) if kd), "intro")
    return View(blocks, title_index, header_end)


# ---------------------------------------------------------------------------------------------
# Tables


def _build_tables(view: View) -> Tables:
    out: Tables = {}
    for b in view.blocks[view.header_end :]:
        loc = b.loc
        if loc.table is None or loc.row is None:
            continue
        row = out.setdefault(loc.table, {}).setdefault(loc.row, {})
        cell = loc.cell or 0
        if cell in row:
            prev = row[cell]
            text = prev.text + "\n" + b.text
            row[cell] = ViewBlock(
                prev.i, text, fold_aligned(text), prev.loc, prev.bold, None, prev.kind
            )
        else:
            row[cell] = b
    return {t: _under_header(rows) for t, rows in out.items()}


def _under_header(rows: dict[int, dict[int, ViewBlock]]) -> dict[int, dict[int, ViewBlock]]:
    """Return a PDF or OCR table's rows with each cell under its header's column.

    A reader that finds columns from where lines start gives a centred header and right-aligned
    numbers columns of their own ("Quý I" in column 2, its "143" in column 3). A row with as many
    cells as the header, each under a different header cell (the one it overlaps, else the one
    whose centre is nearest), takes the header's columns; a row with more cells than the header
    (a header cell spans several) keeps its own.
    """
    first = min(rows)
    header = rows[first]
    if any(hb.loc.box is None for hb in header.values()):
        return rows

    def under(b: ViewBlock) -> int | None:
        box = b.loc.box
        if box is None:
            return None
        spans = {
            c: min(hb.loc.box.x1, box.x1) - max(hb.loc.box.x0, box.x0) for c, hb in header.items()
        }
        best = max(spans, key=spans.__getitem__)
        if spans[best] > 0:
            return best
        # A right-aligned count beside no header text: the header whose centre is nearest.
        mid = (box.x0 + box.x1) / 2
        return min(
            header, key=lambda c: abs((header[c].loc.box.x0 + header[c].loc.box.x1) / 2 - mid)
        )

    out = {first: header}
    for r, row in rows.items():
        if r == first:
            continue
        moved = {c: under(b) for c, b in row.items()}
        if (
            set(row) != set(header)
            and len(row) == len(header)
            and None not in moved.values()
            and len(set(moved.values())) == len(row)
        ):
            row = {moved[c]: b for c, b in row.items()}
        out[r] = row
    return out


_NOT_ALNUM = re.compile(r"[\W_]")
_CELL_NOTE = re.compile(r"\s*\([^()]*\)\W*$")


# Columns that hold no counts: the row number ("TT", "STT", "Mục"), a rate ("Tỷ lệ (%)") or notes.
_NOT_COUNT_COLUMN = re.compile(r"^\W*(?:s?tt|so tt|muc|ma so|ty le\b.*|%.*|ghi chu)\W*$")
# "(3)": the form's item number written in a cell, never a count.
_ITEM_REFERENCE = re.compile(r"^\s*\(\s*\d{1,2}\s*\)\s*$")


def other_year_columns(heads: dict[int, str], year: int | None) -> set[int]:
    """Return the columns of a table comparing years ("Năm 2024 | Năm 2025 | Năm 2026", folded
    headers by column) that hold another year than the report's: empty unless the headers name
    two years or more and the report's among them."""
    years = {c: set(re.findall(r"\b(?:19|20)\d{2}\b", h)) for c, h in heads.items()}
    named = {y for ys in years.values() for y in ys}
    if year is None or len(named) < 2 or str(year) not in named:
        return set()
    return {c for c, ys in years.items() if ys and str(year) not in ys}


# A row's or item's number before its label, folded: "(3) Trả lời …", "3. Trả lời …"; in a scan
# the column rule between the number and the label is read as a bar: "(3) | Trả lời …", "8 | Kiến
# nghị", "(1) {| Số cuộc …".
ITEM_NUMBER = re.compile(r"^\W*\(?\d{1,2}(?:\s*[.)]|\s)[\s|{}\[\]]*(?=[a-z])")


def not_count_columns(header_row: dict[int, ViewBlock]) -> set[int]:
    """Return the columns of a table whose header says they hold no counts (row numbers,
    rates, notes)."""
    return {c for c, cb in header_row.items() if _NOT_COUNT_COLUMN.match(cb.f)}


def cell_number(b: ViewBlock) -> ParsedNumber | None:
    """Return the one number a table cell holds (a short note may follow it), else None."""
    text = b.text
    if _ITEM_REFERENCE.match(text):
        return None
    if text.rstrip().endswith(")") and (note := _CELL_NOTE.search(text)) and note.start() > 0:
        # "01 cuộc (họp báo về dịch sốt xuất huyết)": the note in brackets is not the value.
        text = text[: note.start()]
    nums = find_numbers(text)
    if (
        len(nums) == 1
        and len(_NOT_ALNUM.sub("", text)) <= len(_NOT_ALNUM.sub("", nums[0].text)) + 12
        and clean_number(text, nums[0])
        # Digits outside the number ("2g/7": the 7 after a misread digit) make the cell unsure;
        # a date is no debris ("02 cuộc, ngày 20/7").
        and _digit_count(_CELL_DATE.sub("", text)) == _digit_count(nums[0].text)
    ):
        return nums[0]
    return None


_CELL_DATE = re.compile(r"(?<![^\s(,;:])\d{1,2}/\d{1,2}(?:/\d{4})?(?![^\s),;.])")


def _digit_count(s: str) -> int:
    return sum(s.count(d) for d in "0123456789")


# Running headers and footers: a page number there is never the value of the line above it.
PAGE_FURNITURE = ("header", "footer")


def bare_number(b: ViewBlock) -> ParsedNumber | None:
    """Return the number of a block that holds only a number (a flattened table cell)."""
    n = cell_number(b) if b.loc.table is None else None
    if n is None or len(b.text.strip()) > len(n.text) + 12:
        return None
    return n


# Labels of the assessment ("Ưu điểm:", "b) Hạn chế, tồn tại"): the assessment reads them, and the
# requests skip them where one heading covers both ("ĐÁNH GIÁ, ĐỀ XUẤT").
_LABEL = re.compile(
    r"^\s*(?:[-+•*–]\s*|(?:phan\s+)?[ivx\d]+\s*[.)]\s*|[a-z]\s*[.)]\s*)?\**\s*(?:ve\s+)?"
    r"(?P<label>[^:]{2,90}?)\s*\**\s*(?::|$)"
)
LIMIT_WORDS = re.compile(
    r"han che|ton tai|khuyet diem|yeu kem|bat cap|kho khan|vuong mac|nhuoc diem"
    r"|\bmat (?:con )?chua\b|chua lam duoc"  # "Mặt chưa được:", "Những việc chưa làm được:"
)
_GENERAL_WORDS = re.compile(r"^(?:danh gia chung|nhan xet chung|danh gia|nhan xet)$")
_REQUEST_WORD = re.compile(r"de xuat|kien nghi|de nghi")
_STOP_WORDS = re.compile(r"nguyen nhan|bai hoc|giai phap|de xuat|kien nghi|nhiem vu|phuong huong")


def assessment_label(b: ViewBlock) -> tuple[str, int] | None:
    """Return (kind, content offset) of an assessment label opening a block, or None.

    kind: strength | limitation | general | stop. "Bên cạnh những kết quả đạt được, vẫn còn hạn
    chế:" is a limitation; "Đánh giá chung:" is a general verdict (a strength when nothing else is).
    """
    m = _LABEL.match(b.f)
    if not m:
        return None
    label = m.group("label").strip(" *.,")
    has_colon = m.group(0).rstrip().endswith(":")
    # A heading may name more ("b) Những hạn chế, tồn tại và nguyên nhân").
    most = 6 if b.heading_level is None else 9
    if not has_colon and (
        len(label.split()) > most or (b.heading_level is None and len(b.text) > 40)
    ):
        return None
    if len(label.split()) > 12:
        return None
    if LIMIT_WORDS.search(label):
        kind = "limitation"
    elif STRENGTH_WORDS.search(label):
        # "A. KẾT QUẢ ĐẠT ĐƯỢC" can head the whole results part: a label only inside an
        # assessment or with its own text after a colon.
        if "ket qua" in label and not (has_colon or b.kind == "assessment"):
            return None
        kind = "strength"
    elif _GENERAL_WORDS.match(label) and has_colon:
        kind = "general"
    elif _STOP_WORDS.search(label):
        kind = "stop"
    else:
        return None
    return kind, m.end() if has_colon else len(b.text)


def is_assessment_item(b: ViewBlock) -> bool:
    """Return True for an assessment line standing among the requests, under a heading such as
    "ĐÁNH GIÁ, ĐỀ XUẤT": a strength or limitation label with its own text ("- Tồn tại: ...")
    that asks nothing ("Để khắc phục khó khăn trên, đề nghị: ..." is a request)."""
    lab = assessment_label(b)
    if lab is None or lab[0] in ("stop", "general") or not b.text[lab[1] :].strip(" *:"):
        return False
    return not _REQUEST_WORD.search(b.f[: lab[1]])
