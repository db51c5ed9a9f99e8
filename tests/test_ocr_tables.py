"""The rows of a photographed or scanned form table (issue "Unseen documents", OCR class).

The real cases: tests/unseen/u09/reports/ubnd-phuong-phan-rang-2026.zip (two phone photos; the
rules between the form's rows were not found, so rows 1 to 4 ran into one and the table ended
at item 3's wrapped line) and tests/unseen/u10/reports/ubnd-huyen-luc-nam-quy-3-2021.pdf (a
scan whose centred "Kết quả" column had two column starts, so "tịch UBND huyện" under "Ông Trần
Đức Lợi - Phó Chủ" ended the table). One form page is drawn here with DejaVu Sans, its row
rules too faint to find, and read by the real Tesseract `vie`; the layout rules themselves are
checked on lines placed as OCR gives them, with counter-cases (a merged cell listing numbered
items, a two-level header, a number that is no row's).
"""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw
from test_photo_perspective import DPI, font, jpeg, needs_ocr, table_rows

from ingest.fields import extract
from ingest.readers import read
from ingest.readers.layout import Line, TableState, mark_tables

# (number, label lines, result lines), as the Phan Rang form printed them.
PHAN_RANG_ROWS = (
    ("1", ("Số cuộc họp báo đã tổ chức",), ("0",)),
    ("2", ("Số lần cung cấp thông tin tại giao ban", "báo chí"), ("02",)),
    ("3", ("Số yêu cầu của cơ quan báo chí được", "trả lời / tổng số yêu cầu"), ("06/06",)),
    ("4", ("Số vụ việc nóng đã phát ngôn / tổng", "số vụ việc"), ("01/02",)),
    ("5", ("Số yêu cầu trả lời đúng thời hạn /", "tổng số yêu cầu có thời hạn"), ("05/06",)),
    ("6", ("Văn bản trả lời, đề nghị cải chính /", "tổng số trường hợp"), ("Không phát sinh",)),
)


def _centred(draw: ImageDraw.ImageDraw, x0: int, x1: int, y: int, text: str, font) -> None:
    width = draw.textlength(text, font=font)
    draw.text((round((x0 + x1 - width) / 2), y), text, font=font, fill="black")


def form_scan(*, faint_rows: bool) -> Image.Image:
    """Return an A4 page whose form table centres its header and its results.

    With `faint_rows` the rules between the rows are pale, as a phone photo's thin rules are
    once thresholded: only the header's rules and the table's bottom are found.
    """
    w, h = round(8.27 * DPI), round(11.69 * DPI)
    img = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(img)
    regular, bold = font(12), font(12, bold=True)
    left, right = round(0.8 * DPI), w - round(0.8 * DPI)
    y = round(0.8 * DPI)
    draw.text((round(2.6 * DPI), y), "BÁO CÁO KẾT QUẢ NĂM 2026", font=bold, fill="black")
    y += round(0.5 * DPI)
    draw.text((left, y), "II. KẾT QUẢ THỰC HIỆN THEO MẪU BÁO CÁO", font=bold, fill="black")
    y += round(0.4 * DPI)
    cols = (left, left + round(0.5 * DPI), right - round(2.0 * DPI), right)
    line = round(0.24 * DPI)
    top = y
    strong, pale = "black", (215, 215, 215)
    draw.line((left, y, right, y), fill=strong, width=2)
    _centred(draw, cols[0], cols[1], y + 6, "TT", bold)
    _centred(draw, cols[1], cols[2], y + 6, "Nội dung", bold)
    _centred(draw, cols[2], cols[3], y + 6, "Kết quả", bold)
    y += line + round(0.12 * DPI)
    draw.line((left, y, right, y), fill=strong, width=2)
    for k, (number, label, result) in enumerate(PHAN_RANG_ROWS):
        height = line * max(len(label), len(result)) + round(0.12 * DPI)
        _centred(draw, cols[0], cols[1], y + 6, number, regular)
        for j, text in enumerate(label):
            draw.text((cols[1] + 8, y + 6 + j * line), text, font=regular, fill="black")
        for j, text in enumerate(result):
            _centred(draw, cols[2], cols[3], y + 6 + j * line, text, regular)
        y += height
        last = k == len(PHAN_RANG_ROWS) - 1
        draw.line((left, y, right, y), fill=pale if faint_rows and not last else strong, width=2)
    for x in cols:
        draw.line((x, top, x, y), fill=strong, width=2)
    y += round(0.4 * DPI)
    draw.text((left, y), "Trên đây là báo cáo của UBND phường./.", font=regular, fill="black")
    return img


@pytest.fixture(scope="module")
def phan_rang_photo(tmp_path_factory):
    path = tmp_path_factory.mktemp("ocr-tables") / "ubnd-phuong-phan-rang-anh-chup.jpg"
    path.write_bytes(jpeg(form_scan(faint_rows=True)))
    doc = read(path)
    return doc, {k: v.value for k, v in extract(doc).items()}


@needs_ocr
def test_phan_rang_form_rows_open_at_their_numbers_without_rules(phan_rang_photo):
    doc, _ = phan_rang_photo
    rows = [" | ".join(cells) for cells in table_rows(doc)]
    # The header, then one row per item, each with its number, its wrapped label and its
    # result; before, items 1 to 6 ran into one row under the header's rule.
    assert len(rows) == 1 + len(PHAN_RANG_ROWS), rows
    for row, (number, label, result) in zip(rows[1:], PHAN_RANG_ROWS, strict=True):
        assert row.startswith(number), rows
        assert label[-1].split()[-1] in row, rows
        assert row.endswith(result[-1]), rows


@needs_ocr
def test_phan_rang_form_counts_are_read_from_the_photographed_table(phan_rang_photo):
    _, got = phan_rang_photo
    assert (
        got["press_conferences"],
        got["briefings"],
        got["press_requests_answered"],
        got["press_requests_received"],
        got["incidents_spoken"],
        got["incidents_total"],
        got["answers_on_time"],
        got["answers_total"],
        got["correction_requests"],
        got["corrections_total"],
    ) == (0, 2, 6, 6, 1, 2, 5, 6, 0, 0)


# -- the layout rules on lines placed as OCR gives them: no OCR ------------------------------------


def _line(row: int, x0: float, x1: float, text: str, em: float = 9.0, pitch: float = 12.0) -> Line:
    top = 100 + pitch * row
    return Line(
        page=0,
        x0=x0,
        x1=x1,
        top=top,
        bottom=top + em,
        text=text,
        em=em,
        row=row,
        measured=False,
    )


def _header() -> list[Line]:
    """Return the header row "TT | Nội dung | Kết quả" of the counter-cases' tables."""
    return [_line(0, 67, 80, "TT"), _line(0, 100, 160, "Nội dung"), _line(0, 300, 340, "Kết quả")]


def _cells(lines: list[Line], rules=()) -> list[tuple[tuple[int, int, int] | None, str]]:
    mark_tables(lines, TableState(), list(rules))
    return [(ln.cell, ln.text) for ln in lines]


def test_a_centred_result_column_keeps_a_wrapped_value_in_its_cell():
    # Lục Nam: "Kết quả" centred over values centred in its column, a value wrapping onto a
    # narrower line. Its start and the value's start are one column, not two.
    lines = [
        _line(0, 79, 96, "TT"),
        _line(0, 214, 265, "Nội dung"),
        _line(0, 434, 478, "Kết quả"),
        _line(1, 86, 90, "1"),
        _line(1, 100, 295, "Người phát ngôn của UBND huyện"),
        _line(1, 380, 533, "Ông Trần Đức Lợi - Phó Chủ"),
        _line(2, 410, 504, "tịch UBND huyện"),
        _line(3, 86, 90, "2"),
        _line(3, 100, 337, "Số tin, bài đăng trên Cổng thông tin"),
        _line(3, 448, 467, "214"),
    ]
    got = _cells(lines)
    assert got == [
        ((0, 0, 0), "TT"),
        ((0, 0, 1), "Nội dung"),
        ((0, 0, 2), "Kết quả"),
        ((0, 1, 0), "1"),
        ((0, 1, 1), "Người phát ngôn của UBND huyện"),
        ((0, 1, 2), "Ông Trần Đức Lợi - Phó Chủ"),
        ((0, 1, 2), "tịch UBND huyện"),
        ((0, 2, 0), "2"),
        ((0, 2, 1), "Số tin, bài đăng trên Cổng thông tin"),
        ((0, 2, 2), "214"),
    ]


def test_a_row_number_opens_a_row_where_no_rule_was_found():
    # Rules above and below the header only: "2" and "3" still open rows; a label's wrapped
    # line stays in its row.
    lines = [
        _line(0, 67, 80, "TT"),
        _line(0, 142, 177, "Nội dung"),
        _line(0, 250, 290, "Kết quả"),
        _line(1, 72, 76, "1"),
        _line(1, 89, 217, "Họp báo do UBND phường tổ chức"),
        _line(1, 256, 261, "0"),
        _line(2, 72, 76, "2"),
        _line(2, 89, 217, "Cung cấp thông tin tại giao ban báo"),
        _line(2, 254, 263, "02"),
        _line(3, 89, 119, "chí (lần)"),
        _line(4, 72, 76, "3"),
        _line(4, 89, 214, "Yêu cầu cung cấp thông tin của cơ"),
        _line(4, 254, 275, "06/06"),
    ]
    rules = [(98.0, 60.0, 400.0), (110.5, 60.0, 400.0), (160.0, 60.0, 400.0)]
    got = [(cell[1], text) for cell, text in _cells(lines, rules) if cell]
    assert [row for row, _ in got] == [0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3], got


def test_numbered_items_inside_one_merged_cell_stay_one_row():
    # Counter-case: a ruled row whose label cell lists "1." and "2." on lines of their own is
    # one row: only a number beside other cells, next in sequence, opens a row.
    lines = [
        *_header(),
        _line(1, 72, 76, "1"),
        _line(1, 100, 260, "Khó khăn, vướng mắc:"),
        _line(1, 300, 330, "Có"),
        _line(2, 100, 250, "1. Thiếu cán bộ chuyên trách"),
        _line(3, 100, 250, "2. Chưa có kinh phí"),
        _line(4, 72, 76, "2"),
        _line(4, 100, 260, "Kiến nghị, đề xuất"),
        _line(4, 300, 330, "Không"),
    ]
    rules = [(98.0, 60.0, 400.0), (110.5, 60.0, 400.0), (146.5, 60.0, 400.0), (160.0, 60.0, 400.0)]
    got = [(cell[1], text) for cell, text in _cells(lines, rules) if cell]
    assert [row for row, _ in got] == [0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2], got


def test_a_number_out_of_sequence_opens_no_row():
    # Counter-case: "15 ngày" beside a wrapped label is a value, not row 15 after row 2.
    lines = [
        *_header(),
        _line(1, 72, 76, "2"),
        _line(1, 100, 260, "Thời hạn trả lời trung bình"),
        _line(1, 300, 330, "Đạt"),
        _line(2, 72, 90, "15 ngày"),
        _line(2, 300, 330, "yêu cầu"),
    ]
    rules = [(98.0, 60.0, 400.0), (110.5, 60.0, 400.0), (136.0, 60.0, 400.0)]
    got = [(cell[1], text) for cell, text in _cells(lines, rules) if cell]
    assert [row for row, _ in got] == [0, 0, 0, 1, 1, 1, 1, 1], got


def test_a_two_level_header_keeps_its_sub_columns():
    # Counter-case: "Kết quả" centred over "Đã thực hiện | Tổng số", and counts under each: the
    # two count columns stay two, although "Kết quả" begins where neither does.
    lines = [
        _line(0, 67, 80, "TT"),
        _line(0, 100, 160, "Nội dung"),
        _line(0, 290, 330, "Kết quả"),
        _line(1, 250, 300, "Đã thực hiện"),
        _line(1, 330, 370, "Tổng số"),
        _line(2, 72, 76, "1"),
        _line(2, 100, 240, "Yêu cầu đã trả lời / tổng số"),
        _line(2, 255, 265, "06"),
        _line(2, 335, 345, "07"),
        _line(3, 72, 76, "2"),
        _line(3, 100, 240, "Trả lời đúng thời hạn"),
        _line(3, 255, 265, "05"),
        _line(3, 335, 345, "08"),
    ]
    got = {text: cell for cell, text in _cells(lines) if cell}
    done, total = got["Đã thực hiện"][2], got["Tổng số"][2]
    assert done != total, got
    assert (got["06"][2], got["05"][2], got["07"][2], got["08"][2]) == (done, done, total, total)


def test_krong_nang_number_cells_misread_against_the_rule_still_open_rows():
    # ubnd-xa-krong-nang-cv-2026.jpg: the TT column's numbers read as "1_j", "2)" and "31" (the
    # rule after "3" read as "1"); each number cell of its own opens its row.
    lines = [
        _line(0, 60, 73, "TT"),
        _line(0, 175, 209, "Nội dung"),
        _line(0, 337, 367, "Kết quả"),
        _line(1, 66, 69, "1_j"),
        _line(1, 82, 178, "Số cuộc họp báo đã tổ chức"),
        _line(1, 350, 354, "0"),
        _line(2, 65, 69, "2)"),
        _line(2, 82, 241, "Số lần cung cấp thông tin tại giao ban báo chí"),
        _line(2, 350, 354, "0"),
        _line(3, 65, 69, "31"),
        _line(3, 82, 253, "Số yêu cầu của báo chí đã trả lời/tổng số yêu cầu"),
        _line(3, 347, 358, "3/4"),
    ]
    rules = [(98.0, 50.0, 400.0), (110.5, 50.0, 400.0), (148.0, 50.0, 400.0)]
    got = [(cell[1], text) for cell, text in _cells(lines, rules) if cell]
    assert [row for row, _ in got] == [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3], got


def _ocr_line(row: int, words: list[tuple[float, float, str]], em: float = 5.5) -> Line:
    """Return an OCR line of `words` (x0, x1, text), each with its word box as Tesseract gives."""
    ln = _line(row, words[0][0], words[-1][1], " ".join(w[2] for w in words), em, 8.5)
    ln.ink = tuple((x0, ln.top, x1, ln.bottom, t) for x0, x1, t in words)
    return ln


def test_viet_tri_label_read_into_a_centred_result_cell_splits_at_the_rule():
    # ubnd-phuong-viet-tri-2026-anh-chup.zip: no rules found; "Kết quả" and its values centred,
    # "Không tố chức" wider than the header; item 4's number not read and its label read as one
    # line with its result across the rule ("… tống số vụ | Không phát sinh"), item 2's number
    # with the rule's corner ("2 __|"). Item 4 is a row of its own, its result in "Kết quả".
    lines = [
        _line(0, 52.6, 61.9, "TT", 6.6, 8.5),
        _line(0, 132.0, 156.7, "Nội dung", 6.6, 8.5),
        _line(0, 241.2, 262.6, "Kết quả", 6.6, 8.5),
        _line(1, 56.9, 58.6, "1", 5.5, 8.5),
        _line(1, 70.1, 139.7, "Số cuộc họp báo đã tổ chức", 5.5, 8.5),
        _line(1, 224.9, 262.1, "Không tổ chức", 5.5, 8.5),
        _ocr_line(2, [(56.4, 59.0, "2"), (60.0, 67.4, "__|"), (70.1, 76.3, "Số"), (78, 98, "lần")]),
        _line(2, 248.9, 254.6, "03", 5.5, 8.5),
        _line(3, 56.4, 59.0, "3|", 5.5, 8.5),
        _line(3, 70.1, 212.9, "Số yêu cầu cung cấp thông tin của cơ quan báo chí được", 5.5, 8.5),
        _line(3, 247.9, 255.6, "4/4", 5.5, 8.5),
        _line(4, 69.8, 129.4, "trả lời / tổng số yêu cầu", 5.5, 8.5),
        _ocr_line(
            5,
            [
                *[(70.1, 76.3, "Số"), (78.2, 84.2, "vụ"), (209.3, 215.0, "việc")],
                *[(219.1, 223.2, "|"), (225.1, 241.7, "Không"), (243.6, 254.2, "phát")],
                (256.1, 266.2, "sinh"),
            ],
        ),
        _line(6, 56.4, 59.0, "5|", 5.5, 8.5),
        _line(6, 70.1, 217.7, "Số yêu cầu được trả lời đúng thời hạn", 5.5, 8.5),
        _line(6, 247.7, 255.6, "4/4", 5.5, 8.5),
    ]
    got = [(cell, text) for cell, text in _cells(lines) if cell]
    assert got[6:8] == [((0, 2, 0), "2"), ((0, 2, 1), "Số lần")], got
    assert got[-5:] == [
        ((0, 4, 1), "Số vụ việc"),
        ((0, 4, 2), "Không phát sinh"),
        ((0, 5, 0), "5|"),
        ((0, 5, 1), "Số yêu cầu được trả lời đúng thời hạn"),
        ((0, 5, 2), "4/4"),
    ], got
