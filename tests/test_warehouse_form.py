"""The Decree 244/2026 form's indicators: stored as typed facts, added up per period keeping each
ratio's numerator and denominator, corrected like any value, shown and exported."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
import pytest
import warehouse_corpus as wc
from conftest import ADMIN_PASSWORD, add_user, frame, open_app

from ingest.record import FIELD_LABELS, FORM_FIELDS, RATIOS
from warehouse import export, queries
from warehouse.load import write_record
from warehouse.review import InvalidCorrection, coerce_value, correct_field

# Sở Alpha states every indicator; Sở Beta answers 3 of 3 requests but says nothing of their
# deadlines and states only the on-time count (no total): that ratio leaves it out. Item (6) is a
# ratio too (issue 3/7): Beta's lone count of correction requests is left out the same way.
ALPHA = {"briefings": 5, "press_requests_answered": 14, "press_requests_received": 15}
ALPHA |= {"incidents_spoken": 2, "incidents_total": 3, "answers_on_time": 13}
ALPHA |= {"answers_total": 14, "correction_requests": 0, "corrections_total": 0}
BETA = {"briefings": 2, "press_requests_answered": 3, "press_requests_received": 3}
BETA |= {"answers_on_time": 3, "correction_requests": 2}


def _report_2026(agency: str, values: dict[str, int]):
    rec = wc.report(agency, 2026, posts_total=100, press_conferences=1)
    for name, value in values.items():
        rec.fields[name] = wc.fv(value, f"{name} | {value}", paragraph=12)
    return rec


@pytest.fixture
def built(tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    wc.build(db, tmp_path)
    for agency, values in (("Sở Alpha", ALPHA), ("Sở Beta", BETA)):
        res = write_record(
            _report_2026(agency, values), agency.encode(), original_name=f"{agency}.docx",
            db=db, user=wc.LOADER,
        )  # fmt: skip
        assert res.outcome == "loaded", res.message_vi
    add_user(db, "bien.tap")
    return db


def test_indicators_and_province_totals_keep_both_terms(built: Path):
    rows = queries.form_indicators(year=2026, db=built)
    assert list(rows["agency"]) == ["Sở Alpha", "Sở Beta"]
    assert rows.set_index("agency").loc["Sở Alpha", list(FORM_FIELDS)].tolist() == [
        ALPHA[n] for n in FORM_FIELDS
    ]
    assert rows.set_index("agency")["incidents_total"].isna().tolist() == [False, True]
    totals = queries.form_totals(rows)
    assert totals["reports"] == 2 and totals["briefings"] == 7
    assert (totals["press_requests_answered"], totals["press_requests_received"]) == (17, 18)
    assert (totals["incidents_spoken"], totals["incidents_total"]) == (2, 3)
    # Beta's 3 on time without a total would make 16/14: only reports stating both count.
    assert (totals["answers_on_time"], totals["answers_total"]) == (13, 14)
    assert totals["answers_on_time_reports"] == 1
    assert (totals["correction_requests"], totals["corrections_total"]) == (0, 0)
    assert totals["correction_requests_reports"] == 1
    # Years before the form have none of them.
    assert queries.form_indicators(year=2023, db=built).empty


def test_a_corrected_indicator_counts_and_is_kept_beside_the_original(built: Path):
    beta = queries.form_indicators(year=2026, db=built).set_index("agency").loc["Sở Beta"]
    fixed = correct_field(
        report_id=beta["report_id"], field="answers_total", new_value="4",
        reason="Bảng số liệu kèm theo", user="bien.tap", db=built,
    )  # fmt: skip
    assert (fixed.old_value, fixed.new_value) == (None, 4)
    totals = queries.form_totals(queries.form_indicators(year=2026, db=built))
    assert (totals["answers_on_time"], totals["answers_total"]) == (16, 18)
    shown = queries.report_fields(report_id=beta["report_id"], db=built).set_index("field")
    assert shown.loc["answers_total", "value"] == 4 and bool(
        shown.loc["answers_total", "corrected"]
    )
    assert list(shown.index[-len(FORM_FIELDS) :]) == list(FORM_FIELDS)


def test_reports_before_the_form_do_not_list_its_fields(built: Path):
    old = queries.form_indicators(year=2026, db=built)  # a 2026 report lists them all
    assert set(FORM_FIELDS) <= set(
        queries.report_fields(report_id=old["report_id"].iloc[0], db=built)["field"]
    )
    before = queries.compliance_table(year=2023, db=built)["report_id"].dropna().iloc[0]
    assert not set(FORM_FIELDS) & set(queries.report_fields(report_id=before, db=built)["field"])


@pytest.mark.parametrize(
    ("value", "expected"), [("14", 14), ("1.126", 1126), (0, 0), ("", None), (None, None)]
)
def test_indicator_corrections_are_whole_numbers(value, expected):
    assert coerce_value("answers_total", value) == expected


@pytest.mark.parametrize("value", ["-1", "2,5", "mười"])
def test_bad_indicator_corrections_are_refused(value):
    with pytest.raises(InvalidCorrection):
        coerce_value("press_requests_received", value)


def test_exports_carry_the_form_sheet_and_sentence(built: Path):
    book = openpyxl.load_workbook(io.BytesIO(export.export_xlsx(year=2026, db=built)))
    sheet = book[export.FORM_SHEET]
    rows = [list(r) for r in sheet.iter_rows(min_row=export.HEADER_ROW, values_only=True)]
    assert rows[0][:3] == ["STT", "Cơ quan", "Số lần đưa thông tin tại giao ban báo chí"]
    assert rows[1][:7] == [1, "Sở Alpha", 5, 14, 15, pytest.approx(14 / 15), 2]
    assert rows[-1][1:6] == ["Toàn tỉnh", 7, 17, 18, pytest.approx(17 / 18)]
    assert sheet.cell(row=export.HEADER_ROW + 1, column=6).number_format == "0.0%"
    # Every indicator of the field table's form group has its column, by its label.
    assert {FIELD_LABELS[name] for name in FORM_FIELDS} <= set(rows[0])
    rates = [j for j, h in enumerate(rows[0], 1) if h.startswith("Tỷ lệ")]
    assert len(rates) == len(RATIOS)
    assert all(
        sheet.cell(row=export.HEADER_ROW + 1, column=j).number_format == "0.0%" for j in rates
    )
    summary = dict(r[:2] for r in book["Tổng hợp"].iter_rows(values_only=True))
    assert summary["Yêu cầu của báo chí đã trả lời"] == 17
    assert summary["Số báo cáo nêu chỉ tiêu theo mẫu NĐ 244/2026"] == 2
    older = openpyxl.load_workbook(io.BytesIO(export.export_xlsx(year=2023, db=built)))
    assert export.FORM_SHEET not in older.sheetnames
    text = "\n".join(
        p.text
        for p in docx.Document(io.BytesIO(export.export_docx(year=2026, db=built))).paragraphs
    )
    assert "Chỉ tiêu theo mẫu Nghị định 244/2026/NĐ-CP (2 cơ quan nêu trong báo cáo)" in text
    assert "yêu cầu của báo chí đã trả lời/đã tiếp nhận: 17/18 (94,4%)" in text


def _app(db: Path, tmp_path: Path, monkeypatch, page: str):
    """Return the app on ``db``, logged in as an admin, on ``page``."""

    from warehouse import auth

    monkeypatch.setenv("REPORTS_DB", str(db))
    auth.create_user(username="admin2", password=ADMIN_PASSWORD, role="admin", by="system", db=db)
    return open_app(tmp_path, page, "admin2", ADMIN_PASSWORD)


def test_overview_shows_the_form_indicators(built: Path, tmp_path: Path, monkeypatch):
    at = _app(built, tmp_path, monkeypatch, "tong_quan")
    at.sidebar.selectbox(key="filter_year").set_value(2026).run()
    assert not at.exception, at.exception
    assert any(h.value == "Chỉ tiêu theo mẫu Nghị định 244/2026/NĐ-CP" for h in at.subheader)
    table = frame(at, "Yêu cầu của báo chí đã trả lời/đã tiếp nhận").set_index("Đơn vị")
    assert table.loc["Toàn tỉnh", "Yêu cầu của báo chí đã trả lời/đã tiếp nhận"] == "17/18 (94,4%)"
    assert table.loc["Sở Beta", "Trả lời đúng thời hạn/tổng số yêu cầu"] == "—"
    at.sidebar.selectbox(key="filter_year").set_value(2023).run()
    assert not any("Nghị định 244" in h.value for h in at.subheader)


def test_agency_page_lists_the_indicators_per_period(built: Path, tmp_path: Path, monkeypatch):
    at = _app(built, tmp_path, monkeypatch, "don_vi")
    at.selectbox(key="agency_pick").select("so-beta").run()
    assert not at.exception, at.exception
    figures = frame(at, "Kỳ báo cáo").set_index("Kỳ báo cáo")
    assert figures.loc["Năm 2026", "Yêu cầu của báo chí đã trả lời/đã tiếp nhận"] == "3/3 (100%)"
    assert figures.loc["Năm 2026", "Số lần đưa thông tin tại giao ban báo chí"] == "2"
    assert figures.loc["Năm 2023", "Trả lời đúng thời hạn/tổng số yêu cầu"] == "—"
