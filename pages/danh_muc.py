"""Danh mục: the agency registry and the compliance rules for all; user management for admins."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import admin, data
from ui.auth import page_guard
from ui.format import AGENCY_TYPE_LABELS, EMPTY, fmt_date, fmt_number, is_missing
from ui.review import show_flash
from ui.tables import table_height, to_csv_bytes

user = page_guard()
st.title("Danh mục")
show_flash()
tab_agencies, tab_rules, tab_users = st.tabs(["Đơn vị báo cáo", "Tiêu chí đánh giá", "Người dùng"])

with tab_agencies:
    registry = data.query("agencies")
    if registry.empty:
        st.info("Danh mục đơn vị đang trống.")
    else:
        listing = pd.DataFrame(
            {
                "Tên đơn vị": registry["name"],
                "Tên viết tắt": registry["short_name"].map(lambda v: EMPTY if is_missing(v) else v),
                "Loại": registry["type"].map(lambda t: AGENCY_TYPE_LABELS.get(t, t)),
                "Tỉnh": registry["province"],
                "Hiệu lực từ": registry["valid_from"].map(fmt_date),
                "Hiệu lực đến": registry["valid_to"].map(fmt_date),
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
            icon=":material/download:",
        )
    if user is not None and user.can("admin"):
        admin.registry_import(user)


def _threshold(rule) -> str:
    t = rule.threshold
    if t is None:
        return "Có/không"
    if isinstance(t, dict):
        return "; ".join(
            f"{AGENCY_TYPE_LABELS.get(k, k)}: "
            + (f"≥ {fmt_number(v)}" if v else "không quy định tối thiểu")
            for k, v in t.items()
        )
    return f"≥ {fmt_number(t)}"


with tab_rules:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Tiêu chí": r.label,
                    "Áp dụng cho": "; ".join(AGENCY_TYPE_LABELS.get(t, t) for t in r.applies_to),
                    "Ngưỡng": _threshold(r),
                    "Căn cứ": r.legal_ref or EMPTY,
                    "Mô tả": r.description or EMPTY,
                }
                for r in data.rules()
            ]
        ),
        hide_index=True,
        key="rules",
    )
    st.caption("Thiếu số liệu được đánh giá là “Chưa rõ”, không tính là “Chưa đạt”.")

with tab_users:
    if user is None or not user.can("admin"):
        st.info("Chỉ quản trị viên được quản lý người dùng.")
    else:
        admin.user_admin(user)
