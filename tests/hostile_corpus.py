"""Generate the hostile-input corpus: broken, disguised, oversized and odd files, small on disk.

Every case is written by code (nothing is checked in) so CI always has it. ``build_corpus(dir)``
writes the files and returns one ``Case`` per file with the error class the readers must raise
(None when the file must read fine). The "huge" cases are small: thousands of tiny PDF pages, a
ZIP whose XML inflates far beyond its size, and a "100 MB scan" that is only over a limit the test
lowers (``BIG_SCAN_LIMIT``) through ``REPORTS_READER_MAX_FILE_BYTES``.
"""

from __future__ import annotations

import copy
import io
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedFile,
    ReportsError,
    TooLarge,
    UnsupportedFormat,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "reports"
GOOD_DOCX = SAMPLES / "2020" / "thanh-tra-ha-nam-2020.docx"
GOOD_DOCX_2 = SAMPLES / "2020" / "BC_PN_2020_SYT.docx"
GOOD_PDF = SAMPLES / "2020" / "so-giao-thong-van-tai-2020.pdf"
# The "100 MB scan" is over this many bytes; tests set REPORTS_READER_MAX_FILE_BYTES to it.
BIG_SCAN_LIMIT = 400_000
MANY_PAGES = 3000
SEED = 20240611


@dataclass(frozen=True)
class Case:
    """One corpus file: its name on disk, what it is, and the error the readers must raise."""

    name: str
    what: str
    error: type[ReportsError] | None
    good: bool = False  # a real report that must load


class _PdfWriter:
    """Write a minimal PDF: numbered objects in order, then the xref table and trailer."""

    def __init__(self, header: bytes = b"%PDF-1.4\n"):
        self.out = io.BytesIO()
        self.offsets: list[int] = []
        self.out.write(header)

    def obj(self, num: int, body: bytes) -> None:
        """Append object ``num`` (objects must come in order 1, 2, 3, ...)."""
        self.offsets.append(self.out.tell())
        self.out.write(b"%d 0 obj\n" % num + body + b"\nendobj\n")

    def finish(self) -> bytes:
        """Return the file: objects, xref table, trailer with /Root 1 0 R."""
        xref, size = self.out.tell(), len(self.offsets) + 1
        self.out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
        for off in self.offsets:
            self.out.write(b"%010d 00000 n \n" % off)
        self.out.write(
            b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
        )
        return self.out.getvalue()


def many_pages_pdf(pages: int = MANY_PAGES) -> bytes:
    """Return a valid PDF with ``pages`` empty 10x10 pt pages (a few hundred KB)."""
    pdf = _PdfWriter(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    pdf.obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    pdf.obj(2, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, kids))
    for i in range(pages):
        pdf.obj(3 + i, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>")
    return pdf.finish()


def encrypted_pdf(src: Path = GOOD_PDF, password: str = "mat-khau-123") -> bytes:
    """Return a copy of a real PDF that needs a user password to open."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(src).pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zip_ratio_bomb(mib: int = 64) -> bytes:
    """Return a DOCX-shaped ZIP whose document.xml inflates to ``mib`` MiB from ~64 KiB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b" " * 2**20
            for _ in range(mib):
                fh.write(chunk)
    return buffer.getvalue()


def zip_declared_bomb(declared: int = 4 * 2**30 - 1) -> bytes:
    """Return a DOCX-shaped ZIP whose document entry claims ``declared`` bytes (headers patched)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document/>")
    data = bytearray(buffer.getvalue())
    name = b"word/document.xml"
    for sig, size_off, name_off in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (i := data.find(sig, start)) >= 0:
            start = i + 4
            if data[i + name_off : i + name_off + len(name)] == name:
                struct.pack_into("<I", data, i + size_off, declared)
    return bytes(data)


ODD_TEXT = (
    "BÁO CÁO\x7f\x85 kết quả \u200b\u200d phát ngôn 😀🇻🇳 \u202eđảo chiều\u202c "
    "<script>alert(1)</script> **đậm** [liên kết](javascript:alert(1)) =1+1 "
)


def odd_text_docx() -> bytes:
    """Return a DOCX with emoji, bidi/zero-width characters, markup and a 100 KB line."""
    import docx

    document = docx.Document()
    document.add_paragraph(ODD_TEXT)
    document.add_paragraph("Dòng rất dài " + "ạ" * 100_000)
    document.add_paragraph("\t".join(["ô"] * 2000))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def random_bytes(n: int = 8192) -> bytes:
    """Return seeded random bytes that start with no known magic number."""
    data = bytearray(random.Random(SEED).randbytes(n))
    data[:4] = b"\x13\x37\x00\x01"
    return bytes(data)


def big_scan_pdf(src: Path = GOOD_PDF, size: int = BIG_SCAN_LIMIT + 100_000) -> bytes:
    """Return a valid PDF padded past BIG_SCAN_LIMIT with comment lines (still opens fine).

    The padding goes after the original end, followed by a copy of the original trailer
    (``startxref`` ... ``%%EOF``), which is how an incremental save ends too.
    """
    data = src.read_bytes()
    trailer = data[data.rindex(b"startxref") :]
    rng = random.Random(SEED + 1)
    lines = []
    while len(data) + sum(map(len, lines)) < size:
        lines.append(b"%" + rng.randbytes(60).hex().encode() + b"\n")
    return data + b"\n" + b"".join(lines) + trailer


# Names on disk that are hostile themselves (a POSIX filename cannot hold "/", but "\\", "..",
# newlines, bidi overrides and decomposed Unicode are all possible).
ODD_NAMES = {
    "..\\..\\windows\\evil.docx": "backslash path separators",
    "..docx": "dot-dot name",
    "báo\ncáo\tđơn vị.docx": "control characters in the name",
    "\u202excod.bao-cao-that.docx": "bidi override in the name",
    "ba\u0301o-ca\u0301o-to\u0309-ho\u031bp.docx": "decomposed (NFD) Vietnamese",
}


def build_corpus(folder: Path) -> list[Case]:
    """Write every hostile and good file into ``folder``; return the cases in name order."""
    folder.mkdir(parents=True, exist_ok=True)
    good_docx = GOOD_DOCX.read_bytes()
    good_pdf = GOOD_PDF.read_bytes()
    files: dict[str, tuple[bytes, str, type[ReportsError] | None, bool]] = {
        "01_rong.docx": (b"", "empty file", EmptyFile, False),
        "02_khoang_trang.pdf": (b" \r\n\t\0" * 50, "only whitespace/NUL", EmptyFile, False),
        "03_ngau_nhien.pdf": (random_bytes(), "random bytes", UnsupportedFormat, False),
        "04_trang_web.docx": (
            b"<!DOCTYPE html><html><body><p>B\xc3\xa1o c\xc3\xa1o</p></body></html>",
            "HTML renamed .docx",
            UnsupportedFormat,
            False,
        ),
        "05_van_ban.docx": (
            "Báo cáo phát ngôn năm 2020\nchỉ là văn bản thuần\n".encode(),
            "plain text renamed .docx",
            UnsupportedFormat,
            False,
        ),
        "06_docx_doi_ten.pdf": (good_docx, "DOCX renamed .pdf", None, True),
        "07_cat_ngang.pdf": (good_pdf[: len(good_pdf) // 3], "truncated PDF", CorruptFile, False),
        "08_cat_ngang.docx": (
            good_docx[: len(good_docx) // 2],
            "truncated DOCX",
            CorruptFile,
            False,
        ),
        "09_mat_khau.pdf": (encrypted_pdf(), "password-protected PDF", EncryptedFile, False),
        "10_bom_zip.docx": (zip_ratio_bomb(), "DOCX inflating 64 MiB", TooLarge, False),
        "11_bom_khai_bao.docx": (zip_declared_bomb(), "DOCX declaring 4 GiB", TooLarge, False),
        "11b_bom_noi_doi.docx": (
            zip_liar_bomb(),
            "DOCX declaring 2 KB that inflates 64 MiB",
            CorruptFile,
            False,
        ),
        "12_nghin_trang.pdf": (many_pages_pdf(), f"{MANY_PAGES} tiny pages", TooLarge, False),
        "13_ban_scan_lon.pdf": (big_scan_pdf(), "over the size limit", TooLarge, False),
        "14_ky_tu_la.docx": (odd_text_docx(), "emoji, controls, 100 KB line", None, False),
        "15_bom_pdf.pdf": (pdf_stream_bomb(), "PDF page content inflating 64 MiB", TooLarge, False),
        "16_bom_anh.pdf": (pdf_image_bomb(), "PDF image of 196 megapixels", TooLarge, False),
        "20_bao_cao_tot.docx": (good_docx, "good DOCX (same bytes as 06)", None, True),
        "21_bao_cao_tot.docx": (GOOD_DOCX_2.read_bytes(), "good DOCX", None, True),
        "22_bao_cao_tot.pdf": (good_pdf, "good PDF", None, True),
    }
    second = GOOD_DOCX_2.read_bytes()
    for i, (name, what) in enumerate(ODD_NAMES.items()):
        # A distinct, readable DOCX under each odd name (a new ZIP member changes the sha256).
        files[name] = (_with_marker(second, f"odd-{i}"), what, None, True)
    cases = []
    for name, (data, what, error, good) in sorted(files.items()):
        (folder / name).write_bytes(data)
        cases.append(Case(name, what, error, good))
    return cases


def _with_marker(docx_bytes: bytes, marker: str) -> bytes:
    """Return the same DOCX with an extra unused ZIP member, so its bytes (sha256) differ."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx_bytes)) as zin,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr(f"docProps/{marker}.txt", marker)
    return buffer.getvalue()


def zip_liar_bomb(mib: int = 64, declared: int = 2000) -> bytes:
    """Return a DOCX-shaped ZIP whose document.xml claims ``declared`` bytes yet inflates MiBs."""
    data = bytearray(zip_ratio_bomb(mib))
    name = b"word/document.xml"
    for sig, size_off, name_off in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (i := data.find(sig, start)) >= 0:
            start = i + 4
            if data[i + name_off : i + name_off + len(name)] == name:
                struct.pack_into("<I", data, i + size_off, declared)
    return bytes(data)


def giant_page_pdf(size_pt: int = 14400, pages: int = 1) -> bytes:
    """Return a few-KB PDF of ``pages`` pages of ``size_pt`` points square (5 m), each one image.

    No text layer, so the reader OCRs it: rendering such a page at 72 dpi alone is 200 MP.
    """
    pdf = _PdfWriter(b"%PDF-1.4\n")
    kids = b" ".join(b"%d 0 R" % (3 + 3 * i) for i in range(pages))
    pdf.obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    pdf.obj(2, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, kids))
    image = bytes((x * 37 + y * 11) % 256 for y in range(64) for x in range(64))
    for i in range(pages):
        page, content, xobj = 3 + 3 * i, 4 + 3 * i, 5 + 3 * i
        pdf.obj(
            page,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /XObject << /Im0 %d 0 R >> >> >>" % (size_pt, size_pt, content, xobj),
        )
        draw = b"q %d 0 0 %d 0 0 cm /Im0 Do Q" % (size_pt, size_pt)
        pdf.obj(content, b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
        pdf.obj(
            xobj,
            b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Length %d >>\nstream\n" % len(image) + image + b"\nendstream",
        )
    return pdf.finish()


def pdf_stream_bomb(
    mib: int = 64, *, keys: bytes = b"/Filter /FlateDecode", hexed: bool = False
) -> bytes:
    """Return a ~200 KB one-page PDF whose content stream inflates to ``mib`` MiB of text operators.

    PDFium parses a page's whole content when the page is loaded: 64 MiB cost 6 s and 900 MB.
    ``keys`` name the stream's filter (object 6 is the name /FlateDecode, for a reference);
    ``hexed`` writes the compressed bytes in hexadecimal, for an /ASCIIHexDecode filter.
    """
    pdf = _PdfWriter(b"%PDF-1.4\n")
    pdf.obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    pdf.obj(2, b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>")
    pdf.obj(
        3,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
    )
    line = b"BT /F1 12 Tf 72 700 Td (Bao cao phat ngon) Tj ET\n"
    packer = zlib.compressobj(9)
    chunk = line * (2**20 // len(line))
    packed = b"".join(packer.compress(chunk) for _ in range(mib)) + packer.flush()
    if hexed:
        packed = packed.hex().encode() + b">"
    body = b"<< %s /Length %d >>" % (keys, len(packed))
    pdf.obj(4, body + b"\nstream\n" + packed + b"\nendstream")
    pdf.obj(5, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    pdf.obj(6, b"/FlateDecode")
    return pdf.finish()


def pdf_image_bomb(side: int = 14_000) -> bytes:
    """Return a ~200 KB one-page scan-like PDF whose Flate image is ``side`` x ``side`` pixels.

    PDFium decodes the whole image when the page is rendered for OCR (20000 px: 560 MB).
    """
    pdf = _PdfWriter(b"%PDF-1.4\n")
    pdf.obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    pdf.obj(2, b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>")
    pdf.obj(
        3,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im0 5 0 R >> >> >>",
    )
    draw = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    pdf.obj(4, b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
    packer = zlib.compressobj(9)
    row = b"\x80" * side
    packed = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    pdf.obj(
        5,
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
        % (side, side, len(packed))
        + packed
        + b"\nendstream",
    )
    return pdf.finish()


def big_xml_docx(mib: int) -> bytes:
    """Return a valid DOCX whose document.xml holds ``mib`` MiB of ordinary paragraphs.

    The compression ratio is normal (about 8:1), so only a limit on the XML size stops it; lxml
    and python-docx need ~25 bytes of memory per XML byte (20 MiB: 24 s, 490 MB).
    """
    import docx

    base = io.BytesIO()
    docx.Document().save(base)
    rng = random.Random(SEED + 2)
    words = ["báo", "cáo", "phát", "ngôn", "năm", "2020", "tin", "bài", "Sở", "Y", "tế"]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base.getvalue())) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                head, tail = data.decode().split("<w:body>")
                paras, size = [], 0
                while size < mib * 2**20:
                    text = " ".join(rng.choice(words) for _ in range(12))
                    para = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
                    paras.append(para)
                    size += len(para.encode())
                data = (head + "<w:body>" + "".join(paras) + tail).encode()
            zout.writestr(item, data)
    return out.getvalue()


def many_glyphs_pdf(glyphs: int) -> bytes:
    """Return a one-page PDF drawing ``glyphs`` letters, each placed on its own (2 pt font)."""
    pdf = _PdfWriter(b"%PDF-1.4\n")
    pdf.obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    pdf.obj(2, b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>")
    pdf.obj(
        3,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
    )
    parts = [b"BT /F1 2 Tf\n"]
    for i in range(glyphs):
        x, y = 20 + (i % 500) * 1.1, 820 - (i // 500) % 700 * 1.15
        parts.append(b"1 0 0 1 %.1f %.1f Tm (%c) Tj\n" % (x, y, 97 + i % 26))
    parts.append(b"ET")
    packed = zlib.compress(b"".join(parts), 9)
    pdf.obj(
        4,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
    )
    pdf.obj(5, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return pdf.finish()


# Bombs that hid from the byte-pattern check (security test of issue 7): each names its filter or
# its image size in a way only a PDF parser reads.
HIDDEN_BOMBS = ("indirect_filter", "escaped_name", "long_dictionary", "filter_array")


def hidden_pdf_bomb(kind: str, mib: int = 64) -> bytes:
    """Return ``pdf_stream_bomb`` with its Flate filter written as ``kind``: a reference
    (/Filter 6 0 R), an escaped name (/Fl#61teDecode), more than 2 KiB before the stream keyword,
    or behind /ASCIIHexDecode in a filter array."""
    keys = {
        "indirect_filter": b"/Filter 6 0 R",
        "escaped_name": b"/Filter /Fl#61teDecode",
        "long_dictionary": b"/Filter /FlateDecode "
        + b" ".join(b"/Pad%d (%s)" % (i, b"x" * 60) for i in range(50)),
        "filter_array": b"/Filter [/ASCIIHexDecode /FlateDecode]",
    }
    return pdf_stream_bomb(mib, keys=keys[kind], hexed=kind == "filter_array")


def indirect_image_bomb(side: int = 14_000) -> bytes:
    """Return ``pdf_image_bomb`` with its /Width and /Height given by references."""
    data = pdf_image_bomb(side)
    dims = b"/Width %d /Height %d" % (side, side)
    assert data.count(dims) == 1
    head, tail = data.split(dims)
    trailer_at = tail.index(b"xref\n")
    extra = b"6 0 obj\n%d\nendobj\n7 0 obj\n%d\nendobj\n" % (side, side)
    # Objects after the last one: the xref table is rebuilt from the bytes by PDFium and by the
    # check alike, so the file stays valid enough to be read.
    return head + b"/Width 6 0 R /Height 7 0 R" + tail[:trailer_at] + extra + tail[trailer_at:]


def repetitive_docx(rows: int = 6000) -> bytes:
    """Return a real DOCX report with a long table of identical rows (compresses ~300:1)."""
    import docx

    document = docx.Document()
    document.add_paragraph("ỦY BAN NHÂN DÂN TỈNH HÀ NAM")
    document.add_paragraph("BÁO CÁO Kết quả thực hiện công tác phát ngôn năm 2020")
    table = document.add_table(rows=1, cols=4)
    texts = ("Tin bài", "12", "Cổng TTĐT tỉnh", "Đã đăng")
    for cell, text in zip(table.rows[0].cells, texts, strict=True):
        cell.text = text
    row = table.rows[0]._tr
    for _ in range(rows - 1):
        row.addnext(copy.deepcopy(row))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
