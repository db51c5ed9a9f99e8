"""Training themes: the one taxonomy shared by extraction (training_topics) and the dashboard."""

from __future__ import annotations

import re

from ingest.text import fold

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

# code -> folded (accent-free, lowercase) keywords; a request mentioning any of them gets the code.
# Matched on ingest.text.fold(text), so "Kỹ năng", "ky nang" and OCR text without marks all agree.
# A keyword is a regular expression matched at a word start (most are plain words).
TOPIC_KEYWORDS: dict[str, tuple[str, ...]] = {
    "spokesperson_skills": (
        "ky nang phat ngon",
        "nghiep vu phat ngon",
        "cong tac phat ngon",
        "phat ngon va cung cap thong tin",
        "cung cap thong tin cho bao chi",
        "tra loi phong van",
        "tra loi bao chi",
        "tra loi chat van",
        "hop bao",
        "ky nang giao tiep voi bao chi",
        "lam viec voi phong vien",
        "tiep xuc bao chi",
        "nguoi phat ngon",
        # "tập huấn về phát ngôn": the subject named alone.
        "ve phat ngon",
    ),
    "crisis_communication": (
        "khung hoang",
        "thong tin trai chieu",
        "tin gia",
        "thong tin sai su that",
        "xu ly thong tin xau",
        "su co truyen thong",
        "dinh huong du luan",
        "phan bac",
        "tinh huong nhay cam",
        "tinh huong khan cap",
        # "truyền thông nguy cơ": risk communication, the crisis's first stage.
        "truyen thong nguy co",
        # What the officials name the crisis by: "khi xảy ra sự cố, vụ việc nóng", "thông tin
        # sai lệch lan rộng", "gây bức xúc dư luận", "bị động trước dư luận" (a website's
        # technical fault is no crisis).
        r"su co(?! ky thuat| he thong| mang| duong truyen)",
        "vu viec nong",
        "thong tin sai lech",
        "buc xuc",
        "truoc du luan",
    ),
    "press_skills": (
        "viet tin",
        # News written, not news put on a site ("cập nhật, đăng tải tin, bài lên trang" is the
        # site's administration).
        r"(?:bien tap|soan|san xuat|xay dung) (?:cac )?tin bai",
        "thong cao",
        "nghiep vu bao chi",
        "nghiep vu thong tin",
        # "kỹ năng truyền thông nguy cơ", "… trong tình huống khẩn cấp" are crisis communication.
        r"ky nang truyen thong(?! nguy co| trong (?:cac )?(?:tinh huong|truong hop))",
        # "làm việc với báo chí" is a press skill, as this topic's label says.
        "lam viec voi bao chi",
        "ky nang viet",
        "chup anh",
        "quay phim",
        # "tuyên truyền" alone is usually the purpose ("để tuyên truyền về ..."), not the skill.
        "nghiep vu tuyen truyen",
        "ky nang tuyen truyen",
    ),
    "website_admin": (
        "trang thong tin dien tu",
        "cong thong tin dien tu",
        "trang ttdt",
        "cong ttdt",
        "website",
        "trang web",
        "quan tri trang",
        "quan tri cong",
        "quan tri he thong",
        "an toan thong tin",
        "cap nhat thong tin len",
    ),
    "social_media": (
        "mang xa hoi",
        "truyen thong so",
        "facebook",
        "zalo",
        "fanpage",
        "nen tang so",
        "khong gian mang",
    ),
    "legal": (
        "luat bao chi",
        "luat tiep can thong tin",
        "phap luat ve bao chi",
        "phap luat ve thong tin",
        "nghi dinh 09",
        "nghi dinh so 09",
        "quy che phat ngon",
        "van ban phap luat",
        "quy dinh ve phat ngon",
        # "phổ biến các quy định của Nghị định số 244/2026/NĐ-CP": the law itself.
        "pho bien cac quy dinh",
        "pho bien quy dinh",
        # "tập huấn nghiệp vụ … theo Nghị định số 244": the rule the training follows, not its
        # subject.
        r"(?<!theo )nghi dinh so 244",
        r"(?<!theo )nghi dinh 244",
    ),
}

# Keywords whose topic the blind batches' writers disagree on: "kỹ năng trả lời phỏng vấn" is a
# speaking skill to some and a press skill to others; "xử lý thông tin xấu, độc trên mạng xã hội"
# is crisis communication and social media to some, social media alone to others. Topics read
# from them are left for review.
# "ứng xử với báo chí" is a press skill to some and the spokesperson's to others.
CONTESTED_KEYWORDS = ("tra loi phong van", "xu ly thong tin xau", "ung xu voi bao chi")
# Keywords that name a topic only loosely: "kỹ năng cung cấp thông tin cho báo chí" is speaking to
# the press for some writers and press work for others; "pháp luật về báo chí, về phát ngôn" names
# the law, not the skill. A topic found through nothing but these is left for review.
LOOSE_KEYWORDS = ("cung cap thong tin cho bao chi", "ve phat ngon")


def contested(text: str) -> bool:
    """Return True when a request's topics rest on a keyword writers read differently: a contested
    keyword anywhere, or a topic found through loose keywords alone."""
    folded = _spaced_words(text)
    if any(_occurs(w, folded) for w in CONTESTED_KEYWORDS):
        return True
    for words in TOPIC_KEYWORDS.values():
        hits = [w for w in words if _occurs(w, folded)]
        if hits and all(w in LOOSE_KEYWORDS for w in hits):
            return True
    return False


# Guidance on a skill is training too: "đề nghị Sở TT&TT hướng dẫn kỹ năng phát ngôn ..."
# ("hướng dẫn cụ thể về chế độ báo cáo" asks for rules, not training).
GUIDANCE_ON_SKILLS = re.compile(
    r"\bhuong dan\s+(?:(?:them|cu the|ve|cac|cho|bo sung)\s+){0,2}(?:ky nang|nghiep vu)"
)
# The words that make a sentence speak of training (folded): tập huấn, bồi dưỡng, đào tạo, a class
# or a workshop, raising skills, a conference that disseminates the law, guidance on a skill.
TRAINING = re.compile(
    r"tap huan|boi duong|dao tao|huan luyen|tap duot|dien tap|mo (?:cac )?lop|lop hoc|hoi thao"
    r"|nang cao (?:ky nang|nang luc|nghiep vu|trinh do)"
    r"|hoi nghi (?:pho bien|quan triet|tap huan)|pho bien (?:luat|phap luat|van ban|quy dinh)"
    r"|" + GUIDANCE_ON_SKILLS.pattern
)
# Names that hold a training word and ask for none: "Sở Giáo dục và Đào tạo", "Trường Đào tạo …".
TRAINING_IN_A_NAME = re.compile(
    r"giao duc\s*(?:va|&|-)?\s*dao tao|gd\s*(?:&|-)?\s*dt|truong dao tao"
)


def speaks_of_training(folded: str) -> bool:
    """Return True when folded text speaks of training (TRAINING), names aside."""
    return TRAINING.search(TRAINING_IN_A_NAME.sub(" ", folded)) is not None


def is_training_request(text: str) -> bool:
    """Return True when a recommendation asks for training (tập huấn, bồi dưỡng, đào tạo …)."""
    return speaks_of_training(fold(text or ""))


def request_topics(text: str) -> list[str] | None:
    """Return the themes a recommendation asks training about, None when it asks no training."""
    return topics_for(text) if is_training_request(text) else None


_AUDIENCE = re.compile(
    r" cho (?:cac |doi ngu |toan the )?(?:can bo|cong chuc|vien chuc|lanh dao|bo phan|nguoi lam"
    r"|cong tac vien)\b"
)


def _spaced_words(text: str) -> str:
    """Return folded ``text`` as its words between single spaces, with a space at each end."""
    return " " + " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split()) + " "


def _occurs(keyword: str, folded: str) -> bool:
    return re.search(" " + keyword, folded) is not None


def _has_topic(folded: str) -> bool:
    """Return whether a keyword of some topic occurs in folded text."""
    return any(_occurs(w, folded) for words in TOPIC_KEYWORDS.values() for w in words)


# A law named with what it rules: "Nghị định số 244 … và các văn bản hướng dẫn về phát ngôn, cung
# cấp thông tin cho báo chí" asks to learn the law, not the skill of speaking.
_LAW_ON_SPEAKING = re.compile(
    r"(?P<law>nghi dinh|van ban|quy dinh|luat|quy che|phap luat)(?P<between>(?: \w+){0,12}?)"
    r" ve (?:viec )?phat ngon(?: va)?(?: cung cap thong tin(?: cho bao chi)?)?"
)


def topics_of(requests: list[str]) -> list[str]:
    """Return the topics of several training requests, each read on its own (whom one request's
    training is for does not cut the next request's topics), in TOPICS order."""
    found = {code for text in requests for code in topics_for(text)}
    if len(found) > 1:
        found.discard("other")
    return [code for code in TOPICS if code in found]


def topics_for(text: str) -> list[str]:
    """Return the topic codes whose keywords occur in ``text`` (in TOPICS order; ["other"] if none).

    "người phát ngôn" alone only counts when nothing more specific matched: "tập huấn về khủng hoảng
    truyền thông cho người phát ngôn" is about crisis communication, not about speaking skills.
    """
    folded = _LAW_ON_SPEAKING.sub(r"\g<law>\g<between>", _spaced_words(text))
    # Whom the training is for is not what it is about: "… viết tin, bài cho cán bộ phụ trách
    # Trang thông tin điện tử" asks for writing skills, not website administration.
    if (audience := _AUDIENCE.search(folded)) and _has_topic(folded[: audience.start()]):
        folded = folded[: audience.start()] + " "
    found: list[str] = []
    for code, words in TOPIC_KEYWORDS.items():
        hits = [w for w in words if _occurs(w, folded)]
        if code == "spokesperson_skills":
            hits = [w for w in hits if w != "nguoi phat ngon"]
        if hits:
            found.append(code)
    if not found and " nguoi phat ngon" in folded:
        found.append("spokesperson_skills")
    return found or ["other"]
