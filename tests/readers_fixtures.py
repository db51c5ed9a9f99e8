"""Builders for the reader tests: real DOCX/PDF/DOC/scan files made in a temporary folder."""

from __future__ import annotations

import random
import shutil
import struct
import tempfile
import unicodedata
import uuid
import zipfile
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.shared import Cm, Pt

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)

LONG_PARAGRAPH = (
    "Thực hiện Nghị định số 09/2017/NĐ-CP ngày 09 tháng 02 năm 2017 của Chính phủ quy định chi "
    "tiết việc phát ngôn và cung cấp thông tin cho báo chí của các cơ quan hành chính nhà nước, "
    "Sở Y tế đã ban hành quy chế phát ngôn, công bố danh sách người phát ngôn trên Cổng thông tin "
    "điện tử và thường xuyên cung cấp thông tin cho các cơ quan báo chí trên địa bàn tỉnh."
)
CONTROL_TEXT = "Người phát ngôn: ông Nguyễn Văn An – Phó Giám đốc Sở"
TEXTBOX_TEXT = "Nội dung trong khung văn bản"
NFD_TEXT = "Thông tin cho báo chí được cung cấp kịp thời"
PRESS_TEXT = "Trong năm 2020, Sở Y tế đã tổ chức 02 cuộc họp báo về công tác phòng, chống dịch."
RECOMMEND_TEXT = "Đề nghị Sở Thông tin và Truyền thông tổ chức tập huấn kỹ năng phát ngôn."

FILLERS = 6
# TCVN3 "ư" is byte 0xAD, the soft hyphen: kept in a .VnTime run, in a .doc LibreOffice makes it a
# <w:softHyphen/> element. In Unicode text a soft hyphen is only a hyphenation hint.
TCVN3_U_HORN = ("Ng\u00adêi ph¸t ng«n cña Së", "Người phát ngôn của Sở")
SOFT_HYPHEN_XML = (
    f"<w:p {NS}><w:r><w:t>Cổng thông tin điện tử được cập nh</w:t><w:softHyphen/>"
    "<w:t>ật thường xuyên</w:t></w:r></w:p>"
)
SOFT_HYPHEN_TEXT = "Cổng thông tin điện tử được cập nhật thường xuyên"


def filler(k: int) -> str:
    """Return the k-th long paragraph of page 2 and 3."""
    return f"Nội dung chi tiết số {k}: {LONG_PARAGRAPH} {LONG_PARAGRAPH}"


TEXTBOX_XML = f"""
<w:p {NS}><w:r><mc:AlternateContent>
 <mc:Choice Requires="wps"><w:drawing>
  <wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="2"
    behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
   <wp:simplePos x="0" y="0"/>
   <wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
   <wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
   <wp:extent cx="4000000" cy="400000"/><wp:effectExtent l="0" t="0" r="0" b="0"/>
   <wp:wrapTopAndBottom/><wp:docPr id="10" name="Text Box 10"/><wp:cNvGraphicFramePr/>
   <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
    <wps:wsp><wps:cNvSpPr txBox="1"/>
     <wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="4000000" cy="400000"/></a:xfrm>
      <a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
     <wps:txbx><w:txbxContent><w:p><w:r><w:t>{TEXTBOX_TEXT}</w:t></w:r></w:p></w:txbxContent></wps:txbx>
     <wps:bodyPr/></wps:wsp>
   </a:graphicData></a:graphic>
  </wp:anchor></w:drawing></mc:Choice>
 <mc:Fallback><w:pict><v:shape id="tb10" style="width:315pt;height:31pt" type="#_x0000_t202">
  <v:textbox><w:txbxContent><w:p><w:r><w:t>{TEXTBOX_TEXT}</w:t></w:r></w:p></w:txbxContent></v:textbox>
 </v:shape></w:pict></mc:Fallback>
</mc:AlternateContent></w:r></w:p>
"""

CONTROL_XML = f"""
<w:sdt {NS}><w:sdtPr><w:alias w:val="Người phát ngôn"/><w:tag w:val="spokesperson"/></w:sdtPr>
 <w:sdtContent><w:p><w:r><w:t>{CONTROL_TEXT}</w:t></w:r></w:p></w:sdtContent></w:sdt>
"""


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(
        parse_xml(
            f"<w:tblBorders {NS}>"
            + "".join(
                f'<w:{side} w:val="nil"/>'
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + "</w:tblBorders>"
        )
    )


def _cell_lines(cell, lines: list[str], *, bold: bool = False) -> None:
    cell.paragraphs[0].text = ""
    for i, line in enumerate(lines):
        par = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        par.alignment = 1  # centred, as in real headers
        run = par.add_run(line)
        run.bold = bold


def build_docx(path: Path) -> Path:
    """Write a two-page report DOCX with every structure the DOCX reader must handle."""
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    # A style whose only font is a TCVN3 one: the run itself names no font.
    legacy_style = d.styles.add_style("LegacyBody", 1)
    legacy_style.font.name = ".VnTime"

    section = d.sections[0]
    section.header.paragraphs[0].text = "Văn bản đầu trang"
    section.footer.paragraphs[0].text = "Văn bản chân trang"

    header = d.add_table(rows=2, cols=2)
    _no_borders(header)
    header.autofit = False
    for col, width in zip(header.columns, (Cm(5.5), Cm(11)), strict=True):
        col.width = width
        for cell in col.cells:
            cell.width = width
    _cell_lines(header.cell(0, 0), ["UBND TỈNH HÀ NAM", "SỞ Y TẾ"], bold=True)
    _cell_lines(
        header.cell(0, 1),
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
        bold=True,
    )
    _cell_lines(header.cell(1, 0), ["Số: 123/BC-SYT"])
    _cell_lines(header.cell(1, 1), ["Hà Nam, ngày 07 tháng 12 năm 2020"])

    title = d.add_paragraph()
    title.alignment = 1
    title.add_run("BÁO CÁO").bold = True
    legacy = d.add_paragraph()
    legacy_run = legacy.add_run("B¸o c¸o kÕt qu¶")
    legacy_run.font.name = ".VnTime"
    d.add_paragraph("Céng hoµ x· héi chñ nghÜa ViÖt Nam", style="LegacyBody")
    d.add_paragraph(LONG_PARAGRAPH)
    d.add_paragraph(unicodedata.normalize("NFD", NFD_TEXT))
    anchor = d.add_paragraph("I. KẾT QUẢ THỰC HIỆN")
    anchor._p.addnext(parse_xml(CONTROL_XML))
    d.add_paragraph("Đoạn sau nội dung điều khiển.")._p.addprevious(parse_xml(TEXTBOX_XML))
    press = d.add_paragraph("- " + PRESS_TEXT)
    press.add_run(" Dòng chữ ẩn.").font.hidden = True

    results = d.add_table(rows=3, cols=3)
    results.style = "Table Grid"
    for c, text in enumerate(["TT", "Nội dung", "Kết quả"]):
        results.cell(0, c).text = text
    results.cell(1, 0).text = "1"
    results.cell(1, 1).text = "Tin, bài đăng trên Cổng thông tin điện tử"
    results.cell(1, 2).text = "315"
    merged = results.cell(2, 0).merge(results.cell(2, 1))
    merged.text = "Ô gộp hai cột"
    inner = results.cell(2, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Quý I"
    inner.cell(0, 1).text = "80"

    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("IV. ĐỀ XUẤT, KIẾN NGHỊ")
    d.add_paragraph(RECOMMEND_TEXT)
    # Enough text for page 2 to flow onto page 3, cutting one paragraph in two.
    for k in range(1, FILLERS + 1):
        d.add_paragraph(filler(k))
    d.add_paragraph().add_run(TCVN3_U_HORN[0]).font.name = ".VnTime"
    d.element.body.append(parse_xml(SOFT_HYPHEN_XML))
    d.save(path)
    return path


def soffice_convert(src: Path, fmt: str, outdir: Path, timeout: float = 120) -> Path:
    """Convert with headless LibreOffice in a private profile (test fixture helper)."""
    return soffice_convert_many([src], fmt, outdir, timeout)[0]


def soffice_convert_many(
    sources: list[Path], fmt: str, outdir: Path, timeout: float = 120
) -> list[Path]:
    """Convert several files in one headless LibreOffice run (private profile); return outputs."""
    from ingest.readers import run_tool

    profile = Path(tempfile.gettempdir()) / f"lo-test-{uuid.uuid4().hex}"
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [
        shutil.which("soffice") or "soffice",
        "--headless",
        "--norestore",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        fmt,
        "--outdir",
        str(outdir),
        *map(str, sources),
    ]
    try:
        done = run_tool(cmd, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    outs = [outdir / (src.stem + "." + fmt.split(":")[0]) for src in sources]
    missing = [o for o in outs if not o.exists()]
    assert done.returncode == 0 and not missing, f"soffice did not write {missing}: {done.stderr!r}"
    return outs


def build_scan_pdf(pdf: Path, out: Path, *, dpi: int = 200) -> Path:
    """Render page 1 of a PDF, rotate it 1 degree, add speckle noise, save as an image-only PDF."""
    import pypdfium2 as pdfium
    from PIL import Image

    doc = pdfium.PdfDocument(str(pdf))
    try:
        image = doc[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()
    image = image.rotate(1.0, resample=Image.BICUBIC, expand=True, fillcolor=255)
    rng = random.Random(7)
    px = image.load()
    w, h = image.size
    for _ in range(w * h // 400):
        x, y = rng.randrange(w), rng.randrange(h)
        px[x, y] = rng.choice((0, 90, 160))
    image.save(out, "PDF", resolution=dpi)
    return out


def build_zip_ratio_bomb(path: Path, mib: int = 20) -> Path:
    """Write a DOCX-shaped ZIP whose one entry inflates 20 MiB of zeros from a few KiB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (mib * 2**20))
    return path


def build_zip_declared_bomb(path: Path, declared: int = 3 * 2**30) -> Path:
    """Write a DOCX-shaped ZIP whose document entry claims `declared` bytes (headers patched)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document/>")
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    # Local header: signature, then uncompressed size at offset 22; central: at offset 24.
    for sig, size_off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (i := data.find(sig, start)) >= 0:
            start = i + 4
            name_off = 30 if sig == b"PK\x03\x04" else 46
            if data[i + name_off : i + name_off + len(name)] == name:
                struct.pack_into("<I", data, i + size_off, declared)
    path.write_bytes(bytes(data))
    return path


def build_cfb(path: Path, streams: list[str]) -> Path:
    """Write a minimal OLE2 compound file (512-byte sectors) holding empty streams by name."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHH", header, 0x18, 0x3E, 3, 0xFFFE)  # minor, major version, byte order
    struct.pack_into("<HH", header, 0x1E, 9, 6)  # sector shift, mini sector shift
    struct.pack_into("<I", header, 0x2C, 1)  # one FAT sector
    struct.pack_into("<I", header, 0x30, 1)  # directory starts at sector 1
    struct.pack_into("<I", header, 0x38, 4096)  # mini stream cutoff
    struct.pack_into("<II", header, 0x3C, 0xFFFFFFFE, 0)  # no mini FAT
    struct.pack_into("<II", header, 0x44, 0xFFFFFFFE, 0)  # no DIFAT sectors
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 0x4C, *difat)
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [0xFFFFFFFF] * (sector // 4 - 2)  # FAT sector, dir sector
    directory = bytearray(sector)
    for k, (name, kind) in enumerate([("Root Entry", 5), *[(s, 2) for s in streams][:3]]):
        raw = name.encode("utf-16-le") + b"\0\0"
        off = k * 128
        directory[off : off + len(raw)] = raw
        struct.pack_into("<HB", directory, off + 0x40, len(raw), kind)
        struct.pack_into("<III", directory, off + 0x44, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        struct.pack_into("<IQ", directory, off + 0x74, 0xFFFFFFFE, 0)
    if streams:
        struct.pack_into("<I", directory, 0x4C, 1)  # root's child: the first stream
        for k in range(1, min(len(streams), 3)):
            struct.pack_into("<I", directory, k * 128 + 0x48, k + 1)  # right sibling chain
    path.write_bytes(bytes(header) + struct.pack(f"<{sector // 4}I", *fat) + bytes(directory))
    return path


def set_doc_encrypted_flag(src: Path, dst: Path) -> Path:
    """Copy a real .doc with the FIB's fEncrypted bit set (what Word writes for a password)."""
    data = bytearray(src.read_bytes())
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    sector = 1 << shift
    # Find the WordDocument directory entry, then its first sector: the FIB is at its start.
    name = "WordDocument".encode("utf-16-le")
    i = data.find(name)
    while i >= 0 and i % 128:
        i = data.find(name, i + 1)
    assert i > 0, "WordDocument entry not found"
    start = struct.unpack_from("<I", data, i + 0x74)[0]
    fib = (start + 1) * sector
    flags = struct.unpack_from("<H", data, fib + 0x0A)[0]
    struct.pack_into("<H", data, fib + 0x0A, flags | 0x0100)
    dst.write_bytes(bytes(data))
    return dst


def build_rendered_breaks_docx(path: Path) -> Path:
    """Write paragraphs with an explicit page break followed by Word's rendered-break mark,
    and a rendered break in the middle of a paragraph."""
    d = docx.Document()
    d.add_paragraph("Trang một, đoạn A")
    d.add_paragraph("Trang một, đoạn B").add_run().add_break(WD_BREAK.PAGE)
    after = d.add_paragraph()
    after.add_run()._r.append(parse_xml(f"<w:lastRenderedPageBreak {NS}/>"))
    after.add_run("Trang hai, đoạn C")
    d.add_paragraph("Trang hai, đoạn D")
    middle = d.add_paragraph()
    middle.add_run("Trang hai, đoạn E bắt đầu")
    middle.add_run()._r.append(parse_xml(f"<w:lastRenderedPageBreak {NS}/>"))
    middle.add_run(" và kết thúc ở trang ba")
    d.add_paragraph("Trang ba, đoạn F")
    d.save(path)
    return path


def build_numbered_docx(path: Path) -> Path:
    """Write paragraphs numbered automatically by Word's list styles."""
    d = docx.Document()
    d.add_paragraph("Kết quả thứ nhất", style="List Number")
    d.add_paragraph("Kết quả thứ hai", style="List Number")
    d.add_paragraph("Đề nghị tập huấn", style="List Bullet")
    d.save(path)
    return path


def build_entity_docx(src: Path, dst: Path, *, bomb: bool) -> Path:
    """Copy a DOCX whose document.xml declares an external entity (and a billion-laughs bomb)."""
    laughs = (
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
        '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">'
    )
    doctype = (
        '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
        + (laughs if bomb else "")
        + "]>"
    )
    refs = "&xxe;&h;" if bomb else "&xxe;"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                head, rest = text.split("?>", 1)
                text = head + "?>" + doctype + rest
                text = text.replace(">Thực hiện", ">" + refs + "Thực hiện", 1)
                data = text.encode("utf-8")
            zout.writestr(info, data)
    return dst


def build_defaults_font_docx(path: Path) -> Path:
    """Write a TCVN3 paragraph whose only font is the document default (w:docDefaults)."""
    d = docx.Document()
    fonts = d.styles.element.find(f"{{{W_NS}}}docDefaults/{{{W_NS}}}rPrDefault/{{{W_NS}}}rPr")
    for old in fonts.findall(f"{{{W_NS}}}rFonts"):
        fonts.remove(old)
    fonts.insert(0, parse_xml(f'<w:rFonts {NS} w:ascii=".VnTime" w:hAnsi=".VnTime"/>'))
    d.add_paragraph("Häp b¸o")
    d.save(path)
    return path


def build_header_table_docx(path: Path) -> Path:
    """Write a DOCX whose page header holds a table, and whose body has one table."""
    d = docx.Document()
    cells = d.sections[0].header.add_table(rows=1, cols=2, width=Cm(16)).rows[0].cells
    cells[0].text, cells[1].text = "Sở Y tế", "Báo cáo năm 2020"
    d.add_paragraph("Đoạn mở đầu")
    body = d.add_table(rows=1, cols=2)
    body.cell(0, 0).text, body.cell(0, 1).text = "Tổng cộng", "354"
    d.save(path)
    return path


def build_watermarked_scan(scan: Path, dst: Path, text: str = "Scanned by PhoneScanner") -> Path:
    """Copy an image-only PDF with a line of real text drawn over the scan (app watermark)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
    )

    writer = PdfWriter(clone_from=PdfReader(scan))
    page = writer.pages[0]
    overlay_writer = PdfWriter()
    overlay = overlay_writer.add_blank_page(float(page.mediabox.width), float(page.mediabox.height))
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    overlay[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 9 Tf 20 20 Td ({text}) Tj ET".encode("ascii"))
    overlay[NameObject("/Contents")] = overlay_writer._add_object(stream)
    overlay[NameObject("/MediaBox")] = ArrayObject([FloatObject(v) for v in page.mediabox])
    page.merge_page(overlay)
    with dst.open("wb") as fh:
        writer.write(fh)
    return dst


def build_turned_pdf(src: Path, dst: Path, *, degrees: int) -> Path:
    """Copy page 1 of a PDF with its content turned by 90, 180 or 270 degrees (clockwise) in
    its page box, shown upright again with /Rotate (how some drivers store landscape pages)."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import ArrayObject, FloatObject, NameObject, NumberObject

    reader = PdfReader(src)
    writer = PdfWriter()
    writer.add_page(reader.pages[0])
    page = writer.pages[0]
    w, h = float(page.mediabox.width), float(page.mediabox.height)
    turn, box = {
        90: (Transformation().rotate(-90).translate(tx=0, ty=w), (0, 0, h, w)),
        180: (Transformation().rotate(180).translate(tx=w, ty=h), (0, 0, w, h)),
        270: (Transformation().rotate(90).translate(tx=h, ty=0), (0, 0, h, w)),
    }[degrees]
    page.add_transformation(turn)
    page[NameObject("/MediaBox")] = ArrayObject([FloatObject(v) for v in box])
    page[NameObject("/Rotate")] = NumberObject((360 - degrees) % 360)
    with dst.open("wb") as fh:
        writer.write(fh)
    return dst


def build_mixed_pdf(text_pdf: Path, scan_pdf: Path, dst: Path) -> Path:
    """Write a PDF of page 1 of a born-digital PDF followed by an image-only scan page."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(text_pdf).pages[0])
    writer.add_page(PdfReader(scan_pdf).pages[0])
    with dst.open("wb") as fh:
        writer.write(fh)
    return dst
