"""Chưa tổ chức họp báo: the three groups equal what samples/truth says, kept apart."""

from __future__ import annotations

import pytest
from conftest import current_reports, sample_years

pytestmark = pytest.mark.slow


def test_groups_match_truth(make_app):
    at = make_app("pages/chua_hop_bao.py")
    overview = make_app("pages/tong_quan.py")
    for year in sample_years():
        for app in (at, overview):
            app.sidebar.selectbox(key="filter_year").set_value(year).run()
            assert not app.exception, app.exception
        expected = set(overview.dataframe(key="compliance_table").value["Đơn vị"])
        truth = current_reports(year)
        zero = {a for a, r in truth.items() if r.truth["press_conferences"] == 0}
        unknown = {a for a, r in truth.items() if r.truth["press_conferences"] is None}
        missing = expected - set(truth)

        def group(code: str) -> set[str]:
            found = [d for d in at.dataframe if d.key == f"group_{code}"]
            return set(found[0].value["Đơn vị"]) if found else set()

        assert group("zero") == zero, year
        assert group("unknown") == unknown, year
        assert group("not_submitted") == missing, year
        # Each "0 cuộc" agency shows the sentence of its report that says so.
        if zero:
            quotes = at.dataframe(key="group_zero").value["Trích dẫn báo cáo"]
            assert all(q and q != "—" for q in quotes), year
        labels = {b.label for b in at.get("download_button")}
        assert {"Tải danh sách (CSV)", "Tải danh sách (XLSX)"} <= labels
