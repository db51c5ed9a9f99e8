"""Names by period and successors in the registry (issue 15): a 2020 report is from "UBND huyện
Kim Bảng", not the thị xã it became on 1/1/2025 (Nghị quyết 1288/NQ-UBTVQH15); Duy Tiên was a
huyện until 31/5/2020 (Nghị quyết 931/NQ-UBTVQH14)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import warehouse_corpus as wc
from conftest import add_user

from ingest.periods import period_end
from ingest.record import ExtractedReport
from ingest.registry import Registry
from warehouse import export, queries
from warehouse.db import connect
from warehouse.load import write_record
from warehouse.registry import RegistryFileError, import_csv, read_csv, registry

COLUMNS = "id,name,short_name,aliases,type,parent,province,valid_from,valid_to"
AGENCIES = f"""{COLUMNS},code,successor,former_names
ubnd-thi-xa-kim-bang,Ủy ban nhân dân thị xã Kim Bảng,UBND thị xã Kim Bảng,UBND huyện Kim Bảng,\
district,UBND tỉnh Hà Nam,Hà Nam,1997-01-01,2025-06-30,,ubnd-13384,\
Ủy ban nhân dân huyện Kim Bảng@2024-12-31
ubnd-thi-xa-duy-tien,Ủy ban nhân dân thị xã Duy Tiên,UBND thị xã Duy Tiên,,district,\
UBND tỉnh Hà Nam,Hà Nam,1997-01-01,2025-06-30,,,Ủy ban nhân dân huyện Duy Tiên@2020-05-31
so-y-te,Sở Y tế,SYT,,department,UBND tỉnh Hà Nam,Hà Nam,1997-01-01,2025-06-30,,,
"""
KIM_BANG = "ubnd-thi-xa-kim-bang"
OLD_KIM_BANG = "Ủy ban nhân dân huyện Kim Bảng"
NEW_KIM_BANG = "Ủy ban nhân dân thị xã Kim Bảng"


def _report(registry: Registry, agency: str, year: int, period: str) -> ExtractedReport:
    """Return a report record matched as extraction would against the warehouse's registry
    (whose aliases include the former names)."""
    return ExtractedReport(
        file=f"{agency}-{year}-{period}.docx",
        format="docx",
        status="ok",
        doc_type="report",
        fields={
            "agency": wc.fv(agency, paragraph=1),
            "province": wc.fv("Hà Nam", paragraph=1),
            "year": wc.fv(year, f"năm {year}", paragraph=5),
            "period": wc.fv(period, f"năm {year}", paragraph=5),
        },
        agency_match=registry.resolve(agency, on=period_end(year, period), province="Hà Nam"),
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("names")
    path = tmp / "w.duckdb"
    add_user(path, "quantri", "admin")
    (tmp / "agencies.csv").write_text(AGENCIES, encoding="utf-8")
    with wc.on_day(date(2025, 8, 1)):
        import_csv(tmp / "agencies.csv", db=path, user="quantri")
        for agency, year, period in [
            ("UBND huyện Kim Bảng", 2020, "year"),
            ("Ủy ban nhân dân huyện Duy Tiên", 2019, "year"),
            ("UBND thị xã Kim Bảng", 2025, "h1"),
        ]:
            rec = _report(registry(db=path), agency, year, period)
            done = write_record(
                rec,
                rec.file.encode(),
                original_name=rec.file,
                db=path,
                user="quantri",
                received_at=datetime(year, 12, 1) if period == "year" else datetime(2025, 7, 5),
            )
            assert done.outcome == "loaded", done
    return path


@pytest.mark.parametrize(
    ("agency_id", "year", "period", "name"),
    [
        (KIM_BANG, 2020, "year", OLD_KIM_BANG),
        (KIM_BANG, 2024, "year", OLD_KIM_BANG),
        (KIM_BANG, 2025, "h1", NEW_KIM_BANG),
        ("ubnd-thi-xa-duy-tien", 2019, "year", "Ủy ban nhân dân huyện Duy Tiên"),
        ("ubnd-thi-xa-duy-tien", 2020, "q1", "Ủy ban nhân dân huyện Duy Tiên"),
        ("ubnd-thi-xa-duy-tien", 2020, "h1", "Ủy ban nhân dân thị xã Duy Tiên"),
        ("so-y-te", 2020, "year", "Sở Y tế"),
        ("khong-co", 2020, "year", None),
    ],
)
def test_name_in_period(db: Path, agency_id, year, period, name):
    assert queries.name_in_period(agency_id=agency_id, year=year, period=period, db=db) == name


def test_listings_and_exports_name_the_agency_of_the_period(db: Path):
    listed = queries.completeness(year=2020, db=db)
    names = dict(zip(listed["agency_id"], listed["agency"], strict=True))
    assert names[KIM_BANG] == OLD_KIM_BANG
    assert names["ubnd-thi-xa-duy-tien"] == "Ủy ban nhân dân thị xã Duy Tiên"  # since 1/6/2020
    table = queries.compliance_table(year=2019, db=db).set_index("agency_id")
    assert table.loc["ubnd-thi-xa-duy-tien", "agency"] == "Ủy ban nhân dân huyện Duy Tiên"
    assert table.loc[KIM_BANG, "agency"] == OLD_KIM_BANG
    text = export.export("csv", year=2020, db=db).decode("utf-8-sig")
    assert OLD_KIM_BANG in text and NEW_KIM_BANG not in text
    h1 = queries.completeness(year=2025, period="h1", db=db).set_index("agency_id")
    assert h1.loc[KIM_BANG, "agency"] == NEW_KIM_BANG


def test_the_agency_page_history_names_each_period(db: Path):
    history = queries.agency_history(agency_id=KIM_BANG, db=db)
    assert dict(zip(history["year"], history["agency"], strict=True)) == {
        2025: NEW_KIM_BANG,
        2020: OLD_KIM_BANG,
    }


def test_a_former_name_still_matches_and_the_registry_keeps_code_and_successor(db: Path):
    registry = queries.agencies(db=db).set_index("agency_id")
    assert OLD_KIM_BANG in registry.loc[KIM_BANG, "aliases"]
    assert registry.loc[KIM_BANG, "successor"] == "ubnd-13384"
    assert registry.loc["so-y-te", "successor"] is None
    with connect(db, read_only=True) as con:
        rows = con.execute("SELECT agency_id, name, valid_to FROM agency_names").fetchall()
    assert sorted(rows) == [
        ("ubnd-thi-xa-duy-tien", "Ủy ban nhân dân huyện Duy Tiên", date(2020, 5, 31)),
        (KIM_BANG, OLD_KIM_BANG, date(2024, 12, 31)),
    ]


@pytest.mark.parametrize(
    "cell", ["UBND huyện Kim Bảng", "UBND huyện Kim Bảng@31/12/2024", "@2024-12-31"]
)
def test_a_former_name_without_its_last_day_is_refused(tmp_path: Path, cell: str):
    path = tmp_path / "agencies.csv"
    path.write_text(
        f"{COLUMNS},former_names\nx,UBND thị xã X,,,district,,Hà Nam,,,{cell}\n", encoding="utf-8"
    )
    with pytest.raises(RegistryFileError, match="former name"):
        read_csv(path)


def test_a_registry_without_the_new_columns_still_imports(tmp_path: Path):
    path = tmp_path / "agencies.csv"
    path.write_text(f"{COLUMNS}\nx,Sở X,,,department,,Hà Nam,2000-01-01,\n", encoding="utf-8")
    (row,) = read_csv(path)
    assert (row["code"], row["successor"], row["former_names"]) == (None, None, [])
