"""Tiếp nhận báo cáo (editor+): upload files, see what was read, correct, confirm; review queue."""

from __future__ import annotations

import logging

import streamlit as st

from ui import data
from ui.auth import require_role, user_from_state
from ui.format import (
    EXTRACT_STATUS_LABELS,
    OUTCOME_LABELS,
    fmt_period,
    is_missing,
)
from ui.review import queue_panel, review_panel, show_flash
from warehouse import load

log = logging.getLogger(__name__)
RESULTS_KEY = "upload_results"
ICONS = {"loaded": "✅", "new_version": "🔄", "duplicate": "♻️", "not_a_report": "📄"}

user = require_role(user_from_state(), "editor")
st.title("Tiếp nhận báo cáo")
if msg := data.missing_tools_message():
    st.warning(msg)
show_flash()

files = st.file_uploader(
    "Chọn tệp báo cáo (DOCX, PDF, DOC; chọn được nhiều tệp)",
    type=["docx", "pdf", "doc"],
    accept_multiple_files=True,
    key="uploader",
)
if st.button(
    "Nạp báo cáo", type="primary", disabled=not files, icon=":material/upload:", key="load_files"
):
    results = []
    bar = st.progress(0.0, text="Bắt đầu đọc tệp…")
    for i, upload in enumerate(files):
        bar.progress(i / len(files), text=f"Đang đọc {upload.name} ({i + 1}/{len(files)})…")
        try:
            ok, res = data.call(
                load.load_bytes, name=upload.name, data=upload.getvalue(), user=user.username
            )
        except Exception:  # one bad file must not stop the batch
            log.exception("upload failed: %s", upload.name)
            ok, res = False, None
        if not ok:
            results.append(
                {
                    "name": upload.name,
                    "outcome": "error",
                    "status": "error",
                    "message": "Không nạp được tệp do lỗi hệ thống; vui lòng thử lại.",
                }
            )
            continue
        results.append(
            {
                "name": upload.name,
                "outcome": res.outcome,
                "status": res.status,
                "message": res.message_vi,
                "report_id": res.report_id,
                "agency": res.agency,
                "year": res.year,
                "period": res.period,
            }
        )
    bar.progress(1.0, text=f"Đã xử lý xong {len(files)} tệp.")
    data.clear_caches()
    st.session_state[RESULTS_KEY] = results

for i, res in enumerate(st.session_state.get(RESULTS_KEY, [])):
    outcome = OUTCOME_LABELS.get(res["outcome"], res["outcome"])
    with st.container(border=True):
        st.markdown(f"{ICONS.get(res['outcome'], '⚠️')} **{outcome}**")
        st.text(f"Tệp: {res['name']}")
        st.text(f"Tình trạng đọc: {EXTRACT_STATUS_LABELS.get(res['status'], res['status'])}")
        if res.get("agency"):
            st.text(
                f"Đơn vị: {res['agency']} · Kỳ: {fmt_period(res.get('period'), res.get('year'))}"
            )
        if not is_missing(res.get("message")):
            st.text(res["message"])
        if res.get("report_id"):
            with st.expander("Giá trị đọc được, trích dẫn và chỉnh sửa", expanded=True):
                review_panel(res["report_id"], user, key=f"upload_{i}")

st.divider()
st.subheader("Danh sách cần xử lý")
queue_panel(data.query("review_queue"), user)
