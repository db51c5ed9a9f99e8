"""Compliance rules as data (`rules.toml`), evaluated by DuckDB over a period's agencies at once."""

from __future__ import annotations

import dataclasses
import logging
import math
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import duckdb
import numpy as np
import pandas as pd

from ingest.errors import ReportsError
from ingest.periods import MONTHS, period_end
from ingest.record import YEARS
from warehouse import auth
from warehouse.db import DbPath, audit, connect, transaction
from warehouse.facts import SCALAR_FIELDS

log = logging.getLogger(__name__)

RULES_FILE = Path(__file__).parent / "rules.toml"
RuleStatus = Literal["not_applicable", "pass", "fail", "unknown", "not_submitted"]


@dataclass(frozen=True)
class Rule:
    """One compliance rule read from rules.toml.

    applies_to: agency types (department | district | provincial | other) the rule is checked for.
    threshold: per agency type ({"department": 20.0, ...}); None when the rule is a presence check.
    A "min" rule with no threshold (or 0) for a type sets no obligation for it: "not_applicable".
    from_year, to_year: the reporting years it is in force (inclusive; None: open-ended); other
    years are "not_applicable". legal_ref: the legal text it comes from.
    check: received | on_time | present_any | min. metric: the field a "min" rule compares.
    """

    id: str
    label: str
    applies_to: tuple[str, ...]
    threshold: dict[str, float] | None = None
    from_year: int | None = None
    to_year: int | None = None
    legal_ref: str = ""
    description: str = ""
    check: str = ""
    metric: str | None = None
    params: dict[str, Any] = dataclasses.field(default_factory=dict)
    # Thresholds changed in the app (table rule_settings), in force per agency type from a year
    # on: (agency_type, from_year, threshold; None = back to rules.toml), one per type and year.
    changes: tuple[tuple[str, int, float | None], ...] = ()

    def threshold_for(
        self, agency_type: str, period: str = "year", year: int | None = None
    ) -> float | None:
        """Return the threshold for one agency type in a year (None: the newest), scaled to the
        period for per-year minimums. A change made in the app wins from its from_year on."""
        value = (self.threshold or {}).get(agency_type)
        in_force = [
            (start, v)
            for t, start, v in self.changes
            if t == agency_type and (year is None or start <= year)
        ]
        if in_force and max(in_force)[1] is not None:
            value = max(in_force)[1]
        return self.scaled(value, period)

    def scaled(self, value: float | None, period: str) -> float | None:
        """Return a per-year threshold scaled to the period (a quarter: a quarter, rounded up)."""
        if value is None:
            return None
        if self.params.get("per_year") and period in MONTHS:
            return float(math.ceil(value * MONTHS[period] / 12))
        return float(value)


@dataclass(frozen=True)
class Deadline:
    period: str
    from_year: int
    to_year: int
    month: int
    day: int
    note: str = ""


@dataclass(frozen=True)
class Issuer:
    """The department holding the press role in a span of days (rules.toml [[report.issuers]]):
    it receives the agencies' reports, drafts the province's and signs the reminders.

    parent, issuer: the two lines of its letterhead ("UBND TỈNH HÀ NAM" / "SỞ THÔNG TIN VÀ TRUYỀN
    THÔNG"); name: as written in sentences; short_name: in titles ("Sở TT&TT"); number_suffix: of
    its reports ("BC-STTTT"); dispatch_suffix: of its dispatches; place: of the date line;
    province: the province it serves; valid_from, valid_to: inclusive, None when open-ended.
    """

    parent: str
    issuer: str
    name: str
    short_name: str
    number_suffix: str
    dispatch_suffix: str
    place: str
    province: str
    signer_title: str = "GIÁM ĐỐC"
    valid_from: date | None = None
    valid_to: date | None = None

    def covers(self, day: date) -> bool:
        """Return whether the department held the press role on ``day``."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    @property
    def committee(self) -> tuple[str, str]:
        """Return the letterhead of the province's People's Committee, whose reports the
        department drafts: ("ỦY BAN NHÂN DÂN", "TỈNH NINH BÌNH")."""
        return "ỦY BAN NHÂN DÂN", f"TỈNH {self.province.upper()}"


# Used when rules.toml names no department (a rules file of a test or another province).
DEFAULT_ISSUER = Issuer(
    parent="UBND TỈNH",
    issuer="SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
    name="Sở Văn hóa, Thể thao và Du lịch",
    short_name="Sở VHTTDL",
    number_suffix="BC-SVHTTDL",
    dispatch_suffix="SVHTTDL-QLBC",
    place="",
    province="",
)


def _issuer(raw: dict) -> Issuer:
    fields = {f.name for f in dataclasses.fields(Issuer)} - {"valid_from", "valid_to"}
    unknown = set(raw) - fields - {"from", "to"}
    if unknown:
        raise ValueError(f"rules.toml [[report.issuers]]: unknown keys {sorted(unknown)}")
    return Issuer(
        **{k: str(v) for k, v in raw.items() if k in fields},
        valid_from=raw.get("from"),
        valid_to=raw.get("to"),
    )


@dataclass(frozen=True)
class Config:
    rules: tuple[Rule, ...]
    status_labels: dict[str, str]
    expected_periods: tuple[str, ...]
    first_year: int | None
    last_year: int | None
    deadlines: tuple[Deadline, ...]
    report: dict[str, Any] = dataclasses.field(default_factory=dict)
    issuers: tuple[Issuer, ...] = ()

    def deadline(self, year: int, period: str) -> date | None:
        """Return the last on-time day for a year and period, or None when none is configured."""
        for d in self.deadlines:
            if d.period == period and d.from_year <= year <= d.to_year:
                return date(year, d.month, d.day)
        return None

    def issuer_on(self, day: date) -> Issuer:
        """Return the department holding the press role on ``day``; before the first span the
        first one, after the last the last one."""
        for issuer in self.issuers:
            if issuer.covers(day):
                return issuer
        if not self.issuers:
            return DEFAULT_ISSUER
        first = self.issuers[0]
        return first if first.valid_from and day < first.valid_from else self.issuers[-1]

    def current_issuer(self) -> Issuer:
        """Return the department holding the press role today (``auth.clock``)."""
        return self.issuer_on(auth.clock.now().date())

    def issuer_for(self, year: int, period: str = "year") -> Issuer:
        """Return the department a period's titles, headers and exports name: the one in office
        on the period's last day (a 2020 report went to Sở TT&TT of Hà Nam, a 2026 one goes to
        Sở VHTTDL of Ninh Bình)."""
        return self.issuer_on(period_end(year, period) or date(year, 12, 31))


def _rule(raw: dict) -> Rule:
    threshold = raw.get("threshold")
    if isinstance(threshold, int | float):
        threshold = dict.fromkeys(raw["applies_to"], float(threshold))
    elif isinstance(threshold, dict):
        threshold = {k: float(v) for k, v in threshold.items()}
    known = {
        "id",
        "label",
        "applies_to",
        "threshold",
        "from_year",
        "to_year",
        "legal_ref",
        "description",
        "check",
        "metric",
    }
    return Rule(
        id=raw["id"],
        label=raw["label"],
        applies_to=tuple(raw.get("applies_to", ())),
        threshold=threshold,
        from_year=raw.get("from_year"),
        to_year=raw.get("to_year"),
        legal_ref=raw.get("legal_ref", ""),
        description=raw.get("description", ""),
        check=raw.get("check", "min"),
        metric=raw.get("metric"),
        params={k: v for k, v in raw.items() if k not in known},
    )


@lru_cache(maxsize=4)
def load_config(path: str | Path | None = None) -> Config:
    """Read rules.toml (or another file) into a Config."""
    with open(path or RULES_FILE, "rb") as f:
        raw = tomllib.load(f)
    periods = raw.get("periods", {})
    return Config(
        rules=tuple(_rule(r) for r in raw.get("rules", [])),
        status_labels=dict(raw.get("status_labels", {})),
        expected_periods=tuple(periods.get("expected", ["year"])),
        first_year=periods.get("first_year"),
        last_year=periods.get("last_year"),
        deadlines=tuple(Deadline(**d) for d in raw.get("deadlines", [])),
        report={k: v for k, v in raw.get("report", {}).items() if k != "issuers"},
        issuers=tuple(_issuer(i) for i in raw.get("report", {}).get("issuers", [])),
    )


def load_rules(path: str | Path | None = None) -> list[Rule]:
    """Return the rules of rules.toml in file order."""
    return list(load_config(path).rules)


# Rule results as small codes, ordered by precedence: a row's overall result is its highest code,
# so a rule that sets no obligation for a row (not_applicable, the lowest) never changes it.
STATUSES: tuple[RuleStatus, ...] = ("not_applicable", "pass", "unknown", "fail", "not_submitted")
NOT_APPLICABLE, PASS, UNKNOWN, FAIL, NOT_SUBMITTED = range(5)
_NAMES = np.array([*STATUSES, None], dtype=object)  # index -1 (NULL): no result
# Columns of a period row (warehouse.queries) that rules may name as fields or metrics: the
# report's facts, and spokesperson_decision (a decision appointing the agency's spokesperson kept
# as evidence by a reviewer, warehouse.gate: "Quyết định <tệp>", else NULL).
ROW_FIELDS = (*SCALAR_FIELDS, "spokesperson_decision")


def status_names(codes: Any) -> np.ndarray:
    """Return result codes as names (None where NULL/NaN)."""
    values = np.asarray(pd.to_numeric(pd.Series(codes), errors="coerce").fillna(-1), dtype=int)
    return _NAMES[values]


def _literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _column(rule: Rule, name: str) -> str:
    if name not in ROW_FIELDS:
        raise ValueError(f"rule {rule.id}: unknown field {name!r} (known: {', '.join(ROW_FIELDS)})")
    return name


def threshold_sql(rule: Rule, period: str) -> str:
    """Return SQL for the rule's threshold of a row's agency type and year, scaled to the period."""
    types = dict.fromkeys([*(rule.threshold or {}), *(t for t, _, _ in rule.changes)])
    if not types:
        return "NULL::DOUBLE"
    cases = []
    for t in types:
        starts = sorted({start for t2, start, _ in rule.changes if t2 == t}, reverse=True)
        for start in starts:
            value = _number(rule.threshold_for(t, period, start))
            cases.append(f"WHEN agency_type = {_literal(t)} AND year >= {start} THEN {value}")
        default = _number(rule.scaled((rule.threshold or {}).get(t), period))
        cases.append(f"WHEN agency_type = {_literal(t)} THEN {default}")
    return f"(CASE {' '.join(cases)} END)::DOUBLE"


def _number(value: float | None) -> str:
    return "NULL" if value is None else repr(float(value))


def value_sql(rule: Rule, period: str) -> str:
    """Return SQL for the value a rule looks at in a row (NULL when no report arrived)."""
    if rule.check == "received":
        value = "true"
    elif rule.check == "on_time":
        value = "arrived_on"
    elif rule.check == "present_any":
        fields = [_column(rule, n) for n in rule.params.get("fields", [])] or ["NULL"]
        value = f"coalesce({', '.join(fields)})"
    elif rule.check == "min":
        value = f"TRY_CAST({_column(rule, rule.metric or rule.id)} AS DOUBLE)"
    else:
        raise ValueError(f"rule {rule.id}: unknown check {rule.check!r}")
    return f"CASE WHEN submitted THEN {value} END"


def code_sql(rule: Rule, period: str) -> str:
    """Return SQL for the rule's result code in a row.

    Row columns: agency_type, year, submitted, arrived_on (the first version's arrival date, ngày
    đến; never the upload time), deadline and ROW_FIELDS. not_applicable where the rule sets no
    obligation for the row: another agency type, a year outside from_year..to_year, or a "min" rule
    without a minimum (none, or 0) for the type and year. A value the report does not give is
    unknown, never a failure.
    """
    value = value_sql(rule, period)
    applies = ", ".join(_literal(t) for t in rule.applies_to) or "NULL"
    outside = [f"agency_type NOT IN ({applies})"]
    if rule.from_year is not None:
        outside.append(f"year < {int(rule.from_year)}")
    if rule.to_year is not None:
        outside.append(f"year > {int(rule.to_year)}")
    if rule.check == "received":
        body = f"{PASS}"
    elif rule.check == "on_time":
        body = (
            f"CASE WHEN arrived_on IS NULL OR deadline IS NULL THEN {UNKNOWN} "
            f"WHEN CAST(arrived_on AS DATE) <= deadline THEN {PASS} ELSE {FAIL} END"
        )
    elif rule.check == "present_any":
        body = f"CASE WHEN {value} IS NOT NULL THEN {PASS} ELSE {UNKNOWN} END"
    else:  # min
        limit = threshold_sql(rule, period)
        outside.append(f"coalesce({limit} <= 0, true)")
        body = (
            f"CASE WHEN {value} IS NULL THEN {UNKNOWN} WHEN {value} >= {limit} THEN {PASS} "
            f"ELSE {FAIL} END"
        )
    return (
        f"CASE WHEN {' OR '.join(outside)} THEN {NOT_APPLICABLE} "
        f"WHEN NOT submitted THEN {NOT_SUBMITTED} ELSE {body} END"
    )


def overall_sql(codes: list[str]) -> str:
    """Return SQL combining a row's rule codes: the highest one (not_submitted when none apply).

    not_submitted when any rule says so, else fail when any fails, else unknown, else pass.
    """
    if not codes:
        return f"{NOT_SUBMITTED}"
    return f"coalesce(greatest({', '.join(codes)}), {NOT_SUBMITTED})"


# ------------------------------------------------------------------ thresholds changed in the app

MAX_THRESHOLD = 100_000.0


@dataclass(frozen=True)
class ThresholdChange:
    """One row of rule_settings: a threshold changed in the app, with who, when and why."""

    id: int
    rule_id: str
    agency_type: str
    from_year: int
    threshold: float | None
    previous: float | None
    changed_by: str
    changed_at: datetime
    reason: str


def effective_rules(con: duckdb.DuckDBPyConnection) -> list[Rule]:
    """Return rules.toml's rules with the thresholds changed in the app (table rule_settings)."""
    rows = con.execute(
        "SELECT rule_id, agency_type, from_year, threshold FROM rule_settings "
        "QUALIFY row_number() OVER (PARTITION BY rule_id, agency_type, from_year "
        "ORDER BY id DESC) = 1 ORDER BY rule_id, agency_type, from_year"
    ).fetchall()
    changes: dict[str, list[tuple[str, int, float | None]]] = {}
    for rule_id, agency_type, from_year, threshold in rows:
        changes.setdefault(rule_id, []).append((agency_type, from_year, threshold))
    return [
        dataclasses.replace(r, changes=tuple(changes[r.id])) if r.id in changes else r
        for r in load_rules()
    ]


def rules_in_force(*, db: DbPath = None) -> list[Rule]:
    """Return the rules with the thresholds in force (rules.toml and changes made in the app)."""
    with connect(db, read_only=True) as con:
        return effective_rules(con)


class InvalidSetting(ReportsError):
    user_message = "Thay đổi ngưỡng không hợp lệ. Vui lòng kiểm tra lại."


def _checked(rules_: list[Rule], rule_id: str, agency_type: str, threshold, from_year, reason):
    rule = next((r for r in rules_ if r.id == rule_id), None)
    if rule is None or rule.check != "min":
        raise InvalidSetting(
            f"rule {rule_id!r} has no threshold",
            user_message="Tiêu chí này không có ngưỡng số để thay đổi.",
        )
    if agency_type not in rule.applies_to:
        raise InvalidSetting(
            f"rule {rule_id} does not apply to {agency_type!r}",
            user_message="Tiêu chí này không áp dụng cho loại đơn vị đã chọn.",
        )
    if threshold is not None and not (
        isinstance(threshold, int | float) and 0 <= threshold <= MAX_THRESHOLD
    ):
        raise InvalidSetting(
            f"threshold {threshold!r} out of range",
            user_message=f"Ngưỡng phải là số từ 0 đến {MAX_THRESHOLD:,.0f}.".replace(",", "."),
        )
    if not (isinstance(from_year, int) and YEARS[0] <= from_year <= YEARS[1]):
        raise InvalidSetting(
            f"from_year {from_year!r} out of range",
            user_message=f"Năm áp dụng phải từ {YEARS[0]} đến {YEARS[1]}.",
        )
    if not (reason or "").strip():
        raise InvalidSetting("reason is required", user_message="Cần ghi lý do thay đổi.")
    return rule


def set_threshold(
    *,
    rule_id: str,
    agency_type: str,
    threshold: float | None,
    from_year: int,
    reason: str,
    by: str,
    db: DbPath = None,
) -> ThresholdChange:
    """Change a rule's threshold for one agency type from ``from_year`` on (None: back to
    rules.toml); earlier years keep theirs. Only an active admin may; stored beside rules.toml
    with the threshold it replaces, who, when and why, and audited."""
    if threshold is not None:
        threshold = float(threshold)
    with transaction(db) as con:
        auth.require_role(
            con, by, "admin", action="change a threshold", action_vi="thay đổi ngưỡng đánh giá"
        )
        rule = _checked(effective_rules(con), rule_id, agency_type, threshold, from_year, reason)
        previous = rule.threshold_for(agency_type, "year", from_year)
        now = datetime.now()
        row_id = con.execute(
            "INSERT INTO rule_settings (rule_id, agency_type, from_year, threshold, previous, "
            "changed_by, changed_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [rule_id, agency_type, from_year, threshold, previous, by, now, reason.strip()],
        ).fetchone()[0]
        audit(
            con,
            by,
            "set_threshold",
            rule_id,
            {
                "agency_type": agency_type,
                "from_year": from_year,
                "old": previous,
                "new": threshold,
                "reason": reason.strip(),
            },
        )
    log.info(
        "threshold of %s for %s from %d: %s -> %s (by %s)",
        rule_id,
        agency_type,
        from_year,
        previous,
        threshold,
        by,
    )
    return ThresholdChange(
        row_id, rule_id, agency_type, from_year, threshold, previous, by, now, reason.strip()
    )
