"""Altair charts of the dashboard, with Vietnamese number formatting (1.234; 12,5)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.format import AGENCY_TYPE_LABELS, STATUS_LABELS

VI_LOCALE = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " đ"]},
}
STATUS_ORDER = ["Đạt", "Chưa đạt", "Chưa rõ", "Chưa nộp"]
STATUS_RANGE = ["#2e9d5b", "#d64545", "#e6b422", "#9ca3af"]
LINE_COLOURS = ["#1f77b4", "#2ca02c", "#ff7f0e", "#d62728"]
# Read at a chart's size on a 1400 px screen (two charts side by side): letters of at least 13 px
# on axes and legends, names not cut before 260 px.
FONT_SIZE = 13
YEARLY_HEIGHT = 320


def _vi(chart: alt.TopLevelMixin, description: str) -> alt.TopLevelMixin:
    # Vega describes axes and legends to screen readers in English ("X-axis titled …"): the
    # chart is described once, in Vietnamese, instead.
    return (
        chart.properties(description=description)
        .configure(locale=VI_LOCALE, aria=False)
        .configure_axis(labelLimit=260, labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)
        .configure_legend(labelFontSize=FONT_SIZE, labelLimit=0, symbolSize=120)
    )


def compliance_by_type_chart(by_type: pd.DataFrame) -> alt.TopLevelMixin:
    """Stacked bars: per agency type, agencies passed / failed / unknown / not submitted."""
    counts = {
        "passed": "pass",
        "failed": "fail",
        "unknown": "unknown",
        "not_submitted": "not_submitted",
    }
    long = by_type.melt(
        id_vars=["agency_type"], value_vars=list(counts), var_name="k", value_name="n"
    )
    long["Loại đơn vị"] = long["agency_type"].map(lambda t: AGENCY_TYPE_LABELS.get(t, t))
    long["Đánh giá"] = long["k"].map(lambda k: STATUS_LABELS[counts[k]])
    long["o"] = long["Đánh giá"].map(STATUS_ORDER.index)
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("Loại đơn vị:N", title=None),
            x=alt.X("n:Q", title="Số đơn vị", axis=alt.Axis(format=",d", tickMinStep=1)),
            color=alt.Color(
                "Đánh giá:N",
                scale=alt.Scale(domain=STATUS_ORDER, range=STATUS_RANGE),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            order=alt.Order("o:Q"),
            tooltip=["Loại đơn vị:N", "Đánh giá:N", alt.Tooltip("n:Q", title="Số đơn vị")],
        )
        .properties(height=alt.Step(34))
    )
    return _vi(chart, "Biểu đồ cột: số đơn vị đạt, chưa đạt, chưa rõ, chưa nộp theo loại đơn vị.")


def posts_per_month_chart(rows: pd.DataFrame) -> alt.TopLevelMixin:
    """Horizontal bars of posts per month per agency, with a red tick at each agency's target.

    rows columns: agency, posts_per_month, target (None when no target applies).
    """
    base = alt.Chart(rows).encode(
        y=alt.Y("agency:N", title=None, sort="-x"),
    )
    bars = base.mark_bar(color="#3b82f6").encode(
        x=alt.X(
            "posts_per_month:Q", title="Tin, bài bình quân/tháng", axis=alt.Axis(format=",.0f")
        ),
        tooltip=[
            alt.Tooltip("agency:N", title="Đơn vị"),
            alt.Tooltip("posts_per_month:Q", title="Tin, bài/tháng", format=",.1f"),
            alt.Tooltip("target:Q", title="Chỉ tiêu", format=",.1f"),
        ],
    )
    ticks = base.mark_tick(color="#d64545", thickness=3, size=18).encode(x="target:Q")
    chart = (bars + ticks).properties(height=alt.Step(22))
    return _vi(chart, "Biểu đồ cột: tin, bài bình quân mỗi tháng của từng đơn vị so với chỉ tiêu.")


def year_over_year_chart(yoy: pd.DataFrame) -> alt.TopLevelMixin:
    """Lines per year: expected, received, on time, agencies without a press conference."""
    names = {
        "expected": "Phải nộp",
        "received": "Đã nộp",
        "on_time": "Đúng hạn",
        "agencies_without_press_conference": "Không/chưa rõ họp báo",
    }
    long = yoy.melt(id_vars=["year"], value_vars=list(names), var_name="k", value_name="n")
    long["Chỉ số"] = long["k"].map(names)
    long["Năm"] = long["year"].astype(int).astype(str)
    y = alt.Y("n:Q", title="Số đơn vị", axis=alt.Axis(format=",d"))
    tooltip = alt.Tooltip("n:Q", title="Số đơn vị", format=",d")
    return _yearly_lines(long, y, tooltip, "Biểu đồ đường: số đơn vị phải nộp, đã nộp qua các năm.")


def _yearly_lines(
    long: pd.DataFrame, y: alt.Y, value_tooltip: alt.Tooltip, description: str
) -> alt.TopLevelMixin:
    """Draw one line per "Chỉ số" over "Năm" from a long frame; the y encoding varies."""
    chart = (
        alt.Chart(long)
        .mark_line(point=alt.OverlayMarkDef(size=70), strokeWidth=3)
        .encode(
            x=alt.X("Năm:O", title="Năm", axis=alt.Axis(labelAngle=0)),
            y=y,
            color=alt.Color(
                "Chỉ số:N",
                scale=alt.Scale(range=LINE_COLOURS),
                legend=alt.Legend(orient="bottom", title=None, columns=2),
            ),
            tooltip=["Năm:O", "Chỉ số:N", value_tooltip],
        )
        .properties(height=YEARLY_HEIGHT)
    )
    return _vi(chart, description)


def themes_chart(themes: pd.DataFrame) -> alt.TopLevelMixin:
    """Horizontal bars: how many agencies ask for training on each theme."""
    chart = (
        alt.Chart(themes)
        .mark_bar(color="#6366f1")
        .encode(
            y=alt.Y("topic_label:N", title=None, sort="-x"),
            x=alt.X(
                "agencies:Q", title="Số đơn vị đề nghị", axis=alt.Axis(format=",d", tickMinStep=1)
            ),
            tooltip=[
                alt.Tooltip("topic_label:N", title="Chủ đề"),
                alt.Tooltip("agencies:Q", title="Số đơn vị"),
                alt.Tooltip("requests:Q", title="Số đề nghị"),
            ],
        )
        .properties(height=alt.Step(30))
    )
    return _vi(chart, "Biểu đồ cột: số đơn vị đề nghị tập huấn theo từng chủ đề.")


def rates_chart(yoy: pd.DataFrame) -> alt.TopLevelMixin:
    """Lines per year: share of agencies that reported, reported on time, and complied (0..1)."""
    rows = pd.DataFrame(
        {
            "Năm": yoy["year"].astype(int).astype(str),
            "Tỷ lệ đã nộp": yoy["received"] / yoy["expected"].where(yoy["expected"] > 0),
            "Tỷ lệ đúng hạn": yoy["on_time"] / yoy["expected"].where(yoy["expected"] > 0),
            "Tỷ lệ tuân thủ": yoy["compliance_rate"].astype(float),
        }
    )
    long = rows.melt(id_vars=["Năm"], var_name="Chỉ số", value_name="v").dropna()
    y = alt.Y("v:Q", title="Tỷ lệ", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%"))
    tooltip = alt.Tooltip("v:Q", title="Tỷ lệ", format=".1%")
    return _yearly_lines(
        long, y, tooltip, "Biểu đồ đường: tỷ lệ đã nộp, đúng hạn, tuân thủ qua các năm."
    )
