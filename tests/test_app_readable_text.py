""" "Xem văn bản đọc được": beside a report's values, the text the rules see in its stored file."""

from __future__ import annotations

import pytest
from conftest import SAMPLES, unescape_md

from ingest.readers import read
from ingest.readout import read_text, render_text
from warehouse import queries
from warehouse.db import db_path

pytestmark = pytest.mark.slow

SHOWN = "thanh-tra-ha-nam-2020.docx"


def _report_of(db, name: str) -> tuple[str, str, str, int, str]:
    """Return (agency_id, report_id, file_id, year, period) of the current report of ``name``."""
    for agency_id in queries.agencies(db=db)["agency_id"]:
        history = queries.agency_history(agency_id=agency_id, db=db)
        for rec in history.to_dict("records"):
            if rec["original_name"] == name and rec["is_current"]:
                return agency_id, rec["report_id"], rec["file_id"], rec["year"], rec["period"]
    raise AssertionError(f"{name} is not a current report of the seeded warehouse")


def _open(make_app, db, name: str):
    agency_id, report_id, file_id, year, period = _report_of(db, name)
    at = make_app("don_vi")
    at.selectbox(key="agency_pick").set_value(agency_id).run()
    at.selectbox(key=f"detail_period_{agency_id}").set_value((year, period)).run()
    assert not at.exception, at.exception
    return at, report_id, file_id


def test_reviewer_sees_the_text_the_rules_see(make_app, app_env):
    at, report_id, _ = _open(make_app, app_env, SHOWN)
    toggle = at.toggle(key=f"v_{report_id}_text_on")
    assert toggle.label == "Đọc văn bản của tệp" and not toggle.value
    assert not at.code  # nothing is read until the reviewer asks
    toggle.set_value(True).run()
    assert not at.exception, at.exception
    expected = render_text(read_text(SAMPLES / "reports" / "2020" / SHOWN, shown=SHOWN))
    [code] = at.code
    assert code.value == expected.rstrip("\n")  # st.code drops the final newline
    # Every block the readers return is there, under its location.
    for block in read(SAMPLES / "reports" / "2020" / SHOWN).blocks:
        assert f"--- [{block.location.describe()}" in code.value and block.text in code.value
    assert [b.label for b in at.get("download_button")].count("Tải văn bản đọc được (.txt)") == 1


def test_missing_original_says_so(make_app, writable_db):
    at, report_id, file_id = _open(make_app, writable_db, SHOWN)
    # The stored original is gone (a damaged files/ folder): the reviewer is told, not shown text.
    _, data = queries.file_bytes(file_id=file_id, db=writable_db)
    blob = db_path(writable_db).parent / "files"
    [stored] = [p for p in blob.rglob("*") if p.is_file() and p.read_bytes() == data]
    stored.unlink()
    at.toggle(key=f"v_{report_id}_text_on").set_value(True).run()
    assert not at.exception, at.exception
    assert not at.code
    assert queries.FileMissing.user_message in [unescape_md(w.value) for w in at.warning]
    assert "Chỉ còn các trích dẫn bằng chứng ở bảng trên." in [i.value for i in at.info]
