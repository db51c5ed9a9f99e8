"""Document types from the title block and structure, never from the file name."""

from __future__ import annotations

from pathlib import Path

import pytest
from documents import document_from_text

from ingest.classify import classify
from ingest.fields import extract

HEAD = """UBND TỈNH HÀ NAM || CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ Y TẾ || Độc lập - Tự do - Hạnh phúc
"""

REPORT = (
    HEAD
    + """Số: 12/BC-SYT || Hà Nam, ngày 07 tháng 12 năm 2020
BÁO CÁO
Kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí năm 2020
Sở Y tế báo cáo như sau:
I. KẾT QUẢ
Trang TTĐT đã đăng 300 tin, bài. Sở chưa tổ chức họp báo.
"""
)

REPORT_CAPS_TITLE = (
    HEAD
    + """Số: /BC-SYT || Hà Nam, ngày    tháng    năm 2021
BÁO CÁO KẾT QUẢ CÔNG TÁC PHÁT NGÔN NĂM 2021
Kính gửi: Sở Thông tin và Truyền thông tỉnh Hà Nam.
Sở Y tế báo cáo như sau: người phát ngôn là Giám đốc Sở.
"""
)

MEMO = (
    HEAD
    + """Số: 45/TTr-SYT || Hà Nam, ngày 05 tháng 12 năm 2020
TỜ TRÌNH
Về việc ban hành Báo cáo kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí năm 2020
Kính gửi: Giám đốc Sở Y tế.
Văn phòng Sở đã dự thảo Báo cáo kết quả thực hiện việc phát ngôn năm 2020.
Văn phòng kính trình Giám đốc Sở xem xét, ký ban hành.
"""
)

MEMO_NO_TITLE_WORD = (
    HEAD
    + """Số: 46/TTr-VP || Hà Nam, ngày 05 tháng 12 năm 2020
Về việc ký Báo cáo công tác phát ngôn năm 2020
Văn phòng kính trình Lãnh đạo Sở xem xét, ký ban hành Báo cáo.
"""
)

DISPATCH = (
    HEAD
    + """Số: 812/SYT-VP || Hà Nam, ngày 12 tháng 12 năm 2020
V/v gửi Báo cáo kết quả thực hiện công tác phát ngôn năm 2020 ||
Kính gửi: Sở Thông tin và Truyền thông.
Sở Y tế gửi kèm theo Báo cáo số 245/BC-SYT về kết quả thực hiện công tác phát ngôn và cung cấp
thông tin cho báo chí năm 2020.
"""
)

DECISION = (
    HEAD
    + """Số: 156/QĐ-SYT || Hà Nam, ngày 03 tháng 3 năm 2020
QUYẾT ĐỊNH
Về việc giao nhiệm vụ người phát ngôn và cung cấp thông tin cho báo chí
GIÁM ĐỐC SỞ Y TẾ
Căn cứ Nghị định số 09/2017/NĐ-CP;
QUYẾT ĐỊNH:
Điều 1. Giao ông Nguyễn Văn Bình, Phó Giám đốc Sở làm người phát ngôn.
Điều 2. Quyết định có hiệu lực kể từ ngày ký.
"""
)

FORM = """TÊN CƠ QUAN || CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số:    /BC-..... || ........, ngày ..... tháng ..... năm .....
BÁO CÁO
Kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí năm ........
1. Họ tên người phát ngôn: ..............................
2. Số tin, bài đăng trên trang thông tin điện tử: ............ tin, bài.
3. Số cuộc họp báo đã tổ chức: ............ cuộc.
4. Kiến nghị: ....................................................
"""

OTHER = (
    HEAD
    + """Số: 20/GM-SYT || Hà Nam, ngày 03 tháng 3 năm 2020
GIẤY MỜI
Sở Y tế trân trọng kính mời đại diện lãnh đạo các phòng dự họp giao ban tháng 3.
"""
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (REPORT, "report"),
        (REPORT_CAPS_TITLE, "report"),
        (MEMO, "memo"),
        (MEMO_NO_TITLE_WORD, "memo"),
        (DISPATCH, "dispatch"),
        (DECISION, "decision"),
        (FORM, "form"),
        (OTHER, "other"),
        ("", "other"),
    ],
)
def test_classify(text, expected):
    doc_type, confidence, reason = classify(document_from_text(text))
    assert doc_type == expected, reason
    assert 0 < confidence <= 1
    assert reason


def test_report_wording_inside_a_memo_does_not_make_it_a_report():
    # The memo quotes the report title and even its numbers; the title block decides.
    text = MEMO + "Trong năm 2020, Trang TTĐT đã đăng 612 tin, bài; Sở chưa tổ chức họp báo.\n"
    assert classify(document_from_text(text))[0] == "memo"


def test_file_name_is_irrelevant():
    doc = document_from_text(DECISION, path="bao-cao-phat-ngon-2020.docx")
    assert classify(doc)[0] == "decision"


def test_report_without_title_but_typical_sentence_is_a_low_confidence_report():
    text = HEAD + "Số: 12/BC-SYT || Hà Nam\nSở Y tế báo cáo kết quả phát ngôn năm 2020 như sau:\n"
    doc_type, confidence, _ = classify(document_from_text(text))
    assert doc_type == "report" and confidence < 0.9


@pytest.mark.parametrize(
    "path", sorted(Path("tests/independent/reports").glob("*.docx")), ids=lambda p: p.stem
)
def test_independent_documents(path):
    import json

    from ingest.readers import read

    truth = json.loads(Path(f"tests/independent/truth/{path.name}.json").read_text("utf-8"))
    assert classify(read(path))[0] == truth["doc_type"]


OTHER_SUBJECT = (
    HEAD
    + """Số: 305/BC-SYT || Hà Nam, ngày 08 tháng 12 năm 2023
BÁO CÁO
Kết quả thực hiện chuyển đổi số năm 2023
Sở Y tế báo cáo như sau:
I. NHẬN THỨC
Sở tuyên truyền về chuyển đổi số, phối hợp cung cấp thông tin cho báo chí về bệnh án điện tử.
II. KẾT QUẢ
100% cán bộ sử dụng chữ ký số.
"""
)


def test_report_on_another_subject_mentioning_press_in_passing_is_other():
    doc_type, _, reason = classify(document_from_text(OTHER_SUBJECT))
    assert doc_type == "other", reason


def test_report_with_a_general_title_but_press_wording_throughout_is_a_report():
    # Counter-case: the subject line is general, the body is about spokesperson work.
    text = OTHER_SUBJECT.replace("chuyển đổi số năm 2023", "công tác năm 2023") + (
        "III. PHÁT NGÔN\nNgười phát ngôn của Sở là Giám đốc Sở.\nSở tổ chức 02 cuộc họp báo.\n"
    )
    assert classify(document_from_text(text))[0] == "report"


def test_subject_split_over_lines_after_the_title_makes_a_report():
    text = OTHER_SUBJECT.replace(
        "Kết quả thực hiện chuyển đổi số năm 2023",
        "Kết quả thực hiện công tác phát ngôn\nvà cung cấp thông tin cho báo chí\nnăm 2023",
    )
    assert classify(document_from_text(text))[0] == "report"


CONCLUSION_NOTICE = (
    HEAD
    + """Số: 96/TB-SYT || Hà Nam, ngày 04 tháng 12 năm 2024
THÔNG BÁO
Kết luận của Giám đốc Sở tại cuộc họp về công tác phát ngôn năm 2024
Sau khi nghe báo cáo của Văn phòng Sở, Giám đốc Sở kết luận như sau:
1. Các phòng đã cung cấp thông tin cho báo chí kịp thời; Sở tổ chức 02 cuộc họp báo.
2. Đề nghị các phòng gửi báo cáo kết quả năm 2024 trước ngày 20/12/2024.
"""
)


def test_notice_of_conclusions_citing_a_report_is_other():
    doc_type, _, reason = classify(document_from_text(CONCLUSION_NOTICE))
    assert doc_type == "other", reason
    # Counter-case: the same wording under a report number without a title stays a report.
    untitled = CONCLUSION_NOTICE.replace("THÔNG BÁO\n", "").replace("/TB-", "/BC-")
    assert classify(document_from_text(untitled))[0] == "report"


def test_subject_naming_the_decree_makes_a_report():
    text = OTHER_SUBJECT.replace(
        "chuyển đổi số năm 2023", "Nghị định số 09/2017/NĐ-CP của Chính phủ năm 2023"
    )
    assert classify(document_from_text(text))[0] == "report"
    # Counter-case: another decree is another subject.
    text = OTHER_SUBJECT.replace("chuyển đổi số năm 2023", "Nghị định số 61/2018/NĐ-CP năm 2023")
    assert classify(document_from_text(text))[0] == "other"


def test_plan_heading_far_down_an_untitled_report_does_not_make_it_other():
    body = "".join(f"{k}. Sở đã đăng {k} tin, bài về cải cách hành chính.\n" for k in range(1, 16))
    text = (
        HEAD
        + "Số: 12/BC-SYT || Hà Nam\nSở Y tế báo cáo kết quả phát ngôn năm 2020 như sau:\n"
        + body
        + "KẾ HOẠCH NĂM 2021\nTổ chức 02 cuộc họp báo.\n"
    )
    assert classify(document_from_text(text))[0] == "report"


def test_subject_naming_information_and_press_work_makes_a_report():
    text = OTHER_SUBJECT.replace(
        "chuyển đổi số năm 2023", "công tác thông tin, báo chí năm 2023"
    ).replace("phối hợp cung cấp thông tin cho báo chí", "cung cấp thông tin cho Báo Hà Nam")
    assert classify(document_from_text(text))[0] == "report"


def test_outline_of_the_report_to_write_is_a_form():
    text = (
        "UBND TỈNH TÂY NINH || CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG || Độc lập - Tự do - Hạnh phúc\n"
        "ĐỀ CƯƠNG BÁO CÁO\n"
        "Kết quả thực hiện công tác phát ngôn và cung cấp thông tin cho báo chí năm 2023\n"
        "I. KẾT QUẢ THỰC HIỆN\n"
        "1. Số tin, bài đăng trên trang thông tin điện tử (ghi rõ số tin, số bài).\n"
        "2. Số cuộc họp báo do cơ quan, đơn vị chủ trì tổ chức.\n"
    )
    assert classify(document_from_text(text))[0] == "form"


def test_report_following_an_outline_stays_a_report():
    # Counter-case: a report that says it follows the outline ("theo đề cương") is a report.
    text = REPORT + "Sở báo cáo theo đề cương kèm Công văn số 2214/STTTT-TTBCXB.\n"
    assert classify(document_from_text(text))[0] == "report"


LETTER = """ỦY BAN NHÂN DÂN || CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN SÌN HỒ || Độc lập - Tự do - Hạnh phúc
Số: 1968/UBND-VP || Sìn Hồ, ngày 20 tháng 12 năm 2019
V/v báo cáo kết quả công tác phát ngôn và cung cấp thông tin cho báo chí quý IV năm 2019
Kính gửi: Sở Thông tin và Truyền thông tỉnh Lai Châu.
{body}
UBND huyện báo cáo Sở Thông tin và Truyền thông tổng hợp./.
"""


def test_a_results_letter_with_counts_spelled_out_after_the_digits_is_a_report():
    body = (
        "Trang thông tin điện tử huyện đăng tải 57 (năm mươi bảy) tin, bài.\n"
        "UBND huyện đã tổ chức 01 (một) cuộc họp báo.\n"
        "Đã trả lời 03 (ba) yêu cầu của báo chí.\n"
        "Người phát ngôn đã cung cấp thông tin 02 (hai) lần."
    )
    assert classify(document_from_text(LETTER.format(body=body)))[0] == "report"


def test_a_letter_that_only_forwards_the_report_stays_a_dispatch():
    body = "UBND huyện gửi kèm theo Báo cáo số 120/BC-UBND (một bản) để Sở tổng hợp."
    assert classify(document_from_text(LETTER.format(body=body)))[0] == "dispatch"


def test_a_results_letter_with_few_counts_but_stated_results_is_a_report():
    body = (
        "1. Về người phát ngôn\nNgười phát ngôn của UBND huyện: ông Nguyễn Thanh Toàn – Phó Chủ "
        "tịch UBND huyện.\n2. Trang thông tin điện tử huyện đã đăng tải 96 tin, bài.\n"
        "3. Trong quý, UBND huyện không tổ chức họp báo.\n4. Đề xuất, kiến nghị\n"
        "Không có kiến nghị."
    )
    assert classify(document_from_text(LETTER.format(body=body)))[0] == "report"


@pytest.mark.parametrize(
    "body",
    [
        # Asking for the results, naming what to report: no result stated.
        "Đề nghị các cơ quan báo cáo: 1. Người phát ngôn (họ tên, chức vụ); 2. Số tin, bài đăng "
        "trên Trang thông tin điện tử; 3. Số cuộc họp báo đã tổ chức.",
        # Reminding the agencies that have not reported.
        "Đến nay còn 05 đơn vị chưa gửi báo cáo. Đề nghị các đơn vị khẩn trương gửi báo cáo.",
    ],
)
def test_a_letter_asking_for_the_results_stays_a_dispatch(body):
    assert classify(document_from_text(LETTER.format(body=body)))[0] == "dispatch"


def test_a_results_letter_read_from_a_photo_with_its_form_table_is_a_report():
    body = (
        "1. Người phát ngôn của UBND xã: đồng chí Y Khâm Êban - Chủ tịch UBND xã.\n"
        "2. Kết quả thực hiện theo mẫu báo cáo:\nSố cuộc họp báo đã tổ chức\n0\n"
        "Số yêu cầu của báo chí đã trả lời/tổng số yêu cầu\n3⁄4\n"
        "Số trả lời đúng thời hạn/tổng số yêu cầu có thời hạn\n3/3\n3. Kiến nghị: Không."
    )
    assert classify(document_from_text(LETTER.format(body=body)))[0] == "report"


WRAPPED_LETTER = """UBND TỈNH KHÁNH HÒA
THANH TRA TỈNH
Số: 1187/TTr-VP
V/v báo cáo kết quả công tác phát
ngôn và cung cấp thông tin cho báo
chí năm 2026
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Khánh Hòa, ngày 12 tháng 12 năm 2026
Kính gửi: Sở Văn hóa, Thể thao và Du lịch tỉnh Khánh Hòa.
{body}
"""


def test_a_results_letter_whose_subject_wraps_over_lines_is_a_report():
    # A narrow letterhead column breaks the subject mid-phrase, each line on starting lowercase.
    body = (
        "1. Về người phát ngôn: người phát ngôn là Chánh Thanh tra tỉnh.\n"
        "2. Trang thông tin điện tử đã đăng 173 tin, bài, bình quân hơn 14 tin, bài/tháng.\n"
        "- Số cuộc họp báo đã tổ chức: Không tổ chức.\n"
        "- Số lần cung cấp thông tin tại giao ban báo chí: 01 lần.\n"
        "- Số yêu cầu của báo chí đã trả lời/tổng số: 03/03.\n4. Kiến nghị: Không."
    )
    doc = document_from_text(WRAPPED_LETTER.format(body=body))
    assert classify(doc)[0] == "report"
    got = extract(doc)
    assert (got["year"].value, got["period"].value) == (2026, "year")


def test_a_wrapped_subject_asking_for_the_results_stays_a_dispatch():
    body = "Đến nay còn 05 đơn vị chưa gửi báo cáo. Đề nghị các đơn vị khẩn trương gửi báo cáo."
    assert classify(document_from_text(WRAPPED_LETTER.format(body=body)))[0] == "dispatch"


def test_a_results_letter_whose_subject_ocr_read_with_a_fraction_slash_is_a_report():
    body = (
        "1. Người phát ngôn: đồng chí Phan Văn Lợi - Chủ tịch Ủy ban nhân dân xã.\n"
        "- Trang thông tin điện tử xã đăng 204 tin, bài.\n- Họp báo: không tổ chức họp báo.\n"
        "- Yêu cầu của cơ quan báo chí: đã trả lời 02/02 yêu cầu.\n3. Đề xuất, kiến nghị: Không."
    )
    text = WRAPPED_LETTER.format(body=body).replace("V/v", "V\u2044v")
    assert classify(document_from_text(text))[0] == "report"
