"""A page of an original file as a picture, for the reviewer to check a value against.

PDF pages are rendered by PDFium; scanned images and the photos of a ZIP are the frames the OCR
reader read (turned upright by their EXIF orientation, shrunk the same way), so that the boxes
the readers measured land on the same words. A Word, ODT, RTF or .doc file has no pages of its
own: ``to_pdf`` lays it out with LibreOffice first.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from ingest.errors import CorruptFile
from ingest.readers.base import Limits, page_members
from ingest.readers.legacy import convert
from ingest.readers.ocr import page_frames

# Formats drawn from their own bytes; the word-processor ones go through ``to_pdf`` first.
PDF_FORMATS = frozenset({"pdf", "pdf-ocr"})
IMAGE_FORMATS = frozenset({"image", "image-ocr"})
PHOTO_FORMATS = frozenset({"photos", "photos-ocr"})
RENDERED_FORMATS = frozenset({"docx", "doc", "odt", "rtf"})


def page_picture(data: bytes, fmt: str, page: int, scale: float) -> Image.Image:
    """Return page `page` (1-based) of a file's bytes as an RGB image, `scale` pixels a point."""
    if fmt in PDF_FORMATS:
        return _pdf_page(data, page, scale)
    if fmt in IMAGE_FORMATS | PHOTO_FORMATS:
        for k, (frame, dpi) in enumerate(_image_frames(data, fmt)):
            if k == page - 1:
                size = (
                    max(1, round(frame.width * 72 / dpi * scale)),
                    max(1, round(frame.height * 72 / dpi * scale)),
                )
                return frame.resize(size, Image.Resampling.LANCZOS).convert("RGB")
        raise CorruptFile(f"no page {page} in the images")
    raise CorruptFile(f"format {fmt} has no pages of its own")


def _pdf_page(data: bytes, page: int, scale: float) -> Image.Image:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        raise CorruptFile(f"PDF cannot be opened ({e})") from e
    try:
        if not 1 <= page <= len(pdf):
            raise CorruptFile(f"PDF has no page {page}")
        pg = pdf[page - 1]
        try:
            bitmap = pg.render(scale=scale)
            try:
                return bitmap.to_pil().convert("RGB")
            finally:
                bitmap.close()
        finally:
            pg.close()
    finally:
        pdf.close()


def _image_frames(data: bytes, fmt: str):
    limits = Limits.from_env()
    shown = Path("original")
    if fmt in IMAGE_FORMATS:
        yield from page_frames(shown, limits, data)
        return
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for _, info in page_members(zf):
            yield from page_frames(shown, limits, zf.read(info))


def to_pdf(data: bytes, fmt: str, timeout: float | None = None) -> bytes:
    """Lay a Word, ODT, RTF or .doc file out as PDF with LibreOffice; return the PDF's bytes.

    Raises ToolMissing without LibreOffice, CorruptFile when it cannot convert the file.
    """
    limits = Limits.from_env()
    workdir = Path(tempfile.mkdtemp(prefix="reports-page-"))
    try:
        src = workdir / f"original.{fmt}"
        src.write_bytes(data)
        out = convert(
            src,
            workdir,
            timeout or limits.convert_timeout_s,
            shown=src.name,
            kind=fmt,
            target="pdf",
            limits=limits,
        )
        return out.read_bytes()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
