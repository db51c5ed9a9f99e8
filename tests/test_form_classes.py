"""Rules for classes of misses of the Decree 244 form's counts on documents written by others
(the unseen batches u01, u03, u04 and the 2026 season's scans): each class with several phrasings
and the counter-cases that must not change."""

from __future__ import annotations

import pytest

from ingest.document import Block, Location
from ingest.fields import extract
from ingest.record import FORM_FIELDS, REVIEW_CONFIDENCE
from tests.documents import REPORT_2026_HEADER, document_from_text

HEADER = REPORT_2026_HEADER
FORM = FORM_FIELDS


def form_values(body: str) -> dict:
    got = extract(document_from_text(HEADER + body))
    return {k: got[k].value for k in FORM if k in got}


def form_with_table(body: str, rows: list[list[str | None]], after: str = "") -> dict:
    """The report with a table after ``body`` (one block per line of a cell; None: no cell, a
    merged cell's column), then ``after``."""
    doc = document_from_text(HEADER + body)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            if text is None:
                continue
            for line in text.split("\n"):
                loc = Location(paragraph=len(doc.blocks), table=5, row=r, cell=c)
                doc.blocks.append(Block(line, loc))
    for line in after.splitlines():
        doc.blocks.append(Block(line, Location(paragraph=len(doc.blocks))))
    got = extract(doc)
    return {k: got[k].value for k in FORM if k in got}


INTRO = "I. KẾT QUẢ\nKết quả thực hiện theo mẫu báo cáo của Nghị định số 244/2026/NĐ-CP:\n"


RESULTS = "I. KẾT QUẢ\n"  # the results part's heading alone, without the form's lead-in


def pair(line: str, numerator: str, denominator: str, intro: str = INTRO) -> tuple:
    """The two fields of a ratio read from ``line`` under ``intro`` (the form's lead-in)."""
    got = form_values(intro + line + "\n")
    return got.get(numerator), got.get(denominator)


# ------------------------------------------ a scan's form table flattened into lines, item by item

SCAN_LINES = """1
Số cuộc họp báo đã tổ chức
không tổ chức họp báo
2
Số lần chủ động cung cấp thông tin tại giao ban báo chí
04 lần
3
Số lượt trả lời báo chí / tổng số đề nghị của báo chí
02 trong tổng số 02 đề
nghị
4
Số vụ việc đột xuất, bất thường đã phát ngôn / tổng số vụ | không phát sinh
việc
5
Số vụ việc phát ngôn đúng thời hạn / tổng số có áp dụng | 1⁄2 vụ
việc
6
Số vụ việc có văn bản phản hồi, yêu cầu cải chính /tổng | không phát sinh
số vụ việc
II. KIẾN NGHỊ
"""


def test_scan_items_flattened_into_lines_are_read_item_by_item():
    got = form_values(INTRO + SCAN_LINES)
    assert got == {
        "briefings": 4,
        "press_requests_answered": 2,
        "press_requests_received": 2,
        "incidents_spoken": 0,
        "incidents_total": 0,
        "answers_on_time": 1,  # "1⁄2": the fraction slash of OCR
        "answers_total": 2,
        "correction_requests": 0,
        "corrections_total": 0,
    }


def test_scan_items_with_a_bar_after_the_number_and_the_value_on_its_own_line():
    lines = """(2) | Số lần cung cấp thông tin tại giao
05 lần
ban báo chí
(3) | Trả lời yêu cầu cung cấp thông tin | 23/25 (92%) | 02 yêu cầu thuộc thẩm quyền cấp
của cơ quan báo chí
(4) | Sự kiện đột xuất, khẩn cấp đã phát
1⁄1
Mưa lũ tháng
ngôn/tổng số 10/2026
(5) | Trả lời đúng thời hạn
21/23
(6) | Văn bản trả lời, đề nghị cải chính
Không phát sinh
"""
    got = form_values(INTRO + lines)
    assert got["briefings"] == 5
    assert (got["press_requests_answered"], got["press_requests_received"]) == (23, 25)
    assert (got["incidents_spoken"], got["incidents_total"]) == (1, 1)
    assert (got["answers_on_time"], got["answers_total"]) == (21, 23)
    assert (got["correction_requests"], got["corrections_total"]) == (0, 0)


@pytest.mark.parametrize(
    "lines",
    [
        # Two items only: no run of the form's items.
        "2\nSố lần cung cấp thông tin tại giao ban báo chí\n04 lần\n3\n"
        "Số yêu cầu của báo chí đã trả lời / tổng số\n5/6\n",
        # Numbered lines whose words name another item than their number.
        "2\nSố tin, bài đăng trên Trang thông tin điện tử\n45\n3\nSố lượt truy cập\n1200\n4\n"
        "Số cuộc giao ban báo chí đã cung cấp thông tin\n3 lần\n",
        # The item's only figure is a date: "10/2026" is no ratio.
        "2\nSố cuộc họp báo đã tổ chức\nkhông\n3\nSố yêu cầu của báo chí đã trả lời/tổng số\n"
        "tháng 10/2026\n4\nSự kiện đột xuất đã phát ngôn\nchưa tổng hợp\n",
    ],
)
def test_numbered_lines_that_are_not_the_forms_items_give_nothing(lines):
    assert form_values(INTRO + lines) == {}


def test_a_rate_of_the_briefings_item_is_no_count_of_times():
    lines = (
        "2\nSố lần cung cấp thông tin tại giao ban báo chí\n4/5\n3\n"
        "Số yêu cầu của báo chí đã trả lời / tổng số\n5/6\n4\nSự kiện đột xuất đã phát ngôn\n"
        "không phát sinh\n"
    )
    got = form_values(INTRO + lines)
    assert "briefings" not in got
    assert (got["press_requests_answered"], got["press_requests_received"]) == (5, 6)


# ------------------------------------------------------------------------ scanned table cells

HEAD = ["TT", "Nội dung", "Kết quả"]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["(3) | Đề nghị của cơ quan báo chí đã trả lời/tiếp nhận", "2/2"], (2, 2)),
        (["(3) {| Số yêu cầu của cơ quan báo chí đã trả lời", "07"], (7, None)),
        (["(3) | Số yêu cầu của cơ quan báo chí đã được trả lời/tổng số 18/19"], (18, 19)),
        (["(3)", "Đề nghị của cơ quan báo chí đã trả lời/tiếp nhận", "1⁄2"], (1, 2)),
        # Counter-cases: a date is no ratio; a rate is no count.
        (["(3) | Số yêu cầu của cơ quan báo chí đã trả lời/tổng số", "10/2026"], (None, None)),
        (["(3) | Số yêu cầu của cơ quan báo chí đã trả lời/tổng số", "100%"], (None, None)),
    ],
)
def test_scanned_request_rows(row, expected):
    got = form_with_table(INTRO, [HEAD, row])
    assert (got.get("press_requests_answered"), got.get("press_requests_received")) == expected


def test_a_rate_column_named_in_the_second_header_row_holds_no_count():
    rows = [
        ["STT", "Nội dung", "Kết quả", "", "", "Ghi chú"],
        ["", "", "Tổng số", "Đã thực hiện", "Tỷ lệ (%)"],
        ["4", "Sự kiện, vấn đề đột xuất, khẩn cấp đã phát ngôn", "03", "03", "100"],
        ["6", "Văn bản trả lời, đề nghị cải chính thông tin", "02", "01", "50"],
    ]
    got = form_with_table(INTRO, rows)
    assert (got["incidents_spoken"], got["incidents_total"]) == (3, 3)
    assert (got["correction_requests"], got["corrections_total"]) == (1, 2)


def test_three_counts_without_a_rate_header_stay_unknown():
    rows = [
        ["STT", "Nội dung", "Kết quả"],
        ["4", "Sự kiện, vấn đề đột xuất, khẩn cấp đã phát ngôn", "03", "03", "100"],
    ]
    assert "incidents_spoken" not in form_with_table(INTRO, rows)


INCIDENTS = "Số sự kiện, vấn đề khẩn cấp đã phát"
INCIDENTS_REST = "ngôn / tổng số sự kiện khẩn cấp"


@pytest.mark.parametrize(
    ("label", "value", "expected"),
    [
        (f"{INCIDENTS} Không phát\n{INCIDENTS_REST}", "sinh", 0),
        (f"{INCIDENTS} Chưa phát\n{INCIDENTS_REST}", "sinh", 0),
        # "sinh" alone, without the first words of the answer, says nothing.
        (f"{INCIDENTS}\n{INCIDENTS_REST}", "sinh", None),
    ],
)
def test_none_arose_cut_between_the_label_and_the_value_cell(label, value, expected):
    got = form_with_table(INTRO, [HEAD, ["4", label, value]])
    assert got.get("incidents_spoken") == expected
    assert got.get("incidents_total") == expected


# ---------------------------------------------------------------------- answered in words (prose)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "3. Xã không tổ chức họp báo. Các chỉ tiêu (3), (4), (5), (6) theo mẫu báo cáo của "
            "Nghị định số 244/2026/NĐ-CP: không phát sinh.",
            {k: 0 for k in FORM if k != "briefings"},
        ),
        (
            "3. Nội dung (4) và (6) theo Mẫu báo cáo: không phát sinh.",
            {k: 0 for k in ("incidents_spoken", "incidents_total")}
            | {k: 0 for k in ("correction_requests", "corrections_total")},
        ),
        # Counter-cases: an item said to be done, or a figure, is no "none arose".
        ("3. Các chỉ tiêu (3), (4) theo mẫu báo cáo của Nghị định số 244: đã thực hiện.", {}),
        ("3. Chỉ tiêu (5) theo mẫu báo cáo: không phát sinh chi phí in ấn tài liệu.", {}),
    ],
)
def test_items_named_by_their_number_answered_none(body, expected):
    assert form_values("I. KẾT QUẢ\n" + body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Xã không tổ chức họp báo; không có lượt đưa thông tin tại giao ban báo chí.", 0),
        ("Trong năm, Sở không có buổi cung cấp thông tin tại giao ban báo chí.", 0),
        # Counter-cases: attending is not giving; silence stays unknown.
        ("Trong năm, Sở không tham dự giao ban báo chí.", None),
        ("Trong năm, Sở không tổ chức họp báo.", None),
    ],
)
def test_no_briefing_with_the_unit_of_times(body, expected):
    assert form_values("I. KẾT QUẢ\n" + body).get("briefings") == expected


@pytest.mark.parametrize(
    "body",
    [
        "Trong năm, phường tham gia giao ban báo chí 01 lần; tiếp nhận 03 đề nghị của phóng viên.",
        "UBND xã không tổ chức họp báo; tham gia 04 buổi giao ban báo chí do Tỉnh ủy chủ trì.",
        "Trong năm, Sở tham dự 04 buổi giao ban báo chí.",
    ],
)
def test_briefings_attended_are_offered_for_review(body):
    """Item (2) counts information brought to briefings; a count of briefings attended may be
    what the writer meant or not: read, but below the review threshold."""
    got = extract(document_from_text(HEADER + "I. KẾT QUẢ\n" + body))["briefings"]
    assert got.value in (1, 4) and got.confidence < REVIEW_CONFIDENCE and got.quote


def test_briefings_attended_before_the_form_are_no_question():
    """A 2022 report answers no item (2): its briefings attended are not offered at all."""
    header = HEADER.replace("2026", "2022")
    body = "I. KẾT QUẢ\nUBND huyện không tổ chức họp báo; tham gia 04 buổi giao ban báo chí."
    got = extract(document_from_text(header + body))
    assert got["year"].value == 2022 and "briefings" not in got
    given = "I. KẾT QUẢ\nSở đã cung cấp thông tin tại 04 buổi giao ban báo chí."
    assert extract(document_from_text(header + given))["briefings"].value == 4


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # A row of briefings attended beside a row of information given: the latter is item (2).
        (
            [
                ["TT", "Nội dung", "Kết quả"],
                ["1", "Số buổi giao ban báo chí đã tham dự", "12"],
                ["2", "Số lần cung cấp thông tin tại giao ban báo chí", "05"],
            ],
            (5, True),
        ),
        (
            [["TT", "Nội dung", "Kết quả"], ["1", "Số buổi giao ban báo chí đã tham dự", "12"]],
            (12, False),
        ),
    ],
)
def test_briefings_attended_in_a_table(rows, expected):
    doc = document_from_text(HEADER + "I. KẾT QUẢ")
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            doc.blocks.append(Block(text, Location(table=1, row=r, cell=c)))
    got = extract(doc)["briefings"]
    assert (got.value, got.confidence >= REVIEW_CONFIDENCE) == expected


URGENT = "d) Về phát ngôn trong trường hợp đột xuất, bất thường:"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f"{URGENT} trong kỳ báo cáo không phát sinh.", 0),
        (f"{URGENT} trong năm không phát sinh.", 0),
        (f"{URGENT} không phát sinh.", 0),
        # Counter-case: the other part of the line is no answer of the label.
        (f"{URGENT} trong kỳ báo cáo đã rà soát.", None),
    ],
)
def test_an_item_answered_none_after_a_time_phrase(line, expected):
    got = form_values("I. KẾT QUẢ\n" + line)
    assert got.get("incidents_spoken") == expected
    assert got.get("incidents_total") == expected


# ---------------------------------------------------------------------- the official's own words


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- Các văn bản phản hồi đều đáp ứng thời hạn theo quy định (04/04 văn bản).", (4, 4)),
        ("- Đã phản hồi đúng hạn 05/06 đề nghị của phóng viên.", (5, 6)),
        # Counter-cases: a rate is no count; a date is no ratio.
        ("- Các văn bản phản hồi đều đáp ứng thời hạn theo quy định (đạt 100%).", (None, None)),
        ("- Các văn bản phản hồi đều đáp ứng thời hạn, chậm nhất ngày 04/12.", (None, None)),
    ],
)
def test_answers_on_time_in_the_officials_words(line, expected):
    assert pair(line, "answers_on_time", "answers_total", RESULTS) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Trong năm xảy ra 02 sự việc khẩn cấp (sạt lở bờ kè và cháy ki-ốt), UBND phường đã kịp "
            "thời phát ngôn, cung cấp thông tin cho báo chí đối với cả hai sự việc.",
            (2, 2),
        ),
        (
            "Trong năm xảy ra ba sự việc đột xuất, bất thường; UBND phường đã phát ngôn về hai sự "
            "việc.",
            (2, 3),
        ),
        # Counter-case: events that are no incidents of the form.
        ("Trong năm, phường tổ chức hai sự kiện văn hóa lớn có phóng viên đưa tin.", (None, None)),
    ],
)
def test_incidents_counted_in_number_words(sentence, expected):
    assert pair(sentence, "incidents_spoken", "incidents_total", RESULTS) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "UBND phường có 01 văn bản đề nghị cơ quan báo chí cải chính thông tin chưa chính xác "
            "liên quan đến việc thu hồi đất tại dự án ven sông (01/01 trường hợp phát sinh).",
            (1, 1),
        ),
        (
            "Sở đã gửi văn bản đề nghị cải chính thông tin sai lệch về giá dịch vụ khám bệnh đối "
            "với 2/3 vụ việc.",
            (2, 3),
        ),
        # Counter-case: another indicator stands between the correction and the ratio.
        (
            "Sở có 01 văn bản đề nghị cải chính; đã trả lời đúng thời hạn 5/6 trường hợp.",
            (1, None),
        ),
    ],
)
def test_corrections_ratio_of_the_cases_that_arose(sentence, expected):
    assert pair(sentence, "correction_requests", "corrections_total", RESULTS) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "3. Về kết quả: Chi cục không tổ chức họp báo; tham gia cung cấp thông tin tại "
            "một (01) buổi giao ban báo chí; tiếp nhận chín đề nghị cung cấp thông tin của "
            "phóng viên các cơ quan báo chí và đã trả lời đủ chín đề nghị.",
            {"briefings": 1, "press_requests_answered": 9, "press_requests_received": 9},
        ),
        # The briefings attended (offered for review, see above) do not take the requests.
        (
            "3. Về kết quả: tham dự 04 buổi giao ban báo chí; tiếp nhận 06 đề nghị của phóng viên, "
            "đã trả lời 05 đề nghị.",
            {"briefings": 4, "press_requests_answered": 5, "press_requests_received": 6},
        ),
    ],
)
def test_requests_counted_in_a_sentence_that_names_the_briefings(sentence, expected):
    got = form_values("I. KẾT QUẢ\n" + sentence)
    assert {k: v for k, v in got.items() if k in expected or k == "briefings"} == expected


# ------------------------------------------ item (5) in cases and written answers; (6) none arose


@pytest.mark.parametrize(
    ("sentence", "on_time", "total"),
    [
        (
            "Sở đã trả lời 19 đề nghị; trong 19 trường hợp có yêu cầu về thời hạn, Sở trả lời đúng "
            "hạn 17 trường hợp.",
            17,
            19,
        ),
        ("Tất cả 11 văn bản trả lời đều bảo đảm đúng thời hạn theo yêu cầu.", 11, 11),
        (
            "Tiếp nhận 06 đề nghị, đã trả lời 5 trong tổng số 6 đề nghị; trong đó có 05 đề nghị "
            "yêu cầu thời hạn trả lời, UBND phường trả lời đúng hạn 04 trường hợp.",
            4,
            5,
        ),
        ("Cả 08 trường hợp đều được trả lời đúng hạn.", 8, 8),
    ],
)
def test_answers_on_time_counted_in_cases_or_written_answers(sentence, on_time, total):
    got = form_values(INTRO + sentence)
    assert (got.get("answers_on_time"), got.get("answers_total")) == (on_time, total)


def test_all_answers_given_with_no_word_of_time_is_no_on_time_count():
    got = form_values(INTRO + "Tất cả 11 văn bản trả lời đã gửi các cơ quan báo chí.")
    assert got.get("answers_on_time") is None


def test_no_case_needing_a_correction_request_arose_is_zero_of_zero():
    got = form_values(
        INTRO + "Cũng không phát sinh trường hợp Sở phải có văn bản đề nghị cơ quan báo chí cải "
        "chính, đính chính thông tin."
    )
    assert (got.get("correction_requests"), got.get("corrections_total")) == (0, 0)


@pytest.mark.parametrize(
    ("sentence", "spoken", "total"),
    [
        (
            "Chi cục đã kịp thời phát ngôn, cung cấp thông tin về bốn trong tổng số bốn vụ cháy "
            "rừng xảy ra trên địa bàn.",
            4,
            4,
        ),
        ("Sở đã phát ngôn về 2/3 vụ ngộ độc thực phẩm xảy ra trong năm.", 2, 3),
    ],
)
def test_incidents_named_by_what_happened_and_ratios_in_words(sentence, spoken, total):
    got = form_values(INTRO + sentence)
    assert (got.get("incidents_spoken"), got.get("incidents_total")) == (spoken, total)


def test_a_fire_in_the_news_without_a_count_is_no_incident_count():
    got = form_values(INTRO + "Báo chí đã đưa tin về vụ cháy rừng tại xã Đình Lập.")
    assert got.get("incidents_spoken") is None and got.get("incidents_total") is None


@pytest.mark.parametrize(("part", "sure"), [("ocr", False), ("body", True)])
def test_form_counts_read_by_ocr_go_to_review(part, sure):
    from ingest.record import REVIEW_CONFIDENCE

    doc = document_from_text(HEADER + INTRO)
    for r, cells in enumerate([["(5)", "Số yêu cầu trả lời đúng thời hạn / tổng số", "4/5"]]):
        for c, text in enumerate(cells):
            loc = Location(paragraph=len(doc.blocks), table=5, row=r, cell=c, part=part)
            doc.blocks.append(Block(text, loc))
    got = extract(doc)
    assert (got["answers_on_time"].value, got["answers_total"].value) == (4, 5)
    assert (got["answers_on_time"].confidence >= REVIEW_CONFIDENCE) is sure


def test_answers_on_time_after_trong_do_are_the_numerator():
    sentence = (
        "Tiếp nhận 05 yêu cầu của phóng viên, đã trả lời đầy đủ cả 05 yêu cầu, trong đó 04 yêu "
        "cầu được trả lời đúng thời hạn trên tổng số 05 yêu cầu có thời hạn."
    )
    got = form_values(f"I. KẾT QUẢ\n{sentence}")
    assert (got["answers_on_time"], got["answers_total"]) == (4, 5)


@pytest.mark.parametrize(
    "line",
    [
        "Trên địa bàn phường không phát sinh vụ việc nóng, bức xúc cần phát ngôn.",
        "Trong năm không phát sinh vụ việc đột xuất, bất thường.",
    ],
)
def test_no_urgent_case_named_hot_or_sudden_is_none_of_none(line):
    got = form_values(f"I. KẾT QUẢ\nUBND phường đã cung cấp thông tin cho Báo Hà Nam.\n{line}")
    assert (got["incidents_spoken"], got["incidents_total"]) == (0, 0)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Khi xảy ra sự cố tàu cá bị hỏng máy, trôi dạt gần đảo (tháng 4/2026) và ảnh hưởng của "
            "bão số 5 (tháng 9/2026), UBND đặc khu đã kịp thời cung cấp thông tin cho báo chí "
            "02/02 vụ việc.",
            (2, 2),
        ),
        # A technical fault of the website is no incident.
        ("Trang thông tin điện tử gặp 02 sự cố kỹ thuật, đã khắc phục kịp thời.", (None, None)),
    ],
)
def test_an_incident_named_su_co_is_item_4(line, expected):
    got = form_values(f"I. KẾT QUẢ\n{line}")
    assert (got.get("incidents_spoken"), got.get("incidents_total")) == expected


def test_a_request_still_within_its_deadline_is_no_answer_on_time():
    got = form_values(
        "I. KẾT QUẢ\nTiếp nhận 09 văn bản đề nghị cung cấp thông tin của các cơ quan báo chí; đã "
        "trả lời 08 văn bản, 01 văn bản đang trong thời hạn xử lý."
    )
    assert (got["press_requests_answered"], got["press_requests_received"]) == (8, 9)
    assert got.get("answers_on_time") is None


def test_no_case_to_answer_or_correct_is_none_of_none():
    got = form_values(
        "I. KẾT QUẢ\nTrong năm không có trường hợp phải trả lời hoặc đề nghị cải chính thông tin "
        "trên báo chí."
    )
    assert (got["correction_requests"], got["corrections_total"]) == (0, 0)


def test_one_answer_after_several_labels_answers_each():
    got = form_values(
        "I. KẾT QUẢ\nVụ việc đột xuất, bất thường; văn bản trả lời, đề nghị cải chính: không phát "
        "sinh."
    )
    assert (got["incidents_spoken"], got["incidents_total"]) == (0, 0)
    assert (got["correction_requests"], got["corrections_total"]) == (0, 0)


# ------------------------------------------- requests received with a bare "nhận"; none of them


@pytest.mark.parametrize(
    ("line", "answered", "received"),
    [
        ("- Yêu cầu cung cấp thông tin của cơ quan báo chí: nhận 04, đã trả lời 04.", 4, 4),
        ("Đề nghị của phóng viên: nhận được 07, đã trả lời 06.", 6, 7),
        ("Yêu cầu của báo chí: tiếp nhận 09, trả lời 09.", 9, 9),
    ],
)
def test_requests_received_with_a_bare_verb(line, answered, received):
    got = form_values(INTRO + line + "\n")
    assert (got.get("press_requests_answered"), got.get("press_requests_received")) == (
        answered,
        received,
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # The form's own item named without a verb: none of none.
        ("4. Yêu cầu cung cấp thông tin của cơ quan báo chí: không phát sinh.", (0, 0)),
        ("- Đề nghị cung cấp thông tin của phóng viên: không có.", (0, 0)),
        # Counter-cases: information the agency gave, or a request it made, is no press request.
        ("- Cung cấp thông tin cho báo chí: không.", (None, None)),
        ("- Đề nghị cơ quan báo chí cải chính: không có.", (None, None)),
    ],
)
def test_the_press_requests_item_named_without_a_verb_answered_none(line, expected):
    assert pair(line, "press_requests_answered", "press_requests_received") == expected


# --------------------------------- incidents: the ratio in brackets after the information was given


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "4. Vụ việc đột xuất: 02 vụ cháy rừng (tại xã A ngày 04/5/2026 và tại xã B ngày "
            "19/6/2026); đơn vị đều kịp thời thông tin cho báo chí (02/02).",
            (2, 2),
        ),
        (
            "Trong năm xảy ra 03 vụ việc bất thường, đơn vị đã phát ngôn, cung cấp thông tin "
            "(02/03).",
            (2, 3),
        ),
        # Counter-case: a ratio in brackets after requests answered belongs to the requests.
        (
            "Không phát sinh vụ việc đột xuất. Đã trả lời phóng viên đầy đủ (05/05 yêu cầu).",
            (0, 0),
        ),
    ],
)
def test_incidents_ratio_in_brackets_after_the_information_given(line, expected):
    assert pair(line, "incidents_spoken", "incidents_total") == expected


# ------------------------------------------ answers on time: "đều" is all; a deadline is no answer


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Phường tiếp nhận 07 yêu cầu của phóng viên, đã trả lời đủ 07 yêu cầu, trong đó 06 "
            "yêu cầu có thời hạn đều được trả lời đúng hạn.",
            (6, 6),
        ),
        (
            "Tiếp nhận 26 đề nghị của các cơ quan báo chí, đã trả lời 25 đề nghị; trong đó có 18 "
            "đề nghị yêu cầu trả lời trong thời hạn, Văn phòng đã trả lời đúng hạn 17 đề nghị.",
            (17, 18),
        ),
        # Counter-cases: on time without "đều" stays one side; a clause of its own stays apart.
        (
            "Tiếp nhận 10 yêu cầu của báo chí, trong đó 08 yêu cầu được trả lời đúng hạn.",
            (8, None),
        ),
        (
            "Đã trả lời 12/12 yêu cầu của phóng viên, 100% đúng thời hạn.",
            (None, None),
        ),
    ],
)
def test_answers_on_time_all_of_them_and_the_deadline_stated(line, expected):
    assert pair(line, "answers_on_time", "answers_total") == expected


# ------------------------- the form's table turned: the indicators as columns, sides as rows

TURNED_HEADS = [
    "Nội dung",
    "(2) Giao ban báo chí",
    "(3) Trả lời đề nghị của báo chí",
    "(4) Vụ việc đột xuất, bất thường",
    "(5) Trả lời đúng thời hạn",
    "(6) Văn bản trả lời, đề nghị cải chính",
]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [
                ["Số đã thực hiện", "03", "11", "01", "10", "Không phát sinh"],
                ["Tổng số", "-", "12", "01", "11", "Không phát sinh"],
                ["Tỷ lệ (%)", "-", "91,7", "100", "90,9", "-"],
            ],
            (3, 11, 12, 1, 1, 10, 11, 0, 0),
        ),
        (
            [["Kết quả", "05", "11/12", "Không phát sinh", "10/11", "1/1"]],
            (5, 11, 12, 0, 0, 10, 11, 1, 1),
        ),
    ],
)
def test_a_turned_form_table(rows, expected):
    got = form_with_table(INTRO, [TURNED_HEADS, *rows])
    assert tuple(got.get(k) for k in FORM) == expected


def test_a_table_with_one_indicator_column_is_not_turned():
    # Counter-case: one indicator among other columns is a row-wise table's header.
    rows = [
        ["Nội dung", "Số lượng", "Ghi chú"],
        ["Trả lời đề nghị của báo chí (đã trả lời/tổng số)", "11/12", ""],
    ]
    got = form_with_table(INTRO, rows)
    assert (got.get("press_requests_answered"), got.get("press_requests_received")) == (11, 12)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # No case needed a reply, the need told at length: none of none.
        (
            "Trong năm, không có trường hợp nào xã phải có văn bản trả lời hoặc đề nghị cơ quan "
            "báo chí cải chính thông tin.",
            (0, 0),
        ),
        # Counter-case: no correction requested says nothing of the cases that arose.
        ("Trong năm, xã không gửi văn bản đề nghị cải chính.", (0, None)),
    ],
)
def test_no_case_needing_a_reply_told_at_length(line, expected):
    assert pair(line, "correction_requests", "corrections_total") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # The cases that arose, all spoken about without a count.
        (
            "Trong năm xảy ra 01 vụ việc đột xuất (đuối nước tại đập dâng); Ủy ban nhân dân xã đã "
            "kịp thời phát ngôn, cung cấp thông tin cho báo chí về vụ việc, đồng thời tuyên "
            "truyền.",
            (1, 1),
        ),
        (
            "Phát sinh 02 vụ việc bất thường; xã đều đã cung cấp thông tin cho báo chí về các vụ "
            "việc trên.",
            (2, 2),
        ),
        # Counter-cases: one case named among several; none spoken about.
        (
            "Trong năm xảy ra 03 vụ việc đột xuất; xã đã phát ngôn về vụ việc cháy rừng tháng 4.",
            (None, 3),
        ),
    ],
)
def test_incidents_all_spoken_about_without_a_count(line, expected):
    assert pair(line, "incidents_spoken", "incidents_total") == expected


def test_incidents_not_yet_spoken_about_are_not_counted_as_spoken():
    line = "Trong năm xảy ra 01 vụ việc đột xuất; xã chưa phát ngôn về vụ việc do đang điều tra."
    assert form_values(INTRO + line + "\n").get("incidents_spoken") is None


@pytest.mark.parametrize(
    ("line", "fields", "expected"),
    [
        # A rate of a total told in words: the numerator is the rate's share of the total.
        (
            "(3) Đặc khu đã tiếp nhận tổng cộng mười bốn yêu cầu cung cấp thông tin của các cơ "
            "quan báo chí; tỷ lệ yêu cầu được trả lời đạt 100%.",
            ("press_requests_answered", "press_requests_received"),
            (14, 14),
        ),
        (
            "(4) Trong kỳ xảy ra năm vụ việc khẩn cấp; người phát ngôn đã kịp thời phát ngôn, cung "
            "cấp thông tin đối với 80% số vụ việc.",
            ("incidents_spoken", "incidents_total"),
            (4, 5),
        ),
        (
            "(5) Đối với các yêu cầu có thời hạn trả lời (tổng số mười yêu cầu), tỷ lệ trả lời "
            "đúng thời hạn đạt 90%.",
            ("answers_on_time", "answers_total"),
            (9, 10),
        ),
        # Counter-cases: a rate that gives no whole number; a numerator already counted.
        (
            "(5) Đối với các yêu cầu có thời hạn (tổng số 7 yêu cầu), tỷ lệ trả lời đúng hạn đạt "
            "90%.",
            ("answers_on_time", "answers_total"),
            (None, 7),
        ),
        (
            "Tiếp nhận 12 yêu cầu của báo chí, đã trả lời 11 yêu cầu, đạt 91,7%.",
            ("press_requests_answered", "press_requests_received"),
            (11, 12),
        ),
    ],
)
def test_a_rate_of_a_total_told_in_words(line, fields, expected):
    got = form_values(INTRO + line + "\n")
    assert tuple(got.get(k) for k in fields) == expected


def test_cases_of_wrong_information_about_an_incident_are_no_incidents():
    body = (
        "Trong năm phát sinh 03 trường hợp thông tin sai sự thật trên mạng xã hội liên quan đến sự "
        "cố y khoa; Sở đã có văn bản trả lời, đề nghị cải chính đối với cả 03/03 trường hợp.\n"
        "Trong năm xảy ra 06 vụ việc khẩn cấp (ngộ độc thực phẩm, sốt xuất huyết…). Sở đã phát "
        "ngôn, cung cấp thông tin cho báo chí đối với 06 vụ việc.\n"
    )
    got = form_values(INTRO + body)
    assert (got.get("incidents_spoken"), got.get("incidents_total")) == (6, 6)
    assert (got.get("correction_requests"), got.get("corrections_total")) == (3, 3)


def test_a_sentence_after_an_incidents_sentence_without_cases_spoken_stays_apart():
    # Counter-case: the next sentence counts requests, not the incidents.
    body = "Trong năm xảy ra 02 vụ việc đột xuất. Sở đã trả lời 05 yêu cầu của phóng viên.\n"
    got = form_values(INTRO + body)
    assert got.get("incidents_total") == 2 and got.get("incidents_spoken") is None


@pytest.mark.parametrize("period", ["trong kỳ báo cáo", "trong quý", "trong tháng", ""])
def test_items_named_by_number_without_the_form_named_answered_none(period):
    line = f"- Các nội dung (3), (4), (5) và (6): {period} không phát sinh."
    got = form_values(INTRO + " ".join(line.split()) + "\n")
    assert {k: got.get(k) for k in FORM} == {
        "briefings": None,
        "press_requests_answered": 0,
        "press_requests_received": 0,
        "incidents_spoken": 0,
        "incidents_total": 0,
        "answers_on_time": 0,
        "answers_total": 0,
        "correction_requests": 0,
        "corrections_total": 0,
    }


def test_sub_rows_under_a_numbered_items_label():
    # Each item's label on its numbered row, its total and its count on the rows below it.
    rows = [
        ["TT", "Nội dung", "Số lượng", "Tỷ lệ (%)"],
        ["3", "Yêu cầu cung cấp thông tin của cơ quan báo chí"],
        # The sub-rows have no first cell: the numbered row's cell, merged down.
        [None, "– Tổng số yêu cầu tiếp nhận", "26", "100"],
        [None, "– Số yêu cầu đã trả lời", "24", "92,3"],
        ["4", "Vụ việc khẩn cấp, nóng"],
        [None, "– Tổng số vụ việc", "02", "100"],
        [None, "– Số vụ việc đã phát ngôn, cung cấp thông tin", "02", "100"],
        ["5", "Trả lời báo chí đúng thời hạn"],
        [None, "– Tổng số yêu cầu có thời hạn trả lời", "20", "100"],
        [None, "– Số yêu cầu trả lời đúng thời hạn", "19", "95,0"],
        ["6", "Văn bản trả lời, yêu cầu cải chính"],
        [None, "– Tổng số trường hợp", "01", "100"],
        [None, "– Số trường hợp đã có văn bản trả lời, yêu cầu cải chính", "01", "100"],
    ]
    got = form_with_table(INTRO, rows)
    assert tuple(got.get(k) for k in FORM[1:]) == (24, 26, 2, 2, 19, 20, 1, 1)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # The requests with a deadline, labelled: the total of item (5).
        (
            "Sở tiếp nhận 09 yêu cầu của các cơ quan báo chí, đã trả lời 08 yêu cầu; số yêu cầu có "
            "thời hạn trả lời là 06, Sở đã trả lời đúng hạn cả 06 yêu cầu.",
            (6, 6),
        ),
        (
            "Số đề nghị có thời hạn: 05; đã trả lời đúng hạn 04 đề nghị.",
            (4, 5),
        ),
        # Counter-case: answers on time, labelled, are the numerator.
        ("Số yêu cầu trả lời đúng thời hạn là 07.", (7, None)),
    ],
)
def test_the_requests_with_a_deadline_labelled(line, expected):
    assert pair(line, "answers_on_time", "answers_total") == expected


def test_no_briefing_told_with_tham_gia_and_a_table_cell_khong():
    line = "Trong năm, phường không tham gia cung cấp thông tin tại giao ban báo chí."
    assert form_values(INTRO + line + "\n").get("briefings") == 0
    rows = [
        ["TT", "Nội dung", "Số lượng"],
        ["2", "Cung cấp thông tin tại giao ban báo chí", "Không"],
    ]
    assert form_with_table(INTRO, rows).get("briefings") == 0


def test_corrections_of_a_total_found():
    line = (
        "Phường đã ban hành 02 văn bản đề nghị cải chính thông tin sai lệch đăng trên mạng xã "
        "hội, trên tổng số 03 trường hợp phát hiện."
    )
    got = form_values(INTRO + line + "\n")
    assert (got.get("correction_requests"), got.get("corrections_total")) == (2, 3)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Trong năm không có cơ quan báo chí nào đề nghị Ban cung cấp thông tin.", (0, 0)),
        ("Trong năm, Sở không nhận được yêu cầu cung cấp thông tin nào của báo chí.", (0, 0)),
        ("Trong kỳ không phát sinh đề nghị phỏng vấn của phóng viên.", (0, 0)),
        ("Chưa có phóng viên nào gửi đề nghị cung cấp thông tin đến xã.", (0, 0)),
        # Counter-cases: none late, none unanswered, no correction; not none received.
        ("Sở tiếp nhận yêu cầu của báo chí; không có yêu cầu nào bị trả lời quá hạn.", None),
        ("Không có yêu cầu nào của báo chí chưa được trả lời.", None),
        ("Không có cơ quan báo chí nào đề nghị cải chính.", None),
        ("Không có yêu cầu cung cấp thông tin chưa được đáp ứng.", None),
    ],
)
def test_no_press_request_in_the_period(body, expected):
    got = pair(body, "press_requests_answered", "press_requests_received", RESULTS)
    assert (None if got == (None, None) else got) == expected


def test_no_press_request_among_the_limitations_is_no_count():
    body = (
        "III. ĐÁNH GIÁ\n2. Hạn chế: một số phóng viên chưa có đề nghị bằng văn bản nên việc cung "
        "cấp thông tin còn bị động."
    )
    got = form_values("I. KẾT QUẢ\nSở đăng 120 tin bài.\n" + body)
    assert "press_requests_received" not in got


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Việc cung cấp thông tin tại giao ban báo chí và văn bản trả lời, yêu cầu cải chính "
            "trong năm không phát sinh.",
            {"briefings": 0, "correction_requests": 0, "corrections_total": 0},
        ),
        (
            "Vụ việc đột xuất, bất thường và yêu cầu cải chính đều không phát sinh.",
            {
                "incidents_spoken": 0,
                "incidents_total": 0,
                "correction_requests": 0,
                "corrections_total": 0,
            },
        ),
        # Counter-case: what was done is no item that did not arise.
        (
            "Sở đã trả lời đầy đủ yêu cầu của báo chí và vụ việc đột xuất không phát sinh.",
            {"incidents_spoken": 0, "incidents_total": 0},
        ),
    ],
)
def test_items_named_then_none_arose(body, expected):
    assert form_values("I. KẾT QUẢ\n" + body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Trong năm có 02 lượt phóng viên đề nghị cung cấp thông tin (về tình hình xuất nhập "
            "khẩu), UBND xã đã cung cấp đầy đủ cho phóng viên 02/02 lượt.",
            (2, 2),
        ),
        ("Trong năm có 05 đề nghị của phóng viên, xã đã trả lời đầy đủ.", (5, 5)),
        (
            "Trong năm, 03 phóng viên đề nghị cung cấp thông tin; xã đã đáp ứng cả 03 đề nghị.",
            (3, 3),
        ),
        ("Sở tiếp nhận 12 yêu cầu của báo chí, đều đã được trả lời.", (12, 12)),
        # Counter-cases: the requests answered named by the verb before them; not all answered.
        ("Sở đã trả lời 05 phóng viên đề nghị phỏng vấn.", (5, None)),
        (
            "Sở tiếp nhận 12 yêu cầu của báo chí, chưa trả lời đầy đủ do vụ việc đang thanh tra.",
            (None, 12),
        ),
    ],
)
def test_requests_the_press_made_and_answered_in_full(body, expected):
    assert pair(body, "press_requests_answered", "press_requests_received", RESULTS) == expected


def test_the_requests_with_a_deadline_counted_in_an_aside():
    body = (
        "I. KẾT QUẢ\nPhường đã trả lời 09 trong tổng số 10 đề nghị cung cấp thông tin của các cơ "
        "quan báo chí; 100% đề nghị có yêu cầu thời hạn (07 đề nghị) được trả lời đúng hạn."
    )
    got = form_values(body)
    assert (got.get("answers_on_time"), got.get("answers_total")) == (7, 7)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Trong năm, xã đã tiếp nhận và trả lời 03 đề nghị cung cấp thông tin của phóng viên.",
            (3, 3),
        ),
        ("Sở tiếp nhận và đã trả lời đầy đủ 12 yêu cầu của các cơ quan báo chí.", (12, 12)),
        # Counter-case: answered alone says nothing of those received.
        ("Trong năm, xã đã trả lời 03 đề nghị cung cấp thông tin của phóng viên.", (3, None)),
    ],
)
def test_requests_received_and_answered_in_one_count(body, expected):
    assert pair(body, "press_requests_answered", "press_requests_received", RESULTS) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # The cases of false information, then the correction requested for them, uncounted.
        (
            "Có 01 trường hợp thông tin sai sự thật trên mạng xã hội về việc cấm tàu khách ra đảo, "
            "UBND đặc khu đã có văn bản đề nghị cải chính.",
            (1, 1),
        ),
        # Counter-case: the cases without a correction requested.
        (
            "Có 02 trường hợp thông tin sai sự thật trên mạng xã hội, UBND xã chưa có văn bản đề "
            "nghị cải chính.",
            (0, 2),
        ),
        # None arose, the cases described at length before their need.
        (
            "Không có trường hợp báo chí đăng tải thông tin sai sự thật phải có văn bản trả lời "
            "hoặc đề nghị cải chính.",
            (0, 0),
        ),
    ],
)
def test_cases_of_false_information_and_their_corrections(body, expected):
    assert pair(body, "correction_requests", "corrections_total", RESULTS) == expected


PLEIKU_LINES = """1 j
Số cuộc họp báo đã tố chức
01 (họp báo giới thiệu Lễ hội)
Số lần cung cấp thông tin tại giao ban báo chí
0
3|
Số yêu cầu cung cấp thông tin đã trả lời/tống số
07/08
yêu cầu của báo chí
4_{
Số vụ việc đột xuất, bất thường đã phát
02/02
ngôn/tống số vụ việc
5|
Số trả lời đúng thời hạn/tống số yêu cầu có thời
06/07
6 | Số văn bản phản hồi, đề nghị cải chính/tống số | Không phát sinh
"""


def test_scan_items_with_ocr_debris_at_their_numbers_and_a_lost_number():
    """A photographed form: the rule beside a number read as "|", "_{" or "j", and row 2's
    number lost (its lines found by their words)."""
    got = form_values(INTRO + PLEIKU_LINES)
    assert got["briefings"] == 0
    assert (got["press_requests_answered"], got["press_requests_received"]) == (7, 8)
    assert (got["incidents_spoken"], got["incidents_total"]) == (2, 2)
    assert (got["answers_on_time"], got["answers_total"]) == (6, 7)
    assert (got["correction_requests"], got["corrections_total"]) == (0, 0)


def test_a_count_among_the_limitations_gives_way_to_the_forms_item():
    after = "III. ĐÁNH GIÁ\nHạn chế: 01 yêu cầu của báo chí trả lời chậm so với thời hạn.\n"
    got = form_values(INTRO + PLEIKU_LINES + after)
    assert (got["press_requests_answered"], got["press_requests_received"]) == (7, 8)


def test_a_lost_number_is_found_only_by_the_words_of_its_item():
    # Counter-case: no line names item 2's indicator, so item 1 keeps its lines and no
    # briefing is read.
    lines = PLEIKU_LINES.replace("Số lần cung cấp thông tin tại giao ban báo chí\n0\n", "")
    assert "briefings" not in form_values(INTRO + lines)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Trong năm có 01 trường hợp trang thông tin điện tử tổng hợp đăng tải thông tin sai "
            "lệch về kết quả giải quyết tố cáo; Thanh tra tỉnh đã có 01 văn bản đề nghị cải chính.",
            (1, 1),
        ),
        (
            "Không có trường hợp báo chí đăng tin sai sự thật liên quan đến phường phải phản hồi, "
            "đề nghị cải chính.",
            (0, 0),
        ),
    ],
)
def test_cases_of_false_information_named_with_what_published_them(body, expected):
    assert pair(body, "correction_requests", "corrections_total", RESULTS) == expected


def test_the_incidents_spoken_of_as_a_ratio_after_the_verb():
    body = (
        "6. Sự cố, vấn đề bất thường: 02 vụ việc (ngộ độc thực phẩm tháng 4/2026; sốt xuất huyết "
        "tháng 9/2026), đã phát ngôn 02/02."
    )
    assert pair(body, "incidents_spoken", "incidents_total", RESULTS) == (2, 2)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # "Sự cố" alone names the urgent cases of item (4).
        (
            "Đối với các sự cố sạt lở bờ sông, Sở đã chủ động thông tin 04/04 sự cố đến báo chí.",
            (4, 4),
        ),
        # Counter-case: a technical fault is no case of the form.
        ("Trong năm xảy ra 01 sự cố kỹ thuật của Cổng thông tin, đã khắc phục ngay.", (None, None)),
    ],
)
def test_incidents_named_su_co(body, expected):
    assert pair(body, "incidents_spoken", "incidents_total", RESULTS) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # The form's item (3) is the press's requests, whether the line names the press or not.
        (
            "(3) Số yêu cầu cung cấp thông tin đã trả lời/tổng số yêu cầu nhận được: 21/23.",
            (21, 23),
        ),
        # Counter-case: without the item's number and without the press, requests of anyone.
        (
            "Số yêu cầu cung cấp thông tin đã trả lời/tổng số yêu cầu nhận được: 21/23.",
            (None, None),
        ),
    ],
)
def test_the_forms_item_three_is_the_press_requests(line, expected):
    assert pair(line, "press_requests_answered", "press_requests_received", RESULTS) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Every answer on time, told without a count.
        (
            "Thanh tra tỉnh tiếp nhận 06 đề nghị cung cấp thông tin của cơ quan báo chí, đã trả "
            "lời 06/06 đề nghị, tất cả đều bảo đảm đúng thời hạn.",
            (6, 6),
        ),
        # OCR's comma inside "đúng thời hạn".
        (
            "Sở tiếp nhận 24 yêu cầu của cơ quan báo chí, đã trả lời 22 yêu cầu; trong số 22 yêu "
            "cầu có thời hạn, Sở trả lời đúng, thời hạn 20 trên tổng số 22 yêu cầu.",
            (20, 22),
        ),
        # Counter-case: not every answer on time.
        (
            "Sở đã trả lời 12 yêu cầu của báo chí, không phải tất cả đều đúng thời hạn.",
            (None, None),
        ),
    ],
)
def test_answers_on_time_told_for_all_or_with_ocrs_comma(body, expected):
    assert pair(body, "answers_on_time", "answers_total", RESULTS) == expected
