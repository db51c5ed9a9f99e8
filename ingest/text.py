"""Vietnamese text layer: NFC, legacy font encodings (TCVN3/ABC, VNI-Windows), folding, numbers.

Everything here is pure stdlib and safe to call on every block of every document.

Legacy encodings
----------------
Old offices typed Vietnamese with 8-bit fonts. Word stores each typed byte as the Unicode code
point that byte has in Windows-1252, so a DOCX written in ".VnTime" holds "B¸o c¸o" for
"Báo cáo". The tables below are the published TCVN 5712:1993 tables (cross-checked against the
glibc/XFree86 TCVN-5712 converter and several public converters):

* TCVN3 (ABC, fonts ".VnTime", ".VnArial", ...) is the VN3 subset: one code per lowercase letter
  with tone plus the capitals Ă Â Ê Ô Ơ Ư Đ. Capitals with tone marks do not exist in it. Typists
  used the matching "H" font (".VnTimeH", ".VnArialH", ...), whose glyphs for the same codes are
  capitals. Byte 0xAD is "ư" (stored as U+00AD, the soft hyphen).
  `decode_legacy` additionally understands the capitals of the full VN1 table (bytes 0x80-0x9F and
  a few Latin-1 positions the VN3 fonts leave empty), in both their raw latin-1 form (U+0080-U+009F)
  and their Windows-1252 form ("€", "ƒ", "Š", ...), except the cp1252 punctuation ‘ ’ “ ” • – — …
  which in a Word file is far more likely real punctuation than VN1 capitals. The low control
  bytes VN1 uses for some capitals are never decoded (.doc files use 0x13-0x15 as field marks).
* VNI-Windows (fonts "VNI-Times", "VNI-Helve", ...) writes most letters as base letter + a mark
  character ("Vieät" = "Việt"), a few as single characters ("ñ" = "đ", "ô" = "ơ", "ö" = "ư"); its
  decoder matches the two-character sequences first.

`encode_legacy` is the inverse used by the sample generator. For TCVN3, a capital letter with a
mark that VN3 lacks is written with the lowercase code, exactly as ABC/Vietkey/Unikey did: the text
must then be set in the H font to show as a capital, and decodes with `capitals=True`.
So `decode_legacy(encode_legacy(s, "tcvn3"), "tcvn3") == nfc(s)` holds for text whose only capitals
are ASCII letters or Ă Â Ê Ô Ơ Ư Đ, and `decode_legacy(encode_legacy(S, "tcvn3"), "tcvn3",
capitals=True) == nfc(S)` for all-capital text; VNI round-trips every letter in both cases.

Detection (`detect_legacy`) looks at font names first, then at word statistics: a word "gains"
when it is not a well-formed Vietnamese syllable as written but becomes one after decoding
("B¸o" -> "Báo", "KÕt" -> "Kết", "Vieät" -> "Việt"). Text that is already Unicode Vietnamese has
no such words (its words are already syllables, and it contains letters outside Latin-1 such as
"ệ" or "ư" that no legacy encoding produces), so it is never decoded; neither is ASCII or NFD text.
The same rule makes `normalize_text` idempotent: decoded text is never decoded again, even when the
block still names a legacy font (the DOCX reader decodes runs, then `read()` normalises the blocks
again). One case has no evidence either way: a legacy font is named and the text holds only letters
that are both legacy codes and Unicode letters ("tèt" is TCVN3 for "tốt"; "Báo cáo" may be decoded
already). There the reading with more frequent syllables (`_COMMON_SYLLABLES`) wins, ties keep the
text. A block that mixes ".VnTime" and ".VnTimeH" keeps the lowercase reading: which letters were
capitals is lost once runs are joined. In TCVN3 blocks, "ng-êi" (PDF text layers name byte 0xAD
"hyphen") becomes "người" when the hyphen sits inside what is otherwise one syllable; so do the
other look-alikes PDF layers give for TCVN3 codes (`_PDF_ALIASES`: U+2212 for "ư", U+2219 for
"ã", ...), also in text a PDF reader decoded before ("ng\u2212ời" -> "người").

A legacy block is decoded word by word: a word that is Vietnamese only in the other encoding is
read in that one (Word 97 files typed partly in TCVN3, partly in VNI under one font name), and a
word whose capitals surround TCVN3's lowercase codes is a capital word ("PHầN" -> "PHẦN"; TCVN3
has no codes for capitals with marks, the H font drew them). A title-case word between such
capital words of one line joins them ("Bé NéI Vô" -> "BỘ NỘI VỤ"); next to an ASCII acronym it
does not ("UBND Hµ Néi" -> "UBND Hà Nội").

Every example of the brief agrees with the standard tables ("B¸o c¸o", "KÕt qu¶", "Céng hoµ x· héi
chñ nghÜa ViÖt Nam", "§éc lËp - Tù do - H¹nh phóc", "ng\u00adêi ph¸t ng«n", capitals "b¸o c¸o" ->
"BÁO CÁO"; VNI "Vieät Nam", "Thoâng tin", "baùo caùo"); the tests check every letter and tone
against the byte values of the published charts.

Numbers
-------
`find_numbers` reads digits ("01" -> 1, "1.126" -> 1126, "17,8" -> 17.8, "1,126,000" -> 1126000)
and Vietnamese number words ("hai mươi mốt" -> 21, "một trăm linh năm" -> 105), with an
approximation qualifier in front ("hơn", "trên", "gần", "gần như", "khoảng", "xấp xỉ", "ước",
"ước tính", "chừng", "ngót", "dưới"; also without marks: "tren 22"). Choices, all conservative:

* "1,126" (one comma, three digits) is the decimal 1.126: Vietnamese writes decimals with a comma;
  only two or more comma groups ("1,126,000") or "1,126.5" are read as thousands separators.
* A digit group containing "/" or ":" is a date, a time or a document number ("07/12/2020",
  "29/2019/QĐ-UBND", "8:30") and is skipped entirely, as are dotted dates ("07.12.2020").
* A single number word counts only when a counted noun follows ("hai cuộc", "một lần"), so
  "một số", "thứ hai", "quý hai" give nothing; compounds ("hai mươi", "mười lăm") always count.
  "năm" is the word for "year": it is 5 only inside a compound ("năm mươi", "một trăm linh năm")
  or before a counted noun that is not a time word ("năm cuộc", not "năm 2020", "năm nay",
  "năm tháng"); "mười năm" is ten years. "không" is 0 only inside a compound ("không trăm").
* Unaccented number words ("hai cuoc") are read only when the whole input has no diacritics
  (in accented text "sau" is "after", not "sáu"); unaccented "nam" alone is never 5.
* "02 (hai) cuộc" and "hai (02) cuộc" give one number, not two.
* A digit number followed by "trăm", "nghìn"/"ngàn", "triệu" or "tỷ"/"tỉ" is scaled ("2 nghìn").
* `qualifier` is given in its accented lowercase form ("tren 22" -> "trên"). "tới"/"đến" are not
  qualifiers: they end ranges ("từ 01 đến 05") far more often than they mean "up to".

Performance
-----------
Measured on the project machine (2 cores, shared with other jobs, so the low end is under load),
Python 3.11, the seed report repeated to 5.9 MB / 45,000 lines:
fold 12-19 MB/s (str.translate dominates; an NFD + regex variant was slower, ~11 MB/s);
normalize_text on Unicode lines 9-13 MB/s without fonts, 5-9 MB/s when a legacy font is named
(already-decoded text exits early on a regex check); NFD lines 4-8 MB/s; TCVN3 lines 0.7-1.3 MB/s
(word statistics per block; capped at 400 words and stopped early once decisive); find_numbers
2-5 MB/s. A 100 KB report therefore costs a few milliseconds to fold and well under 0.2 s to
decode from TCVN3.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from ingest.document import Document

__all__ = [
    "ParsedNumber",
    "decode_legacy",
    "detect_legacy",
    "encode_legacy",
    "find_numbers",
    "fold",
    "is_capital_legacy_font",
    "nfc",
    "normalize_document",
    "normalize_text",
    "parse_number",
]

Encoding = Literal["tcvn3", "vni"]

# ---------------------------------------------------------------------------------------------
# Vietnamese alphabet
# ---------------------------------------------------------------------------------------------

_VOWELS = "aăâeêioôơuưy"
# Tone order used by every table below: none, huyền, sắc, hỏi, ngã, nặng.
_TONE_MARKS = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def _with_tone(base: str, tone: int) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", base) + _TONE_MARKS[tone])


# _LETTERS[base][tone] -> lowercase NFC letter, e.g. _LETTERS["ê"][2] == "ế"
_LETTERS: dict[str, tuple[str, ...]] = {
    v: tuple(_with_tone(v, t) for t in range(6)) for v in _VOWELS
}
_VN_LOWER = frozenset(
    [c for row in _LETTERS.values() for c in row] + list("bcdđghklmnpqrstvx") + list("fjwz")
)
_VN_LETTERS = frozenset(_VN_LOWER | {c.upper() for c in _VN_LOWER})
_VOWEL_LETTERS = "".join(c for row in _LETTERS.values() for c in row)
_TONED_LOWER = frozenset(c for row in _LETTERS.values() for c in row[1:])
# Letters no legacy 8-bit encoding produces as one character: their presence means Unicode.
_UNICODE_ONLY = frozenset(c for c in _VN_LETTERS if ord(c) > 0xFF) | frozenset(
    chr(cp) for cp in range(0x0300, 0x0370)
)

# ---------------------------------------------------------------------------------------------
# TCVN3 (ABC) table
# ---------------------------------------------------------------------------------------------

# Per vowel: the codes (as latin-1 characters) for none, huyền, sắc, hỏi, ngã, nặng.
_TCVN3_ROWS = {
    "a": "aµ¸¶·¹",
    "ă": "¨»¾¼½Æ",
    "â": "©ÇÊÈÉË",
    "e": "eÌÐÎÏÑ",
    "ê": "ªÒÕÓÔÖ",
    "i": "i×ÝØÜÞ",
    "o": "oßãáâä",
    "ô": "«åèæçé",
    "ơ": "¬êíëìî",
    "u": "uïóñòô",
    "ư": "\xadõøö÷ù",
    "y": "yúýûüþ",
}
_TCVN3_SINGLE = {"đ": "®", "Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§"}
# VN1 capitals with marks (TCVN 5712:1993 full table), by byte. Only decoded, never produced.
_TCVN3_VN1_CAPITALS = {
    0x80: "À", 0x81: "Ả", 0x82: "Ã", 0x83: "Á", 0x84: "Ạ", 0x85: "Ặ", 0x86: "Ậ", 0x87: "È",
    0x88: "Ẻ", 0x89: "Ẽ", 0x8A: "É", 0x8B: "Ẹ", 0x8C: "Ệ", 0x8D: "Ì", 0x8E: "Ỉ", 0x8F: "Ĩ",
    0x90: "Í", 0x91: "Ị", 0x92: "Ò", 0x93: "Ỏ", 0x94: "Õ", 0x95: "Ó", 0x96: "Ọ", 0x97: "Ộ",
    0x98: "Ờ", 0x99: "Ở", 0x9A: "Ỡ", 0x9B: "Ớ", 0x9C: "Ợ", 0x9D: "Ù", 0x9E: "Ủ", 0x9F: "Ũ",
    0xAF: "Ằ", 0xBA: "Ẳ", 0xBF: "Ẵ", 0xC0: "Ắ", 0xC1: "Ầ", 0xC2: "Ẩ", 0xC3: "Ẫ", 0xC4: "Ấ",
    0xC5: "Ề", 0xCD: "Ể", 0xD9: "Ễ", 0xDA: "Ế", 0xDB: "Ồ", 0xE0: "Ổ", 0xF0: "Ỗ", 0xFF: "Ố",
}  # fmt: skip
# cp1252 characters for bytes 0x80-0x9F that are ordinary punctuation in a Word file.
_CP1252_PUNCT = frozenset("‘’“”•–—…")
# What some TCVN3 codes become in PDF text layers. A PDF font maps each byte to a glyph name
# (WinAnsi: 0xAD "hyphen", 0xB5 "mu", 0xB7 "periodcentered", 0xAF "macron") and an extractor maps
# that name back to Unicode; the Adobe Glyph List gives these names a second code point
# (AGL "double mapped glyphs", adobe-type-tools/afdko: mu 00B5/03BC, periodcentered 00B7/2219,
# macron 00AF/02C9, hyphen 002D/00AD). Producers that rebuild ToUnicode from a Windows font's
# cmap give "minus" U+2212 for 0xAD (seen in e-office PDFs, issue 16). "-" for 0xAD is repaired
# separately (`_repair_u_horn`): it is also a real hyphen. Each alias stands for its letter only
# inside a word that becomes a Vietnamese syllable with it ("ng\u2212ời" -> "người").
_PDF_ALIASES = {
    "\u2212": "\xad",  # minus -> 0xAD "ư"
    "\u2219": "\xb7",  # bullet operator (periodcentered) -> 0xB7 "ã"
    "\u03bc": "\xb5",  # Greek mu (mu) -> 0xB5 "à"
    "\u02c9": "\xaf",  # modifier macron (macron) -> 0xAF, VN1 "Ằ"
}


def _build_tcvn3() -> tuple[dict[int, str], dict[int, str]]:
    encode: dict[str, str] = {}
    for base, codes in _TCVN3_ROWS.items():
        for tone, code in enumerate(codes):
            letter = _LETTERS[base][tone]
            if letter != code:
                encode[letter] = code
            # VN3 has no capitals with marks: the H font draws the lowercase code as a capital.
            # ASCII codes need nothing ("A" stays "A"); "Ý" must become "ý": "Ý" is the code of "í".
            upper = letter.upper()
            if upper not in _TCVN3_SINGLE and not code.isascii():
                encode.setdefault(upper, code)
    encode.update(_TCVN3_SINGLE)
    decode: dict[str, str] = {code: letter for letter, code in encode.items() if letter.islower()}
    decode.update({code: letter for letter, code in _TCVN3_SINGLE.items()})
    for byte, capital in _TCVN3_VN1_CAPITALS.items():
        decode.setdefault(chr(byte), capital)  # raw latin-1 form (also U+0080-U+009F)
        if 0x80 <= byte <= 0x9F:
            try:
                as1252 = bytes([byte]).decode("cp1252")
            except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: Word keeps U+0081...
                continue
            if as1252 not in _CP1252_PUNCT:
                decode[as1252] = capital
    return (
        {ord(k): v for k, v in decode.items()},
        {ord(k): v for k, v in encode.items()},
    )


_TCVN3_DECODE, _TCVN3_ENCODE = _build_tcvn3()

# ---------------------------------------------------------------------------------------------
# VNI-Windows table
# ---------------------------------------------------------------------------------------------

# Per vowel: lowercase VNI spelling for none, huyền, sắc, hỏi, ngã, nặng.
_VNI_ROWS = {
    "a": ("a", "aø", "aù", "aû", "aõ", "aï"),
    "ă": ("aê", "aè", "aé", "aú", "aü", "aë"),
    "â": ("aâ", "aà", "aá", "aå", "aã", "aä"),
    "e": ("e", "eø", "eù", "eû", "eõ", "eï"),
    "ê": ("eâ", "eà", "eá", "eå", "eã", "eä"),
    "i": ("i", "ì", "í", "æ", "ó", "ò"),
    "o": ("o", "oø", "où", "oû", "oõ", "oï"),
    "ô": ("oâ", "oà", "oá", "oå", "oã", "oä"),
    "ơ": ("ô", "ôø", "ôù", "ôû", "ôõ", "ôï"),
    "u": ("u", "uø", "uù", "uû", "uõ", "uï"),
    "ư": ("ö", "öø", "öù", "öû", "öõ", "öï"),
    "y": ("y", "yø", "yù", "yû", "yõ", "î"),
}


def _build_vni() -> tuple[dict[int, str], dict[str, str]]:
    encode: dict[str, str] = {"đ": "ñ", "Đ": "Ñ"}
    for base, spellings in _VNI_ROWS.items():
        for tone, spelling in enumerate(spellings):
            letter = _LETTERS[base][tone]
            if letter != spelling:
                encode[letter] = spelling
                encode[letter.upper()] = spelling.upper()
    decode: dict[str, str] = {}
    for letter, spelling in encode.items():
        decode[spelling] = letter
    # Spellings VNI software also produced: "i" + tone mark, "y" + nặng, and 0x9F/0xFF for Ỵ/ỵ.
    for tone, mark in enumerate("øùûõï", start=1):
        decode["i" + mark] = _LETTERS["i"][tone]
        decode["I" + mark.upper()] = _LETTERS["i"][tone].upper()
    decode.update({"yï": "ỵ", "YÏ": "Ỵ", "ÿ": "ỵ", "Ÿ": "Ỵ", "\x9f": "Ỵ"})
    for spelling, letter in list(decode.items()):
        if len(spelling) == 2:
            # Word's "change case" and hand edits mix cases; the base letter decides the case.
            b, m = spelling
            decode.setdefault(b + m.swapcase(), letter)
    return {ord(k): v for k, v in encode.items()}, decode


_VNI_ENCODE, _VNI_DECODE = _build_vni()
_ALIAS_RE = re.compile("[" + "".join(_PDF_ALIASES) + "]")
_SYMBOL_ALIAS_RE = re.compile("[" + "".join(a for a in _PDF_ALIASES if not a.isalpha()) + "]")
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(_VNI_DECODE, key=len, reverse=True)))

# ---------------------------------------------------------------------------------------------
# Basic normalisation and folding
# ---------------------------------------------------------------------------------------------


def nfc(s: str) -> str:
    """Return `s` in Unicode NFC (composed) form."""
    if unicodedata.is_normalized("NFC", s):
        return s
    return unicodedata.normalize("NFC", s)


_ZERO_WIDTH = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u180e"


def _build_fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for cp in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        ch = chr(cp)
        d = unicodedata.normalize("NFD", ch)
        if len(d) > 1 and d[0].isascii() and d[0].isalpha():
            table[cp] = d[0].lower()
    for ch in "đĐðÐ":  # OCR reads "Đ" as the look-alike "Ð" (eth)
        table[ord(ch)] = "d"
    table[0x2044] = "/"  # OCR reads "/" as the fraction slash: "V⁄v", "1⁄2"
    for cp in range(0x0300, 0x0370):  # combining marks: NFD input folds like NFC input
        table[cp] = None
    for ch in _ZERO_WIDTH + "\u00ad":
        table[ord(ch)] = None
    return table


_FOLD_TABLE = _build_fold_table()


def fold(s: str) -> str:
    """Return `s` lowercased without diacritics ("Đ" -> "d"), whitespace collapsed, stripped.

    For accent-insensitive matching: fold("Báo  cáo\\n") == fold("bao cao") == "bao cao".
    NFC and NFD Latin/Vietnamese text fold alike (combining marks are dropped, so no NFC pass is
    needed); zero-width characters and soft hyphens are dropped. Idempotent.
    """
    return " ".join(s.lower().translate(_FOLD_TABLE).split())


# ---------------------------------------------------------------------------------------------
# Font names
# ---------------------------------------------------------------------------------------------

_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
_STYLE_SUFFIX = re.compile(
    r"[,\-](?:bold|italic|bolditalic|boldoblique|oblique|regular|normal|roman|medium|"
    r"semibold|light|mt|ps|psmt)+$",
    re.IGNORECASE,
)
_VNI_FONT = re.compile(r"^vni[-_ ]?[a-z]", re.IGNORECASE)
# ABC fonts are named ".Vn..."; PDF producers sometimes drop the dot.
_TCVN3_FONT = re.compile(
    r"^(?:\.vn|vn(?:arial|avant|helvet|book|centur|courier|univer|souvenir|bahama|black|"
    r"bodon|clarendon|commercial|cooper|free|gothic|lucida|linus|present|shelley|swiss|aptima|"
    r"ariston|bangkok|mystical|platin|revue|stamp|tifani|tim))",
    re.IGNORECASE,
)


@lru_cache(maxsize=1024)  # font names recur in every file of an office
def _clean_font(font: str) -> str:
    name = _SUBSET_PREFIX.sub("", font.strip())
    prev = None
    while prev != name:
        prev = name
        name = _STYLE_SUFFIX.sub("", name).strip()
    return name


@lru_cache(maxsize=1024)  # font names recur in every file of an office
def _font_encoding(font: str) -> Encoding | None:
    name = _clean_font(font)
    if _VNI_FONT.match(name):
        return "vni"
    if _TCVN3_FONT.match(name):
        return "tcvn3"
    return None


@lru_cache(maxsize=1024)  # font names recur in every file of an office
def is_capital_legacy_font(font: str) -> bool:
    """Return True for TCVN3 fonts that draw every code as a capital (".VnTimeH", ".VnArialH")."""
    name = _clean_font(font)
    return _font_encoding(name) == "tcvn3" and name.rstrip().endswith("H")


# ---------------------------------------------------------------------------------------------
# Decoding / encoding
# ---------------------------------------------------------------------------------------------


def decode_legacy(text: str, encoding: str, *, capitals: bool = False) -> str:
    """Convert TCVN3 ("tcvn3") or VNI-Windows ("vni") mojibake to Unicode NFC.

    `capitals=True` is for TCVN3 text set in an H font (".VnTimeH"): the result is uppercased.
    """
    if encoding == "tcvn3":
        out = text.translate(_TCVN3_DECODE)
        if _ALIAS_RE.search(out):
            out = _repair_aliases(out)
    elif encoding == "vni":
        out = _VNI_RE.sub(lambda m: _VNI_DECODE[m.group()], text)
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}: use 'tcvn3' or 'vni'")
    if capitals:
        out = out.upper()
    return nfc(out)


def encode_legacy(text: str, encoding: str) -> str:
    """Convert Unicode text to what Word shows for it in a TCVN3 or VNI-Windows font.

    Capitals with marks that TCVN3 lacks get the lowercase code (set such text in the H font).
    Characters outside the Vietnamese alphabet are left as they are.
    """
    s = nfc(text)
    if encoding == "tcvn3":
        return s.translate(_TCVN3_ENCODE)
    if encoding == "vni":
        return s.translate(_VNI_ENCODE)
    raise ValueError(f"unknown legacy encoding {encoding!r}: use 'tcvn3' or 'vni'")


# ---------------------------------------------------------------------------------------------
# Detection
# ---------------------------------------------------------------------------------------------

# Characters that are legacy codes but never letters of Unicode Vietnamese.
_TCVN3_STRONG = frozenset(chr(c) for c in _TCVN3_DECODE) - _VN_LETTERS
_VNI_STRONG_SINGLE = frozenset("ñÑöÖæÆîÎ")
# A VNI mark right after a vowel; the marks that also follow vowels in Unicode ("hoà", "quá")
# are left out.
_VNI_PAIR = "(?i:[aeo]â|aê|[aeiouy][ùøûõïäåëüú])"
_SUSPECT_RE = re.compile(
    "["
    + re.escape("".join(sorted(_TCVN3_STRONG | _VNI_STRONG_SINGLE | set(_PDF_ALIASES))))
    + "]|"
    + _VNI_PAIR
    + "|(?<=[A-Za-z])[ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ](?=[a-z])"
)
_TOKEN_RE = re.compile(r"[^\s!-@\[-`{-~\u2010-\u2027\u2030-\u205e]+")
_SYLLABLE_RE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    rf"([{_VOWEL_LETTERS}]{{1,3}})(?:ch|ng|nh|[cmnpt])?"
)


# Vowel clusters of Vietnamese syllables, without tone marks (after the onsets "qu" and "gi").
_NUCLEI_TEXT = """
a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iu iê oa oă oe oi ôi ơi ua uâ uê ui uô uơ
uy ưa ưi ưu ươ yê iêu yêu oai oay oeo uây uôi ươi ươu uyê uya uyu
"""
_NUCLEI = frozenset(_NUCLEI_TEXT.split())
_UNTONE = {c: base for base, row in _LETTERS.items() for c in row}


def _is_syllable(token: str, *, check_case: bool) -> bool:
    """Return True if `token` is spelled like one Vietnamese syllable (case pattern optional)."""
    if check_case and not (
        token.islower() or token.isupper() or (token[0].isupper() and token[1:].islower())
    ):
        return False
    m = _SYLLABLE_RE.fullmatch(token.lower())
    if not m:
        return False
    vowels = m.group(1)
    if sum(c in _TONED_LOWER for c in vowels) > 1:
        return False
    return "".join(_UNTONE[c] for c in vowels) in _NUCLEI


@dataclass
class _Stats:
    unicode_words: int = 0  # words with letters no legacy encoding has
    bad_words: int = 0  # non-ASCII words that are not syllables as written
    tcvn3: int = 0  # bad words that become syllables when decoded as TCVN3
    vni: int = 0
    tcvn3_strong: int = 0  # characters only TCVN3 mojibake has
    vni_strong: int = 0
    tcvn3_solid: int = 0  # gaining words of 2+ characters with an ASCII letter ("KÕt", "Vieät")
    vni_solid: int = 0
    longest_solid: int = 0

    def gain(self, enc: Encoding) -> int:
        return self.tcvn3 if enc == "tcvn3" else self.vni

    def strong(self, enc: Encoding) -> int:
        return self.tcvn3_strong if enc == "tcvn3" else self.vni_strong


# Statistics need a sample, not a census: long texts are judged on their first words.
_MAX_WORDS = 400
_VNI_CODE_RE = re.compile(
    "[" + re.escape("".join(sorted({c for k in _VNI_DECODE for c in k if not c.isascii()}))) + "]"
)
_UNICODE_ONLY_RE = re.compile("[" + "".join(sorted(_UNICODE_ONLY)) + "]")
_TCVN3_STRONG_RE = re.compile("[" + re.escape("".join(sorted(_TCVN3_STRONG))) + "]")
_VNI_PAIR_RE = re.compile(_VNI_PAIR)
_VNI_STRONG_RE = re.compile("[" + "".join(sorted(_VNI_STRONG_SINGLE)) + "]|" + _VNI_PAIR)
# Stop counting once this many odd words all tell the same story.
_DECISIVE = 24


def _decisive(st: _Stats) -> bool:
    gain = max(st.tcvn3, st.vni)
    return st.unicode_words == 0 and gain >= _DECISIVE * 3 // 4 and gain * 4 >= st.bad_words * 3


@lru_cache(maxsize=16384)  # words recur in every block and every file (a few thousand syllables)
def _token_facts(tok: str) -> tuple[bool, int, int, bool, bool, bool, bool]:
    """Return what `_stats` counts for one non-ASCII word.

    (Unicode-only letters, TCVN3-only characters, VNI-only characters, a syllable as written,
    a syllable once decoded as TCVN3, once decoded as VNI, mixes ASCII letters with codes.)
    """
    if _UNICODE_ONLY_RE.search(tok):
        return True, 0, 0, False, False, False, False
    tcvn3_strong = len(_TCVN3_STRONG_RE.findall(tok))
    vni_strong = len(_VNI_STRONG_RE.findall(tok))
    if _is_syllable(tok, check_case=True):
        return False, tcvn3_strong, vni_strong, True, False, False, False
    gains = []
    for enc in ("tcvn3", "vni"):
        if enc == "vni" and not _VNI_CODE_RE.search(tok):
            gains.append(False)
            continue
        dec = decode_legacy(tok, enc)
        gains.append(dec != tok and dec.isalpha() and _is_syllable(dec, check_case=False))
    solid = len(tok) >= 2 and any(c.isascii() for c in tok)
    return False, tcvn3_strong, vni_strong, False, gains[0], gains[1], solid


def _stats(text: str) -> _Stats:
    st = _Stats()
    seen = 0
    for m in _TOKEN_RE.finditer(text):
        tok = m.group()
        if tok.isascii():
            continue
        seen += 1
        if seen > _MAX_WORDS or (seen > _DECISIVE and _decisive(st)):
            break
        unicode_only, tcvn3_strong, vni_strong, syllable, tcvn3, vni, solid = _token_facts(tok)
        if unicode_only:
            st.unicode_words += 1
            continue
        st.tcvn3_strong += tcvn3_strong
        st.vni_strong += vni_strong
        if syllable:
            continue
        st.bad_words += 1
        if tcvn3:
            st.tcvn3 += 1
            if solid:
                st.tcvn3_solid += 1
                st.longest_solid = max(st.longest_solid, len(tok))
        if vni:
            st.vni += 1
            if solid:
                st.vni_solid += 1
                st.longest_solid = max(st.longest_solid, len(tok))
    return st


def _stats_encoding(st: _Stats) -> Encoding | None:
    best: Encoding = "tcvn3" if st.tcvn3 >= st.vni else "vni"
    gain = st.gain(best)
    if gain <= st.unicode_words:
        return None
    # Symbols alone ("©", "¶", "«") decode to one-letter words: at least one word must mix ASCII
    # letters with legacy codes ("B¸o", "Vieät"); a single such word suffices only when it is the
    # whole story (the only odd word, and not a three-letter accident such as "x·y").
    solid = st.tcvn3_solid if best == "tcvn3" else st.vni_solid
    if solid == 0:
        return None
    if gain < 2 and not (st.bad_words == 1 and st.longest_solid >= 4):
        return None
    if gain * 2 < st.bad_words:  # most odd words must make sense once decoded
        return None
    return best


# Frequent syllables of administrative Vietnamese. Used only to break a tie: a legacy font is
# named, yet the text has no legacy-only character and no word that needs decoding ("tèt" is
# TCVN3 for "tốt", "Báo cáo" is Unicode that was decoded earlier). The reading with more
# frequent syllables wins; ties keep the text as it is.
_COMMON_TEXT = """
    à á ạ ai an anh ánh ảnh ăn âm ấy ba bà bài bàn ban bản bảo báo bằng bắt bên bị biên biết
    biểu bình bổ bộ bởi cả các cách cải cán cao cáo cấp cập cầu có cô cố công cơ của cùng cũng
    cụ cục cung cuộc cứu chánh chào chất châu chế chỉ chí chính cho chọn chủ chúng chức chung
    chuyên chương chưa dân dẫn đã đại đàn đang đảng đánh đào đạo đạt đầu đây đề để đến đều địa
    điểm điện định đoàn đó độ đối đồng đội đơn đủ đúng được gì gia giá giải giám giao giáo giới
    giúp gửi hà hạ hai hàng hành hạn hay hằng hệ hiện hiểu hình họ hóa hoá học hỏi hội hơn hợp
    huyện hướng khác khai khi kiến kiểm kinh kỳ kế kết khăn khẩn khu khoa khó không lại làm lãnh
    lần lập lê lên lịch liên lo loại lớn lực lượng lý mà mạng mặt mới mỗi một mục năm nào này
    nay nâng ngày nghị nghiệp ngoài người nguyên nhà nhân nhận nhật nhất nhiều như nhưng những
    nội nói nông nước phải phát pháp phần phía phó phòng phố phối phong phú phục phương quá quan
    quản quả quy quyết quyền qua quốc rà rất rõ ra sách sản sẽ số sở sự sau tác tài tại tạo tăng
    tâm tập tế thành thanh thân thể theo thì thiết thị thông thống thời thu thủ thuộc thực
    thường tiến tiếp tin tình tỉnh tịch toàn tổ tốt tới tra trả trách trang trên trình trong
    trọng trung trực truyền trưởng từ tục tuy tư tức tuyên vào văn vẫn vấn về vị việc viên
    viết vụ vực vừa và với xã xây xử xuất ý yêu
"""
_COMMON_SYLLABLES = frozenset(_COMMON_TEXT.split())


def _common_count(text: str) -> int:
    return sum(m.group().lower() in _COMMON_SYLLABLES for m in _TOKEN_RE.finditer(text))


def _fonts_encoding(fonts: Iterable[str]) -> Encoding | None:
    found: Encoding | None = None
    for f in fonts:
        enc = _font_encoding(f)
        if enc == "vni":
            return "vni"
        found = found or enc
    return found


def detect_legacy(text: str, fonts: Iterable[str] = ()) -> Literal["tcvn3", "vni"] | None:
    """Return the legacy encoding `text` is written in, or None for Unicode/ASCII text.

    Font names decide first (".VnTime" -> "tcvn3", "VNI-Times" -> "vni") unless the text is
    clearly already Unicode (decoded earlier, or retyped without changing the font); otherwise
    word statistics decide, and they need at least two words that only make sense decoded.
    """
    by_font = _fonts_encoding(fonts)
    if by_font is not None:
        if text.isascii():
            return by_font  # nothing to decode, but an H font still means capitals
        if not _SUSPECT_RE.search(text) and _UNICODE_ONLY_RE.search(text):
            return None  # Unicode letters and no legacy code: decoded already
        st = _stats(text)
        other = _stats_encoding(st)
        if other is not None and st.gain(other) > st.gain(by_font):
            return other  # the font name is wrong (e.g. VNI text in a ".VnTime" run)
        if st.unicode_words:
            return by_font if st.gain(by_font) > st.unicode_words else None
        if st.gain(by_font) or st.strong(by_font):
            return by_font
        if _common_count(decode_legacy(text, by_font)) > _common_count(text):
            return by_font
        return None
    if not _SUSPECT_RE.search(text):
        return None
    return _stats_encoding(_stats(text))


# ---------------------------------------------------------------------------------------------
# normalize_text / normalize_document
# ---------------------------------------------------------------------------------------------


def _build_clean_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for cp in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]:
        table[cp] = None
    table[ord("\n")] = "\n"
    table[ord("\t")] = "\t"
    for ch in "\r\x0b\x0c\u2028\u2029\x85":  # line/page breaks become newlines, not glue
        table[ord(ch)] = "\n"
    for ch in _ZERO_WIDTH + "\u00ad":
        table[ord(ch)] = None
    return table


_CLEAN_TABLE = _build_clean_table()
_CLEAN_RE = re.compile(
    "[" + re.escape("".join(chr(c) for c in _CLEAN_TABLE if chr(c) not in "\n\t")) + "]"
)


def _clean(s: str) -> str:
    if "\r\n" in s:
        s = s.replace("\r\n", "\n")
    if _CLEAN_RE.search(s):
        s = s.translate(_CLEAN_TABLE)
    return s


@lru_cache(maxsize=1024)  # font names recur in every file of an office
def _capitals(fonts: tuple[str, ...]) -> bool:
    legacy = [f for f in fonts if _font_encoding(f) == "tcvn3"]
    return bool(legacy) and all(is_capital_legacy_font(f) for f in legacy)


_HYPHENATED_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")


def _repair_u_horn(m: re.Match[str]) -> str:
    parts = m.group().split("-")
    out = parts[0]
    for part in parts[1:]:
        left = out.rsplit("-", 1)[-1]
        u = "Ư" if left[-1:].isupper() and part[:1].isupper() else "ư"
        joined = left + u + part
        lone = _is_syllable(left, check_case=False) and _is_syllable(part, check_case=False)
        if not lone and _is_syllable(joined, check_case=True):
            out = out[: len(out) - len(left)] + joined
        else:
            out += "-" + part
    return out


_ALIAS_WORD_RE = re.compile(
    "[^\\W\\d_]*[" + "".join(_PDF_ALIASES) + "][^\\W\\d_" + "".join(_PDF_ALIASES) + "]*"
)
_ALIAS_LETTER = {ord(alias): _TCVN3_DECODE[ord(code)] for alias, code in _PDF_ALIASES.items()}


def _repair_alias(m: re.Match[str]) -> str:
    word = m.group()
    if len(word) < 2:
        return word  # a lone minus or bullet
    joined = word.translate(_ALIAS_LETTER)
    if word[0].isupper() and word[1:].isupper():
        joined = joined.upper()  # "NG\u2212ỜI" -> "NGƯỜI"
    if _is_syllable(joined, check_case=True) and not _is_syllable(word, check_case=False):
        return joined
    return word


def _repair_aliases(s: str) -> str:
    """Restore TCVN3 letters a PDF text layer gave as look-alike symbols (`_PDF_ALIASES`)."""
    return _ALIAS_WORD_RE.sub(_repair_alias, s)


_OTHER_ENCODING: dict[Encoding, Encoding] = {"tcvn3": "vni", "vni": "tcvn3"}


def _reads(word: str) -> bool:
    return word.isalpha() and _is_syllable(word, check_case=False)


def _tcvn3_capitals(word: str) -> str:
    """Return a TCVN3 reading with its capitals restored: a word whose lowercase letters are all
    TCVN3 codes among two or more capitals ("PHầN", "MụC") is a capital word (TCVN3 has no codes
    for capitals with marks; the H font drew them)."""
    if word.isupper() or word.islower() or sum(c.isupper() for c in word) < 2:
        return word
    if all(c.isupper() or not c.isascii() for c in word if c.isalpha()):
        return word.upper()
    return word


def _cased(word: str) -> bool:
    return word.isalpha() and _is_syllable(word, check_case=True)


@lru_cache(maxsize=16384)  # words recur in every block and every file
def _decode_word(tok: str, enc: Encoding) -> str:
    """Decode one word of a legacy block: by the block's encoding, or by the other one when only
    that reading is Vietnamese (a .doc typed partly in TCVN3, partly in VNI under one font).

    Both readings may be syllables ("tö" is TCVN3 "tử" and VNI "tư"): the block's encoding wins
    unless its reading is wrongly cased and the other's is not ("MôC" is VNI "MơC", TCVN3 "MỤC"),
    or a TCVN3 word has a VNI vowel-and-mark pair and only its VNI reading is a frequent syllable.
    """
    own = decode_legacy(tok, enc)
    other = decode_legacy(tok, _OTHER_ENCODING[enc])
    if enc == "tcvn3":
        own = _tcvn3_capitals(own)
    else:
        other = _tcvn3_capitals(other)
    if other in (tok, own) or not _reads(other):
        return own
    if not _reads(own) or (not _cased(own) and _cased(other)):
        return other
    if (
        enc == "tcvn3"
        and _VNI_PAIR_RE.search(tok)
        and other.lower() in _COMMON_SYLLABLES
        and own.lower() not in _COMMON_SYLLABLES
    ):
        return other  # "cuûa": TCVN3 "cuỷa" is spelled like a syllable, VNI "của" is one
    return own


# A capital vowel with a mark: a capital word of running text, not an acronym ("HĐND").
_MARKED_CAPITAL_RE = re.compile("[" + "".join(c.upper() for c in _TONED_LOWER) + "ĂÂÊÔƠƯ]")


def _decode_words(s: str, enc: Encoding) -> str:
    """Decode a block word by word (`_decode_word`).

    In TCVN3, a title-case word beside capital words of the same line ("Bộ" in "Bộ NỘI VỤ") is a
    capital word too, when its neighbours there are capital words with marked vowels.
    """
    pieces: list[str] = []  # gap, word, gap, word, ..., gap
    add = pieces.append
    start = 0
    for m in _TOKEN_RE.finditer(s):
        gap = s[start : m.start()]
        add(gap if gap.isascii() else decode_legacy(gap, enc))
        tok = m.group()
        add(tok if tok.isascii() else _decode_word(tok, enc))
        start = m.end()
    gap = s[start:]
    add(gap if gap.isascii() else decode_legacy(gap, enc))
    if enc != "tcvn3":
        return nfc("".join(pieces))
    for i in range(1, len(pieces), 2):
        word = pieces[i]
        if not (word.istitle() and len(word) >= 2 and not word[1:].isascii()):
            continue
        left = pieces[i - 2] if i >= 2 and "\n" not in pieces[i - 1] else None
        right = pieces[i + 2] if i + 2 < len(pieces) and "\n" not in pieces[i + 1] else None
        sides = [w for w in (left, right) if w is not None]
        if sides and all(w.isupper() and _MARKED_CAPITAL_RE.search(w) for w in sides):
            pieces[i] = word.upper()
    return nfc("".join(pieces))


def _decode(s: str, enc: Encoding, caps: bool) -> str:
    """Decode a block; for TCVN3 also restore "ư" that a PDF text layer turned into "-".

    PDF's WinAnsi encoding names byte 0xAD "hyphen", so "người" can come out as "ng-êi". A hyphen
    between letters becomes "ư" only when that makes one syllable of two pieces that are not
    syllables on their own ("PT-TH", "Lê-nin" keep their hyphen).
    """
    out = decode_legacy(s, enc, capitals=True) if caps else _decode_words(s, enc)
    if enc == "tcvn3" and "-" in out:
        out = _HYPHENATED_RE.sub(_repair_u_horn, out)
    return out


def _normalize(text: str, fonts: tuple[str, ...]) -> tuple[str, Encoding | None]:
    """Return (normalised text, legacy encoding decoded or None)."""
    if text.isascii() and not fonts:
        return _clean(text), None
    s = nfc(text)
    caps = _capitals(fonts)
    enc = detect_legacy(s, fonts)
    if enc is not None:
        s = _decode(s, enc, enc == "tcvn3" and caps)
    elif caps:
        # An H font shows every letter as a capital, whatever was typed.
        s = s.upper()
    elif _SYMBOL_ALIAS_RE.search(s):
        # A TCVN3 layer decoded upstream with its aliases left ("ng\u2212ời"); "μ" is a letter
        # of its own outside TCVN3 text ("10 μm").
        s = _repair_aliases(s)
    return nfc(_clean(s)), enc


def normalize_text(text: str, fonts: Iterable[str] = ()) -> str:
    """Return `text` as clean NFC: legacy fonts decoded, control and zero-width chars removed.

    TCVN3 in an H font (".VnTimeH") decodes to capitals (only when every legacy font named is an
    H font: a block mixing ".VnTime" and ".VnTimeH" keeps the lowercase reading). "\\r", vertical
    tab, form feed and Unicode line separators become "\\n"; soft hyphens are dropped unless they
    are TCVN3 "ư". Idempotent: already decoded text is left alone even with a legacy font name.
    """
    return _normalize(text, tuple(fonts))[0]


def normalize_document(doc: Document) -> Document:
    """Return a copy of `doc` with every block normalised (see `normalize_text`).

    Blocks are decoded by their own fonts and statistics. A block too short to judge on its own
    (one word such as "§iÒu", a table cell "x·") is decoded too when the document is legacy
    (some blocks decoded by font or statistics, or the undecided blocks together look legacy)
    and the block has a word that only makes sense decoded.
    """
    results = [_normalize(b.text, tuple(b.fonts)) for b in doc.blocks]
    # Blocks are frozen: one whose text did not change is shared, not copied (a changed one
    # keeps its words' places).
    blocks = [
        b if t == b.text else replace(b, text=t)
        for b, (t, _) in zip(doc.blocks, results, strict=True)
    ]
    used = [enc for _, enc in results if enc is not None]
    undecided = [i for i, (_, enc) in enumerate(results) if enc is None]
    doc_enc: Encoding | None = None
    if used:
        doc_enc = max(("tcvn3", "vni"), key=used.count)
    elif undecided:
        joined = "\n".join(nfc(doc.blocks[i].text) for i in undecided)
        if _SUSPECT_RE.search(joined):
            doc_enc = _stats_encoding(_stats(joined))
    if doc_enc is not None:
        for i in undecided:
            orig = nfc(doc.blocks[i].text)
            if not _SUSPECT_RE.search(orig):
                continue
            st = _stats(orig)
            if st.gain(doc_enc) > 0 and st.unicode_words < st.gain(doc_enc):
                caps = doc_enc == "tcvn3" and _capitals(tuple(doc.blocks[i].fonts))
                text = _decode(orig, doc_enc, caps)
                blocks[i] = replace(blocks[i], text=nfc(_clean(text)))
    return Document(
        path=doc.path,
        format=doc.format,
        blocks=blocks,
        pages=doc.pages,
        warnings=list(doc.warnings),
    )


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedNumber:
    """A number found in text; `start`/`end` span the qualifier too, `text` is that span."""

    value: int | float
    qualifier: str | None
    start: int
    end: int
    text: str


# Qualifiers: canonical accented form by its folded spelling. Unaccented spellings that are
# also common words in front of numbers ("chung" = common) are not accepted.
_QUALIFIERS = {
    "hon": "hơn",
    "tren": "trên",
    "gan": "gần",
    "gan nhu": "gần như",
    "khoang": "khoảng",
    "khoang chung": "khoảng chừng",
    "xap xi": "xấp xỉ",
    "uoc": "ước",
    "uoc tinh": "ước tính",
    "uoc khoang": "ước khoảng",
    "chung": "chừng",
    "ngot": "ngót",
    "duoi": "dưới",
}
_QUAL_FOLDED_OK = set(_QUALIFIERS) - {"chung"}
_QUAL_ALTS = sorted({*_QUALIFIERS.values(), *_QUAL_FOLDED_OK}, key=lambda q: (-len(q), q))
_QUAL_RE = re.compile(
    r"(?<![^\W\d_])("
    + "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in _QUAL_ALTS)
    + r")\s+$",
    re.IGNORECASE,
)

_DIGITS_RE = re.compile(r"[0-9]+(?:[.,:/][0-9]+)*/?")
_WORD_RE = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")
_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|\d{1,3}(?:,\d{3})+\.\d+")
_DECIMAL_COMMA = re.compile(r"\d+,\d+")
_DECIMAL_DOT = re.compile(r"\d+\.\d+")
_SCALES = {"tram": 100, "nghin": 1000, "ngan": 1000, "trieu": 10**6, "ty": 10**9, "ti": 10**9}
_SCALE_RE = re.compile(
    r"\s+(trăm|nghìn|ngàn|triệu|tỷ|tỉ|tram|nghin|ngan|trieu|ty)(?![^\W\d_])", re.I
)

# Number words. Kinds: U unit, Z zero, MOT "mốt", TU "tư", LAM "lăm", NAM "năm",
# TEN "mười", TENS "mươi", TEN? (unaccented "muoi": mười or mươi), H trăm, K nghìn, M triệu,
# L linh/lẻ.
_NUM_WORDS = {
    "không": ("Z", 0), "một": ("U", 1), "mốt": ("MOT", 1), "hai": ("U", 2), "ba": ("U", 3),
    "bốn": ("U", 4), "tư": ("TU", 4), "năm": ("NAM", 5), "lăm": ("LAM", 5), "nhăm": ("LAM", 5),
    "sáu": ("U", 6), "bảy": ("U", 7), "bẩy": ("U", 7), "tám": ("U", 8), "chín": ("U", 9),
    "mười": ("TEN", 10), "mươi": ("TENS", 0), "trăm": ("H", 100), "nghìn": ("K", 1000),
    "ngàn": ("K", 1000), "triệu": ("M", 10**6), "linh": ("L", 0), "lẻ": ("L", 0),
}  # fmt: skip
# The same number words folded (no diacritics), for matching folded text; public for fields.py.
NUM_WORDS_FOLDED = {
    "khong": ("Z", 0), "mot": ("U", 1), "hai": ("U", 2), "ba": ("U", 3), "bon": ("U", 4),
    "tu": ("TU", 4), "nam": ("NAM", 5), "lam": ("LAM", 5), "sau": ("U", 6), "bay": ("U", 7),
    "tam": ("U", 8), "chin": ("U", 9), "muoi": ("TEN?", 10), "tram": ("H", 100),
    "nghin": ("K", 1000), "ngan": ("K", 1000), "trieu": ("M", 10**6), "linh": ("L", 0),
    "le": ("L", 0),
}  # fmt: skip
# Words that may stand alone as a number before a counted noun.
_SINGLE_OK = {"U", "NAM", "TEN", "TEN?"}
# First word (folded) of nouns that are counted in these reports.
_COUNTED_TEXT = """
cuoc lan buoi dot luot tin bai van cong ban hoi lop khoa ky nguoi can dong phong nha co don
bao dai to y kien cau vu viec truong chuyen video clip anh phien thang quy ngay tuan nam gio
trang tac chuong muc thong de yeu su
"""
_COUNTED = frozenset(_COUNTED_TEXT.split())
_TIME_NOUNS = frozenset(["nam", "thang", "ngay", "tuan", "quy", "gio", "hoc", "nay"])
_NEXT_WORD_RE = re.compile(r"\s*(?:\(\s*[\d.,]+\s*\)\s*)?((?:[^\W\d_]|[\u0300-\u036f])+)")
_PAREN_OPEN_RE = re.compile(r"\s*\(\s*$")
_PAREN_CLOSE_RE = re.compile(r"\s*\)")


def _to_number(x: float) -> int | float:
    return int(x) if isinstance(x, int) or (float(x).is_integer() and abs(x) < 2**53) else x


def _parse_digits(tok: str) -> int | float | None:
    if "/" in tok or ":" in tok:
        return None
    if tok.isdigit():  # ASCII only: _DIGITS_RE matches [0-9]
        return int(tok)
    if _THOUSANDS_DOT.fullmatch(tok):
        whole, _, dec = tok.partition(",")
        whole = whole.replace(".", "")
        return float(f"{whole}.{dec}") if dec else int(whole)
    if _THOUSANDS_COMMA.fullmatch(tok):
        whole, _, dec = tok.partition(".")
        whole = whole.replace(",", "")
        return float(f"{whole}.{dec}") if dec else int(whole)
    if _DECIMAL_COMMA.fullmatch(tok):
        return float(tok.replace(",", "."))
    if _DECIMAL_DOT.fullmatch(tok):
        return float(tok)
    return None


class _WordTok:
    __slots__ = ("end", "kind", "start", "value")

    def __init__(self, start: int, end: int, kind: str, value: int):
        self.start, self.end, self.kind, self.value = start, end, kind, value


def _parse_words(toks: list[_WordTok]) -> tuple[int, int] | None:
    """Parse the longest number at the start of `toks`; return (value, words used)."""

    def kind(i: int) -> str | None:
        return toks[i].kind if i < len(toks) else None

    def unit_value(i: int, allowed: set[str]) -> int | None:
        k = kind(i)
        if k in allowed:
            return toks[i].value
        return None

    def below_thousand(i: int, after_big: bool) -> tuple[int, int] | None:
        total, j = 0, i
        hundreds = False
        if kind(i) in ("U", "Z", "NAM") and kind(i + 1) == "H":
            total, j, hundreds = toks[i].value * 100, i + 2, True
        if (hundreds or after_big) and kind(j) == "L":
            u = unit_value(j + 1, {"U", "NAM", "TU"})
            if u is not None and u > 0:
                return total + u, j + 2
            return (total, j) if hundreds else None
        if kind(j) in ("TEN", "TEN?"):
            u = unit_value(j + 1, {"U", "TU", "LAM"})
            if u is not None and u > 0:
                return total + 10 + u, j + 2
            return total + 10, j + 1
        if kind(j) in ("U", "NAM") and kind(j + 1) in ("TENS", "TEN?") and toks[j].value > 1:
            t = toks[j].value * 10
            u = unit_value(j + 2, {"U", "MOT", "TU", "LAM"})
            if u is not None and u > 0:
                return total + t + u, j + 3
            return total + t, j + 2
        if hundreds:
            return total, j
        if not after_big and kind(j) in ("U", "NAM", "Z"):
            # A bare unit after "nghìn" is not a number: "hai nghìn năm" is two thousand years.
            return toks[j].value, j + 1
        return None

    total, i = 0, 0
    first = below_thousand(0, False)
    if first is None:
        return None
    seg, i = first
    while True:
        k = kind(i)
        if k in ("K", "M"):
            mult = toks[i].value
            total += seg * mult
            i += 1
            nxt = below_thousand(i, True)
            if nxt is None:
                return total, i
            seg, i = nxt
            if mult == 1000 or kind(i) not in ("K",):
                total += seg
                return total, i
        else:
            return total + seg, i


def _qualifier(s: str, start: int) -> tuple[str | None, int]:
    m = _QUAL_RE.search(s, max(0, start - 24), start)
    if not m:
        return None, start
    q = fold(m.group(1))
    if q not in _QUALIFIERS:
        return None, start
    return _QUALIFIERS[q], m.start(1)


# Word as written -> its number-word entry (or None), for each table: the lowercase NFC lookup
# done once per distinct word.
_WORD_ENTRIES: dict[str, tuple[str, int] | None] = {}
_WORD_ENTRIES_FOLDED: dict[str, tuple[str, int] | None] = {}
_UNSEEN = object()


# The most words one number takes ("chín trăm chín mươi chín nghìn chín trăm chín mươi chín"
# is 13; with "triệu" and "tỷ" groups, under 40).
_MAX_NUMBER_WORDS = 40


def find_numbers(s: str) -> list[ParsedNumber]:
    """Return the numbers written in `s`, in order (see the module docstring for the rules)."""
    folded_input = s.isascii()
    words_table = NUM_WORDS_FOLDED if folded_input else _NUM_WORDS
    found: list[tuple[int, int, int | float]] = []  # (start, end, value) without qualifier

    # Digits.
    for m in _DIGITS_RE.finditer(s):
        start, end = m.span()
        tok = m.group()
        if start > 0 and (s[start - 1].isalpha() or s[start - 1] in "/.,:"):
            continue
        if end + 1 < len(s) and s[end].isalpha() and s[end + 1] in "0123456789":
            continue  # "8h30"
        while tok and tok[-1] in ".,:":
            tok, end = tok[:-1], end - 1
        value = _parse_digits(tok)
        if value is None:
            continue
        sm = _SCALE_RE.match(s, end)
        if sm:
            value = _to_number(value * _SCALES[fold(sm.group(1))])
            end = sm.end()
        found.append((start, end, value))

    # Number words: runs of consecutive number words separated by whitespace only.
    run: list[_WordTok] = []

    def flush() -> None:
        i = 0
        while i < len(run):
            # No number is written in more than _MAX_NUMBER_WORDS words: a long run of number
            # words ("một một một …") is parsed in windows, in linear time.
            parsed = _parse_words(run[i : i + _MAX_NUMBER_WORDS])
            if parsed is None:
                i += 1
                continue
            value, used = parsed
            first, last = run[i], run[i + used - 1]
            if used == 1 and not _single_ok(first, last.end):
                i += 1
                continue
            found.append((first.start, last.end, value))
            i += used
        run.clear()

    def _single_ok(tok: _WordTok, end: int) -> bool:
        if tok.kind not in _SINGLE_OK:
            return False
        if tok.kind == "NAM" and folded_input:
            return False
        nm = _NEXT_WORD_RE.match(s, end)
        if not nm:
            return False
        nxt = fold(nm.group(1))
        if nxt not in _COUNTED:
            return False
        return not (tok.kind == "NAM" and nxt in _TIME_NOUNS)

    prev_end = -1
    entries = _WORD_ENTRIES_FOLDED if folded_input else _WORD_ENTRIES
    for m in _WORD_RE.finditer(s):
        w = m.group()
        entry = entries.get(w, _UNSEEN)
        if entry is _UNSEEN:
            entry = words_table.get((w if w.isascii() else nfc(w)).lower())  # ASCII is NFC
            if len(entries) < 16384:  # words recur in every text; odd ones are not kept
                entries[w] = entry
        if entry is None:
            if run:  # flush() of an empty run does nothing
                flush()
            continue
        if run and not s[prev_end : m.start()].isspace():
            flush()
        run.append(_WordTok(m.start(), m.end(), entry[0], entry[1]))
        prev_end = m.end()
    flush()

    found.sort()
    out: list[ParsedNumber] = []
    last_end = -1
    prev: tuple[int, int, int | float] | None = None
    for start, end, value in found:
        if start < last_end:
            continue
        if (
            prev is not None
            and prev[2] == value
            and _PAREN_OPEN_RE.fullmatch(s, prev[1], start)
            and _PAREN_CLOSE_RE.match(s, end)
        ):
            continue  # "02 (hai)" / "hai (02)": the same number written twice
        qual, qstart = _qualifier(s, start)
        out.append(ParsedNumber(value, qual, qstart, end, s[qstart:end]))
        prev = (start, end, value)
        last_end = end
    return out


def parse_number(s: str) -> ParsedNumber | None:
    """Return the first number in `s` (see `find_numbers`), or None."""
    found = find_numbers(s)
    return found[0] if found else None
