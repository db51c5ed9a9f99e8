"""The original page beside a report's fields (issue 6/7): choose a field, see its page."""

from __future__ import annotations

import re

import pytest
from conftest import open_on_don_vi

from ingest.pipeline import REVIEW_CONFIDENCE

pytestmark = pytest.mark.slow

SHOWN = "bc-phat-ngon-2020-sldtbxh.pdf"


def test_choosing_fields_shows_their_page(make_app, app_env):
    at, rep = open_on_don_vi(make_app, app_env, SHOWN)
    report_id = rep.report_id
    radio = at.radio(key=f"v_{report_id}_evidence_field")
    # Most doubtful first, each marked by its colour against the review threshold.
    percents = [int(re.search(r"\((\d+)%\)$", label).group(1)) for label in radio.options]
    assert percents == sorted(percents) and len(percents) >= 3
    for label, percent in zip(radio.options, percents, strict=True):
        if percent < 100 * REVIEW_CONFIDENCE:
            assert label.startswith("🔴"), label
        else:
            assert label[0] in "🟠🟢", label
    for name in ("posts_total", "report_number", "agency"):
        at.radio(key=f"v_{report_id}_evidence_field").set_value(name).run()
        assert not at.exception, at.exception
        assert len(at.get("image")) == 1, name  # the page, with the value's box drawn
        # No "why there is no box" notice (the report's review state is the only info).
        notices = [i.value for i in at.info if not i.value.startswith("Trạng thái:")]
        assert not notices, notices
    # The table row's quote reads as "label: value", shown as text (never a link).
    at.radio(key=f"v_{report_id}_evidence_field").set_value("posts_total").run()
    assert "Số tin, bài đăng trên Trang thông tin điện tử: 314" in [t.value for t in at.text]
