"""PDF tables as Word's PDF export draws them: a merged, centred cell whose text wraps across the
columns it covers, and a hyphen that ends a line ("Đài PT-" / "TH …"). Read through LibreOffice's
export, as agencies make them."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import docx.shared
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from ingest.fields import extract
from ingest.readers import read
from ingest.record import FORM_FIELDS
from tests.readers_fixtures import soffice_convert, soffice_convert_many

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")

OUTLETS = "Báo Bắc Ninh; Đài PT-TH Bắc Ninh; Báo Đầu tư; Báo Nhân Dân; Thông tấn xã Việt Nam"


def _report(path: Path) -> Path:
    d = docx.Document()
    for line in (
        "UBND TỈNH BẮC NINH",
        "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP",
        "Số: 45/BC-BQL",
        "Bắc Ninh, ngày 25 tháng 3 năm 2022",
        "BÁO CÁO",
        "Công tác phát ngôn và cung cấp thông tin cho báo chí quý I năm 2022",
        "I. KẾT QUẢ",
    ):
        d.add_paragraph(line)
    table = d.add_table(rows=3, cols=5)
    table.style = "Table Grid"
    rows = [
        ["TT", "Nội dung", "Đơn vị", "Kết quả", "Ghi chú"],
        ["1", "Người phát ngôn", "-", "Bà Trần Thị Hương, Phó Trưởng ban", "QĐ số 112/QĐ-BQL"],
        ["2", "Cơ quan báo chí được cung cấp thông tin", "-", OUTLETS, ""],
    ]
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    merged = table.cell(2, 3).merge(table.cell(2, 4))
    merged.text = OUTLETS
    merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph("Trên đây là báo cáo của Ban Quản lý các khu công nghiệp./.")
    d.save(path)
    return path


@pytest.fixture(scope="module")
def read_back(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pdf-tables")
    pdf = soffice_convert(_report(tmp / "bql.docx"), "pdf", tmp)
    doc = read(pdf)
    return doc, {k: v.value for k, v in extract(doc).items()}


def test_a_merged_centred_cell_keeps_its_outlets_whole(read_back):
    _, got = read_back
    assert got["outlets"] == [
        "Báo Bắc Ninh",
        "Đài PT-TH Bắc Ninh",
        "Báo Đầu tư",
        "Báo Nhân Dân",
        "TTXVN",
    ]


def test_a_note_cell_beside_the_spokesperson_is_not_the_title(read_back):
    _, got = read_back
    assert (got["spokesperson_name"], got["spokesperson_title"]) == (
        "Trần Thị Hương",
        "Phó Trưởng ban",
    )


def test_no_pdfium_line_end_mark_is_left_in_the_text(read_back):
    doc, _ = read_back
    assert not any("\ufffe" in b.text for b in doc.blocks)


def _posts_table_report(path: Path, *, two_level: bool) -> Path:
    """A 6-month report whose posts table has centred headers and right-aligned counts."""
    d = docx.Document()
    for line in (
        "UBND TỈNH THỪA THIÊN HUẾ",
        "ỦY BAN NHÂN DÂN THỊ XÃ HƯƠNG TRÀ",
        "Số: 88/BC-UBND",
        "Hương Trà, ngày 20 tháng 6 năm 2022",
        "BÁO CÁO",
        "Công tác phát ngôn và cung cấp thông tin cho báo chí 6 tháng đầu năm 2022",
        "I. KẾT QUẢ",
        "Kết quả đăng tải tin, bài trong kỳ như sau:",
    ):
        d.add_paragraph(line)
    head = [["Nội dung", "Quý I", "Quý II (đến 15/6)", "Cộng 6 tháng"]]
    if two_level:
        head = [["Nội dung", "Số lượng", "", ""], ["", "Quý I", "Quý II (đến 15/6)", "Cộng"]]
    body = [
        ["Tin, bài đăng trên Cổng TTĐT thị xã", "143", "128", "271"],
        ["Lượt truy cập Cổng TTĐT thị xã", "58.200", "61.450", "119.650"],
    ]
    table = d.add_table(rows=len(head) + len(body), cols=4)
    table.style = "Table Grid"
    for r, cells in enumerate(head + body):
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            cell.text = text
            align = WD_ALIGN_PARAGRAPH.CENTER if r < len(head) else WD_ALIGN_PARAGRAPH.RIGHT
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT if c == 0 else align
            if r < len(head):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if two_level:
        table.cell(0, 1).merge(table.cell(0, 3)).text = "Số lượng"
    d.add_paragraph("Trên đây là báo cáo của UBND thị xã./.")
    d.save(path)
    return path


@pytest.fixture(scope="module")
def posts_tables(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("posts-tables")
    sources = [
        _posts_table_report(tmp / f"{name}.docx", two_level=two)
        for name, two in (("one-header-row", False), ("merged-header", True))
    ]
    return dict(
        zip(
            ("one-header-row", "merged-header"),
            soffice_convert_many(sources, "pdf", tmp),
            strict=True,
        )
    )


@pytest.mark.parametrize("shape", ["one-header-row", "merged-header"])
def test_counts_under_centred_headers_stay_in_their_columns(posts_tables, shape):
    fields = extract(read(posts_tables[shape]))
    assert fields["posts_total"].value == 271
    assert fields["posts_per_month"].value == 45.2


# ------------------------------------- a ruled table whose narrow columns' words nearly touch


FORM_HEADS = [
    "Chỉ tiêu",
    "(1) Họp báo",
    "(2) Giao ban báo chí",
    "(3) Trả lời đề nghị của báo chí",
    "(4) Sự kiện, vấn đề khẩn cấp",
    "(5) Trả lời đúng thời hạn",
    "(6) Văn bản trả lời, đề nghị cải chính",
]


def _columns_form_report(path: Path) -> Path:
    """A report whose form table has the indicators as columns, in narrow ruled cells; each
    odd header cell is right-aligned against the next one's left-aligned text, so that their
    words stand only the two cells' margins apart."""
    d = docx.Document()
    for line in (
        "UBND TỈNH ĐỒNG NAI",
        "SỞ NỘI VỤ",
        "Số: 356/BC-SNV",
        "Đồng Nai, ngày 07 tháng 12 năm 2026",
        "BÁO CÁO",
        "Kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí năm 2026",
        "I. KẾT QUẢ",
        "Kết quả theo mẫu của Nghị định số 244/2026/NĐ-CP:",
    ):
        d.add_paragraph(line)
    rows = [
        FORM_HEADS,
        ["Số đã thực hiện", "0", "03", "11", "01", "10", "Không phát sinh"],
        ["Tổng số", "-", "-", "12", "01", "11", "Không phát sinh"],
    ]
    table = d.add_table(rows=len(rows), cols=len(FORM_HEADS))
    table.style = "Table Grid"
    table.autofit = False
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            cell.width = docx.shared.Cm(2.3)
            cell.text = text
            if r == 0:
                right = c % 2 == 1
                align = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
                cell.paragraphs[0].alignment = align
    d.add_paragraph("Trên đây là báo cáo của Sở Nội vụ./.")
    d.save(path)
    return path


@pytest.fixture(scope="module")
def columns_form(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pdf-form-columns")
    doc = read(soffice_convert(_columns_form_report(tmp / "snv.docx"), "pdf", tmp))
    return doc, {k: v.value for k, v in extract(doc).items()}


def test_a_ruled_tables_columns_are_its_vertical_rules(columns_form):
    doc, _ = columns_form
    header = {}
    for b in doc.blocks:
        if b.location.table is not None and b.location.row == 0:
            header[b.location.cell] = f"{header.get(b.location.cell, '')} {b.text}".strip()
    assert [header.get(c) for c in range(len(FORM_HEADS))] == FORM_HEADS


def test_a_form_table_with_the_indicators_as_columns(columns_form):
    _, got = columns_form
    assert {k: got.get(k) for k in FORM_FIELDS} == {
        "briefings": 3,
        "press_requests_answered": 11,
        "press_requests_received": 12,
        "incidents_spoken": 1,
        "incidents_total": 1,
        "answers_on_time": 10,
        "answers_total": 11,
        "correction_requests": 0,
        "corrections_total": 0,
    }
