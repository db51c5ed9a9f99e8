"""Admin-only forms of the Danh mục page: users (create, role, password) and registry import."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from ui import data
from ui.auth import CurrentUser
from ui.format import ROLE_LABELS
from ui.review import flash
from warehouse import auth, registry


def user_admin(user: CurrentUser) -> None:
    """List users; create one, change a role, reset a password (each audited with ``user``)."""
    users = auth.list_users(db=data.db_path())
    st.dataframe(
        pd.DataFrame(
            {
                "Tên đăng nhập": [u.username for u in users],
                "Vai trò": [ROLE_LABELS.get(u.role, u.role) for u in users],
                "Đang hoạt động": ["Có" if u.active else "Không" for u in users],
            }
        ),
        hide_index=True,
    )
    roles = list(ROLE_LABELS)
    names = [u.username for u in users]
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
        who = st.selectbox("Người dùng", names, key="role_user")
        new_role = st.selectbox("Vai trò mới", roles, format_func=ROLE_LABELS.get, key="role_new")
        if st.form_submit_button("Lưu vai trò"):
            ok, _ = data.call(auth.set_role, username=who, role=new_role, by=user.username)
            if ok:
                flash("success", f"Đã đổi vai trò của {who} thành {ROLE_LABELS[new_role]}.")
                st.rerun()
    with st.form("set_password", clear_on_submit=True):
        st.markdown("**Đặt lại mật khẩu**")
        who = st.selectbox("Người dùng", names, key="pw_user")
        password = st.text_input("Mật khẩu mới (ít nhất 8 ký tự)", type="password", key="pw_new")
        if st.form_submit_button("Đặt lại mật khẩu"):
            if len(password) < 8:
                st.error("Mật khẩu cần ít nhất 8 ký tự.")
            else:
                ok, _ = data.call(
                    auth.set_password, username=who, password=password, by=user.username
                )
                if ok:
                    flash(
                        "success", f"Đã đặt lại mật khẩu cho {who}; các phiên cũ đã bị đăng xuất."
                    )
                    st.rerun()


def registry_import(user: CurrentUser) -> None:
    """Let an admin upload a new agencies CSV (same columns as samples/agencies.csv)."""
    with st.expander("Cập nhật danh mục đơn vị (quản trị viên)"):
        st.caption(
            "Tệp CSV (UTF-8) gồm các cột: id, name, short_name, aliases, type, parent, province, "
            "valid_from, valid_to. Đơn vị có sẵn được cập nhật; đơn vị không có trong tệp được giữ "
            "nguyên."
        )
        upload = st.file_uploader("Tệp danh mục (CSV)", type=["csv"], key="registry_csv")
        if upload is None or not st.button("Nhập danh mục", key="registry_import"):
            return
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "agencies.csv"
            path.write_bytes(upload.getvalue())
            try:
                ok, count = data.call(registry.import_csv, path=path, user=user.username)
            except (ValueError, KeyError, UnicodeDecodeError) as e:
                st.error(f"Tệp danh mục không hợp lệ ({e}). Kiểm tra lại các cột và mã hóa UTF-8.")
                return
        if ok:
            data.clear_caches()
            flash("success", f"Đã nhập {count} đơn vị vào danh mục.")
            st.rerun()
