"""When the warehouse refuses a write (the account lost its role after the page was drawn), the
page shows the Vietnamese reason, not a traceback, and nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
import warehouse_corpus as wc
from conftest import add_user

NEEDS_REVIEW = "eta:2023:year:v1"
# The form was drawn while "xem" was still an editor or an admin; the warehouse knows better now.
SCRIPT = """
from ui import admin
from ui.auth import CurrentUser
from ui.review import review_panel

review_panel({report!r}, CurrentUser("xem", "editor"), key="r")
admin.user_admin(CurrentUser("xem", "admin"))
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("template")
    wc.build(tmp / "w.duckdb", tmp)
    add_user(tmp / "w.duckdb", "xem", "viewer")
    return tmp


@pytest.fixture
def app(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from streamlit.testing.v1 import AppTest

    shutil.copytree(template, tmp_path / "wh")
    db = tmp_path / "wh" / "w.duckdb"
    monkeypatch.setenv("REPORTS_DB", str(db))
    at = AppTest.from_string(SCRIPT.format(report=NEEDS_REVIEW), default_timeout=60).run()
    assert not at.exception, at.exception
    return at, db


def _written(db: Path) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return (
            con.execute("SELECT count(*) FROM corrections").fetchone()[0],
            con.execute("SELECT status FROM reports WHERE id = ?", [NEEDS_REVIEW]).fetchone()[0],
            con.execute("SELECT count(*) FROM users").fetchone()[0],
            con.execute("SELECT count(*) FROM audit WHERE \"user\" = 'xem'").fetchone()[0],
        )
    finally:
        con.close()


def test_refused_correction_shows_the_reason(app) -> None:
    at, db = app
    before = _written(db)
    at.selectbox(key="r_field").select("posts_total").run()
    at.text_input(key="r_value_posts_total").input("9")
    at.text_input(key="r_reason_posts_total").input("Theo bản giấy")
    next(b for b in at.button if b.label == "Lưu chỉnh sửa").click().run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert any(
        e.startswith("Chỉ biên tập viên hoặc quản trị viên mới được sửa số liệu báo cáo")
        for e in errors
    ), errors
    assert not at.success
    assert _written(db) == before


def test_refused_confirmation_shows_the_reason(app) -> None:
    at, db = app
    before = _written(db)
    at.button(key="r_confirm").click().run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert any("mới được xác nhận báo cáo" in e for e in errors), errors
    assert _written(db) == before == (0, "needs_review", before[2], 0)


def test_refused_user_creation_shows_the_reason(app) -> None:
    at, db = app
    before = _written(db)
    at.text_input(key="new_username").input("nguoi-moi")
    at.text_input(key="new_password").input("Mat-khau-moi-123")
    next(b for b in at.button if b.label == "Tạo người dùng").click().run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert any(e.startswith("Chỉ quản trị viên mới được tạo người dùng") for e in errors), errors
    assert _written(db) == before
