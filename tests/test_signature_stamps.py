"""Digitally signed PDFs: the signing tool's stamp ("Ký bởi: …", "Thời gian ký: …") drawn on a
page is set aside, not read as part of the report, and named in the document's warnings."""

from __future__ import annotations

import ctypes
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from conftest import SAMPLES

from ingest.evaluation import default_registry, evaluate_dir, truth_pairs
from ingest.readers import read
from ingest.readers.layout import Line, set_aside_stamps

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _below_text(page) -> float:
    """Return a baseline just under the page's lowest text, where a signer puts a stamp."""
    textpage = page.get_textpage()
    lowest = min(textpage.get_charbox(i)[1] for i in range(textpage.count_chars()))
    textpage.close()
    return max(lowest - 16, 40)


def _stamp(src: Path, dest: Path, stamps: list[tuple[int, str, list[str]]]) -> None:
    """Write ``src`` with text stamps drawn into the page content, as a flattened signature is:
    (page index, "top-right", "bottom-margin" or "below-text", lines)."""
    pdf = pdfium.PdfDocument(str(src))
    data = FONT.read_bytes()
    font_data = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = pdfium_c.FPDFText_LoadFont(pdf.raw, font_data, len(data), pdfium_c.FPDF_FONT_TRUETYPE, 1)
    for index, corner, lines in stamps:
        if corner == "bottom-margin" and len(pdf) == 1:
            continue  # that stamp sits between two pages of text
        page = pdf[index % len(pdf)]
        width, height = page.get_size()
        x, y = {
            "top-right": (width - 200, height - 18),
            "bottom-margin": (width - 200, 48),
            "below-text": (60, _below_text(page)),
        }[corner]
        for k, text in enumerate(lines):
            obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, font, ctypes.c_float(7))
            wide = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
            pdfium_c.FPDFText_SetText(obj, ctypes.cast(wide, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
            pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y - 9 * k)
            pdfium_c.FPDFPage_InsertObject(page.raw, obj)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    pdf.save(str(dest))
    pdf.close()


def _scanned(path: Path) -> bool:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf[0].get_textpage().get_text_range().strip()) < 50
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder like samples/ with every text-layer sample PDF signed twice: the agency's
    stamp over the header of page 1, a copy's in the bottom margin of page 1 (between two pages
    of text) and a person's under the last text of the last page."""
    assert FONT.exists(), "DejaVu fonts are missing: make system-deps"
    root = tmp_path_factory.mktemp("signed")
    count = 0
    for rel, doc, truth in truth_pairs(SAMPLES):
        if doc.suffix != ".pdf" or _scanned(doc):
            continue
        dest = root / "reports" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        _stamp(
            doc,
            dest,
            [
                (0, "top-right", [
                    "Ký bởi: Sở Thông tin và Truyền thông", "Email: stttt@hanam.gov.vn",
                    "Cơ quan: Tỉnh Hà Nam", "Thời gian ký: 05.01.2021 08:12:34 +07:00",
                ]),
                (0, "bottom-margin", [
                    "Ký bởi: Văn phòng UBND tỉnh Hà Nam", "Cơ quan: Tỉnh Hà Nam",
                    "Thời gian ký: 06.01.2021 14:40:05 +07:00",
                ]),
                (-1, "below-text", [
                    "Người ký: Nguyễn Văn Bình", "Email: binhnv@hanam.gov.vn",
                    "Chức vụ: Phó Giám đốc", "Ngày ký: 28.12.2020",
                ]),
            ],
        )  # fmt: skip
        (root / "truth" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(truth, root / "truth" / f"{rel}.json")
        count += 1
    assert count >= 10
    shutil.copy(SAMPLES / "agencies.csv", root / "agencies.csv")
    return root


def test_signed_pdfs_give_the_same_values_and_name_the_stamps(signed: Path):
    ev = evaluate_dir(signed, registry=default_registry(signed), workers=2, progress=False)
    assert ev.overall == 1.0, ev.report()
    for doc in (signed / "reports").rglob("*.pdf"):
        d = read(doc)
        stamps = [w for w in d.warnings if w.startswith("digital signature stamp")]
        assert len(stamps) == (3 if d.pages > 1 else 2), (doc.name, d.warnings)
        assert "Ký bởi: Sở Thông tin và Truyền thông" in stamps[0]
        assert not any("Thời gian ký" in b.text or "Người ký" in b.text for b in d.blocks)


def _line(text: str, top: float, x0: float = 300.0) -> Line:
    return Line(page=1, x0=x0, x1=x0 + 150, top=top, bottom=top + 9, text=text, em=7.0)


def test_stamps_need_a_signer_and_a_signing_time():
    form = [_line("Họ và tên: Trần Thị Lan", 100), _line("Chức vụ: Chánh Văn phòng", 110),
            _line("Email: lantt@tinh.gov.vn", 120)]  # fmt: skip
    lines = list(form)
    assert set_aside_stamps(lines) == [] and lines == form
    signed_on = [_line("Ngày ký: 12/01/2021", 100), _line("Đơn vị: Sở Tư pháp", 110)]
    assert set_aside_stamps(list(signed_on)) == []
    # Read by OCR without its accents, with the signer's name wrapped onto a line of its own.
    ocr = [
        _line("Ky boi: Uy ban nhan dan", 100),
        _line("huyen Binh Luc", 109),
        _line("Thoi gian ky: 05.01.2021", 118),
        _line("2. Kết quả thực hiện", 118, x0=60),  # the body beside it stays
    ]
    lines = list(ocr)
    assert set_aside_stamps(lines) == [ocr[:3]]
    assert lines == [ocr[3]]
