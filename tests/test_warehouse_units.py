"""Commune-level units of any of the 34 provinces, imported from the national list (issue 15)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
import vietnam_provinces
import warehouse_corpus as wc
from conftest import add_user

from ingest.record import ExtractedReport
from warehouse import auth, registry, units
from warehouse.db import connect
from warehouse.load import write_record


def _national() -> list[dict]:
    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as f:
        return json.load(f)


def test_the_national_list_has_34_provinces_and_3321_units():
    assert len(units.provinces()) == 34
    assert sum(len(p.units) for p in units.provinces()) == 3321
    assert [p.code for p in units.provinces()] == [f"{p['code']:02d}" for p in _national()]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Ninh Bình", "37"),
        ("tỉnh Ninh Bình", "37"),
        ("ninh binh", "37"),
        ("37", "37"),
        ("Hà Nội", "01"),
        ("Thành phố Hà Nội", "01"),
        ("TP Hồ Chí Minh", None),  # an abbreviation is not guessed
        ("Hà Nam", None),  # merged into Ninh Bình on 1/7/2025
        ("99", None),
    ],
)
def test_province_by_name_or_code(written, code):
    if code is None:
        with pytest.raises(units.UnknownProvince):
            units.province(written)
    else:
        assert units.province(written).code == code


def test_registry_rows_of_a_commune_and_a_special_zone():
    rows = {r["code"]: r for r in units.registry_rows(units.province("Ninh Bình"))}
    kim_bang = rows["13384"]  # Phường Kim Bảng in the national list
    assert kim_bang["id"] == "ubnd-13384"
    assert kim_bang["name"] == "UBND phường Kim Bảng"
    assert {"Ủy ban nhân dân phường Kim Bảng", "Phường Kim Bảng"} <= set(kim_bang["aliases"])
    assert "Ủy ban nhân dân phường Kim Bảng, tỉnh Ninh Bình" in kim_bang["aliases"]
    assert kim_bang["parent"] == "UBND tỉnh Ninh Bình"
    zone = next(
        r for r in units.registry_rows(units.province("Quảng Ninh")) if "Cô Tô" in r["name"]
    )
    assert zone["name"] == "UBND đặc khu Cô Tô"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    for name, role in (("quantri", "admin"), ("sua", "editor"), ("xem", "viewer")):
        add_user(path, name, role)
    return path


def _communes(db: Path) -> list[tuple]:
    with connect(db, read_only=True) as con:
        return con.execute(
            "SELECT id, name, type, province, code, valid_from, valid_to FROM agencies "
            "WHERE type = 'commune' ORDER BY id"
        ).fetchall()


def test_ninh_binh_gives_129_units_and_a_second_import_changes_nothing(db: Path):
    done = units.import_communes("Ninh Bình", db=db, user="quantri")
    assert (done.province, done.added, done.updated, done.unchanged) == ("Ninh Bình", 129, 0, 0)
    rows = _communes(db)
    assert len(rows) == 129
    kinds = Counter(name.split()[1] for _, name, *_ in rows)
    assert kinds == {"xã": 97, "phường": 32}
    assert {(t, p, f, to) for _, _, t, p, _, f, to in rows} == {
        ("commune", "Ninh Bình", date(2025, 7, 1), None)
    }
    assert {c for *_, c, _, _ in rows} == {u.code for u in units.province("37").units}

    again = units.import_communes("37", db=db, user="quantri")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 129)
    assert _communes(db) == rows
    with connect(db, read_only=True) as con:
        audit = con.execute(
            "SELECT \"user\", detail FROM audit WHERE action = 'commune_import' ORDER BY id"
        ).fetchall()
        aliases = con.execute("SELECT count(*) FROM agency_aliases").fetchone()[0]
    assert [u for u, _ in audit] == ["quantri", "quantri"]
    assert {"province": "Ninh Bình", "added": 129}.items() <= json.loads(audit[0][1]).items()
    assert json.loads(audit[1][1])["added"] == 0
    assert aliases == 129 * 4


def test_a_unit_changed_by_hand_is_updated_back(db: Path):
    units.import_communes("Ninh Bình", db=db, user="quantri")
    with connect(db) as con:
        con.execute("UPDATE agencies SET name = 'UBND xã Sai' WHERE id = 'ubnd-13384'")
    again = units.import_communes("Ninh Bình", db=db, user="quantri")
    assert (again.added, again.updated, again.unchanged) == (0, 1, 128)
    with connect(db, read_only=True) as con:
        name = con.execute("SELECT name FROM agencies WHERE id = 'ubnd-13384'").fetchone()[0]
    assert name == "UBND phường Kim Bảng"


@pytest.mark.parametrize("user", ["sua", "xem", "khong-co"])
def test_only_an_admin_imports_communes(db: Path, user: str):
    with pytest.raises(auth.PermissionDenied):
        units.import_communes("Ninh Bình", db=db, user=user)
    assert _communes(db) == []
    with connect(db, read_only=True) as con:
        assert not con.execute(
            "SELECT count(*) FROM audit WHERE action = 'commune_import'"
        ).fetchone()[0]


def test_units_are_expected_in_the_2026_season(db: Path):
    with wc.on_day(date(2026, 12, 6)):
        units.import_communes("Ninh Bình", db=db, user="quantri")
    with connect(db, read_only=True) as con:
        years = con.execute(
            "SELECT year, count(*) FROM expected_reports e JOIN agencies a ON a.id = e.agency_id "
            "WHERE a.type = 'commune' GROUP BY year ORDER BY year"
        ).fetchall()
    assert years == [(2026, 129)]  # the working year on 6/12/2026 (due 20/12)


def test_a_report_waiting_for_its_commune_is_placed_by_the_import(db: Path):
    fields = {
        "agency": wc.fv("UBND xã Gia Viễn", paragraph=1),
        "province": wc.fv("Ninh Bình", paragraph=1),
        "year": wc.fv(2026, "năm 2026", paragraph=5),
        "period": wc.fv("year", "năm 2026", paragraph=5),
    }
    rec = ExtractedReport(
        file="gia-vien-2026.docx",
        format="docx",
        status="ok",
        doc_type="report",
        fields=fields,
        agency_match=registry.registry(db=db).resolve(
            "UBND xã Gia Viễn", on=date(2026, 12, 31), province="Ninh Bình"
        ),
    )
    with wc.on_day(date(2026, 12, 6)):
        waiting = write_record(
            rec,
            b"gia-vien",
            original_name=rec.file,
            db=db,
            user="quantri",
            received_at=datetime(2026, 12, 5, 9, 0),
        )
        assert waiting.outcome == "unmatched_agency"
        done = units.import_communes("Ninh Bình", db=db, user="quantri")
    assert len(done.placed) == 1 and done.placed[0].startswith("ubnd-14464:2026:year")


def test_cli_imports_a_province_by_name_and_refuses_an_old_one(db: Path, capsys):
    from warehouse.__main__ import main

    assert main(["registry", "communes", "--province", "Ninh Bình", "--db", str(db)]) == 0
    assert capsys.readouterr().out.strip() == (
        "Ninh Bình (37): 129 commune-level units (129 added, 0 updated, 0 unchanged); "
        "0 waiting report(s) now placed"
    )
    assert main(["registry", "communes", "--province", "Hà Nam", "--db", str(db)]) == 2
    assert "Không có tỉnh, thành phố này" in capsys.readouterr().err
