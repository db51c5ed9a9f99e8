"""The body's last sentence, "UBND xã X báo cáo Sở … tổng hợp", read from a phone photo.

The real case: tests/unseen/u05/reports/ubnd-xa-phong-nha-2026.zip, whose closing
"… Thể thao và Du lịch tổng hợp./." OCR read as "tống hợp..." once its photo was flattened: with
no "./." left, the sentence after "6. Kiến nghị: Không." was taken for a recommendation.
"""

from __future__ import annotations

import pytest
from test_fields import fv

from ingest.fields import view
from ingest.text import fold

CLOSING = "UBND xã Phong Nha báo cáo Sở Văn hóa, Thể thao và Du lịch tống hợp..."


@pytest.mark.parametrize(
    ("text", "closing"),
    [
        (CLOSING, True),
        ("UBND huyện Tiên Lữ báo cáo để Sở Thông tin và Truyền thông tổng hợp.", True),
        ("Sở Y tế báo cáo UBND tỉnh biết", True),
        ("Ban Quản lý báo cáo Bộ Văn hóa, Thể thao và Du lịch theo dõi, tổng hợp.", True),
        # A request to report, not the agency reporting: a recommendation or a result.
        ("Đề nghị UBND tỉnh chỉ đạo các đơn vị báo cáo Sở để tổng hợp.", False),
        ("UBND tỉnh chỉ đạo các xã báo cáo Sở Văn hóa để tổng hợp.", False),
        ("Sở đề nghị các đơn vị báo cáo Sở tổng hợp.", False),
        ("UBND xã đã báo cáo kết quả đợt 1; Sở tổng hợp", False),
        ("Trang thông tin điện tử đăng 20 tin, bài tổng hợp", False),
    ],
)
def test_the_agency_reporting_for_compilation_closes_the_body(text, closing):
    f = fold(text)
    assert view.is_closing(f) is closing
    # The prefilter never hides a block the regex would match.
    assert view.is_closing(f) == (view._CLOSING.match(f) is not None)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("6. Kiến nghị: Không.\n" + CLOSING, []),
        (
            "6. Kiến nghị\nĐề nghị UBND tỉnh chỉ đạo các đơn vị báo cáo Sở để tổng hợp.\n"
            + CLOSING,
            ["Đề nghị UBND tỉnh chỉ đạo các đơn vị báo cáo Sở để tổng hợp."],
        ),
    ],
)
def test_the_closing_sentence_is_no_recommendation(body, expected):
    assert fv(body, "recommendations").value == expected
