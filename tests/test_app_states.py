"""Tiếp nhận: review states, "Chốt số liệu" / "Mở khóa", paper reports and gate overrules as an
official uses them (issue 6/7, items 2–3), on a copy of the seeded warehouse."""

from __future__ import annotations

import pytest
from conftest import SAMPLES, frame, resubmission_bytes, unescape_md, upload_candidate

from warehouse import queries

pytestmark = pytest.mark.slow
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _year(at, year: int):
    at.selectbox(key="filter_year").set_value(year).run()
    at.selectbox(key="filter_period").set_value("year").run()
    assert not at.exception, at.exception
    return at


def test_lock_refuses_a_load_and_unlock_needs_a_reason(make_app, writable_db):
    rep = upload_candidate()
    year = rep.truth["year"]
    at = _year(make_app("tiep_nhan"), year)
    before = queries.compliance_table(year=year, db=writable_db)
    at.button(key="lock_period").click().run()
    assert not at.exception, at.exception
    assert any(s.value.startswith("Đã chốt số liệu") for s in at.success)
    assert any("Số liệu đã chốt ngày" in m.value for m in at.markdown)
    data = resubmission_bytes(SAMPLES / "reports" / rep.file)
    at.file_uploader(key="uploader").set_value(("gui-lai.docx", data, DOCX)).run()
    at.button(key="load_files").click().run()
    assert not at.exception, at.exception
    assert any("Kỳ đã chốt" in m.value for m in at.markdown)
    assert at.session_state["upload_results"][0]["outcome"] == "locked_period"
    assert queries.compliance_table(year=year, db=writable_db).equals(before)
    # The panel of the stored copy refuses a change under the lock.
    at.radio(key="upload_0_state_pick").set_value("returned")
    at.text_input(key="upload_0_state_reason").input("Thiếu chữ ký")
    _button(at, "Lưu trạng thái").click().run()
    assert any("đã chốt ngày" in e.value and "Mở khóa" in e.value for e in at.error)
    _button(at, "Mở khóa").click().run()
    assert any(unescape_md(e.value) == "Vui lòng nhập lý do mở khóa." for e in at.error)
    at.text_input(key="unlock_reason").input("Đơn vị gửi bản sửa")
    _button(at, "Mở khóa").click().run()
    assert not at.exception, at.exception
    assert any(s.value.startswith("Đã mở khóa") for s in at.success)
    assert queries.period_lock(year=year, db=writable_db) is None


def test_return_a_report_and_filter_by_state(make_app, writable_db):
    rep = upload_candidate()
    at = _year(make_app("tiep_nhan"), rep.truth["year"])
    data = resubmission_bytes(SAMPLES / "reports" / rep.file)
    at.file_uploader(key="uploader").set_value(("gui-lai.docx", data, DOCX)).run()
    at.button(key="load_files").click().run()
    report_id = at.session_state["upload_results"][0]["report_id"]
    at.radio(key="upload_0_state_pick").set_value("returned")
    _button(at, "Lưu trạng thái").click().run()
    assert any(unescape_md(e.value) == "Vui lòng nhập lý do trả lại đơn vị." for e in at.error)
    at.radio(key="upload_0_state_pick").set_value("returned")
    at.text_input(key="upload_0_state_reason").input("Thiếu số liệu họp báo")
    _button(at, "Lưu trạng thái").click().run()
    assert not at.exception, at.exception
    assert any(s.value == "Đã chuyển báo cáo sang “Trả lại đơn vị”." for s in at.success)
    assert any(
        i.value.startswith("Trạng thái: Trả lại đơn vị – admin, ")
        and i.value.endswith(": Thiếu số liệu họp báo")
        for i in at.info
    )
    at.selectbox(key="state_filter").set_value("returned").run()
    shown = frame(at, "Lý do")
    assert shown["Lý do"].tolist() == ["Thiếu số liệu họp báo"]
    assert shown["Người đổi"].tolist() == ["admin"]
    assert queries.review_state(report_id=report_id, db=writable_db)["state"] == "returned"


def test_enter_a_paper_report(make_app, writable_db):
    year = 2020
    expected = queries.completeness(year=year, db=writable_db)
    missing = expected[expected["status"] == "missing"]
    assert not missing.empty, "the samples leave some agency without a 2020 report"
    agency = missing.iloc[0]
    at = _year(make_app("tiep_nhan"), year)
    at.selectbox(key="paper_agency").set_value(agency["agency_id"])
    at.number_input(key="paper_year").set_value(year)
    at.text_input(key="paper_posts_total").input("nhiều")
    _button(at, "Lưu báo cáo giấy").click().run()
    assert at.error and not at.success
    at.text_input(key="paper_posts_total").input("1.234")
    at.text_input(key="paper_spokesperson_name").input("Nguyễn Thị Giấy")
    _button(at, "Lưu báo cáo giấy").click().run()
    assert not at.exception, at.exception
    assert any(s.value.startswith("Đã lưu báo cáo giấy") for s in at.success)
    table = queries.compliance_table(year=year, db=writable_db).set_index("agency_id")
    assert table.loc[agency["agency_id"], "posts_total"] == 1234
    assert table.loc[agency["agency_id"], "report_received"] == "pass"


def test_reread_a_memo_as_report_and_link_a_decision(make_app, writable_db):
    refused = queries.refused_files(db=writable_db)
    memo = refused[refused["doc_type"] == "memo"].iloc[0]
    decision = refused[refused["doc_type"] == "decision"].iloc[0]
    at = make_app("tiep_nhan")
    at.selectbox(key="refused_pick").set_value(memo["file_id"]).run()
    _button(at, "Đây là báo cáo — đọc lại").click().run()
    assert not at.exception, at.exception
    assert any(s.value.startswith("Đã đọc lại tệp như báo cáo") for s in at.success)
    assert memo["file_id"] not in set(queries.refused_files(db=writable_db)["file_id"])

    at.selectbox(key="refused_pick").set_value(decision["file_id"]).run()
    agencies = queries.agencies(db=writable_db)
    target = agencies[agencies["agency_id"] == "ubnd-huyen-ly-nhan"].iloc[0]
    at.selectbox(key=f"decision_agency_{decision['file_id']}").set_value(target["agency_id"]).run()
    at.number_input(key=f"decision_year_{decision['file_id']}").set_value(2019).run()
    label = f"Dùng làm căn cứ người phát ngôn cho {target['name']}"
    _button(at, label).click().run()
    assert not at.exception, at.exception
    linked = queries.spokesperson_decisions(db=writable_db)
    assert linked[["agency_id", "file_id", "from_year"]].values.tolist() == [
        ["ubnd-huyen-ly-nhan", decision["file_id"], 2019]
    ]
