"""Typed read functions: the only place dashboard pages get data from.

Every function is keyword-only and takes ``db`` (a path; None means ``--db``/``$REPORTS_DB``/
``data/warehouse.duckdb``). They return pandas DataFrames (columns documented below, always present
even when empty) unless the docstring says otherwise. Values shown are the *effective* ones: a
reviewer's correction wins over the extracted value. Only current versions of reports count.

``period`` is one of ``year | h1 | 9m | q1 | q2 | q3 | q4``. ``agency_type`` filters on the
registry type (``department | district | other``); None means all.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ingest.errors import WarehouseError
from ingest.record import FIELD_NAMES
from warehouse.db import DbPath, connect, db_path
from warehouse.registry import agency_rows
from warehouse.rules import Rule, evaluate, load_config, load_rules, metric_value, overall

PERIOD_ORDER = ("year", "9m", "h1", "q4", "q3", "q2", "q1")
# Words that make a recommendation a training request (accent-folded); the themes themselves come
# from ingest.topics only.
TRAINING_WORDS = ("tap huan", "boi duong", "dao tao", "huan luyen")


class FileMissing(WarehouseError):
    user_message = "Không tìm thấy tệp gốc trong kho lưu trữ (có thể đã bị xoá hoặc hỏng)."


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in text if unicodedata.category(c) != "Mn").lower()


def _unjson(text: Any) -> Any:
    if text is None:
        return None
    return json.loads(text) if isinstance(text, str) else text


# --------------------------------------------------------------------------- shared period data


@dataclass
class _Row:
    agency_id: str
    agency: str
    agency_type: str
    deadline: date
    report_id: str | None
    version: int | None
    received_at: datetime | None
    values: dict[str, Any] | None = None
    evidence: dict[str, dict] = field(default_factory=dict)

    @property
    def completeness(self) -> str:
        if self.report_id is None:
            return "missing"
        if self.received_at is None:
            return "on_time"
        return "on_time" if self.received_at.date() <= self.deadline else "late"


_PERIOD_ROWS = """
SELECT e.agency_id, a.name, a.type, e.deadline, c.id, c.version, c.first_received_at
FROM expected_reports e
JOIN agencies a ON a.id = e.agency_id
LEFT JOIN current_reports c
    ON c.agency_id = e.agency_id AND c.year = e.year AND c.period = e.period
WHERE e.year = ? AND e.period = ?
"""

_VALUES = """
SELECT report_id, field, value, quote, "where", confidence
FROM effective_values
WHERE list_contains(?, report_id)
"""


def _values(
    con: duckdb.DuckDBPyConnection, report_ids: list[str]
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, dict]]]:
    values: dict[str, dict[str, Any]] = {r: {} for r in report_ids}
    evidence: dict[str, dict[str, dict]] = {r: {} for r in report_ids}
    if not report_ids:
        return values, evidence
    for rid, name, value, quote, where, conf in con.execute(_VALUES, [report_ids]).fetchall():
        values[rid][name] = _unjson(value)
        evidence[rid][name] = {"quote": quote, "where": where, "confidence": conf}
    return values, evidence


def _period_rows(
    con: duckdb.DuckDBPyConnection, year: int, period: str, agency_type: str | None
) -> list[_Row]:
    sql, params = _PERIOD_ROWS, [year, period]
    if agency_type:
        sql += " AND a.type = ?"
        params.append(agency_type)
    rows = [_Row(*r) for r in con.execute(sql + " ORDER BY a.name", params).fetchall()]
    values, evidence = _values(con, [r.report_id for r in rows if r.report_id])
    for r in rows:
        if r.report_id:
            r.values = values[r.report_id]
            r.evidence = evidence[r.report_id]
    return rows


def _rules_for(rules: list[Rule], agency_type: str) -> list[Rule]:
    return [r for r in rules if agency_type in r.applies_to]


def _evaluate(row: _Row, period: str, rules: list[Rule]) -> list[tuple[Rule, str, Any, Any]]:
    out = []
    for rule in _rules_for(rules, row.agency_type):
        status, value, threshold = evaluate(
            rule,
            agency_type=row.agency_type,
            period=period,
            values=row.values,
            received_at=row.received_at,
            deadline=row.deadline,
        )
        out.append((rule, status, value, threshold))
    return out


def _overall(row: _Row, period: str, rules: list[Rule]) -> str:
    return overall([status for _, status, _, _ in _evaluate(row, period, rules)])


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------- periods, completeness


_AVAILABLE = """
SELECT DISTINCT year, period FROM expected_reports
UNION
SELECT DISTINCT year, period FROM reports
WHERE agency_id IS NOT NULL AND year IS NOT NULL AND period IS NOT NULL
"""


def available_periods(*, db: DbPath = None) -> pd.DataFrame:
    """Return the periods that are expected or have reports, newest first.

    Columns: year (int), period (str).
    """
    with connect(db, read_only=True) as con:
        rows = con.execute(_AVAILABLE).fetchall()
    order = {p: i for i, p in enumerate(PERIOD_ORDER)}
    rows.sort(key=lambda r: (-r[0], order.get(r[1], 99)))
    return _frame([{"year": y, "period": p} for y, p in rows], ["year", "period"])


_COMPLETENESS_ORDER = {"missing": 0, "late": 1, "on_time": 2}


def completeness(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return one row per expected agency with whether and when its report arrived.

    Columns: agency_id, agency, agency_type, status ("on_time" | "late" | "missing"),
    received_at (when the first version arrived; a resubmission does not make a report late;
    Timestamp | NaT), deadline (date), report_id (current version | None), version (int | None).
    Sorted by status (missing, late, on_time) then agency name.
    """
    with connect(db, read_only=True) as con:
        rows = _period_rows(con, year, period, agency_type)
    rows.sort(key=lambda r: (_COMPLETENESS_ORDER[r.completeness], r.agency))
    cols = ["agency_id", "agency", "agency_type", "status", "received_at", "deadline"]
    cols += ["report_id", "version"]
    df = _frame(
        [
            {
                "agency_id": r.agency_id,
                "agency": r.agency,
                "agency_type": r.agency_type,
                "status": r.completeness,
                "received_at": r.received_at,
                "deadline": r.deadline,
                "report_id": r.report_id,
                "version": r.version,
            }
            for r in rows
        ],
        cols,
    )
    df["received_at"] = pd.to_datetime(df["received_at"])
    df["version"] = df["version"].astype("Int64")
    return df


def _summary(rows: list[_Row]) -> dict:
    expected = len(rows)
    counts = {"on_time": 0, "late": 0, "missing": 0}
    for r in rows:
        counts[r.completeness] += 1
    received = counts["on_time"] + counts["late"]
    return {
        "expected": expected,
        "received": received,
        "on_time": counts["on_time"],
        "late": counts["late"],
        "missing": counts["missing"],
        "rate": received / expected if expected else None,
        "on_time_rate": counts["on_time"] / expected if expected else None,
    }


def completeness_summary(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> dict:
    """Return the reporting-rate figures for one period (DHIS2 style).

    Keys: expected, received, on_time, late, missing (ints), rate (received/expected, 0..1, None
    when nothing is expected), on_time_rate (on_time/expected, 0..1 or None).
    """
    with connect(db, read_only=True) as con:
        return _summary(_period_rows(con, year, period, agency_type))


# --------------------------------------------------------------------------- compliance


def compliance(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return every rule's result for every expected agency (long form).

    Columns: agency_id, agency, agency_type, rule_id, rule_label, status ("pass" | "fail" |
    "unknown" | "not_submitted"), value (the value the rule looked at, as text or number; None when
    missing), threshold (float | None), legal_ref, report_id (str | None).
    Only rules whose applies_to contains the agency's type are listed.
    """
    rules_ = load_rules()
    with connect(db, read_only=True) as con:
        rows = _period_rows(con, year, period, agency_type)
    out = []
    for r in rows:
        for rule, status, value, threshold in _evaluate(r, period, rules_):
            if isinstance(value, datetime):
                value = value.isoformat(sep=" ", timespec="minutes")
            elif isinstance(value, bool):
                value = "Có" if value else "Không"
            out.append(
                {
                    "agency_id": r.agency_id,
                    "agency": r.agency,
                    "agency_type": r.agency_type,
                    "rule_id": rule.id,
                    "rule_label": rule.label,
                    "status": status,
                    "value": value,
                    "threshold": threshold,
                    "legal_ref": rule.legal_ref,
                    "report_id": r.report_id,
                }
            )
    cols = ["agency_id", "agency", "agency_type", "rule_id", "rule_label", "status", "value"]
    return _frame(out, [*cols, "threshold", "legal_ref", "report_id"])


def _table_rows(rows: list[_Row], period: str, rules_: list[Rule]) -> list[dict]:
    out = []
    for r in rows:
        v = r.values or {}
        results = _evaluate(r, period, rules_)
        item = {
            "agency_id": r.agency_id,
            "agency": r.agency,
            "agency_type": r.agency_type,
            "report_id": r.report_id,
            "spokesperson": v.get("spokesperson_name") or v.get("spokesperson_title"),
            "posts_total": _number(v.get("posts_total")),
            "posts_per_month": _number(metric_value("posts_per_month", v, period))
            if r.values
            else None,
            "press_conferences": _number(v.get("press_conferences")),
        }
        for rule in rules_:
            item[rule.id] = None
        for rule, status, _, _ in results:
            item[rule.id] = status
        item["overall"] = overall([s for _, s, _, _ in results])
        out.append(item)
    return out


def compliance_table(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return one row per expected agency with its key figures and each rule's status (wide form).

    Columns: agency_id, agency, agency_type, report_id, spokesperson (name, else title, else None),
    posts_total, posts_per_month (stated, else posts_total / months), press_conferences (numbers
    or None), then one column per rule (column name = rule_id, value = status; None when the rule
    does not apply to the type), then overall ("pass" | "fail" | "unknown" | "not_submitted":
    not_submitted when no report; fail when any rule fails; unknown when none fails but some is
    unknown; else pass). Sorted by agency name.
    """
    rules_ = load_rules()
    with connect(db, read_only=True) as con:
        rows = _period_rows(con, year, period, agency_type)
    cols = ["agency_id", "agency", "agency_type", "report_id", "spokesperson", "posts_total"]
    cols += ["posts_per_month", "press_conferences", *(r.id for r in rules_), "overall"]
    df = _frame(_table_rows(rows, period, rules_), cols)
    for c in ("posts_total", "posts_per_month", "press_conferences"):
        df[c] = pd.to_numeric(df[c], errors="coerce")
    return df


def compliance_by_type(*, year: int, period: str = "year", db: DbPath = None) -> pd.DataFrame:
    """Return overall compliance counted per agency type.

    Columns: agency_type, agencies (expected), passed, failed, unknown, not_submitted (ints),
    rate (passed/agencies, 0..1; None when agencies is 0).
    """
    rules_ = load_rules()
    with connect(db, read_only=True) as con:
        rows = _period_rows(con, year, period, None)
    by_type: dict[str, dict[str, int]] = {}
    for r in rows:
        counts = by_type.setdefault(
            r.agency_type, {"pass": 0, "fail": 0, "unknown": 0, "not_submitted": 0}
        )
        counts[_overall(r, period, rules_)] += 1
    out = []
    for t, c in sorted(by_type.items()):
        n = sum(c.values())
        out.append(
            {
                "agency_type": t,
                "agencies": n,
                "passed": c["pass"],
                "failed": c["fail"],
                "unknown": c["unknown"],
                "not_submitted": c["not_submitted"],
                "rate": c["pass"] / n if n else None,
            }
        )
    cols = ["agency_type", "agencies", "passed", "failed", "unknown", "not_submitted", "rate"]
    return _frame(out, cols)


def _totals(rows: list[_Row], period: str, rules_: list[Rule]) -> dict:
    posts = conferences = 0.0
    reports = passed = 0
    for r in rows:
        if r.values is None:
            continue
        reports += 1
        posts += _number(r.values.get("posts_total")) or 0
        conferences += _number(r.values.get("press_conferences")) or 0
        passed += _overall(r, period, rules_) == "pass"
    return {
        "posts_total": int(posts),
        "press_conferences": int(conferences),
        "reports": reports,
        "compliance_rate": passed / len(rows) if rows else None,
    }


def totals(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> dict:
    """Return headline figures for one period.

    Keys: posts_total (sum over current reports of expected agencies; unknowns skipped),
    press_conferences (same), reports (current reports received from expected agencies),
    compliance_rate (overall pass / expected agencies, 0..1, None when nothing expected).
    """
    with connect(db, read_only=True) as con:
        rows = _period_rows(con, year, period, agency_type)
    return _totals(rows, period, load_rules())


# --------------------------------------------------------------------------- press conferences


def _no_press(rows: list[_Row]) -> list[dict]:
    out = []
    for r in rows:
        if r.values is None:
            category, ev = "not_submitted", {}
        else:
            value = _number(r.values.get("press_conferences"))
            if value is None:
                category, ev = "unknown", {}
            elif value == 0:
                category, ev = "zero", r.evidence.get("press_conferences", {})
            else:
                continue
        out.append(
            {
                "agency_id": r.agency_id,
                "agency": r.agency,
                "agency_type": r.agency_type,
                "category": category,
                "quote": ev.get("quote"),
                "where": ev.get("where"),
                "report_id": r.report_id,
            }
        )
    order = {"zero": 0, "unknown": 1, "not_submitted": 2}
    out.sort(key=lambda x: (order[x["category"]], x["agency"]))
    return out


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
        rows = _period_rows(con, year, period, agency_type)
    cols = ["agency_id", "agency", "agency_type", "category", "quote", "where", "report_id"]
    return _frame(_no_press(rows), cols)


# --------------------------------------------------------------------------- training


def _topics() -> tuple[dict[str, str], Any]:
    from ingest import topics

    return topics.TOPICS, getattr(topics, "topics_for", None)


def is_training_request(text: str) -> bool:
    """Return True when a recommendation asks for training (tập huấn, bồi dưỡng, đào tạo …)."""
    folded = _fold(text)
    return any(w in folded for w in TRAINING_WORDS)


def _training(rows: list[_Row]) -> tuple[list[dict], list[dict]]:
    """Return (training request rows, other recommendation rows) of the received reports.

    Themes: the request sentences classified with ingest.topics.topics_for, restricted to the
    report's effective training_topics when it has some (so a reviewer's correction of the topics
    wins); a stored topic no sentence supports still counts, with the field's own evidence.
    """
    labels, topics_for = _topics()
    requests: list[dict] = []
    others: list[dict] = []
    for r in rows:
        if r.values is None:
            continue
        recs = [str(x) for x in (r.values.get("recommendations") or []) if str(x).strip()]
        stored = [t for t in (r.values.get("training_topics") or []) if t in labels]
        asked = r.values.get("training_requested")
        sentences = [s for s in recs if is_training_request(s)]
        others += [
            {
                "agency_id": r.agency_id,
                "agency": r.agency,
                "recommendation": s,
                "report_id": r.report_id,
            }
            for s in recs
            if s not in sentences
        ]
        if asked is False and not stored:
            continue
        if not sentences and not stored and not asked:
            continue
        where = r.evidence.get("recommendations", {}).get("where")
        pairs: list[tuple[str, str, str | None]] = []
        for s in sentences:
            codes = topics_for(s) if topics_for else []
            if stored:
                codes = [c for c in codes if c in stored]
            elif not codes:
                codes = ["other"]
            pairs += [(c, s, where) for c in codes]
        covered = {c for c, _, _ in pairs}
        ev = r.evidence.get("training_topics", {})
        fallback_quote = sentences[0] if sentences else ev.get("quote")
        fallback_where = where if sentences else ev.get("where")
        for c in stored:
            if c not in covered:
                pairs.append((c, fallback_quote, fallback_where))
        if not pairs and asked:
            ev = r.evidence.get("training_requested", {})
            pairs.append(("other", ev.get("quote"), ev.get("where")))
        for code, quote, at in pairs:
            requests.append(
                {
                    "topic": code,
                    "topic_label": labels.get(code, code),
                    "agency_id": r.agency_id,
                    "agency": r.agency,
                    "quote": quote,
                    "where": at,
                    "report_id": r.report_id,
                }
            )
    return requests, others


def training_themes(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return training requests grouped into the themes of ``ingest.topics.TOPICS``.

    Columns: topic (code), topic_label (Vietnamese), agencies (distinct agencies asking),
    requests (number of request rows in the theme, see training_requests). Most agencies first;
    themes nobody asked for are left out.
    """
    with connect(db, read_only=True) as con:
        rows = _period_rows(con, year, period, agency_type)
    requests, _ = _training(rows)
    labels, _ = _topics()
    grouped: dict[str, dict] = {}
    for q in requests:
        g = grouped.setdefault(q["topic"], {"agencies": set(), "requests": 0})
        g["agencies"].add(q["agency_id"])
        g["requests"] += 1
    order = list(labels)
    out = [
        {
            "topic": code,
            "topic_label": labels.get(code, code),
            "agencies": len(g["agencies"]),
            "requests": g["requests"],
        }
        for code, g in grouped.items()
    ]
    out.sort(key=lambda x: (-x["agencies"], order.index(x["topic"]) if x["topic"] in order else 99))
    return _frame(out, ["topic", "topic_label", "agencies", "requests"])


def training_requests(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return each training request with its theme and evidence.

    Columns: topic, topic_label, agency_id, agency, quote (the request sentence), where,
    report_id. An agency asking about two themes appears once per theme (and once per sentence).
    """
    with connect(db, read_only=True) as con:
        rows = _period_rows(con, year, period, agency_type)
    requests, _ = _training(rows)
    cols = ["topic", "topic_label", "agency_id", "agency", "quote", "where", "report_id"]
    return _frame(requests, cols)


def other_recommendations(
    *, year: int, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return the recommendations that are not training requests.

    Columns: agency_id, agency, recommendation (text as written), report_id.
    """
    with connect(db, read_only=True) as con:
        rows = _period_rows(con, year, period, agency_type)
    _, others = _training(rows)
    return _frame(others, ["agency_id", "agency", "recommendation", "report_id"])


# --------------------------------------------------------------------------- trends, history


def year_over_year(
    *, period: str = "year", agency_type: str | None = None, db: DbPath = None
) -> pd.DataFrame:
    """Return one row per year with the period's headline figures, oldest first.

    Columns: year, expected, received, on_time, compliance_rate (0..1 or None), posts_total,
    press_conferences, agencies_without_press_conference (zero + unknown + not_submitted).
    """
    rules_ = load_rules()
    out = []
    with connect(db, read_only=True) as con:
        years = [
            y
            for (y,) in con.execute(
                "SELECT DISTINCT year FROM expected_reports WHERE period = ? ORDER BY year",
                [period],
            ).fetchall()
        ]
        for y in years:
            rows = _period_rows(con, y, period, agency_type)
            s, t = _summary(rows), _totals(rows, period, rules_)
            out.append(
                {
                    "year": y,
                    "expected": s["expected"],
                    "received": s["received"],
                    "on_time": s["on_time"],
                    "compliance_rate": t["compliance_rate"],
                    "posts_total": t["posts_total"],
                    "press_conferences": t["press_conferences"],
                    "agencies_without_press_conference": len(_no_press(rows)),
                }
            )
    cols = ["year", "expected", "received", "on_time", "compliance_rate", "posts_total"]
    return _frame(out, [*cols, "press_conferences", "agencies_without_press_conference"])


_HISTORY = """
SELECT r.id, r.year, r.period, r.version, r.status, r.is_current,
       (SELECT s.id FROM reports s WHERE s.supersedes = r.id LIMIT 1) AS superseded_by,
       r.file_id, f.original_name, f.received_at, f.uploaded_by
FROM reports r
JOIN files f ON f.id = r.file_id
WHERE r.agency_id = ?
ORDER BY r.year DESC, r.period, r.version DESC
"""


def agency_history(*, agency_id: str, db: DbPath = None) -> pd.DataFrame:
    """Return every report version of one agency, newest period first, then newest version.

    Columns: report_id, year, period, version, status (ok | needs_review), is_current (bool),
    superseded_by (report_id | None), file_id, original_name, received_at, uploaded_by.
    """
    with connect(db, read_only=True) as con:
        rows = con.execute(_HISTORY, [agency_id]).fetchall()
    cols = ["report_id", "year", "period", "version", "status", "is_current", "superseded_by"]
    cols += ["file_id", "original_name", "received_at", "uploaded_by"]
    df = pd.DataFrame(rows, columns=cols)
    df["received_at"] = pd.to_datetime(df["received_at"])
    return df


_FIELDS = """
SELECT field, value, original_value, corrected, corrected_by, corrected_at, reason, quote,
       "where", confidence
FROM effective_values
WHERE report_id = ?
"""


def report_fields(*, report_id: str, db: DbPath = None) -> pd.DataFrame:
    """Return one report's fields with evidence, in ``ingest.record.FIELD_NAMES`` order.

    Every field of FIELD_NAMES is listed (value None when not extracted), then any extra stored
    field. Empty when the report does not exist.
    Columns: field, value (effective: the latest correction when corrected, else extracted; Python
    object: int/float/str/list/bool/None), original_value (as extracted), corrected (bool),
    corrected_by, corrected_at, reason (of the latest correction), quote, where, confidence.
    """
    cols = ["field", "value", "original_value", "corrected", "corrected_by", "corrected_at"]
    cols += ["reason", "quote", "where", "confidence"]
    with connect(db, read_only=True) as con:
        exists = con.execute("SELECT 1 FROM reports WHERE id = ?", [report_id]).fetchone()
        rows = con.execute(_FIELDS, [report_id]).fetchall() if exists else []
    if not exists:
        return _frame([], cols)
    by_field = {r[0]: r for r in rows}
    names = list(FIELD_NAMES) + sorted(set(by_field) - set(FIELD_NAMES))
    out = []
    for name in names:
        r = by_field.get(name)
        if r is None:
            out.append(dict.fromkeys(cols) | {"field": name, "corrected": False})
            continue
        out.append(
            {
                "field": name,
                "value": _unjson(r[1]),
                "original_value": _unjson(r[2]),
                "corrected": bool(r[3]),
                "corrected_by": r[4],
                "corrected_at": r[5],
                "reason": r[6],
                "quote": r[7],
                "where": r[8],
                "confidence": r[9],
            }
        )
    return _frame(out, cols)


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
    return _frame(out, [*cols, "reason"])


# ------------------------------------------------------------------- queues, registry, files


_QUEUE = """
SELECT q.kind, q.file_id, f.original_name, q.message, q.report_id, q.created_at, q.id
FROM review_queue q
LEFT JOIN files f ON f.id = q.file_id
LEFT JOIN reports r ON r.id = q.report_id
WHERE q.resolved_at IS NULL
  AND (r.id IS NULL OR r.status = 'unmatched' OR (r.is_current AND r.status = 'needs_review'))
ORDER BY q.id DESC
"""


def review_queue(*, db: DbPath = None) -> pd.DataFrame:
    """Return the open items a reviewer must look at, newest first.

    Columns: kind ("unmatched_agency" | "needs_review" | "error" | "not_a_report"), file_id,
    original_name, message (Vietnamese), report_id (the report to check, or to assign to an agency
    with load.assign_report for unmatched_agency), at, item_id (for load.dismiss_review_item).
    needs_review items disappear when the report is confirmed or superseded.
    """
    with connect(db, read_only=True) as con:
        rows = con.execute(_QUEUE).fetchall()
    cols = ["kind", "file_id", "original_name", "message", "report_id", "at", "item_id"]
    return pd.DataFrame(rows, columns=cols)


_LOG = """
SELECT created_at, file_id, original_name, sha256, outcome, status, message, report_id, "user"
FROM ingest_log
ORDER BY id DESC
LIMIT ?
"""


def ingest_log(*, limit: int = 200, db: DbPath = None) -> pd.DataFrame:
    """Return the latest load attempts, newest first.

    Columns: at, file_id, original_name, sha256, outcome (loaded | duplicate | new_version |
    not_a_report | error | unmatched_agency), status, message, report_id, user.
    """
    with connect(db, read_only=True) as con:
        rows = con.execute(_LOG, [int(limit)]).fetchall()
    cols = ["at", "file_id", "original_name", "sha256", "outcome", "status", "message"]
    return pd.DataFrame(rows, columns=[*cols, "report_id", "user"])


def agencies(*, db: DbPath = None) -> pd.DataFrame:
    """Return the agency registry, sorted by type then name.

    Columns: agency_id, name, short_name, type, parent, province, valid_from, valid_to (date |
    None), aliases (list[str]), is_valid (valid today).
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
        }
        for r in rows
    ]
    out.sort(key=lambda x: (x["type"] or "", x["name"]))
    cols = ["agency_id", "name", "short_name", "type", "parent", "province", "valid_from"]
    return _frame(out, [*cols, "valid_to", "aliases", "is_valid"])


def rules() -> list[Rule]:
    """Return the compliance rules from ``warehouse/rules.toml`` in file order."""
    return load_rules()


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
