"""PDF tables as Word's PDF export draws them: a merged, centred cell whose text wraps across the
columns it covers, and a hyphen that ends a line ("Đài PT-" / "TH …"). Read through LibreOffice's
export, as agencies make them."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from ingest.fields import extract
from ingest.readers import read
from tests.readers_fixtures import soffice_convert

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
