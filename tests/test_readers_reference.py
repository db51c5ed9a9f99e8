"""The readers against the product card's libraries (pdfplumber, python-docx) on every sample.

The PDF reader asks PDFium (pdfplumber's own engine) for glyph boxes and rebuilds lines, columns
and tables itself, about 10x faster. Whatever order it chooses, it must read the same words and
punctuation as pdfplumber's extract_text, and never leave punctuation in a paragraph of its own.
The DOCX reader reads the XML itself (python-docx drops text boxes and content controls): every
word python-docx reads, it must read too.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from ingest.readers import read
from ingest.text import fold, normalize_document, normalize_text

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = (ROOT / "samples" / "reports", ROOT / "tests" / "independent", ROOT / "tests" / "blind")


def _corpus(suffix: str) -> list[Path]:
    """Every sample, independent and blind file with this suffix (scans left out)."""
    return sorted(
        p for folder in FOLDERS for p in folder.rglob(f"*{suffix}") if "scan" not in p.name.lower()
    )


PDFS = _corpus(".pdf")
DOCXS = _corpus(".docx")


def _tokens(text: str) -> Counter:
    return Counter(fold(unicodedata.normalize("NFC", text)).split())


def _read(path: Path) -> tuple[Counter, list[str]]:
    """Return the reader's tokens of a file and its block texts (after the text layer)."""
    texts = [b.text for b in normalize_document(read(path)).blocks]
    return _tokens(" ".join(texts)), texts


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_reader_reads_what_pdfplumber_reads(path: Path) -> None:
    ours, texts = _read(path)
    with pdfplumber.open(path) as pdf:
        reference = _tokens(" ".join(page.extract_text() or "" for page in pdf.pages))
    assert sum(reference.values()) > 50, "a born-digital PDF with a text layer"
    missing, extra = reference - ours, ours - reference
    assert ours == reference, (
        f"missing {list(missing.items())[:8]}, extra {list(extra.items())[:8]}"
    )
    stray = [t for t in texts if re.fullmatch(r"\W+", t.strip() or "x")]
    assert not stray, f"punctuation left as paragraphs: {stray[:5]}"


def test_there_are_pdfs_to_compare() -> None:
    assert len(PDFS) >= 15


def _python_docx_text(path: Path) -> str:
    """Body paragraphs, table cells (merged cells once, nested tables), headers and footers."""
    import docx

    document = docx.Document(str(path))
    parts: list[str] = [p.text for p in document.paragraphs]

    def tables(items) -> None:
        for table in items:
            for row in table.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        parts.extend(p.text for p in cell.paragraphs)
                        tables(cell.tables)

    tables(document.tables)
    for section in document.sections:
        for part in (section.header, section.footer):
            parts.extend(p.text for p in part.paragraphs)
            tables(part.tables)
    return " ".join(parts)


@pytest.mark.parametrize("path", DOCXS, ids=lambda p: p.name)
def test_reader_reads_every_word_python_docx_reads(path: Path) -> None:
    # python-docx misses text boxes and content controls, which the reader reads too: what it
    # finds is a subset. Legacy-font (TCVN3) text goes through the same text layer first.
    ours, _ = _read(path)
    reference = _tokens(normalize_text(_python_docx_text(path)))
    missing = reference - ours
    assert not missing, f"python-docx reads {list(missing.items())[:8]} that the reader does not"


def test_there_are_docx_files_to_compare() -> None:
    assert len(DOCXS) >= 60
