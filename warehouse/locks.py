"""Approval and lock of a period's figures ("Chốt số liệu" / "Mở khóa"), as DHIS2 lets a
department approve and lock a period before its figures go out.

While a year and period are locked, every authored change to its figures is refused with a
Vietnamese message (``ensure_open``, called inside the writer's transaction): corrections, review
states, assignments, resubmission decisions, gate overrules, paper entries, arrival dates. A file
loaded for a locked period is kept beside the figures and queued as "kỳ đã chốt"
(``warehouse.load``). Exports say whether the period is locked (``lock_line``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from ingest.errors import WarehouseError
from ingest.periods import PERIOD_CODES, PERIOD_LABELS
from warehouse import auth
from warehouse.db import DbPath, audit, connect, transaction


class PeriodLocked(WarehouseError):
    """A change to the figures of a locked period."""

    user_message = "Số liệu kỳ này đã chốt; cần quản trị viên mở khóa trước khi thay đổi."


class LockError(WarehouseError):
    """A lock or unlock that cannot be done (already locked, not locked, no reason)."""

    user_message = "Không chốt hoặc mở khóa được kỳ này."


@dataclass(frozen=True)
class PeriodLock:
    """The lock in force on a year and period: who locked it and when."""

    year: int
    period: str
    locked_by: str
    locked_at: datetime


def _when(year: int, period: str) -> str:
    return f"{PERIOD_LABELS.get(period, period).lower()} {year}"


_IN_FORCE = """
SELECT locked_by, locked_at FROM period_locks
WHERE year = ? AND period = ? AND unlocked_at IS NULL
ORDER BY id DESC LIMIT 1
"""


def lock_in_force(
    con: duckdb.DuckDBPyConnection, *, year: int | None, period: str | None
) -> PeriodLock | None:
    """Return the lock in force on a year and period (on the caller's connection), else None."""
    if not isinstance(year, int) or period not in PERIOD_CODES:
        return None
    row = con.execute(_IN_FORCE, [year, period]).fetchone()
    return None if row is None else PeriodLock(year, period, row[0], row[1])


def ensure_open(con: duckdb.DuckDBPyConnection, *, year: int | None, period: str | None) -> None:
    """Refuse (PeriodLocked) a change to the figures of a locked year and period."""
    lock = lock_in_force(con, year=year, period=period)
    if lock is None:
        return
    raise PeriodLocked(
        f"{year} {period} is locked by {lock.locked_by} since {lock.locked_at:%Y-%m-%d %H:%M}",
        user_message=(
            f"Số liệu {_when(lock.year, lock.period)} đã chốt ngày "
            f"{lock.locked_at:%d/%m/%Y} bởi {lock.locked_by}: không thể thay đổi. "
            "Cần quản trị viên “Mở khóa” (có lý do) trước."
        ),
    )


def ensure_report_open(con: duckdb.DuckDBPyConnection, report_id: str) -> None:
    """Refuse a change to a report whose year and period are locked (nothing for an unknown id)."""
    row = con.execute("SELECT year, period FROM reports WHERE id = ?", [report_id]).fetchone()
    if row is not None:
        ensure_open(con, year=row[0], period=row[1])


def _check_period(year: int, period: str) -> None:
    if not isinstance(year, int) or period not in PERIOD_CODES:
        raise LockError(
            f"bad period {year!r} {period!r}", user_message="Cần chọn năm và kỳ báo cáo."
        )


def lock_period(*, year: int, period: str, user: str, db: DbPath = None) -> PeriodLock:
    """Approve and lock a year and period ("Chốt số liệu"); ``user`` an editor or admin. Audited."""
    _check_period(year, period)
    now = auth.clock.now()
    with transaction(db) as con:
        auth.require_role(
            con, user, "editor", action="lock a period", action_vi="chốt số liệu của kỳ"
        )
        if (held := lock_in_force(con, year=year, period=period)) is not None:
            raise LockError(
                f"{year} {period} already locked",
                user_message=(
                    f"Số liệu {_when(year, period)} đã chốt ngày {held.locked_at:%d/%m/%Y} "
                    f"bởi {held.locked_by}."
                ),
            )
        con.execute(
            "INSERT INTO period_locks (year, period, locked_by, locked_at) VALUES (?, ?, ?, ?)",
            [year, period, user, now],
        )
        audit(con, user, "lock_period", f"{year}:{period}", {"year": year, "period": period})
    return PeriodLock(year, period, user, now)


def unlock_period(*, year: int, period: str, user: str, reason: str, db: DbPath = None) -> None:
    """Unlock a locked year and period ("Mở khóa"); ``user`` an admin, ``reason`` required.
    Audited with the reason and the lock it ends."""
    _check_period(year, period)
    reason = " ".join((reason or "").split())
    if not reason:
        raise LockError("unlock without a reason", user_message="Vui lòng nhập lý do mở khóa.")
    with transaction(db) as con:
        auth.require_role(con, user, "admin", action="unlock a period", action_vi="mở khóa kỳ")
        held = lock_in_force(con, year=year, period=period)
        if held is None:
            raise LockError(
                f"{year} {period} not locked",
                user_message=f"Số liệu {_when(year, period)} chưa chốt.",
            )
        con.execute(
            "UPDATE period_locks SET unlocked_by = ?, unlocked_at = ?, unlock_reason = ? "
            "WHERE year = ? AND period = ? AND unlocked_at IS NULL",
            [user, auth.clock.now(), reason, year, period],
        )
        audit(
            con,
            user,
            "unlock_period",
            f"{year}:{period}",
            {
                "year": year,
                "period": period,
                "reason": reason,
                "locked_by": held.locked_by,
                "locked_at": held.locked_at,
            },
        )


def period_lock(*, year: int, period: str = "year", db: DbPath = None) -> PeriodLock | None:
    """Return the lock in force on a year and period, or None while its figures are open."""
    with connect(db, read_only=True) as con:
        return lock_in_force(con, year=year, period=period)


def lock_line(lock: PeriodLock | None) -> str:
    """Return the line exports print under their title: "Số liệu đã chốt ngày dd/mm/yyyy bởi …"
    or "Số liệu chưa chốt"."""
    if lock is None:
        return "Số liệu chưa chốt"
    return f"Số liệu đã chốt ngày {lock.locked_at:%d/%m/%Y} bởi {lock.locked_by}"
