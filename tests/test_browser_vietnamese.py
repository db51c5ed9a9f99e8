"""Issue 6/7, item 5: no English word on any screen an admin sees, in a real headless Chromium.

Every page is walked (every tab and expander opened, every data grid hovered so its toolbar
shows), plus the login form while a field has the focus and an address that is no page. The
visible text and the tooltips and labels of controls (aria-label, title, placeholder) must hold
none of Streamlit's English interface strings and no other ASCII-only word that is not Vietnamese
written without marks or an allowed abbreviation.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ADMIN_PASSWORD, ROOT
from test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    _choose_year,
    server,  # noqa: F401
    through_cookie_route,
)

pytestmark = pytest.mark.browser

# English strings of Streamlit's and Vega's own interface (checked as words, case-insensitive).
STREAMLIT_ENGLISH = (
    "Drag and drop",
    "Browse files",
    "Upload",
    "Limit",
    "per file",
    "Press Enter",
    "submit form",
    "to apply",
    "Page not found",
    "You have requested",
    "Running",
    "Download",
    "Search",
    "Fullscreen",
    "Close",
    "Save as",
    "View source",
    "Open in Vega Editor",
    "Show data",
    "Clear",
    "Deploy",
    "Rerun",
    "Settings",
    "Print",
    "Choose an option",
    "No results",
    "Select all",
    "Please",
    "Connecting",
    "Click to view actions",
    "Main menu",
    "Collapse",
    "Expand",
    "sidebar",
    "Copy",
    "Delete",
    "Remove",
    "Add row",
    "Show/hide columns",
    "Open",
)
# ASCII-only words allowed on screen: formats, outlets, units, names of the product's data.
ALLOWED = {
    "DOCX",
    "XLSX",
    "CSV",
    "PDF",
    "ZIP",
    "DOC",
    "ODT",
    "RTF",
    "JPG",
    "PNG",
    "TTXVN",
    "VTV",
    "VOV",
    "MB",
    "UBND",
    "HĐND",
    "BC",
    "CP",
    "TTg",
    "TT",
    "TTĐT",
    "PT",
    "TH",
    "PTTH",
    "VHTTDL",
    "KH",
    "NN",
    "PTNT",
    "TN",
    "MT",
    "LĐ",
    "TB",
    "XH",
    "TC",
    "OCR",
    "LibreOffice",
    "Tesseract",
    "Excel",
    "Word",
    "admin",  # the first account's user name
    "rules",
    "toml",  # "mặc định (rules.toml)": the rules file an official's admin edits
    "II",
    "III",
    "IV",  # quarters: "Quý II"
    "UTF",  # "CSV (UTF-8)"
    "dd",
    "mm",
    "yyyy",  # dates as officials write them: dd/mm/yyyy
    "scan",  # "bản scan": the word officials use for a scanned copy
    "phone",
    "email",  # the registry file's optional columns
}
# The registry file's column names, which the admin's import form lists (id, name, short_name …).
ALLOWED |= set(re.split(r"[,_\s]+", (ROOT / "samples" / "agencies.csv").open().readline()))
# A Vietnamese syllable written without its marks ("Tin", "bai", "Thanh", "nghieng").
_SYLLABLE = re.compile(
    r"(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnpqrstvx])?"
    r"(uye|uya|uyu|oai|oay|oeo|uay|uoi|uou|ieu|yeu|uoi|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|"
    r"oo|ua|ue|ui|uo|uu|uy|ye|[aeiouy])"
    r"(ch|ng|nh|[cmnpt])?",
)
_SKIP = re.compile(
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+"  # e-mail addresses
    r"|https?://\S+"  # addresses of the app
    r"|\S+\.(docx|pdf|doc|odt|rtf|zip|jpe?g|png|xlsx|csv|txt)\b",  # file names
    re.I,
)
_WORD = re.compile(r"[^\W\d_]+")
PAGE_TITLES = (
    "Tổng quan",
    "Chưa tổ chức họp báo",
    "Kiến nghị & tập huấn",
    "Tiếp nhận báo cáo",
    "Đơn vị",
    "Xuất báo cáo",
    "Danh mục",
)

# Visible text nodes (icon ligatures such as "dashboard" are glyphs, not words) and the labels of
# every control, shown or shown on hover.
_COLLECT = """() => {
  const out = [];
  const icon = '[data-testid="stIconMaterial"], [data-testid="stIconEmoji"], .material-icons';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest(icon) || el.closest('script, style, noscript')) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    if (n.textContent.trim()) out.push(n.textContent);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
    if (el.closest(icon)) continue;
    for (const a of ['aria-label', 'title', 'placeholder']) {
      const v = el.getAttribute(a);
      if (v && v.trim()) out.push(v);
    }
  }
  return out;
}"""


def _where(texts: list[str]) -> dict[str, str]:
    """Return each English word of ``texts`` with the text it was found in (shortened)."""
    return {
        w: next(t for t in texts if w in english_words([t]))[:120] for w in english_words(texts)
    }


def english_words(texts: list[str]) -> list[str]:
    """Return the English (or otherwise unexplained ASCII) words of ``texts``, each once."""
    found: dict[str, None] = {}
    for text in texts:
        for phrase in STREAMLIT_ENGLISH:
            if re.search(rf"(?<![^\W\d_]){re.escape(phrase)}(?![^\W\d_])", text, re.I):
                found[phrase] = None
        for word in _WORD.findall(_SKIP.sub(" ", text)):
            if not word.isascii() or word in ALLOWED or _SYLLABLE.fullmatch(word.lower()):
                continue
            found[word] = None
    return list(found)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Drag and drop file here", ["Drag and drop", "Drag", "and", "drop", "file", "here"]),
        ("Kéo thả tệp vào đây hoặc bấm Chọn tệp; tối đa 50 MB mỗi tệp", []),
        ("Tin bài của Thanh tra tỉnh Kim Bảng, TTXVN, VOV", []),
        ("vanthu@hanam.gov.vn gửi bao-cao-2020.docx", []),
        ("Running...", ["Running"]),
        (
            "Press Enter to submit form",
            ["Press Enter", "submit form", "Press", "Enter", "submit", "form"],
        ),
    ],
)
def test_english_words_finds_streamlit_strings_only(text: str, words: list[str]) -> None:
    assert english_words([text]) == words


def _open_everything(page) -> None:
    """Open every expander and hover every data grid and chart (their toolbars show on hover)."""
    page.evaluate(
        """() => document.querySelectorAll('[data-testid="stExpander"] details:not([open])')
            .forEach(d => d.querySelector('summary').click())"""
    )
    for kind in ("stDataFrame", "stVegaLiteChart", "stArrowVegaLiteChart"):
        grids = page.locator(f'[data-testid="{kind}"]')
        for i in range(grids.count()):
            item = grids.nth(i)
            if item.is_visible():
                item.hover()


def _settled(page) -> None:
    from playwright.sync_api import expect

    expect(page.locator('[data-stale="true"]')).to_have_count(0)
    expect(page.locator('[data-testid="stSpinner"]')).to_have_count(0)


def test_every_screen_is_in_vietnamese(server: str) -> None:  # noqa: F811
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    from playwright.sync_api import expect, sync_playwright

    seen: dict[str, dict[str, str]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(TIMEOUT_MS)
            expect.set_options(timeout=TIMEOUT_MS)

            # The login form while a field has the focus (Streamlit's "Press Enter" hint).
            page.goto(server)
            page.get_by_role("textbox", name="Tên đăng nhập").fill("admin")
            seen["Đăng nhập"] = _where(page.evaluate(_COLLECT))
            page.get_by_role("textbox", name="Mật khẩu").fill(ADMIN_PASSWORD)
            through_cookie_route(page, "Đăng nhập")
            expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()
            _choose_year(page, 2020)  # a sample year: tables and charts are drawn

            for title in PAGE_TITLES:
                page.get_by_role("link", name=title, exact=True).click()
                expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
                _settled(page)
                tabs = page.get_by_role("tab")
                for i in range(max(1, tabs.count())):
                    if tabs.count():
                        tabs.nth(i).click()
                    _open_everything(page)
                    key = title + (f" / {tabs.nth(i).inner_text()}" if tabs.count() else "")
                    seen[key] = _where(page.evaluate(_COLLECT))

            # An address that is no page of the app.
            page.goto(f"{server}/khong_co_trang_nay")
            expect(page.get_by_role("heading", name="Không tìm thấy trang")).to_be_visible()
            _settled(page)
            seen["Địa chỉ không có"] = _where(page.evaluate(_COLLECT))
        finally:
            browser.close()

    leaks = {where: words for where, words in seen.items() if words}
    assert not leaks, "\n".join(f"{where}: {words}" for where, words in leaks.items())
