"""Load extracted reports into the warehouse: idempotent by file sha256, versioned, audited.

Extraction (slow, parallel) runs outside any database connection; each file's write is then one
short transaction, so the dashboard stays usable during a CLI load and a failure leaves nothing
half-written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from ingest.record import ExtractedReport

DbPath = str | Path | None
Outcome = Literal["loaded", "duplicate", "new_version", "not_a_report", "error", "unmatched_agency"]


@dataclass
class LoadResult:
    """What happened to one file.

    outcome: loaded (first version), duplicate (same sha256 already stored: nothing written but a
    log line), new_version (supersedes an earlier report of the same agency and period),
    not_a_report (memo, dispatch, form...: file kept, no report), error (unreadable: file kept,
    in the review queue), unmatched_agency (agency name not in the registry: review queue).
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


@dataclass
class CorrectionResult:
    """A stored correction. conflict: the other reviewer's correction made after the value this
    reviewer saw (expected_current), so the UI can tell them; None when there was none."""

    correction_id: str
    report_id: str
    field: str
    old_value: Any
    new_value: Any
    user: str
    at: datetime
    conflict: dict | None = None


def load_paths(
    paths: list[str | Path],
    *,
    db: DbPath = None,
    manifest: str | Path | None = None,
    user: str = "cli",
    workers: int | None = None,
    registry: Any = None,
) -> list[LoadResult]:
    """Extract files in parallel and load each one in its own short transaction."""
    raise NotImplementedError


def load_bytes(
    name: str,
    data: bytes,
    *,
    db: DbPath = None,
    user: str,
    received_at: datetime | None = None,
) -> LoadResult:
    """Load one uploaded file (the app's upload button)."""
    raise NotImplementedError


def correct_field(
    *,
    report_id: str,
    field: str,
    new_value: Any,
    reason: str,
    user: str,
    expected_current: Any = None,
    db: DbPath = None,
) -> CorrectionResult:
    """Record a correction beside the extracted value (never over it); the later one wins."""
    raise NotImplementedError


def confirm_report(*, report_id: str, user: str, db: DbPath = None) -> None:
    """Mark a needs_review report as checked by a reviewer (status ok), with an audit line."""
    raise NotImplementedError
