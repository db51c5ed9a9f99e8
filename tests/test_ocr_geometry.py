"""Scans and photos whose page is not square to the image (issue 5/7, item 5).

The real case: bench/real/tb-2011-stttt-ben-tre-scan.pdf, a notice scanned 1.9 degrees askew,
lost the first three lines of its body paragraph ("Căn cứ Quyết định số 2729 …"): Tesseract's
layout analysis took them for a picture. bench/real/cv-2011-stttt-phu-tho-scan.pdf page 2, a form
scanned 6 degrees askew, came back as three garbled blocks. Pages are drawn here with DejaVu Sans
and read by the real Tesseract `vie`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest.readers import ocr, read, tool_status
from ingest.text import fold

FONTS = Path("/usr/share/fonts/truetype/dejavu")
DPI = 200

needs_ocr = pytest.mark.skipif(
    not (tool_status()["tesseract_vie"] and (FONTS / "DejaVuSans.ttf").exists()),
    reason="needs tesseract-ocr-vie and fonts-dejavu",
)

# The body paragraph of the Bến Tre notice, wrapped as on the page.
BODY = (
    "Căn cứ Quyết định số 2729/QĐ-UBND ngày 16 tháng 11 năm 2011 của",
    "Chủ tịch Ủy ban nhân dân tỉnh về việc bổ nhiệm ông Trịnh Minh Châu,",
    "Giám đốc Trung tâm tin học Văn phòng Ủy ban nhân dân tỉnh giữ chức",
    "vụ Phó Giám đốc Sở Thông tin và Truyền thông tỉnh Bến Tre.",
)


def notice(angle: float = 0.0) -> Image.Image:
    """Return an A4 notice at 200 dpi (header, title, body), turned `angle` degrees (CCW)."""
    size = DPI * 12 // 72
    regular = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), size)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), size)
    img = Image.new("L", (int(8.27 * DPI), int(11.69 * DPI)), 255)
    draw = ImageDraw.Draw(img)
    left, y, pitch = int(0.9 * DPI), DPI, int(size * 1.5)
    draw.text((left, y), "UBND TỈNH BẾN TRE", font=bold, fill=0)
    draw.text((int(4.3 * DPI), y), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=bold, fill=0)
    y += 3 * pitch
    draw.text((int(3.6 * DPI), y), "THÔNG BÁO", font=bold, fill=0)
    y += 2 * pitch
    for k, line in enumerate(BODY):
        draw.text((left + (DPI // 2 if k == 0 else 0), y), line, font=regular, fill=0)
        y += pitch
    y += pitch
    draw.text((left + DPI // 2, y), "Sở Thông tin và Truyền thông xin thông báo.", font=regular)
    if angle:
        img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return img


@pytest.mark.parametrize("degrees", [0.0, 2.5, -4.0, 7.0])
def test_skew_is_measured_from_the_ink(degrees):
    # The angle that levels the page is the opposite of the turn it was scanned with.
    assert ocr.estimate_skew(notice(degrees)) == pytest.approx(-degrees, abs=0.3)


@needs_ocr
@pytest.mark.parametrize("degrees", [-4.0, 6.0])
def test_askew_scan_keeps_the_opening_lines_of_its_paragraph(tmp_path, degrees):
    scan = tmp_path / f"thong-bao-lech-{degrees:+.0f}.pdf"
    notice(degrees).save(scan, "PDF", resolution=DPI)
    doc = read(scan)
    assert doc.format == "pdf-ocr"
    texts = [fold(b.text) for b in doc.blocks]
    assert "thong bao" in texts, texts
    # Every line of the paragraph, the opening ones first, after the title.
    text = " ".join(texts)
    at = [text.find(w) for w in ("thong bao", "can cu quyet dinh so 2729", "chu tich uy ban")]
    at += [text.find(w) for w in ("trung tam tin hoc", "vu pho giam doc so")]
    assert -1 not in at and at == sorted(at), texts
