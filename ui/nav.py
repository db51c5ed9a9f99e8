"""Where the page files are, and the router's stand-in pages: the login form at every page's
address, a page a user's role does not open, an address that is no page.

Page files are given as absolute paths (st.Page, st.page_link, st.switch_page accept them), which
keeps the app working whatever the entry script's folder is (AppTest runs it from a temporary
folder; see tests/conftest.py).

Streamlit answers an address that matches no page of ``st.navigation`` with an English "Page not
found" box and its main page. So every address the app knows is always a page: while logged out
each one shows the login form (and, once logged in, the same address is the page asked for);
a page above the user's role says so in Vietnamese; any other single-segment address gets a
Vietnamese "not found" page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

PAGES_DIR = Path(__file__).resolve().parents[1] / "pages"
NO_ACCESS = "Bạn không có quyền truy cập trang này."
NOT_FOUND_TITLE = "Không tìm thấy trang"
_PAGE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


def page_file(name: str) -> Path:
    """Return the absolute path of ``pages/<name>.py``."""
    return PAGES_DIR / f"{name}.py"


def requested_page() -> str:
    """Return the page name of the browser's address ("" for the app's root or when unknown)."""
    try:
        url = st.context.url
    except Exception:  # no browser behind this session (tests, bare mode)
        url = None
    path = urlsplit(url).path.strip("/") if url else ""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base) :].strip("/")
    return path if _PAGE_NAME.fullmatch(path) else ""


def stand_ins(view: Callable[[], None], title: str, names: Iterable[str]) -> list[st.Page]:
    """Return hidden pages at the addresses ``names`` that all run ``view``."""
    return [st.Page(view, title=title, url_path=name, visibility="hidden") for name in names]


def unknown(known: Iterable[str]) -> list[str]:
    """Return the browser's page name when it is none of ``known`` (else nothing)."""
    asked = requested_page()
    return [asked] if asked and asked not in set(known) else []


def no_access() -> None:
    """Stand-in for a page above the user's role."""
    st.error(NO_ACCESS, icon="🚫")


def not_found() -> None:
    """Stand-in for an address that is no page of the app."""
    st.title(NOT_FOUND_TITLE)
    st.info("Địa chỉ này không có trong hệ thống. Chọn một trang ở thanh bên trái.")
