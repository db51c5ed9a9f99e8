"""Reports that came on paper only: a person types the figures in, and they are stored as a report
with source "giấy" and, as the evidence of every value, "Nhập tay từ bản giấy – <người nhập>".

The inputs are the field table's (``ingest.record.FIELDS``, minus what places the report: agency,
province, year, period), each value checked by ``warehouse.review.coerce_value`` as a correction
is. The typed values are kept as a small JSON file, so the report has a stored file like any other.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from ingest.periods import PERIOD_CODES, under_form
from ingest.record import FIELDS, ExtractedReport, FieldSpec, FieldValue
from warehouse import auth
from warehouse.db import DbPath, audit, transaction
from warehouse.load import (
    check_arrival,
    clean_incoming_number,
    insert_fields,
    insert_version,
    store_blob,
)
from warehouse.locks import ensure_open
from warehouse.registry import refresh_expected, today
from warehouse.review import AgencyNotFound, InvalidCorrection, coerce_value

# What places a report: chosen from the registry and the period list, never typed.
_PLACED = ("agency", "province", "year", "period")


def paper_fields(year: int | None = None) -> list[FieldSpec]:
    """Return the fields a person types from a paper report, in the field table's order; the
    Decree 244 form's indicators only for years under it."""
    return [
        spec
        for spec in FIELDS
        if spec.name not in _PLACED and (spec.group != "form" or year is None or under_form(year))
    ]


def paper_evidence(user: str) -> str:
    """Return the evidence of a value typed from paper: "Nhập tay từ bản giấy – <người nhập>"."""
    return f"Nhập tay từ bản giấy – {user}"


def enter_paper_report(
    *,
    agency_id: str,
    year: int,
    period: str,
    values: dict[str, Any],
    user: str,
    arrived_on: date | None = None,
    incoming_number: str | None = None,
    db: DbPath = None,
) -> str:
    """Store the figures of a paper-only report as the next version of its agency and period;
    return the report id.

    ``values``: {field: value as typed or typed already}; empty values are left out. A bad value
    raises InvalidCorrection with the field table's Vietnamese message, before anything is
    written. Refused while the period is locked. ``user`` an editor or admin. Audited.
    """
    if not isinstance(year, int) or period not in PERIOD_CODES:
        raise InvalidCorrection(
            f"bad period {year!r} {period!r}", user_message="Cần chọn năm và kỳ báo cáo."
        )
    allowed = {spec.name for spec in paper_fields(year)}
    typed: dict[str, Any] = {}
    for name, raw in values.items():
        if name not in allowed:
            raise InvalidCorrection(
                f"field {name!r} not typed from paper", user_message=f"Không nhập được “{name}”."
            )
        value = coerce_value(name, raw)
        if value is not None and value != []:
            typed[name] = value
    arrived_on = arrived_on or today()
    check_arrival(arrived_on, year=year, period=period)
    now = auth.clock.now()
    evidence = paper_evidence(user)
    with transaction(db) as con:
        auth.require_role(
            con, user, "editor", action="enter a paper report", action_vi="nhập báo cáo giấy"
        )
        agency = con.execute(
            "SELECT name, province FROM agencies WHERE id = ?", [agency_id]
        ).fetchone()
        if agency is None:
            raise AgencyNotFound(f"agency {agency_id} not in registry")
        ensure_open(con, year=year, period=period)
        record = {"agency": agency[0], "province": agency[1], "year": year, "period": period}
        record.update(typed)
        blob = json.dumps(
            {"source": "paper", "entered_by": user, "entered_at": now.isoformat(), **record},
            ensure_ascii=False,
            sort_keys=True,
            default=str,
        ).encode("utf-8")
        sha = hashlib.sha256(blob).hexdigest()
        file_id = sha[:16]
        con.execute(
            "INSERT INTO files (id, sha256, original_name, size, format, received_at, "
            "uploaded_by, stored_path, arrived_on, incoming_number, doc_type) "
            "VALUES (?, ?, ?, ?, 'paper', ?, ?, ?, ?, ?, 'report')",
            [
                file_id,
                sha,
                f"nhap-tay-{agency_id}-{year}-{period}.json",
                len(blob),
                now,
                user,
                store_blob(blob, sha, db=db),
                arrived_on,
                clean_incoming_number(incoming_number),
            ],
        )
        report_id, supersedes = insert_version(
            con,
            agency_id=agency_id,
            year=year,
            period=period,
            file_id=file_id,
            status="ok",
            doc_type="report",
            user=user,
        )
        con.execute("UPDATE reports SET source = 'paper' WHERE id = ?", [report_id])
        rec = ExtractedReport(
            file=f"nhap-tay-{agency_id}-{year}-{period}.json",
            format="paper",
            status="ok",
            doc_type="report",
            fields={name: FieldValue(value, 1.0, evidence) for name, value in record.items()},
        )
        insert_fields(con, report_id, rec)
        audit(
            con,
            user,
            "paper_report",
            report_id,
            {"values": record, "supersedes": supersedes, "arrived_on": arrived_on},
        )
        expected = con.execute(
            "SELECT 1 FROM expected_reports WHERE agency_id = ? AND year = ? AND period = ?",
            [agency_id, year, period],
        ).fetchone()
        if not expected:
            refresh_expected(con)
    return report_id
