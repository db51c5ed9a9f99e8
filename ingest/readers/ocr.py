"""OCR of scanned pages with the Tesseract binary and its Vietnamese model ("vie").

Pages are rendered with PDFium at 300 dpi in grayscale and given to `tesseract PAGE stdout tsv`
one at a time (OMP_THREAD_LIMIT=1: the pipeline already runs one file per core), each under the
per-page timeout and all under the total timeout. Words come back with boxes; they are grouped
into rows, lines and paragraphs with the same geometry rules as the PDF text layer (two-column
header in column order, table cells, paragraphs joined across page breaks). Measured on this
2-core machine: 1.3-1.6 s per A4 page at 300 dpi when idle, about 2-4 s under load.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.document import Block, Document
from ingest.errors import CorruptFile, ResourceLimit, Timeout, TooLarge, ToolMissing
from ingest.readers.base import OCR_LANG as LANG
from ingest.readers.base import (
    Limits,
    find_tesseract,
    has_language,
    over_limit,
    page_members,
    run_tool,
)
from ingest.readers.geometry import even_light, flatten, page_quad, uneven_light
from ingest.readers.layout import Line, is_column_gap, pages_to_blocks, reorder_header

if TYPE_CHECKING:
    import pypdfium2 as pdfium
    from PIL import Image


DPI = 300
# Render no page above this many pixels (an A0 poster at 300 dpi would be ~140 MP).
MAX_PIXELS = 40_000_000
# An embedded image narrower or lower than this is a logo, stamp or signature, not a page scan.
MIN_PAGE_PIXELS = 400
# One- or two-character "words" read with less confidence than this are speckles.
NOISE_CONFIDENCE = 30.0
# Below this mean word confidence a page's orientation is checked (OSD) and, if it is turned,
# an upright copy is read again.
RETRY_BELOW_CONFIDENCE = 65.0
# A page scanned or photographed more askew than this (degrees) is turned straight before OCR.
# Measured on bench/real: Tesseract's layout analysis took three lines of a 1.9-degree scan for a
# picture and dropped them, and read a 6-degree form as noise; straightening a 1-degree scan
# cost it a few words, so small skews are left to Tesseract.
DESKEW_MIN_DEGREES = 1.5
# Skews are looked for up to this angle either way; beyond it a page is turned (OSD), not skewed.
MAX_SKEW_DEGREES = 10.0
# Skew is measured on the page reduced to about this width in pixels (a pixel is ~0.1 degree).
SKEW_WIDTH_PX = 700
# The best angle must sharpen the rows' ink profile this much over 0 degrees to be believed.
SKEW_MIN_GAIN = 1.05
MISSING_MESSAGE = (
    "Máy chủ chưa cài Tesseract OCR tiếng Việt (tesseract-ocr-vie) nên không đọc được bản scan; "
    "các tệp DOCX, DOC và PDF có lớp chữ vẫn đọc bình thường. Đề nghị quản trị viên cài đặt "
    "(sudo apt-get install tesseract-ocr tesseract-ocr-vie) hoặc đề nghị đơn vị gửi bản "
    "DOCX/PDF gốc."
)
_BULLETS = {"-", "+", "•", "–", "*"}
_EDGE_NOISE = "_|`'~¬"


def _require_tesseract(path: Path) -> str:
    exe = find_tesseract()
    if not exe:
        raise ToolMissing(
            "tesseract binary not found on PATH; cannot OCR a scanned document",
            path=str(path),
            user_message=MISSING_MESSAGE,
        )
    if not has_language(LANG):
        raise ToolMissing(
            f"Tesseract has no '{LANG}' traineddata (package tesseract-ocr-vie); "
            "cannot OCR a scanned document",
            path=str(path),
            user_message=MISSING_MESSAGE,
        )
    return exe


def run_tesseract(
    exe: str,
    image: Image.Image,
    dpi: int,
    timeout: float,
    *,
    path: Path,
    page: int,
    psm: int = 3,
    lang: str = LANG,
    limits: Limits | None = None,
) -> str:
    """OCR one grayscale image and return Tesseract's TSV output (psm 0: the OSD report).

    The image goes to Tesseract as a file, not through its stdin: Tesseract 5.3 reads stdin a
    character at a time, which cost 1-1.5 s of an A4 page's 2-3 s at 300 dpi (same output).
    """
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory(prefix="reports-ocr-") as tmp:
        page_file = os.path.join(tmp, "page.pnm")
        try:
            image.save(page_file, format="PPM")  # PGM for mode "L": no compression to pay for
        except OSError as e:
            raise ResourceLimit(
                f"page {page} cannot be written for Tesseract ({e})", path=str(path)
            ) from e
        cmd = [exe, page_file, "stdout", "-l", lang, "--psm", str(psm), "--dpi", str(dpi)]
        if psm != 0:
            cmd.append("tsv")
        try:
            done = run_tool(cmd, timeout=timeout, env=env, limits=limits)
        except subprocess.TimeoutExpired as e:
            raise Timeout(
                f"Tesseract took longer than {timeout:.0f} s on page {page}; process killed",
                path=str(path),
            ) from e
        except OSError as e:
            raise ToolMissing(
                f"tesseract cannot be started ({e})", path=str(path), user_message=MISSING_MESSAGE
            ) from e
    out, err = done.stdout, done.stderr
    message = err.decode("utf-8", "replace").strip()
    if done.returncode != 0:
        if "Failed loading language" in message or "Could not initialize tesseract" in message:
            raise ToolMissing(
                f"Tesseract cannot load '{LANG}': {message[-300:]}",
                path=str(path),
                user_message=MISSING_MESSAGE,
            )
        if limit := over_limit(done.returncode):
            raise ResourceLimit(
                f"Tesseract went over its {limit} limit on page {page} "
                f"(exit {done.returncode}): {message[-300:]}",
                path=str(path),
            )
        raise CorruptFile(
            f"Tesseract failed on page {page} (exit {done.returncode}): {message[-300:]}",
            path=str(path),
        )
    return out.decode("utf-8", "replace")


def mean_confidence(tsv: str) -> float:
    """Return the mean confidence (0-100) of the words in a TSV, 0 when there are none."""
    confs = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) >= 12 and cols[0] == "5" and cols[11].strip():
            try:
                confs.append(float(cols[10]))
            except ValueError:
                continue
    return sum(confs) / len(confs) if confs else 0.0


def ocr_image(
    exe: str, image: Image.Image, dpi: int, budget: _Budget, *, path: Path, page: int
) -> tuple[list[Line], list[tuple[float, float, float]]]:
    """OCR one page image; return its lines and its ruling lines, both in points.

    A page scanned askew by DESKEW_MIN_DEGREES or more is straightened first (no second
    Tesseract call: the skew comes from the image's ink). Measured on a 1-degree-skewed noisy
    scan: --psm 3 and --psm 1 both reach a mean word confidence of 86 (psm 1 costs ~10% more);
    on a page turned by 90 degrees psm 3 falls to 49 while psm 1 (OSD) reaches 86, but reports
    word boxes in the turned frame. So: psm 3 first; when the confidence is low, or the lines
    run down the page (a short turned page can be read with a good confidence, its words boxed
    in the turned frame), ask OSD (psm 0) for the page's rotation, turn the image and read it
    again; the turned read is kept when it is better and its lines run across the page.
    """
    angle = estimate_skew(image)
    origin, height = (0.0, 0.0), image.height
    if abs(angle) >= DESKEW_MIN_DEGREES:
        image, origin = straighten(image, angle)
    read = image
    tsv = run_tesseract(
        exe, image, dpi, budget.page_timeout(page), path=path, page=page, limits=budget.limits
    )
    conf, turn = mean_confidence(tsv), 0
    # A short page turned by a quarter is often read well, but its lines run down the image and
    # its words are boxed in the turned frame, which would scramble the reading order.
    sideways = reads_sideways(tsv)
    if sideways or conf < RETRY_BELOW_CONFIDENCE:
        best = -1.0 if sideways else conf  # a sideways read is kept only when no turn reads
        for quarter in _turns(exe, image, dpi, budget, path=path, page=page, sideways=sideways):
            upright = image.rotate(-quarter, expand=True, fillcolor=255)
            retry = run_tesseract(
                exe,
                upright,
                dpi,
                budget.page_timeout(page),
                path=path,
                page=page,
                limits=budget.limits,
            )
            again = mean_confidence(retry)
            if again > best and not reads_sideways(retry):
                tsv, best, read, origin = retry, again, upright, (0.0, 0.0)
                height, turn = upright.height, -quarter % 360
            if best >= RETRY_BELOW_CONFIDENCE:
                break
    lines = tsv_to_lines(tsv, page, dpi, origin=origin)
    for ln in lines:
        ln.turn = turn
    if page == 1:
        lines = reorder_header(lines, height * 72.0 / dpi)
    return lines, image_rules(read, dpi, origin=origin)


def estimate_skew(image: Image.Image) -> float:
    """Return the angle (degrees, counter-clockwise) that levels a page's text lines; 0 if unsure.

    Projection profile: the ink of a level text line falls into few pixel rows, so the row
    histogram of the ink, sheared by a trial angle, changes most sharply from row to row at the
    page's skew. Searched within MAX_SKEW_DEGREES on the page reduced to ~SKEW_WIDTH_PX wide,
    every half degree, then every tenth around the best; tens of milliseconds a page.
    """
    import numpy as np

    factor = max(1, round(image.width / SKEW_WIDTH_PX))
    small = image.reduce(factor) if factor > 1 else image
    ys, xs = np.nonzero(np.asarray(small.convert("L")) < 128)
    if len(ys) < 100:
        return 0.0
    xs = xs - small.width / 2.0
    offset = int(np.ceil(small.width * np.tan(np.radians(MAX_SKEW_DEGREES)))) + 1

    def sharpness(angle: float) -> float:
        rows = np.rint(ys - xs * np.tan(np.radians(angle))).astype(np.intp) + offset
        change = np.diff(np.bincount(rows))
        return float(np.dot(change, change))

    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 0.5)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.4, best + 0.41, 0.1)
    best = max(fine, key=sharpness)
    if sharpness(best) < SKEW_MIN_GAIN * sharpness(0.0):
        return 0.0
    return round(float(best), 1)


def straighten(image: Image.Image, angle: float) -> tuple[Image.Image, tuple[float, float]]:
    """Turn a page image by `angle` degrees counter-clockwise, corners kept on white.

    Returns the turned image and where the original's top-left corner now lies (pixels), so
    positions stay in the page's frame. Nearest-neighbour: reads as well as bilinear at 300 dpi
    and costs a fifth of it.
    """
    from PIL import Image

    turned = image.rotate(angle, resample=Image.Resampling.NEAREST, expand=True, fillcolor=255)
    return turned, ((turned.width - image.width) / 2, (turned.height - image.height) / 2)


def _turns(
    exe: str,
    image: Image.Image,
    dpi: int,
    budget: _Budget,
    *,
    path: Path,
    page: int,
    sideways: bool,
) -> list[int]:
    """Return the clockwise turns (degrees) worth a second read of a poorly read page, best first.

    Tesseract's orientation detection (psm 0) needs its own "osd" model: with "-l vie" it
    answers "Rotate: 90" whatever the page (measured on Tesseract 5.3). On a short page it is
    right but unsure (confidence ~1.2), so its answer is tried whatever its confidence: the
    turned read is kept only when it reads better. On a page whose lines run down the image
    both quarter turns are worth a try, the detected one first.
    """
    rotate = 0
    if has_language("osd"):
        try:
            osd = run_tesseract(
                exe,
                image,
                dpi,
                budget.page_timeout(page),
                path=path,
                page=page,
                psm=0,
                lang="osd",
                limits=budget.limits,
            )
        except CorruptFile:  # OSD refuses pages with too little text
            osd = ""
        found = re.search(r"Rotate:\s*(\d+)", osd)
        if found:
            rotate = int(found.group(1)) % 360
    if not sideways:
        return [rotate] if rotate else []
    quarter = [90, 270]
    if rotate in quarter:
        quarter.sort(key=lambda a: a != rotate)
    return quarter


def reads_sideways(tsv: str) -> bool:
    """Tell whether Tesseract's text lines run down the image rather than across it.

    On an upright page a line's box is many times wider than tall; on a page turned by a
    quarter, Tesseract still finds the lines, but their boxes are tall and narrow.
    """
    across = down = 0
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) >= 10 and cols[0] == "4":
            try:
                across += int(cols[8])
                down += int(cols[9])
            except ValueError:
                continue
    return down > across


def tsv_to_lines(
    tsv: str, page: int, dpi: int, *, origin: tuple[float, float] = (0.0, 0.0)
) -> list[Line]:
    """Turn Tesseract TSV (word rows) into Lines in points, top-down, split at column gaps.

    Lines are re-sorted by baseline and grouped into rows like the PDF text layer, so the same
    header and paragraph rules apply; Tesseract's own block order is not kept. `origin` is the
    page's top-left corner in the image read (pixels), when the image was straightened.
    """
    scale = 72.0 / dpi
    ox, oy = origin
    words: dict[tuple[int, int, int], list[tuple[float, float, float, float, str, float]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        try:
            conf = float(cols[10])
            left, top, width, height = (int(c) for c in cols[6:10])
        except ValueError:
            continue
        left, top = left - ox, top - oy
        if not text or conf < 0:
            continue
        key = (int(cols[2]), int(cols[3]), int(cols[4]))
        words.setdefault(key, []).append(
            (left * scale, top * scale, (left + width) * scale, (top + height) * scale, text, conf)
        )
    segments: list[tuple[float, float, list]] = []  # (baseline, em, words)
    for found in words.values():
        found.sort(key=lambda w: w[0])
        ws = _drop_speckles(_trim_noise(found))
        if not ws:
            continue
        heights = sorted(w[3] - w[1] for w in ws)
        # Word boxes run from accents to descenders; most words sit on the baseline and a
        # typical word box is a little smaller than the font size.
        em = max(1.2 * heights[len(heights) // 2], 1.0)
        baseline = sorted(w[3] for w in ws)[len(ws) // 2]
        current = [ws[0]]
        for prev, w in itertools.pairwise(ws):
            if is_column_gap(prev[4], w[0] - prev[2], em):
                segments.append((baseline, em, current))
                current = [w]
            else:
                current.append(w)
        segments.append((baseline, em, current))
    segments = [(b, e, t) for b, e, t in ((b, e, _trim_noise(seg)) for b, e, seg in segments) if t]
    segments.sort(key=lambda s: s[0])
    rows: list[list[tuple[float, float, list]]] = []
    for seg in segments:
        if rows and seg[0] - rows[-1][0][0] < 0.5 * seg[1]:
            rows[-1].append(seg)
        else:
            rows.append([seg])
    lines: list[Line] = []
    for row_no, row in enumerate(rows):
        row.sort(key=lambda s: s[2][0][0])
        for baseline, em, seg in row:
            lines.append(
                Line(
                    page=page,
                    x0=seg[0][0],
                    x1=seg[-1][2],
                    top=baseline - em,
                    bottom=baseline,
                    text=" ".join(w[4] for w in seg),
                    em=em,
                    solo=len(row) > 1,
                    row=row_no,
                    measured=False,
                    ink=tuple(w[:5] for w in seg),
                )
            )
    return lines


def _drop_speckles(ws: list) -> list:
    """Drop one- or two-character low-confidence "words" standing alone in a wide gap."""
    out = []
    for k, w in enumerate(ws):
        if w[5] < NOISE_CONFIDENCE and len(w[4]) <= 2 and not w[4].isdigit():
            em = w[3] - w[1]
            left_gap = w[0] - ws[k - 1][2] if k else em
            right_gap = ws[k + 1][0] - w[2] if k + 1 < len(ws) else em
            if left_gap >= em and right_gap >= em:
                continue
        out.append(w)
    return out


def _is_noise(token: str) -> bool:
    return not any(c.isalnum() for c in token)


def _trim_noise(ws: list) -> list:
    """Drop speckles read as punctuation at a line's ends ("_", "|", "—"); keep bullets."""
    start, end = 0, len(ws)
    while (
        start < end
        and _is_noise(ws[start][4])
        and not (ws[start][4] in _BULLETS and ws[start][5] >= 60 and start + 1 < end)
    ):
        start += 1
    while end > start and _is_noise(ws[end - 1][4]):
        end -= 1
    out = ws[start:end]
    if out:
        first, last = out[0], out[-1]
        out[0] = (*first[:4], first[4].lstrip(_EDGE_NOISE) or first[4], first[5])
        if len(out) > 1:
            out[-1] = (*last[:4], last[4].rstrip(_EDGE_NOISE) or last[4], last[5])
    return out


class _Budget:
    """Per-page and total OCR time limits."""

    def __init__(self, limits: Limits, path: Path):
        self.limits = limits
        self.path = path
        self.deadline = time.monotonic() + limits.ocr_total_timeout_s

    def page_timeout(self, page: int) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise Timeout(
                f"OCR exceeded the total limit of {self.limits.ocr_total_timeout_s:.0f} s "
                f"before page {page}",
                path=str(self.path),
            )
        return min(self.limits.ocr_page_timeout_s, left)


def _check_page_count(n: int, limits: Limits, path: Path) -> None:
    if n > limits.ocr_max_pages:
        raise TooLarge(
            f"{n} page(s) without a usable text layer need OCR, over the limit of "
            f"{limits.ocr_max_pages}",
            path=str(path),
        )


# A ruling line of a scanned table: dark pixels running at least this many inches across a band.
RULE_MIN_INCHES = 0.6
# Bands of this many pixel rows are read as one: a line on a page scanned a degree askew drifts
# a few pixels over an inch.
RULE_BAND_PX = 6


def image_rules(
    image: Image.Image, dpi: int, *, origin: tuple[float, float] = (0.0, 0.0)
) -> list[tuple[float, float, float]]:
    """Return the horizontal ruling lines of a page image as (y, x0, x1) in points, top-down.

    Scanned tables keep their borders as pixels only; like a PDF's path objects, they tell a
    wrapped cell (no rule between two text rows) from a new table row. Each band of RULE_BAND_PX
    pixel rows is collapsed (dark anywhere in it) and its dark runs of RULE_MIN_INCHES or more
    are rules (letters leave gaps between them; underlines outside tables are never read).
    `origin` is the page's top-left corner in the image (pixels), as for `tsv_to_lines`.
    """
    import numpy as np

    gray = np.asarray(image if image.mode == "L" else image.convert("L"))
    height, width = gray.shape
    bands = height // RULE_BAND_PX
    if not bands or not width:
        return []
    # The darkest pixel of each band's columns, then one threshold: a tenth of the time of
    # thresholding every pixel first (measured: 0.03 s against 0.36 s on an A4 page at 300 dpi).
    band_min = gray[: bands * RULE_BAND_PX].reshape(bands, RULE_BAND_PX, width).min(axis=1)
    collapsed = band_min < 128
    min_run = RULE_MIN_INCHES * dpi
    scale = 72.0 / dpi
    ox, oy = origin
    rules: list[tuple[float, float, float]] = []
    for band in np.flatnonzero(collapsed.sum(axis=1) >= min_run):
        edges = np.flatnonzero(np.diff(np.concatenate(([0], collapsed[band].view(np.int8), [0]))))
        y = ((band + 0.5) * RULE_BAND_PX - oy) * scale
        for start, end in zip(edges[::2], edges[1::2], strict=True):
            if end - start >= min_run:
                rules.append((y, (start - ox) * scale, (end - ox) * scale))
    return rules


def render_page(page: pdfium.PdfPage, dpi: int = DPI) -> tuple[Image.Image, int]:
    """Render a PDF page in grayscale at `dpi` (lower for huge pages); return image and dpi."""
    w_pt, h_pt = page.get_width(), page.get_height()
    # No floor at 72 dpi: a hostile 4 KB PDF can declare a 5 m page, and Tesseract needs tens of
    # bytes per pixel; such a page is no document page, so bounded memory beats legibility.
    while dpi > 1 and (w_pt * dpi / 72) * (h_pt * dpi / 72) > MAX_PIXELS:
        dpi = max(1, int(dpi * 0.8))
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        image = bitmap.to_pil()
        image = image.convert("L") if image.mode != "L" else image.copy()
    finally:
        bitmap.close()
    return image, dpi


def ocr_pdf_pages(
    pdf: pdfium.PdfDocument, indices: list[int], limits: Limits, *, path: Path
) -> dict[int, tuple[list[Line], list[tuple[float, float, float]]]]:
    """OCR the given 0-based pages of an open PDF; return (lines, ruling lines) by page index."""
    exe = _require_tesseract(path)
    _check_page_count(len(indices), limits, path)
    budget = _Budget(limits, path)
    out: dict[int, tuple[list[Line], list[tuple[float, float, float]]]] = {}
    for i in indices:
        page = pdf[i]
        try:
            image, dpi = render_page(page)
        finally:
            page.close()
        out[i] = ocr_image(exe, image, dpi, budget, path=path, page=i + 1)
    return out


def page_frames(
    path: Path, limits: Limits, data: bytes | None = None
) -> Iterator[tuple[Image.Image, int]]:
    """Yield an image file's frames (or the image in ``data``) in grayscale with their dpi."""
    from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

    try:
        img = Image.open(io.BytesIO(data) if data is not None else path)
        n = getattr(img, "n_frames", 1)
    except Image.DecompressionBombError as e:
        raise TooLarge(f"image has too many pixels ({e})", path=str(path)) from e
    except (UnidentifiedImageError, OSError, SyntaxError) as e:
        raise CorruptFile(f"image cannot be decoded ({e})", path=str(path)) from e
    with img:
        _check_page_count(n, limits, path)
        for k in range(n):
            try:
                img.seek(k)
                img.load()
                # A phone stores a photo as its sensor saw it and says in EXIF how to turn it.
                turned = img.getexif().get(ExifTags.Base.Orientation, 1) in range(2, 9)
                frame = (ImageOps.exif_transpose(img) if turned else img).convert("L")
            except Image.DecompressionBombError as e:
                raise TooLarge(
                    f"image frame {k + 1} has too many pixels ({e})", path=str(path)
                ) from e
            except (OSError, SyntaxError, ValueError) as e:
                raise CorruptFile(
                    f"image frame {k + 1} is damaged or truncated ({e})", path=str(path)
                ) from e
            dpi_info = img.info.get("dpi") or (0, 0)
            try:
                dpi = round(float(dpi_info[0]))
            except (TypeError, ValueError, IndexError):
                dpi = 0
            dpi = dpi if 100 <= dpi <= 1200 else DPI
            pixels = frame.width * frame.height
            if pixels > MAX_PIXELS:
                # A 50-megapixel phone photo OCRs no better than a page at 300 dpi, only slower.
                scale = (MAX_PIXELS / pixels) ** 0.5
                size = (max(1, int(frame.width * scale)), max(1, int(frame.height * scale)))
                frame = frame.resize(size, Image.Resampling.LANCZOS)
                dpi = max(72, round(dpi * scale))
            # A page photographed on a desk: its sheet flattened onto an upright rectangle.
            quad = page_quad(frame)
            if quad is not None:
                frame = even_light(flatten(frame, quad))
            elif uneven_light(frame):
                # The sheet not found (a shadow splits its paper from the light part): its
                # light evened all the same.
                frame = even_light(frame)
            yield frame, dpi


def _ocr_frames(
    frames: Iterable[tuple[Image.Image, int]], limits: Limits, path: Path, warnings: list[str]
) -> tuple[list[Block], int]:
    """OCR page images in order; return their blocks (part "ocr") and how many pages were read.

    What is set aside (signature stamps) is named in ``warnings``.
    """
    exe = _require_tesseract(path)
    budget = _Budget(limits, path)
    pages: dict[int, list[Line] | None] = {}
    heights: dict[int, float] = {}
    rules: dict[int, list[tuple[float, float, float]]] = {}
    for k, (frame, dpi) in enumerate(frames):
        pages[k], rules[k] = ocr_image(exe, frame, dpi, budget, path=path, page=k + 1)
        heights[k] = frame.height * 72.0 / dpi
    kinds = dict.fromkeys(pages, "ocr")
    return pages_to_blocks(pages, kinds, heights, rules, warnings), len(pages)


def read_image(path: str | Path, limits: Limits) -> Document:
    """OCR a scanned image file (PNG, JPEG, TIFF; every TIFF page) into a Document."""
    p = Path(path)
    warnings: list[str] = []
    blocks, n = _ocr_frames(page_frames(p, limits), limits, p, warnings)
    return Document(
        path=str(p), format="image-ocr", blocks=blocks, pages=max(n, 1), warnings=warnings
    )


def read_photos(path: str | Path, limits: Limits) -> Document:
    """OCR the photos of one report's pages sent as a ZIP into one Document, a page per photo.

    Pages follow the natural order of the photos' names ("anh-2" before "anh-10", camera
    timestamps in time order); each is turned upright by its EXIF orientation, then read like a
    scanned image (orientation retried by OSD when the read is poor).
    """
    p = Path(path)
    try:
        with zipfile.ZipFile(p) as zf:
            files = page_members(zf)
            _check_page_count(len(files), limits, p)
            declared = sum(info.file_size for _, info in files)
            if declared > limits.max_unzipped_bytes or any(
                info.file_size > limits.max_file_bytes for _, info in files
            ):
                raise TooLarge(
                    f"photos declare {declared:,} bytes, over the limits "
                    f"({limits.max_file_bytes:,} a photo, {limits.max_unzipped_bytes:,} in all)",
                    path=str(p),
                )

            def frames() -> Iterator[tuple[Image.Image, int]]:
                for name, info in files:
                    try:
                        data = zf.read(info)  # zipfile checks the CRC and the declared size
                    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as e:
                        raise CorruptFile(
                            f"photo {name} cannot be unpacked ({e})",
                            path=str(p),
                            user_message=_photo_message(name),
                        ) from e
                    try:
                        yield from page_frames(p, limits, data)
                    except CorruptFile as e:
                        raise CorruptFile(
                            f"photo {name}: {e.detail}",
                            path=str(p),
                            user_message=_photo_message(name),
                        ) from e

            warnings: list[str] = []
            blocks, n = _ocr_frames(frames(), limits, p, warnings)
    except zipfile.BadZipFile as e:
        raise CorruptFile(f"ZIP of photos is damaged ({e})", path=str(p)) from e
    return Document(
        path=str(p), format="photos-ocr", blocks=blocks, pages=max(n, 1), warnings=warnings
    )


def _photo_message(name: str) -> str:
    return (
        f"Ảnh “{name}” trong tệp nén bị hỏng hoặc không đầy đủ nên không đọc được trang đó. "
        "Đề nghị đơn vị chụp và gửi lại ảnh trang này."
    )


def ocr_embedded_images(
    images: list[tuple[str, bytes]], limits: Limits, *, path: Path
) -> tuple[list[Block], int, list[str]]:
    """OCR page scans embedded in a document (e.g. scans pasted into Word), in their order.

    Images that cannot be decoded (vector EMF/WMF, damaged) or are too small to be a page are
    skipped with a warning. Returns (blocks, pages read, warnings).
    """
    _check_page_count(len(images), limits, path)
    warnings: list[str] = []

    def frames() -> Iterator[tuple[Image.Image, int]]:
        for name, data in images:
            try:
                for frame, dpi in page_frames(path, limits, data):
                    if min(frame.size) >= MIN_PAGE_PIXELS:
                        yield frame, dpi
                    else:
                        warnings.append(f"embedded image {name} too small to be a page; skipped")
            except CorruptFile as e:
                warnings.append(f"embedded image {name} not decoded ({e.detail}); skipped")

    blocks, n = _ocr_frames(frames(), limits, path, warnings)
    return blocks, n, warnings
