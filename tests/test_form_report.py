"""The 2026 season's province documents (issue 3/7): the receiving department per period, the
province's Điều 10 report to Bộ VHTTDL (DOCX draft + XLSX annex) and the reminder dispatch, read
back with python-docx and openpyxl from a real warehouse."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
import warehouse_corpus as wc

from ingest.record import RATIOS
from warehouse import export, form_report, queries
from warehouse.labels import FORM_RATIO_LABELS
from warehouse.load import write_record
from warehouse.remarks import OTHER_ADDRESSEE, addressee, merge_similar
from warehouse.rules import load_config

# As in test_warehouse_form: Alpha states every indicator, Beta answers 3 of 3 requests and gives
# no total for the on-time answers. The province: 17/18 from 14/15 + 3/3, over 2 reports.
ALPHA = {"briefings": 5, "press_requests_answered": 14, "press_requests_received": 15}
ALPHA |= {"incidents_spoken": 2, "incidents_total": 3, "answers_on_time": 13}
ALPHA |= {"answers_total": 14, "correction_requests": 0}
BETA = {"briefings": 2, "press_requests_answered": 3, "press_requests_received": 3}
BETA |= {"answers_on_time": 3}
KIEM_NHIEM = "Đội ngũ cán bộ làm công tác phát ngôn còn kiêm nhiệm"
ALPHA_TEXTS = {
    "limitations": f"- {KIEM_NHIEM}.\n- Kinh phí cho công tác thông tin còn hạn chế.",
    "recommendations": [
        "Đề nghị Bộ Văn hóa, Thể thao và Du lịch ban hành hướng dẫn gửi báo cáo điện tử.",
        "Đề nghị UBND tỉnh bố trí kinh phí cho công tác thông tin.",
    ],
}
BETA_TEXTS = {
    "limitations": f"{KIEM_NHIEM}, chưa qua đào tạo",
    "recommendations": [
        "Kiến nghị UBND tỉnh bố trí kinh phí cho công tác thông tin.",
        "Đề nghị các cơ quan báo chí phản ánh khách quan, chính xác.",
        "Đề nghị bổ sung biên chế cho bộ phận văn phòng.",
    ],
}
TODAY = date(2026, 12, 10)


def _report_2026(agency: str, values: dict[str, int], texts: dict):
    rec = wc.report(
        agency,
        2026,
        posts_total=100,
        press_conferences=1,
        recommendations=texts["recommendations"],
    )
    for name, value in values.items():
        rec.fields[name] = wc.fv(value, f"{name} | {value}", paragraph=12)
    rec.fields["limitations"] = wc.fv(texts["limitations"], paragraph=14)
    return rec


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("season")
    db = tmp / "w.duckdb"
    wc.build(db, tmp)
    records = [
        (_report_2026("Sở Alpha", ALPHA, ALPHA_TEXTS), b"alpha-2026"),
        (_report_2026("Sở Beta", BETA, BETA_TEXTS), b"beta-2026"),
        (wc.report("Sở Alpha", 2020, posts_total=50), b"alpha-2020"),
    ]
    for rec, content in records:
        res = write_record(rec, content, original_name=rec.file, db=db, user=wc.LOADER)
        assert res.outcome == "loaded", res.message_vi
    return db


def _column(table, j: int) -> str:
    """Return the text of one column of a table, row after row (the header's two rows)."""
    return "\n".join(row.cells[j].text for row in table.rows)


def _docx_text(data: bytes) -> tuple[docx.document.Document, str]:
    doc = docx.Document(io.BytesIO(data))
    return doc, "\n".join(p.text for p in doc.paragraphs)


# --------------------------------------------------------------------------- department per period


@pytest.mark.parametrize(
    ("year", "period", "short", "province"),
    [
        (2020, "year", "Sở TT&TT", "Hà Nam"),
        (2024, "year", "Sở TT&TT", "Hà Nam"),
        (2025, "q1", "Sở VHTTDL", "Hà Nam"),  # Sở TT&TT merged into Sở KH&CN from 1/3/2025
        (2025, "h1", "Sở VHTTDL", "Hà Nam"),
        (2025, "9m", "Sở VHTTDL", "Ninh Bình"),  # tỉnh Ninh Bình from 1/7/2025
        (2026, "year", "Sở VHTTDL", "Ninh Bình"),
    ],
)
def test_the_period_end_decides_the_receiving_department(year, period, short, province):
    issuer = load_config().issuer_for(year, period)
    assert (issuer.short_name, issuer.province) == (short, province)
    assert issuer.parent == f"UBND TỈNH {province.upper()}"


def test_issuers_before_and_after_the_configured_spans():
    config = load_config()
    assert config.issuer_on(date(1990, 1, 1)) == config.issuers[0]
    assert config.issuer_on(date(2100, 1, 1)) == config.issuers[-1]
    assert config.issuer_on(date(2025, 2, 28)).short_name == "Sở TT&TT"
    assert config.issuer_on(date(2025, 3, 1)).short_name == "Sở VHTTDL"


@pytest.mark.parametrize(
    ("year", "parent", "issuer", "number", "name"),
    [
        (2020, "UBND TỈNH HÀ NAM", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "/BC-STTTT",
         "Sở Thông tin và Truyền thông"),
        (2026, "UBND TỈNH NINH BÌNH", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "/BC-SVHTTDL",
         "Sở Văn hóa, Thể thao và Du lịch"),
    ],
)  # fmt: skip
def test_summary_docx_names_the_department_of_its_period(built, year, parent, issuer, number, name):
    doc, text = _docx_text(export.export_docx(year=year, db=built, today=TODAY))
    left = _column(doc.tables[0], 0)
    assert parent in left and issuer in left and number in left
    assert f"{name} tổng hợp kết quả" in text and f"{name} trân trọng báo cáo" in text
    place = _column(doc.tables[0], 1)
    assert ("Ninh Bình, ngày" in place) == (year == 2026)


# --------------------------------------------------------------------------- section II


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("Đề nghị Bộ Văn hóa, Thể thao và Du lịch sớm ban hành hướng dẫn.", "Trung ương"),
        ("Kiến nghị với Chính phủ bổ sung kinh phí.", "Trung ương"),
        ("Đề nghị các Bộ, ngành Trung ương hướng dẫn thống nhất.", "Trung ương"),
        ("Đề nghị UBND tỉnh bố trí kinh phí.", "UBND tỉnh"),
        ("Kính đề nghị Ủy ban nhân dân tỉnh quan tâm.", "UBND tỉnh"),
        ("Đề nghị Sở Văn hóa, Thể thao và Du lịch tổ chức tập huấn.", "sở, ngành"),
        ("Đề xuất các sở, ngành phối hợp cung cấp thông tin.", "sở, ngành"),
        ("Đề nghị các cơ quan báo chí phản ánh khách quan.", "báo chí"),
        ("Đề nghị phóng viên liên hệ trước khi đến làm việc.", "báo chí"),
        ("Đề nghị bố trí kinh phí cho công tác thông tin.", OTHER_ADDRESSEE),
        ("Đề nghị bổ sung biên chế cho bộ phận văn phòng.", OTHER_ADDRESSEE),
        ("Đề nghị tổ chức tập huấn kỹ năng phát ngôn cho báo chí.", OTHER_ADDRESSEE),
        ("Đề nghị số lượng tin bài được tính theo quý.", OTHER_ADDRESSEE),
    ],
)
def test_recommendations_are_grouped_by_addressee(text, heading):
    assert heading in addressee(text)


def test_similar_items_become_one_with_their_units():
    merged = merge_similar(
        [
            ("Sở Alpha", "Đề nghị UBND tỉnh bố trí kinh phí cho công tác thông tin."),
            ("Sở Beta", "Kiến nghị UBND tỉnh bố trí kinh phí cho công tác thông tin"),
            ("Sở Beta", "Đề nghị UBND tỉnh bố trí kinh phí cho công tác thông tin."),
            ("Sở Gamma", "Đề nghị UBND tỉnh tăng biên chế."),
        ]
    )
    assert [(m.text[:18], m.agencies) for m in merged] == [
        ("Đề nghị UBND tỉnh ", ("Sở Alpha", "Sở Beta")),
        ("Đề nghị UBND tỉnh ", ("Sở Gamma",)),
    ]
    assert merged[0].line.endswith("công tác thông tin (2 đơn vị).")


# --------------------------------------------------------------------------- Điều 10 report


def test_province_form_figures_and_section_two(built):
    form = form_report.province_form(year=2026, db=built)
    assert (form.received, form.expected) == (2, 5)
    assert form.banner == "Chưa đủ báo cáo: 2/5 đơn vị đã nộp"
    items = {i.number: i for i in form.items}
    assert (items[1].value, items[1].note) == ("2", "2 báo cáo nêu")  # 1 + 1 press conferences
    assert (items[2].value, items[2].note) == ("7", "2 báo cáo nêu")  # briefings 5 + 2
    assert items[3].value == "17/18 (94,4%)" and items[3].note.startswith("2 báo cáo")
    assert items[5].value == "13/14 (92,9%)" and items[5].note.startswith("1 báo cáo")
    # Press conferences, then one line per indicator of the field table's form (a ratio is one).
    form_lines = len({n for n in form_report.queries.FORM_LAYOUT})
    assert len(form.items) == 1 + form_lines
    # Each ratio of the table is one line, named by its ratio label (stated or not).
    ratio_labels = {FORM_RATIO_LABELS[top] for top, _ in RATIOS}
    assert len([i for i in form.items if i.label in ratio_labels]) == len(RATIOS)
    assert [d.line for d in form.difficulties] == [
        f"{KIEM_NHIEM} (2 đơn vị).",
        "Kinh phí cho công tác thông tin còn hạn chế (1 đơn vị).",
    ]
    groups = {h: [r.line for r in rs] for h, rs in form.recommendations}
    assert list(groups) == [
        "Đối với Bộ, ngành Trung ương",
        "Đối với UBND tỉnh",
        "Đối với các cơ quan báo chí",
        OTHER_ADDRESSEE,
    ]
    assert groups["Đối với UBND tỉnh"] == [
        "Đề nghị UBND tỉnh bố trí kinh phí cho công tác thông tin (2 đơn vị)."
    ]
    assert form.missing == (wc.ETA_NAME, "Sở Gamma", "UBND huyện Delta")


def test_form_report_docx_is_the_committees_draft(built):
    doc, text = _docx_text(form_report.form_report_docx(year=2026, db=built, today=TODAY))
    left = _column(doc.tables[0], 0)
    assert "ỦY BAN NHÂN DÂN\nTỈNH NINH BÌNH" in left and "/BC-UBND" in left
    assert "DỰ THẢO – Chưa đủ báo cáo: 2/5 đơn vị đã nộp" in text
    assert "Kính gửi: Bộ Văn hóa, Thể thao và Du lịch." in text
    assert "số liệu từ ngày 15/12/2025 đến ngày 14/12/2026" in text
    assert "tổng hợp từ báo cáo của 2/5 cơ quan, đơn vị" in text
    figures = next(t for t in doc.tables if t.rows[0].cells[1].text == "Nội dung")
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in figures.rows[1:]}
    assert rows["(3)"][0] == "Yêu cầu của báo chí đã trả lời/đã tiếp nhận"
    assert rows["(3)"][1:] == ["17/18 (94,4%)", "2 báo cáo nêu đủ hai số liệu"]
    assert rows["(1)"][1] == "2"
    assert "II. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ" in text
    assert f"- {KIEM_NHIEM} (2 đơn vị)." in text
    assert "b) Đối với UBND tỉnh:" in text
    closing = doc.tables[-1].rows[0].cells
    assert "Bộ Văn hóa, Thể thao và Du lịch (để báo cáo);" in closing[0].text
    assert "TM. ỦY BAN NHÂN DÂN" in closing[1].text and "CHỦ TỊCH" in closing[1].text


def test_form_report_only_for_years_under_the_form(built):
    with pytest.raises(form_report.NotUnderForm):
        form_report.form_report_docx(year=2023, db=built)
    with pytest.raises(form_report.NotUnderForm):
        form_report.form_annex_xlsx(year=2023, db=built)


def test_form_annex_has_one_row_per_reporting_unit(built):
    book = openpyxl.load_workbook(io.BytesIO(form_report.form_annex_xlsx(year=2026, db=built)))
    sheet = book[form_report.ANNEX_SHEET]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    head = rows[0]
    assert head[:6] == ["STT", "Đơn vị", "Loại đơn vị", "Tình trạng", "Ngày đến", "Số cuộc họp báo"]
    by_unit = {r[1]: dict(zip(head, r, strict=True)) for r in rows[1:]}
    assert set(by_unit) == {
        "Sở Alpha", "Sở Beta", "Sở Gamma", "UBND huyện Delta", "'" + wc.ETA_NAME, "Toàn tỉnh"
    }  # fmt: skip
    assert by_unit["Sở Gamma"]["Tình trạng"] == "Chưa nộp"
    assert by_unit["Sở Gamma"]["Yêu cầu của báo chí đã trả lời"] is None
    alpha = by_unit["Sở Alpha"]
    assert (alpha["Yêu cầu của báo chí đã trả lời"], alpha["Số cuộc họp báo"]) == (14, 1)
    total = by_unit["Toàn tỉnh"]
    assert total["Yêu cầu của báo chí đã trả lời"] == 17
    assert total["Yêu cầu của báo chí đã tiếp nhận"] == 18
    rate = next(h for h in head if h.startswith("Tỷ lệ – Yêu cầu của báo chí"))
    assert total[rate] == pytest.approx(17 / 18)
    assert total["Số cuộc họp báo"] == 2
    assert len(rows) == 1 + 5 + 1


# --------------------------------------------------------------------------- the reminder


def test_reminder_list_has_the_missing_units_and_their_spokesperson(built):
    rows = queries.units_to_remind(year=2026, db=built, on=date(2026, 12, 25))
    assert set(rows["agency"]) == {"Sở Gamma", "UBND huyện Delta", wc.ETA_NAME}
    due = queries.deadline(year=2026, period="year")
    assert set(rows["timeliness"]) == {"overdue"}
    assert set(rows["days"]) == {(date(2026, 12, 25) - due).days}
    people = rows.set_index("agency")
    # Eta's 2023 report names its spokesperson; Delta never reported.
    assert people.loc[wc.ETA_NAME, "spokesperson_name"] == "Trần Thị E"
    assert people.loc["UBND huyện Delta", "spokesperson_name"] is None


def test_reminder_docx_from_the_department_in_office(built):
    # Before the agencies' deadline (rules.toml) the dispatch gives it; after, it says it passed.
    due = queries.deadline(year=2026, period="year")
    today = min(TODAY, due)
    data = form_report.reminder_docx(year=2026, db=built, today=today)
    doc, text = _docx_text(data)
    left = _column(doc.tables[0], 0)
    assert "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" in left and "/SVHTTDL-QLBC" in left
    assert (
        "V/v đôn đốc gửi báo cáo kết quả thực hiện công tác phát ngôn và cung cấp thông tin "
        "cho báo chí năm 2026" in left
    )
    assert f"(hạn gửi: ngày {due:%d/%m/%Y})" in text
    assert (
        f"Đến ngày {today:%d/%m/%Y}, Sở Văn hóa, Thể thao và Du lịch chưa nhận được báo cáo của 3"
        in text
    )
    assert f"chậm nhất ngày {due:%d/%m/%Y}" in text
    units = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    assert [r.cells[1].text for r in units.rows[1:]] == list(
        queries.units_to_remind(year=2026, db=built, on=today)["agency"]
    )
    assert "GIÁM ĐỐC" in doc.tables[-1].rows[0].cells[1].text
    late = _docx_text(form_report.reminder_docx(year=2026, db=built, today=date(2027, 1, 5)))[1]
    assert f"đã quá hạn ngày {due:%d/%m/%Y}" in late


# --------------------------------------------------------------------------- the page


def _page(db: Path, tmp_path: Path, monkeypatch, year: int):
    from conftest import ADMIN_PASSWORD, open_app

    from warehouse import auth

    monkeypatch.setenv("REPORTS_DB", str(db))
    auth.create_user(username="admin2", password=ADMIN_PASSWORD, role="admin", by="system", db=db)
    at = open_app(tmp_path, "xuat_bao_cao", "admin2", ADMIN_PASSWORD)
    at.sidebar.selectbox(key="filter_year").set_value(year).run()
    assert not at.exception, at.exception
    return at


def test_export_page_has_the_decree_244_and_reminder_sections(built, tmp_path, monkeypatch):
    from conftest import frame

    at = _page(built, tmp_path, monkeypatch, 2026)
    headers = [h.value for h in at.subheader]
    assert "Báo cáo theo Nghị định 244" in headers and "Đôn đốc đơn vị chưa nộp" in headers
    assert any(w.value == "Chưa đủ báo cáo: 2/5 đơn vị đã nộp" for w in at.warning)
    labels = {b.label for b in at.get("download_button")}
    assert {"Tải báo cáo (DOCX)", "Tải phụ lục (XLSX)", "Tải công văn đôn đốc (DOCX)"} <= labels
    units = frame(at, "Điện thoại").set_index("Đơn vị")
    assert set(units.index) == {"Sở Gamma", "UBND huyện Delta", wc.ETA_NAME}
    assert units.loc[wc.ETA_NAME, "Người phát ngôn"] == "Trần Thị E"
    assert units.loc["UBND huyện Delta", "Điện thoại"] == "chưa có"
    assert any("Sở Văn hóa, Thể thao và Du lịch" in c.value for c in at.caption)
    # Before the form: no Decree 244 section; the department of that period is named.
    at.sidebar.selectbox(key="filter_year").set_value(2023).run()
    assert not at.exception, at.exception
    assert "Báo cáo theo Nghị định 244" not in [h.value for h in at.subheader]
    assert any("Sở Thông tin và Truyền thông" in c.value for c in at.caption)
