"""Đơn vị: one agency's reports across periods and versions, with evidence, corrections, files."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ingest.record import FORM_FIELDS
from ui import data
from ui.auth import page_guard
from ui.filters import current_filters
from ui.format import (
    AGENCY_TYPE_LABELS,
    EXTRACT_STATUS_LABELS,
    FIELD_LABELS,
    fmt_datetime,
    fmt_derived,
    fmt_period,
    fmt_value,
    is_missing,
    plain,
)
from ui.notes import notes_panel
from ui.review import review_panel, show_flash
from ui.tables import MARKS_LEGEND, agency_criteria, form_cells
from warehouse.queries import KEY_FIGURES

PICK_KEY = "agency_pick"

user = page_guard()
st.title("Đơn vị")
show_flash()
registry = data.query("agencies")
if registry.empty:
    st.info("Danh mục đơn vị đang trống. Quản trị viên cần nhập danh mục trước.")
    st.stop()
names, labels = data.agency_choices()
wanted = st.query_params.get("agency")
if wanted in names and st.session_state.get("agency_from_link") != wanted:
    st.session_state[PICK_KEY] = wanted
    st.session_state["agency_from_link"] = wanted
agency_id = st.selectbox(
    "Chọn đơn vị",
    list(names),
    format_func=labels.get,
    key=PICK_KEY,
)
row = registry[registry["agency_id"] == agency_id].iloc[0]
kind = AGENCY_TYPE_LABELS.get(row["type"]) or plain(row["type"])
st.caption(f"{kind} · {plain(row['province']) if row['province'] else ''}")
f = current_filters()  # the sidebar's period: notes, and the period detailed below
people = data.query("user_labels")  # who did what, as "Họ tên (đơn vị)"
notes_panel(agency_id, f, user)

history = data.query("agency_history", agency_id=agency_id)
if history.empty:
    st.info("Chưa có báo cáo nào của đơn vị này.")
    st.stop()

st.subheader("Số liệu chính qua các kỳ")
records = data.query("agency_figures", agency_id=agency_id).to_dict("records")
# The Decree 244/2026 form's indicators, once a report of the agency states them (agency_figures
# gives none for years before the form).
form = any(not is_missing(rec[k]) for rec in records for k in FORM_FIELDS)
figures = [
    {"Kỳ báo cáo": fmt_period(rec["period"], rec["year"])}
    | {FIELD_LABELS[k]: fmt_derived(k, rec[k], rec.get(f"{k}_derived")) for k in KEY_FIGURES}
    | (form_cells(rec) if form else {})
    for rec in records
]
st.dataframe(pd.DataFrame(figures), hide_index=True)

st.subheader(f"Đánh giá theo tiêu chí – {fmt_period(f.period, f.year)}")
results = data.query("compliance", year=f.year, period=f.period)
criteria = agency_criteria(results, agency_id)
if criteria.empty:
    st.text("Đơn vị không thuộc diện đánh giá trong kỳ này.")
else:
    st.dataframe(criteria, hide_index=True, key="criteria")
    st.caption(MARKS_LEGEND)

st.subheader("Các báo cáo đã nhận")
st.dataframe(
    pd.DataFrame(
        {
            "Kỳ báo cáo": [
                fmt_period(p, y) for p, y in zip(history["period"], history["year"], strict=True)
            ],
            "Phiên bản": history["version"],
            "Hiệu lực": history["is_current"].map(lambda c: "Hiện hành" if c else "Đã bị thay thế"),
            "Tình trạng": history["status"].map(lambda s: EXTRACT_STATUS_LABELS.get(s, s)),
            "Tệp gốc": history["original_name"],
            "Ngày nhận": history["received_at"].map(fmt_datetime),
            "Người nạp": history["uploaded_by"].map(lambda u: people.get(u, u)),
        }
    ),
    hide_index=True,
    key="history",
)

# Evidence, review and files of one period at a time: ten years of history stay one page.
periods = list(dict.fromkeys(zip(history["year"], history["period"], strict=True)))
pick_key, chosen_here = f"detail_period_{agency_id}", (f.year, f.period)
if chosen_here in periods and st.session_state.get(f"{pick_key}_follows") != chosen_here:
    st.session_state[pick_key] = st.session_state[f"{pick_key}_follows"] = chosen_here
chosen = st.selectbox(
    "Xem chi tiết kỳ báo cáo",
    periods,
    format_func=lambda yp: fmt_period(yp[1], yp[0]),
    key=pick_key,
)
versions = history[(history["year"] == chosen[0]) & (history["period"] == chosen[1])]
for rec in versions.to_dict("records"):
    title = f"{fmt_period(rec['period'], rec['year'])} – phiên bản {rec['version']}"
    title += "" if rec["is_current"] else " (đã bị thay thế)"
    with st.expander(title, expanded=False):
        if not rec["is_current"]:
            st.warning(
                "Phiên bản này đã được thay thế bằng bản nộp sau; số liệu không còn được tính."
            )
        review_panel(
            rec["report_id"], user if rec["is_current"] else None, key=f"v_{rec['report_id']}"
        )
        stored = data.query_or_none("file_bytes", file_id=rec["file_id"])
        if stored:
            name, blob = stored
            st.download_button(
                "Tải tệp gốc",
                blob,
                file_name=name,
                key=f"dl_{rec['report_id']}",
                icon="📥",
            )

st.subheader("Lịch sử chỉnh sửa")
log = data.query("corrections_log", agency_id=agency_id)
if log.empty:
    st.text("Chưa có chỉnh sửa nào.")
else:
    st.dataframe(
        pd.DataFrame(
            {
                "Thời điểm": log["at"].map(fmt_datetime),
                "Người sửa": log["user"].map(lambda u: people.get(u, u)),
                "Trường": log["field"].map(lambda f: FIELD_LABELS.get(f, f)),
                "Giá trị cũ": [
                    fmt_value(f, v) for f, v in zip(log["field"], log["old_value"], strict=True)
                ],
                "Giá trị mới": [
                    fmt_value(f, v) for f, v in zip(log["field"], log["new_value"], strict=True)
                ],
                "Lý do": log["reason"],
            }
        ),
        hide_index=True,
        key="corrections",
    )
