"""Evidence on the page (issue 6/7, item 1): each value's quote boxed on its original page.

Boxes are checked against pdfplumber's own word positions, a reader independent of ours: the
words pdfplumber finds inside a value's box are the words of its quote.
"""

from __future__ import annotations

import io
import json
import math
import shutil

import pdfplumber
import pytest
from conftest import SAMPLES, add_user, current_report
from PIL import Image
from rapidfuzz import fuzz
from readers_fixtures import build_scan_pdf

from ingest.document import Block, Box, Document, Location
from ingest.evidence import find_box, pieces, readable_quote
from ingest.pipeline import extract_file
from ingest.readers import read
from ingest.readers.base import find_soffice, find_tesseract, has_language
from ingest.text import fold
from warehouse import load, queries
from warehouse.db import connect
from warehouse.evidence import (
    NO_BOX_DERIVED,
    NO_ORIGINAL,
    SCALE,
    clear_cache,
    evidence_page,
    highlight,
    place_of,
    rendered_dir,
)
from warehouse.registry import import_csv

WORD_PDF = SAMPLES / "reports" / "2020" / "so-giao-thong-van-tai-2020.pdf"
DOCX = SAMPLES / "reports" / "2020" / "thanh-tra-ha-nam-2020.docx"
# Its posts are a table row ("1 | Số tin, bài … | 314"); posts per month derived from them.
TABLE_PDF = SAMPLES / "reports" / "2020" / "bc-phat-ngon-2020-sldtbxh.pdf"
# Values whose quotes are phrases of the page (not list items joined from many blocks).
CHECKED = ("report_number", "report_date", "agency", "spokesperson_name", "press_conferences")

needs_ocr = pytest.mark.skipif(
    not (find_tesseract() and has_language()), reason="Tesseract with 'vie' is not installed"
)
needs_soffice = pytest.mark.skipif(not find_soffice(), reason="LibreOffice is not installed")


def _words_in(pdf_path, box: Box, *, tilt: float = 0.0) -> str:
    """Return the folded words pdfplumber finds with their centre inside ``box`` (its page),
    after turning the page by ``tilt`` degrees about its centre, as build_scan_pdf does."""
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[box.page - 1]
        width, height = float(page.width), float(page.height)
        words = page.extract_words()
    a = math.radians(tilt)
    # PIL's rotate(expand=True) grows the canvas to hold the turned page.
    new_w = abs(width * math.cos(a)) + abs(height * math.sin(a))
    new_h = abs(width * math.sin(a)) + abs(height * math.cos(a))
    inside = []
    for w in words:
        x, y = (w["x0"] + w["x1"]) / 2 - width / 2, (w["top"] + w["bottom"]) / 2 - height / 2
        cx = new_w / 2 + x * math.cos(a) + y * math.sin(a)
        cy = new_h / 2 - x * math.sin(a) + y * math.cos(a)
        if box.x0 - 2 <= cx <= box.x1 + 2 and box.top - 2 <= cy <= box.bottom + 2:
            inside.append(w["text"])
    return fold(" ".join(inside))


def _assert_boxes_hold_quotes(rep, pdf_path, *, tilt: float = 0.0, fuzzy: bool = False) -> None:
    checked = 0
    for name in CHECKED:
        fv = rep.fields.get(name)
        if fv is None or not fv.quote:
            continue
        box = fv.location.box
        assert box is not None and box.page == 1, name
        inside = _words_in(pdf_path, box, tilt=tilt)
        longest = fold(pieces(fv.quote)[0]).split()
        if fuzzy:  # OCR misreads a letter or a space here and there ("SỞGIAO", "ˆ")
            score = fuzz.partial_ratio("".join(longest), inside.replace(" ", ""))
            assert score >= 80, (name, fv.quote, inside)
        else:
            assert " ".join(longest) in inside, (name, fv.quote, inside)
        # Narrowed to the quote: no more than a few words beyond it.
        assert len(inside.split()) <= len(longest) + 6, (name, fv.quote, inside)
        checked += 1
    assert checked >= 4


def test_word_pdf_values_are_boxed_on_their_quoted_words():
    rep = extract_file(WORD_PDF)
    assert rep.status in ("ok", "needs_review")
    _assert_boxes_hold_quotes(rep, WORD_PDF)
    # The quote is a part of its paragraph: the box is the quote's words, not the paragraph's.
    fv = rep.fields["spokesperson_name"]
    block = read(WORD_PDF).blocks[fv.location.paragraph]
    assert fv.location.box.x1 - fv.location.box.x0 <= block.location.box.x1 - block.location.box.x0


@needs_ocr
def test_scanned_pdf_values_are_boxed_on_the_scan(tmp_path):
    scan = build_scan_pdf(WORD_PDF, tmp_path / "scan.pdf")
    rep = extract_file(scan)
    assert rep.format == "pdf-ocr"
    # The scan is the Word PDF's page turned by 1 degree: its words, turned alike, are in the
    # boxes OCR gave.
    _assert_boxes_hold_quotes(rep, WORD_PDF, tilt=1.0, fuzzy=True)


@pytest.mark.parametrize(
    ("quote", "shown"),
    [
        ("2 | Số cuộc họp báo đã tổ chức | 0", "Số cuộc họp báo đã tổ chức: 0"),
        ("II | Số tin, bài đăng tải | 1.126", "Số tin, bài đăng tải: 1.126"),
        ("Số tin, bài | Quý I | 45", "Số tin, bài – Quý I: 45"),
        (
            "TT | Nội dung | Số lượng … Cộng | 124",
            "TT | Nội dung | Số lượng … Cộng: 124",
        ),
        ("Sở đã tổ chức 02 cuộc họp báo.", "Sở đã tổ chức 02 cuộc họp báo."),
        ("1 | Người phát ngôn | Nguyễn Văn A", "1 | Người phát ngôn | Nguyễn Văn A"),
        (None, None),
    ],
)
def test_table_quotes_read_as_label_and_value(quote, shown):
    assert readable_quote(quote) == shown


def test_a_count_is_found_as_a_whole_word_only():
    year = Block(
        "Báo cáo năm 2020",
        Location(page=1, paragraph=0, box=Box(1, 10, 10, 200, 20)),
        words=(
            (1, 10, 10, 50, 20, "Báo"),
            (1, 55, 10, 90, 20, "cáo"),
            (1, 95, 10, 130, 20, "năm"),
            (1, 135, 10, 200, 20, "2020"),
        ),
    )
    count = Block(
        "0",
        Location(page=1, paragraph=1, box=Box(1, 300, 10, 310, 20)),
        words=((1, 300, 10, 310, 20, "0"),),
    )
    doc = Document(path="x.pdf", format="pdf", blocks=[year, count])
    # "0" is not the last digit of "2020": the value's own cell is boxed.
    assert find_box(doc, "Báo cáo | 0", year.location) == Box(1, 10, 10, 310, 20)
    assert find_box(doc, "0", year.location) == Box(1, 300, 10, 310, 20)
    assert find_box(doc, "năm 2020", count.location) == Box(1, 95, 10, 200, 20)


@pytest.fixture(scope="module")
def wh(tmp_path_factory):
    """A warehouse with the sample registry and the Word PDFs and the DOCX loaded."""
    folder = tmp_path_factory.mktemp("evidence")
    db = folder / "w.duckdb"
    add_user(db, "quantri", "admin")
    import_csv(SAMPLES / "agencies.csv", db=db, user="quantri")
    originals = folder / "in"
    originals.mkdir()
    for src in (WORD_PDF, DOCX, TABLE_PDF):
        shutil.copy(src, originals / src.name)
    results = load.load_paths([originals], db=db, user="quantri", workers=1)
    assert all(r.status != "error" for r in results), results
    return db


def test_loaded_values_keep_their_box(wh):
    report_id = current_report(wh, WORD_PDF.name).report_id
    with connect(wh, read_only=True) as con:
        rows = dict(
            con.execute(
                "SELECT field, box FROM field_values WHERE report_id = ? AND quote IS NOT NULL",
                [report_id],
            ).fetchall()
        )
    assert rows and all(rows.values()), rows
    box = Box.from_dict(json.loads(rows["report_number"]))
    assert box.page == 1 and "59/bc-sgtvt-vp" in _words_in(WORD_PDF, box)


def test_page_picture_highlights_the_box(wh):
    clear_cache()
    report_id = current_report(wh, WORD_PDF.name).report_id
    picture = evidence_page(report_id=report_id, field="press_conferences", db=wh)
    assert picture.reason is None and picture.page == 1
    image = Image.open(io.BytesIO(picture.png)).convert("RGB")
    box = place_of(report_id=report_id, field="press_conferences", db=wh).box
    # Inside the box, the page's white paper is tinted by the highlight; far outside it is not.
    tinted = [
        image.getpixel((round(x * SCALE), round(y * SCALE)))
        for x in (box.x0 + 1, (box.x0 + box.x1) / 2)
        for y in ((box.top + box.bottom) / 2,)
    ]
    assert any(r > 200 and g > 180 and b < 200 for r, g, b in tinted), tinted
    assert image.getpixel((3, 3)) == (255, 255, 255)
    # The same page picture drawn directly: the fill colour is blended in, never opaque.
    plain_page = Image.new("RGB", (200, 100), (255, 255, 255))
    drawn = highlight(plain_page, Box(1, 20, 20, 60, 40), scale=1.0)
    r, g, b = drawn.getpixel((40, 30))
    # FILL over white paper at FILL's opacity: yellow, the paper still showing through.
    assert r == 255 and 230 <= g <= 250 and 150 <= b <= 180, (r, g, b)
    assert drawn.getpixel((20, 30))[:2] == (214, 40)  # the outline, on the box's edge
    assert drawn.getpixel((150, 80)) == (255, 255, 255)


def test_derived_value_says_why_it_has_no_box(wh):
    report_id = current_report(wh, TABLE_PDF.name).report_id
    rows = queries.report_fields(report_id=report_id, db=wh).to_dict("records")
    [derived] = [r for r in rows if r["derived"]]  # posts per month, from the stated total
    picture = evidence_page(report_id=report_id, field=derived["field"], derived=True, db=wh)
    assert picture.png is None and picture.reason == NO_BOX_DERIVED


@needs_soffice
def test_docx_value_is_boxed_through_its_rendered_pdf(wh):
    clear_cache()
    report_id = current_report(wh, DOCX.name).report_id
    place = place_of(report_id=report_id, field="report_number", db=wh)
    assert place.box is not None and place.reason is None, place
    [rendered] = rendered_dir(wh).glob("*.pdf")  # made once, kept per sha256
    assert rendered.stem == place.sha256
    with connect(wh, read_only=True) as con:
        quote = con.execute(
            "SELECT quote FROM field_values WHERE report_id = ? AND field = 'report_number'",
            [report_id],
        ).fetchone()[0]
    assert fold(pieces(quote)[0]) in _words_in(rendered, place.box)
    picture = evidence_page(report_id=report_id, field="report_number", db=wh)
    assert picture.png and picture.page == place.box.page


def test_missing_original_says_so(wh, tmp_path):
    clear_cache()
    copy = tmp_path / "copy"
    shutil.copytree(wh.parent, copy)
    db = copy / wh.name
    report_id = current_report(db, WORD_PDF.name).report_id
    for blob in (copy / "files").rglob("*"):
        if blob.is_file():
            blob.unlink()
    picture = evidence_page(report_id=report_id, field="report_number", db=db)
    assert picture.png is None and picture.reason == NO_ORIGINAL


def test_table_row_value_is_boxed_on_its_row(wh):
    report_id = current_report(wh, TABLE_PDF.name).report_id
    box = place_of(report_id=report_id, field="posts_total", db=wh).box
    inside = _words_in(TABLE_PDF, box)
    assert "so tin, bai dang tren trang thong tin dien tu" in inside and "314" in inside.split()
