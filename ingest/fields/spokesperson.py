"""Spokesperson family: the name and the title of the agency's spokesperson."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from ingest.fields.context import Context, present
from ingest.fields.strings import cap_first, cite, fold_aligned, sentences, squash
from ingest.fields.view import View, ViewBlock
from ingest.fields.vocabulary import (
    PUNCT,
    SURNAMES,
    TITLE_STOP,
    is_name_token,
    province_from_text,
)
from ingest.record import DOUBTFUL_CONFIDENCE, FieldValue
from ingest.text import fold

PRODUCES = ("spokesperson_name", "spokesperson_title")


def extract(view: View, context: Context) -> dict[str, FieldValue]:
    """Return the spokesperson's name (without honorific) and title, as far as stated."""
    name, title = _extract_spokesperson(view)
    return present(spokesperson_name=name, spokesperson_title=title)


_SPOKESPERSON_LABEL = re.compile(r"\W*(?:ho (?:va )?ten,? )?nguoi phat ngon\W*")


# The words before a person's name: "ông", "bà", "đồng chí", "đ/c" (folded).
_HONORIFICS = r"ong|ba|dong chi|d/c|d\.c|dc"
_HONORIFIC = re.compile(rf"(?:^|[\s(:,;-])(?:{_HONORIFICS})\.?$")
_TITLE_START = re.compile(
    # "Quyền Giám đốc": the acting head.
    r"\b(?:pho\s+|quyen\s+)?(?:giam doc|chu tich|chanh van phong|chanh thanh tra|chanh an"
    r"|truong ban|truong phong"
    r"|chi cuc truong|thu truong|tong bien tap|bi thu|hieu truong|vien truong|cuc truong"
    r"|tong giam doc"
    r"|chanh)\b"
)


# A place word right before a capitalised word names the place ("huyện Lý Nhân"); after a colon
# the word is the label's value ("… của UBND huyện: Giàng A Chông").
_PLACE_BEFORE = re.compile(
    r"(?:huyen|thi xa|thanh pho|tp|tinh|xa|phuong|thi tran|quan|dac khu|song|duong|pho)[^\w:;]*$"
)
_ORG_WORD = re.compile(
    r"\b(?:so|ban|ubnd|uy ban|van phong|thanh tra|chi cuc|trung tam|phong|cuc)\b"
)
_CHANGE_CUE = re.compile(
    r"thay doi|tu thang|tu ngay|hien nay|thay the|chuyen cong tac|nghi huu|den nay|ke tu ngay"
    r"|\bthay\s+(?:cho\s+)?(?:ong|ba|dong chi|d/c)\b|dieu dong|nhiem vu moi|dang ky lai"
)
# In a change: the one replaced ("thay ông Y"), or whose term is over ("ông Y (đến tháng 5)").
_REPLACED_BEFORE = re.compile(r"\bthay(?: the)?(?: cho)?\s+(?:ong|ba|dong chi|d/c)?\s*$")
# Until a day or a month: "đến tháng 5", "tới ngày 31/7", "đến hết ngày 31/7/2026".
_UNTIL = r"\b(?:den|toi) (?:het )?(?:ngay|thang)\s+\d"
_TERM_ENDED_AFTER = re.compile(r"^[^;]{0,60}?\(?" + _UNTIL)
# Leaving the post: "nghỉ hưu", "được điều động nhận nhiệm vụ khác".
_LEAVES_POST = (
    r"nghi huu|chuyen cong tac|(?:duoc )?dieu dong|luan chuyen|nhan nhiem vu (?:khac|moi)"
    r"|thoi giu chuc|nghi viec"
)
# Who leaves the post: "ông Y nghỉ hưu".
_LEAVING_AFTER = re.compile(r"[\s,–-]*(?:\w+\s+){0,2}?(?:" + _LEAVES_POST + ")")
# Who is authorised to speak on some matters beside the spokesperson: "bà Z – Phó Giám đốc Sở được
# ủy quyền phát ngôn về lĩnh vực …".
_AUTHORISED_AFTER = re.compile(r"^[^;.]{0,60}?\bduoc uy quyen\b")
# Whoever helps the spokesperson is not one: "ông X – Chánh Văn phòng Sở là đầu mối giúp việc cho
# người phát ngôn", "bà Y được giao giúp người phát ngôn".
_HELPER_AFTER = re.compile(
    # (not after the person was named the spokesperson: "X là người phát ngôn, Văn phòng là đầu
    # mối tổng hợp" keeps X)
    r"^(?:(?!phat ngon)[^;.]){0,60}?"
    r"\b(?:(?:la|lam) (?:dau moi|bo phan|can bo) (?:giup viec|tham muu|giup)"
    r"|(?:duoc giao |lam )?giup (?:viec cho )?nguoi phat ngon|giup viec cho nguoi phat ngon"
    # "bà Y tiếp tục được giao nhiệm vụ đầu mối tiếp nhận đề nghị của phóng viên"
    r"|(?:duoc giao |lam |la )(?:nhiem vu )?dau moi (?:tiep nhan|tong hop|phoi hop|lien he))"
)
# A deputy for when the head is away is not a change of spokesperson.
_STAND_IN = re.compile(r"uy quyen|khi (?:\w+ )?vang|truong hop")


# "phụ trách" ends a title, or goes on with the agency it heads ("phụ trách Sở", "phụ trách Văn
# phòng"); before anything else ("phụ trách lĩnh vực", "phụ trách công tác ...") it is a remit.
_IN_CHARGE = re.compile(
    r"phu trach(?=\s*(?:$|[,;.:()–\-]|(?:so|van phong|ban|ubnd|uy ban|thanh tra|chi cuc"
    r"|trung tam|cuc)\b))"
)


def _person_follows(text: str) -> bool:
    """Return True when ``text`` opens with a surname, "Văn"/"Thị" and a given name: a person,
    even after a place word ("Phó Chủ tịch UBND thành phố Trần Văn Long"). Place names do not
    take the middle names Văn/Thị after a surname ("thành phố Hồ Chí Minh", "huyện Lý Nhân")."""
    words = text.split()[:3]
    return (
        len(words) == 3
        and all(is_name_token(w) for w in words)
        and fold(words[0]) in SURNAMES
        and fold(words[1]) in ("van", "thi")
    )


_CAPS_WORD = re.compile(r"\s*([^\W\d_]+)\b")


def _caps_name_at(text: str, f: str, start: int) -> tuple[int, int, str] | None:
    """Return (start, end, name) for a name in capitals after an honorific ("Ông HUỲNH VĂN TÁM"),
    written back in title case; None otherwise."""
    if not text[start : start + 2].isupper() or not _HONORIFIC.search(f[:start].rstrip()):
        return None
    words: list[str] = []
    end = pos = start
    while len(words) < 5 and (m := _CAPS_WORD.match(text, pos)) and m.group(1).isupper():
        words.append(m.group(1))
        end = pos = m.end()
    if not 2 <= len(words) <= 5 or fold(words[0]) not in SURNAMES:
        return None
    return start, end, " ".join(w.capitalize() for w in words)


def _names_in(text: str, f: str) -> list[tuple[int, int, str]]:
    """Return (start, end, name) of Vietnamese personal names: 2-5 capitalised syllables.

    A name starts with a known surname or follows an honorific (ông, bà, đồng chí, đ/c); place
    names ("huyện Lý Nhân", "Kim Bảng") and titles ("Phó Giám đốc") end or exclude it.
    """
    out: list[tuple[int, int, str]] = []
    for m in re.finditer(r"\S+", text):
        word = m.group()
        if word[0] in '("“':
            continue
        if not is_name_token(word):
            caps = _caps_name_at(text, f, m.start())
            if caps and (not out or m.start() >= out[-1][1]):
                out.append(caps)
            continue
        if out and m.start() < out[-1][1]:
            continue
        before = f[: m.start()].rstrip()
        honor = _HONORIFIC.search(before) is not None
        surname = fold(word.strip(PUNCT)) in SURNAMES
        if not (honor or surname):
            continue
        if (
            _PLACE_BEFORE.search(before)
            and not _person_follows(text[m.start() :])
            and not (
                before.endswith("tinh")
                and surname
                and province_from_text(text[m.start() :]) is None
            )
        ):
            continue
        tokens: list[str] = []
        end = m.start()
        for t in re.finditer(r"\S+", text[m.start() :]):
            w = t.group()
            abs_start = m.start() + t.start()
            if tokens and (w[0] in PUNCT or text[end:abs_start].strip()):
                break
            if not is_name_token(w) or _TITLE_START.match(f[abs_start:]):
                break
            tokens.append(w.strip(PUNCT))
            end = abs_start + len(w.rstrip(PUNCT))
            if w[-1] in PUNCT or len(tokens) == 5:
                break
        name = " ".join(tokens)
        if 2 <= len(tokens) <= 5 and province_from_text(name) is None:
            out.append((m.start(), end, name))
    return out


def _titles_in(text: str, f: str) -> list[tuple[int, int, str]]:
    """Return (start, end, title) of job titles ("Phó Giám đốc Sở Kế hoạch và Đầu tư")."""
    out: list[tuple[int, int, str]] = []
    for m in _TITLE_START.finditer(f):
        if out and m.start() < out[-1][1]:
            continue
        end = m.end()
        words = 0
        pending_join = False  # after "và" or "," inside an organisation name
        skip_to = 0  # "phụ trách" taken into the title: its words are skipped
        in_charge: int | None = None  # words taken after "phụ trách"
        for t in re.finditer(r"[^\s,;.:()–—\-]+|[,;.:()–—\-]", text[m.end() :]):
            w = t.group()
            fw = fold(w)
            abs_start = m.end() + t.start()
            if abs_start < skip_to:
                continue
            if fw == "phu" and (pt := _IN_CHARGE.match(f, abs_start)):
                # "Phó Giám đốc phụ trách Sở", "Phó Chánh Văn phòng phụ trách.": the deputy who
                # heads the agency; "phụ trách lĩnh vực ..." is a remit, not the title.
                end = skip_to = pt.end()
                words += 2
                in_charge = 0
                continue
            capital = is_name_token(w) or w.isupper()
            if in_charge is not None:
                # "phụ trách Sở" ends the title; only a capitalised name of the agency goes on
                # ("phụ trách Sở điều hành hoạt động …" is what the deputy does).
                if in_charge >= 1 and not capital:
                    break
                in_charge += 1
            in_org = bool(_ORG_WORD.search(f[m.start() : end]))
            if w == "," and in_org and not pending_join:
                # "Sở Văn hóa, Thể thao và Du lịch": a comma inside a name is followed by a
                # title-case word and a "và" before the next punctuation.
                rest = text[abs_start + 1 :]
                nxt = rest.split()[:1]
                if nxt and is_name_token(nxt[0]) and re.match(r"[^,;.:()]*\svà\s", rest):
                    pending_join = True
                    continue
                break
            if w in "–—-" and in_org and not pending_join:
                pending_join = True
                continue
            if w in ",;.:()–—-":
                break
            if fw == "va" and in_org and not pending_join:
                pending_join = True
                continue
            # "Chủ tịch Ủy ban nhân dân phường": "ban" after "Ủy" names the committee, not the
            # head's verb ("ban hành").
            committee = fw == "ban" and f[m.start() : abs_start].rstrip().endswith(" uy")
            if not capital and not committee and (fw in TITLE_STOP or pending_join):
                break
            place = re.search(r"(?:huyen|tinh|pho|xa|quan)\s*$", f[m.start() : abs_start])
            if place and _person_follows(text[abs_start:]):
                break
            if (
                place
                and place.group().startswith("tinh")
                and fold(w) in SURNAMES
                and province_from_text(text[abs_start:]) is None
            ):
                break  # "Chánh Thanh tra tỉnh Phan Đăng Khoa": provinces are a closed list
            if capital and fold(w) in SURNAMES and not place:
                nxt = text[abs_start + len(w) :].split()[:1]
                if nxt and is_name_token(nxt[0]):
                    break
            if capital and _TITLE_START.match(f[abs_start:]) and words:
                break
            if pending_join and not capital:
                break
            pending_join = False
            end = abs_start + len(w)
            words += 1
            if words >= 9:
                break
        start = m.start()
        if f.startswith("quyen", start) and not text[start].isupper():
            # "được ủy quyền giám đốc ...": the verb, not "Quyền Giám đốc".
            start = f.index(" ", start) + 1
        out.append((start, end, cap_first(squash(text[start:end]))))
    return out


def _spokesperson_sentences(view: View) -> list[tuple[str, str, ViewBlock]]:
    """Return (text, folded, block) of the sentences and table rows that name the spokesperson."""
    cands: list[tuple[str, str, ViewBlock]] = []
    spokes_blocks = 0
    body = list(view.body())
    for k, b in enumerate(body):
        if b.closing or b.loc.table is not None:
            continue
        b = _with_wrapped_line(b, body[k + 1] if k + 1 < len(body) else None)
        if b.basis:
            # "Thực hiện Quyết định số 125/QĐ-UBND ..., đồng chí X – Phó Chủ tịch là người phát
            # ngôn": the cited decision is not the spokesperson, the clause after it may be.
            cut = b.f.find(", ")
            if cut > 0 and "phat ngon" in b.f[cut:]:
                cands.append((b.text[cut + 2 :], b.f[cut + 2 :], b))
            continue
        if b.kind == "spokesperson" and b.heading_level is None and spokes_blocks < 4:
            spokes_blocks += 1
            cands += [(b.text[s:e], b.f[s:e], b) for s, e in sentences(b.text)]
            continue
        if _FORM_NAME.search(b.f) or _FORM_TITLE.search(b.f):
            cands.append((b.text, b.f, b))
            continue
        if "phat ngon" not in b.f:
            continue  # every wording below says "phat ngon"
        for s, e in sentences(b.text):
            seg = b.f[s:e]
            if re.search(
                r"nguoi (?:duoc giao (?:nhiem vu )?)?phat ngon|phat ngon vien"
                r"|giao nhiem vu phat ngon|truc tiep phat ngon|(?:lam|la) nhiem vu phat ngon",
                seg,
            ) and not _TRAINING.search(_EDUCATION_AGENCY.sub(" ", seg)):
                cands.append((b.text[s:e], seg, b))
    # The same table as PDF text: the label on its own line, the value on the next one or two.
    for k, b in enumerate(body):
        if b.loc.table is None and "nguoi phat ngon" in b.f and _SPOKESPERSON_LABEL.fullmatch(b.f):
            nxt = [x for x in body[k + 1 : k + 3] if len(x.text) < 80 and x.heading_level is None]
            if nxt:
                text = b.text.strip(" :") + ": " + " ".join(x.text.strip() for x in nxt)
                cands.append((text, fold_aligned(text), nxt[0]))
    # Result tables: "Người phát ngôn | Ông Nguyễn Văn A – Phó Giám đốc Sở".
    for rows in view.tables.values():
        first = min(cb.i for cells in rows.values() for cb in cells.values())
        lead = next((x for x in reversed(body) if x.i < first and x.loc.table is None), None)
        # "Người phát ngôn chính thức là Giám đốc Sở …" right above "Họ và tên | Chức vụ" rows;
        # a table of trainees ("Học viên dự lớp bồi dưỡng | Họ và tên") is not introduced so.
        labels = " ".join(cb.f for cb in rows[min(rows)].values())
        introduced = (
            lead is not None
            and bool(_ROLE_NOUN.search(lead.f))
            and not _TRAINING.search(_EDUCATION_AGENCY.sub(" ", lead.f + " " + labels))
        )
        if labelled := _column_labelled(rows, introduced):
            # Column labels ("Họ tên người phát ngôn | Chức danh") are not a row's values.
            cands += labelled
            continue
        for cells in rows.values():
            ordered = [cb for _, cb in sorted(cells.items())]
            for k, cb in enumerate(ordered[:-1]):
                if "phat ngon" in cb.f and len(cb.text) < 80:
                    # Cells apart by "; ": a note cell ("QĐ số 112/QĐ-BQL") is not the title.
                    values = [x.text for x in ordered[k + 1 :]]
                    if (wrap := _cell_wrap(view, ordered[-1])) is not None:
                        values[-1] = f"{values[-1]} {wrap}"
                    text = cb.text.rstrip(" :") + ": " + "; ".join(values)
                    cands.append((text, fold_aligned(text), ordered[k + 1]))
                    break
    return cands


# A sentence about training the spokesperson names no spokesperson; "Sở Giáo dục và Đào tạo" is
# an agency, not training.
_TRAINING = re.compile(r"tap huan|boi duong|ky nang phat ngon|dao tao")
_EDUCATION_AGENCY = re.compile(r"giao duc (?:va|&) dao tao")
_ROLE_NOUN = re.compile(r"nguoi (?:duoc \w+ )?phat ngon|phat ngon vien")


def _cell_wrap(view: View, cell: ViewBlock) -> str | None:
    """Return the line a scan's table reader left outside the last cell of a row, when it goes
    on with it ("Ông Trần Đức Lợi - Phó Chủ" / "tịch UBND huyện"), else None."""
    nxt = view.blocks[cell.i + 1] if cell.i + 1 < len(view.blocks) else None
    if nxt is None or nxt.loc.table is not None or len(nxt.text) > 60:
        return None
    return nxt.text.strip() if nxt.text.strip()[:1].islower() else None


def _with_wrapped_line(b: ViewBlock, nxt: ViewBlock | None) -> ViewBlock:
    """Return the block with the first sentence of the next one when a scan or PDF cut a line in
    the middle of a sentence ("… là ông Nguyễn Văn" / "Hùng – Phó Giám đốc Sở; …"): the block ends
    without punctuation and the next one is no heading or table cell of the same part."""
    if (
        nxt is None
        or b.heading_level is not None
        or not _ROLE_NOUN.search(b.f)
        or b.text.rstrip().endswith((".", ";", ":", "!", "?", ")"))
        or nxt.heading_level is not None
        or nxt.loc.table is not None
        or nxt.kind != b.kind
        or nxt.closing
    ):
        return b
    end = next((e for _, e in sentences(nxt.text)), len(nxt.text))
    text = f"{b.text.rstrip()} {nxt.text[:end].strip()}"
    return replace(b, text=text, f=fold_aligned(text))


_COLUMN_LABELS = {
    "ho va ten": "Họ và tên",
    "ho ten": "Họ và tên",
    "chuc vu": "Chức vụ",
    "chuc danh": "Chức vụ",
}


_SPOKESPERSON_MARK = re.compile(r"\W*(?:la\s+)?nguoi phat ngon(?:\s+chinh)?\W*")
_COLUMN_OF = re.compile(r" (?:cua )?nguoi phat ngon$")  # "Họ tên người phát ngôn"


def _column_labelled(
    rows: dict[int, dict[int, ViewBlock]], introduced: bool = False
) -> list[tuple[str, str, ViewBlock]]:
    """Return the spokesperson row under column labels as form lines: "Người phát ngôn | Họ và
    tên | Chức vụ" over "| Hoàng Văn Lâm | Phó Giám đốc Sở" gives "Họ và tên: ...; Chức vụ: ...".

    The labels speak of the spokesperson, or the sentence right above the table does
    (``introduced``)."""
    order = sorted(rows)
    for r, below in pairwise(order):
        if not any("ten" in cb.f for cb in rows[r].values()):
            continue
        labels = {
            c: _COLUMN_LABELS.get(
                _COLUMN_OF.sub("", " ".join(re.sub(r"[^a-z ]", " ", cb.f).split()))
            )
            for c, cb in rows[r].items()
        }
        if "Họ và tên" not in labels.values():
            continue
        # The row a cell names as the spokesperson ("Ghi chú: Người phát ngôn"), else the first
        # row under labels that speak of the spokesperson.
        marked = [
            r2
            for r2 in order
            if r2 > r and any(_SPOKESPERSON_MARK.fullmatch(cb.f) for cb in rows[r2].values())
        ]
        if marked:
            below = marked[0]
        elif not introduced and not any(
            "phat ngon" in cb.f or cb.kind == "spokesperson" for cb in rows[r].values()
        ):
            continue
        else:
            # A row whose term ended ("15/12/2025 - 31/7/2026", "đến tháng 7/2026") gives way to
            # the next row whose term did not: the one in office at the end of the period.
            ended = [r2 for r2 in order if r2 > r and _row_term_ended(rows[r2])]
            if below in ended:
                below = next((r2 for r2 in order if r2 > r and r2 not in ended), below)
        values = rows[below]
        name_at = next(c for c, lab in labels.items() if lab == "Họ và tên")
        if name_at not in values and len(labels) == len(values):
            # A PDF's columns read apart row by row (centred labels over left-aligned values):
            # as many labels as values, paired in order.
            labels = dict(zip(sorted(values), (labels[c] for c in sorted(labels)), strict=True))
        # A cell's text wraps onto more lines ("Nguyễn Thị Thanh" / "Hương"): one value.
        parts = [
            f"{lab}: {' '.join(values[c].text.split())}"
            for c, lab in sorted(labels.items())
            if lab and c in values
        ]
        name_col = next(c for c, lab in labels.items() if lab == "Họ và tên")
        if name_col in values and parts:
            text = "; ".join(parts)
            return [(text, fold_aligned(text), values[name_col])]
    return []


# A term in a cell that ended: "15/12/2025 - 31/7/2026", "đến 31/7/2026", "(nghỉ hưu từ 01/8)".
_TERM_ENDED_CELL = re.compile(
    r"\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*(?:-|–|den)\s*\d{1,2}/\d{1,2}"
    r"|^\W*den (?:het )?(?:ngay |thang )?\d|" + _LEAVES_POST
)


def _row_term_ended(cells: dict[int, ViewBlock]) -> bool:
    """Return whether a table row of a spokesperson says that person's term ended."""
    return any(_TERM_ENDED_CELL.search(cb.f) for cb in cells.values())


_FORM_NAME = re.compile(r"\bho (?:va )?ten(?: nguoi phat ngon)?\s*:\s*")
_FORM_TITLE = re.compile(r"\bchuc (?:vu|danh)\s*:\s*")


def _form_fields(text: str, f: str) -> tuple[str | None, str | None]:
    """Return (name, title) from form lines "Họ và tên: ...", "Chức vụ: ..." (any case)."""
    name = title = None
    if m := _FORM_NAME.search(f):
        words = re.split(r"[;,.(\n]|\s[-–]\s", text[m.end() :], maxsplit=1)[0].split()
        # "Họ và tên: Ông Nguyễn Thanh Tùng": the honorific is not part of the name.
        for n in (2, 1):
            if len(words) > n and _HONORIFIC.match(fold(" ".join(words[:n]))):
                words = words[n:]
                break
        if 2 <= len(words) <= 5 and all(w.isalpha() for w in words):
            name = " ".join(w[:1].upper() + w[1:].lower() for w in words)
    if m := _FORM_TITLE.search(f):
        value = re.split(r"[;.(\n]", text[m.end() :], maxsplit=1)[0].strip(" ,")
        title = cap_first(squash(value)) if value and len(value.split()) <= 12 else None
    return name, title


# A spokesperson named for a span of time that has ended: "từ ngày 01/01 đến ngày 31/7/2024,
# người phát ngôn là ông X"; a later sentence naming someone else names the current one.
_ENDED_TERM = re.compile(
    r"\btu (?:(?:ngay|thang)\s+\d[^.;]{0,30}?|dau nam\s+)" + _UNTIL + r"|\btruoc day\b"
    r"|\bden het (?:ngay|thang)\s+\d"
)
# The words that make a sentence name the spokesperson's role (a title alone elsewhere, such as
# the signer of a cited rule, "Quy chế phát ngôn … của Trưởng ban", is not the spokesperson).
_ROLE = re.compile(
    r"nguoi (?:duoc (?:giao|uy quyen) (?:nhiem vu )?)?phat ngon|phat ngon vien|nhiem vu phat ngon"
    r"|truc tiep phat ngon|(?:la|lam|thuc hien) (?:viec )?phat ngon"
)


# A sentence about work on the role names nobody in it: "tham mưu Chủ tịch UBND tỉnh kiện toàn
# người phát ngôn của UBND tỉnh", "rà soát, kiện toàn người phát ngôn" (unless it goes on "… là").
_ACTS_ON_ROLE = re.compile(
    r"\b(?:kien toan|ra soat|cong khai|bo sung|chi dinh lai|tap huan cho|boi duong cho)\s+"
    r"(?:\w+\s+){0,2}?nguoi (?:duoc \w+ )?phat ngon"
)
_NAMES_ROLE = re.compile(r"nguoi (?:duoc \w+ )?phat ngon[^.;]{0,60}?\b(?:la|gom)\b")


def _current(names: list[tuple[int, int, str]], f: str) -> tuple[int, int, str] | None:
    """Return the spokesperson in office after a change stated in ``f``: the last one named who
    is neither replaced ("thay ông Y") nor with a term that ended ("ông Y (đến tháng 5)"); None
    when everyone named is replaced ("– Phó Trưởng ban được giao làm người phát ngôn thay ông
    Y": the new one was named on the line before)."""
    if all(_REPLACED_BEFORE.search(f[: n[0]]) for n in names):
        return None
    nexts = [n[0] for n in names[1:]] + [len(f)]
    current = [
        n
        for n, stop in zip(names, nexts, strict=True)
        if not _REPLACED_BEFORE.search(f[: n[0]])
        and not _TERM_ENDED_AFTER.search(f[n[1] : stop])
        and not _LEAVING_AFTER.match(f, n[1])
        and not _AUTHORISED_AFTER.match(f[n[1] : stop])
    ]
    return (current or names)[-1]


def _extract_spokesperson(view: View) -> tuple[FieldValue | None, FieldValue | None]:
    cands = _spokesperson_sentences(view)
    former: tuple[FieldValue | None, FieldValue | None] | None = None
    for k in range(len(cands)):
        got = _spokesperson_from(cands, k)
        if got is None:
            continue
        if got[0] is None:
            _, f, b = cands[k]
            if not _ROLE.search(f) and b.loc.table is None:
                continue  # a title in the spokesperson part that does not name the role
            if _ACTS_ON_ROLE.search(f) and not _NAMES_ROLE.search(f):
                continue  # "tham mưu Chủ tịch UBND tỉnh kiện toàn người phát ngôn": work on it
            return former or _named_in_table(cands, k, got)
        f = cands[k][1]
        if former is None and (_ENDED_TERM.search(f) or _leaves(got[0].value, cands[k][0], f)):
            former = got
            continue
        return _changed_later(cands, k, got, changed=former is not None)
    return former or (None, None)


def _named_in_table(
    cands: list[tuple[str, str, ViewBlock]], k: int, got: tuple[None, FieldValue]
) -> tuple[FieldValue | None, FieldValue | None]:
    """Return the name a table of spokespeople gives for the title named alone ("người phát
    ngôn là Giám đốc Sở" over "Họ và tên | Chức vụ" rows): the row of that very title."""
    title = fold(got[1].value)
    for k2 in range(k + 1, len(cands)):
        if cands[k2][2].loc.table is None:
            continue
        later = _spokesperson_from(cands, k2)
        if later and later[0] and later[1] and fold(later[1].value) == title:
            return later
    return got


def _leaves(name: str, text: str, f: str) -> bool:
    """Return whether the sentence says the person named leaves the post ("ông Y nghỉ hưu")."""
    at = text.find(name)
    return at >= 0 and _LEAVING_AFTER.match(f, at + len(name)) is not None


def _changed_later(
    cands: list[tuple[str, str, ViewBlock]],
    k: int,
    got: tuple[FieldValue, FieldValue | None],
    changed: bool = False,
) -> tuple[FieldValue | None, FieldValue | None]:
    """Return the spokesperson of a later sentence stating a change ("Từ tháng 6/2021, người
    phát ngôn là bà X thay ông Y"), else ``got``: the one at the end of the period counts.
    ``changed``: an earlier sentence already told the change; the next one naming the role
    ("… đồng thời là người phát ngôn") names the new spokesperson."""
    for k2 in range(k + 1, min(len(cands), k + 4)):
        f2 = cands[k2][1]
        if _STAND_IN.search(f2) or not (_CHANGE_CUE.search(f2) or (changed and _ROLE.search(f2))):
            continue
        later = _spokesperson_from(cands, k2)
        if later is not None and later[0] is not None and later[0].value != got[0].value:
            got = later
    return got


# "Quyết định số 118/QĐ-STTTT ... do ông Trần Thanh Bình, Giám đốc Sở ký": the passive agent of
# "ký" (signed) is who signed a cited document, not the spokesperson. Matched on the text as
# written: "ký" (signed) is not "kỳ" (period, "định kỳ") nor "kỹ" (skill); lowercase, so the
# syllable of a name ("Ký") is not it.
_SIGNER = re.compile(r"\bdo\s+([^;.]{3,80}?)\s+ký(?:\s+ban\s+hành)?\b")


# Who issued a cited document: "Quyết định số 1452/QĐ-SYT ngày 20/8/2025 của Giám đốc Sở Y tế".
_ISSUER = re.compile(
    r"\b(?:quyet dinh|ke hoach|cong van|van ban|thong bao|chi thi|huong dan)\s+so\s+\S+"
    r"(?:\s+ngay\s+[\d/.-]+)?\s+cua\s+[^;.,()]{3,80}"
)


def _without_signers(text: str, f: str) -> tuple[str, str]:
    """Return ``text`` and its folded ``f`` with "do <signer> ký" clauses and the issuers of cited
    documents ("Quyết định số … của Giám đốc Sở") blanked (same length)."""
    spans = [m.span() for m in _SIGNER.finditer(text)] if "ký" in text else []
    spans += [m.span() for m in _ISSUER.finditer(f)] if " so " in f else []
    for start, end in spans:
        if "phat ngon" not in f[start:end]:
            gap = " " * (end - start)
            text = text[:start] + gap + text[end:]
            f = f[:start] + gap + f[end:]
    return text, f


_NAMED_PERSON = re.compile(rf"\b(?:{_HONORIFICS})\b")


def _spokesperson_from(
    cands: list[tuple[str, str, ViewBlock]], k: int
) -> tuple[FieldValue | None, FieldValue | None] | None:
    """Return (name, title) stated by candidate ``k`` of `_spokesperson_sentences`, or None."""
    text, f, b = cands[k]
    quote = cite(text)
    text, f = _without_signers(text, f)
    anchor = max(0, f.find("phat ngon"))
    names = _names_in(text, f)
    # A person named as the spokesperson's helper is not the spokesperson.
    ends = [n[0] for n in names[1:]] + [len(f)] if names else []
    names = [
        n for n, stop in zip(names, ends, strict=True) if not _HELPER_AFTER.match(f[n[1] : stop])
    ]
    titles = _titles_in(text, f)
    form_name, form_title = _form_fields(text, f)
    if form_name or form_title:
        # "Họ và tên: NGUYỄN VĂN A" / "Chức vụ: Phó Giám đốc Sở" may sit on the next lines.
        for t2, f2, _ in cands[k + 1 : k + 3]:
            n2, t2_title = _form_fields(t2, f2)
            form_name, form_title = form_name or n2, form_title or t2_title
        if form_name:
            conf = 0.9 if form_title else 0.75
            tv = FieldValue(form_title, 0.85, quote, b.loc) if form_title else None
            return FieldValue(form_name, conf, quote, b.loc), tv
    if names:
        after = [n for n in names if n[0] >= anchor] or names
        # "Từ tháng 01 đến tháng 6 ... ông X; do thay đổi ..., từ tháng 7 ... bà Y": the last
        # one named is the current spokesperson.
        # In a change, whoever is named before the role word may be the new one ("giao bà X
        # làm người phát ngôn thay ông Y").
        current = _current(names, f) if _CHANGE_CUE.search(f) else after[0]
        if current is None:
            return None
        ns, ne, name = current
        # The title right after the name ("X – Phó Giám đốc Sở"), else right before it.
        # "X được Giám đốc Sở giao …": the title after "được"/"do" is who assigns, not X's;
        # "X; các Phó Giám đốc Sở …" names others, in a clause of their own.
        title = next(
            (
                tt
                for ts, _, tt in titles
                if 0 <= ts - ne <= 6
                and not re.search(r"\b(?:duoc|do|boi|cac|nhung)\b|[;.]", f[ne:ts])
            ),
            None,
        ) or next((tt for _, te, tt in titles if 0 <= ns - te <= 12), None)
        if title is None and titles:
            title = min(titles, key=lambda t: min(abs(t[0] - ne), abs(ns - t[1])))[2]
        if title is None:
            # The title on the next line of the same part ("- Chức vụ: ...").
            for t2, f2, _ in cands[k + 1 : k + 3]:
                title = _form_fields(t2, f2)[1] or next((x[2] for x in _titles_in(t2, f2)), None)
                if title:
                    break
        nv = FieldValue(name, 0.9 if title else 0.75, quote, b.loc)
        tv = FieldValue(title, 0.85, quote, b.loc) if title else None
        return nv, tv
    if titles and ("phat ngon" in f or b.kind == "spokesperson"):
        # The title nearest the anchor: "TITLE là người phát ngôn" or "người phát ngôn (của
        # Sở) là TITLE"; a later "Chủ tịch ủy quyền cho ..." is not it.
        end = anchor + len("phat ngon")
        start = max(0, f.rfind("nguoi", 0, anchor + 1))

        pick = min(
            titles, key=lambda t, a=start, z=end: a - t[1] if t[1] <= a else max(0, t[0] - z)
        )
        # "người phát ngôn: ông HẾ: Cống KiuoÀ ° > chó Chủ tịch UBND": a person was named
        # there but not read (a seal over the line), and the title beside the name may be
        # damaged too ("Phó" read as "chó").
        # "đồng chí Chánh Thanh tra tỉnh" names the title alone.
        person = _NAMED_PERSON.search(f, min(end, pick[0]), max(end, pick[0]))
        unread = person is not None and pick[0] - person.end() > 3
        conf = DOUBTFUL_CONFIDENCE if unread else 0.85
        return None, FieldValue(pick[2], conf, quote, b.loc)
    return None
