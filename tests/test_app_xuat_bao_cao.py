"""Xuất báo cáo: the summary's downloads (XLSX, CSV for Excel, standard CSV, DOCX), who signs it,
and a preview of the summary for the chosen period."""

from __future__ import annotations

import pytest
from conftest import current_reports, frame, metric_values, sample_years, shown_names

from ui.format import fmt_int

pytestmark = pytest.mark.slow


def test_export_page_offers_the_formats_the_signer_and_preview(make_app, seeded_db):
    at = make_app("xuat_bao_cao")
    year = sample_years()[0]
    at.sidebar.selectbox(key="filter_year").set_value(year).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    # The summary's formats, the CSV twice (for Excel in a Vietnamese locale, and standard); the
    # reminder (and in Decree 244 years the province's report)
    # have downloads of their own (test_form_report).
    summary = {b.label for b in at.get("download_button") if b.key.startswith("dl_")}
    summary -= {"Tải báo cáo (DOCX)", "Tải phụ lục (XLSX)", "Tải công văn đôn đốc (DOCX)"}
    assert summary == {
        "Tải Excel (XLSX)",
        "Tải CSV cho Excel",
        "Tải CSV chuẩn",
        "Tải Word (DOCX)",
    }
    assert any("CSV cho Excel: nhấp đúp" in c.value for c in at.caption)
    # Who signs: a deputy on the director's behalf unless the official chooses the director.
    assert at.selectbox(key="sign_how").value == "Cấp phó ký thay (KT.)"
    assert at.text_input(key="sign_name").value == ""
    preview = frame(at, "Đánh giá chung")
    # Agencies are shown by their name in that year (the truth names them canonically).
    shown = shown_names(seeded_db, year)
    submitted = {shown.get(a, a) for a in current_reports(year)}
    assert submitted <= set(preview["Đơn vị"])
    assert metric_values(at)["Đã nộp"] == fmt_int(len(submitted & set(preview["Đơn vị"])))
