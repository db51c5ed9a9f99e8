"""Period family: the reporting year and period (a code of ``ingest.periods``)."""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.classify import RESULTS_SUBJECT, subject_lines
from ingest.fields.context import Context, present
from ingest.fields.strings import cite
from ingest.fields.view import View, ViewBlock, is_closing
from ingest.record import FieldValue
from ingest.text import fold

PRODUCES = ("year", "period")


def extract(view: View, context: Context) -> dict[str, FieldValue]:
    """Return the year and period the title or the opening sentence states; the date line's year
    when none does."""
    date_year = view.date_line.year if view.date_line else None
    period, year = _extract_period(view, date_year)
    return present(year=year, period=period)


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
# A digit may be glued to the word before it where a Word run was split ("báo chí6 tháng").
_SIX = r"(?:(?<!\d)0?6|\bsau)"
_H1 = re.compile(rf"{_SIX}\s+thang\s+dau(?:\s+nam)?\b|\bnua dau nam\b|{_SIX}\s+thang\s+nam\b")
_H2 = re.compile(rf"{_SIX}\s+thang\s+cuoi(?:\s+nam)?\b")
_9M = re.compile(r"(?:(?<!\d)0?9|\bchin)\s+thang\b")
_YEAR = re.compile(r"(?<![\d/.])(19[89]\d|20\d\d)(?![\d/])")


# A quarter's Roman numeral as OCR reads it: "quý HI" (III), "quý Il" (II), "quý lV" (IV).
_OCR_ROMAN = re.compile(r"\bquy\s+([il1|h]{1,3}|[il1|]v)\b")


def _roman_read(m: re.Match[str]) -> str:
    token = m.group(1)
    value = 4 if token.endswith("v") else sum(2 if c == "h" else 1 for c in token)
    return f"quy {['i', 'ii', 'iii', 'iv'][value - 1]}" if value <= 4 else m.group()


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
    f = _OCR_ROMAN.sub(_roman_read, f)
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


# A line that is only a period: "quý III năm 2026", "6 tháng đầu năm 2025", "(9 tháng năm 2024)".
_PERIOD_LINE = re.compile(
    r"^\W*(?:quy\s+\w+|(?:0?6|sau|0?9|chin)\s+thang(?:\s+(?:dau|cuoi))?)\s+nam\s+\d{4}\W*$"
)


def _extract_period(
    view: View, date_year: int | None
) -> tuple[FieldValue | None, FieldValue | None]:
    sources: list[tuple[ViewBlock, float]] = []
    if view.title_index is not None:
        t = view.title_index
        for b in view.blocks[t : t + 4]:
            if b is not view.blocks[t] and (
                len(b.text) > 220 or b.basis or "nhu sau" in b.f or is_closing(b.f)
            ):
                break
            sources.append((b, 0.95))
    # A letter's subject line ("V/v báo cáo kết quả công tác phát ngôn năm 2026") names its period.
    for k, b in enumerate(view.blocks[: view.header_end + 2]):
        if RESULTS_SUBJECT.match(b.f):
            subject = subject_lines([x.text for x in view.blocks[k : k + 4]], 0)
            sources.append((replace(b, text=subject, f=fold(subject)), 0.9))
    # "quý III năm 2026" alone before the first heading: the title's last line, where a scan's
    # title was not read as one.
    for b in view.blocks[: view.header_end + 15]:
        if b.heading_level is not None:
            break
        if _PERIOD_LINE.match(b.f):
            sources.append((b, 0.8))
    for b in list(view.body())[:15]:
        if b.basis and "bao cao" not in b.f:
            continue
        if "bao cao" in b.f and ("nhu sau" in b.f or "ket qua" in b.f):
            sources.append((b, 0.85))
    for b in view.blocks:
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
        yv = FieldValue(year, yc, cite(yb.text) if yb else None, yb.loc if yb else None)
    if period is not None:
        src = pb or yb
        pv = FieldValue(period, pc, cite(src.text) if src else None, src.loc if src else None)
    return pv, yv
