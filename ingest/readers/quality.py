"""How much of a text layer reads as Vietnamese: the share of words spelled as valid syllables.

A PDF text layer can carry a font whose glyph codes map to the wrong letters (phone-scanner
apps lay an invisible OCR layer over the photo with such a font): every glyph is "mapped", so a
glyph-level check passes, but the words are not Vietnamese. Spelling is a general test: a
Vietnamese syllable is [onset] + rhyme (vowel cluster with its medial, then a coda) with at most
one tone mark, and the stop codas c/ch/p/t take only the sắc or nặng tone. Real report text
scores 0.8-1.0 (acronyms, numbers and names are the rest); a mis-encoded layer scores far lower.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# -- phonotactics as data -----------------------------------------------------------------------

_ONSETS_TEXT = "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x"
ONSETS = tuple(sorted(_ONSETS_TEXT.split(), key=len, reverse=True))  # longest first
# Written vowel clusters (medial included, tone marks removed) -> the codas each may take.
# "" means the cluster may end the syllable. Glide-final clusters (ai, ao, iêu ...) take none.
_OPEN = ("",)
_ALL = ("", "c", "ch", "m", "n", "ng", "nh", "p", "t")
_CLOSED = ("c", "m", "n", "ng", "p", "t")  # clusters that need a coda
_RHYMES_TEXT = {
    "a": _ALL,
    "ă": _CLOSED,
    "â": ("c", "m", "n", "ng", "p", "t"),
    "e": ("", "c", "m", "n", "ng", "p", "t"),
    "ê": ("", "ch", "m", "n", "nh", "p", "t", "c", "ng"),
    "i": ("", "ch", "m", "n", "nh", "p", "t"),
    "o": ("", "c", "m", "n", "ng", "p", "t"),
    "ô": ("", "c", "m", "n", "ng", "p", "t"),
    "ơ": ("", "m", "n", "p", "t"),
    "u": ("", "c", "m", "n", "ng", "p", "t"),
    "ư": ("", "c", "m", "n", "ng", "t"),
    "y": ("", "ch", "nh", "n", "t", "m", "p"),
    "oa": ("", "c", "ch", "m", "n", "ng", "nh", "p", "t"),
    "oă": ("c", "m", "n", "ng", "t"),
    "oe": ("", "n", "t", "m", "c"),
    "uâ": ("n", "ng", "t", "c"),
    "uê": ("", "ch", "nh", "n", "t"),
    "uơ": ("",),
    "uy": ("", "ch", "nh", "n", "t", "p"),
    "iê": ("c", "m", "n", "ng", "p", "t"),
    "yê": ("m", "n", "ng", "t"),
    "uyê": ("n", "t"),
    "uô": ("c", "m", "n", "ng", "t"),
    "ươ": ("c", "m", "n", "ng", "p", "t"),
    "ia": _OPEN,
    "ya": _OPEN,
    "ua": _OPEN,
    "ưa": _OPEN,
    "uya": _OPEN,
}
_GLIDE_FINAL = (
    "ai ao au ay âu ây eo êu iu oi ôi ơi ui ưi ưu iêu yêu oai oay oao oeo uây uôi ươi ươu uyu"
)
RHYMES: dict[str, tuple[str, ...]] = {
    **_RHYMES_TEXT,
    **{cluster: _OPEN for cluster in _GLIDE_FINAL.split()},
}
CODAS = tuple(sorted({c for codas in RHYMES.values() for c in codas if c}, key=len, reverse=True))
_STOP_CODAS = frozenset({"c", "ch", "p", "t"})
# Combining tone marks: huyền, sắc, hỏi, ngã, nặng.
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_STOP_TONES = frozenset({2, 5})  # sắc, nặng
_WORD_RE = re.compile(r"[^\W\d_]+")


def _split_tone(word: str) -> tuple[str, list[int]]:
    """Return (the word without tone marks, NFC; the tones found)."""
    tones = []
    kept = []
    for ch in unicodedata.normalize("NFD", word):
        tone = _TONES.get(ch)
        if tone is None:
            kept.append(ch)
        else:
            tones.append(tone)
    return unicodedata.normalize("NFC", "".join(kept)), tones


@lru_cache(maxsize=32768)  # syllables recur on every page
def is_syllable(word: str) -> bool:
    """Tell whether `word` is spelled as one Vietnamese syllable (lower, Title or UPPER case)."""
    if not (word.islower() or word.isupper() or (word[:1].isupper() and word[1:].islower())):
        return False
    bare, tones = _split_tone(word.lower())
    if len(tones) > 1:
        return False
    tone = tones[0] if tones else 0
    for onset in (*ONSETS, ""):
        if not bare.startswith(onset):
            continue
        rest = bare[len(onset) :]
        if onset == "gi" and rest and rest[0] not in "aăâeêoôơuư":
            rest = bare[1:]  # "gì", "gìn": the i is the vowel
        elif not rest and onset == "gi":
            rest = "i"
        for coda in (*CODAS, ""):
            if coda and not rest.endswith(coda):
                continue
            cluster = rest[: len(rest) - len(coda)]
            codas = RHYMES.get(cluster)
            if codas is None and onset == "qu" and cluster[:1] != "u":
                codas = RHYMES.get("u" + cluster)  # "quy", "quyết": qu carries the medial
            if codas is None or coda not in codas:
                continue
            if coda in _STOP_CODAS and tone not in _STOP_TONES:
                continue
            return True
    return False


def syllable_share(text: str, *, limit: int = 400) -> tuple[float, int]:
    """Return (share of words spelled as Vietnamese syllables, words judged), on `limit` words.

    Words are runs of letters; words of one letter are skipped (initials, list markers).
    """
    good = total = 0
    for m in _WORD_RE.finditer(text):
        word = m.group()
        if len(word) < 2:
            continue
        total += 1
        good += is_syllable(word)
        if total >= limit:
            break
    return (good / total if total else 1.0), total
