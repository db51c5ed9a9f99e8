"""Danh mục: the agency registry and the compliance rules for all; user management for admins."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ingest.periods import PERIOD_LABELS
from ui import admin, data
from ui.auth import page_guard
from ui.format import AGENCY_TYPE_LABELS, EMPTY, fmt_date, fmt_datetime, fmt_number, is_missing
from ui.review import flash, show_flash
from ui.tables import show_table, table_height, to_csv_bytes
from warehouse import units


def _import_communes(user, known: set[str]) -> None:
    """Let an admin import one province's commune-level units from the national list (audited)."""
    provinces = {p.code: p for p in units.provinces()}
    with st.expander("Nhập đơn vị cấp xã từ danh mục hành chính quốc gia (quản trị viên)"):
        st.caption(
            "34 tỉnh, thành phố và 3.321 xã, phường, đặc khu từ 1/7/2025 (mã theo Quyết định "
            "19/2025/QĐ-TTg). Đơn vị đã có được cập nhật, không bị nhân đôi."
        )
        # The registry's own province first, when it is one of the 34.
        ours = [c for c, p in provinces.items() if p.name in known]
        code = st.selectbox(
            "Tỉnh, thành phố",
            list(provinces),
            index=list(provinces).index(ours[0]) if ours else None,
            format_func=lambda c: (
                f"{provinces[c].full_name[:1].upper()}"
                f"{provinces[c].full_name[1:]} ({len(provinces[c].units)} đơn vị)"
            ),
            placeholder="Chọn tỉnh, thành phố",
            key="communes_province",
        )
        if not st.button("Nhập đơn vị cấp xã", key="communes_import", disabled=code is None):
            return
        ok, done = data.call(units.import_communes, name_or_code=code, user=user.username)
        if ok:
            data.clear_caches()
            flash(
                "success",
                f"Đã nhập {done.total} đơn vị cấp xã của {provinces[code].full_name}: thêm mới "
                f"{done.added}, cập nhật {done.updated}, không đổi {done.unchanged}.",
            )
            st.rerun()


user = page_guard()
st.title("Danh mục")
show_flash()
tab_agencies, tab_rules, tab_users = st.tabs(["Đơn vị báo cáo", "Tiêu chí đánh giá", "Người dùng"])

with tab_agencies:
    registry = data.query("agencies")
    if registry.empty:
        st.info("Danh mục đơn vị đang trống.")
    else:
        names = dict(zip(registry["agency_id"], registry["name"], strict=True))
        listing = pd.DataFrame(
            {
                "Tên đơn vị": registry["name"],
                "Tên viết tắt": registry["short_name"].map(lambda v: EMPTY if is_missing(v) else v),
                "Loại": registry["type"].map(lambda t: AGENCY_TYPE_LABELS.get(t, t)),
                "Tỉnh": registry["province"],
                "Hiệu lực từ": registry["valid_from"].map(fmt_date),
                "Hiệu lực đến": registry["valid_to"].map(fmt_date),
                "Mã đơn vị hành chính": registry["code"].map(
                    lambda c: EMPTY if is_missing(c) else c
                ),
                "Đơn vị kế thừa": registry["successor"].map(
                    lambda s: EMPTY if is_missing(s) else names.get(s, s)
                ),
                "Điện thoại": registry["phone"].map(lambda v: EMPTY if is_missing(v) else v),
                "Thư điện tử": registry["email"].map(lambda v: EMPTY if is_missing(v) else v),
                "Còn hiệu lực": registry["is_valid"].map(lambda v: "Có" if v else "Không"),
                "Tên gọi khác": registry["aliases"].map(
                    lambda a: "; ".join(a) if len(a) else EMPTY
                ),
            }
        )
        st.dataframe(listing, hide_index=True, height=table_height(len(listing)), key="registry")
        st.download_button(
            "Tải danh mục (CSV)",
            to_csv_bytes(listing),
            file_name="danh_muc_don_vi.csv",
            mime="text/csv",
            icon="📥",
        )
    if user is not None and user.can("admin"):
        admin.registry_import(user)
        _import_communes(user, set(registry["province"].dropna()))


def _threshold(rule) -> str:
    """Return the thresholds in force now per agency type, with the year a change started."""
    if rule.check != "min":
        return "Có/không"
    parts = []
    for t in rule.applies_to:
        value = rule.threshold_for(t)
        text = f"≥ {fmt_number(value)}" if value else "không quy định tối thiểu"
        started = [start for t2, start, _ in rule.changes if t2 == t]
        if started:
            text += f" (thay đổi từ năm {max(started)})"
        parts.append(f"{AGENCY_TYPE_LABELS.get(t, t)}: {text}")
    return "; ".join(parts) + (
        "; tính theo năm, quy đổi theo kỳ" if rule.params.get("per_year") else ""
    )


def _history(rules_: list) -> pd.DataFrame:
    labels = {r.id: r.label for r in rules_}
    changes = data.query("threshold_history")
    return pd.DataFrame(
        {
            "Thời gian": changes["changed_at"].map(fmt_datetime),
            "Người thay đổi": changes["changed_by"],
            "Tiêu chí": changes["rule_id"].map(lambda i: labels.get(i, i)),
            "Loại đơn vị": changes["agency_type"].map(lambda t: AGENCY_TYPE_LABELS.get(t, t)),
            "Từ năm": changes["from_year"].astype(str),
            "Ngưỡng cũ": changes["previous"].map(fmt_number),
            "Ngưỡng mới": changes["threshold"].map(
                lambda v: "mặc định (rules.toml)" if is_missing(v) else fmt_number(v)
            ),
            "Lý do": changes["reason"],
        }
    )


with tab_rules:
    rules_in_force = data.rules()
    deadlines = data.deadlines()
    show_table(
        pd.DataFrame(
            [
                {
                    "Tiêu chí": r.label,
                    "Áp dụng cho": "; ".join(AGENCY_TYPE_LABELS.get(t, t) for t in r.applies_to),
                    "Ngưỡng": _threshold(r),
                    "Căn cứ": r.legal_ref or EMPTY,
                    "Mô tả": r.description or EMPTY,
                }
                for r in rules_in_force
            ]
        ),
        key="rules",
    )
    st.caption("Thiếu số liệu được đánh giá là “Chưa rõ”, không tính là “Chưa đạt”.")
    st.markdown("**Hạn nộp báo cáo**")
    show_table(
        pd.DataFrame(
            {
                "Kỳ báo cáo": [PERIOD_LABELS.get(d.period, d.period) for d in deadlines],
                "Áp dụng cho các năm": [f"{d.from_year}–{d.to_year}" for d in deadlines],
                "Hạn cuối (ngày/tháng)": [f"{d.day:02d}/{d.month:02d}" for d in deadlines],
                "Ghi chú": [d.note or EMPTY for d in deadlines],
            }
        ),
        key="deadlines",
    )
    history = _history(rules_in_force)
    if len(history):
        st.markdown("**Lịch sử thay đổi ngưỡng**")
        show_table(history, key="threshold_history")
    if user is not None and user.can("admin"):
        admin.threshold_form(user, rules_in_force)

with tab_users:
    if user is None or not user.can("admin"):
        st.info("Chỉ quản trị viên được quản lý người dùng.")
    else:
        admin.user_admin(user)
