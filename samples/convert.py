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
