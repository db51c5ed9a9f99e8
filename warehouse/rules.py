"""Compliance rules as data (`rules.toml`) and their evaluation against one report's values."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Rule:
    """One compliance rule read from rules.toml.

    applies_to: agency types (department | district | provincial | other) the rule is checked for.
    threshold: per agency type ({"department": 20.0, ...}) or one number for every type; None when
    the rule is a presence check.
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
