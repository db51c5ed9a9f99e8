"""Tổng quan page on the seeded warehouse, checked against samples/truth."""

from __future__ import annotations

import csv

import pytest
from conftest import (
    SAMPLES,
    current_reports,
    frame,
    goto,
    metric_values,
    sample_years,
    shown_names,
)

from ui.format import fmt_int
from warehouse import queries

# The mark of each criterion's status in the compact table (written here, not imported: the test
# states what the official sees).
MARK = {"pass": "✓", "fail": "✗", "unknown": "–", "not_submitted": "–", "not_applicable": "–"}

pytestmark = pytest.mark.slow


def test_overview_counts_and_table_match_truth(make_app, seeded_db):
    at = make_app("tong_quan")
    for year in sample_years():
        at.sidebar.selectbox(key="filter_year").set_value(year).run()
        assert not at.exception, at.exception
        assert at.title[0].value == "Tổng quan"
        metrics = metric_values(at)
        table = frame(at, "Đánh giá chung")
        expected = set(table["Đơn vị"])
        # The truth names agencies canonically; the page as they were called that year.
        shown = shown_names(seeded_db, year)
        truth = {shown.get(a, a): r for a, r in current_reports(year).items()}
        submitted = set(truth) & expected
        assert set(truth) <= expected, f"{year}: reports from agencies not expected"
        assert metrics["Đã nộp"] == fmt_int(len(submitted)), year
        assert metrics["Phải nộp"] == fmt_int(len(expected)), year
        assert metrics["Chưa nộp"] == fmt_int(len(expected - submitted)), year
        not_submitted = set(table.loc[table["Đánh giá chung"] == "Chưa nộp", "Đơn vị"])
        assert not_submitted == expected - submitted, year
        # Figures per agency are the truth's, formatted the Vietnamese way (1.234).
        for agency, rep in truth.items():
            row = table[table["Đơn vị"] == agency].iloc[0]
            assert row["Tin, bài"] == fmt_int(rep.truth["posts_total"]), (year, agency)
            assert row["Họp báo (cuộc)"] == fmt_int(rep.truth["press_conferences"]), (year, agency)
        # Every criterion a compact column of marks, each agency's mark its status in the
        # warehouse; the criteria in full and the marks' meaning in the legend under the table.
        statuses = queries.compliance_table(year=year, db=seeded_db).set_index("agency")
        shown_rules = [r for r in queries.rules(db=seeded_db) if r.id in statuses.columns]
        assert shown_rules, year
        criteria = [c for c in table.columns if c.startswith("TC")]
        assert criteria == [f"TC{i}" for i in range(1, len(shown_rules) + 1)], year
        assert len(table) == len(statuses), year
        for i, rule in enumerate(shown_rules, start=1):
            marks = dict(zip(table["Đơn vị"], table[f"TC{i}"], strict=True))
            expected_marks = {a: MARK[s] for a, s in statuses[rule.id].items()}
            assert marks == expected_marks, (year, rule.id)
        texts = [t.value for t in at.text]
        for i, rule in enumerate(shown_rules, start=1):
            assert any(t.startswith(f"TC{i}. {rule.label} – ") for t in texts), (year, rule.id)
        legend = "✓ đạt · ✗ chưa đạt · – chưa có số liệu hoặc không áp dụng"
        assert any(c.value.startswith(legend) for c in at.caption), year
        total_posts = sum(r.truth["posts_total"] or 0 for r in truth.values())
        assert metrics["Tổng tin, bài"] == fmt_int(total_posts), year


def test_period_without_reports_shows_empty_state(make_app):
    year = sample_years()[0]
    empty = next(p for p in ("q3", "q2", "q1", "9m", "h1", "q4") if not current_reports(year, p))
    at = make_app("tong_quan")
    at.sidebar.selectbox(key="filter_year").set_value(year).run()
    at.sidebar.selectbox(key="filter_period").set_value(empty).run()
    assert not at.exception, at.exception
    assert any("Chưa có báo cáo nào cho kỳ này." in i.value for i in at.info)
    assert not at.dataframe


def test_agency_type_filter_limits_the_table(make_app, seeded_db):
    with (SAMPLES / "agencies.csv").open(encoding="utf-8") as fh:
        districts = {r["name"] for r in csv.DictReader(fh) if r["type"] == "district"}
    year = sample_years()[0]
    shown = shown_names(seeded_db, year)
    districts = {shown.get(name, name) for name in districts}
    at = make_app("tong_quan")
    at.sidebar.selectbox(key="filter_year").set_value(year).run()
    at.sidebar.selectbox(key="filter_agency_type").set_value("UBND cấp huyện").run()
    assert not at.exception, at.exception
    table = frame(at, "Đánh giá chung")
    assert len(table) > 0
    assert set(table["Đơn vị"]) <= districts
    assert set(table["Loại đơn vị"]) == {"UBND cấp huyện"}
    assert "UBND cấp huyện" in at.caption[0].value
    # The filter is kept when moving to another page.
    goto(at, "chua_hop_bao")
    assert "UBND cấp huyện" in at.caption[0].value
