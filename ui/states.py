"""Review states, the period lock, paper reports and gate overrules on the Tiếp nhận page.

Each control is one warehouse call (``warehouse.review``, ``warehouse.locks``, ``warehouse.gate``,
``warehouse.paper``) through ``ui.data.call``, which shows a refusal (a locked period, a missing
reason, a role) as its Vietnamese message.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ingest.periods import PERIOD_LABELS
from ingest.record import YEARS
from ui import data
from ui.auth import CurrentUser
from ui.filters import Filters
from ui.format import NAME_LIMIT, fmt_datetime, fmt_period, parse_value, plain
from ui.review import done
from warehouse import gate, locks, paper
from warehouse.labels import REVIEW_STATE_LABELS, SOURCE_LABELS

# --------------------------------------------------------------------------- review states


def state_filter(filters: Filters) -> None:
    """List the current reports of the chosen period in one review state."""
    state = st.selectbox(
        "Trạng thái xem xét",
        list(REVIEW_STATE_LABELS),
        format_func=REVIEW_STATE_LABELS.get,
        key="state_filter",
    )
    rows = data.query("reports_by_state", state=state, year=filters.year, period=filters.period)
    st.caption(f"{len(rows)} báo cáo {fmt_period(filters.period, filters.year).lower()}.")
    if rows.empty:
        return
    table = pd.DataFrame(
        {
            "Đơn vị": rows["agency"],
            "Nguồn": rows["source"].map(lambda s: SOURCE_LABELS.get(s, s)),
            "Người đổi": rows["user"],
            "Thời điểm": rows["at"].map(fmt_datetime),
            "Lý do": rows["reason"],
        }
    )
    # st.dataframe shows cells as plain text (no Markdown): safe for names and reasons.
    st.dataframe(table, hide_index=True, key="state_rows")


# --------------------------------------------------------------------------- period lock


def lock_panel(filters: Filters, user: CurrentUser) -> None:
    """Show whether the chosen period is locked; "Chốt số liệu" for an editor, "Mở khóa" with a
    reason for an admin."""
    year, period = filters.year, filters.period
    held = data.query("period_lock", year=year, period=period)
    st.markdown(f"**{locks.lock_line(held)}** ({fmt_period(period, year).lower()})")
    if held is None:
        if st.button("Chốt số liệu", key="lock_period", icon="🔒"):
            ok, _ = data.call(locks.lock_period, year=year, period=period, user=user.username)
            if ok:
                done(f"Đã chốt số liệu {fmt_period(period, year).lower()}.")
        return
    if not user.can("admin"):
        st.caption("Chỉ quản trị viên mới mở khóa được.")
        return
    with st.form("unlock_period"):
        reason = st.text_input("Lý do mở khóa", key="unlock_reason")
        if st.form_submit_button("Mở khóa", icon="🔓"):
            ok, _ = data.call(
                locks.unlock_period, year=year, period=period, reason=reason, user=user.username
            )
            if ok:
                done(f"Đã mở khóa số liệu {fmt_period(period, year).lower()}.")


# --------------------------------------------------------------------------- paper reports


def paper_form(filters: Filters, user: CurrentUser) -> None:
    """A form to type the figures of a report that came on paper only: the agency from the
    registry, the period, then one input per field of the field table."""
    names, labels = data.agency_choices()
    with st.form("paper_report"):
        agency_id = st.selectbox("Đơn vị", list(names), format_func=labels.get, key="paper_agency")
        left, right = st.columns(2)
        year = left.number_input(
            "Năm", min_value=YEARS[0], max_value=YEARS[1], value=filters.year, key="paper_year"
        )
        period = right.selectbox(
            "Kỳ báo cáo",
            list(PERIOD_LABELS),
            index=list(PERIOD_LABELS).index(filters.period),
            format_func=PERIOD_LABELS.get,
            key="paper_period",
        )
        typed = {
            spec.name: st.text_input(spec.label, key=f"paper_{spec.name}")
            for spec in paper.paper_fields(int(year))
        }
        submitted = st.form_submit_button("Lưu báo cáo giấy", type="primary")
    if not submitted:
        return
    values = {}
    for name, text in typed.items():
        try:
            values[name] = parse_value(name, text)
        except ValueError as e:
            st.error(plain(str(e)))
            return
    ok, report_id = data.call(
        paper.enter_paper_report,
        agency_id=agency_id,
        year=int(year),
        period=period,
        values=values,
        user=user.username,
    )
    if ok:
        done(f"Đã lưu báo cáo giấy của {plain(names[agency_id])} ({report_id}).")


# --------------------------------------------------------------------------- gate overrules


def refused_controls(refused: pd.DataFrame, user: CurrentUser, year: int) -> None:
    """On a file refused as not a report: "Đây là báo cáo — đọc lại"; on a decision: "Dùng làm
    căn cứ người phát ngôn cho <đơn vị>"."""
    if refused.empty:
        return
    files = {r["file_id"]: r for r in refused.to_dict("records") if r.get("file_id")}
    picked = st.selectbox(
        "Tệp cần xử lý",
        list(files),
        index=None,
        format_func=lambda f: plain(files[f]["original_name"], limit=NAME_LIMIT, markdown=False),
        placeholder="Chọn một tệp…",
        key="refused_pick",
    )
    if picked is None:
        return
    if st.button("Đây là báo cáo — đọc lại", key=f"reread_{picked}", type="primary"):
        with st.spinner("Đang đọc lại tệp…"):
            ok, res = data.call(gate.read_as_report, file_id=picked, user=user.username)
        if ok:
            message = res if isinstance(res, str) else res.message_vi
            done(f"Đã đọc lại tệp như báo cáo. {plain(message)}")
    if files[picked].get("doc_type") != "decision":
        return
    names, labels = data.agency_choices()
    agency_id = st.selectbox(
        "Đơn vị được chỉ định người phát ngôn",
        list(names),
        format_func=labels.get,
        key=f"decision_agency_{picked}",
    )
    year = st.number_input(
        "Áp dụng từ năm",
        min_value=YEARS[0],
        max_value=YEARS[1],
        value=year,
        key=f"decision_year_{picked}",
    )
    label = f"Dùng làm căn cứ người phát ngôn cho {plain(names[agency_id], markdown=False)}"
    if st.button(label, key=f"decision_link_{picked}"):
        ok, _ = data.call(
            gate.link_spokesperson_decision,
            file_id=picked,
            agency_id=agency_id,
            from_year=int(year),
            user=user.username,
        )
        if ok:
            done(f"Đã dùng quyết định làm căn cứ người phát ngôn cho {plain(names[agency_id])}.")
