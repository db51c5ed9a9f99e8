"""Where the page files are, as absolute paths (st.Page, st.page_link, st.switch_page accept them).

Absolute paths keep the app working whatever the entry script's folder is (AppTest runs it from a
temporary folder; see tests/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parents[1] / "pages"


def page_file(name: str) -> Path:
    """Return the absolute path of ``pages/<name>.py``."""
    return PAGES_DIR / f"{name}.py"
