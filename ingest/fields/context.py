"""What a family of rules needs from the families run before it."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.record import FieldValue
from ingest.registry import AgencyMatch, Registry


@dataclass
class Context:
    """Filled in by ``ingest.fields.extract`` between families, in the order they run.

    registry: agencies known to the department (canonical names), or None.
    year, period: the period family's values (the header matches agencies of that period; posts
        derive a monthly rate and tell year-to-date counts from the period's).
    province: the header family's province (outlets name "Đài PT-TH <province>" with it).
    agency_runs_portal: the agency runs the provincial portal (Văn phòng UBND tỉnh), so its posts
        on "Cổng TTĐT tỉnh" are its own (header family).
    agency_match: how the agency resolved against the registry (header family), for the warehouse.
    """

    registry: Registry | None = None
    year: FieldValue | None = None
    period: FieldValue | None = None
    province: str | None = None
    agency_runs_portal: bool = False
    agency_match: AgencyMatch | None = None


def present(**fields: FieldValue | None) -> dict[str, FieldValue]:
    """Return a family's result: the fields found, in the order given (None: not found)."""
    return {name: fv for name, fv in fields.items() if fv is not None}
