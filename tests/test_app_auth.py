"""Login form, wrong password, logout."""

from __future__ import annotations

import pytest
from conftest import ADMIN_PASSWORD, ROOT, entry_script, login

pytestmark = pytest.mark.slow


def test_login_logout(app_env, tmp_path):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(entry_script(tmp_path)), default_timeout=60).run()
    assert at.title[0].value == "Đăng nhập"
    assert not at.sidebar.selectbox  # no data before login
    login(at, "admin", "sai-mat-khau")
    assert [e.value for e in at.error] == ["Tên đăng nhập hoặc mật khẩu không đúng."]
    login(at, "admin", ADMIN_PASSWORD)
    assert at.title[0].value == "Tổng quan"
    assert "admin (Quản trị)" in [t.value for t in at.sidebar.text]
    at.sidebar.button(key="logout").click().run()
    assert at.title[0].value == "Đăng nhập"
    assert any(i.value == "Đã đăng xuất." for i in at.info)


def test_expired_session_asks_to_log_in_again(app_env, tmp_path, fake_clock):
    from streamlit.testing.v1 import AppTest

    from warehouse import auth

    at = AppTest.from_file(str(entry_script(tmp_path)), default_timeout=60)
    at.session_state["auth_token"] = auth.create_session("admin", db=app_env)
    fake_clock.advance(auth.SESSION_HOURS * 3600 + 60)
    at.run()
    assert at.title[0].value == "Đăng nhập"
    assert any("Phiên đăng nhập đã hết hạn" in i.value for i in at.info)


@pytest.mark.parametrize(
    "page",
    ["tong_quan", "chua_hop_bao", "kien_nghi", "tiep_nhan", "don_vi", "xuat_bao_cao", "danh_muc"],
)
def test_pages_opened_by_url_without_login_show_nothing(app_env, page):
    """Right after a server start Streamlit may run a pages/ file without app.py: no data then."""
    from streamlit.testing.v1 import AppTest

    # From the real app.py (next to pages/), AppTest runs a switched-to page file on its own.
    # the first run is the page file alone, as for a URL opened right after a server start.
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    assert [w.value for w in at.warning] == ["Vui lòng đăng nhập để xem trang này."]
    assert not at.title and not at.dataframe and not at.table and not at.metric


def test_user_changes_own_password(make_app, writable_db):
    from warehouse import auth

    auth.create_user(
        username="bt", password="Cu-1234567", role="editor", by="admin", db=writable_db
    )
    at = make_app(None, username="bt", password="Cu-1234567")
    at.text_input(key="own_old").input("sai-123456")
    at.text_input(key="own_new").input("Moi-1234567")
    at.text_input(key="own_again").input("Moi-1234567")
    next(b for b in at.button if b.label == "Lưu mật khẩu").click().run()
    assert [e.value for e in at.error] == ["Mật khẩu hiện tại không đúng."]
    at.text_input(key="own_old").input("Cu-1234567")
    at.text_input(key="own_new").input("Moi-1234567")
    at.text_input(key="own_again").input("Moi-1234567")
    next(b for b in at.button if b.label == "Lưu mật khẩu").click().run()
    assert at.title[0].value == "Đăng nhập"
    assert any("Đã đổi mật khẩu" in i.value for i in at.info)
    login(at, "bt", "Moi-1234567")
    assert at.title[0].value == "Tổng quan"
