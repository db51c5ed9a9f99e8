"""Arrival edits in the app (issue 14, Deliver 2): an editor changes a report's "ngày đến" and
"số đến" in its review panel, with a reason; Tổng quan's timeliness follows; a viewer sees no form.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
import warehouse_corpus as wc
from conftest import ADMIN_PASSWORD, TEST_PASSWORD, entry_script, frame, goto, login, metric_values

from warehouse import queries

pytestmark = pytest.mark.slow
EDITOR, VIEWER = "bientap", "xem"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import add_user

    tmp = tmp_path_factory.mktemp("template")
    wc.build(tmp / "w.duckdb", tmp)
    add_user(tmp / "w.duckdb", EDITOR, "editor")
    add_user(tmp / "w.duckdb", VIEWER, "viewer")
    return tmp


@pytest.fixture
def db(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(template, tmp_path / "wh")
    path = tmp_path / "wh" / "w.duckdb"
    monkeypatch.setenv("REPORTS_DB", str(path))
    monkeypatch.setenv("REPORTS_ADMIN_PASSWORD", ADMIN_PASSWORD)
    return path


def _app(tmp_path: Path, user: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(entry_script(tmp_path)), default_timeout=90).run()
    login(at, user, TEST_PASSWORD)
    assert not at.exception, at.exception
    at.selectbox(key="filter_year").set_value(2023)
    at.selectbox(key="filter_period").set_value("year").run()
    assert not at.exception, at.exception
    return at


def _open_report(at, agency_id: str):
    goto(at, "don_vi")
    at.selectbox(key="agency_pick").set_value(agency_id).run()
    at.selectbox(key=f"detail_period_{agency_id}").set_value((2023, "year")).run()
    assert not at.exception, at.exception
    return at


def test_an_editor_moves_the_arrival_date_and_tong_quan_follows(db: Path, tmp_path: Path) -> None:
    comp = queries.completeness(year=2023, db=db)
    on_time = comp[comp["timeliness"] == "on_time"].iloc[0]
    agency_id, report_id = on_time["agency_id"], on_time["report_id"]
    late_day = on_time["deadline"] + timedelta(days=5)

    at = _app(tmp_path, EDITOR)
    goto(at, "tong_quan")
    before = metric_values(at)
    at = _open_report(at, agency_id)
    key = f"v_{report_id}"
    assert at.date_input(key=f"{key}_arrived_on").value == on_time["arrived_on"]
    assert at.text_input(key=f"{key}_incoming").value == ""

    # A future date is refused in Vietnamese and nothing changes.
    at.date_input(key=f"{key}_arrived_on").set_value(date.today() + timedelta(days=3))
    at.text_input(key=f"{key}_arrival_reason").input("theo sổ văn bản đến")
    at.button(key=f"FormSubmitter:{key}_arrival-Lưu ngày đến").click().run()
    assert any("ở sau ngày hôm nay" in e.value for e in at.error), [e.value for e in at.error]
    assert queries.report_arrival(report_id=report_id, db=db)[1] == on_time["arrived_on"]

    at.date_input(key=f"{key}_arrived_on").set_value(late_day)
    at.text_input(key=f"{key}_incoming").input("415/SĐ")
    at.text_input(key=f"{key}_arrival_reason").input("theo sổ văn bản đến")
    at.button(key=f"FormSubmitter:{key}_arrival-Lưu ngày đến").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert any(late_day.strftime("%d/%m/%Y") in s.value for s in at.success)
    assert queries.report_arrival(report_id=report_id, db=db)[1:] == (late_day, "415/SĐ")
    with duckdb.connect(str(db), read_only=True) as con:
        (who,) = con.execute("SELECT \"user\" FROM audit WHERE action = 'set_arrival'").fetchone()
    assert who == EDITOR

    goto(at, "tong_quan")
    after = metric_values(at)
    assert int(after["Nộp muộn"]) == int(before["Nộp muộn"]) + 1
    assert int(after["Đúng hạn"]) == int(before["Đúng hạn"]) - 1
    listed = frame(at, "Số đến").set_index("Đơn vị")
    assert listed.loc[on_time["agency"], "Tình trạng"] == "Nộp muộn 5 ngày"
    assert listed.loc[on_time["agency"], "Số đến"] == "415/SĐ"


def test_a_viewer_sees_no_arrival_form(db: Path, tmp_path: Path) -> None:
    comp = queries.completeness(year=2023, db=db)
    row = comp.dropna(subset=["report_id"]).iloc[0]
    at = _open_report(_app(tmp_path, VIEWER), row["agency_id"])
    assert at.table, "the report's values are shown"
    assert not [d for d in at.date_input if d.key and d.key.endswith("_arrived_on")]
    assert not [b for b in at.button if "Lưu ngày đến" in (b.label or "")]
