"""Load extracted reports into the warehouse: idempotent by file sha256, versioned, audited.

Extraction (slow, parallel) runs outside any database transaction; each file's write is then one
short transaction, so a failure leaves nothing half-written. A batch writes through one
``warehouse.db.Writer`` (the file is opened a few times, not once a file), which gives the file
back within about a second to anyone waiting for it, and while waiting for a slow extraction, so
the dashboard stays usable during a CLI load. The original bytes go to a content-addressed folder
next to the database (``files/ab/abcdef…``), written to a temporary name and renamed before the
transaction commits; a blob left behind by a rolled-back load is harmless (the next load of that
file reuses it).
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import queue
import re
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb

from ingest import EXTRACTOR_VERSION, archive
from ingest.errors import EmptyFile, ReportsError, TooLarge, WarehouseError
from ingest.periods import PERIOD_CODES, PERIOD_LABELS, period_start
from ingest.pipeline import (
    EXTENSIONS,
    REVIEW_CONFIDENCE,
    extract_file,
    extract_many,
    printable,
)
from ingest.readers import Limits, detect_format
from ingest.record import FIELD_LABELS, ExtractedReport
from warehouse import auth, facts
from warehouse.db import DbPath, Writer, audit, connect, files_dir, json_default, transaction
from warehouse.locks import lock_in_force
from warehouse.registry import (
    refresh_expected,
    today,
    working_period,
)
from warehouse.registry import registry as db_registry
from warehouse.rules import load_config

log = logging.getLogger(__name__)

Outcome = Literal[
    "loaded",
    "duplicate",
    "new_version",
    "not_a_report",
    "error",
    "unmatched_agency",
    "possible_resubmission",
    "locked_period",
]


@dataclass
class LoadResult:
    """What happened to one file.

    outcome: loaded (first version), duplicate (same sha256 already stored: nothing written but a
    log line), new_version (supersedes an earlier report of the same agency and period),
    not_a_report (memo, dispatch, form...: file kept, no report), error (unreadable: file kept,
    in the review queue), unmatched_agency (agency not matched confidently to the registry: review
    queue with the candidates), possible_resubmission (a new version whose period is unsure,
    stored not current beside the current one: review queue), locked_period (a report of a period
    whose figures are locked: stored not current, queued as "kỳ đã chốt").
    status: the extraction status (ok | needs_review | not_a_report | error).
    message_vi: Vietnamese sentence for the user.
    """

    file: str
    original_name: str
    sha256: str | None
    outcome: Outcome
    status: str
    message_vi: str
    report_id: str | None = None
    supersedes: str | None = None
    agency: str | None = None
    year: int | None = None
    period: str | None = None
    record: ExtractedReport | None = None
    file_id: str | None = None


class ArrivalDateError(WarehouseError):
    """An arrival date ("ngày đến") that cannot be right: in the future, or before its period."""

    user_message = "Ngày đến không hợp lệ; vui lòng kiểm tra lại."


# --------------------------------------------------------------------------- arrival


def check_arrival(
    arrived_on: date, *, year: int | None = None, period: str | None = None, on: date | None = None
) -> None:
    """Refuse an arrival date after today (``on``) or before the report's period began."""
    on = on or today()
    if arrived_on > on:
        raise ArrivalDateError(
            f"arrival date {arrived_on} is after today {on}",
            user_message=(
                f"Ngày đến {arrived_on:%d/%m/%Y} ở sau ngày hôm nay ({on:%d/%m/%Y}); "
                "hãy nhập ngày văn bản đến cơ quan."
            ),
        )
    start = period_start(year, period) if isinstance(year, int) and period else None
    if start is not None and arrived_on < start:
        raise ArrivalDateError(
            f"arrival date {arrived_on} is before {period} {year} began ({start})",
            user_message=(
                f"Ngày đến {arrived_on:%d/%m/%Y} ở trước khi kỳ báo cáo bắt đầu "
                f"({start:%d/%m/%Y}); hãy kiểm tra lại ngày đến."
            ),
        )


def parse_day(text: str) -> date:
    """Return a date written YYYY-MM-DD or dd/mm/yyyy (as officials write it); ValueError else."""
    text = text.strip()
    if match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        day, month, year = map(int, match.groups())
        return date(year, month, day)
    return date.fromisoformat(text)


def clean_incoming_number(text: str | None) -> str | None:
    """Return an incoming number ("số đến") as NFC on one line, or None when blank."""
    text = unicodedata.normalize("NFC", text or "")
    text = " ".join("".join(" " if unicodedata.category(c)[0] == "C" else c for c in text).split())
    return text[:100] or None


# The first arrival of the same bytes: who brought it and when, and the report made of it.
_FIRST_CAME = """
SELECT f.id, f.received_at, coalesce(u.full_name, f.uploaded_by) AS who, r.id, r.agency_id, r.year,
       r.period,
       (SELECT l.status FROM ingest_log l WHERE l.file_id = f.id AND l.outcome <> 'duplicate'
        ORDER BY l.id LIMIT 1) AS status
FROM files f
LEFT JOIN users u ON u.username = f.uploaded_by
LEFT JOIN reports r ON r.file_id = f.id
WHERE f.sha256 = ?
ORDER BY r.is_current DESC NULLS LAST
LIMIT 1
"""


def duplicate_message(received_at: datetime, who: str) -> str:
    """Return the Vietnamese sentence for a file already stored: when and by whom it came."""
    return f"Tệp này đã được nạp ngày {received_at:%d/%m/%Y} bởi {who}; không ghi thêm."


def _duplicate(
    con: duckdb.DuckDBPyConnection, res: LoadResult, *, user: str, status: str | None = None
) -> bool:
    """Fill ``res`` as a duplicate and log it when its bytes are stored already; return whether."""
    row = con.execute(_FIRST_CAME, [res.sha256]).fetchone()
    if row is None:
        return False
    file_id, received_at, who, res.report_id, res.agency, res.year, res.period, first = row
    res.outcome, res.file_id = "duplicate", file_id
    res.status = status or first or "ok"
    res.message_vi = duplicate_message(received_at, who)
    _log(
        con,
        file_id=file_id,
        name=res.original_name,
        sha256=res.sha256,
        outcome="duplicate",
        status=res.status,
        message=res.message_vi,
        detail=None,
        report_id=res.report_id,
        user=user,
    )
    return True


def stored_shas(shas: list[str], *, db: DbPath = None) -> set[str]:
    """Return which of these sha256 digests are stored already (one read-only query)."""
    with connect(db, read_only=True) as con:
        rows = con.execute(
            "SELECT sha256 FROM files WHERE sha256 IN (SELECT unnest($1::VARCHAR[]))", [shas]
        ).fetchall()
    return {r[0] for r in rows}


def load_duplicate(
    name: str, data: bytes, *, user: str, db: DbPath = None, writer: Writer | None = None
) -> LoadResult | None:
    """Return the duplicate result (logged) when these bytes are stored already, else None.

    Called before any reading or OCR: a file that came before is never read again.
    """
    if writer is not None:
        db = writer.path
    sha = hashlib.sha256(data).hexdigest()
    res = LoadResult(
        file=name,
        original_name=sanitise_name(name),
        sha256=sha,
        outcome="duplicate",
        status="ok",
        message_vi="",
    )
    if writer is None and not stored_shas([sha], db=db):  # the common case writes nothing
        return None
    with writer.transaction() if writer is not None else transaction(db) as con:
        _require_uploader(con, user)
        return res if _duplicate(con, res, user=user) else None


# --------------------------------------------------------------------------- helpers


def sanitise_name(name: str) -> str:
    """Return a safe display/file name: last path part, NFC, no control characters, ≤ 180 chars
    and ≤ 240 UTF-8 bytes."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    # File systems allow 255 bytes, and Vietnamese letters take 2-3 bytes in UTF-8.
    if len(base) > 180 or len(base.encode()) > 240:
        stem, dot, ext = base.rpartition(".")
        if not (dot and len(ext) <= 8):
            stem, dot, ext = base, "", ""
        stem = stem[:170]
        while len((stem + dot + ext).encode()) > 240:
            stem = stem[:-1]
        base = stem.rstrip(" .") + dot + ext
    return base or "tep-khong-ten"


def value_to_json(value: Any) -> str | None:
    """Return a field value as the JSON text the warehouse stores (None stays NULL)."""
    if value is None:
        return None
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, default=json_default)
    except (TypeError, ValueError) as e:
        raise WarehouseError(f"value {value!r} cannot be stored as JSON: {e}") from e


def store_blob(data: bytes, sha256: str, *, db: DbPath = None) -> str:
    """Write the bytes to files/ab/<sha256> atomically (temp + rename); return the relative path."""
    rel = f"files/{sha256[:2]}/{sha256}"
    target = files_dir(db) / sha256[:2] / sha256
    if target.exists() and target.stat().st_size == len(data):
        return rel
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return rel


def _log(
    con: duckdb.DuckDBPyConnection,
    *,
    file_id: str | None,
    name: str,
    sha256: str | None,
    outcome: str,
    status: str | None,
    message: str,
    detail: str | None,
    report_id: str | None,
    user: str,
) -> None:
    con.execute(
        "INSERT INTO ingest_log (created_at, file_id, original_name, sha256, outcome, status, "
        'message, detail, report_id, "user") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [datetime.now(), file_id, name, sha256, outcome, status, message, detail, report_id, user],
    )


def _queue(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    *,
    file_id: str | None,
    report_id: str | None,
    message: str,
    confidence: float | None = None,
    candidates: dict | None = None,
    related_report_id: str | None = None,
) -> None:
    con.execute(
        "INSERT INTO review_queue (kind, file_id, report_id, message, created_at, confidence, "
        "candidates, related_report_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            kind,
            file_id,
            report_id,
            message,
            datetime.now(),
            confidence,
            value_to_json(candidates),
            related_report_id,
        ],
    )


def insert_fields(con: duckdb.DuckDBPyConnection, report_id: str, rec: ExtractedReport) -> None:
    """Write a record's values with their evidence, and its typed facts, under ``report_id``."""
    items = list(rec.fields.items())
    facts.write(
        con,
        report_id,
        {
            name: (
                value_to_json(fv.value),
                fv.quote,
                fv.location.describe() if fv.location else None,
            )
            for name, fv in items
            if name in facts.VALUE_FIELDS
        },
        period=rec.value("period"),
        derived=[name for name, fv in items if fv.derived],
    )
    if not items:
        return
    # One statement over column lists: executemany runs one INSERT per row (~1 ms each).
    con.execute(
        _INSERT_FIELDS,
        [
            report_id,
            [name for name, _ in items],
            [value_to_json(fv.value) for _, fv in items],
            [fv.quote for _, fv in items],
            [value_to_json(fv.location.to_dict()) if fv.location else None for _, fv in items],
            [fv.location.describe() if fv.location else None for _, fv in items],
            [float(fv.confidence) if fv.confidence is not None else None for _, fv in items],
            [fv.qualifier for _, fv in items],
            [bool(fv.derived) for _, fv in items],
            EXTRACTOR_VERSION,
            [
                value_to_json(fv.location.box.to_dict())
                if fv.location and fv.location.box
                else None
                for _, fv in items
            ],
        ],
    )


_INSERT_FIELDS = """
INSERT INTO field_values (report_id, field, value, quote, location, "where", confidence,
    qualifier, derived, extractor_version, box)
SELECT $1, unnest($2::VARCHAR[]), unnest($3::VARCHAR[]), unnest($4::VARCHAR[]),
    unnest($5::VARCHAR[]), unnest($6::VARCHAR[]), unnest($7::DOUBLE[]), unnest($8::VARCHAR[]),
    unnest($9::BOOLEAN[]), $10, unnest($11::VARCHAR[])
"""


def lowest_confidence(rec: ExtractedReport) -> float | None:
    """Return the lowest confidence of the record's fields (None without fields): the review
    queue puts the most doubtful first."""
    values = [fv.confidence for fv in rec.fields.values() if fv.confidence is not None]
    return min(values) if values else None


def period_confident(rec: ExtractedReport) -> bool:
    """Return whether the report's year and period were read surely enough (REVIEW_CONFIDENCE)
    for a new version to replace the current one without a person."""
    return all(
        (fv := rec.fields.get(name)) is not None and fv.confidence >= REVIEW_CONFIDENCE
        for name in ("year", "period")
    )


def _agency_name(con: duckdb.DuckDBPyConnection, agency_id: str) -> str:
    row = con.execute("SELECT name FROM agencies WHERE id = ?", [agency_id]).fetchone()
    return row[0] if row else agency_id


# Why a name did not file a report by itself (AgencyMatch.reason), for the reviewer.
_MATCH_REASONS_VI = {
    "absent": "không có trong danh mục",
    "low_score": "chỉ gần giống một đơn vị trong danh mục",
    "ambiguous": "có thể là nhiều đơn vị trong danh mục",
    "other_period": "không có đơn vị trùng tên còn hiệu lực trong kỳ báo cáo",
}


def _wait_unmatched(
    con: duckdb.DuckDBPyConnection,
    rec: ExtractedReport,
    res: LoadResult,
    *,
    file_id: str,
    user: str,
    agency_id: str | None,
) -> None:
    """Store the report unplaced and queue it for a person: its agency or its period is unsure.

    It is never a version of any agency's report until a reviewer assigns it.
    """
    am = rec.agency_match
    written = (am.written if am is not None and am.written else None) or rec.value("agency")
    report_id = f"unmatched:{file_id}"
    con.execute(
        "INSERT INTO reports (id, file_id, agency_id, agency_name_raw, year, period, version, "
        "status, doc_type, supersedes, is_current, extracted_at, loaded_by) "
        "VALUES (?, ?, ?, ?, ?, ?, NULL, 'unmatched', ?, NULL, false, ?, ?)",
        [
            report_id,
            file_id,
            agency_id,
            written,
            res.year,
            res.period,
            rec.doc_type,
            datetime.now(),
            user,
        ],
    )
    insert_fields(con, report_id, rec)
    res.report_id = report_id
    res.agency = written
    if agency_id is None:
        res.outcome = "unmatched_agency"
        shown = f"“{written}”" if written else "(không đọc được tên)"
        if am is None:
            why = "chưa được đối chiếu với danh mục"
        else:
            why = _MATCH_REASONS_VI.get(am.reason or "absent", _MATCH_REASONS_VI["absent"])
        offered = [c.name for c in am.candidates] if am is not None else []
        res.message_vi = f"Chưa khớp đơn vị: tên cơ quan {shown} {why}."
        if offered:
            res.message_vi += " Gợi ý: " + "; ".join(offered) + "."
        res.message_vi += (
            " Chọn đúng đơn vị hoặc bổ sung danh mục; số liệu đã trích xuất được giữ lại."
        )
        _queue(
            con,
            "unmatched_agency",
            file_id=file_id,
            report_id=report_id,
            message=res.message_vi,
            confidence=am.score if am is not None else 0.0,
            candidates=am.to_dict() if am is not None else {"written": written, "candidates": []},
        )
    else:
        res.outcome = "error"
        res.message_vi = (
            "Không xác định được năm hoặc kỳ báo cáo; cần nhập tay năm/kỳ cho báo cáo này."
        )
        _queue(
            con,
            "needs_review",
            file_id=file_id,
            report_id=report_id,
            message=res.message_vi,
            confidence=lowest_confidence(rec),
        )


def _write_version(
    con: duckdb.DuckDBPyConnection,
    rec: ExtractedReport,
    res: LoadResult,
    *,
    file_id: str,
    user: str,
    agency_id: str,
    current: bool,
) -> None:
    """Write the record as the next version of its agency and period, with its values."""
    res.agency = agency_id
    res.report_id, res.supersedes = insert_version(
        con,
        agency_id=agency_id,
        year=res.year,
        period=res.period,
        file_id=file_id,
        status=rec.status,
        doc_type=rec.doc_type,
        user=user,
        current=current,
    )
    insert_fields(con, res.report_id, rec)


# Why a new version waits beside the current one for a reviewer, by its queue kind.
_WAIT_MESSAGES = {
    # Its period was not read surely enough to replace the current report by itself.
    "possible_resubmission": (
        "Có thể là bản thay thế báo cáo {when} của {name}, nhưng năm/kỳ đọc chưa chắc chắn: bản "
        "hiện hành được giữ nguyên cho đến khi người duyệt quyết định."
    ),
    # Its period is locked: the approved figures stay until an admin unlocks it.
    "locked_period": (
        "Kỳ đã chốt: số liệu {when} đã được chốt nên báo cáo của {name} được lưu nhưng không "
        "thay đổi số liệu; sau khi mở khóa, người duyệt quyết định dùng bản này hay giữ số liệu "
        "đã chốt."
    ),
}


def _wait_beside(
    con: duckdb.DuckDBPyConnection,
    rec: ExtractedReport,
    res: LoadResult,
    *,
    kind: Literal["possible_resubmission", "locked_period"],
    file_id: str,
    user: str,
    agency_id: str,
    current: str | None,
) -> None:
    """Store a new version beside the current one (if any), not current, queued as ``kind`` for
    a reviewer to decide (review.decide_resubmission)."""
    _write_version(con, rec, res, file_id=file_id, user=user, agency_id=agency_id, current=False)
    res.outcome = kind
    when = f"{PERIOD_LABELS.get(res.period, res.period).lower()} {res.year}"
    res.message_vi = _WAIT_MESSAGES[kind].format(when=when, name=_agency_name(con, agency_id))
    _queue(
        con,
        kind,
        file_id=file_id,
        report_id=res.report_id,
        message=res.message_vi,
        confidence=lowest_confidence(rec),
        related_report_id=current,
    )


# Reader warnings that put a report's figures in doubt: text read by OCR, or parts of the file not
# read at all. A report with one waits for a person ("reader_warning") even when its values look
# fine. The others (a digital signature stamp set aside, a tiny image skipped) only say what the
# reader did and queue nothing. Patterns match the readers' English warnings (ingest/readers).
READER_WARNINGS_FOR_REVIEW: tuple[tuple[str, str], ...] = (
    (r"^OCR used for page", "có trang được đọc bằng OCR (bản scan)"),
    (r"^text read by OCR from", "chữ trong ảnh dán vào văn bản được đọc bằng OCR"),
    (r"without a usable text layer skipped", "có trang không đọc được chữ (máy chủ chưa có OCR)"),
    (r"^altChunk", "có phần nhúng (HTML/RTF) không đọc được"),
    (r" part .+ is missing from the package$", "tệp thiếu một phần nội dung"),
    (r"^embedded image .+ not decoded", "có ảnh trong tệp không giải mã được"),
)


def warnings_for_review(warnings: Iterable[str]) -> list[str]:
    """Return the Vietnamese reasons (each once, in table order) why ``warnings`` need a person."""
    warnings = list(warnings)
    return [
        vi
        for pattern, vi in READER_WARNINGS_FOR_REVIEW
        if any(re.search(pattern, w) for w in warnings)
    ]


def _review_message(rec: ExtractedReport) -> str:
    low = [
        n
        for n, fv in rec.fields.items()
        if fv.confidence is not None and fv.confidence < REVIEW_CONFIDENCE
    ]
    missing = [n for n in ("spokesperson_name", "posts_total") if rec.value(n) is None]
    bits = []
    if low:
        bits.append("độ tin cậy thấp ở: " + ", ".join(FIELD_LABELS.get(n, n) for n in low))
    if missing:
        bits.append("thiếu: " + ", ".join(FIELD_LABELS.get(n, n) for n in missing))
    if rec.warnings:
        bits.append(f"{len(rec.warnings)} cảnh báo khi đọc tệp")
    return "Cần kiểm tra lại số liệu" + (" (" + "; ".join(bits) + ")" if bits else "") + "."


# --------------------------------------------------------------------------- one file


def _require_uploader(con: duckdb.DuckDBPyConnection, user: str) -> None:
    auth.require_role(con, user, "editor", action="load a file", action_vi="nạp báo cáo")


def _refuse_early(user: str, db: DbPath) -> None:
    """Refuse a user who may not load before a slow extraction (write_record checks again)."""
    with connect(db, read_only=True) as con:
        _require_uploader(con, user)


def write_record(
    rec: ExtractedReport,
    data: bytes,
    *,
    original_name: str,
    db: DbPath = None,
    user: str,
    received_at: datetime | None = None,
    uploaded_by: str | None = None,
    registry: Any = None,
    writer: Writer | None = None,
    arrived_on: date | None = None,
    incoming_number: str | None = None,
) -> LoadResult:
    """Write one extracted file in ONE transaction and return what happened.

    The same bytes again (same sha256) write nothing but an ingest_log line. With ``writer`` (a
    batch), the transaction is the writer's and ``db`` is the writer's database. ``user`` must be
    an active editor or admin, or a system actor (auth.require_role): else PermissionDenied and
    nothing is written. ``arrived_on`` (ngày đến; default the day of ``received_at``, else today)
    must not be after today nor before the report's period began (ArrivalDateError, nothing
    written); ``incoming_number`` is the optional số đến. The agency comes from
    ``rec.agency_match`` (extraction's match with the report's province and period);
    ``registry`` is accepted for callers of earlier versions and not used: the warehouse never
    matches a name again.
    """
    if writer is not None:
        db = writer.path
    name = sanitise_name(original_name)
    sha = hashlib.sha256(data).hexdigest()
    if rec.sha256 and rec.sha256 != sha:
        log.warning("%s: record sha256 differs from the bytes; using the bytes", name)
    file_id = sha[:16]
    arrived_on = arrived_on or (received_at.date() if received_at else today())
    received_at = received_at or datetime.now()
    uploaded_by = uploaded_by or user
    base = LoadResult(
        file=rec.file,
        original_name=name,
        sha256=sha,
        outcome="error",
        status=rec.status,
        message_vi="",
        record=rec,
        file_id=file_id,
    )
    with writer.transaction() if writer is not None else transaction(db) as con:
        _require_uploader(con, user)
        if _duplicate(con, base, user=user, status=rec.status):
            return base
        year, period = rec.value("year"), rec.value("period")
        check_arrival(arrived_on, year=year, period=period if period in PERIOD_CODES else None)
        stored = store_blob(data, sha, db=db)
        con.execute(
            "INSERT INTO files (id, sha256, original_name, size, format, received_at, "
            "uploaded_by, stored_path, arrived_on, incoming_number) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                file_id,
                sha,
                name,
                len(data),
                rec.format,
                received_at,
                uploaded_by,
                stored,
                arrived_on,
                clean_incoming_number(incoming_number),
            ],
        )
        _expect_working_year(con)
        _place_logged(con, rec, base, file_id=file_id, user=user)
        audit(
            con,
            user,
            "load",
            base.report_id or file_id,
            {"file": name, "outcome": base.outcome, "sha256": sha},
        )
    return base


def _expect_working_year(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild expected_reports when the year officials work on is not in it yet (a new year
    began since the last rebuild), so it is expected before its first report arrives."""
    year, period = working_period(load_config())
    if not con.execute(
        "SELECT EXISTS (SELECT 1 FROM expected_reports WHERE year >= ? AND period = ?)",
        [year, period],
    ).fetchone()[0]:
        refresh_expected(con)


def _place(
    con: duckdb.DuckDBPyConnection,
    rec: ExtractedReport,
    res: LoadResult,
    *,
    file_id: str,
    user: str,
) -> None:
    """Decide what the file is and write its report rows (inside the caller's transaction)."""
    if rec.status == "error":
        res.outcome = "error"
        res.message_vi = rec.error or ReportsError.user_message
        _queue(con, "error", file_id=file_id, report_id=None, message=res.message_vi)
        return
    if rec.status == "not_a_report" or (rec.doc_type and rec.doc_type != "report"):
        kinds = {
            "memo": "tờ trình",
            "dispatch": "công văn",
            "form": "mẫu biểu trống",
            "decision": "quyết định",
        }
        kind = kinds.get(rec.doc_type or "", "văn bản khác")
        res.outcome = "not_a_report"
        res.status = "not_a_report"
        res.message_vi = f"Không phải báo cáo (là {kind}); đã lưu tệp, không tạo số liệu."
        _queue(con, "not_a_report", file_id=file_id, report_id=None, message=res.message_vi)
        con.execute("UPDATE files SET doc_type = ? WHERE id = ?", [rec.doc_type, file_id])
        return

    year, period = rec.value("year"), rec.value("period")
    res.year = year if isinstance(year, int) else None
    res.period = period if period in PERIOD_CODES else None
    am = rec.agency_match
    # Extraction resolved the agency with the report's province and period; the warehouse never
    # matches a bare name again. Only a confident match files the report without a person.
    agency_id = am.registry_id if am is not None and am.confident else None
    expected = False
    if agency_id is not None:
        # One round trip: is the agency in the table, and already expected for this period?
        exists, expected = con.execute(
            "SELECT EXISTS (SELECT 1 FROM agencies WHERE id = $1), EXISTS (SELECT 1 FROM "
            "expected_reports WHERE agency_id = $1 AND year = $2 AND period = $3)",
            [agency_id, res.year, res.period],
        ).fetchone()
        agency_id = agency_id if exists else None

    if agency_id is None or res.year is None or res.period is None:
        _wait_unmatched(con, rec, res, file_id=file_id, user=user, agency_id=agency_id)
        return

    current = con.execute(
        "SELECT id FROM reports WHERE agency_id = ? AND year = ? AND period = ? AND is_current",
        [agency_id, res.year, res.period],
    ).fetchone()
    locked = lock_in_force(con, year=res.year, period=res.period) is not None
    if locked or (current is not None and not period_confident(rec)):
        _wait_beside(
            con,
            rec,
            res,
            kind="locked_period" if locked else "possible_resubmission",
            file_id=file_id,
            user=user,
            agency_id=agency_id,
            current=current[0] if current else None,
        )
        return

    _write_version(con, rec, res, file_id=file_id, user=user, agency_id=agency_id, current=True)
    res.outcome = "new_version" if res.supersedes else "loaded"
    name = _agency_name(con, agency_id)
    when = f"{PERIOD_LABELS.get(res.period, res.period).lower()} {res.year}"
    if res.supersedes:
        res.message_vi = f"Đã nạp bản mới của {name} ({when}), thay bản trước."
    else:
        res.message_vi = f"Đã nạp báo cáo của {name} ({when})."
    if rec.status == "needs_review":
        review = _review_message(rec)
        res.message_vi += " " + review
        _queue(
            con,
            "needs_review",
            file_id=file_id,
            report_id=res.report_id,
            message=review,
            confidence=lowest_confidence(rec),
        )
    elif doubts := warnings_for_review(rec.warnings):
        review = "Cần kiểm tra lại số liệu với tệp gốc: " + "; ".join(doubts) + "."
        res.message_vi += " " + review
        _queue(
            con,
            "reader_warning",
            file_id=file_id,
            report_id=res.report_id,
            message=review,
            confidence=lowest_confidence(rec),
        )
    # expected_reports only changes when this agency was not yet expected for the period (a new
    # year, or a period the province does not ask for); rebuilding it on every file cost a full
    # table rewrite per load at national scale. Writing a report does not change it by itself,
    # so the check made before the insert holds.
    if not expected:
        refresh_expected(con)


def place_stored(
    con: duckdb.DuckDBPyConnection, rec: ExtractedReport, *, file_id: str, name: str, user: str
) -> LoadResult:
    """Place the record of a file stored already (read again as a report at a reviewer's word)
    as loading would have: a version, a wait for a person, or "kỳ đã chốt"; logged."""
    res = LoadResult(
        file=rec.file,
        original_name=name,
        sha256=rec.sha256,
        outcome="error",
        status=rec.status,
        message_vi="",
        record=rec,
        file_id=file_id,
    )
    _place_logged(con, rec, res, file_id=file_id, user=user)
    return res


def _place_logged(
    con: duckdb.DuckDBPyConnection,
    rec: ExtractedReport,
    res: LoadResult,
    *,
    file_id: str,
    user: str,
) -> None:
    """Place a stored file's record (``_place``) and log what happened in ingest_log."""
    _place(con, rec, res, file_id=file_id, user=user)
    _log(
        con,
        file_id=file_id,
        name=res.original_name,
        sha256=res.sha256,
        outcome=res.outcome,
        status=rec.status,
        message=res.message_vi,
        detail=rec.error_detail,
        report_id=res.report_id,
        user=user,
    )


def insert_version(
    con: duckdb.DuckDBPyConnection,
    *,
    agency_id: str,
    year: int,
    period: str,
    file_id: str,
    status: str,
    doc_type: str | None,
    user: str,
    current: bool = True,
) -> tuple[str, str | None]:
    """Insert the next version of agency/year/period; return (id, superseded id).

    ``current=False`` stores it beside the current version, which stays current (a possible
    resubmission waiting for a reviewer); nothing is superseded then.
    """
    version, supersedes = con.execute(
        "SELECT coalesce(max(version), 0) + 1, any_value(id) FILTER (WHERE is_current) "
        "FROM reports WHERE agency_id = ? AND year = ? AND period = ?",
        [agency_id, year, period],
    ).fetchone()
    if not current:
        supersedes = None
    if supersedes:
        con.execute("UPDATE reports SET is_current = false WHERE id = ?", [supersedes])
    report_id = f"{agency_id}:{year}:{period}:v{version}"
    con.execute(
        "INSERT INTO reports (id, file_id, agency_id, agency_name_raw, year, period, version, "
        "status, doc_type, supersedes, is_current, extracted_at, loaded_by) "
        "VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            report_id,
            file_id,
            agency_id,
            year,
            period,
            version,
            "needs_review" if status == "needs_review" else "ok",
            doc_type,
            supersedes,
            current,
            datetime.now(),
            user,
        ],
    )
    return report_id, supersedes


# --------------------------------------------------------------------------- batches


@dataclass(frozen=True)
class ManifestEntry:
    file: str
    received_at: datetime | None
    uploaded_by: str | None
    note: str | None


def read_manifest(path: str | Path) -> dict[str, ManifestEntry]:
    """Read a manifest CSV (file,received_at,uploaded_by,note) keyed by its ``file`` column."""
    out: dict[str, ManifestEntry] = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            file = (row.get("file") or "").strip().replace("\\", "/")
            if not file:
                continue
            raw = (row.get("received_at") or "").strip()
            try:
                at = datetime.fromisoformat(raw) if raw else None
            except ValueError:
                log.warning("manifest %s: bad received_at %r for %s", path, raw, file)
                at = None
            if at is not None and at.tzinfo is not None:
                at = at.replace(tzinfo=None)
            out[file] = ManifestEntry(
                file, at, (row.get("uploaded_by") or "").strip() or None, row.get("note")
            )
    return out


def _manifest_entry(path: Path, manifest: dict[str, ManifestEntry]) -> ManifestEntry | None:
    posix = path.as_posix()
    for key, entry in manifest.items():
        if posix == key or posix.endswith("/" + key):
            return entry
    by_name = [e for k, e in manifest.items() if k.rsplit("/", 1)[-1] == path.name]
    return by_name[0] if len(by_name) == 1 else None


# Operating-system and editor droppings found in folders of reports; never reports themselves.
_JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini", ".directory"})


def _skipped(path: Path) -> bool:
    """Return True for folder junk (OS files, Office lock files, hidden non-report files).

    A hidden name that looks like a report ("..docx", ".bao-cao.pdf") is still loaded: an odd
    name must not make a report vanish from a batch.
    """
    name = path.name
    junk = (
        name.lower() in _JUNK_NAMES
        or name.startswith("~$")
        or (name.startswith(".") and path.suffix.lower() not in EXTENSIONS)
    )
    if junk:
        log.info("skipping %s (not a report file)", printable(path))
    return junk


def load_paths(
    paths: list[str | Path],
    *,
    db: DbPath = None,
    manifest: str | Path | None = None,
    user: str = "cli",
    workers: int | None = None,
    registry: Any = None,
    arrived_on: date | None = None,
    incoming_number: str | None = None,
) -> list[LoadResult]:
    """Extract files in parallel and load each one in its own short transaction.

    Files share ``arrived_on`` (ngày đến, default today) and ``incoming_number``; a file the
    manifest lists arrived on the day of its received_at. Bytes stored already, or met earlier
    in the batch, are duplicates and never read.

    Directories are walked; a ZIP archive is loaded member by member (each result names its
    file "archive.zip/member"; a damaged archive or a bad member is an "error" result with nothing
    stored); a ZIP of photos only, or loose photos of one report's pages ("bao-cao-1.jpg",
    "bao-cao-2.jpg"), is one document (``archive.unpack``). received_at/uploaded_by come from
    the manifest when it lists the file, else now/``user``. Files are written in order of
    arrival so versions follow received_at. A bad file never stops the batch: it becomes an
    "error" result (its transaction rolled back alone).
    The writes share one ``warehouse.db.Writer`` connection (given back to waiters within ~1 s).
    ``user`` ("cli" by default, a system actor) must be allowed to load: PermissionDenied before
    anything is read otherwise.
    """
    _refuse_early(user, db)
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(x for x in p.rglob("*") if x.is_file() and not _skipped(x)))
        else:
            files.append(p)
    entries = read_manifest(manifest) if manifest else {}
    if registry is None:
        registry = db_registry(db=db)
    with tempfile.TemporaryDirectory(prefix="load-zip-") as tmp:
        # ZIP archives are loaded member by member ("archive.zip/member" names them).
        # A member that is no report file at all (its real type) is refused before reading, as
        # the app's upload check refuses it; the archive gets one queue item naming them all.
        inputs = [_member_checked(i) for i in archive.unpack(files, tmp)]
        results = [_refused(i.shown, i.error) for i in inputs if i.error is not None]
        # Write in order of arrival (versions follow received_at), each file as soon as its
        # extraction is done: the writes overlap the remaining extraction and nothing accumulates.
        now = datetime.now()
        arrived_on = arrived_on or today()
        jobs = []
        for item in inputs:
            if item.path is None:
                continue
            shown = Path(item.shown)
            entry = _manifest_entry(shown, entries) if entries else None
            received = entry.received_at if entry and entry.received_at else now
            jobs.append((received, shown.as_posix(), Path(item.path), item.shown, entry))
        jobs.sort(key=lambda j: (j[0], j[1]))
        # One write connection for the batch (a transaction per file), given back whenever
        # another process or thread waits for it (see Writer), and while waiting for a file whose
        # extraction (OCR, say) takes longer than what is left of the writer's hold.
        with Writer(db) as writer:
            # Duplicates are known before any reading or OCR: of stored files, and in the batch.
            shas = [_file_sha(path) for _, _, path, _, _ in jobs]
            with writer.transaction() as con:
                stored = {
                    r[0]
                    for r in con.execute(
                        "SELECT sha256 FROM files WHERE sha256 IN (SELECT unnest($1::VARCHAR[]))",
                        [[s for s in shas if s]],
                    ).fetchall()
                }
            seen: set[str | None] = set()
            repeated = []
            for sha in shas:
                repeated.append(sha is not None and (sha in stored or sha in seen))
                seen.add(sha)
            records = extract_many(
                [str(j[2]) for j, dup in zip(jobs, repeated, strict=True) if not dup],
                workers=workers,
                registry=registry,
            )
            with _Ahead(records) as ahead:
                for (received, _, path, shown, entry), dup in zip(jobs, repeated, strict=True):
                    if dup:
                        results.append(_load_repeated(path, shown=shown, user=user, writer=writer))
                        continue
                    rec = ahead.get(within=writer.remaining(), on_idle=writer.release)
                    results.append(
                        _load_one(
                            path,
                            rec,
                            shown=shown,
                            user=user,
                            received_at=received,
                            uploaded_by=entry.uploaded_by if entry else None,
                            registry=registry,
                            writer=writer,
                            arrived_on=entry.received_at.date()
                            if entry and entry.received_at
                            else arrived_on,
                            incoming_number=incoming_number,
                        )
                    )
            for zip_path, refused in _refused_members(inputs).items():
                results.append(
                    _load_refused_archive(
                        zip_path,
                        refused,
                        user=user,
                        writer=writer,
                        received_at=now,
                        arrived_on=arrived_on,
                        incoming_number=incoming_number,
                    )
                )
    order = {item.shown: float(i) for i, item in enumerate(inputs)}
    for i, item in enumerate(inputs):  # an archive's own line comes after its members
        if item.archive is not None:
            order[item.archive] = i + 0.5
    results.sort(key=lambda r: order.get(r.file, 0))
    return results


# How many names of refused members an archive's queue item lists for each reason.
REFUSED_NAMES_SHOWN = 10


def _member_checked(item: archive.Unpacked) -> archive.Unpacked:
    """Return an archive member refused by its real type as an error, anything else unchanged."""
    if item.archive is None or item.path is None:
        return item
    try:
        detect_format(item.path)
    except ReportsError as e:
        return replace(item, path=None, error=e)
    return item


def _refused_members(inputs: list[archive.Unpacked]) -> dict[str, list[archive.Unpacked]]:
    refused: dict[str, list[archive.Unpacked]] = {}
    for item in inputs:
        if item.archive is not None and item.error is not None:
            refused.setdefault(item.archive, []).append(item)
    return refused


def refused_members_message(zip_name: str, refused: list[tuple[str, str]]) -> str:
    """Return the Vietnamese queue message of an archive: its refused members, grouped by why.

    ``refused`` holds (member name, Vietnamese reason); at most REFUSED_NAMES_SHOWN names are
    listed for each reason.
    """
    by_reason: dict[str, list[str]] = {}
    for name, reason in refused:
        by_reason.setdefault(reason, []).append(sanitise_name(name))
    parts = []
    for reason, names in by_reason.items():
        listed = ", ".join(names[:REFUSED_NAMES_SHOWN])
        if len(names) > REFUSED_NAMES_SHOWN:
            listed += f" và {len(names) - REFUSED_NAMES_SHOWN} tệp khác"
        parts.append(f"{listed}: {reason}")
    return (
        f"Tệp nén “{sanitise_name(zip_name)}” có {len(refused)} tệp không nạp được (không lưu "
        f"từng tệp): " + " ".join(parts)
    )


def _load_refused_archive(
    zip_path: str,
    refused: list[archive.Unpacked],
    *,
    user: str,
    writer: Writer,
    received_at: datetime,
    arrived_on: date,
    incoming_number: str | None,
) -> LoadResult:
    """Store an archive with refused members once, with ONE queue item that names them all."""
    members = [
        (Path(i.shown).relative_to(zip_path).as_posix(), i.error.user_message)
        for i in refused
        if i.error is not None
    ]
    message = refused_members_message(Path(zip_path).name, members)
    rec = ExtractedReport(
        file=zip_path,
        status="error",
        error=message,
        error_detail=f"{len(members)} archive member(s) refused before reading",
    )
    try:
        data = Path(zip_path).read_bytes()
        res = write_record(
            rec,
            data,
            original_name=Path(zip_path).name,
            user=user,
            writer=writer,
            received_at=received_at,
            arrived_on=arrived_on,
            incoming_number=incoming_number,
        )
    except (OSError, ReportsError) as e:
        log.error("archive %s not recorded: %s", printable(zip_path), e)
        return _failed(zip_path, message)
    res.file = zip_path
    return res


def _file_sha(path: Path) -> str | None:
    """Return the sha256 of a file on disk, or None when it cannot be read (loading says why)."""
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


# A file repeated in one batch whose first copy could not be stored.
REPEATED_UNSTORED = "Tệp trùng nội dung với một tệp khác trong cùng đợt nạp, tệp đó chưa nạp được."


def _load_repeated(path: Path, *, shown: str, user: str, writer: Writer) -> LoadResult:
    """Log a file whose bytes were stored already (or earlier in this batch), without reading it."""
    try:
        res = load_duplicate(Path(shown).name, path.read_bytes(), user=user, writer=writer)
    except (OSError, ReportsError) as e:
        log.error("duplicate check of %s failed: %s", printable(path), e)
        return _failed(shown, "Không đọc được tệp trên đĩa.", name=Path(shown).name)
    if res is None:
        return _failed(shown, REPEATED_UNSTORED, name=Path(shown).name)
    res.file = shown
    return res


def _refused(shown: str, error: ReportsError, *, name: str | None = None) -> LoadResult:
    """Return the result of an input refused before reading (a damaged archive, a bad member):
    nothing of it can be stored."""
    log.warning("%s refused: %s", printable(shown), error.detail)
    return _failed(shown, error.user_message, name=name)


def _failed(
    shown: str,
    message_vi: str,
    *,
    name: str | None = None,
    sha256: str | None = None,
    status: str = "error",
    record: ExtractedReport | None = None,
) -> LoadResult:
    """Return an "error" result for an input that could not be loaded; ``name``: its own name
    (default: the last part of ``shown``)."""
    return LoadResult(
        file=shown,
        original_name=sanitise_name(name if name is not None else Path(shown).name),
        sha256=sha256,
        outcome="error",
        status=status,
        message_vi=message_vi,
        record=record,
    )


class _Ahead:
    """Run an iterator in a thread, a few items ahead, so the consumer sees when none is ready.

    Errors of the iterator are raised by ``get``; leaving the ``with`` block stops the thread
    (and closes a generator, e.g. shutting extract_many's process pool down).
    """

    _END = object()

    def __init__(self, items: Iterator[Any], size: int = 8) -> None:
        self._items = items
        self._queue: queue.Queue = queue.Queue(maxsize=size)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="load-extract", daemon=True)

    def _run(self) -> None:
        try:
            for item in self._items:
                if not self._put((True, item)):
                    break
            self._put((True, self._END))
        except BaseException as e:  # handed to the consumer
            self._put((False, e))
        finally:
            close = getattr(self._items, "close", None)
            if close is not None:
                close()

    def _put(self, entry: tuple[bool, Any]) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def get(self, *, within: float | None, on_idle: Any) -> Any:
        """Return the next item; call ``on_idle()`` first when none comes ``within`` seconds.

        ``within=None`` waits as long as it takes without calling ``on_idle``.
        """
        try:
            ok, item = self._queue.get(timeout=within)
        except queue.Empty:
            on_idle()
            ok, item = self._queue.get()
        if not ok:
            raise item
        if item is self._END:
            raise RuntimeError("the extraction ended before every file was extracted")
        return item

    def __enter__(self) -> _Ahead:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _load_one(
    path: Path,
    rec: ExtractedReport,
    *,
    shown: str,
    user: str,
    received_at: datetime,
    uploaded_by: str | None,
    registry: Any,
    writer: Writer,
    arrived_on: date,
    incoming_number: str | None,
) -> LoadResult:
    rec.file = shown  # the name people know: the path given, or "archive.zip/member"
    name = Path(shown).name
    try:
        data = path.read_bytes()
    except OSError as e:
        log.error("cannot read %s: %s", printable(path), e)
        return _failed(shown, "Không đọc được tệp trên đĩa.", name=name, record=rec)
    try:
        return write_record(
            rec,
            data,
            original_name=name,
            user=user,
            received_at=received_at,
            uploaded_by=uploaded_by,
            registry=registry,
            writer=writer,
            arrived_on=arrived_on,
            incoming_number=incoming_number,
        )
    except ReportsError as e:
        log.error("load of %s failed: %s", printable(path), e.detail)
        sha = hashlib.sha256(data).hexdigest()
        return _failed(shown, e.user_message, name=name, sha256=sha, status=rec.status, record=rec)


def _mb(n: int) -> str:
    """Return a byte count in MB the Vietnamese way (decimal comma below 10 MB)."""
    value = n / 2**20
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}".replace(".", ",")


def upload_limit_bytes() -> int:
    """Return the largest upload the app accepts: the readers' file limit (REPORTS_READER_...)."""
    return Limits.from_env().max_file_bytes


def check_upload(name: str, data: bytes, *, max_bytes: int | None = None) -> str:
    """Check an upload's size and real type (magic bytes) before loading; return the format.

    Raises EmptyFile, TooLarge, UnsupportedFormat or CorruptFile with a Vietnamese message that
    names the file, so the page can refuse it at once without storing anything.
    """
    safe = sanitise_name(name)
    limit = upload_limit_bytes() if max_bytes is None else max_bytes
    if not data:
        log.warning("upload %s refused: 0 bytes", safe)
        raise EmptyFile("upload is 0 bytes", path=safe)
    if len(data) > limit:
        log.warning("upload %s refused: %d bytes over the limit of %d", safe, len(data), limit)
        raise TooLarge(
            f"upload is {len(data):,} bytes, over the limit of {limit:,}",
            path=safe,
            user_message=(
                f"Tệp “{safe}” có dung lượng {_mb(len(data))} MB, vượt giới hạn "
                f"{_mb(limit)} MB cho mỗi tệp. Đề nghị đơn vị gửi bản nhẹ hơn (ví dụ quét "
                "ở độ phân giải thấp hơn) hoặc liên hệ quản trị viên."
            ),
        )
    with tempfile.TemporaryDirectory(prefix="upload-check-") as tmp:
        path = Path(tmp) / "upload"
        path.write_bytes(data)
        try:
            kind = detect_format(path)
        except ReportsError as e:
            log.warning("upload %s refused: %s: %s", safe, type(e).__name__, e.detail)
            raise
    return kind


def load_bytes(
    name: str,
    data: bytes,
    *,
    db: DbPath = None,
    user: str,
    received_at: datetime | None = None,
    arrived_on: date | None = None,
    incoming_number: str | None = None,
) -> LoadResult:
    """Load one uploaded file (the app's upload button): extract, then one short transaction.

    ``user`` must be an active editor or admin: PermissionDenied before extracting otherwise.
    Bytes stored already are a duplicate before anything reads them (no extraction, no OCR).
    ``arrived_on`` (default today) and ``incoming_number``: see ``write_record``.
    """
    _refuse_early(user, db)
    safe = sanitise_name(name)
    arrived_on = arrived_on or (received_at.date() if received_at else today())
    check_arrival(arrived_on)  # before a slow extraction; the period is checked after it
    if (dup := load_duplicate(safe, data, user=user, db=db)) is not None:
        return dup
    reg = db_registry(db=db)
    with tempfile.TemporaryDirectory(prefix="upload-") as tmp:
        path = Path(tmp) / safe
        path.write_bytes(data)
        rec = extract_file(path, registry=reg)
    rec.file = safe
    return write_record(
        rec,
        data,
        original_name=safe,
        db=db,
        user=user,
        received_at=received_at,
        registry=reg,
        arrived_on=arrived_on,
        incoming_number=incoming_number,
    )


# What an upload that failed for an unexpected reason shows (the log has the traceback).
UPLOAD_FAILED = "Không nạp được tệp do lỗi hệ thống; vui lòng thử lại."


def load_uploads(
    items: Iterable[tuple[str, bytes]],
    *,
    user: str,
    db: DbPath = None,
    progress: Callable[[int, str], None] | None = None,
    arrived_on: date | None = None,
    incoming_number: str | None = None,
) -> list[LoadResult]:
    """Load uploaded files (the app's upload button), ZIP archives member by member.

    A ZIP of photos only is one document; photos of one report's pages uploaded together
    ("bao-cao-1.jpg", "bao-cao-2.jpg": ``archive.page_sets``) are loaded as one document named
    after its first page, stored as one ZIP of the pages in order.

    The batch shares one arrival date (``arrived_on``, default today) and incoming number.

    An item is (name, bytes). Each file is checked (size, real type) and loaded in its own
    transaction (``load_bytes``). A refused file, archive or member, or a failed load, becomes an
    "error" result with nothing of it stored, and the batch goes on. Results are in upload
    order, each ``file`` the name people know: the upload's name, or "archive.zip › member".
    ``progress(i, shown)`` is called before each file, ``i`` the index of its item.
    """
    arrival = {"arrived_on": arrived_on or today(), "incoming_number": incoming_number}
    results: list[LoadResult] = []
    items = list(items)
    # Photos of one report's pages selected together are one document, named after its first.
    sets = archive.page_sets([n if archive.is_image(c) else None for n, c in items])
    grouped = {k for pages in sets.values() for k in pages}
    for i, (name, content) in enumerate(items):
        if i in sets:
            if progress is not None:
                progress(i, name)
            pages = archive.pack_pages([items[k] for k in sets[i]])
            results.append(_load_upload(name, name, pages, user=user, db=db, **arrival))
            continue
        if i in grouped:
            continue
        if not archive.is_archive(content):
            if progress is not None:
                progress(i, name)
            results.append(_load_upload(name, name, content, user=user, db=db, **arrival))
            continue
        try:
            for member in archive.members(name, content):
                shown = f"{name} › {member.name}"
                if progress is not None:
                    progress(i, shown)
                if member.error is not None:
                    results.append(_refused(shown, member.error, name=member.name))
                else:
                    data = member.data or b""
                    results.append(
                        _load_upload(shown, member.name, data, user=user, db=db, **arrival)
                    )
        except ReportsError as e:  # the archive itself: damaged, too many files, too large
            results.append(_refused(name, e))
    return results


def _load_upload(
    shown: str,
    name: str,
    content: bytes,
    *,
    user: str,
    db: DbPath,
    arrived_on: date,
    incoming_number: str | None,
) -> LoadResult:
    """Check and load one uploaded file; return its result, never raise for the file's sake."""
    try:  # size and real type first: a refused file is not stored
        check_upload(name, content)
    except ReportsError as e:
        return _failed(shown, e.user_message, name=name)  # check_upload logged why
    try:
        res = load_bytes(
            name,
            content,
            db=db,
            user=user,
            arrived_on=arrived_on,
            incoming_number=incoming_number,
        )
    except ReportsError as e:  # e.g. the database busy: the message says to try again
        log.warning("upload %s not loaded: %s", printable(shown), e.detail)
        return _failed(shown, e.user_message, name=name)
    except Exception:
        log.exception("upload failed: %s", printable(shown))
        return _failed(shown, UPLOAD_FAILED, name=name)
    res.file = shown
    return res
