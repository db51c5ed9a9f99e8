"""One report's values with evidence, and the reviewer's correction and confirmation controls."""

from __future__ import annotations

import streamlit as st

from ingest.record import FIELD_NAMES
from ui import data
from ui.auth import CurrentUser
from ui.format import FIELD_LABELS, edit_text, fmt_datetime, parse_value
from ui.tables import escaped, evidence_display
from warehouse import load

_FLASH_KEY = "review_flash"


def flash(kind: str, text: str) -> None:
    """Queue a message shown after the next rerun (success, warning, error, info)."""
    st.session_state.setdefault(_FLASH_KEY, []).append((kind, text))


def show_flash() -> None:
    """Show and forget queued messages."""
    for kind, text in st.session_state.pop(_FLASH_KEY, []):
        getattr(st, kind)(text)


def review_panel(report_id: str, user: CurrentUser | None, key: str) -> None:
    """Show a report's fields with evidence; editors can correct a value and confirm the report."""
    fields = data.query("report_fields", report_id=report_id)
    if fields.empty:
        st.info("Không có trường nào được đọc từ báo cáo này.")
        return
    # st.table keeps long quotes readable (wrapped); its cells render markdown, hence escaped().
    st.table(escaped(evidence_display(fields)), hide_index=True)
    if user is None or not user.can("editor"):
        return
    current = {r["field"]: r["value"] for r in fields.to_dict("records")}
    names = [n for n in FIELD_NAMES if n in current] or list(current)
    field = st.selectbox(
        "Trường cần sửa", names, format_func=lambda n: FIELD_LABELS.get(n, n), key=f"{key}_field"
    )
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
        _save(report_id, field, new_text, reason, current.get(field), user)
    if st.button("Xác nhận", key=f"{key}_confirm", help="Xác nhận đã kiểm tra các giá trị."):
        ok, _ = data.call(load.confirm_report, report_id=report_id, user=user.username)
        if ok:
            data.clear_caches()
            flash("success", "Đã xác nhận báo cáo.")
            st.rerun()


def _save(report_id: str, field: str, text: str, reason: str, shown, user: CurrentUser) -> None:
    if not reason.strip():
        st.error("Vui lòng nhập lý do chỉnh sửa.")
        return
    try:
        value = parse_value(field, text)
    except ValueError as e:
        st.error(str(e))
        return
    ok, result = data.call(
        load.correct_field,
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
            f"Lưu ý: {other.get('user', 'người khác')} đã sửa trường này lúc "
            f"{fmt_datetime(other.get('at'))} trong khi bạn đang xem. Chỉnh sửa của bạn được lưu "
            "sau nên có hiệu lực; vui lòng kiểm tra lại.",
        )
    st.rerun()
