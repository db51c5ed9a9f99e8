"""Footnotes of a Word or Writer document exported to PDF: read after the text, never inside it.

Read in place, a footnote at the bottom of a page sits between two requests of the
recommendations part and reads as one of them; it is marked as a footnote and read last.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.fields import extract
from ingest.readers import read
from tests.readers_fixtures import soffice_convert

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")

NOTE = "Họp báo thường kỳ quý I/2022 do Văn phòng Ủy ban nhân dân tỉnh chủ trì, ngày 15/4/2022."
REQUESTS = [
    "Đề nghị Sở Thông tin và Truyền thông tổ chức tập huấn kỹ năng quản trị trang thông tin.",
    "Đề nghị Ủy ban nhân dân tỉnh bố trí kinh phí cho công tác biên tập tin, bài.",
]


def _flat_odt(path: Path) -> Path:
    """A two-page report (Flat ODT) whose first request carries a footnote and whose second
    request opens page 2."""

    def p(text: str, style: str = "") -> str:
        return f"<text:p{f' text:style-name={style!r}' if style else ''}>{text}</text:p>"

    filler = (
        "Thanh tra tỉnh tiếp tục thực hiện nghiêm Quy chế phát ngôn và cung cấp thông tin cho "
        "báo chí, cập nhật kịp thời thông tin về hoạt động của cơ quan trên Trang TTĐT."
    )
    body = [
        p("THANH TRA TỈNH QUẢNG NAM"),
        p("Số: 120/BC-TTr"),
        p("Quảng Nam, ngày 20 tháng 6 năm 2022"),
        p("BÁO CÁO"),
        p("Kết quả công tác phát ngôn và cung cấp thông tin cho báo chí 6 tháng đầu năm 2022"),
        p("I. KẾT QUẢ"),
        p("Trang thông tin điện tử của Thanh tra tỉnh đã đăng tải 148 tin, bài."),
        p("Thanh tra tỉnh đã tham dự họp báo thường kỳ của Ủy ban nhân dân tỉnh."),
        *[p(filler)] * 4,
        p("II. KIẾN NGHỊ, ĐỀ XUẤT"),
        p(
            f"- {REQUESTS[0]}<text:note text:note-class='footnote'><text:note-body>"
            f"{p(NOTE)}</text:note-body></text:note>"
        ),
        p(f"- {REQUESTS[1]}", "NextPage"),
        p("Trên đây là báo cáo của Thanh tra tỉnh./."),
        p("Nơi nhận:"),
        p("- Sở Thông tin và Truyền thông;"),
        p("- Lưu: VT."),
    ]
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
        ' xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
        ' xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
        ' office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">'
        '<office:font-face-decls><style:font-face style:name="Liberation Serif"'
        ' svg:font-family="Liberation Serif"/></office:font-face-decls>'
        '<office:styles><style:default-style style:family="paragraph"><style:text-properties'
        ' style:font-name="Liberation Serif" fo:font-size="13pt"/></style:default-style>'
        "</office:styles>"
        '<office:automatic-styles><style:style style:name="NextPage" style:family="paragraph">'
        '<style:paragraph-properties fo:break-before="page"/></style:style>'
        "</office:automatic-styles>"
        f"<office:body><office:text>{''.join(body)}</office:text></office:body></office:document>",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def footnoted(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("footnote")
    return soffice_convert(_flat_odt(tmp / "bao-cao.fodt"), "pdf", tmp)


def test_a_footnote_is_marked_and_read_after_the_text(footnoted):
    doc = read(footnoted)
    notes = [b for b in doc.blocks if "Họp báo thường kỳ quý I/2022" in b.text]
    assert len(notes) == 1 and notes[0].location.part == "footnote"
    assert notes[0].location.page == 1
    body = [b for b in doc.blocks if b.location.part != "footnote"]
    assert doc.blocks.index(notes[0]) > doc.blocks.index(body[-1])


def test_a_footnote_between_two_requests_is_no_request(footnoted):
    fields = extract(read(footnoted))
    assert fields["recommendations"].value == REQUESTS
    assert fields["posts_total"].value == 148
