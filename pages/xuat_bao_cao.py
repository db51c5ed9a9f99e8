"""Xuất báo cáo: the consolidated summary for UBND tỉnh as XLSX, CSV (for Excel in a Vietnamese
locale, and standard) and DOCX signed by whom the official chooses, with a preview; in
Decree 244 years the province's Điều 10 report; the reminder to the units that have not reported."""

from __future__ import annotations

from functools import partial

import streamlit as st

from ingest.periods import form_window, under_form
from ui import data
from ui.auth import page_guard
from ui.filters import current_filters
from ui.format import fmt_int, fmt_pct
from ui.tables import (
    compliance_columns,
    compliance_display,
    reminder_display,
    show_table,
    status_styler,
    table_height,
)
from warehouse import export, form_report
from warehouse.official_docx import signers
from warehouse.rules import load_config

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

page_guard()
f = current_filters()
issuer = load_config().issuer_for(f.year, f.period)
st.title("Xuất báo cáo")
st.caption(
    f"Kỳ báo cáo: {f.label}. Báo cáo tổng hợp của {issuer.name} gửi UBND tỉnh gồm toàn bộ các "
    "loại đơn vị; bộ lọc loại đơn vị chỉ áp dụng cho bảng xem trước."
)

summary = data.query("completeness_summary", year=f.year, period=f.period)
cols = st.columns(4)
cols[0].metric("Phải nộp", fmt_int(summary["expected"]))
cols[1].metric("Đã nộp", fmt_int(summary["received"]))
cols[2].metric("Chưa nộp", fmt_int(summary["missing"]))
cols[3].metric("Tỷ lệ đã nộp", fmt_pct(summary["rate"]))


def download(col, label: str, build, name: str, mime: str, key: str, primary=False) -> None:
    # The file is built when the button is pressed (national roll-ups take seconds). Pressing it
    # does not rerun the page: a rerun started with the download races it (Streamlit's note on
    # on_click), and the page shows nothing new after a download.
    col.download_button(
        label, build, file_name=name, mime=mime, key=key, icon="📥",
        type="primary" if primary else "secondary", on_click="ignore",
    )  # fmt: skip


# Who signs the department's documents: the authority chosen, the name typed (blank: left for
# the clerk to write).
cols = st.columns(2)
how = cols[0].selectbox("Thẩm quyền ký", list(signers(issuer.signer_title)), key="sign_how")
name = cols[1].text_input("Họ tên người ký (để trống nếu chưa rõ)", max_chars=80, key="sign_name")
signer = signers(issuer.signer_title, name)[how]
name_of = partial(export.file_name, year=f.year, period=f.period)

if summary.get("received"):
    downloads = [("xlsx", "Tải Excel (XLSX)", XLSX), ("csv_excel", "Tải CSV cho Excel", "text/csv")]
    downloads += [("csv", "Tải CSV chuẩn", "text/csv"), ("docx", "Tải Word (DOCX)", DOCX)]
    for col, (kind, label, mime) in zip(st.columns(len(downloads)), downloads, strict=True):
        build = partial(data.export_bytes, kind, year=f.year, period=f.period)
        if kind == "docx":
            args = {"year": f.year, "period": f.period, "db": data.db_path(), "signer": signer}
            build = partial(export.export_docx, **args)
        download(col, label, build, name_of(kind), mime, f"dl_{kind}", kind == "xlsx")
    st.caption(
        "CSV cho Excel: nhấp đúp để mở bằng Excel cài đặt tiếng Việt (cột ngăn bằng dấu chấm "
        "phẩy, số thập phân dùng dấu phẩy, ngày dd/mm/yyyy). CSV chuẩn: cột ngăn bằng dấu phẩy, "
        "số thập phân dùng dấu chấm, ngày năm-tháng-ngày, dùng cho phần mềm khác."
    )
else:
    st.info("Chưa có báo cáo nào cho kỳ này.")

if under_form(f.year) and f.period == "year" and summary.get("expected"):
    st.subheader("Báo cáo theo Nghị định 244")
    start, end = form_window(f.year)
    st.caption(
        "Báo cáo của UBND tỉnh gửi Bộ Văn hóa, Thể thao và Du lịch (Điều 10, Nghị định "
        f"244/2026/NĐ-CP), số liệu từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}; {issuer.name} dự "
        "thảo để UBND tỉnh ký. Phụ lục: mỗi đơn vị báo cáo một dòng."
    )
    banner = form_report.incomplete_banner(summary["received"], summary["expected"])
    if banner:
        st.warning(banner, icon="⚠️")
    args = {"year": f.year, "db": data.db_path()}
    cols = st.columns(2)
    build = partial(form_report.form_report_docx, **args)
    download(cols[0], "Tải báo cáo (DOCX)", build, name_of("nd244"), DOCX, "dl_nd244")
    build = partial(form_report.form_annex_xlsx, **args)
    download(cols[1], "Tải phụ lục (XLSX)", build, name_of("nd244_annex"), XLSX, "dl_annex")

if summary.get("missing"):
    st.subheader("Đôn đốc đơn vị chưa nộp")
    units = data.query("units_to_remind", year=f.year, period=f.period)
    st.caption(f"{fmt_int(len(units))} đơn vị chưa nộp báo cáo của kỳ {f.label}.")
    show_table(reminder_display(units), key="reminder")
    args = {"year": f.year, "period": f.period, "db": data.db_path(), "signer": signer}
    build = partial(form_report.reminder_docx, **args)
    download(st, "Tải công văn đôn đốc (DOCX)", build, name_of("reminder"), DOCX, "dl_reminder")

if summary.get("received"):
    st.subheader("Xem trước bảng tổng hợp")
    table = data.query("compliance_table", **f.kwargs())
    st.dataframe(
        status_styler(compliance_display(table, data.rules())),
        hide_index=True,
        height=table_height(len(table)),
        column_config=compliance_columns(table, data.rules()),
        key="preview",
    )
