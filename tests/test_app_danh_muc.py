"""Danh mục: registry and rules for everyone; user management for admins only."""

from __future__ import annotations

import csv
import tomllib

import pytest
from conftest import ROOT, SAMPLES, frame, goto, has_frame

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
