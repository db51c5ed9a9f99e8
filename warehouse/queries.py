"""Typed read functions: the only place dashboard pages get data from.

Every function is keyword-only and takes ``db`` (a path; None means ``--db``/``$REPORTS_DB``/
``data/warehouse.duckdb``). They return pandas DataFrames (columns documented below, always present
even when empty) unless the docstring says otherwise. Values shown are the *effective* ones: a
reviewer's correction wins over the extracted value. Only current versions of reports count.

``period`` is one of ``year | h1 | 9m | q1 | q2 | q3 | q4``. ``agency_type`` filters on the
registry type (``department | district | other``); None means all.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warehouse.rules import Rule

DbPath = str | Path | None

STATUS_LABELS_VI: dict[str, str] = {
    "pass": "Đạt",
    "fail": "Chưa đạt",
    "unknown": "Chưa rõ",
    "not_submitted": "Chưa nộp",
}
COMPLETENESS_LABELS_VI: dict[str, str] = {
    "on_time": "Đúng hạn",
    "late": "Muộn",
    "missing": "Chưa nộp",
}
NO_PRESS_CATEGORY_LABELS_VI: dict[str, str] = {
    "zero": "Không tổ chức họp báo",
    "unknown": "Báo cáo không nêu",
    "not_submitted": "Chưa nộp báo cáo",
}


def available_periods(*, db: DbPath = None) -> pd.DataFrame:
    """Return the periods that are expected or have reports, newest first.

    Columns: year (int), period (str).
    """
    raise NotImplementedError


def completeness(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return one row per expected agency with whether and when its report arrived.

    Columns: agency_id, agency, agency_type, status ("on_time" | "late" | "missing"),
    received_at (Timestamp | NaT), deadline (date), report_id (str | None), version (int | None).
    Sorted by status (missing, late, on_time) then agency name.
    """
    raise NotImplementedError


def completeness_summary(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> dict:
    """Return the reporting-rate figures for one period (DHIS2 style).

    Keys: expected, received, on_time, late, missing (ints), rate (received/expected, 0..1, None
    when nothing is expected), on_time_rate (on_time/expected, 0..1 or None).
    """
    raise NotImplementedError


def compliance(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return every rule's result for every expected agency (long form).

    Columns: agency_id, agency, agency_type, rule_id, rule_label, status ("pass" | "fail" |
    "unknown" | "not_submitted"), value (the value the rule looked at, as text or number; None when
    missing), threshold (float | None), legal_ref, report_id (str | None).
    Only rules whose applies_to contains the agency's type are listed.
    """
    raise NotImplementedError


def compliance_table(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return one row per expected agency with its key figures and each rule's status (wide form).

    Columns: agency_id, agency, agency_type, report_id, spokesperson (name, else title, else None),
    posts_total, posts_per_month, press_conferences (numbers or None), then one column per rule
    (column name = rule_id, value = status; None when the rule does not apply to the type), then
    overall ("pass" | "fail" | "unknown" | "not_submitted": not_submitted when no report; fail when
    any rule fails; unknown when none fails but some is unknown; else pass).
    """
    raise NotImplementedError


def compliance_by_type(*, year: int, period: str = "year", db: DbPath = None) -> pd.DataFrame:
    """Return overall compliance counted per agency type.

    Columns: agency_type, agencies (expected), passed, failed, unknown, not_submitted (ints),
    rate (passed/agencies, 0..1; None when agencies is 0).
    """
    raise NotImplementedError


def totals(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> dict:
    """Return headline figures for one period.

    Keys: posts_total (sum over current reports of expected agencies; unknowns skipped),
    press_conferences (same), reports (current reports received from expected agencies),
    compliance_rate (overall pass / expected agencies, 0..1, None when nothing expected).
    """
    raise NotImplementedError


def no_press_conferences(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return expected agencies that held no press conference, keeping the reasons apart.

    Columns: agency_id, agency, agency_type, category ("zero": the report says none was held;
    "unknown": the report is silent; "not_submitted": no report), quote, where (evidence of the
    value; None for not_submitted), report_id (None for not_submitted).
    """
    raise NotImplementedError


def training_themes(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return training requests grouped into the themes of ``ingest.topics.TOPICS``.

    Columns: topic (code), topic_label (Vietnamese), agencies (distinct agencies asking),
    requests (number of request sentences classified into the theme). Most agencies first.
    """
    raise NotImplementedError


def training_requests(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return each training request with its theme and evidence.

    Columns: topic, topic_label, agency_id, agency, quote (the request sentence), where,
    report_id. An agency asking about two themes appears once per theme.
    """
    raise NotImplementedError


def other_recommendations(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return the recommendations that are not training requests.

    Columns: agency_id, agency, recommendation (text as written), report_id.
    """
    raise NotImplementedError


def year_over_year(
    *, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return one row per year with the period's headline figures, oldest first.

    Columns: year, expected, received, on_time, compliance_rate (0..1 or None), posts_total,
    press_conferences, agencies_without_press_conference (zero + unknown + not_submitted).
    """
    raise NotImplementedError


def agency_history(*, agency_id: str, db: DbPath = None) -> pd.DataFrame:
    """Return every report version of one agency, newest period first, then newest version.

    Columns: report_id, year, period, version, status (ok | needs_review), is_current (bool),
    superseded_by (report_id | None), file_id, original_name, received_at, uploaded_by.
    """
    raise NotImplementedError


def report_fields(*, report_id: str, db: DbPath = None) -> pd.DataFrame:
    """Return one report's fields with evidence, in ``ingest.record.FIELD_NAMES`` order.

    Columns: field, value (effective: the latest correction when corrected, else extracted; Python
    object: int/float/str/list/bool/None), original_value (as extracted), corrected (bool),
    corrected_by, corrected_at, reason (of the latest correction), quote, where, confidence.
    """
    raise NotImplementedError


def corrections_log(
    *, report_id: str | None = None, agency_id: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return the corrections audit trail, newest first, optionally for one report or agency.

    Columns: correction_id, report_id, field, old_value, new_value (Python objects), user, at,
    reason.
    """
    raise NotImplementedError


def review_queue(*, db: DbPath = None) -> pd.DataFrame:
    """Return the open items a reviewer must look at, newest first.

    Columns: kind ("unmatched_agency" | "needs_review" | "error" | "not_a_report"), file_id,
    original_name, message (Vietnamese), report_id (for needs_review), at.
    """
    raise NotImplementedError


def ingest_log(*, limit: int = 200, db: DbPath = None) -> pd.DataFrame:
    """Return the latest load attempts, newest first.

    Columns: at, file_id, original_name, sha256, outcome (loaded | duplicate | new_version |
    not_a_report | error | unmatched_agency), status, message, report_id, user.
    """
    raise NotImplementedError


def agencies(*, db: DbPath = None) -> pd.DataFrame:
    """Return the agency registry.

    Columns: agency_id, name, short_name, type, parent, province, valid_from, valid_to (date |
    None), aliases (list[str]), is_valid (valid today).
    """
    raise NotImplementedError


def rules() -> list[Rule]:
    """Return the compliance rules from ``warehouse/rules.toml`` in file order."""
    raise NotImplementedError


def file_bytes(*, file_id: str, db: DbPath = None) -> tuple[str, bytes]:
    """Return a stored file's original (sanitised) name and its bytes."""
    raise NotImplementedError
