"""Access control: roles (viewer < editor < admin), argon2 hashes, no default password, expiring
sessions, audited changes; and the app's pages honour the roles."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import entry_script, login

from ui import auth as ui_auth
from warehouse import auth
from warehouse.load import load_paths
from warehouse.registry import import_csv

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ADMIN_PW = "Quan-tri-vien-2024"
PASSWORDS = {"xem": "Chi-xem-12345", "sua": "Duoc-sua-12345"}
REPORT = ROOT / "samples" / "reports" / "2020" / "thanh-tra-ha-nam-2020.docx"


@pytest.fixture
def users_db(tmp_path, monkeypatch) -> Path:
    """Return a fresh warehouse with one report, an admin, a viewer and an editor."""
    db = tmp_path / "wh" / "warehouse.duckdb"
    monkeypatch.setenv("REPORTS_DB", str(db))
    monkeypatch.setenv("REPORTS_ADMIN_PASSWORD", ADMIN_PW)
    assert auth.ensure_admin(db=db) is None  # password from the environment: nothing printed
    import_csv(ROOT / "samples" / "agencies.csv", db=db, user="admin")
    assert load_paths([REPORT], db=db, user="cli", workers=1)[0].outcome == "loaded"
    auth.create_user(username="xem", password=PASSWORDS["xem"], role="viewer", by="admin", db=db)
    auth.create_user(username="sua", password=PASSWORDS["sua"], role="editor", by="admin", db=db)
    return db


def _rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _all_text(db: Path) -> str:
    """Return every VARCHAR/JSON value of every table, for plaintext searches."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        cols = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE data_type IN ('VARCHAR', 'JSON')"
        ).fetchall()
        out = []
        for table, column in cols:
            out += [str(v[0]) for v in con.execute(f'SELECT "{column}" FROM "{table}"').fetchall()]
        return "\n".join(out)
    finally:
        con.close()


def test_passwords_are_argon2_and_never_stored_in_clear(users_db):
    hashes = dict(_rows(users_db, "SELECT username, password_hash FROM users"))
    assert set(hashes) == {"admin", "xem", "sua"}
    assert all(h.startswith("$argon2id$") for h in hashes.values())
    token = auth.create_session("sua", db=users_db)
    text = _all_text(users_db)
    raw = b"".join(p.read_bytes() for p in users_db.parent.glob("warehouse.duckdb*"))
    for secret in [ADMIN_PW, token, *PASSWORDS.values()]:
        assert secret not in text
        assert secret.encode() not in raw
    assert _rows(users_db, "SELECT count(*) FROM sessions WHERE token_hash = ?", [token]) == [(0,)]


def test_login_roles_and_wrong_password(users_db):
    assert auth.authenticate("xem", PASSWORDS["xem"], db=users_db).role == "viewer"
    assert auth.authenticate("sua", PASSWORDS["sua"], db=users_db).can("editor")
    assert not auth.authenticate("sua", PASSWORDS["sua"], db=users_db).can("admin")
    assert auth.authenticate("xem", "sai-mat-khau", db=users_db) is None
    assert auth.authenticate("khong-co", "sai-mat-khau", db=users_db) is None
    assert auth.authenticate("admin", "", db=users_db) is None
    with pytest.raises(auth.AuthError) as info:
        auth.create_user(username="ngan", password="1234567", by="admin", db=users_db)
    assert "ít nhất 8 ký tự" in info.value.user_message


def test_sessions_expire_and_end(users_db, fake_clock):
    old = auth.create_session("xem", db=users_db)
    fake_clock.advance(auth.SESSION_HOURS * 3600 + 36)
    live = auth.create_session("xem", db=users_db)
    assert auth.session_user(live, db=users_db).username == "xem"
    assert auth.session_user(old, db=users_db) is None
    assert auth.session_user("made-up-token", db=users_db) is None
    auth.end_session(live, db=users_db)
    assert auth.session_user(live, db=users_db) is None
    # A password reset ends every session of that user.
    again = auth.create_session("sua", db=users_db)
    auth.set_password(username="sua", password="Mat-khau-moi-1", by="admin", db=users_db)
    assert auth.session_user(again, db=users_db) is None


def test_every_change_is_recorded_with_its_user(users_db):
    from warehouse.review import confirm_report, correct_field

    auth.set_role(username="xem", role="editor", by="admin", db=users_db)
    auth.set_password(username="xem", password="Mat-khau-moi-2", by="admin", db=users_db)
    import_csv(ROOT / "samples" / "agencies.csv", db=users_db, user="admin")
    report_id = _rows(users_db, "SELECT id FROM reports")[0][0]
    correct_field(
        report_id=report_id,
        field="posts_total",
        new_value=5,
        reason="kiểm tra",
        user="sua",
        db=users_db,
    )
    confirm_report(report_id=report_id, user="sua", db=users_db)
    audit = _rows(users_db, 'SELECT "user", action, target FROM audit ORDER BY id')
    assert ("admin", "create_user", "xem") in audit
    assert ("admin", "create_user", "sua") in audit
    assert ("system", "create_user", "admin") in audit
    assert ("admin", "set_role", "xem") in audit
    assert ("admin", "set_password", "xem") in audit
    assert any(a[:2] == ("cli", "load") for a in audit)  # the CLI load, by its --user
    assert ("admin", "registry_import", None) in audit
    assert ("sua", "correct", report_id) in audit and ("sua", "confirm", report_id) in audit
    assert ("sua", "login", "sua") not in audit  # nobody logged in as sua in this test
    with pytest.raises(auth.AuthError):
        auth.set_role(username="admin", role="viewer", by="admin", db=users_db)  # last admin


def _ensure_admin_in_subprocess(db: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "REPORTS_ADMIN_PASSWORD"}
    code = "import sys; from warehouse.auth import ensure_admin; ensure_admin(db=sys.argv[1])"
    return subprocess.run(
        [sys.executable, "-c", code, str(db)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_random_admin_password_is_printed_once(tmp_path):
    db = tmp_path / "fresh" / "warehouse.duckdb"
    first = _ensure_admin_in_subprocess(db)
    second = _ensure_admin_in_subprocess(db)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    lines = [line for line in first.stderr.splitlines() if "mật khẩu:" in line]
    assert len(lines) == 1, first.stderr
    password = lines[0].split("mật khẩu:", 1)[1].split()[0]
    assert len(password) >= 12
    assert password not in first.stdout
    assert "mật khẩu" not in second.stderr and password not in second.stderr + second.stdout
    user = auth.authenticate("admin", password, db=db)
    assert user is not None and user.role == "admin"
    assert password not in _all_text(db)
    # No default password of any kind works.
    for guess in ("admin", "password", "12345678", "admin123", ""):
        assert auth.authenticate("admin", guess, db=db) is None


def _app(tmp_path, username: str, password: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(entry_script(tmp_path)), default_timeout=120).run()
    assert at.title[0].value == "Đăng nhập"
    login(at, username, password)
    assert not at.exception, at.exception
    return at


def _labels(at) -> set[str]:
    return {b.label for b in at.button} | {b.label for b in at.get("form_submit_button")}


def test_viewer_cannot_upload_or_correct_in_the_app(users_db, tmp_path):
    at = _app(tmp_path, "xem", PASSWORDS["xem"])
    assert at.title[0].value == "Tổng quan"
    assert "xem (Xem)" in [t.value for t in at.sidebar.text]
    # The upload page is not registered in a viewer's navigation at all.
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(str(ROOT / "pages" / "tiep_nhan.py"))
    # A report's values are shown, but without the correction form or the confirm button.
    at.switch_page(str(ROOT / "pages" / "don_vi.py")).run()
    at.selectbox(key="agency_pick").select("thanh-tra-tinh").run()
    assert not at.exception, at.exception
    assert at.table, "the report's values are shown"
    assert "Lưu chỉnh sửa" not in _labels(at) and "Xác nhận" not in _labels(at)
    assert not [t for t in at.text_input if t.label == "Giá trị mới"]
    # Users tab: admin only.
    at.switch_page(str(ROOT / "pages" / "danh_muc.py")).run()
    assert any("Chỉ quản trị viên" in i.value for i in at.info)
    assert "Tạo người dùng" not in _labels(at)


def test_viewer_opening_the_upload_page_file_directly_is_stopped(users_db):
    """Right after a server start Streamlit may serve pages/ files by URL without app.py."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "pages" / "tiep_nhan.py"), default_timeout=120)
    at.session_state["auth_token"] = auth.create_session("xem", db=users_db)
    at.session_state["auth_last_seen"] = auth.clock.time()
    at.run()
    assert not at.exception, at.exception
    assert any("không có quyền" in e.value for e in at.error), [e.value for e in at.error]
    assert not at.get("file_uploader")
    assert "Nạp báo cáo" not in _labels(at)
    # Without any session it asks to log in.
    anon = AppTest.from_file(str(ROOT / "pages" / "tiep_nhan.py"), default_timeout=120).run()
    assert not anon.exception
    assert any("đăng nhập" in w.value for w in anon.warning)
    assert not anon.get("file_uploader")


def test_editor_can_correct_but_not_manage_users(users_db, tmp_path):
    at = _app(tmp_path, "sua", PASSWORDS["sua"])
    at.switch_page(str(ROOT / "pages" / "tiep_nhan.py")).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Tiếp nhận báo cáo"
    at.switch_page(str(ROOT / "pages" / "don_vi.py")).run()
    at.selectbox(key="agency_pick").select("thanh-tra-tinh").run()
    assert "Lưu chỉnh sửa" in _labels(at) and "Xác nhận" in _labels(at)
    at.switch_page(str(ROOT / "pages" / "danh_muc.py")).run()
    assert any("Chỉ quản trị viên" in i.value for i in at.info)
    assert "Tạo người dùng" not in _labels(at)


def test_wrong_password_and_idle_session_in_the_app(users_db, tmp_path, fake_clock):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(entry_script(tmp_path)), default_timeout=120).run()
    login(at, "sua", "sai-mat-khau")
    assert [e.value for e in at.error] == ["Tên đăng nhập hoặc mật khẩu không đúng."]
    assert at.title[0].value == "Đăng nhập"
    login(at, "sua", PASSWORDS["sua"])
    assert at.title[0].value == "Tổng quan"
    # Idle longer than the limit: logged out on the next interaction.
    fake_clock.advance(ui_auth.IDLE_TIMEOUT_SECONDS - 60)
    at.run()
    assert at.title[0].value == "Tổng quan"  # active a minute before the limit: still in
    fake_clock.advance(ui_auth.IDLE_TIMEOUT_SECONDS + 1)
    at.run()
    assert at.title[0].value == "Đăng nhập"
    assert any("hết hạn" in i.value for i in at.info)


def test_first_start_seed_prints_the_admin_password_before_serving(tmp_path):
    """`make run` seeds first; its console shows the one-time password before the app starts."""
    db = tmp_path / "first" / "warehouse.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "REPORTS_ADMIN_PASSWORD"}
    empty = tmp_path / "no-samples"
    (empty / "reports").mkdir(parents=True)
    (empty / "agencies.csv").write_text(
        (ROOT / "samples" / "agencies.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    cmd = [sys.executable, "-m", "warehouse", "seed", "--if-empty", "--db", str(db)]
    first = subprocess.run(
        [*cmd, "--samples", str(empty)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert first.returncode == 0, first.stderr
    lines = [line for line in first.stderr.splitlines() if "mật khẩu:" in line]
    assert len(lines) == 1, first.stderr
    password = lines[0].split("mật khẩu:", 1)[1].split()[0]
    assert auth.authenticate("admin", password, db=db) is not None
    again = subprocess.run(
        [*cmd, "--samples", str(empty)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert "mật khẩu" not in again.stderr and "seed skipped" in again.stdout


def test_repeated_wrong_passwords_lock_the_account_for_a_while(users_db, fake_clock):
    for _ in range(auth.MAX_FAILED_LOGINS):
        assert auth.authenticate("sua", "doan-mo-123", db=users_db) is None
    with pytest.raises(auth.AuthError) as info:
        auth.authenticate("sua", PASSWORDS["sua"], db=users_db)  # even the right password
    assert "thử lại sau" in info.value.user_message
    assert auth.authenticate("xem", PASSWORDS["xem"], db=users_db) is not None  # others unaffected
    fake_clock.advance(auth.LOCKOUT_SECONDS - 1)
    with pytest.raises(auth.AuthError):  # still paused a second before the end
        auth.authenticate("sua", PASSWORDS["sua"], db=users_db)
    fake_clock.advance(1.1)
    assert auth.authenticate("sua", PASSWORDS["sua"], db=users_db).username == "sua"
    # A success clears the count.
    assert auth.authenticate("sua", "doan-mo-123", db=users_db) is None
    assert auth.authenticate("sua", PASSWORDS["sua"], db=users_db) is not None


def test_too_short_admin_password_from_the_environment_is_an_error(tmp_path, monkeypatch):
    db = tmp_path / "fresh" / "warehouse.duckdb"
    monkeypatch.setenv("REPORTS_ADMIN_PASSWORD", "ngan")
    with pytest.raises(auth.AuthError) as info:
        auth.ensure_admin(db=db)
    assert "REPORTS_ADMIN_PASSWORD" in info.value.user_message
    assert "ít nhất 8 ký tự" in info.value.user_message
    assert auth.list_users(db=db) == []
    monkeypatch.setenv("REPORTS_ADMIN_PASSWORD", "Du-dai-roi-123")
    assert auth.ensure_admin(db=db) is None
    assert [u.username for u in auth.list_users(db=db)] == ["admin"]
