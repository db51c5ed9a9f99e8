"""Login pauses an attacker cannot turn against the admin (issue 7/7, item 3), on real DuckDB files.

Wrong passwords pause further logins per account name and per client, for growing but bounded
times kept in the database; an admin clears them; parallel attempts are counted atomically;
refused logins are audited; argon2 runs at most HASH_CONCURRENCY at once; the first admin's
generated password must be changed; the variable that sets it leaves the environment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2 import profiles as argon2_profiles

from warehouse import auth
from warehouse import db as wdb

ADMIN_PW = "Quan-tri-123"
AN_PW = "Mat-khau-an-1"
WRONG = "doan-mo-123"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    auth.create_user(username="admin", password=ADMIN_PW, role="admin", by="system", db=path)
    auth.create_user(username="an", password=AN_PW, role="editor", by="admin", db=path)
    return path


def _audit(db: Path, *actions: str) -> list[tuple[str, str, dict]]:
    with wdb.connect(db, read_only=True) as con:
        rows = con.execute(
            'SELECT "user", action, detail FROM audit WHERE action IN (SELECT unnest(?)) '
            "ORDER BY id",
            [list(actions)],
        ).fetchall()
    return [(user, action, json.loads(detail)) for user, action, detail in rows]


def _fail(db: Path, name: str, times: int, client: str | None = None) -> None:
    for _ in range(times):
        assert auth.authenticate(name, WRONG, client=client, db=db) is None


def test_pause_grows_from_one_minute_doubling_to_fifteen_and_never_locks(db, fake_clock):
    _fail(db, "an", auth.MAX_FAILED_LOGINS)
    waits = []
    for _ in range(6):
        with pytest.raises(auth.LoginPaused) as paused:
            auth.authenticate("an", AN_PW, db=db)  # even the right password waits
        waits.append(round(paused.value.wait))
        fake_clock.advance(paused.value.wait + 1)
        assert auth.authenticate("an", WRONG, db=db) is None  # one more try, wrong again
    assert waits == [60, 120, 240, 480, 900, 900]
    with pytest.raises(auth.LoginPaused) as paused:
        auth.authenticate("an", AN_PW, db=db)
    assert paused.value.user_message == (
        "Đăng nhập tạm khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau 15 phút "
        "hoặc liên hệ quản trị viên."
    )
    # Attempts during a pause do not lengthen it.
    fake_clock.advance(600)
    with pytest.raises(auth.LoginPaused) as paused:
        auth.authenticate("an", AN_PW, db=db)
    assert round(paused.value.wait) == 300 and "sau 5 phút" in paused.value.user_message
    fake_clock.advance(301)
    assert auth.authenticate("an", AN_PW, db=db).username == "an"
    assert auth.login_pauses(db=db) == []  # a right password clears the count


def test_a_quiet_day_forgets_the_count(db, fake_clock):
    _fail(db, "an", auth.MAX_FAILED_LOGINS - 1)
    fake_clock.advance(auth.FORGET_FAILURES_AFTER.total_seconds() + 1)
    _fail(db, "an", auth.MAX_FAILED_LOGINS - 1)  # four again, not eight: no pause
    assert auth.authenticate("an", AN_PW, db=db).username == "an"


def test_pauses_live_in_the_database_and_an_admin_clears_them(db, fake_clock):
    _fail(db, "admin", auth.MAX_FAILED_LOGINS, client="ip:203.0.113.9")
    [account, client] = sorted(auth.login_pauses(db=db), key=lambda p: p.scope)
    assert (account.scope, account.key, account.failures) == ("account", "admin", 5)
    assert (client.scope, client.key) == ("client", "ip:203.0.113.9")
    assert account.blocked_until == fake_clock.now() + auth.timedelta(seconds=60)
    with pytest.raises(auth.PermissionDenied):
        auth.clear_login_pauses(by="an", scope="account", key="admin", db=db)
    auth.create_user(username="admin2", password=ADMIN_PW, role="admin", by="admin", db=db)
    assert auth.clear_login_pauses(by="admin2", scope="account", key="admin", db=db) == 1
    assert auth.authenticate("admin", ADMIN_PW, db=db).username == "admin"
    assert [p.scope for p in auth.login_pauses(db=db)] == ["client"]  # the client's stays
    assert auth.clear_login_pauses(by="admin2", db=db) == 1
    assert auth.login_pauses(db=db) == []
    cleared = _audit(db, "clear_login_pauses")
    assert [(u, d["scope"], d["cleared"]) for u, _, d in cleared] == [
        ("admin2", "account", 1),
        ("admin2", None, 1),
    ]


def test_a_stranger_cannot_keep_the_admin_out_of_a_known_client(db, fake_clock):
    office, attacker, elsewhere = "ip:10.1.2.3", "ip:198.51.100.7", "ip:192.0.2.44"
    assert auth.authenticate("admin", ADMIN_PW, client=office, db=db) is not None
    _fail(db, "admin", auth.MAX_FAILED_LOGINS, client=attacker)
    with pytest.raises(auth.LoginPaused):
        auth.authenticate("admin", ADMIN_PW, client=attacker, db=db)
    with pytest.raises(auth.LoginPaused):  # a client the admin never used waits too
        auth.authenticate("admin", ADMIN_PW, client=elsewhere, db=db)
    assert auth.authenticate("admin", ADMIN_PW, client=office, db=db).username == "admin"


def test_one_client_guessing_many_names_is_paused(db, fake_clock):
    spray = "ip:198.51.100.8"
    for name in ("an", "binh", "chi", "dung", "admin"):
        _fail(db, name, 1, client=spray)
    with pytest.raises(auth.LoginPaused):
        auth.authenticate("giang", WRONG, client=spray, db=db)
    assert auth.authenticate("an", AN_PW, client="ip:10.1.2.4", db=db) is not None


def test_refused_logins_are_audited_with_client_and_reason(db, fake_clock):
    auth.set_active(username="an", active=False, by="admin", db=db)
    assert auth.authenticate("an", AN_PW, client="ip:10.0.0.5", db=db) is None
    assert auth.authenticate("khong-co", WRONG, client="ip:10.0.0.5", db=db) is None
    _fail(db, "admin", auth.MAX_FAILED_LOGINS, client="ip:10.0.0.6")
    with pytest.raises(auth.LoginPaused):
        auth.authenticate("admin", ADMIN_PW, client="ip:10.0.0.6", db=db)
    rows = _audit(db, "login_failed", "login_paused")
    assert [(u, a, d["client"], d.get("reason")) for u, a, d in rows[:3]] == [
        ("an", "login_failed", "ip:10.0.0.5", "inactive"),
        ("khong-co", "login_failed", "ip:10.0.0.5", "unknown_user"),
        ("admin", "login_failed", "ip:10.0.0.6", "wrong_password"),
    ]
    assert rows[-1][:2] == ("admin", "login_paused") and rows[-1][2]["wait_seconds"] == 60
    assert len(rows) == 2 + auth.MAX_FAILED_LOGINS + 1


class _CountingHasher(PasswordHasher):
    """argon2's hasher, counting verifications and the most running at once."""

    def __init__(self, wait_for: int = 0) -> None:
        params = argon2_profiles.CHEAPEST
        super().__init__(
            time_cost=params.time_cost,
            memory_cost=params.memory_cost,
            parallelism=params.parallelism,
            hash_len=params.hash_len,
            salt_len=params.salt_len,
        )
        self.calls = 0
        self.inside = 0
        self.most = 0
        self.wait_for = wait_for
        self.changed = threading.Condition()

    def verify(self, hash, password):
        with self.changed:
            self.calls += 1
            self.inside += 1
            self.most = max(self.most, self.inside)
            self.changed.notify_all()
            # Give other threads the chance to pile in: without a bound they would.
            self.changed.wait_for(lambda: self.inside >= self.wait_for, timeout=0.2)
        try:
            return super().verify(hash, password)
        finally:
            with self.changed:
                self.inside -= 1


def _in_parallel(count: int, attempt) -> list[object]:
    start = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(i: int) -> None:
        start.wait()
        try:
            results[i] = attempt(i)
        except auth.AuthError as e:
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_twenty_parallel_wrong_passwords_are_all_recorded_and_five_verified(
    db, fake_clock, monkeypatch
):
    hasher = _CountingHasher()
    monkeypatch.setattr(auth, "_hasher", hasher)
    results = _in_parallel(20, lambda i: auth.authenticate("admin", WRONG, db=db))
    assert sum(r is None for r in results) == auth.MAX_FAILED_LOGINS
    assert sum(isinstance(r, auth.LoginPaused) for r in results) == 20 - auth.MAX_FAILED_LOGINS
    assert hasher.calls == auth.MAX_FAILED_LOGINS
    rows = _audit(db, "login_failed", "login_paused")
    assert len(rows) == 20
    assert sum(a == "login_failed" for _, a, _ in rows) == auth.MAX_FAILED_LOGINS
    assert auth.login_pauses(db=db)[0].failures == auth.MAX_FAILED_LOGINS


def test_argon2_runs_at_most_hash_concurrency_at_once(db, monkeypatch):
    hasher = _CountingHasher(wait_for=auth.HASH_CONCURRENCY + 1)
    monkeypatch.setattr(auth, "_hasher", hasher)
    users = [f"u{i}" for i in range(6)]
    results = _in_parallel(6, lambda i: auth.authenticate(users[i], WRONG, db=db))
    assert results == [None] * 6 and hasher.calls == 6
    assert auth.HASH_CONCURRENCY == 2
    assert hasher.most == auth.HASH_CONCURRENCY


def test_generated_admin_password_must_be_changed_at_first_login(tmp_path, monkeypatch):
    db = tmp_path / "fresh.duckdb"
    monkeypatch.delenv("REPORTS_ADMIN_PASSWORD", raising=False)
    password = auth.ensure_admin(db=db, announce=lambda _: None)
    admin = auth.authenticate("admin", password, db=db)
    assert admin.must_change_password
    token = auth.create_session(admin, db=db)
    assert auth.session_user(token, db=db).must_change_password  # a reload still asks
    auth.set_password(username="admin", password="Moi-quan-tri-1", by="admin", db=db)
    assert not auth.authenticate("admin", "Moi-quan-tri-1", db=db).must_change_password


def test_admin_password_from_the_environment_needs_no_change(tmp_path, monkeypatch):
    db = tmp_path / "fresh.duckdb"
    monkeypatch.setenv("REPORTS_ADMIN_PASSWORD", "Tu-moi-truong-1")
    auth.ensure_admin(db=db)
    assert not auth.authenticate("admin", "Tu-moi-truong-1", db=db).must_change_password


def test_admin_password_variable_leaves_the_environment_once_read(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTS_ADMIN_PASSWORD", "Tu-moi-truong-1")
    auth.ensure_admin(db=tmp_path / "a.duckdb")
    assert "REPORTS_ADMIN_PASSWORD" not in os.environ
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.environ.get('REPORTS_ADMIN_PASSWORD'))"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert child.stdout.strip() == "None"
    # A server started on a warehouse that already has users drops it too.
    monkeypatch.setenv("REPORTS_ADMIN_PASSWORD", "Tu-moi-truong-2")
    assert auth.ensure_admin(db=tmp_path / "a.duckdb") is None
    assert "REPORTS_ADMIN_PASSWORD" not in os.environ
    assert auth.authenticate("admin", "Tu-moi-truong-1", db=tmp_path / "a.duckdb") is not None
