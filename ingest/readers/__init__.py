"""Format readers: detect a file's real format by its bytes and read it into a Document.

These modules are the only ones that touch python-docx/lxml, pdfplumber/pypdfium2, Tesseract and
LibreOffice. Every reader returns blocks in reading order with their location; `read()` passes the
result through `ingest.text.normalize_document` (NFC, legacy Vietnamese fonts decoded).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from ingest.document import Document
from ingest.errors import CorruptFile, EmptyFile, TooLarge, UnsupportedFormat
from ingest.readers.base import Limits, run_tool, tool_status

__all__ = ["SUFFIXES", "Limits", "detect_format", "read", "run_tool", "tool_status"]

# File names a folder walk or the uploader takes as reports (a file given by name is read by its
# content whatever it is called). ODT and RTF go through LibreOffice like .doc.
SUFFIXES = (".docx", ".doc", ".odt", ".rtf", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
# Formats LibreOffice converts to DOCX before reading (ingest/readers/legacy.py).
CONVERTED = ("doc", "odt", "rtf")
_ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"

# Magic numbers. ZIP local header / empty archive / spanned archive markers.
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_TIFF_MAGICS = (b"II*\x00", b"MM\x00*")
_HTML_RE = re.compile(
    rb"^\s*(<!doctype html|<html|<head|<body|<\?xml|<meta|<table|<div|<p\b)", re.I
)


def _head(path: Path, n: int = 2048) -> bytes:
    with path.open("rb") as fh:
        return fh.read(n)


def _describe_unknown(head: bytes) -> str:
    """Name what a rejected file looks like, for the log."""
    stripped = head.lstrip(b"\xef\xbb\xbf")
    if _HTML_RE.match(stripped):
        return "an HTML/XML document (often a web page saved with a .doc/.docx name)"
    if head.startswith(b"GIF8"):
        return "a GIF image"
    if head.startswith(b"Rar!"):
        return "a RAR archive"
    if head.startswith(b"7z\xbc\xaf"):
        return "a 7-Zip archive"
    if head.startswith(b"\x1f\x8b"):
        return "a gzip archive"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return f"unknown binary data (first bytes {head[:8].hex(' ')})"
    if all(c.isprintable() or c in "\r\n\t" for c in text[:512]):
        return "plain text"
    return f"unknown data (first bytes {head[:8].hex(' ')})"


def _zip_kind(path: Path) -> str:
    """Return "docx" for a WordprocessingML package, "odt" for an OpenDocument text, else raise
    with what the ZIP holds."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            mimetype = ""
            if "mimetype" in names and zf.getinfo("mimetype").file_size < 200:
                mimetype = zf.read("mimetype").decode("ascii", "replace").strip()
    except zipfile.BadZipFile as e:
        raise CorruptFile(
            f"ZIP container is damaged or truncated ({e}); a DOCX is a ZIP package",
            path=str(path),
        ) from e
    if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
        return "docx"
    if mimetype == _ODT_MIMETYPE and "content.xml" in names:
        return "odt"
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        what = "an Excel workbook (XLSX)"
    elif "[Content_Types].xml" in names and any(n.startswith("ppt/") for n in names):
        what = "a PowerPoint presentation (PPTX)"
    elif mimetype.startswith("application/vnd.oasis.opendocument"):
        what = f"an OpenDocument file ({mimetype})"
    else:
        what = f"a ZIP archive of {len(names)} entries that is not a Word document"
    raise UnsupportedFormat(f"file is {what}, not DOCX/DOC/ODT/RTF/PDF", path=str(path))


def detect_format(path: str | Path) -> str:
    """Return "docx", "pdf", "doc", "odt", "rtf" or "image" from the file's bytes, never from its
    extension."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError as e:
        raise EmptyFile(
            f"file does not exist: {p}",
            path=str(p),
            user_message="Không tìm thấy tệp (có thể đã bị xoá hoặc di chuyển). "
            "Vui lòng tải lên lại.",
        ) from e
    if size == 0:
        raise EmptyFile("file is 0 bytes", path=str(p))
    head = _head(p)
    if not head.strip(b" \t\r\n\x00"):
        raise EmptyFile(f"file holds only whitespace or NUL bytes ({size} bytes)", path=str(p))
    # %PDF- may follow a little junk (some scanners prepend a few bytes); PDF readers allow 1 KiB.
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_ZIP_MAGICS):
        return _zip_kind(p)
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(_CFB_MAGIC):
        from ingest.readers import legacy

        return legacy.cfb_kind(p)
    if (
        head.startswith(_PNG_MAGIC)
        or head.startswith(b"\xff\xd8\xff")
        or head.startswith(_TIFF_MAGICS)
    ):
        return "image"
    raise UnsupportedFormat(
        f"file content is {_describe_unknown(head)}, not DOCX/DOC/ODT/RTF/PDF or a scanned image",
        path=str(p),
    )


_PDF_STREAM_RE = re.compile(rb"(?<!end)stream\r?\n")
_INFLATE_STEP = 1 << 20
_PDF_WIDTH_RE = re.compile(rb"/Width\s+(\d{1,9})\b(?!\s+\d+\s+R)")
_PDF_HEIGHT_RE = re.compile(rb"/Height\s+(\d{1,9})\b(?!\s+\d+\s+R)")


def _inflated_size(data: bytes, start: int, limit: int) -> int:
    """Return how many bytes the zlib stream at ``start`` inflates to, stopping past ``limit``.

    Memory stays bounded: output is produced and dropped a MiB at a time.
    """
    d = zlib.decompressobj()
    size, pos = 0, start
    try:
        while not d.eof and pos < len(data) and size <= limit:
            size += len(d.decompress(data[pos : pos + 65536], _INFLATE_STEP))
            pos += 65536
            while d.unconsumed_tail and size <= limit:
                size += len(d.decompress(d.unconsumed_tail, _INFLATE_STEP))
    except zlib.error:
        pass  # encrypted or damaged: PDFium decides what to do with it
    return size


def check_pdf_streams(path: Path, limits: Limits) -> None:
    """Refuse a PDF whose compressed content inflates past the limits, before PDFium parses it.

    A "PDF bomb" of a few hundred KB can hold a page whose content stream inflates to hundreds of
    MB; PDFium would parse all of it when the page is loaded. Image streams are not inflated, but
    their declared size is capped: PDFium decodes a whole image to render a page for OCR.
    """
    data = path.read_bytes()
    total = 0
    for m in _PDF_STREAM_RE.finditer(data):
        head = data[max(0, m.start() - 2048) : m.start()]
        head = head[head.rfind(b" obj") + 1 :] if b" obj" in head else head
        if b"/Image" in head:
            w, h = _PDF_WIDTH_RE.search(head), _PDF_HEIGHT_RE.search(head)
            pixels = int(w.group(1)) * int(h.group(1)) if w and h else 0
            if pixels > limits.max_image_pixels:
                raise TooLarge(
                    f"a PDF image at byte {m.end():,} declares {pixels:,} pixels, over the limit "
                    f"of {limits.max_image_pixels:,}; refusing a likely image bomb",
                    path=str(path),
                )
            continue
        if b"/FlateDecode" not in head:
            continue
        size = _inflated_size(data, m.end(), limits.max_pdf_stream_bytes)
        total += size
        if size > limits.max_pdf_stream_bytes:
            raise TooLarge(
                f"a compressed PDF stream at byte {m.end():,} inflates to over "
                f"{limits.max_pdf_stream_bytes:,} bytes; refusing a likely PDF bomb",
                path=str(path),
            )
        if total > limits.max_unzipped_bytes:
            raise TooLarge(
                f"compressed PDF streams inflate to over {limits.max_unzipped_bytes:,} bytes in "
                "all; refusing a likely PDF bomb",
                path=str(path),
            )


def read(path: str | Path, limits: Limits | None = None) -> Document:
    """Read a report file of any supported format into normalised blocks (limits: env defaults)."""
    from ingest.text import normalize_document

    limits = Limits.from_env() if limits is None else limits
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError:
        size = 0  # detect_format says what is wrong
    # Before sniffing: even the OLE2 directory of a huge file is not worth reading.
    if size > limits.max_file_bytes:
        raise TooLarge(
            f"file is {size:,} bytes, over the limit of {limits.max_file_bytes:,} bytes",
            path=str(p),
        )
    kind = detect_format(p)
    if kind == "docx":
        from ingest.readers import docx

        doc = docx.read_docx(p, limits)
    elif kind == "pdf":
        from ingest.readers import pdf

        check_pdf_streams(p, limits)
        doc = pdf.read_pdf(p, limits)
    elif kind in CONVERTED:
        from ingest.readers import legacy

        doc = legacy.read_converted(p, limits, kind)
    else:
        from ingest.readers import ocr

        doc = ocr.read_image(p, limits)
    return normalize_document(doc)
