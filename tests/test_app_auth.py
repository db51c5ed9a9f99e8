"""Login form, wrong password, logout."""

from __future__ import annotations

import pytest
from conftest import ADMIN_PASSWORD, ROOT, entry_script, login, unescape_md

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
    _change_own_password(at, "sai-123456", "Moi-1234567")
    assert [e.value for e in at.error] == ["Mật khẩu hiện tại không đúng."]
    _change_own_password(at, "Cu-1234567", "Moi-1234567")
    assert at.title[0].value == "Đăng nhập"
    assert any("Đã đổi mật khẩu" in i.value for i in at.info)
    login(at, "bt", "Moi-1234567")
    assert at.title[0].value == "Tổng quan"


PAUSED = (
    "Đăng nhập tạm khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau 1 phút "
    "hoặc liên hệ quản trị viên."
)


def test_wrong_passwords_pause_logins_then_the_pause_ends(writable_db, tmp_path, fake_clock):
    from streamlit.testing.v1 import AppTest

    from warehouse import auth

    at = AppTest.from_file(str(entry_script(tmp_path)), default_timeout=60).run()
    for _ in range(auth.MAX_FAILED_LOGINS):
        login(at, "admin", "sai-mat-khau")
        assert [e.value for e in at.error] == ["Tên đăng nhập hoặc mật khẩu không đúng."]
    login(at, "admin", ADMIN_PASSWORD)  # even the right password waits
    assert [unescape_md(e.value) for e in at.error] == [PAUSED]
    assert at.title[0].value == "Đăng nhập"
    fake_clock.advance(auth.FIRST_PAUSE_SECONDS + 1)
    login(at, "admin", ADMIN_PASSWORD)
    assert at.title[0].value == "Tổng quan"


def test_admin_clears_login_pauses_on_danh_muc(make_app, writable_db, fake_clock):
    from conftest import goto

    from warehouse import auth

    auth.clear_login_pauses(by="admin", db=writable_db)  # left by other tests' wrong logins
    for _ in range(auth.MAX_FAILED_LOGINS):
        assert auth.authenticate("ke-la", "doan-mo-123", db=writable_db) is None
    at = make_app("danh_muc")
    paused = next(df.value for df in at.dataframe if "Số lần sai" in df.value.columns)
    assert list(paused["Tài khoản / máy truy cập"]) == ["ke-la"]
    assert list(paused["Loại"]) == ["Tài khoản"]
    assert list(paused["Số lần sai"]) == [auth.MAX_FAILED_LOGINS]
    at.selectbox(key="pause_choice").set_value(0)
    next(b for b in at.button if b.label == "Gỡ tạm khóa đăng nhập").click().run()
    assert any("Đã gỡ 1 tạm khóa đăng nhập" in s.value for s in at.success)
    assert auth.login_pauses(db=writable_db) == []
    goto(at, "danh_muc")
    assert not any("Số lần sai" in df.value.columns for df in at.dataframe)


def test_generated_password_is_changed_before_anything_else(make_app, writable_db):
    from warehouse import auth

    auth.create_user(
        username="qt-moi",
        password="Tu-he-thong-1",
        role="admin",
        by="admin",
        db=writable_db,
        must_change_password=True,
    )
    at = make_app(None, username="qt-moi", password="Tu-he-thong-1")
    assert at.title[0].value == "Đổi mật khẩu"
    assert not at.sidebar.selectbox and not at.dataframe and not at.metric
    _change_own_password(at, "Tu-he-thong-1", "Cua-toi-12345")
    assert at.title[0].value == "Đăng nhập"
    assert any("Đã đổi mật khẩu" in i.value for i in at.info)
    login(at, "qt-moi", "Cua-toi-12345")
    assert at.title[0].value == "Tổng quan"
    assert not auth.authenticate("qt-moi", "Cua-toi-12345", db=writable_db).must_change_password


def _change_own_password(at, old: str, new: str) -> None:
    """Fill the own-password form (sidebar popover or forced page) and submit it."""
    at.text_input(key="own_old").input(old)
    at.text_input(key="own_new").input(new)
    at.text_input(key="own_again").input(new)
    next(b for b in at.button if b.label == "Lưu mật khẩu").click().run()
