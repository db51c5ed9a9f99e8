"""Tổng quan: the days left until the province's Decree 244 report is due at the ministry (20/12),
read against the warehouse's clock (a FakeClock moved to the day the test needs)."""

from __future__ import annotations

from datetime import datetime

import pytest

from ingest.periods import form_due

pytestmark = pytest.mark.slow


def _set_clock(fake_clock, when: datetime) -> None:
    fake_clock.advance((when - fake_clock.now()).total_seconds())


def _lines(at) -> list[str]:
    return [e.value for e in (*at.info, *at.error, *at.warning)]


@pytest.mark.parametrize(
    ("today", "line"),
    [
        (datetime(2026, 12, 6, 9, 0), "Còn 14 ngày đến hạn gửi Bộ (20/12/2026)."),
        (datetime(2026, 12, 20, 16, 0), "Còn 0 ngày đến hạn gửi Bộ (20/12/2026)."),
        (datetime(2026, 12, 23, 8, 0), "Đã quá hạn gửi Bộ 3 ngày (20/12/2026)."),
    ],
)
def test_overview_counts_days_to_the_ministry_deadline(make_app, fake_clock, today, line):
    assert form_due(2026).isoformat() == "2026-12-20"
    _set_clock(fake_clock, today)
    at = make_app("tong_quan")  # opens on the working year: 2026 in December 2026
    assert at.sidebar.selectbox(key="filter_year").value == 2026
    lines = _lines(at)
    assert line in lines, lines
    other = "Đã quá hạn gửi Bộ" if line.startswith("Còn") else "đến hạn gửi Bộ"
    assert not [t for t in lines if other in t], lines


def test_overview_has_no_ministry_deadline_before_decree_244(make_app, fake_clock):
    _set_clock(fake_clock, datetime(2026, 12, 6, 9, 0))
    at = make_app("tong_quan")
    at.sidebar.selectbox(key="filter_year").set_value(2020).run()
    assert not at.exception, at.exception
    assert not [t for t in _lines(at) if "hạn gửi Bộ" in t]
    # A quarter of 2026 is not the year the Điều 10 report covers.
    at.sidebar.selectbox(key="filter_year").set_value(2026).run()
    at.sidebar.selectbox(key="filter_period").set_value("q1").run()
    assert not at.exception, at.exception
    assert not [t for t in _lines(at) if "hạn gửi Bộ" in t]
