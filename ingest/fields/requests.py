"""Requests family: the report's recommendations and whether (and on what) it asks for
training."""

from __future__ import annotations

import itertools
import re

from ingest.fields.context import Context, present
from ingest.fields.strings import (
    NEXT_SENTENCE,
    cite,
    clean_item,
    continues,
    fold_aligned,
    sentences,
)
from ingest.fields.view import ITEM_NUMBER, LIMIT_WORDS, View, ViewBlock, is_assessment_item
from ingest.record import DOUBTFUL_CONFIDENCE, FieldValue
from ingest.text import fold
from ingest.topics import contested, speaks_of_training, topics_of

PRODUCES = ("recommendations", "training_requested", "training_topics")


def extract(view: View, context: Context) -> dict[str, FieldValue]:
    """Return the recommendations, and the training requested in them or elsewhere."""
    recs = _extract_recommendations(view)
    requested, topics = _extract_training(view, recs)
    return present(
        recommendations=recs,
        training_requested=requested,
        training_topics=topics if topics else FieldValue([], 0.8, None, None),
    )


_NONE_ITEM = re.compile(
    r"^(?:khong|khong co|chua co|khong co gi|khong co y kien|khong (?:de xuat|kien nghi))\W*$"
    r"|^(?:\w+\s+){0,4}?(?:khong|chua)\s+co\s+(?:\w+\s+){0,2}?(?:de xuat|kien nghi|y kien|de nghi)"
    r"(?:\s+\w+){0,5}\W*$"
)
# A line naming whom the requests under it address ("Đối với UBND tỉnh:", "- Với Bộ Y tế").
_ADDRESSEE_LABEL = re.compile(
    r"\W*(?![^:]*\b(?:de nghi|kien nghi|de xuat)\b)(?:doi voi|voi)\s+[^.;:,]{2,70}?\s*:?\s*"
)
_REC_LABEL = re.compile(
    r"^\s*(?:[-+•*–]\s*)?(?:[ivx\d]+\s*[.)/]\s*|[a-z]\s*[.)]\s*)?(?:ve\s+)?(?:cac\s+)?"
    r"(?:de xuat|kien nghi|de nghi)"
    r"(?:\s*[,/]?\s*(?:va\s+)?(?:de xuat|kien nghi|de nghi))*\s*[:.]?\s*"
)


def _says_none(item: str) -> bool:
    """Return True when the one item of a requests part says there is none: "Không có.", or a
    report of what was done ending so ("Năm 2023, Sở đã cử 02 cán bộ dự lớp tập huấn ... Sở
    không có kiến nghị, đề xuất.") with no request before it."""
    spans = sentences(item)
    if not spans:
        return False
    *before, (a, b) = spans
    if not _NONE_ITEM.match(" ".join(re.sub(r"[^a-z ]", " ", fold(item[a:b])).split())):
        return False
    # A request word before it ("mong", never "mỏng": _request_word) makes the item a request.
    return not any(_request_word(item[s:e], fold_aligned(item[s:e])) for s, e in before)


def _extract_recommendations(view: View) -> FieldValue | None:
    blocks = view.blocks
    for k, b in enumerate(blocks):
        if k < view.header_end or b.closing or b.kind != "recommendations":
            continue
        start = k
        items: list[str] = []
        quote_blocks: list[ViewBlock] = []
        level = b.heading_level
        # A part that holds the limitations and the requests ("II. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN
        # NGHỊ").
        combined = LIMIT_WORDS.search(b.f) is not None
        if level is not None or _REC_LABEL.match(b.f):
            m = _REC_LABEL.match(b.f)
            inline = b.text[m.end() :].strip() if m else ""
            if inline:
                # "Kiến nghị: 1) Đề nghị ...; 2) Đề nghị ..." on one line.
                items.extend(_split_requests(inline))
                quote_blocks.append(b)
            start = k + 1
        for nb in blocks[start:]:
            if nb.closing or nb.kind != "recommendations":
                break
            if nb.heading_level is not None and (level is None or nb.heading_level <= level):
                break
            if nb.loc.table is not None and not _request_cell(view, nb):
                continue  # a request table's header, number or addressee column
            text = clean_item(nb.text)
            if combined and _REC_LABEL.fullmatch(nb.f.strip()):
                # "II. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ" / a difficulty / "Kiến nghị:" / requests:
                # what came before the requests' own label and asks nothing is the difficulties.
                combined = False
                items, quote_blocks = _requests_only(items, quote_blocks)
                continue
            if not text or (text.endswith(":") and len(text) < 80):
                continue
            sub = _REC_LABEL.match(nb.f) if nb.heading_level is not None else None
            if sub and not nb.text[sub.end() :].strip():
                continue  # "2. Đề xuất, kiến nghị" heading the requests inside the part
            if _ADDRESSEE_LABEL.fullmatch(fold_aligned(text)):
                continue  # "Đối với UBND tỉnh:" groups the requests under it
            if is_assessment_item(nb):
                # "- Ưu điểm: ..." / "- Tồn tại: ..." under "ĐÁNH GIÁ, ĐỀ XUẤT": the assessment.
                continue
            label = _REC_LABEL.match(fold_aligned(text))
            if label and ":" not in label.group():
                label = None
            if combined and label:
                # "… / Kiến nghị: Không có.": the difficulties before the requests' own label.
                combined = False
                items, quote_blocks = _requests_only(items, quote_blocks)
            parts = _split_requests(text[label.end() :] if label else text)
            if label and len(parts) == 1:
                # "- Đề xuất: Đề nghị ...": the request without its label.
                text = parts[0]
            if len(parts) > 1:
                # "Kiến nghị: tổ chức tập huấn ...; bố trí kinh phí ..." on one line.
                items.extend(parts)
                quote_blocks.append(nb)
                continue
            if items and continues(items[-1], nb.text):
                # A scan or PDF line break inside one request.
                items[-1] = f"{items[-1]} {text}"
            else:
                items.append(text)
            quote_blocks.append(nb)
        if not items and not quote_blocks:
            continue
        quote = cite(" ".join(x.text for x in quote_blocks) or b.text)
        loc = (quote_blocks[0] if quote_blocks else b).loc
        if len(items) == 1 and _says_none(items[0]):
            return FieldValue([], 0.9, quote, loc)
        items = [i for i in items if len(i.split()) >= 3]
        return FieldValue(items, 0.85, quote, loc) if items else FieldValue([], 0.7, quote, loc)
    # No section: a results table's row "8 | Kiến nghị, đề xuất | Không".
    for rows in view.tables.values():
        for cells in rows.values():
            texts = [cb for _, cb in sorted(cells.items())]
            for label, answer in itertools.pairwise(texts):
                f = label.f[m.end() :] if (m := ITEM_NUMBER.match(label.f)) else label.f
                if _REC_LABEL.fullmatch(f) and _says_none(answer.text):
                    return FieldValue([], 0.8, cite(f"{label.text} | {answer.text}"), answer.loc)
    # No section: an inline "Đề xuất, kiến nghị: Không có." line anywhere in the body.
    for b in view.body():
        m = _REC_LABEL.match(b.f)
        if m and not b.closing and b.f[m.end() - 1 : m.end()] in (":", ".", " "):
            rest = b.text[m.end() :].strip()
            if rest and _NONE_ITEM.match(" ".join(re.sub(r"[^a-z ]", " ", fold(rest)).split())):
                return FieldValue([], 0.85, cite(b.text), b.loc)
            if rest and ":" in b.f[: m.end()]:
                items = _split_requests(rest)
                return FieldValue(items, 0.75, cite(b.text), b.loc)
        elif not b.closing and ("kien nghi" in b.f or "de xuat" in b.f):
            # "Đơn vị không có kiến nghị, đề xuất." standing alone: none (not "ý kiến phản ánh").
            words = " ".join(re.sub(r"[^a-z ]", " ", b.f).split())
            if _NONE_ITEM.match(words) and re.search(
                r"co\s+(?:\w+\s+){0,2}?(?:kien nghi|de xuat)", words
            ):
                return FieldValue([], 0.75, cite(b.text), b.loc)
    # No heading either: requests standing last in the body ("Sở kiến nghị UBND tỉnh ...").
    body = [b for b in view.body() if not b.closing]
    tail: list[ViewBlock] = []
    for b in reversed(body):
        if b.heading_level is not None or b.basis or not _REQUEST_OPENING.match(b.f):
            break
        tail.insert(0, b)
    if tail:
        items = [item for b in tail for item in _split_requests(b.text)]
        return FieldValue(items, 0.6, cite(" ".join(b.text for b in tail)), tail[0].loc)
    return None


# The header of a request table's content column ("Nội dung kiến nghị", "Đề xuất").
_CONTENT_HEADER = re.compile(r"\W*(?:noi dung\b|(?:cac )?(?:kien nghi|de xuat|de nghi)\b)")


def _request_cell(view: View, cb: ViewBlock) -> bool:
    """Tell whether a table cell holds a request: in a table whose first row names its columns
    ("TT | Nội dung kiến nghị | Cơ quan tiếp nhận"), only the content column under that row;
    in a table without such a header, every cell."""
    rows = view.tables.get(cb.loc.table, {})
    if not rows:
        return True
    header = rows[min(rows)]
    content = [c for c, hb in header.items() if _CONTENT_HEADER.match(hb.f)]
    if not content:
        return True
    return cb.loc.row != min(rows) and cb.loc.cell == content[0]


def _split_inline(text: str) -> list[str]:
    """Split "1) Đề nghị ...; 2) Đề nghị ..." (or "(1) …; (2) …") written on one line into its
    requests."""
    return re.split(r"(?:^|(?<=[;.])\s+)\(?(?:\d{1,2}|[a-zđ])\)\s+", text)


# What opens a request of its own after a ";": a request word, an action asked for, or an
# addressee written with a capital ("UBND tỉnh ...", "Sở TT&TT ...").
_REQUEST_PART = re.compile(
    r"\W*(?:va\s+|dong thoi\s+)?(?:de nghi|kien nghi|de xuat|kinh de nghi|mong|rat mong|to chuc"
    r"|bo tri|ho tro|huong dan|tang cuong|quan tam|ban hanh|bo sung|xem xet|som\b|nang cap"
    r"|dau tu|mo\b|cu\b|tao dieu kien|chi dao|phan bo|cho phep|thanh lap|nghien cuu|uu tien"
    r"|cap\b|trang bi|kien toan|phe duyet|sua doi|dieu chinh)"
)

# A training topic after a ";", even with a capital ("...; Kỹ năng viết tin"): not a request.
_TOPIC_PART = re.compile(r"\W*(?:ky nang|nghiep vu|kien thuc|cach\b|ve\b|noi dung|cac noi dung)")


def _split_semicolons(text: str) -> list[str]:
    """Split requests separated only by ";" on one line ("tổ chức tập huấn ...; bố trí kinh phí
    ...") into items, each keeping its ";".

    One request is kept whole when its ";" separate the topics of a list it introduces with ":"
    ("bồi dưỡng về: kỹ năng phát ngôn; xử lý khủng hoảng") or sit inside parentheses, or when a
    part after a ";" does not open a request of its own (a request word, an action, an addressee).
    """
    if ";" not in text.rstrip().rstrip(";"):
        return [text]
    cuts: list[int] = []
    depth = 0
    for i, c in enumerate(text):
        if c in "([":
            depth += 1
        elif c in ")]":
            depth = max(0, depth - 1)
        elif c == ";" and depth == 0 and text[i + 1 :].strip():
            cuts.append(i + 1)
    if not cuts or ":" in text[: cuts[0]]:
        return [text]
    parts = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    for part in parts[1:]:
        pf = fold(part)
        opens = (part[:1].isupper() and not _TOPIC_PART.match(pf)) or _REQUEST_PART.match(pf)
        if not opens:
            return [text]
    if any(len(part.split()) < 3 for part in parts):
        return [text]
    return parts


# A sentence that is a request of its own: "Đồng thời, đề nghị …", "Ngoài ra, kiến nghị …",
# "Sở Y tế kiến nghị …".
# A purpose before the request: "Để thực hiện tốt hơn nhiệm vụ trong năm 2027, Ủy ban nhân dân xã
# đề nghị …".
_PURPOSE = r"(?:de\s+[^.;:]{0,100}?,\s*)?"
_REQUEST_SENTENCE = re.compile(
    # "Ngoài ra, Sở không có kiến nghị khác." asks nothing.
    r"^\W*(?:(?:dong thoi|ngoai ra|ben canh do|mat khac|cuoi cung)\s*,?\s*)?"
    + _PURPOSE
    + r"(?:(?!khong\b|chua\b)\S+\s+){0,5}?(?:de nghi|kien nghi|de xuat)\b"
)


def _split_sentences(text: str) -> list[str]:
    """Split a paragraph whose every sentence is a request of its own into its requests; a
    request followed by its reasons ("… Vì hiện nay …") stays whole."""
    parts = [p for p in NEXT_SENTENCE.split(text) if p.strip()]
    if len(parts) < 2 or not all(_REQUEST_SENTENCE.match(fold(p)) for p in parts):
        return [text]
    return parts


def _split_requests(text: str) -> list[str]:
    """Split one line holding several requests (numbered "1) ...; 2) ...", ";"-separated, or
    sentences each a request)."""
    return [
        clean_item(r)
        for p in _split_inline(text)
        if p.strip()
        for q in _split_semicolons(p)
        for r in _split_sentences(q)
    ]


def _requests_only(items: list[str], blocks: list[ViewBlock]) -> tuple[list[str], list[ViewBlock]]:
    """Return the items and quoted blocks that open as requests: in a part holding the
    difficulties and the requests, what came before the requests' own label and asks nothing."""
    return (
        [i for i in items if _REQUEST_OPENING.match(fold(i))],
        [b for b in blocks if _REQUEST_OPENING.match(fold(clean_item(b.text)))],
    )


# A request opening a paragraph: "Đề nghị ...", "- Kiến nghị ...", "Sở kiến nghị UBND tỉnh ...".
# "Một số nội dung phóng viên đề nghị cung cấp …" is what the press asked for, not a request.
_REQUEST_OPENING = re.compile(
    r"^\W*" + _PURPOSE + r"(?:(?!(?:phong vien|nha bao|bao chi)\b)\w+\s+){0,6}?(?:kinh\s+)?"
    r"(?:de nghi|kien nghi|de xuat|mong muon|rat mong)\s+\S"
)


_REQUEST = re.compile(
    r"de nghi|kien nghi|de xuat|mong muon|rat mong|kinh mong|xin\b|mong\b|can duoc|nhu cau"
)


def _request_word(text: str, f: str) -> re.Match[str] | None:
    """Return the first word of a request in folded ``f`` (``text`` as written): "mong" only as
    written, never "mỏng" (thin: "lực lượng cán bộ còn mỏng") nor "mộng"."""
    return next(
        (
            m
            for m in _REQUEST.finditer(f)
            if m.group() != "mong" or text[m.start() : m.end()].lower() == "mong"
        ),
        None,
    )


_ATTENDED = re.compile(r"(?:da|duoc)\s+(?:\w+\s+){0,2}(?:tham gia|tham du|cu|to chuc|mo)\b")


def _extract_training(view: View, recs: FieldValue | None) -> tuple[FieldValue, FieldValue | None]:
    hits: list[tuple[str, ViewBlock | None]] = []
    if recs and recs.value:
        for item in recs.value:
            if speaks_of_training(fold(item)):
                hits.append((item, None))
    rec_loc = recs.location if recs else None
    for b in view.body():
        if b.closing or b.basis or b.kind == "recommendations":
            continue
        if rec_loc is not None and b.loc == rec_loc and recs and recs.value:
            # An inline "Kiến nghị: ...; ..." line: its items were read above, one by one.
            continue
        for s, e in sentences(b.text):
            f = b.f[s:e]
            r = _request_word(b.text[s:e], f)
            attended = _ATTENDED.search(f)
            if r and speaks_of_training(f) and not (attended and attended.start() < r.start()):
                hits.append((b.text[s:e], b))
    if not hits:
        return FieldValue(False, 0.8, None, None), None
    text = " ".join(h for h, _ in hits)
    src = next((b for _, b in hits if b is not None), None)
    loc = src.loc if src else recs.location if recs else None
    topics = topics_of([h for h, _ in hits])
    conf = 0.8 if topics != ["other"] else 0.6
    if contested(text):
        conf = DOUBTFUL_CONFIDENCE
    return (
        FieldValue(True, 0.9, cite(hits[0][0]), loc),
        FieldValue(topics, conf, cite(text), loc),
    )
