"""Press family: the press conferences the agency held (0 when it says none was held)."""

from __future__ import annotations

import re

from ingest.fields.candidates import Candidate, best_candidate, table_candidates
from ingest.fields.context import Context, present
from ingest.fields.strings import HAS_WORD_CHAR, cite, count_numbers, sentences
from ingest.fields.view import View
from ingest.fields.vocabulary import ATTEND, FUTURE, QUARTER_BEFORE
from ingest.record import FieldValue

PRODUCES = ("press_conferences",)


def extract(view: View, context: Context) -> dict[str, FieldValue]:
    """Return the press conferences held, when the report speaks of them."""
    return present(press_conferences=_extract_press(view))


_HOP_BAO = re.compile(r"hop bao")
_HELD = re.compile(r"to chuc|chu tri|tien hanh|trien khai")
_BY_OTHER = re.compile(
    r"^[^.;]{0,40}?(?:\bdo\b[^.;]{1,60}(?:to chuc|chu tri)|\bcua (?:ubnd|uy ban|bo|tinh|so"
    r"|thanh pho))"
)
_NEGATIVE = re.compile(
    r"\b(?:chua|khong)\s+(?:co\s+)?(?:\w+\s+){0,2}?(?:to chuc|chu tri|tien hanh)\b"
    r"|\bkhong co (?:cuoc|buoi)?\s*hop bao|hop bao[^.;]{0,30}?(?::\s*(?:khong|chua)\b|\bnao\b)"
    r"|:\s*(?:khong|chua) (?:to chuc|co)\b"
)
# Serving another body's conference: "tham mưu, phục vụ UBND tỉnh tổ chức …" (_SERVED), "chuẩn bị
# nội dung và phục vụ 04 cuộc họp báo …" (_SERVING).
_SERVE = r"tham muu|phuc vu"
_SERVED = re.compile(rf"\b(?:{_SERVE}|giup)\b[^.;]{{0,40}}\b(?:ubnd|uy ban|tinh|bo|lanh dao)\b")
_SERVING = re.compile(rf"\b(?:{_SERVE}|chuan bi noi dung)\b")
_NOT_PROACTIVE = re.compile(r"chua chu dong|chu dong hon|can tang cuong|chua thuong xuyen")
_CONF_UNIT = re.compile(r"^\s*(?:cuoc|buoi|lan|hoi nghi)\b")
_NEXT_COUNT = re.compile(r"\d+\s*(?:cuoc|buoi|lan)\b")
# Between two counts of press conferences of different kinds: "... họp báo định kỳ và ".
_NEXT_KIND = re.compile(r"\s*(?:cuoc|buoi)?\s*hop bao(?:\s+[a-z]+){0,7}?\s*(?:,|va)\s*")
# The agency's own verb right before the count: "tổ chức bốn cuộc họp báo định kỳ của UBND tỉnh"
# (the office that organises the province's press conferences) held them.
_HELD_RIGHT_BEFORE = re.compile(r"(?:to chuc|chu tri)\s*(?:duoc\s*)?$")
# The form's row flattened into one line by PDF or OCR text, the count last: "1 Họp báo do cơ
# quan chủ trì tổ chức Cuộc 02" (row number, label, unit column, count). The label names the
# agency's own press conferences only: "Họp báo do UBND tỉnh tổ chức" or "Tham dự họp báo" fail.
_FORM_ROW_TAIL = re.compile(r"\b(?:cuoc|buoi|lan)\s+\d{1,3}\s*$")
_FORM_ROW_PRESS = re.compile(
    r"^\W*(?:\d{1,3}[.)]?\s+)?(?:so\s+)?(?:cuoc\s+)?hop bao(?:\s+(?:do\s+)?(?:co quan|don vi)?"
    r"\s*(?:da\s+)?(?:chu tri\s*)?(?:to chuc)?)?\s+(?:cuoc|buoi|lan)\s*$"
)


def _clauses(f: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(
        r";|,\s*(?=(?:ngoai ra|dong thoi|nhung|con|tuy nhien|rieng|ben canh)\b)|\.\s", f
    ):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(f)))
    return [(a, b) for a, b in spans if f[a:b].strip()]


def _press_in_clause(ct: str, cf: str, section: bool) -> tuple[int | float, str | None] | None:
    """Return (count, qualifier) held by the agency in one clause, 0 for "none held", or None."""
    hb = _HOP_BAO.search(cf)
    if hb is None and (not section or "giao ban" in cf):
        # Under "Tổ chức họp báo, giao ban báo chí": "03 lần cung cấp thông tin tại giao ban"
        # counts briefings, not press conferences.
        return None
    held_count: tuple[int | float, str | None] | None = None
    last_end = 0
    for n in count_numbers(ct):
        # "chủ trì 02 cuộc họp báo định kỳ và 01 cuộc họp báo chuyên đề": kinds summed.
        if held_count is not None and not _NEXT_KIND.fullmatch(cf, last_end, n.start):
            break
        after = cf[n.end :]
        unit = _CONF_UNIT.match(after)
        near_hb = re.match(r"^\s*(?:cuoc|buoi)?\s*(?:hop bao|hoi nghi hop bao)", after)
        label = re.search(r"hop bao[^.;0-9]{0,40}?(?::|\bla\b)\s*$", cf[: n.start])
        if label is None and "hop bao" in cf[: n.start] and not HAS_WORD_CHAR.search(after):
            label = _FORM_ROW_PRESS.search(cf[: n.start])  # "1 Họp báo do ... tổ chức Cuộc 02"
        if label and "giao ban" in label.group():
            # "Số cuộc họp báo, giao ban báo chí: 05": briefings counted in, not all held.
            continue
        times_after = unit and re.search(r"hop bao[^.;0-9]{0,25}$", cf[: n.start])
        if not (near_hb or (unit and (hb or section)) or label or times_after):
            continue
        if QUARTER_BEFORE.search(cf[: n.start]) and not label:
            continue
        # "… tại các cuộc họp báo của UBND tỉnh và tại Hội nghị giao ban báo chí (02 lần)": the
        # count is of the briefings named after the last press conference.
        if "giao ban" in cf[cf.rfind("hop bao", 0, n.start) + 1 : n.start]:
            continue
        # The verb nearest before the number decides: organised, or attended someone else's.
        pre = cf[: n.start]
        held = [m.end() for m in _HELD.finditer(pre)]
        attended = [m.end() for m in ATTEND.finditer(pre)]
        post = after[unit.end() if unit else 0 :]
        # Up to the next count: "02 cuộc họp báo và tham dự 03 cuộc ... của UBND tỉnh".
        post = post[: nxt.start()] if (nxt := _NEXT_COUNT.search(post)) else post
        by_other = _BY_OTHER.search(re.sub(r"^\s*(?:cuoc|buoi)?\s*hop bao", "", post))
        if by_other and not (
            _HELD_RIGHT_BEFORE.search(pre) and not re.search(r"\bdo\b", by_other.group())
        ):
            continue
        if attended and (not held or attended[-1] > held[-1]):
            continue
        # "chủ trì tham mưu, chuẩn bị nội dung và phục vụ 04 cuộc họp báo … của UBND tỉnh": the
        # conferences served are someone else's.
        served = [m.end() for m in _SERVING.finditer(pre)]
        if served and (not held or served[-1] > held[-1]):
            continue
        if ATTEND.match(post.lstrip(" ,")):
            # "đã hai lần tham dự … họp báo thường kỳ của UBND tỉnh": the verb after the count.
            continue
        # "tham mưu, phục vụ UBND tỉnh tổ chức ba cuộc họp báo": organised for someone else.
        if held and _SERVED.search(pre[max(0, held[-1] - 60) : held[-1]]):
            continue
        if held or label or (section and not attended):
            if held_count is None:
                held_count = (n.value, n.qualifier)
            elif near_hb:
                held_count = (held_count[0] + n.value, held_count[1])
            else:
                break
            last_end = n.end
            if not near_hb:
                break
    if held_count is not None:
        return held_count
    if _NEGATIVE.search(cf) and not _NOT_PROACTIVE.search(cf):
        neg = _NEGATIVE.search(cf)
        if not ATTEND.search(cf[: neg.start()]) and (hb or section):
            return 0, None
    return None


def _press_candidates(view: View) -> list[Candidate]:
    out: list[Candidate] = []
    heading_hb = False
    for b in view.body():
        form_row = False
        if b.heading_level is not None:
            heading_hb = bool(_HOP_BAO.search(b.f))
            # A flattened form row "1 Họp báo do cơ quan chủ trì tổ chức Cuộc 02" looks like a
            # numbered heading: it is read as a line of its own (its row number is no count).
            form_row = heading_hb and _FORM_ROW_TAIL.search(b.f) is not None
            # "2. Họp báo: không tổ chức." and "2. Sở chưa tổ chức họp báo." carry their own
            # answer: a numbered line that is a statement, not only a part's name.
            answered = re.search(r":\s*\S", b.f) or _HELD.search(b.f)
            if not (heading_hb and (form_row or answered)):
                continue
        if (
            b.closing
            or b.basis
            or b.kind in ("recommendations", "tasks")
            or b.loc.table is not None
        ):
            continue
        section = heading_hb and b.kind != "assessment" and not form_row
        for s, e in sentences(b.text):
            seg_t, seg_f = b.text[s:e], b.f[s:e]
            if not (_HOP_BAO.search(seg_f) or section):
                continue
            for cs, ce in _clauses(seg_f):
                cf, ct = seg_f[cs:ce], seg_t[cs:ce]
                hb = _HOP_BAO.search(cf)
                if FUTURE.search(cf[: hb.start()] if hb else cf):
                    continue
                got = _press_in_clause(ct, cf, section)
                if got is None:
                    continue
                value, qualifier = got
                score = 3.0 if value else 2.0
                score += 1.0 if b.kind == "results" or section else 0.0
                score -= 1.5 if b.kind == "assessment" else 0.0
                # Outside the results part (e.g. in the assessment) the statement is less sure.
                conf = 0.9 if section or b.kind in ("results", "intro") else 0.7
                out.append(Candidate(value, score, conf, cite(seg_t), b.loc, qualifier))
    out += table_candidates(view, _HOP_BAO, _NOT_HELD_LABEL)
    out += _none_held_rows(view)
    return out


_NOT_HELD_LABEL = re.compile(r"tham du|tham gia|giao ban|du hop")
# "Họp báo của UBND tỉnh", "do Bộ … tổ chức": someone else's ("do cơ quan chủ trì" is the agency).
_OTHERS_LABEL = re.compile(r"\b(?:cua|do) (?:ubnd|uy ban|bo|tinh|so)\b")
# A result cell that answers in words: "không tổ chức họp báo", "Chưa tổ chức", "Không".
_NONE_CELL = re.compile(
    r"^\W*(?:khong|chua)(?:\s+(?:co\s+)?(?:to chuc|chu tri|tien hanh)\b.*)?\W*$"
)


def _none_held_rows(view: View) -> list[Candidate]:
    """Rows "Số cuộc họp báo đã tổ chức | không tổ chức họp báo" of a result table: none held."""
    out: list[Candidate] = []
    for rows in view.tables.values():
        for cells in rows.values():
            ordered = [cb for _, cb in sorted(cells.items())]
            for k, cb in enumerate(ordered[:-1]):
                if not _HOP_BAO.search(cb.f) or _NOT_HELD_LABEL.search(cb.f):
                    continue
                answer = next((x for x in ordered[k + 1 :] if _NONE_CELL.match(x.f)), None)
                if answer is not None and not _OTHERS_LABEL.search(cb.f):
                    quote = cite(f"{cb.text}: {answer.text}")
                    out.append(Candidate(0, 5.0, 0.85, quote, answer.loc))
                break
    return out


def _extract_press(view: View) -> FieldValue | None:
    cands = _press_candidates(view)
    if not cands:
        return None
    held = [c for c in cands if c.value]
    if held:
        fv = best_candidate(held)
        if fv and any(c.value == 0 and c.score >= 3 for c in cands):
            fv.confidence = min(fv.confidence, 0.7)
        return fv
    return best_candidate(cands)
