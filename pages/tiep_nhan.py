"""Tiếp nhận báo cáo (editor+): upload files, see what was read, correct, confirm; review queue."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from ingest.readers.formats import accepted_formats_vi, upload_types
from ui import data
from ui.auth import page_guard
from ui.filters import current_filters
from ui.format import (
    EXTRACT_STATUS_LABELS,
    MESSAGE_LIMIT,
    NAME_LIMIT,
    OUTCOME_LABELS,
    fmt_period,
    is_missing,
    plain,
)
from ui.review import (
    UPLOAD_RESULTS_KEY,
    assign_form,
    queue_panel,
    refused_panel,
    review_panel,
    show_flash,
)
from ui.states import lock_panel, paper_form, refused_controls, state_filter
from warehouse import load
from warehouse.registry import today

RESULTS_KEY = UPLOAD_RESULTS_KEY
ICONS = {"loaded": "✅", "new_version": "🔄", "duplicate": "♻️", "not_a_report": "📄"}

user = page_guard("editor")
st.title("Tiếp nhận báo cáo")
if msg := data.missing_tools_message():
    st.warning(msg)
show_flash()

arrival, number = st.columns(2)
arrived_on = arrival.date_input(
    "Ngày đến", value=today(), max_value=today(), format="DD/MM/YYYY", key="arrived_on"
)
incoming_number = number.text_input("Số đến (nếu có)", key="incoming_number")
files = st.file_uploader(
    f"Chọn tệp báo cáo ({accepted_formats_vi(archives=True)}; chọn được nhiều tệp)",
    type=upload_types(),
    accept_multiple_files=True,
    key="uploader",
)


def _row(res: load.LoadResult) -> dict:
    """Return what the page keeps of a file's result (session state: small, plain)."""
    return {
        "name": res.file,
        "outcome": res.outcome,
        "status": res.status,
        "message": res.message_vi,
        "report_id": res.report_id,
        "agency": res.agency,
        "year": res.year,
        "period": res.period,
    }


if st.button("Nạp báo cáo", type="primary", disabled=not files, icon="📤", key="load_files"):
    bar = st.progress(0.0, text="Bắt đầu đọc tệp…")

    def progress(i: int, shown: str) -> None:
        name = plain(shown, limit=NAME_LIMIT)  # the progress text renders Markdown
        bar.progress(i / len(files), text=f"Đang đọc {name} ({i + 1}/{len(files)})…")

    ok, loaded = data.call(
        load.load_uploads,
        items=((upload.name, upload.getvalue()) for upload in files),
        user=user.username,
        progress=progress,
        arrived_on=arrived_on,
        incoming_number=incoming_number,
    )
    results = [_row(res) for res in loaded] if ok else []
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
        # st.text renders no Markdown; plain() still drops control and bidi characters and
        # shortens a long name (kept whole in the warehouse).
        lines = [
            f"Tệp: {plain(res['name'], limit=NAME_LIMIT, markdown=False)}",
            f"Tình trạng đọc: {EXTRACT_STATUS_LABELS.get(res['status'], res['status'])}",
        ]
        if res.get("agency"):
            agency = plain(names.get(res["agency"], res["agency"]), markdown=False)
            lines.append(f"Đơn vị: {agency} · Kỳ: {fmt_period(res.get('period'), res.get('year'))}")
        if not is_missing(res.get("message")):
            lines.append(plain(res["message"], limit=MESSAGE_LIMIT, markdown=False))
        st.text("\n".join(lines))
        if res.get("report_id"):
            fresh = res["outcome"] in ("loaded", "new_version", "unmatched_agency")
            with st.expander(
                "Giá trị đọc được, trích dẫn và chỉnh sửa", expanded=fresh and len(results) <= 3
            ):
                if res["outcome"] == "unmatched_agency":
                    assign_form(res["report_id"], user)
                review_panel(res["report_id"], user, key=f"upload_{i}")

filters = current_filters()
with st.expander("Nhập báo cáo giấy (báo cáo chỉ gửi bản giấy)"):
    paper_form(filters, user)

st.divider()
st.subheader("Trạng thái xem xét và chốt số liệu")
lock_panel(filters, user)
state_filter(filters)

st.divider()
st.subheader("Danh sách cần xử lý")
queue_panel(data.query("review_queue"), user)
refused = data.query("refused_files")
refused_panel(refused)
refused_controls(refused, user, filters.year)
