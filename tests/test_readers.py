"""Format readers against real files made here: python-docx, LibreOffice, PDFium, Tesseract."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import ROOT, wait_until
from measure import PeakMemory, count_calls
from readers_fixtures import (
    CONTROL_TEXT,
    FILLERS,
    LONG_PARAGRAPH,
    NFD_TEXT,
    PRESS_TEXT,
    RECOMMEND_TEXT,
    SOFT_HYPHEN_TEXT,
    TCVN3_U_HORN,
    TEXTBOX_TEXT,
    build_cfb,
    build_defaults_font_docx,
    build_docx,
    build_entity_docx,
    build_header_table_docx,
    build_mixed_pdf,
    build_numbered_docx,
    build_rendered_breaks_docx,
    build_scan_pdf,
    build_turned_pdf,
    build_watermarked_scan,
    build_zip_declared_bomb,
    build_zip_ratio_bomb,
    filler,
    set_doc_encrypted_flag,
    soffice_convert,
)

from ingest.document import Document
from ingest.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedFile,
    ReportsError,
    Timeout,
    TooLarge,
    ToolMissing,
    UnsupportedFormat,
)
from ingest.readers import Limits, detect_format, legacy, read, tool_status
from ingest.readers import base as readers_base
from ingest.text import fold

VIETNAMESE_LETTERS = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def assert_vietnamese(err: ReportsError) -> None:
    """The user message is Vietnamese; the detail is English and names the problem."""
    assert VIETNAMESE_LETTERS & set(err.user_message.lower()), err.user_message
    assert err.detail.strip() and str(err) == err.detail
    assert err.path


def by_text(doc: Document, text: str):
    found = [b for b in doc.blocks if b.text == text]
    assert len(found) == 1, f"{text!r} found {len(found)} times in {[b.text for b in doc.blocks]}"
    return found[0]


def index_of(doc: Document, text: str) -> int:
    return next(i for i, b in enumerate(doc.blocks) if b.text == text)


# -- fixtures: one build or conversion each, shared by the module ---------------------------------


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("readers")


@pytest.fixture(scope="module")
def report_docx(files) -> Path:
    return build_docx(files / "bao-cao.docx")


@pytest.fixture(scope="module")
def report_pdf(files, report_docx) -> Path:
    return soffice_convert(report_docx, "pdf", files / "pdf")


@pytest.fixture(scope="module")
def report_doc(files, report_docx) -> Path:
    return soffice_convert(report_docx, "doc", files / "doc")


@pytest.fixture(scope="module")
def docx_doc(report_docx) -> Document:
    return read(report_docx)


@pytest.fixture(scope="module")
def pdf_doc(report_pdf) -> Document:
    return read(report_pdf)


@pytest.fixture(scope="module")
def scan_pdf(files, report_pdf) -> Path:
    return build_scan_pdf(report_pdf, files / "scan.pdf")


# -- DOCX ----------------------------------------------------------------------------------------


def test_docx_body_paragraphs_in_order_with_running_index(docx_doc):
    assert docx_doc.format == "docx"
    assert [b.location.paragraph for b in docx_doc.blocks] == list(range(len(docx_doc.blocks)))
    body = [b.text for b in docx_doc.blocks if b.location.part == "body"]
    assert body.index("BÁO CÁO") < body.index(LONG_PARAGRAPH) < body.index(RECOMMEND_TEXT)
    assert by_text(docx_doc, "- " + PRESS_TEXT).location.table is None
    assert "Dòng chữ ẩn" not in docx_doc.text()  # a hidden run (w:vanish) is not read


def test_docx_two_column_header_table_cells(docx_doc):
    agency = by_text(docx_doc, "UBND TỈNH HÀ NAM").location
    motto = by_text(docx_doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").location
    number = by_text(docx_doc, "Số: 123/BC-SYT").location
    date = by_text(docx_doc, "Hà Nam, ngày 07 tháng 12 năm 2020").location
    assert (agency.table, agency.row, agency.cell) == (0, 0, 0)
    assert (motto.table, motto.row, motto.cell) == (0, 0, 1)
    assert (number.row, number.cell, date.row, date.cell) == (1, 0, 1, 1)
    assert by_text(docx_doc, "SỞ Y TẾ").location.cell == 0
    assert by_text(docx_doc, "UBND TỈNH HÀ NAM").bold
    assert agency.describe() == "trang 1, bảng 1, hàng 1, ô 1"


def test_docx_nested_table_and_merged_cell_read_once(docx_doc):
    outer = by_text(docx_doc, "315").location
    assert (outer.table, outer.row, outer.cell) == (1, 1, 2)
    merged = by_text(docx_doc, "Ô gộp hai cột").location  # by_text: exactly once
    assert (merged.table, merged.row, merged.cell) == (1, 2, 0)
    inner_q, inner_v = by_text(docx_doc, "Quý I").location, by_text(docx_doc, "80").location
    assert inner_q.table == inner_v.table == 2
    assert (inner_q.row, inner_q.cell, inner_v.cell) == (0, 0, 1)


def test_docx_header_footer_control_and_textbox(docx_doc):
    assert by_text(docx_doc, "Văn bản đầu trang").location.part == "header"
    assert by_text(docx_doc, "Văn bản chân trang").location.part == "footer"
    assert docx_doc.blocks[0].location.part == "header"
    assert docx_doc.blocks[-1].location.part == "footer"
    assert by_text(docx_doc, CONTROL_TEXT).location.part == "control"
    # Stored twice in the file (DrawingML and VML fallback), read once.
    box = by_text(docx_doc, TEXTBOX_TEXT)
    assert box.location.part == "textbox"
    assert box.location.page == 1


def test_docx_legacy_fonts_from_run_and_from_style(docx_doc):
    run_font = by_text(docx_doc, "Báo cáo kết quả")
    assert ".VnTime" in run_font.fonts
    style_font = by_text(docx_doc, "Cộng hoà xã hội chủ nghĩa Việt Nam")
    assert style_font.fonts == (".VnTime",)
    assert "Times New Roman" in by_text(docx_doc, LONG_PARAGRAPH).fonts


def test_docx_soft_hyphen_is_tcvn3_u_horn_or_dropped(docx_doc):
    assert by_text(docx_doc, TCVN3_U_HORN[1]).fonts == (".VnTime",)
    assert by_text(docx_doc, SOFT_HYPHEN_TEXT).location.part == "body"


def test_docx_body_tables_numbered_before_header_tables(files):
    doc = read(build_header_table_docx(files / "bang-dau-trang.docx"))
    where = {b.text: (b.location.part, b.location.table, b.location.cell) for b in doc.blocks}
    assert where == {
        "Sở Y tế": ("header", 1, 0),
        "Báo cáo năm 2020": ("header", 1, 1),
        "Đoạn mở đầu": ("body", None, None),
        "Tổng cộng": ("body", 0, 0),
        "354": ("body", 0, 1),
    }
    assert [b.text for b in doc.blocks][:2] == ["Sở Y tế", "Báo cáo năm 2020"]


def test_docx_one_cell_frame_is_read_as_the_text_it_boxes(files):
    import docx

    d = docx.Document()
    frame = d.add_table(rows=1, cols=1)
    frame.cell(0, 0).text = "Người phát ngôn: ông Trần An"
    inner = frame.cell(0, 0).add_table(rows=1, cols=2)  # a data table inside the frame
    inner.cell(0, 0).text = "Tổng số tin, bài"
    inner.cell(0, 1).text = "215"
    d.save(files / "khung.docx")
    where = {b.text: (b.location.table, b.location.cell) for b in read(files / "khung.docx").blocks}
    assert where == {
        "Người phát ngôn: ông Trần An": (None, None),
        "Tổng số tin, bài": (0, 0),
        "215": (0, 1),
    }


def test_docx_paragraphs_cut_at_every_line_are_joined(files):
    import docx

    d = docx.Document()
    for line in (
        "Kết quả thực hiện Nghị định số 09/2017/NĐ-CP",  # a title over two paragraphs
        "về phát ngôn và cung cấp thông tin cho báo chí năm 2020",
        "Trong năm, Sở đã đăng tải 215 tin,",  # text pasted from a PDF, a paragraph a line
        "bài trên Trang thông tin điện tử của Sở.",
        "Người phát ngôn:",  # a colon ends the lead-in: the list stays apart
        "ông Trần An, Phó Giám đốc Sở",
        "Kính gửi: Sở Thông tin và Truyền thông",  # a capital starts another paragraph
        "Căn cứ Nghị định số 09/2017/NĐ-CP",
        "Trang thông tin điện tử đã đăng",  # a number after a lowercase word goes on
        "215 tin, bài về hoạt động của Sở",
        "a) tập huấn kỹ năng phát ngôn",  # a lettered or numbered item never joins
        "2. Hỗ trợ kỹ thuật",
    ):
        d.add_paragraph(line)
    table = d.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "Tổng số tin"
    table.cell(1, 0).text = "bài: 215"  # table cells are never joined
    d.save(files / "dan-tu-pdf.docx")
    blocks = read(files / "dan-tu-pdf.docx").blocks
    assert [(b.text, b.location.paragraph) for b in blocks] == [
        (
            "Kết quả thực hiện Nghị định số 09/2017/NĐ-CP về phát ngôn và cung cấp thông tin "
            "cho báo chí năm 2020",
            0,
        ),
        ("Trong năm, Sở đã đăng tải 215 tin, bài trên Trang thông tin điện tử của Sở.", 2),
        ("Người phát ngôn:", 4),
        ("ông Trần An, Phó Giám đốc Sở", 5),
        ("Kính gửi: Sở Thông tin và Truyền thông", 6),
        ("Căn cứ Nghị định số 09/2017/NĐ-CP", 7),
        ("Trang thông tin điện tử đã đăng 215 tin, bài về hoạt động của Sở", 8),
        ("a) tập huấn kỹ năng phát ngôn", 10),
        ("2. Hỗ trợ kỹ thuật", 11),
        ("Tổng số tin", 12),
        ("bài: 215", 13),
    ]


def test_docx_legacy_font_from_document_defaults(files):
    doc = read(build_defaults_font_docx(files / "mac-dinh.docx"))
    assert [(b.text, b.fonts) for b in doc.blocks] == [("Họp báo", (".VnTime",))]


def test_docx_nfd_text_comes_out_nfc(docx_doc):
    block = by_text(docx_doc, NFD_TEXT)
    assert len(block.text) == len(NFD_TEXT)


def test_docx_page_numbers_from_page_breaks(docx_doc):
    assert docx_doc.pages == 2
    assert by_text(docx_doc, LONG_PARAGRAPH).location.page == 1
    assert by_text(docx_doc, RECOMMEND_TEXT).location.page == 2
    assert by_text(docx_doc, "Văn bản đầu trang").location.page is None


def test_docx_rendered_page_breaks_not_double_counted(files):
    doc = read(build_rendered_breaks_docx(files / "trang.docx"))
    pages = {b.text: b.location.page for b in doc.blocks}
    assert pages == {
        "Trang một, đoạn A": 1,
        "Trang một, đoạn B": 1,
        "Trang hai, đoạn C": 2,
        "Trang hai, đoạn D": 2,
        "Trang hai, đoạn E bắt đầu và kết thúc ở trang ba": 2,
        "Trang ba, đoạn F": 3,
    }
    assert doc.pages == 3


def test_docx_automatic_numbering_labels(files):
    doc = read(build_numbered_docx(files / "danh-sach.docx"))
    assert [b.text for b in doc.blocks] == [
        "1. Kết quả thứ nhất",
        "2. Kết quả thứ hai",
        "• Đề nghị tập huấn",
    ]


def test_docx_without_page_breaks_has_no_page(files):
    doc = read(build_numbered_docx(files / "mot-trang.docx"))
    assert {b.location.page for b in doc.blocks} == {None}


def test_docx_external_entity_is_not_read(files, report_docx):
    text = read(build_entity_docx(report_docx, files / "xxe.docx", bomb=False)).text()
    assert "root:" not in text
    assert LONG_PARAGRAPH in text


def test_docx_entity_bomb_is_refused_before_expanding(files, report_docx):
    bomb = build_entity_docx(report_docx, files / "bomb-entity.docx", bomb=True)
    with PeakMemory() as memory, pytest.raises(CorruptFile) as exc:
        read(bomb)
    # Expanded, &h; is 10^8 characters; refused by the parser, reading costs a few KiB.
    assert memory.peak < 4 * 2**20, f"peak {memory.peak:,} bytes"
    assert "word/document.xml" in exc.value.detail
    assert_vietnamese(exc.value)


def test_docx_detected_by_content_even_when_named_pdf(files, report_docx):
    renamed = files / "that-la-docx.pdf"
    renamed.write_bytes(report_docx.read_bytes())
    assert detect_format(renamed) == "docx"
    doc = read(renamed)
    assert doc.format == "docx"
    assert LONG_PARAGRAPH in doc.text()


# -- PDF with a text layer -------------------------------------------------------------------------


def test_pdf_pages_and_paragraph_joining(pdf_doc):
    assert pdf_doc.format == "pdf"
    assert pdf_doc.pages == 3
    long = by_text(pdf_doc, LONG_PARAGRAPH)  # four lines in the PDF, one block
    assert long.location.page == 1
    assert by_text(pdf_doc, RECOMMEND_TEXT).location.page == 2
    assert by_text(pdf_doc, "IV. ĐỀ XUẤT, KIẾN NGHỊ").location.page == 2
    # A bullet starts its own block; its wrapped second line joins it.
    assert by_text(pdf_doc, "- " + PRESS_TEXT).location.page == 1
    assert [b.location.paragraph for b in pdf_doc.blocks] == list(range(len(pdf_doc.blocks)))


def test_pdf_paragraph_cut_by_page_break_is_joined(pdf_doc, report_pdf):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(report_pdf))
    try:
        page3 = pdf[2].get_textpage().get_text_range()
    finally:
        pdf.close()
    first_body_line = page3.splitlines()[1]
    assert not first_body_line.startswith("N"), "fixture no longer cuts a paragraph at page 2/3"
    pages = [by_text(pdf_doc, filler(k)).location.page for k in range(1, FILLERS + 1)]
    assert pages == sorted(pages) and pages[0] == 2 and pages[-1] == 3


def test_pdf_ruled_table_cells(pdf_doc):
    cells = {
        text: (b.location.table, b.location.row, b.location.cell)
        for text in ("TT", "Kết quả", "1", "315", "thông tin điện tử", "Ô gộp hai cột")
        for b in [by_text(pdf_doc, text)]
    }
    assert cells == {
        "TT": (0, 0, 0),
        "Kết quả": (0, 0, 2),
        "1": (0, 1, 0),
        "315": (0, 1, 2),
        # The wrapped second line of a cell: same row (no rule between), same column.
        "thông tin điện tử": (0, 1, 1),
        "Ô gộp hai cột": (0, 2, 0),
    }
    assert by_text(pdf_doc, "Tin, bài đăng trên Cổng").location.cell == 1
    assert by_text(pdf_doc, LONG_PARAGRAPH).location.table is None


def test_pdf_running_header_and_footer(pdf_doc):
    heads = [b for b in pdf_doc.blocks if b.text == "Văn bản đầu trang"]
    feet = [b for b in pdf_doc.blocks if b.text == "Văn bản chân trang"]
    assert [b.location.page for b in heads] == [1, 2, 3]
    assert {b.location.part for b in heads} == {"header"}
    assert {b.location.part for b in feet} == {"footer"}
    assert len(feet) == 3


def test_pdf_without_unicode_maps_goes_to_ocr(files, report_pdf):
    # The same PDF with its /ToUnicode maps renamed: glyphs decode to control codes, which
    # pdfplumber shows as "(cid:NN)". Every page must be sent to OCR (the limit proves it cheaply).
    data = report_pdf.read_bytes()
    assert b"/ToUnicode" in data
    broken = files / "cid.pdf"
    broken.write_bytes(data.replace(b"/ToUnicode", b"/XoUnicode"))
    with pytest.raises(TooLarge) as exc:
        read(broken, Limits(ocr_max_pages=2))
    assert "3 page(s) without a usable text layer need OCR" in exc.value.detail


def test_pdf_two_column_header_split_left_column_first(pdf_doc):
    order = [
        index_of(pdf_doc, t)
        for t in (
            "UBND TỈNH HÀ NAM",
            "SỞ Y TẾ",
            "Số: 123/BC-SYT",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Hà Nam, ngày 07 tháng 12 năm 2020",
        )
    ]
    assert order == sorted(order)
    assert by_text(pdf_doc, "UBND TỈNH HÀ NAM").bold
    assert not by_text(pdf_doc, "Số: 123/BC-SYT").bold
    assert index_of(pdf_doc, "Hà Nam, ngày 07 tháng 12 năm 2020") < index_of(pdf_doc, "BÁO CÁO")


@pytest.mark.parametrize(
    ("word", "gap", "split"),
    [
        ("NAM", 30.0, True),  # agency | national motto
        ("NAM", 10.0, False),  # a wide justified space
        ("ngày", 40.0, False),  # "ngày      tháng 12 năm 2020": a blank day, one line
        ("Số:", 60.0, False),  # "Số:         /BC-UBND": a blank number
        ("……", 40.0, False),
    ],
)
def test_column_gap_rule(word, gap, split):
    from ingest.readers.layout import is_column_gap

    assert is_column_gap(word, gap, em=13.0) is split


@pytest.mark.parametrize(
    ("next_line", "joined"),
    [
        # The line stops 45 pt short of the margin: "Tuyên" (about 35 pt) had room there, so
        # the paragraph ended; "Truyền hình" did not fit (its first word about 50 pt): a wrap.
        ([(72.0, 107.0, "Tuyên"), (110.0, 140.0, "giáo")], False),
        ([(72.0, 122.0, "Truyềnnn"), (125.0, 160.0, "hình")], True),
    ],
)
def test_ragged_right_line_wrapped_early_for_a_long_word(next_line, joined):
    from ingest.readers.layout import Line, lines_to_paragraphs

    def line(top: float, x1: float, words) -> Line:
        text = " ".join(w for _, _, w in words)
        return Line(1, 72.0, x1, top, top + 13, text, 13.0, words=tuple(words))

    body = [(72.0, 520.0, "Trong năm, Sở đã phối hợp cung cấp thông tin cho các cơ quan báo")]
    lines = [
        line(100.0, 520.0, body),  # a full line sets the right margin at 520 pt
        line(116.0, 475.0, [(72.0, 475.0, "chí ở Trung ương và địa phương, gồm Báo Hà Nam, Đài")]),
        line(132.0, next_line[-1][1], next_line),
    ]
    paragraphs = lines_to_paragraphs(lines)
    assert (len(paragraphs[-1]) == 3) is joined


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_pdf_with_turned_text_is_read_in_reading_order(files, report_pdf, degrees):
    doc = read(build_turned_pdf(report_pdf, files / f"xoay-{degrees}.pdf", degrees=degrees))
    assert by_text(doc, LONG_PARAGRAPH).location.page == 1
    order = [index_of(doc, t) for t in ("UBND TỈNH HÀ NAM", "SỞ Y TẾ", "BÁO CÁO")]
    assert order == sorted(order)


def test_pdf_keeps_font_names(pdf_doc):
    assert any("Liberation" in f or "Times" in f for f in by_text(pdf_doc, LONG_PARAGRAPH).fonts)


def test_pdf_over_page_limit(report_pdf):
    with pytest.raises(TooLarge) as exc:
        read(report_pdf, Limits(max_pages=2))
    assert "3 pages" in exc.value.detail
    assert_vietnamese(exc.value)


def test_pdf_truncated_is_corrupt(files, report_pdf):
    cut = files / "cut.pdf"
    data = report_pdf.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptFile) as exc:
        read(cut)
    assert "truncated" in exc.value.detail
    assert_vietnamese(exc.value)


def _encrypt(src: Path, dst: Path, user: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(src))
    writer.encrypt(user_password=user, owner_password="chu-so-huu", algorithm="AES-128")
    with dst.open("wb") as fh:
        writer.write(fh)
    return dst


def test_pdf_with_open_password_is_encrypted(files, report_pdf):
    locked = _encrypt(report_pdf, files / "locked.pdf", user="matkhau")
    with pytest.raises(EncryptedFile) as exc:
        read(locked)
    assert "password" in exc.value.detail
    assert_vietnamese(exc.value)


def test_pdf_with_empty_user_password_is_read(files, report_pdf):
    restricted = _encrypt(report_pdf, files / "restricted.pdf", user="")
    doc = read(restricted)
    assert doc.format == "pdf"
    assert by_text(doc, LONG_PARAGRAPH).location.page == 1


# -- OCR -------------------------------------------------------------------------------------------


def test_scanned_pdf_is_read_with_ocr(scan_pdf):
    doc = read(scan_pdf)
    assert doc.format == "pdf-ocr"
    assert doc.pages == 1
    assert doc.blocks and all(b.location.part == "ocr" and b.location.page == 1 for b in doc.blocks)
    folded = fold(doc.text())
    for words in ("bao cao", "hop bao", "nguoi phat ngon", "ubnd tinh", "cong thong tin"):
        assert words in folded, words
    assert any("thuc hien nghi dinh so 09/2017" in fold(b.text) for b in doc.blocks)
    texts = [fold(b.text) for b in doc.blocks]
    assert _first("y te", texts) < _first("doc lap", texts), texts[:8]


def _scan_in_word(scan_pdf: Path, dest: Path, *, text: str) -> Path:
    """Write a DOCX holding ``text`` and the scan's page as a picture, plus a small logo."""
    import docx
    import pypdfium2 as pdfium
    from docx.shared import Cm
    from PIL import Image

    pdf = pdfium.PdfDocument(str(scan_pdf))
    page = pdf[0].render(scale=200 / 72, grayscale=True).to_pil()
    pdf.close()
    page.save(dest.with_suffix(".png"))
    Image.new("L", (120, 60), 0).save(dest.with_suffix(".logo.png"))
    d = docx.Document()
    d.add_picture(str(dest.with_suffix(".logo.png")), width=Cm(2))
    d.add_paragraph(text)
    d.add_picture(str(dest.with_suffix(".png")), width=Cm(16))
    d.save(dest)
    return dest


def test_scan_pasted_into_word_is_read_with_ocr(files, scan_pdf):
    pasted = _scan_in_word(scan_pdf, files / "scan-trong-word.docx", text="Bản scan có chữ ký")
    doc = read(pasted)
    assert doc.format == "docx-ocr"
    assert doc.blocks[0].text == "Bản scan có chữ ký"  # the document's own text stays first
    scanned = [b for b in doc.blocks if b.location.part == "ocr"]
    assert scanned and all(b.location.page == 1 for b in scanned)
    folded = fold(" ".join(b.text for b in scanned))
    for words in ("bao cao", "hop bao", "nguoi phat ngon", "cong thong tin"):
        assert words in folded, words
    assert any("OCR from 1 image(s)" in w for w in doc.warnings)  # the logo is not read
    # A real text document with a picture in it is not OCR'd.
    typed = _scan_in_word(scan_pdf, files / "co-chu.docx", text=LONG_PARAGRAPH * 2)
    plain = read(typed)
    assert plain.format == "docx" and all(b.location.part != "ocr" for b in plain.blocks)


def test_turned_scan_image_is_read_upright(files, scan_pdf):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(scan_pdf))
    try:
        page = pdf[0].render(scale=200 / 72, grayscale=True).to_pil()
    finally:
        pdf.close()
    # The header strip of the scan, turned a quarter to the left as a phone photo may be.
    header = page.crop((0, 0, page.width, page.height // 5)).rotate(90, expand=True)
    png = files / "anh-chup.jpg"  # a PNG with a misleading name
    header.save(png, "PNG", dpi=(200, 200))
    assert detect_format(png) == "image"
    doc = read(png)
    assert doc.format == "image-ocr"
    texts = [fold(b.text) for b in doc.blocks]
    assert "so y te" in texts
    assert "doc lap - tu do - hanh phuc" in texts
    # Two-column header in column order, as in the DOCX and PDF readers.
    assert texts.index("so y te") < texts.index("doc lap - tu do - hanh phuc")


def test_scan_with_a_watermark_text_layer_still_goes_to_ocr(files, scan_pdf):
    marked = build_watermarked_scan(scan_pdf, files / "scan-watermark.pdf")
    # The OCR limit proves the page was sent to OCR without paying for a second OCR run.
    with pytest.raises(TooLarge) as exc:
        read(marked, Limits(ocr_max_pages=0))
    assert "1 page(s) without a usable text layer need OCR" in exc.value.detail


def test_ocr_page_timeout_kills_tesseract(scan_pdf):
    with pytest.raises(Timeout) as exc:
        read(scan_pdf, Limits(ocr_page_timeout_s=0.05))
    assert "killed" in exc.value.detail
    assert_vietnamese(exc.value)
    assert not _children_named("tesseract")


def test_ocr_page_limit(scan_pdf):
    with pytest.raises(TooLarge) as exc:
        read(scan_pdf, Limits(ocr_max_pages=0))
    assert_vietnamese(exc.value)


def test_missing_tesseract_is_tool_missing(scan_pdf, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ToolMissing) as exc:
        read(scan_pdf)
    assert "tesseract-ocr-vie" in exc.value.user_message
    assert_vietnamese(exc.value)


def test_missing_tesseract_keeps_the_text_pages(files, report_pdf, scan_pdf, monkeypatch):
    mixed = build_mixed_pdf(report_pdf, scan_pdf, files / "tron.pdf")
    monkeypatch.setenv("PATH", str(files / "no-tools-here"))
    doc = read(mixed)
    assert doc.format == "pdf"
    assert doc.pages == 2
    assert by_text(doc, LONG_PARAGRAPH).location.page == 1
    assert {b.location.page for b in doc.blocks} == {1}
    assert any("no OCR available" in w for w in doc.warnings)


def test_tool_status_reports_installed_tools():
    status = tool_status()
    assert status["tesseract"] and re.match(r"\d", status["tesseract"])
    assert status["tesseract_vie"] == "yes"
    assert status["soffice"] and Path(status["soffice"]).exists()


# -- legacy .doc -----------------------------------------------------------------------------------


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """Point tempfile (work folders, LibreOffice profiles) at a folder only this test uses."""
    import tempfile

    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_doc_converted_and_read(report_doc, private_tmp):
    assert detect_format(report_doc) == "doc"
    doc = read(report_doc)
    assert doc.format == "doc"
    assert doc.path == str(report_doc)
    assert by_text(doc, LONG_PARAGRAPH).location.page == 1
    assert by_text(doc, RECOMMEND_TEXT).location.page == 2
    assert by_text(doc, "Báo cáo kết quả").fonts == (".VnTime",)
    # LibreOffice writes the TCVN3 "ư" (0xAD) as <w:softHyphen/>: it must come back as "ư".
    assert by_text(doc, TCVN3_U_HORN[1]).fonts == (".VnTime",)
    assert by_text(doc, SOFT_HYPHEN_TEXT)
    cell = by_text(doc, "UBND TỈNH HÀ NAM").location
    assert (cell.table, cell.row, cell.cell) == (0, 0, 0)
    assert by_text(doc, TEXTBOX_TEXT).location.part == "textbox"
    assert not list(private_tmp.iterdir()), "temporary folders left behind"


@pytest.mark.parametrize("kind", ["odt", "rtf"])
def test_odt_and_rtf_converted_and_read(files, report_docx, private_tmp, kind):
    source = soffice_convert(report_docx, kind, files / kind)
    disguised = files / kind / f"bao-cao-{kind}.docx"  # detected by content, not by the name
    disguised.write_bytes(source.read_bytes())
    assert detect_format(disguised) == kind
    doc = read(disguised)
    assert doc.format == kind and doc.path == str(disguised)
    assert by_text(doc, LONG_PARAGRAPH)
    assert by_text(doc, RECOMMEND_TEXT)
    assert by_text(doc, TCVN3_U_HORN[1]).fonts == (".VnTime",)
    assert not list(private_tmp.iterdir()), "temporary folders left behind"


def _opendocument(path: Path, mimetype: str, manifest: str = "") -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", mimetype)
        zf.writestr("content.xml", "<office:document-content/>")
        zf.writestr("META-INF/manifest.xml", manifest or "<manifest:manifest/>")
    return path


def test_encrypted_odt_zip_bomb_and_other_opendocument_kinds(files, monkeypatch):
    import zipfile

    manifest = (
        "<manifest:manifest><manifest:file-entry manifest:full-path='content.xml'>"
        "<manifest:encryption-data manifest:checksum-type='SHA1/1K'/></manifest:file-entry>"
        "</manifest:manifest>"
    )
    odt = "application/vnd.oasis.opendocument.text"
    with pytest.raises(EncryptedFile) as exc:
        read(_opendocument(files / "khoa.odt", odt, manifest))
    assert_vietnamese(exc.value)
    # A zip bomb in ODT clothes is refused from its ZIP directory, before LibreOffice runs.
    bomb = files / "bom.odt"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", odt)
        zf.writestr("content.xml", b"<a>" + b" " * (20 * 2**20) + b"</a>")
    conversions = count_calls(monkeypatch, legacy, "convert_to_docx")
    with pytest.raises(TooLarge):
        read(bomb)
    assert not conversions
    sheet = _opendocument(files / "bang.odt", "application/vnd.oasis.opendocument.spreadsheet")
    with pytest.raises(UnsupportedFormat) as exc:
        read(sheet)
    assert "spreadsheet" in exc.value.detail
    assert "ODT" in exc.value.user_message


def test_doc_with_password_flag_is_encrypted(files, report_doc):
    locked = set_doc_encrypted_flag(report_doc, files / "locked.doc")
    with pytest.raises(EncryptedFile) as exc:
        read(locked)
    assert "password" in exc.value.detail
    assert_vietnamese(exc.value)


def test_doc_conversion_timeout_kills_libreoffice(report_doc, private_tmp):
    with pytest.raises(Timeout) as exc:
        read(report_doc, Limits(convert_timeout_s=0.2))
    assert "killed" in exc.value.detail
    assert_vietnamese(exc.value)
    wait_until(
        lambda: not _processes_matching(str(private_tmp)), timeout=60, what="LibreOffice to exit"
    )
    assert not list(private_tmp.iterdir())


def test_missing_soffice_is_tool_missing(report_doc, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(readers_base, "_SOFFICE_CANDIDATES", ())
    with pytest.raises(ToolMissing) as exc:
        read(report_doc)
    assert "LibreOffice" in exc.value.user_message
    assert_vietnamese(exc.value)


# -- bad inputs ------------------------------------------------------------------------------------


def test_empty_file(files):
    empty = files / "rong.docx"
    empty.write_bytes(b"")
    with pytest.raises(EmptyFile) as exc:
        read(empty)
    assert "0 bytes" in exc.value.detail
    assert_vietnamese(exc.value)


def test_random_bytes(files):
    junk = files / "rac.pdf"
    junk.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(UnsupportedFormat) as exc:
        read(junk)
    assert "binary" in exc.value.detail
    assert_vietnamese(exc.value)


def test_html_named_docx(files):
    page = files / "trang-web.docx"
    page.write_text("<!DOCTYPE html><html><body><p>Báo cáo</p></body></html>", encoding="utf-8")
    with pytest.raises(UnsupportedFormat) as exc:
        read(page)
    assert "HTML" in exc.value.detail
    assert_vietnamese(exc.value)


def test_zip_that_is_not_a_word_document(files):
    import zipfile

    archive = files / "nen.docx"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("bao-cao.txt", "Báo cáo")
    with pytest.raises(UnsupportedFormat) as exc:
        read(archive)
    assert "ZIP archive" in exc.value.detail
    assert_vietnamese(exc.value)


def test_truncated_docx_is_corrupt(files, report_docx):
    cut = files / "cut.docx"
    data = report_docx.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptFile) as exc:
        read(cut)
    assert "ZIP" in exc.value.detail
    assert_vietnamese(exc.value)


def test_zip_bomb_by_ratio_refused_before_inflating(files):
    bomb = build_zip_ratio_bomb(files / "bomb-ratio.docx")
    assert bomb.stat().st_size < 200_000
    with PeakMemory() as memory, pytest.raises(TooLarge) as exc:
        read(bomb)
    # Inflated, the entry is 20 MiB; refused by its directory entry, nothing is inflated.
    assert memory.peak < 2**20, f"peak {memory.peak:,} bytes"
    assert "ratio" in exc.value.detail and "word/document.xml" in exc.value.detail
    assert_vietnamese(exc.value)


def test_zip_bomb_by_declared_size_refused(files):
    bomb = build_zip_declared_bomb(files / "bomb-size.docx")
    assert bomb.stat().st_size < 10_000
    with pytest.raises(TooLarge) as exc:
        read(bomb)
    assert "3,221,225," in exc.value.detail
    assert_vietnamese(exc.value)


def test_file_over_size_limit(report_docx):
    with pytest.raises(TooLarge) as exc:
        read(report_docx, Limits(max_file_bytes=1000))
    assert "1,000" in exc.value.detail
    assert_vietnamese(exc.value)


def test_encrypted_ooxml_container(files):
    locked = build_cfb(files / "mat-khau.docx", ["EncryptionInfo", "EncryptedPackage"])
    with pytest.raises(EncryptedFile) as exc:
        read(locked)
    assert "EncryptedPackage" in exc.value.detail
    assert_vietnamese(exc.value)


def test_ole2_that_is_not_word(files):
    xls = build_cfb(files / "bang-tinh.doc", ["Workbook"])
    with pytest.raises(UnsupportedFormat) as exc:
        read(xls)
    assert "Excel" in exc.value.detail
    assert_vietnamese(exc.value)


def test_limits_from_environment():
    limits = Limits.from_env(
        {"REPORTS_READER_MAX_PAGES": "12", "REPORTS_READER_OCR_PAGE_TIMEOUT_S": "2.5"}
    )
    assert (limits.max_pages, limits.ocr_page_timeout_s) == (12, 2.5)
    assert limits.max_file_bytes == Limits().max_file_bytes


def _processes_matching(needle: str) -> list[str]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if needle in cmd and "pytest" not in cmd:
            found.append(cmd)
    return found


def _first(needle: str, texts: list[str]) -> int:
    return next(i for i, t in enumerate(texts) if needle in t)


def _children_named(name: str) -> list[int]:
    """Return the PIDs of this process's live children called `name`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        if comm == name and int(fields[1]) == os.getpid() and fields[0] != "Z":
            found.append(int(entry))
    return found


def test_embedded_pictures_too_small_or_undecodable_are_skipped_with_a_warning(files):
    import io

    from PIL import Image

    from ingest.readers import ocr

    small = io.BytesIO()
    Image.effect_noise((ocr.MIN_PAGE_PIXELS - 1, 900), 60).save(small, format="PNG")
    images = [("word/media/con-dau.png", small.getvalue()), ("word/media/so-do.emf", b"\x01" * 64)]
    blocks, pages, warnings = ocr.ocr_embedded_images(images, Limits(), path=files / "x.docx")
    assert (blocks, pages) == ([], 0)
    assert any("con-dau.png too small to be a page" in w for w in warnings), warnings
    assert any("so-do.emf not decoded" in w for w in warnings), warnings


def test_ruling_lines_of_a_scanned_table_are_found_and_text_is_not():
    from PIL import Image, ImageDraw

    from ingest.readers.ocr import image_rules

    dpi = 200
    image = Image.new("L", (1600, 1000), 255)
    draw = ImageDraw.Draw(image)
    for y in (100, 300, 301, 302, 700):  # a rule 3 pixels thick counts once per band
        draw.line([(150, y), (1450, y)], fill=0)
    draw.line([(150, 500), (250, 500)], fill=0)  # 0.5 inch: an underline, no rule
    draw.text((160, 400), "Yêu cầu của cơ quan báo chí đã trả lời " * 3, fill=0)
    rules = image_rules(image.rotate(0.5, fillcolor=255), dpi)  # scanned a little askew
    ys = sorted({round(y) for y, _, _ in rules})
    assert ys and all(any(abs(y - want * 72 / dpi) < 6 for want in (100, 301, 700)) for y in ys)
    assert {min(abs(y - want * 72 / dpi) for y in ys) < 6 for want in (100, 301, 700)} == {True}
    assert all(x1 - x0 >= 0.6 * 72 for _, x0, x1 in rules)


def test_wrapped_cells_of_a_scanned_ruled_table_stay_in_their_row(files):
    """A scanned table keeps its borders only as pixels: they tell a cell's wrapped lines from a
    new row, as a PDF's path objects do, so a label over five lines stays beside its value."""
    import pypdfium2 as pdfium

    source = ROOT / "tests" / "independent" / "reports" / "so-xay-dung-an-giang-2026.pdf"
    pdf = pdfium.PdfDocument(str(source))
    page = pdf[len(pdf) - 1].render(scale=300 / 72, grayscale=True).to_pil()
    pdf.close()
    scan = files / "phu-luc-quet.png"
    page.save(scan, dpi=(300, 300))
    doc = read(scan)
    cells = [b for b in doc.blocks if b.location.table is not None]
    value = next(b for b in cells if b.text.replace(" ", "") == "9/11")
    label = [b.text for b in cells if b.location.row == value.location.row and b.location.cell == 1]
    assert fold(" ".join(label)) == "yeu cau cua co quan bao chi da tra loi/da tiep nhan", label


@pytest.mark.parametrize(
    ("heading", "apart"),
    [
        ("HI. NHIỆM VỤ QUÝ II NĂM 2022", True),  # OCR's "III."
        ("Il. ĐÁNH GIÁ CHUNG", True),  # OCR's "II."
        ("III. NHIỆM VỤ QUÝ II NĂM 2022", True),
        ("Hà Nội và các tỉnh lân cận.", False),  # a sentence going on
    ],
)
def test_a_heading_numbered_as_ocr_reads_roman_numerals_starts_a_paragraph(heading, apart):
    from documents import REPORT_2026_HEADER, document_from_text

    from ingest.fields.view import build_view
    from ingest.readers.layout import Line, lines_to_paragraphs

    def line(top: float, x1: float, text: str) -> Line:
        return Line(1, 72.0, x1, top, top + 13, text, 13.0, words=((72.0, x1, text),))

    lines = [
        line(100.0, 520.0, "Hạn chế: Số lượng tin, bài tự viết về hoạt động chuyên môn của ngành"),
        line(116.0, 520.0, "còn ít, chưa đáp ứng yêu cầu tuyên truyền của cơ quan trong thời gian"),
        line(132.0, 300.0, heading),
    ]
    paragraphs = lines_to_paragraphs(lines)
    assert (len(paragraphs) == 2) is apart
    if apart:
        doc = document_from_text(
            REPORT_2026_HEADER + "I. KẾT QUẢ\nSở đăng 40 tin, bài.\n" + heading
        )
        assert build_view(doc).blocks[-1].heading_level == 1
