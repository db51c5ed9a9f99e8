"""Page-wide CSS and Vietnamese for Streamlit's own interface (issue 6/7, item 5).

Streamlit has no setting for the language of its widgets: the file uploader, the data grid's
toolbar, the select boxes' screen-reader text, the sidebar's buttons, "Running...", "Page not
found" are English. Where CSS can hide an element and show our text instead (the uploader's
instructions, the "Press Enter" hints) it does; the rest is the table below, which a small static
script applies to the page's text and to the labels and tooltips of its controls as Streamlit
draws them. Static text only: no document text ever goes through st.html.
"""

from __future__ import annotations

import json

import streamlit as st

# Streamlit's English -> the Vietnamese shown instead (whole texts, as Streamlit writes them).
INTERFACE_VI: dict[str, str] = {
    "Skip to main content": "Chuyển đến nội dung chính",
    "Link to heading": "Liên kết đến mục này",
    "Show password": "Hiện mật khẩu",
    "Hide password": "Ẩn mật khẩu",
    "Sidebar": "Thanh bên",
    "Collapse sidebar": "Thu gọn thanh bên",
    "Expand sidebar": "Mở thanh bên",
    "Open sidebar": "Mở thanh bên",
    "App pages": "Các trang",
    "Choose an option": "Chọn một mục",
    "Choose options": "Chọn các mục",
    "No results": "Không có kết quả",
    "No options to select": "Không có mục để chọn",
    "Select...": "Chọn…",
    "Open": "Mở",
    "Close": "Đóng",
    "Clear all": "Xóa hết",
    "Clear value": "Xóa",
    "Show/hide columns": "Ẩn/hiện cột",
    "Download as CSV": "Tải về dạng CSV",
    "Download as PNG": "Tải về dạng PNG",
    "Search": "Tìm kiếm",
    "Fullscreen": "Toàn màn hình",
    "Close fullscreen": "Thoát toàn màn hình",
    "Toggle fullscreen": "Bật/tắt toàn màn hình",
    "Show data": "Xem số liệu",
    "Show chart": "Xem biểu đồ",
    "Clear selection": "Bỏ chọn",
    "Select all": "Chọn tất cả",
    "Copy to clipboard": "Chép vào bộ nhớ tạm",
    "file upload": "Tải tệp lên",
    "Upload": "Chọn tệp",
    "Browse files": "Chọn tệp",
    "Drag and drop file here": "Kéo thả tệp vào đây",
    "Drag and drop files here": "Kéo thả tệp vào đây",
    "Decrement": "Giảm",
    "Increment": "Tăng",
    "Running...": "Đang xử lý…",
    "Stop": "Dừng",
    "Rerun": "Chạy lại",
    "Page not found": "Không tìm thấy trang",
    "Connecting": "Đang kết nối",
    "Please wait...": "Vui lòng chờ…",
    "Copy Vega-Lite spec": "Sao chép mô tả biểu đồ",
    "Vega visualization": "Biểu đồ",
    "Choose date": "Chọn ngày",
    "Choose a date": "Chọn ngày",
    "Previous month.": "Tháng trước",
    "Next month.": "Tháng sau",
    "Previous month": "Tháng trước",
    "Next month": "Tháng sau",
}
# Texts with a number or a name in them: (regular expression, Vietnamese with $1 …).
INTERFACE_VI_PATTERNS: list[tuple[str, str]] = [
    (r"^(\d+) options? available\.?$", "Có $1 lựa chọn."),
    (r"^Help for (.+)$", "Hướng dẫn: $1"),
    (r"^day, (.+)$", "ngày, $1"),
    (r"^month, (.+)$", "tháng, $1"),
    (r"^year, (.+)$", "năm, $1"),
    (r"^Limit (\d+)\s*MB per file(.*)$", "Tối đa $1 MB mỗi tệp$2"),
    (r"^You have requested page /(.*?), but no corresponding file.*$", "Không có trang /$1."),
    (r"^The page that you have requested does not seem to exist.*$", "Không có trang này."),
]

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
[data-testid="InputInstructions"] { display: none; }
[data-testid="stMetricValue"] { font-size: 1.9rem; }
</style>
"""

# Applies the tables above once per browser tab, then to whatever Streamlit draws or relabels.
_SCRIPT = """
<script>
(() => {
  const w = window.top;
  if (w.__bcpnVi) return;
  w.__bcpnVi = true;
  const exact = %(exact)s;
  const patterns = %(patterns)s.map(([re, vi]) => [new RegExp(re), vi]);
  const attrs = ["aria-label", "title", "placeholder"];
  const tr = (text) => {
    const t = text.trim();
    if (!t) return null;
    if (Object.prototype.hasOwnProperty.call(exact, t)) return text.replace(t, exact[t]);
    for (const [re, vi] of patterns) if (re.test(t)) return t.replace(re, vi);
    return null;
  };
  const fixText = (n) => {
    const v = tr(n.nodeValue);
    if (v !== null && v !== n.nodeValue) n.nodeValue = v;
  };
  const fixAttrs = (el) => {
    for (const a of attrs) {
      const v = el.getAttribute(a);
      const t = v && tr(v);
      if (t && t !== v) el.setAttribute(a, t);
    }
  };
  const fix = (root) => {
    if (root.nodeType === 3) return fixText(root);
    if (root.nodeType !== 1) return;
    fixAttrs(root);
    root.querySelectorAll("[aria-label], [title], [placeholder]").forEach(fixAttrs);
    const walker = w.document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) fixText(n);
  };
  fix(w.document.body);
  new w.MutationObserver((changes) => {
    for (const c of changes) {
      if (c.type === "childList") c.addedNodes.forEach(fix);
      else if (c.type === "characterData") fixText(c.target);
      else fixAttrs(c.target);
    }
  }).observe(w.document.body, {
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: attrs,
  });
})();
</script>
"""


def apply() -> None:
    """Inject the dashboard's CSS and the Vietnamese for Streamlit's interface once per run."""
    st.html(_CSS)
    script = _SCRIPT % {
        "exact": json.dumps(INTERFACE_VI, ensure_ascii=False),
        "patterns": json.dumps(INTERFACE_VI_PATTERNS, ensure_ascii=False),
    }
    # Our own constant text (the tables above), never input.
    st.html(script, unsafe_allow_javascript=True)
