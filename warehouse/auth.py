"""The data side of login: users with roles, argon2id password hashes, expiring sessions.

The dashboard does the forms; this module never stores a password or a session token in clear
(tokens are kept as their sha256). Every change records who made it in the audit table, and so
does every refused login (wrong password, paused), with the client it came from.

Wrong passwords pause further attempts, per account name and per client (``login_throttle``,
kept in the database so every server process sees it and an admin can clear it): from the
MAX_FAILED_LOGINS-th wrong password in a row, the next attempt waits FIRST_PAUSE_SECONDS, then
twice as long after each further wrong one, never more than MAX_PAUSE_SECONDS. Nothing is locked
for good, and a client that has logged in to an account before is not held by that account's
pause (only by its own), so a stranger's guesses cannot keep the admin out. The check and the
count are one transaction taken before the password is verified, so parallel attempts are all
counted and no more than the allowed number are verified.

Hashing and verifying a password costs argon2's memory (64 MiB with the recommended parameters):
at most HASH_CONCURRENCY run at once in a process, the others wait their turn.

``require_role`` is the one permission check of the warehouse: every write that names its author
(corrections, confirmations, assignments, uploads, registry imports, users, thresholds) calls it
inside its own transaction, so the name in the audit trail is an active user with the role the
write needs, whatever code called it, not only what the pages chose to show.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import re
import secrets
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb
from argon2 import PasswordHasher
from argon2 import profiles as argon2_profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ingest.errors import WarehouseError
from warehouse.db import DbPath, audit, connect, transaction

log = logging.getLogger(__name__)

ROLES = ("viewer", "editor", "admin")
# Who may do what, in Vietnamese, for refusals ("Chỉ biên tập viên hoặc quản trị viên mới được…").
ROLE_HOLDERS_VI = {
    "viewer": "người dùng đang hoạt động",
    "editor": "biên tập viên hoặc quản trị viên",
    "admin": "quản trị viên",
}
ROLE_NAMES_VI = {"viewer": "chỉ xem", "editor": "biên tập", "admin": "quản trị"}
# Authors that are not app users: people with shell access to the database file, who could write
# to it anyway. require_role lets them through without a users row; create_user refuses these names
# (in any case) and nobody can log in with one, so a name that comes from a login is never one.
SYSTEM_ACTORS: frozenset[str] = frozenset(
    {
        "system",  # the server itself: ensure_admin (first admin), rematch_unmatched's default
        "cli",  # python -m warehouse / python -m ingest without --user
        "seed",  # python -m warehouse seed (make run)
        "bench",  # bench/ scripts, on their own throwaway warehouses
    }
)
SESSION_HOURS = float(os.environ.get("REPORTS_SESSION_HOURS", "12"))
MIN_PASSWORD = 8
# Wrong passwords in a row (per account name, per client) before logins pause; the first pause,
# doubled after each further wrong password up to the longest one. A count quiet for a day starts
# over; a client that logged in to an account within KNOWN_CLIENT_DAYS is not held by its pause.
MAX_FAILED_LOGINS = int(os.environ.get("REPORTS_MAX_FAILED_LOGINS", "5"))
FIRST_PAUSE_SECONDS = float(os.environ.get("REPORTS_LOCKOUT_SECONDS", "60"))
MAX_PAUSE_SECONDS = float(os.environ.get("REPORTS_MAX_LOCKOUT_SECONDS", "900"))
LOCKOUT_SECONDS = FIRST_PAUSE_SECONDS  # the pause after the MAX_FAILED_LOGINS-th wrong password
FORGET_FAILURES_AFTER = timedelta(days=1)
KNOWN_CLIENT_DAYS = 30
# argon2 hashes or verifications running at once in this process (each takes 64 MiB with the
# recommended parameters, so 20 parallel logins would otherwise take 1.2 GB); the rest wait.
HASH_CONCURRENCY = max(1, int(os.environ.get("REPORTS_HASH_CONCURRENCY", "2")))
_hash_slots = threading.BoundedSemaphore(HASH_CONCURRENCY)
# The first admin's password, when the server's environment gives one. It is taken out of
# os.environ as soon as it is read, so the processes the app starts (LibreOffice, the readers'
# worker pool) never inherit it.
ADMIN_PASSWORD_VARIABLE = "REPORTS_ADMIN_PASSWORD"
_pending_admin_password: str | None = None
# argon2id with the library's current recommended parameters. A test run may set
# REPORTS_TEST_CHEAP_PASSWORD_HASH=1 for argon2-cffi's cheapest parameters (every login of the
# suite costs ~0.4 s of CPU otherwise); never for real users, and the app says so in its log.
CHEAP_HASH_VARIABLE = "REPORTS_TEST_CHEAP_PASSWORD_HASH"


def _make_hasher() -> PasswordHasher:
    if os.environ.get(CHEAP_HASH_VARIABLE) == "1":
        log.warning(
            "%s=1: passwords hashed with test parameters, not for real users", CHEAP_HASH_VARIABLE
        )
        return PasswordHasher.from_parameters(argon2_profiles.CHEAPEST)
    return PasswordHasher()


_hasher = _make_hasher()
# Verified against when the user does not exist, so both paths take about as long.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def _verify(stored: str, password: str) -> bool:
    """Return True when ``password`` matches the hash ``stored`` (one of HASH_CONCURRENCY slots)."""
    with _hash_slots:
        try:
            return _hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


class Clock:
    """The time the login rules read: the machine's clock.

    Lockout, session expiry and the app's idle timeout all ask ``clock``, so a test substitutes an
    object with the same three methods that it advances by hand instead of waiting.
    """

    def monotonic(self) -> float:
        """Return seconds from an arbitrary start that never go back (lockout windows)."""
        return time.monotonic()

    def now(self) -> datetime:
        """Return the local wall-clock time (session creation and expiry, stored in DuckDB)."""
        return datetime.now()

    def time(self) -> float:
        """Return seconds since the epoch (the app's idle timeout, kept in session state)."""
        return time.time()


clock = Clock()


class AuthError(WarehouseError):
    user_message = "Không thực hiện được thao tác tài khoản. Vui lòng kiểm tra lại thông tin."


class LoginPaused(AuthError):
    """A login refused before its password was checked: too many wrong passwords lately."""

    def __init__(self, detail: str, *, username: str, client: str | None, wait: float) -> None:
        minutes = max(1, math.ceil(wait / 60))
        super().__init__(
            detail,
            user_message=(
                f"Đăng nhập tạm khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau "
                f"{minutes} phút hoặc liên hệ quản trị viên."
            ),
        )
        self.username = username
        self.client = client
        self.wait = wait  # seconds until the next attempt is allowed


class PermissionDenied(AuthError):
    """A write by a name that is not an active user with the role the write needs."""

    user_message = (
        "Bạn không có quyền thực hiện thao tác này. Liên hệ quản trị viên để được cấp quyền."
    )

    def __init__(
        self,
        detail: str,
        *,
        username: str,
        needed: str,
        role: str | None = None,
        user_message: str | None = None,
    ) -> None:
        super().__init__(detail, user_message=user_message)
        self.username = username
        self.needed = needed
        self.role = role  # the user's role, None when unknown


@dataclass(frozen=True)
class User:
    """A user as the app sees it (never the hash)."""

    username: str
    role: str
    full_name: str | None = None
    active: bool = True
    must_change_password: bool = False  # the first admin's generated password, until changed

    def can(self, role: str) -> bool:
        """Return True when this user has at least ``role`` (viewer < editor < admin)."""
        return ROLES.index(self.role) >= ROLES.index(role)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AuthError(
            f"unknown role {role!r}",
            user_message="Vai trò không hợp lệ (chỉ: viewer, editor, admin).",
        )


def _check_username(username: str) -> str:
    name = (username or "").strip()
    if not re.fullmatch(r"[A-Za-z0-9._@-]{2,64}", name):
        raise AuthError(
            f"bad username {username!r}",
            user_message="Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm, gạch (2–64 ký tự).",
        )
    if _is_system_name(name):
        raise AuthError(
            f"username {name!r} is reserved for a system actor",
            user_message=f"Tên đăng nhập “{name}” được dành cho hệ thống. Vui lòng chọn tên khác.",
        )
    return name


def _is_system_name(name: str) -> bool:
    """Return True for a system actor's name in any case ("CLI" would read as the CLI)."""
    return name.strip().lower() in SYSTEM_ACTORS


def require_role(
    con: duckdb.DuckDBPyConnection, username: str, role: str, *, action: str, action_vi: str
) -> None:
    """Refuse a write unless ``username`` is an active user with at least ``role``.

    Reads ``users`` on ``con``, so inside the caller's transaction: the role the write relies on is
    the one in force when it commits. A system actor (SYSTEM_ACTORS, exact name) passes. Raises
    PermissionDenied when the name is unknown, the user inactive or below ``role``; ``action`` is
    English for the log ("correct a field"), ``action_vi`` Vietnamese for the message ("sửa số
    liệu báo cáo").
    """
    _check_role(role)
    name = username if isinstance(username, str) else ""
    if name in SYSTEM_ACTORS:
        return
    row = con.execute("SELECT role, active FROM users WHERE username = ?", [name]).fetchone()
    if row is None:
        error = PermissionDenied(
            f"{name!r} is not a user: may not {action}",
            username=name,
            needed=role,
            user_message=(
                f"Không có người dùng “{name}” trong hệ thống nên không thể {action_vi}. "
                "Vui lòng đăng nhập lại hoặc liên hệ quản trị viên."
            ),
        )
    elif not row[1]:
        error = PermissionDenied(
            f"user {name!r} is inactive: may not {action}",
            username=name,
            needed=role,
            role=row[0],
            user_message=(
                f"Tài khoản “{name}” đã bị khóa nên không thể {action_vi}. Liên hệ quản trị viên."
            ),
        )
    elif row[0] not in ROLES or ROLES.index(row[0]) < ROLES.index(role):
        error = PermissionDenied(
            f"user {name!r} is {row[0]}: {action} needs {role}",
            username=name,
            needed=role,
            role=row[0],
            user_message=(
                f"Chỉ {ROLE_HOLDERS_VI[role]} mới được {action_vi}; tài khoản “{name}” có vai trò "
                f"{ROLE_NAMES_VI.get(row[0], row[0])}. Liên hệ quản trị viên để được cấp quyền."
            ),
        )
    else:
        return
    log.warning("refused: %s", error.detail)
    raise error


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise AuthError(
            "password too short",
            user_message=f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.",
        )


def hash_password(password: str) -> str:
    """Return the argon2id hash of a password (one of HASH_CONCURRENCY slots, else wait)."""
    with _hash_slots:
        return _hasher.hash(password)


def create_user(
    *,
    username: str,
    password: str,
    role: str = "viewer",
    full_name: str | None = None,
    by: str,
    db: DbPath = None,
    must_change_password: bool = False,
) -> User:
    """Create a user with an argon2id hash; ``by`` (an admin or a system actor) is the author.

    ``must_change_password`` makes the app ask for a new password at the first login.
    """
    name = _check_username(username)
    _check_role(role)
    _check_password(password)
    pw_hash = hash_password(password)
    with transaction(db) as con:
        require_role(con, by, "admin", action="create a user", action_vi="tạo người dùng")
        if con.execute("SELECT 1 FROM users WHERE username = ?", [name]).fetchone():
            raise AuthError(
                f"user {name} exists", user_message=f"Tên đăng nhập “{name}” đã tồn tại."
            )
        con.execute(
            "INSERT INTO users (username, password_hash, role, full_name, active, created_at, "
            "created_by, must_change_password) VALUES (?, ?, ?, ?, true, ?, ?, ?)",
            [name, pw_hash, role, full_name, datetime.now(), by, must_change_password],
        )
        audit(con, by, "create_user", name, {"role": role})
    return User(name, role, full_name, must_change_password=must_change_password)


def set_role(*, username: str, role: str, by: str, db: DbPath = None) -> User:
    """Change a user's role (``by``: an admin); refuses to remove the last admin."""
    _check_role(role)
    with transaction(db) as con:
        require_role(con, by, "admin", action="change a role", action_vi="đổi vai trò người dùng")
        row = con.execute(
            "SELECT role, full_name, active FROM users WHERE username = ?", [username]
        ).fetchone()
        if not row:
            raise AuthError(f"no user {username}", user_message="Không có người dùng này.")
        if row[0] == "admin" and role != "admin":
            _keep_an_admin(con, "Không thể bỏ quyền quản trị của quản trị viên cuối cùng.")
        con.execute("UPDATE users SET role = ? WHERE username = ?", [role, username])
        audit(con, by, "set_role", username, {"old": row[0], "new": role})
    return User(username, role, row[1], row[2])


def _keep_an_admin(con: duckdb.DuckDBPyConnection, user_message: str) -> None:
    """Refuse a change that would leave no active admin (the one being changed is counted)."""
    admins = con.execute("SELECT count(*) FROM users WHERE role = 'admin' AND active").fetchone()
    if admins[0] <= 1:
        raise AuthError("last admin", user_message=user_message)


def set_active(*, username: str, active: bool, by: str, db: DbPath = None) -> User:
    """Lock (``active=False``) or unlock a user's account (``by``: an admin), audited.

    A locked user cannot log in, their sessions end at once and every warehouse write in their
    name is refused; what they did stays attributed to them. An admin cannot lock their own account
    or the last active admin.
    """
    with transaction(db) as con:
        require_role(
            con, by, "admin", action="lock or unlock a user", action_vi="khóa, mở khóa tài khoản"
        )
        row = con.execute(
            "SELECT role, full_name, active FROM users WHERE username = ?", [username]
        ).fetchone()
        if not row:
            raise AuthError(f"no user {username}", user_message="Không có người dùng này.")
        if not active:
            if username == by:
                raise AuthError(
                    "an admin cannot lock their own account",
                    user_message="Không thể tự khóa tài khoản đang dùng.",
                )
            if row[0] == "admin" and row[2]:
                _keep_an_admin(con, "Không thể khóa quản trị viên cuối cùng.")
            con.execute("DELETE FROM sessions WHERE username = ?", [username])
        con.execute("UPDATE users SET active = ? WHERE username = ?", [active, username])
        audit(con, by, "unlock_user" if active else "lock_user", username, {"was_active": row[2]})
    log.info("user %s %s by %s", username, "unlocked" if active else "locked", by)
    return User(username, row[0], row[1], active)


def set_password(*, username: str, password: str, by: str, db: DbPath = None) -> None:
    """Replace a user's password and end their sessions.

    Anyone active may change their own (``by == username``), which also lifts a pending forced
    change; another user's needs an admin.
    """
    _check_password(password)
    pw_hash = hash_password(password)
    with transaction(db) as con:
        if by == username:
            require_role(con, by, "viewer", action="change own password", action_vi="đổi mật khẩu")
        else:
            require_role(
                con,
                by,
                "admin",
                action="reset another user's password",
                action_vi="đặt lại mật khẩu của người dùng khác",
            )
        if not con.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone():
            raise AuthError(f"no user {username}", user_message="Không có người dùng này.")
        con.execute("UPDATE users SET password_hash = ? WHERE username = ?", [pw_hash, username])
        if by == username:
            con.execute(
                "UPDATE users SET must_change_password = false WHERE username = ?", [username]
            )
        con.execute("DELETE FROM sessions WHERE username = ?", [username])
        audit(con, by, "set_password", username, {})


def list_users(*, db: DbPath = None) -> list[User]:
    """Return every user, by username."""
    with connect(db, read_only=True) as con:
        rows = con.execute(
            "SELECT username, role, full_name, active FROM users ORDER BY username"
        ).fetchall()
    return [User(*r) for r in rows]


@dataclass(frozen=True)
class LoginPause:
    """A count of wrong passwords for one account name or one client (``scope``)."""

    scope: str  # account | client
    key: str
    failures: int
    last_failure_at: datetime
    blocked_until: datetime | None


def _pause_seconds(failures: int) -> float:
    """Return how long logins wait after ``failures`` wrong passwords in a row (0: no pause)."""
    if failures < MAX_FAILED_LOGINS:
        return 0.0
    return min(MAX_PAUSE_SECONDS, FIRST_PAUSE_SECONDS * 2 ** (failures - MAX_FAILED_LOGINS))


def _account_key(username: str) -> str:
    return (username or "").strip().lower()[:64]


def _throttle_keys(username: str, client: str | None) -> list[tuple[str, str]]:
    keys = [("account", _account_key(username))]
    if client:
        keys.append(("client", client[:128]))
    return keys


_THROTTLE_ROW = (
    "SELECT failures, last_failure_at, blocked_until "
    "FROM login_throttle WHERE scope = ? AND key = ?"
)
_KNOWN_CLIENT = (
    "SELECT 1 FROM login_known_clients WHERE username = ? AND client = ? AND last_login_at > ?"
)


def _begin_attempt(
    con: duckdb.DuckDBPyConnection, username: str, client: str | None, now: datetime
) -> float:
    """Count one login attempt as a wrong password before it is verified; return 0, else the
    seconds it must wait (then nothing is counted).

    Runs in the caller's transaction, so checking and counting are one step: of parallel
    attempts, only those that find the count under the limit get to verify a password. A right
    password then clears the count (``_end_attempt``).
    """
    account = _account_key(username)
    known = (
        client is not None
        and con.execute(
            _KNOWN_CLIENT, [account, client, now - timedelta(days=KNOWN_CLIENT_DAYS)]
        ).fetchone()
    )
    counts: list[tuple[str, str, int]] = []
    wait = 0.0
    for scope, key in _throttle_keys(username, client):
        row = con.execute(_THROTTLE_ROW, [scope, key]).fetchone()
        failures = row[0] if row and now - row[1] < FORGET_FAILURES_AFTER else 0
        if failures and row[2] is not None and now < row[2] and not (scope == "account" and known):
            wait = max(wait, (row[2] - now).total_seconds())
        counts.append((scope, key, failures))
    if wait:
        return wait
    for scope, key, failures in counts:
        pause = _pause_seconds(failures + 1)
        blocked = now + timedelta(seconds=pause) if pause else None
        values = [failures + 1, now, blocked, scope, key]
        if (
            con.execute(
                "UPDATE login_throttle SET failures = ?, last_failure_at = ?, blocked_until = ? "
                "WHERE scope = ? AND key = ? RETURNING 1",
                values,
            ).fetchone()
            is None
        ):
            con.execute(
                "INSERT INTO login_throttle (failures, last_failure_at, blocked_until, scope, key) "
                "VALUES (?, ?, ?, ?, ?)",
                values,
            )
    return 0.0


def _end_attempt(
    con: duckdb.DuckDBPyConnection, username: str, client: str | None, now: datetime
) -> None:
    """Clear the counts of a login that succeeded and remember its client for the account."""
    for scope, key in _throttle_keys(username, client):
        con.execute("DELETE FROM login_throttle WHERE scope = ? AND key = ?", [scope, key])
    # Old rows of other names and clients go too, so guessed names do not pile up.
    con.execute(
        "DELETE FROM login_throttle WHERE last_failure_at < ?", [now - FORGET_FAILURES_AFTER]
    )
    if client is None:
        return
    account = _account_key(username)
    if (
        con.execute(
            "UPDATE login_known_clients SET last_login_at = ? WHERE username = ? AND client = ? "
            "RETURNING 1",
            [now, account, client],
        ).fetchone()
        is None
    ):
        con.execute(
            "INSERT INTO login_known_clients (username, client, last_login_at) VALUES (?, ?, ?)",
            [account, client, now],
        )


def _audit_refused(
    con: duckdb.DuckDBPyConnection, username: str, client: str | None, action: str, detail: dict
) -> None:
    name = (username or "").strip()[:64] or "?"
    audit(con, name, action, name, {"client": client, **detail})


def authenticate(
    username: str, password: str, *, client: str | None = None, db: DbPath = None
) -> User | None:
    """Return the user when the password matches, else None (same answer for unknown users).

    ``client`` names where the attempt comes from (the app passes the address its proxy saw, else
    its browser session; None from the shell). After MAX_FAILED_LOGINS wrong passwords in a row
    for the account name or the client, raises LoginPaused (Vietnamese "try again in N minutes")
    until the pause ends, even with the right password. Wrong and paused attempts are audited
    (``login_failed``, ``login_paused``) with the client.
    """
    now = clock.now()
    with transaction(db) as con:
        wait = _begin_attempt(con, username, client, now)
        if wait:
            _audit_refused(con, username, client, "login_paused", {"wait_seconds": round(wait)})
    if wait:
        log.warning("login for %r from %s paused for %.0f s", username, client, wait)
        raise LoginPaused(
            f"too many failed logins for {username!r} or from {client!r}",
            username=username,
            client=client,
            wait=wait,
        )
    user, reason = _authenticate(username, password, db=db)
    with transaction(db) as con:
        if user is not None:
            _end_attempt(con, username, client, now)
        else:
            _audit_refused(con, username, client, "login_failed", {"reason": reason})
    return user


def _authenticate(
    username: str, password: str, *, db: DbPath = None
) -> tuple[User | None, str | None]:
    """Return the user when the password matches, else None and why (for the audit only)."""
    with connect(db, read_only=True) as con:
        row = con.execute(
            "SELECT username, role, full_name, active, must_change_password, password_hash "
            "FROM users WHERE username = ?",
            [(username or "").strip()],
        ).fetchone()
    stored = row[5] if row else _DUMMY_HASH
    if not _verify(stored, password or ""):
        return None, "wrong_password" if row else "unknown_user"
    # A system actor's name never logs in, even if an old row has it: writes would pass as it.
    if not row or not row[3] or _is_system_name(row[0]):
        return None, "inactive" if row else "unknown_user"
    if _hasher.check_needs_rehash(stored):
        with transaction(db) as con:
            con.execute(
                "UPDATE users SET password_hash = ? WHERE username = ?",
                [hash_password(password), row[0]],
            )
    return User(*row[:5]), None


def login_pauses(*, db: DbPath = None) -> list[LoginPause]:
    """Return the counts of wrong passwords not yet forgotten, paused ones first."""
    since = clock.now() - FORGET_FAILURES_AFTER
    with connect(db, read_only=True) as con:
        rows = con.execute(
            "SELECT scope, key, failures, last_failure_at, blocked_until FROM login_throttle "
            "WHERE last_failure_at >= ? ORDER BY blocked_until DESC NULLS LAST, scope, key",
            [since],
        ).fetchall()
    return [LoginPause(*r) for r in rows]


def clear_login_pauses(
    *, by: str, scope: str | None = None, key: str | None = None, db: DbPath = None
) -> int:
    """Forget wrong-password counts (``by``: an admin), audited; return how many were cleared.

    With ``scope`` and ``key``, only that account name or client; without, all of them.
    """
    with transaction(db) as con:
        require_role(
            con, by, "admin", action="clear login pauses", action_vi="gỡ tạm khóa đăng nhập"
        )
        if scope:
            cleared = con.execute(
                "DELETE FROM login_throttle WHERE scope = ? AND key = ? RETURNING 1", [scope, key]
            ).fetchall()
        else:
            cleared = con.execute("DELETE FROM login_throttle RETURNING 1").fetchall()
        audit(con, by, "clear_login_pauses", key, {"scope": scope, "cleared": len(cleared)})
    log.info("login pauses cleared by %s: %s %s (%d)", by, scope or "all", key or "", len(cleared))
    return len(cleared)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_session(user: User | str, *, hours: float | None = None, db: DbPath = None) -> str:
    """Start a session for a user and return its token (only its sha256 is stored)."""
    username = user.username if isinstance(user, User) else user
    token = secrets.token_urlsafe(32)
    now = clock.now()
    expires = now + timedelta(hours=SESSION_HOURS if hours is None else hours)
    with transaction(db) as con:
        con.execute("DELETE FROM sessions WHERE expires_at < ?", [now])
        con.execute(
            "INSERT INTO sessions (token_hash, username, created_at, expires_at) "
            "VALUES (?, ?, ?, ?)",
            [_token_hash(token), username, now, expires],
        )
        audit(con, username, "login", username, {"expires_at": expires.isoformat()})
    return token


def session_user(token: str | None, *, db: DbPath = None) -> User | None:
    """Return the user of a live session token, or None when unknown or expired."""
    if not token:
        return None
    with connect(db, read_only=True) as con:
        row = con.execute(
            "SELECT u.username, u.role, u.full_name, u.active, u.must_change_password "
            "FROM sessions s "
            "JOIN users u ON u.username = s.username "
            "WHERE s.token_hash = ? AND s.expires_at > ? AND u.active",
            [_token_hash(token), clock.now()],
        ).fetchone()
    return User(*row) if row and not _is_system_name(row[0]) else None


def end_session(token: str, *, db: DbPath = None) -> None:
    """Log out: forget the session token."""
    with transaction(db) as con:
        con.execute("DELETE FROM sessions WHERE token_hash = ?", [_token_hash(token)])


def ensure_admin(*, db: DbPath = None, announce=None) -> str | None:
    """Create the user ``admin`` when no user exists yet; return the generated password, if any.

    The password comes from ``$REPORTS_ADMIN_PASSWORD``, which is removed from ``os.environ`` on
    the first call (child processes never inherit it; kept in memory until the admin exists).
    When unset a random one is generated and printed ONCE (to stderr and the log), and the admin
    must change it at the first login — there is never a default password. A
    ``$REPORTS_ADMIN_PASSWORD`` shorter than MIN_PASSWORD raises AuthError instead of silently
    leaving the warehouse without an admin.
    """
    global _pending_admin_password
    if (from_env := os.environ.pop(ADMIN_PASSWORD_VARIABLE, None)) is not None:
        _pending_admin_password = from_env
    with connect(db, read_only=True) as con:
        if con.execute("SELECT count(*) FROM users").fetchone()[0]:
            _pending_admin_password = None
            return None
    password = _pending_admin_password or None
    generated = password is None
    if password is not None and len(password) < MIN_PASSWORD:
        # Not "someone else created it": say why there is no admin, or nobody can log in.
        _pending_admin_password = None
        log.error(
            "REPORTS_ADMIN_PASSWORD is shorter than %d characters; no admin created", MIN_PASSWORD
        )
        raise AuthError(
            "REPORTS_ADMIN_PASSWORD too short",
            user_message=(
                f"Mật khẩu quản trị trong biến môi trường REPORTS_ADMIN_PASSWORD phải có ít nhất "
                f"{MIN_PASSWORD} ký tự. Quản trị máy chủ cần đặt lại rồi khởi động lại ứng dụng."
            ),
        )
    if generated:
        password = secrets.token_urlsafe(12)
    try:
        create_user(
            username="admin",
            password=password,
            role="admin",
            by="system",
            db=db,
            must_change_password=generated,
        )
    except AuthError:
        return None  # another process created it meanwhile
    _pending_admin_password = None
    if generated:
        message = (
            f"Đã tạo tài khoản quản trị 'admin' với mật khẩu: {password}  "
            "(chỉ hiện một lần; đổi mật khẩu sau khi đăng nhập)"
        )
        (announce or (lambda m: print(m, file=sys.stderr, flush=True)))(message)
        log.warning("created user 'admin' with a generated password (shown once on the console)")
        return password
    log.info("created user 'admin' with the password from REPORTS_ADMIN_PASSWORD")
    return None
