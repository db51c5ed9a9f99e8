"""The data side of login: users with roles, argon2id password hashes, expiring sessions.

The dashboard does the forms; this module never stores a password or a session token in clear
(tokens are kept as their sha256). Every change records who made it in the audit table.

``require_role`` is the one permission check of the warehouse: every write that names its author
(corrections, confirmations, assignments, uploads, registry imports, users, thresholds) calls it
inside its own transaction, so the name in the audit trail is an active user with the role the
write needs, whatever code called it, not only what the pages chose to show.
"""

from __future__ import annotations

import hashlib
import logging
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
from warehouse.db import DbPath, audit, connect, db_path, transaction

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
# Wrong passwords in a row (per user name, per server process) before a pause, and its length.
MAX_FAILED_LOGINS = int(os.environ.get("REPORTS_MAX_FAILED_LOGINS", "5"))
LOCKOUT_SECONDS = float(os.environ.get("REPORTS_LOCKOUT_SECONDS", "300"))
_failures: dict[tuple[str, str], list[float]] = {}
_failures_guard = threading.Lock()
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
    """Return the argon2id hash of a password."""
    return _hasher.hash(password)


def create_user(
    *,
    username: str,
    password: str,
    role: str = "viewer",
    full_name: str | None = None,
    by: str,
    db: DbPath = None,
) -> User:
    """Create a user with an argon2id hash; ``by`` (an admin or a system actor) is the author."""
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
            "created_by) VALUES (?, ?, ?, ?, true, ?, ?)",
            [name, pw_hash, role, full_name, datetime.now(), by],
        )
        audit(con, by, "create_user", name, {"role": role})
    return User(name, role, full_name)


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

    Anyone active may change their own (``by == username``); another user's needs an admin.
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
        con.execute("DELETE FROM sessions WHERE username = ?", [username])
        audit(con, by, "set_password", username, {})


def list_users(*, db: DbPath = None) -> list[User]:
    """Return every user, by username."""
    with connect(db, read_only=True) as con:
        rows = con.execute(
            "SELECT username, role, full_name, active FROM users ORDER BY username"
        ).fetchall()
    return [User(*r) for r in rows]


def _failure_key(username: str, db: DbPath) -> tuple[str, str]:
    return str(db_path(db)), (username or "").strip().lower()


def _check_not_locked(key: tuple[str, str]) -> None:
    """Refuse a login while the name is paused after too many wrong passwords."""
    now = clock.monotonic()
    with _failures_guard:
        recent = [t for t in _failures.get(key, []) if now - t < LOCKOUT_SECONDS]
        _failures[key] = recent
        locked = len(recent) >= MAX_FAILED_LOGINS
        wait = LOCKOUT_SECONDS - (now - recent[-1]) if locked else 0
    if locked:
        log.warning("login for %r refused: %d wrong passwords in a row", key[1], len(recent))
        minutes = max(1, round(wait / 60))
        raise AuthError(
            f"too many failed logins for {key[1]!r}",
            user_message=(
                f"Nhập sai mật khẩu quá {MAX_FAILED_LOGINS} lần. Vui lòng thử lại sau khoảng "
                f"{minutes} phút hoặc liên hệ quản trị viên."
            ),
        )


def _record_login(key: tuple[str, str], ok: bool) -> None:
    with _failures_guard:
        if ok:
            _failures.pop(key, None)
        else:
            _failures.setdefault(key, []).append(clock.monotonic())


def authenticate(username: str, password: str, *, db: DbPath = None) -> User | None:
    """Return the user when the password matches, else None (same answer for unknown users).

    After MAX_FAILED_LOGINS wrong passwords in a row for one name, raises AuthError (Vietnamese
    "try again later") for LOCKOUT_SECONDS, even with the right password.
    """
    key = _failure_key(username, db)
    _check_not_locked(key)
    user = _authenticate(username, password, db=db)
    _record_login(key, user is not None)
    return user


def _authenticate(username: str, password: str, *, db: DbPath = None) -> User | None:
    with connect(db, read_only=True) as con:
        row = con.execute(
            "SELECT username, role, full_name, active, password_hash FROM users WHERE username = ?",
            [(username or "").strip()],
        ).fetchone()
    stored = row[4] if row else _DUMMY_HASH
    try:
        _hasher.verify(stored, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    # A system actor's name never logs in, even if an old row has it: writes would pass as it.
    if not row or not row[3] or _is_system_name(row[0]):
        return None
    if _hasher.check_needs_rehash(stored):
        with transaction(db) as con:
            con.execute(
                "UPDATE users SET password_hash = ? WHERE username = ?",
                [hash_password(password), row[0]],
            )
    return User(row[0], row[1], row[2], row[3])


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
            "SELECT u.username, u.role, u.full_name, u.active FROM sessions s "
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

    The password comes from ``$REPORTS_ADMIN_PASSWORD``; when unset a random one is generated and
    printed ONCE (to stderr and the log) — there is never a default password. A
    ``$REPORTS_ADMIN_PASSWORD`` shorter than MIN_PASSWORD raises AuthError instead of silently
    leaving the warehouse without an admin.
    """
    with connect(db, read_only=True) as con:
        if con.execute("SELECT count(*) FROM users").fetchone()[0]:
            return None
    password = os.environ.get("REPORTS_ADMIN_PASSWORD") or None
    generated = password is None
    if password is not None and len(password) < MIN_PASSWORD:
        # Not "someone else created it": say why there is no admin, or nobody can log in.
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
        create_user(username="admin", password=password, role="admin", by="system", db=db)
    except AuthError:
        return None  # another process created it meanwhile
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
