"""Chưa tổ chức họp báo: the three groups equal what samples/truth says, kept apart."""

from __future__ import annotations

import pytest
from conftest import current_reports, frame, sample_years, sections, shown_names, unescape_md

pytestmark = pytest.mark.slow


def test_groups_match_truth(make_app, seeded_db):
    at = make_app("chua_hop_bao")
    overview = make_app("tong_quan")
    for year in sample_years():
        for app in (at, overview):
            app.sidebar.selectbox(key="filter_year").set_value(year).run()
            assert not app.exception, app.exception
        expected = set(frame(overview, "Đánh giá chung")["Đơn vị"])
        # The truth names agencies canonically; the pages as they were called that year.
        shown = shown_names(seeded_db, year)
        truth = {shown.get(a, a): r for a, r in current_reports(year).items()}
        zero = {a for a, r in truth.items() if r.truth["press_conferences"] == 0}
        unknown = {a for a, r in truth.items() if r.truth["press_conferences"] is None}
        missing = expected - set(truth)

        groups = {title.split(" – ")[0]: nodes for title, nodes in sections(at).items()}

        def group(title: str, groups=groups):
            tables = [n for n in groups[title] if getattr(n, "type", None) == "table"]
            return tables[0].value.map(unescape_md) if tables else None

        def names(title: str, group=group) -> set[str]:
            table = group(title)
            return set() if table is None else set(table["Đơn vị"])

        assert names("Không tổ chức (0 cuộc)") == zero, year
        assert names("Chưa rõ (báo cáo không nêu)") == unknown, year
        assert names("Chưa nộp báo cáo") == missing, year
        # Each "0 cuộc" agency shows the sentence of its report that says so.
        if zero:
            quotes = group("Không tổ chức (0 cuộc)")["Trích dẫn báo cáo"]
            assert all(q and q != "—" for q in quotes), year
        labels = {b.label for b in at.get("download_button")}
        assert {"Tải danh sách (CSV)", "Tải danh sách (XLSX)"} <= labels
