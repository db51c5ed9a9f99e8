"""Who the users are as officials read them: full name and unit, "Họ tên (đơn vị)".

Logins, roles and passwords stay in ``warehouse.auth``; this module keeps the name and unit an
admin records for each account and the one way every screen credits an action to a person.
"""

from __future__ import annotations

from ingest.errors import WarehouseError
from ingest.record import MAX_NAME
from warehouse.auth import require_role
from warehouse.db import DbPath, audit, connect, transaction


class ProfileError(WarehouseError):
    """A full name or unit that cannot be kept (too long), or an unknown account."""

    user_message = "Không lưu được họ tên, đơn vị của người dùng. Vui lòng kiểm tra lại."


def _clean(value: str | None, what: str) -> str | None:
    text = " ".join((value or "").split())
    if len(text) > MAX_NAME:
        raise ProfileError(
            f"{what} is {len(text)} characters long",
            user_message=f"{what} dài {len(text)} ký tự, tối đa {MAX_NAME} ký tự.",
        )
    return text or None


def set_profile(
    *, username: str, full_name: str | None, unit: str | None, by: str, db: DbPath = None
) -> tuple[str | None, str | None]:
    """Record a user's full name and unit (``by``: an admin); return them as kept (audited)."""
    name = _clean(full_name, "Họ tên")
    where = _clean(unit, "Đơn vị công tác")
    with transaction(db) as con:
        require_role(
            con, by, "admin", action="set a user's name", action_vi="sửa họ tên người dùng"
        )
        if not con.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone():
            raise ProfileError(
                f"no user {username!r}",
                user_message=f"Không có người dùng “{username}” trong hệ thống.",
            )
        con.execute(
            "UPDATE users SET full_name = ?, unit = ? WHERE username = ?", [name, where, username]
        )
        audit(con, by, "set_profile", username, {"full_name": name, "unit": where})
    return name, where


def person_label(username: str, full_name: str | None, unit: str | None) -> str:
    """Return how a screen names a user: "Họ tên (đơn vị)", else the parts known, else the login."""
    name = full_name or username
    return f"{name} ({unit})" if unit else name


_PROFILES = "SELECT username, full_name, unit FROM users ORDER BY username"


def user_labels(*, db: DbPath = None) -> dict[str, str]:
    """Return login name -> "Họ tên (đơn vị)" for every account (system actors are not listed)."""
    with connect(db, read_only=True) as con:
        rows = con.execute(_PROFILES).fetchall()
    return {r[0]: person_label(*r) for r in rows}


def profiles(*, db: DbPath = None) -> dict[str, tuple[str | None, str | None]]:
    """Return login name -> (full name, unit) for every account."""
    with connect(db, read_only=True) as con:
        rows = con.execute(_PROFILES).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}
