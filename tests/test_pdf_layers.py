"""Issue 16 (real files from real offices): PDF text layers that lie, and form fields that the
text layer lacks. Every PDF here is drawn with reportlab: a page image under an invisible text
layer (render mode 3), as phone-scanner apps make, and AcroForm fields with values, as e-office
systems stamp the number and the day at issuance."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from conftest import ROOT
from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ingest.readers import read, tool_status
from ingest.readers.pdf import MIN_LAYER_SYLLABLE_SHARE
from ingest.readers.quality import is_syllable, syllable_share
from ingest.text import fold

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_font = pytest.mark.skipif(not FONT.exists(), reason="needs fonts-dejavu")
needs_ocr = pytest.mark.skipif(
    not (tool_status()["tesseract_vie"] and FONT.exists()),
    reason="needs tesseract-ocr-vie and fonts-dejavu",
)

PAGE_LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "TỜ TRÌNH",
    "Về việc phát ngôn và cung cấp thông tin cho báo chí",
    "Năm qua Sở đã tổ chức họp báo định kỳ hằng quý,",
    "người phát ngôn đã trả lời phỏng vấn của các cơ quan báo chí",
    "và cung cấp thông tin kịp thời cho nhân dân trong tỉnh.",
    "Sở đề nghị Ủy ban nhân dân tỉnh xem xét, chỉ đạo các sở,",
    "ban, ngành tiếp tục thực hiện tốt quy chế phát ngôn",
    "và cung cấp thông tin cho báo chí trong năm tới.",
    "Nơi nhận: Như trên; Lưu: VT.",
]
PAGE = (595, 842)


def _register_font() -> str:
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    return "DejaVu"


def _page_image(path: Path) -> Path:
    """Draw PAGE_LINES on an A4 page image at 150 dpi."""
    scale = 150 / 72
    img = Image.new("L", (round(PAGE[0] * scale), round(PAGE[1] * scale)), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), 30)
    for k, text in enumerate(PAGE_LINES):
        draw.text((110, 150 + 60 * k), text, font=font, fill=0)
    img.save(path)
    return path


def build_layered_scan(path: Path, layer: list[str]) -> Path:
    """Write a scan-like PDF: the page image, with `layer` as an invisible text layer over it."""
    font = _register_font()
    image = _page_image(path.with_suffix(".png"))
    c = canvas.Canvas(str(path), pagesize=PAGE)
    c.drawImage(str(image), 0, 0, width=PAGE[0], height=PAGE[1])
    for k, text in enumerate(layer):
        t = c.beginText(53, PAGE[1] - 80 - 29 * k)
        t.setFont(font, 14)
        t.setTextRenderMode(3)  # invisible, as OCR layers are
        t.textLine(text)
        c.drawText(t)
    c.save()
    return path


def damaged(text: str) -> str:
    """Return `text` as a broken font encoding shows it: every ASCII letter shifted (rot13)."""
    return codecs.encode(text, "rot13")


def build_form_pdf(path: Path) -> Path:
    """Write a notice whose number and day are form fields, plus a hidden and an off-page one."""
    font = _register_font()
    c = canvas.Canvas(str(path), pagesize=PAGE)
    c.setFont(font, 12)
    c.drawString(72, 760, "UBND TỈNH HÀ NAM")
    c.drawString(72, 740, "Số:          /TB-UBND")
    c.drawString(300, 740, "Hà Nam, ngày        tháng 01 năm 2026")
    c.drawString(72, 700, "THÔNG BÁO về việc phát ngôn và cung cấp thông tin cho báo chí")
    plain = {"fontName": "Helvetica", "fontSize": 12, "borderWidth": 0, "height": 16}
    plain |= {"fillColor": None, "borderColor": None}
    form = c.acroForm
    form.textfield(name="so", value="11", x=95, y=736, width=40, **plain)
    form.textfield(name="ngay", value="08", x=405, y=736, width=30, **plain)
    form.textfield(
        name="an", value="BIMAT", x=72, y=650, width=80, annotationFlags="hidden", **plain
    )
    form.textfield(name="ngoai", value="NGOAITRANG", x=700, y=650, width=80, **plain)
    form.textfield(name="rieng", value="Kinh gui: Bao Ha Nam", x=72, y=600, width=200, **plain)
    form.checkbox(name="mat", x=300, y=600, size=12, checked=True, borderWidth=0)
    form.checkbox(name="khan", x=330, y=600, size=12, checked=False, borderWidth=0)
    c.save()
    return path


@pytest.mark.parametrize(
    ("word", "valid"),
    [
        ("người", True),
        ("nghiệp", True),
        ("quyết", True),
        ("gìn", True),
        ("HOÀ", True),
        ("Khuya", True),
        ("UBND", False),  # an acronym
        ("CỉNG", False),  # mixed case: a legacy decoding of a broken layer
        ("HOẮ", False),  # ă needs a coda
        ("XẪ", False),  # â needs a coda
        ("tóan", True),
        ("tàn", True),
        ("tàt", False),  # a stop coda takes only sắc or nặng
        ("ing", False),
    ],
)
def test_syllable_spelling(word: str, valid: bool) -> None:
    assert is_syllable(word) is valid


def test_real_text_scores_high_and_a_damaged_layer_low() -> None:
    text = "\n".join(PAGE_LINES)
    assert syllable_share(text)[0] >= 0.95
    assert syllable_share(damaged(text))[0] < MIN_LAYER_SYLLABLE_SHARE


@needs_ocr
def test_issue16_phone_scan_with_a_broken_layer_is_read_by_ocr(tmp_path) -> None:
    pdf = build_layered_scan(tmp_path / "adobe-scan.pdf", [damaged(t) for t in PAGE_LINES])
    doc = read(pdf)
    text = fold("\n".join(b.text for b in doc.blocks))
    assert doc.format == "pdf-ocr"
    assert "cong hoa xa hoi chu nghia viet nam" in text
    assert "nguoi phat ngon" in text
    assert "cbat" not in text  # rot13 "pong" of the layer is gone
    (warning,) = [w for w in doc.warnings if w.startswith("OCR used for page")]
    assert "page(s) 1: text layer not readable as Vietnamese" in warning


@needs_font
def test_a_good_layer_over_the_same_image_takes_no_ocr(tmp_path) -> None:
    doc = read(build_layered_scan(tmp_path / "good.pdf", PAGE_LINES))
    assert doc.format == "pdf"
    assert not doc.warnings
    assert "người phát ngôn" in "\n".join(b.text for b in doc.blocks)


def test_a_word_pdf_takes_no_ocr() -> None:
    doc = read(ROOT / "samples" / "reports" / "2020" / "so-giao-thong-van-tai-2020.pdf")
    assert doc.format == "pdf"
    assert not [w for w in doc.warnings if "OCR" in w]


@needs_font
def test_issue16_form_fields_are_read_in_place(tmp_path) -> None:
    doc = read(build_form_pdf(tmp_path / "e-office.pdf"))
    texts = [b.text for b in doc.blocks]
    assert "Số: 11/TB-UBND" in texts
    assert any("ngày 08 tháng 01 năm 2026" in t for t in texts)
    assert "Kinh gui: Bao Ha Nam" in texts  # a field on a line of its own


@needs_font
def test_hidden_and_off_page_fields_are_not_read(tmp_path) -> None:
    text = "\n".join(b.text for b in read(build_form_pdf(tmp_path / "e-office.pdf")).blocks)
    assert "BIMAT" not in text
    assert "NGOAITRANG" not in text


@needs_font
def test_check_box_states_are_not_read_as_text(tmp_path) -> None:
    words = " ".join(b.text for b in read(build_form_pdf(tmp_path / "e-office.pdf")).blocks)
    assert not {"Off", "Yes"} & set(words.split())
