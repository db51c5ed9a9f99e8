"""Exports of one period: XLSX workbook, CSV of the per-agency table, DOCX consolidated report.

Every function returns bytes (the app offers them as downloads; the CLI writes them to a file).
Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) are
prefixed with a single quote in XLSX and CSV.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from typing import Any

import pandas as pd

from ingest.periods import PERIOD_LABELS, form_window
from ingest.record import FIELD_LABELS
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
from warehouse.rules import load_config

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


# Characters XML 1.0 (XLSX, DOCX) cannot hold: C0 controls but tab/newline, lone surrogates.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: Any) -> Any:
    """Return text without the characters XLSX/DOCX cannot store; other values unchanged."""
    return _XML_ILLEGAL.sub("", value) if isinstance(value, str) else value


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
        text = "; ".join(f"{TYPE_VI.get(t, t)} ≥ {_num(v)}" for t, v in minimums if v)
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


def _form_rows(indicators: pd.DataFrame) -> list[list[Any]]:
    """Rows of the Decree 244 form sheet: each agency, then the province (ratios as fractions)."""
    rows = []
    for i, r in enumerate(form_rows(indicators), 1):
        row: list[Any] = [i if i <= len(indicators) else "", r["agency"]]
        for terms in queries.FORM_LAYOUT:
            row += [_int(r[name]) for name in terms]
            if len(terms) == 2:
                part, whole = row[-2:]
                row.append(part / whole if part is not None and whole else None)
        rows.append(row)
    return rows


_RATE = "Tỷ lệ – "


def _form_headers() -> list[str]:
    """Return the form sheet's headers: each count, each ratio's terms and its rate."""
    headers = ["STT", "Cơ quan"]
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
        parts.append(f"đưa thông tin tại giao ban báo chí {_num(totals['briefings'])} lần")
    for top, bottom in queries.FORM_RATIOS:
        if totals[top] is not None:
            whole = totals[bottom]
            rate = f" ({_pct(totals[top] / whole)})" if whole else ""
            parts.append(
                f"{FORM_RATIO_LABELS[top].lower()}: {_num(totals[top])}/{_num(whole)}{rate}"
            )
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


def export_xlsx(*, year: int, period: str = "year", db: DbPath = None) -> bytes:
    """Return the period's workbook: summary, per-agency compliance, no press conference,
    training requests and missing reports (Vietnamese headers, frozen header, filters)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")

    def sheet(title: str, headers: list[str], rows: list[list[Any]], formats=None) -> None:
        ws = wb.create_sheet(title)
        ws.append(headers)
        for c in ws[1]:
            c.font, c.fill = bold, fill
            c.alignment = Alignment(wrap_text=True, vertical="center")
        rows = [[_cell(v) for v in row] for row in rows]
        for row in rows:
            ws.append(row)
        widths = [len(h) for h in headers]
        for row in rows:
            for j, v in enumerate(row):
                text = v.strftime("%d/%m/%Y %H:%M") if isinstance(v, datetime) else str(v or "")
                widths[j] = max(widths[j], min(len(text), 60))
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = max(6, min(w + 2, 62))
        for j, fmt in (formats or {}).items():
            for (c,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                c.number_format = fmt
        ws.freeze_panes = "A2"
        last = get_column_letter(len(headers))
        ws.auto_filter.ref = f"A1:{last}{max(ws.max_row, 1)}"

    indicators = queries.form_indicators(year=year, period=period, db=db)
    summary = _summary_rows(year=year, period=period, db=db, indicators=indicators)
    sheet(SHEETS[0], ["Chỉ tiêu", "Giá trị"], [[k, v] for k, v, _ in summary])
    ws = wb[SHEETS[0]]
    for i, (_, _, fmt) in enumerate(summary, start=2):
        if fmt:
            ws.cell(row=i, column=2).number_format = fmt
    headers, rows = _agency_table(year=year, period=period, db=db)
    sheet(
        SHEETS[1],
        headers,
        rows,
        {5: "dd/mm/yyyy hh:mm", 7: "#,##0", 8: "0.0", 10: "0"},
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
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- CSV


def export_csv(*, year: int, period: str = "year", db: DbPath = None) -> bytes:
    """Return the per-agency compliance table as CSV, UTF-8 with BOM (opens right in Excel)."""
    headers, rows = _agency_table(year=year, period=period, db=db)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(headers)
    for row in rows:
        out = []
        for v in row:
            v = _cell(v)
            if isinstance(v, datetime):
                v = v.strftime("%Y-%m-%d %H:%M")
            elif isinstance(v, float) and v.is_integer():
                v = int(v)
            out.append("" if v is None else v)
        w.writerow(out)
    return buf.getvalue().encode("utf-8-sig")


# --------------------------------------------------------------------------- DOCX


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x * 100:.1f}%".replace(".", ",")


def _num(x: Any) -> str:
    if x is None or (isinstance(x, float) and x != x):
        return "–"
    if isinstance(x, float) and not x.is_integer():
        return f"{x:.1f}".replace(".", ",")
    return f"{int(x):,}".replace(",", ".")


def export_docx(
    *, year: int, period: str = "year", db: DbPath = None, today: date | None = None
) -> bytes:
    """Return the consolidated report to the provincial People's Committee (editable DOCX).

    Vietnamese administrative layout: two-column header (issuing body | national motto), number
    and date left blank for the clerk, title, sections with figures and tables, recipients and a
    signature block.
    """
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    cfg = load_config().report
    today = today or date.today()
    when = _period_text(year, period)
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")

    def para(text: str = "", *, bold=False, italic=False, align=None, size=None, indent=True):
        p = doc.add_paragraph()
        run = p.add_run(xml_safe(text))
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        elif indent:
            p.paragraph_format.first_line_indent = Cm(1.0)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.space_after = Pt(4)
        return p

    def cell_text(cell, lines: list[tuple[str, bool, bool]], size: int = 13) -> None:
        cell.text = ""
        for k, (text, b, it) in enumerate(lines):
            p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(xml_safe(text))
            run.bold, run.italic = b, it
            run.font.size = Pt(size)

    header = doc.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(header, [Cm(6.2), Cm(9.8)])
    left, right = header.rows[0].cells
    cell_text(
        left,
        [
            (cfg.get("parent", "UBND TỈNH"), False, False),
            (cfg.get("issuer", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"), True, False),
            ("", False, False),
            (f"Số:      /{cfg.get('number_suffix', 'BC-STTTT')}", False, False),
        ],
        size=12,
    )
    cell_text(
        right,
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False),
            ("Độc lập - Tự do - Hạnh phúc", True, False),
            ("", False, False),
            (
                f"{cfg.get('place', 'Hà Nam')}, ngày      tháng      năm {today.year}",
                False,
                True,
            ),
        ],
        size=12,
    )
    para("")
    para("BÁO CÁO", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
    province = cfg.get("province", "Hà Nam")
    para(
        f"Tổng hợp kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí {when} "
        f"của các cơ quan hành chính nhà nước trên địa bàn tỉnh {province}",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    recipient = cfg.get("recipient", "Ủy ban nhân dân tỉnh")
    para(f"Kính gửi: {recipient}.", align=WD_ALIGN_PARAGRAPH.CENTER)
    issuer = cfg.get("issuer_short", "Sở Thông tin và Truyền thông")
    para(
        f"Trên cơ sở báo cáo của các cơ quan, đơn vị, {issuer} tổng hợp kết quả thực hiện việc "
        f"phát ngôn và cung cấp thông tin cho báo chí {when} như sau:"
    )

    s = queries.completeness_summary(year=year, period=period, db=db)
    t = queries.totals(year=year, period=period, db=db)
    comp = queries.completeness(year=year, period=period, db=db)
    para("I. TÌNH HÌNH GỬI BÁO CÁO", bold=True, indent=False)
    para(
        f"Tổng số cơ quan phải báo cáo: {s['expected']}; đã gửi: {s['received']} "
        f"({_pct(s['rate'])}), trong đó đúng hạn {s['on_time']}, muộn {s['late']}; "
        f"chưa gửi: {s['missing']}."
    )
    missing = comp[comp["status"] == "missing"]["agency"].tolist()
    late = comp[comp["status"] == "late"]["agency"].tolist()
    if missing:
        para("Các cơ quan chưa gửi báo cáo: " + ", ".join(missing) + ".")
    if late:
        para("Các cơ quan gửi báo cáo muộn: " + ", ".join(late) + ".")

    table = queries.compliance_table(year=year, period=period, db=db)
    received = table[table["report_id"].notna()]
    para("II. KẾT QUẢ THỰC HIỆN", bold=True, indent=False)
    named = int(received["spokesperson"].notna().sum())
    para(
        f"1. Người phát ngôn: {named}/{len(received)} cơ quan đã gửi báo cáo nêu rõ người phát "
        "ngôn và cung cấp thông tin cho báo chí."
    )
    para(
        f"2. Cung cấp thông tin trên trang/cổng thông tin điện tử: các cơ quan đã đăng tổng số "
        f"{_num(t['posts_total'])} tin, bài."
    )
    nop = queries.no_press_conferences(year=year, period=period, db=db)
    counts = {k: int((nop["category"] == k).sum()) for k in NO_PRESS_VI}
    para(
        f"3. Tổ chức họp báo: tổng số {_num(t['press_conferences'])} cuộc. Có {counts['zero']} "
        f"cơ quan không tổ chức họp báo, {counts['unknown']} cơ quan không nêu trong báo cáo, "
        f"{counts['not_submitted']} cơ quan chưa gửi báo cáo."
    )
    zero = nop[nop["category"] == "zero"]["agency"].tolist()
    if zero:
        para("Các cơ quan không tổ chức họp báo: " + ", ".join(zero) + ".")
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
            _num(r.posts_total),
            _num(r.posts_per_month) + ("*" if derived_note(r.posts_per_month_derived) else ""),
            _num(r.press_conferences),
            status_by_agency.get(r.agency_id, ""),
            STATUS_VI.get(r.overall, r.overall),
        ]
        for i, r in enumerate(table.itertuples(), start=1)
    ]
    _docx_table(doc, cols, data_rows, Pt, [Cm(w) for w in (1.1, 4.5, 2.8, 1.6, 1.7, 1.4, 1.6, 1.6)])
    if table["posts_per_month_derived"].any():
        para(f"(*) Bình quân/tháng {DERIVED_NOTES['posts_per_month']} chia cho số tháng của kỳ.")

    para("III. ĐÁNH GIÁ CHUNG", bold=True, indent=False)
    para(
        f"Tỷ lệ cơ quan đạt tất cả tiêu chí: {_pct(t['compliance_rate'])}. Tiêu chí thiếu số "
        "liệu được ghi “Chưa rõ”, không tính là “Chưa đạt”. Mức tối thiểu áp dụng cho kỳ này:"
    )
    for label, text in _minimums(year=year, period=period, db=db):
        para(f"– {label}: {text}.")
    by_type = queries.compliance_by_type(year=year, period=period, db=db)
    _docx_table(
        doc,
        ["Loại cơ quan", "Số cơ quan", "Đạt", "Chưa đạt", "Chưa rõ", "Chưa nộp", "Tỷ lệ đạt"],
        [
            [
                TYPE_VI.get(r.agency_type, r.agency_type),
                str(r.agencies),
                str(r.passed),
                str(r.failed),
                str(r.unknown),
                str(r.not_submitted),
                _pct(r.rate),
            ]
            for r in by_type.itertuples()
        ],
        Pt,
        [Cm(w) for w in (3.6, 2.0, 1.8, 2.0, 1.8, 2.0, 2.2)],
    )

    para("IV. ĐỀ XUẤT, KIẾN NGHỊ CỦA CÁC CƠ QUAN", bold=True, indent=False)
    found = queries.recommendations(year=year, period=period, db=db)  # one reading of the period
    themes, others = found["themes"], found["others"]
    if themes.empty:
        para("Không có cơ quan đề nghị tập huấn, bồi dưỡng.")
    else:
        para("1. Đề nghị tập huấn, bồi dưỡng theo chủ đề:")
        for r in themes.itertuples():
            para(f"- {r.topic_label}: {r.agencies} cơ quan đề nghị.")
    if not others.empty:
        para("2. Các kiến nghị khác:")
        for r in others.itertuples():
            para(f"- {r.agency}: {r.recommendation}")
    para(
        f"Trên đây là báo cáo tổng hợp kết quả thực hiện việc phát ngôn và cung cấp thông tin "
        f"cho báo chí {when}, {issuer} trân trọng báo cáo./."
    )

    sign = doc.add_table(rows=1, cols=2)
    _set_widths(sign, [Cm(8.0), Cm(8.0)])
    left, right = sign.rows[0].cells
    left.text = ""
    p = left.paragraphs[0]
    run = p.add_run("Nơi nhận:")
    run.bold, run.italic = True, True
    run.font.size = Pt(12)
    for line in cfg.get("recipients", ["Lưu: VT."]):
        run = left.add_paragraph().add_run(xml_safe(f"- {line}"))
        run.font.size = Pt(10.5)
    cell_text(
        right,
        [
            (cfg.get("signer_title", "GIÁM ĐỐC"), True, False),
            ("", False, False),
            ("", False, False),
            ("", False, False),
        ],
    )
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _set_widths(table, widths) -> None:
    # Word reads the cell widths, LibreOffice the grid: set both.
    table.autofit = False
    for col, w in zip(table.columns, widths, strict=True):
        col.width = w
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = w


def _docx_table(doc, headers: list[str], rows: list[list[str]], Pt, widths) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(xml_safe(text))
        run.bold = True
        run.font.size = Pt(10.5)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(xml_safe(str(text))).font.size = Pt(10.5)
    _set_widths(table, widths)
    doc.add_paragraph()


EXPORTERS = {"xlsx": export_xlsx, "csv": export_csv, "docx": export_docx}


def export(fmt: str, *, year: int, period: str = "year", db: DbPath = None) -> bytes:
    """Return the export in ``fmt`` (xlsx | csv | docx) as bytes."""
    try:
        fn = EXPORTERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}") from None
    return fn(year=year, period=period, db=db)
