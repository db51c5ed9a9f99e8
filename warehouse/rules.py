"""Compliance rules as data (`rules.toml`) and their evaluation over a period's agencies at once."""

from __future__ import annotations

import dataclasses
import math
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

RULES_FILE = Path(__file__).parent / "rules.toml"
RuleStatus = Literal["pass", "fail", "unknown", "not_submitted"]
PERIOD_MONTHS: dict[str, int] = {
    "year": 12,
    "h1": 6,
    "9m": 9,
    "q1": 3,
    "q2": 3,
    "q3": 3,
    "q4": 3,
}


@dataclass(frozen=True)
class Rule:
    """One compliance rule read from rules.toml.

    applies_to: agency types (department | district | provincial | other) the rule is checked for.
    threshold: per agency type ({"department": 20.0, ...}); None when the rule is a presence check.
    check: received | on_time | present_any | min. metric: the field a "min" rule compares.
    """

    id: str
    label: str
    applies_to: tuple[str, ...]
    threshold: dict[str, float] | None = None
    legal_ref: str = ""
    description: str = ""
    check: str = ""
    metric: str | None = None
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    def threshold_for(self, agency_type: str, period: str = "year") -> float | None:
        """Return the threshold for one agency type, scaled to the period for per-year minimums."""
        if not self.threshold:
            return None
        value = self.threshold.get(agency_type)
        if value is None:
            return None
        if self.params.get("per_year") and period in PERIOD_MONTHS:
            return float(math.ceil(value * PERIOD_MONTHS[period] / 12))
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
class Config:
    rules: tuple[Rule, ...]
    status_labels: dict[str, str]
    expected_periods: tuple[str, ...]
    first_year: int | None
    last_year: int | None
    deadlines: tuple[Deadline, ...]
    report: dict[str, Any] = dataclasses.field(default_factory=dict)

    def deadline(self, year: int, period: str) -> date | None:
        """Return the last on-time day for a year and period, or None when none is configured."""
        for d in self.deadlines:
            if d.period == period and d.from_year <= year <= d.to_year:
                return date(year, d.month, d.day)
        return None


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
        report=dict(raw.get("report", {})),
    )


def load_rules(path: str | Path | None = None) -> list[Rule]:
    """Return the rules of rules.toml in file order."""
    return list(load_config(path).rules)


def posts_per_month(stated: pd.Series, total: pd.Series, period: str) -> pd.Series:
    """Return the posts a month rules compare: as stated, else posts_total / months."""
    derived = (total / PERIOD_MONTHS.get(period, 12)).round(1)
    return stated.where(stated.notna(), derived)


def as_datetime(column: pd.Series) -> pd.Series:
    """Return a column as datetime64 (DuckDB's DATE/TIMESTAMP columns already are: no copy)."""
    return column if pd.api.types.is_datetime64_any_dtype(column) else pd.to_datetime(column)


# Rule results as small codes, ordered by precedence: a row's overall result is its highest code.
STATUSES: tuple[RuleStatus, ...] = ("pass", "unknown", "fail", "not_submitted")
PASS, UNKNOWN, FAIL, NOT_SUBMITTED = range(4)
NOT_APPLICABLE = -1
_NAMES = np.array([*STATUSES, None], dtype=object)  # index -1: not applicable


def status_names(codes: np.ndarray) -> np.ndarray:
    """Return result codes as names (None where the rule does not apply)."""
    return _NAMES[codes]


@dataclass(frozen=True)
class Outcome:
    """One rule's result for every row of a period frame (aligned with the frame's rows).

    codes: STATUSES indexes (NOT_APPLICABLE where the rule does not apply to the agency's type);
    value: what the rule looked at (NaN/NaT/None when missing); threshold: float (NaN when none).
    """

    codes: np.ndarray
    value: pd.Series
    threshold: pd.Series

    @property
    def status(self) -> pd.Series:
        """Return each row's result name (None where the rule does not apply)."""
        return pd.Series(status_names(self.codes), index=self.value.index, dtype=object)


def evaluate(rule: Rule, frame: pd.DataFrame, period: str) -> Outcome:
    """Evaluate one rule for every agency row of a period.

    frame columns: agency_type, submitted (a current report arrived), received_at, deadline,
    and the rule's fields or metric (numbers as floats, texts stripped, missing as None/NaN;
    posts_per_month already falling back to posts_total / months).
    """
    types = frame["agency_type"]
    thresholds = {t: rule.threshold_for(t, period) for t in types.unique()}
    threshold = pd.to_numeric(types.map(thresholds), errors="coerce").astype(float)
    n = len(frame)
    if rule.check == "received":
        codes = np.full(n, PASS, dtype=np.int8)
        value = pd.Series(True, index=frame.index, dtype=object)
    elif rule.check == "on_time":
        value, deadline = as_datetime(frame["received_at"]), as_datetime(frame["deadline"])
        known = (value.notna() & deadline.notna()).to_numpy()
        on_time = (value.dt.normalize() <= deadline).to_numpy()
        codes = np.where(known, np.where(on_time, PASS, FAIL), UNKNOWN).astype(np.int8)
        threshold = pd.Series(np.nan, index=frame.index)
    elif rule.check == "present_any":
        value = pd.Series(None, index=frame.index, dtype=object)
        for name in rule.params.get("fields", []):
            value = value.where(value.notna(), frame[name])
        codes = np.where(value.notna().to_numpy(), PASS, UNKNOWN).astype(np.int8)
        threshold = pd.Series(np.nan, index=frame.index)
    elif rule.check == "min":
        value = pd.to_numeric(frame[rule.metric or rule.id], errors="coerce").astype(float)
        metric, limit = value.to_numpy(), threshold.to_numpy()
        with np.errstate(invalid="ignore"):
            codes = np.where(metric >= limit, PASS, FAIL)
            codes = np.where(np.isnan(metric), UNKNOWN, codes)
            codes = np.where(limit <= 0, PASS, codes)  # no minimum: nothing to fail, silence too
        codes = np.where(np.isnan(limit), UNKNOWN, codes).astype(np.int8)
    else:
        raise ValueError(f"rule {rule.id}: unknown check {rule.check!r}")
    submitted = frame["submitted"].to_numpy(dtype=bool)
    codes[~submitted] = NOT_SUBMITTED
    value = value.where(submitted)
    codes[~types.isin(rule.applies_to).to_numpy()] = NOT_APPLICABLE
    return Outcome(codes=codes, value=value, threshold=threshold)


def overall(outcomes: list[Outcome], rows: int) -> np.ndarray:
    """Combine each row's rule results into one name per row.

    not_submitted when any rule says so or none applies, else fail when any fails, else unknown
    when any is unknown, else pass.
    """
    if not outcomes:
        return np.full(rows, "not_submitted", dtype=object)
    top = np.max(np.vstack([o.codes for o in outcomes]), axis=0)
    top[top == NOT_APPLICABLE] = NOT_SUBMITTED
    return status_names(top)
