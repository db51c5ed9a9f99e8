"""Kiến nghị & tập huấn: which training agencies ask for, with their words, and other requests."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from ui import charts, data
from ui.auth import page_guard
from ui.filters import current_filters
from ui.format import CELL_LIMIT, EMPTY, fmt_int, is_missing, plain
from ui.nav import page_file
from ui.tables import show_table, to_xlsx_bytes

page_guard()
f = current_filters()
st.title("Kiến nghị & tập huấn")
st.caption(f"Kỳ báo cáo: {f.label}")

if not data.query("completeness_summary", **f.kwargs()).get("received"):
    st.info("Chưa có báo cáo nào cho kỳ này.")
    st.stop()
found = data.query("recommendations", **f.kwargs())
themes, requests, others = found["themes"], found["requests"], found["others"]
# Quotes shown one by one per theme; beyond that a searchable table (national roll-ups have
# thousands of requests, a province a few dozen).
QUOTES_SHOWN = 10

st.subheader("Nhu cầu tập huấn, bồi dưỡng theo chủ đề")
if themes.empty:
    st.info("Chưa có đơn vị nào đề nghị tập huấn trong kỳ này.")
else:
    asking = requests["agency_id"].nunique()
    st.metric("Số đơn vị đề nghị tập huấn", fmt_int(asking))
    st.altair_chart(charts.themes_chart(themes), width="stretch")
    st.dataframe(
        pd.DataFrame(
            {
                "Chủ đề": themes["topic_label"],
                "Số đơn vị": themes["agencies"].map(fmt_int),
                "Số đề nghị": themes["requests"].map(fmt_int),
            }
        ),
        hide_index=True,
        key="themes_table",
    )
    for theme in themes.to_dict("records"):
        quotes = requests[requests["topic"] == theme["topic"]]
        title = f"{theme['topic_label']} – {fmt_int(theme['agencies'])} đơn vị"
        with st.expander(title):
            shown = quotes.head(QUOTES_SHOWN)
            for i, req in enumerate(shown.to_dict("records")):
                head, link = st.columns([4, 1])
                head.markdown(f"**{plain(req['agency'])}**")
                link.page_link(
                    page_file("don_vi"),
                    label="Xem đơn vị",
                    icon="🏢",
                    query_params={"agency": req["agency_id"]},
                )
                quote = req["quote"]
                shown = plain(quote, limit=CELL_LIMIT, markdown=False)
                st.text(f"“{shown}”" if not is_missing(quote) else EMPTY)
                where = req.get("where")
                st.caption(
                    f"Vị trí: {plain(where)}" if not is_missing(where) else "Vị trí: không rõ"
                )
                if i < len(shown) - 1:
                    st.divider()
            if len(quotes) > len(shown):
                st.caption(
                    f"Và {fmt_int(len(quotes) - len(shown))} đề nghị khác; "
                    "bảng dưới đây có đủ tất cả:"
                )
                st.dataframe(
                    pd.DataFrame(
                        {
                            "Đơn vị": quotes["agency"],
                            "Nội dung": quotes["quote"],
                            "Vị trí": quotes["where"],
                        }
                    ),
                    hide_index=True,
                    key=f"quotes_{theme['topic']}",
                )

st.subheader("Kiến nghị, đề xuất khác")
if others.empty:
    st.info("Không có kiến nghị, đề xuất nào khác trong kỳ này.")
else:
    table = pd.DataFrame(
        {"Đơn vị": others["agency"], "Kiến nghị, đề xuất": others["recommendation"]}
    )
    show_table(table, key="others_table")

if not requests.empty or not others.empty:
    listing = pd.concat(
        [
            pd.DataFrame(
                {
                    "Loại": "Đề nghị tập huấn",
                    "Chủ đề": requests["topic_label"],
                    "Đơn vị": requests["agency"],
                    "Nội dung": requests["quote"],
                }
            ),
            pd.DataFrame(
                {
                    "Loại": "Kiến nghị khác",
                    "Chủ đề": "",
                    "Đơn vị": others["agency"],
                    "Nội dung": others["recommendation"],
                }
            ),
        ]
    )
    st.download_button(
        "Tải danh sách kiến nghị (XLSX)",
        partial(to_xlsx_bytes, listing, sheet="Kiến nghị"),  # built when pressed
        file_name=f"kien_nghi_{f.year}_{f.period}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon="📥",
    )
