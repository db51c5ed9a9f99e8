"""Typed per-report facts (table ``report_facts``): the effective values period figures aggregate.

``field_values`` (what was extracted) and ``corrections`` (what reviewers changed, beside it) are
the record. Decoding their JSON for every report of a period on every page view costs seconds at
national scale, so each report also has one typed row here, written in the same transaction as
its values (``write``) or a correction (``refresh``), and rebuilt (``rebuild``) by the migration
step named after ``fingerprint()`` whenever the rules it is computed by change (and for reports
stored before the table existed). It can always be rebuilt from the record.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import duckdb
import pyarrow as pa

from ingest import topics
from ingest.fields.posts import monthly_average
from ingest.periods import MONTHS
from ingest.record import FACT_FIELDS, LIST_KINDS, NUMERIC_KINDS, SPECS
from ingest.topics import TOPICS, request_topics

log = logging.getLogger(__name__)

# Effective values kept (the field table's fact fields, in display order), with the evidence
# columns the pages quote.
VALUE_FIELDS = FACT_FIELDS
LIST_FIELDS = tuple(name for name in VALUE_FIELDS if SPECS[name].kind in LIST_KINDS)
# The single values of a report that compliance rules may compare (warehouse.rules).
SCALAR_FIELDS = tuple(name for name in VALUE_FIELDS if name not in LIST_FIELDS)
EVIDENCE = {
    "press_conferences": ("quote", "where"),
    "recommendations": ("where",),
    "training_topics": ("quote", "where"),
    "training_requested": ("quote", "where"),
}
# Whether posts_per_month is derived from posts_total rather than stated (migration 006).
DERIVED = "posts_per_month_derived"
COLUMNS = (
    "report_id",
    *VALUE_FIELDS,
    "training_requests",
    "other_recommendations",
    *(f"{name}_{part}" for name, parts in EVIDENCE.items() for part in parts),
    DERIVED,
)
_STRINGS = pa.list_(pa.string())
_REQUESTS = pa.list_(
    pa.struct([("topic", pa.string()), ("quote", pa.string()), ("where", pa.string())])
)


def _arrow_type(kind: str) -> pa.DataType:
    """Return the Arrow type of a fact column of this kind (numbers as doubles, for sums)."""
    if kind in NUMERIC_KINDS:
        return pa.float64()
    if kind in LIST_KINDS:
        return _STRINGS
    return pa.bool_() if kind == "flag" else pa.string()


_ARROW = {name: _arrow_type(SPECS[name].kind) for name in VALUE_FIELDS}
_ARROW |= {"training_requests": _REQUESTS, "other_recommendations": _STRINGS, DERIVED: pa.bool_()}
SCHEMA = pa.schema([(name, _ARROW.get(name, pa.string())) for name in COLUMNS])
_INTO = f"INTO report_facts ({', '.join(COLUMNS)}) "
_REPLACE_ROWS = "INSERT OR REPLACE " + _INTO + "SELECT * FROM facts_rows"
# A new report's row: a plain INSERT costs a third of INSERT OR REPLACE (1.2 vs 4 ms).
_INSERT_NEW = "INSERT " + _INTO + f"VALUES ({', '.join('?' * len(COLUMNS))})"
# Stored form of one field: (value as JSON text, quote, where).
Stored = tuple[str | None, str | None, str | None]


def number(value: Any) -> float | None:
    """Return a value as a number for sums and thresholds; None for booleans, text and NaN."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    if not isinstance(value, int | float) or math.isnan(value):
        return None
    return float(value)


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, list | dict):
        return None
    text = str(value).strip()
    return text or None


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _texts(value: Any) -> list[str] | None:
    if not isinstance(value, list):
        return None
    return [str(x) for x in value if x is not None and str(x).strip()]


# How a stored JSON value of each kind becomes its fact.
_DECODERS = {"flag": _flag} | dict.fromkeys(NUMERIC_KINDS, number)
_DECODERS |= dict.fromkeys(LIST_KINDS, _texts)
_TYPES = {name: _DECODERS.get(SPECS[name].kind, _text) for name in VALUE_FIELDS}


def _decode(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def fact_row(
    report_id: str,
    stored: Mapping[str, Stored],
    *,
    period: str | None = None,
    derived: Iterable[str] = (),
) -> list[Any]:
    """Return the report_facts row (in COLUMNS order) of one report's effective stored fields.

    period: the report's period code; derived: the fields whose stored value the extractor
    computed (FieldValue.derived) and no reviewer corrected since.
    """
    row: list[Any] = [report_id]
    for name in VALUE_FIELDS:
        value = stored[name][0] if name in stored else None
        row.append(_TYPES[name](_decode(value)))
    values = dict(zip(VALUE_FIELDS, row[1:], strict=True))
    per_month, is_derived = posts_per_month(values, period, set(derived))
    row[1 + VALUE_FIELDS.index("posts_per_month")] = per_month
    evidence = {name: stored.get(name, (None, None, None))[1:] for name in EVIDENCE}
    requests, others = training_requests(values, evidence)
    row += [requests or None, others or None]
    for name, parts in EVIDENCE.items():
        quote, where = evidence[name]
        row += [quote if part == "quote" else where for part in parts]
    return [*row, is_derived]


def posts_per_month(
    values: Mapping[str, Any], period: str | None, derived: set[str]
) -> tuple[float | None, bool]:
    """Return a report's posts a month and whether it is derived.

    The average the report states (or a reviewer set) wins. Otherwise it is the effective
    posts_total over the period's months, rounded as extraction rounds it
    (ingest.fields.posts.monthly_average), so correcting the total corrects the average; the
    average extraction derived from the uncorrected total is not kept.
    """
    value = values.get("posts_per_month")
    stated = None if "posts_per_month" in derived else value
    if stated is not None or period not in MONTHS:
        return value, stated is None and value is not None
    average = monthly_average(values.get("posts_total"), period)
    return average, average is not None


Request = dict[str, str | None]  # topic, quote, where


def training_requests(
    values: Mapping[str, Any], evidence: Mapping[str, tuple[str | None, str | None]]
) -> tuple[list[Request], list[str]]:
    """Return a report's training requests by theme and its other recommendations.

    values: typed effective values (recommendations, training_topics, training_requested);
    evidence: field -> (quote, where). Each recommendation asking for training (tập huấn, bồi
    dưỡng …) gives one request per theme it names (ingest.topics.request_topics), restricted to
    the report's effective training_topics when it has some (so a reviewer's correction of the
    topics wins); a stored topic no sentence supports still counts, with the field's evidence;
    a report that only says it wants training gives one "other" request.
    """
    recommendations = values.get("recommendations") or []
    stored = [t for t in values.get("training_topics") or [] if t in TOPICS]
    asked = values.get("training_requested")
    themes = [request_topics(s) for s in recommendations]
    sentences = [(s, t) for s, t in zip(recommendations, themes, strict=True) if t is not None]
    others = [s for s, t in zip(recommendations, themes, strict=True) if t is None]
    if (asked is False and not stored) or (not sentences and not stored and not asked):
        return [], others
    where = evidence["recommendations"][1]
    pairs: list[tuple[str, str | None, str | None]] = []
    for sentence, codes in sentences:
        pairs += [(c, sentence, where) for c in codes if not stored or c in stored]
    covered = {c for c, _, _ in pairs}
    quote, at = (sentences[0][0], where) if sentences else evidence["training_topics"]
    pairs += [(c, quote, at) for c in stored if c not in covered]
    if not pairs and asked:
        pairs.append(("other", *evidence["training_requested"]))
    return [{"topic": c, "quote": q, "where": w} for c, q, w in pairs], others


def _store(con: duckdb.DuckDBPyConnection, rows: list[list[Any]]) -> None:
    if not rows:
        return
    columns = list(zip(*rows, strict=True))
    facts_rows = pa.Table.from_arrays(
        [pa.array(col, type=f.type) for col, f in zip(columns, SCHEMA, strict=True)],
        schema=SCHEMA,
    )
    con.register("facts_rows", facts_rows)
    try:
        con.execute(_REPLACE_ROWS)
    finally:
        con.unregister("facts_rows")


def write(
    con: duckdb.DuckDBPyConnection,
    report_id: str,
    stored: Mapping[str, Stored],
    *,
    period: str | None = None,
    derived: Iterable[str] = (),
) -> None:
    """Store the facts of a new report from its stored fields (inside the caller's transaction);
    period and derived as for fact_row."""
    con.execute(_INSERT_NEW, fact_row(report_id, stored, period=period, derived=derived))


_EFFECTIVE = """
WITH ids AS (SELECT unnest(?::VARCHAR[]) AS id),
latest AS (
    SELECT c.report_id, c.field, c.new_value
    FROM corrections c SEMI JOIN ids ON c.report_id = ids.id
    QUALIFY row_number() OVER (PARTITION BY c.report_id, c.field ORDER BY c.id DESC) = 1
),
extracted AS (
    SELECT f.report_id, f.field, f.value, f.quote, f."where", f.derived
    FROM field_values f SEMI JOIN ids ON f.report_id = ids.id
    WHERE f.field IN ({fields})
)
SELECT coalesce(e.report_id, l.report_id), coalesce(e.field, l.field),
       CASE WHEN l.report_id IS NOT NULL THEN l.new_value ELSE e.value END, e.quote, e."where",
       l.report_id IS NULL AND coalesce(e.derived, false) AS derived
FROM extracted e
FULL OUTER JOIN latest l ON e.report_id = l.report_id AND e.field = l.field
""".replace("{fields}", ", ".join(f"'{name}'" for name in VALUE_FIELDS))


def refresh(con: duckdb.DuckDBPyConnection, report_ids: Iterable[str]) -> int:
    """Recompute the facts of these reports from field_values and corrections; return how many."""
    ids = list(dict.fromkeys(report_ids))
    if not ids:
        return 0
    stored: dict[str, dict[str, Stored]] = {rid: {} for rid in ids}
    derived: dict[str, list[str]] = {rid: [] for rid in ids}
    for rid, name, value, quote, where, is_derived in con.execute(_EFFECTIVE, [ids]).fetchall():
        stored[rid][name] = (value, quote, where)
        if is_derived:
            derived[rid].append(name)
    periods = dict(con.execute(_PERIODS, [ids]).fetchall())
    rows = [
        fact_row(rid, fields, period=periods.get(rid), derived=derived[rid])
        for rid, fields in stored.items()
    ]
    _store(con, rows)
    return len(ids)


_PERIODS = "SELECT id, period FROM reports WHERE id IN (SELECT unnest(?::VARCHAR[]))"


# Bump when fact_row or training_requests change what they compute.
RULES_VERSION = 2


def fingerprint() -> str:
    """Return a short hash of everything report_facts rows are computed from (besides the data)."""
    rules = (RULES_VERSION, COLUMNS, topics.TOPICS, topics.TOPIC_KEYWORDS, topics.TRAINING.pattern)
    rules += (topics.TRAINING_IN_A_NAME.pattern,)
    return hashlib.sha256(repr(rules).encode()).hexdigest()[:12]


def rebuild(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute the facts of every report (inside the caller's transaction); return how many.

    Adds the column of any fact field the table lacks first, so that a new fact field of
    ``ingest.record.FIELDS`` needs no migration file (its column comes with the rebuild that the
    changed ``fingerprint()`` triggers).
    """
    add_columns(con)
    con.execute("DELETE FROM report_facts")
    return backfill(con)


_COLUMNS_NOW = (
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'report_facts'"
)
_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")


def _sql_type(kind: str) -> str:
    """Return the DuckDB type of a fact column of this kind (the SQL twin of _arrow_type)."""
    if kind in NUMERIC_KINDS:
        return "DOUBLE"
    if kind in LIST_KINDS:
        return "VARCHAR[]"
    return "BOOLEAN" if kind == "flag" else "VARCHAR"


def add_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Add the report_facts column of every fact field that has none yet; return their names."""
    present = {name for (name,) in con.execute(_COLUMNS_NOW).fetchall()}
    added = []
    for name in VALUE_FIELDS:
        if name in present:
            continue
        # A column name cannot be a bound parameter: it comes from the field table, checked.
        if name not in SPECS or not _IDENTIFIER.fullmatch(name):
            raise ValueError(f"not a fact field name: {name!r}")
        sql_type = _sql_type(SPECS[name].kind)
        con.execute(f"ALTER TABLE report_facts ADD COLUMN IF NOT EXISTS {name} {sql_type}")
        added.append(name)
    if added:
        log.info("report_facts: added columns %s", ", ".join(added))
    return added


def backfill(con: duckdb.DuckDBPyConnection, *, chunk: int = 20_000) -> int:
    """Compute the facts of every report that has none yet (reports stored before the table)."""
    missing = [
        rid
        for (rid,) in con.execute(
            "SELECT r.id FROM reports r ANTI JOIN report_facts f ON f.report_id = r.id "
            "ORDER BY r.id"
        ).fetchall()
    ]
    for start in range(0, len(missing), chunk):
        refresh(con, missing[start : start + chunk])
    if missing:
        log.info("report_facts: filled %d reports", len(missing))
    return len(missing)
