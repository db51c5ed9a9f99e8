"""The notes panel of the Đơn vị page: notes on one agency for the sidebar's period."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import data
from ui.auth import CurrentUser
from ui.filters import Filters
from ui.format import fmt_datetime
from ui.review import flash
from warehouse import notes


def notes_panel(agency_id: str, period: Filters, user: CurrentUser) -> None:
    """List the agency's notes for the period (author, time) and let an editor add one."""
    st.subheader(f"Ghi chú – {period.label}")
    listed = data.query("agency_notes", agency_id=agency_id, year=period.year, period=period.period)
    if listed.empty:
        st.text("Chưa có ghi chú nào cho kỳ này.")
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    "Thời điểm": listed["at"].map(fmt_datetime),
                    "Người ghi": listed["author"],
                    "Nội dung": listed["body"],
                }
            ),
            hide_index=True,
            key="notes",
        )
    if not user.can("editor"):
        return
    with st.form(f"note_{agency_id}", clear_on_submit=True, enter_to_submit=False):
        body = st.text_area(
            "Thêm ghi chú",
            placeholder="Ví dụ: đã gọi điện nhắc ngày 05/01, đơn vị hẹn gửi trong tuần.",
            max_chars=notes.MAX_NOTE,
            height=80,
            key="note_body",
        )
        if st.form_submit_button("Lưu ghi chú", icon="📝"):
            ok, _ = data.call(
                notes.add_note,
                agency_id=agency_id,
                year=period.year,
                period=period.period,
                body=body,
                by=user.username,
            )
            if ok:
                data.clear_caches()
                flash("success", "Đã lưu ghi chú.")
                st.rerun()
