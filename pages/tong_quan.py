"""Tổng quan: who reported, who complied, headline figures and charts for the chosen period."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ingest.periods import form_due, under_form
from ui import charts, data
from ui.auth import page_guard
from ui.filters import current_filters
from ui.format import fmt_int, fmt_pct
from ui.nav import page_file
from ui.tables import (
    MARKS_LEGEND,
    completeness_display,
    compliance_columns,
    compliance_display,
    form_display,
    rules_legend,
    show_table,
    status_styler,
    table_height,
)
from warehouse.registry import today

CHART_AGENCIES = 30

page_guard()
f = current_filters()
st.title("Tổng quan")
st.caption(f"Kỳ báo cáo: {f.label}")
if under_form(f.year) and f.period == "year":  # Điều 10: the province's report to the ministry
    due = form_due(f.year)
    days = (due - today()).days
    if days >= 0:
        st.info(f"Còn {days} ngày đến hạn gửi Bộ ({due:%d/%m/%Y}).", icon="📅")
    else:
        st.error(f"Đã quá hạn gửi Bộ {-days} ngày ({due:%d/%m/%Y}).", icon="⏰")

summary = data.query("completeness_summary", **f.kwargs())
if not summary.get("expected"):
    st.info("Chưa có báo cáo nào cho kỳ này. Không có đơn vị nào phải báo cáo trong kỳ này.")
    st.stop()
totals = data.query("totals", **f.kwargs())

counts = ["expected", "received", "on_time", "late", "missing"]
labels = ["Phải nộp", "Đã nộp", "Đúng hạn", "Nộp muộn", "Chưa nộp"]
for col, label, key in zip(st.columns(5), labels, counts, strict=True):
    col.metric(label, fmt_int(summary.get(key, 0)))
figures = [
    ("Tỷ lệ đã nộp", fmt_pct(summary.get("rate"))),
    ("Tỷ lệ đúng hạn", fmt_pct(summary.get("on_time_rate"))),
    ("Tỷ lệ tuân thủ", fmt_pct(totals.get("compliance_rate"))),
    ("Tổng tin, bài", fmt_int(totals.get("posts_total"))),
    ("Tổng số cuộc họp báo", fmt_int(totals.get("press_conferences"))),
]
for col, (label, value) in zip(st.columns(5), figures, strict=True):
    col.metric(label, value)

if not summary.get("received"):
    st.info("Chưa có báo cáo nào cho kỳ này.")
with st.expander(f"Đơn vị chưa nộp hoặc nộp muộn ({summary['missing'] + summary['late']})"):
    rows = data.query("completeness", **f.kwargs())
    late = completeness_display(rows[rows["status"] != "on_time"])
    if late.empty:
        st.text("Không có.")
    else:
        st.dataframe(late, hide_index=True)

st.subheader("Kết quả tuân thủ theo đơn vị")
rules = data.rules()
table = data.query("compliance_table", **f.kwargs())
display = compliance_display(table, rules, marks=True)
st.caption("Chọn một dòng (ô vuông đầu dòng) để xem chi tiết báo cáo của đơn vị.")
event = st.dataframe(
    status_styler(display),
    hide_index=True,
    height=table_height(len(display)),
    column_config=compliance_columns(table, rules, marks=True),
    on_select="rerun",
    selection_mode="single-row",
    key="compliance_table",
)
if event.selection.rows:
    agency_id = table.iloc[event.selection.rows[0]]["agency_id"]
    st.switch_page(page_file("don_vi"), query_params={"agency": agency_id})
# The legend under the table: the marks, then each criterion in full (headers say only "TC1").
st.caption(
    f"{MARKS_LEGEND}. Di chuột lên tiêu đề cột để xem tiêu chí và căn cứ; thiếu số liệu không "
    "tính là chưa đạt, tiêu chí không đặt nghĩa vụ cho loại đơn vị hoặc năm đó không tính vào "
    "đánh giá chung."
)
for line in rules_legend(rules, list(table.columns)):
    st.text(line)

indicators = data.query("form_indicators", **f.kwargs())
if under_form(f.year):  # Decree 244's form: nothing of it for earlier years
    st.subheader("Chỉ tiêu theo mẫu Nghị định 244/2026/NĐ-CP")
    if indicators.empty:
        st.info("Chưa có báo cáo nào của kỳ này nêu các chỉ tiêu theo mẫu mới.")
    else:
        st.caption(
            f"{fmt_int(len(indicators))} báo cáo nêu chỉ tiêu. Tỷ lệ toàn tỉnh cộng tử số và mẫu "
            "số của các báo cáo nêu đủ cả hai (không lấy trung bình các tỷ lệ)."
        )
        show_table(form_display(indicators), key="form_indicators")

left, right = st.columns(2)
with left:
    st.subheader("Tuân thủ theo loại đơn vị")
    by_type = data.query("compliance_by_type", year=f.year, period=f.period)
    if f.agency_type:
        by_type = by_type[by_type["agency_type"] == f.agency_type]
    st.altair_chart(charts.compliance_by_type_chart(by_type), width="stretch")
with right:
    st.subheader("Tin, bài bình quân/tháng so với chỉ tiêu")
    target_rule = next((r for r in rules if r.metric == "posts_per_month"), None)

    def target(agency_type: str) -> float | None:
        """Return the posts-per-month target for one agency type (None when no rule applies)."""
        if target_rule is None or agency_type not in target_rule.applies_to:
            return None
        return target_rule.threshold_for(agency_type, f.period, f.year)

    posts = table.dropna(subset=["posts_per_month"]).copy()
    posts["target"] = posts["agency_type"].map(target)
    if posts.empty:
        st.info("Chưa có số liệu tin, bài cho kỳ này.")
    else:
        rows = pd.DataFrame(
            {
                "agency": posts["agency"],
                "posts_per_month": posts["posts_per_month"].astype(float),
                "target": posts["target"].astype(float),
            }
        )
        note = "Vạch đỏ: chỉ tiêu tin, bài bình quân mỗi tháng theo loại đơn vị."
        if len(rows) > CHART_AGENCIES:  # one bar each for thousands of agencies reads as nothing
            gap = rows["posts_per_month"] - rows["target"].fillna(0)
            rows = rows.loc[gap.nsmallest(CHART_AGENCIES).index]
            note += (
                f" Hiển thị {CHART_AGENCIES} trong {fmt_int(len(posts))} đơn vị: những đơn vị "
                "thấp nhất so với chỉ tiêu; số liệu đủ ở bảng trên."
            )
        st.altair_chart(charts.posts_per_month_chart(rows), width="stretch")
        st.caption(note)

st.subheader("So sánh qua các năm")
yoy = data.query("year_over_year", period=f.period, agency_type=f.agency_type)
if len(yoy) < 2:
    st.info("Cần số liệu ít nhất hai năm để so sánh.")
else:
    left, right = st.columns(2)
    left.altair_chart(charts.year_over_year_chart(yoy), width="stretch")
    right.altair_chart(charts.rates_chart(yoy), width="stretch")
