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


@dataclass(frozen=True)
class Outcome:
    """One rule's result for every row of a period frame (index aligned with the frame).

    status: pass | fail | unknown | not_submitted, None where the rule does not apply to the
    agency's type; value: what the rule looked at (None when missing); threshold: float | None.
    """

    status: pd.Series
    value: pd.Series
    threshold: pd.Series


def evaluate(rule: Rule, frame: pd.DataFrame, period: str) -> Outcome:
    """Evaluate one rule for every agency row of a period.

    frame columns: agency_type, report_id (None when no report arrived), received_at, deadline,
    and the rule's fields or metric (numbers as floats, texts stripped, missing as None/NaN;
    posts_per_month already falling back to posts_total / months).
    """
    types = frame["agency_type"]
    thresholds = {t: rule.threshold_for(t, period) for t in types.unique()}
    threshold = types.map(thresholds).astype(object)
    threshold = threshold.where(threshold.notna(), None)
    value = pd.Series(None, index=frame.index, dtype=object)
    if rule.check == "received":
        status = pd.Series("pass", index=frame.index, dtype=object)
        value[:] = True
    elif rule.check == "on_time":
        received = pd.to_datetime(frame["received_at"])
        deadline = pd.to_datetime(frame["deadline"])
        known = received.notna() & deadline.notna()
        on_time = received.dt.normalize() <= deadline
        status = pd.Series(
            np.where(known, np.where(on_time, "pass", "fail"), "unknown"), frame.index
        )
        value = received.astype(object).where(received.notna(), None)
        threshold[:] = None
    elif rule.check == "present_any":
        for name in rule.params.get("fields", []):
            value = value.where(value.notna(), frame[name])
        value = value.where(value.notna(), None)
        status = pd.Series(np.where(value.notna(), "pass", "unknown"), frame.index, dtype=object)
        threshold[:] = None
    elif rule.check == "min":
        metric = pd.to_numeric(frame[rule.metric or rule.id], errors="coerce")
        limit = pd.to_numeric(threshold, errors="coerce")
        passed = np.where(metric >= limit, "pass", "fail")
        status = pd.Series(np.where(metric.isna(), "unknown", passed), frame.index, dtype=object)
        status[limit <= 0] = "pass"  # no minimum: nothing to fail, silence included
        status[limit.isna()] = "unknown"
        value = metric.astype(object).where(metric.notna(), None)
    else:
        raise ValueError(f"rule {rule.id}: unknown check {rule.check!r}")
    submitted = frame["report_id"].notna()
    status[~submitted] = "not_submitted"
    value[~submitted] = None
    status[~types.isin(rule.applies_to)] = None
    return Outcome(status=status, value=value, threshold=threshold)


def overall(statuses: pd.DataFrame) -> pd.Series:
    """Combine each row's rule statuses (one column per rule, None where a rule does not apply).

    not_submitted when any rule says so or none applies, else fail when any fails, else unknown
    when any is unknown, else pass.
    """
    result = pd.Series("pass", index=statuses.index, dtype=object)
    result[statuses.eq("unknown").any(axis=1)] = "unknown"
    result[statuses.eq("fail").any(axis=1)] = "fail"
    result[statuses.eq("not_submitted").any(axis=1) | statuses.isna().all(axis=1)] = "not_submitted"
    return result
