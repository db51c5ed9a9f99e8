"""Typed read functions: the only place dashboard pages get data from.

Every function is keyword-only and takes ``db`` (a path; None means ``--db``/``$REPORTS_DB``/
``data/warehouse.duckdb``). They return pandas DataFrames (columns documented below, always present
even when empty) unless the docstring says otherwise. Values shown are the *effective* ones: a
reviewer's correction wins over the extracted value. Only current versions of reports count.

``period`` is one of ``year | h1 | 9m | q1 | q2 | q3 | q4``. ``agency_type`` filters on the
registry type (``department | district | commune | provincial | other``); None means all.
``agency`` columns name an agency as it was called in the row's period (``name_in_period``).
"""

from __future__ import annotations

import hashlib
import json
import math
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from ingest.errors import WarehouseError
from ingest.periods import FORM_FROM_YEAR, PERIOD_ORDER, PERIOD_TABLE, under_form
from ingest.readout import Readout, read_text
from ingest.record import ALL_FIELDS, FORM_FIELDS, RATIOS
from ingest.topics import TOPICS
from warehouse import locks
from warehouse.db import DbPath, connect, db_path
from warehouse.facts import SCALAR_FIELDS
from warehouse.labels import REVIEW_STATE_LABELS
from warehouse.locks import PeriodLock
from warehouse.notes import agency_notes  # noqa: F401 (pages read it as a query, through ui.data)
from warehouse.people import user_labels  # noqa: F401 (the same)
from warehouse.registry import agency_rows, selectable_periods, today
from warehouse.registry import working_period as registry_working_period
from warehouse.rules import (
    FAIL,
    NOT_SUBMITTED,
    PASS,
    UNKNOWN,
    Rule,
    code_sql,
    effective_rules,
    load_config,
    overall_sql,
    rules_in_force,
    status_names,
    threshold_sql,
    value_sql,
)


class FileMissing(WarehouseError):
    user_message = "Không tìm thấy tệp gốc trong kho lưu trữ (có thể đã bị xoá hoặc hỏng)."


def _unjson(text: Any) -> Any:
    if text is None:
        return None
    return json.loads(text) if isinstance(text, str) else text


# --------------------------------------------------------------------------- names by period


def _name_in_period_sql(agency: str, year: str, period: str, name: str) -> str:
    """Return SQL for the name an agency had in a period: its earliest former name still in use on
    the period's last day (agency_names), else ``name`` (its current one). Arguments are SQL."""
    end_month = " ".join(f"WHEN '{p.code}' THEN {p.end_month}" for p in PERIOD_TABLE)
    last_day = f"last_day(make_date({year}, CASE {period} {end_month} ELSE 12 END, 1))"
    return (
        f"coalesce((SELECT n.name FROM agency_names n WHERE n.agency_id = {agency} "
        f"AND n.valid_to >= {last_day} ORDER BY n.valid_to LIMIT 1), {name})"
    )


_NAME_IN_PERIOD = (
    f"SELECT {_name_in_period_sql('a.id', '$year', '$period', 'a.name')} "
    "FROM agencies a WHERE a.id = $agency"
)


def name_in_period(
    *, agency_id: str, year: int, period: str = "year", db: DbPath = None
) -> str | None:
    """Return the name an agency had in a period ("UBND huyện Kim Bảng" for 2020, though it is a
    thị xã since 2025), or None for an id the registry does not know."""
    with connect(db, read_only=True) as con:
        row = con.execute(
            _NAME_IN_PERIOD, {"agency": agency_id, "year": int(year), "period": period}
        ).fetchone()
    return row[0] if row else None


# --------------------------------------------------------------------------- shared period data

# One row per expected agency of a period (one year, or every year of it) with the agency's current
# report, that report's typed facts (warehouse/facts.py), its completeness and each rule's result
# code (warehouse/rules.py): DuckDB judges a whole period at once. received_at is when the first
# version of the same agency and period was uploaded, arrived_on when it arrived (ngày đến): a
# resubmission does not make a report late, and timeliness is judged on arrived_on;
# incoming_number is that first-arrived file's "số đến".
_JUDGED = """
WITH cur AS (
    SELECT r.id, r.agency_id, r.year, r.version, r.is_current,
           min(f.received_at) OVER (PARTITION BY r.agency_id, r.year) AS received_at,
           min(f.arrived_on) OVER (PARTITION BY r.agency_id, r.year) AS arrived_on,
           arg_min_null(f.incoming_number, f.arrived_on)
               OVER (PARTITION BY r.agency_id, r.year) AS incoming_number
    FROM reports r
    JOIN files f ON f.id = r.file_id
    WHERE r.agency_id IS NOT NULL AND r.period = $period AND r.status <> 'not_a_report'
        {reports_filter}
    QUALIFY r.is_current
),
period_rows AS (
    SELECT e.year, e.agency_id, {agency} AS agency, a.type AS agency_type, e.deadline,
           cur.id AS report_id, cur.version, cur.received_at, cur.arrived_on, cur.incoming_number,
           cur.id IS NOT NULL AS submitted,
           (SELECT 'Quyết định ' || f.original_name FROM spokesperson_decisions d
            JOIN files f ON f.id = d.file_id
            WHERE d.agency_id = e.agency_id AND d.from_year <= e.year AND d.unlinked_at IS NULL
            ORDER BY d.from_year DESC, d.id DESC LIMIT 1) AS spokesperson_decision,
           x.* EXCLUDE (report_id)
    FROM expected_reports e
    JOIN agencies a ON a.id = e.agency_id
    LEFT JOIN cur ON cur.agency_id = e.agency_id AND cur.year = e.year
    LEFT JOIN report_facts x ON x.report_id = cur.id
    WHERE e.period = $period {expected_filter}
),
coded AS (
    SELECT *,
        CASE WHEN NOT submitted THEN 'missing'
             WHEN arrived_on > deadline THEN 'late'
             ELSE 'on_time' END AS completeness
        {codes}
    FROM period_rows
),
judged AS (SELECT *, {overall} AS overall FROM coded)
"""
_AGENCY_IN_PERIOD = _name_in_period_sql("e.agency_id", "e.year", "$period", "a.name")
# What listings show besides the rule results; pages that quote evidence add its columns.
_LISTED = ("year", "agency_id", "agency", "agency_type", "deadline", "report_id", "version")
_LISTED += (
    "received_at",
    "arrived_on",
    "incoming_number",
    "submitted",
    "completeness",
    "overall",
    "posts_total",
)
_LISTED += ("posts_per_month", "posts_per_month_derived", "press_conferences")
_LISTED += ("spokesperson_name", "spokesperson_title")
_PRESS = (*_LISTED, "press_conferences_quote", "press_conferences_where")


def _judged(
    period: str, year: int | None, agency_type: str | None, rules_: list[Rule]
) -> tuple[str, dict[str, Any]]:
    """Return the WITH ... judged prefix and its parameters (rule i's code is column rule_i)."""
    params: dict[str, Any] = {"period": period}
    reports_filter = expected_filter = ""
    if year is not None:
        params["year"] = int(year)
        reports_filter, expected_filter = "AND r.year = $year", "AND e.year = $year"
    if agency_type:
        params["type"] = agency_type
        expected_filter += " AND a.type = $type"
    sql = _JUDGED.format(
        agency=_AGENCY_IN_PERIOD,
        reports_filter=reports_filter,
        expected_filter=expected_filter,
        codes="".join(f", {code_sql(r, period)} AS rule_{i}" for i, r in enumerate(rules_)),
        overall=overall_sql([f"rule_{i}" for i in range(len(rules_))]),
    )
    return sql, params


def _period_frame(
    con: duckdb.DuckDBPyConnection,
    *,
    period: str,
    year: int | None,
    agency_type: str | None,
    rules_: list[Rule],
    columns: tuple[str, ...] = _LISTED,
    values: bool = False,
) -> pd.DataFrame:
    """Return the judged rows of a period sorted by year and agency name.

    Columns: ``columns``, then rule_<i> (result name of rules_[i], "not_applicable" included;
    with ``values`` also value_<i> and threshold_<i>, what the rule looked at), overall as a name.
    """
    sql, params = _judged(period, year, agency_type, rules_)
    select = list(columns) + [f"rule_{i}" for i in range(len(rules_))]
    if values:
        for i, rule in enumerate(rules_):
            select += [f"{value_sql(rule, period)} AS value_{i}"]
            select += [f"{threshold_sql(rule, period)} AS threshold_{i}"]
    frame = con.execute(
        f"{sql} SELECT {', '.join(select)} FROM judged ORDER BY year, agency, agency_id", params
    ).df()
    for i in range(len(rules_)):
        frame[f"rule_{i}"] = status_names(frame[f"rule_{i}"])
    if "overall" in frame:
        frame["overall"] = status_names(frame["overall"])
    return frame


_FIGURES = """
SELECT {by},
    count(*) AS expected,
    count(*) FILTER (WHERE submitted) AS received,
    count(*) FILTER (WHERE completeness = 'on_time') AS on_time,
    count(*) FILTER (WHERE completeness = 'late') AS late,
    count(*) FILTER (WHERE completeness = 'missing') AS missing,
    coalesce(sum(posts_total) FILTER (WHERE submitted), 0) AS posts_total,
    coalesce(sum(press_conferences) FILTER (WHERE submitted), 0) AS press_conferences,
    count(*) FILTER (WHERE overall = {pass_}) AS passed,
    count(*) FILTER (WHERE overall = {fail}) AS failed,
    count(*) FILTER (WHERE overall = {unknown}) AS unknown,
    count(*) FILTER (WHERE overall = {not_submitted}) AS not_submitted,
    count(*) FILTER (WHERE NOT submitted OR coalesce(press_conferences, 0) = 0) AS without_press
FROM judged
GROUP BY {by}
ORDER BY {by}
"""


def _figures(
    con: duckdb.DuckDBPyConnection,
    *,
    by: str,
    period: str,
    year: int | None = None,
    agency_type: str | None = None,
) -> list[dict]:
    """Return the period's counts and sums grouped by ``by`` (year | agency_type), in its order."""
    sql, params = _judged(period, year, agency_type, effective_rules(con))
    figures = _FIGURES.format(
        by=by, pass_=PASS, fail=FAIL, unknown=UNKNOWN, not_submitted=NOT_SUBMITTED
    )
    cursor = con.execute(sql + figures, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _summary(g: dict | None) -> dict:
    expected = g["expected"] if g else 0
    received, on_time = (g["received"], g["on_time"]) if g else (0, 0)
    return {
        "expected": expected,
        "received": received,
        "on_time": on_time,
        "late": g["late"] if g else 0,
        "missing": g["missing"] if g else 0,
        "rate": received / expected if expected else None,
        "on_time_rate": on_time / expected if expected else None,
    }


def _totals(g: dict | None) -> dict:
    expected = g["expected"] if g else 0
    return {
        "posts_total": int(g["posts_total"]) if g else 0,
        "press_conferences": int(g["press_conferences"]) if g else 0,
        "reports": g["received"] if g else 0,
        "compliance_rate": g["passed"] / expected if expected else None,
    }


def _one(rows: list[dict]) -> dict | None:
    return rows[0] if rows else None


def _none(series: pd.Series) -> list[Any]:
    """Return a column as a list with NaN/NaT as None."""
    return series.astype(object).where(series.notna(), None).tolist()


# --------------------------------------------------------------------------- periods, completeness


_AVAILABLE = """
SELECT DISTINCT year, period FROM expected_reports
UNION
SELECT DISTINCT year, period FROM reports
WHERE agency_id IS NOT NULL AND year IS NOT NULL AND period IS NOT NULL
"""


def available_periods(*, db: DbPath = None, on: date | None = None) -> pd.DataFrame:
    """Return the periods that are expected or have reports, newest first.

    Expected is judged now (``on``, default today) from rules.toml's periods and the registry's
    validity (``registry.selectable_periods``), so a new year is listed on the day officials start
    on it, before any file or registry import rebuilds expected_reports.
    Columns: year (int), period (str).
    """
    with connect(db, read_only=True) as con:
        rows = set(con.execute(_AVAILABLE).fetchall())
        rows |= selectable_periods(con, load_config(), on=on)
    rows = list(rows)
    order = {p: i for i, p in enumerate(PERIOD_ORDER)}
    rows.sort(key=lambda r: (-r[0], order.get(r[1], 99)))
    return pd.DataFrame([{"year": y, "period": p} for y, p in rows], columns=["year", "period"])


_COMPLETENESS_ORDER = {"missing": 0, "late": 1, "on_time": 2}


def timeliness(
    arrived_on: pd.Series, deadline: pd.Series, *, on: date
) -> tuple[list[str], list[int | None]]:
    """Return each row's timeliness code and its days, judged on ``on`` (today).

    Codes: "not_due" (no report, deadline not passed), "on_time", "late" (days after the
    deadline it arrived), "overdue" (no report, days since the deadline).
    """
    codes: list[str] = []
    days: list[int | None] = []
    for arrived, due in zip(_none(arrived_on), _none(deadline), strict=True):
        arrived = arrived.date() if isinstance(arrived, datetime) else arrived
        due = due.date() if isinstance(due, datetime) else due
        if arrived is not None:
            late = (arrived - due).days
            codes.append("late" if late > 0 else "on_time")
            days.append(late if late > 0 else None)
        elif on > due:
            codes.append("overdue")
            days.append((on - due).days)
        else:
            codes.append("not_due")
            days.append(None)
    return codes, days


def completeness(
    *,
    year: int,
    period: str = "year",
    agency_type: str | None = None,
    db: DbPath = None,
    on: date | None = None,
) -> pd.DataFrame:
    """Return one row per expected agency with whether and when its report arrived.

    Columns: agency_id, agency, agency_type, status ("on_time" | "late" | "missing"),
    received_at (when the first version was uploaded; Timestamp | NaT), arrived_on (its arrival
    date, ngày đến, which timeliness is judged on; a resubmission does not make a report late;
    date | None), incoming_number (số đến of the file that arrived first; str | None), deadline
    (date), report_id (current version | None), version (int | None),
    timeliness ("not_due" | "on_time" | "late" | "overdue", see ``timeliness``, on ``on``,
    default today) and days (int | None: days late or overdue).
    Sorted by status (missing, late, on_time) then agency name.
    """
    with connect(db, read_only=True) as con:
        f = _period_frame(con, year=year, period=period, agency_type=agency_type, rules_=[])
    f = f.assign(rank=f["completeness"].map(_COMPLETENESS_ORDER))
    f = f.sort_values(["rank", "agency"], kind="stable", ignore_index=True)
    deadlines = pd.to_datetime(f["deadline"]).dt.date
    arrived = pd.to_datetime(f["arrived_on"]).dt.date
    codes, days = timeliness(arrived, deadlines, on=on or today())
    return pd.DataFrame(
        {
            "agency_id": f["agency_id"].astype(object),
            "agency": f["agency"].astype(object),
            "agency_type": f["agency_type"].astype(object),
            "status": f["completeness"].astype(object),
            "received_at": pd.to_datetime(f["received_at"]),
            "arrived_on": _none(arrived),
            "incoming_number": _none(f["incoming_number"]),
            "deadline": deadlines,
            "report_id": _none(f["report_id"]),
            "version": f["version"].astype("Int64"),
            "timeliness": pd.Series(codes, dtype=object),
            "days": pd.Series(days, dtype="Int64"),
        }
    )


def working_period(*, on: date | None = None) -> tuple[int, str]:
    """Return the (year, period) the app opens on: officials' current one (see registry)."""
    return registry_working_period(load_config(), on)


def completeness_summary(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> dict:
    """Return the reporting-rate figures for one period (DHIS2 style).

    Keys: expected, received, on_time, late, missing (ints), rate (received/expected, 0..1, None
    when nothing is expected), on_time_rate (on_time/expected, 0..1 or None).
    """
    with connect(db, read_only=True) as con:
        rows = _figures(con, by="year", year=year, period=period, agency_type=agency_type)
    return _summary(_one(rows))


# --------------------------------------------------------------------------- compliance


def _shown(value: Any) -> Any:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool | np.bool_):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _shown_column(values: pd.Series) -> list[Any]:
    """Return ``_shown`` of every value of one rule's column; numbers and times at once."""
    if values.dtype.kind == "f":
        return [
            None if n != n else int(n) if n.is_integer() else n
            for n in values.to_numpy(dtype=float).tolist()
        ]
    if values.dtype.kind == "M":
        times = np.datetime_as_string(values.to_numpy(), unit="m").tolist()
        return [None if t == "NaT" else t.replace("T", " ") for t in times]
    return [_shown(v) for v in values]


def compliance(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return every rule's result for every expected agency (long form).

    Columns: agency_id, agency, agency_type, rule_id, rule_label, status ("pass" | "fail" |
    "unknown" | "not_submitted" | "not_applicable": the rule sets no obligation for the agency's
    type that year), value (the value the rule looked at, as text or number; None when missing),
    threshold (float | None), legal_ref, report_id (str | None).
    Only rules whose applies_to contains the agency's type are listed. Sorted by agency name, then
    rule order.
    """
    with connect(db, read_only=True) as con:
        rules_ = effective_rules(con)
        f = _period_frame(
            con, year=year, period=period, agency_type=agency_type, rules_=rules_, values=True
        )
    parts = []
    for i, rule in enumerate(rules_):
        applies = f["agency_type"].isin(rule.applies_to).to_numpy()
        parts.append(
            pd.DataFrame(
                {
                    "position": np.flatnonzero(applies),
                    "order": i,
                    "agency_id": f["agency_id"][applies].astype(object),
                    "agency": f["agency"][applies].astype(object),
                    "agency_type": f["agency_type"][applies].astype(object),
                    "rule_id": rule.id,
                    "rule_label": rule.label,
                    "status": f[f"rule_{i}"][applies],
                    "value": _shown_column(f[f"value_{i}"][applies]),
                    "threshold": f[f"threshold_{i}"][applies].astype(float),
                    "legal_ref": rule.legal_ref,
                    "report_id": _none(f["report_id"][applies]),
                }
            )
        )
    cols = ["agency_id", "agency", "agency_type", "rule_id", "rule_label", "status", "value"]
    cols += ["threshold", "legal_ref", "report_id"]
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts).sort_values(["position", "order"], kind="stable")
    return out[cols].reset_index(drop=True)


def compliance_table(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return one row per expected agency with its key figures and each rule's status (wide form).

    Columns: agency_id, agency, agency_type, report_id, spokesperson (name, else title, else None),
    posts_total, posts_per_month (stated, else the effective posts_total / months),
    posts_per_month_derived (bool: computed from the total, shown as such), press_conferences
    (numbers or None), then one column per rule (column name = rule_id, value = status;
    "not_applicable" where the rule sets no obligation for the row), then overall ("pass" | "fail"
    | "unknown" | "not_submitted": not_submitted when no report; fail when any rule fails; unknown
    when none fails but some is unknown; else pass; not_applicable rules are ignored). Sorted by
    agency name.
    """
    with connect(db, read_only=True) as con:
        rules_ = effective_rules(con)
        f = _period_frame(con, year=year, period=period, agency_type=agency_type, rules_=rules_)
    out = pd.DataFrame(
        {
            "agency_id": f["agency_id"].astype(object),
            "agency": f["agency"].astype(object),
            "agency_type": f["agency_type"].astype(object),
            "report_id": _none(f["report_id"]),
            "spokesperson": _none(f["spokesperson_name"].fillna(f["spokesperson_title"])),
            "posts_total": f["posts_total"].astype(float),
            "posts_per_month": f["posts_per_month"].astype(float),
            "posts_per_month_derived": f["posts_per_month_derived"].fillna(False).astype(bool),
            "press_conferences": f["press_conferences"].astype(float),
        }
    )
    for i, rule in enumerate(rules_):
        out[rule.id] = f[f"rule_{i}"]
    out["overall"] = f["overall"]
    return out


def compliance_by_type(*, year: int, period: str = "year", db: DbPath = None) -> pd.DataFrame:
    """Return overall compliance counted per agency type.

    Columns: agency_type, agencies (expected), passed, failed, unknown, not_submitted (ints),
    rate (passed/agencies, 0..1; None when agencies is 0).
    """
    with connect(db, read_only=True) as con:
        rows = _figures(con, by="agency_type", year=year, period=period)
    out = [
        {
            "agency_type": g["agency_type"],
            "agencies": g["expected"],
            "passed": g["passed"],
            "failed": g["failed"],
            "unknown": g["unknown"],
            "not_submitted": g["not_submitted"],
            "rate": g["passed"] / g["expected"] if g["expected"] else None,
        }
        for g in rows
    ]
    cols = ["agency_type", "agencies", "passed", "failed", "unknown", "not_submitted", "rate"]
    return pd.DataFrame(out, columns=cols)


def totals(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> dict:
    """Return headline figures for one period.

    Keys: posts_total (sum over current reports of expected agencies; unknowns skipped),
    press_conferences (same), reports (current reports received from expected agencies),
    compliance_rate (overall pass / expected agencies, 0..1, None when nothing expected).
    """
    with connect(db, read_only=True) as con:
        rows = _figures(con, by="year", year=year, period=period, agency_type=agency_type)
    return _totals(_one(rows))


# --------------------------------------------------------------------------- Decree 244 form

# A ratio of the form: numerator field, denominator field.
FORM_RATIOS: tuple[tuple[str, str], ...] = RATIOS
_DENOMINATORS = frozenset(bottom for _, bottom in RATIOS)
_NUMERATORS = dict(RATIOS)
# The form's indicators as shown, in display order: a count alone as (name,), a ratio as
# (numerator, denominator) at its numerator's place.
FORM_LAYOUT: tuple[tuple[str, ...], ...] = tuple(
    (name, _NUMERATORS[name]) if name in _NUMERATORS else (name,)
    for name in FORM_FIELDS
    if name not in _DENOMINATORS
)
# The form's counts that are no ratio's term (briefings).
FORM_COUNTS: tuple[str, ...] = tuple(terms[0] for terms in FORM_LAYOUT if len(terms) == 1)


def form_indicators(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return the Decree 244/2026 form's indicators of a period's current reports.

    One row per expected agency whose current report states at least one of them, by agency name.
    Columns: year, agency_id, agency, agency_type, report_id, then ``FORM_FIELDS`` (effective
    values, corrections included; NaN where the report does not state one). Empty for a year
    before Decree 244 (``ingest.periods.under_form``), whatever an older report's text yielded:
    pages and exports show the form only when this has rows.
    """
    columns = ("year", "agency_id", "agency", "agency_type", "report_id", *FORM_FIELDS)
    with connect(db, read_only=True) as con:
        frame = _period_frame(
            con, year=year, period=period, agency_type=agency_type, rules_=[], columns=columns
        )
    stated = frame[list(FORM_FIELDS)].notna().any(axis=1) & (frame["year"] >= FORM_FROM_YEAR)
    return frame[stated].reset_index(drop=True)


def form_totals(indicators: pd.DataFrame) -> dict[str, Any]:
    """Return the province's sums of ``form_indicators`` rows.

    Counts (briefings) add up where stated. A ratio adds numerators and
    denominators over the reports that state both, so that 14/15 and 3/3 give 17/18, never an
    average of rates; ``<numerator>_reports`` says how many reports it covers. Also ``reports``.
    """
    out: dict[str, Any] = {"reports": len(indicators)}
    for name in FORM_COUNTS:
        stated = indicators[name].dropna()
        out[name] = int(stated.sum()) if len(stated) else None
    for top, bottom in FORM_RATIOS:
        both = indicators[[top, bottom]].dropna()
        out[top] = int(both[top].sum()) if len(both) else None
        out[bottom] = int(both[bottom].sum()) if len(both) else None
        out[f"{top}_reports"] = len(both)
    return out


_LIMITATIONS = """
SELECT report_id, value FROM effective_values
WHERE field = 'limitations' AND report_id IN (SELECT unnest($ids))
"""


def form_remarks(*, year: int, period: str = "year", db: DbPath = None) -> pd.DataFrame:
    """Return the difficulties and recommendations stated by a period's current reports (section
    II of the Decree 244 form).

    Columns: agency_id, agency, kind ("limitation": a report's limitations text as written;
    "recommendation": one item of its recommendations), text. By agency name, each report's
    limitations first, then its recommendations as listed.
    """
    columns = ("agency_id", "agency", "report_id", "recommendations")
    with connect(db, read_only=True) as con:
        f = _period_frame(
            con, year=year, period=period, agency_type=None, rules_=[], columns=columns
        )
        f = f[f["report_id"].notna()]
        ids = f["report_id"].tolist()
        limits = dict(con.execute(_LIMITATIONS, {"ids": ids}).fetchall()) if ids else {}
    rows = []
    for r in f.itertuples():
        text = _unjson(limits.get(r.report_id))
        if isinstance(text, str) and text.strip():
            rows.append((r.agency_id, r.agency, "limitation", text.strip()))
        items = r.recommendations if isinstance(r.recommendations, list | np.ndarray) else []
        rows += [(r.agency_id, r.agency, "recommendation", str(i)) for i in items if i]
    return pd.DataFrame(rows, columns=["agency_id", "agency", "kind", "text"], dtype=object)


# The latest current report of each agency that names its spokesperson.
_CONTACTS = """
SELECT r.agency_id, x.spokesperson_name, x.spokesperson_title, r.year
FROM reports r
JOIN report_facts x ON x.report_id = r.id
WHERE r.is_current AND r.agency_id IN (SELECT unnest($ids))
  AND coalesce(x.spokesperson_name, x.spokesperson_title) IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY r.agency_id ORDER BY r.year DESC, r.extracted_at DESC) = 1
"""


# The registry's contact of each agency.
_REGISTRY_CONTACTS = """
SELECT id, phone, email FROM agencies WHERE id IN (SELECT unnest($ids))
"""


def spokespersons(*, agency_ids: list[str], db: DbPath = None) -> pd.DataFrame:
    """Return each agency's spokesperson as its latest report (any period) names them.

    Columns: agency_id, spokesperson_name, spokesperson_title (None when only the other is
    given), year (of that report). Agencies whose reports never name one are left out.
    """
    cols = ["agency_id", "spokesperson_name", "spokesperson_title", "year"]
    if not agency_ids:
        return pd.DataFrame([], columns=cols)
    with connect(db, read_only=True) as con:
        rows = con.execute(_CONTACTS, {"ids": list(agency_ids)}).fetchall()
    return pd.DataFrame(rows, columns=cols, dtype=object)


def _registry_contacts(agency_ids: list[str], db: DbPath) -> pd.DataFrame:
    """Return agency_id, phone, email of the registry rows of ``agency_ids``."""
    cols = ["agency_id", "phone", "email"]
    if not agency_ids:
        return pd.DataFrame([], columns=cols)
    with connect(db, read_only=True) as con:
        rows = con.execute(_REGISTRY_CONTACTS, {"ids": list(agency_ids)}).fetchall()
    return pd.DataFrame(rows, columns=cols, dtype=object)


def units_to_remind(
    *, year: int, period: str = "year", db: DbPath = None, on: date | None = None
) -> pd.DataFrame:
    """Return the expected units that have not reported for a period, by name, with a contact.

    Columns: agency_id, agency, agency_type, deadline, timeliness ("not_due" | "overdue" on
    ``on``, default today), days (overdue by), spokesperson_name, spokesperson_title (from the
    unit's latest report naming them, see ``spokespersons``; None when none does), phone, email
    (the registry's, None when it has none).
    """
    comp = completeness(year=year, period=period, db=db, on=on)
    missing = comp[comp["status"] == "missing"].sort_values("agency", kind="stable")
    cols = ["agency_id", "agency", "agency_type", "deadline", "timeliness", "days"]
    ids = missing["agency_id"].tolist()
    people = spokespersons(agency_ids=ids, db=db)
    out = missing[cols].merge(
        people[["agency_id", "spokesperson_name", "spokesperson_title"]], on="agency_id", how="left"
    )
    out = out.merge(_registry_contacts(ids, db), on="agency_id", how="left")
    return out.astype(object).where(out.notna(), None).reset_index(drop=True)


# --------------------------------------------------------------------------- press conferences

_NO_PRESS_ORDER = {"zero": 0, "unknown": 1, "not_submitted": 2}


def _no_press(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the rows that held no press conference, with their category and evidence."""
    held = frame["press_conferences"]
    category = np.where(
        ~frame["submitted"],
        "not_submitted",
        np.where(held.isna(), "unknown", np.where(held == 0, "zero", "")),
    )
    zero = category == "zero"
    out = pd.DataFrame(
        {
            "agency_id": frame["agency_id"].astype(object),
            "agency": frame["agency"].astype(object),
            "agency_type": frame["agency_type"].astype(object),
            "category": category,
            "quote": _none(frame["press_conferences_quote"].where(zero)),
            "where": _none(frame["press_conferences_where"].where(zero)),
            "report_id": _none(frame["report_id"]),
        }
    )
    out = out[out["category"] != ""]
    rank = out["category"].map(_NO_PRESS_ORDER)
    order = pd.DataFrame({"rank": rank, "agency": out["agency"]}).sort_values(
        ["rank", "agency"], kind="stable"
    )
    return out.loc[order.index].reset_index(drop=True)


def no_press_conferences(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return expected agencies that held no press conference, keeping the reasons apart.

    Columns: agency_id, agency, agency_type, category ("zero": the report says none was held;
    "unknown": the report is silent; "not_submitted": no report), quote, where (evidence of the
    value; None for unknown and not_submitted), report_id (None for not_submitted).
    Sorted by category (zero, unknown, not_submitted) then agency name.
    """
    with connect(db, read_only=True) as con:
        f = _period_frame(
            con, year=year, period=period, agency_type=agency_type, rules_=[], columns=_PRESS
        )
    return _no_press(f)


# --------------------------------------------------------------------------- training


# A period's training requests and other recommendations (warehouse.facts.training_requests
# decided them per report when it was written), in agency order then as the report lists them.
_LISTED_ITEMS = """,
items AS (
    SELECT year, agency, agency_id, report_id, unnest({column}) AS item,
           generate_subscripts({column}, 1) AS position
    FROM judged
    WHERE submitted AND {column} IS NOT NULL
)
SELECT {select} FROM items ORDER BY year, agency, agency_id, position
"""


def _themes(requests: pd.DataFrame) -> pd.DataFrame:
    """Return the requests grouped by theme: most agencies first, then TOPICS order."""
    cols = ["topic", "topic_label", "agencies", "requests"]
    if requests.empty:
        return pd.DataFrame(columns=cols)
    grouped = requests.groupby("topic", sort=False).agg(
        topic_label=("topic_label", "first"),
        agencies=("agency_id", "nunique"),
        requests=("agency_id", "size"),
    )
    order = {code: i for i, code in enumerate(TOPICS)}
    grouped["rank"] = [order.get(code, len(order)) for code in grouped.index]
    grouped = grouped.sort_values(["agencies", "rank"], ascending=[False, True], kind="stable")
    return grouped.reset_index()[cols]


def recommendations(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> dict[str, pd.DataFrame]:
    """Return the period's training themes, training requests and other recommendations at once.

    Keys: themes, requests, others, each as training_themes, training_requests and
    other_recommendations return them (one reading of the period for a page showing all three).
    """
    sql, params = _judged(period, year, agency_type, [])
    asked = _LISTED_ITEMS.format(
        column="training_requests",
        select='item.topic, agency_id, agency, item.quote, item."where", report_id',
    )
    other = _LISTED_ITEMS.format(
        column="other_recommendations", select="agency_id, agency, item, report_id"
    )
    with connect(db, read_only=True) as con:
        requests = con.execute(sql + asked, params).df()
        others = con.execute(sql + other, params).df()
    requests.columns = ["topic", "agency_id", "agency", "quote", "where", "report_id"]
    requests.insert(1, "topic_label", requests["topic"].map(lambda c: TOPICS.get(c, c)))
    others.columns = ["agency_id", "agency", "recommendation", "report_id"]
    requests, others = requests.astype(object), others.astype(object)
    return {"themes": _themes(requests), "requests": requests, "others": others}


def training_themes(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return training requests grouped into the themes of ``ingest.topics.TOPICS``.

    Columns: topic (code), topic_label (Vietnamese), agencies (distinct agencies asking),
    requests (number of request rows in the theme, see training_requests). Most agencies first;
    themes nobody asked for are left out.
    """
    return recommendations(year=year, period=period, agency_type=agency_type, db=db)["themes"]


def training_requests(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return each training request with its theme and evidence.

    Columns: topic, topic_label, agency_id, agency, quote (the request sentence), where,
    report_id. An agency asking about two themes appears once per theme (and once per sentence).
    """
    return recommendations(year=year, period=period, agency_type=agency_type, db=db)["requests"]


def other_recommendations(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return the recommendations that are not training requests.

    Columns: agency_id, agency, recommendation (text as written), report_id.
    """
    return recommendations(year=year, period=period, agency_type=agency_type, db=db)["others"]


# --------------------------------------------------------------------------- trends, history


def year_over_year(
    *, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return one row per year with the period's headline figures, oldest first.

    Columns: year, expected, received, on_time, compliance_rate (0..1 or None), posts_total,
    press_conferences, agencies_without_press_conference (zero + unknown + not_submitted).
    """
    with connect(db, read_only=True) as con:
        years = [
            y
            for (y,) in con.execute(
                "SELECT DISTINCT year FROM expected_reports WHERE period = ? ORDER BY year",
                [period],
            ).fetchall()
        ]
        by_year = {
            g["year"]: g for g in _figures(con, by="year", period=period, agency_type=agency_type)
        }
    out = []
    for y in years:
        g = by_year.get(y)
        s, t = _summary(g), _totals(g)
        out.append(
            {
                "year": y,
                "expected": s["expected"],
                "received": s["received"],
                "on_time": s["on_time"],
                "compliance_rate": t["compliance_rate"],
                "posts_total": t["posts_total"],
                "press_conferences": t["press_conferences"],
                "agencies_without_press_conference": g["without_press"] if g else 0,
            }
        )
    cols = ["year", "expected", "received", "on_time", "compliance_rate", "posts_total"]
    return pd.DataFrame(
        out, columns=[*cols, "press_conferences", "agencies_without_press_conference"]
    )


_HISTORY = """
SELECT r.id, r.year, r.period, r.version, r.status, r.is_current,
       (SELECT s.id FROM reports s WHERE s.supersedes = r.id LIMIT 1) AS superseded_by,
       r.file_id, f.original_name, f.received_at, f.uploaded_by, {agency} AS agency
FROM reports r
JOIN files f ON f.id = r.file_id
JOIN agencies a ON a.id = r.agency_id
WHERE r.agency_id = ?
ORDER BY r.year DESC, r.period, r.version DESC
""".format(agency=_name_in_period_sql("a.id", "r.year", "r.period", "a.name"))


def agency_history(*, agency_id: str, db: DbPath = None) -> pd.DataFrame:
    """Return every report version of one agency, newest period first, then newest version.

    Columns: report_id, year, period, version, status (ok | needs_review), is_current (bool),
    superseded_by (report_id | None), file_id, original_name, received_at, uploaded_by, agency
    (the agency's name in the report's period).
    """
    with connect(db, read_only=True) as con:
        rows = con.execute(_HISTORY, [agency_id]).fetchall()
    cols = ["report_id", "year", "period", "version", "status", "is_current", "superseded_by"]
    cols += ["file_id", "original_name", "received_at", "uploaded_by", "agency"]
    df = pd.DataFrame(rows, columns=cols)
    df["received_at"] = pd.to_datetime(df["received_at"])
    return df


# An agency's key figures per period: its single facts but the form's, in display order.
KEY_FIGURES: tuple[str, ...] = tuple(n for n in SCALAR_FIELDS if n not in FORM_FIELDS)
# The form's indicators only for years under Decree 244 ($form: its first year).
_AGENCY_FIGURES = """
SELECT r.id, r.year, r.period, {figures}, coalesce(x.posts_per_month_derived, false), {form}
FROM reports r
LEFT JOIN report_facts x ON x.report_id = r.id
WHERE r.agency_id = $agency AND r.is_current
ORDER BY r.year DESC, r.period
""".format(
    figures=", ".join(f"x.{name}" for name in KEY_FIGURES),
    form=", ".join(f"CASE WHEN r.year >= $form THEN x.{name} END" for name in FORM_FIELDS),
)


def agency_figures(*, agency_id: str, db: DbPath = None) -> pd.DataFrame:
    """Return the key effective figures of one agency's current reports, newest period first.

    Columns: report_id, year, period, then KEY_FIGURES (spokesperson_name, spokesperson_title,
    posts_total, posts_per_month (stated, else the effective total over the months),
    press_conferences, training_requested; None when the report does not say),
    posts_per_month_derived (bool), then the Decree 244 form's FORM_FIELDS (None for years
    before the form).
    """
    with connect(db, read_only=True) as con:
        rows = con.execute(
            _AGENCY_FIGURES, {"agency": agency_id, "form": FORM_FROM_YEAR}
        ).fetchall()
    cols = ["report_id", "year", "period", *KEY_FIGURES, "posts_per_month_derived", *FORM_FIELDS]
    return pd.DataFrame(rows, columns=cols).astype(object)


_FIELDS = """
SELECT field, value, original_value, corrected, corrected_by, corrected_at, reason, quote,
       "where", confidence
FROM effective_values
WHERE report_id = ?
"""


_REPORT = """
SELECT r.year, x.posts_per_month, coalesce(x.posts_per_month_derived, false)
FROM reports r
LEFT JOIN report_facts x ON x.report_id = r.id
WHERE r.id = ?
"""


def report_fields(*, report_id: str, db: DbPath = None) -> pd.DataFrame:
    """Return one report's fields with evidence, in ``ingest.record.ALL_FIELDS`` order.

    Every field of the table is listed (value None when not extracted), the Decree 244 form's
    indicators (FORM_FIELDS) only when the report's year is under Decree 244 (never before, even
    when an older report's text yielded one), then any other stored field. Empty when the report
    does not exist.
    Columns: field, value (effective: the latest correction when corrected, else extracted; a
    derived value recomputed from the effective values it comes from; Python object:
    int/float/str/list/bool/None), original_value (as extracted), corrected (bool), derived
    (bool: computed, not stated: posts_per_month from posts_total), corrected_by, corrected_at,
    reason (of the latest correction), quote, where, confidence.
    """
    cols = ["field", "value", "original_value", "corrected", "derived", "corrected_by"]
    cols += ["corrected_at", "reason", "quote", "where", "confidence"]
    with connect(db, read_only=True) as con:
        exists = con.execute(_REPORT, [report_id]).fetchone()
        rows = con.execute(_FIELDS, [report_id]).fetchall() if exists else []
    if not exists:
        return pd.DataFrame([], columns=cols)
    year, per_month, per_month_derived = exists
    by_field = {r[0]: r for r in rows}
    form = under_form(year)
    known = [name for name in ALL_FIELDS if form or name not in FORM_FIELDS]
    names = known + sorted(set(by_field) - set(ALL_FIELDS))
    out = []
    for name in names:
        r = by_field.get(name)
        if r is None:
            out.append(dict.fromkeys(cols) | {"field": name, "corrected": False, "derived": False})
        else:
            out.append(_field_row(r))
    if per_month_derived:  # report_facts holds it recomputed from the effective total
        row = out[names.index("posts_per_month")]
        row.update(value=per_month, derived=True)
    return pd.DataFrame(out, columns=cols)


_ARRIVAL = """
SELECT f.id, f.arrived_on, f.incoming_number
FROM reports r
JOIN files f ON f.id = r.file_id
WHERE r.id = ?
"""


def report_arrival(*, report_id: str, db: DbPath = None) -> tuple[str, date, str | None] | None:
    """Return (file_id, arrived_on, incoming_number) of a report's file; None when unknown."""
    with connect(db, read_only=True) as con:
        row = con.execute(_ARRIVAL, [report_id]).fetchone()
    return None if row is None else (row[0], row[1], row[2])


def _field_row(r: tuple) -> dict[str, Any]:
    """Return one row of report_fields from a row of _FIELDS."""
    return {
        "field": r[0],
        "value": _unjson(r[1]),
        "original_value": _unjson(r[2]),
        "corrected": bool(r[3]),
        "derived": False,
        "corrected_by": r[4],
        "corrected_at": r[5],
        "reason": r[6],
        "quote": r[7],
        "where": r[8],
        "confidence": r[9],
    }


def corrections_log(
    *, report_id: str | None = None, agency_id: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return the corrections audit trail, newest first, optionally for one report or agency.

    Columns: correction_id, report_id, field, old_value, new_value (Python objects), user, at,
    reason.
    """
    sql = (
        'SELECT c.id, c.report_id, c.field, c.old_value, c.new_value, c."user", c.created_at, '
        "c.reason FROM corrections c LEFT JOIN reports r ON r.id = c.report_id WHERE true"
    )
    params: list[Any] = []
    if report_id is not None:
        sql += " AND c.report_id = ?"
        params.append(report_id)
    if agency_id is not None:
        sql += " AND r.agency_id = ?"
        params.append(agency_id)
    with connect(db, read_only=True) as con:
        rows = con.execute(sql + " ORDER BY c.id DESC", params).fetchall()
    out = [
        {
            "correction_id": r[0],
            "report_id": r[1],
            "field": r[2],
            "old_value": _unjson(r[3]),
            "new_value": _unjson(r[4]),
            "user": r[5],
            "at": r[6],
            "reason": r[7],
        }
        for r in rows
    ]
    cols = ["correction_id", "report_id", "field", "old_value", "new_value", "user", "at"]
    return pd.DataFrame(out, columns=[*cols, "reason"])


# ------------------------------------------------------------------- queues, registry, files


# What needs a person, most doubtful first: an agency or a version no one may decide alone
# (unmatched, possible resubmission), then unreadable files, then low confidence and reader
# warnings; within a rank the lowest confidence, then the newest. Files rightly refused as
# non-reports are not here (refused_files).
_QUEUE = """
SELECT q.kind, q.file_id, f.original_name, q.message, q.report_id, q.created_at, q.id,
       q.confidence, q.related_report_id, q.candidates
FROM review_queue q
LEFT JOIN files f ON f.id = q.file_id
LEFT JOIN reports r ON r.id = q.report_id
WHERE q.resolved_at IS NULL AND q.kind <> 'not_a_report'
  AND (r.id IS NULL OR r.status = 'unmatched'
       OR q.kind IN ('possible_resubmission', 'locked_period')
       OR (r.is_current AND (r.status = 'needs_review' OR q.kind = 'reader_warning')))
ORDER BY CASE q.kind WHEN 'unmatched_agency' THEN 0 WHEN 'possible_resubmission' THEN 0
         WHEN 'locked_period' THEN 0 WHEN 'error' THEN 1 ELSE 2 END,
         q.confidence ASC NULLS LAST, q.created_at DESC, q.id DESC
"""


def review_queue(*, db: DbPath = None) -> pd.DataFrame:
    """Return the open items a reviewer must look at, most doubtful first (agency or version to
    decide, then unreadable files, then the rest; within, the lowest confidence, then newest).

    Columns: kind ("unmatched_agency" | "possible_resubmission" | "error" | "needs_review" |
    "reader_warning": an ok report whose file was partly read by OCR or not read in full),
    file_id, original_name, message (Vietnamese), report_id (the report to check, to assign to an
    agency with review.assign_report for unmatched_agency, or to decide on with
    review.decide_resubmission), at, item_id (for review.dismiss_review_item), confidence (the
    report's lowest field confidence, or the agency match's score), related_report_id (the current
    report a possible resubmission would replace), candidates (list of dicts: id, name, province,
    valid_from, valid_to, score, method; empty but for unmatched_agency), written (the agency name
    as the report gives it, or None). needs_review and reader_warning items disappear when the
    report is confirmed or superseded. Non-reports are in ``refused_files``.
    """
    with connect(db, read_only=True) as con:
        rows = con.execute(_QUEUE).fetchall()
    out = []
    for r in rows:
        match = _unjson(r[9]) or {}
        out.append(
            [*r[:9], match.get("candidates") or [], match.get("written")],
        )
    cols = ["kind", "file_id", "original_name", "message", "report_id", "at", "item_id"]
    cols += ["confidence", "related_report_id", "candidates", "written"]
    return pd.DataFrame(out, columns=cols)


# The latest refusal of each file, unless a reviewer had it read as a report since.
_REFUSED = """
SELECT q.file_id, f.original_name, q.message, q.created_at, f.uploaded_by, q.id, q.report_id,
       f.doc_type
FROM review_queue q
LEFT JOIN files f ON f.id = q.file_id
WHERE q.kind = 'not_a_report'
  AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.file_id = q.file_id
                  AND r.status <> 'not_a_report')
QUALIFY row_number() OVER (PARTITION BY coalesce(q.file_id, q.id::VARCHAR) ORDER BY q.id DESC) = 1
ORDER BY q.created_at DESC, q.id DESC
"""


def refused_files(*, db: DbPath = None) -> pd.DataFrame:
    """Return the files recognised as not being reports (memos, dispatches, blank forms…), newest
    first: kept, with no figures, and not in the review queue.

    A file a reviewer had read as a report since ("Đây là báo cáo — đọc lại") is not listed; a
    report a reviewer took out ("Không phải báo cáo") is, with its report_id.

    Columns: file_id, original_name, message (Vietnamese: what the file is), at, uploaded_by,
    item_id, report_id (None but for a report taken out), doc_type (memo | dispatch | form |
    decision | other, or None when not known).
    """
    with connect(db, read_only=True) as con:
        rows = con.execute(_REFUSED).fetchall()
    cols = ["file_id", "original_name", "message", "at", "uploaded_by", "item_id", "report_id"]
    cols += ["doc_type"]
    return pd.DataFrame(rows, columns=cols)


_VERSIONS = """
SELECT o.field, o.value, n.value
FROM (SELECT field, value FROM effective_values WHERE report_id = $old) o
FULL OUTER JOIN (SELECT field, value FROM effective_values WHERE report_id = $new) n
    ON n.field = o.field
"""


def compare_versions(*, current_id: str, new_id: str, db: DbPath = None) -> pd.DataFrame:
    """Return two versions of a report side by side, field by field (effective values), in
    ``ingest.record.ALL_FIELDS`` order: what a reviewer sees before replacing a report.

    Columns: field, current (value of ``current_id``), new (value of ``new_id``), differs (bool).
    """
    with connect(db, read_only=True) as con:
        rows = con.execute(_VERSIONS, {"old": current_id, "new": new_id}).fetchall()
    by_field = {(r[0] or ""): (_unjson(r[1]), _unjson(r[2])) for r in rows}
    order = [n for n in ALL_FIELDS if n in by_field] + sorted(set(by_field) - set(ALL_FIELDS))
    out = [
        [name, by_field[name][0], by_field[name][1], by_field[name][0] != by_field[name][1]]
        for name in order
    ]
    return pd.DataFrame(out, columns=["field", "current", "new", "differs"])


def confirmation(*, report_id: str, db: DbPath = None) -> tuple[str, datetime] | None:
    """Return who confirmed a report and when, or None while it is not confirmed."""
    with connect(db, read_only=True) as con:
        row = con.execute(
            "SELECT confirmed_by, confirmed_at FROM reports WHERE id = ? "
            "AND confirmed_at IS NOT NULL",
            [report_id],
        ).fetchone()
    return (row[0], row[1]) if row else None


_STATE = """
SELECT r.review_state, r.review_reason, s."user", s.created_at
FROM reports r
LEFT JOIN report_states s ON s.report_id = r.id
WHERE r.id = ?
ORDER BY s.id DESC NULLS LAST
LIMIT 1
"""


def review_state(*, report_id: str, db: DbPath = None) -> dict[str, Any] | None:
    """Return a report's review state: {state (pending | confirmed | returned), label ("Chờ xem
    xét" | "Đã xác nhận" | "Trả lại đơn vị"), reason, user, at} (user and at None while no one
    changed it), or None for an unknown report."""
    with connect(db, read_only=True) as con:
        row = con.execute(_STATE, [report_id]).fetchone()
    if row is None:
        return None
    state = row[0] or "pending"
    return {
        "state": state,
        "label": REVIEW_STATE_LABELS.get(state, state),
        "reason": row[1],
        "user": row[2],
        "at": row[3],
    }


def review_history(*, report_id: str, db: DbPath = None) -> pd.DataFrame:
    """Return every review-state change of a report, oldest first.

    Columns: state, label, reason (None but for "returned"), user, at.
    """
    with connect(db, read_only=True) as con:
        rows = con.execute(
            'SELECT state, reason, "user", created_at FROM report_states WHERE report_id = ? '
            "ORDER BY id",
            [report_id],
        ).fetchall()
    out = [[s, REVIEW_STATE_LABELS.get(s, s), reason, u, at] for s, reason, u, at in rows]
    return pd.DataFrame(out, columns=["state", "label", "reason", "user", "at"])


_BY_STATE = f"""
SELECT r.id, r.agency_id, {_name_in_period_sql("r.agency_id", "r.year", "r.period", "a.name")},
       r.year, r.period, r.source, r.review_reason, s."user", s.created_at
FROM reports r
JOIN agencies a ON a.id = r.agency_id
LEFT JOIN (SELECT * FROM report_states
           QUALIFY row_number() OVER (PARTITION BY report_id ORDER BY id DESC) = 1) s
    ON s.report_id = r.id
WHERE r.is_current AND coalesce(r.review_state, 'pending') = $state
  AND ($year IS NULL OR r.year = $year) AND ($period IS NULL OR r.period = $period)
ORDER BY r.year DESC, 3, r.id
"""


def reports_by_state(
    *, state: str, year: int | None = None, period: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return the current reports in one review state ("pending" | "confirmed" | "returned"),
    of a year and period when given, newest year first then by agency name.

    Columns: report_id, agency_id, agency (its name in the report's period), year, period,
    source ("file" | "paper"), reason (why it was returned), user, at (the last state change;
    None while no one changed it).
    """
    params = {"state": state, "year": year, "period": period}
    with connect(db, read_only=True) as con:
        rows = con.execute(_BY_STATE, params).fetchall()
    cols = ["report_id", "agency_id", "agency", "year", "period", "source", "reason", "user", "at"]
    return pd.DataFrame(rows, columns=cols)


_DECISIONS = """
SELECT d.id, d.agency_id, a.name, d.file_id, f.original_name, d.from_year, d.linked_by,
       d.linked_at
FROM spokesperson_decisions d
JOIN agencies a ON a.id = d.agency_id
JOIN files f ON f.id = d.file_id
WHERE d.unlinked_at IS NULL AND ($file IS NULL OR d.file_id = $file)
ORDER BY a.name, d.from_year, d.id
"""


def spokesperson_decisions(*, file_id: str | None = None, db: DbPath = None) -> pd.DataFrame:
    """Return the decisions kept as evidence of an agency's spokesperson rule (of one file when
    given). Columns: link_id, agency_id, agency, file_id, original_name, from_year, user, at."""
    with connect(db, read_only=True) as con:
        rows = con.execute(_DECISIONS, {"file": file_id}).fetchall()
    cols = ["link_id", "agency_id", "agency", "file_id", "original_name", "from_year", "user"]
    return pd.DataFrame(rows, columns=[*cols, "at"])


def period_lock(*, year: int, period: str = "year", db: DbPath = None) -> PeriodLock | None:
    """Return the lock in force on a year and period ("Chốt số liệu"), or None while its
    figures are open (``warehouse.locks``)."""
    return locks.period_lock(year=year, period=period, db=db)


_LOG = """
SELECT created_at, file_id, original_name, sha256, outcome, status, message, report_id, "user"
FROM ingest_log
WHERE id >= (SELECT min(id) FROM (SELECT id FROM ingest_log ORDER BY id DESC LIMIT $limit))
ORDER BY id DESC
"""


def ingest_log(*, limit: int = 200, db: DbPath = None) -> pd.DataFrame:
    """Return the latest load attempts, newest first.

    Columns: at, file_id, original_name, sha256, outcome (loaded | duplicate | new_version |
    not_a_report | error | unmatched_agency), status, message, report_id, user.
    """
    with connect(db, read_only=True) as con:
        rows = con.execute(_LOG, {"limit": int(limit)}).fetchall()
    cols = ["at", "file_id", "original_name", "sha256", "outcome", "status", "message"]
    return pd.DataFrame(rows, columns=[*cols, "report_id", "user"])


def agencies(*, db: DbPath = None) -> pd.DataFrame:
    """Return the agency registry, sorted by type then name.

    Columns: agency_id, name, short_name, type, parent, province, valid_from, valid_to (date |
    None), aliases (list[str]), is_valid (valid today), code (official code or None), successor
    (id of the agency that took over, or None), phone, email (the unit's contact, or None).
    """
    with connect(db, read_only=True) as con:
        rows = agency_rows(con)
    today = date.today()
    out = [
        {
            "agency_id": r[0],
            "name": r[1],
            "short_name": r[2],
            "type": r[4],
            "parent": r[5],
            "province": r[6],
            "valid_from": r[7],
            "valid_to": r[8],
            "aliases": list(r[3] or []),
            "is_valid": (r[7] is None or r[7] <= today) and (r[8] is None or r[8] >= today),
            "code": r[9],
            "successor": r[10],
            "phone": r[11],
            "email": r[12],
        }
        for r in rows
    ]
    out.sort(key=lambda x: (x["type"] or "", x["name"]))
    cols = ["agency_id", "name", "short_name", "type", "parent", "province", "valid_from"]
    cols += ["valid_to", "aliases", "is_valid", "code", "successor", "phone", "email"]
    return pd.DataFrame(out, columns=cols)


def threshold_history(*, db: DbPath = None) -> pd.DataFrame:
    """Return every threshold changed in the app (table rule_settings), newest first.

    Columns: id, rule_id, agency_type, from_year, threshold (None: back to rules.toml), previous
    (the threshold in force for from_year before the change), changed_by, changed_at, reason.
    """
    with connect(db, read_only=True) as con:
        return con.execute(
            "SELECT id, rule_id, agency_type, from_year, threshold, previous, changed_by, "
            "changed_at, reason FROM rule_settings ORDER BY id DESC"
        ).df()


def rules(*, db: DbPath = None) -> list[Rule]:
    """Return the compliance rules of ``warehouse/rules.toml`` in file order, with the thresholds
    changed in the app (``Rule.changes``; ``Rule.threshold_for`` gives the one in force)."""
    return rules_in_force(db=db)


def deadline(*, year: int, period: str = "year") -> date | None:
    """Return the configured deadline (last on-time day) of a period."""
    return load_config().deadline(year, period)


def file_bytes(*, file_id: str, db: DbPath = None) -> tuple[str, bytes]:
    """Return a stored file's original (sanitised) name and its bytes (checked against sha256)."""
    with connect(db, read_only=True) as con:
        row = con.execute(
            "SELECT original_name, stored_path, sha256 FROM files WHERE id = ?", [file_id]
        ).fetchone()
    if not row:
        raise FileMissing(f"file {file_id} not in the warehouse")
    path: Path = db_path(db).parent / row[1]
    try:
        data = path.read_bytes()
    except OSError as e:
        raise FileMissing(f"stored file {path} unreadable: {e}", path=str(path)) from e
    if hashlib.sha256(data).hexdigest() != row[2]:
        raise FileMissing(f"stored file {path} does not match its sha256", path=str(path))
    return row[0], data


def file_text(*, file_id: str, db: DbPath = None) -> Readout:
    """Return the text the rules see in a stored file: its original, read again by the readers.

    The warehouse keeps every file's original bytes (``load.store_blob``), not the text read from
    them, so this is the current readers' reading of the same bytes (``ingest.readout``), block by
    block with its location; a file that cannot be read gives the Readout's Vietnamese error.
    """
    name, data = file_bytes(file_id=file_id, db=db)
    with tempfile.TemporaryDirectory(prefix="reports-text-") as tmp:
        # The readers go by content; the suffix only keeps the name familiar in the log.
        path = Path(tmp) / f"original{Path(name).suffix.lower()}"
        path.write_bytes(data)
        return read_text(path, shown=name)
