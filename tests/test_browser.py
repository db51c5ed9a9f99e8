"""The main journey in a real headless Chromium: login, upload, correct, overview, XLSX export.

Runs `streamlit run serve.py` on a free port against a private copy of the seeded warehouse and
drives Debian's /usr/bin/chromium through Playwright (no browser download).
"""

from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
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

from ingest.record import FIELD_LABELS
from ui.auth import COOKIE
from ui.format import fmt_int
from ui.session_cookie import CLOSE_PATH, OPEN_PATH

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


def through_cookie_route(page, button: str) -> None:
    """Click ``button`` (log in or out) and wait until the browser is back from the server's
    cookie route (ui.session_cookie): an action taken before races that navigation (a reload in
    the middle of it is aborted, a choice made on the page is lost)."""
    with page.expect_navigation(url=lambda url: urlsplit(url).path not in (OPEN_PATH, CLOSE_PATH)):
        page.get_by_role("button", name=button).click()


def download(page, button):
    """Click the download ``button`` once the page's run has ended, and return the download.

    A click while the script still runs may land on a button the run is about to redraw."""
    from playwright.sync_api import expect

    expect(page.locator('[data-test-script-state="notRunning"]')).to_have_count(1)
    with page.expect_download() as info:
        button.click()
    return info.value


def _session_cookie(page) -> dict | None:
    """Return the browser's session cookie (HttpOnly ones included), or None."""
    return next((c for c in page.context.cookies() if c["name"] == COOKIE), None)


@pytest.fixture
def server(seeded_db: Path, tmp_path: Path):
    """Start the dashboard on a private copy of the seeded warehouse; yield its URL."""
    with _serve(copy_warehouse(seeded_db, tmp_path / "wh"), tmp_path) as url:
        yield url


@contextmanager
def _serve(db: Path, tmp_path: Path) -> Iterator[str]:
    """Run `streamlit run serve.py` on ``db``; yield its URL, and stop the server on leaving."""
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
            "serve.py",
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
            through_cookie_route(page, "Đăng nhập")
            expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()
            # A reload is a new Streamlit session: the session cookie keeps the user logged in.
            # The server sets it HttpOnly: no page script can read the token.
            cookie = _session_cookie(page)
            assert cookie and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
            assert not page.evaluate(f"document.cookie.includes('{COOKIE}=')")
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
            path = tmp_path / "export.xlsx"
            download(page, page.get_by_role("button", name=re.compile("Tải Excel"))).save_as(path)
            page.screenshot(path=str(tmp_path / "xuat_bao_cao.png"), full_page=True)

            # Logging out ends the session and clears the cookie: a reload asks for the password.
            through_cookie_route(page, "Đăng xuất")
            expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
            assert _session_cookie(page) is None
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
    through_cookie_route(page, "Đăng nhập")
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()


def _choose_year(page, year: int) -> None:
    """Pick the sidebar's year: the app opens on the period officials work on, not a sample's."""
    from playwright.sync_api import expect

    box = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Năm")
    box.click()
    page.get_by_role("option", name=str(year), exact=True).click()
    expect(box).to_have_value(str(year))
    # The rerun for the new year has ended: no element of the previous run is left on screen.
    expect(page.locator('[data-stale="true"]')).to_have_count(0)


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
            # Under load the rerun for the chosen year may still show the old year's metric
            # beside the new one: wait for the year's figure, then for it alone.
            expect(metric.filter(has_text=fmt_int(total))).to_have_count(1)
            expect(metric).to_have_count(1)
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


SEASON = ROOT / "samples" / "season2026"
# The season's uploads: a department's DOCX, a commune's DOCX and a commune's photo set (a ZIP of
# two phone photos of one report, read by OCR).
SEASON_UPLOADS = (
    "2026/bc-nd244-2026-svhttdl.docx",
    "2026/BC_phat_ngon_2026_YenThang.docx",
    "2026/anh_bao_cao_vu_duong.zip",
)


@pytest.fixture(scope="session")
def history_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed a warehouse with the registry and the 2019–2020 history but none of the 2026 season,
    so that the season's reports arrive through the browser."""
    samples = tmp_path_factory.mktemp("history-samples")
    for name in ("agencies.csv", "manifest.csv", "reports"):
        (samples / name).symlink_to(SAMPLES / name)
    db = tmp_path_factory.mktemp("history") / "warehouse.duckdb"
    env = {**os.environ, "REPORTS_DB": str(db), "OMP_THREAD_LIMIT": "1"}
    env["REPORTS_ADMIN_PASSWORD"] = ADMIN_PASSWORD
    cmd = [sys.executable, "-m", "warehouse", "seed", "--db", str(db), "--samples", str(samples)]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"seed failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return db


def _season_truth() -> list[dict]:
    return [
        json.loads((SEASON / "truth" / f"{rel}.json").read_text(encoding="utf-8"))
        for rel in SEASON_UPLOADS
    ]


def _docx_text(path: Path) -> tuple[str, list[list[list[str]]]]:
    """Return a DOCX's paragraphs as one text and its tables (rows of cell texts)."""
    from docx import Document

    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    return text, [[[c.text.strip() for c in r.cells] for r in t.rows] for t in doc.tables]


def test_season_2026_import_upload_overview_form_report_reminder(history_db: Path, tmp_path: Path):
    """Issue 15's journey: an admin imports Ninh Bình's communes, uploads 2026 reports (one a photo
    set), sees the season's figures and the days left to 20/12, downloads the Điều 10 report, its
    annex and the công văn đôn đốc, whose figures are the warehouse's and the samples' truth."""
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    from openpyxl import load_workbook
    from playwright.sync_api import expect, sync_playwright

    from ingest.periods import form_due
    from warehouse import form_report, queries

    year = 2026
    senders = {t["agency"] for t in _season_truth()}
    assert len(senders) == len(SEASON_UPLOADS)
    db = copy_warehouse(history_db, tmp_path / "wh")
    files = tmp_path / "downloads"
    files.mkdir()
    shown: dict[str, str] = {}
    with _serve(db, tmp_path) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            _login(page, url)

            # Danh mục: the communes of the registry's province again (none new, none doubled).
            page.get_by_role("link", name="Danh mục").click()
            page.get_by_text("Nhập đơn vị cấp xã từ danh mục hành chính quốc gia").click()
            box = page.get_by_role("combobox", name="Tỉnh, thành phố")
            box.click()
            # The list of 34 provinces is drawn a window at a time: type to bring the one wanted.
            box.press_sequentially("Ninh B")
            page.get_by_role("option", name=re.compile("Ninh Bình")).click()
            page.get_by_role("button", name="Nhập đơn vị cấp xã").click()
            expect(page.get_by_text(re.compile(r"Đã nhập 129 đơn vị cấp xã của tỉnh Ninh Bình: "
                                               r"thêm mới 0"))).to_be_visible()  # fmt: skip

            # Tiếp nhận: the season's reports, the photo set among them.
            page.get_by_role("link", name="Tiếp nhận báo cáo").click()
            expect(page.get_by_role("heading", name="Tiếp nhận báo cáo")).to_be_visible()
            uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
            uploader.set_input_files([SEASON / "reports" / rel for rel in SEASON_UPLOADS])
            for rel in SEASON_UPLOADS:  # the uploader shortens long names; its buttons do not
                remove = page.get_by_role("button", name=f"Remove {Path(rel).name}")
                expect(remove).to_be_visible()
            page.get_by_role("button", name="Nạp báo cáo").click()
            expect(page.get_by_text(re.compile(r"^Kết quả \d+ tệp"))).to_be_visible()
            summary = page.get_by_text(re.compile(r"^Kết quả \d+ tệp")).inner_text()
            assert "Lỗi" not in summary and "Chưa khớp" not in summary, summary

            # Tổng quan: the 2026 season's figures and the days left to the ministry's 20/12.
            page.get_by_role("link", name="Tổng quan").click()
            expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()
            _choose_year(page, year)
            received = page.locator('[data-testid="stMetric"]').filter(has_text="Đã nộp").first
            expect(received).to_contain_text(fmt_int(len(senders)))
            for label in ("Phải nộp", "Đã nộp", "Đúng hạn", "Nộp muộn", "Chưa nộp"):
                shown[label] = _metric(page, label)
            days = (form_due(year) - date.today()).days
            line = (
                f"Còn {days} ngày đến hạn gửi Bộ (20/12/{year})."
                if days >= 0
                else f"Đã quá hạn gửi Bộ {-days} ngày (20/12/{year})."
            )
            expect(page.get_by_text(line)).to_be_visible()

            # Xuất báo cáo: the Điều 10 report, its annex and the reminder.
            page.get_by_role("link", name="Xuất báo cáo").click()
            expect(page.get_by_role("heading", name="Xuất báo cáo")).to_be_visible()
            for button, name in (
                ("Tải báo cáo (DOCX)", "nd244.docx"),
                ("Tải phụ lục (XLSX)", "annex.xlsx"),
                ("Tải công văn đôn đốc (DOCX)", "reminder.docx"),
            ):
                download(page, page.get_by_role("button", name=button, exact=True)).save_as(
                    files / name
                )
        finally:
            browser.close()

    # The server has stopped: the warehouse copy is what the pages read.
    summary = queries.completeness_summary(year=year, db=db)
    assert summary["received"] == len(senders)
    assert shown == {
        "Phải nộp": fmt_int(summary["expected"]),
        "Đã nộp": fmt_int(summary["received"]),
        "Đúng hạn": fmt_int(summary["on_time"]),
        "Nộp muộn": fmt_int(summary["late"]),
        "Chưa nộp": fmt_int(summary["missing"]),
    }
    assert summary["missing"] == summary["expected"] - len(senders) > 0

    comp = queries.completeness(year=year, db=db)
    assert set(comp.loc[comp["status"] != "missing", "agency"]) == senders  # the photo set too

    # The Điều 10 report: the province's figures, summed here from the warehouse's indicators
    # (a ratio over the reports stating both of its terms).
    stated = queries.form_indicators(year=year, db=db)
    assert stated["briefings"].notna().any()
    briefings = int(stated["briefings"].sum())
    both = stated.dropna(subset=["press_requests_answered", "press_requests_received"])
    answered = int(both["press_requests_answered"].sum())
    asked = int(both["press_requests_received"].sum())
    form = form_report.province_form(year=year, db=db)
    text, tables = _docx_text(files / "nd244.docx")
    assert f"tổng hợp từ báo cáo của {len(senders)}/{summary['expected']} cơ quan" in text
    assert "DỰ THẢO – " in text  # units are missing: not yet complete
    items = {r[0]: r[2] for t in tables for r in t if re.fullmatch(r"\(\d+\)", r[0])}
    assert items == {f"({i.number})": i.value for i in form.items}
    number = {i.label: f"({i.number})" for i in form.items}
    assert items[number[FIELD_LABELS["briefings"]]] == fmt_int(briefings)
    assert any(v.startswith(f"{fmt_int(answered)}/{fmt_int(asked)}") for v in items.values())

    # The annex: one row per expected unit, then the province; the senders' rows carry figures.
    ws = load_workbook(files / "annex.xlsx", read_only=True).worksheets[0]
    sheet = [list(r) for r in ws.iter_rows(values_only=True)]
    header, units, province = sheet[0], sheet[1:-1], sheet[-1]
    assert len(units) == summary["expected"] and province[1] == form_report.PROVINCE_ROW
    col = header.index(FIELD_LABELS["briefings"])
    sent = {r[1]: r[col] for r in units if r[3] != "Chưa nộp"}
    assert set(sent) == senders
    by_agency = dict(zip(stated["agency"], stated["briefings"], strict=True))
    assert sent == {a: None if pd.isna(by_agency.get(a)) else by_agency[a] for a in senders}
    assert province[col] == briefings

    # The công văn đôn đốc: every unit that has not reported, by name, and how many.
    text, tables = _docx_text(files / "reminder.docx")
    remind = queries.units_to_remind(year=year, db=db)
    assert len(remind) == summary["missing"]
    assert f"chưa nhận được báo cáo của {summary['missing']} cơ" in text
    listing = next(t for t in tables if t[0][:2] == ["STT", "Đơn vị"])
    assert listing[0][2:] == ["Người phát ngôn", "Điện thoại", "Thư điện tử"]
    listed = [r[1] for r in listing[1:]]
    assert listed == list(remind["agency"])
    assert not senders & set(listed)
    # Each unit's contact, "chưa có" where neither a report nor the registry gives one.
    assert all(len(r) == 5 and all(r[2:]) for r in listing[1:])
