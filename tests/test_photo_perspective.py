"""Phone photos of a page lying on a desk (issue 5/7, item 5: perspective correction).

The real case: tests/unseen/u08/reports/ubnd-phuong-viet-tri-2026-anh-chup.zip, the photo of a
report whose Decree 244 form table was read with rows run together ("1/1" in the wrong row; 9 of
its values wrong). Here a form page is drawn with DejaVu Sans, warped onto a darker, shaded
desk by a perspective transform as a phone sees it, and read by the real Tesseract `vie`.
Counter-cases keep their pixels: a flat scan filling the frame, a photo cropped to the page, a
page with a dark header band or a red seal, a landscape page.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ingest.readers import geometry, read, tool_status
from ingest.text import fold

FONTS = Path("/usr/share/fonts/truetype/dejavu")
DPI = 150

needs_ocr = pytest.mark.skipif(
    not (tool_status()["tesseract_vie"] and (FONTS / "DejaVuSans.ttf").exists()),
    reason="needs tesseract-ocr-vie and fonts-dejavu",
)

# The Decree 244 form's rows as the Việt Trì report printed them: (number, label lines, result).
FORM_ROWS = (
    ("1", ("Số cuộc họp báo đã tổ chức",), "Không tổ chức"),
    ("2", ("Số lần cung cấp thông tin tại giao ban báo chí",), "03"),
    (
        "3",
        ("Số yêu cầu cung cấp thông tin của cơ quan", "báo chí được trả lời / tổng số yêu cầu"),
        "4/4",
    ),
    ("4", ("Số vụ việc đột xuất, bất thường đã phát", "ngôn / tổng số vụ việc"), "Không phát sinh"),
    ("5", ("Số yêu cầu được trả lời đúng thời hạn /", "tổng số yêu cầu có thời hạn"), "4/4"),
    ("6", ("Số văn bản trả lời, đề nghị cải chính /", "tổng số trường hợp"), "1/1"),
)


def font(size_pt: float, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), round(size_pt * DPI / 72))


def form_page(*, landscape: bool = False, band: bool = False, seal: bool = False) -> Image.Image:
    """Return an A4 page (RGB, DPI) with a title and the Decree 244 form table drawn on it."""
    w, h = round(8.27 * DPI), round(11.69 * DPI)
    img = Image.new("RGB", (h, w) if landscape else (w, h), "white")
    draw = ImageDraw.Draw(img)
    regular, bold = font(12), font(12, bold=True)
    left, right = round(0.8 * DPI), img.width - round(0.8 * DPI)
    y = round(0.8 * DPI)
    if band:  # a dark header band across the page, as some letterheads print
        draw.rectangle((0, 0, img.width, round(0.6 * DPI)), fill=(40, 40, 40))
        y += round(0.2 * DPI)
    draw.text((round(2.6 * DPI), y), "BÁO CÁO KẾT QUẢ NĂM 2026", font=bold, fill="black")
    y += round(0.5 * DPI)
    draw.text(
        (left, y), "Kết quả theo mẫu ban hành kèm theo Nghị định:", font=regular, fill="black"
    )
    y += round(0.4 * DPI)
    cols = (left, left + round(0.5 * DPI), right - round(1.9 * DPI), right)
    line = round(0.24 * DPI)
    top = y
    draw.line((left, y, right, y), fill="black", width=2)
    for number, label, result in (("TT", ("Nội dung",), "Kết quả"), *FORM_ROWS):
        height = line * len(label) + round(0.12 * DPI)
        draw.text((cols[0] + 8, y + 6), number, font=regular, fill="black")
        for k, text in enumerate(label):
            draw.text((cols[1] + 8, y + 6 + k * line), text, font=regular, fill="black")
        draw.text((cols[2] + 8, y + 6), result, font=regular, fill="black")
        y += height
        draw.line((left, y, right, y), fill="black", width=2)
    for x in cols:
        draw.line((x, top, x, y), fill="black", width=2)
    y += round(0.4 * DPI)
    draw.text(
        (left, y),
        "Trong năm, đơn vị đã thực hiện đầy đủ chế độ báo cáo.",
        font=regular,
        fill="black",
    )
    if seal:  # a red seal half over the signature, as a stamped page
        cx, cy, r = right - round(1.5 * DPI), y + round(1.2 * DPI), round(0.7 * DPI)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(200, 30, 30), width=8)
        draw.text((cx - r // 2, cy - 10), "UBND", font=bold, fill=(200, 30, 30))
    return img


def glare(page: Image.Image) -> Image.Image:
    """Return `page` lit by a lamp's glare: a soft bright band across it, the rest in shade."""
    w, h = page.size
    ys, xs = np.mgrid[0:h, 0:w]
    band = np.where(np.abs(xs / w - ys / h) < 0.18, 255, 0).astype(np.uint8)
    soft = Image.fromarray(band).filter(ImageFilter.GaussianBlur(30))
    light = 0.62 + 0.38 * np.asarray(soft, dtype=np.float64)[..., None] / 255
    lit = np.asarray(page, dtype=np.float64) * light
    return Image.fromarray(lit.clip(0, 255).astype(np.uint8))


def photographed(page: Image.Image, corners, size) -> Image.Image:
    """Return `page` as a phone photographs it on a desk: warped onto `corners`, shaded."""
    w, h = size
    ys, xs = np.mgrid[0:h, 0:w]
    # A brown desk, lit from the top left.
    light = 1.0 - 0.25 * (xs / w + ys / h) / 2
    desk = np.stack([110 * light, 90 * light, 65 * light], axis=-1)
    pw, ph = page.size
    coeffs = geometry.perspective_coefficients(list(corners), [(0, 0), (pw, 0), (pw, ph), (0, ph)])
    sheet = page.transform(size, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC)
    paper = Image.new("L", page.size, 255).transform(
        size, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BILINEAR
    )
    alpha = np.asarray(paper, dtype=np.float64)[..., None] / 255
    lit = np.asarray(sheet, dtype=np.float64) * (0.8 + 0.2 * light[..., None])
    out = alpha * lit + (1 - alpha) * desk
    return Image.fromarray(out.clip(0, 255).astype(np.uint8))


# The Việt Trì photo's corners, at a fifth less resolution.
DESK_CORNERS = ((120, 115), (1075, 155), (1140, 1560), (90, 1510))
DESK_SIZE = (1240, 1655)


def jpeg(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def gray(img: Image.Image) -> Image.Image:
    return Image.open(io.BytesIO(jpeg(img))).convert("L")


# -- geometry: no OCR ----------------------------------------------------------------------------


def test_the_sheet_of_a_desk_photo_is_found_at_its_corners():
    photo = gray(photographed(form_page(), DESK_CORNERS, DESK_SIZE))
    quad = geometry.page_quad(photo)
    assert quad is not None
    for found, true in zip(quad, DESK_CORNERS, strict=True):
        assert np.hypot(found[0] - true[0], found[1] - true[1]) < 12, (quad, DESK_CORNERS)
    flat = geometry.flatten(photo, quad)
    # Upright and portrait, the sheet's size: the desk is gone from the edges.
    assert abs(flat.width - 1050) < 30 and abs(flat.height - 1410) < 30, flat.size
    edges = np.concatenate([np.asarray(flat)[:5].ravel(), np.asarray(flat)[-5:].ravel()])
    assert edges.mean() > 180


def test_a_landscape_sheet_on_a_desk_stays_landscape():
    corners = ((140, 180), (1500, 120), (1560, 1100), (100, 1160))
    photo = gray(photographed(form_page(landscape=True), corners, (1660, 1280)))
    quad = geometry.page_quad(photo)
    assert quad is not None
    flat = geometry.flatten(photo, quad)
    assert flat.width > 1.3 * flat.height, flat.size


@pytest.mark.parametrize(
    "kind",
    ["flat scan", "cropped photo", "dark header band", "red seal", "landscape scan"],
)
def test_pages_that_fill_their_frame_are_left_as_they_are(kind):
    page = form_page(
        band=kind == "dark header band", seal=kind == "red seal", landscape=kind == "landscape scan"
    )
    if kind == "cropped photo":
        # Photographed, then cropped by the phone's scan app to the sheet: the paper, shaded,
        # reaches every edge of the frame.
        page = photographed(page, ((0, 0), (1240, 0), (1240, 1755), (0, 1755)), (1240, 1755))
    image = gray(page)
    assert geometry.page_quad(image) is None


def test_a_sheet_running_out_of_the_photo_is_left_as_it_is():
    corners = ((120, -40), (1075, 10), (1140, 1560), (90, 1510))
    photo = gray(photographed(form_page(), corners, DESK_SIZE))
    assert geometry.page_quad(photo) is None


def test_perspective_coefficients_map_the_corners():
    dst = [(0.0, 0.0), (100.0, 0.0), (100.0, 150.0), (0.0, 150.0)]
    src = [(10.0, 12.0), (95.0, 5.0), (110.0, 160.0), (2.0, 140.0)]
    a, b, c, d, e, f, g, h = geometry.perspective_coefficients(dst, src)
    for (x, y), (u, v) in zip(dst, src, strict=True):
        den = g * x + h * y + 1
        assert (a * x + b * y + c) / den == pytest.approx(u)
        assert (d * x + e * y + f) / den == pytest.approx(v)


# -- read by OCR ---------------------------------------------------------------------------------


def table_rows(doc) -> list[list[str]]:
    """Return the cells' texts of each row of the document's first table, cell by cell."""
    cells: dict[tuple[int, int], list[str]] = {}
    for b in doc.blocks:
        if b.location.table == 0:
            cells.setdefault((b.location.row, b.location.cell), []).append(b.text.strip())
    rows: dict[int, list[str]] = {}
    for (row, _), texts in sorted(cells.items()):
        rows.setdefault(row, []).append(" ".join(texts))
    return [rows[k] for k in sorted(rows)]


@needs_ocr
def test_a_form_photographed_on_a_desk_keeps_its_rows(tmp_path):
    photo = tmp_path / "ubnd-phuong-anh-chup.jpg"
    photo.write_bytes(jpeg(photographed(form_page(), DESK_CORNERS, DESK_SIZE)))

    doc = read(photo)

    # Each row of the form: its number first and its own result, word for word. Read on the
    # desk's perspective, rows 1 to 4 lost their numbers and row 6 read "T/T".
    rows = [(r[0].rstrip(".,"), fold(r[-1])) for r in table_rows(doc)[1:]]
    assert rows == [(n, fold(result)) for n, _, result in FORM_ROWS], table_rows(doc)


@needs_ocr
def test_a_form_under_a_lamps_glare_keeps_its_rows(tmp_path):
    # Once the desk is cut away, Tesseract's one threshold split the shaded paper from the glare
    # and read no table at all: the paper's light is divided out first.
    photo = tmp_path / "ubnd-phuong-anh-chup-loa-sang.jpg"
    photo.write_bytes(jpeg(photographed(glare(form_page()), DESK_CORNERS, DESK_SIZE)))

    doc = read(photo)

    rows = [(r[0].rstrip(".,"), fold(r[-1])) for r in table_rows(doc)[1:]]
    assert rows == [(n, fold(result)) for n, _, result in FORM_ROWS], table_rows(doc)


def test_the_paper_of_a_shaded_photo_is_made_evenly_white():
    page = np.asarray(gray(glare(form_page())), dtype=np.float64)
    even = np.asarray(geometry.even_light(Image.fromarray(page.astype(np.uint8))), dtype=float)
    # Paper in the shade (top right) and in the glare (centre) alike near white; ink stays dark.
    shade, lit = (slice(60, 120), slice(1000, 1150)), (slice(850, 900), slice(600, 650))
    assert page[shade].mean() < 170 and page[lit].mean() > 240
    assert even[shade].mean() > 235 and even[lit].mean() > 235
    assert even.min() < 80


@pytest.mark.parametrize(
    ("kind", "uneven"),
    [
        ("glare", True),
        ("flat scan", False),
        ("dark header band", False),
        ("red seal", False),
        ("cropped photo", False),
    ],
)
def test_uneven_light_is_told_from_a_page_lit_alike(kind, uneven):
    page = form_page(band=kind == "dark header band", seal=kind == "red seal")
    if kind == "glare":
        page = glare(page)
    if kind == "cropped photo":
        page = photographed(page, ((0, 0), (1240, 0), (1240, 1755), (0, 1755)), (1240, 1755))
    assert geometry.uneven_light(gray(page)) is uneven


@needs_ocr
def test_a_form_under_glare_filling_the_frame_keeps_its_rows(tmp_path):
    # No desk around the sheet to find it by, yet its paper is lit unevenly: the light is
    # evened all the same, or Tesseract's one threshold loses the rows in the shade.
    page = glare(form_page())
    assert geometry.page_quad(gray(page)) is None
    photo = tmp_path / "ubnd-xa-anh-chup-sat-trang.jpg"
    photo.write_bytes(jpeg(page))

    doc = read(photo)

    rows = [(r[0].rstrip(".,"), fold(r[-1])) for r in table_rows(doc)[1:]]
    assert rows == [(n, fold(result)) for n, _, result in FORM_ROWS], table_rows(doc)
