"""A reviewer overruling the classifier's gate, and decisions kept as spokesperson evidence.

"Đây là báo cáo — đọc lại": a file refused as not a report is read again as a report.
"Không phải báo cáo": a report leaves the totals and joins the non-reports. Each decision is kept
per file (gate_decisions, by sha256) with what a reversal restores, audited and reversible.
A decision appointing a spokesperson (doc_type decision) can be linked to its agency from a year on
("Dùng làm căn cứ người phát ngôn cho <đơn vị>"): the spokesperson rule then counts it.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import duckdb

from ingest.errors import WarehouseError
from ingest.pipeline import extract_file
from ingest.record import YEARS
from warehouse import auth, queries
from warehouse.db import DbPath, audit, transaction
from warehouse.load import LoadResult, place_stored
from warehouse.locks import ensure_open
from warehouse.registry import registry as db_registry
from warehouse.review import AgencyNotFound, FileNotStored, ReportNotFound, clean_text


class GateError(WarehouseError):
    """An overrule that does not fit the file (already a report, not a decision…)."""

    user_message = "Không thực hiện được thao tác này với tệp đã chọn."


def _require(con: duckdb.DuckDBPyConnection, user: str, action_vi: str) -> None:
    auth.require_role(con, user, "editor", action="overrule the gate", action_vi=action_vi)


def _decide(
    con: duckdb.DuckDBPyConnection,
    *,
    file_id: str,
    decision: str,
    report_id: str | None,
    reason: str,
    user: str,
    detail: dict | None = None,
) -> None:
    con.execute(
        'INSERT INTO gate_decisions (sha256, decision, report_id, reason, detail, "user", '
        "created_at) SELECT sha256, ?, ?, ?, ?, ?, ? FROM files WHERE id = ?",
        [
            decision,
            report_id,
            reason or None,
            json.dumps(detail or {}),
            user,
            auth.clock.now(),
            file_id,
        ],
    )


def _close_refusals(con: duckdb.DuckDBPyConnection, file_id: str, user: str) -> None:
    con.execute(
        "UPDATE review_queue SET resolved_at = ?, resolved_by = ? "
        "WHERE file_id = ? AND kind = 'not_a_report' AND resolved_at IS NULL",
        [auth.clock.now(), user, file_id],
    )


def mark_not_report(*, report_id: str, user: str, reason: str, db: DbPath = None) -> None:
    """Take a report out of the totals as not being a report ("Không phải báo cáo").

    It stops being current (the version it replaced, if any, is current again), joins the
    non-reports list, and its review items close. Reversed by ``read_as_report`` on its file.
    Refused while its period is locked. ``user`` an editor or admin; ``reason`` required.
    """
    reason = clean_text(reason or "")
    if not reason:
        raise GateError(
            "no reason", user_message="Vui lòng nhập lý do (vì sao không phải báo cáo)."
        )
    with transaction(db) as con:
        _require(con, user, "đánh dấu không phải báo cáo")
        row = con.execute(
            "SELECT file_id, year, period, status, is_current, supersedes FROM reports "
            "WHERE id = ?",
            [report_id],
        ).fetchone()
        if row is None:
            raise ReportNotFound(f"report {report_id} not found")
        file_id, year, period, status, current, supersedes = row
        if status == "not_a_report":
            raise GateError(
                f"{report_id} already not a report",
                user_message="Tệp này đã được đánh dấu không phải báo cáo.",
            )
        ensure_open(con, year=year, period=period)
        restored = None
        if current and supersedes:
            back = con.execute(
                "UPDATE reports SET is_current = true WHERE id = ? AND status <> 'not_a_report' "
                "RETURNING id",
                [supersedes],
            ).fetchone()
            restored = back[0] if back else None
        con.execute(
            "UPDATE reports SET status = 'not_a_report', is_current = false WHERE id = ?",
            [report_id],
        )
        now = auth.clock.now()
        con.execute(
            "UPDATE review_queue SET resolved_at = ?, resolved_by = ? "
            "WHERE report_id = ? AND resolved_at IS NULL",
            [now, user, report_id],
        )
        con.execute(
            "INSERT INTO review_queue (kind, file_id, report_id, message, created_at) "
            "VALUES ('not_a_report', ?, ?, ?, ?)",
            [
                file_id,
                report_id,
                f"Không phải báo cáo (người duyệt {user} xác định: {reason}); "
                "số liệu không còn được tính.",
                now,
            ],
        )
        detail = {"status": status, "was_current": bool(current), "restored": restored}
        _decide(
            con,
            file_id=file_id,
            decision="not_report",
            report_id=report_id,
            reason=reason,
            user=user,
            detail=detail,
        )
        audit(con, user, "gate_not_report", report_id, {**detail, "reason": reason})


def read_as_report(
    *, file_id: str, user: str, reason: str = "", db: DbPath = None
) -> LoadResult | str:
    """Read a file refused as not a report as a report ("Đây là báo cáo — đọc lại").

    A report a reviewer had taken out ("Không phải báo cáo") comes back as it was (returns its
    id). A file the classifier refused is extracted again with the report path forced and placed
    as loading would place it, needing review (returns the LoadResult). Refused while the period
    it belongs to is locked. ``user`` an editor or admin. Audited.
    """
    reason = clean_text(reason or "")
    with transaction(db) as con:
        _require(con, user, "đọc lại tệp như báo cáo")
        stored = con.execute(
            "SELECT original_name, sha256 FROM files WHERE id = ?", [file_id]
        ).fetchone()
        if stored is None:
            raise FileNotStored(f"file {file_id} not found")
        rows = con.execute(
            "SELECT id, status FROM reports WHERE file_id = ? ORDER BY extracted_at DESC",
            [file_id],
        ).fetchall()
        if any(status != "not_a_report" for _, status in rows):
            raise GateError(
                f"{file_id} is a report already",
                user_message="Tệp này đã được đọc là báo cáo.",
            )
        if rows:
            return _restore(con, rows[0][0], file_id=file_id, user=user, reason=reason)
    name, data = queries.file_bytes(file_id=file_id, db=db)
    registry = db_registry(db=db)
    with tempfile.TemporaryDirectory(prefix="reread-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        rec = extract_file(path, registry=registry, force_report=True)
    rec.file = name
    with transaction(db) as con:
        _require(con, user, "đọc lại tệp như báo cáo")
        if con.execute("SELECT 1 FROM reports WHERE file_id = ?", [file_id]).fetchone():
            raise GateError(
                f"{file_id} was read meanwhile", user_message="Tệp này đã được đọc là báo cáo."
            )
        year, period = rec.value("year"), rec.value("period")
        ensure_open(con, year=year, period=period)
        res = place_stored(con, rec, file_id=file_id, name=name, user=user)
        _close_refusals(con, file_id, user)
        _decide(
            con,
            file_id=file_id,
            decision="report",
            report_id=res.report_id,
            reason=reason,
            user=user,
            detail={"outcome": res.outcome},
        )
        audit(
            con,
            user,
            "gate_report",
            res.report_id or file_id,
            {"file_id": file_id, "outcome": res.outcome, "reason": reason},
        )
    return res


def _restore(
    con: duckdb.DuckDBPyConnection, report_id: str, *, file_id: str, user: str, reason: str
) -> str:
    """Undo "Không phải báo cáo": the report's status and place among the versions as before."""
    row = con.execute(
        "SELECT r.agency_id, r.year, r.period, g.detail FROM reports r "
        "LEFT JOIN gate_decisions g ON g.report_id = r.id AND g.decision = 'not_report' "
        "WHERE r.id = ? ORDER BY g.id DESC LIMIT 1",
        [report_id],
    ).fetchone()
    agency_id, year, period, raw = row
    ensure_open(con, year=year, period=period)
    detail = json.loads(raw) if raw else {}
    current = False
    if detail.get("was_current") and agency_id is not None:
        now_current = con.execute(
            "SELECT id FROM reports WHERE agency_id = ? AND year = ? AND period = ? AND is_current",
            [agency_id, year, period],
        ).fetchone()
        # Only the version this report's removal brought back steps aside: a newer one that
        # arrived meanwhile stays current.
        if now_current is None or now_current[0] == detail.get("restored"):
            if now_current is not None:
                con.execute("UPDATE reports SET is_current = false WHERE id = ?", [now_current[0]])
            current = True
    con.execute(
        "UPDATE reports SET status = ?, is_current = ? WHERE id = ?",
        [detail.get("status") or "needs_review", current, report_id],
    )
    _close_refusals(con, file_id, user)
    _decide(
        con,
        file_id=file_id,
        decision="report",
        report_id=report_id,
        reason=reason,
        user=user,
        detail={"restored": True, "current": current},
    )
    audit(
        con,
        user,
        "gate_report",
        report_id,
        {"file_id": file_id, "restored": True, "current": current, "reason": reason},
    )
    return report_id


def link_spokesperson_decision(
    *, file_id: str, agency_id: str, from_year: int, user: str, db: DbPath = None
) -> int:
    """Keep a decision appointing a spokesperson as evidence of an agency's spokesperson rule from
    ``from_year`` on ("Dùng làm căn cứ người phát ngôn cho <đơn vị>"); return the link's id.

    The file must be one refused as a decision. Refused while a period of ``from_year`` or later
    is locked (the rule's results there would change). ``user`` an editor or admin. Audited.
    """
    if not isinstance(from_year, int) or not YEARS[0] <= from_year <= YEARS[1]:
        raise GateError(f"bad year {from_year!r}", user_message="Năm áp dụng không hợp lệ.")
    with transaction(db) as con:
        _require(con, user, "dùng quyết định làm căn cứ người phát ngôn")
        row = con.execute("SELECT doc_type FROM files WHERE id = ?", [file_id]).fetchone()
        if row is None:
            raise FileNotStored(f"file {file_id} not found")
        if row[0] != "decision":
            raise GateError(
                f"{file_id} is not a decision",
                user_message="Chỉ quyết định (chỉ định người phát ngôn) mới dùng làm căn cứ được.",
            )
        if not con.execute("SELECT 1 FROM agencies WHERE id = ?", [agency_id]).fetchone():
            raise AgencyNotFound(f"agency {agency_id} not in registry")
        _ensure_years_open(con, from_year)
        link_id = con.execute(
            "INSERT INTO spokesperson_decisions (agency_id, file_id, from_year, linked_by, "
            "linked_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [agency_id, file_id, from_year, user, auth.clock.now()],
        ).fetchone()[0]
        audit(
            con,
            user,
            "link_spokesperson_decision",
            agency_id,
            {"file_id": file_id, "from_year": from_year, "link_id": link_id},
        )
    return link_id


def unlink_spokesperson_decision(*, link_id: int, user: str, db: DbPath = None) -> None:
    """Take back a decision kept as spokesperson evidence; audited, refused under a lock."""
    with transaction(db) as con:
        _require(con, user, "bỏ căn cứ người phát ngôn")
        row = con.execute(
            "SELECT agency_id, file_id, from_year FROM spokesperson_decisions "
            "WHERE id = ? AND unlinked_at IS NULL",
            [link_id],
        ).fetchone()
        if row is None:
            raise GateError(f"link {link_id} not in force", user_message="Căn cứ này đã được bỏ.")
        _ensure_years_open(con, row[2])
        con.execute(
            "UPDATE spokesperson_decisions SET unlinked_by = ?, unlinked_at = ? WHERE id = ?",
            [user, auth.clock.now(), link_id],
        )
        audit(
            con,
            user,
            "unlink_spokesperson_decision",
            row[0],
            {"file_id": row[1], "from_year": row[2], "link_id": link_id},
        )


def _ensure_years_open(con: duckdb.DuckDBPyConnection, from_year: int) -> None:
    locked = con.execute(
        "SELECT year, period FROM period_locks WHERE unlocked_at IS NULL AND year >= ? "
        "ORDER BY year LIMIT 1",
        [from_year],
    ).fetchone()
    if locked is not None:
        ensure_open(con, year=locked[0], period=locked[1])
