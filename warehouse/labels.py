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
