"""Evidence on the page: the original page of a value with its quote highlighted.

Each value keeps the box of its quote (``field_values.box``, set at load by the PDF and OCR
readers). A Word, ODT, RTF or .doc file has no pages until it is laid out: the first time a
reviewer asks for one of its pages, LibreOffice renders it to PDF, kept in ``rendered/`` beside
the database (``<sha256>.pdf``, the same bytes always lay out the same), and the quote is looked
for in that PDF's text layer. Rendered pages are kept in memory (once per file and page), so
choosing another field of the same report costs only the drawing of its box.
"""

from __future__ import annotations

import functools
import io
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from ingest.document import Box, Document
from ingest.errors import ReportsError, ToolMissing
from ingest.evidence import find_box
from ingest.readers import read
from ingest.readers.pages import RENDERED_FORMATS, page_picture, to_pdf
from warehouse.db import DbPath, connect, db_path
from warehouse.queries import file_bytes

# Pixels per point of the page picture: 1.5 (108 dpi) reads an A4 page at about 890 px wide.
SCALE = 1.5
# The highlight: a translucent yellow fill under a red outline.
FILL = (255, 214, 0, 90)
OUTLINE = (214, 40, 40, 255)
# Margin around the quoted words, points.
PAD = 2.0

# Why a value has no box (shown to the reviewer).
NO_BOX_DERIVED = "Không tìm thấy vị trí trên trang: giá trị được suy ra, không trích từ văn bản."
NO_BOX_QUOTE = "Không tìm thấy vị trí trên trang: giá trị không có trích dẫn."
NO_BOX_FOUND = "Không tìm thấy vị trí của trích dẫn trên trang."
NO_ORIGINAL = "Không có bản gốc của tệp trong kho nên không hiển thị được trang."
NO_LIBREOFFICE = (
    "LibreOffice chưa được cài đặt nên không dựng được trang của tệp Word/ODT/RTF; "
    "đề nghị quản trị viên cài đặt (sudo apt-get install libreoffice-writer-nogui)."
)
NO_RENDER = "Không dựng được trang của tệp này để hiển thị."


@dataclass(frozen=True)
class Place:
    """Where a value sits: its file and box, or why it cannot be shown (``reason``)."""

    file_id: str | None
    sha256: str | None
    format: str | None
    box: Box | None
    reason: str | None = None


_SOURCE = """
SELECT fv.quote, fv.box, fv.derived, fi.id, fi.sha256, fi.format
FROM field_values fv
JOIN reports r ON r.id = fv.report_id
JOIN files fi ON fi.id = r.file_id
WHERE fv.report_id = ? AND fv.field = ?
"""


def place_of(*, report_id: str, field: str, derived: bool = False, db: DbPath = None) -> Place:
    """Return where a report's value sits on its original's pages, or why it is not shown.

    ``derived``: the value shown is computed (``queries.report_fields``' derived column, e.g.
    posts per month from the corrected total), so no quote of the text stands for it. A stored
    box is used as it is; a word-processor file is rendered (once, cached) and the quote looked
    for in the rendering.
    """
    if derived:
        return Place(None, None, None, None, NO_BOX_DERIVED)
    with connect(db, read_only=True) as con:
        row = con.execute(_SOURCE, [report_id, field]).fetchone()
    if row is None:
        return Place(None, None, None, None, NO_BOX_QUOTE)
    quote, box_json, derived, file_id, sha, fmt = row
    if derived:
        return Place(file_id, sha, fmt, None, NO_BOX_DERIVED)
    if box_json:
        return Place(file_id, sha, fmt, Box.from_dict(json.loads(box_json)))
    if not quote:
        return Place(file_id, sha, fmt, None, NO_BOX_QUOTE)
    if fmt not in RENDERED_FORMATS:
        return Place(file_id, sha, fmt, None, NO_BOX_FOUND)
    try:
        doc = _rendered_document(file_id, sha, fmt, str(db_path(db)))
    except _Unshown as e:
        return Place(file_id, sha, fmt, None, e.reason)
    box = find_box(doc, quote)
    return Place(file_id, sha, fmt, box, None if box else NO_BOX_FOUND)


class _Unshown(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def rendered_dir(db: DbPath = None) -> Path:
    """Return the folder of PDF renderings of word-processor originals, beside the database."""
    return db_path(db).parent / "rendered"


def _rendered_pdf(file_id: str, sha: str, fmt: str, db: str) -> bytes:
    """Return the PDF rendering of a word-processor original, made once per sha256."""
    cached = rendered_dir(db) / f"{sha}.pdf"
    if cached.exists():
        return cached.read_bytes()
    try:
        _, data = file_bytes(file_id=file_id, db=db)
    except ReportsError as e:
        raise _Unshown(NO_ORIGINAL) from e
    try:
        pdf = to_pdf(data, fmt)
    except ToolMissing as e:
        raise _Unshown(NO_LIBREOFFICE) from e
    except ReportsError as e:
        raise _Unshown(NO_RENDER) from e
    cached.parent.mkdir(parents=True, exist_ok=True)
    # Written under another name and renamed: a reader never sees half a PDF.
    with tempfile.NamedTemporaryFile(dir=cached.parent, suffix=".part", delete=False) as tmp:
        tmp.write(pdf)
    Path(tmp.name).replace(cached)
    return pdf


@functools.lru_cache(maxsize=32)
def _rendered_document(file_id: str, sha: str, fmt: str, db: str) -> Document:
    """Return the text of a word-processor original's rendering, with its words' places."""
    pdf = _rendered_pdf(file_id, sha, fmt, db)
    with tempfile.TemporaryDirectory(prefix="reports-rendered-") as tmp:
        path = Path(tmp) / "rendered.pdf"
        path.write_bytes(pdf)
        try:
            return read(path)
        except ReportsError as e:
            raise _Unshown(NO_RENDER) from e


@functools.lru_cache(maxsize=64)
def _page(file_id: str, sha: str, fmt: str, page: int, turn: int, db: str) -> Image.Image:
    """Return a page of an original as the reader measured it (turned into its frame), cached
    per file and page."""
    if fmt in RENDERED_FORMATS:
        data, fmt = _rendered_pdf(file_id, sha, fmt, db), "pdf"
    else:
        try:
            _, data = file_bytes(file_id=file_id, db=db)
        except ReportsError as e:
            raise _Unshown(NO_ORIGINAL) from e
    try:
        image = page_picture(data, fmt, page, SCALE)
    except ReportsError as e:
        raise _Unshown(NO_RENDER) from e
    return image.rotate(turn, expand=True) if turn else image


def highlight(image: Image.Image, box: Box, scale: float = SCALE) -> Image.Image:
    """Return a copy of a page picture with the box drawn: translucent fill, solid outline."""
    out = image.convert("RGBA")
    layer = Image.new("RGBA", out.size, (0, 0, 0, 0))
    rect = [
        (box.x0 - PAD) * scale,
        (box.top - PAD) * scale,
        (box.x1 + PAD) * scale,
        (box.bottom + PAD) * scale,
    ]
    ImageDraw.Draw(layer).rectangle(rect, fill=FILL, outline=OUTLINE, width=3)
    return Image.alpha_composite(out, layer).convert("RGB")


@dataclass(frozen=True)
class PagePicture:
    """A page picture ready to show (PNG bytes), or why there is none."""

    png: bytes | None
    page: int | None
    reason: str | None = None


def evidence_page(
    *, report_id: str, field: str, derived: bool = False, db: DbPath = None
) -> PagePicture:
    """Return the page of a report's value as PNG with its quote highlighted, or the reason
    why it cannot be shown ("giá trị được suy ra", "không có bản gốc", "LibreOffice chưa được
    cài đặt"); ``derived`` as in ``place_of``."""
    place = place_of(report_id=report_id, field=field, derived=derived, db=db)
    if place.box is None or place.file_id is None or place.sha256 is None:
        return PagePicture(None, None, place.reason or NO_BOX_FOUND)
    return _picture(place.file_id, place.sha256, place.format or "", place.box, str(db_path(db)))


@functools.lru_cache(maxsize=256)
def _picture(file_id: str, sha: str, fmt: str, box: Box, db: str) -> PagePicture:
    try:
        page = _page(file_id, sha, fmt, box.page, box.turn, db)
    except _Unshown as e:
        return PagePicture(None, box.page, e.reason)
    buf = io.BytesIO()
    # Fast deflate: a page picture is shown once, not stored; level 1 encodes ~5x faster.
    highlight(page, box).save(buf, format="PNG", compress_level=1)
    return PagePicture(buf.getvalue(), box.page)


def clear_cache() -> None:
    """Forget the rendered pages and renderings kept in memory (tests, benchmarks)."""
    _page.cache_clear()
    _picture.cache_clear()
    _rendered_document.cache_clear()
