"""Derived values follow the effective values (issue 14, Deliver 3): after a reviewer corrected
posts_total 231 -> 1.252 the derived average stayed 19,3 (231 ÷ 12) everywhere and its rule failed.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
import pytest
from issue14_reports import EDITOR, build

from warehouse import export, queries
from warehouse.review import correct_field

REPORTS = {
    # 231 tin, bài in the year, no average stated: extraction derives 19,3.
    "alpha": (
        "Sở Alpha",
        2023,
        ["Trong năm 2023, Sở đã đăng tải 231 tin, bài trên trang thông tin điện tử của Sở."],
    ),
    # The same total with an average the report states: never recomputed.
    "beta": (
        "Sở Beta",
        2023,
        [
            "Trong năm 2023, Sở đã đăng tải 231 tin, bài trên trang thông tin điện tử của Sở, "
            "bình quân 19 tin, bài/tháng."
        ],
    ),
}


@pytest.fixture
def loaded(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    db = tmp_path / "w.duckdb"
    return db, build(db, tmp_path, REPORTS)


def _correct(db: Path, report_id: str, field: str, value) -> None:
    correct_field(
        report_id=report_id, field=field, new_value=value, reason="Theo phụ lục số liệu",
        user=EDITOR, db=db,
    )  # fmt: skip


def _shown(db: Path, agency_id: str) -> dict:
    """Return the average of an agency everywhere it is shown: facts, fields, rule, XLSX, DOCX."""
    table = queries.compliance_table(year=2023, db=db).set_index("agency_id").loc[agency_id]
    fields = queries.report_fields(report_id=table["report_id"], db=db).set_index("field")
    figures = queries.agency_figures(agency_id=agency_id, db=db).iloc[0]
    book = openpyxl.load_workbook(io.BytesIO(export.export_xlsx(year=2023, db=db)))
    sheet = book["Tuân thủ theo đơn vị"]
    headers = [c.value for c in sheet[export.HEADER_ROW]]
    row = next(
        r
        for r in sheet.iter_rows(min_row=export.HEADER_ROW + 1, values_only=True)
        if r[1] == table["agency"]
    )
    at = headers.index("Tin, bài bình quân/tháng")
    document = docx.Document(io.BytesIO(export.export_docx(year=2023, db=db)))
    per_agency = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    docx_row = next(r for r in per_agency.rows if r.cells[1].text == table["agency"])
    return {
        "facts": (table["posts_per_month"], bool(table["posts_per_month_derived"])),
        "fields": (
            fields.loc["posts_per_month", "value"],
            bool(fields.loc["posts_per_month", "derived"]),
        ),
        "figures": (figures["posts_per_month"], figures["posts_per_month_derived"]),
        "rule": table["posts_per_month_target"],
        "xlsx": (row[at], row[headers.index(export.DERIVED_HEADER)]),
        "docx": docx_row.cells[4].text,
        "docx_note": any("tính từ tổng số tin, bài" in p.text for p in document.paragraphs),
    }


def test_a_corrected_total_recomputes_the_derived_average_everywhere(loaded) -> None:
    db, ids = loaded
    before = _shown(db, "so-alpha")
    assert before["facts"] == (19.3, True) and before["rule"] == "fail"
    assert before["xlsx"] == (19.3, "tính từ tổng số tin, bài")

    _correct(db, ids["alpha"], "posts_total", "1.252")
    after = _shown(db, "so-alpha")
    assert after["facts"] == (104.3, True)  # 1.252 ÷ 12, rounded as extraction rounds
    assert after["fields"] == (104.3, True)
    assert after["figures"] == (104.3, True)
    assert after["rule"] == "pass"  # the target of 20 a month is met
    assert after["xlsx"] == (104.3, "tính từ tổng số tin, bài")
    assert after["docx"] == "104,3*" and after["docx_note"]
    shown = queries.report_fields(report_id=ids["alpha"], db=db).set_index("field")
    assert shown.loc["posts_per_month", "original_value"] == 19.3  # the record keeps it


def test_a_stated_average_is_not_recomputed(loaded) -> None:
    db, ids = loaded
    _correct(db, ids["beta"], "posts_total", 1252)
    shown = _shown(db, "so-beta")
    assert shown["facts"] == (19.0, False)
    assert shown["fields"] == (19, False)
    assert shown["rule"] == "fail"
    assert shown["xlsx"] == (19, None)
    assert shown["docx"] == "19"


def test_correcting_the_average_itself_wins(loaded) -> None:
    db, ids = loaded
    _correct(db, ids["alpha"], "posts_per_month", 15)
    _correct(db, ids["alpha"], "posts_total", 2400)  # a later total does not override it
    shown = _shown(db, "so-alpha")
    assert shown["facts"] == (15.0, False)
    assert shown["fields"] == (15, False)
    assert shown["rule"] == "fail"
    assert shown["xlsx"] == (15, None)
    # Clearing the reviewer's average makes it derived again, from the effective total.
    _correct(db, ids["alpha"], "posts_per_month", None)
    assert _shown(db, "so-alpha")["facts"] == (200.0, True)
