"""The text the rules see: a file read, normalised and decoded, block by block with its location.

`python -m ingest text FILE...` prints it, the app offers it beside each report ("Xem văn bản đọc
được") for a reviewer checking a doubtful file, and `bench/fidelity.py` scores it against
independent readings of real files. What is shown is exactly the Document that `readers.read`
returns (NFC, legacy Vietnamese fonts decoded) and that classification and the field rules read.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from ingest.document import Document
from ingest.errors import ReportsError
from ingest.pipeline import GENERIC_ERROR, NOT_FOUND_ERROR, printable
from ingest.readers import Limits, read
from ingest.readers.formats import BY_NAME

log = logging.getLogger("ingest")

# Formats a reader returns that are not rows of FORMATS (a PDF read by OCR, plain text).
_EXTRA_FORMAT_LABELS = {"pdf-ocr": "PDF quét (đọc bằng OCR)", "txt": "văn bản thuần"}


@dataclass
class Readout:
    """One file's text as the rules see it, or why it could not be read.

    error: the Vietnamese message users see (as `python -m ingest extract` prints it);
    error_detail: the English detail for the log.
    """

    file: str
    document: Document | None = None
    error: str | None = None
    error_detail: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.document is not None


def read_text(
    path: str | Path, *, shown: str | None = None, limits: Limits | None = None
) -> Readout:
    """Read one file into the text the rules see; never raises for bad input."""
    name = shown if shown is not None else str(path)
    try:
        doc = read(path, limits) if limits is not None else read(path)
    except ReportsError as e:
        log.warning("%s: error (%s: %s)", printable(name), type(e).__name__, printable(e.detail))
        return Readout(name, error=e.user_message, error_detail=e.detail)
    except OSError as e:
        log.warning("%s: error (%s: %s)", printable(name), type(e).__name__, printable(e))
        return Readout(name, error=NOT_FOUND_ERROR, error_detail=f"{type(e).__name__}: {e}")
    except Exception as e:  # a bug must not stop a batch: record it and log the traceback
        log.error("%s: error (unexpected)\n%s", printable(name), traceback.format_exc())
        return Readout(
            name, error=GENERIC_ERROR, error_detail=f"unexpected {type(e).__name__}: {e}"
        )
    return Readout(name, document=doc, warnings=list(doc.warnings))


def format_label(name: str) -> str:
    """Return the Vietnamese name of a Document.format ("DOCX", "PDF quét (đọc bằng OCR)")."""
    fmt = BY_NAME.get(name)
    return fmt.label if fmt is not None else _EXTRA_FORMAT_LABELS.get(name, name)


def block_json(doc: Document) -> list[dict]:
    """Return the document's blocks as JSON objects: text, location, where (Vietnamese), fonts."""
    return [
        {
            "text": b.text,
            "location": b.location.to_dict(),
            "where": b.location.describe(),
            "fonts": list(b.fonts),
            "bold": b.bold,
        }
        for b in doc.blocks
    ]


def readout_json(r: Readout) -> dict:
    """Return a readout as one JSON object (the `--json` form of `python -m ingest text`)."""
    doc = r.document
    return {
        "file": r.file,
        "status": "ok" if doc is not None else "error",
        "error": r.error,
        "format": doc.format if doc is not None else None,
        "pages": doc.pages if doc is not None else None,
        "warnings": r.warnings,
        "blocks": block_json(doc) if doc is not None else [],
    }


def render_text(r: Readout) -> str:
    """Return a readout as plain text for people: a header, then each block under its location.

    The block text itself is as read (not escaped); only the file name, which comes from outside,
    is made printable on one line.
    """
    lines = [f"=== Tệp: {printable(r.file)}"]
    doc = r.document
    if doc is None:
        lines.append(f"Lỗi: {r.error}")
        return "\n".join(lines) + "\n"
    size = f"{doc.pages} trang · {len(doc.blocks)} khối văn bản"
    lines.append(f"Định dạng: {format_label(doc.format)} · {size}")
    if r.warnings:
        lines.append("Cảnh báo của bộ đọc:")
        lines += [f"  - {printable(w)}" for w in r.warnings]
    else:
        lines.append("Cảnh báo của bộ đọc: không có")
    for b in doc.blocks:
        where = b.location.describe()
        if b.fonts:
            where += f"; phông: {', '.join(b.fonts)}"
        lines.append("")
        lines.append(f"--- [{where}]")
        lines.append(b.text)
    return "\n".join(lines) + "\n"
