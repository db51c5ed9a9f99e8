"""Notes an official keeps on an agency for one reporting period ("đã gọi nhắc ngày …")."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from ingest.errors import WarehouseError
from ingest.periods import PERIOD_CODES
from warehouse.auth import require_role
from warehouse.db import DbPath, audit, connect, transaction
from warehouse.people import person_label

MAX_NOTE = 1_000  # characters: a line or two about a call or a letter, not a document


class NoteError(WarehouseError):
    """A note that cannot be kept: empty, too long, or for an unknown agency or period."""

    user_message = "Không lưu được ghi chú. Vui lòng kiểm tra lại nội dung."


_INSERT = (
    "INSERT INTO agency_notes (agency_id, year, period, body, created_at, created_by) "
    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id"
)


def add_note(
    *, agency_id: str, year: int, period: str, body: str, by: str, db: DbPath = None
) -> int:
    """Keep a note on an agency for one period (``by``: an editor or admin); return its id."""
    text = (body or "").strip()
    if not text:
        raise NoteError("empty note", user_message="Ghi chú đang trống: hãy nhập nội dung.")
    if len(text) > MAX_NOTE:
        raise NoteError(
            f"note of {len(text)} characters",
            user_message=f"Ghi chú dài {len(text):,} ký tự, tối đa {MAX_NOTE:,} ký tự.".replace(
                ",", "."
            ),
        )
    if not isinstance(year, int) or period not in PERIOD_CODES:
        raise NoteError(f"bad period {year!r} {period!r}", user_message="Kỳ báo cáo không hợp lệ.")
    with transaction(db) as con:
        require_role(con, by, "editor", action="add a note", action_vi="ghi chú về đơn vị")
        if not con.execute("SELECT 1 FROM agencies WHERE id = ?", [agency_id]).fetchone():
            raise NoteError(
                f"no agency {agency_id!r}", user_message="Không có đơn vị này trong danh mục."
            )
        (note_id,) = con.execute(
            _INSERT, [agency_id, year, period, text, datetime.now(), by]
        ).fetchone()
        audit(con, by, "add_note", agency_id, {"year": year, "period": period, "id": note_id})
    return note_id


_NOTES = """
SELECT n.created_at AS at, n.created_by AS username, u.full_name, u.unit, n.body
FROM agency_notes n LEFT JOIN users u ON u.username = n.created_by
WHERE n.agency_id = ? AND n.year = ? AND n.period = ?
ORDER BY n.created_at DESC, n.id DESC
"""


def agency_notes(*, agency_id: str, year: int, period: str, db: DbPath = None) -> pd.DataFrame:
    """Return the notes on an agency for one period, newest first: at, author ("Họ tên (đơn
    vị)"), body."""
    with connect(db, read_only=True) as con:
        rows = con.execute(_NOTES, [agency_id, year, period]).fetchall()
    return pd.DataFrame(
        [(r[0], person_label(r[1], r[2], r[3]), r[4]) for r in rows],
        columns=["at", "author", "body"],
    )
