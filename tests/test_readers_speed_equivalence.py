"""The readers' and rules' fast paths give exactly what the plain ones give.

Each speed-up keeps a slower reference that is easy to read: PDFium's own ctypes bindings for the
bare-address prototypes, the character-by-character fold for the translate table, a cold style
cache for the cache looked up by stored bytes.
"""

from __future__ import annotations

import ctypes
import struct
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from documents import document_from_text

from ingest import fields
from ingest.errors import CorruptFile
from ingest.fields import header, strings, view
from ingest.readers import Limits, read
from ingest.readers import docx as docx_reader
from ingest.readers import pdf as pdf_reader
from ingest.registry import Registry

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "reports"
SAMPLE_DOCX = sorted(SAMPLES.rglob("*.docx"))[:3]


def _text_pdfs(limit: int) -> list[Path]:
    """Return sample PDFs whose first page has a text layer."""
    out = []
    for p in sorted(SAMPLES.rglob("*.pdf")):
        pdf = pdfium.PdfDocument(str(p))
        try:
            if pdf[0].get_textpage().count_chars() > 100:
                out.append(p)
        finally:
            pdf.close()
        if len(out) == limit:
            break
    return out


SAMPLE_PDF = _text_pdfs(2)


# -- fields: aligned fold ---------------------------------------------------------------------


def test_fold_aligned_translate_table_matches_char_by_char_fold():
    text = "".join(chr(c) for c in range(0x2500)) + "Đ̣Ệİẞǅ\u200b\u00ad\u0301x\U0001f600\ufeff"
    reference = "".join(strings._fold_char(c) for c in text)
    assert strings.fold_aligned(text) == reference
    assert len(strings.fold_aligned(text)) == len(text)
    assert strings.fold_aligned("Báo cáo  KẾT QUẢ") == "bao cao  ket qua"


def test_number_memo_lives_only_during_one_extraction():
    doc = document_from_text(
        "UBND TỈNH HÀ NAM || CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "SỞ Y TẾ || Hà Nam, ngày 10 tháng 12 năm 2020\n"
        "BÁO CÁO\nKết quả công tác phát ngôn và cung cấp thông tin cho báo chí năm 2020\n"
        "Trong năm, Sở đăng 120 tin, bài trên Cổng thông tin điện tử."
    )
    first = fields.extract(doc)
    assert strings._MEMO.get() is None
    assert fields.extract(doc) == first
    assert first["posts_total"].value == 120


# -- PDF: bare-address prototypes -------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLE_PDF, ids=lambda p: p.name)
def test_pdf_fast_char_boxes_and_fonts_equal_the_bindings(path):
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[0]
        textpage = page.get_textpage()
        n = pdfium_c.FPDFText_CountChars(textpage)
        assert n > 100
        fast = pdf_reader._loose_char_box()
        handle = pdf_reader._address(textpage)
        a, b = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
        fonts = pdf_reader._FontReader(textpage)
        buf = ctypes.create_string_buffer(128)
        for i in range(n):
            ok_binding = pdfium_c.FPDFText_GetLooseCharBox(textpage, i, ctypes.byref(a))
            ok_fast = fast(handle, i, ctypes.addressof(b))
            assert ok_binding == ok_fast
            assert bytes(a) == bytes(b)
            flags = ctypes.c_int()
            got = pdfium_c.FPDFText_GetFontInfo(textpage, i, buf, len(buf), ctypes.byref(flags))
            name = pdf_reader._SUBSET_RE.sub(
                "", buf.value.decode("utf-8", "replace") if got else ""
            )
            weight = pdfium_c.FPDFText_GetFontWeight(textpage, i)
            size = pdfium_c.FPDFText_GetFontSize(textpage, i)
            bold = weight >= 600 or bool(pdf_reader._BOLD_NAME_RE.search(name))
            assert fonts(i) == (name, bold, size)
        textpage.close()
        page.close()
    finally:
        pdf.close()


# -- DOCX: style sheets looked up by their stored bytes ---------------------------------------


def _rezip(src: Path, dst: Path, compression: int) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", compression) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
    return dst


@pytest.mark.parametrize("path", SAMPLE_DOCX, ids=lambda p: p.name)
def test_docx_style_cache_hit_reads_like_a_cold_cache(path, tmp_path):
    limits = Limits()
    docx_reader._STYLES_CACHE.clear()
    cold = docx_reader.read_docx(path, limits)
    warm = docx_reader.read_docx(path, limits)  # found by the stored bytes
    assert warm == cold
    stored = _rezip(path, tmp_path / "stored.docx", zipfile.ZIP_STORED)
    assert docx_reader.read_docx(stored, limits).blocks == cold.blocks  # by inflated bytes
    docx_reader._STYLES_CACHE.clear()
    assert docx_reader.read_docx(stored, limits).blocks == cold.blocks


def _with_bad_crc(src: Path, dst: Path, name: str) -> Path:
    """Copy a ZIP with the CRC of one entry changed in its local and central headers."""
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as zf:
        info = zf.getinfo(name)
    bad = struct.pack("<L", info.CRC ^ 0xFFFFFFFF)
    data[info.header_offset + 14 : info.header_offset + 18] = bad
    encoded = name.encode()
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        if data[at + 46 : at + 46 + len(encoded)] == encoded:
            data[at + 16 : at + 20] = bad
            break
        at += 4
    dst.write_bytes(bytes(data))
    return dst


def test_docx_damaged_style_sheet_is_not_hidden_by_the_cache(tmp_path):
    path = SAMPLE_DOCX[0]
    limits = Limits()
    docx_reader.read_docx(path, limits)  # the good style sheet is now cached
    bad = _with_bad_crc(path, tmp_path / "bad-crc.docx", "word/styles.xml")
    with pytest.raises(CorruptFile):
        docx_reader.read_docx(bad, limits)


# -- fields: agency candidates that cannot win are not looked up -------------------------------


def test_registry_scores_never_exceed_the_bound_the_agency_rule_relies_on():
    registry = Registry.from_csv(SAMPLES.parent / "agencies.csv")
    names = [a.name for a in registry] + [a.short_name for a in registry if a.short_name]
    names += ["Sở Y tế", "UBND huyện Lý Nhân", "So Y te tinh Ha Nam", "Sở Thông tin và Truyền thôn"]
    for name in names:
        for province in (None, "Hà Nam", "Nam Định"):
            m = registry.match(name, province=province)
            assert m is None or m.score <= header.MAX_MATCH_SCORE, (name, m)


def test_agency_rule_gives_the_same_result_without_skipping(monkeypatch):
    registry = Registry.from_csv(SAMPLES.parent / "agencies.csv")
    docs = [read(p) for p in SAMPLE_DOCX + SAMPLE_PDF]
    fast = [fields.extract(d, registry) for d in docs]
    monkeypatch.setattr(header, "MAX_MATCH_SCORE", float("inf"))  # every candidate looked up
    assert [fields.extract(d, registry) for d in docs] == fast
    assert any("agency" in f for f in fast)


@pytest.mark.parametrize(
    "text",
    [
        "Trên đây là báo cáo kết quả ...",
        "  Nơi nhận:",
        "(Ký, ghi rõ họ tên)",
        "Ký ghi rõ",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. GIÁM ĐỐC",
        "TL. CHÁNH VĂN PHÒNG",
        "Sở Y tế trân trọng báo cáo./.",
        "Trân trọng báo cáo!",
        "Kết quả đạt được./.",
        "Tiếp tục thực hiện nhiệm vụ.",
        "Kỳ báo cáo: năm 2020",
        "Tm. ban biên tập",
        "TTL.",
        "",
    ],
)
def test_closing_prefilter_agrees_with_the_regex(text):
    f = strings.fold_aligned(text)
    assert view.is_closing(f) == (view._CLOSING.match(f) is not None)
