"""Danh mục: registry and rules for everyone; user management for admins only."""

from __future__ import annotations

import csv
import tomllib

import pytest
from conftest import ROOT, SAMPLES

pytestmark = pytest.mark.slow


def test_registry_and_rules_are_listed(make_app):
    at = make_app("pages/danh_muc.py")
    assert not at.exception, at.exception
    with (SAMPLES / "agencies.csv").open(encoding="utf-8") as fh:
        names = {r["name"] for r in csv.DictReader(fh)}
    registry = at.dataframe(key="registry").value
    assert set(registry["Tên đơn vị"]) == names
    assert all("/" in d for d in registry["Hiệu lực từ"])  # dd/mm/yyyy
    rules = tomllib.loads((ROOT / "warehouse" / "rules.toml").read_text(encoding="utf-8"))["rules"]
    shown = at.dataframe(key="rules").value
    assert list(shown["Tiêu chí"]) == [r["label"] for r in rules]
    assert all(shown["Căn cứ"].str.len() > 0)


def test_admin_creates_user_and_viewer_cannot(make_app, writable_db):
    at = make_app("pages/danh_muc.py")
    at.text_input(key="new_username").input("bientap1")
    at.text_input(key="new_password").input("Bien-tap-2024")
    at.selectbox(key="new_role").set_value("editor")
    next(b for b in at.button if b.label == "Tạo người dùng").click().run()
    assert not at.exception, at.exception
    assert any("Đã tạo người dùng bientap1" in s.value for s in at.success)
    users = at.dataframe(key="users").value
    assert "bientap1" in set(users["Tên đăng nhập"])

    editor = make_app("pages/tiep_nhan.py", username="bientap1", password="Bien-tap-2024")
    assert editor.title[0].value == "Tiếp nhận báo cáo"
    editor.switch_page("pages/danh_muc.py").run()
    assert any("Chỉ quản trị viên" in i.value for i in editor.info)
    assert not [d for d in editor.dataframe if d.key == "users"]
