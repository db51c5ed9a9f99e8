"""Issue 6/7's target: an official's afternoon, end to end in one real headless Chromium.

An editor logs in on a 1400×900 screen, sees the compliance table whole, opens a SCANNED report
of the seeded warehouse, chooses three of its fields and sees each highlighted on its page image
(checked in the screenshot's pixels against the field's stored box), confirms the report, locks
the period ("Chốt số liệu") and downloads the DOCX for UBND tỉnh, read back with python-docx.
One served app and one browser for the whole journey; every wait is for a condition.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from conftest import TEST_PASSWORD, add_user, copy_warehouse
from docx import Document
from docx.oxml.ns import qn
from PIL import Image
from test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    _choose_year,
    _serve,
    download,
    through_cookie_route,
)

from ingest.document import Box
from ingest.periods import PERIOD_LABELS
from ingest.record import FIELD_LABELS
from ui.format import fmt_period
from warehouse import locks, queries
from warehouse.evidence import PAD, SCALE

pytestmark = pytest.mark.browser

EDITOR = "bientap"
SIGNER = "Nguyễn Văn Bình"
YEAR, PERIOD = 2020, "year"
# A scanned, stamped report of the samples, read by OCR at seeding (format pdf-ocr).
SCAN = "scan_20201130_164819.pdf"
FIELDS = 3
# The highlight over paper: translucent yellow (warehouse.evidence.FILL), far from grey or red ink.
MARGIN_PX = 12  # around the box: the browser's scaling blurs the edge of the drawing this far


def _yellow(rgb: tuple[int, int, int]) -> bool:
    r, g, b = rgb
    return r > 200 and g > 180 and b < g - 40


def _red(rgb: tuple[int, int, int]) -> bool:
    r, g, b = rgb
    return r > 150 and g < 110 and b < 110


def _scanned_report(db: Path) -> tuple[str, str, dict[str, Box]]:
    """Return the scan's report id, agency id and its fields with a stored box (not derived)."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT r.id, r.agency_id, fv.field, fv.box FROM reports r "
            "JOIN files fi ON fi.id = r.file_id JOIN field_values fv ON fv.report_id = r.id "
            "WHERE fi.original_name = ? AND fi.format = 'pdf-ocr' AND r.year = ? "
            "AND r.period = ? AND fv.box IS NOT NULL AND NOT coalesce(fv.derived, false) "
            "ORDER BY fv.field",
            [SCAN, YEAR, PERIOD],
        ).fetchall()
    assert rows, f"{SCAN} is not a boxed OCR report of the seeded warehouse"
    boxes = {field: Box.from_dict(json.loads(box)) for _, _, field, box in rows}
    return rows[0][0], rows[0][1], boxes


def _check_highlight(png: Path, box: Box, natural_width: int) -> None:
    """Check the screenshot of a page image: the highlight's yellow fills the field's stored
    box (scaled as drawn, then as shown) and appears nowhere far from it; its red outline too."""
    image = Image.open(png).convert("RGB")
    k = SCALE * image.width / natural_width  # points -> screenshot pixels
    x0, y0 = (box.x0 - PAD) * k, (box.top - PAD) * k
    x1, y1 = (box.x1 + PAD) * k, (box.bottom + PAD) * k
    assert 0 <= x0 < x1 <= image.width and 0 <= y0 < y1 <= image.height, (box, image.size)
    px = image.load()
    inside = [
        px[x, y] for x in range(int(x0) + 3, int(x1) - 3) for y in range(int(y0) + 3, int(y1) - 3)
    ]
    share = sum(map(_yellow, inside)) / max(1, len(inside))
    assert share > 0.3, f"{png.name}: {share:.0%} of the box is highlighted"
    ring = [
        px[x, y]
        for x in range(max(0, int(x0) - 2), min(image.width, int(x1) + 3))
        for y in (*range(max(0, int(y0) - 2), int(y0) + 3), *range(int(y1) - 2, int(y1) + 3))
        if y < image.height
    ]
    assert any(map(_red, ring)), f"{png.name}: no red outline along the box"
    far = [
        (x, y)
        for y in range(0, image.height, 2)
        for x in range(0, image.width, 2)
        if not (x0 - MARGIN_PX <= x <= x1 + MARGIN_PX and y0 - MARGIN_PX <= y <= y1 + MARGIN_PX)
        and _yellow(px[x, y])
    ]
    assert not far, f"{png.name}: highlight colour far from the box, first at {far[0]}"


def _choose_period(page, period: str) -> None:
    from playwright.sync_api import expect

    box = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Kỳ báo cáo")
    box.click()
    label = PERIOD_LABELS[period]
    page.get_by_role("option", name=re.compile(f"^{re.escape(label)}")).click()
    expect(box).to_have_value(re.compile(f"^{re.escape(label)}"))
    expect(page.locator('[data-stale="true"]')).to_have_count(0)


def _grids_fit(page) -> list[dict]:
    """Return each drawn data grid's scroll and client widths and its right edge (a grid in a
    closed expander is not drawn)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
            .filter(g => g.offsetParent !== null)
            .map(g => g.querySelector('.dvn-scroller'))
            .filter(s => s !== null)
            .map(s => ({scroll: s.scrollWidth, client: s.clientWidth,
                        right: s.getBoundingClientRect().right, view: window.innerWidth}))"""
    )


def _open_expander(page, title: str) -> None:
    """Open the expander titled ``title…`` unless it is open (a rerun may keep it either way)."""
    from playwright.sync_api import expect

    details = page.locator('[data-testid="stExpander"] details').filter(has_text=title).first
    if details.get_attribute("open") is None:
        details.locator("summary").first.click()
    expect(details).to_have_attribute("open", "")


def _bottom_rule(paragraph) -> bool:
    return paragraph._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None


def test_official_afternoon_scan_evidence_confirm_lock_docx(seeded_db: Path, tmp_path: Path):
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    from playwright.sync_api import expect, sync_playwright

    db = copy_warehouse(seeded_db, tmp_path / "wh")
    add_user(db, EDITOR, "editor")
    report_id, agency_id, boxes = _scanned_report(db)
    assert len(boxes) >= FIELDS, boxes
    chosen = list(boxes)[:FIELDS]
    docx_path = tmp_path / "tong-hop.docx"

    with _serve(db, tmp_path) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
            page.set_default_timeout(TIMEOUT_MS)
            expect.set_options(timeout=TIMEOUT_MS)
            page.goto(url)
            page.get_by_role("textbox", name="Tên đăng nhập").fill(EDITOR)
            page.get_by_role("textbox", name="Mật khẩu").fill(TEST_PASSWORD)
            through_cookie_route(page, "Đăng nhập")
            expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()
            _choose_year(page, YEAR)
            _choose_period(page, PERIOD)

            # Tổng quan at 1400×900: the compliance table's criterion columns need no scrolling.
            expect(page.get_by_text(re.compile(r"^✓ đạt · ✗ chưa đạt"))).to_be_visible()
            # The legend is written before the grid is drawn: wait for the grid itself.
            expect(page.locator('[data-testid="stDataFrame"] .dvn-scroller').first).to_be_visible()
            grids = _grids_fit(page)
            assert grids, "no data grid on Tổng quan"
            for grid in grids:
                assert grid["scroll"] <= grid["client"] + 1, grid
                assert grid["right"] <= grid["view"], grid
            page.screenshot(path=str(tmp_path / "tong_quan.png"), full_page=True)

            # Đơn vị, by its deep link (a new session: the cookie keeps the editor logged in).
            page.goto(f"{url}/don_vi?agency={agency_id}")
            expect(page.get_by_role("heading", name="Đơn vị")).to_be_visible()
            _choose_year(page, YEAR)
            _choose_period(page, PERIOD)
            _open_expander(page, f"{fmt_period(PERIOD, YEAR)} – phiên bản")
            radio = page.locator('[data-testid="stRadio"]').filter(
                has_text="Trường cần xem trên trang"
            )
            for field in chosen:
                label = FIELD_LABELS.get(field, field)
                option = radio.locator("label").filter(
                    has_text=re.compile(rf"^\W*\s*{re.escape(label)} \(")
                )
                option.first.click()
                caption = f"Trang {boxes[field].page}: {label}"
                shown = page.locator('[data-testid="stImage"]').filter(has_text=caption)
                expect(shown).to_have_count(1)
                expect(page.locator('[data-stale="true"]')).to_have_count(0)
                img = shown.locator("img")
                loaded = "i => i.complete && i.naturalWidth > 0"
                page.wait_for_function(loaded, arg=img.element_handle())
                natural = img.evaluate("i => i.naturalWidth")
                shot = tmp_path / f"bang_chung_{field}.png"
                img.screenshot(path=str(shot))
                _check_highlight(shot, boxes[field], natural)

            # Confirm: the stamp names the reviewer and the time.
            page.get_by_role("button", name="Xác nhận", exact=True).click()
            expect(page.get_by_text("Đã xác nhận báo cáo.")).to_be_visible()
            stamp = re.compile(rf"^Đã xác nhận – {EDITOR}, \d\d/\d\d/\d{{4}} \d\d:\d\d$")
            # In the report's expander (which the rerun may have closed).
            expect(page.get_by_text(stamp)).to_be_attached()

            # Lock the period on Tiếp nhận báo cáo.
            page.get_by_role("link", name="Tiếp nhận báo cáo").click()
            expect(page.get_by_role("heading", name="Tiếp nhận báo cáo")).to_be_visible()
            page.get_by_role("button", name="Chốt số liệu").click()
            expect(
                page.get_by_text(re.compile(rf"^Số liệu đã chốt ngày .* bởi {EDITOR}"))
            ).to_be_visible()

            # The DOCX for UBND tỉnh, signed on the deputy's behalf by a named official.
            page.get_by_role("link", name="Xuất báo cáo").click()
            expect(page.get_by_role("heading", name="Xuất báo cáo")).to_be_visible()
            name = page.get_by_role("textbox", name=re.compile("^Họ tên người ký"))
            name.fill(SIGNER)
            name.press("Enter")
            # The name is taken in (no "press Enter" hint left) and the rerun with it has ended.
            hint = page.locator('[data-testid="InputInstructions"]')  # "15/80" stays
            expect(hint).not_to_have_text(re.compile("Enter"))
            word = page.get_by_role("button", name=re.compile("Tải Word"))
            download(page, word).save_as(docx_path)
        finally:
            browser.close()

    # The server has stopped: read what the warehouse kept and what the DOCX says.
    assert queries.confirmation(report_id=report_id, db=db)[0] == EDITOR
    lock = locks.period_lock(year=YEAR, period=PERIOD, db=db)
    assert lock is not None and lock.locked_by == EDITOR
    doc = Document(str(docx_path))
    header = doc.tables[0]
    (body, motto), (number, place) = ([c for c in r.cells] for r in header.rows)
    for cell in (body, motto):  # a rule line (bottom border of an empty paragraph) under each
        ruled = [k for k, par in enumerate(cell.paragraphs) if _bottom_rule(par)]
        assert len(ruled) == 1 and ruled[0] > 0 and not cell.paragraphs[ruled[0]].text
        assert cell.paragraphs[ruled[0] - 1].text.strip()
    assert "Độc lập - Tự do - Hạnh phúc" in motto.text
    assert re.search(r"Số:\s+/BC-", number.text)  # on the same row as the place-date line
    assert re.search(rf", ngày\s+tháng\s+năm {YEAR + 1}|, ngày\s+tháng\s+năm \d{{4}}", place.text)
    closing = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    sign = closing.rows[0].cells[1].paragraphs
    assert sign[0].text.startswith("KT. ") and sign[1].text.startswith("PHÓ ")
    assert sign[-1].text == SIGNER
    grids = [t for t in doc.tables if t.style is not None and t.style.name == "Table Grid"]
    assert grids
    for table in grids:
        assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert locks.lock_line(lock) in [par.text for par in doc.paragraphs]
