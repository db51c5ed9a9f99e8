"""Danh mục: registry and rules for everyone; user management for admins only."""

from __future__ import annotations

import csv
import tomllib

import pytest
from conftest import ROOT, SAMPLES, frame, goto, has_frame, unescape_md

pytestmark = pytest.mark.slow


def test_registry_and_rules_are_listed(make_app):
    at = make_app("danh_muc")
    assert not at.exception, at.exception
    with (SAMPLES / "agencies.csv").open(encoding="utf-8") as fh:
        names = {r["name"] for r in csv.DictReader(fh)}
    registry = frame(at, "Tên đơn vị")
    assert set(registry["Tên đơn vị"]) == names
    assert all("/" in d for d in registry["Hiệu lực từ"])  # dd/mm/yyyy
    rules = tomllib.loads((ROOT / "warehouse" / "rules.toml").read_text(encoding="utf-8"))["rules"]
    shown = frame(at, "Tiêu chí")
    assert list(shown["Tiêu chí"]) == [r["label"] for r in rules]
    assert all(shown["Căn cứ"].str.len() > 0)


def test_admin_creates_user_and_viewer_cannot(make_app, writable_db):
    at = make_app("danh_muc")
    at.text_input(key="new_username").input("bientap1")
    at.text_input(key="new_password").input("Bien-tap-2024")
    at.selectbox(key="new_role").set_value("editor")
    next(b for b in at.button if b.label == "Tạo người dùng").click().run()
    assert not at.exception, at.exception
    assert any("Đã tạo người dùng bientap1" in s.value for s in at.success)
    users = frame(at, "Tên đăng nhập")
    assert "bientap1" in set(users["Tên đăng nhập"])

    editor = make_app("tiep_nhan", username="bientap1", password="Bien-tap-2024")
    assert editor.title[0].value == "Tiếp nhận báo cáo"
    goto(editor, "danh_muc")
    assert any("Chỉ quản trị viên" in i.value for i in editor.info)
    assert not has_frame(editor, "Tên đăng nhập")


def test_admin_resets_password_and_imports_registry(make_app, writable_db):
    from warehouse import auth

    auth.create_user(
        username="xem2", password="Cu-12345678", role="viewer", by="admin", db=writable_db
    )
    at = make_app("danh_muc")
    at.selectbox(key="pw_user").set_value("xem2")
    at.text_input(key="pw_new").input("Moi-12345678")
    next(b for b in at.button if b.label == "Đặt lại mật khẩu").click().run()
    assert any("Đã đặt lại mật khẩu cho xem2" in s.value for s in at.success)
    assert auth.authenticate("xem2", "Moi-12345678", db=writable_db) is not None
    assert auth.authenticate("xem2", "Cu-12345678", db=writable_db) is None

    text = (SAMPLES / "agencies.csv").read_text(encoding="utf-8").rstrip("\n")
    text += "\nso-thu-nghiem,Sở Thử nghiệm,STN,,department,UBND tỉnh Hà Nam,Hà Nam,2024-01-01,\n"
    at.file_uploader(key="registry_csv").set_value(("dm.csv", text.encode(), "text/csv")).run()
    at.button(key="registry_import").click().run()
    assert not at.exception, at.exception
    assert any("Đã nhập" in s.value for s in at.success)
    assert "Sở Thử nghiệm" in set(frame(at, "Tên đơn vị")["Tên đơn vị"])


def test_admin_locks_an_account_and_its_owner_can_no_longer_log_in(make_app, writable_db):
    from warehouse import auth

    auth.create_user(
        username="nghi-viec", password="Cu-12345678", role="editor", by="admin", db=writable_db
    )
    at = make_app("danh_muc")
    at.selectbox(key="active_user").set_value("nghi-viec")
    at.radio(key="active_choice").set_value("Khóa")
    next(b for b in at.button if b.label == "Lưu").click().run()
    assert not at.exception, at.exception
    # The user name is shown through ui.format.plain ("nghi\\-viec" in the Markdown source).
    assert any("Đã khóa tài khoản nghi-viec" in unescape_md(s.value) for s in at.success)
    users = frame(at, "Tên đăng nhập").set_index("Tên đăng nhập")
    assert users.loc["nghi-viec", "Đang hoạt động"] == "Không"
    assert auth.authenticate("nghi-viec", "Cu-12345678", db=writable_db) is None
    # Locking oneself is refused with the warehouse's message, not a traceback.
    at.selectbox(key="active_user").set_value("admin")
    at.radio(key="active_choice").set_value("Khóa")
    next(b for b in at.button if b.label == "Lưu").click().run()
    assert not at.exception, at.exception
    assert any("Không thể tự khóa" in e.value for e in at.error)


def test_admin_changes_a_threshold_from_a_year_and_everyone_sees_the_history(make_app, writable_db):
    from conftest import sample_years

    from warehouse import auth, queries

    year = max(sample_years())
    rule = "posts_per_month_target"

    def statuses(y: int) -> dict:
        table = queries.compliance_table(year=y, db=writable_db)
        return dict(zip(table["agency_id"], table[rule], strict=True))

    before, earlier = statuses(year), statuses(year - 1)
    at = make_app("danh_muc")
    assert not has_frame(at, "Lý do")  # no change yet, no history
    at.selectbox(key="threshold_rule").set_value(rule).run()
    at.selectbox(key="threshold_type").set_value("department").run()
    at.number_input(key="threshold_from_year").set_value(year)
    at.number_input(key="threshold_value").set_value(500.0)
    submit = next(b for b in at.button if b.label == "Lưu ngưỡng")
    submit.click().run()  # no reason given: refused, nothing stored
    assert any("lý do" in e.value for e in at.error)
    assert queries.threshold_history(db=writable_db).empty

    at.number_input(key="threshold_from_year").set_value(year)
    at.number_input(key="threshold_value").set_value(500.0)
    at.text_input(key="threshold_reason").input("Thử chỉ tiêu rất cao")
    next(b for b in at.button if b.label == "Lưu ngưỡng").click().run()
    assert not at.exception, at.exception
    assert any(f"từ năm {year}: 20 → 500" in s.value for s in at.success)
    history = frame(at, "Lý do")
    assert history[["Người thay đổi", "Từ năm", "Ngưỡng cũ", "Ngưỡng mới"]].values.tolist() == [
        ["admin", str(year), "20", "500"]
    ]
    shown = frame(at, "Ngưỡng").set_index("Tiêu chí")["Ngưỡng"]
    assert f"≥ 500 (thay đổi từ năm {year})" in " ".join(shown)

    after = statuses(year)
    types = queries.compliance_table(year=year, db=writable_db).set_index("agency_id")
    passed = [a for a, s in before.items() if s == "pass"]
    assert passed and all(
        after[a] == ("fail" if types.loc[a, "agency_type"] == "department" else "pass")
        for a in passed
    )
    assert any(types.loc[a, "agency_type"] == "department" for a in passed)
    assert statuses(year - 1) == earlier  # the year before keeps its threshold

    auth.create_user(
        username="xem3", password="Xem-12345678", role="viewer", by="admin", db=writable_db
    )
    viewer = make_app("danh_muc", username="xem3", password="Xem-12345678")
    assert not any(b.label == "Lưu ngưỡng" for b in viewer.button)
    assert len(frame(viewer, "Lý do")) == 1
