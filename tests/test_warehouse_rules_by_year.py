"""Rules by period and agency type (issue 14, Deliver 4): the Decree 244/2026 form exists only for
reporting years under it, and a rule that sets no obligation says "Không áp dụng", never "Đạt".

Seen: the form's indicators showed for 2019 and 2020 ("0/0") in the app, the XLSX and the DOCX for
UBND tỉnh; a press-conference rule whose minimum is 0 showed "Đạt" for departments that held none.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
import pytest
import warehouse_corpus as wc
from conftest import ADMIN_PASSWORD, frame, goto, open_app
from issue14_reports import build

from ingest.periods import FORM_FROM_YEAR, under_form
from ingest.record import FIELD_LABELS, FORM_FIELDS
from ui.tables import compliance_display
from warehouse import export, queries
from warehouse.rules import set_threshold

# Text a pre-2026 report may well contain (a briefing count, a ratio of answered requests):
# extraction reads form values from it, which must not make the form appear for its year.
FORM_LINES = [
    "Số lần đưa thông tin tại giao ban báo chí: 05.",
    "Yêu cầu của báo chí đã trả lời/đã tiếp nhận: 14/15.",
]
NO_PRESS = "Trong năm, Sở không tổ chức họp báo."
POSTS = "Sở đã đăng tải 300 tin, bài trên trang thông tin điện tử của Sở."
REPORTS = {
    "gamma-2019": ("Sở Gamma", 2019, [POSTS, *FORM_LINES]),
    "gamma-2020": ("Sở Gamma", 2020, [POSTS, *FORM_LINES]),
    "alpha-2023": ("Sở Alpha", 2023, [POSTS, NO_PRESS, "Người phát ngôn: ông Trần An."]),
    "gamma-2026": ("Sở Gamma", 2026, [POSTS, *FORM_LINES]),
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("by_year")
    db = tmp / "w.duckdb"
    return db, build(db, tmp, REPORTS)


def _exports(db: Path, year: int) -> tuple[openpyxl.Workbook, str]:
    book = openpyxl.load_workbook(io.BytesIO(export.export_xlsx(year=year, db=db)))
    document = docx.Document(io.BytesIO(export.export_docx(year=year, db=db)))
    return book, "\n".join(p.text for p in document.paragraphs)


def test_the_form_year_is_defined_once() -> None:
    assert FORM_FROM_YEAR == 2026
    assert [under_form(y) for y in (2019, 2025, 2026, None)] == [False, False, True, False]


@pytest.mark.parametrize("year", [2019, 2020])
def test_no_form_before_decree_244_even_when_the_text_yields_values(loaded, year: int) -> None:
    db, ids = loaded
    report_id = ids[f"gamma-{year}"]
    assert queries.form_indicators(year=year, db=db).empty
    assert not set(FORM_FIELDS) & set(queries.report_fields(report_id=report_id, db=db)["field"])
    figures = queries.agency_figures(agency_id="so-gamma", db=db).set_index("year")
    assert figures.loc[year, list(FORM_FIELDS)].isna().all()
    book, text = _exports(db, year)
    assert export.FORM_SHEET not in book.sheetnames
    summary = {r[0] for r in book["Tổng hợp"].iter_rows(values_only=True)}
    assert not summary & {FIELD_LABELS[name] for name in FORM_FIELDS}
    assert not any("NĐ 244" in str(line) for line in summary)
    assert "mẫu Nghị định 244" not in text


def test_the_form_shows_from_2026(loaded) -> None:
    db, ids = loaded
    rows = queries.form_indicators(year=2026, db=db)
    assert rows.set_index("agency").loc["Sở Gamma", "briefings"] == 5
    fields = queries.report_fields(report_id=ids["gamma-2026"], db=db)
    assert set(FORM_FIELDS) <= set(fields["field"])
    book, text = _exports(db, 2026)
    assert export.FORM_SHEET in book.sheetnames
    summary = dict(r[:2] for r in book["Tổng hợp"].iter_rows(values_only=True))
    assert summary["Số báo cáo nêu chỉ tiêu theo mẫu NĐ 244/2026"] == 1
    assert "mẫu Nghị định 244/2026/NĐ-CP (1 cơ quan nêu trong báo cáo)" in text
    assert "số liệu từ 15/12/2025 đến 14/12/2026" in text


def test_no_press_conference_is_not_applicable_for_a_department(loaded) -> None:
    db, _ = loaded
    table = queries.compliance_table(year=2023, db=db).set_index("agency_id")
    assert table.loc["so-alpha", "press_conferences"] == 0
    assert table.loc["so-alpha", "press_conferences_min"] == "not_applicable"
    shown = compliance_display(table.reset_index(), queries.rules(db=db)).set_index("Đơn vị")
    press = next(c for c in shown.columns if "họp báo" in c)
    assert shown.loc["Sở Alpha", press] == "Không áp dụng"
    # ... and the agency is still on the "Chưa họp báo" list.
    no_press = queries.no_press_conferences(year=2023, db=db).set_index("agency_id")
    assert no_press.loc["so-alpha", "category"] == "zero"
    book, _ = _exports(db, 2023)
    sheet = book["Tuân thủ theo đơn vị"]
    headers = [c.value for c in sheet[export.HEADER_ROW]]
    row = next(
        r
        for r in sheet.iter_rows(min_row=export.HEADER_ROW + 1, values_only=True)
        if r[1] == "Sở Alpha"
    )
    assert row[headers.index("Tổ chức họp báo đạt số lần tối thiểu")] == "Không áp dụng"
    assert "Sở Alpha" in [r[1] for r in book["Chưa họp báo"].iter_rows(values_only=True)]


def test_a_provincial_minimum_for_departments_is_judged(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    build(db, tmp_path, {"alpha-2023": REPORTS["alpha-2023"]})
    set_threshold(
        rule_id="press_conferences_min", agency_type="department", threshold=1, from_year=2023,
        reason="Quy chế của tỉnh: mỗi sở họp báo ít nhất 1 lần/năm", by=wc.LOADER, db=db,
    )  # fmt: skip
    table = queries.compliance_table(year=2023, db=db).set_index("agency_id")
    assert table.loc["so-alpha", "press_conferences_min"] == "fail"
    assert table.loc["so-alpha", "overall"] == "fail"
    shown = compliance_display(table.reset_index(), queries.rules(db=db)).set_index("Đơn vị")
    press = next(c for c in shown.columns if "họp báo" in c)
    assert shown.loc["Sở Alpha", press] == "Chưa đạt"


def test_the_overview_shows_no_form_for_2019(loaded, tmp_path: Path, monkeypatch) -> None:

    from warehouse import auth

    db, _ = loaded
    monkeypatch.setenv("REPORTS_DB", str(db))
    auth.create_user(username="quantri", password=ADMIN_PASSWORD, role="admin", by="system", db=db)
    at = open_app(tmp_path, "tong_quan", "quantri", ADMIN_PASSWORD)
    at.sidebar.selectbox(key="filter_year").set_value(2019).run()
    assert not at.exception, at.exception
    assert not any("Nghị định 244" in h.value for h in at.subheader)
    at.sidebar.selectbox(key="filter_year").set_value(2026).run()
    assert any(h.value == "Chỉ tiêu theo mẫu Nghị định 244/2026/NĐ-CP" for h in at.subheader)
    at = goto(at, "don_vi")
    at.selectbox(key="agency_pick").select("so-gamma").run()
    figures = frame(at, "Kỳ báo cáo").set_index("Kỳ báo cáo")
    assert figures.loc["Năm 2026", "Số lần đưa thông tin tại giao ban báo chí"] == "5"
    assert figures.loc["Năm 2019", "Số lần đưa thông tin tại giao ban báo chí"] == "—"
