"""Form family: the indicators of the Decree 244/2026 national form.

The form (reports from 2026 on) counts, beside press conferences held: the times the agency
brought information to press briefings ("giao ban báo chí"), press requests answered / received,
urgent or unusual incidents spoken about / all such incidents, answers given on time / answers,
and cases with a written reply or correction request / all cases that needed one. A ratio is kept
as two fields, numerator and denominator, with the same quote. Reports that say nothing of an
indicator leave it absent (unknown), never 0.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import replace

from ingest.document import Location
from ingest.fields.candidates import Candidate, best_candidate
from ingest.fields.context import Context
from ingest.fields.strings import (
    HAS_DIGIT,
    NUMBER_WORDS,
    cite,
    count_numbers,
    fold_aligned,
    glued,
)
from ingest.fields.view import (
    ITEM_NUMBER,
    View,
    ViewBlock,
    cell_number,
    not_count_columns,
    other_year_columns,
)
from ingest.fields.vocabulary import ATTEND, FUTURE
from ingest.periods import under_form
from ingest.record import DOUBTFUL_CONFIDENCE, FieldValue
from ingest.text import fold

# What an urgent case may be named by (folded): "vụ cháy", "vụ ngộ độc", "vụ sạt lở" …
_DISASTERS = ("chay", "no", "tai nan", "ngo doc", "sat lo", "sap", "dich", "dam", "ngap", "lu")
# Literal prefilters: a block without any of these holds no indicator (most blocks of most reports).
_FORM_CUES = (
    "giao ban", "yeu cau", "cau hoi", "de nghi", "vu viec", "dot xuat", "bat thuong", "cai chinh",
    "khan cap", "su viec", "su co", "thoi han", "tra loi", *(f"vu {d}" for d in _DISASTERS)
)  # fmt: skip
_RATIO_KINDS: dict[str, tuple[str, str | None]] = {
    "corrections": ("correction_requests", "corrections_total"),
    "on_time": ("answers_on_time", "answers_total"),
    "incidents": ("incidents_spoken", "incidents_total"),
    "briefings": ("briefings", None),
    "requests": ("press_requests_answered", "press_requests_received"),
}
# The fields the indicators give (a ratio gives two).
PRODUCES = tuple(name for names in _RATIO_KINDS.values() for name in names if name)


def extract(view: View, context: Context) -> dict[str, FieldValue]:
    """Return the form's indicators stated in the report; absent when silent."""
    return _extract_form(view, context.year.value if context.year else None)


# "đúng thời hạn", "đúng hạn", "đúng thời gian"; "đúng thời" alone where OCR split the cell.
_ON_TIME = re.compile(
    # OCR may put a comma inside: "trả lời đúng, thời hạn".
    r"dung,? (?:thoi )?han|dung thoi\b|kip thoi han|(?:bao dam|dam bao|dap ung) (?:thoi )?han\b"
    # "trả lời trong thời hạn"; "đang trong thời hạn xử lý" is a request still pending.
    r"|(?<!dang )trong (?:thoi )?han\b"
)
# Item (5) counts answers ("trả lời đúng hạn") or, in the form's own words, cases spoken about
# ("số vụ việc phát ngôn đúng hạn / tổng số có áp dụng thời hạn").
_ON_TIME_TOPIC = re.compile(r"tra loi|phat ngon|phan hoi")
# An urgent case may be named by what happened: "bốn vụ cháy rừng", "vụ ngộ độc thực phẩm".
# Item (4): "sự cố, vụ việc nóng, bất thường"; a technical fault of the website is no incident.
_INCIDENT_WORDS = re.compile(
    r"dot xuat|bat thuong|\bnong\b|nhay cam|khung hoang|khan cap"
    r"|\bsu co\b(?!\s+(?:ky thuat|he thong|mang|duong truyen|dien))"
    rf"|\bvu (?:{'|'.join(_DISASTERS)})\b"
)
_INCIDENT_NOUN = re.compile(r"vu viec|su viec|\bvu\b|su co|truong hop|su kien|van de")
_REQUEST_NOUN = re.compile(r"yeu cau|cau hoi|de nghi")
# Item (3) named by the form's own words, without a verb: "Yêu cầu cung cấp thông tin của cơ quan
# báo chí", "đề nghị cung cấp thông tin của phóng viên".
_PRESS_REQUEST_ITEM = re.compile(
    r"(?:yeu cau|de nghi|cau hoi)\s+(?:cung cap\s+)?thong tin\s+(?:cua|tu)\s+(?:cac\s+)?"
    r"(?:co quan bao chi|bao chi|phong vien|nha bao)"
)
_ANSWERED = re.compile(r"tra loi|phan hoi|dap ung|cung cap (?:thong tin )?day du")
_ANSWER_NOUN = re.compile(r"(?:yeu cau|cau hoi|de nghi|truong hop|van ban)\b")
_PRESS_WORD = re.compile(r"bao chi|phong vien|co quan bao|nha bao")
# A count of requests: "05 đề nghị", "02 lượt phóng viên đề nghị", "03 phóng viên gửi yêu cầu".
_REQUEST_AFTER = re.compile(
    r"\s*(?:(?:luot|truong hop)\s+)?(?:(?:phong vien|nha bao|co quan bao chi)\s+(?:\w+\s+){0,2}?)?"
    r"(?:yeu cau|cau hoi|de nghi)"
)
_THERE_WERE = re.compile(r"\bco\s*$")
_ITEM_THREE = re.compile(r"^\W*\(3\)")
_RECEIVED_AND_ANSWERED = re.compile(
    r"(?:tiep nhan|nhan duoc)\s+(?:va|,)\s+(?:da\s+)?(?:tra loi|phan hoi)(?:\s+day du)?\s*:?\s*$"
)
_RECEIVED_RIGHT_BEFORE = re.compile(
    r"(?:tiep nhan|nhan duoc)(?: duoc)?(?: tong so| tong cong)?\s*:?\s*$"
)
# The cases given a written reply or a correction request, told without a count: "UBND đặc khu đã
# có văn bản đề nghị cải chính".
_CORRECTED_TOLD = re.compile(
    r"\bda\s+(?:co\s+|gui\s+|ban hanh\s+)?(?:van ban\s+)?(?:tra loi|phan hoi|de nghi|yeu cau)"
    r"(?:(?!\d)[^.;]){0,60}?(?:cai chinh|dinh chinh|go bo)"
)
# Every answer on time, told without a count: "tất cả đều bảo đảm đúng thời hạn", "100% đúng hạn"
# is a rate (read elsewhere); "đều được trả lời đúng hạn".
_ALL_ON_TIME = re.compile(
    r"\b(?:tat ca|toan bo|deu)\s+(?:\w+\s+){0,4}?(?:dung|trong|bao dam|dam bao) (?:thoi )?han\b"
)
# Every request answered, told without a count: "xã đã trả lời đầy đủ", "đều được trả lời".
_ALL_ANSWERED = re.compile(
    r"(?:tra loi|phan hoi|dap ung|cung cap(?: thong tin)?)\s+(?:day du|tat ca|toan bo|het)\b"
    r"|\bdeu (?:da )?(?:duoc )?(?:tra loi|phan hoi|dap ung)"
)
# "14/15", "14 / 15", "14 trên 15", "3 trong tổng số 4"; OCR's fraction slash ("1⁄2") is folded
# to "/" (ingest.text.fold). Never a date ("14/12/2026", "ngày 14/12") nor a decimal.
_RATIO = re.compile(
    r"(?<![\d/.,])(\d{1,5})\s*(?:/|\btren\b(?:\s+tong\s+so)?"
    r"|\btrong\s+(?:tong\s+)?so\b)\s*(\d{1,5})(?![\d/%]|[.,]\d)"
)
# Item (6) of the form: cases answered in writing or with a correction request / cases that
# needed one. "cần phản hồi, cải chính" names the total; "có văn bản", "yêu cầu cải chính" the
# cases dealt with. The pieces the patterns below share:
_REPLY = r"(?:phan hoi|cai chinh|dinh chinh)"
_CASES = r"(?:vu viec|truong hop|su viec)"


def _needs(most: int) -> str:
    """Return the pattern of a need to reply with at most ``most`` words between: "cần phản hồi",
    "phải cải chính", "cần được phản hồi"."""
    return rf"(?:can|phai)\s+(?:duoc\s+)?(?:\w+\s+){{0,{most}}}?{_REPLY}"


_NEEDS = _needs(5)
_NEEDED = re.compile(rf"\b{_NEEDS}")
_CORRECTION_GIVEN = re.compile(
    r"co van ban|da (?:gui|co|phan hoi)|(?:yeu cau|de nghi) (?:cai chinh|dinh chinh)"
)
_CASES_TOTAL = re.compile(rf"tong so (?:cac )?{_CASES}")
# The cases of item (6) after a count: "4 vụ việc cần phản hồi, cải chính" (the total), "3/4 vụ
# việc có thông tin sai được phản hồi, yêu cầu cải chính" (a ratio).
_CASES_NEEDED_AFTER = re.compile(rf"\s*{_CASES}\b(?:\s+nao)?\s+(?:\w+\s+){{0,3}}?{_NEEDS}")
_CASES_CORRECTED_AFTER = re.compile(
    rf"\s*{_CASES}\b(?:(?!dot xuat|bat thuong|tra loi|phat ngon)[^;.0-9]){{0,40}}?{_REPLY}"
)
# A ratio in the clause of a correction request: "phản hồi, yêu cầu cải chính đối với 3/4 …".
# "01 văn bản đề nghị … cải chính thông tin … (01/01 trường hợp phát sinh)": the ratio of the
# cases, after the correction named in its clause with no other indicator in between.
_CASES_AFTER = re.compile(rf"\s*{_CASES}\b")
_CORRECTION_CLAUSE_LONG = re.compile(
    r"(?:cai chinh|dinh chinh)(?:(?!tra loi|phat ngon|tiep nhan|giao ban|dot xuat|bat thuong"
    r"|khan cap|thoi han)[^;:.0-9]){0,160}$"
)
_CORRECTION_CLAUSE = re.compile(
    r"(?:cai chinh|dinh chinh)(?:(?!tra loi|phat ngon|tiep nhan|giao ban|dot xuat)[^;:.0-9]){0,40}$"
)
# "Không phát sinh" vụ việc phải phản hồi, cải chính; "không có vụ việc nào cần phản hồi, cải
# chính": none arose, 0 of 0 (unlike "không có yêu cầu cải chính": none was made, total unknown).
_NONE_AROSE = re.compile(
    rf"\b(?:khong|chua)\s+phat sinh\s+(?:\w+\s+){{0,16}}?{_REPLY}"
    rf"|\b(?:khong|chua)\s+(?:co|xay ra|phat sinh)\s+(?:\w+\s+){{0,2}}?{_CASES}\b"
    # "… phải có văn bản trả lời hoặc đề nghị cơ quan báo chí cải chính": the need told at length,
    # after what the cases were ("trường hợp báo chí đăng tải thông tin sai sự thật liên quan
    # đến hoạt động của Ủy ban nhân dân phường phải …"), in the same sentence.
    rf"[^.;:]{{0,200}}?\b{_needs(14)}"
)
_NONE_AROSE_CELL = re.compile(r"\W*(?:khong|chua) phat sinh\W*")
# A PDF's layout may put "Không phát" at the end of a line of the label cell and "sinh" alone in
# the value cell: the answer "Không phát sinh" cut in two.
_NONE_AROSE_HEAD = re.compile(r"\b(?:khong|chua) phat\W*$")
_NONE_AROSE_TAIL = re.compile(r"\W*sinh\W*")


def _split_none_arose(before: list[str], f: str) -> bool:
    """Return True when folded ``f`` is the "sinh" of a "Không phát sinh" whose first words end
    a line of one of the texts ``before`` it (as written: folding joins the lines)."""
    return _NONE_AROSE_TAIL.fullmatch(f) is not None and any(
        _NONE_AROSE_HEAD.search(fold_aligned(line)) for b in before for line in b.splitlines()
    )


_DATE_BEFORE = re.compile(r"(?:ngay|thang|nam|tu|den)\s*$")


def _form_kind(f: str, press: bool = False) -> str | None:
    """Return which indicator a label (folded) names, or None. ``press``: the table speaks of
    the press elsewhere ("Số yêu cầu đã trả lời" under "Yêu cầu của cơ quan báo chí")."""
    if "cai chinh" in f or "dinh chinh" in f:
        return "corrections"
    if _ON_TIME_TOPIC.search(f) and _ON_TIME.search(f):
        return "on_time"
    if _INCIDENT_WORDS.search(f) and _INCIDENT_NOUN.search(f):
        return "incidents"
    if "giao ban" in f:
        return "briefings"  # "Số buổi giao ban báo chí đã tham dự" too: see _weighed
    if (
        (_ANSWERED.search(f) or "tiep nhan" in f)
        and _REQUEST_NOUN.search(f)
        and (press or _PRESS_WORD.search(f))
    ) or _PRESS_REQUEST_ITEM.search(f):
        return "requests"
    return None


_ITEM_SCORE = 3.5  # an item read line by line: above the assessment's counts, below the results'


# Item (2) counts the times the agency brought information to a briefing. A count of briefings
# attended, with no word of giving information, may be what the writer meant by it or not: it is
# offered to the reviewer below the review threshold and below any count of information given.
_ATTENDED_CONFIDENCE = 0.45
_ATTENDED_SCORE_LOSS = 2.0


def _attended_only(f: str) -> bool:
    """Return True when folded ``f`` speaks of briefings attended, not of information given."""
    return ATTEND.search(f) is not None and _GIVE_INFO.search(f) is None


def _weighed(kind: str, f: str, score: float, conf: float) -> tuple[float, float]:
    """Return (score, confidence) of a count of ``kind`` read with the folded words ``f``: lower
    when they count briefings attended."""
    if kind == "briefings" and _attended_only(f):
        return score - _ATTENDED_SCORE_LOSS, min(conf, _ATTENDED_CONFIDENCE)
    return score, conf


def _ratio_in(f: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """Return the first numerator/denominator pair in folded f[start:end] that is no date."""
    for m in _RATIO.finditer(f, start, len(f) if end is None else end):
        a, b = int(m.group(1)), int(m.group(2))
        if a > b or _DATE_BEFORE.search(f, max(0, m.start() - 6), m.start()):
            continue
        if a <= 12 and 1900 <= b <= 2100:  # "10/2026": a month, even without "tháng" before
            continue
        if glued(f, m.start(), m.end()):  # "_9/11", "9/11|": OCR debris
            continue
        return m
    return None


def _ratio_with_label(f: str) -> re.Match[str] | None:
    """Return the one ratio of a cell that also holds its label (no other digit), else None."""
    m = _ratio_in(f)
    if m is None or len(f.strip()) <= len(m.group()) + 12:
        return None
    return None if HAS_DIGIT.search(f[: m.start()] + f[m.end() :]) else m


def _one_side(kind: str, label: str) -> int | None:
    """Return which side (0 numerator, 1 denominator) a lone count of a ratio's label is, or None
    when the label names both sides ("đã trả lời/đã tiếp nhận" with one number is ambiguous)."""
    if kind == "requests":
        answered, received = "tra loi" in label, "tiep nhan" in label or "nhan duoc" in label
        return 0 if answered and not received else 1 if received and not answered else None
    if kind == "incidents":
        spoken, total = "phat ngon" in label, bool(re.search(r"tong so|phat sinh|xay ra", label))
        return 0 if spoken and not total else 1 if total and not spoken else None
    if kind == "on_time":
        # "Tổng số yêu cầu có thời hạn trả lời" is the total; "… đúng hạn / tổng số" names both.
        if "tong so" in label:
            return None if _ON_TIME.search(label) else 1
        return 0
    if kind == "corrections":
        # "Tổng số vụ việc cần phản hồi, cải chính" is the total; "…/tổng số" names both sides.
        if re.search(r"/\s*tong so|tren tong so", label):
            return None
        total = _NEEDED.search(label) or (
            _CASES_TOTAL.search(label) and not _CORRECTION_GIVEN.search(label)
        )
        return 1 if total else 0
    return 0


def _form_put(
    out: dict[str, list[Candidate]],
    kind: str,
    values: tuple[int | None, int | None],
    score: float,
    conf: float,
    quote: str,
    loc: Location,
) -> None:
    names = _RATIO_KINDS[kind]
    for name, value in zip(names, values, strict=True):
        if name is not None and value is not None:
            out.setdefault(name, []).append(Candidate(value, score, conf, quote, loc))


_TOTAL_HEAD = re.compile(r"\btong\b")
_NOTE_COLUMN = re.compile(r"^\W*ghi chu\W*$")
_ROW_NUMBER = re.compile(r"\W*(?:\d{1,3}|[ivx]{1,5}|[a-z])\W*")


_BARE_COUNT = re.compile(r"^\W*\d{1,5}(?:\s*/\s*\d{1,5})?\W*$")


def _without_item_number(cb: ViewBlock) -> ViewBlock:
    """Return the cell without a leading item number ("(3) Trả lời …" -> "Trả lời …")."""
    m = ITEM_NUMBER.match(cb.f)
    if m is None or cell_number(cb) is not None:
        return cb  # "5 trên 5", "01 lần": a value, not an item number before a label
    if HAS_DIGIT.search(cb.f, m.end()) and not _ratio_with_label(cb.f[m.end() :]):
        return cb
    return replace(cb, text=cb.text[m.end() :], f=cb.f[m.end() :])


def _form_table(view: View, out: dict[str, list[Candidate]], year: int | None = None) -> None:
    """Rows of a table whose label names an indicator: a ratio cell ("14/15", "9 / 11",
    "5 trên 5"), two count cells (a ratio split over two columns), or one count. In a table of
    several years ("Năm 2024 | Năm 2025 | Năm 2026"), the report's ``year`` column."""
    for rows in view.tables.values():
        order = sorted(rows)
        # The header: the first row and the rows under it without a number (a two-row header,
        # "Kết quả" over "Đã trả lời | Đã tiếp nhận"), read column by column.
        top = 1
        while top < min(len(order), 3) and not any(
            HAS_DIGIT.search(cb.f) for cb in rows[order[top]].values()
        ):
            top += 1
        first = rows[order[0]]
        if any(_BARE_COUNT.match(cb.f) for cb in first.values()) and any(
            _form_kind(_without_item_number(cb).f) for cb in first.values()
        ):
            # The rest of a table a PDF page break cut off: no header, its first row is data.
            top = 0
        heads: dict[int, str] = {}
        for r in order[:top]:
            for c, cb in rows[r].items():
                heads[c] = f"{heads[c]} {cb.f}" if c in heads else cb.f
        skip = {c for c, h in heads.items() if _NOTE_COLUMN.match(h)}
        skip |= other_year_columns(heads, year)
        # A rate column may be named in the header's second row ("Kết quả" over "Tổng số | Đã
        # thực hiện | Tỷ lệ (%)"): its "100" is no count.
        for r in order[: max(top, 1)]:
            skip |= {c for c in not_count_columns(rows[r]) if c > 0}
        if top and _form_columns(rows, order[top:], heads, skip, out):
            continue
        press: bool | None = None
        item = ""  # the label of the last row that named its item in its first columns
        for r in order[top:]:
            # A row without its first columns goes on with the item of a merged cell above
            # ("4 | Vụ việc khẩn cấp | – Tổng số vụ việc | 02" then "– Số vụ việc đã phát
            # ngôn | 02"): the item's label is its label too.
            texts = [cb.f for c, cb in sorted(rows[r].items()) if not HAS_DIGIT.search(cb.f)]
            numbered = 0 in rows[r]
            inherited = item if not numbered and texts and texts[0][:1] in "–-+" else ""
            if numbered:
                item = " ".join(texts)
            # The first column is a row number ("1", "2.", "III") or the label itself.
            cells = sorted(
                (c, cb)
                for c, cb in rows[r].items()
                if c not in skip and not (c == 0 and _ROW_NUMBER.fullmatch(cb.f))
            )
            if not any(
                cue in f for f in [inherited, *(cb.f for _, cb in cells)] for cue in _FORM_CUES
            ):
                continue
            if press is None:
                press = any(
                    _PRESS_WORD.search(cb.f) for row in rows.values() for cb in row.values()
                )
            # The label, with the headers of the columns holding counts ("Đã trả lời | Đã tiếp
            # nhận" over "Yêu cầu của cơ quan báo chí | 14 | 15").
            # A label cell may open with the form's item number: "(3) Trả lời đề nghị …".
            cells = [(c, _without_item_number(cb)) for c, cb in cells]
            # A scan may read the value into the label's cell ("… đã trả lời/tổng số 18/19").
            merged = [(cb, m) for _, cb in cells if (m := _ratio_with_label(cb.f))]
            label = " ".join(
                [inherited]
                + [cb.f for _, cb in cells if not HAS_DIGIT.search(cb.f)]
                + [f"{cb.f[: m.start()]} {cb.f[m.end() :]}" for cb, m in merged]
                + [heads[c] for c, cb in cells if HAS_DIGIT.search(cb.f) and c in heads]
            )
            kind = _form_kind(label, press)
            if kind is None:
                continue
            quote = cite(" | ".join(cb.text for _, cb in sorted(rows[r].items())))
            values: tuple[int | None, int | None] | None = None
            counts: list[tuple[int, ViewBlock]] = []
            for k, (_, cb) in enumerate(cells):
                if not HAS_DIGIT.search(cb.f):
                    if _NONE_AROSE_CELL.fullmatch(cb.f) or _split_none_arose(
                        [c.text for _, c in cells[:k]], cb.f
                    ):
                        values, loc = (0, 0), cb.loc  # "Không phát sinh": 0 of 0
                        break
                    # "Không" in the count column: no correction requested, no briefing given.
                    if kind in ("corrections", "briefings") and re.fullmatch(
                        r"\W*khong(?: co)?\W*", cb.f
                    ):
                        counts.append((0, cb))
                    continue
                m = _ratio_in(cb.f)
                if m and len(cb.f.strip()) <= len(m.group()) + 12:
                    values = (int(m.group(1)), int(m.group(2)))
                    loc = cb.loc
                    break
                n = cell_number(cb) if "%" not in cb.f else None  # a rate is no count
                if n is not None and float(n.value).is_integer() and not n.qualifier:
                    counts.append((int(n.value), cb))
            if values is None and not counts and len(merged) == 1:
                cb, m = merged[0]
                values, loc = (int(m.group(1)), int(m.group(2))), cb.loc
            if values is None and len(counts) == 2 and _RATIO_KINDS[kind][1] is not None:
                # "Tổng số | Số đã thực hiện": the column headers say which side is which.
                first_total = _TOTAL_HEAD.search(heads.get(counts[0][1].loc.cell, ""))
                second_total = _TOTAL_HEAD.search(heads.get(counts[1][1].loc.cell, ""))
                if first_total and not second_total:
                    counts.reverse()
                if counts[0][0] <= counts[1][0]:
                    values, loc = (counts[0][0], counts[1][0]), counts[0][1].loc
            elif values is None and len(counts) == 1:
                # A row under its item's label says its side in its own words ("– Tổng số …").
                side = _one_side(kind, label[len(inherited) :] if inherited else label)
                if side is not None:
                    v = counts[0][0]
                    values, loc = ((v, None) if side == 0 else (None, v)), counts[0][1].loc
            if values is not None and _RATIO_KINDS[kind][1] is None:
                values = (values[0], None)
            if values is not None:
                _form_put(out, kind, values, *_weighed(kind, label, 6.0, 0.9), quote, loc)


_RATE_ROW = re.compile(r"ty le|%|phan tram")


def _form_columns(
    rows: dict[int, dict[int, ViewBlock]],
    data: list[int],
    heads: dict[int, str],
    skip: set[int],
    out: dict[str, list[Candidate]],
) -> bool:
    """Read a table whose columns are the indicators ("(3) Trả lời đề nghị của báo chí | (4) Sự
    kiện, vấn đề khẩn cấp | …") and whose rows are the sides ("Số đã thực hiện", "Tổng số"): a
    row named by a total gives denominators, another row numerators; a ratio or "Không phát
    sinh" cell gives both. Return False, reading nothing, unless two columns name indicators."""
    kinds = {
        c: kind
        for c, h in heads.items()
        if c > 0 and c not in skip and (kind := _form_kind(ITEM_NUMBER.sub("", h, count=1), True))
    }
    if len(set(kinds.values())) < 2:
        return False
    for r in data:
        row = rows[r]
        name = row[0].f if 0 in row else ""
        if _RATE_ROW.search(name):
            continue
        total = _TOTAL_HEAD.search(name) is not None
        quote = cite(" | ".join(cb.text for _, cb in sorted(row.items())))
        for c, kind in kinds.items():
            cb = row.get(c)
            if cb is None:
                continue
            values: tuple[int | None, int | None] | None = None
            if _NONE_AROSE_CELL.fullmatch(cb.f):
                values = (0, 0)
            elif (m := _ratio_in(cb.f)) and len(cb.f.strip()) <= len(m.group()) + 12:
                values = (int(m.group(1)), int(m.group(2)))
            elif (n := cell_number(cb)) is not None and float(n.value).is_integer():
                values = (None, int(n.value)) if total else (int(n.value), None)
            if values is None:
                continue
            if _RATIO_KINDS[kind][1] is None:
                values = (values[0], None)
            _form_put(out, kind, values, *_weighed(kind, heads[c], 6.0, 0.9), quote, cb.loc)
    return True


# Prose. Each count is read with the words between it and its neighbouring counts.
_GIVE_INFO = re.compile(
    r"cung cap thong tin|dua thong tin|thong tin (?:tai|toi|tren)|phat ngon|phat bieu"
    r"|trao doi thong tin|bao cao tai"
)
_UNIT_TIMES = re.compile(r"\s*(?:lan|buoi|cuoc|luot|ky|phien)\b")
_LABEL_END = re.compile(r"(?::|\bla\b|\bdat\b)\s*$")
_RECEIVED = re.compile(r"tiep nhan|nhan duoc|\bnhan\b")
_SPOKEN = re.compile(
    r"phat ngon|cung cap thong tin|thong tin ve|thong tin kip thoi|thong tin cho bao chi"
)
_OCCURRED = re.compile(r"phat sinh|xay ra|tong so|\bco\b")
_DENOMINATOR_BEFORE = re.compile(r"(?:trong (?:tong )?so|tren (?:tong so )?|tong so)\s*$")
_NO_INCIDENT = re.compile(
    r"\b(?:khong|chua)\s+(?:co|phat sinh|xay ra)\s+(?:\w+\s+){0,4}?(?:vu viec|truong hop|viec"
    r"|su viec|su kien|su co)\b[^.;]{0,60}?(?:dot xuat|bat thuong|khan cap|nong|buc xuc)"
)
_NO_CORRECTION = re.compile(
    r"\b(?:khong|chua)\s+(?:co|phai|nhan duoc|phat sinh|gui)?\s*(?:\w+\s+){0,6}?(?:yeu cau|de nghi"
    r"|van ban)\s+(?:\w+\s+){0,2}?(?:cai chinh|dinh chinh)|(?:cai chinh|dinh chinh)[^.;0-9]{0,30}"
    r":\s*(?:khong|0)\b"
)
# "02 yêu cầu cải chính", "01 lần đề nghị Báo Hà Nam cải chính".
_CORRECTION_AFTER = re.compile(
    r"\s*(?:(?:lan|van ban)\s+)?(?:(?:yeu cau|de nghi)\s+(?:[\w.&-]+\s+){0,5}?)?"
    r"(?:cai chinh|dinh chinh)"
)
# "không phát sinh vụ việc có áp dụng thời hạn phát ngôn": item (5) is 0 of 0.
_NO_DEADLINE_CASE = re.compile(
    r"\b(?:khong|chua)\s+(?:co|phat sinh)\s+(?:\w+\s+){0,3}?(?:vu viec|yeu cau|truong hop)"
    r"\s+(?:nao\s+)?(?:co\s+)?(?:ap dung|tinh|phai tra loi theo)\s+thoi han"
)
_NO_BRIEFING = re.compile(
    r"\b(?:khong|chua)\s+(?:co\s+)?(?:(?:lan|luot|buoi)\s+)?(?:tham gia\s+)?(?:dua|cung cap)"
    r"\s+thong tin"
    r"\s+(?:tai|toi)\s+"
    r"(?:cac\s+)?(?:cuoc\s+|buoi\s+|hoi nghi\s+)?giao ban"
)
# No press request in the period: "không có cơ quan báo chí nào đề nghị Ban cung cấp thông
# tin", "không nhận được yêu cầu cung cấp thông tin nào của báo chí": item (3) is 0 of 0.
_NO_PRESS_REQUEST = re.compile(
    r"\b(?:khong|chua)\s+(?:co|nhan duoc|tiep nhan|phat sinh)\s+(?:\w+\s+){0,5}?"
    r"(?:yeu cau|de nghi|cau hoi)\b"
    r"|\b(?:khong|chua)\s+co\s+(?:co quan bao chi|phong vien|nha bao|bao chi)\s+(?:nao\s+)?"
    r"(?:(?:gui|co|dat)\s+)?(?:de nghi|yeu cau|cau hoi|hoi)\b"
)
# What such a statement may be about instead: a correction, a briefing, a case, requests left
# unanswered or late ("không có yêu cầu nào quá hạn": all answered, not none received).
_NOT_NO_PRESS_REQUEST = re.compile(
    r"cai chinh|dinh chinh|giao ban|vu viec|thoi han|qua han|tre han|tu choi"
    r"|(?:chua|khong)\s+(?:duoc\s+)?(?:tra loi|phan hoi|dap ung)"
)
# "trong kỳ báo cáo", "trong năm", "trong quý", optional, before what the period saw.
_IN_THE_PERIOD = r"(?:trong (?:ky bao cao|ky|nam|quy|thang)\s*,?\s*)?"
# Items named one after the other, then none of them arose: "Việc cung cấp thông tin tại giao ban
# báo chí và văn bản trả lời, yêu cầu cải chính trong năm không phát sinh."
_ENDS_NONE_AROSE = re.compile(
    r"\s*" + _IN_THE_PERIOD + r"(?:(?:deu|cung)\s+)?"
    r"(?:khong|chua) phat sinh\W*$"
)
_CORRECTION_BEFORE = re.compile(
    r"(?:(?:yeu cau|de nghi) (?:cai chinh|dinh chinh)[^.;0-9]{0,30}(?::|\bla\b)"
    r"|(?:yeu cau|de nghi) (?:cai chinh|dinh chinh)(?: thong tin)?)\s*$"
)
_FORM_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-ZÀ-ỸĐ0-9*-])|\n+")


def _semicolon_clauses(f: str) -> list[tuple[int, int]]:
    """Return the spans of ``f`` between semicolons."""
    cuts = [m.start() for m in re.finditer(";", f)]
    return list(zip([0, *(c + 1 for c in cuts)], [*cuts, len(f)], strict=True))


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Return True when start..end overlaps one of the sorted, disjoint ``spans``."""
    k = bisect.bisect_right(spans, (end, -1)) - 1
    return k >= 0 and spans[k][0] < end and start < spans[k][1]


def _counts_in(t: str, f: str) -> list[tuple[int, int, int, int | None]]:
    """Return (start, end, value, denominator) of the counts of folded ``f``: ratios and lone
    whole numbers (not dates, not document numbers, not approximations)."""
    found: list[tuple[int, int, int, int | None]] = []
    taken: list[tuple[int, int]] = []
    if "/" in f or " tren " in f or " trong " in f:
        pos = 0
        while (m := _ratio_in(f, pos)) is not None:
            found.append((m.start(), m.end(), int(m.group(1)), int(m.group(2))))
            taken.append((m.start(), m.end()))
            pos = m.end()
        for m in _WORD_RATIO.finditer(f):
            # "bốn trong tổng số bốn vụ cháy rừng": a ratio in words.
            if not _inside(taken, m.start(), m.end()):
                num, den = (NUMBER_WORDS[m.group(k)][1] for k in (1, 2))
                found.append((m.start(), m.end(), num, den))
                taken.append((m.start(), m.end()))
    for n in count_numbers(t):
        if f[n.end : n.end + 2].lstrip().startswith("%") or "phan tram" in f[n.end : n.end + 12]:
            continue
        # "3 Yêu cầu của cơ quan báo chí ...": a row or list number at the start of a line.
        if not t[: n.start].strip(" (") and re.match(r"\s*[.)]?\s*[A-ZÀ-ỸĐ]", t[n.end :]):
            continue
        if n.qualifier or not float(n.value).is_integer() or _inside(taken, n.start, n.end):
            continue
        if _DATE_BEFORE.search(f, max(0, n.start - 6), n.start) or 1900 <= n.value <= 2100:
            continue
        if _SPAN_AFTER.match(f, n.end):
            continue  # "Trong 9 tháng đầu năm 2026": a length of time, never a count of the form
        found.append((n.start, n.end, int(n.value), None))
    for m in _WORD_BEFORE_INCIDENT.finditer(f):
        if not _inside(sorted(taken + [(s, e) for s, e, _, _ in found]), m.start(), m.end()):
            found.append((m.start(), m.end(), NUMBER_WORDS[m.group()][1], None))
    return sorted(found)


_SPAN_AFTER = re.compile(r"\s*(?:thang|nam|quy|tuan|ngay)\b")
_ONE_WORD = r"(mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)"
_WORD_RATIO = re.compile(rf"\b{_ONE_WORD}\s+(?:tren|trong)\s+(?:tong\s+)?so\s+{_ONE_WORD}\b")
# A number word before the form's incident nouns ("đối với cả hai sự việc"): the shared number
# parser counts a lone word only before the nouns it knows, and "sự việc" is none of them.
_WORD_BEFORE_INCIDENT = re.compile(rf"\b{_ONE_WORD}\b(?=\s+su (?:viec|kien|co)\b)")


_PERCENT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:%|phan tram\b)")


def _numerators_told(f: str, totals: dict[str, int], numerators: set[str]) -> dict[str, int]:
    """Return numerators a sentence tells without counting them, for the indicators whose total
    alone it counted (folded ``f``): "xảy ra 01 vụ việc đột xuất; … đã kịp thời phát ngôn …
    về vụ việc" (all of them); "tiếp nhận mười bốn yêu cầu …; tỷ lệ được trả lời đạt 100%" (the
    one rate of the sentence, of the one total, where it gives a whole number)."""
    alone = {k: v for k, v in totals.items() if k not in numerators}
    out: dict[str, int] = {}
    told = _SPOKEN_OF_THE_CASES.search(f) if "incidents" in alone else None
    if told and not _NEGATED.search(f, max(0, told.start() - 30)):
        out["incidents"] = alone["incidents"]
    told = _CORRECTED_TOLD.search(f) if "corrections" in alone else None
    if told and not _NEGATED.search(f, max(0, told.start() - 30)):
        out["corrections"] = alone["corrections"]
    told = _ALL_ANSWERED.search(f) if "requests" in alone else None
    if told and not re.search(r"\b(?:chua|khong)\s*$", f[max(0, told.start() - 12) : told.start()]):
        out["requests"] = alone["requests"]
    rates = _PERCENT.findall(f)
    if len(alone) == 1 and len(rates) == 1 and not out:
        (kind, total), rate = next(iter(alone.items())), float(rates[0].replace(",", "."))
        part = total * rate / 100
        if rate <= 100 and abs(part - round(part)) < 0.05:
            out[kind] = round(part)
    return out


def _form_prose(b: ViewBlock, out: dict[str, list[Candidate]], briefing_part: bool = False) -> None:
    """Counts of the form's indicators written in sentences (or in flattened table lines).
    ``briefing_part``: the block is under a heading naming the press briefings."""
    # The assessment's counts ("Hạn chế: … 01 yêu cầu trả lời chậm") are the weakest: below the
    # form's items read line by line (_ITEM_SCORE).
    score = {"results": 5.0, "assessment": _ITEM_SCORE - 1.0}.get(b.kind or "", 4.0)
    conf = 0.8 if b.kind in ("results", "intro") else 0.7
    start = 0
    after_incidents = False  # the sentence before spoke of urgent incidents
    # Results told, not judged: "báo chí chưa có đề nghị bằng văn bản" among the limitations is
    # no count of requests.
    told = b.kind != "assessment"
    for m in itertools.chain(_FORM_SENTENCE.finditer(b.text), [None]):
        end = m.start() if m else len(b.text)
        t, f = b.text[start:end], b.f[start:end]
        start = m.end() if m else end
        # "Trong năm xảy ra 06 vụ việc khẩn cấp (…). Sở đã phát ngôn … đối với 06 vụ việc.":
        # the next sentence's cases are the same incidents.
        incidents = _INCIDENT_WORDS.search(f) is not None or (
            after_incidents
            and _INCIDENT_NOUN.search(f) is not None
            and _SPOKEN.search(f) is not None
        )
        after_incidents = _INCIDENT_WORDS.search(f) is not None
        if not (briefing_part or any(cue in f for cue in _FORM_CUES)) or FUTURE.search(f):
            continue
        quote, found = cite(t), _counts_in(t, f)
        # Per indicator of a ratio: the total read alone, and whether a numerator was read.
        totals: dict[str, int] = {}
        answered_now: int | None = None  # the requests answered, counted in this sentence
        numerators: set[str] = set()
        # What the sentence speaks of, looked up once (not per count: long lines stay linear).
        topics = {
            "on_time": _ON_TIME_TOPIC.search(f) is not None and _ON_TIME.search(f) is not None,
            "incidents": incidents,
            "briefings": briefing_part or "giao ban" in f,
            "corrections": "cai chinh" in f or "dinh chinh" in f,
            "requests": ("tiep nhan" in f or "nhan duoc" in f or _ANSWERED.search(f) is not None)
            # "(3) Số yêu cầu cung cấp thông tin đã trả lời/tổng số …": the form's item (3) is
            # the press's requests, named or not.
            and (_PRESS_WORD.search(f) is not None or _ITEM_THREE.match(f) is not None),
        }
        for k, (s, e, value, den) in enumerate(found):
            # The words back to the previous count and on to the next one (at most 200 chars).
            pre = f[max(found[k - 1][1] if k else 0, s - 200) : s]
            post = f[e : min(found[k + 1][0] if k + 1 < len(found) else len(f), e + 200)]
            if topics["briefings"] and (briefing_part or "trong do" in pre):
                # Under a "Giao ban báo chí" heading, or a sub-count ("Tham gia giao ban: 12
                # lần; trong đó cung cấp thông tin: 05 lần"): the briefings are named before.
                pre = f[max(0, s - 200) : s] if "giao ban" in f[max(0, s - 200) : s] else pre
                pre = pre if "giao ban" in pre else "giao ban " + pre
            got = _prose_kind(pre, post, topics, den is not None, k + 1 < len(found))
            if got is None:
                continue
            kind, side = got
            # "tham dự 9 buổi giao ban ..., cung cấp thông tin": attended, information given at
            # some of them perhaps; kept, but less sure than "cung cấp thông tin tại 9 buổi".
            sure = conf if kind != "briefings" or not ATTEND.search(pre[-60:]) else 0.65
            at, sure = _weighed(kind, f"{pre[-60:]} {post[:80]}", score, sure)
            if den is not None:
                values = (value, den) if _RATIO_KINDS[kind][1] is not None else (None, None)
            elif side == "both":
                values = (value, value)
            else:
                values = (None, value) if side == "den" else (value, None)
            _form_put(out, kind, values, at, min(conf, sure), quote, b.loc)
            if values[1] is not None and values[0] is None:
                totals[kind] = values[1]
            elif values[0] is not None:
                numerators.add(kind)
                answered_now = values[0] if kind == "requests" else answered_now
        for kind, total in _numerators_told(f, totals, numerators).items():
            _form_put(out, kind, (total, None), score - 1.0, 0.7, quote, b.loc)
        # "đã trả lời 06/06 đề nghị, tất cả đều bảo đảm đúng thời hạn": every answer on time.
        every = _ALL_ON_TIME.search(f) if answered_now is not None else None
        if (
            every
            and "on_time" not in numerators
            and "on_time" not in totals
            and not re.search(r"\b(?:khong|chua)\b", f[max(0, every.start() - 16) : every.end()])
        ):
            _form_put(out, "on_time", (answered_now,) * 2, score - 1.0, 0.7, quote, b.loc)
        # Statements of none, clause by clause ("…; không phát sinh vụ việc đột xuất, bất
        # thường; không phát sinh vụ việc có áp dụng thời hạn phát ngôn."): clauses without counts.
        clauses = _semicolon_clauses(f)
        # "Vụ việc đột xuất, bất thường; văn bản trả lời, đề nghị cải chính: không phát sinh":
        # the answer of the last label is each bare label's before it.
        shared = _ZERO_VALUE.search(f[clauses[-1][0] : clauses[-1][1]]) if clauses else None
        for cs, ce in clauses:
            if any(cs <= s < ce for s, _, _, _ in found):
                continue
            c = f[cs:ce]
            if zero := _ZERO_VALUE.search(c):
                _form_zero_line(c[: zero.start()], zero, out, score, conf, quote, b.loc)
            elif shared and (cs, ce) != clauses[-1] and len(c.split()) <= 8:
                _form_zero_line(c, shared, out, score - 1.0, conf, quote, b.loc)
            if "giao ban" in c and _NO_BRIEFING.search(c):
                _form_put(out, "briefings", (0, None), score - 1.0, 0.7, quote, b.loc)
            if _INCIDENT_WORDS.search(c) and _NO_INCIDENT.search(c):
                _form_put(out, "incidents", (0, 0), score - 1.0, 0.7, quote, b.loc)
            if _NO_DEADLINE_CASE.search(c):
                _form_put(out, "on_time", (0, 0), score - 1.0, 0.7, quote, b.loc)
            if (
                told
                and _NO_PRESS_REQUEST.search(c)
                and _PRESS_WORD.search(c)
                and not _NOT_NO_PRESS_REQUEST.search(c)
            ):
                _form_put(out, "requests", (0, 0), score - 1.0, 0.7, quote, b.loc)
        if told and not found and (none := _ENDS_NONE_AROSE.search(f)):
            # Each item named before "không phát sinh", none told as done ("đã trả lời …").
            for part in re.split(r"\s+va\s+|;", f[: none.start()]):
                if not re.search(r"\b(?:da|deu)\b", part):
                    _form_zero_line(part, none, out, score, conf, quote, b.loc)
        if topics["corrections"] and not any(_CORRECTION_AFTER.match(f, e) for _, e, _, _ in found):
            if _NONE_AROSE.search(f):
                _form_put(out, "corrections", (0, 0), score - 1.0, 0.8, quote, b.loc)
            elif _NO_CORRECTION.search(f):
                _form_put(out, "corrections", (0, None), score - 1.0, 0.8, quote, b.loc)


# A line of the form answered in words: "Số vụ việc đột xuất …/tổng số: không phát sinh".
_ZERO_VALUE = re.compile(
    r":\s*"
    + _IN_THE_PERIOD
    + r"(?:(?:khong|chua) phat sinh|khong co|khong)(?:\s+(?:vu viec|truong hop|yeu cau))?\W*$"
)
_ITEM_NUMBER = re.compile(r"^\W*(?:\d{1,2}|[ivx]{1,4})\s*[.)]")


def _form_zero_line(
    label: str,
    zero: re.Match[str],
    out: dict[str, list[Candidate]],
    score: float,
    conf: float,
    quote: str,
    loc: Location,
) -> None:
    """Read "<label of an indicator>: không phát sinh / không có" as none: 0 of 0 for a ratio
    when none arose or the label names both sides ("… / tổng số"), else 0 on the side named."""
    kind = _form_kind(label, press=_ITEM_NUMBER.match(label) is not None)
    if kind is None:
        return
    side = _one_side(kind, label)
    values: tuple[int | None, int | None] = (0, 0)
    if _RATIO_KINDS[kind][1] is None:
        values = (0, None)
    elif side is not None and "phat sinh" not in zero.group():
        values = (0, None) if side == 0 else (None, 0)
    _form_put(out, kind, values, *_weighed(kind, label, score - 1.0, conf), quote, loc)


_HOP_BAO_NEXT = re.compile(r"\s*(?:cuoc|buoi|lan)?\s*hop bao")
_CHANGE_BEFORE = re.compile(r"\b(?:tang|giam)(?: them)?\s*$|so voi\s*$")
_NEGATED = re.compile(
    r"\b(?:chua|khong)\s+(?:duoc\s+|the\s+)?(?:tra loi|phan hoi|dap ung|tiep nhan|phat ngon)"
)
_CLAUSE_END = re.compile(r"[,;(]")
_WRONG_INFORMATION_CASE_AFTER = re.compile(
    rf"\s*{_CASES}\b(?:\s+[\w-]+){{0,10}}?\s+(?:thong tin|tin|noi dung)\s+"
    r"(?:sai|khong chinh xac|chua chinh xac|xuyen tac)"
)
_WRONG_INFORMATION_AFTER = re.compile(r"\s*(?:truong hop|vu viec)\s+(?:thong tin|tin)\s+sai\b")
# The cases spoken about, without a count: "đã kịp thời phát ngôn, cung cấp thông tin cho báo chí
# về vụ việc", "đều đã phát ngôn về các vụ việc trên".
_SPOKEN_OF_THE_CASES = re.compile(
    r"\bda\s+(?:\w+\s+){0,3}?(?:phat ngon|cung cap thong tin)[^.;0-9]{0,60}?"
    r"\b(?:ve|doi voi)\s+(?:ca\s+)?(?:cac\s+)?(?:vu viec|su viec|su co)"
    # The cases as a whole, not one named among them ("về vụ việc cháy rừng").
    r"(?:\s+(?:nay|tren|do|neu tren))?(?=\s*(?:[,.;)]|$)|\s+(?:dong thoi|va)\b)"
)
_VERB_RIGHT_BEFORE = re.compile(
    r"(?:tra loi|phan hoi|dap ung|tiep nhan|nhan duoc|\bnhan)(?: duoc| day du| cho)?\s*:?\s*$"
)
# A deadline the requests carried, not an answer given on time: "18 đề nghị yêu cầu trả lời trong
# thời hạn", "06 yêu cầu có thời hạn".
_DEADLINE_STATED = re.compile(
    # "yêu cầu" the verb, after the requests it describes ("yêu cầu trả lời đúng thời hạn" alone
    # is the requests answered on time).
    r"(?:(?:de nghi|cau hoi|co|duoc)\s+yeu cau|can|phai)\s+(?:tra loi|phan hoi)\s+"
    r"(?:trong|dung|theo)\s+(?:thoi )?han"
    r"|\bco (?:yeu cau (?:ve )?)?thoi han|ap dung thoi han"
)


def _last(rx: re.Pattern[str], s: str) -> int:
    return max((m.end() for m in rx.finditer(s)), default=-1)


def _prose_kind(
    pre: str, post: str, topics: dict[str, bool], ratio: bool, followed: bool = False
) -> tuple[str, str] | None:
    """Return (indicator, side) of a count read with the words around it: side "num" or "den"
    of a ratio (a ratio written "14/15" gives both); None when it counts none of them.
    ``pre``/``post``: the words back to the previous count and on to the next one; ``topics``:
    which indicators the sentence speaks of; ``followed``: another count comes after."""
    near_pre, near_post = pre[-60:], post[:60]
    # "tăng 5 yêu cầu so với năm 2025": a change, not a count.
    if _CHANGE_BEFORE.search(near_pre):
        return None
    label = _LABEL_END.search(near_pre) is not None or not post.strip(" .;,")
    # Item (6) as a ratio ("yêu cầu cải chính 3 trong tổng số 4 vụ việc") or its total ("Tổng số
    # vụ việc cần phản hồi, cải chính: 4", "có 4 vụ việc cần phản hồi, cải chính").
    if topics["corrections"]:
        if ratio and (
            _CORRECTION_CLAUSE.search(near_pre)
            or _CASES_CORRECTED_AFTER.match(post)
            or (_CASES_AFTER.match(post) and _CORRECTION_CLAUSE_LONG.search(pre))
        ):
            return "corrections", "num"
        if not ratio and (
            _CASES_NEEDED_AFTER.match(post)
            # "Có 01 trường hợp thông tin sai sự thật …, đã có văn bản đề nghị cải chính", "01
            # trường hợp trang thông tin điện tử tổng hợp đăng tải thông tin sai lệch"
            or _WRONG_INFORMATION_CASE_AFTER.match(post)
            # "02 văn bản đề nghị cải chính …, trên tổng số 03 trường hợp phát hiện"
            or (re.search(r"\b(?:tren|trong) tong so\s*$", near_pre) and _CASES_AFTER.match(post))
            or (
                label
                and ("cai chinh" in near_pre or "dinh chinh" in near_pre)
                and (_NEEDED.search(near_pre) or _CASES_TOTAL.search(near_pre))
                and not _CORRECTION_GIVEN.search(near_pre)
            )
        ):
            return "corrections", "den"
    # Corrections: "02 yêu cầu cải chính", "đề nghị cải chính 01 lần", "Yêu cầu cải chính: 0".
    if (
        _CORRECTION_AFTER.match(post)
        or _CORRECTION_BEFORE.search(near_pre)
        or (label and ("cai chinh" in near_pre[-40:] or "dinh chinh" in near_pre[-40:]))
    ):
        return "corrections", "num"
    noun_request = _REQUEST_AFTER.match(post) is not None
    denominator = _DENOMINATOR_BEFORE.search(near_pre) is not None
    # On-time answers: "24 yêu cầu được trả lời đúng thời hạn", "đúng hạn 13/14 yêu cầu",
    # "Trong số 25 yêu cầu đã trả lời, có 24 ... đúng thời hạn".
    if topics["on_time"]:
        # The answers may be "trường hợp" or "văn bản trả lời" as well as requests.
        noun_answer = noun_request or _ANSWER_NOUN.match(post.lstrip()) is not None
        clause = _DEADLINE_STATED.sub(" ", _CLAUSE_END.split(near_post, maxsplit=1)[0])
        on_time = _ON_TIME.search(clause)  # an answer on time, no deadline stated
        # "Tất cả 11 văn bản trả lời đều bảo đảm đúng thời hạn", "06 yêu cầu có thời hạn đều
        # được trả lời đúng hạn": N of N.
        if (
            noun_answer
            and on_time
            and (
                re.search(r"\b(?:tat ca|ca|toan bo)\s*$", near_pre)
                or re.search(r"\bdeu\b", clause[: on_time.start()])
            )
        ):
            return "on_time", "both"
        # "trong 19 trường hợp có yêu cầu về thời hạn, Sở trả lời đúng hạn 17 trường hợp", "trong
        # đó có 05 đề nghị yêu cầu thời hạn trả lời, … trả lời đúng hạn 04 trường hợp".
        if (noun_answer or ratio) and (
            denominator
            or (
                re.search(r"\btrong(?: do)?(?: co)?\s*$", near_pre)
                and "thoi han" in near_post[:60]
                # "trong đó 04 yêu cầu được trả lời đúng thời hạn": the answers on time.
                and not on_time
            )
        ):
            return "on_time", "den"
        # "số yêu cầu có thời hạn trả lời là 06": the requests with a deadline, labelled, or
        # counted in an aside ("đề nghị có yêu cầu thời hạn (07 đề nghị)").
        deadline_clause = near_pre.rsplit(";", 1)[-1].rsplit(",", 1)[-1]
        if (
            (label or near_pre.rstrip().endswith("("))
            and not ratio
            and _DEADLINE_STATED.search(deadline_clause)
            and not _ON_TIME.search(_DEADLINE_STATED.sub(" ", deadline_clause))
        ):
            return "on_time", "den"
        noun_request = noun_answer
        # Its own clause: "Đã trả lời 12/12 yêu cầu, 100% đúng thời hạn" is no on-time count.
        if on_time and (noun_request or ratio):
            return "on_time", "num"
        # Within the count's own clause: "…, trong đó 8/9 đúng thời hạn; 01 đề nghị phải gia
        # hạn" — the 01 is no on-time count.
        if _ON_TIME.search(near_pre.rsplit(";", 1)[-1]) and (noun_request or label or ratio):
            return "on_time", "num"
    # Incidents: "phát sinh 02 vụ việc đột xuất", "phát ngôn về cả 02 vụ việc", "3/3 vụ việc".
    # "03 trường hợp thông tin sai sự thật … liên quan đến sự cố y khoa" are cases to correct.
    if (
        topics["incidents"]
        and not _WRONG_INFORMATION_AFTER.match(post)
        and (
            _INCIDENT_NOUN.match(post.lstrip())
            or (label and _INCIDENT_NOUN.search(near_pre))
            # "…, đơn vị đều kịp thời thông tin cho báo chí (02/02)": the cases spoken of; "02
            # vụ việc (…), đã phát ngôn 02/02".
            or (ratio and near_pre.rstrip().endswith("(") and _SPOKEN.search(near_pre))
            or (ratio and _SPOKEN.search(near_pre[-16:]))
        )
    ):
        spoken, occurred = _last(_SPOKEN, near_pre), _last(_OCCURRED, near_pre)
        if _NEGATED.search(near_pre) or _NEGATED.search(near_post[:40]):
            return None
        if ratio or spoken > occurred:
            return "incidents", "num"
        # "Trong 15 vụ việc ..., Sở đã phát ngôn 12 vụ việc": the verb is the next count's.
        if re.search(r"\btrong (?:tong so |so )?$", near_pre) or (
            followed and _SPOKEN.search(post[-30:])
        ):
            return "incidents", "den"
        if occurred > spoken or "phat ngon" not in near_post:
            return "incidents", "den"
        return "incidents", "num"
    # Briefings: the times information was given there ("cung cấp thông tin tại 04 cuộc giao
    # ban", "06 lần trực tiếp cung cấp thông tin tại giao ban"); attending only is not counted.
    if topics["briefings"] and not ratio:
        if _HOP_BAO_NEXT.match(post):
            return None  # "cung cấp thông tin tại 02 cuộc họp báo của UBND tỉnh"
        scope = pre + " " + post[:80]
        # "tham gia giao ban báo chí 01 lần": briefings attended, weighed low by _form_prose.
        if (
            (_UNIT_TIMES.match(post) or label)
            and "giao ban" in scope
            and (_GIVE_INFO.search(scope) or ATTEND.search(near_pre))
        ):
            # "tham dự 12 cuộc giao ban, cung cấp thông tin 4 lần", "chủ trì 12 cuộc giao ban
            # và cung cấp thông tin tại 03 cuộc": the information is the next count's.
            cues = list(_GIVE_INFO.finditer(post))
            last_cue = cues[-1] if cues else None
            if (
                followed
                and not _GIVE_INFO.search(pre)
                and last_cue is not None
                and len(post) - last_cue.end() < last_cue.start()
            ):
                return None
            return "briefings", "num"
        if not noun_request:
            return None
        # "…tại 01 buổi giao ban; tiếp nhận chín đề nghị …": the requests' count, read below.
    # Press requests: "tiếp nhận 27 yêu cầu ..., đã trả lời 25", "trả lời 14/15 yêu cầu".
    if (
        not denominator
        and topics["requests"]
        and (
            noun_request
            or _VERB_RIGHT_BEFORE.search(pre)
            or (label and _REQUEST_NOUN.search(near_pre))
            # "đã cung cấp đầy đủ cho phóng viên 02/02 lượt"
            or (ratio and _ANSWERED.search(near_pre[-40:]))
        )
    ):
        # "còn 02 yêu cầu chưa trả lời": the unanswered are no indicator of the form; "tiếp nhận
        # 12 yêu cầu, chưa trả lời đầy đủ": received, whatever is said of the answers after.
        if not ratio and _RECEIVED_RIGHT_BEFORE.search(near_pre):
            return "requests", "den"
        if _NEGATED.search(near_pre) or _NEGATED.search(near_post[:40]):
            return None
        if ratio:
            return "requests", "num"
        # "Trong năm có 05 đề nghị của phóng viên", "03 phóng viên đề nghị cung cấp thông tin":
        # the requests there were, or that the press made: received.
        if _RECEIVED_AND_ANSWERED.search(near_pre):
            return "requests", "both"  # "đã tiếp nhận và trả lời 03 đề nghị"
        answered, received = _last(_ANSWERED, near_pre), _last(_RECEIVED, near_pre)
        if answered > received:
            return "requests", "num"
        made = _REQUEST_AFTER.match(post)
        if made and (_THERE_WERE.search(near_pre) or _PRESS_WORD.search(made.group())):
            return "requests", "den"
        if received > answered or "tong so" in near_pre:
            return "requests", "den"
        if _ANSWERED.search(near_post[:40]):
            return "requests", "num"
        if _RECEIVED.search(near_post[:40]):
            return "requests", "den"
    return None


def _extract_form(view: View, year: int | None = None) -> dict[str, FieldValue]:
    """Return the Decree 244/2026 form's indicators stated in the report; absent when silent.

    ``briefings`` counts what the form counts (DOMAIN.md): the times the agency BROUGHT
    information to press briefings ("giao ban báo chí"). Attending a briefing without giving
    information may be what a writer meant by it or not: "tham gia 04 buổi giao ban" alone is
    read below the review threshold (a person decides), never 0. Attending and giving
    information in the same statement ("tham dự 9 buổi giao ban ..., cung cấp thông tin về ...")
    is counted with a lower confidence. A briefing is never a press conference held (the press
    conference rules reject "giao ban"). Ratios ("14/15", "14 / 15", "14 trên 15", or two
    columns) give numerator and denominator, each with the same quote. "Không có vụ việc đột xuất"
    is 0 of 0 incidents; "không có yêu cầu cải chính" is 0 correction requests; "không có cơ quan
    báo chí nào đề nghị cung cấp thông tin" is 0 of 0 press requests.
    """
    out: dict[str, list[Candidate]] = {}
    briefing_part = False
    for b in view.body():
        if b.heading_level is not None:
            # "2. Giao ban báo chí" heads the blocks that count them without naming them.
            briefing_part = "giao ban" in b.f and b.kind not in ("assessment", "tasks")
        if b.loc.table is None and not b.closing and (m := _ITEMS_NONE.search(b.f)):
            for k in map(int, re.findall(r"\d", m.group("items"))):
                if k in _ITEM_KINDS:
                    none = (0, None) if _RATIO_KINDS[_ITEM_KINDS[k]][1] is None else (0, 0)
                    quote = cite(b.text[m.start() : m.end()])
                    _form_put(out, _ITEM_KINDS[k], none, 3.0, 0.7, quote, b.loc)
        if (
            b.loc.table is not None
            or b.closing
            or b.basis
            or b.kind in ("recommendations", "tasks")
            or not (briefing_part or any(cue in b.f for cue in _FORM_CUES))
        ):
            continue
        _form_prose(b, out, briefing_part and b.heading_level is None)
    _form_table(view, out, year)
    # The form's items read line by line: only where nothing else gave a value.
    items: dict[str, list[Candidate]] = {}
    _form_items(view, items)
    for name, cands in items.items():
        if all(c.score < _ITEM_SCORE for c in out.get(name, [])):
            out[name] = out.get(name, []) + cands
    if not under_form(year) and "briefings" in out:
        # Before the form, briefings attended answer no item (2): no question to put to anyone.
        out["briefings"] = [c for c in out["briefings"] if not _attended_only(fold(c.quote))]
    found = {name: fv for name, cands in out.items() if (fv := best_candidate(cands)) is not None}
    for fv in found.values():
        if fv.location is not None and fv.location.part == "ocr":
            # A count OCR read off a scan or photo of the form's table (cells garbled, rows run
            # together, "1⁄1" in the wrong row on the blind batches): a person looks at it.
            fv.confidence = min(fv.confidence, OCR_FORM_CONFIDENCE)
    return found


OCR_FORM_CONFIDENCE = DOUBTFUL_CONFIDENCE


# The form's items by their number (DOMAIN.md: (1) press conferences, (2) briefings, (3) requests,
# (4) incidents, (5) answers on time, (6) written replies or corrections).
_ITEM_KINDS = {2: "briefings", 3: "requests", 4: "incidents", 5: "on_time", 6: "corrections"}
# An item's number opening a line of a scanned table: "4" or "(4)" alone, "(4) | Sự kiện …",
# "6 | Số văn bản …"; OCR reads the cell's rule beside a bare number as debris ("3|", "4_{", "1 j").
_ITEM_MARK = re.compile(
    r"^\W*(?:\(([1-6])\)(?:[\s|{}\[\]]*(?=[a-z])|\W*$)"
    r"|([1-6])(?:\s*[|_{}\[\]!]+\s*(?=[a-z])|(?:\s?[ijl])?[\W_]*$))"
)
# "Các chỉ tiêu (3), (4), (5), (6) theo mẫu báo cáo …: không phát sinh": none arose of each.
_ITEMS_NONE = re.compile(
    r"\b(?:chi tieu|muc|noi dung)\s+(?P<items>\(\s*[2-6]\s*\)(?:\s*(?:,|va|-)?\s*\(\s*[2-6]\s*\))*)"
    # "… theo mẫu báo cáo của Nghị định số 244 …: không phát sinh", or without the form named
    # ("Các nội dung (3), (4), (5) và (6): trong kỳ báo cáo không phát sinh").
    r"(?:[^:;.]{0,80}?(?:mau|nghi dinh)[^:;]{0,60})?\s*:\s*"
    + _IN_THE_PERIOD
    + r"(?:khong|chua) phat sinh(?=\s*(?:[.;]|$))"
)
_ITEM_COUNT = re.compile(r"^\W*(\d{1,5})\s*(?:lan|buoi|cuoc|luot)?\W*$")
_ITEM_LINE_MAX = 150


def _form_items(view: View, out: dict[str, list[Candidate]]) -> None:
    """Items of the form whose table a scan or an export flattened into lines: a run of at least
    three lines opening with the items' numbers in order ("2", "(3) | …"), each item's lines up to
    the next number. An item counts when its words name the indicator its number stands for."""
    runs: list[list[tuple[int, list[ViewBlock]]]] = []
    run: list[tuple[int, list[ViewBlock]]] = []
    for b in view.body():
        if b.closing or b.heading_level is not None or len(b.text) > _ITEM_LINE_MAX:
            runs.append(run)
            run = []
            continue
        m = _ITEM_MARK.match(b.f)
        if m:
            k = int(m.group(1) or m.group(2))
            if run and k == run[-1][0] + 2 and (lost := _lost_item(run[-1], k - 1)):
                run.append(lost)  # a row whose number the scan lost, found by its words
            if not run or k != run[-1][0] + 1:
                runs.append(run)
                run = []
            rest = b.f[m.end() :].strip()
            run.append((k, [replace(b, text=b.text[m.end() :], f=b.f[m.end() :])] if rest else []))
        elif run:
            run[-1][1].append(b)
    runs.append(run)
    for k, blocks in itertools.chain.from_iterable(r for r in runs if len(r) >= 3):
        if k in _ITEM_KINDS and blocks:
            _form_item(_ITEM_KINDS[k], blocks, out)


def _lost_item(item: tuple[int, list[ViewBlock]], k: int) -> tuple[int, list[ViewBlock]] | None:
    """Split from ``item``'s lines the lines of item ``k`` right after it, whose number the scan
    lost: from the first line whose words name item ``k``'s indicator (and not ``item``'s).
    Return item ``k`` with its lines (``item`` keeps the lines before), or None."""
    want, own = _ITEM_KINDS.get(k), _ITEM_KINDS.get(item[0])
    lines = item[1]
    for j, b in enumerate(lines[1:], start=1):
        if want and _form_kind(b.f, press=True) == want != own:
            lost = lines[j:]
            del lines[j:]
            return k, lost
    return None


def _form_item(kind: str, blocks: list[ViewBlock], out: dict[str, list[Candidate]]) -> None:
    """Read one item of the form from its lines (cells read as "|" pieces)."""
    pieces = [(b, p.strip()) for b in blocks for p in b.f.split("|") if p.strip()]
    label = " ".join(p for _, p in pieces if not HAS_DIGIT.search(p))
    if _form_kind(label, press=True) != kind:
        return
    values: tuple[int | None, int | None] | None = None
    loc = blocks[0].loc
    counts: list[tuple[int, ViewBlock]] = []
    for j, (b, p) in enumerate(pieces):
        if m := _ratio_in(p):
            values, loc = (int(m.group(1)), int(m.group(2))), b.loc
            break
        if _NONE_AROSE_CELL.fullmatch(p) or _split_none_arose([pb.text for pb, _ in pieces[:j]], p):
            values, loc = (0, 0), b.loc
            break
        if n := _ITEM_COUNT.match(p):
            counts.append((int(n.group(1)), b))
    if values is None and len(counts) == 1:
        side = _one_side(kind, label)
        if side is not None:
            v, b = counts[0]
            values, loc = ((v, None) if side == 0 else (None, v)), b.loc
    if values is None:
        return
    if _RATIO_KINDS[kind][1] is None:
        if values[1] is not None and values[0] != 0:
            return  # a ratio for a count of times
        values = (values[0], None)
    quote = cite(" | ".join(b.text for b in blocks))
    _form_put(out, kind, values, *_weighed(kind, label, _ITEM_SCORE, 0.75), quote, loc)
