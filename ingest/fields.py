"""Pure extraction rules: Document -> field values with evidence and confidence. No I/O.

The rules follow the structure of Vietnamese administrative reports (see /work/shared/DOMAIN.md):
a two-column header (parent body and agency | motto, number | place and date), the title, the
"báo cáo ... như sau" sentence, numbered sections (results, assessment, tasks, recommendations),
recipients and signature. Matching is done on an accent-free, lowercase copy of each block that
keeps the original character offsets (``_fold_aligned``), so values are always cut from the
original text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from itertools import pairwise

from ingest.classify import is_title
from ingest.document import Block, Document, Location
from ingest.record import FieldValue
from ingest.registry import Match, Registry, name_key
from ingest.text import NUM_WORDS_FOLDED as NUMBER_WORDS  # number words, folded
from ingest.text import ParsedNumber, fold
from ingest.text import find_numbers as _find_numbers_uncached
from ingest.topics import GUIDANCE_ON_SKILLS, topics_for

MONTHS: dict[str, int] = {"year": 12, "h1": 6, "9m": 9, "q1": 3, "q2": 3, "q3": 3, "q4": 3}
_PERIOD_END: dict[str, tuple[int, int]] = {
    "year": (12, 31),
    "h1": (6, 30),
    "9m": (9, 30),
    "q1": (3, 31),
    "q2": (6, 30),
    "q3": (9, 30),
    "q4": (12, 31),
}
QUOTE_MAX = 300

PROVINCES: tuple[str, ...] = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
    "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
    "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An",
    "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
    "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
    "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Hồ Chí Minh",
    "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái", "Huế",
)  # fmt: skip
_PROVINCE_BY_KEY = {" ".join(re.sub(r"[^a-z ]", " ", fold(p)).split()): p for p in PROVINCES}

SURNAMES = frozenset(
    fold(s)
    for s in [
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Đinh",
        "Đoàn",
        "Lương",
        "Trịnh",
        "Mai",
        "Đào",
        "Cao",
        "Lâm",
        "Hà",
        "Tạ",
        "Tô",
        "Chu",
        "Đồng",
        "Kiều",
        "Lưu",
        "Quách",
        "Trương",
        "Vương",
        "Nghiêm",
        "Phùng",
        "Khuất",
        "Triệu",
        "Thái",
        "Tăng",
        "Lại",
        "Lò",
        "Giáp",
        "Cù",
        "Thân",
        "Âu",
        "Nông",
        "Hứa",
        "Diệp",
        "Quan",
        "Tống",
        "Mạc",
        "Doãn",
        "Khổng",
        "La",
        "Bạch",
        "Tiêu",
        "Đàm",
        "Ninh",
        "Từ",
        "Hàn",
        "Lã",
        "Lục",
        "Hầu",
        "Viên",
        "Kim",
        "Vi",
        "Lưu",
        "Tôn",
        "Phí",
        "Khúc",
        "Đậu",
        "Mẫn",
        "Bế",
        "Hoàng",
        # Thái, H'Mông, Khmer and Central Highlands surnames (Sơn La, Lào Cai, Kiên Giang, Gia Lai).
        "Cầm",
        "Lường",
        "Quàng",
        "Tòng",
        "Điêu",
        "Giàng",
        "Sùng",
        "Thào",
        "Danh",
        "Thạch",
        "Ksor",
        "Siu",
    ]
)


# ---------------------------------------------------------------------------------------------
# Text helpers


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c.isspace():
        return " "
    f = fold(c)
    return f if len(f) == 1 else c.lower()[:1] or " "


class _FoldCharTable(dict):
    """``str.translate`` table: code point -> ``_fold_char`` of it, filled in on first use.

    Every character maps to exactly one character, so translating keeps offsets, like
    ``"".join(_fold_char(c) for c in s)`` does, at C speed.
    """

    def __missing__(self, cp: int) -> str:
        out = _fold_char(chr(cp))
        if len(self) < 8192:  # bounded, like _fold_char's cache: odd characters are not kept
            self[cp] = out
        return out


_FOLD_CHAR_TABLE = _FoldCharTable()


def _fold_aligned(s: str) -> str:
    """Return fold(s) character by character, so offsets in the result are offsets in ``s``."""
    return s.translate(_FOLD_CHAR_TABLE)


# Numbers and sentence spans found per text while one document is extracted: the rules look at
# the same cells and blocks several times. Lives only for one `extract` call (a context
# variable: thread-safe); the memoised lists are only read.
_MEMO: ContextVar[dict[tuple[str, str], list] | None] = ContextVar("_MEMO", default=None)


def _memoised(kind: str, text: str, compute: Callable[[str], list]) -> list:
    """Return ``compute(text)``, remembered under (kind, text) during one document's extraction."""
    memo = _MEMO.get()
    if memo is None:
        return compute(text)
    found = memo.get((kind, text))
    if found is None:
        found = memo[(kind, text)] = compute(text)
    return found


def find_numbers(text: str) -> list[ParsedNumber]:
    """Return ``ingest.text.find_numbers(text)``, memoised during one document's extraction.

    A number restated in brackets ("175 (một trăm bảy mươi lăm) tin, bài", "02 (hai) cuộc")
    spans the brackets too, so that the counted noun follows it.
    """
    return _memoised("numbers", text, _numbers_with_restatement)


_RESTATED = re.compile(r"\s*\(([^()]{1,60})\)")


def _numbers_with_restatement(text: str) -> list[ParsedNumber]:
    nums = _find_numbers_uncached(text)
    if "(" not in text:
        return nums
    out = []
    for n in nums:
        m = _RESTATED.match(text, n.end)
        if m and _restates(m.group(1), n.value):
            n = replace(n, end=m.end(), text=text[n.start : m.end()])
        out.append(n)
    return out


def _restates(inner: str, value: int | float) -> bool:
    """Return True when ``inner`` writes ``value`` again: in number words or in digits."""
    words = fold(inner).split()
    if not words:
        return False
    if all(w in NUMBER_WORDS for w in words):
        # One word alone ("hai") is not parsed without a counted noun after it.
        found = _find_numbers_uncached(inner)
        return not found or found[0].value == value
    found = _find_numbers_uncached(inner)
    return len(found) == 1 and found[0].value == value and found[0].text.strip() == inner.strip()


_HAS_DIGIT = re.compile(r"\d")
_HAS_WORD_CHAR = re.compile(r"\w")
_NOT_ALNUM = re.compile(r"[\W_]")
_SLASH_DIGIT = re.compile(r"/\s*\d")
_TOTAL_COLUMN = re.compile(r"^\s*(tong|cong|ca nam|luy ke)")

# OCR debris around a count. Scanned tables give "2g/" for "257", "_057", "25|": a digit misread as
# a letter or a symbol, glued to the digits that were read. Only blanks and ordinary punctuation
# may touch a count's digits; letters right after them only when they spell a counted noun run
# together ("02cuộc", "257tin"). A wrong count passes review, a missing one is flagged: such a
# number is not read at all.
# Also any blank. find_numbers skips digits after a letter or "/.,:"; ":" stands before ratios.
_CLEAN_BEFORE = frozenset('(["“‘:-–—•')
_CLEAN_AFTER = frozenset(')],.;:%"”’-–—(…')  # also any blank
_GLUED_NOUNS = frozenset(["tin", "bai", "cuoc", "lan", "buoi", "luot", "vu", "yeu", "ky", "phien"])
_LETTERS_AT = re.compile(r"[^\W\d_]+")


def _glued(text: str, start: int, end: int) -> bool:
    """Return True when the digits at text[start:end] touch OCR debris (see _CLEAN_BEFORE)."""
    if start > 0 and (c := text[start - 1]) not in _CLEAN_BEFORE and not c.isspace():
        return True
    if end < len(text) and (c := text[end]) not in _CLEAN_AFTER and not c.isspace():
        if not c.isalpha():
            return True
        m = _LETTERS_AT.match(text, end)
        return m is None or fold(m.group()).lower() not in _GLUED_NOUNS
    return False


def _clean_number(text: str, n: ParsedNumber) -> bool:
    """Return False for a number in digits glued to OCR debris ("2g/", "_057"); number words are
    whole words already."""
    return not (_HAS_DIGIT.search(n.text) and _glued(text, n.start, n.end))


_SPOKESPERSON_LABEL = re.compile(r"\W*(?:ho (?:va )?ten,? )?nguoi phat ngon\W*")


def _squash(s: str) -> str:
    return " ".join(s.split())


def _quote(s: str) -> str:
    s = _squash(s)
    return s if len(s) <= QUOTE_MAX else s[: QUOTE_MAX - 1].rstrip() + "…"


def _cap_first(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


_SENT_SPLIT = re.compile(r"(?<=[.!?;])\s+(?=[\"“(]?[A-ZÀ-ỸĐ0-9*-])|\n+")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences (and ';' clauses) of a block."""
    return _memoised("sentences", text, _split_sentences)


def _split_sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENT_SPLIT.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def province_from_text(s: str) -> str | None:
    """Return the province named at the start of ``s`` (longest known name), or None."""
    key = " ".join(re.sub(r"[^a-z ]", " ", fold(s)).split())
    best = None
    for pk, name in _PROVINCE_BY_KEY.items():
        if (key == pk or key.startswith(pk + " ")) and (best is None or len(pk) > len(best[0])):
            best = (pk, name)
    return best[1] if best else None


# ---------------------------------------------------------------------------------------------
# Document layout: header zone, title, headings and the section each block belongs to


_NUMBERING = re.compile(
    r"^\s*(?:(?P<part>phan\s+(?:[ivx]+|\d+|thu\s+\w+))|(?P<roman>[ivx]+)\s*[.)/:-]"
    r"|(?P<multi>\d+\.\d+(?:\.\d+)*)\.?|(?P<num>\d{1,2})\s*[.)/-]|(?P<bare>\d)\s+(?=\S)"
    r"|(?P<letter>[a-z])\s*[.)])\s*"
)
_MARKER = re.compile(r"^\s*(?:[-+•*–—·>]+|\(?\d+[.)]|\(?[a-zđ][.)]|[ivx]+[.)])\s*")
_SECTION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("recommendations", re.compile(r"kien nghi|de xuat|de nghi")),
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
# Where the body ends: the closing sentence, recipients, signature ("TM.", "KT." lines are short).
# Unnumbered lead-in lines that open a part ("Đề xuất, kiến nghị:", "nhiệm vụ sau:").
PSEUDO_HEADING = 4
_LEAD_IN = re.compile(
    r"^\W*(?:cac\s+)?(?:de xuat|kien nghi)|nhiem vu (?:sau|nhu sau|trong tam)|giai phap sau"
)
_CLOSING = re.compile(
    r"^\s*(?:tren day la|noi nhan|\(?ky,? ghi ro|(?:tm|kt|ttl|tl)\.\s.{0,40}$)"
    r"|^.{0,120}\btran trong bao cao\W*$|^.{0,200}\./\.\s*$"
)
# What a block must hold for _CLOSING to match it (its three branches), checked first: the
# regex's ".{0,200}" branches scan every block. Folded text has " " for every whitespace.
_CLOSING_STARTS = ("tren day la", "noi nhan", "(ky", "ky", "tm.", "kt.", "ttl.", "tl.")


def _is_closing(f: str) -> bool:
    """Return whether a folded block opens the closing part (see _CLOSING)."""
    if "./." in f or "tran trong bao cao" in f or f.lstrip(" ").startswith(_CLOSING_STARTS):
        return _CLOSING.match(f) is not None
    return False


_BASIS = re.compile(
    r"^\s*[-+]?\s*(?:can cu|thuc hien (?:quyet dinh|cong van|van ban|ke hoach|chi thi|huong dan"
    r"|nghi dinh|thong tu|che do|y kien|chi dao)|theo (?:de nghi|quyet dinh|cong van|van ban))"
)


@dataclass
class _B:
    """A non-empty block with its folded copy and layout facts."""

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
class _Layout:
    blocks: list[_B]
    title_index: int | None  # index into blocks of the "BÁO CÁO" title (None: not found)
    header_end: int  # blocks[:header_end] are the header zone
    tables: dict[int, dict[int, dict[int, _B]]] | None = field(default=None, repr=False)

    def body(self) -> Iterator[_B]:
        return iter(self.blocks[self.header_end :])


# "Báo cáo kết quả/tình hình/về ..." written in sentence case as the title, without a full stop.
_SENTENCE_TITLE = re.compile(
    r"^\W*bao cao\s+(?:ket qua|tinh hinh|ve\b|cong tac|so ket|tong ket|thuc hien)[^.:]{10,230}$"
)


def _bold_heading(b: _B) -> bool:
    """Return True for a short bold line that names a part of the report: no number, no full
    stop, a few words, outside tables, with a part's wording ("Kiến nghị", "Đánh giá")."""
    text = b.text.strip()
    return (
        b.loc.table is None
        and len(text.split()) <= 6
        and not text.endswith((".", ";", ",", ":"))
        and not _HAS_DIGIT.search(text)
        and any(rx.search(b.f) for _, rx in _SECTION_KINDS)
    )


def _layout(doc: Document) -> _Layout:
    blocks: list[_B] = []
    for i, b in enumerate(doc.blocks):
        # Blocks of bare punctuation are PDF debris (a heading's dot pushed onto its own line).
        if _HAS_WORD_CHAR.search(b.text):
            blocks.append(_B(i, b.text, _fold_aligned(b.text), b.location, b.bold))
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
        if closing or _is_closing(b.f):
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
            while stack and stack[-1][0] >= b.heading_level:
                stack.pop()
            # "a) Những kết quả đạt được" under "ĐÁNH GIÁ" heads the strengths, not results.
            if kind == "results" and stack and stack[-1][1] == "assessment":
                kind = "assessment" if _STRENGTH_WORDS.search(title) else kind
            stack.append((b.heading_level, kind))
        b.kind = next((kd for _, kd in reversed(stack) if kd), "intro")
    return _Layout(blocks, title_index, header_end)


# ---------------------------------------------------------------------------------------------
# Header: agency, province, number, date


_MOTTO = re.compile(
    r"cong\s*hoa\s*xa\s*hoi\s*chu\s*nghia\s*viet\s*nam|doc\s*lap\s*[-–—,.]?\s*tu\s*do\s*[-–—,.]?\s*"
    r"hanh\s*phuc|[-_=*…]{3,}"
)
_NUMBER_LINE = re.compile(r"\bso\s*(?:hieu)?\s*[:.]\s*[^\s]*\s*(?:/\s*[^\s]+)?")
_PLACE_DATE = re.compile(
    r"(?:(?P<place>[^\n,;:]{2,40}?)\s*,\s*|^\s*)ngay\s*(?P<d>\d{1,2}"
    r"|[ .…_—–-]*)\s*(?:thang\s*(?P<m>\d{1,2}|[ .…_—–-]*)"
    r"\s*nam\s*(?P<y>\d{4})|[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4}))"
)
_VV_LINE = re.compile(r"\bv\s*/\s*v\b.*")
# "UBND TỈNH X", "UBND THÀNH PHỐ CẦN THƠ", "UBND TP. CẦN THƠ" (dots are blanked before).
_PARENT = re.compile(r"^(?:uy ban nhan dan|ubnd)\s+(?:tinh|thanh pho|tp)\s+(?P<p>.+)$")
_UBND_ALONE = re.compile(r"^(?:uy ban nhan dan|ubnd)$")
_LOCAL = re.compile(r"^(?:huyen|thi xa|thanh pho|tp\.?|quan)\s+\S")
_PROVINCE_LINE = re.compile(r"^tinh\s+(?P<p>.+)$")


def _header_lines(layout: _Layout) -> list[tuple[str, _B]]:
    """Return the left-column lines of the header (agency side), motto/number/date removed."""
    out: list[tuple[str, _B]] = []
    for b in layout.blocks[: layout.header_end]:
        for line in b.text.split("\n"):
            f = _fold_aligned(line)
            keep = [True] * len(line)
            for rx in (_MOTTO, _NUMBER_LINE, _VV_LINE, _PLACE_DATE):
                for m in rx.finditer(f):
                    keep[m.start() : m.end()] = [False] * (m.end() - m.start())
            kept = "".join(c if k else " " for c, k in zip(line, keep, strict=True))
            kept = _squash(kept).strip(" -–,.:;*")
            if len(kept) >= 3 and not re.fullmatch(r"[\W\d_]+", kept):
                out.append((kept, b))
    return out


def _smart_case(s: str) -> str:
    """Return an ALL-CAPS header line in the usual case: "SỞ Y TẾ" -> "Sở Y tế".

    The first word and the word after an organisation word (Sở, Ban, Cục ...) are capitalised;
    after a place word (tỉnh, huyện, thành phố ...) every word is, since it is a place name.
    """
    if not s.isupper():
        return s
    out: list[str] = []
    place = False
    cap_next = True
    prev = ""
    for w in s.lower().split():
        out.append(w[:1].upper() + w[1:] if cap_next or place else w)
        place = place or w in ("tỉnh", "huyện", "xã", "phố", "quận", "phường")
        cap_next = w in ("sở", "cục", "tâm", "viện") or (w == "ban" and prev not in ("ủy", "uỷ"))
        prev = w
    return re.sub(r"\bubnd\b", "UBND", " ".join(out), flags=re.I)


@dataclass
class _Header:
    lines: list[tuple[str, _B]] | None = None
    parent: str | None = None
    province: str | None = None
    agency_lines: list[tuple[str, _B]] | None = None
    agency_text: str | None = None
    agency_block: _B | None = None


def _parse_header(layout: _Layout) -> _Header:
    lines = _header_lines(layout)
    h = _Header(lines=lines)
    if not lines:
        return h
    folded = [" ".join(re.sub(r"[^a-z0-9 &]", " ", fold(t)).split()) for t, _ in lines]
    k = 0
    # "ỦY BAN NHÂN DÂN" on its own line, then "TỈNH X" (parent) or "HUYỆN X" (the agency itself).
    if _UBND_ALONE.match(folded[0]) and len(lines) > 1:
        nxt = folded[1]
        if _PROVINCE_LINE.match(nxt):
            h.parent = f"{lines[0][0]} {lines[1][0]}"
            h.province = province_from_text(_PROVINCE_LINE.match(nxt).group("p"))
            k = 2
        elif _LOCAL.match(nxt):
            h.agency_text = _smart_case(f"{lines[0][0]} {lines[1][0]}")
            h.agency_block = lines[1][1]
            h.agency_lines = lines[:2]
            rest = lines[2:4]
            if rest and not _looks_like_place_or_misc(folded[2]):
                h.parent = h.agency_text
                h.agency_text = _smart_case(" ".join(t for t, _ in rest[:1]))
                h.agency_block = rest[0][1]
            return h
    elif (m := _PARENT.match(folded[0])) is not None:
        h.parent = lines[0][0]
        h.province = province_from_text(m.group("p"))
        k = 1
        if h.province is None and len(lines) > 1:
            # A narrow column wraps "ỦY BAN NHÂN DÂN TỈNH HÀ" / "NAM".
            joined = province_from_text(f"{m.group('p')} {folded[1]}")
            if joined:
                h.parent, h.province, k = f"{lines[0][0]} {lines[1][0]}", joined, 2
    rest = [
        (t, b)
        for (t, b), f in zip(lines[k:], folded[k:], strict=True)
        if not _looks_like_place_or_misc(f)
    ]
    if rest:
        # The agency name may wrap onto a second line ("BAN QUẢN LÝ CÁC KHU" / "CÔNG NGHIỆP").
        h.agency_lines = rest[:2]
        h.agency_text = _smart_case(rest[0][0])
        h.agency_block = rest[0][1]
    elif (
        h.parent
        and k == 1
        and re.match(r"^(?:ubnd|uy ban nhan dan)\s+(?:huyen|thi xa|thanh pho|tp|quan)", folded[0])
    ):
        h.agency_text = _smart_case(lines[0][0])
        h.agency_block = lines[0][1]
    if h.agency_text is None and k == 1 and not rest:
        h.agency_text, h.agency_block = _smart_case(lines[0][0]), lines[0][1]
    return h


def _looks_like_place_or_misc(f: str) -> bool:
    return bool(re.match(r"^(?:ngay\b|v v\b|kinh gui|mau so|bieu)", f)) or len(f) < 3


# Registry.match scores are at most this (1.0 for an exact name, less otherwise).
MAX_MATCH_SCORE = 1.0


def _extract_agency(
    layout: _Layout,
    header: _Header,
    registry: Registry | None,
    on: date | None,
    province: str | None,
) -> tuple[FieldValue | None, Match | None]:
    """Return the agency (canonical when the registry knows it) and its registry match."""
    candidates: list[tuple[str, _B, float]] = []  # (name, block, base confidence)
    if header.agency_text:
        names = [header.agency_text]
        if header.agency_lines and len(header.agency_lines) > 1:
            names.append(" ".join(t for t, _ in header.agency_lines))
        if header.parent:
            names.append(f"{header.agency_text} {header.parent}")
        for n in names:
            candidates.append((n, header.agency_block, 0.97))
    for b in list(layout.body())[:12]:
        if b.basis and "bao cao" not in b.f:
            continue
        m = re.search(
            r"(?:^|[,;:.]\s*)([^,;:.]{3,90}?)\s+(?:xin\s+|tran trong\s+|kinh\s+)?bao cao\b", b.f
        )
        if m and ("nhu sau" in b.f or "ket qua" in b.f):
            subj = b.text[m.start(1) : m.end(1)].strip()
            subj = re.sub(r"^(?:nam \d{4}|trong \S+ \S+|vi vay|do do)\s+", "", subj, flags=re.I)
            candidates.append((subj, b, 0.85))
            break
    if registry is not None and header.lines:
        # Wrapped or interleaved header lines: any run of up to four left-column lines.
        lines = header.lines
        for i in range(len(lines)):
            for j in range(i + 1, min(len(lines), i + 4) + 1):
                text = " ".join(t for t, _ in lines[i:j])
                candidates.append((text, lines[i][1], 0.9))
    if not candidates:
        return None, None
    if registry is None:
        name, b, conf = candidates[0]
        return FieldValue(name, 0.8 if conf > 0.9 else 0.6, _quote(b.text), b.loc), None
    best: tuple[float, Match, _B] | None = None
    for name, b, conf in candidates:
        if best is not None and conf * MAX_MATCH_SCORE <= best[0]:
            continue  # cannot beat the best (only a higher score replaces it): no lookup
        # Prefer agencies that existed in the reporting period; others only at a lower score.
        for when, penalty in ((on, 1.0), (None, 0.7)):
            m = registry.match(name, on=when, province=province)
            if m:
                score = m.score * conf * (penalty if on else 1.0)
                if best is None or score > best[0]:
                    best = (score, m, b)
                break
    if best is None:
        name, b, _ = candidates[0]
        return FieldValue(name, 0.4, _quote(b.text), b.loc), None
    score, match, b = best
    return FieldValue(match.name, round(min(score, 0.99), 3), _quote(b.text), b.loc), match


_PLACE_PREFIX = re.compile(r"^(?:tp\b\.?|thanh pho|tinh)\s*")


def _place_province(layout: _Layout) -> tuple[str, _B] | None:
    """Return the province named as the place of the place-date line ("Cần Thơ, ngày ...")."""
    for b in layout.blocks[: layout.header_end]:
        m = _PLACE_DATE.search(b.f)
        if m:
            place = _PLACE_PREFIX.sub("", b.f[m.start("place") : m.end("place")].strip())
            if p := province_from_text(place):
                return p, b
    return None


def _extract_province(
    layout: _Layout, header: _Header, agency_province: str | None
) -> FieldValue | None:
    if header.province:
        b = header.agency_block or layout.blocks[0]
        src = next((bb for bb in layout.blocks[: layout.header_end] if "tinh" in bb.f), b)
        return FieldValue(header.province, 0.95, _quote(src.text), src.loc)
    if agency_province:
        b = header.agency_block or layout.blocks[0]
        return FieldValue(agency_province, 0.85, _quote(b.text), b.loc)
    if placed := _place_province(layout):
        p, b = placed
        return FieldValue(p, 0.85, _quote(b.text), b.loc)
    for b in layout.blocks[: layout.header_end + 6]:
        for m in re.finditer(r"\btinh\s+", b.f):
            p = province_from_text(b.text[m.end() : m.end() + 30])
            if p:
                return FieldValue(p, 0.7, _quote(b.text), b.loc)
    return None


_REPORT_NO = re.compile(
    r"\bs[oe]\s*(?:hieu)?\s*[:.]?\s*(?P<n>\d*)\s*(?P<rest>/\s*[a-z0-9][a-z0-9.&\-]*(?:\s*-\s*[a-z0-9&.]+)?)",
)


def _extract_number(layout: _Layout) -> FieldValue | None:
    zone = layout.blocks[: max(layout.header_end, 1)]
    for b in zone:
        for m in _REPORT_NO.finditer(b.f):
            number, rest = m.group("n"), b.text[m.start("rest") : m.end("rest")]
            if not number:
                return FieldValue(None, 0.9, _quote(b.text), b.loc)
            value = number + re.sub(r"\s+", "", rest).rstrip(".")
            return FieldValue(value, 0.95, _quote(b.text), b.loc)
    return None


def _extract_date(layout: _Layout) -> tuple[FieldValue | None, int | None]:
    """Return the report date (None as value when the day or month is blank or garbled) and the
    year the date line names, which a title without one falls back on."""
    zone = layout.blocks[: max(layout.header_end, 1)]
    for k, b in enumerate(zone + layout.blocks[-15:]):
        text, f = b.text, b.f
        m = _PLACE_DATE.search(f)
        if not m and re.search(r"\bngay\b", f) and k + 1 < len(zone):
            # A narrow header cell wraps "Nam Định, ngày 10 tháng 12 năm" / "2021".
            text = f"{b.text} {zone[k + 1].text}"
            f = _fold_aligned(text)
            m = _PLACE_DATE.search(f)
        if not m:
            continue
        d, mo, y = m.group("d"), m.group("m") or m.group("m2"), m.group("y") or m.group("y2")
        quote = _quote(text[m.start() : m.end()])
        try:
            if d and d.strip(" ._…—–-") and mo and mo.strip(" ._…—–-"):
                value = date(int(y), int(mo), int(d)).isoformat()
                return FieldValue(value, 0.95, quote, b.loc), int(y)
        except ValueError:
            return FieldValue(None, 0.5, quote, b.loc), int(y)
        return FieldValue(None, 0.9, quote, b.loc), int(y)
    return None, None


# ---------------------------------------------------------------------------------------------
# Period and year


_CITATION = re.compile(
    r"(?:quyet dinh|cong van|van ban|ke hoach|nghi dinh|thong tu|chi thi|huong dan|bao cao|to trinh"
    r"|thong bao|nghi quyet|luat|quy che|quy dinh)\s+(?:so\s+)?[\w./&-]*\d[\w./&-]*"
    r"(?:\s+ngay\s+\d{1,2}\s*(?:/\s*\d{1,2}\s*/\s*\d{2,4}|thang\s+\d{1,2}\s+nam\s+\d{4}))?"
    r"|\d+\s*/\s*\d{4}\s*/\s*[a-z0-9&.-]+|\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}"
    r"|ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}|giai doan\s+\d{4}\s*[-–]\s*\d{4}"
)
_WINDOW = re.compile(
    r"tu\s+(?:ngay\s+)?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s+den\s+(?:ngay\s+)?(\d{1,2})\s*/\s*"
    r"(\d{1,2})\s*/\s*(\d{4})"
)
# Roman numerals also as their own characters ("Quý Ⅲ", U+2160 block; folded to lowercase).
_QUARTER = re.compile(r"\bquy\s+(iv|i{1,3}|[1-4]|mot|hai|ba|bon|[ⅰⅱⅲⅳ])\b")
_QUARTER_NUM = {
    "ⅰ": 1,
    "ⅱ": 2,
    "ⅲ": 3,
    "ⅳ": 4,
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
}
_H1 = re.compile(
    r"\b(?:0?6|sau)\s+thang\s+dau(?:\s+nam)?\b|\bnua dau nam\b|\b(?:0?6|sau)\s+thang\s+nam\b"
)
_H2 = re.compile(r"\b(?:0?6|sau)\s+thang\s+cuoi(?:\s+nam)?\b")
_9M = re.compile(r"\b(?:0?9|chin)\s+thang\b")
_YEAR = re.compile(r"(?<![\d/.])(19[89]\d|20\d\d)(?![\d/])")


def _period_in(f: str) -> tuple[str | None, int | None]:
    """Return (period, year) stated in folded text with citations removed."""
    w = _WINDOW.search(f)
    if w:
        d1, m1, y1, d2, m2, y2 = (int(x) for x in w.groups())
        months = (y2 - y1) * 12 + (m2 - m1) + (1 if d2 >= 28 or d1 > 10 else 0)
        period = "year" if months >= 11 else "h1" if months == 6 else "9m" if months == 9 else None
        if months == 3:
            period = f"q{(m2 - 1) // 3 + 1}"
        return period, y2
    f = re.sub(r"\b(quy\s+(?:iv|i{1,3}|[1-4]))\s*[/-]\s*(\d{4})\b", r"\1 nam \2", f)
    text = _CITATION.sub(" ", f)
    period = None
    if re.search(r"\bca nam\b", text) and _YEAR.search(text):
        # "quý IV và cả năm 2021" reports the whole year.
        period = "year"
    elif q := _QUARTER.search(text):
        period = f"q{_QUARTER_NUM[q.group(1)]}"
    elif _H1.search(text):
        period = "h1"
    elif _H2.search(text):
        period = "h2"
    elif _9M.search(text):
        period = "9m"
    # "... năm 2022 và phương hướng, nhiệm vụ năm 2023": the plan's year is not the report's.
    years = [
        int(m.group(1))
        for m in _YEAR.finditer(text)
        if not re.search(
            r"phuong huong|nhiem vu|ke hoach|du kien|muc tieu", text[: m.start()][-45:]
        )
    ] or [int(y) for y in _YEAR.findall(text)]
    year = years[0] if years else None
    if year and not period:
        period = "year"
    return period, year


def _extract_period(
    layout: _Layout, date_year: int | None
) -> tuple[FieldValue | None, FieldValue | None]:
    sources: list[tuple[_B, float]] = []
    if layout.title_index is not None:
        t = layout.title_index
        for b in layout.blocks[t : t + 4]:
            if b is not layout.blocks[t] and (
                len(b.text) > 220 or b.basis or "nhu sau" in b.f or _is_closing(b.f)
            ):
                break
            sources.append((b, 0.95))
    for b in list(layout.body())[:15]:
        if b.basis and "bao cao" not in b.f:
            continue
        if "bao cao" in b.f and ("nhu sau" in b.f or "ket qua" in b.f):
            sources.append((b, 0.85))
    for b in layout.blocks:
        if b.closing and b.f.lstrip().startswith("tren day"):
            sources.append((b, 0.8))
    period = year = None
    pb = yb = None
    pc = yc = 0.0
    for b, conf in sources:
        f = b.f
        if b.basis:
            # "Thực hiện Công văn số ..., Sở X báo cáo ... năm 2020 như sau": keep the report part.
            cut = f.rfind("bao cao")
            f = f[max(0, f.rfind(",", 0, cut)) :]
        p, y = _period_in(f)
        if p and period is None and not (p == "year" and y is None):
            period, pb, pc = p, b, conf
        if y and year is None:
            year, yb, yc = y, b, conf
        if period and year:
            break
    if year is None and date_year:
        year, yc = date_year, 0.5
        if period is None:
            period, pc = "year", 0.5
    if period == "year" and year is None:
        period = None
    pv = yv = None
    if year is not None:
        yv = FieldValue(year, yc, _quote(yb.text) if yb else None, yb.loc if yb else None)
    if period is not None:
        src = pb or yb
        pv = FieldValue(period, pc, _quote(src.text) if src else None, src.loc if src else None)
    return pv, yv


# ---------------------------------------------------------------------------------------------
# Spokesperson


_HONORIFIC = re.compile(r"(?:^|[\s(:,;-])(?:ong|ba|dong chi|d/c|d\.c|dc)\.?$")
_TITLE_START = re.compile(
    # "Quyền Giám đốc": the acting head.
    r"\b(?:pho\s+|quyen\s+)?(?:giam doc|chu tich|chanh van phong|chanh thanh tra|chanh an"
    r"|truong ban|truong phong"
    r"|chi cuc truong|thu truong|tong bien tap|bi thu|hieu truong|vien truong|cuc truong"
    r"|tong giam doc"
    r"|chanh)\b"
)
_TITLE_STOP = frozenset(
    [
        "truc",
        "phat",
        "cung",
        "la",
        "lam",
        "duoc",
        "da",
        "va",
        "theo",
        "chiu",
        "co",
        "thuc",
        "kiem",
        "phu",
        "ong",
        "ba",
        "dong",
        "nguoi",
        "thuong",
        "trong",
        "se",
        "neu",
        "khi",
        "uy",
        "cho",
        "dong",
        "thoi",
        "tai",
        "de",
        "voi",
        "nay",
        "do",
        "vang",
        "giao",
        "dam",  # "Phó Giám đốc Sở đảm nhiệm": the verb after the title
    ]
)


_PUNCT = ',.;:()–-—"“”'
_PLACE_BEFORE = re.compile(
    r"(?:huyen|thi xa|thanh pho|tp|tinh|xa|phuong|thi tran|quan|song|duong|pho)\W*$"
)
_ORG_WORD = re.compile(
    r"\b(?:so|ban|ubnd|uy ban|van phong|thanh tra|chi cuc|trung tam|phong|cuc)\b"
)
_CHANGE_CUE = re.compile(
    r"thay doi|tu thang|hien nay|thay the|chuyen cong tac|nghi huu|den nay|ke tu ngay"
)


# "phụ trách" ends a title, or goes on with the agency it heads ("phụ trách Sở", "phụ trách Văn
# phòng"); before anything else ("phụ trách lĩnh vực", "phụ trách công tác ...") it is a remit.
_IN_CHARGE = re.compile(
    r"phu trach(?=\s*(?:$|[,;.:()–\-]|(?:so|van phong|ban|ubnd|uy ban|thanh tra|chi cuc"
    r"|trung tam|cuc)\b))"
)


def _person_follows(text: str) -> bool:
    """Return True when ``text`` opens with a surname, "Văn"/"Thị" and a given name: a person,
    even after a place word ("Phó Chủ tịch UBND thành phố Trần Văn Long"). Place names do not
    take the middle names Văn/Thị after a surname ("thành phố Hồ Chí Minh", "huyện Lý Nhân")."""
    words = text.split()[:3]
    return (
        len(words) == 3
        and all(_is_name_token(w) for w in words)
        and fold(words[0]) in SURNAMES
        and fold(words[1]) in ("van", "thi")
    )


def _is_name_token(w: str) -> bool:
    w = w.strip(_PUNCT)
    return len(w) >= 1 and w[0].isupper() and (len(w) == 1 or w[1:].islower()) and w.isalpha()


_CAPS_WORD = re.compile(r"\s*([^\W\d_]+)\b")


def _caps_name_at(text: str, f: str, start: int) -> tuple[int, int, str] | None:
    """Return (start, end, name) for a name in capitals after an honorific ("Ông HUỲNH VĂN TÁM"),
    written back in title case; None otherwise."""
    if not text[start : start + 2].isupper() or not _HONORIFIC.search(f[:start].rstrip()):
        return None
    words: list[str] = []
    end = pos = start
    while len(words) < 5 and (m := _CAPS_WORD.match(text, pos)) and m.group(1).isupper():
        words.append(m.group(1))
        end = pos = m.end()
    if not 2 <= len(words) <= 5 or fold(words[0]) not in SURNAMES:
        return None
    return start, end, " ".join(w.capitalize() for w in words)


def _names_in(text: str, f: str) -> list[tuple[int, int, str]]:
    """Return (start, end, name) of Vietnamese personal names: 2-5 capitalised syllables.

    A name starts with a known surname or follows an honorific (ông, bà, đồng chí, đ/c); place
    names ("huyện Lý Nhân", "Kim Bảng") and titles ("Phó Giám đốc") end or exclude it.
    """
    out: list[tuple[int, int, str]] = []
    for m in re.finditer(r"\S+", text):
        word = m.group()
        if word[0] in '("“':
            continue
        if not _is_name_token(word):
            caps = _caps_name_at(text, f, m.start())
            if caps and (not out or m.start() >= out[-1][1]):
                out.append(caps)
            continue
        if out and m.start() < out[-1][1]:
            continue
        before = f[: m.start()].rstrip()
        honor = _HONORIFIC.search(before) is not None
        surname = fold(word.strip(_PUNCT)) in SURNAMES
        if not (honor or surname):
            continue
        if _PLACE_BEFORE.search(before) and not _person_follows(text[m.start() :]):
            continue
        tokens: list[str] = []
        end = m.start()
        for t in re.finditer(r"\S+", text[m.start() :]):
            w = t.group()
            abs_start = m.start() + t.start()
            if tokens and (w[0] in _PUNCT or text[end:abs_start].strip()):
                break
            if not _is_name_token(w) or _TITLE_START.match(f[abs_start:]):
                break
            tokens.append(w.strip(_PUNCT))
            end = abs_start + len(w.rstrip(_PUNCT))
            if w[-1] in _PUNCT or len(tokens) == 5:
                break
        name = " ".join(tokens)
        if 2 <= len(tokens) <= 5 and province_from_text(name) is None:
            out.append((m.start(), end, name))
    return out


def _titles_in(text: str, f: str) -> list[tuple[int, int, str]]:
    """Return (start, end, title) of job titles ("Phó Giám đốc Sở Kế hoạch và Đầu tư")."""
    out: list[tuple[int, int, str]] = []
    for m in _TITLE_START.finditer(f):
        if out and m.start() < out[-1][1]:
            continue
        end = m.end()
        words = 0
        pending_join = False  # after "và" or "," inside an organisation name
        skip_to = 0  # "phụ trách" taken into the title: its words are skipped
        for t in re.finditer(r"[^\s,;.:()–\-]+|[,;.:()–\-]", text[m.end() :]):
            w = t.group()
            fw = fold(w)
            abs_start = m.end() + t.start()
            if abs_start < skip_to:
                continue
            if fw == "phu" and (pt := _IN_CHARGE.match(f, abs_start)):
                # "Phó Giám đốc phụ trách Sở", "Phó Chánh Văn phòng phụ trách.": the deputy who
                # heads the agency; "phụ trách lĩnh vực ..." is a remit, not the title.
                end = skip_to = pt.end()
                words += 2
                continue
            capital = _is_name_token(w) or w.isupper()
            in_org = bool(_ORG_WORD.search(f[m.start() : end]))
            if w == "," and in_org and not pending_join:
                # "Sở Văn hóa, Thể thao và Du lịch": a comma inside a name is followed by a
                # title-case word and a "và" before the next punctuation.
                rest = text[abs_start + 1 :]
                nxt = rest.split()[:1]
                if nxt and _is_name_token(nxt[0]) and re.match(r"[^,;.:()]*\svà\s", rest):
                    pending_join = True
                    continue
                break
            if w in "–-" and in_org and not pending_join:
                pending_join = True
                continue
            if w in ",;.:()–-":
                break
            if fw == "va" and in_org and not pending_join:
                pending_join = True
                continue
            if not capital and (fw in _TITLE_STOP or pending_join):
                break
            place = re.search(r"(?:huyen|tinh|pho|xa|quan)\s*$", f[m.start() : abs_start])
            if place and _person_follows(text[abs_start:]):
                break
            if capital and fold(w) in SURNAMES and not place:
                nxt = text[abs_start + len(w) :].split()[:1]
                if nxt and _is_name_token(nxt[0]):
                    break
            if capital and _TITLE_START.match(f[abs_start:]) and words:
                break
            if pending_join and not capital:
                break
            pending_join = False
            end = abs_start + len(w)
            words += 1
            if words >= 9:
                break
        start = m.start()
        if f.startswith("quyen", start) and not text[start].isupper():
            # "được ủy quyền giám đốc ...": the verb, not "Quyền Giám đốc".
            start = f.index(" ", start) + 1
        out.append((start, end, _cap_first(_squash(text[start:end]))))
    return out


def _spokesperson_sentences(layout: _Layout) -> list[tuple[str, str, _B]]:
    """Return (text, folded, block) of the sentences and table rows that name the spokesperson."""
    cands: list[tuple[str, str, _B]] = []
    spokes_blocks = 0
    for b in layout.body():
        if b.closing or b.loc.table is not None:
            continue
        if b.basis:
            # "Thực hiện Quyết định số 125/QĐ-UBND ..., đồng chí X – Phó Chủ tịch là người phát
            # ngôn": the cited decision is not the spokesperson, the clause after it may be.
            cut = b.f.find(", ")
            if cut > 0 and "phat ngon" in b.f[cut:]:
                cands.append((b.text[cut + 2 :], b.f[cut + 2 :], b))
            continue
        if b.kind == "spokesperson" and b.heading_level is None and spokes_blocks < 4:
            spokes_blocks += 1
            cands += [(b.text[s:e], b.f[s:e], b) for s, e in _sentences(b.text)]
            continue
        if _FORM_NAME.search(b.f) or _FORM_TITLE.search(b.f):
            cands.append((b.text, b.f, b))
            continue
        if "phat ngon" not in b.f:
            continue  # every wording below says "phat ngon"
        for s, e in _sentences(b.text):
            seg = b.f[s:e]
            if re.search(
                r"nguoi (?:duoc giao (?:nhiem vu )?)?phat ngon|phat ngon vien"
                r"|giao nhiem vu phat ngon|truc tiep phat ngon|(?:lam|la) nhiem vu phat ngon",
                seg,
            ) and not re.search(r"tap huan|boi duong|ky nang phat ngon|dao tao", seg):
                cands.append((b.text[s:e], seg, b))
    # The same table as PDF text: the label on its own line, the value on the next one or two.
    body = list(layout.body())
    for k, b in enumerate(body):
        if b.loc.table is None and "nguoi phat ngon" in b.f and _SPOKESPERSON_LABEL.fullmatch(b.f):
            nxt = [x for x in body[k + 1 : k + 3] if len(x.text) < 80 and x.heading_level is None]
            if nxt:
                text = b.text.strip(" :") + ": " + " ".join(x.text.strip() for x in nxt)
                cands.append((text, _fold_aligned(text), nxt[0]))
    # Result tables: "Người phát ngôn | Ông Nguyễn Văn A – Phó Giám đốc Sở".
    for rows in _tables(layout).values():
        if labelled := _column_labelled(rows):
            # Column labels ("Họ tên người phát ngôn | Chức danh") are not a row's values.
            cands += labelled
            continue
        for cells in rows.values():
            ordered = [cb for _, cb in sorted(cells.items())]
            for k, cb in enumerate(ordered[:-1]):
                if "phat ngon" in cb.f and len(cb.text) < 80:
                    text = cb.text.rstrip(" :") + ": " + " ".join(x.text for x in ordered[k + 1 :])
                    cands.append((text, _fold_aligned(text), ordered[k + 1]))
                    break
    return cands


_COLUMN_LABELS = {
    "ho va ten": "Họ và tên",
    "ho ten": "Họ và tên",
    "chuc vu": "Chức vụ",
    "chuc danh": "Chức vụ",
}


_COLUMN_OF = re.compile(r" (?:cua )?nguoi phat ngon$")  # "Họ tên người phát ngôn"


def _column_labelled(rows: dict[int, dict[int, _B]]) -> list[tuple[str, str, _B]]:
    """Return the spokesperson row under column labels as form lines: "Người phát ngôn | Họ và
    tên | Chức vụ" over "| Hoàng Văn Lâm | Phó Giám đốc Sở" gives "Họ và tên: ...; Chức vụ: ..."."""
    order = sorted(rows)
    for r, below in pairwise(order):
        if not any("ten" in cb.f for cb in rows[r].values()):
            continue
        labels = {
            c: _COLUMN_LABELS.get(
                _COLUMN_OF.sub("", " ".join(re.sub(r"[^a-z ]", " ", cb.f).split()))
            )
            for c, cb in rows[r].items()
        }
        if "Họ và tên" not in labels.values():
            continue
        if not any("phat ngon" in cb.f or cb.kind == "spokesperson" for cb in rows[r].values()):
            continue
        values = rows[below]
        parts = [
            f"{lab}: {values[c].text.strip()}"
            for c, lab in sorted(labels.items())
            if lab and c in values
        ]
        name_col = next(c for c, lab in labels.items() if lab == "Họ và tên")
        if name_col in values and parts:
            text = "; ".join(parts)
            return [(text, _fold_aligned(text), values[name_col])]
    return []


_FORM_NAME = re.compile(r"\bho (?:va )?ten(?: nguoi phat ngon)?\s*:\s*")
_FORM_TITLE = re.compile(r"\bchuc (?:vu|danh)\s*:\s*")


def _form_fields(text: str, f: str) -> tuple[str | None, str | None]:
    """Return (name, title) from form lines "Họ và tên: ...", "Chức vụ: ..." (any case)."""
    name = title = None
    if m := _FORM_NAME.search(f):
        words = re.split(r"[;,.(\n]|\s[-–]\s", text[m.end() :], maxsplit=1)[0].split()
        if 2 <= len(words) <= 5 and all(w.isalpha() for w in words):
            name = " ".join(w[:1].upper() + w[1:].lower() for w in words)
    if m := _FORM_TITLE.search(f):
        value = re.split(r"[;.(\n]", text[m.end() :], maxsplit=1)[0].strip(" ,")
        title = _cap_first(_squash(value)) if value and len(value.split()) <= 12 else None
    return name, title


# A spokesperson named for a span of time that has ended: "từ ngày 01/01 đến ngày 31/7/2024,
# người phát ngôn là ông X"; a later sentence naming someone else names the current one.
_ENDED_TERM = re.compile(
    r"\btu (?:ngay|thang)\s+\d[^.;]{0,30}?\bden (?:het )?(?:ngay|thang)\s+\d|\btruoc day\b"
)


def _extract_spokesperson(layout: _Layout) -> tuple[FieldValue | None, FieldValue | None]:
    cands = _spokesperson_sentences(layout)
    former: tuple[FieldValue | None, FieldValue | None] | None = None
    for k in range(len(cands)):
        got = _spokesperson_from(cands, k)
        if got is None:
            continue
        if got[0] is None:
            return former or got
        if former is None and _ENDED_TERM.search(cands[k][1]):
            former = got
            continue
        return got
    return former or (None, None)


# "Quyết định số 118/QĐ-STTTT ... do ông Trần Thanh Bình, Giám đốc Sở ký": the passive agent of
# "ký" (signed) is who signed a cited document, not the spokesperson. Matched on the text as
# written: "ký" (signed) is not "kỳ" (period, "định kỳ") nor "kỹ" (skill); lowercase, so the
# syllable of a name ("Ký") is not it.
_SIGNER = re.compile(r"\bdo\s+([^;.]{3,80}?)\s+ký(?:\s+ban\s+hành)?\b")


def _without_signers(text: str, f: str) -> tuple[str, str]:
    """Return ``text`` and its folded ``f`` with "do <signer> ký" clauses blanked (same length)."""
    if "ký" not in text:
        return text, f
    for m in _SIGNER.finditer(text):
        if "phat ngon" not in f[m.start() : m.end()]:
            gap = " " * (m.end() - m.start())
            text = text[: m.start()] + gap + text[m.end() :]
            f = f[: m.start()] + gap + f[m.end() :]
    return text, f


def _spokesperson_from(
    cands: list[tuple[str, str, _B]], k: int
) -> tuple[FieldValue | None, FieldValue | None] | None:
    """Return (name, title) stated by candidate ``k`` of `_spokesperson_sentences`, or None."""
    text, f, b = cands[k]
    quote = _quote(text)
    text, f = _without_signers(text, f)
    anchor = max(0, f.find("phat ngon"))
    names = _names_in(text, f)
    titles = _titles_in(text, f)
    form_name, form_title = _form_fields(text, f)
    if form_name or form_title:
        # "Họ và tên: NGUYỄN VĂN A" / "Chức vụ: Phó Giám đốc Sở" may sit on the next lines.
        for t2, f2, _ in cands[k + 1 : k + 3]:
            n2, t2_title = _form_fields(t2, f2)
            form_name, form_title = form_name or n2, form_title or t2_title
        if form_name:
            conf = 0.9 if form_title else 0.75
            tv = FieldValue(form_title, 0.85, quote, b.loc) if form_title else None
            return FieldValue(form_name, conf, quote, b.loc), tv
    if names:
        after = [n for n in names if n[0] >= anchor] or names
        # "Từ tháng 01 đến tháng 6 ... ông X; do thay đổi ..., từ tháng 7 ... bà Y": the last
        # one named is the current spokesperson.
        ns, ne, name = after[-1] if _CHANGE_CUE.search(f) else after[0]
        # The title right after the name ("X – Phó Giám đốc Sở"), else right before it.
        title = next((tt for ts, _, tt in titles if 0 <= ts - ne <= 6), None) or next(
            (tt for _, te, tt in titles if 0 <= ns - te <= 12), None
        )
        if title is None and titles:
            title = min(titles, key=lambda t: min(abs(t[0] - ne), abs(ns - t[1])))[2]
        if title is None:
            # The title on the next line of the same part ("- Chức vụ: ...").
            for t2, f2, _ in cands[k + 1 : k + 3]:
                title = _form_fields(t2, f2)[1] or next((x[2] for x in _titles_in(t2, f2)), None)
                if title:
                    break
        nv = FieldValue(name, 0.9 if title else 0.75, quote, b.loc)
        tv = FieldValue(title, 0.85, quote, b.loc) if title else None
        return nv, tv
    if titles and ("phat ngon" in f or b.kind == "spokesperson"):
        # The title nearest the anchor: "TITLE là người phát ngôn" or "người phát ngôn (của
        # Sở) là TITLE"; a later "Chủ tịch ủy quyền cho ..." is not it.
        end = anchor + len("phat ngon")
        start = max(0, f.rfind("nguoi", 0, anchor + 1))

        pick = min(
            titles, key=lambda t, a=start, z=end: a - t[1] if t[1] <= a else max(0, t[0] - z)
        )
        return None, FieldValue(pick[2], 0.85, quote, b.loc)
    return None


# ---------------------------------------------------------------------------------------------
# Tables


def _tables(layout: _Layout) -> dict[int, dict[int, dict[int, _B]]]:
    """Return table -> row -> cell -> block (cells with several paragraphs are joined).

    Built once per layout; callers only read it.
    """
    if layout.tables is None:
        layout.tables = _build_tables(layout)
    return layout.tables


def _build_tables(layout: _Layout) -> dict[int, dict[int, dict[int, _B]]]:
    out: dict[int, dict[int, dict[int, _B]]] = {}
    for b in layout.blocks[layout.header_end :]:
        loc = b.loc
        if loc.table is None or loc.row is None:
            continue
        row = out.setdefault(loc.table, {}).setdefault(loc.row, {})
        cell = loc.cell or 0
        if cell in row:
            prev = row[cell]
            text = prev.text + "\n" + b.text
            row[cell] = _B(prev.i, text, _fold_aligned(text), prev.loc, prev.bold, None, prev.kind)
        else:
            row[cell] = b
    return out


_CELL_NOTE = re.compile(r"\s*\([^()]*\)\W*$")


def _cell_number(b: _B) -> ParsedNumber | None:
    text = b.text
    if text.rstrip().endswith(")") and (note := _CELL_NOTE.search(text)) and note.start() > 0:
        # "01 cuộc (họp báo về dịch sốt xuất huyết)": the note in brackets is not the value.
        text = text[: note.start()]
    nums = find_numbers(text)
    if (
        len(nums) == 1
        and len(_NOT_ALNUM.sub("", text)) <= len(_NOT_ALNUM.sub("", nums[0].text)) + 12
        and _clean_number(text, nums[0])
        # Digits outside the number ("2g/7": the 7 after a misread digit) make the cell unsure;
        # a date is no debris ("02 cuộc, ngày 20/7").
        and _digit_count(_CELL_DATE.sub("", text)) == _digit_count(nums[0].text)
    ):
        return nums[0]
    return None


_CELL_DATE = re.compile(r"(?<![^\s(,;:])\d{1,2}/\d{1,2}(?:/\d{4})?(?![^\s),;.])")


def _digit_count(s: str) -> int:
    return sum(s.count(d) for d in "0123456789")


@dataclass
class _Cand:
    value: float | int
    score: float
    conf: float
    quote: str
    loc: Location
    qualifier: str | None = None
    derived: bool = False  # a sum of counts stated apart ("245 tin, 32 bài")


def _table_candidates(
    layout: _Layout, label_rx: re.Pattern[str], reject_rx: re.Pattern[str]
) -> list[_Cand]:
    """Numbers in rows whose label matches, preferring a 'Tổng/Tổng cộng/Cộng/Cả năm' total."""
    out: list[_Cand] = []
    for rows in _tables(layout).values():
        order = sorted(rows)
        header_row = rows[order[0]]
        total_cols = [c for c, cb in header_row.items() if _TOTAL_COLUMN.search(cb.f)]
        label_cols = [
            c
            for c, cb in header_row.items()
            if label_rx.search(cb.f) and not reject_rx.search(cb.f)
        ]
        # A "Ghi chú" column holds notes, not labels ("Tham dự 04 cuộc họp báo của UBND tỉnh").
        notes = {c for c, cb in header_row.items() if re.match(r"^\W*ghi chu\W*$", cb.f)}
        for r in order:
            cells = {c: cb for c, cb in rows[r].items() if c not in notes}
            labels = " ".join(cb.f for c, cb in sorted(cells.items()) if _cell_number(cb) is None)
            row_text = " | ".join(cb.text for _, cb in sorted(rows[r].items()))
            numbered = [(c, _cell_number(cb), cb) for c, cb in sorted(cells.items())]
            numbered = [(c, n, cb) for c, n, cb in numbered if n is not None and c > 0]
            if not numbered:
                continue
            if label_rx.search(labels) and not reject_rx.search(labels):
                pick = [x for x in numbered if x[0] in total_cols] or numbered[-1:]
                if len(numbered) > 1 and not [x for x in numbered if x[0] in total_cols]:
                    # Several per-period columns and no total column: never sum, take nothing.
                    header_f = " ".join(cb.f for cb in header_row.values())
                    if re.search(r"quy|thang", header_f):
                        continue
                c, n, cb = pick[0]
                out.append(_Cand(n.value, 6.0, 0.9, _quote(row_text), cb.loc, n.qualifier))
            elif label_cols and re.match(r"^\s*(?:tong|cong|ca nam)", labels.strip()):
                # The total row says only "Cộng | 124": quote the column header with it.
                header_text = " | ".join(cb.text for _, cb in sorted(header_row.items()))
                for c, n, cb in numbered:
                    if c in label_cols:
                        quote = _quote(f"{header_text} … {row_text}")
                        out.append(_Cand(n.value, 7.0, 0.9, quote, cb.loc, n.qualifier))

    # PDF text of a two-column table: a label line followed by a line holding only the number.
    blocks = layout.blocks
    for k in range(layout.header_end, len(blocks) - 1):
        lb, nb = blocks[k], blocks[k + 1]
        if lb.loc.table is not None or lb.closing or len(lb.text) > 120 or _HAS_DIGIT.search(lb.f):
            continue
        if not label_rx.search(lb.f) or reject_rx.search(lb.f):
            continue
        n = _bare_number(nb) if nb.loc.part not in _PAGE_FURNITURE else None
        if n is not None:
            quote = _quote(f"{lb.text}: {nb.text}")
            out.append(_Cand(n.value, 5.0, 0.8, quote, nb.loc, n.qualifier))
            continue
        # A column header ("Số tin, bài đăng tải") over per-quarter lines: its "Tổng cộng" line.
        run = blocks[k + 1 : k + 16]
        for j in range(len(run) - 1):
            if len(run[j].text) > 40:
                break
            if re.match(r"^\W*(?:tong cong|tong so|tong|cong|ca nam)\W*$", run[j].f):
                n = _bare_number(run[j + 1])
                if n is not None:
                    quote = _quote(f"{lb.text} … {run[j].text}: {run[j + 1].text}")
                    out.append(_Cand(n.value, 6.0, 0.75, quote, run[j + 1].loc, n.qualifier))
                break
    return out


# Running headers and footers: a page number there is never the value of the line above it.
_PAGE_FURNITURE = ("header", "footer")


def _bare_number(b: _B) -> ParsedNumber | None:
    """Return the number of a block that holds only a number (a flattened table cell)."""
    n = _cell_number(b) if b.loc.table is None else None
    if n is None or len(b.text.strip()) > len(n.text) + 12:
        return None
    return n


# ---------------------------------------------------------------------------------------------
# Posts on the agency's own website


_SITE = re.compile(
    r"(?:trang|cong)\s+(?:thong tin dien tu|ttdt|tin dien tu|thong tin|tt dt|tin)\b|website"
    r"|trang web"
    r"|\bcong tt\b"
)
_PROVINCE_PORTAL = re.compile(r"cong\s+(?:thong tin dien tu|ttdt)\s+(?:cua\s+)?tinh\b(?!\s+uy)")
_PRESS = re.compile(
    r"\bbao chi\b|co quan bao|phong vien|nha bao|\bbao\s+[a-z]|\bdai\s+(?:pt|phat thanh"
    r"|truyen hinh|tieng noi)"
    r"|ttxvn|\bvtv\b|\bvov\b|tap chi|\bcac bao\b|\bbao\s*(?:,|va)\s*dai\b"
)
_POST_UNIT = re.compile(
    r"^\s*(?:tin\s*[,/;&-]?\s*(?:va\s+)?bai|tin\s+tuc|bai\s+viet|ban\s+tin"
    r"|tin(?!\s*[,/&-]?\s*anh)|bai)\b"
)
# "/tháng" right after the unit; another number between ("315 tin, bài, bình quân 26 tin/tháng")
# makes the rate that number's.
_PER_MONTH_AFTER = re.compile(
    r"^[^.;\d]{0,25}?(?:/\s*thang|(?:moi|mot|hang|trong|tren|/)\s+thang\b)"
)
_RATE_BEFORE = re.compile(r"(?:trung binh|binh quan|moi thang|hang thang)[^.;]{0,30}$")
_TARGET_BEFORE = re.compile(
    r"(?:chi tieu|phan dau|it nhat|toi thieu|ke hoach|duoc giao)[^.;]{0,60}$"
)
_SUBCOUNT = re.compile(r"trong do|bao gom|gom co|cu the")
_COMPARISON_BEFORE = re.compile(
    r"(?:so voi|cung ky|nam truoc|ky truoc|nam ngoai)[^.;]{0,40}$|\(\s*nam \d{4}\s*:?\s*$"
)
_SINCE_OPENED = re.compile(
    r"(?:ke tu|tu)\s+khi\s+(?:\w+\s+){0,6}?(?:hoat dong|khai truong|ra mat|thanh lap|van hanh"
    r"|xay dung)"
    r"|tu khi (?:dua vao|di vao)|tu nam \d{4} den nay|luy ke"
)
# A count since 1 January ("lũy kế cả năm", "tính từ đầu năm đến nay", "lũy kế 9 tháng"): the
# period's own total when the period starts in January (year, h1, 9m, q1), else not the period's.
_YEAR_TO_DATE = re.compile(r"tu dau nam|luy ke (?:ca nam|nam \d{4}|(?P<months>\d+) thang)")
_FROM_JANUARY = frozenset({"year", "h1", "9m", "q1"})
# Social-media channels: their posts are not the agency's website posts.
_SOCIAL = re.compile(r"facebook|fanpage|\bzalo\b|youtube|tiktok|mang xa hoi")
_TOTAL_BEFORE = re.compile(r"(?:tong cong|tong so|tong|ca nam|tinh den)[^.;]{0,30}$")
_QUARTER_BEFORE = re.compile(r"(?:quy\s+(?:iv|i{1,3}|[1-4])|thang\s+\d{1,2})[^.;]{0,12}$")
# A count of one quarter ("Quý I: 50 tin, bài; Quý II: 60 tin, bài") in a report of a longer
# period is a part of the period's total, never the total (totals are stated, not summed).
# Its clause names one quarter ("từ Quý I đến Quý IV" names two: a span).
_QUARTER_WORD = re.compile(r"\bquy\s+(?:iv|i{1,3}|[1-4])\b")
_LONGER_THAN_QUARTER = frozenset({"year", "h1", "9m"})
_POST_VERB = re.compile(r"dang|cap nhat|dua|xuat ban|bien tap|dang tai|phat hanh|thuc hien")


# A label may name the site in brackets: "Số lượng tin, bài trên Cổng TTĐT (x.gov.vn): 509".
_POSTS_LABEL_HEAD = (
    r"(?:so|tong so|so luong)\s+tin\s*[,/]?\s*(?:bai)?(?:[^.;0-9(]|\([^()]{0,60}\)){0,60}"
)
_POSTS_LABEL = re.compile(_POSTS_LABEL_HEAD + r"(?::|la|dat)\s*$")
_POSTS_LABEL_ROW_END = re.compile(_POSTS_LABEL_HEAD + r"(?::|la|dat)?\s*$")
_POSTS_RATE_LABEL = re.compile(
    r"(?:trung binh|binh quan)[^.;0-9]{0,40}(?:tin|bai)[^.;0-9]{0,25}:?\s*$"
)
_OR_MORE_AFTER = re.compile(r"^[^.;]{0,30}?\btro len\b")
# News items and articles counted apart for one channel: "245 tin, 32 bài", "120 tin và 45 bài",
# "32 bài viết và 245 tin tức". The unit of each number, then what may stand between the two.
_ITEM_UNIT = re.compile(
    r"\s*(?:(?P<tin>tin tuc|ban tin|tin(?!\s*[,/&-]?\s*(?:va\s+)?(?:bai|anh)))"
    r"|(?P<bai>bai viet|bai))\b"
)
_PAIR_GAP = re.compile(r"\s*(?:,|va|&|cung)?\s*")


def _pair(f: str, nums: list[ParsedNumber], k: int) -> tuple[ParsedNumber, int] | None:
    """Return (the second number, end of its unit) when nums[k] and nums[k + 1] count news
    items ("tin") and articles ("bài") apart, side by side in folded text ``f``."""
    if k + 1 >= len(nums):
        return None
    n, m = nums[k], nums[k + 1]
    u1 = _ITEM_UNIT.match(f, n.end)
    if u1 is None or not _PAIR_GAP.fullmatch(f, u1.end(), m.start):
        return None
    u2 = _ITEM_UNIT.match(f, m.end)
    if u2 is None or (u1.group("tin") is None) == (u2.group("tin") is None):
        return None
    return m, u2.end()


def _numbers(text: str) -> list[ParsedNumber]:
    out = []
    for n in find_numbers(text):
        before, after = text[max(0, n.start - 1) : n.start], text[n.end : n.end + 2]
        # Dates and document numbers ("30/8/2019", "29/2019/QĐ-UBND") are not counts.
        if before == "/" or _SLASH_DIGIT.match(after):
            continue
        if not _clean_number(text, n):  # "đăng 2g/ tin": an OCR misreading, no count
            continue
        out.append(n)
    return out


def _clause_at(f: str, start: int, end: int) -> str:
    """Return the ';' or '. ' clause of folded ``f`` around the span start..end."""
    head = max(f.rfind(";", 0, start), f.rfind(". ", 0, start)) + 1
    tail = min((i for i in (f.find(";", end), f.find(". ", end)) if i >= 0), default=len(f))
    return f[head:tail]


def _count_scope(f: str, before: list[ParsedNumber], start: int, unit_end: int) -> str:
    """Return the words of folded ``f`` that qualify the count at start..unit_end: its clause
    back to the previous posts count, and on after its unit up to a comma, a clause end or a
    number. "đăng 80 tin, bài, nâng tổng số từ đầu năm lên 250 tin, bài": "từ đầu năm" is the
    250's; "đã đăng 5.400 tin, bài kể từ khi khai trương": the 5.400's."""
    head = max(f.rfind(";", 0, start), f.rfind(". ", 0, start)) + 1
    for m in before:
        if m.end <= start and _POST_UNIT.match(f, m.end):
            head = max(head, m.end)
    tail = re.split(r"[,;]|\. |\d", f[unit_end:], maxsplit=1)[0]
    return f"{f[head:start]} {tail}"


# A number first on a line and then a capital: a row or list number ("7 Tin, bài đăng ...").
_ROW_NUMBER_FIRST = re.compile(r"\s*[.)]?\s*([^\W\d_])")


def _posts_candidates(
    layout: _Layout, *, portal_is_own: bool = False, period: str | None = None
) -> tuple[list[_Cand], list[_Cand]]:
    """Return (totals, per-month statements) found in prose and tables.

    ``portal_is_own``: the agency runs the provincial portal (Văn phòng UBND tỉnh), so posts on
    "Cổng thông tin điện tử tỉnh" are its own. ``period``: the report's period, to tell whether a
    count since January is the period's total.
    """
    totals: list[_Cand] = []
    rates: list[_Cand] = []
    for b in layout.body():
        if (
            b.closing
            or b.basis
            or b.kind in ("recommendations", "tasks")
            or b.loc.table is not None
        ):
            continue
        for s, e in _sentences(b.text):
            seg_t, seg_f = b.text[s:e], b.f[s:e]
            if "tin" not in seg_f and "bai" not in seg_f:
                continue
            found_total = False
            nums = _numbers(seg_t)
            paired: set[int] = set()
            for k, n in enumerate(nums):
                if k in paired:
                    continue
                if (
                    s == 0
                    and (first := _ROW_NUMBER_FIRST.match(seg_t, n.end))
                    and first.group(1).isupper()
                    and not seg_t[: n.start].strip()
                ):
                    # "7 Tin, bài đăng trên Trang thông tin điện tử của Sở Tin, bài 257": a
                    # table row flattened into a line; its row number is no count of posts.
                    continue
                value, derived = n.value, False
                after_f = seg_f[n.end :]
                before_f = seg_f[: n.start]
                unit = _POST_UNIT.match(after_f)
                if unit and (pair := _pair(seg_f, nums, k)):
                    # "245 tin, 32 bài": the news items and the articles make the count.
                    value, derived = n.value + pair[0].value, True
                    paired.add(k + 1)
                    after_f = seg_f[pair[1] :]
                    unit = None
                has_unit = unit is not None or derived
                # "Số tin, bài ...: 315", or a flattened table row "Số tin, bài đăng trên ... 315".
                row_end = not _HAS_WORD_CHAR.search(after_f)
                # (The literal words each pattern needs are looked for first.)
                label_before = "tin" in before_f and (
                    _POSTS_LABEL_ROW_END if row_end else _POSTS_LABEL
                ).search(before_f)
                rate_label = (
                    "trung binh" in before_f or "binh quan" in before_f
                ) and _POSTS_RATE_LABEL.search(before_f)
                if rate_label and not has_unit:
                    rates.append(_Cand(n.value, 2.0, 0.85, _quote(seg_t), b.loc, n.qualifier))
                    continue
                if not has_unit and not label_before:
                    continue
                if "luot" in after_f[:12]:
                    continue
                clause_start = max(before_f.rfind(";"), before_f.rfind(". "))
                clause_f = seg_f[clause_start + 1 :]
                clause_before = before_f[clause_start + 1 :]
                quote = _quote(seg_t)
                # "đề nghị cải chính 02 tin, bài": items of the press to be corrected.
                if "cai chinh" in clause_before or "dinh chinh" in clause_before:
                    continue
                if _TARGET_BEFORE.search(clause_before) or (
                    "tro len" in after_f and _OR_MORE_AFTER.match(after_f)
                ):
                    continue
                if _PER_MONTH_AFTER.match(
                    after_f[unit.end() if unit else 0 :]
                ) or _RATE_BEFORE.search(clause_before):
                    rates.append(
                        _Cand(
                            value,
                            1.0 if b.kind == "results" else 0.5,
                            0.75 if derived else 0.9,
                            quote,
                            b.loc,
                            n.qualifier,
                            derived,
                        )
                    )
                    continue
                if _TARGET_BEFORE.search(clause_before):
                    continue
                # Only the number's own clause: "Quý IV đăng 120 tin, bài; lũy kế cả năm 400".
                own = _clause_at(seg_f, n.start, n.end)
                unit_end = pair[1] if derived else n.end + (unit.end() if unit else 0)
                scope = _count_scope(seg_f, nums[:k], n.start, unit_end)
                since_january = _YEAR_TO_DATE.search(scope)
                if since_january:
                    months = since_january.group("months")
                    if period is not None and (
                        period not in _FROM_JANUARY
                        or (months is not None and int(months) != MONTHS[period])
                    ):
                        continue
                elif _SINCE_OPENED.search(scope):
                    continue
                if (
                    period in _LONGER_THAN_QUARTER
                    and len(_QUARTER_WORD.findall(clause_before)) == 1
                    and not _TOTAL_BEFORE.search(clause_before)
                ):
                    continue
                score = 0.0
                site = _SITE.search(clause_f)
                if not site and _SOCIAL.search(own):
                    continue
                if (
                    site
                    and not portal_is_own
                    and _PROVINCE_PORTAL.search(clause_f)
                    and not re.search(
                        r"(?:trang|cong)\s+(?:thong tin dien tu|ttdt)\s+(?:cua\s+)?(?:co quan|so"
                        r"|don vi|huyen|thanh pho|thi xa|ban|nganh)",
                        clause_f,
                    )
                ):
                    continue
                press_before = _PRESS.search(clause_before)
                if press_before and not site:
                    continue
                if not site and re.search(r"ve (?:hoat dong|tinh hinh)", after_f) and press_before:
                    continue
                if _SUBCOUNT.search(before_f) and (found_total or (totals and b is totals[-1])):
                    continue
                if _SUBCOUNT.search(before_f[:40]) and before_f.strip().startswith("trong do"):
                    continue
                score += 3.0 if site else 0.0
                score += 1.0 if b.kind == "results" else 0.0
                score += 1.0 if _POST_VERB.search(clause_f) else 0.0
                score += 2.0 if _TOTAL_BEFORE.search(clause_before) or since_january else 0.0
                score -= 2.0 if _QUARTER_BEFORE.search(clause_before) else 0.0
                # "tăng 15% so với năm 2022 (1.048 tin, bài)": last year's figure, not a rival.
                score -= 3.0 if _COMPARISON_BEFORE.search(clause_before) else 0.0
                if score < 1.0:
                    continue
                conf = (0.9 if site else 0.7) - (0.15 if b.kind == "assessment" else 0.0)
                # A sum of two stated counts is a derivation: less sure than a stated total.
                conf -= 0.15 if derived else 0.0
                totals.append(_Cand(value, score, conf, quote, b.loc, n.qualifier, derived))
                found_total = True
    label = re.compile(r"tin\s*[,/]?\s*(?:va\s+)?bai|bai viet|tin tuc|so tin")
    reject = re.compile(r"luot|trung binh|binh quan|/\s*thang|bao chi|co quan bao|phong vien")
    totals += _table_candidates(layout, label, reject)
    totals += _table_pairs(layout, label, reject)
    rate_label = re.compile(r"(?:trung binh|binh quan)[^|]*tin|tin[^|]*/\s*thang")
    rates += [
        _Cand(c.value, 6.0, c.conf, c.quote, c.loc, c.qualifier)
        for c in _table_candidates(layout, rate_label, re.compile(r"luot"))
    ]
    return totals, rates


def _table_pairs(
    layout: _Layout, label_rx: re.Pattern[str], reject_rx: re.Pattern[str]
) -> list[_Cand]:
    """Cells like "245 tin, 32 bài" in a row labelled as posts: the sum, marked derived.

    Like `_table_candidates`: with several such cells in a row (per-quarter columns) only a
    total column counts; a "Tổng cộng | 240 tin, 48 bài" row counts under a posts column header.
    """
    out: list[_Cand] = []
    for rows in _tables(layout).values():
        order = sorted(rows)
        header_row = rows[order[0]]
        total_cols = {c for c, cb in header_row.items() if _TOTAL_COLUMN.search(cb.f)}
        header_f = " ".join(cb.f for cb in header_row.values())
        for r in order:
            cells = sorted(rows[r].items())
            labels = " ".join(cb.f for _, cb in cells if not _HAS_DIGIT.search(cb.f))
            if reject_rx.search(labels):
                continue
            score = 6.0
            if not label_rx.search(labels):
                if not (
                    r != order[0]
                    and _TOTAL_COLUMN.match(labels)
                    and label_rx.search(header_f)
                    and not reject_rx.search(header_f)
                ):
                    continue
                score = 7.0
            found: list[tuple[int, float | int, _B]] = []
            for c, cb in cells:
                if c == 0 or "bai" not in cb.f or "tin" not in cb.f:
                    continue
                nums = find_numbers(cb.text)
                if not all(_clean_number(cb.text, n) for n in nums):
                    continue
                pair = _pair(cb.f, nums, 0) if len(nums) == 2 else None
                if pair and not _HAS_WORD_CHAR.search(cb.f[pair[1] :]):
                    found.append((c, nums[0].value + pair[0].value, cb))
            if len(found) > 1:
                found = [x for x in found if x[0] in total_cols]
            if len(found) == 1:
                _, value, cb = found[0]
                quote = _quote(" | ".join(x.text for _, x in cells))
                out.append(_Cand(value, score, 0.75, quote, cb.loc, None, True))
    return out


def _best(cands: list[_Cand]) -> FieldValue | None:
    if not cands:
        return None
    best = max(cands, key=lambda c: c.score)  # max() keeps the first of equals: document order
    conf = best.conf
    rivals = {c.value for c in cands if c.score >= best.score - 0.5 and c.value != best.value}
    if rivals:
        conf = min(conf, 0.55)
    if best.qualifier:
        conf = min(conf, 0.8)
    value = int(best.value) if float(best.value).is_integer() else best.value
    return FieldValue(
        value, conf, best.quote, best.loc, qualifier=best.qualifier, derived=best.derived
    )


# ---------------------------------------------------------------------------------------------
# Press conferences held


_HOP_BAO = re.compile(r"hop bao")
_HELD = re.compile(r"to chuc|chu tri|tien hanh|trien khai")
_ATTEND = re.compile(
    r"tham du|tham gia|\bdu\s+(?:\d|cac|buoi|cuoc|hop|day du)|duoc moi|cu (?:can bo|lanh dao"
    r"|dai dien)"
)
_BY_OTHER = re.compile(
    r"^[^.;]{0,40}?(?:\bdo\b[^.;]{1,60}(?:to chuc|chu tri)|\bcua (?:ubnd|uy ban|bo|tinh|so"
    r"|thanh pho))"
)
_NEGATIVE = re.compile(
    r"\b(?:chua|khong)\s+(?:co\s+)?(?:\w+\s+){0,2}?(?:to chuc|chu tri|tien hanh)\b"
    r"|\bkhong co (?:cuoc|buoi)?\s*hop bao|hop bao[^.;]{0,30}?(?::\s*(?:khong|chua)\b|\bnao\b)"
    r"|:\s*(?:khong|chua) (?:to chuc|co)\b"
)
_NOT_PROACTIVE = re.compile(r"chua chu dong|chu dong hon|can tang cuong|chua thuong xuyen")
_FUTURE = re.compile(r"\bse\b|thoi gian toi|du kien|phan dau|ke hoach|tiep theo|tiep tuc|nam toi")
_CONF_UNIT = re.compile(r"^\s*(?:cuoc|buoi|lan|hoi nghi)\b")
_NEXT_COUNT = re.compile(r"\d+\s*(?:cuoc|buoi|lan)\b")
# Between two counts of press conferences of different kinds: "... họp báo định kỳ và ".
_NEXT_KIND = re.compile(r"\s*(?:cuoc|buoi)?\s*hop bao(?:\s+[a-z]+){0,7}?\s*(?:,|va)\s*")
# The agency's own verb right before the count: "tổ chức bốn cuộc họp báo định kỳ của UBND tỉnh"
# (the office that organises the province's press conferences) held them.
_HELD_RIGHT_BEFORE = re.compile(r"(?:to chuc|chu tri)\s*(?:duoc\s*)?$")
# The form's row flattened into one line by PDF or OCR text, the count last: "1 Họp báo do cơ
# quan chủ trì tổ chức Cuộc 02" (row number, label, unit column, count). The label names the
# agency's own press conferences only: "Họp báo do UBND tỉnh tổ chức" or "Tham dự họp báo" fail.
_FORM_ROW_TAIL = re.compile(r"\b(?:cuoc|buoi|lan)\s+\d{1,3}\s*$")
_FORM_ROW_PRESS = re.compile(
    r"^\W*(?:\d{1,3}[.)]?\s+)?(?:so\s+)?(?:cuoc\s+)?hop bao(?:\s+(?:do\s+)?(?:co quan|don vi)?"
    r"\s*(?:da\s+)?(?:chu tri\s*)?(?:to chuc)?)?\s+(?:cuoc|buoi|lan)\s*$"
)


def _clauses(f: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(
        r";|,\s*(?=(?:ngoai ra|dong thoi|nhung|con|tuy nhien|rieng|ben canh)\b)|\.\s", f
    ):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(f)))
    return [(a, b) for a, b in spans if f[a:b].strip()]


def _press_in_clause(ct: str, cf: str, section: bool) -> tuple[int | float, str | None] | None:
    """Return (count, qualifier) held by the agency in one clause, 0 for "none held", or None."""
    hb = _HOP_BAO.search(cf)
    if hb is None and not section:
        return None
    held_count: tuple[int | float, str | None] | None = None
    last_end = 0
    for n in _numbers(ct):
        # "chủ trì 02 cuộc họp báo định kỳ và 01 cuộc họp báo chuyên đề": kinds summed.
        if held_count is not None and not _NEXT_KIND.fullmatch(cf, last_end, n.start):
            break
        after = cf[n.end :]
        unit = _CONF_UNIT.match(after)
        near_hb = re.match(r"^\s*(?:cuoc|buoi)?\s*(?:hop bao|hoi nghi hop bao)", after)
        label = re.search(r"hop bao[^.;0-9]{0,40}?(?::|\bla\b)\s*$", cf[: n.start])
        if label is None and "hop bao" in cf[: n.start] and not _HAS_WORD_CHAR.search(after):
            label = _FORM_ROW_PRESS.search(cf[: n.start])  # "1 Họp báo do ... tổ chức Cuộc 02"
        if label and "giao ban" in label.group():
            # "Số cuộc họp báo, giao ban báo chí: 05": briefings counted in, not all held.
            continue
        times_after = unit and re.search(r"hop bao[^.;0-9]{0,25}$", cf[: n.start])
        if not (near_hb or (unit and (hb or section)) or label or times_after):
            continue
        if _QUARTER_BEFORE.search(cf[: n.start]) and not label:
            continue
        # The verb nearest before the number decides: organised, or attended someone else's.
        pre = cf[: n.start]
        held = [m.end() for m in _HELD.finditer(pre)]
        attended = [m.end() for m in _ATTEND.finditer(pre)]
        post = after[unit.end() if unit else 0 :]
        # Up to the next count: "02 cuộc họp báo và tham dự 03 cuộc ... của UBND tỉnh".
        post = post[: nxt.start()] if (nxt := _NEXT_COUNT.search(post)) else post
        by_other = _BY_OTHER.search(re.sub(r"^\s*(?:cuoc|buoi)?\s*hop bao", "", post))
        if by_other and not (
            _HELD_RIGHT_BEFORE.search(pre) and not re.search(r"\bdo\b", by_other.group())
        ):
            continue
        if attended and (not held or attended[-1] > held[-1]):
            continue
        if held or label or (section and not attended):
            if held_count is None:
                held_count = (n.value, n.qualifier)
            elif near_hb:
                held_count = (held_count[0] + n.value, held_count[1])
            else:
                break
            last_end = n.end
            if not near_hb:
                break
    if held_count is not None:
        return held_count
    if _NEGATIVE.search(cf) and not _NOT_PROACTIVE.search(cf):
        neg = _NEGATIVE.search(cf)
        if not _ATTEND.search(cf[: neg.start()]) and (hb or section):
            return 0, None
    return None


def _press_candidates(layout: _Layout) -> list[_Cand]:
    out: list[_Cand] = []
    heading_hb = False
    for b in layout.body():
        form_row = False
        if b.heading_level is not None:
            heading_hb = bool(_HOP_BAO.search(b.f))
            # A flattened form row "1 Họp báo do cơ quan chủ trì tổ chức Cuộc 02" looks like a
            # numbered heading: it is read as a line of its own (its row number is no count).
            form_row = heading_hb and _FORM_ROW_TAIL.search(b.f) is not None
            # "2. Họp báo: không tổ chức." carries its own answer.
            if not (heading_hb and (form_row or re.search(r":\s*\S", b.f))):
                continue
        if (
            b.closing
            or b.basis
            or b.kind in ("recommendations", "tasks")
            or b.loc.table is not None
        ):
            continue
        section = heading_hb and b.kind != "assessment" and not form_row
        for s, e in _sentences(b.text):
            seg_t, seg_f = b.text[s:e], b.f[s:e]
            if not (_HOP_BAO.search(seg_f) or section):
                continue
            for cs, ce in _clauses(seg_f):
                cf, ct = seg_f[cs:ce], seg_t[cs:ce]
                hb = _HOP_BAO.search(cf)
                if _FUTURE.search(cf[: hb.start()] if hb else cf):
                    continue
                got = _press_in_clause(ct, cf, section)
                if got is None:
                    continue
                value, qualifier = got
                score = 3.0 if value else 2.0
                score += 1.0 if b.kind == "results" or section else 0.0
                score -= 1.5 if b.kind == "assessment" else 0.0
                # Outside the results part (e.g. in the assessment) the statement is less sure.
                conf = 0.9 if section or b.kind in ("results", "intro") else 0.7
                out.append(_Cand(value, score, conf, _quote(seg_t), b.loc, qualifier))
    label = re.compile(r"hop bao")
    reject = re.compile(r"tham du|tham gia|giao ban|du hop")
    out += _table_candidates(layout, label, reject)
    return out


def _extract_press(layout: _Layout) -> FieldValue | None:
    cands = _press_candidates(layout)
    if not cands:
        return None
    held = [c for c in cands if c.value]
    if held:
        fv = _best(held)
        if fv and any(c.value == 0 and c.score >= 3 for c in cands):
            fv.confidence = min(fv.confidence, 0.7)
        return fv
    return _best(cands)


# ---------------------------------------------------------------------------------------------
# Indicators of the Decree 244/2026 national form
#
# The form (reports from 2026 on) counts, beside press conferences held: the times the agency
# brought information to press briefings ("giao ban báo chí"), press requests answered / received,
# urgent or unusual incidents spoken about / all such incidents, answers given on time / answers,
# and correction requests. A ratio is kept as two fields, numerator and denominator, with the same
# quote. Reports that say nothing of an indicator leave it absent (unknown), never 0.

# Literal prefilters: a block without any of these holds no indicator (most blocks of most reports).
_FORM_CUES = (
    "giao ban", "yeu cau", "cau hoi", "de nghi", "vu viec", "dot xuat", "bat thuong", "cai chinh"
)  # fmt: skip
_RATIO_KINDS: dict[str, tuple[str, str | None]] = {
    "corrections": ("correction_requests", None),
    "on_time": ("answers_on_time", "answers_total"),
    "incidents": ("incidents_spoken", "incidents_total"),
    "briefings": ("briefings", None),
    "requests": ("press_requests_answered", "press_requests_received"),
}
# "đúng thời hạn", "đúng hạn", "đúng thời gian"; "đúng thời" alone where OCR split the cell.
_ON_TIME = re.compile(r"dung (?:thoi )?han|dung thoi\b|kip thoi han")
_INCIDENT_WORDS = re.compile(r"dot xuat|bat thuong|\bnong\b|nhay cam|khung hoang")
_INCIDENT_NOUN = re.compile(r"vu viec|su viec|\bvu\b|su co|truong hop")
_REQUEST_NOUN = re.compile(r"yeu cau|cau hoi|de nghi")
_ANSWERED = re.compile(r"tra loi|phan hoi|dap ung")
_PRESS_WORD = re.compile(r"bao chi|phong vien|co quan bao|nha bao")
# "14/15", "14 / 15", "14 trên 15"; never a date ("14/12/2026", "ngày 14/12") nor a decimal.
_RATIO = re.compile(
    r"(?<![\d/.,])(\d{1,5})\s*(?:/|\btren\b(?:\s+tong\s+so)?)\s*(\d{1,5})(?![\d/%]|[.,]\d)"
)
_DATE_BEFORE = re.compile(r"(?:ngay|thang|nam|tu|den)\s*$")


def _form_kind(f: str, press: bool = False) -> str | None:
    """Return which indicator a label (folded) names, or None. ``press``: the table speaks of
    the press elsewhere ("Số yêu cầu đã trả lời" under "Yêu cầu của cơ quan báo chí")."""
    if "cai chinh" in f or "dinh chinh" in f:
        return "corrections"
    if "tra loi" in f and _ON_TIME.search(f):
        return "on_time"
    if _INCIDENT_WORDS.search(f) and _INCIDENT_NOUN.search(f):
        return "incidents"
    if "giao ban" in f:
        # "Số buổi giao ban báo chí đã tham dự": attending is not bringing information.
        return None if _ATTEND.search(f) and not _GIVE_INFO.search(f) else "briefings"
    if (
        (_ANSWERED.search(f) or "tiep nhan" in f)
        and _REQUEST_NOUN.search(f)
        and (press or _PRESS_WORD.search(f))
    ):
        return "requests"
    return None


def _ratio_in(f: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """Return the first numerator/denominator pair in folded f[start:end] that is no date."""
    for m in _RATIO.finditer(f, start, len(f) if end is None else end):
        a, b = int(m.group(1)), int(m.group(2))
        if a > b or _DATE_BEFORE.search(f, max(0, m.start() - 6), m.start()):
            continue
        if _glued(f, m.start(), m.end()):  # "_9/11", "9/11|": OCR debris
            continue
        return m
    return None


def _one_side(kind: str, label: str) -> int | None:
    """Return which side (0 numerator, 1 denominator) a lone count of a ratio's label is, or None
    when the label names both sides ("đã trả lời/đã tiếp nhận" with one number is ambiguous)."""
    if kind == "requests":
        answered, received = "tra loi" in label, "tiep nhan" in label or "nhan duoc" in label
        return 0 if answered and not received else 1 if received and not answered else None
    if kind == "incidents":
        spoken, total = "phat ngon" in label, bool(re.search(r"tong so|phat sinh|xay ra", label))
        return 0 if spoken and not total else 1 if total and not spoken else None
    if kind == "on_time":
        return None if "tong so" in label else 0
    return 0


def _form_put(
    out: dict[str, list[_Cand]],
    kind: str,
    values: tuple[int | None, int | None],
    score: float,
    conf: float,
    quote: str,
    loc: Location,
) -> None:
    names = _RATIO_KINDS[kind]
    for name, value in zip(names, values, strict=True):
        if name is not None and value is not None:
            out.setdefault(name, []).append(_Cand(value, score, conf, quote, loc))


_NOTE_COLUMN = re.compile(r"^\W*ghi chu\W*$")
_ROW_NUMBER = re.compile(r"\W*(?:\d{1,3}|[ivx]{1,5}|[a-z])\W*")


def _form_table(layout: _Layout, out: dict[str, list[_Cand]]) -> None:
    """Rows of a table whose label names an indicator: a ratio cell ("14/15", "9 / 11",
    "5 trên 5"), two count cells (a ratio split over two columns), or one count."""
    for rows in _tables(layout).values():
        order = sorted(rows)
        # The header: the first row and the rows under it without a number (a two-row header,
        # "Kết quả" over "Đã trả lời | Đã tiếp nhận"), read column by column.
        top = 1
        while top < min(len(order), 3) and not any(
            _HAS_DIGIT.search(cb.f) for cb in rows[order[top]].values()
        ):
            top += 1
        heads: dict[int, str] = {}
        for r in order[:top]:
            for c, cb in rows[r].items():
                heads[c] = f"{heads[c]} {cb.f}" if c in heads else cb.f
        skip = {c for c, h in heads.items() if _NOTE_COLUMN.match(h)}
        press: bool | None = None
        for r in order[top:]:
            # The first column is a row number ("1", "2.", "III") or the label itself.
            cells = sorted(
                (c, cb)
                for c, cb in rows[r].items()
                if c not in skip and not (c == 0 and _ROW_NUMBER.fullmatch(cb.f))
            )
            if not any(any(cue in cb.f for cue in _FORM_CUES) for _, cb in cells):
                continue
            if press is None:
                press = any(
                    _PRESS_WORD.search(cb.f) for row in rows.values() for cb in row.values()
                )
            # The label, with the headers of the columns holding counts ("Đã trả lời | Đã tiếp
            # nhận" over "Yêu cầu của cơ quan báo chí | 14 | 15").
            label = " ".join(
                [cb.f for _, cb in cells if not _HAS_DIGIT.search(cb.f)]
                + [heads[c] for c, cb in cells if _HAS_DIGIT.search(cb.f) and c in heads]
            )
            kind = _form_kind(label, press)
            if kind is None:
                continue
            quote = _quote(" | ".join(cb.text for _, cb in sorted(rows[r].items())))
            values: tuple[int | None, int | None] | None = None
            counts: list[tuple[int, _B]] = []
            for _, cb in cells:
                if not _HAS_DIGIT.search(cb.f):
                    if kind == "corrections" and re.fullmatch(r"\W*khong(?: co)?\W*", cb.f):
                        counts.append((0, cb))
                    continue
                m = _ratio_in(cb.f)
                if m and len(cb.f.strip()) <= len(m.group()) + 12:
                    values = (int(m.group(1)), int(m.group(2)))
                    loc = cb.loc
                    break
                n = _cell_number(cb) if "%" not in cb.f else None  # a rate is no count
                if n is not None and float(n.value).is_integer() and not n.qualifier:
                    counts.append((int(n.value), cb))
            if values is None and len(counts) == 2 and _RATIO_KINDS[kind][1] is not None:
                if counts[0][0] <= counts[1][0]:
                    values, loc = (counts[0][0], counts[1][0]), counts[0][1].loc
            elif values is None and len(counts) == 1:
                side = _one_side(kind, label)
                if side is not None:
                    v = counts[0][0]
                    values, loc = ((v, None) if side == 0 else (None, v)), counts[0][1].loc
            if values is not None and _RATIO_KINDS[kind][1] is None:
                values = (values[0], None)
            if values is not None:
                _form_put(out, kind, values, 6.0, 0.9, quote, loc)


# Prose. Each count is read with the words between it and its neighbouring counts.
_GIVE_INFO = re.compile(
    r"cung cap thong tin|dua thong tin|thong tin (?:tai|toi|tren)|phat ngon|phat bieu"
    r"|trao doi thong tin|bao cao tai"
)
_UNIT_TIMES = re.compile(r"\s*(?:lan|buoi|cuoc|luot|ky|phien)\b")
_LABEL_END = re.compile(r"(?::|\bla\b|\bdat\b)\s*$")
_RECEIVED = re.compile(r"tiep nhan|nhan duoc|\bnhan\b")
_SPOKEN = re.compile(r"phat ngon|cung cap thong tin|thong tin ve|thong tin kip thoi")
_OCCURRED = re.compile(r"phat sinh|xay ra|tong so|\bco\b")
_DENOMINATOR_BEFORE = re.compile(r"(?:trong (?:tong )?so|tren (?:tong so )?|tong so)\s*$")
_NO_INCIDENT = re.compile(
    r"\b(?:khong|chua)\s+(?:co|phat sinh|xay ra)\s+(?:\w+\s+){0,4}?(?:vu viec|truong hop|viec"
    r"|su viec)\b[^.;]{0,60}?(?:dot xuat|bat thuong)"
)
_NO_CORRECTION = re.compile(
    r"\b(?:khong|chua)\s+(?:co|phai|nhan duoc|phat sinh|gui)?\s*(?:\w+\s+){0,3}?(?:yeu cau|de nghi"
    r"|van ban)\s+(?:\w+\s+){0,2}?(?:cai chinh|dinh chinh)|(?:cai chinh|dinh chinh)[^.;0-9]{0,30}"
    r":\s*(?:khong|0)\b"
)
# "02 yêu cầu cải chính", "01 lần đề nghị Báo Hà Nam cải chính".
_CORRECTION_AFTER = re.compile(
    r"\s*(?:(?:lan|van ban)\s+)?(?:(?:yeu cau|de nghi)\s+(?:[\w.&-]+\s+){0,5}?)?"
    r"(?:cai chinh|dinh chinh)"
)
_NO_BRIEFING = re.compile(
    r"\b(?:khong|chua)\s+(?:co\s+)?(?:lan\s+)?(?:dua|cung cap)\s+thong tin\s+(?:tai|toi)\s+"
    r"(?:cac\s+)?(?:cuoc\s+|buoi\s+|hoi nghi\s+)?giao ban"
)
_CORRECTION_BEFORE = re.compile(
    r"(?:(?:yeu cau|de nghi) (?:cai chinh|dinh chinh)[^.;0-9]{0,30}(?::|\bla\b)"
    r"|(?:yeu cau|de nghi) (?:cai chinh|dinh chinh)(?: thong tin)?)\s*$"
)
_FORM_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-ZÀ-ỸĐ0-9*-])|\n+")


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Return True when start..end overlaps one of the sorted, disjoint ``spans``."""
    k = bisect.bisect_right(spans, (end, -1)) - 1
    return k >= 0 and spans[k][0] < end and start < spans[k][1]


def _counts_in(t: str, f: str) -> list[tuple[int, int, int, int | None]]:
    """Return (start, end, value, denominator) of the counts of folded ``f``: ratios and lone
    whole numbers (not dates, not document numbers, not approximations)."""
    found: list[tuple[int, int, int, int | None]] = []
    taken: list[tuple[int, int]] = []
    if "/" in f or " tren " in f:
        pos = 0
        while (m := _ratio_in(f, pos)) is not None:
            found.append((m.start(), m.end(), int(m.group(1)), int(m.group(2))))
            taken.append((m.start(), m.end()))
            pos = m.end()
    for n in _numbers(t):
        if f[n.end : n.end + 2].lstrip().startswith("%") or "phan tram" in f[n.end : n.end + 12]:
            continue
        # "3 Yêu cầu của cơ quan báo chí ...": a row or list number at the start of a line.
        if not t[: n.start].strip() and re.match(r"\s*[.)]?\s*[A-ZÀ-ỸĐ]", t[n.end :]):
            continue
        if n.qualifier or not float(n.value).is_integer() or _inside(taken, n.start, n.end):
            continue
        if _DATE_BEFORE.search(f, max(0, n.start - 6), n.start) or 1900 <= n.value <= 2100:
            continue
        found.append((n.start, n.end, int(n.value), None))
    return sorted(found)


def _form_prose(b: _B, out: dict[str, list[_Cand]], briefing_part: bool = False) -> None:
    """Counts of the form's indicators written in sentences (or in flattened table lines).
    ``briefing_part``: the block is under a heading naming the press briefings."""
    score = 4.0 + (1.0 if b.kind == "results" else 0.0)
    conf = 0.8 if b.kind in ("results", "intro") else 0.7
    start = 0
    for m in itertools.chain(_FORM_SENTENCE.finditer(b.text), [None]):
        end = m.start() if m else len(b.text)
        t, f = b.text[start:end], b.f[start:end]
        start = m.end() if m else end
        if not (briefing_part or any(cue in f for cue in _FORM_CUES)) or _FUTURE.search(f):
            continue
        quote, found = _quote(t), _counts_in(t, f)
        # What the sentence speaks of, looked up once (not per count: long lines stay linear).
        topics = {
            "on_time": "tra loi" in f and _ON_TIME.search(f) is not None,
            "incidents": _INCIDENT_WORDS.search(f) is not None,
            "briefings": briefing_part or "giao ban" in f,
            "requests": ("tiep nhan" in f or "nhan duoc" in f or _ANSWERED.search(f) is not None)
            and _PRESS_WORD.search(f) is not None,
        }
        for k, (s, e, value, den) in enumerate(found):
            # The words back to the previous count and on to the next one (at most 200 chars).
            pre = f[max(found[k - 1][1] if k else 0, s - 200) : s]
            post = f[e : min(found[k + 1][0] if k + 1 < len(found) else len(f), e + 200)]
            if topics["briefings"] and (briefing_part or "trong do" in pre):
                # Under a "Giao ban báo chí" heading, or a sub-count ("Tham gia giao ban: 12
                # lần; trong đó cung cấp thông tin: 05 lần"): the briefings are named before.
                pre = f[max(0, s - 200) : s] if "giao ban" in f[max(0, s - 200) : s] else pre
                pre = pre if "giao ban" in pre else "giao ban " + pre
            got = _prose_kind(pre, post, topics, den is not None, k + 1 < len(found))
            if got is None:
                continue
            kind, side = got
            # "tham dự 9 buổi giao ban ..., cung cấp thông tin": attended, information given at
            # some of them perhaps; kept, but less sure than "cung cấp thông tin tại 9 buổi".
            sure = conf if kind != "briefings" or not _ATTEND.search(pre[-60:]) else 0.65
            if den is not None:
                values = (value, den) if _RATIO_KINDS[kind][1] is not None else (None, None)
            else:
                values = (None, value) if side == "den" else (value, None)
            _form_put(out, kind, values, score, min(conf, sure), quote, b.loc)
        if "giao ban" in f and not found and _NO_BRIEFING.search(f):
            _form_put(out, "briefings", (0, None), score - 1.0, 0.7, quote, b.loc)
        if ("dot xuat" in f or "bat thuong" in f) and not found and _NO_INCIDENT.search(f):
            _form_put(out, "incidents", (0, 0), score - 1.0, 0.7, quote, b.loc)
        if (
            ("cai chinh" in f or "dinh chinh" in f)
            and _NO_CORRECTION.search(f)
            and not any(_CORRECTION_AFTER.match(f, e) for _, e, _, _ in found)
        ):
            _form_put(out, "corrections", (0, None), score - 1.0, 0.8, quote, b.loc)


_HOP_BAO_NEXT = re.compile(r"\s*(?:cuoc|buoi|lan)?\s*hop bao")
_CHANGE_BEFORE = re.compile(r"\b(?:tang|giam)(?: them)?\s*$|so voi\s*$")
_NEGATED = re.compile(
    r"\b(?:chua|khong)\s+(?:duoc\s+|the\s+)?(?:tra loi|phan hoi|dap ung|tiep nhan|phat ngon)"
)
_CLAUSE_END = re.compile(r"[,;(]")
_VERB_RIGHT_BEFORE = re.compile(
    r"(?:tra loi|phan hoi|dap ung|tiep nhan|nhan duoc)(?: duoc| day du| cho)?\s*:?\s*$"
)


def _last(rx: re.Pattern[str], s: str) -> int:
    return max((m.end() for m in rx.finditer(s)), default=-1)


def _prose_kind(
    pre: str, post: str, topics: dict[str, bool], ratio: bool, followed: bool = False
) -> tuple[str, str] | None:
    """Return (indicator, side) of a count read with the words around it: side "num" or "den"
    of a ratio (a ratio written "14/15" gives both); None when it counts none of them.
    ``pre``/``post``: the words back to the previous count and on to the next one; ``topics``:
    which indicators the sentence speaks of; ``followed``: another count comes after."""
    near_pre, near_post = pre[-60:], post[:60]
    # "tăng 5 yêu cầu so với năm 2025": a change, not a count.
    if _CHANGE_BEFORE.search(near_pre):
        return None
    # Corrections: "02 yêu cầu cải chính", "đề nghị cải chính 01 lần", "Yêu cầu cải chính: 0".
    label = _LABEL_END.search(near_pre) is not None or not post.strip(" .;,")
    if (
        _CORRECTION_AFTER.match(post)
        or _CORRECTION_BEFORE.search(near_pre)
        or (label and ("cai chinh" in near_pre[-40:] or "dinh chinh" in near_pre[-40:]))
    ):
        return "corrections", "num"
    noun_request = _REQUEST_NOUN.match(post.lstrip()) is not None
    denominator = _DENOMINATOR_BEFORE.search(near_pre) is not None
    # On-time answers: "24 yêu cầu được trả lời đúng thời hạn", "đúng hạn 13/14 yêu cầu",
    # "Trong số 25 yêu cầu đã trả lời, có 24 ... đúng thời hạn".
    if topics["on_time"]:
        if denominator and (noun_request or ratio):
            return "on_time", "den"
        # Its own clause: "Đã trả lời 12/12 yêu cầu, 100% đúng thời hạn" is no on-time count.
        if _ON_TIME.search(_CLAUSE_END.split(near_post, maxsplit=1)[0]) and (noun_request or ratio):
            return "on_time", "num"
        if _ON_TIME.search(near_pre) and (noun_request or label or ratio):
            return "on_time", "num"
    # Incidents: "phát sinh 02 vụ việc đột xuất", "phát ngôn về cả 02 vụ việc", "3/3 vụ việc".
    if topics["incidents"] and (
        _INCIDENT_NOUN.match(post.lstrip()) or (label and _INCIDENT_NOUN.search(near_pre))
    ):
        spoken, occurred = _last(_SPOKEN, near_pre), _last(_OCCURRED, near_pre)
        if _NEGATED.search(near_pre) or _NEGATED.search(near_post[:40]):
            return None
        if ratio or spoken > occurred:
            return "incidents", "num"
        # "Trong 15 vụ việc ..., Sở đã phát ngôn 12 vụ việc": the verb is the next count's.
        if re.search(r"\btrong (?:tong so |so )?$", near_pre) or (
            followed and _SPOKEN.search(post[-30:])
        ):
            return "incidents", "den"
        if occurred > spoken or "phat ngon" not in near_post:
            return "incidents", "den"
        return "incidents", "num"
    # Briefings: the times information was given there ("cung cấp thông tin tại 04 cuộc giao
    # ban", "06 lần trực tiếp cung cấp thông tin tại giao ban"); attending only is not counted.
    if topics["briefings"] and not ratio:
        if _HOP_BAO_NEXT.match(post):
            return None  # "cung cấp thông tin tại 02 cuộc họp báo của UBND tỉnh"
        scope = pre + " " + post[:80]
        if (_UNIT_TIMES.match(post) or label) and "giao ban" in scope and _GIVE_INFO.search(scope):
            # "tham dự 12 cuộc giao ban, cung cấp thông tin 4 lần", "chủ trì 12 cuộc giao ban
            # và cung cấp thông tin tại 03 cuộc": the information is the next count's.
            cues = list(_GIVE_INFO.finditer(post))
            last_cue = cues[-1] if cues else None
            if (
                followed
                and not _GIVE_INFO.search(pre)
                and last_cue is not None
                and len(post) - last_cue.end() < last_cue.start()
            ):
                return None
            return "briefings", "num"
        return None
    # Press requests: "tiếp nhận 27 yêu cầu ..., đã trả lời 25", "trả lời 14/15 yêu cầu".
    if (
        not denominator
        and topics["requests"]
        and (noun_request or _VERB_RIGHT_BEFORE.search(pre) or (label and "yeu cau" in near_pre))
    ):
        # "còn 02 yêu cầu chưa trả lời": the unanswered are no indicator of the form.
        if _NEGATED.search(near_pre) or _NEGATED.search(near_post[:40]):
            return None
        if ratio:
            return "requests", "num"
        answered, received = _last(_ANSWERED, near_pre), _last(_RECEIVED, near_pre)
        if answered > received:
            return "requests", "num"
        if received > answered or "tong so" in near_pre:
            return "requests", "den"
        if _ANSWERED.search(near_post[:40]):
            return "requests", "num"
        if _RECEIVED.search(near_post[:40]):
            return "requests", "den"
    return None


def _extract_form(layout: _Layout) -> dict[str, FieldValue]:
    """Return the Decree 244/2026 form's indicators stated in the report; absent when silent.

    ``briefings`` counts what the form counts (DOMAIN.md): the times the agency BROUGHT
    information to press briefings ("giao ban báo chí"). Attending a briefing without giving
    information is not counted, and says nothing of how often information was given there, so
    "tham gia 04 buổi giao ban" alone leaves briefings unknown (None), never 0. Attending and giving
    information in the same statement ("tham dự 9 buổi giao ban ..., cung cấp thông tin về ...")
    is counted with a lower confidence. A briefing is never a press conference held (the press
    conference rules reject "giao ban"). Ratios ("14/15", "14 / 15", "14 trên 15", or two
    columns) give numerator and denominator, each with the same quote. "Không có vụ việc đột xuất"
    is 0 of 0 incidents; "không có yêu cầu cải chính" is 0 correction requests.
    """
    out: dict[str, list[_Cand]] = {}
    briefing_part = False
    for b in layout.body():
        if b.heading_level is not None:
            # "2. Giao ban báo chí" heads the blocks that count them without naming them.
            briefing_part = "giao ban" in b.f and b.kind not in ("assessment", "tasks")
        if (
            b.loc.table is not None
            or b.closing
            or b.basis
            or b.kind in ("recommendations", "tasks")
            or not (briefing_part or any(cue in b.f for cue in _FORM_CUES))
        ):
            continue
        _form_prose(b, out, briefing_part and b.heading_level is None)
    _form_table(layout, out)
    return {name: fv for name, cands in out.items() if (fv := _best(cands)) is not None}


# ---------------------------------------------------------------------------------------------
# Outlets


_OUTLET_CUE = re.compile(
    r"cung cap(?: thong tin)?|tra loi|phong van|phoi hop|thong tin cho|lam viec voi"
    r"|tiep (?:phong vien|nha bao)"
    r"|co quan bao chi|bao chi gom|gui (?:tin|bai|thong tin)|\bgom\s*:"
)
# Coverage of the agency by the press ("được các báo đưa tin 19 lượt, chủ yếu trên báo Hà Nam")
# is not information the agency provided.
_COVERAGE = re.compile(
    r"duoc (?:cac )?(?:bao|co quan bao chi|phuong tien)[^.;]{0,40}(?:dua tin|dang|phan anh|phat)"
    r"|(?:cac )?(?:bao|dai|co quan bao chi)[^.;]{0,30}(?:da )?(?:dua tin|dang tai"
    r"|phan anh)\s+(?:ve|\d)"
    r"|luot tin|\bluot\b"
)
_OUTLET_FIXED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"thong tan xa viet nam|\bttxvn\b"), "TTXVN"),
    (re.compile(r"dai truyen hinh viet nam|\bdai thvn\b|\bvtv\d?\b"), "VTV"),
    (re.compile(r"dai tieng noi viet nam|\bdai tnvn\b|\bvov\d?\b"), "VOV"),
    (
        re.compile(r"cong\s+(?:thong tin dien tu|ttdt)\s+(?:cua\s+)?tinh\b(?!\s+uy)"),
        "Cổng TTĐT tỉnh",
    ),
)
_RADIO_TV = r"(?:pt\s*[-&]?\s*th|ptth|phat thanh\s*(?:va|-|–|&|,)?\s*truyen hinh)\s+(?:tinh\s+)?"
_RADIO = re.compile(r"\bdai\s+" + _RADIO_TV)
# Since 2025 a province's newspaper and radio-TV station are one outlet: "Báo và Phát thanh,
# Truyền hình Cà Mau" (normal form "Báo và PT-TH Cà Mau").
_MERGED_MEDIA = re.compile(r"\bbao va\s+" + _RADIO_TV)
_NAMED = re.compile(r"\b(?P<kind>thoi bao|bao|tap chi)\s+(?=\S)")
_NAME_END = re.compile(r"\s*(?:[,;.:()]|$)")
_KIND_NAMES = {"bao": "Báo", "thoi bao": "Thời báo", "tap chi": "Tạp chí"}
_NAME_STOP = frozenset(
    [
        "ve",
        "tren",
        "khi",
        "de",
        "theo",
        "da",
        "trong",
        "voi",
        "nham",
        "dang",
        "phan",
        "dua",
        "cung",
        "tai",
        "cho",
        "lien",
        "vao",
        "kip",
        "thuong",
        "moi",
        "gom",
        "nhu",
        "bang",
        "qua",
        "la",
        "co",
        "duoc",
        "cac",
        "nhung",
        "hang",
        "den",
        "tim",
        "de",
        "nghi",
        "phong",
        "nham",
        "lam",
    ]
)
_OUTLET_ALIASES = {"bao thanh tra chinh phu": "Báo Thanh tra", "bao nhan dan": "Báo Nhân Dân"}
_NOT_NAMES = re.compile(r"^(?:chi|cao|gia|dien tu|in|noi|hinh|tin)\b")


def _province_first(f: str) -> bool:
    """Return True when folded ``f`` opens with a province name ("gia lai ...")."""
    words = re.sub(r"[^a-z ]", " ", f[:40]).split()
    return any(" ".join(words[:n]) in _PROVINCE_BY_KEY for n in (2, 3, 4))


def _outlets_in(text: str, f: str, province: str | None) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for rx, name in _OUTLET_FIXED:
        for m in rx.finditer(f):
            # The provincial portal is an outlet only as a recipient ("cho Cổng TTĐT tỉnh", a list
            # item), not as the place the Sở TT&TT posts to ("... để đăng tải trên Cổng TTĐT tỉnh").
            if name == "Cổng TTĐT tỉnh" and not re.search(
                r"(?:^|\bcho|\bgom|\bva|\bvoi|phong vien|[,:;+\-•])\s*(?:cac\s+)?$", f[: m.start()]
            ):
                continue
            found.append((m.start(), name))
    for rx, kind in ((_RADIO, "Đài PT-TH"), (_MERGED_MEDIA, "Báo và PT-TH")):
        for m in rx.finditer(f):
            p = province_from_text(text[m.end() : m.end() + 40]) or province
            found.append((m.start(), f"{kind} {p}" if p else kind))
    for m in _NAMED.finditer(f):
        rest_t, rest_f = text[m.end() :], f[m.end() :]
        if e := re.match(r"dien tu\s+(?=\S)", rest_f):
            # "Báo điện tử Dân trí" is "Báo Dân trí" (the online paper is the paper).
            rest_t, rest_f = rest_t[e.end() :], rest_f[e.end() :]
        if not rest_t[:1].isupper() or (_NOT_NAMES.match(rest_f) and not _province_first(rest_f)):
            # "Báo giá" is no outlet; "Báo Gia Lai" is.
            continue
        if m.group("kind") == "bao" and not text[m.start()].isupper() and not rest_t[:1].isupper():
            continue
        if m.group("kind") == "thoi bao" and not text[m.start()].isupper():
            # "kịp thời báo cáo ...": only a capital "Thời báo" names an outlet.
            continue
        words: list[str] = []
        lower_run = 0  # lowercase words in a row: names allow one ("Báo Giáo dục và Thời đại")
        for t in re.finditer(r"[^\s,;.:()]+|[,;.:()]", rest_t):
            w, fw = t.group(), rest_f[t.start() : t.end()]
            nxt = rest_f[t.end() :].lstrip()
            # A stop word that ends the name right there is the name's ("Thời báo Ngân hàng.").
            stop = (
                fw in _NAME_STOP
                and not _is_name_token(w)
                and not (words and _NAME_END.match(rest_t, t.end()))
            )
            if w in ",;.:()" or stop or len(words) >= 8:
                break
            if fw in ("va", "&"):
                # "... và Cổng TTĐT" / "và Đài ..." start another outlet; "và Công nghệ" does not.
                if re.match(
                    r"(?:bao|thoi bao|dai|tap chi|thong tan|cong\s+(?:thong tin|ttdt|tt\b)"
                    r"|truyen hinh|trang|cac|co quan|vtv\d*|vov\d*|ttxvn)\b",
                    nxt,
                ):
                    break
                if not rest_t[t.end() :].lstrip()[:1].isupper():
                    break
                words.append(w)
                lower_run = 0
                continue
            if w[:1].isupper() or w[:1].isdigit():
                lower_run = 0
            else:
                lower_run += 1
                since_and = (
                    words[len(words) - 1 - words[::-1].index("và") :] if "và" in words else words
                )
                if (
                    w[:1].isalpha()
                    and len(since_and) >= 2
                    and all(x[:1].isupper() for x in since_and)
                ):
                    # "Báo Thanh Niên thực hiện ...": a name in capitals ("Thanh Niên", "Người
                    # Lao Động") ends before a lowercase word.
                    break
                # "Báo Tuổi trẻ thực hiện ...": a second lowercase word is no longer the name,
                # unless the name ends right there ("Báo Công an nhân dân."); "điện tử" closes
                # it too ("Báo Hà Nam điện tử"), or where the subject follows ("cho Tạp chí Tổ
                # chức nhà nước về công tác ...").
                tail = re.split(r"[,;.:()\n]", rest_t[t.start() :], maxsplit=1)[0].split()
                if "ve" in rest_f[t.start() :].split():
                    tail_f = [fold(x) for x in tail]
                    tail = tail[: tail_f.index("ve")] if "ve" in tail_f else tail
                if (lower_run > 1 and len(tail) > 2) or not words:
                    break
                if fw == "dien" and nxt.startswith("tu"):
                    break
            words.append(w)
        if not words:
            continue
        kind = _KIND_NAMES[m.group("kind")]
        # The online edition is the same outlet: "Báo Hà Nam điện tử" is "Báo Hà Nam".
        if len(words) > 2 and fold(" ".join(words[-2:])) == "dien tu":
            words = words[:-2]
        elif len(words) > 1 and fold(words[-1]) == "online":
            words = words[:-1]
        name = f"{kind} {' '.join(words)}".replace(" & ", " và ")
        found.append((m.start(), _OUTLET_ALIASES.get(name_key(name), name)))
    return sorted(found)


_REPORT_OPENING = re.compile(r"\bbao cao\b[^:]*\bnhu sau\s*:\s*$")


def _extract_outlets(layout: _Layout, province: str | None) -> FieldValue | None:
    names: list[str] = []
    first: _B | None = None
    quote_parts: list[str] = []
    in_list = False
    lead_in: _B | None = None
    cue_row: tuple[int, int | None] | None = None
    after_lead = False  # the block right after a line leading in the outlets ("… cho:")
    for b in _joined_cell_lines(layout.body()):
        if b.loc.part in _PAGE_FURNITURE:
            continue  # a page number between a lead-in and its list
        follows_lead, after_lead = after_lead, False
        if (
            b.closing
            or b.basis
            or b.kind in ("recommendations", "tasks")
            or (
                b.heading_level is not None
                and b.heading_level < PSEUDO_HEADING
                # "3. UBND huyện đã cung cấp thông tin cho:" is numbered but opens a list.
                and not (b.text.rstrip().endswith(":") and _OUTLET_CUE.search(b.f))
            )
        ):
            in_list = False
            continue
        short = len(b.text) < 100 or b.loc.table is not None
        # A posts count sent to the provincial portal, or press coverage, is not press information;
        # in a paragraph of several sentences (PDF paragraphs without indent run together), the
        # sentence that names the outlets is judged on its own.
        start = _outlet_sentence(b)
        cue = start is not None
        row = (b.loc.table, b.loc.row) if b.loc.table is not None else None
        if cue and row:
            # "Cơ quan báo chí được cung cấp thông tin | Báo A, Báo B": the row's label cell.
            cue_row = row
        elif row and row == cue_row:
            cue = True
        # A list right after its lead-in may be one long line ("Báo A; Báo B; …; Đài C."), but
        # not a sentence about coverage or posts.
        listed = follows_lead and not _COVERAGE.search(b.f) and not _counts_posts(b)
        if not (cue or (in_list and (short or listed))):
            in_list = False
            continue
        start = start or 0
        hits = [h for h in _outlets_in(b.text, b.f, province) if h[0] >= start]
        if cue and b.text.rstrip().endswith((":", ",")):
            # A list or table of outlets follows (or the sentence goes on after a line break);
            # it ends at a heading or a long paragraph. The report's opening sentence ("Sở …
            # báo cáo kết quả … cung cấp thông tin cho báo chí năm 2023 như sau:") leads in the
            # whole report, not the outlets: never part of their quote.
            in_list = after_lead = True
            lead_in = None if _REPORT_OPENING.search(b.f) else b
        elif not short or (not hits and b.text.rstrip().endswith(":")):
            in_list = False
        for _, name in hits:
            if fold(name) not in {fold(n) for n in names}:
                names.append(name)
        if hits:
            if first is None and lead_in is not None and lead_in is not b:
                quote_parts.append(lead_in.text)
            first = first or b
            quote_parts.append(b.text[start:])
    if not names or first is None:
        return _no_outlets(layout)
    return FieldValue(names, 0.85, _quote(" ".join(quote_parts)), first.loc)


_NEXT_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ỸĐ])")


def _outlet_sentence(b: _B) -> int | None:
    """Return where the outlets' sentence of a block starts (0: the whole block), or None.

    The block, or one of its sentences, must name press information (an outlet cue) and be
    neither press coverage nor a posts count.
    """

    def names_outlets(a: int, e: int) -> bool:
        f = b.f[a:e]
        if not _OUTLET_CUE.search(f) or _COVERAGE.search(f):
            return False
        return not any(_POST_UNIT.match(f[n.end :]) for n in _numbers(b.text[a:e]))

    if names_outlets(0, len(b.text)):
        return 0
    bounds = [0, *(m.end() for m in _NEXT_SENTENCE.finditer(b.text)), len(b.text)]
    for a, e in itertools.pairwise(bounds):
        if a and names_outlets(a, e):
            return a
    return None


def _joined_cell_lines(blocks: Iterator[_B]) -> list[_B]:
    """Return blocks with a table cell's wrapped lines joined (PDF text: "Báo Sức" / "khỏe và Đời
    sống", maybe with a line of the next cell in between): a line of a cell that opens in
    lowercase goes on with that cell's line before it."""
    out: list[_B] = []
    for b in blocks:
        key = (b.loc.table, b.loc.row, b.loc.cell)
        if b.loc.table is not None and not b.closing and b.text.lstrip()[:1].islower():
            for j in range(len(out) - 1, max(-1, len(out) - 4), -1):
                prev = out[j]
                if (prev.loc.table, prev.loc.row, prev.loc.cell) == key:
                    text = f"{prev.text.rstrip()} {b.text.strip()}"
                    out[j] = _B(
                        prev.i,
                        text,
                        _fold_aligned(text),
                        prev.loc,
                        prev.bold,
                        prev.heading_level,
                        prev.kind,
                        prev.basis,
                        prev.closing,
                    )
                    break
            else:
                out.append(b)
            continue
        out.append(b)
    return out


def _counts_posts(b: _B) -> bool:
    return any(_POST_UNIT.match(b.f[n.end :]) for n in _numbers(b.text))


_NO_CASE = re.compile(
    r"(?:khong|chua)\s+(?:co\s+)?(?:phat sinh|xay ra|co truong hop|co vu viec|co su viec)"
    r"|khong co (?:thong tin|van de|noi dung) (?:nao )?(?:phai|can)"
)
_PRESS_PART = re.compile(
    r"dot xuat|bat thuong|cung cap thong tin cho (?:cac )?(?:co quan )?bao chi"
)


def _no_outlets(layout: _Layout) -> FieldValue | None:
    """Return [] when the press-information part says no case arose, else None (no such part)."""
    heading: _B | None = None
    for b in layout.body():
        if b.closing:
            break
        if b.heading_level is not None:
            heading = b
        if b.basis or b.kind in ("recommendations", "tasks"):
            continue
        context = b.f + " " + (heading.f if heading else "")
        if _NO_CASE.search(b.f) and _PRESS_PART.search(context):
            return FieldValue([], 0.7, _quote(b.text), b.loc)
    return None


# ---------------------------------------------------------------------------------------------
# Recommendations, training requests


_NONE_ITEM = re.compile(
    r"^(?:khong|khong co|chua co|khong co gi|khong co y kien|khong (?:de xuat|kien nghi))\W*$"
    r"|^(?:\w+\s+){0,4}?(?:khong|chua)\s+co\s+(?:\w+\s+){0,2}?(?:de xuat|kien nghi|y kien|de nghi)"
    r"(?:\s+\w+){0,5}\W*$"
)
_REC_LABEL = re.compile(
    r"^\s*(?:[-+•*–]\s*)?(?:[ivx\d]+\s*[.)/]\s*|[a-z]\s*[.)]\s*)?(?:ve\s+)?(?:cac\s+)?"
    r"(?:de xuat|kien nghi|de nghi)"
    r"(?:\s*[,/]?\s*(?:va\s+)?(?:de xuat|kien nghi|de nghi))*\s*[:.]?\s*"
)


def _clean_item(text: str) -> str:
    t = text.strip()
    for _ in range(2):
        t = _MARKER.sub("", t, count=1).strip()
    return _squash(t)


def _says_none(item: str) -> bool:
    """Return True when the one item of a requests part says there is none: "Không có.", or a
    report of what was done ending so ("Năm 2023, Sở đã cử 02 cán bộ dự lớp tập huấn ... Sở
    không có kiến nghị, đề xuất.") with no request before it."""
    words = [
        " ".join(re.sub(r"[^a-z ]", " ", fold(item[a:b])).split()) for a, b in _sentences(item)
    ]
    if not words or not _NONE_ITEM.match(words[-1]):
        return False
    return not any(_REQUEST.search(w) for w in words[:-1])


def _extract_recommendations(layout: _Layout) -> FieldValue | None:
    blocks = layout.blocks
    for k, b in enumerate(blocks):
        if k < layout.header_end or b.closing or b.kind != "recommendations":
            continue
        start = k
        items: list[str] = []
        quote_blocks: list[_B] = []
        level = b.heading_level
        if level is not None or _REC_LABEL.match(b.f):
            m = _REC_LABEL.match(b.f)
            inline = b.text[m.end() :].strip() if m else ""
            if inline:
                # "Kiến nghị: 1) Đề nghị ...; 2) Đề nghị ..." on one line.
                items.extend(_split_requests(inline))
                quote_blocks.append(b)
            start = k + 1
        for nb in blocks[start:]:
            if nb.closing or nb.kind != "recommendations":
                break
            if nb.heading_level is not None and (level is None or nb.heading_level <= level):
                break
            text = _clean_item(nb.text)
            if not text or (text.endswith(":") and len(text) < 80):
                continue
            if _assessment_item(nb):
                # "- Ưu điểm: ..." / "- Tồn tại: ..." under "ĐÁNH GIÁ, ĐỀ XUẤT": the assessment.
                continue
            label = _REC_LABEL.match(_fold_aligned(text))
            if label and ":" not in label.group():
                label = None
            parts = _split_requests(text[label.end() :] if label else text)
            if label and len(parts) == 1:
                # "- Đề xuất: Đề nghị ...": the request without its label.
                text = parts[0]
            if len(parts) > 1:
                # "Kiến nghị: tổ chức tập huấn ...; bố trí kinh phí ..." on one line.
                items.extend(parts)
                quote_blocks.append(nb)
                continue
            if items and _continues(items[-1], nb.text):
                # A scan or PDF line break inside one request.
                items[-1] = f"{items[-1]} {text}"
            else:
                items.append(text)
            quote_blocks.append(nb)
        if not items and not quote_blocks:
            continue
        quote = _quote(" ".join(x.text for x in quote_blocks) or b.text)
        loc = (quote_blocks[0] if quote_blocks else b).loc
        if len(items) == 1 and _says_none(items[0]):
            return FieldValue([], 0.9, quote, loc)
        items = [i for i in items if len(i.split()) >= 3]
        return FieldValue(items, 0.85, quote, loc) if items else FieldValue([], 0.7, quote, loc)
    # No section: an inline "Đề xuất, kiến nghị: Không có." line anywhere in the body.
    for b in layout.body():
        m = _REC_LABEL.match(b.f)
        if m and not b.closing and b.f[m.end() - 1 : m.end()] in (":", ".", " "):
            rest = b.text[m.end() :].strip()
            if rest and _NONE_ITEM.match(" ".join(re.sub(r"[^a-z ]", " ", fold(rest)).split())):
                return FieldValue([], 0.85, _quote(b.text), b.loc)
            if rest and ":" in b.f[: m.end()]:
                items = _split_requests(rest)
                return FieldValue(items, 0.75, _quote(b.text), b.loc)
        elif not b.closing and ("kien nghi" in b.f or "de xuat" in b.f):
            # "Đơn vị không có kiến nghị, đề xuất." standing alone: none (not "ý kiến phản ánh").
            words = " ".join(re.sub(r"[^a-z ]", " ", b.f).split())
            if _NONE_ITEM.match(words) and re.search(
                r"co\s+(?:\w+\s+){0,2}?(?:kien nghi|de xuat)", words
            ):
                return FieldValue([], 0.75, _quote(b.text), b.loc)
    # No heading either: requests standing last in the body ("Sở kiến nghị UBND tỉnh ...").
    body = [b for b in layout.body() if not b.closing]
    tail: list[_B] = []
    for b in reversed(body):
        if b.heading_level is not None or b.basis or not _REQUEST_OPENING.match(b.f):
            break
        tail.insert(0, b)
    if tail:
        items = [item for b in tail for item in _split_requests(b.text)]
        return FieldValue(items, 0.6, _quote(" ".join(b.text for b in tail)), tail[0].loc)
    return None


def _split_inline(text: str) -> list[str]:
    """Split "1) Đề nghị ...; 2) Đề nghị ..." written on one line into its requests."""
    return re.split(r"(?:^|(?<=[;.])\s+)(?:\d{1,2}|[a-zđ])\)\s+", text)


# What opens a request of its own after a ";": a request word, an action asked for, or an
# addressee written with a capital ("UBND tỉnh ...", "Sở TT&TT ...").
_REQUEST_PART = re.compile(
    r"\W*(?:va\s+|dong thoi\s+)?(?:de nghi|kien nghi|de xuat|kinh de nghi|mong|rat mong|to chuc"
    r"|bo tri|ho tro|huong dan|tang cuong|quan tam|ban hanh|bo sung|xem xet|som\b|nang cap"
    r"|dau tu|mo\b|cu\b|tao dieu kien|chi dao|phan bo|cho phep|thanh lap|nghien cuu|uu tien"
    r"|cap\b|trang bi|kien toan|phe duyet|sua doi|dieu chinh)"
)

# A training topic after a ";", even with a capital ("...; Kỹ năng viết tin"): not a request.
_TOPIC_PART = re.compile(r"\W*(?:ky nang|nghiep vu|kien thuc|cach\b|ve\b|noi dung|cac noi dung)")


def _split_semicolons(text: str) -> list[str]:
    """Split requests separated only by ";" on one line ("tổ chức tập huấn ...; bố trí kinh phí
    ...") into items, each keeping its ";".

    One request is kept whole when its ";" separate the topics of a list it introduces with ":"
    ("bồi dưỡng về: kỹ năng phát ngôn; xử lý khủng hoảng") or sit inside parentheses, or when a
    part after a ";" does not open a request of its own (a request word, an action, an addressee).
    """
    if ";" not in text.rstrip().rstrip(";"):
        return [text]
    cuts: list[int] = []
    depth = 0
    for i, c in enumerate(text):
        if c in "([":
            depth += 1
        elif c in ")]":
            depth = max(0, depth - 1)
        elif c == ";" and depth == 0 and text[i + 1 :].strip():
            cuts.append(i + 1)
    if not cuts or ":" in text[: cuts[0]]:
        return [text]
    parts = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    for part in parts[1:]:
        pf = fold(part)
        opens = (part[:1].isupper() and not _TOPIC_PART.match(pf)) or _REQUEST_PART.match(pf)
        if not opens:
            return [text]
    if any(len(part.split()) < 3 for part in parts):
        return [text]
    return parts


def _split_requests(text: str) -> list[str]:
    """Split one line holding several requests (numbered "1) ...; 2) ..." or ";"-separated)."""
    return [_clean_item(q) for p in _split_inline(text) if p.strip() for q in _split_semicolons(p)]


# A request opening a paragraph: "Đề nghị ...", "- Kiến nghị ...", "Sở kiến nghị UBND tỉnh ...".
_REQUEST_OPENING = re.compile(
    r"^\W*(?:\w+\s+){0,6}?(?:kinh\s+)?(?:de nghi|kien nghi|de xuat|mong muon|rat mong)\s+\S"
)


def _continues(previous: str, line: str) -> bool:
    """Return True when ``line`` goes on with the request in ``previous`` (broken line)."""
    stripped = line.strip()
    if _MARKER.match(stripped) and _MARKER.match(stripped).end() > 0:
        return False
    return stripped[:1].islower() or (
        not previous.rstrip().endswith((".", ";", "!", "?", ":")) and not stripped[:1].isupper()
    )


_REQUEST = re.compile(
    r"de nghi|kien nghi|de xuat|mong muon|rat mong|kinh mong|xin\b|mong\b|can duoc|nhu cau"
)
_TRAINING = re.compile(
    r"tap huan|boi duong|dao tao|mo (?:cac )?lop|lop hoc|hoi thao|nang cao (?:ky nang|nang luc"
    r"|nghiep vu|trinh do)"
    r"|hoi nghi (?:pho bien|quan triet|tap huan)|pho bien (?:luat|phap luat|van ban|quy dinh)"
    r"|" + GUIDANCE_ON_SKILLS.pattern
)
_TRAINING_NAME_NOISE = re.compile(
    r"giao duc\s*(?:va|&|-)?\s*dao tao|gd\s*(?:&|-)?\s*dt|truong dao tao"
)
_ATTENDED = re.compile(r"(?:da|duoc)\s+(?:\w+\s+){0,2}(?:tham gia|tham du|cu|to chuc|mo)\b")


def _extract_training(
    layout: _Layout, recs: FieldValue | None
) -> tuple[FieldValue, FieldValue | None]:
    hits: list[tuple[str, _B | None]] = []
    if recs and recs.value:
        for item in recs.value:
            f = _TRAINING_NAME_NOISE.sub(" ", fold(item))
            if _TRAINING.search(f):
                hits.append((item, None))
    rec_loc = recs.location if recs else None
    for b in layout.body():
        if b.closing or b.basis or b.kind == "recommendations":
            continue
        if rec_loc is not None and b.loc == rec_loc and recs and recs.value:
            # An inline "Kiến nghị: ...; ..." line: its items were read above, one by one.
            continue
        for s, e in _sentences(b.text):
            f = _TRAINING_NAME_NOISE.sub(" ", b.f[s:e])
            t = _TRAINING.search(f)
            r = _REQUEST.search(f)
            if t and r and not (_ATTENDED.search(f) and _ATTENDED.search(f).start() < r.start()):
                hits.append((b.text[s:e], b))
    if not hits:
        return FieldValue(False, 0.8, None, None), None
    text = " ".join(h for h, _ in hits)
    src = next((b for _, b in hits if b is not None), None)
    loc = src.loc if src else recs.location if recs else None
    topics = topics_for(text)
    return (
        FieldValue(True, 0.9, _quote(hits[0][0]), loc),
        FieldValue(topics, 0.8 if topics != ["other"] else 0.6, _quote(text), loc),
    )


# ---------------------------------------------------------------------------------------------
# Strengths and limitations


_LABEL = re.compile(
    r"^\s*(?:[-+•*–]\s*|(?:phan\s+)?[ivx\d]+\s*[.)]\s*|[a-z]\s*[.)]\s*)?\**\s*(?:ve\s+)?"
    r"(?P<label>[^:]{2,90}?)\s*\**\s*(?::|$)"
)
_LIMIT_WORDS = re.compile(
    r"han che|ton tai|khuyet diem|yeu kem|bat cap|kho khan|vuong mac|nhuoc diem"
    r"|\bmat (?:con )?chua\b|chua lam duoc"  # "Mặt chưa được:", "Những việc chưa làm được:"
)
_STRENGTH_WORDS = re.compile(
    r"uu diem|ket qua dat duoc|mat (?:lam |dat )?duoc|viec (?:da )?lam duoc|thuan loi|diem manh"
)
_GENERAL_WORDS = re.compile(r"^(?:danh gia chung|nhan xet chung|danh gia|nhan xet)$")
_REQUEST_WORD = re.compile(r"de xuat|kien nghi|de nghi")
_STOP_WORDS = re.compile(r"nguyen nhan|bai hoc|giai phap|de xuat|kien nghi|nhiem vu|phuong huong")


def _label(b: _B) -> tuple[str, int] | None:
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
    if _LIMIT_WORDS.search(label):
        kind = "limitation"
    elif _STRENGTH_WORDS.search(label):
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


def _assessment_item(b: _B) -> bool:
    """Return True for an assessment line standing among the requests, under a heading such as
    "ĐÁNH GIÁ, ĐỀ XUẤT": a strength or limitation label with its own text ("- Tồn tại: ...")
    that asks nothing ("Để khắc phục khó khăn trên, đề nghị: ..." is a request)."""
    lab = _label(b)
    if lab is None or lab[0] in ("stop", "general") or not b.text[lab[1] :].strip(" *:"):
        return False
    return not _REQUEST_WORD.search(b.f[: lab[1]])


def _assessment(layout: _Layout) -> dict[str, FieldValue]:
    """Return strength / limitation / general texts: the text after each label (lines kept)."""
    out: dict[str, FieldValue] = {}
    blocks = layout.blocks
    for k, b in enumerate(blocks):
        if k < layout.header_end or b.closing or b.basis or b.kind == "tasks":
            continue
        lab = _label(b)
        if lab is None or lab[0] == "stop" or lab[0] in out:
            continue
        if b.kind == "recommendations" and not _assessment_item(b):
            continue
        kind, offset = lab
        parts = []
        inline = b.text[offset:].strip(" *:")
        if inline:
            parts.append(inline)
            # A PDF or scan line break inside the labelled sentence.
            for nb in blocks[k + 1 : k + 4]:
                if nb.loc.part in _PAGE_FURNITURE:
                    continue  # a page number between two pages of the list
                if nb.closing or _label(nb) is not None or not _continues(parts[-1], nb.text):
                    break
                parts[-1] = f"{parts[-1]} {nb.text.strip()}"
        else:
            for nb in blocks[k + 1 : k + 10]:
                if nb.loc.part in _PAGE_FURNITURE:
                    continue
                # A line ending with ":" opens another list ("... một số nhiệm vụ sau:").
                if nb.closing or _label(nb) is not None or nb.text.rstrip().endswith(":"):
                    break
                if nb.kind in ("recommendations", "tasks") and nb.kind != b.kind:
                    break
                if nb.heading_level is not None and not (
                    _MARKER.match(nb.text) and nb.heading_level >= 3 and len(nb.text) > 60
                ):
                    break
                parts.append(_clean_item(nb.text))
        # Several bullet lines stay several lines.
        text = "\n".join(_squash(p).strip(" *") for p in parts if p.strip(" *"))
        if len(text.split()) >= 3:
            conf = 0.8 if b.kind == "assessment" else 0.7
            out[kind] = FieldValue(_cap_first(text), conf, _quote(text), b.loc)
    if "strength" not in out and "general" in out:
        out["strength"] = out["general"]
        out["strength"].confidence = 0.65
    return out


# ---------------------------------------------------------------------------------------------


def _round_half_up(x: float) -> float:
    return float(Decimal(str(x)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def period_end(year: int, period: str) -> date | None:
    """Return the last day of a reporting period, or None for an unknown period."""
    if period not in _PERIOD_END:
        return None
    m, d = _PERIOD_END[period]
    return date(year, m, d)


def extract(doc: Document, registry: Registry | None = None) -> dict[str, FieldValue]:
    """Extract every field found in a report document; fields not found are absent."""
    token = _MEMO.set({})
    try:
        return _extract(doc, registry)
    finally:
        _MEMO.reset(token)


def _extract(doc: Document, registry: Registry | None) -> dict[str, FieldValue]:
    layout = _layout(doc)
    if not layout.blocks:
        return {}
    out: dict[str, FieldValue] = {}

    def put(name: str, fv: FieldValue | None) -> None:
        if fv is not None:
            out[name] = fv

    header = _parse_header(layout)
    put("report_number", _extract_number(layout))
    rd, date_year = _extract_date(layout)
    put("report_date", rd)
    period, year = _extract_period(layout, date_year)
    put("year", year)
    put("period", period)
    on = period_end(year.value, period.value) if year and period else None
    # Without a parent line, the place of the date line tells same-named agencies apart.
    placed = _place_province(layout)
    prov_hint = header.province or (placed[0] if placed else None)
    agency, match = _extract_agency(layout, header, registry, on, prov_hint)
    put("agency", agency)
    province = _extract_province(layout, header, match.agency.province if match else None)
    put("province", province)
    name, title = _extract_spokesperson(layout)
    put("spokesperson_name", name)
    put("spokesperson_title", title)
    agency_key = name_key(agency.value) if agency else ""
    portal_is_own = "van phong uy ban nhan dan tinh" in agency_key or (
        name_key(header.agency_text or "") == "van phong" and header.province is not None
    )
    totals, rates = _posts_candidates(
        layout, portal_is_own=portal_is_own, period=period.value if period else None
    )
    posts = _best(totals)
    put("posts_total", posts)
    per_month = _best(rates)
    if per_month is None and posts is not None and period is not None and period.value in MONTHS:
        per_month = FieldValue(
            _round_half_up(posts.value / MONTHS[period.value]),
            round(min(posts.confidence, period.confidence) * 0.95, 3),
            posts.quote,
            posts.location,
            qualifier=posts.qualifier,
            derived=True,
        )
    elif per_month is not None:
        per_month.value = float(per_month.value)
    put("posts_per_month", per_month)
    put("press_conferences", _extract_press(layout))
    put("outlets", _extract_outlets(layout, province.value if province else None))
    recs = _extract_recommendations(layout)
    put("recommendations", recs)
    requested, topics = _extract_training(layout, recs)
    put("training_requested", requested)
    put("training_topics", topics if topics else FieldValue([], 0.8, None, None))
    assessment = _assessment(layout)
    put("strengths", assessment.get("strength"))
    put("limitations", assessment.get("limitation"))
    out.update(_extract_form(layout))
    return out


def document_from_text(text: str, path: str = "<text>") -> Document:
    """Build a Document from plain text, one block per line (for tests and quick checks).

    Lines of the form ``LEFT || RIGHT`` become a two-cell header table row, like real headers.
    """
    blocks: list[Block] = []
    for line in text.strip("\n").split("\n"):
        line = line.strip()
        if not line:
            continue
        if "||" in line:
            left, _, right = line.partition("||")
            row = sum(1 for b in blocks if b.location.table == 0 and b.location.cell == 0)
            for c, part in enumerate((left.strip(), right.strip())):
                if part:
                    blocks.append(
                        Block(part, Location(paragraph=len(blocks), table=0, row=row, cell=c))
                    )
        else:
            blocks.append(Block(line, Location(paragraph=len(blocks))))
    return Document(path=path, format="txt", blocks=blocks)
