"""Posts family: the posts on the agency's own website, in total and per month."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from ingest.fields.candidates import (
    TOTAL_COLUMN,
    Candidate,
    best_candidate,
    table_candidates,
)
from ingest.fields.context import Context, present
from ingest.fields.strings import (
    HAS_DIGIT,
    HAS_WORD_CHAR,
    cite,
    clean_number,
    count_numbers,
    find_numbers,
    sentences,
)
from ingest.fields.view import View, ViewBlock, cell_number
from ingest.fields.vocabulary import (
    CENTRAL_CITIES,
    CITY_PORTAL_WORDS,
    POST_UNIT,
    PROVINCE_PORTAL_WORDS,
    QUARTER_BEFORE,
)
from ingest.periods import MONTHS, PERIODS
from ingest.record import FieldValue
from ingest.text import ParsedNumber

PRODUCES = ("posts_total", "posts_per_month")


def extract(view: View, context: Context) -> dict[str, FieldValue]:
    """Return the posts total and the monthly rate: stated, or derived from the total and the
    period's length."""
    period = context.period
    totals, rates = _posts_candidates(
        view,
        portal_is_own=context.agency_runs_portal,
        period=period.value if period else None,
        year=context.year.value if context.year else None,
        in_city=context.province in CENTRAL_CITIES,
    )
    posts = best_candidate(totals)
    per_month = best_candidate(rates)
    average = monthly_average(posts.value, period.value) if posts and period else None
    if per_month is None and average is not None:
        per_month = FieldValue(
            average,
            round(min(posts.confidence, period.confidence) * 0.95, 3),
            posts.quote,
            posts.location,
            qualifier=posts.qualifier,
            derived=True,
        )
    elif per_month is not None:
        per_month.value = float(per_month.value)
    return present(posts_total=posts, posts_per_month=per_month)


def monthly_average(total: float | None, period: str | None) -> float | None:
    """Return the posts a month derived from a period's total (one decimal, half up), or None
    when the total or the period's length is unknown. The warehouse recomputes derived averages
    with it when a reviewer corrects the total, so both give the same figure."""
    if total is None or period not in MONTHS:
        return None
    average = Decimal(str(total / MONTHS[period]))
    return float(average.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


_SITE = re.compile(
    r"(?:trang|cong)\s+(?:thong tin dien tu|ttdt|tin dien tu|thong tin|tt dt|tin)\b|website"
    r"|trang web"
    r"|\bcong tt\b"
)
_PRESS = re.compile(
    r"\bbao chi\b|co quan bao|phong vien|nha bao|\bbao\s+[a-z]|\bdai\s+(?:pt|phat thanh"
    r"|truyen hinh|tieng noi)"
    r"|ttxvn|\bvtv\b|\bvov\b|tap chi|\bcac bao\b|\bbao\s*(?:,|va)\s*dai\b"
)
# "/tháng" right after the unit; another number between ("315 tin, bài, bình quân 26 tin/tháng")
# makes the rate that number's.
_PER_MONTH_AFTER = re.compile(
    r"^[^.;\d]{0,25}?(?:/\s*thang|(?:moi|mot|hang|trong|tren|/)\s+thang\b)"
)
_RATE_BEFORE = re.compile(r"(?:trung binh|binh quan|moi thang|hang thang)[^.;]{0,30}$")
_TARGET_BEFORE = re.compile(
    r"(?:chi tieu|phan dau|it nhat|toi thieu|ke hoach|duoc giao)[^.;]{0,60}$"
)
_SUBCOUNT = re.compile(r"trong do|bao gom|gom co|cu the")
_COMPARISON_BEFORE = re.compile(
    r"(?:so voi|cung ky|nam truoc|ky truoc|nam ngoai)[^.;]{0,40}$|\(\s*nam \d{4}\s*:?\s*$"
)
# The pages of the units under the agency: "Trang thông tin điện tử của 16 xã, thị trấn", "các
# trang của các đơn vị trực thuộc". "Cổng" folds as "cộng" (a sum: "cộng gộp số liệu của các đơn
# vị"), so a portal is named in full.
_SUBUNITS = r"(?:xa|phuong|thi tran|don vi|phong|truong|co so|chi cuc|benh vien|trung tam)"
_SUBUNIT_SITES = re.compile(
    r"(?:\btrang|\bcong (?:thong tin|ttdt))\b[^.;]{0,40}?\bcua (?:\d+|cac|[a-z]+ muoi[a-z ]*?)"
    rf"\s+{_SUBUNITS}\b"
    # "Các trường trực thuộc duy trì trang thông tin điện tử riêng với tổng số trên 6.000 tin, bài":
    # the sub-units named before their own sites.
    rf"|\bcac {_SUBUNITS}\b(?: (?:truc thuoc|thuoc|tren dia ban))?[^.;]{{0,30}}?"
    r"\b(?:trang|cong|website)\b[^.;]{0,30}?\brieng\b"
)
# "Chi cục không có trang thông tin điện tử riêng; tin, bài … được gửi đăng trên Cổng TTĐT của Sở
# (38 tin, bài)": an agency without a site of its own counts posts on another's.
_NO_OWN_SITE = re.compile(r"(?:khong|chua) co (?:trang|cong|website)\b[^.;]{0,40}?\brieng\b")
_YEAR_NAMED = re.compile(r"\bnam (\d{4})\b")
_CHANGE_BEFORE = re.compile(r"\b(?:tang|giam)(?: them)?\s*$")
_SINCE_OPENED = re.compile(
    r"(?:ke tu|tu)\s+khi\s+(?:\w+\s+){0,6}?(?:hoat dong|khai truong|ra mat|thanh lap|van hanh"
    r"|xay dung)"
    r"|tu khi (?:dua vao|di vao)|tu nam \d{4} den nay|luy ke"
)
# A count since 1 January ("lũy kế cả năm", "tính từ đầu năm đến nay", "lũy kế 9 tháng"): the
# period's own total when the period starts in January (year, h1, 9m, q1), else not the period's.
_YEAR_TO_DATE = re.compile(r"tu dau nam|luy ke (?:ca nam|nam \d{4}|(?P<months>\d+) thang)")
# Social-media channels: their posts are not the agency's website posts.
_SOCIAL = re.compile(r"facebook|fanpage|\bzalo\b|youtube|tiktok|mang xa hoi")
_TOTAL_BEFORE = re.compile(r"(?:tong cong|tong so|tong|ca nam|tinh den)[^.;]{0,30}$")
# A count of one quarter ("Quý I: 50 tin, bài; Quý II: 60 tin, bài") in a report of a longer
# period is a part of the period's total, never the total (totals are stated, not summed).
# Its clause names one quarter ("từ Quý I đến Quý IV" names two: a span).
_QUARTER_WORD = re.compile(r"\bquy\s+(?:iv|i{1,3}|[1-4])\b")
# Likewise a count of one month ("tháng 10/2021: 61 tin, bài") in a report of longer period;
# "đến hết tháng 11", "từ tháng 1 đến tháng 11" bound a span, they name no single month.
_ONE_MONTH = re.compile(r"(?<!den )(?<!het )(?<!tu )\bthang\s+(?:0?[1-9]|1[0-2])\b(?!\s*thang)")
_POST_VERB = re.compile(r"dang|cap nhat|dua|xuat ban|bien tap|dang tai|phat hanh|thuc hien")


# A label may name the site in brackets: "Số lượng tin, bài trên Cổng TTĐT (x.gov.vn): 509".
_POSTS_LABEL_HEAD = (
    r"(?:so|tong so|so luong)\s+tin\s*[,/]?\s*(?:bai)?(?:[^.;0-9(]|\([^()]{0,60}\)){0,60}"
)
_POSTS_LABEL = re.compile(_POSTS_LABEL_HEAD + r"(?::|la|dat)\s*$")
_POSTS_LABEL_ROW_END = re.compile(_POSTS_LABEL_HEAD + r"(?::|la|dat)?\s*$")
_POSTS_RATE_LABEL = re.compile(
    r"(?:trung binh|binh quan)[^.;0-9]{0,40}(?:tin|bai)[^.;0-9]{0,25}:?\s*$"
)
_OR_MORE_AFTER = re.compile(r"^[^.;]{0,30}?\btro len\b")
# News items and articles counted apart for one channel: "245 tin, 32 bài", "120 tin và 45 bài",
# "32 bài viết và 245 tin tức". The unit of each number, then what may stand between the two.
_ITEM_UNIT = re.compile(
    r"\s*(?:(?P<tin>tin tuc|ban tin|tin(?!\s*[,/&-]?\s*(?:va\s+)?(?:bai|anh)))"
    r"|(?P<bai>bai viet|bai))\b"
)
_PAIR_GAP = re.compile(r"\s*(?:,|va|&|cung)?\s*")


def _pair(f: str, nums: list[ParsedNumber], k: int) -> tuple[ParsedNumber, int] | None:
    """Return (the second number, end of its unit) when nums[k] and nums[k + 1] count news
    items ("tin") and articles ("bài") apart, side by side in folded text ``f``."""
    if k + 1 >= len(nums):
        return None
    n, m = nums[k], nums[k + 1]
    u1 = _ITEM_UNIT.match(f, n.end)
    if u1 is None or not _PAIR_GAP.fullmatch(f, u1.end(), m.start):
        return None
    u2 = _ITEM_UNIT.match(f, m.end)
    if u2 is None or (u1.group("tin") is None) == (u2.group("tin") is None):
        return None
    return m, u2.end()


def _clause_at(f: str, start: int, end: int) -> str:
    """Return the ';' or '. ' clause of folded ``f`` around the span start..end."""
    head = max(f.rfind(";", 0, start), f.rfind(". ", 0, start)) + 1
    tail = min((i for i in (f.find(";", end), f.find(". ", end)) if i >= 0), default=len(f))
    return f[head:tail]


def _count_scope(f: str, before: list[ParsedNumber], start: int, unit_end: int) -> str:
    """Return the words of folded ``f`` that qualify the count at start..unit_end: its clause
    back to the previous posts count, and on after its unit up to a comma, a clause end or a
    number. "đăng 80 tin, bài, nâng tổng số từ đầu năm lên 250 tin, bài": "từ đầu năm" is the
    250's; "đã đăng 5.400 tin, bài kể từ khi khai trương": the 5.400's."""
    head = max(f.rfind(";", 0, start), f.rfind(". ", 0, start)) + 1
    for m in before:
        if m.end <= start and POST_UNIT.match(f, m.end):
            head = max(head, m.end)
    tail = re.split(r"[,;]|\. |\d", f[unit_end:], maxsplit=1)[0]
    return f"{f[head:start]} {tail}"


# A number first on a line and then a capital: a row or list number ("7 Tin, bài đăng ...").
_ROW_NUMBER_FIRST = re.compile(r"\s*[.)]?\s*([^\W\d_])")


def _other_year_before(clause_before: str, year: int | None) -> bool:
    """Return whether the year named nearest before a count is not the report's: "(năm 2018 là
    164 tin, bài)", "(năm 2025, … Trang chỉ đăng 71 tin, bài)" give another year's figure."""
    if year is None:
        return False
    near = clause_before[-90:]
    # Inside a parenthesis, the whole aside speaks of one period: "(6 tháng đầu năm 2025, hai Sở
    # trước hợp nhất đăng tổng cộng 930 tin, bài)".
    opened = clause_before.rfind("(")
    if opened > clause_before.rfind(")") and opened >= 0:
        near = clause_before[opened:]
    named = list(_YEAR_NAMED.finditer(near))
    return bool(named) and int(named[-1].group(1)) != year


def _posts_candidates(
    view: View,
    *,
    portal_is_own: bool = False,
    period: str | None = None,
    year: int | None = None,
    in_city: bool = False,
) -> tuple[list[Candidate], list[Candidate]]:
    """Return (totals, per-month statements) found in prose and tables.

    ``portal_is_own``: the agency runs the provincial portal (Văn phòng UBND tỉnh), so posts on
    "Cổng thông tin điện tử tỉnh" are its own. ``period``: the report's period, to tell whether a
    count since January is the period's total. ``in_city``: the province is a centrally run city,
    whose portal is "Cổng thông tin điện tử thành phố".
    """
    reporting = PERIODS.get(period) if period else None
    # The agency's own site beside the provincial portal in a clause ("Trang TTĐT của Sở").
    own_site = re.compile(
        r"(?:trang|cong)\s+(?:thong tin dien tu|ttdt)\s+(?:cua\s+)?(?:co quan|so|don vi|huyen"
        r"|thi xa|xa|phuong|dac khu|ban|nganh" + ("" if in_city else "|thanh pho") + ")"
    )
    totals: list[Candidate] = []
    rates: list[Candidate] = []
    for b in view.body():
        if (
            b.closing
            or b.basis
            or b.kind in ("recommendations", "tasks")
            or b.loc.table is not None
        ):
            continue
        for s, e in sentences(b.text):
            seg_t, seg_f = b.text[s:e], b.f[s:e]
            if "tin" not in seg_f and "bai" not in seg_f:
                continue
            found_total = False
            nums = count_numbers(seg_t)
            paired: set[int] = set()
            for k, n in enumerate(nums):
                if k in paired:
                    continue
                if (
                    s == 0
                    and (first := _ROW_NUMBER_FIRST.match(seg_t, n.end))
                    and first.group(1).isupper()
                    and not seg_t[: n.start].strip()
                ):
                    # "7 Tin, bài đăng trên Trang thông tin điện tử của Sở Tin, bài 257": a
                    # table row flattened into a line; its row number is no count of posts.
                    continue
                value, derived = n.value, False
                after_f = seg_f[n.end :]
                before_f = seg_f[: n.start]
                unit = POST_UNIT.match(after_f)
                if unit and (pair := _pair(seg_f, nums, k)):
                    # "245 tin, 32 bài": the news items and the articles make the count.
                    value, derived = n.value + pair[0].value, True
                    paired.add(k + 1)
                    after_f = seg_f[pair[1] :]
                    unit = None
                has_unit = unit is not None or derived
                # "Số tin, bài ...: 315", or a flattened table row "Số tin, bài đăng trên ... 315".
                row_end = not HAS_WORD_CHAR.search(after_f)
                # (The literal words each pattern needs are looked for first.)
                label_before = "tin" in before_f and (
                    _POSTS_LABEL_ROW_END if row_end else _POSTS_LABEL
                ).search(before_f)
                rate_label = (
                    "trung binh" in before_f or "binh quan" in before_f
                ) and _POSTS_RATE_LABEL.search(before_f)
                if rate_label and (
                    any(m.start >= rate_label.start() for m in nums[:k])
                    or "phan tram" in after_f[:12]
                    or after_f.lstrip().startswith("%")
                ):
                    # "bình quân một trăm lẻ năm tin, bài mỗi tháng, tăng mười hai phần trăm":
                    # the label's count came before; a percentage is no rate of posts.
                    rate_label = None
                if rate_label and not has_unit:
                    rates.append(Candidate(n.value, 2.0, 0.85, cite(seg_t), b.loc, n.qualifier))
                    continue
                if not has_unit and not label_before:
                    continue
                if "luot" in after_f[:12]:
                    continue
                clause_start = max(before_f.rfind(";"), before_f.rfind(". "))
                clause_f = seg_f[clause_start + 1 :]
                clause_before = before_f[clause_start + 1 :]
                quote = cite(seg_t)
                # "đề nghị cải chính 02 tin, bài": items of the press to be corrected.
                if "cai chinh" in clause_before or "dinh chinh" in clause_before:
                    continue
                if _TARGET_BEFORE.search(clause_before) or (
                    "tro len" in after_f and _OR_MORE_AFTER.match(after_f)
                ):
                    continue
                rest_at = len(seg_f) - len(after_f) + (unit.end() if unit else 0)
                per_month = _PER_MONTH_AFTER.match(seg_f[rest_at:])
                if per_month and any(
                    0 <= m.start - rest_at - per_month.end() <= 12 for m in nums[k + 1 :]
                ):
                    # "148 tin, bài, bình quân mỗi tháng gần 25 tin, bài": the label of the
                    # next count, not this one's unit.
                    per_month = None
                if per_month or _RATE_BEFORE.search(clause_before):
                    rates.append(
                        Candidate(
                            value,
                            1.0 if b.kind == "results" else 0.5,
                            0.75 if derived else 0.9,
                            quote,
                            b.loc,
                            n.qualifier,
                            derived,
                        )
                    )
                    continue
                # Only the number's own clause: "Quý IV đăng 120 tin, bài; lũy kế cả năm 400".
                own = _clause_at(seg_f, n.start, n.end)
                unit_end = pair[1] if derived else n.end + (unit.end() if unit else 0)
                scope = _count_scope(seg_f, nums[:k], n.start, unit_end)
                since_january = _YEAR_TO_DATE.search(scope)
                if since_january:
                    months = since_january.group("months")
                    if period is not None and (
                        reporting is None
                        or not reporting.from_january
                        or (months is not None and int(months) != reporting.months)
                    ):
                        continue
                elif _SINCE_OPENED.search(scope):
                    continue
                if (
                    reporting is not None
                    and reporting.months > 3
                    and len(_QUARTER_WORD.findall(clause_before)) == 1
                    and not _TOTAL_BEFORE.search(clause_before)
                ):
                    continue
                if (
                    reporting is not None
                    and reporting.months > 1
                    and len(_ONE_MONTH.findall(clause_before)) == 1
                    and not re.search(r"\b(?:den|toi|het)\b", clause_before)
                    and not _TOTAL_BEFORE.search(clause_before)
                ):
                    continue
                score = 0.0
                site = _SITE.search(clause_f)
                if not site and _SOCIAL.search(own):
                    continue
                if _SUBUNIT_SITES.search(own):
                    continue  # "Trang thông tin điện tử của 16 xã, thị trấn": the sub-units' pages
                if _NO_OWN_SITE.search(seg_f[:unit_end]):
                    continue
                if (
                    site
                    and not portal_is_own
                    and (
                        PROVINCE_PORTAL_WORDS.search(clause_f)
                        or (in_city and CITY_PORTAL_WORDS.search(clause_f))
                    )
                    and not own_site.search(clause_f)
                ):
                    continue
                press_before = _PRESS.search(clause_before)
                if press_before and not site:
                    continue
                if not site and re.search(r"ve (?:hoat dong|tinh hinh)", after_f) and press_before:
                    continue
                if _SUBCOUNT.search(before_f) and (found_total or (totals and b is totals[-1])):
                    continue
                if _SUBCOUNT.search(before_f[:40]) and before_f.strip().startswith("trong do"):
                    continue
                # "1.019 tin, bài trên các kênh (Trang TTĐT, Fanpage, Zalo)": all channels
                # together, not the website's own count; a channel table may give that.
                all_channels = site is not None and _SOCIAL.search(clause_f) is not None
                score += 3.0 if site and not all_channels else 0.0
                score += 1.0 if b.kind == "results" else 0.0
                score += 1.0 if _POST_VERB.search(clause_f) else 0.0
                score += 2.0 if _TOTAL_BEFORE.search(clause_before) or since_january else 0.0
                score -= 2.0 if QUARTER_BEFORE.search(clause_before) else 0.0
                # "tăng 15% so với năm 2022 (1.048 tin, bài)": last year's figure, not a rival.
                score -= 3.0 if _COMPARISON_BEFORE.search(clause_before) else 0.0
                score -= 3.0 if _other_year_before(clause_before, year) else 0.0
                # "tăng 57 tin, bài so với năm 2025": a change, not a count.
                if _CHANGE_BEFORE.search(clause_before):
                    continue
                if score < 1.0:
                    continue
                conf = (0.9 if site and not all_channels else 0.7) - (
                    0.15 if b.kind == "assessment" else 0.0
                )
                # A sum of two stated counts is a derivation: less sure than a stated total.
                conf -= 0.15 if derived else 0.0
                totals.append(Candidate(value, score, conf, quote, b.loc, n.qualifier, derived))
                found_total = True
    label = re.compile(r"tin\s*[,/]?\s*(?:va\s+)?bai|bai viet|tin tuc|so tin")
    reject = re.compile(r"luot|trung binh|binh quan|/\s*thang|bao chi|co quan bao|phong vien")
    totals += table_candidates(view, label, reject, value_reject=re.compile(r"\bluot\b"))
    totals += _table_pairs(view, label, reject)
    row_totals, row_rates = _website_row(view)
    totals += row_totals
    rates += row_rates
    rate_label = re.compile(r"(?:trung binh|binh quan)[^|]*tin|tin[^|]*/\s*thang")
    rates += [
        Candidate(c.value, 6.0, c.conf, c.quote, c.loc, c.qualifier)
        for c in table_candidates(view, rate_label, re.compile(r"luot"))
    ]
    return totals, rates


# A note cell stating the monthly rate: "Bình quân gần 45 tin, bài/tháng".
_ROW_RATE = re.compile(r"^\W*(?:binh quan|trung binh)\b[^|]{0,40}(?:/\s*thang|moi thang)")


def _website_row(view: View) -> tuple[list[Candidate], list[Candidate]]:
    """The website's row of a table of posts by channel ("Trang thông tin điện tử | 274",
    "Fanpage | 423", "Zalo OA | 322", "Tổng cộng | 1.019"): its total column, or its one number;
    and the monthly rate its note cell states ("Bình quân gần 45 tin, bài/tháng").
    A PDF may cut such a table in two: the channel rows of the next table count as its own."""
    out: list[Candidate] = []
    rates: list[Candidate] = []
    tables = view.tables
    keys = sorted(tables)
    for i, t in enumerate(keys):
        rows = tables[t]
        order = sorted(rows)
        near = [rows] + ([tables[keys[i + 1]]] if i + 1 < len(keys) else [])
        labels = [
            " ".join(cb.f for cb in row.values() if cell_number(cb) is None)
            for rs in near
            for row in rs.values()
        ]
        if not any(_SOCIAL.search(lab) for lab in labels):
            continue
        header_row = rows[order[0]]
        header_f = " ".join(cb.f for cb in header_row.values())
        first = min(b.i for row in rows.values() for b in row.values())
        before = " ".join(b.f for b in view.blocks if first - 4 <= b.i < first)
        if not re.search(r"\btin\b", header_f + " " + before):
            continue
        total_cols = {c for c, cb in header_row.items() if TOTAL_COLUMN.search(cb.f)}
        for r in order[1:]:
            label = " ".join(cb.f for cb in rows[r].values() if cell_number(cb) is None)
            if not _SITE.search(label) or _SOCIAL.search(label) or TOTAL_COLUMN.match(label):
                continue
            if "luot" in label:
                continue  # "Lượt truy cập Cổng thông tin điện tử": visits, not posts
            numbered = [
                (c, n, cb)
                for c, cb in sorted(rows[r].items())
                if c > 0 and (n := cell_number(cb)) is not None
            ]
            for cb in rows[r].values():
                if _ROW_RATE.search(cb.f) and (counts := count_numbers(cb.text)):
                    n = counts[0]
                    rates.append(Candidate(n.value, 6.0, 0.85, cite(cb.text), cb.loc, n.qualifier))
            pick = [x for x in numbered if x[0] in total_cols] or (
                numbered if len(numbered) == 1 else []
            )
            if pick:
                _, n, cb = pick[-1]
                row_text = " | ".join(x.text for _, x in sorted(rows[r].items()))
                quote = cite(
                    f"{' | '.join(x.text for _, x in sorted(header_row.items()))} … {row_text}"
                )
                out.append(Candidate(n.value, 8.0, 0.85, quote, cb.loc, n.qualifier))
    return out, rates


def _table_pairs(
    view: View, label_rx: re.Pattern[str], reject_rx: re.Pattern[str]
) -> list[Candidate]:
    """Cells like "245 tin, 32 bài" in a row labelled as posts: the sum, marked derived.

    Like `table_candidates`: with several such cells in a row (per-quarter columns) only a
    total column counts; a "Tổng cộng | 240 tin, 48 bài" row counts under a posts column header.
    """
    out: list[Candidate] = []
    for rows in view.tables.values():
        order = sorted(rows)
        header_row = rows[order[0]]
        total_cols = {c for c, cb in header_row.items() if TOTAL_COLUMN.search(cb.f)}
        header_f = " ".join(cb.f for cb in header_row.values())
        for r in order:
            cells = sorted(rows[r].items())
            labels = " ".join(cb.f for _, cb in cells if not HAS_DIGIT.search(cb.f))
            if reject_rx.search(labels):
                continue
            score = 6.0
            if not label_rx.search(labels):
                if not (
                    r != order[0]
                    and TOTAL_COLUMN.match(labels)
                    and label_rx.search(header_f)
                    and not reject_rx.search(header_f)
                ):
                    continue
                score = 7.0
            found: list[tuple[int, float | int, ViewBlock]] = []
            for c, cb in cells:
                if c == 0 or "bai" not in cb.f or "tin" not in cb.f:
                    continue
                nums = find_numbers(cb.text)
                if not all(clean_number(cb.text, n) for n in nums):
                    continue
                pair = _pair(cb.f, nums, 0) if len(nums) == 2 else None
                if pair and not HAS_WORD_CHAR.search(cb.f[pair[1] :]):
                    found.append((c, nums[0].value + pair[0].value, cb))
            if len(found) > 1:
                found = [x for x in found if x[0] in total_cols]
            if len(found) == 1:
                _, value, cb = found[0]
                quote = cite(" | ".join(x.text for _, x in cells))
                out.append(Candidate(value, score, 0.75, quote, cb.loc, None, True))
    return out
