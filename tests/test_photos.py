"""Phone photos of one report's pages (issue 16, item 5): a ZIP of photos, or loose photos named as
pages of one set, are one document in page order; a photo's EXIF orientation is honoured.

Pages are drawn here with DejaVu Sans (Vietnamese glyphs) and read by the real Tesseract `vie`;
each is one short line or two, so that a test costs a second or so of OCR per page.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLES
from measure import count_calls
from PIL import Image, ImageDraw, ImageFont

from ingest import archive
from ingest.__main__ import main
from ingest.errors import UnsupportedFormat
from ingest.readers import detect_format, ocr, read, tool_status
from ingest.readers.base import natural_key
from ingest.text import fold
from warehouse import db as wdb
from warehouse import load
from warehouse.registry import import_csv

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
REPORT = SAMPLES / "reports" / "2020" / "thanh-tra-ha-nam-2020.docx"
EXIF_ORIENTATION = 0x0112
# Orientation 6: the stored pixels are a quarter turn to the left; a viewer turns them right.
TURN_RIGHT = 6

needs_ocr = pytest.mark.skipif(
    not (tool_status()["tesseract_vie"] and FONT.exists()),
    reason="needs tesseract-ocr-vie and fonts-dejavu",
)


def page(*lines: str) -> Image.Image:
    """Return a small white page (grayscale) with the lines written on it at 300 dpi."""
    font = ImageFont.truetype(str(FONT), 44)
    img = Image.new("L", (1500, 120 + 80 * len(lines)), 255)
    draw = ImageDraw.Draw(img)
    for k, text in enumerate(lines):
        draw.text((80, 60 + 80 * k), text, font=font, fill=0)
    return img


def jpeg(img: Image.Image, *, orientation: int | None = None) -> bytes:
    buf = io.BytesIO()
    exif = Image.Exif()
    if orientation is not None:
        exif[EXIF_ORIENTATION] = orientation
    img.save(buf, "JPEG", quality=90, dpi=(300, 300), exif=exif.tobytes())
    return buf.getvalue()


def zipped(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


# Page 1 ends a sentence and page 2 opens a numbered part: the pages' text is never one paragraph
# joined across the page break.
FIRST = ("BÁO CÁO", "Công tác phát ngôn năm 2026.")
SECOND = ("2. Kiến nghị tập huấn", "Nơi nhận: Sở Văn hóa")


@pytest.fixture(scope="module")
def pages() -> tuple[bytes, bytes]:
    return jpeg(page(*FIRST)), jpeg(page(*SECOND))


def texts_by_page(doc) -> dict[int, str]:
    out: dict[int, str] = {}
    for b in doc.blocks:
        out[b.location.page] = (out.get(b.location.page, "") + " " + fold(b.text)).strip()
    return out


# -- page order and grouping: no OCR -----------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "ordered"),
    [
        (["anh-10.jpg", "anh-2.jpg", "anh-1.jpg"], ["anh-1.jpg", "anh-2.jpg", "anh-10.jpg"]),
        (["trang 11.png", "Trang 9.png"], ["Trang 9.png", "trang 11.png"]),
        (["page_10.jpg", "page_02.jpg"], ["page_02.jpg", "page_10.jpg"]),
        (
            ["IMG_20261205_0945.jpg", "IMG_20261205_0931.jpg", "IMG_20261204_2359.jpg"],
            ["IMG_20261204_2359.jpg", "IMG_20261205_0931.jpg", "IMG_20261205_0945.jpg"],
        ),
    ],
)
def test_pages_sort_in_the_natural_order_of_their_names(names, ordered):
    assert sorted(names, key=natural_key) == ordered


@pytest.mark.parametrize(
    ("names", "sets"),
    [
        # Page 10 after page 2, wherever each was selected.
        (["bao-cao-10.jpg", "bao-cao-2.jpg", "bao-cao-1.jpg"], {2: [2, 1, 0]}),
        (["x_trang1.png", "x_trang2.png"], {0: [0, 1]}),
        (["Trang 1.jpg", "trang 2.jpg"], {0: [0, 1]}),
        (["d/bao-cao-1.jpg", "e/bao-cao-2.jpg"], {}),  # other folders: other documents
        (["bao-cao-1.jpg", "ke-hoach-2.jpg"], {}),  # other stems
        (["bao-cao-1.jpg", "bao-cao-1.png"], {}),  # the same page twice: not sure, not grouped
        (["IMG_20261205_0931.jpg", "IMG_20261205_0945.jpg"], {}),  # a camera's times, no pages
        (["bao cao 2019.jpg", "bao cao 2020.jpg"], {}),  # years, not pages
        (["anh-chup.jpg"], {}),
        (["bao-cao-1.jpg", None, "bao-cao-2.jpg"], {0: [0, 2]}),  # None: not a photo
    ],
)
def test_loose_photos_named_as_pages_of_one_set(names, sets):
    assert archive.page_sets(names) == sets


def test_a_zip_of_images_and_a_document_keeps_its_members_apart(tmp_path, pages):
    data = zipped(
        [("anh-1.jpg", pages[0]), ("anh-2.jpg", pages[1]), (REPORT.name, REPORT.read_bytes())]
    )
    assert archive.is_archive(data)
    (tmp_path / "out").mkdir()
    path = tmp_path / "tong-hop.zip"
    path.write_bytes(data)
    with pytest.raises(UnsupportedFormat):
        detect_format(path)
    inputs = archive.unpack([path], tmp_path / "out")
    assert [i.shown for i in inputs] == [
        f"{path}/anh-1.jpg",
        f"{path}/anh-2.jpg",
        f"{path}/{REPORT.name}",
    ]
    assert [detect_format(i.path) for i in inputs] == ["image", "image", "docx"]
    # A ZIP of documents only, likewise.
    docs = tmp_path / "van-ban.zip"
    docs.write_bytes(zipped([("a.docx", REPORT.read_bytes()), ("b.docx", REPORT.read_bytes())]))
    assert [i.shown for i in archive.unpack([docs], tmp_path / "out")] == [
        f"{docs}/a.docx",
        f"{docs}/b.docx",
    ]


def test_unpack_keeps_a_photo_zip_whole_and_packs_loose_pages(tmp_path, pages):
    photos = tmp_path / "anh.zip"
    photos.write_bytes(zipped([("anh-1.jpg", pages[0]), ("__MACOSX/._anh-1.jpg", b"\0\5\26\7")]))
    loose = [tmp_path / "bao-cao-2.jpg", tmp_path / "bao-cao-1.jpg", tmp_path / "anh-khac.jpg"]
    for p, data in zip(loose, (pages[1], pages[0], pages[1]), strict=True):
        p.write_bytes(data)
    out = tmp_path / "out"
    out.mkdir()

    inputs = archive.unpack([photos, *loose], out)

    assert [(i.shown, i.pages) for i in inputs] == [
        (str(photos), ()),
        (str(loose[1]), (str(loose[1]), str(loose[0]))),  # named after its first page
        (str(loose[2]), ()),
    ]
    assert inputs[0].path == str(photos) and inputs[2].path == str(loose[2])
    assert detect_format(inputs[1].path) == "photos"
    with zipfile.ZipFile(inputs[1].path) as zf:
        assert [zf.read(n) for n in zf.namelist()] == [pages[0], pages[1]]
    # The same photos give the same bytes: a set sent twice is known as a duplicate.
    again = archive.unpack(loose[:2], tmp_path)
    assert Path(again[0].path).read_bytes() == Path(inputs[1].path).read_bytes()


# -- read by OCR --------------------------------------------------------------------------------


@needs_ocr
def test_a_zip_of_photos_is_one_document_in_page_order(tmp_path, pages):
    path = tmp_path / "anh_bao_cao.zip"
    # Written out of order, with macOS and Windows droppings: "-10" is page 2, after "-2".
    path.write_bytes(
        zipped(
            [
                ("bao-cao-10.jpg", pages[1]),
                ("__MACOSX/._bao-cao-2.jpg", b"\0\5\26\7"),
                ("Thumbs.db", b"junk"),
                (".hidden.jpg", b"not a page"),
                ("bao-cao-2.jpg", pages[0]),
            ]
        )
    )
    assert detect_format(path) == "photos"
    assert not archive.is_archive(path.read_bytes())

    doc = read(path)

    assert (doc.format, doc.pages) == ("photos-ocr", 2)
    by_page = texts_by_page(doc)
    assert set(by_page) == {1, 2}
    assert "bao cao" in by_page[1] and "phat ngon nam 2026" in by_page[1]
    assert "kien nghi tap huan" in by_page[2] and "noi nhan" in by_page[2]
    assert [b.location.page for b in doc.blocks] == sorted(b.location.page for b in doc.blocks)


@needs_ocr
def test_a_photo_stored_sideways_is_turned_by_its_exif_orientation(tmp_path, monkeypatch):
    upright = page(*SECOND)
    stored = upright.rotate(90, expand=True)  # as the phone's sensor saw it
    photo = tmp_path / "anh-chup.jpg"
    photo.write_bytes(jpeg(stored, orientation=TURN_RIGHT))
    calls = count_calls(monkeypatch, ocr, "run_tesseract")

    doc = read(photo)

    text = fold(" ".join(b.text for b in doc.blocks))
    assert "kien nghi tap huan" in text and "noi nhan: so van hoa" in text
    # Read upright at the first pass: no orientation detection (OSD) and second read to pay for.
    assert len(calls) == 1
    # In a ZIP of photos likewise.
    path = tmp_path / "anh.zip"
    path.write_bytes(zipped([("trang-1.jpg", jpeg(stored, orientation=TURN_RIGHT))]))
    assert "kien nghi tap huan" in fold(read(path).text())
    assert len(calls) == 2


@needs_ocr
def test_pages_turned_without_an_exif_tag_are_read_upright(tmp_path):
    # No EXIF (a scan app's export, a screenshot): the OCR reader's own check of a poor read
    # (Tesseract's orientation detection, then a second read of the upright page) turns them.
    path = tmp_path / "anh.zip"
    path.write_bytes(
        zipped(
            [
                ("trang-1.jpg", jpeg(page(*FIRST).rotate(-90, expand=True))),
                ("trang-2.jpg", jpeg(page(*SECOND).rotate(180))),
            ]
        )
    )

    by_page = texts_by_page(read(path))

    assert "phat ngon nam 2026" in by_page[1]
    assert "kien nghi tap huan" in by_page[2] and "noi nhan" in by_page[2]


@needs_ocr
def test_loose_photos_given_together_are_one_document_in_the_cli(tmp_path, pages, capsys):
    loose = [tmp_path / "bao-cao-2.jpg", tmp_path / "bao-cao-1.jpg", tmp_path / "anh-khac.jpg"]
    for p, data in zip(loose, (pages[1], pages[0], jpeg(page("Ảnh khác"))), strict=True):
        p.write_bytes(data)

    code = main(["extract", *map(str, loose), "--json", "--workers", "1", "--no-progress"])

    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["file"], r["format"]) for r in rows] == [
        (str(loose[1]), "photos-ocr"),
        (str(loose[2]), "image-ocr"),  # an unrelated photo stays alone
    ]


@needs_ocr
def test_photos_of_one_report_uploaded_together_are_one_document(tmp_path, pages):
    db = tmp_path / "w.duckdb"
    import_csv(SAMPLES / "agencies.csv", db=db, user="system")
    seen: list[tuple[int, str]] = []

    results = load.load_uploads(
        [
            ("bao-cao-2.jpg", pages[1]),
            ("anh-khac.jpg", jpeg(page("Ảnh khác"))),
            ("bao-cao-1.jpg", pages[0]),
        ],
        user="cli",
        db=db,
        progress=lambda i, shown: seen.append((i, shown)),
    )

    # The set takes the place of its first page.
    assert [r.file for r in results] == ["anh-khac.jpg", "bao-cao-1.jpg"]
    assert seen == [(1, "anh-khac.jpg"), (2, "bao-cao-1.jpg")]
    with wdb.connect(db, read_only=True) as con:
        stored = dict(con.execute("SELECT original_name, format FROM files").fetchall())
    assert stored == {"bao-cao-1.jpg": "photos-ocr", "anh-khac.jpg": "image-ocr"}


def test_evaluation_reads_loose_page_photos_as_one_document(tmp_path, pages):
    from ingest.evaluation import joined_pages, truth_pairs

    (tmp_path / "reports").mkdir()
    (tmp_path / "truth").mkdir()
    for k, data in enumerate(pages, start=1):
        (tmp_path / "reports" / f"bao-cao-{k}.jpg").write_bytes(data)
    (tmp_path / "reports" / "khac.jpg").write_bytes(pages[0])
    # One truth, named after the first page; the unrelated photo stays a document of its own.
    for name in ("bao-cao-1.jpg", "khac.jpg"):
        (tmp_path / "truth" / f"{name}.json").write_text('{"doc_type": "report"}')
    docs = [d for _, d, _ in truth_pairs(tmp_path)]
    joined = joined_pages(tmp_path, docs, tmp_path)
    assert [p.name for p in joined] == ["00000-bao-cao-1.jpg.zip", "khac.jpg"]
    with zipfile.ZipFile(joined[0]) as zf:
        assert len(zf.namelist()) == 2
