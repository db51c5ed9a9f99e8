"""The original page beside a report's fields (issue 6/7): choose a field, see its page."""

from __future__ import annotations

import re

import pytest

from ingest.pipeline import REVIEW_CONFIDENCE
from warehouse import queries

pytestmark = pytest.mark.slow

SHOWN = "bc-phat-ngon-2020-sldtbxh.pdf"


def _open(make_app, db, name: str):
    for agency_id in queries.agencies(db=db)["agency_id"]:
        for rec in queries.agency_history(agency_id=agency_id, db=db).to_dict("records"):
            if rec["original_name"] == name and rec["is_current"]:
                at = make_app("don_vi")
                at.selectbox(key="agency_pick").set_value(agency_id).run()
                at.selectbox(key=f"detail_period_{agency_id}").set_value(
                    (rec["year"], rec["period"])
                ).run()
                assert not at.exception, at.exception
                return at, rec["report_id"]
    raise AssertionError(f"{name} is not a current report of the seeded warehouse")


def test_choosing_fields_shows_their_page(make_app, app_env):
    at, report_id = _open(make_app, app_env, SHOWN)
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
