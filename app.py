"""Streamlit entry point: login, navigation over pages/, the shared sidebar filters."""

from __future__ import annotations

import streamlit as st

from ui import auth, style
from ui.filters import sidebar_filters
from ui.format import ROLE_LABELS

st.set_page_config(
    page_title="Báo cáo phát ngôn – Sở TT&TT",
    page_icon=":material/campaign:",
    layout="wide",
)

style.apply()
auth.ensure_admin()
user = auth.current_user()
st.session_state["current_user"] = user

if user is None:
    st.navigation([st.Page(auth.login_page, title="Đăng nhập", icon=":material/login:")]).run()
    st.stop()

PAGES: list[tuple[str, str, str, str]] = [
    # (file, title, icon, minimum role)
    ("pages/tong_quan.py", "Tổng quan", ":material/dashboard:", "viewer"),
    ("pages/chua_hop_bao.py", "Chưa tổ chức họp báo", ":material/mic_off:", "viewer"),
    ("pages/kien_nghi.py", "Kiến nghị & tập huấn", ":material/school:", "viewer"),
    ("pages/tiep_nhan.py", "Tiếp nhận báo cáo", ":material/upload_file:", "editor"),
    ("pages/don_vi.py", "Đơn vị", ":material/apartment:", "viewer"),
    ("pages/xuat_bao_cao.py", "Xuất báo cáo", ":material/download:", "viewer"),
    ("pages/danh_muc.py", "Danh mục", ":material/list_alt:", "viewer"),
]
pages = [
    st.Page(path, title=title, icon=icon, default=(i == 0))
    for i, (path, title, icon, role) in enumerate(PAGES)
    if user.can(role)
]
page = st.navigation(pages)

with st.sidebar:
    st.markdown("**Bộ lọc**")
    sidebar_filters()
    st.divider()
    st.caption("Người dùng")
    st.text(f"{user.username} ({ROLE_LABELS.get(user.role, user.role)})")
    if st.button("Đăng xuất", icon=":material/logout:", key="logout"):
        auth.logout()
        st.rerun()

page.run()
