"""The reminder list's contacts (issue 3/7): a registry row's optional phone and e-mail, imported
from the agencies CSV when it has the columns, listed with the spokesperson of the unit's latest
report on screen and in the công văn đôn đốc; "chưa có" for what nothing gives."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pytest
import warehouse_corpus as wc

from warehouse import form_report, queries, units
from warehouse.db import connect
from warehouse.load import write_record
from warehouse.registry import ContactError, import_csv, read_csv

HEADER = "id,name,short_name,aliases,type,parent,province,valid_from,valid_to"
GAMMA = "so-gamma,Sở Gamma,SG,,department,UBND tỉnh Hà Nam,Hà Nam,2000-01-01,"
DELTA = "huyen-delta,UBND huyện Delta,,UBND H. Delta,district,UBND tỉnh Hà Nam,Hà Nam,2000-01-01,"
ETA = "eta,=cmd|' /C calc'!A0 Ban Eta,,,other,UBND tỉnh Hà Nam,Hà Nam,2000-01-01,"
# Gamma has both, Eta an e-mail only, Delta nothing (empty cells).
CONTACTS_CSV = "\n".join(
    [
        f"{HEADER},phone,email",
        f"{GAMMA},0229  3871 234,vanphong.sogamma@hanam.gov.vn",
        f"{DELTA},,",
        f"{ETA},,  bqleta@hanam.gov.vn ",
    ]
)
TODAY = date(2026, 12, 10)


def _csv(tmp: Path, text: str, name: str = "contacts.csv") -> Path:
    path = tmp / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _contacts(db: Path) -> dict[str, tuple[str | None, str | None]]:
    with connect(db, read_only=True) as con:
        return {
            r[0]: (r[1], r[2])
            for r in con.execute("SELECT id, phone, email FROM agencies").fetchall()
        }


@pytest.fixture(scope="module")
def season(tmp_path_factory) -> Path:
    """The small corpus with 2026 reports of Alpha and Beta, then the contacts CSV imported."""
    tmp = tmp_path_factory.mktemp("contacts")
    db = tmp / "w.duckdb"
    wc.build(db, tmp)
    for agency, content in (("Sở Alpha", b"alpha-2026"), ("Sở Beta", b"beta-2026")):
        rec = wc.report(agency, 2026, posts_total=100, press_conferences=1)
        res = write_record(rec, content, original_name=rec.file, db=db, user=wc.LOADER)
        assert res.outcome == "loaded", res.message_vi
    import_csv(_csv(tmp, CONTACTS_CSV), db=db, user=wc.LOADER)
    return db


# --------------------------------------------------------------------------- the registry


def test_old_csv_without_contact_columns_imports_and_keeps_none(tmp_path):
    db = tmp_path / "w.duckdb"
    wc.build(db, tmp_path)  # warehouse_corpus.AGENCIES_CSV: no phone, no email column
    assert all(contact == (None, None) for contact in _contacts(db).values())
    listed = queries.agencies(db=db).set_index("agency_id")
    assert listed.loc["so-gamma", "phone"] is None and listed.loc["so-gamma", "email"] is None


def test_csv_with_contacts_stores_them_and_an_older_csv_leaves_them(tmp_path):
    db = tmp_path / "w.duckdb"
    wc.build(db, tmp_path)
    import_csv(_csv(tmp_path, CONTACTS_CSV), db=db, user=wc.LOADER)
    stored = _contacts(db)
    # Spaces tidied; an empty cell is no contact.
    assert stored["so-gamma"] == ("0229 3871 234", "vanphong.sogamma@hanam.gov.vn")
    assert stored["eta"] == (None, "bqleta@hanam.gov.vn")
    assert stored["huyen-delta"] == (None, None)
    listed = queries.agencies(db=db).set_index("agency_id")
    assert listed.loc["so-gamma", "phone"] == "0229 3871 234"
    assert listed.loc["eta", "email"] == "bqleta@hanam.gov.vn"

    # The registry file without the columns again (a renamed short name): contacts stay.
    import_csv(
        _csv(tmp_path, wc.AGENCIES_CSV.replace(",SG,", ",S.G,"), "old.csv"), db=db, user=wc.LOADER
    )
    assert _contacts(db)["so-gamma"] == ("0229 3871 234", "vanphong.sogamma@hanam.gov.vn")
    assert queries.agencies(db=db).set_index("agency_id").loc["so-gamma", "short_name"] == "S.G"

    # A file with only the phone column: Gamma's phone cleared, its e-mail kept.
    only_phone = f"{HEADER},phone\n{GAMMA},\n{DELTA},+84 912 345 678"
    import_csv(_csv(tmp_path, only_phone, "phone.csv"), db=db, user=wc.LOADER)
    stored = _contacts(db)
    assert stored["so-gamma"] == (None, "vanphong.sogamma@hanam.gov.vn")
    assert stored["huyen-delta"] == ("+84 912 345 678", None)


@pytest.mark.parametrize(
    ("column", "cell", "words"),
    [
        ("phone", "không có", "số điện thoại (cột phone) không hợp lệ"),
        ("phone", "0229 12", "số điện thoại (cột phone) không hợp lệ"),
        ("phone", "0229 3871 234 máy lẻ 12", "số điện thoại (cột phone) không hợp lệ"),
        ("email", "vanphong.hanam.gov.vn", "địa chỉ thư điện tử (cột email) không hợp lệ"),
        ("email", "a@b", "địa chỉ thư điện tử (cột email) không hợp lệ"),
    ],
)
def test_bad_contact_is_refused_with_the_line_in_vietnamese(tmp_path, column, cell, words):
    db = tmp_path / "w.duckdb"
    wc.build(db, tmp_path)
    text = f"{HEADER},{column}\n{DELTA},\n{GAMMA},{cell}"
    with pytest.raises(ContactError) as e:
        import_csv(_csv(tmp_path, text), db=db, user=wc.LOADER)
    assert e.value.user_message.startswith(f"Dòng 3 của tệp danh mục: {words}")
    assert cell not in e.value.user_message  # the cell is not echoed into rendered text
    assert all(contact == (None, None) for contact in _contacts(db).values())


def test_several_numbers_and_addresses_are_accepted(tmp_path):
    text = f"{HEADER},phone,email\n{GAMMA},0229.3871.234; 1900 1234,a@hanam.gov.vn;b@hanam.gov.vn"
    row = read_csv(_csv(tmp_path, text))[0]
    assert row["phone"] == "0229.3871.234; 1900 1234"
    assert row["email"] == "a@hanam.gov.vn; b@hanam.gov.vn"


def test_commune_import_keeps_a_units_contacts(tmp_path):
    db = tmp_path / "w.duckdb"
    wc.build(db, tmp_path)
    units.import_communes("Ninh Bình", db=db, user=wc.LOADER)
    kim_bang = "ubnd-13384"
    row = "UBND phường Kim Bảng,,,commune,UBND tỉnh Ninh Bình,Ninh Bình,2025-07-01,"
    contact = "0226 3820 111,ubndkimbang@ninhbinh.gov.vn"
    text = f"{HEADER},code,phone,email\n{kim_bang},{row},13384,{contact}"
    import_csv(_csv(tmp_path, text), db=db, user=wc.LOADER)
    done = units.import_communes("37", db=db, user=wc.LOADER)
    assert done.added == 0
    assert _contacts(db)[kim_bang] == ("0226 3820 111", "ubndkimbang@ninhbinh.gov.vn")


# --------------------------------------------------------------------------- the reminder list


def test_units_to_remind_carry_spokesperson_phone_and_email(season):
    rows = queries.units_to_remind(year=2026, db=season, on=TODAY).set_index("agency_id")
    assert sorted(rows.index) == ["eta", "huyen-delta", "so-gamma"]
    assert rows.loc["so-gamma", "phone"] == "0229 3871 234"
    assert rows.loc["so-gamma", "email"] == "vanphong.sogamma@hanam.gov.vn"
    assert rows.loc["eta", "phone"] is None and rows.loc["eta", "email"] == "bqleta@hanam.gov.vn"
    # Eta's 2023 report names its spokesperson; Delta never reported.
    assert rows.loc["eta", "spokesperson_name"] == "Trần Thị E"
    assert rows.loc["huyen-delta", ["spokesperson_name", "phone", "email"]].isna().all()


def test_reminder_dispatch_lists_each_units_contact(season):
    data = form_report.reminder_docx(year=2026, db=season, today=TODAY)
    doc = docx.Document(io.BytesIO(data))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    assert [c.text for c in table.rows[0].cells] == list(form_report.REMINDER_HEADERS)
    listed = {r.cells[1].text: [c.text for c in r.cells[2:]] for r in table.rows[1:]}
    assert listed["Sở Gamma"][1:] == ["0229 3871 234", "vanphong.sogamma@hanam.gov.vn"]
    assert listed["UBND huyện Delta"] == ["chưa có", "chưa có", "chưa có"]
    eta = listed[wc.ETA_NAME]
    assert eta[0].startswith("Trần Thị E") and eta[1:] == ["chưa có", "bqleta@hanam.gov.vn"]


# --------------------------------------------------------------------------- the pages


@pytest.mark.slow
def test_pages_show_the_contacts(season, tmp_path, monkeypatch):
    from conftest import ADMIN_PASSWORD, frame, goto, open_app

    from warehouse import auth

    monkeypatch.setenv("REPORTS_DB", str(season))
    if not any(u.username == "admin3" for u in auth.list_users(db=season)):
        auth.create_user(
            username="admin3", password=ADMIN_PASSWORD, role="admin", by="system", db=season
        )
    at = open_app(tmp_path, "xuat_bao_cao", "admin3", ADMIN_PASSWORD)
    at.sidebar.selectbox(key="filter_year").set_value(2026).run()
    assert not at.exception, at.exception
    listed = frame(at, "Điện thoại").set_index("Đơn vị")
    assert listed.loc["Sở Gamma", "Điện thoại"] == "0229 3871 234"
    assert listed.loc["Sở Gamma", "Thư điện tử"] == "vanphong.sogamma@hanam.gov.vn"
    assert listed.loc[wc.ETA_NAME, "Người phát ngôn"] == "Trần Thị E"
    assert listed.loc[wc.ETA_NAME, "Điện thoại"] == "chưa có"
    assert (listed.loc["UBND huyện Delta", ["Người phát ngôn", "Điện thoại", "Thư điện tử"]]
            == "chưa có").all()  # fmt: skip

    # Danh mục lists the registry's contacts too (and its CSV download with them).
    at = goto(at, "danh_muc")
    registry = frame(at, "Tên đơn vị").set_index("Tên đơn vị")
    assert registry.loc["Sở Gamma", "Điện thoại"] == "0229 3871 234"
    assert registry.loc["UBND huyện Delta", "Thư điện tử"] == "—"
