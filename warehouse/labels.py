"""Vietnamese display labels for the warehouse's codes, shared by the exports and the pages.

Field labels are ``ingest.record.FIELD_LABELS`` and period labels ``ingest.periods.PERIOD_LABELS``:
they are not repeated here.
"""

from __future__ import annotations

AGENCY_TYPE_LABELS: dict[str, str] = {
    "department": "Sở, ban, ngành",
    "district": "UBND cấp huyện",
    # Commune-level People's Committees (xã, phường, đặc khu): from 1/7/2025, the districts' role.
    "commune": "UBND cấp xã",
    "provincial": "UBND tỉnh",
    "other": "Khác",
}
STATUS_LABELS: dict[str, str] = {
    "not_applicable": "Không áp dụng",
    "pass": "Đạt",
    "fail": "Chưa đạt",
    "unknown": "Chưa rõ",
    "not_submitted": "Chưa nộp",
}
# A derived value (FieldValue.derived, report_facts.<field>_derived) is shown with this note: what
# it was computed from.
DERIVED_NOTES: dict[str, str] = {
    "posts_per_month": "tính từ tổng số tin, bài",
}
COMPLETENESS_LABELS: dict[str, str] = {
    "on_time": "Đúng hạn",
    "late": "Nộp muộn",
    "missing": "Chưa nộp",
}
NO_PRESS_CATEGORY_LABELS: dict[str, str] = {
    "zero": "Không tổ chức họp báo",
    "unknown": "Báo cáo không nêu",
    "not_submitted": "Chưa nộp báo cáo",
}
# A ratio of the form (ingest.record.RATIOS) by its numerator: its short Vietnamese name.
FORM_RATIO_LABELS: dict[str, str] = {
    "press_requests_answered": "Yêu cầu của báo chí đã trả lời/đã tiếp nhận",
    "incidents_spoken": "Vụ việc đột xuất, bất thường đã phát ngôn/tổng số",
    "answers_on_time": "Trả lời đúng thời hạn/tổng số yêu cầu",
    "correction_requests": "Vụ việc có văn bản phản hồi, yêu cầu cải chính/tổng số",
}
# A contact (spokesperson, phone, e-mail) of a unit to remind that no report or registry row gives.
NO_CONTACT = "chưa có"
# Timeliness of an expected report on a given day (warehouse.queries.completeness "timeliness").
TIMELINESS_LABELS: dict[str, str] = {
    "not_due": "Chưa đến hạn",
    "on_time": "Đúng hạn",
    "late": "Nộp muộn {days} ngày",
    "overdue": "Quá hạn {days} ngày – chưa nộp",
}


def timeliness_label(code: str, days: int | None) -> str:
    """Return the Vietnamese timeliness of a report, e.g. "Nộp muộn 5 ngày"."""
    return TIMELINESS_LABELS.get(code, code).format(days=days if days is not None else "?")


# A report's review state (reports.review_state): set by warehouse.review.set_review_state.
REVIEW_STATE_LABELS: dict[str, str] = {
    "pending": "Chờ xem xét",
    "confirmed": "Đã xác nhận",
    "returned": "Trả lại đơn vị",
}
# Where a report's figures come from (reports.source).
SOURCE_LABELS: dict[str, str] = {
    "file": "tệp",
    "paper": "giấy",
}
