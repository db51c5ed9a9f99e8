"""Turn generated DOCX files into what also arrives: Word-exported PDFs, .doc, and scans."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter

LO_PROFILE = "file:///tmp/lo-gen"


def check_vietnamese_font() -> None:
    """Fail unless the font LibreOffice uses for "Times New Roman" has Vietnamese letters.

    Without them LibreOffice draws "ỉ", "ơ", "ư"… from a fallback font and the PDF text layer comes
    out in the wrong order (Debian's fonts-liberation 1.x lacks them; fonts-liberation2 has them).
    """
    from PIL import ImageFont

    path = subprocess.run(
        ["fc-match", "-f", "%{file}", "Times New Roman"], capture_output=True, text=True
    ).stdout.strip()
    font = ImageFont.truetype(path, 40)
    missing = font.getmask("\uffff").getbbox()
    if font.getmask("Ỉ").getbbox() == missing or font.getmask("ư").getbbox() == missing:
        raise RuntimeError(
            f"{path} has no Vietnamese letters: install fonts-liberation2 before generating PDFs"
        )


def soffice_convert(files: list[Path], target: str, outdir: Path) -> None:
    """Convert ``files`` with one headless LibreOffice call (``target``: 'pdf' or 'doc')."""
    if not files:
        return
    check_vietnamese_font()
    outdir.mkdir(parents=True, exist_ok=True)
    filt = {"pdf": "pdf:writer_pdf_Export", "doc": "doc:MS Word 97"}[target]
    cmd = [
        shutil.which("soffice") or "soffice",
        f"-env:UserInstallation={LO_PROFILE}",
        "--headless",
        "--norestore",
        "--convert-to",
        filt,
        "--outdir",
        str(outdir),
        *map(str, files),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=900)
    for f in files:
        out = outdir / (f.stem + "." + target)
        if not out.exists():
            raise RuntimeError(f"LibreOffice did not produce {out}")


def pin_pdf_metadata(data: bytes, when: dt.datetime, key: str) -> bytes:
    """Return LibreOffice PDF bytes with a fixed creation date and document ID.

    Both are rewritten in place with strings of the same length, so the xref offsets stay valid
    and the file is reproducible (LibreOffice stamps the current time and a random ID).
    """
    import hashlib

    def _date(m: re.Match) -> bytes:
        return m.group(1) + when.strftime("%Y%m%d%H%M%S").encode() + m.group(3)

    data = re.sub(rb"(/CreationDate\(D:)(\d{14})([^)]*\))", _date, data)
    digest = hashlib.md5(key.encode()).hexdigest().upper().encode()

    def _id(m: re.Match) -> bytes:
        return re.sub(rb"<[0-9A-Fa-f]{32}>", b"<" + digest + b">", m.group(0))

    data = re.sub(rb"/ID\s*\[[^\]]*\]", _id, data)
    return re.sub(rb"(/DocChecksum /)[0-9A-Fa-f]{32}", lambda m: m.group(1) + digest, data)


def scan_pdf(pdf: Path, out: Path, rng: random.Random, when: dt.datetime, dpi: int = 150) -> None:
    """Write an image-only PDF that looks like a scan of ``pdf``: grayscale, tilted, noisy."""
    doc = pdfium.PdfDocument(str(pdf))
    pages: list[Image.Image] = []
    for i in range(len(doc)):
        bitmap = doc[i].render(scale=dpi / 72, grayscale=True)
        img = bitmap.to_pil().convert("L")
        if i == len(doc) - 1:
            img = _stamp(img, rng)
        angle = rng.choice([-1, 1]) * rng.uniform(0.5, 1.5)
        img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
        arr = np.asarray(img, dtype=np.float32)
        nrng = np.random.default_rng(rng.randint(0, 2**31))
        arr = arr * rng.uniform(0.86, 0.93) + rng.uniform(10, 22)  # grey paper, not pure white
        arr += nrng.normal(0, 7, arr.shape)
        # A faint shadow along one edge, as from a scanner lid.
        shadow = np.linspace(35, 0, 40, dtype=np.float32)
        arr[:, :40] -= shadow[None, :]
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
        img = img.filter(ImageFilter.GaussianBlur(0.6))
        pages.append(img)
    doc.close()
    buf = io.BytesIO()
    pages[0].save(
        buf,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=dpi,
        quality=55,
        title="",
        producer="Canon iR-ADV C3520 PDF",
        creator="Canon iR-ADV C3520",
        creationDate=when.timetuple(),
        modDate=when.timetuple(),
    )
    data = buf.getvalue()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)


def _stamp(img: Image.Image, rng: random.Random) -> Image.Image:
    """Draw a round seal and a signature stroke near the signature block, as grey ink."""
    img = img.copy()
    draw = ImageDraw.Draw(img)
    w, h = img.size
    arr = np.asarray(img)
    # Find the last text line to place the seal over the signer's title.
    rows = np.where(arr.min(axis=1) < 128)[0]
    bottom = int(rows.max()) if len(rows) else int(h * 0.7)
    cx, cy = int(w * rng.uniform(0.58, 0.66)), max(int(bottom - h * 0.06), int(h * 0.2))
    r = int(w * 0.075)
    for k in range(3):
        draw.ellipse((cx - r + k, cy - r + k, cx + r - k, cy + r - k), outline=150)
    draw.ellipse((cx - r + 14, cy - r + 14, cx + r - 14, cy + r - 14), outline=165, width=2)
    # Signature: a few connected strokes to the right of the seal.
    x, y = cx + int(r * 0.2), cy + int(r * 0.1)
    pts = [(x, y)]
    for _ in range(9):
        x += rng.randint(10, 26)
        y += rng.randint(-22, 22)
        pts.append((x, y))
    draw.line(pts, fill=70, width=3)
    return img


def has_text_layer(pdf: Path) -> bool:
    """Return True when any page of ``pdf`` yields text."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return any(doc[i].get_textpage().get_text_range().strip() for i in range(len(doc)))
    finally:
        doc.close()


def tmpdir() -> Path:
    """Return a fresh temporary directory."""
    return Path(tempfile.mkdtemp(prefix="samples-"))


def _font_file(family: str) -> Path:
    """Return the font file fontconfig picks for ``family``."""
    path = subprocess.run(
        ["fc-match", "-f", "%{file}", family], capture_output=True, text=True, check=True
    ).stdout.strip()
    return Path(path)


def esign_pdf(data: bytes, lines: list[str]) -> bytes:
    """Return ``data`` with an e-signature stamp ("Ký bởi …", "Thời gian ký …") in a box drawn on
    the first page's top right, flattened into the page as signing tools do."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(data)
    font_bytes = _font_file("DejaVu Sans").read_bytes()
    buf = (ctypes.c_uint8 * len(font_bytes)).from_buffer_copy(font_bytes)
    font = pdfium_c.FPDFText_LoadFont(pdf.raw, buf, len(font_bytes), pdfium_c.FPDF_FONT_TRUETYPE, 1)
    page = pdf[0]
    width, height = page.get_size()
    x, y = width - 215, height - 22
    box = pdfium_c.FPDFPageObj_CreateNewRect(x - 4, y - 9 * len(lines) + 4, 190, 9 * len(lines) + 8)
    pdfium_c.FPDFPageObj_SetStrokeColor(box, 200, 0, 0, 255)
    pdfium_c.FPDFPageObj_SetStrokeWidth(box, ctypes.c_float(0.8))
    pdfium_c.FPDFPath_SetDrawMode(box, 0, 1)
    pdfium_c.FPDFPage_InsertObject(page.raw, box)
    for k, text in enumerate(lines):
        obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, font, ctypes.c_float(7))
        wide = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
        pdfium_c.FPDFText_SetText(obj, ctypes.cast(wide, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
        pdfium_c.FPDFPageObj_SetFillColor(obj, 200, 0, 0, 255)
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y - 9 * k)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


def phone_photos(pdf: Path, rng: random.Random, dpi: int = 120) -> list[bytes]:
    """Return one JPEG per page of ``pdf`` as a phone photographs paper on a desk: the page
    smaller than the frame, slightly in perspective and rotated, warm light, a shadow, blur."""
    doc = pdfium.PdfDocument(str(pdf))
    photos = []
    for i in range(len(doc)):
        page = doc[i].render(scale=dpi / 72).to_pil().convert("RGB")
        w, h = page.size
        frame = (int(w * 1.12), int(h * 1.1))
        desk = Image.new("RGB", frame, (96, 78, 60))
        left, top = int(w * 0.06), int(h * 0.05)
        desk.paste(page, (left, top))
        # Perspective: the top edge a little narrower than the bottom (the phone tilted back).
        dx = int(w * rng.uniform(0.015, 0.03))
        coeffs = _perspective(
            [(0, 0), (frame[0], 0), (frame[0], frame[1]), (0, frame[1])],
            [(-dx, 0), (frame[0] + dx, 0), (frame[0], frame[1]), (0, frame[1])],
        )
        desk_colour = (96, 78, 60)
        img = desk.transform(frame, Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=desk_colour)
        img = img.rotate(rng.uniform(-1.2, 1.2), Image.BICUBIC, fillcolor=desk_colour)
        arr = np.asarray(img, dtype=np.float32)
        # Warm light from one side, a soft shadow from the other.
        gradient = np.linspace(1.0, rng.uniform(0.78, 0.86), frame[0], dtype=np.float32)
        arr *= gradient[None, :, None]
        arr *= np.array([1.0, 0.97, 0.9], dtype=np.float32)[None, None, :]
        nrng = np.random.default_rng(rng.randint(0, 2**31))
        arr += nrng.normal(0, 5, arr.shape)
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
        img = img.filter(ImageFilter.GaussianBlur(0.7))
        out = io.BytesIO()
        img.save(out, "JPEG", quality=72)
        photos.append(out.getvalue())
    doc.close()
    return photos


def _perspective(dst: list[tuple[int, int]], src: list[tuple[int, int]]) -> list[float]:
    """Return PIL's perspective coefficients mapping ``dst`` corners to ``src`` corners."""
    rows = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(rows, dtype=np.float64)
    b = np.array([c for pt in src for c in pt], dtype=np.float64)
    return np.linalg.solve(a, b).tolist()
