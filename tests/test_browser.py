"""The main journey in a real headless Chromium: login, upload, correct, overview, XLSX export.

Runs `streamlit run app.py` on a free port against a private copy of the seeded warehouse and
drives Debian's /usr/bin/chromium through Playwright (no browser download).
"""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from conftest import (
    ADMIN_PASSWORD,
    ROOT,
    SAMPLES,
    copy_warehouse,
    current_reports,
    resubmission_bytes,
    upload_candidate,
    wait_until,
)

from ui.auth import COOKIE
from ui.format import fmt_int

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Generous on purpose: every wait below is for a condition (an element, a cookie), so this only
# bounds a broken run, and a busy 2-core machine passes as a fast one does.
TIMEOUT_MS = 120_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(seeded_db: Path, tmp_path: Path):
    """Start the dashboard on a private copy of the seeded warehouse; yield its URL."""
    db = copy_warehouse(seeded_db, tmp_path / "wh")
    port = _free_port()
    env = {
        **os.environ,
        "REPORTS_DB": str(db),
        "REPORTS_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "OMP_THREAD_LIMIT": "1",
    }
    log = (tmp_path / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        if proc.poll() is not None:
            log.flush()
            pytest.fail("streamlit exited:\n" + (tmp_path / "streamlit.log").read_text())
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as r:
                return r.status == 200
        except OSError:
            return False

    try:
        wait_until(up, timeout=180, interval=0.25, what="streamlit's health check")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_upload_correct_overview_export(server: str, tmp_path: Path):
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    from openpyxl import load_workbook
    from playwright.sync_api import expect, sync_playwright

    rep = upload_candidate()
    upload = tmp_path / "bao-cao-gui-lai.docx"
    upload.write_bytes(resubmission_bytes(SAMPLES / "reports" / rep.file))
    agency = rep.truth["agency"]

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            page.set_default_timeout(TIMEOUT_MS)
            expect.set_options(timeout=TIMEOUT_MS)  # expect() has its own default of 5 s
            page.goto(server)
            page.get_by_role("textbox", name="Tên đăng nhập").fill("admin")
            page.get_by_role("textbox", name="Mật khẩu").fill(ADMIN_PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()
            # A reload is a new Streamlit session: the session cookie keeps the user logged in.
            page.wait_for_function(f"document.cookie.includes('{COOKIE}=')")
            page.reload()
            expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()
            expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
            _choose_year(page, rep.truth["year"])

            page.get_by_role("link", name="Tiếp nhận báo cáo").click()
            expect(page.get_by_role("heading", name="Tiếp nhận báo cáo")).to_be_visible()
            page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
                upload
            )
            expect(page.get_by_text("bao-cao-gui-lai.docx").first).to_be_visible()
            page.get_by_role("button", name="Nạp báo cáo").click()
            expect(page.get_by_text("Bản thay thế (phiên bản mới)")).to_be_visible()

            # The read values are shown with their evidence.
            table = page.locator('[data-testid="stTable"]').first
            row = table.locator("tr").filter(has_text="Tổng số tin, bài").first
            expect(row).to_contain_text(fmt_int(rep.truth["posts_total"]))
            expect(table.locator("tr").filter(has_text="Đơn vị").first).to_contain_text(agency)

            # The overview now counts the new version; remember its total before correcting.
            page.get_by_role("link", name="Tổng quan").click()
            expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()
            before = int(_metric(page, "Tổng tin, bài").replace(".", ""))
            page.get_by_role("link", name="Tiếp nhận báo cáo").click()
            expect(row).to_contain_text(fmt_int(rep.truth["posts_total"]))  # results are kept

            new = rep.truth["posts_total"] + 1000
            field = page.get_by_label("Trường cần sửa")
            field.click()
            field.press_sequentially("Tổng số tin")
            field.press("Enter")
            value = page.get_by_role("textbox", name="Giá trị mới")
            expect(value).to_have_value(fmt_int(rep.truth["posts_total"]))
            value.fill(fmt_int(new))
            page.get_by_role("textbox", name="Lý do", exact=True).fill("Đối chiếu bản giấy có dấu")
            page.get_by_role("button", name="Lưu chỉnh sửa").click()
            expect(page.get_by_text("Đã lưu chỉnh sửa")).to_be_visible()
            expect(row).to_contain_text(fmt_int(new))

            page.get_by_role("link", name="Tổng quan").click()
            expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()
            expected_total = before - rep.truth["posts_total"] + new
            expect(
                page.locator('[data-testid="stMetric"]').filter(has_text="Tổng tin, bài")
            ).to_contain_text(fmt_int(expected_total))

            page.get_by_role("link", name="Xuất báo cáo").click()
            expect(page.get_by_role("heading", name="Xuất báo cáo")).to_be_visible()
            with page.expect_download() as info:
                page.get_by_role("button", name=re.compile("Tải Excel")).click()
            path = tmp_path / "export.xlsx"
            info.value.save_as(path)
            page.screenshot(path=str(tmp_path / "xuat_bao_cao.png"), full_page=True)

            # Logging out ends the session and clears the cookie: a reload asks for the password.
            page.get_by_role("button", name="Đăng xuất").click()
            expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
            page.wait_for_function(f"!document.cookie.includes('{COOKIE}=')")
            page.reload()
            expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
            expect(page.get_by_role("heading", name="Tổng quan")).to_have_count(0)
        finally:
            browser.close()

    wb = load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    rows = [list(r) for ws in wb.worksheets for r in ws.iter_rows(values_only=True)]
    hits = [r for r in rows if any(c == agency for c in r)]
    assert hits, f"{agency} not in the exported workbook"
    assert any(new in r or fmt_int(new) in r for r in hits), f"corrected {new} not exported"


def _login(page, server: str) -> None:
    from playwright.sync_api import expect

    page.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page.goto(server)
    page.get_by_role("textbox", name="Tên đăng nhập").fill("admin")
    page.get_by_role("textbox", name="Mật khẩu").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()


def _choose_year(page, year: int) -> None:
    """Pick the sidebar's year: the app opens on the period officials work on, not a sample's."""
    from playwright.sync_api import expect

    box = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Năm")
    box.click()
    page.get_by_role("option", name=str(year), exact=True).click()
    expect(box).to_have_value(str(year))


def test_unknown_agency_waits_in_queue_and_changes_no_figures(server: str, tmp_path: Path):
    """Issue 14: a report of "Sở Ngoại vụ" (not in the registry) waits as "chưa khớp đơn vị";
    the look-alike Sở Nội vụ's figures and the overview's totals stay as they were."""
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    from playwright.sync_api import expect, sync_playwright
    from test_agency_identity import report_docx

    # The year of Sở Nội vụ's real report in the samples (354 posts): a look-alike's 97 posts
    # must not replace it.
    upload = report_docx(tmp_path, "HÀ NAM", "SỞ NGOẠI VỤ", 2020, 97, name="so-ngoai-vu.docx")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            _login(page, server)
            _choose_year(page, 2020)
            # The year's total of the samples' current reports, as the overview must show it.
            total = sum(r.truth.get("posts_total") or 0 for r in current_reports(2020).values())
            metric = page.locator('[data-testid="stMetric"]').filter(has_text="Tổng tin, bài")
            expect(metric).to_contain_text(fmt_int(total))

            page.get_by_role("link", name="Tiếp nhận báo cáo").click()
            expect(page.get_by_role("heading", name="Tiếp nhận báo cáo")).to_be_visible()
            page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
                upload
            )
            expect(page.get_by_text("so-ngoai-vu.docx").first).to_be_visible()
            page.get_by_role("button", name="Nạp báo cáo").click()
            # The result says it is not matched; the queue holds it, kind "Chưa khớp đơn vị".
            expect(page.get_by_text("Chưa khớp đơn vị:").first).to_be_visible()
            queue = page.locator('[data-testid="stTable"]').last
            row = queue.locator("tr").filter(has_text="so-ngoai-vu.docx").first
            expect(row).to_contain_text("Chưa khớp đơn vị")

            page.get_by_role("link", name="Tổng quan").click()
            expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()
            expect(metric).to_contain_text(fmt_int(total))
            assert _metric(page, "Tổng tin, bài") == fmt_int(total)
        finally:
            browser.close()
