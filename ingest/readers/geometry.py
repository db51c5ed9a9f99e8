"""Page geometry of phone photos: find the sheet of paper in a photo and flatten it.

A page photographed on a desk is a bright quadrilateral on a darker background, its corners not a
rectangle; Tesseract then runs the rows of a table together. `page_quad` finds the sheet on a
reduced copy of the photo (Otsu threshold, or the split of the darker class when a glare band is
the brightest; the largest bright connected region, each row filled from its leftmost to its
rightmost pixel; its corners as the extremes of x+y and x-y) and `flatten` maps it onto an
upright rectangle with a perspective transform solved by numpy; `even_light` then divides out
the shading and glare the desk's light left on the paper. Only numpy and Pillow are used.

A quad is believed only when the sheet lies wholly inside the frame with background all round it
and fills its quadrilateral: a flat scan or a photo cropped to the page (the paper reaches the
frame's edges), a page with a dark header band (the bright part reaches the edges) or a page
photographed off the frame's edge are left as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

# The photo is searched reduced to about this many pixels on its longer side.
QUAD_SEARCH_PX = 480
# The sheet must cover at least this share of the frame and leave at least this share of it.
MIN_PAGE_SHARE = 0.2
MAX_PAGE_SHARE = 0.97
# Each corner must lie at least this share of the frame's size inside every edge: background
# all round the sheet, not a page that runs out of the photo.
EDGE_MARGIN = 0.01
# The bright region must fill its quadrilateral this closely (a torn or curled sheet, a shadow
# across it, or a bright region that is not a sheet fails it).
MIN_FILL, MAX_FILL = 0.95, 1.03
# The sheet must stand out from the background by this many grey levels (of 255).
MIN_CONTRAST = 40.0
# An interior angle of a believable sheet, in degrees.
MIN_ANGLE, MAX_ANGLE = 60.0, 120.0
# A photo whose sheet was not found is still evened out when the darkest lit part of its middle
# is under this share of the brightest (a shadow across the paper).
UNEVEN_LIGHT = 0.75

Quad = tuple[tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]]


def otsu_threshold(gray) -> int:
    """Return the grey level (0-255) that best splits an 8-bit image's histogram in two."""
    import numpy as np

    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256, dtype=np.float64)
    weight = np.cumsum(hist)
    mass = np.cumsum(hist * levels)
    total, total_mass = weight[-1], mass[-1]
    below, above = weight, total - weight
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (total_mass * below - mass * total) ** 2 / (below * above)
    between[~np.isfinite(between)] = 0.0
    return int(np.argmax(between))


def page_quad(image: Image.Image) -> Quad | None:
    """Return the corners of the sheet of paper in a photo (TL, TR, BR, BL, in pixels), or None.

    None when no sheet is found with confidence: the photo is a scan or cropped to the page, the
    paper reaches the frame's edges, or the bright region is not a quadrilateral.
    """
    import numpy as np

    factor = max(1, round(max(image.size) / QUAD_SEARCH_PX))
    gray = image if image.mode == "L" else image.convert("L")
    small = gray.reduce(factor) if factor > 1 else gray
    pixels = np.asarray(small)
    t = otsu_threshold(pixels)
    quad = _sheet_at(pixels, t)
    if quad is None:
        # A glare band across the sheet is the brightest class: the threshold then splits the
        # paper itself. The paper against the desk is the split of the darker class.
        darker = pixels[pixels <= t]
        if darker.size:
            quad = _sheet_at(pixels, otsu_threshold(darker))
    if quad is None:
        return None
    h, w = pixels.shape
    # Pixel centres of the reduced copy back in the full image.
    scale_x, scale_y = image.width / w, image.height / h
    tl, tr, br, bl = (((x + 0.5) * scale_x, (y + 0.5) * scale_y) for x, y in quad)
    return tl, tr, br, bl


def _sheet_at(pixels, t: int) -> list[tuple[float, float]] | None:
    """Return the corners of the sheet brighter than `t` in a reduced photo, or None."""
    import numpy as np
    from PIL import Image, ImageFilter

    bright = pixels > t
    if not bright.any() or bright.all():
        return None
    if float(pixels[bright].mean()) - float(pixels[~bright].mean()) < MIN_CONTRAST:
        return None
    # Closing: thin text, rules and seals inside the sheet stop cutting its paper in two.
    mask = Image.fromarray(np.where(bright, 255, 0).astype(np.uint8))
    mask = mask.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.MinFilter(5))
    spans = _largest_region(np.asarray(mask) == 255)
    if not spans:
        return None
    h, w = pixels.shape
    ys = np.array([y for y, _, _ in spans] * 2, dtype=np.float64)
    xs = np.array([x0 for _, x0, _ in spans] + [x1 for _, _, x1 in spans], dtype=np.float64)
    filled = sum(x1 - x0 + 1 for _, x0, x1 in spans)
    corners = [
        (xs + ys).argmin(),  # top-left
        (xs - ys).argmax(),  # top-right
        (xs + ys).argmax(),  # bottom-right
        (xs - ys).argmin(),  # bottom-left
    ]
    quad = [(float(xs[k]), float(ys[k])) for k in corners]
    margin_x, margin_y = EDGE_MARGIN * w, EDGE_MARGIN * h
    if any(
        not (margin_x <= x <= w - 1 - margin_x and margin_y <= y <= h - 1 - margin_y)
        for x, y in quad
    ):
        return None
    area = _polygon_area(quad)
    if not (MIN_PAGE_SHARE * w * h <= area <= MAX_PAGE_SHARE * w * h):
        return None
    if not (MIN_FILL <= filled / area <= MAX_FILL):
        return None
    if not all(MIN_ANGLE <= a <= MAX_ANGLE for a in _angles(quad)):
        return None
    return quad


def _largest_region(bright) -> list[tuple[int, int, int]]:
    """Return the largest 8-connected region of a boolean image as row spans (y, x0, x1).

    Runs of each row are joined with the runs they touch in the row above (union-find over a
    few thousand runs: milliseconds, where a pixel flood fill in Python takes a second). Each
    row's span runs from the region's leftmost to its rightmost pixel, so text, rules and seals
    inside the sheet do not count as holes.
    """
    import numpy as np

    edges = np.diff(np.pad(bright, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    rows_s, cols_s = np.nonzero(edges == 1)
    _, cols_e = np.nonzero(edges == -1)  # same order: row by row, left to right
    parent = list(range(len(rows_s)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    by_row: dict[int, list[int]] = {}
    for k, y in enumerate(rows_s.tolist()):
        by_row.setdefault(y, []).append(k)
    starts, ends = cols_s.tolist(), cols_e.tolist()
    for y, runs in by_row.items():
        above = by_row.get(y - 1, [])
        j = 0
        for k in runs:
            while j < len(above) and ends[above[j]] < starts[k]:
                j += 1
            m = j
            # 8-connected: a run above touches when it overlaps or meets diagonally.
            while m < len(above) and starts[above[m]] <= ends[k]:
                a, b = find(k), find(above[m])
                if a != b:
                    parent[a] = b
                m += 1
    size: dict[int, int] = {}
    for k in range(len(starts)):
        root = find(k)
        size[root] = size.get(root, 0) + ends[k] - starts[k]
    if not size:
        return []
    best = max(size, key=size.__getitem__)
    spans: dict[int, tuple[int, int]] = {}
    for k, y in enumerate(rows_s.tolist()):
        if find(k) == best:
            x0, x1 = spans.get(y, (starts[k], ends[k] - 1))
            spans[y] = (min(x0, starts[k]), max(x1, ends[k] - 1))
    return [(y, x0, x1) for y, (x0, x1) in sorted(spans.items())]


def _polygon_area(quad: list[tuple[float, float]]) -> float:
    area = 0.0
    for (x0, y0), (x1, y1) in zip(quad, quad[1:] + quad[:1], strict=True):
        area += x0 * y1 - x1 * y0
    return abs(area) / 2.0


def _angles(quad: list[tuple[float, float]]) -> list[float]:
    import math

    out = []
    for k in range(4):
        (ax, ay), (bx, by), (cx, cy) = quad[k - 1], quad[k], quad[(k + 1) % 4]
        u, v = (ax - bx, ay - by), (cx - bx, cy - by)
        norm = math.hypot(*u) * math.hypot(*v)
        if not norm:
            return [0.0]
        cos = max(-1.0, min(1.0, (u[0] * v[0] + u[1] * v[1]) / norm))
        out.append(math.degrees(math.acos(cos)))
    return out


def perspective_coefficients(
    dst: list[tuple[float, float]], src: list[tuple[float, float]]
) -> tuple[float, ...]:
    """Return Pillow's 8 PERSPECTIVE coefficients mapping each point of `dst` onto `src`.

    Pillow maps an output pixel (x, y) to the input ((a x + b y + c) / (g x + h y + 1),
    (d x + e y + f) / (g x + h y + 1)): four point pairs give an 8x8 linear system.
    """
    import numpy as np

    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return tuple(float(c) for c in np.linalg.solve(np.array(rows), np.array(rhs)))


def flatten(image: Image.Image, quad: Quad) -> Image.Image:
    """Map the sheet inside `quad` (TL, TR, BR, BL) onto an upright rectangle, paper only.

    The rectangle's sides are the longer of each pair of opposite sides, so the page keeps its
    resolution and its shape (portrait or landscape).
    """
    import math

    from PIL import Image

    tl, tr, br, bl = quad
    width = round(max(math.dist(tl, tr), math.dist(bl, br)))
    height = round(max(math.dist(tl, bl), math.dist(tr, br)))
    dst = [(0.0, 0.0), (width, 0.0), (width, height), (0.0, height)]
    coeffs = perspective_coefficients(dst, list(quad))
    return image.transform(
        (width, height),
        Image.Transform.PERSPECTIVE,
        coeffs,
        resample=Image.Resampling.BICUBIC,
        fillcolor=255,
    )


# The paper's light is estimated on the page reduced by this factor: larger than a letter's
# stroke, smaller than the shading of a phone's shadow or a lamp's glare.
LIGHT_CELL_PX = 16
# A pixel at this share of its paper's light or more is paper, made white: the grain of paper and
# of the phone's sensor, divided out with the light, otherwise reads as speckles (measured on
# samples/season2026's photos: the form's fifth row was lost to them).
PAPER_SHARE = 0.88


def _paper_light(gray: Image.Image) -> Image.Image:
    """Return the paper's brightness under each point of a page: the brightest pixel of each
    cell, smoothed, at the size of the page."""
    from PIL import Image, ImageFilter

    small = gray.reduce(LIGHT_CELL_PX) if min(gray.size) > 4 * LIGHT_CELL_PX else gray
    paper = small.filter(ImageFilter.MaxFilter(3)).filter(ImageFilter.GaussianBlur(2))
    return paper.resize(gray.size, Image.Resampling.BILINEAR)


def uneven_light(image: Image.Image) -> bool:
    """Tell whether a page's paper is lit unevenly (a shadow or glare across it): its darkest
    lit part under UNEVEN_LIGHT of its brightest. A scan's paper is lit alike everywhere."""
    import numpy as np

    gray = image if image.mode == "L" else image.convert("L")
    light = np.asarray(_paper_light(gray), dtype=np.float32)
    h, w = light.shape
    inner = light[h // 10 : h - h // 10, w // 10 : w - w // 10]
    low, high = np.percentile(inner, [5, 95])
    return bool(high > 0 and low < UNEVEN_LIGHT * high)


def even_light(image: Image.Image) -> Image.Image:
    """Return a photographed page with its paper made evenly white (shadows and glare divided out).

    Tesseract binarizes a page with one global threshold: once the desk is cut away, a glare band
    across the paper is brighter than the rest by more than the ink is darker, and the text under
    it was lost. The paper's brightness is the brightest pixel of each cell, smoothed; dividing by
    it leaves ink dark on white everywhere, the paper's grain (above PAPER_SHARE) white.
    """
    import numpy as np
    from PIL import Image

    gray = image if image.mode == "L" else image.convert("L")
    light = np.maximum(np.asarray(_paper_light(gray), dtype=np.float32), 1.0)
    even = np.asarray(gray, dtype=np.float32) * (255.0 / PAPER_SHARE / light)
    return Image.fromarray(np.clip(even, 0, 255).astype(np.uint8))
