"""Reporting periods: the one definition of their codes, lengths, ends and Vietnamese names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Period:
    """A reporting period of a year: its code, length in months, last month and label."""

    code: str
    months: int
    end_month: int
    label: str

    @property
    def from_january(self) -> bool:
        """Return whether the period starts on 1 January (year-to-date figures cover it)."""
        return self.end_month == self.months


# In the order a year's periods are usually listed.
PERIOD_TABLE: tuple[Period, ...] = (
    Period("year", 12, 12, "Cả năm"),
    Period("h1", 6, 6, "6 tháng"),
    Period("9m", 9, 9, "9 tháng"),
    Period("q1", 3, 3, "Quý I"),
    Period("q2", 3, 6, "Quý II"),
    Period("q3", 3, 9, "Quý III"),
    Period("q4", 3, 12, "Quý IV"),
)
PERIODS: dict[str, Period] = {p.code: p for p in PERIOD_TABLE}
PERIOD_CODES: tuple[str, ...] = tuple(PERIODS)
MONTHS: dict[str, int] = {p.code: p.months for p in PERIOD_TABLE}
PERIOD_LABELS: dict[str, str] = {p.code: p.label for p in PERIOD_TABLE}
# Longest first: which of an agency's reports of one year stands for the year.
PERIOD_ORDER: tuple[str, ...] = ("year", "9m", "h1", "q4", "q3", "q2", "q1")
_MONTH_END = {3: 31, 6: 30, 9: 30, 12: 31}


def period_end(year: int, period: str) -> date | None:
    """Return the last day of a reporting period, or None for an unknown period."""
    p = PERIODS.get(period)
    return date(year, p.end_month, _MONTH_END[p.end_month]) if p else None


def period_start(year: int, period: str) -> date | None:
    """Return the first day of a reporting period, or None for an unknown period."""
    p = PERIODS.get(period)
    return date(year, p.end_month - p.months + 1, 1) if p else None


# The first reporting year under Decree 244/2026/NĐ-CP and its national form: from then on a year's
# figures cover 15/12 of the previous year to 14/12. Earlier years have no form indicators to show.
FORM_FROM_YEAR = 2026


def under_form(year: int | None) -> bool:
    """Return whether a reporting year is under Decree 244 (its form's indicators exist)."""
    return year is not None and year >= FORM_FROM_YEAR


def form_window(year: int) -> tuple[date, date]:
    """Return the first and last day of the data a Decree 244 report of ``year`` covers."""
    return date(year - 1, 12, 15), date(year, 12, 14)


# Điều 10 of Decree 244: UBND tỉnh sends its report of a year to Bộ Văn hóa, Thể thao và Du lịch
# before 20 December of that year (the agencies' own deadline is earlier, see rules.toml).
FORM_DUE_MONTH, FORM_DUE_DAY = 12, 20


def form_due(year: int) -> date:
    """Return the day the province's Decree 244 report of ``year`` is due at the ministry."""
    return date(year, FORM_DUE_MONTH, FORM_DUE_DAY)
