"""Issue 16 item 3: TCVN3 and VNI as they arrive from PDF text layers and mixed Word 97 files.

* TCVN3 in PDF text layers: byte 0xAD "ư" comes out as U+2212 (minus) and 0xB7 "ã" as U+2219
  (the Adobe Glyph List's second code point for "periodcentered"); "mu" and "macron" have
  second code points too (U+03BC for 0xB5 "à", U+02C9 for 0xAF).
* A Word 97 .doc mixing TCVN3 and VNI under one font name: each word is read by the encoding in
  which it is Vietnamese, and capitals typed with TCVN3's lowercase codes are capitals.
"""

from __future__ import annotations

import unicodedata

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ingest.document import Block, Document, Location
from ingest.readers import read
from ingest.text import (
    decode_legacy,
    encode_legacy,
    normalize_document,
    normalize_text,
)

FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
VIETNAMESE = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")

# TCVN3 text as PDF text layers give it -> Unicode.
PDF_TCVN3 = [
    ("ng\u2212êi ph¸t ng«n", "người phát ngôn"),
    ("®\u2212îc", "được"),
    ("tr\u2212ëng phßng", "trưởng phòng"),
    ("\u2212íc tÝnh", "ước tính"),
    ("N\u2212íc", "Nước"),
    ("®\u2219 tæ chøc", "đã tổ chức"),
    ("x\u2219 héi", "xã hội"),
    ("H\u03bc Néi", "Hà Nội"),
    ("ng\u00adêi ph¸t ng«n", "người phát ngôn"),  # the byte itself still works
    ("ng-êi ph¸t ng«n", "người phát ngôn"),  # WinAnsi "hyphen" still works
]


@pytest.mark.parametrize(("legacy", "unicode"), PDF_TCVN3)
def test_tcvn3_from_pdf_text_layers(legacy, unicode):
    assert normalize_text(legacy, [".VnTime"]) == unicode
    assert normalize_text(legacy) == unicode  # detected without a font name


# Symbols that are not TCVN3 letters in their place stay as they are.
@pytest.mark.parametrize(
    "text",
    ["a \u2212 b", "5\u22123", "x\u2212y", "\u2219 Nội dung", "−", "Cộng hoà xã hội"],
)
def test_pdf_aliases_left_alone_outside_words(text):
    assert normalize_text(text) == text
    assert normalize_text(text, [".VnTime"]) == text


def test_greek_mu_is_a_letter_outside_tcvn3_text():
    assert normalize_text("10 μm, μ = 0,5") == "10 μm, μ = 0,5"


# A layer decoded upstream (or by another reader) with the minus left in.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ng\u2212ời phát ngôn", "người phát ngôn"),
        ("đ\u2212ợc", "được"),
        ("tr\u2212ởng phòng", "trưởng phòng"),
        ("NG\u2212ỜI PHÁT NGÔN", "NGƯỜI PHÁT NGÔN"),
        ("x\u2219 hội", "xã hội"),
    ],
)
def test_aliases_left_in_unicode_text_are_repaired(text, expected):
    assert normalize_text(text) == expected


def _pdf(path, lines: list[str], *, font_name: bytes) -> None:
    font = TTFont(f"Issue16{font_name.decode()}", FONT_FILE)
    font.face.name = font_name  # the name the PDF gives the font
    pdfmetrics.registerFont(font)
    c = canvas.Canvas(str(path))
    c.setFont(f"Issue16{font_name.decode()}", 12)
    for i, line in enumerate(lines):
        c.drawString(72, 760 - 20 * i, line)
    c.save()


def test_pdf_text_layer_with_minus_for_u_horn_reads_nguoi(tmp_path):
    pdf = tmp_path / "unicode_layer.pdf"
    _pdf(pdf, ["Ng\u2212ời phát ngôn đ\u2212ợc giao: tr\u2212ởng phòng"], font_name=b"DejaVuSerif")
    assert [b.text for b in read(pdf).blocks] == ["Người phát ngôn được giao: trưởng phòng"]


def test_pdf_tcvn3_layer_with_minus_and_bullet_operator(tmp_path):
    pdf = tmp_path / "tcvn3_layer.pdf"
    _pdf(
        pdf,
        ["Ng\u2212êi ph¸t ng«n \u00ae\u2212îc giao nhiÖm vô tr\u2212ëng phßng."],
        font_name=b"VnTime",
    )
    assert [b.text for b in read(pdf).blocks] == [
        "Người phát ngôn được giao nhiệm vụ trưởng phòng."
    ]


# A Word 97 .doc mixing TCVN3 and VNI under one font name (words -> Unicode).
MIXED = [
    ("MôC LôC", ".VnTime", "MỤC LỤC"),
    ("PHÇN THø NHÊT", ".VnTime", "PHẦN THỨ NHẤT"),
    ("§¹I HéI", ".VnTime", "ĐẠI HỘI"),
    ("Bé NéI Vô", ".VnTime", "BỘ NỘI VỤ"),
    ("B¸o c¸o kÕt qu¶ cuûa Vieät Nam", ".VnTime", "Báo cáo kết quả của Việt Nam"),
    ("MUÏC LUÏC vµ phÇn thø nhÊt", ".VnTime", "MỤC LỤC và phần thứ nhất"),
    ("Baùo caùo keát quaû cña ViÖt Nam", "VNI-Times", "Báo cáo kết quả của Việt Nam"),
    ("PHAÀN THÖÙ NHAÁT", "VNI-Times", "PHẦN THỨ NHẤT"),
    # Title-case words keep their case; capitals next to an acronym are not guessed.
    ("UBND Hµ Néi", ".VnTime", "UBND Hà Nội"),
    ("Hµ Néi", ".VnTime", "Hà Nội"),
    ("Sè: 12/BC-UBND", ".VnTime", "Số: 12/BC-UBND"),
    # Both readings are syllables (TCVN3 "tử", VNI "tư"): the block's encoding wins.
    ("Trang th«ng tin ®iÖn tö", ".VnTime", "Trang thông tin điện tử"),
    # An acronym with "Đ" is not a capital word of running text.
    ("Cæng TT§T huyÖn", ".VnTime", "Cổng TTĐT huyện"),
    ("MôC LôC", "VNI-Times", "MỤC LỤC"),
]


@pytest.mark.parametrize(("legacy", "font", "unicode"), MIXED)
def test_mixed_tcvn3_vni_and_capitals(legacy, font, unicode):
    assert normalize_text(legacy, [font]) == unicode


def test_mixed_document_blocks(tmp_path):
    """normalize_document decodes each block word by word too."""
    texts = ["MôC LôC", "PHÇN THø NHÊT: T×nh h×nh chung", "Baùo caùo cña UBND"]
    doc = Document(
        path="mixed.doc",
        format="doc",
        blocks=[Block(t, Location(paragraph=i), (".VnTime",), False) for i, t in enumerate(texts)],
        pages=1,
        warnings=[],
    )
    assert [b.text for b in normalize_document(doc).blocks] == [
        "MỤC LỤC",
        "PHẦN THỨ NHẤT: Tình hình chung",
        "Báo cáo của UBND",
    ]


def _all_letters() -> list[str]:
    letters = ["đ"]
    for v in VIETNAMESE:
        for t in TONES:
            letters.append(unicodedata.normalize("NFC", v + t))
    return letters


@pytest.mark.parametrize("letter", _all_letters())
def test_every_letter_both_cases_in_both_encodings(letter):
    """Every letter in lower case and as a capital, in a word, through both encodings."""
    word = "t" + letter + "n"
    for enc in ("tcvn3", "vni"):
        assert decode_legacy(encode_legacy(word, enc), enc) == word
    # VNI has capital codes; TCVN3 capitals use the lowercase codes in an H font, and in a
    # capital word with an ordinary font they are capitals too ("TÊN" typed "TªN").
    cap = word.upper()
    assert decode_legacy(encode_legacy(cap, "vni"), "vni") == cap
    assert decode_legacy(encode_legacy(cap, "tcvn3"), "tcvn3", capitals=True) == cap
    assert normalize_text(encode_legacy(cap, "tcvn3") + " B¸o c¸o", [".VnTime"]).startswith(cap)
