"""Rules for classes of misses seen on documents written by others (issue "unseen documents"):
each class with several phrasings and the counter-cases that must not change."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ingest.classify import classify
from ingest.document import Block, Location
from ingest.fields import extract
from ingest.record import FORM_FIELDS, REVIEW_CONFIDENCE
from ingest.topics import topics_for
from tests.documents import REPORT_2026_HEADER, document_from_text

HEADER = REPORT_2026_HEADER
FORM = ("press_conferences", *FORM_FIELDS)


def values(body: str, header: str = HEADER) -> dict:
    return {k: v.value for k, v in extract(document_from_text(header + body)).items()}


def read_by_ocr(text: str):
    """The document of ``text`` as OCR would give it: every block read off a scan."""
    doc = document_from_text(text)
    doc.blocks = [replace(b, location=replace(b.location, part="ocr")) for b in doc.blocks]
    return doc


def with_table(body: str, rows: list[list[str]], after: str = "") -> dict:
    """The report with a result table after ``body`` (one block per cell), then ``after``."""
    doc = document_from_text(HEADER + body)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            loc = Location(paragraph=len(doc.blocks), table=5, row=r, cell=c)
            doc.blocks.append(Block(text, loc))
    for line in after.splitlines():
        doc.blocks.append(Block(line, Location(paragraph=len(doc.blocks))))
    return {k: v.value for k, v in extract(doc).items()}


# --------------------------------------------------------------- press conferences: none held


@pytest.mark.parametrize(
    "body",
    [
        "I. KẾT QUẢ\n2. Sở chưa tổ chức họp báo.",
        "I. KẾT QUẢ\n2. Trong năm, Sở không tổ chức họp báo.",
        "I. KẾT QUẢ\n(1) Số cuộc họp báo đã tổ chức: không tổ chức họp báo.",
    ],
)
def test_a_short_numbered_statement_of_no_press_conference_is_zero(body):
    assert values(body)["press_conferences"] == 0


@pytest.mark.parametrize(
    ("label", "answer", "expected"),
    [
        ("Số cuộc họp báo đã tổ chức", "không tổ chức họp báo", 0),
        ("Họp báo do cơ quan tổ chức", "Chưa tổ chức", 0),
        ("Số cuộc họp báo đã tổ chức", "02 cuộc", 2),
        ("Số cuộc họp báo của UBND tỉnh đã tham dự", "Không", None),
    ],
)
def test_press_conference_row_answered_in_words(label, answer, expected):
    got = with_table("Số liệu tại Phụ lục.", [["TT", "Nội dung", "Kết quả"], ["1", label, answer]])
    assert got.get("press_conferences") == expected


def test_a_heading_naming_press_conferences_is_not_itself_an_answer():
    got = values("I. KẾT QUẢ\n2. Công tác tổ chức họp báo\nTrong năm, Sở tổ chức 03 cuộc họp báo.")
    assert got["press_conferences"] == 3
    assert "press_conferences" not in values(
        "I. KẾT QUẢ\n2. Tổ chức họp báo, cung cấp thông tin\n"
        "Sở cung cấp thông tin cho Báo Quảng Bình."
    )


# ------------------------------------------------------------- the Decree 244 form in its words

FORM_LINES = """I. SỐ LIỆU
{}
II. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ
1. Đề xuất, kiến nghị
Không có kiến nghị.
"""


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            "(4) Số vụ việc đột xuất, bất thường đã phát ngôn / tổng số vụ việc: không phát sinh.\n"
            "(5) Số vụ việc phát ngôn đúng thời hạn / tổng số có áp dụng thời hạn: 04 trong tổng "
            "số 05 vụ việc.",
            {"incidents_spoken": 0, "incidents_total": 0, "answers_on_time": 4, "answers_total": 5},
        ),
        (
            "3. Số lượt trả lời báo chí/tổng số đề nghị: 0/0\n"
            "5. Số vụ việc phát ngôn đúng hạn/tổng số có áp dụng thời hạn: 0/1\n"
            "6. Số vụ việc có văn bản phản hồi, yêu cầu cải chính/tổng số: không phát sinh.",
            {
                "press_requests_answered": 0,
                "press_requests_received": 0,
                "answers_on_time": 0,
                "answers_total": 1,
                "correction_requests": 0,
                "corrections_total": 0,
            },
        ),
        (
            "Trong kỳ báo cáo, đơn vị đã tổ chức 01 cuộc họp báo; chủ động cung cấp thông tin tại "
            "giao ban báo chí 04 lần; trả lời 02 trong tổng số 03 đề nghị của báo chí; không phát "
            "sinh vụ việc đột xuất, bất thường; không phát sinh vụ việc có áp dụng thời hạn phát "
            "ngôn.\nKhông phát sinh vụ việc phải có văn bản phản hồi, yêu cầu cải chính.",
            {
                "press_conferences": 1,
                "briefings": 4,
                "press_requests_answered": 2,
                "press_requests_received": 3,
                "incidents_spoken": 0,
                "incidents_total": 0,
                "answers_on_time": 0,
                "answers_total": 0,
                "correction_requests": 0,
                "corrections_total": 0,
            },
        ),
    ],
)
def test_form_lines_answered_in_words_or_in_the_forms_own_wording(lines, expected):
    got = values(FORM_LINES.format(lines))
    assert {k: got.get(k) for k in expected} == expected
    # The "3. Số lượt trả lời/tổng số đề nghị" line opens no recommendations part.
    assert got["recommendations"] == []


def test_form_items_not_stated_stay_unknown():
    got = values(FORM_LINES.format("(1) Số cuộc họp báo đã tổ chức: 01 cuộc."))
    assert got["press_conferences"] == 1
    assert not set(FORM[1:]) & set(got)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("không phát sinh", (0, 0)), ("4/4 đề nghị", (4, 4)), ("0/1 vụ việc", (0, 1))],
)
def test_form_table_cells(cell, expected):
    got = with_table(
        "I. SỐ LIỆU",
        [
            ["TT", "Nội dung", "Kết quả"],
            ["1", "Số lượt trả lời báo chí / tổng số đề nghị của báo chí", "4/4 đề nghị"],
            ["2", "Số vụ việc đột xuất, bất thường đã phát ngôn / tổng số vụ việc", cell],
        ],
        "II. ĐỀ XUẤT, KIẾN NGHỊ\nĐề nghị tổ chức tập huấn kỹ năng phát ngôn.",
    )
    assert (got["press_requests_answered"], got["press_requests_received"]) == (4, 4)
    assert (got.get("incidents_spoken"), got.get("incidents_total")) == expected
    # A ratio cell "4/4 đề nghị" is no numbered heading of a recommendations part.
    assert got["recommendations"] == ["Đề nghị tổ chức tập huấn kỹ năng phát ngôn."]


# ------------------------------------------------------------------------- recommendations


def test_a_requests_heading_inside_a_mixed_part_is_not_a_request():
    body = (
        "II. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ\n1. Khó khăn, vướng mắc\n"
        "Thông tin sai sự thật lan truyền nhanh.\n2. Đề xuất, kiến nghị\n"
        "- Đề nghị tổ chức tập huấn kỹ năng phát ngôn cho cấp xã.\n"
    )
    assert values(body)["recommendations"] == [
        "Đề nghị tổ chức tập huấn kỹ năng phát ngôn cho cấp xã."
    ]
    none = (
        "II. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ\n1. Đề xuất, kiến nghị\n"
        "Không có kiến nghị.\n"
    )
    assert values(none)["recommendations"] == []


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        # "mỏng" (thin) folds to "mong" (to wish) and is no request: the part says none.
        ("Lực lượng cán bộ làm công tác phát ngôn còn mỏng.", []),
        ("Năm 2026, Sở đã cử 02 cán bộ dự lớp tập huấn.", []),
        # Counter-case: a wish written as such stays a request.
        (
            "Sở mong được cử cán bộ dự lớp.",
            ["Sở mong được cử cán bộ dự lớp. Sở không có kiến nghị, đề xuất."],
        ),
    ],
)
def test_an_item_ending_in_no_request_says_none_unless_it_asked_before(before, expected):
    body = f"III. KIẾN NGHỊ, ĐỀ XUẤT\n{before} Sở không có kiến nghị, đề xuất.\n"
    assert values(body)["recommendations"] == expected


# ------------------------------------------------------------------------------ spokesperson

OLD, NEW = "Trần Văn Hùng", "Lê Thị Mai"


@pytest.mark.parametrize(
    "body",
    [
        f"1. Về người phát ngôn\nĐầu năm, người phát ngôn của Sở là ông {OLD}, Phó Giám đốc Sở. "
        f"Từ tháng 6/2026, người phát ngôn là bà {NEW}, Phó Giám đốc Sở, thay ông {OLD} nghỉ hưu.",
        f"Người phát ngôn: ông {OLD} – Phó Giám đốc Sở (đến tháng 5/2026); từ ngày 01/6/2026 là "
        f"bà {NEW} – Phó Giám đốc Sở.",
        f"Người phát ngôn: bà {NEW} – Phó Giám đốc Sở (từ tháng 6/2026, thay ông {OLD} chuyển "
        "công tác).",
        f"1. Người phát ngôn\nNgười phát ngôn của Sở là ông {OLD}, Phó Giám đốc Sở. Từ tháng "
        f"7/2026, ông {OLD} nghỉ hưu, Sở giao bà {NEW} – Phó Giám đốc Sở làm người phát ngôn.",
    ],
)
def test_the_spokesperson_at_the_end_of_the_period_counts(body):
    got = values(body)
    assert (got["spokesperson_name"], got["spokesperson_title"]) == (NEW, "Phó Giám đốc Sở")


@pytest.mark.parametrize(
    "body",
    [
        f"1. Người phát ngôn\nNgười phát ngôn của Sở là ông {OLD}, Giám đốc Sở. Trong năm, người "
        "phát ngôn không thay đổi.",
        f"1. Người phát ngôn\nNgười phát ngôn của Sở là ông {OLD}, Giám đốc Sở. Từ tháng 3, bà "
        f"{NEW}, Phó Giám đốc Sở được ủy quyền phát ngôn khi Giám đốc vắng mặt.",
    ],
)
def test_no_change_or_a_stand_in_keeps_the_spokesperson(body):
    assert values(body)["spokesperson_name"] == OLD


# ----------------------------------------------------------------- commune letterheads, province

COMMUNE = """ỦY BAN NHÂN DÂN || CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
{} || Độc lập - Tự do - Hạnh phúc
Số: 12/BC-UBND || {}, ngày 05 tháng 12 năm 2026
BÁO CÁO
Kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí năm 2026
"""


@pytest.mark.parametrize(
    ("line", "place", "agency"),
    [
        ("ĐẶC KHU CÔN ĐẢO", "Côn Đảo", "Ủy ban nhân dân đặc khu Côn Đảo"),
        ("PHƯỜNG HOA LƯ", "Hoa Lư", "Ủy ban nhân dân phường Hoa Lư"),
        ("XÃ GIAO NINH", "Giao Ninh", "Ủy ban nhân dân xã Giao Ninh"),
    ],
)
def test_commune_letterhead_keeps_its_second_line(line, place, agency):
    assert values("Sở đăng 10 tin, bài.", COMMUNE.format(line, place))["agency"] == agency


NO_PLACE = """SỞ Y TẾ || CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
|| Độc lập - Tự do - Hạnh phúc
Số: 45/BC-SYT || ngày 05 tháng 12 năm 2021
BÁO CÁO
Kết quả thực hiện công tác phát ngôn năm 2021
"""
RECIPIENTS = (
    "Trên đây là báo cáo của Sở Y tế./.\nNơi nhận:\n- UBND tỉnh Quảng Bình (b/c);\n- Lưu: VT.\n"
)


def test_province_named_only_among_the_recipients():
    got = extract(document_from_text(NO_PLACE + "Sở đăng 100 tin, bài.\n" + RECIPIENTS))
    assert got["province"].value == "Quảng Bình" and got["province"].confidence < 0.85


def test_the_letterhead_province_outweighs_the_recipients():
    header = NO_PLACE.replace("SỞ Y TẾ ||", "UBND TỈNH BẮC GIANG ||\nSỞ Y TẾ ||", 1)
    assert values("Sở đăng 100 tin, bài.\n" + RECIPIENTS, header)["province"] == "Bắc Giang"


# -------------------------------------------------------------------------------- outlets


def test_no_urgent_incident_says_nothing_of_outlets():
    assert "outlets" not in values("I. SỐ LIỆU\nKhông phát sinh vụ việc đột xuất, bất thường.")
    got = values("Trong năm không phát sinh vụ việc đột xuất, bất thường cần cung cấp thông tin.")
    assert got["outlets"] == []


@pytest.mark.parametrize(
    ("sentence", "outlets"),
    [
        ("Trong năm, UBND phường không cung cấp thông tin cho cơ quan báo chí nào do không có "
         "đề nghị.", []),
        ("Trong năm không có cơ quan báo chí nào đề nghị Ban cung cấp thông tin.", []),
        ("Năm 2026 chưa có phóng viên, cơ quan báo chí nào liên hệ làm việc với xã.", []),
        ("Sở chưa cung cấp thông tin cho báo chí nào.", []),
        # Counter-cases: what the press did not write, and no outlet refused, say nothing of
        # the outlets given information.
        ("Trong năm không có cơ quan báo chí nào phản ánh sai về hoạt động của Sở.", None),
        ("Không có cơ quan báo chí nào bị từ chối cung cấp thông tin.", None),
    ],
)  # fmt: skip
def test_no_outlet_given_information(sentence, outlets):
    assert values(f"I. KẾT QUẢ\n{sentence}\n").get("outlets") == outlets


def test_addressee_lines_group_requests_and_are_not_requests():
    body = (
        "IV. ĐỀ XUẤT, KIẾN NGHỊ\n1. Đối với UBND tỉnh\n"
        "Đề nghị UBND tỉnh bố trí kinh phí nâng cấp Trang thông tin điện tử.\n"
        "2. Đối với Sở Thông tin và Truyền thông:\n"
        "Đề nghị tổ chức tập huấn kỹ năng phát ngôn.\n"
        "- Với Bộ Y tế, đề nghị cung cấp tài liệu truyền thông mẫu.\n"
    )
    assert values(body)["recommendations"] == [
        "Đề nghị UBND tỉnh bố trí kinh phí nâng cấp Trang thông tin điện tử.",
        "Đề nghị tổ chức tập huấn kỹ năng phát ngôn.",
        "Với Bộ Y tế, đề nghị cung cấp tài liệu truyền thông mẫu.",
    ]


# ------------------------------------------------------------------ posts by channel


def test_the_websites_row_of_a_table_by_channel_outweighs_an_all_channel_total():
    body = (
        "I. KẾT QUẢ\nTrong năm, UBND huyện đăng tải tổng cộng 1.019 tin, bài trên các kênh "
        "thông tin của huyện (Trang thông tin điện tử huyện, Fanpage và Zalo OA).\n"
        "SỐ LƯỢNG TIN, BÀI ĐĂNG TẢI TRÊN CÁC KÊNH THÔNG TIN"
    )
    rows = [
        ["TT", "Kênh thông tin", "Quý I", "Quý II", "Cộng"],
        ["1", "Trang thông tin điện tử huyện", "88", "97", "185"],
        ["2", "Fanpage của huyện", "131", "152", "283"],
        ["3", "Zalo OA", "97", "110", "207"],
        ["", "Tổng cộng", "316", "359", "675"],
    ]
    assert with_table(body, rows)["posts_total"] == 185
    # Without the table, the all-channel total is kept but no longer sure.
    got = extract(document_from_text(HEADER + body))["posts_total"]
    assert got.value == 1019 and got.confidence < 0.85


def test_a_table_by_quarter_without_channels_is_not_a_channel_table():
    rows = [["Kênh", "Quý I", "Quý II"], ["Trang thông tin điện tử", "88", "97"]]
    assert "posts_total" not in with_table("Số tin, bài đăng tải như sau:", rows)


# -------------------------------------------------------------- spokesperson, more forms


def test_a_title_named_alone_takes_its_name_from_the_table_of_spokespeople():
    body = (
        "2. Người phát ngôn\nNgười phát ngôn của Sở là Giám đốc Sở; khi cần thiết, Giám đốc Sở "
        "ủy quyền cho Phó Giám đốc Sở phát ngôn."
    )
    rows = [
        ["TT", "Họ và tên", "Chức vụ", "Ghi chú"],
        ["1", "Hoàng Minh Tuấn", "Giám đốc Sở", "Người phát ngôn"],
        ["2", "Đinh Thị Hà", "Phó Giám đốc Sở", "Người được ủy quyền phát ngôn"],
    ]
    got = with_table(body, rows)
    assert (got["spokesperson_name"], got["spokesperson_title"]) == (
        "Hoàng Minh Tuấn",
        "Giám đốc Sở",
    )
    alone = values(body)
    assert (alone.get("spokesperson_name"), alone["spokesperson_title"]) == (None, "Giám đốc Sở")


def test_a_title_in_the_spokesperson_part_that_names_no_role_is_passed_over():
    body = (
        "1. Công tác chỉ đạo, người phát ngôn\nBan thực hiện Quy chế phát ngôn ban hành kèm "
        "theo Quyết định số 35/QĐ-BQL của Trưởng ban. Người phát ngôn của Ban là ông Nguyễn "
        "Văn Trường, Phó Trưởng ban."
    )
    got = values(body)
    assert (got["spokesperson_name"], got["spokesperson_title"]) == (
        "Nguyễn Văn Trường",
        "Phó Trưởng ban",
    )


def test_a_term_from_the_start_of_the_year_that_ended_gives_way_to_the_next():
    body = (
        f"Về người phát ngôn: từ đầu năm đến tháng 7/2026, người phát ngôn là đồng chí {OLD} "
        f"Chánh Thanh tra tỉnh. Do đồng chí {OLD} được điều động, Thanh tra tỉnh đăng ký lại "
        f"người phát ngôn là đồng chí {NEW} — Phó Chánh Thanh tra tỉnh."
    )
    assert values(body)["spokesperson_name"] == NEW


# ---------------------------------------------------------------------------- the gate

LETTER = """UBND TỈNH PHÚ THỌ || CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ Y TẾ || Độc lập - Tự do - Hạnh phúc
Số: 2317/SYT-VP || Phú Thọ, ngày 11 tháng 12 năm 2026
V/v {}
Kính gửi: Sở Văn hóa, Thể thao và Du lịch tỉnh Phú Thọ
{}
Trân trọng./.
"""
RESULTS = """Thực hiện Công văn số 1867/SVHTTDL-TTBCXB, Sở Y tế báo cáo kết quả như sau:
1. Người phát ngôn: ông Hà Quang Minh, Phó Giám đốc Sở.
2. Số cuộc họp báo đã tổ chức: 02 cuộc.
3. Số lần cung cấp thông tin tại giao ban báo chí: 07 lần.
4. Trả lời 21/23 yêu cầu của báo chí."""


@pytest.mark.parametrize(
    ("subject", "body", "kind"),
    [
        ("báo cáo kết quả công tác phát ngôn năm 2026", RESULTS, "report"),
        (
            "gửi báo cáo kết quả công tác phát ngôn năm 2026",
            "Sở Y tế gửi kèm theo Báo cáo số 2317/BC-SYT về kết quả công tác phát ngôn năm 2026.",
            "dispatch",
        ),
        # A reminder asking for the results carries no results of its own.
        (
            "báo cáo kết quả công tác phát ngôn năm 2026",
            "Đề nghị các đơn vị gửi báo cáo trước ngày 05/12/2026 (số cuộc họp báo, số lần "
            "cung cấp thông tin tại giao ban báo chí).",
            "dispatch",
        ),
    ],
)
def test_a_letter_that_states_the_results_is_the_report(subject, body, kind):
    assert classify(document_from_text(LETTER.format(subject, body)))[0] == kind


BLANK = """TÊN CƠ QUAN || CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
|| Độc lập - Tự do - Hạnh phúc
Số: {v}/BC-{v} || {v}, ngày {v} tháng {v} năm {v}
BÁO CÁO
Kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí năm {v}
I. SỐ LIỆU
1. Số cuộc họp báo: {v}
2. Số lần chủ động cung cấp thông tin tại giao ban báo chí: {v}
3. Số lượt trả lời báo chí/tổng số đề nghị: {v}
4. Số vụ việc đột xuất, bất thường đã phát ngôn/tổng số: {v}
5. Số vụ việc phát ngôn đúng hạn/tổng số có áp dụng thời hạn: {v}
II. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ
"""


@pytest.mark.parametrize("blank", ["...", "", "…", "____"])
def test_the_blank_national_form_is_a_form(blank):
    assert classify(document_from_text(BLANK.format(v=blank)))[0] == "form"


def test_a_filled_form_is_a_report_even_as_a_draft_with_blank_number_and_day():
    lines = BLANK.format(v="").replace("TÊN CƠ QUAN", "SỞ Y TẾ").split("\n")
    answers = iter(("01", "03 lần", "5/5", "không phát sinh", "2/2"))
    filled = [
        f"{line} {next(answers)}" if line[:2] in ("1.", "2.", "3.", "4.", "5.") else line
        for line in lines
    ]
    assert classify(document_from_text("\n".join(filled)))[0] == "report"


# ------------------------------------------------------- second batch: the form in other shapes


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "1. Tổ chức họp báo, giao ban báo chí\nNăm 2026, Sở không tổ chức họp báo riêng. Sở "
            "đã 03 lần cung cấp thông tin tại Hội nghị giao ban báo chí của tỉnh.",
            {"press_conferences": 0, "briefings": 3},
        ),
        (
            "Sở đã trả lời 11 trong tổng số 12 đề nghị của các cơ quan báo chí; trong đó 10 trên "
            "11 văn bản trả lời bảo đảm thời hạn.",
            {"answers_on_time": 10, "answers_total": 11},
        ),
        (
            "- Phát ngôn khi xảy ra sự kiện, vấn đề khẩn cấp: không phát sinh.",
            {"incidents_spoken": 0, "incidents_total": 0},
        ),
        (
            "Xã tiếp nhận 05 đề nghị của phóng viên các cơ quan báo chí và đã trả lời cả 05 đề "
            "nghị. Trên địa bàn xã không phát sinh sự kiện, vấn đề khẩn cấp cần phát ngôn; cũng "
            "không phát sinh trường hợp phải có văn bản trả lời hoặc đề nghị cải chính thông tin.",
            {
                "incidents_spoken": 0,
                "incidents_total": 0,
                "correction_requests": 0,
                "corrections_total": 0,
            },
        ),
    ],
)
def test_form_counts_in_other_words(body, expected):
    got = values(body)
    assert {k: got.get(k) for k in expected} == expected


def test_form_table_with_total_first_rate_and_item_columns():
    rows = [
        ["Nội dung", "Tổng số", "Số đã thực hiện", "Tỷ lệ (%)", "Ghi chú"],
        ["(1) Số cuộc họp báo đã tổ chức", "-", "0", "-", "Dự 04 cuộc họp báo của UBND tỉnh"],
        ["(3) Trả lời đề nghị cung cấp thông tin của cơ quan báo chí", "17", "16", "94,1", ""],
        ["(4) Phát ngôn khi xảy ra sự kiện, vấn đề khẩn cấp", "03", "03", "100", ""],
        ["(5) Trả lời đúng thời hạn", "16", "15", "93,8", ""],
    ]
    got = with_table("II. KẾT QUẢ", rows)
    assert {k: got.get(k) for k in FORM if k in got} == {
        "press_conferences": 0,
        "press_requests_answered": 16,
        "press_requests_received": 17,
        "incidents_spoken": 3,
        "incidents_total": 3,
        "answers_on_time": 15,
        "answers_total": 16,
    }


def test_form_table_item_number_column_and_a_table_cut_by_a_page_break():
    rows = [
        ["Chỉ tiêu", "Số lượng", "Tổng số", "Tỷ lệ (%)", "Mục"],
        ["Họp báo do Sở tổ chức", "04", "", "", "(1)"],
        ["Sự kiện, vấn đề khẩn cấp đã phát ngôn", "05", "05", "100", "(4)"],
    ]
    got = with_table("II. KẾT QUẢ", rows)
    assert (got["press_conferences"], got["incidents_spoken"], got["incidents_total"]) == (4, 5, 5)
    # The rest of a table on the next page: its first row is data, not a header.
    cut = [["2 Số lần cung cấp thông tin tại giao ban báo chí", "04"]]
    assert with_table("Chi tiết tại Phụ lục.", cut)["briefings"] == 4


def test_the_row_a_table_marks_as_spokesperson_wherever_the_table_stands():
    rows = [
        ["TT", "Họ và tên", "Chức vụ", "Điện thoại", "Ghi chú"],
        ["1", "Phạm Thị Lan Anh", "Phó Chánh Văn phòng Sở", "0983 215 770", "Cán bộ đầu mối"],
        ["2", "Đỗ Mạnh Cường", "Phó Giám đốc Sở", "0912 468 035", "Người phát ngôn"],
    ]
    got = with_table("I. CÔNG TÁC CHỈ ĐẠO\nThông tin liên hệ được công khai, cụ thể:", rows)
    assert (got["spokesperson_name"], got["spokesperson_title"]) == (
        "Đỗ Mạnh Cường",
        "Phó Giám đốc Sở",
    )


def test_a_change_told_in_its_own_paragraph_names_the_new_spokesperson_first():
    body = (
        f"UBND phường ban hành Quyết định chỉ định người phát ngôn là ông {OLD} – Chủ tịch UBND "
        f"phường.\nTừ ngày 15/7/2026, do ông {OLD} được điều động, UBND phường giao bà {NEW} – "
        f"Phó Chủ tịch UBND phường làm người phát ngôn thay ông {OLD}."
    )
    got = values(body)
    assert (got["spokesperson_name"], got["spokesperson_title"]) == (
        NEW,
        "Phó Chủ tịch UBND phường",
    )


def test_the_annexed_form_with_three_dot_blanks_is_a_form():
    text = (
        "Mẫu số 01 MẪU BÁO CÁO KẾT QUẢ THỰC HIỆN PHÁT NGÔN\n"
        "TÊN CƠ QUAN BÁO CÁO || CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: /BC-... || ..., ngày ... tháng ... năm ...\nBÁO CÁO\n"
        "Kết quả thực hiện phát ngôn và cung cấp thông tin cho báo chí năm ...\n"
        "I. KẾT QUẢ THỰC HIỆN\n1 Số cuộc họp báo đã tổ chức\n"
        "II. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ, ĐỀ XUẤT\n- ...;\n- Lưu: VT, ...\n"
        "(Ký, ghi rõ họ tên và đóng dấu)"
    )
    assert classify(document_from_text(text))[0] == "form"
    # A report quoting "..." once in a list stays a report.
    report = HEADER + "Sở cung cấp thông tin cho Báo Nhân Dân, Báo Quảng Bình, ...\n"
    assert classify(document_from_text(report))[0] == "report"


# ------------------------------------------------- confidence: rivals that are no rivals


def test_a_change_or_another_years_figure_is_no_rival_of_the_posts_total():
    for body in (
        "Trang thông tin điện tử của Sở đã đăng tải 486 tin, bài, tăng 57 tin, bài so với năm "
        "2025 (429 tin, bài).",
        "Năm 2026, Trang thông tin điện tử của Sở đã đăng tải 486 tin, bài (năm 2025 là 164 "
        "tin, bài), bình quân gần 41 tin, bài/tháng.",
    ):
        got = extract(document_from_text(HEADER + body))["posts_total"]
        assert got.value == 486 and got.confidence >= 0.85, body


def test_a_letters_subject_line_names_its_period():
    text = LETTER.format("báo cáo kết quả công tác phát ngôn năm 2026", RESULTS)
    got = extract(document_from_text(text))
    assert (got["year"].value, got["period"].value) == (2026, "year")
    assert min(got["year"].confidence, got["period"].confidence) >= 0.85


def test_an_on_time_count_stays_in_its_clause():
    body = (
        "Trong năm, cơ quan tiếp nhận 09 đề nghị của các cơ quan báo chí, đã trả lời 9/9 đề "
        "nghị, trong đó 8/9 đề nghị được trả lời đúng thời hạn; 01 đề nghị phải gia hạn thời "
        "gian trả lời."
    )
    got = extract(document_from_text(HEADER + body))
    assert (got["answers_on_time"].value, got["answers_total"].value) == (8, 9)
    assert got["answers_on_time"].confidence >= 0.6


@pytest.mark.parametrize(
    ("request_text", "topics"),
    [
        (
            "Đề nghị tổ chức tập huấn kỹ năng viết tin, bài cho cán bộ phụ trách Trang thông tin "
            "điện tử của các sở, ngành.",
            ["press_skills"],
        ),
        # With no topic before it, the audience's work is the topic.
        (
            "Đề nghị tổ chức tập huấn cho cán bộ quản trị Trang thông tin điện tử.",
            ["website_admin"],
        ),
        ("Đề nghị tập huấn quản trị Trang thông tin điện tử cho cán bộ các xã.", ["website_admin"]),
    ],
)
def test_whom_training_is_for_is_not_what_it_is_about(request_text, topics):
    assert topics_for(request_text) == topics


def test_a_count_with_its_unit_in_a_form_cell_is_no_item_number():
    rows = [
        ["TT", "Nội dung", "Kết quả"],
        ["2", "Số lần chủ động cung cấp thông tin tại giao ban báo chí", "01 lần"],
        ["3", "Số lượt trả lời báo chí / tổng số đề nghị của báo chí", "5 trên 5"],
    ]
    got = with_table("I. SỐ LIỆU", rows)
    assert (got["briefings"], got["press_requests_answered"]) == (1, 5)


@pytest.mark.parametrize(
    ("body", "name", "title"),
    [
        (
            "1. Người phát ngôn\nNgười phát ngôn của Sở là ông Nguyễn Văn\nHùng – Phó Giám đốc Sở; "
            "số điện thoại 0912345678.",
            "Nguyễn Văn Hùng",
            "Phó Giám đốc Sở",
        ),
        (
            "Người phát ngôn của Sở Y tế là bà Trần Thị\nThu Hà, Phó Giám đốc Sở.",
            "Trần Thị Thu Hà",
            "Phó Giám đốc Sở",
        ),
        (
            "Người phát ngôn của Sở Y tế là ông Lê Văn Nam, Phó\nGiám đốc Sở.",
            "Lê Văn Nam",
            "Phó Giám đốc Sở",
        ),
        # A sentence that ends on its line takes nothing from the next.
        (
            "Người phát ngôn của Sở Y tế là ông Lê Văn Nam, Giám đốc Sở.\nTrần Thị Hoa, Phó Giám "
            "đốc Sở phụ trách công tác thông tin.",
            "Lê Văn Nam",
            "Giám đốc Sở",
        ),
    ],
)
def test_a_name_or_title_cut_by_a_line_break(body, name, title):
    got = values(body)
    assert (got["spokesperson_name"], got["spokesperson_title"]) == (name, title)


# ---------------------------------------------------- third and fourth batches: more classes


def test_a_term_until_a_month_then_the_one_appointed_to_the_role():
    body = (
        f"1. Về người phát ngôn\nNgười phát ngôn của Sở đến hết tháng 8/2026 là ông {OLD} – Giám "
        f"đốc Sở. Từ ngày 01/9/2026, ông {OLD} nghỉ hưu theo chế độ; UBND tỉnh giao ông Nguyễn "
        "Trọng Khánh – Phó Giám đốc phụ trách Sở điều hành hoạt động của Sở, đồng thời là người "
        "phát ngôn của Sở."
    )
    got = values(body)
    assert (got["spokesperson_name"], got["spokesperson_title"]) == (
        "Nguyễn Trọng Khánh",
        "Phó Giám đốc phụ trách Sở",
    )


def test_an_education_department_is_no_training_sentence():
    body = (
        "Sở Giáo dục và Đào tạo đã ban hành Quy chế phát ngôn, trong đó quy định đồng chí Trần "
        "Văn Lâm — Giám đốc Sở là người phát ngôn."
    )
    assert values(body)["spokesperson_name"] == "Trần Văn Lâm"
    trained = "Sở cử 02 cán bộ dự lớp bồi dưỡng kỹ năng cho người phát ngôn của ông Lê Văn An."
    assert "spokesperson_name" not in values(trained)


def test_ocr_damage_in_the_letterhead_title_and_motto():
    header = (
        "ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA. VIỆT NAM\nHUYỆN TIÊN LỮ || Độc lập - Tự do"
        " - Hạnh phúc\nSố: 58/BC-UBND || Tiên Lữ, ngày 24 tháng 3 năm 2023\nBÁO C ÁO\nKết quả "
        "thực hiện phát ngôn và cung cấp thông tin cho báo chí quý I năm 2023\n"
    )
    got = values("1. Người phát ngôn của UBND huyện là Chủ tịch UBND huyện.", header)
    assert got["agency"] == "Ủy ban nhân dân huyện Tiên Lữ"
    assert (got["year"], got["period"]) == (2023, "q1")


def test_a_receipt_stamp_dates_the_arrival_not_the_report():
    header = (
        "UBND TỈNH VĨNH LONG || CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ Y TẾ || Độc lập - Tự do - "
        "Hạnh phúc\nSố: 3120/BC-SYT ||\nĐẾN Số: 4817 ||\nNgày 16/12/2024 ||\n|| Vĩnh Long, ngày "
        "12 tháng 12 năm 2024\nBÁO CÁO\nKết quả thực hiện công tác phát ngôn năm 2024\n"
    )
    assert values("Sở đăng 100 tin, bài.", header)["report_date"] == "2024-12-12"


def test_a_rate_in_number_words_is_not_taken_from_a_percentage_after_it():
    body = (
        "Cổng Thông tin điện tử của Sở đã đăng tải chín trăm bốn mươi hai tin, bài, bình quân "
        "khoảng một trăm lẻ năm tin, bài mỗi tháng, tăng khoảng mười hai phần trăm so với năm "
        "2025."
    )
    got = values(body)
    assert (got["posts_total"], got["posts_per_month"]) == (942, 105)


@pytest.mark.parametrize(
    ("body", "held"),
    [
        (
            "Văn phòng không tổ chức họp báo riêng. Văn phòng đã tham mưu, phục vụ UBND tỉnh tổ "
            "chức ba cuộc họp báo định kỳ hằng quý.",
            0,
        ),
        ("Văn phòng đã chủ trì tổ chức 02 cuộc họp báo về thu hút đầu tư.", 2),
    ],
)
def test_press_conferences_organised_for_the_province_are_not_held(body, held):
    assert values(body)["press_conferences"] == held


def test_times_information_was_given_are_no_coverage():
    body = (
        "Trong năm, Sở đã cung cấp thông tin cho phóng viên các cơ quan báo chí gồm: Báo Hà "
        "Tĩnh, Thông tấn xã Việt Nam, với tổng số hai mươi mốt lượt."
    )
    assert values(body)["outlets"] == ["Báo Hà Tĩnh", "TTXVN"]
    coverage = "Hoạt động của Sở được các báo đưa tin 19 lượt, chủ yếu trên Báo Hà Tĩnh."
    assert values(coverage).get("outlets") is None


def test_the_assessment_adds_no_outlet_to_those_the_results_named():
    body = (
        "2. Kết quả\nVăn phòng đã cung cấp thông tin cho các cơ quan báo chí gồm: Báo Thái Bình, "
        "Thông tấn xã Việt Nam.\n3. Đánh giá\nƯu điểm: Việc cung cấp thông tin cho báo chí kịp "
        "thời; Cổng Thông tin điện tử tỉnh hoạt động ổn định."
    )
    assert values(body)["outlets"] == ["Báo Thái Bình", "TTXVN"]


def test_training_on_the_decree_itself_is_about_the_law():
    text = (
        "Đề nghị Sở Văn hóa, Thể thao và Du lịch tổ chức tập huấn, phổ biến các quy định của "
        "Nghị định số 244/2026/NĐ-CP và kỹ năng phát ngôn cho người phát ngôn cấp xã."
    )
    assert topics_for(text) == ["spokesperson_skills", "legal"]


# ------------------------------------------------------- fifth and sixth batches: more classes


def test_a_period_glued_to_the_word_before_it_by_a_split_word_run():
    header = HEADER.replace("cho báo chí năm 2026", "cho báo chí6 tháng đầu năm 2026").replace(
        "năm 2026\n", "năm 2026\n", 1
    )
    got = values("Sở đăng 120 tin, bài.", header)
    assert (got["year"], got["period"]) == (2026, "h1")


def test_the_sub_units_pages_are_not_the_agencys_posts():
    body = (
        "- Trang thông tin điện tử huyện đã đăng tải 263 tin, bài, ảnh về hoạt động của UBND "
        "huyện.\n- Trang thông tin điện tử của 16 xã, thị trấn đăng tải tổng cộng 1.047 tin, bài."
    )
    assert values(body)["posts_total"] == 263


@pytest.mark.parametrize(
    ("named", "outlet"),
    [
        ("Báo Quân đội nhân dân và Thông tấn xã Việt Nam", "Báo Quân đội nhân dân"),
        ("Báo Lao động và Xã hội, Thông tấn xã Việt Nam", "Báo Lao động và Xã hội"),
        ("Báo Sức khỏe và Đời sống, Thông tấn xã Việt Nam", "Báo Sức khỏe và Đời sống"),
    ],
)
def test_a_national_papers_name_goes_on_in_lowercase(named, outlet):
    body = f"Sở đã cung cấp thông tin cho phóng viên {named} về công tác phòng chống dịch."
    assert values(body)["outlets"] == [outlet, "TTXVN"]


def test_a_letters_results_as_ratios_and_cases():
    results = (
        "1. Họp báo do Chi cục tổ chức: không.\n2. Cung cấp thông tin tại giao ban báo chí: 02 "
        "lần.\n2. Đề nghị của cơ quan báo chí: tiếp nhận 06, đã "
        "trả lời 06.\n3. Vụ việc đột xuất: Chi cục đều kịp thời thông tin cho báo chí (02/02).\n"
        "4. Trả lời đúng thời hạn: 05/06 trường hợp."
    )
    text = LETTER.format("báo cáo kết quả công tác phát ngôn năm 2026", results)
    assert classify(document_from_text(text))[0] == "report"


def test_a_receipt_stamp_of_the_department_over_the_letterhead_is_no_parent():
    header = (
        "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH\nĐẾN Số: 512\nỦY BAN NHÂN DÂN PHƯỜNG ĐÔNG HÀ || CỘNG HÒA "
        "XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 318/BC-UBND || Đông Hà, ngày 11 tháng 12 năm 2026\n"
        "BÁO CÁO\nKết quả thực hiện phát ngôn và cung cấp thông tin cho báo chí quý IV năm 2026\n"
    )
    assert values("Phường đăng 96 tin, bài.", header)["agency"] == "Ủy ban nhân dân phường Đông Hà"


def test_a_portal_row_is_no_total_row_and_its_visits_no_posts():
    rows = [
        ["Kênh thông tin", "Số tin, bài", "Ghi chú"],
        ["Cổng thông tin điện tử của Sở", "1.247", "Bình quân khoảng 104 tin, bài/tháng"],
        ["Fanpage của Sở", "386", "Chia sẻ lại từ Cổng TTĐT"],
        ["Lượt truy cập Cổng thông tin điện tử", "218.540 lượt", "Số liệu thống kê"],
    ]
    assert with_table("Số tin, bài trên các kênh như sau:", rows)["posts_total"] == 1247


def test_a_unit_under_its_department_and_the_place_after_the_number_on_one_line():
    header = (
        "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCHI CỤC KIỂM LÂM\tĐộc "
        "lập - Tự do - Hạnh phúc\nSố: 318/CCKL-TTPC\tQuảng Trị, ngày 14 tháng 12 năm 2026\n"
        "BÁO CÁO\nKết quả thực hiện phát ngôn và cung cấp thông tin cho báo chí năm 2026\n"
    )
    got = values("Chi cục cung cấp thông tin cho Báo Quảng Trị.", header)
    assert (got["agency"], got["province"]) == ("Chi cục Kiểm lâm", "Quảng Trị")


def test_a_surname_after_the_word_province_that_names_no_province_is_a_person():
    body = "Người phát ngôn của cơ quan là Chánh Thanh tra tỉnh Phan Đăng Khoa."
    got = values(body)
    assert (got["spokesperson_name"], got["spokesperson_title"]) == (
        "Phan Đăng Khoa",
        "Chánh Thanh tra tỉnh",
    )
    # A province's name stays in the title.
    other = values("Người phát ngôn là ông Lê Văn An, Chánh Thanh tra tỉnh Quảng Trị.")
    assert other["spokesperson_title"] == "Chánh Thanh tra tỉnh Quảng Trị"


# --------------------------------------------------------------- outlets: one clause of a sentence


@pytest.mark.parametrize(
    "body",
    [
        # The outlets' clause, then a clause about coverage ("báo chí phản ánh về").
        "3. Cung cấp thông tin\nSở đã cung cấp thông tin, trả lời phỏng vấn cho Báo Nam Định, "
        "Thông tấn xã Việt Nam về tình hình dịch bệnh; có văn bản phản hồi 02 vụ việc báo chí "
        "phản ánh về thái độ phục vụ.",
        # The outlets' first sentence, then a sentence with a count of news items.
        "3. Cung cấp thông tin\nSở đã cung cấp thông tin cho các cơ quan báo chí: Báo Nam Định, "
        "Thông tấn xã Việt Nam. Đối với 07 tin, bài phản ánh chưa chính xác, Sở đã có văn bản "
        "phản hồi.",
    ],
)
def test_outlets_named_in_a_clause_beside_coverage_or_a_count(body):
    assert values(body)["outlets"] == ["Báo Nam Định", "TTXVN"]


def test_outlets_of_press_coverage_alone_are_not_outlets():
    body = (
        "3. Cung cấp thông tin\nTrong năm có 07 tin, bài trên Báo Nam Định phản ánh về hoạt động "
        "của Sở; Sở đã kiểm tra và phản hồi."
    )
    assert values(body).get("outlets") in (None, [])


# ------------------------------------------------------------ spokesperson: a table after the role


def test_a_spokesperson_table_introduced_by_the_sentence_above_it():
    got = with_table(
        "1. Công tác chỉ đạo\nNgày 15/02/2026, Giám đốc Sở ban hành Quyết định số 11/QĐ-SYT về "
        "việc giao nhiệm vụ phát ngôn. Người phát ngôn chính thức là Giám đốc Sở; Phó Giám đốc "
        "Sở được ủy quyền phát ngôn khi Giám đốc vắng mặt. Thông tin cụ thể:",
        [
            ["TT", "Họ và tên", "Chức vụ", "Điện thoại"],
            ["1", "Trần Minh Khoa", "Giám đốc Sở", "0238.111"],
            ["2", "Lê Thị Hoa", "Phó Giám đốc Sở (được ủy quyền)", "0238.222"],
        ],
    )
    assert got["spokesperson_name"] == "Trần Minh Khoa"
    assert got["spokesperson_title"] == "Giám đốc Sở"


def test_a_staff_table_after_a_sentence_without_the_role_names_no_spokesperson():
    got = with_table(
        "1. Công tác chỉ đạo\nSở đã phân công cán bộ đầu mối theo dõi thông tin báo chí như sau:",
        [
            ["TT", "Họ và tên", "Chức vụ"],
            ["1", "Trần Minh Khoa", "Chuyên viên Văn phòng"],
        ],
    )
    assert got.get("spokesperson_name") is None


@pytest.mark.parametrize("verb", ["ban hành Quyết định", "ký Quyết định", "quyết định"])
def test_a_title_acting_as_the_head_ends_before_the_verb(verb):
    got = values(
        f"1. Công tác chỉ đạo\nGiám đốc Sở {verb} số 11/QĐ-SYT về việc giao nhiệm vụ phát ngôn "
        "cho Phó Giám đốc Sở Nguyễn Văn Bình."
    )
    assert got["spokesperson_title"] != f"Giám đốc Sở {verb}"
    assert "ban hành" not in (got.get("spokesperson_title") or "")


# --------------------------------------------------------------- recommendations "(1) …; (2) …"


def test_requests_numbered_in_parentheses_on_one_line_are_split():
    got = values(
        "III. KIẾN NGHỊ\n(1) Đề nghị Sở Văn hóa, Thể thao và Du lịch sớm ban hành mẫu báo cáo "
        "thống nhất; (2) Đề nghị tổ chức tập huấn quản trị trang thông tin điện tử cho công chức."
    )
    assert got["recommendations"] == [
        "Đề nghị Sở Văn hóa, Thể thao và Du lịch sớm ban hành mẫu báo cáo thống nhất;",
        "Đề nghị tổ chức tập huấn quản trị trang thông tin điện tử cho công chức.",
    ]
    assert got["training_topics"] == ["website_admin"]


# --------------------------------------------------------------- training topics


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("tập huấn kỹ năng làm việc với báo chí cho cán bộ", ["press_skills"]),
        ("bồi dưỡng kỹ năng làm việc với báo chí và viết tin, bài", ["press_skills"]),
        ("tập huấn kỹ năng truyền thông nguy cơ cho người phát ngôn", ["crisis_communication"]),
        # Counter-cases: the press skill named alone, speaking skills.
        ("tập huấn kỹ năng truyền thông cho cán bộ", ["press_skills"]),
        ("tập huấn kỹ năng phát ngôn, trả lời phỏng vấn", ["spokesperson_skills"]),
    ],
)
def test_training_topics_of_working_with_the_press_and_risk_communication(text, codes):
    assert topics_for(text) == codes


# --------------------------------------------------------------- blind batch u07's classes

WARD_2026 = """ỦY BAN NHÂN DÂN || CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHƯỜNG {ward} || Độc lập - Tự do - Hạnh phúc
Số: 12/BC-UBND || {ward}, ngày 02 tháng 12 năm {year}
BÁO CÁO
Kết quả công tác phát ngôn và cung cấp thông tin cho báo chí năm {year}
Thực hiện Quy chế phát ngôn của tỉnh Tuyên Quang, UBND phường báo cáo như sau:
"""


@pytest.mark.parametrize(
    ("ward", "year", "province"),
    [
        # After 1/7/2025 a merged province's name in the place line is a ward's.
        ("Hà Giang 1", 2026, "Tuyên Quang"),
        ("Bắc Giang", 2026, "Tuyên Quang"),
        # Counter-cases: before the merger the place is the province; a province that goes on.
        ("Hà Giang", 2024, "Hà Giang"),
        ("Tuyên Quang", 2026, "Tuyên Quang"),
    ],
)
def test_a_merged_provinces_name_in_the_place_line_after_the_merger(ward, year, province):
    header = WARD_2026.format(ward=ward, year=year)
    assert values("I. KẾT QUẢ\nPhường đăng 40 tin, bài.", header=header)["province"] == province


@pytest.mark.parametrize(
    ("written", "period"),
    [("quý HI", "q3"), ("quý Il", "q2"), ("quý lV", "q4"), ("quý III", "q3"), ("quý hai", "q2")],
)
def test_a_quarters_numeral_as_ocr_reads_it(written, period):
    header = HEADER.replace("báo chí năm 2026", f"báo chí {written} năm 2026")
    assert values("I. KẾT QUẢ\nSở đăng 40 tin, bài.", header=header)["period"] == period


def test_a_months_count_in_a_quarters_report_is_a_part_the_stated_total_wins():
    header = HEADER.replace("báo chí năm 2026", "báo chí quý IV năm 2026")
    body = (
        "I. KẾT QUẢ\nTrang thông tin điện tử của Sở đăng tải: tháng 10/2026: 61 tin, bài; tháng "
        "11/2026: 74 tin, bài; tháng 12/2026: 58 tin, bài. Tổng cộng trong quý: 193 tin, bài."
    )
    assert values(body, header=header)["posts_total"] == 193


@pytest.mark.parametrize(
    "body",
    [
        # Counter-cases: a span up to a month is the period's count.
        "I. KẾT QUẢ\nĐến hết tháng 11/2026, Trang thông tin điện tử của Sở đăng 480 tin, bài.",
        "I. KẾT QUẢ\nTừ tháng 1 đến tháng 11/2026, Trang TTĐT của Sở đăng 480 tin, bài.",
    ],
)
def test_a_count_up_to_a_month_is_the_periods_count(body):
    assert values(body)["posts_total"] == 480


def test_the_title_of_who_assigns_the_spokesperson_is_not_the_spokespersons():
    got = values(
        "1. Về người phát ngôn\nPhó Giám đốc Sở Trần Thị Minh Ngọc được Giám đốc Sở giao làm "
        "người phát ngôn và cung cấp thông tin cho báo chí của Sở."
    )
    assert (got["spokesperson_name"], got["spokesperson_title"]) == (
        "Trần Thị Minh Ngọc",
        "Phó Giám đốc Sở",
    )


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        (
            "tập huấn nghiệp vụ cho người phát ngôn theo Nghị định số 244/2026/NĐ-CP",
            ["spokesperson_skills"],
        ),
        ("tập huấn, phổ biến các quy định của Nghị định số 244/2026/NĐ-CP", ["legal"]),
    ],
)
def test_training_according_to_a_decree_is_not_about_the_decree(text, codes):
    assert topics_for(text) == codes


def test_an_outlets_name_ends_before_what_its_reporters_did():
    body = (
        "3. Cung cấp thông tin cho báo chí\nUBND phường đã cung cấp thông tin, tạo điều kiện cho "
        "phóng viên Báo Nam Định và Báo Nông thôn Ngày nay tác nghiệp, phản ánh về mùa vụ."
    )
    assert values(body)["outlets"] == ["Báo Nam Định", "Báo Nông thôn Ngày nay"]


# --------------------------------------------------------------- blind batch u08's classes


def test_the_sub_units_sites_in_the_next_clause_leave_the_agencys_own_count():
    body = (
        "I. KẾT QUẢ\nCổng thông tin điện tử thành phố đăng tải 1.126 tin, bài (cùng kỳ năm 2025 là "
        "980 tin, bài); các trang thông tin điện tử thành phần của 16 phường, xã đăng tải 3.450 "
        "tin, bài."
    )
    assert values(body)["posts_total"] == 1126


def test_the_sub_units_sites_alone_are_no_count():
    body = "I. KẾT QUẢ\nCác trang thông tin điện tử của 16 phường, xã đăng tải 3.450 tin, bài."
    assert values(body).get("posts_total") is None


def test_a_request_table_gives_its_content_column_only():
    got = with_table(
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
        [
            ["TT", "Nội dung kiến nghị", "Cơ quan tiếp nhận"],
            ["1", "Mở lớp bồi dưỡng về quản trị trang thông tin điện tử cho cán bộ.", "Sở VHTTDL"],
            ["2", "Hỗ trợ kinh phí nâng cấp hạ tầng cho Cổng thông tin điện tử.", "UBND tỉnh"],
        ],
    )
    assert got["recommendations"] == [
        "Mở lớp bồi dưỡng về quản trị trang thông tin điện tử cho cán bộ.",
        "Hỗ trợ kinh phí nâng cấp hạ tầng cho Cổng thông tin điện tử.",
    ]


def test_spokesperson_labels_and_values_in_columns_read_apart_pair_in_order():
    doc = document_from_text(
        HEADER + "I. NGƯỜI PHÁT NGÔN\nSở đã công bố người phát ngôn, cụ thể như sau:"
    )
    cells = [
        (0, {1: "Họ và tên", 3: "Chức vụ", 4: "Điện thoại"}),
        (1, {0: "Nguyễn Thị Thu Hằng", 2: "Phó Giám đốc Sở", 4: "0220.3852"}),
    ]
    for r, row in cells:
        for c, text in row.items():
            loc = Location(paragraph=len(doc.blocks), table=5, row=r, cell=c)
            doc.blocks.append(Block(text, loc))
    got = {k: v.value for k, v in extract(doc).items()}
    assert (got["spokesperson_name"], got["spokesperson_title"]) == (
        "Nguyễn Thị Thu Hằng",
        "Phó Giám đốc Sở",
    )


@pytest.mark.parametrize("dash", ["—", "–", "-"])
def test_a_title_before_the_name_ends_at_any_dash(dash):
    got = values(f"1. Kết quả\nNgười phát ngôn của Sở là Phó Giám đốc Sở {dash} ông Đỗ Minh Khôi.")
    assert (got["spokesperson_name"], got["spokesperson_title"]) == (
        "Đỗ Minh Khôi",
        "Phó Giám đốc Sở",
    )


# ------------------------------------------------------- outlets: the portal, an outlet unanswered


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "I. KẾT QUẢ\nUBND phường cung cấp thông tin cho Báo Hà Nam và gửi tin, bài đăng trên "
            "Cổng thông tin điện tử tỉnh về kết quả sắp xếp tổ dân phố.",
            ["Báo Hà Nam", "Cổng TTĐT tỉnh"],
        ),
        (
            "I. KẾT QUẢ\nSở thường xuyên gửi tin, bài để đăng tải trên Cổng TTĐT tỉnh.",
            ["Cổng TTĐT tỉnh"],
        ),
        # A count of posts given to the portal: the portal offered as an outlet too, the count no
        # posts figure of the agency's own site.
        (
            "I. KẾT QUẢ\nNgoài ra, Sở đã cung cấp 31 tin, bài cho Cổng Thông tin điện tử tỉnh để "
            "đăng tải.\nSở cung cấp thông tin cho Báo Hà Nam.",
            ["Cổng TTĐT tỉnh", "Báo Hà Nam"],
        ),
        # Counter-cases: information given to another body that posts it; the agency's own
        # posts; a negated sending.
        (
            "I. KẾT QUẢ\nSở cung cấp thông tin cho Sở TT&TT để đăng tải trên Cổng thông tin điện "
            "tử của tỉnh.\nSở cung cấp thông tin cho Báo Hà Nam.",
            ["Báo Hà Nam"],
        ),
        (
            "I. KẾT QUẢ\nSở đã đăng tải 120 tin, bài trên Cổng thông tin điện tử tỉnh (trang "
            "thành phần của Sở).\nSở cung cấp thông tin cho Báo Hà Nam.",
            ["Báo Hà Nam"],
        ),
        (
            "I. KẾT QUẢ\nSở cung cấp thông tin cho Báo Hà Nam.\nĐánh giá: một số phòng chưa gửi "
            "tin, bài đăng trên Cổng TTĐT tỉnh.",
            ["Báo Hà Nam"],
        ),
    ],
)
def test_news_sent_to_the_provincial_portal_makes_it_an_outlet(body, expected):
    assert values(body)["outlets"] == expected


@pytest.mark.parametrize(
    "waiting",
    [
        "Đối với 01 yêu cầu chưa trả lời (đề nghị của Báo Pháp luật Việt Nam về hồ sơ đất đai), "
        "UBND phường đã xin ý kiến Sở chuyên ngành, sẽ trả lời khi có kết quả.",
        "Đề nghị của Báo Thanh Niên gửi ngày 10/12/2026 đang chờ cung cấp thông tin.",
        "Riêng đề nghị phỏng vấn của Báo Lao Động chưa được trả lời do đang xác minh.",
    ],
)
def test_an_outlet_still_waiting_for_its_answer_is_not_one_given_information(waiting):
    body = (
        "I. KẾT QUẢ\nUBND phường đã cung cấp thông tin cho Báo Hà Nam và Đài PT-TH Hà Nam.\n"
        + waiting
    )
    assert values(body)["outlets"] == ["Báo Hà Nam", "Đài PT-TH Hà Nam"]


def test_an_answered_outlet_in_the_same_shape_is_still_an_outlet():
    body = (
        "I. KẾT QUẢ\nUBND phường đã cung cấp thông tin cho Báo Hà Nam.\n"
        "Đã trả lời đề nghị của Báo Pháp luật Việt Nam về hồ sơ đất đai trong 03 ngày làm việc."
    )
    assert values(body)["outlets"] == ["Báo Hà Nam", "Báo Pháp luật Việt Nam"]


# ------------------------------------------------------- posts: an agency without a site of its own


@pytest.mark.parametrize(
    "line",
    [
        "- Chi cục không có trang thông tin điện tử riêng; tin, bài về hoạt động quản lý, bảo vệ "
        "rừng được gửi đăng trên Cổng thông tin điện tử của Sở Nông nghiệp và Môi trường (38 tin, "
        "bài).",
        "Ban chưa có trang TTĐT riêng, 25 tin, bài của Ban được đăng trên Cổng thông tin điện tử "
        "của Sở Y tế.",
    ],
)
def test_posts_on_another_agencys_portal_are_no_own_count(line):
    assert values("I. KẾT QUẢ\n" + line).get("posts_total") is None


def test_an_own_site_opened_during_the_year_still_counts():
    line = "Trang thông tin điện tử riêng của Ban đã đăng 25 tin, bài trong năm."
    assert values("I. KẾT QUẢ\n" + line)["posts_total"] == 25


def test_a_posts_table_s_total_column_is_the_count_not_its_first_kind():
    got = with_table(
        "I. KẾT QUẢ\nSố tin, bài đăng trên Trang thông tin điện tử của Sở:",
        [
            ["TT", "Thời gian", "Tin, bài hoạt động", "Tin cảnh báo, khuyến cáo", "Tổng số"],
            ["1", "6 tháng đầu năm", "110", "30", "140"],
            ["2", "6 tháng cuối năm", "117", "28", "145"],
            ["", "Cộng", "227", "58", "285"],
        ],
    )
    assert got["posts_total"] == 285


def test_a_posts_table_without_a_total_column_keeps_its_posts_column():
    got = with_table(
        "I. KẾT QUẢ\nSố tin, bài đăng trên Trang thông tin điện tử của Sở:",
        [
            ["TT", "Thời gian", "Tin, bài đăng tải", "Lượt truy cập"],
            ["1", "6 tháng đầu năm", "110", "30.000"],
            ["", "Cộng", "227", "61.000"],
        ],
    )
    assert got["posts_total"] == 227


# ---------------------------------------------- requests: a part of difficulties and requests


def test_the_difficulties_before_the_requests_own_label_are_no_request():
    body = (
        "I. KẾT QUẢ\nSở cung cấp thông tin cho Báo Hà Nam.\n"
        "II. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ\n"
        "Đặc khu ở xa đất liền, đường truyền internet thường xuyên gián đoạn; việc trả lời đề nghị "
        "của cơ quan báo chí chủ yếu qua điện thoại.\n"
        "Kiến nghị:\n- Đề nghị UBND tỉnh đầu tư tuyến cáp quang dự phòng.\n"
        "- Đề nghị Sở tổ chức tập huấn kỹ năng phát ngôn cho cán bộ.\n"
    )
    assert values(body)["recommendations"] == [
        "Đề nghị UBND tỉnh đầu tư tuyến cáp quang dự phòng.",
        "Đề nghị Sở tổ chức tập huấn kỹ năng phát ngôn cho cán bộ.",
    ]


def test_requests_under_two_labels_of_a_requests_part_are_all_kept():
    body = (
        "I. KẾT QUẢ\nSở cung cấp thông tin cho Báo Hà Nam.\nII. KIẾN NGHỊ, ĐỀ XUẤT\n"
        "Kiến nghị:\n- Bố trí kinh phí cho công tác thông tin cơ sở.\n"
        "Đề xuất:\n- Tổ chức tập huấn kỹ năng phát ngôn cho cán bộ.\n"
    )
    assert values(body)["recommendations"] == [
        "Bố trí kinh phí cho công tác thông tin cơ sở.",
        "Tổ chức tập huấn kỹ năng phát ngôn cho cán bộ.",
    ]


# ------------------------------------- training topics the blind writers read differently: review


@pytest.mark.parametrize(
    ("request_text", "doubtful"),
    [
        ("Đề nghị tổ chức tập huấn kỹ năng trả lời phỏng vấn báo chí cho lãnh đạo.", True),
        ("Đề nghị tập huấn kỹ năng xử lý thông tin xấu, độc trên mạng xã hội.", True),
        ("Đề nghị bồi dưỡng kỹ năng giao tiếp, ứng xử với báo chí cho viên chức.", True),
        ("Đề nghị tổ chức tập huấn kỹ năng phát ngôn cho người phát ngôn.", False),
        ("Đề nghị tập huấn quản trị Trang thông tin điện tử cho cán bộ.", False),
        # A topic found through loose words alone: the skill of giving information, a law's subject.
        ("Đề nghị mở lớp tập huấn kỹ năng cung cấp thông tin cho báo chí cho công chức.", True),
        ("Đề nghị bồi dưỡng kiến thức pháp luật về báo chí, về phát ngôn cho cán bộ.", True),
        # The same words beside the topic's own name are not loose.
        ("Đề nghị tập huấn kỹ năng phát ngôn, cung cấp thông tin cho báo chí cho lãnh đạo.", False),
    ],
)
def test_topics_resting_on_a_contested_phrase_go_to_review(request_text, doubtful):
    body = f"I. KẾT QUẢ\nSở cung cấp thông tin cho Báo Hà Nam.\nII. KIẾN NGHỊ\n- {request_text}\n"
    got = extract(document_from_text(HEADER + body))["training_topics"]
    assert got.value and (got.confidence < REVIEW_CONFIDENCE) is doubtful


# ------------------------------------------ spokesperson: one authorised beside the new one


def test_the_deputy_authorised_after_the_new_spokesperson_is_not_the_spokesperson():
    body = (
        "I. KẾT QUẢ\nTheo Quyết định số 112/QĐ-SYT ngày 15/7/2025, người phát ngôn của Sở là ông "
        "Đỗ Mạnh Cường – Giám đốc Sở. Từ tháng 4/2026, sau khi ông Đỗ Mạnh Cường được điều động, "
        "Sở đã giao ông Vũ Xuân Thắng – Giám đốc Sở làm người phát ngôn; bà Trịnh Thị Ngọc Lan – "
        "Phó Giám đốc Sở được ủy quyền phát ngôn về lĩnh vực an toàn thực phẩm."
    )
    got = values(body)
    assert (got["spokesperson_name"], got["spokesperson_title"]) == ("Vũ Xuân Thắng", "Giám đốc Sở")


def test_a_change_to_a_new_spokesperson_named_last_still_counts():
    body = (
        "I. KẾT QUẢ\nTừ tháng 6/2026, người phát ngôn của Sở là bà Trịnh Thị Ngọc Lan – Phó Giám "
        "đốc Sở, thay ông Đỗ Mạnh Cường nghỉ hưu."
    )
    assert values(body)["spokesperson_name"] == "Trịnh Thị Ngọc Lan"


# ------------------------------------------------ posts and press conferences: words around counts


def test_a_rate_label_after_a_count_belongs_to_the_next_count():
    for body in (
        "I. KẾT QUẢ\nTrang thông tin điện tử của Sở đã đăng tải tổng cộng 148 tin, bài, bình quân "
        "mỗi tháng gần 25 tin, bài.",
        "I. KẾT QUẢ\nTrang thông tin điện tử của Sở đã đăng tải tổng cộng một trăm bốn mươi tám "
        "tin, bài, bình quân mỗi tháng gần hai mươi lăm tin, bài.",
    ):
        got = values(body)
        assert (got["posts_total"], got["posts_per_month"]) == (148, 25), body


def test_a_count_per_month_stays_a_rate():
    got = values("I. KẾT QUẢ\nTrang thông tin điện tử của Sở đăng 25 tin, bài mỗi tháng.")
    assert got["posts_per_month"] == 25 and got.get("posts_total") is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Sở chưa tổ chức cuộc họp báo nào. Lãnh đạo Sở đã hai lần tham dự và trả lời phỏng "
            "vấn tại họp báo thường kỳ của Ủy ban nhân dân tỉnh.",
            0,
        ),
        ("Sở đã 02 lần tổ chức họp báo về công tác phòng, chống dịch.", 2),
    ],
)
def test_times_attended_after_the_count_are_not_held(line, expected):
    assert values(f"I. KẾT QUẢ\n2. Về tổ chức họp báo\n{line}")["press_conferences"] == expected


def test_a_national_paper_whose_name_opens_like_a_common_word_is_an_outlet():
    body = (
        "I. KẾT QUẢ\nCác cơ quan báo chí được Sở cung cấp thông tin gồm: Báo Thái Bình, Báo Gia "
        "đình và Xã hội, Báo Gia Lai."
    )
    assert values(body)["outlets"] == ["Báo Thái Bình", "Báo Gia đình và Xã hội", "Báo Gia Lai"]


# ------------------------------------------------ result tables: a scan's cells, years, answers


def test_a_cells_list_goes_on_after_a_semicolon_on_the_next_line():
    doc = document_from_text(HEADER + "I. KẾT QUẢ")
    cells = [
        ("5 | Cơ quan báo chí được cung cấp thông tin", 0),
        ("Báo Bắc Giang;", 1),
    ]
    for text, c in cells:
        doc.blocks.append(Block(text, Location(paragraph=len(doc.blocks), table=2, row=3, cell=c)))
    doc.blocks.append(Block("Đài PT-TH Bắc Giang", Location(paragraph=len(doc.blocks))))
    doc.blocks.append(Block("6 | Số lượt cung cấp thông tin", Location(len(doc.blocks), 3, 0, 0)))
    got = {k: v.value for k, v in extract(doc).items()}
    assert got["outlets"] == ["Báo Bắc Giang", "Đài PT-TH Bắc Giang"]


@pytest.mark.parametrize(("answer", "expected"), [("Không", []), ("Không có", [])])
def test_a_results_row_answering_no_request_is_none(answer, expected):
    got = with_table(
        "I. KẾT QUẢ",
        [
            ["TT", "Nội dung", "Kết quả"],
            ["7", "Khó khăn, vướng mắc", "Không"],
            ["8 |", "Kiến nghị, đề xuất", answer],
        ],
    )
    assert got["recommendations"] == expected


def test_a_results_row_with_a_request_is_no_none_answer():
    got = with_table(
        "I. KẾT QUẢ",
        [
            ["TT", "Nội dung", "Kết quả"],
            ["8", "Kiến nghị, đề xuất", "Đề nghị tổ chức tập huấn kỹ năng phát ngôn."],
        ],
    )
    assert got.get("recommendations") != []


def test_the_report_years_column_of_a_table_comparing_years():
    got = with_table(
        "I. KẾT QUẢ\nSố liệu ba năm gần đây:",
        [
            ["TT", "Chỉ tiêu", "Năm 2024", "Năm 2025", "Năm 2026"],
            ["1", "Họp báo do Sở chủ trì", "02", "02", "03"],
            ["2", "Yêu cầu của báo chí đã trả lời / nhận được", "21/22", "35/37", "44/46"],
        ],
    )
    assert (got["press_requests_answered"], got["press_requests_received"]) == (44, 46)


def test_a_title_wrapped_out_of_a_scans_cell_is_read_whole():
    doc = document_from_text(HEADER + "I. KẾT QUẢ")
    for c, text in enumerate(["1 | Người phát ngôn của UBND huyện", "Ông Trần Đức Lợi - Phó Chủ"]):
        doc.blocks.append(Block(text, Location(paragraph=len(doc.blocks), table=1, row=1, cell=c)))
    doc.blocks.append(Block("tịch UBND huyện", Location(paragraph=len(doc.blocks))))
    doc.blocks.append(Block("2 | Số tin, bài", Location(len(doc.blocks), 2, 0, 0)))
    got = {k: v.value for k, v in extract(doc).items()}
    assert (got["spokesperson_name"], got["spokesperson_title"]) == (
        "Trần Đức Lợi",
        "Phó Chủ tịch UBND huyện",
    )


@pytest.mark.parametrize("unit", ["phường", "xã", "đặc khu"])
def test_a_communes_own_page_on_the_provincial_portal_counts_its_posts(unit):
    line = (
        f"1. Trang thông tin điện tử của {unit} (trang thành phần trên Cổng thông tin điện tử "
        "tỉnh) trong quý đã đăng tải 57 tin, bài."
    )
    assert values("I. KẾT QUẢ\n" + line)["posts_total"] == 57


def test_the_websites_row_of_a_channel_table_states_its_monthly_rate_in_a_note():
    got = with_table(
        "I. KẾT QUẢ\nTrong năm, Sở đã duy trì hoạt động các kênh thông tin như sau:",
        [
            ["Kênh thông tin", "Số tin, bài, video", "Ghi chú"],
            ["Trang thông tin điện tử của Sở", "537", "Bình quân gần 45 tin, bài/tháng"],
            ["Fanpage của Sở", "312", "Bình quân 26 tin, bài/tháng"],
        ],
    )
    assert (got["posts_total"], got["posts_per_month"]) == (537, 45)


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Người phát ngôn của UBND huyện: Giàng A Chông – Chủ tịch UBND huyện.", "Giàng A Chông"),
        ("Người phát ngôn của UBND xã: Lò Văn Tòng – Chủ tịch UBND xã.", "Lò Văn Tòng"),
    ],
)
def test_a_name_after_a_label_ending_in_a_place_word_is_a_person(line, name):
    assert values(f"I. KẾT QUẢ\n{line}")["spokesperson_name"] == name


def test_a_place_name_right_after_the_place_word_is_no_person():
    line = "Người phát ngôn là Chủ tịch UBND huyện Lý Nhân."
    assert values(f"I. KẾT QUẢ\n{line}").get("spokesperson_name") is None


def test_a_sentence_of_the_assessment_and_the_next_parts_number_are_no_posts_count():
    body = (
        "I. KẾT QUẢ\nTrang thông tin điện tử huyện đã đăng tải 1.126 tin, bài (năm 2022: 1.045 "
        "tin, bài), bình quân trên 93 tin, bài/tháng.\n5. Đánh giá\nHạn chế: Đội ngũ cộng tác "
        "viên Trang thông tin điện tử còn mỏng, kỹ năng viết tin, bài còn hạn chế.\n6. Kiến nghị"
        "\n- Đề nghị tổ chức tập huấn kỹ năng viết tin, bài."
    )
    assert values(body)["posts_total"] == 1126


def test_a_label_line_over_its_number_still_counts():
    got = values("I. KẾT QUẢ\nSố tin, bài đăng trên Trang thông tin điện tử\n214")
    assert got["posts_total"] == 214


def test_whom_the_training_is_for_is_not_its_topic_collaborators_too():
    assert topics_for(
        "Đề nghị tổ chức các lớp bồi dưỡng nghiệp vụ báo chí, kỹ năng viết tin, bài cho đội ngũ "
        "cộng tác viên Trang thông tin điện tử huyện."
    ) == ["press_skills"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Sở đã cung cấp thông tin cho Báo Đầu tư, Báo Tài chính - Đầu tư, TTXVN.",
            ["Báo Đầu tư", "Báo Tài chính - Đầu tư", "TTXVN"],
        ),
        # A dash before another outlet, or before words in lowercase, ends the name.
        (
            "Sở đã cung cấp thông tin cho Báo Hà Nam - Đài PT-TH Hà Nam.",
            ["Báo Hà Nam", "Đài PT-TH Hà Nam"],
        ),
        ("Sở đã cung cấp thông tin cho Báo Hà Nam - cơ quan của Đảng bộ tỉnh.", ["Báo Hà Nam"]),
    ],
)
def test_a_dash_between_capitalised_parts_keeps_an_outlets_name_whole(line, expected):
    assert values(f"I. KẾT QUẢ\n{line}")["outlets"] == expected


# ------------------------------------------ a period alone on a line where the title was not read

UNREAD_TITLE = """UBND TỈNH GIA LAI || CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG || Độc lập - Tự do - Hạnh phúc
Số: 2187/BC-SNNMT || Gia Lai, ngày 25 tháng 9 năm 2026
ết quả thực hiện phát ngôn và cung cấp thông tin cho báo chí
{line}
Căn cứ Nghị định số 244/2026/NĐ-CP; thực hiện Văn bản số 1402/SVHTTDL-QLBC ngày 08/9/2026 về \
việc báo cáo kết quả {line}, Sở Nông nghiệp và Môi trường báo cáo như sau:
"""


@pytest.mark.parametrize(
    ("line", "period"),
    [("quý III năm 2026", "q3"), ("6 tháng đầu năm 2026", "h1"), ("(9 tháng năm 2026)", "9m")],
)
def test_a_period_alone_on_the_line_of_an_unread_title(line, period):
    got = values("I. KẾT QUẢ\nSở đăng 318 tin, bài.", header=UNREAD_TITLE.format(line=line))
    assert (got["period"], got["year"]) == (period, 2026)


def test_a_quarters_line_inside_the_results_is_no_period():
    # Counter-case: the title states the year; a quarter's line under a heading is a part of it.
    body = "I. KẾT QUẢ\nQuý III năm 2026\nSở đăng 80 tin, bài trong quý III."
    assert values(body)["period"] == "year"


# ------------------------------------------------ training topics in the officials' own words


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        # A crisis named by what happens: an incident, a hot case, wrong information spreading.
        (
            "Đề nghị tổ chức tập huấn cho người phát ngôn về cách đưa thông tin ban đầu khi xảy "
            "ra ngộ độc thực phẩm, sự cố y khoa gây bức xúc dư luận.",
            ["crisis_communication"],
        ),
        (
            "Đề nghị tập huấn cho người phát ngôn về cách lên tiếng kịp thời khi xảy ra vụ việc "
            "nóng, không để bị động trước dư luận.",
            ["crisis_communication"],
        ),
        # Counter-case: a website's technical fault is the site's administration.
        (
            "Đề nghị tập huấn xử lý sự cố kỹ thuật của Trang thông tin điện tử.",
            ["website_admin"],
        ),
        # Posts put on the site are its administration; posts written are a press skill.
        (
            "Đề nghị mở lớp hướng dẫn cán bộ quản trị Cổng thông tin điện tử về cách đăng tải, "
            "lưu trữ tin, bài và bảo đảm an toàn dữ liệu.",
            ["website_admin"],
        ),
        (
            "Đề nghị mở lớp hướng dẫn cán bộ cách viết tin, chụp ảnh, soạn thông cáo gửi báo chí.",
            ["press_skills"],
        ),
        ("Đề nghị bồi dưỡng kỹ năng biên tập tin, bài cho cộng tác viên.", ["press_skills"]),
        # A law named with what it rules is the law, not the skill.
        (
            "Đề nghị tập huấn, phổ biến những điểm mới của Nghị định số 244/2026/NĐ-CP và các văn "
            "bản hướng dẫn về phát ngôn, cung cấp thông tin cho báo chí cho cán bộ các xã.",
            ["legal"],
        ),
        # Counter-case: the skill named beside the law keeps both.
        (
            "Đề nghị tập huấn kỹ năng phát ngôn và quy định của Nghị định số 244/2026/NĐ-CP.",
            ["spokesperson_skills", "legal"],
        ),
    ],
)
def test_training_topics_in_the_officials_own_words(text, topics):
    assert topics_for(text) == topics


def test_practice_sessions_asked_for_are_training():
    body = (
        "I. KẾT QUẢ\nXã đăng 40 tin, bài.\nII. KIẾN NGHỊ\n"
        "1. Đề nghị cho người phát ngôn của các xã được tham gia các buổi tập dượt trả lời phỏng "
        "vấn trực tiếp trước máy quay.\n"
    )
    got = extract(document_from_text(HEADER + body))
    assert got["training_requested"].value is True
    assert got["training_topics"].value == ["spokesperson_skills"]


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        # The title after the name, in a clause of its own about others, is not the person's.
        (
            "Người phát ngôn của Sở là Giám đốc Sở Nguyễn Thanh Tùng; các Phó Giám đốc Sở được "
            "giao cung cấp thông tin theo lĩnh vực phụ trách.",
            "Giám đốc Sở",
        ),
        # Counter-case: the title right after the name is the person's.
        (
            "Người phát ngôn của Sở là ông Nguyễn Thanh Tùng, Phó Giám đốc Sở.",
            "Phó Giám đốc Sở",
        ),
    ],
)
def test_a_title_named_for_others_after_the_name_is_not_the_spokespersons(sentence, title):
    got = values("I. KẾT QUẢ\n1. Người phát ngôn\n" + sentence)
    assert (got["spokesperson_name"], got["spokesperson_title"]) == ("Nguyễn Thanh Tùng", title)


@pytest.mark.parametrize(
    ("sentence", "outlets"),
    [
        # News forwarded to an outlet for it to run is information given to it.
        (
            "Xã chưa có trang thông tin điện tử riêng. Các tin, bài về hoạt động của xã được đăng "
            "trên trang Facebook của xã (86 bài viết trong năm) và chuyển đến Báo và Phát thanh, "
            "Truyền hình Khánh Hòa để đưa tin.",
            ["Báo và PT-TH Khánh Hòa"],
        ),
        # News items given to the provincial portal: the portal is offered as an outlet (its
        # confidence: test_a_count_of_posts_given_to_the_portal_is_offered_for_review).
        ("Xã đã chuyển đến Cổng TTĐT tỉnh (31 tin, bài) để đăng tải.", ["Cổng TTĐT tỉnh"]),
        ("Xã đã cung cấp 31 tin, bài cho Cổng thông tin điện tử tỉnh.", ["Cổng TTĐT tỉnh"]),
        # Counter-cases: information given to another body that posts it on the portal; a
        # negated one.
        (
            "Xã cung cấp thông tin bằng văn bản cho Sở Thông tin và Truyền thông để đăng tải trên "
            "Cổng thông tin điện tử của tỉnh.",
            None,
        ),
        ("Xã chưa cung cấp tin, bài cho Cổng thông tin điện tử tỉnh.", None),
        # Counter-case: the outlet's coverage of the agency is not information it was given.
        (
            "Trong năm, Báo và Phát thanh, Truyền hình Khánh Hòa đã đưa tin về 12 hoạt động của "
            "xã.",
            None,
        ),
    ],
)
def test_news_forwarded_to_an_outlet(sentence, outlets):
    assert values("I. KẾT QUẢ\n" + sentence).get("outlets") == outlets


@pytest.mark.parametrize(
    ("sentence", "posts"),
    [
        # "cộng gộp số liệu của các đơn vị" is a sum, not the units' portals ("cổng" folds alike).
        (
            "1. Trang thông tin điện tử của xã đã đăng tải 149 tin, bài, tăng 31 tin, bài so với "
            "năm 2025 (cộng gộp số liệu của các đơn vị trước sắp xếp), tập trung tuyên truyền.",
            149,
        ),
        # Counter-case: the units' own portals are not the agency's.
        ("1. Cổng thông tin điện tử của các đơn vị trực thuộc đã đăng 520 tin, bài.", None),
    ],
)
def test_a_sum_of_the_former_units_is_no_units_portal(sentence, posts):
    assert values("II. KẾT QUẢ THỰC HIỆN\n" + sentence).get("posts_total") == posts


@pytest.mark.parametrize(
    ("sentence", "doubtful"),
    [
        # A person named but not read (a seal over the line): the title beside it is doubtful.
        ("Người phát ngôn của UBND huyện: ông HẾ: Cống KiuoÀ ° > chó Chủ tịch UBND huyện.", True),
        # Counter-cases: the title alone, with or without an honorific before it.
        ("Người phát ngôn của Thanh tra tỉnh là đồng chí Chánh Thanh tra tỉnh.", False),
        ("Người phát ngôn của UBND huyện là Chủ tịch UBND huyện.", False),
    ],
)
def test_a_title_beside_a_name_not_read_is_doubtful(sentence, doubtful):
    got = extract(document_from_text(HEADER + "I. KẾT QUẢ\n1. Người phát ngôn\n" + sentence))
    assert "spokesperson_name" not in got
    assert (got["spokesperson_title"].confidence < REVIEW_CONFIDENCE) is doubtful


@pytest.mark.parametrize(
    ("sentence", "name", "title"),
    [
        # "Ủy ban nhân dân" written out inside the title: "ban" names the committee.
        (
            "Chủ tịch Ủy ban nhân dân phường Võ Thị Kim Loan là người phát ngôn của phường.",
            "Võ Thị Kim Loan",
            "Chủ tịch Ủy ban nhân dân phường",
        ),
        (
            "Người phát ngôn: ông Trần Văn Bình, Chủ tịch Ủy ban nhân dân thành phố.",
            "Trần Văn Bình",
            "Chủ tịch Ủy ban nhân dân thành phố",
        ),
        # Counter-case: "ban hành" after the title is the head's verb.
        (
            "Người phát ngôn là ông Lê Văn An, Giám đốc Sở ban hành Quy chế phát ngôn.",
            "Lê Văn An",
            "Giám đốc Sở",
        ),
    ],
)
def test_a_title_naming_the_peoples_committee_in_full(sentence, name, title):
    got = values("I. KẾT QUẢ\n1. Người phát ngôn\n" + sentence)
    assert (got["spokesperson_name"], got["spokesperson_title"]) == (name, title)


def test_a_paragraph_whose_every_sentence_is_a_request_gives_one_item_each():
    body = (
        "I. KẾT QUẢ\nSở đăng 40 tin, bài.\nII. KIẾN NGHỊ\n"
        "Sở Y tế kiến nghị Sở Văn hóa, Thể thao và Du lịch tổ chức lớp bồi dưỡng kỹ năng làm việc "
        "với báo chí. Đồng thời, đề nghị Sở sớm công bố danh sách đầu mối của các cơ quan báo chí. "
        "Ngoài ra, kiến nghị Ủy ban nhân dân thành phố bổ sung kinh phí nâng cấp Cổng thông tin "
        "điện tử ngành y tế.\n"
    )
    assert len(values(body)["recommendations"]) == 3


def test_a_request_followed_by_its_reasons_stays_one_item():
    body = (
        "I. KẾT QUẢ\nSở đăng 40 tin, bài.\nII. KIẾN NGHỊ\n"
        "Đề nghị Sở Văn hóa, Thể thao và Du lịch mở lớp hướng dẫn viết tin cho cán bộ xã. Vì hiện "
        "nay cán bộ phụ trách chủ yếu kiêm nhiệm, chưa qua đào tạo về nghiệp vụ báo chí.\n"
    )
    assert len(values(body)["recommendations"]) == 1


@pytest.mark.parametrize(
    ("sentence", "outlets"),
    [
        # A station that is neither a province's PT-TH nor a national one keeps its name; a
        # press release sent to outlets is information given.
        (
            "Phường chủ động gửi thông cáo, tin ảnh về các hoạt động lớn cho Báo Sài Gòn Giải "
            "Phóng và Đài Truyền hình Thành phố Hồ Chí Minh để đưa tin.",
            ["Báo Sài Gòn Giải Phóng", "Đài Truyền hình Thành phố Hồ Chí Minh"],
        ),
        (
            "Phường đã cung cấp thông tin cho Đài Tiếng nói Nhân dân Thành phố Hồ Chí Minh.",
            ["Đài Tiếng nói Nhân dân Thành phố Hồ Chí Minh"],
        ),
        # Counter-case: the national television keeps its short name.
        ("Phường đã cung cấp thông tin cho Đài Truyền hình Việt Nam.", ["VTV"]),
    ],
)
def test_a_city_station_keeps_its_name(sentence, outlets):
    assert values("I. KẾT QUẢ\n" + sentence)["outlets"] == outlets


@pytest.mark.parametrize(
    "body",
    [
        # The spokesperson's helper, named after the new spokesperson, is not the spokesperson.
        "Từ đầu năm đến hết tháng 5/2026, người phát ngôn của Sở là ông Vũ Đức Thắng – Giám đốc "
        "Sở. Do ông Vũ Đức Thắng được điều động, ngày 03/6/2026 Sở đã giao bà Phạm Thị Thu Hà – "
        "Phó Giám đốc Sở là người phát ngôn của Sở; ông Đoàn Văn Khải – Chánh Văn phòng Sở là đầu "
        "mối giúp việc cho người phát ngôn.",
        "Người phát ngôn của Sở là bà Phạm Thị Thu Hà – Phó Giám đốc Sở; ông Đoàn Văn Khải – Chánh "
        "Văn phòng Sở được giao giúp người phát ngôn.",
    ],
)
def test_the_spokespersons_helper_is_not_the_spokesperson(body):
    got = values("I. KẾT QUẢ\n1. Người phát ngôn\n" + body)
    assert (got["spokesperson_name"], got["spokesperson_title"]) == (
        "Phạm Thị Thu Hà",
        "Phó Giám đốc Sở",
    )


def test_outlets_named_in_a_later_sentence_of_a_paragraph_about_requests():
    body = (
        "I. KẾT QUẢ\nTrong năm, Sở tiếp nhận 39 đề nghị cung cấp thông tin của các cơ quan báo "
        "chí; đã trả lời, cung cấp thông tin đối với 37 đề nghị. Trong số các đề nghị có thời "
        "hạn, Sở đã trả lời đúng thời hạn 33/35 đề nghị. Các cơ quan báo chí được Sở cung cấp "
        "thông tin gồm: Báo Nhân Dân, Báo Sức khỏe và Đời sống, Thông tấn xã Việt Nam.\n"
    )
    got = extract(document_from_text(HEADER + body))["outlets"]
    assert got.value == ["Báo Nhân Dân", "Báo Sức khỏe và Đời sống", "TTXVN"]
    assert got.quote.startswith("Các cơ quan báo chí được Sở cung cấp thông tin")


def test_each_training_request_is_read_for_its_own_topics():
    # Whom the first request's training is for does not cut the second request's topics.
    body = (
        "I. KẾT QUẢ\nBan đăng 40 tin, bài.\nII. KIẾN NGHỊ\n"
        "1. Đề nghị tổ chức các lớp tập huấn kỹ năng phát ngôn cho lãnh đạo và cán bộ đầu mối.\n"
        "2. Đề nghị hướng dẫn, bồi dưỡng kỹ năng quản lý, vận hành fanpage và các nền tảng mạng "
        "xã hội phục vụ công tác xúc tiến đầu tư.\n"
    )
    got = extract(document_from_text(HEADER + body))["training_topics"]
    assert got.value == ["spokesperson_skills", "social_media"]


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (
            "Đề nghị bồi dưỡng kỹ năng truyền thông trong tình huống khẩn cấp (thiên tai, sự cố "
            "trên biển) cho cán bộ đặc khu.",
            ["crisis_communication"],
        ),
        # Counter-case: communication skills named alone are a press skill.
        ("Đề nghị bồi dưỡng kỹ năng truyền thông cho cán bộ xã.", ["press_skills"]),
    ],
)
def test_communication_in_an_emergency_is_crisis_communication(text, topics):
    assert topics_for(text) == topics


def test_a_capitals_paper_whose_name_ends_in_lowercase():
    body = (
        "I. KẾT QUẢ\nCác cơ quan báo chí được cung cấp thông tin gồm: Báo Hà Nội mới, Đài Phát "
        "thanh và Truyền hình Hà Nội, Báo Nhân Dân.\n"
    )
    assert values(body)["outlets"] == ["Báo Hà Nội mới", "Đài PT-TH Hà Nội", "Báo Nhân Dân"]


def test_a_spokesperson_table_cell_wrapped_over_two_lines_is_one_value():
    got = with_table(
        "I. TÌNH HÌNH TRIỂN KHAI\nThông tin người phát ngôn của UBND thị xã như sau:",
        [
            ["Họ và tên", "Chức vụ", "Điện thoại"],
            ["Nguyễn Thị Thanh\nHương", "Phó Chủ tịch UBND thị\nxã", "0256 3861 204"],
        ],
    )
    assert (got["spokesperson_name"], got["spokesperson_title"]) == (
        "Nguyễn Thị Thanh Hương",
        "Phó Chủ tịch UBND thị xã",
    )


def test_a_special_zones_name_is_no_persons_name():
    # "đặc khu Lý Sơn": a place, though "Lý" opens Vietnamese names.
    body = (
        "Thực hiện Công văn số 2204/SVHTTDL-BCXB của Sở Văn hóa, Thể thao và Du lịch về việc báo "
        "cáo công tác phát ngôn và cung cấp thông tin cho báo chí, UBND đặc khu Lý Sơn báo cáo như "
        "sau:\n1. Người phát ngôn\nĐồng chí Huỳnh Tấn Lực, Chủ tịch UBND đặc khu.\n"
    )
    got = values(body)
    assert (got["spokesperson_name"], got["spokesperson_title"]) == (
        "Huỳnh Tấn Lực",
        "Chủ tịch UBND đặc khu",
    )


def test_a_line_naming_only_the_replaced_spokesperson_does_not_bring_them_back():
    # A PDF line break before a dash: the next block names only whom the new one replaces.
    body = (
        "I. KẾT QUẢ\nVề người phát ngôn: từ đầu năm đến hết tháng 7/2026, người phát ngôn của Ban "
        "là ông Đặng Văn Lợi, Phó Trưởng ban. Từ ngày 01/8/2026, thực hiện Quyết định số "
        "412/QĐ-BQL của Trưởng ban, ông Hồ Sỹ Thắng\n"
        "– Phó Trưởng ban được giao làm người phát ngôn thay ông Đặng Văn Lợi (nghỉ hưu theo chế "
        "độ).\n"
    )
    got = values(body)
    assert (got["spokesperson_name"], got["spokesperson_title"]) == (
        "Hồ Sỹ Thắng",
        "Phó Trưởng ban",
    )


def test_a_heading_over_the_outlets_list_leads_it_in():
    body = (
        "I. KẾT QUẢ\n4. Các cơ quan báo chí được cung cấp thông tin\n"
        "Báo và Phát thanh, Truyền hình Hà Tĩnh; Báo Đầu tư; Báo Nhân Dân; Thông tấn xã Việt "
        "Nam; VTV1 – Đài Truyền hình Việt Nam.\n5. Đánh giá\n"
    )
    assert values(body)["outlets"] == [
        "Báo và PT-TH Hà Tĩnh",
        "Báo Đầu tư",
        "Báo Nhân Dân",
        "TTXVN",
        "VTV",
    ]


@pytest.mark.parametrize(
    ("sentence", "held"),
    [
        # Conferences served for the province are not the agency's own.
        (
            "Văn phòng UBND tỉnh không tổ chức họp báo riêng. Văn phòng đã chủ trì tham mưu, chuẩn "
            "bị nội dung và phục vụ 04 cuộc họp báo định kỳ hằng quý và 02 cuộc họp báo chuyên đề "
            "của UBND tỉnh.",
            0,
        ),
        # Counter-case: held, then served.
        (
            "Sở chủ trì tổ chức 02 cuộc họp báo; ngoài ra phục vụ 01 cuộc họp báo của UBND tỉnh.",
            2,
        ),
    ],
)
def test_press_conferences_served_for_the_province_are_not_held(sentence, held):
    assert values("I. KẾT QUẢ\n2. Tổ chức họp báo\n" + sentence)["press_conferences"] == held


@pytest.mark.parametrize(
    ("limitation", "doubtful"),
    [
        # OCR's debris inside a value read from a scan: the value goes to review.
        ("Việc theo dõi thông tin trên tipn0i xã hội chưa thường xuyên do thiếu nhân lực.", True),
        ("Cán bộ kiêm nhiệm ~ chưa được đào tạo nghiệp vụ báo chí.", True),
        # A consonant standing alone as a word, a sentence cut at a comma.
        ("Đường truyền ra đảo chưa ố, n định, việc cập nhật tin có lúc gián đoạn.", True),
        ("Đặc khu chưa có cán bộ chuyên trách, kiêm nhiệm nhiều việc, chuyên tự,", True),
        # Counter-case: clean words read by OCR, and a channel's number, stay confident.
        ("Việc cập nhật tin, bài trên kênh VTV1 và Zalo còn chậm do thiếu nhân lực.", False),
        ("Đường truyền ra đảo chưa ổn định, việc cập nhật tin, bài có lúc gián đoạn.", False),
    ],
)
def test_ocr_debris_in_a_text_value_sends_it_to_review(limitation, doubtful):
    body = f"I. KẾT QUẢ\nSở đăng 40 tin, bài.\nII. ĐÁNH GIÁ\nHạn chế: {limitation}\n"
    got = extract(read_by_ocr(HEADER + body))["limitations"]
    assert (got.confidence < REVIEW_CONFIDENCE) is doubtful


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        # A difficulty about what reporters asked for, then the requests' own label: none.
        (
            "II. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ\nMột số nội dung phóng viên đề nghị cung cấp "
            "thuộc thẩm quyền của cơ quan hải quan nên Ban phải hướng dẫn phóng viên liên hệ cơ "
            "quan có thẩm quyền.\nKiến nghị: Không có.\n",
            [],
        ),
        # Counter-case: a request under the inline label stays.
        (
            "II. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ\nCán bộ còn kiêm nhiệm.\nKiến nghị: Đề nghị Sở "
            "tổ chức tập huấn kỹ năng phát ngôn.\n",
            ["Đề nghị Sở tổ chức tập huấn kỹ năng phát ngôn."],
        ),
    ],
)
def test_difficulties_before_an_inline_requests_label_are_not_requests(part, expected):
    assert values("I. KẾT QUẢ\nBan đăng 40 tin, bài.\n" + part)["recommendations"] == expected


@pytest.mark.parametrize(
    "cell", ["Ông Nguyễn Thanh Tùng", "Đồng chí Nguyễn Thanh Tùng", "Nguyễn Thanh Tùng"]
)
def test_the_honorific_in_a_name_cell_is_not_part_of_the_name(cell):
    got = with_table(
        "I. KẾT QUẢ\n1. Người phát ngôn",
        [["Họ và tên", "Chức vụ"], [cell, "Chủ tịch UBND đặc khu"]],
    )
    assert got["spokesperson_name"] == "Nguyễn Thanh Tùng"


@pytest.mark.parametrize(
    ("heading", "outlets"),
    [
        # A heading naming the press's requests heads results, not the recommendations.
        ("4. Trả lời đề nghị cung cấp thông tin của cơ quan báo chí", ["Báo Nhân Dân"]),
        (
            "4. Tiếp nhận đề nghị của phóng viên; phát ngôn trong trường hợp đột xuất",
            ["Báo Nhân Dân"],
        ),
    ],
)
def test_a_heading_on_the_press_requests_heads_results(heading, outlets):
    body = (
        f"II. KẾT QUẢ\n{heading}\nSở đã tiếp nhận 12 đề nghị của phóng viên, đã trả lời 12 đề "
        "nghị.\nCác cơ quan báo chí được Sở cung cấp thông tin gồm: Báo Nhân Dân.\n"
        "IV. KIẾN NGHỊ\n1. Đề nghị UBND tỉnh ban hành quy trình phối hợp xử lý thông tin sai "
        "sự thật.\n"
    )
    got = values(body)
    assert got["outlets"] == outlets
    assert got["recommendations"] == [
        "Đề nghị UBND tỉnh ban hành quy trình phối hợp xử lý thông tin sai sự thật."
    ]
    assert (got["press_requests_answered"], got["press_requests_received"]) == (12, 12)


@pytest.mark.parametrize("heading", ["IV. ĐỀ NGHỊ", "IV. Đề xuất, kiến nghị", "4. Đề nghị"])
def test_a_heading_of_requests_still_heads_the_recommendations(heading):
    request = "Đề nghị Sở tổ chức tập huấn kỹ năng phát ngôn."
    body = f"II. KẾT QUẢ\nSở đăng 40 tin, bài.\n{heading}\n{request}\n"
    assert values(body)["recommendations"] == ["Đề nghị Sở tổ chức tập huấn kỹ năng phát ngôn."]


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        # The issuer of a cited decision is not the spokesperson.
        (
            "Sở đã rà soát, kiện toàn người phát ngôn, thay thế Quy chế ban hành kèm theo "
            "Quyết định số 1452/QĐ-SYT ngày 20/8/2025 của Giám đốc Sở Y tế.",
            None,
        ),
        # Counter-case: the title of the person the sentence names as spokesperson stays.
        (
            "Người phát ngôn của Sở là Phó Giám đốc Sở, theo Quyết định số 12/QĐ-SYT ngày "
            "02/3/2026 của Giám đốc Sở.",
            "Phó Giám đốc Sở",
        ),
    ],
)
def test_the_issuer_of_a_cited_decision_is_no_spokesperson(sentence, title):
    got = values(f"I. KẾT QUẢ\n1. {sentence}\n2. Sở đăng 40 tin, bài.\n")
    assert got.get("spokesperson_title") == title


@pytest.mark.parametrize(
    ("sentence", "outlets"),
    [
        # "Bảo Ninh", a place, folds like "Báo Ninh": no outlet.
        (
            "Phường cung cấp thông tin về dự án đường ven biển Bảo Ninh cho Báo Thanh Niên.",
            ["Báo Thanh Niên"],
        ),
        (
            "Cơn bão Noru gây thiệt hại; phường cung cấp thông tin cho Báo Quảng Ninh.",
            ["Báo Quảng Ninh"],
        ),
        # Counter-case: a text typed without diacritics still names its outlets.
        ("Phuong cung cap thong tin cho Bao Thanh Nien.", ["Báo Thanh Nien"]),
    ],
)
def test_a_word_that_only_folds_like_bao_names_no_outlet(sentence, outlets):
    assert values(f"I. KẾT QUẢ\n{sentence}\n")["outlets"] == outlets


@pytest.mark.parametrize(
    ("sentence", "requested"),
    [
        # "mỏng" (thin) folds like "mong" (to wish): a limitation, not a request for training.
        (
            "Hạn chế: lực lượng cán bộ làm công tác truyền thông còn mỏng, chưa được đào tạo bài "
            "bản về nghiệp vụ báo chí.",
            False,
        ),
        # Counter-case: "mong" as written asks.
        ("Ban mong được tham gia lớp bồi dưỡng nghiệp vụ báo chí.", True),
    ],
)
def test_a_word_that_only_folds_like_mong_asks_for_nothing(sentence, requested):
    got = values(f"I. KẾT QUẢ\nBan đăng 40 tin, bài.\nII. ĐÁNH GIÁ\n{sentence}\n")
    assert got["training_requested"] is requested


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Trong 9 tháng đầu năm 2026, trên địa bàn không phát sinh sự cố, vụ việc đột xuất, "
            "bất thường phải phát ngôn.",
            (0, 0),
        ),
        # Counter-case: a count of incidents beside a length of time stays a count.
        ("Trong 6 tháng, phát sinh 02 vụ việc đột xuất, Sở đã phát ngôn cả 02 vụ việc.", (2, 2)),
    ],
)
def test_a_length_of_time_is_no_count_of_the_form(sentence, expected):
    got = values(f"I. KẾT QUẢ\n{sentence}\n")
    assert (got.get("incidents_spoken"), got.get("incidents_total")) == expected


def test_a_count_in_an_aside_about_another_year_is_not_the_periods():
    header = HEADER.replace("năm 2026", "6 tháng đầu năm 2026")
    body = (
        "I. KẾT QUẢ\nTrong 6 tháng đầu năm 2026, Trang thông tin điện tử của Sở đã đăng tải 1.264 "
        "tin, bài (6 tháng đầu năm 2025, Sở Nông nghiệp và Phát triển nông thôn và Sở Tài nguyên "
        "và Môi trường trước hợp nhất đăng tổng cộng 930 tin, bài).\n"
    )
    assert values(body, header)["posts_total"] == 1264


@pytest.mark.parametrize(
    ("rows", "name"),
    [
        # The row whose term ended gives way to the one in office at the end of the period.
        (
            [
                ["TT", "Họ và tên", "Chức vụ", "Thời gian"],
                ["1", "Trần Văn Hiếu", "Chánh Thanh tra", "15/12/2025 - 31/7/2026"],
                ["2", "Bùi Thanh Tùng", "Chánh Thanh tra", "Từ 01/8/2026"],
            ],
            "Bùi Thanh Tùng",
        ),
        # Leaving the post in a note: the words that end a term in prose end it in a cell.
        (
            [
                ["TT", "Họ và tên", "Chức vụ", "Ghi chú"],
                ["1", "Trần Văn Hiếu", "Chánh Thanh tra", "Được điều động nhận nhiệm vụ khác"],
                ["2", "Bùi Thanh Tùng", "Chánh Thanh tra", ""],
            ],
            "Bùi Thanh Tùng",
        ),
        # Counter-case: a table without ended terms keeps its first row.
        (
            [
                ["TT", "Họ và tên", "Chức vụ", "Ghi chú"],
                ["1", "Trần Văn Hiếu", "Chánh Thanh tra", ""],
                ["2", "Bùi Thanh Tùng", "Phó Chánh Thanh tra", "Được ủy quyền"],
            ],
            "Trần Văn Hiếu",
        ),
    ],
)
def test_a_table_of_spokespeople_with_terms(rows, name):
    assert with_table("I. NGƯỜI PHÁT NGÔN", rows)["spokesperson_name"] == name


def test_a_note_that_the_former_spokesperson_retired_names_the_next():
    body = (
        "I. NGƯỜI PHÁT NGÔN\nGhi chú: Ông Trần Văn Hiếu nghỉ hưu theo chế độ từ ngày 01/8/2026; "
        "ông Bùi Thanh Tùng được UBND thành phố bổ nhiệm Chánh Thanh tra theo Quyết định số "
        "2417/QĐ-UBND ngày 29/7/2026.\nII. KẾT QUẢ\nSở đăng 40 tin, bài.\n"
    )
    assert values(body)["spokesperson_name"] == "Bùi Thanh Tùng"


def test_a_heading_over_a_table_of_outlets_leads_it_in():
    rows = [
        ["TT", "Cơ quan báo chí", "Số lượt"],
        ["1", "Báo Thanh tra", "3"],
        ["2", "Báo Pháp luật Việt Nam", "1"],
    ]
    got = with_table("II. KẾT QUẢ\n3. Cơ quan báo chí đã cung cấp thông tin", rows)
    assert got["outlets"] == ["Báo Thanh tra", "Báo Pháp luật Việt Nam"]


CITY_HEADER = HEADER.replace("UBND TỈNH QUẢNG BÌNH", "UBND THÀNH PHỐ HẢI PHÒNG").replace(
    "Quảng Bình,", "Hải Phòng,"
)


@pytest.mark.parametrize(
    ("header", "outlets"),
    [
        # In a centrally run city, "Cổng Thông tin điện tử thành phố" is the provincial portal.
        (CITY_HEADER, ["Báo Nhân Dân", "Cổng TTĐT tỉnh"]),
        # Counter-case: in a province, a city's portal is no provincial portal.
        (HEADER, ["Báo Nhân Dân"]),
    ],
)
def test_the_portal_of_a_centrally_run_city_is_the_provincial_portal(header, outlets):
    body = (
        "I. KẾT QUẢ\nCác cơ quan báo chí được cung cấp thông tin gồm: Báo Nhân Dân; Cổng Thông tin "
        "điện tử thành phố.\n"
    )
    assert values(body, header)["outlets"] == outlets


def test_posts_on_the_portal_of_a_centrally_run_city_are_not_the_agencys():
    body = (
        "I. KẾT QUẢ\nTrong năm, Sở đã cung cấp tổng cộng 450 tin, bài đăng trên Cổng Thông tin "
        "điện tử thành phố.\nTrang thông tin điện tử của Sở đăng 320 tin, bài.\n"
    )
    assert values(body, CITY_HEADER)["posts_total"] == 320


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Số: 318/BC-TTr", "318/BC-TTr"),
        # A PDF's text spaces the number and the symbol apart.
        ("Số: 31 8/BC- TTr", "318/BC-TTr"),
        ("Số: 45 /BC-SYT", "45/BC-SYT"),
    ],
)
def test_a_report_number_spaced_apart_is_read_whole(line, number):
    header = HEADER.replace("Số: 45/BC-SYT", line)
    assert values("I. KẾT QUẢ\nSở đăng 40 tin, bài.\n", header)["report_number"] == number


@pytest.mark.parametrize(
    ("sentence", "doubtful"),
    [
        # Writers disagree whether a count of posts given to the portal makes it an outlet.
        ("Ngoài ra, Sở đã cung cấp 31 tin, bài cho Cổng Thông tin điện tử tỉnh để đăng tải.", True),
        # Counter-case: news sent to be posted there, uncounted, is information given to it.
        ("Sở thường xuyên gửi tin, bài để đăng tải trên Cổng TTĐT tỉnh.", False),
    ],
)
def test_a_count_of_posts_given_to_the_portal_is_offered_for_review(sentence, doubtful):
    body = f"I. KẾT QUẢ\n{sentence}\nSở cung cấp thông tin cho Báo Hà Nam.\n"
    got = extract(document_from_text(HEADER + body))["outlets"]
    assert "Cổng TTĐT tỉnh" in got.value
    assert (got.confidence < REVIEW_CONFIDENCE) is doubtful


@pytest.mark.parametrize(
    ("sentence", "held"),
    [
        # The count after the briefings named last is theirs, not the press conferences'.
        (
            "Năm 2026, Sở không tổ chức họp báo riêng. Các thông tin được Sở cung cấp tại các "
            "cuộc họp báo định kỳ của UBND tỉnh và tại Hội nghị giao ban báo chí của tỉnh "
            "(02 lần).",
            0,
        ),
        # Counter-case: the press conferences' own count before the briefings.
        ("Sở đã tổ chức 02 cuộc họp báo và tham dự 03 buổi giao ban báo chí.", 2),
    ],
)
def test_a_count_of_briefings_after_the_press_conferences_is_theirs(sentence, held):
    assert values(f"I. KẾT QUẢ\n2. Tổ chức họp báo\n{sentence}\n")["press_conferences"] == held


def test_a_heading_on_the_corrections_heads_results_not_recommendations():
    body = (
        "II. KẾT QUẢ\n3.5. Trả lời bằng văn bản, đề nghị cải chính\nTrong năm không phát sinh "
        "trường hợp cơ quan báo chí đăng tải thông tin sai sự thật liên quan đến hoạt động của Ủy "
        "ban nhân dân phường phải trả lời bằng văn bản hoặc đề nghị cải chính.\n"
        "V. ĐỀ XUẤT, KIẾN NGHỊ\n1. Đề nghị Sở tổ chức tập huấn kỹ năng phát ngôn.\n"
    )
    got = values(body)
    assert got["recommendations"] == ["Đề nghị Sở tổ chức tập huấn kỹ năng phát ngôn."]
    assert (got["correction_requests"], got["corrections_total"]) == (0, 0)


@pytest.mark.parametrize(
    ("sentence", "outlets"),
    [
        # "Điện tử" capitalised is part of the outlet's own name.
        (
            "Sở cung cấp thông tin cho Báo Nhân Dân, Báo Điện tử Chính phủ.",
            ["Báo Nhân Dân", "Báo Điện tử Chính phủ"],
        ),
        # Counter-case: the online edition, lowercase, is the paper.
        ("Sở cung cấp thông tin cho Báo điện tử Dân trí.", ["Báo Dân trí"]),
    ],
)
def test_an_online_paper_named_so_keeps_its_name(sentence, outlets):
    assert values(f"I. KẾT QUẢ\n{sentence}\n")["outlets"] == outlets


def test_an_annex_after_the_signature_is_read():
    body = (
        "I. KẾT QUẢ\nSở đăng 409 tin, bài.\nSở Nông nghiệp và Môi trường báo cáo./.\nNơi nhận:\n"
        "- Sở VHTTDL;\nGIÁM ĐỐC\nTriệu Văn Hưng\nPHỤ LỤC\nSố liệu bổ sung năm 2026\n"
        "2. Các cơ quan báo chí đã cung cấp thông tin: Báo Tiền Phong; Báo Nhân Dân.\n"
    )
    assert values(body)["outlets"] == ["Báo Tiền Phong", "Báo Nhân Dân"]


@pytest.mark.parametrize(
    ("cell", "limitation"),
    [
        # A pointer to another place is no limitation.
        ("Như mục 6 Công văn", None),
        ("Như đã nêu tại phần II", None),
        # Counter-case: a limitation of its own.
        ("Cán bộ còn kiêm nhiệm nhiều việc", "Cán bộ còn kiêm nhiệm nhiều việc"),
    ],
)
def test_a_pointer_to_another_part_is_no_limitation(cell, limitation):
    got = with_table(
        "I. KẾT QUẢ\nSở đăng 40 tin, bài.",
        [["TT", "Nội dung", "Kết quả"], ["II", "Khó khăn, vướng mắc, kiến nghị", cell]],
    )
    assert got.get("limitations") == limitation


def test_requests_after_a_purpose_clause_are_each_a_request():
    body = (
        "I. KẾT QUẢ\nXã đăng 142 tin, bài.\nĐể thực hiện tốt hơn nhiệm vụ trong năm 2027, Ủy ban "
        "nhân dân xã đề nghị Sở tiếp tục mở lớp tập huấn kỹ năng phát ngôn cho cán bộ cấp xã. "
        "Đồng thời, đề nghị Ủy ban nhân dân tỉnh hỗ trợ trang thiết bị cho xã.\n"
        "Trên đây là báo cáo của Ủy ban nhân dân xã./.\n"
    )
    got = values(body)
    assert len(got["recommendations"]) == 2
    assert got["training_topics"] == ["spokesperson_skills"]


@pytest.mark.parametrize(
    ("title", "doubtful"),
    [
        # Two words OCR ran together ("tra" + "tỉnh"): a word of two syllables.
        ("Chánh Thanh tratinh", True),
        # Counter-case: every word one syllable, names of the minorities included.
        ("Chánh Thanh tra tỉnh", False),
        ("Phó Chủ tịch UBND xã Ksor", False),
    ],
)
def test_an_ocr_title_with_words_run_together_goes_to_review(title, doubtful):
    body = f"I. KẾT QUẢ\nNgười phát ngôn của Sở là ông Nguyễn Văn An, {title}.\n"
    got = extract(read_by_ocr(HEADER + body))["spokesperson_title"]
    assert (got.confidence < REVIEW_CONFIDENCE) is doubtful


@pytest.mark.parametrize(
    ("sentence", "posts"),
    [
        # The sub-units named before their own sites: their total is not the agency's.
        (
            "Năm 2026, Cổng thông tin điện tử của Sở đăng 1.312 tin, bài. Các trường trực thuộc "
            "duy trì trang thông tin điện tử riêng với tổng số trên 6.000 tin, bài.",
            1312,
        ),
        # Counter-case: the agency's own site, "riêng" of its own.
        ("Sở duy trì trang thông tin điện tử riêng với tổng số 412 tin, bài.", 412),
    ],
)
def test_the_sub_units_own_sites_named_first_are_not_the_agencys(sentence, posts):
    assert values(f"I. KẾT QUẢ\n{sentence}\n")["posts_total"] == posts


def test_the_former_spokesperson_kept_as_the_helper_is_not_the_new_one():
    body = (
        "1. Về người phát ngôn\nTừ ngày 01/01/2026 đến ngày 14/8/2026, người phát ngôn của UBND "
        "phường là bà Nguyễn Thị Hồng Vân – Phó Chủ tịch UBND phường. Từ ngày 15/8/2026, người "
        "phát ngôn của phường là ông Võ Thành Nhân – Chủ tịch UBND phường; bà Nguyễn Thị Hồng Vân "
        "tiếp tục được giao nhiệm vụ đầu mối tiếp nhận đề nghị của phóng viên.\n"
    )
    assert values(body)["spokesperson_name"] == "Võ Thành Nhân"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Work on the role names nobody: the sentence after names the spokesperson.
        (
            "Văn phòng tham mưu Chủ tịch UBND tỉnh kiện toàn người phát ngôn của UBND tỉnh. Đối "
            "với cơ quan Văn phòng, người phát ngôn là Chánh Văn phòng UBND tỉnh Lương Minh Tuấn.",
            ("Lương Minh Tuấn", "Chánh Văn phòng UBND tỉnh"),
        ),
        # Counter-case: "kiện toàn người phát ngôn là …" names one.
        (
            "Sở đã kiện toàn người phát ngôn là Phó Giám đốc Sở.",
            (None, "Phó Giám đốc Sở"),
        ),
    ],
)
def test_a_sentence_about_work_on_the_role_names_nobody(sentence, expected):
    got = values(f"I. KẾT QUẢ\n{sentence}\n")
    assert (got.get("spokesperson_name"), got.get("spokesperson_title")) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Both labels inside one paragraph, after a general one.
        (
            "4. Đánh giá: Ưu điểm: Việc cung cấp thông tin kịp thời, đúng quy định. Tồn tại: Đội "
            "ngũ làm công tác thông tin còn thiếu, chưa được đào tạo.",
            (
                "Việc cung cấp thông tin kịp thời, đúng quy định.",
                "Đội ngũ làm công tác thông tin còn thiếu, chưa được đào tạo.",
            ),
        ),
        # The second label inside the first one's paragraph.
        (
            "III. ĐÁNH GIÁ\nƯu điểm: Thông tin kịp thời, chính xác. Hạn chế: Cán bộ còn kiêm "
            "nhiệm.",
            ("Thông tin kịp thời, chính xác.", "Cán bộ còn kiêm nhiệm."),
        ),
        # Counter-case: a label per line.
        (
            "III. ĐÁNH GIÁ\n1. Ưu điểm: Thông tin kịp thời, chính xác.\n2. Hạn chế: Cán bộ còn "
            "kiêm nhiệm nhiều việc.",
            ("Thông tin kịp thời, chính xác.", "Cán bộ còn kiêm nhiệm nhiều việc."),
        ),
    ],
)
def test_strengths_and_limitations_labelled_inside_one_paragraph(body, expected):
    got = values("I. KẾT QUẢ\nSở đăng 40 tin, bài.\n" + body)
    assert (got.get("strengths"), got.get("limitations")) == expected


def test_a_verb_after_the_title_is_not_part_of_it():
    body = (
        "I. KẾT QUẢ\nĐồng chí Thái Văn Nông - Phó Giám đốc Sở tiếp tục được Giám đốc Sở giao làm "
        "người phát ngôn và cung cấp thông tin cho báo chí.\n"
    )
    got = values(body)
    assert (got["spokesperson_name"], got["spokesperson_title"]) == (
        "Thái Văn Nông",
        "Phó Giám đốc Sở",
    )


@pytest.mark.parametrize(
    ("verdict", "doubtful"),
    [
        # A general verdict that turns to what is lacking is no strength alone.
        (
            "Đánh giá chung: Công tác phát ngôn cơ bản đi vào nền nếp; tuy nhiên, đội ngũ làm công "
            "tác truyền thông còn mỏng.",
            True,
        ),
        # Counter-case: a verdict of what went well.
        ("Đánh giá chung: Công tác phát ngôn được thực hiện nghiêm túc, kịp thời.", False),
    ],
)
def test_a_mixed_general_verdict_is_offered_as_strengths_for_review(verdict, doubtful):
    body = f"I. KẾT QUẢ\nSở đăng 40 tin, bài.\nII. ĐÁNH GIÁ\n{verdict}\n"
    got = extract(document_from_text(HEADER + body))["strengths"]
    assert (got.confidence < REVIEW_CONFIDENCE) is doubtful


@pytest.mark.parametrize(
    ("line", "doubtful"),
    [
        # The symbol runs on into more signs: OCR cut it ("C" read as "/").
        ("Số: 3120/B/-BQLKKTNS", True),
        # Counter-cases: a whole symbol, and one followed by punctuation.
        ("Số: 3120/BC-BQLKKTNS", False),
        ("Số: 45/BC-SYT.", False),
    ],
)
def test_a_report_number_cut_short_goes_to_review(line, doubtful):
    header = HEADER.replace("Số: 45/BC-SYT", line)
    got = extract(document_from_text(header + "I. KẾT QUẢ\nSở đăng 40 tin, bài.\n"))
    assert (got["report_number"].confidence < REVIEW_CONFIDENCE) is doubtful
