"""Kiến nghị & tập huấn: themes and the agencies asking, against samples/truth."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import current_reports, frame, sample_years, unescape_md

from ingest.topics import TOPICS

pytestmark = pytest.mark.slow


def test_training_themes_match_truth(make_app):
    at = make_app("kien_nghi")
    for year in sample_years():
        at.sidebar.selectbox(key="filter_year").set_value(year).run()
        assert not at.exception, at.exception
        truth = current_reports(year)
        asking = {a for a, r in truth.items() if r.truth["training_requested"]}
        per_topic = Counter(
            t
            for r in truth.values()
            if r.truth["training_requested"]
            for t in set(r.truth["training_topics"] or [])
        )
        if not asking:
            assert any("Chưa có đơn vị nào đề nghị tập huấn" in i.value for i in at.info)
            continue
        metrics = {m.label: m.value for m in at.metric}
        assert metrics["Số đơn vị đề nghị tập huấn"] == str(len(asking)), year
        themes = frame(at, "Số đề nghị")
        shown = dict(zip(themes["Chủ đề"], themes["Số đơn vị"].astype(int), strict=True))
        assert shown == {TOPICS[t]: n for t, n in per_topic.items()}, year
        # Each theme lists its agencies with a link to the agency page.
        names = {unescape_md(m.value).strip("*") for m in at.markdown}
        assert asking <= names, year
        assert len(at.get("page_link")) >= len(asking)
