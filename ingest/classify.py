"""Tell a report from the documents that travel with it: memos, dispatches, blank forms, decisions.

Judged by the title block and the structure of the document (title words, the "V/v" subject line,
"Kính trình", "Điều 1.", the type code in "Số: 12/TTr-..."), never by the file name.
"""

from __future__ import annotations

import re

from ingest.document import Document
from ingest.record import DocType
from ingest.text import fold

# How many leading blocks make up the "title block" (header table, number, title, subject line).
_HEAD_BLOCKS = 40

_TOPIC = re.compile(r"phat ngon|cung cap thong tin cho (cac )?(co quan )?bao chi|hop bao")
# A subject line may name the decree instead ("Kết quả thực hiện Nghị định số 09/2017/NĐ-CP") or
# the work more broadly ("Tình hình công tác thông tin, báo chí năm 2023").
_SUBJECT_TOPIC = re.compile(r"nghi dinh (?:so )?(?:09/2017|244/2026)|thong tin\W*(?:cho )?bao chi")
# Blanks of a form to fill: dots ("năm ...", "/BC-...", "......"), "…", "____"; its signature
# block "(Ký, ghi rõ họ tên và đóng dấu)" and "TÊN CƠ QUAN" letterhead.
_PLACEHOLDER = re.compile(
    r"\.{4,}|…|_{4,}|\( ?\.{2,} ?\)|\. \. \.|(?:^|(?<=[\s/(-]))\.{3}(?=$|[\s,;)])"
    r"|^\W*TÊN CƠ QUAN|\(Ký,? ghi rõ họ tên"
)
# A numbered item of a form, "3. Số lượt trả lời báo chí/tổng số đề nghị: .../..." or "...: 12":
# its value is blank (nothing, dots, "…", "___") or filled.
_ITEM = re.compile(r"^\W*\(?\d{1,2}\s*[.)]\s*[^:]{6,160}:\s*(?P<value>.*)$")
_BLANK_VALUE = re.compile(r"^[\s./…_-]*$")
# A subject line asking for or giving the results ("V/v báo cáo kết quả công tác phát ngôn …").
RESULTS_SUBJECT = re.compile(r"^\s*v\s*/\s*v\s+(?:bao cao|ket qua)")


def subject_lines(texts: list[str], k: int) -> str:
    """Return the subject line ``texts[k]`` with the lines it wraps onto: a narrow letterhead
    column breaks "V/v báo cáo kết quả công tác phát" / "ngôn và cung cấp …", and each
    line it goes on to starts lowercase."""
    lines = [texts[k]]
    for t in texts[k + 1 : k + 4]:
        if not t.strip()[:1].islower():
            break
        lines.append(t)
    return " ".join(lines)


# A count of the work the report is about: "02 cuộc", "07 lần", "21/23 yêu cầu", "120 tin, bài".
_RESULT_COUNT = re.compile(
    # the number may be spelled out after it: "57 (năm mươi bảy) tin", "01 (một) cuộc"
    r"\b\d{1,5}\)?\s*(?:\([a-z ]{1,40}\)\s*)?(?:/\s*\d{1,5}\s*)?(?:cuoc|lan|buoi|tin|bai|yeu cau"
    r"|de nghi|vu|truong hop"
    r"|luot)\b"
    # a ratio ("05/06", "(02/02)"; OCR's "02⁄02" folds alike), never a date ("10/3/2026")
    r"|(?<![\d/])\d{1,3}\s*/\s*\d{1,3}(?![\d/])"
)
# Results stated without a count: none held ("không tổ chức họp báo"), no request ("Không có kiến
# nghị", "Kiến nghị: Không."), the spokesperson named ("ông Nguyễn Thanh Toàn – Phó Trưởng ban",
# "đồng chí Y Khâm Êban").
_RESULT_STATEMENT = re.compile(
    r"\b(?:khong|chua)\s+(?:to chuc|co)\s+(?:cuoc\s+)?hop bao"
    r"|^\W*khong co (?:kien nghi|de xuat)|\b(?:kien nghi|de xuat)\s*:\s*khong\b"
    r"|\bnguoi phat ngon\b[^.;]{0,80}\b(?:ong|ba|dong chi|d/c)\s+\w+\s+\w+"
)
_NUMBER_CODE = re.compile(r"\bso\s*(?:hieu)?\s*[:.]?\s*\d*\s*/\s*([a-z]+)\b")
_VV = re.compile(r"^\s*v\s*/\s*v\b")
_ARTICLE = re.compile(r"^dieu \d+\s*[.:]")
# Titles of documents that are neither reports nor the other known types: a conclusion notice,
# a plan, minutes, an invitation, a press release. Their bodies may say "nghe báo cáo ... như sau".
_TITLE_AREA = 15  # blocks: the header table's cells, the number line, the title
_OTHER_TITLES = ("thong bao", "ke hoach", "bien ban", "giay moi", "thong cao", "chuong trinh")
# How many blocks after the "BÁO CÁO" title state its subject (subject lines split over up to
# three lines, then the opening "... báo cáo như sau:" sentence).
_SUBJECT_BLOCKS = 5
# A report naming another subject is still about press information when the body keeps coming
# back to it: this many blocks with the wording (a passing mention is one or two).
_TOPIC_BODY_BLOCKS = 3


def is_title(text: str, words: str) -> bool:
    """Return True for a block that opens with a document type in capitals ("BÁO CÁO", ...)."""
    stripped = text.strip().lstrip("*#").strip()
    return _is_title(stripped, fold(stripped), words)


def _is_title(stripped: str, folded: str, words: str) -> bool:
    """`is_title` for a block already stripped and folded (folded once, tested for each type)."""
    if not folded.startswith(words):
        # OCR may split a capitalised title word: "BÁO C ÁO".
        return (
            len(stripped) <= len(words) + 4
            and stripped.isupper()
            and folded.replace(" ", "") == words.replace(" ", "")
        )
    n = len(words.split())
    head = " ".join(stripped.split()[:n])
    # Capitals, or the type word alone on its line (OCR and some templates use title case).
    return head.isupper() or folded.rstrip(" :.") == words


def _subject_blocks(folded_head: list[str], title_at: int) -> list[str]:
    """Return the folded blocks stating a report's subject: the title, the lines after it, up to
    the opening "... như sau" sentence or a numbered heading."""
    out = []
    for k, f in enumerate(folded_head[title_at : title_at + _SUBJECT_BLOCKS]):
        if k and re.match(r"(?:[ivx]+|\d+|[a-d])\s*[.)]\s|phan\b", f):
            break
        out.append(f)
        if "nhu sau" in f:
            break
    return out


def classify(doc: Document) -> tuple[DocType, float, str]:
    """Return (doc_type, confidence, reason) for a normalised document."""
    blocks = [b.text for b in doc.blocks if b.text.strip()]
    if not blocks:
        return "other", 0.9, "empty document"
    head = blocks[:_HEAD_BLOCKS]
    folded_all = [fold(t) for t in blocks]
    folded_head = folded_all[:_HEAD_BLOCKS]
    codes = {m.group(1) for f in folded_head for m in _NUMBER_CODE.finditer(f)}

    stripped_head = [t.strip().lstrip("*#").strip() for t in head]
    titles = [(s, fold(s)) for s in stripped_head]
    title_at = next((k for k, (s, f) in enumerate(titles) if _is_title(s, f, "bao cao")), None)
    title_report = title_at is not None
    title_memo = any(_is_title(s, f, "to trinh") for s, f in titles)
    title_decision = any(_is_title(s, f, "quyet dinh") for s, f in titles)
    has_articles = sum(1 for f in folded_all if f.startswith("dieu ") and _ARTICLE.match(f)) >= 2
    kinh_trinh = any("kinh trinh" in f for f in folded_all)
    subject_line = any(_VV.match(f) for f in folded_head)
    kinh_gui = any(f.startswith("kinh gui") for f in folded_head)
    placeholders = sum(1 for t in blocks if _PLACEHOLDER.search(t))
    topic_blocks = sum(1 for f in folded_all if _TOPIC.search(f))
    topic = topic_blocks > 0
    # Only near the top: an untitled report may have a heading "KẾ HOẠCH NĂM 2024" further down.
    other_title = any(_is_title(s, f, w) for s, f in titles[:_TITLE_AREA] for w in _OTHER_TITLES)

    if title_decision and (has_articles or "qd" in codes):
        return "decision", 0.97, "title 'QUYẾT ĐỊNH' with articles (Điều 1, Điều 2 ...)"
    if title_memo or ("ttr" in codes and kinh_trinh):
        return "memo", 0.96, "title 'TỜ TRÌNH' / 'Kính trình' asking a leader to sign"
    if any(_is_title(s, f, "de cuong") for s, f in titles[:_TITLE_AREA]):
        # "ĐỀ CƯƠNG BÁO CÁO": the outline a report must follow, sent with the request for it.
        return "form", 0.85, "title 'ĐỀ CƯƠNG' (outline of the report to write)"
    template = any(f.startswith("mau so") or f.startswith("mau bao cao") for f in folded_head)
    if placeholders >= 4 and (placeholders >= 0.15 * len(blocks) or template):
        return "form", 0.9, f"blank form: {placeholders} of {len(blocks)} blocks are placeholders"
    items = [m.group("value") for f in folded_all if (m := _ITEM.match(f))]
    blank = sum(1 for v in items if _BLANK_VALUE.match(v))
    if blank >= 4 and blank == len(items):
        return "form", 0.9, f"blank form: {blank} numbered items without a value"
    if title_report:
        subject = _subject_blocks(folded_head, title_at)
        on_topic = any(_TOPIC.search(f) or _SUBJECT_TOPIC.search(f) for f in subject)
        if on_topic or topic_blocks >= _TOPIC_BODY_BLOCKS:
            return "report", 0.97, "title 'BÁO CÁO' on spokesperson / press information"
        # A report on another subject (administrative reform, budget ...) gives no record.
        return "other", 0.75, "title 'BÁO CÁO' on another subject (no spokesperson wording)"
    results = sum(
        len(_RESULT_COUNT.findall(f)) + bool(_RESULT_STATEMENT.search(f)) for f in folded_all
    )
    if (
        any(
            RESULTS_SUBJECT.match(f) and _TOPIC.search(fold(subject_lines(head, k)))
            for k, f in enumerate(folded_head)
        )
        and results >= _TOPIC_BODY_BLOCKS
    ):
        # "V/v báo cáo kết quả công tác phát ngôn …" that states the results itself.
        return "report", 0.85, f"letter on the press-information results with {results} counts"
    if subject_line or (kinh_gui and codes and not codes & {"bc", "qd", "ttr"}):
        return (
            "dispatch",
            0.92,
            "official letter (V/v subject line, Kính gửi) without a report title",
        )
    if has_articles and any(f.startswith("quyet dinh") for f in folded_head):
        return "decision", 0.8, "articles (Điều 1, Điều 2 ...) under a decision heading"
    if other_title:
        return "other", 0.85, "title of another document type (THÔNG BÁO, KẾ HOẠCH, BIÊN BẢN ...)"
    if kinh_trinh:
        return "memo", 0.75, "'Kính trình' without a memo title"
    if "bc" in codes and topic:
        return "report", 0.75, "report number (/BC-) and press-information wording, no clear title"
    if topic and any("bao cao" in f and "nhu sau" in f for f in folded_all):
        return "report", 0.65, "'báo cáo ... như sau' with press-information wording, no title"
    return "other", 0.6, "no report, memo, dispatch, form or decision title found"
