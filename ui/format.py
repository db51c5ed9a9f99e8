"""Vietnamese display formatting: numbers 1.234, decimals 1,5, dates dd/mm/yyyy, labels, escaping.

Pure functions (no Streamlit import) so they are unit-testable and usable by every page.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

import pandas as pd

from ingest.periods import PERIOD_LABELS
from ingest.record import (  # noqa: F401  (FIELD_LABELS: for the pages)
    FIELD_LABELS,
    LIST_KINDS,
    MAX_TEXT,
    NUMERIC_KINDS,
    SPECS,
    Kind,
    check_value,
)
from ingest.topics import TOPICS
from warehouse.labels import (  # noqa: F401  (re-exported for the pages)
    AGENCY_TYPE_LABELS,
    COMPLETENESS_LABELS,
    DERIVED_NOTES,
    STATUS_LABELS,
)
from warehouse.review import BIDI_CONTROLS

# Sidebar choice -> registry type (None = all).
AGENCY_TYPE_FILTER: dict[str, str | None] = {
    "Tất cả": None,
    "Sở, ban, ngành": "department",
    "UBND cấp huyện": "district",
    "UBND cấp xã": "commune",
    "Khác": "other",
}
# Background colours for the status cells (light, readable with dark text).
STATUS_COLOURS: dict[str, str] = {
    "Đạt": "#d3f2dc",
    "Chưa đạt": "#fbd5d5",
    "Chưa rõ": "#fff1c2",
    "Chưa nộp": "#e4e4e7",
    "Không áp dụng": "#f4f4f5",
}
OUTCOME_LABELS: dict[str, str] = {
    "loaded": "Đã nạp",
    "duplicate": "Trùng tệp đã nạp",
    "new_version": "Bản thay thế (phiên bản mới)",
    "not_a_report": "Không phải báo cáo",
    "error": "Lỗi",
    "unmatched_agency": "Chưa khớp đơn vị",
    "possible_resubmission": "Có thể là bản thay thế",
    "locked_period": "Kỳ đã chốt",
}
EXTRACT_STATUS_LABELS: dict[str, str] = {
    "ok": "Đã đọc đủ",
    "needs_review": "Cần kiểm tra",
    "reader_warning": "Cảnh báo khi đọc tệp",
    "not_a_report": "Không phải báo cáo",
    "error": "Lỗi",
}
REVIEW_KIND_LABELS: dict[str, str] = {
    "unmatched_agency": "Chưa khớp đơn vị",
    "possible_resubmission": "Có thể là bản thay thế",
    "needs_review": "Cần kiểm tra",
    "reader_warning": "Cảnh báo khi đọc tệp",
    "error": "Lỗi đọc tệp",
    "not_a_report": "Không phải báo cáo",
    "locked_period": "Kỳ đã chốt",
}
ROLE_LABELS: dict[str, str] = {
    "viewer": "Xem",
    "editor": "Biên tập",
    "admin": "Quản trị",
}
EMPTY = "—"


def is_missing(value: Any) -> bool:
    """Return True for None, NaN, NaT and pandas NA."""
    if value is None:
        return True
    if isinstance(value, (list, tuple, dict, set)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def fmt_int(value: Any) -> str:
    """Format an integer with dot thousands separators: 1234 -> '1.234'."""
    if is_missing(value):
        return EMPTY
    return f"{round(float(value)):,}".replace(",", ".")


def fmt_number(value: Any, decimals: int = 1) -> str:
    """Format a number Vietnamese-style: 1234.5 -> '1.234,5'; whole numbers without decimals."""
    if is_missing(value):
        return EMPTY
    number = float(value)
    if math.isfinite(number) and number == int(number):
        return fmt_int(number)
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def fmt_pct(value: Any, decimals: int = 1) -> str:
    """Format a 0..1 ratio as a percentage with a comma decimal: 0.756 -> '75,6%'."""
    if is_missing(value):
        return EMPTY
    return fmt_number(float(value) * 100, decimals) + "%"


def fmt_ratio(part: Any, whole: Any) -> str:
    """Format a ratio keeping its terms: 17, 18 -> '17/18 (94,4%)'; 0, 0 -> '0/0'."""
    if is_missing(part) or is_missing(whole):
        return EMPTY
    text = f"{fmt_int(part)}/{fmt_int(whole)}"
    return f"{text} ({fmt_pct(float(part) / float(whole))})" if float(whole) else text


def _as_datetime(value: Any) -> date | str | None:
    """Return value as a date/datetime, the string itself when it is not a date, None when empty."""
    if is_missing(value) or value == "":
        return None
    if isinstance(value, str):
        try:
            return pd.Timestamp(value)
        except ValueError:
            return value
    return value


def fmt_date(value: Any) -> str:
    """Format a date (date, datetime, Timestamp or ISO string) as dd/mm/yyyy."""
    value = _as_datetime(value)
    if value is None:
        return EMPTY
    if isinstance(value, (datetime, date)):
        return value.strftime("%d/%m/%Y")
    return str(value)


def fmt_datetime(value: Any) -> str:
    """Format a timestamp as 'dd/mm/yyyy HH:MM' (a bare date as dd/mm/yyyy)."""
    value = _as_datetime(value)
    if value is None:
        return EMPTY
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def fmt_period(period: str | None, year: int | None = None) -> str:
    """Name a reporting period in Vietnamese, e.g. ('q1', 2024) -> 'Quý I năm 2024'."""
    label = PERIOD_LABELS.get(period or "", period or EMPTY)
    if year is None:
        return label
    return f"{label} năm {year}" if period != "year" else f"Năm {year}"


def kind_of(field: str | None) -> Kind:
    """Return the kind of a report field (ingest.record.FIELDS); "text" for any other name."""
    spec = SPECS.get(field or "")
    return spec.kind if spec else "text"


def fmt_value(field: str | None, value: Any) -> str:
    """Render one report field value as Vietnamese text (lists joined, booleans Có/Không)."""
    kind = kind_of(field)
    if isinstance(value, (list, tuple)):
        if kind == "topics":
            value = [TOPICS.get(v, v) for v in value]
        return "; ".join(str(v) for v in value) if value else "(không có)"
    if is_missing(value):
        return EMPTY
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if kind == "period":
        return PERIOD_LABELS.get(str(value), str(value))
    if kind == "date":
        return fmt_date(value)
    if kind == "year":
        return str(int(value))
    if isinstance(value, int):
        return fmt_int(value)
    if isinstance(value, float):
        return fmt_number(value)
    return str(value)


def fmt_derived(field: str, value: Any, derived: Any) -> str:
    """Render a field value, marked "(tính từ tổng số tin, bài)" when it is derived."""
    text = fmt_value(field, value)
    if derived is True and not is_missing(value) and field in DERIVED_NOTES:
        return f"{text} ({DERIVED_NOTES[field]})"
    return text


def fmt_confidence(value: Any) -> str:
    """Render an extraction confidence 0..1 as a percentage without decimals."""
    if is_missing(value):
        return EMPTY
    return fmt_number(round(float(value) * 100), 0) + "%"


# Markdown and HTML metacharacters (every one a CommonMark backslash escape takes).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:&=])")
# GitHub autolinks and emoji shortcodes are found in the text after escapes are undone, so a
# backslash cannot stop them: an invisible word joiner breaks "http://", "www.", "a@b.vn" and
# ":smile:" or ":material/home:" instead.
_AUTOLINKS = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)|(?<=:)(?=[\w+/-]+:)", re.I)
WORD_JOINER = "\u2060"
# Control characters become spaces (line breaks kept), bidi overrides vanish.
_UNSHOWN = {c: " " for c in [*range(0x20), *range(0x7F, 0xA0)] if c != 0x0A} | BIDI_CONTROLS
# The most characters of one untrusted text shown (names, messages); a table cell may hold a
# whole quote (MAX_TEXT).
PLAIN_LIMIT = 300
CELL_LIMIT = MAX_TEXT
NAME_LIMIT = 120  # a file name in a list of results
MESSAGE_LIMIT = 2_000  # a message may list what is allowed (every training topic)


def plain(text: Any, *, limit: int | None = PLAIN_LIMIT, markdown: bool = True) -> str:
    """Return untrusted text (file names, document text, registry fields, messages) to show.

    The one way such text reaches the screen: control characters become spaces and bidi
    overrides go (a name cannot read backwards); text longer than ``limit`` keeps its start and
    its end around "…" (a file name keeps its extension). With ``markdown`` (for st.markdown,
    st.caption, alerts, toasts, progress texts, labels and st.table cells) every Markdown/HTML
    metacharacter is escaped, autolinks are broken and line breaks kept, so nothing becomes a
    link, a picture, formatting or HTML; without it (st.text, st.code, data grids) the text is
    only cleaned and shortened.
    """
    if is_missing(text):
        return EMPTY
    shown = str(text).translate(_UNSHOWN)
    if limit is not None and len(shown) > limit:
        tail = min(limit // 3, 40)
        shown = shown[: limit - tail - 1] + "…" + shown[len(shown) - tail :]
    if not markdown:
        return shown
    shown = _MD_SPECIAL.sub(r"\\\1", _AUTOLINKS.sub(WORD_JOINER, shown))
    return shown.replace("\n", "  \n")


def escape_md(text: Any) -> str:
    """Return ``plain(text)`` without a length limit (st.table cells of whole quotes)."""
    return plain(text, limit=None)


def parse_value(field: str, text: str) -> Any:
    """Turn what a reviewer typed into a field value; raise ValueError (Vietnamese message).

    Numbers accept 1.234 and 17,8; lists are separated by ';'; booleans Có/Không; an empty box
    means "no value" (None, or [] for lists).
    """
    text = (text or "").strip()
    kind = kind_of(field)
    if kind in LIST_KINDS:
        items = [p.strip() for p in text.split(";") if p.strip()]
        if kind == "topics":
            by_label = {v.casefold(): k for k, v in TOPICS.items()}
            unknown = [p for p in items if p not in TOPICS and p.casefold() not in by_label]
            if unknown:
                raise ValueError(
                    "Chủ đề không có trong danh mục: "
                    + "; ".join(unknown)
                    + ". Dùng một trong: "
                    + "; ".join(TOPICS.values())
                )
            items = [p if p in TOPICS else by_label[p.casefold()] for p in items]
        return check_value(field, items)
    if text == "":
        return None
    if kind == "flag":
        folded = text.casefold()
        if folded in {"có", "co", "true", "1", "x"}:
            return True
        if folded in {"không", "khong", "false", "0"}:
            return False
        raise ValueError("Nhập “Có” hoặc “Không”.")
    if kind in NUMERIC_KINDS:
        return check_value(field, text)
    if kind == "period":
        by_label = {v.casefold(): k for k, v in PERIOD_LABELS.items()}
        if text in PERIOD_LABELS:
            return text
        if text.casefold() in by_label:
            return by_label[text.casefold()]
        raise ValueError("Kỳ báo cáo phải là một trong: " + ", ".join(PERIOD_LABELS.values()) + ".")
    if kind == "date":
        try:
            day = datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError:
            raise ValueError("Ngày phải theo dạng dd/mm/yyyy, ví dụ 07/12/2024.") from None
        return check_value(field, day)
    return check_value(field, text)


def edit_text(field: str, value: Any) -> str:
    """Return the text a reviewer edits for a value (inverse of parse_value)."""
    if isinstance(value, (list, tuple)):
        if kind_of(field) == "topics":
            return "; ".join(TOPICS.get(v, v) for v in value)
        return "; ".join(str(v) for v in value)
    if is_missing(value):
        return ""
    return fmt_value(field, value)
