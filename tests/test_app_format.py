"""Vietnamese formatting and parsing helpers used by every page."""

from __future__ import annotations

import re
from datetime import date, datetime

import pandas as pd
import pytest
from conftest import BAD_TYPED_VALUES, active_markdown

from ingest.record import fields_of
from ui.format import (
    escape_md,
    fmt_date,
    fmt_datetime,
    fmt_int,
    fmt_number,
    fmt_pct,
    fmt_period,
    fmt_value,
    parse_value,
    plain,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [(1234, "1.234"), (1234567, "1.234.567"), (0, "0"), (None, "—"), (float("nan"), "—")],
)
def test_fmt_int_uses_dot_thousands(value, text):
    assert fmt_int(value) == text


def test_decimals_use_comma_and_dates_ddmmyyyy():
    assert fmt_number(1234.5) == "1.234,5"
    assert fmt_number(17.0) == "17"
    assert fmt_pct(0.756) == "75,6%"
    assert fmt_date(date(2024, 12, 7)) == "07/12/2024"
    assert fmt_date("2024-12-07") == "07/12/2024"
    assert fmt_datetime(pd.Timestamp("2024-12-20 08:05")) == "20/12/2024 08:05"
    assert fmt_datetime(datetime(2024, 1, 2, 3, 4)) == "02/01/2024 03:04"
    assert fmt_period("q1", 2024) == "Quý I năm 2024"
    assert fmt_period("year", 2024) == "Năm 2024"


def test_fmt_value_renders_lists_booleans_topics():
    assert fmt_value("outlets", ["Báo Hà Nam", "VTV"]) == "Báo Hà Nam; VTV"
    assert fmt_value("recommendations", []) == "(không có)"
    assert fmt_value("training_requested", True) == "Có"
    assert fmt_value("training_topics", ["social_media"]) == "Mạng xã hội, truyền thông số"
    assert fmt_value("posts_total", 1126) == "1.126"
    assert fmt_value("period", "h1") == "6 tháng"


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        ("posts_total", "1.126", 1126),
        ("posts_total", "315", 315),
        ("posts_per_month", "17,8", 17.8),
        ("press_conferences", "0", 0),
        ("press_conferences", "", None),
        ("outlets", "Báo Hà Nam; VTV", ["Báo Hà Nam", "VTV"]),
        ("training_requested", "Không", False),
        ("training_topics", "Mạng xã hội, truyền thông số", ["social_media"]),
        ("period", "Quý II", "q2"),
        ("report_date", "07/12/2020", "2020-12-07"),
        ("spokesperson_name", " Nguyễn Văn A ", "Nguyễn Văn A"),
    ],
)
def test_parse_value_round_trips_what_reviewers_type(field, text, value):
    assert parse_value(field, text) == value


@pytest.mark.parametrize(
    ("field", "text"),
    [("posts_total", "mười"), ("posts_total", "1,5"), ("report_date", "2020-12-07")],
)
def test_parse_value_rejects_with_vietnamese_message(field, text):
    with pytest.raises(ValueError, match=r"[ăâđêôơưạảấầẩẫậ]"):
        parse_value(field, text)


# Every whole-number count of the field table, the Decree 244 form's included: a stale copy of the
# integer fields in ui/format.py once let a reviewer store "-3" briefings.
COUNT_FIELDS = fields_of("count")


@pytest.mark.parametrize("field", COUNT_FIELDS)
@pytest.mark.parametrize("text", ["-3", "1,5", "ba"])
def test_briefings_correction_rejects_negative(field, text):
    with pytest.raises(ValueError, match=r"[ăâđêôơưạảấầẩẫậốờ]"):
        parse_value(field, text)


@pytest.mark.parametrize("field", COUNT_FIELDS)
def test_count_correction_is_a_whole_number(field):
    assert parse_value(field, "1.234") == 1234 and isinstance(parse_value(field, "05"), int)
    assert parse_value(field, "") is None


def test_briefings_count_is_in_the_table():
    assert {"briefings", "correction_requests", "posts_total"} <= set(COUNT_FIELDS)


def test_escape_md_neutralises_markdown_and_html():
    raw = "**Đậm** [link](http://x) <script>alert(1)</script> :red[x] # tiêu đề"
    out = escape_md(raw)
    assert "**" not in out.replace("\\*", "")
    assert "\\<script\\>" in out
    assert "\\[link\\]\\(http\\:" in out


# Issue 7: what the security test got Streamlit's Markdown to render from untrusted text.
HOSTILE_TEXTS = [
    "![i](http://evil.example/x)",
    "<img src=x onerror=alert(1)>",
    "**bold** __b__ ~~s~~ `c` $x$",
    "[link](http://x)",
    "http://bare.example/a?b=1",
    "HTTPS://bare.example",
    "www.bare.example",
    "a@b.example",
    "<http://x>",
    ":smile: :material/home: :red[đỏ]",
    "# tiêu đề\n1. mục\n- mục\n> trích\n---\n===",
    "&lt;img&gt;",
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_plain_shows_untrusted_text_literally(text):
    assert active_markdown(text), "the case must be hostile before plain()"
    shown = plain(text)
    assert not active_markdown(shown), shown
    # What the reader sees is the text itself (escapes and word joiners are invisible).
    assert re.sub(r"\\(.)", r"\1", shown).replace("\u2060", "").replace("  \n", "\n") == text


def test_plain_removes_bidi_and_control_characters():
    assert plain("bao\u202ecod.exe\u0007 x\x1b[31m", markdown=False) == "baocod.exe  x [31m"
    assert "\u202e" not in plain("a\u202eb") and "\u2066" not in plain("a\u2066b")


def test_plain_shortens_long_names_keeping_their_end():
    name = "Báo cáo " + "ạ" * 300 + ".docx"
    shown = plain(name, markdown=False)
    assert len(shown) == 300 and "…" in shown
    assert shown.startswith("Báo cáo ạạ") and shown.endswith("ạ.docx")
    assert plain(name, limit=None, markdown=False) == name
    assert plain(None) == "—"


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        *BAD_TYPED_VALUES,
        (
            "briefings",
            "1e9",
            "Số lần đưa thông tin tại giao ban báo chí phải là số nguyên từ 0 đến 100.000.",
        ),
        ("report_date", "01/01/1800", "Ngày văn bản phải là một ngày từ năm 1990 đến năm 2100."),
    ],
)
def test_parse_value_refuses_values_out_of_bounds(field, text, message):
    with pytest.raises(ValueError) as exc:
        parse_value(field, text)
    assert str(exc.value) == message


def test_missing_tools_are_named_in_vietnamese(monkeypatch):
    import ingest.readers
    from ui import data

    monkeypatch.setattr(
        ingest.readers,
        "tool_status",
        lambda: {"tesseract": None, "tesseract_vie": None, "soffice": "/usr/bin/soffice"},
    )
    data.missing_tools_message.clear()
    msg = data.missing_tools_message()
    assert msg.startswith("Máy chủ chưa cài Tesseract (OCR): bản scan sẽ không đọc được.")
    monkeypatch.setattr(
        ingest.readers,
        "tool_status",
        lambda: {"tesseract": "5", "tesseract_vie": "yes", "soffice": None},
    )
    data.missing_tools_message.clear()
    assert "LibreOffice: tệp .doc, .odt, .rtf" in data.missing_tools_message()
    data.missing_tools_message.clear()


def test_xlsx_download_reads_back_with_vietnamese():
    import io

    from openpyxl import load_workbook

    from ui.tables import to_csv_bytes, to_xlsx_bytes

    table = pd.DataFrame(
        {"Đơn vị": ["Sở Y tế", "X"], "Trích dẫn": ["Sở chưa tổ chức họp báo.", "=1+1"]}
    )
    wb = load_workbook(io.BytesIO(to_xlsx_bytes(table, sheet="Chưa họp báo")))
    ws = wb["Chưa họp báo"]
    assert [c.value for c in ws[1]] == ["Đơn vị", "Trích dẫn"]
    assert ws["A2"].value == "Sở Y tế" and ws["A1"].font.bold and ws.freeze_panes == "A2"
    assert ws["B3"].value == "'=1+1"  # text from a document never becomes a formula
    assert (
        to_csv_bytes(table).decode("utf-8-sig").splitlines()[1]
        == "Sở Y tế,Sở chưa tổ chức họp báo."
    )


def test_status_colours_only_where_streamlit_can_afford_them():
    from ui.tables import STYLED_ROWS_MAX, status_styler

    def table(n: int) -> pd.DataFrame:
        return pd.DataFrame({"Đơn vị": [f"Sở {i}" for i in range(n)], "Họp báo": ["Đạt"] * n})

    small = status_styler(table(3))
    html = small.to_html()
    assert "background-color" in html and "Đạt" in html
    large = status_styler(table(STYLED_ROWS_MAX + 1))
    assert isinstance(large, pd.DataFrame)  # plain: same texts, no per-cell styles
    assert large["Họp báo"].eq("Đạt").all()


def test_long_text_tables_become_a_data_grid():
    from streamlit.testing.v1 import AppTest

    def page(rows: int) -> None:
        import pandas as pd

        from ui.tables import show_table

        show_table(pd.DataFrame({"Đơn vị": [f"**Sở {i}**" for i in range(rows)]}), key="t")

    from ui.tables import STATIC_ROWS_MAX

    short = AppTest.from_function(page, args=(3,)).run()
    assert len(short.table) == 1 and not short.dataframe
    assert short.table[0].value["Đơn vị"].iloc[0] == r"\*\*Sở 0\*\*"  # escaped, shown literally
    long = AppTest.from_function(page, args=(STATIC_ROWS_MAX + 1,)).run()
    assert not long.table and len(long.dataframe) == 1
    assert len(long.dataframe[0].value) == STATIC_ROWS_MAX + 1
