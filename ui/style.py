"""Page-wide CSS: Vietnamese text for the file uploader's built-in English, compact metrics.

Static CSS only; no document text ever goes through st.html.
"""

from __future__ import annotations

import streamlit as st

_CSS = """
<style>
[data-testid="stFileUploaderDropzoneInstructions"] > div > span { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {
  content: "Kéo thả tệp vào đây hoặc bấm “Chọn tệp” • tối đa 50 MB • DOCX, PDF, DOC, ODT, RTF, ảnh";
  font-size: 0.875rem; opacity: 0.75;
}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {
  display: none;
}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {
  content: "Chọn tệp";
}
[data-testid="stMetricValue"] { font-size: 1.9rem; }
</style>
"""


def apply() -> None:
    """Inject the dashboard's CSS once per run."""
    st.html(_CSS)
