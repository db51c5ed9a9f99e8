"""Vietnamese display labels for the warehouse's codes, shared by the exports and the pages."""

from __future__ import annotations

PERIOD_LABELS: dict[str, str] = {
    "year": "Cả năm",
    "h1": "6 tháng",
    "9m": "9 tháng",
    "q1": "Quý I",
    "q2": "Quý II",
    "q3": "Quý III",
    "q4": "Quý IV",
}
AGENCY_TYPE_LABELS: dict[str, str] = {
    "department": "Sở, ban, ngành",
    "district": "UBND cấp huyện",
    "provincial": "UBND tỉnh",
    "other": "Khác",
}
STATUS_LABELS: dict[str, str] = {
    "pass": "Đạt",
    "fail": "Chưa đạt",
    "unknown": "Chưa rõ",
    "not_submitted": "Chưa nộp",
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
# The indicators of the Decree 244/2026 national form (ingest.record.FORM_FIELDS).
FORM_FIELD_LABELS: dict[str, str] = {
    "briefings": "Số lần đưa thông tin tại giao ban báo chí",
    "press_requests_answered": "Yêu cầu của báo chí đã trả lời",
    "press_requests_received": "Yêu cầu của báo chí đã tiếp nhận",
    "incidents_spoken": "Vụ việc đột xuất, bất thường đã phát ngôn",
    "incidents_total": "Tổng số vụ việc đột xuất, bất thường",
    "answers_on_time": "Yêu cầu trả lời đúng thời hạn",
    "answers_total": "Tổng số yêu cầu (tính thời hạn trả lời)",
    "correction_requests": "Yêu cầu cải chính",
}
# A ratio of the form by its numerator: its short Vietnamese name.
FORM_RATIO_LABELS: dict[str, str] = {
    "press_requests_answered": "Yêu cầu của báo chí đã trả lời/đã tiếp nhận",
    "incidents_spoken": "Vụ việc đột xuất, bất thường đã phát ngôn/tổng số",
    "answers_on_time": "Trả lời đúng thời hạn/tổng số yêu cầu",
}
