"""Issue 16 item 4: a line whose accents are separate glyphs stays one line.

A signature line "PHÓ CHÁNH VĂN PHÒNG" whose capitals carry their marks as glyphs of their
own (drawn above the base letter) came out as "Ó / Á / Ă / Ò / PH CH NH V N PH NG".
"""

from __future__ import annotations

import unicodedata

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ingest.readers import read
from ingest.readers.layout import join_marks

FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"
SPACING = {"\u0301": "\u00b4", "\u0300": "`", "\u0306": "\u02d8", "\u0302": "^"}


def _signature_pdf(path, *, marks: str, raise_pt: float) -> None:
    """Draw each base letter and each of its marks as separate text objects, marks above."""
    pdfmetrics.registerFont(TTFont("SigSerifBold", FONT_FILE))
    c = canvas.Canvas(str(path))
    c.setFont("SigSerifBold", 12)
    c.drawString(72, 760, "Nơi nhận: các cơ quan báo chí trên địa bàn tỉnh.")
    x, y = 300.0, 700.0
    for ch in "PHÓ CHÁNH VĂN PHÒNG":
        base, *combining = unicodedata.normalize("NFD", ch)
        width = pdfmetrics.stringWidth(base, "SigSerifBold", 12)
        c.drawString(x, y, base)
        for mark in combining:
            if marks == "combining":
                c.drawString(x + width / 2, y + raise_pt, mark)
            else:
                glyph = SPACING[mark]
                mw = pdfmetrics.stringWidth(glyph, "SigSerifBold", 12)
                c.drawString(x + (width - mw) / 2, y + raise_pt, glyph)
        x += width
    c.drawString(300, 640, "Nguyễn Văn A")
    c.save()


@pytest.mark.parametrize(
    ("marks", "raise_pt"),
    [("spacing", 7), ("spacing", 3), ("combining", 3), ("combining", 7)],
)
def test_signature_line_with_separate_mark_glyphs_reads_whole(tmp_path, marks, raise_pt):
    pdf = tmp_path / "signature.pdf"
    _signature_pdf(pdf, marks=marks, raise_pt=raise_pt)
    texts = [b.text for b in read(pdf).blocks]
    assert texts == [
        "Nơi nhận: các cơ quan báo chí trên địa bàn tỉnh.",
        "PHÓ CHÁNH VĂN PHÒNG",
        "Nguyễn Văn A",
    ]


def _glyph(x0: float, x1: float, ch: str, top: float = 100.0, bottom: float = 114.0):
    return (top, bottom, x0, x1, ch, 0)


@pytest.mark.parametrize(
    ("glyphs", "expected"),
    [
        # "´" centred over "O", raised: composed into "Ó".
        ([_glyph(0, 9, "O"), _glyph(2, 7, "\u00b4", 94, 108)], ["Ó"]),
        # Circumflex and acute as two glyphs over "A" (any drawing order): "Ấ".
        ([_glyph(0, 9, "A"), _glyph(2, 7, "\u0301", 92, 106), _glyph(2, 7, "^", 95, 109)], ["Ấ"]),
        # A combining dot below under "E": "Ẹ".
        ([_glyph(0, 8, "E"), _glyph(3, 5, "\u0323", 106, 120)], ["Ẹ"]),
        # "^" between letters (x^2) sits over no letter: kept.
        ([_glyph(0, 6, "x"), _glyph(6, 12, "^"), _glyph(12, 18, "2")], ["x", "^", "2"]),
        # A mark a whole line above the letter belongs to no letter.
        ([_glyph(0, 9, "O"), _glyph(2, 7, "\u00b4", 70, 84)], ["O", "\u00b4"]),
        # No marks at all: the same list comes back.
        ([_glyph(0, 9, "O"), _glyph(9, 18, "K")], ["O", "K"]),
    ],
)
def test_join_marks_composes_marks_into_their_letter(glyphs, expected):
    assert [g[4] for g in join_marks(glyphs)] == expected
