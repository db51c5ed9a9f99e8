"""Xuất báo cáo: the consolidated summary for UBND tỉnh as XLSX, CSV and DOCX, with a preview."""

from __future__ import annotations

from functools import partial

import streamlit as st

from ui import data
from ui.auth import page_guard
from ui.filters import current_filters
from ui.format import fmt_int, fmt_pct
from ui.tables import compliance_columns, compliance_display, status_styler, table_height

page_guard()
f = current_filters()
st.title("Xuất báo cáo")
st.caption(
    f"Kỳ báo cáo: {f.label}. Báo cáo tổng hợp gửi UBND tỉnh gồm toàn bộ các loại đơn vị; "
    "bộ lọc loại đơn vị chỉ áp dụng cho bảng xem trước."
)

summary = data.query("completeness_summary", year=f.year, period=f.period)
if not summary.get("received"):
    st.info("Chưa có báo cáo nào cho kỳ này.")
    st.stop()

cols = st.columns(4)
cols[0].metric("Phải nộp", fmt_int(summary["expected"]))
cols[1].metric("Đã nộp", fmt_int(summary["received"]))
cols[2].metric("Chưa nộp", fmt_int(summary["missing"]))
cols[3].metric("Tỷ lệ đã nộp", fmt_pct(summary["rate"]))

stem = f"bao_cao_tong_hop_{f.year}_{f.period}"
downloads = [
    (
        "xlsx",
        "Tải Excel (XLSX)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("csv", "Tải CSV", "text/csv"),
    (
        "docx",
        "Tải Word (DOCX)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
]
cols = st.columns(len(downloads))
for col, (kind, label, mime) in zip(cols, downloads, strict=True):
    # The file is built when the button is pressed (national roll-ups take seconds), then cached.
    col.download_button(
        label,
        partial(data.export_bytes, kind, year=f.year, period=f.period),
        file_name=f"{stem}.{kind}",
        mime=mime,
        key=f"dl_{kind}",
        icon=":material/download:",
        type="primary" if kind == "xlsx" else "secondary",
    )

st.subheader("Xem trước bảng tổng hợp")
table = data.query("compliance_table", **f.kwargs())
st.dataframe(
    status_styler(compliance_display(table, data.rules())),
    hide_index=True,
    height=table_height(len(table)),
    column_config=compliance_columns(table, data.rules()),
    key="preview",
)
