"""Users, argon2id hashes, sessions and roles on a real DuckDB file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FakeClock

from warehouse import auth
from warehouse import db as wdb


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "w.duckdb"


def test_hash_is_argon2id_not_plaintext(db: Path) -> None:
    auth.create_user(username="admin", password="quan-tri-123", role="admin", by="system", db=db)
    auth.create_user(username="an", password="mat-khau-dai", role="editor", by="admin", db=db)
    with wdb.connect(db, read_only=True) as con:
        (stored,) = con.execute("SELECT password_hash FROM users WHERE username = 'an'").fetchone()
        audit = con.execute('SELECT "user", action, target FROM audit').fetchall()
    assert stored.startswith("$argon2id$") and "mat-khau-dai" not in stored
    assert ("admin", "create_user", "an") in audit


def test_authenticate(db: Path) -> None:
    auth.create_user(username="an", password="mat-khau-dai", role="viewer", by="system", db=db)
    user = auth.authenticate("an", "mat-khau-dai", db=db)
    assert user == auth.User("an", "viewer", None, True)
    assert auth.authenticate("an", "sai-mat-khau", db=db) is None
    assert auth.authenticate("khong-co", "mat-khau-dai", db=db) is None
    assert auth.authenticate("an", "", db=db) is None


def test_sessions_expire_and_end(db: Path, fake_clock: FakeClock) -> None:
    user = auth.create_user(
        username="an", password="mat-khau-dai", role="editor", by="system", db=db
    )
    token = auth.create_session(user, db=db)
    assert auth.session_user(token, db=db).username == "an"
    assert auth.session_user("forged", db=db) is None
    with wdb.connect(db, read_only=True) as con:
        stored = con.execute("SELECT token_hash FROM sessions").fetchall()
    assert (token,) not in stored  # only the hash is kept
    expiring = auth.create_session(user, db=db)
    fake_clock.advance(auth.SESSION_HOURS * 3600 - 60)
    assert auth.session_user(expiring, db=db).username == "an"  # a minute before its end
    fake_clock.advance(120)
    assert auth.session_user(expiring, db=db) is None
    auth.end_session(token, db=db)
    assert auth.session_user(token, db=db) is None


def test_roles_and_last_admin(db: Path) -> None:
    auth.create_user(username="admin", password="quan-tri-123", role="admin", by="system", db=db)
    auth.create_user(username="an", password="mat-khau-dai", by="admin", db=db)
    assert auth.set_role(username="an", role="editor", by="admin", db=db).role == "editor"
    assert auth.authenticate("an", "mat-khau-dai", db=db).can("editor")
    assert not auth.authenticate("an", "mat-khau-dai", db=db).can("admin")
    with pytest.raises(auth.AuthError):
        auth.set_role(username="admin", role="viewer", by="admin", db=db)
    with pytest.raises(auth.AuthError):
        auth.set_role(username="an", role="boss", by="admin", db=db)
    with pytest.raises(auth.AuthError):
        auth.create_user(username="an", password="mat-khau-dai", by="admin", db=db)
    with pytest.raises(auth.AuthError):
        auth.create_user(username="binh", password="ngan", by="admin", db=db)
    assert [u.username for u in auth.list_users(db=db)] == ["admin", "an"]


def test_locking_an_account_ends_its_sessions_and_unlocking_restores_it(db: Path) -> None:
    auth.create_user(username="admin", password="quan-tri-123", role="admin", by="system", db=db)
    an = auth.create_user(username="an", password="mat-khau-dai", role="editor", by="admin", db=db)
    token = auth.create_session(an, db=db)
    locked = auth.set_active(username="an", active=False, by="admin", db=db)
    assert locked == auth.User("an", "editor", None, False)
    assert auth.session_user(token, db=db) is None  # logged out at once
    assert auth.authenticate("an", "mat-khau-dai", db=db) is None
    with wdb.transaction(db) as con, pytest.raises(auth.PermissionDenied) as refused:
        auth.require_role(con, "an", "editor", action="correct a field", action_vi="sửa số liệu")
    assert "đã bị khóa" in refused.value.user_message
    auth.set_active(username="an", active=True, by="admin", db=db)
    assert auth.authenticate("an", "mat-khau-dai", db=db).can("editor")
    with wdb.connect(db, read_only=True) as con:
        trail = con.execute('SELECT "user", action, target FROM audit ORDER BY id').fetchall()
    assert trail[-3:] == [
        ("admin", "lock_user", "an"),
        ("an", "login_failed", "an"),  # the refused login while locked is audited too
        ("admin", "unlock_user", "an"),
    ]


def test_an_admin_cannot_lock_themselves_or_the_last_admin(db: Path) -> None:
    auth.create_user(username="admin", password="quan-tri-123", role="admin", by="system", db=db)
    with pytest.raises(auth.AuthError) as own:
        auth.set_active(username="admin", active=False, by="admin", db=db)
    assert own.value.user_message == "Không thể tự khóa tài khoản đang dùng."
    with pytest.raises(auth.AuthError) as last:
        auth.set_active(username="admin", active=False, by="system", db=db)
    assert last.value.user_message == "Không thể khóa quản trị viên cuối cùng."
    auth.create_user(username="admin2", password="quan-tri-456", role="admin", by="admin", db=db)
    auth.set_active(username="admin", active=False, by="admin2", db=db)  # another admin remains
    assert auth.authenticate("admin", "quan-tri-123", db=db) is None
    with pytest.raises(auth.AuthError):
        auth.set_active(username="khong-co", active=False, by="admin2", db=db)


def test_ensure_admin_with_env_password(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTS_ADMIN_PASSWORD", "tu-bien-moi-truong")
    assert auth.ensure_admin(db=db) is None
    assert auth.authenticate("admin", "tu-bien-moi-truong", db=db).role == "admin"
    assert auth.ensure_admin(db=db) is None  # second start: nothing


def test_ensure_admin_random_password_shown_once(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPORTS_ADMIN_PASSWORD", raising=False)
    shown: list[str] = []
    password = auth.ensure_admin(db=db, announce=shown.append)
    assert password and len(password) >= 12
    assert len(shown) == 1 and password in shown[0]
    assert auth.authenticate("admin", password, db=db) is not None
    assert auth.ensure_admin(db=db, announce=shown.append) is None
    assert len(shown) == 1


def test_real_users_get_the_recommended_argon2_parameters_and_tests_cheap_ones():
    code = "from warehouse.auth import hash_password; print(hash_password('x'))"
    env = {k: v for k, v in os.environ.items() if k != "REPORTS_TEST_CHEAP_PASSWORD_HASH"}
    real = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert real.returncode == 0, real.stderr
    assert "$m=65536,t=3,p=4$" in real.stdout and "test parameters" not in real.stderr
    env["REPORTS_TEST_CHEAP_PASSWORD_HASH"] = "1"
    cheap = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert "$m=8,t=1,p=1$" in cheap.stdout and "test parameters" in cheap.stderr
