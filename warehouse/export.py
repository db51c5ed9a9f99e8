"""Exports of one period: XLSX workbook, CSV of the per-agency table, DOCX consolidated report.

Every function returns bytes (the app offers them as downloads; the CLI writes them to a file).
Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) are
prefixed with a single quote in XLSX and CSV.
"""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import date, datetime
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ingest.periods import PERIOD_LABELS, form_window
from ingest.record import FIELD_LABELS
from ingest.text import fold
from warehouse import queries
from warehouse.db import DbPath
from warehouse.labels import (
    AGENCY_TYPE_LABELS,
    DERIVED_NOTES,
    FORM_RATIO_LABELS,
    NO_PRESS_CATEGORY_LABELS,
    STATUS_LABELS,
    timeliness_label,
)
from warehouse.locks import lock_line, period_lock
from warehouse.official_docx import OfficialDocument, Signer, signers, xml_safe
from warehouse.registry import today as clock_today
from warehouse.remarks import summary_addressees
from warehouse.rules import Issuer, load_config

STATUS_VI = STATUS_LABELS
NO_PRESS_VI = NO_PRESS_CATEGORY_LABELS
TYPE_VI = AGENCY_TYPE_LABELS
SHEETS = (
    "Tổng hợp",
    "Tuân thủ theo đơn vị",
    "Chưa họp báo",
    "Kiến nghị tập huấn",
    "Chưa nộp báo cáo",
)
FORM_SHEET = "Chỉ tiêu NĐ 244"  # only when some report of the period states the form's indicators
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Return text that a spreadsheet will not run as a formula; other values unchanged."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    """Return a value openpyxl/csv can write: numbers stay numbers, missing becomes empty."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    return neutralise(xml_safe(value))


def _period_text(year: int, period: str) -> str:
    return f"năm {year}" if period == "year" else f"{PERIOD_LABELS.get(period, period)} {year}"


# --------------------------------------------------------------------------- tables


# The per-agency table notes a derived average in the column after it.
DERIVED_HEADER = "Ghi chú bình quân/tháng"


def derived_note(derived: Any, field: str = "posts_per_month") -> str:
    """Return the note shown beside a derived value ("tính từ tổng số tin, bài"), else ""."""
    return DERIVED_NOTES[field] if derived is True or derived == 1 else ""


def _agency_table(*, year: int, period: str, db: DbPath) -> tuple[list[str], list[list[Any]]]:
    """Return (headers, rows) of the per-agency compliance table with Vietnamese headers."""
    rules_ = queries.rules(db=db)
    table = queries.compliance_table(year=year, period=period, db=db)
    comp = queries.completeness(year=year, period=period, db=db).set_index("agency_id")
    headers = [
        "STT",
        "Cơ quan",
        "Loại cơ quan",
        "Tình trạng nộp",
        "Ngày đến",
        "Số đến",
        FIELD_LABELS["spokesperson_name"],
        FIELD_LABELS["posts_total"],
        FIELD_LABELS["posts_per_month"],
        DERIVED_HEADER,
        FIELD_LABELS["press_conferences"],
        *(r.label for r in rules_),
        "Kết quả chung",
    ]
    rows = []
    for i, r in enumerate(table.itertuples(index=False), start=1):
        d = r._asdict()
        c = comp.loc[d["agency_id"]] if d["agency_id"] in comp.index else None
        rows.append(
            [
                i,
                d["agency"],
                TYPE_VI.get(d["agency_type"], d["agency_type"]),
                timeliness_label(c["timeliness"], None if pd.isna(c["days"]) else int(c["days"]))
                if c is not None
                else "",
                c["arrived_on"] if c is not None else None,
                c["incoming_number"] if c is not None else None,
                d["spokesperson"],
                d["posts_total"],
                d["posts_per_month"],
                derived_note(d["posts_per_month_derived"]),
                d["press_conferences"],
                *(STATUS_VI.get(d[r_.id], "") for r_ in rules_),
                STATUS_VI.get(d["overall"], d["overall"]),
            ]
        )
    return headers, rows


def _minimums(*, year: int, period: str, db: DbPath) -> list[tuple[str, str]]:
    """Return (rule label, "Sở, ban, ngành ≥ 20; ...") for each numeric rule in force that year."""
    out = []
    for rule in (r for r in queries.rules(db=db) if r.check == "min"):
        minimums = [(t, rule.threshold_for(t, period, year)) for t in rule.applies_to]
        text = "; ".join(f"{TYPE_VI.get(t, t)} ≥ {number_text(v)}" for t, v in minimums if v)
        out.append((rule.label, text or "không quy định mức tối thiểu"))
    return out


def _summary_rows(
    *, year: int, period: str, db: DbPath, indicators: pd.DataFrame
) -> list[tuple[str, Any, str | None]]:
    """Lines of the summary sheet; ``indicators``: the period's queries.form_indicators."""
    s = queries.completeness_summary(year=year, period=period, db=db)
    t = queries.totals(year=year, period=period, db=db)
    nop = queries.no_press_conferences(year=year, period=period, db=db)
    rows: list[tuple[str, Any, str | None]] = [
        ("Năm", year, None),
        ("Kỳ báo cáo", PERIOD_LABELS.get(period, period), None),
        ("Số cơ quan phải báo cáo", s["expected"], None),
        ("Số cơ quan đã nộp", s["received"], None),
        ("Nộp đúng hạn", s["on_time"], None),
        ("Nộp muộn", s["late"], None),
        ("Chưa nộp", s["missing"], None),
        ("Tỷ lệ đã nộp", s["rate"], "0.0%"),
        ("Tỷ lệ nộp đúng hạn", s["on_time_rate"], "0.0%"),
        ("Tổng số tin, bài trên trang TTĐT", t["posts_total"], "#,##0"),
        ("Tổng số cuộc họp báo", t["press_conferences"], None),
        ("Tỷ lệ cơ quan đạt tất cả tiêu chí", t["compliance_rate"], "0.0%"),
    ]
    for key, label in NO_PRESS_VI.items():
        rows.append((f"Chưa họp báo – {label.lower()}", int((nop["category"] == key).sum()), None))
    for r in queries.compliance_by_type(year=year, period=period, db=db).itertuples():
        rows.append((f"Tỷ lệ đạt – {TYPE_VI.get(r.agency_type, r.agency_type)}", r.rate, "0.0%"))
    for label, text in _minimums(year=year, period=period, db=db):
        rows.append((f"Mức tối thiểu – {label}", text, None))
    if not indicators.empty:
        totals = queries.form_totals(indicators)
        rows.append(("Số báo cáo nêu chỉ tiêu theo mẫu NĐ 244/2026", totals["reports"], None))
        for terms in queries.FORM_LAYOUT:
            rows += [(FIELD_LABELS[name], totals[name], "#,##0") for name in terms]
    return rows


def form_rows(indicators: pd.DataFrame) -> list[dict[str, Any]]:
    """Return queries.form_indicators rows as records, then the province's (form_totals) row."""
    return [
        *indicators.to_dict("records"),
        {"agency": "Toàn tỉnh", **queries.form_totals(indicators)},
    ]


def form_values(record: dict[str, Any]) -> list[Any]:
    """Return one row's form indicators as the form sheet lists them (``_form_headers`` after STT
    and Cơ quan): each count, each ratio's terms and its rate as a fraction; None where unknown."""
    row: list[Any] = []
    for terms in queries.FORM_LAYOUT:
        row += [_int(record.get(name)) for name in terms]
        if len(terms) == 2:
            part, whole = row[-2:]
            row.append(part / whole if part is not None and whole else None)
    return row


def _form_rows(indicators: pd.DataFrame) -> list[list[Any]]:
    """Rows of the Decree 244 form sheet: each agency, then the province (ratios as fractions)."""
    return [
        [i if i <= len(indicators) else "", r["agency"], *form_values(r)]
        for i, r in enumerate(form_rows(indicators), 1)
    ]


_RATE = "Tỷ lệ – "


def _form_headers() -> list[str]:
    """Return the form sheet's headers: each count, each ratio's terms and its rate."""
    return ["STT", "Cơ quan", *form_value_headers()]


def form_value_headers() -> list[str]:
    """Return the headers of ``form_values``: each count, each ratio's terms and its rate."""
    headers: list[str] = []
    for terms in queries.FORM_LAYOUT:
        headers += [FIELD_LABELS[name] for name in terms]
        if len(terms) == 2:
            headers.append(f"{_RATE}{FORM_RATIO_LABELS[terms[0]]}")
    return headers


def _int(value: Any) -> int | None:
    return None if value is None or value != value else int(value)


def form_summary_text(totals: dict[str, Any]) -> str:
    """Return one Vietnamese sentence of the province's Decree 244 form totals (form_totals)."""
    parts = []
    if totals["briefings"] is not None:
        parts.append(f"đưa thông tin tại giao ban báo chí {number_text(totals['briefings'])} lần")
    for top, bottom in queries.FORM_RATIOS:
        if totals[top] is not None:
            whole = totals[bottom]
            rate = f" ({percent_text(totals[top] / whole)})" if whole else ""
            ratio = f"{number_text(totals[top])}/{number_text(whole)}"
            parts.append(f"{FORM_RATIO_LABELS[top].lower()}: {ratio}{rate}")
    return "; ".join(parts)


def _no_press_rows(*, year: int, period: str, db: DbPath) -> list[list[Any]]:
    df = queries.no_press_conferences(year=year, period=period, db=db)
    return [
        [
            i,
            r.agency,
            TYPE_VI.get(r.agency_type, r.agency_type),
            NO_PRESS_VI[r.category],
            r.quote,
            r.where,
        ]
        for i, r in enumerate(df.itertuples(), start=1)
    ]


def _training_rows(*, year: int, period: str, db: DbPath) -> list[list[Any]]:
    found = queries.recommendations(year=year, period=period, db=db)  # one reading of the period
    themes, reqs = found["themes"], found["requests"]
    count = dict(zip(themes["topic"], themes["agencies"], strict=True))
    order = {t: i for i, t in enumerate(themes["topic"])}
    reqs = reqs.assign(_o=reqs["topic"].map(order)).sort_values(["_o", "agency"])
    return [
        [i, r.topic_label, count.get(r.topic, 0), r.agency, r.quote, r.where]
        for i, r in enumerate(reqs.itertuples(), start=1)
    ]


def _missing_rows(*, year: int, period: str, db: DbPath) -> list[list[Any]]:
    df = queries.completeness(year=year, period=period, db=db)
    df = df[df["status"] == "missing"].sort_values("agency")
    return [
        [i, r.agency, TYPE_VI.get(r.agency_type, r.agency_type), r.deadline]
        for i, r in enumerate(df.itertuples(), start=1)
    ]


# --------------------------------------------------------------------------- XLSX


_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
# The title block above each table of the period's workbook: the department, the title, the
# sheet with the period and the day it was made; then a blank row and the table's header.
TITLE_LINES = 4
HEADER_ROW = TITLE_LINES + 2
_TITLE_FONTS = (Font(bold=True), Font(bold=True, size=13), Font(italic=True), Font(italic=True))
# A header wider than this wraps; a column is never wider than _MAX_WIDTH characters.
_HEADER_WIDTH, _MAX_WIDTH = 18, 50


def write_sheet(
    wb: Workbook,
    title: str,
    headers: list[str],
    rows: list[list[Any]],
    formats: dict[int, str] | None = None,
    heading: list[str] | None = None,
) -> Worksheet:
    """Add a sheet: ``heading`` (TITLE_LINES lines) above the table when given, then a bold,
    filled, frozen, wrapped header with filters, the rows made safe (``_cell``), columns sized
    to their text; printed on A4 landscape, fitted to the page's width, the header repeated on
    every page, numbered "Trang N/M". ``formats``: number format per column (1-based)."""
    ws = wb.create_sheet(title)
    top = 1
    if heading:
        for line, font in zip(heading, _TITLE_FONTS, strict=True):
            ws.append([xml_safe(line)])
            ws.cell(row=ws.max_row, column=1).font = font
        ws.append([])
        top = HEADER_ROW
    ws.append(headers)
    for c in ws[top]:
        c.font, c.fill = _HEADER_FONT, _HEADER_FILL
        c.alignment = Alignment(wrap_text=True, vertical="center")
    rows = [[_cell(v) for v in row] for row in rows]
    for row in rows:
        ws.append(row)
    widths = [min(len(h), _HEADER_WIDTH) for h in headers]
    for row in rows:
        for j, v in enumerate(row):
            text = v.strftime("%d/%m/%Y %H:%M") if isinstance(v, datetime) else str(v or "")
            widths[j] = max(widths[j], min(len(text), _MAX_WIDTH))
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = max(6, w + 2)
    lines = max(
        (math.ceil(len(h) / max(w, 1)) for h, w in zip(headers, widths, strict=True)), default=1
    )
    ws.row_dimensions[top].height = 15 * max(lines, 1)
    for j, fmt in (formats or {}).items():
        for (c,) in ws.iter_rows(min_row=top + 1, min_col=j, max_col=j):
            c.number_format = fmt
    ws.freeze_panes = f"A{top + 1}"
    last = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A{top}:{last}{max(ws.max_row, top)}"
    _print_setup(ws, top)
    return ws


def _print_setup(ws: Worksheet, header_row: int) -> None:
    """Print a sheet on A4 landscape, one page wide, its header row on every page, numbered."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "Trang &P/&N"


def sheet_heading(
    sheet: str, *, year: int, period: str, made: date, locked: str = lock_line(None)
) -> list[str]:
    """Return the title block of a sheet of the period's workbook (TITLE_LINES lines): the
    department in office for the period, the title, the sheet with the period and the day, and
    whether the period's figures are locked (``locked``: ``warehouse.locks.lock_line``)."""
    issuer = load_config().issuer_for(year, period)
    when = _period_text(year, period)
    return [
        f"{issuer.parent} – {issuer.issuer}",
        f"KẾT QUẢ THỰC HIỆN VIỆC PHÁT NGÔN VÀ CUNG CẤP THÔNG TIN CHO BÁO CHÍ {when.upper()}",
        f"{sheet}. Kỳ báo cáo: {when}. Ngày lập: {made:%d/%m/%Y}.",
        f"{locked}.",
    ]


def workbook_bytes(wb: Workbook) -> bytes:
    """Return a workbook as XLSX bytes."""
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_xlsx(
    *, year: int, period: str = "year", db: DbPath = None, today: date | None = None
) -> bytes:
    """Return the period's workbook: summary, per-agency compliance, no press conference,
    training requests and missing reports (a title block above each table, Vietnamese
    headers, frozen header, filters, print setup: see ``write_sheet``)."""
    wb = Workbook()
    wb.remove(wb.active)
    made = today or clock_today()
    locked = lock_line(period_lock(year=year, period=period, db=db))

    def sheet(title: str, headers: list[str], rows: list[list[Any]], formats=None) -> None:
        heading = sheet_heading(title, year=year, period=period, made=made, locked=locked)
        write_sheet(wb, title, headers, rows, formats, heading)

    indicators = queries.form_indicators(year=year, period=period, db=db)
    summary = _summary_rows(year=year, period=period, db=db, indicators=indicators)
    sheet(SHEETS[0], ["Chỉ tiêu", "Giá trị"], [[k, v] for k, v, _ in summary])
    ws = wb[SHEETS[0]]
    for i, (_, _, fmt) in enumerate(summary, start=HEADER_ROW + 1):
        if fmt:
            ws.cell(row=i, column=2).number_format = fmt
    headers, rows = _agency_table(year=year, period=period, db=db)
    sheet(
        SHEETS[1],
        headers,
        rows,
        {
            headers.index(h) + 1: fmt
            for h, fmt in (
                ("Ngày đến", "dd/mm/yyyy"),
                (FIELD_LABELS["posts_total"], "#,##0"),
                (FIELD_LABELS["posts_per_month"], "0.0"),
                (FIELD_LABELS["press_conferences"], "0"),
            )
        },
    )
    sheet(
        SHEETS[2],
        ["STT", "Cơ quan", "Loại cơ quan", "Tình trạng", "Trích dẫn", "Vị trí"],
        _no_press_rows(year=year, period=period, db=db),
    )
    sheet(
        SHEETS[3],
        ["STT", "Chủ đề", "Số cơ quan đề nghị", "Cơ quan", "Nội dung kiến nghị", "Vị trí"],
        _training_rows(year=year, period=period, db=db),
    )
    sheet(
        SHEETS[4],
        ["STT", "Cơ quan", "Loại cơ quan", "Hạn nộp"],
        _missing_rows(year=year, period=period, db=db),
        {4: "dd/mm/yyyy"},
    )
    if not indicators.empty:
        headers = _form_headers()
        rates = {j: "0.0%" for j, h in enumerate(headers, 1) if h.startswith(_RATE)}
        sheet(FORM_SHEET, headers, _form_rows(indicators), rates)
    return workbook_bytes(wb)


# --------------------------------------------------------------------------- CSV


def _csv(rows: list[list[Any]], *, delimiter: str, local: bool) -> bytes:
    """Return rows as CSV, UTF-8 with BOM, text made safe (``_cell``). ``local``: as Excel in a
    Vietnamese locale reads it (decimal comma, dates dd/mm/yyyy), else ISO dates and points."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        out = []
        for v in row:
            v = _cell(v)
            if isinstance(v, datetime):
                v = v.strftime("%d/%m/%Y %H:%M" if local else "%Y-%m-%d %H:%M")
            elif isinstance(v, date):
                v = v.strftime("%d/%m/%Y") if local else v.isoformat()
            elif isinstance(v, float) and v.is_integer():
                v = int(v)
            elif isinstance(v, float) and local:
                v = f"{v:.2f}".rstrip("0").replace(".", ",")
            out.append("" if v is None else v)
        w.writerow(out)
    return buf.getvalue().encode("utf-8-sig")


def export_csv(*, year: int, period: str = "year", db: DbPath = None) -> bytes:
    """Return the per-agency compliance table as standard CSV: comma-separated, decimal point,
    ISO dates, UTF-8 with BOM (for other software)."""
    headers, rows = _agency_table(year=year, period=period, db=db)
    return _csv(_locked_rows(headers, rows, year, period, db), delimiter=",", local=False)


def export_csv_excel(*, year: int, period: str = "year", db: DbPath = None) -> bytes:
    """Return the per-agency compliance table as CSV that Excel in a Vietnamese locale opens by
    double-click: ";" between columns, decimal comma, dates dd/mm/yyyy, UTF-8 with BOM."""
    headers, rows = _agency_table(year=year, period=period, db=db)
    return _csv(_locked_rows(headers, rows, year, period, db), delimiter=";", local=True)


def _locked_rows(
    headers: list[str], rows: list[list[Any]], year: int, period: str, db: DbPath
) -> list[list[Any]]:
    """Return the CSV's rows with a last column saying whether the period's figures are locked
    (a CSV has no title block: each row carries it, so the table stays one table)."""
    locked = lock_line(period_lock(year=year, period=period, db=db))
    return [[*headers, "Tình trạng số liệu"], *([*row, locked] for row in rows)]


# --------------------------------------------------------------------------- file names

# The downloads' names: (stem, suffix, extension) per export; Vietnamese without diacritics.
FILE_NAMES = {
    "docx": ("bao-cao-tong-hop-phat-ngon", "", "docx"),
    "xlsx": ("so-lieu-phat-ngon", "", "xlsx"),
    "csv": ("so-lieu-phat-ngon", "", "csv"),
    "csv_excel": ("so-lieu-phat-ngon", "dinh-dang-viet-nam", "csv"),
    "nd244": ("bao-cao-nd244", "", "docx"),
    "nd244_annex": ("phu-luc-nd244", "", "xlsx"),
    "reminder": ("cong-van-don-doc", "", "docx"),
}


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", fold(text)))


def file_name(kind: str, *, year: int, period: str = "year") -> str:
    """Return the download name of an export (FILE_NAMES): stem, the period when not the whole
    year, the year and the province, e.g. "bao-cao-tong-hop-phat-ngon-2026-ninh-binh.docx"."""
    stem, suffix, ext = FILE_NAMES[kind]
    province = load_config().issuer_for(year, period).province
    when = "" if period == "year" else _slug(PERIOD_LABELS.get(period, period))
    parts = (stem, when, str(year), _slug(province), suffix)
    return "-".join(p for p in parts if p) + f".{ext}"


# --------------------------------------------------------------------------- DOCX


def percent_text(x: float | None) -> str:
    """Return a rate as Vietnamese text ("94,4%"), "–" when unknown."""
    return "–" if x is None else f"{x * 100:.1f}%".replace(".", ",")


def number_text(x: Any) -> str:
    """Return a number as Vietnamese text ("1.126", "17,8"), "–" when unknown."""
    if x is None or (isinstance(x, float) and x != x):
        return "–"
    if isinstance(x, float) and not x.is_integer():
        return f"{x:.1f}".replace(".", ",")
    return f"{int(x):,}".replace(",", ".")


# More names than this in a sentence go to an annex (phụ lục) at the end, the sentence counts them.
MAX_NAMED = 10
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
# Rules whose failures are no assessment: a missing report is "not submitted", stated in section I.
_SUBMISSION_CHECKS = ("received",)


class Annexes:
    """The annexes of a document being written: lists too long for a sentence."""

    def __init__(self) -> None:
        self.items: list[tuple[str, list[str], list[list[str]]]] = []

    def names(self, title: str, names: list[str], notes: list[str] | None = None) -> str:
        """Return ``names`` joined for a sentence, or "(danh sách tại Phụ lục N)" when there are
        more than MAX_NAMED, kept as an annex titled ``title`` (with a note per name)."""
        if len(names) <= MAX_NAMED:
            shown = (
                names
                if notes is None
                else [f"{n} ({x})" if x else n for n, x in zip(names, notes, strict=True)]
            )
            return ", ".join(shown)
        number = (
            _ROMAN[len(self.items)] if len(self.items) < len(_ROMAN) else str(len(self.items) + 1)
        )
        rows = [[str(i), n, *([notes[i - 1]] if notes else [])] for i, n in enumerate(names, 1)]
        headers = ["STT", "Cơ quan", *(["Ghi chú"] if notes else [])]
        self.items.append((f"Phụ lục {number}\n{title}", headers, rows))
        return f"danh sách tại Phụ lục {number}"

    def write(self, doc: OfficialDocument) -> None:
        """Add each annex on a page of its own, after the signature."""
        for title, headers, rows in self.items:
            doc.annex(title)
            widths = (1.2, 9.0, 5.8) if len(headers) == 3 else (1.2, 14.8)
            doc.table(headers, rows, widths)


def assessment(
    *, year: int, period: str = "year", db: DbPath = None, annexes: Annexes | None = None
) -> list[str]:
    """Return the assessment of a period as sentences computed from its figures: how many
    agencies meet every rule in force, and for each rule (but receipt, stated in section I) the
    agencies failing it, with their value against the minimum, and those whose report is
    silent on it. More than MAX_NAMED names go to ``annexes``."""
    annexes = annexes or Annexes()
    by_type = queries.compliance_by_type(year=year, period=period, db=db)
    expected, passed = int(by_type["agencies"].sum()), int(by_type["passed"].sum())
    failed, unknown = int(by_type["failed"].sum()), int(by_type["unknown"].sum())
    received = expected - int(by_type["not_submitted"].sum())
    rate = percent_text(passed / expected) if expected else "–"
    lines = [
        f"Trong {received} cơ quan đã gửi báo cáo, {passed} cơ quan đạt tất cả các tiêu chí áp "
        f"dụng (bằng {rate} số cơ quan phải báo cáo); {failed} cơ quan chưa đạt ít nhất một "
        f"tiêu chí; {unknown} cơ quan chưa đủ số liệu để đánh giá (báo cáo không nêu)."
    ]
    judged = queries.compliance(year=year, period=period, db=db)
    for rule in queries.rules(db=db):
        if rule.check in _SUBMISSION_CHECKS:
            continue
        rows = judged[judged["rule_id"] == rule.id]
        fail, silent = rows[rows["status"] == "fail"], rows[rows["status"] == "unknown"]
        if len(fail):
            notes = [
                f"{number_text(v)}, mức tối thiểu {number_text(t)}"
                if isinstance(v, int | float) and t is not None and t == t
                else ""
                for v, t in zip(fail["value"], fail["threshold"], strict=True)
            ]
            title = f"Cơ quan chưa đạt tiêu chí “{rule.label}”"
            names = annexes.names(title, fail["agency"].tolist(), notes)
            lines.append(f"{len(fail)} cơ quan chưa đạt tiêu chí “{rule.label}”: {names}.")
        elif (rows["status"] == "pass").any():
            lines.append(f"Các cơ quan có số liệu đều đạt tiêu chí “{rule.label}”.")
        elif len(rows) and (rows["status"] == "not_applicable").all():
            lines.append(
                f"Tiêu chí “{rule.label}” không áp dụng cho các cơ quan phải báo cáo kỳ này "
                "(không có quy định mức tối thiểu)."
            )
        if len(silent):
            title = f"Cơ quan có báo cáo không nêu số liệu của tiêu chí “{rule.label}”"
            names = annexes.names(title, silent["agency"].tolist())
            lines.append(
                f"{len(silent)} cơ quan có báo cáo không nêu số liệu để đánh giá tiêu chí "
                f"“{rule.label}”: {names}."
            )
    return lines


def department_signer(issuer: Issuer, name: str = "") -> Signer:
    """Return the default signer of the department's documents: a deputy on the head's behalf
    ("KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC"), ``name`` under the signature (blank when not given)."""
    return next(iter(signers(issuer.signer_title, name).values()))


def export_docx(
    *,
    year: int,
    period: str = "year",
    db: DbPath = None,
    today: date | None = None,
    signer: Signer | None = None,
) -> bytes:
    """Return the consolidated report to the provincial People's Committee (editable DOCX).

    Vietnamese administrative layout (warehouse.official_docx, NĐ 30/2020) from the department in
    office on the period's last day (rules.Config.issuer_for): number and date left blank for the
    clerk, title, submission (who reported, on time, late, missing), results with the
    per-agency table, an assessment computed from the figures (``assessment``), the agencies'
    recommendations grouped by whom they ask and merged (``warehouse.remarks``), recipients and
    the signature of ``signer`` (default ``department_signer``), then annexes for long lists.
    """
    config = load_config()
    cfg, issuer = config.report, config.issuer_for(year, period)
    today = today or clock_today()
    when = _period_text(year, period)
    annexes = Annexes()
    doc = OfficialDocument()
    doc.department_header(issuer, issuer.number_suffix, year=today.year)
    doc.title(
        "BÁO CÁO",
        f"Tổng hợp kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí {when} "
        f"của các cơ quan hành chính nhà nước trên địa bàn tỉnh {issuer.province}",
    )
    doc.para(lock_line(period_lock(year=year, period=period, db=db)), italic=True, center=True)
    para = doc.para
    recipient = cfg.get("recipient", "Ủy ban nhân dân tỉnh")
    para(f"Kính gửi: {recipient}.", center=True)
    para(
        f"Trên cơ sở báo cáo của các cơ quan, đơn vị, {issuer.name} tổng hợp kết quả thực hiện "
        f"việc phát ngôn và cung cấp thông tin cho báo chí {when} như sau:"
    )

    s = queries.completeness_summary(year=year, period=period, db=db)
    t = queries.totals(year=year, period=period, db=db)
    comp = queries.completeness(year=year, period=period, db=db)
    doc.heading("I. TÌNH HÌNH GỬI BÁO CÁO")
    para(
        f"Tổng số cơ quan phải báo cáo: {s['expected']}; đã gửi: {s['received']} "
        f"({percent_text(s['rate'])}), trong đó đúng hạn {s['on_time']}, muộn {s['late']}; "
        f"chưa gửi: {s['missing']}."
    )
    missing = comp[comp["status"] == "missing"]["agency"].tolist()
    late = comp[comp["status"] == "late"]["agency"].tolist()
    if missing:
        names = annexes.names("Cơ quan chưa gửi báo cáo", missing)
        para(f"Các cơ quan chưa gửi báo cáo: {names}.")
    if late:
        para(f"Các cơ quan gửi báo cáo muộn: {annexes.names('Cơ quan gửi báo cáo muộn', late)}.")

    table = queries.compliance_table(year=year, period=period, db=db)
    received = table[table["report_id"].notna()]
    doc.heading("II. KẾT QUẢ THỰC HIỆN")
    named = int(received["spokesperson"].notna().sum())
    para(
        f"1. Người phát ngôn: {named}/{len(received)} cơ quan đã gửi báo cáo nêu rõ người phát "
        "ngôn và cung cấp thông tin cho báo chí."
    )
    para(
        f"2. Cung cấp thông tin trên trang/cổng thông tin điện tử: các cơ quan đã đăng tổng số "
        f"{number_text(t['posts_total'])} tin, bài."
    )
    nop = queries.no_press_conferences(year=year, period=period, db=db)
    counts = {k: int((nop["category"] == k).sum()) for k in NO_PRESS_VI}
    para(
        f"3. Tổ chức họp báo: tổng số {number_text(t['press_conferences'])} cuộc. Có "
        f"{counts['zero']} cơ quan không tổ chức họp báo, {counts['unknown']} cơ quan không nêu "
        "trong báo cáo, "
        f"{counts['not_submitted']} cơ quan chưa gửi báo cáo."
    )
    zero = nop[nop["category"] == "zero"]["agency"].tolist()
    if zero:
        names = annexes.names("Cơ quan không tổ chức họp báo", zero)
        para(f"Các cơ quan không tổ chức họp báo: {names}.")
    indicators = queries.form_indicators(year=year, period=period, db=db)
    if not indicators.empty:  # only for years under Decree 244 (queries.form_indicators)
        start, end = form_window(year)
        para(
            "Chỉ tiêu theo mẫu Nghị định 244/2026/NĐ-CP "
            f"({len(indicators)} cơ quan nêu trong báo cáo), số liệu từ {start:%d/%m/%Y} đến "
            f"{end:%d/%m/%Y}: {form_summary_text(queries.form_totals(indicators))}."
        )
    para("4. Kết quả theo từng cơ quan:", indent=True)
    cols = ["STT", "Cơ quan", "Người phát ngôn", "Tin, bài", "Bình quân/tháng", "Họp báo"]
    cols += ["Nộp báo cáo", "Kết quả"]
    status_by_agency = {
        r.agency_id: timeliness_label(r.timeliness, None if pd.isna(r.days) else int(r.days))
        for r in comp.itertuples()
    }
    data_rows = [
        [
            str(i),
            r.agency,
            r.spokesperson or "–",
            number_text(r.posts_total),
            number_text(r.posts_per_month)
            + ("*" if derived_note(r.posts_per_month_derived) else ""),
            number_text(r.press_conferences),
            status_by_agency.get(r.agency_id, ""),
            STATUS_VI.get(r.overall, r.overall),
        ]
        for i, r in enumerate(table.itertuples(), start=1)
    ]
    doc.table(cols, data_rows, (1.1, 4.5, 2.8, 1.6, 1.7, 1.4, 1.6, 1.6))
    if table["posts_per_month_derived"].any():
        para(f"(*) Bình quân/tháng {DERIVED_NOTES['posts_per_month']} chia cho số tháng của kỳ.")

    doc.heading("III. ĐÁNH GIÁ CHUNG")
    for line in assessment(year=year, period=period, db=db, annexes=annexes):
        para(line)
    para("Mức tối thiểu áp dụng cho kỳ này (tiêu chí thiếu số liệu không tính là “Chưa đạt”):")
    for label, text in _minimums(year=year, period=period, db=db):
        para(f"– {label}: {text}.")
    by_type = queries.compliance_by_type(year=year, period=period, db=db)
    doc.table(
        ["Loại cơ quan", "Số cơ quan", "Đạt", "Chưa đạt", "Chưa rõ", "Chưa nộp", "Tỷ lệ đạt"],
        [
            [
                TYPE_VI.get(r.agency_type, r.agency_type),
                str(r.agencies),
                str(r.passed),
                str(r.failed),
                str(r.unknown),
                str(r.not_submitted),
                percent_text(r.rate),
            ]
            for r in by_type.itertuples()
        ],
        (3.6, 2.0, 1.8, 2.0, 1.8, 2.0, 2.2),
    )

    doc.heading("IV. ĐỀ XUẤT, KIẾN NGHỊ CỦA CÁC CƠ QUAN")
    for line in recommendation_lines(year=year, period=period, db=db, issuer=issuer):
        para(line)
    para(
        f"Trên đây là báo cáo tổng hợp kết quả thực hiện việc phát ngôn và cung cấp thông tin "
        f"cho báo chí {when}, {issuer.name} trân trọng báo cáo./."
    )
    doc.closing(cfg.get("recipients", ["Lưu: VT."]), signer or department_signer(issuer))
    annexes.write(doc)
    return doc.bytes()


def recommendation_lines(
    *, year: int, period: str = "year", db: DbPath = None, issuer: Issuer
) -> list[str]:
    """Return section IV of the summary: the training asked for by theme (with the agencies
    asking), then the other recommendations grouped by whom they ask (UBND tỉnh, the department,
    Sở Nội vụ, other departments, the press, the centre, others), each item once with the
    number of agencies stating it (``warehouse.remarks``)."""
    found = queries.recommendations(year=year, period=period, db=db)  # one reading of the period
    themes, requests, others = found["themes"], found["requests"], found["others"]
    lines: list[str] = []
    if themes.empty:
        lines.append("1. Không có cơ quan đề nghị tập huấn, bồi dưỡng.")
    else:
        asking = requests["agency_id"].nunique()
        lines.append(f"1. Tập huấn, bồi dưỡng: {asking} cơ quan đề nghị, theo chủ đề:")
        for r in themes.itertuples():
            names = sorted(set(requests.loc[requests["topic"] == r.topic, "agency"]))
            shown = f" ({', '.join(names)})" if len(names) <= MAX_NAMED else ""
            lines.append(f"- {r.topic_label}: {r.agencies} cơ quan{shown}.")
    if others.empty:
        lines.append("2. Không có đề xuất, kiến nghị khác.")
        return lines
    lines.append("2. Các đề xuất, kiến nghị khác, theo cơ quan giải quyết:")
    table = summary_addressees(issuer.name, issuer.short_name)
    grouped = table.group(zip(others["agency"], others["recommendation"], strict=True))
    for letter, (heading, remarks) in zip("abcdefgh", grouped, strict=False):
        lines.append(f"{letter}) {heading}:")
        lines += [f"- {remark.named_line(MAX_NAMED)}" for remark in remarks]
    return lines


EXPORTERS = {
    "xlsx": export_xlsx,
    "csv": export_csv,
    "csv_excel": export_csv_excel,
    "docx": export_docx,
}


def export(fmt: str, *, year: int, period: str = "year", db: DbPath = None) -> bytes:
    """Return the export in ``fmt`` (xlsx | csv | csv_excel | docx) as bytes."""
    try:
        fn = EXPORTERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}") from None
    return fn(year=year, period=period, db=db)
