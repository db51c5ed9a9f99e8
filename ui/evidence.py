"""The original page beside a report's fields: choose a field, see its quote highlighted."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ingest.evidence import readable_quote
from ingest.pipeline import REVIEW_CONFIDENCE
from ui.format import FIELD_LABELS, MESSAGE_LIMIT, fmt_confidence, fmt_value, is_missing, plain
from warehouse.db import db_path
from warehouse.evidence import evidence_page

# A confidence this close above the review threshold is shown amber ("check if you can").
NEAR_THRESHOLD = 0.15
_MARKS = {"low": "🔴", "near": "🟠", "high": "🟢", "none": "⚪"}


def confidence_mark(confidence: float | None) -> str:
    """Return the colour mark of a confidence against the review threshold: red below it, amber
    within NEAR_THRESHOLD above it, green above that, white when there is none."""
    if is_missing(confidence):
        return _MARKS["none"]
    if confidence < REVIEW_CONFIDENCE:
        return _MARKS["low"]
    if confidence < REVIEW_CONFIDENCE + NEAR_THRESHOLD:
        return _MARKS["near"]
    return _MARKS["high"]


def doubtful_first(fields: pd.DataFrame) -> list[dict]:
    """Return the extracted fields (those with a quote or a value), lowest confidence first."""
    rows = [
        r
        for r in fields.to_dict("records")
        if not is_missing(r.get("quote")) or not is_missing(r.get("value"))
    ]
    return sorted(
        rows,
        key=lambda r: 2.0 if is_missing(r.get("confidence")) else float(r["confidence"]),
    )


def evidence_panel(report_id: str, fields: pd.DataFrame, key: str) -> None:
    """Show a field picker (most doubtful first, coloured by confidence) and the original page
    of the chosen field with its quote highlighted, or why no page can be shown."""
    rows = doubtful_first(fields)
    if not rows:
        return
    by_field = {r["field"]: r for r in rows}

    def label(name: str) -> str:
        r = by_field[name]
        return (
            f"{confidence_mark(r.get('confidence'))} {FIELD_LABELS.get(name, name)} "
            f"({fmt_confidence(r.get('confidence'))})"
        )

    st.markdown("**Bằng chứng trên trang gốc**")
    st.caption(
        f"🔴 độ tin cậy dưới {fmt_confidence(REVIEW_CONFIDENCE)} (cần kiểm tra), 🟠 gần ngưỡng, "
        "🟢 cao. Các trường nghi ngờ nhất đứng đầu."
    )
    picked_col, page_col = st.columns([2, 3])
    with picked_col:
        name = st.radio(
            "Trường cần xem trên trang",
            list(by_field),
            format_func=label,
            key=f"{key}_evidence_field",
        )
        row = by_field[name]
        st.caption("Giá trị")
        st.text(plain(fmt_value(name, row.get("value")), limit=MESSAGE_LIMIT, markdown=False))
        st.caption("Trích dẫn")
        # st.text never renders Markdown or links: an e-mail address in a quote stays text.
        quote = readable_quote(row.get("quote"))
        st.text(plain(quote, limit=MESSAGE_LIMIT, markdown=False))
        if not is_missing(row.get("where")):
            st.caption(plain(f"Vị trí: {row['where']}"))
    with page_col, st.spinner("Đang dựng trang…"):
        picture = evidence_page(
            report_id=report_id, field=name, derived=bool(row.get("derived")), db=str(db_path())
        )
        if picture.png is None:
            st.info(plain(picture.reason, limit=MESSAGE_LIMIT))
        else:
            st.image(
                picture.png,
                caption=f"Trang {picture.page}: {FIELD_LABELS.get(name, name)}",
                width="stretch",
            )
