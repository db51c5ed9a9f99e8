"""Format readers: detect a file's real format by its bytes and read it into a Document.

These modules are the only ones that touch lxml, pypdfium2, Tesseract and LibreOffice. The
accepted formats and their readers are rows of `formats.FORMATS`; `base` holds what the readers
share (limits, external tools), `layout` the lines -> blocks engine of the PDF and OCR readers.
Every reader returns blocks in reading order with their location; `read()` passes the result
through `ingest.text.normalize_document` (NFC, legacy Vietnamese fonts decoded).
"""

from __future__ import annotations

from pathlib import Path

from ingest.document import Document
from ingest.errors import TooLarge
from ingest.readers.base import Limits, run_tool, tool_status
from ingest.readers.formats import FORMATS, SUFFIXES, detect_format, read_format
from ingest.text import normalize_document

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "Limits",
    "detect_format",
    "read",
    "run_tool",
    "tool_status",
]


def read(path: str | Path, limits: Limits | None = None) -> Document:
    """Read a report file of any supported format into normalised blocks (limits: env defaults)."""
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
    return normalize_document(read_format(p, limits, detect_format(p)))
