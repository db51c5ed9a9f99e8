"""The sidebar filters every page shares (năm, kỳ báo cáo, loại đơn vị), kept in session_state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from ui import data
from ui.format import AGENCY_TYPE_FILTER, AGENCY_TYPE_LABELS, PERIOD_LABELS, fmt_period
from warehouse import queries

YEAR_KEY = "filter_year"
PERIOD_KEY = "filter_period"
TYPE_KEY = "filter_agency_type"


@dataclass(frozen=True)
class Filters:
    """The chosen reporting period and agency type; agency_type None means every type."""

    year: int
    period: str
    agency_type: str | None

    @property
    def label(self) -> str:
        """Describe the selection in Vietnamese, e.g. 'Năm 2024 · Sở, ban, ngành'."""
        text = fmt_period(self.period, self.year)
        if self.agency_type:
            text += " · " + AGENCY_TYPE_LABELS.get(self.agency_type, self.agency_type)
        return text

    def kwargs(self) -> dict:
        """Return the keyword arguments most warehouse queries take."""
        return {"year": self.year, "period": self.period, "agency_type": self.agency_type}


def default_year(years: list[int], working_year: int) -> int:
    """Return the year the app opens on: the one officials work on, else the latest before it
    (the registry may not cover it), else the earliest selectable year."""
    return max((y for y in years if y <= working_year), default=min(years))


def sidebar_filters() -> Filters:
    """Draw the shared filters in the sidebar and return the current choice."""
    periods = data.query("available_periods")
    years = sorted({int(y) for y in periods["year"]}, reverse=True) if len(periods) else []
    working_year, working = queries.working_period()  # no database: the clock and rules.toml
    if not years:
        years = [working_year]
    if st.session_state.get(YEAR_KEY) not in years:
        st.session_state[YEAR_KEY] = default_year(years, working_year)
    if st.session_state.get(PERIOD_KEY) not in PERIOD_LABELS:
        st.session_state[PERIOD_KEY] = working
    if st.session_state.get(TYPE_KEY) not in AGENCY_TYPE_FILTER:
        st.session_state[TYPE_KEY] = "Tất cả"
    st.sidebar.selectbox("Năm", years, key=YEAR_KEY)
    with_data = set(periods.loc[periods["year"] == st.session_state[YEAR_KEY], "period"])

    def period_label(code: str) -> str:
        return PERIOD_LABELS[code] + (" (có báo cáo)" if code in with_data else "")

    st.sidebar.selectbox(
        "Kỳ báo cáo", list(PERIOD_LABELS), format_func=period_label, key=PERIOD_KEY
    )
    st.sidebar.selectbox("Loại đơn vị", list(AGENCY_TYPE_FILTER), key=TYPE_KEY)
    return current_filters()


def current_filters() -> Filters:
    """Return the filters stored in session_state (defaults when the sidebar was not drawn)."""
    year = st.session_state.get(YEAR_KEY) or date.today().year
    return Filters(
        year=int(year),
        period=st.session_state.get(PERIOD_KEY) or "year",
        agency_type=AGENCY_TYPE_FILTER.get(st.session_state.get(TYPE_KEY) or "Tất cả"),
    )
