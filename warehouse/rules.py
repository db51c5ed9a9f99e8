"""Compliance rules as data (`rules.toml`) and their evaluation against one report's values."""

from __future__ import annotations

import dataclasses
import math
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

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


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def metric_value(metric: str, values: dict[str, Any], period: str) -> Any:
    """Return the value a rule compares; posts_per_month falls back to posts_total / months."""
    value = values.get(metric)
    if metric == "posts_per_month" and _missing(value):
        total = values.get("posts_total")
        if isinstance(total, int | float) and not _missing(total):
            return round(total / PERIOD_MONTHS.get(period, 12), 1)
    return value


def evaluate(
    rule: Rule,
    *,
    agency_type: str,
    period: str,
    values: dict[str, Any] | None,
    received_at: datetime | None,
    deadline: date | None,
) -> tuple[RuleStatus, Any, float | None]:
    """Return (status, value looked at, threshold) of one rule for one agency's period.

    values: the report's effective field values, None when no report was received.
    """
    threshold = rule.threshold_for(agency_type, period)
    if values is None:
        return "not_submitted", None, threshold
    if rule.check == "received":
        return "pass", True, None
    if rule.check == "on_time":
        if received_at is None or deadline is None:
            return "unknown", received_at, None
        on_time = received_at.date() <= deadline
        return ("pass" if on_time else "fail"), received_at, None
    if rule.check == "present_any":
        names = rule.params.get("fields", [])
        present = [values.get(n) for n in names if not _missing(values.get(n))]
        if present:
            return "pass", present[0], None
        return "unknown", None, None
    if rule.check == "min":
        value = metric_value(rule.metric or rule.id, values, period)
        if threshold is None:
            return "unknown", value, None
        if threshold <= 0:
            return "pass", value, threshold  # no minimum: nothing to fail, silence included
        if _missing(value):
            return "unknown", None, threshold
        try:
            number = float(value)
        except (TypeError, ValueError):
            return "unknown", value, threshold
        return ("pass" if number >= threshold else "fail"), value, threshold
    raise ValueError(f"rule {rule.id}: unknown check {rule.check!r}")


def overall(statuses: list[str]) -> RuleStatus:
    """Combine one agency's rule statuses: not_submitted, else fail, else unknown, else pass."""
    if not statuses or "not_submitted" in statuses:
        return "not_submitted"
    if "fail" in statuses:
        return "fail"
    if "unknown" in statuses:
        return "unknown"
    return "pass"
