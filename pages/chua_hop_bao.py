"""Chưa tổ chức họp báo: agencies with no press conference, the three reasons kept apart."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from ui import data
from ui.auth import page_guard
from ui.filters import current_filters
from ui.format import AGENCY_TYPE_LABELS, EMPTY, fmt_int, is_missing
from ui.tables import show_table, to_csv_bytes, to_xlsx_bytes

GROUPS = [
    ("zero", "Không tổ chức (0 cuộc)", "Báo cáo nêu rõ đơn vị không tổ chức họp báo trong kỳ."),
    (
        "unknown",
        "Chưa rõ (báo cáo không nêu)",
        "Báo cáo không nói đến họp báo; cần hỏi lại đơn vị.",
    ),
    ("not_submitted", "Chưa nộp báo cáo", "Đơn vị phải báo cáo nhưng chưa gửi báo cáo kỳ này."),
]
LABELS = {code: label for code, label, _ in GROUPS}

page_guard()
f = current_filters()
st.title("Chưa tổ chức họp báo")
st.caption(f"Kỳ báo cáo: {f.label}")

if not data.query("completeness_summary", **f.kwargs()).get("expected"):
    st.info("Chưa có báo cáo nào cho kỳ này. Không có đơn vị nào phải báo cáo trong kỳ này.")
    st.stop()
rows = data.query("no_press_conferences", **f.kwargs())


def _text(value: object) -> str:
    return EMPTY if is_missing(value) else str(value)


display = pd.DataFrame(
    {
        "Nhóm": rows["category"].map(LABELS),
        "Đơn vị": rows["agency"].map(_text),
        "Loại đơn vị": rows["agency_type"].map(lambda t: AGENCY_TYPE_LABELS.get(t, _text(t))),
        "Trích dẫn báo cáo": rows["quote"].map(_text),
        "Vị trí trong báo cáo": rows["where"].map(_text),
    }
)

cols = st.columns(len(GROUPS))
for col, (code, label, _) in zip(cols, GROUPS, strict=True):
    col.metric(label, fmt_int(int((rows["category"] == code).sum())))

if display.empty:
    st.success("Tất cả đơn vị đã nộp báo cáo và có tổ chức họp báo trong kỳ này.")
    st.stop()

for code, label, explanation in GROUPS:
    group = display[rows["category"].to_numpy() == code].drop(columns=["Nhóm"])
    st.subheader(f"{label} – {fmt_int(len(group))} đơn vị")
    st.caption(explanation)
    if group.empty:
        st.text("Không có đơn vị nào.")
        continue
    if code in ("unknown", "not_submitted"):  # no sentence to quote
        group = group.drop(columns=["Trích dẫn báo cáo", "Vị trí trong báo cáo"])
    show_table(group, key=f"group_{code}")

st.divider()
stem = f"chua_hop_bao_{f.year}_{f.period}"
left, right = st.columns(2)
left.download_button(
    "Tải danh sách (CSV)",
    partial(to_csv_bytes, display),  # built when pressed
    file_name=f"{stem}.csv",
    mime="text/csv",
    icon="📥",
)
right.download_button(
    "Tải danh sách (XLSX)",
    partial(to_xlsx_bytes, display, sheet="Chưa họp báo"),
    file_name=f"{stem}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon="📥",
)
