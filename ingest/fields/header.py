"""Header family: the agency, its province, the report's number and date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.fields.context import Context, present
from ingest.fields.strings import cite, fold_aligned, squash
from ingest.fields.view import PLACE_DATE, View, ViewBlock
from ingest.fields.vocabulary import PROVINCES_MERGED, PROVINCES_MERGED_ON, province_from_text
from ingest.periods import period_end
from ingest.record import DOUBTFUL_CONFIDENCE, FieldValue
from ingest.registry import AgencyMatch, Match, Registry, name_key
from ingest.text import fold

PRODUCES = ("agency", "province", "report_number", "report_date")


def extract(view: View, context: Context) -> dict[str, FieldValue]:
    """Return the header's fields; the agency is matched against the registry as it stood at the
    end of the reporting period (``context.year``, ``context.period``)."""
    header = _parse_header(view)
    year, period = context.year, context.period
    on = period_end(year.value, period.value) if year and period else None
    # Without a parent line, the place of the date line tells same-named agencies apart.
    placed = _place_province(view, on) or _recipients_province(view)
    prov_hint = header.province or (placed[0] if placed else None)
    agency, match, written = _extract_agency(view, header, context.registry, on, prov_hint)
    if context.registry is not None:
        context.agency_match = _agency_match(context.registry, match, written, on, prov_hint)
    province = _extract_province(view, header, match.agency.province if match else None, placed)
    return present(
        report_number=_extract_number(view),
        report_date=_extract_date(view),
        agency=agency,
        province=province,
    )


def agency_runs_portal(view: View, agency: FieldValue | None) -> bool:
    """Return whether the agency is the provincial People's Committee office (Văn phòng UBND
    tỉnh), which runs the provincial portal: its posts there are its own."""
    header = _parse_header(view)
    agency_key = name_key(agency.value) if agency else ""
    return "van phong uy ban nhan dan tinh" in agency_key or (
        name_key(header.agency_text or "") == "van phong" and header.province is not None
    )


_MOTTO = re.compile(
    # OCR may put a stray dot or comma between the motto's words.
    r"cong\W*hoa\W*xa\W*hoi\W*chu\W*nghia\W*viet\W*nam|doc\s*lap\s*[-–—,.]?\s*tu\s*do\s*[-–—,.]?\s*"
    r"hanh\s*phuc|[-_=*…]{3,}"
)
_NUMBER_LINE = re.compile(r"\bso\s*(?:hieu)?\s*[:.]\s*[^\s]*\s*(?:/\s*[^\s]+)?")
_VV_LINE = re.compile(r"\bv\s*/\s*v\b.*")
# "UBND TỈNH X", "UBND THÀNH PHỐ CẦN THƠ", "UBND TP. CẦN THƠ" (dots are blanked before).
_PARENT = re.compile(r"^(?:uy ban nhan dan|ubnd)\s+(?:tinh|thanh pho|tp)\s+(?P<p>.+)$")
_UBND_ALONE = re.compile(r"^(?:uy ban nhan dan|ubnd)$")
# Under "ỦY BAN NHÂN DÂN": a district (before 7/2025) or a commune-level unit (from 7/2025).
# (OCR may split a word of it: "ĐẶ C KH U CỒN CỎ".)
_LOCAL = re.compile(
    r"^(?:huyen|thi xa|thanh pho|tp\.?|quan|xa|phuong|dac\s?khu|d\s?a\s?c\s+kh\s?u|thi tran)\s+\S"
)
# A department or ministry over one of its units (a chi cục, a centre, a board …).
_BODY_OVER = re.compile(r"^(?:so|bo)\s+\S")
_SUBORDINATE = re.compile(
    r"^(?:chi cuc|trung tam|ban quan ly|cuc|vien|truong|benh vien|quy|doan|thanh tra so)\b"
)
_PROVINCE_LINE = re.compile(r"^tinh\s+(?P<p>.+)$")


def _header_lines(view: View) -> list[tuple[str, ViewBlock]]:
    """Return the left-column lines of the header (agency side), motto/number/date removed."""
    out: list[tuple[str, ViewBlock]] = []
    for b in view.blocks[: view.header_end]:
        for line in b.text.split("\n"):
            f = fold_aligned(line)
            keep = [True] * len(line)
            for rx in (_MOTTO, _NUMBER_LINE, _VV_LINE, PLACE_DATE):
                for m in rx.finditer(f):
                    keep[m.start() : m.end()] = [False] * (m.end() - m.start())
            kept = "".join(c if k else " " for c, k in zip(line, keep, strict=True))
            kept = squash(kept).strip(" -–,.:;*")
            if len(kept) >= 3 and not re.fullmatch(r"[\W\d_]+", kept):
                out.append((kept, b))
    return out


def _smart_case(s: str) -> str:
    """Return an ALL-CAPS header line in the usual case: "SỞ Y TẾ" -> "Sở Y tế".

    The first word and the word after an organisation word (Sở, Ban, Cục ...) are capitalised;
    after a place word (tỉnh, huyện, thành phố ...) every word is, since it is a place name.
    """
    if not s.isupper():
        return s
    out: list[str] = []
    place = False
    cap_next = True
    prev = ""
    for w in s.lower().split():
        out.append(w[:1].upper() + w[1:] if cap_next or place else w)
        place = place or w in ("tỉnh", "huyện", "xã", "phố", "quận", "phường", "trấn")
        place = place or (w == "khu" and prev == "đặc")
        cap_next = w in ("sở", "cục", "tâm", "viện") or (w == "ban" and prev not in ("ủy", "uỷ"))
        prev = w
    return re.sub(r"\bubnd\b", "UBND", " ".join(out), flags=re.I)


@dataclass
class _Header:
    lines: list[tuple[str, ViewBlock]] | None = None
    parent: str | None = None
    province: str | None = None
    agency_lines: list[tuple[str, ViewBlock]] | None = None
    agency_text: str | None = None
    agency_block: ViewBlock | None = None


def _parse_header(view: View) -> _Header:
    lines = _header_lines(view)
    h = _Header(lines=lines)
    if not lines:
        return h
    folded = [" ".join(re.sub(r"[^a-z0-9 &]", " ", fold(t)).split()) for t, _ in lines]
    # A department's name over a People's Committee's is no parent line: it is the stamp of the
    # office that received the paper ("SỞ VĂN HÓA …" / "ĐẾN" over "ỦY BAN NHÂN DÂN PHƯỜNG …").
    ubnd = next(
        (i for i, f in enumerate(folded[:4]) if re.match(r"(?:uy ban nhan dan|ubnd)\b", f)), None
    )
    if ubnd and folded[0].startswith("so ") and not _PROVINCE_LINE.match(folded[0]):
        lines, folded = lines[ubnd:], folded[ubnd:]
        h.lines = lines
    k = 0
    # "ỦY BAN NHÂN DÂN" on its own line, then "TỈNH X" (parent) or "HUYỆN X" (the agency itself).
    if _UBND_ALONE.match(folded[0]) and len(lines) > 1:
        nxt = folded[1]
        if _PROVINCE_LINE.match(nxt):
            h.parent = f"{lines[0][0]} {lines[1][0]}"
            h.province = province_from_text(_PROVINCE_LINE.match(nxt).group("p"))
            k = 2
        elif _LOCAL.match(nxt):
            h.agency_text = _smart_case(f"{lines[0][0]} {lines[1][0]}")
            h.agency_block = lines[1][1]
            h.agency_lines = lines[:2]
            rest = lines[2:4]
            if rest and not _looks_like_place_or_misc(folded[2]):
                h.parent = h.agency_text
                h.agency_text = _smart_case(" ".join(t for t, _ in rest[:1]))
                h.agency_block = rest[0][1]
            return h
    elif len(lines) > 1 and _BODY_OVER.match(folded[0]) and _SUBORDINATE.match(folded[1]):
        # "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" over "CHI CỤC KIỂM LÂM": the body the agency belongs to.
        h.parent = lines[0][0]
        k = 1
    elif (m := _PARENT.match(folded[0])) is not None:
        h.parent = lines[0][0]
        h.province = province_from_text(m.group("p"))
        k = 1
        if h.province is None and len(lines) > 1:
            # A narrow column wraps "ỦY BAN NHÂN DÂN TỈNH HÀ" / "NAM".
            joined = province_from_text(f"{m.group('p')} {folded[1]}")
            if joined:
                h.parent, h.province, k = f"{lines[0][0]} {lines[1][0]}", joined, 2
    rest = [
        (t, b)
        for (t, b), f in zip(lines[k:], folded[k:], strict=True)
        if not _looks_like_place_or_misc(f)
    ]
    if rest:
        # The agency name may wrap onto a second line ("BAN QUẢN LÝ CÁC KHU" / "CÔNG NGHIỆP").
        h.agency_lines = rest[:2]
        h.agency_text = _smart_case(rest[0][0])
        h.agency_block = rest[0][1]
    elif (
        h.parent
        and k == 1
        and re.match(r"^(?:ubnd|uy ban nhan dan)\s+(?:huyen|thi xa|thanh pho|tp|quan)", folded[0])
    ):
        h.agency_text = _smart_case(lines[0][0])
        h.agency_block = lines[0][1]
    if h.agency_text is None and k == 1 and not rest:
        h.agency_text, h.agency_block = _smart_case(lines[0][0]), lines[0][1]
    return h


def _looks_like_place_or_misc(f: str) -> bool:
    return bool(re.match(r"^(?:ngay\b|v v\b|kinh gui|mau so|bieu)", f)) or len(f) < 3


# Registry.match scores are at most this (1.0 for an exact name, less otherwise).
MAX_MATCH_SCORE = 1.0


def _extract_agency(
    view: View,
    header: _Header,
    registry: Registry | None,
    on: date | None,
    province: str | None,
) -> tuple[FieldValue | None, Match | None, str | None]:
    """Return the agency (canonical when the registry knows it), its registry match and the
    name as written that gave it."""
    candidates: list[tuple[str, ViewBlock, float]] = []  # (name, block, base confidence)
    if header.agency_text:
        names = [header.agency_text]
        if header.agency_lines and len(header.agency_lines) > 1:
            names.append(" ".join(t for t, _ in header.agency_lines))
        if header.parent:
            names.append(f"{header.agency_text} {header.parent}")
        for n in names:
            candidates.append((n, header.agency_block, 0.97))
    for b in list(view.body())[:12]:
        if b.basis and "bao cao" not in b.f:
            continue
        m = re.search(
            r"(?:^|[,;:.]\s*)([^,;:.]{3,90}?)\s+(?:xin\s+|tran trong\s+|kinh\s+)?bao cao\b", b.f
        )
        if m and ("nhu sau" in b.f or "ket qua" in b.f):
            subj = b.text[m.start(1) : m.end(1)].strip()
            subj = re.sub(r"^(?:nam \d{4}|trong \S+ \S+|vi vay|do do)\s+", "", subj, flags=re.I)
            candidates.append((subj, b, 0.85))
            break
    if registry is not None and header.lines:
        # Wrapped or interleaved header lines: any run of up to four left-column lines.
        lines = header.lines
        for i in range(len(lines)):
            for j in range(i + 1, min(len(lines), i + 4) + 1):
                text = " ".join(t for t, _ in lines[i:j])
                candidates.append((text, lines[i][1], 0.9))
    if not candidates:
        return None, None, None
    if registry is None:
        name, b, conf = candidates[0]
        return FieldValue(name, 0.8 if conf > 0.9 else 0.6, cite(b.text), b.loc), None, name
    best: tuple[float, Match, ViewBlock, str] | None = None
    for name, b, conf in candidates:
        if best is not None and conf * MAX_MATCH_SCORE <= best[0]:
            continue  # cannot beat the best (only a higher score replaces it): no lookup
        # Prefer agencies that existed in the reporting period; others only at a lower score.
        for when, penalty in ((on, 1.0), (None, 0.7)):
            m = registry.match(name, on=when, province=province)
            if m:
                score = m.score * conf * (penalty if on else 1.0)
                if best is None or score > best[0]:
                    best = (score, m, b, name)
                break
    if best is None:
        name, b, _ = candidates[0]
        return FieldValue(name, 0.4, cite(b.text), b.loc), None, name
    score, match, b, name = best
    return FieldValue(match.name, round(min(score, 0.99), 3), cite(b.text), b.loc), match, name


def _agency_match(
    registry: Registry,
    match: Match | None,
    written: str | None,
    on: date | None,
    province: str | None,
) -> AgencyMatch:
    """Return how the agency resolved: the candidates of the name that gave the agency, among
    the agencies valid at the end of the period and of the report's province.

    The agency field may come from an agency outside its validity dates (a date typo must not lose
    the name); it is then a suggestion, never confident.
    """
    resolved = registry.resolve(written or "", on=on, province=province)
    if match is not None and resolved.registry_id != match.id:
        return resolved.doubted("other_period" if resolved.registry_id is None else "ambiguous")
    return resolved


_PLACE_PREFIX = re.compile(r"^(?:tp\b\.?|thanh pho|tinh)\s*")


def _place_province(view: View, on: date | None = None) -> tuple[str, ViewBlock, float] | None:
    """Return the province named as the place of the place-date line ("Cần Thơ, ngày ..."); after
    the 2025 merger a merged province's name there is a ward's ("Hà Giang 1, ngày ...")."""
    for b in view.blocks[: view.header_end]:
        m = PLACE_DATE.search(b.f)
        if m:
            place = _PLACE_PREFIX.sub("", b.f[m.start("place") : m.end("place")].strip())
            # A line of plain text may carry the number before the place, a tab apart
            # ("Số: 318/CCKL-TTPC	Quảng Trị, ngày …"): the place is the line's last words.
            words = place.split()
            for k in range(len(words)):
                if p := province_from_text(_PLACE_PREFIX.sub("", " ".join(words[k:]))):
                    if on is not None and on >= PROVINCES_MERGED_ON and p in PROVINCES_MERGED:
                        return None
                    return p, b, 0.85
    return None


# "UBND tỉnh Quảng Bình (b/c)", "Sở TT&TT tỉnh Quảng Bình" among the recipients.
_RECIPIENT_PROVINCE = re.compile(r"\b(?:tinh|thanh pho|tp\.?)\s+")


def _recipients_province(view: View) -> tuple[str, ViewBlock, float] | None:
    """Return the province named among the recipients ("Nơi nhận: - UBND tỉnh X"), the hint
    left when neither the header nor the place-date line names one."""
    for b in view.blocks:
        if not b.closing:
            continue
        for m in _RECIPIENT_PROVINCE.finditer(b.f):
            if p := province_from_text(b.text[m.end() : m.end() + 30]):
                return p, b, 0.75
    return None


def _extract_province(
    view: View,
    header: _Header,
    agency_province: str | None,
    placed: tuple[str, ViewBlock, float] | None,
) -> FieldValue | None:
    if header.province:
        b = header.agency_block or view.blocks[0]
        src = next((bb for bb in view.blocks[: view.header_end] if "tinh" in bb.f), b)
        return FieldValue(header.province, 0.95, cite(src.text), src.loc)
    # The registry's agency of the document's own place; one of another province (matched
    # outside the place the document names) does not outweigh the document.
    if agency_province and (placed is None or placed[0] == agency_province):
        b = header.agency_block or view.blocks[0]
        return FieldValue(agency_province, 0.85, cite(b.text), b.loc)
    if placed:
        p, b, conf = placed
        return FieldValue(p, conf, cite(b.text), b.loc)
    for b in view.blocks[: view.header_end + 6]:
        for m in re.finditer(r"\btinh\s+", b.f):
            p = province_from_text(b.text[m.end() : m.end() + 30])
            if p:
                return FieldValue(p, 0.7, cite(b.text), b.loc)
    return None


# "Số: 318/BC-TTr"; a PDF's text may space the number and the symbol apart ("Số: 31 8/BC- TTr").
_REPORT_NO = re.compile(
    r"\bs[oe]\s*(?:hieu)?\s*[:.]?\s*(?P<n>(?:\d+(?: \d+)*)?)\s*"
    r"(?P<rest>/\s*[a-z0-9][a-z0-9.&\-]*(?:\s*-\s*[a-z0-9&.]+|(?<=-)\s+[a-z0-9&.]+)?)",
)


def _extract_number(view: View) -> FieldValue | None:
    zone = view.blocks[: max(view.header_end, 1)]
    for b in zone:
        for m in _REPORT_NO.finditer(b.f):
            number, rest = m.group("n").replace(" ", ""), b.text[m.start("rest") : m.end("rest")]
            if not number:
                return FieldValue(None, 0.9, cite(b.text), b.loc)
            value = number + re.sub(r"\s+", "", rest).rstrip(".")
            # A symbol that runs on into more signs ("3120/B/-BQLKKTNS": OCR read "C" as "/")
            # was cut: a person reads it.
            cut = re.match(r"[/\w-]", b.f[m.end() : m.end() + 1]) is not None
            return FieldValue(value, DOUBTFUL_CONFIDENCE if cut else 0.95, cite(b.text), b.loc)
    return None


def _extract_date(view: View) -> FieldValue | None:
    """Return the report date of the date line (None as value when the day or month is blank
    or garbled)."""
    line = view.date_line
    if line is None:
        return None
    m, b = line.match, line.block
    d, mo, y = m.group("d"), m.group("m") or m.group("m2"), line.year
    quote = cite(line.text[m.start() : m.end()])
    try:
        if d and d.strip(" ._…—–-") and mo and mo.strip(" ._…—–-"):
            return FieldValue(date(y, int(mo), int(d)).isoformat(), 0.95, quote, b.loc)
    except ValueError:
        return FieldValue(None, 0.5, quote, b.loc)
    return FieldValue(None, 0.9, quote, b.loc)
