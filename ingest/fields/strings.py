"""Text helpers of the rules: aligned folding, numbers, sentences and quotes.

Matching is done on an accent-free, lowercase copy of each text that keeps the original
character offsets (``fold_aligned``), so values are always cut from the original text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from functools import lru_cache

from ingest.text import NUM_WORDS_FOLDED as NUMBER_WORDS  # number words, folded
from ingest.text import ParsedNumber, fold
from ingest.text import find_numbers as _find_numbers_uncached

QUOTE_MAX = 300


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c.isspace():
        return " "
    f = fold(c)
    return f if len(f) == 1 else c.lower()[:1] or " "


class _FoldCharTable(dict):
    """``str.translate`` table: code point -> ``_fold_char`` of it, filled in on first use.

    Every character maps to exactly one character, so translating keeps offsets, like
    ``"".join(_fold_char(c) for c in s)`` does, at C speed.
    """

    def __missing__(self, cp: int) -> str:
        out = _fold_char(chr(cp))
        if len(self) < 8192:  # bounded, like _fold_char's cache: odd characters are not kept
            self[cp] = out
        return out


_FOLD_CHAR_TABLE = _FoldCharTable()


def fold_aligned(s: str) -> str:
    """Return fold(s) character by character, so offsets in the result are offsets in ``s``."""
    return s.translate(_FOLD_CHAR_TABLE)


# Numbers and sentence spans found per text while one document is extracted: the rules look at
# the same cells and blocks several times. Lives only for one `extract` call (a context
# variable: thread-safe); the memoised lists are only read.
_MEMO: ContextVar[dict[tuple[str, str], list] | None] = ContextVar("_MEMO", default=None)


@contextmanager
def remembering() -> Iterator[None]:
    """Remember numbers and sentence spans per text until the block ends (one document)."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def _memoised(kind: str, text: str, compute: Callable[[str], list]) -> list:
    """Return ``compute(text)``, remembered under (kind, text) during one document's extraction."""
    memo = _MEMO.get()
    if memo is None:
        return compute(text)
    found = memo.get((kind, text))
    if found is None:
        found = memo[(kind, text)] = compute(text)
    return found


def find_numbers(text: str) -> list[ParsedNumber]:
    """Return ``ingest.text.find_numbers(text)``, memoised during one document's extraction.

    A number restated in brackets ("175 (một trăm bảy mươi lăm) tin, bài", "02 (hai) cuộc")
    spans the brackets too, so that the counted noun follows it.
    """
    return _memoised("numbers", text, _numbers_with_restatement)


_RESTATED = re.compile(r"\s*\(([^()]{1,60})\)")


def _numbers_with_restatement(text: str) -> list[ParsedNumber]:
    nums = _find_numbers_uncached(text)
    if "(" not in text:
        return nums
    out = []
    for n in nums:
        m = _RESTATED.match(text, n.end)
        if m and _restates(m.group(1), n.value):
            n = replace(n, end=m.end(), text=text[n.start : m.end()])
        out.append(n)
    return out


def _restates(inner: str, value: int | float) -> bool:
    """Return True when ``inner`` writes ``value`` again: in number words or in digits."""
    words = fold(inner).split()
    if not words:
        return False
    if all(w in NUMBER_WORDS for w in words):
        # One word alone ("hai") is not parsed without a counted noun after it.
        found = _find_numbers_uncached(inner)
        return not found or found[0].value == value
    found = _find_numbers_uncached(inner)
    return len(found) == 1 and found[0].value == value and found[0].text.strip() == inner.strip()


HAS_DIGIT = re.compile(r"\d")
HAS_WORD_CHAR = re.compile(r"\w")
_SLASH_DIGIT = re.compile(r"/\s*\d")

# OCR debris around a count. Scanned tables give "2g/" for "257", "_057", "25|": a digit misread as
# a letter or a symbol, glued to the digits that were read. Only blanks and ordinary punctuation
# may touch a count's digits; letters right after them only when they spell a counted noun run
# together ("02cuộc", "257tin"). A wrong count passes review, a missing one is flagged: such a
# number is not read at all.
# Also any blank. find_numbers skips digits after a letter or "/.,:"; ":" stands before ratios.
_CLEAN_BEFORE = frozenset('(["“‘:-–—•')
_CLEAN_AFTER = frozenset(')],.;:%"”’-–—(…')  # also any blank
_GLUED_NOUNS = frozenset(["tin", "bai", "cuoc", "lan", "buoi", "luot", "vu", "yeu", "ky", "phien"])
_LETTERS_AT = re.compile(r"[^\W\d_]+")


def glued(text: str, start: int, end: int) -> bool:
    """Return True when the digits at text[start:end] touch OCR debris (see _CLEAN_BEFORE)."""
    if start > 0 and (c := text[start - 1]) not in _CLEAN_BEFORE and not c.isspace():
        return True
    if end < len(text) and (c := text[end]) not in _CLEAN_AFTER and not c.isspace():
        if not c.isalpha():
            return True
        m = _LETTERS_AT.match(text, end)
        return m is None or fold(m.group()).lower() not in _GLUED_NOUNS
    return False


def clean_number(text: str, n: ParsedNumber) -> bool:
    """Return False for a number in digits glued to OCR debris ("2g/", "_057"); number words are
    whole words already."""
    return not (HAS_DIGIT.search(n.text) and glued(text, n.start, n.end))


def count_numbers(text: str) -> list[ParsedNumber]:
    """Return the numbers of ``text`` that may count something: no dates, no document numbers
    ("30/8/2019", "29/2019/QĐ-UBND"), no digits glued to OCR debris."""
    out = []
    for n in find_numbers(text):
        before, after = text[max(0, n.start - 1) : n.start], text[n.end : n.end + 2]
        if before == "/" or _SLASH_DIGIT.match(after):
            continue
        if not clean_number(text, n):  # "đăng 2g/ tin": an OCR misreading, no count
            continue
        out.append(n)
    return out


def squash(s: str) -> str:
    return " ".join(s.split())


def cite(s: str) -> str:
    s = squash(s)
    return s if len(s) <= QUOTE_MAX else s[: QUOTE_MAX - 1].rstrip() + "…"


def cap_first(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


# Where a sentence ends and the next one begins with a capital (";" ends none).
NEXT_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ỸĐ])")
_SENT_SPLIT = re.compile(r"(?<=[.!?;])\s+(?=[\"“(]?[A-ZÀ-ỸĐ0-9*-])|\n+")


def sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences (and ';' clauses) of a block."""
    return _memoised("sentences", text, _split_sentences)


def _split_sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENT_SPLIT.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


# A list item's marker: a bullet, "1.", "a)", "iv." (on folded text or text as written).
MARKER = re.compile(r"^\s*(?:[-+•*–—·>]+|\(?\d+[.)]|\(?[a-zđ][.)]|[ivx]+[.)])\s*")


def clean_item(text: str) -> str:
    """Return a list item without its markers ("- a) ...") and with blanks squashed."""
    t = text.strip()
    for _ in range(2):
        t = MARKER.sub("", t, count=1).strip()
    return squash(t)


def continues(previous: str, line: str) -> bool:
    """Return True when ``line`` goes on with the item in ``previous`` (a broken line)."""
    stripped = line.strip()
    if MARKER.match(stripped) and MARKER.match(stripped).end() > 0:
        return False
    return stripped[:1].islower() or (
        not previous.rstrip().endswith((".", ";", "!", "?", ":")) and not stripped[:1].isupper()
    )
