"""Every authored change to the warehouse's reports: corrections, confirmation, assignment,
dismissal of review items, and the placing of waiting reports after a registry import.

Loading (``warehouse.load``) only writes what extraction found; a person's decision is recorded
here, beside the extracted values (never over them), under the person's role and in the audit
trail.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from ingest.errors import WarehouseError
from ingest.periods import PERIOD_CODES, period_end
from ingest.record import LIST_KINDS, REQUIRED_FIELDS, SPECS, InvalidValue, check_value
from warehouse import auth, facts
from warehouse.db import DbPath, Writer, audit, transaction
from warehouse.labels import REVIEW_STATE_LABELS
from warehouse.load import check_arrival, clean_incoming_number, insert_version, value_to_json
from warehouse.locks import ensure_open, ensure_report_open
from warehouse.registry import import_csv, refresh_expected
from warehouse.registry import registry as db_registry

# Correcting one of the fields that place a report would move it to another agency or period:
# use assign_report.
PLACEMENT_FIELDS = REQUIRED_FIELDS


class InvalidCorrection(WarehouseError):
    user_message = "Giá trị sửa không hợp lệ cho trường này. Vui lòng kiểm tra lại."


class ReportNotFound(WarehouseError):
    user_message = "Không tìm thấy báo cáo này (có thể đã bị thay bằng bản mới). Vui lòng tải lại."


class AgencyNotFound(WarehouseError):
    user_message = "Không có cơ quan này trong danh mục. Hãy bổ sung danh mục trước."


@dataclass
class CorrectionResult:
    """A stored correction. conflict: the other reviewer's correction made after the value this
    reviewer saw (expected_current), as a dict (correction_id, user, at, new_value, reason); None
    when nobody corrected the field meanwhile."""

    correction_id: int
    report_id: str
    field: str
    old_value: Any
    new_value: Any
    user: str
    at: datetime
    conflict: dict | None = None


def _unjson(text: str | None) -> Any:
    return None if text is None else json.loads(text)


# Bidirectional overrides and marks: invisible, and able to make a name read backwards.
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
_BREAKS = "\t\r\n\x0b\x0c\x85\u2028\u2029"


def clean_text(text: str, *, keep_newlines: bool = False) -> str:
    """Return typed or pasted text as NFC without control characters or bidi overrides.

    Line breaks and tabs become spaces (kept as newlines with ``keep_newlines``, for lists);
    runs of spaces collapse. XLSX and DOCX exports cannot store control characters at all.
    """
    out = []
    for ch in unicodedata.normalize("NFC", text).translate(BIDI_CONTROLS):
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif ch in _BREAKS:
            out.append(" ")
        elif unicodedata.category(ch) != "Cc":
            out.append(ch)
    lines = "".join(out).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines)


def coerce_value(field: str, value: Any) -> Any:
    """Return ``value`` converted to the field's type; raise InvalidCorrection when it cannot be.

    The type is the field's kind in ``ingest.record.FIELDS``: whole numbers for counts and years,
    real numbers, lists (one item a line or between semicolons), yes/no flags, ISO dates, text;
    bounds and lengths are the field table's (``ingest.record.check_value``), with its message.
    """
    spec = SPECS.get(field)
    if spec is None:
        raise InvalidCorrection(
            f"unknown field {field!r}", user_message=f"Không có trường “{field}”."
        )
    kind = spec.kind
    is_list = kind in LIST_KINDS
    if isinstance(value, str):
        value = clean_text(value, keep_newlines=is_list)
    elif isinstance(value, list | tuple):
        value = [clean_text(v) if isinstance(v, str) else v for v in value]
    if value is None or (isinstance(value, str) and not value.strip() and not is_list):
        return None
    try:
        if is_list:
            if isinstance(value, str):
                value = [p.strip() for p in re.split(r"[\n;]", value)]
            value = [str(v).strip() for v in value if str(v).strip()]
        elif kind == "flag":
            value = _flag(value)
        elif kind in ("text", "period"):
            value = str(value).strip()
        return check_value(field, value)
    except InvalidValue as e:
        raise InvalidCorrection(
            f"bad value {str(value)[:80]!r} for {field}: {e}", user_message=str(e)
        ) from e


def _flag(value: Any) -> bool:
    if not isinstance(value, str):
        return bool(value)
    folded = value.strip().lower()
    if folded in ("có", "co", "true", "1", "yes", "x"):
        return True
    if folded in ("không", "khong", "false", "0", "no", ""):
        return False
    raise InvalidValue(f"Nhập “Có” hoặc “Không” (đã nhập “{value[:40]}”).")


_NOT_GIVEN: Any = object()


def correct_field(
    *,
    report_id: str,
    field: str,
    new_value: Any,
    reason: str,
    user: str,
    expected_current: Any = _NOT_GIVEN,
    db: DbPath = None,
) -> CorrectionResult:
    """Record a correction beside the extracted value (never over it); the later one wins.

    expected_current: the value the reviewer saw. When given and someone corrected the field since
    (the current effective value differs), the correction is still recorded and
    ``CorrectionResult.conflict`` describes the other reviewer's correction. Pass None explicitly
    when the reviewer saw an empty value. ``user`` must be an active editor or admin.
    """
    if field in PLACEMENT_FIELDS:
        raise InvalidCorrection(
            f"{field} moves the report; use assign_report",
            user_message="Cơ quan, năm và kỳ báo cáo được sửa bằng chức năng “Gán cơ quan/kỳ”.",
        )
    value = coerce_value(field, new_value)
    reason = clean_text(reason or "")
    if not (user or "").strip():
        raise InvalidCorrection("user is required", user_message="Cần biết người sửa.")
    now = datetime.now()
    with transaction(db) as con:
        auth.require_role(
            con, user, "editor", action="correct a field", action_vi="sửa số liệu báo cáo"
        )
        if not con.execute("SELECT 1 FROM reports WHERE id = ?", [report_id]).fetchone():
            raise ReportNotFound(f"report {report_id} not found")
        ensure_report_open(con, report_id)
        cur = con.execute(
            "SELECT value, corrected FROM effective_values WHERE report_id = ? AND field = ?",
            [report_id, field],
        ).fetchone()
        current = _unjson(cur[0]) if cur else None
        conflict = None
        if expected_current is not _NOT_GIVEN:
            seen = coerce_value(field, expected_current)
            if value_to_json(seen) != value_to_json(current) and cur and cur[1]:
                other = con.execute(
                    'SELECT id, "user", created_at, new_value, reason FROM corrections '
                    "WHERE report_id = ? AND field = ? ORDER BY id DESC LIMIT 1",
                    [report_id, field],
                ).fetchone()
                conflict = {
                    "correction_id": other[0],
                    "user": other[1],
                    "at": other[2],
                    "new_value": _unjson(other[3]),
                    "reason": other[4],
                }
        cid = con.execute(
            'INSERT INTO corrections (report_id, field, old_value, new_value, "user", created_at, '
            "reason) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [report_id, field, value_to_json(current), value_to_json(value), user, now, reason],
        ).fetchone()[0]
        facts.refresh(con, [report_id])
        audit(
            con,
            user,
            "correct",
            report_id,
            {
                "field": field,
                "old": current,
                "new": value,
                "reason": reason,
                "conflict": bool(conflict),
            },
        )
    return CorrectionResult(cid, report_id, field, current, value, user, now, conflict)


def confirm_report(*, report_id: str, user: str, db: DbPath = None) -> None:
    """Mark a report as checked by a reviewer (an editor): state "Đã xác nhận", status ok, who and
    when recorded (shown as "Đã xác nhận – tên, thời điểm"), audited."""
    set_review_state(report_id=report_id, state="confirmed", user=user, db=db)


def set_review_state(
    *, report_id: str, state: str, user: str, reason: str = "", db: DbPath = None
) -> None:
    """Set a report's review state: "pending" (Chờ xem xét), "confirmed" (Đã xác nhận) or
    "returned" (Trả lại đơn vị, ``reason`` required). Each change is kept with its reviewer and
    time (report_states) and audited; refused while the report's period is locked. Confirming
    clears the report's review items and stamps who and when; leaving "confirmed" clears the
    stamp. ``user`` must be an active editor or admin.
    """
    if state not in REVIEW_STATE_LABELS:
        raise InvalidCorrection(
            f"unknown review state {state!r}", user_message="Trạng thái xem xét không hợp lệ."
        )
    reason = clean_text(reason or "")
    if state == "returned" and not reason:
        raise InvalidCorrection(
            "returning a report needs a reason",
            user_message="Vui lòng nhập lý do trả lại đơn vị.",
        )
    with transaction(db) as con:
        auth.require_role(
            con, user, "editor", action="set a review state", action_vi="xác nhận báo cáo"
        )
        row = con.execute(
            "SELECT status, review_state FROM reports WHERE id = ?", [report_id]
        ).fetchone()
        if not row:
            raise ReportNotFound(f"report {report_id} not found")
        if row[0] == "unmatched":
            raise InvalidCorrection(
                f"{report_id} is not placed",
                user_message="Báo cáo chưa gán cơ quan/kỳ; hãy gán trước khi xác nhận.",
            )
        ensure_report_open(con, report_id)
        now = auth.clock.now()
        confirmed = state == "confirmed"
        con.execute(
            "UPDATE reports SET review_state = ?, review_reason = ?, confirmed_by = ?, "
            "confirmed_at = ?, status = CASE WHEN ? THEN 'ok' ELSE status END WHERE id = ?",
            [
                state,
                reason or None,
                user if confirmed else None,
                now if confirmed else None,
                confirmed,
                report_id,
            ],
        )
        con.execute(
            'INSERT INTO report_states (report_id, state, reason, "user", created_at) '
            "VALUES (?, ?, ?, ?, ?)",
            [report_id, state, reason or None, user, now],
        )
        if confirmed:
            con.execute(
                "UPDATE review_queue SET resolved_at = ?, resolved_by = ? WHERE report_id = ? "
                "AND resolved_at IS NULL AND kind NOT IN ('possible_resubmission', "
                "'locked_period')",
                [now, user, report_id],
            )
        audit(
            con,
            user,
            "confirm" if confirmed else "review_state",
            report_id,
            {
                "previous_status": row[0],
                "previous_state": row[1],
                "state": state,
                "reason": reason,
                "at": now,
            },
        )


def assign_report(
    *,
    report_id: str,
    agency_id: str,
    user: str,
    year: int | None = None,
    period: str | None = None,
    db: DbPath = None,
    writer: Writer | None = None,
) -> str:
    """Place an unmatched report under a registry agency (and year/period when missing).

    The reviewer's choice becomes a new current version of that agency and period; the extracted
    values and any corrections move with it. Returns the new report id. With ``writer`` (a batch),
    the transaction is the writer's. ``user`` must be an active editor or admin.
    """
    with writer.transaction() if writer is not None else transaction(db) as con:
        _require_assigner(con, user)
        row = con.execute(
            "SELECT file_id, year, period, status, doc_type, agency_name_raw FROM reports "
            "WHERE id = ?",
            [report_id],
        ).fetchone()
        if not row:
            raise ReportNotFound(f"report {report_id} not found")
        if row[3] != "unmatched":
            raise InvalidCorrection(
                f"{report_id} is already placed",
                user_message="Báo cáo này đã được gán cơ quan và kỳ.",
            )
        if not con.execute("SELECT 1 FROM agencies WHERE id = ?", [agency_id]).fetchone():
            raise AgencyNotFound(f"agency {agency_id} not in registry")
        year = year if year is not None else row[1]
        period = period if period is not None else row[2]
        if not isinstance(year, int) or period not in PERIOD_CODES:
            raise InvalidCorrection(
                f"year/period missing for {report_id}",
                user_message="Cần chọn năm và kỳ báo cáo.",
            )
        ensure_open(con, year=year, period=period)
        new_id, supersedes = insert_version(
            con,
            agency_id=agency_id,
            year=year,
            period=period,
            file_id=row[0],
            status="ok",
            doc_type=row[4],
            user=user,
        )
        # Re-key by copy + delete: DuckDB rewrites indexed columns as delete + insert anyway.
        con.execute(
            "INSERT INTO field_values SELECT ? AS report_id, field, value, quote, location, "
            '"where", confidence, qualifier, derived, extractor_version, box FROM field_values '
            "WHERE report_id = ?",
            [new_id, report_id],
        )
        con.execute("DELETE FROM field_values WHERE report_id = ?", [report_id])
        con.execute("UPDATE corrections SET report_id = ? WHERE report_id = ?", [new_id, report_id])
        con.execute("DELETE FROM report_facts WHERE report_id = ?", [report_id])
        facts.refresh(con, [new_id])
        con.execute("DELETE FROM reports WHERE id = ?", [report_id])
        con.execute(
            "UPDATE review_queue SET resolved_at = ?, resolved_by = ? "
            "WHERE report_id = ? AND resolved_at IS NULL",
            [datetime.now(), user, report_id],
        )
        audit(
            con,
            user,
            "assign_agency",
            new_id,
            {
                "from": report_id,
                "agency_id": agency_id,
                "year": year,
                "period": period,
                "name_as_written": row[5],
                "supersedes": supersedes,
            },
        )
        # As in _place: only a new agency/year/period can change expected_reports.
        expected = con.execute(
            "SELECT 1 FROM expected_reports WHERE agency_id = ? AND year = ? AND period = ?",
            [agency_id, year, period],
        ).fetchone()
        if not expected:
            refresh_expected(con)
    return new_id


def decide_resubmission(*, report_id: str, replace: bool, user: str, db: DbPath = None) -> str:
    """Decide on a possible resubmission (a version stored not current beside the current one).

    ``replace``: the new version becomes current and supersedes the current one; else the current
    one stays and the new one stays stored, not current. Either way the queue item closes and the
    decision is audited. Returns the id of the report current afterwards. ``user`` must be an
    active editor or admin.
    """
    with transaction(db) as con:
        _require_assigner(con, user)
        item = con.execute(
            "SELECT id, related_report_id FROM review_queue WHERE report_id = ? "
            "AND kind IN ('possible_resubmission', 'locked_period') AND resolved_at IS NULL",
            [report_id],
        ).fetchone()
        row = con.execute(
            "SELECT agency_id, year, period, is_current FROM reports WHERE id = ?", [report_id]
        ).fetchone()
        if item is None or row is None or row[3]:
            raise ReportNotFound(
                f"no open resubmission decision for {report_id}",
                user_message="Bản này không còn chờ quyết định thay thế.",
            )
        ensure_open(con, year=row[1], period=row[2])
        old = con.execute(
            "SELECT id FROM reports WHERE agency_id = ? AND year = ? AND period = ? AND is_current",
            list(row[:3]),
        ).fetchone()
        old_id = old[0] if old else None
        now = datetime.now()
        if replace:
            if old_id is not None:
                con.execute("UPDATE reports SET is_current = false WHERE id = ?", [old_id])
            con.execute(
                "UPDATE reports SET is_current = true, supersedes = ? WHERE id = ?",
                [old_id, report_id],
            )
            facts.refresh(con, [report_id])
        con.execute(
            "UPDATE review_queue SET resolved_at = ?, resolved_by = ? WHERE id = ?",
            [now, user, item[0]],
        )
        audit(
            con,
            user,
            "replace_version" if replace else "keep_version",
            report_id,
            {"current_before": old_id, "replace": replace},
        )
    return report_id if replace or old_id is None else old_id


def _require_assigner(con: duckdb.DuckDBPyConnection, user: str) -> None:
    auth.require_role(
        con, user, "editor", action="assign a report", action_vi="gán báo cáo cho đơn vị"
    )


def dismiss_review_item(*, item_id: int, user: str, note: str = "", db: DbPath = None) -> None:
    """Close a review-queue item a reviewer (an editor) has dealt with (e.g. asked the agency to
    resend)."""
    with transaction(db) as con:
        auth.require_role(
            con,
            user,
            "editor",
            action="close a review item",
            action_vi="đóng mục cần xử lý",
        )
        row = con.execute(
            "SELECT kind, file_id, report_id FROM review_queue "
            "WHERE id = ? AND resolved_at IS NULL",
            [item_id],
        ).fetchone()
        if not row:
            raise ReportNotFound(
                f"review item {item_id} not open",
                user_message="Mục này không còn trong danh sách chờ xử lý.",
            )
        con.execute(
            "UPDATE review_queue SET resolved_at = ?, resolved_by = ? WHERE id = ?",
            [datetime.now(), user, item_id],
        )
        audit(
            con,
            user,
            "dismiss_review",
            row[2] or row[1],
            {"item_id": item_id, "kind": row[0], "note": note},
        )


def rematch_unmatched(*, db: DbPath = None, user: str = "system") -> list[str]:
    """Place unmatched reports whose agency name the (updated) registry now matches confidently.

    Run after a registry import; returns the new report ids. Names still unknown, or matched only
    loosely or ambiguously, stay queued for a person.
    ``user`` must be an active editor or admin, or a system actor.
    """
    reg = db_registry(db=db)
    with transaction(db) as con:
        _require_assigner(con, user)
        rows = con.execute(_WAITING_NAMES).fetchall()
    placed = []
    with Writer(db) as writer:
        for report_id, name, year, period, province in rows:
            if not isinstance(year, int) or period not in PERIOD_CODES:
                continue
            # As extraction matches: with the report's province, among agencies of its period.
            match = reg.resolve(name, on=period_end(year, period), province=_unjson(province))
            if not match.confident:
                continue
            placed.append(
                assign_report(
                    report_id=report_id, agency_id=match.registry_id, user=user, writer=writer
                )
            )
    return placed


_WAITING_NAMES = """
SELECT r.id, r.agency_name_raw, r.year, r.period, p.value
FROM reports r
LEFT JOIN effective_values p ON p.report_id = r.id AND p.field = 'province'
WHERE r.status = 'unmatched' AND r.agency_id IS NULL AND r.agency_name_raw IS NOT NULL
ORDER BY r.extracted_at
"""


def import_registry(
    path: str | Path, *, db: DbPath = None, user: str = "cli"
) -> tuple[int, list[str]]:
    """Import an agencies CSV, then place the reports waiting for an agency it now knows.

    Returns the number of agencies imported and the ids of the reports placed. ``user`` must be an
    active admin or a system actor (PermissionDenied before anything is written otherwise); the
    placing is recorded under the same ``user``.
    """
    count = import_csv(path, db=db, user=user)
    return count, rematch_unmatched(db=db, user=user)


class FileNotStored(WarehouseError):
    user_message = "Không tìm thấy tệp này trong kho (có thể đã bị xoá). Vui lòng tải lại trang."


@dataclass
class ArrivalChange:
    """A changed arrival date (ngày đến) and incoming number (số đến) of one received file."""

    file_id: str
    old_arrived_on: date | None
    arrived_on: date
    old_incoming_number: str | None
    incoming_number: str | None
    user: str
    at: datetime


def set_arrival(
    *,
    file_id: str,
    arrived_on: date,
    incoming_number: str | None,
    user: str,
    reason: str,
    db: DbPath = None,
) -> ArrivalChange:
    """Change when a received file arrived and its incoming number, audited like a correction.

    The date may not be after today nor before the period of the file's report began
    (``warehouse.load.ArrivalDateError``). Timeliness follows at once: it is judged on the arrival
    date. ``user`` must be an active editor or admin.
    """
    number = clean_incoming_number(incoming_number)
    reason = clean_text(reason or "")
    now = datetime.now()
    with transaction(db) as con:
        auth.require_role(
            con, user, "editor", action="change an arrival date", action_vi="sửa ngày đến"
        )
        row = con.execute(
            "SELECT f.arrived_on, f.incoming_number, r.year, r.period FROM files f "
            "LEFT JOIN reports r ON r.file_id = f.id WHERE f.id = ? "
            "ORDER BY r.is_current DESC NULLS LAST LIMIT 1",
            [file_id],
        ).fetchone()
        if row is None:
            raise FileNotStored(f"file {file_id} not found")
        old_day, old_number, year, period = row
        ensure_open(con, year=year, period=period)
        check_arrival(arrived_on, year=year, period=period)
        con.execute(
            "UPDATE files SET arrived_on = ?, incoming_number = ? WHERE id = ?",
            [arrived_on, number, file_id],
        )
        audit(
            con,
            user,
            "set_arrival",
            file_id,
            {
                "old": {"arrived_on": old_day, "incoming_number": old_number},
                "new": {"arrived_on": arrived_on, "incoming_number": number},
                "reason": reason,
            },
        )
    return ArrivalChange(file_id, old_day, arrived_on, old_number, number, user, now)
