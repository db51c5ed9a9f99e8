"""Tiếp nhận báo cáo (editor+): upload files, see what was read, correct, confirm; review queue."""

from __future__ import annotations

import logging
from collections import Counter

import streamlit as st

from ingest import archive
from ingest.errors import ReportsError
from ingest.readers.formats import accepted_formats_vi, upload_types
from ui import data
from ui.auth import page_guard
from ui.format import (
    EXTRACT_STATUS_LABELS,
    OUTCOME_LABELS,
    fmt_period,
    is_missing,
)
from ui.review import UPLOAD_RESULTS_KEY, assign_form, queue_panel, review_panel, show_flash
from warehouse import load

log = logging.getLogger(__name__)
RESULTS_KEY = UPLOAD_RESULTS_KEY
ICONS = {"loaded": "✅", "new_version": "🔄", "duplicate": "♻️", "not_a_report": "📄"}

user = page_guard("editor")
st.title("Tiếp nhận báo cáo")
if msg := data.missing_tools_message():
    st.warning(msg)
show_flash()

files = st.file_uploader(
    f"Chọn tệp báo cáo ({accepted_formats_vi(archives=True)}; chọn được nhiều tệp)",
    type=upload_types(),
    accept_multiple_files=True,
    key="uploader",
)


def _refused(name: str, error: ReportsError) -> dict:
    return {"name": name, "outcome": "error", "status": "error", "message": error.user_message}


def _load_one(shown: str, name: str, content: bytes) -> dict:
    """Check and load one file; return its result row (one bad file never stops the batch)."""
    try:  # size and real type first: a refused file is not stored
        load.check_upload(name, content)
    except ReportsError as e:
        return _refused(shown, e)
    try:
        ok, res = data.call(
            load.load_bytes, quiet=True, name=name, data=content, user=user.username
        )
    except Exception:
        log.exception("upload failed: %s", shown)
        ok, res = False, None
    if not ok:
        message = getattr(res, "user_message", None)  # e.g. database busy: try again
        return {
            "name": shown,
            "outcome": "error",
            "status": "error",
            "message": message or "Không nạp được tệp do lỗi hệ thống; vui lòng thử lại.",
        }
    return {
        "name": shown,
        "outcome": res.outcome,
        "status": res.status,
        "message": res.message_vi,
        "report_id": res.report_id,
        "agency": res.agency,
        "year": res.year,
        "period": res.period,
    }


def _load_upload(upload, results: list[dict], progress) -> None:
    """Load an uploaded file, or every file of an uploaded ZIP archive."""
    content = upload.getvalue()
    if not archive.is_archive(content):
        progress(upload.name)
        results.append(_load_one(upload.name, upload.name, content))
        return
    try:
        for member in archive.members(upload.name, content):
            shown = f"{upload.name} › {member.name}"
            progress(shown)
            if member.error is not None:
                results.append(_refused(shown, member.error))
            else:
                results.append(_load_one(shown, member.name, member.data))
    except ReportsError as e:
        log.warning("archive %s refused: %s", upload.name, e.detail)
        results.append(_refused(upload.name, e))


if st.button(
    "Nạp báo cáo", type="primary", disabled=not files, icon=":material/upload:", key="load_files"
):
    results: list[dict] = []
    bar = st.progress(0.0, text="Bắt đầu đọc tệp…")
    for i, upload in enumerate(files):

        def progress(shown: str, i: int = i) -> None:
            bar.progress(i / len(files), text=f"Đang đọc {shown} ({i + 1}/{len(files)})…")

        _load_upload(upload, results, progress)
    bar.progress(1.0, text=f"Đã xử lý xong {len(results)} tệp.")
    data.clear_caches()
    st.session_state[RESULTS_KEY] = results

results = st.session_state.get(RESULTS_KEY, [])
names = dict(data.query("agencies")[["agency_id", "name"]].itertuples(index=False))
if len(results) > 1:
    counts = Counter(r["outcome"] for r in results)
    review = sum(r["status"] == "needs_review" for r in results)
    parts = [f"{OUTCOME_LABELS.get(o, o)}: {n}" for o, n in counts.most_common()]
    parts += [f"cần kiểm tra lại: {review}"] if review else []
    st.info(f"Kết quả {len(results)} tệp — " + " · ".join(parts))
for i, res in enumerate(results):
    outcome = OUTCOME_LABELS.get(res["outcome"], res["outcome"])
    with st.container(border=True):
        st.markdown(f"{ICONS.get(res['outcome'], '⚠️')} **{outcome}**")
        lines = [
            f"Tệp: {res['name']}",
            f"Tình trạng đọc: {EXTRACT_STATUS_LABELS.get(res['status'], res['status'])}",
        ]
        if res.get("agency"):
            agency = names.get(res["agency"], res["agency"])
            lines.append(f"Đơn vị: {agency} · Kỳ: {fmt_period(res.get('period'), res.get('year'))}")
        if not is_missing(res.get("message")):
            lines.append(res["message"])
        st.text("\n".join(lines))
        if res.get("report_id"):
            fresh = res["outcome"] in ("loaded", "new_version", "unmatched_agency")
            with st.expander(
                "Giá trị đọc được, trích dẫn và chỉnh sửa", expanded=fresh and len(results) <= 3
            ):
                if res["outcome"] == "unmatched_agency":
                    assign_form(res["report_id"], user)
                review_panel(res["report_id"], user, key=f"upload_{i}")

st.divider()
st.subheader("Danh sách cần xử lý")
queue_panel(data.query("review_queue"), user)
