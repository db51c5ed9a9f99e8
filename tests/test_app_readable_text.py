""" "Xem văn bản đọc được": beside a report's values, the text the rules see in its stored file."""

from __future__ import annotations

import pytest
from conftest import SAMPLES, open_on_don_vi, unescape_md

from ingest.readers import read
from ingest.readout import read_text, render_text
from warehouse import queries
from warehouse.db import db_path

pytestmark = pytest.mark.slow

SHOWN = "thanh-tra-ha-nam-2020.docx"


def test_reviewer_sees_the_text_the_rules_see(make_app, app_env):
    at, rep = open_on_don_vi(make_app, app_env, SHOWN)
    report_id = rep.report_id
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
    at, rep = open_on_don_vi(make_app, writable_db, SHOWN)
    report_id, file_id = rep.report_id, rep.file_id
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
