"""The words the rules share: provinces, surnames, stop lists (data files in ``words/``), and the
cue phrases more than one family reads. Matching is on folded text (``strings.fold_aligned``)."""

from __future__ import annotations

import re
from datetime import date
from importlib import resources

from ingest.text import fold


def _words(name: str) -> tuple[str, ...]:
    """Return the lines of ``words/<name>.txt`` in order, without blanks and ``#`` comments."""
    text = resources.files(__package__).joinpath("words", f"{name}.txt").read_text("utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


PROVINCES: tuple[str, ...] = _words("provinces")
# Folded province name, letters and blanks only ("ba ria vung tau") -> the name as written.
PROVINCE_BY_KEY = {" ".join(re.sub(r"[^a-z ]", " ", fold(p)).split()): p for p in PROVINCES}
# The day the 63 provinces became 34, and the provinces that ended then.
PROVINCES_MERGED_ON = date(2025, 7, 1)
PROVINCES_MERGED: frozenset[str] = frozenset(_words("provinces_merged_2025"))
SURNAMES: frozenset[str] = frozenset(fold(s) for s in _words("surnames"))
TITLE_STOP: frozenset[str] = frozenset(_words("title_stop"))
NAME_STOP: frozenset[str] = frozenset(_words("name_stop"))
# National newspapers' names after "Báo", folded, longest first.
PRESS_NAMES: tuple[str, ...] = tuple(
    sorted({" ".join(fold(n).split()) for n in _words("press")}, key=len, reverse=True)
)


# The centrally run cities (thành phố trực thuộc trung ương), whose "thành phố" is the province:
# their portal is "Cổng Thông tin điện tử thành phố".
CENTRAL_CITIES = frozenset({"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"})
# The provincial portal, folded: "Cổng Thông tin điện tử tỉnh", "Cổng TTĐT của tỉnh" (never the
# Tỉnh ủy's); in a centrally run city, "Cổng Thông tin điện tử thành phố".
PORTAL_OF = r"cong\s+(?:thong tin dien tu|ttdt)\s+(?:cua\s+)?"
PROVINCE_PORTAL_WORDS = re.compile(PORTAL_OF + r"tinh\b(?!\s+uy)")
CITY_PORTAL_WORDS = re.compile(PORTAL_OF + r"thanh pho\b(?!\s+uy)")


def province_from_text(s: str) -> str | None:
    """Return the province named at the start of ``s`` (longest known name), or None."""
    key = " ".join(re.sub(r"[^a-z ]", " ", fold(s)).split())
    best = None
    for pk, name in PROVINCE_BY_KEY.items():
        if (key == pk or key.startswith(pk + " ")) and (best is None or len(pk) > len(best[0])):
            best = (pk, name)
    return best[1] if best else None


def province_first(f: str) -> bool:
    """Return True when folded ``f`` opens with a province name ("gia lai ...")."""
    words = re.sub(r"[^a-z ]", " ", f[:40]).split()
    return any(" ".join(words[:n]) in PROVINCE_BY_KEY for n in (2, 3, 4))


# Punctuation around the words of a name.
PUNCT = ',.;:()–-—"“”'


def is_name_token(w: str) -> bool:
    """Return True for a word written like a syllable of a proper name ("Nguyễn", "Hà")."""
    w = w.strip(PUNCT)
    return len(w) >= 1 and w[0].isupper() and (len(w) == 1 or w[1:].islower()) and w.isalpha()


# What the assessment calls its strengths; a results heading under it heads them too.
STRENGTH_WORDS = re.compile(
    r"uu diem|ket qua dat duoc|mat (?:lam |dat )?duoc|viec (?:da )?lam duoc|thuan loi|diem manh"
)
# The unit right after a count of posts ("315 tin, bài", "32 bài viết").
POST_UNIT = re.compile(
    r"\s*(?:tin\s*[,/;&-]?\s*(?:va\s+)?bai|tin\s+tuc|bai\s+viet|ban\s+tin"
    r"|tin(?!\s*[,/&-]?\s*anh)|bai)\b"
)
# A quarter or a month right before a count: the count is that part's, not the period's.
QUARTER_BEFORE = re.compile(r"(?:quy\s+(?:iv|i{1,3}|[1-4])|thang\s+\d{1,2})[^.;]{0,12}$")
# Attending someone else's press conference or briefing, not holding or informing it.
ATTEND = re.compile(
    r"tham du|tham gia|\bdu\s+(?:\d|cac|buoi|cuoc|hop|day du)|duoc moi|cu (?:can bo|lanh dao"
    r"|dai dien)"
)
# Plans: what will be done is no result.
FUTURE = re.compile(r"\bse\b|thoi gian toi|du kien|phan dau|ke hoach|tiep theo|tiep tuc|nam toi")
