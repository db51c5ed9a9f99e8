"""Outlets family: the press outlets the agency gave information to."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from ingest.fields.context import Context, present
from ingest.fields.strings import NEXT_SENTENCE, cite, count_numbers, fold_aligned
from ingest.fields.view import PAGE_FURNITURE, PSEUDO_HEADING, View, ViewBlock
from ingest.fields.vocabulary import (
    CENTRAL_CITIES,
    CITY_PORTAL_WORDS,
    NAME_STOP,
    POST_UNIT,
    PRESS_NAMES,
    PROVINCE_PORTAL_WORDS,
    is_name_token,
    province_first,
    province_from_text,
)
from ingest.record import DOUBTFUL_CONFIDENCE, FieldValue
from ingest.registry import name_key
from ingest.text import fold

PRODUCES = ("outlets",)
# The provincial portal as an outlet (its normal form).
PROVINCE_PORTAL = "Cổng TTĐT tỉnh"


def extract(view: View, context: Context) -> dict[str, FieldValue]:
    """Return the outlets named as receiving information, [] when no case arose."""
    return present(outlets=_extract_outlets(view, context.province))


_OUTLET_CUE = re.compile(
    r"cung cap(?: thong tin)?|tra loi|phong van|phoi hop|thong tin cho|lam viec voi"
    r"|tiep (?:phong vien|nha bao)"
    r"|co quan bao chi|bao chi gom|gui (?:tin|bai|thong tin)|\bgom\s*:"
    # "các tin, bài … chuyển đến Báo X để đưa tin", "gửi thông cáo, tin ảnh … cho Báo X"
    r"|\b(?:chuyen|gui)\b[^.;]{0,80}?\b(?:den|toi|cho|sang)\s+(?:cac\s+)?"
    r"(?:bao|dai|tap chi|co quan bao chi|thong tan)\b"
)
# Coverage of the agency by the press ("được các báo đưa tin 19 lượt, chủ yếu trên báo Hà Nam")
# is not information the agency provided.
_COVERAGE = re.compile(
    r"duoc (?:cac )?(?:bao|co quan bao chi|phuong tien)[^.;]{0,40}(?:dua tin|dang|phan anh|phat)"
    r"|(?:cac )?(?:bao|dai|co quan bao chi)[^.;]{0,30}(?:da )?(?:dua tin|dang tai"
    r"|phan anh)\s+(?:ve|\d)"
    r"|luot tin|(?:dua tin|dang tai|phan anh|tin bai|bai viet)[^.;]{0,40}\bluot\b"
    r"|\bluot\b[^.;]{0,30}(?:dua tin|dang tai|phan anh|tin bai|bai viet)"
)
# An outlet still waiting for its answer was not given information ("01 yêu cầu chưa trả lời (đề
# nghị của Báo X …), … sẽ trả lời khi có kết quả").
_UNANSWERED = re.compile(r"\b(?:chua|se|dang cho)\s+(?:duoc\s+)?(?:tra loi|cung cap)")
_OUTLET_FIXED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"thong tan xa viet nam|\bttxvn\b"), "TTXVN"),
    (re.compile(r"dai truyen hinh viet nam|\bdai thvn\b|\bvtv\d?\b"), "VTV"),
    (re.compile(r"dai tieng noi viet nam|\bdai tnvn\b|\bvov\d?\b"), "VOV"),
    (PROVINCE_PORTAL_WORDS, PROVINCE_PORTAL),
)
_RADIO_TV = r"(?:pt\s*[-&]?\s*th|ptth|phat thanh\s*(?:va|-|–|&|,)?\s*truyen hinh)\s+(?:tinh\s+)?"
_RADIO = re.compile(r"\bdai\s+" + _RADIO_TV)
# Since 2025 a province's newspaper and radio-TV station are one outlet: "Báo và Phát thanh,
# Truyền hình Cà Mau" (normal form "Báo và PT-TH Cà Mau").
_MERGED_MEDIA = re.compile(r"\bbao va\s+" + _RADIO_TV)
# A station that is neither a province's radio-TV station nor the national ones keeps its name:
# "Đài Truyền hình Thành phố Hồ Chí Minh", "Đài Tiếng nói Nhân dân Thành phố Hồ Chí Minh".
_NAMED = re.compile(
    r"\b(?P<kind>thoi bao|bao|tap chi|dai truyen hinh|dai tieng noi nhan dan)\s+"
    r"(?!viet nam\b)(?=\S)"
)
_NAME_END = re.compile(r"\s*(?:[,;.:()]|$)")
_KIND_NAMES = {
    "bao": "Báo",
    "thoi bao": "Thời báo",
    "tap chi": "Tạp chí",
    "dai truyen hinh": "Đài Truyền hình",
    "dai tieng noi nhan dan": "Đài Tiếng nói Nhân dân",
}
_OUTLET_ALIASES = {"bao thanh tra chinh phu": "Báo Thanh tra", "bao nhan dan": "Báo Nhân Dân"}
# Words that open another outlet after "và" or a dash inside a list ("Báo Hà Nam và Đài PT-TH …").
_ANOTHER_OUTLET = re.compile(
    r"(?:bao|thoi bao|dai|tap chi|thong tan|cong\s+(?:thong tin|ttdt|tt\b)"
    r"|truyen hinh|trang|cac|co quan|vtv\d*|vov\d*|ttxvn)\b"
)
_NOT_NAMES = re.compile(r"^(?:chi|cao|gia(?! dinh)|dien tu|in|noi|hinh|tin)\b")


def _known_paper(rest_f: str) -> int:
    """Return the length of the national paper's name that folded ``rest_f`` opens with
    ("quan doi nhan dan va ..." -> len("quan doi nhan dan")), 0 when none does."""
    for name in PRESS_NAMES:
        if rest_f.startswith(name) and not rest_f[len(name) : len(name) + 1].isalnum():
            return len(name)
    return 0


def _city_portals(text: str, f: str, province: str | None) -> Iterator[re.Match[str]]:
    """Yield the portals of a centrally run city ``province`` named as its own ("Cổng Thông tin
    điện tử thành phố", "… thành phố Hải Phòng"): the provincial portal there."""
    if province not in CENTRAL_CITIES:
        return
    for m in CITY_PORTAL_WORDS.finditer(f):
        if province_from_text(text[m.end() : m.end() + 40]) in (None, province):
            yield m


def _outlets_in(text: str, f: str, province: str | None) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    fixed = [(m, name) for rx, name in _OUTLET_FIXED for m in rx.finditer(f)]
    fixed += [(m, PROVINCE_PORTAL) for m in _city_portals(text, f, province)]
    for m, name in fixed:
        # The provincial portal is an outlet only as a recipient ("cho Cổng TTĐT tỉnh", a list
        # item), not as the place the Sở TT&TT posts to ("... để đăng tải trên Cổng TTĐT tỉnh").
        if name == PROVINCE_PORTAL and not re.search(
            r"(?:^|\bcho|\bgom|\bva|\bvoi|phong vien|[,:;+\-•])\s*(?:cac\s+)?$", f[: m.start()]
        ):
            continue
        found.append((m.start(), name))
    for rx, kind in ((_RADIO, "Đài PT-TH"), (_MERGED_MEDIA, "Báo và PT-TH")):
        for m in rx.finditer(f):
            p = province_from_text(text[m.end() : m.end() + 40]) or province
            found.append((m.start(), f"{kind} {p}" if p else kind))
    for m in _NAMED.finditer(f):
        kind_text = " ".join(text[m.start("kind") : m.end("kind")].lower().split())
        if kind_text not in (_KIND_NAMES[m.group("kind")].lower(), m.group("kind")):
            continue  # folding made "Bảo Ninh" (a place), "bão" or "bào" look like "Báo"
        rest_t, rest_f = text[m.end() :], f[m.end() :]
        online = re.match(r"dien tu\s+(?=\S)", rest_f)
        if online and rest_t[:1].islower():
            # "Báo điện tử Dân trí" is "Báo Dân trí" (the online paper is the paper); "Báo Điện
            # tử Chính phủ", capitalised, is the outlet's own name.
            rest_t, rest_f = rest_t[online.end() :], rest_f[online.end() :]
            online = None
        known = _known_paper(rest_f) if m.group("kind") == "bao" else 0
        if not rest_t[:1].isupper() or (
            _NOT_NAMES.match(rest_f) and not province_first(rest_f) and not known and not online
        ):
            # "Báo giá" is no outlet; "Báo Gia Lai" and "Báo Gia đình và Xã hội" are.
            continue
        if m.group("kind") == "bao" and not text[m.start()].isupper() and not rest_t[:1].isupper():
            continue
        if m.group("kind") in ("thoi bao", "dai truyen hinh", "dai tieng noi nhan dan") and not (
            text[m.start()].isupper()
        ):
            # "kịp thời báo cáo ...": only a capital "Thời báo" (or "Đài") names an outlet.
            continue
        words: list[str] = []
        lower_run = 0  # lowercase words in a row: names allow one ("Báo Giáo dục và Thời đại")
        for t in re.finditer(r"[^\s,;.:()]+|[,;.:()]", rest_t):
            w, fw = t.group(), rest_f[t.start() : t.end()]
            nxt = rest_f[t.end() :].lstrip()
            # A stop word that ends the name right there is the name's ("Thời báo Ngân hàng.").
            stop = (
                fw in NAME_STOP
                and not is_name_token(w)
                and not (words and _NAME_END.match(rest_t, t.end()))
            )
            if w in ",;.:()" or stop or len(words) >= 8:
                break
            if fw in ("va", "&"):
                # "... và Cổng TTĐT" / "và Đài ..." start another outlet; "và Công nghệ" does not.
                if _ANOTHER_OUTLET.match(nxt):
                    break
                if not rest_t[t.end() :].lstrip()[:1].isupper():
                    break
                words.append(w)
                lower_run = 0
                continue
            if w in ("-", "–") and words:
                # "Báo Tài chính - Đầu tư": a dash between capitalised parts of one name; a dash
                # before another outlet, or before lowercase words, ends it.
                after = rest_t[t.end() :].lstrip()
                if not after[:1].isupper() or _ANOTHER_OUTLET.match(fold(after)):
                    break
                words.append(w)
                continue
            if w[:1].isupper() or w[:1].isdigit():
                lower_run = 0
            else:
                lower_run += 1
                since_and = (
                    words[len(words) - 1 - words[::-1].index("và") :] if "và" in words else words
                )
                if (
                    w[:1].isalpha()
                    and len(since_and) >= 2
                    and all(x[:1].isupper() for x in since_and)
                ):
                    # "Báo Thanh Niên thực hiện ...": a name in capitals ("Thanh Niên", "Người
                    # Lao Động") ends before a lowercase word.
                    break
                # "Báo Tuổi trẻ thực hiện ...": a second lowercase word is no longer the name,
                # unless the name ends right there ("Báo Công an nhân dân."); "điện tử" closes
                # it too ("Báo Hà Nam điện tử"), or where the subject follows ("cho Tạp chí Tổ
                # chức nhà nước về công tác ...").
                tail = re.split(r"[,;.:()\n]", rest_t[t.start() :], maxsplit=1)[0].split()
                if "ve" in rest_f[t.start() :].split():
                    tail_f = [fold(x) for x in tail]
                    tail = tail[: tail_f.index("ve")] if "ve" in tail_f else tail
                if (lower_run > 1 and len(tail) > 2) or not words:
                    break
                if fw == "dien" and nxt.startswith("tu"):
                    break
            words.append(w)
        if not words and not known:
            continue
        kind = _KIND_NAMES[m.group("kind")]
        # The online edition is the same outlet: "Báo Hà Nam điện tử" is "Báo Hà Nam".
        if len(words) > 2 and fold(" ".join(words[-2:])) == "dien tu":
            words = words[:-2]
        elif len(words) > 1 and fold(words[-1]) == "online":
            words = words[:-1]
        if known > len(" ".join(words)):
            # A national paper whose name goes on in lowercase: "Báo Quân đội nhân dân".
            words = rest_t[:known].split()
        name = f"{kind} {' '.join(words)}".replace(" & ", " và ")
        found.append((m.start(), _OUTLET_ALIASES.get(name_key(name), name)))
    return sorted(found)


# News the agency gives the provincial portal for publication makes the portal an outlet ("gửi
# tin, bài đăng trên Cổng TTĐT tỉnh"; with a count, "cung cấp 31 tin, bài cho Cổng TTĐT tỉnh để
# đăng tải", writers disagree, so it is offered for review; the 31 is never a posts figure of the
# agency's own site); information given to another body that posts it there ("cung cấp thông tin
# cho Sở TT&TT để đăng tải trên Cổng TTĐT tỉnh") is not, nor a negated one.
_PORTAL_GIVEN = re.compile(
    r"(?<!chua )(?<!khong )\b(?:cung cap|gui|chuyen)\s+(?:(?!\bcho\b)[^.;:]){0,40}?"
    r"(?:\bcho|\bden|\bde dang(?: tai)?(?: tren)?|\bdang(?: tai)?(?: tren)?)\s+"
    rf"(?P<portal>{PROVINCE_PORTAL_WORDS.pattern})"
)
# A heading over the outlets' list: "Các cơ quan báo chí được cung cấp thông tin".
_OUTLETS_HEADING = re.compile(
    r"^\W*(?:[\divx]+\W+)?(?:cac )?(?:co quan bao chi|bao chi) (?:da )?(?:duoc )?(?:\w+ )?cung cap"
    r" thong tin\W*$"
)
_REPORT_OPENING = re.compile(r"\bbao cao\b[^:]*\bnhu sau\s*:\s*$")


def _extract_outlets(view: View, province: str | None) -> FieldValue | None:
    names: list[str] = []
    first: ViewBlock | None = None
    quote_parts: list[str] = []
    in_list = False
    lead_in: ViewBlock | None = None
    cue_row: tuple[int, int | None] | None = None
    after_lead = False  # the block right after a line leading in the outlets ("… cho:")
    portal_counted = False  # the portal named as where a count of posts was given
    for b in _joined_cell_lines(view.body()):
        if b.loc.part in PAGE_FURNITURE:
            continue  # a page number between a lead-in and its list
        follows_lead, after_lead = after_lead, False
        if b.heading_level is not None and _OUTLETS_HEADING.search(b.f):
            # "4. Các cơ quan báo chí được cung cấp thông tin": the heading leads in its list.
            in_list = after_lead = True
            lead_in = None
            continue
        if (
            b.closing
            or b.basis
            or b.kind in ("recommendations", "tasks")
            or (
                b.heading_level is not None
                and b.heading_level < PSEUDO_HEADING
                # "3. UBND huyện đã cung cấp thông tin cho:" is numbered but opens a list.
                and not (b.text.rstrip().endswith(":") and _OUTLET_CUE.search(b.f))
            )
        ):
            in_list = False
            continue
        short = len(b.text) < 100 or b.loc.table is not None
        # A posts count sent to the provincial portal, or press coverage, is not press information;
        # in a paragraph of several sentences (PDF paragraphs without indent run together), the
        # sentence that names the outlets is judged on its own.
        # The outlets the block names, read once: only a block with a cue can have a span.
        named = _outlets_in(b.text, b.f, province) if _OUTLET_CUE.search(b.f) else None
        span = _outlet_span(b, named or [])
        cue = span is not None
        row = (b.loc.table, b.loc.row) if b.loc.table is not None else None
        if cue and row:
            # "Cơ quan báo chí được cung cấp thông tin | Báo A, Báo B": the row's label cell.
            cue_row = row
        elif row and row == cue_row:
            cue = True
        # A list right after its lead-in may be one long line ("Báo A; Báo B; …; Đài C."), but
        # not a sentence about coverage or posts.
        listed = follows_lead and not _COVERAGE.search(b.f) and not _counts_posts(b)
        given = _PORTAL_GIVEN.search(b.f) if b.kind != "assessment" else None
        if not (cue or given or (in_list and (short or listed))):
            in_list = False
            lead_in = None  # a lead-in whose list ended without outlets leads in nothing later
            continue
        start, end = span or (0, len(b.text))
        hits = []
        if cue or in_list:
            if named is None:
                named = _outlets_in(b.text, b.f, province)
            hits = [h for h in named if start <= h[0] < end]
        if given and all(name != PROVINCE_PORTAL for _, name in hits):
            hits = sorted([*hits, (given.start("portal"), PROVINCE_PORTAL)])
            # "cung cấp 31 tin, bài cho Cổng TTĐT tỉnh": half the blind batches' writers count
            # the portal an outlet then, half do not: a person decides.
            portal_counted |= bool(count_numbers(b.text[given.start() : given.end()]))
            if span is None:
                start, end = _sentence_around(b.text, given.start("portal"))
        if cue and b.text.rstrip().endswith((":", ",", ";")):
            # A list or table of outlets follows (or the sentence goes on after a line break,
            # or a cell's list on its next line: "Báo Bắc Giang;" / "Đài PT-TH Bắc Giang");
            # it ends at a heading or a long paragraph. The report's opening sentence ("Sở …
            # báo cáo kết quả … cung cấp thông tin cho báo chí năm 2023 như sau:") leads in the
            # whole report, not the outlets: never part of their quote.
            in_list = after_lead = True
            lead_in = None if _REPORT_OPENING.search(b.f) else b
        elif not short or (not hits and b.text.rstrip().endswith(":")):
            in_list = False
        if b.kind == "assessment" and names:
            # The assessment's words about a channel ("Cổng TTĐT tỉnh hoạt động ổn định") add
            # nothing to the outlets the results part named.
            hits = []
        for _, name in hits:
            if fold(name) not in {fold(n) for n in names}:
                names.append(name)
        if hits:
            if first is None and lead_in is not None and lead_in is not b:
                quote_parts.append(lead_in.text)
            first = first or b
            quote_parts.append(b.text[start:end])
    if not names or first is None:
        return _no_outlets(view)
    conf = DOUBTFUL_CONFIDENCE if portal_counted else 0.85
    return FieldValue(names, conf, cite(" ".join(quote_parts)), first.loc)


def _in_brackets(f: str, at: int) -> bool:
    """Return True when position ``at`` of ``f`` lies inside a pair of round brackets."""
    return f.rfind("(", 0, at) > f.rfind(")", 0, at) and f.find(")", at) != -1


def _outlet_span(b: ViewBlock, named: list[tuple[int, str]]) -> tuple[int, int] | None:
    """Return the span of a block that names the outlets (the whole block, a sentence or a run of
    its ";" clauses), or None. Of several sentences that name press information, the first that
    names an outlet of ``named`` (the block's, by position: "Trong năm, Sở tiếp nhận 39 đề nghị
    của các cơ quan báo chí … . Các cơ quan báo chí được cung cấp thông tin gồm: Báo A, …").

    The span must name press information (an outlet cue) and be neither press coverage nor a posts
    count; it goes on over the sentences and clauses after it that are neither. "Sở đã cung cấp
    thông tin cho Báo A, Báo B; có văn bản phản hồi 02 vụ việc báo chí phản ánh về …" names the
    outlets in its first clause, the coverage in its second.
    """

    def clean(a: int, e: int) -> bool:
        f = b.f[a:e]
        if _COVERAGE.search(f) or _UNANSWERED.search(f):
            return False
        cue = _OUTLET_CUE.search(f)
        return not any(
            POST_UNIT.match(f[n.end :])
            # "đăng trên trang Facebook (86 bài viết) và chuyển đến Báo X": an aside before
            # the outlet is named counts another channel's posts.
            and not (cue and n.end < cue.start() and _in_brackets(f, n.start))
            for n in count_numbers(b.text[a:e])
        )

    def names_outlets(a: int, e: int) -> bool:
        return bool(_OUTLET_CUE.search(b.f[a:e])) and clean(a, e)

    n = len(b.text)
    # "3. Sở đã cung cấp …": an item's number is no sentence of its own.
    cuts_at = [
        m.end()
        for m in NEXT_SENTENCE.finditer(b.text)
        if not re.fullmatch(r"\W*[\divxIVX]{1,4}[.)]\s*", b.text[: m.end()])
    ]
    sentences = [0, *cuts_at, n]
    if names_outlets(0, n) and len(sentences) == 2:
        return 0, n
    cuts = sorted({*sentences, *(m.end() for m in re.finditer(";", b.text))})
    pieces = list(itertools.pairwise(cuts))
    first: tuple[int, int] | None = None
    for a, e in itertools.pairwise(sentences):
        # A whole sentence first, then its clauses.
        candidates = [(a, e)] + [
            (x, y) for x, y in pieces if a <= x and y <= e and (x, y) != (a, e)
        ]
        for x, y in candidates:
            if names_outlets(x, y):
                end = y
                for na, ne in pieces:
                    if na < end:
                        continue
                    if not clean(na, ne):
                        break
                    end = ne
                if first is None:
                    first = x, end
                if any(x <= at < y for at, _ in named):
                    return x, end
                break
    return (0, n) if names_outlets(0, n) else first


def _sentence_around(text: str, at: int) -> tuple[int, int]:
    """Return the span of the sentence of ``text`` that holds position ``at``."""
    start = max((m.end() for m in NEXT_SENTENCE.finditer(text, 0, at)), default=0)
    nxt = NEXT_SENTENCE.search(text, at)
    return start, nxt.start() if nxt else len(text)


def _joined_cell_lines(blocks: Iterator[ViewBlock]) -> list[ViewBlock]:
    """Return blocks with a table cell's wrapped lines joined (PDF text: "Báo Sức" / "khỏe và Đời
    sống", maybe with a line of the next cell in between).

    A cell's line goes on with that cell's line before it when it opens in lowercase, when the
    line before ends in a hyphen ("Đài PT-" / "TH Bắc Ninh"), or when the cell separates its items
    inline ("Báo Quảng Nam; Báo Đà" / "Nẵng; VTV8": a line end without ";" is a wrap); a merged
    cell's line that PDF columns put in a later cell goes on with such a list too.
    """
    out: list[ViewBlock] = []
    for b in blocks:
        key = (b.loc.table, b.loc.row, b.loc.cell)
        same = None
        if b.loc.table is not None and not b.closing:
            same = next(
                (
                    j
                    for j in range(len(out) - 1, max(-1, len(out) - 4), -1)
                    if (out[j].loc.table, out[j].loc.row, out[j].loc.cell) == key
                ),
                None,
            )
        if same is None and b.loc.table is not None and not b.closing:
            # A centred merged cell's wrapped words may sit under the next column ("Báo Đầu" /
            # "tư", "Thông tấn xã" / "Việt Nam"): they go on with the row's unfinished list.
            same = next(
                (
                    j
                    for j in range(len(out) - 1, max(-1, len(out) - 3), -1)
                    if (out[j].loc.table, out[j].loc.row) == (b.loc.table, b.loc.row)
                    and (out[j].loc.cell or 0) < (b.loc.cell or 0)
                    and ";" in out[j].text
                    and not out[j].text.rstrip().endswith((";", ",", ".", ":"))
                ),
                None,
            )
        if same is None:
            out.append(b)
            continue
        prev = out[same]
        before = prev.text.rstrip()
        hyphen = before.endswith(("-", "\u00ad"))
        inline_items = ";" in before and not before.endswith((";", ",", "."))
        if not (b.text.lstrip()[:1].islower() or hyphen or inline_items):
            out.append(b)
            continue
        text = f"{before}{'' if hyphen else ' '}{b.text.strip()}"
        out[same] = ViewBlock(
            prev.i,
            text,
            fold_aligned(text),
            prev.loc,
            prev.bold,
            prev.heading_level,
            prev.kind,
            prev.basis,
            prev.closing,
        )
    return out


def _counts_posts(b: ViewBlock) -> bool:
    return any(POST_UNIT.match(b.f[n.end :]) for n in count_numbers(b.text))


_NO_CASE = re.compile(
    r"(?:khong|chua)\s+(?:co\s+)?(?:phat sinh|xay ra|co truong hop|co vu viec|co su viec)"
    r"|khong co (?:thong tin|van de|noi dung) (?:nao )?(?:phai|can)"
)
# The press information the outlets would have received: "cung cấp thông tin cho báo chí", or an
# urgent case to speak about ("vụ việc đột xuất … cần phát ngôn"). A bare "không phát sinh vụ
# việc đột xuất, bất thường" is item (4) of the Decree 244 form, silent about outlets.
_PRESS_PART = re.compile(
    r"(?:dot xuat|bat thuong)[^;]*(?:phat ngon|cung cap thong tin)"
    r"|(?:phat ngon|cung cap thong tin)[^;]*(?:dot xuat|bat thuong)"
    r"|cung cap thong tin cho (?:cac )?(?:co quan )?bao chi"
)


# No outlet was given information: "không cung cấp thông tin cho cơ quan báo chí nào", "không có
# cơ quan báo chí nào đề nghị cung cấp thông tin", "chưa có phóng viên nào liên hệ". Not "không
# có cơ quan báo chí nào phản ánh sai": what the press did not write says nothing of the outlets.
_PRESS_NOUN = r"(?:co quan bao chi|bao chi|phong vien|nha bao)"
_NO_OUTLET = re.compile(
    r"(?:khong|chua)\s+(?:\w+\s+){0,2}?cung cap thong tin cho (?:bat ky\s+)?"
    + _PRESS_NOUN
    + r"\s+nao\b"
    + r"|(?:khong|chua)\s+co\s+(?:bat ky\s+)?(?:"
    + _PRESS_NOUN
    + r"(?:\s*,\s*|\s+(?:hay|hoac)\s+))?"
    + _PRESS_NOUN
    + r"\s+nao\s+(?:\w+\s+){0,2}?(?:de nghi|yeu cau|lien he|den lam viec|dat lich|phong van)"
)


def _no_outlets(view: View) -> FieldValue | None:
    """Return [] when the press-information part says no outlet was given information or no
    case arose, else None (no such part)."""
    heading: ViewBlock | None = None
    for b in view.body():
        if b.closing:
            break
        if b.heading_level is not None:
            heading = b
        if b.basis or b.kind in ("recommendations", "tasks"):
            continue
        for clause in b.f.split(";"):
            if _NO_OUTLET.search(clause):
                return FieldValue([], 0.7, cite(b.text), b.loc)
            if not _NO_CASE.search(clause):
                continue
            if _PRESS_PART.search(clause) or (heading and _PRESS_PART.search(heading.f)):
                return FieldValue([], 0.7, cite(b.text), b.loc)
    return None
