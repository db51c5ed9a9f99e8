"""Vietnamese display tables built from warehouse DataFrames, and file downloads of them."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
import streamlit as st
from openpyxl.styles import Font

from ingest.evidence import readable_quote
from ui.format import (
    AGENCY_TYPE_LABELS,
    CELL_LIMIT,
    EMPTY,
    FIELD_LABELS,
    STATUS_COLOURS,
    STATUS_LABELS,
    fmt_confidence,
    fmt_date,
    fmt_datetime,
    fmt_derived,
    fmt_int,
    fmt_number,
    fmt_ratio,
    fmt_value,
    is_missing,
    plain,
)
from warehouse.export import form_rows, neutralise
from warehouse.labels import FORM_RATIO_LABELS, NO_CONTACT, timeliness_label
from warehouse.queries import FORM_LAYOUT

OVERALL_COLUMN = "Đánh giá chung"
# Compact marks per criterion (Tổng quan, a table that fits a 1400 px screen): the words stay in
# the overall column, the column tooltips and the legend under the table.
STATUS_MARKS: dict[str, str] = {
    "pass": "✓",
    "fail": "✗",
    "unknown": "–",
    "not_submitted": "–",
    "not_applicable": "–",
}
MARKS_LEGEND = "✓ đạt · ✗ chưa đạt · – chưa có số liệu hoặc không áp dụng"
MARK_WIDTH = 48  # px: a "TC5" header and one mark
# Columns of the compact table, px (Streamlit's data grid sizes the others to their content).
COMPACT_WIDTHS = {"Đơn vị": 240, "Loại đơn vị": 110, "Tin, bài": 64, "Họp báo (cuộc)": 100}
WIDE_DETAILS = ("Người phát ngôn", "Tin, bài/tháng")  # not in the compact table
MARK_COLOURS = {"✓": STATUS_COLOURS["Đạt"], "✗": STATUS_COLOURS["Chưa đạt"]}


def _text(value: Any) -> str:
    return EMPTY if is_missing(value) else str(value)


def compliance_display(table: pd.DataFrame, rules: list, *, marks: bool = False) -> pd.DataFrame:
    """Turn ``queries.compliance_table`` into the Vietnamese per-agency table (strings only).

    ``marks``: each criterion as a compact column "TC1" of marks (STATUS_MARKS) instead of a
    column "TC1. Đã gửi báo cáo" of words, and without the spokesperson's name and the posts per
    month (both in Đơn vị), so that every criterion fits a 1400 px screen beside the sidebar.
    """
    rule_columns = [r for r in rules if r.id in table.columns]
    out = pd.DataFrame(
        {
            "Đơn vị": table["agency"].map(_text),
            "Loại đơn vị": table["agency_type"].map(lambda t: AGENCY_TYPE_LABELS.get(t, _text(t))),
            "Người phát ngôn": table["spokesperson"].map(_text),
            "Tin, bài": table["posts_total"].map(fmt_int),
            "Tin, bài/tháng": [
                fmt_derived("posts_per_month", v, d)
                for v, d in zip(
                    table["posts_per_month"], table["posts_per_month_derived"], strict=True
                )
            ],
            "Họp báo (cuộc)": table["press_conferences"].map(fmt_int),
        }
    )
    for i, rule in enumerate(rule_columns, start=1):
        if marks:
            out[f"TC{i}"] = table[rule.id].map(
                lambda s: STATUS_MARKS.get(s, STATUS_MARKS["unknown"])
            )
        else:
            out[rule_header(i, rule)] = table[rule.id].map(lambda s: STATUS_LABELS.get(s, EMPTY))
    out[OVERALL_COLUMN] = table["overall"].map(lambda s: STATUS_LABELS.get(s, _text(s)))
    if marks:
        out = out.drop(columns=list(WIDE_DETAILS))
    return out.reset_index(drop=True)


def table_height(rows: int, max_rows: int = 40) -> int:
    """Return a st.dataframe height (px) showing ``rows`` rows without scrolling (capped)."""
    return 38 + 35 * max(1, min(rows, max_rows))


def rule_header(number: int, rule: Any) -> str:
    """Return a compact column header for a rule: 'TC1. Đã gửi báo cáo' (long labels cut)."""
    label = rule.label if len(rule.label) <= 30 else rule.label[:28].rstrip(" ,") + "…"
    return f"TC{number}. {label}"


def rules_legend(rules: list, columns: list[str]) -> list[str]:
    """Return one line per rule shown in a table: 'TC1. full label – legal reference'."""
    shown = [r for r in rules if r.id in columns]
    return [
        f"TC{i}. {r.label} – {r.legal_ref or 'quy định của tỉnh'}" for i, r in enumerate(shown, 1)
    ]


def agency_criteria(results: pd.DataFrame, agency_id: str) -> pd.DataFrame:
    """Return one agency's result per criterion (``queries.compliance`` rows): the details behind
    its marks on Tổng quan, with the value each criterion looked at and its threshold."""
    rows = results[results["agency_id"] == agency_id]
    return pd.DataFrame(
        {
            "Tiêu chí": rows["rule_label"].map(plain).to_list(),
            "Kết quả": [
                f"{STATUS_MARKS.get(s, STATUS_MARKS['unknown'])} {STATUS_LABELS.get(s, s)}"
                for s in rows["status"]
            ],
            "Giá trị đã xét": [
                fmt_number(v)
                if isinstance(v, int | float) and not isinstance(v, bool) and not is_missing(v)
                else _text(v)
                for v in rows["value"]
            ],
            "Ngưỡng": [EMPTY if is_missing(t) else fmt_number(t) for t in rows["threshold"]],
            "Căn cứ": [r or "quy định của tỉnh" for r in rows["legal_ref"]],
        }
    )


def compliance_columns(table: pd.DataFrame, rules: list, *, marks: bool = False) -> dict:
    """Return st.dataframe column_config for the compliance table: numbers right-aligned, each
    rule column with its full label and legal reference as the header tooltip; ``marks`` as in
    ``compliance_display`` (narrow centred columns whose tooltip also reads the marks)."""
    config: dict = {}
    for name in ("Tin, bài", "Tin, bài/tháng", "Họp báo (cuộc)"):
        if not (marks and name in WIDE_DETAILS):
            width = COMPACT_WIDTHS.get(name) if marks else None
            config[name] = st.column_config.TextColumn(alignment="right", width=width)
    if marks:
        for name in ("Đơn vị", "Loại đơn vị"):
            config[name] = st.column_config.TextColumn(width=COMPACT_WIDTHS[name])
    shown = [r for r in rules if r.id in table.columns]  # numbered as in compliance_display
    for i, rule in enumerate(shown, start=1):
        about = f"{rule.label}. Căn cứ: {rule.legal_ref or 'quy định của tỉnh'}"
        if marks:
            config[f"TC{i}"] = st.column_config.TextColumn(
                help=f"TC{i}. {about}. {MARKS_LEGEND}.", width=MARK_WIDTH, alignment="center"
            )
        else:
            config[rule_header(i, rule)] = st.column_config.TextColumn(help=about)
    return config


def completeness_display(rows: pd.DataFrame) -> pd.DataFrame:
    """Turn ``queries.completeness`` into a table: agency, timeliness with its days (e.g. "Nộp
    muộn 5 ngày"), arrival date and incoming number, upload time, deadline, version."""
    return pd.DataFrame(
        {
            "Đơn vị": rows["agency"].map(_text),
            "Tình trạng": [
                timeliness_label(code, None if pd.isna(days) else int(days))
                for code, days in zip(rows["timeliness"], rows["days"], strict=True)
            ],
            "Ngày đến": rows["arrived_on"].map(fmt_date),
            "Số đến": rows["incoming_number"].map(_text),
            "Ngày nhận": rows["received_at"].map(fmt_datetime),
            "Hạn nộp": rows["deadline"].map(fmt_date),
            "Phiên bản": rows["version"].map(fmt_int),
        }
    )


# A static st.table wraps long quotes but is rebuilt as HTML row by row; beyond this many rows a
# scrollable, searchable st.dataframe shows the same cells.
STATIC_ROWS_MAX = 50


def show_table(table: pd.DataFrame, *, key: str) -> None:
    """Show a table of texts: static (wrapped, cells escaped) when short, else a data grid."""
    if len(table) <= STATIC_ROWS_MAX:
        st.table(escaped(table), hide_index=True)
    else:
        st.dataframe(table, hide_index=True, key=key)


# Colouring cells costs Streamlit about 0.2 ms a row (pandas Styler): seconds for a national
# table. Beyond this many rows the table is shown plain, with the same texts.
STYLED_ROWS_MAX = 1000


def status_styler(display: pd.DataFrame) -> Any:
    """Colour every status cell (Đạt / Chưa đạt / Chưa rõ / Chưa nộp / Không áp dụng, and the
    marks ✓ / ✗) of a display table.

    Tables longer than STYLED_ROWS_MAX are returned as they are (plain, same texts).
    """
    if len(display) > STYLED_ROWS_MAX:
        return display

    colours = STATUS_COLOURS | MARK_COLOURS

    def colour(value: Any) -> str:
        bg = colours.get(value)
        return f"background-color: {bg}; color: #1f2937" if bg else ""

    status_cols = [
        c for c in display.columns if display[c].isin(list(colours)).any() and c != "Đơn vị"
    ]
    return display.style.map(colour, subset=status_cols)


def evidence_display(fields: pd.DataFrame) -> pd.DataFrame:
    """Turn ``queries.report_fields`` into a table: value, evidence quote, location, confidence."""
    rows = []
    for rec in fields.to_dict("records"):
        corrected = bool(rec.get("corrected"))
        note = ""
        if corrected:
            note = (
                f"Đã sửa bởi {_text(rec.get('corrected_by'))} lúc "
                f"{fmt_datetime(rec.get('corrected_at'))} (giá trị đọc được: "
                f"{fmt_value(rec['field'], rec.get('original_value'))}; lý do: "
                f"{_text(rec.get('reason'))})"
            )
        rows.append(
            {
                "Trường": FIELD_LABELS.get(rec["field"], rec["field"]),
                "Giá trị": fmt_derived(rec["field"], rec.get("value"), rec.get("derived")),
                "Trích dẫn": _text(readable_quote(rec.get("quote"))),
                "Vị trí": _text(rec.get("where")),
                "Độ tin cậy": fmt_confidence(rec.get("confidence")),
                "Chỉnh sửa": note,
            }
        )
    columns = ["Trường", "Giá trị", "Trích dẫn", "Vị trí", "Độ tin cậy", "Chỉnh sửa"]
    return pd.DataFrame(rows, columns=columns)


def escaped(display: pd.DataFrame) -> pd.DataFrame:
    """Return a copy whose cells are shown through ``plain``, for ``st.table`` (which renders
    Markdown).

    Document text (quotes, names as written) must show literally, never as links or formatting.
    """
    return display.map(lambda cell: plain(cell, limit=CELL_LIMIT))


def _safe(display: pd.DataFrame) -> pd.DataFrame:
    # Document text may start with "=", "-", "+" or "@": never let a spreadsheet run it.
    return display.map(neutralise)


def to_csv_bytes(display: pd.DataFrame) -> bytes:
    """Return CSV bytes Excel opens with Vietnamese intact (UTF-8 with BOM), formula-safe."""
    # CRLF rows (RFC 4180): cells holding a CR or LF are then quoted, so a bare CR in document
    # text cannot start a new row in Excel whose first cell would run as a formula.
    return _safe(display).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx_bytes(display: pd.DataFrame, sheet: str = "Danh sách") -> bytes:
    """Return an XLSX workbook of one table with a bold frozen header and filters, formula-safe."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _safe(display).to_excel(writer, index=False, sheet_name=sheet[:31])
        ws = writer.sheets[sheet[:31]]
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for column in ws.columns:
            width = max(len(str(c.value or "")) for c in column)
            ws.column_dimensions[column[0].column_letter].width = min(max(10, width + 2), 60)
    return buffer.getvalue()


def form_cells(rec: dict[str, Any]) -> dict[str, str]:
    """Return one row's Decree 244 form indicators as display columns, in display order: each
    count as a number, each ratio as one "part/whole (rate)" column (queries.FORM_LAYOUT)."""
    cells = {}
    for terms in FORM_LAYOUT:
        if len(terms) == 1:
            cells[FIELD_LABELS[terms[0]]] = fmt_int(rec[terms[0]])
        else:
            top, bottom = terms
            cells[FORM_RATIO_LABELS[top]] = fmt_ratio(rec[top], rec[bottom])
    return cells


def form_display(indicators: pd.DataFrame) -> pd.DataFrame:
    """Return the Decree 244 form's indicators per agency (queries.form_indicators) for display:
    form_cells of each agency, and a last province row."""
    return pd.DataFrame([{"Đơn vị": r["agency"]} | form_cells(r) for r in form_rows(indicators)])


def _contact(rows: pd.DataFrame, column: str) -> pd.Series:
    """Return a contact column as text, "chưa có" where unknown or not kept by the registry."""
    if column not in rows:
        return pd.Series([NO_CONTACT] * len(rows), index=rows.index, dtype=object)
    return rows[column].map(lambda v: NO_CONTACT if is_missing(v) else str(v))


def reminder_display(rows: pd.DataFrame) -> pd.DataFrame:
    """Turn ``queries.units_to_remind`` into the on-screen list of units to remind: unit, type,
    timeliness ("Quá hạn 5 ngày – chưa nộp"), spokesperson and title from its latest report,
    phone and e-mail (from the registry when it keeps them, else "chưa có")."""
    return pd.DataFrame(
        {
            "Đơn vị": rows["agency"].map(_text),
            "Loại đơn vị": rows["agency_type"].map(lambda t: AGENCY_TYPE_LABELS.get(t, _text(t))),
            "Tình trạng": [
                timeliness_label(code, None if is_missing(days) else int(days))
                for code, days in zip(rows["timeliness"], rows["days"], strict=True)
            ],
            "Người phát ngôn": _contact(rows, "spokesperson_name"),
            "Chức vụ": _contact(rows, "spokesperson_title"),
            "Điện thoại": _contact(rows, "phone"),
            "Thư điện tử": _contact(rows, "email"),
        }
    ).reset_index(drop=True)
