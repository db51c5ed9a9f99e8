"""Danh mục: an admin imports the commune-level units of a chosen province (issue 15)."""

from __future__ import annotations

import pytest
from conftest import TEST_PASSWORD, add_user, frame

from warehouse import units
from warehouse.db import connect

pytestmark = pytest.mark.slow


def _import(at) -> None:
    at.selectbox(key="communes_province").set_value("37").run()
    at.button(key="communes_import").click().run()
    assert not at.exception, at.exception


def test_admin_imports_the_communes_of_ninh_binh_once(make_app, writable_db):
    at = make_app("danh_muc")
    # The samples' registry holds tỉnh Ninh Bình (its 129 units, written through the same rows):
    # it is offered first, and importing it again changes nothing.
    assert at.selectbox(key="communes_province").value == "37"
    assert not at.button(key="communes_import").disabled
    _import(at)
    assert any(
        "Đã nhập 129 đơn vị cấp xã của tỉnh Ninh Bình: thêm mới 0, cập nhật 0, không đổi 129."
        in s.value
        for s in at.success
    ), [s.value for s in at.success]
    listed = frame(at, "Tên đơn vị").set_index("Tên đơn vị")
    assert listed.loc["UBND phường Kim Bảng", "Loại"] == "UBND cấp xã"
    assert listed.loc["UBND phường Kim Bảng", "Mã đơn vị hành chính"] == "13384"
    assert listed.loc["UBND phường Kim Bảng", "Hiệu lực từ"] == "01/07/2025"
    assert (listed["Loại"] == "UBND cấp xã").sum() == 129

    # Another province of the 34: its units are added beside Ninh Bình's.
    cao_bang = units.province("Cao Bằng")
    at.selectbox(key="communes_province").set_value(cao_bang.code).run()
    at.button(key="communes_import").click().run()
    assert not at.exception, at.exception
    added = len(cao_bang.units)
    assert any(f"thêm mới {added}, cập nhật 0, không đổi 0" in s.value for s in at.success)
    assert (frame(at, "Tên đơn vị")["Loại"] == "UBND cấp xã").sum() == 129 + added
    with connect(writable_db, read_only=True) as con:
        audit = con.execute(
            "SELECT \"user\" FROM audit WHERE action = 'commune_import' ORDER BY id"
        ).fetchall()
    assert audit == [("admin",), ("admin",)]


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_only_an_admin_sees_the_commune_import(make_app, writable_db, role):
    add_user(writable_db, f"nguoi-{role}", role)
    at = make_app("danh_muc", username=f"nguoi-{role}", password=TEST_PASSWORD)
    assert not at.exception, at.exception
    assert not any(b.label == "Nhập đơn vị cấp xã" for b in at.button)
