"""Issue 6/7, item 5: deep links through the login, the page a role does not open, users' full
names and units, notes per agency and period."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, TEST_PASSWORD, add_user, entry_script, frame, login, sample_years

from ui.nav import NO_ACCESS

pytestmark = pytest.mark.slow


def _at_address(tmp_path: Path, page: str):
    """Return an AppTest of app.py opened at the address of ``pages/<page>.py``, logged out.

    Before its first run AppTest names the page by its file name, as a browser's address does.
    """
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(entry_script(tmp_path)), default_timeout=90)
    at.switch_page(str(ROOT / "pages" / f"{page}.py"))
    return at


def test_deep_link_opened_logged_out_goes_to_its_page_after_login(app_env, tmp_path):
    at = _at_address(tmp_path, "don_vi").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Đăng nhập"
    assert not at.sidebar.selectbox  # no data before login
    login(at)
    assert not at.exception, at.exception
    assert at.title[0].value == "Đơn vị"


def test_login_at_the_root_still_opens_tong_quan(app_env, tmp_path):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(entry_script(tmp_path)), default_timeout=90).run()
    login(at)
    assert at.title[0].value == "Tổng quan"


def test_viewer_opening_an_editors_page_reads_no_access(writable_db, tmp_path):
    add_user(writable_db, "xem", "viewer")
    at = _at_address(tmp_path, "tiep_nhan").run()
    login(at, "xem", TEST_PASSWORD)
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [NO_ACCESS]
    assert not at.title and not at.get("file_uploader")
    # The page's own guard says the same when Streamlit runs the file without app.py.
    assert NO_ACCESS == "Bạn không có quyền truy cập trang này."


def test_page_guard_refuses_a_role_with_the_page_message(writable_db):
    from streamlit.testing.v1 import AppTest

    from warehouse import auth

    add_user(writable_db, "xem", "viewer")
    script = "import streamlit as st\nfrom ui.auth import page_guard\npage_guard('editor')\n"
    at = AppTest.from_string(script + "st.title('Trang biên tập')", default_timeout=60)
    at.session_state["auth_token"] = auth.create_session("xem", db=writable_db)
    at.run()
    assert [e.value for e in at.error] == [NO_ACCESS]
    assert not at.title


def _agency_with_report(db) -> str:
    from warehouse import queries

    table = queries.compliance_table(year=sample_years()[0], db=db)
    return table.dropna(subset=["report_id"]).iloc[0]["agency_id"]


def _choose_period(at, year: int):
    at.selectbox(key="filter_year").set_value(year)
    at.selectbox(key="filter_period").set_value("year").run()
    assert not at.exception, at.exception
    return at


def test_admin_names_a_user_and_the_corrections_log_credits_them(make_app, writable_db):
    from warehouse import queries, review

    at = make_app("danh_muc")
    at.selectbox(key="profile_user").set_value("admin")
    at.text_input(key="profile_full_name").input("Nguyễn Thị Hoa")
    at.text_input(key="profile_unit").input("Phòng Thông tin – Báo chí")
    next(b for b in at.button if b.label == "Lưu họ tên, đơn vị").click().run()
    assert not at.exception, at.exception
    users = frame(at, "Họ tên")
    row = users[users["Tên đăng nhập"] == "admin"].iloc[0]
    assert (row["Họ tên"], row["Đơn vị công tác"]) == (
        "Nguyễn Thị Hoa",
        "Phòng Thông tin – Báo chí",
    )

    agency_id = _agency_with_report(writable_db)
    history = queries.agency_history(agency_id=agency_id, db=writable_db)
    review.correct_field(
        report_id=history[history["is_current"]].iloc[0]["report_id"],
        field="posts_total",
        new_value=123,
        reason="Đối chiếu bản giấy",
        user="admin",
        db=writable_db,
    )
    at.switch_page(str(ROOT / "pages" / "don_vi.py")).run()
    at.selectbox(key="agency_pick").set_value(agency_id).run()
    log = frame(at, "Người sửa")
    assert list(log["Người sửa"]) == ["Nguyễn Thị Hoa (Phòng Thông tin – Báo chí)"]


def test_admin_creates_a_user_with_full_name_and_unit(make_app, writable_db):
    from warehouse import people

    at = make_app("danh_muc")
    at.text_input(key="new_username").input("hoa.nt")
    at.text_input(key="new_full_name").input("Nguyễn Thị Hoa")
    at.text_input(key="new_unit").input("Sở Văn hóa, Thể thao và Du lịch")
    at.text_input(key="new_password").input(TEST_PASSWORD)
    next(b for b in at.button if b.label == "Tạo người dùng").click().run()
    assert not at.exception, at.exception
    assert people.user_labels(db=writable_db)["hoa.nt"] == (
        "Nguyễn Thị Hoa (Sở Văn hóa, Thể thao và Du lịch)"
    )


def test_editor_adds_a_note_for_the_sidebars_period(make_app, writable_db):
    from warehouse import people

    add_user(writable_db, "bientap", "editor")
    people.set_profile(
        username="bientap", full_name="Trần Văn Nam", unit="Phòng TTBC", by="system", db=writable_db
    )
    agency_id = _agency_with_report(writable_db)
    year = sample_years()[0]
    at = make_app(None, "bientap", TEST_PASSWORD)
    _choose_period(at, year)
    at.switch_page(str(ROOT / "pages" / "don_vi.py")).run()
    at.selectbox(key="agency_pick").set_value(agency_id).run()
    # The detail follows the sidebar's period.
    assert at.selectbox(key=f"detail_period_{agency_id}").value == (year, "year")
    assert any(s.value == f"Ghi chú – Năm {year}" for s in at.subheader)
    at.text_area(key="note_body").input("Đã gọi nhắc ngày 05/01, hẹn gửi trong tuần.")
    next(b for b in at.button if b.label == "Lưu ghi chú").click().run()
    assert not at.exception, at.exception
    listed = frame(at, "Nội dung")
    assert list(listed["Nội dung"]) == ["Đã gọi nhắc ngày 05/01, hẹn gửi trong tuần."]
    assert list(listed["Người ghi"]) == ["Trần Văn Nam (Phòng TTBC)"]

    # Another period has its own notes; a viewer reads them but has no form.
    _choose_period(at, year - 1)
    assert frame_or_none(at, "Nội dung") is None


def frame_or_none(at, column: str):
    try:
        return frame(at, column)
    except AssertionError:
        return None


def test_viewer_reads_notes_without_a_form(make_app, writable_db):
    from warehouse import notes

    add_user(writable_db, "xem", "viewer")
    agency_id = _agency_with_report(writable_db)
    year = sample_years()[0]
    notes.add_note(
        agency_id=agency_id, year=year, period="year", body="Đã gửi công văn", by="admin",
        db=writable_db,
    )  # fmt: skip
    at = make_app(None, "xem", TEST_PASSWORD)
    _choose_period(at, year)
    at.switch_page(str(ROOT / "pages" / "don_vi.py")).run()
    at.selectbox(key="agency_pick").set_value(agency_id).run()
    assert list(frame(at, "Nội dung")["Nội dung"]) == ["Đã gửi công văn"]
    assert not [t for t in at.text_area if t.key == "note_body"]


def test_notes_refuse_a_viewer_and_an_empty_text(writable_db):
    from warehouse import notes
    from warehouse.auth import PermissionDenied

    add_user(writable_db, "xem", "viewer")
    agency_id = _agency_with_report(writable_db)
    with pytest.raises(PermissionDenied):
        notes.add_note(
            agency_id=agency_id, year=2020, period="year", body="x", by="xem", db=writable_db
        )
    with pytest.raises(notes.NoteError, match="empty"):
        notes.add_note(
            agency_id=agency_id, year=2020, period="year", body="  ", by="admin", db=writable_db
        )
    assert notes.agency_notes(agency_id=agency_id, year=2020, period="year", db=writable_db).empty


def test_year_over_year_charts_are_readable_at_their_size():
    import pandas as pd

    from ui import charts

    yoy = pd.DataFrame(
        {
            "year": [2019, 2020],
            "expected": [20, 21],
            "received": [18, 21],
            "on_time": [15, 19],
            "agencies_without_press_conference": [12, 10],
            "compliance_rate": [0.5, 0.6],
        }
    )
    for chart in (charts.year_over_year_chart(yoy), charts.rates_chart(yoy)):
        spec = chart.to_dict()
        assert spec["config"]["axis"]["labelFontSize"] >= 13
        assert spec["config"]["axis"]["titleFontSize"] >= 13
        assert spec["config"]["legend"]["labelFontSize"] >= 13
        assert spec["config"]["legend"]["labelLimit"] == 0  # "Không/chưa rõ họp báo" whole
        assert spec["height"] >= 300


@pytest.mark.parametrize(
    ("asked", "back"),
    [
        ("don_vi", "../don_vi"),
        ("", "../"),
        ("https://ngoai.example", "../"),  # never an address elsewhere
        ("//ngoai.example", "../"),
        ("../khac", "../"),
    ],
)
def test_the_cookie_round_trip_returns_to_the_page_asked_for(fake_clock, asked, back):
    from urllib.parse import quote

    from test_session_cookie import _cookies, _get

    from ui import session_cookie

    ticket = session_cookie.issue_ticket("the-session-token-123456")
    query = f"ve={ticket}&{session_cookie.PAGE_PARAM}={quote(asked, safe='')}"
    response = _get(session_cookie.OPEN_PATH, query)
    assert response.status_code == 303 and response.headers["location"] == back
    assert _cookies(response)  # the cookie is set all the same
