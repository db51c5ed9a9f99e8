"""One report's values with evidence, and the reviewer's correction and confirmation controls."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from ingest.readout import render_text
from ingest.record import ALL_FIELDS, YEARS
from ui import data
from ui.auth import CurrentUser
from ui.evidence import evidence_panel
from ui.format import (
    FIELD_LABELS,
    MESSAGE_LIMIT,
    NAME_LIMIT,
    PERIOD_LABELS,
    REVIEW_KIND_LABELS,
    edit_text,
    fmt_datetime,
    fmt_int,
    fmt_value,
    is_missing,
    parse_value,
    plain,
)
from ui.tables import escaped, evidence_display
from warehouse import gate, review
from warehouse.labels import REVIEW_STATE_LABELS
from warehouse.load import warnings_for_review

_FLASH_KEY = "review_flash"
UPLOAD_RESULTS_KEY = "upload_results"  # list of dicts kept by pages/tiep_nhan.py


def flash(kind: str, text: str) -> None:
    """Queue a message shown after the next rerun (success, warning, error, info)."""
    st.session_state.setdefault(_FLASH_KEY, []).append((kind, text))


def done(message: str) -> None:
    """Forget cached queries, queue ``message`` as a success and rerun the page."""
    data.clear_caches()
    flash("success", message)
    st.rerun()


def show_flash() -> None:
    """Show and forget queued messages."""
    for kind, text in st.session_state.pop(_FLASH_KEY, []):
        getattr(st, kind)(text)


def confirmation_text(report_id: str) -> str | None:
    """Return "Đã xác nhận – <tên>, <dd/mm/yyyy HH:MM>" for a confirmed report, else None."""
    confirmed = data.query("confirmation", report_id=report_id)
    if confirmed is None:
        return None
    return f"Đã xác nhận – {plain(confirmed[0])}, {fmt_datetime(confirmed[1])}"


def review_panel(report_id: str, user: CurrentUser | None, key: str) -> None:
    """Show a report's fields with evidence; editors can correct a value and confirm the report."""
    if stamp := confirmation_text(report_id):
        st.success(stamp, icon="✅")
    fields = data.query("report_fields", report_id=report_id)
    if fields.empty:
        st.info("Không có trường nào được đọc từ báo cáo này.")
        return
    # st.table keeps long quotes readable (wrapped); its cells render markdown, hence escaped().
    st.table(escaped(evidence_display(fields)), hide_index=True)
    evidence_panel(report_id, fields, key)
    readable_text(report_id, key)
    if user is None or not user.can("editor"):
        return
    current = {r["field"]: r["value"] for r in fields.to_dict("records")}
    names = [n for n in ALL_FIELDS if n in current] or list(current)
    field = st.selectbox(
        "Trường cần sửa", names, format_func=lambda n: FIELD_LABELS.get(n, n), key=f"{key}_field"
    )
    # The value this reviewer saw when the form was drawn (kept across the submit rerun), so that
    # a correction someone else saved meanwhile is reported instead of silently overwritten.
    seen_key = f"{key}_seen_{field}"
    seen = st.session_state.get(seen_key, (current.get(field),))[0]
    st.session_state[seen_key] = (current.get(field),)
    with st.form(f"{key}_form_{field}", border=True):
        new_text = st.text_input(
            "Giá trị mới",
            value=edit_text(field, current.get(field)),
            help="Số viết 1.234 hoặc 17,8; danh sách ngăn cách bằng dấu chấm phẩy (;); "
            "ngày dd/mm/yyyy.",
            key=f"{key}_value_{field}",
        )
        reason = st.text_input("Lý do", key=f"{key}_reason_{field}")
        submitted = st.form_submit_button("Lưu chỉnh sửa", type="primary")
    if submitted:
        _save(report_id, field, new_text, reason, seen, user)
    arrival_form(report_id, user, key)
    if st.button("Xác nhận", key=f"{key}_confirm", help="Xác nhận đã kiểm tra các giá trị."):
        ok, _ = data.call(review.confirm_report, report_id=report_id, user=user.username)
        if ok:
            data.clear_caches()
            flash("success", "Đã xác nhận báo cáo.")
            st.rerun()
    state_controls(report_id, user, key)


def state_text(report_id: str) -> str | None:
    """Return the report's review state as shown: "Trả lại đơn vị – <tên>, dd/mm/yyyy HH:MM:
    <lý do>", "Chờ xem xét"; None for a confirmed report (its stamp says it)."""
    state = data.query_or_none("review_state", report_id=report_id)
    if state is None or state["state"] == "confirmed":
        return None
    text = state["label"]
    if state["user"]:
        text += f" – {plain(state['user'])}, {fmt_datetime(state['at'])}"
    if state["reason"]:
        text += f": {plain(state['reason'])}"
    return text


def state_controls(report_id: str, user: CurrentUser, key: str) -> None:
    """Let an editor return a report to its agency (with a reason), put it back to "Chờ xem xét",
    or take it out as not a report (with a reason)."""
    if text := state_text(report_id):
        st.info(f"Trạng thái: {text}")
    with st.form(f"{key}_state", border=True):
        st.markdown("**Trạng thái xem xét**")
        state = st.radio(
            "Chuyển sang",
            ["returned", "pending"],
            format_func=REVIEW_STATE_LABELS.get,
            horizontal=True,
            key=f"{key}_state_pick",
        )
        reason = st.text_input("Lý do (bắt buộc khi trả lại đơn vị)", key=f"{key}_state_reason")
        if st.form_submit_button("Lưu trạng thái"):
            ok, _ = data.call(
                review.set_review_state,
                report_id=report_id,
                state=state,
                reason=reason.strip(),
                user=user.username,
            )
            if ok:
                done(f"Đã chuyển báo cáo sang “{REVIEW_STATE_LABELS[state]}”.")
    with st.form(f"{key}_not_report", border=True):
        reason = st.text_input("Lý do (không phải báo cáo)", key=f"{key}_not_report_reason")
        if st.form_submit_button("Không phải báo cáo"):
            ok, _ = data.call(
                gate.mark_not_report, report_id=report_id, reason=reason, user=user.username
            )
            if ok:
                done(
                    "Đã chuyển tệp sang danh sách không phải báo cáo; số liệu không còn được tính."
                )


def readable_text(report_id: str, key: str) -> None:
    """Offer the text the rules see in the report's file ("Xem văn bản đọc được"), block by block
    with its location, for a reviewer checking a doubtful file; also as a .txt download.

    Reading again costs what the file costs (OCR of a scan: seconds a page), so it runs only when
    the reviewer asks, not on every rerun of the page.
    """
    stored = data.query_or_none("report_arrival", report_id=report_id)
    if stored is None:
        return
    file_id = stored[0]
    with st.expander("Xem văn bản đọc được"):
        st.caption(
            "Văn bản các quy tắc trích xuất đọc được từ tệp gốc lưu trong kho (sau khi chuẩn hoá "
            "Unicode và chuyển phông TCVN3/VNI), từng khối kèm vị trí. Kho lưu tệp gốc, không lưu "
            "văn bản: văn bản được đọc lại bằng bộ đọc hiện tại."
        )
        if not st.toggle("Đọc văn bản của tệp", key=f"{key}_text_on"):
            return
        with st.spinner("Đang đọc tệp…"):
            readout = data.query_or_none("file_text", file_id=file_id)
        if readout is None:
            st.info("Chỉ còn các trích dẫn bằng chứng ở bảng trên.")
            return
        if not readout.ok:
            st.error(readout.error)
            return
        for reason in warnings_for_review(readout.warnings):
            st.warning(f"Lưu ý: {reason}.")
        text = render_text(readout)
        st.download_button(
            "Tải văn bản đọc được (.txt)",
            text.encode("utf-8"),
            file_name=f"{Path(readout.file).stem}.van-ban-doc-duoc.txt",
            mime="text/plain",
            key=f"{key}_text_dl",
            icon="📥",
        )
        # st.code shows the text as it is: no Markdown or HTML is rendered.
        st.code(text, language=None, wrap_lines=True, height=480)


def arrival_form(report_id: str, user: CurrentUser, key: str) -> None:
    """Let an editor change when the report's file arrived ("ngày đến") and its "số đến", with a
    reason, audited like a correction; timeliness follows the new date."""
    stored = data.query("report_arrival", report_id=report_id)
    if stored is None:
        return
    file_id, arrived_on, number = stored
    with st.form(f"{key}_arrival", border=True):
        st.markdown("**Ngày đến / Số đến**")
        day = st.date_input(
            "Ngày đến", value=arrived_on, format="DD/MM/YYYY", key=f"{key}_arrived_on"
        )
        new_number = st.text_input("Số đến", value=number or "", key=f"{key}_incoming")
        reason = st.text_input("Lý do sửa ngày đến", key=f"{key}_arrival_reason")
        submitted = st.form_submit_button("Lưu ngày đến")
    if not submitted:
        return
    if not reason.strip():
        st.error("Vui lòng nhập lý do sửa ngày đến.")
        return
    ok, _ = data.call(
        review.set_arrival,
        file_id=file_id,
        arrived_on=day,
        incoming_number=new_number.strip() or None,
        user=user.username,
        reason=reason.strip(),
    )
    if ok:
        data.clear_caches()
        flash("success", f"Đã lưu ngày đến {day:%d/%m/%Y}.")
        st.rerun()


def _save(report_id: str, field: str, text: str, reason: str, shown, user: CurrentUser) -> None:
    if not reason.strip():
        st.error("Vui lòng nhập lý do chỉnh sửa.")
        return
    try:
        value = parse_value(field, text)
    except ValueError as e:  # the message may quote what was typed
        st.error(plain(str(e), limit=MESSAGE_LIMIT))
        return
    ok, result = data.call(
        review.correct_field,
        report_id=report_id,
        field=field,
        new_value=value,
        reason=reason.strip(),
        user=user.username,
        expected_current=shown,
    )
    if not ok:
        return
    data.clear_caches()
    flash("success", f"Đã lưu chỉnh sửa “{FIELD_LABELS.get(field, field)}”.")
    if result.conflict:
        other = result.conflict
        flash(
            "warning",
            f"Lưu ý: {plain(other.get('user', 'người khác'))} đã sửa trường này thành "
            f"“{plain(fmt_value(field, other.get('new_value')))}” lúc "
            f"{fmt_datetime(other.get('at'))} "
            "trong khi bạn đang xem. Chỉnh sửa của bạn được lưu sau nên có hiệu lực; "
            "vui lòng kiểm tra lại.",
        )
    st.rerun()


QUEUE_PAGE = 50


def queue_panel(queue: pd.DataFrame, user: CurrentUser) -> None:
    """Show the review queue; open one item to check, assign to an agency, or close it."""
    if queue.empty:
        st.success("Không có tệp hoặc báo cáo nào cần xử lý.")
        return
    pages = -(-len(queue) // QUEUE_PAGE)
    if pages > 1:  # a national backlog has thousands of items: one page of them at a time
        page = st.number_input("Trang", min_value=1, max_value=pages, value=1, key="queue_page")
        st.caption(
            f"{fmt_int(len(queue))} mục, cần quyết định và ít chắc chắn nhất trước; "
            f"trang {fmt_int(page)}/{fmt_int(pages)}."
        )
        queue = queue.iloc[(page - 1) * QUEUE_PAGE : page * QUEUE_PAGE]
    table = pd.DataFrame(
        {
            "Loại việc": queue["kind"].map(lambda k: REVIEW_KIND_LABELS.get(k, k)),
            "Tệp": queue["original_name"],
            "Nội dung": queue["message"],
            "Thời điểm": queue["at"].map(fmt_datetime),
        }
    )
    st.table(escaped(table), hide_index=True)
    items = {int(r["item_id"]): r for r in queue.to_dict("records")}
    picked = st.selectbox(
        "Xử lý mục",
        list(items),
        index=None,
        format_func=lambda i: (
            f"{REVIEW_KIND_LABELS.get(items[i]['kind'], '')}: "
            + plain(items[i]["original_name"], limit=NAME_LIMIT, markdown=False)
        ),
        placeholder="Chọn một mục trong danh sách…",
        key="queue_pick",
    )
    if picked is None:
        return
    item = items[picked]
    report_id = None if is_missing(item.get("report_id")) else item["report_id"]
    stored = (
        None
        if is_missing(item.get("file_id"))
        else data.query_or_none("file_bytes", file_id=item["file_id"])
    )
    if stored:
        st.download_button(
            "Tải tệp gốc để kiểm tra",
            stored[1],
            file_name=stored[0],
            key=f"queue_file_{picked}",
            icon="📥",
        )
    if item["kind"] == "unmatched_agency" and report_id:
        assign_form(report_id, user, candidates=item.get("candidates") or [])
    if item["kind"] in ("possible_resubmission", "locked_period") and report_id:
        resubmission_form(report_id, item.get("related_report_id"), user)
    if report_id:
        review_panel(report_id, user, key=f"queue_{picked}")
    with st.form(f"dismiss_{picked}"):
        note = st.text_input(
            "Ghi chú khi đóng mục (ví dụ: đã đề nghị đơn vị gửi lại)", key=f"dismiss_note_{picked}"
        )
        if st.form_submit_button("Đóng mục này"):
            ok, _ = data.call(
                review.dismiss_review_item, item_id=picked, user=user.username, note=note.strip()
            )
            if ok:
                data.clear_caches()
                flash("success", "Đã đóng mục trong danh sách cần xử lý.")
                st.rerun()


def resubmission_form(report_id: str, current_id: str | None, user: CurrentUser) -> None:
    """Show a possible resubmission beside the current report, field by field, and let a reviewer
    replace the current one with it or keep the current one."""
    st.markdown("**Có thể là bản thay thế: so sánh với bản hiện hành**")
    if current_id is None or is_missing(current_id):
        st.info("Không còn bản hiện hành để so sánh.")
    else:
        both = data.query("compare_versions", current_id=current_id, new_id=report_id)
        table = pd.DataFrame(
            {
                "Trường": both["field"].map(lambda n: FIELD_LABELS.get(n, n)),
                "Bản hiện hành": _shown(both, "current"),
                "Bản mới": _shown(both, "new"),
                "Khác nhau": both["differs"].map(lambda d: "≠" if d else ""),
            }
        )
        st.table(escaped(table), hide_index=True)
    replace_col, keep_col = st.columns(2)
    decision = None
    if replace_col.button("Thay bằng bản mới", type="primary", key=f"replace_{report_id}"):
        decision = True
    if keep_col.button("Giữ bản hiện hành", key=f"keep_{report_id}"):
        decision = False
    if decision is not None:
        ok, _ = data.call(
            review.decide_resubmission, report_id=report_id, replace=decision, user=user.username
        )
        if ok:
            data.clear_caches()
            flash(
                "success",
                "Đã thay bản hiện hành bằng bản mới." if decision else "Đã giữ bản hiện hành.",
            )
            st.rerun()


def _shown(both: pd.DataFrame, column: str) -> list[str]:
    return [fmt_value(f, v) for f, v in zip(both["field"], both[column], strict=True)]


def assign_form(report_id: str, user: CurrentUser, candidates: list | None = None) -> None:
    """Let a reviewer place a report whose agency was not recognised under a registry agency;
    the candidates extraction found (best first) lead the list."""
    registry = data.query("agencies")
    names = dict(zip(registry["agency_id"], registry["name"], strict=True))
    offered = [c["id"] for c in candidates or [] if c.get("id") in names]
    options = offered + [a for a in names if a not in offered]
    scores = {c["id"]: c.get("score") for c in candidates or []}

    def label(agency_id: str) -> str:
        name = plain(names[agency_id], markdown=False)
        if agency_id in scores and scores[agency_id] is not None:
            return f"{name} (gợi ý, khớp {round(scores[agency_id] * 100)} %)"
        return name

    with st.form(f"assign_{report_id}"):
        st.markdown("**Gán báo cáo cho đơn vị trong danh mục**")
        agency_id = st.selectbox(
            "Đơn vị", options, format_func=label, key=f"assign_agency_{report_id}"
        )
        year = st.number_input(
            "Năm (để trống nếu đã đọc đúng)",
            min_value=YEARS[0],
            max_value=YEARS[1],
            value=None,
            step=1,
        )
        period = st.selectbox(
            "Kỳ báo cáo (để trống nếu đã đọc đúng)",
            list(PERIOD_LABELS),
            index=None,
            format_func=PERIOD_LABELS.get,
        )
        if st.form_submit_button("Gán cho đơn vị", type="primary"):
            ok, new_id = data.call(
                review.assign_report,
                report_id=report_id,
                agency_id=agency_id,
                user=user.username,
                year=None if year is None else int(year),
                period=period,
            )
            if ok:
                data.clear_caches()
                # The upload results on Tiếp nhận now point at the placed report.
                for res in st.session_state.get(UPLOAD_RESULTS_KEY, []):
                    if res.get("report_id") == report_id:
                        res.update(report_id=new_id, outcome="loaded", agency=agency_id)
                flash("success", f"Đã gán báo cáo cho {plain(names[agency_id])}.")
                st.rerun()


def refused_panel(refused: pd.DataFrame) -> None:
    """List the files rightly refused as non-reports (kept, no figures), apart from the queue."""
    with st.expander(f"Tệp không phải báo cáo ({fmt_int(len(refused))})"):
        if refused.empty:
            st.caption("Chưa có tệp nào bị nhận diện là không phải báo cáo.")
            return
        table = pd.DataFrame(
            {
                "Tệp": refused["original_name"],
                "Nội dung": refused["message"],
                "Người nạp": refused["uploaded_by"],
                "Thời điểm": refused["at"].map(fmt_datetime),
            }
        )
        # st.dataframe shows cells as plain text (no Markdown): safe for file names as given.
        st.dataframe(table, hide_index=True, key="refused_files")
