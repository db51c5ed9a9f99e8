"""Training themes: the one taxonomy shared by extraction (training_topics) and the dashboard."""

from __future__ import annotations

# code -> Vietnamese label shown to users. Keyword rules live in TOPIC_KEYWORDS.
TOPICS: dict[str, str] = {
    "spokesperson_skills": "Kỹ năng phát ngôn, cung cấp thông tin cho báo chí",
    "crisis_communication": "Xử lý khủng hoảng truyền thông, thông tin trái chiều",
    "press_skills": "Nghiệp vụ báo chí, viết tin bài, làm việc với báo chí",
    "website_admin": "Quản trị, vận hành trang/cổng thông tin điện tử",
    "social_media": "Mạng xã hội, truyền thông số",
    "legal": "Pháp luật về báo chí, thông tin",
    "other": "Nội dung khác",
}
