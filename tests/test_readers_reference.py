"""The PDF reader against pdfplumber, the product card's PDF library, on every born-digital PDF.

The reader asks PDFium (pdfplumber's own engine) for glyph boxes and rebuilds lines, columns and
tables itself, about 10x faster. Whatever order it chooses, it must read the same words and
punctuation as pdfplumber's extract_text, and never leave punctuation in a paragraph of its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from ingest.readers import read
from ingest.text import fold, normalize_document

ROOT = Path(__file__).resolve().parents[1]
PDFS = sorted(
    p
    for folder in (
        ROOT / "samples" / "reports",
        ROOT / "tests" / "independent",
        ROOT / "tests" / "blind",
    )
    for p in folder.rglob("*.pdf")
    if "scan" not in p.name.lower()
)


def _tokens(text: str) -> Counter:
    return Counter(fold(unicodedata.normalize("NFC", text)).split())


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_reader_reads_what_pdfplumber_reads(path: Path) -> None:
    doc = normalize_document(read(path))
    with pdfplumber.open(path) as pdf:
        reference = _tokens(" ".join(page.extract_text() or "" for page in pdf.pages))
    assert sum(reference.values()) > 50, "a born-digital PDF with a text layer"
    ours = _tokens(" ".join(b.text for b in doc.blocks))
    missing, extra = reference - ours, ours - reference
    assert ours == reference, (
        f"missing {list(missing.items())[:8]}, extra {list(extra.items())[:8]}"
    )
    stray = [b.text for b in doc.blocks if re.fullmatch(r"\W+", b.text.strip() or "x")]
    assert not stray, f"punctuation left as paragraphs: {stray[:5]}"


def test_there_are_pdfs_to_compare() -> None:
    assert len(PDFS) >= 15
