"""Streamlit entry point: login, navigation over pages/, the shared sidebar filters."""

from __future__ import annotations

from functools import partial

import streamlit as st

from ui import auth, nav, style
from ui.filters import sidebar_filters
from ui.format import ROLE_LABELS
from ui.nav import page_file
from warehouse.rules import load_config

st.set_page_config(
    page_title=f"Báo cáo phát ngôn – {load_config().current_issuer().short_name}",
    page_icon="📢",
    layout="wide",
)

style.apply()
auth.ensure_admin()
user = auth.current_user()
auth.sync_cookie()

PAGES: list[tuple[str, str, str, str]] = [
    # (file in pages/, title, icon, minimum role)
    ("tong_quan", "Tổng quan", "📊", "viewer"),
    ("chua_hop_bao", "Chưa tổ chức họp báo", "🔇", "viewer"),
    ("kien_nghi", "Kiến nghị & tập huấn", "🎓", "viewer"),
    ("tiep_nhan", "Tiếp nhận báo cáo", "📤", "editor"),
    ("don_vi", "Đơn vị", "🏢", "viewer"),
    ("xuat_bao_cao", "Xuất báo cáo", "📥", "viewer"),
    ("danh_muc", "Danh mục", "📋", "viewer"),
]
NAMES = [name for name, *_ in PAGES]

if user is None:  # every page's address shows the login form, then that page once logged in
    asked = nav.stand_ins(auth.login_page, "Đăng nhập", NAMES + nav.unknown(NAMES))
    login = st.Page(auth.login_page, title="Đăng nhập", icon="🔑", default=True)
    shown = st.navigation([login, *asked], position="hidden")
    auth.remember_page(shown.url_path)
    shown.run()
    st.stop()
if user.must_change_password:  # the first admin's generated password: nothing else before
    change = partial(auth.forced_password_change, user)
    forced = st.Page(change, title="Đổi mật khẩu", url_path="doi_mat_khau", default=True)
    asked = nav.stand_ins(change, "Đổi mật khẩu", NAMES + nav.unknown(NAMES))
    st.navigation([forced, *asked], position="hidden").run()
    st.stop()

pages = [
    st.Page(page_file(name), title=title, icon=icon, url_path=name, default=(i == 0))
    for i, (name, title, icon, role) in enumerate(PAGES)
    if user.can(role)
]
pages += nav.stand_ins(
    nav.no_access, "Không có quyền", [n for n, *_, r in PAGES if not user.can(r)]
)
pages += nav.stand_ins(nav.not_found, nav.NOT_FOUND_TITLE, nav.unknown(NAMES))
page = st.navigation(pages)

with st.sidebar:
    st.markdown("**Bộ lọc**")
    sidebar_filters()
    st.divider()
    st.caption("Người dùng")
    st.text(f"{user.username} ({ROLE_LABELS.get(user.role, user.role)})")
    auth.change_password(user)
    if st.button("Đăng xuất", icon="🚪", key="logout"):
        auth.logout()
        st.rerun()

page.run()
