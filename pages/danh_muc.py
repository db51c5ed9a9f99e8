"""Danh mục: the agency registry and the compliance rules for all; user management for admins."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import data
from ui.auth import user_from_state
from ui.format import AGENCY_TYPE_LABELS, EMPTY, ROLE_LABELS, fmt_date, fmt_number, is_missing
from ui.review import flash, show_flash
from warehouse import auth

st.title("Danh mục")
tab_agencies, tab_rules, tab_users = st.tabs(["Đơn vị báo cáo", "Tiêu chí đánh giá", "Người dùng"])

with tab_agencies:
    registry = data.query("agencies")
    if registry.empty:
        st.info("Danh mục đơn vị đang trống.")
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    "Tên đơn vị": registry["name"],
                    "Tên viết tắt": registry["short_name"].map(
                        lambda v: EMPTY if is_missing(v) else v
                    ),
                    "Loại": registry["type"].map(lambda t: AGENCY_TYPE_LABELS.get(t, t)),
                    "Tỉnh": registry["province"],
                    "Hiệu lực từ": registry["valid_from"].map(fmt_date),
                    "Hiệu lực đến": registry["valid_to"].map(fmt_date),
                    "Tên gọi khác": registry["aliases"].map(
                        lambda a: "; ".join(a) if len(a) else EMPTY
                    ),
                    "Còn hiệu lực": registry["is_valid"].map(lambda v: "Có" if v else "Không"),
                }
            ),
            hide_index=True,
            key="registry",
        )


def _threshold(rule) -> str:
    t = rule.threshold
    if t is None:
        return "Có/không"
    if isinstance(t, dict):
        return "; ".join(f"{AGENCY_TYPE_LABELS.get(k, k)}: ≥ {fmt_number(v)}" for k, v in t.items())
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
    user = user_from_state()
    if user is None or not user.can("admin"):
        st.info("Chỉ quản trị viên được quản lý người dùng.")
        st.stop()
    users = auth.list_users(db=data.db_path())
    st.dataframe(
        pd.DataFrame(
            {
                "Tên đăng nhập": [u.username for u in users],
                "Vai trò": [ROLE_LABELS.get(u.role, u.role) for u in users],
            }
        ),
        hide_index=True,
        key="users",
    )
    roles = list(ROLE_LABELS)
    show_flash()
    with st.form("create_user", clear_on_submit=True):
        st.markdown("**Tạo người dùng mới**")
        name = st.text_input("Tên đăng nhập mới", key="new_username")
        password = st.text_input("Mật khẩu (ít nhất 8 ký tự)", type="password", key="new_password")
        role = st.selectbox("Vai trò", roles, format_func=ROLE_LABELS.get, key="new_role")
        if st.form_submit_button("Tạo người dùng"):
            if not name.strip() or len(password) < 8:
                st.error("Cần tên đăng nhập và mật khẩu từ 8 ký tự.")
            else:
                ok, _ = data.call(
                    auth.create_user,
                    username=name.strip(),
                    password=password,
                    role=role,
                    by=user.username,
                )
                if ok:
                    flash("success", f"Đã tạo người dùng {name.strip()} ({ROLE_LABELS[role]}).")
                    st.rerun()
    with st.form("set_role"):
        st.markdown("**Đổi vai trò**")
        who = st.selectbox("Người dùng", [u.username for u in users], key="role_user")
        new_role = st.selectbox("Vai trò mới", roles, format_func=ROLE_LABELS.get, key="role_new")
        if st.form_submit_button("Lưu vai trò"):
            ok, _ = data.call(auth.set_role, username=who, role=new_role, by=user.username)
            if ok:
                flash("success", f"Đã đổi vai trò của {who} thành {ROLE_LABELS[new_role]}.")
                st.rerun()
