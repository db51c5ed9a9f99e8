"""Outputs an official signs without editing (issue 6/7, item 4): the summary for UBND tỉnh in the
NĐ 30/2020 layout, its assessment computed from the figures, the printable XLSX, the CSV for
Excel in a Vietnamese locale and the download names; read back from a real warehouse with
python-docx/lxml, openpyxl and csv."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path

import pytest
import warehouse_corpus as wc
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import load_workbook

from ingest.record import FIELD_LABELS
from warehouse import export, form_report
from warehouse.load import write_record
from warehouse.official_docx import MOTTO, Signer, signers
from warehouse.remarks import OTHER_ADDRESSEE, merge_similar, summary_addressees

# Delta (district) reports late, without an average (derived: 250/12 a month), and asks UBND tỉnh
# what Alpha asks (written otherwise) and Sở Nội vụ for staff.
DELTA_ASKS = [
    "KIẾN NGHỊ UBND tỉnh  bố trí kinh phí cho công tác thông tin;",
    "Đề nghị Sở Nội vụ bổ sung biên chế cho bộ phận làm công tác phát ngôn.",
]
MADE = date(2024, 1, 10)
POSTS = "Số tin, bài đăng trên trang TTĐT bình quân/tháng đạt chỉ tiêu"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("outputs")
    path = tmp / "w.duckdb"
    wc.build(path, tmp)
    delta = wc.report("UBND huyện Delta", posts_total=250, recommendations=DELTA_ASKS)
    with wc.on_day(MADE):
        res = write_record(
            delta,
            b"delta-2023",
            original_name=delta.file,
            db=path,
            user=wc.LOADER,
            received_at=datetime(2023, 12, 27, 9, 0),
        )
    assert res.outcome == "loaded", res.message_vi
    return path


@pytest.fixture(scope="module")
def summary(db: Path):
    return Document(io.BytesIO(export.export_docx(year=2023, db=db, today=MADE)))


def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def _bottom_rule(paragraph) -> bool:
    return paragraph._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None


# --------------------------------------------------------------------------- NĐ 30 layout


def test_header_rules_under_the_agency_and_the_motto_and_number_level_with_date(summary):
    header = summary.tables[0]
    assert len(header.rows) == 2
    (body, motto), (number, place) = ([c for c in r.cells] for r in header.rows)
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in body.text
    assert MOTTO[0] in motto.text and MOTTO[1] in motto.text
    # The short rule lines are real lines of the document: a paragraph's bottom border, right
    # under the agency's name and under "Độc lập - Tự do - Hạnh phúc".
    for cell, last_line in ((body, "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"), (motto, MOTTO[1])):
        paragraphs = cell.paragraphs
        rules = [k for k, p in enumerate(paragraphs) if _bottom_rule(p)]
        assert len(rules) == 1 and paragraphs[rules[0] - 1].text == last_line
        assert not paragraphs[rules[0]].text
    # The agency's rule: a third to a half of its name; the motto's: about its second line (5-6 cm).
    lengths = [
        cell.width - 2 * Cm(0.19) - 2 * cell.paragraphs[-1].paragraph_format.left_indent
        for cell in (body, motto)
    ]
    assert Cm(1.5) < lengths[0] < Cm(3.5) and Cm(4.5) < lengths[1] < Cm(6.5)
    # "Số: …/BC-…" and the place-date line on ONE row; the date italic.
    assert re.search(r"Số:\s+/BC-STTTT", number.text)
    assert re.search(r"Hà Nam, ngày\s+tháng\s+năm 2024", place.text)
    assert all(r.italic for p in place.paragraphs for r in p.runs if r.text.strip())


def test_title_body_page_and_margins(summary):
    section = summary.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    top, bottom, left, right = (
        round(m.mm)
        for m in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    )
    assert 20 <= top <= 25 and 20 <= bottom <= 25 and 30 <= left <= 35 and 15 <= right <= 20
    normal = summary.styles["Normal"].font
    assert normal.name == "Times New Roman" and Pt(13) <= normal.size <= Pt(14)
    title = next(p for p in summary.paragraphs if p.text == "BÁO CÁO")
    assert title.runs[0].bold and title.runs[0].font.size == Pt(14)
    subject = next(p for p in summary.paragraphs if p.text.startswith("Tổng hợp kết quả"))
    assert subject.runs[0].bold
    at = next(k for k, p in enumerate(summary.paragraphs) if p._p is subject._p)
    after = summary.paragraphs[at + 1]  # the rule under it
    assert _bottom_rule(after) and not after.text


def test_page_number_from_page_two(summary):
    section = summary.sections[0]
    assert section.different_first_page_header_footer  # w:titlePg
    fields = section.header._element.findall(f".//{qn('w:instrText')}")
    assert [f.text.strip() for f in fields] == ["PAGE"]
    assert not section.first_page_header._element.findall(f".//{qn('w:instrText')}")


def test_every_grid_table_repeats_its_header_row(summary):
    grids = [t for t in summary.tables if t.style is not None and t.style.name == "Table Grid"]
    assert len(grids) >= 2  # per-agency results, compliance by type
    for table in grids:
        first = table.rows[0]._tr
        assert first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert all(
            r._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for r in table.rows[1:]
        )


def _closing(doc):
    return next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))


def test_signature_block_authority_room_and_name(db: Path, summary):
    recipients, sign = _closing(summary).rows[0].cells
    (title,) = recipients.paragraphs[0].runs
    assert title.text == "Nơi nhận:" and title.bold and title.italic
    assert title.font.size == Pt(12)
    items = recipients.paragraphs[1:]
    assert items and all(r.font.size == Pt(11) for p in items for r in p.runs)
    lines = [p.text for p in sign.paragraphs]
    assert lines[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert all(r.bold for p in sign.paragraphs[:2] for r in p.runs)
    assert lines[2:] == [""] * 5  # room to sign and stamp, then the name's line left blank
    # The name the official types on the export page, bold under the room to sign.
    signer = signers("GIÁM ĐỐC", "Nguyễn Văn Bình")["Người đứng đầu ký"]
    doc = Document(io.BytesIO(export.export_docx(year=2023, db=db, today=MADE, signer=signer)))
    sign = _closing(doc).rows[0].cells[1]
    assert sign.paragraphs[0].text == "GIÁM ĐỐC" and sign.paragraphs[-1].text == "Nguyễn Văn Bình"
    assert all(r.bold for r in sign.paragraphs[-1].runs)
    # The closing row is never split across two pages.
    assert _closing(doc).rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None


def test_form_report_and_reminder_share_the_layout(db: Path):
    for data in (
        form_report.reminder_docx(
            year=2023, db=db, today=MADE, signer=Signer(("GIÁM ĐỐC",), "Lê C")
        ),
    ):
        doc = Document(io.BytesIO(data))
        number, place = doc.tables[0].rows[1].cells
        assert "Số:" in number.text and "V/v đôn đốc" in number.text and "ngày" in place.text
        assert sum(_bottom_rule(p) for c in doc.tables[0].rows[0].cells for p in c.paragraphs) == 2
        assert _closing(doc).rows[0].cells[1].paragraphs[-1].text == "Lê C"


# --------------------------------------------------------------------------- the assessment


def test_assessment_names_the_units_from_the_figures(summary):
    text = _text(summary)
    assert "Tổng số cơ quan phải báo cáo: 5; đã gửi: 5" in text
    assert "Các cơ quan gửi báo cáo muộn: Sở Beta, UBND huyện Delta." in text
    assert (
        "Trong 5 cơ quan đã gửi báo cáo, 2 cơ quan đạt tất cả các tiêu chí áp dụng (bằng 40,0% "
        "số cơ quan phải báo cáo); 2 cơ quan chưa đạt ít nhất một tiêu chí; 1 cơ quan chưa đủ số "
        "liệu để đánh giá (báo cáo không nêu)." in text
    )
    assert "2 cơ quan chưa đạt tiêu chí “Gửi báo cáo đúng hạn”: Sở Beta, UBND huyện Delta." in text
    assert f"1 cơ quan chưa đạt tiêu chí “{POSTS}”: Sở Beta (10, mức tối thiểu 20)." in text
    assert (
        "2 cơ quan có báo cáo không nêu số liệu để đánh giá tiêu chí “Có người phát ngôn được chỉ "
        "định, công bố”: Sở Gamma, UBND huyện Delta." in text
    )
    # No department or district must hold a press conference: said, not judged a failure.
    assert "Tiêu chí “Tổ chức họp báo đạt số lần tối thiểu” không áp dụng" in text
    assert "Các cơ quan không tổ chức họp báo: Sở Beta." in text


def test_long_lists_go_to_an_annex(db: Path, monkeypatch):
    monkeypatch.setattr(export, "MAX_NAMED", 1)
    doc = Document(io.BytesIO(export.export_docx(year=2023, db=db, today=MADE)))
    text = _text(doc)
    assert "Các cơ quan gửi báo cáo muộn: danh sách tại Phụ lục I." in text
    assert (
        "để đánh giá tiêu chí “Có người phát ngôn được chỉ định, công bố”: danh sách tại Phụ lục II"
        in text
    )
    assert "Phụ lục I\nCơ quan gửi báo cáo muộn" in text
    annex = [t for t in doc.tables if t.rows[0].cells[0].text == "STT"][-2]
    assert [r.cells[1].text for r in annex.rows[1:]] == ["Sở Beta", "UBND huyện Delta"]


def test_recommendations_grouped_by_addressee_and_merged(summary):
    text = _text(summary)
    section = text[text.index("IV. ĐỀ XUẤT") : text.index("Trên đây là báo cáo")]
    assert "1. Tập huấn, bồi dưỡng: 3 cơ quan đề nghị, theo chủ đề:" in section
    assert (
        "- Kỹ năng phát ngôn, cung cấp thông tin cho báo chí: 2 cơ quan (Sở Alpha, Sở Gamma)."
        in section
    )
    lines = section.splitlines()
    start = lines.index("a) Đối với UBND tỉnh:")
    assert lines[start : start + 4] == [
        "a) Đối với UBND tỉnh:",
        "- Đề nghị UBND tỉnh bố trí kinh phí cho công tác thông tin (2 đơn vị: Sở Alpha, "
        "UBND huyện Delta).",
        "b) Đối với Sở Nội vụ:",
        "- Đề nghị Sở Nội vụ bổ sung biên chế cho bộ phận làm công tác phát ngôn (1 đơn vị: "
        "UBND huyện Delta).",
    ]


DEPARTMENT = "Sở Văn hóa, Thể thao và Du lịch"


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("Đề nghị UBND tỉnh quan tâm bố trí kinh phí.", "Đối với UBND tỉnh"),
        ("Kính đề nghị Quý Sở tổ chức tập huấn.", f"Đối với {DEPARTMENT}"),
        ("Đề nghị Sở VHTTDL hướng dẫn quản trị trang.", f"Đối với {DEPARTMENT}"),
        ("Đề nghị Sở Thông tin và Truyền thông hỗ trợ kỹ thuật.", f"Đối với {DEPARTMENT}"),
        ("Đề nghị Sở Nội vụ bổ sung biên chế.", "Đối với Sở Nội vụ"),
        ("Đề nghị Sở Tài chính cấp kinh phí.", "Đối với các sở, ngành khác"),
        ("Đề nghị các cơ quan báo chí phản ánh khách quan.", "Đối với các cơ quan báo chí"),
        (
            "Kiến nghị Bộ Văn hóa, Thể thao và Du lịch ban hành hướng dẫn.",
            "Đối với Bộ, ngành Trung ương",
        ),
        ("Đề nghị bố trí kinh phí cho công tác thông tin.", OTHER_ADDRESSEE),
    ],
)
def test_summary_addressees(text, heading):
    assert summary_addressees(DEPARTMENT, "Sở VHTTDL").of(text) == heading


def test_items_differing_in_case_spacing_and_punctuation_are_one():
    merged = merge_similar(
        [
            ("Sở A", "Đề nghị UBND tỉnh bố trí kinh phí cho công tác thông tin."),
            ("Sở B", "ĐỀ NGHỊ UBND TỈNH   BỐ TRÍ KINH PHÍ, CHO CÔNG TÁC THÔNG TIN;"),
            ("Sở C", "Đề nghị UBND tỉnh tăng biên chế."),
        ]
    )
    assert [m.agencies for m in merged] == [("Sở A", "Sở B"), ("Sở C",)]
    assert merged[0].named_line(10) == (
        "Đề nghị UBND tỉnh bố trí kinh phí cho công tác thông tin (2 đơn vị: Sở A, Sở B)."
    )
    assert merged[0].named_line(1) == merged[0].line


# --------------------------------------------------------------------------- XLSX


def test_xlsx_title_block_and_print_setup(db: Path):
    book = load_workbook(io.BytesIO(export.export_xlsx(year=2023, db=db, today=MADE)))
    for ws in book:
        top = export.HEADER_ROW
        assert ws["A1"].value == "UBND TỈNH HÀ NAM – SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
        assert ws["A2"].value.endswith("CHO BÁO CHÍ NĂM 2023") and ws["A2"].font.bold
        assert ws["A3"].value == f"{ws.title}. Kỳ báo cáo: năm 2023. Ngày lập: 10/01/2024."
        assert ws.cell(row=top, column=1).value == "STT" or ws.title == "Tổng hợp"
        assert ws.freeze_panes == f"A{top + 1}"
        assert ws.page_setup.orientation == "landscape"
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == f"${top}:${top}"
        widths = [ws.column_dimensions[c].width for c in "AB"]
        assert all(6 <= w <= 52 for w in widths)
    ws = book["Tuân thủ theo đơn vị"]
    headers = [c.value for c in ws[export.HEADER_ROW]]
    assert headers[:3] == ["STT", "Cơ quan", "Loại cơ quan"]
    assert ws.column_dimensions["B"].width >= len("UBND huyện Delta")


# --------------------------------------------------------------------------- CSV


def test_csv_for_vietnamese_excel(db: Path):
    data = export.export_csv_excel(year=2023, db=db)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    head = rows[0]
    assert head[:3] == ["STT", "Cơ quan", "Loại cơ quan"]
    by_name = {r[1]: dict(zip(head, r, strict=True)) for r in rows[1:]}
    delta = by_name["UBND huyện Delta"]
    per_month = delta[FIELD_LABELS["posts_per_month"]]
    assert per_month == "20,8"  # 250 tin, bài / 12 tháng
    assert float(per_month.replace(",", ".")) == pytest.approx(250 / 12, abs=0.05)
    assert by_name["Sở Alpha"]["Ngày đến"] == "10/12/2023"
    assert by_name["Sở Alpha"]["Tổng số tin, bài"] == "300"
    # The standard CSV beside it: commas, decimal point, ISO dates.
    standard = list(
        csv.reader(io.StringIO(export.export_csv(year=2023, db=db).decode("utf-8-sig")))
    )
    alpha = dict(zip(standard[0], next(r for r in standard if r[1] == "Sở Alpha"), strict=True))
    assert alpha["Ngày đến"] == "2023-12-10"


# --------------------------------------------------------------------------- file names


@pytest.mark.parametrize(
    ("kind", "year", "period", "name"),
    [
        ("docx", 2026, "year", "bao-cao-tong-hop-phat-ngon-2026-ninh-binh.docx"),
        ("xlsx", 2026, "year", "so-lieu-phat-ngon-2026-ninh-binh.xlsx"),
        ("csv", 2023, "year", "so-lieu-phat-ngon-2023-ha-nam.csv"),
        ("csv_excel", 2023, "year", "so-lieu-phat-ngon-2023-ha-nam-dinh-dang-viet-nam.csv"),
        ("xlsx", 2025, "h1", "so-lieu-phat-ngon-6-thang-2025-ha-nam.xlsx"),
        ("nd244", 2026, "year", "bao-cao-nd244-2026-ninh-binh.docx"),
        ("nd244_annex", 2026, "year", "phu-luc-nd244-2026-ninh-binh.xlsx"),
        ("reminder", 2026, "year", "cong-van-don-doc-2026-ninh-binh.docx"),
    ],
)
def test_file_names_are_vietnamese_without_marks(kind, year, period, name):
    assert export.file_name(kind, year=year, period=period) == name
    assert re.fullmatch(r"[a-z0-9-]+\.(docx|xlsx|csv)", name)
